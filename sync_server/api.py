"""The HTTP API: thin routes over :mod:`sync_server.service`, one app per process.

``create_app`` is also uvicorn's factory (``sync_server.api:create_app``): each worker process
builds its own app and engine from the environment, and keeps nothing between requests but
the connection pool, so any number of processes can serve one PostgreSQL database.
Endpoints and payloads are documented in docs/sync-protocol.md and at /openapi.json.
"""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from typing import Annotated, Any

import anyio.to_thread
import orjson
from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError
from starlette.background import BackgroundTask
from starlette.middleware.gzip import GZipMiddleware

from casefile import sync
from sync_server import audit, auth, conflicts, models
from sync_server.auth import Device
from sync_server.config import Settings
from sync_server.db import current_revision, head_revision, open_database
from sync_server.errors import ApiError, install_handlers
from sync_server.metrics import MetricsMiddleware
from sync_server.middleware import BodyLimitMiddleware, OrjsonResponse
from sync_server.service import SERVER_VERSION, SyncService, check_versions

ERRORS = {code: {"model": models.ErrorEnvelope} for code in (400, 401, 403, 409, 413, 422, 426,
                                                            429, 503)}


async def get_service(request: Request) -> SyncService:
    # async: a plain function would cost every request a trip through the thread pool.
    return request.app.state.service


ServiceDep = Annotated[SyncService, Depends(get_service)]
AuthHeader = Annotated[str | None, Header(description="Bearer <device token>")]


def current_device(service: ServiceDep, authorization: AuthHeader = None) -> Device:
    return auth.authenticate(service.db, authorization)


DeviceDep = Annotated[Device, Depends(current_device)]
api = APIRouter(prefix="/api/v1", responses=ERRORS)
log = logging.getLogger(__name__)


@api.post("/devices/register", response_model=models.RegisterResponse)
def register(body: models.RegisterRequest, service: ServiceDep) -> OrjsonResponse:
    """Register a laptop with the user's password; the token in the answer is shown once."""
    s = service.settings
    device_id, token = auth.register(service.db, body.user, body.password, body.device_name,
                                     max_failures=s.login_max_failures, window_s=s.login_window_s)
    return OrjsonResponse({"device_id": device_id, "token": token, "epoch": service.epoch(),
                           "protocol": sync.PROTOCOL_VERSION, "schema": sync.SCHEMA_VERSION})


@api.post("/sync/push", response_model=models.PushResponse, openapi_extra={"requestBody": {
    "required": True, "content": {"application/json": {
        "schema": models.PushRequest.model_json_schema(by_alias=True)}}}})
async def push(request: Request, service: ServiceDep, authorization: AuthHeader = None
               ) -> OrjsonResponse:
    """Apply a batch of ops in one transaction; one result per op, in op order."""
    raw = await request.body()
    # The two sync routes authenticate inside their one trip through the thread pool (not as
    # a dependency, which would be a second trip): they are what a hundred laptops call at once.
    # The duplicate check of what the push queued runs after the answer is sent.
    return OrjsonResponse(await run_in_threadpool(_push, service, authorization, raw),
                          background=BackgroundTask(service.after_push))


def _push(service: SyncService, authorization: str | None, raw: bytes) -> dict:
    device = auth.authenticate(service.db, authorization)
    # Parsed here (not by a body parameter) so that the protocol check comes before the
    # shape check: a newer client with a different body still gets its clear 426.
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, "malformed_json", str(exc)) from exc
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_request", "body must be an object")
    check_versions(body.get("protocol"), body.get("schema"))
    try:
        models.PushRequest.model_validate(body)
    except ValidationError as exc:
        raise ApiError(422, "invalid_request", [{"loc": list(e["loc"]), "msg": e["msg"]}
                                                for e in exc.errors()]) from exc
    return service.push(device, body)


@api.get("/sync/pull", response_model=models.PullResponse)
async def pull(service: ServiceDep, authorization: AuthHeader = None,
               cursor: Annotated[int, Query(ge=0)] = 0,
               limit: Annotated[int | None, Query(ge=1)] = None,
               epoch: str | None = None, protocol: int | None = None,
               since: Annotated[int | None, Query(ge=0)] = None) -> OrjsonResponse:
    """Changes with seq > cursor, ascending; continue with ``next_cursor`` while ``has_more``."""
    sent: list[dict] = []

    def run() -> dict:
        device = auth.authenticate(service.db, authorization)
        if protocol is not None:
            check_versions(protocol)
        return service.pull(device, cursor, limit, epoch, raw=True, audit_later=sent,
                            since=since)
    # "Sent to device" goes to the audit log right after the answer (see SyncService.pull).
    return OrjsonResponse(await run_in_threadpool(run),
                          background=BackgroundTask(audit.log, service.db, sent))


