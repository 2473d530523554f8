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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA, DamerauLevenshtein

from casefile.names import (
    article_tolerant_similarity,
    fold,
    pair_greedily,
    phonetic_key,
    tokens,
    without_article,
)
from casefile.places import gazetteer, same_place
from casefile.validation import QT_TRANSLATE_NOOP  # the lupdate marker, defined once

if TYPE_CHECKING:
    from casefile.records import Client

REASONS: dict[str, str] = {
    "same_azr": QT_TRANSLATE_NOOP("matcher", "gleiche AZR-Nummer"),
    "other_azr": QT_TRANSLATE_NOOP("matcher", "verschiedene AZR-Nummern"),
    "same_abh": QT_TRANSLATE_NOOP("matcher", "gleiches ABH-Aktenzeichen"),
    "other_abh": QT_TRANSLATE_NOOP("matcher", "verschiedene ABH-Aktenzeichen"),
    "same_name": QT_TRANSLATE_NOOP("matcher", "gleicher Name"),
    "similar_name": QT_TRANSLATE_NOOP("matcher", "sehr ähnlicher Name (andere Schreibweise)"),
    "related_name": QT_TRANSLATE_NOOP("matcher", "ähnlicher Name"),
    "other_name": QT_TRANSLATE_NOOP("matcher", "verschiedene Namen"),
    "other_given_name": QT_TRANSLATE_NOOP("matcher", "verschiedene Vornamen"),
    "other_family_name": QT_TRANSLATE_NOOP("matcher", "verschiedene Familiennamen"),
    "same_birth_date": QT_TRANSLATE_NOOP("matcher", "gleiches Geburtsdatum"),
    "placeholder_birth_date": QT_TRANSLATE_NOOP(
        "matcher", "gleiches Geburtsdatum, aber ein Platzhalterdatum (01.01.)"
    ),
    "swapped_birth_date": QT_TRANSLATE_NOOP(
        "matcher", "Tag und Monat des Geburtsdatums vertauscht"
    ),
    "typo_birth_date": QT_TRANSLATE_NOOP("matcher", "Geburtsdatum weicht in einer Ziffer ab"),
    "typo_name": QT_TRANSLATE_NOOP("matcher", "Name mit Tippfehlern (wenige Buchstaben anders)"),
    "transposed_birth_date": QT_TRANSLATE_NOOP(
        "matcher", "zwei Ziffern des Geburtsdatums vertauscht"
    ),
    "other_phone": QT_TRANSLATE_NOOP("matcher", "verschiedene Telefonnummern"),
    "same_birth_year": QT_TRANSLATE_NOOP("matcher", "gleiches Geburtsjahr"),
    "other_birth_date": QT_TRANSLATE_NOOP("matcher", "verschiedene Geburtsdaten"),
    "same_sex": QT_TRANSLATE_NOOP("matcher", "gleiches Geschlecht"),
    "other_sex": QT_TRANSLATE_NOOP("matcher", "verschiedenes Geschlecht"),
    "same_nationality": QT_TRANSLATE_NOOP("matcher", "gleiche Staatsangehörigkeit"),
    "other_nationality": QT_TRANSLATE_NOOP("matcher", "verschiedene Staatsangehörigkeiten"),
    "same_birth_place": QT_TRANSLATE_NOOP("matcher", "gleicher Geburtsort"),
    "respelled_birth_place": QT_TRANSLATE_NOOP(
        "matcher", "gleicher Geburtsort, aber anders geschrieben"
    ),
    "other_birth_place": QT_TRANSLATE_NOOP("matcher", "verschiedene Geburtsorte"),
    "same_phone": QT_TRANSLATE_NOOP("matcher", "gleiche Telefonnummer"),
    # A detail one record gives and the other lacks; whether that counts for or against one
    # person, the registry's own pairs say (DetailWeights.lone), so the words take no side.
    "lone_nationality": QT_TRANSLATE_NOOP(
        "matcher", "Staatsangehörigkeit nur in einem der Einträge"
    ),
    "lone_phone": QT_TRANSLATE_NOOP("matcher", "Telefonnummer nur in einem der Einträge"),
    "lone_birth_place": QT_TRANSLATE_NOOP("matcher", "Geburtsort nur in einem der Einträge"),
    "lone_birth_date": QT_TRANSLATE_NOOP("matcher", "Geburtsdatum nur in einem der Einträge"),
    "common_name_no_date": QT_TRANSLATE_NOOP(
        "matcher", "häufiger Name und ein Geburtsdatum fehlt (Namensvettern möglich)"
    ),
    "same_third": QT_TRANSLATE_NOOP(
        "matcher", "beide sehr wahrscheinlich dieselbe Person wie ein dritter Eintrag"
    ),
    "common_name_year_only": QT_TRANSLATE_NOOP(
        "matcher", "häufiger Name und nur das Geburtsjahr bekannt (Namensvettern möglich)"
    ),
}

SAME, REVIEW, DIFFERENT = "same", "review", "different"
REVIEW_AT = 8.0  # log-odds from which a pair goes to a person (tuned on bench.dedupe)
SAME_AT = 12.0  # log-odds from which a pair may be merged without a person


@dataclass(frozen=True)
class Person:
    """The comparable facts of one person record (any field may be empty)."""

    id: str
    given_names: str = ""
    family_name: str = ""
    birth_date: dt.date | None = None
    birth_date_exact: bool = True  # False: only the year is known (or a guess)
    sex: str = ""  # catalog code: f, m, x, u ("" = not recorded)
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


def from_client(client: Client) -> Person:
    """A matcher person from a :class:`casefile.records.Client` (the desktop's warning)."""
    ids = {i.type: i.value for i in client.identifiers}
    return Person(
        id=client.id,
        given_names=client.given_names,
        family_name=client.family_name,
        birth_date=client.birth_date,
        birth_date_exact=str(client.birth_date_precision) == "exact"
        and not is_placeholder(client.birth_date),
        sex=str(client.sex),
        nationalities=tuple(client.nationalities),
        birth_place=client.birth_place,
        phone=client.phone,
        abh_file_number=ids.get("abh_file_number", ""),
        azr_number=ids.get("azr_number", ""),
    )


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


@lru_cache(maxsize=1 << 16)
def _typed(date: dt.date) -> str:
    """The date's digits as typed (DDMMYYYY)."""
    return f"{date.day:02d}{date.month:02d}{date.year:04d}"


def _one_digit_apart(a: dt.date, b: dt.date) -> bool:
    return sum(x != y for x, y in zip(_typed(a), _typed(b))) == 1


def _digits_transposed(a: dt.date, b: dt.date) -> bool:
    """Two neighbouring digits of the date (DDMMYYYY as typed) swapped: 1987/1978, 12/21."""
    sa, sb = _typed(a), _typed(b)
    diff = [i for i, (x, y) in enumerate(zip(sa, sb)) if x != y]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and sa[diff[0]] == sb[diff[1]]
        and (sa[diff[1]] == sb[diff[0]])
    )


def _years_one_slip(a: int, b: int) -> bool:
    sa, sb = str(a), str(b)
    diff = [i for i, (x, y) in enumerate(zip(sa, sb)) if x != y]
    return len(diff) == 1 or (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and sa[diff[0]] == sb[diff[1]]
        and sa[diff[1]] == sb[diff[0]]  # a swap of two digits, not 1994/1979
    )


