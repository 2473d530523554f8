"""Reports: the agency's figures, computed on the server over what the user may see (issue 21).

docs/reports.md is the specification: the indicators, the dimensions, the two modes, the API.
Every figure is computed here from the facts ``sync_server.report_facts`` keeps (and the walk-in
queue's tables), restricted to the units :meth:`casefile.policy.Policy.report_units` gives the
user -- the one rule of who sees which figures; a published table is protected by
:func:`casefile.disclosure.protect`. Aggregates only: no name or note leaves this module, but
for the drill-down (:func:`cell_clients`), which lists only the files the read gate opens.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import (
    Integer,
    and_,
    case,
    cast,
    distinct,
    func,
    select,
)
from sqlalchemy.sql import ColumnElement

from casefile import catalogs, disclosure
from sync_server import access, audit, report_facts, schema as t
from sync_server.auth import Device
from sync_server.errors import ApiError
from sync_server.queue_stats import moment_of

MAX_DAYS = 5 * 366
DRILL_LIMIT = 500
MAX_PDF_CELLS = 2000  # a PDF of a bigger table takes seconds of a worker: XLSX or CSV then
MODES = ("intern", "publication")
MODE_LABELS = {"intern": "intern", "publication": "zur Veröffentlichung"}

# --- dimensions ---------------------------------------------------------------------------

PLACES = {
    "office": "Landratsamt",
    "decentral": "Dezentrale Sprechstunde",
    "outreach": "Aufsuchend",
    "phone": "Telefon/Video",
    "other": "Sonstiger Ort",
}
AGE_BANDS = {
    "0-17": "0–17 Jahre",
    "18-26": "18–26 Jahre",
    "27-44": "27–44 Jahre",
    "45-64": "45–64 Jahre",
    "65+": "65 Jahre und älter",
    "unknown": "unbekannt",
}
SEXES = {"f": "weiblich", "m": "männlich", "d": "divers", "u": "unbekannt"}
YES_NO = {"yes": "mit Sprachmittlung", "no": "ohne Sprachmittlung"}
TARGET_KINDS = {"offer": "Angebot", "unit": "Sachgebiet", "external": "Externe Stelle"}
SPECIAL = {"unknown": "unbekannt", "": "ohne Angabe", "-": "ohne Thema"}
# The dimensions whose values are a fixed list (labels here, order as listed).
FIXED_LABELS = {"place": PLACES, "age_band": AGE_BANDS, "sex": SEXES, "interpreter": YES_NO}

DIMENSIONS = {
    "unit": "Sachgebiet",
    "place": "Ort",
    "location": "Standort",
    "kind": "Art",
    "topic": "Thema",
    "target_group": "Zielgruppe",
    "nationality": "Staatsangehörigkeit",
    "language": "Sprache",
    "interpreter": "Sprachmittlung",
    "age_band": "Altersgruppe",
    "sex": "Geschlecht",
    "month": "Monat",
    "quarter": "Quartal",
    "year": "Jahr",
    "outcome": "Ergebnis",
    "reason": "Grund",
}
PERIODS = ("month", "quarter", "year")
CLIENT_DIMS = ("target_group", "nationality", "age_band", "sex")
FACT_DIMS = ("unit", "place", "location", "kind", "topic", "language", "interpreter", "outcome")
PERSON_DIMS = (*CLIENT_DIMS, *PERIODS)


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    source: str  # a fact of report_facts, or "walk_in"
    measure: str  # count | distinct | sum | mean | median
    dimensions: tuple[str, ...]
    unit_of_measure: str = "Anzahl"
    catalogs: dict[str, str] = field(default_factory=dict)  # dimension -> catalog of its codes
    where: Callable[[Any], ColumnElement[bool]] | None = None
    value: Callable[[Any], Any] | None = None  # the summed column (sum, mean)
    scale: float = 1.0  # sum / mean: the stored unit per shown unit (minutes -> hours: 60)
    digits: int = 0
    definition: str = ""


def _unmet_reasons() -> list[str]:
    return [e.code for e in catalogs.load("referral_failure").entries if e.extra.get("unmet")]


def _indicators() -> dict[str, Indicator]:
    consult = ("unit", "place", "location", "kind", "topic", "language", "interpreter", "outcome")
    referral_dims = ("unit", "kind", "topic", "language", "location", "outcome", "reason")
    walk = ("location", "unit", "language", "interpreter", *PERIODS)
    cc = {"kind": "consultation_kind", "outcome": "outcome", "topic": "topic"}
    rc = {"topic": "topic", "outcome": "referral_status", "reason": "referral_failure"}
    items = [
        Indicator(
            "consultations",
            "Beratungskontakte",
            "consultation",
            "count",
            (*consult, *PERSON_DIMS),
            catalogs=cc,
            definition="Beratungskontakte im Zeitraum; eine korrigierte Fassung zählt einmal.",
        ),
        Indicator(
            "persons",
            "Beratene Personen",
            "consultation",
            "distinct",
            (*consult, *PERSON_DIMS),
            "Personen",
            catalogs=cc,
            definition="Verschiedene Personen mit mindestens einem Beratungskontakt.",
        ),
        Indicator(
            "work_taken_up",
            "Arbeitsaufnahmen",
            "consultation",
            "distinct",
            ("unit", "place", "location", "kind", *PERSON_DIMS),
            "Personen",
            catalogs=cc,
            where=lambda f: f.c.outcome == "work_taken_up",
            definition="Verschiedene Personen mit einem Beratungskontakt mit dem Ergebnis "
            "„Arbeit aufgenommen“.",
        ),
        Indicator(
            "days_to_outcome",
            "Tage bis zum Ergebnis (Median)",
            "consultation",
            "median",
            ("unit", "place", "kind", *PERSON_DIMS),
            "Tage",
            catalogs=cc,
            digits=1,
            definition="Je Person: Tage vom ersten Beratungskontakt überhaupt bis zum ersten "
            "Kontakt im Zeitraum mit dem Ergebnis „Anliegen geklärt“ oder „Arbeit "
            "aufgenommen“; Median.",
        ),
        Indicator(
            "referrals",
            "Verweise",
            "referral",
            "count",
            (*referral_dims, *PERSON_DIMS),
            catalogs=rc,
            definition="Verweise nach dem Tag der Verweisung; „Ergebnis“ ist ihr Stand.",
        ),
        Indicator(
            "referrals_worked",
            "Gelungene Verweise",
            "referral",
            "count",
            ("unit", "kind", "topic", "language", "location", *PERSON_DIMS),
            catalogs=rc,
            where=lambda f: f.c.outcome == "attended",
            definition="Verweise, bei denen die Person das Angebot wahrgenommen hat.",
        ),
        Indicator(
            "unmet_needs",
            "Ungedeckte Bedarfe",
            "referral",
            "count",
            ("topic", "language", "location", "reason", "unit", *PERIODS),
            catalogs=rc,
            where=lambda f: and_(f.c.outcome == "failed", f.c.reason.in_(_unmet_reasons())),
            definition="Nicht erfolgreiche Verweise mangels passenden Angebots (Gründe, die "
            "als ungedeckter Bedarf gelten).",
        ),
        Indicator(
            "goals_achieved",
            "Erreichte Förderziele",
            "plan_goal",
            "count",
            ("unit", "topic", *PERSON_DIMS),
            catalogs={"topic": "plan_area"},
            where=lambda f: f.c.outcome == "achieved",
            definition="Ziele von Förderplänen, die im Zeitraum als erreicht eingetragen wurden.",
        ),
        Indicator(
            "group_sessions",
            "Gruppenangebote",
            "group_session",
            "count",
            ("unit", "topic", "place", "location", *PERIODS),
            catalogs={"topic": "topic"},
            definition="Durchgeführte (erfasste) Gruppentermine.",
        ),
        Indicator(
            "attendances",
            "Teilnahmen an Gruppenangeboten",
            "attendance",
            "count",
            ("unit", "topic", *PERSON_DIMS),
            catalogs={"topic": "topic"},
            where=lambda f: f.c.outcome == "present",
            definition="Anwesende Teilnehmende mit Akte je Gruppentermin.",
        ),
        Indicator(
            "mediator_hours",
            "Sprachmittlungsstunden",
            "hours_entry",
            "sum",
            ("unit", "outcome", *PERIODS),
            "Stunden",
            catalogs={"outcome": "hours_status"},
            value=lambda f: f.c.minutes,
            scale=60.0,
            digits=1,
            definition="Stunden der Sprachmittlerinnen und Sprachmittler nach Einsatztag.",
        ),
        Indicator(
            "allowances",
            "Aufwandsentschädigungen",
            "hours_entry",
            "sum",
            ("unit", "outcome", *PERIODS),
            "EUR",
            catalogs={"outcome": "hours_status"},
            value=lambda f: f.c.amount,
            scale=100.0,
            digits=2,
            definition="Aufwandsentschädigungen (Stunden und Kilometer) nach Einsatztag, in Euro.",
        ),
        Indicator(
            "walk_ins",
            "Vorsprachen (offene Sprechzeit)",
            "walk_in",
            "count",
            walk,
            definition="Wartemarken nach Ankunftstag.",
        ),
        Indicator(
            "no_shows",
            "Nicht erschienen",
            "walk_in",
            "count",
            walk,
            where=lambda w: w.c.status == "missed",
            definition="Vorsprachen, deren Nummer aufgerufen wurde, ohne dass jemand kam.",
        ),
        Indicator(
            "hops",
            "Weiterleitungen je Vorsprache",
            "walk_in",
            "mean",
            walk,
            "Mittelwert",
            value=lambda w: w.c.hops,
            digits=2,
            definition="Weiterleitungen an ein anderes Sachgebiet je Vorsprache.",
        ),
        Indicator(
            "walk_in_wait",
            "Wartezeit (Median, Minuten)",
            "walk_in",
            "median",
            walk,
            "Minuten",
            digits=1,
            definition="Minuten von der Ankunft bis zum ersten Aufruf; Median.",
        ),
    ]
    return {i.id: i for i in items}


INDICATORS = _indicators()


@dataclass(frozen=True)
class Query:
    indicator: str
    rows: str
    columns: str | None
    start: dt.date
    end: dt.date
    mode: str = "intern"
    units: tuple[str, ...] = ()


# --- the one rule -------------------------------------------------------------------------


def scope(device: Device, wanted: Iterable[str] = (), mode: str = "intern") -> frozenset[str]:
    """The units whose figures this request covers: the policy's ``report_units`` of the user,
    narrowed to *wanted*; a unit outside them, or a user without reports, is refused. A table
    for publication covers all of them: one unit's figures subtracted from the total of the
    others would give its hidden small counts away."""
    allowed = access.current().report_units(device)
    if not allowed:
        raise ApiError(403, "report_scope", text="Ihre Rolle sieht keine Berichte.")
    wanted = frozenset(wanted)
    outside = sorted(wanted - allowed)
    if outside:
        labels = ", ".join(
            f"„{catalogs.load('unit').label(u) if u else SPECIAL['']}“" for u in outside
        )
        raise ApiError(
            403,
            "report_scope",
            text=f"Die Zahlen von {labels} sind für Ihre Rolle nicht freigegeben.",
        )
    if mode == "publication" and wanted and wanted != allowed:
        raise ApiError(
            422,
            "report_invalid",
            text="Zur Veröffentlichung nur über alle Ihre Sachgebiete; einzelne Sachgebiete "
            "zeigt der interne Bericht.",
        )
    return wanted or allowed


def check(q: Query) -> Indicator:
    ind = INDICATORS.get(q.indicator)
    if ind is None:
        raise ApiError(422, "report_invalid", text=f"Unbekannte Kennzahl „{q.indicator}“.")
    for dim in (q.rows, q.columns):
        if dim is not None and dim not in ind.dimensions:
            raise ApiError(
                422,
                "report_invalid",
                text=f"Die Kennzahl „{ind.title}“ lässt sich nicht nach „{DIMENSIONS.get(dim, dim)}“ "
                "aufteilen.",
            )
    if q.columns is not None and q.columns == q.rows:
        raise ApiError(
            422, "report_invalid", text="Zeilen und Spalten brauchen zwei verschiedene Merkmale."
        )
    if q.end < q.start:
        raise ApiError(
            422, "report_invalid", text="Das Ende des Zeitraums liegt vor seinem Anfang."
        )
    if (q.end - q.start).days >= MAX_DAYS:
        raise ApiError(422, "report_invalid", text="Ein Bericht umfasst höchstens fünf Jahre.")
    if q.mode not in MODES:
        raise ApiError(422, "report_invalid", text=f"Unbekannte Art des Berichts „{q.mode}“.")
    if q.mode == "publication":
        # Published tables are protected one by one; two published over overlapping spans of
        # days would differ by exactly the small counts one of them hides. Whole months only
        # (and the rounding of [reports]) keep such differences from naming anybody.
        last = (q.end.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        if q.start.day != 1 or q.end != last:
            raise ApiError(
                422,
                "report_invalid",
                text="Zur Veröffentlichung nur ganze Monate, Quartale oder Jahre: der Zeitraum "
                "beginnt am Ersten eines Monats und endet am Letzten eines Monats.",
            )
    return ind


# --- SQL ------------------------------------------------------------------------------------


def _year_month(source: str, table: Any) -> tuple[Any, Any]:
    if source == "walk_in":
        return (
            cast(func.substr(table.c.day, 1, 4), Integer),
            cast(func.substr(table.c.day, 6, 2), Integer),
        )
    return table.c.year, table.c.month


def _dim_expr(dim: str, ind: Indicator, f: Any, c: Any, topics: Any) -> Any:
    year, month = _year_month(ind.source, f)
    if dim == "month":
        return year * 100 + month
    if dim == "quarter":
        return year * 10 + (month + 2) // 3
    if dim == "year":
        return year
    if dim == "topic" and ind.source == "consultation":
        return topics.c.topic
    if dim == "interpreter":
        return case((f.c.interpreter.is_(True), "yes"), else_="no")
    if dim == "language":
        return func.coalesce(func.nullif(f.c.language, ""), "de")
    if dim == "age_band":
        age = year - f.c.birth_year
        return case(
            (f.c.birth_year.is_(None), "unknown"),
            (age < 18, "0-17"),
            (age < 27, "18-26"),
            (age < 45, "27-44"),
            (age < 65, "45-64"),
            else_="65+",
        )
    if dim in ("target_group", "nationality"):
        return func.coalesce(func.nullif(getattr(f.c, dim), ""), "unknown")
    if dim == "sex":
        return func.coalesce(f.c.sex, "u")
    return getattr(f.c, dim)


def _units_sql(units: frozenset[str]) -> list[str]:
    """The units of a query; a record that names no unit (a referral without its referring
    unit) is counted for the roles that see every unit, under "ohne Angabe"."""
    every = catalogs.load("unit").codes
    return sorted(units) + ([""] if units >= every else [])


def _base(
    ind: Indicator, dims: list[str], units: frozenset[str], q: Query
) -> tuple[Any, Any, Any, Any]:
    """(selectable source, fact alias, client alias, topic alias) with the period, the scope
    and the indicator's condition applied as a WHERE list (returned in the first item)."""
    if ind.source == "walk_in":
        f = t.walk_in_queue.alias("f")
        conds = [
            f.c.day >= q.start.isoformat(),
            f.c.day <= q.end.isoformat(),
            f.c.unit.in_(_units_sql(units)),
        ]
        c = topics = None
        joined: Any = f
    else:
        f = t.report_facts.alias("f")
        c = None  # the client's grouping fields are copied into each fact
        topics = t.report_topics.alias("tp")
        conds = [
            f.c.fact == ind.source,
            f.c.day >= q.start.isoformat(),
            f.c.day <= q.end.isoformat(),
            f.c.unit.in_(_units_sql(units)),
        ]
        if ind.source == "consultation":
            conds.append(f.c.superseded.is_(False))
        joined = f
        if "topic" in dims and ind.source == "consultation":
            # The topics carry their consultation's day: both ranges are read in day order.
            joined = joined.join(topics, and_(topics.c.day == f.c.day, topics.c.id == f.c.id))
            conds += [topics.c.day >= q.start.isoformat(), topics.c.day <= q.end.isoformat()]
    if ind.where is not None:
        conds.append(ind.where(f))
    return (joined, conds), f, c, topics


