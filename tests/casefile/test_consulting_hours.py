"""Consulting hours: the days of a record against a brute-force day-by-day oracle written from
the RRULE semantics (RFC 5545) and the module's definition -- not from dateutil; today's
location of a unit; the validation; the words."""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from casefile import validation, wire
from casefile.consulting_hours import (
    cancelled,
    days_of,
    describe,
    occurrences,
    rule_days,
    today_location,
)
from casefile.records import ConsultingHours
from demodata.consulting_hours import demo_records

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


# --- the oracle: one day at a time ---------------------------------------------------------------


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _months(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _nth(d: dt.date) -> tuple[int, int]:
    """(n-th such weekday of its month from the start, from the end: -1 = last)."""
    last = calendar.monthrange(d.year, d.month)[1]
    return (d.day - 1) // 7 + 1, -((last - d.day) // 7 + 1)


def rule_gives(spec: dict, start: dt.date, d: dt.date) -> bool:
    """Whether the rule *spec* (a dict of the few forms the strategy draws) anchored at *start*
    gives day *d*: FREQ=DAILY;INTERVAL=n | WEEKLY;INTERVAL=n[;BYDAY=..] (weeks begin on Monday,
    WKST=MO; without BYDAY the start's weekday) | MONTHLY;BYDAY=[n]XX (n-th, -1 last) |
    MONTHLY;BYMONTHDAY=n. Days before the start never count."""
    if d < start:
        return False
    freq, interval = spec["freq"], spec.get("interval", 1)
    if freq == "DAILY":
        return (d - start).days % interval == 0
    if freq == "WEEKLY":
        weeks = (_monday(d) - _monday(start)).days // 7
        days = spec.get("byday") or [DAYS[start.weekday()]]
        return weeks % interval == 0 and DAYS[d.weekday()] in days
    if freq == "MONTHLY" and "bymonthday" in spec:
        return d.day == spec["bymonthday"]
    if freq == "MONTHLY":
        first, last = _nth(d)
        return any(DAYS[d.weekday()] == day and n in (first, last) for n, day in spec["bynthday"])
    raise AssertionError(spec)


def oracle_days(h: ConsultingHours, spec: dict | None, first: dt.date, last: dt.date) -> list:
    out = []
    d = first
    while d <= last:
        ruled = (
            spec is not None
            and h.valid_from is not None
            and h.valid_from <= d
            and (h.valid_until is None or d <= h.valid_until)
            and rule_gives(spec, h.valid_from, d)
        )
        if h.active and d not in h.exceptions and (ruled or d in h.extra_dates):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def rrule_of(spec: dict) -> str:
    parts = [f"FREQ={spec['freq']}"]
    if spec.get("interval", 1) != 1:
        parts.append(f"INTERVAL={spec['interval']}")
    if spec.get("byday"):
        parts.append("BYDAY=" + ",".join(spec["byday"]))
    if spec.get("bynthday"):
        parts.append("BYDAY=" + ",".join(f"{n}{day}" for n, day in spec["bynthday"]))
    if "bymonthday" in spec:
        parts.append(f"BYMONTHDAY={spec['bymonthday']}")
    return ";".join(parts)


# --- strategies --------------------------------------------------------------------------------

BASE = dt.date(2025, 1, 1)
dates = st.integers(0, 900).map(lambda n: BASE + dt.timedelta(days=n))
weekdays = st.lists(st.sampled_from(DAYS), min_size=1, max_size=4, unique=True)
specs = st.one_of(
    st.fixed_dictionaries({"freq": st.just("DAILY"), "interval": st.integers(1, 5)}),
    st.fixed_dictionaries(
        {"freq": st.just("WEEKLY"), "interval": st.integers(1, 3), "byday": weekdays}
    ),
    st.fixed_dictionaries({"freq": st.just("WEEKLY"), "interval": st.integers(1, 3)}),
    st.fixed_dictionaries(
        {
            "freq": st.just("MONTHLY"),
            "bynthday": st.lists(
                st.tuples(st.sampled_from([1, 2, 3, 4, -1]), st.sampled_from(DAYS)),
                min_size=1,
                max_size=2,
                unique=True,
            ),
        }
    ),
    st.fixed_dictionaries({"freq": st.just("MONTHLY"), "bymonthday": st.integers(1, 28)}),
)


@st.composite
def hours_and_range(draw):
    spec = draw(st.one_of(st.none(), specs))
    valid_from = draw(dates)
    valid_until = draw(st.one_of(st.none(), dates.filter(lambda d: d >= valid_from)))
    first = draw(dates)
    last = first + dt.timedelta(days=draw(st.integers(0, 120)))
    window = st.integers(-30, 150).map(lambda n: first + dt.timedelta(days=n))
    h = ConsultingHours(
        unit="integration",
        location="dez_nebra",
        kind="decentral",
        rrule=rrule_of(spec) if spec else "",
        valid_from=valid_from,
        valid_until=valid_until,
        exceptions=draw(st.lists(window, max_size=6, unique=True)),
        extra_dates=draw(st.lists(window, max_size=4, unique=True)),
        active=draw(st.booleans()) or draw(st.booleans()),
    )
    return h, spec, first, last


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=hours_and_range())
def test_the_days_are_those_a_day_by_day_check_finds(case):
    h, spec, first, last = case
    assert days_of(h, first, last) == oracle_days(h, spec, first, last), (h.rrule, h)


