"""What the server refused, as a person reads it on the record (issue 16, finding 2).

A refused change is not a conflict: it stays on this laptop (``sync_rejection``) and is shown
where the record is -- the timeline card, the consultation's view, the section tables -- with
what was refused, why in plain German (who may do it, from the rules the laptop keeps), and
the record's readable text to hand to the right unit. Never a raw code, an id or an ISO time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from casefile import wire
from casefile.sync import REASONS
from desktop.ui.formatting import date_text, datetime_text
from desktop.ui.forms import catalog_label, refusal_text

CONTEXT = "refusals"
MARK = QT_TRANSLATE_NOOP("refusals", "Vom Server nicht übernommen")

# Reasons the write rules give: the laptop names why and who may (desktop.permissions).
RULE_REASONS = frozenset({"forbidden", "consent_recorder", "erase_only", "form_reference"})
# Reasons whose detail the server writes as a German sentence (the others' detail is a code).
SENTENCE_DETAILS = frozenset(
    {
        "invalid_value",
        "unknown_assignee",
        "assignee_unit_mismatch",
        "unknown_mediator",
        "referral_consent",
    }
)

KIND_LABELS = {
    "client": QT_TRANSLATE_NOOP("refusals", "Stammdaten"),
    "client_alias": QT_TRANSLATE_NOOP("refusals", "Namensvariante"),
    "client_identifier": QT_TRANSLATE_NOOP("refusals", "Aktenzeichen"),
    "residence_status": QT_TRANSLATE_NOOP("refusals", "Aufenthaltsstatus"),
    "household_link": QT_TRANSLATE_NOOP("refusals", "Haushalt"),
    "consultation": QT_TRANSLATE_NOOP("refusals", "Beratung"),
    "referral": QT_TRANSLATE_NOOP("refusals", "Verweisung"),
    "task": QT_TRANSLATE_NOOP("refusals", "Wiedervorlage"),
    "consent": QT_TRANSLATE_NOOP("refusals", "Einwilligung"),
    # --- issue 20: support plan ---
    "support_plan": QT_TRANSLATE_NOOP("refusals", "Förderplan"),
    "plan_goal": QT_TRANSLATE_NOOP("refusals", "Ziel im Förderplan"),
    "plan_step": QT_TRANSLATE_NOOP("refusals", "Schritt im Förderplan"),
    "plan_review": QT_TRANSLATE_NOOP("refusals", "Überprüfung des Förderplans"),
    # --- issue 21: project participation ---
    "project_participation": QT_TRANSLATE_NOOP("refusals", "Projektteilnahme"),
}

LABELS = {
    "family_name": QT_TRANSLATE_NOOP("refusals", "Familienname"),
    "given_names": QT_TRANSLATE_NOOP("refusals", "Vornamen"),
    "birth_name": QT_TRANSLATE_NOOP("refusals", "Geburtsname"),
    "birth_date": QT_TRANSLATE_NOOP("refusals", "Geburtsdatum"),
    "birth_place": QT_TRANSLATE_NOOP("refusals", "Geburtsort"),
    "sex": QT_TRANSLATE_NOOP("refusals", "Geschlecht"),
    "nationalities": QT_TRANSLATE_NOOP("refusals", "Staatsangehörigkeiten"),
    "phone": QT_TRANSLATE_NOOP("refusals", "Telefon"),
    "address": QT_TRANSLATE_NOOP("refusals", "Anschrift"),
    "started_at": QT_TRANSLATE_NOOP("refusals", "Datum"),
    "duration_min": QT_TRANSLATE_NOOP("refusals", "Dauer"),
    "unit": QT_TRANSLATE_NOOP("refusals", "Sachgebiet"),
    "caseworker": QT_TRANSLATE_NOOP("refusals", "Berater:in"),
    "location": QT_TRANSLATE_NOOP("refusals", "Ort"),
    "kind": QT_TRANSLATE_NOOP("refusals", "Art"),
    "topics": QT_TRANSLATE_NOOP("refusals", "Themen"),
    "language": QT_TRANSLATE_NOOP("refusals", "Sprache"),
    "mediator_used": QT_TRANSLATE_NOOP("refusals", "Sprachmittlung"),
    "mediator_name": QT_TRANSLATE_NOOP("refusals", "Sprachmittler:in"),
    "outcome": QT_TRANSLATE_NOOP("refusals", "Ergebnis"),
    "next_step": QT_TRANSLATE_NOOP("refusals", "Nächster Schritt"),
    "note": QT_TRANSLATE_NOOP("refusals", "Notiz"),
    "status": QT_TRANSLATE_NOOP("refusals", "Status"),
    "paragraph": QT_TRANSLATE_NOOP("refusals", "Paragraph"),
    "valid_from": QT_TRANSLATE_NOOP("refusals", "Gültig ab"),
    "valid_until": QT_TRANSLATE_NOOP("refusals", "Gültig bis"),
    "issuing_office": QT_TRANSLATE_NOOP("refusals", "Ausstellende Behörde"),
    "relation": QT_TRANSLATE_NOOP("refusals", "Beziehung"),
    "target": QT_TRANSLATE_NOOP("refusals", "Verwiesen an"),
    "reason": QT_TRANSLATE_NOOP("refusals", "Anlass"),
    "referred_on": QT_TRANSLATE_NOOP("refusals", "Verwiesen am"),
    "feedback": QT_TRANSLATE_NOOP("refusals", "Rückmeldung"),
    "due_date": QT_TRANSLATE_NOOP("refusals", "Fällig am"),
    "text": QT_TRANSLATE_NOOP("refusals", "Text"),
    "assignee": QT_TRANSLATE_NOOP("refusals", "Zuständig"),
    "assignee_unit": QT_TRANSLATE_NOOP("refusals", "Zuständiges Sachgebiet"),
    "done": QT_TRANSLATE_NOOP("refusals", "Erledigt"),
    "recipients": QT_TRANSLATE_NOOP("refusals", "Empfangende Stellen"),
    "categories": QT_TRANSLATE_NOOP("refusals", "Datenkategorien"),
    "purpose": QT_TRANSLATE_NOOP("refusals", "Zweck"),
    "given_on": QT_TRANSLATE_NOOP("refusals", "Erteilt am"),
    "withdrawn_on": QT_TRANSLATE_NOOP("refusals", "Widerrufen am"),
    "form_reference": QT_TRANSLATE_NOOP("refusals", "Formular"),
}
# Fields shown with a catalog's label instead of the code.
CATALOGS = {
    "unit": "unit",
    "assignee_unit": "unit",
    "recipients": "unit",
    "location": "location",
    "topics": "topic",
    "language": "language",
    "outcome": "outcome",
    "nationalities": "nationality",
    "categories": "data_category",
    "relation": "relation",
    ("consultation", "kind"): "consultation_kind",
    ("residence_status", "status"): "residence_status",
    ("referral", "status"): "referral_status",
    ("client_identifier", "type"): "identifier_type",
}
# Bookkeeping and links: nothing a person reads.
HIDDEN = frozenset(
    {
        "id",
        "client_id",
        "other_client_id",
        "consultation_id",
        "revision_of",
        "created_at",
        "updated_at",
        "last_contact_at",
        "deleted",
        "done_at",
        "merged_into",
        "merge_id",
        "value_norm",
        "birth_date_precision",
    }
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def mark() -> str:
    return _tr(MARK)


def kind_label(kind: str) -> str:
    return (
        _tr(KIND_LABELS[kind])
        if kind in KIND_LABELS
        else _tr(QT_TRANSLATE_NOOP("refusals", "Eintrag"))
    )


def reason_text(rejection, permissions=None) -> str:
    """Why the server refused, in plain German: for a rule, what it allows and who may
    (``permissions.refusal``); otherwise the reason's sentence. Never a code."""
    if rejection.reason in RULE_REASONS and permissions is not None:
        fields = dict(rejection.fields)
        if rejection.op == "delete":
            refusal = permissions.refusal(rejection.kind, fields, None)
        else:
            refusal = permissions.refusal(rejection.kind, None, fields)
        if refusal is not None:
            return refusal_text(refusal)
    reason = REASONS.get(rejection.reason)
    text = (
        QCoreApplication.translate("sync", reason)
        if reason
        else _tr(QT_TRANSLATE_NOOP("refusals", "Der Server hat die Änderung nicht übernommen."))
    )
    detail = (rejection.detail or "").strip()
    if rejection.reason in SENTENCE_DETAILS and " " in detail:
        text = f"{text} {detail}"
    return text


