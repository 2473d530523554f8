"""Duplicates under typing noise (issue 17, part 6), written from the specification: slips in
names, mistyped dates, swapped name fields and missing fields are found and judged, while
different people who share a common name and year are not merged."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from casefile.dedupe import PersonIndex, block_keys
from casefile.matcher import DIFFERENT, REVIEW, SAME, Person, compare, prepare
from tests.casefile.people import BORN, person


def _p(pid: str, given: str, family: str, birth: dt.date | None, **kw) -> Person:
    return person(pid, given, family, birth, **{"sex": "f", **kw})


D = BORN
OKSANA = _p("a", "Oksana", "Kravchenko", D)


def _codes(m) -> set[str]:
    return {e.code for e in m.evidence}


def _others(n: int = 40) -> list[Person]:
    """Unrelated people, so that blocks are not trivially small."""
    return [
        _p(f"o{i}", given, family, dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 27), sex="m")
        for i, (given, family) in enumerate(
            (g, f)
            for g in ("Taras", "Bohdan", "Ihor", "Mykola", "Petro")
            for f in ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Boiko")
        )
    ][:n]


def test_names_swapped_are_found_and_judged():
    swapped = _p("b", "Kravchenko", "Oksana", D)
    index = PersonIndex([OKSANA, *_others()])
    found = index.matches_for(swapped)
    assert [p.right for p in found] == ["a"]
    assert found[0].match.decision in (REVIEW, SAME)


def test_names_swapped_with_a_slip_and_no_date_are_found():
    typed = _p("b", "Kravchneko", "Oksana", None)
    index = PersonIndex([OKSANA, *_others()])
    assert [p.right for p in index.matches_for(typed)] == ["a"]


def test_two_slips_in_family_name_and_same_birth_date_is_review_or_same():
    typed = _p("b", "Oksana", "Kravcehnkoo", D)  # a transposition and a doubled letter
    m = compare(OKSANA, typed)
    assert m.decision in (REVIEW, SAME)


def test_slips_in_both_names_and_a_mistyped_date_are_candidates():
    typed = _p("b", "Oksna", "Kravchenoko", dt.date(1987, 4, 28))
    assert set(block_keys(prepare(OKSANA))) & set(block_keys(prepare(typed)))


def test_transposed_date_digits_are_a_typing_slip():
    typed = _p("b", "Oksana", "Kravchenko", dt.date(1978, 4, 23))
    m = compare(OKSANA, typed)
    assert "transposed_birth_date" in _codes(m)
    assert m.decision in (REVIEW, SAME)


def test_a_missing_given_name_with_a_slip_in_the_family_name_is_review():
    typed = _p("b", "", "Kravchemko", D)
    assert compare(OKSANA, typed).decision == REVIEW


def test_different_people_of_a_common_name_and_year_are_not_same():
    a = _p("a", "Mohammed", "Al-Hassan", dt.date(1990, 1, 1), sex="m", nationalities=("SYR",))
    b = _p("b", "Mohammed", "Al-Hasan", dt.date(1990, 6, 14), sex="m", nationalities=("SYR",))
    c = _p("c", "Mohamed", "Al-Hassan", dt.date(1990, 1, 1), sex="m", nationalities=("SYR",))
    for x, y in ((a, b), (a, c), (b, c)):
        assert compare(x, y).decision != SAME


def test_siblings_with_different_given_names_stay_apart():
    sister = _p("b", "Iryna", "Kravchenko", dt.date(1990, 9, 2))
    twin = _p("c", "Olena", "Kravchenko", D)
    assert compare(OKSANA, sister).decision == DIFFERENT
    assert compare(OKSANA, twin).decision == DIFFERENT


def test_a_placeholder_date_of_another_decade_counts_against():
    other = _p("b", "Oksana", "Kravchenko", dt.date(1967, 1, 1))
    m = compare(OKSANA, other)
    assert "other_birth_date" in _codes(m)


# --- properties -----------------------------------------------------------------------------

_NAME = st.text(alphabet="abcdefghiklmnoprstuvyz", min_size=3, max_size=10).map(str.title)
_DATE = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2020, 12, 31))
_PERSON = st.builds(
    lambda g, f, d, sex, place: _p("x", g, f, d, sex=sex, birth_place=place),
    _NAME,
    _NAME,
    st.one_of(st.none(), _DATE),
    st.sampled_from(("f", "m", "")),
    st.sampled_from(("Poltawa", "Kyiv", "")),
)


def _slip(text: str, at: int, kind: int) -> str:
    i = 1 + at % max(1, len(text) - 2)
    if kind == 0:
        return text[:i] + text[i + 1 :]  # dropped
    if kind == 1:
        return text[:i] + text[i] + text[i:]  # doubled
    return text[:i] + text[i + 1 : i + 2] + text[i] + text[i + 2 :]  # swapped


@settings(max_examples=200, deadline=None)
@given(_PERSON, _PERSON)
def test_compare_is_symmetric(a, b):
    b = Person(**{**b.__dict__, "id": "y"})
    ab, ba = compare(a, b), compare(b, a)
    assert ab.decision == ba.decision
    assert abs(ab.score - ba.score) < 1e-9


@settings(max_examples=200, deadline=None)
@given(_PERSON, _PERSON, st.integers(0, 20), st.integers(0, 2), st.booleans())
def test_a_slip_never_makes_different_people_the_same(a, b, at, kind, in_given):
    b = Person(**{**b.__dict__, "id": "y"})
    if compare(a, b).decision == SAME:
        return
    field = "given_names" if in_given else "family_name"
    slipped = Person(**{**b.__dict__, field: _slip(getattr(b, field), at, kind)})
    assert compare(a, slipped).decision != SAME


def test_a_date_one_slip_from_a_placeholder_is_more_than_the_same_year():
    placeholder = Person(**{**OKSANA.__dict__, "birth_date": dt.date(1987, 1, 1)})
    placeholder = Person(**{**placeholder.__dict__, "birth_date_exact": False})
    near = _p("b", "Oksana", "Kravchenko", dt.date(1987, 1, 2))
    transposed = _p("c", "Oksana", "Kravchenko", dt.date(1987, 1, 10))
    far = _p("d", "Oksana", "Kravchenko", dt.date(1987, 6, 14))
    m_near, m_far = compare(placeholder, near), compare(placeholder, far)
    assert "typo_birth_date" in _codes(m_near)
    assert "transposed_birth_date" in _codes(compare(placeholder, transposed))
    assert "same_birth_year" in _codes(m_far)
    exact_slip = _p("e", "Oksana", "Kravchenko", dt.date(1987, 4, 28))
    assert m_far.score < m_near.score < compare(OKSANA, exact_slip).score
    assert m_near.decision != SAME  # only a year known on one side: never merged alone
