"""casefile.wire: the server checks every pushed value by the forms' rules.

Valid records come from the desktop itself (the demo generator's records through the local
store's row functions, i.e. exactly what a laptop pushes); what check_fields accepts must load
back into a record through the desktop's own pull path (``apply.row_of`` and the ``*_from_row``
readers) and pass the validator.
"""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from casefile import catalogs, codec, validation
from casefile.ids import new_id
from casefile.records import Alias, Client, HouseholdLink, Identifier
from casefile.sync import KIND_FIELDS
from casefile.validation import FieldError
from casefile.wire import FIELD_LABELS, FIELD_TYPES, FUTURE_TOLERANCE, check_fields, german_reason
from demodata import consulting_hours, groups as demo_groups, offers, plans, projects
from demodata.generator import generate
from demodata.queue import walk_ins
from desktop.store import rows
from desktop.sync import apply

TODAY = dt.date(2026, 3, 2)
CREATED = "2026-03-01T09:15:00+00:00"


def _demo_records() -> dict[str, list[dict]]:
    """Wire records of every kind, as the desktop's store writes them into its outbox."""
    out: dict[str, list[dict]] = {kind: [] for kind in KIND_FIELDS}
    bundles = list(generate(40, seed=23, today=TODAY))
    extra = offers.demo_records([b.client.id for b in bundles], TODAY, 23)
    extra += demo_groups.demo_records([b.client.id for b in bundles], TODAY, 23)
    extra += consulting_hours.demo_records(TODAY)  # issue 20
    extra += plans.demo_records([b.client.id for b in bundles], TODAY, 23)  # issue 20
    extra += projects.demo_records([b.client.id for b in bundles], TODAY, 23)  # issue 21
    for x in [*walk_ins([b.client for b in bundles], TODAY, 23), *extra]:
        r = codec.encode(x)
        r["created_at"] = CREATED
        out[codec.kind_of(x)].append(r)
    for b in bundles:
        c = b.client
        out["client"].append(
            {
                **rows.client_row(c),
                "created_at": CREATED,
                "updated_at": "2026-03-01T09:15:00.123+00:00",
                "last_contact_at": None,
                "deleted": False,
            }
        )
        out["client_alias"] += [
            {
                "id": a.id,
                "client_id": c.id,
                "family_name": a.family_name,
                "given_names": a.given_names,
                "kind": a.kind,
            }
            for a in c.aliases
        ]
        out["client_identifier"] += [
            {
                "id": i.id,
                "client_id": c.id,
                "type": i.type,
                "value": i.value,
                "value_norm": i.value.replace(" ", ""),
            }
            for i in c.identifiers
        ]
        for kind, row, records in (
            ("residence_status", rows.residence_row, b.residence_statuses),
            ("household_link", rows.household_row, b.household_links),
            ("consultation", rows.consultation_row, b.consultations),
            ("referral", rows.referral_row, b.referrals),
            ("task", rows.task_row, b.tasks),
            ("consent", rows.consent_row, b.consents),
        ):
            for x in records:
                r = row(x)
                if "created_at" in KIND_FIELDS[kind]:
                    r["created_at"] = CREATED
                out[kind].append(r)
    return out


DEMO = _demo_records()
KINDS = sorted(KIND_FIELDS)


def demo(kind: str, n: int = 0) -> dict:
    return dict(DEMO[kind][n])


def fields_of(errors: list[FieldError]) -> set[str]:
    return {e.field for e in errors}


# --- what a laptop sends passes ---------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_desktops_own_records_of_every_kind_pass(kind):
    assert DEMO[kind], f"the demo data has no {kind}"
    for record in DEMO[kind]:
        assert check_fields(kind, None, record, today=TODAY) == [], record


def test_lists_as_json_lists_and_booleans_as_numbers_pass_too():
    client = demo("client")
    client.update(
        nationalities=json.loads(client["nationalities"]),
        languages=json.loads(client["languages"]),
        deleted=0,
    )
    assert check_fields("client", None, client, today=TODAY) == []
    task = {**demo("task"), "done": 1, "done_at": "2026-03-01T10:00:00Z"}
    assert check_fields("task", None, task, today=TODAY) == []


