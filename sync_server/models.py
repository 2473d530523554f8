"""Request and response shapes of the HTTP API (pydantic), published in /openapi.json.

Requests are validated with these models. Responses are built as plain dicts and serialised
with orjson for speed; the response models here document them (a test checks real answers
against them). The sync wire shapes (op, op result, conflict, record state, pulled change) are
defined once, as dataclasses in :mod:`casefile.sync`; the models here use them as they are.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from casefile.sync import Change, Conflict, Op, OpResult, RecordOut

# The largest integer both databases hold (PostgreSQL BIGINT, SQLite INTEGER): the bound of
# every integer a request may carry (cursors, audit ids), so none reaches a query unbounded.
MAX_INT = 2**63 - 1
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(value: str) -> str:
    """Refuse NUL (PostgreSQL cannot store it in text) and lone surrogates (not encodable as
    UTF-8): the one check of every string a request carries (see :data:`Text`, :data:`Json`
    and ``api.clean_params``); the 422 names the field (``errors.invalid_character``)."""
    if "\x00" in value or _SURROGATE.search(value):
        raise PydanticCustomError(
            "invalid_character", "contains a NUL character or a lone surrogate"
        )
    return value


def check_json(value: Any) -> Any:
    """:func:`check_text` for every string (and key) of a JSON value, however deep."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            check_text(item)
        elif isinstance(item, dict):
            for key, inner in item.items():
                if isinstance(key, str):
                    check_text(key)
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)
    return value


try:
    from casefile.ids import canonical_id as _canonical
except ImportError:  # pragma: no cover - until casefile.ids has it (issue 13)

    def _canonical(text: object) -> str | None:
        if not isinstance(text, str) or len(text) != 36 or not text.isascii():
            return None
        try:
            lower = str(uuid.UUID(text))
        except ValueError:
            return None
        return lower if lower == text.lower() else None


def canonical_id(text: str) -> str:
    """An id from a path, query or body: a hyphenated UUID in any letter case becomes its
    canonical lower-case form (``casefile.ids.canonical_id``), so ``0190A...`` finds the same
    record as ``0190a...``; anything else stays as it is (and then matches nothing)."""
    return _canonical(text) or text


Text = Annotated[str, AfterValidator(check_text)]
Json = Annotated[Any, AfterValidator(check_json)]
# Ids in paths, queries and bodies: free text for old clients, but a UUID is canonicalised.
Id = Annotated[str, Field(max_length=100), AfterValidator(check_text), AfterValidator(canonical_id)]


