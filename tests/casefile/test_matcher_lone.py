"""A detail one record gives and the other lacks (issue 17, part 6, ninth round), written from
the specification (DetailWeights): by default a lone detail says nothing, as a missing field in
Fellegi-Sunter; a registry estimates what it says from its own pairs -- m from records sharing
an AZR number (one person), u from alike names whose AZR numbers differ (two people) -- with a
prior of no evidence, and never more than LONE_MOST either way. The pre-check of compare (the
floor) never cuts off a pair that a lone detail lifts above it."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import replace

from hypothesis import HealthCheck, given, settings, strategies as st

from casefile.dedupe import PersonIndex
from casefile.matcher import (
    DEFAULT_DETAILS,
    LONE_MOST,
    NAMESAKE_SCALE,
    REASONS,
    REVIEW_AT,
    DetailWeights,
    NameFrequencies,
    Person,
    compare,
    prepare,
)
from tests.casefile.people import person


def _registry(copies_lack_nationality: bool, copies_lack_phone: bool = False) -> list[Person]:
    """Eighty people recorded twice under one AZR number (the second record, when told, without
    nationality or phone) and a hundred and twenty women named Olena Kovalchuk with their own
    AZR numbers and phones, all with a nationality."""
    people = []
    for n in range(80):
        born = dt.date(1960 + n % 40, 1 + n % 12, 2 + n % 27)
        azr, phone = f"{100000000000 + n}", f"0171 {5550000 + n}"
        people.append(person(f"a{n}", "Iryna", f"Melnyk{n}", born, azr_number=azr, phone=phone))
        people.append(
            person(
                f"b{n}",
                "Iryna",
                f"Melnyk{n}",
                born,
                azr_number=azr,
                nationalities=() if copies_lack_nationality and n % 3 else ("UKR",),
                phone="" if copies_lack_phone and n % 2 else phone,
            )
        )
    for n in range(120):
        people.append(
            person(
                f"c{n}",
                "Olena",
                "Kovalchuk",
                dt.date(1980 + n % 5, 1 + n % 12, 2 + n % 27),
                azr_number=f"{2 * 10**11 + n}",
                phone=f"0160 {4440000 + n}" if n % 2 else "",
            )
        )
    return people


def _weights(details: DetailWeights) -> dict[str, float]:
    return dict(details.lone)


def test_by_default_a_lone_detail_says_nothing():
    assert DEFAULT_DETAILS.lone == ()
    assert DetailWeights.estimate([], []).lone == ()
    a = person("x", "Oksana", "Marchenko", dt.date(1991, 3, 14))
    b = person("y", "Oksana", "Marchenko", dt.date(1991, 3, 14), nationalities=())
    assert not [e for e in compare(a, b).evidence if e.code.startswith("lone_")]


def test_a_registry_whose_copies_lack_a_nationality_counts_a_lone_one_for_the_pair():
    lone = _weights(PersonIndex(_registry(copies_lack_nationality=True)).freq.details)
    assert 0.0 < lone["nationality"] <= LONE_MOST
    # Nothing differs between the two kinds of pairs in the birth place or date: no weight.
    assert "birth_place" not in lone and "birth_date" not in lone


def test_a_registry_whose_people_keep_their_phone_counts_a_lone_one_against_the_pair():
    # One person's records give the phone on both or neither; half the namesakes give one.
    lone = _weights(PersonIndex(_registry(copies_lack_nationality=False)).freq.details)
    assert -LONE_MOST <= lone["phone"] < 0.0
    assert "nationality" not in lone
    # Where half of one person's copies lack the phone too, a lone phone says far less.
    lax = _weights(PersonIndex(_registry(False, copies_lack_phone=True)).freq.details)
    assert lax.get("phone", 0.0) > lone["phone"]


def test_the_estimate_is_bounded_and_follows_the_rates():
    a = prepare(person("a", "Iryna", "Melnyk", dt.date(1990, 2, 3)))
    b = prepare(person("b", "Iryna", "Melnyk", dt.date(1990, 2, 3), nationalities=()))
    # Every one of a thousand pairs of one person lone, none of two people's: capped.
    details = DetailWeights.estimate([(a, b)] * 1000, [(a, a)] * 1000)
    assert _weights(details)["nationality"] == LONE_MOST
    # None of one person's pairs lone, all of two people's: against, stronger than LONE_MOST
    # but never stronger than the nationality differing says (a lone nationality is no surer
    # a sign of two people than two nationalities).
    details = DetailWeights.estimate([(a, a)] * 1000, [(a, b)] * 1000)
    assert details.nationality <= _weights(details)["nationality"] < -LONE_MOST
    # Where one person's records often give two nationalities, a differing one says little,
    # and a lone one no more than that.
    c = prepare(person("c", "Iryna", "Melnyk", dt.date(1990, 2, 3), nationalities=("RUS",)))
    details = DetailWeights.estimate([(a, a)] * 1000 + [(a, c)] * 800, [(a, b)] * 1000)
    assert -LONE_MOST < details.nationality < 0.0
    assert _weights(details)["nationality"] == details.nationality
    # Never lone in either kind: nothing, however many pairs.
    assert DetailWeights.estimate([(a, a)] * 10, [(a, a)] * 100_000).lone == ()
    # The same rate on both sides: no evidence, no entry.
    details = DetailWeights.estimate([(a, b), (a, a)] * 50, [(a, b), (a, a)] * 50)
    assert "nationality" not in _weights(details)
    # Rate of all pairs 12 / 60 = 0.2, worth 50 pairs: m = (10 + 10) / (20 + 50), u = (2 + 10)
    # / (40 + 50).
    details = DetailWeights.estimate([(a, b)] * 10 + [(a, a)] * 10, [(a, b)] * 2 + [(a, a)] * 38)
    expected = math.log((20 / 70) / (12 / 90))
    assert _weights(details)["nationality"] == round(expected, 2)


def test_compare_counts_a_lone_detail_only_where_exactly_one_record_gives_it():
    freq = NameFrequencies([])
    weights = {"nationality": 1.5, "phone": -2.0, "birth_place": 0.4, "birth_date": 0.3}
    freq.details = DetailWeights(lone=tuple(weights.items()))
    base = {"sex": "f", "phone": "0171 5550001"}
    full = person("a", "Oksana", "Marchenko", dt.date(1991, 3, 14), **base)
    for field, empty in (
        ("nationalities", ()),
        ("phone", ""),
        ("birth_place", ""),
        ("birth_date", None),
    ):
        code = {"nationalities": "nationality"}.get(field, field)
        kw = {**base, field: empty} if field != "birth_date" else dict(base)
        born = None if field == "birth_date" else dt.date(1991, 3, 14)
        kw.pop("birth_date", None)
        lacking = person("b", "Oksana", "Marchenko", born, **kw)
        for x, y in ((full, lacking), (lacking, full)):
            lone = [e for e in compare(x, y, freq).evidence if e.code.startswith("lone_")]
            assert [(e.code, e.weight) for e in lone] == [(f"lone_{code}", weights[code])]
            assert lone[0].text == REASONS[f"lone_{code}"]
        # Both lacking it, or both giving it: no lone evidence.
        both = [e for e in compare(lacking, lacking, freq).evidence if e.code.startswith("lone_")]
        assert both == []
    assert not [e for e in compare(full, full, freq).evidence if e.code.startswith("lone_")]


_names = st.sampled_from(["Oksana", "Oksna", "Olena", "", "Iryna"])
_family = st.sampled_from(["Marchenko", "Marchneko", "Kovalchuk", ""])
_dates = st.sampled_from([None, dt.date(1991, 3, 14), dt.date(1991, 1, 1), dt.date(1991, 3, 15)])
_people = st.builds(
    lambda g, f, d, nat, place, phone, sex: Person(
        id="p",
        given_names=g,
        family_name=f,
        birth_date=d,
        nationalities=nat,
        birth_place=place,
        phone=phone,
        sex=sex,
    ),
    _names,
    _family,
    _dates,
    st.sampled_from([(), ("UKR",), ("SYR",)]),
    st.sampled_from(["", "Poltawa", "Poltava", "Aleppo", "Halab"]),
    st.sampled_from(["", "0171 5550001", "0171 5550002"]),
    st.sampled_from(["", "f", "m"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_people, _people, st.integers(0, 10**6))
def test_the_floor_never_changes_a_decision_whatever_the_lone_weights(a, b, seed):
    rnd = random.Random(seed)
    freq = NameFrequencies([prepare(a), prepare(b)])
    freq.details = DetailWeights(
        lone=tuple(
            (code, round(rnd.uniform(-LONE_MOST, LONE_MOST), 2))
            for code in ("nationality", "phone", "birth_place", "birth_date")
        ),
        # and whatever a place's spelling says (both levels within their bounds)
        place_spelling=(
            round(rnd.uniform(-8.0, LONE_MOST), 2),
            round(rnd.uniform(-8.0, LONE_MOST), 2),
        ),
    )
    full = compare(a, b, freq)
    cut = compare(a, b, freq, floor=REVIEW_AT)
    assert cut.decision == full.decision
    if full.score >= REVIEW_AT:
        assert cut.score == full.score


# --- namesakes where both records give one birth place ----------------------------------------


def _namesakes_registry() -> list[Person]:
    """Six men named Ihor Lysenko born in Kharkiv (one spelled Charkiw), four in Lwiw, three
    without a recorded place; all with exact, different birth dates. And 400 men of other
    names, so that the namesakes a registry of this size holds by chance are few."""
    given = ("Andrii", "Oleh", "Petro", "Taras", "Yurii")
    family = ("Melnyk", "Shevchenko", "Bondarenko", "Kovalenko", "Tkachenko", "Boiko", "Moroz")
    out = [
        person(f"o{n}", given[n % 5], family[n % 7], dt.date(1950 + n % 50, 2, 1 + n % 28), sex="m")
        for n in range(400)
    ]
    for n, place in enumerate(["Kharkiv"] * 5 + ["Charkiw"] + ["Lwiw"] * 4 + [""] * 3):
        born = dt.date(1960 + 3 * n, 1 + n % 12, 3 + n)
        out.append(person(f"l{n}", "Ihor", "Lysenko", born, sex="m", birth_place=place))
    return out


def _namesakes(x: Person, y: Person) -> float:
    people = [*_namesakes_registry(), x, y]
    index = PersonIndex(people)
    at = {p.person.id: p for p in index.people}
    return index.freq.namesakes(at[x.id], at[y.id])


def test_namesakes_born_elsewhere_are_told_apart_by_the_place():
    x = person("x", "Ihor", "Lysenko", None, sex="m", birth_place="Kharkiv")
    y = person("y", "Ihor", "Lysenko", dt.date(1990, 5, 5), sex="m", birth_place="Charkiw")
    # Bearers of Kharkiv in either spelling (6) and of no place (3): nine others.
    assert _namesakes(x, y) == 9
    # Without a place on one side, or with places that differ, every bearer counts (13).
    assert _namesakes(x, replace(y, birth_place="")) == 13
    assert _namesakes(replace(x, birth_place="Odesa"), y) == 13


def test_a_pair_of_one_place_weighs_fewer_namesakes_against_it():
    x = person("x", "Ihor", "Lysenko", None, sex="m", birth_place="Kharkiv")
    y = person("y", "Ihor", "Lysenko", dt.date(1990, 5, 5), sex="m", birth_place="Kharkiv")
    index = PersonIndex([*_namesakes_registry(), x, y])
    at = {p.person.id: p for p in index.people}
    penalty = [
        e.weight
        for e in compare(at["x"], at["y"], index.freq).evidence
        if e.code.startswith("common")
    ]
    assert penalty == [-NAMESAKE_SCALE * math.log1p(9)]
