"""An offer of the directory in German words: hours, places, languages, cost.

The printed directory (brochure), the county's web page and the referral slip say the same
things the same way: "dienstags und donnerstags, 9:00–12:00 Uhr", "jeden 1. Montag im Monat",
"Landratsamt Naumburg (Hauptsitz), Schönburger Straße 41, 06618 Naumburg (Saale)". Pure
Python over :mod:`casefile.records`; catalog labels in German.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from casefile import catalogs
from casefile.records import Offer, OfferHours, OfferPlace

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ADVERB = dict(
    zip(
        WEEKDAYS,
        ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags"),
        strict=True,
    )
)
_NAME = dict(
    zip(
        WEEKDAYS,
        ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
        strict=True,
    )
)
_BYDAY = re.compile(r"^([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
ADDRESS_RE = re.compile(r"^(?P<street>.+), (?P<postal_code>[0-9]{5}) (?P<city>.+)$")


def rrule_parts(rrule: str) -> dict[str, str]:
    """The parts of an iCal RRULE (``"FREQ=WEEKLY;BYDAY=TU"``) by upper-case key, in order."""
    text = (rrule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    out: dict[str, str] = {}
    for part in text.split(";"):
        key, sep, value = part.partition("=")
        if sep:
            out[key.strip().upper()] = value.strip()
    return out


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} und {words[-1]}"


def _days(codes: list[str]) -> str:
    """``montags bis freitags`` for a run of three or more days, else ``montags und mittwochs``."""
    index = sorted(WEEKDAYS.index(c) for c in set(codes))
    runs: list[list[int]] = []
    for i in index:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    words = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{_ADVERB[WEEKDAYS[run[0]]]} bis {_ADVERB[WEEKDAYS[run[-1]]]}")
        else:
            words += [_ADVERB[WEEKDAYS[i]] for i in run]
    return _join(words)


def _ordinal(n: int) -> str:
    return "letzten" if n == -1 else f"{n}."


def _time(value: str) -> str:
    """``"09:00"`` -> ``"9:00"``."""
    return value[1:] if len(value) == 5 and value.startswith("0") else value


def rule_text(rrule: str) -> str | None:
    """The recurrence of *rrule* in German words, or None where it says more than words here
    can (then the rule itself is shown)."""
    parts = rrule_parts(rrule)
    freq = parts.pop("FREQ", "")
    interval = int(parts.pop("INTERVAL", "1") or 1) if parts.get("INTERVAL", "1").isdigit() else 0
    parts.pop("WKST", None)
    byday = [d for d in parts.pop("BYDAY", "").split(",") if d]
    monthdays = [d for d in parts.pop("BYMONTHDAY", "").split(",") if d]
    until = parts.pop("UNTIL", "")
    if parts or interval < 1:
        return None  # COUNT, BYSETPOS, BYWEEKNO ...: the rule itself is shown
    matches = [_BYDAY.match(d) for d in byday]
    if not all(matches):
        return None
    days = [(int(m.group(1)) if m.group(1) else None, m.group(2)) for m in matches if m]
    text: str | None = None
    if freq == "DAILY" and not byday and not monthdays:
        text = "täglich" if interval == 1 else f"alle {interval} Tage"
    elif freq == "WEEKLY" and not monthdays and all(n is None for n, _ in days):
        if not days:
            text = "wöchentlich" if interval == 1 else f"alle {interval} Wochen"
        else:
            words = _days([d for _, d in days])
            text = words if interval == 1 else f"alle {interval} Wochen {words}"
    elif freq == "MONTHLY" and interval == 1:
        if days and not monthdays and all(n is not None for n, _ in days):
            by_day: dict[str, list[int]] = {}
            for n, d in days:
                by_day.setdefault(d, []).append(n or 0)
            text = (
                "jeden "
                + _join(
                    [
                        f"{_join([_ordinal(n) for n in sorted(ns, key=lambda x: (x < 0, x))])} "
                        f"{_NAME[d]}"
                        for d, ns in by_day.items()
                    ]
                )
                + " im Monat"
            )
        elif monthdays and not days and all(d.isdigit() for d in monthdays):
            text = f"am {_join([f'{int(d)}.' for d in monthdays])} jedes Monats"
    if text is None:
        return None
    if until:
        m = re.match(r"^([0-9]{4})([0-9]{2})([0-9]{2})", until)
        if m:
            text += f" bis {m.group(3)}.{m.group(2)}.{m.group(1)}"
    return text


def hours_text(hours: OfferHours) -> str:
    """One time of an offer: ``dienstags und donnerstags, 9:00–12:00 Uhr (außer in den
    Ferien)``."""
    rule = rule_text(hours.rrule) or f"nach Regel {hours.rrule}"
    if hours.opens_at and hours.closes_at:
        rule += f", {_time(hours.opens_at)}–{_time(hours.closes_at)} Uhr"
    elif hours.opens_at:
        rule += f", ab {_time(hours.opens_at)} Uhr"
    if hours.note:
        rule += f" ({hours.note})"
    return rule


def hours_lines(offer: Offer) -> list[str]:
    """Every time of *offer*, and whether an appointment is needed."""
    lines = [hours_text(h) for h in offer.hours]
    if offer.appointment_only:
        lines.append("nur mit Termin")
    return lines


def location_address(code: str) -> tuple[str, str, str]:
    """(street, postal code, town) of a catalog location ("" where the catalog has none)."""
    entry = catalogs.load("location").get(code)
    if entry is None:
        return "", "", ""
    address = str(entry.extra.get("address") or "")
    m = ADDRESS_RE.match(address)
    if m:
        return m.group("street"), m.group("postal_code"), m.group("city")
    return address, "", str(entry.extra.get("town") or "")


def place_name(place: OfferPlace) -> str:
    """The name of a place: its own, else the catalog's."""
    if place.name:
        return place.name
    if place.location:
        return catalogs.load("location").label(place.location)
    return ""


