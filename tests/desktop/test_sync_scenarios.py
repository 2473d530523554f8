"""The sync-design scenarios with real devices (stores, engines) and the real server app.

Scenarios of /work/shared/sync-design.md not already covered by tests/desktop/test_sync_engine.py
(lost push answer, crash mid-pull, restored server, refused edit listed, read-your-writes) or
tests/server (merge rules, replay, clamping and upgrades at the API level):

1. same contact field on two devices offline: later clock wins in either push order, the other
   value is history, three devices converge (values and field clocks);
2. different fields: both kept, no conflict, no history;
3. same identity field: one kept, the conflict is visible on both devices and settled from one;
6. a device clock six hours fast: clamped and flagged, a genuinely later edit still wins;
7. a device one record schema behind: its ops are upgraded, a newer field is never blanked;
9. an offline edit / note for a client erased online: refused and listed, the erasure stands;
10. a device offline for long: many server changes in many pages, a broken long pull resumes
    from its cursor, no unsent note lost, also across a full resync (new epoch);
11. (a variant the restore tests do not cover) edits made after a restore, of records the
    restored server lost.
"""

import gzip
import time

import orjson
import pytest
import requests
from sqlalchemy import text

from casefile import sync
from casefile.hlc import Timestamp
from casefile.ids import new_id
from desktop.store import bulk
from desktop.sync import state
from desktop.sync.errors import Offline
from tests.desktop.harness import (
    erase_online,
    new_client,
    new_consultation,
    notes,
    server_record,
    shared_client,
)

MIN_MS = 60_000
HOUR_MS = 60 * MIN_MS


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def set_wall(dev, offset_ms: int = 0, at=None) -> None:
    """The device's wall clock: real time + *offset_ms*, or the value of ``at()``."""
    dev.store.clock._wall = at or (lambda: now_ms() + offset_ms)


def server_count(app, kind: str) -> int:
    sql = "SELECT count(*) FROM records WHERE kind = :k AND NOT deleted"
    with app.state.service.db.reader.connect() as conn:
        return conn.execute(text(sql), {"k": kind}).scalar()


def stored_result(app, op_id: str) -> dict:
    """The result the server stored for an op (what a replay would be answered with)."""
    with app.state.service.db.reader.connect() as conn:
        return orjson.loads(
            conn.execute(
                text("SELECT result FROM applied_ops WHERE op_id = :o"), {"o": op_id}
            ).scalar()
        )


def history(dev, record_id: str) -> list[dict]:
    """Every conflict and history entry of a client's record, through the device's client."""
    return [
        c
        for c in dev.client.conflicts(open_only=False, limit=5000, client_id=record_id)["conflicts"]
        if c["record_id"] == record_id
    ]


def local_clocks(dev, record_id: str) -> dict:
    with dev.store.engine.connect() as conn:
        return bulk.load_clocks(conn, [record_id]).get(record_id, {})


def edit(dev, client_id: str, **values) -> list[str]:
    client = dev.store.get_client(client_id)
    for k, v in values.items():
        setattr(client, k, v)
    return dev.store.update_client(client)


def last_op_id(dev) -> str:
    return dev.store.outbox()[-1]["op_id"]


# --- 1. same contact field, two devices offline ------------------------------------------------


@pytest.mark.parametrize("order", ["later pushes last", "later pushes first"])
def test_same_phone_on_two_devices_later_clock_wins_and_the_other_is_history(
    make_device, server, order
):
    a, b, reception = make_device("a"), make_device("b"), make_device("reception")
    olena = shared_client([a, b, reception], phone="0151 000")
    set_wall(a, 0)
    set_wall(b, 2 * MIN_MS)  # B's edit is two minutes later (still not clamped)
    edit(a, olena.id, phone="0151 111")
    edit(b, olena.id, phone="0151 222")
    first, second = (a, b) if order == "later pushes last" else (b, a)
    first.sync()
    report = second.sync()
    assert report.conflicts == 0 and report.rejected == 0 and report.open_conflicts == 0
    for d in (a, b, reception):
        d.sync()

    record = server_record(server, olena.id)
    assert record["fields"]["phone"] == "0151 222"
    for d in (a, b, reception):
        assert d.store.get_client(olena.id).phone == "0151 222"
        assert local_clocks(d, olena.id)["phone"] == record["clocks"]["phone"]
        assert d.store.outbox_count() == 0 and state.load(d.store.engine).open_conflicts == 0
    (kept,) = [c for c in history(reception, olena.id) if c["field"] == "phone"]
    assert (kept["value"], kept["winner_value"]) == ("0151 111", "0151 222")
    assert kept["resolved_by"] == "rule" and not kept["needs_person"]  # history, no task


