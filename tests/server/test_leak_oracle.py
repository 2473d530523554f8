"""The leak oracle: no answer of the server holds a record or field the rules deny its user.

A Hypothesis state machine (issue 13, "Tests") drives the real app on a fresh database per
example (SQLite and PostgreSQL) through random states, and after writes and at the end asks
every endpoint, as every user, and judges every response body with an oracle of its own:

* **Users** over all roles of ``[roles]`` and the units of the unit catalog (drawn), plus a
  writer (caseworker) per unit that records that unit's sections, a coordination user who merges,
  reception and an administrator.
* **States**: clients (some near-duplicates for the review queue); consultations of every unit,
  some about health; residence statuses; tasks assigned to units; referrals (tasks and
  referrals sometimes naming a consultation); consents by any user with random recipients,
  categories and dates (given, withdrawn and expired, with and without a form reference),
  among them consents naming the recorder's own unit; withdrawals and expiries; deletes of
  records and of clients (a client delete pushed by anybody; the erase action, by whoever
  tries); merges (by hand and from the review queue), "not the same person",
  unmerges; conflicts (two devices changing an identity field from the same base; concurrent
  edits of residence statuses and tasks) and their resolution by any user; forged pushes under
  the ids of records the user may not see (update, delete, create of another kind = id clash,
  create of the same kind), sections of other units, widened consents.
* **Endpoints**, per user: pull from 0 (default and small pages), the first sync by snapshot
  (small chunks), incremental pulls (with ``rescope``), push answers, conflicts (open and all, by record), resolve of conflicts of hidden
  records, duplicates (every status), merges, a client's merges, export, erase, audit (JSON,
  CSV, per client), version/health/metrics (also with the monitoring token), and the error
  envelopes of refused calls (merge, unmerge, resolve and export with a section record's id,
  registration and password change with a wrong password, the roles' 403s); the live
  channel (its first event: the queues it names are the user's), the walk-in queues (ticket
  prefix, statistics of every location, a call), the reports (catalog, tables in both modes,
  the export as JSON -- as CSV, XLSX and PDF where ``sync_server.report_files`` exists --, the
  monthly report, a unit outside the user's scope, the drill-down), the funder list where the
  app has it; and without a login the waiting-room displays of every walk-in location with
  their token, another location's and a wrong one (page, state, first event), and their files.
  ``test_every_route_is_asked`` fails when a route is added that this file does not ask.

**The oracle** (tests/server/oracle.py, whose docstring states how the rules file is read where
it leaves room) reads ``resources/access/policy.toml`` with tomllib -- never the server's access
code, its ``section``/``unit`` columns or ``consent_grants``. It judges state read raw from
``records`` (kind, id, fields, deleted; the last content seen is kept for a tombstone without
content) and ``merges``, and what it tracked: who wrote which consent (a consent opened by a user
the rules do not allow to open that category opens nothing).

**Leak detection does not depend on the shape of an answer**: every free text of every
non-master-data record carries a marker ``SECRET<n>X`` unique to that record; every body (JSON,
CSV, error envelopes) is searched for markers of records the oracle denies the user (the
author of a text may see it echoed). The ids of unit-section records the user may not see may
appear in no body either, except ids the user sent in a request, ids a record the user may read
names (a task's ``consultation_id``), and the audit log (it names record ids by design; never
content) and the Art. 15 export (the whole file of that person) for the roles the rules name.
Push answers to forged ops must not name the hidden record's kind or category either.

**No misses**: a pull from cursor 0, and a snapshot, hold every live record the oracle allows.

**Walk-in queues and reports** (issue 21): reception issues tickets (with a first phase whose
reason carries a marker) at the locations of ``[walk_in]``, and staff call them; who gets a
prefix, statistics, a call and a queue on the live channel is judged by the oracle's reading
of ``[walk_in]``, who gets figures (or 403 ``report_scope``) and which units a table shows by
its reading of ``[reports]``. A client listed behind a report cell must be a live file that
user may read *and* have a consultation behind that cell (unit, period) the user may read. A
waiting-room display shows no marker, no id and no name (of a client or of the staff who
called): numbers and rooms only.

**Writes**: every call that may write is framed by two raw reads of ``records``; every record
it changed must be one the rules let that user write (push, resolve; a consent may open only
what its writer may open), or the call must be a merge/unmerge of a reviewer, or an erase by a
role ``[actions] erase_client`` names that touches that one file only; a read changes nothing.
A call of a ticket changes one ticket of a queue of the caller's own units (to ``called``, by
that caller) and adds its phase, nothing else.
Every answer with a status of 500 or more is a finding too.

Bounds: ``MIA_LEAK_EXAMPLES`` (default 8) examples of up to ``MIA_LEAK_STEPS`` (default 30)
steps per back end, derandomized (the same examples in every run): about a minute per back
end on two cores. On a failure the message names the user, the endpoint, what leaked, and the
steps so far (with ids); Hypothesis prints the rule calls, with a ``@reproduce_failure`` blob.
``MIA_LEAK_SHRINK=1`` shrinks a failure to fewer steps first (minutes).
``MIA_LEAK_COLLECT=<file>`` writes every finding as a JSON line instead of failing at the first
(to survey all leaks at once).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import os
import re
import uuid
import warnings
from typing import Any
from urllib.parse import urlencode

import anyio
import orjson
from hypothesis import HealthCheck, Phase, settings, strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import create_engine, text

from casefile.ids import new_id
from tests.names import letters
from tests.server.helpers import Dev
from tests.server.oracle import CATALOGS as RULES_CATALOGS, Rec, Rules, User, World, catalog_codes

EXAMPLES = int(os.environ.get("MIA_LEAK_EXAMPLES", "8"))
STEPS = int(os.environ.get("MIA_LEAK_STEPS", "30"))
COLLECT = os.environ.get("MIA_LEAK_COLLECT", "")
SHRINK = os.environ.get("MIA_LEAK_SHRINK", "") == "1"

RULES = Rules()
ROLES = sorted(RULES.roles)
UNITS = catalog_codes("unit")
CATEGORIES = catalog_codes("data_category") + sorted(RULES.open)
EXTERNAL = "Migrationsberatung für Erwachsene (MBE)"
PASSWORD = "Brückenbau-Abendrot-42"
METRICS_TOKEN = "leak-oracle-metrics"
MARKER = re.compile(r"SECRET(\d{5})X")
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
TOPICS = (["residence"], ["health"], ["work", "health"], ["language_course"], ["housing"])
# --- issue 21: walk-in queues, displays and reports in the sweep ---
LOCATIONS = sorted(RULES.walk_in)
DESK = "Raum 2.14"
STREAM_WAIT_S = 5.0  # an event stream's first event comes at once; past this it is a finding
HAS_REPORT_FILES = importlib.util.find_spec("sync_server.report_files") is not None
FUNDER_LIST = ("GET", "/api/v1/reports/funder-list")  # issue 21, from another branch


def app_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every route of *app* (or a router), but HEAD and the static docs."""
    routes = set()
    for route in app.routes:
        # FastAPI 0.16x keeps an included router as one entry whose routes it lists itself;
        # earlier versions copied each route into app.routes.
        contexts = getattr(route, "effective_route_contexts", None)
        for inner in contexts() if contexts else [route]:
            for method in sorted(getattr(inner, "methods", None) or ()):
                if method != "HEAD" and inner.path not in STATIC:
                    routes.add((method, inner.path))
    return routes


# Every route this file asks (test_every_route_is_asked compares with the app's routes).
ASKED = {
    ("POST", "/api/v1/devices/register"),
    ("POST", "/api/v1/sync/push"),
    ("GET", "/api/v1/sync/pull"),
    ("GET", "/api/v1/sync/snapshot"),
    ("GET", "/api/v1/conflicts"),
    ("GET", "/api/v1/rules"),
    ("POST", "/api/v1/conflicts/{conflict_id}/resolve"),
    ("GET", "/api/v1/clients/{client_id}/export"),
    ("GET", "/api/v1/audit"),
    ("GET", "/api/v1/duplicates"),
    ("POST", "/api/v1/duplicates/{candidate_id}/merge"),
    ("POST", "/api/v1/duplicates/{candidate_id}/distinct"),
    ("POST", "/api/v1/clients/{survivor_id}/merge"),
    ("GET", "/api/v1/clients/{client_id}/merges"),
    ("GET", "/api/v1/merges"),
    ("POST", "/api/v1/merges/{merge_id}/undo"),
    ("GET", "/api/v1/version"),
    ("GET", "/api/v1/directory"),
    ("GET", "/health"),
    ("GET", "/metrics"),
    ("POST", "/api/v1/clients/{client_id}/erase"),
    ("POST", "/api/v1/account/password"),
    # --- issue 21: the live channel, walk-in queues, displays, reports ---
    ("GET", "/api/v1/events"),
    ("POST", "/api/v1/queue/prefix"),
    ("GET", "/api/v1/queue/stats"),
    ("POST", "/api/v1/queue/call"),
    ("GET", "/display/{location}"),
    ("GET", "/display/{location}/state"),
    ("GET", "/display/{location}/events"),
    ("GET", "/display/static/display.css"),
    ("GET", "/display/static/display.js"),
    ("GET", "/api/v1/reports"),
    ("GET", "/api/v1/reports/table"),
    ("GET", "/api/v1/reports/table/export"),
    ("GET", "/api/v1/reports/monthly"),
    ("GET", "/api/v1/reports/cell"),
}
STATIC = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def _has_funder_list() -> bool:
    from sync_server.api import api

    return FUNDER_LIST in app_routes(api)


