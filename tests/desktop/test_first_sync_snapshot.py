"""A new laptop's first sync by snapshot (issue 17, part 4) against the real server app.

The promise (docs/sync-protocol.md, "First sync by snapshot"): a laptop loaded by snapshot
holds the same data as one that pulled the whole change stream record by record -- every row
of every record table, the field clocks, the search index, the merge redirects, the last
contacts and the cursor -- compared here field by field; a broken-off snapshot resumes after
the last chunk it stored; what changes on the server meanwhile arrives with the pull after it;
a server without snapshots gets a pull; a laptop with a narrower scope gets exactly what the
rules let it read.
"""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import text

from desktop.sync import apply, snapshot as first_sync, state
from desktop.sync.errors import Offline
from tests.desktop.harness import (
    erase_online,
    new_client,
    new_consultation,
    shared_client,
)

# Columns a laptop fills from its own clock, not from the server's record: a record's
# "created_at" where the record carries none (the time it was stored here).
LOCAL_TIME = {"created_at"}
DERIVED = {
    "record_clock": "record_id",
    "search_key": "key, client_id, entry",
    "client_redirect": "old_id",
}


def dump(store) -> dict[str, list[tuple]]:
    """Every table a sync writes, row by row in a fixed order (local-time columns left out)."""
    out: dict[str, list[tuple]] = {}
    with store.engine.connect() as conn:
        for name, order in [(t.name, "id") for t in apply.TABLES.values()] + list(DERIVED.items()):
            cols = [
                r[1]
                for r in conn.exec_driver_sql(f"PRAGMA table_info({name})")
                if r[1] not in LOCAL_TIME
            ]
            out[name] = [
                tuple(r)
                for r in conn.exec_driver_sql(
                    f"SELECT {', '.join(cols)} FROM {name} ORDER BY {order}"
                )
            ]
        out["cursor"] = [(state.load(store.engine).cursor,)]
    return out


def assert_same_store(a, b) -> None:
    da, db = dump(a), dump(b)
    assert da.keys() == db.keys()
    for table in da:
        assert len(da[table]) == len(db[table]), table
        for ra, rb in zip(da[table], db[table]):
            assert ra == rb, f"{table}: {ra} != {rb}"


def seeded(server, clients: int = 40) -> None:
    """Demo client files on the server, some registered twice and merged, one erased."""
    from sync_server.seed import seed_demo

    seed_demo(server.state.service.db, clients, seed=7, consultations_per_client=4, duplicates=True)


def history(server, make_device) -> None:
    """After the seed: one person registered on two laptops and merged by the server's
    duplicate check (a redirect), edits with per-field clocks that differ, an erasure."""
    from tests.desktop.test_sync_identity import register_twice

    a, b = make_device("writer"), make_device("writer-2")
    server.state.service.settings.check_duplicates = True
    register_twice(a, b)
    server.state.service.settings.check_duplicates = False
    olena = shared_client([a])
    a.store.add_consultation(new_consultation(olena.id, "Wohnungssuche"))
    x = a.store.get_client(olena.id)
    x.phone = "0151 2345678"
    a.store.update_client(x)
    gone = new_client("Weg", "Erika")
    a.store.create_client(gone)
    a.sync()
    erase_online(a.app, gone.id, a)


@pytest.fixture
def chunks(monkeypatch):
    """Small chunks: a first sync of a few hundred records takes many of them."""
    monkeypatch.setattr(first_sync, "CHUNK", 23)


def snapshot_calls(dev) -> list[str]:
    return [path for _m, path, _s in dev.adapter.calls if path.endswith("/sync/snapshot")]


def test_a_snapshot_gives_the_same_store_as_a_record_by_record_sync(server, make_device, chunks):
    seeded(server)
    history(server, make_device)
    snap, pages = make_device("snap"), make_device("pages")
    pages.engine.snapshot = False
    pages.engine.page_size = 17
    got = snap.sync()
    pages.sync()
    assert len(snapshot_calls(snap)) > 5 and not snapshot_calls(pages)
    assert got.pulled > 200 and got.changed_clients
    assert_same_store(snap.store, pages.store)
    with snap.store.engine.connect() as conn:
        assert first_sync.progress_of(conn) is None  # finished: nothing left to resume
        assert conn.execute(text("SELECT count(*) FROM client_redirect")).scalar() > 0
    # Searchable at once, and the next round is an ordinary pull.
    some = snap.store.recent_clients()[0]
    assert snap.store.search(some.family_name)
    snap.adapter.calls.clear()
    snap.sync()
    assert not snapshot_calls(snap)


