"""Who works on this laptop (issue 16): the MiA user the server registered it to, with their
units and roles -- never the computer's own login. Found on a laptop started as "root": after
a restart the app ran as root (empty Heute, "Beraten von root", caseworker=root on the server),
the first-login dialog offered the OS login, and the status bar unit was a local default."""

import datetime as dt
import getpass

import pytest
import requests
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QWidget

from casefile.records import Client
from desktop.store.keys import KeyFile
from desktop.store.repo import Store
from desktop.sync import state
from desktop.sync.connection import Connection
from desktop.sync.credentials import CredentialStore
from tests.desktop.harness import SERVER, ASGIAdapter

USER = "a.schneider"
PASSWORD = "Saaleufer-Morgennebel-31"
# Not the app's built-in default ("integration"): what the status bar shows comes from here.
UNITS = ["housing", "abh"]
ROLES = ["caseworker", "reception"]

pytestmark = pytest.mark.usefixtures("quick_kdf", "ring")


@pytest.fixture
def os_user_root(monkeypatch, tmp_path):
    """The laptop runs under the OS account "root", and this user has no MiA settings yet."""
    monkeypatch.setattr(getpass, "getuser", lambda: "root")
    for name in ("USER", "USERNAME", "LOGNAME"):
        monkeypatch.setenv(name, "root")
    user_ini = QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr("desktop.settings._qsettings", lambda: user_ini)
    return user_ini


@pytest.fixture
def registered(server, tmp_path):
    """A laptop registered online to a.schneider: its encrypted store, closed (the app ends)."""
    from sync_server.auth import create_user

    create_user(server.state.service.db, USER, PASSWORD, ROLES, UNITS)
    adapter = ASGIAdapter(server.state.tc)

    def session():
        s = requests.Session()
        s.mount(SERVER, adapter)
        return s

    path = tmp_path / "laptop.sqlite"
    store = Store.open(path, KeyFile.for_store(path).create(USER, PASSWORD))
    try:
        credentials = CredentialStore(tmp_path / "data", store=store)
        reg = Connection(store, credentials.get, session_factory=session).register(
            SERVER, USER, PASSWORD, credentials.set
        )
        kept = state.load(store.engine)
    finally:
        store.close()
    return path, reg, kept


def start_app(monkeypatch, path, *extra):
    """``mia-desk --offline --store PATH``, the password typed into the unlock dialog."""
    from desktop import app as app_module
    from desktop.ui.unlock import UnlockDialog

    monkeypatch.setattr(app_module, "setup_logging", lambda directory: directory / "log")
    monkeypatch.setattr(app_module, "install_crash_handler", lambda logfile: None)
    monkeypatch.setattr("desktop.ui.style.apply_style", lambda app: None)

    def unlock(dialog):
        dialog.key = dialog.keyfile.unlock(PASSWORD)
        return True

    monkeypatch.setattr(UnlockDialog, "exec", unlock)
    return app_module.start(app_module.parse_args(["--offline", "--store", str(path), *extra]))


def test_the_registration_answer_with_units_and_roles_is_kept_on_the_laptop(registered):
    _path, reg, kept = registered
    assert reg["user"] == USER and reg["units"] == UNITS and reg["roles"] == ROLES
    assert kept.user_name == USER
    assert kept.units == tuple(UNITS) and kept.roles == tuple(ROLES)


def test_another_user_on_an_older_server_does_not_inherit_units_and_roles(store):
    state.connect(store.engine, SERVER, "dev-1", USER, "e1", units=UNITS, roles=ROLES)
    state.connect(store.engine, SERVER, "dev-1", USER, "e1")  # same user, no news: kept
    assert state.load(store.engine).units == tuple(UNITS)
    state.connect(store.engine, SERVER, "dev-2", "m.mueller", "e1")  # unknown for this one
    current = state.load(store.engine)
    assert (current.user_name, current.units, current.roles) == ("m.mueller", (), ())


