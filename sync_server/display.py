"""The waiting-room display: a web page per location for a screen in kiosk mode.

No login: each screen has a **display token** (``mia-sync-server add-display``), shown once;
the server keeps only its SHA-256, like a device token's. A wrong, revoked or missing token,
or one for another location, gets 403 ``display_forbidden`` and nothing else.

What a display learns is what the waiting room may read: the ticket numbers of the last calls
of its location today, the room (desk) each was called to, the time, and how many wait. Never
a name, client id, concern, unit or language of a ticket (:func:`state` reads no other column).
Beside them, the consulting hours held at the location today and on the coming days (issue 20:
public entries of the directory -- unit, kind, time, note; :mod:`sync_server.consulting_hours`).

The page (``web/display.html``, ``.css``, ``.js``: no external asset, no inline script, so the
CSP allows scripts from the server alone) loads ``/state`` and then follows
``/display/{location}/events`` (SSE, :mod:`sync_server.live`); when that stream breaks it polls
every 2 s, and on any fault it shows a neutral "Bitte warten".
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import func, select, update
from starlette.responses import StreamingResponse

from casefile import catalogs, queue
from casefile.ids import new_id
from casefile.policy import WALK_IN
from sync_server import live, models, queue as server_queue, schema as t, streams
from sync_server.auth import hash_token
from sync_server.db import Database, utcnow
from sync_server.errors import ApiError
from sync_server.middleware import OrjsonResponse
from sync_server.service import SyncService

LAST_CALLS = 8
# The page may load its own script, style and data from this server, nothing else.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the token is in the page's address
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
TokenQuery = Annotated[str, Query(max_length=200)]


# --- tokens (the command line) ----------------------------------------------------------------


def add_display(db: Database, location: str, name: str = "") -> tuple[str, str]:
    """A new display for *location*: (id, token). The token is not stored, only its hash."""
    if location not in catalogs.load("location").codes:
        raise ValueError(f"unknown location {location!r} (catalog location)")
    token = secrets.token_urlsafe(32)
    display_id = new_id()
    with db.writer.begin() as conn:
        conn.execute(
            t.displays.insert().values(
                id=display_id,
                location=location,
                name=(name or f"Wartebereich {location}")[:200],
                token_hash=hash_token(token),
                created_at=utcnow(),
            )
        )
    return display_id, token


def list_displays(db: Database) -> list[dict[str, Any]]:
    d = t.displays.c
    with db.reader.connect() as conn:
        rows = conn.execute(
            select(d.id, d.location, d.name, d.created_at, d.revoked_at).order_by(
                d.location, d.created_at
            )
        ).all()
    return [dict(r._mapping) for r in rows]


def revoke_display(db: Database, display_id: str) -> bool:
    """Revoke a display (by id); its page shows "Bitte warten" within seconds."""
    d = t.displays.c
    with db.writer.begin() as conn:
        done = conn.execute(
            update(t.displays)
            .where(d.id == display_id, d.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    return bool(done.rowcount)


def check(db: Database, location: str, token: str) -> str:
    """The display's id, or 403 ``display_forbidden`` (no token, a wrong or revoked one, or a
    token of another location -- all alike, so nothing is learnt by trying)."""
    if token:
        d = t.displays.c
        with db.reader.connect() as conn:
            found = conn.execute(
                select(d.id).where(
                    d.token_hash == hash_token(token),
                    d.location == location,
                    d.revoked_at.is_(None),
                )
            ).scalar()
        if found is not None:
            return str(found)
    raise ApiError(403, "display_forbidden")


# --- what the screen shows --------------------------------------------------------------------


def state(db: Database, location: str) -> dict[str, Any]:
    """Today's last calls at *location* (newest first) and how many wait: numbers and rooms."""
    day = queue_day()
    c, q = t.walk_in_log.c, t.walk_in_queue.c
    with db.reader.connect() as conn:
        calls = conn.execute(
            select(q.number, c.desk, c.at)
            .join_from(t.walk_in_log, t.walk_in_queue, q.ticket_id == c.ticket_id)
            .where(
                c.location == location,
                c.day == day.isoformat(),
                c.phase == "called",
                q.day == day.isoformat(),
            )
            .order_by(c.at.desc(), c.phase_id.desc())
            .limit(LAST_CALLS)
        ).all()
        waiting = conn.execute(
            select(func.count())
            .select_from(t.walk_in_queue)
            .where(
                q.location == location,
                q.day == day.isoformat(),
                q.status.in_(sorted(queue.CALLABLE)),
            )
        ).scalar_one()
    # --- issue 20: the consulting hours at this location, today and the coming days ---
    from sync_server import consulting_hours

    hours = consulting_hours.display_days(consulting_hours.cached_hours(db), location, day)
    return {
        "location": location,
        "title": catalogs.load("location").label(location),
        "day": day.isoformat(),
        "calls": [{"number": r.number, "desk": r.desk, "at": r.at} for r in calls],
        "waiting": int(waiting),
        "hours": hours,
    }


