"""Data subject access (Art. 15 GDPR): everything the server stores about one client.

One document: the client file (and the files merged into it), every record of it with its
current values, tombstones of erased records, the kept history of overwritten values
(conflicts), merges, and the audit log of the client (who saw or changed what, when). The
machine-readable form is this JSON; ``sync_server.export_pdf`` prints it as a readable PDF.
Every export is itself logged (``export``).
"""

from __future__ import annotations

import orjson
from sqlalchemy import or_, select

from sync_server import audit, schema as t
from sync_server.db import Database, utcnow
from sync_server.errors import ApiError

# A group session's fields that an attendee's export shows (not its participants or note).
SESSION_FIELDS = (
    "title",
    "topic",
    "starts_at",
    "duration_min",
    "location",
    "languages",
    "series_no",
    "series_count",
    "facilitator",
    "mediator_name",
    "unit",
)


def client_export(db: Database, client_id: str, *, by: str, device=None) -> dict:
    r, m = t.records.c, t.merges.c
    with db.reader.connect() as conn:
        client = conn.execute(
            select(r.fields, r.deleted).where(r.id == client_id, r.kind == "client")
        ).first()
        if client is None:
            raise ApiError(404, "not_found", {"client_id": client_id})
        merges = [
            row._asdict()
            for row in conn.execute(
                select(
                    m.id,
                    m.survivor_id,
                    m.merged_id,
                    m.reason,
                    m.merged_by,
                    m.merged_at,
                    m.undone_at,
                    m.undone_by,
                )
                .where(or_(m.survivor_id == client_id, m.merged_id == client_id))
                .order_by(m.merged_at)
            )
        ]
        # The person's files: this one and those merged into it (and into those), as long as
        # the merge stands -- an undone merge gave the other person's file back.
        files, frontier = [client_id], [client_id]
        while frontier:
            joined = (
                conn.execute(
                    select(m.merged_id).where(m.survivor_id.in_(frontier), m.undone_at.is_(None))
                )
                .scalars()
                .all()
            )
            frontier = [f for f in joined if f not in files]
            files += frontier
        records: dict[str, list[dict]] = {}
        for rid, kind, fields, deleted, updated in conn.execute(
            select(r.id, r.kind, r.fields, r.deleted, r.updated_at)
            .where(or_(r.client_id.in_(files), r.id.in_(files)))
            .order_by(r.kind, r.seq)
        ):
            records.setdefault(kind, []).append(
                {
                    "id": rid,
                    "fields": orjson.loads(fields),
                    "deleted": bool(deleted),
                    "updated_at": updated,
                }
            )
        # --- issue 20: group sessions --- the sessions of the person's attendance: what,
        # when, where, who held it -- never the list of the other participants or the note.
        sessions = sorted(
            {
                a["fields"].get("session_id")
                for a in records.get("attendance", [])
                if a["fields"].get("session_id")
            }
        )
        for rid, fields, deleted in conn.execute(
            select(r.id, r.fields, r.deleted).where(r.id.in_(sessions), r.kind == "group_session")
        ):
            shown = orjson.loads(fields)
            records.setdefault("group_session", []).append(
                {
                    "id": rid,
                    "fields": {k: shown.get(k) for k in SESSION_FIELDS if k in shown},
                    "deleted": bool(deleted),
                }
            )
        history = [
            {
                "kind": row.kind,
                "record_id": row.record_id,
                "field": row.field,
                "value": orjson.loads(row.value) if row.value else None,
                "winner_value": orjson.loads(row.winner_value) if row.winner_value else None,
                "created_at": row.created_at,
                "resolved_at": row.resolved_at,
            }
            for row in _history(conn, [rec["id"] for recs in records.values() for rec in recs])
        ]
    log_rows = []
    for cid in files:
        log_rows += audit.query(db, client_id=cid, limit=100000)
    audit.log(
        db,
        [
            audit.row(
                device,
                "export",
                user_name=None if device else by,
                client_id=client_id,
                kind="client",
                record_id=client_id,
                detail={"records": sum(map(len, records.values()))},
            )
        ],
    )
    return {
        "format": "mia-desk-access-export",
        "version": 1,
        "generated_at": utcnow(),
        "generated_by": by,
        "client_id": client_id,
        "files": files,
        "client": orjson.loads(client.fields),
        "client_erased": bool(client.deleted),
        "records": records,
        "history": history,
        "merges": merges,
        "audit": [{k: v for k, v in row.items() if k != "id"} for row in log_rows],
    }


def _history(conn, record_ids: list[str]) -> list:
    """The conflict history of exactly these records (the person's own, as the files stand
    now): by record, never by the client id a conflict was filed under -- after an undone
    merge that is the other person's file."""
    c = t.conflicts.c
    rows: list = []
    for i in range(0, len(record_ids), 500):
        rows += conn.execute(
            select(t.conflicts).where(c.record_id.in_(record_ids[i : i + 500]))
        ).all()
    return sorted(rows, key=lambda row: (str(row.created_at), row.record_id, row.field))
