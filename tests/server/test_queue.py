"""Walk-in queues on the server, tested from the protocol document (docs/sync-protocol.md,
"Walk-in queues") and the access rules' ``[walk_in]`` table, on SQLite and PostgreSQL:

* a ticket is seen and worked by the staff of the units that serve its location, nobody else:
  pull, push answers and the call answer all follow the rules file (an oracle read from the
  file, with random users);
* a device numbers with its own prefix; another device's prefix is refused;
* only the server calls; thirty staff calling at once get thirty different tickets;
* the call takes the order of the queue rules (priority minutes, then arrival);
* a transfer keeps number, arrival and priority; a phase belongs to a ticket of its location.
"""

from __future__ import annotations

import datetime as dt
import threading
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from casefile import catalogs
from casefile.ids import new_id
from resources import path as resource_path
from sync_server import queue as server_queue
from sync_server.auth import authenticate
from sync_server.errors import ApiError

POLICY = tomllib.loads(resource_path("access", "policy.toml").read_text(encoding="utf-8"))
WALK_IN = POLICY["walk_in"]  # location -> units ("*"): the oracle's source
ROLES = POLICY["roles"]
UNITS = sorted(catalogs.load("unit").codes)
LOCATIONS = sorted(catalogs.load("location").codes)


def may_see(roles, units, location) -> bool:
    """The spec: staff (a role with any capability) of a unit listed for the location."""
    if not any(ROLES.get(r) for r in roles):
        return False
    listed = WALK_IN.get(location)
    return listed is not None and ("*" in listed or bool(set(listed) & set(units)))


def now_iso(minutes_ago: float = 0) -> str:
    at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago)
    return at.replace(microsecond=0).isoformat()


def ticket_fields(number: str, location="lra_naumburg", unit="abh", **over) -> dict:
    fields = {
        "location": location,
        "day": dt.datetime.now().astimezone().date().isoformat(),
        "number": number,
        "arrived_at": now_iso(10),
        "concern": "residence",
        "unit": unit,
        "status": "waiting",
        "priority": "[]",
    }
    fields.update(over)
    return fields


def phase_fields(ticket_id: str, phase="waiting", location="lra_naumburg", unit="abh", **over):
    fields = {
        "ticket_id": ticket_id,
        "location": location,
        "phase": phase,
        "at": now_iso(),
        "unit": unit,
    }
    fields.update(over)
    return fields


def prefix_of(dev) -> str:
    r = dev.client.post("/api/v1/queue/prefix", headers=dev.headers)
    assert r.status_code == 200, r.text
    return r.json()["prefix"]


class Desk:
    """A reception PC: its prefix and its count of the day."""

    def __init__(self, dev):
        self.dev = dev
        self.prefix = prefix_of(dev)
        self.count = 0

    def issue(self, **over) -> tuple[str, dict]:
        self.count += 1
        tid = new_id()
        number = f"{self.prefix}-{self.count:03d}"
        fields = ticket_fields(number, **over)
        ops = [
            self.dev.op("walk_in_ticket", tid, fields={"id": tid, **fields}),
            self.dev.op(
                "walk_in_phase",
                (pid := new_id()),
                fields={
                    "id": pid,
                    **phase_fields(tid, location=fields["location"], unit=fields["unit"]),
                },
            ),
        ]
        r = self.dev.push(ops)
        assert r.status_code == 200, r.text
        results = r.json()["results"]
        assert [x["status"] for x in results] == ["applied", "applied"], results
        return tid, fields


@pytest.fixture
def reception(make_device):
    return Desk(make_device("empfang", roles=["reception"], units=["reception"]))


def call(client, dev, **body):
    return client.post(
        "/api/v1/queue/call", json={"location": "lra_naumburg", **body}, headers=dev.headers
    )


# --- numbers -------------------------------------------------------------------------------


def test_every_device_gets_its_own_prefix_and_keeps_it(make_device):
    a = make_device("empfang", roles=["reception"], units=["reception"])
    b = make_device("empfang", roles=["reception"], units=["reception"])
    first, second = prefix_of(a), prefix_of(b)
    assert first != second
    assert prefix_of(a) == first  # asked again: the same


