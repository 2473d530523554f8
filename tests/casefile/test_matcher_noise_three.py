"""Duplicates under typing noise, fourth round (issue 17, part 6), written from the
specification: a person recorded three times is found through the first record even where the
two later records, each with its own slips, are too far apart to match directly; a birth date
two slips away counts weakly against, no longer as another date; slips seldom hit the first
letter of a name; a swap and a letter added beside it are two slips, not three; a spelling
alike with one slip counts as the slip; two swapped first letters keep the blocking keys."""

from __future__ import annotations

import datetime as dt

from rapidfuzz.distance import OSA

from casefile.dedupe import LINK_AT, PersonIndex, block_keys
from casefile.matcher import (
    _SLIPS_PLAUSIBLE,
    REVIEW,
    REVIEW_AT,
    SAME,
    Person,
    _slip_weight,
    compare,
    prepare,
)
from tests.casefile.people import person


def _p(pid: str, given: str, family: str, birth: dt.date | None, **kw) -> Person:
    return person(pid, given, family, birth, **{"sex": "m", **kw})


def _codes(m) -> set[str]:
    return {e.code for e in m.evidence}


def _weight(m, *codes: str) -> float:
    return sum(e.weight for e in m.evidence if e.code in codes)


# --- three records of one person ------------------------------------------------------------

FIRST = _p("a", "Valentyn", "Tkachenko", dt.date(1984, 9, 13), phone="0171 5500488")
# Each later record has its own slips in the names and its own mistyped digit of the date; the
# third gives no phone (one phone and given names alike would join the two later ones directly).
SECOND = _p("b", "Valentny", "Tkachneko", dt.date(1984, 8, 13), phone="0171 5500488")
THIRD = _p("c", "Vlaentyn", "Tkahcenko", dt.date(1989, 9, 13))


def test_a_person_recorded_three_times_is_found_through_the_first_record():
    assert compare(FIRST, SECOND).score >= LINK_AT
    assert compare(FIRST, THIRD).score >= LINK_AT
    assert compare(SECOND, THIRD).score < REVIEW_AT  # too far apart on their own
    pairs = {
        frozenset((p.left, p.right)): p.match for p in PersonIndex([FIRST, SECOND, THIRD]).pairs()
    }
    assert set(pairs) == {frozenset("ab"), frozenset("ac"), frozenset("bc")}
    through = pairs[frozenset("bc")]
    assert through.decision == REVIEW  # never merged automatically
    assert "same_third" in _codes(through)


def test_records_of_another_sex_are_not_joined_through_a_third():
    other = _p("c", "Vlaentyn", "Tkahcenko", dt.date(1989, 9, 13), sex="f")
    pairs = PersonIndex([FIRST, SECOND, other]).pairs()
    assert frozenset("bc") not in {frozenset((p.left, p.right)) for p in pairs}


def test_only_review_pairs_are_joined_through_a_third():
    pairs = PersonIndex([FIRST, SECOND, THIRD]).pairs(at_least=SAME)
    assert all("same_third" not in _codes(p.match) for p in pairs)


# --- birth dates ----------------------------------------------------------------------------


def test_a_birth_date_two_slips_away_counts_weakly_against():
    a = _p("a", "Taras", "Melnyk", dt.date(1984, 9, 13))
    two = compare(a, _p("b", "Taras", "Melnyk", dt.date(1984, 8, 18)))  # two digits
    three = compare(a, _p("c", "Taras", "Melnyk", dt.date(1984, 7, 28)))  # three
    assert -2.0 < _weight(two, "other_birth_date") < 0
    assert _weight(three, "other_birth_date") <= -6.0
    assert two.decision != SAME


def test_a_birth_date_two_slips_away_does_not_tell_namesakes_apart():
    """Many bearers of the name: a date two slips away finds one of them as often as a
    missing date does."""
    people = [
        _p(f"k{i}", "Olha", "Kravchenko", dt.date(1960 + 2 * i, 1 + i % 12, 3 + i), sex="f")
        for i in range(12)
    ]
    index = PersonIndex(people)
    near = _p("new", "Olha", "Kravchenko", dt.date(1966, 4, 17), sex="f")  # k3: 06.04.1966
    m = compare(index.people[3], prepare(near), index.freq)
    assert "common_name_no_date" in _codes(m)
    assert m.decision != SAME


