"""The sync logic behind the routes: version checks, push, pull.

Push applies a whole batch in ONE write transaction: replays are answered from
``applied_ops``, every other op is checked, merged into its record with
:func:`casefile.sync.merge`, and its result is stored under its op id. An op that fails the
checks is answered "rejected" with a reason while the valid ops of the batch apply -- a device
must never be stuck behind one bad op, and the rejection stays visible to a person. Sequence
numbers are taken just before the writes (:func:`sync_server.db.record_seqs`): on SQLite from
the counter under the write lock, on PostgreSQL from a sequence after an announcement that
keeps readers below the numbers of writers still in flight, so concurrent pushes do not queue
on a counter.

Nothing here keeps state between requests except an HLC for the server's own writes, whose
node name is unique per process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from time import monotonic, perf_counter  # (tests replace this module's time with a fake clock)
from typing import Any

import orjson
from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnClause,
    ColumnElement,
    Connection,
    LargeBinary,
    Text,
    any_,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from casefile import queue, sync, wire
from casefile.hlc import Clock
from casefile.ids import first_of_series, is_valid_id, made_from, new_id
from casefile.sync import Op, OpResult, ProtocolError, RecordState
from sync_server import access, audit, directory, live, referrals, report_facts, schema as t
from sync_server.access import Policy
from sync_server.auth import Device
from sync_server.config import Settings
from sync_server.db import (
    Database,
    get_meta,
    insert_ignore,
    insert_rows,
    last_seq,
    plain_rows,
    reach,
    record_seqs,
    run,
    utcnow,
)
from sync_server.duplicates import AfterBurst, DuplicateCheck
from sync_server.errors import ApiError
from sync_server.identity import Identity, lock_with_survivors, survivor_of
from sync_server.metrics import add_phase, phase
from sync_server.queue import lazy_prefix
from sync_server.store import Stored, client_id_of, dumps, tombstone, write_records

log = logging.getLogger(__name__)

RETRIES = 3
RETRY_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock (PostgreSQL)
SERVER_VERSION = "0.1.0"


def check_versions(protocol: Any, schema: Any = None) -> None:
    """426 for a client whose protocol (or record schema) this server cannot serve."""
    if not isinstance(protocol, int) or isinstance(protocol, bool):
        raise ApiError(422, "invalid_request", {"field": "protocol"})
    versions = {
        "server_protocol": sync.PROTOCOL_VERSION,
        "min_protocol": sync.MIN_PROTOCOL_VERSION,
        "server_schema": sync.SCHEMA_VERSION,
    }
    if protocol > sync.PROTOCOL_VERSION:
        raise ApiError(426, "client_too_new", versions)
    if protocol < sync.MIN_PROTOCOL_VERSION:
        raise ApiError(426, "client_too_old", versions)
    if isinstance(schema, int) and schema > sync.SCHEMA_VERSION:
        raise ApiError(426, "client_too_new", versions)


@dataclass
class _Parsed:
    """One op of a push after the structural checks: either ``op`` or a rejection."""

    op: Op | None
    rejection: dict | None = None


def _parse(raw: Any, schema: int) -> _Parsed:
    try:
        op = sync.Op.from_dict(raw)
        if schema < sync.SCHEMA_VERSION:
            # Upgrade first: a step may rename a field the current schema no longer knows.
            try:
                op = sync.upgrade_op(op, schema)
            except (TypeError, AttributeError, KeyError, ValueError) as exc:
                raise ProtocolError("malformed_operation", str(exc)) from exc
        sync.check_op(op)
        return _Parsed(op)
    except ProtocolError as exc:
        op_id = raw.get("op_id") if isinstance(raw, dict) else None
        record_id = raw.get("record_id") if isinstance(raw, dict) else None
        return _Parsed(
            None,
            OpResult(
                op_id if isinstance(op_id, str) else "",
                sync.REJECTED,
                record_id if isinstance(record_id, str) else "",
                exc.reason,
                detail=exc.detail[:500],
            ).to_dict(),
        )


def _retryable(exc: DBAPIError) -> bool:
    if isinstance(exc, IntegrityError):
        return True  # a concurrent push inserted the same op id or record first
    if exc.connection_invalidated:
        return True  # a connection the database closed (a restart): the pool has new ones
    return getattr(exc.orig, "sqlstate", None) in RETRY_SQLSTATES


class SyncService:
    """Push and pull over one database; safe to share between threads and processes."""

    def __init__(self, db: Database, settings: Settings):
        self.db = db
        self.settings = settings
        self.clock = Clock(f"server-{uuid.uuid4().hex[:12]}")
        self.policy = Policy.load(settings.access_policy or None)
        access.install(self.policy)
        self.queue_rules = queue.Rules.load(settings.queue_rules or None)
        self.identity = Identity(db, self.clock)
        self.duplicates = DuplicateCheck(db, self.identity, auto_merge=settings.auto_merge)
        self.changes = ChangeCache(settings.change_cache_bytes)
        self._page_sql: dict[tuple[object, ...], PageStatements] = {}
        quiet = settings.duplicate_check_quiet_s
        self._after_burst = AfterBurst(self._after_the_burst, quiet, 10 * quiet, self._newest_write)
        db.on_dispose.append(self._after_burst.stop)
        # Called inside a push transaction after the sequence numbers were taken and the rows
        # written, just before commit; tests use it to hold a transaction open.
        self.before_commit: Callable[[Connection], None] | None = None

    # --- small reads -----------------------------------------------------------------------

    def epoch(self) -> str:
        with self.db.reader.connect() as conn:
            return get_meta(conn, "epoch") or ""

    def last_seq(self) -> int:
        with self.db.reader.connect() as conn:
            return last_seq(conn)

    def version(self) -> dict:
        return {
            "protocol": sync.PROTOCOL_VERSION,
            "min_protocol": sync.MIN_PROTOCOL_VERSION,
            "schema": sync.SCHEMA_VERSION,
            "server_version": SERVER_VERSION,
            "max_ops_per_push": sync.MAX_OPS_PER_PUSH,
            "max_body_bytes": self.settings.max_body_bytes,
            "page_size": self.settings.page_size,
            "max_page_size": self.settings.max_page_size,
        }

    # --- push ------------------------------------------------------------------------------

    def push(self, device: Device, body: dict) -> dict:
        """Apply a batch of ops; returns ``{"results": [...], "epoch": ...}`` in op order."""
        if body.get("device_id") != device.id:
            raise ApiError(403, "device_mismatch", {"device_id": body.get("device_id")})
        ops = body["ops"]
        if len(ops) > sync.MAX_OPS_PER_PUSH:
            raise ApiError(
                413, "too_many_ops", {"limit": sync.MAX_OPS_PER_PUSH}, limit=sync.MAX_OPS_PER_PUSH
            )
        parsed = [_parse(raw, body["schema"]) for raw in ops]
        for attempt in range(RETRIES):
            try:
                results, epoch = self._apply(
                    device, parsed, body.get("device_time"), body.get("epoch")
                )
                return {"results": results, "epoch": epoch}
            except DBAPIError as exc:
                if attempt == RETRIES - 1 or not _retryable(exc):
                    raise
                log.info("push of device %s retried after %s", device.id, type(exc).__name__)
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _apply(
        self,
        device: Device,
        parsed: list[_Parsed],
        device_time: int | None,
        device_epoch: Any,
        guard: Callable[[dict[str, Stored]], list[dict]] | None = None,
    ) -> tuple[list[dict], str]:
        """Merge *parsed* in one transaction. *guard* (the server's own writes, such as the
        call of a walk-in ticket) sees the locked records before anything is merged and either
        raises, to abandon the whole write, or gives the ops to merge instead of *parsed* (raw,
        for the same records, stamped after what they hold); those may do what only the server
        does."""
        now = utcnow()
        now_ms = time.time_ns() // 1_000_000
        # How far the device's clock is ahead; measured at the request, so the time on the
        # wire (well below a clamp's 5 minutes on any usable network) only adds to the error.
        offset = device_time - now_ms if isinstance(device_time, int) else 0
        valid = [p.op for p in parsed if p.op is not None]
        # The client of every new child record is locked with it: an erasure committing at the
        # same moment cannot slip between the parent check and the insert.
        parents = {
            op.fields.get(name)
            for op in valid
            if op.op != "delete"
            for name in ("client_id", "other_client_id")
            if name in op.fields
        }
        # The consultations that follow-ups name: a task whose consultation is not there is
        # refused with it (_Batch.with_consultation).
        parents |= {
            op.fields.get("consultation_id")
            for op in valid
            if op.kind in FOLLOW_UPS and op.op != "delete" and op.fields.get("consultation_id")
        }
        # The ticket a walk-in phase belongs to: it must exist at the phase's location.
        parents |= {
            op.fields.get("ticket_id")
            for op in valid
            if op.kind == "walk_in_phase" and op.op != "delete" and op.fields.get("ticket_id")
        }
        # The records a link must agree with (LINK_MATCHES): locked, so their unit and person
        # cannot change between the check and the commit.
        parents |= {
            op.fields.get(name)
            for op in valid
            if op.op != "delete"
            for name in LINK_MATCHES.get(op.kind, {})
            if op.fields.get(name)
        }
        # The first session of a series a new session names (_Batch._foreign_series).
        parents |= {
            first_of_series(op.fields["series_id"])
            for op in valid
            if op.kind == "group_session" and isinstance(op.fields.get("series_id"), str)
        }
        with self.db.writer.begin() as conn:
            # Checked inside the write: a restore (new epoch) cannot slip in between.
            epoch = get_meta(conn, "epoch") or ""
            if device_epoch != epoch:
                raise ApiError(409, "epoch_mismatch", {"epoch": epoch})
            # Replays first, then the records: under READ COMMITTED (PostgreSQL) each statement
            # sees what committed before it, so a replay whose first attempt committed between
            # the two reads is answered with that attempt's records, never without them.
            with phase("lock"):
                stored = self._stored_results(conn, [op.op_id for op in valid])
                # With the clients that merged-away ones live in now (redirects).
                records = lock_with_survivors(
                    conn,
                    [op.record_id for op in valid] + [p for p in parents if isinstance(p, str)],
                )
            if guard is not None:
                parsed = [_parse(raw, sync.SCHEMA_VERSION) for raw in guard(records)]
            batch = _Batch(
                device,
                now,
                records,
                self.policy,
                directory.lazy(conn),
                prefix=lazy_prefix(conn, device.id),
                server=guard is not None,
                conn=conn,
                stored_kind=lambda rid: conn.execute(
                    select(t.records.c.kind).where(t.records.c.id == rid)
                ).scalar(),
                stored_deleted=lambda rid: bool(
                    conn.execute(select(t.records.c.deleted).where(t.records.c.id == rid)).scalar()
                ),
            )
            results: list[dict] = []
            with phase("merge"):
                for p in parsed:
                    if p.op is None:
                        if p.rejection is None:  # _parse gives every op it refuses a rejection
                            raise AssertionError("a refused op without its rejection")
                        results.append(p.rejection)
                        batch.denied.append(refusal_row(device, None, p.rejection, None, now))
                    elif p.op.op_id in batch.results:
                        results.append(batch.results[p.op.op_id])
                    elif p.op.op_id in stored:
                        owner, result = stored[p.op.op_id]
                        if owner != device.id:
                            result = OpResult(
                                p.op.op_id, sync.REJECTED, p.op.record_id, "duplicate_op_id"
                            ).to_dict()
                            batch.denied.append(refusal_row(device, p.op, result, None, now))
                        results.append(result)
                    else:
                        results.append(batch.apply(p.op, now_ms, offset))
            writing = perf_counter()  # the writes up to and with the commit
            changed = batch.changed()
            write_records(
                conn, changed, record_seqs(conn, len(changed)), batch.touched(), now, facts=False
            )
            if batch.conflict_rows:
                insert_rows(conn, t.conflicts, batch.conflict_rows)
            if batch.applied_rows:
                insert_rows(conn, t.applied_ops, batch.applied_rows)
            audit.write(conn, batch.audit_rows(changed))
            if batch.move_rows:
                insert_ignore(conn, t.merge_moves, list(batch.move_rows.values()))
            people = {
                item.state.fields.get("client_id") if item.kind != "client" else rid
                for rid, item in changed
                if item.kind in ("client", "client_identifier") and not item.state.deleted
            }
            if people and self.settings.check_duplicates:
                insert_ignore(
                    conn,
                    t.match_pending,
                    [{"client_id": p, "queued_at": now} for p in people if isinstance(p, str)],
                )
            if self.before_commit is not None:
                self.before_commit(conn)
        add_phase("write", perf_counter() - writing)
        if changed:  # connected PCs and displays pull now (returns at once)
            live.committed(self.db, live.queues_of(changed))
        # The record's state after the batch goes back with every answer (replays included), so
        # the device replaces its optimistic copy with what everybody else will see -- through
        # the read gate: nothing of a record the user may not see goes back, whatever the result.
        items = {
            res.get("record_id"): batch.records.get(res.get("record_id") or "") for res in results
        }
        readable = self.readable_ids(
            device, {rid: it for rid, it in items.items() if it is not None and rid is not None}
        )
        for res in results:
            item = items.get(res.get("record_id"))
            if item is None or res.get("record_id") not in readable:
                if item is not None:
                    res.update(detail="", conflicts=[])
                res["record"] = None
                continue
            res["record"] = sync.RecordOut.wire(item.state)
        return results, epoch

    def server_write(
        self,
        device: Device,
        ops: list[dict],
        guard: Callable[[dict[str, Stored]], list[dict]],
        epoch: str | None = None,
    ) -> tuple[list[dict], str]:
        """A write the server makes on *device*'s behalf (a call of a walk-in ticket): the
        same transaction, gates, audit and numbering as a push; *ops* name the records to
        lock, *guard* checks them and gives the ops to merge (see :meth:`_apply`)."""
        parsed = [_parse(raw, sync.SCHEMA_VERSION) for raw in ops]
        for attempt in range(RETRIES):
            try:
                return self._apply(device, parsed, None, epoch or self.epoch(), guard=guard)
            except DBAPIError as exc:
                if attempt == RETRIES - 1 or not _retryable(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def readable_ids(self, device: Device, items: dict[str, Stored]) -> set[str]:
        """The ids among *items* the read gate lets *device* see (:meth:`Policy.may_read`)."""
        cats, units = self.policy.readable(device)
        classes = {
            rid: item.classified or self.policy.classify(item.kind, item.state.fields)
            for rid, item in items.items()
        }
        out = {rid for rid, (unit, cat) in classes.items() if cat in cats or unit in units}
        rest = {
            rid: client_id_of(items[rid].kind, rid, items[rid].state.fields)
            for rid in classes
            if rid not in out
        }
        if rest and units:
            with self.db.reader.connect() as conn:
                granted = access.granted_categories(conn, device, set(rest.values()))
            out |= {
                rid
                for rid, cid in rest.items()
                if self.policy.may_read(
                    device, classes[rid][0], classes[rid][1], granted.get(cid or "", frozenset())
                )
            }
        return out

    def after_push(self) -> None:
        """What a push leaves for later: the report facts of its records
        (:func:`sync_server.report_facts.catch_up`) and the duplicate check of the clients it
        queued. Called by the API after the push answer has been sent, so no laptop waits for
        them; whatever they find, the push stands. They run once the burst of pushes is over
        (:class:`AfterBurst`, ``MIA_DUPLICATE_CHECK_QUIET_S``), or at once with 0."""
        if self.settings.duplicate_check_quiet_s > 0:
            self._after_burst.poke()
        else:
            self._after_the_burst()

    def _newest_write(self) -> float | None:
        """When the newest record was written, by any process (seconds since the epoch),
        or None if there is none: the machine's pause that :class:`AfterBurst` waits for."""
        r = t.records.c
        with self.db.reader.connect() as conn:
            newest = conn.execute(select(r.updated_at).order_by(r.seq.desc()).limit(1)).scalar()
        return dt.datetime.fromisoformat(newest).timestamp() if newest else None

    def _after_the_burst(self) -> None:
        try:
            report_facts.catch_up(self.db)
        except Exception:  # logged; the duplicate check still runs, a report retries
            log.exception("report facts after a push failed; the next push or report retries")
        if self.settings.check_duplicates:
            self._check_duplicates()

    def _check_duplicates(self) -> None:
        try:
            self.duplicates.drain()
        except DBAPIError:
            log.exception("duplicate check after a push failed; the next push retries it")

    @staticmethod
    def _stored_results(conn: Connection, op_ids: list[str]) -> dict[str, tuple[str, dict]]:
        out: dict[str, tuple[str, dict]] = {}
        unique = sorted(set(op_ids))
        a = t.applied_ops.c
        for i in range(0, len(unique), 1000):
            chunk = unique[i : i + 1000]
            rows = (
                conn.execute(_STORED.where(a.op_id.in_(chunk))).all()
                if conn.dialect.name == "sqlite"
                else run(conn, _STORED_PG, {"ids": chunk})
            )
            for op_id, device_id, result in rows:
                out[op_id] = (device_id, orjson.loads(result))
        return out

    # --- pull ------------------------------------------------------------------------------

    def _page(
        self, conn: Connection, cursor: int, top: int, sql: PageStatements, limit: int, epoch: str
    ) -> tuple[Sequence[Any], bool]:
        """The changes of one page (``cursor < seq <= top``, *top* from :meth:`read_start`):
        at most *limit* of them and, past the first, no more than
        ``max_page_bytes`` of JSON -- a page of a few large records stays small in memory on
        both sides. The sizes are read first (no JSON built), then the page up to the last
        change that fits: from :class:`ChangeCache` what another pull of this process read
        lately, from the database the rest. Returns (rows, has_more)."""
        sizes = run(conn, sql.sizes, {"cursor": cursor, "top": top, "n": limit + 1})
        budget, total, n = self.settings.max_page_bytes, 0, 0
        for _seq, size in sizes[:limit]:
            if n and total + (size or 0) > budget:
                break
            total += size or 0
            n += 1
        if not n:  # nothing new: what is kept still ages out (an erased record's old text)
            self.changes.expire()
            return [], False
        has_more = len(sizes) > n
        wanted = [seq for seq, _size in sizes[:n]]
        cached = self.changes.get(epoch, wanted)
        if not cached:
            rows = run(conn, sql.span, {"cursor": cursor, "last": wanted[-1]})
        else:
            # The sizes were read visible; what is missing is read by number (a change
            # written again since has a new number and comes in a later page, as above).
            missing = [seq for seq in wanted if seq not in cached]
            for i in range(0, len(missing), 1000):
                cached.update((row[0], row) for row in sql.by_number(conn, missing[i : i + 1000]))
            rows = [cached[seq] for seq in wanted if seq in cached]
        if not has_more:  # the head of the stream, which every laptop pulls: kept
            self.changes.put(epoch, rows)
        return rows, has_more

    def page_statements(self, conn: Connection, device: Device, today: dt.date) -> PageStatements:
        """The statements of *device*'s pull pages: built and compiled once per reader's
        view (:meth:`Policy.visible_key`, dialect), not on every pull."""
        key = (conn.dialect.name, self.policy.visible_key(device, today))
        found = self._page_sql.get(key)
        if found is None:
            if len(self._page_sql) > 256:  # views of a past day, of roles since changed
                self._page_sql.clear()
            found = self._page_sql[key] = PageStatements(
                conn, self.policy.visible_to(device, t.records, today)
            )
        return found

    def read_start(
        self, conn: Connection, epoch: str | None, cursor: int, server_epoch: str | None = None
    ) -> tuple[str, int]:
        """The start of every read of the change stream (pull, snapshot): check the device's
        epoch and read how far a read may go (:func:`sync_server.db.reach`: every change up
        to that number has committed). A *cursor* beyond the numbers handed out is ahead of
        this server. Returns (epoch, the number reads stop at)."""
        if server_epoch is None:
            server_epoch = get_meta(conn, "epoch") or ""
        if epoch and epoch != server_epoch:
            raise ApiError(409, "epoch_mismatch", {"epoch": server_epoch})
        top, issued = reach(conn)
        if cursor > issued:
            raise ApiError(409, "cursor_ahead", {"epoch": server_epoch, "cursor": cursor})
        return server_epoch, top

    def pull(
        self,
        device: Device,
        cursor: int,
        limit: int | None,
        epoch: str | None,
        *,
        raw: bool = False,
        audit_later: list | None = None,
        since: int | None = None,
        server_epoch: str | None = None,
    ) -> dict:
        """Changes with ``seq > cursor`` in ascending order, at most *limit* of them (as
        ``orjson.Fragment`` JSON texts with *raw*, for the response; else as dicts).
        *server_epoch*: the epoch the caller has just read from the database (a push that
        asks for its pull page along), not read again.

        What was sent is logged; with *audit_later* the rows are appended there for the caller
        to write after the answer is out (the API does: a pull then never waits for SQLite's
        writer, which a push or the duplicate check may hold)."""
        limit = min(limit or self.settings.page_size, self.settings.max_page_size)
        r = t.records
        with self.db.reader.connect() as conn:
            server_epoch, top = self.read_start(conn, epoch, cursor, server_epoch)
            sql = self.page_statements(conn, device, access.current_day())
            doc, visible = sql.doc, sql.visible
            with phase("read"):
                rows, has_more = self._page(conn, cursor, top, sql, limit, server_epoch)
            # A consent changed: what it opens or closes is sent anew -- every record of the
            # client up to the cursor that the device may see now (later ones come in the
            # stream); the device drops the others it holds. A device whose round of pulls
            # started from 0 (*since*) held nothing before it: the stream brings all it may see.
            start = cursor if since is None else since
            rescoped = (
                sorted({row[3] for row in rows if row[2] == "consent" and row[3]}) if start else []
            )
            found: dict[str, list] = {cid: [] for cid in rescoped}
            for i in range(0, len(rescoped), 500):
                for row in conn.execute(
                    select(r.c.seq, doc, r.c.kind, r.c.client_id)
                    .select_from(r)
                    .where(
                        r.c.client_id.in_(rescoped[i : i + 500]),
                        r.c.kind != "client",
                        r.c.seq <= cursor,
                        visible,
                    )
                    .order_by(r.c.seq)
                ):
                    found[row.client_id].append(row)
            rescope = list(found.items())
        now = utcnow()
        sent = [(row[2], row[3]) for row in rows]  # (kind, client_id), by position
        sent += [(row[2], row[3]) for _cid, docs in rescope for row in docs]
        rows_sent = audit.sent_rows(device, sent, now)
        if audit_later is None:
            audit.log(self.db, rows_sent)
        else:
            audit_later.extend(rows_sent)

        # Each change arrives as JSON text built by the database (fields and clocks are stored
        # as JSON): the page goes out without a parse or a dict per record.
        def out(docs):
            return (
                [orjson.Fragment(row[1]) for row in docs]
                if raw
                else [orjson.loads(row[1]) for row in docs]
            )

        # Past the records this device may not see, too: they are not scanned again. (Should
        # one become visible later, a consent change or a new scope sends it.)
        last = rows[-1][0] if rows else cursor
        return {
            "changes": out(rows),
            "next_cursor": last if has_more else max(last, top),
            "has_more": has_more,
            "epoch": server_epoch,
            "server_time": now,
            "scope": self.policy.scope(device),
            "rescope": [{"client_id": cid, "changes": out(docs)} for cid, docs in rescope],
        }


