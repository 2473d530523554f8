"""``GET /metrics``: figures for monitoring, in Prometheus' text format (no extra package).

Per server process (with several worker processes each scrape reaches one of them; the
request counters are that process's): requests by route and status, their total duration,
pulls and pushes. From the database (the same for every process): the last sequence number,
active and revoked devices, open conflicts and open duplicate proposals, whether the schema
is current. Nothing about a person. Restrict the path to the monitoring network at the reverse
proxy (installer/server/nginx-mia-sync.conf does).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import func, select
from starlette.types import ASGIApp, Receive, Scope, Send

from sync_server import schema as t
from sync_server.db import current_revision, head_revision, last_seq

STARTED = time.time()
# The phases of the request being served (seconds), sent back as a Server-Timing header: a
# laptop, bench.sync and a browser's network panel see where a slow answer spent its time.
_phases: ContextVar[dict[str, float] | None] = ContextVar("mia_phases", default=None)
_ARRIVED = "_arrived"


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Add the time of the ``with`` block to phase *name* of the current request (if any)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        add_phase(name, time.perf_counter() - started)


def add_phase(name: str, seconds: float) -> None:
    """Add *seconds* to phase *name* of the current request (if any)."""
    phases = _phases.get()
    if phases is not None:
        phases[name] = phases.get(name, 0.0) + seconds


def waited(name: str = "queue") -> None:
    """Phase *name*: from the request's arrival until now (a route calls it when a worker
    thread takes it up: the time it queued behind others)."""
    phases = _phases.get()
    if phases is not None and _ARRIVED in phases:
        phases[name] = time.perf_counter() - phases[_ARRIVED]


def server_timing(phases: dict[str, float]) -> bytes:
    return ", ".join(
        f"{name};dur={secs * 1000:.1f}" for name, secs in phases.items() if name != _ARRIVED
    ).encode()


_lock = threading.Lock()
_requests: dict[tuple[str, int], int] = defaultdict(int)
_seconds: dict[str, float] = defaultdict(float)


class MetricsMiddleware:
    """Counts each request by its route template (never the raw path: ids stay out)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = [500]
        started = time.perf_counter()
        phases = {_ARRIVED: started}
        token = _phases.set(phases)

        async def send_status(message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                if len(phases) > 1:
                    message.setdefault("headers", [])
                    message["headers"] = [
                        *message["headers"],
                        (b"server-timing", server_timing(phases)),
                    ]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            _phases.reset(token)
            route = scope.get("route")
            name = getattr(route, "path", None) or "unmatched"
            with _lock:
                _requests[(name, status[0])] += 1
                _seconds[name] += time.perf_counter() - started


def _line(name: str, value, labels: dict | None = None) -> str:
    if labels:
        inner = ",".join(f'{k}="{str(v).replace(chr(34), "")}"' for k, v in labels.items())
        return f"{name}{{{inner}}} {value}"
    return f"{name} {value}"


def render(db) -> str:
    out = [
        "# HELP mia_requests_total HTTP requests of this process by route and status",
        "# TYPE mia_requests_total counter",
    ]
    with _lock:
        requests = dict(_requests)
        seconds = dict(_seconds)
    out += [
        _line("mia_requests_total", n, {"route": r, "status": s})
        for (r, s), n in sorted(requests.items())
    ]
    out += [
        "# HELP mia_request_seconds_total time spent answering, by route",
        "# TYPE mia_request_seconds_total counter",
    ]
    out += [
        _line("mia_request_seconds_total", f"{v:.6f}", {"route": r})
        for r, v in sorted(seconds.items())
    ]
    out += [
        "# TYPE mia_process_start_time_seconds gauge",
        _line("mia_process_start_time_seconds", f"{STARTED:.3f}"),
    ]
    revision = current_revision(db)
    out += [
        "# HELP mia_schema_current 1 when the database schema is this server's",
        "# TYPE mia_schema_current gauge",
        _line("mia_schema_current", int(revision == head_revision())),
    ]
    if revision is not None:
        with db.reader.connect() as conn:
            devices = dict(
                conn.execute(
                    select(t.devices.c.revoked_at.is_(None), func.count()).group_by(
                        t.devices.c.revoked_at.is_(None)
                    )
                ).all()
            )
            conflicts = conn.execute(
                select(func.count())
                .select_from(t.conflicts)
                .where(t.conflicts.c.resolved_at.is_(None))
            ).scalar()
            figures = {
                "mia_last_seq": ("newest change number", last_seq(conn)),
                "mia_devices_active": ("registered, not revoked", devices.get(True, 0)),
                "mia_devices_revoked": ("revoked devices", devices.get(False, 0)),
                "mia_conflicts_open": ("conflicts waiting for a person", conflicts),
            }
            figures["mia_duplicates_open"] = (
                "duplicate proposals waiting for review",
                conn.execute(
                    select(func.count())
                    .select_from(t.match_candidates)
                    .where(t.match_candidates.c.status == "open")
                ).scalar(),
            )
        for name, (help_text, value) in figures.items():
            out += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", _line(name, value)]
    return "\n".join(out) + "\n"