def _birth_date(a: Person, b: Person, same_year: float = 1.5) -> Evidence | None:
    """The birth dates' evidence; *same_year* is the weight of a year known on one side only
    (a placeholder or an imprecise date) that the other date shares (see DetailWeights)."""
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
            if (
                is_placeholder(x) != is_placeholder(y)
                and (b if is_placeholder(x) else a).birth_date_exact
            ):
                # A date as typed one slip from the other record's placeholder (01.01./01.02.,
                # 31.12./13.12.): the placeholder mistyped into a date, or a date mistyped into
                # one. About 1 in 20 other dates of the year is that close (a day or month
                # digit), of one person's records with a placeholder on one side more: a level
                # between the same year's 1.5 and a slip in an exact date's 3.
                if _one_digit_apart(x, y):
                    return Evidence("typo_birth_date", DATE_PLACEHOLDER_SLIP)
                if _digits_transposed(x, y):
                    return Evidence("transposed_birth_date", DATE_PLACEHOLDER_SLIP)
            return Evidence("same_birth_year", same_year)
        # A placeholder keeps the year of the person's real date: years that differ beyond a
        # slip of one digit are two people (about 1 duplicate in 200 has such a year, 1 pair
        # of namesakes in 2 or 3): ln(0.005/0.4) ~ -4. A slip in the year is weaker: one or
        # two duplicates in 100 have one (a digit mistyped or two swapped), and one pair of
        # namesakes in 4 has years that close: ln(0.015/0.25) ~ -2.5 (it was -1, and let
        # namesakes of a placeholder and an exact date a decade apart through to review).
        if _years_one_slip(x.year, y.year):
            return Evidence("other_birth_date", -2.5)
        return Evidence("other_birth_date", -4.0)
    if x.year != y.year and x.month != y.month and x.day != y.day:
        return Evidence("other_birth_date", -6.0)  # a slip changes one part, a swap two
    # A date one digit or one swap of two neighbouring digits away, estimated from the typing
    # noise registry of bench.dedupe (100,000 records) without its truth: m from the pairs
    # that share an AZR number (13 % of them one digit apart, 5 % two digits swapped), u from
    # the pairs of alike names whose AZR numbers differ (0.1 % and 0.002 %): ln(m/u) 4.8 and
    # 7.2, scaled as the same date's 6 is to its 9.7 (twins and households share a date).
    if _one_digit_apart(x, y):
        return Evidence("typo_birth_date", DATE_ONE_DIGIT)
    if _digits_transposed(x, y):
        return Evidence("transposed_birth_date", DATE_TRANSPOSED)
    if OSA.distance(_typed(x), _typed(y), score_cutoff=2) <= 2:
        # Two slips apart (two digits changed, or one changed and two swapped): both records
        # of a pair mistyped, each once. About 2 % of random dates are that close, a quarter of
        # the dates of one year; two or three duplicates in 100 have it: ln(0.025/0.017) and
        # ln(0.025/0.27) -- weakly against, no longer the -6 of another date. Such a date
        # tells namesakes apart no better than none: they count as where a date is missing.
        return Evidence("other_birth_date", DATE_TWO_SLIPS)
    return Evidence("other_birth_date", -6.0)


def dates_tell_apart(a: Person, b: Person) -> bool:
    """Both exact birth dates and further apart than two slips of the hand: two people."""
    birth = _birth_date(a, b)
    return birth is not None and birth.code == "other_birth_date" and birth.weight <= -6.0


# Log-odds ln(m/u) of birth-date levels estimated from a registry are scaled as the same exact
# date's: 6 where its ln(m/u) is about 9.7 (twins and households share a date).
DATE_SCALE = 6.0 / 9.7
DATE_PLACEHOLDER_SLIP = 2.2  # a date one slip from a placeholder (see _birth_date)
DATE_TWO_SLIPS = -1.0  # see _birth_date; namesakes count against as where a date is missing
DATE_ONE_DIGIT = 3.0  # was 2.5
DATE_TRANSPOSED = 4.5  # was 2.5: two different people's dates are seldom two swapped digits


@lru_cache(maxsize=1 << 16)
def skeleton(token: str) -> str:
    """The consonants of a token's phonetic key (vowel marks dropped)."""
    # Ukrainian writes h where Russian writes g (Olha/Olga, Halyna/Galina, Serhii/Sergei).
    return phonetic_key(without_article(token)).replace(".", "").replace("G", "H")


@lru_cache(maxsize=1 << 18)
def _pair(x: str, y: str) -> float:
    """Similarity of two folded name tokens (transliteration-aware, article-tolerant)."""
    score = article_tolerant_similarity(x, y)
    if score < 1.0:
        # Typing errors swap neighbouring letters (Haji/aHji): one edit, not two.
        score = max(score, OSA.normalized_similarity(x, y))
    if score < 0.92:
        # Arabic and Persian script write no short vowels: compare the consonant skeletons of
        # the keys (حلاق/Hallak, صادقی/Sadeghi, Wsile/Vasile).
        sx, sy = skeleton(x), skeleton(y)
        if len(sx) >= 3 and len(sy) >= 3:
            if sx == sy:
                score = max(score, 0.92)
            elif min(len(sx), len(sy)) >= 4 and OSA.distance(sx, sy) == 1:
                score = max(score, 0.82)
    return score


@lru_cache(maxsize=1 << 18)
def _set_similarity(ta: tuple[str, ...], tb: tuple[str, ...]) -> tuple[float, float]:
    """(similarity over both token counts, containment of the shorter in the longer).

    Tokens are paired greedily by their best score, independent of order; the containment
    ignores unpaired tokens of the longer side (a middle name recorded only once)."""
    if not ta or not tb:
        return 0.0, 0.0
    if ta == tb:
        return 1.0, 1.0
    total = _pair(ta[0], tb[0]) if len(ta) == len(tb) == 1 else pair_greedily(ta, tb, _pair)
    return min(1.0, 2.0 * total / (len(ta) + len(tb))), min(1.0, total / min(len(ta), len(tb)))


@lru_cache(maxsize=1 << 18)
def _part(ta: tuple[str, ...], tb: tuple[str, ...]) -> float:
    full, contained = _set_similarity(ta, tb)
    best = max(full, 0.95 * contained)
    if best < 1.0 and len(ta) + len(tb) > 2:
        # One name written as one word or two (Mulugeta / Mulu Geta, Abdulqadir / Abdul Qader).
        best = max(best, _pair("".join(ta), "".join(tb)))
    return best


# Typing slips (letters dropped, doubled, swapped, a neighbouring key): log-odds of one name
# part (given or family) by how many slips and how long the part is. Set by hand from two rates:
# the share of duplicate records with that many slips in a part (m; roughly 60 % none, 25 % one,
# 10 % two, 5 % three), and the share of *different* people of one household, birth date or name
# block whose names are that close (u; falls steeply with the length: two 4-letter names one
# slip apart are common, Sara/Sana, two 9-letter names three slips apart are rare). Both parts
# add; the sum replaces the name evidence only where it says more than the
# transliteration-aware comparison. Slips are counted by :func:`slip_cost`: the edits a hurried
# hand makes on a German keyboard count less than the edits that make another name.
_SLIP_WEIGHTS = {  # slips -> ((shortest length, log-odds), ...) first matching length
    0: ((0, 3.0),),
    1: ((5, 2.5), (3, 1.5)),
    2: ((8, 1.5), (6, 0.5), (4, -1.0), (0, -2.5)),
    3: ((10, 0.0), (8, -1.5), (6, -3.0), (0, -4.5)),
}
_SLIPS_PLAUSIBLE = -2.5  # a part below this is no mistyped copy (see _typo_names)
_SLIPS_OTHER = -6.0  # more slips than a part of that length plausibly takes: another name
TYPO_MAX = 2 * _SLIP_WEIGHTS[0][0][1]

