"""The directory on the server: users (names and units only) and the mediator pool.

Read by every device (``GET /api/v1/directory``, answered 304 while its version is unchanged)
and asked by every write path through :func:`refusal`: a push, a conflict's resolution, a
merge. Mediators are kept by the county with the CLI (``add-mediator``, ``mediators``,
``deactivate-mediator``); they are deactivated, never deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import orjson
from sqlalchemy import Connection, select, update

from casefile import catalogs
from casefile.directory import REASONS, Directory, DirectoryUser, Mediator, check, governs
from casefile.ids import new_id
from casefile.wire import german_reason
from sync_server import schema as t
from sync_server.db import Database, utcnow


def load(conn: Connection) -> Directory:
    """The directory as the database holds it now; a locked user is inactive."""
    u, m = t.users.c, t.mediators.c
    users = [
        DirectoryUser(
            r.name,
            r.display_name or "",
            tuple(orjson.loads(r.units or "[]")),
            r.locked_at is None,
        )
        for r in conn.execute(select(u.name, u.display_name, u.units, u.locked_at))
    ]
    mediators = [
        Mediator(r.name, tuple(orjson.loads(r.languages or "[]")), r.deactivated_at is None)
        for r in conn.execute(select(m.name, m.languages, m.deactivated_at))
    ]
    return Directory.build(users, mediators)


def read(db: Database) -> Directory:
    with db.reader.connect() as conn:
        return load(conn)


def lazy(conn: Connection) -> Callable[[], Directory]:
    """The directory of *conn*, read at the first call only (most writes never ask it)."""
    held: list[Directory] = []

    def get() -> Directory:
        if not held:
            held.append(load(conn))
        return held[0]

    return get


def refusal(
    directory: Callable[[], Directory],
    kind: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> tuple[str, str] | None:
    """(reason, German detail) if the write from *before* to *after* names someone the
    directory does not know (:func:`casefile.directory.check`); None if it may go on.
    The one check of every write path: push, conflict resolution, merge."""
    if after is None or not governs(kind, before, after):
        return None
    errors = check(directory(), kind, before, after)
    if not errors:
        return None
    return REASONS[errors[0].code], german_reason(errors)[:500]


# --- the mediator pool (the county's CLI) ---------------------------------------------------


def add_mediator(db: Database, name: str, languages: list[str]) -> str:
    """Add a mediator; ValueError if the name is empty or taken, or a language unknown."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("the name must not be empty")
    known = catalogs.load("language")
    unknown = [code for code in languages if code not in known]
    if unknown:
        raise ValueError(f"unknown language code(s): {', '.join(unknown)}")
    with db.writer.begin() as conn:
        if conn.execute(select(t.mediators.c.id).where(t.mediators.c.name == name)).first():
            raise ValueError(f"mediator {name!r} exists")
        mediator_id = new_id()
        conn.execute(
            t.mediators.insert().values(
                id=mediator_id,
                name=name,
                languages=orjson.dumps(sorted(set(languages))).decode(),
                created_at=utcnow(),
            )
        )
    return mediator_id


def list_mediators(db: Database) -> list[dict[str, Any]]:
    m = t.mediators.c
    with db.reader.connect() as conn:
        rows = conn.execute(
            select(m.name, m.languages, m.created_at, m.deactivated_at).order_by(m.name)
        ).all()
    return [
        {
            "name": r.name,
            "languages": orjson.loads(r.languages or "[]"),
            "created_at": r.created_at,
            "deactivated_at": r.deactivated_at,
        }
        for r in rows
    ]


def deactivate_mediator(db: Database, name: str) -> bool:
    """Deactivate a mediator (no more offered in pick lists; records naming them stay valid);
    False if there is none of that name."""
    m = t.mediators.c
    with db.writer.begin() as conn:
        if conn.execute(select(m.id).where(m.name == name)).first() is None:
            return False
        conn.execute(
            update(t.mediators)
            .where(m.name == name, m.deactivated_at.is_(None))
            .values(deactivated_at=utcnow())
        )
    return True
