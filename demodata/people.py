"""People for the demo generator: origin profiles, names and aliases, birth dates, languages,
addresses, phone numbers and official identifiers. Pure functions of a ``random.Random``.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

from casefile.records import Alias, BirthDatePrecision, LanguageSkill
from demodata import names


class Weighted:
    """Items with cumulative weights, drawn with one ``random()`` and a bisect."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs):
        pairs = list(pairs)
        self.items = tuple(p[0] for p in pairs)
        self.cum = list(accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]

    def pick(self, rng):
        return self.items[bisect(self.cum, rng.random() * self.total)]


@dataclass(frozen=True)
class OriginProfile:
    """How people of one origin arrive, live and are registered."""

    male_share: float
    p_family: float  # share of households that are families
    family_types: Weighted  # couple_kids, single_parent, couple, three_gen, siblings
    kids: Weighted  # number of children in a family with children
    arrival_years: tuple  # ((year, weight), ...)
    placeholder_dob: float  # share with 01.01.YYYY
    unknown_dob: float
    asylum: float  # share who came through the asylum procedure
    protection_rate: float  # share of decided asylum cases with protection


_HIGH_KIDS = Weighted([(1, 0.2), (2, 0.3), (3, 0.25), (4, 0.15), (5, 0.1)])
_LOW_KIDS = Weighted([(1, 0.45), (2, 0.4), (3, 0.15)])
_FAMILY_TYPES = ("couple_kids", "single_parent", "couple", "three_gen", "siblings")
_T_REFUGEE = Weighted(zip(_FAMILY_TYPES, (0.65, 0.1, 0.12, 0.05, 0.08)))
_T_UKR = Weighted(zip(_FAMILY_TYPES, (0.25, 0.45, 0.1, 0.15, 0.05)))  # many mothers with children
_T_MIGRANT = Weighted(zip(_FAMILY_TYPES, (0.55, 0.1, 0.25, 0.05, 0.05)))
_T_EU = Weighted(zip(_FAMILY_TYPES, (0.5, 0.1, 0.35, 0.02, 0.03)))


def _years(*spans):
    """((from, to, weight), ...) -> ((year, weight per year), ...); the last year's weight also
    applies to later years (see ``arrival_weights``)."""
    return tuple((y, w) for a, b, w in spans for y in range(a, b + 1))


