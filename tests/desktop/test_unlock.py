"""Unlocking the store: the password dialog, the inactivity lock, the wipe of a revoked laptop."""

import pytest
from PySide6.QtWidgets import QDialog, QWidget

from desktop.store import keys
from desktop.store.keys import KeyFile
from desktop.ui.unlock import InactivityLock, SetupDialog, UnlockDialog

pytestmark = pytest.mark.usefixtures("quick_kdf", "ring")


@pytest.fixture
def keyfile(tmp_path):
    kf = KeyFile.for_store(tmp_path / "store.sqlite")
    kf.create("a.schneider", "richtig-123")
    return kf


def test_a_wrong_password_is_named_and_the_right_one_unlocks(qtbot, keyfile):
    dialog = UnlockDialog(keyfile)
    qtbot.addWidget(dialog)
    assert dialog.user.text() == "a.schneider"
    dialog.password.setText("falsch")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.error.isHidden() and dialog.password.isEnabled())
    assert "falsch" in dialog.error.text() and "4 Versuch" in dialog.error.text()
    dialog.password.setText("richtig-123")
    with qtbot.waitSignal(dialog.accepted):
        dialog.submit()
    assert dialog.key == keyfile.unlock("richtig-123")


def test_after_too_many_wrong_passwords_the_dialog_counts_down(qtbot, keyfile):
    for _ in range(keys.FREE_ATTEMPTS):
        with pytest.raises(keys.WrongPassword):
            keyfile.unlock("falsch")
    dialog = UnlockDialog(keyfile)
    qtbot.addWidget(dialog)
    assert not dialog.error.isHidden() and "Sekunde" in dialog.error.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_the_inactivity_lock_hides_the_window_until_the_password_is_given(qtbot, keyfile):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    lock = InactivityLock(window, keyfile, minutes=0.002)  # ~0.1 s
    with qtbot.waitSignal(lock.locked, timeout=3000):
        pass
    assert not window.isVisible() and lock.dialog is not None
    lock.dialog.password.setText("richtig-123")
    with qtbot.waitSignal(lock.unlocked, timeout=5000):
        lock.dialog.submit()
    assert window.isVisible()


def test_the_offline_setup_asks_for_the_password_twice(qtbot):
    dialog = SetupDialog(None, "", "a.schneider")
    qtbot.addWidget(dialog)
    dialog.password.setText("lang-genug")
    dialog.repeat.setText("anders-123")
    dialog.submit()
    assert "stimmen nicht" in dialog.error.text()
    dialog.repeat.setText("lang-genug")
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value == ("", "a.schneider", "lang-genug", None)


def test_the_online_setup_shows_the_servers_refusal(qtbot):
    from desktop.sync.errors import AuthError

    def refuse(url, user, password):
        raise AuthError("Benutzername oder Passwort falsch.")

    dialog = SetupDialog(refuse, "http://127.0.0.1:9", "a.schneider")
    qtbot.addWidget(dialog)
    dialog.password.setText("x")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.error.isHidden())
    assert "falsch" in dialog.error.text()


def test_a_lost_device_secret_sets_the_old_store_aside_and_sets_the_laptop_up_again(
    ring, tmp_path, monkeypatch
):
    """obtain_key: "Online neu anmelden" keeps the unopenable files under another name and runs
    the first-login set-up again; the new key gets a new device secret."""
    from desktop import app as app_module
    from desktop.settings import Settings
    from desktop.store.repo import Store

    path = tmp_path / "store.sqlite"
    Store.open(path, KeyFile.for_store(path).create("a.schneider", "richtig-123")).close()
    ring.items.clear()  # the keyring lost the secret

    def unlock_exec(self):
        with pytest.raises(keys.DeviceSecretError):
            self.keyfile.unlock("richtig-123")
        self.reregister = True
        return False

    monkeypatch.setattr(UnlockDialog, "exec", unlock_exec)
    monkeypatch.setattr(
        SetupDialog,
        "exec",
        lambda self: bool(
            setattr(self, "value", ("", "a.schneider", "neu-und-lang", None)) or True
        ),
    )
    args = app_module.parse_args(["--offline", "--store", str(path)])
    key, keyfile, registration = app_module.obtain_key(path, args, Settings())
    assert registration is None and keyfile.unlock("neu-und-lang") == key
    assert keyfile.protection == "password+device" and len(ring.items) == 1
    kept = sorted(p.name for p in tmp_path.glob("store.unusable-*"))
    assert len(kept) == 2 and kept[1].endswith(".sqlite.key")
    assert not path.exists()  # the new store starts empty


def test_the_first_login_shows_that_it_works_and_locks_its_fields_meanwhile(qtbot):
    """Issue 16: the server's check and the registration take 3 to 10 seconds."""
    import threading

    answer = threading.Event()

    def check(url, user, password):
        answer.wait(10)
        return {"user": user}

    dialog = SetupDialog(check, "https://mia.example", "a.schneider")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.busy.isHidden()
    dialog.password.setText("richtig-123")
    dialog.submit()
    try:
        assert dialog.busy.isVisible() and "Registrierung" in dialog.busy_text.text()
        assert not dialog.password.isEnabled() and not dialog.user.isEnabled()
        assert not dialog.buttons.isEnabled()
    finally:
        answer.set()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert dialog.busy.isHidden()
