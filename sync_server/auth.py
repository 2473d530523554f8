"""Users, devices and tokens.

A user (caseworker) has a password hashed with argon2id. Each laptop registers once as a
device with the user's password and receives its own random token (32 bytes, URL-safe text);
the server keeps only the token's SHA-256, so a database dump reveals no usable token. A token
is high-entropy, so a plain hash (not a slow one) is enough and keeps every request cheap.
A revoked device is refused with its own code so the desktop can wipe its local data.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import math
import random
import secrets
import time
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, bindparam, delete, func, select, update

from casefile.ids import new_id
from casefile.passwords import Rules, message as password_message, problems as password_problems
from sync_server import schema as t
from sync_server.db import Database, insert_ignore, run, utcnow
from sync_server.errors import ApiError

# Argon2id, 64 MiB, 3 passes, ONE lane: a check costs ~0.2 s of one core. With more lanes
# (argon2-cffi's default is 4) each check would take every core of the machine at once, and a
# burst of guesses would stall sync on a small server. Older hashes are redone on the next login.
_hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)
# How long this process's latest password checks took (seconds), seeded with one hash made at
# start. A user name that cannot log in (unknown, or in the directory only) waits as long as
# one of them, drawn at random, instead of running Argon2 against a dummy hash: the answer
# takes the time a wrong password takes, so it does not tell a guesser which names exist,
# and a spray of made-up names costs the server no CPU (:func:`_check`).
_recent_checks: collections.deque[float] = collections.deque(maxlen=32)
_started = time.perf_counter()
_hasher.hash("mia-desk-calibration")
_recent_checks.append(time.perf_counter() - _started)
LAST_SEEN_EVERY_S = 60  # last_seen_at is written at most this often per device


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


NO_LOGIN = "!"
"""The password hash of a user who is in the directory only: no password matches it."""


def _verify(password_hash: str, password: str) -> bool:
    start = time.perf_counter()
    try:
        ok: bool = _hasher.verify(password_hash, password)
    except VerificationError:
        ok = False
    except InvalidHashError:  # not an Argon2 hash: no check ran, so no time to learn from
        return False
    _recent_checks.append(time.perf_counter() - start)
    return ok


def _check(password_hash: str | None, password: str) -> bool:
    """Whether *password* opens *password_hash*, the hash of a user who may log in; None (no
    such user) and :data:`NO_LOGIN` are never opened, after a wait as long as a real check
    recently took (:data:`_recent_checks`), so every refusal takes the same time."""
    if password_hash is None or password_hash == NO_LOGIN:
        time.sleep(random.choice(_recent_checks))
        return False
    return _verify(password_hash, password)


class WeakPassword(ValueError):
    """The password breaks the county's rules; ``codes`` name how, the text is German."""

    def __init__(self, codes: list[str], rules: Rules):
        super().__init__(password_message(codes, rules))
        self.codes = codes


def check_password(password: str, user_name: str, rules: Rules | None) -> None:
    """Raise :class:`WeakPassword` if *password* breaks *rules* (None: no rules, the demo)."""
    if rules is None:
        return
    codes = password_problems(password, user_name, rules)
    if codes:
        raise WeakPassword(codes, rules)


def create_user(
    db: Database,
    name: str,
    password: str,
    roles: list[str],
    units: list[str],
    *,
    rules: Rules | None = Rules(),
    display_name: str = "",
) -> str:
    """Create a user; raises ValueError if the name is taken or empty, WeakPassword if the
    password breaks *rules*. *display_name*: the name colleagues see in the directory."""
    name = name.strip()
    if not name or not password:
        raise ValueError("name and password must not be empty")
    check_password(password, name, rules)
    with db.writer.begin() as conn:
        found = conn.execute(
            select(t.users.c.id, t.users.c.password_hash).where(t.users.c.name == name)
        ).first()
        if found is not None and found.password_hash != NO_LOGIN:
            raise ValueError(f"user {name!r} exists")
        if found is not None:
            # A colleague the directory knew without a login (the demo's): now an account.
            conn.execute(t.users.delete().where(t.users.c.id == found.id))
        user_id = found.id if found is not None else new_id()
        now = utcnow()
        conn.execute(
            t.users.insert().values(
                id=user_id,
                name=name,
                password_hash=hash_password(password),
                roles=orjson.dumps(roles).decode(),
                units=orjson.dumps(units).decode(),
                display_name=display_name.strip() or None,
                created_at=now,
                password_changed_at=now,
            )
        )
    return user_id