@settings(max_examples=100, deadline=None)
@given(case=hours_and_range(), split=st.integers(0, 120))
def test_a_range_is_the_union_of_its_parts(case, split):
    h, _spec, first, last = case
    middle = min(last, first + dt.timedelta(days=split))
    parts = days_of(h, first, middle) + days_of(h, middle + dt.timedelta(days=1), last)
    assert parts == days_of(h, first, last)


@settings(max_examples=100, deadline=None)
@given(case=hours_and_range())
def test_a_cancelled_day_is_one_the_rule_or_an_extra_date_would_give(case):
    h, spec, first, last = case
    without = ConsultingHours(**{**h.__dict__, "exceptions": []})
    possible = set(oracle_days(without, spec, first, last))
    got = {o.day for o in cancelled([h], first, last)}
    assert got == (possible & set(h.exceptions) if h.active else set())


# --- examples ------------------------------------------------------------------------------------


def _h(**kw) -> ConsultingHours:
    base = {
        "unit": "integration",
        "location": "lra_naumburg",
        "kind": "walk_in",
        "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "valid_from": dt.date(2026, 1, 1),
    }
    return ConsultingHours(**{**base, **kw})


TUESDAY = dt.date(2026, 12, 8)


def test_a_units_decentral_hours_come_before_its_walk_in_hours():
    hours = [_h(), _h(location="dez_nebra", kind="decentral", rrule="FREQ=WEEKLY;BYDAY=TU")]
    assert today_location(hours, ["integration"], TUESDAY) == "dez_nebra"
    assert today_location(hours, ["integration"], TUESDAY + dt.timedelta(days=1)) == (
        "lra_naumburg"
    )
    # Cancelled in Nebra that Tuesday: the office again.
    hours[1].exceptions = [TUESDAY]
    assert today_location(hours, ["integration"], TUESDAY) == "lra_naumburg"
    # Phone hours place nobody; other units' hours do not count; Sunday: nowhere.
    phone = _h(unit="abh", location="phone", kind="phone")
    assert today_location([phone], ["abh"], TUESDAY) is None
    assert today_location(hours, ["jobcenter"], TUESDAY) is None
    assert today_location(hours, ["integration"], dt.date(2026, 12, 13)) is None


def test_my_unit_comes_first_among_my_units():
    hours = [
        _h(unit="abh", location="lra_zeitz", rrule="FREQ=WEEKLY;BYDAY=TU"),
        _h(unit="integration", location="lra_weissenfels", rrule="FREQ=WEEKLY;BYDAY=TU"),
    ]
    assert today_location(hours, ["integration", "abh"], TUESDAY) == "lra_weissenfels"
    assert today_location(hours, ["abh", "integration"], TUESDAY) == "lra_zeitz"
    assert today_location(hours, "abh", TUESDAY) == "lra_zeitz"


