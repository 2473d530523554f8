"""Logins under attack: does sync stay fast while failed logins hammer the server?

    python -m bench.logins [--backend postgresql|sqlite] [--workers 4] [--laptops 20]
                           [--attackers 120] [--seconds 20] [--refusal-delay S] [--quick]

A real `mia-sync-server serve` process (PostgreSQL, 4 workers by default) with a small seeded
database. Laptops (threads, each with its own device token) pull in a loop -- the incremental
pull a laptop makes every few seconds -- first alone ("quiet"), then while attacker threads
send wrong passwords as fast as the server answers: half guess the password of one real user,
half spray other user names. Prints:

* the pull p50/p95 quiet and under attack, and their ratio against the target (1.5x quiet);
* guesses whose password the server checked past the limit (target 0: the per-user limit is
  ``MIA_LOGIN_MAX_FAILURES``) and whether the right password got in during the attack (it must
  not: the account waits out the window);
* how the attack was answered: 401 (checked), 429 (throttled or the login queue full), and
  how many answers a second the attack drew. The server answers a refusal after a pause
  (``MIA_LOGIN_REFUSAL_DELAY_S``, 2 s): the attackers wait for each answer as a real guesser
  does; ``--refusal-delay 0`` measures the same attack answered at once.

``--quick`` (CI): SQLite, 1 worker, 5 laptops, 30 attackers, 4 s per phase; it fails (exit 1)
when a guess got past the limit or an error other than 401/429 came back.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from bench.sync import Server, cli, pg_database

PASSWORD = "Saale-Unstrut-Probelauf-2026"
VICTIM = "bench.victim"


def database(backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'logins.sqlite'}"
    return pg_database("mia_bench_logins", fresh=True)


def register(
    base: str, user: str, password: str, session: requests.Session | None = None
) -> requests.Response:
    return (session or requests).post(
        base + "/api/v1/devices/register",
        timeout=60,
        json={"user": user, "password": password, "device_name": "bench"},
    )


def pulls(base: str, tokens: list[str], seconds: float) -> list[float]:
    """Every laptop pulls from the current end of the stream again and again (ms each)."""
    times: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def laptop(token: str) -> None:
        s = requests.Session()
        s.headers["Authorization"] = f"Bearer {token}"
        cursor = s.get(base + "/api/v1/sync/pull", params={"cursor": 0}, timeout=60).json()
        cursor = cursor["next_cursor"]
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            r = s.get(base + "/api/v1/sync/pull", params={"cursor": cursor}, timeout=60)
            ms = (time.perf_counter() - t0) * 1000
            if r.status_code != 200:
                raise SystemExit(f"pull failed: {r.status_code} {r.text[:200]}")
            with lock:
                times.append(ms)
            time.sleep(0.05)

    threads = [threading.Thread(target=laptop, args=(tok,)) for tok in tokens]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return times


def attack(base: str, first: int, attackers: int, seconds: float) -> collections.Counter:
    """*attackers* threads guessing for *seconds* (run in a process of its own, so that the
    laptops' timing in the main process does not wait for the attackers' interpreter lock)."""
    import os

    os.nice(19)  # the attackers stand in for other machines: their CPU is not the server's
    codes: collections.Counter = collections.Counter()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def attacker(n: int) -> None:
        s = requests.Session()
        i = 0
        while time.monotonic() < stop:
            user = VICTIM if n % 2 == 0 else f"spray{n}-{i}"
            who = "victim" if user == VICTIM else "spray"
            try:
                r = register(base, user, f"Rate-mal-{n}-{i}-xyz", s)
            except requests.ConnectionError:  # the server shed the connection: try again
                key = (who, 0, "connection dropped")
                s = requests.Session()
            else:
                key = (
                    who,
                    r.status_code,
                    r.json().get("error", {}).get("code", "") if r.status_code != 200 else "",
                )
            with lock:
                codes[key] += 1
            i += 1

    threads = [threading.Thread(target=attacker, args=(first + n,)) for n in range(attackers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return codes


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--laptops", type=int, default=20)
    ap.add_argument("--attackers", type=int, default=120)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--quick", action="store_true", help="small and fast, for CI")
    ap.add_argument(
        "--refusal-delay",
        type=float,
        default=None,
        help="MIA_LOGIN_REFUSAL_DELAY_S for the server (default: the server's own, 2 s; "
        "0 answers every refusal at once, for comparison)",
    )
    args = ap.parse_args()
    if args.refusal_delay is not None:
        import os

        os.environ["MIA_LOGIN_REFUSAL_DELAY_S"] = str(args.refusal_delay)
    if args.quick:
        args.backend, args.workers, args.laptops, args.attackers, args.seconds = (
            "sqlite",
            1,
            5,
            30,
            4,
        )
    folder = Path(tempfile.mkdtemp(prefix="mia-bench-logins-"))
    url = database(args.backend, folder)
    cli(url, "migrate")
    cli(url, "seed-demo", "--clients", "300")
    for user in ("bench.laptop", VICTIM):
        from subprocess import run

        run(
            [
                sys.executable,
                "-m",
                "sync_server.cli",
                "create-user",
                user,
                "--unit",
                "integration",
                "--database-url",
                url,
            ],
            input=PASSWORD + "\n",
            text=True,
            check=True,
            capture_output=True,
        )
    server = Server(url, args.workers)
    try:
        tokens = [
            register(server.base, "bench.laptop", PASSWORD).json()["token"]
            for _ in range(args.laptops)
        ]
        quiet = pulls(server.base, tokens, args.seconds)
        # The attack: two processes of attacker threads, a second longer than the pulls.
        procs = 2
        with concurrent.futures.ProcessPoolExecutor(procs) as pool:
            futures = [
                pool.submit(
                    attack,
                    server.base,
                    k * args.attackers // procs,
                    args.attackers // procs,
                    args.seconds + 2.0,
                )
                for k in range(procs)
            ]
            time.sleep(1.0)  # the attack is in full swing
            loud = pulls(server.base, tokens, args.seconds)
            right = register(server.base, VICTIM, PASSWORD)  # the owner, during the attack
            codes: collections.Counter = collections.Counter()
            for f in futures:
                codes.update(f.result())
    finally:
        server.stop()
    from sync_server.config import Settings

    configured = Settings.load()
    limit, delay = configured.login_max_failures, configured.login_refusal_delay_s
    checked = codes[("victim", 401, "invalid_credentials")]
    past = max(0, checked - limit)
    # A connection the server dropped under the attack is the attacker's loss, not an error;
    # any other answer than 401/429 (a 5xx, a 200 for a guess) is.
    errors = {k: v for k, v in codes.items() if k[1] not in (0, 401, 429)}
    q95, a95 = p(quiet, 95), p(loud, 95)
    print(
        f"logins under attack ({args.backend}, {args.workers} workers, {args.laptops} laptops, "
        f"{args.attackers} attackers, {args.seconds:.0f} s per phase, refusals answered "
        f"after {delay:g} s)"
    )
    print(
        f"  pull p50/p95 quiet:        {p(quiet, 50):7.1f} / {q95:7.1f} ms  "
        f"({len(quiet)} pulls)  <- the limit of the same path in this run"
    )
    print(
        f"  pull p50/p95 under attack: {p(loud, 50):7.1f} / {a95:7.1f} ms  "
        f"({len(loud)} pulls)  ratio {a95 / q95:.2f}x (target <= 1.5x)"
    )
    print(
        f"  victim guesses checked:    {checked} (limit {limit}); past the limit: {past} (target 0)"
    )
    print(
        f"  right password during the attack: {right.status_code} "
        f"{right.json().get('error', {}).get('code', 'accepted')}"
    )
    print(
        "  answers to the attack: "
        + ", ".join(f"{who} {code} {err}: {n}" for (who, code, err), n in sorted(codes.items()))
    )
    print(
        f"  attack requests answered: {sum(codes.values())} "
        f"({sum(codes.values()) / (args.seconds + 2.0):.0f}/s); "
        f"429 sent: {sum(n for k, n in codes.items() if k[1] == 429)}; "
        f"other errors: {sum(errors.values())}"
    )
    return 1 if past or errors else 0


if __name__ == "__main__":
    sys.exit(main())
