"""Duplicates under typing noise, sixth round (issue 17, part 6), written from the
specification: a registry estimates how much a differing birth place, phone or nationality
says from its own records (m from records sharing an AZR number, u from alike names whose AZR
numbers differ), and keeps the defaults where it has nothing to go by; a given name no other
record of the registry bears (garbled by slips, Aaj for Anna) counts less against a pair than a
different name that others bear as well (a twin's), and not in a registry too small to know."""

from __future__ import annotations

import datetime as dt

from casefile.dedupe import PersonIndex
from casefile.matcher import (
    DEFAULT_DETAILS,
    DetailWeights,
    NameFrequencies,
    Person,
    compare,
    prepare,
)
from tests.casefile.people import person

BORN = dt.date(2011, 9, 27)
GIVEN = ("Anna", "Olga", "Iryna", "Oksana", "Tetiana", "Natalia", "Halyna", "Maria")
FAMILY = ("Kovalenko", "Bondarenko", "Tkachenko", "Shevchenko", "Kravchenko", "Melnyk")


def _weight(m, code: str) -> float:
    return sum(e.weight for e in m.evidence if e.code == code)


# --- details estimated from the registry ------------------------------------------------------


def test_without_anchored_pairs_the_defaults_hold():
    estimated = DetailWeights.estimate([], [])
    for name in ("birth_place", "phone", "nationality"):
        assert abs(getattr(estimated, name) - getattr(DEFAULT_DETAILS, name)) < 0.05


def _registry(changed_phones: bool) -> list[Person]:
    """Forty people recorded twice under one AZR number (the second record's phone the same or
    another) and a hundred people of alike names with their own AZR numbers and phones."""
    people = []
    for n in range(40):
        given, family = GIVEN[n % len(GIVEN)], FAMILY[n % len(FAMILY)]
        azr = f"{100000000000 + n}"
        phone = f"0171 {5000000 + n}"
        people.append(person(f"a{n}", given, family, BORN, azr_number=azr, phone=phone))
        second = f"0160 {7000000 + n}" if changed_phones else phone
        people.append(person(f"b{n}", given, family, None, azr_number=azr, phone=second))
    for n in range(100):
        people.append(
            person(
                f"c{n}",
                "Olena",
                "Kovalchuk",
                dt.date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
                azr_number=f"{200000000000 + n}",
                phone=f"0152 {3000000 + n}",
            )
        )
    return people


def test_a_registry_where_a_person_keeps_the_phone_weighs_another_phone_more():
    kept = PersonIndex(_registry(changed_phones=False)).freq.details
    changed = PersonIndex(_registry(changed_phones=True)).freq.details
    assert kept.phone < DEFAULT_DETAILS.phone < 0
    assert DEFAULT_DETAILS.phone < changed.phone <= 0
    assert kept.phone >= DetailWeights.STRONGEST


def test_compare_uses_the_registrys_weights():
    index = PersonIndex(_registry(changed_phones=False))
    a = person("x", "Oleksandr", "Marchenko", BORN, phone="0171 1111111")
    b = person("y", "Oleksandr", "Marchenko", BORN, phone="0171 2222222")
    assert _weight(compare(a, b, index.freq), "other_phone") == index.freq.details.phone
    assert _weight(compare(a, b), "other_phone") == DEFAULT_DETAILS.phone


# --- a given name no one else bears ---------------------------------------------------------


def _people(extra: list[Person], others: int) -> NameFrequencies:
    crowd = [
        person(f"n{n}", GIVEN[n % len(GIVEN)], FAMILY[n % len(FAMILY)], None) for n in range(others)
    ]
    return NameFrequencies([prepare(p) for p in (*extra, *crowd)])


def test_a_garbled_given_name_counts_less_against_than_a_twins_name():
    anna = person("a", "Anna", "Egorova", BORN, phone="0178 4660380")
    garbled = person("b", "Aaj", "Egorova", BORN, phone="0178 4660380")
    twin = person("c", "Olga", "Egorova", BORN, phone="0178 4660380")
    freq = _people([anna, garbled, twin], 2000)
    against_garbled = _weight(compare(anna, garbled, freq), "other_given_name")
    against_twin = _weight(compare(anna, twin, freq), "other_given_name")
    assert against_twin < against_garbled <= 0
    assert compare(anna, twin, freq).score < compare(anna, garbled, freq).score


def test_in_a_registry_of_rare_names_an_unheard_name_says_little():
    anna = person("a", "Anna", "Egorova", BORN)
    garbled = person("b", "Aaj", "Egorova", BORN)
    # Every other record bears a name of its own: unheard names are the rule, not a slip.
    crowd, keys = [], set(prepare(anna).given_keys + prepare(garbled).given_keys)
    for n in range(400):
        name = "".join("bdfgklmnprstvz"[(n * k + k) % 14] + "aeiou"[(n + k) % 5] for k in (1, 3, 7))
        key = prepare(person("k", name, "Egorova", None)).given_keys
        if key and key[0] not in keys:
            keys.add(key[0])
            crowd.append(person(f"r{n}", name.capitalize(), "Egorova", None))
    assert len(crowd) >= 20
    rare = NameFrequencies([prepare(p) for p in (anna, garbled, *crowd)])
    common = _people([anna, garbled], 2000)
    assert rare.unheard(prepare(garbled).given_keys) < common.unheard(prepare(garbled).given_keys)
    assert rare.unheard(prepare(garbled).given_keys) <= 0.5
    assert common.unheard(prepare(anna).given_keys) == 0.0  # Anna is borne by many


def test_a_garbled_family_name_counts_less_against_than_another_family():
    # The same for the family name: Egorova garbled into Gvroa (borne by no one else) says
    # less against the pair than Kuzmenko, a name the registry knows.
    anna = person("a", "Anna", "Egorova", BORN, phone="0178 4660380")
    garbled = person("b", "Anna", "Gvroa", BORN, phone="0178 4660380")
    other = person("c", "Anna", "Kuzmenko", BORN, phone="0178 4660380")
    # A registry where some family names are garbled (borne once), as some given names are.
    typed = [
        person(f"g{n}", "Olga", f"{'bdfgk'[n % 5]}{'aeiou'[n // 5 % 5]}zqr{n}", None)
        for n in range(40)
    ]
    freq = _people([anna, garbled, other, person("d", "Olga", "Kuzmenko", None), *typed], 2000)
    against_garbled = _weight(compare(anna, garbled, freq), "other_family_name")
    against_other = _weight(compare(anna, other, freq), "other_family_name")
    assert against_other < against_garbled <= 0
    lift = freq.unheard(prepare(garbled).family_keys, "family")
    assert lift > 0 and against_garbled == min(0.0, -2.0 + lift)
    assert compare(anna, other, freq).score < compare(anna, garbled, freq).score
