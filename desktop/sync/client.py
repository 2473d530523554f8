"""The one HTTP session of the desktop: every request to the sync server goes through here.

It owns what each call needs and nobody should repeat: timeouts (connect 5 s, read 30 s), a
few retries with exponential backoff for connection errors, answers that broke off (a body
cut mid-page, an empty or unreadable 200) and 5xx/429 answers (honouring ``Retry-After``),
gzip both ways, orjson parsing, and the translation of the server's error
envelope into typed errors (:mod:`desktop.sync.errors`). Retrying a push is safe: every op has
its own id and the server answers a replay with the stored result.

Tests mount a transport adapter on ``session`` to route requests into the server app in-process.
"""

from __future__ import annotations

import datetime as dt
import gzip
import http.client
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

import orjson
import requests
import urllib3.exceptions
import urllib3.util

from casefile import sync
from desktop.sync.errors import (
    AuthError,
    BadAddress,
    DeviceRevoked,
    EpochChanged,
    IncompatibleVersion,
    Interrupted,
    Offline,
    PasswordChangeRequired,
    ServerError,
    SyncError,
    TokenExpired,
    TooManyAttempts,
    UserLocked,
    WeakPassword,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

API = "/api/v1"
TIMEOUT = (5.0, 30.0)  # connect, read (seconds)
RETRIES = 3  # attempts after the first
BACKOFF = 0.5  # seconds before the first retry; doubles each time
MAX_WAIT = 60.0  # a longer Retry-After is not waited for: the next sync will come
GZIP_FROM = 32 * 1024  # request bodies from this size are sent gzipped
ACCEPT_ENCODING = urllib3.util.make_headers(accept_encoding=True)["accept-encoding"]
RETRY_STATUS = {429, 500, 502, 503, 504}
LOGIN_WAIT = 5.0  # a login or password change waits no longer for a Retry-After:
# the dialog says when to try again instead of hanging silently
# An answer that broke off while it was read: as transient as a dropped connection.
TRUNCATED = (
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
    http.client.IncompleteRead,
    urllib3.exceptions.ProtocolError,
    urllib3.exceptions.DecodeError,
)


class SyncClient:
    """A session with one sync server (``base_url``) on behalf of one device (``token``)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        session: requests.Session | None = None,
        timeout: float | tuple[float, float] = TIMEOUT,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        max_wait: float = MAX_WAIT,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = session or requests.Session()
        self.session.headers.update(
            {
                "Accept": "application/json",
                # What urllib3 can unpack here: zstd with backports.zstd (a dependency),
                # which the server prefers (sync_server.middleware.CompressionMiddleware).
                "Accept-Encoding": ACCEPT_ENCODING,
                "User-Agent": f"MiA-Desk/sync-{sync.PROTOCOL_VERSION}",
            }
        )
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep

    def close(self) -> None:
        self.session.close()

    # --- the API -------------------------------------------------------------------------

    def register(
        self, user: str, password: str, device_name: str, device_id: str | None = None
    ) -> dict[str, Any]:
        """Register this laptop; returns ``{device_id, token, must_change_password, epoch,
        protocol, ...}``. With *device_id* (this laptop's from an earlier login) the server
        gives that device a new token instead of registering another one."""
        body = {"user": user, "password": password, "device_name": device_name}
        if device_id:
            body["device_id"] = device_id
        return self._call("POST", "/devices/register", body=body, auth=False, max_wait=LOGIN_WAIT)

    def change_password(self, old_password: str, new_password: str) -> dict[str, Any]:
        """The user's own password (``POST /account/password``, with this device's token)."""
        return self._call(
            "POST",
            "/account/password",
            body={"old_password": old_password, "new_password": new_password},
            max_wait=LOGIN_WAIT,
        )

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", "/sync/push", body=body)

    def pull(
        self,
        cursor: int,
        limit: int | None = None,
        epoch: str | None = None,
        since: int | None = None,
    ) -> dict[str, Any]:
        """One page after *cursor*; *since*: the cursor this round of pulls started from (a
        device that started from 0 holds nothing a consent change could have to correct)."""
        params: dict[str, Any] = {"cursor": cursor, "protocol": sync.PROTOCOL_VERSION}
        if since is not None:
            params["since"] = since
        if limit:
            params["limit"] = limit
        if epoch:
            params["epoch"] = epoch
        return self._call("GET", "/sync/pull", params=params)

    def snapshot(
        self,
        after: int,
        top: int | None = None,
        limit: int | None = None,
        epoch: str | None = None,
    ) -> dict[str, Any]:
        """One chunk of a first sync by snapshot (``sync_server.snapshot``): the records with
        ``after < seq <= top``; the first chunk (no *top*) names ``top``."""
        params: dict[str, Any] = {"after": after, "protocol": sync.PROTOCOL_VERSION}
        for name, value in (("top", top), ("limit", limit), ("epoch", epoch)):
            if value is not None and value != "":
                params[name] = value
        return self._call("GET", "/sync/snapshot", params=params)

    def conflicts(
        self,
        *,
        open_only: bool = True,
        limit: int = 500,
        after: str | None = None,
        client_id: str | None = None,
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"open": "true" if open_only else "false", "limit": limit}
        if after:
            params["after"] = after
        if client_id:
            params["client_id"] = client_id
        return self._call("GET", "/conflicts", params=params)

    def resolve(self, conflict_id: str, value: Any) -> dict[str, Any]:
        return self._call("POST", f"/conflicts/{conflict_id}/resolve", body={"value": value})

    # --- one client file per person (reviewer roles) --------------------------------------

    def duplicates(self, status: str = "open", limit: int = 200) -> dict[str, Any]:
        return self._call("GET", "/duplicates", params={"status": status, "limit": limit})

    def merge_pair(
        self, candidate_id: str, survivor_id: str, keep: dict[str, Any], reason: str
    ) -> dict[str, Any]:
        return self._call(
            "POST",
            f"/duplicates/{candidate_id}/merge",
            body={"survivor_id": survivor_id, "keep": keep, "reason": reason},
        )

    def distinct(self, candidate_id: str) -> dict[str, Any]:
        return self._call("POST", f"/duplicates/{candidate_id}/distinct", body={})

    def merges(self, limit: int = 200) -> dict[str, Any]:
        return self._call("GET", "/merges", params={"limit": limit})

    def undo_merge(self, merge_id: str) -> dict[str, Any]:
        return self._call("POST", f"/merges/{merge_id}/undo", body={})

    # --- audit and access (administrators) -------------------------------------------------

    def audit(
        self, client_id: str = "", user: str = "", after: int = 0, limit: int = 1000
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"after": after, "limit": limit}
        if client_id:
            params["client_id"] = client_id
        if user:
            params["user"] = user
        return self._call("GET", "/audit", params=params)

    def export_client(self, client_id: str) -> dict[str, Any]:
        return self._call("GET", f"/clients/{client_id}/export")

    def rules(self) -> dict[str, Any]:
        return self._call("GET", "/rules")

    def directory(self, version: str = "") -> dict[str, Any] | None:
        """The directory (``GET /directory``); None while it is still *version* (304)."""
        headers = {"If-None-Match": f'"{version}"'} if version else None
        answer = self._call("GET", "/directory", headers=headers)
        return answer or None

    def version(self) -> dict[str, Any]:
        return self._call("GET", "/version", auth=False)

    def ticket_prefix(self) -> str:
        """This device's ticket number prefix (``POST /queue/prefix``; handed out once)."""
        return str(self._call("POST", "/queue/prefix")["prefix"])

    def call_ticket(
        self,
        location: str,
        units: list[str] | None = None,
        ticket_id: str | None = None,
        desk: str = "",
        recall: bool = False,
    ) -> dict[str, Any]:
        """Call the next ticket of *units* at *location*, or *ticket_id* (``POST /queue/call``,
        atomic on the server): ``{"ticket": record | None, "results": [...]}``."""
        body: dict[str, Any] = {"location": location, "desk": desk, "recall": recall}
        if units:
            body["units"] = units
        if ticket_id:
            body["ticket_id"] = ticket_id
        return self._call("POST", "/queue/call", body=body, max_wait=10)

    def queue_stats(self, location: str, start: dt.date, end: dt.date) -> dict[str, Any]:
        """The walk-in statistics of *location* from *start* to *end*, both included
        (``GET /queue/stats``; the staff of that location's queue, else 403 not_your_queue)."""
        params = {"location": location, "from": start.isoformat(), "to": end.isoformat()}
        return self._call("GET", "/queue/stats", params=params)

    def queue_stats_csv(self, location: str, start: dt.date, end: dt.date) -> bytes:
        """The same figures as the server's CSV, byte for byte (UTF-8 with BOM, semicolons)."""
        params = {
            "location": location,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "format": "csv",
        }
        return self._send(
            "GET",
            "/queue/stats",
            params=params,
            headers={"Accept": "text/csv"},
            read=lambda response: response.content,
        )

    # --- issue 21: funder lists ---
    def funder_list(
        self, project: str, template: str, start: dt.date, end: dt.date, fmt: str = "json"
    ) -> Any:
        """The funder's participant list of *project* from *start* to *end* in the layout of
        *template* (``GET /reports/funder-list``): the list as a dict for ``json``, the
        server's file as bytes for ``csv`` / ``xlsx`` (saved as it came)."""
        params = {
            "project": project,
            "template": template,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "format": fmt,
        }
        if fmt == "json":
            return self._call("GET", "/reports/funder-list", params=params)
        accept = {
            "csv": "text/csv",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[fmt]
        return self._send(
            "GET",
            "/reports/funder-list",
            params=params,
            headers={"Accept": accept},
            read=lambda response: response.content,
        )

    # --- issue 21: reports ---

    def report_catalog(self) -> dict[str, Any]:
        """What this user may ask (``GET /reports``): indicators with their dimensions, the
        units in scope, threshold, rounding and modes (403 report_scope without reports)."""
        return self._call("GET", "/reports")

    def report_table(self, params: dict[str, Any]) -> dict[str, Any]:
        """A report table (``GET /reports/table``, docs/reports.md): *params* has
        ``indicator``, ``rows``, ``columns`` (None: one column), ``from``, ``to`` (dates or ISO
        text), ``mode`` and ``units`` (each sent as its own ``unit``)."""
        return self._call("GET", "/reports/table", params=report_query(params))

    def report_export(self, params: dict[str, Any], fmt: str) -> bytes:
        """The same table as the server's file (*fmt*: xlsx, csv or pdf), byte for byte;
        the server writes the export into its audit log."""
        query = {**report_query(params), "format": fmt}
        return self._send(
            "GET",
            "/reports/table/export",
            params=query,
            headers={"Accept": EXPORT_TYPES.get(fmt, "*/*")},
            read=lambda response: response.content,
        )

    def report_monthly(self, month: str, mode: str, fmt: str = "json") -> dict[str, Any] | bytes:
        """The monthly report of *month* (``YYYY-MM``): its tables as JSON, or the file
        (*fmt* xlsx or pdf) as bytes."""
        query = {"month": month, "mode": mode, "format": fmt}
        if fmt == "json":
            return self._call("GET", "/reports/monthly", params=query)
        return self._send(
            "GET",
            "/reports/monthly",
            params=query,
            headers={"Accept": EXPORT_TYPES.get(fmt, "*/*")},
            read=lambda response: response.content,
        )

    def report_cell(self, params: dict[str, Any], row: str, column: str | None) -> dict[str, Any]:
        """The files behind one cell (intern mode): ``{"clients": [{"id", "name",
        "birth_date"}], "hidden": n}`` -- those the user may open, and how many others."""
        query = {**report_query(params), "row": row}
        if column is not None:
            query["column"] = column
        return self._call("GET", "/reports/cell", params=query)

    # --- the mechanics ---------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        auth: bool = True,
        max_wait: float | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """One request with retries; the answer's JSON object."""
        return self._send(
            method,
            path,
            body=body,
            params=params,
            auth=auth,
            max_wait=max_wait,
            headers=headers,
            read=self._json,
        )

    def _send(
        self,
        method: str,
        path: str,
        *,
        read: Callable[[requests.Response], T],
        body: Any = None,
        params: dict[str, Any] | None = None,
        auth: bool = True,
        max_wait: float | None = None,
        headers: dict[str, str] | None = None,
    ) -> T:
        """One request with retries; *read* turns a successful answer into the result (an
        answer it finds broken off raises :class:`Interrupted`, retried like a dropped line)."""
        url = f"{self.base_url}{API}{path}"
        headers = dict(headers or {})
        if auth:
            if not self.token:
                raise AuthError()
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = orjson.dumps(body)
            headers["Content-Type"] = "application/json"
            if len(data) >= GZIP_FROM:
                data = gzip.compress(data, compresslevel=5)
                headers["Content-Encoding"] = "gzip"
        patience = self.max_wait if max_wait is None else min(self.max_wait, max_wait)
        attempt = 0
        while True:
            try:
                response = self.session.request(
                    method, url, data=data, params=params, headers=headers, timeout=self.timeout
                )
                if response.status_code < 400:
                    return read(response)
            except (
                requests.exceptions.InvalidURL,
                requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema,
            ) as exc:
                raise BadAddress(detail=str(exc)) from exc  # no retry can mend a typo
            except (requests.ConnectionError, requests.Timeout, *TRUNCATED, Interrupted) as exc:
                if attempt >= self.retries:
                    if isinstance(exc, Interrupted):
                        raise
                    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
                        raise Offline(detail=str(exc)) from exc
                    raise Interrupted(detail=f"{type(exc).__name__}: {exc}") from exc
                wait = self.backoff * 2**attempt
                log.info("%s %s: %s; retry in %.1f s", method, path, type(exc).__name__, wait)
            else:
                if response.status_code not in RETRY_STATUS or attempt >= self.retries:
                    raise self._error(response)
                wait = _retry_after(response, self.backoff * 2**attempt)
                if wait > patience:
                    raise self._error(response)
                log.info(
                    "%s %s: HTTP %s; retry in %.1f s", method, path, response.status_code, wait
                )
            attempt += 1
            if self.sleep(wait):
                # A stop-aware sleep (threading.Event.wait) returns True when told to stop.
                raise Offline(detail="stopped while waiting to retry")

    @staticmethod
    def _json(response: requests.Response) -> dict[str, Any]:
        if response.status_code == 304:
            return {}  # not modified (a conditional GET): nothing to read
        # requests has already undone the zstd or gzip Content-Encoding of the answer. Every
        # answer of the server is a JSON object: an empty or unreadable one broke off on the
        # way (a proxy, a dropped connection behind it) and is retried like one.
        try:
            return cast(dict[str, Any], orjson.loads(response.content))
        except orjson.JSONDecodeError as exc:
            raise Interrupted(
                status=response.status_code,
                code="malformed_response",
                detail=response.content[:200],
            ) from exc

    @staticmethod
    def _error(response: requests.Response) -> SyncError:
        status = response.status_code
        try:
            err = orjson.loads(response.content).get("error") or {}
        except (orjson.JSONDecodeError, AttributeError):
            err = {}
        if not isinstance(err, dict):
            err = {}
        code, message, detail = err.get("code", ""), err.get("message", ""), err.get("detail")
        kw = {"code": code, "status": status, "detail": detail}
        if status == 401:
            return (TokenExpired if code == "token_expired" else AuthError)(message, **kw)
        if status == 403 and code == "device_revoked":
            return DeviceRevoked(message, **kw)
        if status == 403 and code == "user_locked":
            return UserLocked(message, **kw)
        if status == 403 and code == "password_change_required":
            return PasswordChangeRequired(message, **kw)
        if status == 422 and code == "weak_password":
            return WeakPassword(message, **kw)
        if status == 429:
            wait = _retry_after(response, 0.0)
            if not wait and isinstance(detail, dict):
                try:
                    wait = float(detail.get("retry_after") or 0)
                except (TypeError, ValueError):
                    wait = 0.0
            return TooManyAttempts(message, retry_after=int(wait + 0.999), **kw)
        if status == 426:
            return IncompatibleVersion(message, **kw)
        if status == 409 and code in ("epoch_mismatch", "cursor_ahead"):
            epoch = detail.get("epoch", "") if isinstance(detail, dict) else ""
            return EpochChanged(epoch, message, **kw)
        return ServerError(message, **kw)


def _retry_after(response: requests.Response, default: float) -> float:
    """Seconds from a ``Retry-After`` header (only the delta form; servers here send that)."""
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return default


# --- issue 21: reports ---
EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "pdf": "application/pdf",
}


def report_query(params: dict[str, Any]) -> dict[str, Any]:
    """The query of a report request from the screen's choice: dates as ISO text, no
    ``columns`` for a one-column table, and the units as a list (requests sends one ``unit``
    parameter per element)."""
    query: dict[str, Any] = {}
    for key in ("indicator", "rows", "columns", "from", "to", "mode"):
        value = params.get(key)
        if value is None or value == "":
            continue
        query[key] = value.isoformat() if isinstance(value, dt.date) else value
    units = [u for u in params.get("units") or () if u]
    if units:
        query["unit"] = list(units)
    return query
