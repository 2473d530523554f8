"""The live channel: "pull now" hints to connected PCs and waiting-room displays.

Queue state is ordinary synced records (one data path); this module only says *that*
something changed, never *what*: a change is the new last sequence number and the walk-in
queues (``walk_in:<location>``) whose records it touched. Every path that commits records calls
:func:`committed` right after its commit; that call only notes the change and wakes one sender
thread per process, so a push never waits for the channel.

* **PostgreSQL** (several server processes): the sender reads how far a pull may go (the
  watermark, :func:`sync_server.db.reach`) and sends it with ``pg_notify`` on a connection of its own; every process LISTENs on one
  dedicated connection (:class:`Live`'s listener thread, reconnecting after a failure; after a
  reconnect it tells every subscriber to pull, since notifications may have been lost).
  Bursts coalesce: what committed while a notification was on its way goes out as one.
* **SQLite** (the embedded one-process server): the sender hands the change to the process's
  subscribers directly.

Subscribers (:class:`Subscription`, one per open event stream) live on the event loop; the
threads reach them through ``call_soon_threadsafe``. A slow subscriber holds at most one
pending change (later ones merge into it), so memory stays flat whatever the rate.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
import psycopg
from sqlalchemy import Engine

from casefile.policy import WALK_IN
from sync_server.db import REACH_SQL, Database, last_seq, watermark_of

log = logging.getLogger(__name__)

HEARTBEAT_S = 15.0  # a comment line this often keeps proxies from closing an idle stream
RECONNECT_S = (0.5, 1.0, 2.0, 5.0)  # the listener's waits between attempts, the last repeated
HELD_RECHECK_S = 0.1  # how often a change sent while writers were in flight is looked at again
QUEUE_KINDS = frozenset({"walk_in_ticket", "walk_in_phase"})


@dataclass(frozen=True)
class Change:
    """Records committed: the last sequence number after them and the queues they touched.
    ``resync``: notifications may have been lost (the listener reconnected): pull everything."""

    seq: int
    queues: frozenset[str] = frozenset()
    resync: bool = False

    def merged(self, other: Change) -> Change:
        return Change(
            max(self.seq, other.seq), self.queues | other.queues, self.resync or other.resync
        )

    def to_json(self) -> str:
        return orjson.dumps(
            {"seq": self.seq, "queues": sorted(self.queues), "resync": self.resync}
        ).decode()

    @classmethod
    def from_json(cls, text: str) -> Change:
        data = orjson.loads(text)
        return cls(
            int(data.get("seq") or 0), frozenset(data.get("queues") or ()), bool(data.get("resync"))
        )


def queues_of(changed: Iterable[tuple[str, Any]]) -> set[str]:
    """The walk-in queues of *changed* ``(record id, Stored)`` pairs (for :func:`committed`)."""
    from sync_server import access

    policy = access.current()
    out: set[str] = set()
    for _rid, item in changed:
        if item.kind in QUEUE_KINDS:
            _unit, category = item.classified or policy.classify(item.kind, item.state.fields)
            if category.startswith(WALK_IN) and category != WALK_IN:
                out.add(category)
    return out


def committed(db: Database, queues: Iterable[str] = ()) -> None:
    """Records were committed (touching *queues*): tell every subscriber, in every process.
    Returns at once; the sending happens on this process's sender thread."""
    of(db).note(frozenset(queues))


def of(db: Database) -> Live:
    """The live channel of *db* in this process (made at the first use)."""
    live = db.__dict__.get("_live")
    if live is None:
        with _made:
            live = db.__dict__.get("_live")
            if live is None:
                live = db.__dict__["_live"] = Live(db)
                db.on_dispose.append(live.close)
    return live


_made = threading.Lock()


@dataclass(eq=False)
class Subscription:
    """One open event stream: the changes it wants, merged while it is busy sending."""

    loop: asyncio.AbstractEventLoop
    wanted: frozenset[str] = frozenset()  # the queues it is told about
    every: bool = True  # woken by every change (a PC: "changed"), else only by its queues
    pending: Change | None = None
    ready: asyncio.Event = field(default_factory=asyncio.Event)

    def offer(self, change: Change) -> None:
        """From any thread."""
        try:
            self.loop.call_soon_threadsafe(self._merge, change)
        except RuntimeError:
            pass  # its loop is closed: the stream is gone

    def _merge(self, change: Change) -> None:
        self.pending = change if self.pending is None else self.pending.merged(change)
        self.ready.set()

    async def next(self, timeout: float) -> Change | None:
        """The change(s) since the last call, or None after *timeout* seconds of quiet."""
        try:
            await asyncio.wait_for(self.ready.wait(), timeout)
        except TimeoutError:
            return None
        self.ready.clear()
        change, self.pending = self.pending, None
        return change


