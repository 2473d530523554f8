"""Walk-in tickets on the laptop (desktop/store/tickets.py), against the real server app:
numbers from the device's own range (offline too), every step with its phase row, the call
only through the server, a stale step refused, the day's queue in the server's order."""

from __future__ import annotations

import datetime as dt

import pytest

from casefile import queue
from desktop.store import tickets
from tests.desktop.harness import new_client

NAUMBURG = "lra_naumburg"


@pytest.fixture
def desk(make_device):
    dev = make_device("empfang-pc", user="n.schulz", units=["reception"], roles=("reception",))
    dev.sync()
    tickets.set_prefix(dev.store, dev.client.ticket_prefix())
    return dev


def issue(dev, **kw):
    args = {"location": NAUMBURG, "concern": "residence", "unit": "abh", "staff": "n.schulz"}
    args.update(kw)
    return tickets.issue(dev.store, **args)


def test_without_a_range_no_ticket_is_numbered(make_device):
    dev = make_device("neu", user="n.schulz", units=["reception"], roles=("reception",))
    with pytest.raises(tickets.NoPrefix):
        issue(dev)


def test_numbers_count_per_day_from_the_devices_own_prefix(desk, make_device):
    other = make_device("empfang-2", user="s.fischer", units=["reception"], roles=("reception",))
    tickets.set_prefix(other.store, other.client.ticket_prefix())
    mine = [issue(desk).number for _ in range(3)]
    theirs = issue(other).number
    p = tickets.prefix(desk.store)
    assert mine == [f"{p}-001", f"{p}-002", f"{p}-003"]
    assert queue.number_prefix(theirs) != p
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert issue(desk, now=tomorrow).number == f"{p}-001"


def test_tickets_issued_offline_sync_later_and_reach_the_units_staff(desk, make_device):
    issued = [issue(desk, concern="benefits", unit="asylblg") for _ in range(2)]  # not synced yet
    desk.sync()
    staff = make_device("abh-pc", user="s.fischer", units=["asylblg"])
    staff.sync()
    seen = tickets.today(staff.store, NAUMBURG)
    assert [v.ticket.number for v in seen] == [t.number for t in issued]
    assert all(v.phases and v.phases[0].phase == "waiting" for v in seen)


def test_a_call_goes_through_the_server_and_every_step_leaves_a_phase(desk, make_device):
    client = new_client()
    desk.store.create_client(client)
    t = issue(desk, client_id=client.id, priority=["children"])
    desk.sync()
    staff = make_device("abh-pc", user="m.mueller", units=["abh"])
    with pytest.raises(ValueError):
        tickets.move(staff.store, t.id, "called", staff="m.mueller")
    answer = staff.client.call_ticket(NAUMBURG, ["abh"], desk="Raum 1.02")
    assert answer["ticket"]["fields"]["number"] == t.number
    staff.sync()
    tickets.move(staff.store, t.id, "in_service", staff="m.mueller", expected="called")
    moved = tickets.move(
        staff.store,
        t.id,
        "transferred",
        staff="m.mueller",
        expected="in_service",
        to_unit="asylblg",
        reason="Leistungen",
    )
    assert (moved.status, moved.unit, moved.hops) == ("waiting", "asylblg", 1)
    assert (moved.number, moved.arrived_at, moved.priority) == (t.number, t.arrived_at, t.priority)
    assert staff.sync().rejected == 0  # a transfer from in service is no step back
    desk.sync()
    view = next(v for v in tickets.today(desk.store, NAUMBURG) if v.ticket.id == t.id)
    assert (view.ticket.status, view.ticket.unit) == ("waiting", "asylblg")
    assert [p.phase for p in view.phases] == ["waiting", "called", "in_service", "transferred"]
    assert view.phases[-1].to_unit == "asylblg" and view.phases[-1].reason == "Leistungen"
    assert view.client_name  # reception sees whose ticket it is (master data)


def test_a_step_on_a_ticket_that_moved_on_is_refused_and_writes_nothing(desk, make_device):
    t = issue(desk)
    desk.sync()
    a = make_device("abh-1", user="m.mueller", units=["abh"])
    a.client.call_ticket(NAUMBURG, ["abh"])
    a.sync()
    tickets.move(a.store, t.id, "done", staff="m.mueller", expected="called")
    before = a.store.outbox_count()
    with pytest.raises(tickets.StaleTicket):
        tickets.move(a.store, t.id, "missed", staff="m.mueller", expected="called")
    with pytest.raises(tickets.StaleTicket):  # done stays done
        tickets.move(a.store, t.id, "in_service", staff="m.mueller")
    assert a.store.outbox_count() == before


def test_the_days_queue_is_in_the_order_the_server_calls(day_holds, desk, make_device):
    day_holds(40)  # the three tickets in the day's queue
    now = dt.datetime.now(dt.UTC)
    late = issue(desk, now=now - dt.timedelta(minutes=5))
    early = issue(desk, now=now - dt.timedelta(minutes=40))
    urgent = issue(desk, now=now - dt.timedelta(minutes=15), priority=["deadline_today"])
    desk.sync()
    shown = [v.ticket.id for v in tickets.today(desk.store, NAUMBURG)]
    staff = make_device("abh-1", user="m.mueller", units=["abh"])
    called = [
        staff.client.call_ticket(NAUMBURG, ["abh"])["results"][0]["record_id"] for _ in range(3)
    ]
    assert shown == called == [urgent.id, early.id, late.id]


def test_yesterdays_tickets_leave_the_laptop_but_not_unsent_ones(desk):
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    sent = issue(desk, now=yesterday)
    desk.sync()
    unsent = issue(desk, now=yesterday)
    assert tickets.purge_before(desk.store, tickets.local_day()) == 1
    left = {
        v.ticket.id for v in tickets.today(desk.store, NAUMBURG, day=yesterday.astimezone().date())
    }
    assert left == {unsent.id} and sent.id not in left
