"""Reading and writing record rows in bulk (shared by push, conflict resolution and seeding).

A record row holds the merged state of one record: its fields, the HLC time of each field,
the tombstone flag and the sequence number of its last change. Statements are bulk
(``IN`` lists, ``executemany``) so a push of 2,000 ops costs a handful of round trips.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import ARRAY, Connection, Text, any_, bindparam, or_, select, update

from casefile.sync import RecordState
from sync_server import access, report_facts, schema as t
from sync_server.db import insert_rows, run

CHUNK = 1000  # ids per IN list: well below SQLite's and PostgreSQL's parameter limits


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


@dataclass
class Stored:
    """One record as loaded for a write; ``seq`` is None for a record not yet stored."""

    kind: str
    state: RecordState
    seq: int | None = None
    origins_before: dict[str, str] | None = None
    # (unit, category) decided before the record became a tombstone without content: the
    # tombstone goes to every device that may have held the record.
    classified: tuple[str | None, str] | None = None

    @property
    def is_new(self) -> bool:
        return self.seq is None


def client_id_of(kind: str, record_id: str, fields: dict[str, Any]) -> str | None:
    return record_id if kind == "client" else fields.get("client_id")


def queue_row(ticket_id: str, fields: dict[str, Any], deleted: bool) -> dict[str, Any] | None:
    """The ``walk_in_queue`` row a ticket record stands for (none once deleted)."""
    if deleted:
        return None
    return {
        "ticket_id": ticket_id,
        "location": str(fields.get("location") or ""),
        "day": str(fields.get("day") or ""),
        "unit": str(fields.get("unit") or ""),
        "status": str(fields.get("status") or ""),
        "number": str(fields.get("number") or ""),
        "arrived_at": str(fields.get("arrived_at") or ""),
        "priority": dumps(fields.get("priority") or []),
        "concern": str(fields.get("concern") or ""),
        "language": str(fields.get("language") or ""),
        "interpreter": bool(fields.get("interpreter")),
        "hops": fields.get("hops") if isinstance(fields.get("hops"), int) else 0,
    }


def log_row(phase_id: str, fields: dict[str, Any], deleted: bool) -> dict[str, Any] | None:
    """The ``walk_in_log`` row a phase record stands for (none once deleted): the statistics
    read it, and the waiting-room display its calls (number from ``walk_in_queue``, desk)."""
    if deleted:
        return None
    at = str(fields.get("at") or "")
    return {
        "phase_id": phase_id,
        "ticket_id": str(fields.get("ticket_id") or ""),
        "location": str(fields.get("location") or ""),
        "day": local_day(at),
        "phase": str(fields.get("phase") or ""),
        "at": at,
        "unit": str(fields.get("unit") or ""),
        "to_unit": str(fields.get("to_unit") or ""),
        "staff": str(fields.get("staff") or "")[:200],
        "desk": str(fields.get("desk") or "")[:40],
    }


def local_day(at: str) -> str:
    """The local calendar day (the server's zone, as the tickets' ``day``) of an ISO time: the
    reports' own reading (:func:`report_facts.local_day`), or the text's first ten characters."""
    return report_facts.local_day(at) or at[:10]


def mediator_entry(fields: dict[str, Any], deleted: bool) -> dict[str, Any] | None:
    """The name directory's view of a pool record (``mediators``: name, languages, active):
    display name "Given Family", the catalog codes of its languages; None without a name."""
    name = " ".join(f"{fields.get('given_names') or ''} {fields.get('family_name') or ''}".split())
    if not name:
        return None
    raw = fields.get("languages") or []
    if isinstance(raw, str):
        try:
            raw = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raw = []
    codes = sorted(
        {str(x.get("code")) for x in raw if isinstance(x, dict) and x.get("code")}
        if isinstance(raw, list)
        else set()
    )
    return {
        "name": name[:200],
        "languages": dumps(codes),
        "active": bool(fields.get("active", True)) and not deleted,
    }


def keep_mediators(conn: Connection, entries: dict[str, dict[str, Any] | None], now: str) -> None:
    """Keep the name directory (``mediators``, which checks ``consultation.mediator_name``) in
    step with the pool's mediator records written: *entries* maps a record id to its
    :func:`mediator_entry` (None: deleted or nameless -- its name stays, deactivated, as the
    CLI's deactivation: consultations naming it stay valid). The directory row of a record has
    the record's id; a row of the same name made before (the county's CLI, another record of
    that name) is taken over, keeping when it was added."""
    m = t.mediators.c
    gone = [rid for rid, e in entries.items() if e is None]
    for i in range(0, len(gone), CHUNK):
        conn.execute(
            update(t.mediators)
            .where(m.id.in_(gone[i : i + CHUNK]), m.deactivated_at.is_(None))
            .values(deactivated_at=now)
        )
    named: dict[str, tuple[str, dict[str, Any]]] = {}
    for rid, e in entries.items():
        if e is not None:
            named.pop(next((n for n, (r, _e) in named.items() if r == rid), ""), None)
            named[e["name"]] = (rid, e)  # two records of one name in a batch: the later
    if not named:
        return
    ids = [rid for rid, _e in named.values()]
    names = list(named)
    held: dict[str, Any] = {}
    for i in range(0, max(len(ids), len(names)), CHUNK):
        for r in conn.execute(
            select(m.id, m.name, m.created_at, m.deactivated_at).where(
                or_(m.id.in_(ids[i : i + CHUNK]), m.name.in_(names[i : i + CHUNK]))
            )
        ):
            held[r.id] = r
    by_name = {r.name: r for r in held.values()}
    rows: dict[str, list[dict[str, Any]]] = {}
    clashing = []
    for name, (rid, e) in named.items():
        own, same = held.get(rid), by_name.get(name)
        if same is not None and same.id != rid:
            clashing.append(same.id)
        first = min((r.created_at for r in (own, same) if r is not None), default=now)
        was = next(
            (r.deactivated_at for r in (own, same) if r is not None and r.deactivated_at), None
        )
        rows[rid] = [
            {
                "id": rid,
                "name": name,
                "languages": e["languages"],
                "created_at": first,
                "deactivated_at": None if e["active"] else (was or now),
            }
        ]
    for i in range(0, len(clashing), CHUNK):
        conn.execute(t.mediators.delete().where(m.id.in_(clashing[i : i + CHUNK])))
    _rewrite(conn, m.id, rows)


def _rewrite(conn: Connection, key: Any, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Replace the rows of *key*'s table kept for the given record ids by *rows*."""
    if not rows:
        return
    ids = list(rows)
    for i in range(0, len(ids), CHUNK):
        conn.execute(key.table.delete().where(key.in_(ids[i : i + CHUNK])))
    fresh = [row for group in rows.values() for row in group]
    if fresh:
        conn.execute(key.table.insert(), fresh)