_KEY_ROWS = ("qwertzuiop", "asdfghjkl", "yxcvbnm")  # QWERTZ, the keyboards of the office
_NEAR_KEYS: dict[str, frozenset[str]] = {
    c: frozenset(
        _KEY_ROWS[r2][c2]
        for r2 in range(max(0, r - 1), min(3, r + 2))
        for c2 in (col - 1, col, col + 1)
        if 0 <= c2 < len(_KEY_ROWS[r2]) and (r2, c2) != (r, col)
    )
    for r, row in enumerate(_KEY_ROWS)
    for col, c in enumerate(row)
}
KEY_SLIP = 0.6  # a slip of the hand: a neighbouring key, a letter doubled, two letters swapped


def _near(a: str, b: str) -> bool:
    return a == b or b in _NEAR_KEYS.get(a, ())


def _extra_cost(s: str, i: int) -> float:
    """The cost of the letter s[i] being one too many: cheap where it repeats or neighbours a
    letter beside it (a key held or hit twice), a full edit otherwise."""
    c = s[i]
    if (i > 0 and _near(s[i - 1], c)) or (i + 1 < len(s) and _near(s[i + 1], c)):
        return KEY_SLIP
    return 1.0


@lru_cache(maxsize=1 << 18)
def slip_cost(x: str, y: str) -> float:
    """An edit distance of two folded words in which typing slips cost ``KEY_SLIP`` and other
    edits 1: a neighbouring key for a letter, a letter doubled or a neighbouring key added
    beside it, two neighbouring letters swapped. A letter dropped costs 1 (any letter may be
    dropped, and names differ that way too). Symmetric: slip_cost(x, y) == slip_cost(y, x).

    Different names that are a few edits apart mostly differ by other letters (Rima/Rama,
    Iman/Rama): three slips of a hurried hand cost about 2, three edits of another name 3."""
    n, m = len(x), len(y)
    del_x = [_extra_cost(x, i) for i in range(n)]
    del_y = [_extra_cost(y, j) for j in range(m)]
    before: list[float] = []
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + del_y[j - 1]
    for i in range(1, n + 1):
        cur = [prev[0] + del_x[i - 1]] + [0.0] * m
        xi = x[i - 1]
        for j in range(1, m + 1):
            yj = y[j - 1]
            sub = 0.0 if xi == yj else (KEY_SLIP if yj in _NEAR_KEYS.get(xi, ()) else 1.0)
            best = min(prev[j - 1] + sub, prev[j] + del_x[i - 1], cur[j - 1] + del_y[j - 1])
            if i > 1 and j > 1 and xi == y[j - 2] and x[i - 2] == yj and xi != yj:
                best = min(best, before[j - 2] + KEY_SLIP)
            cur[j] = best
        before, prev = prev, cur
    return prev[m]


# Two slips that are mostly slips of the hand: between one slip and two. Two different names
# are seldom two neighbouring keys, a doubled letter or a swap apart: among random pairs of
# one nationality, two 4- or 5-letter given names are that close (cost 1.2) about as often as
# one letter apart (0.1 %), while 2 edits of other letters (cost 2) are 4 to 7 times as common.
# One slip of the hand (a neighbouring key, a letter doubled, two letters swapped) says as
# much as the same letters: different names are seldom that close (0.1-0.2 % of random pairs
# of one nationality, fewer than those that agree), while one record in four or five has one.
_ONE_HAND_SLIP = ((5, 3.0), (3, 2.0))
_HAND_SLIPS = (  # (highest cost, ((shortest length, log-odds), ...))
    (2 * KEY_SLIP, ((6, 2.0), (4, 1.0), (0, -1.0))),  # two slips of the hand
    (1.0 + KEY_SLIP, ((8, 1.5), (6, 1.0), (4, 0.0), (0, -2.5))),  # and one other edit
)


@lru_cache(maxsize=1 << 18)
def _slip_weight(x: str, y: str) -> float:
    # Slips come one after another: a swap and a letter added beside it are two (Jihad/Jaid),
    # which the restricted (OSA) distance counts as three.
    d = DamerauLevenshtein.distance(x, y, score_cutoff=3)
    rows = _SLIP_WEIGHTS.get(d, ())
    if d == 1 and slip_cost(x, y) <= KEY_SLIP + 1e-9:
        rows = _ONE_HAND_SLIP
    if d == 2 or (d == 3 and min(len(x), len(y)) >= 6):
        # Count the slips by their cost: three slips of the hand (about 2) weigh as two, two
        # (1.2) as less than two. Not three in short names: there most letters are near one
        # another on the keyboard, and different names a few edits apart are common
        # (Olena/Oksana costs 1.8).
        cost = slip_cost(x, y)
        if d == 3:
            rows = _SLIP_WEIGHTS[2 if cost <= 2.0 + 1e-9 else 3]
        else:
            rows = next((r for top, r in _HAND_SLIPS if cost <= top + 1e-9), rows)
    for length, weight in rows:
        if min(len(x), len(y)) >= length:
            return weight - (FIRST_LETTER if d and not _same_start(x, y) else 0.0)
    return _SLIPS_OTHER


# A hurried hand seldom hits the first letter of a name (the eye is on it; about one slip in
# twenty), while different names a few letters apart differ there often (Milena/Elena,
# Irina/Alina, Ghasemi/Kazemi: a third to a half of such pairs): ln(0.05/0.4) ~ -2, taken as
# -1.5 because a few slips may each hit it. Two first letters swapped (Özkan/Ökzan) keep it.
FIRST_LETTER = 1.5


def _same_start(x: str, y: str) -> bool:
    return x[:1] == y[:1] or (len(x) > 1 and len(y) > 1 and x[0] == y[1] and x[1] == y[0])


def _typo_names(a: Prepared, b: Prepared) -> float | None:
    """Log-odds of the names as mistyped copies (see ``_SLIP_WEIGHTS``), the better of the
    straight and the swapped reading; None without a name part on both sides."""
    ga, fa, gb, fb = a.given_text, a.family_text, b.given_text, b.family_text
    if fa and fb and ga and gb:
        # A reading counts only where both parts are plausible copies: a given name three
        # slips from a short one is another name (twins share family name and birth date),
        # and the agreeing family name must not make up for it.
        readings = [
            (x, y)
            for x, y in (
                (_slip_weight(ga, gb), _slip_weight(fa, fb)),
                (_slip_weight(ga, fb), _slip_weight(fa, gb)),
            )
            if min(x, y) >= _SLIPS_PLAUSIBLE
        ]
        return max(x + y for x, y in readings) if readings else None
    # One given name missing: the other part must carry it alone (the family name, or the
    # one recorded part against both of the other record); 1.5 times its weight, as a name
    # agreeing alone counts 4.5 in the transliteration-aware comparison.
    left = [t for t in (ga, fa) if t]
    right = [t for t in (gb, fb) if t]
    if not left or not right:
        return None
    return 1.5 * max(_slip_weight(x, y) for x in left for y in right)


# Names that are mistyped copies (typo_name) weigh this much more than _SLIP_WEIGHTS says: in
# the typing-noise registry of bench.dedupe (100,000 records), estimated without its truth (m
# from pairs sharing an AZR number, u from pairs whose AZR numbers differ), a typo_name of a
# given weight has a likelihood ratio 0.5 to 1.4 (scaled as the same birth date's weight is)
# above a similar_name of the same weight, the spelling comparison REVIEW_AT was set with.
# The lower end is taken (in the transliteration registry the two are alike).
TYPO_CALIBRATION = 0.5


