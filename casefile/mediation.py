"""The language mediators' pool: allowances, vetting warnings, the household check.

Pure functions both sides use: the laptop when a booking is made and hours are logged, the
server and the allowance list when they are reviewed and paid. Rates are data
(resources/mediation/rates.toml).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from casefile import catalogs
from resources import path as resource_path

RATES = resource_path("mediation", "rates.toml")


@dataclass(frozen=True)
class Rates:
    per_hour: dict[str, Decimal]
    per_km: dict[str, Decimal]
    billing: str = "quarter_hour"
    warn_days: int = 30


@cache
def rates(file: str | None = None) -> Rates:
    """The rates of *file* (default: the shipped resources/mediation/rates.toml)."""
    path = Path(file) if file else RATES
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    return Rates(
        {k: Decimal(str(v)) for k, v in data.get("per_hour", {}).items()},
        {k: Decimal(str(v)) for k, v in data.get("per_km", {}).items()},
        str(data.get("billing", "quarter_hour")),
        int(data.get("warn_before_expiry", {}).get("days", 30)),
    )


def billed_minutes(minutes: int, r: Rates | None = None) -> int:
    r = r or rates()
    if r.billing == "quarter_hour":
        return int(math.ceil(max(0, minutes) / 15) * 15)
    return max(0, minutes)


def allowance_cents(kind: str, minutes: int, km: float, r: Rates | None = None) -> int:
    """The allowance in cent for *minutes* of work and *km* driven by a mediator of *kind*
    (volunteer / professional), at the rates; rounded half up to the cent."""
    r = r or rates()
    hours = Decimal(billed_minutes(minutes, r)) / Decimal(60)
    euro = hours * r.per_hour.get(kind, Decimal(0)) + Decimal(str(km)) * r.per_km.get(
        kind, Decimal(0)
    )
    return int((euro * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def euro(cents: int) -> str:
    """German money text: 1234 -> "12,34 €"."""
    return f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d} €"


@dataclass(frozen=True)
class Warning:
    code: str  # vetting_expired | vetting_missing | vetting_expiring | relative | language
    text: str  # German


def vetting_warnings(mediator: Any, on: dt.date, r: Rates | None = None) -> list[Warning]:
    """What speaks against booking *mediator* on day *on*: a required vetting item missing or
    expired by then, one expiring within the warning period."""
    r = r or rates()
    out = []
    items = catalogs.load("vetting_item")
    held = {v.item: v for v in getattr(mediator, "vetting", [])}
    for entry in items.entries:
        v = held.get(entry.code)
        if v is None:
            if entry.extra.get("required"):
                out.append(Warning("vetting_missing", f"{entry.de} fehlt."))
            continue
        if v.valid_until is not None and v.valid_until < on:
            out.append(
                Warning(
                    "vetting_expired",
                    f"{entry.de} ist seit {v.valid_until.strftime('%d.%m.%Y')} abgelaufen.",
                )
            )
        elif v.valid_until is not None and (v.valid_until - on).days <= r.warn_days:
            out.append(
                Warning(
                    "vetting_expiring",
                    f"{entry.de} läuft am {v.valid_until.strftime('%d.%m.%Y')} ab.",
                )
            )
    return out


def relative_warning(
    mediator: Any,
    client: Any,
    household: Iterable[tuple[str, str, str]] = (),
) -> Warning | None:
    """A warning when *mediator* may be a relative or household member of *client*: the
    mediator's own client file is the client's or linked to it (*household*: the client's
    links as (client_id, other_client_id, relation)), or the mediator shares the client's
    family name or address. Interpreting for one's family breaks the neutrality the pool
    promises (and its confidentiality)."""
    own = getattr(mediator, "own_client_id", None)
    cid = getattr(client, "id", None)
    if own and own == cid:
        return Warning("relative", "Die Sprachmittlerin / der Sprachmittler ist die Person selbst.")
    for a, b, relation in household:
        if own and own in (a, b) and cid in (a, b):
            label = catalogs.load("relation").label(relation)
            return Warning(
                "relative",
                f"Die Sprachmittlung gehört zum Haushalt oder zur Familie ({label}).",
            )
    fam = (getattr(mediator, "family_name", "") or "").strip().casefold()
    if fam and fam == (getattr(client, "family_name", "") or "").strip().casefold():
        return Warning(
            "relative",
            "Gleicher Familienname wie die Person: bitte prüfen, ob sie verwandt sind.",
        )
    address = (getattr(mediator, "address", "") or "").strip().casefold()
    if address and address == (getattr(client, "address", "") or "").strip().casefold():
        return Warning(
            "relative",
            "Gleiche Anschrift wie die Person: bitte prüfen, ob sie in einem Haushalt leben.",
        )
    return None


# --- finding a mediator for a booking ------------------------------------------------------

_DAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")


def available_at(availability: str, at: dt.datetime) -> bool:
    """Whether the pool entry's availability text admits *at* (local time): weekdays ("Mo",
    "Mo–Mi", "Di, Do") and "vormittags" / "nachmittags [ab N Uhr]"; text it cannot read
    ("nach Absprache") admits any time -- the coordinator asks."""
    text = availability.casefold().replace("–", "-").replace("—", "-")
    local = at.astimezone() if at.tzinfo else at
    days: set[int] = set()
    for first, _sep, last in re.findall(
        r"\b(mo|di|mi|do|fr|sa|so)\b(\s*-\s*(mo|di|mi|do|fr|sa|so)\b)?", text
    ):
        a = _DAYS.index(first)
        b = _DAYS.index(last) if last else a
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    if days and local.weekday() not in days:
        return False
    if "vormittag" in text and "nachmittag" not in text and local.hour >= 12:
        return False
    if "nachmittag" in text and "vormittag" not in text:
        after = re.search(r"ab\s*(\d{1,2})\s*uhr", text)
        if local.hour < (int(after.group(1)) if after else 12):
            return False
    return True


@dataclass
class Candidate:
    """A mediator for a booking: how they fit and what speaks against them."""

    mediator: Any
    level: str  # their level in the booking's language
    warnings: list[Warning]
    busy: bool = False  # booked elsewhere at an overlapping time


def candidates(
    mediators: Iterable[Any],
    booking: Any,
    *,
    bookings: Iterable[Any] = (),
    client: Any = None,
    household: Iterable[tuple[str, str, str]] = (),
    r: Rates | None = None,
) -> list[Candidate]:
    """The active mediators who speak the booking's language, work in its setting, cover its
    place (on site only: phone and video need no travel) and are available then; each with the
    warnings of :func:`vetting_warnings` and :func:`relative_warning`. Best first: no warning,
    native before fluent before basic, then by name. *bookings*: the pool's other bookings
    (a mediator booked at an overlapping time is left out)."""
    starts = booking.starts_at
    ends = starts + dt.timedelta(minutes=booking.duration_min)
    busy: set[str] = set()
    for other in bookings:
        if other.id == booking.id or other.status != "booked" or not other.mediator_id:
            continue
        o_end = other.starts_at + dt.timedelta(minutes=other.duration_min)
        if other.starts_at < ends and starts < o_end:
            busy.add(other.mediator_id)
    rank = {"native": 0, "fluent": 1, "basic": 2}
    out = []
    household = list(household)
    for m in mediators:
        level = next((x.level for x in m.languages if x.code == booking.language), None)
        if not m.active or level is None or m.id in busy:
            continue
        if booking.setting not in m.settings:
            continue
        if booking.setting == "on_site" and booking.location and booking.location not in m.areas:
            continue
        if not available_at(m.availability, starts):
            continue
        warnings = vetting_warnings(m, starts.date(), r)
        if client is not None:
            relative = relative_warning(m, client, household)
            if relative is not None:
                warnings.append(relative)
        out.append(Candidate(m, level, warnings))
    out.sort(
        key=lambda c: (
            any(w.code != "vetting_expiring" for w in c.warnings),
            rank.get(c.level, 3),
            c.mediator.display_name.casefold(),
        )
    )
    return out


def vetting_state(mediator: Any, on: dt.date, r: Rates | None = None) -> str:
    """One German line for the pool list: "vollständig" or the warnings joined."""
    found = vetting_warnings(mediator, on, r)
    return " ".join(w.text for w in found) if found else "vollständig"


# --- the monthly allowance list ---------------------------------------------------------------


@dataclass
class MonthLine:
    """One mediator's hours in one month: the days worked, minutes, km and the amount."""

    month: str  # YYYY-MM
    mediator_id: str
    name: str
    dates: list[dt.date]
    minutes: int
    km: float
    cents: int
    entries: int


