"""The sync bookkeeping in the local store: where to sync, how far, and what was refused.

``sync_state`` is one row. Changing the server or the device resets the cursor and epoch but
never touches the outbox: unsent work survives every login change. The registration's user is
the app's user (``user_name``; never the computer's login), with their units and roles from
the server's answer (``meta``: ``user_units``, ``user_roles``). ``sync_rejection`` lists
ops the server refused, with the client's name and the reason, until a person settles them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import orjson
from sqlalchemy import Connection, Engine, select, text, update

from casefile.records import utcnow
from desktop.store import changes, rows, schema as t


@dataclass
class SyncState:
    server_url: str = ""
    device_id: str = ""
    user_name: str = ""
    epoch: str = ""
    cursor: int = 0
    last_success_at: dt.datetime | None = None
    last_error: str | None = None
    last_error_at: dt.datetime | None = None
    open_conflicts: int = 0
    resync: bool = False
    scope: str = ""  # what the server last said this laptop may hold
    units: tuple[str, ...] = ()  # the registered user's units, as the server named them
    roles: tuple[str, ...] = ()

    @property
    def configured(self) -> bool:
        return bool(self.server_url and self.device_id)


@dataclass
class Rejection:
    """An op the server refused, as the user sees it."""

    id: int
    op_id: str
    kind: str
    record_id: str
    client_id: str | None
    client_name: str
    op: str
    fields: dict[str, Any]
    reason: str
    detail: str
    rejected_at: dt.datetime | None
    settled_at: dt.datetime | None


def now_text() -> str:
    return cast(str, rows.t2s(utcnow()))


def _ensure_row(conn: Connection) -> None:
    conn.execute(text("INSERT OR IGNORE INTO sync_state (id) VALUES (1)"))


# meta keys of what the registration answer said about the user (JSON lists)
UNITS, ROLES = "user_units", "user_roles"


def load(engine: Engine) -> SyncState:
    with engine.connect() as conn:
        r = conn.execute(select(t.sync_state).where(t.sync_state.c.id == 1)).first()
        meta = dict(
            conn.execute(
                select(t.meta.c.key, t.meta.c.value).where(t.meta.c.key.in_((UNITS, ROLES)))
            ).all()
        )
    if r is None:
        return SyncState()
    return SyncState(
        r.server_url,
        r.device_id,
        r.user_name,
        r.epoch,
        r.cursor,
        rows.s2t(r.last_success_at),
        r.last_error,
        rows.s2t(r.last_error_at),
        r.open_conflicts,
        bool(r.resync),
        r.scope or "",
        tuple(orjson.loads(meta.get(UNITS) or "[]")),
        tuple(orjson.loads(meta.get(ROLES) or "[]")),
    )


def _set(conn: Connection, **values: Any) -> None:
    _ensure_row(conn)
    conn.execute(update(t.sync_state).where(t.sync_state.c.id == 1).values(**values))


def connect(
    engine: Engine,
    server_url: str,
    device_id: str,
    user_name: str,
    epoch: str,
    *,
    units: Sequence[str] | None = None,
    roles: Sequence[str] | None = None,
) -> None:
    """Remember a registration. Another server or device starts reading from the beginning;
    the outbox stays as it is and is sent to the new connection. *units* and *roles* None (a
    server that does not name them): kept for the same user, forgotten for another one."""
    current = load(engine)
    values: dict[str, Any] = {
        "server_url": server_url.rstrip("/"),
        "device_id": device_id,
        "user_name": user_name,
    }
    if (current.server_url, current.device_id) != (values["server_url"], device_id):
        values |= {"epoch": epoch, "cursor": 0, "last_error": None, "open_conflicts": 0}
    same_user = current.user_name == user_name
    with engine.begin() as conn:
        _set(conn, **values)
        for key, names in ((UNITS, units), (ROLES, roles)):
            if names is not None or not same_user:
                _set_meta(conn, key, list(names or ()))


def remember(engine: Engine, server_url: str, user_name: str, reg: Mapping[str, Any]) -> str:
    """Remember the server's registration answer *reg* (``POST /devices/register``): device,
    epoch, and the user as the server names them -- with their units and roles. Returns the
    user name kept (the server's spelling; *user_name*, as typed, from an older server)."""
    user = str(reg.get("user") or user_name).strip()
    connect(
        engine,
        server_url,
        reg["device_id"],
        user,
        reg.get("epoch", ""),
        units=names_from(reg.get("units")),
        roles=names_from(reg.get("roles")),
    )
    return user


def names_from(value: Any) -> list[str] | None:
    """A list of names as a server answer carries it (None: the answer has none)."""
    return [str(v) for v in value] if isinstance(value, list) else None


def set_user(conn: Connection, user_name: str) -> None:
    """The store's user without a server (the offline demo)."""
    _set(conn, user_name=user_name)


def set_names(conn: Connection, key: str, value: list[str]) -> None:
    """Keep the user's units (*key* UNITS) or roles (ROLES) as the server named them."""
    _set_meta(conn, key, value)


def _set_meta(conn: Connection, key: str, value: list[str]) -> None:
    conn.execute(
        text("INSERT OR REPLACE INTO meta (key, value) VALUES (:key, :value)"),
        {"key": key, "value": orjson.dumps(value).decode()},
    )


def set_server(engine: Engine, server_url: str) -> None:
    """Point the store at a server (``--server``); a different one needs a new registration."""
    url = server_url.rstrip("/")
    if load(engine).server_url != url:
        with engine.begin() as conn:
            _set(conn, server_url=url, device_id="", epoch="", cursor=0, open_conflicts=0)


def set_cursor(conn: Connection, cursor: int) -> None:
    """Move the cursor inside the caller's transaction (the one that applied the page)."""
    conn.execute(update(t.sync_state).where(t.sync_state.c.id == 1).values(cursor=cursor))


def reset_epoch(conn: Connection, epoch: str) -> int:
    """A new server epoch: read everything again, send again what the server was told before
    (the acknowledged entries still kept), and after the full pull compare (``resync``).
    Returns how many entries will be sent again."""
    _set(conn, epoch=epoch, cursor=0, resync=1)
    return conn.execute(
        text("UPDATE outbox SET acked_at = NULL, resent = 1 WHERE acked_at IS NOT NULL")
    ).rowcount


def reset_scope(conn: Connection, scope: str) -> None:
    """What this laptop may hold changed: read everything again from the start."""
    _set(conn, scope=scope, cursor=0)


def set_scope(conn: Connection, scope: str) -> None:
    _set(conn, scope=scope)


def clear_resync(conn: Connection) -> None:
    conn.execute(update(t.sync_state).where(t.sync_state.c.id == 1).values(resync=0))


def record_success(engine: Engine, open_conflicts: int | None) -> None:
    values: dict[str, Any] = {"last_success_at": now_text(), "last_error": None}
    if open_conflicts is not None:
        values["open_conflicts"] = open_conflicts
    with engine.begin() as conn:
        _set(conn, **values)


def record_error(engine: Engine, message: str) -> None:
    with engine.begin() as conn:
        _set(conn, last_error=message, last_error_at=now_text())


# --- refused ops ----------------------------------------------------------------------------


def client_names(conn: Connection, client_ids: Iterable[str | None]) -> dict[str, str]:
    ids = [i for i in dict.fromkeys(client_ids) if i]
    out: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for r in conn.execute(
            select(t.client.c.id, t.client.c.family_name, t.client.c.given_names).where(
                t.client.c.id.in_(chunk)
            )
        ):
            out[r.id] = f"{r.family_name}, {r.given_names}".strip(", ")
    return out


def rejections(
    engine: Engine, *, include_settled: bool = False, client_id: str | None = None
) -> list[Rejection]:
    """The refused ops, oldest first: open ones only unless *include_settled*; those of the
    file *client_id* only, if given."""
    stmt = select(t.sync_rejection).order_by(t.sync_rejection.c.id)
    if not include_settled:
        stmt = stmt.where(t.sync_rejection.c.settled_at.is_(None))
    if client_id is not None:
        stmt = stmt.where(t.sync_rejection.c.client_id == client_id)
    with engine.connect() as conn:
        return [
            Rejection(
                r.id,
                r.op_id,
                r.kind,
                r.record_id,
                r.client_id,
                r.client_name,
                r.op,
                orjson.loads(r.fields),
                r.reason,
                r.detail,
                rows.s2t(r.rejected_at),
                rows.s2t(r.settled_at),
            )
            for r in conn.execute(stmt)
        ]


def open_rejection_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return cast(
            int,
            conn.execute(
                text("SELECT count(*) FROM sync_rejection WHERE settled_at IS NULL")
            ).scalar(),
        )


def settle_rejection(engine: Engine, rejection_id: int, by: str) -> None:
    """A person has seen the refusal and dealt with it; the entry stays as history (with
    what was written). A refused *new* record of a file's sections exists on no server: its
    local copy goes with the settling, so the file shows no record nobody else has. The
    record's file is told (change kind ``rejection``): its mark goes."""
    with engine.begin() as conn:
        row = conn.execute(
            select(
                t.sync_rejection.c.client_id,
                t.sync_rejection.c.kind,
                t.sync_rejection.c.op,
                t.sync_rejection.c.record_id,
            ).where(t.sync_rejection.c.id == rejection_id)
        ).first()
        conn.execute(
            update(t.sync_rejection)
            .where(t.sync_rejection.c.id == rejection_id)
            .values(settled_at=now_text(), settled_by=by)
        )
        if row is not None and row.op == "create" and row.kind in LOCAL_ONLY_WHEN_REFUSED:
            table = LOCAL_ONLY_WHEN_REFUSED[row.kind]
            waiting = conn.execute(
                text("SELECT 1 FROM outbox WHERE record_id = :r AND acked_at IS NULL LIMIT 1"),
                {"r": row.record_id},
            ).first()
            if waiting is None:
                conn.execute(table.delete().where(table.c.id == row.record_id))
                conn.execute(
                    text("DELETE FROM record_clock WHERE record_id = :r"), {"r": row.record_id}
                )
                changes.note(row.kind, row.client_id)
    changes.note("rejection", row.client_id if row is not None else None)


# The section records whose refused create leaves no copy once settled (a client file, its
# names and links are not dropped this way: they stay until the server's rules say so).
LOCAL_ONLY_WHEN_REFUSED = {
    "consultation": t.consultation,
    "task": t.task,
    "referral": t.referral,
    "residence_status": t.residence_status,
    "consent": t.consent,
    # --- issue 20: support plan ---
    "support_plan": t.support_plan,
    "plan_goal": t.plan_goal,
    "plan_step": t.plan_step,
    "plan_review": t.plan_review,
    # --- issue 21: project participation ---
    "project_participation": t.project_participation,
}
