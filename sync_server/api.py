"""The HTTP API: thin routes over :mod:`sync_server.service`, one app per process.

``create_app`` is also uvicorn's factory (``sync_server.api:create_app``): each worker process
builds its own app and engine from the environment, and keeps nothing between requests but
the connection pool, so any number of processes can serve one PostgreSQL database.
Endpoints and payloads are documented in docs/sync-protocol.md and at /openapi.json.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import functools
import gc
import json
import logging
import os
import secrets
import sys
import threading
from typing import Annotated, Any

import anyio.to_thread
import orjson
from fastapi import APIRouter, Depends, FastAPI, Query, Request, Response, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import Field, ValidationError
from starlette.background import BackgroundTask
from starlette.responses import StreamingResponse

from casefile import sync
from sync_server import (
    audit,
    auth,
    conflicts,
    directory,
    display,
    errors,
    live,
    models,
    queue,
    queue_stats,
    reports,
    streams,
)
from sync_server.auth import Device
from sync_server.config import Settings
from sync_server.db import current_revision, head_revision, open_database
from sync_server.errors import ApiError, install_handlers
from sync_server.metrics import MetricsMiddleware, phase, waited
from sync_server.middleware import BodyLimitMiddleware, CompressionMiddleware, OrjsonResponse
from sync_server.service import SERVER_VERSION, SyncService, check_versions
from sync_server.snapshot import chunk as snapshot_chunk

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": models.ErrorEnvelope}
    for code in (400, 401, 403, 404, 409, 413, 415, 422, 426, 429, 500, 503)
}
GZIP_THREAD_MIN_BYTES = 1 << 20  # answers compressed in a worker thread from this size
BigInt = Annotated[int, Query(ge=0, le=models.MAX_INT)]  # cursors and ids the databases hold


async def get_service(request: Request) -> SyncService:
    # async: a plain function would cost every request a trip through the thread pool.
    return request.app.state.service


ServiceDep = Annotated[SyncService, Depends(get_service)]
device_token = HTTPBearer(
    auto_error=False,
    scheme_name="deviceToken",
    bearerFormat="device token",
    description="The device's token from /api/v1/devices/register. "
    "Missing or unknown: 401 `unauthorized`; a revoked "
    "device: 403 `device_revoked`.",
)


async def authorization(
    request: Request, _token: Annotated[HTTPAuthorizationCredentials | None, Security(device_token)]
) -> str | None:
    """The ``Authorization`` header as sent; ``auth.authenticate`` decides (our 401 envelope).
    Declared through the bearer scheme, so /openapi.json names the routes that need a token."""
    return request.headers.get("authorization")


AuthHeader = Annotated[str | None, Depends(authorization)]


def _authenticate(service: SyncService, authorization: str | None, **kw) -> Device:
    with phase("auth"):
        return auth.authenticate(
            service.db, authorization, idle_days=service.settings.token_idle_days, **kw
        )


def current_device(service: ServiceDep, authorization: AuthHeader) -> Device:
    return _authenticate(service, authorization)


async def clean_params(request: Request) -> None:
    """No NUL character or lone surrogate in any path or query parameter of any route: a 422
    naming it (PostgreSQL cannot even compare such text). Bodies: ``models.Text``/``Json``."""
    for location, items in (
        ("path", request.path_params.items()),
        ("query", request.query_params.multi_items()),
    ):
        for name, value in items:
            if isinstance(value, str):
                try:
                    models.check_text(value)
                except ValueError:
                    raise errors.invalid_character(location, name) from None


DeviceDep = Annotated[Device, Depends(current_device)]
api = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[Depends(clean_params)])
log = logging.getLogger(__name__)


@api.post("/devices/register", response_model=models.RegisterResponse)
async def register(
    body: models.RegisterRequest, request: Request, service: ServiceDep
) -> OrjsonResponse:
    """Log a laptop in with the user's password: a new device, or with ``device_id`` a new
    token for one of the user's own devices (a login rotates the token). The token in the
    answer is shown once. Throttled per user name and per client address."""
    s = service.settings
    address = client_address(request)
    answer = await _login(
        request,
        body.user,
        auth.register,
        service.db,
        body.user,
        body.password,
        body.device_name,
        limits=_limits(s),
        address=address,
        device_id=body.device_id,
    )
    return OrjsonResponse(
        {
            **answer,
            "epoch": service.epoch(),
            "protocol": sync.PROTOCOL_VERSION,
            "schema": sync.SCHEMA_VERSION,
        }
    )


@api.post("/account/password", response_model=models.PasswordChanged)
async def change_password(
    body: models.PasswordChange, request: Request, service: ServiceDep, authorization: AuthHeader
) -> OrjsonResponse:
    """The user changes their own password (online, from the app); after an administrator's
    reset this is the only call the one-time password allows."""
    s = service.settings
    device = await run_in_threadpool(_authenticate, service, authorization, allow_must_change=True)
    address = client_address(request)
    await _login(
        request,
        device.user_name,
        auth.change_password,
        service.db,
        device,
        body.old_password,
        body.new_password,
        rules=s.password_rules,
        limits=_limits(s),
        address=address,
    )
    audit.log(
        service.db, [audit.row(device, "password", kind="user", detail={"user": device.user_name})]
    )
    return OrjsonResponse({"changed": True})


def _limits(s: Settings) -> auth.Limits:
    return auth.Limits(s.login_max_failures, s.login_addr_max_failures, s.login_window_s)


LOGIN_NICE = 10
"""How much lower the login thread's CPU priority is than the process's (Linux ``nice``)."""


def _lower_priority() -> None:
    """Run this thread (only this one: on Linux a thread id names one thread) at a lower CPU
    priority: a burst of Argon2 checks in every worker at once -- the first seconds of a storm
    of guesses, before the throttle refuses them from memory -- takes only the CPU that sync
    leaves, and a login still gets it when sync is idle (bench.logins)."""
    if sys.platform == "linux":
        me = threading.get_native_id()
        with contextlib.suppress(OSError):
            os.setpriority(
                os.PRIO_PROCESS, me, min(19, os.getpriority(os.PRIO_PROCESS, me) + LOGIN_NICE)
            )


_LOGIN_EXECUTOR: tuple[int, concurrent.futures.ThreadPoolExecutor] | None = None
_LOGIN_EXECUTOR_LOCK = threading.Lock()


def _login_executor() -> concurrent.futures.ThreadPoolExecutor:
    """The process's one login thread, made at the first login. One per process, not per app:
    a process serves one app, and tests that build hundreds of apps would otherwise leave a
    thread behind for each. A forked worker makes its own (a parent's thread does not survive
    the fork)."""
    global _LOGIN_EXECUTOR
    with _LOGIN_EXECUTOR_LOCK:
        if _LOGIN_EXECUTOR is None or _LOGIN_EXECUTOR[0] != os.getpid():
            _LOGIN_EXECUTOR = (
                os.getpid(),
                concurrent.futures.ThreadPoolExecutor(1, "login", initializer=_lower_priority),
            )
        return _LOGIN_EXECUTOR[1]


class LoginPool:
    """Password checks (Argon2: ~64 MiB and tens of ms each) run on one thread of their own
    per process, at a lower CPU priority, never on the request threads sync uses; at most
    ``login_queue`` wait, the rest are answered 429 at once. So a storm of logins cannot
    starve sync."""

    def __init__(self, queue: int):
        self.slots = threading.BoundedSemaphore(max(1, queue))

    @property
    def executor(self) -> concurrent.futures.ThreadPoolExecutor:
        return _login_executor()

    async def run(self, fn, *args, **kwargs):
        if not self.slots.acquire(blocking=False):
            raise ApiError(429, "login_busy", {"retry_after": 5}, headers={"Retry-After": "5"})
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self.executor, functools.partial(fn, *args, **kwargs)
            )
        finally:
            self.slots.release()


def _login_pool(app: FastAPI) -> LoginPool:
    return app.state.login_pool


class RefusalDelay:
    """A refused login (429: the user name or the address has used up its attempts, or the
    login queue is full) is answered after a pause, not at once. A guesser waits for each
    answer at no CPU cost to the server (an asyncio sleep holds only the connection), so a
    swarm of guessing connections sends a few refusals a second instead of hundreds, and sync
    keeps the CPU (bench.logins). At most *held* answers wait per process; beyond that a
    refusal goes out at once (a flood of connections is nginx's ``limit_req``'s to stop). The
    pause never exceeds the Retry-After it answers with."""

    def __init__(self, seconds: float, held: int):
        self.seconds = max(0.0, seconds)
        self.slots = asyncio.Semaphore(max(0, held)) if held > 0 else None

    async def hold(self, error: ApiError) -> None:
        if not self.seconds or self.slots is None or self.slots.locked():
            return
        retry = error.headers.get("Retry-After", "")
        pause = min(self.seconds, float(retry)) if retry.isdigit() else self.seconds
        async with self.slots:
            await asyncio.sleep(pause)


def client_address(request: Request) -> str:
    """The address the request came from ("" when the server cannot tell)."""
    return request.client.host if request.client else ""


async def _login(request: Request, user_name: str, fn, *args, **kwargs):
    """The one way a password is checked (registration, change of password): a refusal the
    process already knows comes before the queue for the login thread
    (:func:`auth.refuse_known`), the check runs in :class:`LoginPool`, and every 429 waits
    out :class:`RefusalDelay`."""
    address = client_address(request)
    try:
        auth.refuse_known(user_name, address)
        return await _login_pool(request.app).run(fn, *args, **kwargs)
    except ApiError as e:
        if e.status == 429:
            await request.app.state.refusal_delay.hold(e)
        raise


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """A model's JSON schema with its ``$defs`` put in place: the request body of a route that
    reads its body itself is not among /openapi.json's components, so a ``$ref`` to them would
    lead nowhere."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.rsplit("/", 1)[1]])
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


