"""Test helpers for the live channel: a real uvicorn in a thread (the TestClient buffers a
whole answer, an event stream never ends) and an SSE reader on a thread of its own."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import uvicorn

from tests.server.helpers import free_port


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """*app* served by uvicorn on a free port in this process; yields the base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise AssertionError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        server.force_exit = True
        thread.join(10)


class Stream:
    """GET *url* as an event stream; events land in ``events`` as (name, data, arrival)."""

    def __init__(self, url: str, headers: dict | None = None):
        self.url, self.headers = url, headers or {}
        self.events: queue.Queue = queue.Queue()
        self.status: int | None = None
        self.body = b""
        self.response_headers: httpx.Headers | None = None
        self._opened = threading.Event()
        self._response: httpx.Response | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._opened.wait(15):
            raise AssertionError(f"no answer from {url}")

    def _run(self) -> None:
        try:
            with (
                httpx.Client(timeout=httpx.Timeout(15, read=None)) as client,
                client.stream("GET", self.url, headers=self.headers) as r,
            ):
                self._response = r
                self.status, self.response_headers = r.status_code, r.headers
                if r.status_code != 200:
                    self.body = r.read()
                    self._opened.set()
                    return
                self._opened.set()
                name, data = None, None
                for line in r.iter_lines():
                    if line.startswith(":"):
                        self.events.put(("comment", line, time.perf_counter()))
                    elif line.startswith("event:"):
                        name = line[6:].strip()
                    elif line.startswith("data:"):
                        data = line[5:].strip()
                    elif line == "" and name:
                        self.events.put((name, json.loads(data or "null"), time.perf_counter()))
                        name, data = None, None
        except (httpx.HTTPError, RuntimeError):
            pass
        finally:
            self._opened.set()
            self.events.put(("closed", None, time.perf_counter()))

    def next(self, name: str, timeout: float = 5.0, where: Callable = lambda d: True):
        """The next event called *name* (others are kept in ``seen``); AssertionError if none."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {name!r} event within {timeout} s")
            try:
                got, data, at = self.events.get(timeout=left)
            except queue.Empty:
                continue
            self.seen.append((got, data))
            if got == name and where(data):
                return data, at
            if got == "closed" and name != "closed":
                raise AssertionError(f"stream closed before a {name!r} event: {self.seen}")

    def drain(self, seconds: float = 0.3) -> list[tuple[str, object]]:
        """The events that arrive within *seconds*."""
        out = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                got, data, _at = self.events.get(timeout=left)
            except queue.Empty:
                break
            out.append((got, data))
        self.seen.extend(out)
        return out

    @property
    def seen(self) -> list:
        if not hasattr(self, "_seen"):
            self._seen: list = []
        return self._seen

    def close(self) -> None:
        if self._response is not None:
            with contextlib.suppress(Exception):
                self._response.close()
        self._thread.join(5)