class Live:
    """The live channel of one database in one process: sender, listener and subscribers."""

    def __init__(self, db: Database):
        self.db = db
        self.postgres = not db.is_sqlite
        self.channel = _channel(db.writer)
        self._subs: set[Subscription] = set()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._queued: Change | None = None
        self._closed = False
        self._sender: threading.Thread | None = None
        self._listener: threading.Thread | None = None
        self.listening = threading.Event()  # set while the LISTEN connection is up

    # --- subscribers (event loop) -----------------------------------------------------------

    def subscribe(self, wanted: frozenset[str] = frozenset(), every: bool = True) -> Subscription:
        """A subscription on the running event loop (see :class:`Subscription`)."""
        if self.postgres:
            self.listen()
        sub = Subscription(asyncio.get_running_loop(), wanted, every)
        with self._lock:
            self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subs.discard(sub)

    @property
    def subscribers(self) -> int:
        with self._lock:
            return len(self._subs)

    def deliver(self, change: Change) -> None:
        """Hand *change* to this process's subscribers (from any thread)."""
        with self._lock:
            subs = list(self._subs)
        for sub in subs:
            if sub.every or change.resync or change.queues & sub.wanted:
                sub.offer(change)

    # --- sending (after a commit, any thread) ----------------------------------------------

    def note(self, queues: frozenset[str]) -> None:
        change = Change(0, queues)
        with self._wake:
            if self._closed:
                return
            self._queued = change if self._queued is None else self._queued.merged(change)
            if self._sender is None:
                self._sender = threading.Thread(
                    target=self._send_loop, name="live-send", daemon=True
                )
                self._sender.start()
            self._wake.notify()

    def _send_loop(self) -> None:
        conn: psycopg.Connection | None = None
        # PostgreSQL: a change sent while writers were still in flight (the number sent was
        # below the numbers handed out), with the number the readers must reach: sent again
        # once they have ended -- one that rolled back sends nothing itself.
        held: tuple[Change, int] | None = None
        while True:
            with self._wake:
                while self._queued is None and not self._closed:
                    if held is not None:
                        self._wake.wait(HELD_RECHECK_S)
                        break
                    self._wake.wait()
                change, self._queued = self._queued, None
                if self._closed:
                    break
            if change is None:
                if held is None:
                    continue
                change = held[0]
            elif held is not None:
                change = change.merged(held[0])
            try:
                if self.postgres:
                    if conn is None or conn.closed:
                        conn = _connect(self.db.writer)
                    top, issued = _reach(conn)
                    if held is not None and change is held[0] and top < held[1]:
                        continue  # nothing has ended yet: no need to wake anybody
                    conn.execute(
                        "SELECT pg_notify(%s, json_build_object('seq', %s::bigint, "
                        "'queues', %s::json)::text)",
                        (self.channel, top, orjson.dumps(sorted(change.queues)).decode()),
                    )
                    held = (change, issued) if top < issued else None
                else:
                    with self.db.reader.connect() as c:
                        seq = last_seq(c)
                    self.deliver(Change(seq, change.queues))
            except (psycopg.Error, OSError) as exc:
                log.warning(
                    "live channel: notification not sent (%s); the next one tries again", exc
                )
                if conn is not None:
                    conn.close()
                conn = None
            except Exception:
                log.exception("live channel: notification not sent")
        if conn is not None:
            conn.close()

    # --- listening (PostgreSQL) -------------------------------------------------------------

    def listen(self) -> None:
        """Start the LISTEN thread (PostgreSQL; once per process)."""
        with self._lock:
            if self._listener is not None or self._closed or not self.postgres:
                return
            self._listener = threading.Thread(
                target=self._listen_loop, name="live-listen", daemon=True
            )
            self._listener.start()

    def _listen_loop(self) -> None:
        failures = 0
        lost = False
        while not self._closed:
            try:
                with _connect(self.db.writer) as conn:
                    conn.execute(f'LISTEN "{self.channel}"')
                    self.listening.set()
                    if lost:  # what was sent while we were away is unknown: everybody pulls
                        self.deliver(Change(_seq(conn), resync=True))
                    failures = 0
                    while not self._closed:
                        for note in conn.notifies(timeout=1.0):
                            try:
                                self.deliver(Change.from_json(note.payload))
                            except (ValueError, TypeError) as exc:
                                log.warning(
                                    "live channel: unreadable notification %r (%s)",
                                    note.payload[:200],
                                    exc,
                                )
            except (psycopg.Error, OSError) as exc:
                self.listening.clear()
                lost = True
                wait = RECONNECT_S[min(failures, len(RECONNECT_S) - 1)]
                failures += 1
                log.warning("live channel: LISTEN connection lost (%s); again in %.1f s", exc, wait)
                time.sleep(wait)
        self.listening.clear()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify_all()


def _seq(conn: psycopg.Connection) -> int:
    return _reach(conn)[0]


def _reach(conn: psycopg.Connection) -> tuple[int, int]:
    """:func:`sync_server.db.reach` on a connection of the channel's own (two reads, in that
    order, in one statement)."""
    row = conn.execute(REACH_SQL).fetchone()
    issued = int(row[0]) if row and row[0] is not None else 0
    return watermark_of(issued, row[1] if row else None), issued


def _connect(engine: Engine) -> psycopg.Connection:
    """A connection of its own (not from the pool) with the engine's parameters."""
    cargs, cparams = engine.dialect.create_connect_args(engine.url)
    return psycopg.connect(*cargs, **cparams, autocommit=True, connect_timeout=10)


def _channel(engine: Engine) -> str:
    """One channel per database and schema (``options=-csearch_path=...``): two schemas of one
    database, as in the tests, do not hear each other."""
    options = str(engine.url.query.get("options") or "")
    if not options:
        return "mia_live"
    return "mia_live_" + hashlib.sha256(options.encode()).hexdigest()[:12]
