"""An offer's opening hours in words (issue 19: "dienstags und donnerstags 9:00–12:00"), and the
rule the maintainer's weekday boxes make."""

from hypothesis import given, strategies as st

from casefile import schedule, validation
from casefile.records import OfferHours


def test_two_weekdays_with_their_times():
    hours = OfferHours("FREQ=WEEKLY;BYDAY=TU,TH", "09:00", "12:00")
    assert schedule.describe(hours) == "dienstags und donnerstags 9:00–12:00"


def test_a_run_of_weekdays_is_said_from_to():
    hours = OfferHours("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "08:00", "15:30")
    assert schedule.describe(hours) == "montags bis freitags 8:00–15:30"


def test_three_days_apart_are_listed():
    hours = OfferHours("RRULE:FREQ=WEEKLY;BYDAY=FR,MO,WE", "13:00", "16:00")
    assert schedule.describe(hours) == "montags, mittwochs und freitags 13:00–16:00"


def test_monthly_and_fortnightly_rules_an_expert_types():
    first_tuesday = OfferHours("FREQ=MONTHLY;BYDAY=1TU", "10:00", "12:00")
    assert schedule.describe(first_tuesday) == "jeden ersten Dienstag im Monat 10:00–12:00"
    last_friday = OfferHours("FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", "14:00", "16:00")
    assert schedule.describe(last_friday) == "jeden letzten Freitag im Monat 14:00–16:00"
    fortnight = OfferHours("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "09:00", "11:00")
    assert schedule.describe(fortnight) == "jede zweite Woche mittwochs 9:00–11:00"


def test_a_rule_not_said_simply_is_shown_as_it_is_with_the_note():
    hours = OfferHours("FREQ=YEARLY;BYMONTH=3", "09:00", "12:00", note="Frühjahrskurs")
    assert schedule.describe(hours) == (
        "nach Regel FREQ=YEARLY;BYMONTH=3 9:00–12:00 (Frühjahrskurs)"
    )


def test_appointment_only_comes_last():
    lines = schedule.describe_all([OfferHours("FREQ=WEEKLY;BYDAY=MO", "09:00", "12:00")], True)
    assert lines == ["montags 9:00–12:00", "nur nach Terminvereinbarung"]
    assert schedule.describe_all([], True) == ["nur nach Terminvereinbarung"]


def test_the_boxes_show_only_a_plain_weekly_rule():
    assert schedule.weekly_days("FREQ=WEEKLY;BYDAY=TH,TU") == ["TU", "TH"]
    assert schedule.weekly_days("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU") is None
    assert schedule.weekly_days("FREQ=MONTHLY;BYDAY=1TU") is None
    assert schedule.weekly_days("kaputt") is None
    assert schedule.weekly_rule([]) == ""


@given(st.sets(st.sampled_from(schedule.DAYS), min_size=1))
def test_ticked_days_make_a_rule_that_parses_and_gives_the_same_days(days):
    rule = schedule.weekly_rule(days)
    assert validation.schedule_problem(rule) is None
    assert schedule.weekly_days(rule) == sorted(days, key=schedule.DAYS.index)
    said = schedule.describe(OfferHours(rule, "09:00", "12:00"))
    assert said.endswith("9:00–12:00") and "Regel" not in said
