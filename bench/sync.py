"""Sync benchmark against a real `mia-sync-server serve` process on loopback.

    python -m bench.sync --clients 100000 --consultations 1000000 [--backend sqlite|postgresql|both]
                         [--skip-initial] [--concurrency-only] [--no-concurrency] [--devices 100]
                         [--workers 4] [--pg-database NAME] [--quick]

1. initial sync: a server holding N clients and M consultations (seeded once, reused from
   bench/_data/ or the PostgreSQL database ``mia_bench_<N>_<M>``); a new laptop (a separate
   process, ``bench._sync_probe``) loads everything into an empty local store with the
   desktop's SyncEngine -- by snapshot (``desktop.sync.snapshot``) -- prints records/s,
   seconds and the laptop's peak RSS (with ``--pages`` also the record-by-record pull from
   cursor 0, for comparison). Then, in the same run, the raw limit of that path: another
   process builds the same snapshot chunks from the server's database
   (``sync_server.snapshot.chunk``, no HTTP), compresses and unpacks them as the server and
   the desktop do (zstd), decodes and applies them into a
   second encrypted store as the laptop does, derived data included, timing each stage.
   Printed: the stages, the limit -- records / max(server side, laptop side), as the real
   sync overlaps the two -- and the share of it the real sync reached (the figure to judge
   on a shared, noisy machine: both halves see the same load). Both stores are checked
   against the server: the same records of every kind (count and a hash of the ids).
2. incremental sync: 20 rounds of 200 changes from another device and 50 local changes; prints
   p50/p95 of the laptop's sync_once.
3. concurrency (PostgreSQL, --workers server processes): --devices devices each push 5 changes
   (a new, valid client and 4 consultations; an op the server does not apply counts as an
   error) and pull what is new, all at once, 3 rounds -- as the desktop's SyncEngine does it:
   the push asks for the first pull page along (``pull`` in the push, one request), further
   pages are pulled; prints errors and p95 per device sync, and where the time goes: the
   server's own account of each request (its Server-Timing header: queue for a worker thread,
   auth, lock, merge, write, read) and the CPU seconds of the server, PostgreSQL, this client
   and the rest of the machine meanwhile; then when the duplicate check of the pushed clients,
   which waits for the end of the burst, was done. The simulated laptops share the server's
   cores, so they are cheap: bodies encoded before each round, the standard library's HTTP
   client, a new connection per sync.

``--quick`` (CI, about a minute): both backends, a fresh server database of 1,000 clients and
6,000 consultations (14,000 records), 10 devices on 2 workers. It fails (exit 1) when a promise is broken: a
store that does not hold the server's records, a real first sync below 25 % of the limit
measured in the same run, an incremental p95 over 300 ms, or any error or a p95 over 1 s
with the 10 devices.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import orjson
import requests

from bench.common import DATA, client_file_ops
from casefile.hlc import Clock
from casefile.ids import new_id
from desktop.sync.client import ACCEPT_ENCODING
from sync_server.middleware import zstd

PG_ADMIN = os.environ.get(
    "MIA_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


GIVEN = ["Olena", "Ahmad", "Mariam", "Tesfaye", "Dmytro", "Fatima", "Yusuf", "Amina", "Omar"]

# --quick: the floors it fails below (see the docstring).
QUICK_MIN_SHARE = 0.25
QUICK_MAX_INCREMENTAL_P95_MS = 300
QUICK_MAX_DEVICE_P95_S = 1.0


def server_url(
    backend: str, clients: int, consultations: int, fresh: bool = False, name: str = ""
) -> str:
    """The server database; *fresh*: a new, empty one (the quick run's, never reused);
    *name*: a PostgreSQL database of that name instead of the one named after the sizes."""
    if backend == "sqlite":
        if fresh:
            import tempfile

            folder = Path(tempfile.mkdtemp(prefix="mia-bench-sync-"))
            return f"sqlite:///{folder / 'server.sqlite'}"
        return f"sqlite:///{DATA / f'server-{clients}-{consultations}.sqlite'}"
    # A fresh database is this run's own: on a shared machine another --quick run would drop
    # one of a fixed name under this one's feet.
    name = name or (
        f"mia_bench_quick_{clients}_{consultations}_{os.getpid()}"
        if fresh
        else f"mia_bench_{clients}_{consultations}"
    )
    return pg_database(name, fresh)


def pg_database(name: str, fresh: bool) -> str:
    """The URL of the PostgreSQL database *name*, created if missing; *fresh*: dropped and
    created anew (every benchmark's own database goes through here)."""
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if fresh:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if not conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first():
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str) -> None:
    """Drop the PostgreSQL database of *url* (a fresh one of this run)."""
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def ensure_seeded(url: str, clients: int, consultations: int) -> int:
    from sync_server.db import analyze, last_seq, migrate, open_database
    from sync_server.seed import seed_demo

    DATA.mkdir(parents=True, exist_ok=True)
    db = open_database(url, pool_size=2)
    migrate(db)
    with db.reader.connect() as conn:
        seq = last_seq(conn)
    if seq == 0:
        t0 = time.perf_counter()
        counts = seed_demo(db, clients, seed=42, consultations_per_client=consultations / clients)
        with db.reader.connect() as conn:
            seq = last_seq(conn)
        print(
            f"  seeded {sum(counts.values())} records ({counts}) in {time.perf_counter() - t0:.0f} s"
        )
    elif not _analyzed(db):  # seeded before seed-demo analyzed its load (this machine's
        analyze(db)  # PostgreSQL runs without autovacuum)
    db.dispose()
    return seq


def _analyzed(db) -> bool:
    from sqlalchemy import text

    with db.reader.connect() as conn:
        if db.is_sqlite:
            return bool(
                conn.execute(
                    text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
                ).first()
            )
        return bool(
            conn.execute(
                text(
                    "SELECT 1 FROM pg_stat_user_tables WHERE relname = 'records' "
                    "AND coalesce(last_analyze, last_autoanalyze) IS NOT NULL"
                )
            ).first()
        )


def cli(url: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "sync_server.cli", *args, "--database-url", url],
        capture_output=True,
        text=True,
        check=True,
        input="Saale-Unstrut-Probelauf-2026\n",
    )
    return out.stdout


