"""Walk-in queues on the server: device ticket prefixes and the atomic call of a ticket.

Tickets and their phases are ordinary records (one data path: they sync, pass the read and
write gates, land in the audit log). Two things only the server can do:

* **hand out ticket prefixes** (:func:`prefix`): each device that issues tickets gets a
  letter no other device has ("A", "B", ... "AA"); it counts its own tickets of the day, so two
  reception desks never give out one number, even after hours offline;
* **call a ticket** (:func:`call`): *call next* (or a chosen ticket) for a caseworker, atomic:
  the ticket is locked, checked to be still waiting, and changed in the same transaction as
  every push (``SyncService._apply`` with a guard). Thirty staff pressing the button at the
  same moment get thirty different tickets or "nobody waits"; never one ticket twice. The
  order is :func:`casefile.queue.order`, the one the queue panel shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import orjson
from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from casefile import catalogs, queue, sync
from casefile.hlc import Timestamp
from casefile.ids import new_id
from casefile.policy import WALK_IN
from sync_server import schema as t
from sync_server.auth import Device
from sync_server.db import utcnow
from sync_server.errors import ApiError
from sync_server.store import Stored

MAX_CANDIDATES = 50  # tickets tried per call before "try again" (each taken meanwhile)


def lazy_prefix(conn: Connection, device_id: str) -> Callable[[], str | None]:
    """The device's ticket prefix (None if it has none), read at the first call only."""
    held: list[str | None] = []

    def get() -> str | None:
        if not held:
            held.append(
                conn.execute(
                    select(t.ticket_prefixes.c.prefix).where(
                        t.ticket_prefixes.c.device_id == device_id
                    )
                ).scalar()
            )
        return held[0]

    return get


def prefix(service: Any, device: Device) -> str:
    """The device's ticket prefix, handed out at its first request: the next free position
    (positions are never reused, a revoked device keeps its letter)."""
    policy = service.policy
    if not policy.queues(device):
        raise ApiError(403, "not_your_queue", "no walk-in queue")
    for _ in range(20):
        try:
            with service.db.writer.begin() as conn:
                held = lazy_prefix(conn, device.id)()
                if held is not None:
                    return held
                position = (
                    conn.execute(
                        select(func.coalesce(func.max(t.ticket_prefixes.c.position), -1))
                    ).scalar_one()
                    + 1
                )
                letters = queue.prefix_for(position)
                conn.execute(
                    t.ticket_prefixes.insert().values(
                        device_id=device.id,
                        prefix=letters,
                        position=position,
                        assigned_at=utcnow(),
                    )
                )
                return letters
        except IntegrityError:
            continue  # another device took that position in the same moment: the next one
    raise ApiError(503, "busy", "try again")


def _today() -> dt.date:
    """The day queues are judged by (one place, so tests can move the calendar)."""
    return dt.datetime.now().astimezone().date()


def waiting(
    conn: Connection, location: str, day: dt.date, units: frozenset[str] | None = None
) -> list[dict[str, Any]]:
    """The tickets waiting at *location* on *day* (in *units*' queues), as mappings."""
    q = t.walk_in_queue
    stmt = select(q).where(q.c.location == location, q.c.day == day.isoformat())
    stmt = stmt.where(q.c.status.in_(sorted(queue.CALLABLE)))
    if units is not None:
        stmt = stmt.where(q.c.unit.in_(sorted(units)))
    return [
        {**r._mapping, "id": r.ticket_id, "priority": orjson.loads(r.priority or "[]")}
        for r in conn.execute(stmt)
    ]