def test_a_broken_off_snapshot_resumes_after_the_last_chunk_it_stored(server, make_device, chunks):
    seeded(server)
    dev, ref = make_device("snap"), make_device("ref")
    ref.engine.snapshot = False
    ref.sync()
    asked: list[str] = []

    def cut(request, phase):
        if "/sync/snapshot" in request.url and phase == "before":
            asked.append(request.url)
            if len(asked) == 6:
                raise requests.ConnectionError("the village hall's Wi-Fi is gone")

    dev.adapter.fault = cut
    dev.client.retries = 0
    with pytest.raises(Offline):
        dev.sync()
    with dev.store.engine.connect() as conn:
        saved = first_sync.progress_of(conn)
    assert saved and saved["after"] > 0 and state.load(dev.store.engine).cursor == 0
    dev.adapter.fault = None
    dev.adapter.calls.clear()
    dev.sync()
    first = [p for m, p, s in dev.adapter.calls if p.endswith("/sync/snapshot")]
    assert first, "the second round goes on with the snapshot"
    assert_same_store(dev.store, ref.store)


def test_what_changes_during_a_snapshot_arrives_with_the_pull_after_it(server, make_device, chunks):
    seeded(server)
    writer = make_device("writer")
    writer.sync()
    olena = shared_client([writer])
    dev = make_device("snap")
    late = new_client("Spät", "Karl")
    done = []

    def meanwhile(request, phase):
        # After the second chunk went out: a record already sent changes, a new one comes.
        if "/sync/snapshot" in request.url and phase == "after" and len(done) < 2:
            done.append(1)
            if len(done) == 2:
                x = writer.store.get_client(olena.id)
                x.phone = "0171 4444"
                writer.store.update_client(x)
                writer.store.create_client(late)
                writer.store.add_consultation(new_consultation(late.id, "Neu angekommen"))
                writer.sync()

    dev.adapter.fault = meanwhile
    dev.sync()
    assert dev.store.get_client(olena.id).phone == "0171 4444"
    assert [e.record.note for e in dev.store.timeline(late.id)] == ["Neu angekommen"]
    ref = make_device("ref")
    ref.engine.snapshot = False
    ref.sync()
    assert_same_store(dev.store, ref.store)


def test_a_server_without_snapshots_gets_a_pull(server, make_device):
    seeded(server, 10)
    dev = make_device("old-server")

    # An older server, without the route: the same request to a path it does not know
    # gets the server's real 404.
    dev.client.snapshot = lambda after, top=None, limit=None, epoch=None: dev.client._call(
        "GET", "/sync/snapshot-of-a-newer-version", params={"after": after}
    )
    got = dev.sync()
    assert got.pulled > 50 and dev.engine.snapshot is False
    assert state.load(dev.store.engine).cursor > 0


def test_a_narrower_laptop_gets_by_snapshot_what_the_pull_gives_it(server, make_device, chunks):
    seeded(server)
    history(server, make_device)
    units = ["jobcenter"]
    snap = make_device("snap-jc", user="j.becker", units=units)
    pages = make_device("pages-jc", user="j.becker", units=units)
    pages.engine.snapshot = False
    snap.sync()
    pages.sync()
    assert_same_store(snap.store, pages.store)
    with snap.store.engine.connect() as conn:
        held = conn.execute(text("SELECT count(*) FROM consultation")).scalar()
        units_held = {u for (u,) in conn.execute(text("SELECT DISTINCT unit FROM consultation"))}
    with server.state.service.db.reader.connect() as conn:
        stored = conn.execute(
            text("SELECT count(*) FROM records WHERE kind = 'consultation' AND NOT deleted")
        ).scalar()
    # Not every unit's notes: the jobcenter's own and what the rules open to it.
    assert 0 < held < stored and "jobcenter" in units_held


def test_the_snapshot_is_written_to_the_audit_log_as_sent(server, make_device, chunks):
    seeded(server, 10)
    dev = make_device("snap")
    dev.sync()
    with server.state.service.db.reader.connect() as conn:
        sent = conn.execute(
            text("SELECT count(DISTINCT client_id) FROM audit_log WHERE action = 'sent'")
        ).scalar()
    assert sent >= 10


