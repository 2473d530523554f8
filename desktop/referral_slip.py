"""The referral slip (Verweisungszettel) the client takes home: one A4 page, German and then
the client's language, with a QR code that opens the offer's address on a map.

The words come from :mod:`casefile.slip` (fixed texts in
``resources/directory/slip_texts.json``); this module lays them out as rich text and prints
them with Qt (``desktop.pdf``: ``QTextDocument`` and ``QPdfWriter``). Qt, not fpdf2: the laptop
bundle carries Qt but leaves fpdf2 out, and Qt shapes Arabic and Persian with its own HarfBuzz
and sets right-to-left blocks flush right. The QR code is made with segno (pure Python) and
embedded as a 1-bit image, so it stays sharp and lossless.

Uses Qt's GUI classes: a ``QGuiApplication`` must exist; the PDF may be written on a worker of
the operation layer (``QTextDocument`` and ``QPdfWriter`` are reentrant).
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

from casefile import slip
from casefile.records import Client, Offer, Provider, Referral
from desktop import pdf

QR_NAME = "mia-slip://qr"
QR_MM = 32  # printed size of the QR code
LRE, PDF = "\u202a", "\u202c"  # left-to-right embedding and its end (Unicode bidi)


def _qr_image(text: str):
    import segno
    from PySide6.QtGui import QImage

    qr = segno.make(text, error="m", micro=False)
    image = QImage.fromData(_png(qr))
    return image.convertToFormat(QImage.Format.Format_Mono)


def _png(qr) -> bytes:
    import io

    out = io.BytesIO()
    qr.save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


def _has_rtl_letters(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _value(text: str, rtl: bool) -> str:
    """A value as entered. In a right-to-left block every stretch without right-to-left
    letters that holds a digit or a Latin letter (a phone number, a German address, a room) is
    embedded left-to-right, so "03445 234 57" and "Zeitz (MBE)" keep their order."""
    if not rtl:
        return _esc(text)
    out = []
    for line in text.split("\n"):
        parts = []
        for run in re.split(
            r"([^\s\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff][^\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]*)",
            line,
        ):
            core = run.strip()
            if core and not _has_rtl_letters(core) and any(ch.isalnum() for ch in core):
                lead, trail = run[: len(run) - len(run.lstrip())], run[len(run.rstrip()) :]
                parts.append(lead + LRE + html.escape(core) + PDF + trail)
            else:
                parts.append(html.escape(run))
        out.append("".join(parts))
    return "<br/>".join(out)


def _section_html(section: slip.Section) -> str:
    d = "rtl" if section.rtl else "ltr"
    align = "right" if section.rtl else "left"
    rows = "".join(
        f'<p dir="{d}" align="{align}" style="margin-top:5px; margin-bottom:0px">'
        f'<span style="font-size:7.5pt; color:#4a5160">{_esc(label)}</span><br/>'
        f"{_value(value, section.rtl)}</p>"
        for label, value in section.rows
    )
    appointment = (
        f'<p dir="{d}" align="{align}" style="margin-top:6px"><b>{_esc(section.appointment)}</b></p>'
        if section.appointment
        else ""
    )
    return (
        f'<h3 dir="{d}" align="{align}" style="margin-top:0px; margin-bottom:3px">'
        f"{_esc(section.title)}</h3>"
        f'<p dir="{d}" align="{align}" style="margin-top:0px">{_esc(section.intro)}</p>'
        f"{appointment}{rows}"
    )


def slip_html(content: slip.SlipContent) -> str:
    """The page as rich text: a head with the offer, its address and the QR code (the image
    resource :data:`QR_NAME`), then German and the client's language side by side."""
    de = content.sections[0]
    side = px(QR_MM)
    captions = "<br/>".join(
        f'<span dir="{"rtl" if s.rtl else "ltr"}">{_esc(s.qr_caption)}</span>'
        for s in content.sections
    )
    qr = (
        f'<td width="{side + 40}" align="center" valign="top">'
        f'<img src="{QR_NAME}" width="{side}" height="{side}"/><br/>'
        f'<span style="font-size:7pt; color:#4a5160">{captions}</span></td>'
        if content.qr
        else ""
    )
    head = (
        '<table width="100%" cellspacing="0" cellpadding="0"><tr><td valign="top">'
        f'<p style="color:#4a5160; margin-top:0px">{_esc(content.agency)}</p>'
        f'<p style="font-size:15pt; margin-top:4px"><b>{_esc(de.offer_name)}</b></p>'
        f"<p>{_esc(content.address)}</p></td>{qr}</tr></table>"
    )
    cells = "".join(
        f'<td width="{100 // len(content.sections)}%" valign="top" '
        f'style="padding-{"left" if i else "right"}:12px">{_section_html(s)}</td>'
        for i, s in enumerate(content.sections)
    )
    note = (
        f'<p style="color:#8a1c1c; margin-top:10px"><b>{_esc(content.note)}</b></p>'
        if content.note
        else ""
    )
    return (
        f"<html><body>{head}<hr/>"
        f'<table width="100%" cellspacing="0" cellpadding="0"><tr>{cells}</tr></table>'
        f"{note}</body></html>"
    )


def px(mm: float) -> int:
    """Millimetres as the width of an image in rich text (CSS pixels: 96 per inch; the
    document scales them to the PDF writer's resolution)."""
    return round(mm / 25.4 * 96)


def print_slip(
    referral: Referral,
    offer: Offer,
    provider: Provider | None,
    client: Client | None,
    language: str,
    path: Path | str,
    *,
    contact: slip.Contact | None = None,
) -> Path:
    """Write the slip of *referral* to *offer* as a one-page A4 PDF at *path*; returns it.

    *language* is the client's language (catalog code; "" takes the referral's language, then
    the client's first). A language without texts, or whose letters the shipped font cannot
    show (Tigrinya's Ethiopic script), gives the German slip with a note saying so. *contact*
    names the caseworker's phone and room (default: the referring user's name only). The
    client is not named on the slip.
    """
    if not language:
        language = referral.language or next(
            (skill.code for skill in (client.languages if client else [])), "de"
        )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.register_fonts()
    content = slip.content(referral, offer, provider, language, contact, pdf.printable)
    images = {QR_NAME: _qr_image(content.qr)} if content.qr else {}
    return pdf.write_html_pdf(
        slip_html(content),
        path,
        title=f"Verweisung: {offer.name}",
        point_size=11,
        margin_mm=14,
        images=images,
    )
