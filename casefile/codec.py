"""The one conversion between casefile records and their fields, the form that is stored and synced.

A record's **fields** are what the desktop's local store holds in its row and what a device
pushes and pulls (:mod:`casefile.wire` checks them, ``casefile.sync.KIND_FIELDS`` names them):

* dates are ISO text ``"YYYY-MM-DD"``, date-times ISO text in UTC to the second
  (``"2026-03-01T09:15:00+00:00"``; a naive time is taken as local time);
* lists (nationalities, languages, topics, recipients, categories) are compact JSON text,
  languages as objects ``{"code": ..., "interpreter_needed": ...}``;
* enums (sex, birth date precision) are their text values; the client's names, birth place,
  phone and address are stored without surrounding blanks;
* aliases and identifiers are records of their own (``client_alias``, ``client_identifier``)
  that name their client; an identifier also carries its normalised value (``value_norm``).

:func:`encode` gives the fields of a record with ``"id"`` first, in the order of the store's
columns; :func:`decode` makes the record again. The bookkeeping fields (``created_at``,
``updated_at``, ``last_contact_at``, ``deleted``) are not part of a record; :func:`file_records`
adds them for a whole client file, as the server's demo seeding stores it.

Pure Python: no Qt, no database, no HTTP.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any, TypeVar, overload

from casefile.records import (
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

Record = (
    Client
    | Alias
    | Identifier
    | ResidenceStatus
    | HouseholdLink
    | Consultation
    | Referral
    | Task
    | Consent
    | WalkInTicket
    | WalkInPhase
    | Provider
    | Offer
    | Mediator
    | MediatorBooking
    | HoursEntry
    | GroupSession
    | Attendance
    | ConsultingHours
    | SupportPlan
    | PlanGoal
    | PlanStep
    | PlanReview
    | ProjectParticipation  # issue 21
)
Fields = dict[str, Any]
_R = TypeVar("_R", bound=Record)


# --- values -------------------------------------------------------------------------------


def date_text(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def text_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def time_text(value: dt.datetime | None) -> str | None:
    """UTC ISO text to the second; a naive time is local time."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


def text_time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def json_text(value: Any) -> str:
    """Compact JSON text (non-ASCII kept as it is)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_list(value: Any) -> list[Any]:
    return json.loads(value) if isinstance(value, str) else list(value)


def identifier_norm(value: str) -> str:
    """An identifier's value as it is compared and searched: capitals and digits only."""
    return re.sub(r"[^0-9A-Z]", "", value.upper())


# --- field types: (encode, decode) ----------------------------------------------------------

_Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]


def _same(value: Any) -> Any:
    return value


_PLAIN: _Codec = (_same, _same)  # text, ints, optional ids
_STRIPPED: _Codec = (lambda v: v.strip(), _same)
_DATE: _Codec = (date_text, text_date)
_TIME: _Codec = (time_text, text_time)
_LIST: _Codec = (json_text, _json_list)
_BOOL: _Codec = (_same, bool)
_LANGUAGES: _Codec = (
    lambda v: json_text([dataclasses.asdict(x) for x in v]),
    lambda v: [LanguageSkill(**x) for x in _json_list(v)],
)


def _objects(kind: type[Any]) -> _Codec:
    """A list of small dataclasses (an offer's languages, a mediator's vetting items) as JSON
    text of objects; their date fields as ISO text."""
    dates = {f.name for f in dataclasses.fields(kind) if "date" in str(f.type)}

    def enc(items: Iterable[Any]) -> str:
        return json_text(
            [
                {k: (date_text(v) if k in dates else v) for k, v in dataclasses.asdict(x).items()}
                for x in items
            ]
        )

    def dec(value: Any) -> list[Any]:
        names = {f.name for f in dataclasses.fields(kind)}
        return [
            kind(**{k: (text_date(v) if k in dates else v) for k, v in x.items() if k in names})
            for x in _json_list(value)
        ]

    return (enc, dec)


def _enum(kind: type[StrEnum]) -> _Codec:
    return (str, kind)


