"""The laptop's copy of the server's directory (users and language mediators).

Kept in ``meta`` under :data:`KEY` as the server sent it (``GET /api/v1/directory``): the sync
round stores a changed one, the pick lists read it -- offline too. Empty before the first sync.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, Engine, select, text

from casefile.directory import Directory
from desktop.store import schema as t

KEY = "directory"


def load(engine: Engine) -> Directory:
    """The directory of the last sync that brought one (an empty one before)."""
    with engine.connect() as conn:
        raw = conn.execute(select(t.meta.c.value).where(t.meta.c.key == KEY)).scalar()
    try:
        return Directory.from_dict(orjson.loads(raw) if raw else None)
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
        return Directory()  # an unreadable copy is replaced by the next sync


def version(engine: Engine) -> str:
    return load(engine).version


def save(conn: Connection, document: dict[str, Any]) -> None:
    """Keep *document* (the server's answer) as the laptop's directory, in *conn*'s
    transaction."""
    conn.execute(
        text("INSERT OR REPLACE INTO meta (key, value) VALUES (:key, :value)"),
        {"key": KEY, "value": orjson.dumps(Directory.from_dict(document).to_dict()).decode()},
    )
