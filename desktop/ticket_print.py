"""The printed walk-in ticket (Wartemarke): an A6 PDF with the number, the unit and its room,
and one line in German and in the language the client needs.

Qt-free (fpdf2, like the server's access export), so it is written on a worker of the
operation layer. The sentence in the client's language is data
(``resources/queue/ticket_texts.json``); a language without a sentence -- or one the shipped
font cannot show -- gets German and English. Right-to-left lines (the language catalog's
``rtl``) are shaped with HarfBuzz (``uharfbuzz``) and set flush right. No name is printed: the
ticket is called out by its number, and a lost ticket tells nobody who waits.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

from casefile import catalogs
from resources import path as resource_path

log = logging.getLogger(__name__)

TEXTS = resource_path("queue", "ticket_texts.json")
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
PAGE_MM = (105, 148)  # A6, portrait


@dataclass(frozen=True)
class Slip:
    """What the ticket shows (labels already in German: the agency's language)."""

    number: str
    unit: str  # the unit's label
    room: str
    location: str  # the location's label
    arrived_at: dt.datetime
    language: str = ""  # catalog code of the language the client needs ("" unknown)


@lru_cache(maxsize=1)
def _texts() -> dict[str, str]:
    return dict(json.loads(TEXTS.read_text(encoding="utf-8"))["wait"])


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # (fpdf2 needs it)

    with TTFont(str(resource_path("fonts", FONT_FILES[""]))) as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> bool:
    """Whether the shipped font has a letter for every character of *text*."""
    covered = _covered()
    return all(ord(ch) in covered or ch.isspace() for ch in text)


def wait_lines(language: str) -> list[tuple[str, str]]:
    """The waiting sentence as (language code, text): German first, then the client's
    language, else English."""
    texts = _texts()
    lines = [("de", texts["de"])]
    own = texts.get(language) if language not in ("", "de") else None
    if own and not printable(own):
        log.info("ticket line for %s not printable with %s: English instead", language, FONT)
        own = None
    if own:
        lines.append((language, own))
    elif language != "de":
        lines.append(("en", texts["en"]))
    return lines


def languages() -> list[str]:
    """The languages with a printable sentence of their own."""
    return [code for code, text in _texts().items() if printable(text)]


def _rtl(language: str) -> bool:
    entry = catalogs.load("language").get(language)
    return entry is not None and bool(entry.extra.get("rtl"))


def write_pdf(slip: Slip, path: Path | str) -> Path:
    """Write the ticket *slip* as an A6 PDF to *path* (its folder is made if missing)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = FPDF(format=PAGE_MM, unit="mm")
    pdf.set_margins(9, 9, 9)
    pdf.set_auto_page_break(False)
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(resource_path("fonts", name)))
    pdf.set_text_shaping(True)  # joins Arabic letters and orders right-to-left runs
    pdf.set_title(f"Wartemarke {slip.number}")
    pdf.set_creator("MiA Desk")
    pdf.set_lang("de")
    pdf.add_page()
    width = PAGE_MM[0] - 18

    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(80, 86, 96)
    pdf.multi_cell(width, 4, slip.location, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(width, 4, "Migrationsagentur · Wartemarke", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "", 9)
    pdf.cell(width, 5, "Ihre Nummer · Your number", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 46)
    pdf.cell(width, 22, slip.number, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(width, 6, slip.unit, align="C", new_x="LMARGIN", new_y="NEXT")
    if slip.room:
        pdf.set_font(FONT, "", 12)
        pdf.multi_cell(width, 6, slip.room, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "", 8)
    local = slip.arrived_at.astimezone()
    pdf.cell(
        width,
        4,
        local.strftime("%d.%m.%Y, %H:%M Uhr"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    y = pdf.get_y()
    pdf.set_draw_color(180, 186, 196)
    pdf.line(9, y, PAGE_MM[0] - 9, y)
    pdf.ln(3)
    for code, text in wait_lines(slip.language):
        pdf.set_font(FONT, "B" if code == "de" else "", 10)
        pdf.multi_cell(
            width, 5.2, text, align="R" if _rtl(code) else "L", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(2)
    pdf.output(str(path))
    return path


def purge(folder: Path | str, before: dt.date) -> int:
    """Remove ticket PDFs in *folder* written before the day *before* (they served their day)."""
    gone = 0
    for file in Path(folder).glob("Wartemarke_*.pdf"):
        try:
            if dt.date.fromtimestamp(file.stat().st_mtime) < before:
                file.unlink()
                gone += 1
        except OSError:
            continue
    return gone
