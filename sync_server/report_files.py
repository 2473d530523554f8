"""The files of reports (docs/reports.md): report tables as XLSX (with a native chart) and CSV,
the monthly report as PDF (written in ``report_pdf``, offered here too), and the funders'
participant lists as XLSX and CSV.

Every function takes what the API answers as JSON (a *report table*, the monthly book, a
funder list) and gives the file's bytes; nothing here reads the store or decides a figure. A
hidden figure (``null``, suppressed in publication mode) is printed as ``•`` everywhere and is
never a number in a file. Every text from the data goes through
:func:`casefile.spreadsheet.spreadsheet_safe`, so that a label such as ``=HYPERLINK(...)`` is
text when the file is opened, edited or saved again as CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from casefile.spreadsheet import spreadsheet_safe
from sync_server.report_grid import (
    CONFIDENTIAL,
    HIDDEN,
    OFFLINE,
    TOTAL,
    Grid,
    Number,
    csv_number,
    grid as table_grid,
    mode_label,
    period,
)
from sync_server.report_pdf import monthly_pdf

__all__ = ["csv_bytes", "funder_csv", "funder_xlsx", "monthly_pdf", "xlsx"]

# --- XLSX ---

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


class _SheetNames:
    """Excel's rules for sheet names: at most 31 characters, none of ``[]:*?/\\``, no leading
    or trailing apostrophe, unique regardless of case, "History" reserved."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str) -> str:
        base = _SHEET_FORBIDDEN.sub(" ", wanted).strip(" '")[:31].strip(" '") or "Tabelle"
        if base.casefold() == "history":
            base = "Tabelle"
        name, n = base, 2
        while name.casefold() in self.used:
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)].rstrip() + suffix
            n += 1
        self.used.add(name.casefold())
        return name


def _workbook(out: io.BytesIO) -> Any:
    # Plain mode in memory: no temporary files on the server; a 10,000-row table is ~0.3 s.
    # Text stays text: no formulas, links or numbers made from strings.
    return xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "remove_timezone": True,
        },
    )


class _Styles:
    def __init__(self, wb: Any) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.context = wb.add_format({"italic": True, "font_color": "#595959"})
        self.label = wb.add_format({"bold": True})
        self.confidential = wb.add_format({"bold": True, "font_color": "#A00000"})
        self.header = wb.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
        self.header_number = wb.add_format(
            {"bold": True, "bottom": 1, "text_wrap": True, "valign": "top", "align": "right"}
        )
        self.hidden = wb.add_format({"align": "right"})
        self.total_label = wb.add_format({"bold": True, "top": 1})
        self.total_hidden = wb.add_format({"bold": True, "top": 1, "align": "right"})
        self.note = wb.add_format({"font_size": 9, "font_color": "#595959"})
        self.date = wb.add_format({"num_format": "DD.MM.YYYY"})
        self.datetime = wb.add_format({"num_format": "DD.MM.YYYY hh:mm"})
        self.decimal = wb.add_format({"num_format": "#,##0.00"})
        self._numbers: dict[tuple[str, bool], Any] = {}
        self._wb = wb

    def number(self, num_format: str, total: bool = False) -> Any:
        key = (num_format, total)
        if key not in self._numbers:
            spec: dict[str, Any] = {"num_format": num_format}
            if total:
                spec |= {"bold": True, "top": 1}
            self._numbers[key] = self._wb.add_format(spec)
        return self._numbers[key]


def _text(ws: Any, row: int, col: int, text: object, style: Any = None) -> None:
    ws.write_string(row, col, spreadsheet_safe(str(text)), style)


def _figure(
    ws: Any,
    row: int,
    col: int,
    value: Number | None,
    styles: _Styles,
    grid: Grid,
    total: bool = False,
) -> None:
    if value is None:
        ws.write_string(row, col, HIDDEN, styles.total_hidden if total else styles.hidden)
    else:
        ws.write_number(row, col, value, styles.number(grid.number_format(), total))


def _table_sheet(wb: Any, ws: Any, table: dict[str, Any], context: str, styles: _Styles) -> None:
    grid = table_grid(table)
    _text(ws, 0, 0, grid.title, styles.title)
    row = 1
    if context and context != grid.title:
        _text(ws, row, 0, context, styles.context)
        row += 1
    _text(ws, row, 0, "Zeitraum", styles.label)
    _text(ws, row, 1, period(table["from"], table["to"]))
    _text(ws, row + 1, 0, "Fassung", styles.label)
    _text(ws, row + 1, 1, mode_label(str(table.get("mode", "intern"))))
    if table.get("mode") != "publication":
        _text(ws, row + 1, 2, CONFIDENTIAL, styles.confidential)
    row += 2
    if table.get("source", "server") != "server":
        _text(ws, row, 0, OFFLINE, styles.label)
        row += 1
    head = row + 1
    _text(ws, head, 0, grid.row_title, styles.header)
    for j, header in enumerate(grid.headers, start=1):
        _text(ws, head, j, header, styles.header_number)
    for i, (label, values) in enumerate(grid.lines, start=head + 1):
        _text(ws, i, 0, label)
        for j, value in enumerate(values, start=1):
            _figure(ws, i, j, value, styles, grid)
    last = head + len(grid.lines)
    _text(ws, last + 1, 0, TOTAL, styles.total_label)
    for j, value in enumerate(grid.totals, start=1):
        _figure(ws, last + 1, j, value, styles, grid, total=True)
    for k, note in enumerate(table.get("notes") or [], start=last + 3):
        _text(ws, k, 0, note, styles.note)
    longest = max((len(label) for label, _ in grid.lines), default=0)
    ws.set_column(0, 0, min(max(longest, len(grid.row_title), 12) + 2, 50))
    ws.set_column(1, len(grid.headers), min(max(max(map(len, grid.headers)) + 2, 11), 24))
    ws.freeze_panes(head + 1, 1)
    if grid.lines and grid.series:
        _chart(wb, ws, grid, head, last)