HAS_FUNDER_LIST = _has_funder_list()
if HAS_FUNDER_LIST:
    ASKED.add(FUNDER_LIST)


def day(offset: int) -> str:
    return (dt.date.today() + dt.timedelta(days=offset)).isoformat()


DATES = {"none": None, "past": day(-20), "yesterday": day(-1), "today": day(0), "future": day(30)}


class Leak(AssertionError):
    """What the oracle found (an AssertionError, so pytest and Hypothesis report it)."""


# --- one fresh server per example -----------------------------------------------------------


class Backend:
    """Fresh databases of one back end: SQLite files, or PostgreSQL schemas."""

    def __init__(self, db_url: str, request, tmp_path):
        self.sqlite = db_url.startswith("sqlite")
        self.tmp = tmp_path
        self.n = itertools.count()
        if not self.sqlite:
            self.base = request.getfixturevalue("pg_session_url")

    def create(self) -> tuple[str, str | None]:
        if self.sqlite:
            return f"sqlite:///{self.tmp / f'leak{next(self.n)}.sqlite'}", None
        schema = f"leak_{uuid.uuid4().hex[:12]}"
        self._exec(f'CREATE SCHEMA "{schema}"')
        url = self.base.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False), schema

    def drop(self, schema: str | None) -> None:
        if schema:
            self._exec(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

    def _exec(self, sql: str) -> None:
        engine = create_engine(self.base, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(sql))
        finally:
            engine.dispose()


_PASSWORD_HASH: list[str] = []


def password_hash() -> str:
    if not _PASSWORD_HASH:
        from sync_server.auth import hash_password

        _PASSWORD_HASH.append(hash_password(PASSWORD))  # once: argon2 is slow on purpose
    return _PASSWORD_HASH[0]


class Server:
    def __init__(self, backend: Backend):
        from sync_server.api import create_app
        from sync_server.config import Settings
        from sync_server.db import migrate

        self.backend = backend
        url, self.schema = backend.create()
        # Merges only by a person here (auto_merge off): a merge is then always a call of the
        # test, and a push changes only what it was asked to.
        self.app = create_app(
            Settings.load(
                environ={},
                database_url=url,
                login_window_s=300,
                auto_merge=False,
                retention_hour=-1,
                metrics_token=METRICS_TOKEN,
            )
        )
        self.db = self.app.state.service.db
        migrate(self.db)
        from sync_server.display import add_display

        # One waiting-room display per walk-in location (issue 21: the display routes).
        self.display_tokens = {loc: add_display(self.db, loc)[1] for loc in LOCATIONS}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from fastapi.testclient import TestClient
        self._tc = TestClient(self.app, raise_server_exceptions=False)
        self.http = self._tc.__enter__()

    def stream_head(self, path: str, headers: dict, params: dict | None = None) -> tuple[int, str]:
        """The status and first event of an event stream, or a refusal's whole body: the
        TestClient would wait for the end of a stream, which never comes, so the app is called
        on the TestClient's event loop and cancelled once one whole event has arrived.
        Status 0: nothing within STREAM_WAIT_S."""
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": urlencode(params or {}).encode(),
            "headers": [(b"host", b"testserver")]
            + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
            "client": ("testclient", 50000),
            "server": ("testserver", 80),
            "state": dict(getattr(self._tc, "app_state", {})),
        }

        async def run() -> tuple[int, str]:
            status, body, done, asked = [0], bytearray(), anyio.Event(), [False]

            async def receive() -> dict:
                if not asked[0]:
                    asked[0] = True
                    return {"type": "http.request", "body": b"", "more_body": False}
                await done.wait()
                return {"type": "http.disconnect"}

            async def send(message: dict) -> None:
                if message["type"] == "http.response.start":
                    status[0] = message["status"]
                elif message["type"] == "http.response.body":
                    body.extend(message.get("body", b""))
                    if b"\n\n" in body or not message.get("more_body", False):
                        done.set()

            app: Any = self.app
            with anyio.move_on_after(STREAM_WAIT_S):
                async with anyio.create_task_group() as tg:
                    tg.start_soon(app, scope, receive, send)
                    await done.wait()
                    tg.cancel_scope.cancel()
            return (status[0] if done.is_set() else 0), body.decode("utf-8", "replace")

        portal = self._tc.portal
        assert portal is not None, "the TestClient runs (Server.__init__ entered it)"
        return portal.call(run)

    def close(self) -> None:
        try:
            self._tc.__exit__(None, None, None)
        finally:
            self.db.dispose()
            self.backend.drop(self.schema)

    def add_user(self, user: User) -> None:
        # Straight into the table: the account code hashes every password (slow on purpose).
        from sync_server.schema import users

        with self.db.writer.begin() as conn:
            conn.execute(
                users.insert().values(
                    id=new_id(),
                    name=user.name,
                    password_hash=password_hash(),
                    roles=json.dumps(list(user.roles)),
                    units=json.dumps(list(user.units)),
                    created_at=dt.datetime.now(dt.UTC).isoformat(),
                )
            )

    def device(self, user: User) -> Dev:
        from sync_server.auth import create_device

        device_id, token = create_device(self.db, user.name, f"Laptop {user.name}")
        epoch = self.http.get("/health").json()["epoch"]
        return Dev(
            self.http,
            {"device_id": device_id, "token": token, "epoch": epoch},
            f"node-{uuid.uuid4().hex[:8]}",
        )

    # Raw reads (never the server's classification).
    def records(self) -> dict[str, tuple[str, dict, bool, dict]]:
        with self.db.reader.connect() as conn:
            rows = conn.execute(text("SELECT kind, id, fields, deleted, clocks FROM records"))
            return {
                r.id: (r.kind, orjson.loads(r.fields), bool(r.deleted), orjson.loads(r.clocks))
                for r in rows
            }

    def merges(self) -> list[tuple[str, str, str, bool]]:
        with self.db.reader.connect() as conn:
            return [
                (r.id, r.survivor_id, r.merged_id, r.undone_at is not None)
                for r in conn.execute(
                    text(
                        "SELECT id, survivor_id, merged_id, undone_at FROM merges "
                        "ORDER BY merged_at, id"
                    )
                )
            ]

    def conflicts(self) -> list[tuple[str, str, bool, object]]:
        with self.db.reader.connect() as conn:
            return [
                (
                    r.id,
                    r.record_id,
                    r.resolved_at is None,
                    orjson.loads(r.value) if r.value else None,
                )
                for r in conn.execute(
                    text("SELECT id, record_id, resolved_at, value FROM conflicts ORDER BY id")
                )
            ]


class Actor:
    def __init__(self, user: User, dev: Dev, second: Dev | None = None):
        self.user = user
        self.dev = dev
        self.second = second  # a second laptop of the same user (concurrent edits)
        self.cursor = 0

    @property
    def name(self) -> str:
        return self.user.name


# --- the state machine ----------------------------------------------------------------------

picks = st.integers(min_value=0, max_value=10_000)
users_st = st.lists(
    st.tuples(
        st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True),
        st.lists(st.sampled_from(UNITS), max_size=2, unique=True),
    ),
    min_size=2,
    max_size=5,
)
CONSENT_ARGS = {
    "recorder": picks,
    "client": picks,
    "recipients": st.lists(
        st.sampled_from(UNITS + [EXTERNAL]), min_size=1, max_size=3, unique=True
    ),
    "categories": st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3, unique=True),
    "given": st.sampled_from(["past", "today", "future"]),
    "until": st.sampled_from(["none", "future", "today", "yesterday"]),
    "withdrawn": st.sampled_from(["none", "today", "yesterday", "future"]),
    "ref": st.booleans().map(lambda b: not b),
    "owner_records": st.booleans(),
}
consent_st = st.fixed_dictionaries(CONSENT_ARGS)
section_st = st.tuples(st.sampled_from(UNITS), st.sampled_from(TOPICS), picks)
FORGE_MODES = ["update", "delete", "clash", "same_kind", "foreign_section"]


