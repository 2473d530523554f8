"""ASGI pieces below the routes: the body-size limit, gzip request bodies, a fast JSON response.

The limit is enforced before any route code runs, on the declared ``Content-Length`` and on
the bytes actually received (a chunked upload has no length), and again after gunzipping a
``Content-Encoding: gzip`` body, so a small compressed bomb cannot expand past the limit.
"""

from __future__ import annotations

import zlib
from typing import Any

import orjson
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync_server.errors import MESSAGES, json_bytes


class OrjsonResponse(JSONResponse):
    """JSON via orjson: ~3x faster than the standard library on pull pages, and it passes
    pre-serialised record fields (``orjson.Fragment``) through untouched. Routes return it
    built from dicts (FastAPI does not validate them again); being a ``JSONResponse``, the
    route's ``response_model`` is what /openapi.json publishes for the answer."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json_bytes(content)


def _error(status: int, code: str, **params) -> Response:
    body = {"error": {"code": code, "message": MESSAGES[code].format(**params), "detail": params}}
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


class BodyLimitMiddleware:
    """Reject request bodies over *limit* bytes with 413; inflate gzip bodies (bounded)."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _error(413, "payload_too_large", limit=self.limit)(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.limit:
                await _error(413, "payload_too_large", limit=self.limit)(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        encoding = headers.get(b"content-encoding", b"identity").strip().lower()
        if encoding == b"gzip":
            inflater = zlib.decompressobj(wbits=31)
            try:
                plain = inflater.decompress(bytes(body), self.limit + 1)
            except zlib.error:
                await _error(400, "malformed_json")(scope, receive, send)
                return
            if len(plain) > self.limit or inflater.unconsumed_tail:
                await _error(413, "payload_too_large", limit=self.limit)(scope, receive, send)
                return
            body = bytearray(plain)
            scope = dict(scope)
            scope["headers"] = [
                (k, v)
                for k, v in scope["headers"]
                if k not in (b"content-encoding", b"content-length")
            ]
        elif encoding not in (b"identity", b""):
            await _error(415, "unsupported_encoding")(scope, receive, send)
            return
        await self.app(scope, _replay(bytes(body), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # later calls wait for the disconnect, as usual

    return replay
