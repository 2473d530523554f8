"""The facts the reports count (issue 21, docs/reports.md "Where the figures come from").

Every record of a counted kind is kept as one row of ``report_facts`` (and a consultation's
topics in ``report_topics``, a client's grouping fields in ``report_clients``) by
``store.write_records``, in the transaction that writes the record -- as the walk-in queue is
kept from the tickets. A deleted record (a tombstone: deleted by a user, erased by retention or
on request) has no fact: it counts no more. A fact holds codes, days and numbers, never a name,
a note or a birth date (the year only).

:func:`ensure` fills the tables from the records when they are new or their shape changed
(``VERSION``): at the server's start, as ``access.ensure_classified`` does for the records'
sections.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import orjson
from sqlalchemy import Connection, bindparam, exists, select, text, update

from casefile.figures import NO_TOPIC, place_of
from casefile.hlc import Timestamp
from sync_server import schema as t
from sync_server.db import get_meta, insert_ignore, reach, set_meta

log = logging.getLogger(__name__)

VERSION = "1"  # change when a fact's columns or their meaning change: ensure() rebuilds
META_KEY = "report_facts"
# The sequence number up to which the facts hold every record (see catch_up).
MARK_KEY = "report_facts_seq"
CATCH_UP_LOCK = 2122  # PostgreSQL advisory lock: one catch-up at a time
CATCH_UP_PAGE = 5000
COUNTED = frozenset(
    {
        "consultation",
        "referral",
        "plan_goal",
        "group_session",
        "attendance",
        "hours_entry",
        "project_participation",
    }
)
CHUNK = 1000
KEPT = sorted(COUNTED | {"client"})  # the kinds the tables are kept from


def _text(value: Any, size: int = 40) -> str:
    return value[:size] if isinstance(value, str) else ""


def _list(value: Any) -> list[str]:
    """A list field as devices send it: a list, or its JSON text (the laptop store's form)."""
    if isinstance(value, str):
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _flag(value: Any) -> bool:
    return value in (True, 1, "1", "true")


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def local_day(value: Any) -> str:
    """The local calendar day (the server's zone, as the walk-in tickets') of an ISO date or
    date-time; "" for anything else."""
    if not isinstance(value, str) or len(value) < 10:
        return ""
    if len(value) == 10:
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return ""
    try:
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone().date().isoformat()
    except (ValueError, OverflowError, OSError):  # year 1 in a zone west of UTC, say
        return ""


def clock_day(clock: Any) -> str:
    """The local day an HLC time (a field's clock) was made."""
    try:
        wall = Timestamp.decode(str(clock)).wall_ms
        return dt.datetime.fromtimestamp(wall / 1000, dt.UTC).astimezone().date().isoformat()
    except (ValueError, IndexError, OverflowError, OSError):
        return ""


def fact_row(
    kind: str, record_id: str, fields: dict[str, Any], clocks: dict[str, Any], unit: str | None
) -> tuple[dict[str, Any] | None, list[str]]:
    """The fact a live record of *kind* stands for, and a consultation's topics; (None, [])
    for a kind not counted or a record without a usable day."""
    if kind not in COUNTED:
        return None, []
    f = fields
    row: dict[str, Any] = {
        "id": record_id,
        "fact": "participation" if kind == "project_participation" else kind,
        "client_id": f.get("client_id") if isinstance(f.get("client_id"), str) else None,
        "parent_id": None,
        "unit": _text(unit or f.get("unit")),
        "place": "",
        "location": _text(f.get("location")),
        "kind": "",
        "topic": "",
        "language": _text(f.get("language"), 20),
        "interpreter": False,
        "outcome": "",
        "reason": "",
        "minutes": 0,
        "amount": 0,
        "revision_of": None,
        "superseded": False,
        **CLIENT_FIELDS,
    }
    topics: list[str] = []
    if kind == "consultation":
        day = local_day(f.get("started_at"))
        row["kind"] = _text(f.get("kind"))
        row["place"] = place_of(row["kind"], row["location"])
        row["interpreter"] = _flag(f.get("mediator_used"))
        row["outcome"] = _text(f.get("outcome"))
        row["minutes"] = int(min(max(_number(f.get("duration_min")), 0), 100_000))
        revised = f.get("revision_of")
        row["revision_of"] = revised if isinstance(revised, str) and revised else None
        topics = sorted({_text(x) for x in _list(f.get("topics"))} - {""}) or [NO_TOPIC]
    elif kind == "referral":
        day = local_day(f.get("referred_on"))
        row["kind"] = _text(f.get("target_kind"))
        row["unit"] = _text(f.get("referring_unit"))
        row["topic"] = _text(f.get("topic"))
        row["outcome"] = _text(f.get("status"))
        row["reason"] = _text(f.get("failure_reason"))
        row["place"] = place_of("", row["location"]) if row["location"] else ""
    elif kind == "plan_goal":
        # The day its achievement was last set (the field's clock): "achieved in November".
        day = clock_day(clocks.get("achievement")) or clock_day(clocks.get("area"))
        row["topic"] = _text(f.get("area"))
        row["outcome"] = _text(f.get("achievement"))
        row["parent_id"] = f.get("plan_id") if isinstance(f.get("plan_id"), str) else None
    elif kind == "group_session":
        if not _flag(f.get("recorded")):
            return None, []  # a planned session is no session held
        day = local_day(f.get("starts_at"))
        row["topic"] = _text(f.get("topic"))
        row["place"] = place_of("", row["location"])
        row["minutes"] = int(min(max(_number(f.get("duration_min")), 0), 100_000))
        row["amount"] = len(_list(f.get("participant_ids"))) + int(
            min(max(_number(f.get("anonymous_count")), 0), 100_000)
        )
    elif kind == "attendance":
        day = ""  # the session's day: filled in by attendance_days()
        row["parent_id"] = f.get("session_id") if isinstance(f.get("session_id"), str) else None
        row["topic"] = _text(f.get("topic"))
        row["outcome"] = _text(f.get("status"))
        row["minutes"] = int(min(max(_number(f.get("hours")) * 60, 0), 100_000))
    elif kind == "hours_entry":
        day = local_day(f.get("worked_on"))
        row["outcome"] = _text(f.get("status"))
        row["minutes"] = int(min(max(_number(f.get("minutes")), 0), 100_000))
        row["amount"] = int(min(max(_number(f.get("allowance_cents")), 0), 10**12))
        row["parent_id"] = f.get("mediator_id") if isinstance(f.get("mediator_id"), str) else None
    else:  # project_participation
        day = local_day(f.get("started_on"))
        row["kind"] = _text(f.get("project"))
        row["reason"] = _text(f.get("exit_reason"))
        row["outcome"] = "ended" if local_day(f.get("ended_on")) else "active"
    if kind != "attendance" and not day:
        return None, []
    _set_day(row, day)
    return row, topics


def _set_day(row: dict[str, Any], day: str) -> None:
    row["day"] = day
    row["year"] = int(day[:4]) if day else 0
    row["month"] = int(day[5:7]) if day else 0


def client_row(client_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    born = fields.get("birth_date")
    precision = fields.get("birth_date_precision")
    year = None
    if isinstance(born, str) and len(born) >= 4 and born[:4].isdigit() and precision != "unknown":
        year = int(born[:4])
    nationalities = _list(fields.get("nationalities"))
    sex = fields.get("sex")
    return {
        "client_id": client_id,
        "birth_year": year,
        "sex": sex if sex in ("f", "m", "d", "u") else "u",
        "nationality": nationalities[0][:20] if nationalities else "",
        "target_group": _text(fields.get("target_group")),
    }


class Keeper:
    """Collects the facts of the records one write stores; :meth:`flush` writes them."""

    def __init__(self) -> None:
        self.facts: dict[str, dict[str, Any] | None] = {}
        self.topics: dict[str, list[str]] = {}
        self.clients: dict[str, dict[str, Any] | None] = {}
        self.sessions: dict[str, str] = {}  # group session id -> its day (for attendances)
        self.new: set[str] = set()  # records new in this write: nothing of them is stored

    def add(
        self,
        kind: str,
        record_id: str,
        fields: dict[str, Any],
        clocks: dict[str, Any],
        deleted: bool,
        unit: str | None,
        new: bool = False,
    ) -> None:
        if new:
            self.new.add(record_id)
        if kind == "client":
            self.clients[record_id] = None if deleted else client_row(record_id, fields)
            return
        if kind not in COUNTED:
            return
        if kind == "group_session" and not deleted:
            self.sessions[record_id] = local_day(fields.get("starts_at"))
        row, topics = (None, []) if deleted else fact_row(kind, record_id, fields, clocks, unit)
        self.facts[record_id] = row
        self.topics[record_id] = topics

    def keep(self, conn: Connection, seqs: list[int]) -> None:
        """Write the facts in a writer's own transaction (a merge, retention, the seed) of
        the records numbered *seqs*: no catch-up meanwhile (:func:`hold_off_catch_up`), and
        the mark moved past them where it can be (:func:`kept`)."""
        hold_off_catch_up(conn)
        self.flush(conn)
        kept(conn, seqs)

    def flush(self, conn: Connection) -> None:
        if not (self.facts or self.clients):
            return
        self._attendance_days(conn)
        self._client_fields(conn)
        f = t.report_facts
        # Superseded (docs/reports.md: a consultation a live one corrects does not count):
        # the written consultations learn it before they are inserted, from corrections in
        # this write or stored; what a written or deleted correction named is worked out again
        # after the write (a handful of rows, and only when corrections are written).
        written = {
            rid: row for rid, row in self.facts.items() if row and row["fact"] == "consultation"
        }
        in_write = {row["revision_of"] for row in self.facts.values() if row and row["revision_of"]}
        looked = sorted(written)
        for i in range(0, len(looked), CHUNK):
            in_write.update(
                target
                for fid, target in conn.execute(
                    select(f.c.id, f.c.revision_of).where(
                        f.c.revision_of.in_(looked[i : i + CHUNK])
                    )
                )
                if fid not in self.facts  # a correction rewritten or deleted here: as above
            )
        for rid, row in written.items():
            row["superseded"] = rid in in_write
        targets = {
            row["revision_of"] for row in self.facts.values() if row and row["revision_of"]
        } - set(written)
        known = sorted(set(self.facts) - self.new)
        for i in range(0, len(known), CHUNK):
            targets.update(
                conn.execute(
                    select(f.c.revision_of).where(
                        f.c.id.in_(known[i : i + CHUNK]), f.c.revision_of.is_not(None)
                    )
                ).scalars()
            )
        _replace(conn, f.c.id, self.facts, skip=self.new)
        _replace(
            conn,
            t.report_topics.c.id,
            {rid: None for rid in self.topics},
            [
                {"day": fact["day"], "id": rid, "topic": x}
                for rid, xs in self.topics.items()
                if (fact := self.facts.get(rid))
                for x in xs
            ],
            skip=self.new,
        )
        changed = self._changed_clients(conn)
        _replace(conn, t.report_clients.c.client_id, self.clients, skip=self.new)
        if changed:
            conn.execute(
                update(f)
                .where(f.c.client_id == bindparam("cid"))
                .values(
                    birth_year=bindparam("by"),
                    sex=bindparam("sx"),
                    nationality=bindparam("nat"),
                    target_group=bindparam("tg"),
                ),
                changed,
            )
        for sid, day in self.sessions.items():
            if day:
                conn.execute(
                    update(f)
                    .where(f.c.fact == "attendance", f.c.parent_id == sid, f.c.day != day)
                    .values(day=day, year=int(day[:4]), month=int(day[5:7]))
                )
        _supersede(conn, sorted(x for x in targets if x and x not in written))

    def _client_fields(self, conn: Connection) -> None:
        """Copy each fact's client's grouping fields into it: from this write, else stored."""
        wanted = sorted(
            {
                row["client_id"]
                for row in self.facts.values()
                if row and row["client_id"] and row["client_id"] not in self.clients
            }
        )
        known: dict[str, dict[str, Any] | None] = dict(self.clients)
        c = t.report_clients
        for i in range(0, len(wanted), CHUNK):
            for r in conn.execute(select(c).where(c.c.client_id.in_(wanted[i : i + CHUNK]))):
                known[r.client_id] = dict(r._mapping)
        for row in self.facts.values():
            if row:
                client = known.get(row["client_id"] or "") or {}
                for name, default in CLIENT_FIELDS.items():
                    row[name] = client.get(name, default)

    def _changed_clients(self, conn: Connection) -> list[dict[str, Any]]:
        """The clients of this write whose grouping fields differ from the stored ones (or
        were not stored): their facts outside this write take the new values."""
        ids = sorted(self.clients)
        c = t.report_clients
        stored: dict[str, dict[str, Any]] = {}
        known = [cid for cid in ids if cid not in self.new]
        for i in range(0, len(known), CHUNK):
            for r in conn.execute(select(c).where(c.c.client_id.in_(known[i : i + CHUNK]))):
                stored[r.client_id] = dict(r._mapping)
        # A client new to the reports has facts only if a record of it came first (a
        # consultation pushed before its client, a rebuild page): look those up.
        new_ids = sorted(cid for cid in ids if cid not in stored)
        f = t.report_facts
        with_facts: set[str] = set()
        for i in range(0, len(new_ids), CHUNK):
            with_facts.update(
                conn.execute(
                    select(f.c.client_id)
                    .where(f.c.client_id.in_(new_ids[i : i + CHUNK]))
                    .distinct()
                ).scalars()
            )
        out = []
        for cid, row in self.clients.items():
            new = row or {"client_id": cid, **CLIENT_FIELDS}
            if cid in stored and stored[cid] == new:
                continue
            if cid not in stored and cid not in with_facts:
                continue
            out.append(
                {
                    "cid": cid,
                    "by": new["birth_year"],
                    "sx": new["sex"],
                    "nat": new["nationality"],
                    "tg": new["target_group"],
                }
            )
        return out

    def _attendance_days(self, conn: Connection) -> None:
        """An attendance counts on its session's day: from this write, else from the store."""
        wanted = {
            row["parent_id"]
            for row in self.facts.values()
            if row and row["fact"] == "attendance" and row["parent_id"]
        }
        missing = sorted(wanted - set(self.sessions))
        r = t.records
        for i in range(0, len(missing), CHUNK):
            for rid, fields in conn.execute(
                select(r.c.id, r.c.fields).where(
                    r.c.id.in_(missing[i : i + CHUNK]), r.c.kind == "group_session"
                )
            ):
                self.sessions.setdefault(rid, local_day(orjson.loads(fields).get("starts_at")))
        for rid, row in list(self.facts.items()):
            if row and row["fact"] == "attendance":
                day = self.sessions.get(row["parent_id"] or "", "")
                if day:
                    _set_day(row, day)
                else:
                    self.facts[rid] = None  # no session known: nothing to count it on


CLIENT_FIELDS: dict[str, Any] = {
    "birth_year": None,
    "sex": "u",
    "nationality": "",
    "target_group": "",
}


def _supersede(conn: Connection, ids: list[str]) -> None:
    """Mark each of these consultations superseded exactly when a live fact corrects it."""
    f = t.report_facts
    other = f.alias("corrections")
    for i in range(0, len(ids), CHUNK):
        conn.execute(
            update(f)
            .where(f.c.id.in_(ids[i : i + CHUNK]))
            .values(superseded=exists().where(other.c.revision_of == f.c.id))
        )


def _replace(
    conn: Connection,
    key: Any,
    rows: dict[str, dict[str, Any] | None],
    fresh: list[dict[str, Any]] | None = None,
    skip: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Delete the rows kept for these record ids (but those of records new in this write:
    *skip*), then insert the fresh ones."""
    ids = [rid for rid in rows if rid not in skip]
    for i in range(0, len(ids), CHUNK):
        conn.execute(key.table.delete().where(key.in_(ids[i : i + CHUNK])))
    if fresh is None:
        fresh = [row for row in rows.values() if row]
    for i in range(0, len(fresh), 5000):
        conn.execute(key.table.insert(), fresh[i : i + 5000])


def rebuild(conn: Connection, page: int = 5000) -> int:
    """Fill the report tables anew from every record (a migration, a changed VERSION)."""
    for table in (t.report_facts, t.report_topics, t.report_clients):
        conn.execute(table.delete())
    set_meta(conn, MARK_KEY, str(reach(conn)[0]))  # what follows is read by catch_up
    r = t.records
    kinds = KEPT
    count, after = 0, ""
    # Clients first (the facts copy their grouping fields), then group sessions (the
    # attendances take their days), then the rest; kind by kind along the primary key
    # (kind, id), so each page is one index range.
    rest = [k for k in kinds if k not in ("client", "group_session")]
    for kind in ["client", "group_session", *rest]:
        after = ""
        while True:
            rows = conn.execute(
                select(r.c.id, r.c.fields, r.c.clocks, r.c.unit)
                .where(r.c.kind == kind, r.c.id > after, r.c.deleted.is_(False))
                .order_by(r.c.kind, r.c.id)
                .limit(page)
            ).all()
            if not rows:
                break
            keeper = Keeper()
            for rid, fields, clocks, unit in rows:
                keeper.add(kind, rid, orjson.loads(fields), orjson.loads(clocks), False, unit)
            keeper.flush(conn)
            count += len(rows)
            after = rows[-1].id
    return count


def mark(conn: Connection) -> int:
    """The sequence number up to which the facts hold every record."""
    return int(get_meta(conn, MARK_KEY) or 0)


def hold_off_catch_up(conn: Connection) -> None:
    """For a writer that keeps facts in its own transaction (before it writes them): no
    :func:`catch_up` runs meanwhile, which reads the records unlocked and would write the
    facts of the same record from an older snapshot (PostgreSQL: both delete and insert
    them, and one of the two fails on the key). Writers do not wait for each other (the
    lock is shared), only for a catch-up, which holds it alone. SQLite: one writer anyway."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": CATCH_UP_LOCK})


def kept(conn: Connection, seqs: list[int]) -> None:
    """The facts of the records numbered *seqs* were kept in this transaction (a merge, the
    demo seed): if the mark stands right below them and they follow each other, it moves
    past them -- a seeded million records is not read again by the next :func:`catch_up`.
    Conditional on the mark's value, so it never moves back past another's catch-up."""
    if not seqs:
        return
    low, high = min(seqs), max(seqs)
    if high - low + 1 != len(seqs):
        return
    m = t.meta.c
    moved = conn.execute(
        update(t.meta).where(m.key == MARK_KEY, m.value == str(low - 1)).values(value=str(high))
    ).rowcount
    if not moved and low == 1:  # a new database: no mark yet is the mark 0
        insert_ignore(conn, t.meta, [{"key": MARK_KEY, "value": str(high)}])


def catch_up(db: Any) -> int:
    """Bring the facts up to every committed record; the number of records read.

    A push writes its records without their facts (docs/reports.md "Where the figures come
    from"): a hundred laptops syncing at eight o'clock do not each wait for them. The facts
    follow from the records numbered after :data:`MARK_KEY` -- once the burst of pushes is
    over (``SyncService.after_push``), and before every read of the report tables
    (:func:`sync_server.reports.reading`), so a report counts every record committed before
    it was asked for, up to the oldest write still in flight. A record is read as it is now (its one row holds its last version), so
    reading one again is harmless: the other writers (merges, conflicts, retention, erasure)
    still keep the facts in their own transaction. The mark stops below every number a writer
    still in flight may hold (:func:`sync_server.db.reach`), as a pull does."""
    with db.reader.connect() as conn:  # the usual case, no write: nothing new
        top, _ = reach(conn)
        if mark(conn) >= top:
            return 0
    count = 0
    r = t.records
    while True:
        with db.writer.begin() as conn:
            if conn.dialect.name == "postgresql":  # the others wait, then find it done
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CATCH_UP_LOCK})
            start = mark(conn)
            top, _ = reach(conn)
            rows = (
                conn.execute(
                    select(r.c.seq, r.c.kind, r.c.id, r.c.fields, r.c.clocks, r.c.deleted, r.c.unit)
                    .where(r.c.seq > start, r.c.seq <= top, r.c.kind.in_(KEPT))
                    .order_by(r.c.seq)
                    .limit(CATCH_UP_PAGE)
                ).all()
                if top > start
                else []
            )
            keeper = Keeper()
            for seq, kind, rid, fields, clocks, deleted, unit in rows:
                try:
                    keeper.add(kind, rid, orjson.loads(fields), orjson.loads(clocks), deleted, unit)
                except Exception:  # one record the facts cannot read stops no report
                    log.exception("report facts: record %s (number %s) left uncounted", rid, seq)
                    keeper.add(kind, rid, {}, {}, True, unit)
            keeper.flush(conn)
            done = rows[-1].seq if len(rows) == CATCH_UP_PAGE else top
            if done > start:
                set_meta(conn, MARK_KEY, str(done))
        count += len(rows)
        if len(rows) < CATCH_UP_PAGE:
            return count


