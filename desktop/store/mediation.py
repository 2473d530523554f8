"""The language mediators' pool in the local store: mediators, bookings and hours entries.

Records like any other (casefile.records.Mediator / MediatorBooking / HoursEntry): validated,
written with their outbox entry in one transaction, synced and gated by the server. What a
user's laptop holds is what the rules send it: the pool's unit and coordination hold the pool
and every booking; the unit that asked for a mediator holds its own bookings (with the
mediator's name) and hours entries, never the pool.

Every function does database work: call it through the UI's operation layer (desktop.ui.ops).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, or_, select, update

from casefile import codec, mediation, validation
from casefile.records import Client, Consultation, HoursEntry, Mediator, MediatorBooking
from desktop.store import schema as t

if TYPE_CHECKING:
    from desktop.store.repo import Store

OPEN = ("requested", "booked")


class StaleBooking(RuntimeError):
    """The booking moved on meanwhile (another laptop, a pulled change): the step no longer
    fits; the message is the status it has now."""


@dataclass
class BookingRow:
    """A booking with what the lists show beside it."""

    booking: MediatorBooking
    client_name: str = ""


@dataclass
class HoursRow:
    entry: HoursEntry
    mediator_name: str = ""


# --- helpers ---------------------------------------------------------------------------------


def _check(record: Any, today: dt.date | None = None) -> None:
    errors = validation.validate(record, today)
    if errors:
        raise validation.ValidationError(errors)


def _update(store: Store, conn: Connection, table, kind: str, record: Any, names) -> None:
    fields = codec.encode(record)
    values = {k: fields[k] for k in names}
    if not values:
        return
    conn.execute(update(table).where(table.c.id == record.id).values(**values))
    store._outbox(conn, kind, record.id, "update", values)


def _names(row) -> str:
    return ", ".join(x for x in (row.family_name, row.given_names) if x)


# --- the pool --------------------------------------------------------------------------------


def pool(store: Store, include_inactive: bool = True) -> list[Mediator]:
    """The mediators this laptop holds (none where the rules hide the pool), by name."""
    stmt = select(t.mediator)
    if not include_inactive:
        stmt = stmt.where(t.mediator.c.active.is_(True))
    with store.engine.connect() as conn:
        found = [codec.decode(Mediator, dict(r._mapping)) for r in conn.execute(stmt)]
    return sorted(found, key=lambda m: (m.family_name.casefold(), m.given_names.casefold()))


def save_mediator(store: Store, mediator: Mediator) -> str:
    """Create the mediator, or write the fields that changed since the stored state."""
    _check(mediator)
    fields = codec.encode(mediator)
    with store.engine.begin() as conn:
        row = conn.execute(select(t.mediator).where(t.mediator.c.id == mediator.id)).first()
        if row is None:
            store._insert(conn, t.mediator, "mediator", fields)
        else:
            held = codec.encode(codec.decode(Mediator, dict(row._mapping)))
            _update(
                store,
                conn,
                t.mediator,
                "mediator",
                mediator,
                [k for k in fields if k != "id" and fields[k] != held.get(k)],
            )
    return mediator.id


# --- bookings --------------------------------------------------------------------------------


def bookings(
    store: Store,
    statuses: Iterable[str] | None = None,
    client_id: str | None = None,
) -> list[BookingRow]:
    """The bookings this laptop holds (in *statuses*, of *client_id* if given), soonest first."""
    b, c = t.mediator_booking, t.client
    stmt = select(b, c.c.family_name, c.c.given_names).select_from(
        b.outerjoin(c, c.c.id == b.c.client_id)
    )
    if statuses is not None:
        stmt = stmt.where(b.c.status.in_(sorted(set(statuses))))
    if client_id is not None:
        stmt = stmt.where(b.c.client_id == client_id)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt.order_by(b.c.starts_at)).all()
    return [BookingRow(codec.decode(MediatorBooking, dict(r._mapping)), _names(r)) for r in rows]


def get_booking(store: Store, booking_id: str) -> MediatorBooking | None:
    with store.engine.connect() as conn:
        row = conn.execute(
            select(t.mediator_booking).where(t.mediator_booking.c.id == booking_id)
        ).first()
    return codec.decode(MediatorBooking, dict(row._mapping)) if row else None


def request_booking(store: Store, booking: MediatorBooking) -> str:
    """A new booking: *requested* (the pool's unit assigns), or *booked* with its mediator
    (a user who sees the pool books directly)."""
    _check(booking)
    with store.engine.begin() as conn:
        store._insert(conn, t.mediator_booking, "mediator_booking", codec.encode(booking))
    return booking.id


def _locked(conn: Connection, booking_id: str, expected: Iterable[str]) -> MediatorBooking:
    row = conn.execute(
        select(t.mediator_booking).where(t.mediator_booking.c.id == booking_id)
    ).first()
    if row is None:
        raise StaleBooking("")
    booking = codec.decode(MediatorBooking, dict(row._mapping))
    if booking.status not in set(expected):
        raise StaleBooking(booking.status)
    return booking


def assign(store: Store, booking_id: str, mediator: Mediator) -> MediatorBooking:
    """Book *mediator* for a requested (or re-book a booked) booking: requested -> booked, the
    mediator's name kept on the booking for the unit that asked (it does not see the pool)."""
    with store.engine.begin() as conn:
        booking = _locked(conn, booking_id, OPEN)
        booking.mediator_id = mediator.id
        booking.mediator_name = mediator.display_name
        booking.status = "booked"
        _check(booking)
        _update(
            store,
            conn,
            t.mediator_booking,
            "mediator_booking",
            booking,
            ("mediator_id", "mediator_name", "status"),
        )
    return booking


def set_status(store: Store, booking_id: str, status: str) -> MediatorBooking:
    """Cancel a booking, or record that the client did not come (from requested or booked);
    *done* comes with the consultation's hours (:func:`hours_with`)."""
    if status not in ("cancelled", "no_show"):
        raise ValueError(status)
    with store.engine.begin() as conn:
        booking = _locked(conn, booking_id, OPEN if status == "cancelled" else ("booked",))
        booking.status = status
        _update(store, conn, t.mediator_booking, "mediator_booking", booking, ("status",))
    return booking


def context_of(store: Store, client_id: str | None) -> tuple[Client | None, list[tuple]]:
    """The client and its household links (client_id, other_client_id, relation) as held here:
    what :func:`casefile.mediation.relative_warning` compares a mediator with."""
    if not client_id:
        return None, []
    client = store.get_client(client_id)
    h = t.household_link
    with store.engine.connect() as conn:
        links = [
            (r.client_id, r.other_client_id, r.relation)
            for r in conn.execute(
                select(h.c.client_id, h.c.other_client_id, h.c.relation).where(
                    or_(h.c.client_id == client_id, h.c.other_client_id == client_id)
                )
            )
        ]
    return client, links


def candidates(store: Store, booking: MediatorBooking) -> list[mediation.Candidate]:
    """The pool's mediators fitting *booking*, each with its warnings (see
    :func:`casefile.mediation.candidates`)."""
    client, links = context_of(store, booking.client_id)
    others = [r.booking for r in bookings(store, ("booked",))]
    return mediation.candidates(
        pool(store, include_inactive=False),
        booking,
        bookings=others,
        client=client,
        household=links,
    )


# --- hours -----------------------------------------------------------------------------------


def hours_with(
    store: Store, booking_id: str, km: float = 0.0, kind: str | None = None
) -> Callable[[Connection, Consultation], HoursEntry]:
    """What a consultation held with a booked mediator writes in its own transaction (see
    ``Store.add_consultation(then=...)``): the hours entry from the consultation's real
    duration, *km*, the allowance at the rates (*kind* of mediator, as the pool says; the
    pool's default "volunteer" where this laptop does not hold the pool -- the pool's unit
    reviews it), and the booking done."""

    def write(conn: Connection, cons: Consultation) -> HoursEntry:
        booking = _locked(conn, booking_id, ("booked",))
        held = conn.execute(
            select(t.mediator.c.kind).where(t.mediator.c.id == booking.mediator_id)
        ).scalar()
        rate_kind = kind or held or "volunteer"
        assert booking.mediator_id is not None  # a booked booking names its mediator
        entry = HoursEntry(
            mediator_id=booking.mediator_id,
            worked_on=cons.started_at.astimezone().date(),
            minutes=cons.duration_min,
            unit=booking.unit,
            km=float(km),
            allowance_cents=mediation.allowance_cents(rate_kind, cons.duration_min, km),
            booking_id=booking.id,
            consultation_id=cons.id,
        )
        booking.status = "done"
        booking.consultation_id = cons.id
        _check(entry)
        store._insert(conn, t.hours_entry, "hours_entry", codec.encode(entry))
        _update(
            store,
            conn,
            t.mediator_booking,
            "mediator_booking",
            booking,
            ("status", "consultation_id"),
        )
        return entry

    return write


def hours(
    store: Store, statuses: Iterable[str] | None = None, month: str | None = None
) -> list[HoursRow]:
    """Hours entries (in *statuses*, of *month* ``YYYY-MM`` if given), with the mediator's
    name from the pool, else from the booking."""
    h, m, b = t.hours_entry, t.mediator, t.mediator_booking
    stmt = select(h, m.c.given_names, m.c.family_name, b.c.mediator_name).select_from(
        h.outerjoin(m, m.c.id == h.c.mediator_id).outerjoin(b, b.c.id == h.c.booking_id)
    )
    if statuses is not None:
        stmt = stmt.where(h.c.status.in_(sorted(set(statuses))))
    if month:
        stmt = stmt.where(h.c.worked_on.like(f"{month}-%"))
    with store.engine.connect() as conn:
        rows = conn.execute(stmt.order_by(h.c.worked_on)).all()
    out = []
    for r in rows:
        name = " ".join(x for x in (r.given_names, r.family_name) if x) or r.mediator_name or ""
        out.append(HoursRow(codec.decode(HoursEntry, dict(r._mapping)), name))
    return out


def review(store: Store, entry_ids: Iterable[str], reviewer: str) -> int:
    """recorded -> reviewed: checked by the pool's unit, the allowance worked out again at the
    rates for the mediator's kind as the pool holds it."""
    n = 0
    with store.engine.begin() as conn:
        for entry_id in entry_ids:
            row = conn.execute(select(t.hours_entry).where(t.hours_entry.c.id == entry_id)).first()
            if row is None or row.status != "recorded":
                continue
            entry = codec.decode(HoursEntry, dict(row._mapping))
            kind = conn.execute(
                select(t.mediator.c.kind).where(t.mediator.c.id == entry.mediator_id)
            ).scalar()
            names = ["status", "reviewed_by"]
            if kind:
                cents = mediation.allowance_cents(kind, entry.minutes, entry.km)
                if cents != entry.allowance_cents:
                    entry.allowance_cents = cents
                    names.append("allowance_cents")
            entry.status, entry.reviewed_by = "reviewed", reviewer
            _check(entry)
            _update(store, conn, t.hours_entry, "hours_entry", entry, names)
            n += 1
    return n


def pay(store: Store, entry_ids: Iterable[str], on: dt.date) -> int:
    """reviewed -> paid on *on*."""
    n = 0
    with store.engine.begin() as conn:
        for entry_id in entry_ids:
            row = conn.execute(select(t.hours_entry).where(t.hours_entry.c.id == entry_id)).first()
            if row is None or row.status != "reviewed":
                continue
            entry = codec.decode(HoursEntry, dict(row._mapping))
            entry.status, entry.paid_on = "paid", on
            _check(entry, on)
            _update(store, conn, t.hours_entry, "hours_entry", entry, ("status", "paid_on"))
            n += 1
    return n


PAYABLE = ("reviewed", "paid")


def allowance_list(
    store: Store, month: str, statuses: Iterable[str] = PAYABLE
) -> list[mediation.MonthLine]:
    """The month's allowance list: the hours entries of *month* checked by the pool's unit
    (reviewed, paid) per mediator."""
    found = hours(store, statuses, month=month)
    names = {r.entry.mediator_id: r.mediator_name for r in found}
    return mediation.monthly_allowances([r.entry for r in found], names)