_STORED = select(t.applied_ops.c.op_id, t.applied_ops.c.device_id, t.applied_ops.c.result)
# PostgreSQL: the op ids as one array, one statement text whatever their number (db.run).
_STORED_PG = _STORED.where(t.applied_ops.c.op_id == any_(bindparam("ids", type_=ARRAY(Text))))


class PageStatements:
    """The statements of the pull pages of one reader's view (:meth:`SyncService._page`):
    *visible* is its condition on ``records``, compiled once with them (:func:`db.run`)."""

    def __init__(self, conn: Connection, visible: ColumnElement[bool]):
        r = t.records.c
        self.visible = visible
        self.doc: ColumnClause[Any] = literal_column(_CHANGE_JSON[conn.dialect.name == "sqlite"])
        cursor = bindparam("cursor", type_=BigInteger)
        # The numbers and JSON sizes of the next changes it may see.
        self.sizes = (
            select(r.seq, _octets(conn, r.fields) + _octets(conn, r.clocks))
            .where(r.seq > cursor, r.seq <= bindparam("top", type_=BigInteger), visible)
            .order_by(r.seq)
            .limit(bindparam("n", type_=BigInteger))
        )
        change = select(r.seq, self.doc, r.kind, r.client_id).select_from(t.records)
        # Its changes up to a number, as JSON.
        self.span = change.where(
            r.seq > cursor, r.seq <= bindparam("last", type_=BigInteger), visible
        ).order_by(r.seq)
        self._change = change
        # PostgreSQL: changes by number (read visible before), the numbers as one array.
        self._numbers = (
            None
            if conn.dialect.name == "sqlite"
            else change.where(r.seq == any_(bindparam("seqs", type_=ARRAY(BigInteger)))).order_by(
                r.seq
            )
        )

    def by_number(self, conn: Connection, seqs: list[int]) -> Sequence[Any]:
        """The changes of the numbers *seqs* (the page's sizes were read visible)."""
        if self._numbers is None:
            return plain_rows(
                conn.execute(
                    self._change.where(t.records.c.seq.in_(seqs)).order_by(t.records.c.seq)
                )
            )
        return run(conn, self._numbers, {"seqs": seqs})


