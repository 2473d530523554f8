"""Registration, tokens, revoked devices, the attempt limit (SQLite and PostgreSQL)."""

from sqlalchemy import select

from sync_server import schema as t
from sync_server.auth import create_device, create_user, hash_token, revoke_device


def test_register_returns_a_token_that_authenticates(make_device, service):
    dev = make_device()
    assert len(dev.token) >= 40 and dev.epoch == service.epoch()
    r = dev.pull()
    assert r.status_code == 200 and r.json()["changes"] == []
    with service.db.reader.connect() as conn:
        row = conn.execute(select(t.devices).where(t.devices.c.id == dev.id)).one()
    # Only the hash is stored, never the token.
    assert row.token_hash == hash_token(dev.token) and dev.token not in row.token_hash
    assert row.last_seen_at is not None


RIGHT = "Abendrot-über-der-Saale-9"


def test_the_registration_answer_names_the_user_with_units_and_roles(client, service):
    """The laptop learns who registered it from the server, not from the computer's login."""
    create_user(service.db, "a.schneider", RIGHT, ["caseworker"], ["integration", "housing"])
    r = client.post(
        "/api/v1/devices/register",
        json={"user": "a.schneider", "password": RIGHT, "device_name": "root@laptop-17"},
    )
    assert r.status_code == 200
    reg = r.json()
    assert reg["user"] == "a.schneider"
    assert reg["units"] == ["integration", "housing"] and reg["roles"] == ["caseworker"]


def test_wrong_password_and_unknown_user_get_the_same_401(client, service, envelope):
    create_user(service.db, "m.mueller", RIGHT, ["caseworker"], [])
    wrong = client.post(
        "/api/v1/devices/register",
        json={"user": "m.mueller", "password": "falsch", "device_name": "L"},
    )
    nobody = client.post(
        "/api/v1/devices/register",
        json={"user": "niemand", "password": "falsch", "device_name": "L"},
    )
    assert envelope(wrong, 401, "invalid_credentials") == envelope(
        nobody, 401, "invalid_credentials"
    )


def test_five_failures_within_the_window_lock_the_user_with_retry_after(client, service, envelope):
    create_user(service.db, "s.fischer", RIGHT, ["caseworker"], [])
    body = {"user": "s.fischer", "password": "falsch", "device_name": "L"}
    for _ in range(5):
        envelope(client.post("/api/v1/devices/register", json=body), 401)
    locked = client.post("/api/v1/devices/register", json={**body, "password": RIGHT})
    err = envelope(locked, 429, "too_many_attempts")
    assert 1 <= int(locked.headers["Retry-After"]) <= 300
    assert err["detail"]["retry_after"] == int(locked.headers["Retry-After"])
    # Other users are not affected.
    create_user(service.db, "j.weber", RIGHT, ["caseworker"], [])
    ok = client.post(
        "/api/v1/devices/register", json={"user": "j.weber", "password": RIGHT, "device_name": "L"}
    )
    assert ok.status_code == 200


def test_missing_and_unknown_tokens_get_401(client, envelope):
    envelope(client.get("/api/v1/sync/pull"), 401, "unauthorized")
    r = client.get("/api/v1/sync/pull", headers={"Authorization": "Bearer not-a-token"})
    envelope(r, 401, "unauthorized")
    assert r.headers["WWW-Authenticate"] == "Bearer"
    envelope(client.get("/api/v1/sync/pull", headers={"Authorization": "Basic abc"}), 401)


def test_a_revoked_device_is_refused_with_403(make_device, service, envelope):
    dev = make_device()
    other = make_device()
    assert revoke_device(service.db, dev.id)
    assert not revoke_device(service.db, dev.id)  # already revoked
    envelope(dev.pull(), 403, "device_revoked")
    envelope(dev.push([]), 403, "device_revoked")
    assert other.pull().status_code == 200


def test_the_token_of_another_device_is_refused(make_device, envelope):
    a, b = make_device(), make_device()
    r = a.client.post("/api/v1/sync/push", json=b.body([]), headers=a.headers)
    envelope(r, 403, "device_mismatch")


def test_a_device_made_by_it_works_like_a_registered_one(client, service, make_device):
    make_device("k.wagner")
    device_id, token = create_device(service.db, "k.wagner", "Empfang PC")
    r = client.get("/api/v1/sync/pull", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    r = client.post(
        "/api/v1/sync/push",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "protocol": 1,
            "schema": 1,
            "epoch": service.epoch(),
            "device_id": device_id,
            "ops": [],
        },
    )
    assert r.status_code == 200 and r.json()["results"] == []


def test_register_validates_its_body(client, envelope):
    envelope(client.post("/api/v1/devices/register", json={"user": "x"}), 422, "invalid_request")
    envelope(
        client.post(
            "/api/v1/devices/register",
            content=b"{nope",
            headers={"Content-Type": "application/json"},
        ),
        400,
        "malformed_json",
    )