def _grouped(
    conn: Any, ind: Indicator, dims: list[str], units: frozenset[str], q: Query
) -> dict[tuple[Any, ...], tuple[float, int]]:
    """{dimension values: (value, records or persons behind it)} for count/distinct/sum/mean."""
    (joined, conds), f, c, topics = _base(ind, dims, units, q)
    exprs = [_dim_expr(d, ind, f, c, topics).label(f"d{i}") for i, d in enumerate(dims)]
    measures: list[Any]
    if ind.measure == "distinct":
        measures = [func.count(distinct(f.c.client_id)), func.count(distinct(f.c.client_id))]
    elif ind.measure in ("sum", "mean"):
        assert ind.value is not None
        measures = [func.coalesce(func.sum(ind.value(f)), 0), func.count()]
    else:
        measures = [func.count(), func.count()]
    stmt = select(*exprs, *measures).select_from(joined).where(*conds)
    if exprs:
        stmt = stmt.group_by(*exprs)
    out: dict[tuple[Any, ...], tuple[float, int]] = {}
    for row in conn.execute(stmt):
        key = tuple(row[: len(dims)])
        value, n = row[len(dims)], row[len(dims) + 1]
        out[key] = (float(value or 0), int(n or 0))
    return out


def _pairs(
    conn: Any, ind: Indicator, dims: list[str], units: frozenset[str], q: Query
) -> Iterable[tuple[tuple[Any, ...], str]]:
    """The distinct (dimension values, client) pairs behind a distinct-persons indicator."""
    (joined, conds), f, c, topics = _base(ind, dims, units, q)
    exprs = [_dim_expr(d, ind, f, c, topics) for d in dims]
    stmt = (
        select(*exprs, f.c.client_id)
        .select_from(joined)
        .where(*conds, f.c.client_id.is_not(None))
        .distinct()
    )
    for row in conn.execute(stmt):
        yield tuple(row[: len(dims)]), row[len(dims)]


