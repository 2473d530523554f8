"""A new laptop's first sync by snapshot (server side: ``sync_server.snapshot``).

Instead of replaying the server's whole change stream page by page, a laptop that holds
nothing from the server yet asks for the current state of what it may see, in large chunks up
to a fixed cursor ``top``, then continues with the ordinary pull from ``top``. The chunks are
applied by :func:`desktop.sync.apply.apply_snapshot` (the rows, clocks and merge redirects of a
pulled page, with unsent local edits kept by the pulled pages' own function), without the
per-page derived data: the search index and the last contacts of all clients are built once
at the end, in bulk.

Progress survives a broken-off snapshot: the meta row ``snapshot`` holds ``top`` and the last
chunk applied, committed with that chunk, and the next round resumes after it. The cursor is
set to ``top`` only once everything is in, in the transaction that finishes the derived data.
A new server epoch or a changed scope (``EpochChanged``/``ScopeChanged``) drops the meta row
(``SyncEngine._reset``/``_rescope_all``), and the round starts over as a pull or snapshot.
Nothing of it is ever written to disk outside the encrypted store.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import orjson
from sqlalchemy import Connection, Engine, text

from desktop.sync import apply, state
from desktop.sync.errors import EpochChanged, ScopeChanged, ServerError, SyncError
from desktop.sync.group import Group

if TYPE_CHECKING:
    from desktop.sync.engine import SyncEngine, SyncReport

log = logging.getLogger(__name__)

META = "snapshot"
CHUNK = 10_000  # records per chunk asked for
RECORD_LENGTH = 7  # [kind, id, client_id, fields, hlc, other_clocks, deleted]
GROUP_SECONDS = 1.5  # chunks applied in one transaction at most this long (the UI waits)
LOAD_CHECKPOINT = 8000  # WAL pages (16 KiB) between checkpoints while loading (default 1000)
WAIT_IN_GROUP = 0.25  # a wait for the next chunk this short keeps the transaction open
AHEAD = 2  # chunks fetched ahead of the one being applied (each about 10,000 records)
DERIVED_BATCH = 20_000  # clients per transaction when the search index is built at the end


def progress_of(conn: Connection) -> dict[str, Any] | None:
    raw = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": META}).scalar()
    if not raw:
        return None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def save_progress(conn: Connection, value: dict[str, Any]) -> None:
    conn.execute(
        text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"),
        {"k": META, "v": orjson.dumps(value).decode()},
    )


def forget(conn: Connection) -> None:
    conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": META})


def wanted(conn: Connection) -> bool:
    """A snapshot under way, or a store at cursor 0 that holds nothing from the server (a
    new laptop; a restored server or a changed scope leave records, and pull everything)."""
    if progress_of(conn) is not None:
        return True
    cursor = conn.execute(text("SELECT cursor FROM sync_state WHERE id = 1")).scalar() or 0
    if cursor:
        return False
    return (
        conn.execute(text("SELECT 1 FROM record_clock WHERE epoch != '' LIMIT 1")).first() is None
    )


@dataclass
class Timing:
    """Where a snapshot's time went (seconds; logged, and printed by bench.sync)."""

    records: int = 0  # applied by this run (a resumed one counts from where it goes on)
    waiting: float = 0.0  # for the server's next chunk (the network, the server)
    applying: float = 0.0  # rows, clocks, redirects into the store
    committing: float = 0.0
    derived: float = 0.0  # search index and last contacts, at the end
    total: float = 0.0


def _checked(chunk: Any) -> dict[str, Any]:
    """The chunk as the protocol describes it, or a clear error (never a crash deep in the
    store): a proxy or a broken server can answer anything."""
    ok = (
        isinstance(chunk, dict)
        and all(isinstance(chunk.get(k), int) for k in ("top", "next"))
        and isinstance(chunk.get("records"), list)
        and all(isinstance(r, list) and len(r) == RECORD_LENGTH for r in chunk["records"])
    )
    if not ok:
        raise ServerError(code="malformed_response", detail=str(chunk)[:200])
    return cast(dict[str, Any], chunk)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection meanwhile (the process's, so the chunk decoded in the
    fetching thread too). A chunk is tens of thousands of dicts and lists that live until it
    is applied: each of them counts towards the collector's thresholds, and the collections
    they set off walk every object of the process -- a fifth of the laptop's CPU in a first
    sync of two million records (bench.sync, py-spy). What a chunk makes holds no reference
    cycles, so reference counting frees it as before; the collector runs again afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class Ahead:
    """Fetches the chunks after *first* on a thread of its own, up to :data:`AHEAD` of them
    ahead of the one being applied: each request needs only the previous chunk's ``next``, so
    the server works on the following chunks while the store applies and commits this one
    (with one request in flight at a time, the server waited for every commit and the laptop
    for every chunk: 18 s of a 52-s first sync of two million records, bench.sync). A failed
    request is raised by :meth:`next` in the applying thread; leaving the ``with`` stops the
    thread after its request in flight."""

    def __init__(self, fetch: Callable[..., Any], first: dict[str, Any], top: int, epoch: Any):
        self._fetch, self._top, self._epoch = fetch, top, epoch
        self._queue: queue.Queue[tuple[bool, Any]] = queue.Queue(AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(first,), name="mia-snapshot", daemon=True
        )

    def __enter__(self) -> Ahead:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        with contextlib.suppress(queue.Empty):
            while True:  # a thread waiting to hand over a chunk sees the stop
                self._queue.get_nowait()
        self._thread.join()

    def _run(self, chunk: dict[str, Any]) -> None:
        epoch = self._epoch
        try:
            while not chunk.get("done") and not self._stop.is_set():
                epoch = chunk.get("epoch") or epoch
                chunk = _checked(self._fetch(int(chunk["next"]), self._top, CHUNK, epoch))
                self._hand_over((True, chunk))
        except BaseException as exc:  # raised in the applying thread
            self._hand_over((False, exc))

    def _hand_over(self, item: tuple[bool, Any]) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(queue.Full):
                self._queue.put(item, timeout=0.1)
                return

    def next(self, timeout: float | None = None) -> Any:
        """The next chunk; None if it did not come within *timeout* seconds."""
        try:
            ok, value = self._queue.get(timeout=timeout)
        except queue.Empty:
            if timeout is None:
                raise
            return None
        if not ok:
            raise value
        return value


