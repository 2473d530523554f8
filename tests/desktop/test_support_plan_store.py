"""Support plans in the laptop's store (desktop/store/plans.py): a plan with its goals and steps
saved in one transaction (all or nothing), only changed fields sent, a review kept as
plan_review, the signature recorded, and steps and due reviews among the Wiedervorlagen."""

from __future__ import annotations

import dataclasses
import datetime as dt

import orjson
import pytest

from casefile import validation
from casefile.records import Client, PlanGoal, PlanReview, PlanStep, ReviewedGoal, SupportPlan
from desktop.store import plans

TODAY = dt.date.today()


def _client(store, family="Ahmadi", given="Farid") -> str:
    client = Client(family, given, birth_date=dt.date(1990, 5, 1))
    return store.create_client(client)


def _plan(client_id: str, **kw):
    plan = SupportPlan(
        client_id=client_id,
        unit="integration",
        started_on=TODAY,
        next_review=TODAY + dt.timedelta(days=30),
        language="prs",
        **kw,
    )
    goal = PlanGoal(plan.id, client_id, "integration", "housing", "Eine eigene Wohnung.")
    steps = [
        PlanStep(
            plan_id=plan.id,
            goal_id=goal.id,
            client_id=client_id,
            text="Kaution bewilligen",
            owner_kind="unit",
            unit="asylblg",
            plan_unit="integration",
            due_date=TODAY + dt.timedelta(days=10),
            area="housing",
        ),
        PlanStep(
            plan_id=plan.id,
            goal_id=goal.id,
            client_id=client_id,
            text="Wohnungsangebote ansehen",
            owner_kind="client",
            unit="integration",
            plan_unit="integration",
            due_date=TODAY + dt.timedelta(days=5),
            area="housing",
        ),
    ]
    return plan, [goal], steps


def test_a_plan_with_goals_and_steps_is_saved_at_once(store):
    cid = _client(store)
    plan, goals, steps = _plan(cid)
    plans.save(store, plan, goals, steps)
    sent = [(e["kind"], e["op"]) for e in store.outbox()]
    assert sent[-4:] == [
        ("support_plan", "create"),
        ("plan_goal", "create"),
        ("plan_step", "create"),
        ("plan_step", "create"),
    ]
    file = plans.load(store, cid)
    assert file.plan == plan and file.goals == goals
    assert sorted(s.id for s in file.steps) == sorted(s.id for s in steps)
    assert [s.text for s in file.steps_of(goals[0].id)] == [
        "Wohnungsangebote ansehen",
        "Kaution bewilligen",
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda s: dataclasses.replace(s, owner_kind=""), "step.1.owner_kind"),
        (lambda s: dataclasses.replace(s, due_date=None), "step.1.due_date"),
        (lambda s: dataclasses.replace(s, owner_kind="caseworker", assignee=""), "step.1.assignee"),
    ],
    ids=["no-owner", "no-due-date", "caseworker-without-name"],
)
def test_a_step_without_owner_or_due_date_saves_nothing(store, change, field):
    cid = _client(store)
    plan, goals, steps = _plan(cid)
    before = len(store.outbox())
    steps[0] = change(steps[0])
    with pytest.raises(validation.ValidationError) as raised:
        plans.save(store, plan, goals, steps)
    assert field in {e.field for e in raised.value.errors}
    assert all("Bitte" in e.message for e in raised.value.errors)
    assert len(store.outbox()) == before and plans.load(store, cid).plan is None


def test_a_review_date_in_the_past_is_refused_in_german(store):
    cid = _client(store)
    plan, goals, steps = _plan(cid)
    plan.next_review = TODAY - dt.timedelta(days=1)
    with pytest.raises(validation.ValidationError) as raised:
        plans.save(store, plan, goals, steps)
    [error] = raised.value.errors
    assert error.field == "next_review" and "Vergangenheit" in error.message
    assert plans.load(store, cid).plan is None


def test_a_failure_in_the_middle_writes_nothing(store, monkeypatch):
    cid = _client(store)
    plan, goals, steps = _plan(cid)
    real = store._insert
    calls = []

    def failing(conn, table, kind, row):
        calls.append(kind)
        if kind == "plan_step":
            raise RuntimeError("disk full")
        real(conn, table, kind, row)

    monkeypatch.setattr(store, "_insert", failing)
    before = len(store.outbox())
    with pytest.raises(RuntimeError):
        plans.save(store, plan, goals, steps)
    assert calls[:2] == ["support_plan", "plan_goal"]
    assert len(store.outbox()) == before and plans.load(store, cid).plan is None


def test_an_edit_sends_only_the_changed_fields_based_on_what_the_dialog_saw(store):
    cid = _client(store)
    plan, goals, steps = _plan(cid)
    plans.save(store, plan, goals, steps)
    seen = plans.snapshot(store, cid)
    before = len(store.outbox())
    goal = dataclasses.replace(seen.file.goals[0], achievement="in_progress")
    plans.save(store, seen.file.plan, [goal], seen.file.steps, seen)
    [entry] = store.outbox()[before:]
    assert entry["kind"] == "plan_goal" and orjson.loads(entry["payload"]) == {
        "achievement": "in_progress"
    }
    assert orjson.loads(entry["base"]) == {"achievement": seen.clocks[goal.id]["achievement"]}


