"""Every report indicator computed a second way (issue 21, "Bad input": "a report is never
silently wrong").

Generated records of every counted kind are written the way a push writes them
(``store.write_records``, which keeps the report facts), some changed, corrected and deleted
afterwards; then each indicator, by each of its dimensions and by a few pairs, is compared
with ``tests/server/report_oracle.py``: plain Python over the raw ``records`` rows, written from
docs/reports.md. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from sqlalchemy import select

from casefile.hlc import Timestamp
from casefile.ids import new_id
from casefile.sync import RecordState
from sync_server import reports, schema as t
from sync_server.auth import Device
from sync_server.db import take_seqs, utcnow
from sync_server.store import Stored, lock_records, tombstone, write_records
from tests.server import report_oracle as oracle

START, END = dt.date(2025, 11, 1), dt.date(2026, 4, 30)
UNITS = ["abh", "integration", "jobcenter", "projects", "housing"]
LOCATIONS = [e["code"] for e in oracle.catalog("location")]
TOPICS = [e["code"] for e in oracle.catalog("topic")]
OUTCOMES = [e["code"] for e in oracle.catalog("outcome")] + [""]
KINDS = [e["code"] for e in oracle.catalog("consultation_kind")]
NATIONS = ["SYR", "UKR", "AFG", "TUR", "ROU"]
LANGS = ["", "ar", "uk", "fa", "ru"]
FAILURES = [e["code"] for e in oracle.catalog("referral_failure")]
STATUS = ["proposed", "contacted", "accepted", "attended", "failed"]
COORDINATION = Device("dev-c", "Laptop", "u-c", "k.koord", ("coordination",), ("coordination",))


def _moment(rng: random.Random) -> dt.datetime:
    """A time in (or just around) the period; some late in the evening, where the local day
    differs from the UTC day in a zone east of UTC."""
    day = START - dt.timedelta(days=20) + dt.timedelta(days=rng.randrange((END - START).days + 40))
    hour = rng.choice([8, 10, 14, 22, 23])
    return dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=dt.UTC)


def _hlc(moment: dt.datetime, node: str = "gen") -> str:
    return Timestamp(int(moment.timestamp() * 1000), 0, node).encode()


def store(db, records: list[tuple[str, str, dict, dict | None, bool]]) -> None:
    """Write (kind, id, fields, clocks, delete) the way a push stores records."""
    with db.writer.begin() as conn:
        held = lock_records(conn, [r[1] for r in records])
        changed = []
        for kind, rid, fields, clocks, delete in records:
            stamp = _hlc(dt.datetime.now(dt.UTC))
            item = held.get(rid) or Stored(kind, RecordState({}, {}, False))
            if delete:
                tombstone(item, stamp)
            else:
                item.state.fields.update(fields)
                item.state.clocks.update(clocks or {k: stamp for k in fields})
            changed.append((rid, item))
        first = take_seqs(conn, len(changed))
        write_records(conn, changed, list(range(first, first + len(changed))), [], utcnow())


def generate(db, seed: int) -> None:
    rng = random.Random(seed)
    batch: list = []
    clients = []
    for _ in range(70):
        cid = new_id()
        clients.append(cid)
        born = rng.choice(
            [None, "1960-05-01", "1985-02-03", "2001-07-30", "2010-01-01", "1999-12-31"]
        )
        fields = {
            "family_name": rng.choice(["Haddad", "Kovalenko", "Ahmadi"]),
            "given_names": rng.choice(["Olena", "Omar", "Zahra"]),
            "sex": rng.choice(["f", "m", "d", "u"]),
            "nationalities": json.dumps(rng.sample(NATIONS, rng.randrange(3))),
            "target_group": rng.choice(["", "third_country", "eu_citizen"]),
            "birth_date_precision": "exact" if born else "unknown",
        }
        if born:
            fields["birth_date"] = born
            fields["birth_date_precision"] = rng.choice(["exact", "year", "unknown"])
        batch.append(("client", cid, fields, None, False))
    consultations = []
    for _ in range(450):
        rid = new_id()
        consultations.append(rid)
        fields = {
            "client_id": rng.choice(clients),
            "started_at": _moment(rng).isoformat(),
            "unit": rng.choice(UNITS),
            "location": rng.choice(LOCATIONS),
            "kind": rng.choice(KINDS),
            "topics": json.dumps(rng.sample(TOPICS, rng.choice([0, 1, 1, 2]))),
            "duration_min": rng.choice([15, 30, 45]),
            "language": rng.choice(LANGS),
            "mediator_used": rng.random() < 0.3,
            "outcome": rng.choice(OUTCOMES + ["resolved", "work_taken_up"]),
            "caseworker": "a.schneider",
        }
        batch.append(("consultation", rid, fields, None, False))
    for old in rng.sample(consultations, 25):  # corrections
        original = next(b for b in batch if b[1] == old)[2]
        batch.append(
            (
                "consultation",
                new_id(),
                {**original, "revision_of": old, "outcome": "resolved"},
                None,
                False,
            )
        )
    for _ in range(120):
        status = rng.choice(STATUS)
        batch.append(
            (
                "referral",
                new_id(),
                {
                    "client_id": rng.choice(clients),
                    "target": "Beratungsstelle",
                    "reason": "Bedarf",
                    "referred_on": _moment(rng).date().isoformat(),
                    "status": status,
                    "target_kind": rng.choice(["offer", "unit", "external"]),
                    "topic": rng.choice(TOPICS + [""]),
                    "language": rng.choice(LANGS),
                    "location": rng.choice(LOCATIONS + [""]),
                    "failure_reason": rng.choice(FAILURES) if status == "failed" else "",
                    "referring_unit": rng.choice(UNITS + [""]),
                },
                None,
                False,
            )
        )
    for _ in range(60):
        moment = _moment(rng)
        fields = {
            "plan_id": new_id(),
            "client_id": rng.choice(clients),
            "unit": rng.choice(UNITS),
            "area": rng.choice(["work", "language", "health", "housing"]),
            "text": "Ziel",
            "achievement": rng.choice(["open", "partly", "achieved", "achieved"]),
        }
        clocks = {k: _hlc(moment) for k in fields}
        batch.append(("plan_goal", new_id(), fields, clocks, False))
    sessions = []
    for _ in range(14):
        sid = new_id()
        sessions.append(sid)
        batch.append(
            (
                "group_session",
                sid,
                {
                    "unit": rng.choice(UNITS),
                    "title": "Wohnschulung",
                    "topic": rng.choice(TOPICS),
                    "starts_at": _moment(rng).isoformat(),
                    "location": rng.choice(LOCATIONS),
                    "recorded": rng.random() < 0.8,
                    "participant_ids": json.dumps(rng.sample(clients, 3)),
                },
                None,
                False,
            )
        )
    for _ in range(70):
        batch.append(
            (
                "attendance",
                new_id(),
                {
                    "session_id": rng.choice(sessions),
                    "client_id": rng.choice(clients),
                    "unit": rng.choice(UNITS),
                    "status": rng.choice(["present", "present", "excused", "absent"]),
                    "hours": rng.choice([1.5, 2.0]),
                    "topic": rng.choice(TOPICS),
                },
                None,
                False,
            )
        )
    for _ in range(50):
        batch.append(
            (
                "hours_entry",
                new_id(),
                {
                    "mediator_id": new_id(),
                    "worked_on": _moment(rng).date().isoformat(),
                    "minutes": rng.choice([30, 60, 90, 135]),
                    "unit": rng.choice(UNITS),
                    "allowance_cents": rng.choice([1250, 2500, 3775]),
                    "status": rng.choice(["recorded", "reviewed", "paid"]),
                },
                None,
                False,
            )
        )
    tickets = []
    for _ in range(80):
        tid = new_id()
        tickets.append(tid)
        arrived = _moment(rng).replace(hour=9)
        batch.append(
            (
                "walk_in_ticket",
                tid,
                {
                    "location": rng.choice(["lra_naumburg", "lra_zeitz"]),
                    "day": arrived.astimezone().date().isoformat(),
                    "arrived_at": arrived.isoformat(),
                    "unit": rng.choice(UNITS),
                    "status": rng.choice(["waiting", "done", "missed", "transferred"]),
                    "number": "A-001",
                    "concern": "residence",
                    "language": rng.choice(LANGS),
                    "interpreter": rng.random() < 0.3,
                    "hops": rng.choice([0, 0, 1, 2]),
                },
                None,
                False,
            )
        )
        for _ in range(rng.choice([0, 1, 2])):
            called = arrived + dt.timedelta(minutes=rng.randrange(1, 90))
            batch.append(
                (
                    "walk_in_phase",
                    new_id(),
                    {
                        "ticket_id": tid,
                        "location": "lra_naumburg",
                        "phase": "called",
                        "at": called.isoformat(),
                        "unit": "abh",
                    },
                    None,
                    False,
                )
            )
    rng.shuffle(batch)
    # Sessions first in one write, the rest in several (attendances find their session's day
    # in the store then), as pushes from several laptops would.
    first = [b for b in batch if b[0] == "group_session"]
    rest = [b for b in batch if b[0] != "group_session"]
    store(db, first)
    for i in range(0, len(rest), 200):
        store(db, rest[i : i + 200])
    # Later: some records change (a unit, an outcome, a session moved), some are deleted.
    later = []
    for rid in rng.sample(consultations, 20):
        later.append(("consultation", rid, {}, None, True))
    for cid in rng.sample(clients, 5):
        later.append(
            ("client", cid, {"nationalities": json.dumps(["IRQ"]), "sex": "m"}, None, False)
        )
    for sid in rng.sample(sessions, 3):
        later.append(("group_session", sid, {"starts_at": _moment(rng).isoformat()}, None, False))
    store(db, later)


@pytest.fixture
def world(service):
    generate(service.db, seed=21)
    with service.db.reader.connect() as conn:
        return oracle.World(conn)


def _compare(service, device, indicator, rows, columns, start=START, end=END, units=None):
    q = reports.Query(indicator, rows, columns, start, end, "intern", tuple(units or ()))
    with service.db.reader.connect() as conn:
        got = reports.compute(conn, device, q)
        world = oracle.World(conn)
    scope = set(units) if units else oracle.report_units(device.roles, device.units)
    cells, totals = oracle.figure(world, indicator, rows, columns, start, end, scope)
    digits = 2
    row_codes = [i["code"] for i in got["rows"]["items"]]
    col_codes = [i["code"] for i in got["columns"]["items"]] if columns else [None]
    where = f"{indicator} by {rows}" + (f" x {columns}" if columns else "")
    seen = set()
    for r, code in enumerate(row_codes):
        for c, col in enumerate(col_codes):
            key = (code, col) if columns else (code,)
            seen.add(key)
            want = round(cells.get(key, 0.0), digits)
            assert round(got["cells"][r][c] or 0, digits) == pytest.approx(want, abs=0.051), (
                where,
                key,
            )
        want = round(totals["rows"].get(code, 0.0), digits)
        assert round(got["row_totals"][r] or 0, digits) == pytest.approx(want, abs=0.051), (
            where,
            "row",
            code,
        )
    missing = {k for k, v in cells.items() if v} - seen
    assert not missing, (where, "cells the server did not list", missing)
    if columns:
        for c, col in enumerate(col_codes):
            want = round(totals["columns"].get(col, 0.0), digits)
            assert round(got["column_totals"][c] or 0, digits) == pytest.approx(want, abs=0.051), (
                where,
                "column",
                col,
            )
    assert round(got["total"] or 0, digits) == pytest.approx(
        round(totals["total"], digits), abs=0.051
    ), (where, "total")
    return got


@pytest.mark.parametrize("indicator", sorted(reports.INDICATORS))
def test_every_indicator_by_every_dimension_matches_a_plain_count(service, world, indicator):
    ind = reports.INDICATORS[indicator]
    for dim in ind.dimensions:
        _compare(service, COORDINATION, indicator, dim, None)
    # pairs: each dimension against a period, and the first two against each other
    period = "month" if "month" in ind.dimensions else None
    for dim in ind.dimensions[:6]:
        if period and dim != period:
            _compare(service, COORDINATION, indicator, dim, period)
    _compare(service, COORDINATION, indicator, ind.dimensions[0], ind.dimensions[1])


def test_a_unit_lead_counts_only_the_own_units_and_the_year_adds_up_to_distinct_persons(
    service, world
):
    lead = Device("dev-l", "Laptop", "u-l", "l.lead", ("unit_lead",), ("abh", "jobcenter"))
    got = _compare(service, lead, "persons", "month", None)
    assert got["scope"] == ["abh", "jobcenter"]
    assert got["additive"] is False
    # The year's distinct persons are not the sum of the months (one person, two months).
    assert got["total"] < sum(c[0] for c in got["cells"])
    _compare(service, lead, "consultations", "unit", "quarter")
    _compare(service, COORDINATION, "consultations", "topic", None, units=["integration"])


def test_a_period_without_data_is_zeros_with_a_note_and_one_day_is_a_period(service, world):
    got = _compare(
        service,
        COORDINATION,
        "consultations",
        "month",
        None,
        dt.date(2020, 1, 1),
        dt.date(2020, 3, 31),
    )
    assert [i["code"] for i in got["rows"]["items"]] == ["2020-01", "2020-02", "2020-03"]
    assert got["total"] == 0 and any("keine Daten" in n for n in got["notes"])
    _compare(
        service,
        COORDINATION,
        "consultations",
        "unit",
        None,
        dt.date(2026, 1, 15),
        dt.date(2026, 1, 15),
    )


def test_the_published_table_hides_small_cells_and_matches_the_intern_one_elsewhere(service, world):
    intern = reports.table(
        service,
        COORDINATION,
        reports.Query("consultations", "nationality", "quarter", START, END, "intern"),
    )
    public = reports.table(
        service,
        COORDINATION,
        reports.Query("consultations", "nationality", "quarter", START, END, "publication"),
    )
    assert public["suppressed"] > 0 and any("unterdrückt" in n for n in public["notes"])
    base = oracle.POLICY["reports"].get("rounding", 0)

    def rounded(value):  # [reports] rounding: to the nearest multiple, halves up
        return value if not base else int((value + base / 2) // base * base)

    for row_i, row_p in zip(intern["cells"], public["cells"]):
        for a, b in zip(row_i, row_p):
            assert b is None or b == rounded(a)  # hidden, or the figure (rounded)
            assert b is None or not 1 <= a <= 5  # never a small one shown
    for a, b in zip(intern["row_totals"], public["row_totals"]):
        assert b is None or (b == rounded(a) and not 1 <= a <= 5)


def test_retention_counts_add_to_whole_years_by_topic(service, world):
    with service.db.writer.begin() as conn:
        conn.execute(
            t.statistics.insert().values(
                year=2025, unit="abh", kind="walk_in", topic="residence", consultations=7
            )
        )
    first, last = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    year = reports.table(
        service, COORDINATION, reports.Query("consultations", "topic", None, first, last)
    )
    month = reports.table(
        service,
        COORDINATION,
        reports.Query("consultations", "topic", None, dt.date(2025, 11, 1), last),
    )
    cells, totals = oracle.figure(
        world, "consultations", "topic", None, first, last, set(oracle.UNITS)
    )
    got = dict(zip([i["code"] for i in year["rows"]["items"]], year["row_totals"]))
    assert got["residence"] == totals["rows"].get("residence", 0) + 7
    assert year["total"] == totals["total"] + 7
    assert any("gelöschter Akten" in n for n in year["notes"])
    assert not any("gelöschter Akten" in n for n in month["notes"])


def test_facts_rebuilt_from_the_records_equal_the_facts_kept_by_the_writes(service, world):
    from sync_server import report_facts

    def snapshot():
        with service.db.reader.connect() as conn:
            return (
                sorted(tuple(r) for r in conn.execute(select(t.report_facts))),
                sorted(tuple(r) for r in conn.execute(select(t.report_topics))),
                sorted(tuple(r) for r in conn.execute(select(t.report_clients))),
            )

    kept = snapshot()
    assert kept[0], "facts were kept"
    with service.db.writer.begin() as conn:
        report_facts.rebuild(conn)
    assert snapshot() == kept
