"""The gate for support plans (issue 20), against the policy.

The oracle (tests/server/oracle.py) reads resources/access/policy.toml on its own: a plan, its
goals, steps and reviews are sections of their ``unit`` (an ``area`` of health makes a goal or a
step health data); ``[hand_over]`` lets the plan's unit (a step's ``plan_unit``) create a step
another unit owns, and nothing more. A property test draws random users and records of the four
kinds and compares the server's rules (casefile.policy, which the push and pull paths ask) with
the oracle; then a real server (SQLite and PostgreSQL, as the fixtures give) refuses and serves
exactly that.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from casefile import codec
from casefile.ids import new_id
from casefile.policy import Policy
from casefile.records import Client, Consent, PlanGoal, PlanStep, SupportPlan
from tests.server.helpers import gate_agrees
from tests.server.oracle import Rules, User, catalog_codes

RULES = Rules()
POLICY = Policy.load()
UNITS = catalog_codes("unit")
ROLES = sorted(RULES.roles)
AREAS = catalog_codes("plan_area")
PLAN_KINDS = ("support_plan", "plan_goal", "plan_step", "plan_review")


class _Subject:
    def __init__(self, roles, units):
        self.roles, self.units = tuple(roles), tuple(units)


users = st.builds(
    lambda name, roles, units: User(name, tuple(roles), tuple(units)),
    st.sampled_from(["a", "b", "c"]),
    st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True),
    st.lists(st.sampled_from(UNITS), min_size=0, max_size=3, unique=True),
)
record_fields = st.fixed_dictionaries(
    {
        "unit": st.sampled_from([*UNITS, ""]),
        "plan_unit": st.sampled_from([*UNITS, ""]),
        "area": st.sampled_from([*AREAS, ""]),
        "text": st.just("x"),
    },
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    user=users,
    kind=st.sampled_from(PLAN_KINDS),
    before=st.one_of(st.none(), record_fields),
    after=st.one_of(st.none(), record_fields),
)
def test_who_may_write_and_read_a_support_plan_is_what_the_policy_says(user, kind, before, after):
    if before is None and after is None:
        return
    gate_agrees(POLICY, RULES, user, kind, before, after)


def test_the_hand_over_is_a_create_of_the_plans_unit_only():
    integration = _Subject(["caseworker"], ["integration"])
    education = _Subject(["caseworker"], ["education"])
    abh = _Subject(["caseworker"], ["abh"])
    reception = _Subject(["reception"], ["integration"])
    step = {"unit": "abh", "plan_unit": "integration", "area": "residence", "status": "open"}
    assert POLICY.classify("plan_step", step) == ("abh", "residence")
    assert POLICY.write_refusal(integration, "plan_step", None, step) is None
    assert POLICY.write_refusal(education, "plan_step", None, step) == "forbidden"
    assert POLICY.write_refusal(reception, "plan_step", None, step) == "forbidden"  # no sections
    done = {**step, "status": "done"}
    assert POLICY.write_refusal(integration, "plan_step", step, done) == "forbidden"
    assert POLICY.write_refusal(integration, "plan_step", step, None) == "forbidden"
    assert POLICY.write_refusal(abh, "plan_step", step, done) is None
    # A goal is never handed over; an area of health makes it health data.
    goal = {"unit": "abh", "plan_unit": "integration", "area": "health"}
    assert POLICY.write_refusal(integration, "plan_goal", None, goal) == "forbidden"
    assert POLICY.classify("plan_goal", {**goal, "unit": "integration"}) == (
        "integration",
        "health",
    )


def test_a_hand_over_rule_on_a_kind_that_is_no_units_section_is_refused():
    import pytest

    from casefile.policy import PolicyError

    data = {**POLICY.data, "hand_over": {"task": "assignee_unit"}}
    with pytest.raises(PolicyError, match="hand_over"):
        Policy.from_dict(data)
    data = {**POLICY.data, "hand_over": {"plan_step": "no_such_field"}}
    with pytest.raises(PolicyError, match="hand_over"):
        Policy.from_dict(data)


# --- through a real server ------------------------------------------------------------------


def _push(dev, record, op="create", fields=None):
    f = dict(fields) if fields is not None else codec.encode(record)
    f.pop("id", None)
    answer = dev.push([dev.op(codec.kind_of(record), record.id, op, f)])
    assert answer.status_code == 200, answer.text
    return answer.json()["results"][0]


def _plan_with_steps(client_id: str, today: dt.date):
    plan = SupportPlan(client_id=client_id, unit="integration", started_on=today)
    goal = PlanGoal(plan.id, client_id, "integration", "residence", "Der Aufenthalt ist gesichert.")
    steps = {
        unit: PlanStep(
            plan_id=plan.id,
            goal_id=goal.id,
            client_id=client_id,
            text=f"Schritt für {unit}",
            owner_kind="unit",
            unit=unit,
            plan_unit="integration",
            due_date=today + dt.timedelta(days=14),
            area="residence",
        )
        for unit in ("abh", "asylblg", "jobcenter")
    }
    return plan, goal, steps


def test_the_plans_unit_hands_steps_over_and_each_unit_pulls_its_own(make_device):
    today = dt.date.today()
    integration = make_device("int.user", roles=["caseworker"], units=["integration"])
    abh = make_device("abh.user", roles=["caseworker"], units=["abh"])
    jobcenter = make_device("jc.user", roles=["caseworker"], units=["jobcenter"])
    education = make_device("bi.user", roles=["caseworker"], units=["education"])
    client = Client("Ahmadi", "Farid", birth_date=dt.date(1990, 5, 1))
    assert _push(integration, client)["status"] == "applied"
    plan, goal, steps = _plan_with_steps(client.id, today)
    assert _push(integration, plan)["status"] == "applied"
    assert _push(integration, goal)["status"] == "applied"
    # A third unit may not write a step into another unit's section for integration's plan.
    foreign = dataclasses.replace(steps["abh"], id=new_id())
    assert _push(education, foreign)["status"] == "rejected"
    for step in steps.values():
        assert _push(integration, step)["status"] == "applied", step.unit
    # The plan's unit may not change a step once it is another unit's ...
    tick = {"status": "done", "done_on": today.isoformat()}
    assert _push(integration, steps["abh"], "update", tick)["status"] == "rejected"
    # ... the owning unit may.
    assert _push(abh, steps["abh"], "update", tick)["status"] == "applied"
    # Each unit pulls its own step; neither the plan nor the other units' steps.
    seen_abh = {r["id"] for r in abh.pull_all()}
    assert steps["abh"].id in seen_abh
    assert not {plan.id, goal.id, steps["asylblg"].id} & seen_abh
    # The Jobcenter reads the residence category by law ([[share]]): the ABH's step too.
    seen_jc = {r["id"] for r in jobcenter.pull_all()}
    assert steps["jobcenter"].id in seen_jc and plan.id not in seen_jc
    seen_edu = {r["id"] for r in education.pull_all()}
    assert not {plan.id, goal.id, *(s.id for s in steps.values())} & seen_edu
    # The plan's unit reads its plan and goal; of the handed-over steps only what the rules
    # open to it (nothing here: no share, no consent).
    seen_int = {r["id"] for r in integration.pull_all()}
    assert {plan.id, goal.id} <= seen_int
    assert not {s.id for s in steps.values()} & seen_int


def test_a_consent_opens_a_handed_over_step_to_the_plans_unit(make_device):
    today = dt.date.today()
    integration = make_device("int.user", roles=["caseworker"], units=["integration"])
    abh = make_device("abh.user", roles=["caseworker"], units=["abh"])
    client = Client("Rahimi", "Zahra", birth_date=dt.date(1994, 2, 3))
    assert _push(integration, client)["status"] == "applied"
    plan, goal, steps = _plan_with_steps(client.id, today)
    for record in (plan, goal, steps["abh"]):
        assert _push(integration, record)["status"] == "applied"
    assert steps["abh"].id not in {r["id"] for r in integration.pull_all()}
    consent = Consent(
        client_id=client.id,
        recipients=["integration"],
        categories=["residence"],
        purpose="Fallmanagement: Förderplan",
        given_on=today,
        form_reference="EW-2026-0042",
    )
    assert _push(abh, consent)["status"] == "applied"  # the ABH holds the category
    assert steps["abh"].id in {r["id"] for r in integration.pull_all()}


def test_a_step_for_a_caseworker_names_a_user_of_the_directory(make_device):
    today = dt.date.today()
    integration = make_device("int.user", roles=["caseworker"], units=["integration"])
    client = Client("Haidari", "Zahra", birth_date=dt.date(1988, 1, 9))
    assert _push(integration, client)["status"] == "applied"
    plan, goal, _steps = _plan_with_steps(client.id, today)
    for record in (plan, goal):
        assert _push(integration, record)["status"] == "applied"
    step = PlanStep(
        plan_id=plan.id,
        goal_id=goal.id,
        client_id=client.id,
        text="Bewerbungsunterlagen durchsehen",
        owner_kind="caseworker",
        unit="integration",
        plan_unit="integration",
        assignee="x.niemand",
        due_date=today + dt.timedelta(days=7),
    )
    refused = _push(integration, step)
    assert (refused["status"], refused["reason"]) == ("rejected", "unknown_assignee")
    step.assignee = "int.user"
    assert _push(integration, step)["status"] == "applied"
    # A step naming a plan the server does not hold is refused too.
    orphan = dataclasses.replace(step, id=new_id(), plan_id=new_id())
    assert _push(integration, orphan)["status"] == "rejected"
