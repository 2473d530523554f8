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

import pytest  # noqa: E402

# No cyclic garbage collection during the tests. Tests drop widgets, dialogs and whole client
# files whose Python wrappers form cycles; collected by chance inside a later test's Qt event
# processing (or even right after a test), they took Qt objects with them that Qt still used
# -- a segfault in CI, reproducible with test_client_dialog.py + test_client_file.py and a
# gc.collect() between tests, on this code and on the code of the previous release alike. In
# the app, widgets belong to their windows for the app's lifetime. Reference counting still
# frees everything that is not in a cycle.
import gc  # noqa: E402

gc.disable()


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
    settings = Settings(user_name="a.schneider", unit="integration", store_path=str(tmp_path / "store.sqlite"))
    bus = ChangeBus()
    context = AppContext(store=store, ops=Ops(bus, store, synchronous=True), bus=bus,
                         settings=settings, today=dt.date.today)
    yield context


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