def test_a_ticket_with_another_devices_prefix_is_refused(make_device, reception):
    other = make_device("empfang2", roles=["reception"], units=["reception"])
    theirs = prefix_of(other)
    tid = new_id()
    r = reception.dev.push(
        [
            reception.dev.op(
                "walk_in_ticket", tid, fields={"id": tid, **ticket_fields(f"{theirs}-001")}
            )
        ]
    )
    res = r.json()["results"][0]
    assert res["status"] == "rejected" and res["reason"] == "ticket_number"
    # A device that never asked for a prefix cannot number at all.
    newcomer = make_device("empfang3", roles=["reception"], units=["reception"])
    r = newcomer.push(
        [newcomer.op("walk_in_ticket", tid, fields={"id": tid, **ticket_fields("Q-001")})]
    )
    assert r.json()["results"][0]["reason"] == "ticket_number"


def test_a_user_without_a_queue_gets_no_prefix(make_device, envelope):
    admin = make_device("it.admin", roles=["administrator"], units=[])
    envelope(
        admin.client.post("/api/v1/queue/prefix", headers=admin.headers), 403, "not_your_queue"
    )


# --- only the server calls -------------------------------------------------------------------


def test_a_push_may_not_call(make_device, reception):
    tid, _ = reception.issue()
    abh = make_device("m.mueller", units=["abh"])
    r = abh.push([abh.op("walk_in_ticket", tid, "update", fields={"status": "called"})])
    assert r.json()["results"][0]["reason"] == "call_on_server"
    pid = new_id()
    r = abh.push(
        [abh.op("walk_in_phase", pid, fields={"id": pid, **phase_fields(tid, phase="called")})]
    )
    assert r.json()["results"][0]["reason"] == "call_on_server"


def test_call_next_follows_the_rules_order_and_then_nobody_waits(client, make_device, reception):
    plain_early, _ = reception.issue(arrived_at=now_iso(40))
    with_deadline, _ = reception.issue(arrived_at=now_iso(15), priority='["deadline_today"]')
    plain_late, _ = reception.issue(arrived_at=now_iso(5))
    other_unit, _ = reception.issue(unit="jobcenter", arrived_at=now_iso(90))
    abh = make_device("m.mueller", units=["abh"])
    order = []
    for _ in range(3):
        r = call(client, abh, desk="Raum 1.02")
        assert r.status_code == 200, r.text
        ticket = r.json()["ticket"]
        assert ticket["fields"]["status"] == "called"
        assert ticket["fields"]["called_by"] == "m.mueller"
        assert ticket["fields"]["desk"] == "Raum 1.02"
        order.append(r.json()["results"][0]["record_id"])
    # deadline: 15 + 30 = 45 effective minutes > 40 > 5 (the rules' priority_minutes)
    assert order == [with_deadline, plain_early, plain_late]
    r = call(client, abh)
    assert r.status_code == 200 and r.json()["ticket"] is None  # the Jobcenter's is not theirs
    assert other_unit not in order


def test_the_call_writes_a_phase_everybody_at_the_location_pulls(client, make_device, reception):
    tid, _ = reception.issue()
    abh = make_device("m.mueller", units=["abh"])
    assert call(client, abh).status_code == 200
    phases = [
        c
        for c in reception.dev.pull_all()
        if c["kind"] == "walk_in_phase" and c["fields"]["ticket_id"] == tid
    ]
    assert sorted(p["fields"]["phase"] for p in phases) == ["called", "waiting"]
    called = next(p for p in phases if p["fields"]["phase"] == "called")
    assert called["fields"]["staff"] == "m.mueller" and called["fields"]["unit"] == "abh"


def test_a_chosen_ticket_called_by_somebody_else_is_taken(client, make_device, reception, envelope):
    tid, _ = reception.issue()
    a = make_device("m.mueller", units=["abh"])
    b = make_device("t.becker", units=["abh"])
    assert call(client, a, ticket_id=tid).status_code == 200
    envelope(call(client, b, ticket_id=tid), 409, "ticket_taken")