def test_every_field_of_the_protocol_has_a_wire_type():
    assert {k: set(v) for k, v in FIELD_TYPES.items()} == {
        k: set(v) for k, v in KIND_FIELDS.items()
    }
    for kind in KIND_FIELDS:
        errors = check_fields(kind, demo(kind), {"shoe_size": 42}, today=TODAY)
        assert errors == [FieldError("shoe_size", "invalid_value")]


# --- each kind of bad value is refused, naming its field --------------------------------------

UPPER = "01A244DB-48F2-7000-94E5-BE5E8FCB4AF0"  # fixed: pytest-xdist workers collect the same names


@pytest.mark.parametrize(
    "kind, name, value",
    [
        ("client", "birth_date", "31.02.2026"),
        ("client", "birth_date", "2026-02-31"),
        ("client", "birth_date", "20260201"),  # ISO basic form: not the row's form
        ("client", "birth_date", "1990-1-5"),
        ("client", "birth_date", 19900105),
        ("client", "nationalities", '"1"'),
        ("client", "nationalities", "1"),
        ("client", "nationalities", 1),
        ("client", "nationalities", "SYR"),
        ("client", "nationalities", '["SYR", 1]'),
        ("client", "nationalities", '{"SYR": 1}'),
        ("client", "nationalities", ""),
        ("client", "nationalities", None),
        ("client", "languages", '["de"]'),
        ("client", "languages", '[{"code": "de", "level": "B1"}]'),
        ("client", "languages", '[{"interpreter_needed": true}]'),
        ("client", "languages", '[{"code": "de", "interpreter_needed": "ja"}]'),
        ("client", "sex", "x"),
        ("client", "sex", 1),
        ("client", "birth_date_precision", "day"),
        ("client", "phone", 151222),
        ("client", "phone", None),
        ("client", "family_name", ["Kovalenko"]),
        ("client", "deleted", "yes"),
        ("client", "deleted", 2),
        ("client", "created_at", "2026-03-01"),
        ("client", "updated_at", "2026-03-01T09:00:00"),  # no offset
        ("client", "updated_at", "2026-03-01T09:00:00+01:00"),  # not UTC: text order != time order
        ("client", "last_contact_at", "gestern"),
        ("client", "last_contact_at", 1772355600),
        ("client_alias", "client_id", "nobody"),
        ("client_alias", "family_name", 7),
        ("client_identifier", "value", None),
        ("client_identifier", "type", 3),
        ("client_identifier", "value_norm", ["X"]),
        ("residence_status", "valid_from", "01.01.2020"),
        ("residence_status", "client_id", UPPER),
        ("household_link", "other_client_id", UPPER),
        ("consultation", "started_at", "2026-03-01"),
        ("consultation", "started_at", "2026-02-30T10:00:00+00:00"),
        ("consultation", "duration_min", "30"),
        ("consultation", "duration_min", True),
        ("consultation", "duration_min", 30.5),
        ("consultation", "mediator_used", "nein"),
        ("consultation", "topics", '"housing"'),
        ("consultation", "topics", '[["housing"]]'),
        ("consultation", "revision_of", "x"),
        ("consultation", "caseworker", None),
        ("referral", "referred_on", "2026-13-01"),
        ("referral", "consultation_id", UPPER),
        ("task", "done", "1"),
        ("task", "done", 2),
        ("task", "done_at", "now"),
        ("task", "due_date", "morgen"),
        ("consent", "recipients", "[1]"),
        ("consent", "categories", '"health"'),
        ("consent", "given_on", "2026-02-29"),  # 2026 is no leap year
    ],
)
def test_a_value_of_the_wrong_form_is_invalid_on_its_field(kind, name, value):
    record = demo(kind)
    for before, fields in ((None, {**record, name: value}), (record, {name: value})):
        errors = check_fields(kind, before, fields, today=TODAY)
        assert FieldError(name, "invalid_value") in errors, errors
        assert fields_of(errors) == {name}, errors


def _code(catalog: str) -> str:
    return catalogs.load(catalog).entries[0].code


