"""A report table (docs/reports.md, "report table") as the report files print it: the header,
one line of figures per row item and the "Gesamt" line, with the German names of periods,
modes and months and figures written the German way. Shared by ``report_files`` (XLSX, CSV)
and ``report_pdf``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

HIDDEN = "•"
TOTAL = "Gesamt"
MODES = {"intern": "intern", "publication": "zur Veröffentlichung"}
OFFLINE = "Nur dieses Gerät (offline)"
CONFIDENTIAL = "Vertraulich – nur für den Dienstgebrauch"  # every file of intern figures
MONTHS = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
)
# Excel's number formats are stored locale-free; a German Excel shows "1.234,5".
NUMBER_FORMATS = {"count": "#,##0", "distinct": "#,##0", "sum": "#,##0.00"}
DECIMALS = {"count": 0, "distinct": 0, "sum": 2, "median": 1, "mean": 1}

Number = int | float


@dataclass(frozen=True)
class Grid:
    """A report table as it is printed: the value columns' headers (with "Gesamt" where the
    table has several columns), one line per row item and the "Gesamt" line."""

    title: str
    row_title: str
    headers: list[str]
    lines: list[tuple[str, list[Number | None]]]
    totals: list[Number | None]
    series: int  # the value columns that are cells (not the row total): charted
    measure: str
    stacked: bool  # the cells of a row add up to its total: one stacked bar per row

    def number_format(self) -> str:
        return NUMBER_FORMATS.get(self.measure, "#,##0.0")


def grid(table: dict[str, Any]) -> Grid:
    """A one-column table (``columns`` null) gets the indicator's title over its figures and
    no "Gesamt" column (it would repeat them)."""
    rows = table["rows"]
    labels = [str(i["label"]) for i in rows["items"]]
    cells = table.get("cells") or []
    columns = table.get("columns")
    if columns is None:
        headers = [str(table["title"])]
        lines = [(label, [c[0] if isinstance(c, list) else c]) for label, c in zip(labels, cells)]
        totals: list[Number | None] = [table.get("total")]
    else:
        headers = [str(i["label"]) for i in columns["items"]] + [TOTAL]
        row_totals = table.get("row_totals") or [None] * len(labels)
        lines = [(label, [*c, t]) for label, c, t in zip(labels, cells, row_totals)]
        totals = [
            *(table.get("column_totals") or [None] * len(columns["items"])),
            table.get("total"),
        ]
    measure = str(table.get("measure", "count"))
    series = len(headers) - (0 if columns is None else 1)
    stacked = series > 1 and bool(table.get("additive", True)) and measure in ("count", "sum")
    return Grid(
        str(table["title"]), str(rows["title"]), headers, lines, totals, series, measure, stacked
    )


def day(iso: str) -> str:
    return dt.date.fromisoformat(iso[:10]).strftime("%d.%m.%Y")


def period(start: str, end: str) -> str:
    """``01.11.2026 – 30.11.2026`` for ``2026-11-01`` … ``2026-11-30``."""
    return f"{day(start)} – {day(end)}"


def mode_label(mode: str) -> str:
    """The German name of a report's mode ("intern", "zur Veröffentlichung")."""
    return MODES.get(mode, mode)


def month_label(month: str) -> str:
    """``November 2026`` for ``2026-11``."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def de_number(value: Number, decimals: int) -> str:
    """A figure as a German reader writes it: ``1.234`` and ``12,5``."""
    if isinstance(value, int) or (decimals == 0 and float(value).is_integer()):
        return f"{round(value):,}".replace(",", ".")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def csv_number(value: Number) -> str:
    """A figure for a German spreadsheet: decimal comma, no thousands separator (``1234,5``)."""
    if isinstance(value, int) or float(value).is_integer():
        return str(round(value))
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")