def test_the_demo_county_holds_integration_in_nebra_on_tuesdays():
    today = dt.date(2026, 12, 1)  # a Tuesday
    hours = demo_records(today)
    assert today_location(hours, ["integration"], today) == "dez_nebra"
    # Thursday: walk-in hours in Naumburg and in Zeitz; the user's usual site decides.
    thursday = today + dt.timedelta(days=2)
    assert today_location(hours, ["integration"], thursday, usual="lra_zeitz") == "lra_zeitz"
    assert today_location(hours, ["integration"], thursday, "lra_naumburg") == "lra_naumburg"
    # Two weeks on, Nebra's hall is taken: the hours move to the Thursday.
    moved = today + dt.timedelta(days=14)
    assert today_location(hours, ["integration"], moved) == "lra_naumburg"
    nebra = [
        o.day
        for o in occurrences(hours, today, today + dt.timedelta(days=20))
        if o.hours.location == "dez_nebra"
    ]
    assert moved not in nebra and moved + dt.timedelta(days=2) in nebra
    # Christmas Eve: nobody holds hours anywhere.
    assert occurrences(hours, dt.date(2026, 12, 24), dt.date(2026, 12, 24)) == []
    for h in hours:
        assert validation.validate(h, today) == [], h


def test_bad_hours_get_a_german_message_per_field():
    errors = validation.validate(
        _h(rrule="", opens="12:00", closes="09:00", valid_from=None, kind="x", location="")
    )
    by_field = {e.field: e.message for e in errors}
    assert by_field["rrule"] == "Bitte Wochentage (oder eine Regel) oder einzelne Termine angeben."
    assert by_field["closes"] == "Uhrzeiten bitte als HH:MM, das Ende nach dem Beginn."
    assert by_field["valid_from"] == "Bitte ausfüllen."
    assert by_field["location"] == "Bitte ausfüllen."
    assert "x" in by_field["kind"]
    bad_rule = validation.validate(_h(rrule="FREQ=SOMETIMES"))
    assert [e.field for e in bad_rule] == ["rrule"]
    assert bad_rule[0].message.startswith("Die Regel lässt sich nicht lesen")
    ended = validation.validate(_h(valid_until=dt.date(2025, 12, 31)))
    assert [(e.field, e.code) for e in ended] == [("valid_until", "end_before_start")]
    # Single dates alone are hours too.
    assert validation.validate(_h(rrule="", extra_dates=[TUESDAY])) == []


def test_the_wire_refuses_dates_that_are_not_dates():
    ok = {
        "unit": "integration",
        "location": "dez_nebra",
        "kind": "decentral",
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
        "opens": "09:00",
        "closes": "12:00",
        "valid_from": "2026-01-01",
        "exceptions": '["2026-12-24"]',
        "extra_dates": [],
    }
    assert wire.check_fields("consulting_hours", None, ok) == []
    bad = wire.check_fields("consulting_hours", None, {**ok, "exceptions": '["24.12.2026"]'})
    assert [(e.field, e.code) for e in bad] == [("exceptions", "invalid_value")]
    assert "Ausfälle" in wire.german_reason(bad)


def test_the_words_say_rule_times_validity_exceptions_and_extra_dates():
    h = _h(
        rrule="FREQ=WEEKLY;BYDAY=TU",
        opens="09:00",
        closes="12:00",
        valid_from=dt.date(2027, 1, 5),
        exceptions=[dt.date(2027, 2, 9)],
        extra_dates=[dt.date(2027, 2, 11)],
        note="im Bürgerhaus",
    )
    assert describe(h, dt.date(2026, 12, 1)) == (
        "dienstags, 9:00–12:00 Uhr; ab 05.01.2027; nicht am 09.02.2027; "
        "zusätzlich am 11.02.2027; im Bürgerhaus"
    )
    # Past exceptions say nothing any more.
    assert describe(h, dt.date(2027, 3, 1)) == "dienstags, 9:00–12:00 Uhr; im Bürgerhaus"
    monthly = _h(rrule="FREQ=MONTHLY;BYDAY=1MO", valid_until=dt.date(2027, 6, 30))
    assert describe(monthly, dt.date(2026, 12, 1)).startswith(
        "jeden 1. Montag im Monat, 9:00–12:00 Uhr; 01.01.2026 bis 30.06.2027"
    )


UNITS = ("integration", "abh", "jobcenter")
PLACES = ("lra_naumburg", "lra_zeitz", "dez_nebra", "dez_luetzen", "phone")


