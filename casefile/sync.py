"""The sync wire format and the merge rules, shared by the desktop and the server.

A device sends **operations** from its outbox; the server merges each into the record it
holds and answers per operation. A device pulls **changes** (the server's current state of a
record with the hybrid-logical-clock time of each field) since a cursor. Both sides import this
module, so the format and the rules exist once.

Merge in short (details and the table per kind in docs/sync-protocol.md):

* Each record field carries the HLC time of its last write. An update names, per field, the
  time of the value it was based on (``base``). If the server's field still has that time, the
  update simply applies. Otherwise the edit was concurrent: the later HLC wins
  (deterministic), and the losing value is kept as a conflict -- one a person must settle for
  identity fields, a history entry for the rest. A field missing from ``base`` has an unknown
  base: the later HLC wins and the overwritten value goes to history.
* Whenever a value is stored, its clock moves strictly past the clock it replaces, so an edit
  that was based on the replaced value is recognised as concurrent.
* Consultations are append-only: an update of a consultation is rejected (a correction is a
  new consultation with ``revision_of``).
* Deletes are tombstones; an update of a tombstoned record is rejected, never resurrects it.
  A delete of a record the server never had leaves a tombstone too (a restored server).
* A referral's status only moves forward; a task once done stays done unless a later reopen
  was based on the done state.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from casefile.hlc import Timestamp
from casefile.ids import is_valid_id
from casefile.validation import QT_TRANSLATE_NOOP  # the lupdate marker, defined once

PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1  # oldest client protocol the server still accepts
SCHEMA_VERSION = 1
MAX_OPS_PER_PUSH = 2000
MAX_FUTURE_MS = 5 * 60 * 1000  # HLC times further ahead of the server clock are clamped
MAX_TEXT = 100_000  # characters of one string value
MAX_ITEMS = 1_000  # elements of one list/object value
MAX_OP_ID = 64

# Record kinds the protocol knows, with the fields a device may write.
KIND_FIELDS: dict[str, frozenset[str]] = {
    "client": frozenset(
        {
            "family_name",
            "given_names",
            "birth_name",
            "birth_date",
            "birth_date_precision",
            "birth_place",
            "sex",
            "nationalities",
            "languages",
            "phone",
            "address",
            "target_group",
            "created_at",
            "updated_at",
            "last_contact_at",
            "deleted",
        }
    ),
    "client_alias": frozenset({"client_id", "family_name", "given_names", "kind"}),
    "client_identifier": frozenset({"client_id", "type", "value", "value_norm"}),
    "residence_status": frozenset(
        {
            "client_id",
            "status",
            "paragraph",
            "valid_from",
            "valid_until",
            "issuing_office",
            "created_at",
        }
    ),
    "household_link": frozenset({"client_id", "other_client_id", "relation"}),
    "consultation": frozenset(
        {
            "client_id",
            "started_at",
            "duration_min",
            "unit",
            "caseworker",
            "location",
            "kind",
            "topics",
            "language",
            "mediator_used",
            "mediator_name",
            "note",
            "outcome",
            "next_step",
            "revision_of",
            "created_at",
        }
    ),
    "referral": frozenset(
        {
            "client_id",
            "target",
            "reason",
            "referred_on",
            "status",
            "feedback",
            "consultation_id",
            "target_kind",
            "offer_id",
            "unit",
            "topic",
            "language",
            "location",
            "contact_by",
            "consent_id",
            "failure_reason",
            "referred_by",
            "referring_unit",
            "ticket_id",
            "created_at",
        }
    ),
    "task": frozenset(
        {
            "client_id",
            "due_date",
            "text",
            "assignee",
            "assignee_unit",
            "done",
            "done_at",
            "consultation_id",
            "created_at",
        }
    ),
    "consent": frozenset(
        {
            "client_id",
            "recipients",
            "categories",
            "purpose",
            "given_on",
            "valid_until",
            "withdrawn_on",
            "form_reference",
            "created_at",
        }
    ),
    "walk_in_ticket": frozenset(
        {
            "location",
            "day",
            "number",
            "arrived_at",
            "concern",
            "unit",
            "status",
            "language",
            "interpreter",
            "priority",
            "client_id",
            "desk",
            "called_by",
            "hops",
            "created_at",
        }
    ),
    "walk_in_phase": frozenset(
        {
            "ticket_id",
            "location",
            "phase",
            "at",
            "unit",
            "staff",
            "to_unit",
            "desk",
            "reason",
            "client_id",
            "created_at",
        }
    ),
    "provider": frozenset(
        {
            "address",
            "description",
            "email",
            "name",
            "phone",
            "unit",
            "website",
            "created_at",
        }
    ),
    "offer": frozenset(
        {
            "accessibility",
            "active",
            "appointment_only",
            "contact_name",
            "cost",
            "description",
            "eligibility",
            "email",
            "hours",
            "languages",
            "name",
            "phone",
            "places",
            "provider_id",
            "target_groups",
            "topics",
            "translations",
            "verified_by",
            "verified_on",
            "website",
            "what_to_bring",
            "created_at",
        }
    ),
    "mediator": frozenset(
        {
            "active",
            "address",
            "areas",
            "availability",
            "own_client_id",
            "email",
            "family_name",
            "given_names",
            "kind",
            "languages",
            "note",
            "phone",
            "settings",
            "vetting",
            "created_at",
        }
    ),
    "mediator_booking": frozenset(
        {
            "address",
            "client_id",
            "consultation_id",
            "duration_min",
            "language",
            "location",
            "mediator_id",
            "mediator_name",
            "note",
            "requested_by",
            "setting",
            "starts_at",
            "status",
            "ticket_id",
            "unit",
            "created_at",
        }
    ),
    "hours_entry": frozenset(
        {
            "allowance_cents",
            "booking_id",
            "consultation_id",
            "km",
            "mediator_id",
            "minutes",
            "note",
            "paid_on",
            "reviewed_by",
            "status",
            "unit",
            "worked_on",
            "created_at",
        }
    ),
}
# --- issue 20: consulting hours ---
KIND_FIELDS["consulting_hours"] = frozenset(
    {
        "unit",
        "location",
        "kind",
        "rrule",
        "opens",
        "closes",
        "valid_from",
        "valid_until",
        "exceptions",
        "extra_dates",
        "note",
        "active",
        "created_at",
    }
)
# --- issue 20: support plan ---
KIND_FIELDS.update(
    {
        "support_plan": frozenset(
            {
                "case_manager",
                "client_id",
                "language",
                "next_review",
                "note",
                "signed_on",
                "signed_reference",
                "started_on",
                "status",
                "unit",
                "created_at",
            }
        ),
        "plan_goal": frozenset(
            {
                "achievement",
                "area",
                "client_id",
                "plan_id",
                "target_date",
                "text",
                "unit",
                "created_at",
            }
        ),
        "plan_step": frozenset(
            {
                "area",
                "assignee",
                "client_id",
                "done_on",
                "due_date",
                "goal_id",
                "offer_id",
                "owner_kind",
                "plan_id",
                "plan_unit",
                "status",
                "text",
                "unit",
                "created_at",
            }
        ),
        "plan_review": frozenset(
            {
                "client_id",
                "goals",
                "next_review",
                "note",
                "plan_id",
                "reviewed_by",
                "reviewed_on",
                "unit",
                "created_at",
            }
        ),
    }
)
# --- issue 21: project participation ---
KIND_FIELDS["project_participation"] = frozenset(
    {
        "client_id",
        "project",
        "unit",
        "started_on",
        "ended_on",
        "exit_reason",
        "note",
        "created_at",
    }
)
# Fields whose concurrent edits need a person: the losing value opens a visible conflict.
IDENTITY_FIELDS = frozenset(
    {
        "family_name",
        "given_names",
        "birth_name",
        "birth_date",
        "birth_date_precision",
        "sex",
        "nationalities",
        "birth_place",
    }
)
PERSON_FIELDS: dict[str, frozenset[str]] = {
    "client": IDENTITY_FIELDS,
    "client_identifier": frozenset({"type", "value"}),  # file numbers are identity too
}
ID_FIELDS = frozenset(
    {
        "client_id",
        "other_client_id",
        "consultation_id",
        "revision_of",
        "ticket_id",
        "offer_id",
        "provider_id",
        "mediator_id",
        "booking_id",
        "consent_id",
        "own_client_id",
    }
)
APPEND_ONLY = frozenset({"consultation", "walk_in_phase"})
# Kinds whose records may exist without a client file: a client is one, an anonymous walk-in's
# ticket (and its phases) may be linked to a file later, or never.
# The directory (providers, offers) and the mediators' pool are nobody's file; a mediator is
# booked, and hours are logged, for walk-ins without a file too.
WITHOUT_CLIENT = frozenset(
    {
        "client",
        "walk_in_ticket",
        "walk_in_phase",
        "provider",
        "offer",
        "mediator",
        "mediator_booking",
        "hours_entry",
        "consulting_hours",  # issue 20: the directory's hours, nobody's file
    }
)
REFERRAL_ORDER = {
    "proposed": 0,
    "sent": 1,
    "accepted": 2,
    "attended": 3,
    "failed": 3,
    "cancelled": 4,
}
# Statuses that only move forward: a concurrent edit never moves one back (the later state of
# a referral, a booking, an hours entry wins; equal ranks fall back to the clocks).
STATUS_ORDER: dict[str, dict[str, int]] = {
    "referral": REFERRAL_ORDER,
    "mediator_booking": {"requested": 0, "booked": 1, "done": 2, "cancelled": 2, "no_show": 2},
    "hours_entry": {"recorded": 0, "reviewed": 1, "paid": 2},
}
# --- issue 20: support plan ---
# A plan's goals, steps and reviews name their plan (and a step its goal) by id.
ID_FIELDS = ID_FIELDS | {"plan_id", "goal_id"}

# --- issue 20: group sessions ---
KIND_FIELDS["group_session"] = frozenset(
    {
        "unit",
        "title",
        "topic",
        "starts_at",
        "location",
        "duration_min",
        "series_id",
        "series_no",
        "series_count",
        "languages",
        "facilitator",
        "mediator_name",
        "participant_ids",
        "anonymous_count",
        "note",
        "recorded",
        "created_at",
    }
)
KIND_FIELDS["attendance"] = frozenset(
    {"session_id", "client_id", "unit", "status", "hours", "consultation_id", "topic", "created_at"}
)
KIND_FIELDS["consultation"] = KIND_FIELDS["consultation"] | {"group_session_id"}
ID_FIELDS = ID_FIELDS | {"session_id", "group_session_id", "series_id"}
# A session is nobody's file: it lists its participants, each attendance is in one file.
WITHOUT_CLIENT = WITHOUT_CLIENT | {"group_session"}


def _group_consultation(kind: str, *states: dict[str, Any]) -> bool:
    """A consultation written by a group session's attendance sheet (``group_session_id``):
    not append-only. Its id is deterministic (casefile.ids.group_consultation_id), so two
    facilitators who record the same session offline write the same consultation; the second
    create merges field by field like any record's, and a corrected sheet updates it."""
    return kind == "consultation" and all(s.get("group_session_id") for s in states)


