"""Start-up benchmark: process start -> interactive main window on the 100,000-client store, and
resident memory after opening 20 client files.

    python -m bench.startup [--clients 100000] [--runs 3]

Each run is a fresh process (`python -m bench._startup_probe`); the parent takes the time
before spawning it, the child reports the moment its event loop first turns with the main
window shown and the first lists loaded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from bench.common import build_store


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--open", type=int, default=20)
    args = p.parse_args()
    path = build_store(args.clients)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    starts, rss = [], []
    for _ in range(args.runs):
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, "-m", "bench._startup_probe", str(path), str(args.open)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        if out.returncode != 0:
            print(out.stdout, out.stderr, file=sys.stderr)
            raise SystemExit(f"probe failed with exit code {out.returncode}")
        fields = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
        starts.append(float(fields["READY_AT"]) - t0)
        rss.append(float(fields["RSS_MB"]))
        print(
            f"run: interactive after {starts[-1]:.2f} s, opened {fields['OPENED']} client files, "
            f"RSS {rss[-1]:.0f} MB"
        )
    print(
        f"startup to interactive window ({args.clients} clients): median {statistics.median(starts):.2f} s, "
        f"max {max(starts):.2f} s  [target <= 2 s]"
    )
    print(
        f"resident memory after opening {args.open} client files: median {statistics.median(rss):.0f} MB, "
        f"max {max(rss):.0f} MB  [target <= 250 MB]"
    )


if __name__ == "__main__":
    main()
