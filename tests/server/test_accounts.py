"""Accounts, passwords and devices (issue 14), on SQLite and PostgreSQL.

From the issue: a lost laptop and a guessed password stay harmless -- password rules, a user
locked at once on every device, a one-time password changed first, tokens that expire unused and
rotate on every login, throttling that holds under concurrency and never starves sync.
"""

import asyncio
import concurrent.futures
import datetime as dt
import os
import sys
import threading
import time

import pytest
from sqlalchemy import update

from sync_server import schema as t
from sync_server.auth import (
    WeakPassword,
    create_user,
    lock_user,
    reset_password,
    set_user,
    unlock_user,
)

RIGHT = "Abendrot-über-der-Saale-9"
NEW = "Brückenbau am Mühlgraben 7"


def register(client, user, password, **extra):
    return client.post(
        "/api/v1/devices/register",
        json={"user": user, "password": password, "device_name": "Laptop", **extra},
    )


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_password_rules_refuse_short_common_and_the_user_name(service):
    for weak, code in (
        ("kurz", "too_short"),
        ("Passwort2026!", "common"),
        ("P@ssw0rt-2026!", "common"),
        ("m.mueller-2026-abc", "user_name"),
        ("123456789012345", "too_weak"),
        ("aaaaaaaaaaaaaaaa", "too_weak"),
    ):
        try:
            create_user(service.db, "m.mueller", weak, ["caseworker"], [])
        except WeakPassword as exc:
            assert code in exc.codes, (weak, exc.codes)
            assert str(exc) and str(exc)[0].isupper()  # a German sentence
        else:
            raise AssertionError(f"{weak!r} was accepted")
    create_user(service.db, "m.mueller", RIGHT, ["caseworker"], [])


def test_a_locked_user_is_refused_on_every_device_at_once(client, service, envelope):
    create_user(service.db, "m.mueller", RIGHT, ["caseworker"], ["integration"])
    tokens = [register(client, "m.mueller", RIGHT).json()["token"] for _ in range(2)]
    assert lock_user(service.db, "m.mueller")
    for token in tokens:
        envelope(client.get("/api/v1/sync/pull", headers=bearer(token)), 403, "user_locked")
    # A new registration is refused too -- the same answer for a right and a wrong password,
    # so a locked account tells a guesser nothing about a guess.
    envelope(register(client, "m.mueller", RIGHT), 403, "user_locked")
    envelope(register(client, "m.mueller", "falsch-falsch-falsch"), 403, "user_locked")
    assert unlock_user(service.db, "m.mueller")
    assert client.get("/api/v1/sync/pull", headers=bearer(tokens[0])).status_code == 200


def test_a_one_time_password_must_be_changed_before_anything_else(client, service, envelope):
    create_user(service.db, "m.mueller", RIGHT, ["caseworker"], ["integration"])
    one_time = reset_password(service.db, "m.mueller")
    envelope(register(client, "m.mueller", RIGHT), 401, "invalid_credentials")
    reg = register(client, "m.mueller", one_time).json()
    assert reg["must_change_password"] is True
    h = bearer(reg["token"])
    envelope(client.get("/api/v1/sync/pull", headers=h), 403, "password_change_required")
    change = "/api/v1/account/password"
    weak = envelope(
        client.post(change, json={"old_password": one_time, "new_password": "kurz"}, headers=h),
        422,
        "weak_password",
    )
    assert "mindestens 12 Zeichen" in weak["message"]
    envelope(
        client.post(change, json={"old_password": "falsch", "new_password": NEW}, headers=h),
        401,
        "invalid_credentials",
    )
    ok = client.post(change, json={"old_password": one_time, "new_password": NEW}, headers=h)
    assert ok.status_code == 200 and ok.json() == {"changed": True}
    assert client.get("/api/v1/sync/pull", headers=h).status_code == 200
    envelope(register(client, "m.mueller", one_time), 401, "invalid_credentials")
    assert register(client, "m.mueller", NEW).json()["must_change_password"] is False