# --- 2. different fields ------------------------------------------------------------------------


def test_different_fields_on_two_devices_are_both_kept_without_a_conflict(make_device, server):
    a, b = make_device("a"), make_device("b")
    olena = shared_client([a, b])
    edit(a, olena.id, phone="0151 333")
    edit(b, olena.id, address="Markt 5, Naumburg", given_names="Olena Maria")
    ra, rb = a.sync(), b.sync()
    a.sync()
    assert (ra.conflicts, rb.conflicts, rb.open_conflicts) == (0, 0, 0)
    for d in (a, b):
        c = d.store.get_client(olena.id)
        assert (c.phone, c.address, c.given_names) == (
            "0151 333",
            "Markt 5, Naumburg",
            "Olena Maria",
        )
    # Nothing of the master data was overwritten, so nothing went to history either.
    fields = {c["field"] for c in history(a, olena.id)}
    assert not fields & {"phone", "address", "given_names"}, fields


# --- 3. same identity field ---------------------------------------------------------------------


def test_same_identity_field_keeps_one_and_both_devices_see_and_settle_the_conflict(
    make_device, server
):
    a, b = make_device("a"), make_device("b")
    olena = shared_client([a, b])
    set_wall(b, MIN_MS)
    edit(a, olena.id, family_name="Kowalenko")
    edit(b, olena.id, family_name="Kovalenko-Schmidt")
    a.sync()
    rb = b.sync()
    ra2 = a.sync()
    assert rb.conflicts == 1  # B's push opened it
    assert ra2.open_conflicts == rb.open_conflicts == 1
    for d in (a, b):
        assert state.load(d.store.engine).open_conflicts == 1
        assert d.store.get_client(olena.id).family_name == "Kovalenko-Schmidt"
        (c,) = d.client.conflicts()["conflicts"]
        assert (c["field"], c["value"], c["winner_value"]) == (
            "family_name",
            "Kowalenko",
            "Kovalenko-Schmidt",
        )
        assert c["needs_person"] and c["client_id"] == olena.id

    # A person on laptop A keeps the losing spelling; both laptops get it and the count drops.
    done = a.client.resolve(c["id"], "Kowalenko")
    assert done["settled"] == [c["id"]]
    for d in (b, a):
        report = d.sync()
        assert report.open_conflicts == 0 and state.load(d.store.engine).open_conflicts == 0
        assert d.store.get_client(olena.id).family_name == "Kowalenko"
        assert [h.id for h in d.store.search("Kowalenko Olena")] == [olena.id]
    assert server_record(server, olena.id)["fields"]["family_name"] == "Kowalenko"


# --- 6. a clock six hours fast ------------------------------------------------------------------


def test_a_device_six_hours_fast_is_clamped_and_flagged_and_a_later_edit_still_wins(
    make_device, server
):
    fast, honest, reception = make_device("fast"), make_device("honest"), make_device("reception")
    olena = shared_client([honest, fast, reception], phone="0151 000")
    set_wall(fast, 6 * HOUR_MS)
    edit(fast, olena.id, phone="0151 601")
    edit(fast, olena.id, phone="0151 602")  # based on its own (six hours fast) write
    ops = fast.store.outbox()
    before = now_ms()
    assert fast.sync().conflicts == 0
    results = [stored_result(server, op["op_id"]) for op in ops]
    assert [(r["status"], r["clamped"]) for r in results] == [("applied", True)] * 2  # flagged
    for op, result in zip(ops, results):
        recorded = Timestamp.decode(result["hlc"])
        assert recorded.wall_ms < Timestamp.decode(op["hlc"]).wall_ms - 5 * HOUR_MS
        assert before - 1000 <= recorded.wall_ms <= now_ms() + sync.MAX_FUTURE_MS
    record = server_record(server, olena.id)
    assert record["fields"]["phone"] == "0151 602"
    assert Timestamp.decode(record["clocks"]["phone"]).wall_ms <= now_ms() + sync.MAX_FUTURE_MS
    assert local_clocks(fast, olena.id)["phone"] == record["clocks"]["phone"]
    # The second edit was based on the first: the fast device is not in conflict with itself.
    assert [c for c in history(fast, olena.id) if c["field"] == "phone"] == []

    # A genuinely later edit on a correct clock, concurrent (made before it saw the fast
    # device's values), still wins: six hours ahead bought the fast device nothing.
    set_wall(honest, 1000)
    edit(honest, olena.id, phone="0151 700")
    honest.sync()
    for d in (fast, honest, reception):
        d.sync()
        assert d.store.get_client(olena.id).phone == "0151 700"
    kept = [c["value"] for c in history(reception, olena.id) if c["field"] == "phone"]
    assert "0151 602" in kept


