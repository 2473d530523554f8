"""Name pools for demo data: given and family names per origin group, as *variant families*.

A variant family is one name in its usual romanisations, e.g. Mohammed / Muhammad / Mohamad.
The first variant is the spelling a German office most often writes; ``script`` is the spelling
in the original script where the documents carry one (Arabic, Persian, Cyrillic). ``weight`` is
a relative frequency within the list, so that common names are common, as in a real registry.

The pools are data files (``data/names/*.txt``, ``data/places/*.txt``), one variant family a
line, parsed at import::

    <weight> <variant>/<variant>/... [= <original script>]

A name is addressed by ``(pool, kind, index)`` where kind is ``"m"``/``"f"`` (given names by
sex) or ``"family"``; :func:`variants` returns all spellings of it, so a benchmark can build
queries with other spellings of a generated name.
"""

from __future__ import annotations

from bisect import bisect
from dataclasses import dataclass, field
from importlib import resources
from itertools import accumulate


@dataclass(frozen=True)
class NameFamily:
    """One name in its spellings; ``variants[0]`` is the usual German-office spelling."""

    variants: tuple[str, ...]
    script: str = ""
    weight: float = 1.0


def _parse(text: str) -> tuple[NameFamily, ...]:
    out = []
    for line in text.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        weight, _, rest = line.partition(" ")
        names, _, script = rest.partition("=")
        variants = tuple(v.strip() for v in names.split("/") if v.strip())
        out.append(NameFamily(variants, script.strip(), float(weight)))
    return tuple(out)


class _Weighted:
    """A list of name families with cumulative weights for fast weighted draws."""

    def __init__(self, families: tuple[NameFamily, ...]):
        self.families = families
        self.cum = list(accumulate(f.weight for f in families))
        self.total = self.cum[-1]

    def pick(self, rng) -> int:
        return bisect(self.cum, rng.random() * self.total)

    def __len__(self) -> int:
        return len(self.families)


# Family-name forms of women (Ivanov -> Ivanova, Kowalski -> Kowalska); the rules act on the
# last word and keep variant indices aligned, so the variant family stays the same.
_FEMININE_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "east_slavic": (
        ("ський", "ська"),
        ("ский", "ская"),
        ("skyi", "ska"),
        ("skyj", "ska"),
        ("skiy", "skaya"),
        ("skij", "skaja"),
        ("sky", "ska"),
        ("ski", "ska"),
        ("ов", "ова"),
        ("ев", "ева"),
        ("ёв", "ёва"),
        ("ин", "ина"),
        ("ын", "ына"),
        ("ov", "ova"),
        ("ow", "owa"),
        ("ev", "eva"),
        ("ew", "ewa"),
        ("in", "ina"),
    ),
    "ukrainian": (
        ("ський", "ська"),
        ("skyi", "ska"),
        ("skyj", "ska"),
        ("sky", "ska"),
        ("ski", "ska"),
        ("ов", "ова"),
        ("ov", "ova"),
        ("ow", "owa"),
    ),
    "polish": (
        ("ski", "ska"),
        ("sky", "ska"),
        ("cki", "cka"),
        ("cky", "cka"),
        ("zki", "zka"),
        ("dzki", "dzka"),
    ),
    "bulgarian": (
        ("ов", "ова"),
        ("ев", "ева"),
        ("ov", "ova"),
        ("ow", "owa"),
        ("ev", "eva"),
        ("ew", "ewa"),
    ),
}


def feminine_form(rule: str, name: str) -> str:
    """The female form of a family name under *rule* (unchanged where no rule applies)."""
    if not rule or not name:
        return name
    for suffix, repl in _FEMININE_RULES[rule]:
        if name.endswith(suffix):
            return name[: -len(suffix)] + repl
    return name


