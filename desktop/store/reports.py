"""The laptop's own counts of consultations and persons, for the report screen offline.

The county's figures are the server's (docs/reports.md): they cover every laptop and every
unit in the user's scope. Without a connection the report screen shows what *this* laptop
holds instead, in the same *report table* shape as the server's answer, marked
``"source": "local"`` with a note saying so. Only the intern mode: the laptop holds only what
its user may see anyway, and a published figure must be the county's.

Counted as the specification says: live consultations in the period (a corrected one, named
by another's ``revision_of``, not again), by the local calendar day of ``started_at``; persons
are distinct clients (a merged-away file counts as the file it lives in now). Totals are
distinct over the row, the column and the table, so a person seen in two months is one person
in the quarter, and a consultation with two topics one consultation in its unit's total.

Database work: call it through the UI's operation layer (desktop.ui.ops), never on the UI
thread.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from casefile import catalogs
from casefile.figures import NO_TOPIC, place_of
from casefile.validation import QT_TRANSLATE_NOOP

INDICATORS = {
    "consultations": (QT_TRANSLATE_NOOP("reports", "Beratungskontakte"), "count"),
    "persons": (QT_TRANSLATE_NOOP("reports", "Beratene Personen"), "distinct"),
}
DIMENSIONS = {
    "unit": QT_TRANSLATE_NOOP("reports", "Sachgebiet"),
    "place": QT_TRANSLATE_NOOP("reports", "Ort"),
    "kind": QT_TRANSLATE_NOOP("reports", "Art"),
    "topic": QT_TRANSLATE_NOOP("reports", "Thema"),
    "language": QT_TRANSLATE_NOOP("reports", "Sprache"),
    "interpreter": QT_TRANSLATE_NOOP("reports", "Sprachmittlung"),
    "month": QT_TRANSLATE_NOOP("reports", "Monat"),
    "quarter": QT_TRANSLATE_NOOP("reports", "Quartal"),
    "year": QT_TRANSLATE_NOOP("reports", "Jahr"),
}
PLACES = {
    "office": QT_TRANSLATE_NOOP("reports", "Landratsamt"),
    "decentral": QT_TRANSLATE_NOOP("reports", "dezentrale Sprechstunde"),
    "outreach": QT_TRANSLATE_NOOP("reports", "aufsuchend"),
    "phone": QT_TRANSLATE_NOOP("reports", "Telefon/Video"),
    "other": QT_TRANSLATE_NOOP("reports", "sonstige"),
}
YES_NO = {
    "yes": QT_TRANSLATE_NOOP("reports", "mit Sprachmittlung"),
    "no": QT_TRANSLATE_NOOP("reports", "ohne Sprachmittlung"),
}
NOT_RECORDED = QT_TRANSLATE_NOOP("reports", "ohne Thema")
OFFLINE_NOTE = QT_TRANSLATE_NOOP(
    "reports",
    "Nur dieses Gerät (offline): die Zahlen dieses Laptops, nicht die des Landkreises.",
)
TOPIC_NOTE = QT_TRANSLATE_NOOP(
    "reports",
    "Eine Beratung mit mehreren Themen zählt bei jedem ihrer Themen: die Themen ergeben "
    "zusammen mehr als die Gesamtzahl.",
)
DISTINCT_NOTE = QT_TRANSLATE_NOOP(
    "reports",
    "Jede Person zählt in jeder Zeile, jeder Spalte und insgesamt einmal: die Summen sind "
    "keine Summen der Zellen.",
)
MAX_DAYS = 5 * 366  # "at most 5 years"


class LocalReportRefused(ValueError):
    """The laptop cannot count this (another indicator, an unknown dimension, a bad period);
    the message is German."""


@dataclass(frozen=True)
class _Fact:
    """One live consultation as the table counts it."""

    id: str
    client_id: str
    day: dt.date
    unit: str
    location: str
    kind: str
    topics: tuple[str, ...]
    language: str
    interpreter: bool


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _codes(fact: _Fact, dimension: str) -> tuple[str, ...]:
    """The codes a fact counts under in *dimension* (several for topics)."""
    if dimension == "unit":
        return (fact.unit,)
    if dimension == "place":
        return (place_of(fact.kind, fact.location),)
    if dimension == "kind":
        return (fact.kind,)
    if dimension == "topic":
        return fact.topics or (NO_TOPIC,)
    if dimension == "language":
        return (fact.language or "de",)
    if dimension == "interpreter":
        return ("yes" if fact.interpreter else "no",)
    if dimension == "month":
        return (fact.day.strftime("%Y-%m"),)
    if dimension == "quarter":
        return (_quarter(fact.day),)
    if dimension == "year":
        return (str(fact.day.year),)
    raise LocalReportRefused(f"unbekannte Dimension {dimension!r}")


def _periods(dimension: str, first: dt.date, last: dt.date) -> list[str]:
    """Every month, quarter or year of the period, in order (an empty month is a 0, not a
    gap in the time axis)."""
    codes: list[str] = []
    day = first.replace(day=1)
    while day <= last:
        code = {
            "month": day.strftime("%Y-%m"),
            "quarter": _quarter(day),
            "year": str(day.year),
        }[dimension]
        if code not in codes:
            codes.append(code)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return codes


def _label(dimension: str, code: str, lang: str, tr: Callable[[str], str]) -> str:
    if dimension == "month":
        year, month = code.split("-")
        return f"{month}/{year}"
    if dimension == "quarter":
        year, quarter = code.split("-")
        return f"{quarter}/{year}"
    if dimension == "year":
        return code
    if dimension == "place":
        return tr(PLACES.get(code, code))
    if dimension == "interpreter":
        return tr(YES_NO.get(code, code))
    if dimension == "topic" and code == NO_TOPIC:
        return tr(NOT_RECORDED)
    catalog = {"unit": "unit", "kind": "consultation_kind", "topic": "topic"}.get(
        dimension, "language"
    )
    return catalogs.load(catalog).label(code, lang)


def _order(dimension: str, codes: Iterable[str]) -> list[str]:
    """Catalog order for catalog dimensions (as the server lists them), then unknown codes."""
    found = set(codes)
    if dimension in ("month", "quarter", "year"):
        return sorted(found)
    if dimension == "place":
        known = list(PLACES)
    elif dimension == "interpreter":
        known = list(YES_NO)
    else:
        catalog = {
            "unit": "unit",
            "kind": "consultation_kind",
            "topic": "topic",
            "language": "language",
        }[dimension]
        known = [e.code for e in catalogs.load(catalog).entries]
    ordered = [c for c in known if c in found]
    return ordered + sorted(found - set(ordered))


def _local_day(started_at: str) -> dt.date:
    moment = dt.datetime.fromisoformat(started_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().date()


def facts(engine: Engine, first: dt.date, last: dt.date, units: Iterable[str] = ()) -> list[_Fact]:
    """The live consultations of the laptop's store whose local day is in *first* … *last*
    (of *units*, if any): corrected ones and those of deleted files left out."""
    # started_at is UTC text: a day around the period catches every local day in it; the
    # exact local day is decided below.
    low = (first - dt.timedelta(days=1)).isoformat()
    high = (last + dt.timedelta(days=2)).isoformat()
    sql = (
        "SELECT c.id, COALESCE(r.new_id, c.client_id), c.started_at, c.unit, c.location, "
        "c.kind, c.topics, c.language, c.mediator_used "
        "FROM consultation c "
        "LEFT JOIN client_redirect r ON r.old_id = c.client_id "
        "LEFT JOIN client k ON k.id = COALESCE(r.new_id, c.client_id) "
        "WHERE c.started_at >= ? AND c.started_at < ? AND NOT COALESCE(k.deleted, 0)"
    )
    wanted = set(units)
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        corrected = {
            row[0]
            for row in raw.execute(
                "SELECT revision_of FROM consultation WHERE revision_of IS NOT NULL"
            )
        }
        found = raw.execute(sql, (low, high)).fetchall()
    out = []
    for cid, client, started, unit, location, kind, topics, language, mediator in found:
        if cid in corrected or (wanted and unit not in wanted):
            continue
        day = _local_day(started)
        if not first <= day <= last:
            continue
        listed = json.loads(topics) if topics else []
        out.append(
            _Fact(
                cid,
                client,
                day,
                unit,
                location,
                kind,
                tuple(dict.fromkeys(listed)),
                language or "",
                bool(mediator),
            )
        )
    return out


def local_table(
    engine: Engine,
    params: dict[str, Any],
    *,
    lang: str = "de",
    tr: Callable[[str], str] = lambda text: text,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The report table of *params* (``indicator``, ``rows``, ``columns``, ``from``, ``to``,
    ``units``) from this laptop's store, in the shape of ``GET /reports/table``, intern mode,
    ``source`` ``local``. *tr* translates the texts (context ``reports``)."""
    indicator = params.get("indicator") or ""
    if indicator not in INDICATORS:
        raise LocalReportRefused(
            "Offline zählt dieses Gerät nur Beratungskontakte und beratene Personen."
        )
    rows_dim, cols_dim = params.get("rows") or "", params.get("columns") or None
    for dimension in (rows_dim, cols_dim):
        if dimension is not None and dimension not in DIMENSIONS:
            raise LocalReportRefused(
                "Offline zählt dieses Gerät nicht nach dieser Gliederung: nur nach Sachgebiet, "
                "Ort, Art, Thema, Sprache, Sprachmittlung, Monat, Quartal und Jahr."
            )
    if cols_dim == rows_dim:
        cols_dim = None
    first, last = _day(params.get("from")), _day(params.get("to"))
    if last < first:
        raise LocalReportRefused("Das Ende des Zeitraums liegt vor seinem Anfang.")
    if (last - first).days >= MAX_DAYS:
        raise LocalReportRefused("Der Zeitraum ist zu lang: höchstens fünf Jahre auf einmal.")
    title, measure = INDICATORS[indicator]
    units = [u for u in params.get("units") or () if u]
    counted = facts(engine, first, last, units)

    def key(fact: _Fact) -> str:
        return fact.client_id if measure == "distinct" else fact.id

    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    row_sets: dict[str, set[str]] = defaultdict(set)
    col_sets: dict[str, set[str]] = defaultdict(set)
    everyone: set[str] = set()
    for fact in counted:
        k = key(fact)
        everyone.add(k)
        row_codes = _codes(fact, rows_dim)
        col_codes = _codes(fact, cols_dim) if cols_dim else ("",)
        for r in row_codes:
            row_sets[r].add(k)
            for c in col_codes:
                cells[r, c].add(k)
        for c in col_codes:
            col_sets[c].add(k)
    row_codes_all = _axis(rows_dim, row_sets, first, last)
    col_codes_all = _axis(cols_dim, col_sets, first, last) if cols_dim else [""]

    def axis(dimension: str, codes: list[str]) -> dict[str, Any]:
        return {
            "dimension": dimension,
            "title": tr(DIMENSIONS[dimension]),
            "items": [{"code": c, "label": _label(dimension, c, lang, tr)} for c in codes],
        }

    multi = "topic" in (rows_dim, cols_dim)
    notes = [tr(OFFLINE_NOTE)]
    if multi and measure == "count":
        notes.append(tr(TOPIC_NOTE))
    if measure == "distinct":
        notes.append(tr(DISTINCT_NOTE))
    return {
        "indicator": indicator,
        "title": tr(title),
        "measure": measure,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "mode": "intern",
        "rows": axis(rows_dim, row_codes_all),
        "columns": axis(cols_dim, col_codes_all) if cols_dim else None,
        "cells": [[len(cells.get((r, c), ())) for c in col_codes_all] for r in row_codes_all],
        "row_totals": [len(row_sets.get(r, ())) for r in row_codes_all],
        "column_totals": [len(col_sets.get(c, ())) for c in col_codes_all],
        "total": len(everyone),
        "additive": measure == "count" and not multi,
        "threshold": 0,
        "rounding": 0,
        "suppressed": 0,
        "notes": notes,
        "scope": sorted(units) if units else sorted({f.unit for f in counted}),
        "source": "local",
        "generated_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
    }


def _axis(dimension: str, sets: dict[str, set[str]], first: dt.date, last: dt.date) -> list[str]:
    if dimension in ("month", "quarter", "year"):
        return sorted(set(_periods(dimension, first, last)) | set(sets))
    return _order(dimension, sets)


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise LocalReportRefused("Bitte einen Zeitraum mit Anfang und Ende angeben.") from exc
