"""Test set-up: offscreen Qt before any Qt import, a fresh store per test."""

import datetime as dt
import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings and logs of the tests go to a throwaway home, never to the developer's own.
_home = tempfile.mkdtemp(prefix="mia-test-home-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")
# ... and no machine configuration of the host (an installed .deb has /etc/mia-desk/config.toml).
os.environ["MIA_DESK_CONFIG"] = os.path.join(_home, "no-machine-config.toml")
# ... and never the developer's own OS keyring: no keyring at all (as on a headless CI machine)
# unless a test installs one (keyring.set_keyring with an in-memory backend).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
# A store statement on the UI thread from UI code raises (desktop.ui.ops.guard_store): every
# UI test is also a test that the UI leaves the store to the operation layer.
os.environ["MIA_STRICT_UI_THREAD"] = "1"

# The segfault seen under load (issue 15), and why the cyclic garbage collector runs only
# between tests here. pytest-qt keeps *weak* references to the widgets a test registers
# (qtbot.addWidget); once the test function returned, a client file view is held only by
# reference cycles (widgets and the lambdas connected to their signals). The cyclic collector,
# run by whatever allocation triggers it, then deletes the whole widget tree -- also in the
# middle of one of the tree's own slots: a QTimer.singleShot(0, panel, panel._reveal_form) of
# the test, run by pytest-qt's event processing after the test, collected the view (and with
# it the panel and its scroll area) while _reveal_form used them: freed memory, a crash inside
# Qt. Reproduced with test_client_file.py's residence and consent tests and the collector on;
# tests/desktop/test_widget_lifetime.py shows the mechanism in a subprocess. In the app every
# window and dialog has a parent or is held by the window, so no tree is freed by the
# collector. Here the collector is off while a test runs and runs after each test, once
# pytest-qt closed its widgets and Qt processed what was pending: then nothing of the test runs
# while its objects go.
import gc  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402

gc.disable()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets else None
    if app is None or "qapp" not in getattr(item, "fixturenames", ()):
        return  # (the cycles of tests without Qt go with the next Qt test's)
    from PySide6.QtCore import QCoreApplication, QEvent

    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture
def store(tmp_path):
    from desktop.store.repo import Store

    s = Store.open(tmp_path / "store.sqlite")
    yield s
    s.close()


@pytest.fixture
def ctx(store, qapp, tmp_path):
    """An AppContext with a synchronous operation layer (no threads: deterministic tests)."""
    from desktop.settings import Settings
    from desktop.ui.context import AppContext
    from desktop.ui.events import ChangeBus
    from desktop.ui.ops import Ops

    qapp.setProperty("mia_language", "de")
    settings = Settings(
        user_name="a.schneider", unit="integration", store_path=str(tmp_path / "store.sqlite")
    )
    bus = ChangeBus()
    context = AppContext(
        store=store,
        ops=Ops(bus, store, synchronous=True),
        bus=bus,
        settings=settings,
        today=dt.date.today,
    )
    yield context


# --- a local day that holds a test's walk-in tickets ------------------------------------------

DAY_ROOM_AFTER_MIN = 15  # minutes a test may run after its tickets, still on the same local day


def _posix_zone(offset_h: int) -> str:
    """A fixed zone *offset_h* hours east of UTC as a TZ value (POSIX counts west: UTC+2 is -2)."""
    return f"<X{offset_h:+03d}>{-offset_h:+d}"


@pytest.fixture
def local_zone():
    """``local_zone(tz)``: the local zone of this process (``TZ``, shared by the server
    in-process and any process the test starts) for this test only; the previous one after."""
    saved = os.environ.get("TZ")
    moved = []

    def use(tz: str) -> None:
        os.environ["TZ"] = tz
        time.tzset()
        moved.append(tz)

    yield use
    if moved:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


@pytest.fixture
def day_holds(local_zone):
    """``day_holds(minutes)``: the process's local day holds the last *minutes* and the test's
    next :data:`DAY_ROOM_AFTER_MIN` minutes.

    Walk-in queues and their statistics are a local day's (a ticket of yesterday is not in
    today's queue, its phases count on the day they happened). A test that issues tickets at
    "now minus N minutes" and expects them in the day's queue would fail just after local
    midnight (and in the day's last minutes). Then, and only then, the local zone of this
    process (``TZ``, which the server in-process and any process the test starts share) becomes
    a fixed zone where it is about noon, for this test only. The times stay real: waits, traffic
    lights and the order of the queue are what they would be at any hour."""

    def hold(minutes: float) -> None:
        now = dt.datetime.now().astimezone()
        into_day = (now - now.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds()
        if minutes * 60 + 60 <= into_day <= (24 * 60 - DAY_ROOM_AFTER_MIN) * 60:
            return
        # Noon local: 12 - the UTC hour lies in -11..12, so the UTC date is the local date.
        local_zone(_posix_zone(12 - dt.datetime.now(dt.UTC).hour))

    return hold


@pytest.fixture
def quick_kdf(monkeypatch):
    """Argon2 of the key file at test cost (the real parameters cost ~0.5 s an attempt)."""
    from desktop.store import keys

    monkeypatch.setattr(keys, "KDF", {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})


@pytest.fixture
def ring():
    """An in-memory keyring holds the device secret and the token (set explicitly)."""
    import keyring

    from tests.keyrings import MemoryKeyring

    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


# The process ends without the interpreter's module teardown. PySide6 6.12 on Python 3.11 drops
# one reference too many to True or False somewhere in its C++ objects; the count reaches zero
# only while the interpreter tears the modules down after the tests, and then aborts with
# "Fatal Python error: bool_dealloc" (seen with test_accounts.py alone, and with a few other
# file combinations; gdb: a dataclass's parameters freed by the final collection). The tests'
# outcome is decided and reported by then, so the run ends here with pytest's exit status.
_exit_status = [0]


def pytest_sessionfinish(session, exitstatus):
    _exit_status[0] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    if os.environ.get("MIA_TEST_FULL_TEARDOWN") == "1":
        return  # to see the crash: run with the interpreter's own teardown
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status[0])