class Answer(BaseModel):
    """A response model: the published schema lists every key an answer has (no others)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class RegisterRequest(BaseModel):
    user: Text = Field(min_length=1, max_length=100)
    password: Text = Field(min_length=1, max_length=1000)
    device_name: Text = Field(min_length=1, max_length=200)
    device_id: Text | None = Field(
        None,
        max_length=36,
        description=(
            "the laptop's device id from its earlier login: its token is replaced (rotated) "
            "instead of registering another device"
        ),
    )


class PasswordChange(BaseModel):
    old_password: Text = Field(min_length=1, max_length=1000)
    new_password: Text = Field(min_length=1, max_length=1000)


class PasswordChanged(Answer):
    changed: bool


class RegisterResponse(Answer):
    device_id: str
    token: str = Field(description="Shown once; the server keeps only its SHA-256.")
    must_change_password: bool = Field(
        description="a one-time password: only /account/password is allowed until it is changed"
    )
    epoch: str
    protocol: int
    schema_: int = Field(alias="schema")
    user: str = Field(description="the user's name as the server spells it")
    units: list[str] = Field(
        description="the user's units (catalog codes): the laptop's choice of its own unit"
    )
    roles: list[str] = Field(description="the user's roles")


class PullAlong(BaseModel):
    """A push that also asks for the first pull page after it (one round trip, not two)."""

    cursor: int = Field(ge=0, le=MAX_INT, description="as ``cursor`` of GET /sync/pull")
    limit: int | None = Field(None, ge=1, le=MAX_INT, description="as ``limit`` of the pull")
    since: int | None = Field(None, ge=0, le=MAX_INT, description="as ``since`` of the pull")


class PushRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    protocol: int = Field(ge=0, le=2**31 - 1)
    schema_: int = Field(alias="schema", ge=1, le=2**31 - 1)
    epoch: Text = Field(max_length=100)
    device_id: Text = Field(max_length=100)
    # Not validated here: one bad op is rejected alone (casefile.sync.check_op), the rest apply.
    ops: list[Any] = Field(description="Op objects (casefile.sync.Op), at most MAX_OPS_PER_PUSH")
    device_time: int | None = Field(
        None,
        ge=0,
        le=2**53,
        description="The device's wall clock (ms since 1970) when it sent the push: lets the "
        "server place ops of a device whose clock runs fast at the time they were "
        "made (see clock skew)",
    )
    pull: PullAlong | None = Field(
        None,
        description="the pull page after this push, answered in ``pull`` of the answer "
        "(a server that does not know it ignores it and the device pulls as usual)",
    )


class EraseRequest(BaseModel):
    reason: Text = Field(
        min_length=3,
        max_length=2000,
        description="why the file is erased (Art. 17 request, error, ...)",
    )


class Rescope(Answer):
    """Every record of one client (but the client itself) the device may see now; it drops
    the others of that client it holds (a consent changed)."""

    client_id: str
    changes: list[Change]


class PullResponse(Answer):
    changes: list[Change]
    next_cursor: int
    has_more: bool
    epoch: str
    server_time: str
    scope: str = Field(
        description="changes when what the device may hold changes (rules, the "
        "user's units or roles): it then drops the unit sections "
        "and pulls from cursor 0"
    )
    rescope: list[Rescope] = []


class PushResponse(Answer):
    results: list[OpResult]
    epoch: str
    pull: PullResponse | None = Field(
        None,
        description="with ``pull`` in the request: the first pull page after the push, as "
        "GET /sync/pull answers it (absent when it could not be read: the device pulls then)",
    )


class SnapshotResponse(Answer):
    top: int = Field(description="the cursor the snapshot leads to; send it back with every chunk")
    next: int = Field(description="ask the next chunk with after=next")
    done: bool
    epoch: str
    scope: str
    server_time: str
    max_clock: str = Field(description="the latest field clock of the chunk's records")
    records: list[list[Any]] = Field(
        description="[kind, id, client_id, fields, hlc, other_clocks, deleted] per record: "
        "the field clocks packed (casefile.clocks: the common time, and a JSON text of the "
        "fields whose time differs, or null); deleted only for a merged-away client (its "
        "fields name the survivor)"
    )


@dataclass(kw_only=True)
class StoredConflict(Conflict):
    """A conflict as the server stores it: the op's conflict with its record and settlement."""

    kind: str
    record_id: str
    client_id: str | None
    device_id: str | None
    created_at: str
    resolved_at: str | None
    resolved_by: str | None
    resolution: Any


class ConflictList(Answer):
    conflicts: list[StoredConflict]
    has_more: bool
    next_after: str | None


class ResolveRequest(BaseModel):
    value: Json = Field(description="the value to keep (may be null)")


class ResolveResponse(Answer):
    conflict: StoredConflict
    settled: list[str]
    seq: int
    op: Op = Field(description="the op the server wrote")


class RulesResponse(Answer):
    digest: str = Field(description="changes whenever the rules change")
    rules: dict[str, Any] = Field(
        description="the access rules as the server read them (resources/access/policy.toml)"
    )
    units: list[str] = Field(description="the caller's units now")
    roles: list[str] = Field(description="the caller's roles now")


class VersionResponse(Answer):
    protocol: int
    min_protocol: int
    schema_: int = Field(alias="schema")
    server_version: str
    max_ops_per_push: int
    max_body_bytes: int
    page_size: int
    max_page_size: int


class HealthResponse(Answer):
    status: str
    database: str
    schema_revision: str | None
    head_revision: str
    record_schema: int
    protocol: int
    epoch: str


class DirectoryUser(Answer):
    name: str = Field(description="the login name: what a task's ``assignee`` holds")
    display_name: str = Field(description="the name to show, if the county set one")
    units: list[str] = Field(description="the user's units (catalog codes)")
    active: bool = Field(description="false for a locked user: not offered, old tasks valid")


class DirectoryMediator(Answer):
    name: str = Field(description="what a consultation's ``mediator_name`` holds")
    languages: list[str] = Field(description="catalog codes; empty: any language")
    active: bool = Field(description="false once deactivated: not offered, old records valid")