def place_address(place: OfferPlace) -> str:
    """``Straße 1, 06618 Naumburg (Saale)``: the place's own address, else the catalog's."""
    street, postal, city = place.address, place.postal_code, place.city
    if place.location and not (street or postal or city):
        street, postal, city = location_address(place.location)
    town = " ".join(x for x in (postal, city) if x)
    return ", ".join(x for x in (street, town) if x)


def place_text(place: OfferPlace) -> str:
    return ", ".join(x for x in (place_name(place), place_address(place)) if x)


def language_text(offer: Offer) -> str:
    """``Deutsch, Arabisch (mit Sprachmittlung nach Absprache)``."""
    cat = catalogs.load("language")
    return ", ".join(
        cat.label(x.code) + (f" ({x.note})" if x.note else "") for x in offer.languages
    )


def cost_text(offer: Offer) -> str:
    return offer.cost or "kostenlos"


def contact_lines(offer: Offer) -> list[str]:
    """Contact person, phone, e-mail and web address of *offer*, one a line."""
    out = []
    if offer.contact_name:
        out.append(offer.contact_name)
    for label, value in (("Telefon", offer.phone), ("E-Mail", offer.email), ("Web", offer.website)):
        if value:
            out.append(f"{label}: {value}")
    return out


def by_topic(offers: Iterable[Offer]) -> list[tuple[str, str, list[Offer]]]:
    """(topic code, German label, offers sorted by name) in the catalog's order of topics; an
    offer with several topics appears under each."""
    cat = catalogs.load("topic")
    groups: dict[str, list[Offer]] = {}
    for offer in offers:
        for topic in offer.topics:
            groups.setdefault(topic, []).append(offer)
    order = [e.code for e in cat.entries] + sorted(set(groups) - cat.codes)
    return [
        (code, cat.label(code), sorted(groups[code], key=lambda o: (o.name.casefold(), o.id)))
        for code in order
        if code in groups
    ]


def verified_text(offer: Offer) -> str:
    if offer.verified_on is None:
        return "nicht geprüft"
    by = f" von {offer.verified_by}" if offer.verified_by else ""
    return f"geprüft am {offer.verified_on:%d.%m.%Y}{by}"