# --- user lifecycle (the administrator's CLI) -------------------------------------------------


def list_users(db: Database) -> list[dict]:
    """Every user with roles, units, state and device count, by name."""
    u, d = t.users.c, t.devices.c
    with db.reader.connect() as conn:
        devices: dict[str, int] = dict(
            conn.execute(
                select(d.user_id, func.count()).where(d.revoked_at.is_(None)).group_by(d.user_id)
            ).all()
        )
        return [
            {
                "id": r.id,
                "name": r.name,
                "roles": orjson.loads(r.roles),
                "units": orjson.loads(r.units),
                "created_at": r.created_at,
                "locked_at": r.locked_at,
                "must_change_password": bool(r.must_change_password),
                "password_changed_at": r.password_changed_at,
                "devices": devices.get(r.id, 0),
            }
            for r in conn.execute(select(t.users).order_by(u.name))
        ]


def _update_user(db: Database, name: str, **values) -> bool:
    with db.writer.begin() as conn:
        return (
            conn.execute(update(t.users).where(t.users.c.name == name).values(**values)).rowcount
            > 0
        )


def lock_user(db: Database, name: str) -> bool:
    """Lock a user: every device of theirs is refused from the next request on."""
    return _update_user(db, name, locked_at=utcnow())


def unlock_user(db: Database, name: str) -> bool:
    return _update_user(db, name, locked_at=None)


def set_user(
    db: Database,
    name: str,
    *,
    roles: list[str] | None = None,
    units: list[str] | None = None,
    display_name: str | None = None,
) -> bool:
    """Change a user's roles, units and/or display name (the devices' scope changes with
    roles and units; the directory with units and the name)."""
    values: dict[str, str | None] = {}
    if display_name is not None:
        values["display_name"] = display_name.strip() or None
    if roles is not None:
        values["roles"] = orjson.dumps(roles).decode()
    if units is not None:
        values["units"] = orjson.dumps(units).decode()
    return bool(values) and _update_user(db, name, **values)


def reset_password(db: Database, name: str) -> str:
    """An administrator's reset: a one-time password (returned, shown once) that must be
    changed at the next login before anything else; raises ValueError for an unknown user."""
    one_time = "-".join(secrets.token_urlsafe(6) for _ in range(3))
    with db.reader.connect() as conn:
        current = conn.execute(
            select(t.users.c.password_hash).where(t.users.c.name == name)
        ).scalar()
    # The password before the reset may be known to whoever made the reset necessary: it may
    # not be chosen again (change_password).
    if current is None or not _update_user(
        db,
        name,
        password_hash=hash_password(one_time),
        previous_password_hash=current,
        must_change_password=True,
        password_changed_at=utcnow(),
    ):
        raise ValueError(f"no user {name!r}")
    with db.writer.begin() as conn:
        conn.execute(delete(t.login_throttle).where(t.login_throttle.c.key == f"user:{name}"))
    return one_time


def _new_device(conn: Connection, user_id: str, name: str) -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    device_id = new_id()
    now = utcnow()
    conn.execute(
        t.devices.insert().values(
            id=device_id,
            user_id=user_id,
            name=name.strip()[:200],
            token_hash=hash_token(token),
            created_at=now,
            token_issued_at=now,
        )
    )
    return device_id, token


def _rotate(conn: Connection, user_id: str, device_id: str | None) -> tuple[str, str] | None:
    """A new token for the user's own (not revoked) device *device_id*: the old one stops
    working at once. None if there is no such device."""
    if not device_id:
        return None
    d = t.devices.c
    token = secrets.token_urlsafe(32)
    done = conn.execute(
        update(t.devices)
        .where(d.id == device_id, d.user_id == user_id, d.revoked_at.is_(None))
        .values(token_hash=hash_token(token), token_issued_at=utcnow(), last_seen_at=None)
    ).rowcount
    return (device_id, token) if done else None