def call(
    service: Any,
    device: Device,
    location: str,
    units: list[str] | None = None,
    ticket_id: str | None = None,
    desk: str = "",
    recall: bool = False,
) -> dict[str, Any]:
    """Call the next ticket of *units* at *location* (or *ticket_id*) for *device*'s user.

    Returns ``{"ticket": <record as the device sees it> | None, "results": [...]}``;
    ``ticket`` None: nobody waits. A chosen ticket that is no longer waiting (somebody called
    it first): 409 ``ticket_taken``. *recall*: a ticket marked *missed* is called again."""
    policy = service.policy
    if location not in catalogs.load("location").codes:
        raise ApiError(422, "invalid_request", "location")
    if WALK_IN + location not in policy.queues(device):
        raise ApiError(403, "not_your_queue", location)
    # The caller's queues: units of the caller's that hold walk-in hours at the location.
    wanted = frozenset(units or (u for u in device.units if policy.serves(location, u)))
    if (
        not wanted
        or not wanted <= set(device.units)
        or not all(policy.serves(location, u) for u in wanted)
    ):
        raise ApiError(403, "not_your_queue", "units")
    callable_from = {"missed"} if recall else set(queue.CALLABLE)
    day = _today()
    tried: set[str] = set()
    for _ in range(MAX_CANDIDATES):
        if ticket_id is not None:
            if ticket_id in tried:
                raise ApiError(409, "ticket_taken", ticket_id)
            candidate = ticket_id
        else:
            with service.db.reader.connect() as conn:
                ready = [
                    x for x in waiting(conn, location, day, wanted) if x["ticket_id"] not in tried
                ]
            now = dt.datetime.now(dt.UTC)
            first = queue.order(ready, now, service.queue_rules)
            if not first:
                return {"ticket": None, "results": []}
            candidate = str(first[0]["ticket_id"])
        tried.add(candidate)
        phase_id = new_id()

        def still_callable(
            records: dict[str, Stored], cid: str = candidate, pid: str = phase_id
        ) -> list[dict]:
            item = records.get(cid)
            if (
                item is None
                or item.kind != "walk_in_ticket"
                or item.state.deleted
                or not item.state.exists
                or item.state.fields.get("location") != location
                or item.state.fields.get("status") not in callable_from
                or item.state.fields.get("unit") not in wanted
            ):
                raise _Taken
            return _call_ops(service, device, cid, item, pid, desk)

        # What names the records to lock; the ops merged are the guard's.
        stamp = service.clock.now().encode()
        placeholders = [
            _op("walk_in_ticket", candidate, "update", {"status": "called"}, stamp),
            _op("walk_in_phase", phase_id, "create", {"id": phase_id}, stamp),
        ]
        try:
            results, _epoch = service.server_write(device, placeholders, still_callable)
        except _Taken:
            if ticket_id is not None:
                raise ApiError(409, "ticket_taken", ticket_id) from None
            continue
        refused = [r for r in results if r.get("status") == sync.REJECTED]
        if refused:  # the rules changed under the caller (a unit, a location): say so
            raise ApiError(403, "not_your_queue", refused[0].get("reason") or "call refused")
        ticket = next(r for r in results if r.get("record_id") == candidate)
        return {"ticket": ticket.get("record"), "results": results}
    raise ApiError(503, "busy", "try again")


class _Taken(Exception):
    """The candidate was called (or moved) by somebody else since it was read."""


def _op(kind: str, record_id: str, op: str, fields: dict, hlc: str, base=None) -> dict:
    return {
        "op_id": new_id(),
        "kind": kind,
        "record_id": record_id,
        "op": op,
        "hlc": hlc,
        "fields": fields,
        "base": base or {},
    }


def _call_ops(
    service: Any, device: Device, ticket_id: str, ticket: Stored, phase_id: str, desk: str
) -> list[dict]:
    """The ops of a call, from the locked ticket: its new state (stamped after every clock it
    holds, based on what it holds: the call wins and opens no conflict) and the phase row."""
    clock = service.clock
    for stamp in ticket.state.clocks.values():
        clock.observe(Timestamp.decode(stamp))
    fields: dict[str, Any] = {"status": "called", "called_by": device.user_name}
    if desk:
        fields["desk"] = desk
    base = {name: ticket.state.clocks.get(name) for name in fields}
    held = ticket.state.fields
    phase = {
        "id": phase_id,
        "ticket_id": ticket_id,
        "location": held.get("location"),
        "phase": "called",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "unit": held.get("unit"),
        "staff": device.user_name,
        "desk": desk or held.get("desk") or "",
    }
    if held.get("client_id"):
        phase["client_id"] = held["client_id"]
    return [
        _op("walk_in_ticket", ticket_id, "update", fields, clock.now().encode(), base),
        _op("walk_in_phase", phase_id, "create", phase, clock.now().encode()),
    ]
