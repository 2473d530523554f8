"""The demo's files are private to the user, and its embedded server ends with the app --
however the app ends (window closed, SIGTERM, SIGINT, SIGKILL, an exception)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals and modes are POSIX")

# A parent that starts the embedded server exactly as the app's sync thread does, then waits.
PARENT = """
import faulthandler, signal, sys, time
faulthandler.register(signal.SIGUSR1)  # the test asks where it hangs, should it hang
# Ctrl+C in a terminal, whatever this test runner was given: a job a non-interactive shell
# starts in the background inherits SIGINT *ignored*, and so did this parent (it slept on).
signal.signal(signal.SIGINT, signal.default_int_handler)
from pathlib import Path
from desktop.sync.embedded import EmbeddedServer
server = EmbeddedServer(Path(sys.argv[1]), clients=10)
server.start(timeout=120)
print(server.url, flush=True)
if sys.argv[2] == "exception":
    raise RuntimeError("a failure after the server started")
time.sleep(600)
"""


def alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    """Those still running (a zombie waiting for a reaper that is not ours counts as gone)."""
    running = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                running.append(p)
        except psutil.NoSuchProcess:
            pass
    return running


def gone_within(procs: list[psutil.Process], seconds: float) -> list[psutil.Process]:
    deadline = time.monotonic() + seconds
    while alive(procs) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(procs)


def private(root: Path) -> list[str]:
    """Everything under *root* (and root) that group or others may use."""
    wrong = []
    for p in [root, *root.rglob("*")]:
        mode = p.stat().st_mode & 0o777
        if mode & 0o077 or (p.is_dir() and mode != 0o700) or (p.is_file() and mode != 0o600):
            wrong.append(f"{p.relative_to(root)} {oct(mode)}")
    return wrong


def _env(tmp_path: Path) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "MIA_DESK_CONFIG": str(tmp_path / "no-machine-config.toml"),
    }


@pytest.mark.parametrize("ending", ["SIGTERM", "SIGINT", "SIGKILL", "exception"])
def test_the_embedded_server_ends_with_its_parent_and_its_files_are_private(tmp_path, ending):
    directory = tmp_path / "demo-server"
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(directory), ending],
        cwd=ROOT,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        umask=0o022,
    )
    family: list[psutil.Process] = []
    try:
        url = parent.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), parent.stderr.read()
        family = psutil.Process(parent.pid).children(recursive=True)
        assert any("serve" in _cmdline(p) for p in family)  # watchdog and server
        assert requests.get(f"{url}/health", timeout=5).status_code == 200
        assert private(directory) == []  # database, WAL, log: 0600; folder 0700
        if ending != "exception":
            parent.send_signal(getattr(signal, ending))
        try:
            parent.wait(timeout=60)
        except subprocess.TimeoutExpired:  # once in a loaded run: where did it hang?
            parent.send_signal(signal.SIGUSR1)
            time.sleep(2)
            parent.kill()
            pytest.fail(f"the parent did not end after {ending}:\n{parent.stderr.read()}")
        assert gone_within(family, 10) == [], [_cmdline(p) for p in alive(family)]
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{url}/health", timeout=2)
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.wait(timeout=10)
        # Only this parent's family: other children of the test process (a session's shared
        # demo server, under pytest-xdist in the same worker) are not this test's to end.
        for p in alive(family):
            p.kill()


def _cmdline(p: psutil.Process) -> list[str]:
    """A child's command line; none for one that has just ended (a zombie not yet reaped, or
    gone): the app starts short-lived helpers too."""
    try:
        return p.cmdline()
    except (psutil.ZombieProcess, psutil.NoSuchProcess, psutil.AccessDenied):
        return []


def _start_demo_app(tmp_path: Path) -> tuple[subprocess.Popen, list[psutil.Process], str]:
    """``mia-desk --demo`` (offscreen, a throwaway home); returns once its server answers."""
    app = subprocess.Popen(
        [sys.executable, "-m", "desktop.app", "--demo", "--demo-clients", "10", "--lang", "de"],
        cwd=ROOT,
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        umask=0o022,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert app.poll() is None, app.stderr.read().decode()[-2000:]
        family = psutil.Process(app.pid).children(recursive=True)
        servers = [p for p in family if "serve" in _cmdline(p)]
        cmd = _cmdline(servers[-1]) if servers else []
        if "--port" in cmd:
            url = f"http://127.0.0.1:{cmd[cmd.index('--port') + 1]}"
            try:
                if requests.get(f"{url}/health", timeout=1).status_code == 200:
                    return app, psutil.Process(app.pid).children(recursive=True), url
            except requests.RequestException:
                pass
        time.sleep(0.2)
    raise AssertionError("the demo server did not come up")


@pytest.mark.parametrize("ending", ["SIGTERM", "SIGKILL"])
def test_the_demo_app_keeps_its_files_private_and_its_server_ends_with_it(tmp_path, ending):
    app, family, url = _start_demo_app(tmp_path)
    try:
        data = tmp_path / "data" / "MiA" / "MiA Desk"
        deadline = time.monotonic() + 60  # the first sync writes the store
        while not (data / "demo.sqlite").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        app.send_signal(getattr(signal, ending))
        code = app.wait(timeout=30)
        if ending == "SIGTERM":
            assert code == 0  # closed as by its window
        assert gone_within(family, 10) == [], [_cmdline(p) for p in alive(family)]
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{url}/health", timeout=2)
        names = {p.name for p in data.rglob("*")}
        assert {
            "demo.sqlite",
            "demo.sqlite.key",
            "demo-server.sqlite",
            "demo-server.log",
            "mia-desk.log",
        } <= names
        assert private(data) == []
    finally:
        if app.poll() is None:
            app.kill()
        app.wait(timeout=10)
        for p in alive(family):  # this app's family only (see above)
            p.kill()