class ChangeCache:
    """The JSON of the changes at the head of the stream, by number, as pulls of this process
    read them: a hundred laptops that pull what was just pushed read and build each change
    from the database once per process, not once each (bench.sync). A number names one
    version of one record for good -- every write takes a new number (``write_records``),
    and a restore a new epoch, which empties the cache -- so a kept change is never stale;
    who may see it is still asked of the database on every pull (the sizes of the page).
    Bounded by *max_bytes* of JSON and by *max_age_s*: the oldest kept go first, and none
    stays longer (an erased record's earlier text is never sent again, since its number is
    gone, and it leaves the process's memory within that time too)."""

    def __init__(self, max_bytes: int, max_age_s: float = 600.0):
        self.max_bytes, self.max_age_s = max_bytes, max_age_s
        self._lock = threading.Lock()
        self._epoch = ""
        # seq -> ((seq, doc, kind, client_id), when kept), oldest first
        self._rows: dict[int, tuple[tuple, float]] = {}
        self._bytes = 0

    def get(self, epoch: str, seqs: list[int]) -> dict[int, tuple]:
        with self._lock:
            if epoch != self._epoch:
                return {}
            self._expire(monotonic())
            rows = self._rows
            return {seq: kept[0] for seq in seqs if (kept := rows.get(seq)) is not None}

    def put(self, epoch: str, rows: Sequence[tuple]) -> None:
        if self.max_bytes <= 0:
            return
        now = monotonic()
        with self._lock:
            if epoch != self._epoch:
                self._epoch, self._rows, self._bytes = epoch, {}, 0
            for row in rows:
                if row[0] not in self._rows:
                    self._rows[row[0]] = (tuple(row), now)
                    self._bytes += self.cost(row)
            self._expire(now)

    @staticmethod
    def cost(row: Sequence) -> int:
        """The memory one kept change takes: its JSON text as Python holds it, and about
        ENTRY_BYTES for the rest (the tuples, the kind and client id, the time, the dict's
        entry; measured with tracemalloc) -- a tombstone is mostly the rest."""
        return sys.getsizeof(row[1]) + ChangeCache.ENTRY_BYTES

    ENTRY_BYTES = 400

    def expire(self) -> None:
        """Drop what is older than *max_age_s* (a pull that reads no change calls it, and
        each server process every minute, so an idle server forgets too)."""
        with self._lock:
            self._expire(monotonic())

    def _expire(self, now: float) -> None:
        while self._rows:
            oldest = next(iter(self._rows))
            row, kept = self._rows[oldest]
            if self._bytes <= self.max_bytes and now - kept < self.max_age_s:
                return
            del self._rows[oldest]
            self._bytes -= self.cost(row)


