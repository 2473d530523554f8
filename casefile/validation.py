"""Validation of records: required fields, plausible dates, catalog codes.

Validation returns a list of :class:`FieldError`; an empty list means valid. Messages are German
(the UI language by default); the desktop translates them through Qt's translation system with
the context ``"validation"`` -- the marker function below lets ``pyside6-lupdate`` find them
without this package importing Qt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from casefile import catalogs
from casefile.records import (  # issue 20: support plan
    PLAN_OWNER_KINDS,
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
    Mediator,
    MediatorBooking,
    Offer,
    PlanGoal,
    PlanReview,
    PlanStep,
    ProjectParticipation,
    Provider,
    Referral,
    ResidenceStatus,
    Sex,
    SupportPlan,
    Task,
    WalkInPhase,
    WalkInTicket,
)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - marker read by lupdate
    return text


MESSAGES: dict[str, str] = {
    "required": QT_TRANSLATE_NOOP("validation", "Bitte ausfüllen."),
    "name_required": QT_TRANSLATE_NOOP(
        "validation", "Bitte mindestens Familienname oder Vorname angeben."
    ),
    "too_long": QT_TRANSLATE_NOOP("validation", "Zu lang (höchstens {max} Zeichen)."),
    "name_chars": QT_TRANSLATE_NOOP(
        "validation", "Ein Name darf keine Ziffern oder Sonderzeichen wie {chars} enthalten."
    ),
    "future_date": QT_TRANSLATE_NOOP("validation", "Das Datum liegt in der Zukunft."),
    "too_old": QT_TRANSLATE_NOOP("validation", "Das Datum liegt vor {year}."),
    "date_required_for_precision": QT_TRANSLATE_NOOP(
        "validation", "Bei genauem Geburtsdatum bitte das Datum angeben."
    ),
    "date_for_unknown": QT_TRANSLATE_NOOP(
        "validation", "Geburtsdatum ist als unbekannt markiert, aber ein Datum ist angegeben."
    ),
    "unknown_code": QT_TRANSLATE_NOOP("validation", "Unbekannter Wert „{code}“."),
    "invalid_value": QT_TRANSLATE_NOOP("validation", "Ungültiger Wert."),
    "azr_format": QT_TRANSLATE_NOOP("validation", "Die AZR-Nummer besteht aus 12 Ziffern."),
    "phone_format": QT_TRANSLATE_NOOP(
        "validation", "Telefonnummer: nur Ziffern, Leerzeichen, +, -, / und Klammern."
    ),
    "duplicate_identifier": QT_TRANSLATE_NOOP(
        "validation", "Diese Kennung ist doppelt eingetragen."
    ),
    "topics_required": QT_TRANSLATE_NOOP("validation", "Bitte mindestens ein Thema wählen."),
    "duration_range": QT_TRANSLATE_NOOP("validation", "Dauer zwischen 1 und 600 Minuten."),
    "mediator_language": QT_TRANSLATE_NOOP(
        "validation", "Bei Sprachmittlung bitte die Sprache angeben."
    ),
    "end_before_start": QT_TRANSLATE_NOOP("validation", "Das Enddatum liegt vor dem Anfangsdatum."),
    "self_link": QT_TRANSLATE_NOOP(
        "validation", "Eine Person kann nicht mit sich selbst verknüpft werden."
    ),
    "recipients_required": QT_TRANSLATE_NOOP(
        "validation", "Bitte mindestens eine empfangende Stelle angeben."
    ),
    "categories_required": QT_TRANSLATE_NOOP(
        "validation", "Bitte mindestens eine Datenkategorie wählen."
    ),
    "ticket_number": QT_TRANSLATE_NOOP(
        "validation",
        "Eine Wartenummer sieht so aus: Buchstabe(n), Bindestrich, drei Ziffern (A-017).",
    ),
    "follow_up_past": QT_TRANSLATE_NOOP(
        "validation", "Die Wiedervorlage liegt in der Vergangenheit."
    ),
    "unknown_assignee": QT_TRANSLATE_NOOP(
        "validation",
        "„{name}“ ist keine Person im Verzeichnis der MiA. Bitte aus der Liste wählen.",
    ),
    "assignee_unit": QT_TRANSLATE_NOOP(
        "validation", "„{name}“ gehört nicht zum Sachgebiet „{unit}“."
    ),
    "unknown_mediator": QT_TRANSLATE_NOOP(
        "validation",
        "„{name}“ ist nicht im Verzeichnis der Sprachmittler:innen. Bitte aus der Liste wählen.",
    ),
    "places_required": QT_TRANSLATE_NOOP(
        "validation", "Bitte mindestens einen Ort angeben (Ort aus der Liste oder Anschrift)."
    ),
    "place_incomplete": QT_TRANSLATE_NOOP(
        "validation", "Ort Nr. {n}: bitte einen Ort aus der Liste oder eine Anschrift angeben."
    ),
    "schedule_invalid": QT_TRANSLATE_NOOP(
        "validation", "Zeit Nr. {n} lässt sich nicht lesen ({detail})."
    ),
    "time_format": QT_TRANSLATE_NOOP(
        "validation", "Zeit Nr. {n}: Uhrzeiten bitte als HH:MM, das Ende nach dem Beginn."
    ),
    "email_format": QT_TRANSLATE_NOOP("validation", "Keine gültige E-Mail-Adresse."),
    "web_format": QT_TRANSLATE_NOOP(
        "validation", "Eine Webadresse beginnt mit https:// oder http://."
    ),
    "target_offer": QT_TRANSLATE_NOOP(
        "validation", "Bitte ein Angebot aus dem Verzeichnis wählen."
    ),
    "target_unit": QT_TRANSLATE_NOOP("validation", "Bitte ein Sachgebiet wählen."),
    "referral_consent": QT_TRANSLATE_NOOP(
        "validation", "Für die Weitergabe an „{recipient}“ fehlt eine Einwilligung der Person."
    ),
    "referral_offer": QT_TRANSLATE_NOOP(
        "validation", "Das Angebot ist im Angebotsverzeichnis nicht bekannt."
    ),
    "failure_reason_required": QT_TRANSLATE_NOOP(
        "validation", "Bitte angeben, warum die Verweisung nicht erfolgreich war."
    ),
    "failure_reason_only_failed": QT_TRANSLATE_NOOP(
        "validation", "Ein Grund gehört nur zu einer nicht erfolgreichen Verweisung."
    ),
    "languages_required": QT_TRANSLATE_NOOP("validation", "Bitte mindestens eine Sprache angeben."),
    "minutes_range": QT_TRANSLATE_NOOP("validation", "Minuten zwischen 1 und 1440."),
    "km_range": QT_TRANSLATE_NOOP("validation", "Kilometer zwischen 0 und 2000."),
    "amount_range": QT_TRANSLATE_NOOP("validation", "Ungültiger Betrag."),
}
# --- issue 20: support plan ---
MESSAGES.update(
    {
        "review_past": QT_TRANSLATE_NOOP(
            "validation", "Der Überprüfungstermin liegt in der Vergangenheit."
        ),
        "step_owner": QT_TRANSLATE_NOOP("validation", "Bitte angeben, wer den Schritt erledigt."),
        "step_due": QT_TRANSLATE_NOOP(
            "validation", "Bitte angeben, bis wann der Schritt erledigt sein soll."
        ),
        "step_assignee": QT_TRANSLATE_NOOP(
            "validation", "Bitte die Mitarbeiterin oder den Mitarbeiter angeben."
        ),
        "goals_required": QT_TRANSLATE_NOOP(
            "validation", "Bitte mindestens ein Ziel mit einem vereinbarten Schritt angeben."
        ),
        "signed_reference_required": QT_TRANSLATE_NOOP(
            "validation", "Bitte das Aktenzeichen des unterschriebenen Plans angeben."
        ),
    }
)

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
NAME_FORBIDDEN = re.compile(r"[0-9@#$%^*_=+<>{}\[\]|\\/:;\"!?]")
PHONE_RE = re.compile(r"^\+?[0-9 ()/\-]{3,30}$")
AZR_RE = re.compile(r"^[0-9]{12}$")
EARLIEST_BIRTH_YEAR = 1900
MAX_NAME = 200
MAX_NOTE = 20_000


@dataclass(frozen=True)
class FieldError:
    """One problem with one field; ``message`` is the German text with params filled in."""

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @property
    def template(self) -> str:
        return MESSAGES[self.code]

    @property
    def message(self) -> str:
        return self.template.format(**self.params)


class ValidationError(ValueError):
    """Raised when a record that failed validation is about to be saved."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


