"""The directory of offers: which offer fits a need, how near it is, whether it is current.

Pure Python over :class:`casefile.records.Offer` records (the laptop keeps the whole directory,
synced read-only; the server exports it). :class:`Index` holds the offers by topic and ranks
them for a :class:`Need` -- the topic the client needs help with, the language the client
speaks, the place the client lives or is counseled at, the client's target group:

* the topic filters (an offer of another topic does not fit at all); an inactive offer is left
  out;
* the language counts most: an offer held in the client's language, then one with mediation
  by arrangement (a language with a note), then German only;
* then the distance from the need's place to the offer's nearest place (catalog locations carry
  coordinates; an address only counts by its town);
* a target group the offer names and the client does not belong to lowers the offer (it may
  still fit: eligibility is for the caseworker to judge);
* an entry not verified for longer than the directory's period is *stale*: still shown, ranked
  lower and marked (a "last edited" date is not a verification: HSDS ``assured_date``).

Rules are data: resources/directory/rules.toml (stale period, weights).
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from casefile import catalogs
from casefile.records import Offer
from resources import path as resource_path

RULES = resource_path("directory", "rules.toml")


@dataclass(frozen=True)
class Rules:
    stale_after_days: int = 365
    weight_language: float = 40.0
    weight_mediated_language: float = 25.0
    weight_distance_per_km: float = 0.8
    max_distance_penalty: float = 40.0
    weight_target_group_mismatch: float = 20.0
    weight_stale: float = 15.0


@cache
def rules(file: str | None = None) -> Rules:
    """The directory's rules from *file* (default: the shipped rules.toml)."""
    data: dict[str, Any] = tomllib.loads(Path(file or RULES).read_text(encoding="utf-8"))
    weights = data.get("weights", {})
    return Rules(
        int(data.get("stale_after_days", 365)),
        float(weights.get("language", 40)),
        float(weights.get("mediated_language", 25)),
        float(weights.get("distance_per_km", 0.8)),
        float(weights.get("max_distance_penalty", 40)),
        float(weights.get("target_group_mismatch", 20)),
        float(weights.get("stale", 15)),
    )


def is_stale(offer: Offer, today: dt.date, r: Rules | None = None) -> bool:
    """Not verified (``verified_on``) within the period -- or never."""
    r = r or rules()
    return offer.verified_on is None or (today - offer.verified_on).days > r.stale_after_days


# --- places ----------------------------------------------------------------------------------


@cache
def _coordinates() -> dict[str, tuple[float, float]]:
    """Catalog location -> (lat, lon), and town name (folded) -> (lat, lon)."""
    out: dict[str, tuple[float, float]] = {}
    for e in catalogs.load("location").entries:
        lat, lon = e.extra.get("lat"), e.extra.get("lon")
        if lat is None or lon is None:
            continue
        out[e.code] = (float(lat), float(lon))
        town = str(e.extra.get("town") or "")
        if town:
            out.setdefault(_fold(town.split("(")[0]), (float(lat), float(lon)))
    return out


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ß", "ss").split())


def place_point(location: str = "", city: str = "") -> tuple[float, float] | None:
    """Coordinates of a catalog location, else of a known town; None if unknown."""
    coords = _coordinates()
    if location and location in coords:
        return coords[location]
    if city:
        return coords.get(_fold(city.split("(")[0]))
    return None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine), km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# --- ranking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """What the client needs: a topic, and where, in which language, who the client is."""

    topic: str = ""  # catalog topic ("" = any)
    language: str = ""  # catalog language ("" = any)
    location: str = ""  # catalog location: where the client is
    target_group: str = ""  # catalog target_group
    text: str = ""  # words typed (name, provider, description)


@dataclass(frozen=True)
class Hit:
    offer: Offer
    score: float
    language_fit: str  # "spoken" | "mediated" | "german" | "any"
    distance_km: float | None
    stale: bool
    reasons: tuple[str, ...] = field(default=())  # German, for the result list


@dataclass
class Index:
    """The offers by topic, with their places' coordinates, ready to rank."""

    offers: dict[str, Offer] = field(default_factory=dict)
    by_topic: dict[str, list[str]] = field(default_factory=dict)
    points: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)  # id -> folded search text
    providers: dict[str, str] = field(default_factory=dict)  # provider id -> name

    @classmethod
    def build(cls, offers: Iterable[Offer], providers: dict[str, str] | None = None) -> Index:
        index = cls(providers=dict(providers or {}))
        for offer in offers:
            index.add(offer)
        return index

    def add(self, offer: Offer) -> None:
        self.remove(offer.id)
        self.offers[offer.id] = offer
        for topic in offer.topics or ["other"]:
            self.by_topic.setdefault(topic, []).append(offer.id)
        self.points[offer.id] = [
            p
            for place in offer.places
            if (p := place_point(place.location, place.city)) is not None
        ]
        self.words[offer.id] = _fold(
            " ".join(
                [
                    offer.name,
                    offer.description,
                    self.providers.get(offer.provider_id, ""),
                    *(t.name for t in offer.translations),
                ]
            )
        )

    def remove(self, offer_id: str) -> None:
        old = self.offers.pop(offer_id, None)
        if old is None:
            return
        for topic in old.topics or ["other"]:
            ids = self.by_topic.get(topic, [])
            if offer_id in ids:
                ids.remove(offer_id)
        self.points.pop(offer_id, None)
        self.words.pop(offer_id, None)

    def search(
        self, need: Need, today: dt.date, limit: int = 50, r: Rules | None = None
    ) -> list[Hit]:
        """The offers that fit *need*, best first (see the module's rules)."""
        r = r or rules()
        ids: Iterable[str] = self.by_topic.get(need.topic, ()) if need.topic else self.offers
        here = place_point(need.location) if need.location else None
        words = _fold(need.text).split() if need.text else []
        hits = []
        for offer_id in ids:
            offer = self.offers[offer_id]
            if not offer.active:
                continue
            if words and not all(w in self.words[offer_id] for w in words):
                continue
            hits.append(self._rank(offer, need, here, today, r))
        hits.sort(key=lambda h: (-h.score, h.offer.name.casefold()))
        return hits[:limit]

    def _rank(
        self,
        offer: Offer,
        need: Need,
        here: tuple[float, float] | None,
        today: dt.date,
        r: Rules,
    ) -> Hit:
        score = 100.0
        reasons: list[str] = []
        fit = "any"
        if need.language and need.language != "de":
            held = {lang.code: lang.note for lang in offer.languages}
            name = catalogs.load("language").label(need.language)
            if need.language in held and not held[need.language]:
                fit = "spoken"
                score += r.weight_language
                reasons.append(f"auf {name}")
            elif need.language in held:
                fit = "mediated"
                score += r.weight_mediated_language
                reasons.append(f"{name}: {held[need.language]}")
            else:
                fit = "german"
                reasons.append(f"nicht auf {name}")
        distance = None
        points = self.points.get(offer.id, [])
        if here is not None and points:
            distance = min(distance_km(here, p) for p in points)
            score -= min(r.max_distance_penalty, distance * r.weight_distance_per_km)
            reasons.append(f"{distance:.0f} km")
        if (
            need.target_group
            and offer.target_groups
            and need.target_group not in offer.target_groups
        ):
            score -= r.weight_target_group_mismatch
            reasons.append("andere Zielgruppe")
        stale = is_stale(offer, today, r)
        if stale:
            score -= r.weight_stale
            reasons.append("nicht aktuell geprüft")
        return Hit(offer, score, fit, distance, stale, tuple(reasons))