def _names(a: Prepared, b: Prepared, freq: NameFrequencies | None) -> Evidence | None:
    found = _best_names(a, b, freq)
    if found is not None and found.code == "other_name" and freq is not None:
        # Names that differ in every part where one record's names are unheard (a word no one
        # else typed: Skioas for Sikora, Mdlyjk for Melnyk) are as likely garbled as another
        # name, as a given or a family name alone (never for the pair).
        lift = freq.unheard(a.keys + b.keys, "name", a.all_tokens + b.all_tokens)
        if lift:
            return Evidence("other_name", min(0.0, found.weight + lift))
    return found


def _best_names(a: Prepared, b: Prepared, freq: NameFrequencies | None) -> Evidence | None:
    found = _spelled_names(a, b, freq)
    if found is not None and found.code == "same_name":
        return found
    # A spelling alike (4.5) may say less than the same letters but for one slip of the hand in
    # one part (3 + 2.5 or 3): the better reading counts.
    typo = _typo_names(a, b)
    if typo is not None and typo > 0:
        typo = min(TYPO_MAX, typo + TYPO_CALIBRATION)  # no more than both parts' letters
        if freq is not None:
            typo += freq.weight(a, b)  # a common name mistyped says less, a rare one more
    if typo is not None and (found is None or typo > found.weight):
        if found is not None and found.code == "similar_name":
            return Evidence("similar_name", typo)  # alike either way, a slip the likelier
        return Evidence("typo_name" if typo > 0 else "other_name", typo)
    return found


def _spelled_names(a: Prepared, b: Prepared, freq: NameFrequencies | None) -> Evidence | None:
    whole, whole_contained = _set_similarity(a.all_tokens, b.all_tokens)
    if not a.all_tokens or not b.all_tokens:
        return None
    if a.given and a.family and b.given and b.family:
        straight = (_part(a.given, b.given), _part(a.family, b.family))
        # Read swapped, the parts have no given side: the worse counts as the given name (the
        # stricter test), which keeps compare(a, b) == compare(b, a).
        crossed = sorted(
            (
                (_part(a.given, b.family), a.given_keys + b.family_keys, a.given + b.family),
                (_part(a.family, b.given), a.family_keys + b.given_keys, a.family + b.given),
            ),
            key=lambda part: part[0],
        )
        low, high = crossed[0][0], crossed[1][0]
        given, family = max(straight, (low, high), key=sum)
        if whole < 0.999:
            # A clearly different given name is strong counter-evidence: it is what tells
            # siblings, spouses and twins apart, who share everything else.
            if given < 0.7 and whole < 0.9:
                # Below 0.5 the names are unrelated; between, often one name in two
                # romanisations the keys do not unite (Fatuma/Fadumo, Serhij/Serhii).
                weight = -9.0 if given < 0.5 else -3.0
                if freq is not None:
                    keys, words = (
                        (a.given_keys + b.given_keys, a.given + b.given)
                        if given == straight[0]
                        else crossed[0][1:]
                    )
                    weight += freq.unheard(keys, "given", words)
                return Evidence("other_given_name", weight)
            if family < 0.7 and whole < 0.9:
                weight = -5.0 if family < 0.5 else -2.0
                if freq is not None:
                    keys, words = (
                        (a.family_keys + b.family_keys, a.family + b.family)
                        if family == straight[1]
                        else crossed[1][1:]
                    )
                    # Never for the pair: a garbled family name says nothing, at most.
                    weight = min(0.0, weight + freq.unheard(keys, "family", words))
                return Evidence("other_family_name", weight)
        close = min(given, family)
    else:
        close = max(whole, 0.95 * whole_contained)
    rarity = freq.weight(a, b) if freq is not None else 0.0
    if close >= 0.999:
        return Evidence("same_name", 6.0 + rarity)
    if close >= 0.9:
        return Evidence("similar_name", 4.5 + rarity)
    if close >= 0.8:
        return Evidence("related_name", 3.0)
    if close >= 0.74:  # one letter of a short name (Sara/Sarh, Omar/mOar)
        return Evidence("related_name", 1.0)
    return Evidence("other_name", -4.0 if close >= 0.6 else -8.0)


def _differ(code: str, a: Prepared, b: Prepared) -> bool | None:
    """Whether two records disagree on a detail (None where one does not give it)."""
    x, y = a.person, b.person
    if code == "birth_place":
        if not (x.birth_place and y.birth_place):
            return None
        return not same_place(x.birth_place, y.birth_place)
    if code == "phone":
        return None if not (a.phone and b.phone) else a.phone != b.phone
    if not (x.nationalities and y.nationalities):
        return None
    return not set(x.nationalities) & set(y.nationalities)


LONE = ("nationality", "phone", "birth_place", "birth_date")  # details that may be lone
LONE_MOST = 2.0  # a lone detail says as much as an agreeing birth place at most, either way


def _gives(p: Person, phone: str) -> int:
    """The details of LONE a record gives, as bits in LONE's order (Prepared.gives)."""
    given = (bool(p.nationalities), bool(phone), bool(p.birth_place), p.birth_date is not None)
    return sum(1 << i for i, g in enumerate(given) if g)


def _lone(code: str, a: Prepared, b: Prepared) -> bool:
    """One of the two records gives the detail, the other does not."""
    return bool((a.gives ^ b.gives) >> LONE.index(code) & 1)