class _Checker:
    def __init__(self, today: dt.date):
        self.today = today
        self.errors: list[FieldError] = []

    def add(self, fld: str, error_code: str, **params: Any) -> None:
        self.errors.append(FieldError(fld, error_code, params))

    def required(self, fld: str, value: Any) -> bool:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(fld, "required")
            return False
        return True

    def length(self, fld: str, value: str, maximum: int) -> None:
        if value and len(value) > maximum:
            self.add(fld, "too_long", max=maximum)

    def code(self, fld: str, value: str | None, catalog: str, required: bool = False) -> None:
        if not value:
            if required:
                self.add(fld, "required")
            return
        if value not in catalogs.load(catalog):
            self.add(fld, "unknown_code", code=value)

    def codes(self, fld: str, values: Iterable[str], catalog: str) -> None:
        cat = catalogs.load(catalog)
        for v in values:
            if v not in cat:
                self.add(fld, "unknown_code", code=v)

    def not_future(self, fld: str, value: dt.date | None) -> None:
        if value is None:
            return
        # A moment's day is its local day, as today is (an aware time in UTC may already be
        # tomorrow's date there: 20:30 in New York is 01:30 UTC of the next day).
        if isinstance(value, dt.datetime):
            day = (value.astimezone() if value.tzinfo is not None else value).date()
        else:
            day = value
        if day > self.today:
            self.add(fld, "future_date")

    def order(self, fld: str, start: Any, end: Any) -> None:
        if start and end and end < start:
            self.add(fld, "end_before_start")