# The fields of each record type in the order of the store's columns (after "id"). Aliases and
# identifiers name their client (``client_id``), which their records do not hold.
_FIELDS: dict[type, tuple[str, tuple[tuple[str, _Codec], ...]]] = {
    Client: (
        "client",
        (
            ("family_name", _STRIPPED),
            ("given_names", _STRIPPED),
            ("birth_name", _STRIPPED),
            ("birth_date", _DATE),
            ("birth_date_precision", _enum(BirthDatePrecision)),
            ("birth_place", _STRIPPED),
            ("sex", _enum(Sex)),
            ("nationalities", _LIST),
            ("languages", _LANGUAGES),
            ("phone", _STRIPPED),
            ("address", _STRIPPED),
            ("target_group", _PLAIN),
        ),
    ),
    Alias: ("client_alias", (("family_name", _PLAIN), ("given_names", _PLAIN), ("kind", _PLAIN))),
    Identifier: ("client_identifier", (("type", _PLAIN), ("value", _PLAIN))),
    ResidenceStatus: (
        "residence_status",
        (
            ("client_id", _PLAIN),
            ("status", _PLAIN),
            ("paragraph", _PLAIN),
            ("valid_from", _DATE),
            ("valid_until", _DATE),
            ("issuing_office", _PLAIN),
        ),
    ),
    HouseholdLink: (
        "household_link",
        (("client_id", _PLAIN), ("other_client_id", _PLAIN), ("relation", _PLAIN)),
    ),
    Consultation: (
        "consultation",
        (
            ("client_id", _PLAIN),
            ("started_at", _TIME),
            ("duration_min", _PLAIN),
            ("unit", _PLAIN),
            ("caseworker", _PLAIN),
            ("location", _PLAIN),
            ("kind", _PLAIN),
            ("topics", _LIST),
            ("language", _PLAIN),
            ("mediator_used", _BOOL),
            ("mediator_name", _PLAIN),
            ("note", _PLAIN),
            ("outcome", _PLAIN),
            ("next_step", _PLAIN),
            ("revision_of", _PLAIN),
            ("group_session_id", _PLAIN),
        ),
    ),
    Referral: (
        "referral",
        (
            ("client_id", _PLAIN),
            ("target", _PLAIN),
            ("reason", _PLAIN),
            ("referred_on", _DATE),
            ("status", _PLAIN),
            ("feedback", _PLAIN),
            ("consultation_id", _PLAIN),
            ("target_kind", _PLAIN),
            ("offer_id", _PLAIN),
            ("unit", _PLAIN),
            ("topic", _PLAIN),
            ("language", _PLAIN),
            ("location", _PLAIN),
            ("contact_by", _PLAIN),
            ("consent_id", _PLAIN),
            ("failure_reason", _PLAIN),
            ("referred_by", _PLAIN),
            ("referring_unit", _PLAIN),
            ("ticket_id", _PLAIN),
        ),
    ),
    Task: (
        "task",
        (
            ("client_id", _PLAIN),
            ("due_date", _DATE),
            ("text", _PLAIN),
            ("assignee", _PLAIN),
            ("assignee_unit", _PLAIN),
            ("done", _BOOL),
            ("done_at", _TIME),
            ("consultation_id", _PLAIN),
        ),
    ),
    Consent: (
        "consent",
        (
            ("client_id", _PLAIN),
            ("recipients", _LIST),
            ("categories", _LIST),
            ("purpose", _PLAIN),
            ("given_on", _DATE),
            ("valid_until", _DATE),
            ("withdrawn_on", _DATE),
            ("form_reference", _PLAIN),
        ),
    ),
    WalkInTicket: (
        "walk_in_ticket",
        (
            ("location", _PLAIN),
            ("day", _DATE),
            ("number", _PLAIN),
            ("arrived_at", _TIME),
            ("concern", _PLAIN),
            ("unit", _PLAIN),
            ("status", _PLAIN),
            ("language", _PLAIN),
            ("interpreter", _BOOL),
            ("priority", _LIST),
            ("client_id", _PLAIN),
            ("desk", _PLAIN),
            ("called_by", _PLAIN),
            ("hops", _PLAIN),
        ),
    ),
    WalkInPhase: (
        "walk_in_phase",
        (
            ("ticket_id", _PLAIN),
            ("location", _PLAIN),
            ("phase", _PLAIN),
            ("at", _TIME),
            ("unit", _PLAIN),
            ("staff", _PLAIN),
            ("to_unit", _PLAIN),
            ("desk", _PLAIN),
            ("reason", _PLAIN),
            ("client_id", _PLAIN),
        ),
    ),
    Provider: (
        "provider",
        (
            ("name", _STRIPPED),
            ("description", _PLAIN),
            ("website", _STRIPPED),
            ("email", _STRIPPED),
            ("phone", _STRIPPED),
            ("address", _STRIPPED),
            ("unit", _PLAIN),
        ),
    ),
    Offer: (
        "offer",
        (
            ("provider_id", _PLAIN),
            ("name", _STRIPPED),
            ("topics", _LIST),
            ("description", _PLAIN),
            ("target_groups", _LIST),
            ("eligibility", _PLAIN),
            ("languages", _objects(OfferLanguage)),
            ("places", _objects(OfferPlace)),
            ("hours", _objects(OfferHours)),
            ("appointment_only", _BOOL),
            ("contact_name", _STRIPPED),
            ("phone", _STRIPPED),
            ("email", _STRIPPED),
            ("website", _STRIPPED),
            ("cost", _PLAIN),
            ("accessibility", _PLAIN),
            ("what_to_bring", _PLAIN),
            ("translations", _objects(OfferText)),
            ("verified_on", _DATE),
            ("verified_by", _PLAIN),
            ("active", _BOOL),
        ),
    ),
    Mediator: (
        "mediator",
        (
            ("family_name", _STRIPPED),
            ("given_names", _STRIPPED),
            ("kind", _PLAIN),
            ("languages", _objects(MediatorLanguage)),
            ("settings", _LIST),
            ("areas", _LIST),
            ("availability", _PLAIN),
            ("phone", _STRIPPED),
            ("email", _STRIPPED),
            ("address", _STRIPPED),
            ("vetting", _objects(VettingItem)),
            ("own_client_id", _PLAIN),
            ("active", _BOOL),
            ("note", _PLAIN),
        ),
    ),
    MediatorBooking: (
        "mediator_booking",
        (
            ("language", _PLAIN),
            ("starts_at", _TIME),
            ("unit", _PLAIN),
            ("client_id", _PLAIN),
            ("duration_min", _PLAIN),
            ("setting", _PLAIN),
            ("location", _PLAIN),
            ("address", _PLAIN),
            ("mediator_id", _PLAIN),
            ("mediator_name", _PLAIN),
            ("status", _PLAIN),
            ("requested_by", _PLAIN),
            ("consultation_id", _PLAIN),
            ("ticket_id", _PLAIN),
            ("note", _PLAIN),
        ),
    ),
    HoursEntry: (
        "hours_entry",
        (
            ("mediator_id", _PLAIN),
            ("worked_on", _DATE),
            ("minutes", _PLAIN),
            ("unit", _PLAIN),
            ("km", _PLAIN),
            ("allowance_cents", _PLAIN),
            ("booking_id", _PLAIN),
            ("consultation_id", _PLAIN),
            ("status", _PLAIN),
            ("reviewed_by", _PLAIN),
            ("paid_on", _DATE),
            ("note", _PLAIN),
        ),
    ),
}

