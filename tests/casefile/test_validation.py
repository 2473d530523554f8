"""casefile: record validation, ids and clock (its freedom from Qt and HTTP: tests/test_layering.py)."""

import datetime as dt

import pytest

from casefile.hlc import Clock, Timestamp
from casefile.ids import is_valid_id, new_id
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
    Task,
)
from casefile.validation import ValidationError, ensure_valid, validate

TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)


def fields_of(errors):
    return {(e.field, e.code) for e in errors}


def test_valid_client_passes():
    c = Client(
        "Al-Hassan",
        "Mohammed",
        dt.date(1990, 1, 1),
        BirthDatePrecision.YEAR,
        "m",
        nationalities=["SYR"],
        languages=[LanguageSkill("ar", True)],
        identifiers=[Identifier("azr_number", "000123456789")],
        aliases=[Alias("Alhasan", "Muhammad")],
        phone="+49 157 1234567",
    )
    assert validate(c, TODAY) == []


def test_client_needs_a_name_and_plausible_birth_date():
    c = Client("", " ", dt.date(2027, 1, 1))
    errs = fields_of(validate(c, TODAY))
    assert ("family_name", "name_required") in errs
    assert ("birth_date", "future_date") in errs


def test_birth_date_precision_rules():
    assert ("birth_date", "date_for_unknown") in fields_of(
        validate(Client("A", "B", dt.date(1990, 5, 5), BirthDatePrecision.UNKNOWN), TODAY)
    )
    assert ("birth_date", "date_required_for_precision") in fields_of(
        validate(Client("A", "B", None, BirthDatePrecision.EXACT), TODAY)
    )
    assert validate(Client("A", "B", None, BirthDatePrecision.UNKNOWN), TODAY) == []
    assert ("birth_date", "too_old") in fields_of(
        validate(Client("A", "B", dt.date(1850, 1, 1)), TODAY)
    )


def test_unknown_catalog_codes_are_named():
    c = Client(
        "A",
        "B",
        None,
        BirthDatePrecision.UNKNOWN,
        nationalities=["XYZ"],
        languages=[LanguageSkill("klingon")],
    )
    errs = validate(c, TODAY)
    assert ("nationalities", "unknown_code") in fields_of(errs)
    assert ("languages", "unknown_code") in fields_of(errs)
    assert any("„XYZ“" in e.message for e in errs)


def test_identifier_rules():
    c = Client(
        "A",
        "B",
        None,
        BirthDatePrecision.UNKNOWN,
        identifiers=[
            Identifier("azr_number", "12AB"),
            Identifier("abh_file_number", "X-1"),
            Identifier("abh_file_number", "x-1"),
            Identifier("nope", "1"),
        ],
    )
    errs = fields_of(validate(c, TODAY))
    assert ("identifiers", "azr_format") in errs
    assert ("identifiers", "duplicate_identifier") in errs
    assert ("identifiers", "unknown_code") in errs


def test_names_reject_digits_but_accept_all_scripts():
    assert ("family_name", "name_chars") in fields_of(
        validate(Client("Müller3", "Anna", None, "unknown"), TODAY)
    )
    for family, given in [
        ("Шевченко", "Олена"),
        ("الحسن", "محمد"),
        ("Öztürk", "Gül"),
        ("O'Brien", "Seán"),
        ("Ghebremedhin", "Tesfaye"),
    ]:
        assert validate(Client(family, given, None, "unknown"), TODAY) == []


def test_phone_format():
    assert ("phone", "phone_format") in fields_of(
        validate(Client("A", "B", None, "unknown", phone="call me"), TODAY)
    )


def consultation(**kw):
    base = dict(
        client_id=new_id(),
        started_at=NOW,
        unit="integration",
        caseworker="a.schneider",
        location="lra_naumburg",
        kind="walk_in",
        topics=["housing"],
    )
    base.update(kw)
    return Consultation(**base)


def test_consultation_rules():
    assert validate(consultation(), TODAY) == []
    errs = fields_of(
        validate(
            consultation(
                topics=[],
                unit="nope",
                duration_min=0,
                mediator_used=True,
                started_at=NOW + dt.timedelta(days=2),
            ),
            TODAY,
        )
    )
    assert {
        ("topics", "topics_required"),
        ("unit", "unknown_code"),
        ("duration_min", "duration_range"),
        ("language", "mediator_language"),
        ("started_at", "future_date"),
    } <= errs


def test_task_referral_consent_status_link_rules():
    cid = new_id()
    assert ("due_date", "follow_up_past") in fields_of(
        validate_task_new(Task(cid, TODAY - dt.timedelta(days=1), "x"))
    )
    assert ("text", "required") in fields_of(validate(Task(cid, TODAY, " "), TODAY))
    assert ("status", "unknown_code") in fields_of(
        validate(Referral(cid, "MBE", "Beratung", TODAY, "maybe"), TODAY)
    )
    consent = Consent(
        cid, [], [], "", TODAY + dt.timedelta(days=1), valid_until=TODAY - dt.timedelta(days=30)
    )
    errs = fields_of(validate(consent, TODAY))
    assert {
        ("recipients", "recipients_required"),
        ("categories", "categories_required"),
        ("purpose", "required"),
        ("given_on", "future_date"),
        ("valid_until", "end_before_start"),
    } <= errs
    rs = ResidenceStatus(
        cid, "toleration", valid_from=TODAY, valid_until=TODAY - dt.timedelta(days=1)
    )
    assert ("valid_until", "end_before_start") in fields_of(validate(rs, TODAY))
    assert ("other_client_id", "self_link") in fields_of(
        validate(HouseholdLink(cid, cid, "spouse"), TODAY)
    )


def validate_task_new(task):
    from casefile.validation import validate_task

    return validate_task(task, TODAY, new=True)


def test_consent_active_window():
    c = Consent(
        new_id(),
        ["jobcenter"],
        ["benefits"],
        "Leistungsabstimmung",
        dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 12, 31),
    )
    assert c.is_active(dt.date(2026, 6, 1)) and not c.is_active(dt.date(2027, 1, 1))
    c.withdrawn_on = dt.date(2026, 7, 1)
    assert not c.is_active(dt.date(2026, 7, 1))


def test_ensure_valid_raises_with_all_errors():
    with pytest.raises(ValidationError) as info:
        ensure_valid(Client("", "", dt.date(2030, 1, 1)), TODAY)
    assert len(info.value.errors) >= 2


def test_ids_are_time_ordered_uuid7():
    ids = [new_id() for _ in range(5000)]
    assert ids == sorted(ids) and len(set(ids)) == 5000
    assert all(is_valid_id(i) and i[14] == "7" for i in ids[:10])
    assert not is_valid_id("not-a-uuid")


def test_hlc_monotonic_under_backwards_clock_and_observes_remote():
    walls = iter([1000, 900, 900, 5000])
    clock = Clock("dev-a", wall=lambda: next(walls))
    a, b, c = clock.now(), clock.now(), clock.now()
    assert a < b < c
    remote = Timestamp(8000, 3, "dev-b")
    d = clock.observe(remote)
    assert d > remote and d.node == "dev-a"
    assert Timestamp.decode(d.encode()) == d
    assert sorted([d.encode(), a.encode(), c.encode()]) == [a.encode(), c.encode(), d.encode()]