PROFILES: dict[str, OriginProfile] = {
    "SYR": OriginProfile(
        male_share=0.58,
        p_family=0.18,
        family_types=_T_REFUGEE,
        kids=_HIGH_KIDS,
        arrival_years=_years(
            (2014, 2014, 6),
            (2015, 2015, 25),
            (2016, 2016, 20),
            (2017, 2021, 5),
            (2022, 2022, 8),
            (2023, 2023, 12),
            (2024, 2026, 6),
        ),
        placeholder_dob=0.12,
        unknown_dob=0.04,
        asylum=0.97,
        protection_rate=0.85,
    ),
    "AFG": OriginProfile(
        male_share=0.66,
        p_family=0.11,
        family_types=_T_REFUGEE,
        kids=_HIGH_KIDS,
        arrival_years=_years(
            (2015, 2016, 11),
            (2017, 2020, 4),
            (2021, 2021, 8),
            (2022, 2022, 15),
            (2023, 2023, 20),
            (2024, 2026, 9),
        ),
        placeholder_dob=0.35,
        unknown_dob=0.08,
        asylum=0.95,
        protection_rate=0.6,
    ),
    "IRQ": OriginProfile(
        male_share=0.57,
        p_family=0.18,
        family_types=_T_REFUGEE,
        kids=_HIGH_KIDS,
        arrival_years=_years(
            (2015, 2015, 15), (2016, 2016, 20), (2017, 2021, 6), (2022, 2023, 10), (2024, 2026, 5)
        ),
        placeholder_dob=0.18,
        unknown_dob=0.05,
        asylum=0.9,
        protection_rate=0.4,
    ),
    "ERI": OriginProfile(
        male_share=0.62,
        p_family=0.06,
        family_types=_T_REFUGEE,
        kids=_HIGH_KIDS,
        arrival_years=_years(
            (2014, 2014, 8), (2015, 2016, 16), (2017, 2021, 6), (2022, 2023, 9), (2024, 2026, 5)
        ),
        placeholder_dob=0.3,
        unknown_dob=0.06,
        asylum=0.98,
        protection_rate=0.8,
    ),
    "SOM": OriginProfile(
        male_share=0.58,
        p_family=0.09,
        family_types=_T_REFUGEE,
        kids=_HIGH_KIDS,
        arrival_years=_years((2014, 2016, 12), (2017, 2021, 5), (2022, 2023, 9), (2024, 2026, 5)),
        placeholder_dob=0.35,
        unknown_dob=0.08,
        asylum=0.98,
        protection_rate=0.55,
    ),
    "IRN": OriginProfile(
        male_share=0.56,
        p_family=0.11,
        family_types=_T_REFUGEE,
        kids=_LOW_KIDS,
        arrival_years=_years(
            (2015, 2016, 8), (2017, 2021, 5), (2022, 2022, 15), (2023, 2023, 20), (2024, 2026, 9)
        ),
        placeholder_dob=0.08,
        unknown_dob=0.03,
        asylum=0.75,
        protection_rate=0.5,
    ),
    "TUR": OriginProfile(
        male_share=0.57,
        p_family=0.15,
        family_types=_T_MIGRANT,
        kids=_LOW_KIDS,
        arrival_years=_years(
            (1995, 2014, 1.5),
            (2016, 2018, 3),
            (2019, 2021, 2),
            (2022, 2022, 15),
            (2023, 2023, 25),
            (2024, 2026, 10),
        ),
        placeholder_dob=0.05,
        unknown_dob=0.02,
        asylum=0.55,
        protection_rate=0.25,
    ),
    "RUS": OriginProfile(
        male_share=0.45,
        p_family=0.15,
        family_types=_T_MIGRANT,
        kids=_LOW_KIDS,
        arrival_years=_years(
            (1995, 2015, 1.5), (2016, 2021, 2), (2022, 2022, 25), (2023, 2023, 15), (2024, 2026, 7)
        ),
        placeholder_dob=0.03,
        unknown_dob=0.02,
        asylum=0.45,
        protection_rate=0.3,
    ),
    "UKR": OriginProfile(
        male_share=0.38,
        p_family=0.22,
        family_types=_T_UKR,
        kids=_LOW_KIDS,
        arrival_years=_years(
            (2010, 2021, 0.5), (2022, 2022, 60), (2023, 2023, 20), (2024, 2026, 7)
        ),
        placeholder_dob=0.02,
        unknown_dob=0.015,
        asylum=0,
        protection_rate=0,
    ),
    "POL": OriginProfile(
        male_share=0.6,
        p_family=0.09,
        family_types=_T_EU,
        kids=_LOW_KIDS,
        arrival_years=_years((2004, 2010, 2), (2011, 2016, 5), (2017, 2026, 3)),
        placeholder_dob=0.01,
        unknown_dob=0.02,
        asylum=0,
        protection_rate=0,
    ),
    "ROU": OriginProfile(
        male_share=0.58,
        p_family=0.15,
        family_types=_T_EU,
        kids=_LOW_KIDS,
        arrival_years=_years((2007, 2013, 2), (2014, 2020, 6), (2021, 2026, 4)),
        placeholder_dob=0.01,
        unknown_dob=0.02,
        asylum=0,
        protection_rate=0,
    ),
    "BGR": OriginProfile(
        male_share=0.56,
        p_family=0.15,
        family_types=_T_EU,
        kids=_LOW_KIDS,
        arrival_years=_years((2007, 2013, 2), (2014, 2020, 6), (2021, 2026, 4)),
        placeholder_dob=0.01,
        unknown_dob=0.02,
        asylum=0,
        protection_rate=0,
    ),
    "ITA": OriginProfile(
        male_share=0.6,
        p_family=0.07,
        family_types=_T_EU,
        kids=_LOW_KIDS,
        arrival_years=_years((2000, 2026, 1)),
        placeholder_dob=0.01,
        unknown_dob=0.02,
        asylum=0,
        protection_rate=0,
    ),
}