APPLIED, REDIRECTED, CONFLICT, REJECTED = "applied", "redirected", "conflict", "rejected"

# German texts for the machine-readable reasons, for lists a person reads (the desktop
# translates them with the context "sync").
REASONS: dict[str, str] = {
    "unknown_kind": QT_TRANSLATE_NOOP("sync", "Unbekannte Datensatzart."),
    "unknown_operation": QT_TRANSLATE_NOOP("sync", "Unbekannte Operation."),
    "unknown_fields": QT_TRANSLATE_NOOP("sync", "Unbekannte Felder."),
    "invalid_value": QT_TRANSLATE_NOOP("sync", "Ungültiger Feldwert."),
    "invalid_clock": QT_TRANSLATE_NOOP("sync", "Ungültige Zeitangabe (HLC)."),
    "invalid_id": QT_TRANSLATE_NOOP("sync", "Ungültige Kennung."),
    "id_mismatch": QT_TRANSLATE_NOOP("sync", "Die Kennung im Datensatz passt nicht zur Operation."),
    "id_clash": QT_TRANSLATE_NOOP(
        "sync", "Diese Kennung gehört bereits zu einem Datensatz anderer Art."
    ),
    "missing_field": QT_TRANSLATE_NOOP("sync", "Ein Pflichtfeld fehlt."),
    "malformed_operation": QT_TRANSLATE_NOOP("sync", "Die Operation ist fehlerhaft aufgebaut."),
    "duplicate_op_id": QT_TRANSLATE_NOOP(
        "sync", "Diese Operationskennung wurde schon von einem anderen Gerät verwendet."
    ),
    "unknown_record": QT_TRANSLATE_NOOP(
        "sync", "Der Datensatz ist auf dem Server nicht vorhanden."
    ),
    "deleted": QT_TRANSLATE_NOOP(
        "sync", "Der Datensatz wurde gelöscht; die Änderung wurde nicht übernommen."
    ),
    "append_only": QT_TRANSLATE_NOOP(
        "sync", "Beratungen werden nicht überschrieben; bitte eine Korrektur anlegen."
    ),
    "erase_only": QT_TRANSLATE_NOOP(
        "sync",
        "Eine Klientenakte wird nur über einen Löschauftrag gelöscht (Datenschutz); die Löschung wurde nicht übernommen.",
    ),
    "consent_recorder": QT_TRANSLATE_NOOP(
        "sync",
        "Diese Einwilligung öffnet Daten, die Ihre Einheit nicht führt; sie wird von der Einheit erfasst, die die Daten führt.",
    ),
    "form_reference": QT_TRANSLATE_NOOP(
        "sync", "Bitte die Nummer des unterschriebenen Einwilligungsformulars angeben."
    ),
    "forbidden": QT_TRANSLATE_NOOP(
        "sync",
        "Keine Berechtigung: Dieser Bereich der Akte gehört einer anderen Einheit oder Ihrer Rolle ist das Schreiben nicht erlaubt.",
    ),
    "unknown_assignee": QT_TRANSLATE_NOOP(
        "sync",
        "Die zuständige Person ist nicht im Verzeichnis der MiA; die Wiedervorlage hätte niemandem gehört.",
    ),
    "assignee_unit_mismatch": QT_TRANSLATE_NOOP(
        "sync", "Die zuständige Person gehört nicht zum angegebenen Sachgebiet."
    ),
    "unknown_mediator": QT_TRANSLATE_NOOP(
        "sync", "Die Sprachmittlerin oder der Sprachmittler ist nicht im Verzeichnis."
    ),
    "with_consultation": QT_TRANSLATE_NOOP(
        "sync", "Die Wiedervorlage gehört zu einer Beratung, die nicht übernommen wurde."
    ),
    "referral_consent": QT_TRANSLATE_NOOP(
        "sync", "Die Verweisung gibt Daten der Person außer Haus; dafür fehlt die Einwilligung."
    ),
    "referral_offer": QT_TRANSLATE_NOOP(
        "sync", "Das Angebot der Verweisung ist im Angebotsverzeichnis nicht bekannt."
    ),
    "ticket_number": QT_TRANSLATE_NOOP(
        "sync",
        "Die Wartenummer gehört nicht zum Nummernkreis dieses Geräts; bitte einmal mit dem Server verbinden.",
    ),
    "ticket_phase": QT_TRANSLATE_NOOP(
        "sync", "Die Wartemarke war schon in einem anderen Stand; die Änderung passt nicht mehr."
    ),
    "call_on_server": QT_TRANSLATE_NOOP(
        "sync",
        "Aufgerufen wird nur über den Server, damit nie zwei Personen dieselbe Wartemarke aufrufen.",
    ),
}


