"""The directory of offers in Open Referral HSDS 3.0: export and all-or-nothing import.

A :class:`~casefile.records.Provider` is an HSDS ``organization``, an
:class:`~casefile.records.Offer` a ``service`` with

* its places as ``service_at_location`` + ``location`` (+ ``address``): a catalog location
  carries its code as ``external_identifier`` (type ``mia-desk:location``) and the catalog's
  name and address; on import a location whose identifier, address or name is one of
  resources/catalogs/location.json becomes that catalog location, any other an address;
* its hours as ``schedule`` rows in the RRULE fields (``freq``, ``interval``, ``byday``, ...,
  ``opens_at``, ``closes_at``; the German words in ``description``, the note in ``notes``);
* its languages as ``language`` (code, name, note), its phone as ``phone``, its contact person
  as ``contact``, its cost as ``fees_description`` and ``cost_option`` (free: amount 0), what
  to bring as ``required_document`` (one per line), accessibility as the places'
  ``accessibility``, eligibility as ``eligibility_description``;
* verified on / by as ``assured_date`` / ``assurer_email`` (a name that is no e-mail address
  goes into an attribute);
* what HSDS has no field for -- topics, target groups, "appointment only", translations, the
  unit a provider is -- as ``attribute`` rows with ``taxonomy_term`` of the taxonomies
  ``mia-desk:*`` (HSDS's way of extending).

The JSON export is an ``organization_list`` page of full organizations (each with its
services); the tabular export is one CSV per table. Import takes either form (also a
``service_list`` page, a list or a single object). It is **all or nothing**: an unknown field
or table, a broken reference (a service naming a missing organization), an offer without place
or topic, a schedule that does not parse -- each entry's problems become one German line and
nothing is returned (:class:`HsdsError`). Records are checked with the rules every write passes
(:func:`casefile.wire.check_fields`). Fields of HSDS the directory does not hold (ages,
funding, programs, ...) are reported in :attr:`Imported.notes`, not taken.

Ids: HSDS ids are UUIDs and become the records' ids, so a second import updates the entries it
created; an id that is no UUID becomes a UUID derived from it (the same one every time).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile import catalogs, codec, wire
from casefile.hsds_tables import (
    FILES,
    LABELS,
    VERSION,
    Row,
    Tables,
    flatten,
    nest,
    read_csv_files,
    write_csv_files,
)
from casefile.ids import canonical_id
from casefile.offer_text import ADDRESS_RE, location_address, rrule_parts, rule_text
from casefile.records import Offer, OfferHours, OfferLanguage, OfferPlace, OfferText, Provider
from casefile.validation import EMAIL_RE

_NS = uuid.UUID("2b0f3c55-7d0e-4f41-9a4e-3c1d2e8f6a01")
LOCATION_SCHEME = "mia-desk:location"
TAX_TOPIC = "mia-desk:topic"
TAX_TARGET = "mia-desk:target_group"
TAX_UNIT = "mia-desk:unit"
TAX_FLAG = "mia-desk:flag"
TAX_TEXT = "mia-desk:translation"
TAX_VERIFIER = "mia-desk:verified_by"
APPOINTMENT = "Nur mit Termin."
# RRULE part -> schedule field, in the order an imported rule is written.
RULE_FIELDS = (
    ("FREQ", "freq"),
    ("INTERVAL", "interval"),
    ("COUNT", "count"),
    ("UNTIL", "until"),
    ("WKST", "wkst"),
    ("BYDAY", "byday"),
    ("BYMONTHDAY", "bymonthday"),
    ("BYYEARDAY", "byyearday"),
    ("BYWEEKNO", "byweekno"),
)
# The fields an import reads, per table; any other field with a value is reported as not taken
# (bookkeeping fields are skipped silently: last_modified is an edit, not a verification).
_READ: dict[str, frozenset[str]] = {
    "organization": frozenset({"id", "name", "description", "email", "website"}),
    "service": frozenset(
        {
            "id", "organization_id", "name", "description", "url", "email", "status",
            "application_process", "fees_description", "eligibility_description",
            "assured_date", "assurer_email", "last_modified",
        }
    ),
    "service_at_location": frozenset({"id", "service_id", "location_id"}),
    "location": frozenset(
        {"id", "location_type", "organization_id", "name", "latitude", "longitude",
         "external_identifier", "external_identifier_type"}
    ),
    "address": frozenset(
        {"id", "location_id", "address_1", "address_2", "city", "postal_code", "country",
         "state_province", "address_type"}
    ),
    "schedule": frozenset(
        {"id", "service_id", "service_at_location_id", "opens_at", "closes_at", "notes",
         "description", *(name for _, name in RULE_FIELDS)}
    ),
    "language": frozenset({"id", "service_id", "name", "code", "note"}),
    "phone": frozenset({"id", "service_id", "organization_id", "number", "type"}),
    "contact": frozenset({"id", "service_id", "name", "email"}),
    "cost_option": frozenset({"id", "service_id", "option", "amount", "currency",
                              "amount_description"}),
    "required_document": frozenset({"id", "service_id", "document"}),
    "accessibility": frozenset({"id", "location_id", "description", "details"}),
    "attribute": frozenset({"id", "link_id", "taxonomy_term_id", "link_type", "link_entity",
                            "value"}),
    "taxonomy_term": frozenset({"id", "code", "name", "description", "taxonomy", "language",
                                "taxonomy_id", "parent_id", "term_uri"}),
    "taxonomy": frozenset({"id", "name", "description", "uri", "version"}),
    "metadata": frozenset(
        {"id", "resource_id", "resource_type", "last_action_date", "last_action_type",
         "field_name", "previous_value", "replacement_value", "updated_by"}
    ),
}  # fmt: skip
_STATUS = {"active": True, "inactive": False, "defunct": False, "temporarily closed": False}


def _sub_id(*parts: str) -> str:
    """The id of a part of a record (an offer's schedule, place, ...): derived, so the same
    export gives the same ids."""
    return str(uuid.uuid5(_NS, "|".join(parts)))


# --- export ---------------------------------------------------------------------------------


@dataclass
class Export:
    """The directory as HSDS tables (table -> rows), and what HSDS could not carry."""

    tables: dict[str, list[dict[str, Any]]]
    warnings: list[str] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        """An ``organization_list`` page holding every organization in full."""
        contents = nest(self.tables)
        return {
            "total_items": len(contents),
            "total_pages": 1,
            "page_number": 1,
            "size": len(contents),
            "first_page": True,
            "last_page": True,
            "empty": not contents,
            "contents": contents,
        }

    def csv_files(self) -> dict[str, str]:
        """The tabular form: file name -> CSV text."""
        return write_csv_files(self.tables)

    def csv_zip(self) -> bytes:
        """The tabular form as one zip file, with a ``datapackage.json`` naming the tables."""
        files = self.csv_files()
        package = {
            "name": "mia-desk-directory",
            "profile": "tabular-data-package",
            "title": f"Angebotsverzeichnis (Open Referral HSDS {VERSION})",
            "resources": [
                {"name": table, "path": FILES[table], "format": "csv", "mediatype": "text/csv"}
                for table in self.tables
                if FILES[table] in files
            ],
        }
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in files.items():
                z.writestr(name, text)
            z.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
        return buf.getvalue()


class _Writer:
    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {t: [] for t in FILES}
        self.terms: set[str] = set()
        self.warnings: list[str] = []

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables[table].append({k: v for k, v in row.items() if v not in (None, "")})

    def attribute(
        self, link: str, entity: str, taxonomy: str, code: str, name: str, value: str = ""
    ) -> None:
        term = _sub_id("term", taxonomy, code)
        if term not in self.terms:
            self.terms.add(term)
            self.add(
                "taxonomy_term",
                {"id": term, "code": code, "name": name, "description": name,
                 "taxonomy": taxonomy},
            )  # fmt: skip
        self.add(
            "attribute",
            {
                "id": _sub_id(link, "attribute", taxonomy, code),
                "link_id": link,
                "link_entity": entity,
                "taxonomy_term_id": term,
                "value": value,
            },
        )


def export(providers: Iterable[Provider], offers: Iterable[Offer]) -> Export:
    """The HSDS tables of a directory (offers of providers not given keep their
    ``organization_id``: the importer then needs that provider already)."""
    w = _Writer()
    for p in providers:
        _provider_rows(w, p)
    for o in offers:
        _offer_rows(w, o)
    return Export({t: rows for t, rows in w.tables.items() if rows}, w.warnings)


def _split_address(text: str) -> tuple[str, str, str]:
    m = ADDRESS_RE.match(text)
    return (m.group("street"), m.group("postal_code"), m.group("city")) if m else (text, "", "")


def _provider_rows(w: _Writer, p: Provider) -> None:
    w.add(
        "organization",
        {"id": p.id, "name": p.name, "description": p.description, "email": p.email,
         "website": p.website},
    )  # fmt: skip
    if p.phone:
        w.add("phone", {"id": _sub_id(p.id, "phone"), "organization_id": p.id, "number": p.phone})
    if p.address:
        loc = _sub_id(p.id, "address-location")
        street, postal, city = _split_address(p.address)
        w.add("location", {"id": loc, "organization_id": p.id, "location_type": "postal"})
        w.add(
            "address",
            {"id": _sub_id(p.id, "address"), "location_id": loc, "address_1": street,
             "postal_code": postal, "city": city, "country": "DE", "address_type": "postal"},
        )  # fmt: skip
    if p.unit:
        label = catalogs.load("unit").label(p.unit)
        w.attribute(p.id, "organization", TAX_UNIT, p.unit, label)


def schedule_fields(hours: OfferHours) -> tuple[dict[str, Any], list[str]]:
    """The RRULE fields of a schedule for *hours*, and the parts of its rule HSDS has no
    field for."""
    parts = rrule_parts(hours.rrule)
    row: dict[str, Any] = {}
    for key, name in RULE_FIELDS:
        if key not in parts:
            continue
        value: Any = parts.pop(key)
        if name in ("interval", "count") and value.isdigit():
            value = int(value)
        elif name == "until" and len(value) == 8 and value.isdigit():
            value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
        row[name] = value
    return row, sorted(parts)


def _offer_rows(w: _Writer, o: Offer) -> None:
    verifier_is_email = bool(o.verified_by and EMAIL_RE.match(o.verified_by))
    w.add(
        "service",
        {
            "id": o.id,
            "organization_id": o.provider_id,
            "name": o.name,
            "description": o.description,
            "url": o.website,
            "email": o.email,
            "status": "active" if o.active else "inactive",
            "application_process": APPOINTMENT if o.appointment_only else "",
            "fees_description": o.cost,
            "eligibility_description": o.eligibility,
            "assured_date": o.verified_on.isoformat() if o.verified_on else "",
            "assurer_email": o.verified_by if verifier_is_email else "",
        },
    )
    if o.phone:
        w.add("phone", {"id": _sub_id(o.id, "phone"), "service_id": o.id, "number": o.phone})
    if o.contact_name:
        w.add(
            "contact", {"id": _sub_id(o.id, "contact"), "service_id": o.id, "name": o.contact_name}
        )
    for n, h in enumerate(o.hours, 1):
        rule, left = schedule_fields(h)
        if left:
            w.warnings.append(
                f"Angebot „{o.name}“ ({o.id}), Zeit {n}: {', '.join(left)} hat in HSDS kein "
                f"Feld und fehlt in der Ausgabe."
            )
        w.add(
            "schedule",
            {
                "id": _sub_id(o.id, "schedule", str(n)),
                "service_id": o.id,
                **rule,
                "opens_at": h.opens_at,
                "closes_at": h.closes_at,
                "notes": h.note,
                "description": rule_text(h.rrule) or "",
            },
        )
    cat = catalogs.load("language")
    for n, lang in enumerate(o.languages, 1):
        w.add(
            "language",
            {"id": _sub_id(o.id, "language", str(n)), "service_id": o.id, "code": lang.code,
             "name": cat.label(lang.code), "note": lang.note},
        )  # fmt: skip
    w.add(
        "cost_option",
        {"id": _sub_id(o.id, "cost"), "service_id": o.id, "amount_description": o.cost}
        if o.cost
        else {"id": _sub_id(o.id, "cost"), "service_id": o.id, "option": "kostenlos",
              "amount": 0, "currency": "EUR"},
    )  # fmt: skip
    if o.what_to_bring:
        for n, line in enumerate(o.what_to_bring.split("\n"), 1):
            w.add(
                "required_document",
                {"id": _sub_id(o.id, "document", str(n)), "service_id": o.id, "document": line},
            )
    for n, place in enumerate(o.places, 1):
        _place_rows(w, o, n, place)
    topics, groups = catalogs.load("topic"), catalogs.load("target_group")
    for code in o.topics:
        w.attribute(o.id, "service", TAX_TOPIC, code, topics.label(code))
    for code in o.target_groups:
        w.attribute(o.id, "service", TAX_TARGET, code, groups.label(code))
    if o.appointment_only:
        w.attribute(o.id, "service", TAX_FLAG, "appointment_only", "Nur mit Termin")
    for t in o.translations:
        text = json.dumps(
            {"name": t.name, "description": t.description, "what_to_bring": t.what_to_bring},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        w.attribute(o.id, "service", TAX_TEXT, t.language, cat.label(t.language), text)
    if o.verified_by and not verifier_is_email:
        w.attribute(o.id, "service", TAX_VERIFIER, "verified_by", "Geprüft von", o.verified_by)


def _place_rows(w: _Writer, o: Offer, n: int, place: OfferPlace) -> None:
    loc = _sub_id(o.id, "location", str(n))
    street, postal, city = place.address, place.postal_code, place.city
    row: dict[str, Any] = {"id": loc, "location_type": "physical", "name": place.name}
    if place.location:
        entry = catalogs.load("location").get(place.location)
        row["name"] = place.name or (entry.de if entry else place.location)
        row["external_identifier"] = place.location
        row["external_identifier_type"] = LOCATION_SCHEME
        if entry is not None and "lat" in entry.extra:
            row["latitude"], row["longitude"] = entry.extra["lat"], entry.extra["lon"]
        if not (street or postal or city):
            street, postal, city = location_address(place.location)
    w.add("location", row)
    w.add(
        "service_at_location",
        {"id": _sub_id(o.id, "at", str(n)), "service_id": o.id, "location_id": loc},
    )
    if street or postal or city:
        w.add(
            "address",
            {"id": _sub_id(loc, "address"), "location_id": loc, "address_1": street,
             "postal_code": postal, "city": city, "country": "DE", "address_type": "physical"},
        )  # fmt: skip
    if o.accessibility:
        w.add(
            "accessibility",
            {
                "id": _sub_id(loc, "accessibility"),
                "location_id": loc,
                "description": o.accessibility,
            },
        )


# --- import ---------------------------------------------------------------------------------


@dataclass
class Imported:
    """What an HSDS file holds, as records; *notes*: what of it was not taken."""

    providers: list[Provider]
    offers: list[Offer]
    notes: list[str] = field(default_factory=list)


class HsdsError(ValueError):
    """The file cannot be imported; ``messages``: one German line per entry at fault."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def import_json(
    data: Any, known_providers: Iterable[str] = (), today: dt.date | None = None
) -> Imported:
    """The records of an HSDS JSON document (see :func:`casefile.hsds_tables.flatten` for the
    forms taken). *known_providers*: ids of providers the directory holds already (a service
    may name one of them without carrying it)."""
    return _records(flatten(data), set(known_providers), today)


