"""What IT does from the command line besides serving: status figures and a new epoch."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from sync_server import schema as t
from sync_server.db import Database, current_revision, get_meta, head_revision, last_seq, set_meta


def status(db: Database) -> dict:
    """Counts, epoch, schema revision and the last sequence number."""
    revision = current_revision(db)
    out: dict[str, object] = {
        "database": db.dialect,
        "schema_revision": revision,
        "head_revision": head_revision(),
    }
    if revision is None:
        return out
    with db.reader.connect() as conn:
        kinds: dict[str, int] = dict(
            conn.execute(select(t.records.c.kind, func.count()).group_by(t.records.c.kind)).all()
        )
        out.update(
            {
                "epoch": get_meta(conn, "epoch"),
                "record_schema": get_meta(conn, "record_schema"),
                "last_seq": last_seq(conn),
                "users": conn.execute(select(func.count()).select_from(t.users)).scalar(),
                "devices": conn.execute(
                    select(func.count())
                    .select_from(t.devices)
                    .where(t.devices.c.revoked_at.is_(None))
                ).scalar(),
                "revoked_devices": conn.execute(
                    select(func.count())
                    .select_from(t.devices)
                    .where(t.devices.c.revoked_at.isnot(None))
                ).scalar(),
                "records": sum(kinds.values()),
                "records_by_kind": kinds,
                "deleted_records": conn.execute(
                    select(func.count()).select_from(t.records).where(t.records.c.deleted)
                ).scalar(),
                "open_conflicts": conn.execute(
                    select(func.count())
                    .select_from(t.conflicts)
                    .where(t.conflicts.c.resolved_at.is_(None))
                ).scalar(),
                "applied_ops": conn.execute(
                    select(func.count()).select_from(t.applied_ops)
                ).scalar(),
            }
        )
    return out


def new_epoch(db: Database) -> str:
    """Give this copy of the data a new epoch (after restoring a backup).

    Devices compare the epoch on every sync; a new one tells them the server may lack uploads
    they had been told were stored, so they pull everything again and re-push what is missing.
    """
    epoch = uuid.uuid4().hex
    with db.writer.begin() as conn:
        set_meta(conn, "epoch", epoch)
    return epoch