def queue_day() -> dt.date:
    """The day of the queue (sync_server.queue's, so a test moving the calendar moves both)."""
    return server_queue._today()


# --- routes -----------------------------------------------------------------------------------

# Not in /openapi.json (the sync API's map): these routes take no device token; documented in
# docs/sync-protocol.md "Waiting-room display".
router = APIRouter(prefix="/display", tags=["display"])


def _file(name: str) -> bytes:
    return resources.files("sync_server").joinpath("web", name).read_bytes()


def _service(request: Request) -> SyncService:
    return request.app.state.service


FORBIDDEN_PAGE = (
    "<!doctype html><html lang=de><meta charset=utf-8><title>Anzeige</title>"
    "<p>Diese Anzeige ist nicht freigeschaltet. Bitte wenden Sie sich an die IT.</p></html>"
)


@router.get("/static/display.js", include_in_schema=False)
def script() -> Response:
    return Response(_file("display.js"), media_type="text/javascript", headers=_static())


@router.get("/static/display.css", include_in_schema=False)
def style() -> Response:
    return Response(_file("display.css"), media_type="text/css", headers=_static())


def _static() -> dict[str, str]:
    return {**SECURITY, "Cache-Control": "no-cache"}


@router.get("/{location}", response_class=Response, include_in_schema=False)
async def page(location: models.Code, request: Request, token: TokenQuery = "") -> Response:
    """The page itself (the same for every location; the script reads its address)."""
    try:
        await run_in_threadpool(check, _service(request).db, location, token)
    except ApiError:
        return Response(FORBIDDEN_PAGE, 403, media_type="text/html", headers=SECURITY)
    return Response(_file("display.html"), media_type="text/html", headers=SECURITY)


@router.get("/{location}/state", response_model=models.DisplayState, include_in_schema=False)
def display_state(location: models.Code, request: Request, token: TokenQuery = "") -> Response:
    """The last calls of today (number, room, time) and the count waiting; no-store."""
    db = _service(request).db
    check(db, location, token)
    return OrjsonResponse(state(db, location), headers=SECURITY)


@router.get("/{location}/events", include_in_schema=False)
async def display_events(
    location: models.Code, request: Request, token: TokenQuery = ""
) -> StreamingResponse:
    """The display's live channel: ``queue`` when a record of its location's queue changed."""
    db = _service(request).db
    await run_in_threadpool(check, db, location, token)
    channel = live.of(db)
    wanted = frozenset({WALK_IN + location})
    sub = channel.subscribe(wanted, every=False)

    def render(change: live.Change) -> str:
        if change.resync or change.queues & wanted:
            return streams.event("queue", {"seq": change.seq})
        return ""

    async def recheck() -> str | None:
        try:
            await run_in_threadpool(check, db, location, token)
        except ApiError as exc:
            return streams.event("end", {"code": exc.code})
        return None

    return streams.response(
        channel,
        sub,
        streams.event("hello", {}),
        render,
        recheck,
        ping=streams.event("ping", {}),
    )


# --- the access log ---------------------------------------------------------------------------

_TOKEN = re.compile(r"(token=)[^&\s]+")


class RedactTokens(logging.Filter):
    """A display's token is part of its page address: keep it out of the access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _TOKEN.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args
            )
        return True


def install_log_filter() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactTokens) for f in access.filters):
        access.addFilter(RedactTokens())
