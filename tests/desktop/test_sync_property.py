"""Property test of the real sync: three devices, the real server, random edits, syncs and faults.

Two laptops and a reception PC, each with its own Store file and SyncEngine, talk to the real
server app in-process (the harness's transport adapter). Hypothesis draws a sequence of
local edits (create a client, edit a master-data field, add a consultation with a note, add a
task, mark a task done), sync rounds with an injected fault (the network fails before the
server sees a request, the answer is lost after the server committed, the laptop crashes in
the middle of applying a pulled page or a push answer, the user saves during a round), skewed
device clocks (hours fast or slow), and a server restored from a backup (new epoch). After the
run every device syncs without faults until quiet, and the oracle checks:

* convergence: every device holds exactly the server's clients (master data and the field
  clocks), consultations (ids, notes) and tasks (done flags);
* no note lost: every consultation any device ever saved is on the server and every device,
  once (no duplicate from a replayed push);
* never lose, always surface: every field value a device saved is in the final data, or a
  conflict/history row on the server lists it, or a later edit was based on it;
* read-your-writes after every round, failed or not: unsent edits show locally;
* nothing was refused (there are no deletes here; also not after a restore, where a laptop
  re-creates what the server lost before it sends its edits), and every device shows the
  server's open conflicts.

The model-level counterpart (merge rules only) is tests/casefile/test_sync_convergence.py.
Examples per run: MIA_HYPOTHESIS_SYNC_EXAMPLES (default 25).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import orjson
import requests
from hypothesis import HealthCheck, event, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule
from sqlalchemy import text

from casefile.records import Task
from desktop.store import bulk
from desktop.sync import apply, state
from desktop.sync.errors import SyncError
from tests.desktop.harness import (
    PASSWORD,
    Device,
    asgi_client,
    new_client,
    new_consultation,
    server_app,
)
from tests.names import letters

FIELDS = ("family_name", "given_names", "phone", "address")
HOUR_MS = 3600 * 1000
USER = "a.schneider"


class Crash(Exception):
    """The laptop died (power cut) in the middle of a local transaction."""


def unique_value(field: str, n: int) -> str:
    """A valid value no other edit uses, so the oracle can tell every edit apart."""
    if field == "family_name":
        return f"Nachname{letters(n)}"
    if field == "given_names":
        return f"Vorname{letters(n)}"
    if field == "phone":
        return f"0151 {n:06d}"
    return f"Marktstraße {n}"


class ReadyDevice(Device):
    """A harness Device, registered by IT's create-device (no password hash per device: fast)."""

    engine_options = {"page_size": 5}

    def register(self, user: str, name: str) -> tuple[str, str, str]:
        from sync_server.auth import create_device

        device_id, token = create_device(self.app.state.service.db, user, name)
        return device_id, token, self.app.state.service.epoch()


def start_server(folder: Path):
    """The same set-up as the harness's ``server`` fixture, outside pytest's fixtures."""
    from sync_server.auth import create_user

    # The generated clients look alike on purpose; merges are tested in test_sync_identity.py,
    # here the model is plain replication.
    app = server_app(folder)
    tc = asgi_client(app)
    tc.__enter__()
    app.state.tc = tc
    create_user(app.state.service.db, USER, PASSWORD, ["caseworker"], ["integration"])
    return app


def fault_maker(target: str, phase: str, k: int, persistent: bool):
    """A ``fault(request, phase)`` hook: the k-th request to *target* fails in *phase*
    (and, if persistent, every later one: the network stays down for the round)."""
    seen = itertools.count()

    def fault(request, when):
        if when != phase or (target != "any" and f"/sync/{target}" not in request.url):
            return
        i = next(seen)
        if i == k or (persistent and i > k):
            raise requests.ConnectionError(f"injected: {target} {phase} #{i}")

    return fault


def server_rows(app, kind: str) -> dict[str, dict]:
    with app.state.service.db.reader.connect() as conn:
        return {
            r.id: {
                "fields": orjson.loads(r.fields),
                "clocks": orjson.loads(r.clocks),
                "deleted": bool(r.deleted),
            }
            for r in conn.execute(
                text("SELECT id, fields, clocks, deleted FROM records WHERE kind = :k"), {"k": kind}
            )
        }