def test_tokens_expire_unused_are_renewed_by_use_and_rotate_on_login(client, service, envelope):
    create_user(service.db, "m.mueller", RIGHT, ["caseworker"], ["integration"])
    first = register(client, "m.mueller", RIGHT).json()
    days = service.settings.token_idle_days
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days + 1)).isoformat()
    almost = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days - 1)).isoformat()
    with service.db.writer.begin() as conn:
        conn.execute(
            update(t.devices).values(last_seen_at=almost, token_issued_at=almost, created_at=almost)
        )
    assert client.get("/api/v1/sync/pull", headers=bearer(first["token"])).status_code == 200
    with service.db.writer.begin() as conn:  # the use above renewed it; now it ages
        conn.execute(
            update(t.devices).values(last_seen_at=old, token_issued_at=old, created_at=old)
        )
    envelope(client.get("/api/v1/sync/pull", headers=bearer(first["token"])), 401, "token_expired")
    # Logging in again with the laptop's device id rotates its token: same device, old token dead.
    again = register(client, "m.mueller", RIGHT, device_id=first["device_id"]).json()
    assert again["device_id"] == first["device_id"] and again["token"] != first["token"]
    assert client.get("/api/v1/sync/pull", headers=bearer(again["token"])).status_code == 200
    envelope(client.get("/api/v1/sync/pull", headers=bearer(first["token"])), 401, "unauthorized")
    # Another user's device id is not rotated: a new device instead.
    create_user(service.db, "j.weber", RIGHT, ["caseworker"], [])
    other = register(client, "j.weber", RIGHT, device_id=first["device_id"]).json()
    assert other["device_id"] != first["device_id"]


def test_concurrent_guesses_never_get_past_the_limit(client, service, envelope):
    create_user(service.db, "s.fischer", RIGHT, ["caseworker"], [])
    limit = service.settings.login_max_failures

    def guess(n):
        return register(client, "s.fischer", f"falsch-{n}-xyz").status_code

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(guess, range(30)))
    assert codes.count(401) <= limit, codes
    assert set(codes) <= {401, 429}
    refused = register(client, "s.fischer", RIGHT)  # even the right one waits
    envelope(refused, 429, "too_many_attempts")
    assert int(refused.headers["Retry-After"]) >= 1


def test_sprayed_user_names_from_one_address_get_429(client, service, envelope):
    limit = service.settings.login_addr_max_failures
    codes = [register(client, f"user{n}", "falsch-falsch-1").status_code for n in range(limit + 5)]
    assert codes[:limit] == [401] * limit and set(codes[limit:]) == {429}
    # The real user from elsewhere is not affected.
    create_user(service.db, "m.mueller", RIGHT, ["caseworker"], [])
    from fastapi.testclient import TestClient

    with TestClient(client.app, client=("10.1.2.3", 5000)) as other:
        assert register(other, "m.mueller", RIGHT).status_code == 200


def test_a_name_that_cannot_log_in_is_refused_in_a_checks_time_without_argon2(
    client, service, envelope, monkeypatch
):
    """Issue 14: a wrong name must not tell a guesser it is wrong (its refusal takes as long as
    a wrong password's), and sprayed names must not cost the server a password check."""
    from sync_server import auth
    from sync_server.auth import NO_LOGIN

    create_user(service.db, "s.fischer", RIGHT, ["caseworker"], [])
    create_user(service.db, "k.wagner", RIGHT, ["caseworker"], [])
    with service.db.writer.begin() as conn:  # now a colleague the directory knows, no login
        conn.execute(
            update(t.users).where(t.users.c.name == "k.wagner").values(password_hash=NO_LOGIN)
        )
    envelope(register(client, "s.fischer", "falsch-1-xyz"), 401, "invalid_credentials")
    checks = []

    class Counting:  # the server's hasher, counting its checks
        def __getattr__(self, name):
            return getattr(hasher, name)

        def verify(self, *args):
            checks.append(args)
            return hasher.verify(*args)

    hasher = auth._hasher
    monkeypatch.setattr(auth, "_hasher", Counting())
    for name in ("niemand", "k.wagner", "Robert'); DROP TABLE users;--", "x" * 100):
        shortest = min(auth._recent_checks)  # every wait is one of these, drawn at random
        started = time.perf_counter()
        answer = register(client, name, RIGHT)
        took = time.perf_counter() - started
        envelope(answer, 401, "invalid_credentials")  # the same answer as a wrong password
        assert took >= shortest, (name, took, shortest)
    assert checks == []  # no Argon2 ran for them
    envelope(register(client, "s.fischer", "falsch-2-xyz"), 401, "invalid_credentials")
    assert len(checks) == 1  # a real user's wrong password is checked


