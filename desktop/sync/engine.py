"""One sync round: push the outbox, then pull what changed on the server (no Qt, no threads).

Promises kept here (see docs/sync-protocol.md, "Desktop side" and "Cursor, epoch, idempotency"):

* An outbox entry leaves the outbox only on the server's answer: applied, conflict or
  redirected mark it acknowledged (kept a while for a restored server, then pruned); rejected
  moves it to ``sync_rejection`` with its reason, for a person. A push whose answer was lost is
  simply sent again; the server answers the replay with its stored result.
* A pulled page is applied in ONE local transaction with bulk statements, and the cursor moves
  in that same transaction: a crash before the commit leaves the cursor where it was, and the
  page is pulled again and applied again (idempotent, it is the server's current state).
* A changed server epoch (a restored backup) resets the cursor to 0 and sends every kept entry
  again; the server keeps what it already has (op ids) and applies what it lacks. Nothing unsent
  is ever thrown away.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import text

from casefile import sync
from casefile.hlc import Timestamp
from casefile.ids import new_id
from desktop import permissions
from desktop.store import bulk, directory
from desktop.store.changes import note as note_change
from desktop.store.repo import Store
from desktop.sync import apply, snapshot as first_sync, state
from desktop.sync.client import SyncClient
from desktop.sync.errors import Cancelled, EpochChanged, ScopeChanged, SyncError
from desktop.sync.group import Group

log = logging.getLogger(__name__)

PUSH_BATCH = 500  # ops per push request
PAGE_SIZE = 5000  # changes per pull page
BULK_PAGE = 1000  # a pulled page this big is part of a long pull (first sync)
GROUP_CHANGES = 40_000  # changes of big pages applied in one transaction at most ...
GROUP_SECONDS = 1.5  # ... and for at most this long (the UI's writes wait meanwhile)
ACK_RETENTION_DAYS = 30  # acknowledged entries kept for a server restored from a backup
ACKED = (sync.APPLIED, sync.CONFLICT, sync.REDIRECTED)

Progress = Callable[[str, int, int], None]  # phase ("push"/"pull"), done, estimated total


@dataclass
class SyncReport:
    """What one round did; ``conflicts`` counts ops answered with a conflict in this round,
    ``open_conflicts`` what the server lists as still to be settled."""

    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    duration: float = 0.0
    epoch_reset: bool = False
    scope_reset: bool = False
    open_conflicts: int | None = None
    changed_clients: set[str] = field(default_factory=set, repr=False)
    directory_changed: bool = False


class SyncEngine:
    """Syncs one store with one server through *client* (a :class:`SyncClient`)."""

    def __init__(
        self,
        store: Store,
        client: SyncClient,
        *,
        push_batch: int = PUSH_BATCH,
        page_size: int = PAGE_SIZE,
        count_conflicts: bool = True,
        snapshot: bool = True,
    ):
        self.store = store
        self.client = client
        self.push_batch = min(push_batch, sync.MAX_OPS_PER_PUSH)
        self.page_size = page_size
        self.count_conflicts = count_conflicts
        # A new laptop's first sync by snapshot (desktop.sync.snapshot); False: page by page.
        self.snapshot = snapshot
        self.snapshot_timing: first_sync.Timing | None = None  # of the last snapshot loaded
        # Set from another thread to end a long round between two batches or pages.
        self.stop_event = threading.Event()
        # The first pull page a push answer brought along: (cursor it starts from, page).
        self._along: tuple[int, dict] | None = None

    @property
    def engine(self):
        return self.store.engine

    def sync_once(self, progress: Progress | None = None) -> SyncReport:
        """Push, then pull; on a new server epoch reset and do both again (once)."""
        started = time.monotonic()
        report = SyncReport()
        progress = progress or (lambda _phase, _done, _total: None)
        try:
            for attempt in (1, 2):
                try:
                    # A restored server: read it fully and re-create what it lost BEFORE
                    # sending edits, which would otherwise meet records it does not have.
                    if state.load(self.engine).resync and self._pull(report, progress):
                        self._queue_missing()
                    self._push(report, progress)
                    if self._pull(report, progress) and self._queue_missing():
                        self._push(report, progress)
                    break
                except EpochChanged as exc:
                    if attempt == 2:
                        raise
                    self._reset(exc.epoch)
                    report.epoch_reset = True
                except ScopeChanged as exc:
                    if attempt == 2:
                        raise
                    self._rescope_all(exc.scope)
                    report.scope_reset = True
            self._refresh_rules()
            report.directory_changed = self._directory()
            if self.count_conflicts:
                report.open_conflicts = self._open_conflicts()
        except SyncError as exc:
            if not isinstance(exc, Cancelled):
                state.record_error(self.engine, exc.message)
            raise
        state.record_success(self.engine, report.open_conflicts)
        report.duration = time.monotonic() - started
        log.info(
            "sync: pushed %d, pulled %d, conflicts %d, rejected %d in %.2f s",
            report.pushed,
            report.pulled,
            report.conflicts,
            report.rejected,
            report.duration,
        )
        return report

    def _refresh_rules(self) -> None:
        """Fetch the server's access rules when the laptop has none or the pull's scope
        changed since (a changed rules file or a changed role or unit changes the scope)."""
        current = state.load(self.engine).scope
        with self.engine.connect() as conn:
            kept = permissions.rules_scope(conn)
        if kept is not None and kept == current:
            return
        try:
            answer = self.client.rules()
        except SyncError as exc:
            if exc.status == 404:  # an older server: the shipped rules stand in
                log.info("the server sends no access rules; the shipped ones stand in")
                return
            raise
        try:
            with self.engine.begin() as conn:
                permissions.save_rules(
                    conn,
                    answer.get("digest", ""),
                    answer["rules"],
                    current,
                    state.names_from(answer.get("units")),
                    state.names_from(answer.get("roles")),
                )
        except (KeyError, TypeError, ValueError) as exc:
            log.error("the server's access rules cannot be read here: %s", exc)

    # --- push ------------------------------------------------------------------------------

    def _pending(self, limit: int) -> list[Any]:
        with self.engine.connect() as conn:
            return conn.execute(
                text(
                    "SELECT seq, op_id, kind, record_id, op, payload, hlc, base, resent FROM outbox "
                    "WHERE acked_at IS NULL ORDER BY seq LIMIT :n"
                ),
                {"n": limit},
            ).all()

    def _push(self, report: SyncReport, progress: Progress) -> None:
        current = state.load(self.engine)
        total = self.store.outbox_count()
        done = 0
        self._along = None
        while True:
            self._check_stop()
            batch = self._pending(self.push_batch)
            if not batch:
                break
            body = {
                "protocol": sync.PROTOCOL_VERSION,
                "schema": sync.SCHEMA_VERSION,
                "epoch": current.epoch,
                "device_id": current.device_id,
                "ops": [_op_dict(r) for r in batch],
                "device_time": self.store.clock.wall_ms(),
            }
            # The last batch asks for the first pull page along (the answer's ``pull``): an
            # everyday round is then one request. Not for a laptop that reads everything
            # anew (cursor 0: a first sync, a new epoch or scope) -- that pull has its own way.
            if len(batch) < self.push_batch and current.cursor and not current.resync:
                body["pull"] = {
                    "cursor": current.cursor,
                    "limit": self.page_size,
                    "since": current.cursor,
                }
            answer = self.client.push(body)
            if answer.get("epoch") and answer["epoch"] != current.epoch:
                raise EpochChanged(answer["epoch"])
            page = answer.get("pull")
            if "pull" in body and isinstance(page, dict):
                self._along = (current.cursor, page)
            settled = self._settle(batch, answer.get("results") or [], report)
            done += len(batch)
            progress("push", done, max(total, done))
            if settled == 0:
                # No answer for any op of the batch: do not loop on it; the next round retries.
                log.warning("push: the server answered none of %d ops", len(batch))
                break
        self._prune()

    def _settle(self, batch: list[Any], results: list[dict], report: SyncReport) -> int:
        """Record the answers to one pushed batch in one transaction; returns how many ops
        got an answer.

        Every answer carries the server's state of the record after the batch. It replaces
        the local copy (the device's own unsent edits stay on top), so an edit that lost on
        the server -- which then sends no change for the record -- cannot leave this laptop
        showing a value nobody else has.
        """
        ops = {r.op_id: r for r in batch}
        answers: dict[str, sync.OpResult] = {}
        for raw in results:
            try:
                res = sync.OpResult.from_dict(raw)
            except (TypeError, ValueError):
                log.warning("push: unreadable result %r", raw)
                continue
            if res.op_id in ops:
                answers[res.op_id] = res
        now = state.now_text()
        epoch = state.load(self.engine).epoch
        # A replay to a restored server of what it had acknowledged before, refused because
        # the record was deleted meanwhile: the deletion is what holds; nothing for a person.
        replayed = {
            op_id
            for op_id, res in answers.items()
            if res.status == sync.REJECTED and res.reason == "deleted" and ops[op_id].resent
        }
        acked = [
            op_id for op_id, res in answers.items() if res.status in ACKED or op_id in replayed
        ]
        refused = [
            res
            for op_id, res in answers.items()
            if res.status == sync.REJECTED and op_id not in replayed
        ]
        states = {}
        for op_id, res in answers.items():
            if res.record is not None and res.record_id:
                states[res.record_id] = _change(ops[op_id].kind, res.record_id, res.record)
        with self.engine.begin() as conn:
            if acked:
                conn.execute(
                    text("UPDATE outbox SET acked_at = :t WHERE op_id = :o"),
                    [{"t": now, "o": o} for o in acked],
                )
            if refused:
                self._reject(conn, [(ops[res.op_id], res) for res in refused], now)
                # A record refused because it (or its client) was erased leaves the live
                # tables; what the person wrote is kept in the rejection list.
                for res in refused:
                    row = ops[res.op_id]
                    if res.reason == "deleted" and res.record is None and row.kind in apply.TABLES:
                        conn.execute(
                            apply.TABLES[row.kind]
                            .delete()
                            .where(apply.TABLES[row.kind].c.id == row.record_id)
                        )
                        bulk.delete_clocks(conn, [row.record_id])
            applied = apply.apply_changes(conn, list(states.values()), epoch)
        self.store.vocab.add(applied.words)
        report.changed_clients |= applied.clients
        report.pushed += len(acked)
        report.conflicts += sum(1 for res in answers.values() if res.status == sync.CONFLICT)
        report.rejected += len(refused)
        self._observe(max((res.hlc or "" for res in answers.values()), default=""))
        return len(answers)

    def _reject(self, conn, items: list[tuple[Any, sync.OpResult]], now: str) -> None:
        """Move refused ops from the outbox to the list a person reads (never dropped)."""
        payloads = {row.op_id: orjson.loads(row.payload) for row, _res in items}
        client_of = {}
        for row, _res in items:
            fields = payloads[row.op_id]
            client_of[row.op_id] = (
                row.record_id
                if row.kind == "client"
                else fields.get("client_id") or _local_client_id(conn, row)
            )
        names = state.client_names(conn, client_of.values())
        conn.execute(
            text(
                "INSERT OR IGNORE INTO sync_rejection (op_id, kind, record_id, client_id, client_name, "
                "op, fields, reason, detail, hlc, rejected_at) VALUES (:op_id, :kind, :record_id, "
                ":client_id, :client_name, :op, :fields, :reason, :detail, :hlc, :rejected_at)"
            ),
            [
                {
                    "op_id": row.op_id,
                    "kind": row.kind,
                    "record_id": row.record_id,
                    "client_id": client_of[row.op_id],
                    "client_name": names.get(client_of[row.op_id] or "", ""),
                    "op": row.op,
                    "fields": row.payload,
                    "reason": res.reason or "rejected",
                    "detail": res.detail or "",
                    "hlc": row.hlc,
                    "rejected_at": now,
                }
                for row, res in items
            ],
        )
        conn.execute(
            text("DELETE FROM outbox WHERE op_id = :o"), [{"o": row.op_id} for row, _ in items]
        )
        for client_id in set(client_of.values()):
            note_change("rejection", client_id)  # the file shows the refusal on the record

    def _prune(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    "DELETE FROM outbox WHERE acked_at IS NOT NULL AND acked_at < "
                    "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', :age)"
                ),
                {"age": f"-{ACK_RETENTION_DAYS} days"},
            )

    # --- pull ------------------------------------------------------------------------------

    def _pull(self, report: SyncReport, progress: Progress) -> bool:
        """Pull pages from the stored cursor; True when the server had nothing more.

        The next page is fetched while this one is written (one helper thread): the server's
        and the network's time overlap with SQLite's. Pages are still applied strictly in
        order, and a page fetched ahead is simply dropped if the round ends early.

        Big pages (a first sync, a long backlog) share one transaction while the next page is
        already there, up to ``GROUP_CHANGES`` changes or ``GROUP_SECONDS``: each commit writes
        every page it touched (encrypted) to the WAL, and the same index pages would otherwise
        be written once per page. The transaction is committed before waiting for the network,
        so the write lock is never held for a slow server, and a save in the UI waits at most
        about ``GROUP_SECONDS`` (small pages, the everyday sync, commit one by one). Each page
        moves the cursor inside the transaction, and anything but a failed apply commits what
        was applied before it is raised.
        """
        if self.snapshot:
            with self.engine.connect() as conn:
                wanted = first_sync.wanted(conn)
            if wanted and not first_sync.run(self, report, progress):
                self.snapshot = False  # an older server: the pull brings everything
        current = state.load(self.engine)
        cursor, epoch, scope = current.cursor, current.epoch, current.scope
        total = None
        since = cursor
        along, self._along = self._along, None
        group = Group(self.engine)
        try:
            with ThreadPoolExecutor(1, thread_name_prefix="mia-pull") as ahead:
                fetch: Future[dict] = Future()
                if along is not None and along[0] == cursor:
                    fetch.set_result(along[1])  # the push answer brought the first page
                else:
                    fetch = ahead.submit(
                        self.client.pull, cursor, self.page_size, epoch or None, since
                    )
                while True:
                    self._check_stop()
                    if not fetch.done():
                        group.commit()
                    page = fetch.result()
                    if epoch and page.get("epoch") and page["epoch"] != epoch:
                        raise EpochChanged(page["epoch"])
                    if scope and page.get("scope") and page["scope"] != scope:
                        raise ScopeChanged(page["scope"])
                    scope = scope or page.get("scope") or ""
                    changes = page.get("changes") or []
                    next_cursor = int(page.get("next_cursor", cursor))
                    epoch = page.get("epoch") or epoch
                    if total is None:
                        total = self._estimate(page, cursor, len(changes))
                    stalled = not changes and next_cursor <= cursor
                    more = bool(page.get("has_more")) and not stalled
                    if more:
                        fetch = ahead.submit(
                            self.client.pull, next_cursor, self.page_size, epoch, since
                        )
                    try:
                        # A big page (first sync) touches large indexes all over: a bigger
                        # page cache keeps them in memory while the group lasts.
                        result = self._apply_page(
                            group.bulk() if len(changes) >= BULK_PAGE else group.connection(),
                            changes,
                            next_cursor,
                            epoch,
                            page.get("rescope") or [],
                            scope,
                        )
                    except BaseException:
                        group.rollback()
                        raise
                    group.changes += len(changes)
                    if (
                        len(changes) < BULK_PAGE
                        or group.changes >= GROUP_CHANGES
                        or group.age() >= GROUP_SECONDS
                    ):
                        group.commit()
                    self.store.vocab.add(result.words)
                    self._observe(result.max_clock)
                    report.pulled += len(changes)
                    report.changed_clients |= result.clients
                    progress("pull", report.pulled, max(total, report.pulled))
                    cursor = next_cursor
                    if not more:
                        group.commit()
                        return not page.get("has_more")
        finally:
            group.commit()

    def _apply_page(
        self,
        conn,
        changes: list[dict],
        next_cursor: int,
        epoch: str,
        rescopes: Sequence[dict] = (),
        scope: str = "",
    ) -> apply.PageResult:
        # The cursor write comes first: it takes SQLite's write lock at once, so the reads
        # of pending ops below see what the page is applied over. It commits with the page.
        state.set_cursor(conn, next_cursor)
        if epoch:
            conn.execute(text("UPDATE sync_state SET epoch = :e WHERE id = 1"), {"e": epoch})
        if scope:
            state.set_scope(conn, scope)
        result = apply.apply_changes(conn, changes, epoch)
        if rescopes:
            # A consent changed: the clients' sections as the device may see them now.
            again = apply.rescope(conn, rescopes, epoch, (c["id"] for c in changes))
            result.applied += again.applied
            result.deleted += again.deleted
            result.clients |= again.clients
            result.words += again.words
            result.max_clock = max(result.max_clock, again.max_clock)
        return result

    def _estimate(self, page: dict, cursor: int, got: int) -> int:
        """Records to expect in this pull (for the progress bar of a long first sync).

        The server's sequence numbers are dense, so the last one minus the cursor bounds the
        changes still to come. A server that sends ``last_seq`` saves the search; otherwise the
        last one is found by asking for pages beyond it (each a tiny request answered with
        ``cursor_ahead``).
        """
        if not page.get("has_more"):
            return got
        last = page.get("last_seq")
        if not isinstance(last, int):
            last = self._find_last_seq(int(page.get("next_cursor", cursor)))
        return max(got, last - cursor)

    def _find_last_seq(self, known: int) -> int:
        lo, step = known, max(1, self.page_size)
        hi = None
        for _ in range(64):  # gallop up, then halve: ~2 log2(n) tiny requests
            probe = lo + step if hi is None else (lo + hi) // 2
            if hi is not None and probe <= lo:
                break
            try:
                self.client.pull(probe, 1)
                lo = probe
                step *= 2
            except EpochChanged:
                hi = probe
            if hi is not None and hi - lo <= 1:
                break
        return lo

    def _queue_missing(self) -> int:
        """After a full pull from a new epoch: queue a create for every record this laptop
        holds that the server did not send (it lacks them) and that no outbox entry covers.
        Returns how many were queued."""
        if not state.load(self.engine).resync:
            return 0
        with self.engine.begin() as conn:
            state.clear_resync(conn)  # first: takes the write lock for the reads below
            epoch = conn.execute(text("SELECT epoch FROM sync_state WHERE id = 1")).scalar()
            # Records the server did not send, unless an entry here creates them anyway.
            missing = conn.execute(
                text(
                    "SELECT c.record_id, c.kind FROM record_clock c WHERE (c.epoch < :e OR c.epoch > :e) "
                    "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.record_id = c.record_id "
                    "AND o.op = 'create')"
                ),
                {"e": epoch},
            ).all()
            queued = 0
            for record_id, kind in missing:
                table = apply.TABLES.get(kind)
                row = (
                    conn.execute(table.select().where(table.c.id == record_id)).first()
                    if table is not None
                    else None
                )
                if row is None:
                    continue
                clocks = bulk.load_clocks(conn, [record_id]).get(record_id, {})
                hlc = max(clocks.values(), default="") or self.store.clock.now().encode()
                conn.execute(
                    text(
                        "INSERT INTO outbox (op_id, kind, record_id, op, payload, hlc, created_at) "
                        "VALUES (:o, :k, :r, 'create', :p, :h, :t)"
                    ),
                    {
                        "o": new_id(),
                        "k": kind,
                        "r": record_id,
                        "h": hlc,
                        "t": state.now_text(),
                        "p": _payload(row),
                    },
                )
                # Edits of the record still to send go after its create, in their order.
                for (seq,) in conn.execute(
                    text(
                        "SELECT seq FROM outbox WHERE record_id = :r AND acked_at IS NULL "
                        "AND op != 'create' ORDER BY seq"
                    ),
                    {"r": record_id},
                ).all():
                    conn.execute(
                        text(
                            "UPDATE outbox SET seq = (SELECT max(seq) + 1 FROM outbox) "
                            "WHERE seq = :s"
                        ),
                        {"s": seq},
                    )
                queued += 1
        if queued:
            log.warning("the restored server lacked %d records of this laptop: sent again", queued)
        return queued

    # --- epoch, clocks, conflicts --------------------------------------------------------

    def _check_stop(self) -> None:
        if self.stop_event.is_set():
            raise Cancelled()

    def _reset(self, epoch: str) -> None:
        with self.engine.begin() as conn:
            again = state.reset_epoch(conn, epoch)
            first_sync.forget(conn)
        log.warning(
            "server epoch changed to %s: reading everything again, %d sent entries queued again",
            epoch,
            again,
        )

    def _rescope_all(self, scope: str) -> None:
        with self.engine.begin() as conn:
            dropped = apply.drop_sections(conn)
            state.reset_scope(conn, scope)
            first_sync.forget(conn)
        log.warning("access scope changed: %d records dropped, reading everything again", dropped)

    def _observe(self, clock: str) -> None:
        if clock:
            try:
                self.store.clock.observe(Timestamp.decode(clock))
            except ValueError:
                log.warning("unreadable clock from the server: %r", clock)

    def _directory(self) -> bool:
        """Fetch the directory if it changed since the copy this laptop keeps, and keep it
        (True). The pick lists live on the copy; failing to refresh it never fails a round."""
        try:
            document = self.client.directory(directory.version(self.engine))
        except Cancelled:
            raise
        except SyncError as exc:
            log.info("directory not refreshed: %s", exc.message)
            return False
        if document is None:
            return False
        with self.engine.begin() as conn:
            directory.save(conn, document)
        return True

    def _open_conflicts(self) -> int | None:
        try:
            answer = self.client.conflicts(open_only=True, limit=5000)
        except SyncError as exc:
            log.info("conflict count not available: %s", exc)
            return None
        return len(answer.get("conflicts") or [])


def _change(kind: str, record_id: str, record: sync.RecordOut) -> dict:
    """A record state from a push answer, in the shape of a pulled change (sync.Change)."""
    fields = record.fields or {}
    return {
        "kind": kind,
        "id": record_id,
        "client_id": record_id if kind == "client" else fields.get("client_id"),
        "fields": fields,
        "clocks": record.clocks or {},
        "deleted": bool(record.deleted),
    }


def _payload(row: Any) -> str:
    # Column names are SQLAlchemy's str subclass, which orjson refuses as keys.
    return orjson.dumps({str(k): v for k, v in row._mapping.items()}, default=str).decode()


def _op_dict(row: Any) -> dict:
    return sync.Op(
        row.op_id,
        row.kind,
        row.record_id,
        row.op,
        row.hlc,
        orjson.loads(row.payload) if row.op != "delete" else {},
        orjson.loads(row.base) if row.base else {},
    ).to_dict()


def _local_client_id(conn, row: Any) -> str | None:
    table = apply.TABLES.get(row.kind)
    if table is None or "client_id" not in table.c:
        return None
    return conn.execute(
        text(f"SELECT client_id FROM {table.name} WHERE id = :i"), {"i": row.record_id}
    ).scalar()
