"""The printed walk-in ticket (Wartemarke): an A6 PDF with the number, the unit and its room,
and one line in German and in the language the client needs.

Printed with Qt (``desktop.pdf``: ``QTextDocument`` and ``QPdfWriter``), like the referral slip:
the laptop bundle carries Qt but leaves fpdf2 out, and Qt shapes Arabic, Persian and Pashto
with its own HarfBuzz and sets right-to-left lines (the language catalog's ``rtl``) flush right.
A ``QGuiApplication`` must exist; the PDF is written on a worker of the operation layer.

The sentence in the client's language is data (``resources/queue/ticket_texts.json``); a
language without a sentence -- or one the shipped font cannot show (``desktop.pdf.printable``)
-- gets German and English. No name is printed: the ticket is called out by its number, and a
lost ticket tells nobody who waits.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from casefile import catalogs
from desktop import pdf
from resources import path as resource_path

log = logging.getLogger(__name__)

TEXTS = resource_path("queue", "ticket_texts.json")
FONT = pdf.FONT_FAMILY
PAGE = "A6"
PAGE_MM = (105, 148)  # A6, portrait
MARGIN_MM = 9
MUTED = "#505660"


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


def printable(text: str) -> bool:
    """Whether the shipped font has a letter for every character of *text*."""
    return pdf.printable(text)


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


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


def ticket_html(slip: Slip) -> str:
    """The page as rich text: where and what, the number large, unit and room, the time of
    arrival, then the waiting line in German and the client's language."""

    def centred(text: str, style: str, top: int = 0) -> str:
        return (
            f'<p align="center" style="{style}; margin-top:{top}px; margin-bottom:0px">{text}</p>'
        )

    local = slip.arrived_at.astimezone()
    parts = [
        centred(_esc(slip.location), f"font-size:8pt; color:{MUTED}"),
        centred("Migrationsagentur · Wartemarke", f"font-size:8pt; color:{MUTED}"),
        centred("Ihre Nummer · Your number", "font-size:9pt", top=10),
        centred(f"<b>{_esc(slip.number)}</b>", "font-size:46pt", top=2),
        centred(f"<b>{_esc(slip.unit)}</b>", "font-size:12pt", top=4),
    ]
    if slip.room:
        parts.append(centred(_esc(slip.room), "font-size:12pt", top=2))
    parts.append(centred(local.strftime("%d.%m.%Y, %H:%M Uhr"), "font-size:8pt", top=4))
    parts.append('<hr style="margin-top:8px; margin-bottom:4px"/>')
    for code, text in wait_lines(slip.language):
        rtl = _rtl(code)
        body = f"<b>{_esc(text)}</b>" if code == "de" else _esc(text)
        parts.append(
            f'<p dir="{"rtl" if rtl else "ltr"}" align="{"right" if rtl else "left"}" '
            f'lang="{code}" style="font-size:10pt; margin-top:8px; margin-bottom:0px">'
            f"{body}</p>"
        )
    return f"<html><body>{''.join(parts)}</body></html>"


def write_pdf(slip: Slip, path: Path | str) -> Path:
    """Write the ticket *slip* as an A6 PDF to *path* (its folder is made if missing)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return pdf.write_html_pdf(
        ticket_html(slip),
        path,
        title=f"Wartemarke {slip.number}",
        point_size=10,
        margin_mm=MARGIN_MM,
        page=PAGE,
    )


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