def _items(
    conn: Any, ind: Indicator, dims: list[str], units: frozenset[str], q: Query
) -> list[tuple[tuple[Any, ...], float]]:
    """(dimension values, value) of every item behind a median indicator."""
    (joined, conds), f, c, topics = _base(ind, dims, units, q)
    exprs = [_dim_expr(d, ind, f, c, topics) for d in dims]
    out: list[tuple[tuple[Any, ...], float]] = []
    if ind.id == "walk_in_wait":
        log = t.walk_in_log
        called = (
            select(log.c.ticket_id, func.min(log.c.at).label("at"))
            .where(
                log.c.phase == "called",
                log.c.day >= q.start.isoformat(),
            )
            .group_by(log.c.ticket_id)
            .subquery()
        )
        stmt = (
            select(*exprs, f.c.arrived_at, called.c.at)
            .select_from(joined.join(called, called.c.ticket_id == f.c.ticket_id))
            .where(*conds)
        )
        for row in conn.execute(stmt):
            arrived, at = moment_of(row[len(dims)]), moment_of(row[len(dims) + 1])
            if arrived and at:
                out.append((tuple(row[: len(dims)]), max(0.0, (at - arrived).total_seconds() / 60)))
        return out
    # days_to_outcome: per person, the first consultation in the period with a final outcome,
    # and the person's first consultation ever.
    done = ("resolved", "work_taken_up")
    stmt = (
        select(*exprs, f.c.client_id, f.c.day)
        .select_from(joined)
        .where(*conds, f.c.outcome.in_(done), f.c.client_id.is_not(None))
        .order_by(f.c.day, f.c.id)
    )
    first_outcome: dict[str, tuple[tuple[Any, ...], str]] = {}
    for row in conn.execute(stmt):
        client, day = row[len(dims)], row[len(dims) + 1]
        first_outcome.setdefault(client, (tuple(row[: len(dims)]), day))
    if not first_outcome:
        return out
    r = t.report_facts
    ids = sorted(first_outcome)
    first: dict[str, str] = {}
    for i in range(0, len(ids), 1000):
        for client, day in conn.execute(
            select(r.c.client_id, func.min(r.c.day))
            .where(r.c.fact == "consultation", r.c.client_id.in_(ids[i : i + 1000]))
            .group_by(r.c.client_id)
        ):
            first[client] = day
    for client, (key, day) in first_outcome.items():
        start = first.get(client, day)
        days = (dt.date.fromisoformat(day) - dt.date.fromisoformat(start)).days
        out.append((key, float(max(days, 0))))
    return out


