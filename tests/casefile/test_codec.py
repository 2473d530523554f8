"""casefile.codec: records to their stored and synced fields and back.

Written from the record definitions (casefile.records) and the wire rules (casefile.wire):
every generated record comes back equal from its fields, the fields have the wire form, and
one hand-written record pins the exact shape."""

from __future__ import annotations

import ast
import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from casefile import codec
from casefile.records import (
    Alias,
    BirthDatePrecision,
    Client,
    Consent,
    Consultation,
    HouseholdLink,
    Identifier,
    LanguageSkill,
    Referral,
    ResidenceStatus,
    Sex,
    Task,
    field_names,
)
from casefile.sync import KIND_FIELDS
from casefile.wire import check_fields
from demodata import consulting_hours, groups as demo_groups, offers, plans, projects
from demodata.generator import generate
from demodata.queue import walk_ins

TODAY = dt.date(2026, 3, 2)
NOW = "2026-03-02T08:00:00+00:00"
CID = "01890a5d-ac96-774b-bcce-b302099a8057"


def _related(b):
    """The records of a bundle's file besides the client and its aliases and identifiers."""
    for group in (
        b.residence_statuses,
        b.household_links,
        b.consultations,
        b.tasks,
        b.referrals,
        b.consents,
    ):
        yield from group


def _records(b):
    yield b.client
    yield from b.client.aliases
    yield from b.client.identifiers
    yield from _related(b)


def _round_trip(record, client_id=None):
    fields = codec.encode(record, client_id)
    json.dumps(fields)  # plain JSON values only
    if isinstance(record, Client):
        back = codec.decode_client(
            fields,
            [codec.encode(a, record.id) for a in record.aliases],
            [codec.encode(i, record.id) for i in record.identifiers],
        )
    else:
        back = codec.decode(codec.kind_of(record), fields)
    assert back == record
    return fields


def test_generated_records_come_back_equal():
    seen = set()
    for b in generate(300, seed=5, today=TODAY):
        for record in _records(b):
            owner = b.client.id if isinstance(record, (Alias, Identifier)) else None
            _round_trip(record, owner)
            seen.add(type(record))
    clients = [b.client for b in generate(60, seed=5, today=TODAY)]
    for record in walk_ins(clients, TODAY, 5):
        _round_trip(record, None)
        seen.add(type(record))
    for record in offers.demo_records([c.id for c in clients], TODAY, 5):
        _round_trip(record, None)
        seen.add(type(record))
    for record in [
        *demo_groups.demo_records([c.id for c in clients], TODAY, 5),
        *consulting_hours.demo_records(TODAY),  # issue 20
        *plans.demo_records([c.id for c in clients], TODAY, 5),  # issue 20: support plan
        *projects.demo_records([c.id for c in clients], TODAY, 5),  # issue 21
    ]:
        _round_trip(record, None)
        seen.add(type(record))
    assert seen == set(codec.KIND_OF)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 12),
    today=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_round_trip_over_generated_bundles(seed, n, today):
    for b in generate(n, seed=seed, today=today):
        for record in _records(b):
            owner = b.client.id if isinstance(record, (Alias, Identifier)) else None
            _round_trip(record, owner)
        for kind, record_id, fields in codec.file_records(b.client, _related(b), NOW):
            assert "id" not in fields and set(fields) == KIND_FIELDS[kind], kind
            assert check_fields(kind, None, {**fields, "id": record_id}, today=today) == [], kind


def test_the_fields_are_the_records_fields():
    for t, kind in codec.KIND_OF.items():
        names = set(field_names(t)) - {"aliases", "identifiers"}
        fields = set(KIND_FIELDS[kind]) - {"created_at", "updated_at", "last_contact_at", "deleted"}
        if t in (Alias, Identifier):
            names |= {"client_id"}
        if t is Identifier:
            names |= {"value_norm"}
        assert names == fields | {"id"}, kind


