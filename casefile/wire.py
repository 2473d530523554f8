"""The wire form of records and its check: the values an op may carry, by the forms' rules.

The **wire form** of a record is the row of the desktop's local store (:mod:`casefile.codec`),
which is what a device pushes and pulls (``casefile.sync.KIND_FIELDS`` names the fields):

* text: ``str``; catalog codes are text the validator looks up;
* dates: ``"YYYY-MM-DD"`` (exactly this form; "31.02.2026" and "2026-02-31" are not dates);
* date-times: ISO-8601 in UTC, ``"YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00"`` (or ``Z``) -- the
  protocol's times are UTC text, and text order must equal time order;
* lists (nationalities, languages, topics, recipients, categories): JSON *text* such as
  ``'["SY"]'``, or the JSON list itself; items are strings, languages are objects
  ``{"code": str, "interpreter_needed": bool}``;
* booleans: ``true``/``false`` or ``0``/``1``; integers: JSON integers (not booleans);
* ids: canonical lower-case UUIDs (:func:`casefile.ids.is_valid_id`).

``None`` is accepted where the row may hold NULL (optional dates, date-times and ids; the
bookkeeping times ``created_at``/``updated_at``); a missing required date or id is then the
validator's "Bitte ausfüllen." -- everywhere else ``None`` is a wrong type.

:func:`check_fields` parses a record strictly and runs the validator the desktop's forms run,
so the server stores only what a form could have saved. :func:`german_reason` words the result.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from casefile import validation
from casefile.ids import is_valid_id
from casefile.records import (  # issue 20: support plan
    Alias,
    Attendance,
    BirthDatePrecision,
    Client,
    Consent,
    Consultation,
    ConsultingHours,
    GroupSession,
    HoursEntry,
    HouseholdLink,
    Identifier,
    LanguageSkill,
    Mediator,
    MediatorBooking,
    MediatorLanguage,
    Offer,
    OfferHours,
    OfferLanguage,
    OfferPlace,
    OfferText,
    PlanGoal,
    PlanReview,
    PlanStep,
    ProjectParticipation,
    Provider,
    Referral,
    ResidenceStatus,
    ReviewedGoal,
    Sex,
    SupportPlan,
    Task,
    VettingItem,
    WalkInPhase,
    WalkInTicket,
)
from casefile.sync import KIND_FIELDS
from casefile.validation import FieldError

# Future-date checks (birth date, consultation start, referral and consent dates) allow one
# day ahead of the server's date: a device's clock may run fast, and a laptop in Berlin
# dates a consultation at 00:30 on a day that has not begun in UTC. Follow-up dates in the
# past are fine (``follow_up_past`` is a form's hint for new tasks only: a laptop that was
# offline for a week pushes tasks that were due meanwhile).
FUTURE_TOLERANCE = dt.timedelta(days=1)

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]{1,6})?(?:Z|\+00:00)"
)


_V = TypeVar("_V")


class _Invalid(Exception):
    """A wire value that does not parse into its field's type."""


# --- value parsers: wire value -> Python value, or _Invalid ------------------------------------


def _text(value: Any) -> str:
    if type(value) is not str:
        raise _Invalid
    return value


def _bool(value: Any) -> bool:
    if type(value) is bool:
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    raise _Invalid


def _int(value: Any) -> int:
    if type(value) is not int:
        raise _Invalid
    return value


def _iso(pattern: re.Pattern[str], parse: Callable[[str], _V]) -> Callable[[Any], _V | None]:
    """The parser of ISO text that matches *pattern* and that *parse* reads (None stays None)."""

    def parsed(value: Any) -> _V | None:
        if value is None:
            return None
        if type(value) is not str or not pattern.fullmatch(value):
            raise _Invalid
        try:
            return parse(value)
        except ValueError:
            raise _Invalid from None

    return parsed


_date = _iso(_DATE_RE, dt.date.fromisoformat)
_datetime = _iso(_DATETIME_RE, dt.datetime.fromisoformat)