def test_a_missed_ticket_is_called_again_only_as_a_recall(client, make_device, reception):
    tid, _ = reception.issue()
    abh = make_device("m.mueller", units=["abh"])
    called = call(client, abh, ticket_id=tid).json()["ticket"]
    r = abh.push(
        [
            abh.op(
                "walk_in_ticket",
                tid,
                "update",
                fields={"status": "missed"},
                base={"status": called["clocks"]["status"]},
            )
        ]
    )
    assert r.json()["results"][0]["status"] == "applied", r.text
    assert call(client, abh).json()["ticket"] is None
    again = call(client, abh, ticket_id=tid, recall=True)
    assert again.status_code == 200 and again.json()["ticket"]["fields"]["status"] == "called"


@pytest.mark.parametrize("callers,tickets", [(30, 12)])
def test_thirty_staff_calling_at_once_never_get_one_ticket_twice(
    service, make_device, reception, callers, tickets
):
    for i in range(tickets):
        reception.issue(arrived_at=now_iso(60 - i))
    devices = [
        authenticate(service.db, f"Bearer {make_device(f'abh.{i:02d}', units=['abh']).token}")
        for i in range(4)
    ]
    got: list[str | None] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(callers)

    def one(i: int) -> None:
        try:
            start.wait()
            answer = server_queue.call(service, devices[i % 4], "lra_naumburg", ["abh"])
            with lock:
                got.append(answer["results"][0]["record_id"] if answer["ticket"] else None)
        except BaseException as exc:  # noqa: BLE001 - reported below
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(callers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert not errors, errors
    called = [x for x in got if x is not None]
    assert len(called) == len(set(called)) == min(callers, tickets)  # never one ticket twice
    assert got.count(None) == max(0, callers - tickets)


# --- a visit's path ----------------------------------------------------------------------------


def test_a_transfer_keeps_number_arrival_and_priority_and_counts_a_hop(
    client, make_device, reception
):
    tid, fields = reception.issue(priority='["children"]')
    abh = make_device("m.mueller", units=["abh"])
    called = call(client, abh, ticket_id=tid).json()["ticket"]
    pid = new_id()
    r = abh.push(
        [
            abh.op(
                "walk_in_ticket",
                tid,
                "update",
                fields={"status": "waiting", "unit": "asylblg", "hops": 1},
                base={k: called["clocks"].get(k) for k in ("status", "unit", "hops")},
            ),
            abh.op(
                "walk_in_phase",
                pid,
                fields={
                    "id": pid,
                    **phase_fields(
                        tid, phase="transferred", to_unit="asylblg", reason="Leistungen"
                    ),
                },
            ),
        ]
    )
    assert [x["status"] for x in r.json()["results"]] == ["applied", "applied"], r.text
    moved = r.json()["results"][0]["record"]["fields"]
    assert (moved["number"], moved["arrived_at"], moved["priority"]) == (
        fields["number"],
        fields["arrived_at"],
        fields["priority"],
    )
    # ... and may not change them
    r = abh.push([abh.op("walk_in_ticket", tid, "update", fields={"arrived_at": now_iso()})])
    assert r.json()["results"][0]["reason"] == "invalid_value"
    # The benefits office now calls it, the immigration office no longer can.
    s = make_device("s.fischer", units=["asylblg"])
    assert call(client, abh).json()["ticket"] is None
    assert call(client, s).json()["results"][0]["record_id"] == tid


def test_a_phase_belongs_to_a_ticket_of_its_location(make_device, reception):
    tid, _ = reception.issue()
    pid = new_id()
    dev = reception.dev
    for bad in (
        phase_fields(tid, location="lra_zeitz"),  # another location than the ticket's
        phase_fields(new_id()),  # no such ticket
    ):
        r = dev.push([dev.op("walk_in_phase", pid, fields={"id": pid, **bad})])
        assert r.json()["results"][0]["status"] == "rejected", r.text


def test_a_done_ticket_stays_done(make_device, reception, client):
    tid, _ = reception.issue()
    abh = make_device("m.mueller", units=["abh"])
    called = call(client, abh, ticket_id=tid).json()["ticket"]
    done = abh.push(
        [
            abh.op(
                "walk_in_ticket",
                tid,
                "update",
                fields={"status": "done"},
                base={"status": called["clocks"]["status"]},
            )
        ]
    ).json()["results"][0]
    assert done["status"] == "applied"
    again = abh.push(
        [
            abh.op(
                "walk_in_ticket",
                tid,
                "update",
                fields={"status": "waiting"},
                base={"status": done["record"]["clocks"]["status"]},
            )
        ]
    ).json()["results"][0]
    assert again["reason"] == "ticket_phase"


def test_the_queue_table_follows_the_records(service, make_device, reception, client):
    from sqlalchemy import select

    from sync_server import schema as t

    tid, _ = reception.issue()
    abh = make_device("m.mueller", units=["abh"])
    call(client, abh, ticket_id=tid)
    with service.db.reader.connect() as conn:
        row = conn.execute(select(t.walk_in_queue).where(t.walk_in_queue.c.ticket_id == tid)).one()
    assert (row.status, row.unit, row.location) == ("called", "abh", "lra_naumburg")
    with service.db.reader.connect() as conn:
        logged = conn.execute(
            select(t.walk_in_log.c.phase, t.walk_in_log.c.staff).where(
                t.walk_in_log.c.ticket_id == tid
            )
        ).all()
    assert sorted(logged) == [("called", "m.mueller"), ("waiting", "empfang")]


# --- who sees a queue (the rules file is the oracle) ----------------------------------------------


@hsettings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.data(),
)
def test_random_users_see_exactly_the_queues_the_rules_give_them(
    client, service, make_device, data
):
    # The tickets: one per walk-in location, issued by a reception of that location's staff.
    if not getattr(service, "_queue_fixture", None):
        desk = Desk(make_device("empfang.alle", roles=["reception"], units=["reception"]))
        tickets = {}
        for location in sorted(WALK_IN):
            units = WALK_IN[location]
            unit = "abh" if "*" in units or "abh" in units else sorted(units)[0]
            tickets[location] = desk.issue(location=location, unit=unit)[0]
        service._queue_fixture = tickets
    tickets = service._queue_fixture
    roles = data.draw(st.lists(st.sampled_from(sorted(ROLES)), min_size=1, max_size=2, unique=True))
    units = data.draw(st.lists(st.sampled_from(UNITS), max_size=3, unique=True))
    name = f"u{new_id()[-12:]}"
    dev = make_device(name, roles=roles, units=units)
    seen = {c["id"] for c in dev.pull_all() if c["kind"] == "walk_in_ticket"}
    for location, tid in tickets.items():
        assert (tid in seen) == may_see(roles, units, location), (roles, units, location)
    # Push answers go through the same gate: an update of a ticket this user may not see is
    # refused and its answer carries no record.
    for location, tid in tickets.items():
        r = dev.push([dev.op("walk_in_ticket", tid, "update", fields={"desk": "X"})])
        res = r.json()["results"][0]
        if not may_see(roles, units, location):
            assert res["status"] == "rejected" and res["record"] is None, res
        # The call: only where the user works a queue of one of his or her units.
        if not may_see(roles, units, location):
            answer = client.post(
                "/api/v1/queue/call", json={"location": location}, headers=dev.headers
            )
            assert answer.status_code == 403, answer.text


