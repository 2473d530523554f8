"""docs/reports.md "Where the figures come from": a push writes its records without their
report facts; the facts follow once the burst of pushes is over, and before every read of
the report tables -- so a report counts every record committed before it was asked for, and
the facts equal those rebuilt from the records, also with pushes and catch-ups at once."""

from __future__ import annotations

import datetime as dt
import random
import threading

import pytest
from sqlalchemy import func, select

from bench.common import client_file_ops
from sync_server import report_facts, reports, schema as t
from sync_server.auth import Device
from sync_server.duplicates import AfterBurst

COORDINATION = Device("dev-c", "Laptop", "u-c", "k.koord", ("coordination",), ("coordination",))
NOVEMBER = reports.Query("consultations", "unit", None, dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def _client(rng: random.Random) -> dict:
    return {
        "family_name": rng.choice(["Haddad", "Karimi", "Bekele", "Kovalenko"]),
        "given_names": rng.choice(["Rami", "Zahra", "Olena", "Ahmad"]),
        "birth_date": f"{rng.randint(1950, 2006)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "birth_date_precision": "exact",
        "sex": rng.choice("fm"),
    }


def _push(dev, rng: random.Random, consultations: int) -> None:
    answer = dev.push(client_file_ops(dev.clock, _client(rng), consultations, "Beratung"))
    assert answer.status_code == 200, answer.text
    assert {r["status"] for r in answer.json()["results"]} == {"applied"}


def _facts(service) -> tuple:
    with service.db.reader.connect() as conn:
        return (
            sorted(tuple(r) for r in conn.execute(select(t.report_facts))),
            sorted(tuple(r) for r in conn.execute(select(t.report_topics))),
            sorted(tuple(r) for r in conn.execute(select(t.report_clients))),
        )


def _rebuilt(service) -> tuple:
    with service.db.writer.begin() as conn:
        report_facts.rebuild(conn)
    return _facts(service)


def test_a_report_right_after_a_push_counts_it_though_the_burst_is_not_over(make_device, service):
    """The check after the burst has not run (a long quiet time): the report's read brings
    the facts up to the push itself."""
    service.settings.duplicate_check_quiet_s = 60.0
    service._after_burst = AfterBurst(service._after_the_burst, 60.0, 600.0)
    try:
        dev = make_device()
        rng = random.Random(1)
        _push(dev, rng, 3)
        with service.db.reader.connect() as conn:  # the push left its facts for later
            assert conn.execute(select(func.count()).select_from(t.report_facts)).scalar() == 0
            assert (
                report_facts.mark(conn) < conn.execute(select(func.max(t.records.c.seq))).scalar()
            )
        first = reports.table(service, COORDINATION, NOVEMBER)
        assert first["total"] == 3
        _push(dev, rng, 2)
        assert reports.table(service, COORDINATION, NOVEMBER)["total"] == 5
        assert _facts(service) == _rebuilt(service)
    finally:
        service._after_burst.stop()


def test_the_facts_follow_after_the_burst_without_a_report(make_device, service):
    service.settings.duplicate_check_quiet_s = 0.2
    service._after_burst = AfterBurst(service._after_the_burst, 0.2, 2.0)
    try:
        dev = make_device()
        _push(dev, random.Random(2), 4)
        deadline = dt.datetime.now() + dt.timedelta(seconds=20)
        while dt.datetime.now() < deadline:
            with service.db.reader.connect() as conn:
                if conn.execute(select(func.count()).select_from(t.report_facts)).scalar() == 4:
                    break
        else:
            pytest.fail("the facts did not follow the burst")
    finally:
        service._after_burst.stop()


@pytest.mark.parametrize("seed", [3, 4])
def test_pushes_and_catch_ups_at_once_leave_the_facts_of_the_records(make_device, service, seed):
    """Four laptops push at once (random sizes) while two threads catch up again and again:
    no record is skipped (the mark stops below the writers in flight, as a pull does) and
    none counted twice; the facts equal those rebuilt from the records."""
    devices = [make_device(f"user{i}") for i in range(4)]
    errors: list[BaseException] = []
    pushing = threading.Event()

    def laptop(dev, n: int) -> None:
        rng = random.Random(seed * 100 + n)
        try:
            for _ in range(6):
                _push(dev, rng, rng.randint(0, 4))
        except BaseException as exc:  # reported below
            errors.append(exc)

    def reader() -> None:
        try:
            while pushing.is_set():
                report_facts.catch_up(service.db)
        except BaseException as exc:
            errors.append(exc)

    pushing.set()
    readers = [threading.Thread(target=reader) for _ in range(2)]
    laptops = [threading.Thread(target=laptop, args=(d, i)) for i, d in enumerate(devices)]
    for th in readers + laptops:
        th.start()
    for th in laptops:
        th.join()
    pushing.clear()
    for th in readers:
        th.join()
    assert not errors, errors
    table = reports.table(service, COORDINATION, NOVEMBER)
    with service.db.reader.connect() as conn:
        pushed = conn.execute(
            select(func.count()).where(t.records.c.kind == "consultation")
        ).scalar()
    assert table["total"] == pushed
    assert _facts(service) == _rebuilt(service)


def test_writes_that_keep_their_facts_move_the_mark_so_a_seed_is_not_read_again(service):
    """The demo seed keeps the facts of what it writes: the mark follows it, and the next
    catch-up reads nothing (a seeded million records would otherwise be read again)."""
    from sync_server.seed import seed_demo

    seed_demo(service.db, 30, seed=5, consultations_per_client=3)
    with service.db.reader.connect() as conn:
        top = conn.execute(select(func.max(t.records.c.seq))).scalar()
        assert report_facts.mark(conn) == top
    assert report_facts.catch_up(service.db) == 0
    assert _facts(service) == _rebuilt(service)
