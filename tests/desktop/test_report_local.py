"""The laptop's own counts for the report screen offline (desktop/store/reports.py): each
table compared with a plain Python count over the generated records, as docs/reports.md
defines the indicators (live consultations by their local day; corrected ones not again;
persons distinct over every row, column and the table)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from sqlalchemy import insert

from casefile import catalogs
from casefile.records import Consultation
from desktop.store import reports, rows, schema as t

FIRST, LAST = dt.date(2026, 9, 1), dt.date(2026, 12, 31)
UNITS = ["abh", "integration", "jobcenter", "asylblg"]
LOCATIONS = ["lra_naumburg", "dez_zeitz", "outreach", "phone", "video", "lra_zeitz"]
KINDS = ["walk_in", "appointment", "outreach", "phone", "decentral_hours"]
TOPICS = sorted(catalogs.load("topic").codes)[:5]
DIMS = ["unit", "place", "kind", "topic", "language", "interpreter", "month", "quarter", "year"]


def generated(seed: int = 7) -> tuple[list[Consultation], set[str], dict[str, str]]:
    """300 consultations of 60 clients from August 2026 to January 2027 (some outside the
    period), a few corrected by a later revision, the clients of some deleted, one merged."""
    rnd = random.Random(seed)
    clients = [f"client-{i:03}" for i in range(60)]
    out: list[Consultation] = []
    for i in range(300):
        start = dt.datetime(2026, 8, 20, tzinfo=dt.UTC) + dt.timedelta(
            minutes=rnd.randrange(0, 160 * 24 * 60)
        )
        out.append(
            Consultation(
                client_id=rnd.choice(clients),
                started_at=start,
                unit=rnd.choice(UNITS),
                caseworker="a.schneider",
                location=rnd.choice(LOCATIONS),
                kind=rnd.choice(KINDS),
                topics=rnd.sample(TOPICS, rnd.choice([0, 1, 1, 2])),
                language=rnd.choice(["", "ar", "uk", "prs", "de"]),
                mediator_used=rnd.random() < 0.3,
                id=f"cons-{i:04}",
            )
        )
    for i in range(0, 40, 4):  # corrections: the new revision counts, the old one not
        old = out[i]
        out.append(Consultation(**{**old.__dict__, "id": f"rev-{i:04}", "revision_of": old.id}))
    deleted = {"client-001", "client-002"}
    merged = {"client-010": "client-011"}
    return out, deleted, merged


@pytest.fixture
def filled(store):
    consultations, deleted, merged = generated()
    clients = {c.client_id for c in consultations} | set(merged.values())
    with store.engine.begin() as conn:
        conn.execute(
            insert(t.client),
            [
                {
                    "id": cid,
                    "family_name": "Test",
                    "given_names": cid,
                    "created_at": "2026-01-01T00:00:00+00:00",
                    "updated_at": "2026-01-01T00:00:00+00:00",
                    "deleted": cid in deleted,
                }
                for cid in sorted(clients - set(merged))
            ],
        )
        conn.execute(
            insert(t.client_redirect),
            [{"old_id": old, "new_id": new, "merge_id": "m1"} for old, new in merged.items()],
        )
        conn.execute(
            insert(t.consultation),
            [
                {**rows.consultation_row(c), "created_at": "2026-01-01T00:00:00+00:00"}
                for c in consultations
            ],
        )
    return store, consultations, deleted, merged


def plain_codes(c: Consultation, dimension: str) -> list[str]:
    day = c.started_at.astimezone().date()
    if dimension == "place":
        kind = catalogs.load("location").get(c.location).extra["kind"]
        if c.kind in ("outreach", "phone"):
            return [c.kind]
        # docs/reports.md: shelter and outreach -> outreach, phone and video -> phone
        mapped = {"shelter": "outreach", "video": "phone"}.get(kind, kind)
        return [mapped if mapped in ("office", "decentral", "outreach", "phone") else "other"]
    return {
        "unit": [c.unit],
        "kind": [c.kind],
        "topic": list(c.topics) or ["-"],
        "language": [c.language or "de"],
        "interpreter": ["yes" if c.mediator_used else "no"],
        "month": [f"{day.year}-{day.month:02}"],
        "quarter": [f"{day.year}-Q{(day.month + 2) // 3}"],
        "year": [str(day.year)],
    }[dimension]


def plain_count(data, indicator: str, rows_dim: str, cols_dim: str | None, units=()):
    """The table counted the simple way: sets of consultation ids or client ids."""
    consultations, deleted, merged = data
    corrected = {c.revision_of for c in consultations if c.revision_of}
    cells, by_row, by_col, total = defaultdict(set), defaultdict(set), defaultdict(set), set()
    for c in consultations:
        client = merged.get(c.client_id, c.client_id)
        day = c.started_at.astimezone().date()
        if c.id in corrected or client in deleted or not FIRST <= day <= LAST:
            continue
        if units and c.unit not in units:
            continue
        key = client if indicator == "persons" else c.id
        total.add(key)
        for r in plain_codes(c, rows_dim):
            by_row[r].add(key)
            for col in plain_codes(c, cols_dim) if cols_dim else [""]:
                cells[r, col].add(key)
        for col in plain_codes(c, cols_dim) if cols_dim else [""]:
            by_col[col].add(key)
    return cells, by_row, by_col, total


def check(table, expected) -> None:
    cells, by_row, by_col, total = expected
    row_codes = [i["code"] for i in table["rows"]["items"]]
    col_codes = [i["code"] for i in table["columns"]["items"]] if table["columns"] else [""]
    assert {r for r in row_codes if by_row.get(r)} == set(by_row)
    assert {c for c in col_codes if by_col.get(c)} == set(by_col)
    for i, r in enumerate(row_codes):
        assert table["row_totals"][i] == len(by_row.get(r, ()))
        for j, c in enumerate(col_codes):
            assert table["cells"][i][j] == len(cells.get((r, c), ())), (r, c)
    for j, c in enumerate(col_codes):
        assert table["column_totals"][j] == len(by_col.get(c, ()))
    assert table["total"] == len(total)


@pytest.mark.parametrize("indicator", ["consultations", "persons"])
@pytest.mark.parametrize("rows_dim", DIMS)
def test_one_dimension_matches_a_plain_count(filled, indicator, rows_dim):
    store, *data = filled
    params = {"indicator": indicator, "rows": rows_dim, "from": FIRST, "to": LAST}
    table = reports.local_table(store.engine, params)
    check(table, plain_count(data, indicator, rows_dim, None))
    assert table["columns"] is None
    assert table["source"] == "local" and table["mode"] == "intern"
    assert table["notes"][0] == reports.OFFLINE_NOTE
    assert table["total"] > 0


@pytest.mark.parametrize("indicator", ["consultations", "persons"])
@pytest.mark.parametrize(
    "rows_dim,cols_dim",
    [("unit", "month"), ("topic", "unit"), ("place", "interpreter"), ("language", "quarter")],
)
def test_two_dimensions_match_a_plain_count(filled, indicator, rows_dim, cols_dim):
    store, *data = filled
    params = {
        "indicator": indicator,
        "rows": rows_dim,
        "columns": cols_dim,
        "from": FIRST.isoformat(),
        "to": LAST.isoformat(),
    }
    table = reports.local_table(store.engine, params)
    check(table, plain_count(data, indicator, rows_dim, cols_dim))
    additive = indicator == "consultations" and "topic" not in (rows_dim, cols_dim)
    assert table["additive"] is additive
    if additive:
        assert sum(table["row_totals"]) == table["total"]
        assert [sum(r) for r in table["cells"]] == table["row_totals"]


def test_unit_filter_and_every_month_on_the_time_axis(filled):
    store, *data = filled
    params = {
        "indicator": "persons",
        "rows": "month",
        "columns": "unit",
        "from": FIRST,
        "to": LAST,
        "units": ["abh", "jobcenter"],
    }
    table = reports.local_table(store.engine, params)
    check(table, plain_count(data, "persons", "month", "unit", units={"abh", "jobcenter"}))
    assert [i["code"] for i in table["rows"]["items"]] == [
        "2026-09",
        "2026-10",
        "2026-11",
        "2026-12",
    ]
    assert [i["label"] for i in table["rows"]["items"]][0] == "09/2026"
    assert {i["code"] for i in table["columns"]["items"]} <= {"abh", "jobcenter"}


def test_a_corrected_consultation_counts_once(store):
    start = dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)
    first = Consultation("c1", start, "abh", "x", "lra_naumburg", "walk_in", id="a")
    again = Consultation(
        "c1", start, "abh", "x", "lra_naumburg", "walk_in", revision_of="a", id="b"
    )
    with store.engine.begin() as conn:
        conn.execute(
            insert(t.consultation),
            [{**rows.consultation_row(c), "created_at": "2026-10-05"} for c in (first, again)],
        )
    params = {"indicator": "consultations", "rows": "unit", "from": FIRST, "to": LAST}
    table = reports.local_table(store.engine, params)
    assert table["cells"] == [[1]] and table["total"] == 1


@pytest.mark.parametrize(
    "params,words",
    [
        ({"indicator": "walk_ins", "rows": "unit"}, "nur Beratungskontakte"),
        ({"indicator": "persons", "rows": "age_band"}, "nicht nach dieser Gliederung"),
        ({"indicator": "persons", "rows": "unit", "from": LAST, "to": FIRST}, "vor seinem"),
        (
            {"indicator": "persons", "rows": "unit", "from": dt.date(2020, 1, 1), "to": LAST},
            "höchstens fünf Jahre",
        ),
    ],
)
def test_what_the_laptop_cannot_count_is_refused_in_german(store, params, words):
    with pytest.raises(reports.LocalReportRefused, match=words):
        reports.local_table(store.engine, {"from": FIRST, "to": LAST, **params})


def test_an_empty_period_is_an_empty_table(store):
    params = {"indicator": "consultations", "rows": "unit", "from": FIRST, "to": LAST}
    table = reports.local_table(store.engine, params)
    assert table["rows"]["items"] == [] and table["cells"] == [] and table["total"] == 0
