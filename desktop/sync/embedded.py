"""The demo's own sync server: ``mia-sync-server`` on 127.0.0.1 with a fresh SQLite file.

``mia-desk --demo`` starts it so that a newcomer sees sync working: the server is seeded with
demo client files (``mia-sync-server seed-demo``), a demo user is created, this laptop registers
as a device and starts with an EMPTY local store that fills through its first sync. The server
runs as a child process (the desktop never imports ``sync_server``) and is stopped when the
app exits. Everything here blocks, so it runs in the sync thread, never on the UI thread.
"""
from __future__ import annotations

import logging
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from desktop.store.repo import Store
from desktop.sync import state
from desktop.sync.connection import Connection, device_name
from desktop.sync.client import SyncClient
from desktop.sync.errors import ServerError

log = logging.getLogger(__name__)

DB_FILE = "demo-server.sqlite"


def server_command() -> tuple[list[str], dict[str, str]]:
    """How to run ``mia-sync-server``: the installed script, else this Python with the source."""
    env = dict(os.environ)
    script = shutil.which("mia-sync-server")
    if script:
        return [script], env
    root = str(Path(__file__).resolve().parents[2])     # the checkout holding sync_server/
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return [sys.executable, "-m", "sync_server.cli"], env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EmbeddedServer:
    """One demo server process in *directory*; :meth:`start` is idempotent and thread-safe."""

    def __init__(self, directory: Path, *, clients: int = 1500, user: str = "a.schneider",
                 command: list[str] | None = None, port: int | None = None):
        self.directory = Path(directory)
        self.clients = clients
        self.user = user
        self.password = secrets.token_urlsafe(12)
        if command is None:
            self.command, self.env = server_command()
        else:
            self.command, self.env = command, dict(os.environ)
        self.port = port
        self.process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self.logfile = self.directory / "demo-server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{(self.directory / DB_FILE).resolve()}"

    def _run(self, *args: str) -> None:
        cmd = [*self.command, *args, "--database-url", self.database_url]
        done = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise ServerError(detail=f"{' '.join(args[:1])}: {done.stderr.strip()[-500:]}")

    def start(self, timeout: float = 60.0) -> None:
        with self._lock:
            if self.process is not None and self.process.poll() is None:
                return
            self.directory.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.directory / DB_FILE) + suffix).unlink(missing_ok=True)
            started = time.monotonic()
            self._run("seed-demo", "--clients", str(self.clients), "--duplicates")
            # The demo user coordinates and administers too, so the review queue of duplicates
            # and the access log can be tried.
            self._run("create-user", self.user, "--password", self.password,
                      "--unit", "integration", "--role", "caseworker", "--role", "coordination",
                      "--role", "administrator")
            self.port = self.port or free_port()
            log_fh = open(self.logfile, "ab")
            self.process = subprocess.Popen(
                [*self.command, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                 "--database-url", self.database_url],
                env=self.env, stdout=log_fh, stderr=subprocess.STDOUT)
            log_fh.close()
            self._wait_healthy(timeout)
            log.info("demo server at %s ready after %.1f s", self.url, time.monotonic() - started)

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(detail=f"demo server exited ({self.process.returncode}), "
                                         f"see {self.logfile}")
            try:
                if requests.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise ServerError(detail=f"demo server not ready after {timeout:.0f} s")

    def stop(self) -> None:
        with self._lock:
            process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def connection(self, store: Store) -> Connection:
        """A connection that starts this server and registers the store's device on first use.

        The demo token stays in memory: a demo must not leave entries in the OS keyring.
        """
        tokens: dict[tuple[str, str], str] = {}

        def prepare() -> None:
            with self._lock:
                ready = self.process is not None and self.process.poll() is None
            if ready and tokens:
                return
            self.start()
            client = SyncClient(self.url)
            try:
                reg = client.register(self.user, self.password, device_name(self.user))
            finally:
                client.close()
            tokens[(self.url, reg["device_id"])] = reg["token"]
            state.connect(store.engine, self.url, reg["device_id"], self.user, reg["epoch"])

        return Connection(store, lambda url, device: tokens.get((url, device)), prepare=prepare)