# --- names ----------------------------------------------------------------------------------


def test_a_slip_seldom_hits_the_first_letter():
    assert _slip_weight("milena", "elena") < _slip_weight("milena", "milna")
    assert _slip_weight("irina", "alina") < _slip_weight("irina", "irna")
    # Two first letters swapped are a slip of the hand like any other swap.
    assert _slip_weight("tkachenko", "ktachenko") == _slip_weight("tkachenko", "tkahcenko")


def test_a_swap_and_a_letter_added_beside_it_are_two_slips():
    # Jihad -> Jiad (h dropped) -> Jaid (i and a swapped): the restricted distance (OSA) says
    # three edits, too many for a short name; as two it is a plausible copy (see _typo_names).
    assert OSA.distance("jihad", "jaid") == 3
    assert _slip_weight("jihad", "jaid") >= _SLIPS_PLAUSIBLE
    assert _slip_weight("jihad", "jamal") < _SLIPS_PLAUSIBLE


def test_a_spelling_alike_with_one_slip_counts_as_the_slip():
    a = _p("a", "Camelia", "Dinu", None, nationalities=("ROU",))
    b = _p("b", "Cmelia", "Dinu", None, nationalities=("ROU",))
    m = compare(a, b)
    assert _weight(m, "similar_name") >= 5.0  # a letter dropped (2.5) and the same letters (3)


# --- blocking -------------------------------------------------------------------------------


def test_names_with_two_swapped_first_letters_share_a_block():
    a = _p("a", "Valentyn", "Tkachenko", dt.date(2004, 1, 2))
    b = _p("b", "Avletnyn", "Ktachenko", dt.date(2004, 10, 2))
    assert set(block_keys(prepare(a))) & set(block_keys(prepare(b)))


def test_a_record_without_given_name_joins_no_one_through_itself():
    """A record without a given name matches two sisters alike; it must not join them."""
    kw = {"sex": "f", "phone": "0178 8284210"}
    no_given = _p("m", "", "Kravchenko", dt.date(2020, 12, 8), **kw)
    iryna = _p("i", "Iryna", "Kravchenko", dt.date(2020, 12, 8), **kw)
    tetiana = _p("t", "Tetiana", "Kravchenko", dt.date(2020, 12, 8), **kw)
    pairs = PersonIndex([no_given, iryna, tetiana]).pairs()
    assert frozenset("it") not in {frozenset((p.left, p.right)) for p in pairs}


# --- a missing given name -------------------------------------------------------------------


def _family_registry(bearers: int) -> list[Person]:
    """*bearers* Kravchenkos of the 1980s among unrelated people."""
    people = [
        _p(f"k{i}", g, "Kravchenko", dt.date(1980 + i % 10, 1 + i % 12, 2 + i))
        for i, g in enumerate(["Taras", "Bohdan", "Ihor", "Mykola", "Petro", "Yurii"][:bearers])
    ]
    return people + [
        _p(f"o{i}", g, f, dt.date(1960 + i % 40, 1 + i % 12, 2 + i % 26))
        for i, (g, f) in enumerate(
            (g, f)
            for g in ("Stepan", "Roman", "Oleh", "Andrii", "Vasyl")
            for f in ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Boiko")
        )
    ]


def test_a_missing_given_name_is_neutral_for_the_rarity_of_the_family_name():
    """One part compared: its rarity counts against a typical part, not against a full name
    (which made every record without a given name weigh as a common name)."""
    people = _family_registry(1)
    index = PersonIndex(people)
    no_given = prepare(_p("new", "", "Kravchenko", dt.date(1980, 1, 2)))
    assert index.freq.weight(index.people[0], no_given) >= 0  # a rare family name here


def test_a_record_without_given_name_counts_the_bearers_of_its_family_name():
    people = _family_registry(6)
    index = PersonIndex(people)
    no_given = prepare(_p("new", "", "Kravchenko", None))
    assert index.freq.namesakes(index.people[0], no_given) == 4  # six bearers, but these two
    m = compare(index.people[0], no_given, index.freq)
    assert "common_name_no_date" in _codes(m)
    assert m.decision != SAME
