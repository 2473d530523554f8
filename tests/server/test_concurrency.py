"""Sequence numbers in commit order: a puller following the cursor never skips a change.

The trap (sync-design.md, scenario 12): on PostgreSQL a transaction that took sequence 12
commits before the one holding 11; a pull "since 11" that ran in between never sees 11. On
SQLite the push takes its numbers from the counter inside its write transaction (one writer at
a time: the second push waits). On PostgreSQL a push announces itself and takes its numbers
from a sequence, without waiting for anybody; pulls stop below the lowest writer still in
flight (the watermark): the second push commits first, and the puller sees none of its
changes until the first push has ended. These tests hold the first push open just before its
commit and let a second push and a puller run meanwhile: until the second push has come to its
write transaction (SQLite: to the write lock it must wait for) or, on PostgreSQL, until it has
committed and the puller has pulled after it -- events, not sleeps. A randomised test then
lets several writers (some slow to commit, some rolling back after taking their numbers,
some changing records again) run against cursor-following pullers.
"""

import random
import threading
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from casefile.ids import new_id
from sync_server.auth import authenticate
from tests.server.helpers import valid_fields

LETTERS = "abcdefghijklmnopqrstuvwxyz"  # names hold no digits (the forms' rule)


def device_of(service, dev):
    return authenticate(service.db, f"Bearer {dev.token}")


@contextmanager
def on_begin(service, thread_name: str, reached: threading.Event):
    """Sets *reached* when the thread *thread_name* opens a write transaction, just before the
    database is asked for it (SQLite: ``BEGIN IMMEDIATE``, which waits for the write lock)."""

    def begin(_conn):
        if threading.current_thread().name == thread_name:
            reached.set()

    event.listen(service.db.writer, "begin", begin, insert=True)
    try:
        yield
    finally:
        event.remove(service.db.writer, "begin", begin)


def creates(dev, n, tag):
    return [
        dev.op("client", new_id(), fields=valid_fields("client", family_name=f"{tag}{LETTERS[i]}"))
        for i in range(n)
    ]


class Follower(threading.Thread):
    """Pulls like a device: from its cursor, page after page, until told to stop."""

    def __init__(self, service, device, limit: int = 3):
        super().__init__(daemon=True)
        self.service, self.device, self.limit = service, device, limit
        self.cursor, self.seen = 0, {}
        self.stop = threading.Event()
        self.errors = []
        self.rounds = 0
        self.pulled = threading.Condition()

    def wait_rounds(self, n: int, timeout: float = 10) -> bool:
        """Wait until *n* more pulls have completed."""
        with self.pulled:
            target = self.rounds + n
            return self.pulled.wait_for(lambda: self.rounds >= target or self.errors, timeout)

    def run(self):
        try:
            while True:
                last_round = self.stop.is_set()
                page = self.service.pull(self.device, self.cursor, self.limit, None)
                for c in page["changes"]:
                    self.seen[c["id"]] = c["seq"]
                self.cursor = page["next_cursor"]
                with self.pulled:
                    self.rounds += 1
                    self.pulled.notify_all()
                if last_round and not page["has_more"]:
                    return
                time.sleep(0.002)
        except Exception as exc:  # surfaced by the test, not swallowed
            with self.pulled:
                self.errors.append(exc)
                self.pulled.notify_all()


