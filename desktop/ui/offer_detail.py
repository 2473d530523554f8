"""An offer of the directory as the detail pane shows it (HTML for a QTextBrowser).

Everything a caseworker tells the client: what it is, who may come, in which languages, where
(with the address), when (the opening hours in words, "nur nach Terminvereinbarung"), how to
get in touch, what it costs ("kostenlos" when nothing is said), accessibility, what to bring,
and when and by whom the entry was last checked -- marked when that is too long ago.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QCoreApplication

from casefile import offer_text, offers as ranking
from casefile.records import Offer, OfferPlace, Provider
from desktop.ui.formatting import date_text
from desktop.ui.forms import catalog_label

STALE_COLOR = "#8a5a00"
MUTED_COLOR = "#6b6f76"


def place_text(place: OfferPlace) -> str:
    """A place as one line: its name (the catalog's, in the UI's language) and its address
    (the catalog's where it has none of its own), as the brochure and the slip say it."""
    name = place.name or (catalog_label("location", place.location) if place.location else "")
    return ", ".join(x for x in (name, offer_text.place_address(place)) if x)


def _section(title: str, body: str) -> str:
    return f"<h4 style='margin:10px 0 2px 0'>{escape(title)}</h4>{body}"


def _para(text: str) -> str:
    return "<p style='margin:0'>" + escape(text).replace("\n", "<br>") + "</p>"


def _items(lines: list[str]) -> str:
    return "<br>".join(escape(x) for x in lines if x)


def offer_html(
    offer: Offer,
    provider: Provider | None,
    today: dt.date,
    distance_km: float | None = None,
) -> str:
    """The detail pane's text for *offer*."""
    out = [f"<h3 style='margin:0'>{escape(offer.name)}</h3>"]
    if provider is not None:
        out.append(f"<p style='margin:0;color:{MUTED_COLOR}'>{escape(provider.name)}</p>")
    marks = []
    if not offer.active:
        marks.append(
            QCoreApplication.translate("OfferDetail", "deaktiviert – erscheint nicht in der Suche")
        )
    if ranking.is_stale(offer, today):
        marks.append(QCoreApplication.translate("OfferDetail", "nicht aktuell geprüft"))
    if marks:
        out.append(
            f"<p style='margin:4px 0;color:{STALE_COLOR};font-weight:600'>"
            + escape(" · ".join(marks))
            + "</p>"
        )
    topics = ", ".join(catalog_label("topic", c) for c in offer.topics)
    groups = ", ".join(catalog_label("target_group", c) for c in offer.target_groups)
    facts = [QCoreApplication.translate("OfferDetail", "Thema: {topics}").format(topics=topics)]
    facts.append(
        QCoreApplication.translate("OfferDetail", "Zielgruppe: {groups}").format(
            groups=groups or QCoreApplication.translate("OfferDetail", "alle")
        )
    )
    out.append(_para("\n".join(facts)))
    if offer.description.strip():
        out.append(
            _section(
                QCoreApplication.translate("OfferDetail", "Beschreibung"),
                _para(offer.description.strip()),
            )
        )
    if offer.eligibility.strip():
        out.append(
            _section(
                QCoreApplication.translate("OfferDetail", "Voraussetzungen"),
                _para(offer.eligibility.strip()),
            )
        )
    if offer.languages:
        lines = [
            catalog_label("language", x.code) + (f" ({x.note})" if x.note.strip() else "")
            for x in offer.languages
        ]
        out.append(_section(QCoreApplication.translate("OfferDetail", "Sprachen"), _items(lines)))
    if offer.places:
        lines = [place_text(p) for p in offer.places]
        if distance_km is not None:
            lines.append(
                QCoreApplication.translate("OfferDetail", "nächster Ort: {km} km entfernt").format(
                    km=f"{distance_km:.0f}"
                )
            )
        out.append(_section(QCoreApplication.translate("OfferDetail", "Orte"), _items(lines)))
    hours = [offer_text.hours_text(h) for h in offer.hours]
    if offer.appointment_only:
        hours.append(QCoreApplication.translate("OfferDetail", "nur nach Terminvereinbarung"))
    if hours:
        out.append(
            _section(QCoreApplication.translate("OfferDetail", "Öffnungszeiten"), _items(hours))
        )
    contact = [
        offer.contact_name,
        QCoreApplication.translate("OfferDetail", "Telefon: {phone}").format(phone=offer.phone)
        if offer.phone
        else "",
        QCoreApplication.translate("OfferDetail", "E-Mail: {email}").format(email=offer.email)
        if offer.email
        else "",
        offer.website,
    ]
    if provider is not None and not any(contact):
        contact = [provider.phone, provider.email, provider.website, provider.address]
    if any(contact):
        out.append(_section(QCoreApplication.translate("OfferDetail", "Kontakt"), _items(contact)))
    out.append(
        _section(
            QCoreApplication.translate("OfferDetail", "Kosten"),
            _para(offer.cost.strip() or QCoreApplication.translate("OfferDetail", "kostenlos")),
        )
    )
    if offer.accessibility.strip():
        out.append(
            _section(
                QCoreApplication.translate("OfferDetail", "Barrierefreiheit"),
                _para(offer.accessibility.strip()),
            )
        )
    if offer.what_to_bring.strip():
        out.append(
            _section(
                QCoreApplication.translate("OfferDetail", "Bitte mitbringen"),
                _para(offer.what_to_bring.strip()),
            )
        )
    if offer.verified_on is not None:
        checked = QCoreApplication.translate("OfferDetail", "Geprüft am {date} von {who}").format(
            date=date_text(offer.verified_on), who=offer.verified_by or "—"
        )
    else:
        checked = QCoreApplication.translate("OfferDetail", "Noch nie geprüft")
    color = STALE_COLOR if ranking.is_stale(offer, today) else MUTED_COLOR
    out.append(f"<p style='margin-top:10px;color:{color}'>{escape(checked)}</p>")
    return "".join(out)
