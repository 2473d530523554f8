"""Project participations (issue 21) in the local store: a client's participations in funded
projects, recording one and ending it. Every function does database work: call it through the
operation layer (desktop.ui.ops).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from casefile import codec, validation
from casefile.records import ProjectParticipation
from desktop.store import schema as t

if TYPE_CHECKING:
    from desktop.store.repo import Store

KINDS = ("project_participation",)
_T = t.project_participation


def participations(store: Store, client_id: str) -> list[ProjectParticipation]:
    """The client's participations this laptop holds, the open and latest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(_T)
            .where(_T.c.client_id == client_id)
            .order_by(_T.c.ended_on.is_not(None), _T.c.started_on.desc(), _T.c.id.desc())
        ).all()
    return [codec.decode(ProjectParticipation, dict(r._mapping)) for r in rows]


def get(store: Store, participation_id: str) -> ProjectParticipation | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(_T).where(_T.c.id == participation_id)).first()
    return codec.decode(ProjectParticipation, dict(row._mapping)) if row else None


def record(store: Store, part: ProjectParticipation, today: dt.date | None = None) -> str:
    """Record a new participation (raises ValidationError, nothing written)."""
    validation.ensure_valid(part, today)
    with store.engine.begin() as conn:
        store._insert(conn, _T, "project_participation", codec.encode(part))
    return part.id


def end(
    store: Store,
    part: ProjectParticipation,
    ended_on: dt.date,
    exit_reason: str,
    today: dt.date | None = None,
) -> None:
    """End a participation on *ended_on* for *exit_reason*: only the two fields go out, so an
    edit of the note made elsewhere meanwhile stays."""
    ended = dataclasses.replace(part, ended_on=ended_on, exit_reason=exit_reason)
    validation.ensure_valid(ended, today)
    values = {"ended_on": codec.date_text(ended_on), "exit_reason": exit_reason}
    with store.engine.begin() as conn:
        n = conn.execute(update(_T).where(_T.c.id == part.id).values(**values)).rowcount
        if n:
            store._outbox(conn, "project_participation", part.id, "update", values)
