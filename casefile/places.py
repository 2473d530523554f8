"""Birth places: one place, many spellings (Danzig / Gdańsk, Kronstadt / Brașov, Aleppo / حلب).

A registry writes a birth place as the person or the interpreter said it: as a German exonym,
in English, in the local spelling, transliterated or in the original script. Spellings of one
name are caught by :func:`casefile.names.name_similarity` (Kharkiv / Charkiw); exonyms and
former names are not (Antep / Gaziantep, Dnipropetrowsk / Dnipro). For these the gazetteer
``resources/gazetteer/birth_places.txt`` lists the variants of each place, per country:

    [POL]
    Danzig / Gdańsk / Gdansk

The county can extend it; :func:`same_place` compares through it. A spelling that names places
in two countries (Tripoli) belongs to both; two records agree if they share one of them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from casefile.names import fold, name_similarity
from resources import path as resource_path

GAZETTEER = resource_path("gazetteer", "birth_places.txt")


class GazetteerError(ValueError):
    """A malformed line in the gazetteer (file and line named)."""


class Gazetteer:
    """Place variants by folded spelling -> place ids (a spelling may name several places)."""

    def __init__(self, lines: list[str], source: str = "<text>"):
        self.places: dict[str, set[int]] = {}
        self.country_of: list[str] = []
        country = ""
        for number, raw in enumerate(lines, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                if not (line.endswith("]") and len(line) == 5 and line[1:4].isalpha()):
                    raise GazetteerError(
                        f"{source}, Zeile {number}: Ländercode in eckigen "
                        f"Klammern erwartet, z. B. [SYR]"
                    )
                country = line[1:4].upper()
                continue
            variants = [v.strip() for v in line.split("/") if v.strip()]
            if not country or len(variants) < 2:
                raise GazetteerError(
                    f"{source}, Zeile {number}: erwartet werden mindestens zwei "
                    f"Schreibweisen, getrennt durch ' / ', unter einem Ländercode"
                )
            place = len(self.country_of)
            self.country_of.append(country)
            for v in variants:
                key = fold(v)
                if key:
                    self.places.setdefault(key, set()).add(place)

    @classmethod
    def load(cls, file: Path = GAZETTEER) -> Gazetteer:
        if not file.exists():
            return cls([], str(file))
        return cls(file.read_text(encoding="utf-8").splitlines(), str(file))

    def ids(self, name: str) -> frozenset[int]:
        return frozenset(self.places.get(fold(name), ()))

    def __len__(self) -> int:
        return len(self.country_of)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@lru_cache(maxsize=1 << 14)
def same_place(a: str, b: str) -> bool:
    """Whether two birth place entries name the same place (spelling, exonym or script)."""
    if gazetteer().ids(a) & gazetteer().ids(b):
        return True
    return name_similarity(a, b) >= 0.9