def _chart(wb: Any, ws: Any, grid: Grid, head: int, last: int) -> None:
    """A bar per row item, one series per column item, beside the table. It reads the
    sheet's cells: a hidden cell ("•", text) is drawn as no bar."""
    chart = wb.add_chart({"type": "bar", "subtype": "stacked"} if grid.stacked else {"type": "bar"})
    for j in range(1, grid.series + 1):
        chart.add_series(
            {
                "name": [ws.name, head, j],
                "categories": [ws.name, head + 1, 0, last, 0],
                "values": [ws.name, head + 1, j, last, j],
                "gap": 60,
            }
        )
    # The title is the sheet's title cell: XlsxWriter reads a name like "X!A1" as a reference.
    chart.set_title({"name": [ws.name, 0, 0], "name_font": {"size": 12}})
    # a bar chart's categories: the first row on top, the value axis still at the bottom
    chart.set_y_axis({"reverse": True, "crossing": "max"})
    chart.set_x_axis({"num_format": grid.number_format(), "major_gridlines": {"visible": True}})
    if grid.series == 1:
        chart.set_legend({"none": True})
    else:
        chart.set_legend({"position": "bottom"})
    bars = 1 if grid.stacked else min(grid.series, 6)
    height = 90 + len(grid.lines) * (10 + 8 * bars) + (30 if grid.series > 1 else 0)
    chart.set_size({"width": 640, "height": max(300, min(height, 6000))})
    ws.insert_chart(head, len(grid.headers) + 2, chart)


def xlsx(tables: list[dict[str, Any]], *, title: str, subtitle: str) -> bytes:
    """The report tables as a workbook, one worksheet per table (named after its title).

    Each sheet: the table's title, *title – subtitle* (the report it belongs to, unless that
    is the table's own title), "Zeitraum", "Fassung" (intern: with "Vertraulich – nur für
    den Dienstgebrauch") and, for a laptop's own counts, "Nur
    dieses Gerät (offline)"; then the header row (the rows' dimension, each column item,
    "Gesamt"), one row per row item, the "Gesamt" row and the notes. Figures are numbers, a
    hidden one the text "•". Beside the table a native bar chart of the cells (stacked when
    they add up to the row total). *title* and *subtitle* are also the file's properties."""
    out = io.BytesIO()
    wb = _workbook(out)
    wb.set_properties({"title": title, "subject": subtitle, "author": "MiA Desk"})
    styles = _Styles(wb)
    names = _SheetNames()
    context = f"{title} – {subtitle}" if subtitle else title
    for table in tables:
        ws = wb.add_worksheet(names.take(str(table["title"])))
        _table_sheet(wb, ws, table, context, styles)
    if not tables:
        ws = wb.add_worksheet(names.take(title))
        _text(ws, 0, 0, context, styles.title)
        _text(ws, 1, 0, "Keine Tabellen.")
    wb.close()
    return out.getvalue()


# --- CSV ---


def _csv_out() -> tuple[io.StringIO, Any]:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 (umlauts) only with the byte order mark
    return out, csv.writer(out, delimiter=";", lineterminator="\r\n")


def _comment(text: str) -> list[str]:
    return [spreadsheet_safe(f"# {text}")]


