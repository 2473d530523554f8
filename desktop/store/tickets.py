"""Walk-in tickets in the local store: issuing, the day's queues, and every step but the call.

Tickets are records like any other (casefile.records.WalkInTicket / WalkInPhase): written to
the store and the outbox in one transaction, synced, gated by the server. What this module
adds is the queue's bookkeeping on the laptop:

* **numbers**: the device's prefix (``POST /api/v1/queue/prefix``, kept in ``meta``) and its
  own count per day, taken in the same transaction as the ticket -- no two tickets of one
  device share a number, and no two devices share a prefix, so reception issues tickets while
  the server is down and nothing clashes when they sync;
* **steps** (:func:`move`): in service, done, missed, comes back, on hold, cancelled, and the
  transfer to another unit (number, arrival and priority kept; a hop counted; the reason in
  the phase row), each with its phase row -- checked against :data:`casefile.queue.TRANSITIONS`
  here as on the server. *Called* is not among them: only the server calls
  (``POST /api/v1/queue/call``), so two staff never call one client;
* **reading** (:func:`today`): the tickets of a location and day, ordered as the server calls.

Every function does database work: call it through the UI's operation layer (desktop.ui.ops),
never on the UI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, select, update

from casefile import codec, queue, validation
from casefile.records import WalkInPhase, WalkInTicket
from desktop.store import changes, schema as t

if TYPE_CHECKING:
    from desktop.store.repo import Store

PREFIX_KEY = "ticket_prefix"


class NoPrefix(RuntimeError):
    """This device has no ticket number range yet: it must reach the server once."""


class StaleTicket(RuntimeError):
    """The ticket moved on meanwhile (another PC, a pulled change): the step no longer fits."""


@dataclass
class TicketView:
    """A ticket with what the queue screens show beside it."""

    ticket: WalkInTicket
    client_name: str = ""
    phases: list[WalkInPhase] = field(default_factory=list)


def local_day() -> dt.date:
    """The day of the queues: the laptop's local calendar day."""
    return dt.datetime.now().astimezone().date()


# --- numbers -----------------------------------------------------------------------------