def monthly_allowances(entries: Iterable[Any], names: dict[str, str]) -> list[MonthLine]:
    """The allowance list: per month and mediator (by name), the hours entries' days, minutes,
    kilometres and allowance summed; *names* maps a mediator id to "Given Family"."""
    lines: dict[tuple[str, str], MonthLine] = {}
    for e in entries:
        month = e.worked_on.strftime("%Y-%m")
        key = (month, e.mediator_id)
        line = lines.get(key)
        if line is None:
            line = lines[key] = MonthLine(
                month, e.mediator_id, names.get(e.mediator_id, e.mediator_id), [], 0, 0.0, 0, 0
            )
        line.dates.append(e.worked_on)
        line.minutes += e.minutes
        line.km += e.km
        line.cents += e.allowance_cents
        line.entries += 1
    for line in lines.values():
        line.dates.sort()
    return sorted(lines.values(), key=lambda x: (x.month, x.name.casefold(), x.mediator_id))


CSV_HEADER = ("Monat", "Name", "Einsätze", "Tage", "Minuten", "Kilometer", "Betrag (EUR)")


def allowance_csv(lines: Iterable[MonthLine]) -> str:
    """The allowance list as CSV for a spreadsheet (German: semicolons, decimal commas)."""
    import csv
    import io

    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    total = 0
    for x in lines:
        total += x.cents
        w.writerow(
            (
                x.month,
                x.name,
                x.entries,
                ", ".join(d.strftime("%d.%m.") for d in x.dates),
                x.minutes,
                f"{x.km:.1f}".replace(".", ","),
                f"{x.cents // 100},{x.cents % 100:02d}",
            )
        )
    w.writerow(("Summe", "", "", "", "", "", f"{total // 100},{total % 100:02d}"))
    return out.getvalue()