# --- issue 20: group sessions ---
_FIELDS[GroupSession] = (
    "group_session",
    (
        ("unit", _PLAIN),
        ("title", _STRIPPED),
        ("topic", _PLAIN),
        ("starts_at", _TIME),
        ("location", _PLAIN),
        ("duration_min", _PLAIN),
        ("series_id", _PLAIN),
        ("series_no", _PLAIN),
        ("series_count", _PLAIN),
        ("languages", _LIST),
        ("facilitator", _PLAIN),
        ("mediator_name", _STRIPPED),
        ("participant_ids", _LIST),
        ("anonymous_count", _PLAIN),
        ("note", _PLAIN),
        ("recorded", _BOOL),
    ),
)
_FIELDS[Attendance] = (
    "attendance",
    (
        ("session_id", _PLAIN),
        ("client_id", _PLAIN),
        ("unit", _PLAIN),
        ("status", _PLAIN),
        ("hours", _PLAIN),
        ("consultation_id", _PLAIN),
        ("topic", _PLAIN),
    ),
)

# --- issue 20: consulting hours ---
_DATES: _Codec = (
    lambda v: json_text([date_text(d) for d in v]),
    lambda v: [text_date(d) for d in _json_list(v)],
)
_FIELDS[ConsultingHours] = (
    "consulting_hours",
    (
        ("unit", _PLAIN),
        ("location", _PLAIN),
        ("kind", _PLAIN),
        ("rrule", _STRIPPED),
        ("opens", _PLAIN),
        ("closes", _PLAIN),
        ("valid_from", _DATE),
        ("valid_until", _DATE),
        ("exceptions", _DATES),
        ("extra_dates", _DATES),
        ("note", _PLAIN),
        ("active", _BOOL),
    ),
)
# --- issue 20: support plan ---
_FIELDS.update(
    {
        SupportPlan: (
            "support_plan",
            (
                ("client_id", _PLAIN),
                ("unit", _PLAIN),
                ("started_on", _DATE),
                ("case_manager", _PLAIN),
                ("status", _PLAIN),
                ("next_review", _DATE),
                ("language", _PLAIN),
                ("signed_on", _DATE),
                ("signed_reference", _STRIPPED),
                ("note", _PLAIN),
            ),
        ),
        PlanGoal: (
            "plan_goal",
            (
                ("plan_id", _PLAIN),
                ("client_id", _PLAIN),
                ("unit", _PLAIN),
                ("area", _PLAIN),
                ("text", _PLAIN),
                ("achievement", _PLAIN),
                ("target_date", _DATE),
            ),
        ),
        PlanStep: (
            "plan_step",
            (
                ("plan_id", _PLAIN),
                ("goal_id", _PLAIN),
                ("client_id", _PLAIN),
                ("text", _PLAIN),
                ("owner_kind", _PLAIN),
                ("unit", _PLAIN),
                ("plan_unit", _PLAIN),
                ("due_date", _DATE),
                ("assignee", _PLAIN),
                ("offer_id", _PLAIN),
                ("status", _PLAIN),
                ("done_on", _DATE),
                ("area", _PLAIN),
            ),
        ),
        PlanReview: (
            "plan_review",
            (
                ("plan_id", _PLAIN),
                ("client_id", _PLAIN),
                ("unit", _PLAIN),
                ("reviewed_on", _DATE),
                ("reviewed_by", _PLAIN),
                ("note", _PLAIN),
                ("goals", _objects(ReviewedGoal)),
                ("next_review", _DATE),
            ),
        ),
    }
)
# --- issue 21: project participation ---
_FIELDS[ProjectParticipation] = (
    "project_participation",
    (
        ("client_id", _PLAIN),
        ("project", _PLAIN),
        ("unit", _PLAIN),
        ("started_on", _DATE),
        ("ended_on", _DATE),
        ("exit_reason", _PLAIN),
        ("note", _PLAIN),
    ),
)

