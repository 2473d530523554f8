"""The person matcher: transliteration families, placeholder and swapped dates, identifiers."""

import datetime as dt

import pytest

from casefile.matcher import DIFFERENT, REVIEW, SAME, Person, compare, is_placeholder

D = dt.date


def person(given, family, birth=None, sex="", nat=("SYR",), **kw) -> Person:
    return Person(
        id=f"{given}-{family}",
        given_names=given,
        family_name=family,
        birth_date=birth,
        sex=sex,
        nationalities=tuple(nat),
        **kw,
    )


@pytest.mark.parametrize(
    "a, b",
    [
        (("Mohammed", "Al-Hassan"), ("Muhammad", "Alhasan")),
        (("Olena", "Shevchenko"), ("Olena", "Schewtschenko")),
        (("Olena", "Ševčenko"), ("Olena", "Шевченко")),
        (("Ahmad", "Karimi"), ("Karimi", "Ahmad")),  # given and family name swapped
    ],
)
def test_transliteration_families_with_the_same_birth_date_are_the_same_person(a, b):
    nat = ("UKR",) if "Olena" in a else ("SYR",)
    x = person(*a, D(1988, 4, 17), "f" if "Olena" in a else "m", nat, birth_place="Aleppo")
    y = person(*b, D(1988, 4, 17), "f" if "Olena" in a else "m", nat, birth_place="Aleppo")
    m = compare(x, y)
    assert m.decision == SAME, (m.score, m.reasons)
    assert "gleiches Geburtsdatum" in m.reasons


def test_day_and_month_swapped_is_named_and_goes_to_review():
    m = compare(
        person("Ahmad", "Karimi", D(1990, 3, 7), "m", ("AFG",)),
        person("Ahmad", "Karimi", D(1990, 7, 3), "m", ("AFG",)),
    )
    assert "Tag und Monat des Geburtsdatums vertauscht" in m.reasons
    assert m.decision == REVIEW


def test_a_placeholder_date_is_weak_evidence_and_never_merges_alone():
    assert is_placeholder(D(1990, 1, 1)) and not is_placeholder(D(1990, 3, 7))
    m = compare(
        person("Ahmad", "Karimi", D(1990, 1, 1), "m", ("AFG",)),
        person("Ahmad", "Karimi", D(1990, 1, 1), "m", ("AFG",)),
    )
    assert m.decision == REVIEW
    assert any("Platzhalterdatum" in r for r in m.reasons)


def test_the_same_azr_number_merges_spelling_variants():
    m = compare(
        person("Mohammed", "Al-Hassan", azr_number="123456789012"),
        person("Muhammad", "Alhasan", D(1985, 1, 1), azr_number="1234 5678 9012"),
    )
    assert m.decision == SAME and m.reasons[0] == "gleiche AZR-Nummer"


def test_a_conflicting_azr_number_keeps_two_namesakes_apart():
    m = compare(
        person("Mohammed", "Al-Hassan", D(1985, 5, 2), "m", azr_number="123456789012"),
        person("Mohammed", "Al-Hassan", D(1985, 5, 2), "m", azr_number="210987654321"),
    )
    assert m.decision != SAME and "verschiedene AZR-Nummern" in m.reasons


@pytest.mark.parametrize(
    "b",
    [
        person("Omar", "Haddad", D(1985, 5, 2), "m"),  # another person
        person("Mohammed", "Al-Hassan", D(1961, 11, 30), "m"),  # namesake, other generation
        person("Amira", "Al-Hassan", D(1985, 5, 2), "f"),  # twin sister
    ],
)
def test_different_people_stay_apart(b):
    a = person("Mohammed", "Al-Hassan", D(1985, 5, 2), "m")
    assert compare(a, b).decision == DIFFERENT, compare(a, b).reasons


def test_a_one_digit_typo_in_the_birth_date_is_understood():
    m = compare(
        person("Olena", "Kovalenko", D(1985, 3, 12), "f", ("UKR",)),
        person("Olena", "Kowalenko", D(1985, 3, 13), "f", ("UKR",)),
    )
    assert "Geburtsdatum weicht in einer Ziffer ab" in m.reasons and m.decision == REVIEW


def test_empty_records_are_never_a_match_and_the_score_is_symmetric():
    assert compare(Person("a"), Person("b")).decision == DIFFERENT
    a = person("Olena", "Shevchenko", D(1985, 3, 12), "f", ("UKR",), phone="0151 123456")
    b = person("Jelena", "Schewtschenko", D(1985, 12, 3), "f", ("UKR",), phone="+49 151 123456")
    assert compare(a, b).score == pytest.approx(compare(b, a).score)
    assert "gleiche Telefonnummer" in compare(a, b).reasons


@pytest.mark.parametrize(
    "a, b",
    [
        (("Mahmoud", "Hallak"), ("Mahmud", "حلاق")),  # no short vowels in Arabic script
        (("Vasile", "Stan"), ("Wsile", "Stan")),  # a vowel lost in typing
        (("Mulugeta", "Yonas"), ("Mulu Geta", "Yonas")),  # one word or two
        (("Delîl", "Haji"), ("Delîl", "aHji")),  # two letters swapped
    ],
)
def test_spellings_that_differ_only_in_vowels_or_word_breaks_go_to_review(a, b):
    m = compare(
        person(*a, D(1978, 4, 11), "m", birth_place="Aleppo"),
        person(*b, D(1978, 4, 11), "m", birth_place="Aleppo"),
    )
    assert m.decision in (REVIEW, SAME), (m.score, m.reasons)
    assert not any(r.startswith("verschiedene") for r in m.reasons)