# --- codes and labels -----------------------------------------------------------------------


def _code(dim: str, value: Any) -> str:
    if value is None:
        return "unknown"
    if dim == "month":
        v = int(value)
        return f"{v // 100:04d}-{v % 100:02d}"
    if dim == "quarter":
        v = int(value)
        return f"{v // 10:04d}-Q{v % 10}"
    if dim == "year":
        return str(int(value))
    return str(value)


def _periods(dim: str, start: dt.date, end: dt.date) -> list[str]:
    out: list[str] = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        code = {"month": f"{y:04d}-{m:02d}", "quarter": f"{y:04d}-Q{(m + 2) // 3}", "year": str(y)}[
            dim
        ]
        if code not in out:
            out.append(code)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def label(dim: str, code: str, ind: Indicator) -> str:
    if dim == "month":
        return f"{code[5:7]}/{code[:4]}"
    if dim == "quarter":
        return f"{code[6]}. Quartal {code[:4]}"
    if dim == "year":
        return code
    if code in SPECIAL and dim not in ("sex",):
        return SPECIAL[code]
    fixed = FIXED_LABELS.get(dim)
    if dim == "kind" and ind.source == "referral":
        fixed = TARGET_KINDS
    if fixed is not None:
        return fixed.get(code, code)
    name = ind.catalogs.get(dim) or {
        "unit": "unit",
        "location": "location",
        "language": "language",
        "nationality": "nationality",
        "target_group": "target_group",
        "kind": "project" if ind.source == "participation" else "consultation_kind",
    }.get(dim)
    if name is None:
        return code
    try:
        return catalogs.load(name).label(code)
    except catalogs.CatalogError:
        return code


