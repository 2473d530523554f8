"""The rules of the support plan's records (issue 20), as the forms and the server check them:
a step needs an owner (and the unit, person or offer the owner kind asks for) and a due date; a
review date set in a form may not lie in the past, one pushed after days offline may; a signed
plan names its paper; codes come from the catalogs."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from casefile import codec, validation, wire
from casefile.ids import new_id
from casefile.records import PlanGoal, PlanReview, PlanStep, ReviewedGoal, SupportPlan

TODAY = dt.date(2026, 12, 5)
CID, PID, GID = new_id(), new_id(), new_id()


def step(**kw) -> PlanStep:
    base = dict(
        plan_id=PID,
        goal_id=GID,
        client_id=CID,
        text="Kaution bewilligen",
        owner_kind="unit",
        unit="asylblg",
        plan_unit="integration",
        due_date=TODAY + dt.timedelta(days=10),
        area="housing",
    )
    base.update(kw)
    return PlanStep(**base)


def codes(errors) -> set[tuple[str, str]]:
    return {(e.field, e.code) for e in errors}


def test_a_complete_step_goal_plan_and_review_pass():
    plan = SupportPlan(CID, "integration", TODAY, next_review=TODAY + dt.timedelta(days=30))
    goal = PlanGoal(PID, CID, "integration", "housing", "Eine eigene Wohnung.")
    review = PlanReview(PID, CID, "integration", TODAY, goals=[ReviewedGoal(GID, "achieved")])
    for record in (plan, goal, step(), review):
        assert validation.validate(record, TODAY) == [], record
    assert validation.validate_support_plan(plan, TODAY, new=True) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"owner_kind": ""}, ("owner_kind", "step_owner")),
        ({"owner_kind": "boss"}, ("owner_kind", "step_owner")),
        ({"due_date": None}, ("due_date", "step_due")),
        ({"owner_kind": "caseworker", "assignee": " "}, ("assignee", "step_assignee")),
        ({"owner_kind": "offer", "offer_id": None}, ("offer_id", "target_offer")),
        ({"unit": ""}, ("unit", "target_unit")),
        ({"unit": "nasa"}, ("unit", "unknown_code")),
        ({"status": "maybe"}, ("status", "unknown_code")),
        ({"area": "space"}, ("area", "unknown_code")),
        ({"text": ""}, ("text", "required")),
        ({"done_on": TODAY + dt.timedelta(days=3)}, ("done_on", "future_date")),
        ({"owner_kind": "client"}, ("unit", "step_plan_unit")),
    ],
    ids=[
        "no-owner",
        "unknown-owner",
        "no-due-date",
        "caseworker-unnamed",
        "offer-unnamed",
        "unit-unnamed",
        "unknown-unit",
        "unknown-status",
        "unknown-area",
        "no-text",
        "done-in-future",
        "client-step-filed-under-another-unit",
    ],
)
def test_a_step_without_what_it_needs_is_named(changes, expected):
    errors = validation.validate(step(**changes), TODAY)
    assert expected in codes(errors)
    assert all(e.message and not e.message.startswith("{") for e in errors)


def test_a_review_date_in_the_past_is_refused_in_a_form_only():
    plan = SupportPlan(CID, "integration", TODAY, next_review=TODAY - dt.timedelta(days=1))
    assert codes(validation.validate_support_plan(plan, TODAY, new=True)) == {
        ("next_review", "review_past")
    }
    assert validation.validate(plan, TODAY) == []  # pushed after days offline: fine
    review = PlanReview(PID, CID, "integration", TODAY, next_review=TODAY - dt.timedelta(1))
    assert ("next_review", "review_past") in codes(
        validation.validate_plan_review(review, TODAY, new=True)
    )
    [error] = validation.validate_support_plan(plan, TODAY, new=True)
    assert error.message == "Der Überprüfungstermin liegt in der Vergangenheit."


def test_a_signed_plan_names_its_paper():
    plan = SupportPlan(CID, "integration", TODAY, signed_on=TODAY)
    assert codes(validation.validate(plan, TODAY)) == {
        ("signed_reference", "signed_reference_required")
    }
    assert validation.validate(dataclasses.replace(plan, signed_reference="FP-1"), TODAY) == []


def test_the_server_checks_what_a_laptop_pushes_as_the_forms_do():
    fields = codec.encode(step(due_date=None))
    errors = wire.check_fields("plan_step", None, fields, today=TODAY)
    assert ("due_date", "step_due") in codes(errors)
    assert "Fällig am" in wire.german_reason(errors)
    good = codec.encode(step())
    assert wire.check_fields("plan_step", None, good, today=TODAY) == []
    # an update of the status alone is not blocked by a rule of another field
    assert wire.check_fields("plan_step", good, {"status": "done"}, today=TODAY) == []
    review = codec.encode(
        PlanReview(PID, CID, "integration", TODAY, goals=[ReviewedGoal(GID, "achieved", "x")])
    )
    assert wire.check_fields("plan_review", None, review, today=TODAY) == []
    bad = {**review, "goals": '[{"goal_id": "x", "achievement": "achieved", "shoe": 1}]'}
    assert ("goals", "invalid_value") in codes(
        wire.check_fields("plan_review", None, bad, today=TODAY)
    )
