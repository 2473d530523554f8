"""The sync engine against the real server app (in-process): devices converge, nothing is lost.

Scenarios from sync-design.md: round trip between two laptops, a lost push answer, a crash in
the middle of a pull, a refused op listed for a person, a restored server (new epoch), a
revoked device, concurrent edits of one field, read-your-writes, and a first sync with progress.
"""

import sqlite3

import pytest
import requests
from sqlalchemy import text

from desktop.sync import apply, state
from desktop.sync.engine import SyncReport
from desktop.sync.errors import DeviceRevoked, Offline
from tests.desktop.harness import new_client, new_consultation, refused_edit, shared_client


def count(store, sql: str, **params) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def server_count(app, kind: str) -> int:
    with app.state.service.db.reader.connect() as conn:
        return conn.execute(
            text("SELECT count(*) FROM records WHERE kind = :k"), {"k": kind}
        ).scalar()


def test_a_consultation_made_on_one_laptop_appears_on_the_other(make_device):
    a, b = make_device("a"), make_device("b")
    olena = new_client()
    a.store.create_client(olena)
    a.store.add_consultation(new_consultation(olena.id, "Wohnungssuche besprochen"))
    report = a.sync()
    assert report.pushed == a.store.outbox_count() + report.pushed and report.pushed >= 2
    assert a.store.outbox_count() == 0 and report.rejected == 0

    got = b.sync()
    assert got.pulled >= 2 and olena.id in got.changed_clients
    timeline = b.store.timeline(olena.id)
    assert [e.record.note for e in timeline] == ["Wohnungssuche besprochen"]
    assert b.store.get_client(olena.id).family_name == "Kovalenko"
    assert [h.id for h in b.store.search("kowalenko olena")] == [olena.id]  # index built
    assert b.store.recent_clients()[0].id == olena.id  # last contact derived
    assert state.load(b.store.engine).cursor > 0 and b.store.outbox_count() == 0

    # An edit on B is based on the clock B pulled, and reaches A.
    client = b.store.get_client(olena.id)
    client.phone = "0151 2345678"
    b.store.update_client(client)
    (op,) = b.store.outbox()
    assert '"phone"' in op["base"]
    b.sync()
    a.sync()
    assert a.store.get_client(olena.id).phone == "0151 2345678"


def test_a_lost_push_answer_is_retried_and_applied_once(make_device, server):
    a, b = make_device("a"), make_device("b")
    olena = new_client()
    a.store.create_client(olena)
    a.store.add_consultation(new_consultation(olena.id, "nur einmal"))
    lost = []

    def lose_first_push_answer(request, phase):
        if phase == "after" and request.url.endswith("/sync/push") and not lost:
            lost.append(request)
            raise requests.ConnectionError("connection reset after the server committed")

    a.adapter.fault = lose_first_push_answer
    a.sync()
    pushes = [c for c in a.adapter.calls if c[1].endswith("/sync/push")]
    assert len(lost) == 1 and len(pushes) == 2  # sent twice, answered from storage
    assert server_count(server, "consultation") == 1
    assert a.store.outbox_count() == 0
    b.sync()
    assert len(b.store.timeline(olena.id)) == 1


def test_offline_keeps_the_outbox_and_the_next_round_sends_it(make_device, server):
    a = make_device("a")
    olena = new_client()
    a.store.create_client(olena)
    pending = a.store.outbox_count()

    def down(request, phase):
        raise requests.ConnectionError("network unreachable")

    a.adapter.fault = down
    with pytest.raises(Offline):
        a.sync()
    assert a.store.outbox_count() == pending
    assert state.load(a.store.engine).last_error
    a.adapter.fault = None
    a.sync()
    assert a.store.outbox_count() == 0 and server_count(server, "client") == 1
    assert state.load(a.store.engine).last_error is None