def test_a_later_push_waits_for_the_earlier_commit_and_no_change_is_skipped(service, make_device):
    slow_dev, fast_dev, reader = make_device(), make_device(), make_device()
    slow, fast = device_of(service, slow_dev), device_of(service, fast_dev)
    holding, fast_begins, fast_done, released = (threading.Event() for _ in range(4))
    returned = []  # the pushes in the order they returned
    seen_while_open: set[str] = set()  # what the puller had while the slow push was open

    def hold(_conn):
        if threading.current_thread().name == "slow":
            holding.set()  # the slow push has its numbers and rows, not yet committed
            if service.db.is_sqlite:  # the fast push has come to the write lock
                fast_begins.wait(10)
            elif fast_done.wait(10):  # the fast push committed; a pull ran after it
                follower.wait_rounds(2)
                seen_while_open.update(follower.seen)
            released.set()

    service.before_commit = hold
    follower = Follower(service, device_of(service, reader))
    follower.start()
    slow_ops, fast_ops = creates(slow_dev, 5, "slow"), creates(fast_dev, 5, "fast")

    def run(name, dev, device, ops):
        service.push(device, dev.body(ops))
        returned.append(name)
        if name == "fast":
            fast_done.set()

    t_slow = threading.Thread(target=run, args=("slow", slow_dev, slow, slow_ops), name="slow")
    t_fast = threading.Thread(target=run, args=("fast", fast_dev, fast, fast_ops), name="fast")
    with on_begin(service, "fast", fast_begins):
        t_slow.start()
        assert holding.wait(10)
        t_fast.start()
        t_slow.join(20)
        t_fast.join(20)
    assert released.is_set() and fast_begins.is_set()
    follower.stop.set()
    follower.join(20)
    assert not follower.errors

    final = {c["id"]: c["seq"] for c in service.pull(follower.device, 0, 1000, None)["changes"]}
    assert len(final) == 10
    assert follower.seen == final, "the cursor-following puller skipped a change"
    slow_seqs = [final[o["record_id"]] for o in slow_ops]
    fast_seqs = [final[o["record_id"]] for o in fast_ops]
    # Numbers in the order they were taken: the slow push took its own first.
    assert max(slow_seqs) < min(fast_seqs)
    if not service.db.is_sqlite:  # the fast push committed first and did not queue ...
        assert returned == ["fast", "slow"]
        # ... and stayed above the watermark while the slow push was open.
        assert not seen_while_open & {o["record_id"] for o in fast_ops}
    assert sorted(final.values()) == list(range(1, 11))


