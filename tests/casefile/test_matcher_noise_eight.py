"""Duplicates under typing noise, eighth round (issue 17, part 6), written from the
specification: a registry estimates what a year known on one side only says (a placeholder or
an imprecise date whose year the other record's date shares) from its own records, as it does
for a differing birth place: m from records sharing an AZR number, u from alike names whose AZR
numbers differ. Where one person's records carry a placeholder for the real date, a shared year
keeps its weight; where they never do, it says little; never more than the hand-set 1.5."""

from __future__ import annotations

import datetime as dt
import math

from casefile.dedupe import PersonIndex
from casefile.matcher import (
    DEFAULT_DETAILS,
    NAMESAKE_SCALE,
    DetailWeights,
    compare,
    prepare,
)
from tests.casefile.people import person


def _registry(placeholders: bool) -> list:
    """Sixty people recorded twice under one AZR number (the second record with the same date
    or with the placeholder of its year) and a hundred women named Olena Kovalchuk with their
    own AZR numbers, born in five years, half of them with a placeholder date."""
    people = []
    for n in range(60):
        born = dt.date(1960 + n % 40, 1 + n % 12, 2 + n % 27)
        azr = f"{100000000000 + n}"
        people.append(person(f"a{n}", "Iryna", f"Melnyk{n}", born, azr_number=azr))
        second = dt.date(born.year, 1, 1) if placeholders else born
        people.append(person(f"b{n}", "Iryna", f"Melnyk{n}", second, azr_number=azr))
    for n in range(100):
        year = 1980 + n % 5
        born = dt.date(year, 1, 1) if n % 2 else dt.date(year, 1 + n % 12, 2 + n % 27)
        people.append(person(f"c{n}", "Olena", "Kovalchuk", born, azr_number=f"{2 * 10**11 + n}"))
    return people


def test_without_anchored_pairs_a_year_only_keeps_its_weight():
    assert DetailWeights.estimate([], []).same_year == DEFAULT_DETAILS.same_year == 1.5


def test_a_registry_without_placeholders_for_real_dates_weighs_a_shared_year_less():
    typed = PersonIndex(_registry(placeholders=False)).freq.details
    held = PersonIndex(_registry(placeholders=True)).freq.details
    assert 0.0 <= typed.same_year < held.same_year <= DEFAULT_DETAILS.same_year
    assert typed.same_year < 0.5


def test_compare_uses_the_registrys_weight_of_a_shared_year():
    index = PersonIndex(_registry(placeholders=False))
    a = person("x", "Oksana", "Marchenko", dt.date(1991, 1, 1))
    b = person("y", "Oksana", "Marchenko", dt.date(1991, 6, 14))
    year = [e.weight for e in compare(a, b, index.freq).evidence if e.code == "same_birth_year"]
    assert year == [index.freq.details.same_year]
    default = [e.weight for e in compare(a, b).evidence if e.code == "same_birth_year"]
    assert default == [1.5]


# --- a record without a date is a copy of one person at most -----------------------------------


def _stoyanovs(second_date: dt.date) -> list:
    kw = {"sex": "m", "nationalities": ("BGR",), "birth_place": "Russe"}
    return [
        person("x", "Stoyan", "Stoyanov", None, phone="0171 5550001", **kw),
        person("y1", "Stoyan", "Stoyanov", dt.date(1995, 4, 13), phone="0171 5550001", **kw),
        person("y2", "Stoyan", "Stoyanov", second_date, **kw),
    ]


def test_an_undated_record_matching_two_people_keeps_only_the_better_match():
    index = PersonIndex(_stoyanovs(dt.date(1971, 9, 2)))
    alone = {
        frozenset(("x", o)): compare(index.people[0], p, index.freq)
        for o, p in (("y1", index.people[1]), ("y2", index.people[2]))
    }
    assert all(m.decision != "different" for m in alone.values())  # each pair alone: review
    found = {frozenset((p.left, p.right)) for p in index.pairs()}
    assert frozenset(("x", "y1")) in found  # the same phone: the better match
    assert frozenset(("x", "y2")) not in found  # a namesake of it: other exact date


def test_an_undated_record_keeps_both_matches_where_they_may_be_one_person():
    # The second date a slip of the first: the two dated records may be one person (all three
    # records of one), so the undated one keeps both.
    index = PersonIndex(_stoyanovs(dt.date(1995, 4, 18)))
    found = {frozenset((p.left, p.right)) for p in index.pairs()}
    assert {frozenset(("x", "y1")), frozenset(("x", "y2"))} <= found


# --- namesakes of a record that names one part only -------------------------------------------


def test_a_mistyped_family_name_alone_has_the_bearers_of_the_name_as_namesakes():
    kw = {"birth_place": "Charkiw"}
    given = ("Kateryna", "Natalia", "Halyna", "Raisa", "Tetiana", "Uliana")
    people = [
        person(f"l{n}", g, "Lysenko", dt.date(1960 + 7 * n, 3, 1 + n), **kw)
        for n, g in enumerate(given)
    ]
    people.append(person("x", "", "Lyenko", None, **kw))
    index = PersonIndex(people)
    x = next(p for p in index.people if p.person.id == "x")
    assert index.freq.namesakes(x, index.people[0]) >= len(given) - 1
    assert index.freq.namesakes(index.people[0], x) == index.freq.namesakes(x, index.people[0])


# --- blocking of a record that names one part only --------------------------------------------


def test_a_copy_without_given_name_with_slips_in_name_and_date_shares_a_block():
    from casefile.dedupe import block_keys
    from casefile.matcher import prepare

    full = person("a", "Magdalena", "Wójcik", dt.date(2009, 7, 22), nationalities=("POL",))
    copy = person("b", "", "Wjcik", dt.date(2004, 7, 22), nationalities=("POL",))
    assert set(block_keys(prepare(full))) & set(block_keys(prepare(copy)))
    index = PersonIndex([full, copy])
    assert [(p.left, p.right) for p in index.pairs()] == [("a", "b")]
    assert [p.right for p in index.matches_for(copy)] == ["a"]


def test_a_shared_year_the_registry_weighs_at_nothing_counts_namesakes_as_a_missing_date():
    typed = PersonIndex(_registry(placeholders=False))
    held = PersonIndex(_registry(placeholders=True))
    assert typed.freq.details.same_year == 0.0 < held.freq.details.same_year
    # Born in the 1990s: the registry's hundred Olena Kovalchuks were born in the 1980s.
    a = person("x", "Olena", "Kovalchuk", dt.date(1992, 1, 1), azr_number="")
    b = person("y", "Olena", "Kovalchuk", dt.date(1992, 6, 14), azr_number="")
    others = typed.freq.namesakes(prepare(a), prepare(b))  # all bearers, any decade
    assert others > typed.freq.namesakes_born(prepare(a), prepare(b))
    namesakes = [
        e.weight for e in compare(a, b, typed.freq).evidence if e.code.startswith("common")
    ]
    assert namesakes == [-NAMESAKE_SCALE * math.log1p(others)]
    born = held.freq.namesakes_born(prepare(a), prepare(b))  # a year that counts: its decade
    namesakes = [e.weight for e in compare(a, b, held.freq).evidence if e.code.startswith("common")]
    assert namesakes == ([-NAMESAKE_SCALE * math.log1p(born)] if born else [])
