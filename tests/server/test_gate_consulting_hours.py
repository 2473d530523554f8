"""The gate for consulting hours (issue 20), against the policy: part of the directory -- read
by every user, written by staff with ``sections`` of a unit under ``[directory] maintainers``
(coordination), whatever unit the hours name. A property test draws random users and records
and compares the server's rules (casefile.policy) with the independent oracle
(tests/server/oracle.py reads resources/access/policy.toml itself); then a real server
(SQLite and PostgreSQL) refuses and serves exactly that."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from casefile import codec
from casefile.ids import new_id
from casefile.policy import Policy
from casefile.records import ConsultingHours
from tests.server.helpers import gate_agrees
from tests.server.oracle import Rec, Rules, User, World, catalog_codes

RULES = Rules()
POLICY = Policy.load()
UNITS = catalog_codes("unit")
ROLES = sorted(RULES.roles)


users = st.builds(
    lambda name, roles, units: User(name, tuple(roles), tuple(units)),
    st.sampled_from(["a", "b"]),
    st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True),
    st.lists(st.sampled_from(UNITS), min_size=0, max_size=3, unique=True),
)
record_fields = st.fixed_dictionaries(
    {
        "unit": st.sampled_from([*UNITS, ""]),
        "location": st.sampled_from(["lra_naumburg", "dez_nebra", "phone", ""]),
        "kind": st.sampled_from(["walk_in", "decentral", "phone"]),
    }
)


def test_the_rules_file_puts_consulting_hours_into_the_directory():
    assert RULES.kinds["consulting_hours"] == "directory"
    assert POLICY.classify("consulting_hours", {"unit": "abh"}) == (None, "directory")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    user=users,
    before=st.one_of(st.none(), record_fields),
    after=st.one_of(st.none(), record_fields),
)
def test_who_may_write_and_read_consulting_hours_is_what_the_policy_says(user, before, after):
    if before is None and after is None:
        return
    kind = "consulting_hours"
    allowed = gate_agrees(POLICY, RULES, user, kind, before, after)
    # Only coordination's staff with sections write -- not the unit whose hours they are.
    assert allowed == (
        "coordination" in user.units
        and any("sections" in RULES.roles.get(r, ()) for r in user.roles)
    )
    world = World(RULES)
    for fields in (f for f in (before, after) if f is not None):
        assert world.may_read(user, Rec(kind, new_id(), dict(fields), False))  # every user reads


# --- through a real server ----------------------------------------------------------------------


def _hours(**kw) -> ConsultingHours:
    return ConsultingHours(
        **{
            "unit": "integration",
            "location": "dez_nebra",
            "kind": "decentral",
            "rrule": "FREQ=WEEKLY;BYDAY=TU",
            "valid_from": dt.date(2026, 1, 1),
            "exceptions": [dt.date(2026, 12, 22)],
            **kw,
        }
    )


def _push(dev, op, record_id, fields):
    answer = dev.push([dev.op("consulting_hours", record_id, op, fields)])
    assert answer.status_code == 200, answer.text
    return answer.json()["results"][0]


def _create(dev, record):
    fields = codec.encode(record)
    return _push(dev, "create", fields.pop("id"), fields)


def test_only_coordination_keeps_the_hours_and_every_user_reads_them(make_device):
    integration = make_device("int.user", roles=["caseworker"], units=["integration"])
    lead = make_device("lead.user", roles=["unit_lead"], units=["abh"])
    reception = make_device("rez.user", roles=["reception"], units=["reception"])
    admin = make_device("admin.user", roles=["administrator"], units=[])
    coordination = make_device("ko.user", roles=["coordination"], units=["coordination"])
    hours = _hours()
    # Not even the unit whose hours they are writes them (the directory is kept in one place).
    for dev in (integration, lead, reception, admin):
        refused = _create(dev, hours)
        assert refused["status"] == "rejected" and refused["reason"] == "forbidden", refused
        assert refused.get("record") is None
    assert _create(coordination, hours)["status"] == "applied"
    # Every user pulls them, offline use included.
    for dev in (integration, lead, reception, admin, coordination):
        got = [r for r in dev.pull_all() if r["kind"] == "consulting_hours"]
        assert [r["id"] for r in got] == [hours.id], dev
        assert got[0]["fields"]["exceptions"] in ('["2026-12-22"]', ["2026-12-22"])
    # An exception added by coordination applies; the same by the integration unit is refused.
    change = {"exceptions": '["2026-12-22","2026-12-29"]'}
    assert _push(integration, "update", hours.id, change)["status"] == "rejected"
    assert _push(coordination, "update", hours.id, change)["status"] == "applied"
    # A rule that does not parse is refused with the field named, as the dialog would.
    bad = _push(coordination, "update", hours.id, {"rrule": "FREQ=SOMETIMES"})
    assert bad["status"] == "rejected" and bad["reason"] == "invalid_value", bad
    assert "Regel" in bad["detail"]
    # Nor is a rule by the second (each display request would walk every second of it).
    bad = _push(coordination, "update", hours.id, {"rrule": "FREQ=SECONDLY"})
    assert bad["status"] == "rejected" and bad["reason"] == "invalid_value", bad
    assert "täglich, wöchentlich" in bad["detail"]
    # Deleting is the maintainers' too (the dialog deactivates instead).
    assert _push(integration, "delete", hours.id, {})["status"] == "rejected"
