"""The files of reports (docs/reports.md): report tables as XLSX and CSV, the monthly report as
PDF, funders' lists as XLSX and CSV. The XLSX files are read back with the standard library
(zipfile and ElementTree over the Office Open XML parts), the PDF with pdftotext."""

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from xml.etree import ElementTree as ET

import pytest

from casefile.spreadsheet import spreadsheet_safe, spreadsheet_text
from sync_server.report_files import csv_bytes, funder_csv, funder_xlsx, monthly_pdf, xlsx

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"

NOTE = (
    "Werte von 1 bis 5 unterdrückt (•), weitere Werte, aus denen sie sich errechnen ließen, ebenso."
)


def by_unit_and_sex():
    """Consultations by unit × sex in publication mode: hidden cells and totals, umlauts, a
    unit label a spreadsheet would run as a formula."""
    return {
        "indicator": "consultations",
        "title": "Beratungskontakte",
        "measure": "count",
        "from": "2026-11-01",
        "to": "2026-11-30",
        "mode": "publication",
        "rows": {
            "dimension": "unit",
            "title": "Sachgebiet",
            "items": [
                {"code": "abh", "label": "Ausländerbehörde"},
                {"code": "jc", "label": "Jobcenter – Integration"},
                {"code": "mbe", "label": "Migrationsberatung für Erwachsene (MBE)"},
                {"code": "x", "label": '=HYPERLINK("http://evil.example";"Klick")'},
            ],
        },
        "columns": {
            "dimension": "sex",
            "title": "Geschlecht",
            "items": [
                {"code": "f", "label": "weiblich"},
                {"code": "m", "label": "männlich"},
                {"code": "d", "label": "divers"},
            ],
        },
        "cells": [[14, None, None], [None, 22, None], [31, 27, 0], [None, None, 0]],
        "row_totals": [20, 31, 58, None],
        "column_totals": [52, 56, None],
        "total": 114,
        "additive": True,
        "threshold": 5,
        "rounding": 0,
        "suppressed": 7,
        "notes": [NOTE, "Stand der Daten: 01.12.2026"],
        "scope": ["abh", "jc", "mbe", "x"],
        "source": "server",
        "generated_at": "2026-12-01T08:00:00+01:00",
    }


def waiting_by_location():
    """A one-column table of medians (numbers with decimals) in intern mode."""
    return {
        "indicator": "walk_in_wait",
        "title": "Wartezeit (Median, Min.)",
        "measure": "median",
        "from": "2026-11-01",
        "to": "2026-11-30",
        "mode": "intern",
        "rows": {
            "dimension": "location",
            "title": "Standort",
            "items": [
                {"code": "lra", "label": "Landratsamt Merseburg"},
                {"code": "wsf", "label": "Weißenfels, Außenstelle"},
                {"code": "+sb", "label": "+Sprechstunde Bad Dürrenberg"},
            ],
        },
        "columns": None,
        "cells": [[12.5], [8], [None]],
        "row_totals": [12.5, 8, None],
        "column_totals": [11],
        "total": 11,
        "additive": False,
        "notes": ["Median der Wartezeiten in Minuten."],
        "source": "server",
    }


def empty_table():
    return {
        "indicator": "referrals",
        "title": "Verweise",
        "measure": "count",
        "from": "2026-11-01",
        "to": "2026-11-30",
        "mode": "intern",
        "rows": {"dimension": "topic", "title": "Thema", "items": []},
        "columns": {
            "dimension": "outcome",
            "title": "Ergebnis",
            "items": [{"code": "attended", "label": "wahrgenommen"}],
        },
        "cells": [],
        "row_totals": [],
        "column_totals": [0],
        "total": 0,
        "additive": True,
        "notes": [],
        "source": "server",
    }