def _octets(conn: Connection, column):
    """The size of a text column in bytes (UTF-8), not characters: Arabic and Cyrillic notes
    take two bytes a letter on the wire."""
    if conn.dialect.name == "sqlite":
        return func.length(func.cast(column, LargeBinary))
    return func.octet_length(column)


# One pulled change as JSON text, built in SQL: (PostgreSQL, SQLite).
_CHANGE_JSON = tuple(
    """'{"seq":' || seq || ',"kind":' || {q}(kind) || ',"id":' || {q}(id) || ',"client_id":' || """
    """{qn} || ',"fields":' || fields || ',"clocks":' || clocks || ',"deleted":' || """
    """CASE WHEN deleted THEN 'true' ELSE 'false' END || '}'""".replace("{qn}", qn).replace(
        "{q}", q
    )
    for q, qn in (
        ("to_jsonb", "coalesce(to_jsonb(client_id)::text, 'null')"),
        ("json_quote", "json_quote(client_id)"),
    )
)


# Records that follow a consultation and stand or fall with it.
FOLLOW_UPS = frozenset({"task"})
# Links that must name a record of the given kind the server holds or held (_Batch._dangling):
# kind -> field -> kind it names.
REFERENCES: dict[str, dict[str, str]] = {
    "referral": {"offer_id": "offer"},
    "offer": {"provider_id": "provider"},
    "mediator_booking": {"mediator_id": "mediator"},
    "hours_entry": {"mediator_id": "mediator", "booking_id": "mediator_booking"},
    "mediator": {"own_client_id": "client"},
    # --- issue 20: group sessions ---
    "attendance": {"session_id": "group_session", "client_id": "client"},
    "consultation": {"group_session_id": "group_session"},
    # --- issue 20: support plan ---
    "plan_goal": {"plan_id": "support_plan"},
    "plan_step": {"plan_id": "support_plan", "goal_id": "plan_goal", "offer_id": "offer"},
    "plan_review": {"plan_id": "support_plan"},
    # --- issue 21: project participation ---
    "project_participation": {"client_id": "client"},
}
# Links whose record must agree with the record they name (_Batch._mismatch): kind -> link
# field -> ((own field, field of the linked record), ...). A step handed over under
# [hand_over] names the plan's unit in ``plan_unit``: the gate trusts that field, so the server
# holds it to the plan it names -- else any unit could write steps into another unit's section
# "for" a plan that is not its own, or into another person's plan.
LINK_MATCHES: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    # --- issue 20: support plan ---
    "plan_goal": {"plan_id": (("unit", "unit"), ("client_id", "client_id"))},
    "plan_review": {"plan_id": (("unit", "unit"), ("client_id", "client_id"))},
    "plan_step": {
        "plan_id": (("plan_unit", "unit"), ("client_id", "client_id")),
        "goal_id": (("plan_id", "plan_id"),),
    },
    # --- issue 20: group sessions --- (an attendance and a group consultation are the
    # session's unit's)
    "attendance": {"session_id": (("unit", "unit"), ("topic", "topic"))},
    "consultation": {"group_session_id": (("unit", "unit"),)},
}