def test_a_crash_in_the_middle_of_a_pull_leaves_the_cursor_and_the_re_pull_is_idempotent(
    make_device, monkeypatch
):
    a, b = make_device("a"), make_device("b")
    for n, family in enumerate(("Abel", "Berger", "Conrad", "Dietz", "Ebert", "Fuchs")):
        c = new_client(family)
        a.store.create_client(c)
        a.store.add_consultation(new_consultation(c.id, f"Beratung {n}"))
    a.sync()
    b.engine.snapshot = (
        False  # the pull's pages (a new laptop's snapshot: test_first_sync_snapshot)
    )
    b.engine.page_size = 4
    real = apply.refresh_last_contact
    pages = []

    def crash_on_second_page(conn, ids):
        pages.append(1)
        real(conn, ids)  # half of the work of the page is done ...
        if len(pages) == 2:
            raise RuntimeError("power cut")  # ... and then the laptop dies

    monkeypatch.setattr(apply, "refresh_last_contact", crash_on_second_page)
    with pytest.raises(RuntimeError):
        b.sync()
    first_page_cursor = state.load(b.store.engine).cursor
    assert first_page_cursor > 0
    # Nothing of the second page stayed: the cursor is the first page's, and so is the data.
    assert (
        count(b.store, "SELECT count(*) FROM client")
        + count(b.store, "SELECT count(*) FROM consultation")
        == 4
    )
    monkeypatch.setattr(apply, "refresh_last_contact", real)
    b.sync()
    assert count(b.store, "SELECT count(*) FROM client") == 6
    assert count(b.store, "SELECT count(*) FROM consultation") == 6
    b.engine.sync_once()  # a further round changes nothing
    assert count(b.store, "SELECT count(*) FROM consultation") == 6


def _six_clients_with_notes(a):
    for n, family in enumerate(("Abel", "Berger", "Conrad", "Dietz", "Ebert", "Fuchs")):
        c = new_client(family)
        a.store.create_client(c)
        a.store.add_consultation(new_consultation(c.id, f"Beratung {n}"))
    a.sync()


def _records_and_cursor(store) -> tuple[int, int]:
    held = count(store, "SELECT count(*) FROM client") + count(
        store, "SELECT count(*) FROM consultation"
    )
    return held, state.load(store.engine).cursor


def test_big_pages_share_a_transaction_and_a_lost_connection_keeps_what_was_applied(
    make_device, monkeypatch
):
    from desktop.sync import engine as engine_module

    a, b = make_device("a"), make_device("b")
    _six_clients_with_notes(a)
    # Pages of 4 count as big here, and up to 100 changes share one transaction.
    monkeypatch.setattr(engine_module, "BULK_PAGE", 2)
    monkeypatch.setattr(engine_module, "GROUP_CHANGES", 100)
    b.engine.snapshot = (
        False  # the pull's pages (a new laptop's snapshot: test_first_sync_snapshot)
    )
    b.engine.page_size = 4
    pulls = []

    def cut_on_third_pull(request, phase):
        if phase == "before" and "/sync/pull" in request.url and "limit=4" in request.url:
            pulls.append(request.url)
            if len(pulls) >= 3:  # the client's retries fail as well
                raise requests.ConnectionError("the WLAN of the village hall is gone")

    b.adapter.fault = cut_on_third_pull
    with pytest.raises(Offline):
        b.sync()
    # Two pages were applied; the error commits them with their cursor.
    held, cursor = _records_and_cursor(b.store)
    assert held == 8 and cursor > 0
    b.adapter.fault = None
    b.sync()
    assert _records_and_cursor(b.store)[0] == 12


def test_a_failed_apply_of_a_grouped_page_leaves_data_and_cursor_together(make_device, monkeypatch):
    from desktop.sync import engine as engine_module

    a, b = make_device("a"), make_device("b")
    _six_clients_with_notes(a)
    monkeypatch.setattr(engine_module, "BULK_PAGE", 2)
    monkeypatch.setattr(engine_module, "GROUP_CHANGES", 100)
    b.engine.snapshot = (
        False  # the pull's pages (a new laptop's snapshot: test_first_sync_snapshot)
    )
    b.engine.page_size = 4
    real = apply.refresh_last_contact
    pages = []

    def crash_on_third_page(conn, ids):
        pages.append(1)
        real(conn, ids)
        if len(pages) == 3:
            raise RuntimeError("power cut")

    monkeypatch.setattr(apply, "refresh_last_contact", crash_on_third_page)
    with pytest.raises(RuntimeError):
        b.sync()
    held, cursor = _records_and_cursor(b.store)
    # Whatever was committed is whole pages with their cursor (none of the third page); how
    # many depends on whether the next page was already fetched when one was applied.
    assert held in (0, 4, 8)
    with b.store.engine.connect() as conn:
        sent = conn.execute(text("SELECT count(*) FROM record_clock")).scalar()
    assert sent == held
    assert (cursor == 0) == (held == 0)
    monkeypatch.setattr(apply, "refresh_last_contact", real)
    b.sync()
    assert _records_and_cursor(b.store)[0] == 12