@dataclass(frozen=True)
class DetailWeights:
    """Log-odds of a detail both records give and that differs: a birth place, a phone, a
    nationality. Where a registry says nothing, the defaults (set by hand: a person's phone
    changes between two records about one time in three, a birth place is spelled beyond
    recognition about one time in 14). A registry estimates them itself (:meth:`estimate`), as
    a mature linker estimates its m and u rates from its own data: m from the pairs of records
    that share an AZR number (one person), u from pairs of alike names whose AZR numbers
    differ (two people). How often people's details differ depends on the office -- how its
    people move, how its forms are filled -- not on a guess made once for all.

    One agreeing level is estimated the same way: ``same_year``, a year known on one side only
    (a placeholder or an imprecise date) that the other record's date shares. How often one
    person's two records have it depends on how the office records dates: where a placeholder
    stands for the real date of the same person's other record, often; where dates are typed
    from a document and only mistyped, seldom -- and then a shared year mostly joins namesakes
    born in one year. Scaled as the birth date's other weights (``DATE_SCALE``), and never more
    than the hand-set 1.5 (namesake clusters share placeholder years more often than the pairs
    anchored by AZR numbers show) nor below 0.

    And a detail one record gives and the other lacks (``lone``: a nationality, a phone, a
    birth place, a birth date). Fellegi-Sunter leaves a missing field out, and so does the
    default; but where a record is left incomplete is no accident of the office: a second
    registration typed in a hurry at an outreach desk lacks what the first, made from papers,
    has (then one person's pairs are lone more often than two people's: for it), or the office
    asks every client for a phone that a person keeps (then a phone on one record only is
    rather another person: against). m and u as above, each with the rate of all those pairs as
    its prior (no evidence) worth PRIOR_PAIRS pairs; for one person never more than an agreeing
    birth place says (``LONE_MOST``), against never more than the detail differing says (a
    phone on one record only is no stronger a sign of two people than two different phones).

    And how a birth place both records name is spelled (``place_spelling``: log-odds added to
    the agreeing place where it is spelled alike, and where it is one place spelled otherwise:
    Charkiw / Kharkiv, Kronstadt / Brașov). A person's records are mostly typed from the same
    papers, so they may repeat one spelling where two people of one town each bring their own;
    or an office retypes every place as it hears it, and the spelling says nothing. The
    registry's pairs say which: m and u of "spelled alike" among the pairs naming one place,
    the rate of all of them as the prior worth PRIOR_PAIRS pairs; neither level counts less
    than another place (``birth_place``) nor adds more than LONE_MOST. By default nothing:
    one place is one place, however spelled."""

    birth_place: float = -2.5
    phone: float = -1.0
    nationality: float = -1.5
    same_year: float = 1.5
    # A detail one record gives and the other lacks (LONE): (code, log-odds) where the
    # registry's pairs say it counts; by default it says nothing, as a missing field.
    lone: tuple[tuple[str, float], ...] = ()
    # A birth place both give and that is one place: (spelled alike, spelled otherwise), added
    # to the agreeing place's weight.
    place_spelling: tuple[float, float] = (0.0, 0.0)

    # The defaults as rates (m, u): ln(m / u) gives them; they are the prior of an estimate,
    # worth PRIOR_PAIRS pairs of each kind, so a small registry keeps them.
    PRIOR = {"birth_place": (0.07, 0.88), "phone": (0.35, 0.95), "nationality": (0.2, 0.9)}
    # The same year's 1.5 as rates: 4.5 % of one person's record pairs, 0.4 % of two people's.
    PRIOR_SAME_YEAR = (0.045, 0.004)
    # A rate of 0.4 % is a few pairs in a small registry's sample: its prior is worth 1,000
    # pairs of two people (four of them with the same year), not 50.
    PRIOR_SAME_YEAR_OTHERS = 1000
    PRIOR_PAIRS = 50
    STRONGEST = -6.0  # as another exact birth date: a detail that differs is never proof

    @classmethod
    def estimate(
        cls,
        same: Iterable[tuple[Prepared, Prepared]],
        other: Iterable[tuple[Prepared, Prepared]],
    ) -> DetailWeights:
        """Weights from pairs known to be one person (*same*) and known to be two (*other*)."""
        # One pass over the pairs (they may be an iterator), each count as [m: hits, pairs;
        # u: hits, pairs]: a detail that differs (of the pairs giving it on both sides), a year
        # known on one side only that the other date shares (of the pairs with both dates), a
        # detail given on one side only (of all pairs).
        counts = {code: [0, 0, 0, 0] for code in cls.PRIOR}
        year = [0, 0, 0, 0]
        lone = {code: [0, 0, 0, 0] for code in LONE}
        spelled = [0, 0, 0, 0]  # spelled alike, of the pairs naming one birth place
        for pairs, at in ((same, 0), (other, 2)):
            for a, b in pairs:
                for code, c in counts.items():
                    differ = _differ(code, a, b)
                    if differ is not None:
                        c[at] += differ
                        c[at + 1] += 1
                        if code == "birth_place" and not differ:
                            spelled[at] += a.place == b.place
                            spelled[at + 1] += 1
                birth = _birth_date(a.person, b.person)
                if birth is not None:
                    year[at] += birth.code == "same_birth_year"
                    year[at + 1] += 1
                for code, c in lone.items():
                    c[at] += _lone(code, a, b)
                    c[at + 1] += 1
        n = cls.PRIOR_PAIRS
        weights = {}
        for code, (md, mn, ud, un) in counts.items():
            m0, u0 = cls.PRIOR[code]
            m, u = (md + n * m0) / (mn + n), (ud + n * u0) / (un + n)
            weights[code] = round(max(cls.STRONGEST, min(0.0, math.log(m / u))), 2)
        (md, mn, ud, un), (m0, u0) = year, cls.PRIOR_SAME_YEAR
        nu = cls.PRIOR_SAME_YEAR_OTHERS
        m, u = (md + n * m0) / (mn + n), (ud + nu * u0) / (un + nu)
        weights["same_year"] = round(max(0.0, min(1.5, DATE_SCALE * math.log(m / u))), 2)
        lone_weights = []
        for code, (md, mn, ud, un) in lone.items():
            if not md + ud:
                continue  # never lone in either kind of pair: it says nothing
            m, u = _pooled(md, mn, ud, un, n)
            least = weights.get(code, -LONE_MOST)  # no more against than the detail differing
            w = round(max(least, min(LONE_MOST, math.log(m / u))), 2)
            if w:
                lone_weights.append((code, w))
        spelling = (0.0, 0.0)
        md, mn, ud, un = spelled
        if mn and un and 0 < md + ud < mn + un:
            m, u = _pooled(md, mn, ud, un, n)
            least = weights["birth_place"] - 2.0  # never below another place (2.0: agreeing)
            spelling = (
                round(max(least, min(LONE_MOST, math.log(m / u))), 2),
                round(max(least, min(LONE_MOST, math.log((1 - m) / (1 - u)))), 2),
            )
        return cls(**weights, lone=tuple(lone_weights), place_spelling=spelling)


def _pooled(md: int, mn: int, ud: int, un: int, n: int) -> tuple[float, float]:
    """m = md / mn and u = ud / un, each with the rate of all the pairs as its prior (no
    evidence either way) worth *n* pairs: a few pairs of one person do not make a weight."""
    rate = (md + ud) / (mn + un)
    return (md + n * rate) / (mn + n), (ud + n * rate) / (un + n)


DEFAULT_DETAILS = DetailWeights()