def _order(dim: str, codes: Iterable[str], ind: Indicator) -> list[str]:
    codes = set(codes)
    if dim in PERIODS:
        return sorted(codes)
    fixed = FIXED_LABELS.get(dim)
    if fixed is not None:
        rank = {c: i for i, c in enumerate(fixed)}
        return sorted(codes, key=lambda c: (rank.get(c, len(rank)), c))
    name = ind.catalogs.get(dim) or {"unit": "unit", "location": "location"}.get(dim)
    if name is not None:
        try:
            rank = {e.code: i for i, e in enumerate(catalogs.load(name).entries)}
        except catalogs.CatalogError:
            rank = {}
        return sorted(codes, key=lambda c: (c in SPECIAL, rank.get(c, len(rank)), c))
    return sorted(codes, key=lambda c: (c in SPECIAL, label(dim, c, ind).casefold()))


# --- the table -------------------------------------------------------------------------------


def _round(value: float | None, digits: int) -> float | int | None:
    if value is None:
        return None
    return round(value) if digits == 0 else round(value, digits)


def compute(conn: Any, device: Device, q: Query) -> dict[str, Any]:
    """The report table of *q* for *device* (docs/reports.md "The HTTP API")."""
    ind = check(q)
    units = scope(device, q.units, q.mode)
    dims = [q.rows] + ([q.columns] if q.columns else [])
    multi = ind.source == "consultation" and "topic" in dims
    notes: list[str] = []
    cells: dict[tuple[str, ...], tuple[float, int]] = {}
    totals: dict[tuple[int, tuple[str, ...]], tuple[float, int]] = {}

    def keyed(
        raw: dict[tuple[Any, ...], tuple[float, int]], which: list[str]
    ) -> dict[tuple[str, ...], tuple[float, int]]:
        out: dict[tuple[str, ...], tuple[float, int]] = {}
        for key, (value, n) in raw.items():
            k = tuple(_code(d, v) for d, v in zip(which, key))
            pv, pn = out.get(k, (0.0, 0))
            out[k] = (pv + value, pn + n)
        return out

    if ind.measure == "median":
        items = [
            (tuple(_code(d, v) for d, v in zip(dims, key)), value)
            for key, value in _items(conn, ind, dims, units, q)
        ]
        groups: dict[tuple[int, tuple[str, ...]], list[float]] = defaultdict(list)
        for key, value in items:
            groups[(2, key)].append(value)
            groups[(0, key[:1])].append(value)
            groups[(1, key[1:])].append(value)
            groups[(-1, ())].append(value)
        for (level, key), values in groups.items():
            entry = (statistics.median(values), len(values))
            if level == 2:
                cells[key] = entry
            else:
                totals[(level, key)] = entry
        additive = False
    elif ind.measure == "distinct":
        # One pass over the distinct (cell, person) pairs gives the cells and every total
        # (distinct over the row, the column, the table): four COUNT(DISTINCT) scans cost
        # three times as much (bench.reports).
        people: dict[tuple[int, tuple[str, ...]], set[str]] = defaultdict(set)
        for key, client in _pairs(conn, ind, dims, units, q):
            k = tuple(_code(d, v) for d, v in zip(dims, key))
            people[(2, k)].add(client)
            people[(0, k[:1])].add(client)
            people[(1, k[1:])].add(client)
            people[(-1, ())].add(client)
        for (level, k), found in people.items():
            if level == 2:
                cells[k] = (float(len(found)), len(found))
            else:
                totals[(level, k)] = (float(len(found)), len(found))
        additive = False
    else:
        cells = keyed(_grouped(conn, ind, dims, units, q), dims)
        additive = ind.measure in ("count", "sum", "mean") and not multi
        if additive:
            for key, (value, n) in cells.items():
                for level, sub in ((0, key[:1]), (1, key[1:]), (-1, ())):
                    pv, pn = totals.get((level, sub), (0.0, 0))
                    totals[(level, sub)] = (pv + value, pn + n)
        else:
            totals.update(
                {
                    (0, k): v
                    for k, v in keyed(_grouped(conn, ind, dims[:1], units, q), dims[:1]).items()
                }
            )
            if q.columns:
                totals.update(
                    {
                        (1, k): v
                        for k, v in keyed(_grouped(conn, ind, dims[1:], units, q), dims[1:]).items()
                    }
                )
            totals.update(
                {(-1, k): v for k, v in keyed(_grouped(conn, ind, [], units, q), []).items()}
            )
        if ind.measure == "mean":
            cells = {k: (v / n if n else 0.0, n) for k, (v, n) in cells.items()}
            totals = {k: (v / n if n else 0.0, n) for k, (v, n) in totals.items()}
    if not q.columns:
        totals.update({(1, ()): totals.get((-1, ()), (0.0, 0))})
    kept = _anonymous_counts(conn, ind, q, units, dims)
    if kept:
        for key, n in kept.items():
            pv, pn = cells.get(key, (0.0, 0))
            cells[key] = (pv + n, pn + n)
            for level, sub in ((0, key[:1]), (1, key[1:]), (-1, ())):
                pv, pn = totals.get((level, sub), (0.0, 0))
                totals[(level, sub)] = (pv + n, pn + n)
        if not q.columns:
            totals[(1, ())] = totals.get((-1, ()), (0.0, 0))
        notes.append(
            "Enthält Beratungskontakte gelöschter Akten aus den anonymen Jahreszahlen, die "
            "bei der Löschung nach Fristablauf aufbewahrt werden."
        )

    row_codes = {k[0] for k in cells}
    col_codes = {k[1] for k in cells} if q.columns else set()
    if q.rows in PERIODS:
        row_codes |= set(_periods(q.rows, q.start, q.end))
    elif q.rows == "unit":
        row_codes |= set(units)
    if q.columns in PERIODS:
        col_codes |= set(_periods(q.columns, q.start, q.end))
    elif q.columns == "unit":
        col_codes |= set(units)
    rows = _order(q.rows, row_codes, ind)
    cols = _order(q.columns, col_codes, ind) if q.columns else ["value"]
    scale = ind.scale if ind.measure in ("sum", "mean") and ind.scale != 1.0 else 1.0

    def shown(entry: tuple[float, int] | None) -> float:
        if entry is None:
            return 0.0
        return entry[0] / scale

    def key_of(r: str, c: str) -> tuple[str, ...]:
        return (r, c) if q.columns else (r,)

    grid = [[shown(cells.get(key_of(r, c))) for c in cols] for r in rows]
    counts = [[(cells.get(key_of(r, c)) or (0.0, 0))[1] for c in cols] for r in rows]
    row_totals = [shown(totals.get((0, (r,)))) for r in rows]
    row_counts = [(totals.get((0, (r,))) or (0.0, 0))[1] for r in rows]
    col_keys = [(1, (c,)) if q.columns else (1, ()) for c in cols]
    col_totals = [shown(totals.get(k)) for k in col_keys]
    col_counts = [(totals.get(k) or (0.0, 0))[1] for k in col_keys]
    total = shown(totals.get((-1, ())))
    total_count = (totals.get((-1, ())) or (0.0, 0))[1]
    if ind.measure == "median":
        notes.append("Medianwerte: Gesamtwerte sind der Median aller Fälle, keine Summe.")
    elif ind.measure == "mean":
        notes.append("Mittelwerte: Gesamtwerte sind der Mittelwert aller Fälle.")
    elif ind.measure == "distinct":
        notes.append(
            "Jede Person zählt je Zelle einmal; die Gesamtwerte zählen jede Person einmal und "
            "sind deshalb nicht die Summe der Zellen."
        )
    elif multi:
        notes.append(
            "Ein Kontakt mit mehreren Themen zählt bei jedem Thema; die Gesamtwerte zählen "
            "jeden Kontakt einmal."
        )
    if total_count == 0:
        notes.append("Im Zeitraum gibt es keine Daten zu dieser Kennzahl.")
    policy = access.current()
    threshold, rounding = policy.reports.threshold, policy.reports.rounding
    suppressed = 0
    value_cells: list[list[float | int | None]] = [
        [_round(v, ind.digits) for v in row] for row in grid
    ]
    value_rows: list[float | int | None] = [_round(v, ind.digits) for v in row_totals]
    value_cols: list[float | int | None] = [_round(v, ind.digits) for v in col_totals]
    value_total: float | int | None = _round(total, ind.digits)
    if q.mode == "publication":
        counted = ind.measure in ("count", "distinct")
        protected = disclosure.protect(
            [[_round(v, ind.digits) or 0 for v in row] for row in grid],
            [_round(v, ind.digits) or 0 for v in row_totals],
            [_round(v, ind.digits) or 0 for v in col_totals],
            _round(total, ind.digits) or 0,
            counts=None if counted else counts,
            row_counts=None if counted else row_counts,
            column_counts=None if counted else col_counts,
            total_count=None if counted else total_count,
            threshold=threshold,
            rounding=rounding if counted else 0,
            additive=additive,
        )
        value_cells, value_rows = protected.cells, protected.row_totals
        value_cols, value_total = protected.column_totals, protected.total
        suppressed = protected.primary + protected.secondary
        notes.extend(protected.notes)
    return {
        "indicator": ind.id,
        "title": ind.title,
        "measure": ind.measure,
        "unit_of_measure": ind.unit_of_measure,
        "definition": ind.definition,
        "from": q.start.isoformat(),
        "to": q.end.isoformat(),
        "mode": q.mode,
        "rows": {
            "dimension": q.rows,
            "title": DIMENSIONS[q.rows],
            "items": [{"code": r, "label": label(q.rows, r, ind)} for r in rows],
        },
        "columns": None
        if not q.columns
        else {
            "dimension": q.columns,
            "title": DIMENSIONS[q.columns],
            "items": [{"code": c, "label": label(q.columns, c, ind)} for c in cols],
        },
        "cells": value_cells,
        "row_totals": value_rows,
        "column_totals": value_cols,
        "total": value_total,
        "additive": additive,
        "threshold": threshold,
        "rounding": rounding,
        "suppressed": suppressed,
        "notes": notes,
        "scope": sorted(units),
        "source": "server",
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _anonymous_counts(
    conn: Any, ind: Indicator, q: Query, units: frozenset[str], dims: list[str]
) -> dict[tuple[str, ...], int]:
    """What retention kept of erased consultations (year, unit, kind, topic; one count per
    topic): added to a consultation table by topic, over whole calendar years, whose other
    dimensions are among unit, kind and year (docs/reports.md)."""
    if ind.id != "consultations" or "topic" not in dims:
        return {}
    if not set(dims) <= {"topic", "unit", "kind", "year"}:
        return {}
    if (q.start.month, q.start.day, q.end.month, q.end.day) != (1, 1, 12, 31):
        return {}
    s = t.statistics.c
    out: dict[tuple[str, ...], int] = defaultdict(int)
    for year, unit, kind, topic, n in conn.execute(
        select(s.year, s.unit, s.kind, s.topic, s.consultations).where(
            s.year >= q.start.year, s.year <= q.end.year, s.unit.in_(sorted(units))
        )
    ):
        values = {"year": str(year), "unit": unit, "kind": kind, "topic": topic}
        out[tuple(values[d] for d in dims)] += int(n)
    return dict(out)


# --- API helpers ----------------------------------------------------------------------------


def catalog(device: Device) -> dict[str, Any]:
    units = scope(device)
    policy = access.current()
    return {
        "indicators": [
            {
                "id": i.id,
                "title": i.title,
                "measure": i.measure,
                "unit_of_measure": i.unit_of_measure,
                "definition": i.definition,
                "dimensions": list(i.dimensions),
            }
            for i in INDICATORS.values()
        ],
        "dimensions": [{"id": k, "title": v} for k, v in DIMENSIONS.items()],
        "units": [
            {"code": u, "label": catalogs.load("unit").label(u)}
            for u in _order("unit", units, INDICATORS["consultations"])
        ],
        "modes": [{"id": m, "title": MODE_LABELS[m]} for m in MODES],
        "threshold": policy.reports.threshold,
        "rounding": policy.reports.rounding,
    }


def reading(db: Any) -> Any:
    """A connection to read the report tables with, once they hold every committed record
    (:func:`sync_server.report_facts.catch_up`): every report read opens it this way."""
    report_facts.catch_up(db)
    return db.reader.connect()


def table(service: Any, device: Device, q: Query) -> dict[str, Any]:
    check(q)  # refused before the facts are brought up (a catch-up is work and a write)
    scope(device, q.units, q.mode)
    with reading(service.db) as conn:
        return compute(conn, device, q)


MONTHLY = (
    ("consultations", "unit", None),
    ("persons", "unit", None),
    ("consultations", "place", None),
    ("consultations", "topic", None),
    ("persons", "age_band", "sex"),
    ("persons", "target_group", None),
    ("consultations", "language", "interpreter"),
    ("walk_ins", "location", None),
    ("walk_in_wait", "location", None),
    ("referrals", "outcome", None),
    ("unmet_needs", "topic", None),
    ("goals_achieved", "unit", None),
    ("attendances", "topic", None),
    ("mediator_hours", "unit", None),
    ("work_taken_up", "unit", None),
)


def month_span(month: str) -> tuple[dt.date, dt.date]:
    try:
        first = dt.date.fromisoformat(month + "-01")
    except ValueError:
        raise ApiError(
            422, "report_invalid", text=f"Ungültiger Monat „{month}“ (erwartet JJJJ-MM)."
        ) from None
    nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


MONTH_NAMES = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
)