def import_csv(
    files: Iterable[tuple[str, str]],
    known_providers: Iterable[str] = (),
    today: dt.date | None = None,
) -> Imported:
    """The records of the tabular form: (file name, CSV text) pairs."""
    return _records(read_csv_files(files), set(known_providers), today)


# What one import reads at most: the bytes of the file (a zip: unpacked, a folder: its CSV
# files together) and the entries (providers and offers). A county's directory is a few
# thousand offers (bench.directory: 5,000) in a few megabytes; a file far beyond that is a
# mistake or a zip bomb, and is refused before it is read into memory.
MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 20_000


def _too_big(name: str, size: int) -> HsdsError:
    return HsdsError(
        [
            f"{name}: zu groß ({size / 1024 / 1024:.0f} MB, höchstens "
            f"{MAX_BYTES // 1024 // 1024} MB auf einmal); bitte die Datei prüfen oder teilen."
        ]
    )


def read_path(
    path: str | Path, known_providers: Iterable[str] = (), today: dt.date | None = None
) -> Imported:
    """Import a ``.json`` file, a ``.zip`` of CSV files, or a folder of CSV files (at most
    :data:`MAX_BYTES`, unpacked; at most :data:`MAX_ENTRIES` providers and offers)."""
    p = Path(path)
    try:
        if p.is_dir():
            chosen = [
                f for f in sorted(p.iterdir()) if f.is_file() and f.name != "datapackage.json"
            ]
            size = sum(f.stat().st_size for f in chosen)
            if size > MAX_BYTES:
                raise _too_big(p.name, size)
            files = [(f.name, f.read_text(encoding="utf-8-sig")) for f in chosen]
            return _capped(import_csv(files, known_providers, today))
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as z:
                members = [
                    info
                    for info in z.infolist()
                    if not info.is_dir() and Path(info.filename).name != "datapackage.json"
                ]
                # The sizes the zip declares bound what is unpacked: zipfile reads no byte
                # past a member's file_size (and checks its CRC).
                size = sum(info.file_size for info in members)
                if size > MAX_BYTES:
                    raise _too_big(p.name, size)
                files = [
                    (Path(info.filename).name, z.read(info).decode("utf-8-sig")) for info in members
                ]
            return _capped(import_csv(files, known_providers, today))
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise _too_big(p.name, size)
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except HsdsError:
        raise
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise HsdsError([f"{p.name}: kann nicht gelesen werden ({exc})."]) from exc
    except RecursionError as exc:
        raise HsdsError([f"{p.name}: zu tief verschachteltes JSON."]) from exc
    except ValueError as exc:
        raise HsdsError([f"{p.name}: kein gültiges JSON ({exc})."]) from exc
    return _capped(import_json(data, known_providers, today))