def maintain(db: Any) -> None:
    """Keep the facts in the order of their days (PostgreSQL: CLUSTER on the primary key,
    then ANALYZE): a report reads a span of days as one stretch of the table, not rows spread
    over all of it. Facts arrive in about that order anyway (consultations are recorded near
    their day); a rebuild, a seeded database or years of corrections do not. Run after a
    rebuild and by the server's nightly job; one process at a time (an advisory lock), the
    others skip. SQLite keeps the tables in that order by itself (WITHOUT ROWID)."""
    if db.writer.dialect.name != "postgresql":
        return
    with db.writer.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if not conn.exec_driver_sql("SELECT pg_try_advisory_lock(2121)").scalar():
            return
        try:
            for table in ("report_facts", "report_topics"):
                conn.exec_driver_sql(f"CLUSTER {table} USING {table}_pkey")
                conn.exec_driver_sql(f"ANALYZE {table}")
        finally:
            conn.exec_driver_sql("SELECT pg_advisory_unlock(2121)")


def ensure(db: Any) -> int | None:
    """Rebuild the report tables when they do not match this code's VERSION; the number of
    records read, or None when nothing was to be done."""
    m = t.meta
    with db.writer.begin() as conn:
        stored = conn.execute(select(m.c.value).where(m.c.key == META_KEY)).scalar()
        if stored == VERSION:
            if get_meta(conn, MARK_KEY) is None:
                # Kept in the writing transactions until now: complete up to here.
                set_meta(conn, MARK_KEY, str(reach(conn)[0]))
            return None
        count = rebuild(conn)
        if stored is None:
            conn.execute(m.insert().values(key=META_KEY, value=VERSION))
        else:
            conn.execute(update(m).where(m.c.key == META_KEY).values(value=VERSION))
    maintain(db)
    return count