@dataclass
class Pool:
    """Given names (by sex) and family names of one naming tradition."""

    key: str
    m: _Weighted
    f: _Weighted
    family: _Weighted
    feminine_rule: str = ""
    has_script: bool = False

    def lst(self, kind: str) -> _Weighted:
        return {"m": self.m, "f": self.f, "family": self.family}[kind]


@dataclass(frozen=True)
class Group:
    """An origin subgroup: nationality, naming pools, birth places and family customs.

    ``patronymic`` is the share of people whose family name is their father's given name
    (Eritrea always; in Afghan, Somali and Iraqi registrations often).
    """

    key: str
    origin: str  # ISO 3166-1 alpha-3 (catalog nationality)
    given_pool: str
    family_pool: str
    weight: float  # share within the origin
    places: _Weighted = field(compare=False)
    patronymic: float = 0.0
    wife_takes_name: bool = False


# --------------------------------------------------------------------------------------------
# The lists themselves are data files of this package, read once at import:
# data/names/<LIST>.txt (given names ``<ORIGIN>_M``/``_F``, family names ``<ORIGIN>_FAMILY``),
# data/places/<GROUP>.txt (birth places of an origin group) and data/german_places.txt.

_DATA = resources.files(__package__) / "data"


def _texts(folder: str) -> dict[str, str]:
    """The text of every ``*.txt`` file in *folder* of the package data, by file stem."""
    files = sorted(
        (f for f in (_DATA / folder).iterdir() if f.name.endswith(".txt")), key=lambda f: f.name
    )
    return {f.name[:-4]: f.read_text(encoding="utf-8") for f in files}


TEXTS: dict[str, str] = _texts("names")  # list name (``ARAB_M``) -> its text
PLACES: dict[str, str] = _texts("places")  # origin group (``SYR_AR``) -> its text

# Towns in Germany for children born here (also used for addresses by the generator).
GERMAN_BIRTH_PLACES = _parse((_DATA / "german_places.txt").read_text(encoding="utf-8"))


def __getattr__(name: str) -> str:
    """The text of one list as a module attribute, as before: ``names.ARAB_M``."""
    try:
        return TEXTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


# --------------------------------------------------------------------------------------------
# Pools, groups, origin mix


def _pool(key, m, f, family, rule="", extra_m="", has_script=False) -> Pool:
    m_text = TEXTS[m] + (TEXTS[extra_m] if extra_m else "")
    return Pool(
        key,
        _Weighted(_parse(m_text)),
        _Weighted(_parse(TEXTS[f])),
        _Weighted(_parse(TEXTS[family])),
        rule,
        has_script,
    )


POOLS: dict[str, Pool] = {
    p.key: p
    for p in (
        _pool("SYR", "ARAB_M", "ARAB_F", "SYR_FAMILY", has_script=True),
        _pool("IRQ", "ARAB_M", "ARAB_F", "IRQ_FAMILY", extra_m="IRAQ_M_EXTRA", has_script=True),
        _pool("KUR", "KURD_M", "KURD_F", "KURD_FAMILY"),
        _pool("AFG", "AFG_M", "AFG_F", "AFG_FAMILY", has_script=True),
        _pool("IRN", "IRN_M", "IRN_F", "IRN_FAMILY", has_script=True),
        _pool("ERI", "ERI_M", "ERI_F", "ERI_M"),
        _pool("SOM", "SOM_M", "SOM_F", "SOM_M"),
        _pool("UKR", "UKR_M", "UKR_F", "UKR_FAMILY", "ukrainian", has_script=True),
        _pool("RUS", "RUS_M", "RUS_F", "RUS_FAMILY", "east_slavic", has_script=True),
        _pool("BGR", "BGR_M", "BGR_F", "BGR_FAMILY", "bulgarian", has_script=True),
        _pool("TUR", "TUR_M", "TUR_F", "TUR_FAMILY"),
        _pool("POL", "POL_M", "POL_F", "POL_FAMILY", "polish"),
        _pool("ROU", "ROU_M", "ROU_F", "ROU_FAMILY"),
        _pool("ITA", "ITA_M", "ITA_F", "ITA_FAMILY"),
    )
}


