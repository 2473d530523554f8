"""What the referral slip says (Verweisungszettel), in German and the client's language.

Pure Python: the words and their order. ``desktop.referral_slip`` lays them out as a PDF.
The slip the client takes home names the offer, its provider, the address of the offer's place
nearest to where the need is (the referral's ``location``), the opening hours in words, whether
an appointment is needed, the phone, what to bring, the reason in short, the date, and who
referred (unit, caseworker, phone, room). Its QR code opens the address on a map
(:func:`map_url`: an OpenStreetMap search -- the catalog has coordinates of towns, not of
street addresses, so a ``geo:`` URI would point at the town centre).

Fixed texts are data: ``resources/directory/slip_texts.json``. A language without an entry, or
one whose letters the printing font cannot show (the caller says which, ``printable``), gets
the German slip with a note saying so -- never boxes for missing letters. The slip names no
client: a lost slip tells nobody who was referred.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote

from casefile import catalogs
from casefile.offers import distance_km, place_point
from casefile.records import Offer, OfferHours, OfferPlace, Provider, Referral
from resources import path as resource_path

TEXTS = resource_path("directory", "slip_texts.json")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAP_SEARCH = "https://www.openstreetmap.org/search?query="


@cache
def _data() -> dict[str, Any]:
    return dict(json.loads(TEXTS.read_text(encoding="utf-8")))


def texts(language: str) -> dict[str, Any] | None:
    """The slip's fixed texts in *language*, or None if the data file has none."""
    found: dict[str, Any] | None = _data()["texts"].get(language)
    return found


def languages() -> list[str]:
    """The languages the data file has texts for (German first)."""
    return list(_data()["texts"])


def rtl(language: str) -> bool:
    entry = catalogs.load("language").get(language)
    return entry is not None and bool(entry.extra.get("rtl"))


# --- place and address -------------------------------------------------------------------------


def nearest_place(offer: Offer, location: str) -> OfferPlace | None:
    """The offer's place nearest to the catalog *location* (the first place when distances are
    unknown); None for an offer without places."""
    if not offer.places:
        return None
    here = place_point(location) if location else None
    if here is None:
        return offer.places[0]

    def far(place: OfferPlace) -> float:
        point = place_point(place.location, place.city)
        return distance_km(here, point) if point is not None else float("inf")

    return min(offer.places, key=far)


def address(place: OfferPlace | None, provider: Provider | None = None) -> str:
    """One line a person and a map search understand: the place's own address, else its
    catalog location's address (or name and town), else the provider's address."""
    if place is not None:
        street = place.address.strip()
        town = " ".join(p for p in (place.postal_code.strip(), place.city.strip()) if p)
        if street or town:
            return ", ".join(p for p in (street, town) if p)
        entry = catalogs.load("location").get(place.location) if place.location else None
        if entry is not None:
            if entry.extra.get("address"):
                return str(entry.extra["address"])
            town = str(entry.extra.get("town") or "")
            if not town or town.split(" (")[0] in entry.de:
                return entry.de  # "Dezentrale Sprechstunde Zeitz (Mehrgenerationenhaus)"
            return f"{entry.de}, {town}"
    return provider.address.strip() if provider is not None else ""


def map_url(text: str) -> str:
    """The QR code's content: an OpenStreetMap search for the address *text*."""
    return MAP_SEARCH + quote(text, safe="")


# --- hours in words ----------------------------------------------------------------------------


def _rule(rrule: str) -> dict[str, str]:
    text = rrule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = {}
    for item in text.split(";"):
        key, _, value = item.partition("=")
        parts[key.strip().upper()] = value.strip().upper()
    return parts


def _days(words: dict[str, Any], codes: list[str]) -> str:
    names = [str(words["weekdays"][WEEKDAYS.index(c)]) for c in codes]
    if len(names) == 1:
        return names[0]
    return str(words["separator"]).join(names[:-1]) + str(words["and"]) + names[-1]


def hours_line(hours: OfferHours, language: str) -> str | None:
    """One recurring time in words ("dienstags und donnerstags, 09:00–12:00 Uhr"), or None
    for a rule the words do not cover (e.g. "the first Monday of the month")."""
    words = texts(language)
    if words is None:
        return None
    rule = _rule(hours.rrule)
    freq, interval = rule.get("FREQ", ""), rule.get("INTERVAL", "1")
    days = [d for d in rule.get("BYDAY", "").split(",") if d]
    if any(d not in WEEKDAYS for d in days) or interval not in ("1", "2"):
        return None
    if freq == "DAILY" and not days and interval == "1":
        when = str(words["daily"])
    elif freq == "WEEKLY" and days:
        when = _days(words, sorted(days, key=WEEKDAYS.index))
        if interval == "2":
            when = f"{when} ({words['every_second_week']})"
    else:
        return None
    if hours.opens_at and hours.closes_at:
        when += str(words["separator"]) + str(words["time"]).format(
            opens=hours.opens_at, closes=hours.closes_at
        )
    return when


