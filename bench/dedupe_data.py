"""Synthetic person registry with known duplicates, to measure a duplicate-detection matcher.

    rows, pairs = generate(20_000, dup_rate=0.15, seed=42); write_csv("registry.csv", rows)
    python -m bench.dedupe_data 100000 registry.csv pairs.csv [seed]

All draws come from one ``random.Random(seed)``, so the same arguments give the same rows, ids
and pairs. Names, birth places and origin shares are the demo pools of ``demodata.names``: a
name is a reference into a *variant family* (Mohammed / Muhammad / Mohamad = محمد), drawn by its
weight, so common names are common and a duplicate can use another spelling of the same name.
About 12 % of the persons only have a placeholder birth date (YYYY-01-01, sometimes YYYY-12-31).

* Persons come in units: singles; households (a couple or a single mother with 1-4 children
  sharing family name, phone, birth place and nationality, sometimes with twins); clusters of
  namesakes (common given and family name, placeholder birth date of the same or a neighbouring
  year); fathers and sons with identical names a generation apart. All but the singles are hard
  negatives: alike, but different people.
* About ``dup_rate`` of the rows are extra records of a person who already has one (two records
  mostly, three sometimes), each with 1-3 ``VARIATIONS``: another romanisation, original script,
  given and family name swapped, another article form (Al-Hassan / Alhassan / al Hassan /
  El-Hassan), a typo, a middle name dropped or added, day and month swapped, a placeholder date
  for the real one or vice versa, no or a mistyped birth date, phone missing or formatted
  otherwise, identifiers missing, birth place spelled otherwise or missing, no nationality.
  Extra records are often field registrations and lack AZR and ABH numbers more often; numbers
  present on two records of a person are equal (but for a rare typo in the ABH file number).
* Rows are shuffled before ids ("p000001", ...) are assigned, so neither order nor ids reveal
  pairs. ``pairs`` holds every pair of rows of one person (3 records -> 3 pairs).

``mode="typo"`` keeps the same population (units, hard negatives, shares) but makes the extra
records as a hurried person types them (``TYPO_VARIATIONS``), combined at random:

* ``slips`` (most records): one to three character slips spread over given and family name --
  a neighbouring key on a German keyboard instead of the right one, a letter dropped, a letter
  doubled or a neighbouring key inserted, two neighbouring letters swapped; the first letter is
  rarely hit (1 slip in 20), as in registries;
* ``date_digit`` / ``date_swap`` / ``date_transposed``: one digit of the birth date changed, day
  and month swapped, two neighbouring digits swapped (always still a valid date);
* ``no_date`` / ``no_given`` / ``no_nationality``: a field left empty;
* ``swap``: given and family name in each other's field;
* fewer identifiers: an extra record keeps its AZR or ABH number only about one time in three.

The spelling is the usual one of the person (no other romanisation), so the noise is the typing.

:func:`generate_dataset` also returns the truth: person and household of each row, hard-negative
pairs by kind and the variations of each extra record.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import random
import re
from dataclasses import dataclass, field
from itertools import combinations

from demodata import names, people
from demodata.people import Weighted, render, render_script

COLUMNS = [
    "id",
    "given_names",
    "family_name",
    "birth_date",
    "sex",
    "nationality",
    "birth_place",
    "phone",
    "abh_file_number",
    "azr_number",
]

# Units of persons, weighted so that about 30 % of the persons live in households and a few
# hundred per 20,000 are namesakes or fathers and sons (weight = share of persons / mean size).
_UNITS = Weighted(
    [
        ("single", 0.675 / 1.0),
        ("household", 0.30 / 4.3),
        ("namesakes", 0.015 / 2.3),
        ("father_son", 0.01 / 2.0),
    ]
)
# Variations of an extra record with their relative frequency (where they apply).
VARIATIONS = Weighted(
    [
        ("romanisation", 20),
        ("script", 6),
        ("swap", 6),
        ("particle", 10),
        ("typo", 10),
        ("middle_name", 6),
        ("day_month", 6),
        ("placeholder", 6),
        ("no_date", 4),
        ("date_typo", 5),
        ("phone", 8),
        ("ids", 8),
        ("place", 6),
        ("no_nationality", 3),
    ]
)
_DATE_KINDS = frozenset({"day_month", "placeholder", "no_date", "date_typo"})
# Typing noise of an extra record in mode "typo": probability of each kind (independent draws,
# at least one applies); the date kinds exclude each other.
TYPO_VARIATIONS = (
    ("slips", 0.8),
    ("date", 0.35),
    ("missing", 0.2),
    ("swap", 0.15),
)
_SLIPS = Weighted([(1, 0.5), (2, 0.3), (3, 0.2)])
_DATE_NOISE = Weighted([("date_digit", 0.45), ("date_swap", 0.25), ("date_transposed", 0.3)])
_MISSING = Weighted([("no_date", 0.35), ("no_given", 0.25), ("no_nationality", 0.4)])
# Neighbouring keys on a German (QWERTZ) keyboard.
_ROWS = ("qwertzuiop", "asdfghjkl", "yxcvbnm")
_NEIGHBOURS = {
    c: "".join(
        _ROWS[r2][c2]
        for r2 in range(max(0, r - 1), min(3, r + 2))
        for c2 in (c1 - 1, c1, c1 + 1)
        if 0 <= c2 < len(_ROWS[r2]) and (r2, c2) != (r, c1)
    )
    for r, row in enumerate(_ROWS)
    for c1, c in enumerate(row)
}
_PHONE_STYLES = Weighted([(0, 0.55), (1, 0.3), (2, 0.1), (3, 0.05)])
_ORIGINS = Weighted(names.ORIGIN_WEIGHTS)
_GROUPS = {
    o: Weighted((g, g.weight) for g in names.GROUPS if g.origin == o)
    for o, _ in names.ORIGIN_WEIGHTS
}
_FATHERS_NAME = frozenset({"SYR", "IRQ", "AFG", "ERI", "SOM"})  # second given name = father's name
_PARTICLE = re.compile(r"^(?:Al|El|As|An|Ar|Asch|Esch)-(\S.*)$")


class Person:
    """The truth about one person; each of its records renders it with some noise."""

    __slots__ = (
        "abh",
        "azr",
        "birth",
        "dob",
        "family",
        "fem",
        "given",
        "group",
        "household",
        "phone",
        "place",
        "sex",
        "unit",
        "unit_kind",
    )

    def __init__(self, group, fem, given, family, birth, dob, place, unit, unit_kind):
        self.group, self.fem, self.sex, self.given, self.family = (
            group,
            fem,
            "mf"[fem],
            given,
            family,
        )
        self.birth, self.dob, self.place, self.phone, self.azr, self.abh = (
            birth,
            dob,
            place,
            None,
            "",
            "",
        )
        self.unit, self.unit_kind, self.household = unit, unit_kind, None


@dataclass
class Dataset:
    """Rows, true duplicate pairs and the truth behind them (keyed by row id)."""

    rows: list[dict[str, str]]
    pairs: set[frozenset[str]]
    person_of: dict[str, int] = field(default_factory=dict)
    household_of: dict[str, int] = field(default_factory=dict)
    hard_negatives: dict[str, set[frozenset[str]]] = field(default_factory=dict)
    variations: dict[str, tuple[str, ...]] = field(default_factory=dict)


def iso(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _placeholder(rng, year: int) -> str:
    return iso(year, 12, 31) if rng.random() < 0.15 else iso(year, 1, 1)


def _phone_text(phone) -> str:
    """0151 2345678, +49 151 2345678, 0151/2345678 or +491512345678."""
    prefix, number, style = phone
    return (
        f"0{prefix} {number}",
        f"+49 {prefix} {number}",
        f"0{prefix}/{number}",
        f"+49{prefix}{number}",
    )[style]


class _Builder:
    def __init__(self, rng: random.Random):
        self.rng, self.persons, self.twins = rng, [], []
        self.units = self.households = 0
        self.used: set[str] = set()  # AZR and ABH numbers given out

    # -- attributes ---------------------------------------------------------------------------
    def place(self, group) -> tuple:
        idx = group.places.pick(self.rng)
        return group, idx, people.pick_variant(self.rng, len(group.places.families[idx].variants))

    def phone(self, p: float) -> tuple | None:
        if self.rng.random() >= p:
            return None
        prefix = self.rng.choice(people.MOBILE_PREFIXES)
        number = str(self.rng.randrange(10 ** (9 - len(prefix)), 10 ** (10 - len(prefix))))
        return prefix, number, _PHONE_STYLES.pick(self.rng)

    def number(self, make) -> str:
        while (n := make()) in self.used:
            pass
        self.used.add(n)
        return n

    def add(
        self, group, fem, given, family, year, unit_kind, dob="", place=None, birth=None
    ) -> Person:
        rng = self.rng
        if birth is None:
            start = dt.date(year, 1, 1).toordinal()
            d = dt.date.fromordinal(start + rng.randrange(366 if calendar.isleap(year) else 365))
            birth = d.year, d.month, d.day
        r = rng.random()
        dob = dob or ("unknown" if r < 0.02 else "placeholder" if r < 0.14 else "exact")
        if dob == "placeholder" and rng.random() < 0.15:
            dob = "placeholder_end"  # YYYY-12-31 instead of YYYY-01-01
        p = Person(
            group, fem, given, family, birth, dob, place or self.place(group), self.units, unit_kind
        )
        if rng.random() < 0.004:
            p.sex = ""
        third = group.origin not in names.EU_ORIGINS
        if rng.random() < (0.5 if third else 0.1):
            p.azr = self.number(lambda: str(rng.randrange(10**11, 10**12)))
        if rng.random() < (0.36 if third else 0.12):
            p.abh = self.number(
                lambda: f"ABH-{rng.randint(2014, 2025)}-{rng.randrange(1, 10**6):06d}"
            )
        self.persons.append(p)
        return p

    # -- units --------------------------------------------------------------------------------
    def unit(self, room: int) -> None:
        rng = self.rng
        self.units += 1
        kind = _UNITS.pick(rng) if room > 1 else "single"
        g = _GROUPS[_ORIGINS.pick(rng)].pick(rng)
        if kind == "single":
            sex = "m" if rng.random() < 0.55 else "f"
            p = self.add(
                g,
                sex == "f",
                people.given_refs(rng, g, sex),
                people.family_refs(rng, g),
                int(rng.triangular(1950, 2020.99, 1993)),
                kind,
            )
            p.phone = self.phone(0.42)
        elif kind == "household":
            self.household(g, room)
        elif kind == "namesakes":  # same common name, placeholder dates
            sex = "m" if rng.random() < 0.6 else "f"
            given, family = (
                (self.common(g.given_pool, sex),),
                (self.common(g.family_pool, "family"),),
            )
            year = int(rng.triangular(1960, 2003, 1990))
            for _ in range(min(room, 2 if rng.random() < 0.7 else 3)):
                year_i = year + rng.choice((-1, 0, 0, 1))
                p = self.add(g, sex == "f", given, family, year_i, kind, "placeholder")
                p.phone = self.phone(0.5)
        else:  # father and son, same given and family names
            given = people.given_refs(rng, g, "m")
            second = people.new_ref(rng, g.given_pool, "m")
            if len(given) == 1 and second[2] != given[0][2] and rng.random() < 0.5:
                given += (second,)
            family = people.family_refs(rng, g)
            father = self.add(g, False, given, family, rng.randint(1950, 1975), kind)
            son = self.add(
                g,
                False,
                given,
                family,
                min(father.birth[0] + rng.randint(22, 36), 2005),
                kind,
                place=father.place if rng.random() < 0.6 else None,
            )
            father.phone, son.phone = self.phone(0.5), self.phone(0.5)

    def common(self, pool: str, kind: str) -> tuple:
        """A frequent name: the more frequent of two weighted draws, usual spelling."""
        lst = names.POOLS[pool].lst(kind)
        idx = max(lst.pick(self.rng), lst.pick(self.rng), key=lambda i: lst.families[i].weight)
        return pool, kind, idx, 0

    def household(self, g, room: int) -> None:
        """A couple (or a single mother) and 1-4 children sharing name, phone, place, nationality."""
        rng = self.rng
        self.households += 1
        family, place, phone, members = (
            people.family_refs(rng, g),
            self.place(g),
            self.phone(0.75),
            [],
        )
        if rng.random() < 0.85:
            head = self.add(
                g,
                False,
                people.given_refs(rng, g, "m"),
                family,
                int(rng.triangular(1955, 1999, 1983)),
                "household",
                place=place,
            )
            mother_year = max(1950, min(2002, head.birth[0] + round(rng.gauss(3, 4))))
            members.append(head)
        else:
            mother_year = int(rng.triangular(1960, 2002, 1988))
        members.append(
            self.add(
                g,
                True,
                people.given_refs(rng, g, "f"),
                family,
                mother_year,
                "household",
                place=place,
            )
        )
        lo = min(mother_year + 18, 2020)
        for k in range(max(0, min(rng.choice((1, 2, 2, 3, 3, 4)), room - len(members)))):
            sex = "m" if rng.random() < 0.51 else "f"
            twin = members[-1] if k == 1 and rng.random() < 0.15 else None
            if twin and rng.random() < 0.5:
                sex = "f" if twin.fem else "m"
            for _ in range(5):  # siblings get different given names
                given = people.given_refs(rng, g, sex)
                if all(m.given[0][1:3] != given[0][1:3] for m in members):
                    break
            year = rng.randint(lo, min(lo + 27, 2020))
            members.append(
                self.add(
                    g,
                    sex == "f",
                    given,
                    family,
                    year,
                    "household",
                    twin and twin.dob,
                    place,
                    twin and twin.birth,
                )
            )
            if twin:
                self.twins.append((len(self.persons) - 2, len(self.persons) - 1))
        for m in members:
            m.phone, m.household = phone, self.households

    # -- records ------------------------------------------------------------------------------
    def record(self, p: Person, extra: bool) -> dict[str, str]:
        """A record of *p*; extra records (often field registrations) lack numbers more often."""
        rng = self.rng
        y, m, d = p.birth
        birth = {
            "unknown": "",
            "exact": iso(y, m, d),
            "placeholder": iso(y, 1, 1),
            "placeholder_end": iso(y, 12, 31),
        }[p.dob]
        group, idx, v = p.place
        return {
            "given_names": render(p.given),
            "family_name": render(p.family, p.fem),
            "birth_date": birth,
            "sex": p.sex if not extra or rng.random() > 0.005 else "",
            "nationality": group.origin if rng.random() > 0.005 else "",
            "birth_place": group.places.families[idx].variants[v] if rng.random() > 0.03 else "",
            "phone": _phone_text(p.phone) if p.phone else "",
            "abh_file_number": p.abh if not extra or rng.random() < 0.7 else "",
            "azr_number": p.azr if not extra or rng.random() < 0.6 else "",
        }

    def extra_record(self, p: Person) -> tuple[dict[str, str], tuple[str, ...]]:
        """Another record of *p* with 1-3 variations; returns it and the variation kinds."""
        rng = self.rng
        rec = self.record(p, True)
        if rec["abh_file_number"] and rng.random() < 0.01:
            rec["abh_file_number"] = _digit_typo(rng, rec["abh_file_number"], rng.randrange(9, 15))
        # name state, rendered at the end: form of a part is "script", "respelled" or "particle"
        st = {
            "given": list(p.given),
            "family": list(p.family),
            "form": {},
            "typo": "",
            "swap": False,
        }
        want, applied = rng.choice((1, 1, 1, 2, 2, 3)), []
        for _ in range(15):
            kind = VARIATIONS.pick(rng)
            if len(applied) < want and kind not in applied and self.vary(kind, p, rec, st, applied):
                applied.append(kind)
        form = st["form"]
        given = (render_script if form.get("given") == "script" else render)(st["given"])
        family = (render_script if form.get("family") == "script" else render)(st["family"], p.fem)
        family = st.get("particle") or family
        given = _typo(rng, given) if st["typo"] == "given" else given
        family = _typo(rng, family) if st["typo"] == "family" else family
        rec["given_names"], rec["family_name"] = (family, given) if st["swap"] else (given, family)
        return rec, tuple(applied)

    def typo_record(self, p: Person) -> tuple[dict[str, str], tuple[str, ...]]:
        """Another record of *p* typed in a hurry (mode "typo"); returns it and the noise kinds."""
        rng = self.rng
        rec = self.record(p, True)
        for key in ("azr_number", "abh_file_number"):
            if rec[key] and rng.random() < 0.5:
                rec[key] = ""
        applied: list[str] = []
        while not applied:
            for kind, share in TYPO_VARIATIONS:
                if rng.random() >= share:
                    continue
                if kind == "slips":
                    parts = [k for k in ("given_names", "family_name") if rec[k]]
                    n = _SLIPS.pick(rng)
                    for _ in range(n):
                        k = rng.choice(parts)
                        rec[k] = _slip(rng, rec[k])
                    applied.append(f"slips{n}")
                elif kind == "date" and rec["birth_date"]:
                    noise = _DATE_NOISE.pick(rng)
                    new = _date_noise(rng, noise, rec["birth_date"])
                    if new and new != rec["birth_date"]:
                        rec["birth_date"] = new
                        applied.append(noise)
                elif kind == "missing":
                    noise = _MISSING.pick(rng)
                    field = {"no_date": "birth_date", "no_given": "given_names"}.get(
                        noise, "nationality"
                    )
                    if rec[field] and (field != "given_names" or rec["family_name"]):
                        rec[field] = ""
                        applied.append(noise)
                elif kind == "swap" and rec["given_names"]:
                    rec["given_names"], rec["family_name"] = rec["family_name"], rec["given_names"]
                    applied.append("swap")
        return rec, tuple(applied)

    def vary(self, kind: str, p: Person, rec: dict, st: dict, applied: list) -> bool:
        """Apply one variation if it applies and shows; the date variations exclude each other."""
        rng, form = self.rng, st["form"]
        if kind == "romanisation":
            parts = [
                k
                for k in ("family", "given")
                if k not in form and any(len(names.variants(*r[:3])) > 1 for r in st[k])
            ]
            for k in (
                parts if len(parts) == 2 and rng.random() < 0.15 else parts and [rng.choice(parts)]
            ):
                st[k], form[k] = list(people.respell(rng, st[k])), "respelled"
            return bool(parts)
        if kind == "script":
            parts = [
                k
                for k in ("family", "given")
                if k not in form and k != st["typo"] and render_script(st[k], p.fem)
            ]
            if parts:
                form[rng.choice(parts)] = "script"
            return bool(parts)
        if kind == "swap":
            st["swap"] = True
            return True
        if kind == "particle":
            first = names.variants(*st["family"][0][:3])[0]  # usual spelling: "Al-Hassan"
            m = len(st["family"]) == 1 and "family" not in form and _PARTICLE.match(first)
            if m:
                core, form["family"] = m.group(1), "particle"
                forms = [
                    f"Al-{core}",
                    f"Al{core.lower()}",
                    f"al {core}",
                    f"El-{core}",
                    f"Al {core}",
                    core,
                ]
                st["particle"] = rng.choice([f for f in forms if f != rec["family_name"]])
            return bool(m)
        if kind == "typo":
            parts = [k for k in ("family", "given") if form.get(k) != "script"]
            st["typo"] = parts and rng.choice(parts)
            return bool(parts)
        if kind == "middle_name":
            given, sex = st["given"], "m" if p.group.origin in _FATHERS_NAME else st["given"][0][1]
            new = (
                given[:1]
                if len(given) > 1
                else given + [people.new_ref(rng, p.group.given_pool, sex)]
            )
            if (len(new) > 1 and new[1][1:3] == new[0][1:3]) or (
                form.get("given") == "script" and not render_script(new)
            ):
                return False
            st["given"] = new
            return True
        if kind in _DATE_KINDS:
            new = (
                None
                if _DATE_KINDS & set(applied)
                else _date_variation(rng, kind, p, rec["birth_date"])
            )
            if new is None or new == rec["birth_date"]:
                return False
            rec["birth_date"] = new
            return True
        if kind == "phone" and rec["phone"]:
            style = (p.phone[2] + rng.randrange(1, 4)) % 4
            rec["phone"] = "" if rng.random() < 0.5 else _phone_text(p.phone[:2] + (style,))
            return True
        if kind == "ids" and (rec["azr_number"] or rec["abh_file_number"]):
            r = rng.random()
            both = r < 0.6 or not (rec["azr_number"] and rec["abh_file_number"])
            rec["azr_number"] = "" if both or r < 0.8 else rec["azr_number"]
            rec["abh_file_number"] = "" if both or r >= 0.8 else rec["abh_file_number"]
            return True
        if kind == "place" and rec["birth_place"]:
            group, idx, _ = p.place
            others = [x for x in group.places.families[idx].variants if x != rec["birth_place"]]
            rec["birth_place"] = rng.choice(others) if others and rng.random() < 0.6 else ""
            return True
        if kind == "no_nationality" and rec["nationality"]:
            rec["nationality"] = ""
            return True
        return False


def _date_variation(rng, kind: str, p: Person, text: str) -> str | None:
    """The birth date *text* after one date variation, or None where it does not apply."""
    if kind == "placeholder":  # placeholder for the real date or vice versa
        exact = iso(*p.birth)
        return _placeholder(rng, p.birth[0]) if text == exact else exact
    if kind == "no_date" or not text:
        return "" if text else None
    y, m, d = map(int, text.split("-"))
    if kind == "day_month":
        return iso(y, d, m) if d <= 12 and d != m else None
    for _ in range(10):  # one mistyped digit, still a valid date
        new = _digit_typo(rng, text, rng.choice((2, 3, 5, 6, 8, 9)))
        try:
            if 1950 <= dt.date.fromisoformat(new).year <= 2020:
                return new
        except ValueError:
            pass
    return None


def _digit_typo(rng, text: str, pos: int) -> str:
    return text[:pos] + rng.choice([c for c in "0123456789" if c != text[pos]]) + text[pos + 1 :]


def _date_noise(rng, kind: str, text: str) -> str | None:
    """*text* (YYYY-MM-DD) with one digit changed, day and month swapped or two neighbouring
    digits swapped; None where that gives no valid date from 1950 to 2020."""
    y, m, d = map(int, text.split("-"))
    for _ in range(10):
        if kind == "date_swap":
            new = iso(y, d, m) if d <= 12 and d != m else None
        elif kind == "date_digit":
            new = _digit_typo(rng, text, rng.choice((2, 3, 5, 6, 8, 9)))
        else:
            digits = text.replace("-", "")
            i = rng.choice((2, 4, 6))  # within the year's last two digits, the month, the day
            i += rng.random() < 0.5 and i == 2
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
            new = f"{swapped[:4]}-{swapped[4:6]}-{swapped[6:]}"
        if new is None:
            return None
        try:
            if new != text and 1950 <= dt.date.fromisoformat(new).year <= 2020:
                return new
        except ValueError:
            pass
    return None


def _slip(rng, text: str) -> str:
    """*text* with one typing slip: a neighbouring key instead of a letter, a letter dropped, a
    letter doubled or a neighbouring key added, or two neighbouring letters swapped. The first
    letter is hit one time in 20. Upper case stays where it was."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 3:
        return text + (text[-1:] if text else "")
    for _ in range(10):
        i = rng.choice(letters if rng.random() < 0.05 else letters[1:])
        c = text[i]
        near = _NEIGHBOURS.get(c.lower(), "")
        op = rng.random()
        if op < 0.3 and near:
            new_c = rng.choice(near)
            new = text[:i] + (new_c.upper() if c.isupper() else new_c) + text[i + 1 :]
        elif op < 0.55 and i > 0:
            new = text[:i] + text[i + 1 :]
        elif op < 0.75:
            new = (
                text[: i + 1]
                + (c.lower() if rng.random() < 0.5 or not near else rng.choice(near))
                + text[i + 1 :]
            )
        elif i > 0 and text[i - 1].isalpha():
            a, b = text[i - 1], text[i]
            if i - 1 == 0:
                a, b = a.lower(), b.upper()
            new = text[: i - 1] + b + a + text[i + 1 :]
        else:
            continue
        if new != text:
            return new
    return text + text[-1]


