"""The offer directory in Open Referral HSDS 3.0 (issue 19): an export imports back to equal
records, in JSON and in the tabular form; a foreign file maps onto the catalog; a file with
unknown fields or tables, broken references, an offer without place or topic or a schedule that
does not parse is refused whole, with one German line per entry naming it and the field."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import uuid
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from casefile import catalogs, hsds
from casefile.records import Offer, OfferHours, OfferLanguage, OfferPlace, OfferText, Provider
from demodata.offers import directory

TODAY = dt.date(2026, 12, 1)


def _by_id(records):
    return sorted(records, key=lambda r: r.id)


def _demo():
    records = directory(TODAY)
    return (
        [r for r in records if isinstance(r, Provider)],
        [r for r in records if isinstance(r, Offer)],
    )


def _json_round_trip(providers, offers, known=()):
    doc = json.loads(json.dumps(hsds.export(providers, offers).json()))
    return hsds.import_json(doc, known, today=TODAY)


def _csv_round_trip(providers, offers, known=()):
    files = hsds.export(providers, offers).csv_files()
    return hsds.import_csv(files.items(), known, today=TODAY)


def test_the_demo_directory_goes_out_and_comes_back_equal_in_json_and_csv():
    providers, offers = _demo()
    for back in (_json_round_trip(providers, offers), _csv_round_trip(providers, offers)):
        assert _by_id(back.providers) == _by_id(providers)
        assert _by_id(back.offers) == _by_id(offers)
        assert back.notes == []


def test_the_json_is_an_organization_list_page_of_hsds_objects():
    providers, offers = _demo()
    doc = hsds.export(providers, offers).json()
    assert doc["total_items"] == len(providers) == len(doc["contents"])
    service = next(s for org in doc["contents"] for s in org.get("services", []))
    assert service["status"] == "active"
    schedule = service["schedules"][0]
    assert schedule["freq"] == "WEEKLY" and schedule["byday"] and schedule["opens_at"]
    assert any(lang["code"] == "de" and lang["name"] == "Deutsch" for lang in service["languages"])
    location = service["service_at_locations"][0]["location"]
    assert location["external_identifier_type"] == hsds.LOCATION_SCHEME
    assert location["external_identifier"] in catalogs.load("location")
    assert {a["taxonomy_term"]["taxonomy"] for a in service["attributes"]} >= {hsds.TAX_TOPIC}
    stale = next(o for o in offers if o.verified_on)
    out = next(s for org in doc["contents"] for s in org.get("services", []) if s["id"] == stale.id)
    assert out["assured_date"] == stale.verified_on.isoformat()


def test_the_zip_holds_one_csv_per_table_and_a_datapackage(tmp_path):
    providers, offers = _demo()
    data = hsds.export(providers, offers).csv_zip()
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert {"organizations.csv", "services.csv", "schedules.csv", "locations.csv",
            "service_at_location.csv", "languages.csv", "datapackage.json"} <= names  # fmt: skip
    path = tmp_path / "directory.zip"
    path.write_bytes(data)
    back = hsds.read_path(path, today=TODAY)
    assert _by_id(back.offers) == _by_id(offers)
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, text in hsds.export(providers, offers).csv_files().items():
        (folder / name).write_text(text, encoding="utf-8")
    assert _by_id(hsds.read_path(folder, today=TODAY).providers) == _by_id(providers)


# --- property: any valid directory survives the round trip -----------------------------------

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    max_size=24,
)
_LONG = st.one_of(_TEXT, st.lists(_TEXT, min_size=1, max_size=3).map("\n".join))
_NAME = _TEXT.map(str.strip).filter(bool)
_PHONE = st.one_of(st.just(""), st.from_regex(r"\+49 [1-9][0-9]{2,4} [0-9]{3,7}", fullmatch=True))
_EMAIL = st.one_of(st.just(""), st.from_regex(r"[a-z]{1,8}@[a-z]{2,8}\.de", fullmatch=True))
_WEB = st.one_of(st.just(""), st.from_regex(r"https://www\.[a-z]{2,10}\.de", fullmatch=True))
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _codes(name, min_size=0, max_size=3):
    return st.lists(
        st.sampled_from(sorted(catalogs.load(name).codes)),
        min_size=min_size,
        max_size=max_size,
        unique=True,
    )


@st.composite
def _hours(draw):
    kind = draw(st.sampled_from(("weekly", "monthly", "monthday")))
    if kind == "weekly":
        days = draw(st.lists(st.sampled_from(_DAYS), min_size=1, max_size=5, unique=True))
        interval = draw(st.sampled_from(("", ";INTERVAL=2")))
        rule = f"FREQ=WEEKLY{interval};BYDAY={','.join(days)}"
    elif kind == "monthly":
        n = draw(st.sampled_from(("1", "2", "-1")))
        rule = f"FREQ=MONTHLY;BYDAY={n}{draw(st.sampled_from(_DAYS))}"
    else:
        rule = f"FREQ=MONTHLY;BYMONTHDAY={draw(st.integers(1, 28))}"
    start = draw(st.integers(6 * 60, 16 * 60))
    end = start + draw(st.integers(15, 6 * 60))
    times = draw(st.booleans())
    return OfferHours(
        rule,
        f"{start // 60:02d}:{start % 60:02d}" if times else "",
        f"{end // 60:02d}:{end % 60:02d}" if times else "",
        draw(_TEXT),
    )


_CATALOG_PLACE = st.sampled_from(sorted(catalogs.load("location").codes)).map(
    lambda code: OfferPlace(location=code)
)
_ADDRESS_PLACE = st.builds(
    OfferPlace,
    name=st.one_of(st.just(""), _NAME),
    location=st.just(""),
    address=_NAME,
    postal_code=st.one_of(st.just(""), st.from_regex(r"0[0-9]{4}", fullmatch=True)),
    city=st.one_of(st.just(""), _NAME),
)


@st.composite
def _directory(draw):
    providers = draw(
        st.lists(
            st.builds(
                Provider,
                name=_NAME,
                description=_LONG,
                website=_WEB,
                email=_EMAIL,
                phone=_PHONE,
                address=st.one_of(
                    st.just(""),
                    _NAME,
                    st.tuples(_NAME, st.from_regex(r"[0-9]{5}", fullmatch=True), _NAME).map(
                        lambda t: f"{t[0]}, {t[1]} {t[2]}"
                    ),
                ),
                unit=st.one_of(st.just(""), st.sampled_from(sorted(catalogs.load("unit").codes))),
                id=st.uuids().map(str),
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda p: p.id,
        )
    )
    offers = draw(
        st.lists(
            st.builds(
                Offer,
                provider_id=st.sampled_from([p.id for p in providers]),
                name=_NAME,
                topics=_codes("topic", 1),
                description=_LONG,
                target_groups=_codes("target_group"),
                eligibility=_TEXT,
                languages=_codes("language")
                .flatmap(
                    lambda codes: st.tuples(
                        *(st.builds(OfferLanguage, st.just(c), _TEXT) for c in codes)
                    )
                )
                .map(list),
                places=st.lists(st.one_of(_CATALOG_PLACE, _ADDRESS_PLACE), min_size=1, max_size=3),
                hours=st.lists(_hours(), max_size=3),
                appointment_only=st.booleans(),
                contact_name=st.one_of(st.just(""), _NAME),
                phone=_PHONE,
                email=_EMAIL,
                website=_WEB,
                cost=_TEXT,
                accessibility=_TEXT,
                what_to_bring=_LONG,
                translations=_codes("language")
                .flatmap(
                    lambda codes: st.tuples(
                        *(st.builds(OfferText, st.just(c), _TEXT, _LONG, _TEXT) for c in codes)
                    )
                )
                .map(list),
                verified_on=st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), TODAY)),
                verified_by=st.one_of(st.just(""), _NAME, _EMAIL),
                active=st.booleans(),
                id=st.uuids().map(str),
            ),
            max_size=4,
            unique_by=lambda o: o.id,
        )
    )
    return providers, offers


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_directory())
def test_any_valid_directory_comes_back_equal_from_json_and_from_csv(data):
    providers, offers = data
    for back in (_json_round_trip(providers, offers), _csv_round_trip(providers, offers)):
        assert _by_id(back.providers) == _by_id(providers)
        assert _by_id(back.offers) == _by_id(offers)


# --- a foreign file: HSDS as another platform writes it ----------------------------------------

ORG = "9b4d6c1e-3f5a-4b7c-8d9e-0a1b2c3d4e5f"


def _foreign_service(**overrides):
    service = {
        "id": "ac148810-d857-441c-9679-408f346de14b",
        "organization_id": ORG,
        "name": "Beratung für Familien",
        "status": "active",
        "minimum_age": 12,
        "schedules": [
            {
                "id": "48102e86-bb50-41c4-8f1e-e269368c41d1",
                "freq": "WEEKLY",
                "byday": "TH,FR",
                "opens_at": "10:00:00",
                "closes_at": "18:00:00",
                "until": "2027-06-30",
                "description": "donnerstags und freitags",
            }
        ],
        "languages": [{"id": "2989d3ed-c547-48f8-8f9d-432d81c7892e", "name": "Ukrainisch"}],
        "service_at_locations": [
            {
                "id": "e94c9f38-1e8f-4564-91d4-d53501ab1765",
                "location": {
                    "id": "3a19ff88-4620-4d17-9830-ac1d859eb5d5",
                    "location_type": "physical",
                    "name": "Landratsamt",
                    "addresses": [
                        {
                            "id": "a1b2c3d4-0000-4000-8000-000000000001",
                            "address_1": "Schönburger Straße 41",
                            "postal_code": "06618",
                            "city": "Naumburg (Saale)",
                            "country": "DE",
                        }
                    ],
                },
            },
            {
                "id": "e94c9f38-1e8f-4564-91d4-d53501ab1766",
                "location": {
                    "id": "3a19ff88-4620-4d17-9830-ac1d859eb5d6",
                    "location_type": "physical",
                    "name": "Familienzentrum Sonnenschein",
                    "addresses": [
                        {
                            "id": "a1b2c3d4-0000-4000-8000-000000000002",
                            "address_1": "Lindenring 3",
                            "postal_code": "06679",
                            "city": "Hohenmölsen",
                        }
                    ],
                },
            },
        ],
        "attributes": [
            {
                "id": "ae58cc39-8b70-4ab1-8aea-786882e5ac8e",
                "taxonomy_term": {
                    "id": "3f7b145d-84af-42d7-8fae-eaca714b02b2",
                    "name": "Familie",
                    "description": "Familienberatung",
                    "taxonomy": "Themen des Landes",
                },
            }
        ],
    }
    service.update(overrides)
    return service


def _foreign(**overrides):
    return {
        "contents": [
            {
                "id": ORG,
                "name": "Familienhilfe e. V.",
                "description": "",
                "services": [_foreign_service(**overrides)],
            }
        ],
        "total_items": 1,
    }


def test_a_foreign_file_maps_onto_the_catalogs_and_says_what_it_did_not_take():
    got = hsds.import_json(_foreign(), today=TODAY)
    (offer,) = got.offers
    assert got.providers[0].name == "Familienhilfe e. V."
    assert offer.provider_id == ORG and offer.topics == ["family"]
    assert offer.languages == [OfferLanguage("uk")]
    assert offer.hours == [OfferHours("FREQ=WEEKLY;UNTIL=20270630;BYDAY=TH,FR", "10:00", "18:00")]
    # the address of a catalog location is that location; another address stays an address
    assert offer.places == [
        OfferPlace(name="Landratsamt", location="lra_naumburg"),
        OfferPlace("Familienzentrum Sonnenschein", "", "Lindenring 3", "06679", "Hohenmölsen"),
    ]
    assert offer.cost == "" and offer.active
    assert any("minimum_age" in n for n in got.notes)


def test_times_written_by_hand_are_read_as_meant():
    schedule = {
        "id": "48102e86-bb50-41c4-8f1e-e269368c41d1",
        "freq": "weekly",
        "byday": "TU, TH",
        "opens_at": "9:00",
        "closes_at": "12:30",
    }
    got = hsds.import_json(_foreign(schedules=[schedule]), today=TODAY)
    assert got.offers[0].hours == [OfferHours("FREQ=WEEKLY;BYDAY=TU,TH", "09:00", "12:30")]


def test_a_service_without_status_is_still_a_service():
    doc = _foreign_service()
    del doc["status"]
    got = hsds.import_json(doc, known_providers=[ORG], today=TODAY)
    assert got.offers[0].active and got.offers[0].name == "Beratung für Familien"


def test_a_service_may_name_a_provider_the_directory_holds():
    doc = _foreign_service()
    with pytest.raises(hsds.HsdsError) as e:
        hsds.import_json(doc, today=TODAY)
    assert "Träger" in str(e.value) and ORG in str(e.value)
    got = hsds.import_json(doc, known_providers=[ORG], today=TODAY)
    assert got.providers == [] and got.offers[0].provider_id == ORG


def _fresh_ids(value, salt: str):
    """*value* with every object id replaced by one derived from it and *salt*."""
    if isinstance(value, list):
        return [_fresh_ids(v, salt) for v in value]
    if isinstance(value, dict):
        out = {k: _fresh_ids(v, salt) for k, v in value.items()}
        if "id" in out:
            out["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, out["id"] + salt))
        return out
    return value


def _refused(doc) -> list[str]:
    with pytest.raises(hsds.HsdsError) as e:
        hsds.import_json(doc, today=TODAY)
    return e.value.messages


def test_every_bad_entry_gets_one_german_line_and_nothing_is_imported():
    doc = _foreign()
    good = _foreign_service(id="0190a000-0000-7000-8000-000000000001", name="Gutes Angebot")
    bad_place = _foreign_service(
        id="0190a000-0000-7000-8000-000000000002", name="Ohne Ort", service_at_locations=[]
    )
    bad_topic = _foreign_service(
        id="0190a000-0000-7000-8000-000000000003", name="Ohne Thema", attributes=[]
    )
    bad_rule = _foreign_service(id="0190a000-0000-7000-8000-000000000004", name="Falsche Zeit")
    bad_rule["schedules"] = [
        {"id": "0190a000-0000-7000-8000-00000000000a", "freq": "WEEKLY", "byday": "XX"}
    ]
    no_rule = _foreign_service(id="0190a000-0000-7000-8000-000000000005", name="Ohne Regel")
    no_rule["schedules"] = [
        {"id": "0190a000-0000-7000-8000-00000000000b", "description": "nach Vereinbarung"}
    ]
    unknown = _foreign_service(
        id="0190a000-0000-7000-8000-000000000006", name="Mit Zusatz", colour="blau"
    )
    # the parts of each service have ids of their own (ids are unique in a file)
    for n, s in enumerate((good, bad_place, bad_topic, bad_rule, no_rule, unknown)):
        for key in ("service_at_locations", "schedules", "languages", "attributes"):
            s[key] = _fresh_ids(s[key], str(n))
    doc["contents"][0]["services"] = [good, bad_place, bad_topic, bad_rule, no_rule, unknown]
    lines = _refused(doc)
    assert len(lines) == 5, lines
    by_name = {name: next(x for x in lines if name in x) for name in
               ("Ohne Ort", "Ohne Thema", "Falsche Zeit", "Ohne Regel", "Mit Zusatz")}  # fmt: skip
    assert "Orte: Bitte mindestens einen Ort angeben" in by_name["Ohne Ort"]
    assert "0190a000-0000-7000-8000-000000000002" in by_name["Ohne Ort"]
    assert "Themen: Bitte mindestens ein Thema wählen" in by_name["Ohne Thema"]
    assert "Zeit Nr. 1 lässt sich nicht lesen" in by_name["Falsche Zeit"]
    assert "keine Wiederholungsregel" in by_name["Ohne Regel"]
    assert "Feld „colour“ ist in HSDS 3.0 unbekannt" in by_name["Mit Zusatz"]
    assert all("Angebot" in x for x in lines)
    assert not any("Gutes Angebot" in x for x in lines)


def test_broken_references_and_unknown_tables_or_columns_in_csv_are_refused():
    providers, offers = _demo()
    files = hsds.export(providers, offers).csv_files()
    broken = dict(files)
    lines = broken["services.csv"].splitlines()
    first = lines[1].split(",")
    first[1] = "11111111-2222-4333-8444-555555555555"  # organization_id
    broken["services.csv"] = "\r\n".join([lines[0], ",".join(first), *lines[2:]]) + "\r\n"
    with pytest.raises(hsds.HsdsError) as e:
        hsds.import_csv(broken.items(), today=TODAY)
    (line,) = e.value.messages
    assert (
        line.startswith("services.csv, Zeile 2") and "11111111-2222-4333-8444-555555555555" in line
    )

    extra = dict(files)
    extra["offers.csv"] = "id,name\r\n1,x\r\n"
    extra["languages.csv"] = files["languages.csv"].replace("note", "remark", 1)
    with pytest.raises(hsds.HsdsError) as e:
        hsds.import_csv(extra.items(), today=TODAY)
    text = "\n".join(e.value.messages)
    assert "„offers.csv“ ist keine Tabelle von HSDS 3.0" in text
    assert "Spalte „remark“ ist in HSDS 3.0 unbekannt" in text


def test_an_id_that_is_no_uuid_gives_the_same_record_id_every_time():
    doc = _foreign()
    doc["contents"][0]["id"] = "org-17"
    doc["contents"][0]["services"][0]["organization_id"] = "org-17"
    a = hsds.import_json(copy.deepcopy(doc), today=TODAY)
    b = hsds.import_json(doc, today=TODAY)
    assert a.providers[0].id == b.providers[0].id == a.offers[0].provider_id
    assert len(a.providers[0].id) == 36


def test_a_file_that_is_not_json_says_so(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(hsds.HsdsError) as e:
        hsds.read_path(path)
    assert "kein gültiges JSON" in e.value.messages[0]