class NameFrequencies:
    """How common name keys are in a registry: agreeing on a rare name says more than agreeing
    on Mohammed Al-Hassan. Built once from all persons of a run (or of the server's store)."""

    def __init__(self, persons: Iterable[Prepared]):
        self.counts: Counter[str] = Counter()
        # Namesakes are counted by sex as well ("?" for not recorded): a man of the name is no
        # namesake of a woman's record (the sex tells them apart).
        self.names: Counter[tuple[tuple[str, str], str]] = Counter()  # by name_key and sex
        # ... and by birth place (place_key; "" for none): see namesakes
        self.placed: Counter[tuple[tuple[str, str], str, str]] = Counter()
        self.decades: Counter[tuple[tuple[str, str], int, str]] = Counter()  # and decade
        self.key_sexes: Counter[tuple[str, str]] = Counter()  # people by key and sex
        self.key_decades: Counter[tuple[str, int, str]] = Counter()  # and decade of birth
        # The first given and family keys by nationality ("*": any) and sex, for namesakes
        # expected by chance (see expected).
        self.key_groups: Counter[tuple[str, str, str]] = Counter()
        self.groups: Counter[tuple[str, str]] = Counter()  # people by nationality and sex
        self.total = 0
        # The keys and the words of each record's parts, for unheard_share; the words as
        # typed (folded), by how many records type them (a slip that keeps the key, Marssn for
        # Maryna, still makes a word no one else typed).
        self.part_keys: dict[str, list[tuple[str, ...]]] = {"given": [], "family": []}
        self.part_words: dict[str, list[tuple[str, ...]]] = {"given": [], "family": []}
        self.words: Counter[str] = Counter()
        self._unheard_share: dict[str, float] = {}
        # Weights of differing details, estimated by the registry's index (DetailWeights).
        self.details = DEFAULT_DETAILS
        for p in persons:
            self.total += 1
            self.part_keys["given"].append(p.given_keys)
            self.part_keys["family"].append(p.family_keys)
            self.part_words["given"].append(p.given)
            self.part_words["family"].append(p.family)
            self.words.update(set(p.all_tokens))
            keys = set(p.keys)
            self.counts.update(keys)
            sex = _sex(p)
            nat = p.person.nationalities[0] if p.person.nationalities else ""
            for group in (nat, "*") if nat else ("*",):  # "*": of any nationality
                self.groups[group, sex] += 1
                self.key_groups.update(
                    (k, group, sex) for k in (*p.given_keys[:1], *p.family_keys[:1])
                )
            self.key_sexes.update((k, sex) for k in keys)
            decade = p.person.birth_date.year // 10 if p.person.birth_date else None
            if decade is not None:
                self.key_decades.update((k, decade, sex) for k in keys)
            if key := name_key(p):
                self.names[key, sex] += 1
                self.placed[key, sex, place_key(p.person.birth_place)] += 1
                if decade is not None:
                    self.decades[key, decade, sex] += 1

    PRIOR_PEOPLE, PRIOR_SHARE = 1000, 0.002  # a small registry knows little of frequencies

    # A given (or family) name no other record of the registry bears (its key counted once) is
    # mostly a name garbled by slips (Aaj for Anna, Huubay for Hiba, Gvroa for Egorova): the
    # share of a duplicate's names that differ this much from the other record's and are
    # garbled so (set by hand).
    UNHEARD_M = 0.8
    UNHEARD_MAX = 3.0  # a given name that differs says "two people" at least as much as ever

    def unheard_share(self, part: str) -> float:
        """The share of the registry's records whose *part* ("given", "family", or "name":
        either) no other record bears: a key or a word (as typed) of it counted once."""
        if part not in self._unheard_share:
            parts = ("given", "family") if part == "name" else (part,)
            unheard = [False] * self.total
            for one in parts:
                for n, (keys, words) in enumerate(
                    zip(self.part_keys[one], self.part_words[one], strict=True)
                ):
                    unheard[n] = unheard[n] or self._unheard(keys, words)
            self._unheard_share[part] = sum(unheard) / max(1, self.total)
        return self._unheard_share[part]

    def _unheard(self, keys: Iterable[str], words: Iterable[str]) -> bool:
        """A key of the part borne by no other record, or a word typed by no other record."""
        return any(self.counts.get(k, 0) == 1 for k in keys) or any(
            self.words.get(w, 0) == 1 for w in words
        )

    def unheard(self, keys: Iterable[str], part: str = "given", words: Iterable[str] = ()) -> float:
        """Log-odds to add to a given (or family) name, or to names, that differ where one of
        the two is *unheard* -- a key of it borne by no other record, or a word of it typed by
        no other record: as likely garbled by slips as another name. The rate among two
        people's records is the registry's own share of unheard names of that part (either of
        the two): small in a large registry of real names, large in a small one, where every
        name is rare (there it adds little)."""
        if not self._unheard(keys, words):
            return 0.0
        u = min(1.0, 2 * self.unheard_share(part))
        return max(0.0, min(self.UNHEARD_MAX, math.log(self.UNHEARD_M / u))) if u else 0.0

    def share(self, key: str) -> float:
        return (self.counts.get(key, 0) + self.PRIOR_PEOPLE * self.PRIOR_SHARE) / (
            self.total + self.PRIOR_PEOPLE
        )

    def _both(self, a: Prepared, b: Prepared) -> tuple[float, int]:
        """The share of people with the rarest shared given key times that of the family key,
        and how many of the two parts were compared (a part missing on one side is left out:
        it says nothing, as a missing field)."""

        def rarest(keys: Iterable[str]) -> float:
            return min((self.share(k) for k in keys), default=1.0)

        def part(mine: tuple[str, ...], theirs: tuple[str, ...], other: tuple[str, ...]) -> float:
            shared = set(mine) & set(theirs + other)
            if shared:
                return rarest(shared)
            # No key shared (a slip or another spelling changed it): the commoner of the two
            # names, as a slip makes a rare key of a common name (Kovalchuk/Kolvachuk).
            return max(rarest(mine), rarest(theirs))

        both, parts = 1.0, 0
        if a.given_keys and b.given_keys:
            both, parts = both * part(a.given_keys, b.given_keys, b.family_keys), parts + 1
        if a.family_keys and b.family_keys:
            both, parts = both * part(a.family_keys, b.family_keys, b.given_keys), parts + 1
        return both, parts

    # A name part is borne by about 1 in 300 people (10 ** -2.5): a full name agreeing counts
    # its rarity from 10 ** -5, one part alone (the other missing) from 10 ** -2.5.
    TYPICAL_PART = 2.5

    def weight(self, a: Prepared, b: Prepared) -> float:
        """Log-odds adjustment in [-3, +2] from the rarest shared given and family keys."""
        both, parts = self._both(a, b)
        if not parts:
            return 0.0
        return max(-3.0, min(2.0, -math.log10(max(both, 1e-12)) - self.TYPICAL_PART * parts))

    def namesakes(self, a: Prepared, b: Prepared) -> float:
        """How many other people of this registry bear the name of the two (counted by
        :func:`name_key`) and could be of their sex: where a birth date is missing, nothing
        else tells them apart. Where a slip changed a key, the bearers of the commoner of the
        two: a mistyped record without a date (Nataliiq Ponomarenko) is as likely a copy of
        any bearer of the name it misspells. Grows with the registry, as it should."""
        sexes = _sexes(a, b)
        ka, kb = name_key(a), name_key(b)
        if not ka or not kb:
            # One record names one part only (no given name): every bearer of that part is a
            # namesake of it. Where a slip changed its key, the bearers of the other record's
            # part it is alike, as for two parts: a mistyped family name without a given name
            # or a date (Lyenko) is as likely a copy of any Lysenko of the registry.
            one, full = (b, a) if ka else (a, b)
            key = _single_key(one)
            if not key:
                return 0

            def part_bearers(k: str) -> int:
                return sum(self.key_sexes[k, s] for s in sexes)

            near = _alike_key(one, full)
            if not near or near == key:
                return max(0, part_bearers(key) - 2)
            return max(0, part_bearers(key) - 1, part_bearers(near) - 1)

        # Where both records give one birth place, a bearer born elsewhere is told apart by
        # it (a differing place weighs -2.5 or less): the namesakes are the bearers of that
        # place (in any of the two spellings) and those of no recorded place.
        x, y = a.person.birth_place, b.person.birth_place
        places = {place_key(x), place_key(y), ""} if x and y and same_place(x, y) else None

        def bearers(key: tuple[str, str]) -> int:
            if places is not None:
                return sum(self.placed[key, s, pl] for s in sexes for pl in places)
            return sum(self.names[key, s] for s in sexes)

        # Where the keys differ, the other record is one of the bearers of the commoner.
        seen = bearers(ka) - 2 if ka == kb else max(bearers(ka), bearers(kb)) - 1
        # Those a registry of this size is expected to hold by chance stay counted in any
        # place: the agreeing place is already weighed as evidence of its own.
        return max(0, seen, self.expected(a, b, sexes))

    def expected(self, a: Prepared, b: Prepared, sexes: tuple[str, ...]) -> float:
        """How many other bearers of the pair's name a registry of this size is expected to
        hold: the people of their nationality and sex times the shares of the given and the
        family name among them. Two records of one name without a date are two people by
        chance more often in a large registry (a name borne once in 20,000 records is borne
        five times in 100,000), even where only the two bear it."""
        nat = _nationality(a, b)
        people = sum(self.groups[nat, s] for s in sexes)
        if not people or not a.given_keys or not a.family_keys:
            return 0.0

        def others(key: str) -> int:  # bearers besides the two records
            mine = sum(key in (*p.given_keys[:1], *p.family_keys[:1]) for p in (a, b))
            return max(0, sum(self.key_groups[key, nat, s] for s in sexes) - mine)

        both = others(a.given_keys[0]) * others(a.family_keys[0])
        if b.given_keys and b.family_keys:
            both = max(both, others(b.given_keys[0]) * others(b.family_keys[0]))
        return both / max(1, people - 2)

    def namesakes_born(self, a: Prepared, b: Prepared) -> int:
        """As :meth:`namesakes`, counting only people born in the decades of the two: where only
        a year is known, namesakes of those years are what it cannot tell apart."""
        ka, kb = name_key(a), name_key(b)
        da, db = a.person.birth_date, b.person.birth_date
        if da is None or db is None:
            return 0
        decades = {da.year // 10, db.year // 10}
        sexes = _sexes(a, b)
        if not ka or not kb:
            key = _single_key(b if ka else a)
            born = sum(self.key_decades[key, d, s] for d in decades for s in sexes) if key else 0
            return max(0, born - 2)

        def bearers(key: tuple[str, str]) -> int:
            return sum(self.decades[key, d, s] for d in decades for s in sexes)

        if ka == kb:
            return max(0, bearers(ka) - 2)
        return max(0, min(bearers(ka), bearers(kb)) - 1)


_ANY_SEX = ("f", "m", "?")


def _sex(p: Prepared) -> str:
    return p.person.sex if p.person.sex in ("f", "m") else "?"


def _nationality(a: Prepared, b: Prepared) -> str:
    """The nationality two records share (or the one recorded), "*" for none."""
    nats = set(a.person.nationalities) & set(b.person.nationalities)
    return min(nats) if nats else (a.person.nationalities + b.person.nationalities + ("*",))[0]


def _sexes(a: Prepared, b: Prepared) -> tuple[str, ...]:
    """The sexes a namesake of the two may have: the one recorded (the pair's, where both give
    the same or one gives none) or not recorded; any where the two disagree or give none."""
    known = {_sex(a), _sex(b)} - {"?"}
    return (known.pop(), "?") if len(known) == 1 else _ANY_SEX


def _alike_key(one: Prepared, other: Prepared) -> str:
    """The first key of the part of *other* that the one recorded part of *one* is most
    alike (its family name, or its given name where the fields were swapped); "" for none."""
    text = one.family_text or one.given_text
    parts = [
        (t, k[0])
        for t, k in ((other.family_text, other.family_keys), (other.given_text, other.given_keys))
        if t and k
    ]
    if not text or not parts:
        return ""
    return max(parts, key=lambda part: _pair(text, part[0]))[1]


def _single_key(p: Prepared) -> str:
    """The first key of the one name part a record gives ("" for none)."""
    return (p.family_keys or p.given_keys or ("",))[0]


@lru_cache(maxsize=1 << 14)
def place_key(name: str) -> str:
    """One key for the spellings of a birth place the gazetteer knows (Lwiw, Lviv, Львів),
    else the folded name; "" for none."""
    if not name:
        return ""
    ids = gazetteer().ids(name)
    return f"#{min(ids)}" if ids else fold(name)


def name_key(p: Prepared) -> tuple[str, str] | None:
    """The phonetic keys of the first given and the first family name, in either order (a
    swapped record bears the same name); None without both."""
    if not p.given_keys or not p.family_keys:
        return None
    g, f = p.given_keys[0], p.family_keys[0]
    return (g, f) if g <= f else (f, g)


@dataclass(frozen=True)
class Prepared:
    """A person with its name tokens and keys worked out once (comparisons reuse them)."""

    person: Person
    given: tuple[str, ...]
    family: tuple[str, ...]
    given_keys: tuple[str, ...]
    family_keys: tuple[str, ...]
    azr: str
    abh: str
    phone: str
    given_text: str = ""  # the folded words of the part, without spaces (for typing slips)
    family_text: str = ""
    gives: int = 0  # the details of LONE the record gives (_gives)
    place: str = ""  # the birth place folded (fold): how it is spelled, for place_spelling

    @property
    def all_tokens(self) -> tuple[str, ...]:
        return self.given + self.family

    @property
    def keys(self) -> tuple[str, ...]:
        return self.given_keys + self.family_keys


def prepare(p: Person) -> Prepared:
    given, family = tuple(tokens(p.given_names)), tuple(tokens(p.family_name))

    def keys(ts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for t in ts if (k := phonetic_key(without_article(t)))))

    phone = _phone(p.phone)
    return Prepared(
        p,
        given,
        family,
        keys(given),
        keys(family),
        _digits(p.azr_number),
        _file_number(p.abh_file_number),
        phone,
        "".join(given),
        "".join(family),
        _gives(p, phone),
        fold(p.birth_place) if p.birth_place else "",
    )


