"""An answer that breaks off is a transient network failure (issue 13.11).

A real HTTP server in a thread answers from a script: a chunked body cut mid-page, a body
shorter than its Content-Length, a damaged gzip or zstd body, an empty 200, a 200 that is not JSON --
then a good answer. The sync client retries them like a dropped connection (same backoff);
when the retries run out it says so in German, and ``mia-desk --provision`` prints that
sentence and ends with exit code 1, without a traceback.
"""

import gzip
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson
import pytest

from desktop.sync.client import SyncClient
from desktop.sync.errors import Interrupted, SyncError
from sync_server.middleware import zstd

VERSION = {
    "protocol": 1,
    "min_protocol": 1,
    "schema": 1,
    "server_version": "test",
    "padding": "x" * 4000,
}
BODY = orjson.dumps(VERSION)
INTERRUPTED = "Die Verbindung zum Server wurde unterbrochen"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked bodies, as a real server

    def log_message(self, *args):
        pass

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.seen.append(self.path.split("?")[0])
        script = self.server.script
        step = script.pop(0) if len(script) > 1 else script[0]
        getattr(self, f"send_{step}")()

    do_GET = do_POST = _answer

    def _head(self, headers):
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _cut(self):
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def send_ok(self):
        self._head({"Content-Type": "application/json", "Content-Length": str(len(BODY))})
        self.wfile.write(BODY)

    def send_chunked_cut(self):
        self._head({"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
        self.wfile.write(b"%x\r\n" % len(BODY) + BODY[: len(BODY) // 3])
        self._cut()

    def send_short(self):
        self._head({"Content-Type": "application/json", "Content-Length": str(len(BODY))})
        self.wfile.write(BODY[:100])
        self._cut()

    def _encoded(self, coding, packed):
        self._head(
            {
                "Content-Type": "application/json",
                "Content-Encoding": coding,
                "Content-Length": str(len(packed)),
            }
        )
        self.wfile.write(packed)

    def send_gzip_cut(self):
        self._encoded("gzip", gzip.compress(BODY)[:40])

    def send_bad_gzip(self):
        self._encoded("gzip", b"this is not gzip at all")

    def send_ok_zstd(self):
        self._encoded("zstd", zstd.compress(BODY))

    def send_zstd_cut(self):
        self._encoded("zstd", zstd.compress(BODY)[:40])

    def send_bad_zstd(self):
        self._encoded("zstd", b"\x28\xb5\x2f\xfd this is not zstd after its magic")

    def send_empty(self):
        self._head({"Content-Type": "application/json", "Content-Length": "0"})

    def send_garbage(self):
        page = b"<html><body>502 Bad Gateway</body></html>"
        self._head({"Content-Type": "text/html", "Content-Length": str(len(page))})
        self.wfile.write(page)


@pytest.fixture
def http_server():
    """start(*steps) -> base URL of a server answering each request with the next step (the
    last one repeats)."""
    servers = []

    def start(*steps):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.script, server.seen = list(steps), []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


STEPS = [
    "chunked_cut",
    "short",
    "gzip_cut",
    "bad_gzip",
    "zstd_cut",
    "bad_zstd",
    "empty",
    "garbage",
]


def test_the_client_asks_for_zstd_and_unpacks_it(http_server):
    server, url = http_server("ok_zstd")
    client = SyncClient(url, session=None)
    try:
        assert client.version() == VERSION
        assert "zstd" in client.session.headers["Accept-Encoding"].split(",")
    finally:
        client.close()


@pytest.mark.parametrize("step", STEPS)
def test_a_broken_answer_is_retried_like_a_dropped_connection(http_server, step):
    server, url = http_server(step, "ok")
    waits = []
    client = SyncClient(url, session=None, sleep=waits.append)
    try:
        assert client.version() == VERSION
    finally:
        client.close()
    assert server.seen == ["/api/v1/version"] * 2 and waits == [0.5]


@pytest.mark.parametrize("step", STEPS)
def test_when_the_retries_run_out_the_user_reads_that_the_answer_broke_off(http_server, step):
    server, url = http_server(step)
    waits = []
    client = SyncClient(url, "tok", sleep=waits.append)
    try:
        with pytest.raises(Interrupted) as caught:
            client.pull(0)
    finally:
        client.close()
    assert isinstance(caught.value, SyncError)  # shown as its message, not "Unerwarteter Fehler"
    assert caught.value.message.startswith(INTERRUPTED)
    assert waits == [0.5, 1.0, 2.0] and len(server.seen) == 4  # the backoff of a dropped line


def test_a_sync_round_reports_the_broken_answer(http_server, store):
    from desktop.sync import state
    from desktop.sync.engine import SyncEngine

    _server, url = http_server("chunked_cut")
    state.connect(store.engine, url, "01a2b3c4-0000-7000-8000-000000000001", "a.schneider", "e1")
    client = SyncClient(url, "tok", sleep=lambda _s: None)
    try:
        with pytest.raises(Interrupted):
            SyncEngine(store, client).sync_once()
    finally:
        client.close()
    assert state.load(store.engine).last_error.startswith(INTERRUPTED)


def test_provisioning_against_a_server_whose_answers_break_off(http_server, tmp_path):
    from tests.desktop.harness import provision

    server, url = http_server("chunked_cut")
    store = tmp_path / "laptop" / "store.sqlite"
    done = provision(tmp_path, url, "a.schneider", "Brückenbau-Abendrot-42", store)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Anmeldung am Server" in done.stdout and INTERRUPTED in done.stdout
    assert "Traceback" not in done.stderr + done.stdout
    assert len(server.seen) == 4 and not store.exists()