# Primary language by group, then further languages with their probability.
LANGUAGES: dict[str, tuple[Weighted, tuple]] = {
    "SYR_AR": (Weighted([("ar", 1)]), (("en", 0.15),)),
    "SYR_KU": (Weighted([("kmr", 1)]), (("ar", 0.8),)),
    "IRQ_AR": (Weighted([("ar", 1)]), (("en", 0.1),)),
    "IRQ_KU": (Weighted([("ckb", 0.6), ("kmr", 0.4)]), (("ar", 0.5),)),
    "AFG": (Weighted([("prs", 0.6), ("ps", 0.3), ("haz", 0.1)]), (("ur", 0.05), ("en", 0.1))),
    "IRN": (Weighted([("fa", 1)]), (("en", 0.3),)),
    "ERI": (Weighted([("ti", 0.9), ("tig", 0.1)]), (("am", 0.2), ("ar", 0.15), ("en", 0.15))),
    "SOM": (Weighted([("so", 1)]), (("ar", 0.3), ("en", 0.2), ("sw", 0.05))),
    "UKR": (Weighted([("uk", 0.75), ("ru", 0.25)]), (("ru", 0.5), ("en", 0.2))),
    "RUS": (Weighted([("ru", 0.92), ("ce", 0.08)]), (("en", 0.15),)),
    "TUR": (Weighted([("tr", 1)]), (("en", 0.1),)),
    "TUR_KU": (Weighted([("kmr", 0.85), ("zza", 0.15)]), (("tr", 0.95),)),
    "POL": (Weighted([("pl", 1)]), (("en", 0.15),)),
    "ROU": (Weighted([("ro", 1)]), (("rom", 0.12), ("hu", 0.05), ("it", 0.08))),
    "BGR": (Weighted([("bg", 0.7), ("tr", 0.3)]), (("rom", 0.15),)),
    "ITA": (Weighted([("it", 1)]), (("en", 0.1),)),
}

# Addresses: towns of the Burgenlandkreis with postcode, weight, and a few streets of their own.
TOWNS = Weighted(
    [
        (
            (
                "Weißenfels",
                "06667",
                (
                    "Merseburger Straße",
                    "Naumburger Straße",
                    "Leipziger Straße",
                    "Zeitzer Straße",
                    "Promenade",
                    "Große Burgstraße",
                ),
            ),
            0.30,
        ),
        (
            (
                "Naumburg (Saale)",
                "06618",
                (
                    "Weißenfelser Straße",
                    "Jakobsstraße",
                    "Salzstraße",
                    "Roßbacher Straße",
                    "Kösener Straße",
                    "Fischstraße",
                ),
            ),
            0.23,
        ),
        (
            (
                "Zeitz",
                "06712",
                (
                    "Geraer Straße",
                    "Altenburger Straße",
                    "Naumburger Straße",
                    "Weißenfelser Straße",
                    "Rahnestraße",
                    "Baenschstraße",
                ),
            ),
            0.27,
        ),
        (
            (
                "Hohenmölsen",
                "06679",
                ("Ernst-Thälmann-Straße", "Lützener Straße", "Zeitzer Straße"),
            ),
            0.05,
        ),
        (("Teuchern", "06682", ("Weißenfelser Straße", "Markt")), 0.03),
        (("Lützen", "06686", ("Leipziger Straße", "Markt")), 0.02),
        (("Nebra (Unstrut)", "06642", ("Wangener Straße", "Markt")), 0.02),
        (("Osterfeld", "06721", ("Zeitzer Straße", "Markt")), 0.015),
        (("Freyburg (Unstrut)", "06632", ("Schloßstraße", "Markt")), 0.015),
        (
            (
                "Naumburg (Saale) OT Bad Kösen",
                "06628",
                ("Loreleypromenade", "Rudolf-Breitscheid-Straße"),
            ),
            0.02,
        ),
    ]
)
COMMON_STREETS = (
    "Bahnhofstraße",
    "Friedensstraße",
    "Goethestraße",
    "Schillerstraße",
    "Lindenstraße",
    "Bergstraße",
    "Gartenstraße",
    "Hauptstraße",
    "Karl-Marx-Straße",
    "Thomas-Müntzer-Straße",
    "Rudolf-Breitscheid-Straße",
    "Käthe-Kollwitz-Straße",
    "Albert-Schweitzer-Straße",
    "Friedrich-Ebert-Straße",
    "Straße der Einheit",
    "Nordstraße",
    "Am Stadtpark",
    "Wilhelm-Pieck-Ring",
    "Platz der Jugend",
    "August-Bebel-Straße",
)
SHELTER_TOWNS = ("Weißenfels", "Naumburg (Saale)", "Zeitz")

