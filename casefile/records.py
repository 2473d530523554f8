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
    group_session_id: str | None = None  # the group session it was recorded from (kind group)
    id: str = field(default_factory=new_id)


@dataclass
class Referral:
    """Verweisberatung: the client was sent to an offer of the directory, a unit under the one
    roof, or another (external) body -- and later, whether it worked.

    ``target`` is what the slip and the card show (the offer's or body's name; for a unit its
    code). ``contact_by`` says who gets in touch: ``client`` (the client takes the slip and goes;
    no data leave the roof) or ``agency`` (the agency passes the client's details on, which needs
    the client's consent naming the recipient, ``consent_id``: see casefile.referrals).
    A referral that is ``failed`` ("nicht erfolgreich") carries a ``failure_reason``; the reasons
    flagged ``unmet`` in that catalog count as unmet needs (topic x language x place x month)."""

    client_id: str
    target: str  # display name: offer/body name or unit code
    reason: str
    referred_on: dt.date
    status: str = "proposed"  # catalog referral_status
    feedback: str = ""
    consultation_id: str | None = None
    target_kind: str = "external"  # offer | unit | external
    offer_id: str | None = None  # directory offer (target_kind offer)
    unit: str = ""  # catalog unit (target_kind unit)
    topic: str = ""  # catalog topic: the need
    language: str = ""  # catalog language: the language the client needs there
    location: str = ""  # catalog location: where the need is (the client's place)
    contact_by: str = "client"  # client | agency
    consent_id: str | None = None  # the consent that lets data go to the recipient
    failure_reason: str = ""  # catalog referral_failure (status failed)
    referred_by: str = ""  # user name
    referring_unit: str = ""  # catalog unit
    ticket_id: str | None = None  # the walk-in ticket it came from
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


# --- the offer directory (Open Referral HSDS 3.0 names) -------------------------------------


@dataclass
class Provider:
    """An organisation that runs offers (HSDS ``organization``)."""

    name: str
    description: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    unit: str = ""  # catalog unit, if the provider is a unit under the one roof
    id: str = field(default_factory=new_id)


@dataclass
class OfferLanguage:
    """A language an offer is held in (HSDS ``language`` with its ``note``)."""

    code: str  # catalog language
    note: str = ""  # e.g. "mit Sprachmittlung nach Absprache"


@dataclass
class OfferPlace:
    """Where an offer is held: a catalog location, or an address (HSDS ``location``)."""

    name: str = ""
    location: str = ""  # catalog location (the county's places), "" for an address only
    address: str = ""
    postal_code: str = ""
    city: str = ""


@dataclass
class OfferHours:
    """A recurring time (HSDS ``schedule``): an iCal RRULE with a start and end time of day."""

    rrule: str  # e.g. "FREQ=WEEKLY;BYDAY=TU,TH"
    opens_at: str = ""  # "09:00"
    closes_at: str = ""  # "12:00"
    note: str = ""


@dataclass
class OfferText:
    """An offer's words in another language (Integreat's multilingual entries)."""

    language: str  # catalog language
    name: str = ""
    description: str = ""
    what_to_bring: str = ""


@dataclass
class Offer:
    """An entry of the county's directory of offers (VielFalter; HSDS ``service``).

    ``verified_on`` / ``verified_by`` say when and by whom the entry was *checked* (HSDS
    ``assured_date``) -- not when it was last edited; an entry not verified for longer than the
    directory's period (resources/directory/rules.toml) is shown as stale."""

    provider_id: str
    name: str
    topics: list[str] = field(default_factory=list)  # catalog topic
    description: str = ""
    target_groups: list[str] = field(default_factory=list)  # catalog target_group
    eligibility: str = ""
    languages: list[OfferLanguage] = field(default_factory=list)
    places: list[OfferPlace] = field(default_factory=list)
    hours: list[OfferHours] = field(default_factory=list)
    appointment_only: bool = False
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    cost: str = ""  # "" = free of charge
    accessibility: str = ""
    what_to_bring: str = ""
    translations: list[OfferText] = field(default_factory=list)
    verified_on: dt.date | None = None
    verified_by: str = ""
    active: bool = True
    id: str = field(default_factory=new_id)


# --- language mediators and volunteers -----------------------------------------------------


@dataclass
class MediatorLanguage:
    code: str  # catalog language
    level: str = "fluent"  # native | fluent | basic


@dataclass
class VettingItem:
    """A precondition of work in the pool: training, confidentiality declaration, police
    certificate (catalog vetting_item), done on, valid until (None: does not expire)."""

    item: str
    done_on: dt.date | None = None
    valid_until: dt.date | None = None


