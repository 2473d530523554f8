"""Shared by the benchmarks: the generated 100,000-client store, cached under bench/_data/."""

from __future__ import annotations

import datetime as dt
import math
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "_data"


# The laptop stores of the benchmarks are encrypted like the app's (SQLCipher with a raw key);
# a fixed key, since the data are generated.
BENCH_KEY = bytes(range(32))
BENCH_PASSWORD = "bench-password"


def generation_day() -> dt.date:
    """The day the benchmarks' demo data end on: yesterday. Data of today would depend on the
    hour they are made (``demodata.activity.generation_time``), so a store generated at 15:40
    would no longer match the same seed regenerated at 15:46 (bench.search reads both)."""
    return dt.date.today() - dt.timedelta(days=1)


def store_path(clients: int, seed: int) -> Path:
    return DATA / f"store-{clients}-s{seed}.sqlite"


def build_store(
    clients: int, seed: int = 42, consultations_per_client: float = 5.0, rebuild: bool = False
) -> Path:
    """Generate a store of *clients* demo clients (reused if it exists); returns its path."""
    from demodata.generator import generate
    from desktop.store.bulk import load_bundles
    from desktop.store.connection import open_store

    path = store_path(clients, seed)
    if path.exists() and not rebuild:
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    engine = open_store(path, key=BENCH_KEY)
    n = load_bundles(
        engine,
        generate(
            clients,
            seed=seed,
            consultations_per_client=consultations_per_client,
            today=generation_day(),
        ),
    )
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
        counts = {
            t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
            for t in ("client", "client_alias", "consultation", "task", "search_key")
        }
    # Everything into the main file now, outside any transaction: a store left as a small file
    # beside a WAL of hundreds of MB was once read back empty by the next run's read-only
    # connection.
    raw = engine.raw_connection()
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    engine.dispose()
    print(
        f"generated store {path.name}: {n} clients in {time.perf_counter() - t0:.1f} s; rows {counts}"
    )
    return path


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (p in 0..1) of *values*; NaN for none. One definition for
    every benchmark, so their p95 figures compare."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p * len(ordered)) - 1))]


def create_op(clock, kind: str, record_id: str, fields: dict) -> dict:
    """A push's op creating the *kind* record *record_id* with *fields*, stamped by *clock*."""
    from casefile.ids import new_id

    return {
        "op_id": new_id(),
        "kind": kind,
        "record_id": record_id,
        "op": "create",
        "hlc": clock.now().encode(),
        "fields": fields,
        "base": {},
    }


def client_file_ops(clock, client: dict, consultations: int, note: str) -> list[dict]:
    """The ops of a new client (*client*: its fields but the id) and *consultations* walk-in
    consultations for it, as a laptop pushes them (the sync benchmarks' pushes)."""
    from casefile.ids import new_id

    def create(kind: str, fields: dict) -> dict:
        record_id = new_id()
        return create_op(clock, kind, record_id, {"id": record_id, **fields})

    first = create("client", client)
    consultation = {
        "client_id": first["record_id"],
        "unit": "integration",
        "started_at": "2026-11-25T09:00:00+00:00",
        "caseworker": "bench",
        "location": "lra_naumburg",
        "kind": "walk_in",
        "topics": ["housing"],
        "note": note,
    }
    return [first] + [create("consultation", consultation) for _ in range(consultations)]