def local_rows(store, sql: str) -> dict[str, tuple]:
    with store.engine.connect() as conn:
        return {r[0]: tuple(r[1:]) for r in conn.execute(text(sql))}


class ThreeDevices(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        from desktop.store.repo import Store

        self.folder = Path(tempfile.mkdtemp(prefix="mia-sync-prop-"))
        self.app = start_server(self.folder)
        self.stores = []
        self.devices: list[ReadyDevice] = []
        for name in ("laptop-1", "laptop-2", "reception"):
            store = Store.open(self.folder / f"{name}.sqlite")
            self.stores.append(store)
            self.devices.append(ReadyDevice(self.app, store, USER, name))
        self.clients: list[str] = []  # every client id made anywhere
        self.tasks: list[str] = []
        self.notes: dict[str, str] = {}  # consultation id -> note, as saved
        self.done: set[str] = set()  # tasks some device marked done
        # Every saved field value, and every value an edit replaced (what it was based on).
        self.saved: list[tuple[str, str, str, str]] = []  # (client, field, value, device)
        self.based_on: set[tuple[str, str, str]] = set()  # (client, field, value an edit replaced)
        self.counter = itertools.count()
        self.has_backup = self.restored = False

    # --- helpers ---------------------------------------------------------------------------

    def has(self, d: int, ids: list[str], table: str) -> list[str]:
        mine = local_rows(self.devices[d].store, f"SELECT id FROM {table}")
        return [i for i in ids if i in mine]

    # --- local work ------------------------------------------------------------------------

    @initialize(owners=st.lists(st.integers(0, 2), min_size=1, max_size=3))
    def known_clients(self, owners):
        """Clients every device already holds (a shared caseload): edits can collide at once."""
        for d in owners:
            self.create_client(d)
        self.everyone_syncs()

    @rule(d=st.integers(0, 2))
    def create_client(self, d):
        n = next(self.counter)
        client = new_client(
            unique_value("family_name", n),
            unique_value("given_names", n),
            phone=unique_value("phone", n),
            address=unique_value("address", n),
        )
        self.devices[d].store.create_client(client)
        self.clients.append(client.id)
        for f in FIELDS:
            self.saved.append((client.id, f, getattr(client, f), self.devices[d].device_id))

    @rule(d=st.integers(0, 2), pick=st.integers(0, 50), f=st.sampled_from(FIELDS))
    def edit_field(self, d, pick, f):
        dev = self.devices[d]
        mine = self.has(d, self.clients, "client")
        if not mine:
            return
        cid = mine[pick % len(mine)]
        client = dev.store.get_client(cid)
        old = getattr(client, f)
        new = unique_value(f, next(self.counter))
        setattr(client, f, new)
        changed = dev.store.update_client(client)
        assert f in changed
        self.saved.append((cid, f, new, dev.device_id))
        self.based_on.add((cid, f, old))
        assert getattr(dev.store.get_client(cid), f) == new  # read-your-writes

    @rule(
        first=st.integers(0, 2),
        second=st.integers(0, 2),
        pick=st.integers(0, 50),
        f=st.sampled_from(FIELDS),
    )
    def both_edit_one_field(self, first, second, pick, f):
        """Two devices edit the same field of one client, each without the other's edit."""
        shared = [
            c
            for c in self.has(first, self.clients, "client")
            if c in self.has(second, self.clients, "client")
        ]
        if first == second or not shared:
            return
        cid = shared[pick % len(shared)]
        for d in (first, second):
            self.edit_field(d, self.has(d, self.clients, "client").index(cid), f)

    @rule(d=st.integers(0, 2), pick=st.integers(0, 50))
    def add_consultation(self, d, pick):
        dev = self.devices[d]
        mine = self.has(d, self.clients, "client")
        if not mine:
            return
        cid = mine[pick % len(mine)]
        note = f"Beratung {next(self.counter)}: Wohnungssuche, Sprachkurs"
        cons = new_consultation(cid, note)
        dev.store.add_consultation(cons)
        self.notes[cons.id] = note

    @rule(d=st.integers(0, 2), pick=st.integers(0, 50))
    def add_task(self, d, pick):
        dev = self.devices[d]
        mine = self.has(d, self.clients, "client")
        if not mine:
            return
        task = Task(
            mine[pick % len(mine)],
            dt.date.today() + dt.timedelta(days=7),
            f"Wiedervorlage {next(self.counter)}",
        )
        dev.store.add_task(task)
        self.tasks.append(task.id)

    @rule(d=st.integers(0, 2), pick=st.integers(0, 50))
    def mark_task_done(self, d, pick):
        dev = self.devices[d]
        mine = self.has(d, self.tasks, "task")
        if not mine:
            return
        task_id = mine[pick % len(mine)]
        dev.store.set_task_done(task_id)
        self.done.add(task_id)

    @rule(d=st.integers(0, 2), hours=st.integers(-8, 8))
    def skew_clock(self, d, hours):
        """The device's wall clock runs *hours* fast (or slow); 0 sets it right again."""
        self.devices[d].store.clock._wall = lambda off=hours * HOUR_MS: (
            time.time_ns() // 1_000_000 + off
        )

    # --- sync ------------------------------------------------------------------------------

    @rule(
        d=st.integers(0, 2),
        fault=st.sampled_from(["none", "before", "after", "crash", "save"]),
        where=st.sampled_from(["push", "pull", "any"]),
        k=st.integers(0, 3),
        persistent=st.booleans(),
    )
    def sync(self, d, fault, where, k, persistent):
        dev = self.devices[d]
        real_apply = apply.apply_changes
        calls = itertools.count()
        if fault in ("before", "after"):
            dev.adapter.fault = fault_maker(where, fault, k, persistent)
        elif fault == "crash":

            def crashing(conn, changes, epoch="", **options):
                result = real_apply(conn, changes, epoch, **options)  # the work is done ...
                if next(calls) == k:
                    raise Crash("power cut before the local commit")  # ... never committed
                return result

            apply.apply_changes = crashing
        elif fault == "save":
            real_pull = dev.engine._pull
            sent = [op["record_id"] for op in dev.store.outbox() if op["kind"] == "client"]

            def pull_after_a_save(report, progress):
                # The user saves while the background round runs: after its push, before its
                # pull. The pull brings back what was just pushed, and must keep the unsent
                # edit on top (read-your-writes).
                mine = self.has(d, self.clients, "client")
                pick = mine.index(sent[k % len(sent)]) if sent else k
                event(f"save during a round, after a push: {bool(sent)}")
                self.edit_field(d, pick, FIELDS[k % len(FIELDS)])
                return real_pull(report, progress)

            dev.engine._pull = pull_after_a_save
        try:
            dev.sync()
            event(f"sync: {fault} fault, round completed")
        except (SyncError, Crash) as exc:
            assert fault not in ("none", "save"), exc
            event(f"sync: {fault} fault, round failed")
        finally:
            dev.adapter.fault = None
            apply.apply_changes = real_apply
            dev.engine.__dict__.pop("_pull", None)
        self.check_read_your_writes(dev)

    @rule()
    def backup(self):
        """Last night's backup of the server database."""
        with (
            sqlite3.connect(self.folder / "server.sqlite") as src,
            sqlite3.connect(self.folder / "backup.sqlite") as dst,
        ):
            src.backup(dst)
        self.has_backup = True

    @rule()
    def restore(self):
        """The server is restored from the backup, and IT sets a new epoch."""
        from sync_server.admin import new_epoch

        if not self.has_backup:
            return
        self.app.state.service.db.dispose()
        with (
            sqlite3.connect(self.folder / "backup.sqlite") as src,
            sqlite3.connect(self.folder / "server.sqlite") as dst,
        ):
            src.backup(dst)
        new_epoch(self.app.state.service.db)
        self.restored = True
        event("server restored")

    @rule()
    def everyone_syncs(self):
        """A quiet moment: every device syncs once (spreads the clients around)."""
        for dev in self.devices:
            dev.sync()

    def check_read_your_writes(self, dev):
        """Whatever the round did, the device shows its own unsent values and records.

        Entries queued again for a restored server (``resent``) were acknowledged once and
        may since have been overtaken by a newer value pulled from elsewhere: the laptop
        shows that newer value, so only never-sent entries bind the display."""
        latest: dict[tuple[str, str], object] = {}
        created: set[tuple[str, str]] = set()
        for op in dev.store.outbox():
            payload = orjson.loads(op["payload"])
            created |= {(op["kind"], op["record_id"])} if op["op"] == "create" else set()
            if op["kind"] == "client" and not op["resent"]:
                for f in FIELDS:
                    if f in payload:
                        latest[(op["record_id"], f)] = payload[f]
        for kind, rid in created:
            table = apply.TABLES[kind].name
            assert local_rows(dev.store, f"SELECT id FROM {table} WHERE id = '{rid}'"), (kind, rid)
        for (cid, f), value in latest.items():
            assert getattr(dev.store.get_client(cid), f) == value, (cid, f)

    # --- the oracle --------------------------------------------------------------------------

    def teardown(self):
        try:
            self.settle_and_check()
        finally:
            for store in self.stores:
                store.close()
            self.app.state.tc.__exit__(None, None, None)
            self.app.state.service.db.dispose()
            shutil.rmtree(self.folder, ignore_errors=True)

    def settle_and_check(self):
        for dev in self.devices:
            dev.store.clock._wall = lambda: time.time_ns() // 1_000_000
        for _round in range(2):
            for dev in self.devices:
                dev.sync()

        clients = server_rows(self.app, "client")
        consultations = server_rows(self.app, "consultation")
        tasks = server_rows(self.app, "task")
        assert set(clients) == set(self.clients)
        assert not any(r["deleted"] for r in clients.values())

        # No note lost, none twice: every saved consultation is on the server, as saved.
        assert {i: r["fields"]["note"] for i, r in consultations.items()} == self.notes
        assert set(tasks) == set(self.tasks)
        for task_id, r in tasks.items():
            assert r["fields"]["done"] == (task_id in self.done), task_id  # done wins

        conflicts = self.devices[0].client.conflicts(open_only=False, limit=5000)
        assert not conflicts["has_more"]
        kept = {(c["record_id"], c["field"], c["value"]) for c in conflicts["conflicts"]}
        open_count = sum(1 for c in conflicts["conflicts"] if c["resolved_at"] is None)

        want_clients = {i: tuple(r["fields"][f] for f in FIELDS) for i, r in clients.items()}
        want_clocks = {i: tuple(r["clocks"][f] for f in FIELDS) for i, r in clients.items()}
        want_notes = {
            i: (r["fields"]["client_id"], r["fields"]["note"]) for i, r in consultations.items()
        }
        want_tasks = {i: (bool(r["fields"]["done"]),) for i, r in tasks.items()}
        for dev in self.devices:
            store = dev.store
            assert store.outbox_count() == 0
            refused = state.rejections(store.engine)
            assert refused == []
            assert state.load(store.engine).open_conflicts == open_count
            got = local_rows(store, f"SELECT id, {', '.join(FIELDS)} FROM client WHERE NOT deleted")
            assert got == want_clients
            with store.engine.connect() as conn:
                clocks = bulk.load_clocks(conn, list(want_clients))
            assert {
                i: tuple(clocks.get(i, {}).get(f) for f in FIELDS) for i in want_clients
            } == want_clocks
            assert local_rows(store, "SELECT id, client_id, note FROM consultation") == want_notes
            assert {
                i: (bool(v[0]),) for i, v in local_rows(store, "SELECT id, done FROM task").items()
            } == want_tasks

        # Never lose, always surface: each saved value is in the data, in the server's
        # conflicts/history, or was the base of a later edit.
        for cid, f, value, device_id in self.saved:
            assert (
                clients[cid]["fields"][f] == value
                or (cid, f, value) in kept
                or (cid, f, value) in self.based_on
            ), f"edit lost: {f}={value!r} of {device_id}"
            event(
                "saved value: "
                + (
                    "in the data"
                    if clients[cid]["fields"][f] == value
                    else "based on by a later edit"
                    if (cid, f, value) in self.based_on
                    else "kept as a conflict only"
                )
            )
        event(f"open conflicts: {min(open_count, 3)}{'+' if open_count >= 3 else ''}")


ThreeDevices.TestCase.settings = settings(
    max_examples=int(os.environ.get("MIA_HYPOTHESIS_SYNC_EXAMPLES", "25")),
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestThreeDevices = ThreeDevices.TestCase