@api.get("/conflicts", response_model=models.ConflictList)
def list_conflicts(device: DeviceDep, service: ServiceDep,
                   open_only: Annotated[bool, Query(alias="open")] = True,
                   record_id: str | None = None, client_id: str | None = None,
                   after: str | None = None,
                   limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> OrjsonResponse:
    """Conflicts (open ones by default: those a person must settle)."""
    return OrjsonResponse(conflicts.list_conflicts(
        service, device, open_only=open_only, record_id=record_id, client_id=client_id,
        after=after, limit=limit))


@api.post("/conflicts/{conflict_id}/resolve", response_model=models.ResolveResponse)
def resolve_conflict(conflict_id: str, body: models.ResolveRequest, device: DeviceDep,
                     service: ServiceDep) -> OrjsonResponse:
    """Keep ``value`` for the conflict's field; settles every open conflict of that field."""
    return OrjsonResponse(conflicts.resolve(service, device, conflict_id, body.value))


# --- one client file per person (review queue, merge, unmerge) -------------------------------

REVIEW_ROLES = frozenset({"coordination", "reception", "unit_lead", "administrator"})


def _require(service: SyncService, device: Device, roles: frozenset[str], what: str) -> Device:
    """403 (and an audit entry) for a user none of whose roles is in *roles*."""
    if not roles & set(device.roles):
        audit.log(service.db, [audit.row(device, "denied", detail={"api": what})])
        raise ApiError(403, "forbidden_role", {"roles": sorted(roles)})
    return device


def reviewer(device: DeviceDep, service: ServiceDep) -> Device:
    return _require(service, device, REVIEW_ROLES, "duplicates")


ReviewerDep = Annotated[Device, Depends(reviewer)]
AUDIT_ROLES = frozenset({"administrator"})


def auditor(device: DeviceDep, service: ServiceDep) -> Device:
    return _require(service, device, AUDIT_ROLES, "audit")


AuditorDep = Annotated[Device, Depends(auditor)]


@api.get("/clients/{client_id}/export")
def export_client(client_id: str, device: AuditorDep, service: ServiceDep) -> OrjsonResponse:
    """Everything stored about one client (Art. 15 GDPR), as JSON; logged as ``export``."""
    from sync_server.export import client_export
    return OrjsonResponse(client_export(service.db, client_id, by=_by(device), device=device))


@api.get("/audit")
def audit_entries(device: AuditorDep, service: ServiceDep,
                  client_id: Annotated[str | None, Query(max_length=36)] = None,
                  user: Annotated[str | None, Query(max_length=200)] = None,
                  after: Annotated[int, Query(ge=0)] = 0,
                  limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
                  format: Annotated[str, Query(pattern="^(json|csv)$")] = "json") -> Response:
    """The audit log, oldest first, per client or per user (administrators); ``format=csv``
    for a file. Reading it is itself logged."""
    rows = audit.query(service.db, client_id=client_id, user_name=user, after_id=after,
                       limit=limit)
    audit.log(service.db, [audit.row(device, "read", client_id=client_id, kind="audit_log",
                                     detail={"user": user, "rows": len(rows)})])
    if format == "csv":
        return Response(audit.to_csv(rows), media_type="text/csv; charset=utf-8")
    return OrjsonResponse({"entries": rows, "next_after": rows[-1]["id"] if rows else after})


def _by(device: Device) -> str:
    return f"{device.user_name} ({device.name})"


@api.get("/duplicates")
def list_duplicates(device: ReviewerDep, service: ServiceDep,
                    status: Annotated[str, Query(pattern="^(open|merged|distinct)$")] = "open",
                    limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> OrjsonResponse:
    """Likely duplicates with both files side by side and the reasons of the score."""
    return OrjsonResponse({"candidates": service.identity.queue(status, limit)})


@api.post("/duplicates/{candidate_id}/merge")
def merge_candidate(candidate_id: str, body: models.MergeRequest, device: ReviewerDep,
                    service: ServiceDep) -> OrjsonResponse:
    """Merge a proposed pair; ``survivor_id`` is the file that stays."""
    pair = service.identity.candidate(candidate_id)
    if body.survivor_id not in pair:
        raise ApiError(422, "merge_not_in_pair", {"pair": list(pair)})
    merged = pair[1] if body.survivor_id == pair[0] else pair[0]
    return OrjsonResponse(service.identity.merge(body.survivor_id, merged, by=_by(device),
                                                 reason=body.reason, keep=body.keep))


@api.post("/duplicates/{candidate_id}/distinct")
def distinct_candidate(candidate_id: str, device: ReviewerDep,
                       service: ServiceDep) -> OrjsonResponse:
    """"Not the same person": remembered, never proposed again."""
    left, right = service.identity.candidate(candidate_id)
    service.identity.mark_distinct(left, right, by=_by(device))
    return OrjsonResponse({"id": candidate_id, "status": "distinct"})


@api.post("/clients/{survivor_id}/merge")
def merge_clients(survivor_id: str, body: models.MergeRequest, device: ReviewerDep,
                  service: ServiceDep) -> OrjsonResponse:
    """Merge ``merged_id`` into this client file (found by a person, not proposed)."""
    if not body.merged_id:
        raise ApiError(422, "invalid_request", {"field": "merged_id"})
    return OrjsonResponse(service.identity.merge(survivor_id, body.merged_id, by=_by(device),
                                                 reason=body.reason, keep=body.keep))


@api.get("/clients/{client_id}/merges")
def client_merges(client_id: str, device: DeviceDep, service: ServiceDep) -> OrjsonResponse:
    """The merges this client file took part in (for the history and an unmerge)."""
    return OrjsonResponse({"merges": service.identity.history(client_id)})


@api.get("/merges")
def recent_merges(device: ReviewerDep, service: ServiceDep,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> OrjsonResponse:
    """The latest merges with both names, newest first (to undo a wrong one)."""
    return OrjsonResponse({"merges": service.identity.recent(limit)})


@api.post("/merges/{merge_id}/undo")
def undo_merge(merge_id: str, device: ReviewerDep, service: ServiceDep) -> OrjsonResponse:
    """Unmerge: both files and their records as before; the pair is then "not the same"."""
    return OrjsonResponse(service.identity.unmerge(merge_id, by=_by(device)))


@api.get("/version", response_model=models.VersionResponse)
def version(service: ServiceDep) -> OrjsonResponse:
    return OrjsonResponse(service.version())


def health(service: ServiceDep) -> OrjsonResponse:
    """Database reachable, schema revision, epoch (no authentication: for monitoring)."""
    revision = current_revision(service.db)
    head = head_revision()
    return OrjsonResponse({
        "status": "ok" if revision == head else "migration_needed",
        "database": service.db.dialect, "schema_revision": revision, "head_revision": head,
        "record_schema": sync.SCHEMA_VERSION, "protocol": sync.PROTOCOL_VERSION,
        "epoch": service.epoch() if revision else ""},
        status_code=200 if revision == head else 503)


def metrics(service: ServiceDep) -> Response:
    """Monitoring figures in Prometheus' text format (sync_server.metrics)."""
    from sync_server.metrics import render
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
        except Exception:
            log.exception("retention run failed; the next one tries again")


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
        yield
        if task is not None:
            task.cancel()

    app = FastAPI(title="MiA Desk sync server", version=SERVER_VERSION, lifespan=lifespan,
                  description="Push/pull sync of MiA Desk; see docs/sync-protocol.md.",
                  default_response_class=OrjsonResponse)
    app.state.service = SyncService(db, settings)
    install_handlers(app)
    app.include_router(api)
    app.add_api_route("/health", health, methods=["GET"], response_model=models.HealthResponse,
                      responses={503: {"model": models.HealthResponse}})
    app.add_middleware(GZipMiddleware, minimum_size=settings.gzip_min_bytes,
                       compresslevel=settings.gzip_level)
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(MetricsMiddleware)
    app.add_api_route("/metrics", metrics, methods=["GET"], include_in_schema=False)
    return app


__all__: list[Any] = ["create_app"]