@pytest.mark.parametrize(
    "kind, changes, field, code",
    [
        ("client", {"nationalities": '["XX"]'}, "nationalities", "unknown_code"),
        ("client", {"languages": '[{"code": "klingon"}]'}, "languages", "unknown_code"),
        ("client", {"phone": "call me"}, "phone", "phone_format"),
        ("client", {"family_name": "", "given_names": " "}, "family_name", "name_required"),
        ("client", {"family_name": "R2D2"}, "family_name", "name_chars"),
        ("client", {"birth_date": "1850-01-01"}, "birth_date", "too_old"),
        ("client", {"birth_date": "2026-03-10"}, "birth_date", "future_date"),
        (
            "client",
            {"birth_date_precision": "exact", "birth_date": None},
            "birth_date",
            "date_required_for_precision",
        ),
        ("client", {"target_group": "tourists"}, "target_group", "unknown_code"),
        ("client_alias", {"family_name": "", "given_names": ""}, "family_name", "name_required"),
        ("client_alias", {"given_names": "Ol3na"}, "given_names", "name_chars"),
        ("client_alias", {"kind": "nickname"}, "kind", "unknown_code"),
        ("client_alias", {"client_id": None}, "client_id", "required"),
        ("client_identifier", {"type": "azr_number", "value": "12345"}, "value", "azr_format"),
        ("client_identifier", {"type": "shoe_size"}, "type", "unknown_code"),
        ("client_identifier", {"type": ""}, "type", "required"),
        ("client_identifier", {"value": "  "}, "value", "required"),
        ("residence_status", {"status": "tourist"}, "status", "unknown_code"),
        (
            "residence_status",
            {"valid_from": "2026-01-01", "valid_until": "2025-01-01"},
            "valid_until",
            "end_before_start",
        ),
        ("household_link", {"relation": "pet"}, "relation", "unknown_code"),
        ("consultation", {"topics": "[]"}, "topics", "topics_required"),
        ("consultation", {"topics": '["astrology"]'}, "topics", "unknown_code"),
        ("consultation", {"unit": "mars"}, "unit", "unknown_code"),
        ("consultation", {"caseworker": ""}, "caseworker", "required"),
        ("consultation", {"duration_min": 0}, "duration_min", "duration_range"),
        ("consultation", {"started_at": "2026-03-04T08:00:00+00:00"}, "started_at", "future_date"),
        ("consultation", {"started_at": None}, "started_at", "required"),
        ("referral", {"status": "lost"}, "status", "unknown_code"),
        ("referral", {"target": ""}, "target", "required"),
        ("referral", {"referred_on": None}, "referred_on", "required"),
        ("task", {"text": ""}, "text", "required"),
        ("task", {"assignee_unit": "mars"}, "assignee_unit", "unknown_code"),
        ("consent", {"recipients": "[]"}, "recipients", "recipients_required"),
        ("consent", {"categories": '["gossip"]'}, "categories", "unknown_code"),
        (
            "consent",
            {"given_on": "2026-03-01", "withdrawn_on": "2026-02-01"},
            "withdrawn_on",
            "end_before_start",
        ),
        ("consent", {"purpose": ""}, "purpose", "required"),
    ],
)
def test_the_forms_rules_apply(kind, changes, field, code):
    record = demo(kind)
    for before, fields in ((None, {**record, **changes}), (record, changes)):
        errors = check_fields(kind, before, fields, today=TODAY)
        assert any(e.field == field and e.code == code for e in errors), errors


def test_the_self_link_and_the_mediator_language_are_refused():
    link = demo("household_link")
    errors = check_fields(
        "household_link", link, {"other_client_id": link["client_id"]}, today=TODAY
    )
    assert [(e.field, e.code) for e in errors] == [("other_client_id", "self_link")]
    cons = {**demo("consultation"), "language": "", "mediator_used": False}
    assert check_fields("consultation", None, cons, today=TODAY) == []
    errors = check_fields("consultation", cons, {"mediator_used": True}, today=TODAY)
    assert [(e.field, e.code) for e in errors] == [("language", "mediator_language")]


# --- updates: only what the op touches --------------------------------------------------------


