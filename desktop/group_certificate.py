"""The participation certificate (Teilnahmebescheinigung) of a group session or series: one
A4 page per participant, German and then the client's language, with a signature line.

The words come from :mod:`casefile.certificate`; this module lays them out as rich text and
prints them with Qt (``desktop.pdf``), as the referral slip does: the shipped DejaVu fonts,
Arabic and Persian shaped by Qt's HarfBuzz, right-to-left blocks set flush right.
:func:`write_certificates` does the store reads and the printing in one function for a worker
of the operation layer (never the UI thread).
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from casefile import catalogs, certificate
from casefile.records import GroupSession
from desktop import pdf

if TYPE_CHECKING:
    from desktop.store.repo import Store


LRE, PDF = "\u202a", "\u202c"  # left-to-right embedding and its end (Unicode bidi)


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


def _ltr(text: str, rtl: bool) -> str:
    """A value written in Latin letters or digits (a name, a date, the issuing unit): in a
    right-to-left block embedded left-to-right, so "Hemin Abdullah" and "01.01.2023" keep
    their order and their punctuation stays where it belongs."""
    return LRE + _esc(text) + PDF if rtl and text else _esc(text)


def _row(cells: list[str], rtl: bool, tag: str = "td", head: bool = False) -> str:
    """A table row; right to left the columns run from the right (Qt's rich text does not
    mirror a table by its ``dir``)."""
    align = "right" if rtl else "left"
    style = ' style="border-bottom:1px solid #4a5160"' if head else ""
    ordered = list(reversed(cells)) if rtl else cells
    return "<tr>" + "".join(f'<{tag} align="{align}"{style}>{c}</{tag}>' for c in ordered) + "</tr>"


def _section_html(s: certificate.Section) -> str:
    rtl = s.rtl
    d, align = ("rtl", "right") if rtl else ("ltr", "left")
    p = f'dir="{d}" align="{align}"'
    muted = '<span style="color:#4a5160">{}</span>'
    facts = "".join(
        _row([muted.format(_esc(label)), _ltr(value, rtl)], rtl) for label, value in s.facts
    )
    lines = "".join(
        _row([_ltr(x.day, rtl), _esc(x.attended), _ltr(x.hours, rtl)], rtl) for x in s.lines
    )
    head = _row([_esc(h) for h in s.head], rtl, "th", head=True)
    comma = "، " if rtl else ", "  # the Arabic comma right to left
    person = _ltr(s.person, rtl)
    if s.born_on:
        person += f"{comma}{_esc(s.born)} {_ltr(s.born_on, rtl)}"
    cells = [f"{_esc(s.place_date)}", "", f"{_esc(s.signature)}"]
    signature = (
        '<table width="100%" style="margin-top:28px" cellspacing="0"><tr>'
        + "".join(
            f'<td width="{w}" align="{align}" style="{st}">{c}</td>'
            for c, w, st in zip(
                list(reversed(cells)) if rtl else cells,
                ("45%", "10%", "45%"),
                ("border-top:1px solid #000", "", "border-top:1px solid #000"),
                strict=True,
            )
        )
        + "</tr></table>"
    )
    return (
        f'<h2 {p} style="margin-bottom:4px">{_esc(s.title)}</h2>'
        f"<p {p}>{_esc(s.confirm)}</p>"
        f'<p {p} style="font-size:13pt"><b>{person}</b></p>'
        f"<p {p}>{_esc(s.took_part)}</p>"
        f'<table width="100%" cellpadding="2">{facts}</table>'
        f'<table width="100%" cellpadding="3" cellspacing="0" style="margin-top:8px">'
        f"{head}{lines}</table>"
        f"<p {p}><b>{_esc(s.total)}</b></p>"
        f'<p {p} style="color:#4a5160">{_esc(s.issued_by[0])}: {_ltr(s.issued_by[1], rtl)}</p>'
        f"{signature}"
    )


def certificate_html(cert: certificate.Certificate) -> str:
    """The page as rich text: the German certificate, then the client's language."""
    parts = [_section_html(s) for s in cert.sections]
    return "<html><body>" + '<hr style="margin:14px 0px"/>'.join(parts) + "</body></html>"


def print_certificate(cert: certificate.Certificate, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.register_fonts()
    return pdf.write_html_pdf(
        certificate_html(cert),
        path,
        title=f"Teilnahmebescheinigung: {cert.client_name}",
        point_size=10.5,
        margin_mm=16,
    )


def _file_name(name: str) -> str:
    safe = re.sub(r"[^\w\-]+", "_", name, flags=re.UNICODE).strip("_") or "Teilnehmer"
    return f"Teilnahmebescheinigung_{safe}.pdf"


def write_certificates(
    store: Store,
    session: GroupSession,
    folder: Path | str | None = None,
    language: str = "",
) -> list[Path]:
    """(worker) One certificate per participant of *session*'s series (or of the session
    alone) with an attendance recorded, into *folder* (default: a fresh temporary folder);
    *language* overrides each client's language (tests, the screenshot)."""
    from desktop.store import groups as store_groups

    sessions = (
        store_groups.series(store, session.series_id) if session.series_id else [session]
    ) or [session]
    ids = {s.id for s in sessions}
    folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="mia-bescheinigungen-"))
    people: dict[str, list] = {}
    for s in sessions:
        for a in store_groups.attendance_of(store, s.id):
            if a.session_id in ids:
                people.setdefault(a.client_id, []).append((s, a))
    directory = store.directory()
    user = directory.user(session.facilitator) if session.facilitator else None
    who = user.label if user is not None else session.facilitator
    unit = catalogs.load("unit").label(session.unit, "de")
    issuer = f"{unit}, {who}" if who else unit
    out = []
    for cid, rows in people.items():
        client = store.get_client(cid)
        if client is None:
            continue
        cert = certificate.content(client, rows, issuer, language, pdf.printable)
        out.append(print_certificate(cert, folder / _file_name(cert.client_name)))
    return out
