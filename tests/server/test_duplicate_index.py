"""The stored blocking keys of the duplicate check follow the blocking scheme of casefile."""

import time

from sqlalchemy import func, select

from casefile.dedupe import BLOCK_KEYS_VERSION
from casefile.ids import new_id
from sync_server import schema as t
from sync_server.db import get_meta, set_meta


def _client(given, family):
    return {
        "family_name": family,
        "given_names": given,
        "birth_date": "1990-04-17",
        "birth_date_precision": "exact",
        "sex": "m",
        "nationalities": ["SYR"],
    }


def _keys(service) -> list[str]:
    with service.db.reader.connect() as conn:
        return list(conn.execute(select(t.match_keys.c.key)).scalars())


def test_keys_of_an_older_scheme_are_rebuilt_once_at_start(make_device, service):
    dev = make_device()
    ids = [new_id(), new_id()]
    assert (
        dev.push(
            [
                dev.op("client", ids[0], fields=_client("Ahmad", "Karimi")),
                dev.op("client", ids[1], fields=_client("Ahmed", "Karimi")),
            ]
        ).status_code
        == 200
    )
    service.duplicates.ensure_indexed()
    current = sorted(_keys(service))
    assert current and any(k.startswith("ys:") and k.endswith(":m") for k in current)
    # A server upgraded from an older blocking scheme: other keys, an older version.
    with service.db.writer.begin() as conn:
        conn.execute(t.match_keys.delete())
        conn.execute(t.match_keys.insert(), [{"key": "y:A.HMT:1990", "client_id": i} for i in ids])
        set_meta(conn, "match_keys_version", "1")
    service.duplicates.ensure_indexed()
    assert sorted(_keys(service)) == current
    with service.db.reader.connect() as conn:
        assert get_meta(conn, "match_keys_version") == BLOCK_KEYS_VERSION
        before = conn.execute(select(func.count()).select_from(t.match_keys)).scalar()
    service.duplicates.ensure_indexed()  # current: nothing to do
    assert len(_keys(service)) == before


def test_an_empty_server_records_the_current_scheme(service):
    service.duplicates.ensure_indexed()
    with service.db.reader.connect() as conn:
        assert get_meta(conn, "match_keys_version") == BLOCK_KEYS_VERSION


def test_a_burst_of_pushes_is_checked_for_duplicates_once_after_it(make_device, service):
    """sync-protocol.md / operations.md: the duplicate check of pushed clients waits until
    pushes pause (MIA_DUPLICATE_CHECK_QUIET_S) and then checks all of them at once."""
    from sync_server.duplicates import AfterBurst

    drains = []
    drain = service.duplicates.drain
    service.settings.duplicate_check_quiet_s = 1.0
    service._after_burst = AfterBurst(lambda: drains.append(drain()), 1.0, 10.0)
    try:
        dev = make_device()
        names = [("Ahmad", "Karimi"), ("Ahmed", "Karimi"), ("Olena", "Shevchenko")]
        names += [("Mariam", "Haidari"), ("Tesfaye", "Bekele"), ("Dmytro", "Kovalenko")]
        ids = [new_id() for _ in names]
        for cid, (given, family) in zip(ids, names, strict=True):  # as six laptops would
            answer = dev.push([dev.op("client", cid, fields=_client(given, family))])
            assert answer.status_code == 200
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not drains:
            time.sleep(0.05)
        time.sleep(0.3)
        assert len(drains) == 1, drains  # one check for the burst, not one per push
        with service.db.reader.connect() as conn:
            assert conn.execute(select(func.count()).select_from(t.match_pending)).scalar() == 0
            indexed = set(conn.execute(select(t.match_keys.c.client_id)).scalars())
            assert set(ids) <= indexed  # every pushed client was checked
            pairs = conn.execute(select(func.count()).select_from(t.match_candidates)).scalar()
        assert pairs + drains[0]["merged"] >= 1  # Ahmad/Ahmed Karimi were found
    finally:
        service._after_burst.stop()


