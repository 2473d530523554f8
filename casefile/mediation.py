"""The language mediators' pool: allowances, vetting warnings, the household check.

Pure functions both sides use: the laptop when a booking is made and hours are logged, the
server and the allowance list when they are reviewed and paid. Rates are data
(resources/mediation/rates.toml).
"""

from __future__ import annotations

import datetime as dt
import math
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
