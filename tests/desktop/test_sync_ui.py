"""The Qt side of sync: the worker thread, the status bar in German, the conflicts view, the
login, and the embedded demo server with a real ``mia-sync-server`` process."""

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from desktop.store import changes as changelog
from desktop.store.changes import Changes
from desktop.sync import state, worker as w
from desktop.sync.connection import Connection
from desktop.sync.engine import SyncReport
from desktop.sync.errors import DeviceRevoked
from tests.desktop.harness import (
    SERVER,
    connection,
    new_client,
    refused_edit,
    session,
    shared_client,
)


class FakeEngine:
    """Records the thread each round runs in."""

    def __init__(self, error=None, pulled=1):
        self.threads = []
        self.error = error
        self.pulled = pulled
        self.stop_event = threading.Event()

    def sync_once(self, progress=None):
        self.threads.append(QThread.currentThread())
        progress("pull", 1000, 5000)
        if self.error:
            raise self.error
        for _ in range(self.pulled):  # what applying a pulled page notes
            changelog.note("consultation", "client-1")
        return SyncReport(pulled=self.pulled)


@pytest.fixture
def controllers():
    made = []
    yield made
    for c in made:
        c.stop()


def make_controller(ctx, controllers, engine, **kw):
    controller = w.SyncController(ctx, lambda: engine, **kw)
    controllers.append(controller)
    return controller


def test_the_engine_runs_off_the_ui_thread_and_views_hear_of_the_pull(ctx, qtbot, controllers):
    engine = FakeEngine()
    controller = make_controller(ctx, controllers, engine)
    heard = []
    ctx.bus.changed.connect(heard.append)
    with qtbot.waitSignal(controller.synced, timeout=5000):
        controller.start()
    assert engine.threads and engine.threads[0] is not QApplication.instance().thread()
    assert engine.threads[0] is controller.sync_thread
    # Views hear exactly what the round wrote: which kind, which client file.
    assert controller.status.kind == w.SYNCED
    assert heard == [Changes.of("consultation", "client-1", origin="sync")]


def test_a_save_syncs_two_seconds_later_debounced(ctx, qtbot, controllers):
    engine = FakeEngine(pulled=0)
    controller = make_controller(ctx, controllers, engine, debounce_ms=50)
    with qtbot.waitSignal(controller.synced, timeout=5000):
        controller.start()
    for _ in range(5):  # five quick saves ...
        ctx.ops.announce(Changes.of("client", "client-1"))
    with qtbot.waitSignal(controller.synced, timeout=5000):
        pass
    qtbot.wait(200)
    assert len(engine.threads) == 2  # ... one round


def test_status_texts_are_german(qapp):
    from desktop.ui import i18n
    from desktop.ui.sync_status import SyncStatusWidget

    i18n.install(qapp, "de")  # German number format too: 1.000
    widget = SyncStatusWidget()
    widget.connected = True
    cases = [
        (
            w.SyncStatus(w.SYNCING, phase="pull", done=1000, total=5000),
            "Synchronisiere … 1.000 von 5.000 Datensätzen",
        ),
        (w.SyncStatus(w.PENDING, pending=3), "3 Änderung(en) warten auf Synchronisation"),
        (w.SyncStatus(w.OFFLINE, pending=2), "Server nicht erreichbar · 2 Änderung(en) warten"),
        (w.SyncStatus(w.OFFLINE), "Server nicht erreichbar · alles lokal gespeichert"),
        (
            w.SyncStatus(w.ERROR, message=DeviceRevoked().message),
            "Synchronisationsfehler: Dieses Gerät wurde gesperrt. Bitte wenden Sie sich an die IT.",
        ),
        (w.SyncStatus(w.SYNCED), "Synchronisiert"),
        (w.SyncStatus(w.LOCAL), "Offline · alles lokal gespeichert"),
    ]
    for status, text in cases:
        widget.set_status(status)
        assert widget.text() == text
    widget.set_status(w.SyncStatus(w.SYNCED, conflicts=2, rejected=1))
    # Refused changes are not conflicts: their own indicator (issue 16, finding 2).
    assert (
        widget.conflicts.isVisibleTo(widget)
        and widget.conflicts.text() == "2 Konflikt(e) zu klären"
    )
    assert widget.refused.isVisibleTo(widget) and widget.refused.text() == "1 nicht übernommen"
    widget.set_status(w.SyncStatus(w.SYNCED, conflicts=0, rejected=1))
    assert not widget.conflicts.isVisibleTo(widget)
    widget.set_status(w.SyncStatus(w.SYNCED, conflicts=2, rejected=1))
    assert widget.button.text() == "Jetzt synchronisieren"
    widget.set_status(w.SyncStatus(w.AUTH, message="Benutzername oder Passwort ist falsch."))
    assert widget.button.text() == "Anmelden …"
    with_login = []
    widget.login_requested.connect(lambda: with_login.append(1))
    widget.button.click()
    assert with_login == [1]