def test_an_edit_made_an_hour_after_the_fast_devices_still_wins_when_the_fast_one_was_offline(
    make_device, server, monkeypatch
):
    import sync_server.service as service_module

    class ServerTime:  # the server's clock, moved by the test
        now = now_ms()

        @staticmethod
        def time_ns():
            return ServerTime.now * 1_000_000

        sleep = staticmethod(time.sleep)

    monkeypatch.setattr(service_module, "time", ServerTime)
    fast, honest = make_device("fast"), make_device("honest")
    olena = shared_client([honest, fast], phone="0151 000")
    set_wall(fast, at=lambda: ServerTime.now + 6 * HOUR_MS)
    set_wall(honest, at=lambda: ServerTime.now)
    ServerTime.now += MIN_MS
    edit(fast, olena.id, phone="0151 601")  # 10:01 real time, offline
    ServerTime.now += HOUR_MS
    edit(honest, olena.id, phone="0151 700")  # 11:01: genuinely an hour later
    honest.sync()
    ServerTime.now += HOUR_MS
    fast.sync()  # 12:01: the fast laptop comes online
    honest.sync()
    assert server_record(server, olena.id)["fields"]["phone"] == "0151 700"


# --- 7. one record schema behind ----------------------------------------------------------------


@pytest.fixture
def newer_server(monkeypatch):
    """The server (and the wire modules: casefile.sync, the value check casefile.wire) at record
    schema N+1, which adds the client field ``email``; upgrades of N ops are recorded."""
    from casefile import wire

    upgraded = []

    def upgrade(op):
        upgraded.append(op.op_id)
        return op

    monkeypatch.setattr(sync, "SCHEMA_VERSION", sync.SCHEMA_VERSION + 1)
    monkeypatch.setitem(sync.KIND_FIELDS, "client", sync.KIND_FIELDS["client"] | {"email"})
    monkeypatch.setitem(
        wire.FIELD_TYPES, "client", {**wire.FIELD_TYPES["client"], "email": wire._text}
    )
    monkeypatch.setitem(sync.UPGRADES, sync.SCHEMA_VERSION - 1, upgrade)
    return upgraded


def as_old_client(dev, schema: int) -> None:
    """The laptop's engine sends its pushes as a client of record schema *schema*."""
    real = dev.client.push

    def push(body):
        return real({**body, "schema": schema})

    dev.client.push = push