def csv_bytes(table: dict[str, Any]) -> bytes:
    """The report table as CSV for a German spreadsheet (like the queue statistics):
    semicolons, UTF-8 with BOM, CRLF, decimal comma and no thousands separator, "•" for a
    hidden figure.

    Lines starting with ``# `` are context, not data: the title, period and mode (intern:
    also "Vertraulich – nur für den Dienstgebrauch") above the table, so that a file passed
    on still says whether its figures may be published, and the notes
    below it, after an empty line. Excel shows them as text in the first column; a program
    skips them (``pandas.read_csv(..., sep=";", comment="#")``). Between them: the header row
    (the rows' dimension, each column item, "Gesamt"), one row per row item and the "Gesamt"
    row. A one-column table has the indicator's title as its only column."""
    grid = table_grid(table)
    out, w = _csv_out()
    w.writerow(_comment(grid.title))
    w.writerow(_comment(f"Zeitraum: {period(table['from'], table['to'])}"))
    w.writerow(_comment(f"Fassung: {mode_label(str(table.get('mode', 'intern')))}"))
    if table.get("mode") != "publication":
        w.writerow(_comment(CONFIDENTIAL))
    if table.get("source", "server") != "server":
        w.writerow(_comment(OFFLINE))

    def figure(v: Number | None) -> str:
        return HIDDEN if v is None else csv_number(v)

    w.writerow([spreadsheet_safe(h) for h in [grid.row_title, *grid.headers]])
    for label, values in grid.lines:
        w.writerow([spreadsheet_safe(label), *map(figure, values)])
    w.writerow([TOTAL, *map(figure, grid.totals)])
    notes = table.get("notes") or []
    if notes:
        w.writerow([])
        for note in notes:
            w.writerow(_comment(str(note)))
    return out.getvalue().encode("utf-8")


# --- funder lists ---

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


def _when(value: object) -> dt.date | dt.datetime | None:
    """A date or time of a funder list's cell (``date``, ISO text), else None."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            if _ISO_DAY.fullmatch(value):
                return dt.date.fromisoformat(value)
            if _ISO_TIME.fullmatch(value):
                return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:  # 2026-02-30: not a day, kept as the text it is
            return None
    return None


def _funder_value(ws: Any, row: int, col: int, value: object, styles: _Styles) -> None:
    when = _when(value)
    if value is None or value == "":
        return
    if isinstance(value, bool):
        _text(ws, row, col, "ja" if value else "nein")
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, None if isinstance(value, int) else styles.decimal)
    elif when is not None and when.year >= 1900:  # Excel has no day before 1900
        is_time = isinstance(when, dt.datetime)
        ws.write_datetime(row, col, when, styles.datetime if is_time else styles.date)
    else:
        _text(ws, row, col, value)


def _csv_cell(value: object) -> str:
    when = _when(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | float):
        return csv_number(value)
    if isinstance(when, dt.datetime):
        return when.strftime("%d.%m.%Y %H:%M")
    if when is not None:
        return when.strftime("%d.%m.%Y")
    return spreadsheet_safe(str(value))


def _funder_context(list_: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("Projekt", str(list_["project_label"])),
        ("Zuwendungsgeber", str(list_["funder_label"])),
        ("Zeitraum", period(list_["from"], list_["to"])),
    ]


def funder_xlsx(list_: dict[str, Any]) -> bytes:
    """A funder's participant list as a workbook of one sheet: the title, project, funder and
    period, then the template's header row and one row per participant (days as Excel dates
    shown DD.MM.YYYY, numbers as numbers, filter and frozen header), then the notes."""
    out = io.BytesIO()
    wb = _workbook(out)
    wb.set_properties({"title": str(list_["title"]), "author": "MiA Desk"})
    styles = _Styles(wb)
    ws = wb.add_worksheet(_SheetNames().take(str(list_["title"])))
    _text(ws, 0, 0, list_["title"], styles.title)
    for i, (name, value) in enumerate(_funder_context(list_), start=1):
        _text(ws, i, 0, name, styles.label)
        _text(ws, i, 1, value)
    head = 5
    columns: Sequence[dict[str, Any]] = list_["columns"]
    widths = [max(len(str(c["header"])), 10) for c in columns]
    for j, column in enumerate(columns):
        _text(ws, head, j, column["header"], styles.header)
    rows = list_.get("rows") or []
    for i, values in enumerate(rows, start=head + 1):
        for j, value in enumerate(values):
            _funder_value(ws, i, j, value, styles)
            if isinstance(value, str) and j < len(widths):
                widths[j] = max(widths[j], len(value))
    last = head + len(rows)
    for k, note in enumerate(list_.get("notes") or [], start=last + 2):
        _text(ws, k, 0, note, styles.note)
    for j, width in enumerate(widths):
        ws.set_column(j, j, min(width + 2, 50))
    if columns:
        ws.freeze_panes(head + 1, 0)
        ws.autofilter(head, 0, max(last, head), len(columns) - 1)
    wb.close()
    return out.getvalue()


def funder_csv(list_: dict[str, Any]) -> bytes:
    """The funder's list as CSV, in :func:`csv_bytes`' form: ``# `` lines for the title,
    project, funder and period and, at the end, the notes; the header row and one row per
    participant between them, days as DD.MM.YYYY (Excel-DE reads them as dates)."""
    out, w = _csv_out()
    w.writerow(_comment(str(list_["title"])))
    for name, value in _funder_context(list_):
        w.writerow(_comment(f"{name}: {value}"))
    w.writerow([spreadsheet_safe(str(c["header"])) for c in list_["columns"]])
    for values in list_.get("rows") or []:
        w.writerow([_csv_cell(v) for v in values])
    notes = list_.get("notes") or []
    if notes:
        w.writerow([])
        for note in notes:
            w.writerow(_comment(str(note)))
    return out.getvalue().encode("utf-8")