def _capped(imported: Imported) -> Imported:
    entries = len(imported.providers) + len(imported.offers)
    if entries > MAX_ENTRIES:
        raise HsdsError(
            [
                f"Die Datei enthält {entries} Träger und Angebote; eingelesen werden höchstens "
                f"{MAX_ENTRIES} auf einmal. Bitte in Teilen importieren (erst die Träger)."
            ]
        )
    return imported


def _record_id(raw: str, table: str) -> str:
    return canonical_id(raw) or _sub_id("hsds", table, raw)


class _Reader:
    """The records of *tables*, collecting every entry's problems."""

    def __init__(self, tables: Tables, known: set[str], today: dt.date | None):
        self.tables = tables
        self.known = known
        self.today = today
        self.problems: dict[str, list[str]] = {}
        self.ids: dict[str, str] = {}
        self.used: set[tuple[str, str]] = set()
        self.notes: Counter[str] = Counter()
        self.by_id: dict[tuple[str, str], Row] = {}
        self.children: dict[tuple[str, str, str], list[Row]] = {}
        for table, rows in tables.rows.items():
            for r in rows:
                if (table, r.id) in self.by_id:
                    self.problem(r, "id", f"Die Kennung {r.id} kommt zweimal vor.")
                self.by_id[(table, r.id)] = r
                for name in ("organization_id", "service_id", "location_id", "link_id",
                             "service_at_location_id"):  # fmt: skip
                    if r.get(name):
                        self.children.setdefault((table, name, r.get(name)), []).append(r)
        for p in tables.problems:
            self.problem_at(p.where, p.field, p.message, p.id)

    def problem_at(self, where: str, fld: str, message: str, ident: str = "") -> None:
        label = wire.FIELD_LABELS.get(fld, fld)
        text = f"{label}: {message}" if fld and fld not in message else message
        self.problems.setdefault(where, []).append(text.rstrip("."))
        if ident and "#" not in ident:
            self.ids.setdefault(where, ident)

    def problem(self, row: Row, fld: str, message: str) -> None:
        self.problem_at(row.where, fld, message, row.id)

    def messages(self) -> list[str]:
        """One German line per entry at fault: where (and its id), then each problem."""
        return [
            f"{where}{f' (id {self.ids[where]})' if where in self.ids else ''}: {'; '.join(texts)}."
            for where, texts in sorted(self.problems.items(), key=lambda x: _natural(x[0]))
        ]

    def kids(self, table: str, fk: str, parent: Row) -> list[Row]:
        rows = self.children.get((table, fk, parent.id), [])
        self.used.update((table, r.id) for r in rows)
        return rows

    def check_references(self) -> None:
        """Every id a row names must be in the file (an organization also among *known*)."""
        refs = {
            "service_id": "service",
            "location_id": "location",
            "service_at_location_id": "service_at_location",
            "taxonomy_term_id": "taxonomy_term",
        }
        for _table, rows in self.tables.rows.items():
            for r in rows:
                for fk, target in refs.items():
                    value = r.get(fk)
                    if value and (target, value) not in self.by_id:
                        self.problem(
                            r, fk, f"verweist auf {LABELS[target]} {value}, die/den es nicht gibt."
                        )
                value = r.get("organization_id")
                if (
                    value
                    and ("organization", value) not in self.by_id
                    and _record_id(value, "organization") not in self.known
                ):
                    self.problem(
                        r, "organization_id", f"verweist auf Träger {value}, den es nicht gibt."
                    )

    # --- records ---------------------------------------------------------------------------

    def terms(self, row: Row, entity: str) -> list[tuple[Row, Row]]:
        out = []
        for a in self.kids("attribute", "link_id", row):
            if a.get("link_entity") not in ("", entity):
                continue
            term = self.by_id.get(("taxonomy_term", a.get("taxonomy_term_id")))
            if term is not None:
                self.used.add(("taxonomy_term", term.id))
                out.append((a, term))
        return out

    def provider(self, row: Row) -> Provider:
        self.used.add(("organization", row.id))
        phones = [p.get("number") for p in self.kids("phone", "organization_id", row)]
        address = ""
        for loc in self.kids("location", "organization_id", row):
            if self.children.get(("service_at_location", "location_id", loc.id)):
                continue  # a place of a service, not the organization's address
            for a in self.kids("address", "location_id", loc):
                street, postal, city = a.get("address_1"), a.get("postal_code"), a.get("city")
                town = " ".join(x for x in (postal, city) if x)
                address = address or ", ".join(x for x in (street, town) if x)
        unit = ""
        for _attr, term in self.terms(row, "organization"):
            if term.get("taxonomy") == TAX_UNIT:
                unit = term.get("code")
            else:
                self.notes[f"Merkmal „{term.get('name') or term.get('code')}“ eines Trägers"] += 1
        return Provider(
            name=row.get("name"),
            description=row.get("description"),
            website=row.get("website"),
            email=row.get("email"),
            phone=next((p for p in phones if p), ""),
            address=address,
            unit=unit,
            id=_record_id(row.id, "organization"),
        )

    def offer(self, row: Row) -> Offer:
        self.used.add(("service", row.id))
        offer = Offer(
            provider_id=_record_id(row.get("organization_id"), "organization")
            if row.get("organization_id")
            else "",
            name=row.get("name"),
            description=row.get("description"),
            eligibility=row.get("eligibility_description"),
            website=row.get("url"),
            email=row.get("email"),
            appointment_only=row.get("application_process") == APPOINTMENT,
            id=_record_id(row.id, "service"),
        )
        status = row.get("status") or "active"
        if status not in _STATUS:
            self.problem(
                row, "status", f"„{status}“ ist kein Status von HSDS ({', '.join(_STATUS)})."
            )
        offer.active = _STATUS.get(status, True)
        assured = row.get("assured_date")
        if assured:
            try:
                offer.verified_on = dt.date.fromisoformat(assured[:10])
            except ValueError:
                self.problem(row, "verified_on", f"„{assured}“ ist kein Datum (JJJJ-MM-TT).")
        offer.verified_by = row.get("assurer_email")
        if not offer.provider_id:
            self.problem(row, "provider_id", "Das Angebot nennt keinen Träger (organization_id).")
        phones = [p.get("number") for p in self.kids("phone", "service_id", row) if p.get("number")]
        contacts = self.kids("contact", "service_id", row)
        offer.phone = phones[0] if phones else ""
        offer.contact_name = next((c.get("name") for c in contacts if c.get("name")), "")
        offer.email = offer.email or next((c.get("email") for c in contacts if c.get("email")), "")
        offer.cost = self.cost(row)
        docs = self.kids("required_document", "service_id", row)
        offer.what_to_bring = "\n".join(d.get("document") for d in docs)
        offer.languages = [self.language(x) for x in self.kids("language", "service_id", row)]
        places = self.kids("service_at_location", "service_id", row)
        access: list[str] = []
        schedules = list(self.kids("schedule", "service_id", row))
        for sal in places:
            schedules += self.kids("schedule", "service_at_location_id", sal)
            loc = self.by_id.get(("location", sal.get("location_id")))
            if loc is None:
                continue
            self.used.add(("location", loc.id))
            offer.places.append(self.place(loc))
            for a in self.kids("accessibility", "location_id", loc):
                text = a.get("description") or a.get("details")
                if text and text not in access:
                    access.append(text)
        offer.accessibility = "; ".join(access)
        for n, s in enumerate(schedules, 1):
            hours = self.hours(s, n)
            if hours is not None:
                offer.hours.append(hours)
        self.attributes(row, offer)
        return offer

    def cost(self, row: Row) -> str:
        options = self.kids("cost_option", "service_id", row)
        if row.get("fees_description"):
            return row.get("fees_description")  # the options only repeat it
        texts = []
        for c in options:
            amount = c.get("amount")
            if c.get("amount_description"):
                texts.append(c.get("amount_description"))
            elif amount not in ("", "0", "0.0"):
                texts.append(" ".join(x for x in (c.get("option"), amount, c.get("currency")) if x))
        return "; ".join(texts)

    def language(self, row: Row) -> OfferLanguage:
        cat = catalogs.load("language")
        code = row.get("code")
        if code not in cat and code.lower() in cat:
            code = code.lower()
        if code not in cat:
            name = row.get("name").casefold()
            code = next(
                (
                    e.code
                    for e in cat.entries
                    if name and name in (e.de.casefold(), e.en.casefold())
                ),
                code or row.get("name"),
            )
        return OfferLanguage(code, row.get("note"))

    def place(self, loc: Row) -> OfferPlace:
        cat = catalogs.load("location")
        addresses = self.kids("address", "location_id", loc)
        a = addresses[0] if addresses else None
        street = ", ".join(x for x in (a.get("address_1"), a.get("address_2")) if x) if a else ""
        postal, city = (a.get("postal_code"), a.get("city")) if a else ("", "")
        full = ", ".join(x for x in (street, " ".join(x for x in (postal, city) if x)) if x)
        code = ""
        if (
            loc.get("external_identifier_type") == LOCATION_SCHEME
            and loc.get("external_identifier") in cat
        ):
            code = loc.get("external_identifier")
        else:
            for e in cat.entries:
                if (full and full == e.extra.get("address")) or (
                    loc.get("name") and loc.get("name") == e.de
                ):
                    code = e.code
                    break
        if not code:
            return OfferPlace(loc.get("name"), "", street, postal, city)
        name = loc.get("name")
        if name == cat.label(code):
            name = ""
        if (street, postal, city) == location_address(code):
            street = postal = city = ""
        return OfferPlace(name, code, street, postal, city)

    def hours(self, row: Row, n: int) -> OfferHours | None:
        parts = []
        for key, name in RULE_FIELDS:
            value = row.get(name)
            if not value:
                continue
            if name in ("interval", "count") and not value.isdigit():
                self.problem(row, "hours", f"Zeit Nr. {n}: „{name}“ ist keine ganze Zahl.")
                return None
            if name == "until" and len(value) >= 10 and value[4] == "-":
                value = value[:10].replace("-", "")
            elif name in ("freq", "wkst", "byday"):
                value = value.replace(" ", "").upper()  # "weekly", "TH, FR" as people write
            else:
                value = value.replace(" ", "")
            parts.append(f"{key}={value}")
        if not row.get("freq"):
            self.problem(
                row, "hours", f"Zeit Nr. {n} hat keine Wiederholungsregel (freq, byday, ...)."
            )
            return None
        return OfferHours(
            ";".join(parts),
            _clock(row.get("opens_at")),
            _clock(row.get("closes_at")),
            row.get("notes"),
        )

    def attributes(self, row: Row, offer: Offer) -> None:
        topics = catalogs.load("topic")
        for a, term in self.terms(row, "service"):
            taxonomy, code = term.get("taxonomy"), term.get("code")
            if taxonomy == TAX_TOPIC:
                offer.topics.append(code)
            elif taxonomy == TAX_TARGET:
                offer.target_groups.append(code)
            elif taxonomy == TAX_FLAG and code == "appointment_only":
                offer.appointment_only = True
            elif taxonomy == TAX_VERIFIER:
                offer.verified_by = a.get("value")
            elif taxonomy == TAX_TEXT:
                offer.translations.append(self.translation(row, code, a.get("value")))
            else:
                name = term.get("name").casefold()
                match = next(
                    (e.code for e in topics.entries if name in (e.de.casefold(), e.en.casefold())),
                    None,
                )
                if match and match not in offer.topics:
                    offer.topics.append(match)
                else:
                    self.notes[
                        f"Merkmal „{term.get('name') or code}“ ({taxonomy or 'ohne Taxonomie'})"
                    ] += 1

    def translation(self, row: Row, language: str, value: str) -> OfferText:
        try:
            data = json.loads(value)
        except ValueError:
            data = None
        keys = {"name", "description", "what_to_bring"}
        if (
            not isinstance(data, dict)
            or set(data) - keys
            or not all(isinstance(v, str) for v in data.values())
        ):
            self.problem(row, "translations", f"Übersetzung „{language}“: kein gültiger Wert.")
            return OfferText(language)
        return OfferText(language, **data)

    def check(self, row: Row, record: Provider | Offer) -> None:
        kind = codec.kind_of(record)
        fields = codec.encode(record)
        del fields["id"]
        for e in wire.check_fields(kind, None, fields, self.today):
            self.problem(row, e.field, e.message)