def _fields_of(cls: Any, d: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in d.items() if k in names}


# The wire shapes below are the one definition of what goes over the wire: the server
# publishes them in /openapi.json as they are (sync_server.models uses them in its answers).
# Stdlib dataclasses, so this module needs no HTTP library; the dict is the pydantic config
# the server's schema generator reads: no key an answer does not have, the attribute
# docstrings as descriptions, and every key listed as present in an answer (the server always
# sends every field, defaults included).
WIRE_CONFIG = {
    "extra": "forbid",
    "use_attribute_docstrings": True,
    "json_schema_serialization_defaults_required": True,
}


@dataclass
class Op:
    """One change a device made: create, update (changed fields only) or delete."""

    __pydantic_config__ = WIRE_CONFIG
    op_id: str
    kind: str
    record_id: str
    op: str
    """create | update | delete"""
    hlc: str
    """encoded HLC: 15-digit wall ms, 5-digit counter, node (when the device made it)"""
    fields: dict[str, Any] = field(default_factory=dict)
    base: dict[str, str | None] = field(default_factory=dict)
    """field -> HLC of the value the edit was based on"""

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Op:
        """Build an Op from its wire dict; unknown keys are ignored (newer clients)."""
        if not isinstance(d, dict):
            raise ProtocolError("malformed_operation", "not an object")
        try:
            return cls(**_fields_of(cls, d))
        except TypeError as exc:  # a required key is missing
            raise ProtocolError("malformed_operation", str(exc)) from exc

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Conflict:
    """A concurrent edit of one field: ``value`` lost to ``winner_value`` but is kept."""

    __pydantic_config__ = WIRE_CONFIG
    field: str
    value: Any
    hlc: str
    winner_value: Any
    winner_hlc: str
    needs_person: bool
    id: str = ""
    """the stored conflict's id (set by the server when it stores the conflict)"""