def test_a_field_changed_meanwhile_is_named_not_overwritten(store):
    cid = _client(store)
    plan, goals, steps = _plan(cid)
    plans.save(store, plan, goals, steps)
    seen = plans.snapshot(store, cid)
    other = plans.snapshot(store, cid)
    plans.save(store, dataclasses.replace(other.file.plan, note="von nebenan"), goals, steps, other)
    with pytest.raises(plans.StalePlan) as raised:
        plans.save(store, dataclasses.replace(seen.file.plan, note="meins"), goals, steps, seen)
    assert raised.value.fields == ["support_plan.note"]
    assert plans.load(store, cid).plan.note == "von nebenan"


def test_a_review_is_kept_and_carries_its_results_into_the_plan(store):
    cid = _client(store)
    plan, goals, steps = _plan(cid)
    plans.save(store, plan, goals, steps)
    seen = plans.snapshot(store, cid)
    nxt = TODAY + dt.timedelta(days=60)
    review = PlanReview(
        plan_id=plan.id,
        client_id=cid,
        unit="integration",
        reviewed_on=TODAY,
        note="Wohnung in Aussicht.",
        goals=[ReviewedGoal(goals[0].id, "in_progress", goals[0].text)],
        next_review=nxt,
    )
    achieved = dataclasses.replace(seen.file.goals[0], achievement="in_progress")
    plans.add_review(store, review, seen.file.plan, [achieved], seen)
    file = plans.load(store, cid)
    assert file.reviews == [review]
    assert file.plan.next_review == nxt and file.goals[0].achievement == "in_progress"
    past = dataclasses.replace(review, id=review.id[:-1] + "0", next_review=TODAY - dt.timedelta(1))
    with pytest.raises(validation.ValidationError):
        plans.add_review(store, past, file.plan, file.goals)
    assert len(plans.load(store, cid).reviews) == 1


def test_the_signature_is_recorded_with_its_reference(store):
    cid = _client(store)
    plan, goals, steps = _plan(cid)
    plans.save(store, plan, goals, steps)
    seen = plans.snapshot(store, cid)
    with pytest.raises(validation.ValidationError):
        plans.record_signature(store, seen.file.plan, TODAY, " ", seen)
    plans.record_signature(store, seen.file.plan, TODAY, "FP-2026-0042", seen)
    stored = plans.load(store, cid).plan
    assert (stored.signed_on, stored.signed_reference) == (TODAY, "FP-2026-0042")


def test_steps_of_my_unit_and_due_reviews_are_wiedervorlagen_and_tick_done(store):
    cid = _client(store)
    plan, goals, steps = _plan(cid, case_manager="a.schneider")
    plans.save(store, plan, goals, steps)
    # The AsylbLG caseworker: the step of another unit's plan that the AsylbLG owns.
    rows = store.tasks(assignee="s.fischer", unit="asylblg")
    assert [(r.source, r.task.text) for r in rows] == [("plan_step", "Kaution bewilligen")]
    assert rows[0].client_name == "Ahmadi, Farid"
    # The case manager: the plan's own step (unit integration) and the plan's review date.
    mine = store.tasks(assignee="a.schneider", unit="integration")
    assert [r.source for r in mine] == ["plan_step", "plan_review"]
    assert mine[1].task.due_date == plan.next_review
    plans.set_step_done(store, rows[0].task.id, True, TODAY)
    assert store.tasks(assignee="s.fischer", unit="asylblg") == []
    [done] = [r for r in store.tasks(unit="asylblg", include_done=True) if r.source]
    assert done.task.done
    step = next(s for s in plans.load(store, cid).steps if s.id == done.task.id)
    assert (step.status, step.done_on) == ("done", TODAY)
    assert orjson.loads(store.outbox()[-1]["payload"]) == {
        "status": "done",
        "done_on": TODAY.isoformat(),
    }


def test_the_tasks_view_lists_a_step_of_my_unit_from_another_units_plan_and_ticks_it(ctx, qtbot):
    from PySide6.QtCore import Qt

    from desktop.ui.tasks_view import TasksView

    cid = _client(ctx.store)
    plan, goals, steps = _plan(cid, case_manager="k.wagner")
    plans.save(ctx.store, plan, goals, steps)
    ctx.settings.user_name, ctx.settings.unit = "s.fischer", "asylblg"
    view = TasksView(ctx)
    qtbot.addWidget(view)
    view.scope.setCurrentIndex(view.scope.findData("unit"))
    view.refresh()
    model = view.model
    assert model.rowCount() == 1
    assert model.index(0, 2).data() == "Förderplan: Kaution bewilligen"
    assert model.index(0, 3).data() == "Asylbewerberleistung"
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    step = next(s for s in plans.load(ctx.store, cid).steps if s.unit == "asylblg")
    assert step.status == "done" and step.done_on == ctx.today()


def test_the_offline_demo_holds_plans_as_its_user_reads_them(tmp_path):
    """desktop.app's offline demo: plans of the integration unit with the steps it owns; the
    steps other units own do not reach the demo user (as after a sync)."""
    from desktop.app import make_demo_store
    from desktop.store.repo import Store

    path = tmp_path / "demo.sqlite"
    make_demo_store(path, 30)
    store = Store.open(path)
    try:
        with store.engine.connect() as conn:
            units = {r[0] for r in conn.exec_driver_sql("SELECT DISTINCT unit FROM plan_step")}
            count = conn.exec_driver_sql("SELECT count(*) FROM support_plan").scalar()
        assert count >= 1 and units == {"integration"}
        assert store.outbox_count() == 0
    finally:
        store.close()
