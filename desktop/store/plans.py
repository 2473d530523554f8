"""Support plans (Förderpläne, issue 20) in the local store: a client's plan with its goals,
steps and reviews; saving a plan (all its records in one transaction); a review kept as
``plan_review``; the signed paper recorded; and the steps and review dates that are
Wiedervorlagen (:func:`agenda`).

A form loads a :class:`PlanSnapshot` -- the encoded fields and field clocks of the plan, its
goals and steps as it saw them -- and saves only what the user changed, based on those clocks,
so the server recognises an edit made meanwhile elsewhere as concurrent (as
desktop.store.offers and the referral outcome do). Nothing of a plan is deleted: a goal that
cannot be reached is ``not_attainable``, a step no longer needed is ``dropped``; the reviews
are the plan's history.

Steps owned by another unit are handed over (``[hand_over]`` of the access rules): this laptop
writes them once; afterwards that unit works them, and this laptop shows what the rules let it
read. Every function does database work: call it through the operation layer (desktop.ui.ops).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Table, insert, select, update

from casefile import codec, validation
from casefile.records import PlanGoal, PlanReview, PlanStep, SupportPlan, Task
from desktop.store import bulk, changes, schema as t

if TYPE_CHECKING:
    from desktop.store.repo import Store

KINDS = ("support_plan", "plan_goal", "plan_step", "plan_review")
_TABLES: dict[type, tuple[str, Table]] = {
    SupportPlan: ("support_plan", t.support_plan),
    PlanGoal: ("plan_goal", t.plan_goal),
    PlanStep: ("plan_step", t.plan_step),
    PlanReview: ("plan_review", t.plan_review),
}
CLOSED_STEP = ("done", "dropped")


@dataclass
class AgendaItem:
    """A step or a due review as a Wiedervorlage: ``task`` carries its id, text, due date,
    assignee and unit (``desktop.store.repo.Store.tasks`` makes a task row of it)."""

    task: Task
    client_name: str
    birth_date: dt.date | None
    source: str  # plan_step | plan_review


class StalePlan(RuntimeError):
    """Fields the user changed were changed meanwhile on this laptop (a pulled change):
    ``fields`` names them as ``kind.field``."""

    def __init__(self, fields: list[str]):
        super().__init__(", ".join(fields))
        self.fields = fields


@dataclass
class PlanFile:
    """What the client file shows of a client's support plan: the current plan (the active
    one, else the latest), its goals and the steps this laptop holds, the reviews newest
    first, and the earlier plans."""

    plan: SupportPlan | None = None
    goals: list[PlanGoal] = field(default_factory=list)
    steps: list[PlanStep] = field(default_factory=list)
    reviews: list[PlanReview] = field(default_factory=list)
    earlier: list[SupportPlan] = field(default_factory=list)

    def steps_of(self, goal_id: str) -> list[PlanStep]:
        return [s for s in self.steps if s.goal_id == goal_id]


@dataclass
class PlanSnapshot:
    """A plan as a form loaded it: the records, their encoded fields and field clocks."""

    file: PlanFile
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # record id -> fields
    clocks: dict[str, dict[str, str]] = field(default_factory=dict)  # record id -> clocks


def _decode(kind: type, rows: Iterable[Any]) -> list[Any]:
    return [codec.decode(kind, dict(r._mapping)) for r in rows]


def _read(conn: Connection, client_id: str) -> PlanFile:
    plans = _decode(
        SupportPlan,
        conn.execute(
            select(t.support_plan)
            .where(t.support_plan.c.client_id == client_id)
            .order_by(t.support_plan.c.started_on.desc(), t.support_plan.c.id.desc())
        ),
    )
    if not plans:
        return PlanFile()
    current = next((p for p in plans if p.status == "active"), plans[0])
    pid = current.id
    goals = _decode(
        PlanGoal,
        conn.execute(
            select(t.plan_goal).where(t.plan_goal.c.plan_id == pid).order_by(t.plan_goal.c.id)
        ),
    )
    steps = _decode(
        PlanStep,
        conn.execute(
            select(t.plan_step)
            .where(t.plan_step.c.plan_id == pid)
            .order_by(t.plan_step.c.due_date, t.plan_step.c.id)
        ),
    )
    reviews = _decode(
        PlanReview,
        conn.execute(
            select(t.plan_review)
            .where(t.plan_review.c.plan_id == pid)
            .order_by(t.plan_review.c.reviewed_on.desc(), t.plan_review.c.id.desc())
        ),
    )
    return PlanFile(current, goals, steps, reviews, [p for p in plans if p is not current])


def load(store: Store, client_id: str) -> PlanFile:
    """The client's current support plan with goals, steps and reviews (offline: as synced)."""
    with store.engine.connect() as conn:
        return _read(conn, client_id)