def test_a_refused_op_is_listed_with_client_name_and_reason(make_device, server):
    # A deletes the client (erasure) and syncs; B, still offline, edits the phone.
    _a, b, olena = refused_edit(make_device)
    report = b.sync()
    assert report.rejected == 1
    (rej,) = state.rejections(b.store.engine)
    assert rej.reason == "deleted" and rej.record_id == olena.id
    assert rej.client_name == "Kovalenko, Olena" and rej.fields["phone"] == "0171 999"
    assert b.store.outbox_count() == 0  # moved, not dropped
    assert b.store.get_client(olena.id) is None  # the tombstone removed it here
    state.settle_rejection(b.store.engine, rej.id, "a.schneider")
    assert state.rejections(b.store.engine) == []
    assert len(state.rejections(b.store.engine, include_settled=True)) == 1


def test_a_restored_server_gets_back_what_it_lost(make_device, server, tmp_path):
    from sync_server.admin import new_epoch

    a, b = make_device("a"), make_device("b")
    db_file = tmp_path / "server.sqlite"
    backup = tmp_path / "backup.sqlite"
    with sqlite3.connect(db_file) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)  # last night's backup
    olena = new_client()
    a.store.create_client(olena)
    a.store.add_consultation(new_consultation(olena.id, "vor der Wiederherstellung"))
    a.sync()
    assert a.store.outbox_count() == 0 and server_count(server, "consultation") == 1
    # The server is restored from the backup (it lost A's upload) and IT sets a new epoch.
    server.state.service.db.dispose()
    with sqlite3.connect(backup) as src, sqlite3.connect(db_file) as dst:
        src.backup(dst)
    assert server_count(server, "consultation") == 0
    new_epoch(server.state.service.db)

    report = a.sync()
    assert report.epoch_reset and report.pushed >= 2
    assert server_count(server, "consultation") == 1 and server_count(server, "client") == 1
    b.sync()
    assert [e.record.note for e in b.store.timeline(olena.id)] == ["vor der Wiederherstellung"]


def test_a_revoked_device_gets_device_revoked_and_keeps_its_outbox(make_device, server):
    from sync_server.auth import revoke_device

    a = make_device("a")
    a.store.create_client(new_client())
    revoke_device(server.state.service.db, a.device_id)
    with pytest.raises(DeviceRevoked) as info:
        a.sync()
    assert "gesperrt" in info.value.message
    assert a.store.outbox_count() == 1
    assert "gesperrt" in state.load(a.store.engine).last_error


def test_concurrent_edits_converge_and_an_identity_conflict_stays_visible(make_device):
    a, b = make_device("a"), make_device("b")
    olena = shared_client([a, b])
    ca, cb = a.store.get_client(olena.id), b.store.get_client(olena.id)
    ca.phone, cb.phone = "0151 111", "0151 222"  # contact field: later clock wins
    ca.family_name, cb.family_name = "Kowalenko", "Kovalenko-Schmidt"  # identity: a person
    a.store.update_client(ca)
    b.store.update_client(cb)  # B's edits are the later ones
    a.sync()
    report = b.sync()
    a.sync()
    assert report.conflicts == 1 and report.open_conflicts == 1
    ra, rb = a.store.get_client(olena.id), b.store.get_client(olena.id)
    assert (
        (ra.phone, ra.family_name)
        == (rb.phone, rb.family_name)
        == ("0151 222", "Kovalenko-Schmidt")
    )
    conflicts = a.client.conflicts()["conflicts"]
    assert [(c["field"], c["value"]) for c in conflicts] == [("family_name", "Kowalenko")]


