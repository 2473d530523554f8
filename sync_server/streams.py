"""Server-Sent Events over the live channel (:mod:`sync_server.live`): the framing, the
heartbeat, and the end of a stream whose device or display lost its right to it.

A stream holds no thread: it waits on the event loop for its :class:`live.Subscription`,
and only the periodic re-check of the token (every heartbeat) takes a trip through the thread
pool. No record content ever goes out on a stream: only sequence numbers and queue names.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import orjson
from starlette.responses import StreamingResponse

from sync_server import live

HEADERS = {
    "Cache-Control": "no-store",
    "X-Accel-Buffering": "no",  # nginx: pass each event on at once
    "X-Content-Type-Options": "nosniff",
}
RETRY_MS = 2000  # the browser's (EventSource's) wait before it reconnects


def event(name: str, data: Any) -> str:
    """One SSE event: ``event:`` and one ``data:`` line of JSON."""
    return f"event: {name}\ndata: {orjson.dumps(data).decode()}\n\n"


def response(
    channel: live.Live,
    sub: live.Subscription,
    hello: str,
    render: Callable[[live.Change], str],
    recheck: Callable[[], Awaitable[str | None]],
    ping: str = ": ping\n\n",
) -> StreamingResponse:
    """A ``text/event-stream`` answer: *hello* first, then *render* (change) for each change
    (an empty text sends nothing), *ping* after each quiet heartbeat. At each heartbeat
    *recheck* runs: a text (the last event) ends the stream, None lets it go on. Starlette
    cancels the generator when the client goes away; the subscription ends with it."""

    async def stream() -> AsyncIterator[str]:
        loop = asyncio.get_running_loop()
        try:
            yield f"retry: {RETRY_MS}\n{hello}"
            due = loop.time() + live.HEARTBEAT_S
            while True:
                change = await sub.next(max(0.0, due - loop.time()))
                if change is not None:
                    text = render(change)
                    if text:
                        yield text
                if loop.time() >= due:  # also while changes keep coming: a revoked token ends
                    due = loop.time() + live.HEARTBEAT_S
                    last = await recheck()
                    if last is not None:
                        yield last
                        return
                    if change is None:
                        yield ping
        finally:
            channel.unsubscribe(sub)

    return StreamingResponse(stream(), media_type="text/event-stream", headers=HEADERS)