def _catalog(kind: str, name: str) -> str | None:
    return CATALOGS.get((kind, name)) or CATALOGS.get(name)  # type: ignore[call-overload]


def value_text(kind: str, name: str, value: Any) -> str:
    """One value as a person reads it: dates dd.MM.yyyy, catalog labels, Ja/Nein."""
    if value is None or value == "" or value == []:
        return ""
    catalog = _catalog(kind, name)
    if isinstance(value, bool):
        return (
            _tr(QT_TRANSLATE_NOOP("refusals", "Ja"))
            if value
            else _tr(QT_TRANSLATE_NOOP("refusals", "Nein"))
        )
    if isinstance(value, dt.datetime):
        return _tr(QT_TRANSLATE_NOOP("refusals", "{when} Uhr")).format(when=datetime_text(value))
    if isinstance(value, dt.date):
        return date_text(value)
    if name == "duration_min" and isinstance(value, int):
        return _tr(QT_TRANSLATE_NOOP("refusals", "{n} Minuten")).format(n=value)
    if isinstance(value, list | tuple):
        parts = [value_text(kind, name, v) for v in value]
        return ", ".join(p for p in parts if p)
    text = getattr(value, "value", value)  # enums travel as their value
    if catalog and isinstance(text, str):
        return catalog_label(catalog, text) or text
    if not isinstance(text, str | int | float):
        return ""
    return str(text)


def record_lines(kind: str, fields: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of the refused record's fields a person reads, in the form's order."""
    try:
        _record, parsed, _errors = wire.parse_record(kind, dict(fields))
    except ValueError:
        parsed = {}
    lines = []
    for name in LABELS:
        if name in HIDDEN or name not in parsed:
            continue
        if name == "mediator_used" and not parsed[name]:
            continue  # "no mediator" says nothing
        text = value_text(kind, name, parsed[name])
        if text:
            lines.append((_tr(LABELS[name]), text))
    return lines


def record_text(rejection) -> str:
    """The refused record as plain text for the clipboard: what, for whom, and its values
    (date, unit, topics, next step, the note last), to hand it to the right unit."""
    head = kind_label(rejection.kind)
    if rejection.client_name:
        head = _tr(QT_TRANSLATE_NOOP("refusals", "{what} für {name}")).format(
            what=head, name=rejection.client_name
        )
    note_label = _tr(LABELS["note"])
    lines = [head]
    note = ""
    for label, value in record_lines(rejection.kind, rejection.fields):
        if label == note_label:
            note = value
        else:
            lines.append(f"{label}: {value}")
    if note:
        lines += ["", f"{note_label}:", note]
    return "\n".join(lines)


def by_record(rejections) -> dict[str, Any]:
    """The open refusals by record id (the newest per record)."""
    return {r.record_id: r for r in rejections if r.settled_at is None}