def _id(value: Any) -> str | None:
    if value is None:
        return None
    if not is_valid_id(value):
        raise _Invalid
    return cast(str, value)


def _json_list(value: Any) -> list[Any]:
    if type(value) is str:
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            raise _Invalid from None
        # A list sent as JSON text may spell a NUL or a lone surrogate as an escape ("\\u0000"),
        # which the op's own check of its strings cannot see: refused here, as in any string.
        if _unstorable_inside(value):
            raise _Invalid
    if type(value) is not list:
        raise _Invalid
    return value


def _unstorable_inside(value: Any) -> bool:
    """Whether a decoded JSON value holds a string (or key) with a NUL or a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is str:
            if _UNSTORABLE.search(item):
                return True
        elif type(item) is list:
            stack.extend(item)
        elif type(item) is dict:
            stack.extend(item.keys())
            stack.extend(item.values())
    return False


def _text_list(value: Any) -> list[str]:
    items = _json_list(value)
    if not all(type(v) is str for v in items):
        raise _Invalid
    return items


def _languages(value: Any) -> list[LanguageSkill]:
    out = []
    for item in _json_list(value):
        if (
            type(item) is not dict
            or "code" not in item
            or set(item) - {"code", "interpreter_needed"}
        ):
            raise _Invalid
        out.append(LanguageSkill(_text(item["code"]), _bool(item.get("interpreter_needed", False))))
    return out


def _number(value: Any) -> float:
    if type(value) is int or (type(value) is float and value == value and abs(value) < 1e9):
        return float(value)
    raise _Invalid


def _objects(kind: type[Any]) -> Callable[[Any], list[Any]]:
    """A list of small objects (an offer's languages, places, hours, texts; a mediator's
    languages and vetting items): each an object of text fields -- date fields as
    ``"YYYY-MM-DD"`` or null -- with no keys the object does not have."""
    spec = {f.name: (_date if "date" in str(f.type) else _text) for f in dataclasses.fields(kind)}

    required = {
        f.name
        for f in dataclasses.fields(kind)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }

    def parse(value: Any) -> list[Any]:
        out = []
        for item in _json_list(value):
            if type(item) is not dict or set(item) - spec.keys() or required - set(item):
                raise _Invalid
            out.append(kind(**{k: spec[k](v) for k, v in item.items()}))
        return out

    parse.__name__ = f"objects_{kind.__name__}"
    return parse


def _enum(enum: type) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        try:
            return enum(_text(value))
        except ValueError:
            raise _Invalid from None

    return parse


# --- the fields of each kind ----------------------------------------------------------------

_T, _D, _DT, _B, _I, _ID, _L = _text, _date, _datetime, _bool, _int, _id, _text_list
_META = {"created_at": _DT}
_OFFER_LANGUAGES = _objects(OfferLanguage)
_PLACES = _objects(OfferPlace)
_HOURS = _objects(OfferHours)
_TEXTS = _objects(OfferText)
_MEDIATOR_LANGUAGES = _objects(MediatorLanguage)
_VETTING = _objects(VettingItem)

FIELD_TYPES: dict[str, dict[str, Callable[[Any], Any]]] = {
    "client": {
        "family_name": _T,
        "given_names": _T,
        "birth_name": _T,
        "birth_date": _D,
        "birth_date_precision": _enum(BirthDatePrecision),
        "birth_place": _T,
        "sex": _enum(Sex),
        "nationalities": _L,
        "languages": _languages,
        "phone": _T,
        "address": _T,
        "target_group": _T,
        "updated_at": _DT,
        "last_contact_at": _DT,
        "deleted": _B,
        **_META,
    },
    "client_alias": {"client_id": _ID, "family_name": _T, "given_names": _T, "kind": _T},
    "client_identifier": {"client_id": _ID, "type": _T, "value": _T, "value_norm": _T},
    "residence_status": {
        "client_id": _ID,
        "status": _T,
        "paragraph": _T,
        "valid_from": _D,
        "valid_until": _D,
        "issuing_office": _T,
        **_META,
    },
    "household_link": {"client_id": _ID, "other_client_id": _ID, "relation": _T},
    "consultation": {
        "client_id": _ID,
        "started_at": _DT,
        "duration_min": _I,
        "unit": _T,
        "caseworker": _T,
        "location": _T,
        "kind": _T,
        "topics": _L,
        "language": _T,
        "mediator_used": _B,
        "mediator_name": _T,
        "note": _T,
        "outcome": _T,
        "next_step": _T,
        "revision_of": _ID,
        "group_session_id": _ID,
        **_META,
    },
    "referral": {
        "client_id": _ID,
        "target": _T,
        "reason": _T,
        "referred_on": _D,
        "status": _T,
        "feedback": _T,
        "consultation_id": _ID,
        "target_kind": _T,
        "offer_id": _ID,
        "unit": _T,
        "topic": _T,
        "language": _T,
        "location": _T,
        "contact_by": _T,
        "consent_id": _ID,
        "failure_reason": _T,
        "referred_by": _T,
        "referring_unit": _T,
        "ticket_id": _ID,
        **_META,
    },
    "task": {
        "client_id": _ID,
        "due_date": _D,
        "text": _T,
        "assignee": _T,
        "assignee_unit": _T,
        "done": _B,
        "done_at": _DT,
        "consultation_id": _ID,
        **_META,
    },
    "consent": {
        "client_id": _ID,
        "recipients": _L,
        "categories": _L,
        "purpose": _T,
        "given_on": _D,
        "valid_until": _D,
        "withdrawn_on": _D,
        "form_reference": _T,
        **_META,
    },
    "walk_in_ticket": {
        "location": _T,
        "day": _D,
        "number": _T,
        "arrived_at": _DT,
        "concern": _T,
        "unit": _T,
        "status": _T,
        "language": _T,
        "interpreter": _B,
        "priority": _L,
        "client_id": _ID,
        "desk": _T,
        "called_by": _T,
        "hops": _I,
        **_META,
    },
    "walk_in_phase": {
        "ticket_id": _ID,
        "location": _T,
        "phase": _T,
        "at": _DT,
        "unit": _T,
        "staff": _T,
        "to_unit": _T,
        "desk": _T,
        "reason": _T,
        "client_id": _ID,
        **_META,
    },
    "provider": {
        "name": _T,
        "description": _T,
        "website": _T,
        "email": _T,
        "phone": _T,
        "address": _T,
        "unit": _T,
        **_META,
    },
    "offer": {
        "provider_id": _ID,
        "name": _T,
        "topics": _L,
        "description": _T,
        "target_groups": _L,
        "eligibility": _T,
        "languages": _OFFER_LANGUAGES,
        "places": _PLACES,
        "hours": _HOURS,
        "appointment_only": _B,
        "contact_name": _T,
        "phone": _T,
        "email": _T,
        "website": _T,
        "cost": _T,
        "accessibility": _T,
        "what_to_bring": _T,
        "translations": _TEXTS,
        "verified_on": _D,
        "verified_by": _T,
        "active": _B,
        **_META,
    },
    "mediator": {
        "family_name": _T,
        "given_names": _T,
        "kind": _T,
        "languages": _MEDIATOR_LANGUAGES,
        "settings": _L,
        "areas": _L,
        "availability": _T,
        "phone": _T,
        "email": _T,
        "address": _T,
        "vetting": _VETTING,
        "own_client_id": _ID,
        "active": _B,
        "note": _T,
        **_META,
    },
    "mediator_booking": {
        "language": _T,
        "starts_at": _DT,
        "unit": _T,
        "client_id": _ID,
        "duration_min": _I,
        "setting": _T,
        "location": _T,
        "address": _T,
        "mediator_id": _ID,
        "mediator_name": _T,
        "status": _T,
        "requested_by": _T,
        "consultation_id": _ID,
        "ticket_id": _ID,
        "note": _T,
        **_META,
    },
    "hours_entry": {
        "mediator_id": _ID,
        "worked_on": _D,
        "minutes": _I,
        "unit": _T,
        "km": _number,
        "allowance_cents": _I,
        "booking_id": _ID,
        "consultation_id": _ID,
        "status": _T,
        "reviewed_by": _T,
        "paid_on": _D,
        "note": _T,
        **_META,
    },
}

RECORD_CLASSES: dict[str, type] = {
    "client": Client,
    "client_alias": Alias,
    "client_identifier": Identifier,
    "residence_status": ResidenceStatus,
    "household_link": HouseholdLink,
    "consultation": Consultation,
    "referral": Referral,
    "task": Task,
    "consent": Consent,
    "walk_in_ticket": WalkInTicket,
    "walk_in_phase": WalkInPhase,
    "provider": Provider,
    "offer": Offer,
    "mediator": Mediator,
    "mediator_booking": MediatorBooking,
    "hours_entry": HoursEntry,
}
# --- issue 20: support plan ---
_REVIEWED_GOALS = _objects(ReviewedGoal)
FIELD_TYPES.update(
    {
        "support_plan": {
            "client_id": _ID,
            "unit": _T,
            "started_on": _D,
            "case_manager": _T,
            "status": _T,
            "next_review": _D,
            "language": _T,
            "signed_on": _D,
            "signed_reference": _T,
            "note": _T,
            **_META,
        },
        "plan_goal": {
            "plan_id": _ID,
            "client_id": _ID,
            "unit": _T,
            "area": _T,
            "text": _T,
            "achievement": _T,
            "target_date": _D,
            **_META,
        },
        "plan_step": {
            "plan_id": _ID,
            "goal_id": _ID,
            "client_id": _ID,
            "text": _T,
            "owner_kind": _T,
            "unit": _T,
            "plan_unit": _T,
            "due_date": _D,
            "assignee": _T,
            "offer_id": _ID,
            "status": _T,
            "done_on": _D,
            "area": _T,
            **_META,
        },
        "plan_review": {
            "plan_id": _ID,
            "client_id": _ID,
            "unit": _T,
            "reviewed_on": _D,
            "reviewed_by": _T,
            "note": _T,
            "goals": _REVIEWED_GOALS,
            "next_review": _D,
            **_META,
        },
    }
)
RECORD_CLASSES.update(
    {
        "support_plan": SupportPlan,
        "plan_goal": PlanGoal,
        "plan_step": PlanStep,
        "plan_review": PlanReview,
    }
)
# The value a record gets for a required field that is missing or did not parse: empty, so the
# validator says "Bitte ausfüllen." where it is required.
_EMPTY: dict[Callable[[Any], Any], Any] = {
    _T: "",
    _D: None,
    _DT: None,
    _ID: None,
    _L: [],
    _languages: [],
    _OFFER_LANGUAGES: [],
    _PLACES: [],
    _HOURS: [],
    _TEXTS: [],
    _MEDIATOR_LANGUAGES: [],
    _VETTING: [],
    _number: 0.0,
    _B: False,
    _I: 0,
}
_EMPTY[_REVIEWED_GOALS] = []  # issue 20: support plan

# Errors the validator reports under one field that depend on other fields as well: an edit of
# any of them counts (changing the precision to "unknown" under a stored birth date).
_DEPENDS: dict[tuple[str, str, str], frozenset[str]] = {
    ("client", "family_name", "name_required"): frozenset({"family_name", "given_names"}),
    ("client", "birth_date", "date_for_unknown"): frozenset({"birth_date", "birth_date_precision"}),
    ("client", "birth_date", "date_required_for_precision"): frozenset(
        {"birth_date", "birth_date_precision"}
    ),
    ("client_alias", "family_name", "name_required"): frozenset({"family_name", "given_names"}),
    ("client_identifier", "value", "azr_format"): frozenset({"type", "value"}),
    ("consultation", "language", "mediator_language"): frozenset({"language", "mediator_used"}),
    ("consent", "valid_until", "end_before_start"): frozenset({"given_on", "valid_until"}),
    ("consent", "withdrawn_on", "end_before_start"): frozenset({"given_on", "withdrawn_on"}),
    ("residence_status", "valid_until", "end_before_start"): frozenset(
        {"valid_from", "valid_until"}
    ),
    ("household_link", "other_client_id", "self_link"): frozenset({"client_id", "other_client_id"}),
}
# --- issue 20: support plan ---
_DEPENDS.update(
    {
        ("support_plan", "signed_reference", "signed_reference_required"): frozenset(
            {"signed_on", "signed_reference"}
        ),
        ("plan_step", "assignee", "step_assignee"): frozenset({"owner_kind", "assignee"}),
        ("plan_step", "offer_id", "target_offer"): frozenset({"owner_kind", "offer_id"}),
        ("plan_step", "unit", "target_unit"): frozenset({"owner_kind", "unit"}),
    }
)


def _validate(kind: str, record: Any, today: dt.date) -> list[FieldError]:
    if kind == "client_alias":
        errors = validation.validate_alias(record, today)
    elif kind == "client_identifier":
        errors = validation.validate_identifier(record, today)
    else:
        return validation.validate(record, today)  # a task without new=True: no follow_up_past
    if not record.client_id:
        errors.insert(0, FieldError("client_id", "required"))
    return errors


def parse_record(kind: str, values: dict[str, Any]) -> tuple[Any, dict[str, Any], list[FieldError]]:
    """Parse wire *values* of *kind* strictly: (record, every parsed value by field, errors).

    The record is the casefile dataclass (``Alias``/``Identifier`` with a ``client_id``
    attribute for the two child kinds); fields that are missing or do not parse get their
    default, or an empty value where the dataclass has none. ``errors`` holds one
    ``invalid_value`` per value that does not parse or is not a field of the kind; keys
    ``id`` are ignored. A field ``casefile.sync.KIND_FIELDS`` has and :data:`FIELD_TYPES`
    does not (a newer record schema half-way in) passes unchecked; a test keeps the two equal.
    Raises ``ValueError`` only for an unknown *kind*.
    """
    types = FIELD_TYPES.get(kind)
    if types is None:
        raise ValueError(f"unknown record kind {kind!r}")
    parsed: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, value in values.items():
        if name == "id":
            continue
        parse = types.get(name)
        if parse is None and name in KIND_FIELDS.get(kind, ()):
            parsed[name] = value
            continue
        try:
            if parse is None:
                raise _Invalid
            parsed[name] = parse(value)
        except (_Invalid, RecursionError):
            errors.append(FieldError(str(name), "invalid_value"))
    cls = RECORD_CLASSES[kind]
    args: dict[str, Any] = {"id": ""}
    for f in dataclasses.fields(cls):
        if f.name in parsed:
            args[f.name] = parsed[f.name]
        elif (
            f.name in types
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ):
            empty = _EMPTY[types[f.name]]
            args[f.name] = list(empty) if isinstance(empty, list) else empty
    record = cls(**args)
    if kind in ("client_alias", "client_identifier"):
        record.client_id = parsed.get("client_id")
    return record, parsed, errors


def check_fields(
    kind: str, before: dict[str, Any] | None, fields: dict[str, Any], today: dt.date | None = None
) -> list[FieldError]:
    """The errors of a create (*before* ``None``) or an update of a *kind* record, by the
    forms' rules; empty if the op may be stored.

    The record ``{**before, **fields}`` is parsed strictly (a wrong type, an impossible date,
    a list that is not a list of strings, an unknown enum value: ``invalid_value`` on that
    field; fields the kind does not have are ``invalid_value`` too) and then checked with
    :func:`casefile.validation.validate` (tasks without ``new``: no ``follow_up_past``), or,
    for ``client_alias``/``client_identifier``, with the per-alias and per-identifier checks
    :func:`~casefile.validation.validate_client` makes (plus a required ``client_id``).

    Only errors on fields in *fields* are returned -- or on a field whose rule also reads one
    of them (precision and birth date, start and end dates, mediator and language, client and
    other client) -- so a stored record that is already invalid does not block an unrelated
    edit; a rule that reads a stored value which does not parse is skipped. Future dates are
    allowed up to :data:`FUTURE_TOLERANCE` after *today* (the server's date; default: today).
    Never raises for any JSON values; ``ValueError`` for an unknown *kind* only.
    """
    merged = {**(before or {}), **fields}
    if before is not None:  # what the server holds may include keys the kind does not have
        known = FIELD_TYPES.get(kind, {}).keys() | KIND_FIELDS.get(kind, set())
        merged = {k: v for k, v in merged.items() if k in fields or k in known}
    record, _parsed, errors = parse_record(kind, merged)
    broken = {e.field for e in errors}
    checked = [
        e
        for e in _validate(kind, record, (today or dt.date.today()) + FUTURE_TOLERANCE)
        if not (_DEPENDS.get((kind, e.field, e.code), {e.field}) & broken)
    ]
    errors += checked
    if before is None:
        return errors
    return [e for e in errors if _DEPENDS.get((kind, e.field, e.code), {e.field}) & fields.keys()]


# German names of the fields, for :func:`german_reason` (the labels of the desktop's forms).
FIELD_LABELS: dict[str, str] = {
    "family_name": "Familienname",
    "given_names": "Vorname(n)",
    "birth_name": "Geburtsname",
    "birth_date": "Geburtsdatum",
    "birth_date_precision": "Genauigkeit des Geburtsdatums",
    "birth_place": "Geburtsort",
    "sex": "Geschlecht",
    "nationalities": "Staatsangehörigkeit",
    "languages": "Sprachen",
    "phone": "Telefon",
    "address": "Anschrift / Unterkunft",
    "target_group": "Zielgruppe",
    "created_at": "Angelegt am",
    "updated_at": "Geändert am",
    "last_contact_at": "Letzter Kontakt",
    "deleted": "Gelöscht",
    "client_id": "Klient:in",
    "kind": "Art",
    "type": "Art der Kennung",
    "value": "Nummer / Aktenzeichen",
    "value_norm": "Nummer (normalisiert)",
    "status": "Status",
    "paragraph": "Paragraph",
    "valid_from": "Gültig ab",
    "valid_until": "Gültig bis",
    "issuing_office": "Ausstellende Behörde",
    "other_client_id": "Verknüpfte Person",
    "relation": "Beziehung",
    "started_at": "Beginn",
    "duration_min": "Dauer",
    "unit": "Sachgebiet",
    "caseworker": "Bearbeiter:in",
    "location": "Ort",
    "topics": "Themen",
    "language": "Sprache",
    "mediator_used": "Sprachmittlung",
    "mediator_name": "Sprachmittler:in",
    "note": "Notiz",
    "outcome": "Ergebnis",
    "next_step": "Nächster Schritt",
    "revision_of": "Korrektur von",
    "target": "Verwiesen an",
    "reason": "Anlass",
    "referred_on": "Verwiesen am",
    "feedback": "Rückmeldung",
    "consultation_id": "Beratung",
    "due_date": "Fällig am",
    "text": "Text",
    "assignee": "Zuständig",
    "assignee_unit": "Zuständiges Sachgebiet",
    "done": "Erledigt",
    "done_at": "Erledigt am",
    "recipients": "Empfangende Stellen",
    "categories": "Datenkategorien",
    "purpose": "Zweck",
    "given_on": "Erteilt am",
    "withdrawn_on": "Widerrufen am",
    "form_reference": "Formular",
    "aliases": "Andere Namen und Schreibweisen",
    "identifiers": "Kennungen",
    "day": "Tag",
    "number": "Wartenummer",
    "arrived_at": "Angekommen",
    "concern": "Anliegen",
    "interpreter": "Dolmetschbedarf",
    "priority": "Vorrang",
    "desk": "Raum / Platz",
    "called_by": "Aufgerufen von",
    "hops": "Weiterleitungen",
    "ticket_id": "Wartemarke",
    "phase": "Stand",
    "at": "Zeitpunkt",
    "staff": "Mitarbeiter:in",
    "to_unit": "Weitergeleitet an",
    "target_kind": "Art des Ziels",
    "offer_id": "Angebot",
    "contact_by": "Kontaktaufnahme durch",
    "consent_id": "Einwilligung",
    "failure_reason": "Grund (nicht erfolgreich)",
    "referred_by": "Verwiesen von",
    "referring_unit": "Verweisendes Sachgebiet",
    "topic": "Thema",
    "name": "Name",
    "description": "Beschreibung",
    "website": "Webseite",
    "email": "E-Mail",
    "provider_id": "Träger",
    "target_groups": "Zielgruppen",
    "eligibility": "Voraussetzungen",
    "places": "Orte",
    "hours": "Zeiten",
    "appointment_only": "Nur mit Termin",
    "contact_name": "Ansprechperson",
    "cost": "Kosten",
    "accessibility": "Barrierefreiheit",
    "what_to_bring": "Mitzubringen",
    "translations": "Übersetzungen",
    "verified_on": "Geprüft am",
    "verified_by": "Geprüft von",
    "active": "Aktiv",
    "settings": "Einsatzformen",
    "areas": "Einsatzgebiet",
    "availability": "Verfügbarkeit",
    "vetting": "Nachweise",
    "starts_at": "Termin",
    "setting": "Einsatzform",
    "mediator_id": "Sprachmittler:in",
    "requested_by": "Angefragt von",
    "worked_on": "Einsatztag",
    "minutes": "Minuten",
    "km": "Kilometer",
    "allowance_cents": "Aufwandsentschädigung",
    "booking_id": "Buchung",
    "reviewed_by": "Geprüft von",
    "paid_on": "Ausgezahlt am",
    "own_client_id": "Eigene Klientenakte",
}
# --- issue 20: support plan ---
FIELD_LABELS.update(
    {
        "started_on": "Begonnen am",
        "case_manager": "Fallmanager:in",
        "next_review": "Nächste Überprüfung",
        "signed_on": "Unterschrieben am",
        "signed_reference": "Aktenzeichen des unterschriebenen Plans",
        "plan_id": "Förderplan",
        "goal_id": "Ziel",
        "area": "Bereich",
        "achievement": "Zielerreichung",
        "target_date": "Zieldatum",
        "owner_kind": "Wer erledigt den Schritt",
        "plan_unit": "Sachgebiet des Förderplans",
        "done_on": "Erledigt am",
        "reviewed_on": "Überprüft am",
        "goals": "Ziele",
    }
)


# --- issue 20: group sessions ---
FIELD_TYPES["group_session"] = {
    "unit": _T,
    "title": _T,
    "topic": _T,
    "starts_at": _DT,
    "location": _T,
    "duration_min": _I,
    "series_id": _ID,
    "series_no": _I,
    "series_count": _I,
    "languages": _L,
    "facilitator": _T,
    "mediator_name": _T,
    "participant_ids": _L,
    "anonymous_count": _I,
    "note": _T,
    "recorded": _B,
    **_META,
}
FIELD_TYPES["attendance"] = {
    "session_id": _ID,
    "client_id": _ID,
    "unit": _T,
    "status": _T,
    "hours": _number,
    "consultation_id": _ID,
    "topic": _T,
    **_META,
}
RECORD_CLASSES["group_session"] = GroupSession
RECORD_CLASSES["attendance"] = Attendance
FIELD_LABELS.update(
    {
        "title": "Titel",
        "series_id": "Reihe",
        "series_no": "Nr. in der Reihe",
        "series_count": "Termine der Reihe",
        "facilitator": "Leitung",
        "participant_ids": "Teilnehmende",
        "anonymous_count": "Teilnehmende ohne Akte",
        "recorded": "Teilnahme erfasst",
        "session_id": "Gruppentermin",
        "group_session_id": "Gruppentermin",
    }
)
# Where one field name means different things in different kinds (an offer's "hours" are its
# times, an attendance's the hours present): the label of (kind, field) comes first.
KIND_FIELD_LABELS: dict[tuple[str, str], str] = {("attendance", "hours"): "Stunden"}


def german_reason(errors: list[FieldError], kind: str | None = None) -> str:
    """One short German sentence naming each field with its problem, e.g.
    ``Ungültige Angaben: Geburtsdatum (Ungültiger Wert), Telefon (Telefonnummer: ...).``;
    empty for no errors. Other field names are shown as they are, cut to 40 characters and
    without NUL or lone surrogates (the reason is stored and sent back)."""
    parts: list[str] = []
    for e in errors:
        label = (
            KIND_FIELD_LABELS.get((kind or "", e.field))
            or FIELD_LABELS.get(e.field)
            or _UNSTORABLE.sub("\ufffd", str(e.field)[:40])
        )
        part = f"{label} ({e.message.rstrip('.')})"
        if part not in parts:
            parts.append(part)
    return f"Ungültige Angaben: {', '.join(parts)}." if parts else ""


# --- issue 20: consulting hours -----------------------------------------------------------------


def _date_list(value: Any) -> list[dt.date]:
    """A list of dates (a consulting hour's exceptions and extra dates): each ``"YYYY-MM-DD"``."""
    out = []
    for item in _json_list(value):
        day = _date(item)
        if day is None:
            raise _Invalid
        out.append(day)
    return out


FIELD_TYPES["consulting_hours"] = {
    "unit": _T,
    "location": _T,
    "kind": _T,
    "rrule": _T,
    "opens": _T,
    "closes": _T,
    "valid_from": _D,
    "valid_until": _D,
    "exceptions": _date_list,
    "extra_dates": _date_list,
    "note": _T,
    "active": _B,
    **_META,
}
RECORD_CLASSES["consulting_hours"] = ConsultingHours
_EMPTY[_date_list] = []
_DEPENDS[("consulting_hours", "closes", "hours_times")] = frozenset({"opens", "closes"})
_DEPENDS[("plan_step", "unit", "step_plan_unit")] = frozenset({"unit", "owner_kind", "plan_unit"})
_DEPENDS[("consulting_hours", "valid_until", "end_before_start")] = frozenset(
    {"valid_from", "valid_until"}
)
_DEPENDS[("consulting_hours", "rrule", "hours_rule_or_dates")] = frozenset({"rrule", "extra_dates"})
FIELD_LABELS.update(
    {
        "rrule": "Regel",
        "opens": "Beginn (Uhrzeit)",
        "closes": "Ende (Uhrzeit)",
        "exceptions": "Ausfälle",
        "extra_dates": "Zusätzliche Termine",
    }
)


# --- issue 21: project participation ---
FIELD_TYPES["project_participation"] = {
    "client_id": _ID,
    "project": _T,
    "unit": _T,
    "started_on": _D,
    "ended_on": _D,
    "exit_reason": _T,
    "note": _T,
    **_META,
}
RECORD_CLASSES["project_participation"] = ProjectParticipation
_DEPENDS.update(
    {
        ("project_participation", "ended_on", "end_before_start"): frozenset(
            {"started_on", "ended_on"}
        ),
        ("project_participation", "exit_reason", "exit_reason_required"): frozenset(
            {"ended_on", "exit_reason"}
        ),
        ("project_participation", "exit_reason", "exit_reason_without_end"): frozenset(
            {"ended_on", "exit_reason"}
        ),
        ("project_participation", "unit", "project_unit"): frozenset({"project", "unit"}),
    }
)
FIELD_LABELS.update(
    {"project": "Projekt", "exit_reason": "Austrittsgrund", "ended_on": "Beendet am"}
)
# A participation's start and end are the entry and exit the funders' lists name.
KIND_FIELD_LABELS.update(
    {
        ("project_participation", "started_on"): "Eintritt",
        ("project_participation", "ended_on"): "Austritt",
    }
)