@pytest.mark.parametrize("params", [{"after": 5, "top": 2}, {"top": 10**12}])
def test_a_forged_cursor_is_refused(server, make_device, params):
    seeded(server, 3)
    dev = make_device("x")
    r = server.state.tc.get(
        "/api/v1/sync/snapshot",
        params=params,
        headers={"Authorization": f"Bearer {dev.client.token}"},
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "cursor_ahead"


def test_no_snapshot_without_a_login(server):
    assert server.state.tc.get("/api/v1/sync/snapshot").status_code == 401


def test_a_client_registered_during_the_snapshot_is_kept_and_sent(server, make_device, chunks):
    """The user registers a walk-in while the new laptop still loads: the chunks after it go
    through the pulled pages' own apply (which keeps unsent edits), and the next round sends
    it; both laptops end with the same data."""
    seeded(server)
    dev = make_device("snap")
    walk_in = new_client("Neu", "Amal")
    asked = []

    def meanwhile(request, phase):
        if "/sync/snapshot" in request.url and phase == "after":
            asked.append(1)
            if len(asked) == 3:
                dev.store.create_client(walk_in)
                dev.store.add_consultation(new_consultation(walk_in.id, "Erstkontakt am Empfang"))

    dev.adapter.fault = meanwhile
    dev.sync()
    assert dev.store.get_client(walk_in.id) is not None and dev.store.outbox_count() == 2
    dev.adapter.fault = None
    dev.sync()
    assert dev.store.outbox_count() == 0
    ref = make_device("ref")
    ref.engine.snapshot = False
    ref.sync()
    assert_same_store(dev.store, ref.store)


@pytest.mark.parametrize(
    "answer",
    [{}, {"top": "x", "next": 0, "records": []}, {"top": 5, "next": 0, "records": [["client"]]}],
)
def test_a_malformed_chunk_is_a_clear_error_and_changes_nothing(server, make_device, answer):
    from desktop.sync.errors import ServerError

    seeded(server, 5)
    dev = make_device("snap")
    dev.client.snapshot = lambda *a, **k: answer
    with pytest.raises(ServerError) as caught:
        dev.sync()
    assert caught.value.code == "malformed_response"
    assert dev.store.client_count() == 0 and state.load(dev.store.engine).cursor == 0


def test_the_loading_connection_goes_back_to_the_pool_as_the_store_set_it_up(
    server, make_device, chunks
):
    seeded(server, 10)
    dev = make_device("snap")
    with dev.store.engine.connect() as conn:
        before = {
            p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in ("cache_size", "wal_autocheckpoint")
        }
    dev.sync()
    with dev.store.engine.connect() as conn:
        after = {p: conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in before}
    assert after == before


def test_chunks_come_ahead_in_order_and_a_failed_request_is_raised_where_they_are_applied():
    """snapshot.Ahead: the chunks after the first, in order, at most AHEAD fetched before
    they are taken; a request that fails is raised by next(); leaving stops the thread even
    when it waits to hand a chunk over."""
    import threading
    import time

    from desktop.sync import snapshot

    asked: list[int] = []

    def fetch(after, top, limit, epoch):
        asked.append(after)
        if after == 40:
            raise RuntimeError("connection reset")
        return {"top": 100, "next": after + 10, "done": after + 10 >= 100, "records": []}

    first = {"top": 100, "next": 10, "done": False, "records": []}
    with snapshot.Ahead(fetch, first, 100, "e") as ahead:
        assert ahead.next()["next"] == 20
        assert ahead.next()["next"] == 30
        assert ahead.next()["next"] == 40
        with pytest.raises(RuntimeError, match="connection reset"):
            ahead.next()
    assert asked == [10, 20, 30, 40]

    asked.clear()
    t0 = time.monotonic()
    with snapshot.Ahead(fetch, {**first, "next": 50}, 100, "e") as ahead:
        time.sleep(0.3)  # the thread fills its queue and waits
        assert len(asked) == snapshot.AHEAD + 1  # two handed over, a third waiting
    assert time.monotonic() - t0 < 2
    assert not [t for t in threading.enumerate() if t.name == "mia-snapshot"]
