"""The printed walk-in ticket (desktop/ticket_print.py): A6, number, unit and room, the
waiting line in German and the client's language (shaped right-to-left where it is written
so), German and English where there is no line, and never a name."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import unicodedata

import pytest

from casefile import catalogs
from desktop import ticket_print

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by .ci/run"
)
BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))
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


def test_old_ticket_files_are_removed(tmp_path):
    import os

    old = ticket_print.write_pdf(slip("en"), tmp_path / "Wartemarke_2026-12-03_A-001.pdf")
    new = ticket_print.write_pdf(slip("en"), tmp_path / "Wartemarke_2026-12-04_A-001.pdf")
    yesterday = dt.datetime(2026, 12, 3, 12).timestamp()
    os.utime(old, (yesterday, yesterday))
    assert ticket_print.purge(tmp_path, dt.date(2026, 12, 4)) == 1
    assert not old.exists() and new.exists()