def nationalities(n):
    """Persons by nationality (one column, *n* rows), intern."""
    return {
        "indicator": "persons",
        "title": "Beratene Personen",
        "measure": "distinct",
        "from": "2026-11-01",
        "to": "2026-11-30",
        "mode": "intern",
        "rows": {
            "dimension": "nationality",
            "title": "Staatsangehörigkeit",
            "items": [{"code": f"n{i}", "label": f"Staat Nr. {i}"} for i in range(n)],
        },
        "columns": None,
        "cells": [[i % 37 + 1] for i in range(n)],
        "row_totals": [i % 37 + 1 for i in range(n)],
        "column_totals": [sum(i % 37 + 1 for i in range(n))],
        "total": sum(i % 37 + 1 for i in range(n)),
        "additive": False,
        "notes": ["Personen mit mehreren Beratungen zählen einmal."],
        "source": "server",
    }


# --- reading an XLSX with the standard library ---


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class Book:
    """The sheets of an XLSX: each sheet's cells as {(row, col): (type, value, style)}."""

    def __init__(self, data):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        names = self.zip.namelist()
        self.strings = []
        if "xl/sharedStrings.xml" in names:
            for si in ET.fromstring(self.zip.read("xl/sharedStrings.xml")).iter(f"{M}si"):
                self.strings.append("".join(t.text or "" for t in si.iter(f"{M}t")))
        rels = {
            r.get("Id"): r.get("Target")
            for r in ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        }
        workbook = ET.fromstring(self.zip.read("xl/workbook.xml"))
        self.sheet_files = {
            s.get("name"): "xl/" + rels[s.get(f"{R}id")].lstrip("/").removeprefix("xl/")
            for s in workbook.iter(f"{M}sheet")
        }
        self.styles = ET.fromstring(self.zip.read("xl/styles.xml"))

    @property
    def sheet_names(self):
        return list(self.sheet_files)

    def xml(self, sheet):
        return ET.fromstring(self.zip.read(self.sheet_files[sheet]))

    def cells(self, sheet):
        out = {}
        for c in self.xml(sheet).iter(f"{M}c"):
            letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", c.get("r")).groups()
            kind = c.get("t", "n")
            v = c.find(f"{M}v")
            if kind == "s":
                value = self.strings[int(v.text)]
            elif kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(f"{M}t"))
            elif v is None:
                continue  # a styled blank
            else:
                value = float(v.text)
            out[int(digits) - 1, col_index(letters)] = (kind, value, int(c.get("s", 0)))
        return out

    def rows(self, sheet):
        """The sheet as lists of values, row by row (None for an empty cell)."""
        cells = self.cells(sheet)
        height = max(r for r, _ in cells) + 1
        width = max(c for _, c in cells) + 1
        return [[cells.get((r, c), (None, None))[1] for c in range(width)] for r in range(height)]

    def number_format(self, style):
        xf = list(self.styles.find(f"{M}cellXfs"))[style]
        fmt_id = int(xf.get("numFmtId"))
        custom = {
            int(f.get("numFmtId")): f.get("formatCode") for f in self.styles.iter(f"{M}numFmt")
        }
        return custom.get(fmt_id, fmt_id)

    def charts_of(self, sheet):
        """The chart parts drawn on *sheet* (sheet -> drawing -> charts)."""
        path = self.sheet_files[sheet]
        rels_path = path.replace("worksheets/", "worksheets/_rels/") + ".rels"
        if rels_path not in self.zip.namelist():
            return []
        drawings = [
            r.get("Target")
            for r in ET.fromstring(self.zip.read(rels_path))
            if r.get("Type").endswith("/drawing")
        ]
        charts = []
        for drawing in drawings:
            name = drawing.rsplit("/", 1)[1]
            for r in ET.fromstring(self.zip.read(f"xl/drawings/_rels/{name}.rels")):
                charts.append("xl/charts/" + r.get("Target").rsplit("/", 1)[1])
        return charts


def quote(sheet):
    return f"'{sheet}'" if re.search(r"[^A-Za-z0-9_.]", sheet) else sheet


def header_row(rows, first):
    return next(i for i, row in enumerate(rows) if row[0] == first)


# --- XLSX of report tables ---