def test_an_unknown_location_and_a_foreign_unit_are_refused(service, make_device):
    abh = authenticate(service.db, f"Bearer {make_device('m.mueller', units=['abh']).token}")
    with pytest.raises(ApiError) as e:
        server_queue.call(service, abh, "nowhere")
    assert e.value.status == 422
    with pytest.raises(ApiError) as e:
        server_queue.call(service, abh, "lra_naumburg", ["jobcenter"])
    assert e.value.code == "not_your_queue"
    assert set(WALK_IN) <= set(LOCATIONS)


# --- statistics (docs/sync-protocol.md, "Walk-in statistics") -----------------------------------


def test_statistics_follow_the_phases_of_each_visit(day_holds, client, make_device, reception):
    """Two visits: one waits 30 minutes, is served 10 and passed on (a hop) where it waits 5
    more and is served 20; one is called after 12 minutes and does not come."""
    day_holds(90)  # the morning and its log on one local day, the one asked for
    abh = make_device("m.mueller", units=["abh"])
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def at(minutes: float) -> str:
        return (now - dt.timedelta(minutes=90) + dt.timedelta(minutes=minutes)).isoformat()

    a, _ = reception.issue(arrived_at=at(0))
    b, _ = reception.issue(arrived_at=at(0))
    # The log a finished morning leaves (the pushed and called paths that write it are tested
    # above: test_the_queue_table_follows_the_records, the call tests).
    from sync_server import schema as t
    from sync_server.store import log_row

    rows = []
    for tid, steps in (
        (
            a,
            [
                ("called", 30, "abh", {}),
                ("in_service", 32, "abh", {}),
                ("transferred", 42, "abh", {"to_unit": "asylblg"}),
                ("called", 47, "asylblg", {}),
                ("done", 67, "asylblg", {}),
            ],
        ),
        (b, [("called", 12, "abh", {}), ("missed", 20, "abh", {})]),
    ):
        for phase, minute, unit, extra in steps:
            rows.append(
                log_row(
                    new_id(),
                    phase_fields(tid, phase=phase, unit=unit, at=at(minute), **extra),
                    False,
                )
            )
    service = client.app.state.service
    with service.db.writer.begin() as conn:
        conn.execute(t.walk_in_log.delete())  # the issue's "waiting" rows: the morning's instead
        conn.execute(t.walk_in_log.insert(), rows)
    day = dt.datetime.now().astimezone().date().isoformat()
    r = client.get(
        "/api/v1/queue/stats",
        params={"location": "lra_naumburg", "from": day, "to": day},
        headers=abh.headers,
    )
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["visits"] == 2 and s["no_shows"] == 1
    assert s["hops"] == {"0": 1, "1": 1}
    assert s["transfers"] == [{"from": "abh", "to": "asylblg", "count": 1}]
    assert s["by_unit"]["abh"]["waiting"]["count"] == 2
    assert sorted([s["by_unit"]["abh"]["waiting"]["median"]]) == [21.0]  # (30 + 12) / 2
    assert s["by_unit"]["asylblg"]["waiting"]["median"] == 5.0
    assert s["by_unit"]["abh"]["service"]["median"] == 10.0
    assert s["by_unit"]["asylblg"]["service"]["median"] == 20.0
    assert s["waiting"]["median"] == 23.5  # visits: 35 (30 + 5) and 12
    text = str(s)
    for name in ("Kovalenko", reception.dev.id, a, b):
        assert name not in text  # aggregates only
    csv_answer = client.get(
        "/api/v1/queue/stats",
        params={"location": "lra_naumburg", "from": day, "to": day, "format": "csv"},
        headers=abh.headers,
    )
    assert csv_answer.status_code == 200
    assert "Wartezeit Median (min)" in csv_answer.text and "abh→asylblg" in csv_answer.text