class LeakMachine(RuleBasedStateMachine):
    backend: Backend = None  # set by the test (one per back end)

    def __init__(self):
        super().__init__()
        self.server = Server(self.backend)
        self.actors: dict[str, Actor] = {}
        self.steps: list[str] = []
        self.marker_of: dict[int, tuple[str, str]] = {}  # n -> (record id, author)
        self.markers = itertools.count(1)
        self.sent_ids: dict[str, set[str]] = {}
        self.tainted: set[tuple[str, str, str]] = set()
        self.known: dict[str, dict] = {}  # last content seen per record
        self.clients: list[str] = []  # ids created (live or not)
        self.names = itertools.count(1)
        self._world: World | None = None
        self._refs: dict[str, set[str]] = {}
        self.marker_by_record: dict[str, str] = {}
        self.snap: dict = {}
        self.ticket_prefix: str | None = None  # reception's (issue 21: walk-in tickets)
        self.tickets = 0
        for name, roles, units in (
            ("koord", ("coordination",), ("coordination",)),
            ("empfang", ("reception",), ("reception",)),
            ("admin", ("administrator",), ()),
        ):
            self._add_actor(User(name, roles, units))

    def teardown(self):
        try:
            for actor in list(self.actors.values()):
                self.sweep_user(actor)
            self.sweep_anonymous()
        finally:
            self.server.close()

    # --- bookkeeping ---------------------------------------------------------------------

    def _add_actor(self, user: User, second: bool = False) -> Actor:
        self.server.add_user(user)
        actor = Actor(user, self.server.device(user), self.server.device(user) if second else None)
        self.actors[user.name] = actor
        self.sent_ids[user.name] = set()
        return actor

    def writer(self, unit: str) -> Actor:
        """The caseworker who records *unit*'s sections (two laptops)."""
        name = f"w.{unit}"
        if name not in self.actors:
            self._add_actor(User(name, ("caseworker",), (unit,)), second=True)
        return self.actors[name]

    def pick_actor(self, n: int) -> Actor:
        names = sorted(self.actors)
        return self.actors[names[n % len(names)]]

    def note(self, line: str) -> None:
        self.steps.append(line)

    def marker(self, record_id: str, author: str) -> str:
        n = next(self.markers)
        self.marker_of[n] = (record_id, author)
        self.marker_by_record[record_id] = f"SECRET{n:05d}X"
        return self.marker_by_record[record_id]

    def world(self) -> World:
        if self._world is None:
            recs = {}
            for rid, (kind, fields, deleted, _clocks) in self.server.records().items():
                # A tombstone is judged by the last content seen (it may carry none).
                if not deleted or rid not in self.known:
                    self.known[rid] = fields
                recs[rid] = Rec(kind, rid, self.known[rid], deleted)
            merged_into = {m: s for _id, s, m, undone in self.server.merges() if not undone}
            self._world = World(RULES, recs, set(self.tainted), merged_into)
            self._refs = {}
        return self._world

    def changed(self) -> None:
        self._world = None

    def refs(self, user: User) -> set[str]:
        """Every id a record the user may read names in its fields."""
        world = self.world()
        if user.name not in self._refs:
            out: set[str] = set()
            for rec in world.records.values():
                if world.may_read(user, rec):
                    out |= {
                        v.lower()
                        for v in rec.fields.values()
                        if isinstance(v, str) and UUID_RE.fullmatch(v)
                    }
            self._refs[user.name] = out
        return self._refs[user.name]

    def live(self, kind: str | None = None, section: bool | None = None) -> list[Rec]:
        world = self.world()
        return [
            r
            for r in sorted(world.records.values(), key=lambda r: r.id)
            if not r.deleted
            and (kind is None or r.kind == kind)
            and (section is None or RULES.is_section(r) == section)
        ]

    def live_clients(self) -> list[str]:
        return [r.id for r in self.live("client")]

    # --- findings ------------------------------------------------------------------------

    def leak(self, what: str, actor: Actor | None, endpoint: str, detail: str) -> None:
        who = str(actor.user) if actor else "anonymous"
        message = f"{what}: {who} -- {endpoint}\n  {detail}"
        if COLLECT:
            with open(COLLECT, "a", encoding="utf-8") as f:
                f.write(
                    json.dumps(
                        {
                            "what": what,
                            "user": who,
                            "endpoint": endpoint,
                            "detail": detail,
                            "steps": self.steps,
                        }
                    )
                    + "\n"
                )
            return
        steps = "\n".join(f"  {i + 1}. {s}" for i, s in enumerate(self.steps))
        raise Leak(f"{message}\nsteps so far:\n{steps}")

    # --- calls ---------------------------------------------------------------------------

    def call(
        self,
        actor: Actor | None,
        method: str,
        path: str,
        *,
        body=None,
        params=None,
        writes: str | None = None,
        export_of: str | None = None,
        dev: Dev | None = None,
    ):
        """One request; *writes*: "push", "resolve", "merge" (judged by the write oracle)."""
        http = self.server.http
        headers = (dev or actor.dev).headers if actor else {}
        request_text = path + json.dumps(body or {}) + json.dumps(params or {})
        request_ids = {m.lower() for m in UUID_RE.findall(request_text)}
        if actor:
            self.sent_ids[actor.name] |= request_ids
        before = self.server.records() if writes else None
        r = http.request(method, path, json=body, params=params, headers=headers)
        label = f"{method} {path}" + (f" {params}" if params else "") + f" -> {r.status_code}"
        if r.status_code >= 500:
            self.leak("server error", actor, label, r.text[:300])
        if writes:
            self.snap = self.server.records()
            self.judge_writes(actor, writes, before, self.snap, label)
            self.changed()
        self.scan(
            actor, r.text, request_ids, label, export_of=export_of, audit="/api/v1/audit" in path
        )
        return r

    def push(self, actor: Actor, ops: list[dict], dev: Dev | None = None):
        dev = dev or actor.dev
        r = self.call(
            actor, "POST", "/api/v1/sync/push", body=dev.body(ops), writes="push", dev=dev
        )
        return r.json().get("results", []) if r.status_code == 200 else []

    # --- the oracle's judgements ---------------------------------------------------------

    def scan(
        self,
        actor: Actor | None,
        body: str,
        request_ids: set[str],
        label: str,
        *,
        export_of: str | None = None,
        audit: bool = False,
    ) -> None:
        world = self.world()
        user = actor.user if actor else User("anonymous", (), ())
        exporter = export_of is not None and RULES.may(user, "export_client")
        files = world.file_of(export_of) if exporter else set()
        seen: set[str] = set()
        for m in MARKER.finditer(body):
            n = int(m.group(1))
            if n not in self.marker_of or n in seen:
                continue
            seen.add(n)
            rid, author = self.marker_of[n]
            rec = world.records.get(rid)
            if rec is None or author == user.name or (exporter and rec.client_id in files):
                continue
            if not world.may_read(user, rec):
                at = body.find(m.group(0))
                scope = (
                    f" -- an export of {export_of} holds that person's files {sorted(files)} only"
                    if exporter
                    else ""
                )
                self.leak(
                    "content of a record the rules deny",
                    actor,
                    label,
                    f"{m.group(0)} of {world.describe(rec, user)}{scope}; body: "
                    f"...{body[max(0, at - 200) : at + 60]}...",
                )
        if exporter or (audit and RULES.may(user, "read_audit")):
            return
        for rid in {m.lower() for m in UUID_RE.findall(body)} - request_ids:
            rec = world.records.get(rid)
            if (
                rec is None
                or not RULES.is_section(rec)
                or world.may_read(user, rec)
                or rid in self.sent_ids.get(user.name, ())
                or rid in self.refs(user)
            ):
                continue
            at = body.lower().find(rid)
            self.leak(
                "id of a record the rules deny",
                actor,
                label,
                f"{world.describe(rec, user)}; body: ...{body[max(0, at - 200) : at + 80]}...",
            )

    def judge_writes(self, actor: Actor, how: str, before: dict, after: dict, label: str):
        user = actor.user
        changed = [rid for rid in after if rid not in before or before[rid][:3] != after[rid][:3]]
        gone = [rid for rid in before if rid not in after]
        if gone:
            self.leak("records vanished", actor, label, ", ".join(gone))
        if how == "read":
            if changed:
                self.leak("a read changed records", actor, label, ", ".join(changed))
            return
        if how == "merge":
            if changed and not RULES.may(user, "review_duplicates"):
                self.leak("merge without the role", actor, label, f"{len(changed)} records")
            return
        if how.startswith("erase:"):
            cid = how.split(":", 1)[1]
            if changed and not RULES.may(user, "erase_client"):
                self.leak("erase without the role", actor, label, f"{len(changed)} records")
            for rid in changed:
                fields = (before[rid][1] if rid in before else {}) or self.known.get(rid, {})
                if cid not in (rid, fields.get("client_id"), fields.get("other_client_id")):
                    self.leak(
                        "erase changed another file",
                        actor,
                        label,
                        f"{after[rid][0]} {rid} of client {fields.get('client_id')}",
                    )
            return
        if how == "call":
            self.judge_call(actor, before, after, changed, label)
        erased = {
            rid
            for rid in changed
            if after[rid][0] == "client"
            and after[rid][2]
            and not (before.get(rid) or (0, 0, True))[2]
        }
        for rid in changed:
            kind, a_fields, a_deleted, _ = after[rid]
            b = before.get(rid)
            b_fields = None
            if b is not None and not b[2]:
                b_fields = b[1] or self.known.get(rid)
            elif b is not None:
                continue  # a tombstone stays a tombstone (content dropped)
            if b is None and a_deleted and not a_fields:
                continue  # a delete of an unknown id: an empty tombstone
            a_state = None if a_deleted else a_fields
            erasing = kind == "client" and a_deleted
            reason = RULES.write_refusal(user, kind, b_fields, a_state, erasing)
            if reason:
                owner = (b_fields or {}).get("client_id")
                why = f" (tombstoned with its client {owner})" if owner in erased else ""
                self.leak(
                    f"write the rules deny ({how})",
                    actor,
                    label,
                    f"{kind} {rid}{why}: {reason}; before {b_fields}, after "
                    f"{'deleted' if a_deleted else a_fields}",
                )
            if kind == "consent":
                for unit, category in sorted(
                    RULES.opened_pairs(b_fields, a_state, dt.date.today())
                ):
                    if not RULES.may_open(user, category):
                        self.tainted.add((rid, unit, category))
                        self.leak(
                            "consent opens a category the writer may not open",
                            actor,
                            label,
                            f"consent {rid} opens {category} to {unit}; fields {a_fields}",
                        )

    def judge_call(self, actor: Actor, before: dict, after: dict, changed: list, label: str):
        """A call changes one ticket of a queue of the caller's own units to "called" by the
        caller, and adds that ticket's phase; nothing else (the rules of each record: below)."""
        user = actor.user
        tickets = [rid for rid in changed if after[rid][0] == "walk_in_ticket"]
        phases = [rid for rid in changed if after[rid][0] == "walk_in_phase" and rid not in before]
        others = sorted(set(changed) - set(tickets) - set(phases))
        if others or len(tickets) > 1 or len(phases) != len(tickets):
            self.leak(
                "a call changed more than one ticket and its phase",
                actor,
                label,
                f"tickets {tickets}, new phases {phases}, other records "
                f"{[(after[r][0], r) for r in others]}",
            )
        for rid in tickets:
            held = before[rid][1] if rid in before else {}
            now = after[rid][1]
            if held.get("unit") not in user.units:
                self.leak(
                    "a call took a ticket from a queue of another unit",
                    actor,
                    label,
                    f"ticket {rid} stood in the queue of {held.get('unit')} at "
                    f"{held.get('location')}",
                )
            if now.get("status") != "called" or now.get("called_by") != user.name:
                self.leak("a call left the ticket otherwise", actor, label, f"{rid}: {now}")
            for pid in phases:
                if after[pid][1].get("ticket_id") != rid:
                    self.leak("a call's phase names another ticket", actor, label, str(after[pid]))

    # --- set-up --------------------------------------------------------------------------

    @initialize(
        users=users_st,
        clients=st.integers(2, 3),
        sections=st.lists(section_st, min_size=3, max_size=8),
        statuses=st.lists(picks, max_size=2),
        tasks=st.lists(
            st.tuples(picks, picks, st.sampled_from(UNITS), picks, st.booleans()), max_size=3
        ),
        consents=st.lists(consent_st, max_size=3),
        forged=st.lists(st.tuples(picks, picks, st.sampled_from(FORGE_MODES)), max_size=3),
        joins=st.lists(st.tuples(picks, picks, st.booleans()), max_size=2),
        tickets=st.lists(
            st.tuples(st.sampled_from(LOCATIONS), picks, st.none() | picks, st.booleans()),
            max_size=3,
        ),
    )
    def make_world(
        self, users, clients, sections, statuses, tasks, consents, forged, joins, tickets
    ):
        """Users over all roles and units, and a world to start from: clients, sections of
        many units, tasks and referrals, consents, forged pushes; every laptop synced."""
        for i, (roles, units) in enumerate(users):
            user = User(f"u{i}.{'+'.join(roles)}", tuple(roles), tuple(units))
            self._add_actor(user)
            self.note(f"user {user}")
        for i in range(clients):
            self.add_client(i * 3, None)
        for unit, topics, client in sections:
            self.add_consultation(unit, topics, client, None)
        for client in statuses:
            self.add_residence_status(client, "toleration")
        for task in tasks:
            self.add_task_or_referral(*task)
        for consent in consents:
            self.add_consent(**consent)
        for who, which, mode in forged:
            self.forge(who, which, mode)
        for ticket in tickets:  # walk-ins waiting at the locations (issue 21)
            self.add_ticket(*ticket)
        for a, b, undo in joins:  # merges (some undone at once)
            self.merge(a, b, None)
            if undo and self.server.merges():
                self.unmerge(len(self.server.merges()) - 1, None)
        for actor in self.actors.values():  # each laptop's cursor: incremental pulls
            r = self.call(actor, "GET", "/api/v1/sync/pull", params={"cursor": 0})
            actor.cursor = r.json()["next_cursor"] if r.status_code == 200 else 0

    # --- records -------------------------------------------------------------------------

    def client_fields(self, name: str) -> dict:
        return {
            "family_name": name,
            "given_names": "Rami",
            "birth_date": "1990-04-17",
            "birth_date_precision": "exact",
            "sex": "m",
            "nationalities": '["SYR"]',
        }

    @rule(author=picks, duplicate_of=st.none() | picks)
    def add_client(self, author, duplicate_of):
        actor = self.actors["empfang"] if author % 3 == 0 else self.pick_actor(author)
        cid = new_id()
        live = self.live_clients()
        if duplicate_of is not None and live:
            other = self.world().records[live[duplicate_of % len(live)]]
            fields = {k: other.fields.get(k) for k in self.client_fields("x")}
        else:
            fields = self.client_fields(f"Haddad{letters(next(self.names))}")
        res = self.push(actor, [actor.dev.op("client", cid, fields={"id": cid, **fields})])
        if "master_data" in RULES.caps(actor.user):
            self.expect_applied(res, "client")
        self.clients.append(cid)
        self.note(
            f"{actor.name} creates client {cid} {fields['family_name']}: "
            f"{[r.get('status') for r in res]}"
        )

    def expect_applied(self, results: list[dict], what: str) -> None:
        """The test's own records are valid: refused only for a client erased meanwhile."""
        for res in results:
            if res.get("status") == "rejected" and res.get("reason") != "deleted":
                raise AssertionError(f"the leak oracle's own {what} was refused: {res}")

    def pick_client(self, n: int) -> str | None:
        live = self.live_clients()
        return live[n % len(live)] if live else None

    @precondition(lambda self: self.clients)
    @rule(
        unit=st.sampled_from(UNITS),
        topics=st.sampled_from(TOPICS),
        client=picks,
        revision=st.none() | picks,
    )
    def add_consultation(self, unit, topics, client, revision):
        cid = self.pick_client(client)
        if cid is None:
            return
        actor = self.writer(unit)
        rid = new_id()
        mark = self.marker(rid, actor.name)
        fields = {
            "client_id": cid,
            "unit": unit,
            "started_at": f"{day(-3)}T09:00:00+00:00",
            "caseworker": actor.name,
            "location": "lra_zeitz",
            "kind": "walk_in",
            "duration_min": 30,
            "topics": json.dumps(topics),
            "note": f"Notiz {mark} {unit}",
            "next_step": f"Nächster Schritt {mark}",
        }
        earlier = self.live("consultation")
        if revision is not None and earlier:
            fields["revision_of"] = earlier[revision % len(earlier)].id
        res = self.push(actor, [actor.dev.op("consultation", rid, fields=fields)])
        self.expect_applied(res, "consultation")
        self.note(
            f"{actor.name} records consultation {rid} ({unit}, {topics}) for {cid}: "
            f"{[r.get('status') for r in res]}"
        )

    @precondition(lambda self: self.clients)
    @rule(client=picks, status=st.sampled_from(["toleration", "residence_permit"]))
    def add_residence_status(self, client, status):
        cid = self.pick_client(client)
        if cid is None:
            return
        actor = self.writer("abh")
        rid = new_id()
        mark = self.marker(rid, actor.name)
        res = self.push(
            actor,
            [
                actor.dev.op(
                    "residence_status",
                    rid,
                    fields={
                        "client_id": cid,
                        "status": status,
                        "paragraph": f"§ 60a {mark}",
                        "issuing_office": f"ABH {mark}",
                        "valid_from": day(-100),
                    },
                )
            ],
        )
        self.expect_applied(res, "residence status")
        self.note(
            f"{actor.name} records residence status {rid} for {cid}: "
            f"{[r.get('status') for r in res]}"
        )

    @precondition(lambda self: self.clients)
    @rule(
        author=picks,
        client=picks,
        unit=st.sampled_from(UNITS),
        about=st.none() | picks,
        referral=st.booleans(),
    )
    def add_task_or_referral(self, author, client, unit, about, referral):
        cid = self.pick_client(client)
        if cid is None:
            return
        actor = self.writer(unit) if author % 2 else self.pick_actor(author)
        rid = new_id()
        mark = self.marker(rid, actor.name)
        consultations = self.live("consultation")
        about_id = (
            consultations[about % len(consultations)].id
            if (about is not None and consultations)
            else None
        )
        if referral:
            kind, fields = (
                "referral",
                {
                    "client_id": cid,
                    "target": unit,
                    "reason": f"Grund {mark}",
                    "referred_on": day(-1),
                    "status": "proposed",
                    "feedback": f"Rückmeldung {mark}",
                },
            )
        else:
            kind, fields = (
                "task",
                {
                    "client_id": cid,
                    "due_date": day(14),
                    "text": f"Wiedervorlage {mark}",
                    "assignee_unit": unit,
                },
            )
        if about_id:
            fields["consultation_id"] = about_id
        res = self.push(actor, [actor.dev.op(kind, rid, fields=fields)])
        self.note(
            f"{actor.name} records {kind} {rid} for {cid} ({unit}): "
            f"{[r.get('status') for r in res]}"
        )

    # --- walk-in tickets (issue 21) -------------------------------------------------------

    @rule(
        location=st.sampled_from(LOCATIONS),
        unit=picks,
        client=st.none() | picks,
        interpreter=st.booleans(),
    )
    def add_ticket(self, location, unit, client, interpreter):
        """Reception issues a walk-in ticket with its own prefix and count of the day, and its
        first phase (whose reason carries a marker), some linked to a client file."""
        actor = self.actors["empfang"]
        if self.ticket_prefix is None:
            r = self.call(actor, "POST", "/api/v1/queue/prefix")
            if r.status_code != 200:
                raise AssertionError(f"reception got no ticket prefix: {r.text}")
            self.ticket_prefix = r.json()["prefix"]
        listed = RULES.walk_in[location]
        served = sorted(UNITS) if "*" in listed else sorted(set(UNITS) & listed)
        queue_unit = served[unit % len(served)]
        self.tickets += 1
        tid, pid = new_id(), new_id()
        at = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).replace(microsecond=0)
        fields = {
            "id": tid,
            "location": location,
            "day": dt.datetime.now().astimezone().date().isoformat(),
            "number": f"{self.ticket_prefix}-{self.tickets:03d}",
            "arrived_at": at.isoformat(),
            "concern": "residence",
            "unit": queue_unit,
            "status": "waiting",
            "priority": "[]",
            **({"language": "ar", "interpreter": True} if interpreter else {}),
        }
        cid = self.pick_client(client) if client is not None else None
        mark = self.marker(pid, actor.name)
        phase = {
            "id": pid,
            "ticket_id": tid,
            "location": location,
            "phase": "waiting",
            "at": at.isoformat(),
            "unit": queue_unit,
            "staff": actor.name,
            "reason": f"Anliegen {mark}",
        }
        if cid:
            fields["client_id"] = phase["client_id"] = cid
        res = self.push(
            actor,
            [
                actor.dev.op("walk_in_ticket", tid, fields=fields),
                actor.dev.op("walk_in_phase", pid, fields=phase),
            ],
        )
        self.expect_applied(res, "walk-in ticket")
        self.note(
            f"{actor.name} issues ticket {tid} {fields['number']} at {location} for "
            f"{queue_unit} (client {cid}): {[r.get('status') for r in res]}"
        )

    def waiting(self, location: str, units=None) -> list[Rec]:
        """The live tickets waiting at *location* (in the queues of *units*)."""
        return [
            r
            for r in self.live("walk_in_ticket")
            if r.fields.get("location") == location
            and r.fields.get("status") == "waiting"
            and (units is None or r.fields.get("unit") in units)
        ]

    @precondition(lambda self: self.tickets)
    @rule(who=picks, location=st.sampled_from(LOCATIONS), staff=st.booleans())
    def call_next(self, who, location, staff):
        """Somebody presses "call next" at a location: a writer of a unit that holds walk-in
        hours there, or anybody."""
        waiting = self.waiting(location)
        if staff and waiting:
            actor = self.writer(waiting[who % len(waiting)].fields["unit"])
        elif staff:
            listed = RULES.walk_in[location]
            served = sorted(UNITS) if "*" in listed else sorted(set(UNITS) & listed)
            actor = self.writer(served[who % len(served)])
        else:
            actor = self.pick_actor(who)
        r = self.call(
            actor,
            "POST",
            "/api/v1/queue/call",
            body={"location": location, "desk": DESK},
            writes="call",
        )
        ticket = (r.json().get("ticket") or {}) if r.status_code == 200 else {}
        self.note(
            f"{actor.name} calls the next ticket at {location}: {r.status_code} {ticket.get('id')}"
        )

    # --- consents ------------------------------------------------------------------------

    def consent_fields(self, cid, recipients, categories, given, until, withdrawn, ref) -> dict:
        return {
            "client_id": cid,
            "recipients": json.dumps(recipients),
            "categories": json.dumps(categories),
            "purpose": "Abstimmung der Hilfen",
            "given_on": DATES[given],
            "valid_until": DATES[until],
            "withdrawn_on": DATES[withdrawn],
            "form_reference": f"EW-{next(self.names)}" if ref else "",
        }

    @precondition(lambda self: self.clients)
    @rule(**CONSENT_ARGS)
    def add_consent(
        self, recorder, client, recipients, categories, given, until, withdrawn, ref, owner_records
    ):
        """A consent by a random user -- or, with *owner_records*, by the writer of a unit that
        holds the first category (the way the rules want it)."""
        cid = self.pick_client(client)
        if cid is None:
            return
        actor = self.pick_actor(recorder)
        if owner_records:
            # As the rules want it: a unit that holds the category opens it (or a named role).
            holders = [u for u, c in RULES.unit_categories.items() if c == categories[0]]
            roles = sorted(RULES.recorders.get(categories[0], ()))
            if holders:
                actor = self.writer(holders[recorder % len(holders)])
            elif "coordination" in roles:
                actor = self.actors["koord"]
            categories = categories[:1] + [c for c in categories[1:] if c in RULES.free]
        rid = new_id()
        fields = self.consent_fields(cid, recipients, categories, given, until, withdrawn, ref)
        res = self.push(actor, [actor.dev.op("consent", rid, fields=fields)])
        self.note(
            f"{actor.name} records consent {rid} for {cid}: {recipients} x {categories}, "
            f"given {given}, until {until}, withdrawn {withdrawn}, ref {ref}: "
            f"{[(r.get('status'), r.get('reason')) for r in res]}"
        )

    @precondition(lambda self: self.clients)
    @rule(
        who=picks,
        client=picks,
        categories=st.lists(
            st.sampled_from(sorted(set(CATEGORIES) - RULES.free)),
            min_size=1,
            max_size=4,
            unique=True,
        ),
    )
    def consent_to_myself(self, who, client, categories):
        """A user records a consent naming its own units for other units' categories."""
        cid = self.pick_client(client)
        with_units = [a for a in sorted(self.actors) if self.actors[a].user.units]
        if cid is None or not with_units:
            return
        actor = self.actors[with_units[who % len(with_units)]]
        rid = new_id()
        fields = self.consent_fields(
            cid, list(actor.user.units), categories, "past", "none", "none", True
        )
        res = self.push(actor, [actor.dev.op("consent", rid, fields=fields)])
        self.note(
            f"{actor.name} records consent {rid} for {cid} naming its own units "
            f"{list(actor.user.units)} x {categories}: "
            f"{[(r.get('status'), r.get('reason')) for r in res]}"
        )

    def base_of(self, rid: str, names) -> dict:
        clocks = self.server.records().get(rid, (None, {}, False, {}))[3]
        return {n: clocks.get(n) for n in names}

    @precondition(lambda self: self.live("consent"))
    @rule(
        which=picks,
        who=picks,
        change=st.sampled_from(["withdraw_today", "withdraw_past", "expire", "reopen", "widen"]),
    )
    def change_consent(self, which, who, change):
        consents = self.live("consent")
        con = consents[which % len(consents)]
        actor = self.pick_actor(who)
        fields = {
            "withdraw_today": {"withdrawn_on": day(0)},
            "withdraw_past": {"withdrawn_on": day(-1)},
            "expire": {"valid_until": day(-1)},
            "reopen": {"withdrawn_on": None, "valid_until": None},
            "widen": {
                "recipients": json.dumps(list(actor.user.units) or ["abh"]),
                "categories": json.dumps(sorted(set(CATEGORIES) - RULES.free)),
            },
        }[change]
        res = self.push(
            actor,
            [
                actor.dev.op(
                    "consent", con.id, "update", fields=fields, base=self.base_of(con.id, fields)
                )
            ],
        )
        self.note(
            f"{actor.name} changes consent {con.id}: {change}: "
            f"{[(r.get('status'), r.get('reason')) for r in res]}"
        )

    # --- deletes -------------------------------------------------------------------------

    @precondition(lambda self: self.live(section=True) or self.live("task"))
    @rule(which=picks, who=picks, by_owner=st.booleans())
    def delete_record(self, which, who, by_owner):
        candidates = [r for r in self.live() if r.kind != "client"]
        if not candidates:
            return
        rec = candidates[which % len(candidates)]
        unit, _cat = RULES.classify(rec.kind, rec.fields)
        actor = self.writer(unit) if by_owner and unit in UNITS else self.pick_actor(who)
        res = self.push(actor, [actor.dev.op(rec.kind, rec.id, "delete")])
        self.note(
            f"{actor.name} deletes {rec.kind} {rec.id}: "
            f"{[(r.get('status'), r.get('reason')) for r in res]}"
        )

    @precondition(lambda self: self.clients)
    @rule(which=picks, who=picks)
    def delete_client(self, which, who):
        cid = self.pick_client(which)
        if cid is None:
            return
        actor = self.pick_actor(who)
        res = self.push(actor, [actor.dev.op("client", cid, "delete")])
        self.note(
            f"{actor.name} deletes client {cid}: "
            f"{[(r.get('status'), r.get('reason')) for r in res]}"
        )

    @precondition(lambda self: self.clients)
    @rule(which=picks, who=st.none() | picks)
    def erase(self, which, who):
        """The erase action (Art. 17): by an administrator, or tried by anybody."""
        cid = self.pick_client(which)
        if cid is None:
            return
        actor = self.actors["admin"] if who is None else self.pick_actor(who)
        r = self.call(
            actor,
            "POST",
            f"/api/v1/clients/{cid}/erase",
            body={"reason": "Registrierung irrtümlich"},
            writes=f"erase:{cid}",
        )
        self.note(f"{actor.name} erases client {cid}: {r.status_code}")

    # --- one file per person -------------------------------------------------------------

    @precondition(lambda self: len(self.clients) >= 2)
    @rule(a=picks, b=picks, who=st.none() | picks)
    def merge(self, a, b, who):
        live = self.live_clients()
        if len(live) < 2:
            return
        survivor = live[a % len(live)]
        merged = live[(a + 1 + b % (len(live) - 1)) % len(live)]
        actor = self.actors["koord"] if who is None else self.pick_actor(who)
        r = self.call(
            actor,
            "POST",
            f"/api/v1/clients/{survivor}/merge",
            body={"merged_id": merged, "reason": "gleiche Person"},
            writes="merge",
        )
        self.note(f"{actor.name} merges {merged} into {survivor}: {r.status_code}")

    @precondition(lambda self: self.server.merges())
    @rule(which=picks, who=st.none() | picks)
    def unmerge(self, which, who):
        merges = self.server.merges()
        merge_id, survivor, merged, _undone = merges[which % len(merges)]
        actor = self.actors["koord"] if who is None else self.pick_actor(who)
        r = self.call(actor, "POST", f"/api/v1/merges/{merge_id}/undo", writes="merge")
        self.note(
            f"{actor.name} undoes merge {merge_id} ({merged} into {survivor}): {r.status_code}"
        )

    @precondition(lambda self: len(self.clients) >= 2)
    @rule(which=picks, distinct=st.booleans())
    def decide_duplicate(self, which, distinct):
        actor = self.actors["koord"]
        r = self.call(actor, "GET", "/api/v1/duplicates")
        candidates = r.json().get("candidates", []) if r.status_code == 200 else []
        if not candidates:
            return
        cand = candidates[which % len(candidates)]
        if distinct:
            r = self.call(
                actor, "POST", f"/api/v1/duplicates/{cand['id']}/distinct", writes="merge"
            )
        else:
            r = self.call(
                actor,
                "POST",
                f"/api/v1/duplicates/{cand['id']}/merge",
                body={"survivor_id": cand["left"]["id"], "reason": "Vorschlag"},
                writes="merge",
            )
        self.note(
            f"{actor.name} decides candidate {cand['id']} ({cand['right']['id']} into "
            f"{cand['left']['id']}) {'distinct' if distinct else 'merge'}: {r.status_code}"
        )

    # --- conflicts -----------------------------------------------------------------------

    @precondition(lambda self: self.clients)
    @rule(client=picks, a=picks, b=picks)
    def identity_conflict(self, client, a, b):
        """Two laptops change the family name from the same base."""
        cid = self.pick_client(client)
        if cid is None:
            return
        base = self.base_of(cid, ["family_name"])
        first, second = self.pick_actor(a), self.pick_actor(b)
        n = next(self.names)
        out = []
        for actor, dev, value in (
            (first, first.dev, f"Nachname{letters(n)}a"),
            (
                second,
                self.server.device(second.user) if second is first else second.dev,
                f"Nachname{letters(n)}b",
            ),
        ):
            out += self.push(
                actor,
                [dev.op("client", cid, "update", fields={"family_name": value}, base=base)],
                dev=dev,
            )
        self.note(
            f"{first.name} and {second.name} rename client {cid} from the same base: "
            f"{[(r.get('status'), r.get('reason')) for r in out]}"
        )

    @precondition(lambda self: self.live("residence_status") or self.live("task"))
    @rule(which=picks)
    def section_conflict(self, which):
        """Two laptops of the owning unit edit the same record from the same base."""
        recs = self.live("residence_status") + self.live("task")
        rec = recs[which % len(recs)]
        unit, _ = RULES.classify(rec.kind, rec.fields)
        actor = self.writer(unit if unit in UNITS else "reception")
        name = "paragraph" if rec.kind == "residence_status" else "text"
        mark = self.marker_by_record.get(rec.id, "")
        base = self.base_of(rec.id, [name])
        out = []
        for dev, value in ((actor.dev, f"A {mark}"), (actor.second, f"B {mark}")):
            out += self.push(
                actor,
                [dev.op(rec.kind, rec.id, "update", fields={name: value}, base=base)],
                dev=dev,
            )
        self.note(
            f"{actor.name} edits {rec.kind} {rec.id}.{name} on two laptops: "
            f"{[(r.get('status'), r.get('reason')) for r in out]}"
        )

    @precondition(lambda self: any(o for _i, _r, o, _v in self.server.conflicts()))
    @rule(which=picks, who=picks)
    def resolve(self, which, who):
        open_ = [(cid, rid, value) for cid, rid, o, value in self.server.conflicts() if o]
        if not open_:
            return
        conflict_id, rid, value = open_[which % len(open_)]
        actor = self.pick_actor(who)
        r = self.call(
            actor,
            "POST",
            f"/api/v1/conflicts/{conflict_id}/resolve",
            body={"value": value},
            writes="resolve",
        )
        self.note(f"{actor.name} resolves conflict {conflict_id} of {rid}: {r.status_code}")

    # --- forged pushes -------------------------------------------------------------------

    @precondition(lambda self: self.clients)
    @rule(who=picks, which=picks, mode=st.sampled_from(FORGE_MODES))
    def forge(self, who, which, mode):
        """A push under the id of a record the user may not see (or into another unit)."""
        actor = self.pick_actor(who)
        world = self.world()
        hidden = [
            r for r in self.live() if RULES.is_section(r) and not world.may_read(actor.user, r)
        ]
        clients = self.live_clients()
        if not clients:
            return
        cid = clients[which % len(clients)]
        forged = f"FORGED by {actor.name}"
        if mode == "foreign_section" or not hidden:
            others = [u for u in UNITS if u not in actor.user.units]
            unit = others[which % len(others)]
            if which % 2:
                op = actor.dev.op(
                    "residence_status",
                    new_id(),
                    fields={"client_id": cid, "status": "toleration", "paragraph": forged},
                )
            else:
                op = actor.dev.op(
                    "consultation",
                    new_id(),
                    fields={
                        "client_id": cid,
                        "unit": unit,
                        "started_at": f"{day(-1)}T10:00:00+00:00",
                        "caseworker": actor.name,
                        "location": "lra_zeitz",
                        "kind": "walk_in",
                        "duration_min": 30,
                        "topics": '["work"]',
                        "note": forged,
                    },
                )
            target = None
        else:
            target = hidden[which % len(hidden)]
            free_text = {
                "consultation": "note",
                "residence_status": "paragraph",
                "task": "text",
                "referral": "feedback",
                "consent": "purpose",
            }
            if mode == "update":
                name = free_text.get(target.kind, "client_id")
                op = actor.dev.op(
                    target.kind,
                    target.id,
                    "update",
                    fields={name: forged},
                    base=self.base_of(target.id, [name]),
                )
            elif mode == "delete":
                op = actor.dev.op(target.kind, target.id, "delete")
            elif mode == "clash":
                kind = "task" if target.kind != "task" else "referral"
                fields = (
                    {"client_id": cid, "due_date": day(7), "text": forged}
                    if kind == "task"
                    else {
                        "client_id": cid,
                        "target": "x",
                        "reason": forged,
                        "referred_on": day(-1),
                        "status": "proposed",
                    }
                )
                op = actor.dev.op(kind, target.id, fields=fields)
            else:
                # The same kind under the same id, with the forger's own content.
                fields = {
                    k: forged if isinstance(v, str) and MARKER.search(v) else v
                    for k, v in target.fields.items()
                }
                if target.kind == "consultation" and actor.user.units:
                    fields["unit"] = actor.user.units[0]
                op = actor.dev.op(target.kind, target.id, fields=fields)
        results = self.push(actor, [op])
        self.note(
            f"{actor.name} forges {mode} {op['kind']} {op['record_id']}"
            f"{f' (hides {target.kind})' if target else ''}: "
            f"{[(r.get('status'), r.get('reason'), r.get('detail')) for r in results]}"
        )
        if target is not None and results:
            self.judge_forged_answer(actor, op, target, results[0])

    def judge_forged_answer(self, actor: Actor, op: dict, target: Rec, result: dict) -> None:
        """The answer to an op on a hidden record names neither its kind nor its category."""
        res_text = json.dumps(result)
        _unit, category = RULES.classify(target.kind, target.fields)
        _u, own_category = RULES.classify(op["kind"], op["fields"])
        if target.kind != op["kind"] and f'"{target.kind}"' in res_text:
            self.leak(
                "kind of a hidden record in a push answer",
                actor,
                "POST /api/v1/sync/push",
                f"op {op['op']} {op['kind']} on {self.world().describe(target)}: {res_text}",
            )
        if category and category != own_category and f'"{category}"' in res_text:
            self.leak(
                "category of a hidden record in a push answer",
                actor,
                "POST /api/v1/sync/push",
                f"op {op['op']} {op['kind']} on {self.world().describe(target)}: {res_text}",
            )

    # --- asking every endpoint -----------------------------------------------------------

    @rule(who=picks)
    def sweep(self, who):
        """One user's laptop syncs in the middle of things (incremental pulls, rescope)."""
        self.sweep_user(self.pick_actor(who), full=False)

    def sweep_user(self, actor: Actor, full: bool = True) -> None:
        self.snap = self.server.records()
        world = self.world()
        user = actor.user
        # A full pull from 0: no leak (the scan) and no miss.
        cursor, pulled = 0, {}
        for _ in range(100):
            r = self.call(actor, "GET", "/api/v1/sync/pull", params={"cursor": cursor})
            if r.status_code != 200:
                break
            page = r.json()
            for change in page["changes"]:
                pulled[change["id"]] = change
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        missed = [
            world.describe(rec)
            for rec in world.records.values()
            if not rec.deleted
            and world.may_read(user, rec)
            and (rec.id not in pulled or pulled[rec.id]["deleted"])
        ]
        if missed:
            self.leak(
                "miss: records the rules allow are not pulled",
                actor,
                "GET /api/v1/sync/pull cursor=0",
                "; ".join(missed[:5]),
            )
        # A new laptop's first sync by snapshot, in small chunks: no leak (the scan), and it
        # holds every live record the rules allow (what changes later comes with the pull).
        after, top, snapped = 0, None, set()
        for _ in range(100):
            params = {"after": after, "limit": 7, **({"top": top} if top is not None else {})}
            r = self.call(actor, "GET", "/api/v1/sync/snapshot", params=params)
            if r.status_code != 200:
                break
            chunk = r.json()
            snapped |= {rec[1] for rec in chunk["records"] if not rec[-1]}
            after, top = chunk["next"], chunk["top"]
            if chunk["done"]:
                break
        missed = [
            world.describe(rec)
            for rec in world.records.values()
            if not rec.deleted and world.may_read(user, rec) and rec.id not in snapped
        ]
        if missed:
            self.leak(
                "miss: records the rules allow are not in the snapshot",
                actor,
                "GET /api/v1/sync/snapshot after=0",
                "; ".join(missed[:5]),
            )
        # Small pages from 0, and incremental from where this user's laptop stood.
        for start, limit in ((0, 8), (actor.cursor, 3)) if actor.cursor else ((0, 8),):
            cursor = start
            for _ in range(60):
                r = self.call(
                    actor,
                    "GET",
                    "/api/v1/sync/pull",
                    params={"cursor": cursor, "limit": limit, "since": start},
                )
                if r.status_code != 200:
                    break
                page = r.json()
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break
        actor.cursor = cursor
        self.call(actor, "GET", "/api/v1/rules")
        self.call(actor, "GET", "/api/v1/conflicts", params={"open": "true"})
        self.call(actor, "GET", "/api/v1/conflicts", params={"open": "false", "limit": 50})
        if not full:
            return
        hidden = sorted(
            r.id
            for r in world.records.values()
            if RULES.is_section(r) and not world.may_read(user, r)
        )
        hidden_set = set(hidden)
        for cid, rid, _o, value in [c for c in self.server.conflicts() if c[1] in hidden_set][:2]:
            self.call(actor, "GET", "/api/v1/conflicts", params={"record_id": rid, "open": "false"})
            self.call(
                actor,
                "POST",
                f"/api/v1/conflicts/{cid}/resolve",
                body={"value": value},
                writes="resolve",
            )
        clients = self.live_clients() or self.clients
        involved = sorted({c for _i, s, m, _u in self.server.merges() for c in (s, m)})
        reviewer = RULES.may(user, "review_duplicates")
        for status in ("open", "merged", "distinct")[: 3 if actor.name == "koord" else 1]:
            self.call(actor, "GET", "/api/v1/duplicates", params={"status": status})
        self.call(actor, "GET", "/api/v1/merges")
        self.call(actor, "GET", "/api/v1/directory")  # names only: no client data to find
        for cid in (involved or clients)[: 2 if reviewer else 1]:
            self.call(actor, "GET", f"/api/v1/clients/{cid}/merges")
        several = 2 if RULES.may(user, "export_client") else 1
        for cid in (involved + clients)[:several]:
            self.call(actor, "GET", f"/api/v1/clients/{cid}/export", export_of=cid)
        several = 2 if RULES.may(user, "read_audit") else 0
        for cid in (involved + clients)[:several]:
            self.call(actor, "GET", "/api/v1/audit", params={"client_id": cid})
        self.call(actor, "GET", "/api/v1/audit")
        if several:
            self.call(actor, "GET", "/api/v1/audit", params={"format": "csv"})
        self.ask_live(actor)
        self.ask_queues(actor)
        self.ask_reports(actor)
        if hidden:
            probe = hidden[0]
            # Refused or failing calls that name a hidden record: their envelopes.
            if clients:
                self.call(
                    actor,
                    "POST",
                    f"/api/v1/clients/{clients[0]}/merge",
                    body={"merged_id": probe},
                    writes="merge",
                )
            if reviewer:
                self.call(actor, "POST", f"/api/v1/merges/{probe}/undo", writes="merge")
            self.call(
                actor,
                "POST",
                f"/api/v1/conflicts/{probe}/resolve",
                body={"value": "x"},
                writes="resolve",
            )
            self.call(actor, "GET", f"/api/v1/clients/{probe}/export", export_of=probe)
        # The reads between the writes above changed nothing.
        self.judge_writes(actor, "read", self.snap, self.server.records(), "the reads of a sweep")

    # --- issue 21: the live channel, walk-in queues, reports ----------------------------

    def expect(self, actor: Actor, r, allowed: bool, code: str, label: str) -> bool:
        """The oracle's answer to whether *actor* may ask this: 200, or 403 *code*."""
        got = r.json().get("error", {}).get("code") if r.status_code == 403 else None
        if allowed and r.status_code == 403:
            self.leak("refused where the rules allow it", actor, label, r.text[:300])
        elif not allowed and (r.status_code, got) != (403, code):
            self.leak(
                f"answered where the rules deny it (expected 403 {code})",
                actor,
                label,
                f"{r.status_code}: {r.text[:300]}",
            )
        return r.status_code == 200

    def stream(self, actor: Actor | None, path: str, params: dict | None = None) -> tuple[int, str]:
        """An event stream's first event (or its refusal), judged like every body."""
        headers = actor.dev.headers if actor else {}
        status, body = self.server.stream_head(path, headers, params)
        label = f"GET {path}" + (" {token}" if params else "") + f" -> {status}"
        if status == 0 or status >= 500:
            self.leak("an event stream did not answer", actor, label, body[:300])
        self.scan(actor, body, set(), label)
        return status, body

    def ask_live(self, actor: Actor) -> None:
        """The PC's live channel: its hello names exactly the queues the user works."""
        status, body = self.stream(actor, "/api/v1/events")
        hello = re.search(r"event: hello\ndata: (.*)\n", body)
        if status != 200 or hello is None:
            self.leak("the live channel refused a device", actor, "GET /api/v1/events", body[:300])
            return
        named = json.loads(hello.group(1)).get("queues")
        wanted = sorted(f"walk_in:{loc}" for loc in RULES.queues(actor.user))
        if sorted(named or ()) != wanted:
            self.leak(
                "the live channel names other queues than the user works",
                actor,
                "GET /api/v1/events",
                f"named {named}, [walk_in] gives {wanted}",
            )

    def ask_queues(self, actor: Actor) -> None:
        """Prefix, statistics of every walk-in location, and a call, as the rules allow."""
        user = actor.user
        worked = RULES.queues(user)
        r = self.call(actor, "POST", "/api/v1/queue/prefix")
        self.expect(actor, r, bool(worked), "not_your_queue", "POST /api/v1/queue/prefix")
        for loc in LOCATIONS:
            params = {"location": loc, "from": day(-7), "to": day(0)}
            r = self.call(actor, "GET", "/api/v1/queue/stats", params=params)
            self.expect(actor, r, loc in worked, "not_your_queue", f"GET /api/v1/queue/stats {loc}")

        # A call where the user has a queue of a unit of his or hers, else where nobody lets it.
        def mine(loc: str) -> bool:
            return loc in worked and any(RULES.serves(loc, u) for u in user.units)

        loc = next(
            (loc for loc in LOCATIONS if mine(loc) and self.waiting(loc, user.units)),
            next((loc for loc in LOCATIONS if mine(loc)), LOCATIONS[0]),
        )
        r = self.call(
            actor,
            "POST",
            "/api/v1/queue/call",
            body={"location": loc, "desk": DESK},
            writes="call",
        )
        if r.status_code != 503:
            self.expect(actor, r, mine(loc), "not_your_queue", f"POST /api/v1/queue/call {loc}")

    def ask_reports(self, actor: Actor) -> None:
        """Every report route: figures only for the units [reports] gives the user."""
        user = actor.user
        scope = RULES.report_units(user)
        r = self.call(actor, "GET", "/api/v1/reports")
        if self.expect(actor, r, bool(scope), "report_scope", "GET /api/v1/reports"):
            offered = {u["code"] for u in r.json()["units"]}
            if offered != scope:
                self.leak(
                    "the report catalog offers other units than [reports] gives",
                    actor,
                    "GET /api/v1/reports",
                    f"offered {sorted(offered)}, [reports] gives {sorted(scope)}",
                )
        span = {"from": day(-40), "to": day(0)}
        # A published table covers whole months (docs/reports.md): last month and this one.
        this_month = dt.date.today().replace(day=1)
        whole = {
            "from": (this_month - dt.timedelta(days=1)).replace(day=1).isoformat(),
            "to": (
                (this_month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            ).isoformat(),
        }
        month = {"month": day(0)[:7]}
        asks = [
            ("/api/v1/reports/table", {"indicator": "consultations", "rows": "unit", **span}),
            (
                "/api/v1/reports/table",
                {
                    "indicator": "persons",
                    "rows": "unit",
                    "columns": "topic",
                    "mode": "publication",
                    **whole,
                },
            ),
            ("/api/v1/reports/table", {"indicator": "walk_ins", "rows": "location", **span}),
            (
                "/api/v1/reports/table/export",
                {"indicator": "referrals", "rows": "unit", "format": "json", **span},
            ),
            ("/api/v1/reports/monthly", month),
        ]
        if HAS_REPORT_FILES and scope:
            # One file a sweep, in turn (the files render the tables judged above; a PDF or
            # XLSX per user and sweep made the oracle a minute slower per back end).
            self.file_turn = getattr(self, "file_turn", -1) + 1
            files = [
                (
                    "/api/v1/reports/table/export",
                    {"indicator": "consultations", "rows": "unit", "format": fmt, **span},
                )
                for fmt in ("csv", "xlsx", "pdf")
            ] + [("/api/v1/reports/monthly", {**month, "format": "xlsx"})]
            asks.append(files[self.file_turn % len(files)])
        for path, params in asks:
            r = self.call(actor, "GET", path, params=params)
            label = f"GET {path} {params}"
            if not self.expect(actor, r, bool(scope), "report_scope", label):
                continue
            if params.get("format", "json") == "json":
                tables = r.json()["tables"] if "month" in params else [r.json()]
                for table in tables:
                    self.judge_table(actor, table, scope, label)
        outside = sorted(set(UNITS) - scope)
        if scope and outside:
            params = {"indicator": "consultations", "rows": "unit", "unit": outside[0], **span}
            r = self.call(actor, "GET", "/api/v1/reports/table", params=params)
            self.expect(actor, r, False, "report_scope", f"GET /api/v1/reports/table {params}")
        # The drill-down: the files behind a unit's consultations (two of the user's units,
        # one outside them).
        world = self.world()
        held = sorted(
            {u for r in self.live("consultation") if isinstance(u := r.fields.get("unit"), str)}
        )
        rows = [u for u in held if u in scope][:2] + [u for u in held if u not in scope][:1]
        for unit in rows or UNITS[:1]:
            params = {"indicator": "consultations", "rows": "unit", "row": unit, **span}
            r = self.call(actor, "GET", "/api/v1/reports/cell", params=params)
            label = f"GET /api/v1/reports/cell {params}"
            if not self.expect(actor, r, bool(scope), "report_scope", label):
                continue
            answer = r.json()
            if unit not in scope and (answer.get("clients") or answer.get("hidden")):
                # A row outside the user's units counts nothing ([reports]: figures of the
                # user's units only), so it lists nobody either.
                self.leak(
                    "a drill-down outside the user's report units", actor, label, r.text[:300]
                )
            self.judge_cell(actor, world, answer, unit, label)
        if HAS_FUNDER_LIST:
            projects = json.loads((RULES_CATALOGS / "project.json").read_text(encoding="utf-8"))[
                "entries"
            ]
            for project in projects[:1]:
                params = {
                    "project": project["code"],
                    "template": project.get("funder", ""),
                    "format": "json",
                    **span,
                }
                self.call(actor, "GET", FUNDER_LIST[1], params=params)

    def judge_table(self, actor: Actor, table: dict, scope: set[str], label: str) -> None:
        """A table covers the user's units only (its scope, and its rows by unit)."""
        shown = set(table.get("scope") or ())
        rows = table.get("rows") or {}
        if rows.get("dimension") == "unit":
            shown |= {item["code"] for item in rows.get("items", [])}
        shown &= set(UNITS)  # a row of no unit ("", unknown) is no unit's figures
        if not shown <= scope:
            self.leak(
                "a report shows units outside [reports]",
                actor,
                label,
                f"units {sorted(shown - scope)}; [reports] gives {sorted(scope)}",
            )

    def judge_cell(self, actor: Actor, world: World, answer: dict, unit: str, label: str):
        """Each listed client is a live file the user reads, with a consultation of *unit*
        behind the cell that the user may read."""
        user = actor.user
        for entry in answer.get("clients", []):
            rec = world.records.get(entry.get("id", ""))
            if rec is None or rec.kind != "client" or rec.deleted:
                self.leak(
                    "a drill-down lists a file that is no live client",
                    actor,
                    label,
                    f"{entry} ({world.describe(rec) if rec else 'unknown'})",
                )
                continue
            behind = [
                c
                for c in world.records.values()
                if c.kind == "consultation"
                and not c.deleted
                and c.fields.get("unit") == unit
                and c.fields.get("client_id") == rec.id
            ]
            if not any(world.may_read(user, c) for c in behind):
                self.leak(
                    "a drill-down lists a client whose consultations the rules deny",
                    actor,
                    label,
                    f"{entry}; behind it: "
                    + ("; ".join(world.describe(c, user) for c in behind) or "no live one"),
                )

    def sweep_displays(self) -> None:
        """Every walk-in location's display, with its token, another location's and a wrong
        one: the page, the state and the first event -- numbers and rooms, no marker, id or
        name; 403 ``display_forbidden`` without the right token."""
        for path in ("/display/static/display.css", "/display/static/display.js"):
            r = self.call(None, "GET", path)
            if r.status_code != 200:
                self.leak("a display file is missing", None, path, str(r.status_code))
            self.judge_display(r.text, f"GET {path}")
        for i, loc in enumerate(LOCATIONS):
            right = self.server.display_tokens[loc]
            other = self.server.display_tokens[LOCATIONS[(i + 1) % len(LOCATIONS)]]
            for token, valid in ((right, True), (other, len(LOCATIONS) == 1), ("falsch", False)):
                for suffix in ("", "/state", "/events"):
                    path = f"/display/{loc}{suffix}"
                    if suffix == "/events":
                        status, body = self.stream(None, path, {"token": token})
                    else:
                        r = self.call(None, "GET", path, params={"token": token})
                        status, body = r.status_code, r.text
                    label = f"GET {path} ({'its token' if valid else 'a wrong token'}) -> {status}"
                    if status != (200 if valid else 403):
                        self.leak("a display's token is not judged", None, label, body[:300])
                    if not valid and suffix == "/state" and "display_forbidden" not in body:
                        self.leak("a display's refusal says more", None, label, body[:300])
                    self.judge_display(body, label)
                    if valid and suffix == "/state":
                        for shown in json.loads(body).get("calls", []):
                            if set(shown) - {"number", "desk", "at"}:
                                self.leak("a display shows more of a call", None, label, str(shown))

    def judge_display(self, body: str, label: str) -> None:
        world = self.world()
        names = {
            rec.fields.get(f)
            for rec in world.records.values()
            for f in ("family_name", "called_by", "staff")
            if rec.kind in ("client", "walk_in_ticket", "walk_in_phase")
        } - {None, ""}
        found = (
            [m.group(0) for m in MARKER.finditer(body)]
            + UUID_RE.findall(body)
            + sorted(n for n in names if isinstance(n, str) and n in body)
        )
        if found:
            at = body.find(found[0])
            self.leak(
                "a waiting-room display shows more than numbers and rooms",
                None,
                label,
                f"{found[:5]}; body: ...{body[max(0, at - 200) : at + 60]}...",
            )

    probed_accounts = False  # the account routes once per run (Argon2 is slow)

    def sweep_anonymous(self) -> None:
        for path in ("/api/v1/version", "/health", "/metrics"):
            self.call(None, "GET", path)
        self.sweep_displays()
        r = self.server.http.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        self.scan(None, r.text, set(), "GET /metrics (monitoring token)")
        if type(self).probed_accounts:
            return
        type(self).probed_accounts = True
        self.call(
            None,
            "POST",
            "/api/v1/devices/register",
            body={"user": "koord", "password": "falsch", "device_name": "x"},
        )
        # A refused password change: its envelope.
        self.call(
            self.actors["koord"],
            "POST",
            "/api/v1/account/password",
            body={"old_password": "falsch", "new_password": "Nachtigall-Uferweg-97"},
        )


def test_no_answer_holds_what_the_rules_deny(db_url, request, tmp_path):
    class Machine(LeakMachine):
        backend = Backend(db_url, request, tmp_path)

    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            print_blob=True,
            # Shrinking a failure runs up to minutes of examples: on request only.
            phases=[Phase.explicit, Phase.reuse, Phase.generate]
            + ([Phase.shrink] if SHRINK else []),
        ),
    )


def test_every_route_is_asked(app):
    """A route added to the API must be added to the leak oracle's sweep (ASKED)."""
    routes = app_routes(app)
    assert ("POST", "/api/v1/sync/push") in routes, "the routes of the API were not found"
    assert routes - ASKED == set(), "ask these routes in test_leak_oracle.py's sweep"