def test_a_key_known_to_be_used_up_is_refused_without_the_login_thread(client, service, envelope):
    limit = service.settings.login_max_failures
    for n in range(limit + 1):  # the last one learns from the database that the key is used up
        register(client, "s.fischer", f"falsch-{n}-xyz")
    pool = client.app.state.login_pool

    async def never(*_args, **_kwargs):
        raise AssertionError("a known refusal must not queue for the login thread")

    pool.run, run = never, pool.run
    try:
        refused = register(client, "s.fischer", RIGHT)
    finally:
        pool.run = run
    err = envelope(refused, 429, "too_many_attempts")
    assert 1 <= int(refused.headers["Retry-After"]) <= service.settings.login_window_s
    assert err["detail"]["retry_after"] == int(refused.headers["Retry-After"])


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread priority is Linux's")
def test_password_checks_run_at_a_lower_cpu_priority_than_sync(client):
    pool = client.app.state.login_pool
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    theirs = pool.executor.submit(
        lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    ).result()
    assert theirs > mine
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine  # only that thread


def test_apps_of_one_process_share_one_login_thread(tmp_path):
    """A process has one login thread however many apps it builds (the tests build hundreds;
    each used to leave an idle thread behind)."""
    from sync_server.api import create_app
    from sync_server.config import Settings

    pools = []
    for n in range(3):
        url = f"sqlite:///{tmp_path / f'{n}.db'}"
        app = create_app(Settings.load(environ={}, database_url=url))
        pools.append(app.state.login_pool)
        app.state.service.db.dispose()
    idents = {p.executor.submit(threading.get_ident).result() for p in pools}
    assert len(idents) == 1
    logins = [t for t in threading.enumerate() if t.name.startswith("login")]
    assert len(logins) == 1


def test_roles_and_units_change_from_the_cli_functions(client, service):
    create_user(service.db, "m.mueller", RIGHT, ["caseworker"], ["integration"])
    token = register(client, "m.mueller", RIGHT).json()["token"]
    before = client.get("/api/v1/sync/pull", headers=bearer(token)).json()["scope"]
    assert set_user(service.db, "m.mueller", units=["abh"])
    after = client.get("/api/v1/sync/pull", headers=bearer(token)).json()["scope"]
    assert before != after
    assert not set_user(service.db, "niemand", roles=["caseworker"])


def test_docs_are_off_unless_enabled_and_metrics_need_loopback_or_token(tmp_path):
    from fastapi.testclient import TestClient

    from sync_server.api import create_app
    from sync_server.config import Settings
    from sync_server.db import migrate

    app = create_app(
        Settings.load(
            environ={},
            database_url=f"sqlite:///{tmp_path / 's.db'}",
            metrics_token="geheimes-monitoring",
        )
    )
    migrate(app.state.service.db)
    with TestClient(app, client=("192.0.2.7", 4000)) as remote:
        assert remote.get("/openapi.json").status_code == 404
        assert remote.get("/docs").status_code == 404
        assert remote.get("/metrics").status_code == 403
        assert remote.get("/metrics", headers=bearer("falsch")).status_code == 403
        assert remote.get("/metrics", headers=bearer("geheimes-monitoring")).status_code == 200
        # Behind the proxy the loopback is not enough (X-Forwarded-For names the caller).
    with TestClient(app, client=("127.0.0.1", 4000)) as local:
        assert local.get("/metrics").status_code == 200
        assert local.get("/metrics", headers={"X-Forwarded-For": "192.0.2.7"}).status_code == 403
    app.state.service.db.dispose()


