"""The gate for group sessions and attendance (issue 20), against the policy.

The oracle (tests/server/oracle.py) reads resources/access/policy.toml on its own: a group
session and each participant's attendance are the facilitating unit's section (``by_unit``,
owner ``unit``), a session about health is category health, as a consultation is. A property
test draws random users and records and compares casefile.policy with the oracle; then a real
server (SQLite and PostgreSQL, as the fixtures give) refuses and serves exactly that, checks
the links (an attendance names a session and a client the server holds, a consultation the
session it came from), and merges two facilitators' records of the same session into one.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from casefile import codec, groups
from casefile.ids import new_id
from casefile.policy import Policy
from casefile.records import Client, GroupSession
from tests.server.helpers import gate_agrees, valid_fields
from tests.server.oracle import Rules, User, catalog_codes

RULES = Rules()
POLICY = Policy.load()
UNITS = catalog_codes("unit")
ROLES = sorted(RULES.roles)
TOPICS = catalog_codes("topic")
KINDS = ("group_session", "attendance", "consultation")


users = st.builds(
    lambda name, roles, units: User(name, tuple(roles), tuple(units)),
    st.sampled_from(["a", "b", "c"]),
    st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True),
    st.lists(st.sampled_from(UNITS), min_size=0, max_size=3, unique=True),
)
record_fields = st.fixed_dictionaries(
    {
        "unit": st.sampled_from([*UNITS, ""]),
        "topic": st.sampled_from(TOPICS),
        "topics": st.lists(st.sampled_from(TOPICS), max_size=2).map(codec.json_text),
        "client_id": st.just("0190a5d0-0000-7000-8000-000000000001"),
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    user=users,
    kind=st.sampled_from(KINDS),
    before=st.one_of(st.none(), record_fields),
    after=st.one_of(st.none(), record_fields),
)
def test_who_may_write_and_read_group_sessions_is_what_the_policy_says(user, kind, before, after):
    if before is None and after is None:
        return
    gate_agrees(POLICY, RULES, user, kind, before, after)
    for fields in (f for f in (before, after) if f is not None):
        unit, category = POLICY.classify(kind, fields)
        assert (unit, category) == RULES.classify(kind, fields) or (
            RULES.classify(kind, fields)[1] is None and not unit
        ), (kind, fields)


def test_a_session_about_health_is_health_data():
    assert POLICY.classify("group_session", {"unit": "integration", "topic": "health"}) == (
        "integration",
        "health",
    )
    assert POLICY.classify("group_session", {"unit": "integration", "topic": "housing"}) == (
        "integration",
        "counseling_notes",
    )


# --- through a real server ------------------------------------------------------------------


def _session(**kw) -> GroupSession:
    start = dt.datetime.now(dt.UTC).replace(microsecond=0, second=0) - dt.timedelta(hours=3)
    fields = {
        "unit": "integration",
        "title": "Wohnschulung",
        "topic": "housing",
        "starts_at": start,
        "location": "dez_nebra",
        "duration_min": 120,
        "facilitator": "k.wagner",
        "languages": ["ar"],
        **kw,
    }
    return groups.one_off(**fields)


def _fields(record, created: str | None = None) -> dict:
    """The create's fields; a session's records carry the session's start as their
    ``created_at`` (as the laptop's store writes them), so two laptops' creates agree."""
    f = codec.encode(record)
    f.pop("id")
    f["created_at"] = created or codec.time_text(dt.datetime.now(dt.UTC).replace(microsecond=0))
    return f


def _results(dev, records, created: str | None = None):
    ops = [
        dev.op(
            codec.kind_of(x),
            x.id,
            "create",
            valid_fields("client", family_name=x.family_name, given_names=x.given_names)
            if isinstance(x, Client)
            else _fields(x, created),
        )
        for x in records
    ]
    answer = dev.push(ops)
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]


def _recorded(session: GroupSession, clients: list[Client]):
    session.participant_ids = [c.id for c in clients]
    session.recorded = True
    out = []
    for c in clients:
        cons = groups.consultation_for(session, c.id, 2.0, "k.wagner", "ar")
        out += [cons, groups.attendance_for(session, groups.SheetLine(c.id), cons.id)]
    return out


def test_a_session_is_its_units_and_another_unit_neither_pulls_nor_writes_it(make_device):
    facilitator = make_device("k.wagner", roles=["caseworker"], units=["integration"])
    jobcenter = make_device("j.weber", roles=["caseworker"], units=["jobcenter"])
    reception = make_device("n.rez", roles=["reception"], units=["reception"])
    people = [Client("Haddad", "Rami"), Client("Ahmadi", "Zahra")]
    assert all(r["status"] == "applied" for r in _results(facilitator, people))
    session = _session()
    records = _recorded(session, people)
    # Another unit may not write the integration unit's session, nor its attendance.
    assert [r["status"] for r in _results(jobcenter, [session])] == ["rejected"]
    assert {r["status"] for r in _results(facilitator, [session, *records])} == {"applied"}
    theirs = _session(unit="jobcenter", title="Bewerbungstraining", topic="work")
    assert [r["status"] for r in _results(facilitator, [theirs])] == ["rejected"]
    # Nor change it: an update from the jobcenter is refused.
    changed = jobcenter.push(
        [jobcenter.op("group_session", session.id, "update", {"note": "x"}, {"note": None})]
    ).json()["results"]
    assert changed[0]["status"] == "rejected"
    mine = {c["id"] for c in facilitator.pull_all()}
    assert session.id in mine and {x.id for x in records} <= mine
    for other in (jobcenter, reception):
        seen = {c["id"]: c["kind"] for c in other.pull_all()}
        assert session.id not in seen
        assert not {x.id for x in records} & seen.keys()
        assert {c.id for c in people} <= seen.keys()  # master data are everybody's


def test_links_must_name_a_session_and_a_client_the_server_holds(make_device):
    facilitator = make_device("k.wagner", roles=["caseworker"], units=["integration"])
    person = Client("Haddad", "Rami")
    _results(facilitator, [person])
    session = _session()
    cons = groups.consultation_for(session, person.id, 1.5, "k.wagner", "ar")
    attendance = groups.attendance_for(session, groups.SheetLine(person.id), cons.id)
    # The session is not on the server: its consultation and attendance are refused.
    got = _results(facilitator, [cons, attendance])
    assert [r["status"] for r in got] == ["rejected", "rejected"]
    assert "Gruppentermin" in got[0]["detail"] and "Gruppentermin" in got[1]["detail"]
    stranger = groups.attendance_for(session, groups.SheetLine(new_id()), None)
    session.participant_ids = [person.id]
    got = _results(facilitator, [session, stranger])
    assert got[0]["status"] == "applied" and got[1]["status"] == "rejected"
    # Hours beyond a day are refused in German.
    too_long = groups.attendance_for(session, groups.SheetLine(person.id, hours=11), None)
    got = _results(facilitator, [too_long])[0]
    assert got["status"] == "rejected" and "Stunden" in got["detail"]


def test_two_facilitators_recording_the_same_session_make_one(make_device):
    first = make_device("k.wagner", roles=["caseworker"], units=["integration"])
    second = make_device("a.schneider", roles=["caseworker"], units=["integration"])
    people = [Client("Haddad", "Rami"), Client("Ahmadi", "Zahra")]
    _results(first, people)
    mine, theirs = _session(), _session()
    assert mine.id == theirs.id  # the same session, planned on two laptops
    a = _recorded(mine, people)
    b = _recorded(theirs, people)
    theirs.note = "Zahra kam später"
    created = codec.time_text(mine.starts_at)
    assert {r["status"] for r in _results(first, [mine, *a], created)} == {"applied"}
    assert {r["status"] for r in _results(second, [theirs, *b], created)} == {"applied"}
    changes = first.pull_all()
    kinds = [c["kind"] for c in changes]
    assert kinds.count("group_session") == 1
    assert kinds.count("attendance") == 2 and kinds.count("consultation") == 2
    held = next(c for c in changes if c["kind"] == "group_session")
    assert held["fields"]["note"] == "Zahra kam später"
    # An ordinary consultation stays append-only.
    plain = groups.consultation_for(mine, people[0].id, 1.0, "k.wagner", "ar")
    plain.group_session_id, plain.id = None, new_id()
    plain.kind = "appointment"
    # One created_at for both pushes: a changed created_at is refused on its own
    # ("invalid_value"), and two calls of now() may fall in two seconds.
    at = codec.time_text(dt.datetime.now(dt.UTC).replace(microsecond=0))
    assert _results(first, [plain], at)[0]["status"] == "applied"
    again = _fields(plain, at)
    again["note"] = "anders"
    got = first.push([first.op("consultation", plain.id, "create", again)]).json()["results"]
    assert got[0]["status"] == "rejected" and got[0]["reason"] == "append_only"


def test_erasing_a_client_takes_the_attendance_and_leaves_the_participant_lists(make_device, erase):
    facilitator = make_device("k.wagner", roles=["caseworker"], units=["integration"])
    people = [Client("Haddad", "Rami"), Client("Ahmadi", "Zahra")]
    _results(facilitator, people)
    session = _session()
    records = _recorded(session, people)
    assert {r["status"] for r in _results(facilitator, [session, *records])} == {"applied"}
    answer = erase(people[0].id)
    assert answer.status_code == 200, answer.text
    held = {c["id"]: c for c in facilitator.pull_all()}
    assert codec.json_text([people[1].id]) == held[session.id]["fields"]["participant_ids"]
    gone = [x.id for x in records if getattr(x, "client_id", None) == people[0].id]
    assert gone and all(held[x]["deleted"] for x in gone)
    kept = [x.id for x in records if getattr(x, "client_id", None) == people[1].id]
    assert all(not held[x].get("deleted") for x in kept)


def test_the_access_export_holds_the_attendance_and_the_sessions_without_the_others(
    make_device, client
):
    facilitator = make_device("k.wagner", roles=["caseworker"], units=["integration"])
    admin = make_device("dsb.export", roles=["administrator"], units=[])
    people = [Client("Haddad", "Rami"), Client("Ahmadi", "Zahra")]
    _results(facilitator, people)
    session = _session(note="Frau Ahmadi kam später")
    records = _recorded(session, people)
    _results(facilitator, [session, *records])
    r = client.get(f"/api/v1/clients/{people[0].id}/export", headers=admin.headers)
    assert r.status_code == 200, r.text
    got = r.json()["records"]
    assert [a["fields"]["session_id"] for a in got["attendance"]] == [session.id]
    [shown] = got["group_session"]
    assert shown["fields"]["title"] == "Wohnschulung"
    assert "participant_ids" not in shown["fields"] and "note" not in shown["fields"]
    assert people[1].id not in r.text
