"""One client file per person on the server: merge, unmerge, redirects, the review queue.

A **merge** of client M into survivor S, in one transaction:

* S takes the field values a person chose from M (or nothing, keeping S as it is);
* every live record of M (consultations, tasks, statuses, identifiers, ...) gets
  ``client_id = S``; household links naming M name S;
* M becomes a tombstone with ``merged_into = S`` and ``merge_id``: devices see it on their
  next pull as a **redirect** (docs/sync-protocol.md), and a push of a record made offline
  against M -- even long after the merge -- lands in S (status ``redirected``);
* the merge row keeps who, when, why and a snapshot of both clients; ``merge_moves`` lists every
  record re-pointed, at the merge and later by redirected pushes.

An **unmerge** restores M's record from the snapshot, moves exactly those records back, and
gives S back the values the merge changed (unless edited since); the pair is then remembered
as "not the same person". Every change goes out under new sequence numbers like any push, so
devices converge on their next pull.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading

import orjson
from sqlalchemy import Connection, select, text, update

from casefile.dedupe import MAX_BLOCK, block_keys
from casefile.hlc import Clock
from casefile.ids import new_id
from casefile.matcher import REVIEW, SAME, Person, Prepared, compare, is_placeholder, prepare
from casefile.sync import RecordState
from sync_server import schema as t
from sync_server.db import Database, pending_seqs, sequence_pending, take_seqs, utcnow
from sync_server.errors import ApiError
from sync_server.store import (Stored, dumps, insert_ignore, lock_children, lock_records,
                               write_records)

log = logging.getLogger(__name__)

MAX_CHAIN = 20          # merges of merges followed at most (a cycle is impossible, but bounded)


def survivor_of(records: dict[str, Stored], client_id: str) -> str | None:
    """The client a merged-away client now lives in (following merges of merges), or None if
    *client_id* is not merged away. Every client on the chain must be in *records*."""
    target, hops = client_id, 0
    while hops < MAX_CHAIN:
        item = records.get(target)
        if item is None or item.kind != "client" or not item.state.fields.get("merged_into"):
            break
        target, hops = item.state.fields["merged_into"], hops + 1
    return target if hops else None


def lock_with_survivors(conn: Connection, ids: list[str]) -> dict[str, Stored]:
    """Lock *ids* and, for every merged-away client among them, the clients it lives in now."""
    records = lock_records(conn, ids)
    for _ in range(MAX_CHAIN):
        more = [item.state.fields["merged_into"] for item in records.values()
                if item.kind == "client" and item.state.fields.get("merged_into")
                and item.state.fields["merged_into"] not in records]
        if not more:
            break
        records.update(lock_records(conn, more))
    return records


class Identity:
    """Merges and unmerges over one database (used by the API and the dedupe job)."""

    def __init__(self, db: Database, clock: Clock):
        self.db = db
        self.clock = clock

    def _seqs(self, conn: Connection, n: int) -> list[int]:
        if n == 0:
            return []
        if self.db.is_sqlite:
            first = take_seqs(conn, n)
            return list(range(first, first + n))
        return pending_seqs(conn, n)

    def _write(self, conn: Connection, changed: dict[str, Stored]) -> None:
        # Children first, the client records last: a device that reads the merge across two
        # pages has moved the records before it sees the redirect.
        order = sorted(changed.items(), key=lambda kv: kv[1].kind == "client")
        write_records(conn, order, self._seqs(conn, len(order)), [], utcnow())

    # --- merge ----------------------------------------------------------------------------

    def merge(self, survivor_id: str, merged_id: str, *, by: str, reason: str,
              keep: dict[str, object] | None = None, score: dict | None = None) -> dict:
        """Merge client *merged_id* into *survivor_id*; *keep* maps survivor fields to the
        values to keep (chosen from either file). Returns the merge row as a dict."""
        if survivor_id == merged_id:
            raise ApiError(422, "merge_same_client", {"client_id": survivor_id})
        with self.db.writer.begin() as conn:
            records = lock_records(conn, [survivor_id, merged_id])
            s, m = records.get(survivor_id), records.get(merged_id)
            for cid, item in ((survivor_id, s), (merged_id, m)):
                if item is None or item.kind != "client":
                    raise ApiError(404, "not_found", {"client_id": cid})
                if item.state.deleted:
                    raise ApiError(409, "client_deleted", {"client_id": cid})
            merge_id = new_id()
            stamp = self.clock.now().encode()
            snapshot = {"survivor": _state(s), "merged": _state(m), "kept": {}}
            changed: dict[str, Stored] = {}
            for name, value in (keep or {}).items():
                if name in ("deleted", "merged_into", "merge_id", "id"):
                    continue
                if s.state.fields.get(name) != value:
                    snapshot["kept"][name] = stamp
                    s.state.fields[name] = value
                    s.state.clocks[name] = stamp
                    changed[survivor_id] = s
            moves = []
            for rid, item in lock_children(conn, [merged_id]).items():
                f = item.state.fields
                if f.get("client_id") == merged_id:
                    f["client_id"] = survivor_id
                    item.state.clocks["client_id"] = stamp
                    moves.append({"merge_id": merge_id, "record_id": rid, "field": "client_id"})
                if item.kind == "household_link" and f.get("other_client_id") == merged_id:
                    f["other_client_id"] = survivor_id
                    item.state.clocks["other_client_id"] = stamp
                    moves.append({"merge_id": merge_id, "record_id": rid,
                                  "field": "other_client_id"})
                changed[rid] = item
            m.state.deleted = True
            m.state.fields["merged_into"] = survivor_id
            m.state.fields["merge_id"] = merge_id
            m.state.clocks["_deleted"] = stamp
            changed[merged_id] = m
            self._write(conn, changed)
            if moves:
                conn.execute(t.merge_moves.insert(), moves)
            row = {"id": merge_id, "survivor_id": survivor_id, "merged_id": merged_id,
                   "score": dumps(score) if score else None, "reason": reason or "",
                   "merged_by": by, "merged_at": utcnow(), "snapshot": dumps(snapshot)}
            conn.execute(t.merges.insert().values(**row))
            self._decide_pair(conn, survivor_id, merged_id, "merged", by)
        if not self.db.is_sqlite:
            sequence_pending(self.db)
        return _merge_dict(row, moved=len(moves))

    # --- unmerge --------------------------------------------------------------------------

    def unmerge(self, merge_id: str, *, by: str) -> dict:
        """Undo a merge exactly; the pair is remembered as two different people."""
        mg = t.merges.c
        with self.db.writer.begin() as conn:
            stmt = select(t.merges).where(mg.id == merge_id)
            if not self.db.is_sqlite:
                stmt = stmt.with_for_update()
            row = conn.execute(stmt).first()
            if row is None:
                raise ApiError(404, "not_found", {"merge_id": merge_id})
            if row.undone_at is not None:
                raise ApiError(409, "merge_undone", {"merge_id": merge_id})
            snapshot = orjson.loads(row.snapshot)
            moves = conn.execute(select(t.merge_moves).where(
                t.merge_moves.c.merge_id == merge_id)).all()
            records = lock_records(conn, [row.survivor_id, row.merged_id]
                                   + [mv.record_id for mv in moves])
            stamp = self.clock.now().encode()
            changed: dict[str, Stored] = {}
            m = records[row.merged_id]
            before = snapshot["merged"]
            m.state = RecordState(dict(before["fields"]),
                                  {k: stamp for k in before["fields"]}, False, True,
                                  m.state.origins)
            changed[row.merged_id] = m
            s = records.get(row.survivor_id)
            if s is not None:
                old = snapshot["survivor"]["fields"]
                for name, kept_at in snapshot["kept"].items():
                    if s.state.clocks.get(name) == kept_at:      # not edited since the merge
                        if name in old:
                            s.state.fields[name] = old[name]
                        else:
                            s.state.fields.pop(name, None)
                        s.state.clocks[name] = stamp
                        changed[row.survivor_id] = s
            for mv in moves:
                item = records.get(mv.record_id)
                if item is None or item.state.fields.get(mv.field) != row.survivor_id:
                    continue                  # deleted or moved on since: left where it is
                item.state.fields[mv.field] = row.merged_id
                item.state.clocks[mv.field] = stamp
                changed[mv.record_id] = item
            self._write(conn, changed)
            now = utcnow()
            conn.execute(update(t.merges).where(mg.id == merge_id)
                         .values(undone_at=now, undone_by=by))
            self._decide_pair(conn, row.survivor_id, row.merged_id, "distinct", by)
        if not self.db.is_sqlite:
            sequence_pending(self.db)
        return _merge_dict({**row._asdict(), "undone_at": now, "undone_by": by},
                           moved=len(moves))

    # --- review queue ---------------------------------------------------------------------

    @staticmethod
    def _decide_pair(conn: Connection, a: str, b: str, status: str, by: str) -> None:
        left, right = sorted((a, b))
        c = t.match_candidates.c
        now = utcnow()
        done = conn.execute(update(t.match_candidates)
                            .where(c.left_id == left, c.right_id == right)
                            .values(status=status, decided_at=now, decided_by=by)).rowcount
        if not done:
            conn.execute(t.match_candidates.insert().values(
                id=new_id(), left_id=left, right_id=right, score=dumps({}), status=status,
                created_at=now, decided_at=now, decided_by=by))

    def mark_distinct(self, a: str, b: str, *, by: str) -> None:
        """"Not the same person": remembered, never proposed or merged automatically again."""
        with self.db.writer.begin() as conn:
            self._decide_pair(conn, a, b, "distinct", by)

    def queue(self, status: str = "open", limit: int = 200) -> list[dict]:
        """Proposed pairs with both client files side by side, strongest first."""
        c = t.match_candidates.c
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(t.match_candidates).where(c.status == status)
                                .order_by(c.created_at.desc()).limit(limit)).all()
            files = _client_files(conn, {i for r in rows for i in (r.left_id, r.right_id)})
        out = []
        for r in rows:
            score = orjson.loads(r.score)
            if r.left_id not in files or r.right_id not in files:
                continue                      # one of them erased or merged meanwhile
            out.append({"id": r.id, "status": r.status, "created_at": r.created_at,
                        "score": score.get("score"), "decision": score.get("decision"),
                        "reasons": score.get("reasons", []),
                        "left": files[r.left_id], "right": files[r.right_id]})
        out.sort(key=lambda x: -(x["score"] or 0))
        return out

    def candidate(self, candidate_id: str) -> tuple[str, str]:
        c = t.match_candidates.c
        with self.db.reader.connect() as conn:
            row = conn.execute(select(c.left_id, c.right_id).where(c.id == candidate_id)).first()
        if row is None:
            raise ApiError(404, "not_found", {"candidate_id": candidate_id})
        return row.left_id, row.right_id

    def recent(self, limit: int = 200) -> list[dict]:
        """The latest merges (undone ones too), with both names from the snapshot."""
        mg = t.merges.c
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(t.merges).order_by(mg.merged_at.desc()).limit(limit)).all()
        out = []
        for r in rows:
            snap = orjson.loads(r.snapshot)
            item = _merge_dict(r._asdict())
            for side in ("survivor", "merged"):
                f = snap[side]["fields"]
                item[f"{side}_name"] = " ".join(
                    x for x in (f.get("given_names"), f.get("family_name")) if x)
            out.append(item)
        return out

    def history(self, client_id: str) -> list[dict]:
        """The merges a client took part in, newest first."""
        mg = t.merges.c
        with self.db.reader.connect() as conn:
            rows = conn.execute(select(t.merges).where(
                (mg.survivor_id == client_id) | (mg.merged_id == client_id))
                .order_by(mg.merged_at.desc())).all()
        return [_merge_dict(r._asdict()) for r in rows]


def _client_files(conn: Connection, ids: set[str]) -> dict[str, dict]:
    """Live clients by id: their fields and identifiers (for a side-by-side view)."""
    r = t.records.c
    out: dict[str, dict] = {}
    idents: dict[str, list] = {}
    wanted = sorted(ids)
    for i in range(0, len(wanted), 500):
        for row in conn.execute(select(r.id, r.kind, r.client_id, r.fields).where(
                r.client_id.in_(wanted[i:i + 500]), r.deleted.is_(False),
                r.kind.in_(("client", "client_identifier")))):
            fields = orjson.loads(row.fields)
            if row.kind == "client":
                out[row.id] = {"id": row.id, "fields": fields}
            else:
                idents.setdefault(row.client_id, []).append(
                    {"type": fields.get("type"), "value": fields.get("value")})
    for cid, f in out.items():
        f["identifiers"] = idents.get(cid, [])
    return out


def _state(item: Stored) -> dict:
    return {"fields": dict(item.state.fields), "clocks": dict(item.state.clocks)}


def _merge_dict(row: dict, moved: int | None = None) -> dict:
    out = {k: row.get(k) for k in ("id", "survivor_id", "merged_id", "reason", "merged_by",
                                   "merged_at", "undone_at", "undone_by")}
    out["score"] = orjson.loads(row["score"]) if row.get("score") else None
    if moved is not None:
        out["moved"] = moved
    return out


# --- the duplicate check of new and changed clients -------------------------------------------

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
    ids = {i.get("type"): i.get("value") or "" for i in identifiers}
    return Person(id=client_id, given_names=text("given_names"), family_name=text("family_name"),
                  birth_date=birth,
                  birth_date_exact=text("birth_date_precision") in ("", "exact")
                  and not is_placeholder(birth),
                  sex=text("sex"), nationalities=tuple(n for n in nats if isinstance(n, str)),
                  birth_place=text("birth_place"), phone=text("phone"),
                  abh_file_number=ids.get("abh_file_number", ""),
                  azr_number=ids.get("azr_number", ""))


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
        clients, idents = {}, {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for row in conn.execute(select(r.id, r.kind, r.client_id, r.fields).where(
                    r.client_id.in_(chunk), r.kind.in_(("client", "client_identifier")),
                    r.deleted.is_(False))):
                fields = orjson.loads(row.fields)
                if row.kind == "client":
                    clients[row.id] = fields
                else:
                    idents.setdefault(row.client_id, []).append(fields)
        return {cid: person_of(cid, f, idents.get(cid, [])) for cid, f in clients.items()}

    def _index(self, conn: Connection, persons: dict[str, Person], ids: list[str]
               ) -> dict[str, Prepared]:
        """Replace the blocking keys of *ids* by those of *persons* (the live ones)."""
        k = t.match_keys.c
        for i in range(0, len(ids), 500):
            conn.execute(t.match_keys.delete().where(k.client_id.in_(ids[i:i + 500])))
        prepared = {cid: prepare(p) for cid, p in persons.items()}
        rows = [{"key": key, "client_id": cid} for cid, p in prepared.items()
                for key in block_keys(p)]
        for i in range(0, len(rows), 5000):
            insert_ignore(conn, t.match_keys, rows[i:i + 5000])
        return prepared

    def index_all(self) -> int:
        """Blocking keys of every live client (after seeding or an upgrade); returns how many
        clients were indexed."""
        r = t.records.c
        with self.db.reader.connect() as conn:
            ids = list(conn.execute(select(r.id).where(r.kind == "client",
                                                        r.deleted.is_(False))).scalars())
        for i in range(0, len(ids), 5000):
            with self.db.writer.begin() as conn:
                chunk = ids[i:i + 5000]
                self._index(conn, self._persons(conn, chunk), chunk)
        return len(ids)

    def ensure_indexed(self) -> None:
        """A database that has clients but no keys (seeded, or upgraded from before the
        check existed) is indexed once; ``mia-sync-server serve`` calls it before serving."""
        with self.db.reader.connect() as conn:
            if conn.execute(select(t.match_keys.c.key).limit(1)).first() is not None:
                return
            if conn.execute(select(t.records.c.id).where(t.records.c.kind == "client")
                            .limit(1)).first() is None:
                return
        log.info("indexing every client for the duplicate check (once)")
        self.index_all()

    DRAIN_LOCK = 0x4D69_4164_6570      # advisory lock: one process drains at a time
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
        with self.db.reader.connect() as lock_conn:      # autocommit: holds no snapshot
            if not lock_conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                     {"k": self.DRAIN_LOCK}).scalar():
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
                ids = list(conn.execute(select(p.client_id).order_by(p.queued_at)
                                        .limit(self.DRAIN_BATCH)).scalars())
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
            prepared = self._index(conn, mine, ids)
            keys = sorted({key for p in prepared.values() for key in block_keys(p)})
            members: dict[str, set[str]] = {}
            for i in range(0, len(keys), 500):
                for row in conn.execute(select(k.key, k.client_id).where(k.key.in_(keys[i:i + 500]))):
                    members.setdefault(row.key, set()).add(row.client_id)
            others = {c for m in members.values() if len(m) <= MAX_BLOCK for c in m} - set(ids)
            people = {**mine, **self._persons(conn, sorted(others))}
            c = t.match_candidates.c
            known = {(row.left_id, row.right_id): row.status for row in conn.execute(
                select(c.left_id, c.right_id, c.status).where(
                    c.left_id.in_(ids) | c.right_id.in_(ids)))}
            judged, seen = [], set(known)
            for cid, p in prepared.items():
                found["checked"] += 1
                near = {o for key in block_keys(p) for o in members.get(key, ())
                        if len(members[key]) <= MAX_BLOCK and o != cid and o in people}
                for other in near:
                    pair = (cid, other) if cid < other else (other, cid)
                    if pair in seen:          # judged already, or decided by a person
                        continue
                    seen.add(pair)
                    m = compare(p, prepare(people[other]))
                    if m.decision in (SAME, REVIEW):
                        judged.append((pair, m))
            if judged:
                # A concurrent check may have proposed the same pair: the first one stays.
                insert_ignore(conn, t.match_candidates, [{
                    "id": new_id(), "left_id": a, "right_id": b, "status": "open",
                    "created_at": utcnow(), "score": dumps({
                        "score": round(m.score, 2), "decision": m.decision,
                        "reasons": m.reasons})} for (a, b), m in judged])
        for pair, m in judged:
            if m.decision == SAME and self.auto_merge:
                survivor, merged = pair       # the file registered first survives (UUIDv7)
                try:
                    self.identity.merge(survivor, merged, by=by, reason="automatisch: "
                                        + "; ".join(m.reasons), score={"score": m.score,
                                                                       "reasons": m.reasons})
                    found["merged"] += 1
                except ApiError:
                    pass                      # merged or erased meanwhile: nothing to do
            else:
                found["review"] += 1
        return found
