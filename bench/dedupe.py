"""Duplicate detection benchmark: precision, recall and runtime of ``mia-sync-server dedupe``.

    python -m bench.dedupe [--people 20000] [--large 100000] [--checks 300]

1. A seeded registry of ``--people`` records with about 15 % duplicates in the variations of
   real registries (bench/dedupe_data.py) is written as CSV; the CLI judges it in a separate
   process; prints precision, recall and F1 of all judged pairs (same + review) and the
   precision of the automatic ones (same), and the runtime.
2. The same for ``--large`` records (runtime target: <= 60 s).
3. One new client checked against the large registry (``PersonIndex.matches_for``), p50/p95
   over ``--checks`` people (target: p95 <= 50 ms).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import time

from bench.common import DATA
from bench.dedupe_data import generate, write_csv


def judge(n: int, seed: int) -> tuple[list[dict], set[frozenset[str]]]:
    rows, truth = generate(n, seed=seed)
    src, out = DATA / f"dedupe-{n}-{seed}.csv", DATA / f"dedupe-{n}-{seed}-pairs.csv"
    DATA.mkdir(parents=True, exist_ok=True)
    write_csv(src, rows)
    t0 = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "sync_server.cli", "dedupe", "--csv", str(src), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    secs = time.perf_counter() - t0
    if run.returncode:
        raise SystemExit(f"dedupe failed:\n{run.stdout}\n{run.stderr}")
    with open(out, newline="", encoding="utf-8") as f:
        judged = [(frozenset((r["id_l"], r["id_r"])), r["decision"]) for r in csv.DictReader(f)]
    report(n, truth, judged, secs)
    return rows, truth


def _prf(found: set, truth: set) -> tuple[float, float, float]:
    hit = len(found & truth)
    p = hit / len(found) if found else 1.0
    r = hit / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(n: int, truth: set, judged: list, secs: float) -> None:
    every = {pair for pair, _ in judged}
    auto = {pair for pair, decision in judged if decision == "same"}
    p, r, f1 = _prf(every, truth)
    pa, ra, _ = _prf(auto, truth)
    print(
        f"  {n} records, {len(truth)} true duplicate pairs: judged {len(every)} pairs in "
        f"{secs:.1f} s (CLI process, incl. reading and writing)"
        + ("" if n <= 20_000 else "  [target <= 60 s]")
    )
    target = "[target F1 >= 0.95]" if n <= 20_000 else "[the F1 target is set for 20,000 people]"
    print(f"    same + review: precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f}  {target}")
    print(
        f"    automatic (same): {len(auto)} pairs, precision {pa:.4f}, recall {ra:.3f}  "
        f"[target precision >= 0.99]"
    )


def single_checks(rows: list[dict], checks: int) -> None:
    import io

    from casefile.dedupe import PersonIndex, read_csv

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    buf.seek(0)
    persons, _ = read_csv(buf)
    t0 = time.perf_counter()
    index = PersonIndex(persons)
    print(f"  index of {len(persons)} people built in {time.perf_counter() - t0:.1f} s")
    step = max(1, len(persons) // checks)
    times = []
    for person in persons[::step][:checks]:
        t = time.perf_counter()
        index.matches_for(person)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(
        f"  one client against {len(persons)}: p50 {statistics.median(times):.1f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms over {len(times)} checks  "
        f"[target p95 <= 50 ms]"
    )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--people", type=int, default=20_000)
    p.add_argument("--large", type=int, default=100_000)
    p.add_argument("--checks", type=int, default=300)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()
    print(f"== dedupe: registry of {args.people} records")
    judge(args.people, args.seed)
    if args.large:
        print(f"== dedupe: registry of {args.large} records")
        rows, _ = judge(args.large, args.seed)
        single_checks(rows, args.checks)


if __name__ == "__main__":
    main()
