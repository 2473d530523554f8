"""Funder templates (issue 21): how a funder wants its participant list laid out.

A template is data, one JSON file per funder in ``resources/reports/funders/``::

    {"funder": "esf_plus", "name": "Europäischer Sozialfonds Plus (ESF Plus)",
     "title": "Teilnehmendenliste ESF Plus", "period": "quarter",
     "columns": [{"field": "number", "header": "Nr."}, ...]}

``funder`` is the file's name (the ``funder`` of a project in the catalog ``project`` names
it); each column is one of :data:`FIELDS` with the header as the funder words it. A template
naming another field is refused with a German message naming the field and the file, so a
list is never silently missing a column. What each field holds: docs/reports.md "Funder lists".
Pure Python: the server computes the lists, the desktop's dialog reads the templates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from resources import path as resource_path

TEMPLATE_DIR = resource_path("reports", "funders")

# The fields a column may show (docs/reports.md "Funder lists" says what each holds).
FIELDS = (
    "number",
    "family_name",
    "given_names",
    "birth_date",
    "sex",
    "nationality",
    "started_on",
    "ended_on",
    "exit_reason",
    "contacts",
    "hours",
    "days_in_period",
    "project",
    "unit",
)
PERIODS = ("quarter", "month", "any")


class TemplateError(ValueError):
    """A funder template that cannot be used; the message is German and names the file."""


@dataclass(frozen=True)
class Column:
    field: str
    header: str


@dataclass(frozen=True)
class Template:
    funder: str
    name: str  # the funder's name in German
    title: str
    columns: tuple[Column, ...]
    period: str = "any"
    file: str = ""


def parse(data: object, file: str) -> Template:
    """The template in *data* (a file's JSON), or TemplateError naming *file*."""
    if not isinstance(data, dict):
        raise TemplateError(f"Die Förderer-Vorlage „{file}“ ist kein JSON-Objekt.")
    funder, title = data.get("funder"), data.get("title")
    if not isinstance(funder, str) or not funder or not isinstance(title, str) or not title:
        raise TemplateError(f"Der Förderer-Vorlage „{file}“ fehlt „funder“ oder „title“.")
    period = data.get("period", "any")
    if period not in PERIODS:
        raise TemplateError(
            f"Die Förderer-Vorlage „{file}“ nennt den unbekannten Zeitraum „{period}“ "
            f"(bekannt: {', '.join(PERIODS)})."
        )
    raw = data.get("columns")
    if not isinstance(raw, list) or not raw:
        raise TemplateError(f"Die Förderer-Vorlage „{file}“ hat keine Spalten.")
    columns = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("header"), str):
            raise TemplateError(
                f"Spalte {n} der Förderer-Vorlage „{file}“ braucht „field“ und „header“."
            )
        name = item.get("field")
        if name not in FIELDS:
            raise TemplateError(
                f"Die Förderer-Vorlage „{file}“ nennt das unbekannte Feld „{name}“ "
                f"(Spalte {n}). Bekannte Felder: {', '.join(FIELDS)}."
            )
        columns.append(Column(str(name), item["header"]))
    return Template(
        funder, str(data.get("name") or funder), title, tuple(columns), str(period), file
    )


def load(name: str, directory: Path | None = None) -> Template:
    """The template of funder *name* (its file ``<name>.json``); TemplateError if there is no
    such template or it is not usable."""
    folder = directory or TEMPLATE_DIR
    path = folder / f"{name}.json"
    if not name.replace("_", "").isalnum() or not path.is_file():
        raise TemplateError(f"Keine Förderer-Vorlage „{name}“ vorhanden.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TemplateError(f"Die Förderer-Vorlage „{path.name}“ ist nicht lesbar: {exc}") from exc
    template = parse(data, path.name)
    if template.funder != name:
        raise TemplateError(
            f"Die Förderer-Vorlage „{path.name}“ nennt den Förderer „{template.funder}“."
        )
    return template


def available(directory: Path | None = None) -> list[str]:
    """The names of the funder templates there are (file names without ``.json``)."""
    return sorted(p.stem for p in (directory or TEMPLATE_DIR).glob("*.json"))
