"""Consulting hours between laptops through a real server (issue 20): coordination keeps them on
its laptop, every other laptop receives them with its next sync and takes its default place of
the day from them; a laptop of another unit that writes them anyway is refused and the refusal
is listed for a person."""

from __future__ import annotations

import datetime as dt

from casefile.records import ConsultingHours
from desktop.store import consulting_hours as hours_store
from desktop.sync import state

TUESDAY = dt.date(2026, 12, 8)


def test_hours_kept_by_coordination_reach_every_laptop_and_others_are_refused(make_device):
    coord = make_device("coordination", user="k.koord", units=["coordination"])
    field = make_device("field", user="i.integration", units=["integration"])
    hours = ConsultingHours(
        unit="integration",
        location="dez_nebra",
        kind="decentral",
        rrule="FREQ=WEEKLY;BYDAY=TU",
        valid_from=dt.date(2026, 1, 6),
    )
    hours_store.save(coord.store, hours)
    coord.sync()
    field.sync()
    assert hours_store.load(field.store) == [hours]
    assert hours_store.today_location(field.store, ["integration"], TUESDAY) == "dez_nebra"

    # Coordination cancels that Tuesday: only the exceptions travel, the field laptop follows.
    seen = hours_store.snapshot(coord.store, hours.id)
    edited = seen.record
    edited.exceptions = [TUESDAY]
    assert hours_store.save(coord.store, edited, seen) == ["exceptions"]
    coord.sync()
    field.sync()
    assert hours_store.load(field.store)[0].exceptions == [TUESDAY]
    assert hours_store.today_location(field.store, ["integration"], TUESDAY) is None

    # The integration unit's own laptop may not keep them: refused, listed, not applied.
    mine = ConsultingHours(
        unit="integration",
        location="dez_luetzen",
        kind="decentral",
        rrule="FREQ=WEEKLY;BYDAY=WE",
        valid_from=dt.date(2026, 1, 7),
    )
    hours_store.save(field.store, mine)
    field.sync()
    refused = [r for r in state.rejections(field.store.engine) if r.record_id == mine.id]
    assert [r.reason for r in refused] == ["forbidden"]
    coord.sync()
    assert [h.id for h in hours_store.load(coord.store)] == [hours.id]
