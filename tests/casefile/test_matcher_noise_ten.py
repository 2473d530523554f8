"""Tenth round of the typing-noise matcher (issue 17): how a birth place is spelled, words no
one else typed, and the share of namesakes. Written from the docstrings of DetailWeights
(place_spelling, the bound of a lone detail), NameFrequencies.unheard and NAMESAKE_SCALE."""

from __future__ import annotations

import datetime as dt
import math

from casefile.dedupe import PersonIndex
from casefile.matcher import (
    DEFAULT_DETAILS,
    LONE_MOST,
    REASONS,
    DetailWeights,
    NameFrequencies,
    Person,
    compare,
    prepare,
)
from tests.casefile.people import person


def _places(same_spelled: bool) -> list[Person]:
    """Sixty people recorded twice under one AZR number, born in Kharkiv; the second record
    spells the place as the first (*same_spelled*) or as Charkiw every other time. And sixty
    men named Ihor Lysenko with their own AZR numbers, born in Kharkiv or Charkiw alternately."""
    people = []
    for n in range(60):
        born = dt.date(1960 + n % 40, 1 + n % 12, 2 + n % 27)
        azr = f"{100000000000 + n}"
        people.append(
            person(f"a{n}", "Iryna", f"Melnyk{n}", born, azr_number=azr, birth_place="Kharkiv")
        )
        second = "Kharkiv" if same_spelled or n % 2 else "Charkiw"
        people.append(
            person(f"b{n}", "Iryna", f"Melnyk{n}", born, azr_number=azr, birth_place=second)
        )
    for n in range(60):
        people.append(
            person(
                f"l{n}",
                "Ihor",
                "Lysenko",
                dt.date(1950 + n % 40, 1 + n % 12, 2 + n % 27),
                sex="m",
                azr_number=f"{2 * 10**11 + n}",
                birth_place="Kharkiv" if n % 2 else "Charkiw",
            )
        )
    return people


def _place_evidence(freq: NameFrequencies | None, x: str, y: str) -> tuple[str, float]:
    a = person("x", "Oksana", "Marchenko", dt.date(1991, 3, 14), birth_place=x)
    b = person("y", "Oksana", "Marchenko", dt.date(1991, 3, 14), birth_place=y)
    [found] = [
        (e.code, e.weight) for e in compare(a, b, freq).evidence if e.code.endswith("birth_place")
    ]
    return found


def test_by_default_one_place_is_one_place_however_spelled():
    assert DEFAULT_DETAILS.place_spelling == (0.0, 0.0)
    assert _place_evidence(None, "Kharkiv", "Charkiw") == ("same_birth_place", 2.0)
    assert _place_evidence(None, "Kharkiv", "Kharkiv") == ("same_birth_place", 2.0)


def test_a_registry_whose_people_keep_their_spelling_weighs_a_respelled_place_less():
    freq = PersonIndex(_places(same_spelled=True)).freq
    alike, otherwise = freq.details.place_spelling
    assert 0.0 < alike <= LONE_MOST
    assert freq.details.birth_place - 2.0 <= otherwise < 0.0  # never below another place
    assert _place_evidence(freq, "Kharkiv", "Kharkiv") == ("same_birth_place", 2.0 + alike)
    code, weight = _place_evidence(freq, "Kharkiv", "Charkiw")
    assert code == "respelled_birth_place" and weight == 2.0 + otherwise
    assert REASONS["respelled_birth_place"]
    # A place that differs is still weighed as before.
    assert _place_evidence(freq, "Kharkiv", "Odesa") == (
        "other_birth_place",
        freq.details.birth_place,
    )


def test_where_spellings_vary_alike_for_one_person_and_two_the_spelling_says_little():
    strict = PersonIndex(_places(same_spelled=True)).freq.details.place_spelling
    lax = PersonIndex(_places(same_spelled=False)).freq.details.place_spelling
    assert lax[0] < strict[0]
    assert strict[1] < lax[1] and abs(lax[1]) < 0.5


