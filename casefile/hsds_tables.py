"""The shape of Open Referral HSDS 3.0: its objects, tables and how they nest.

HSDS comes in two forms that hold the same data: the JSON of its API (an organization with its
services, a service with its schedules, locations, languages ... nested) and the tabular form
(one CSV per table, rows linked by ids: ``services.csv`` names its ``organization_id``).
:func:`flatten` turns the nested JSON into tables, :func:`nest` the tables into the JSON of
full organizations; :func:`read_csv_files` / :func:`write_csv_files` are the tabular form.
Fields and tables are those of the specification (openreferral/specification, schema/*.json
and schema/compiled/tabular.json, version 3.0); a field or table it does not have is a
:class:`Problem`, never silently taken or dropped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from casefile.spreadsheet import spreadsheet_safe, spreadsheet_text

VERSION = "3.0"

# The scalar fields of each object (the columns of its table), from the specification.
FIELDS: dict[str, tuple[str, ...]] = {
    "organization": (
        "id", "name", "alternate_name", "description", "email", "website", "tax_status",
        "tax_id", "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id",
    ),
    "program": ("id", "organization_id", "name", "alternate_name", "description"),
    "service": (
        "id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
        "email", "status", "interpretation_services", "application_process",
        "fees_description", "wait_time", "fees", "accreditations", "eligibility_description",
        "minimum_age", "maximum_age", "assured_date", "assurer_email", "licenses", "alert",
        "last_modified",
    ),
    "attribute": ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
    "service_at_location": ("id", "service_id", "location_id", "description"),
    "location": (
        "id", "location_type", "url", "organization_id", "name", "alternate_name",
        "description", "transportation", "latitude", "longitude", "external_identifier",
        "external_identifier_type",
    ),
    "phone": (
        "id", "location_id", "service_id", "organization_id", "contact_id",
        "service_at_location_id", "number", "extension", "type", "description",
    ),
    "contact": (
        "id", "organization_id", "service_id", "service_at_location_id", "location_id", "name",
        "title", "department", "email",
    ),
    "address": (
        "id", "location_id", "attention", "address_1", "address_2", "city", "region",
        "state_province", "postal_code", "country", "address_type",
    ),
    "schedule": (
        "id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
        "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday",
        "byweekno", "bymonthday", "byyearday", "description", "opens_at", "closes_at",
        "schedule_link", "attending_type", "notes",
    ),
    "funding": ("id", "organization_id", "service_id", "source"),
    "service_area": ("id", "service_id", "name", "description", "extent", "extent_type", "uri"),
    "required_document": ("id", "service_id", "document", "uri"),
    "language": ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
    "accessibility": ("id", "location_id", "description", "details", "url"),
    "taxonomy_term": (
        "id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id",
        "term_uri",
    ),
    "metadata": (
        "id", "resource_id", "resource_type", "last_action_date", "last_action_type",
        "field_name", "previous_value", "replacement_value", "updated_by",
    ),
    "meta_table_description": ("id", "name", "language", "character_set"),
    "cost_option": (
        "id", "service_id", "valid_from", "valid_to", "option", "currency", "amount",
        "amount_description",
    ),
    "organization_identifier": (
        "id", "organization_id", "identifier_scheme", "identifier_type", "identifier",
    ),
    "taxonomy": ("id", "name", "description", "uri", "version"),
}  # fmt: skip
NUMBERS = frozenset(
    {
        ("organization", "year_incorporated"),
        ("service", "minimum_age"),
        ("service", "maximum_age"),
        ("location", "latitude"),
        ("location", "longitude"),
        ("phone", "extension"),
        ("schedule", "timezone"),
        ("schedule", "count"),
        ("schedule", "interval"),
        ("cost_option", "amount"),
    }
)
# The file of each table in the tabular form.
FILES: dict[str, str] = {
    "organization": "organizations.csv",
    "program": "programs.csv",
    "service": "services.csv",
    "attribute": "attributes.csv",
    "service_at_location": "service_at_location.csv",
    "location": "locations.csv",
    "phone": "phones.csv",
    "contact": "contacts.csv",
    "address": "addresses.csv",
    "schedule": "schedules.csv",
    "funding": "funding.csv",
    "service_area": "service_areas.csv",
    "required_document": "required_documents.csv",
    "language": "languages.csv",
    "accessibility": "accessibility.csv",
    "taxonomy_term": "taxonomy_terms.csv",
    "metadata": "metadata.csv",
    "meta_table_description": "meta_table_descriptions.csv",
    "cost_option": "cost_options.csv",
    "organization_identifier": "organization_identifiers.csv",
    "taxonomy": "taxonomies.csv",
}
TABLE_OF_FILE = {name: table for table, name in FILES.items()}

# Nested objects: (parent, key) -> (child type, is a list, how they link). "child:<f>": the
# child names the parent in its field <f>; "parent:<f>": the parent names the child in <f>.
_COMMON = {"attributes": ("attribute", True, "child:link_id"),
           "metadata": ("metadata", True, "child:resource_id")}  # fmt: skip
NESTED: dict[str, dict[str, tuple[str, bool, str]]] = {
    "organization": {
        "services": ("service", True, "child:organization_id"),
        "locations": ("location", True, "child:organization_id"),
        "phones": ("phone", True, "child:organization_id"),
        "contacts": ("contact", True, "child:organization_id"),
        "funding": ("funding", True, "child:organization_id"),
        "programs": ("program", True, "child:organization_id"),
        "organization_identifiers": ("organization_identifier", True, "child:organization_id"),
        **_COMMON,
    },
    "service": {
        "organization": ("organization", False, "parent:organization_id"),
        "program": ("program", False, "parent:program_id"),
        "phones": ("phone", True, "child:service_id"),
        "schedules": ("schedule", True, "child:service_id"),
        "service_areas": ("service_area", True, "child:service_id"),
        "service_at_locations": ("service_at_location", True, "child:service_id"),
        "languages": ("language", True, "child:service_id"),
        "funding": ("funding", True, "child:service_id"),
        "cost_options": ("cost_option", True, "child:service_id"),
        "required_documents": ("required_document", True, "child:service_id"),
        "contacts": ("contact", True, "child:service_id"),
        **_COMMON,
    },
    "service_at_location": {
        "service": ("service", False, "parent:service_id"),
        "location": ("location", False, "parent:location_id"),
        "contacts": ("contact", True, "child:service_at_location_id"),
        "phones": ("phone", True, "child:service_at_location_id"),
        "schedules": ("schedule", True, "child:service_at_location_id"),
        **_COMMON,
    },
    "location": {
        "languages": ("language", True, "child:location_id"),
        "addresses": ("address", True, "child:location_id"),
        "contacts": ("contact", True, "child:location_id"),
        "accessibility": ("accessibility", True, "child:location_id"),
        "phones": ("phone", True, "child:location_id"),
        "schedules": ("schedule", True, "child:location_id"),
        **_COMMON,
    },
    "contact": {"phones": ("phone", True, "child:contact_id"), **_COMMON},
    "phone": {"languages": ("language", True, "child:phone_id"), **_COMMON},
    "attribute": {
        "taxonomy_term": ("taxonomy_term", False, "parent:taxonomy_term_id"),
        "metadata": ("metadata", True, "child:resource_id"),
    },
    "taxonomy_term": {
        "taxonomy_detail": ("taxonomy", False, "parent:taxonomy_id"),
        "metadata": ("metadata", True, "child:resource_id"),
    },
    "taxonomy": {"metadata": ("metadata", True, "child:resource_id")},
    "metadata": {},
}
for _kind in FIELDS:
    NESTED.setdefault(_kind, dict(_COMMON))
# Keys only a service has: a list's item with one of them is a service, else an organization.
_SERVICE_ONLY = frozenset(FIELDS["service"]) | frozenset(NESTED["service"])
_SERVICE_ONLY -= frozenset(FIELDS["organization"]) | frozenset(NESTED["organization"])
# The keys of a page of a list answer (``GET /services``, ``GET /organizations``).
PAGE_KEYS = frozenset(
    {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"}
)
# German names of the objects, for messages.
LABELS = {
    "organization": "Träger",
    "service": "Angebot",
    "location": "Ort",
    "service_at_location": "Angebotsort",
    "schedule": "Zeit",
    "language": "Sprache",
    "phone": "Telefon",
    "contact": "Kontakt",
    "cost_option": "Kosten",
    "address": "Anschrift",
    "attribute": "Merkmal",
    "taxonomy_term": "Begriff",
    "taxonomy": "Taxonomie",
    "required_document": "Unterlage",
    "accessibility": "Barrierefreiheit",
    "program": "Programm",
    "funding": "Förderung",
    "service_area": "Einzugsgebiet",
    "metadata": "Änderungsvermerk",
    "meta_table_description": "Tabellenbeschreibung",
    "organization_identifier": "Kennung",
}


@dataclass
class Row:
    """One object of a table: its scalar *values* and where it stood (for messages)."""

    table: str
    values: dict[str, Any]
    where: str

    @property
    def id(self) -> str:
        return str(self.values.get("id") or "")

    def get(self, name: str) -> str:
        """A text field ("" when absent or null); numbers as their text."""
        value = self.values.get(name)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)


@dataclass
class Problem:
    """Why a part of an HSDS file cannot be imported: where, which field, what (German)."""

    where: str
    field: str
    message: str
    id: str = ""


@dataclass
class Tables:
    """HSDS data as tables: table -> rows in the order they came, plus what was wrong."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.setdefault(row.table, []).append(row)

    def of(self, table: str) -> list[Row]:
        return self.rows.get(table, [])


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _label(kind: str, n: int | None, obj: dict[str, Any]) -> str:
    text = LABELS.get(kind, kind) + (f" {n}" if n is not None else "")
    name = obj.get("name") if kind in ("organization", "service", "location") else None
    if isinstance(name, str) and name.strip():
        text += f" „{name.strip()[:60]}“"
    return text