def prefix(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return conn.execute(select(t.meta.c.value).where(t.meta.c.key == PREFIX_KEY)).scalar()


def set_prefix(store: Store, value: str) -> None:
    """Keep the prefix the server handed out (a well-formed one only)."""
    if queue.number_prefix(f"{value}-001") != value:
        raise ValueError(f"not a ticket prefix: {value!r}")
    with store.engine.begin() as conn:
        held = conn.execute(select(t.meta.c.value).where(t.meta.c.key == PREFIX_KEY)).scalar()
        if held is None:
            conn.execute(insert(t.meta).values(key=PREFIX_KEY, value=value))
        elif held != value:
            conn.execute(update(t.meta).where(t.meta.c.key == PREFIX_KEY).values(value=value))


def _next_number(conn: Connection, day: dt.date) -> str:
    held = conn.execute(select(t.meta.c.value).where(t.meta.c.key == PREFIX_KEY)).scalar()
    if not held:
        raise NoPrefix
    key = f"ticket_count:{day.isoformat()}"
    count = conn.execute(select(t.meta.c.value).where(t.meta.c.key == key)).scalar()
    n = int(count or 0) + 1
    if count is None:
        # One counter row per day: yesterday's are no longer needed.
        conn.execute(t.meta.delete().where(t.meta.c.key.like("ticket_count:%")))
        conn.execute(insert(t.meta).values(key=key, value=str(n)))
    else:
        conn.execute(update(t.meta).where(t.meta.c.key == key).values(value=str(n)))
    return queue.number_text(held, n)


# --- issuing -----------------------------------------------------------------------------


def issue(
    store: Store,
    *,
    location: str,
    concern: str,
    unit: str,
    staff: str,
    language: str = "",
    interpreter: bool = False,
    priority: Iterable[str] = (),
    client_id: str | None = None,
    now: dt.datetime | None = None,
) -> WalkInTicket:
    """A new ticket, waiting in *unit*'s queue, with its number and its first phase."""
    at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    day = at.astimezone().date()
    with store.engine.begin() as conn:
        ticket = WalkInTicket(
            location=location,
            day=day,
            number=_next_number(conn, day),
            arrived_at=at,
            concern=concern,
            unit=unit,
            language=language,
            interpreter=interpreter,
            priority=sorted(set(priority)),
            client_id=client_id,
        )
        phase = WalkInPhase(
            ticket_id=ticket.id,
            location=location,
            phase="waiting",
            at=at,
            unit=unit,
            staff=staff,
            client_id=client_id,
        )
        for record in (ticket, phase):
            errors = validation.validate(record, day)
            if errors:
                raise validation.ValidationError(errors)
        store._insert(conn, t.walk_in_ticket, "walk_in_ticket", codec.encode(ticket))
        store._insert(conn, t.walk_in_phase, "walk_in_phase", codec.encode(phase))
        changes.note("walk_in_ticket", client_id)
    return ticket


# --- steps -------------------------------------------------------------------------------


def move(
    store: Store,
    ticket_id: str,
    status: str,
    *,
    staff: str,
    expected: str | None = None,
    to_unit: str = "",
    reason: str = "",
    client_id: str | None = None,
    now: dt.datetime | None = None,
) -> WalkInTicket:
    """Take one step with the ticket: *status* (``transferred`` with *to_unit* and a short
    *reason*: the ticket waits in that unit's queue, keeping its number and place). *expected*:
    the status the screen showed; if the ticket has moved on meanwhile, :class:`StaleTicket`
    and nothing is written (a pulled change under an open panel). *client_id* links an
    anonymous ticket to a file (with any step, or alone with the status unchanged)."""
    if status == "called" and not client_id:
        raise ValueError("only the server calls a ticket (POST /api/v1/queue/call)")
    at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    with store.engine.begin() as conn:
        row = conn.execute(
            select(t.walk_in_ticket).where(t.walk_in_ticket.c.id == ticket_id)
        ).first()
        if row is None:
            raise StaleTicket(ticket_id)
        ticket = codec.decode(WalkInTicket, dict(row._mapping))
        if expected is not None and ticket.status != expected:
            raise StaleTicket(ticket.status)
        if status == "called" and ticket.status != "called":
            # A called ticket may stay called (its client file linked), never become so.
            raise ValueError("only the server calls a ticket (POST /api/v1/queue/call)")
        changed: dict = {}
        phase_name = status
        if status == "transferred":
            if not to_unit or to_unit == ticket.unit:
                raise ValueError("a transfer needs another unit")
            if not queue.may_move(ticket.status, "transferred"):
                raise StaleTicket(ticket.status)
            changed = {"status": "waiting", "unit": to_unit, "hops": ticket.hops + 1}
        elif status != ticket.status:
            if not queue.may_move(ticket.status, status):
                raise StaleTicket(ticket.status)
            changed = {"status": status}
        if client_id and client_id != ticket.client_id:
            changed["client_id"] = client_id
        if not changed:
            return ticket
        for name, value in changed.items():
            setattr(ticket, name, value)
        errors = validation.validate(ticket, at.astimezone().date())
        if errors:
            raise validation.ValidationError(errors)
        values = {k: codec.encode(ticket)[k] for k in changed}
        conn.execute(
            update(t.walk_in_ticket).where(t.walk_in_ticket.c.id == ticket_id).values(**values)
        )
        store._outbox(conn, "walk_in_ticket", ticket_id, "update", values)
        if "status" in changed or status == "transferred":
            phase = WalkInPhase(
                ticket_id=ticket_id,
                location=ticket.location,
                phase=phase_name,
                at=at,
                unit=row.unit,
                staff=staff,
                to_unit=to_unit if status == "transferred" else "",
                desk=ticket.desk,
                reason=reason[:200],
                client_id=ticket.client_id,
            )
            store._insert(conn, t.walk_in_phase, "walk_in_phase", codec.encode(phase))
    return ticket


# --- reading -----------------------------------------------------------------------------


def today(
    store: Store,
    location: str,
    day: dt.date | None = None,
    statuses: Iterable[str] | None = None,
    now: dt.datetime | None = None,
) -> list[TicketView]:
    """The tickets of *location* on *day* (default today), those in *statuses* only if given;
    waiting ones first in the order the server calls them, the rest by their number."""
    d = (day or local_day()).isoformat()
    tk, c = t.walk_in_ticket, t.client
    stmt = (
        select(tk, c.c.family_name, c.c.given_names)
        .select_from(tk.outerjoin(c, c.c.id == tk.c.client_id))
        .where(tk.c.location == location, tk.c.day == d)
    )
    if statuses is not None:
        stmt = stmt.where(tk.c.status.in_(sorted(set(statuses))))
    with store.engine.connect() as conn:
        found = conn.execute(stmt).all()
        ids = [r.id for r in found]
        phases: dict[str, list[WalkInPhase]] = {}
        for i in range(0, len(ids), 500):
            for p in conn.execute(
                select(t.walk_in_phase)
                .where(t.walk_in_phase.c.ticket_id.in_(ids[i : i + 500]))
                .order_by(t.walk_in_phase.c.at)
            ):
                phases.setdefault(p.ticket_id, []).append(
                    codec.decode(WalkInPhase, dict(p._mapping))
                )
    views = []
    for r in found:
        ticket = codec.decode(WalkInTicket, dict(r._mapping))
        name = (
            ", ".join(x for x in (r.family_name, r.given_names) if x)
            if r.family_name or r.given_names
            else ""
        )
        views.append(TicketView(ticket, name, phases.get(ticket.id, [])))
    moment = now or dt.datetime.now(dt.UTC)
    waiting = queue.order([_as_map(v) for v in views if v.ticket.status in queue.CALLABLE], moment)
    rank = {m["id"]: i for i, m in enumerate(waiting)}
    views.sort(
        key=lambda v: (
            0 if v.ticket.id in rank else 1,
            rank.get(v.ticket.id, 0),
            v.ticket.number,
        )
    )
    return views


def _as_map(v: TicketView) -> dict:
    x = v.ticket
    return {
        "id": x.id,
        "arrived_at": x.arrived_at,
        "priority": x.priority,
        "number": x.number,
        "status": x.status,
        "unit": x.unit,
    }


def purge_before(store: Store, day: dt.date) -> int:
    """Drop tickets (and phases) of days before *day* from this laptop: the queues are the
    day's; the server keeps them for the statistics. Not for tickets with unsent changes."""
    d = day.isoformat()
    with store.engine.begin() as conn:
        unsent = set(
            conn.execute(
                select(t.outbox.c.record_id).where(
                    t.outbox.c.acked_at.is_(None),
                    t.outbox.c.kind.in_(["walk_in_ticket", "walk_in_phase"]),
                )
            ).scalars()
        )
        old = [
            i
            for i in conn.execute(
                select(t.walk_in_ticket.c.id).where(t.walk_in_ticket.c.day < d)
            ).scalars()
            if i not in unsent
        ]
        for i in range(0, len(old), 500):
            chunk = old[i : i + 500]
            conn.execute(
                t.walk_in_phase.delete().where(
                    t.walk_in_phase.c.ticket_id.in_(chunk), t.walk_in_phase.c.id.not_in(unsent)
                )
            )
            conn.execute(t.walk_in_ticket.delete().where(t.walk_in_ticket.c.id.in_(chunk)))
    return len(old)
