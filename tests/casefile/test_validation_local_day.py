"""A moment is in the future by its local day, as "today" is (casefile.validation): an aware
time whose UTC date is already tomorrow's is today's where the office is west of UTC (20:30 in
New York is 01:30 UTC of the next day) -- reception must be able to issue a ticket then, a
caseworker to record a consultation."""

from __future__ import annotations

import datetime as dt

from casefile.records import WalkInTicket
from casefile.validation import validate_walk_in_ticket


def _ticket(arrived: dt.datetime) -> WalkInTicket:
    local = arrived.astimezone()
    return WalkInTicket(
        location="lra_naumburg",
        day=local.date(),
        number="A-001",
        arrived_at=arrived,
        concern="aufenthalt",
        unit="abh",
    )


def _codes(ticket: WalkInTicket, today: dt.date) -> set[str]:
    return {e.code for e in validate_walk_in_ticket(ticket, today) if e.field == "arrived_at"}


def test_an_evening_arrival_west_of_utc_is_today(local_zone):
    local_zone("<EST>+5")
    evening = dt.datetime(2026, 12, 7, 1, 30, tzinfo=dt.UTC)  # 20:30 on the 6th in New York
    assert "future_date" not in _codes(_ticket(evening), dt.date(2026, 12, 6))


def test_an_arrival_after_local_midnight_is_tomorrow(local_zone):
    local_zone("<EST>+5")
    after_midnight = dt.datetime(2026, 12, 7, 5, 30, tzinfo=dt.UTC)  # 00:30 on the 7th there
    assert "future_date" in _codes(_ticket(after_midnight), dt.date(2026, 12, 6))


def test_east_of_utc_an_early_arrival_is_today(local_zone):
    local_zone("<CET>-1")  # UTC+1
    early = dt.datetime(2026, 12, 5, 23, 30, tzinfo=dt.UTC)  # 00:30 on the 6th in Berlin
    assert "future_date" not in _codes(_ticket(early), dt.date(2026, 12, 6))
    late = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)  # 00:30 on the 7th
    assert "future_date" in _codes(_ticket(late), dt.date(2026, 12, 6))