def revoked_window(ctx, qtbot, controllers, device, server):
    """*device* revoked on the server; a main window with its sync controller (not started)."""
    from desktop.ui.main_window import MainWindow
    from sync_server.auth import revoke_device

    ctx.store = device.store
    revoke_device(server.state.service.db, device.device_id)
    controller = make_controller(ctx, controllers, device.engine)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.attach_sync(controller, lambda: None, lambda: None)
    return controller, window


def test_a_revoked_device_shows_an_error_and_stops_asking(
    ctx, qtbot, controllers, make_device, server
):
    device = make_device("revoked")
    controller, window = revoked_window(ctx, qtbot, controllers, device, server)
    with qtbot.waitSignal(
        controller.status_changed, timeout=5000, check_params_cb=lambda s: s.kind == w.ERROR
    ):
        controller.start()
    assert "gesperrt" in window.sync_label.text() and window.sync_label.text().startswith(
        "Synchronisationsfehler"
    )
    assert not controller.timer.isActive()


def test_a_revoked_laptop_wipes_its_store_and_key(
    ctx, qtbot, controllers, make_device, server, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from desktop import app as app_module
    from desktop.store import keys
    from desktop.store.repo import Store

    monkeypatch.setattr(keys, "KDF", {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})
    device = make_device("lost")
    path = tmp_path / "lost-encrypted.sqlite"
    key = keys.KeyFile.for_store(path).create("a.schneider", "richtig-123")
    device.store.close()
    device.store = device.engine.store = Store.open(path, key)
    device.store.create_client(new_client())
    controller, window = revoked_window(ctx, qtbot, controllers, device, server)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr("PySide6.QtWidgets.QApplication.quit", lambda: None)
    controller.revoked.connect(lambda: app_module.wipe_revoked(ctx, path, window))
    with qtbot.waitSignal(controller.revoked, timeout=5000):
        controller.start()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "gelöscht" in shown[0]
    assert not path.exists() and not keys.key_path(path).exists()


def test_the_main_window_shows_progress_and_syncs_on_f5(ctx, qtbot, controllers):
    from desktop.ui.main_window import MainWindow

    engine = FakeEngine(pulled=0)
    controller = make_controller(ctx, controllers, engine)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.attach_sync(controller, lambda: None, lambda: None)
    with qtbot.waitSignal(controller.synced, timeout=5000):
        controller.start()
    assert window.sync_label.text().startswith("Synchronisiert")
    with qtbot.waitSignal(controller.synced, timeout=5000):
        window.act_sync.trigger()
    assert len(engine.threads) == 2


def test_conflicts_view_lists_both_values_and_keeps_the_chosen_one(ctx, qtbot, make_device):
    from desktop.ui.conflicts_view import ConflictsDialog

    a, b = make_device("a"), make_device("b")
    olena = shared_client([a, b])
    ca, cb = a.store.get_client(olena.id), b.store.get_client(olena.id)
    ca.family_name, cb.family_name = "Kowalenko", "Kovalenko-Schmidt"
    a.store.update_client(ca)
    b.store.update_client(cb)
    a.sync()
    b.sync()
    ctx.store = b.store
    dialog = ConflictsDialog(ctx, connection(b))
    qtbot.addWidget(dialog)
    model = dialog.conflict_model
    assert model.rowCount() == 1
    row = [model.item(0, c).text() for c in range(4)]
    assert row[:2] == ["Kovalenko-Schmidt, Olena", "Familienname"]
    assert row[2].startswith("Kovalenko-Schmidt\n") and row[2].endswith("auf diesem Gerät")
    assert row[3].startswith("Kowalenko\n") and row[3].endswith("auf einem anderen Gerät")
    dialog.conflict_table.selectRow(0)
    with qtbot.waitSignal(dialog.resolved, timeout=5000):
        dialog.keep_other.click()
    assert dialog.conflict_model.rowCount() == 0
    b.sync()
    assert b.store.get_client(olena.id).family_name == "Kowalenko"


def test_conflicts_view_lists_refused_changes_until_settled(ctx, qtbot, make_device):
    from desktop.ui.conflicts_view import ConflictsDialog

    _a, b, olena = refused_edit(make_device)
    b.sync()
    ctx.store = b.store
    dialog = ConflictsDialog(ctx, connection(b))
    qtbot.addWidget(dialog)
    assert dialog.rejection_model.rowCount() == 1
    texts = [dialog.rejection_model.item(0, c).text() for c in range(4)]
    assert texts[0] == "Kovalenko, Olena" and texts[1] == "Stammdaten geändert"
    assert "gelöscht" in texts[2] and "0171 999" in texts[3]
    assert dialog.tabs.tabText(1) == "Abgelehnte Änderungen (1)"
    dialog.rejection_table.selectRow(0)
    dialog.settle.click()
    assert dialog.rejection_model.rowCount() == 0 and state.rejections(b.store.engine) == []


def test_login_registers_the_laptop_and_shows_a_wrong_password_inline(ctx, qtbot, server, store):
    from desktop.ui.sync_status import LoginDialog
    from sync_server.auth import create_user

    create_user(server.state.service.db, "m.meier", "Richtig-Lindenblatt-31", ["caseworker"], [])
    saved = {}
    conn = Connection(
        store, lambda url, dev: saved.get((url, dev)), session_factory=lambda: session(server)
    )
    dialog = LoginDialog(
        ctx,
        lambda url, user, pw: conn.register(
            url, user, pw, lambda u, d, t: saved.__setitem__((u, d), t)
        ),
        SERVER,
        "m.meier",
    )
    qtbot.addWidget(dialog)
    dialog.password.setText("falsch")
    dialog.submit()
    assert dialog.error.isVisibleTo(dialog) and "Passwort ist falsch" in dialog.error.text()
    dialog.password.setText("Richtig-Lindenblatt-31")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    current = state.load(store.engine)
    assert current.server_url == SERVER and current.device_id and current.user_name == "m.meier"
    assert conn.client().token == saved[(SERVER, current.device_id)]


def test_the_demo_server_fills_an_empty_laptop_by_its_first_sync(demo_server, store):
    """End to end over HTTP: registration, first sync with gzip pages, a push."""
    engine = demo_server.connection(store).engine()
    report = engine.sync_once()
    # The 25 seeded files, and any a test pushed before (the server process serves the run).
    assert store.client_count() >= 25 and report.pulled > 25
    assert state.load(store.engine).server_url == demo_server.url
    store.create_client(new_client())
    assert engine.sync_once().pushed >= 1


def test_the_app_syncs_with_a_server_in_the_background(demo_server, tmp_path, qtbot, monkeypatch):
    """``mia-desk --server URL``: a registered laptop (token in the keyring) syncs after start
    and the status bar says so."""
    import keyring

    from desktop import app as app_module
    from desktop.settings import data_dir
    from desktop.store.repo import Store
    from desktop.sync.credentials import CredentialStore
    from tests.keyrings import MemoryKeyring

    monkeypatch.setattr(app_module, "setup_logging", lambda directory: directory / "log")
    monkeypatch.setattr(app_module, "install_crash_handler", lambda logfile: None)
    monkeypatch.setattr("desktop.ui.style.apply_style", lambda app: None)
    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    path = tmp_path / "laptop.sqlite"
    try:
        store = Store.open(path)
        state.set_server(store.engine, demo_server.url)
        Connection(store, lambda u, d: None).register(
            demo_server.url, demo_server.user, demo_server.password, CredentialStore(data_dir()).set
        )
        store.close()
        # The store is encrypted on this first keyed start; the password is asked for once.
        from desktop.store.keys import KeyFile

        KeyFile.for_store(path).create(demo_server.user, "pw-12345")
        monkeypatch.setattr(
            "desktop.ui.unlock.UnlockDialog.exec",
            lambda self: bool(setattr(self, "key", self.keyfile.unlock("pw-12345")) or True),
        )
        app, window, ctx = app_module.start(
            app_module.parse_args(
                [
                    "--server",
                    demo_server.url,
                    "--store",
                    str(path),
                    "--user",
                    demo_server.user,
                    "--lang",
                    "de",
                ]
            )
        )
        qtbot.addWidget(window)
        controller = window.sync_controller
        try:
            if controller.status.kind != w.SYNCED:
                with qtbot.waitSignal(controller.synced, timeout=20000):
                    pass
            assert ctx.store.client_count() >= 25
            assert window.sync_label.text().startswith("Synchronisiert")
            assert window.act_sync.isEnabled() and window.act_conflicts.isEnabled()
        finally:
            app_module.stop_sync(window)
            ctx.ops.wait(5000)
            ctx.store.close()
    finally:
        keyring.set_keyring(before)


def test_new_units_from_the_server_reach_the_forms_and_the_status_bar(ctx, qtbot, controllers):
    """A round that brought other units (the user moved to the immigration office): the
    permissions are replaced, "my unit" becomes one of the new units, every view reloads."""
    from desktop.sync import state

    class Moved(FakeEngine):
        def sync_once(self, progress=None):
            with ctx.store.engine.begin() as conn:  # what the rules answer keeps
                state.set_user(conn, "a.schneider")
                state.set_names(conn, state.UNITS, ["abh"])
                state.set_names(conn, state.ROLES, ["caseworker"])
            return super().sync_once(progress)

    assert not ctx.permissions.restricted and ctx.settings.unit == "integration"
    controller = make_controller(ctx, controllers, Moved(pulled=0))
    heard = []
    ctx.bus.changed.connect(heard.append)
    with qtbot.waitSignal(controller.synced, timeout=5000):
        controller.start()
    qtbot.waitUntil(lambda: bool(heard))
    assert ctx.permissions.restricted and ctx.permissions.user.units == ("abh",)
    assert ctx.permissions.may_create("residence_status")
    assert ctx.settings.unit == "abh"
    assert heard[-1].everything