@dataclass
class RecordOut:
    """The server's state of a record after a push (nothing of a record the user may not see)."""

    # What a device is sent of a record: RecordState without the server's bookkeeping.
    __pydantic_config__ = WIRE_CONFIG
    fields: dict[str, Any] = field(default_factory=dict)
    clocks: dict[str, str] = field(default_factory=dict)
    deleted: bool = False

    @classmethod
    def wire(cls, state: RecordOut) -> dict[str, Any]:
        """The JSON object a device is sent of *state* (a :class:`RecordState` too): the
        fields of this class only, the values as they are (not copied)."""
        return {f.name: getattr(state, f.name) for f in dataclasses.fields(cls)}


@dataclass
class OpResult:
    """The server's answer to one op; ``hlc`` is the time the server recorded it under."""

    __pydantic_config__ = WIRE_CONFIG
    op_id: str
    """the op's ``op_id`` as sent (echoed even when invalid)"""
    status: str
    """applied | redirected | conflict | rejected"""
    record_id: str = ""
    """the record the op applied to (as sent when rejected)"""
    reason: str = ""
    """machine-readable code when rejected (see REASONS)"""
    conflicts: list[Conflict] = field(default_factory=list)
    clamped: bool = False
    detail: str = ""
    hlc: str = ""
    """the time the server recorded the op under"""
    record: RecordOut | None = None
    """the server's state of the record after the batch"""
    # The device replaces its optimistic local copy with ``record`` once no other op of its
    # own is pending, so an edit that lost (or a replayed op) cannot leave the device on a
    # value nobody else has.

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> OpResult:
        d = _fields_of(cls, d)
        d["conflicts"] = [Conflict(**_fields_of(Conflict, c)) for c in d.get("conflicts", [])]
        record = d.get("record")
        d["record"] = (
            RecordOut(**_fields_of(RecordOut, record)) if isinstance(record, dict) else None
        )
        return cls(**d)


