"""Server test set-up: every API test runs on SQLite and on PostgreSQL. Helpers that are not
fixtures (valid records, a simulated device, the command line): tests/server/helpers.py.

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

from tests.server.helpers import METRICS_TOKEN, PASSWORD, Dev, assert_envelope

PG_ENV = "MIA_TEST_POSTGRES_URL"


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

    # The API map is served in tests (schema checks, fuzzing); production turns it on only
    # with MIA_API_DOCS. /metrics answers the test client with the token.
    return Settings.load(
        environ={},
        database_url=db_url,
        login_window_s=300,
        # Refused logins are answered at once here; test_accounts times the real pause.
        login_refusal_delay_s=0,
        # The duplicate check runs right after each push here (the test client waits for it);
        # test_duplicate_index times the production wait for the end of a burst.
        duplicate_check_quiet_s=0,
        api_docs=True,
        metrics_token=METRICS_TOKEN,
    )


@pytest.fixture
def app(settings):
    from sync_server import auth
    from sync_server.api import create_app
    from sync_server.db import migrate

    auth._blocked.clear()  # the login throttle's memory of this process: a fresh server
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


@pytest.fixture
def make_device(client, service):
    """make_device(user="a.schneider", node=None, roles=None, units=None) -> Dev; the user is
    created on first use (a caseworker of the integration unit unless told otherwise)."""
    from sync_server.auth import create_user

    users = set()

    def make(user="a.schneider", node=None, roles=None, units=None):
        if user not in users:
            create_user(
                service.db,
                user,
                PASSWORD,
                roles or ["caseworker"],
                ["integration"] if units is None else units,
            )
            users.add(user)
        r = client.post(
            "/api/v1/devices/register",
            json={"user": user, "password": PASSWORD, "device_name": f"Laptop {user}"},
        )
        assert r.status_code == 200, r.text
        return Dev(client, r.json(), node or f"node-{uuid.uuid4().hex[:6]}")

    return make


@pytest.fixture
def erase(make_device):
    """erase(client_id, reason=...) -> response: the client file erased the one way there is,
    ``POST /api/v1/clients/{id}/erase`` by an administrator (``[actions] erase_client``)."""
    admins = []

    def erase_(client_id: str, reason: str = "Löschantrag nach Art. 17 DSGVO"):
        if not admins:
            admins.append(make_device("dsb.erase", roles=["administrator"], units=[]))
        admin = admins[0]
        return admin.client.post(
            f"/api/v1/clients/{client_id}/erase", json={"reason": reason}, headers=admin.headers
        )

    return erase_


@pytest.fixture
def envelope():
    return assert_envelope
