"""Child process of bench.sync: one laptop syncing with the desktop's SyncEngine.

python -m bench._sync_probe URL TOKEN DEVICE_ID STORE initial|pages
python -m bench._sync_probe URL TOKEN DEVICE_ID STORE incremental OTHER_TOKEN OTHER_DEVICE_ID CURSOR
python -m bench._sync_probe URL TOKEN DEVICE_ID STORE limit DATABASE_URL
python -m bench._sync_probe URL TOKEN DEVICE_ID STORE digest DATABASE_URL

``initial``: a new laptop's first sync (by snapshot); ``pages``: the same, record by record
(the pull from cursor 0, as before snapshots). ``limit``: the raw limit of the first sync's
path, without HTTP, in this one process: the server's snapshot chunk (read and encoded as the
route builds it) -> compressed (zstd, the server's level) -> unpacked -> decoded -> applied into a new
encrypted store exactly as ``desktop.sync.snapshot`` applies it (its transaction groups), then the derived data (search
index, last contacts). Prints the seconds of each stage. ``digest``: the records of the store against the server's, kind by kind (count and
a hash of the ids), for the records the device may see.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time

import requests

from bench.common import client_file_ops
from casefile.hlc import Clock
from casefile.records import Client, Consultation, utcnow


def peak_rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def laptop(url: str, token: str, device_id: str, path: str):
    from bench.common import BENCH_KEY
    from desktop.store.repo import Store
    from desktop.sync import state
    from desktop.sync.client import SyncClient
    from desktop.sync.engine import SyncEngine

    store = Store.open(path, BENCH_KEY)
    epoch = requests.get(url + "/health", timeout=10).json()["epoch"]
    state.connect(store.engine, url, device_id, "bench", epoch)
    return store, SyncEngine(store, SyncClient(url, token=token))


def remote_changes(url: str, token: str, device_id: str, clock: Clock, n: int) -> None:
    """Another device pushes *n* changes: a new client and consultations for it."""
    epoch = requests.get(url + "/health", timeout=10).json()["epoch"]
    client = {
        "family_name": "Fernkollegin",
        "given_names": "Olena",
        "birth_date": "1984-03-09",
        "birth_date_precision": "exact",
        "sex": "f",
    }
    ops = client_file_ops(clock, client, n - 1, "Kollegin im Landratsamt")
    r = requests.post(
        url + "/api/v1/sync/push",
        timeout=60,
        headers={"Authorization": f"Bearer {token}"},
        json={"protocol": 1, "schema": 1, "epoch": epoch, "device_id": device_id, "ops": ops},
    )
    r.raise_for_status()
    refused = [x for x in r.json()["results"] if x["status"] != "applied"]
    if refused:  # the benchmark would time refusals, not changes
        raise SystemExit(f"{len(refused)} remote changes not applied: {refused[0]}")


def raw_limit(url: str, token: str, device_id: str, path: str, database_url: str) -> None:
    """The first sync's path without HTTP: snapshot chunks as the route builds them
    (``sync_server.snapshot.chunk``), compressed as the server does for the desktop (zstd at
    the server's level), unpacked, decoded and applied as ``desktop.sync.snapshot.run``
    applies them (same chunks, same transaction groups, the same derived data at the end)."""
    import orjson

    from desktop.sync import apply, snapshot as first_sync
    from sync_server import auth
    from sync_server.api import settle_heap
    from sync_server.config import Settings
    from sync_server.db import open_database
    from sync_server.middleware import zstd
    from sync_server.service import SyncService
    from sync_server.snapshot import chunk

    settings = Settings.load(database_url=database_url)
    db = open_database(settings.database_url, pool_size=2)
    service = SyncService(db, settings)
    device = auth.authenticate(db, f"Bearer {token}", idle_days=settings.token_idle_days)
    store, engine = laptop(url, token, device_id, path)
    settle_heap()  # as a server process does once it is up
    stages = dict.fromkeys(("read", "compress", "decompress", "decode", "insert", "derived"), 0.0)
    after, top, records, wire = 0, None, 0, 0
    group = first_sync.loading(store.engine, first_sync.Timing())
    t_all = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        data = chunk(service, device, after, top, first_sync.CHUNK, None, audit_later=[])
        t1 = time.perf_counter()
        packed = zstd.compress(data, level=settings.zstd_level)
        t2 = time.perf_counter()
        data = zstd.decompress(packed)
        t3 = time.perf_counter()
        # The laptop's stages as the laptop runs them: without cyclic garbage collection
        # (desktop.sync.snapshot.gc_paused); the server's with its own (settle_heap).
        with first_sync.gc_paused():
            page = orjson.loads(data)
            t4 = time.perf_counter()
            conn = group.bulk(checkpoint=first_sync.LOAD_CHECKPOINT)
            first_sync.save_progress(conn, {"top": page["top"], "after": page["next"]})
            result = apply.apply_snapshot(
                conn, page["records"], page["epoch"], page.get("max_clock") or ""
            )
            engine._observe(result.max_clock)
            if page["done"] or group.age() >= first_sync.GROUP_SECONDS:
                group.commit()
            t5 = time.perf_counter()
            n, done = len(page["records"]), page["done"]
            after, top = page["next"], page["top"]
            del page, result  # freed here, as the laptop frees a chunk it applied
        for name, secs in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            stages[name] += secs
        records += n
        wire += len(packed)
        if done:
            break
    t5 = time.perf_counter()
    with first_sync.gc_paused():
        first_sync.finish(engine, top)
    stages["derived"] = time.perf_counter() - t5
    print(f"RECORDS {records}")
    print(f"SECONDS {time.perf_counter() - t_all:.3f}")
    print(f"WIRE_MB {wire / 2**20:.1f}")
    for name, secs in stages.items():
        print(f"STAGE_{name.upper()} {secs:.3f}")
    print(f"PEAK_RSS_MB {peak_rss_mb():.1f}")
    db.dispose()


def digest(path: str, token: str, database_url: str) -> None:
    """Per kind: the count and a hash of the sorted ids, in the store and on the server."""
    import hashlib

    import sqlalchemy as sa

    from bench.common import BENCH_KEY
    from desktop.store.connection import open_store
    from desktop.sync.apply import TABLES
    from sync_server import auth, schema as server_schema
    from sync_server.config import Settings
    from sync_server.db import open_database
    from sync_server.service import SyncService

    def summary(ids) -> str:
        h, n = hashlib.sha256(), 0
        for (i,) in ids:
            h.update(i.encode() + b"\n")
            n += 1
        return f"{n}:{h.hexdigest()[:12]}"

    settings = Settings.load(database_url=database_url)
    db = open_database(settings.database_url, pool_size=2)
    service = SyncService(db, settings)
    device = auth.authenticate(db, f"Bearer {token}", idle_days=settings.token_idle_days)
    r = server_schema.records
    with db.reader.connect() as conn:
        visible = service.policy.visible_to(device, r)
        kinds = [k for (k,) in conn.execute(sa.select(r.c.kind).where(visible).distinct())]
        server = {
            k: summary(
                conn.execute(
                    sa.select(r.c.id)
                    .where(visible, r.c.kind == k, sa.not_(r.c.deleted))
                    .order_by(r.c.id)
                )
            )
            for k in kinds
        }
    db.dispose()
    local_engine = open_store(path, key=BENCH_KEY)
    with local_engine.connect() as conn:
        local = {
            k: summary(conn.execute(sa.select(TABLES[k].c.id).order_by(TABLES[k].c.id)))
            for k in kinds
            if k in TABLES
        }
    local_engine.dispose()
    for k in sorted(kinds):
        print(f"KIND_{k} {server[k]} {local.get(k, 'missing')}")


def main() -> None:
    url, token, device_id, path, mode = sys.argv[1:6]
    if mode == "limit":
        raw_limit(url, token, device_id, path, sys.argv[6])
        return
    if mode == "digest":
        digest(path, token, sys.argv[6])
        return
    store, engine = laptop(url, token, device_id, path)
    if mode in ("initial", "pages"):
        engine.snapshot = mode == "initial"  # "pages": the record-by-record first sync
        t0 = time.perf_counter()
        report = engine.sync_once()
        secs = time.perf_counter() - t0
        print(f"RECORDS {report.pulled}")
        print(f"SECONDS {secs:.3f}")
        print(f"PEAK_RSS_MB {peak_rss_mb():.1f}")
        timing = engine.snapshot_timing
        if timing is not None:
            for name in ("waiting", "applying", "committing", "derived"):
                print(f"TIME_{name.upper()} {getattr(timing, name):.2f}")
        return
    other_token, other_id, cursor = sys.argv[6], sys.argv[7], int(sys.argv[8])
    from desktop.sync import state

    with store.engine.begin() as conn:
        state.set_cursor(conn, cursor)  # this laptop is up to date with the server's history
    # A person of its own per run: the server merges look-alikes of earlier runs' clients.
    given = "".join(
        random.Random().choice("bcdfghklmnprstvz") + random.Random().choice("aeiou")
        for _ in range(4)
    ).title()
    client = Client("Lokal", given, dt.date(1990, 5, 5), sex="f", nationalities=["SYR"])
    store.create_client(client)
    engine.sync_once()
    clock = Clock(other_id)
    times = []
    for _ in range(20):
        remote_changes(url, other_token, other_id, clock, 200)
        for _ in range(50):
            store.add_consultation(
                Consultation(
                    client.id,
                    utcnow() - dt.timedelta(minutes=5),
                    "integration",
                    "a.schneider",
                    "lra_naumburg",
                    "walk_in",
                    ["housing"],
                    note="Beratung vor Ort",
                )
            )
        t0 = time.perf_counter()
        report = engine.sync_once()
        times.append((time.perf_counter() - t0) * 1000)
        assert report.pushed >= 50 and report.pulled >= 200, report
    times.sort()
    print(f"ROUNDS {len(times)}")
    print(f"P50_MS {statistics.median(times):.1f}")
    print(f"P95_MS {times[int(len(times) * 0.95) - 1]:.1f}")


if __name__ == "__main__":
    main()