@dataclass(kw_only=True)
class Change(RecordOut):
    """A pulled change: the server's current state of one record, at ``seq`` in the stream."""

    # The server builds this JSON in SQL (sync_server.service), seq, kind, id, client_id first.
    seq: int
    kind: str
    id: str
    client_id: str | None


@dataclass
class RecordState(RecordOut):
    """What a replica holds of one record: field values, per-field HLC times, tombstone.

    ``origins`` (server only) remembers, per field, the time the writing device itself used
    when the server stored the value under another time (clamped or moved past the old one),
    so that device's next edit based on its own time still counts as based on the current value.
    ``exists`` and ``origins`` are never sent (:meth:`RecordOut.wire`).
    """

    exists: bool = True
    origins: dict[str, str] = field(default_factory=dict)


@dataclass
class Merge:
    state: RecordState
    status: str
    reason: str = ""
    conflicts: list[Conflict] = field(default_factory=list)
    changed: bool = False


class ProtocolError(ValueError):
    """A malformed operation; ``reason`` is a stable machine-readable code."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def valid_hlc(text: Any) -> bool:
    """True for a canonically encoded timestamp (string order must equal time order)."""
    if not isinstance(text, str) or len(text) > 64:
        return False
    try:
        ts = Timestamp.decode(text)
    except ValueError:
        return False
    return bool(ts.node) and ts.encode() == text and ts.wall_ms >= 0 and 0 <= ts.counter <= 99999


# Characters no database text can hold: NUL (PostgreSQL text and jsonb refuse it) and lone
# UTF-16 surrogates (JSON's "\ud800" decodes to one; it has no UTF-8 encoding).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
OP_ID_RE = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def storable_text(text: str) -> bool:
    """True if *text* holds no NUL character and no lone surrogate."""
    if text.isascii():
        return "\x00" not in text
    return _UNSTORABLE.search(text) is None


def _shown(value: Any, limit: int = 80) -> str:
    """*value* as text for a rejection's ``detail``: cut, and storable (the detail is stored
    and sent back, so it must not carry the NUL or surrogate that got the op rejected)."""
    return _UNSTORABLE.sub("\ufffd", str(value)[:limit])


def _json_ok(value: Any, depth: int = 0) -> bool:
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, int):
        return abs(value) <= 2**53
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, str):
        return len(value) <= MAX_TEXT and storable_text(value)
    if depth >= 4:
        return False
    if isinstance(value, list):
        return len(value) <= MAX_ITEMS and all(_json_ok(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return len(value) <= MAX_ITEMS and all(
            isinstance(k, str)
            and len(k) <= MAX_TEXT
            and storable_text(k)
            and _json_ok(v, depth + 1)
            for k, v in value.items()
        )
    return False


def _check_value(kind: str, name: str, value: Any) -> None:
    ok = _json_ok(value)
    if ok and name in ID_FIELDS and value is not None:
        ok = is_valid_id(value)
    if ok and kind in STATUS_ORDER and name == "status":
        ok = isinstance(value, str) and value in STATUS_ORDER[kind]
    if ok and kind == "task" and name == "done":
        ok = isinstance(value, (bool, int)) and value in (0, 1)
    if not ok:
        raise ProtocolError("invalid_value", name)


def check_op(op: Op) -> None:
    """Structural checks independent of any stored state (raises ProtocolError).

    Every string of the op -- op id, record id, clocks, field names and values, ``base`` keys
    -- must be storable: a NUL character or a lone surrogate rejects this op alone
    (``invalid_id`` for the ids, ``invalid_clock`` for clocks, ``invalid_value`` otherwise).
    The op id is 1-64 characters of ``A-Z a-z 0-9 . _ : -`` (a UUID in practice); the record
    id and ``*_id`` values are canonical lower-case UUIDs (:func:`casefile.ids.is_valid_id`).
    Whether the values make a valid record is :func:`casefile.wire.check_fields`' question.
    """
    if not isinstance(op.op_id, str) or not OP_ID_RE.fullmatch(op.op_id):
        raise ProtocolError("invalid_id", "op_id")
    if not isinstance(op.kind, str) or op.kind not in KIND_FIELDS:
        raise ProtocolError("unknown_kind", _shown(op.kind))
    if op.op not in ("create", "update", "delete"):
        raise ProtocolError("unknown_operation", _shown(op.op))
    if not is_valid_id(op.record_id):
        raise ProtocolError("invalid_id", "record_id")
    if not valid_hlc(op.hlc) or not storable_text(op.hlc):
        raise ProtocolError("invalid_clock", _shown(op.hlc))
    if not isinstance(op.fields, dict) or not isinstance(op.base, dict):
        raise ProtocolError("malformed_operation", "fields and base must be objects")
    unknown = set(op.fields) - KIND_FIELDS[op.kind] - {"id"}
    if unknown:
        raise ProtocolError("unknown_fields", _shown(", ".join(sorted(map(str, unknown))), 500))
    if "id" in op.fields and op.fields["id"] != op.record_id:
        raise ProtocolError("id_mismatch", _shown(op.fields["id"]))
    for name, value in op.fields.items():
        if name != "id":
            _check_value(op.kind, name, value)
    for name, stamp in op.base.items():
        if not isinstance(name, str) or len(name) > MAX_OP_ID or not storable_text(name):
            raise ProtocolError("invalid_value", "base")
        if stamp is not None and not (valid_hlc(stamp) and storable_text(stamp)):
            raise ProtocolError("invalid_clock", f"base of {_shown(name)}")
    if op.op == "create" and op.kind not in WITHOUT_CLIENT and not op.fields.get("client_id"):
        raise ProtocolError("missing_field", "client_id")


def clamp(hlc: str, server_now_ms: int, device_offset_ms: int = 0) -> tuple[str, bool]:
    """Clamp an HLC time that lies too far in the future (a device clock running fast).

    *device_offset_ms* is how far the device's clock ran ahead of the server's when it sent
    the op (from the push's ``device_time``). A time too far ahead is then moved back by that
    offset, to when the edit was really made -- a fast device that stayed offline for hours
    must not win against the edits made meanwhile -- and never later than the server's now.
    """
    ts = Timestamp.decode(hlc)
    if ts.wall_ms > server_now_ms + MAX_FUTURE_MS:
        wall = server_now_ms
        if device_offset_ms > MAX_FUTURE_MS:
            wall = max(0, min(server_now_ms, ts.wall_ms - device_offset_ms))
        return Timestamp(wall, ts.counter, ts.node).encode(), True
    return hlc, False


# Upgrades of ops sent by clients of an older record schema: {from_version: function}.
# Each turns an op of schema N into one of schema N + 1 (renamed fields, split values, ...).
UPGRADES: dict[int, Callable[[Op], Op]] = {}


def upgrade_op(op: Op, from_schema: int) -> Op:
    """Bring an op written under an older record schema up to SCHEMA_VERSION."""
    for version in range(from_schema, SCHEMA_VERSION):
        step = UPGRADES.get(version)
        if step is not None:
            op = step(op)
    return op


def _wins(new_hlc: str, old_hlc: str | None) -> bool:
    return old_hlc is None or new_hlc > old_hlc


def _after(old_hlc: str, node: str) -> str:
    """The smallest time after *old_hlc* (used when a value applies by rule, not by time)."""
    old = Timestamp.decode(old_hlc)
    if old.counter < 99999:
        return Timestamp(old.wall_ms, old.counter + 1, node).encode()
    return Timestamp(old.wall_ms + 1, 0, node).encode()


class _FieldMerge:
    """The per-field decisions of one update (a helper of :func:`merge`)."""

    def __init__(self, kind: str, state: RecordState, op: Op, sent: str):
        self.kind, self.state, self.op, self.sent = kind, state, op, sent
        self.node = Timestamp.decode(op.hlc).node
        self.conflicts: list[Conflict] = []
        self.person_fields = PERSON_FIELDS.get(kind, frozenset())

    def stamp(self, name: str, clock: str) -> None:
        self.state.clocks[name] = clock
        if clock != self.sent:
            self.state.origins[name] = self.sent
        else:
            self.state.origins.pop(name, None)

    def based_on_current(self, name: str) -> tuple[bool, bool]:
        """(is the op based on the stored value, did the op name its base)."""
        old_hlc = self.state.clocks.get(name)
        if name not in self.op.base:
            return old_hlc is None, False
        base = self.op.base[name]
        return base == old_hlc or (base is not None and self.state.origins.get(name) == base), True

    def apply(self, name: str, value: Any, *, loser_kept: bool, needs_person: bool = False) -> None:
        old_value, old_hlc = self.state.fields.get(name), self.state.clocks.get(name)
        if loser_kept:
            self.conflicts.append(
                Conflict(name, old_value, old_hlc or "", value, self.op.hlc, needs_person)
            )
        self.state.fields[name] = value
        self.stamp(
            name,
            self.op.hlc if _wins(self.op.hlc, old_hlc) else _after(cast(str, old_hlc), self.node),
        )

    def lose(self, name: str, value: Any, needs_person: bool = False) -> None:
        self.conflicts.append(
            Conflict(
                name,
                value,
                self.op.hlc,
                self.state.fields.get(name),
                self.state.clocks.get(name) or "",
                needs_person,
            )
        )

    def merge_field(self, name: str, value: Any, done_outcome: str | None) -> str | None:
        """Merge one field; returns "won"/"lost" for the task's done flag, else None."""
        state = self.state
        old_value, old_hlc = state.fields.get(name), state.clocks.get(name)
        if name in state.fields and old_value == value:
            # Same value: nothing is lost; keep the later clock so every replica agrees on it.
            self.stamp(name, self.op.hlc if _wins(self.op.hlc, old_hlc) else cast(str, old_hlc))
            return None
        current, named = self.based_on_current(name)
        if self.kind in STATUS_ORDER and name == "status":
            order = STATUS_ORDER[self.kind]
            new_rank = order.get(value, -1)
            old_rank = order.get(cast(str, old_value), -1)
            if new_rank < old_rank:  # status never goes back
                self.lose(name, value)
                return None
            if new_rank > old_rank:
                self.apply(name, value, loser_kept=not current)
                return None
        if self.kind == "task" and name == "done":
            if value:  # done wins over a concurrent reopen
                self.apply(name, value, loser_kept=not current)
                return "won"
            if not current:  # a reopen must be based on the done state
                self.lose(name, value)
                return "lost"
            self.apply(name, value, loser_kept=False)
            return "won"
        if self.kind == "task" and name == "done_at" and done_outcome is not None:
            if done_outcome == "lost":
                self.lose(name, value)
            else:
                self.apply(name, value, loser_kept=not current)
            return None
        person = named and name in self.person_fields
        if current:
            self.apply(name, value, loser_kept=False)
        elif _wins(self.op.hlc, old_hlc):
            self.apply(name, value, loser_kept=True, needs_person=person)
        else:
            self.lose(name, value, needs_person=name in self.person_fields)
        return None


def merge(kind: str, current: RecordState, op: Op, *, sent_hlc: str | None = None) -> Merge:
    """Merge one operation into the current state of its record (pure function).

    ``op.hlc`` is the time to record the op under (clamped by the server if needed);
    ``sent_hlc`` is the time the device itself used, if different.
    """
    sent = sent_hlc or op.hlc
    state = RecordState(
        dict(current.fields),
        dict(current.clocks),
        current.deleted,
        current.exists,
        dict(current.origins),
    )
    values = {k: v for k, v in op.fields.items() if k != "id"}
    if op.op == "create":
        if not current.exists:
            state.exists = True
            state.fields = values
            state.clocks = {k: op.hlc for k in values}
            state.origins = {k: sent for k in values} if sent != op.hlc else {}
            return Merge(state, APPLIED, changed=True)
        if current.deleted:
            return Merge(state, REJECTED, "deleted")
        if kind in APPEND_ONLY and not _group_consultation(kind, current.fields, values):
            # The same create pushed again (e.g. after a server restore) changes nothing.
            same = all(current.fields.get(k) == v for k, v in values.items())
            return Merge(state, APPLIED) if same else Merge(state, REJECTED, "append_only")
        # A create of a record the server already has: its fields are edits from no base.
        op = dataclasses.replace(op, op="update", base={k: None for k in values})
    if not current.exists:
        if op.op == "delete":
            # A delete of a record this server never had (it was restored from a backup taken
            # before the record's create): the tombstone is stored, so the create -- replayed
            # later by the device that made it -- cannot bring the record back.
            state.exists, state.deleted = True, True
            state.clocks = {"_deleted": op.hlc}
            return Merge(state, APPLIED, changed=True)
        return Merge(state, REJECTED, "unknown_record")
    if op.op == "delete":
        if current.deleted:  # deleted already: what the device wanted holds
            return Merge(state, APPLIED)
        state.deleted = True
        state.clocks["_deleted"] = op.hlc
        return Merge(state, APPLIED, changed=True)
    if current.deleted:
        return Merge(state, REJECTED, "deleted")
    if kind in APPEND_ONLY and not _group_consultation(kind, current.fields):
        return Merge(state, REJECTED, "append_only")
    fm = _FieldMerge(kind, state, op, sent)
    # The done flag is decided first: done_at follows its outcome.
    done_outcome = (
        fm.merge_field("done", values["done"], None)
        if kind == "task" and "done" in values
        else None
    )
    for name, value in values.items():
        if not (kind == "task" and name == "done"):
            fm.merge_field(name, value, done_outcome)
    status = CONFLICT if any(c.needs_person for c in fm.conflicts) else APPLIED
    changed = state.fields != current.fields or state.clocks != current.clocks
    return Merge(state, status, conflicts=fm.conflicts, changed=changed)
