"""Request and response shapes of the HTTP API (pydantic), published in /openapi.json.

Requests are validated with these models. Responses are built as plain dicts and serialised
with orjson for speed; the response models here document them (a test checks real answers
against them). The op format itself is defined once in :mod:`casefile.sync`.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class RegisterRequest(BaseModel):
    user: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)
    device_name: str = Field(min_length=1, max_length=200)


class RegisterResponse(BaseModel):
    device_id: str
    token: str = Field(description="Shown once; the server keeps only its SHA-256.")
    epoch: str
    protocol: int
    schema_: int = Field(alias="schema")


class OpModel(BaseModel):
    """One op (casefile.sync.Op); validated per op by the server, so a bad op is only rejected."""
    op_id: str
    kind: str
    record_id: str
    op: str = Field(description="create | update | delete")
    hlc: str = Field(description="encoded HLC: 15-digit wall ms, 5-digit counter, node")
    fields: dict[str, Any] = {}
    base: dict[str, str | None] = {}


class PushRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    protocol: int
    schema_: int = Field(alias="schema", ge=1)
    epoch: str
    device_id: str
    ops: list[Any] = Field(description="Op objects (see OpModel), at most MAX_OPS_PER_PUSH")
    device_time: int | None = Field(
        None, ge=0, le=2 ** 53,
        description="The device's wall clock (ms since 1970) when it sent the push: lets the "
                    "server place ops of a device whose clock runs fast at the time they were "
                    "made (see clock skew)")


class ConflictModel(BaseModel):
    id: str
    field: str
    value: Any
    hlc: str
    winner_value: Any
    winner_hlc: str
    needs_person: bool


class OpResultModel(BaseModel):
    op_id: str
    status: str = Field(description="applied | redirected | conflict | rejected")
    record_id: str
    reason: str = Field(description="machine-readable code when rejected")
    detail: str
    conflicts: list[ConflictModel]
    clamped: bool
    hlc: str = Field(description="the time the server recorded the op under")


class PushResponse(BaseModel):
    results: list[OpResultModel]
    epoch: str


class Change(BaseModel):
    seq: int
    kind: str
    id: str
    client_id: str | None
    fields: dict[str, Any]
    clocks: dict[str, str]
    deleted: bool


class Rescope(BaseModel):
    """Every record of one client (but the client itself) the device may see now; it drops
    the others of that client it holds (a consent changed)."""
    client_id: str
    changes: list[Change]


class PullResponse(BaseModel):
    changes: list[Change]
    next_cursor: int
    has_more: bool
    epoch: str
    server_time: str
    scope: str = Field(description="changes when what the device may hold changes (rules, the "
                                   "user's units or roles): it then drops the unit sections "
                                   "and pulls from cursor 0")
    rescope: list[Rescope] = []


class StoredConflict(BaseModel):
    id: str
    kind: str
    record_id: str
    client_id: str | None
    field: str
    value: Any
    hlc: str
    winner_value: Any
    winner_hlc: str
    needs_person: bool
    device_id: str | None
    created_at: str
    resolved_at: str | None
    resolved_by: str | None
    resolution: Any


class ConflictList(BaseModel):
    conflicts: list[StoredConflict]
    has_more: bool
    next_after: str | None


class ResolveRequest(BaseModel):
    value: Any = Field(description="the value to keep (may be null)")


class ResolveResponse(BaseModel):
    conflict: StoredConflict
    settled: list[str]
    seq: int
    op: OpModel


class VersionResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    protocol: int
    min_protocol: int
    schema_: int = Field(alias="schema")
    server_version: str
    max_ops_per_push: int
    max_body_bytes: int
    page_size: int
    max_page_size: int


class HealthResponse(BaseModel):
    status: str
    database: str
    schema_revision: str | None
    head_revision: str
    record_schema: int
    protocol: int
    epoch: str


class ErrorBody(BaseModel):
    code: str
    message: str = Field(description="German text for the user")
    detail: Any = None


class ErrorEnvelope(BaseModel):
    error: ErrorBody


class MergeRequest(BaseModel):
    """Merge two client files: ``survivor_id`` (for a proposed pair) or ``merged_id`` (for a
    direct merge into the client of the URL); ``keep`` maps survivor fields to the values to
    keep (chosen from either file); ``reason`` says why, in the reviewer's words."""
    survivor_id: str = ""
    merged_id: str = ""
    keep: dict[str, Any] = Field(default_factory=dict)
    reason: str = Field("", max_length=2000)