def test_a_two_dimensional_table_in_publication_mode_as_xlsx():
    data = xlsx([by_unit_and_sex()], title="Auswertung", subtitle="Landkreis Saalekreis")
    book = Book(data)
    assert book.sheet_names == ["Beratungskontakte"]
    rows = book.rows("Beratungskontakte")
    assert rows[0][0] == "Beratungskontakte"
    flat = [v for row in rows for v in row if v is not None]
    assert "Auswertung – Landkreis Saalekreis" in flat
    assert "01.11.2026 – 30.11.2026" in flat and "zur Veröffentlichung" in flat
    assert not any("Vertraulich" in str(v) for v in flat)
    h = header_row(rows, "Sachgebiet")
    assert rows[h][:5] == ["Sachgebiet", "weiblich", "männlich", "divers", "Gesamt"]
    assert rows[h + 1][:5] == ["Ausländerbehörde", 14, "•", "•", 20]
    assert rows[h + 2][:5] == ["Jobcenter – Integration", "•", 22, "•", 31]
    assert rows[h + 3][:5] == ["Migrationsberatung für Erwachsene (MBE)", 31, 27, 0, 58]
    assert rows[h + 4][1:5] == ["•", "•", 0, "•"]
    assert rows[h + 5][:5] == ["Gesamt", 52, 56, "•", 114]
    notes_at = [i for i, row in enumerate(rows) if row[0] == NOTE]
    assert (
        notes_at
        and notes_at[0] > h + 5
        and rows[notes_at[0] + 1][0] == "Stand der Daten: 01.12.2026"
    )
    # figures are numbers (no type attribute), shown with a thousands format; "•" is text
    cells = book.cells("Beratungskontakte")
    kind, value, style = cells[h + 1, 1]
    assert (kind, value) == ("n", 14) and book.number_format(style) == "#,##0"
    assert cells[h + 1, 2][0] in ("s", "inlineStr")
    assert cells[h + 5, 4][:2] == ("n", 114)


def test_a_label_that_would_be_a_formula_is_stored_as_text():
    book = Book(xlsx([by_unit_and_sex(), waiting_by_location()], title="A", subtitle=""))
    evil = '=HYPERLINK("http://evil.example";"Klick")'
    for sheet in book.sheet_names:
        assert book.xml(sheet).find(f".//{M}f") is None  # no formula anywhere
    labels = [row[0] for row in book.rows("Beratungskontakte")]
    assert spreadsheet_safe(evil) in labels and evil not in labels
    assert spreadsheet_text(spreadsheet_safe(evil)) == evil
    labels = [row[0] for row in book.rows("Wartezeit (Median, Min.)")]
    assert "'+Sprechstunde Bad Dürrenberg" in labels


def test_a_title_that_would_be_a_formula_is_text_in_the_sheet_and_the_chart():
    table = waiting_by_location()
    table["title"] = "=Tabelle1!A1"
    book = Book(xlsx([table], title="A", subtitle=""))
    (sheet,) = book.sheet_names
    assert book.rows(sheet)[0][0] == "'=Tabelle1!A1"
    (chart,) = book.charts_of(sheet)
    title = ET.fromstring(book.zip.read(chart)).find(f"{C}chart/{C}title")
    # the chart's title is the sheet's title cell, whatever its text looks like
    assert title.find(f".//{C}strRef/{C}f").text == f"{quote(sheet)}!$A$1"


def test_the_chart_shows_the_cells_of_the_sheet():
    book = Book(xlsx([by_unit_and_sex()], title="A", subtitle="B"))
    rows = book.rows("Beratungskontakte")
    h = header_row(rows, "Sachgebiet")
    (chart,) = book.charts_of("Beratungskontakte")
    root = ET.fromstring(book.zip.read(chart))
    assert root.find(f".//{C}barChart/{C}barDir").get("val") == "bar"
    assert root.find(f".//{C}grouping").get("val") == "stacked"  # counts add up to the row
    series = root.findall(f".//{C}ser")
    assert len(series) == 3  # one per column item, not the total
    first, last = h + 2, h + 5  # 1-based rows of the four row items
    for j, ser in enumerate(series):
        col = "BCD"[j]
        assert ser.find(f"{C}cat//{C}f").text == f"Beratungskontakte!$A${first}:$A${last}"
        assert ser.find(f"{C}val//{C}f").text == f"Beratungskontakte!${col}${first}:${col}${last}"
        assert ser.find(f"{C}tx//{C}f").text == f"Beratungskontakte!${col}${h + 1}"