def _typo(rng, text: str) -> str:
    """One letter dropped, doubled or swapped with its neighbour (the text changes)."""
    letters = [i for i, c in enumerate(text) if c.isalpha()][1:]
    for _ in range(10 if len(letters) >= 2 else 0):
        i, op = rng.choice(letters), rng.random()
        new = (
            text[:i] + text[i + 1 :]
            if op < 0.35
            else text[:i] + text[i] + text[i:]
            if op < 0.65
            else text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
        )
        if new != text:
            return new
    return text + text[-1:]


MODES = ("translit", "typo")


def generate_dataset(
    n_records: int, dup_rate: float = 0.15, seed: int = 42, mode: str = "translit"
) -> Dataset:
    """The registry with its truth; see the module docstring."""
    if n_records < 0 or not 0 <= dup_rate < 0.5:
        raise ValueError("n_records must be >= 0 and dup_rate in [0, 0.5)")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    extra = _Builder.typo_record if mode == "typo" else _Builder.extra_record
    rng = random.Random(seed)
    b = _Builder(rng)
    n_extra = round(n_records * dup_rate)
    n_persons = n_records - n_extra
    while len(b.persons) < n_persons:
        b.unit(n_persons - len(b.persons))
    records = [(i, b.record(p, False), ()) for i, p in enumerate(b.persons)]
    left = n_extra
    for i in rng.sample(range(n_persons), min(n_persons, n_extra)):  # 2 records mostly, 3 sometimes
        for _ in range(min(left, 2 if rng.random() < 0.15 else 1)):
            records.append((i, *extra(b, b.persons[i])))
            left -= 1
    rng.shuffle(records)
    width = max(6, len(str(n_records)))
    ds, ids_of = Dataset([], set()), [[] for _ in b.persons]
    for n, (i, rec, applied) in enumerate(records, 1):
        rid = f"p{n:0{width}d}"
        ds.rows.append({"id": rid, **rec})
        ids_of[i].append(rid)
        ds.person_of[rid] = i
        if b.persons[i].household is not None:
            ds.household_of[rid] = b.persons[i].household
        if applied:
            ds.variations[rid] = applied
    for ids in ids_of:
        ds.pairs.update(frozenset(c) for c in combinations(ids, 2))

    def cross(members) -> set[frozenset[str]]:
        return {
            frozenset((a, c))
            for i, j in combinations(members, 2)
            for a in ids_of[i]
            for c in ids_of[j]
        }

    units: dict[int, list[int]] = {}
    for i, p in enumerate(b.persons):
        if p.unit_kind != "single":
            units.setdefault(p.unit, []).append(i)
    ds.hard_negatives = {k: set() for k in ("household", "twins", "namesakes", "father_son")}
    for members in units.values():
        ds.hard_negatives[b.persons[members[0]].unit_kind] |= cross(members)
    for pair in b.twins:
        ds.hard_negatives["twins"] |= cross(pair)
    return ds


