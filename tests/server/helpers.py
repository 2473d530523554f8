"""Helpers of the server tests that are not fixtures (those are in tests/server/conftest.py):
valid records in the wire form, a simulated device, the review queue, the command line."""

import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from casefile import catalogs
from casefile.hlc import Clock
from casefile.ids import new_id

ROOT = Path(__file__).resolve().parents[2]
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
    at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)
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
            "family_name": "Kovalenko",
            "given_names": "Olena",
            "birth_date_precision": "unknown",
            "sex": "f",
            "nationalities": codes("nationality", "UKR"),
        },
        "consultation": lambda: {
            "client_id": client_id,
            "started_at": wire_time(),
            "duration_min": 45,
            "unit": code("unit", "integration"),
            "location": code("location", "lra_naumburg"),
            "kind": code("consultation_kind", "walk_in"),
            "topics": codes("topic", "language_course"),
            "caseworker": "a.schneider",
        },
        "task": lambda: {
            "client_id": client_id,
            "due_date": wire_date(14),
            "text": "Rückruf wegen Sprachkurs",
        },
        "referral": lambda: {
            "client_id": client_id,
            "target": "Migrationsberatung (MBE)",
            "reason": "Anerkennung des Berufsabschlusses",
            "referred_on": wire_date(),
            "status": code("referral_status", "proposed"),
        },
        "consent": lambda: {
            "client_id": client_id,
            "recipients": codes("unit", "jobcenter"),
            "categories": codes("data_category", "counseling_notes"),
            "purpose": "Abstimmung der Eingliederung",
            "given_on": wire_date(),
            "form_reference": "EV-2026-0117",
        },
        "residence_status": lambda: {
            "client_id": client_id,
            "status": code("residence_status", "permission_to_stay"),
        },
        "household_link": lambda: {
            "client_id": client_id,
            "other_client_id": None,
            "relation": code("relation", "child"),
        },
        "client_alias": lambda: {
            "client_id": client_id,
            "family_name": "Kowalenko",
            "given_names": "Olena",
            "kind": code("alias_kind", "spelling"),
        },
        "client_identifier": lambda: {
            "client_id": client_id,
            "type": code("identifier_type", "bamf_file_number"),
            "value": "7123456-438",
        },
    }
    fields = defaults[kind]()
    if kind != "client":
        assert client_id, f"a {kind} belongs to a client: client_id missing"
    for name, value in overrides.items():
        fields[name] = (
            json.dumps(list(value))
            if (name in LIST_FIELDS and isinstance(value, (list, tuple)))
            else value
        )
    if kind == "household_link":
        assert fields["other_client_id"], "a household link names the other client"
    return fields


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
        return {
            "op_id": new_id(),
            "kind": kind,
            "record_id": record_id,
            "op": op,
            "hlc": hlc or self.clock.now().encode(),
            "fields": fields or {},
            "base": base or {},
        }

    def body(self, ops, **overrides) -> dict:
        return {
            "protocol": 1,
            "schema": 1,
            "epoch": self.epoch,
            "device_id": self.id,
            "ops": ops,
            **overrides,
        }

    def push(self, ops, **overrides):
        return self.client.post(
            "/api/v1/sync/push", json=self.body(ops, **overrides), headers=self.headers
        )

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


def assert_envelope(response, status: int, code: str | None = None) -> dict:
    """The one error shape: {"error": {"code", "message", "detail"}} with a German message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


def propose_pair(service, a: str, b: str) -> str:
    """Put the pair (a, b) into the review queue as the duplicate check would; its id."""
    from sync_server import schema as t

    candidate = new_id()
    left, right = sorted((a, b))
    with service.db.writer.begin() as conn:
        conn.execute(
            t.match_candidates.insert().values(
                id=candidate,
                left_id=left,
                right_id=right,
                status="open",
                score=json.dumps({"score": 4.2, "decision": "review", "reasons": ["Name ähnlich"]}),
                created_at="2026-01-01T00:00:00.000+00:00",
            )
        )
    return candidate


ROOT = Path(__file__).resolve().parents[2]


def cli(*args, url, stdin=None, check=True):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run(
        [sys.executable, "-m", "sync_server.cli", *args, "--database-url", url],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    if check:
        assert r.returncode == 0, r.stderr
    return r


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(db_url: str, log_path, workers: int = 1, wait_s: float = 40):
    """A real ``mia-sync-server serve`` process on *db_url* (its output in *log_path*), up and
    answering /health; yields its base URL and stops it (killed if it will not end)."""
    import requests

    port = free_port()
    with open(log_path, "w") as log:  # the child keeps its own handle
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync_server.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--database-url",
                db_url,
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                if requests.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(open(log_path).read())
            time.sleep(0.2)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@contextlib.contextmanager
def headless_chromium(*extra: str):
    """Debian's Chromium through its ChromeDriver (selenium), headless at 1920x1080."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # driver.get_log("browser")
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1920,1080",
        "--autoplay-policy=no-user-gesture-required",
        "--lang=de-DE",
        *extra,
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def gate_agrees(policy, rules, user, kind: str, before: dict | None, after: dict | None) -> bool:
    """Assert that the server's rules (*policy*, a casefile.policy.Policy) write and read a
    record of *kind* changed from *before* to *after* by *user* (a tests.server.oracle.User) as
    the independent reading of the policy file (*rules*, tests.server.oracle.Rules) says: the
    write gate refuses exactly what the oracle refuses, and each state is readable exactly where
    the oracle reads it. Returns whether the write is allowed (for a test's own expectations)."""
    from tests.server.oracle import Rec, World

    allowed = policy.write_refusal(user, kind, before, after) is None
    assert allowed == (rules.write_refusal(user, kind, before, after) is None), (
        user,
        kind,
        before,
        after,
    )
    world = World(rules)
    for fields in (f for f in (before, after) if f is not None):
        unit, category = policy.classify(kind, fields)
        rec = Rec(kind, new_id(), dict(fields), False)
        assert policy.may_read(user, unit, category) == world.may_read(user, rec), (
            user,
            kind,
            fields,
        )
    return allowed