def test_the_wire_shape_of_one_client_file():
    client = Client(
        " Schewtschenko ",
        "Olena ",
        birth_date=dt.date(1988, 4, 1),
        birth_date_precision=BirthDatePrecision.YEAR,
        sex=Sex.FEMALE,
        birth_place="Kyjiw",
        nationalities=["UKR"],
        languages=[LanguageSkill("uk", True), LanguageSkill("de")],
        phone=" 0151 2345678",
        address="Markt 1, 06667 Weißenfels",
        target_group="protection_ukraine",
        aliases=[Alias("Shevchenko", "Olena", "passport", id="a1")],
        identifiers=[Identifier("azr_number", "ab 123-45", id="i1")],
        id=CID,
    )
    winter_berlin = dt.timezone(dt.timedelta(hours=1))
    berlin_morning = dt.datetime(2026, 3, 1, 10, 15, 30, 999, tzinfo=winter_berlin)
    cons = Consultation(
        CID,
        berlin_morning,
        "integration",
        "a.schneider",
        "office",
        "walk_in",
        topics=["housing", "work"],
        mediator_used=True,
        note="Kl. fragt nach „Wohnung“.",
        id="c1",
    )
    task = Task(
        CID,
        dt.date(2026, 3, 9),
        "Rückruf",
        done=True,
        done_at=dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC),
        id="t1",
    )
    consent = Consent(
        CID, ["jobcenter"], ["master_data"], "Abstimmung", dt.date(2026, 3, 1), id="k1"
    )
    got = codec.file_records(client, [cons, task, consent], NOW)
    assert got == [
        (
            "client",
            CID,
            {
                "family_name": "Schewtschenko",
                "given_names": "Olena",
                "birth_name": "",
                "birth_date": "1988-04-01",
                "birth_date_precision": "year",
                "birth_place": "Kyjiw",
                "sex": "f",
                "nationalities": '["UKR"]',
                "languages": '[{"code":"uk","interpreter_needed":true},'
                '{"code":"de","interpreter_needed":false}]',
                "phone": "0151 2345678",
                "address": "Markt 1, 06667 Weißenfels",
                "target_group": "protection_ukraine",
                "created_at": NOW,
                "updated_at": NOW,
                "last_contact_at": "2026-03-01T09:15:30+00:00",
                "deleted": False,
            },
        ),
        (
            "client_alias",
            "a1",
            {
                "client_id": CID,
                "family_name": "Shevchenko",
                "given_names": "Olena",
                "kind": "passport",
            },
        ),
        (
            "client_identifier",
            "i1",
            {"client_id": CID, "type": "azr_number", "value": "ab 123-45", "value_norm": "AB12345"},
        ),
        (
            "consultation",
            "c1",
            {
                "client_id": CID,
                "started_at": "2026-03-01T09:15:30+00:00",
                "duration_min": 30,
                "unit": "integration",
                "caseworker": "a.schneider",
                "location": "office",
                "kind": "walk_in",
                "topics": '["housing","work"]',
                "language": "",
                "mediator_used": True,
                "mediator_name": "",
                "note": "Kl. fragt nach „Wohnung“.",
                "outcome": "",
                "next_step": "",
                "revision_of": None,
                "group_session_id": None,
                "created_at": NOW,
            },
        ),
        (
            "task",
            "t1",
            {
                "client_id": CID,
                "due_date": "2026-03-09",
                "text": "Rückruf",
                "assignee": "",
                "assignee_unit": "",
                "done": True,
                "done_at": "2026-03-02T07:00:00+00:00",
                "consultation_id": None,
                "created_at": NOW,
            },
        ),
        (
            "consent",
            "k1",
            {
                "client_id": CID,
                "recipients": '["jobcenter"]',
                "categories": '["master_data"]',
                "purpose": "Abstimmung",
                "given_on": "2026-03-01",
                "valid_until": None,
                "withdrawn_on": None,
                "form_reference": "",
                "created_at": NOW,
            },
        ),
    ]
    # the order of the fields is the store's column order, "id" first
    assert list(codec.encode(client))[:4] == ["id", "family_name", "given_names", "birth_name"]
    assert list(codec.encode(cons))[-1] == "group_session_id"
    # a file without consultations has had no contact yet
    assert codec.file_records(client, [], NOW)[0][2]["last_contact_at"] is None


def test_small_records_and_their_owner():
    link = HouseholdLink(CID, "01890a5d-ac96-774b-bcce-b302099a8058", "child", id="h1")
    assert codec.encode(link) == {
        "id": "h1",
        "client_id": CID,
        "other_client_id": "01890a5d-ac96-774b-bcce-b302099a8058",
        "relation": "child",
    }
    status = ResidenceStatus(
        CID, "residence_permit", "§ 25 Abs. 2 AufenthG", dt.date(2024, 1, 1), None, id="r1"
    )
    assert codec.encode(status)["valid_from"] == "2024-01-01"
    assert codec.encode(status)["valid_until"] is None
    referral = Referral(CID, "jobcenter", "Antrag", dt.date(2026, 1, 2), id="x1")
    assert codec.decode("referral", codec.encode(referral)) == referral
    with pytest.raises(ValueError):
        codec.encode(Alias("A", "B"))  # an alias needs its client


def test_decoding_reads_store_values():
    # The store's rows: booleans as 0/1, lists perhaps already parsed, bookkeeping columns.
    fields = {
        **codec.encode(Task(CID, dt.date(2026, 3, 9), "x", id="t1")),
        "done": 1,
        "created_at": NOW,
    }
    assert codec.decode(Task, fields).done is True
    cons = codec.encode(
        Consultation(
            CID, dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), "abh", "u", "office", "phone", id="c1"
        )
    )
    assert codec.decode(Consultation, {**cons, "topics": ["a"], "mediator_used": 0}).topics == ["a"]


def test_naive_times_are_local_times():
    naive = dt.datetime(2026, 7, 1, 12, 0)
    assert codec.time_text(naive) == naive.astimezone().astimezone(dt.UTC).isoformat(
        timespec="seconds"
    )


def test_identifier_norm_is_the_stores():
    from desktop.store.search import normalise_identifier

    for value in ("ab 123-45", "Z 0815/4711", "äöü 12", ""):
        assert codec.identifier_norm(value) == normalise_identifier(value)


def test_the_codec_is_pure_python():
    path = Path(codec.__file__)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                names = [a.name for a in node.names]
            for name in names:
                top = name.split(".")[0]
                assert top == "casefile" or top in sys.stdlib_module_names, name
