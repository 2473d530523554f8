"""Two facilitators record the same group session offline, each on a laptop (issue 20, "Bad
input": "one session, no double entries in anyone's file"). A real server process; both
laptops plan the session (the same deterministic ids), take the attendance while the server
is down, with sheets that differ in one person and one note; back online, the server holds
ONE session, one attendance per participant and one group consultation in each file --
merged field by field -- and both laptops agree on it."""

from __future__ import annotations

import datetime as dt

import pytest

from casefile import groups
from desktop.store import groups as store_groups, schema as t
from tests.desktop.group_laptops import Laptop, make_server, people, wohnschulung

pytestmark = pytest.mark.usefixtures("quick_kdf", "ring")

USERS = (
    ("k.wagner", "caseworker", "integration", "Katrin Wagner"),
    ("a.schneider", "caseworker", "integration", "Anna Schneider"),
)


def test_two_facilitators_offline_make_one_session_and_no_double_entries(tmp_path, monkeypatch):
    from desktop.sync.errors import Offline

    server = make_server(tmp_path, monkeypatch, USERS)
    clients = people(5)
    with server.up() as (base, _proc):
        first = Laptop(base, "k.wagner", tmp_path)
        second = Laptop(base, "a.schneider", tmp_path)
        for c in clients:
            first.store.create_client(c)
        first.sync()
        second.sync()
    with pytest.raises(Offline):
        first.sync()
    # Offline, both plan and record the same evening (the other did not tell them); the
    # second sheet, written later, has other hours for one person and another count.
    start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(hours=3)
    ids = [c.id for c in clients]
    for laptop, hours, anonymous in ((first, None, 1), (second, 1.5, 2)):
        session = wohnschulung(start, facilitator=laptop.user)
        store_groups.plan(laptop.store, [session])
        lines = [groups.SheetLine(c, "present", hours if c == ids[0] else None) for c in ids]
        lines[4].status = "excused"
        store_groups.record_attendance(
            laptop.store, session, lines, caseworker=laptop.user, anonymous_count=anonymous
        )
    with server.up():
        first.sync()
        second.sync()
        first.sync()
    for laptop in (first, second):
        assert laptop.count(t.group_session) == 1
        assert laptop.count(t.attendance) == 5
        for cid in ids[:4]:
            entries = [e for e in laptop.store.timeline(cid) if e.kind == "consultation"]
            assert len(entries) == 1, (laptop.user, cid)
        assert not [e for e in laptop.store.timeline(ids[4]) if e.kind == "consultation"]
        held = store_groups.get_session(laptop.store, session.id)
        assert held.anonymous_count == 2  # the later write won, field by field
        got = {a.client_id: a for a in store_groups.attendance_of(laptop.store, session.id)}
        assert got[ids[0]].hours == 1.5
        first_file = [e.record for e in laptop.store.timeline(ids[0])]
        assert first_file[0].duration_min == 90
    assert store_groups.get_session(first.store, session.id) == store_groups.get_session(
        second.store, session.id
    )


def test_sheets_that_disagree_on_a_person_are_settled_by_recording_again(tmp_path, monkeypatch):
    """One facilitator marks a person present, the other (later) excused: the attendance
    says excused (the later write), the first's consultation is still in the file -- until
    either records the sheet again, which takes that consultation back everywhere."""
    from desktop.sync.errors import Offline

    server = make_server(tmp_path, monkeypatch, USERS)
    clients = people(2)
    with server.up() as (base, _proc):
        first = Laptop(base, "k.wagner", tmp_path)
        second = Laptop(base, "a.schneider", tmp_path)
        for c in clients:
            first.store.create_client(c)
        first.sync()
        second.sync()
    with pytest.raises(Offline):
        first.sync()
    start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(hours=3)
    ids = [c.id for c in clients]
    for laptop, status in ((first, "present"), (second, "excused")):
        session = wohnschulung(start, facilitator=laptop.user)
        lines = [groups.SheetLine(ids[0]), groups.SheetLine(ids[1], status)]
        store_groups.record_attendance(laptop.store, session, lines, caseworker=laptop.user)
    with server.up():
        first.sync()
        second.sync()
        held = store_groups.get_session(second.store, session.id)
        lines = [
            groups.SheetLine(a.client_id, a.status, a.hours)
            for a in store_groups.attendance_of(second.store, session.id)
        ]
        store_groups.record_attendance(second.store, held, lines, caseworker=second.user)
        second.sync()
        first.sync()
    for laptop in (first, second):
        assert not [e for e in laptop.store.timeline(ids[1]) if e.kind == "consultation"]
        assert len([e for e in laptop.store.timeline(ids[0]) if e.kind == "consultation"]) == 1