def test_an_unrelated_edit_of_a_stored_invalid_client_passes():
    stored = {**demo("client"), "birth_date": "31.02.2026", "nationalities": "1"}
    assert check_fields("client", stored, {"phone": "0151 222"}, today=TODAY) == []
    assert check_fields("client", stored, {"birth_date_precision": "exact"}, today=TODAY) == []
    # ... and the edit that repairs it too, while a repair with a new error is refused.
    assert check_fields("client", stored, {"birth_date": "1990-02-28"}, today=TODAY) == []
    assert fields_of(check_fields("client", stored, {"nationalities": '["XX"]'}, today=TODAY)) == {
        "nationalities"
    }


def test_an_edit_counts_for_a_rule_that_reads_it():
    stored = {**demo("client"), "birth_date": "1990-02-28", "birth_date_precision": "exact"}
    errors = check_fields("client", stored, {"birth_date_precision": "unknown"}, today=TODAY)
    assert [(e.field, e.code) for e in errors] == [("birth_date", "date_for_unknown")]
    assert (
        check_fields(
            "client", stored, {"birth_date_precision": "unknown", "birth_date": None}, today=TODAY
        )
        == []
    )
    consent = {**demo("consent"), "given_on": "2026-02-01", "valid_until": None}
    errors = check_fields("consent", consent, {"given_on": "2026-02-20"}, today=TODAY)
    assert errors == []
    consent["valid_until"] = "2026-02-10"
    errors = check_fields("consent", consent, {"given_on": "2026-02-20"}, today=TODAY)
    assert [(e.field, e.code) for e in errors] == [("valid_until", "end_before_start")]


def test_values_the_server_added_to_a_stored_record_are_not_judged():
    stored = {**demo("client"), "merged_into": new_id(), "merge_id": new_id()}
    assert check_fields("client", stored, {"phone": "0151 222"}, today=TODAY) == []


def test_clocks_and_offline_laptops():
    cons = demo("consultation")
    tomorrow_evening = dt.datetime.combine(TODAY + FUTURE_TOLERANCE, dt.time(22, 30), dt.UTC)
    assert (
        check_fields(
            "consultation", None, {**cons, "started_at": rows.t2s(tomorrow_evening)}, today=TODAY
        )
        == []
    )
    assert fields_of(
        check_fields(
            "consultation",
            None,
            {**cons, "started_at": rows.t2s(tomorrow_evening + dt.timedelta(days=1))},
            today=TODAY,
        )
    ) == {"started_at"}
    # A follow-up that was due while the laptop was offline is still pushed.
    task = {**demo("task"), "due_date": (TODAY - dt.timedelta(days=200)).isoformat()}
    assert check_fields("task", None, task, today=TODAY) == []


def test_a_field_a_newer_schema_adds_to_the_protocol_passes_until_it_has_a_type(monkeypatch):
    from casefile import sync

    monkeypatch.setitem(sync.KIND_FIELDS, "client", sync.KIND_FIELDS["client"] | {"email"})
    stored = {**demo("client"), "email": "olena@example.org"}
    assert check_fields("client", stored, {"email": "o@example.org"}, today=TODAY) == []
    assert check_fields("client", stored, {"phone": "0151 2"}, today=TODAY) == []


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        check_fields("spaceship", None, {})


# --- the reason a person reads ----------------------------------------------------------------


def test_german_reason_names_every_field_once():
    stored = demo("client")
    errors = check_fields(
        "client",
        stored,
        {"birth_date": "31.02.2026", "phone": "call me", "nationalities": '["XX", "YY"]'},
        today=TODAY,
    )
    reason = german_reason(errors)
    assert reason.startswith("Ungültige Angaben: ") and reason.endswith(".")
    for label in (
        "Geburtsdatum (Ungültiger Wert)",
        "Telefon (Telefonnummer",
        "Staatsangehörigkeit (Unbekannter Wert „XX“)",
        "„YY“",
    ):
        assert label in reason
    assert german_reason([]) == ""
    odd = german_reason([FieldError("x\x00\ud800" * 50, "invalid_value")])
    assert "x" in odd and "\x00" not in odd and "\ud800" not in odd and len(odd) < 80
    assert set(FIELD_LABELS) >= {n for names in KIND_FIELDS.values() for n in names}