def _group(key, origin, given, family, weight, places, patronymic=0.0, wife_takes_name=False):
    return Group(
        key,
        origin,
        given,
        family,
        weight,
        _Weighted(_parse(PLACES[places])),
        patronymic,
        wife_takes_name,
    )


# Within an origin the groups' weights add up to 1. Wives keep their own family name in the
# Arab, Persian, Kurdish, Eritrean, Somali and Italian traditions; Eritrean family names are
# always the father's given name (``ERI`` uses the male given list as family list).
GROUPS: tuple[Group, ...] = (
    _group("SYR_AR", "SYR", "SYR", "SYR", 0.80, "SYR_AR"),
    _group("SYR_KU", "SYR", "KUR", "KUR", 0.20, "SYR_KU"),
    _group("IRQ_AR", "IRQ", "IRQ", "IRQ", 0.50, "IRQ_AR", patronymic=0.15),
    _group("IRQ_KU", "IRQ", "KUR", "KUR", 0.50, "IRQ_KU", patronymic=0.25),
    _group("AFG", "AFG", "AFG", "AFG", 1.0, "AFG", patronymic=0.25),
    _group("IRN", "IRN", "IRN", "IRN", 1.0, "IRN"),
    _group("ERI", "ERI", "ERI", "ERI", 1.0, "ERI", patronymic=1.0),
    _group("SOM", "SOM", "SOM", "SOM", 1.0, "SOM", patronymic=1.0),
    _group("UKR", "UKR", "UKR", "UKR", 1.0, "UKR", wife_takes_name=True),
    _group("RUS", "RUS", "RUS", "RUS", 1.0, "RUS", wife_takes_name=True),
    _group("TUR", "TUR", "TUR", "TUR", 0.60, "TUR", wife_takes_name=True),
    _group("TUR_KU", "TUR", "KUR", "TUR", 0.40, "TUR_KU", wife_takes_name=True),
    _group("POL", "POL", "POL", "POL", 1.0, "POL", wife_takes_name=True),
    _group("ROU", "ROU", "ROU", "ROU", 1.0, "ROU", wife_takes_name=True),
    _group("BGR", "BGR", "BGR", "BGR", 1.0, "BGR", wife_takes_name=True),
    _group("ITA", "ITA", "ITA", "ITA", 1.0, "ITA"),
)

# Share of clients by nationality, for a county in Saxony-Anhalt: Ukraine and Syria largest.
ORIGIN_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("UKR", 0.26),
    ("SYR", 0.20),
    ("AFG", 0.10),
    ("TUR", 0.07),
    ("ROU", 0.07),
    ("POL", 0.06),
    ("IRQ", 0.06),
    ("ERI", 0.04),
    ("RUS", 0.04),
    ("IRN", 0.03),
    ("SOM", 0.025),
    ("BGR", 0.025),
    ("ITA", 0.01),
)

EU_ORIGINS = frozenset({"POL", "ROU", "BGR", "ITA"})


def variants(pool: str, kind: str, index: int, feminine: bool = False) -> tuple[str, ...]:
    """All spellings of one name; *kind* is ``"m"``, ``"f"`` or ``"family"``."""
    p = POOLS[pool]
    vs = p.lst(kind).families[index].variants
    if feminine and kind == "family" and p.feminine_rule:
        return tuple(feminine_form(p.feminine_rule, v) for v in vs)
    return vs


def script(pool: str, kind: str, index: int, feminine: bool = False) -> str:
    """The original-script spelling of one name, or ``""``."""
    p = POOLS[pool]
    s = p.lst(kind).families[index].script
    if feminine and kind == "family" and p.feminine_rule:
        return feminine_form(p.feminine_rule, s)
    return s


def group(key: str) -> Group:
    for g in GROUPS:
        if g.key == key:
            return g
    raise KeyError(key)