class Server:
    def __init__(self, url: str, workers: int):
        from desktop.sync.embedded import free_port

        self.port = free_port()
        self.workers = workers
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync_server.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--database-url",
                url,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Up to 15 minutes: after an upgrade of the duplicate check's blocking keys, ``serve``
        # indexes every client once before it answers (43 s at 100,000 clients on PostgreSQL).
        deadline = time.monotonic() + 900
        try:
            while time.monotonic() < deadline:
                try:
                    if requests.get(self.base + "/health", timeout=5).ok:
                        return
                except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy
                    pass
                if self.proc.poll() is not None:
                    break
                time.sleep(0.2)
        except BaseException:
            self.proc.terminate()
            raise
        self.proc.terminate()
        raise SystemExit("server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


def device(server: Server, user: str) -> tuple[str, str]:
    r = requests.post(
        server.base + "/api/v1/devices/register",
        timeout=30,
        json={
            "user": user,
            "password": "Saale-Unstrut-Probelauf-2026",
            "device_name": new_id()[:8],
        },
    )
    r.raise_for_status()
    return r.json()["device_id"], r.json()["token"]


def probe(server: Server, token: str, device_id: str, store: Path, *extra: str) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench._sync_probe",
            server.base,
            token,
            device_id,
            str(store),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if out.returncode:
        raise SystemExit(f"probe failed:\n{out.stdout}\n{out.stderr}")
    return dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)