def refusal_row(device: Device, op: Op | None, result: dict, item: Stored | None, at: str) -> dict:
    """The audit row of one refused op: who, which record, why (never the values)."""
    rid = result.get("record_id") if is_valid_id(result.get("record_id")) else None
    fields = dict(op.fields) if op is not None else {}
    if item is not None and item.state.exists:
        fields = {**item.state.fields, **fields}
    kind = op.kind if op is not None else None
    client = client_id_of(kind, rid, fields) if kind and rid else None
    return audit.row(
        device,
        "denied",
        kind=kind,
        record_id=rid,
        at=at,
        client_id=client if is_valid_id(client) else None,
        detail={"op": op.op if op is not None else None, "reason": result.get("reason")},
    )


class _Batch:
    """The in-memory state of one push while its ops are merged one after another."""

    def __init__(
        self,
        device: Device,
        now: str,
        records: dict[str, Stored],
        policy: Policy,
        names: Callable[[], directory.Directory],
        prefix: Callable[[], str | None] = lambda: None,
        server: bool = False,
        conn: Connection | None = None,
        stored_kind: Callable[[str], str | None] = lambda _rid: None,
        stored_deleted: Callable[[str], bool] = lambda _rid: False,
    ):
        self.device = device
        self.conn = conn  # the push's transaction: the referral rule reads consents in it
        self.prefix = prefix  # the device's ticket number prefix, read when first needed
        self.server = server  # the server's own write (a call): may call a ticket
        self.policy = policy
        self.names = names  # the directory, read when an op first names someone
        self.denied: list[dict] = []
        self.now = now
        self.records = records
        self.dirty: dict[str, None] = {}  # ordered set of changed record ids
        self.results: dict[str, dict] = {}
        self.conflict_rows: list[dict] = []
        self.applied_rows: list[dict] = []
        self.move_rows: dict[tuple, dict] = {}  # records redirected into a survivor (merge_moves)
        self.pending_moves: dict[tuple, None] = {}
        self.refused_consultations: set[str] = set()  # consultations this batch refused
        self.stored_kind = stored_kind  # the kind of a record the server holds (not locked)
        self.stored_deleted = stored_deleted  # whether that record is a tombstone
        self._kinds: dict[str, str | None] = {}
        self._erased: dict[str, bool] = {}

    def _without_consultation(self, op: Op) -> bool:
        """A consultation and its follow-up are accepted or refused together: a task that
        names a consultation this batch refused, or one the server does not have (a device
        sends a consultation before its follow-up, in one batch or an earlier one), is refused
        too -- the ABH must not get a Wiedervorlage for a consultation that does not exist.
        Checked only where the op sets the link (a done tick on an old task passes)."""
        if op.kind not in FOLLOW_UPS or op.op == "delete":
            return False
        consultation_id = op.fields.get("consultation_id")
        if not consultation_id:
            return False
        if consultation_id in self.refused_consultations:
            return True
        item = self.records.get(consultation_id)
        return item is None or item.kind != "consultation" or not item.state.exists

    def _parent_erased(self, op: Op, item: Stored | None) -> bool:
        if op.kind == "client" or op.op == "delete":
            return False
        fields = item.state.fields if item is not None else op.fields
        parent = self.records.get(fields.get("client_id") or op.fields.get("client_id") or "")
        return parent is not None and parent.kind == "client" and parent.state.deleted

    def _redirect(self, op: Op) -> tuple[Op, str | None]:
        """An op aimed at a merged-away client (or a record made for one) is aimed at the
        client it lives in now; returns the op to merge and that survivor, if any."""
        if op.op == "delete":
            return op, None  # deleting a merged-away file must not erase the survivor
        if op.kind == "client":
            target = survivor_of(self.records, op.record_id)
            if target is None:
                return op, None
            fields = {k: v for k, v in op.fields.items() if k != "id"}
            base: dict[str, str | None] = (
                {k: None for k in fields} if op.op == "create" else op.base
            )
            return dataclasses.replace(
                op, record_id=target, op="update", fields=fields, base=base
            ), target
        fields, target = dict(op.fields), None
        for name in ("client_id", "other_client_id"):
            value = fields.get(name)
            if not isinstance(value, str):
                continue
            survivor = survivor_of(self.records, value)
            if survivor is not None:
                fields[name] = target = survivor
                merge_id = self.records[value].state.fields.get("merge_id")
                if merge_id:
                    self.pending_moves[(merge_id, op.record_id, name)] = None
        return (dataclasses.replace(op, fields=fields), target) if target else (op, None)

    def apply(self, op: Op, now_ms: int, device_offset_ms: int = 0) -> dict:
        hlc, clamped = sync.clamp(op.hlc, now_ms, device_offset_ms)
        self.pending_moves = {}
        item = self.records.get(op.record_id)
        # A name-based id must be the one the record's fields give (before a redirect moves
        # the person: the id was made from the person the device knew).
        # Checked where the op would take the id: a write to a record the server does not hold
        # (a delete too: it leaves a tombstone), not a delete of one already deleted.
        live = item is not None and item.state.exists and not item.state.deleted
        misnamed = (item is None or not (live or op.op == "delete")) and (
            not made_from(op.kind, op.record_id, op.fields) or self._foreign_series(op)
        )
        op, redirected_to = self._redirect(op)
        item = self.records.get(op.record_id)
        op = self._stamped(op, item)
        refusal = self._refusal(op, item)
        if refusal is None and misnamed:
            refusal = "invalid_value", "Kennung passt nicht zum Eintrag (id)"
        if refusal is not None:
            reason, detail = refusal
            result = OpResult(
                op.op_id, sync.REJECTED, op.record_id, reason, clamped=clamped, detail=detail
            )
        elif self._parent_erased(op, item):
            # A record written (offline) for a client erased meanwhile: the erasure stands.
            result = OpResult(
                op.op_id, sync.REJECTED, op.record_id, "deleted", clamped=clamped, detail="client"
            )
        elif self._without_consultation(op):
            result = OpResult(
                op.op_id, sync.REJECTED, op.record_id, "with_consultation", clamped=clamped
            )
        else:
            result = self._merge(op, item, hlc, clamped, redirected_to)
        out = result.to_dict()
        if out["status"] == sync.REJECTED:
            if op.kind == "consultation":
                self.refused_consultations.add(op.record_id)
            self.denied.append(refusal_row(self.device, op, out, item, self.now))
        self.results[op.op_id] = out
        self.applied_rows.append(
            {
                "op_id": op.op_id,
                "device_id": self.device.id,
                "result": dumps(out),
                "applied_at": self.now,
            }
        )
        return out

    def _merge(
        self, op: Op, item: Stored | None, hlc: str, clamped: bool, redirected_to: str | None
    ) -> OpResult:
        """Merge *op* into its record (casefile.sync.merge) and keep what it changed, its
        conflicts and the records it redirected; the op's result."""
        state = item.state if item is not None else RecordState(exists=False)
        m = sync.merge(op.kind, state, dataclasses.replace(op, hlc=hlc), sent_hlc=op.hlc)
        late = self._stored_refusal(op, state, m)
        if late is not None:
            # What the field-by-field merge would store is not the writer's to store (a field
            # that lost by its clock left a widening one standing): the op is refused whole,
            # and nothing of it is kept.
            return OpResult(
                op.op_id, sync.REJECTED, op.record_id, late[0], clamped=clamped, detail=late[1]
            )
        if m.status != sync.REJECTED:
            if item is None:
                item = self.records[op.record_id] = Stored(op.kind, m.state)
            item.state = m.state
            if m.state.deleted and not state.deleted:
                tombstone(item)  # a delete keeps no content
            if m.changed or item.is_new:
                self.dirty[op.record_id] = None
        for c in m.conflicts:
            c.id = new_id()
            self.conflict_rows.append(self._conflict_row(op, m.state, c))
        status = m.status
        if redirected_to is not None and status != sync.REJECTED:
            status = sync.REDIRECTED
            for key in self.pending_moves:
                self.move_rows[key] = {"merge_id": key[0], "record_id": key[1], "field": key[2]}
        return OpResult(
            op.op_id,
            status,
            op.record_id,
            m.reason,
            m.conflicts,
            clamped,
            hlc=hlc,
            detail=redirected_to or "",
        )

    def _stamped(self, op: Op, item: Stored | None) -> Op:
        """What the server, not the device, says: the author of a new consultation, the staff
        member of a new walk-in phase, who asked for a mediator and who made a referral are the
        token's user, and so is who reviewed an hours entry (the four eyes of the allowance
        list must be two people's, not a name typed in); a unit section written without its
        unit belongs to the writer's (first) unit."""
        fields = dict(op.fields)
        if (
            op.kind == "hours_entry"
            and op.op != "delete"
            and (fields.get("reviewed_by") or fields.get("status") == "reviewed")
        ):
            fields["reviewed_by"] = self.device.user_name
        if op.op != "create" or item is not None:
            return op if fields == op.fields else dataclasses.replace(op, fields=fields)
        owner = self.policy.owner_field(op.kind)
        if owner and not fields.get(owner) and self.device.units:
            fields[owner] = self.device.units[0]
        if op.kind == "consultation":
            fields["caseworker"] = self.device.user_name
        if op.kind == "walk_in_phase":
            fields["staff"] = self.device.user_name  # who took the step, never what the op says
        if op.kind == "mediator_booking":
            fields["requested_by"] = self.device.user_name
        if op.kind == "referral":
            fields["referred_by"] = self.device.user_name
        # --- issue 20: support plan: who drew up a plan, who reviewed it ---
        if op.kind == "support_plan":
            fields["case_manager"] = self.device.user_name
        if op.kind == "plan_review":
            fields["reviewed_by"] = self.device.user_name
        return dataclasses.replace(op, fields=fields)

    def _stored_refusal(self, op: Op, state: RecordState, m: sync.Merge) -> tuple[str, str] | None:
        """The write gate once more, on the state the merge would store (not only on what the
        op asked for): (reason, detail), or None."""
        if m.status == sync.REJECTED or m.state.deleted or not m.changed:
            return None
        before = state.fields if state.exists and not state.deleted else None
        refused = self.policy.write_refusal(self.device, op.kind, before, m.state.fields)
        if refused is not None:
            return refused, ""
        if op.kind == "referral" and self.conn is not None:
            # What the merge keeps of a concurrent edit (another target won by its clock)
            # must still carry its consent.
            return referrals.refusal(self.conn, self.records, before, m.state.fields, op.record_id)
        return None

    def _refusal(self, op: Op, item: Stored | None) -> tuple[str, str] | None:
        """(reason, detail) if the op may not apply: another kind under its id, the write gate
        (:meth:`Policy.write_refusal`), a value the forms would not accept, or a person the
        directory does not know (:func:`sync_server.directory.refusal`)."""
        if item is not None and item.kind != op.kind:
            return "id_clash", ""
        live = item is not None and item.state.exists and not item.state.deleted
        if (
            live
            and item is not None
            and op.op != "delete"
            and "created_at" in op.fields
            and op.fields["created_at"] != item.state.fields.get("created_at")
        ):
            return "invalid_value", "created_at"  # fixed at the create (retention counts it)
        before = item.state.fields if live and item is not None else None  # (live: an item)
        after = None if op.op == "delete" else {**(before or {}), **op.fields}
        # A delete of a record that is no more there changes nothing, except that a client is
        # deleted only by the erase action, whatever its state. A delete of a record the
        # server never held leaves a tombstone that takes the id for good (a create replayed
        # after a restore must not bring the record back): it is a write like a create, and
        # whoever may not create such a record may not take its id -- else anybody could
        # block an offer the county's next import brings (HSDS ids are public).
        if op.op == "delete" and item is None and op.kind != "client":
            shown = {k: v for k, v in op.fields.items() if k != "id"}
            reason = self.policy.write_refusal(self.device, op.kind, None, shown)
        elif op.op == "delete" and not live and op.kind != "client":
            reason = None
        else:
            reason = self.policy.write_refusal(self.device, op.kind, before, after)
        if reason is not None:
            return reason, ""
        if after is not None and ((item is None and op.op == "create") or live):
            errors = wire.check_fields(
                op.kind, before, {k: v for k, v in op.fields.items() if k != "id"}
            )
            if errors:
                return "invalid_value", wire.german_reason(errors, op.kind)[:500]
            dangling = self._dangling(op, before) or self._mismatch(op, before, after)
            if dangling is not None:
                return "invalid_value", dangling
            if op.kind in ("walk_in_ticket", "walk_in_phase"):
                refused = self._queue_refusal(op, before, after)
                if refused is not None:
                    return refused
            if op.kind == "referral" and self.conn is not None:
                refused = referrals.refusal(self.conn, self.records, before, after, op.record_id)
                if refused is not None:
                    return refused
            return directory.refusal(self.names, op.kind, before, after)
        return None

    def _dangling(self, op: Op, before: dict[str, Any] | None) -> str | None:
        """The German reason if the op links a record to one the server does not hold, or to
        a record of another kind (:data:`REFERENCES`): a referral to an offer, an offer's
        provider, a booking's or an hours entry's mediator, a mediator's own client file.
        A record the server held and deleted counts: a referral made offline to an offer
        retired meanwhile stands (it carries the offer's name). Checked only where the op sets
        the link."""
        for name, target in REFERENCES.get(op.kind, {}).items():
            value = op.fields.get(name)
            if value is None or (before is not None and before.get(name) == value):
                continue
            held = self.held_kind(value)
            if target == "client" and held == target:
                # An erased file is gone for good: nothing links to it again.
                item = self.records.get(value)
                erased = self._erased.get(value)
                if erased is None:
                    erased = self._erased[value] = (
                        item.state.deleted if item is not None else self.stored_deleted(value)
                    )
                if erased:
                    held = None
            if held != target:
                label = wire.FIELD_LABELS.get(name, name)
                return f"{label}: kein solcher Eintrag auf dem Server ({name})"
        return None

    def _foreign_series(self, op: Op) -> bool:
        """A later session of a series whose first session (its id made from the series'
        unit, place, start and topic: casefile.ids.made_from) is another unit's: the series
        id alone does not say whose it is, so a later session needs the first one held (the
        plan writes a series in order, in one transaction); a first session deleted since
        says nothing."""
        series, number = op.fields.get("series_id"), op.fields.get("series_no")
        if op.kind != "group_session" or not isinstance(series, str) or number == 1:
            return False
        first = self.records.get(first_of_series(series))
        if first is None or first.kind != "group_session" or not first.state.exists:
            return True
        held = first.state.fields.get("unit")
        return not first.state.deleted and held != op.fields.get("unit")

    def _mismatch(self, op: Op, before: dict[str, Any] | None, after: dict[str, Any]) -> str | None:
        """The German reason if the record does not agree with a record it links to
        (:data:`LINK_MATCHES`): a step whose ``plan_unit`` or person is not its plan's, a goal
        of another plan, an attendance or group consultation of another unit than its
        session's. Checked where the op sets the link or one of the fields compared; a link
        to a record deleted meanwhile is not compared (nothing of it is left)."""
        for name, pairs in LINK_MATCHES.get(op.kind, {}).items():
            value = after.get(name)
            if not isinstance(value, str) or not value:
                continue
            touched = [name, *(own for own, _ in pairs)]
            if before is not None and all(
                k not in op.fields or op.fields[k] == before.get(k) for k in touched
            ):
                continue
            item = self.records.get(value)
            if item is None or not item.state.exists or item.state.deleted:
                continue
            linked = item.state.fields
            for own, theirs in pairs:
                mine, target = after.get(own), linked.get(theirs)
                if mine == target:
                    continue
                if (
                    own == "client_id"
                    and isinstance(target, str)
                    and survivor_of(self.records, target) == mine
                ):
                    continue  # the plan's person was merged into this one
                label = wire.FIELD_LABELS.get(name, name)
                field_label = wire.FIELD_LABELS.get(own, own)
                return f"{label}: {field_label} passt nicht zum verknüpften Eintrag ({own})"
        return None

    def held_kind(self, record_id: str) -> str | None:
        """The kind of the record *record_id* this batch or the server holds (a tombstone
        too), else None."""
        item = self.records.get(record_id)
        if item is not None and item.state.exists:
            return item.kind
        if record_id not in self._kinds:
            self._kinds[record_id] = self.stored_kind(record_id)
        return self._kinds[record_id]

    def _queue_refusal(
        self, op: Op, before: dict[str, Any] | None, after: dict[str, Any]
    ) -> tuple[str, str] | None:
        """What only the queue asks of a ticket or phase write (beyond the gate and the
        forms): a new ticket carries the device's own number prefix (two devices never give
        out one number); a ticket keeps its number, day, location and arrival (a transfer
        keeps the client's place); nobody but the server's call (``/queue/call``, atomic)
        calls a ticket -- two staff never call one client; a phase belongs to a ticket of its
        location."""
        if op.kind == "walk_in_ticket":
            if before is None:
                number = str(after.get("number") or "")
                if queue.number_prefix(number) != self.prefix():
                    return "ticket_number", number[:20]
            else:
                for name in ("number", "day", "location", "arrived_at"):
                    if after.get(name) != before.get(name):
                        return "invalid_value", name
            unit = str(after.get("unit") or "")
            if (before is None or unit != before.get("unit")) and not self.policy.serves(
                str(after.get("location") or ""), unit
            ):
                return "invalid_value", "unit"  # a queue nobody at that location calls
            status = after.get("status")
            was = before.get("status") if before is not None else None
            if not queue.may_change(before, after):
                return "ticket_phase", f"{was}->{status}"
            if not self.server:
                if status == "called" and was != "called":
                    return "call_on_server", ""
                # Who called is the server's to say (the token's user at the call).
                called_by = (before or {}).get("called_by") or ""
                if (after.get("called_by") or "") != called_by:
                    return "call_on_server", ""
            return None
        ticket = self.records.get(str(after.get("ticket_id") or ""))
        if (
            ticket is None
            or ticket.kind != "walk_in_ticket"
            or not ticket.state.exists
            or ticket.state.deleted
            or ticket.state.fields.get("location") != after.get("location")
        ):
            return "invalid_value", "ticket_id"
        if after.get("phase") == "called" and not self.server:
            return "call_on_server", ""
        return None

    def audit_rows(self, changed: list[tuple[str, Stored]]) -> list[dict]:
        """One row per record this push created, changed or deleted, and per refused op."""
        rows = list(self.denied)
        for rid, item in changed:
            s = item.state
            action = "delete" if s.deleted else "create" if item.is_new else "update"
            if item.kind == "consent":
                action = "consent"
            rows.append(
                audit.row(
                    self.device,
                    action,
                    kind=item.kind,
                    record_id=rid,
                    client_id=client_id_of(item.kind, rid, s.fields),
                    at=self.now,
                    detail={"deleted": True} if s.deleted and action == "consent" else None,
                )
            )
        return rows

    def _conflict_row(self, op: Op, state: RecordState, c: sync.Conflict) -> dict:
        # A history entry (no person needed) is settled by its rule at once; only the ones a
        # person must decide stay open.
        return {
            "id": c.id,
            "kind": op.kind,
            "record_id": op.record_id,
            "client_id": client_id_of(op.kind, op.record_id, state.fields),
            "field": c.field,
            "value": dumps(c.value),
            "hlc": c.hlc,
            "winner_value": dumps(c.winner_value),
            "winner_hlc": c.winner_hlc,
            "needs_person": c.needs_person,
            "device_id": self.device.id,
            "created_at": self.now,
            "resolved_at": None if c.needs_person else self.now,
            "resolved_by": None if c.needs_person else "rule",
            "resolution": None
            if c.needs_person
            else dumps({"value": c.winner_value, "rule": "merge"}),
        }

    def changed(self) -> list[tuple[str, Stored]]:
        return [(rid, self.records[rid]) for rid in self.dirty]

    def touched(self) -> list[tuple[str, Stored]]:
        return [
            (rid, item)
            for rid, item in self.records.items()
            if rid not in self.dirty
            and not item.is_new
            and item.state.origins != item.origins_before
        ]
