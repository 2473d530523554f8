"""The pull's cache of changes (sync-protocol.md, "The change cache"), on SQLite and PostgreSQL.

Written from the protocol: a pull page is the same whether this process has its changes cached
or not -- for every device, whatever it may see, after rewrites and deletions -- and a new
epoch (a restore) never gets a change from before it. The oracle is the same server without
the cache (``MIA_CHANGE_CACHE_BYTES=0``), which reads every page from the database.
"""

import dataclasses
import random

import orjson
import pytest
from sqlalchemy import update

from casefile.ids import new_id
from sync_server import schema as t
from sync_server.admin import new_epoch
from sync_server.auth import authenticate
from sync_server.service import ChangeCache, SyncService
from tests.server.test_gate import client, consultation, residence

UNITS = ["integration", "abh", "jobcenter"]


def _page(answer: dict) -> tuple:
    return (
        [(c["seq"], c["kind"], c["id"], c["fields"], c["deleted"]) for c in answer["changes"]],
        answer["next_cursor"],
        answer["has_more"],
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_page_is_the_same_with_and_without_the_cache(make_device, service, seed):
    rng = random.Random(seed)
    # A cache small enough to drop changes again while the test runs.
    service.changes = ChangeCache(rng.choice([600, 3000, 1 << 20]))
    oracle = SyncService(service.db, dataclasses.replace(service.settings, change_cache_bytes=0))
    devices = {
        unit: make_device(f"u.{unit}{seed}", units=[unit], roles=["caseworker"]) for unit in UNITS
    }
    callers = {unit: authenticate(service.db, f"Bearer {d.token}") for unit, d in devices.items()}
    records: dict[str, list[tuple[str, str]]] = {unit: [] for unit in UNITS}  # (kind, id)
    cursors = {unit: [0] for unit in UNITS}
    pages = 0
    for _step in range(70):
        unit = rng.choice(UNITS)
        dev = devices[unit]
        action = rng.random()
        if action < 0.3:  # a new client and a consultation of the unit (or a status)
            cid, other = new_id(), new_id()
            second = (
                dev.op("residence_status", other, fields=residence(cid))
                if unit == "abh"
                else dev.op("consultation", other, fields=consultation(cid, unit))
            )
            ops = [dev.op("client", cid, fields=client(rng.choice(["Haddad", "Karimi"]))), second]
            results = dev.push(ops).json()["results"]
            assert [r["status"] for r in results] == ["applied", "applied"], results
            records[unit] += [("client", cid), (second["kind"], other)]
        elif action < 0.45 and records[unit]:  # a client written again: a new number
            kind, rid = rng.choice(records[unit])
            if kind == "client":
                name = rng.choice(["Rami", "Rania", "Rashid"])
                op = dev.op(kind, rid, op="update", fields={"given_names": name})
                result = dev.push([op]).json()["results"][0]
                assert result["status"] in ("applied", "conflict", "redirected"), result
        elif action < 0.5 and records[unit]:  # a deletion
            kind, rid = records[unit].pop(rng.randrange(len(records[unit])))
            if kind != "client":
                dev.push([dev.op(kind, rid, op="delete")])
        else:  # a pull, by anyone, from a cursor it had, pages of any size
            who = rng.choice(UNITS)
            cursor = rng.choice(cursors[who])
            limit = rng.choice([1, 2, 3, 7, 50])
            got = devices[who].pull(cursor, limit).json()
            want = oracle.pull(callers[who], cursor, limit, None)
            assert _page(got) == _page(want), (seed, who, cursor, limit)
            cursors[who].append(got["next_cursor"])
            pages += 1
    assert pages > 20


def test_a_new_epoch_gets_nothing_the_cache_held_before_it(make_device, service):
    dev = make_device()
    cid, note = new_id(), new_id()
    ops = [
        dev.op("client", cid, fields=client()),
        dev.op("consultation", note, fields=consultation(cid, "integration", "vorher")),
    ]
    assert dev.push(ops).status_code == 200
    first = dev.pull(0).json()
    assert "vorher" in str(first["changes"])  # now in the cache
    # A restore: the same numbers may hold other data, and the server takes a new epoch.
    with service.db.writer.begin() as conn:
        conn.execute(
            update(t.records).where(t.records.c.id == note).values(fields=_fields_with("nachher"))
        )
    epoch = new_epoch(service.db)
    again = dev.pull(0, epoch=epoch).json()
    assert [c["seq"] for c in again["changes"]] == [c["seq"] for c in first["changes"]]
    assert "nachher" in str(again["changes"]) and "vorher" not in str(again["changes"])


def _fields_with(text: str) -> str:
    return orjson.dumps(consultation("x", "integration", text)).decode()


def test_the_cache_keeps_no_change_longer_than_its_age_nor_more_than_its_bytes(monkeypatch):
    """Bounded in memory and in time: an erased record's earlier text leaves the process."""
    from sync_server import service as module

    now = [1000.0]
    monkeypatch.setattr(module, "monotonic", lambda: now[0])
    rows = [(seq, "x" * 30, "client", None) for seq in (1, 2, 3)]
    cache = ChangeCache(max_bytes=int(3.5 * ChangeCache.cost(rows[0])), max_age_s=600)
    cache.put("e1", rows)
    assert set(cache.get("e1", [1, 2, 3])) == {1, 2, 3}
    cache.put("e1", [(4, "y" * 30, "client", None)])  # a fourth does not fit: the oldest goes
    assert set(cache.get("e1", [1, 2, 3, 4])) == {2, 3, 4}
    assert cache.get("e2", [2, 3, 4]) == {}  # another epoch: nothing
    cache.put("e2", [(5, "z", "client", None)])
    assert cache.get("e1", [2, 3, 4]) == {} and set(cache.get("e2", [5])) == {5}
    now[0] += 599
    assert set(cache.get("e2", [5])) == {5}
    now[0] += 2
    assert cache.get("e2", [5]) == {}  # older than max_age_s


def _secret_in_cache(service, secret: str) -> bool:
    return any(secret in kept[0][1] for kept in list(service.changes._rows.values()))


def _erased_after_a_pull(make_device, service, erase, secret: str) -> dict:
    dev = make_device()
    cid, note = new_id(), new_id()
    ops = [
        dev.op("client", cid, fields=client()),
        dev.op("consultation", note, fields=consultation(cid, "integration", secret)),
    ]
    assert dev.push(ops).status_code == 200
    first = dev.pull(0).json()
    assert secret in str(first["changes"]) and _secret_in_cache(service, secret)
    assert erase(cid).status_code == 200
    return {"dev": dev, "cursor": first["next_cursor"]}


def test_an_erased_records_text_leaves_the_cache_within_its_age_while_laptops_keep_pulling(
    make_device, service, erase, monkeypatch
):
    """docs/data-protection.md: an erased record's old text leaves memory within 10 minutes,
    also while laptops keep syncing with nothing new (found by the review of 2026-12-05)."""
    from sync_server import service as module

    now = [1000.0]
    monkeypatch.setattr(module, "monotonic", lambda: now[0])
    secret = "Geheimnis-7f3a"
    seen = _erased_after_a_pull(make_device, service, erase, secret)
    head = seen["dev"].pull(seen["cursor"]).json()  # the tombstones
    assert secret not in str(head["changes"])
    now[0] += service.changes.max_age_s + 1
    for _ in range(3):  # the laptop syncs on: nothing new
        assert seen["dev"].pull(head["next_cursor"]).json()["changes"] == []
    assert not _secret_in_cache(service, secret)


def test_an_erased_records_text_leaves_the_cache_on_an_idle_server(app, service, monkeypatch):
    """The same when no laptop pulls after the erasure: each process sweeps the cache."""
    import time

    from fastapi.testclient import TestClient

    from sync_server import api, service as module
    from tests.server.helpers import PASSWORD, Dev

    monkeypatch.setattr(api, "CHANGE_SWEEP_S", 0.05)
    now = [1000.0]
    monkeypatch.setattr(module, "monotonic", lambda: now[0])
    from sync_server.auth import create_user

    create_user(service.db, "i.idle", PASSWORD, ["caseworker"], ["integration"])
    with TestClient(app) as http:  # the server starts now, with its sweeper
        reg = http.post(
            "/api/v1/devices/register",
            json={"user": "i.idle", "password": PASSWORD, "device_name": "Laptop"},
        ).json()
        dev = Dev(http, reg, "node-idle")
        cid, note, secret = new_id(), new_id(), "Geheimnis-idle-51c"
        ops = [
            dev.op("client", cid, fields=client()),
            dev.op("consultation", note, fields=consultation(cid, "integration", secret)),
        ]
        assert dev.push(ops).status_code == 200
        assert secret in str(dev.pull(0).json()["changes"]) and _secret_in_cache(service, secret)
        now[0] += service.changes.max_age_s + 1
        deadline = time.perf_counter() + 10
        while _secret_in_cache(service, secret) and time.perf_counter() < deadline:
            time.sleep(0.05)  # nothing else happens in the process
        assert not _secret_in_cache(service, secret)


def test_the_change_cache_holds_no_more_memory_than_its_bound_with_small_changes():
    """MIA_CHANGE_CACHE_BYTES bounds the cache's memory, also for tombstone-sized changes
    (an erasure or a retention run sends thousands): not only their JSON is counted (found by
    the review of 2026-12-05: the JSON alone held 3.5 times the bound)."""
    import tracemalloc
    import uuid

    bound = 1_000_000
    cache = ChangeCache(max_bytes=bound)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        seq = 0
        for _page in range(100):  # pages as a driver returns them: new strings each
            rows = []
            for _ in range(100):
                seq += 1
                cid, rid = uuid.uuid4().hex, uuid.uuid4().hex
                doc = (
                    f'{{"seq":{seq},"kind":"consultation","id":"{rid}","client_id":"{cid}",'
                    '"fields":{},"clocks":{},"deleted":true}'
                )
                rows.append((seq, doc, "".join(["consult", "ation"]), cid))
            cache.put("e", rows)
            del rows
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(cache._rows) > 500  # it keeps changes all the same
    assert held <= 1.2 * bound, (held, cache._bytes, len(cache._rows))
