"""Server test set-up: every API test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``MIA_TEST_POSTGRES_URL`` (``.ci/run`` sets it): one fresh database per
test session, dropped at the end, and a fresh schema per test inside it. Without the variable,
or with the server unreachable, the PostgreSQL cases are skipped with the reason.
"""
import datetime as dt
import json
import os
import uuid
import warnings

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from casefile import catalogs
from casefile.hlc import Clock
from casefile.ids import new_id

PG_ENV = "MIA_TEST_POSTGRES_URL"
PASSWORD = "Brückenbau-Abendrot-42"
METRICS_TOKEN = "metrics-token-for-tests"


# --- valid records ---------------------------------------------------------------------------
# The server checks every op by the desktop forms' rules (casefile.wire.check_fields): a create
# must be a complete valid record. The tests build theirs here, in the wire form (the desktop's
# row: lists as JSON text, dates "YYYY-MM-DD", date-times UTC with "+00:00").

LIST_FIELDS = frozenset({"nationalities", "languages", "topics", "recipients", "categories"})


def code(catalog: str, value: str) -> str:
    """*value*, checked to be a code of *catalog* (resources/catalogs), so the test data stay
    valid records, and a catalog edit that drops the code fails here, not as a rejected op."""
    assert value in catalogs.load(catalog), f"{value!r} is not in the catalog {catalog}"
    return value


def codes(catalog: str, *values: str) -> str:
    """A list of catalog codes as the wire's JSON text."""
    return json.dumps([code(catalog, v) for v in values])


def wire_date(days: int = 0) -> str:
    """Today (the server's date) plus *days*, as a wire date."""
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def wire_time(hours_ago: float = 1) -> str:
    """A UTC date-time *hours_ago* in the past, as a wire date-time."""
    at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=hours_ago)
    return at.replace(microsecond=0).isoformat()


def valid_fields(kind: str, client_id: str | None = None, **overrides) -> dict:
    """The fields of a complete, valid *kind* record (what a desktop form could save), for the
    client *client_id*, with *overrides* on top (a list value becomes JSON text).

    A client's birth date is unknown unless given (``birth_date=..., birth_date_precision=
    "exact"``): tests make many clients of one name, and name + exact birth date + sex is what
    the duplicate check merges at once. The other defaults suit the default test user, a caseworker of the integration unit: a
    consultation of that unit, a consent that opens the integration unit's counseling notes
    (a category it holds) to the Jobcenter with the signed form's number.
    """
    defaults = {
        "client": lambda: {
            "family_name": "Kovalenko", "given_names": "Olena", "birth_date_precision": "unknown",
            "sex": "f", "nationalities": codes("nationality", "UKR")},
        "consultation": lambda: {
            "client_id": client_id, "started_at": wire_time(), "duration_min": 45,
            "unit": code("unit", "integration"), "location": code("location", "lra_naumburg"),
            "kind": code("consultation_kind", "walk_in"),
            "topics": codes("topic", "language_course"), "caseworker": "a.schneider"},
        "task": lambda: {"client_id": client_id, "due_date": wire_date(14),
                         "text": "Rückruf wegen Sprachkurs"},
        "referral": lambda: {"client_id": client_id, "target": "Migrationsberatung (MBE)",
                             "reason": "Anerkennung des Berufsabschlusses",
                             "referred_on": wire_date(),
                             "status": code("referral_status", "proposed")},
        "consent": lambda: {"client_id": client_id, "recipients": codes("unit", "jobcenter"),
                            "categories": codes("data_category", "counseling_notes"),
                            "purpose": "Abstimmung der Eingliederung", "given_on": wire_date(),
                            "form_reference": "EV-2026-0117"},
        "residence_status": lambda: {"client_id": client_id,
                                     "status": code("residence_status", "permission_to_stay")},
        "household_link": lambda: {"client_id": client_id, "other_client_id": None,
                                   "relation": code("relation", "child")},
        "client_alias": lambda: {"client_id": client_id, "family_name": "Kowalenko",
                                 "given_names": "Olena", "kind": code("alias_kind", "spelling")},
        "client_identifier": lambda: {"client_id": client_id,
                                      "type": code("identifier_type", "bamf_file_number"),
                                      "value": "7123456-438"},
    }
    fields = defaults[kind]()
    if kind != "client":
        assert client_id, f"a {kind} belongs to a client: client_id missing"
    for name, value in overrides.items():
        fields[name] = json.dumps(list(value)) if (
            name in LIST_FIELDS and isinstance(value, (list, tuple))) else value
    if kind == "household_link":
        assert fields["other_client_id"], "a household link names the other client"
    return fields


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
    return Settings.load(environ={}, database_url=db_url, login_window_s=300, api_docs=True,
                         metrics_token=METRICS_TOKEN)


@pytest.fixture
def app(settings):
    from sync_server.api import create_app
    from sync_server.db import migrate
    from sync_server import auth
    auth._blocked.clear()       # the login throttle's memory of this process: a fresh server
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


@pytest.fixture
def erase(make_device):
    """erase(client_id, reason=...) -> response: the client file erased the one way there is,
    ``POST /api/v1/clients/{id}/erase`` by an administrator (``[actions] erase_client``)."""
    admins = []

    def erase_(client_id: str, reason: str = "Löschantrag nach Art. 17 DSGVO"):
        if not admins:
            admins.append(make_device("dsb.erase", roles=["administrator"], units=[]))
        admin = admins[0]
        return admin.client.post(f"/api/v1/clients/{client_id}/erase", json={"reason": reason},
                                 headers=admin.headers)

    return erase_


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


def propose_pair(service, a: str, b: str) -> str:
    """Put the pair (a, b) into the review queue as the duplicate check would; its id."""
    from sync_server import schema as t
    candidate = new_id()
    left, right = sorted((a, b))
    with service.db.writer.begin() as conn:
        conn.execute(t.match_candidates.insert().values(
            id=candidate, left_id=left, right_id=right, status="open",
            score=json.dumps({"score": 4.2, "decision": "review", "reasons": ["Name ähnlich"]}),
            created_at="2026-01-01T00:00:00.000+00:00"))
    return candidate