def test_a_one_column_table_has_its_title_over_the_figures_and_one_series():
    book = Book(xlsx([waiting_by_location()], title="Wartezeiten", subtitle="November 2026"))
    (sheet,) = book.sheet_names
    rows = book.rows(sheet)
    flat = [v for row in rows for v in row]
    assert "intern" in flat and "Vertraulich – nur für den Dienstgebrauch" in flat
    h = header_row(rows, "Standort")
    assert rows[h][:2] == ["Standort", "Wartezeit (Median, Min.)"]
    assert "Gesamt" not in rows[h]  # it would only repeat the figures
    assert [r[:2] for r in rows[h + 1 : h + 5]] == [
        ["Landratsamt Merseburg", 12.5],
        ["Weißenfels, Außenstelle", 8],
        ["'+Sprechstunde Bad Dürrenberg", "•"],
        ["Gesamt", 11],
    ]
    assert rows[h + 6][0] == "Median der Wartezeiten in Minuten."
    (chart,) = book.charts_of(sheet)
    root = ET.fromstring(book.zip.read(chart))
    (ser,) = root.findall(f".//{C}ser")
    assert ser.find(f"{C}val//{C}f").text == f"'{sheet}'!$B${h + 2}:$B${h + 4}"
    assert root.find(f".//{C}grouping").get("val") == "clustered"


def test_an_empty_table_has_its_header_and_total_and_no_chart():
    book = Book(xlsx([empty_table(), by_unit_and_sex()], title="A", subtitle="B"))
    rows = book.rows("Verweise")
    h = header_row(rows, "Thema")
    assert rows[h] == ["Thema", "wahrgenommen", "Gesamt"]
    assert rows[h + 1] == ["Gesamt", 0, 0]
    assert book.charts_of("Verweise") == []
    assert len(book.charts_of("Beratungskontakte")) == 1


def test_sheet_names_are_valid_for_excel_and_unique():
    long_title = "Ungedeckte Bedarfe nach Thema, Sprache und Standort: [alle] */?\\"
    tables = []
    titles = (long_title, long_title, "Beratungskontakte", "beratungskontakte", "History", "'x'")
    for title in titles:
        t = waiting_by_location()
        t["title"] = title
        tables.append(t)
    names = Book(xlsx(tables, title="A", subtitle="")).sheet_names
    assert len(names) == 6 and len({n.casefold() for n in names}) == 6
    for name in names:
        assert 0 < len(name) <= 31 and not set(name) & set("[]:*?/\\")
        assert name.casefold() != "history" and not name.startswith("'") and not name.endswith("'")
    assert names[0].startswith("Ungedeckte Bedarfe nach Thema")


def test_a_list_of_ten_thousand_rows_is_written_whole():
    table = nationalities(10_000)
    book = Book(xlsx([table], title="Große Tabelle", subtitle=""))
    (sheet,) = book.sheet_names
    rows = book.rows(sheet)
    h = header_row(rows, "Staatsangehörigkeit")
    assert rows[h + 10_000][:2] == ["Staat Nr. 9999", 9999 % 37 + 1]
    assert rows[h + 10_001][:2] == ["Gesamt", table["total"]]


def test_no_tables_give_a_workbook_that_says_so():
    book = Book(xlsx([], title="Monatsbericht", subtitle="November 2026"))
    assert book.rows(book.sheet_names[0])[1][0] == "Keine Tabellen."


# --- CSV of a report table ---


def read_csv(data):
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the umlauts only with the BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_a_table_as_csv_for_a_german_spreadsheet():
    data = csv_bytes(by_unit_and_sex())
    assert b"\r\n" in data
    lines = read_csv(data)
    assert lines[:3] == [
        ["# Beratungskontakte"],
        ["# Zeitraum: 01.11.2026 – 30.11.2026"],
        ["# Fassung: zur Veröffentlichung"],
    ]
    assert lines[3] == ["Sachgebiet", "weiblich", "männlich", "divers", "Gesamt"]
    assert lines[4] == ["Ausländerbehörde", "14", "•", "•", "20"]
    assert lines[7][0] == spreadsheet_safe('=HYPERLINK("http://evil.example";"Klick")')
    assert lines[7][0].startswith("'=")
    assert lines[8] == ["Gesamt", "52", "56", "•", "114"]
    assert lines[9] == [] and lines[10:] == [[f"# {NOTE}"], ["# Stand der Daten: 01.12.2026"]]