class DirectoryResponse(Answer):
    """Who can be named in a record: users (names and units only) and language mediators."""

    version: str = Field(description="changes with any entry; also the answer's ETag")
    users: list[DirectoryUser]
    mediators: list[DirectoryMediator]


class ErrorBody(Answer):
    code: str
    message: str = Field(description="German text for the user")
    detail: Any = None


class ErrorEnvelope(Answer):
    """Every 4xx and 5xx answer (sync_server.errors)."""

    error: ErrorBody


class MergeRequest(BaseModel):
    """Merge two client files: ``survivor_id`` (for a proposed pair) or ``merged_id`` (for a
    direct merge into the client of the URL); ``keep`` maps survivor fields to the values to
    keep (chosen from either file); ``reason`` says why, in the reviewer's words."""

    survivor_id: Id = ""
    merged_id: Id = ""
    keep: dict[Text, Json] = Field(default_factory=dict)
    reason: Text = Field("", max_length=2000)


# --- one client file per person, audit, access export -------------------------------------------


class ExportMerge(Answer):
    id: str
    survivor_id: str
    merged_id: str
    reason: str
    merged_by: str
    merged_at: str
    undone_at: str | None
    undone_by: str | None


class MergeModel(ExportMerge):
    score: dict[str, Any] | None = Field(description="the matcher's score of an automatic merge")
    moved: int | None = Field(
        None, description="records moved (in the answer to a merge or an unmerge)"
    )


class RecentMerge(MergeModel):
    survivor_name: str
    merged_name: str


class MergeList(Answer):
    merges: list[MergeModel]


class RecentMergeList(Answer):
    merges: list[RecentMerge]


class Identifier(Answer):
    type: Any
    value: Any


class ClientFile(Answer):
    id: str
    fields: dict[str, Any]
    identifiers: list[Identifier]


class Candidate(Answer):
    id: str
    status: str = Field(description="open | merged | distinct")
    created_at: str
    score: float | None
    decision: str | None
    reasons: list[str]
    left: ClientFile
    right: ClientFile


class CandidateList(Answer):
    candidates: list[Candidate]


class DistinctResponse(Answer):
    id: str
    status: str = Field(description="distinct")


class ExportAudit(Answer):
    """An entry of the audit log as a client file's export lists it (without its id)."""

    at: str
    user_name: str
    device_id: str | None
    action: str
    client_id: str | None
    kind: str | None
    record_id: str | None
    detail: str | None = Field(description="JSON text")


class AuditEntry(ExportAudit):
    """An entry of the audit log (``GET /audit``): the exported fields and the id."""

    id: int


class AuditPage(Answer):
    entries: list[AuditEntry]
    next_after: int = Field(description="``after`` of the next page")


class ExportRecord(Answer):
    id: str
    fields: dict[str, Any]
    deleted: bool
    updated_at: str


class ExportHistory(Answer):
    kind: str
    record_id: str
    field: str
    value: Any
    winner_value: Any
    created_at: str
    resolved_at: str | None


class ClientExport(Answer):
    """Everything stored about one client (Art. 15 GDPR)."""

    format: str = Field(description="mia-desk-access-export")
    version: int
    generated_at: str
    generated_by: str
    client_id: str
    files: list[str] = Field(description="this client file and those merged into it")
    client: dict[str, Any]
    client_erased: bool
    records: dict[str, list[ExportRecord]] = Field(description="by kind")
    history: list[ExportHistory]
    merges: list[ExportMerge]
    audit: list[ExportAudit]


class EraseResponse(Answer):
    client_id: str
    erased: int = Field(description="records tombstoned")


# --- walk-in queues ---------------------------------------------------------------------------


class TicketPrefix(Answer):
    prefix: str
    """the device's ticket number prefix ("A"): its tickets are numbered A-001, A-002, ..."""


class CallRequest(BaseModel):
    location: Text = Field(min_length=1, max_length=40)
    units: list[Annotated[Text, Field(max_length=40)]] = Field(default_factory=list, max_length=20)
    """the queues to call from (default: all of the caller's units)"""
    ticket_id: Id | None = None
    """call this ticket (from the list) instead of the next one"""
    desk: Text = Field("", max_length=40)
    """where the client is called to ("Raum 2.14"), shown on the waiting-room display"""
    recall: bool = False
    """call a ticket marked missed again"""


