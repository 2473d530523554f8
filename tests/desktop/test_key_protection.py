"""The store key is protected by the password *and* this laptop's device secret (OS keyring).

Every test sets its keyring backend explicitly (never what happens to be installed)."""

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from keyring.errors import KeyringLocked, NoKeyringError

from casefile.records import Client
from desktop.store import keys
from desktop.store.keys import DeviceSecretError, KeyFile, TooManyAttempts, WrongPassword
from desktop.store.repo import Store

ROOT = Path(__file__).resolve().parents[2]
QUICK = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
REAL_KDF = dict(keys.KDF)


from tests.keyrings import FileKeyring, MemoryKeyring, PlaintextKeyring  # noqa: E402  (shared with the other tests)


class NoKeyring(MemoryKeyring):
    """Headless Linux: every call fails."""

    def get_password(self, service, username):
        raise NoKeyringError("no backend")

    set_password = delete_password = get_password


@pytest.fixture(autouse=True)
def quick_kdf(monkeypatch):
    monkeypatch.setattr(keys, "KDF", dict(QUICK))


def use(backend):
    keyring.set_keyring(backend)
    return backend


def _client() -> Client:
    return Client("Haddad", "Rami", birth_date=dt.date(1990, 4, 17), nationalities=["SYR"])


def write_format_1(kf: KeyFile, user: str, password: str, data_key: bytes, failures=0) -> None:
    """A key file exactly as the earlier version wrote it (password only)."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(16)
    kek = keys._argon2(password, salt, QUICK)
    wrapped = keys._seal(kek, nonce, data_key, b"MiA Desk store key v1")
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    kf.path.write_text(
        json.dumps(
            {
                "version": 1,
                "user": user,
                "kdf": "argon2id",
                "params": QUICK,
                "salt": b64(salt),
                "nonce": b64(nonce),
                "wrapped": b64(wrapped),
                "failures": failures,
                "not_before": None,
            }
        )
    )


def test_the_argon2id_cost_is_sized_for_a_laptop():
    assert REAL_KDF["memory_cost"] >= 64 * 1024 and REAL_KDF["time_cost"] >= 3
    assert "--measure" in keys.__doc__ and "s per guess" in keys.__doc__


def test_the_key_file_and_the_password_without_the_device_secret_do_not_open(ring, tmp_path):
    path = tmp_path / "store.sqlite"
    kf = KeyFile.for_store(path)
    data_key = kf.create("r.haddad", "richtig-und-lang")
    assert kf.protection == "password+device"
    [(service, account)] = ring.items
    assert service == "MiA Desk" and account.startswith("store-key:")
    assert ring.items[(service, account)] not in kf.path.read_text()
    # The file copied to another machine (its keyring knows nothing): refused, clearly.
    stolen = tmp_path / "elsewhere"
    stolen.mkdir()
    copy = stolen / kf.path.name
    copy.write_bytes(kf.path.read_bytes())
    use(MemoryKeyring())
    with pytest.raises(DeviceSecretError) as exc:
        KeyFile(copy).unlock("richtig-und-lang")
    assert exc.value.missing
    # An attacker computing the password-only key (format 1 or 2 without secret) gets nothing.
    doc = json.loads(copy.read_text())
    salt, nonce, wrapped = (base64.b64decode(doc[k]) for k in ("salt", "nonce", "wrapped"))
    for kek in (
        keys._argon2("richtig-und-lang", salt, QUICK),
        keys._kek("richtig-und-lang", salt, QUICK, b""),
    ):
        for aad in keys._AAD.values():
            with pytest.raises(keys._BadTag):
                keys._open(kek, nonce, wrapped, aad)
    # With both, on this laptop, it opens.
    use(ring)
    assert KeyFile.for_store(path).unlock("richtig-und-lang") == data_key


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), PlaintextKeyring(), NoKeyring()],
    ids=["no backend", "plain file backend", "NoKeyringError"],
)
def test_without_a_protected_keyring_the_password_alone_wraps_the_key(backend, tmp_path):
    before = keyring.get_keyring()
    use(backend)
    try:
        kf = KeyFile.for_store(tmp_path / "store.sqlite")
        data_key = kf.create("r.haddad", "richtig-und-lang")
        assert kf.protection == "password"
        assert KeyFile(kf.path).unlock("richtig-und-lang") == data_key
        assert not getattr(backend, "items", None)  # nothing went into a plain file
    finally:
        keyring.set_keyring(before)


def test_a_password_only_key_gains_a_device_secret_once_a_keyring_is_there(tmp_path):
    before = keyring.get_keyring()
    use(fail.Keyring())
    try:
        kf = KeyFile.for_store(tmp_path / "store.sqlite")
        data_key = kf.create("r.haddad", "richtig-und-lang")
        assert kf.protection == "password"
        ring = use(MemoryKeyring())
        assert KeyFile(kf.path).unlock("richtig-und-lang") == data_key
        assert kf.protection == "password+device" and len(ring.items) == 1
        assert KeyFile(kf.path).unlock("richtig-und-lang") == data_key
    finally:
        keyring.set_keyring(before)


def test_the_demo_key_leaves_nothing_in_the_keyring(ring, tmp_path):
    kf = KeyFile.for_store(tmp_path / "demo.sqlite", use_keyring=False)
    data_key = kf.create("a.schneider", "demo")
    assert kf.protection == "password" and not ring.items
    assert kf.unlock("demo") == data_key and not ring.items


def test_a_lost_or_unreachable_device_secret_is_a_clear_error(ring, tmp_path):
    kf = KeyFile.for_store(tmp_path / "store.sqlite")
    kf.create("r.haddad", "richtig-und-lang")
    ring.items.clear()  # the keyring was wiped
    with pytest.raises(DeviceSecretError) as exc:
        KeyFile(kf.path).unlock("richtig-und-lang")
    assert exc.value.missing and isinstance(exc.value, keys.KeyFileError)
    assert KeyFile(kf.path).wait_s() == 0  # no crash, no count

    class Locked(MemoryKeyring):
        def get_password(self, service, username):
            raise KeyringLocked("locked")

    use(Locked())
    with pytest.raises(DeviceSecretError) as exc:
        KeyFile(kf.path).unlock("richtig-und-lang")
    assert not exc.value.missing
    use(fail.Keyring())  # a session without keyring
    with pytest.raises(DeviceSecretError) as exc:
        KeyFile(kf.path).unlock("richtig-und-lang")
    assert not exc.value.missing
    use(ring)


def test_the_unlock_dialog_names_a_lost_secret_and_offers_to_register_again(ring, tmp_path, qtbot):
    from desktop.ui.unlock import UnlockDialog

    kf = KeyFile.for_store(tmp_path / "store.sqlite")
    kf.create("r.haddad", "richtig-und-lang")
    ring.items.clear()
    dialog = UnlockDialog(KeyFile(kf.path))
    qtbot.addWidget(dialog)
    dialog.password.setText("richtig-und-lang")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.error.isHidden())
    assert "Schlüsselbund dieses Laptops" in dialog.error.text()
    assert "online neu an" in dialog.error.text()
    assert not dialog.again.isHidden()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    with qtbot.waitSignal(dialog.rejected):
        dialog.again.click()
    assert dialog.reregister and dialog.key is None


def test_set_aside_keeps_the_unopenable_store_and_wipe_removes_it_and_its_secret(ring, tmp_path):
    path = tmp_path / "store.sqlite"
    Store.open(path, KeyFile.for_store(path).create("r.haddad", "richtig-und-lang")).close()
    moved = keys.set_aside(path)
    assert not path.exists() and not keys.key_path(path).exists()
    assert {p.name.endswith(".key") for p in moved} == {True, False}
    Store.open(path, KeyFile.for_store(path).create("r.haddad", "neu-und-lang")).close()
    assert len(ring.items) == 2
    keys.wipe(path)  # a revoked laptop
    assert not any(tmp_path.iterdir()) and not ring.items


def test_a_key_file_of_the_earlier_format_opens_and_is_rewrapped(ring, tmp_path):
    path = tmp_path / "store.sqlite"
    kf = KeyFile.for_store(path)
    data_key = secrets.token_bytes(32)
    write_format_1(kf, "r.haddad", "altes-passwort", data_key, failures=2)
    store = Store.open(path, data_key)
    cid = store.create_client(_client())
    store.close()
    with pytest.raises(WrongPassword) as exc:  # the old count goes on
        KeyFile(kf.path).unlock("falsch")
    assert exc.value.failures == 3
    assert json.loads(kf.path.read_text())["version"] == 1
    assert KeyFile(kf.path).unlock("altes-passwort") == data_key
    doc = json.loads(kf.path.read_text())
    assert doc["version"] == 2 and doc["device"] and doc["throttle"]["failures"] == 0
    assert kf.protection == "password+device"
    again = Store.open(path, KeyFile(kf.path).unlock("altes-passwort"))
    assert again.get_client(cid).family_name == "Haddad"
    again.close()


def test_a_migration_the_keyring_refuses_leaves_the_old_file_working(tmp_path):
    class Refusing(MemoryKeyring):
        def set_password(self, service, username, password):
            raise KeyringLocked("locked")

    before = keyring.get_keyring()
    use(Refusing())
    try:
        kf = KeyFile.for_store(tmp_path / "store.sqlite")
        data_key = secrets.token_bytes(32)
        write_format_1(kf, "r.haddad", "altes-passwort", data_key)
        assert kf.unlock("altes-passwort") == data_key
        # Password only (the keyring refused), but in the current format, and it opens.
        assert json.loads(kf.path.read_text())["version"] == 2 and kf.protection == "password"
        assert KeyFile(kf.path).unlock("altes-passwort") == data_key
    finally:
        keyring.set_keyring(before)


def test_rewrap_changes_the_password_without_touching_the_store_or_outbox(ring, tmp_path):
    path = tmp_path / "store.sqlite"
    kf = KeyFile.for_store(path)
    store = Store.open(path, kf.create("r.haddad", "altes-passwort"))
    cid = store.create_client(_client())
    outbox = store.outbox_count()
    store.close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    account = json.loads(kf.path.read_text())["device"]
    with pytest.raises(WrongPassword):
        kf.rewrap("falsch", "neues-passwort")
    kf.rewrap("altes-passwort", "neues-passwort")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # not touched
    assert json.loads(kf.path.read_text())["device"] == account and len(ring.items) == 1
    with pytest.raises(WrongPassword):
        KeyFile(kf.path).unlock("altes-passwort")
    again = Store.open(path, KeyFile(kf.path).unlock("neues-passwort"))
    assert again.get_client(cid).family_name == "Haddad" and again.outbox_count() == outbox
    again.close()
    with pytest.raises(ValueError):
        kf.rewrap("neues-passwort", "")


def _fail_until_paused(kf: KeyFile) -> None:
    for _ in range(keys.FREE_ATTEMPTS):
        with pytest.raises(WrongPassword):
            kf.unlock("falsch")


def test_the_pause_after_wrong_passwords_survives_a_restart(tmp_path, monkeypatch):
    """A new process (a restarted app) with the same keyring still has to wait."""
    ring_file = tmp_path / "keyring.json"
    before = keyring.get_keyring()
    use(FileKeyring(ring_file))
    try:
        kf = KeyFile.for_store(tmp_path / "store.sqlite")
        kf.create("r.haddad", "richtig-und-lang")
        _fail_until_paused(kf)
    finally:
        keyring.set_keyring(before)
    script = (
        "import keyring, sys\n"
        "from desktop.store import keys\n"
        "from tests.keyrings import FileKeyring\n"
        f"keys.KDF = {QUICK!r}\n"
        "keyring.set_keyring(FileKeyring())\n"
        "kf = keys.KeyFile(keys.Path(sys.argv[1]))\n"
        "try:\n"
        "    kf.unlock('richtig-und-lang')\n"
        "    print('OPENED')\n"
        "except keys.TooManyAttempts as exc:\n"
        "    print('WAIT', exc.wait_s)\n"
    )
    env = {**os.environ, "MIA_TEST_KEYRING": str(ring_file), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(kf.path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    word, seconds = done.stdout.split()
    assert word == "WAIT" and 0 < int(seconds) <= keys.FIRST_WAIT_S


def test_an_edited_attempt_count_does_not_reset_the_pause(ring, tmp_path, monkeypatch):
    kf = KeyFile.for_store(tmp_path / "store.sqlite")
    data_key = kf.create("r.haddad", "richtig-und-lang")
    _fail_until_paused(kf)
    for edit in (lambda t: t.update(failures=0, not_before=None), lambda t: t.clear()):
        doc = json.loads(kf.path.read_text())
        edit(doc["throttle"])
        kf.path.write_text(json.dumps(doc))
        fresh = KeyFile(kf.path)
        with pytest.raises(TooManyAttempts):
            fresh.unlock("richtig-und-lang")
        assert 0 < fresh.wait_s() <= keys.FIRST_WAIT_S
    # Once the wait is over, the right password opens and the count is reset (signed).
    later = keys._now() + dt.timedelta(seconds=keys.FIRST_WAIT_S + 1)
    monkeypatch.setattr(keys, "_now", lambda: later)
    assert KeyFile(kf.path).unlock("richtig-und-lang") == data_key
    assert json.loads(kf.path.read_text())["throttle"]["failures"] == 0
    with pytest.raises(WrongPassword) as exc:
        KeyFile(kf.path).unlock("falsch")
    assert exc.value.failures == 1 and exc.value.wait_s == 0


def test_the_key_file_is_never_readable_by_others(ring, tmp_path):
    old = os.umask(0o022)
    try:
        kf = KeyFile.for_store(tmp_path / "store.sqlite")
        kf.create("r.haddad", "richtig-und-lang")
        assert kf.path.stat().st_mode & 0o777 == 0o600
        with pytest.raises(WrongPassword):
            kf.unlock("falsch")
        assert kf.path.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)