MOBILE_PREFIXES = (
    "151",
    "152",
    "157",
    "159",
    "160",
    "162",
    "163",
    "170",
    "171",
    "172",
    "173",
    "174",
    "175",
    "176",
    "177",
    "178",
    "179",
    "1520",
    "1522",
    "1575",
    "1577",
)

# Staatsangehörigkeitsschlüssel used as the suffix of BAMF file numbers.
BAMF_COUNTRY = {
    "SYR": "475",
    "AFG": "423",
    "IRQ": "438",
    "IRN": "439",
    "ERI": "224",
    "SOM": "273",
    "TUR": "163",
    "RUS": "160",
    "UKR": "166",
}


def arrival_weights(prof: OriginProfile, year: int) -> list[tuple[int, float]]:
    """Arrival years up to *year*; years after the table keep the weight of its last year."""
    table = [(y, w) for y, w in prof.arrival_years if y <= year]
    last_year, last_weight = prof.arrival_years[-1]
    table += [(y, last_weight) for y in range(last_year + 1, year + 1)]
    return table or [(year, 1.0)]


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def random_day(rng, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def phone(rng) -> str:
    prefix = rng.choice(MOBILE_PREFIXES)
    number = str(rng.randrange(10 ** (9 - len(prefix)), 10 ** (10 - len(prefix))))
    style = rng.random()
    if style < 0.35:
        return f"0{prefix} {number}"
    if style < 0.6:
        return f"+49 {prefix} {number}"
    if style < 0.75:
        return f"0{prefix}/{number}"
    if style < 0.88:
        return f"0{prefix} {number[:4]} {number[4:]}"
    return f"+49{prefix}{number}"


def address(rng, shelter: bool = False) -> tuple[str, str]:
    """(address, town) in the Burgenlandkreis; shelters exist in the three large towns."""
    town, plz, streets = TOWNS.pick(rng)
    if shelter:
        town = rng.choice(SHELTER_TOWNS)
        plz = {"Weißenfels": "06667", "Naumburg (Saale)": "06618", "Zeitz": "06712"}[town]
        room = f"{rng.randint(1, 3)}.{rng.randint(1, 24):02d}"
        return f"Gemeinschaftsunterkunft, Zi. {room}, {plz} {town}", town
    street = rng.choice(streets) if rng.random() < 0.5 else rng.choice(COMMON_STREETS)
    if rng.random() < 0.12:
        street = street.replace("straße", "str.").replace("Straße", "Str.")
    no = str(rng.randint(1, 120)) + (rng.choice("abc") if rng.random() < 0.08 else "")
    key = town.split(" OT ")[-1]  # "Bad Kösen" for the Naumburg district, else the town
    return f"{street} {no}, {plz} {town}", key


# --------------------------------------------------------------------------------------------
# names

Ref = tuple  # (pool, kind, index, variant)


def pick_variant(rng, n: int) -> int:
    """Mostly the usual spelling; otherwise another one of the family."""
    if n <= 1 or rng.random() < 0.78:
        return 0
    return rng.randrange(1, n)


def new_ref(rng, pool: str, kind: str) -> Ref:
    lst = names.POOLS[pool].lst(kind)
    idx = lst.pick(rng)
    return (pool, kind, idx, pick_variant(rng, len(lst.families[idx].variants)))


def render(refs, feminine: bool = False) -> str:
    return " ".join(names.variants(p, k, i, feminine)[v] for p, k, i, v in refs)


def render_script(refs, feminine: bool = False) -> str:
    parts = [names.script(p, k, i, feminine) for p, k, i, _ in refs]
    return " ".join(parts) if all(parts) else ""


def respell(rng, refs) -> tuple:
    """The same names in other spellings (at least one part changed where possible)."""
    out = []
    for p, k, i, v in refs:
        n = len(names.variants(p, k, i))
        out.append((p, k, i, (v + rng.randrange(1, n)) % n if n > 1 else v))
    return tuple(out)


def given_refs(rng, group: names.Group, sex_kind: str) -> tuple:
    parts = [new_ref(rng, group.given_pool, sex_kind)]
    double = {"TUR": 0.15, "AFG": 0.12, "ROU": 0.12, "ITA": 0.12}.get(group.origin, 0.04)
    if rng.random() < double:
        second = new_ref(rng, group.given_pool, sex_kind)
        if second[2] != parts[0][2]:
            parts.append(second)
    return tuple(parts)


def family_refs(rng, group: names.Group, father_given: Ref | None = None) -> tuple:
    """Own family name: inherited (family pool) or patronymic (father's given name)."""
    if rng.random() < group.patronymic:
        father = father_given or new_ref(rng, group.given_pool, "m")
        refs = [father[:3] + (pick_variant(rng, len(names.variants(*father[:3]))),)]
        if group.origin in ("ERI", "SOM") and rng.random() < 0.25:
            refs.append(new_ref(rng, group.given_pool, "m"))
        return tuple(refs)
    return (new_ref(rng, group.family_pool, "family"),)


def canonical_refs(refs) -> list[dict]:
    return [{"pool": p, "kind": k, "index": i, "variant": v} for p, k, i, v in refs]


def _usual(refs) -> tuple:
    return tuple(r[:3] + (0,) for r in refs)


def aliases(rng, person, client) -> list[Alias]:
    """1-2 other spellings: variant spelling, passport/original script, swapped, birth name."""
    options = []
    options.append(("spelling", 0.5))
    if render_script(person.given) and render_script(person.family, person.feminine):
        options.append(("script", 0.25))
    elif person.group.origin in ("UKR", "RUS", "BGR") and any(
        r[3] for r in person.given + person.family
    ):
        # the Latin spelling of a Cyrillic passport is variant 0 of these pools
        options.append(("passport_latin", 0.25))
    options.append(("swapped", 0.15))
    if client.birth_name:
        options.append(("birth_name", 0.1))
    chosen: list[str] = []
    for _ in range(2 if rng.random() < 0.3 else 1):
        left = [o for o in options if o[0] not in chosen]
        if left:
            chosen.append(Weighted(left).pick(rng))
    out = []
    for kind in chosen:
        if kind == "spelling":
            fam = respell(rng, person.family) if rng.random() < 0.75 else person.family
            changed = fam != person.family
            giv = respell(rng, person.given) if not changed or rng.random() < 0.4 else person.given
            a = Alias(render(fam, person.feminine), render(giv), "spelling")
        elif kind == "script":
            a = Alias(
                render_script(person.family, person.feminine),
                render_script(person.given),
                "passport",
            )
        elif kind == "passport_latin":
            family, given = (
                render(_usual(person.family), person.feminine),
                render(_usual(person.given)),
            )
            a = Alias(family, given, "passport")
        elif kind == "swapped":
            a = Alias(client.given_names, client.family_name, "swapped")
        else:
            a = Alias(client.birth_name, client.given_names, "birth_name")
        if (a.family_name, a.given_names) != (client.family_name, client.given_names):
            out.append(a)
    return out


# --------------------------------------------------------------------------------------------
# birth dates, languages, identifiers


def birth_record(rng, origin: str, true_birth: dt.date, born_here: bool):
    """(birth_date, precision) as registered: placeholder 01.01.YYYY and unknown dates occur."""
    prof = PROFILES[origin]
    if born_here:
        return true_birth, BirthDatePrecision.EXACT
    r = rng.random()
    if r < prof.unknown_dob:
        return None, BirthDatePrecision.UNKNOWN
    if r < prof.unknown_dob + prof.placeholder_dob:
        precision = BirthDatePrecision.YEAR if rng.random() < 0.6 else BirthDatePrecision.EXACT
        return dt.date(true_birth.year, 1, 1), precision
    return true_birth, BirthDatePrecision.EXACT


def languages(
    rng,
    group: names.Group,
    arrival: dt.date,
    today: dt.date,
    age: int,
    born_here: bool,
    home_language: str = "",
) -> list[LanguageSkill]:
    """Languages with interpreter need; members of a household mostly share *home_language*."""
    primary, extra = LANGUAGES[group.key]
    years_here = (today - arrival).days / 365.25
    out = []
    first = home_language if home_language and rng.random() < 0.9 else primary.pick(rng)
    if born_here or (age < 16 and years_here > 1.5):
        out.append(LanguageSkill("de"))
        out.append(LanguageSkill(first))
        return out
    need = 0.9 if years_here < 1 else 0.7 if years_here < 3 else 0.45 if years_here < 6 else 0.2
    if group.origin in names.EU_ORIGINS:
        need *= 0.5
    if age < 16:
        need *= 0.3
    out.append(LanguageSkill(first, rng.random() < need))
    seen = [first]
    for code, p in extra:
        if code not in seen and rng.random() < p:
            out.append(LanguageSkill(code))
            seen.append(code)
    if not out[0].interpreter_needed and years_here > 3 and rng.random() < 0.5:
        out.append(LanguageSkill("de"))
    return out


@dataclass
class IdSource:
    """Unique official numbers across one generation run."""

    azr: set = field(default_factory=set)
    abh_seq: dict = field(default_factory=dict)
    bamf_next: int = 0
    bg_next: int = 0
    passport: set = field(default_factory=set)

    def azr_number(self, rng) -> str:
        while True:
            n = str(rng.randrange(10**11, 10**12))
            if n not in self.azr:
                self.azr.add(n)
                return n

    def abh_number(self, rng, year: int) -> str:
        seq = self.abh_seq.get(year, 0) + rng.randint(1, 9)
        self.abh_seq[year] = seq
        return f"ABH-{year}-{seq:06d}"

    def bamf_number(self, rng, origin: str, count: int) -> list[str]:
        """Consecutive numbers for the members of one household (one per person)."""
        if not self.bamf_next:
            self.bamf_next = rng.randrange(5_000_000, 6_000_000)
        self.bamf_next += rng.randint(1, 40)
        start = self.bamf_next
        self.bamf_next += count
        suffix = BAMF_COUNTRY.get(origin, "998")
        return [f"{start + i}-{suffix}" for i in range(count)]

    def bg_number(self, rng) -> str:
        if not self.bg_next:
            self.bg_next = rng.randrange(100_000, 200_000)
        self.bg_next += rng.randint(1, 30)
        return f"15084BG{self.bg_next:07d}"

    def passport_number(self, rng, origin: str) -> str:
        while True:
            if origin == "UKR":
                letters = "".join(rng.choice("ABCEFHKMNPTX") for _ in range(2))
                n = f"{letters}{rng.randrange(10**6):06d}"
            else:
                n = rng.choice("CNPRU") + f"{rng.randrange(10**8):08d}"
            if n not in self.passport:
                self.passport.add(n)
                return n