@dataclass
class Mediator:
    """A member of the pool of language mediators and volunteers (personal data: the policy
    decides who sees it, the volunteering unit and coordination by default)."""

    family_name: str
    given_names: str
    kind: str = "volunteer"  # volunteer | professional
    languages: list[MediatorLanguage] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)  # on_site | phone | video
    areas: list[str] = field(default_factory=list)  # catalog location
    availability: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    vetting: list[VettingItem] = field(default_factory=list)
    own_client_id: str | None = None  # the mediator's own client file, if any (household
    # check); not "client_id": the pool entry is not part of that file (erasure, merges)
    active: bool = True
    note: str = ""
    id: str = field(default_factory=new_id)

    @property
    def display_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


@dataclass
class MediatorBooking:
    """A mediator asked for a consultation or a walk-in: requested -> booked -> done /
    cancelled / no_show (catalog booking_status). ``unit`` is the unit that asked (it owns the
    booking; the pool's unit works it)."""

    language: str  # catalog language
    starts_at: dt.datetime
    unit: str  # catalog unit
    client_id: str | None = None
    duration_min: int = 60
    setting: str = "on_site"  # on_site | phone | video
    location: str = ""  # catalog location
    address: str = ""
    mediator_id: str | None = None
    mediator_name: str = ""  # shown to the unit that asked (it may not see the pool)
    status: str = "requested"  # catalog booking_status
    requested_by: str = ""  # user name
    consultation_id: str | None = None
    ticket_id: str | None = None
    note: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class HoursEntry:
    """Time a mediator worked, kilometres driven, and the allowance it earns at the rates of
    resources/mediation/rates.toml: recorded -> reviewed -> paid (catalog hours_status)."""

    mediator_id: str
    worked_on: dt.date
    minutes: int
    unit: str  # catalog unit where the mediation was held
    km: float = 0.0
    allowance_cents: int = 0
    booking_id: str | None = None
    consultation_id: str | None = None
    status: str = "recorded"
    reviewed_by: str = ""
    paid_on: dt.date | None = None
    note: str = ""
    id: str = field(default_factory=new_id)


# --- issue 20: support plan ---


@dataclass
class SupportPlan:
    """Förderplan / Hilfeplan of case management: the client's goals (:class:`PlanGoal`) and
    the steps agreed to reach them (:class:`PlanStep`), reviewed from time to time
    (:class:`PlanReview`). ``unit`` is the case-managing unit (it owns the plan);
    ``case_manager`` is the user who drew it up (the server stamps it from the token).
    ``next_review`` is a Wiedervorlage of the case manager / the plan's unit; ``language`` the
    client's language the plan is printed in beside German; ``signed_on`` and
    ``signed_reference`` record the paper both sides signed."""

    client_id: str
    unit: str  # catalog unit: owner
    started_on: dt.date
    case_manager: str = ""  # user name
    status: str = "active"  # active | closed
    next_review: dt.date | None = None
    language: str = ""  # catalog language: the print's second language
    signed_on: dt.date | None = None
    signed_reference: str = ""
    note: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class PlanGoal:
    """A goal of a support plan in clear words, by area (catalog plan_area; an area of health
    makes it a special category) with its achievement (catalog goal_achievement)."""

    plan_id: str
    client_id: str
    unit: str  # the plan's unit
    area: str  # catalog plan_area
    text: str
    achievement: str = "open"  # catalog goal_achievement
    target_date: dt.date | None = None
    id: str = field(default_factory=new_id)


@dataclass
class PlanStep:
    """An agreed step towards a goal: who does it (``owner_kind``: the client, a caseworker,
    a unit, an offer of the directory), by when, and how far it is (catalog step_status).

    ``unit`` owns the step: for ``owner_kind`` unit the unit named, else the plan's unit.
    ``plan_unit`` is the plan's unit: the access rules let it hand a step over to another
    unit (``[hand_over]`` in the policy file), which then finds it among its Wiedervorlagen."""

    plan_id: str
    goal_id: str
    client_id: str
    text: str
    owner_kind: str  # client | caseworker | unit | offer
    unit: str  # catalog unit: owner of the step
    plan_unit: str  # catalog unit: the plan's unit
    due_date: dt.date | None = None
    assignee: str = ""  # user name (owner_kind caseworker)
    offer_id: str | None = None  # directory offer (owner_kind offer)
    status: str = "open"  # catalog step_status
    done_on: dt.date | None = None
    area: str = ""  # catalog plan_area: copied from its goal
    id: str = field(default_factory=new_id)


@dataclass
class ReviewedGoal:
    """A goal as it stood at a review (kept in the review: the plan's history)."""

    goal_id: str
    achievement: str
    text: str = ""


