"""Report benchmark (issue 21): the standard reports over 100,000 clients and 1,000,000
consultations on the server, SQLite and PostgreSQL, and the XLSX of the largest table.

    python -m bench.reports [--clients 100000] [--consultations 1000000] [--backend both]
    python -m bench.reports --quick   # CI: fresh databases of 3,000 clients; seconds

The server databases are seeded with the demo generator (``sync_server.seed.seed_demo``, the
records as laptops push them, with the report facts kept as every write keeps them) and cached
like bench.sync's (SQLite under bench/_data/, PostgreSQL as a database of its own). Measured
as coordination sees it (every unit), the engine called as the endpoint calls it:

* every table of the **monthly report** (``sync_server.reports.MONTHLY``) for the last month
  with data, in publication mode (suppression included), and the monthly report as a whole;
* the **year tables**: consultations by unit x month and persons by nationality x quarter over
  the last twelve months, walk-in waiting time by location x month;
* the **largest table**: persons by nationality x month over the last five years, and its
  XLSX with the chart (``sync_server.report_files.xlsx``).

Beside each figure, the limit of the same path in the same run: for a table, reading the
facts it counts and nothing else (``SELECT count(*)`` over the same fact rows and days, no
grouping, no joins); for the XLSX, the same cells written with XlsxWriter without formats,
notes or chart.

Promises (exit status 1 when broken): each standard report -- every table of the monthly report
and the year's consultations by unit and month -- <= 1 s on PostgreSQL and <= 2 s on SQLite;
the XLSX of the largest table <= 3 s. ``--quick`` checks the same bounds. Distinct persons
over a year or five by a client attribute are printed beside, without a promise (marked *).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from typing import Any

from sqlalchemy import func, select

from bench.common import DATA
from bench.sync import server_url

LIMITS = {"sqlite": 2.0, "postgresql": 1.0}
XLSX_LIMIT = 3.0
RUNS = 3


class _Service:
    def __init__(self, db: Any) -> None:
        self.db = db


def seeded(url: str, clients: int, consultations: int) -> Any:
    from sync_server import report_facts
    from sync_server.db import last_seq, migrate, open_database
    from sync_server.seed import seed_demo

    DATA.mkdir(parents=True, exist_ok=True)
    db = open_database(url, pool_size=2)
    migrate(db)
    with db.reader.connect() as conn:
        empty = last_seq(conn) == 0
    if empty:
        t0 = time.perf_counter()
        counts = seed_demo(db, clients, seed=42, consultations_per_client=consultations / clients)
        print(f"  seeded {sum(counts.values())} records in {time.perf_counter() - t0:.0f} s")
    t0 = time.perf_counter()
    if report_facts.ensure(db) is not None:  # a database seeded before the facts were kept
        print(f"  report facts built in {time.perf_counter() - t0:.0f} s")
    if db.reader.dialect.name == "postgresql":
        # As the server's nightly job leaves them (report_facts.maintain): a seeded database
        # holds its facts in the order of the generated clients, not of their days.
        t0 = time.perf_counter()
        report_facts.maintain(db)
        with db.writer.begin() as conn:
            conn.exec_driver_sql("ANALYZE report_clients")
        print(f"  report facts clustered by day in {time.perf_counter() - t0:.0f} s")
    else:
        with db.writer.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return db


def timed(fn: Any, runs: int = RUNS) -> tuple[float, Any]:
    """The median wall time of *runs* calls, and the last result."""
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def bare_read(db: Any, indicator: str, start: dt.date, end: dt.date) -> float:
    """The limit of a table's path: read the rows it counts, nothing else."""
    from sync_server import reports, schema as t

    ind = reports.INDICATORS[indicator]
    if ind.source == "walk_in":
        table, cond = t.walk_in_queue, []
    else:
        table, cond = t.report_facts, [t.report_facts.c.fact == ind.source]
    stmt = (
        select(func.count())
        .select_from(table)
        .where(*cond, table.c.day >= start.isoformat(), table.c.day <= end.isoformat())
    )

    def run() -> None:
        with db.reader.connect() as conn:
            conn.execute(stmt).scalar()

    return timed(run)[0]


def bare_xlsx(table: dict[str, Any]) -> float:
    import xlsxwriter

    def run() -> None:
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        sheet = book.add_worksheet()
        for r, row in enumerate(table["cells"]):
            for c, value in enumerate(row):
                sheet.write_number(r, c, value or 0)
        book.close()

    return timed(run)[0]