def flatten(data: Any) -> Tables:
    """The tables of an HSDS JSON document: one organization or service, a list of them, or
    a page of a list answer (``{"contents": [...], "total_items": ...}``). Objects that occur
    more than once (the organization nested in each of its services) are taken once; they
    must agree."""
    out = Tables()
    seen: dict[tuple[str, str], Row] = {}
    items: Any = data
    if isinstance(data, dict) and "contents" in data:
        extra = set(data) - PAGE_KEYS - {"contents"}
        for key in sorted(extra):
            out.problems.append(
                Problem("Datei", key, f"Feld „{key}“ ist in HSDS {VERSION} unbekannt.")
            )
        items = data["contents"]
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        out.problems.append(
            Problem(
                "Datei",
                "",
                "Erwartet: ein Träger oder Angebot, eine Liste davon oder eine Seite mit „contents“.",
            )
        )
        return out
    for n, obj in enumerate(items, 1):
        if not isinstance(obj, dict):
            out.problems.append(Problem(f"Eintrag {n}", "", "Kein JSON-Objekt."))
            continue
        kind = "service" if set(obj) & _SERVICE_ONLY else "organization"
        _walk(out, seen, kind, obj, _label(kind, n, obj), None)
    return out


def _walk(
    out: Tables,
    seen: dict[tuple[str, str], Row],
    kind: str,
    obj: dict[str, Any],
    where: str,
    link: tuple[str, str] | None,
) -> str:
    """Take *obj* of *kind* and its nested objects into *out*; returns its id. *link*: (field,
    value) the parent sets on it."""
    scalars, nested = FIELDS[kind], NESTED[kind]
    values: dict[str, Any] = {}
    ident = obj.get("id")
    shown = ident if isinstance(ident, str) else ""
    for key, value in obj.items():
        if key in nested:
            continue
        if key not in scalars:
            out.problems.append(
                Problem(where, key, f"Feld „{key}“ ist in HSDS {VERSION} unbekannt.", shown)
            )
        elif not _scalar(value):
            out.problems.append(
                Problem(where, key, f"„{key}“: ein einzelner Wert erwartet.", shown)
            )
        else:
            values[key] = value
    if not isinstance(ident, str) or not ident.strip():
        out.problems.append(Problem(where, "id", "Die Kennung (id) fehlt."))
        ident = f"{where}#"  # a stand-in, so the children can still be checked
        values["id"] = ident
    if link is not None:
        name, parent = link
        held = values.get(name)
        if held not in (None, "", parent):
            out.problems.append(
                Problem(
                    where,
                    name,
                    f"„{name}“ nennt {held}, der Eintrag steht aber unter {parent}.",
                )
            )
        values[name] = parent
    for key, (child, many, how) in nested.items():
        if key not in obj or obj[key] is None:
            continue
        side, _, fk = how.partition(":")
        children = obj[key] if many else [obj[key]]
        if not isinstance(children, list):
            out.problems.append(Problem(where, key, f"„{key}“: eine Liste erwartet."))
            continue
        for n, sub in enumerate(children, 1):
            sub_where = f"{where} › {_label(child, n if many else None, sub if isinstance(sub, dict) else {})}"
            if not isinstance(sub, dict):
                out.problems.append(Problem(sub_where, key, "Kein JSON-Objekt."))
                continue
            child_link = None
            if side == "child":
                child_link = (fk, ident)
                if key in ("attributes",):
                    sub = {"link_entity": kind, **sub}
                if key == "metadata":
                    sub = {"resource_type": kind, **sub}
            sub_id = _walk(out, seen, child, sub, sub_where, child_link)
            if side == "parent":
                held = values.get(fk)
                if held not in (None, "", sub_id):
                    out.problems.append(
                        Problem(where, fk, f"„{fk}“ nennt {held}, darunter steht aber {sub_id}.")
                    )
                values[fk] = sub_id
    row = Row(kind, values, where)
    seen_key = (kind, ident)
    if seen_key in seen:
        if {k: v for k, v in seen[seen_key].values.items() if v not in (None, "")} != {
            k: v for k, v in values.items() if v not in (None, "")
        }:
            out.problems.append(
                Problem(
                    where,
                    "id",
                    f"{LABELS.get(kind, kind)} {ident} kommt zweimal mit verschiedenen Angaben vor.",
                )
            )
        else:
            seen[seen_key].values.update({k: v for k, v in values.items() if v not in (None, "")})
        return ident
    seen[seen_key] = row
    out.add(row)
    return ident