@dataclass
class PlanReview:
    """Überprüfung of a support plan: when, by whom, each goal's achievement as it stood, a
    note, and the next review date. Kept: the reviews are the plan's history."""

    plan_id: str
    client_id: str
    unit: str  # the plan's unit
    reviewed_on: dt.date
    reviewed_by: str = ""  # user name (stamped by the server)
    note: str = ""
    goals: list[ReviewedGoal] = field(default_factory=list)
    next_review: dt.date | None = None
    id: str = field(default_factory=new_id)


PLAN_OWNER_KINDS = ("client", "caseworker", "unit", "offer")


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
    "provider": Provider,
    "offer": Offer,
    "mediator": Mediator,
    "mediator_booking": MediatorBooking,
    "hours_entry": HoursEntry,
}
# --- issue 20: support plan ---
RECORD_KINDS.update(
    {
        "support_plan": SupportPlan,
        "plan_goal": PlanGoal,
        "plan_step": PlanStep,
        "plan_review": PlanReview,
    }
)


# --- issue 20: group sessions ---


@dataclass
class GroupSession:
    """Gruppenberatung, e.g. one evening of a Wohnschulung: held by a unit (its owner), alone
    or as number ``series_no`` of ``series_count`` sessions that share ``series_id``.

    ``participant_ids`` is the list of participants with a client file (the saved list a later
    session of the series starts from); ``anonymous_count`` those without one. Once the
    attendance is recorded (``recorded``), every participant present has a consultation of
    kind ``group`` in his or her file (see desktop.store.groups.record_attendance). The id is
    deterministic (casefile.ids.group_session_id)."""

    unit: str  # catalog unit: the facilitator's unit
    title: str  # e.g. "Wohnschulung"
    topic: str  # catalog topic
    starts_at: dt.datetime
    location: str  # catalog location
    duration_min: int = 90
    series_id: str | None = None
    series_no: int = 1
    series_count: int = 1
    languages: list[str] = field(default_factory=list)  # catalog language
    facilitator: str = ""  # user name
    mediator_name: str = ""
    participant_ids: list[str] = field(default_factory=list)
    anonymous_count: int = 0
    note: str = ""
    recorded: bool = False
    id: str = field(default_factory=new_id)


@dataclass
class Attendance:
    """One participant's attendance of a group session: present / excused / absent (catalog
    attendance_status) and the hours present; ``consultation_id`` names the group
    consultation it wrote into the client's file (present only). Deterministic id
    (casefile.ids.attendance_id)."""

    session_id: str
    client_id: str
    unit: str  # the session's unit
    status: str = "present"  # catalog attendance_status
    hours: float = 0.0
    consultation_id: str | None = None
    topic: str = ""  # the session's topic: an attendance of a health session is health data
    id: str = field(default_factory=new_id)


RECORD_KINDS["group_session"] = GroupSession
RECORD_KINDS["attendance"] = Attendance
# --- issue 20: consulting hours ---------------------------------------------------------------


@dataclass
class ConsultingHours:
    """Sprechstunde: where and when a unit holds walk-in, decentral or phone hours -- a recurring
    time (iCal RRULE, as an offer's) from ``valid_from`` (the rule's first day) to
    ``valid_until``, without the ``exceptions`` (days cancelled) and with the ``extra_dates``
    (single days besides the rule). Part of the directory (read by all, kept by its
    maintainers); :mod:`casefile.consulting_hours` computes the days."""

    unit: str  # catalog unit
    location: str  # catalog location
    kind: str = "walk_in"  # catalog hours_kind: walk_in | decentral | phone
    rrule: str = ""  # e.g. "FREQ=WEEKLY;BYDAY=TU"; "" = the extra dates only
    opens: str = "09:00"  # HH:MM
    closes: str = "12:00"
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    exceptions: list[dt.date] = field(default_factory=list)
    extra_dates: list[dt.date] = field(default_factory=list)
    note: str = ""
    active: bool = True
    id: str = field(default_factory=new_id)


RECORD_KINDS["consulting_hours"] = ConsultingHours


# --- issue 21: project participation ---


@dataclass
class ProjectParticipation:
    """Teilnahme: a client's participation in a funded project (catalog ``project``) from
    ``started_on`` to ``ended_on`` (open while None), with the reason it ended (catalog
    ``exit_reason``). The section of the unit running the project (``unit``, its owner):
    funder lists and the proof of use (Verwendungsnachweis) are made from these records."""

    client_id: str
    project: str  # catalog project
    started_on: dt.date
    unit: str = "projects"  # catalog unit: owner
    ended_on: dt.date | None = None
    exit_reason: str = ""  # catalog exit_reason
    note: str = ""
    id: str = field(default_factory=new_id)


RECORD_KINDS["project_participation"] = ProjectParticipation


def field_names(kind: type) -> list[str]:
    return [f.name for f in fields(kind)]


def to_dict(record: Any) -> dict[str, Any]:
    """A plain dict of a record (nested dataclasses become dicts)."""
    return asdict(record)