def last_month(db: Any) -> dt.date:
    from sync_server import schema as t

    with db.reader.connect() as conn:
        top = conn.execute(
            select(func.max(t.report_facts.c.day)).where(t.report_facts.c.fact == "consultation")
        ).scalar()
    day = dt.date.fromisoformat(top) if top else dt.date.today()
    first = day.replace(day=1)
    if day < (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1):
        first = (first - dt.timedelta(days=1)).replace(day=1)  # the last whole month
    return first


def run(backend: str, clients: int, consultations: int, quick: bool) -> list[str]:
    from sync_server import report_files, reports
    from sync_server.auth import Device

    url = server_url(backend, clients, consultations, fresh=quick)
    print(f"\n{backend}: {clients:,} clients, {consultations:,} consultations")
    db = seeded(url, clients, consultations)
    service = _Service(db)
    coord = Device("bench", "bench", "bench", "bench", ("coordination",), ("coordination",))
    with db.reader.connect() as conn:
        from sync_server import schema as t

        facts = conn.execute(
            select(func.count())
            .select_from(t.report_facts)
            .where(t.report_facts.c.fact == "consultation")
        ).scalar()
    print(f"  consultation facts: {facts:,}")
    limit = LIMITS[backend]
    broken: list[str] = []
    month = last_month(db)
    month_end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    year_start = (month_end - dt.timedelta(days=365)).replace(day=1)
    five_start = dt.date(month_end.year - 5, month_end.month, 1) + dt.timedelta(days=32)
    five_start = five_start.replace(day=1)
    cases = [
        (
            f"monthly {ind} by {rows}" + (f" x {cols}" if cols else ""),
            ind,
            rows,
            cols,
            month,
            month_end,
            "publication",
        )
        for ind, rows, cols in reports.MONTHLY
    ] + [
        (
            "year consultations by unit x month",
            "consultations",
            "unit",
            "month",
            year_start,
            month_end,
            "intern",
        ),
        (
            "year persons by nationality x quarter",
            "persons",
            "nationality",
            "quarter",
            year_start,
            month_end,
            "publication",
        ),
        (
            "year walk-in wait by location x month",
            "walk_in_wait",
            "location",
            "month",
            year_start,
            month_end,
            "intern",
        ),
        (
            "largest: persons by nationality x month, 5 years",
            "persons",
            "nationality",
            "month",
            five_start,
            month_end,
            "intern",
        ),
    ]
    print(f"  {'report':58} {'time':>9} {'limit':>9}  cells")
    largest: dict[str, Any] = {}
    for name, ind, rows, cols, start, end, mode in cases:
        q = reports.Query(ind, rows, cols, start, end, mode)
        seconds, table = timed(lambda q=q: reports.table(service, coord, q))
        bare = bare_read(db, ind, start, end)
        n = len(table["cells"]) * (len(table["cells"][0]) if table["cells"] else 0)
        standard = not name.startswith(("year persons", "largest"))
        mark = "" if standard else "  (no promise*)"
        print(f"  {name:58} {seconds * 1000:7.0f}ms {bare * 1000:7.0f}ms  {n}{mark}")
        if standard and seconds > limit:
            broken.append(f"{backend}: {name} took {seconds:.2f} s > {limit} s")
        if name.startswith("largest"):
            largest = table
    print(
        "  * distinct persons over a year or more by a client attribute: every (cell, person)"
        " pair of the span is read and counted; no promise in the issue, printed to watch"
    )
    seconds, book = timed(
        lambda: reports.monthly(service, coord, month.strftime("%Y-%m"), "publication"), 1
    )
    print(
        f"  {'the whole monthly report (' + str(len(book['tables'])) + ' tables)':58} {seconds * 1000:7.0f}ms"
    )
    seconds, data = timed(
        lambda: report_files.xlsx([largest], title=largest["title"], subtitle="bench")
    )
    bare = bare_xlsx(largest)
    print(
        f"  {'XLSX of the largest table (with chart)':58} {seconds * 1000:7.0f}ms {bare * 1000:7.0f}ms  {len(data):,} bytes"
    )
    if seconds > XLSX_LIMIT:
        broken.append(f"{backend}: XLSX took {seconds:.2f} s > {XLSX_LIMIT} s")
    seconds, pdf = timed(lambda: report_files.monthly_pdf(book), 1)
    print(f"  {'PDF of the monthly report':58} {seconds * 1000:7.0f}ms  {len(pdf):,} bytes")
    db.dispose()
    return broken


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=100_000)
    p.add_argument("--consultations", type=int, default=1_000_000)
    p.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--quick", action="store_true", help="small, fresh and fast, for CI")
    args = p.parse_args()
    if args.quick:
        args.clients, args.consultations = 3000, 30_000
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    broken: list[str] = []
    for backend in backends:
        broken += run(backend, args.clients, args.consultations, args.quick)
    for line in broken:
        print("BROKEN:", line)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
