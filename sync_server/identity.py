"""One client file per person on the server: merge, unmerge, redirects, the review queue.

A **merge** of client M into survivor S, in one transaction:

* S takes the field values a person chose from M (or nothing, keeping S as it is);
* every live record of M (consultations, tasks, statuses, identifiers, ...) gets
  ``client_id = S``; household links naming M name S; consents stay with M (they open what
  they name for the file they were signed for, never the other file's sections);
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

import logging

import orjson
from sqlalchemy import Connection, select, update

from casefile import wire
from casefile.hlc import Clock
from casefile.ids import new_id
from casefile.sync import KIND_FIELDS, RecordState
from sync_server import audit, directory, schema as t
from sync_server.db import Database, record_seqs, utcnow
from sync_server.errors import ApiError
from sync_server.store import Stored, dumps, lock_children, lock_records, tombstone, write_records

log = logging.getLogger(__name__)

MAX_CHAIN = 20  # merges of merges followed at most (a cycle is impossible, but bounded)


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
        more = [
            item.state.fields["merged_into"]
            for item in records.values()
            if item.kind == "client"
            and item.state.fields.get("merged_into")
            and item.state.fields["merged_into"] not in records
        ]
        if not more:
            break
        records.update(lock_records(conn, more))
    return records


# Client fields a person may carry over in a merge (what a device may write, no bookkeeping).
KEEPABLE = KIND_FIELDS["client"] - {"deleted", "created_at", "updated_at", "last_contact_at"}


def check_keep(survivor: dict, keep: dict) -> dict:
    """The values chosen for the surviving file, checked like a form: only client fields, valid
    values (the same rules as the master-data form); 422 with the reason otherwise."""
    if not isinstance(keep, dict):
        raise ApiError(422, "invalid_value", {"field": "keep"})
    unknown = sorted(set(keep) - KEEPABLE)
    if unknown:
        raise ApiError(422, "invalid_value", {"field": "keep", "unknown": unknown[:20]})
    errors = wire.check_fields("client", survivor, dict(keep))
    if errors:
        raise ApiError(
            422, "invalid_value", {"field": "keep", "reason": wire.german_reason(errors)}
        )
    return dict(keep)


class Identity:
    """Merges and unmerges over one database (used by the API and the dedupe job)."""

    def __init__(self, db: Database, clock: Clock):
        self.db = db
        self.clock = clock

    def _write(self, conn: Connection, changed: dict[str, Stored]) -> None:
        # Children first, the client records last: a device that reads the merge across two
        # pages has moved the records before it sees the redirect.
        order = sorted(changed.items(), key=lambda kv: kv[1].kind == "client")
        write_records(conn, order, record_seqs(conn, len(order)), [], utcnow())

    # --- merge ----------------------------------------------------------------------------

    def merge(
        self,
        survivor_id: str,
        merged_id: str,
        *,
        by: str,
        reason: str,
        keep: dict[str, object] | None = None,
        score: dict | None = None,
        device=None,
    ) -> dict:
        """Merge client *merged_id* into *survivor_id*; *keep* maps survivor fields to the
        values to keep (chosen from either file). Returns the merge row as a dict."""
        if survivor_id == merged_id:
            raise ApiError(422, "merge_same_client", {"client_id": survivor_id})
        with self.db.writer.begin() as conn:
            records = lock_records(conn, [survivor_id, merged_id])
            s, m = _live_client(records, survivor_id), _live_client(records, merged_id)
            keep = check_keep(s.state.fields, keep or {})
            # What a merge writes passes the directory like a push (client fields name nobody
            # today: the check passes without reading the directory).
            unknown = directory.refusal(
                directory.lazy(conn), "client", s.state.fields, {**s.state.fields, **keep}
            )
            if unknown is not None:
                raise ApiError(422, unknown[0], {"field": "keep", "reason": unknown[1]})
            merge_id = new_id()
            stamp = self.clock.now().encode()
            snapshot = {"survivor": _state(s), "merged": _state(m), "kept": {}}
            changed: dict[str, Stored] = {}
            for name, value in keep.items():
                if s.state.fields.get(name) != value:
                    snapshot["kept"][name] = stamp
                    s.state.fields[name] = value
                    s.state.clocks[name] = stamp
                    changed[survivor_id] = s
            moves = []
            for rid, item in lock_children(conn, [merged_id]).items():
                if item.kind == "consent":
                    # A consent opens what it names for the file it was signed for; a merge
                    # (perhaps a wrong one) must not open the other file's sections with it.
                    # The unit records it again for the surviving file if it still holds.
                    continue
                f = item.state.fields
                if f.get("client_id") == merged_id:
                    f["client_id"] = survivor_id
                    item.state.clocks["client_id"] = stamp
                    moves.append({"merge_id": merge_id, "record_id": rid, "field": "client_id"})
                if item.kind == "household_link" and f.get("other_client_id") == merged_id:
                    f["other_client_id"] = survivor_id
                    item.state.clocks["other_client_id"] = stamp
                    moves.append(
                        {"merge_id": merge_id, "record_id": rid, "field": "other_client_id"}
                    )
                changed[rid] = item
            m.state.fields["merged_into"] = survivor_id
            m.state.fields["merge_id"] = merge_id
            tombstone(m, stamp)  # a redirect: the merged file's content stays here
            changed[merged_id] = m
            self._write(conn, changed)
            if moves:
                conn.execute(t.merge_moves.insert(), moves)
            row = {
                "id": merge_id,
                "survivor_id": survivor_id,
                "merged_id": merged_id,
                "score": dumps(score) if score else None,
                "reason": reason or "",
                "merged_by": by,
                "merged_at": utcnow(),
                "snapshot": dumps(snapshot),
            }
            conn.execute(t.merges.insert().values(**row))
            self._decide_pair(conn, survivor_id, merged_id, "merged", by)
            detail = {
                "merge_id": merge_id,
                "survivor_id": survivor_id,
                "merged_id": merged_id,
                "reason": reason or "",
                "moved": len(moves),
            }
            audit.write(
                conn,
                [
                    audit.row(
                        device,
                        "merge",
                        user_name=None if device else by,
                        client_id=cid,
                        kind="client",
                        record_id=cid,
                        detail=detail,
                    )
                    for cid in (survivor_id, merged_id)
                ],
            )
        return _merge_dict(row, moved=len(moves))

    # --- unmerge --------------------------------------------------------------------------

    def unmerge(self, merge_id: str, *, by: str, device=None) -> dict:
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
            if "merged" not in snapshot:
                # The file was erased since (Art. 17 or retention): nothing is left to restore.
                raise ApiError(409, "merge_erased", {"merge_id": merge_id})
            moves = conn.execute(
                select(t.merge_moves).where(t.merge_moves.c.merge_id == merge_id)
            ).all()
            records = lock_records(
                conn, [row.survivor_id, row.merged_id] + [mv.record_id for mv in moves]
            )
            stamp = self.clock.now().encode()
            changed: dict[str, Stored] = {}
            m = records[row.merged_id]
            before = snapshot["merged"]
            m.state = RecordState(
                dict(before["fields"]),
                {k: stamp for k in before["fields"]},
                False,
                True,
                m.state.origins,
            )
            changed[row.merged_id] = m
            s = records.get(row.survivor_id)
            if s is not None:
                old = snapshot["survivor"]["fields"]
                for name, kept_at in snapshot["kept"].items():
                    if s.state.clocks.get(name) == kept_at:  # not edited since the merge
                        if name in old:
                            s.state.fields[name] = old[name]
                        else:
                            s.state.fields.pop(name, None)
                        s.state.clocks[name] = stamp
                        changed[row.survivor_id] = s
            for mv in moves:
                item = records.get(mv.record_id)
                if item is None or item.state.fields.get(mv.field) != row.survivor_id:
                    continue  # deleted or moved on since: left where it is
                item.state.fields[mv.field] = row.merged_id
                item.state.clocks[mv.field] = stamp
                changed[mv.record_id] = item
            self._write(conn, changed)
            now = utcnow()
            conn.execute(
                update(t.merges).where(mg.id == merge_id).values(undone_at=now, undone_by=by)
            )
            self._decide_pair(conn, row.survivor_id, row.merged_id, "distinct", by)
            detail = {
                "merge_id": merge_id,
                "survivor_id": row.survivor_id,
                "merged_id": row.merged_id,
                "moved": len(moves),
            }
            audit.write(
                conn,
                [
                    audit.row(
                        device,
                        "unmerge",
                        user_name=None if device else by,
                        client_id=cid,
                        kind="client",
                        record_id=cid,
                        detail=detail,
                    )
                    for cid in (row.survivor_id, row.merged_id)
                ],
            )
        return _merge_dict({**row._asdict(), "undone_at": now, "undone_by": by}, moved=len(moves))

    # --- review queue ---------------------------------------------------------------------

    @staticmethod
    def _decide_pair(conn: Connection, a: str, b: str, status: str, by: str) -> None:
        left, right = sorted((a, b))
        c = t.match_candidates.c
        now = utcnow()
        done = conn.execute(
            update(t.match_candidates)
            .where(c.left_id == left, c.right_id == right)
            .values(status=status, decided_at=now, decided_by=by)
        ).rowcount
        if not done:
            conn.execute(
                t.match_candidates.insert().values(
                    id=new_id(),
                    left_id=left,
                    right_id=right,
                    score=dumps({}),
                    status=status,
                    created_at=now,
                    decided_at=now,
                    decided_by=by,
                )
            )

    def mark_distinct(self, a: str, b: str, *, by: str, device=None) -> None:
        """ "Not the same person": remembered, never proposed or merged automatically again."""
        with self.db.writer.begin() as conn:
            self._decide_pair(conn, a, b, "distinct", by)
            audit.write(
                conn,
                [
                    audit.row(
                        device,
                        "distinct",
                        user_name=None if device else by,
                        client_id=cid,
                        kind="client",
                        record_id=cid,
                        detail={"pair": sorted((a, b))},
                    )
                    for cid in (a, b)
                ],
            )

    def queue(self, status: str = "open", limit: int = 200) -> list[dict]:
        """Proposed pairs with both client files side by side, strongest first."""
        c = t.match_candidates.c
        with self.db.reader.connect() as conn:
            rows = conn.execute(
                select(t.match_candidates)
                .where(c.status == status)
                .order_by(c.created_at.desc())
                .limit(limit)
            ).all()
            files = _client_files(conn, {i for r in rows for i in (r.left_id, r.right_id)})
        out = []
        for r in rows:
            score = orjson.loads(r.score)
            if r.left_id not in files or r.right_id not in files:
                continue  # one of them erased or merged meanwhile
            out.append(
                {
                    "id": r.id,
                    "status": r.status,
                    "created_at": r.created_at,
                    "score": score.get("score"),
                    "decision": score.get("decision"),
                    "reasons": score.get("reasons", []),
                    "left": files[r.left_id],
                    "right": files[r.right_id],
                }
            )
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
                f = snap.get(side, {}).get("fields", {})  # erased since: no names kept
                item[f"{side}_name"] = " ".join(
                    x for x in (f.get("given_names"), f.get("family_name")) if x
                )
            out.append(item)
        return out

    def history(self, client_id: str) -> list[dict]:
        """The merges a client took part in, newest first."""
        mg = t.merges.c
        with self.db.reader.connect() as conn:
            rows = conn.execute(
                select(t.merges)
                .where((mg.survivor_id == client_id) | (mg.merged_id == client_id))
                .order_by(mg.merged_at.desc())
            ).all()
        return [_merge_dict(r._asdict()) for r in rows]


def _client_files(conn: Connection, ids: set[str]) -> dict[str, dict]:
    """Live clients by id: their fields and identifiers (for a side-by-side view)."""
    r = t.records.c
    out: dict[str, dict] = {}
    idents: dict[str, list] = {}
    wanted = sorted(ids)
    for i in range(0, len(wanted), 500):
        for row in conn.execute(
            select(r.id, r.kind, r.client_id, r.fields).where(
                r.client_id.in_(wanted[i : i + 500]),
                r.deleted.is_(False),
                r.kind.in_(("client", "client_identifier")),
            )
        ):
            fields = orjson.loads(row.fields)
            if row.kind == "client":
                out[row.id] = {"id": row.id, "fields": fields}
            else:
                idents.setdefault(row.client_id, []).append(
                    {"type": fields.get("type"), "value": fields.get("value")}
                )
    for cid, f in out.items():
        f["identifiers"] = idents.get(cid, [])
    return out


def _live_client(records: dict[str, Stored], client_id: str) -> Stored:
    """The client record *client_id* of *records*; refused if missing or deleted."""
    item = records.get(client_id)
    if item is None or item.kind != "client":
        raise ApiError(404, "not_found", {"client_id": client_id})
    if item.state.deleted:
        raise ApiError(409, "client_deleted", {"client_id": client_id})
    return item


def _state(item: Stored) -> dict:
    return {"fields": dict(item.state.fields), "clocks": dict(item.state.clocks)}


def _merge_dict(row: dict, moved: int | None = None) -> dict:
    out = {
        k: row.get(k)
        for k in (
            "id",
            "survivor_id",
            "merged_id",
            "reason",
            "merged_by",
            "merged_at",
            "undone_at",
            "undone_by",
        )
    }
    out["score"] = orjson.loads(row["score"]) if row.get("score") else None
    if moved is not None:
        out["moved"] = moved
    return out
