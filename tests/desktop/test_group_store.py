"""Group sessions in the laptop's store (issue 20): planning a series with deterministic ids,
the saved list of a series, a household, and "Teilnahme erfassen": one transaction that
writes the session, every attendance and a group consultation in each present participant's
file -- or nothing at all, with a German message, when the sheet is wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from casefile import groups
from casefile.records import Client, GroupSession, HouseholdLink
from casefile.validation import ValidationError
from desktop.store import groups as store_groups, schema as t
from desktop.store.groups import GroupRefused

NOW = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
NOBODY = "00000000-0000-7000-8000-000000000000"  # a file this laptop does not hold
MERGED = "00000000-0000-7000-8000-111111111111"


def _people(store, n: int) -> list[str]:
    return [
        store.create_client(
            Client(f"Haddad{chr(65 + i)}", "Rami", birth_date=dt.date(1990, 1, 1 + i))
        )
        for i in range(n)
    ]


def _session(**kw) -> GroupSession:
    fields = dict(
        unit="integration",
        title="Wohnschulung",
        topic="housing",
        starts_at=NOW - dt.timedelta(hours=2),
        location="dez_nebra",
        duration_min=120,
        languages=["ar"],
        facilitator="k.wagner",
    )
    fields.update(kw)
    return groups.one_off(**fields)


def _count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_series_gets_ids_from_what_it_is_and_a_later_session_starts_from_the_saved_list(
    store,
):
    template = _session()
    starts = [NOW - dt.timedelta(days=14 - 7 * n) for n in range(4)]
    planned = groups.plan_series(template, starts)
    again = groups.plan_series(_session(), starts)
    assert [s.id for s in planned] == [s.id for s in again]  # another laptop: the same ids
    assert len({s.series_id for s in planned}) == 1 and planned[0].series_id
    assert [groups.series_label(s) for s in planned] == ["1/4", "2/4", "3/4", "4/4"]
    store_groups.plan(store, planned)
    store_groups.plan(store, again)  # the same plan again: nothing doubles
    assert _count(store, t.group_session) == 4
    people = _people(store, 3)
    store_groups.record_attendance(
        store,
        planned[0],
        [groups.SheetLine(c) for c in people],
        caseworker="k.wagner",
    )
    second = store_groups.get_session(store, planned[1].id)
    assert store_groups.saved_list(store, second) == people


def test_recording_writes_the_session_attendance_and_a_consultation_in_every_file(store):
    people = _people(store, 4)
    session = _session(mediator_name="Ghada Kurdi")
    store_groups.plan(store, [session])
    before = store.outbox_count()
    lines = [
        groups.SheetLine(people[0]),
        groups.SheetLine(people[1], "present", 1.5),
        groups.SheetLine(people[2], "excused"),
        groups.SheetLine(people[3], "absent"),
    ]
    store_groups.record_attendance(store, session, lines, caseworker="k.wagner", anonymous_count=2)
    # session update + 4 attendances + 2 consultations, in one go
    assert store.outbox_count() - before == 7
    held = store_groups.get_session(store, session.id)
    assert held.recorded and held.participant_ids == people and held.anonymous_count == 2
    for cid, minutes in ((people[0], 120), (people[1], 90)):
        entries = [e for e in store.timeline(cid) if e.kind == "consultation"]
        assert len(entries) == 1
        cons = entries[0].record
        assert cons.kind == "group" and cons.group_session_id == session.id
        assert cons.duration_min == minutes and cons.note == "Wohnschulung"
        assert cons.topics == ["housing"] and cons.mediator_name == "Ghada Kurdi"
        assert cons.language == "ar" and cons.mediator_used
    for cid in people[2:]:
        assert not [e for e in store.timeline(cid) if e.kind == "consultation"]
    rows = {p.client_id: p for p in store_groups.participants(store, held)}
    assert rows[people[2]].status == "excused" and rows[people[1]].hours == 1.5


def test_a_corrected_sheet_updates_and_withdraws_and_never_doubles(store):
    people = _people(store, 2)
    session = _session()
    store_groups.plan(store, [session])
    store_groups.record_attendance(
        store, session, [groups.SheetLine(c) for c in people], caseworker="k.wagner"
    )
    store_groups.record_attendance(
        store,
        session,
        [groups.SheetLine(people[0], "present", 1.0), groups.SheetLine(people[1], "absent")],
        caseworker="a.schneider",
    )
    first = [e.record for e in store.timeline(people[0]) if e.kind == "consultation"]
    assert len(first) == 1 and first[0].duration_min == 60
    assert first[0].caseworker == "k.wagner"  # who recorded first stays its author
    assert not [e for e in store.timeline(people[1]) if e.kind == "consultation"]
    # Present again: a new consultation (the withdrawn id is a tombstone for good).
    store_groups.record_attendance(
        store, session, [groups.SheetLine(c) for c in people], caseworker="k.wagner"
    )
    again = [e.record for e in store.timeline(people[1]) if e.kind == "consultation"]
    assert len(again) == 1
    assert _count(store, t.attendance) == 2


@pytest.mark.parametrize(
    "case, message",
    [
        ("nobody", "Bitte Teilnehmende"),
        ("unknown", "keine Akte"),
        ("hours", "Stunden zwischen 0 und der Dauer des Termins (2 Std.)"),
        ("negative", "Stunden zwischen 0"),
        ("ahead", "erst ab Beginn"),
    ],
)
def test_a_wrong_sheet_is_refused_in_german_and_nothing_is_saved(store, case, message):
    people = _people(store, 2)
    session = _session(starts_at=NOW + dt.timedelta(days=1)) if case == "ahead" else _session()
    store_groups.plan(store, [session])
    before = store.outbox_count()
    lines = {
        "nobody": [],
        "unknown": [groups.SheetLine(people[0]), groups.SheetLine(NOBODY)],
        "hours": [groups.SheetLine(people[0]), groups.SheetLine(people[1], "present", 2.5)],
        "negative": [groups.SheetLine(people[0], "present", -1)],
        "ahead": [groups.SheetLine(people[0])],
    }[case]
    with pytest.raises(GroupRefused) as refused:
        store_groups.record_attendance(store, session, lines, caseworker="k.wagner")
    assert any(message in e.message for e in refused.value.errors), refused.value.errors
    assert store.outbox_count() == before
    assert _count(store, t.attendance) == 0 and _count(store, t.consultation) == 0
    assert not store_groups.get_session(store, session.id).recorded


def test_a_session_with_anonymous_participants_only_is_fine(store):
    session = _session()
    store_groups.record_attendance(store, session, [], caseworker="k.wagner", anonymous_count=7)
    assert store_groups.get_session(store, session.id).anonymous_count == 7


def test_a_merged_away_file_counts_as_its_survivor_and_a_household_comes_whole(store):
    people = _people(store, 3)
    store.add_household_link(HouseholdLink(people[0], people[1], "child"), "parent")
    assert set(store_groups.household(store, people[0])) == {people[0], people[1]}
    with store.engine.begin() as conn:
        conn.execute(
            t.client_redirect.insert().values(
                old_id=MERGED, new_id=people[2], merge_id="", old_name="Alt"
            )
        )
    session = _session()
    files = store_groups.record_attendance(
        store,
        session,
        [groups.SheetLine(MERGED)],
        caseworker="k.wagner",
    )
    assert files == [people[2]]
    assert [e.kind for e in store.timeline(people[2])] == ["consultation"]


def test_a_plan_without_title_or_place_is_refused(store):
    bad = _session(title="", location="")
    with pytest.raises(ValidationError) as refused:
        store_groups.plan(store, [bad])
    assert {e.field for e in refused.value.errors} >= {"title", "location"}
    assert _count(store, t.group_session) == 0


def test_an_edit_writes_only_what_the_form_changed(store):
    session = _session(note="Raum 2")
    store_groups.plan(store, [session])
    # another laptop's change of the note arrived meanwhile
    store_groups.edit(store, session, dataclasses.replace(session, note="Raum 3"))
    form = dataclasses.replace(session, title="Wohnschulung für Familien")
    assert store_groups.edit(store, session, form) == ["title"]
    held = store_groups.get_session(store, session.id)
    assert (held.title, held.note) == ("Wohnschulung für Familien", "Raum 3")


def test_the_sheet_records_the_session_as_held_now(store):
    people = _people(store, 1)
    session = _session()
    store_groups.plan(store, [session])
    stale = dataclasses.replace(session)
    store_groups.edit(store, session, dataclasses.replace(session, title="Wohnschulung II"))
    store_groups.record_attendance(
        store, stale, [groups.SheetLine(people[0])], caseworker="k.wagner"
    )
    assert store_groups.get_session(store, session.id).title == "Wohnschulung II"
    [entry] = [e for e in store.timeline(people[0]) if e.kind == "consultation"]
    assert entry.record.note == "Wohnschulung II"


def test_the_topic_of_a_recorded_session_stays_as_its_attendances_were_recorded(store):
    """Attendances and consultations carry the topic they were recorded with, and are
    classified by it (a health session's are health data): a recorded session's topic is
    not changed under them."""
    people = _people(store, 1)
    session = _session()
    store_groups.plan(store, [session])
    store_groups.edit(store, session, dataclasses.replace(session, topic="health"))
    session = store_groups.get_session(store, session.id)
    store_groups.record_attendance(
        store, session, [groups.SheetLine(people[0])], caseworker="k.wagner"
    )
    recorded = store_groups.get_session(store, session.id)
    with pytest.raises(ValidationError) as err:
        store_groups.edit(store, recorded, dataclasses.replace(recorded, topic="housing"))
    assert "Thema" in err.value.errors[0].message
    assert store_groups.get_session(store, session.id).topic == "health"
    with store.engine.connect() as conn:
        assert conn.execute(select(t.attendance.c.topic)).scalars().all() == ["health"]
