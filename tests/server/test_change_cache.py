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
    monkeypatch.setattr(module.time, "monotonic", lambda: now[0])
    cache = ChangeCache(max_bytes=100, max_age_s=600)
    rows = [(seq, "x" * 30, "client", None) for seq in (1, 2, 3)]
    cache.put("e1", rows)
    assert set(cache.get("e1", [1, 2, 3])) == {1, 2, 3}
    cache.put("e1", [(4, "y" * 30, "client", None)])  # 120 bytes: the oldest goes
    assert set(cache.get("e1", [1, 2, 3, 4])) == {2, 3, 4}
    assert cache.get("e2", [2, 3, 4]) == {}  # another epoch: nothing
    cache.put("e2", [(5, "z", "client", None)])
    assert cache.get("e1", [2, 3, 4]) == {} and set(cache.get("e2", [5])) == {5}
    now[0] += 599
    assert set(cache.get("e2", [5])) == {5}
    now[0] += 2
    assert cache.get("e2", [5]) == {}  # older than max_age_s
