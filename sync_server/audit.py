"""The audit log: who read, changed, merged, exported or was refused what, when, from where.

Rows are only ever inserted (the database refuses UPDATE and DELETE on ``audit_log``, see
migration 0005). Reads of client file sections are logged per client and pull page ("sent to
device"): a first sync of 100,000 files writes one row per file, not one per record.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Connection, select

from sync_server import schema as t
from sync_server.auth import Device
from sync_server.db import Database, insert_rows, utcnow
from sync_server.store import dumps

ACTIONS = (
    "create",
    "update",
    "delete",
    "sent",
    "denied",
    "merge",
    "unmerge",
    "consent",
    "retention",
    "consent_expired",
    "export",
    "read",
    "erase",
    "distinct",
    "password",
    "user",
)
COLUMNS = (
    "id",
    "at",
    "user_name",
    "device_id",
    "action",
    "client_id",
    "kind",
    "record_id",
    "detail",
)


def row(
    device: Device | None,
    action: str,
    *,
    client_id: str | None = None,
    kind: str | None = None,
    record_id: str | None = None,
    detail=None,
    user_name: str | None = None,
    at: str | None = None,
) -> dict:
    return {
        "at": at or utcnow(),
        "user_name": user_name or (device.user_name if device else "server"),
        "device_id": device.id if device else None,
        "action": action,
        "client_id": client_id,
        "kind": kind,
        "record_id": record_id,
        "detail": None if detail is None else dumps(detail),
    }


_WRITTEN = COLUMNS[1:]  # all but the id the database gives
_INSERT = f"INSERT INTO audit_log ({', '.join(_WRITTEN)}) VALUES ({', '.join('?' * len(_WRITTEN))})"


def write(conn: Connection, rows: list[dict]) -> None:
    """Append *rows* (see :func:`row`) in the caller's transaction. Straight to the driver --
    PostgreSQL: one INSERT of the rows as JSON (:func:`sync_server.db.insert_rows`; COPY's
    formatting of every row, and its extra round trip, cost more), SQLite's executemany: a
    pull page writes a row per client, and a hundred laptops pulling at once made
    SQLAlchemy's per-row work an eighth of the server's CPU (bench.sync)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        insert_rows(conn, t.audit_log, [{c: r.get(c) for c in _WRITTEN} for r in rows])
    else:
        conn.exec_driver_sql(_INSERT, [tuple(r.get(c) for c in _WRITTEN) for r in rows])


def log(db: Database, rows: list[dict]) -> None:
    """Write *rows* in a transaction of their own (for reads, which write nothing else)."""
    if rows:
        with db.writer.begin() as conn:
            write(conn, rows)


def sent_rows(device: Device, changes: Iterable[tuple[str, str | None]], at: str) -> list[dict]:
    """One "sent" row per client of a pull page: *changes* are (kind, client_id) pairs."""
    per_client: dict[str | None, dict[str, int]] = {}
    # Counted in C (a first sync sends millions), then grouped per client.
    for (kind, client_id), n in Counter(changes).items():
        per_client.setdefault(client_id, {})[kind] = n
    return [
        row(device, "sent", client_id=cid, detail=kinds, at=at)
        for cid, kinds in per_client.items()
        if cid is not None
    ]


def query(
    db: Database,
    *,
    client_id: str | None = None,
    user_name: str | None = None,
    after_id: int = 0,
    limit: int = 1000,
) -> list[dict]:
    a = t.audit_log.c
    stmt = select(*(a[name] for name in COLUMNS)).where(a.id > after_id).order_by(a.id).limit(limit)
    if client_id:
        stmt = stmt.where(a.client_id == client_id)
    if user_name:
        stmt = stmt.where(a.user_name == user_name)
    with db.reader.connect() as conn:
        return [dict(zip(COLUMNS, r)) for r in conn.execute(stmt)]


def to_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
