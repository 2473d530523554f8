"""Typed definitions of the record kinds of the client file (see shared/domain.md).

Every record has an ``id`` (UUIDv7 string, made where it is created) and a ``client_id`` where it
belongs to a client file. Dates are ``datetime.date``; date-times are timezone-aware
``datetime.datetime`` in UTC. Validation lives in :mod:`casefile.validation`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from casefile.ids import new_id


class BirthDatePrecision(StrEnum):
    EXACT = "exact"
    YEAR = "year"  # only the year is known; stored as YYYY-01-01
    UNKNOWN = "unknown"  # no birth date at all


class Sex(StrEnum):
    FEMALE = "f"
    MALE = "m"
    DIVERSE = "d"
    UNKNOWN = "u"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Identifier:
    """An official identifier of a client (AZR number, BAMF/ABH file number, ...)."""

    type: str  # catalog identifier_type
    value: str
    id: str = field(default_factory=new_id)


@dataclass
class Alias:
    """Another spelling or name of a client (name at birth, passport spelling, ...)."""

    family_name: str = ""
    given_names: str = ""
    kind: str = "spelling"  # catalog alias_kind
    id: str = field(default_factory=new_id)


@dataclass
class LanguageSkill:
    code: str  # catalog language
    interpreter_needed: bool = False


@dataclass
class Client:
    """Stammdaten of one person served under the one roof."""

    family_name: str
    given_names: str
    birth_date: dt.date | None = None
    birth_date_precision: BirthDatePrecision = BirthDatePrecision.EXACT
    sex: Sex = Sex.UNKNOWN
    birth_name: str = ""
    birth_place: str = ""
    nationalities: list[str] = field(default_factory=list)  # catalog nationality
    languages: list[LanguageSkill] = field(default_factory=list)
    phone: str = ""
    address: str = ""
    target_group: str = ""  # catalog target_group
    aliases: list[Alias] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    @property
    def interpreter_needed(self) -> bool:
        return any(skill.interpreter_needed for skill in self.languages)

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_names}".strip(", ")


@dataclass
class ResidenceStatus:
    """Aufenthaltsstatus; owned by the Ausländerbehörde (unit ``abh``)."""

    client_id: str
    status: str  # catalog residence_status
    paragraph: str = ""  # e.g. "§ 24 AufenthG"
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    issuing_office: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class HouseholdLink:
    """A link between two clients of one household or Bedarfsgemeinschaft.

    ``relation`` says what the other client is to this one (``client`` -> ``other_client_id``
    with relation "child": the other person is this client's child).
    """

    client_id: str
    other_client_id: str
    relation: str  # catalog relation
    id: str = field(default_factory=new_id)


@dataclass
class Consultation:
    """Beratungskontakt: one contact of a client with a unit. Append-only in spirit."""

    client_id: str
    started_at: dt.datetime
    unit: str  # catalog unit
    caseworker: str
    location: str  # catalog location
    kind: str  # catalog consultation_kind
    topics: list[str] = field(default_factory=list)  # catalog topic
    duration_min: int = 30
    language: str = ""  # catalog language
    mediator_used: bool = False
    mediator_name: str = ""
    note: str = ""
    outcome: str = ""  # catalog outcome
    next_step: str = ""
    revision_of: str | None = None  # id of the consultation this one corrects
    id: str = field(default_factory=new_id)


@dataclass
class Referral:
    """Verweisberatung: the client was sent to an offer or agency."""

    client_id: str
    target: str  # offer/agency (free text or unit code)
    reason: str
    referred_on: dt.date
    status: str = "proposed"  # catalog referral_status
    feedback: str = ""
    consultation_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass
class Task:
    """Wiedervorlage: a follow-up date on a client file."""

    client_id: str
    due_date: dt.date
    text: str
    assignee: str = ""  # user name
    assignee_unit: str = ""  # catalog unit
    done: bool = False
    done_at: dt.datetime | None = None
    consultation_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass
class Consent:
    """Einwilligung / Schweigepflichtentbindung of the client."""

    client_id: str
    recipients: list[str]  # unit codes or names of external bodies
    categories: list[str]  # catalog data_category
    purpose: str
    given_on: dt.date
    valid_until: dt.date | None = None
    withdrawn_on: dt.date | None = None
    form_reference: str = ""
    id: str = field(default_factory=new_id)

    def is_active(self, on: dt.date) -> bool:
        if self.withdrawn_on and self.withdrawn_on <= on:
            return False
        if self.valid_until and self.valid_until < on:
            return False
        return self.given_on <= on


@dataclass
class WalkInTicket:
    """Wartemarke: a walk-in's place in a unit's queue at one location on one day.

    The number ("A-017") is the issuing device's prefix and its count of the day; a transfer
    keeps number, arrival and priority, changes the unit and counts a hop. Every change of
    ``status`` is recorded as a :class:`WalkInPhase` too, with time and staff member. The
    client is optional: an anonymous walk-in is linked to a file later (or never)."""

    location: str  # catalog location
    day: dt.date
    number: str
    arrived_at: dt.datetime
    concern: str  # catalog walk_in_concern (coarse: no free text)
    unit: str  # catalog unit: the queue the ticket stands in now
    status: str = "waiting"  # catalog walk_in_phase
    language: str = ""  # catalog language: the language the client needs
    interpreter: bool = False
    priority: list[str] = field(default_factory=list)  # catalog walk_in_priority
    client_id: str | None = None
    desk: str = ""  # where the client is called to ("Raum 2.14")
    called_by: str = ""  # user name of whoever called it last
    hops: int = 0  # transfers so far
    id: str = field(default_factory=new_id)


@dataclass
class WalkInPhase:
    """One change of a ticket's state: who, when, where, and for a transfer to which unit and
    why. Append-only: the phases are the visit's history and every queue statistic."""

    ticket_id: str
    location: str  # the ticket's (the phase is seen where the ticket is)
    phase: str  # catalog walk_in_phase
    at: dt.datetime
    unit: str  # the unit the ticket was with
    staff: str = ""  # user name
    to_unit: str = ""  # a transfer's target
    desk: str = ""
    reason: str = ""  # a transfer's or a hold's short reason
    client_id: str | None = None
    id: str = field(default_factory=new_id)


RECORD_KINDS: dict[str, type] = {
    "client": Client,
    "residence_status": ResidenceStatus,
    "household_link": HouseholdLink,
    "consultation": Consultation,
    "referral": Referral,
    "task": Task,
    "consent": Consent,
    "walk_in_ticket": WalkInTicket,
    "walk_in_phase": WalkInPhase,
}


def field_names(kind: type) -> list[str]:
    return [f.name for f in fields(kind)]


def to_dict(record: Any) -> dict[str, Any]:
    """A plain dict of a record (nested dataclasses become dicts)."""
    return asdict(record)
