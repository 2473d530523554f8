"""Child process of bench.sync: one laptop syncing with the desktop's SyncEngine.

python -m bench._sync_probe URL TOKEN DEVICE_ID STORE initial
python -m bench._sync_probe URL TOKEN DEVICE_ID STORE incremental OTHER_TOKEN OTHER_DEVICE_ID CURSOR
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time

import requests

from casefile.hlc import Clock
from casefile.ids import new_id
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
    cid = new_id()
    ops = [
        {
            "op_id": new_id(),
            "kind": "client",
            "record_id": cid,
            "op": "create",
            "hlc": clock.now().encode(),
            "fields": {"id": cid, "family_name": "Remote", "given_names": "Bench"},
            "base": {},
        }
    ]
    for _ in range(n - 1):
        x = new_id()
        ops.append(
            {
                "op_id": new_id(),
                "kind": "consultation",
                "record_id": x,
                "op": "create",
                "hlc": clock.now().encode(),
                "fields": {
                    "id": x,
                    "client_id": cid,
                    "started_at": "2026-11-25T09:00:00+00:00",
                    "unit": "integration",
                    "caseworker": "bench",
                    "location": "lra_naumburg",
                    "kind": "walk_in",
                    "topics": ["housing"],
                    "note": "Kollegin im Landratsamt",
                },
                "base": {},
            }
        )
    r = requests.post(
        url + "/api/v1/sync/push",
        timeout=60,
        headers={"Authorization": f"Bearer {token}"},
        json={"protocol": 1, "schema": 1, "epoch": epoch, "device_id": device_id, "ops": ops},
    )
    r.raise_for_status()


def main() -> None:
    url, token, device_id, path, mode = sys.argv[1:6]
    store, engine = laptop(url, token, device_id, path)
    if mode == "initial":
        t0 = time.perf_counter()
        report = engine.sync_once()
        secs = time.perf_counter() - t0
        print(f"RECORDS {report.pulled}")
        print(f"SECONDS {secs:.3f}")
        print(f"PEAK_RSS_MB {peak_rss_mb():.1f}")
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
