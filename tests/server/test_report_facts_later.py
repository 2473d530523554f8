"""docs/reports.md "Where the figures come from": a push writes its records without their
report facts; the facts follow once the burst of pushes is over, and before every read of
the report tables -- so a report counts every record committed before it was asked for, and
the facts equal those rebuilt from the records, also with pushes and catch-ups at once."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time

import orjson
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


def _held_back(service) -> None:
    """The after-burst thread waits a minute: facts follow only a catch-up asked for."""
    service.settings.duplicate_check_quiet_s = 60.0
    service._after_burst = AfterBurst(service._after_the_burst, 60.0, 600.0)


def _keep_as_a_writer_does(conn, row) -> None:
    """What write_records(facts=True) does for one record (a merge, a conflict, retention)."""
    keeper = report_facts.Keeper()
    kind, rid, fields, clocks, deleted, unit = row
    keeper.add(kind, rid, orjson.loads(fields), orjson.loads(clocks), deleted, unit)
    keeper.keep(conn, [])  # (no numbers of its own here: the mark stays)


def _one_consultation(service, make_device):
    _push(make_device(), random.Random(1), 1)
    r = t.records.c
    with service.db.reader.connect() as conn:
        return conn.execute(
            select(r.kind, r.id, r.fields, r.clocks, r.deleted, r.unit).where(
                r.kind == "consultation"
            )
        ).one()


def test_a_writer_that_keeps_facts_and_a_catch_up_wait_for_each_other(
    make_device, service, monkeypatch
):
    """Review of 2026-12-05: a catch-up reads the records unlocked; a writer keeping the
    facts of the same record meanwhile made one of the two fail on the facts' key (a report
    500, or a merge refused). Either order now waits and both succeed."""
    _held_back(service)
    try:
        row = _one_consultation(service, make_device)
        errors: list[BaseException] = []

        def report() -> None:
            try:
                assert reports.table(service, COORDINATION, NOVEMBER)["total"] == 1
            except BaseException as exc:
                errors.append(exc)

        with service.db.writer.begin() as conn:  # the writer first, the report during it
            _keep_as_a_writer_does(conn, row)
            th = threading.Thread(target=report)
            th.start()
            time.sleep(0.5)
        th.join(30)
        assert not errors, errors

        # A catch-up first (held inside its flush), the writer during it.
        with service.db.writer.begin() as conn:
            report_facts.set_meta(conn, report_facts.MARK_KEY, "0")
        flushed, go = threading.Event(), threading.Event()
        original, catching = report_facts.Keeper.flush, {}

        def slow_flush(self, conn):
            original(self, conn)
            if threading.get_ident() == catching.get("id"):
                flushed.set()
                go.wait(10)

        monkeypatch.setattr(report_facts.Keeper, "flush", slow_flush)

        def catch_up() -> None:
            catching["id"] = threading.get_ident()
            report_facts.catch_up(service.db)

        def writer() -> None:
            try:
                with service.db.writer.begin() as conn:
                    _keep_as_a_writer_does(conn, row)
            except BaseException as exc:
                errors.append(exc)

        tc = threading.Thread(target=catch_up)
        tc.start()
        assert flushed.wait(10)
        tw = threading.Thread(target=writer)
        tw.start()
        time.sleep(0.5)
        go.set()
        tc.join(30)
        tw.join(30)
        assert not errors, errors
        assert _facts(service) == _rebuilt(service)
    finally:
        service._after_burst.stop()


def test_write_records_that_keep_facts_hold_off_a_catch_up(monkeypatch):
    """The writers' side of the test above goes through write_records."""
    from sync_server import store

    called: list[object] = []
    monkeypatch.setattr(report_facts, "hold_off_catch_up", lambda conn: called.append(conn))
    monkeypatch.setattr(report_facts.Keeper, "flush", lambda self, conn: None)
    monkeypatch.setattr(report_facts, "kept", lambda conn, seqs: None)

    class Conn:
        def execute(self, *a, **k):
            return None

    store.write_records(Conn(), [], [], [], "2026-12-05T00:00:00.000+00:00")  # type: ignore[arg-type]
    assert len(called) == 1
    store.write_records(Conn(), [], [], [], "x", facts=False)  # type: ignore[arg-type]
    assert len(called) == 1


def test_a_record_the_facts_cannot_read_stops_no_report(make_device, service, monkeypatch):
    """One record whose fact raises is logged and left uncounted; the others are counted
    and the mark moves past it (before, every later report failed on it for good)."""
    _held_back(service)
    try:
        rng = random.Random(7)
        _push(make_device(), rng, 3)
        original = report_facts.fact_row
        poisoned: list[str] = []

        def fact_row(kind, record_id, *args):
            if kind == "consultation" and not poisoned:
                poisoned.append(record_id)
                raise OverflowError("date value out of range")
            return original(kind, record_id, *args)

        monkeypatch.setattr(report_facts, "fact_row", fact_row)
        assert reports.table(service, COORDINATION, NOVEMBER)["total"] == 2
        assert reports.table(service, COORDINATION, NOVEMBER)["total"] == 2
        with service.db.reader.connect() as conn:
            assert (
                report_facts.mark(conn) == conn.execute(select(func.max(t.records.c.seq))).scalar()
            )
    finally:
        service._after_burst.stop()


def test_a_date_out_of_range_in_a_zone_west_of_utc_has_no_day(local_zone):
    local_zone("America/New_York")
    assert report_facts.local_day("0001-01-01T00:00:00Z") == ""
    assert report_facts.local_day("2026-11-25T09:00:00+00:00") == "2026-11-25"


def test_a_refused_report_brings_no_facts_up(make_device, service):
    """A device without a report role, or a bad query, is refused before any catch-up (a
    catch-up in the middle of a burst is work and takes SQLite's writer)."""
    from sync_server.errors import ApiError

    _held_back(service)
    try:
        _push(make_device(), random.Random(8), 3)
        nobody = Device("dev-n", "Laptop", "u-n", "n.nobody", ("reception",), ("reception",))
        with pytest.raises(ApiError):
            reports.table(service, nobody, NOVEMBER)
        bad = reports.Query("no_such_indicator", "unit", None, NOVEMBER.start, NOVEMBER.end)
        with pytest.raises(ApiError):
            reports.table(service, COORDINATION, bad)
        with service.db.reader.connect() as conn:
            assert conn.execute(select(func.count()).select_from(t.report_facts)).scalar() == 0
    finally:
        service._after_burst.stop()