def create_device(db: Database, user_name: str, name: str) -> tuple[str, str]:
    """Create a device for a user without a password (IT's command); returns (id, token)."""
    with db.writer.begin() as conn:
        user_id = conn.execute(select(t.users.c.id).where(t.users.c.name == user_name)).scalar()
        if user_id is None:
            raise ValueError(f"no user {user_name!r}")
        return _new_device(conn, user_id, name)


def revoke_device(db: Database, device_id: str) -> bool:
    with db.writer.begin() as conn:
        return (
            conn.execute(
                update(t.devices)
                .where(t.devices.c.id == device_id, t.devices.c.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            ).rowcount
            > 0
        )


def _since(seconds: int) -> str:
    then = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds)
    return then.isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Limits:
    """How many failed logins a user name and a client address get per window."""

    per_user: int = 5
    per_address: int = 30
    window_s: int = 300


# Throttle keys known to be used up, until when (per process; the database stays the judge):
# a flood of guesses for a blocked user name or address costs neither a write nor a read.
_blocked: dict[str, float] = {}


def _refuse(wait: int) -> ApiError:
    return ApiError(
        429,
        "too_many_attempts",
        {"retry_after": wait},
        headers={"Retry-After": str(wait)},
        minutes=max(1, (wait + 59) // 60),
    )


def _wait(rows: dict, keys: list[tuple[str, int]], now: dt.datetime, window_s: int) -> int:
    """Seconds until the first used-up key among *rows* frees an attempt (0: none used up)."""
    wait = 0
    for key, limit in keys:
        r = rows.get(key)
        if r is None:
            continue
        start = dt.datetime.fromisoformat(r.window_start)
        if (now - start).total_seconds() < window_s and r.failures >= limit:
            left = (start - now).total_seconds() + window_s  # until the window ends
            wait = max(wait, max(1, math.ceil(left)))
    return wait


def _reserve(db: Database, keys: list[tuple[str, int]], window_s: int) -> None:
    """Take one attempt from each throttle key, atomically (a row lock per key on PostgreSQL,
    the writer lock on SQLite), before the password is checked: of any number of concurrent
    guesses, no more than the limit get to the check. 429 with Retry-After when a key is
    used up. A successful login gives its attempt back (:func:`_release`).

    A key already used up is refused without a write (first from this process's memory, then
    from a plain read), so a flood of guesses never queues for the writer that sync needs."""
    th = t.login_throttle
    clock = time.monotonic()
    _known_refusal([k for k, _ in keys], clock)
    now = dt.datetime.now(dt.UTC)
    names = [k for k, _ in keys]
    with db.reader.connect() as conn:
        seen = {r.key: r for r in conn.execute(select(th).where(th.c.key.in_(names)))}
    wait = _wait(seen, keys, now, window_s)
    if wait:
        _remember(seen, keys, now, window_s, clock)
        raise _refuse(wait)
    stamp = now.isoformat(timespec="milliseconds")
    with db.writer.begin() as conn:
        insert_ignore(conn, th, [{"key": k, "failures": 0, "window_start": stamp} for k in names])
        stmt = select(th).where(th.c.key.in_(names)).order_by(th.c.key)
        if conn.dialect.name != "sqlite":
            stmt = stmt.with_for_update()
        rows = {r.key: r for r in conn.execute(stmt)}
        wait = _wait(rows, keys, now, window_s)
        if wait:
            raise _refuse(wait)
        for key, _ in keys:
            r = rows[key]
            fresh = (now - dt.datetime.fromisoformat(r.window_start)).total_seconds() >= window_s
            conn.execute(
                update(th)
                .where(th.c.key == key)
                .values(
                    failures=1 if fresh else th.c.failures + 1,
                    window_start=stamp if fresh else r.window_start,
                )
            )


def _known_refusal(names: list[str], clock: float) -> None:
    """429 if this process already knows one of the keys *names* to be used up (``_blocked``)."""
    for key in names:
        until = _blocked.get(key)
        if until is not None:
            if until > clock:
                raise _refuse(int(until - clock) + 1)
            _blocked.pop(key, None)


def refuse_known(user_name: str, address: str) -> None:
    """The 429 :func:`_reserve` would give from this process's memory, without a database or
    a thread: the route asks before queueing for the login thread, so a flood of guesses for a
    blocked user name or address is answered at once."""
    user_key, addr_keys = _keys(user_name, address)
    _known_refusal([user_key, *addr_keys], time.monotonic())


def _keys(user_name: str, address: str) -> tuple[str, list[str]]:
    return f"user:{user_name[:100]}", [f"addr:{address[:100]}"] if address else []


def _remember(
    rows: dict, keys: list[tuple[str, int]], now: dt.datetime, window_s: int, clock: float
) -> None:
    if len(_blocked) > 10_000:
        _blocked.clear()
    for key, limit in keys:
        one = _wait(rows, [(key, limit)], now, window_s)
        if one:
            _blocked[key] = clock + one - 1


def _take_attempt(
    db: Database, user_name: str, address: str, limits: Limits
) -> tuple[str, list[str]]:
    """Reserve one attempt for this user name and client address (:func:`_reserve`); returns
    their throttle keys, for :func:`_release` after a right password."""
    user_key, addr_keys = _keys(user_name, address)
    _reserve(
        db,
        [(user_key, limits.per_user)] + [(k, limits.per_address) for k in addr_keys],
        limits.window_s,
    )
    return user_key, addr_keys


def _release(conn: Connection, user_key: str, other_keys: list[str]) -> None:
    """After a right password: the user's count starts over; the others get their attempt
    back."""
    _blocked.pop(user_key, None)
    th = t.login_throttle
    conn.execute(delete(th).where(th.c.key == user_key))
    for key in other_keys:
        conn.execute(
            update(th).where(th.c.key == key, th.c.failures > 0).values(failures=th.c.failures - 1)
        )


def register(
    db: Database,
    user_name: str,
    password: str,
    device_name: str,
    *,
    limits: Limits = Limits(),
    address: str = "",
    device_id: str | None = None,
) -> dict:
    """Check the password and give the laptop a token: a new device, or -- with the
    *device_id* of one of the user's own devices -- a new token for it (a login rotates the
    token). Returns ``{"device_id", "token", "must_change_password", "user", "units",
    "roles"}``: the laptop keeps who registered it and their units and roles (the user of the
    app is the registered one, never the computer's login).

    Throttled per user name and per client address (:func:`_reserve`); a locked user is
    refused after the password check (so the refusal tells nothing to a guesser)."""
    user_key, addr_keys = _take_attempt(db, user_name, address, limits)
    with db.reader.connect() as conn:
        user = conn.execute(select(t.users).where(t.users.c.name == user_name)).first()
    if user is not None and user.locked_at is not None:
        # Before the password check: a locked account must not tell a guesser whether a
        # guess was right (nor give the guess back to the throttle).
        raise ApiError(403, "user_locked")
    ok = _check(user.password_hash if user else None, password)
    if not ok or user is None:  # (ok implies a user: said again for the type checker)
        raise ApiError(401, "invalid_credentials")
    with db.writer.begin() as conn:
        _release(conn, user_key, addr_keys)
        if _hasher.check_needs_rehash(user.password_hash):
            conn.execute(
                update(t.users)
                .where(t.users.c.id == user.id)
                .values(password_hash=hash_password(password))
            )
        device = _rotate(conn, user.id, device_id) or _new_device(conn, user.id, device_name)
    return {
        "device_id": device[0],
        "token": device[1],
        "must_change_password": bool(user.must_change_password),
        "user": user.name,
        "units": orjson.loads(user.units),
        "roles": orjson.loads(user.roles),
    }


def change_password(
    db: Database,
    device: Device,
    old: str,
    new: str,
    *,
    rules: Rules,
    limits: Limits = Limits(),
    address: str = "",
) -> None:
    """The user changes their own password (online): the old one proves it (throttled like a
    login), the new one must follow *rules*. Clears a one-time password's must-change flag."""
    user_key, addr_keys = _take_attempt(db, device.user_name, address, limits)
    with db.reader.connect() as conn:
        row = conn.execute(
            select(t.users.c.password_hash, t.users.c.previous_password_hash).where(
                t.users.c.id == device.user_id
            )
        ).first()
    if row is None or not _check(row.password_hash, old):
        raise ApiError(401, "invalid_credentials")
    try:
        check_password(new, device.user_name, rules)
    except WeakPassword as exc:
        raise ApiError(
            422, "weak_password", {"codes": exc.codes, "rules": rules.describe()}, text=str(exc)
        ) from exc
    if new == old or (row.previous_password_hash and _verify(row.previous_password_hash, new)):
        raise ApiError(
            422,
            "weak_password",
            {"codes": ["same"]},
            text="Das neue Passwort muss sich von den bisherigen unterscheiden.",
        )
    with db.writer.begin() as conn:
        _release(conn, user_key, addr_keys)
        conn.execute(
            update(t.users)
            .where(t.users.c.id == device.user_id)
            .values(
                password_hash=hash_password(new),
                previous_password_hash=row.password_hash,
                must_change_password=False,
                password_changed_at=utcnow(),
            )
        )


# The device and user of a token: every sync request reads it (``run``: compiled once).
_TOKEN_DEVICE = (
    select(
        t.devices.c.id,
        t.devices.c.name,
        t.devices.c.user_id,
        t.devices.c.revoked_at,
        t.devices.c.last_seen_at,
        t.devices.c.created_at,
        t.devices.c.token_issued_at,
        t.users.c.name.label("user_name"),
        t.users.c.roles,
        t.users.c.units,
        t.users.c.locked_at,
        t.users.c.must_change_password,
    )
    .join(t.users, t.users.c.id == t.devices.c.user_id)
    .where(t.devices.c.token_hash == bindparam("token_hash"))
)


_SEEN = (
    update(t.devices)
    .where(t.devices.c.id == bindparam("device_id"))
    .values(last_seen_at=bindparam("at"))
)


class _TokenDevice(NamedTuple):
    id: str
    name: str
    user_id: str
    revoked_at: str | None
    last_seen_at: str | None
    created_at: str | None
    token_issued_at: str | None
    user_name: str
    roles: str
    units: str
    locked_at: str | None
    must_change_password: Any


def authenticate(
    db: Database, authorization: str | None, *, idle_days: int = 60, allow_must_change: bool = False
) -> Device:
    """The device of a ``Bearer`` token, or an ApiError: 401 unknown (``unauthorized``) or
    unused for *idle_days* (``token_expired``: the laptop logs in again), 403 revoked
    (``device_revoked``: the laptop wipes itself), the user locked (``user_locked``), or a
    one-time password not yet changed (``password_change_required``)."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
    with db.reader.connect() as conn:
        found = run(conn, _TOKEN_DEVICE, {"token_hash": hash_token(token.strip())})
    if not found:
        raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
    row = _TokenDevice(*found[0])
    if row.revoked_at is not None:
        raise ApiError(403, "device_revoked", {"device_id": row.id})
    if row.locked_at is not None:
        raise ApiError(403, "user_locked")
    used = max(x for x in (row.last_seen_at, row.token_issued_at, row.created_at) if x)
    if idle_days > 0 and used < _since(idle_days * 86400):
        raise ApiError(
            401, "token_expired", {"idle_days": idle_days}, headers={"WWW-Authenticate": "Bearer"}
        )
    if row.must_change_password and not allow_must_change:
        raise ApiError(403, "password_change_required")
    if row.last_seen_at is None or row.last_seen_at < _since(LAST_SEEN_EVERY_S):
        with db.writer.begin() as conn:  # the token's idle time starts over (renewal)
            run(conn, _SEEN, {"device_id": row.id, "at": utcnow()})
    return Device(
        row.id,
        row.name,
        row.user_id,
        row.user_name,
        tuple(orjson.loads(row.roles)),
        tuple(orjson.loads(row.units)),
    )
