"""Duplicates under typing noise, eighth round (issue 17, part 6), written from the
specification: a registry estimates what a year known on one side only says (a placeholder or
an imprecise date whose year the other record's date shares) from its own records, as it does
for a differing birth place: m from records sharing an AZR number, u from alike names whose AZR
numbers differ. Where one person's records carry a placeholder for the real date, a shared year
keeps its weight; where they never do, it says little; never more than the hand-set 1.5."""

from __future__ import annotations

import datetime as dt

from casefile.dedupe import PersonIndex
from casefile.matcher import DEFAULT_DETAILS, DetailWeights, compare
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
