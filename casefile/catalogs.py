"""Catalogs (units, topics, locations, statuses, nationalities, languages, ...).

Catalog values are data, not code: each catalog is a JSON file in resources/catalogs/ of the form
``{"catalog": "unit", "entries": [{"code": "abh", "de": "Ausländerbehörde", "en": "..."}]}``.
Entries may carry further keys (e.g. ``"unit"`` for a topic or ``"rtl": true`` for a language).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from resources import path as resource_path

CATALOG_DIR = resource_path("catalogs")


class CatalogError(ValueError):
    """A catalog file is missing or malformed."""


@dataclass(frozen=True)
class Entry:
    code: str
    de: str
    en: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: str = "de") -> str:
        return self.en if lang == "en" else self.de


@dataclass(frozen=True)
class Catalog:
    name: str
    entries: tuple[Entry, ...]

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(e.code for e in self.entries)

    def get(self, code: str) -> Entry | None:
        for e in self.entries:
            if e.code == code:
                return e
        return None

    def label(self, code: str, lang: str = "de") -> str:
        e = self.get(code)
        return e.label(lang) if e else code


def _load_file(p: Path) -> Catalog:
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        entries = tuple(
            Entry(
                e["code"],
                e["de"],
                e.get("en", e["de"]),
                {k: v for k, v in e.items() if k not in ("code", "de", "en")},
            )
            for e in data["entries"]
        )
        return Catalog(data.get("catalog", p.stem), entries)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CatalogError(f"catalog {p.name}: {exc}") from exc


@cache
def load(name: str, directory: str | None = None) -> Catalog:
    """Load one catalog by name (cached)."""
    d = Path(directory) if directory else CATALOG_DIR
    p = d / f"{name}.json"
    if not p.exists():
        raise CatalogError(f"catalog {name!r} not found in {d}")
    return _load_file(p)


def available(directory: str | None = None) -> list[str]:
    d = Path(directory) if directory else CATALOG_DIR
    return sorted(p.stem for p in d.glob("*.json"))
