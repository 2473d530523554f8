"""Duplicates under typing noise, fifth round (issue 17, part 6), written from the
specification: a phone number two records share says more where their given names agree (a
household shares the phone, not the given name), and no more where only a middle name is
shared or the given names differ; namesakes of the other sex do not count against a pair whose
birth date is missing or only a year."""

from __future__ import annotations

import datetime as dt

from casefile.matcher import (
    PHONE_GIVEN,
    REVIEW_AT,
    SAME,
    TYPO_CALIBRATION,
    TYPO_MAX,
    NameFrequencies,
    Person,
    _typo_names,
    compare,
    prepare,
)
from tests.casefile.people import person

PHONE = "0171 2345678"


def _p(pid: str, given: str, family: str, birth: dt.date | None, **kw) -> Person:
    return person(pid, given, family, birth, **{"sex": "m", "phone": PHONE, **kw})


def _weight(m, *codes: str) -> float:
    return sum(e.weight for e in m.evidence if e.code in codes)


# --- one phone, one given name --------------------------------------------------------------


def test_same_phone_and_given_name_with_a_slip_counts_more_than_a_household_phone():
    first = _p("a", "Volodymyr", "Kovalchuk", dt.date(2014, 11, 14))
    typed = _p("b", "Volodymyr", "Kolchuk", None)  # two slips, no date
    m = compare(first, typed)
    assert _weight(m, "same_phone") == PHONE_GIVEN
    assert m.score >= REVIEW_AT


def test_same_phone_with_the_given_name_mistyped_once_counts_more():
    m = compare(_p("a", "Nicolae", "Popescu", None), _p("b", "Nicloae", "Popescu", None))
    assert _weight(m, "same_phone") == PHONE_GIVEN


def test_same_phone_with_swapped_name_fields_counts_more():
    m = compare(_p("a", "Hayder", "Salman", None), _p("b", "Salman", "Hayder", None))
    assert _weight(m, "same_phone") == PHONE_GIVEN


def test_a_household_shares_the_phone_but_not_the_given_name():
    father = _p("a", "Ahmad", "Al-Ali", None)
    son = _p("b", "Ayman", "Al-Ali", None)
    assert _weight(compare(father, son), "same_phone") == 1.0


def test_a_middle_name_shared_is_no_given_name_agreeing():
    # A child may bear a parent's middle name: Roya / Bibi Gul Roya of one household.
    mother = _p("a", "Bibi Gul Roya", "Sahak", None, sex="f")
    daughter = _p("b", "Roya", "Sahak", None, sex="f")
    assert _weight(compare(mother, daughter), "same_phone") == 1.0


def test_a_given_name_missing_on_one_side_keeps_the_household_weight():
    m = compare(_p("a", "", "Kravchenko", None), _p("b", "Tetiana", "Kravchenko", None))
    assert _weight(m, "same_phone") == 1.0


def test_the_floor_does_not_cut_off_a_pair_the_phone_lifts_above_it():
    a = _p("a", "Volodymyr", "Kovalchuk", dt.date(2014, 11, 14))
    b = _p("b", "Volodymyr", "Kolchuk", None)
    assert compare(a, b, floor=REVIEW_AT).score == compare(a, b).score


# --- namesakes by sex -----------------------------------------------------------------------


def test_namesakes_of_the_other_sex_do_not_count_against_a_missing_date():
    a = _p("a", "Sasha", "Melnyk", dt.date(1990, 5, 6), sex="f", phone="")
    b = _p("b", "Sasha", "Melnyk", None, sex="f", phone="")
    men = [_p(f"m{i}", "Sasha", "Melnyk", None, sex="m", phone="") for i in range(5)]
    women = [_p(f"w{i}", "Sasha", "Melnyk", None, sex="f", phone="") for i in range(5)]
    pa, pb = prepare(a), prepare(b)
    freq = NameFrequencies([prepare(p) for p in (a, b, *men)])
    assert freq.namesakes(pa, pb) == 0
    freq = NameFrequencies([prepare(p) for p in (a, b, *women)])
    assert freq.namesakes(pa, pb) == 5
    unknown = _p("b", "Sasha", "Melnyk", None, sex="", phone="")  # could be either
    freq = NameFrequencies([prepare(p) for p in (a, unknown, *men)])
    assert freq.namesakes(pa, prepare(unknown)) == 0  # the recorded sex is the pair's
    freq = NameFrequencies([prepare(p) for p in (a, b, *men, *women)])
    assert freq.namesakes(pa, pb) == 5


def test_namesakes_born_in_the_decades_count_by_sex_too():
    a = _p("a", "", "Sikora", dt.date(1978, 1, 1), sex="f", phone="", birth_date_exact=False)
    b = _p("b", "Elzbieta", "Sikora", dt.date(1978, 1, 1), sex="f", phone="")
    men = [_p(f"m{i}", "Jan", "Sikora", dt.date(1975, 3, 1 + i), sex="m") for i in range(4)]
    women = [_p(f"w{i}", "Anna", "Sikora", dt.date(1975, 3, 1 + i), sex="f") for i in range(3)]
    freq = NameFrequencies([prepare(p) for p in (a, b, *men, *women)])
    assert freq.namesakes_born(prepare(a), prepare(b)) == 3