def test_a_device_one_schema_behind_is_upgraded_and_never_blanks_a_newer_field(
    make_device, server, newer_server
):
    old_schema = sync.SCHEMA_VERSION - 1
    new, old = make_device("new"), make_device("old")
    as_old_client(old, old_schema)
    olena = shared_client([new, old], phone="0151 000")
    # A device of the new schema writes the new field (raw op: the desktop has no column yet).
    clocks = server_record(server, olena.id)["clocks"]
    state_new = state.load(new.store.engine)
    answer = new.client.push(
        {
            "protocol": sync.PROTOCOL_VERSION,
            "schema": sync.SCHEMA_VERSION,
            "epoch": state_new.epoch,
            "device_id": new.device_id,
            "ops": [
                {
                    "op_id": new_id(),
                    "kind": "client",
                    "record_id": olena.id,
                    "op": "update",
                    "hlc": new.store.clock.now().encode(),
                    "fields": {"email": "olena@example.org"},
                    "base": {"email": clocks.get("email")},
                }
            ],
        }
    )
    assert answer["results"][0]["status"] == "applied"

    # The old laptop pulls a record with a field it does not know, and keeps working.
    old.sync()
    assert old.store.get_client(olena.id).phone == "0151 000"
    edit(old, olena.id, phone="0151 888", address="Markt 7")
    op_id = last_op_id(old)
    report = old.sync()
    assert report.pushed == 1 and report.rejected == 0
    assert op_id in newer_server  # the op was upgraded
    fields = server_record(server, olena.id)["fields"]
    assert fields["email"] == "olena@example.org"  # not blanked
    assert (fields["phone"], fields["address"]) == ("0151 888", "Markt 7")
    # A client the old laptop registers simply has no e-mail yet; nothing is invented.
    kira = new_client("Petrenko", "Kira")
    old.store.create_client(kira)
    old.sync()
    assert "email" not in server_record(server, kira.id)["fields"]
    new.sync()
    assert new.store.get_client(olena.id).phone == "0151 888"
    assert new.store.get_client(kira.id).family_name == "Petrenko"


def test_an_old_clients_renamed_field_is_upgraded_not_rejected(make_device, server, monkeypatch):
    def telephone_became_phone(op):
        fields = dict(op.fields)
        if "telephone" in fields:
            fields["phone"] = fields.pop("telephone")
        base = {("phone" if k == "telephone" else k): v for k, v in op.base.items()}
        return sync.Op(op.op_id, op.kind, op.record_id, op.op, op.hlc, fields, base)

    monkeypatch.setattr(sync, "SCHEMA_VERSION", sync.SCHEMA_VERSION + 1)
    monkeypatch.setitem(sync.UPGRADES, sync.SCHEMA_VERSION - 1, telephone_became_phone)
    old = make_device("old")
    olena = shared_client([old], phone="0151 000")
    clock = server_record(server, olena.id)["clocks"]["phone"]
    answer = old.client.push(
        {
            "protocol": sync.PROTOCOL_VERSION,
            "schema": sync.SCHEMA_VERSION - 1,
            "epoch": state.load(old.store.engine).epoch,
            "device_id": old.device_id,
            "ops": [
                {
                    "op_id": new_id(),
                    "kind": "client",
                    "record_id": olena.id,
                    "op": "update",
                    "hlc": old.store.clock.now().encode(),
                    "fields": {"telephone": "0151 444"},
                    "base": {"telephone": clock},
                }
            ],
        }
    )
    result = answer["results"][0]
    assert result["status"] == "applied", (result["reason"], result["detail"])
    assert server_record(server, olena.id)["fields"]["phone"] == "0151 444"


# --- 9. edits of a client erased online ---------------------------------------------------------


def test_an_offline_edit_of_an_erased_client_is_refused_and_the_erasure_stands(make_device, server):
    a, b, reception = make_device("a"), make_device("b"), make_device("reception")
    olena = shared_client([a, b, reception])
    edit(b, olena.id, phone="0171 999", family_name="Kowalenko")  # offline on B
    erase_online(server, olena.id, a)  # an administrator erases; A syncs
    report = b.sync()
    assert report.rejected == 1
    (rej,) = state.rejections(b.store.engine)
    assert rej.reason == "deleted" and rej.fields["phone"] == "0171 999"
    assert "gelöscht" in sync.REASONS[rej.reason]
    record = server_record(server, olena.id)
    # Not resurrected; the tombstone keeps nothing of the person (no name, no phone).
    assert record["deleted"] and record["fields"] == {}
    assert set(record["clocks"]) == {"_deleted"}
    assert history(a, olena.id) == []  # a refusal is not a merge conflict
    for d in (a, b, reception):
        d.sync()
        assert d.store.get_client(olena.id) is None and d.store.client_count() == 0
    # The refusal stays listed (until a person settles it) and is never sent again.
    assert b.sync().pushed == 0 and len(state.rejections(b.store.engine)) == 1