def test_statistics_only_for_the_staff_of_the_location(client, make_device, envelope):
    zeitz_only = make_device("j.weber", units=["jobcenter"])  # jobcenter holds no hours at Zeitz
    day = dt.date.today().isoformat()
    envelope(
        client.get(
            "/api/v1/queue/stats",
            params={"location": "lra_zeitz", "from": day, "to": day},
            headers=zeitz_only.headers,
        ),
        403,
        "not_your_queue",
    )
    envelope(
        client.get(
            "/api/v1/queue/stats",
            params={"location": "lra_naumburg", "from": "2026-01-01", "to": "2027-06-01"},
            headers=zeitz_only.headers,
        ),
        422,
    )


# --- a queue is a unit's at a location that the rules list ---------------------------------------


def test_a_ticket_waits_only_in_a_queue_the_rules_hold_at_its_location(
    client, make_device, reception
):
    """[walk_in] lists the units that hold walk-in hours at a location: a ticket in the queue
    of a unit not listed there could be called by nobody (a lost client), so it is refused --
    issued there or passed on there."""
    assert "jobcenter" not in WALK_IN["lra_zeitz"]
    tid = new_id()
    fields = ticket_fields(f"{reception.prefix}-090", location="lra_zeitz", unit="jobcenter")
    r = reception.dev.push([reception.dev.op("walk_in_ticket", tid, fields={"id": tid, **fields})])
    res = r.json()["results"][0]
    assert (res["status"], res["reason"]) == ("rejected", "invalid_value"), res
    zeitz, _ = reception.issue(location="lra_zeitz", unit="abh")
    abh = make_device("m.mueller", units=["abh"])
    r = abh.push(
        [abh.op("walk_in_ticket", zeitz, "update", fields={"unit": "jobcenter", "hops": 1})]
    )
    res = r.json()["results"][0]
    assert (res["status"], res["reason"]) == ("rejected", "invalid_value"), res
    # To a unit that holds hours there it goes.
    r = abh.push([abh.op("walk_in_ticket", zeitz, "update", fields={"unit": "asylblg", "hops": 1})])
    assert r.json()["results"][0]["status"] == "applied", r.text