def test_the_check_after_a_burst_waits_no_longer_than_its_limit():
    """Pushes that never pause do not put the check off for ever: it runs at the latest
    most_s after the first push that asked for it; and after stop() it runs no more."""
    from sync_server.duplicates import AfterBurst

    runs: list[float] = []
    later = AfterBurst(lambda: runs.append(time.monotonic()), quiet_s=0.3, most_s=0.6)
    start = time.monotonic()
    while time.monotonic() - start < 2.5:  # a push every 50 ms: never a pause of 0.3 s
        later.poke()
        time.sleep(0.05)
    later.stop()
    assert len(runs) >= 2, runs
    assert runs[0] - start >= 0.55  # not before the limit, as the pushes never paused
    stopped = len(runs)
    later.poke()
    time.sleep(0.5)
    assert len(runs) == stopped


def test_a_failed_check_after_a_burst_is_logged_and_the_next_burst_runs(caplog):
    from sync_server.duplicates import AfterBurst

    runs: list[int] = []

    def work():
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("database gone")

    later = AfterBurst(work, quiet_s=0.05, most_s=0.5)
    try:
        later.poke()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not runs:
            time.sleep(0.02)
        time.sleep(0.1)
        later.poke()
        while time.monotonic() < deadline and len(runs) < 2:
            time.sleep(0.02)
    finally:
        later.stop()
    assert len(runs) == 2
    assert "duplicate check after a burst of pushes failed" in caplog.text


def test_the_check_after_a_burst_waits_for_the_other_processes_pause():
    """The pause is the machine's: while another process still queues clients (the newest
    ask of any process is younger than quiet_s), this process's check waits -- at most
    most_s after its own first ask."""
    from sync_server.duplicates import AfterBurst

    runs: list[float] = []
    other_until = time.time() + 1.2  # another worker answers pushes for 1.2 s more

    def newest() -> float:
        return min(time.time(), other_until)

    later = AfterBurst(lambda: runs.append(time.time()), quiet_s=0.2, most_s=5.0, newest=newest)
    try:
        later.poke()  # this process's only push
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not runs:
            time.sleep(0.02)
    finally:
        later.stop()
    assert runs and runs[0] >= other_until + 0.2 - 0.05  # after the others' pause, not before

    # The limit holds against a process that never pauses; an unknown newest ask (a
    # database gone) does not hold the check up.
    for newest_fn, at_least, at_most in ((time.time, 0.6, 3.0), (lambda: 1 / 0, 0.0, 1.0)):
        runs.clear()
        later = AfterBurst(lambda: runs.append(time.monotonic()), 0.2, 0.6, newest=newest_fn)
        start = time.monotonic()
        try:
            later.poke()
            while time.monotonic() < start + 10 and not runs:
                time.sleep(0.02)
        finally:
            later.stop()
        assert runs and at_least - 0.05 <= runs[0] - start <= at_most, (runs, start)


def test_indexing_every_client_leaves_the_planner_statistics_of_the_keys(make_device, service):
    """db.analyze: after a bulk load the planner's statistics are refreshed. Indexing every
    client is one; without it a freshly seeded PostgreSQL database kept the statistics of the
    empty table, and each later delete of a batch's keys scanned the whole table."""
    dev = make_device()
    fields = [_client(g, f) for g in ("Ahmad", "Ali", "Omar") for f in ("Karimi", "Haddad")]
    assert dev.push([dev.op("client", new_id(), fields=f) for f in fields]).status_code == 200
    stale = [{"key": "y:A.HMT:1990", "client_id": new_id()}]
    with service.db.writer.begin() as conn:
        conn.execute(t.match_keys.delete())
        conn.execute(t.match_keys.insert(), stale)
    assert service.duplicates.index_all() == len(fields)
    with service.db.reader.connect() as conn:
        count = conn.execute(select(func.count()).select_from(t.match_keys)).scalar()
        if conn.dialect.name == "postgresql":
            planned = conn.exec_driver_sql(
                "SELECT reltuples FROM pg_class WHERE oid = 'match_keys'::regclass"
            ).scalar()
        else:
            planned = int(
                conn.exec_driver_sql(
                    "SELECT stat FROM sqlite_stat1 WHERE tbl = 'match_keys' AND idx IS NOT NULL"
                )
                .scalar()
                .split()[0]
            )
    assert count > len(fields) and "y:A.HMT:1990" not in _keys(service)  # stale key gone
    assert planned == count