def test_the_loser_of_an_edit_shows_the_winner_after_its_push(make_device):
    a, b = make_device("a"), make_device("b")
    olena = shared_client([a, b])
    cb = b.store.get_client(olena.id)
    cb.phone = "0151 333"
    b.store.update_client(cb)  # B edits first ...
    ca = a.store.get_client(olena.id)
    ca.phone = "0151 444"
    a.store.update_client(ca)  # ... A later, and A pushes first
    a.sync()
    # B pulls A's change while its own edit is unsent (it keeps its own value on top), so the
    # record will not come again: after B's edit loses, only the push answer tells B the winner.
    b.engine._pull(SyncReport(), lambda *_: None)
    assert b.store.get_client(olena.id).phone == "0151 333"
    report = b.sync()
    assert report.pulled == 0 and b.store.outbox_count() == 0
    assert b.store.get_client(olena.id).phone == "0151 444"
    a.sync()
    assert a.store.get_client(olena.id).phone == "0151 444"


def test_a_pull_keeps_unsent_local_edits_on_top(make_device):
    a, b = make_device("a"), make_device("b")
    olena = shared_client([a, b])
    ca = a.store.get_client(olena.id)
    ca.phone, ca.address = "0151 555", "Markt 1"
    a.store.update_client(ca)
    a.sync()
    cb = b.store.get_client(olena.id)
    cb.phone = "0151 666"
    b.store.update_client(cb)
    b.engine._pull(SyncReport(), lambda *_: None)  # a pull while the edit is unsent
    got = b.store.get_client(olena.id)
    assert got.phone == "0151 666" and got.address == "Markt 1"
    assert b.store.outbox_count() == 1
    b.sync()
    a.sync()
    assert a.store.get_client(olena.id).phone == "0151 666"  # B's edit was the later one


@pytest.mark.parametrize("by_snapshot", [True, False])
def test_first_sync_of_a_new_laptop_pulls_everything_with_progress(
    make_device, server, monkeypatch, by_snapshot
):
    from desktop.sync import snapshot as first_sync
    from sync_server.seed import seed_demo

    counts = seed_demo(server.state.service.db, 40, seed=3)
    fresh = make_device("new")
    fresh.engine.snapshot = by_snapshot
    fresh.engine.page_size = 100
    monkeypatch.setattr(first_sync, "CHUNK", 100)
    seen = []
    report = fresh.sync(progress=lambda phase, done, total: seen.append((phase, done, total)))
    assert report.pulled == sum(counts.values())
    assert fresh.store.client_count() == 40
    assert count(fresh.store, "SELECT count(*) FROM consultation") == counts.get("consultation", 0)
    pulls = [(d, t) for p, d, t in seen if p == "pull"]
    assert [d for d, _ in pulls] == sorted(d for d, _ in pulls) and len(pulls) > 3
    assert pulls[0][1] >= sum(counts.values()) * 0.9  # a fair estimate from the start
    assert pulls[-1][0] == pulls[-1][1] == report.pulled
    some = fresh.store.recent_clients(1)[0]
    assert some.id in [h.id for h in fresh.store.search(f"{some.family_name} {some.given_names}")]


def test_after_a_restore_records_whose_entries_are_long_gone_are_sent_again(
    make_device, server, tmp_path
):
    """The outbox keeps acknowledged entries only for a while; older records the restored server
    lacks are found by comparing after the full pull, and sent as creates."""
    from sync_server.admin import new_epoch

    a = make_device("a")
    db_file, backup = tmp_path / "server.sqlite", tmp_path / "backup.sqlite"
    with sqlite3.connect(db_file) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)
    olena = new_client()
    a.store.create_client(olena)
    a.store.add_consultation(new_consultation(olena.id, "lange her"))
    a.sync()
    with a.store.engine.begin() as conn:  # the retention period has passed
        conn.execute(text("DELETE FROM outbox WHERE acked_at IS NOT NULL"))
    server.state.service.db.dispose()
    with sqlite3.connect(backup) as src, sqlite3.connect(db_file) as dst:
        src.backup(dst)
    new_epoch(server.state.service.db)
    report = a.sync()
    assert report.epoch_reset and report.pushed == 2
    assert server_count(server, "client") == 1 and server_count(server, "consultation") == 1
    assert not state.load(a.store.engine).resync
    assert a.sync().pushed == 0  # compared once, nothing sent twice