def _check_name(c: _Checker, fld: str, value: str) -> None:
    c.length(fld, value, MAX_NAME)
    bad = NAME_FORBIDDEN.findall(value or "")
    if bad:
        c.add(fld, "name_chars", chars=" ".join(sorted(set(bad))))


def validate_client(client: Client, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    if not (client.family_name or "").strip() and not (client.given_names or "").strip():
        c.add("family_name", "name_required")
    for fld in ("family_name", "given_names", "birth_name"):
        _check_name(c, fld, getattr(client, fld))
    c.length("birth_place", client.birth_place, MAX_NAME)
    c.length("address", client.address, 500)
    try:
        precision = BirthDatePrecision(client.birth_date_precision)
    except ValueError:
        c.add("birth_date_precision", "invalid_value")
        precision = None
    if precision is BirthDatePrecision.UNKNOWN and client.birth_date is not None:
        c.add("birth_date", "date_for_unknown")
    if (
        precision in (BirthDatePrecision.EXACT, BirthDatePrecision.YEAR)
        and client.birth_date is None
    ):
        c.add("birth_date", "date_required_for_precision")
    if client.birth_date is not None:
        c.not_future("birth_date", client.birth_date)
        if client.birth_date.year < EARLIEST_BIRTH_YEAR:
            c.add("birth_date", "too_old", year=EARLIEST_BIRTH_YEAR)
    try:
        Sex(client.sex)
    except ValueError:
        c.add("sex", "invalid_value")
    c.codes("nationalities", client.nationalities, "nationality")
    c.codes("languages", [skill.code for skill in client.languages], "language")
    c.code("target_group", client.target_group, "target_group")
    if client.phone and not PHONE_RE.match(client.phone.strip()):
        c.add("phone", "phone_format")
    seen: set[tuple[str, str]] = set()
    for ident in client.identifiers:
        own = validate_identifier(ident, c.today)
        c.errors += [dataclasses.replace(e, field="identifiers") for e in own]
        if any(e.field == "value" and e.code == "required" for e in own):
            continue
        key = (ident.type, ident.value.strip().upper())
        if key in seen:
            c.add("identifiers", "duplicate_identifier")
        seen.add(key)
    for alias in client.aliases:
        c.errors += [
            dataclasses.replace(e, field="aliases") for e in validate_alias(alias, c.today)
        ]
    return c.errors


def validate_identifier(ident: Identifier, today: dt.date | None = None) -> list[FieldError]:
    """The checks of one identifier, under its own field names (``type``, ``value``);
    :func:`validate_client` reports them under ``identifiers``."""
    c = _Checker(today or dt.date.today())
    c.code("type", ident.type, "identifier_type", required=True)
    if (
        c.required("value", ident.value)
        and ident.type == "azr_number"
        and not AZR_RE.match(ident.value.strip())
    ):
        c.add("value", "azr_format")
    return c.errors


def validate_alias(alias: Alias, today: dt.date | None = None) -> list[FieldError]:
    """The checks of one alias, under its own field names (``family_name``, ``given_names``,
    ``kind``); :func:`validate_client` reports them under ``aliases``."""
    c = _Checker(today or dt.date.today())
    if not alias.family_name.strip() and not alias.given_names.strip():
        c.add("family_name", "name_required")
    _check_name(c, "family_name", alias.family_name)
    _check_name(c, "given_names", alias.given_names)
    c.code("kind", alias.kind, "alias_kind")
    return c.errors


def validate_consultation(cons: Consultation, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("client_id", cons.client_id)
    if c.required("started_at", cons.started_at):
        c.not_future("started_at", cons.started_at)
    c.code("unit", cons.unit, "unit", required=True)
    c.code("location", cons.location, "location", required=True)
    c.code("kind", cons.kind, "consultation_kind", required=True)
    c.required("caseworker", cons.caseworker)
    if not cons.topics:
        c.add("topics", "topics_required")
    c.codes("topics", cons.topics, "topic")
    if not isinstance(cons.duration_min, int) or not 1 <= cons.duration_min <= 600:
        c.add("duration_min", "duration_range")
    c.code("language", cons.language, "language")
    if cons.mediator_used and not cons.language:
        c.add("language", "mediator_language")
    c.code("outcome", cons.outcome, "outcome")
    c.length("note", cons.note, MAX_NOTE)
    c.length("next_step", cons.next_step, 2000)
    return c.errors


def validate_task(
    task: Task, today: dt.date | None = None, *, new: bool = False
) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("client_id", task.client_id)
    if c.required("due_date", task.due_date) and new and task.due_date < c.today:
        c.add("due_date", "follow_up_past")
    c.required("text", task.text)
    c.length("text", task.text, 2000)
    c.code("assignee_unit", task.assignee_unit, "unit")
    return c.errors


def validate_referral(ref: Referral, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("client_id", ref.client_id)
    c.required("target", ref.target)
    c.length("target", ref.target, MAX_NAME)
    c.required("reason", ref.reason)
    c.length("reason", ref.reason, 2000)
    if c.required("referred_on", ref.referred_on):
        c.not_future("referred_on", ref.referred_on)
    c.code("status", ref.status, "referral_status", required=True)
    if ref.target_kind not in ("offer", "unit", "external"):
        c.add("target_kind", "invalid_value")
    elif ref.target_kind == "offer" and not ref.offer_id:
        c.add("offer_id", "target_offer")
    elif ref.target_kind == "unit":
        if not ref.unit:
            c.add("unit", "target_unit")
        else:
            c.code("unit", ref.unit, "unit")
    c.code("topic", ref.topic, "topic")
    c.code("language", ref.language, "language")
    c.code("location", ref.location, "location")
    c.code("referring_unit", ref.referring_unit, "unit")
    if ref.contact_by not in ("client", "agency"):
        c.add("contact_by", "invalid_value")
    if ref.status == "failed" and not ref.failure_reason:
        c.add("failure_reason", "failure_reason_required")
    elif ref.failure_reason and ref.status != "failed":
        c.add("failure_reason", "failure_reason_only_failed")
    else:
        c.code("failure_reason", ref.failure_reason, "referral_failure")
    c.length("feedback", ref.feedback, 2000)
    return c.errors


def _check_contact(c: _Checker, record: Any) -> None:
    if getattr(record, "phone", "") and not PHONE_RE.match(record.phone.strip()):
        c.add("phone", "phone_format")
    if getattr(record, "email", "") and not EMAIL_RE.match(record.email.strip()):
        c.add("email", "email_format")
    web = getattr(record, "website", "")
    if web and not web.strip().lower().startswith(("https://", "http://")):
        c.add("website", "web_format")


def schedule_problem(rrule: str) -> str | None:
    """Why an iCal RRULE (an offer's recurring time) does not parse, or None."""
    from dateutil.rrule import rrulestr  # type: ignore[import-untyped]

    text = (rrule or "").strip()
    if not text:
        return "leer"
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text.upper().startswith("FREQ=") and ";FREQ=" not in text.upper():
        return "FREQ fehlt"
    try:
        rrulestr(text, dtstart=dt.datetime(2026, 1, 1))
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        return str(exc)[:80] or "ungültig"
    return None


def validate_provider(provider: Provider, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("name", provider.name)
    c.length("name", provider.name, MAX_NAME)
    c.length("description", provider.description, MAX_NOTE)
    c.length("address", provider.address, 500)
    c.code("unit", provider.unit, "unit")
    _check_contact(c, provider)
    return c.errors


def validate_offer(offer: Offer, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("provider_id", offer.provider_id)
    c.required("name", offer.name)
    c.length("name", offer.name, MAX_NAME)
    if not offer.topics:
        c.add("topics", "topics_required")
    c.codes("topics", offer.topics, "topic")
    c.codes("target_groups", offer.target_groups, "target_group")
    c.codes("languages", [lang.code for lang in offer.languages], "language")
    if not offer.places:
        c.add("places", "places_required")
    for n, place in enumerate(offer.places, 1):
        if not place.location and not place.address.strip():
            c.add("places", "place_incomplete", n=n)
        c.code("places", place.location, "location")
    for n, hours in enumerate(offer.hours, 1):
        problem = schedule_problem(hours.rrule)
        if problem:
            c.add("hours", "schedule_invalid", n=n, detail=problem)
        times = [t for t in (hours.opens_at, hours.closes_at) if t]
        if any(not TIME_RE.match(t) for t in times) or (
            len(times) == 2 and hours.closes_at <= hours.opens_at
        ):
            c.add("hours", "time_format", n=n)
    c.codes("translations", [t.language for t in offer.translations], "language")
    for fld in ("description", "eligibility", "accessibility", "what_to_bring"):
        c.length(fld, getattr(offer, fld), MAX_NOTE)
    c.length("cost", offer.cost, 500)
    c.not_future("verified_on", offer.verified_on)
    c.length("verified_by", offer.verified_by, MAX_NAME)
    _check_contact(c, offer)
    return c.errors


def validate_mediator(mediator: Mediator, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    if not mediator.family_name.strip() and not mediator.given_names.strip():
        c.add("family_name", "name_required")
    _check_name(c, "family_name", mediator.family_name)
    _check_name(c, "given_names", mediator.given_names)
    c.code("kind", mediator.kind, "mediator_kind", required=True)
    if not mediator.languages:
        c.add("languages", "languages_required")
    c.codes("languages", [lang.code for lang in mediator.languages], "language")
    c.codes("languages", [lang.level for lang in mediator.languages], "language_level")
    c.codes("settings", mediator.settings, "mediation_setting")
    c.codes("areas", mediator.areas, "location")
    c.codes("vetting", [v.item for v in mediator.vetting], "vetting_item")
    for v in mediator.vetting:
        c.not_future("vetting", v.done_on)
        c.order("vetting", v.done_on, v.valid_until)
    c.length("availability", mediator.availability, 2000)
    c.length("address", mediator.address, 500)
    c.length("note", mediator.note, MAX_NOTE)
    _check_contact(c, mediator)
    return c.errors


def validate_mediator_booking(
    booking: MediatorBooking, today: dt.date | None = None
) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.code("language", booking.language, "language", required=True)
    c.required("starts_at", booking.starts_at)
    c.code("unit", booking.unit, "unit", required=True)
    if not isinstance(booking.duration_min, int) or not 1 <= booking.duration_min <= 600:
        c.add("duration_min", "duration_range")
    c.code("setting", booking.setting, "mediation_setting", required=True)
    c.code("location", booking.location, "location")
    c.code("status", booking.status, "booking_status", required=True)
    if booking.status in ("booked", "done") and not booking.mediator_id:
        c.add("mediator_id", "required")
    c.length("address", booking.address, 500)
    c.length("mediator_name", booking.mediator_name, MAX_NAME)
    c.length("note", booking.note, 2000)
    return c.errors


def validate_hours_entry(entry: HoursEntry, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("mediator_id", entry.mediator_id)
    if c.required("worked_on", entry.worked_on):
        c.not_future("worked_on", entry.worked_on)
    if not isinstance(entry.minutes, int) or not 1 <= entry.minutes <= 1440:
        c.add("minutes", "minutes_range")
    c.code("unit", entry.unit, "unit", required=True)
    if not isinstance(entry.km, (int, float)) or not 0 <= entry.km <= 2000:
        c.add("km", "km_range")
    if not isinstance(entry.allowance_cents, int) or not 0 <= entry.allowance_cents <= 10_000_00:
        c.add("allowance_cents", "amount_range")
    c.code("status", entry.status, "hours_status", required=True)
    c.not_future("paid_on", entry.paid_on)
    c.length("note", entry.note, 2000)
    return c.errors


def validate_consent(con: Consent, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("client_id", con.client_id)
    if not con.recipients:
        c.add("recipients", "recipients_required")
    if not con.categories:
        c.add("categories", "categories_required")
    c.codes("categories", con.categories, "data_category")
    c.required("purpose", con.purpose)
    if c.required("given_on", con.given_on):
        c.not_future("given_on", con.given_on)
    c.order("valid_until", con.given_on, con.valid_until)
    c.order("withdrawn_on", con.given_on, con.withdrawn_on)
    c.not_future("withdrawn_on", con.withdrawn_on)
    return c.errors


def validate_residence_status(
    rs: ResidenceStatus, today: dt.date | None = None
) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("client_id", rs.client_id)
    c.code("status", rs.status, "residence_status", required=True)
    c.order("valid_until", rs.valid_from, rs.valid_until)
    c.length("paragraph", rs.paragraph, 100)
    return c.errors


def validate_household_link(link: HouseholdLink, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("client_id", link.client_id)
    c.required("other_client_id", link.other_client_id)
    if link.client_id and link.client_id == link.other_client_id:
        c.add("other_client_id", "self_link")
    c.code("relation", link.relation, "relation", required=True)
    return c.errors


def validate_walk_in_ticket(ticket: WalkInTicket, today: dt.date | None = None) -> list[FieldError]:
    from casefile import queue

    c = _Checker(today or dt.date.today())
    c.code("location", ticket.location, "location", required=True)
    if c.required("day", ticket.day):
        c.not_future("day", ticket.day)
    if c.required("number", ticket.number) and queue.number_prefix(ticket.number) is None:
        c.add("number", "ticket_number")
    if c.required("arrived_at", ticket.arrived_at):
        c.not_future("arrived_at", ticket.arrived_at)
    c.code("concern", ticket.concern, "walk_in_concern", required=True)
    c.code("unit", ticket.unit, "unit", required=True)
    c.code("status", ticket.status, "walk_in_phase", required=True)
    if ticket.status == "transferred":
        c.add("status", "invalid_value")  # a transfer is a phase; the ticket waits again
    c.code("language", ticket.language, "language")
    if ticket.interpreter and not ticket.language:
        c.add("language", "mediator_language")
    c.codes("priority", ticket.priority, "walk_in_priority")
    c.length("desk", ticket.desk, 40)
    c.length("called_by", ticket.called_by, 200)
    if not isinstance(ticket.hops, int) or not 0 <= ticket.hops <= 50:
        c.add("hops", "invalid_value")
    return c.errors


def validate_walk_in_phase(phase: WalkInPhase, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("ticket_id", phase.ticket_id)
    c.code("location", phase.location, "location", required=True)
    c.code("phase", phase.phase, "walk_in_phase", required=True)
    if c.required("at", phase.at):
        c.not_future("at", phase.at)
    c.code("unit", phase.unit, "unit", required=True)
    c.code("to_unit", phase.to_unit, "unit", required=phase.phase == "transferred")
    if phase.phase == "transferred" and phase.to_unit == phase.unit:
        c.add("to_unit", "invalid_value")
    c.length("staff", phase.staff, 200)
    c.length("desk", phase.desk, 40)
    c.length("reason", phase.reason, 200)
    return c.errors


# --- issue 20: support plan ---
PLAN_STATUSES = ("active", "closed")


def validate_support_plan(
    plan: SupportPlan, today: dt.date | None = None, *, new: bool = False
) -> list[FieldError]:
    """A plan; *new*: the review date is being set in a form now (it may not lie in the past;
    a plan pushed after days offline may carry one that is due meanwhile)."""
    c = _Checker(today or dt.date.today())
    c.required("client_id", plan.client_id)
    c.code("unit", plan.unit, "unit", required=True)
    if c.required("started_on", plan.started_on):
        c.not_future("started_on", plan.started_on)
    if plan.status not in PLAN_STATUSES:
        c.add("status", "invalid_value")
    if new and plan.next_review is not None and plan.next_review < c.today:
        c.add("next_review", "review_past")
    c.code("language", plan.language, "language")
    c.not_future("signed_on", plan.signed_on)
    if plan.signed_on is not None and not plan.signed_reference.strip():
        c.add("signed_reference", "signed_reference_required")
    c.length("signed_reference", plan.signed_reference, MAX_NAME)
    c.length("case_manager", plan.case_manager, MAX_NAME)
    c.length("note", plan.note, MAX_NOTE)
    return c.errors


def validate_plan_goal(goal: PlanGoal, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("plan_id", goal.plan_id)
    c.required("client_id", goal.client_id)
    c.code("unit", goal.unit, "unit", required=True)
    c.code("area", goal.area, "plan_area", required=True)
    c.required("text", goal.text)
    c.length("text", goal.text, 2000)
    c.code("achievement", goal.achievement, "goal_achievement", required=True)
    return c.errors


def validate_plan_step(step: PlanStep, today: dt.date | None = None) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("plan_id", step.plan_id)
    c.required("goal_id", step.goal_id)
    c.required("client_id", step.client_id)
    c.required("text", step.text)
    c.length("text", step.text, 2000)
    if step.owner_kind not in PLAN_OWNER_KINDS:
        c.add("owner_kind", "step_owner")
    elif step.owner_kind == "caseworker" and not step.assignee.strip():
        c.add("assignee", "step_assignee")
    elif step.owner_kind == "offer" and not step.offer_id:
        c.add("offer_id", "target_offer")
    if not step.unit:
        c.add("unit", "target_unit" if step.owner_kind == "unit" else "required")
    elif (
        step.owner_kind in ("client", "caseworker", "offer")
        and step.plan_unit
        and step.unit != step.plan_unit
    ):
        # A step of the client, a caseworker or an offer is the plan's unit's: only a step
        # owned by a unit is handed over ([hand_over] in the access rules).
        c.add("unit", "step_plan_unit")
    else:
        c.code("unit", step.unit, "unit")
    c.code("plan_unit", step.plan_unit, "unit", required=True)
    if step.due_date is None:
        c.add("due_date", "step_due")
    c.code("status", step.status, "step_status", required=True)
    c.not_future("done_on", step.done_on)
    c.code("area", step.area, "plan_area")
    c.length("assignee", step.assignee, MAX_NAME)
    return c.errors


def validate_plan_review(
    review: PlanReview, today: dt.date | None = None, *, new: bool = False
) -> list[FieldError]:
    c = _Checker(today or dt.date.today())
    c.required("plan_id", review.plan_id)
    c.required("client_id", review.client_id)
    c.code("unit", review.unit, "unit", required=True)
    if c.required("reviewed_on", review.reviewed_on):
        c.not_future("reviewed_on", review.reviewed_on)
    if new and review.next_review is not None and review.next_review < c.today:
        c.add("next_review", "review_past")
    c.codes("goals", [g.achievement for g in review.goals], "goal_achievement")
    c.length("note", review.note, MAX_NOTE)
    c.length("reviewed_by", review.reviewed_by, MAX_NAME)
    return c.errors


_VALIDATORS: dict[type, Callable[[Any, dt.date | None], list[FieldError]]] = {
    Client: validate_client,
    Consultation: validate_consultation,
    Task: validate_task,
    Referral: validate_referral,
    Consent: validate_consent,
    ResidenceStatus: validate_residence_status,
    HouseholdLink: validate_household_link,
    WalkInTicket: validate_walk_in_ticket,
    WalkInPhase: validate_walk_in_phase,
    Provider: validate_provider,
    Offer: validate_offer,
    Mediator: validate_mediator,
    MediatorBooking: validate_mediator_booking,
    HoursEntry: validate_hours_entry,
}
_VALIDATORS.update(  # issue 20: support plan
    {
        SupportPlan: validate_support_plan,
        PlanGoal: validate_plan_goal,
        PlanStep: validate_plan_step,
        PlanReview: validate_plan_review,
    }
)


# --- issue 20: group sessions ---
MESSAGES.update(
    {
        "no_participants": QT_TRANSLATE_NOOP(
            "validation",
            "Bitte Teilnehmende aus den Akten wählen oder die Zahl der Teilnehmenden ohne "
            "Akte angeben.",
        ),
        "participant_twice": QT_TRANSLATE_NOOP(
            "validation", "Eine Person steht zweimal in der Teilnehmendenliste."
        ),
        "series_range": QT_TRANSLATE_NOOP(
            "validation", "Nr. in der Reihe zwischen 1 und der Zahl der Termine (höchstens 52)."
        ),
        "count_range": QT_TRANSLATE_NOOP(
            "validation", "Zahl der Teilnehmenden ohne Akte zwischen 0 und 500."
        ),
        "hours_range": QT_TRANSLATE_NOOP(
            "validation", "Stunden zwischen 0 und der Dauer des Termins ({max} Std.)."
        ),
        "session_ahead": QT_TRANSLATE_NOOP(
            "validation", "Die Teilnahme lässt sich erst ab Beginn des Termins erfassen."
        ),
        "step_plan_unit": QT_TRANSLATE_NOOP(
            "validation",
            "Bitte das Sachgebiet des Förderplans angeben: ein Schritt der Person, einer "
            "Mitarbeiterin oder eines Angebots gehört dorthin.",
        ),
        "topic_recorded": QT_TRANSLATE_NOOP(
            "validation",
            "Das Thema eines Termins mit erfasster Teilnahme bleibt, wie es war: bitte einen "
            "neuen Termin anlegen.",
        ),
        "participant_unknown": QT_TRANSLATE_NOOP(
            "validation",
            "Eine teilnehmende Person hat hier keine Akte (mehr): gelöscht oder nicht "
            "zugänglich. Bitte aus der Liste nehmen.",
        ),
    }
)
MAX_ANONYMOUS = 500
MAX_SERIES = 52


def validate_group_session(session: GroupSession, today: dt.date | None = None) -> list[FieldError]:
    """A group session as planned or recorded; a recorded one needs participants (from files
    or anonymous). Its start may lie ahead (a planned session)."""
    c = _Checker(today or dt.date.today())
    c.code("unit", session.unit, "unit", required=True)
    c.required("title", session.title)
    c.length("title", session.title, MAX_NAME)
    c.code("topic", session.topic, "topic", required=True)
    c.required("starts_at", session.starts_at)
    c.code("location", session.location, "location", required=True)
    if not isinstance(session.duration_min, int) or not 1 <= session.duration_min <= 600:
        c.add("duration_min", "duration_range")
    count = session.series_count
    if (
        not isinstance(count, int)
        or not isinstance(session.series_no, int)
        or not 1 <= count <= MAX_SERIES
        or not 1 <= session.series_no <= count
    ):
        c.add("series_no", "series_range")
    c.codes("languages", session.languages, "language")
    c.length("facilitator", session.facilitator, MAX_NAME)
    c.length("mediator_name", session.mediator_name, MAX_NAME)
    if session.mediator_name.strip() and not session.languages:
        c.add("languages", "mediator_language")
    if len(set(session.participant_ids)) != len(session.participant_ids):
        c.add("participant_ids", "participant_twice")
    if not isinstance(session.anonymous_count, int) or not (
        0 <= session.anonymous_count <= MAX_ANONYMOUS
    ):
        c.add("anonymous_count", "count_range")
    elif session.recorded and not session.participant_ids and not session.anonymous_count:
        c.add("participant_ids", "no_participants")
    c.length("note", session.note, MAX_NOTE)
    return c.errors


def validate_attendance(att: Attendance, today: dt.date | None = None) -> list[FieldError]:
    """One participant's attendance; that the hours fit the session's duration is checked
    where the session is at hand (desktop.store.groups), here only a day's bound."""
    c = _Checker(today or dt.date.today())
    c.required("session_id", att.session_id)
    c.required("client_id", att.client_id)
    c.code("unit", att.unit, "unit", required=True)
    c.code("status", att.status, "attendance_status", required=True)
    hours = att.hours
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 <= hours <= 10:
        c.add("hours", "hours_range", max=10)
    return c.errors


_VALIDATORS[GroupSession] = validate_group_session
_VALIDATORS[Attendance] = validate_attendance


def validate(record: Any, today: dt.date | None = None) -> list[FieldError]:
    """Validate any record kind."""
    return _VALIDATORS[type(record)](record, today)


def ensure_valid(record: Any, today: dt.date | None = None) -> None:
    """Raise :class:`ValidationError` if *record* is invalid."""
    errors = validate(record, today)
    if errors:
        raise ValidationError(errors)


# --- issue 20: consulting hours -----------------------------------------------------------------

MESSAGES.update(
    {
        "hours_times": QT_TRANSLATE_NOOP(
            "validation", "Uhrzeiten bitte als HH:MM, das Ende nach dem Beginn."
        ),
        "hours_rule_or_dates": QT_TRANSLATE_NOOP(
            "validation", "Bitte Wochentage (oder eine Regel) oder einzelne Termine angeben."
        ),
        "rule_invalid": QT_TRANSLATE_NOOP(
            "validation", "Die Regel lässt sich nicht lesen ({detail})."
        ),
        "too_many_dates": QT_TRANSLATE_NOOP("validation", "Höchstens {max} einzelne Tage."),
    }
)
MAX_HOURS_DATES = 400


def validate_consulting_hours(
    hours: ConsultingHours, today: dt.date | None = None
) -> list[FieldError]:
    """A consulting hour: unit, place and kind from the catalogs; a rule that parses (or, with
    no rule, single dates); times HH:MM with the end after the start; the first day of the rule
    (``valid_from``: it anchors "every second week") and an end not before it."""
    c = _Checker(today or dt.date.today())
    c.code("unit", hours.unit, "unit", required=True)
    c.code("location", hours.location, "location", required=True)
    c.code("kind", hours.kind, "consulting_hours_kind", required=True)
    if hours.rrule.strip():
        from casefile.consulting_hours import rule_problem

        problem = schedule_problem(hours.rrule) or rule_problem(hours.rrule)
        if problem:
            c.add("rrule", "rule_invalid", detail=problem)
    elif not hours.extra_dates:
        c.add("rrule", "hours_rule_or_dates")
    if not (
        TIME_RE.match(hours.opens or "")
        and TIME_RE.match(hours.closes or "")
        and hours.closes > hours.opens
    ):
        c.add("closes", "hours_times")
    c.required("valid_from", hours.valid_from)
    c.order("valid_until", hours.valid_from, hours.valid_until)
    for name in ("exceptions", "extra_dates"):
        if len(getattr(hours, name)) > MAX_HOURS_DATES:
            c.add(name, "too_many_dates", max=MAX_HOURS_DATES)
    c.length("note", hours.note, 500)
    return c.errors


_VALIDATORS[ConsultingHours] = validate_consulting_hours


# --- issue 21: project participation ---
MESSAGES.update(
    {
        "exit_reason_required": QT_TRANSLATE_NOOP(
            "validation", "Bitte den Austrittsgrund angeben (Förderer verlangen ihn)."
        ),
        "exit_reason_without_end": QT_TRANSLATE_NOOP(
            "validation", "Ein Austrittsgrund gehört zu einem Austrittsdatum."
        ),
        "project_unit": QT_TRANSLATE_NOOP(
            "validation", "Das Projekt wird vom Sachgebiet „{unit}“ geführt."
        ),
    }
)


def validate_project_participation(
    part: ProjectParticipation, today: dt.date | None = None
) -> list[FieldError]:
    """A participation: client, project and unit from the catalogs (the project's own unit,
    which owns the record), a start; an end not before the start and, with an end, the exit
    reason every funder asks for (and none without an end)."""
    c = _Checker(today or dt.date.today())
    c.required("client_id", part.client_id)
    c.code("project", part.project, "project", required=True)
    c.code("unit", part.unit, "unit", required=True)
    entry = catalogs.load("project").get(part.project)
    if entry is not None and part.unit and entry.extra.get("unit", part.unit) != part.unit:
        c.add("unit", "project_unit", unit=catalogs.load("unit").label(entry.extra["unit"]))
    c.required("started_on", part.started_on)
    c.order("ended_on", part.started_on, part.ended_on)
    c.code("exit_reason", part.exit_reason, "exit_reason")
    if part.ended_on is not None and not part.exit_reason:
        c.add("exit_reason", "exit_reason_required")
    elif part.ended_on is None and part.exit_reason:
        c.add("exit_reason", "exit_reason_without_end")
    c.length("note", part.note, MAX_NOTE)
    return c.errors


_VALIDATORS[ProjectParticipation] = validate_project_participation