def hours_lines(offer: Offer, language: str) -> list[str]:
    """The offer's hours in words; a rule that has none asks the reader to phone."""
    words = texts(language) or {}
    out = []
    for hours in offer.hours:
        line = hours_line(hours, language)
        if line is None:
            line = words.get("hours_ask", "")
        if line and line not in out:
            out.append(line)
    return out


# --- the slip ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """Who referred: shown so the client can come back (name, phone, room or desk)."""

    name: str = ""
    phone: str = ""
    desk: str = ""


@dataclass(frozen=True)
class Section:
    """The slip's text in one language."""

    language: str
    rtl: bool
    title: str
    intro: str
    offer_name: str
    rows: list[tuple[str, str]]  # (label, value), in order; empty values left out
    appointment: str  # "" unless by appointment only
    qr_caption: str


@dataclass(frozen=True)
class SlipContent:
    agency: str
    address: str
    qr: str  # what the QR code holds
    sections: list[Section] = field(default_factory=list)
    note: str = ""  # German: why the client's language is missing


def _section(
    language: str,
    referral: Referral,
    offer: Offer,
    provider: Provider | None,
    where: str,
    contact: Contact,
) -> Section:
    words = texts(language)
    assert words is not None
    own = next((t for t in offer.translations if t.language == language), None)
    bring = (own.what_to_bring if own and own.what_to_bring else "") or offer.what_to_bring
    name = (own.name if own and own.name else "") or offer.name
    phone = offer.phone or (provider.phone if provider else "")
    unit = catalogs.load("unit").label(referral.referring_unit) if referral.referring_unit else ""
    referred_by = ", ".join(p for p in (unit, contact.name or referral.referred_by) if p)
    reach = " · ".join(
        p
        for p in (
            f"{words['phone']} {contact.phone}" if contact.phone else "",
            contact.desk,  # as the desk is known ("Raum 0.08, EG")
        )
        if p
    )
    rows = [
        (words["offer"], name),
        (words["provider"], provider.name if provider else ""),
        (words["address"], where),
        (words["hours"], "\n".join(hours_lines(offer, language))),
        (words["phone"], phone),
        (words["bring"], bring),
        (words["reason"], referral.reason),
        (words["date"], referral.referred_on.strftime("%d.%m.%Y")),
        (words["referred_by"], referred_by),
        (words["contact"], reach),
    ]
    return Section(
        language=language,
        rtl=rtl(language),
        title=words["title"],
        intro=words["intro"],
        offer_name=name,
        rows=[(label, value) for label, value in rows if value.strip()],
        appointment=words["appointment_only"] if offer.appointment_only else "",
        qr_caption=words["qr"],
    )


def _all_text(section: Section) -> str:
    return " ".join(
        [section.title, section.intro, section.offer_name, section.appointment, section.qr_caption]
        + [f"{label} {value}" for label, value in section.rows]
    )


def content(
    referral: Referral,
    offer: Offer,
    provider: Provider | None,
    language: str,
    contact: Contact | None = None,
    printable: Callable[[str], bool] = lambda text: True,
) -> SlipContent:
    """The slip for *referral* to *offer*: German, then *language* when the data file has its
    texts and *printable* says the font shows every letter of them; otherwise a German note."""
    contact = contact or Contact(name=referral.referred_by)
    place = nearest_place(offer, referral.location)
    where = address(place, provider)
    sections = [_section("de", referral, offer, provider, where, contact)]
    note = ""
    if language and language != "de":
        label = catalogs.load("language").label(language)
        if texts(language) is None:
            note = _data()["notes"]["missing"].format(language=label)
        else:
            own = _section(language, referral, offer, provider, where, contact)
            if printable(_all_text(own)):
                sections.append(own)
            else:
                note = _data()["notes"]["script"].format(language=label)
    return SlipContent(
        agency=_data()["agency"],
        address=where,
        qr=map_url(where) if where else "",
        sections=sections,
        note=note,
    )