@api.post(
    "/sync/push",
    response_model=models.PushResponse,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": _inlined(models.PushRequest.model_json_schema(by_alias=True))
                }
            },
        }
    },
)
async def push(request: Request, service: ServiceDep, authorization: AuthHeader) -> OrjsonResponse:
    """Apply a batch of ops in one transaction; one result per op, in op order."""
    raw = await request.body()
    # The two sync routes authenticate inside their one trip through the thread pool (not as
    # a dependency, which would be a second trip): they are what a hundred laptops call at once.
    # The duplicate check of what the push queued runs after the answer is sent, and so does
    # the audit of what a pull page along with the push sent.
    sent: list[dict] = []

    def after() -> None:
        if sent:
            audit.log(service.db, sent)
        service.after_push()

    return OrjsonResponse(
        await run_in_threadpool(_push, service, authorization, raw, sent),
        background=BackgroundTask(after),
    )


def _push(
    service: SyncService, authorization: str | None, raw: bytes, sent: list[dict] | None = None
) -> dict:
    waited()
    device = _authenticate(service, authorization)
    # Parsed here (not by a body parameter) so that the protocol check comes before the
    # shape check: a newer client with a different body still gets its clear 426.
    body = _loads(raw)
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_request", "body must be an object")
    check_versions(body.get("protocol"), body.get("schema"))
    try:
        models.PushRequest.model_validate(body)
    except ValidationError as exc:
        raise errors.invalid_request(
            [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        ) from exc
    answer = service.push(device, body)
    along = body.get("pull")
    if isinstance(along, dict):
        # The first pull page after this push, in the same answer: a laptop's round is one
        # request, not two (the pull's own auth, queue and reads saved). The push stands
        # whatever the pull finds: a page that cannot be read here (a cursor ahead, say) is
        # left out, and the laptop's ordinary pull gets the proper answer.
        try:
            answer["pull"] = service.pull(
                device,
                along["cursor"],
                along.get("limit"),
                body.get("epoch"),
                raw=True,
                audit_later=sent,
                since=along.get("since"),
                server_epoch=answer["epoch"],  # read in the push's transaction just now
            )
        except ApiError:
            pass
    return answer


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _loads(raw: bytes) -> Any:
    """The push body. What orjson refuses but is JSON all the same (a lone surrogate, escaped,
    in one op) is read by the standard library, so that op is rejected alone (check_op) and
    the rest of the outbox still applies."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        try:
            return json.loads(raw, parse_constant=_reject_constant)
        except (ValueError, RecursionError):
            raise ApiError(400, "malformed_json", str(exc)) from exc


@api.get("/sync/pull", response_model=models.PullResponse)
async def pull(
    service: ServiceDep,
    authorization: AuthHeader,
    cursor: BigInt = 0,
    limit: Annotated[int | None, Query(ge=1, le=models.MAX_INT)] = None,
    epoch: Annotated[str | None, Query(max_length=100)] = None,
    protocol: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
    since: Annotated[int | None, Query(ge=0, le=models.MAX_INT)] = None,
) -> OrjsonResponse:
    """Changes with seq > cursor, ascending; continue with ``next_cursor`` while ``has_more``."""
    sent: list[dict] = []

    def run() -> dict:
        waited()
        device = _authenticate(service, authorization)
        if protocol is not None:
            check_versions(protocol)
        return service.pull(device, cursor, limit, epoch, raw=True, audit_later=sent, since=since)

    # "Sent to device" goes to the audit log right after the answer (see SyncService.pull).
    return OrjsonResponse(
        await run_in_threadpool(run), background=BackgroundTask(audit.log, service.db, sent)
    )


@api.get("/sync/snapshot", response_model=models.SnapshotResponse)
async def snapshot(
    service: ServiceDep,
    authorization: AuthHeader,
    after: BigInt = 0,
    top: BigInt | None = None,
    limit: Annotated[int | None, Query(ge=1, le=models.MAX_INT)] = None,
    epoch: Annotated[str | None, Query(max_length=100)] = None,
    protocol: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
) -> Response:
    """A new laptop's first sync: the records it may see with ``after < seq <= top``, in
    chunks; ``top`` (given by the first chunk) is sent back with every later one, and the
    ordinary pull continues from it. See ``sync_server.snapshot``."""
    sent: list[dict] = []

    def run() -> bytes:
        waited()
        device = _authenticate(service, authorization)
        if protocol is not None:
            check_versions(protocol)
        return snapshot_chunk(service, device, after, top, limit, epoch, audit_later=sent)

    return Response(
        await run_in_threadpool(run),
        media_type="application/json",
        background=BackgroundTask(audit.log, service.db, sent),
    )


@api.get("/rules", response_model=models.RulesResponse)
def rules(device: DeviceDep, service: ServiceDep) -> OrjsonResponse:
    """The access rules this server enforces (its policy file as read), and the caller's
    units and roles now, for the laptop to offer only what they allow; ``digest`` changes with
    the file (the pull's ``scope`` changes with the file, the units and the roles)."""
    policy = service.policy
    return OrjsonResponse(
        {
            "digest": policy.digest,
            "rules": policy.data,
            "units": list(device.units),
            "roles": list(device.roles),
        }
    )


@api.get("/conflicts", response_model=models.ConflictList)
def list_conflicts(
    device: DeviceDep,
    service: ServiceDep,
    open_only: Annotated[bool, Query(alias="open")] = True,
    record_id: models.Id | None = None,
    client_id: models.Id | None = None,
    after: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> OrjsonResponse:
    """Conflicts (open ones by default: those a person must settle)."""
    return OrjsonResponse(
        conflicts.list_conflicts(
            service,
            device,
            open_only=open_only,
            record_id=record_id,
            client_id=client_id,
            after=after,
            limit=limit,
        )
    )


@api.post("/conflicts/{conflict_id}/resolve", response_model=models.ResolveResponse)
def resolve_conflict(
    conflict_id: models.Id, body: models.ResolveRequest, device: DeviceDep, service: ServiceDep
) -> OrjsonResponse:
    """Keep ``value`` for the conflict's field; settles every open conflict of that field."""
    return OrjsonResponse(conflicts.resolve(service, device, conflict_id, body.value))


# --- walk-in queues ---------------------------------------------------------------------------


@api.post("/queue/prefix", response_model=models.TicketPrefix)
def ticket_prefix(device: DeviceDep, service: ServiceDep) -> OrjsonResponse:
    """The device's ticket number prefix, handed out at the first request and kept: a device
    that issues tickets (reception) asks once, online, then numbers offline too."""
    return OrjsonResponse({"prefix": queue.prefix(service, device)})


@api.post("/queue/call", response_model=models.CallResponse)
def call_ticket(body: models.CallRequest, device: DeviceDep, service: ServiceDep) -> OrjsonResponse:
    """Call the next waiting ticket of the caller's queues at a location (or a chosen one):
    atomic, so two staff never call one client. 409 ``ticket_taken``: the chosen ticket was
    called (or moved) by somebody else first."""
    return OrjsonResponse(
        queue.call(
            service,
            device,
            body.location,
            body.units or None,
            body.ticket_id,
            body.desk,
            body.recall,
        )
    )


@api.get("/queue/stats", response_model=models.QueueStats)
def queue_statistics(
    device: DeviceDep,
    service: ServiceDep,
    location: Annotated[str, Query(min_length=1, max_length=40)],
    from_: Annotated[dt.date, Query(alias="from")],
    to: dt.date,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Response:
    """Walk-in statistics of a location from ``from`` to ``to`` (at most 366 days): waiting
    and service times per unit, hour and weekday, no-shows, transfers and hops per visit,
    languages and interpreter need. For the staff of that location's queue; aggregates only.
    ``format=csv``: the same figures as CSV (semicolons, UTF-8 with BOM)."""
    stats = queue_stats.compute(service, device, location, from_, to)
    if format == "csv":
        return Response(
            ("\ufeff" + queue_stats.as_csv(stats)).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="wartestatistik-{location}-{from_}-{to}.csv"'
            },
        )
    return OrjsonResponse(stats)


# --- issue 21: reports (docs/reports.md) ---------------------------------------------------

ReportDim = Annotated[str, Query(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
ReportMode = Annotated[str, Query(pattern="^(intern|publication)$")]
ReportUnits = Annotated[list[Annotated[str, Field(max_length=40)]] | None, Query(max_length=20)]


def _report_query(
    indicator: Annotated[str, Query(min_length=1, max_length=40, pattern=r"^[a-z_]+$")],
    rows: ReportDim,
    from_: Annotated[dt.date, Query(alias="from")],
    to: dt.date,
    columns: Annotated[str | None, Query(min_length=1, max_length=40, pattern=r"^[a-z_]+$")] = None,
    mode: ReportMode = "intern",
    unit: ReportUnits = None,
) -> reports.Query:
    return reports.Query(indicator, rows, columns, from_, to, mode, tuple(unit or ()))


ReportQuery = Annotated[reports.Query, Depends(_report_query)]


def _file(content: bytes, name: str, fmt: str) -> Response:
    media = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf",
    }[fmt]
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _what(q: reports.Query, fmt: str, **more: Any) -> dict[str, Any]:
    return {
        "indicator": q.indicator,
        "rows": q.rows,
        "columns": q.columns,
        "from": q.start.isoformat(),
        "to": q.end.isoformat(),
        "mode": q.mode,
        "units": list(q.units),
        "format": fmt,
        **more,
    }


@api.get("/reports", response_model=models.ReportCatalog)
def report_catalog(device: DeviceDep) -> OrjsonResponse:
    """The indicators, dimensions and units this user may ask for (403 ``report_scope``
    for a role without reports)."""
    return OrjsonResponse(reports.catalog(device))


@api.get("/reports/table", response_model=models.ReportTable)
def report_table(q: ReportQuery, device: DeviceDep, service: ServiceDep) -> OrjsonResponse:
    """One report table (docs/reports.md): figures over the units the user's role sees."""
    return OrjsonResponse(reports.table(service, device, q))


_FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in (
                "text/csv",
                "application/pdf",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        }
    }
}


@api.get("/reports/table/export", response_model=models.ReportTable, responses=_FILES)
def report_table_export(
    q: ReportQuery,
    device: DeviceDep,
    service: ServiceDep,
    format: Annotated[str, Query(pattern="^(json|csv|xlsx|pdf)$")] = "xlsx",
) -> Response:
    """The report table as a file (XLSX with its chart, CSV, PDF; ``json``: the table as
    ``/reports/table`` answers it); every export is written into the audit log."""
    from sync_server import report_files

    data = reports.table(service, device, q)
    if format == "json":
        return OrjsonResponse(data)
    reports.audit_export(service, device, _what(q, format))
    name = f"bericht-{q.indicator}-{q.start}-{q.end}"
    cells = len(data["cells"]) * max(1, len(data["cells"][0]) if data["cells"] else 1)
    if format == "pdf" and cells > reports.MAX_PDF_CELLS:
        raise ApiError(
            422,
            "report_invalid",
            text=f"Die Tabelle ist für ein PDF zu groß ({cells} Zellen, höchstens "
            f"{reports.MAX_PDF_CELLS}): bitte als XLSX oder CSV speichern.",
        )
    if format == "csv":
        return _file(report_files.csv_bytes(data), name, format)
    book = reports.book_of([data], title=data["title"], mode=q.mode)
    if format == "pdf":
        return _file(report_files.monthly_pdf(book), name, format)
    return _file(
        report_files.xlsx([data], title=data["title"], subtitle=book["subtitle"]), name, format
    )


@api.get("/reports/monthly", response_model=models.MonthlyReport, responses=_FILES)
def report_monthly(
    device: DeviceDep,
    service: ServiceDep,
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$")],
    mode: ReportMode = "publication",
    format: Annotated[str, Query(pattern="^(json|xlsx|pdf)$")] = "json",
) -> Response:
    """The monthly report for the Landrat and the Kreistag (the standard tables of a month);
    as a file it is written into the audit log."""
    book = reports.monthly(service, device, month, mode)
    if format == "json":
        return OrjsonResponse(book)
    from sync_server import report_files

    reports.audit_export(
        service, device, {"report": "monthly", "month": month, "mode": mode, "format": format}
    )
    name = f"monatsbericht-{month}-{mode}"
    if format == "pdf":
        return _file(report_files.monthly_pdf(book), name, format)
    return _file(
        report_files.xlsx(book["tables"], title=book["title"], subtitle=book["subtitle"]),
        name,
        format,
    )


@api.get("/reports/cell", response_model=models.ReportCell)
def report_cell(
    q: ReportQuery,
    device: DeviceDep,
    service: ServiceDep,
    row: Annotated[str, Query(min_length=1, max_length=60)],
    column: Annotated[str | None, Query(max_length=60)] = None,
) -> OrjsonResponse:
    """The files behind one cell of an intern table that the user may open; ``hidden``
    counts the others (the read gate decides, as for every record)."""
    return OrjsonResponse(reports.cell_clients(service, device, q, row, column))


# Not in /openapi.json: a stream that never ends is no request/answer pair (the schema-driven
# tests and clients would wait forever); docs/sync-protocol.md "Live channel" describes it.
@api.get("/events", include_in_schema=False)
async def events(service: ServiceDep, authorization: AuthHeader) -> StreamingResponse:
    """The live channel of a PC: "pull now" when records change (``changed`` with the last
    sequence number), and ``queue`` for each walk-in queue of the user's units that changed.
    Ends (``end``) when the device is revoked, its user locked or its queues change."""
    device = await run_in_threadpool(_authenticate, service, authorization)
    queues = service.policy.queues(device)
    channel = live.of(service.db)
    sub = channel.subscribe(queues)
    seq = await run_in_threadpool(service.last_seq)  # after subscribing: nothing slips between

    def render(change: live.Change) -> str:
        mine = sorted(queues if change.resync else change.queues & queues)
        out = [streams.event("queue", {"queue": q, "seq": change.seq}) for q in mine]
        out.append(streams.event("changed", {"seq": change.seq, "resync": change.resync}))
        return "".join(out)

    async def recheck() -> str | None:
        try:
            now = await run_in_threadpool(_authenticate, service, authorization)
        except ApiError as exc:
            return streams.event("end", {"code": exc.code})
        if service.policy.queues(now) != queues:
            return streams.event("end", {"code": "rescope"})
        return None

    hello = streams.event("hello", {"seq": seq, "queues": sorted(queues)})
    return streams.response(channel, sub, hello, render, recheck)


# --- one client file per person (review queue, merge, unmerge) -------------------------------


def _require(service: SyncService, device: Device, action: str) -> Device:
    """403 (and an audit entry) for a user whom the access rules' ``[actions]`` do not allow
    *action* (:meth:`Policy.may`)."""
    if not service.policy.may(device, action):
        audit.log(service.db, [audit.row(device, "denied", detail={"api": action})])
        raise ApiError(
            403,
            "forbidden_role",
            {"action": action, "roles": sorted(service.policy.actions.get(action, frozenset()))},
        )
    return device


def reviewer(device: DeviceDep, service: ServiceDep) -> Device:
    return _require(service, device, "review_duplicates")


def auditor(device: DeviceDep, service: ServiceDep) -> Device:
    return _require(service, device, "read_audit")


def exporter(device: DeviceDep, service: ServiceDep) -> Device:
    return _require(service, device, "export_client")


def eraser(device: DeviceDep, service: ServiceDep) -> Device:
    return _require(service, device, "erase_client")


ReviewerDep = Annotated[Device, Depends(reviewer)]
AuditorDep = Annotated[Device, Depends(auditor)]
ExporterDep = Annotated[Device, Depends(exporter)]
EraserDep = Annotated[Device, Depends(eraser)]


@api.get("/clients/{client_id}/export", response_model=models.ClientExport)
def export_client(client_id: models.Id, device: ExporterDep, service: ServiceDep) -> OrjsonResponse:
    """Everything stored about one client (Art. 15 GDPR), as JSON; logged as ``export``."""
    from sync_server.export import client_export

    return OrjsonResponse(client_export(service.db, client_id, by=_by(device), device=device))


@api.post("/clients/{client_id}/erase", response_model=models.EraseResponse)
def erase_client(
    client_id: models.Id, body: models.EraseRequest, device: EraserDep, service: ServiceDep
) -> OrjsonResponse:
    """Erase a client file with all its records (Art. 17 GDPR or a registration made in
    error): tombstones without content reach every device; the reason is in the audit log."""
    from sync_server.retention import erase_client as erase

    return OrjsonResponse(erase(service.db, client_id, device=device, reason=body.reason))


@api.get(
    "/audit",
    response_model=models.AuditPage,
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string", "description": "with ``format=csv``"}}
            }
        }
    },
)
def audit_entries(
    device: AuditorDep,
    service: ServiceDep,
    client_id: Annotated[models.Id | None, Query(max_length=36)] = None,
    user: Annotated[str | None, Query(max_length=200)] = None,
    after: BigInt = 0,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Response:
    """The audit log, oldest first, per client or per user (administrators); ``format=csv``
    for a file. Reading it is itself logged."""
    rows = audit.query(service.db, client_id=client_id, user_name=user, after_id=after, limit=limit)
    audit.log(
        service.db,
        [
            audit.row(
                device,
                "read",
                client_id=client_id,
                kind="audit_log",
                detail={"user": user, "rows": len(rows)},
            )
        ],
    )
    if format == "csv":
        return Response(audit.to_csv(rows), media_type="text/csv; charset=utf-8")
    return OrjsonResponse({"entries": rows, "next_after": rows[-1]["id"] if rows else after})


def _by(device: Device) -> str:
    return f"{device.user_name} ({device.name})"


@api.get("/duplicates", response_model=models.CandidateList)
def list_duplicates(
    device: ReviewerDep,
    service: ServiceDep,
    status: Annotated[str, Query(pattern="^(open|merged|distinct)$")] = "open",
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> OrjsonResponse:
    """Likely duplicates with both files side by side and the reasons of the score."""
    return OrjsonResponse({"candidates": service.identity.queue(status, limit)})


@api.post("/duplicates/{candidate_id}/merge", response_model=models.MergeModel)
def merge_candidate(
    candidate_id: models.Id, body: models.MergeRequest, device: ReviewerDep, service: ServiceDep
) -> OrjsonResponse:
    """Merge a proposed pair; ``survivor_id`` is the file that stays."""
    pair = service.identity.candidate(candidate_id)
    if body.survivor_id not in pair:
        raise ApiError(422, "merge_not_in_pair", {"pair": list(pair)})
    merged = pair[1] if body.survivor_id == pair[0] else pair[0]
    return OrjsonResponse(
        service.identity.merge(
            body.survivor_id,
            merged,
            by=_by(device),
            device=device,
            reason=body.reason,
            keep=body.keep,
        )
    )


@api.post("/duplicates/{candidate_id}/distinct", response_model=models.DistinctResponse)
def distinct_candidate(
    candidate_id: models.Id, device: ReviewerDep, service: ServiceDep
) -> OrjsonResponse:
    """ "Not the same person": remembered, never proposed again."""
    left, right = service.identity.candidate(candidate_id)
    service.identity.mark_distinct(left, right, by=_by(device), device=device)
    return OrjsonResponse({"id": candidate_id, "status": "distinct"})


@api.post("/clients/{survivor_id}/merge", response_model=models.MergeModel)
def merge_clients(
    survivor_id: models.Id, body: models.MergeRequest, device: ReviewerDep, service: ServiceDep
) -> OrjsonResponse:
    """Merge ``merged_id`` into this client file (found by a person, not proposed)."""
    if not body.merged_id:
        raise ApiError(422, "invalid_request", {"field": "merged_id"})
    return OrjsonResponse(
        service.identity.merge(
            survivor_id,
            body.merged_id,
            by=_by(device),
            device=device,
            reason=body.reason,
            keep=body.keep,
        )
    )


@api.get("/clients/{client_id}/merges", response_model=models.MergeList)
def client_merges(client_id: models.Id, device: DeviceDep, service: ServiceDep) -> OrjsonResponse:
    """The merges this client file took part in (for the history and an unmerge)."""
    return OrjsonResponse({"merges": service.identity.history(client_id)})


@api.get("/merges", response_model=models.RecentMergeList)
def recent_merges(
    device: ReviewerDep, service: ServiceDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> OrjsonResponse:
    """The latest merges with both names, newest first (to undo a wrong one)."""
    return OrjsonResponse({"merges": service.identity.recent(limit)})


@api.post("/merges/{merge_id}/undo", response_model=models.MergeModel)
def undo_merge(merge_id: models.Id, device: ReviewerDep, service: ServiceDep) -> OrjsonResponse:
    """Unmerge: both files and their records as before; the pair is then "not the same"."""
    return OrjsonResponse(service.identity.unmerge(merge_id, by=_by(device), device=device))


@api.get(
    "/directory",
    response_model=models.DirectoryResponse,
    responses={304: {"description": "unchanged since the version in ``If-None-Match``"}},
)
def directory_list(request: Request, device: DeviceDep, service: ServiceDep) -> Response:
    """The directory every device keeps for its pick lists (users and language mediators,
    names only). Send the last ``version`` as ``If-None-Match``: 304 while it is unchanged."""
    current = directory.read(service.db)
    etag = f'"{current.version}"'
    sent = [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]
    if etag in sent or current.version in sent:
        return Response(status_code=304, headers={"ETag": etag})
    return OrjsonResponse(current.to_dict(), headers={"ETag": etag})


@api.get("/version", response_model=models.VersionResponse)
def version(service: ServiceDep) -> OrjsonResponse:
    return OrjsonResponse(service.version())


def health(service: ServiceDep) -> OrjsonResponse:
    """Database reachable, schema revision, epoch (no authentication: for monitoring)."""
    revision = current_revision(service.db)
    head = head_revision()
    return OrjsonResponse(
        {
            "status": "ok" if revision == head else "migration_needed",
            "database": service.db.dialect,
            "schema_revision": revision,
            "head_revision": head,
            "record_schema": sync.SCHEMA_VERSION,
            "protocol": sync.PROTOCOL_VERSION,
            "epoch": service.epoch() if revision else "",
        },
        status_code=200 if revision == head else 503,
    )


def metrics(request: Request, service: ServiceDep) -> Response:
    """Monitoring figures in Prometheus' text format (sync_server.metrics): from the loopback
    address, or with the bearer token ``MIA_METRICS_TOKEN`` (a monitoring host)."""
    from sync_server.metrics import render

    token = service.settings.metrics_token
    host = client_address(request)
    sent = request.headers.get("authorization", "")
    local = host in ("127.0.0.1", "::1") and not request.headers.get("x-forwarded-for")
    if not local and not (token and secrets.compare_digest(sent, f"Bearer {token}")):
        raise ApiError(403, "forbidden_metrics")
    return Response(render(service.db), media_type="text/plain; version=0.0.4")


async def _daily_retention(app: FastAPI) -> None:
    """Erase what retention says is due, once a day at MIA_RETENTION_HOUR (sync_server.retention);
    several processes may run it at once: it is idempotent and row locks serialise it."""
    from sync_server import retention

    service = app.state.service
    while True:
        now = dt.datetime.now()
        at = now.replace(hour=service.settings.retention_hour, minute=0, second=0, microsecond=0)
        if at <= now:
            at += dt.timedelta(days=1)
        await asyncio.sleep((at - now).total_seconds())
        try:
            await run_in_threadpool(retention.run, service.db, service.policy)
            await run_in_threadpool(retention.expire_consents, service.db)
            # --- issue 21: reports --- (the facts in the order of their days, PostgreSQL)
            from sync_server import report_facts

            await run_in_threadpool(report_facts.maintain, service.db)
        except Exception:
            log.exception("retention run failed; the next one tries again")


CHANGE_SWEEP_S = 60.0
"""How often each process drops the cached changes older than their age (``ChangeCache``)."""


async def _forget_old_changes(service: SyncService) -> None:
    """Every CHANGE_SWEEP_S, drop the change cache's old entries: an erased record's earlier
    text leaves the process's memory within ``max_age_s`` (and a minute) even when no laptop
    pulls (docs/data-protection.md)."""
    while True:
        await asyncio.sleep(CHANGE_SWEEP_S)
        service.changes.expire()


def settle_heap() -> None:
    """Move every object the process holds once it is up (modules, the app, its routes and
    models: hundreds of thousands) out of the cyclic garbage collector's view. They live as
    long as the process, yet every full collection walked all of them again -- and a
    snapshot chunk or a pull page of ten thousand records sets off several (bench.sync,
    py-spy). Objects made later are collected as before."""
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for *settings* (default: from the environment)."""
    settings = settings or Settings.load()
    db = open_database(settings.database_url, settings.db_pool_size)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        # Requests run their database work in worker threads. Two per process (MIA_THREADS) keep
        # the CPU busy; dozens (anyio's default is 40) only fight over the interpreter lock
        # when a hundred laptops sync at once: the rest wait their turn in the event loop.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        task = asyncio.create_task(_daily_retention(app)) if settings.retention_hour >= 0 else None
        sweeper = asyncio.create_task(_forget_old_changes(app.state.service))
        if not db.is_sqlite:
            live.of(db).listen()  # from the start: no change is missed by a first subscriber
        settle_heap()
        yield
        sweeper.cancel()
        if task is not None:
            task.cancel()

    # /docs and /openapi.json only where enabled (MIA_API_DOCS): the API is no secret, but a
    # production server need not hand its map to every caller.
    app = FastAPI(
        title="MiA Desk sync server",
        version=SERVER_VERSION,
        lifespan=lifespan,
        description="Push/pull sync of MiA Desk; see docs/sync-protocol.md.",
        default_response_class=OrjsonResponse,
        openapi_url="/openapi.json" if settings.api_docs else None,
        docs_url="/docs" if settings.api_docs else None,
        redoc_url=None,
    )
    app.state.service = SyncService(db, settings)
    app.state.login_pool = LoginPool(settings.login_queue)
    app.state.refusal_delay = RefusalDelay(settings.login_refusal_delay_s, settings.login_held)
    install_handlers(app)
    app.include_router(api)
    app.include_router(display.router)
    display.install_log_filter()
    app.add_api_route(
        "/health",
        health,
        methods=["GET"],
        response_model=models.HealthResponse,
        responses={
            500: {"model": models.ErrorEnvelope},
            503: {
                "description": "migration needed, or the database unreachable",
                "content": {
                    "application/json": {
                        "schema": {
                            "anyOf": [
                                {"$ref": "#/components/schemas/HealthResponse"},
                                {"$ref": "#/components/schemas/ErrorEnvelope"},
                            ]
                        }
                    }
                },
            },
        },
    )
    app.add_middleware(
        CompressionMiddleware,
        minimum_size=settings.gzip_min_bytes,
        gzip_level=settings.gzip_level,
        zstd_level=settings.zstd_level,
        # A sync's answer (a page of a few hundred changes, ~400 kB of JSON: ~1 ms at gzip
        # level 2, the GIL released) is compressed on the event loop: the trip through a
        # worker thread that Starlette takes from 128 KiB cost more than that. Larger ones (a
        # first sync's pages) still go to a thread.
        thread_minimum_size=GZIP_THREAD_MIN_BYTES,
    )
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(MetricsMiddleware)
    app.add_api_route("/metrics", metrics, methods=["GET"], include_in_schema=False)
    return app


__all__: list[Any] = ["create_app"]


# --- issue 21: funder lists ---
_FILE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@api.get(
    "/reports/funder-list",
    response_model=models.FunderList,
    responses={
        200: {
            "content": {
                media.split(";")[0]: {
                    "schema": {
                        "type": "string",
                        "format": "binary",
                        "description": f"``format={f}``",
                    }
                }
                for f, media in _FILE_TYPES.items()
            }
        }
    },
)
def funder_list(
    device: DeviceDep,
    service: ServiceDep,
    project: Annotated[str, Query(min_length=1, max_length=40)],
    template: Annotated[str, Query(min_length=1, max_length=40)],
    from_: Annotated[dt.date, Query(alias="from")],
    to: dt.date,
    format: Annotated[str, Query(pattern="^(json|csv|xlsx)$")] = "json",
) -> Response:
    """The participant list of a funded project from ``from`` to ``to`` in the layout of the
    funder's template (docs/reports.md "Funder lists"): the participations the device may read, with
    contacts and hours from the consultations it may read. Audited: ``report_view`` (JSON),
    ``report_export`` (a file; the period and layout, never a name)."""
    from sync_server.funder_list import funder_list as make

    listed = make(service, device, project, template, from_, to)
    detail = {
        "kind": "funder_list",
        "project": project,
        "template": template,
        "from": from_.isoformat(),
        "to": to.isoformat(),
        "format": format,
        "rows": len(listed["rows"]),
    }
    if format == "json":
        audit.log(service.db, [audit.row(device, "report_view", kind="funder_list", detail=detail)])
        return OrjsonResponse(listed)
    from sync_server import report_files  # the report files' writers

    writer = report_files.funder_csv if format == "csv" else report_files.funder_xlsx
    data = writer(listed)
    if isinstance(data, str):
        data = data.encode("utf-8")
    # Logged once the file is made and before it leaves: no export goes out unaudited.
    audit.log(service.db, [audit.row(device, "report_export", kind="funder_list", detail=detail)])
    name = f"teilnehmendenliste-{project}-{from_}-{to}.{format}"
    return Response(
        data,
        media_type=_FILE_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
