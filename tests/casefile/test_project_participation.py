"""Project participations and funder templates (issue 21), from docs/reports.md ("Funder lists")."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from casefile import catalogs, funders
from casefile.records import ProjectParticipation
from casefile.validation import validate
from casefile.wire import check_fields, german_reason

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 3, 2)


def _errors(part: ProjectParticipation) -> dict[str, str]:
    return {e.field: e.message for e in validate(part, DAY)}


def test_a_participation_needs_client_project_unit_and_start():
    assert _errors(ProjectParticipation("c1", "bleib_arbeit", DAY)) == {}
    errors = _errors(ProjectParticipation("", "", None))  # type: ignore[arg-type]
    assert errors == {
        "client_id": "Bitte ausfüllen.",
        "project": "Bitte ausfüllen.",
        "started_on": "Bitte ausfüllen.",
    }
    assert "project" in _errors(ProjectParticipation("c1", "no_such_project", DAY))


def test_the_end_is_not_before_the_start_and_comes_with_an_exit_reason():
    part = ProjectParticipation("c1", "bleib_arbeit", DAY)
    before = ProjectParticipation("c1", "bleib_arbeit", DAY, ended_on=DAY - dt.timedelta(1))
    before.exit_reason = "completed"
    assert _errors(before) == {"ended_on": "Das Enddatum liegt vor dem Anfangsdatum."}
    same_day = ProjectParticipation("c1", "bleib_arbeit", DAY, ended_on=DAY, exit_reason="moved")
    assert _errors(same_day) == {}
    no_reason = ProjectParticipation("c1", "bleib_arbeit", DAY, ended_on=DAY)
    assert "Austrittsgrund" in _errors(no_reason)["exit_reason"]
    part.exit_reason = "work_taken_up"  # a reason without an end
    assert "Austrittsdatum" in _errors(part)["exit_reason"]
    part.ended_on, part.exit_reason = DAY, "nonsense"
    assert "exit_reason" in _errors(part)


def test_the_participation_is_its_projects_units():
    wrong = ProjectParticipation("c1", "bleib_arbeit", DAY, unit="integration")
    assert _errors(wrong) == {"unit": "Das Projekt wird vom Sachgebiet „Projekte“ geführt."}


def test_the_server_names_the_fields_in_german():
    stored = {
        "client_id": "01a245ff-0000-7000-8000-000000000001",
        "project": "bleib_arbeit",
        "unit": "projects",
        "started_on": "2026-03-02",
        "ended_on": None,
        "exit_reason": "",
        "note": "",
    }
    errors = check_fields(
        "project_participation", stored, {"ended_on": "2026-03-01", "exit_reason": "moved"}, DAY
    )
    assert german_reason(errors, "project_participation") == (
        "Ungültige Angaben: Austritt (Das Enddatum liegt vor dem Anfangsdatum)."
    )
    # Changing the start alone re-checks the end it is read with.
    ended = {**stored, "ended_on": "2026-03-05", "exit_reason": "moved"}
    assert check_fields("project_participation", ended, {"started_on": "2026-03-09"}, DAY)


def test_every_project_is_the_projects_units_and_has_its_funders_template():
    for entry in catalogs.load("project").entries:
        assert entry.extra["unit"] in catalogs.load("unit")
        assert funders.load(entry.extra["funder"]).funder == entry.extra["funder"]
    for code in ("work_taken_up", "training", "moved", "dropped_out", "completed"):
        assert code in catalogs.load("exit_reason")


def test_every_shipped_template_is_usable():
    names = funders.available()
    assert len(names) >= 2
    for name in names:
        template = funders.load(name)
        assert template.columns and all(c.header for c in template.columns)
        assert {c.field for c in template.columns} <= set(funders.FIELDS)
    # The funders word their columns differently: the layouts differ.
    layouts = {tuple(c.field for c in funders.load(n).columns) for n in names}
    assert len(layouts) == len(names)


def test_a_template_with_an_unknown_field_is_refused_naming_field_and_file(tmp_path):
    data = json.loads((funders.TEMPLATE_DIR / "esf_plus.json").read_text(encoding="utf-8"))
    data["funder"] = "neu"
    data["columns"].append({"field": "religion", "header": "Religion"})
    (tmp_path / "neu.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(funders.TemplateError) as refused:
        funders.load("neu", tmp_path)
    message = str(refused.value)
    assert "„religion“" in message and "„neu.json“" in message
    assert message.startswith("Die Förderer-Vorlage")
    with pytest.raises(funders.TemplateError, match="Keine Förderer-Vorlage „../etc“"):
        funders.load("../etc", tmp_path)
    with pytest.raises(funders.TemplateError, match="unbekannten Zeitraum"):
        funders.parse({**data, "period": "week", "columns": data["columns"][:1]}, "x.json")


def test_every_field_is_documented():
    doc = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    section = doc.split("## Funder lists", 1)[1].split("### Fields", 1)[1].split("\n### ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))
    assert documented == set(funders.FIELDS)
