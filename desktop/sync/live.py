"""The live channel on the laptop: the server says "pull now", the sync controller syncs.

A thread of its own keeps ``GET /api/v1/events`` open (server-sent events, see
docs/sync-protocol.md "Live channel"). A ``queue`` event for one of the user's walk-in queues
(or a ``resync`` after the server lost hints) asks for a sync round at once -- the
queue panel then shows another PC's call within a pull's time instead of the next timer. No
record content comes over the channel: it only wakes the ordinary pull (one data path).

When the stream breaks (no server, a proxy that closes it, a restart), the thread waits and
connects again, with growing pauses; meanwhile the controller's timer is the fallback, and
while the channel is down it polls more often (:data:`POLL_MS`). An ``end`` event (the device
revoked, the user locked, the queues changed) stops the channel until the next sync round has
settled what it means.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable

import orjson
import requests

from desktop.sync.client import API, SyncClient

log = logging.getLogger(__name__)

RETRY_S = (1.0, 2.0, 5.0, 10.0, 30.0)  # pauses between attempts; the last one repeats
READ_TIMEOUT_S = 45.0  # the server sends a heartbeat every 15 s: three missed, it is gone
POLL_MS = 20_000  # the controller's interval while the channel is down (else its own)


class LiveChannel:
    """Reads the server's hints in a thread of its own; calls *on_hint* (from that thread)
    when a sync round should run now, *on_up* when the channel opens or breaks. No Qt here:
    the sync controller (desktop/sync/worker.py) carries both to the UI thread."""

    def __init__(
        self,
        client: Callable[[], SyncClient],
        on_hint: Callable[[], None] = lambda: None,
        on_up: Callable[[bool], None] = lambda _up: None,
    ):
        self._client = client
        self.on_hint, self.on_up = on_hint, on_up
        self._opened = 0  # streams opened so far: the first "hello" needs no catching up
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._response: requests.Response | None = None
        self.connected = False

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="mia-live", daemon=True)
        self._thread.start()

    def stop(self, wait_s: float = 2.0) -> None:
        self._stop.set()
        response = self._response
        if response is not None:
            _interrupt(response)  # ends a blocked read at once
        if self._thread is not None:
            self._thread.join(wait_s)

    # --- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            try:
                ended = self._follow()
                attempt = 0
                if ended:
                    return
            except Exception as exc:  # noqa: BLE001 - any failure: wait, then connect again
                log.debug("live channel broken: %s", exc)
            self._set_up(False)
            pause = RETRY_S[min(attempt, len(RETRY_S) - 1)]
            attempt += 1
            if self._stop.wait(pause):
                return

    def _follow(self) -> bool:
        """One connection; True if the server ended it for good (``end``)."""
        client = self._client()
        try:
            if not client.token:
                raise ConnectionError("no device token")
            headers = {
                "Authorization": f"Bearer {client.token}",
                "Accept": "text/event-stream",
            }
            with client.session.get(
                f"{client.base_url}{API}/events",
                headers=headers,
                stream=True,
                timeout=(10.0, READ_TIMEOUT_S),
            ) as response:
                self._response = response
                if response.status_code != 200:
                    raise ConnectionError(f"events: HTTP {response.status_code}")
                self._set_up(True)
                event, data = "", b""
                for line in response.iter_lines():
                    if self._stop.is_set():
                        return True
                    if line.startswith(b"event:"):
                        event = line[6:].strip().decode()
                    elif line.startswith(b"data:"):
                        data = line[5:].strip()
                    elif not line and event:
                        if self._handle(event, data):
                            return True
                        event, data = "", b""
            return False
        finally:
            self._response = None
            client.close()

    def _handle(self, event: str, data: bytes) -> bool:
        if event == "end":
            log.info("live channel ended by the server: %s", data[:200])
            self.on_hint()  # the next round says why (revoked, locked, new scope)
            return True
        if event == "hello":
            self._opened += 1
            if self._opened > 1:  # opened again: hints may have been missed meanwhile
                self.on_hint()
        elif event == "queue":
            self.on_hint()  # one of my queues changed
        elif event == "changed":
            # Every commit anywhere: left to the timer (a hundred laptops pulling on each
            # other's every save would be a storm), unless hints may have been lost.
            try:
                payload = orjson.loads(data) if data else {}
            except orjson.JSONDecodeError:
                payload = {}
            if isinstance(payload, dict) and payload.get("resync"):
                self.on_hint()
        return False

    def _set_up(self, value: bool) -> None:
        if value != self.connected:
            self.connected = value
            self.on_up(value)


def _interrupt(response: requests.Response) -> None:
    """End the read another thread is blocked in: shut the socket down. (``response.close()``
    from here waited for the reader's buffer lock, i.e. for the next heartbeat: up to 15 s
    for every laptop that closed.) The reading thread then sees the end of the stream and
    closes the response itself."""
    connection = getattr(response.raw, "connection", None) or getattr(
        response.raw, "_connection", None
    )
    sock = getattr(connection, "sock", None)
    if sock is None:
        return  # not connected (any more): nothing blocks
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # closed meanwhile