def snapshot(store: Store, client_id: str) -> PlanSnapshot:
    """The current plan as the plan dialog loads it, with its records' field clocks."""
    with store.engine.connect() as conn:
        file = _read(conn, client_id)
        records: list[Any] = [*([file.plan] if file.plan else []), *file.goals, *file.steps]
        values = {r.id: codec.encode(r) for r in records}
        clocks = bulk.load_clocks(conn, list(values))
    return PlanSnapshot(file, values, clocks)


# --- checks ------------------------------------------------------------------------------


def check(
    plan: SupportPlan,
    goals: Sequence[PlanGoal],
    steps: Sequence[PlanStep],
    seen: PlanSnapshot | None = None,
    today: dt.date | None = None,
) -> None:
    """The form rules on a whole plan (raises ValidationError naming ``goal.<n>.field`` and
    ``step.<n>.field`` for a goal's or step's problem): a review date set now may not lie in
    the past; a step needs an owner and a due date; a step names a goal of the plan."""
    before = (seen.values.get(plan.id) if seen else None) or {}
    review_set = before.get("next_review") != codec.date_text(plan.next_review)
    errors = validation.validate_support_plan(plan, today, new=review_set)
    goal_ids = {g.id for g in goals}
    if plan.status == "active" and not (goals and steps):
        errors.append(validation.FieldError("goals", "goals_required"))
    for n, goal in enumerate(goals, 1):
        errors += [
            dataclasses.replace(e, field=f"goal.{n}.{e.field}")
            for e in validation.validate_plan_goal(goal, today)
        ]
    for n, step in enumerate(steps, 1):
        found = validation.validate_plan_step(step, today)
        if step.goal_id not in goal_ids:
            found.append(validation.FieldError("goal_id", "required"))
        errors += [dataclasses.replace(e, field=f"step.{n}.{e.field}") for e in found]
    if errors:
        raise validation.ValidationError(errors)


# --- writing -----------------------------------------------------------------------------


def _write(
    store: Store,
    conn: Connection,
    record: Any,
    seen: PlanSnapshot | None,
    force: bool,
    stale: list[str],
) -> bool:
    """Create *record*, or update the fields that differ from what the form saw; True if
    anything was written. A field changed both here and meanwhile is noted in *stale*."""
    kind, table = _TABLES[type(record)]
    new = codec.encode(record)
    row = conn.execute(select(table).where(table.c.id == record.id)).first()
    if row is None:
        store._insert(conn, table, kind, new)
        return True
    current = codec.encode(codec.decode(type(record), dict(row._mapping)))
    loaded = (seen.values.get(record.id) if seen else None) or current
    mine = {k: v for k, v in new.items() if k != "id" and v != loaded.get(k)}
    stale += [
        f"{kind}.{k}"
        for k, v in mine.items()
        if current.get(k) != loaded.get(k) and current.get(k) != v
    ]
    if stale and not force:
        return False
    changed = {k: v for k, v in mine.items() if v != current.get(k)}
    if not changed:
        return False
    conn.execute(update(table).where(table.c.id == record.id).values(**changed))
    clocks = seen.clocks.get(record.id) if seen else None
    base = {k: clocks.get(k) for k in changed} if clocks else None
    store._outbox(conn, kind, record.id, "update", changed, base=base)
    return True


