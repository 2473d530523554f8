"""The duplicate check of new and changed clients on the server (issue 4).

Pushes queue the clients they created or changed in ``match_pending``; :meth:`DuplicateCheck.
drain` checks them in batches against every other live client through the blocking keys in
``match_keys`` (:mod:`casefile.dedupe`), sends likely pairs to the review queue and merges
certain ones (:class:`sync_server.identity.Identity`).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable

import orjson
from sqlalchemy import Connection, select, text

from casefile.dedupe import BLOCK_KEYS_VERSION, block_keys, block_limit
from casefile.ids import new_id
from casefile.matcher import (
    REVIEW,
    REVIEW_AT,
    SAME,
    Person,
    Prepared,
    compare,
    is_placeholder,
    prepare,
)
from sync_server import schema as t
from sync_server.db import Database, analyze, get_meta, insert_ignore, set_meta, utcnow
from sync_server.errors import ApiError
from sync_server.identity import Identity
from sync_server.store import dumps

log = logging.getLogger(__name__)


def person_of(client_id: str, fields: dict, identifiers: list[dict]) -> Person:
    """A matcher person from a stored client record and its identifier records."""

    def text(name: str) -> str:
        value = fields.get(name)
        return value.strip() if isinstance(value, str) else ""

    birth = None
    try:
        birth = dt.date.fromisoformat(text("birth_date")[:10]) if text("birth_date") else None
    except ValueError:
        pass
    nats = fields.get("nationalities") or []
    if isinstance(nats, str):
        try:
            nats = orjson.loads(nats)
        except orjson.JSONDecodeError:
            nats = []
    if not isinstance(nats, list):
        nats = []  # a value no form would save (stored before checks)
    given = {i.get("type"): i.get("value") for i in identifiers}
    ids = {k: v.strip() for k, v in given.items() if isinstance(v, str)}
    return Person(
        id=client_id,
        given_names=text("given_names"),
        family_name=text("family_name"),
        birth_date=birth,
        birth_date_exact=text("birth_date_precision") in ("", "exact")
        and not is_placeholder(birth),
        sex=text("sex"),
        nationalities=tuple(n for n in nats if isinstance(n, str)),
        birth_place=text("birth_place"),
        phone=text("phone"),
        abh_file_number=ids.get("abh_file_number", ""),
        azr_number=ids.get("azr_number", ""),
    )


class DuplicateCheck:
    """Checks clients against every other live client through the blocking keys stored in
    ``match_keys``: likely duplicates go to the review queue, certain ones (decision ``same``)
    are merged automatically when *auto_merge* is on. Pairs a person called "not the same
    person" (status distinct) are never proposed again."""

    def __init__(self, db: Database, identity: Identity, auto_merge: bool = True):
        self.db, self.identity, self.auto_merge = db, identity, auto_merge
        self._drain_lock = threading.Lock()

    def _persons(self, conn: Connection, ids: list[str]) -> dict[str, Person]:
        r = t.records.c
        clients: dict[str, dict] = {}
        idents: dict[str, list[dict]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for row in conn.execute(
                select(r.id, r.kind, r.client_id, r.fields).where(
                    r.client_id.in_(chunk),
                    r.kind.in_(("client", "client_identifier")),
                    r.deleted.is_(False),
                )
            ):
                fields = orjson.loads(row.fields)
                if row.kind == "client":
                    clients[row.id] = fields
                else:
                    idents.setdefault(row.client_id, []).append(fields)
        out = {}
        for cid, f in clients.items():
            try:
                out[cid] = person_of(cid, f, idents.get(cid, []))
            except Exception:  # one bad record never stops the check of the rest
                log.exception("duplicate check: client %s skipped, its values are unusable", cid)
        return out

    @staticmethod
    def _forget_keys(conn: Connection, ids: list[str]) -> None:
        """Delete the stored blocking keys of *ids*."""
        k = t.match_keys.c
        for i in range(0, len(ids), 500):
            conn.execute(t.match_keys.delete().where(k.client_id.in_(ids[i : i + 500])))

    def _index(self, conn: Connection, persons: dict[str, Person]) -> dict[str, Prepared]:
        """Store the blocking keys of *persons* (the live ones; their old keys are gone)."""
        prepared = {}
        for cid, p in persons.items():
            try:
                prepared[cid] = prepare(p)
            except Exception:  # one bad record never stops the check of the rest
                log.exception("duplicate check: client %s skipped, its names are unusable", cid)
        rows = [
            {"key": key, "client_id": cid} for cid, p in prepared.items() for key in block_keys(p)
        ]
        for i in range(0, len(rows), 5000):
            insert_ignore(conn, t.match_keys, rows[i : i + 5000])
        return prepared

    def index_all(self) -> int:
        """Blocking keys of every live client (after seeding or an upgrade); returns how many
        clients were indexed. The keys are a bulk load, so the planner's statistics of
        ``match_keys`` are refreshed after it: a freshly seeded PostgreSQL database (autovacuum
        off) had them from the empty table, and every later delete of a batch's keys became a
        scan of the whole table comparing each row with 500 ids -- at 100,000 clients the
        server's start took more than 15 minutes (bench.sync). Nothing is deleted per chunk
        here: the table was emptied first."""
        r = t.records.c
        with self.db.writer.begin() as conn:
            conn.execute(t.match_keys.delete())
            set_meta(conn, "match_keys_version", BLOCK_KEYS_VERSION)
        with self.db.reader.connect() as conn:
            ids = list(
                conn.execute(select(r.id).where(r.kind == "client", r.deleted.is_(False))).scalars()
            )
        for i in range(0, len(ids), 5000):
            with self.db.writer.begin() as conn:
                chunk = ids[i : i + 5000]
                self._index(conn, self._persons(conn, chunk))
        analyze(self.db, t.match_keys)
        return len(ids)

    def ensure_indexed(self) -> None:
        """A database that has clients but no keys (seeded, or upgraded from before the
        check existed), or keys of an older blocking scheme, is indexed once;
        ``mia-sync-server serve`` calls it before serving."""
        with self.db.reader.connect() as conn:
            current = get_meta(conn, "match_keys_version") == BLOCK_KEYS_VERSION
            if current and conn.execute(select(t.match_keys.c.key).limit(1)).first() is not None:
                return
            empty = (
                conn.execute(
                    select(t.records.c.id).where(t.records.c.kind == "client").limit(1)
                ).first()
                is None
            )
        if empty:
            if not current:
                with self.db.writer.begin() as conn:
                    set_meta(conn, "match_keys_version", BLOCK_KEYS_VERSION)
            return
        log.info("indexing every client for the duplicate check (once)")
        self.index_all()

    DRAIN_LOCK = 0x4D69_4164_6570  # advisory lock: one process drains at a time
    DRAIN_BATCH = 500

    def drain(self) -> dict:
        """Check the clients waiting in ``match_pending``, in batches, until none is left --
        unless another request (or process) is draining already: then it picks these up
        too, and this push answers at once. Many pushes at the same moment thus cost one
        check of all their clients, not one each."""
        found = {"checked": 0, "review": 0, "merged": 0}
        # A push that found the lock taken just before it was released left its clients to
        # us: after releasing, look once more.
        while self._drain_once(found) and self._pending():
            pass
        return found

    def _pending(self) -> bool:
        with self.db.reader.connect() as conn:
            return conn.execute(select(t.match_pending.c.client_id).limit(1)).first() is not None

    def _drain_once(self, found: dict) -> bool:
        """Drain under the lock; False if another drainer holds it."""
        if self.db.is_sqlite:
            if not self._drain_lock.acquire(blocking=False):
                return False
            try:
                self._drain(found)
            finally:
                self._drain_lock.release()
            return True
        with self.db.reader.connect() as lock_conn:  # autocommit: holds no snapshot
            if not lock_conn.execute(
                text("SELECT pg_try_advisory_lock(:k)"), {"k": self.DRAIN_LOCK}
            ).scalar():
                return False
            try:
                self._drain(found)
            finally:
                lock_conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.DRAIN_LOCK})
        return True

    def _drain(self, found: dict) -> dict:
        p = t.match_pending.c
        while True:
            with self.db.reader.connect() as conn:
                ids = list(
                    conn.execute(
                        select(p.client_id).order_by(p.queued_at).limit(self.DRAIN_BATCH)
                    ).scalars()
                )
            if not ids:
                return found
            for key, n in self.check(ids).items():
                found[key] += n

    def check(self, client_ids: list[str], by: str = "automatisch") -> dict:
        """Refresh the keys of *client_ids* and judge them; returns counts."""
        ids = sorted(set(client_ids))
        found = {"checked": 0, "review": 0, "merged": 0}
        if not ids:
            return found
        with self.db.writer.begin() as conn:
            conn.execute(t.match_pending.delete().where(t.match_pending.c.client_id.in_(ids)))
            mine = self._persons(conn, ids)
            k = t.match_keys.c
            self._forget_keys(conn, ids)
            prepared = self._index(conn, mine)
            keys = sorted({key for p in prepared.values() for key in block_keys(p)})
            members: dict[str, set[str]] = {}
            for i in range(0, len(keys), 500):
                for row in conn.execute(
                    select(k.key, k.client_id).where(k.key.in_(keys[i : i + 500]))
                ):
                    members.setdefault(row.key, set()).add(row.client_id)
            others = {
                c for key, m in members.items() if len(m) <= block_limit(key) for c in m
            } - set(ids)
            people = {**mine, **self._persons(conn, sorted(others))}
            c = t.match_candidates.c
            known = {
                (row.left_id, row.right_id): row.status
                for row in conn.execute(
                    select(c.left_id, c.right_id, c.status).where(
                        c.left_id.in_(ids) | c.right_id.in_(ids)
                    )
                )
            }
            judged, seen = [], set(known)
            for cid, p in prepared.items():
                found["checked"] += 1
                near = {
                    o
                    for key in block_keys(p)
                    for o in members.get(key, ())
                    if len(members[key]) <= block_limit(key) and o != cid and o in people
                }
                for other in near:
                    pair = (cid, other) if cid < other else (other, cid)
                    if pair in seen:  # judged already, or decided by a person
                        continue
                    seen.add(pair)
                    try:
                        m = compare(p, prepare(people[other]), floor=REVIEW_AT)
                    except Exception:
                        log.exception("duplicate check: pair %s skipped", pair)
                        continue
                    if m.decision in (SAME, REVIEW):
                        judged.append((pair, m))
            if judged:
                # A concurrent check may have proposed the same pair: the first one stays.
                insert_ignore(
                    conn,
                    t.match_candidates,
                    [
                        {
                            "id": new_id(),
                            "left_id": a,
                            "right_id": b,
                            "status": "open",
                            "created_at": utcnow(),
                            "score": dumps(
                                {
                                    "score": round(m.score, 2),
                                    "decision": m.decision,
                                    "reasons": m.reasons,
                                }
                            ),
                        }
                        for (a, b), m in judged
                    ],
                )
        for pair, m in judged:
            if m.decision == SAME and self.auto_merge:
                survivor, merged = pair  # the file registered first survives (UUIDv7)
                try:
                    self.identity.merge(
                        survivor,
                        merged,
                        by=by,
                        reason="automatisch: " + "; ".join(m.reasons),
                        score={"score": m.score, "reasons": m.reasons},
                    )
                    found["merged"] += 1
                except ApiError:
                    pass  # merged or erased meanwhile: nothing to do
            else:
                found["review"] += 1
        return found