def test_decimals_in_csv_have_a_comma_and_a_one_column_table_one_column():
    lines = read_csv(csv_bytes(waiting_by_location()))
    assert lines[2:4] == [["# Fassung: intern"], ["# Vertraulich – nur für den Dienstgebrauch"]]
    assert lines[4:8] == [
        ["Standort", "Wartezeit (Median, Min.)"],
        ["Landratsamt Merseburg", "12,5"],
        ["Weißenfels, Außenstelle", "8"],
        ["'+Sprechstunde Bad Dürrenberg", "•"],
    ]
    assert lines[8] == ["Gesamt", "11"]


def test_an_offline_table_says_so_and_an_empty_one_has_its_header_and_total():
    table = empty_table()
    table["source"] = "device"
    lines = read_csv(csv_bytes(table))
    assert ["# Nur dieses Gerät (offline)"] in lines
    assert lines[-2:] == [["Thema", "wahrgenommen", "Gesamt"], ["Gesamt", "0", "0"]]


# --- the monthly report as PDF ---

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by .ci/run"
)


def pdf_pages(data, tmp_path, *options):
    path = tmp_path / "bericht.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")[:-1]


def monthly(mode, tables):
    return {
        "month": "2026-11",
        "mode": mode,
        "title": "Monatsbericht der Migrationsagentur",
        "scope_label": "alle Sachgebiete",
        "tables": tables,
        "generated_at": "2026-12-02T07:30:00+01:00",
    }


@needs_pdftotext
def test_the_monthly_report_in_publication_mode(tmp_path):
    data = monthly_pdf(monthly("publication", [by_unit_and_sex(), empty_table()]))
    assert data.startswith(b"%PDF")
    pages = pdf_pages(data, tmp_path)
    text = "\n".join(pages)
    assert "Monatsbericht der Migrationsagentur" in text
    assert "November 2026" in text and "zur Veröffentlichung" in text
    assert "Erstellt am 02.12.2026" in text and "alle Sachgebiete" in text
    assert "Vertraulich" not in text
    assert "Ausländerbehörde" in text and "männlich" in text and "•" in text
    assert "Werte von 1 bis 5 unterdrückt" in text and "Stand der Daten: 01.12.2026" in text
    assert "Keine Werte in diesem Zeitraum." in text  # the empty table
    for n, page in enumerate(pages, start=1):
        assert f"Seite {n} von {len(pages)}" in page


@needs_pdftotext
def test_the_intern_monthly_report_is_marked_confidential_on_every_page(tmp_path):
    pages = pdf_pages(
        monthly_pdf(monthly("intern", [waiting_by_location(), nationalities(80)])), tmp_path
    )
    assert len(pages) > 1
    for page in pages:
        assert "Vertraulich – nur für den Dienstgebrauch" in page
    text = "\n".join(pages)
    assert "12,5" in text and "Weißenfels, Außenstelle" in text and "Seite 1 von" in text


@needs_pdftotext
def test_a_long_table_runs_over_pages_with_its_header_repeated(tmp_path):
    data = monthly_pdf(monthly("intern", [nationalities(120)]))
    pages = pdf_pages(data, tmp_path, "-layout")
    # the table's header row: the rows' dimension and, beside it, the column's title
    heads = [
        i for i, p in enumerate(pages) if re.search(r"^Staatsangehörigkeit +Beratene", p, re.M)
    ]
    assert len(heads) >= 2 and heads == list(range(heads[0], len(pages)))
    assert re.search(rf"^Staat Nr\. 119 +{119 % 37 + 1}$", pages[-1], re.M)  # the last row
    total = nationalities(120)["total"]
    assert re.search(rf"^Gesamt +{total // 1000}\.{total % 1000:03d}$", pages[-1], re.M)
    assert "Personen mit mehreren Beratungen zählen einmal." in pages[-1]
    assert f"Seite {len(pages)} von {len(pages)}" in pages[-1]


