"""The printable directory of offers (the brochure) as a PDF.

Written with fpdf2 like the access export (:mod:`sync_server.export_pdf`): DejaVu Sans from
``resources/fonts`` for every script, Arabic and Persian shaped with HarfBuzz. The first page
holds the title, the date and the table of contents; then one chapter per topic (the catalog's
order), each offer with its provider, places and addresses, hours in words, languages,
contact, cost, what to bring and when it was verified. Entries not verified within the
directory's period are marked -- or left out (``include_stale=False``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.outline import OutlineSection

from casefile import catalogs, offer_text as words
from casefile.offers import is_stale, rules
from casefile.records import ConsultingHours, Offer, Provider
from sync_server.export_pdf import FONT, prepare

TITLE = "Angebote für Zugewanderte"
SUBTITLE = "Verzeichnis der Beratungs- und Hilfsangebote im Landkreis"
STALE = "nicht aktuell geprüft"
LABEL_W = 34


class _Brochure(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{TITLE} — Seite {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _document() -> _Brochure:
    pdf = _Brochure(format="A4", unit="mm")
    prepare(pdf, TITLE, (18, 16, 18))
    return pdf


def _toc(pdf: FPDF, outline: list[OutlineSection]) -> None:
    pdf.set_x(pdf.l_margin)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 8, "Inhalt", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "", 10)
    width = pdf.epw
    for section in outline:
        if section.level != 0:
            continue
        page = str(section.page_number)
        name = section.name
        pdf.cell(width - 15, 6.5, name, link=pdf.add_link(page=section.page_number))
        pdf.cell(15, 6.5, page, align="R", new_x="LMARGIN", new_y="NEXT")


def _field(pdf: Any, label: str, value: str) -> None:  # an FPDF or its recorder
    if not value:
        return
    pdf.set_font(FONT, "B", 8.5)
    pdf.cell(LABEL_W, 4.4, label)  # the value's box starts right of it
    pdf.set_font(FONT, "", 8.5)
    pdf.multi_cell(0, 4.4, value, new_x="LMARGIN", new_y="NEXT")


def _offer(pdf: FPDF, offer: Offer, provider: Provider | None, stale: bool) -> None:
    with pdf.unbreakable() as doc:
        doc.set_font(FONT, "B", 10.5)
        doc.multi_cell(0, 5.4, offer.name, new_x="LMARGIN", new_y="NEXT")
        if stale:
            doc.set_font(FONT, "B", 8)
            doc.set_text_color(150, 60, 0)
            when = f" (zuletzt {words.verified_text(offer)})" if offer.verified_on else ""
            doc.cell(0, 4.4, f"⚠ {STALE}{when}", new_x="LMARGIN", new_y="NEXT")
            doc.set_text_color(0, 0, 0)
        if provider is not None:
            doc.set_font(FONT, "", 8.5)
            doc.set_text_color(70, 70, 70)
            doc.multi_cell(0, 4.4, provider.name, new_x="LMARGIN", new_y="NEXT")
            doc.set_text_color(0, 0, 0)
        if offer.description:
            doc.set_font(FONT, "", 8.5)
            doc.multi_cell(0, 4.4, offer.description, new_x="LMARGIN", new_y="NEXT")
        doc.ln(0.8)
        _field(doc, "Orte", "\n".join(words.place_text(p) for p in offer.places))
        _field(doc, "Zeiten", "\n".join(words.hours_lines(offer)))
        _field(doc, "Sprachen", words.language_text(offer))
        _field(doc, "Kontakt", "\n".join(words.contact_lines(offer)))
        _field(doc, "Kosten", words.cost_text(offer))
        _field(doc, "Voraussetzungen", offer.eligibility)
        _field(doc, "Mitbringen", offer.what_to_bring)
        _field(doc, "Barrierefreiheit", offer.accessibility)
        if not stale:
            _field(doc, "Stand", words.verified_text(offer))
        langs = catalogs.load("language")
        for t in offer.translations:
            text = " ".join(x for x in (t.name, t.description, t.what_to_bring) if x)
            if text:  # right-to-left scripts flush right, shaped by HarfBuzz
                entry = langs.get(t.language)
                rtl = entry is not None and bool(entry.extra.get("rtl"))
                doc.set_font(FONT, "B", 8.5)
                doc.cell(LABEL_W, 4.4, langs.label(t.language))
                doc.set_font(FONT, "", 8.5)
                doc.multi_cell(
                    0, 4.4, text, align="R" if rtl else "L", new_x="LMARGIN", new_y="NEXT"
                )
        doc.set_draw_color(200, 200, 200)
        doc.cell(0, 2.5, "", border="B", new_x="LMARGIN", new_y="NEXT")
        doc.ln(3)


def write_brochure(
    providers: list[Provider],
    offers: list[Offer],
    path: Path | str,
    *,
    today: dt.date | None = None,
    include_stale: bool = True,
    hours: Iterable[ConsultingHours] = (),
) -> Path:
    """Write the brochure of the active *offers* to *path*; stale entries marked, or left out
    when *include_stale* is False. With *hours*, a last chapter of the consulting hours."""
    path = Path(path)
    today = today or dt.date.today()
    r = rules()
    by_id = {p.id: p for p in providers}
    shown = [o for o in offers if o.active and (include_stale or not is_stale(o, today, r))]
    groups = words.by_topic(shown)
    pdf = _document()
    pdf.add_page()
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 10, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(0, 6, SUBTITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "", 9)
    stale_note = (
        f"Einträge mit „⚠ {STALE}“ wurden länger als {r.stale_after_days} Tage nicht beim "
        "Träger überprüft: bitte vorher anrufen."
        if include_stale
        else f"Einträge, die länger als {r.stale_after_days} Tage nicht überprüft wurden, "
        "sind nicht aufgeführt."
    )
    pdf.multi_cell(
        0,
        4.6,
        f"Stand: {today:%d.%m.%Y} · {len(shown)} Angebote in {len(groups)} Themen. "
        "Die Angebote sind kostenlos, wenn nichts anderes angegeben ist. " + stale_note,
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.insert_toc_placeholder(_toc, pages=1, reset_page_indices=False)
    for n, (_code, label, group) in enumerate(groups):
        if n:
            pdf.add_page()
        pdf.set_font(FONT, "B", 15)
        pdf.start_section(f"{label} ({len(group)})")
        pdf.cell(0, 9, label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(30, 90, 150)
        pdf.set_line_width(0.6)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
        pdf.set_line_width(0.2)
        pdf.ln(3)
        for offer in group:
            _offer(pdf, offer, by_id.get(offer.provider_id), is_stale(offer, today, r))
    _hours_chapter(pdf, hours, today)
    pdf.output(str(path))
    return path


# --- issue 20: consulting hours -----------------------------------------------------------------


def _hours_chapter(pdf: FPDF, hours: Iterable[ConsultingHours], today: dt.date) -> None:
    """The consulting hours by place, as the web page says them (sync_server.directory_web)."""
    from casefile import consulting_hours as ch
    from sync_server.directory_web import HOURS_AHEAD_DAYS, _place_key, current_hours

    held = current_hours(hours, today)
    if not held:
        return
    pdf.add_page()
    pdf.set_font(FONT, "B", 15)
    title = "Sprechstunden im Landratsamt und dezentral"
    pdf.start_section(title)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(
        0,
        4.6,
        "Ohne Termin: Kommen Sie zu diesen Zeiten vorbei. Ausfälle und zusätzliche Termine der "
        "nächsten zwei Monate sind genannt.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    by_place: dict[str, list[ConsultingHours]] = {}
    for h in held:
        by_place.setdefault(h.location, []).append(h)
    until = today + dt.timedelta(days=HOURS_AHEAD_DAYS)
    for code in sorted(by_place, key=_place_key):
        with pdf.unbreakable() as doc:
            doc.set_font(FONT, "B", 11)
            doc.multi_cell(0, 5.4, ch.location_label(code), new_x="LMARGIN", new_y="NEXT")
            street, postal, town = words.location_address(code)
            address = ", ".join(x for x in (street, " ".join(y for y in (postal, town) if y)) if x)
            if address:
                doc.set_font(FONT, "", 8.5)
                doc.multi_cell(0, 4.4, address, new_x="LMARGIN", new_y="NEXT")
            for h in sorted(by_place[code], key=lambda h: (ch.unit_label(h.unit), h.opens)):
                doc.set_font(FONT, "B", 8.5)
                doc.multi_cell(
                    0,
                    4.4,
                    f"{ch.unit_label(h.unit)} · {ch.kind_label(h.kind)}",
                    new_x="LMARGIN",
                    new_y="NEXT",
                )
                doc.set_font(FONT, "", 8.5)
                doc.multi_cell(0, 4.4, ch.describe(h, today, until), new_x="LMARGIN", new_y="NEXT")
            doc.set_draw_color(200, 200, 200)
            doc.cell(0, 2.5, "", border="B", new_x="LMARGIN", new_y="NEXT")
            doc.ln(3)
