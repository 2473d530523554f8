"""The walk-in queue's rules (casefile/queue.py), tested from the rules file
(resources/queue/rules.toml) and its comments: effective wait = minutes since arrival plus the
priorities' bonus minutes; the longest effective wait first, then arrival, then number; a
ticket's light by its real wait and its unit's limits; the first matching route; prefixes and
numbers that never clash."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from hypothesis import given, strategies as st

from casefile import catalogs, queue
from resources import path as resource_path

RULES_FILE = tomllib.loads(resource_path("queue", "rules.toml").read_text(encoding="utf-8"))
BONUS = RULES_FILE["priority_minutes"]
NOW = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)
PRIORITIES = sorted(catalogs.load("walk_in_priority").codes)


def ticket(minutes_ago: float, number: str = "A-001", priority=(), unit="abh", status="waiting"):
    return {
        "arrived_at": (NOW - dt.timedelta(minutes=minutes_ago)).isoformat(),
        "number": number,
        "priority": list(priority),
        "unit": unit,
        "status": status,
    }


def spec_key(t):
    """The order as the rules file words it."""
    waited = (NOW - dt.datetime.fromisoformat(t["arrived_at"])).total_seconds() / 60
    effective = waited + sum(BONUS.get(p, 0) for p in set(t["priority"]))
    return (-effective, dt.datetime.fromisoformat(t["arrived_at"]), t["number"])


@given(
    st.lists(
        st.tuples(
            st.integers(0, 240),
            st.lists(st.sampled_from(PRIORITIES), max_size=3),
            st.integers(1, 999),
        ),
        max_size=30,
    )
)
def test_the_order_is_the_rules_files_effective_wait(items):
    tickets = [ticket(m, f"A-{n:03d}", p) for m, p, n in items]
    assert [spec_key(t) for t in queue.order(tickets, NOW)] == sorted(map(spec_key, tickets))


def test_a_priority_moves_forward_but_never_starves_the_others():
    deadline = ticket(5, "A-002", ["deadline_today"])
    waited_long = ticket(5 + BONUS["deadline_today"] + 1, "A-001")
    waited_less = ticket(5 + BONUS["deadline_today"] - 1, "A-003")
    assert queue.order([waited_less, deadline, waited_long], NOW) == [
        waited_long,
        deadline,
        waited_less,
    ]


def test_next_ticket_takes_only_waiting_tickets_of_the_callers_units():
    tickets = [
        ticket(90, "A-001", unit="jobcenter"),
        ticket(80, "A-002", status="called"),
        ticket(70, "A-003", status="missed"),
        ticket(10, "A-004"),
    ]
    assert queue.next_ticket(tickets, ["abh"], NOW)["number"] == "A-004"
    assert queue.next_ticket(tickets, ["asylblg"], NOW) is None


def test_the_light_follows_the_units_limits():
    default, abh = RULES_FILE["light"], RULES_FILE["light"]["units"]["abh"]
    assert queue.light(ticket(default["yellow"] - 1, unit="jobcenter"), NOW) == "green"
    assert queue.light(ticket(default["yellow"], unit="jobcenter"), NOW) == "yellow"
    assert queue.light(ticket(default["red"], unit="jobcenter"), NOW) == "red"
    assert queue.light(ticket(default["red"], unit="abh"), NOW) == (
        "red" if default["red"] >= abh["red"] else "yellow"
    )
    # priority minutes do not colour a ticket: the light is the real wait
    assert queue.light(ticket(1, priority=["appointment"], unit="jobcenter"), NOW) == "green"


@pytest.mark.parametrize(
    "concern,group,status,unit",
    [
        ("benefits", "asylum_seeker", None, "asylblg"),
        ("benefits", "protection_ukraine", None, "jobcenter"),
        ("benefits", "third_country", "residence_permit", "jobcenter"),
        ("benefits", "third_country", "toleration", "asylblg"),
        ("benefits", "third_country", None, "asylblg"),  # status unknown/not readable: skipped
        ("work", "asylum_seeker", None, "employment_agency"),
        ("work", None, None, "jobcenter"),
        ("residence", None, None, "abh"),
    ],
)
def test_routing_takes_the_first_matching_route(concern, group, status, unit):
    s = queue.suggest(concern, group, status)
    assert s is not None and s.unit == unit and s.why


def test_every_concern_can_always_be_routed():
    for concern in catalogs.load("walk_in_concern").codes:
        assert queue.suggest(concern) is not None, concern


@pytest.mark.parametrize(
    "bad,words",
    [
        ({"priority_minutes": {"vip": 10}}, "unbekannte Priorität"),
        ({"priority_minutes": {"children": -1}}, "Minuten"),
        ({"light": {"yellow": 50, "red": 10}}, "red"),
        ({"route": [{"concern": "benefits", "unit": "nowhere", "why": ""}]}, "[[route]] Nr. 1"),
        ({"route": []}, "kein Weg ohne Bedingung"),
    ],
)
def test_a_broken_rules_file_is_refused_in_german(bad, words):
    data = {**RULES_FILE, **bad}
    with pytest.raises(queue.RulesError) as e:
        queue.Rules.from_dict(data, "test.toml")
    assert words in str(e.value) and "test.toml" in str(e.value)


def test_prefixes_run_a_to_z_then_two_letters_and_never_repeat():
    assert [queue.prefix_for(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
    seen = [queue.prefix_for(i) for i in range(5000)]
    assert len(set(seen)) == len(seen)


@given(st.integers(0, 17_575), st.integers(1, 999))
def test_a_number_carries_its_prefix(index, count):
    prefix = queue.prefix_for(index)
    assert queue.number_prefix(queue.number_text(prefix, count)) == prefix


@pytest.mark.parametrize(
    "bad", ["A017", "a-017", "A-17", "A-000", "ABCD-001", "Ä-001", "A-0017", ""]
)
def test_malformed_numbers_have_no_prefix(bad):
    assert queue.number_prefix(bad) is None


def test_a_done_ticket_goes_nowhere_and_a_new_one_waits():
    assert queue.may_move(None, "waiting") and not queue.may_move(None, "called")
    assert not any(queue.may_move("done", s) for s in queue.TRANSITIONS if s != "done")
    assert queue.may_move("missed", "called") and queue.may_move("called", "in_service")


def test_a_transfer_goes_back_to_waiting_in_another_units_queue_from_service_too():
    served = {"status": "in_service", "unit": "abh"}
    assert queue.may_change(served, {"status": "waiting", "unit": "asylblg"})
    assert not queue.may_change(served, {"status": "waiting", "unit": "abh"})  # no transfer
    assert not queue.may_change(
        {"status": "done", "unit": "abh"}, {"status": "waiting", "unit": "asylblg"}
    )
    assert queue.may_change(None, {"status": "waiting", "unit": "abh"})
    assert not queue.may_change(None, {"status": "called", "unit": "abh"})