def monthly(service: Any, device: Device, month: str, mode: str) -> dict[str, Any]:
    """The monthly report for the Landrat and the Kreistag: the standard tables of a month."""
    start, end = month_span(month)
    units = scope(device)
    tables = []
    with reading(service.db) as conn:
        for indicator, rows, columns in MONTHLY:
            tables.append(compute(conn, device, Query(indicator, rows, columns, start, end, mode)))
    return {
        "month": month,
        "month_label": f"{MONTH_NAMES[start.month - 1]} {start.year}",
        "mode": mode,
        "mode_label": MODE_LABELS.get(mode, mode),
        "title": "Monatsbericht der Migrationsagentur",
        "subtitle": f"{MONTH_NAMES[start.month - 1]} {start.year} · {MODE_LABELS.get(mode, mode)}",
        "scope_label": "alle Sachgebiete"
        if units == catalogs.load("unit").codes
        else ", ".join(catalogs.load("unit").label(u) for u in sorted(units)),
        "tables": tables,
    }


def cell_clients(
    service: Any, device: Device, q: Query, row: str, column: str | None
) -> dict[str, Any]:
    """The client files behind one cell that the user may open (intern tables only): the
    facts of the cell, then the read gate on their records and on the clients."""
    ind = check(q)
    units = scope(device, q.units, q.mode)
    if q.mode != "intern":
        raise ApiError(
            422, "report_invalid", text="Akten lassen sich nur aus internen Berichten öffnen."
        )
    if ind.source == "walk_in" or ind.source == "group_session":
        raise ApiError(422, "report_invalid", text="Hinter dieser Kennzahl stehen keine Akten.")
    dims = [q.rows] + ([q.columns] if q.columns else [])
    codes = [row] + ([column or ""] if q.columns else [])
    with reading(service.db) as conn:
        (joined, conds), f, c, topics = _base(ind, dims, units, q)
        for dim, code in zip(dims, codes):
            conds.append(_dim_expr(dim, ind, f, c, topics) == _value(dim, code))
        facts = conn.execute(
            select(f.c.id, f.c.client_id)
            .select_from(joined)
            .where(*conds, f.c.client_id.is_not(None))
            .distinct()
        ).all()
        clients = {cid for _, cid in facts}
        r = t.records
        gate = access.visible_to(device, r)
        ids = [fid for fid, _ in facts]
        seen: set[str] = set()
        for i in range(0, len(ids), 1000):
            for (cid,) in conn.execute(
                select(r.c.client_id).where(r.c.id.in_(ids[i : i + 1000]), gate).distinct()
            ):
                seen.add(cid)
        wanted = sorted(seen)[:DRILL_LIMIT]
        out = []
        for i in range(0, len(wanted), 1000):
            for rid, fields in conn.execute(
                select(r.c.id, r.c.fields).where(
                    r.c.id.in_(wanted[i : i + 1000]),
                    r.c.kind == "client",
                    r.c.deleted.is_(False),
                    gate,
                )
            ):
                values = orjson.loads(fields)
                out.append(
                    {
                        "id": rid,
                        "name": f"{values.get('family_name', '')}, {values.get('given_names', '')}".strip(
                            ", "
                        ),
                        "birth_date": values.get("birth_date")
                        if isinstance(values.get("birth_date"), str)
                        else None,
                    }
                )
    out.sort(key=lambda x: x["name"].casefold())
    audit.log(
        service.db,
        [
            audit.row(
                device,
                "report_cell",
                detail={
                    "indicator": q.indicator,
                    "rows": q.rows,
                    "columns": q.columns,
                    "row": row,
                    "column": column,
                    "from": q.start.isoformat(),
                    "to": q.end.isoformat(),
                    "listed": len(out),
                },
            )
        ],
    )
    return {"clients": out, "hidden": len(clients) - len(out)}