class AfterBurst:
    """Runs *work* on a thread of its own once pushes have paused for *quiet_s* seconds (at
    the latest *most_s* after the first push that asked for it): the duplicate check of what a
    hundred laptops pushed at eight o'clock runs once, over all their clients, when their
    pushes are answered -- not a hundred times in between, on the threads that answer them
    (bench.sync: 8 % of the server's CPU at such a moment). The clients to check wait in
    ``match_pending`` meanwhile, so a process that ends first leaves them to the next push.

    The pause is the machine's, not this process's alone: *newest* (if given) tells the
    wall-clock time of the newest write of any process (the server passes the newest
    record's ``updated_at``), and the work waits until that one is *quiet_s* old too. A
    process whose share of the burst was answered early thus does not work while the other
    workers still answer theirs (bench.sync: its check took 0.3-0.5 CPU-seconds out of the
    burst's 2 cores)."""

    def __init__(
        self,
        work: Callable[[], object],
        quiet_s: float,
        most_s: float,
        newest: Callable[[], float | None] | None = None,
    ):
        self.work, self.quiet_s, self.most_s = work, quiet_s, most_s
        self.newest = newest
        self._asked = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stopped = False

    def _wait_for_the_others(self, first: float) -> None:
        """Wait until the newest write of any process is *quiet_s* old (not past *most_s*)."""
        while not self._stopped and self.newest is not None:
            left = first + self.most_s - time.monotonic()
            try:
                newest = self.newest()
            except Exception:  # the check itself will meet (and log) a database that is gone
                log.debug("newest write unknown", exc_info=True)
                return
            if newest is None or left <= 0:
                return
            wait = min(self.quiet_s - (time.time() - newest), left)
            if wait <= 0:
                return
            self._asked.wait(wait)  # a stop() ends the wait; a local push is the newest write
            self._asked.clear()

    def poke(self) -> None:
        """Ask for *work* after the burst (a push that queued clients calls this)."""
        with self._lock:
            if self._stopped:
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="after-burst", daemon=True)
                self._thread.start()
        self._asked.set()

    def stop(self) -> None:
        with self._lock:
            self._stopped, thread = True, self._thread
        self._asked.set()
        if thread is not None:
            thread.join(timeout=30)

    def _run(self) -> None:
        while True:
            self._asked.wait()
            first = time.monotonic()
            self._asked.clear()
            # Wait while pushes keep asking (each ask restarts the quiet time), but no longer
            # than most_s from the first.
            while not self._stopped and self._asked.wait(
                max(0.0, min(self.quiet_s, first + self.most_s - time.monotonic()))
            ):
                self._asked.clear()
                if time.monotonic() - first >= self.most_s:
                    break
            self._wait_for_the_others(first)
            if self._stopped:
                return
            try:
                self.work()
            except Exception:  # logged; the clients stay queued for the next push
                log.exception("duplicate check after a burst of pushes failed")