# The most the names can add: same name (6) or both parts' letters (TYPO_MAX, 6) of the rarest
# kind (+2).
NAME_MAX = max(6.0, TYPO_MAX) + 2.0
# A phone both records give counts 1 on its own (households share phones) and PHONE_GIVEN
# where the given names agree as well: a household's members share the phone but not the given
# name, so two records of one number and one given name are seldom two people (a father and a
# son of one name, who the birth date tells apart). Estimated without the benchmark's truth in
# the typing-noise registry of bench.dedupe (100,000 records), among pairs of alike names: half
# of those sharing an AZR number share a phone with the given names agreeing, 10 in 44,778 of
# those whose AZR numbers differ: ln(m/u) 7.7, 4.8 scaled as the same birth date's weight is.
# Taken as 3.5: that registry has fewer fathers and sons of one name and one phone than life
# (with 1 in 1,000 such pairs, ln(0.5/0.001) ~ 6.2, scaled 3.9).
PHONE_GIVEN = 3.5
DETAILS_MAX = 0.5 + 1.0 + 2.0 + 1.0  # the most sex, nationality, birth place and phone add


# The namesakes of a pair that a missing date (or a year alone) cannot tell apart lower its
# odds by 1 + E for E other bearers -- by this share of it. Not all of the count is new
# evidence: the weight of a date on one record only (DetailWeights.lone) is estimated from
# pairs of alike names with different AZR numbers, namesakes already; and E counts records,
# not people (a namesake recorded twice counts twice). Set on bench.dedupe's typing-noise
# registry (100,000 records, seeds 42 and 1; 20,000, seeds 1-3 and 42). A fit to the
# registry's own AZR-anchored pairs gave 0.5 and 0.8 at 100,000 records, but at 20,000 too
# few such pairs (about 30 of one person) for a steady estimate.
NAMESAKE_SCALE = 0.8