def test_the_spelling_estimate_on_given_counts():
    a = prepare(person("a", "Iryna", "Melnyk", dt.date(1990, 2, 3), birth_place="Kharkiv"))
    b = prepare(person("b", "Iryna", "Melnyk", dt.date(1990, 2, 3), birth_place="Charkiw"))
    # One person: 30 spelled alike of 40; two people: 20 of 60. The rate of all: 50 / 100,
    # worth 50 pairs: m = (30 + 25) / (40 + 50), u = (20 + 25) / (60 + 50).
    details = DetailWeights.estimate([(a, a)] * 30 + [(a, b)] * 10, [(a, a)] * 20 + [(a, b)] * 40)
    m, u = 55 / 90, 45 / 110
    assert details.place_spelling == (
        round(math.log(m / u), 2),
        round(math.log((1 - m) / (1 - u)), 2),
    )
    # Never spelled otherwise, or always: nothing to estimate.
    assert DetailWeights.estimate([(a, a)] * 30, [(a, a)] * 30).place_spelling == (0.0, 0.0)
    assert DetailWeights.estimate([(a, b)] * 30, [(a, b)] * 30).place_spelling == (0.0, 0.0)


def _names_registry() -> list[Person]:
    """Forty women named Maryna Karpenko and forty named Sibel Yilmaz (all words typed often),
    and the garbled records of the tests."""
    people = [
        person(f"m{n}", "Maryna", "Karpenko", dt.date(1960 + n, 5, 25)) for n in range(40)
    ] + [
        person(f"s{n}", "Sibel", "Yilmaz", dt.date(1960 + n, 6, 29), nationalities=("TUR",))
        for n in range(40)
    ]
    return people


def test_a_word_no_one_else_typed_is_unheard_even_where_its_key_is_borne_by_others():
    garbled = person("g", "Marssn", "Karpenko", dt.date(1970, 5, 25))
    freq = NameFrequencies([prepare(p) for p in [*_names_registry(), garbled]])
    maryna, marssn = prepare(_names_registry()[0]), prepare(garbled)
    assert freq.unheard(maryna.given_keys, "given", maryna.given) == 0.0
    assert freq.unheard(maryna.given_keys, "given", marssn.given) > 0.0
    # In a registry where every record types its own words, unheard words are the rule: the
    # lift is smaller.
    rare = [person(f"r{n}", f"Name{chr(97 + n % 26)}{n}", f"Fam{n}x", None) for n in range(80)]
    freq_rare = NameFrequencies([prepare(p) for p in [*rare, garbled]])
    assert freq_rare.unheard((), "given", marssn.given) < freq.unheard((), "given", marssn.given)


def test_names_that_differ_in_every_part_count_less_against_where_one_is_unheard():
    a = person("a", "Sibei", "Gülrd", dt.date(1988, 6, 29), nationalities=("TUR",))
    b = person("b", "Sibel", "Geür", dt.date(1988, 6, 29), nationalities=("TUR",))
    bare = [e.weight for e in compare(a, b).evidence if e.code == "other_name"]
    freq = NameFrequencies([prepare(p) for p in [*_names_registry(), a, b]])
    lifted = [e.weight for e in compare(a, b, freq).evidence if e.code == "other_name"]
    assert bare and lifted
    assert bare[0] < lifted[0] <= 0.0  # less against, never for the pair
    # Where both records' words are typed by others, nothing changes.
    c = person("c", "Maryna", "Karpenko", dt.date(1988, 6, 29), nationalities=("TUR",))
    d = person("d", "Sibel", "Yilmaz", dt.date(1988, 6, 29), nationalities=("TUR",))
    known = NameFrequencies([prepare(p) for p in [*_names_registry(), c, d]])
    plain = [e for e in compare(c, d).evidence if e.code == "other_name"]
    assert [e.weight for e in compare(c, d, known).evidence if e.code == "other_name"] == [
        e.weight for e in plain
    ]
