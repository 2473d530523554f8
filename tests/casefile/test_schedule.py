"""The rule the maintainer's weekday boxes make, and the boxes an expert's rule shows (issue 19:
"hours as weekday checkboxes + from/to time generating the RRULE")."""

from hypothesis import given, strategies as st

from casefile import offer_text, schedule, validation
from casefile.records import OfferHours


def test_ticked_tuesday_and_thursday_read_as_people_say_them():
    rule = schedule.weekly_rule(["TH", "TU"])
    assert rule == "FREQ=WEEKLY;BYDAY=TU,TH"
    said = offer_text.hours_text(OfferHours(rule, "09:00", "12:00"))
    assert said == "dienstags und donnerstags, 9:00–12:00 Uhr"


def test_the_boxes_show_only_a_plain_weekly_rule():
    assert schedule.weekly_days("FREQ=WEEKLY;BYDAY=TH,TU") == ["TU", "TH"]
    assert schedule.weekly_days("RRULE:freq=weekly;byday=mo") == ["MO"]
    assert schedule.weekly_days("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU") is None
    assert schedule.weekly_days("FREQ=MONTHLY;BYDAY=1TU") is None
    assert schedule.weekly_days("kaputt") is None
    assert schedule.weekly_rule([]) == ""


@given(st.sets(st.sampled_from(schedule.DAYS), min_size=1))
def test_ticked_days_make_a_rule_that_parses_and_gives_the_same_days(days):
    rule = schedule.weekly_rule(days)
    assert validation.schedule_problem(rule) is None
    assert schedule.weekly_days(rule) == sorted(days, key=schedule.DAYS.index)
    said = offer_text.hours_text(OfferHours(rule, "09:00", "12:00"))
    assert said.endswith("9:00–12:00 Uhr") and "Regel" not in said