def generate(
    n_records: int, dup_rate: float = 0.15, seed: int = 42, mode: str = "translit"
) -> tuple[list[dict[str, str]], set[frozenset[str]]]:
    """Rows (dicts with exactly COLUMNS, all values str, "" = empty) and the set of true duplicate
    pairs (frozenset({id_a, id_b}); a person recorded 3 times yields 3 pairs)."""
    ds = generate_dataset(n_records, dup_rate, seed, mode)
    return ds.rows, ds.pairs


def write_csv(path, rows) -> None:
    """Rows as UTF-8 CSV with the header COLUMNS."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        _write(f, rows)


def _write(f, rows) -> None:
    writer = csv.DictWriter(f, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)


def persons_of(rows):
    """The rows as the CLI reads them (casefile.dedupe.read_csv), through an in-memory CSV."""
    import io

    from casefile.dedupe import read_csv

    buf = io.StringIO()
    _write(buf, rows)
    buf.seek(0)
    return read_csv(buf)[0]


if __name__ == "__main__":  # python -m bench.dedupe_data N rows.csv pairs.csv [seed]
    import sys

    n, rows_path, pairs_path, *rest = sys.argv[1:]
    rows, pairs = generate(int(n), seed=int(rest[0]) if rest else 42)
    write_csv(rows_path, rows)
    with open(pairs_path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("id_a", "id_b"), *sorted(sorted(p) for p in pairs)])