def test_a_mistyped_name_without_a_date_counts_the_bearers_of_the_name_it_misspells():
    typed = _p("a", "Nataliiq", "Ponomarenko", None, sex="f", phone="")
    first = _p("b", "Nataliia", "Ponomarenko", dt.date(1996, 1, 1), sex="f", phone="")
    namesake = _p("c", "Nataliia", "Ponomarenko", dt.date(1996, 1, 1), sex="f", phone="")
    freq = NameFrequencies([prepare(p) for p in (typed, first, namesake)])
    assert freq.namesakes(prepare(typed), prepare(first)) == 1
    alone = NameFrequencies([prepare(p) for p in (typed, first)])
    assert alone.namesakes(prepare(typed), prepare(first)) == 0
    m = compare(typed, first, freq)
    assert any(e.code == "common_name_no_date" for e in m.evidence)


def test_namesakes_by_chance_grow_with_the_registry_where_only_two_bear_the_name():
    # 40 Olhas and 40 Kravchenkos among 400 Ukrainian women: one Olha Kravchenko in ten
    # expected by chance, so four more than the two of the pair, though no other is recorded.
    def woman(i: int, given: str, family: str) -> Person:
        return _p(f"w{i}", given, family, dt.date(1950 + i % 50, 1 + i % 12, 1 + i % 28), sex="f")

    others = [woman(i, "Olha", f"Family{i}") for i in range(40)]
    others += [woman(100 + i, f"Given{i}", "Kravchenko") for i in range(40)]
    others += [woman(200 + i, f"Given{i}", f"Family{i}") for i in range(318)]
    a = _p("a", "Olha", "Kravchenko", None, sex="f", phone="")
    b = _p("b", "Olha", "Kravchenko", dt.date(1990, 8, 12), sex="f", phone="")
    freq = NameFrequencies([prepare(p) for p in (a, b, *others)])
    assert 3.9 <= freq.namesakes(prepare(a), prepare(b)) <= 4.1
    men = [_p(f"m{i}", "Olha", "Kravchenko", None, sex="m") for i in range(3)]
    assert freq.expected(prepare(a), prepare(b), ("f", "?")) == freq.namesakes(
        prepare(a), prepare(b)
    )
    small = NameFrequencies([prepare(p) for p in (a, b, *men)])
    assert small.namesakes(prepare(a), prepare(b)) < 1.5


# --- mistyped dates -------------------------------------------------------------------------


def test_two_swapped_digits_of_a_date_say_more_than_one_digit_changed():
    a = _p("a", "Bohdan", "Marchenko", dt.date(1973, 2, 2), phone="")
    swapped = _p("b", "Bohdan", "Marchenko", dt.date(1973, 2, 20), phone="")  # 02/20
    changed = _p("c", "Bohdan", "Marchenko", dt.date(1973, 2, 3), phone="")
    same = _p("d", "Bohdan", "Marchenko", dt.date(1973, 2, 2), phone="")
    w_swap = _weight(compare(a, swapped), "transposed_birth_date")
    w_digit = _weight(compare(a, changed), "typo_birth_date")
    w_same = _weight(compare(a, same), "same_birth_date")
    assert 0 < w_digit < w_swap < w_same


def test_a_mistyped_date_with_the_same_name_place_and_sex_goes_to_review():
    a = _p("a", "Olha", "Pawlenko", dt.date(2019, 8, 12), sex="f", phone="")
    b = _p("b", "Olha", "Pawlenko", dt.date(2019, 8, 21), sex="f", phone="")
    assert compare(a, b).score >= REVIEW_AT


# --- mistyped names -------------------------------------------------------------------------


def test_a_mistyped_name_weighs_its_slips_and_the_calibration():
    first = _p("a", "Nicolae", "Popescu", None, phone="")
    typed = _p("b", "Niloae", "Popescu", None, phone="")
    m = compare(first, typed)
    names = [e for e in m.evidence if e.code in ("typo_name", "similar_name")]
    expected = _typo_names(prepare(first), prepare(typed))
    assert expected is not None
    assert names and names[0].weight == min(TYPO_MAX, expected + TYPO_CALIBRATION)


def test_a_shared_identifier_with_mistyped_names_is_merged_automatically():
    first = _p("a", "Ihor", "Lyssenko", dt.date(1980, 5, 6), azr_number="123456789012")
    typed = _p("b", "Ihor", "Ylsenkko", dt.date(1980, 5, 6), azr_number="123456789012")
    m = compare(first, typed)
    assert "typo_name" in {e.code for e in m.evidence}
    assert m.decision == SAME


def test_a_shared_identifier_with_another_given_name_is_not_merged():
    first = _p("a", "Bohdan", "Marchenko", dt.date(1973, 2, 2), azr_number="123456789012")
    other = _p("b", "Taras", "Marchenko", dt.date(1973, 2, 2), azr_number="123456789012")
    assert compare(first, other).decision != SAME


def test_the_floor_bounds_what_the_names_can_add():
    # The pre-check must not cut off a pair the names alone lift above the floor.
    from casefile.matcher import NAME_MAX

    assert NAME_MAX >= TYPO_MAX + 2.0
    assert NAME_MAX >= 6.0 + 2.0
    # A mistyped copy weighs no more than both parts the same letters.
    a, b = _p("a", "Bohdan", "Marchenko", None), _p("b", "Bohdan", "Marchenkp", None)
    names = [e for e in compare(a, b).evidence if e.code in ("typo_name", "similar_name")]
    assert names and names[0].weight <= TYPO_MAX