def test_a_note_saved_offline_for_an_erased_client_is_refused_and_listed(make_device, server):
    a, b, reception = make_device("a"), make_device("b"), make_device("reception")
    olena = shared_client([a, b, reception])
    note = new_consultation(olena.id, "Gespräch nach der Löschung")
    b.store.add_consultation(note)  # offline on B
    erase_online(server, olena.id, a)
    report = b.sync()
    reception.sync()
    assert note.id not in notes(reception)  # the erased person's data is not spread
    assert report.rejected == 1
    (rej,) = state.rejections(b.store.engine)
    assert rej.record_id == note.id and rej.reason == "deleted"
    assert rej.fields["note"] == "Gespräch nach der Löschung"  # kept for a person


def test_an_erasure_takes_the_persons_notes_and_household_links_from_every_device(
    make_device, server
):
    from casefile.records import HouseholdLink

    a, b = make_device("a"), make_device("b")
    olena = shared_client([a, b])
    son = new_client(
        "Kovalenko", "Taras", birth_date=__import__("datetime").date(2012, 5, 1), sex="m"
    )
    a.store.create_client(son)
    a.store.add_household_link(HouseholdLink(son.id, olena.id, "parent"), reverse_relation="child")
    kept = new_consultation(son.id, "Gespräch mit Taras")
    gone = new_consultation(olena.id, "Gespräch mit Olena")
    a.store.add_consultation(kept)
    a.store.add_consultation(gone)
    a.sync()
    b.sync()
    assert set(notes(b)) == {kept.id, gone.id}
    assert erase_online(server, olena.id, a) == {"client_id": olena.id, "erased": 4}
    b.sync()
    for d in (a, b):
        assert set(notes(d)) == {kept.id}  # the son's file is untouched
        assert d.store.client_file(son.id).household == []  # no link to an erased person
    assert server_record(server, gone.id)["deleted"]
    assert server_record(server, gone.id)["fields"] == {"client_id": olena.id}  # no note left
    assert not server_record(server, kept.id)["deleted"]
    assert server_count(server, "household_link") == 0


# --- 11. restored server: edits made after the restore ---------------------------------------


@pytest.mark.parametrize("first", ["editor", "creator"])
def test_edits_made_after_a_restore_of_records_the_server_lost_are_not_refused(
    make_device, server, tmp_path, first
):
    import sqlite3

    from casefile.records import Alias
    from sync_server.admin import new_epoch

    a, b = make_device("a"), make_device("b")
    db_file, backup = tmp_path / "server.sqlite", tmp_path / "backup.sqlite"
    with sqlite3.connect(db_file) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)  # last night's backup
    kira = new_client("Petrenko", "Kira", aliases=[Alias("Petrenko", "Kyra")])
    a.store.create_client(kira)
    a.sync()
    b.sync()
    server.state.service.db.dispose()  # restored; IT sets a new epoch
    with sqlite3.connect(backup) as src, sqlite3.connect(db_file) as dst:
        src.backup(dst)
    new_epoch(server.state.service.db)

    # B, which did not create the file, corrects it before anyone synced with the restored server.
    assert edit(b, kira.id, phone="0151 5", aliases=[]) == ["client_alias", "phone", "updated_at"]
    order = [b, a, b] if first == "editor" else [a, b, a]
    for d in order:
        d.sync()
    for d in (a, b):
        got = d.store.get_client(kira.id)
        assert (got.phone, got.aliases) == ("0151 5", [])
    assert state.rejections(a.store.engine) == state.rejections(b.store.engine) == []


# --- 10. offline for long ------------------------------------------------------------------------


class Recorder:
    """A fault hook that records the pull cursors asked for, and can cut the network."""

    def __init__(self):
        self.cursors: list[int] = []
        self.cut_after_pulls: int | None = None

    def __call__(self, request, phase):
        if phase == "before" and request.url.endswith("/sync/push"):
            # A push that asks for the first pull page along pulls from that cursor too.
            body = request.body
            if request.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            along = orjson.loads(body).get("pull")
            if along is not None:
                self.cursors.append(along["cursor"])
            return
        if phase != "before" or "/sync/pull" not in request.url:
            return
        cursor = int(request.url.split("cursor=")[1].split("&")[0])
        if "limit=1&" in request.url or request.url.endswith("limit=1"):
            return  # the size probes of the progress estimate
        if self.cut_after_pulls is not None and len(self.cursors) >= self.cut_after_pulls:
            raise requests.ConnectionError("the train entered a tunnel")
        self.cursors.append(cursor)


