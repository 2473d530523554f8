"""The demo's own sync server: ``mia-sync-server`` on 127.0.0.1 with a fresh SQLite file.

``mia-desk --demo`` starts it so that a newcomer sees sync working: the server is seeded with
demo client files (``mia-sync-server seed-demo``), a demo user is created, this laptop registers
as a device and starts with an EMPTY local store that fills through its first sync. The server
runs as a child process (the desktop never imports ``sync_server``) and is stopped when the
app exits. Everything here blocks, so it runs in the sync thread, never on the UI thread.

Ending the app in any way ends the server. It runs under a small watchdog (``WATCHDOG``, a
second Python process) that holds the read end of a pipe whose write end only the app holds:
when the app exits -- normally, by an exception, SIGTERM, SIGINT or even SIGKILL -- the pipe
closes, and the watchdog terminates the server (SIGKILL after 5 s) and exits. Watchdog and
server form their own process group, which :meth:`EmbeddedServer.stop` kills as a last resort.

The demo's files are private to the user: the folder is 0700, the database, its WAL and the
log 0600 (the server and its set-up commands run with umask 077). The password of the demo
user goes to ``create-user`` on standard input, never on a command line.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from desktop.store.repo import Store
from desktop.sync import state
from desktop.sync.client import SyncClient
from desktop.sync.connection import Connection, device_name
from desktop.sync.errors import ServerError

log = logging.getLogger(__name__)

DB_FILE = "demo-server.sqlite"
PRIVATE_UMASK = 0o077

# Runs ``sys.argv[1:]`` and ends it when standard input closes (the app is gone), or on SIGTERM
# / SIGINT; exits with the server's code.
WATCHDOG = r"""
import os, signal, subprocess, sys, threading
server = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL)
def end(*_):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
    os._exit(server.wait() or 0)
signal.signal(signal.SIGTERM, end)
signal.signal(signal.SIGINT, end)
def watch():
    try:
        while sys.stdin.buffer.read(1024):
            pass
    except OSError:
        pass
    end()
threading.Thread(target=watch, daemon=True).start()
os._exit(server.wait())
"""


def make_private(*paths: Path) -> None:
    """chmod 0700 for folders, 0600 for files (where they exist; a no-op on Windows)."""
    for p in paths:
        try:
            os.chmod(p, 0o700 if p.is_dir() else 0o600)
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("could not make %s private: %s", p, exc)


def _private_child() -> dict:
    """Popen options: the child creates files for the user alone (umask, POSIX)."""
    return {"umask": PRIVATE_UMASK} if os.name == "posix" else {}


def server_command() -> tuple[list[str], dict[str, str]]:
    """How to run ``mia-sync-server``: the installed script, else this Python with the source."""
    env = dict(os.environ)
    script = shutil.which("mia-sync-server")
    if script:
        return [script], env
    root = str(Path(__file__).resolve().parents[2])  # the checkout holding sync_server/
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return [sys.executable, "-m", "sync_server.cli"], env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EmbeddedServer:
    """One demo server process in *directory*; :meth:`start` is idempotent and thread-safe."""

    def __init__(
        self,
        directory: Path,
        *,
        clients: int = 1500,
        user: str = "a.schneider",
        command: list[str] | None = None,
        port: int | None = None,
    ):
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
        self._lock = threading.RLock()  # stop() runs inside start() on a timeout
        self.logfile = self.directory / "demo-server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{(self.directory / DB_FILE).resolve()}"

    def _run(self, *args: str, stdin: str | None = None) -> None:
        cmd = [*self.command, *args, "--database-url", self.database_url]
        done = subprocess.run(
            cmd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            input=stdin if stdin is not None else "",
            **_private_child(),
        )
        if done.returncode != 0:
            raise ServerError(detail=f"{' '.join(args[:1])}: {done.stderr.strip()[-500:]}")

    def start(self, timeout: float = 60.0) -> None:
        with self._lock:
            if self.process is not None and self.process.poll() is None:
                return
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            make_private(self.directory)
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.directory / DB_FILE) + suffix).unlink(missing_ok=True)
            started = time.monotonic()
            # The demo user coordinates and administers too, so the review queue of duplicates
            # and the access log can be tried. Created before the demo data, whose directory
            # adds the other colleagues (without a login) and the language mediators.
            self._run(
                "create-user",
                self.user,
                "--unit",
                "integration",
                "--role",
                "caseworker",
                "--role",
                "coordination",
                "--role",
                "administrator",
                "--display-name",
                "Anna Schneider" if self.user == "a.schneider" else self.user,
                stdin=self.password + "\n",
            )
            self._run("seed-demo", "--clients", str(self.clients), "--duplicates")
            self.port = self.port or free_port()
            log_fd = os.open(self.logfile, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            make_private(self.logfile, *self.files())
            try:
                self.process = subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        WATCHDOG,
                        *self.command,
                        "serve",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(self.port),
                        "--database-url",
                        self.database_url,
                    ],
                    env=self.env,
                    stdin=subprocess.PIPE,
                    stdout=log_fd,
                    stderr=subprocess.STDOUT,
                    start_new_session=os.name == "posix",
                    **_private_child(),
                )
            finally:
                os.close(log_fd)
            self._wait_healthy(timeout)
            log.info("demo server at %s ready after %.1f s", self.url, time.monotonic() - started)

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.process
            if process is None:  # (started just before, stopped meanwhile)
                raise ServerError(detail="demo server stopped while starting")
            if process.poll() is not None:
                raise ServerError(
                    detail=f"demo server exited ({process.returncode}), see {self.logfile}"
                )
            try:
                if requests.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise ServerError(detail=f"demo server not ready after {timeout:.0f} s")

    def files(self) -> list[Path]:
        """The server's database files (those that exist)."""
        db = self.directory / DB_FILE
        return [
            p
            for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal"))
            if p.exists()
        ]

    def stop(self) -> None:
        """End the server: close the watchdog's pipe (it terminates the server), else SIGKILL
        to their process group. Safe to call more than once, and at exit."""
        with self._lock:
            process, self.process = self.process, None
        if process is None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=7)
        except subprocess.TimeoutExpired:
            self._kill_group(process)
            process.wait(timeout=5)
        if process.returncode < 0:  # the watchdog itself was killed: the server too
            self._kill_group(process)

    @staticmethod
    def _kill_group(process: subprocess.Popen) -> None:
        if os.name != "posix":
            process.kill()
            return
        try:
            os.killpg(process.pid, signal.SIGKILL)  # watchdog and server: their own group
        except (ProcessLookupError, PermissionError):
            pass

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
            current = state.load(store.engine)  # the same device again, if it is one
            known = current.device_id if current.server_url == self.url else None
            try:
                reg = client.register(self.user, self.password, device_name(self.user), known)
            finally:
                client.close()
            tokens[(self.url, reg["device_id"])] = reg["token"]
            state.remember(store.engine, self.url, self.user, reg)

        return Connection(store, lambda url, device: tokens.get((url, device)), prepare=prepare)