def test_client_reports_alias_and_identifier_errors_under_its_lists():
    client = Client(
        "Kovalenko",
        "Olena",
        birth_date=dt.date(1985, 3, 12),
        aliases=[Alias("", "")],
        identifiers=[Identifier("azr_number", "12"), Identifier("azr_number", "12")],
    )
    errors = validation.validate_client(client, TODAY)
    assert [(e.field, e.code) for e in errors] == [
        ("identifiers", "azr_format"),
        ("identifiers", "azr_format"),
        ("identifiers", "duplicate_identifier"),
        ("aliases", "name_required"),
    ]


# --- property tests ---------------------------------------------------------------------------

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _codes(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(catalogs.load(name).codes))


_any_code = st.one_of(
    *[
        _codes(n)
        for n in (
            "nationality",
            "language",
            "topic",
            "data_category",
            "unit",
            "location",
            "consultation_kind",
            "outcome",
            "referral_status",
            "identifier_type",
            "alias_kind",
            "relation",
            "residence_status",
            "target_group",
        )
    ]
)
_dates = st.dates(dt.date(1890, 1, 1), dt.date(2030, 12, 31))
_times = st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1), timezones=st.just(dt.UTC))
_plausible = st.one_of(
    _dates.map(dt.date.isoformat),
    _dates.map(lambda d: d.strftime("%d.%m.%Y")),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    _times.map(lambda t: t.isoformat(timespec="seconds")),
    _times.map(lambda t: t.isoformat().replace("+00:00", "Z")),
    _any_code,
    st.lists(_any_code, max_size=3).map(json.dumps),
    st.lists(_any_code, max_size=3),
    st.lists(
        st.fixed_dictionaries(
            {"code": _codes("language")},
            optional={"interpreter_needed": st.booleans() | st.sampled_from([0, 1])},
        ),
        max_size=2,
    ).map(json.dumps),
    st.uuids().map(str),
    st.uuids().map(lambda u: str(u).upper()),
    st.sampled_from(
        [
            "",
            " ",
            "Kovalenko",
            "Ol3na",
            "0151 222",
            "123456789012",
            "f",
            "m",
            "u",
            "exact",
            "year",
            "unknown",
            "[]",
            '"1"',
            "1",
            "null",
        ]
    ),
    st.integers(-5, 700),
    st.booleans(),
    st.sampled_from([0, 1, 2]),
    _json.map(json.dumps),
)
_values = st.one_of(_plausible, _json)


@st.composite
def _ops(draw, values=_values):
    kind = draw(st.sampled_from(KINDS))
    names = sorted(KIND_FIELDS[kind]) + ["id", "bogus"]
    fields = draw(st.dictionaries(st.sampled_from(names), values, max_size=5))
    base = draw(st.sampled_from(DEMO[kind]))
    return kind, dict(base), fields


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ops(), st.sampled_from(["create", "update", "garbage_before"]))
def test_random_values_never_raise(op, mode):
    kind, base, fields = op
    if mode == "create":
        before, fields = None, {**base, **fields}
    elif mode == "update":
        before = base
    else:
        before = {k: "\ud800" for k in base} | {"nationalities": {"a": [1]}}
    errors = check_fields(kind, before, fields, today=TODAY)
    assert isinstance(errors, list) and all(isinstance(e, FieldError) for e in errors)
    assert all(e.message for e in errors)
    assert bool(german_reason(errors)) == bool(errors)
    if before is not None:
        assert fields_of(errors) <= set(fields) | {
            "birth_date",
            "family_name",
            "language",
            "valid_until",
            "withdrawn_on",
            "other_client_id",
            "closes",  # consulting hours: closes after opens
            "rrule",  # consulting hours: a rule or extra dates
            "unit",  # a plan step not owned by a unit is the plan's unit's
        }