# What a tombstone keeps: the ids that route it (to the file, to a merge's survivor).
TOMBSTONE_FIELDS = {
    "client": ("merged_into", "merge_id"),
    "household_link": ("client_id", "other_client_id"),
}


def tombstone(item: Stored, stamp: str | None = None) -> None:
    """Make *item* a tombstone without content: classified as it was, its fields reduced to
    the ids that route it, its clocks to the time of the delete (*stamp*, or the one the merge
    set). Every path that deletes passes here (push, erasure, retention)."""
    s = item.state
    if item.classified is None:
        item.classified = access.current().classify(item.kind, s.fields)
    keep = TOMBSTONE_FIELDS.get(item.kind, ("client_id",))
    s.fields = {k: s.fields[k] for k in keep if s.fields.get(k) is not None}
    s.clocks = {"_deleted": stamp or s.clocks.get("_deleted") or ""}
    s.origins = {}
    s.deleted = True


def lock_records(conn: Connection, ids: Iterable[str]) -> dict[str, Stored]:
    """Load the stored records among *ids*, locking their rows until commit (PostgreSQL).

    Rows are locked in id order, the same order in every transaction, so two pushes touching
    the same records wait for each other instead of deadlocking. SQLite needs no row locks:
    the writer holds the database (BEGIN IMMEDIATE).
    """
    out: dict[str, Stored] = {}
    ordered = sorted(set(ids))
    postgres = conn.dialect.name != "sqlite"
    for i in range(0, len(ordered), CHUNK):
        chunk = ordered[i : i + CHUNK]
        rows = (
            run(conn, _LOCK_RECORDS, {"ids": chunk})
            if postgres
            else conn.execute(_LOADED.where(t.records.c.id.in_(chunk))).all()
        )
        for kind, rid, fields, clocks, origins_text, deleted, seq in rows:
            origins = orjson.loads(origins_text) if origins_text else {}
            state = RecordState(
                orjson.loads(fields), orjson.loads(clocks), bool(deleted), True, origins
            )
            out[rid] = Stored(kind, state, seq, dict(origins))
    return out


_LOADED = select(
    t.records.c.kind,
    t.records.c.id,
    t.records.c.fields,
    t.records.c.clocks,
    t.records.c.origins,
    t.records.c.deleted,
    t.records.c.seq,
).order_by(t.records.c.id)
# PostgreSQL: the ids as one array (one statement text whatever their number), rows locked.
_LOCK_RECORDS = _LOADED.where(
    t.records.c.id == any_(bindparam("ids", type_=ARRAY(Text)))
).with_for_update()


