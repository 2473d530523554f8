"""Blocking, the person index and the CSV side of duplicate detection."""

import datetime as dt
import io

from casefile.dedupe import PersonIndex, block_keys, read_csv, write_pairs
from casefile.matcher import Person, prepare

CSV = """id,given_names,family_name,birth_date,sex,nationality,birth_place,phone,abh_file_number,azr_number
1,Mohammed,Al-Hassan,1988-04-17,m,SYR,Aleppo,0151 1234567,,
2,Muhammad,Alhasan,17.04.1988,m,SYR,Halab,,,
3,Amira,Al-Hassan,1990-02-03,f,SYR,Aleppo,0151 1234567,,
4,Olena,Shevchenko,1985-03-12,f,UKR,Kyiv,,,123456789012
5,Jelena,Schewtschenko,,f,UKR,,,,1234 5678 9012
6,,,1980-01-01,m,SYR,,,,
7,Ahmad,Karimi,1990-31-12,m,XYZ,,,,
1,Doppelt,Vergeben,,,,,,,
"""


def test_read_csv_reports_bad_rows_and_values_in_german_and_keeps_the_rest():
    persons, problems = read_csv(io.StringIO(CSV))
    assert [p.id for p in persons] == ["1", "2", "3", "4", "5", "7"]
    by_line: dict[int, str] = {}
    for p in problems:
        by_line[p.line] = by_line.get(p.line, "") + p.message
    assert "kein Name" in by_line[7]
    assert "unmögliches Datum" in by_line[8] and "Staatsangehörigkeit" in by_line[8]
    assert "doppelt" in by_line[9]
    assert persons[1].birth_date == dt.date(1988, 4, 17)  # German date format read


def test_a_csv_without_the_name_columns_is_one_clear_problem():
    persons, problems = read_csv(io.StringIO("id;name\n1;x\n"))
    assert persons == [] and "Spalten fehlen" in problems[0].message


def test_the_index_finds_spelling_variants_and_keeps_siblings_apart():
    persons, _ = read_csv(io.StringIO(CSV))
    pairs = {(p.left, p.right): p.match for p in PersonIndex(persons).pairs()}
    assert ("1", "2") in pairs and ("4", "5") in pairs
    assert pairs[("4", "5")].decision == "same"  # the same AZR number
    assert ("1", "3") not in pairs  # sister: same phone and place
    out = io.StringIO()
    assert write_pairs(out, PersonIndex(persons).pairs()) == len(pairs)
    assert out.getvalue().splitlines()[0] == "id_l,id_r,score,decision,reasons"


def test_swapped_name_fields_share_a_block_and_a_new_client_is_checked_alone():
    a = Person(
        "a",
        "Ahmad",
        "Karimi",
        dt.date(1990, 3, 7),
        sex="m",
        nationalities=("AFG",),
        birth_place="Herat",
    )
    b = Person("b", "Karimi", "Ahmad", None, sex="m", nationalities=("AFG",), birth_place="Herat")
    assert set(block_keys(prepare(a))) & set(block_keys(prepare(b)))
    index = PersonIndex([a, Person("c", "Olena", "Kovalenko", dt.date(1985, 3, 12), sex="f")])
    found = index.matches_for(b)
    assert [p.right for p in found] == ["a"]
    assert index.matches_for(a) == []  # a person is not its own duplicate