def cut_pull(device, page_size: int) -> Recorder:
    """A sync of *device* that pulls pages of *page_size* and loses the network after three:
    it ends Offline. Returns the recorder, cut off still, with the cursors pulled."""
    device.engine.page_size = page_size
    recorder = Recorder()
    recorder.cut_after_pulls = 3
    device.adapter.fault = recorder
    with pytest.raises(Offline):
        device.sync()
    return recorder


def test_a_device_offline_for_long_resumes_its_pull_and_loses_no_unsent_note(make_device, server):
    a, b, reception = make_device("a"), make_device("b"), make_device("reception")
    olena = shared_client([a, b, reception], phone="0151 000", address="Alt 1")
    written = {}
    # B goes offline and works: notes for an existing and a new client, an edit.
    for n in range(3):
        cons = new_consultation(olena.id, f"unterwegs {n}")
        b.store.add_consultation(cons)
        written[cons.id] = cons.note
    kira = new_client("Petrenko", "Kira")
    b.store.create_client(kira)
    cons = new_consultation(kira.id, "Erstgespräch unterwegs")
    b.store.add_consultation(cons)
    written[cons.id] = cons.note
    edit(b, olena.id, phone="0151 999")
    # Meanwhile the office keeps working: many clients and notes, and an edit of Olena.
    for n in range(60):
        c = new_client(f"Berger{chr(97 + n % 26)}", f"Anna{chr(97 + n // 26)}")
        d = (a, reception)[n % 2]
        d.store.create_client(c)
        cons = new_consultation(c.id, f"Büro {n}")
        d.store.add_consultation(cons)
        written[cons.id] = cons.note
    edit(a, olena.id, address="Markt 9")
    a.sync()
    reception.sync()

    # B comes back; the connection breaks in the middle of the long pull.
    start = state.load(b.store.engine).cursor
    recorder = cut_pull(b, page_size=20)
    assert b.store.outbox_count() == 0  # the push went through first
    stored = state.load(b.store.engine).cursor
    assert stored > 0 and recorder.cursors[0] == start and len(set(recorder.cursors)) >= 2
    recorder.cursors.clear()
    recorder.cut_after_pulls = None
    b.sync()
    assert recorder.cursors[0] == stored  # resumed, not started over
    for d in (a, reception, b):
        d.sync()
    assert server_count(server, "consultation") == len(written)  # none lost, none twice
    for d in (a, b, reception):
        assert notes(d) == written
        got = d.store.get_client(olena.id)
        assert (got.phone, got.address) == ("0151 999", "Markt 9")
        assert d.store.client_count() == 62


def test_unsent_notes_survive_a_full_resync_interrupted_halfway(make_device, server):
    """The server says "start over" (a new epoch) while the laptop holds unsent notes, and the
    full pull that follows breaks halfway: the outbox is replayed, nothing is lost or doubled."""
    from sync_server.admin import new_epoch

    a, b = make_device("a"), make_device("b")
    olena = shared_client([a, b])
    written = {}
    for n in range(30):
        c = new_client(f"Conrad{chr(97 + n % 26)}", "Paul")
        a.store.create_client(c)
        cons = new_consultation(c.id, f"Büro {n}")
        a.store.add_consultation(cons)
        written[cons.id] = cons.note
    a.sync()
    b.sync()
    for n in range(2):
        cons = new_consultation(olena.id, f"noch nicht gesendet {n}")
        b.store.add_consultation(cons)
        written[cons.id] = cons.note
    new_epoch(server.state.service.db)
    recorder = cut_pull(b, page_size=10)
    recorder.cut_after_pulls = None
    b.sync()
    b.sync()
    a.sync()
    assert server_count(server, "consultation") == len(written)
    assert notes(a) == notes(b) == written
    assert b.store.outbox_count() == 0 and not state.load(b.store.engine).resync
    assert state.rejections(a.store.engine) == state.rejections(b.store.engine) == []