def concurrent(
    server: Server, url: str, user: str, devices: int, rounds: int = 3
) -> tuple[int, float]:
    """Each device pushes 5 new consultations of one client and pulls what is new."""
    creds = [device(server, user) for _ in range(devices)]
    epoch = requests.get(server.base + "/health", timeout=10).json().get("epoch")
    import json

    start = json.loads(cli(url, "status", "--json"))["last_seq"]  # devices that are up to date
    cursors = {d: start for d, _ in creds}
    times, errors, push_times = [], [], []
    sizes: list[dict[str, int]] = []
    phases: dict[str, list[float]] = {}  # "push queue", "pull read", ...: ms per device sync
    lock = threading.Lock()

    def note(kind: str, response, into: dict[str, float]) -> None:
        """The server's own account of a request (its Server-Timing header)."""
        for part in response.headers.get("server-timing", "").split(","):
            name, _, dur = part.strip().partition(";dur=")
            if name and dur:
                key = f"{kind} {name}"
                into[key] = into.get(key, 0.0) + float(dur)

    people = random.Random(len(creds))

    def body(dev_id: str, clock: Clock) -> bytes:
        """A laptop's push: a new client (a valid one, so the duplicate check has it to check
        against the register) and 4 consultations, asking for the first pull page along --
        encoded before the round, as a laptop's outbox is ready before it syncs."""
        letters = "".join(chr(ord("a") + int(h, 16)) for h in new_id()[-8:])
        client = {
            "family_name": "Lasttest" + letters,
            "given_names": people.choice(GIVEN),
            "birth_date": f"{people.randint(1950, 2006)}-"
            f"{people.randint(1, 12):02d}-{people.randint(1, 28):02d}",
            "birth_date_precision": "exact",
            "sex": people.choice("fm"),
        }
        ops = client_file_ops(clock, client, 4, "Lasttest")
        cursor = cursors[dev_id]
        return orjson.dumps(
            {
                "protocol": 1,
                "schema": 1,
                "epoch": epoch,
                "device_id": dev_id,
                "ops": ops,
                "pull": {"cursor": cursor, "limit": 5000, "since": cursor},
            }
        )

    host, port = server.base.removeprefix("http://").rsplit(":", 1)

    def one(dev_id: str, token: str, push: bytes) -> None:
        # The simulated laptops share the server's 2 cores, so they are made cheap: the
        # standard library's HTTP client (a new connection per sync, as a laptop that syncs
        # every few minutes opens one; zstd answers, as the desktop asks) and orjson; the
        # desktop's own client is what the other phases time.
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        auth = {"Authorization": f"Bearer {token}", "Accept-Encoding": ACCEPT_ENCODING}
        t0 = time.perf_counter()
        mine: dict[str, float] = {}
        size: dict[str, int] = {}  # what this sync pulled: changes, bytes on the wire, JSON

        def call(method: str, path: str, data: bytes | None = None) -> dict:
            conn.request(
                method,
                path,
                body=data,
                headers={**auth, "Content-Type": "application/json"} if data else auth,
            )
            r = conn.getresponse()
            content = r.read()
            size["wire"] = size.get("wire", 0) + len(content)
            if r.getheader("Content-Encoding") == "zstd":  # the server's answer to the desktop
                content = zstd.decompress(content)
            size["json"] = size.get("json", 0) + len(content)
            if r.status != 200:
                raise RuntimeError(f"{method} {path}: {r.status} {content[:200]!r}")
            note("push" if method == "POST" else "pull", r, mine)
            return orjson.loads(content)  # as the desktop client parses it

        try:
            cursor = cursors[dev_id]
            # As the desktop's SyncEngine does: the push asks for the first pull page along
            # (one request), further pages (if any) are pulled.
            answer = call("POST", "/api/v1/sync/push", push)
            pushed_at = time.perf_counter()
            refused = [r for r in answer["results"] if r["status"] != "applied"]
            if refused:  # a benchmark of refusals would measure the wrong thing
                raise RuntimeError(f"{len(refused)} ops not applied: {refused[0]}")
            page = answer.get("pull")
            while True:
                if page is not None:
                    size["changes"] = size.get("changes", 0) + len(page.get("changes", ()))
                if page is None:
                    page = call(
                        "GET",
                        f"/api/v1/sync/pull?cursor={cursor}&limit=5000&since={cursors[dev_id]}",
                    )
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break
                page = None
            cursors[dev_id] = cursor
        except Exception as exc:  # counted and reported, the benchmark goes on
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
            return
        finally:
            conn.close()
        with lock:
            times.append(time.perf_counter() - t0)
            push_times.append(pushed_at - t0)
            for key, ms in mine.items():
                phases.setdefault(key, []).append(ms)
            sizes.append(size)

    clocks = {d: Clock(d) for d, _ in creds}
    print(f"    {devices} devices registered; the burst starts", flush=True)  # (a profiler's cue)
    cpu_before, wall_before = cpu_seconds(server), time.perf_counter()
    for _ in range(rounds):
        pushes = {d: body(d, clocks[d]) for d, _ in creds}
        threads = [threading.Thread(target=one, args=(d, tok, pushes[d])) for d, tok in creds]
        t0 = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        print(f"    round: {devices} devices in {time.perf_counter() - t0:.2f} s")
    wall = time.perf_counter() - wall_before
    cpu = {k: v - cpu_before.get(k, 0.0) for k, v in cpu_seconds(server).items()}
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)] if times else float("nan")
    push_times.sort()
    print(
        f"  concurrency: {devices} devices x {rounds} rounds: {len(errors)} errors, "
        f"p50 {statistics.median(times):.3f} s, p95 {p95:.3f} s  [target: 0 errors, p95 <= 1 s]; "
        f"of which push p50 {statistics.median(push_times):.3f} s, "
        f"p95 {push_times[max(0, int(len(push_times) * 0.95) - 1)]:.3f} s"
    )
    # Where the time goes, by the server's account: the median device sync's time per phase
    # (queue = waiting for a worker thread; the rest of a sync's time is the network, the
    # event loop and the client).
    if phases:
        print(
            "    where the time goes (server's Server-Timing, p50 / p95 ms per device sync): "
            + ", ".join(
                f"{key} {statistics.median(v):.0f}/{sorted(v)[max(0, int(len(v) * 0.95) - 1)]:.0f}"
                for key, v in sorted(phases.items())
            )
        )
    if sizes:
        print(
            "    what a device sync pulled (p50): "
            f"{statistics.median(x.get('changes', 0) for x in sizes):.0f} changes, "
            f"{statistics.median(x.get('wire', 0) for x in sizes) / 1024:.0f} kB on the wire, "
            f"{statistics.median(x.get('json', 0) for x in sizes) / 1024:.0f} kB of JSON"
        )
    if cpu:
        syncs = devices * rounds
        print(
            f"    CPU in those {wall:.1f} s on {os.cpu_count()} cores: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in cpu.items())
            + f" -- the server {cpu.get('server', 0) * 1000 / syncs:.0f} ms and PostgreSQL "
            f"{cpu.get('postgresql', 0) * 1000 / syncs:.0f} ms per device sync"
        )
    # The duplicate check of the pushed clients runs once the burst is over
    # (MIA_DUPLICATE_CHECK_QUIET_S): how long after the last round, and at what CPU.
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    ended, cpu_ended = time.perf_counter(), cpu_seconds(server)
    try:
        with engine.connect() as conn:
            while time.perf_counter() - ended < 60:
                if not conn.execute(text("SELECT count(*) FROM match_pending")).scalar():
                    break
                conn.commit()
                time.sleep(0.05)
    finally:
        engine.dispose()
    after = {k: v - cpu_ended.get(k, 0.0) for k, v in cpu_seconds(server).items()}
    print(
        f"    the duplicate check of the {devices * rounds} pushed clients, after the burst: "
        f"done {time.perf_counter() - ended:.1f} s after the last round"
        + (
            f", server {after.get('server', 0):.1f} s and PostgreSQL "
            f"{after.get('postgresql', 0):.1f} s of CPU"
            if after
            else ""
        )
    )
    for e in errors[:5]:
        print("    error:", e)
    return len(errors), p95