def lock_children(
    conn: Connection, client_ids: Iterable[str], skip: Iterable[str] = ()
) -> dict[str, Stored]:
    """Load (and lock) the live records belonging to the given clients, and the household links
    pointing at them, except the ids in *skip* (already loaded)."""
    ids, r = sorted(set(client_ids)), t.records
    found: set[str] = set()
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        found.update(
            conn.execute(
                select(r.c.id).where(
                    r.c.client_id.in_(chunk), r.c.kind != "client", r.c.deleted.is_(False)
                )
            ).scalars()
        )
        # A link stored under the other person names the erased one only inside its fields.
        # Erasures are rare; the scan is limited to live household links.
        found.update(
            conn.execute(
                select(r.c.id).where(
                    r.c.kind == "household_link",
                    r.c.deleted.is_(False),
                    or_(*(r.c.fields.like(f'%"other_client_id":"{c}"%') for c in chunk)),
                )
            ).scalars()
        )
    skip = set(skip)
    return lock_records(conn, [i for i in found if i not in skip])


def write_records(
    conn: Connection,
    changed: list[tuple[str, Stored]],
    seq_list: list[int],
    touched: list[tuple[str, Stored]],
    now: str,
    *,
    facts: bool = True,
) -> dict[str, int]:
    """Store *changed* records under the numbers in *seq_list* (from
    :func:`sync_server.db.record_seqs`); returns id -> seq.

    *facts*: keep the report facts of the records in this transaction; False leaves them to
    :func:`sync_server.report_facts.catch_up` (the push path: a burst of pushes does not wait
    for them).

    *touched* records changed only server-side bookkeeping (origins): their rows are updated
    without a new sequence number, since devices see nothing new.
    """
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    seqs: dict[str, int] = {}
    policy = access.current()
    consents: dict[str, list[dict[str, Any]]] = {}
    tickets: dict[str, dict[str, Any] | None] = {}
    phases: dict[str, dict[str, Any] | None] = {}
    mediators: dict[str, dict[str, Any] | None] = {}
    keeper = report_facts.Keeper()  # issue 21: what the reports count
    for seq, (record_id, item) in zip(seq_list, changed, strict=True):
        s = item.state
        seqs[record_id] = seq
        unit, section = item.classified or policy.classify(item.kind, s.fields)
        row = {
            "kind": item.kind,
            "id": record_id,
            "client_id": client_id_of(item.kind, record_id, s.fields),
            "fields": dumps(s.fields),
            "clocks": dumps(s.clocks),
            "origins": dumps(s.origins) if s.origins else None,
            "deleted": s.deleted,
            "seq": seq,
            "updated_at": now,
            "section": section,
            "unit": unit,
        }
        (inserts if item.is_new else updates).append(row)
        if facts:
            keeper.add(item.kind, record_id, s.fields, s.clocks, s.deleted, unit, item.is_new)
        if item.kind == "consent":
            consents[record_id] = access.grant_rows(record_id, s.fields, s.deleted)
        elif item.kind == "walk_in_ticket":
            tickets[record_id] = queue_row(record_id, s.fields, s.deleted)
        elif item.kind == "walk_in_phase":
            phases[record_id] = log_row(record_id, s.fields, s.deleted)
        elif item.kind == "mediator":
            mediators[record_id] = None if s.deleted else mediator_entry(s.fields, False)
    # The rows kept from records (consent grants, the queue, its phase log, the name
    # directory of mediators): rewritten for every record written, none for one deleted.
    _rewrite(conn, t.walk_in_log.c.phase_id, {k: [v] if v else [] for k, v in phases.items()})
    _rewrite(conn, t.walk_in_queue.c.ticket_id, {k: [v] if v else [] for k, v in tickets.items()})
    _rewrite(conn, t.consent_grants.c.consent_id, consents)
    if mediators:
        keep_mediators(conn, mediators, now)
    if inserts:
        insert_rows(conn, t.records, inserts)
    if updates:
        conn.execute(
            update(t.records)
            .where(t.records.c.id == bindparam("b_id"))
            .values(
                client_id=bindparam("client_id"),
                fields=bindparam("fields"),
                clocks=bindparam("clocks"),
                origins=bindparam("origins"),
                deleted=bindparam("deleted"),
                seq=bindparam("seq"),
                updated_at=bindparam("updated_at"),
                section=bindparam("section"),
                unit=bindparam("unit"),
            ),
            [
                {**{k: v for k, v in r.items() if k not in ("id", "kind")}, "b_id": r["id"]}
                for r in updates
            ],
        )
    if facts:
        keeper.keep(conn, seq_list)
    if touched:
        conn.execute(
            update(t.records)
            .where(t.records.c.id == bindparam("b_id"))
            .values(origins=bindparam("origins")),
            [
                {"b_id": rid, "origins": dumps(item.state.origins) if item.state.origins else None}
                for rid, item in touched
            ],
        )
    return seqs
