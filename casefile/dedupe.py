"""Finding duplicates among many person records: blocking, the candidate index, CSV rows.

Comparing every pair of 100,000 people is 5 billion comparisons; *blocking* compares only
people who share a key that a duplicate almost always keeps:

* an identifier (AZR number, ABH file number);
* the phonetic key (and the consonant skeleton) of a name word together with the birth year
  and the sex (spellings of one name share the key; swapped day/month keeps the year);
* the pair of first given name and family name keys, in either order, without the year (for
  missing, placeholder or mistyped dates and swapped name fields);
* the phone number (supporting evidence only in the score, but it finds the pair);
* for typing noise: the exact birth date (day and month in either order); each two of its three
  parts with the first two letters of a name word (a mistyped date); the first three letters
  of the first given and the family name in either order (slips, a missing or mistyped date,
  swapped name fields; the first two of them in alphabetical order, so that two swapped first
  letters, Ktachenko, keep the key);
* for typing noise beyond those: a placeholder date with the first letter of a name word; each
  name part with one letter deleted (and as typed) together with the first letter of the other
  part (a deletion neighbourhood: a name with one slip and its original share a key, whatever
  the slip); a record of one name part only joins those blocks for every first letter of the
  missing part; these blocks are kept only up to ``SMALL_BLOCK`` members (a common family name
  with a common initial is found through its other keys).

A block larger than ``MAX_BLOCK`` (a very common name in one year) is not expanded: its members
are still found through their other keys. :class:`PersonIndex` keeps the blocks, so one new
client is checked against all others by looking up its keys only.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from string import ascii_lowercase
from typing import TextIO

from casefile import catalogs
from casefile.matcher import (
    DIFFERENT,
    REVIEW,
    REVIEW_AT,
    SAME,
    DetailWeights,
    Evidence,
    Match,
    NameFrequencies,
    Person,
    Prepared,
    compare,
    dates_tell_apart,
    is_placeholder,
    prepare,
    skeleton,
)

MAX_BLOCK = 300
# Two records each matched to a third with at least LINK_AT log-odds (well above REVIEW_AT: the
# two links are then near certain) go to review together unless they score below THIRD_FLOOR
# on their own (strong counter-evidence: another exact birth date, another name).
LINK_AT = 10.0
THIRD_FLOOR = 0.0
SMALL_BLOCK = 20  # for the deletion-neighbourhood keys ("x:"), many per person
BLOCK_KEYS_VERSION = "6"  # raise when block_keys changes: stored keys are then rebuilt
COLUMNS = (
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
)


def block_keys(p: Prepared) -> list[str]:
    keys: list[str] = []
    if p.azr:
        keys.append("azr:" + p.azr)
    if p.abh:
        keys.append("abh:" + p.abh)
    birth = p.person.birth_date
    if birth is not None:
        # With the sex: a name word and a year alone make large blocks (Mohammed, 1990). An
        # unrecorded sex goes into both.
        for sex in (p.person.sex,) if p.person.sex in ("f", "m") else ("f", "m"):
            keys += [f"y:{k}:{birth.year}:{sex}" for k in p.keys]
            keys += [
                f"ys:{skeleton(t)}:{birth.year}:{sex}"
                for t in p.all_tokens
                if len(skeleton(t)) >= 3
            ]
    firsts = p.given_keys[:1] or p.family_keys[:1]
    for first in firsts:
        keys += [f"n:{min(first, k)}:{max(first, k)}" for k in p.family_keys if k != first]
    # The same pair as consonant skeletons (no vowel marks): spellings from a script without
    # short vowels, and vowel typos, meet here.
    skel = [skeleton(t) for t in (p.given[:1] or p.family[:1])]
    for first in skel:
        keys += [
            f"s:{min(first, k)}:{max(first, k)}"
            for k in map(skeleton, p.family)
            if k != first and len(first) >= 2 and len(k) >= 2
        ]
    if birth is not None and not is_placeholder(birth):
        # The exact date, day and month in either order: finds the pairs whose names are
        # mistyped beyond their phonetic keys (two or three slips, a missing given name).
        low, high = sorted((birth.month, birth.day))
        keys.append(f"d:{birth.year}:{low}:{high}")
        # A mistyped date keeps two of its three parts: each pair of parts with the first two
        # letters of a name word (names with slips mostly keep them).
        y, m, d = birth.year, birth.month, birth.day
        for start in dict.fromkeys(t[:2] for t in p.all_tokens):
            keys += [
                f"md:{start}:{low}:{high}:{p.person.sex}",
                f"ym:{start}:{y}:{m}:{p.person.sex}",
                f"yd:{start}:{y}:{d}",
            ]
    # The first letters of the first given and the family name, in either order: finds names
    # with slips whose birth date is mistyped or missing too (slips rarely hit a first letter).
    if p.given and p.family:
        a, b = sorted((_start(p.given[0]), _start(p.family[0])))
        keys.append(f"p:{a}:{b}")
    if birth is not None and is_placeholder(birth):
        keys += [f"dp:{birth.isoformat()}:{t[:1]}" for t in dict.fromkeys(p.all_tokens)]
    g, f = p.given_text, p.family_text
    for part, other in ((g, f), (f, g)) if g and f else ():
        if len(part) >= 3:  # the word as typed; its deletions from four letters on
            keys += [f"x:{other[:1]}:{v}" for v in _deletions(part, len(part) >= 4)]
    single = (g or f) if not (g and f) else ""
    if len(single) >= 3:
        # One name part only (no given name): it may be either part of a full record, whose
        # other part begins with any letter -- the record joins those blocks for every initial
        # (a copy without a given name and with slips in the family name and the date is found
        # nowhere else: Wjcik 2004-07-22 / Magdalena Wójcik 2009-07-22).
        keys += [
            f"x:{c}:{v}" for v in _deletions(single, len(single) >= 4) for c in ascii_lowercase
        ]
    if p.phone:
        keys.append("tel:" + p.phone)
    return list(dict.fromkeys(keys))


def _start(token: str) -> str:
    """The first three letters of a token, the first two in alphabetical order: the first two
    swapped (Ktachenko, Avletnyn) give the same start."""
    return "".join(sorted(token[:2])) + token[2:3]


def _deletions(word: str, deleted: bool = True) -> list[str]:
    """The word and (if *deleted*) the word with each one letter deleted."""
    if not deleted:
        return [word]
    return list(dict.fromkeys([word] + [word[:i] + word[i + 1 :] for i in range(len(word))]))


def _pairs_of(members: list[int]) -> Iterator[tuple[int, int]]:
    return ((i, j) for n, i in enumerate(members) for j in members[n + 1 :] if i != j)


def block_limit(key: str) -> int:
    """The most members a block of this key may have to be expanded."""
    return (
        SMALL_BLOCK if key.startswith("x:") else MAX_BLOCK
    )  # a name word in both name fields gives a key twice


@dataclass(frozen=True)
class Pair:
    left: str
    right: str
    match: Match


class PersonIndex:
    """Persons by block key, for pairwise search in a registry and for one new person."""

    def __init__(self, persons: Iterable[Person]):
        self.people: list[Prepared] = [prepare(p) for p in persons]
        self.freq = NameFrequencies(self.people)
        self.blocks: dict[str, list[int]] = {}
        for i, p in enumerate(self.people):
            for key in block_keys(p):
                self.blocks.setdefault(key, []).append(i)
        self.freq.details = DetailWeights.estimate(*self.anchored_pairs())

    ANCHORED_OTHERS = 50_000  # pairs of two people enough for the rates of DetailWeights

    def anchored_pairs(
        self,
    ) -> tuple[list[tuple[Prepared, Prepared]], list[tuple[Prepared, Prepared]]]:
        """Pairs the registry itself tells apart, without any matcher: records sharing an AZR
        number (one person: one AZR entry) and records of alike names (one block of first
        given and family name keys) whose AZR numbers differ (two people), at most
        ``ANCHORED_OTHERS`` of those. What :class:`DetailWeights` estimates its rates from."""
        same: list[tuple[Prepared, Prepared]] = []
        other: list[tuple[Prepared, Prepared]] = []
        for key, members in self.blocks.items():
            if key.startswith("azr:"):
                same += [(self.people[i], self.people[j]) for i, j in _pairs_of(members)]
            elif key.startswith("n:") and len(other) < self.ANCHORED_OTHERS:
                numbered = [self.people[i] for i in members if self.people[i].azr]
                if len(members) <= MAX_BLOCK and len(numbered) > 1:
                    other += [
                        (a, b)
                        for n, a in enumerate(numbered)
                        for b in numbered[n + 1 :]
                        if a.azr != b.azr
                    ]
        return same, other[: self.ANCHORED_OTHERS]

    def candidates(self) -> Iterator[tuple[int, int]]:
        """Every pair of indices sharing a block (each pair once)."""
        seen: set[tuple[int, int]] = set()
        for key, members in self.blocks.items():
            if len(members) < 2 or len(members) > block_limit(key):
                continue
            for n, i in enumerate(members):
                for j in members[n + 1 :]:
                    if i == j:
                        continue
                    pair = (i, j) if i < j else (j, i)
                    if pair not in seen:
                        seen.add(pair)
                        yield pair

    def pairs(self, at_least: str = REVIEW) -> list[Pair]:
        """The pairs judged ``same`` (or also ``review``), strongest first; with ``review``
        also the pairs of records both strongly matched to a third (:meth:`via_third`)."""
        wanted = {SAME} if at_least == SAME else {SAME, REVIEW}
        out = []
        for i, j in self.candidates():
            m = compare(self.people[i], self.people[j], self.freq, REVIEW_AT)
            if m.decision in wanted:
                out.append(Pair(self.people[i].person.id, self.people[j].person.id, m))
        if REVIEW in wanted:
            out = self.one_source(out)
            out += self.via_third(out)
        out.sort(key=lambda p: -p.match.score)
        return out

    def one_source(self, found: list[Pair]) -> list[Pair]:
        """A record without a birth date is a copy of one person at most: where it matches two
        records whose exact birth dates tell them apart (beyond two slips of the hand: two
        people), the weaker pair is a namesake of the stronger and is left out (Stoyan
        Stoyanov without a date beside two Stoyan Stoyanovs born 1995 and 1971). Pairs to
        merge (``same``) stay whatever their rivals."""
        at = {p.person.id: p.person for p in self.people}
        undated: dict[str, list[Pair]] = {}
        for pair in found:
            left, right = at[pair.left], at[pair.right]
            if (left.birth_date is None) != (right.birth_date is None):
                undated.setdefault(pair.left if left.birth_date is None else pair.right, []).append(
                    pair
                )
        dropped: set[int] = set()
        for me, pairs in undated.items():
            if len(pairs) < 2:
                continue
            for pair in pairs:
                if pair.match.decision == SAME:
                    continue
                mine = at[pair.right if pair.left == me else pair.left]
                for rival in pairs:
                    theirs = at[rival.right if rival.left == me else rival.left]
                    if rival.match.score > pair.match.score and dates_tell_apart(mine, theirs):
                        dropped.add(id(pair))
                        break
        return [p for p in found if id(p) not in dropped]

    def via_third(self, found: list[Pair]) -> list[Pair]:
        """Pairs of records that are each strongly matched to one third record (log-odds of
        at least ``LINK_AT``) but not to each other: a person recorded three times, whose two
        later records each carry their own slips (two slips of the date, six in the names),
        is found through the first. Judged ``review`` with the reason ``same_third``, never
        merged automatically; left out where the two disagree on an identifier or the sex
        or score below ``THIRD_FLOOR`` on their own, and where the third record gives only one
        name part."""
        at = {p.person.id: p for p in self.people}
        strong: dict[str, list[str]] = {}
        for pair in found:
            if pair.match.score >= LINK_AT:
                strong.setdefault(pair.left, []).append(pair.right)
                strong.setdefault(pair.right, []).append(pair.left)
        for middle in list(strong):
            if not (at[middle].given and at[middle].family):
                # A record without a given name matches every member of its family alike: it
                # joins no one (Kravchenko to both Iryna and Tetiana Kravchenko).
                del strong[middle]
        known = {frozenset((p.left, p.right)) for p in found}
        out = []
        for ends in strong.values():
            for n, a in enumerate(ends):
                for b in ends[n + 1 :]:
                    if frozenset((a, b)) in known:
                        continue
                    known.add(frozenset((a, b)))
                    m = compare(at[a], at[b], self.freq)
                    codes = {e.code for e in m.evidence}
                    if m.score < THIRD_FLOOR or codes & {"other_azr", "other_abh", "other_sex"}:
                        continue
                    third = Evidence("same_third", 0.0)
                    out.append(Pair(a, b, Match(m.score, REVIEW, [third, *m.evidence])))
        return out

    def matches_for(self, person: Person, at_least: str = REVIEW) -> list[Pair]:
        """The likely duplicates of one (new or changed) person among the indexed ones."""
        wanted = {SAME} if at_least == SAME else {SAME, REVIEW}
        me = prepare(person)
        found: set[int] = set()
        for key in block_keys(me):
            members = self.blocks.get(key, ())
            if len(members) <= block_limit(key):
                found.update(members)
        out = []
        for i in found:
            other = self.people[i]
            if other.person.id == person.id:
                continue
            m = compare(me, other, self.freq, REVIEW_AT)
            if m.decision in wanted:
                out.append(Pair(person.id, other.person.id, m))
        out.sort(key=lambda p: -p.match.score)
        return out


# --- CSV rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    line: int
    id: str
    message: str


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unmögliches Datum {text!r}")


def read_csv(stream: TextIO) -> tuple[list[Person], list[RowProblem]]:
    """Persons from a CSV with :data:`COLUMNS` (empty values allowed), and the rows that could
    not be used or carry a doubtful value, each with its line and a German message. A bad
    value drops that value, a row without any name or id is skipped; nothing raises."""
    reader = csv.DictReader(stream)
    missing = [
        c for c in ("id", "given_names", "family_name") if c not in (reader.fieldnames or [])
    ]
    if missing:
        return [], [RowProblem(1, "", "Spalten fehlen: " + ", ".join(missing))]
    nationalities = catalogs.load("nationality").codes
    persons, problems, seen = [], [], set()
    today = dt.date.today()
    for row in reader:
        line = reader.line_num
        get = {c: (row.get(c) or "").strip() for c in COLUMNS}
        rid = get["id"]
        if not rid:
            problems.append(RowProblem(line, "", "keine id: Zeile übersprungen"))
            continue
        if rid in seen:
            problems.append(RowProblem(line, rid, "id doppelt: Zeile übersprungen"))
            continue
        if not get["given_names"] and not get["family_name"]:
            problems.append(RowProblem(line, rid, "kein Name: Zeile übersprungen"))
            continue
        seen.add(rid)
        try:
            birth = _date(get["birth_date"])
            if birth is not None and not dt.date(1900, 1, 1) <= birth <= today:
                problems.append(
                    RowProblem(
                        line, rid, f"Geburtsdatum {birth:%d.%m.%Y} unmöglich: ohne Datum verglichen"
                    )
                )
                birth = None
        except ValueError as exc:
            problems.append(RowProblem(line, rid, f"{exc}: ohne Datum verglichen"))
            birth = None
        nat = get["nationality"].upper()
        if nat and nat not in nationalities:
            problems.append(
                RowProblem(
                    line, rid, f"unbekannte Staatsangehörigkeit {nat!r}: ohne sie verglichen"
                )
            )
            nat = ""
        sex = get["sex"].lower()
        if sex not in ("", "f", "m", "x", "u"):
            problems.append(
                RowProblem(line, rid, f"unbekanntes Geschlecht {sex!r}: ohne es verglichen")
            )
            sex = ""
        persons.append(
            Person(
                id=rid,
                given_names=get["given_names"],
                family_name=get["family_name"],
                birth_date=birth,
                birth_date_exact=birth is not None and not is_placeholder(birth),
                sex=sex,
                nationalities=(nat,) if nat else (),
                birth_place=get["birth_place"],
                phone=get["phone"],
                abh_file_number=get["abh_file_number"],
                azr_number=get["azr_number"],
            )
        )
    return persons, problems


def write_pairs(stream: TextIO, pairs: Iterable[Pair]) -> int:
    w = csv.writer(stream)
    w.writerow(["id_l", "id_r", "score", "decision", "reasons"])
    n = 0
    for p in pairs:
        w.writerow(
            [p.left, p.right, f"{p.match.score:.2f}", p.match.decision, "; ".join(p.match.reasons)]
        )
        n += 1
    return n


__all__ = [
    "COLUMNS",
    "DIFFERENT",
    "MAX_BLOCK",
    "REVIEW",
    "SAME",
    "Pair",
    "PersonIndex",
    "RowProblem",
    "block_keys",
    "block_limit",
    "read_csv",
    "write_pairs",
]
