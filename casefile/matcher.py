"""Is this the same person? Pairwise comparison of two person records, with reasons in words.

Used by the server's duplicate check and by the desktop's warning before a new client is
saved. The score is a sum of evidence weights (log-odds, in the spirit of Fellegi-Sunter):
every piece of evidence adds or subtracts, and each comes with a reason a caseworker can read
("gleiche AZR-Nummer", "Tag und Monat des Geburtsdatums vertauscht"). Names are compared with
:func:`casefile.names.name_similarity` (word order, transliteration families, particles).

Decisions:

* ``same`` -- strong evidence only: an identifier that matches (AZR number, ABH file number)
  without any strong counter-evidence, or matching names with an exact, non-placeholder birth
  date, the same sex and a further agreeing detail. Only these may be merged automatically.
* ``review`` -- likely the same person: a person decides.
* ``different`` -- stays apart.

Placeholder birth dates (01.01., 31.12. and the mid-year 01.07.) and unknown dates are
weak evidence; a conflicting AZR number is near-certain counter-evidence (one person, one AZR
entry). Reasons are German (the UI language); the desktop translates them with the context
``"matcher"``.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from casefile.names import fold, name_similarity


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - marker read by lupdate
    return text


REASONS: dict[str, str] = {
    "same_azr": QT_TRANSLATE_NOOP("matcher", "gleiche AZR-Nummer"),
    "other_azr": QT_TRANSLATE_NOOP("matcher", "verschiedene AZR-Nummern"),
    "same_abh": QT_TRANSLATE_NOOP("matcher", "gleiches ABH-Aktenzeichen"),
    "other_abh": QT_TRANSLATE_NOOP("matcher", "verschiedene ABH-Aktenzeichen"),
    "same_name": QT_TRANSLATE_NOOP("matcher", "gleicher Name"),
    "similar_name": QT_TRANSLATE_NOOP("matcher", "sehr ähnlicher Name (andere Schreibweise)"),
    "related_name": QT_TRANSLATE_NOOP("matcher", "ähnlicher Name"),
    "other_name": QT_TRANSLATE_NOOP("matcher", "verschiedene Namen"),
    "same_birth_date": QT_TRANSLATE_NOOP("matcher", "gleiches Geburtsdatum"),
    "placeholder_birth_date": QT_TRANSLATE_NOOP("matcher", "gleiches Geburtsdatum, aber ein Platzhalterdatum (01.01.)"),
    "swapped_birth_date": QT_TRANSLATE_NOOP("matcher", "Tag und Monat des Geburtsdatums vertauscht"),
    "typo_birth_date": QT_TRANSLATE_NOOP("matcher", "Geburtsdatum weicht in einer Ziffer ab"),
    "same_birth_year": QT_TRANSLATE_NOOP("matcher", "gleiches Geburtsjahr"),
    "other_birth_date": QT_TRANSLATE_NOOP("matcher", "verschiedene Geburtsdaten"),
    "same_sex": QT_TRANSLATE_NOOP("matcher", "gleiches Geschlecht"),
    "other_sex": QT_TRANSLATE_NOOP("matcher", "verschiedenes Geschlecht"),
    "same_nationality": QT_TRANSLATE_NOOP("matcher", "gleiche Staatsangehörigkeit"),
    "other_nationality": QT_TRANSLATE_NOOP("matcher", "verschiedene Staatsangehörigkeiten"),
    "same_birth_place": QT_TRANSLATE_NOOP("matcher", "gleicher Geburtsort"),
    "other_birth_place": QT_TRANSLATE_NOOP("matcher", "verschiedene Geburtsorte"),
    "same_phone": QT_TRANSLATE_NOOP("matcher", "gleiche Telefonnummer"),
}

SAME, REVIEW, DIFFERENT = "same", "review", "different"
REVIEW_AT = 4.0          # log-odds from which a pair goes to a person
SAME_AT = 12.0           # log-odds from which a pair may be merged without a person


@dataclass(frozen=True)
class Person:
    """The comparable facts of one person record (any field may be empty)."""
    id: str
    given_names: str = ""
    family_name: str = ""
    birth_date: dt.date | None = None
    birth_date_exact: bool = True        # False: only the year is known (or a guess)
    sex: str = ""                        # catalog code: f, m, x, u ("" = not recorded)
    nationalities: tuple[str, ...] = ()
    birth_place: str = ""
    phone: str = ""
    abh_file_number: str = ""
    azr_number: str = ""


@dataclass(frozen=True)
class Evidence:
    code: str
    weight: float

    @property
    def text(self) -> str:
        return REASONS[self.code]


@dataclass
class Match:
    """The comparison of two persons: log-odds ``score``, a probability, the decision and the
    evidence behind it (strongest first)."""
    score: float
    decision: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, self.score))))

    @property
    def reasons(self) -> list[str]:
        return [e.text for e in self.evidence]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _file_number(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text or "").replace(" ", ""))


def _phone(text: str) -> str:
    d = _digits(text)
    if d.startswith("0049"):
        d = "0" + d[4:]
    elif d.startswith("49") and len(d) > 10:
        d = "0" + d[2:]
    return d if len(d) >= 6 else ""


def is_placeholder(date: dt.date | None) -> bool:
    """01.01., 31.12. and 01.07. are what registries write when only the year is known."""
    return date is not None and (date.month, date.day) in ((1, 1), (12, 31), (7, 1))


def _one_digit_apart(a: dt.date, b: dt.date) -> bool:
    sa, sb = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    return sum(x != y for x, y in zip(sa, sb)) == 1


def _birth_date(a: Person, b: Person) -> Evidence | None:
    if a.birth_date is None or b.birth_date is None:
        return None
    x, y = a.birth_date, b.birth_date
    exact = a.birth_date_exact and b.birth_date_exact
    if x == y:
        if not exact or is_placeholder(x):
            return Evidence("placeholder_birth_date", 1.5)
        return Evidence("same_birth_date", 6.0)
    if x.year == y.year and x.month == y.day and x.day == y.month:
        return Evidence("swapped_birth_date", 4.0)
    if not exact or is_placeholder(x) or is_placeholder(y):
        if x.year == y.year:
            return Evidence("same_birth_year", 1.5)
        return Evidence("other_birth_date", -1.5) if abs(x.year - y.year) > 1 else None
    if _one_digit_apart(x, y):
        return Evidence("typo_birth_date", 2.5)
    return Evidence("other_birth_date", -6.0)


def _names(a: Person, b: Person) -> Evidence | None:
    na = f"{a.given_names} {a.family_name}".strip()
    nb = f"{b.given_names} {b.family_name}".strip()
    if not na or not nb:
        return None
    sim = name_similarity(na, nb)
    if sim >= 0.999:
        return Evidence("same_name", 6.0)
    if sim >= 0.9:
        return Evidence("similar_name", 4.5)
    if sim >= 0.8:
        return Evidence("related_name", 1.5)
    return Evidence("other_name", -4.0 if sim >= 0.6 else -8.0)


def compare(a: Person, b: Person) -> Match:
    """Compare two person records; see the module docstring for the decisions."""
    ev: list[Evidence] = []

    def add(e: Evidence | None) -> None:
        if e is not None:
            ev.append(e)

    azr_a, azr_b = _digits(a.azr_number), _digits(b.azr_number)
    if azr_a and azr_b:
        add(Evidence("same_azr", 14.0) if azr_a == azr_b else Evidence("other_azr", -14.0))
    abh_a, abh_b = _file_number(a.abh_file_number), _file_number(b.abh_file_number)
    if abh_a and abh_b:
        add(Evidence("same_abh", 10.0) if abh_a == abh_b else Evidence("other_abh", -6.0))
    add(_names(a, b))
    add(_birth_date(a, b))
    known = {"f", "m", "x"}
    if a.sex in known and b.sex in known:
        add(Evidence("same_sex", 0.5) if a.sex == b.sex else Evidence("other_sex", -5.0))
    if a.nationalities and b.nationalities:
        add(Evidence("same_nationality", 1.0) if set(a.nationalities) & set(b.nationalities)
            else Evidence("other_nationality", -1.5))
    if a.birth_place and b.birth_place:
        same_place = name_similarity(a.birth_place, b.birth_place) >= 0.9
        add(Evidence("same_birth_place", 2.0) if same_place else Evidence("other_birth_place", -1.0))
    pa, pb = _phone(a.phone), _phone(b.phone)
    if pa and pb and pa == pb:
        add(Evidence("same_phone", 2.0))     # households share phones: supporting only
    ev.sort(key=lambda e: -abs(e.weight))
    score = sum(e.weight for e in ev)
    return Match(score, _decide(score, ev), ev)


def _decide(score: float, ev: list[Evidence]) -> str:
    codes = {e.code for e in ev}
    strong_against = codes & {"other_azr", "other_sex", "other_name"}
    if score >= SAME_AT and not strong_against:
        identifier = codes & {"same_azr", "same_abh"}
        personal = {"same_birth_date", "same_sex"} <= codes and codes & {"same_name", "similar_name"}
        supported = codes & {"same_nationality", "same_birth_place", "same_phone"}
        if identifier and codes & {"same_name", "similar_name", "related_name"}:
            return SAME
        if personal and supported:
            return SAME
    return REVIEW if score >= REVIEW_AT else DIFFERENT
