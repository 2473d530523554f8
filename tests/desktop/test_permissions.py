"""The laptop's permissions (desktop.permissions) judged by the independent reading of the
policy file (tests/server/oracle.py, written from resources/access/policy.toml, never from the
server's or the laptop's code): random users and records, the same verdict on every write and
every read; and the rules reach the laptop from the server and are kept."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from casefile import catalogs
from casefile.policy import Policy
from desktop import permissions
from desktop.permissions import Permissions, User
from tests.server import oracle

RULES = oracle.Rules()
UNITS = sorted(catalogs.load("unit").codes)
ROLES = sorted(RULES.roles)
TOPICS = sorted(catalogs.load("topic").codes)
KINDS = sorted(RULES.kinds)
TODAY = dt.date(2026, 12, 4)

users = st.builds(
    User,
    st.just("u"),
    st.lists(st.sampled_from(ROLES), max_size=2, unique=True).map(tuple),
    st.lists(st.sampled_from(UNITS), max_size=3, unique=True).map(tuple),
)


@st.composite
def fields(draw, kind: str) -> dict:
    out: dict = {"client_id": "c1"}
    if kind == "consultation":
        out["unit"] = draw(st.sampled_from(UNITS))
        out["topics"] = draw(st.lists(st.sampled_from(TOPICS), max_size=3, unique=True))
    if kind == "task":
        out["assignee_unit"] = draw(st.sampled_from([*UNITS, ""]))
    return out


@st.composite
def writes(draw):
    kind = draw(st.sampled_from([k for k in KINDS if k != "consent"]))
    before = draw(st.none() | fields(kind))
    after = draw(fields(kind)) if kind == "client" or draw(st.booleans()) else None
    if after is None and before is None:
        after = draw(fields(kind))
    return kind, before, after


def laptop(user: User) -> Permissions:
    return Permissions(user, Policy.load())


@settings(max_examples=400, deadline=None)
@given(users, writes())
def test_a_write_is_refused_exactly_where_the_policy_file_refuses_it(user, write):
    kind, before, after = write
    erasing = kind == "client" and after is None
    expected = RULES.write_refusal(
        oracle.User("u", user.roles, user.units), kind, before, after, erasing_client=erasing
    )
    got = laptop(user).refusal(kind, before, after)
    assert (got is None) == (expected is None), (user, kind, before, after, expected, got)
    if got is not None:
        assert got.text()  # every refusal has a sentence naming what and who may


@settings(max_examples=300, deadline=None)
@given(users, st.sampled_from(KINDS).flatmap(lambda k: st.tuples(st.just(k), fields(k))))
def test_hidden_is_what_the_policy_file_does_not_let_the_user_read(user, record):
    kind, values = record
    world = oracle.World(RULES, today=TODAY)
    rec = oracle.Rec(kind, "r1", values, False)
    readable = world.may_read(oracle.User("u", user.roles, user.units), rec)
    assert (laptop(user).hidden_unit(kind, values) is None) == readable, (user, kind, values)


@settings(max_examples=200, deadline=None)
@given(users)
def test_the_offered_units_are_those_whose_consultations_the_user_may_write(user):
    offered = laptop(user).writable_units("consultation")
    ok = [
        u
        for u in UNITS
        if RULES.write_refusal(
            oracle.User("u", user.roles, user.units), "consultation", None, {"unit": u}
        )
        is None
    ]
    assert offered == ok


def test_reception_may_record_a_walk_in_for_the_reception_only_and_no_residence_status():
    reception = laptop(User("empfang", ("reception",), ("reception",)))
    assert reception.writable_units("consultation") == ["reception"]
    assert not reception.may_create("residence_status")
    refusal = reception.refusal("consultation", None, {"unit": "reception", "topics": '["health"]'})
    assert refusal is not None  # a health consultation is a special category
    abh = laptop(User("abh", ("caseworker",), ("abh",)))
    # its own unit; and the reception's walk-in note (an open category: master-data roles)
    assert abh.may_create("residence_status") and abh.writable_units() == ["abh", "reception"]
    refused = laptop(User("int", ("caseworker",), ("integration",))).refusal(
        "residence_status", None, {"client_id": "c1"}
    )
    assert refused is not None and refused.unit == "abh"
    assert "Ausländerbehörde" in refused.text()


def test_a_consent_names_the_unit_that_may_record_it():
    integration = laptop(User("int", ("caseworker",), ("integration",)))
    consent = {
        "client_id": "c1",
        "recipients": '["jobcenter"]',
        "categories": '["residence"]',
        "given_on": "2026-12-01",
        "form_reference": "E-1",
    }
    refused = integration.refusal("consent", None, consent)
    assert refused is not None and refused.reason == "consent_recorder"
    assert "abh" in refused.units and "Ausländerbehörde" in refused.text()


def test_a_consent_in_force_unhides_what_it_opens():
    jobcenter = laptop(User("jc", ("caseworker",), ("jobcenter",)))
    counsel = {"unit": "integration", "client_id": "c1"}
    assert jobcenter.hidden_unit("consultation", counsel) == "integration"
    consent = {
        "recipients": '["jobcenter"]',
        "categories": '["counseling_notes"]',
        "given_on": "2026-12-01",
        "form_reference": "E-1",
    }
    granted = jobcenter.granted([consent], TODAY)
    assert granted == {"counseling_notes"}
    assert jobcenter.hidden_unit("consultation", counsel, granted) is None
    withdrawn = {**consent, "withdrawn_on": "2026-12-03"}
    assert jobcenter.granted([withdrawn], TODAY) == frozenset()


def test_a_laptop_without_roles_is_unrestricted_and_the_server_decides(store):
    mine = permissions.load(store.engine)
    assert not mine.restricted
    assert mine.refusal("residence_status", None, {}) is None
    assert mine.writable_units() == UNITS


def test_the_kept_rules_are_the_servers_and_unreadable_ones_are_not_kept(store):
    from desktop.sync import state

    state.connect(
        store.engine, "http://x", "dev1", "a.schneider", "e1", units=["abh"], roles=["caseworker"]
    )
    strict = Policy.load().data | {"roles": {"caseworker": ["master_data"]}}
    with store.engine.begin() as conn:
        permissions.save_rules(conn, "d-strict", strict, "scope-1")
    mine = permissions.load(store.engine)
    assert mine.digest == "d-strict" and mine.writable_units() == ["reception"]
    assert not mine.may_create("residence_status")  # the server's rules, not the shipped ones
    with store.engine.begin() as conn:
        assert permissions.rules_scope(conn) == "scope-1"
    broken = strict | {"roles": {"caseworker": ["fly"]}}
    try:
        with store.engine.begin() as conn:
            permissions.save_rules(conn, "d-broken", broken, "scope-2")
    except ValueError:
        pass
    assert permissions.load(store.engine).digest == "d-strict"


def test_the_offline_demo_holds_what_the_demo_user_would_receive(tmp_path):
    """The offline demo shows what the online one shows: the rules applied (issue 16, 10)."""
    from sqlalchemy import text

    from desktop.app import DEMO_ROLES, DEMO_UNITS, make_demo_store
    from desktop.store.connection import open_store

    path = tmp_path / "demo.sqlite"
    make_demo_store(path, 60)
    engine = open_store(path)
    try:
        mine = permissions.load(engine)
        assert mine.restricted and mine.user == User("a.schneider", DEMO_ROLES, DEMO_UNITS)
        with engine.connect() as conn:
            units = set(conn.execute(text("SELECT DISTINCT unit FROM consultation")).scalars())
            statuses = conn.execute(text("SELECT count(*) FROM residence_status")).scalar()
            consents = [dict(r._mapping) for r in conn.execute(text("SELECT * FROM consent"))]
    finally:
        engine.dispose()
    user = oracle.User("a.schneider", DEMO_ROLES, DEMO_UNITS)
    for unit in units:  # every unit's consultation present is one the user may read
        rec = oracle.Rec("consultation", "x", {"unit": unit, "client_id": "c"}, False)
        opened = any(
            unit in (c.get("recipients") or "") for c in consents
        )  # only a consent can open another unit's notes to integration
        assert unit in DEMO_UNITS or opened or oracle.World(RULES).may_read(user, rec)
    assert "integration" in units and len(units) < len(UNITS)
    # residence statuses only where a consent opens them to integration
    assert statuses <= sum(1 for c in consents if "residence" in (c.get("categories") or ""))