def test_staff_call_only_from_the_queues_their_units_hold_at_the_location(
    client, service, make_device, reception, envelope
):
    """The caller's queues: a unit of the caller's that holds no hours at the location is
    none of them, asked for or by default."""
    from casefile.policy import Policy

    # Left from rules that listed the Jobcenter at Zeitz (the rules changed since).
    shipped = service.policy
    wider = {**POLICY, "walk_in": {**WALK_IN, "lra_zeitz": [*WALK_IN["lra_zeitz"], "jobcenter"]}}
    service.policy = Policy.from_dict(wider)
    try:
        reception.issue(location="lra_zeitz", unit="jobcenter")
    finally:
        service.policy = shipped
    both = make_device("j.weber", units=["jobcenter", "abh"])
    at_zeitz = {"location": "lra_zeitz"}
    envelope(
        client.post(
            "/api/v1/queue/call", json={**at_zeitz, "units": ["jobcenter"]}, headers=both.headers
        ),
        403,
        "not_your_queue",
    )
    r = client.post("/api/v1/queue/call", json=at_zeitz, headers=both.headers)
    assert r.status_code == 200 and r.json()["ticket"] is None, r.text


def test_a_phase_names_the_staff_member_who_pushed_it(make_device, reception):
    """Every change of state is a phase row with time and staff member (issue 18): the staff
    member is the token's user, as the author of a consultation, never what the op says."""
    tid, _ = reception.issue()
    abh = make_device("m.mueller", units=["abh"])
    pid = new_id()
    forged = phase_fields(tid, phase="cancelled", staff="t.becker")
    r = abh.push([abh.op("walk_in_phase", pid, fields={"id": pid, **forged})])
    res = r.json()["results"][0]
    assert res["status"] == "applied", res
    assert res["record"]["fields"]["staff"] == "m.mueller"


def test_only_the_servers_call_says_who_called(client, make_device, reception):
    tid, _ = reception.issue()
    abh = make_device("m.mueller", units=["abh"])
    called = call(client, abh, ticket_id=tid).json()["ticket"]
    r = abh.push(
        [
            abh.op(
                "walk_in_ticket",
                tid,
                "update",
                fields={"called_by": "t.becker"},
                base={"called_by": called["clocks"]["called_by"]},
            )
        ]
    )
    assert r.json()["results"][0]["reason"] == "call_on_server"
    fresh = reception.dev
    t2 = new_id()
    r = fresh.push(
        [
            fresh.op(
                "walk_in_ticket",
                t2,
                fields={"id": t2, **ticket_fields(f"{reception.prefix}-099", called_by="x")},
            )
        ]
    )
    assert r.json()["results"][0]["reason"] == "call_on_server"