# --- tables -> nested JSON ------------------------------------------------------------------

_OMIT = frozenset({"service.organization", "service.program", "service_at_location.service"})


def nest(tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Full organizations (with their services, each service with its places, times, ...)
    from tables of plain rows. Only what links down the tree is nested; empty fields are left
    out."""
    index: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    by_id: dict[tuple[str, str], dict[str, Any]] = {}
    for table, rows in tables.items():
        for r in rows:
            by_id[(table, r["id"])] = r
            for name, value in r.items():
                if value not in (None, "") and name.endswith("_id"):
                    index.setdefault((table, name, str(value)), []).append(r)

    def build(kind: str, row: dict[str, Any], parent: str | None) -> dict[str, Any]:
        obj = {k: v for k, v in row.items() if v not in (None, "")}
        for key, (child, _many, how) in NESTED[kind].items():
            if f"{kind}.{key}" in _OMIT:
                continue
            side, _, fk = how.partition(":")
            if side == "child":
                found = [
                    c for c in index.get((child, fk, row["id"]), [])
                    if key != "attributes" or c.get("link_entity", kind) == kind
                ]  # fmt: skip
                if found:
                    obj[key] = [build(child, c, kind) for c in found]
            elif row.get(fk) and (child, row[fk]) in by_id and child != parent:
                obj[key] = build(child, by_id[(child, row[fk])], kind)
        return obj

    return [build("organization", r, None) for r in tables.get("organization", [])]


# --- CSV --------------------------------------------------------------------------------


def write_csv_files(tables: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """The tabular form: file name -> CSV text (header of the table's fields, one row per
    object), for every table that has rows."""
    out = {}
    for table, rows in tables.items():
        if not rows:
            continue
        buf = io.StringIO()
        writer = csv.DictWriter(buf, FIELDS[table], extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _csv_value(v) for k, v in r.items() if k in FIELDS[table]})
        out[FILES[table]] = buf.getvalue()
    return out


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return str(value)


def read_csv_files(files: Iterable[tuple[str, str]]) -> Tables:
    """The tables of the tabular form from (file name, CSV text) pairs; a file that is no HSDS
    table, or a column no field of its table, is a problem. Empty cells are absent values."""
    out = Tables()
    for name, text in files:
        table = TABLE_OF_FILE.get(name)
        if table is None:
            out.problems.append(
                Problem(name, "", f"„{name}“ ist keine Tabelle von HSDS {VERSION}.")
            )
            continue
        try:
            _read_table(out, name, table, text)
        except csv.Error as exc:  # a cell over the csv module's limit, a broken quote
            out.problems.append(Problem(name, "", f"Keine lesbare CSV-Datei ({exc})."))
    return out


def _read_table(out: Tables, name: str, table: str, text: str) -> None:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = reader.fieldnames or []
    unknown = [c for c in columns if c not in FIELDS[table]]
    for c in unknown:
        out.problems.append(Problem(name, c, f"Spalte „{c}“ ist in HSDS {VERSION} unbekannt."))
    for line, raw in enumerate(reader, 2):
        values = {
            k: spreadsheet_text(v)
            for k, v in raw.items()
            if k in FIELDS[table] and isinstance(v, str) and v != ""
        }
        if None in raw:
            out.problems.append(Problem(f"{name}, Zeile {line}", "", "Mehr Werte als Spalten."))
        where = f"{name}, Zeile {line}"
        if not values.get("id"):
            out.problems.append(Problem(where, "id", "Die Kennung (id) fehlt."))
            continue
        out.add(Row(table, values, where))
