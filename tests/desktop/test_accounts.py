"""Accounts on the laptop (issue 14), against the real server app in-process: the password
changed online (server and key file, store and outbox untouched), the one-time password at the
first login and after an administrator's reset, an expired token renewed for the same device,
a locked user, and bad input -- each a German message, nothing lost."""

import datetime as dt
import gzip

import orjson
import pytest
import requests
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from desktop.store import keys
from desktop.store.keys import KeyFile
from desktop.store.repo import Store
from desktop.sync import state, worker as w
from desktop.sync.connection import Connection
from desktop.sync.credentials import CredentialStore
from tests.desktop.harness import SERVER, ASGIAdapter, new_client

USER = "k.becker"
PW1 = "Brückenbau-Abendrot-42"
PW2 = "Leuchtturm-Nordwind-Haselnuss-7"
PW3 = "Kastanienallee-Morgentau-19"
REGISTER = "/api/v1/devices/register"


pytestmark = pytest.mark.usefixtures("quick_kdf", "ring")


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The server remembers used-up login keys in its process (``auth._blocked``), beyond the
    database each test starts with: forgotten between tests."""
    from sync_server import auth

    blocked = getattr(auth, "_blocked", None)
    if blocked is not None:
        blocked.clear()
    yield
    if blocked is not None:
        blocked.clear()


class Laptop:
    """An encrypted store whose key file is wrapped by PW1, registered with the server."""

    def __init__(self, app, tmp_path):
        from sync_server.auth import create_user

        create_user(app.state.service.db, USER, PW1, ["caseworker"], ["integration"])
        self.app = app
        self.adapter = ASGIAdapter(app.state.tc)
        self.path = tmp_path / "laptop.sqlite"
        self.keyfile = KeyFile.for_store(self.path)
        self.key = self.keyfile.create(USER, PW1)
        self.store = Store.open(self.path, self.key)
        self.credentials = CredentialStore(tmp_path / "data", store=self.store)
        self.connection = Connection(self.store, self.credentials.get, session_factory=self.session)
        self.reg = self.connection.register(SERVER, USER, PW1, self.credentials.set)

    def session(self) -> requests.Session:
        s = requests.Session()
        s.mount(SERVER, self.adapter)
        return s

    @property
    def token(self) -> str:
        return self.credentials.get(SERVER, state.load(self.store.engine).device_id)

    def calls(self, path: str) -> int:
        return sum(1 for _m, p, _s in self.adapter.calls if p == path)

    def outbox(self) -> list:
        with self.store.engine.connect() as conn:
            return conn.exec_driver_sql(
                "SELECT op_id, payload, acked_at FROM outbox ORDER BY seq"
            ).all()


@pytest.fixture
def laptop(server, tmp_path):
    made = Laptop(server, tmp_path)
    yield made
    made.store.close()


@pytest.fixture
def window(ctx, qtbot, laptop):
    """The main window with its sync controller (started) and account actions."""
    from desktop.ui.account import AccountActions
    from desktop.ui.main_window import MainWindow

    ctx.store = laptop.store
    controller = w.SyncController(ctx, laptop.connection.engine)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.attach_sync(controller, lambda: None, lambda: win.account.login())
    win.account = AccountActions(
        ctx, win, controller, laptop.connection, laptop.credentials, laptop.keyfile, laptop.key
    )
    win.show()
    settled(qtbot, controller, controller.start)
    assert controller.status.kind == w.SYNCED, controller.status
    yield win
    controller.stop()


def settled(qtbot, controller, action) -> w.SyncStatus:
    """Run *action* and wait for the round it starts to end."""
    with qtbot.waitSignal(
        controller.status_changed,
        timeout=15000,
        check_params_cb=lambda s: s.kind not in (w.SYNCING, w.CONNECTING),
    ):
        action()
    return controller.status


def server_login(app, password: str, device_id: str | None = None):
    body = {"user": USER, "password": password, "device_name": "anderer Laptop"}
    if device_id:
        body["device_id"] = device_id
    return app.state.tc.post(REGISTER, json=body)


def fill(dialog, old: str | None, new: str, repeat: str | None = None) -> None:
    if old is not None:
        dialog.old.setText(old)
    dialog.new.field.setText(new)
    dialog.new.repeat.setText(new if repeat is None else repeat)


# --- 1. the password changed in the app ---------------------------------------------------


def test_the_password_changes_on_the_server_and_for_the_offline_unlock(
    window, laptop, qtbot, server
):
    laptop.store.create_client(new_client())  # waits in the outbox
    outbox = laptop.outbox()
    assert window.act_password.isEnabled() and window.act_password.text() == "Passwort ändern …"
    window.act_password.trigger()
    dialog = window.account.password_dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Passwort ändern"
    fill(dialog, PW1, PW2)
    assert dialog.new.hint.text() == "✓ Das Passwort erfüllt die Regeln."
    dialog.submit()  # (the ctx operation layer is synchronous here)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "Passwort wurde geändert" in window.statusBar().currentMessage()
    # the server: the new password logs in, the old one no more
    assert server_login(server, PW2).status_code == 200
    assert server_login(server, PW1).json()["error"]["code"] == "invalid_credentials"
    # this laptop: the same store key opens with the new password only, offline
    assert laptop.keyfile.unlock(PW2) == laptop.key
    with pytest.raises(keys.WrongPassword):
        laptop.keyfile.unlock(PW1)
    assert laptop.outbox() == outbox  # store and outbox untouched ...
    assert (
        settled(qtbot, window.sync_controller, window.sync_controller.request_sync).kind == w.SYNCED
    )  # ... same token
    assert laptop.store.outbox_count() == 0
    laptop.store.close()
    reopened = Store.open(laptop.path, KeyFile.for_store(laptop.path).unlock(PW2))
    try:
        assert reopened.client_count() == 1
    finally:
        reopened.close()
    laptop.store = Store.open(laptop.path, laptop.key)  # for the fixture's close


def test_bad_input_is_refused_in_german_and_nothing_changes(window, laptop, server, qtbot):
    laptop.store.create_client(new_client())
    outbox = laptop.outbox()
    window.act_password.trigger()
    dialog = window.account.password_dialog
    cases = [
        (("", PW2, None), "Bitte das bisherige Passwort eingeben."),
        (("x" * 10_000, PW2, None), "Das bisherige Passwort ist falsch."),
        ((PW1, "", None), "Bitte ein Passwort eingeben."),
        ((PW1, "kurz", None), "Das Passwort muss mindestens 12 Zeichen lang sein."),
        ((PW1, "y" * 10_000, None), "Das Passwort ist zu lang (höchstens 1000 Zeichen)."),
        ((PW1, "Passwort2026!", None), "Dieses Passwort ist zu verbreitet"),
        ((PW1, "k.becker-Gartenhaus-77", None), "Benutzernamen nicht enthalten"),
        ((PW1, PW2, PW3), "Die beiden neuen Passwörter stimmen nicht überein."),
        ((PW1, PW1, None), "Das neue Passwort muss sich vom bisherigen unterscheiden."),
        (("Falsches-Passwort-99", PW2, None), "Das bisherige Passwort ist falsch."),
    ]
    for (old, new, repeat), text in cases:
        fill(dialog, old, new, repeat)
        dialog.submit()
        assert dialog.isVisible() and text in dialog.error.text(), (old[:20], new[:20])
    assert laptop.calls("/api/v1/account/password") == 0  # all refused on the laptop
    fill(dialog, PW1, "y" * 10_000)
    assert dialog.new.hint.text() == "Das Passwort ist zu lang (höchstens 1000 Zeichen)."

    # the server's rules are stricter than the defaults: its 422 is the word that counts
    server.state.service.settings.password_min_length = 30
    fill(dialog, PW1, PW3)
    dialog.submit()
    assert laptop.calls("/api/v1/account/password") == 1
    assert dialog.error.text() == "Das Passwort muss mindestens 30 Zeichen lang sein."
    server.state.service.settings.password_min_length = 12

    # the server unreachable
    def unreachable(request, phase):
        raise requests.ConnectionError("connection refused")

    laptop.adapter.fault = unreachable
    dialog.submit()
    assert "Der Server ist nicht erreichbar" in dialog.error.text()
    assert "nichts geändert" in dialog.error.text()
    laptop.adapter.fault = None

    # too many attempts: the server's 429 and its Retry-After, counted down
    answers = [server_login(server, "Falsches-Passwort-99").status_code for _ in range(5)]
    assert 401 in answers and answers[-1] == 429
    dialog.submit()
    assert "Zu viele Versuche. Bitte in" in dialog.error.text()
    assert "Sekunde(n) erneut versuchen." in dialog.error.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "Traceback" not in dialog.error.text()

    # nothing lost: the old password still opens the laptop and the server, outbox as it was
    assert laptop.keyfile.unlock(PW1) == laptop.key
    assert laptop.outbox() == outbox
    dialog.reject()


def test_an_answer_lost_after_the_server_changed_it_is_completed(window, laptop, server):
    """The server changed the password but its answer broke off: the retry is refused (the
    old password is gone), the laptop asks whether the server holds the new one, and
    completes the change -- no lock-out either way."""
    lost = []

    def lose_first_answer(request, phase):
        if phase == "after" and request.url.endswith("/account/password") and not lost:
            lost.append(1)
            raise requests.ConnectionError("connection reset")

    laptop.adapter.fault = lose_first_answer
    window.act_password.trigger()
    dialog = window.account.password_dialog
    fill(dialog, PW1, PW2)
    dialog.submit()
    assert lost and dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert laptop.keyfile.unlock(PW2) == laptop.key
    assert server_login(server, PW2).status_code == 200


def test_a_key_file_that_cannot_be_written_after_the_server_took_it(
    window, laptop, server, monkeypatch
):
    real = KeyFile.commit

    def disk_full(self, staged):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(KeyFile, "commit", disk_full)
    window.act_password.trigger()
    dialog = window.account.password_dialog
    fill(dialog, PW1, PW2)
    dialog.submit()
    assert dialog.isVisible() and "aber nicht gespeichert" in dialog.error.text()
    assert laptop.keyfile.unlock(PW1) == laptop.key  # the laptop still opens
    assert server_login(server, PW2).status_code == 200  # the server has the new one
    monkeypatch.setattr(KeyFile, "commit", real)
    dialog.submit()  # the same again completes it
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert laptop.keyfile.unlock(PW2) == laptop.key


def test_the_dialog_fits_a_small_screen_and_tabs_in_order(qtbot, qapp):
    from desktop.ui import i18n
    from desktop.ui.password import ChangePasswordDialog

    i18n.install(qapp, "de")
    dialog = ChangePasswordDialog(lambda old, new: None, "a.schneider")
    qtbot.addWidget(dialog)
    dialog.show()
    size = dialog.sizeHint()
    assert size.width() <= 1366 and size.height() <= 700
    assert dialog.focusWidget() is dialog.old

    def tab(widget):
        from PySide6.QtCore import Qt

        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()):
            widget = widget.nextInFocusChain()
        return widget

    assert tab(dialog.old) is dialog.new.field and tab(dialog.new.field) is dialog.new.repeat
    assert tab(dialog.new.repeat) is dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_password_messages_are_marked_for_translation_as_in_casefile():
    from casefile import passwords
    from desktop.ui.password import _MESSAGES

    assert sorted(_MESSAGES) == sorted(passwords.MESSAGES.values())


# --- 2. one-time passwords ----------------------------------------------------------------


def test_a_one_time_password_at_the_first_login_asks_for_a_new_one(
    server, tmp_path, qtbot, monkeypatch
):
    from desktop import app as app_module
    from desktop.settings import Settings
    from desktop.ui.unlock import SetupDialog
    from sync_server.auth import create_user, reset_password

    db = server.state.service.db
    create_user(db, USER, PW1, ["caseworker"], ["integration"])
    one_time = reset_password(db, USER)
    adapter = ASGIAdapter(server.state.tc)

    def session():
        s = requests.Session()
        s.mount(SERVER, adapter)
        return s

    monkeypatch.setattr(app_module, "machine_session", lambda settings: session)
    seen = {}

    def drive(dialog):
        qtbot.addWidget(dialog)
        dialog.server.setText(SERVER)
        dialog.user.setText(USER)
        dialog.password.setText(one_time)
        dialog.submit()
        qtbot.waitUntil(
            lambda: dialog._one_time is not None or not dialog.error.isHidden(), timeout=10000
        )
        assert dialog._one_time is not None, dialog.error.text()
        seen["intro"] = dialog.intro.text()
        assert dialog.password.isHidden() and not dialog.new.field.isHidden()
        dialog.new.field.setText("kurz")
        dialog.new.repeat.setText("kurz")
        dialog.submit()  # refused on the laptop
        seen["short"] = dialog.error.text()
        dialog.new.field.setText(PW2)
        dialog.new.repeat.setText(PW2)
        dialog.submit()
        qtbot.waitUntil(
            lambda: dialog.value is not None or not dialog.error.isHidden(), timeout=10000
        )
        assert dialog.value is not None, dialog.error.text()
        return True

    monkeypatch.setattr(SetupDialog, "exec", drive)
    path = tmp_path / "new-laptop.sqlite"
    key, keyfile, (url, user, reg) = app_module.obtain_key(
        path, app_module.parse_args(["--store", str(path)]), Settings()
    )
    assert "Einmalpasswort" in seen["intro"] and "mindestens 12 Zeichen" in seen["short"]
    assert (url, user) == (SERVER, USER) and not reg["must_change_password"]
    assert keyfile.unlock(PW2) == key  # the new password wraps the key
    with pytest.raises(keys.WrongPassword):
        keyfile.unlock(one_time)
    assert server_login(server, PW2).json()["must_change_password"] is False
    assert server_login(server, one_time).status_code == 401
    pulled = server.state.tc.get(
        "/api/v1/sync/pull",
        params={"cursor": 0, "protocol": 1},
        headers={"Authorization": f"Bearer {reg['token']}"},
    )
    assert pulled.status_code != 403  # the token works for sync now


def test_a_reset_password_on_a_set_up_laptop_is_changed_in_the_app(window, laptop, server, qtbot):
    from sync_server.auth import reset_password

    laptop.store.create_client(new_client())
    outbox = laptop.outbox()
    one_time = reset_password(server.state.service.db, USER)
    controller = window.sync_controller
    status = settled(qtbot, controller, controller.request_sync)
    assert status.kind == w.AUTH and status.code == "password_change_required"
    assert "Einmalpasswort" in window.sync_label.text()
    assert window.sync_status.button.text() == "Neues Passwort …"
    dialog = window.account.password_dialog  # asked at once
    assert (
        dialog is not None
        and dialog.required
        and dialog.windowTitle() == "Neues Passwort festlegen"
    )
    assert laptop.outbox() == outbox
    fill(dialog, "Falsches-Passwort-99", PW3)
    dialog.submit()
    assert dialog.error.text() == "Das bisherige Passwort ist falsch."
    fill(dialog, one_time, PW3)
    with qtbot.waitSignal(controller.synced, timeout=15000):
        dialog.submit()  # ... and sync resumes
    assert window.account.password_dialog is None  # accepted and closed
    assert laptop.store.outbox_count() == 0
    # the key of this laptop (wrapped by the previous password) now opens with the new one
    assert laptop.keyfile.unlock(PW3) == laptop.key
    for old in (PW1, one_time):
        with pytest.raises(keys.WrongPassword):
            laptop.keyfile.unlock(old)
    assert server_login(server, PW3).json()["must_change_password"] is False


# --- 3. an expired token ------------------------------------------------------------------


def expire_tokens(app) -> None:
    from sqlalchemy import update

    from sync_server import schema as t

    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=400)).isoformat(timespec="milliseconds")
    with app.state.service.db.writer.begin() as conn:
        conn.execute(
            update(t.devices).values(
                created_at=long_ago, token_issued_at=long_ago, last_seen_at=long_ago
            )
        )


def test_an_expired_token_is_renewed_for_the_same_device(window, laptop, server, qtbot):
    from sqlalchemy import func, select

    from sync_server import schema as t

    controller = window.sync_controller
    device_id, old_token = laptop.reg["device_id"], laptop.token
    laptop.store.create_client(new_client("Nowak", "Jan"))
    settled(qtbot, controller, controller.request_sync)
    cursor = state.load(laptop.store.engine).cursor
    assert cursor > 0
    laptop.store.create_client(new_client())
    assert laptop.store.outbox_count() == 1
    expire_tokens(server)
    status = settled(qtbot, controller, controller.request_sync)
    assert status.kind == w.AUTH and status.code == "token_expired"
    assert "abgelaufen" in window.sync_label.text()
    dialog = window.account.login_dialog  # asked at once: password only
    assert dialog is not None and dialog.relogin
    assert dialog.server.isReadOnly() and dialog.user.isReadOnly()
    assert dialog.user.text() == USER and "abgelaufen" in dialog.intro.text()
    registrations = laptop.calls(REGISTER)
    dialog.password.setText("z" * 10_000)
    dialog.submit()
    assert dialog.error.text() == "Das Passwort ist zu lang (höchstens 1000 Zeichen)."
    assert laptop.calls(REGISTER) == registrations  # refused on the laptop
    dialog.password.setText("Falsches-Passwort-99")
    dialog.submit()
    assert "falsch" in dialog.error.text() and dialog.isVisible()
    dialog.password.setText(PW1)
    urls, reads = [], []

    def record(request, phase):
        # Where the laptop reads from: a pull's cursor, or the page a push asks along with it
        # ("pull" in the push body, docs/sync-protocol.md).
        if phase != "before":
            return False
        urls.append(request.url)
        if "/sync/pull" in request.url:
            reads.append(int(request.url.split("cursor=")[1].split("&")[0]))
        elif "/sync/push" in request.url:
            body = request.body or b"{}"
            if isinstance(body, bytes) and body[:2] == b"\x1f\x8b":
                body = gzip.decompress(body)
            asked = orjson.loads(body).get("pull")
            if isinstance(asked, dict):
                reads.append(int(asked["cursor"]))
        return False

    laptop.adapter.fault = record
    with qtbot.waitSignal(controller.synced, timeout=15000):
        dialog.submit()
    assert reads and reads[0] == cursor, (reads, urls)  # read on from where it was
    assert 0 not in reads, reads  # nothing read again
    assert any(u.endswith(REGISTER) for u in urls)
    assert laptop.store.outbox_count() == 0  # the waiting change went out
    current = state.load(laptop.store.engine)
    assert current.device_id == device_id and current.cursor >= cursor
    assert laptop.token != old_token
    refused = server.state.tc.get(
        "/api/v1/sync/pull",
        params={"cursor": 0, "protocol": 1},
        headers={"Authorization": f"Bearer {old_token}"},
    )
    assert refused.status_code == 401
    with server.state.service.db.reader.connect() as conn:
        devices = conn.execute(select(func.count()).select_from(t.devices)).scalar()
    assert devices == 1  # no second device entry


def test_a_login_with_a_one_time_password_goes_on_to_the_new_password(
    window, laptop, server, qtbot
):
    """The token expired and IT reset the password meanwhile: the login takes the one-time
    password, and the change dialog follows with it filled in."""
    from sync_server.auth import reset_password

    controller = window.sync_controller
    one_time = reset_password(server.state.service.db, USER)
    expire_tokens(server)
    settled(qtbot, controller, controller.request_sync)
    login = window.account.login_dialog
    login.password.setText(one_time)
    login.submit()
    dialog = window.account.password_dialog
    assert dialog is not None and dialog.required and dialog.old.text() == one_time
    assert dialog.focusWidget() is dialog.new.field
    fill(dialog, None, PW2)
    with qtbot.waitSignal(controller.synced, timeout=15000):
        dialog.submit()
    assert laptop.keyfile.unlock(PW2) == laptop.key
    assert state.load(laptop.store.engine).device_id == laptop.reg["device_id"]


# --- 4. a locked user ---------------------------------------------------------------------


def test_a_locked_user_is_told_keeps_the_data_and_resumes_after_an_unlock(
    window, laptop, server, qtbot
):
    from sync_server.auth import lock_user, unlock_user

    controller = window.sync_controller
    revoked = []
    controller.revoked.connect(lambda: revoked.append(1))
    laptop.store.create_client(new_client())
    lock_user(server.state.service.db, USER)
    status = settled(qtbot, controller, controller.request_sync)
    assert status.kind == w.ERROR
    assert window.sync_label.text() == (
        "Synchronisationsfehler: Ihr Benutzerkonto ist gesperrt. "
        "Bitte wenden Sie sich an die IT oder Ihre Leitung."
    )
    box = window.account.message
    assert box is not None and box.isVisible() and "gesperrt" in box.text()
    assert "bleiben erhalten" in box.text()
    box.accept()
    settled(qtbot, controller, controller.request_sync)  # still locked: not told again
    assert window.account.message is None
    assert not revoked and laptop.path.exists() and laptop.keyfile.exists()
    assert laptop.store.client_count() == 1 and laptop.store.outbox_count() == 1
    assert controller.timer.isActive()  # keeps trying, quietly
    unlock_user(server.state.service.db, USER)
    assert settled(qtbot, controller, controller.request_sync).kind == w.SYNCED
    assert laptop.store.outbox_count() == 0


def test_the_sync_client_names_the_account_errors(laptop, server):
    from desktop.sync import errors
    from sync_server.auth import lock_user

    client = laptop.connection.client()
    lock_user(server.state.service.db, USER)
    with pytest.raises(errors.UserLocked) as locked:
        client.pull(0)
    assert not isinstance(locked.value, errors.DeviceRevoked)
    client.token = "unbekannt"
    with pytest.raises(errors.AuthError) as unknown:
        client.pull(0)
    assert not isinstance(unknown.value, errors.TokenExpired)
    client.close()
