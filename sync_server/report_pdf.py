"""The monthly report for the Landrat and the Kreistag as a PDF (docs/reports.md,
``GET /reports/monthly?format=pdf``).

Written with fpdf2 in the shipped DejaVu fonts like the access export (``export_pdf.prepare``):
A4 portrait, a cover block, then per table its heading, a horizontal bar chart of the row
totals drawn with fpdf2's own rectangles, the table (its header repeated on every page it
runs onto; wide tables in parts of at most eight figure columns) and its notes. A hidden
figure is "•" in the table and no bar in the chart.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from sync_server.export_pdf import FONT, prepare
from sync_server.report_grid import (
    CONFIDENTIAL,
    DECIMALS,
    HIDDEN,
    OFFLINE,
    TOTAL,
    Grid,
    Number,
    de_number,
    grid as table_grid,
    mode_label,
    month_label,
    period,
)

TITLE = "Monatsbericht der Migrationsagentur"
MAX_COLUMNS = 8  # figure columns side by side on A4 portrait before a table is split
BAR = (46, 94, 140)
GREY = (90, 90, 90)
BOLD = FontFace(emphasis="BOLD")
_COMPLEX_SCRIPT = re.compile("[\u0590-\u1dff\ufb1d-\ufdff\ufe70-\ufeff]")


class _Book(FPDF):
    """Page furniture: the report and month over every page after the first, "Seite n von m"
    (and in intern mode the confidentiality mark) under every page."""

    def __init__(self, running_title: str, confidential: bool) -> None:
        super().__init__(orientation="portrait", format="A4", unit="mm")
        self.running_title = running_title
        self.confidential = confidential

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FONT, size=7)
            self.set_text_color(*GREY)
            self.cell(0, 4, self.running_title, new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0)
            self.ln(3)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "B" if self.confidential else "", 7)
        if self.confidential:
            self.cell(0, 5, CONFIDENTIAL, align="L")
            self.set_x(self.l_margin)
        self.set_font(FONT, size=7)
        self.cell(0, 5, f"Seite {self.page_no()} von {{nb}}", align="R")


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """*text* cut with "…" to *width* (a chart's label column)."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _figure(value: Number | None, measure: str) -> str:
    return HIDDEN if value is None else de_number(value, DECIMALS.get(measure, 1))


def _cover(pdf: _Book, book: dict[str, Any], created: dt.date) -> None:
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 9, str(book.get("title") or TITLE), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 15)
    pdf.cell(0, 9, month_label(str(book["month"])), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "", 10)
    lines = [f"Fassung: {mode_label(str(book.get('mode', 'intern')))}"]
    if book.get("scope_label"):
        lines.append(f"Bereich: {book['scope_label']}")
    lines.append(f"Erstellt am {created:%d.%m.%Y}")
    for line in lines:
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    if pdf.confidential:
        pdf.ln(2)
        pdf.set_font(FONT, "B", 11)
        pdf.set_text_color(160, 0, 0)
        pdf.cell(0, 7, CONFIDENTIAL, border=1, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
    tables = book.get("tables") or []
    if tables:
        pdf.ln(4)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(0, 6, "Inhalt", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 9)
        for n, table in enumerate(tables, start=1):
            pdf.multi_cell(0, 4.5, f"{n}. {table['title']}", new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.ln(4)
        pdf.multi_cell(0, 5, "Keine Tabellen.", new_x="LMARGIN", new_y="NEXT")


def _bars(pdf: FPDF, grid: Grid) -> None:
    """One bar per row item for its total (a one-column table: its figure), scaled to the
    largest; the figure beside the bar, "•" and no bar where it is hidden."""
    label_w, figure_w, h = 55.0, 20.0, 5.0
    area = pdf.epw - label_w - figure_w
    values = [values[-1] for _, values in grid.lines]
    peak = max((v for v in values if v is not None and v > 0), default=0)
    pdf.set_font(FONT, "", 8)
    for (label, _), value in zip(grid.lines, values):
        if pdf.will_page_break(h):
            pdf.add_page()
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_xy(x, y)
        pdf.cell(label_w - 2, h, _fit(pdf, label, label_w - 3), align="R")
        width = area * value / peak if value is not None and value > 0 and peak else 0
        if width:
            with pdf.local_context(fill_color=BAR):  # the table after it stays unfilled
                pdf.rect(x + label_w, y + 0.8, width, h - 1.6, style="F")
        pdf.set_xy(x + label_w + width + 1, y)
        pdf.cell(figure_w, h, _figure(value, grid.measure))
        pdf.set_xy(x, y + h)
    pdf.ln(3)


def _column_width(pdf: FPDF, header: str) -> float:
    """A figure column as wide as its header in bold, 16 to 40 mm (a longer header wraps
    between words, so never narrower than its longest word)."""
    pdf.set_font(FONT, "B", 8)
    longest = max((pdf.get_string_width(word) for word in header.split()), default=0)
    return max(min(max(pdf.get_string_width(header), 12.0), 36.0), longest) + 4


def _table(pdf: FPDF, grid: Grid) -> None:
    """The table in parts of at most MAX_COLUMNS figure columns, each with the rows' labels;
    fpdf2 repeats a part's header row on every page it runs onto."""
    count = len(grid.headers)
    for start in range(0, max(count, 1), MAX_COLUMNS):
        part = range(start, min(start + MAX_COLUMNS, count))
        label_w = 70.0 if len(part) <= 3 else 50.0
        widths = [_column_width(pdf, grid.headers[j]) for j in part]
        squeeze = min(1.0, (pdf.epw - label_w) / max(sum(widths), 1))
        widths = [w * squeeze for w in widths]
        pdf.set_font(FONT, "", 8)
        with pdf.table(
            width=min(label_w + sum(widths), pdf.epw),
            col_widths=(label_w, *widths),
            align="LEFT",
            text_align=("LEFT", *("RIGHT" for _ in part)),
            v_align="TOP",
            line_height=4,
            padding=1,
            headings_style=BOLD,
        ) as table:
            table.row([grid.row_title, *(grid.headers[j] for j in part)])
            for label, values in grid.lines:
                table.row([label, *(_figure(values[j], grid.measure) for j in part)])
            table.row([TOTAL, *(_figure(grid.totals[j], grid.measure) for j in part)], style=BOLD)
        pdf.ln(2)


def _section(pdf: FPDF, n: int, table: dict[str, Any]) -> None:
    grid = table_grid(table)
    if pdf.will_page_break(60):  # a heading not alone at the foot of a page
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 6.5, f"{n}. {grid.title}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(*GREY)
    line = f"Zeitraum: {period(table['from'], table['to'])} · nach {grid.row_title}"
    if table.get("source", "server") != "server":
        line += f" · {OFFLINE}"
    pdf.multi_cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.ln(2)
    if grid.lines:
        _bars(pdf, grid)
    else:
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(0, 5, "Keine Werte in diesem Zeitraum.", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    _table(pdf, grid)
    pdf.set_font(FONT, "", 7.5)
    for note in table.get("notes") or []:
        pdf.multi_cell(0, 3.8, str(note), new_x="LMARGIN", new_y="NEXT")


def _needs_shaping(book: dict[str, Any]) -> bool:
    """Whether a text of the book is in a script that needs HarfBuzz (Hebrew and Arabic to
    Khmer and Mongolian, Arabic presentation forms). Catalog labels are German, and shaping
    every cell costs about twice the time of the whole PDF, so it is switched on only then."""

    def texts(value: Any) -> Any:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from texts(v)
        elif isinstance(value, list):
            for v in value:
                yield from texts(v)

    return any(_COMPLEX_SCRIPT.search(text) for text in texts(book))


def _created(book: dict[str, Any]) -> dt.date:
    stamp = book.get("generated_at")
    return dt.datetime.fromisoformat(str(stamp)).date() if stamp else dt.date.today()


def monthly_pdf(book: dict[str, Any]) -> bytes:
    """The monthly report ``book`` (``{"month": "2026-11", "mode": "publication"|"intern",
    "title", "scope_label", "tables": [report tables]}``, optionally ``generated_at`` as the
    day of creation, else today) as a PDF: the cover block (title, month, mode, scope, day of
    creation and, in intern mode, "Vertraulich – nur für den Dienstgebrauch", also under every
    page), a contents list, then each table with its bar chart, the table and its notes."""
    title = str(book.get("title") or TITLE)
    month = month_label(str(book["month"]))
    pdf = _Book(f"{title} – {month}", confidential=book.get("mode") != "publication")
    prepare(pdf, f"{title} – {month}", (18, 15, 18))
    if not _needs_shaping(book):
        pdf.set_text_shaping(False)
    pdf.add_page()
    _cover(pdf, book, _created(book))
    for n, table in enumerate(book.get("tables") or [], start=1):
        _section(pdf, n, table)
    return bytes(pdf.output())