class CallResponse(Answer):
    ticket: RecordOut | None
    """the called ticket as the caller sees it; null: nobody waits"""
    results: list[OpResult]


class QueueStats(Answer):
    """Walk-in statistics of a location (aggregates only; minutes)."""

    location: str
    from_: str = Field(alias="from")
    to: str
    visits: int
    waiting: dict[str, Any]
    by_unit: dict[str, Any]
    by_hour: dict[str, Any]
    by_weekday: dict[str, Any]
    no_shows: int
    hops: dict[str, int]
    transfers: list[dict[str, Any]]
    languages: dict[str, int]
    interpreter: dict[str, int]
    concerns: dict[str, int]


# --- waiting-room displays --------------------------------------------------------------------

# A catalog code in a path (a location): short, plain.
Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]


class DisplayCall(Answer):
    number: str
    """the ticket number ("A-017"), nothing else of the ticket"""
    desk: str
    """the room or desk the ticket was called to ("Raum 1.04"); may be empty"""
    at: str
    """when it was called (ISO 8601)"""


# --- issue 20: consulting hours on the display ---
class DisplayHoursEntry(Answer):
    time: str
    """the time of day, e.g. 9:00–12:00 Uhr"""
    unit: str
    """the unit's name"""
    kind: str
    """walk-in, decentral or phone hours (the catalog's German label)"""
    note: str
    cancelled: bool
    """true: this day's hours are cancelled (said, so nobody comes in vain)"""


class DisplayHoursDay(Answer):
    day: str
    """ISO date"""
    label: str
    """Heute, Morgen, or the weekday and date (Donnerstag, 10.12.)"""
    entries: list[DisplayHoursEntry]


class DisplayState(Answer):
    location: str
    title: str
    """the location's name from the catalog"""
    day: str
    calls: list[DisplayCall]
    """today's last calls at the location, newest first (at most 8)"""
    waiting: int
    """tickets waiting at the location now"""
    hours: list[DisplayHoursDay] = []
    """the consulting hours at the location today and on the coming days (issue 20)"""


# --- issue 21: funder lists ---
class FunderColumn(Answer):
    key: str
    header: str


class FunderList(Answer):
    """A funder's participant list of a project for a period (sync_server.funder_list)."""

    title: str
    project: str
    project_label: str
    funder: str
    funder_label: str
    from_: str = Field(alias="from")
    to: str
    columns: list[FunderColumn]
    rows: list[list[str | int | float | None]]
    notes: list[str]


# --- issue 21: reports (docs/reports.md) ---------------------------------------------------


class ReportItem(Answer):
    code: str
    label: str


class ReportAxis(Answer):
    dimension: str
    title: str
    items: list[ReportItem]


class ReportTable(Answer):
    """A report table: figures only, never a name (docs/reports.md)."""

    indicator: str
    title: str
    measure: str
    unit_of_measure: str
    definition: str
    from_: str = Field(alias="from")
    to: str
    mode: str
    rows: ReportAxis
    columns: ReportAxis | None
    cells: list[list[float | int | None]] = Field(description="null: hidden (publication)")
    row_totals: list[float | int | None]
    column_totals: list[float | int | None]
    total: float | int | None
    additive: bool = Field(description="false: the totals are not the sums of the cells")
    threshold: int
    rounding: int
    suppressed: int
    notes: list[str]
    scope: list[str]
    source: str
    generated_at: str


class ReportIndicator(Answer):
    id: str
    title: str
    measure: str
    unit_of_measure: str
    definition: str
    dimensions: list[str]


class ReportChoice(Answer):
    id: str
    title: str


class ReportCatalog(Answer):
    indicators: list[ReportIndicator]
    dimensions: list[ReportChoice]
    units: list[ReportItem]
    modes: list[ReportChoice]
    threshold: int
    rounding: int


class MonthlyReport(Answer):
    month: str
    month_label: str
    mode: str
    mode_label: str
    title: str
    subtitle: str
    scope_label: str
    tables: list[ReportTable]


class ReportClient(Answer):
    id: str
    name: str
    birth_date: str | None


class ReportCell(Answer):
    clients: list[ReportClient]
    hidden: int = Field(description="files behind the cell the user may not open")