def cpu_seconds(server: Server) -> dict[str, float]:
    """CPU seconds so far of the server's processes, PostgreSQL's, this client and the rest
    of the machine (Linux /proc; empty elsewhere): the other half of "where the time goes"."""
    proc = Path("/proc")
    if not (proc / "stat").exists():
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    names: dict[int, str] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            names[int(entry.name)] = (entry / "comm").read_text().strip()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick

    def under(pid: int, root: int) -> bool:
        for _ in range(64):
            if pid == root:
                return True
            if pid not in parents or pid <= 1:
                return False
            pid = parents[pid]
        return False

    out = {"server": 0.0, "postgresql": 0.0, "bench client": 0.0, "other": 0.0}
    for pid, secs in used.items():
        if under(pid, server.proc.pid):
            out["server"] += secs
        elif names.get(pid, "").startswith("postgres"):
            out["postgresql"] += secs
        elif pid == os.getpid():
            out["bench client"] += secs
        else:
            out["other"] += secs
    return out


def fresh_store(name: str) -> Path:
    store = DATA / name
    DATA.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(store) + suffix).unlink(missing_ok=True)
    return store


def same_records(label: str, found: dict) -> bool:
    """Print the comparison of a store with the server (from the probe's ``digest``)."""
    bad = [k for k, v in found.items() if k.startswith("KIND_") and len(set(v.split())) != 1]
    kinds = ", ".join(f"{k[5:]} {v.split()[0].split(':')[0]}" for k, v in sorted(found.items()))
    print(f"    {label}: {'same records as the server' if not bad else 'DIFFERS'} ({kinds})")
    for k in bad:
        print(f"      {k[5:]}: server {found[k].split()[0]}, store {found[k].split()[1]}")
    return not bad