_PERIOD_CODES = {
    "month": re.compile(r"\d{4}-(0[1-9]|1[0-2])"),
    "quarter": re.compile(r"\d{4}-Q[1-4]"),
    "year": re.compile(r"\d{4}"),
}


def _value(dim: str, code: str) -> Any:
    """The stored value of a row or column code; a period code not of its dimension's form
    (a forged ``abc`` or ``2026-13``) is refused, not a server error."""
    pattern = _PERIOD_CODES.get(dim)
    if pattern is not None and not pattern.fullmatch(code):
        raise ApiError(
            422,
            "report_invalid",
            text=f"„{code[:20]}“ ist kein gültiger Wert für „{DIMENSIONS[dim]}“.",
        )
    if dim == "month":
        return int(code[:4]) * 100 + int(code[5:7])
    if dim == "quarter":
        return int(code[:4]) * 10 + int(code[6:])
    if dim == "year":
        return int(code)
    return code


def audit_export(service: Any, device: Device, what: dict[str, Any]) -> None:
    """Every export of figures is written into the audit log (no figures, no names)."""
    audit.log(service.db, [audit.row(device, "report_export", detail=what)])


def book_of(tables: list[dict[str, Any]], *, title: str, mode: str) -> dict[str, Any]:
    """One or more tables as the book the PDF and XLSX writers take (see :func:`monthly`)."""
    first = tables[0] if tables else {}
    span = _span_label(first.get("from", ""), first.get("to", ""))
    return {
        "month": first.get("from", "")[:7],
        "month_label": span,
        "mode": mode,
        "mode_label": MODE_LABELS.get(mode, mode),
        "title": title,
        "subtitle": f"{span} · {MODE_LABELS.get(mode, mode)}",
        "scope_label": "",
        "tables": tables,
    }


def _span_label(start: str, end: str) -> str:
    try:
        a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        return ""
    return f"{a:%d.%m.%Y} – {b:%d.%m.%Y}"