def save(
    store: Store,
    plan: SupportPlan,
    goals: Sequence[PlanGoal],
    steps: Sequence[PlanStep],
    seen: PlanSnapshot | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> str:
    """Save a plan drawn up or edited in the plan dialog: the plan, its goals and its steps in
    ONE transaction (all or nothing), new records created, known ones updated field by field
    against *seen*. Raises ValidationError (nothing written) or :class:`StalePlan` (nothing
    written) where a field the user changed was changed meanwhile, unless *force*."""
    check(plan, goals, steps, seen, today)
    stale: list[str] = []
    with store.engine.begin() as conn:
        for record in (plan, *goals, *steps):
            _write(store, conn, record, seen, force, stale)
        if stale and not force:
            raise StalePlan(stale)  # rolls the transaction back: nothing written
        changes.note("support_plan", plan.client_id)
    return plan.id


def add_review(
    store: Store,
    review: PlanReview,
    plan: SupportPlan,
    goals: Sequence[PlanGoal],
    seen: PlanSnapshot | None = None,
    today: dt.date | None = None,
) -> str:
    """Keep a review (``plan_review``: each goal's achievement as it stood, the note, the next
    review date) and carry its results into the plan -- each goal's achievement, the plan's
    next review -- in one transaction."""
    errors = validation.validate_plan_review(review, today, new=True)
    if errors:
        raise validation.ValidationError(errors)
    with store.engine.begin() as conn:
        store._insert(conn, t.plan_review, "plan_review", codec.encode(review))
        stale: list[str] = []
        for record in (dataclasses.replace(plan, next_review=review.next_review), *goals):
            _write(store, conn, record, seen, True, stale)
    return review.id


def record_signature(
    store: Store, plan: SupportPlan, signed_on: dt.date, reference: str, seen: PlanSnapshot
) -> None:
    """After printing: the day both sides signed and the paper's reference number."""
    signed = dataclasses.replace(plan, signed_on=signed_on, signed_reference=reference.strip())
    errors = validation.validate_support_plan(signed)
    if not reference.strip():
        errors.append(validation.FieldError("signed_reference", "signed_reference_required"))
    if errors:
        raise validation.ValidationError(list(dict.fromkeys(errors)))
    with store.engine.begin() as conn:
        _write(store, conn, signed, seen, True, [])


def set_step_done(
    store: Store, step_id: str, done: bool = True, today: dt.date | None = None
) -> None:
    """Tick a step off (status done, done on *today*), or open it again."""
    day = today or dt.date.today()
    values = {"status": "done", "done_on": day.isoformat()} if done else {"status": "open"}
    if not done:
        values["done_on"] = None  # type: ignore[assignment]
    with store.engine.begin() as conn:
        n = conn.execute(
            update(t.plan_step).where(t.plan_step.c.id == step_id).values(**values)
        ).rowcount
        if n:
            store._outbox(conn, "plan_step", step_id, "update", values)


def seed(engine: Engine, records: Iterable[Any]) -> int:
    """Put plan records into the store as a sync would bring them (no outbox): the offline
    demo (``desktop.app``). Existing ids are left alone."""
    now = codec.time_text(dt.datetime.now(dt.UTC))
    n = 0
    with engine.begin() as conn:
        for record in records:
            _kind, table = _TABLES[type(record)]
            conn.execute(
                insert(table).prefix_with("OR IGNORE"),
                [{**codec.encode(record), "created_at": now}],
            )
            n += 1
    return n


# --- Wiedervorlagen ----------------------------------------------------------------------


def agenda(
    conn: Connection,
    *,
    assignee: str | None = None,
    unit: str | None = None,
    include_done: bool = False,
    due_until: dt.date | None = None,
    limit: int = 1000,
) -> list[AgendaItem]:
    """The support plans' Wiedervorlagen (``source`` ``plan_step`` or ``plan_review``), with the same filter as the tasks: a step assigned to *assignee*, or
    one without an assignee that *unit* owns; a plan whose next review is due for its case
    manager (*assignee*) or its unit. No filter: all the laptop holds."""
    out: list[AgendaItem] = []
    s, c = t.plan_step, t.client
    q = (
        select(s, c.c.family_name, c.c.given_names, c.c.birth_date.label("client_birth"))
        .join(c, c.c.id == s.c.client_id)
        .where(c.c.deleted.is_(False), s.c.due_date.is_not(None))
    )
    if not include_done:
        q = q.where(s.c.status.not_in(CLOSED_STEP))
    if assignee and unit:
        q = q.where((s.c.assignee == assignee) | ((s.c.assignee == "") & (s.c.unit == unit)))
    elif assignee:
        q = q.where(s.c.assignee == assignee)
    elif unit:
        q = q.where(s.c.unit == unit)
    if due_until:
        q = q.where(s.c.due_date <= due_until.isoformat())
    for r in conn.execute(q.order_by(s.c.due_date).limit(limit)):
        step = codec.decode(PlanStep, dict(r._mapping))
        task = Task(
            client_id=step.client_id,
            due_date=step.due_date or dt.date.min,
            text=step.text,
            assignee=step.assignee,
            assignee_unit=step.unit,
            done=step.status in CLOSED_STEP,
            id=step.id,
        )
        name = f"{r.family_name}, {r.given_names}"
        out.append(AgendaItem(task, name, codec.text_date(r.client_birth), "plan_step"))
    p = t.support_plan
    q = (
        select(p, c.c.family_name, c.c.given_names, c.c.birth_date.label("client_birth"))
        .join(c, c.c.id == p.c.client_id)
        .where(c.c.deleted.is_(False), p.c.status == "active", p.c.next_review.is_not(None))
    )
    if assignee and unit:
        q = q.where((p.c.case_manager == assignee) | (p.c.unit == unit))
    elif assignee:
        q = q.where(p.c.case_manager == assignee)
    elif unit:
        q = q.where(p.c.unit == unit)
    if due_until:
        q = q.where(p.c.next_review <= due_until.isoformat())
    for r in conn.execute(q.order_by(p.c.next_review).limit(limit)):
        plan = codec.decode(SupportPlan, dict(r._mapping))
        task = Task(
            client_id=plan.client_id,
            due_date=plan.next_review or dt.date.min,
            text="",
            assignee=plan.case_manager,
            assignee_unit=plan.unit,
            id=plan.id,
        )
        name = f"{r.family_name}, {r.given_names}"
        out.append(AgendaItem(task, name, codec.text_date(r.client_birth), "plan_review"))
    return out