def test_after_a_reset_the_earlier_password_cannot_be_chosen_again(client, service, envelope):
    create_user(service.db, "m.mueller", RIGHT, ["caseworker"], ["integration"])
    one_time = reset_password(service.db, "m.mueller")
    h = bearer(register(client, "m.mueller", one_time).json()["token"])
    change = "/api/v1/account/password"
    envelope(
        client.post(change, json={"old_password": one_time, "new_password": RIGHT}, headers=h),
        422,
        "weak_password",
    )
    assert (
        client.post(
            change, json={"old_password": one_time, "new_password": NEW}, headers=h
        ).status_code
        == 200
    )


def test_the_audit_log_names_the_user_of_merges_and_exports(client, service, make_device):
    from casefile.ids import new_id
    from tests.server.helpers import valid_fields

    k = make_device("k.koord", roles=["coordination"], units=["coordination"])
    a, b = new_id(), new_id()
    k.push(
        [
            k.op("client", a, fields=valid_fields("client", family_name="Haddad")),
            k.op(
                "client",
                b,
                fields=valid_fields("client", family_name="Okonkwo", given_names="Chidi"),
            ),
        ]
    )
    merge = k.client.post(
        f"/api/v1/clients/{a}/merge", json={"merged_id": b}, headers=k.headers
    ).json()
    k.client.post(f"/api/v1/merges/{merge['id']}/undo", headers=k.headers)
    admin = make_device("d.admin", roles=["administrator"], units=[])
    admin.client.get(f"/api/v1/clients/{a}/export", headers=admin.headers)
    rows = admin.client.get(
        "/api/v1/audit", params={"user": "k.koord"}, headers=admin.headers
    ).json()["entries"]
    assert {"merge", "unmerge"} <= {r["action"] for r in rows}
    rows = admin.client.get(
        "/api/v1/audit", params={"user": "d.admin"}, headers=admin.headers
    ).json()["entries"]
    assert "export" in {r["action"] for r in rows}


def test_a_refused_login_is_answered_after_a_pause(client, service, envelope):
    """A guesser waits for each refusal (MIA_LOGIN_REFUSAL_DELAY_S), so a swarm of guessing
    connections sends few refusals a second; the answer itself is unchanged."""
    from sync_server.api import RefusalDelay

    client.app.state.refusal_delay = RefusalDelay(0.6, 8)
    limit = service.settings.login_max_failures
    started = time.monotonic()
    for n in range(limit):
        assert register(client, "nobody", f"falsch-{n}-xyz").status_code == 401
    checked = time.monotonic() - started
    started = time.monotonic()
    refused = register(client, "nobody", "falsch-x-xyz")
    waited = time.monotonic() - started
    err = envelope(refused, 429, "too_many_attempts")
    assert waited >= 0.6, (waited, checked)
    assert err["detail"]["retry_after"] == int(refused.headers["Retry-After"]) >= 1


def test_the_refusal_pause_is_bounded_by_retry_after_and_by_the_held_answers():
    from sync_server.api import RefusalDelay
    from sync_server.errors import ApiError

    def refusal(retry: int) -> ApiError:
        return ApiError(429, "too_many_attempts", headers={"Retry-After": str(retry)}, minutes=1)

    async def timed(delay: RefusalDelay, error: ApiError) -> float:
        t0 = time.monotonic()
        await delay.hold(error)
        return time.monotonic() - t0

    async def scenario() -> tuple[float, float, float, float]:
        short = await timed(RefusalDelay(30, 4), refusal(1))  # never longer than Retry-After
        none = await timed(RefusalDelay(0, 4), refusal(60))  # 0: at once
        full = RefusalDelay(1.0, 1)
        first = asyncio.ensure_future(timed(full, refusal(60)))
        await asyncio.sleep(0.05)
        second = await timed(full, refusal(60))  # the one slot is held: at once
        return short, none, await first, second

    short, none, first, second = asyncio.run(scenario())
    assert 0.9 <= short < 5 and none < 0.05
    assert first >= 0.95 and second < 0.05