def _desktop_record(kind: str, fields: dict, client: dict):
    """What the desktop makes of pulled *fields*: its local row (apply.row_of), read back."""

    def row(k: str, f: dict) -> SimpleNamespace:
        return SimpleNamespace(**apply.row_of(k, f.get("id") or new_id(), f))

    readers = {
        "client": rows.client_from_row,
        "consultation": rows.consultation_from_row,
        "referral": rows.referral_from_row,
        "task": rows.task_from_row,
        "consent": rows.consent_from_row,
        "residence_status": rows.residence_from_row,
    }
    if kind in readers:
        return readers[kind](row(kind, fields))
    if kind == "household_link":
        r = row(kind, fields)
        return HouseholdLink(r.client_id, r.other_client_id, r.relation, id=r.id)
    alias = [row(kind, fields)] if kind == "client_alias" else []
    ident = [row(kind, fields)] if kind == "client_identifier" else []
    return rows.client_from_row(row("client", client), alias, ident)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ops(values=_plausible | _values))
def test_what_is_accepted_loads_on_a_laptop_and_passes_the_forms(op):
    kind, base, fields = op
    merged = {**base, **fields}
    as_create = check_fields(kind, None, merged, today=TODAY)
    as_update = check_fields(kind, base, fields, today=TODAY)
    assert (as_create == []) == (as_update == []), (as_create, as_update)  # the base is valid
    event("accepted" if not as_create else "refused")
    if as_create:
        return
    record = _desktop_record(kind, merged, demo("client"))
    assert validation.validate(record, TODAY + FUTURE_TOLERANCE) == []


def test_the_round_trip_property_sees_accepted_changes():
    """The property above is not vacuous: single plausible edits are often accepted."""
    cons = demo("consultation")
    edits = [
        {"topics": json.dumps(["housing"])},
        {"duration_min": 45},
        {"started_at": "2026-03-01T10:00:00Z"},
        {"mediator_used": 0},
    ]
    for edit in edits:
        assert check_fields("consultation", cons, edit, today=TODAY) == []
        record = _desktop_record("consultation", {**cons, **edit}, demo("client"))
        assert validation.validate(record, TODAY) == []


def test_a_field_name_two_kinds_share_is_named_for_the_kind():
    """An offer's "hours" are its times, an attendance's the hours present: the German reason
    names each as its form does."""
    err = [FieldError("hours", "invalid_value")]
    assert german_reason(err, "attendance").startswith("Ungültige Angaben: Stunden (")
    assert german_reason(err, "offer").startswith("Ungültige Angaben: Zeiten (")
    assert german_reason(err).startswith("Ungültige Angaben: Zeiten (")


@pytest.mark.parametrize(
    ("kind", "field", "item", "clean"),
    [
        (
            "plan_review",
            "goals",
            {"goal_id": "{id}", "achievement": "achieved", "text": "{bad}"},
            "ab",
        ),
        ("offer", "languages", {"code": "ar", "note": "{bad}"}, "ab"),
        ("client", "nationalities", "{bad}", "AFG"),
    ],
    ids=["review-goal-text", "offer-language-note", "client-nationality"],
)
@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b"], ids=["nul", "lone-surrogate"])
def test_an_unstorable_character_inside_a_list_sent_as_json_text_is_refused(
    kind, field, item, clean, bad
):
    """Issue 13, item 9: a NUL or a lone surrogate is refused in any string of an op. A list
    field may come as JSON text, where such a character is spelt as an escape ("\\u0000") that
    the op's own check of its strings cannot see: the field is invalid all the same."""
    base = dict(DEMO[kind][0])
    spelt = json.dumps(bad)[1:-1]  # the escape as JSON writes it
    element = json.dumps(item).replace("{id}", new_id()).replace("{bad}", spelt)
    fields = {**base, field: f"[{element}]"}
    assert "\x00" not in fields[field] and "\ud800" not in fields[field]
    errors = check_fields(kind, None, fields, today=TODAY)
    assert (field, "invalid_value") in {(e.field, e.code) for e in errors}, errors
    # The same list without the character passes this field's parse.
    good = {**base, field: f"[{element.replace(spelt, clean)}]"}
    assert field not in {e.field for e in check_fields(kind, None, good, today=TODAY)}
