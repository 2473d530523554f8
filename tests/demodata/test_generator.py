"""The demo data generator: deterministic, valid, realistic enough to test matching on."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest

from casefile.records import to_dict
from casefile.validation import validate
from demodata import names
from demodata.generator import DEFAULT_USERS, Bundle, generate

TODAY = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def bundles() -> list[Bundle]:
    return list(generate(3000, seed=11, today=TODAY))


@pytest.fixture(scope="module")
def many() -> list[Bundle]:
    return list(generate(10000, seed=2, today=TODAY))


def _content(bundles: list[Bundle]) -> list:
    """Everything generated, with record ids replaced by their order of appearance."""
    dumped = [([to_dict(r) for r in b.records()], b.origin, b.canonical) for b in bundles]
    ids: dict[str, str] = {}

    def collect(obj):
        if isinstance(obj, dict):
            if isinstance(obj.get("id"), str):
                ids.setdefault(obj["id"], f"#{len(ids)}")
            for v in obj.values():
                collect(v)
        elif isinstance(obj, (list, tuple)):
            for v in obj:
                collect(v)

    def replace(obj):
        if isinstance(obj, dict):
            return {k: replace(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [replace(v) for v in obj]
        return ids.get(obj, obj) if isinstance(obj, str) else obj

    collect(dumped)
    return replace(dumped)


def test_same_seed_gives_same_content_and_another_seed_does_not():
    a = _content(list(generate(300, seed=5, today=TODAY)))
    b = _content(list(generate(300, seed=5, today=TODAY)))
    c = _content(list(generate(300, seed=6, today=TODAY)))
    assert a == b
    assert a != c


@pytest.mark.parametrize("n", [0, 1, 2, 7, 50])
def test_exactly_n_clients(n):
    assert len(list(generate(n, seed=3, today=TODAY))) == n


def test_every_record_validates(bundles):
    errors = Counter()
    for b in bundles:
        for record in b.records():
            for e in validate(record, TODAY):
                errors[(type(record).__name__, e.field, e.code)] += 1
    assert not errors, errors.most_common(10)


def test_no_dates_in_the_future(bundles):
    for b in bundles:
        c = b.client
        assert c.birth_date is None or c.birth_date <= TODAY
        for rs in b.residence_statuses:
            assert rs.valid_from is None or rs.valid_from <= TODAY
        for cons in b.consultations:
            assert TODAY - dt.timedelta(days=3 * 365 + 3) <= cons.started_at.date() <= TODAY
            assert cons.started_at.tzinfo is not None
        for t in b.tasks:
            assert t.done_at is None or t.done_at.date() <= TODAY
        for r in b.referrals:
            assert r.referred_on <= TODAY
        for con in b.consents:
            assert con.given_on <= TODAY
            assert con.withdrawn_on is None or con.withdrawn_on <= TODAY


def test_ids_point_inside_the_bundle(bundles):
    for b in bundles:
        cid = b.client.id
        cons_ids = {c.id for c in b.consultations}
        assert all(
            r.client_id == cid
            for r in itertools.chain(
                b.residence_statuses,
                b.consultations,
                b.tasks,
                b.referrals,
                b.consents,
                b.household_links,
            )
        )
        assert all(t.consultation_id in cons_ids for t in b.tasks)
        assert all(r.consultation_id in cons_ids for r in b.referrals)


def test_origin_mix_follows_the_weights(many):
    sample = many
    share = Counter(b.origin for b in sample)
    for origin, weight in names.ORIGIN_WEIGHTS:
        assert abs(share[origin] / len(sample) - weight) < 0.025, (
            origin,
            share[origin] / len(sample),
        )
    assert share.most_common(2)[0][0] == "UKR" and share.most_common(2)[1][0] == "SYR"
    for b in sample:
        assert b.origin in b.client.nationalities or b.client.nationalities in (["XXA"], ["XXX"])


def test_household_links_point_to_generated_clients(bundles):
    by_id = {b.client.id: b for b in bundles}
    links = [link for b in bundles for link in b.household_links]
    assert Counter(link.relation for link in links).keys() >= {"spouse", "child"}
    for link in links:
        assert link.other_client_id in by_id and link.other_client_id != link.client_id
        a, b = by_id[link.client_id], by_id[link.other_client_id]
        assert a.canonical["household"] is not None
        assert a.canonical["household"] == b.canonical["household"]
        assert a.client.address == b.client.address
    in_households = sum(b.canonical["household"] is not None for b in bundles) / len(bundles)
    assert 0.3 < in_households < 0.5


def test_children_carry_the_fathers_family_name(bundles):
    households = {}
    for b in bundles:
        if b.canonical["household"] is not None:
            households.setdefault(b.canonical["household"], []).append(b)
    checked = 0
    for members in households.values():
        head = members[0]
        if (
            head.canonical["group"] not in ("UKR", "POL", "TUR", "SYR_AR")
            or head.client.sex.value != "m"
        ):
            continue
        for child in (m for m in members if m.canonical["role"] == "child"):
            assert [r["index"] for r in child.canonical["family"]] == [
                r["index"] for r in head.canonical["family"]
            ]
            checked += 1
    assert checked > 50


def test_eritrean_children_carry_their_fathers_given_name(many):
    checked = 0
    for b in many:
        if (
            b.canonical["group"] != "ERI"
            or b.canonical["role"] != "head"
            or b.client.sex.value != "m"
        ):
            continue
        kids = [
            k
            for k in many
            if k.canonical["household"] == b.canonical["household"]
            and k.canonical["role"] == "child"
        ]
        father_given = b.canonical["given"][0]
        for kid in kids:
            first = kid.canonical["family"][0]
            assert (first["kind"], first["index"]) == ("m", father_given["index"])
            checked += 1
    assert checked > 0


def _spellings(refs: list[dict], feminine: bool) -> set[str]:
    options = [names.variants(r["pool"], r["kind"], r["index"], feminine) for r in refs]
    return {" ".join(p) for p in itertools.product(*options)}


def test_canonical_reproduces_the_registered_names(bundles):
    for b in bundles:
        can = b.canonical
        given = " ".join(
            names.variants(r["pool"], r["kind"], r["index"])[r["variant"]] for r in can["given"]
        )
        family = " ".join(
            names.variants(r["pool"], r["kind"], r["index"], can["feminine"])[r["variant"]]
            for r in can["family"]
        )
        assert (b.client.given_names, b.client.family_name) == (given, family)


def test_aliases_use_other_spellings_of_the_same_name(bundles):
    with_alias = [b for b in bundles if b.client.aliases]
    assert 0.2 < len(with_alias) / len(bundles) < 0.4
    kinds = Counter(a.kind for b in with_alias for a in b.client.aliases)
    assert {"spelling", "passport", "swapped"} <= kinds.keys()
    spelling = 0
    for b in with_alias:
        can = b.canonical
        for a in b.client.aliases:
            assert (a.family_name, a.given_names) != (b.client.family_name, b.client.given_names)
            if a.kind == "spelling":
                assert a.family_name in _spellings(can["family"], can["feminine"])
                assert a.given_names in _spellings(can["given"], False)
                spelling += 1
            elif a.kind == "swapped":
                assert (a.family_name, a.given_names) == (
                    b.client.given_names,
                    b.client.family_name,
                )
    assert spelling > 100
    scripts = [
        a
        for b in with_alias
        for a in b.client.aliases
        if a.kind == "passport" and not a.family_name.isascii()
    ]
    assert any("\u0600" <= a.family_name[0] <= "\u06ff" for a in scripts)  # Arabic/Persian
    assert any("\u0400" <= a.family_name[0] <= "\u04ff" for a in scripts)  # Cyrillic


def test_birth_dates_include_placeholders_and_unknowns(bundles):
    n = len(bundles)
    placeholder = sum(
        1
        for b in bundles
        if b.client.birth_date and (b.client.birth_date.month, b.client.birth_date.day) == (1, 1)
    )
    unknown = sum(1 for b in bundles if b.client.birth_date is None)
    assert 0.06 < placeholder / n < 0.15
    assert 0.01 < unknown / n < 0.06
    assert {b.client.birth_date_precision.value for b in bundles} == {"exact", "year", "unknown"}


def test_identifiers_and_statuses_fit_the_origin(bundles):
    azr = [i.value for b in bundles for i in b.client.identifiers if i.type == "azr_number"]
    assert len(azr) == len(set(azr)) and all(len(v) == 12 and v.isdigit() for v in azr)
    for b in bundles:
        types = {i.type for i in b.client.identifiers}
        statuses = [s.status for s in b.residence_statuses]
        if b.origin in names.EU_ORIGINS:
            assert b.client.target_group == "eu_citizen"
            assert "azr_number" not in types
            assert set(statuses) <= {"eu_free_movement"}
        if b.client.target_group == "protection_ukraine":
            assert "temporary_protection" in statuses
    abh = [i.value for b in bundles for i in b.client.identifiers if i.type == "abh_file_number"]
    assert abh and all(v.startswith("ABH-") for v in abh) and len(abh) == len(set(abh))


def test_consultations_look_like_casework(bundles):
    cons = [c for b in bundles for c in b.consultations]
    assert 4.0 < len(cons) / len(bundles) < 6.0
    assert len({c.note for c in cons}) > 0.5 * len(cons)
    assert all(c.caseworker in DEFAULT_USERS for c in cons)
    assert all(c.language for c in cons if c.mediator_used)
    assert sum(c.mediator_used for c in cons) > 0.1 * len(cons)
    tasks = [t for b in bundles for t in b.tasks]
    assert 0.12 < len(tasks) / len(cons) < 0.3
    past = [t for t in tasks if t.due_date < TODAY]
    assert sum(t.done for t in past) > 0.7 * len(past)
    assert any(not t.done for t in past)
    assert any(
        not t.done and t.due_date <= TODAY + dt.timedelta(days=14)
        for t in tasks
        if t.due_date >= TODAY
    )
    assert sum(len(b.referrals) for b in bundles) > 0 and sum(len(b.consents) for b in bundles) > 0


def test_custom_users_and_default_today():
    users = ["x.muster", "y.beispiel"]
    got = list(generate(40, seed=9, users=users))
    assert {c.caseworker for b in got for c in b.consultations} <= set(users)
    assert all(c.started_at.date() <= dt.date.today() for b in got for c in b.consultations)


def _calls(clients: int) -> int:
    """Python and C function calls made while generating *clients* clients: a deterministic
    measure of the work (the same seed and code make the same calls), unlike a wall clock."""
    import sys

    calls = 0

    def count(_frame, event, _arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    bundles = generate(clients, seed=1, today=TODAY)
    sys.setprofile(count)
    try:
        made = sum(1 for _ in bundles)
    finally:
        sys.setprofile(None)
    assert made == clients
    return calls


def test_generation_does_work_linear_in_the_clients():
    """5,000 clients (the demo's size) with their consultations; the work per client neither
    grows with the number of clients (nothing quadratic) nor beyond a fixed budget (about
    1,000 calls a client today; a few seconds for 5,000 clients on a laptop)."""
    assert sum(len(b.consultations) for b in generate(5000, seed=1, today=TODAY)) > 20000
    small, large = _calls(200) / 200, _calls(800) / 800
    assert large < 1.15 * small, f"{small:.0f} calls a client for 200 clients, {large:.0f} for 800"
    assert large < 3000


def test_the_package_imports_only_casefile_and_the_standard_library():
    import ast
    import sys
    from pathlib import Path

    import demodata

    for path in Path(demodata.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                assert top in ("casefile", "demodata") or top in sys.stdlib_module_names, (
                    path,
                    module,
                )


def test_every_data_file_is_package_data_and_read():
    import tomllib
    from pathlib import Path

    import demodata
    from demodata import notes

    root = Path(demodata.__file__).parent
    project = tomllib.loads((root.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["demodata"]
    files = {p for p in (root / "data").rglob("*") if p.is_file()}
    assert files == {p for pattern in patterns for p in root.glob(pattern)}
    assert {p.stem for p in (root / "data" / "names").glob("*.txt")} == set(names.TEXTS)
    assert {p.stem for p in (root / "data" / "places").glob("*.txt")} == set(names.PLACES)
    assert names.TEXTS["ARAB_M"] == names.ARAB_M and names.ARAB_M.startswith("40 Mohammed/")
    every_pool = [lst for p in names.POOLS.values() for lst in (p.m, p.f, p.family)]
    assert all(len(lst) >= 10 for lst in every_pool)
    assert all(len(g.places) >= 3 for g in names.GROUPS)
    assert len(names.GERMAN_BIRTH_PLACES) >= 5
    assert all(len(templates) >= 40 for templates in notes.NOTES.values())
    assert isinstance(notes.CONSENTS[0][1], tuple)
    assert notes.SLOTS["level"] == ("A1", "A2", "B1", "B2", "C1")


def test_nothing_of_today_lies_after_the_moment_of_generation():
    """Issue 16: demo consultations were dated later than now (today at 15:40, made at 9:00);
    follow-ups may be due in the future, but nothing done or held is."""
    before = dt.datetime.now(dt.UTC)
    got = list(generate(400, seed=4))
    after = dt.datetime.now(dt.UTC)
    consultations = [c for b in got for c in b.consultations]
    assert consultations and all(
        c.started_at + dt.timedelta(minutes=c.duration_min) <= after for c in consultations
    )
    assert all(t.done_at <= after for b in got for t in b.tasks if t.done_at)
    # Still up to date: the most recent consultations are of the last few days.
    assert max(c.started_at for c in consultations) >= before - dt.timedelta(days=4)
