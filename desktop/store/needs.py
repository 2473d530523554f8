"""Unmet needs from the laptop's store: :func:`casefile.needs.count` as one SQL statement.

Referrals are ``case_coordination`` data (every unit reads them), so coordination's laptop
holds all of them and can count the county's unmet needs offline. The statement groups the
referral table by month x topic x language x place and sums, per group, all referrals and
the failed ones for each reason flagged ``unmet`` in the catalog -- the same rule as
``casefile.needs`` (a test holds the two equal). The CSV is for Excel: German headers,
semicolons, UTF-8 with a byte order mark.

Database work: call it through the UI's operation layer (desktop.ui.ops), never on the UI
thread.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from casefile import catalogs, needs
from casefile.needs import Cell


def unmet_needs(
    engine: Engine, start: dt.date | None = None, end: dt.date | None = None
) -> list[Cell]:
    """The cells with at least one unmet need among the referrals referred from *start* to
    *end* (both included; None: open), ordered as :func:`casefile.needs.order`."""
    reasons = needs.unmet_reasons()
    if not reasons:
        return []
    where, params = [], []
    if start is not None:
        where.append("referred_on >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("referred_on <= ?")
        params.append(end.isoformat())
    # Reason codes come from the shipped catalog, but bind them anyway.
    per_reason = ", ".join(
        f"sum(status = '{needs.FAILED}' AND failure_reason = ?)" for _ in reasons
    )
    sql = (
        "SELECT substr(referred_on, 1, 7), topic, language, location, count(*), "
        f"{per_reason} FROM referral"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + " GROUP BY 1, 2, 3, 4"
    )
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        rows = raw.execute(sql, [*reasons, *params]).fetchall()
    cells = []
    for month, topic, language, location, total, *counts in rows:
        per = {r: int(n) for r, n in zip(reasons, counts, strict=True) if n}
        if per:
            cells.append(Cell(month, topic, language, location, sum(per.values()), total, per))
    return needs.order(cells)


def referral_count(engine: Engine, start: dt.date | None = None, end: dt.date | None = None) -> int:
    """All referrals referred from *start* to *end* (the denominator of the period's share)."""
    sql, params = "SELECT count(*) FROM referral WHERE 1 = 1", []
    if start is not None:
        sql += " AND referred_on >= ?"
        params.append(start.isoformat())
    if end is not None:
        sql += " AND referred_on <= ?"
        params.append(end.isoformat())
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        return int(raw.execute(sql, params).fetchone()[0])


@dataclass(frozen=True)
class Report:
    """What the view shows: the cells and the number of all referrals of the period."""

    start: dt.date
    end: dt.date
    cells: list[Cell]
    referrals: int

    @property
    def unmet(self) -> int:
        return sum(c.unmet for c in self.cells)


def report(engine: Engine, start: dt.date, end: dt.date) -> Report:
    return Report(start, end, unmet_needs(engine, start, end), referral_count(engine, start, end))


# --- CSV -------------------------------------------------------------------------------------

HEADERS = ("Monat", "Thema", "Sprache", "Ort", "Ungedeckte Bedarfe", "Verweisungen", "Anteil")
NOT_RECORDED = "ohne Angabe"


def _label(catalog: str, code: str) -> str:
    return catalogs.load(catalog).label(code) if code else NOT_RECORDED


def _month(key: str) -> str:
    year, month = key.split("-")
    return f"{month}/{year}"


def csv_text(cells: list[Cell]) -> str:
    """The cells as CSV for Excel (German headers and labels; semicolons, decimal comma)."""
    reasons = needs.unmet_reasons()
    failure = catalogs.load("referral_failure")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([*HEADERS, *(f"davon: {failure.label(r)}" for r in reasons)])
    for c in cells:
        writer.writerow(
            [
                _month(c.month),
                _label("topic", c.topic),
                _label("language", c.language),
                _label("location", c.location),
                c.unmet,
                c.total,
                f"{c.share * 100:.1f} %".replace(".", ","),
                *(c.reasons.get(r, 0) for r in reasons),
            ]
        )
    return out.getvalue()


def write_csv(cells: list[Cell], path: Path | str) -> Path:
    """Write :func:`csv_text` to *path* as UTF-8 with a byte order mark (Excel reads umlauts
    and Arabic names right only with it)."""
    path = Path(path)
    path.write_text(csv_text(cells), encoding="utf-8-sig", newline="")
    return path