def run(engine: SyncEngine, report: SyncReport, progress: Callable[[str, int, int], None]) -> bool:
    """Load the snapshot; True when the store is at ``top`` and the pull may go on from there,
    False when the server offers no snapshot (an older server: the pull does it all)."""
    with gc_paused():
        return _run(engine, report, progress)


def _run(engine: SyncEngine, report: SyncReport, progress: Callable[[str, int, int], None]) -> bool:
    store = engine.store
    timing = engine.snapshot_timing = Timing()
    started = time.perf_counter()
    with store.engine.connect() as conn:
        saved = progress_of(conn) or {}
    current = state.load(store.engine)
    epoch = current.epoch or None
    after = int(saved.get("after") or 0)
    try:
        chunk = _checked(engine.client.snapshot(after, saved.get("top"), CHUNK, epoch))
    except SyncError as exc:
        if exc.status in (404, 405):
            return False
        raise
    top = int(chunk["top"])
    scope = current.scope
    group = loading(store.engine, timing)
    try:
        with Ahead(engine.client.snapshot, chunk, top, epoch) as ahead:
            while True:
                engine._check_stop()
                if chunk.get("epoch") and epoch and chunk["epoch"] != epoch:
                    raise EpochChanged(chunk["epoch"])
                if scope and chunk.get("scope") and chunk["scope"] != scope:
                    raise ScopeChanged(chunk["scope"])
                scope = scope or chunk.get("scope") or ""
                epoch = chunk.get("epoch") or epoch
                nxt = int(chunk["next"])
                t0 = time.perf_counter()
                records = chunk.get("records") or []
                conn = group.bulk(checkpoint=LOAD_CHECKPOINT)
                try:
                    save_progress(conn, {"top": top, "after": nxt, "epoch": epoch or ""})
                    if scope:
                        state.set_scope(conn, scope)
                    if epoch:
                        conn.execute(
                            text("UPDATE sync_state SET epoch = :e WHERE id = 1"), {"e": epoch}
                        )
                    result = apply.apply_snapshot(
                        conn, records, epoch or "", chunk.get("max_clock") or ""
                    )
                except BaseException:
                    group.rollback()
                    raise
                engine._observe(result.max_clock)
                timing.applying += time.perf_counter() - t0
                timing.records += len(records)
                report.pulled += len(records)
                # Records to expect: those so far, extrapolated over the numbers still to
                # come (dense, but hidden records and tombstones use numbers too).
                got = timing.records
                expected = (
                    got
                    if nxt >= top
                    else max(got, round(got * (top - after) / max(nxt - after, 1)))
                )
                progress("pull", report.pulled, report.pulled - got + expected)
                if chunk.get("done"):
                    break
                # Commit after GROUP_SECONDS, or before a wait for the network that is more
                # than a moment: the UI's writes never wait for a slow server. Committing
                # before every short wait would write the same index pages (encrypted)
                # again and again.
                t0 = time.perf_counter()
                if group.age() >= GROUP_SECONDS:
                    group.commit()
                    chunk = ahead.next()
                else:
                    got_chunk = ahead.next(timeout=WAIT_IN_GROUP)
                    if got_chunk is None:
                        group.commit()
                        got_chunk = ahead.next()
                    chunk = got_chunk
                timing.waiting += time.perf_counter() - t0
        group.commit()
        t0 = time.perf_counter()
        report.changed_clients |= finish(engine, top)
        timing.derived = time.perf_counter() - t0
    finally:
        group.commit()  # what was applied before an error stays, with its progress
    timing.total = time.perf_counter() - started
    log.info(
        "first sync by snapshot: %d records up to cursor %d in %.1f s (waiting for the server "
        "%.1f s, applying %.1f s, committing %.1f s, search index and last contacts %.1f s)",
        timing.records,
        top,
        timing.total,
        timing.waiting,
        timing.applying,
        timing.committing,
        timing.derived,
    )
    return True


def loading(engine: Engine, timing: Timing) -> Group:
    """The write group of a snapshot's chunks and of its derived data: bulk-loading pragmas,
    its commits timed."""

    def ended(seconds: float) -> None:
        timing.committing += seconds

    return Group(engine, on_end=ended)


def finish(engine: SyncEngine, top: int) -> set[str]:
    """The derived data of every client, in bulk, then the cursor moves to *top*."""
    store = engine.store
    with store.engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM client")]
    group = Group(store.engine)
    try:
        for start in range(0, len(ids), DERIVED_BATCH):
            batch = ids[start : start + DERIVED_BATCH]
            conn = group.bulk(checkpoint=LOAD_CHECKPOINT)
            apply.refresh_last_contact(conn, batch)
            store.vocab.add(apply.reindex(conn, batch))
            group.commit()
        conn = group.connection()
        state.set_cursor(conn, top)
        forget(conn)
        group.commit()
    finally:
        group.rollback()
    return set(ids)
