"""Users, devices and tokens.

A user (caseworker) has a password hashed with argon2id. Each laptop registers once as a
device with the user's password and receives its own random token (32 bytes, URL-safe text);
the server keeps only the token's SHA-256, so a database dump reveals no usable token. A token
is high-entropy, so a plain hash (not a slow one) is enough and keeps every request cheap.
A revoked device is refused with its own code so the desktop can wipe its local data.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import orjson
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, func, select, update

from casefile.ids import new_id
from sync_server import schema as t
from sync_server.db import Database, utcnow
from sync_server.errors import ApiError

_hasher = PasswordHasher()
# Verified when the user does not exist, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash("mia-desk-no-such-user")
LAST_SEEN_EVERY_S = 60           # last_seen_at is written at most this often per device


@dataclass(frozen=True)
class Device:
    """The authenticated caller of a sync request."""
    id: str
    name: str
    user_id: str
    user_name: str
    roles: tuple[str, ...]
    units: tuple[str, ...]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(db: Database, name: str, password: str, roles: list[str],
                units: list[str]) -> str:
    """Create a user; raises ValueError if the name is taken or the password empty."""
    name = name.strip()
    if not name or not password:
        raise ValueError("name and password must not be empty")
    with db.writer.begin() as conn:
        if conn.execute(select(t.users.c.id).where(t.users.c.name == name)).first():
            raise ValueError(f"user {name!r} exists")
        user_id = new_id()
        conn.execute(t.users.insert().values(
            id=user_id, name=name, password_hash=hash_password(password),
            roles=orjson.dumps(roles).decode(), units=orjson.dumps(units).decode(),
            created_at=utcnow()))
    return user_id


def _new_device(conn: Connection, user_id: str, name: str) -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    device_id = new_id()
    conn.execute(t.devices.insert().values(id=device_id, user_id=user_id, name=name.strip()[:200],
                                           token_hash=hash_token(token), created_at=utcnow()))
    return device_id, token


def create_device(db: Database, user_name: str, name: str) -> tuple[str, str]:
    """Create a device for a user without a password (IT's command); returns (id, token)."""
    with db.writer.begin() as conn:
        user_id = conn.execute(select(t.users.c.id).where(t.users.c.name == user_name)).scalar()
        if user_id is None:
            raise ValueError(f"no user {user_name!r}")
        return _new_device(conn, user_id, name)


def revoke_device(db: Database, device_id: str) -> bool:
    with db.writer.begin() as conn:
        return conn.execute(update(t.devices).where(t.devices.c.id == device_id,
                                                    t.devices.c.revoked_at.is_(None))
                            .values(revoked_at=utcnow())).rowcount > 0


def _since(seconds: int) -> str:
    then = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=seconds)
    return then.isoformat(timespec="milliseconds")


def register(db: Database, user_name: str, password: str, device_name: str, *,
             max_failures: int, window_s: int) -> tuple[str, str]:
    """Check the password and create a device; returns (device_id, token).

    After *max_failures* failures for one user name within *window_s* seconds, further
    attempts are refused (429) until the oldest failure leaves the window -- even with the right
    password, so guessing cannot continue by luck. Failures live in the database: all server
    processes share the count.
    """
    since = _since(window_s)
    with db.reader.connect() as conn:
        recent = conn.execute(select(func.count(), func.min(t.login_failures.c.failed_at))
                              .where(t.login_failures.c.user_name == user_name,
                                     t.login_failures.c.failed_at > since)).one()
        user = conn.execute(select(t.users).where(t.users.c.name == user_name)).first()
    if recent[0] >= max_failures:
        oldest = dt.datetime.fromisoformat(recent[1])
        wait = oldest + dt.timedelta(seconds=window_s) - dt.datetime.now(dt.timezone.utc)
        retry = max(1, int(wait.total_seconds()) + 1)
        raise ApiError(429, "too_many_attempts", {"retry_after": retry},
                       headers={"Retry-After": str(retry)}, minutes=max(1, (retry + 59) // 60))
    ok = _verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    with db.writer.begin() as conn:
        if not ok:
            conn.execute(t.login_failures.insert().values(id=new_id(), user_name=user_name[:100],
                                                          failed_at=utcnow()))
        else:
            conn.execute(delete(t.login_failures).where(
                t.login_failures.c.user_name == user_name))
            if _hasher.check_needs_rehash(user.password_hash):
                conn.execute(update(t.users).where(t.users.c.id == user.id)
                             .values(password_hash=hash_password(password)))
            return _new_device(conn, user.id, device_name)
    raise ApiError(401, "invalid_credentials")


def authenticate(db: Database, authorization: str | None) -> Device:
    """The device of a ``Bearer`` token, or ApiError 401 (unknown) / 403 (revoked)."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
    with db.reader.connect() as conn:
        row = conn.execute(
            select(t.devices.c.id, t.devices.c.name, t.devices.c.user_id, t.devices.c.revoked_at,
                   t.devices.c.last_seen_at, t.users.c.name.label("user_name"), t.users.c.roles,
                   t.users.c.units)
            .join(t.users, t.users.c.id == t.devices.c.user_id)
            .where(t.devices.c.token_hash == hash_token(token.strip()))).first()
    if row is None:
        raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
    if row.revoked_at is not None:
        raise ApiError(403, "device_revoked", {"device_id": row.id})
    if row.last_seen_at is None or row.last_seen_at < _since(LAST_SEEN_EVERY_S):
        with db.writer.begin() as conn:
            conn.execute(update(t.devices).where(t.devices.c.id == row.id)
                         .values(last_seen_at=utcnow()))
    return Device(row.id, row.name, row.user_id, row.user_name,
                  tuple(orjson.loads(row.roles)), tuple(orjson.loads(row.units)))