def run(backend: str, args) -> list[str]:
    """One backend; returns the promises broken (checked with --quick)."""
    broken: list[str] = []
    print(f"== {backend}: {args.clients} clients, {args.consultations} consultations")
    url = server_url(backend, args.clients, args.consultations, args.quick, args.pg_database)
    total = ensure_seeded(url, args.clients, args.consultations)
    user = f"bench-{uuid.uuid4().hex[:10]}"
    # A user of every unit: receives every record (the largest first sync there is).
    from casefile import catalogs

    units = [a for code in sorted(catalogs.load("unit").codes) for a in ("--unit", code)]
    cli(url, "create-user", user, *units)
    workers = args.workers if backend == "postgresql" else 1
    server = Server(url, workers)
    try:
        if not args.skip_initial:
            dev_id, token = device(server, user)
            store = fresh_store(f"laptop-{backend}.sqlite")
            r = probe(server, token, dev_id, store, "initial")
            secs, n = float(r["SECONDS"]), int(r["RECORDS"])
            rate = n / secs
            print(
                f"  initial sync: {n} records in {secs:.1f} s = {rate:,.0f} records/s, "
                f"laptop peak RSS {float(r['PEAK_RSS_MB']):.0f} MB  [target >= 40,000/s, <= 400 MB]"
            )
            spent = {k[5:].lower(): float(v) for k, v in r.items() if k.startswith("TIME_")}
            if spent:
                print(
                    "    where the laptop's time went: "
                    + ", ".join(f"{k} {v:.1f} s" for k, v in spent.items())
                )
            if args.pages:
                pages_store = fresh_store(f"laptop-pages-{backend}.sqlite")
                rp = probe(server, token, dev_id, pages_store, "pages")
                print(
                    f"    record by record (the pull from cursor 0, no snapshot): "
                    f"{int(rp['RECORDS']) / float(rp['SECONDS']):,.0f} records/s, "
                    f"peak RSS {float(rp['PEAK_RSS_MB']):.0f} MB"
                )
            # The same path without HTTP, in this run: what the real sync could reach.
            limit_store = fresh_store(f"laptop-limit-{backend}.sqlite")
            lim = probe(server, token, dev_id, limit_store, "limit", url)
            stage = {k[6:].lower(): float(v) for k, v in lim.items() if k.startswith("STAGE_")}
            served = stage["read"] + stage["compress"]
            applied = stage["decompress"] + stage["decode"] + stage["insert"] + stage["derived"]
            ln = int(lim["RECORDS"])
            limit = ln / max(served, applied)
            print(
                "  raw limit of the path (no HTTP, same pages): "
                + ", ".join(f"{k} {v:.2f} s" for k, v in stage.items())
                + f"; {float(lim['WIRE_MB']):.1f} MB on the wire"
            )
            print(
                f"    server side {served:.2f} s, laptop side {applied:.2f} s: limit "
                f"{limit:,.0f} records/s overlapped ({ln / (served + applied):,.0f} one after "
                f"the other); the real sync reached {rate / limit:.0%} of the limit"
            )
            if n != ln:
                broken.append(f"{backend}: the real sync pulled {n} records, the limit {ln}")
            if rate / limit < QUICK_MIN_SHARE:
                broken.append(
                    f"{backend}: first sync at {rate / limit:.0%} of its limit "
                    f"(floor {QUICK_MIN_SHARE:.0%})"
                )
            for label, path in (("laptop", store), ("limit store", limit_store)):
                if not same_records(label, probe(server, token, dev_id, path, "digest", url)):
                    broken.append(f"{backend}: the {label} does not hold the server's records")
        if not args.concurrency_only:
            dev_a = device(server, user)
            dev_b = device(server, user)
            import json

            cursor = json.loads(cli(url, "status", "--json"))["last_seq"]
            store = fresh_store(f"laptop-inc-{backend}.sqlite")
            r = probe(
                server, dev_b[1], dev_b[0], store, "incremental", dev_a[1], dev_a[0], str(cursor)
            )
            print(
                f"  incremental sync (50 local + 200 remote changes): p50 "
                f"{float(r['P50_MS']):.0f} ms, p95 {float(r['P95_MS']):.0f} ms over "
                f"{r['ROUNDS']} rounds  [target p95 <= 300 ms]"
            )
            if float(r["P95_MS"]) > QUICK_MAX_INCREMENTAL_P95_MS:
                broken.append(f"{backend}: incremental p95 {float(r['P95_MS']):.0f} ms")
        if backend == "postgresql" and not args.no_concurrency:
            errors, p95 = concurrent(server, url, user, args.devices)
            if errors or p95 > QUICK_MAX_DEVICE_P95_S:
                broken.append(
                    f"{backend}: {args.devices} devices: {errors} errors, p95 {p95:.2f} s"
                )
    finally:
        server.stop()
        if args.quick and backend == "sqlite":  # the fresh server of this run only
            import shutil

            shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)
        elif args.quick:
            drop_database(url)
    print(f"  server records: {total}")
    return broken


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=100_000)
    p.add_argument("--consultations", type=int, default=1_000_000)
    p.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--skip-initial", action="store_true")
    p.add_argument(
        "--concurrency-only",
        action="store_true",
        help="only the concurrency phase (PostgreSQL; implies --skip-initial)",
    )
    p.add_argument("--pages", action="store_true", help="also time the record-by-record first sync")
    p.add_argument(
        "--pg-database", default="", help="PostgreSQL database (seeded if empty) to use instead"
    )
    p.add_argument("--devices", type=int, default=100)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument(
        "--no-concurrency", action="store_true", help="leave out phase 3 (the devices at once)"
    )
    p.add_argument("--quick", action="store_true", help="small, fresh and fast, for CI")
    args = p.parse_args()
    if args.quick:
        args.clients, args.consultations, args.devices, args.workers = 1000, 6000, 10, 2
        args.skip_initial = args.concurrency_only = args.no_concurrency = False
    if args.concurrency_only:
        args.skip_initial, args.backend = True, "postgresql"
    t0 = time.perf_counter()
    broken: list[str] = []
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        broken += run(backend, args)
    print(f"bench.sync done in {time.perf_counter() - t0:.0f} s")
    if args.quick and broken:
        print("promises broken:\n  " + "\n  ".join(broken))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