def test_an_edit_names_the_base_of_every_changed_field(make_device):
    a = make_device("a")
    olena = new_client()
    a.store.create_client(olena)
    a.sync()
    client = a.store.get_client(olena.id)
    client.phone, client.address = "0151 1", "Markt 2"
    a.store.update_client(client)
    import orjson

    (op,) = a.store.outbox()
    base = orjson.loads(op["base"])
    assert set(base) == {"phone", "address", "updated_at"}
    assert base["phone"] and base["phone"] == base["address"]  # written together at the create


def test_migration_0003_upgrades_a_store_with_data_and_unsent_entries(
    tmp_path, server, make_device
):
    """A store from before sync keeps its data and its outbox; the old entries are sent."""
    from desktop.store.connection import check_file, head_revision, open_store
    from desktop.store.repo import Store

    path = tmp_path / "old.sqlite"
    engine = open_store(path, upgrade_to="0002")
    cid, op = "0190c6a0-0000-7000-8000-000000000001", "0190c6a0-0000-7000-8000-0000000000aa"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO client (id, family_name, given_names, nationalities, languages, "
                "created_at, updated_at) VALUES (:c, 'Haddad', 'Rami', '[\"SYR\"]', '[]', "
                "'2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')"
            ),
            {"c": cid},
        )
        conn.execute(
            text(
                "INSERT INTO outbox (op_id, kind, record_id, op, payload, hlc, created_at) VALUES "
                "(:o, 'client', :c, 'create', :p, '001704067200000-00000-old-node', '2024-01-01')"
            ),
            {
                "o": op,
                "c": cid,
                "p": '{"id": "%s", "family_name": "Haddad", "given_names": "Rami", '
                '"birth_date_precision": "unknown", '
                '"nationalities": "[\\"SYR\\"]"}' % cid,
            },
        )
    engine.dispose()
    store = Store.open(path)
    try:
        assert check_file(path) == head_revision() == "0014"
        assert store.outbox_count() == 1 and store.get_client(cid).family_name == "Haddad"
        assert state.load(store.engine).cursor == 0
        import tests.desktop.harness as h
        from sync_server.auth import create_user

        create_user(server.state.service.db, "r.test", h.PASSWORD, ["caseworker"], [])
        dev = h.Device(server, store, "r.test", "old-laptop")
        report = dev.sync()
        assert report.pushed == 1 and store.outbox_count() == 0
        assert server_count(server, "client") == 1
    finally:
        store.close()


def test_an_everyday_round_is_one_request_the_push_brings_the_page_along(make_device, monkeypatch):
    """A laptop that has something to send and is past its first sync asks for the first pull
    page with its push (``pull`` in the push): the round is one request. An older server
    ignores the key and answers without a page: the laptop then pulls as before."""
    from desktop.sync.client import SyncClient

    a, b = make_device("a"), make_device("b")
    olena = new_client()
    a.store.create_client(olena)
    a.sync()
    b.sync()  # b is past its first sync (cursor > 0)
    a.store.add_consultation(new_consultation(olena.id, "von Laptop A"))
    a.sync()
    b.store.add_consultation(new_consultation(olena.id, "von Laptop B"))
    b.adapter.calls.clear()
    report = b.sync()
    sync_calls = [c[1] for c in b.adapter.calls if "/sync/" in c[1]]
    assert sync_calls == ["/api/v1/sync/push"]
    assert report.pushed == 1 and report.pulled >= 2  # a's note and b's own, numbered
    assert sorted(e.record.note for e in b.store.timeline(olena.id)) == [
        "von Laptop A",
        "von Laptop B",
    ]
    assert state.load(b.store.engine).cursor == state.load(a.store.engine).cursor + 1

    # An older server: no page in the answer; the ordinary pull brings what is new.
    push = SyncClient.push

    def older_server(self, body):
        answer = push(self, body)
        answer.pop("pull", None)
        return answer

    monkeypatch.setattr(SyncClient, "push", older_server)
    a.store.add_consultation(new_consultation(olena.id, "noch einmal A"))
    a.sync()
    b.store.add_consultation(new_consultation(olena.id, "noch einmal B"))
    b.adapter.calls.clear()
    b.sync()
    sync_calls = [c[1] for c in b.adapter.calls if "/sync/" in c[1]]
    assert sync_calls == ["/api/v1/sync/push", "/api/v1/sync/pull"]
    assert len(b.store.timeline(olena.id)) == 4