def compare(
    a: Person | Prepared,
    b: Person | Prepared,
    freq: NameFrequencies | None = None,
    floor: float | None = None,
) -> Match:
    """Compare two person records; see the module docstring for the decisions.

    With a *floor* (the search passes ``REVIEW_AT``), a pair whose other evidence leaves it
    below the floor even with the best possible names is answered ``different`` without
    comparing the names, the costly part (most pairs of a block: same name word and year,
    different birth date); where identifiers and birth date alone leave it below the floor
    with every other detail agreeing, the other details are not compared either. Its evidence
    then lacks what was not compared."""
    pa = a if isinstance(a, Prepared) else prepare(a)
    pb = b if isinstance(b, Prepared) else prepare(b)
    x, y = pa.person, pb.person
    ev: list[Evidence] = []

    def add(e: Evidence | None) -> None:
        if e is not None:
            ev.append(e)

    if pa.azr and pb.azr:
        add(Evidence("same_azr", 14.0) if pa.azr == pb.azr else Evidence("other_azr", -14.0))
    if pa.abh and pb.abh:
        add(Evidence("same_abh", 10.0) if pa.abh == pb.abh else Evidence("other_abh", -6.0))
    details = freq.details if freq is not None else DEFAULT_DETAILS
    birth = _birth_date(x, y, details.same_year)
    add(birth)
    same_phone = bool(pa.phone) and pa.phone == pb.phone
    extra = PHONE_GIVEN - 1.0 if same_phone else 0.0  # the phone's weight beyond DETAILS_MAX
    if pa.gives != pb.gives:  # cheap, so before the pre-check (it may lift a pair)
        for code, w in details.lone:
            if _lone(code, pa, pb):
                add(Evidence("lone_" + code, w))
    most = DETAILS_MAX + max(0.0, *details.place_spelling)  # a place spelled alike may add more
    if floor is not None and sum(e.weight for e in ev) + most + NAME_MAX + extra < floor:
        # The cheap pre-check: identifiers and the birth date already leave the pair below the
        # floor with every other detail agreeing (most candidates: another birth date).
        ev.sort(key=lambda e: -abs(e.weight))
        return Match(sum(e.weight for e in ev), DIFFERENT, ev)
    known = {"f", "m", "x"}
    if x.sex in known and y.sex in known:
        add(Evidence("same_sex", 0.5) if x.sex == y.sex else Evidence("other_sex", -5.0))
    # What "differs" means is the estimate's own (_differ). A birth place: about 9 in 10
    # records of one person give the same place (the rest spell it beyond recognition); two
    # different people of one name and nationality share a place about 1 time in 8: log-odds
    # ln(0.9/0.12) ~ +2 and ln(0.07/0.88) ~ -2.5. A phone: households share phones, so it is
    # supporting only; a person's number changes between two records about one time in
    # three, two unrelated people's numbers nearly always differ: ln(0.35/1) ~ -1.
    for code, agreeing in (("nationality", 1.0), ("birth_place", 2.0), ("phone", 1.0)):
        differ = _differ(code, pa, pb)
        if differ is None:
            continue
        if differ:
            add(Evidence(f"other_{code}", getattr(details, code)))
        elif code == "birth_place" and details.place_spelling != (0.0, 0.0):
            alike, otherwise = details.place_spelling
            if pa.place == pb.place:
                add(Evidence("same_birth_place", agreeing + alike))
            else:
                add(Evidence("respelled_birth_place", agreeing + otherwise))
        else:
            add(Evidence(f"same_{code}", agreeing))
    if floor is not None and sum(e.weight for e in ev) + NAME_MAX + extra < floor:
        ev.sort(key=lambda e: -abs(e.weight))
        return Match(sum(e.weight for e in ev), DIFFERENT, ev)
    names = _names(pa, pb, freq)
    add(names)
    if same_phone and names is not None and names.weight > 0 and _given_agree(pa, pb):
        ev[:] = [Evidence("same_phone", PHONE_GIVEN) if e.code == "same_phone" else e for e in ev]
    if (
        freq is not None
        and names is not None
        and names.weight > 0
        and (
            (x.birth_date is None) != (y.birth_date is None)
            or (birth is not None and birth.weight == DATE_TWO_SLIPS)
            or (birth is not None and birth.code == "same_birth_year" and birth.weight <= 0.0)
        )
    ):
        # One birth date missing (or two slips away, or only a year on one side that the
        # registry weighs at nothing: either tells namesakes apart no better):
        # the name agreeing says "same person" only as far as the registry has no other
        # bearer of it. With E other bearers, the odds fall by 1 + E (ln): Olha Kravchenko
        # without a date among 100,000 records is one of several.
        others = freq.namesakes(pa, pb)
        if others:
            year = birth is not None and birth.code == "same_birth_year"
            code = "common_name_year_only" if year else "common_name_no_date"
            add(Evidence(code, -NAMESAKE_SCALE * math.log1p(others)))
    elif (
        freq is not None
        and names is not None
        and names.weight > 0
        and birth is not None
        and (
            birth.code in ("placeholder_birth_date", "same_birth_year", "other_birth_date")
            or birth.weight == DATE_PLACEHOLDER_SLIP  # only a year known on one side
        )
        and birth.weight > -4.0
    ):
        # Only a year known (a placeholder or an imprecise date) and the years the same or a
        # slip apart: namesakes born in those decades are as many other candidates.
        others = freq.namesakes_born(pa, pb)
        if others:
            add(Evidence("common_name_year_only", -NAMESAKE_SCALE * math.log1p(others)))
    ev.sort(key=lambda e: -abs(e.weight))
    score = sum(e.weight for e in ev)
    return Match(score, _decide(score, ev, _given_alike(pa, pb)), ev)


GIVEN_AGREE = 2.0  # a given name this close as a mistyped copy (see _slip_weight) agrees


def _given_agree(a: Prepared, b: Prepared) -> bool:
    """Both given names recorded and the same name, read straight or with the name fields
    swapped: alike in spelling (transliteration-aware) or as mistyped copies no further apart
    than one slip (two of the hand in a longer name). Looser than :func:`_given_alike`."""

    def agree(x: tuple[str, ...], y: tuple[str, ...], tx: str, ty: str) -> bool:
        # Whole names, not one contained in the other: a household's child may bear a
        # parent's middle name (Roya / Bibi Gul Roya).
        return _set_similarity(x, y)[0] >= 0.9 or _slip_weight(tx, ty) >= GIVEN_AGREE

    if not (a.given_text and b.given_text):
        return False
    if agree(a.given, b.given, a.given_text, b.given_text):
        return True
    return bool(a.family_text and b.family_text) and (
        agree(a.given, b.family, a.given_text, b.family_text)
        and agree(a.family, b.given, a.family_text, b.given_text)
    )


def _given_alike(a: Prepared, b: Prepared) -> bool:
    """Both given names recorded and alike, read straight or with the name fields swapped:
    the same letters, or -- in names of six letters or more -- one slip apart or one name in
    two spellings two letters apart (Mohammed/Muhammad). Twins share everything else, and the
    given names of twins may share a transliteration family or a consonant skeleton (Amer/Omar,
    Mohammed/Mahmoud) or one be part of the other (Anca/Gabriela Anca): an automatic merge on
    personal details alone needs the given names alike in this stricter sense."""

    def alike(x: str, y: str, tx: tuple[str, ...], ty: tuple[str, ...]) -> bool:
        if x == y:
            return True
        if min(len(x), len(y)) < 6:
            return False
        d = OSA.distance(x, y, score_cutoff=3)
        return d <= 1 or (d <= 2 and _set_similarity(tx, ty)[0] >= 0.9)

    if not (a.given_text and b.given_text):
        return False
    if alike(a.given_text, b.given_text, a.given, b.given):
        return True
    return bool(a.family_text and b.family_text) and (
        alike(a.given_text, b.family_text, a.given, b.family)
        and alike(a.family_text, b.given_text, a.family, b.given)
    )


def _decide(score: float, ev: list[Evidence], given_alike: bool = True) -> str:
    codes = {e.code for e in ev}
    strong_against = codes & {
        "other_azr",
        "other_sex",
        "other_name",
        "other_given_name",
        "other_family_name",
        "other_birth_date",
    }
    if score >= SAME_AT and not strong_against:
        identifier = codes & {"same_azr", "same_abh"}
        personal = {"same_birth_date", "same_sex"} <= codes and codes & {
            "same_name",
            "similar_name",
        }
        supported = codes & {"same_nationality", "same_birth_place", "same_phone"} or any(
            e.code == "respelled_birth_place" and e.weight > 0 for e in ev
        )
        if identifier and codes & {"same_name", "similar_name", "related_name", "typo_name"}:
            return SAME
        if personal and supported and given_alike:
            return SAME
    return REVIEW if score >= REVIEW_AT else DIFFERENT