KIND_OF: dict[type, str] = {t: kind for t, (kind, _) in _FIELDS.items()}
TYPE_OF: dict[str, type] = {kind: t for t, kind in KIND_OF.items()}


def kind_of(record: Record) -> str:
    """The record kind (``"client"``, ``"client_alias"``, ...) of a record."""
    return KIND_OF[type(record)]


# --- records <-> fields ----------------------------------------------------------------------


def encode(record: Record, client_id: str | None = None) -> Fields:
    """The fields of *record*, ``"id"`` first. Aliases and identifiers need their *client_id*
    (and an identifier gets its ``value_norm``); a client's aliases and identifiers are not
    among its fields (see :func:`client_records`)."""
    out: Fields = {"id": record.id}
    kind, spec = _FIELDS[type(record)]
    if kind in ("client_alias", "client_identifier"):
        if client_id is None:
            raise ValueError(f"a {kind} record needs its client_id")
        out["client_id"] = client_id
    for name, (enc, _) in spec:
        out[name] = enc(getattr(record, name))
    if isinstance(record, Identifier):
        out["value_norm"] = identifier_norm(record.value)
    return out


@overload
def decode(kind: type[_R], fields: Mapping[str, Any]) -> _R: ...
@overload
def decode(kind: str, fields: Mapping[str, Any]) -> Record: ...
def decode(kind: str | type[Any], fields: Mapping[str, Any]) -> Record:
    """The record of *kind* (a kind name or record type) from its *fields* (``"id"`` among
    them; fields that are not the record's, such as bookkeeping times, are ignored). A client
    comes without aliases and identifiers: see :func:`decode_client`."""
    t = TYPE_OF[kind] if isinstance(kind, str) else kind
    _, spec = _FIELDS[t]
    record: Record = t(id=fields["id"], **{name: dec(fields[name]) for name, (_, dec) in spec})
    return record


def decode_client(
    fields: Mapping[str, Any],
    aliases: Iterable[Mapping[str, Any]] = (),
    identifiers: Iterable[Mapping[str, Any]] = (),
) -> Client:
    """A client with its aliases and identifiers, each from its fields."""
    client = decode(Client, fields)
    client.aliases = [decode(Alias, a) for a in aliases]
    client.identifiers = [decode(Identifier, i) for i in identifiers]
    return client


def client_records(client: Client) -> list[tuple[str, str, Fields]]:
    """``(kind, id, fields)`` of a client and of its aliases and identifiers (fields with id)."""
    return (
        [("client", client.id, encode(client))]
        + [("client_alias", a.id, encode(a, client.id)) for a in client.aliases]
        + [("client_identifier", i.id, encode(i, client.id)) for i in client.identifiers]
    )


def file_records(
    client: Client, records: Iterable[Record], now: str
) -> list[tuple[str, str, Fields]]:
    """``(kind, id, fields)`` of one whole client file as a server stores it, the client first:
    its aliases and identifiers, then *records* (residence statuses, household links,
    consultations, ...) in the given order. Fields come without ``"id"`` and with the
    bookkeeping: the client's ``created_at``/``updated_at`` are *now*, its ``last_contact_at``
    the start of its latest consultation; other kinds get ``created_at`` where they have one."""
    records = list(records)
    last = max((x.started_at for x in records if isinstance(x, Consultation)), default=None)
    out = []
    for kind, record_id, fields in client_records(client):
        del fields["id"]
        if kind == "client":
            fields.update(
                created_at=now, updated_at=now, last_contact_at=time_text(last), deleted=False
            )
        out.append((kind, record_id, fields))
    for x in records:
        kind = kind_of(x)
        fields = encode(x)
        del fields["id"]
        if "created_at" in KIND_FIELDS[kind]:
            fields["created_at"] = now
        out.append((kind, x.id, fields))
    return out