def test_many_concurrent_pushes_never_leave_a_gap_behind_the_cursor(service, make_device):
    devs = [make_device() for _ in range(4)]
    devices = [device_of(service, d) for d in devs]
    follower = Follower(service, devices[0])
    follower.start()
    pushed = []
    lock = threading.Lock()

    def worker(dev, device, k):
        for round_ in range(8):
            ops = creates(dev, 1 + (round_ * 7 + k) % 5, f"W{LETTERS[k]}r{LETTERS[round_]}-")
            service.push(device, dev.body(ops))
            with lock:
                pushed.extend(o["record_id"] for o in ops)

    threads = [
        threading.Thread(target=worker, args=(d, dv, k))
        for k, (d, dv) in enumerate(zip(devs, devices))
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    follower.stop.set()
    follower.join(20)
    assert not follower.errors
    assert set(follower.seen) == set(pushed)
    assert sorted(follower.seen.values()) == list(range(1, len(pushed) + 1))


def test_a_retry_racing_its_own_first_attempt_applies_once(service, make_device):
    """The client timed out and retried while the first request was still running."""
    dev = make_device()
    device = device_of(service, dev)
    ops = creates(dev, 3, "race")
    entered, retry_begins = threading.Event(), threading.Event()

    def hold(_conn):
        if threading.current_thread().name == "first":
            entered.set()
            retry_begins.wait(10)  # the retry has come to its write transaction meanwhile

    service.before_commit = hold
    out = {}
    first = threading.Thread(
        target=lambda: out.setdefault("first", service.push(device, dev.body(ops))), name="first"
    )
    with on_begin(service, "retry", retry_begins):
        first.start()
        assert entered.wait(10)
        retry = threading.Thread(
            target=lambda: out.setdefault("second", service.push(device, dev.body(ops))),
            name="retry",
        )
        retry.start()
        retry.join(20)
        first.join(20)
    assert retry_begins.is_set()
    assert out["first"]["results"] == out["second"]["results"]
    assert len(service.pull(device, 0, 100, None)["changes"]) == 3


def test_a_writer_that_rolls_back_after_taking_its_numbers_leaves_a_gap_pulls_pass(
    service, make_device
):
    """Its announcement ends with its transaction: nothing holds the watermark back after it."""
    dev = make_device()
    device = device_of(service, dev)

    def fail(_conn):
        raise RuntimeError("the process dies before its commit")

    service.before_commit = fail
    with pytest.raises(RuntimeError):
        service.push(device, dev.body(creates(dev, 3, "dead")))
    service.before_commit = None
    ops = creates(dev, 2, "alive")
    service.push(device, dev.body(ops))
    page = service.pull(device, 0, 100, None)
    assert {c["id"] for c in page["changes"]} == {o["record_id"] for o in ops}
    expected = [1, 2] if service.db.is_sqlite else [4, 5]  # (SQLite: the counter rolled back)
    assert sorted(c["seq"] for c in page["changes"]) == expected
    assert page["next_cursor"] == expected[-1] and not page["has_more"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_concurrent_writers_never_let_a_cursor_skip_a_record(service, make_device, seed):
    """Property: however writers interleave -- slow to commit, rolling back after taking their
    numbers, changing records they wrote before -- a puller that follows its cursor page by
    page ends up with every record at its last committed state (sync-design.md, scenario 12).
    """
    rng = random.Random(seed)
    writers = 4
    devs = [make_device() for _ in range(writers)]
    devices = [device_of(service, d) for d in devs]
    followers = [Follower(service, devices[0], limit) for limit in (1, 3, 7)]
    plans = {  # per writer: (records to create, records to change, commit delay s, roll back)
        k: [
            (
                rng.randint(1, 4),
                rng.randint(0, 2),
                rng.choice([0, 0, 0.002, 0.01, 0.03]),
                rng.random() < 0.2,
            )
            for _ in range(10)
        ]
        for k in range(writers)
    }
    steps: dict[str, tuple[float, bool]] = {}  # thread name -> this push's delay, roll back

    def before_commit(_conn):
        delay, fail = steps.get(threading.current_thread().name, (0, False))
        time.sleep(delay)
        if fail:
            raise RolledBack

    service.before_commit = before_commit
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        dev, device, name = devs[k], devices[k], threading.current_thread().name
        mine: dict[str, str] = {}  # record id -> the clock of its given names
        try:
            for i, (new, change, delay, fail) in enumerate(plans[k]):
                ops = []
                for j in range(new):
                    rid = new_id()
                    fields = valid_fields(
                        "client", family_name=f"W{LETTERS[k]}", given_names=LETTERS[(i + j) % 26]
                    )
                    ops.append(dev.op("client", rid, fields=fields))
                for rid in rng.sample(sorted(mine), min(change, len(mine))):
                    ops.append(
                        dev.op(
                            "client",
                            rid,
                            op="update",
                            fields={"given_names": LETTERS[i % 26] * 2},
                            base={"given_names": mine[rid]},
                        )
                    )
                steps[name] = (delay, fail)
                try:
                    service.push(device, dev.body(ops))
                except RolledBack:
                    continue
                for op in ops:
                    mine[op["record_id"]] = op["hlc"]
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    for f in followers:
        f.start()
    threads = [threading.Thread(target=writer, args=(k,), name=f"w{k}") for k in range(writers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    for f in followers:
        f.stop.set()
    for f in followers:
        f.join(30)
    assert not errors
    for f in followers:
        assert not f.errors
    final = {c["id"]: c["seq"] for c in service.pull(devices[0], 0, 5000, None)["changes"]}
    assert final, "nothing was written"
    for f in followers:
        assert f.seen == final, "a cursor-following puller skipped a record or a change"
    assert len(set(final.values())) == len(final)


class RolledBack(Exception):
    """Raised just before a push's commit: the transaction rolls back with its numbers."""


def test_the_upgrade_numbers_provisional_records_and_keeps_every_cursor(db_url):
    """Revision 0011 (PostgreSQL): records a server of the previous release left provisional
    (negative numbers: committed, not yet numbered) get the next numbers, in the order they
    were written, and the sequence continues after them: a laptop's cursor from before the
    upgrade still means "everything up to here"."""
    from alembic import command

    from sync_server import schema as t
    from sync_server.db import alembic_config, migrate, open_database, reach, record_seqs

    if db_url.startswith("sqlite"):
        pytest.skip("SQLite numbers inside the write transaction, before and after 0011")
    db = open_database(db_url)
    cfg = alembic_config()
    with db.writer.begin() as conn:  # a database of the previous release
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0010")

    def row(rid: str, seq: int) -> dict:
        return {
            "kind": "client",
            "id": rid,
            "client_id": rid,
            "fields": "{}",
            "clocks": "{}",
            "origins": None,
            "deleted": False,
            "seq": seq,
            "updated_at": "2026-12-05T10:00:00.000+00:00",
            "section": "identity",
            "unit": None,
        }

    with db.writer.begin() as conn:
        conn.execute(t.records.insert(), [row(f"r{n}", n) for n in (1, 2, 3)])
        # Written second, then first: provisional numbers count down in writing order.
        conn.execute(t.records.insert(), [row("late", -2), row("early", -1)])
        conn.execute(t.counters.update().values(value=3))
    migrate(db)
    with db.writer.begin() as conn:
        seqs = dict(
            conn.execute(
                t.records.select().with_only_columns(t.records.c.id, t.records.c.seq)
            ).all()
        )
        assert seqs == {"r1": 1, "r2": 2, "r3": 3, "early": 4, "late": 5}
        assert reach(conn) == (5, 5)
        assert record_seqs(conn, 2) == [6, 7]
    db.dispose()
