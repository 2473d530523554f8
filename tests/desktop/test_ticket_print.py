"""The printed walk-in ticket (desktop/ticket_print.py): A6, number, unit and room, the
waiting line in German and the client's language (shaped right-to-left where it is written
so), German and English where there is no line, and never a name. Printed with Qt (the laptop
bundle has no fpdf2), also on a worker thread of the operation layer."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest

from casefile import catalogs
from desktop import ticket_print

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by .ci/run"
)
BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))
ROOT = Path(__file__).resolve().parents[2]
WANTED = ("en", "fr", "ar", "fa", "ru", "uk", "tr", "ps", "ti", "so")


def slip(language: str) -> ticket_print.Slip:
    return ticket_print.Slip(
        number="A-017",
        unit="Asylbewerberleistung",
        room="Raum 1.11, 1. OG",
        location="Landratsamt Naumburg (Hauptsitz)",
        arrived_at=dt.datetime(2026, 12, 4, 8, 41, tzinfo=dt.UTC),
        language=language,
    )


@pytest.fixture(autouse=True)
def gui(qapp):
    """Qt prints the ticket and checks the font's letters: a QGuiApplication must exist."""
    return qapp


def text_of(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFKC", out.stdout).translate(BIDI)


def test_the_texts_cover_the_languages_of_the_issue_and_are_catalog_languages():
    texts = json.loads(ticket_print.TEXTS.read_text(encoding="utf-8"))["wait"]
    assert set(WANTED) <= set(texts)
    assert set(texts) <= catalogs.load("language").codes
    assert texts["de"] == "Bitte warten Sie, bis Ihre Nummer aufgerufen wird."


def test_every_line_but_those_the_font_lacks_is_printable():
    # DejaVu Sans has no Ethiopic letters: Tigrinya falls back to German and English until a
    # font with them is shipped. Every other line prints as written.
    assert set(ticket_print.languages()) == set(
        json.loads(ticket_print.TEXTS.read_text(encoding="utf-8"))["wait"]
    ) - {"ti"}
    assert [code for code, _ in ticket_print.wait_lines("ti")] == ["de", "en"]


@pytest.mark.parametrize(
    "language, lines",
    [
        ("ar", ["de", "ar"]),
        ("uk", ["de", "uk"]),
        ("de", ["de"]),
        ("en", ["de", "en"]),
        ("", ["de", "en"]),
        ("ku", ["de", "en"]),  # no line of its own
    ],
)
def test_german_and_the_clients_language_else_english(language, lines):
    assert [code for code, _ in ticket_print.wait_lines(language)] == lines


@needs_poppler
@pytest.mark.parametrize(
    "language, words",
    [
        ("ar", ["يرجى", "حتى يتم النداء على رقمك"]),  # (no lam-alef: a ligature)
        ("fa", ["منتظر بمانید", "شما خوانده شود"]),  # (no marks: split off)
        ("ps", ["مهرباني", "شمېره"]),
        ("uk", ["Будь ласка"]),
        ("tr", ["numaranız çağrılana"]),
        ("ti", ["Please wait until your number is called."]),
    ],
)
def test_the_a6_page_holds_number_unit_room_and_both_lines(tmp_path, language, words):
    pdf = ticket_print.write_pdf(slip(language), tmp_path / "t.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout).groups())
    assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == (105, 148)  # A6
    text = text_of(pdf)
    for expected in ["A-017", "Asylbewerberleistung", "Raum 1.11, 1. OG", "Bitte warten Sie"]:
        assert expected in text
    flat = " ".join(text.split())
    for word in words:
        assert word in flat, (word, flat)


@needs_poppler
def test_german_alone_for_a_german_speaker_and_english_for_an_unknown_language(tmp_path):
    german = text_of(ticket_print.write_pdf(slip("de"), tmp_path / "de.pdf"))
    unknown = text_of(ticket_print.write_pdf(slip(""), tmp_path / "unknown.pdf"))
    assert "Bitte warten Sie" in german and "Please wait" not in " ".join(german.split())
    assert "Please wait until your number is called." in " ".join(unknown.split())


@needs_poppler
def test_the_arabic_line_is_set_right_to_left(tmp_path):
    # The Arabic line ends at the right margin: its last letters lie further right than the
    # German line's first ones begin (pdftotext -bbox gives each word's box).
    pdf = ticket_print.write_pdf(slip("ar"), tmp_path / "ar.pdf")
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = [
        (float(m["x0"]), float(m["x1"]), unicodedata.normalize("NFKC", m["word"]))
        for m in re.finditer(
            r'xMin="(?P<x0>[\d.]+)" yMin="[\d.]+" xMax="(?P<x1>[\d.]+)" yMax="[\d.]+">(?P<word>[^<]*)<',
            out,
        )
    ]
    arabic = [b for b in boxes if any("\u0600" <= ch <= "\u06ff" for ch in b[2])]
    german = [b for b in boxes if b[2] == "Bitte"]
    page_width = 105 / 25.4 * 72
    assert arabic and german
    assert max(x1 for _x0, x1, _w in arabic) > page_width - 12 / 25.4 * 72  # at the right
    assert min(x0 for x0, _x1, _w in arabic) > german[0][0] + 10  # and not at the left


@needs_poppler
def test_written_on_workers_of_the_operation_layer_as_on_the_ui_thread(qtbot, tmp_path):
    # The reception writes the ticket on a read worker (desktop.ui.reception_ticket); two
    # at once, as the pool has two threads, and each the same as one written here.
    from desktop.ui.events import ChangeBus
    from desktop.ui.ops import Ops

    ops = Ops(ChangeBus())
    threads, done, failed = set(), [], []

    def write(language, path):
        threads.add(threading.current_thread().name)
        return ticket_print.write_pdf(slip(language), path)

    for language in ("ar", "fa", "uk", "ti"):
        ops.read(
            write,
            language,
            tmp_path / f"worker-{language}.pdf",
            on_done=done.append,
            on_error=failed.append,
        )
    qtbot.waitUntil(lambda: len(done) + len(failed) == 4, timeout=20_000)
    assert failed == [] and threading.current_thread().name not in threads
    for language in ("ar", "fa", "uk", "ti"):
        here = ticket_print.write_pdf(slip(language), tmp_path / f"ui-{language}.pdf")
        assert text_of(tmp_path / f"worker-{language}.pdf") == text_of(here)


def test_old_ticket_files_are_removed(tmp_path):
    import os

    old = ticket_print.write_pdf(slip("en"), tmp_path / "Wartemarke_2026-12-03_A-001.pdf")
    new = ticket_print.write_pdf(slip("en"), tmp_path / "Wartemarke_2026-12-04_A-001.pdf")
    yesterday = dt.datetime(2026, 12, 3, 12).timestamp()
    os.utime(old, (yesterday, yesterday))
    assert ticket_print.purge(tmp_path, dt.date(2026, 12, 4)) == 1
    assert not old.exists() and new.exists()


PRINTING = ("desktop.ticket_print", "desktop.referral_slip", "desktop.allowance_print")
LEFT_OUT = ("fpdf", "fontTools", "uharfbuzz")  # installer/mia-desk.spec excludes them


def test_the_desktops_printing_needs_no_fpdf2(tmp_path):
    # The laptop bundle leaves fpdf2, fontTools and uharfbuzz out: importing the modules that
    # print -- and printing a ticket and an allowance list -- must not reach for them. In a
    # fresh interpreter, as the installed app starts, with this checkout first on the path.
    script = f"""
import datetime as dt, sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
import {", ".join(PRINTING)}
from desktop import allowance_print, ticket_print
slip = ticket_print.Slip("A-017", "Asylbewerberleistung", "Raum 1.11", "Landratsamt Naumburg",
                         dt.datetime(2026, 12, 4, 8, 41, tzinfo=dt.UTC), "ar")
ticket_print.write_pdf(slip, {str(tmp_path / "t.pdf")!r})
allowance_print.write_pdf([], "2026-11", {str(tmp_path / "a.pdf")!r}, dt.date(2026, 12, 1))
print(sorted({{name.split(".")[0] for name in sys.modules}} & {set(LEFT_OUT)!r}))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


def test_no_desktop_module_imports_fpdf2():
    # The source, too: no import of fpdf, fontTools or uharfbuzz in desktop/ or casefile/
    # (casefile is shared with the server, but the desktop imports it).
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("desktop", "casefile")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.match(rf"\s*(from|import)\s+({'|'.join(LEFT_OUT)})\b", line)
    ]
    assert found == []