def test_after_a_restart_as_root_the_app_works_as_the_registered_user(
    registered, os_user_root, monkeypatch, qtbot
):
    path, _reg, _kept = registered
    app, window, ctx = start_app(monkeypatch, path)
    qtbot.addWidget(window)
    try:
        assert ctx.settings.user_name == USER
        # The status bar: the user and the first of the user's units on the server.
        assert window.user_label.text() == f"{USER} · Unterkunftsverwaltung"
        assert ctx.settings.unit == "housing"
        client_id = ctx.store.create_client(Client("Haddad", "Samira", dt.date(1990, 5, 17)))
        from desktop.ui.consultation_form import ConsultationDialog

        dialog = ConsultationDialog(ctx, client_id, "Haddad, Samira")
        qtbot.addWidget(dialog)
        assert dialog.caseworker_label.text() == f"Beraten von {USER}"
        assert dialog.unit.code() == "housing" and dialog.assignee.text() == USER
        dialog.note.setPlainText("Wohnungssuche besprochen.")
        dialog.topics.item(0).setCheckState(Qt.CheckState.Checked)
        dialog.save_button.click()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
        ctx.ops.wait(5000)
        [cons] = [e.record for e in ctx.store.timeline(client_id) if e.kind == "consultation"]
        assert cons.caseworker == USER and cons.unit == "housing"
        assert "root" not in window.findChild(QWidget, "userState").text()
        # The name is kept for the next first login on this laptop -- the MiA user's.
        assert os_user_root.value("user_name") == USER
    finally:
        ctx.ops.wait(5000)
        ctx.store.close()


def test_a_unit_chosen_before_stays_if_it_is_one_of_the_users_units(
    registered, os_user_root, monkeypatch, qtbot
):
    path, _reg, _kept = registered
    os_user_root.setValue("unit", "abh")  # chosen earlier (Einstellungen)
    os_user_root.setValue("user_name", "root")  # a stale copy from an older version
    app, window, ctx = start_app(monkeypatch, path)
    qtbot.addWidget(window)
    try:
        assert (ctx.settings.user_name, ctx.settings.unit) == (USER, "abh")
        assert window.user_label.text() == f"{USER} · Ausländerbehörde"
    finally:
        ctx.ops.wait(5000)
        ctx.store.close()


def test_the_first_login_dialog_never_offers_the_os_login(os_user_root, monkeypatch, tmp_path):
    from desktop import app as app_module
    from desktop.settings import Settings
    from desktop.ui.unlock import SetupDialog

    shown = []

    def look(dialog):
        shown.append(dialog.user.text())
        return False  # the user cancels

    monkeypatch.setattr(SetupDialog, "exec", look)
    path = tmp_path / "new.sqlite"
    args = app_module.parse_args(["--store", str(path), "--server", SERVER])
    assert Settings.load().user_name == ""
    assert app_module.obtain_key(path, args, Settings.load()) is None
    # After a MiA login on this laptop its user is offered (e.g. a store set aside).
    os_user_root.setValue("user_name", USER)
    assert app_module.obtain_key(path, args, Settings.load()) is None
    assert shown == ["", USER]


def test_the_offline_demo_keeps_its_demo_user(os_user_root, monkeypatch, qtbot, tmp_path):
    from desktop import app as app_module

    monkeypatch.setattr(app_module, "setup_logging", lambda directory: directory / "log")
    monkeypatch.setattr(app_module, "install_crash_handler", lambda logfile: None)
    monkeypatch.setattr("desktop.ui.style.apply_style", lambda app: None)
    app, window, ctx = app_module.start(
        app_module.parse_args(
            ["--demo", "--offline", "--demo-clients", "5", "--store", str(tmp_path / "d.sqlite")]
        )
    )
    qtbot.addWidget(window)
    try:
        assert (ctx.settings.user_name, ctx.settings.unit) == ("a.schneider", "integration")
        assert window.user_label.text() == "a.schneider · Sachgebiet Integration"
        assert not os_user_root.contains("user_name")  # the demo leaves no user behind
    finally:
        ctx.ops.wait(5000)
        ctx.store.close()