@st.composite
def a_county(draw):
    out = []
    for _ in range(draw(st.integers(0, 6))):
        out.append(
            ConsultingHours(
                unit=draw(st.sampled_from(UNITS)),
                location=draw(st.sampled_from(PLACES)),
                kind=draw(st.sampled_from(["walk_in", "decentral", "phone"])),
                rrule=rrule_of(draw(specs)),
                opens=draw(st.sampled_from(["08:00", "09:00", "13:00"])),
                closes="17:00",
                valid_from=BASE,
                exceptions=draw(st.lists(dates, max_size=3)),
                active=draw(st.booleans()),
            )
        )
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    hours=a_county(),
    units=st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True),
    day=dates,
    usual=st.sampled_from(PLACES),
)
def test_todays_location_is_the_first_of_the_days_hours_in_the_stated_order(
    hours, units, day, usual
):
    """The oracle: every hour of the user's units held that day (day by day, as above) that
    places somebody, ordered decentral before walk-in, then by the order of the units, the
    usual place first, then the start."""
    held = [
        h
        for h in hours
        if h.unit in units
        and h.kind in ("decentral", "walk_in")
        and oracle_days(h, _spec_of(h.rrule), day, day)
    ]
    expected = min(
        held,
        key=lambda h: (
            h.kind != "decentral",
            units.index(h.unit),
            h.location != usual,
            h.opens,
            h.location,
        ),
        default=None,
    )
    got = today_location(hours, units, day, usual)
    assert got == (expected.location if expected else None)


def _spec_of(rrule: str) -> dict:
    """The strategy's spec back from its rule text (the forms rrule_of writes)."""
    parts = dict(p.split("=") for p in rrule.split(";"))
    spec: dict = {"freq": parts["FREQ"], "interval": int(parts.get("INTERVAL", 1))}
    if "BYMONTHDAY" in parts:
        spec["bymonthday"] = int(parts["BYMONTHDAY"])
    elif "BYDAY" in parts and parts["FREQ"] == "MONTHLY":
        spec["bynthday"] = [(int(d[:-2]), d[-2:]) for d in parts["BYDAY"].split(",")]
    elif "BYDAY" in parts:
        spec["byday"] = parts["BYDAY"].split(",")
    return spec


# --- hostile rules (the waiting-room display and the web page compute them per request) -------


def test_a_rule_by_the_hour_minute_or_second_is_refused_and_gives_no_day():
    """A consulting hour is held on days. FREQ=SECONDLY made every display request walk every
    second since the rule's first day (71 s for a fortnight anchored at New Year)."""
    import time

    from sync_server.consulting_hours import display_days

    for rule in (
        "FREQ=SECONDLY",
        "FREQ=MINUTELY;BYDAY=TU",
        "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=WEEKLY;BYDAY=TU\nRRULE:FREQ=SECONDLY",
        "FREQ=WEEKLY;BYDAY=" + ",".join(["TU"] * 300),
    ):
        errors = validation.validate(_h(rrule=rule))
        assert [e.field for e in errors] == ["rrule"], rule
        assert errors[0].message.startswith("Die Regel lässt sich nicht lesen"), rule
        # One stored before (or by a path that does not check) shows no day, at once.
        start = time.perf_counter()
        assert display_days([_h(rrule=rule)], "lra_naumburg", TUESDAY) == []
        assert rule_days(_h(rrule=rule), TUESDAY, TUESDAY + dt.timedelta(days=13)) == set()
        assert time.perf_counter() - start < 1.0, rule
    # A plain daily rule is a consulting hour's rule.
    assert validation.validate(_h(rrule="FREQ=DAILY;INTERVAL=2")) == []


def test_a_rule_that_never_holds_is_walked_to_its_end_once_not_on_every_request():
    """The 30th of February: dateutil walks every day up to the year 9999 before it says
    there is none (seconds); a page that asks again must not pay that again."""
    import time

    never = _h(rrule="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", valid_from=dt.date(2026, 1, 2))
    assert rule_days(never, TUESDAY, TUESDAY + dt.timedelta(days=13)) == set()
    start = time.perf_counter()
    for n in range(20):
        day = TUESDAY + dt.timedelta(days=n)
        assert rule_days(never, day, day + dt.timedelta(days=13)) == set()
    assert time.perf_counter() - start < 1.0