@needs_pdftotext
def test_a_label_in_arabic_script_is_shaped_and_readable(tmp_path):
    table = waiting_by_location()
    table["rows"]["items"][1]["label"] = "العربية"  # a language named in its own script
    pages = pdf_pages(monthly_pdf(monthly("publication", [table])), tmp_path)
    text = unicodedata.normalize("NFKC", "\n".join(pages))  # NFKC: Arabic presentation forms
    assert "العربية" in text and "Landratsamt Merseburg" in text
    assert f"Seite 1 von {len(pages)}" in text


# --- funder lists ---


def funder_list():
    return {
        "title": "Teilnehmendenliste",
        "project_label": "Ankommen im Saalekreis (AMIF)",
        "funder_label": "Europäischer Asyl-, Migrations- und Integrationsfonds",
        "from": "2026-01-01",
        "to": "2026-06-30",
        "columns": [
            {"key": "number", "header": "Lfd. Nr."},
            {"key": "family_name", "header": "Nachname"},
            {"key": "birth_date", "header": "Geburtsdatum"},
            {"key": "from", "header": "Eintritt"},
            {"key": "hours", "header": "Stunden"},
        ],
        "rows": [
            [1, "Müller-Özdemir", "1991-03-07", "2026-01-12", 12.5],
            [2, "=cmd|' /C calc'!A0", "2003-11-30", dt.date(2026, 2, 2), 4],
            [3, "Nguyễn", None, "2026-02-30", 0],
        ],
        "notes": ["Ohne Personen, die nicht eingewilligt haben."],
    }


def test_a_funder_list_as_xlsx():
    book = Book(funder_xlsx(funder_list()))
    (sheet,) = book.sheet_names
    rows = book.rows(sheet)
    flat = [v for row in rows for v in row if v is not None]
    assert rows[0][0] == "Teilnehmendenliste"
    assert "Ankommen im Saalekreis (AMIF)" in flat
    assert "Europäischer Asyl-, Migrations- und Integrationsfonds" in flat
    assert "01.01.2026 – 30.06.2026" in flat
    h = header_row(rows, "Lfd. Nr.")
    assert rows[h] == ["Lfd. Nr.", "Nachname", "Geburtsdatum", "Eintritt", "Stunden"]
    cells = book.cells(sheet)
    excel_day = lambda d: (d - dt.date(1899, 12, 30)).days  # noqa: E731
    kind, value, style = cells[h + 1, 2]
    assert (kind, value) == ("n", excel_day(dt.date(1991, 3, 7)))
    assert book.number_format(style) == "DD.MM.YYYY"
    assert cells[h + 2, 3][1] == excel_day(dt.date(2026, 2, 2))
    assert cells[h + 1, 4][:2] == ("n", 12.5) and cells[h + 1, 0][:2] == ("n", 1)
    assert rows[h + 1][1] == "Müller-Özdemir"
    assert rows[h + 2][1] == "'=cmd|' /C calc'!A0"  # text, never run
    assert book.xml(sheet).find(f".//{M}f") is None
    assert rows[h + 3][2] is None and rows[h + 3][3] == "2026-02-30"  # no such day: text
    assert rows[h + 5][0] == "Ohne Personen, die nicht eingewilligt haben."


def test_a_funder_list_as_csv():
    lines = read_csv(funder_csv(funder_list()))
    assert lines[:4] == [
        ["# Teilnehmendenliste"],
        ["# Projekt: Ankommen im Saalekreis (AMIF)"],
        ["# Zuwendungsgeber: Europäischer Asyl-, Migrations- und Integrationsfonds"],
        ["# Zeitraum: 01.01.2026 – 30.06.2026"],
    ]
    assert lines[4] == ["Lfd. Nr.", "Nachname", "Geburtsdatum", "Eintritt", "Stunden"]
    assert lines[5] == ["1", "Müller-Özdemir", "07.03.1991", "12.01.2026", "12,5"]
    assert lines[6] == ["2", "'=cmd|' /C calc'!A0", "30.11.2003", "02.02.2026", "4"]
    assert lines[7] == ["3", "Nguyễn", "", "2026-02-30", "0"]
    assert lines[-1] == ["# Ohne Personen, die nicht eingewilligt haben."]