def _natural(text: str) -> list[Any]:
    """Sort key: "Angebot 2" before "Angebot 10", "Zeile 9" before "Zeile 10"."""
    return [int(x) if x.isdigit() else x for x in re.split(r"([0-9]+)", text)]


def _clock(value: str) -> str:
    """``"10:00:00"`` (HSDS examples) and ``"9:00"`` -> ``"10:00"``, ``"09:00"``; other text
    as it is (the forms' rules refuse it)."""
    m = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})(?::00)?", value.strip())
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else value


def _records(tables: Tables, known: set[str], today: dt.date | None) -> Imported:
    r = _Reader(tables, known, today)
    r.check_references()
    providers = []
    for row in tables.of("organization"):
        p = r.provider(row)
        r.check(row, p)
        providers.append(p)
    offers = []
    for row in tables.of("service"):
        o = r.offer(row)
        r.check(row, o)
        offers.append(o)
    if r.problems:
        raise HsdsError(r.messages())
    notes = Counter(r.notes)
    for table, rows in tables.rows.items():
        if table in ("taxonomy", "taxonomy_term", "metadata"):
            continue  # read through the attributes; change history is not kept
        read = _READ.get(table)
        for row in rows:
            if read is None or (table, row.id) not in r.used:
                notes[f"{LABELS.get(table, table)} ({FILES[table]})"] += 1
                continue
            for name, value in row.values.items():
                if name not in read and value not in (None, ""):
                    notes[f"Feld „{name}“ von {LABELS.get(table, table)}"] += 1
    return Imported(
        providers,
        offers,
        [f"nicht übernommen: {what} ({n}×)" for what, n in sorted(notes.items())],
    )
