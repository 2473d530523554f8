"""The synthetic duplicate registry of bench/dedupe_data.py: reproducible, well-formed, and with
the duplicate variations and hard negatives a matcher benchmark relies on."""

from __future__ import annotations

import csv
import re
from itertools import combinations

import pytest

from bench.dedupe_data import COLUMNS, generate, generate_dataset, write_csv

N = 2000


@pytest.fixture(scope="module")
def ds():
    return generate_dataset(N, dup_rate=0.15, seed=42)


def _pair_rows(ds):
    by_id = {r["id"]: r for r in ds.rows}
    return [(by_id[a], by_id[b]) for a, b in (sorted(p) for p in ds.pairs)]


def test_same_seed_same_data_other_seed_other_data(ds):
    rows, pairs = generate(N, dup_rate=0.15, seed=42)
    assert rows == ds.rows and pairs == ds.pairs
    other_rows, other_pairs = generate(N, dup_rate=0.15, seed=43)
    assert other_rows != rows and other_pairs != pairs


def test_rows_have_exactly_the_columns_as_strings(ds):
    assert len(ds.rows) == N
    ids = [r["id"] for r in ds.rows]
    assert len(set(ids)) == N and all(re.fullmatch(r"p\d{6}", i) for i in ids)
    for r in ds.rows:
        assert list(r) == COLUMNS
        assert all(isinstance(v, str) for v in r.values())
        assert r["sex"] in ("f", "m", "")
        assert r["birth_date"] == "" or re.fullmatch(
            r"(19[5-9]\d|20[0-2]\d)-\d\d-\d\d", r["birth_date"]
        )
        assert r["nationality"] == "" or re.fullmatch(r"[A-Z]{3}", r["nationality"])
        assert r["azr_number"] == "" or re.fullmatch(r"\d{12}", r["azr_number"])
        assert r["abh_file_number"] == "" or re.fullmatch(r"ABH-20\d\d-\d{6}", r["abh_file_number"])


def test_duplicate_share_and_pairs(ds):
    persons = len(set(ds.person_of.values()))
    assert 0.12 <= (N - persons) / N <= 0.18
    ids = {r["id"] for r in ds.rows}
    for pair in ds.pairs:
        a, b = pair
        assert len(pair) == 2 and a in ids and b in ids
        assert ds.person_of[a] == ds.person_of[b]
    # all records of a person are pairwise duplicates (3 records -> 3 pairs)
    by_person: dict[int, list[str]] = {}
    for rid, person in ds.person_of.items():
        by_person.setdefault(person, []).append(rid)
    expected = {frozenset(c) for rids in by_person.values() for c in combinations(rids, 2)}
    assert expected == ds.pairs
    assert any(len(rids) == 3 for rids in by_person.values())
    # shuffled: the records of a person are not neighbours in id order
    adjacent = sum(1 for a, b in ds.pairs if abs(int(a[1:]) - int(b[1:])) == 1)
    assert adjacent < 0.05 * len(ds.pairs)


def test_no_pair_joins_two_members_of_a_household(ds):
    households: dict[int, list[str]] = {}
    for rid, hh in ds.household_of.items():
        households.setdefault(hh, []).append(rid)
    assert len(households) > 20
    share = len(ds.household_of) / N
    assert 0.2 <= share <= 0.4
    for rids in households.values():
        for a, b in combinations(rids, 2):
            if ds.person_of[a] != ds.person_of[b]:
                assert frozenset((a, b)) not in ds.pairs


def test_hard_negatives_exist_and_are_not_pairs(ds):
    for kind in ("household", "twins", "namesakes", "father_son"):
        assert ds.hard_negatives[kind], kind
        assert not ds.hard_negatives[kind] & ds.pairs, kind
    by_id = {r["id"]: r for r in ds.rows}
    lookalike = [
        p
        for p in ds.hard_negatives["namesakes"] | ds.hard_negatives["father_son"]
        if len({(by_id[i]["given_names"], by_id[i]["family_name"]) for i in p}) == 1
    ]
    assert lookalike


def test_duplicates_show_the_variations(ds):
    pairs = _pair_rows(ds)
    family_spelling = [
        (a, b)
        for a, b in pairs
        if a["family_name"] != b["family_name"] and a["given_names"] != b["family_name"]
    ]
    assert len(family_spelling) >= 5

    def swapped(a, b):
        if len(a) != 10 or len(b) != 10 or a[5:] in ("01-01", "12-31"):
            return False
        return a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7] and a[5:7] != a[8:10]

    assert any(swapped(a["birth_date"], b["birth_date"]) for a, b in pairs)
    assert any(bool(a["azr_number"]) != bool(b["azr_number"]) for a, b in pairs)
    # identifiers present on both records of one person agree
    assert all(
        a["azr_number"] == b["azr_number"] for a, b in pairs if a["azr_number"] and b["azr_number"]
    )
    kinds = {k for applied in ds.variations.values() for k in applied}
    assert {"romanisation", "script", "swap", "typo", "day_month", "ids"} <= kinds


def test_write_csv_round_trip(ds, tmp_path):
    path = tmp_path / "rows.csv"
    write_csv(path, ds.rows[:50])
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        assert list(reader) == ds.rows[:50]
