"""Server test set-up: every API test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``MIA_TEST_POSTGRES_URL`` (``.ci/run`` sets it): one fresh database per
test session, dropped at the end, and a fresh schema per test inside it. Without the variable,
or with the server unreachable, the PostgreSQL cases are skipped with the reason.
"""
import os
import uuid
import warnings

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from casefile.hlc import Clock
from casefile.ids import new_id

PG_ENV = "MIA_TEST_POSTGRES_URL"
PASSWORD = "Geheim-123"


@pytest.fixture(scope="session")
def pg_session_url():
    """A fresh PostgreSQL database for this session (URL), or skip with the reason."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL cases skipped")
    base = make_url(url)
    if base.drivername == "postgresql":
        base = base.set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"mia_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at {base.host}:{base.port} unreachable: {exc.orig}")
    yield base.set(database=name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL to an empty database: a temp SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite'}"
    session_url = request.getfixturevalue("pg_session_url")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(session_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    url = session_url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def settings(db_url):
    from sync_server.config import Settings
    return Settings.load(environ={}, database_url=db_url, login_window_s=300)


@pytest.fixture
def app(settings):
    from sync_server.api import create_app
    from sync_server.db import migrate
    application = create_app(settings)
    migrate(application.state.service.db)
    yield application
    application.state.service.db.dispose()


@pytest.fixture
def service(app):
    return app.state.service


@pytest.fixture
def client(app):
    with warnings.catch_warnings():
        # Starlette warns that its TestClient will move off httpx; not ours to fix.
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    with TestClient(app) as c:
        yield c


class Dev:
    """A simulated device talking to the API: its own HLC, token and op helpers."""

    def __init__(self, client, reg: dict, node: str):
        self.client = client
        self.id = reg["device_id"]
        self.token = reg["token"]
        self.epoch = reg["epoch"]
        self.clock = Clock(node)

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def op(self, kind, record_id, op="create", fields=None, base=None, hlc=None) -> dict:
        return {"op_id": new_id(), "kind": kind, "record_id": record_id, "op": op,
                "hlc": hlc or self.clock.now().encode(), "fields": fields or {}, "base": base or {}}

    def body(self, ops, **overrides) -> dict:
        return {"protocol": 1, "schema": 1, "epoch": self.epoch, "device_id": self.id,
                "ops": ops, **overrides}

    def push(self, ops, **overrides):
        return self.client.post("/api/v1/sync/push", json=self.body(ops, **overrides),
                                headers=self.headers)

    def pull(self, cursor=0, limit=None, **params):
        query = {"cursor": cursor, **params}
        if limit is not None:
            query["limit"] = limit
        return self.client.get("/api/v1/sync/pull", params=query, headers=self.headers)

    def pull_all(self, limit=None) -> list[dict]:
        cursor, changes = 0, []
        while True:
            page = self.pull(cursor, limit).json()
            changes += page["changes"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return changes


@pytest.fixture
def make_device(client, service):
    """make_device(user="a.schneider", node=None, roles=None, units=None) -> Dev; the user is
    created on first use (a caseworker of the integration unit unless told otherwise)."""
    from sync_server.auth import create_user
    users = set()

    def make(user="a.schneider", node=None, roles=None, units=None):
        if user not in users:
            create_user(service.db, user, PASSWORD, roles or ["caseworker"],
                        ["integration"] if units is None else units)
            users.add(user)
        r = client.post("/api/v1/devices/register",
                        json={"user": user, "password": PASSWORD, "device_name": f"Laptop {user}"})
        assert r.status_code == 200, r.text
        return Dev(client, r.json(), node or f"node-{uuid.uuid4().hex[:6]}")

    return make


def assert_envelope(response, status: int, code: str | None = None) -> dict:
    """The one error shape: {"error": {"code", "message", "detail"}} with a German message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


@pytest.fixture
def envelope():
    return assert_envelope
