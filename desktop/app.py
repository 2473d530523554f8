"""Entry point of the desktop client: ``mia-desk [--demo [--offline]] [--server URL] [--store PATH]
[--lang en]``.

``--demo`` starts an embedded sync server with demo client files and an empty local store that
fills through its first sync; ``--demo --offline`` fills a local demo store without a server.
``--server URL`` connects the store to a server (the device registers on first use); the URL
is remembered in the store, so later starts need no option.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
import time
import traceback
from pathlib import Path

from desktop.machine_config import machine_session

START = time.perf_counter()
log = logging.getLogger("desktop")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="mia-desk", description="MiA Desk – Fallarbeit der Migrationsagentur"
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="start a local demo sync server with synthetic clients and an empty store "
        "that syncs from it",
    )
    p.add_argument(
        "--offline",
        action="store_true",
        help="do not sync; with --demo: a local demo store without a server",
    )
    p.add_argument(
        "--server", metavar="URL", help="sync with this server (registers the device on first use)"
    )
    p.add_argument(
        "--demo-clients", type=int, default=1500, help="number of demo clients (default 1500)"
    )
    p.add_argument("--store", type=Path, help="path of the local store file")
    p.add_argument(
        "--provision",
        action="store_true",
        help="set this laptop up without dialogs: register with --server as --user "
        "(password on standard input), encrypt the store, first sync",
    )
    p.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation (modules, Qt plugins, encrypted store, "
        "catalogs, translations) and exit 0, or 1 with what is missing",
    )
    p.add_argument("--lang", choices=["de", "en"], help="user interface language")
    p.add_argument("--user", help="log in as this user name")
    p.add_argument(
        "--quit-after",
        type=float,
        metavar="SECONDS",
        help="close the window after SECONDS (for start-up measurements)",
    )
    return p.parse_args(argv)


def setup_logging(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    logfile = directory / "mia-desk.log"
    handler = logging.handlers.RotatingFileHandler(
        logfile, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return logfile


def install_crash_handler(logfile: Path) -> None:
    """Unexpected errors are logged and shown with the log's location; the app keeps running."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def handler(exc_type, exc, tb):
        log.critical(
            "unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb))
        )
        if QApplication.instance() is not None:
            QMessageBox.critical(
                None,
                QApplication.translate("app", "Unerwarteter Fehler"),
                QApplication.translate(
                    "app",
                    "Ein unerwarteter Fehler ist aufgetreten: {error}\n\n"
                    "Ihre gespeicherten Daten sind nicht betroffen. Das Protokoll liegt unter:\n{log}",
                ).format(error=exc, log=logfile),
            )

    sys.excepthook = handler


# The demo user, offline as online (desktop.sync.embedded creates the same one on its server).
DEMO_UNITS = ("integration",)
DEMO_ROLES = ("caseworker", "coordination", "administrator")


def make_demo_store(path: Path, clients: int, user: str = "a.schneider") -> None:
    """Create a fresh store at *path* filled with synthetic demo clients -- as the demo user
    would hold them after a sync: under the shipped access rules, what the user may not read
    is left out, and the user's units and roles are kept (so the forms offer what the online
    demo offers)."""
    from sqlalchemy import text

    from demodata.generator import generate
    from desktop import permissions
    from desktop.store import tickets
    from desktop.store.bulk import load_bundles
    from desktop.store.connection import open_store
    from desktop.sync import state

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    engine = open_store(path)
    rules = permissions.Permissions(
        permissions.User(user, DEMO_ROLES, DEMO_UNITS), permissions.Policy.load()
    )
    try:
        load_bundles(engine, (rules.visible_part(b) for b in generate(clients, seed=7)))
        # The directory of offers, as every user receives it (read by all, offline too).
        import datetime as dt

        from demodata.offers import directory
        from desktop.store import offers

        offers.seed(engine, directory(dt.date.today()))
        # --- issue 20: consulting hours (part of the directory) ---
        from demodata import consulting_hours

        offers.seed(engine, consulting_hours.demo_records(dt.date.today()))
        # --- issue 20: support plan --- the demo's plans, as far as the demo user reads them
        from sqlalchemy import select

        from casefile import codec
        from demodata import plans as demo_plans
        from desktop.store import plans, schema

        with engine.connect() as conn:
            ids = list(conn.execute(select(schema.client.c.id).order_by(schema.client.c.id)))
        plans.seed(
            engine,
            (
                r
                for r in demo_plans.demo_records([i for (i,) in ids], dt.date.today())
                if rules.hidden_unit(codec.kind_of(r), codec.encode(r)) is None
            ),
        )
        with engine.begin() as conn:
            state.set_names(conn, state.UNITS, list(DEMO_UNITS))
            state.set_names(conn, state.ROLES, list(DEMO_ROLES))
            state.set_user(conn, user)
            # Walk-in tickets without a server: a number range of its own, as a sync would
            # bring it ("A" is the seeded server's reception).
            conn.execute(
                text("INSERT OR REPLACE INTO meta (key, value) VALUES (:key, :value)"),
                {"key": tickets.PREFIX_KEY, "value": "B"},
            )
    finally:
        engine.dispose()


DEMO_PASSWORD = "demo"
INTEGRITY_CHECK_DELAY_MS = 20_000  # the demo's store password (shown in its lock dialog)


def obtain_key(path: Path, args: argparse.Namespace, settings):
    """The key of the encrypted store at *path*, and what the first login registered.

    Returns ``(key, keyfile, registration)`` -- registration is ``(url, user, reg)`` after a
    first online login, else None -- or None when the user gave up."""
    from desktop.store.keys import KeyFile, set_aside
    from desktop.ui.unlock import SetupDialog, UnlockDialog

    if args.demo:
        # The demo store is new on every start; its throwaway key leaves no device secret in
        # the OS keyring (password only, the password is shown in its lock dialog).
        kf = KeyFile.for_store(path, use_keyring=False)
        kf.path.unlink(missing_ok=True)
        return kf.create(settings.user_name, DEMO_PASSWORD), kf, None
    kf = KeyFile.for_store(path)
    if kf.exists():
        dialog = UnlockDialog(kf)
        if dialog.exec() and dialog.key:
            return dialog.key, kf, None
        if not dialog.reregister:
            return None
        # The keyring lost the device secret: the store cannot be opened any more. Kept under
        # another name (a wipe of a revoked laptop removes it), and the laptop is set up again.
        log.warning(
            "device secret of %s missing: store and key file set aside as %s",
            kf.path,
            set_aside(path),
        )
    check = change = None
    if not args.offline:
        from desktop.sync.client import SyncClient
        from desktop.sync.connection import device_name

        sessions = machine_session(settings)

        def check(url: str, user: str, password: str) -> dict:
            client = SyncClient(url.rstrip("/"), session=sessions() if sessions else None)
            try:
                return client.register(user, password, device_name(user))
            finally:
                client.close()

        def change(url: str, reg: dict, one_time: str, new: str) -> None:
            # A one-time password from IT: the new password is set on the server before the
            # store key exists; the key is then wrapped by the new one (below).
            from desktop.sync.account import change_password

            change_password(
                lambda: SyncClient(
                    url.rstrip("/"), reg["token"], session=sessions() if sessions else None
                ),
                None,
                one_time,
                new,
            )

    machine = getattr(settings, "machine", None)
    setup = SetupDialog(
        check,
        args.server or (machine.server_url if machine else ""),
        settings.user_name,
        locked_server=settings.is_locked("server_url"),
        change=change,
    )
    if not setup.exec() or setup.value is None:
        return None
    url, user, password, reg = setup.value
    settings.user_name = user
    key = kf.create(user, password)
    return key, kf, ((url.rstrip("/"), user, reg) if reg else None)


def open_store_interactively(path: Path, key: bytes | None = None):
    """Open the store; on a corrupt or too-new file offer a fresh store and keep the old file."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.store.connection import (
        MigrationFailed,
        StoreCorrupt,
        StoreLocked,
        StoreTooNew,
        set_aside,
    )
    from desktop.store.repo import Store

    try:
        return Store.open(path, key)
    except MigrationFailed as exc:
        title = QApplication.translate("app", "Aktualisierung fehlgeschlagen")
        text = QApplication.translate(
            "app",
            "Der lokale Speicher konnte nicht auf die neue Version umgestellt werden ({detail}).\n\n"
            "Die Datei wurde aus der Sicherung wiederhergestellt, es ging nichts verloren:\n{backup}\n\n"
            "Bitte wenden Sie sich an die IT.",
        )
        QMessageBox.critical(None, title, text.format(detail=exc.detail, backup=exc.backup))
        return None
    except (StoreCorrupt, StoreTooNew, StoreLocked) as exc:
        if isinstance(exc, StoreTooNew):
            reason = QApplication.translate(
                "app", "Die Datei stammt von einer neueren Version von MiA Desk."
            )
        elif isinstance(exc, StoreLocked):
            reason = QApplication.translate(
                "app",
                "Die Datei lässt sich mit Ihrem Schlüssel nicht öffnen: Sie gehört zu einem "
                "anderen Gerät oder wurde verändert.",
            )
        else:
            reason = QApplication.translate(
                "app", "Die Datei ist beschädigt oder kein MiA-Desk-Speicher."
            )
        text = QApplication.translate(
            "app",
            "{reason}\n\nDatei: {path}\n\nEinen neuen, leeren Speicher anlegen? Die alte Datei "
            "bleibt unverändert erhalten und wird umbenannt.",
        )
        answer = QMessageBox.warning(
            None,
            QApplication.translate("app", "Lokaler Speicher nicht lesbar"),
            text.format(reason=reason, path=exc.path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        kept = set_aside(path)
        log.warning("unusable store %s kept as %s", path, kept)
        return Store.open(path, key)


def start(args: argparse.Namespace):
    """Set up the application and show the main window; returns (app, window, ctx) or None."""
    from PySide6.QtWidgets import QApplication

    from desktop.settings import Settings, data_dir, load_window_geometry
    from desktop.ui import i18n
    from desktop.ui.app_guard import AppGuard
    from desktop.ui.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not isinstance(app, QApplication):  # a QCoreApplication made before: no widgets
        raise RuntimeError(f"a {type(app).__name__} exists already; MiA Desk needs a QApplication")
    app.setOrganizationName("MiA")
    app.setApplicationName("MiA Desk")
    app.setApplicationDisplayName("MiA Desk")
    from PySide6.QtGui import QIcon

    from resources import path as resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons", "mia-desk.png"))))
    from desktop import machine_config

    machine_error = None
    try:
        machine = machine_config.load()
    except machine_config.ConfigError as exc:
        machine, machine_error = machine_config.MachineConfig(), exc
    settings = Settings.load(machine=machine)
    if args.lang:
        settings.language = args.lang
    if args.user:
        settings.user_name = args.user
    logfile = setup_logging(data_dir() / "logs")
    install_crash_handler(logfile)
    i18n.install(app, settings.language)
    apply_style(app)
    AppGuard.install(app)  # dialogs fit the screen; no wheel on unfocused fields
    if machine_error is not None:
        log.error("machine configuration: %s", machine_error)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(
            None, QApplication.translate("app", "Konfiguration fehlerhaft"), str(machine_error)
        )

    demo_server = None
    if args.demo and not args.offline and getattr(sys, "frozen", False):
        # The installed bundle leaves the sync server out (installer/mia-desk.spec): its demo
        # runs on a local demo store without a server.
        log.info("installed package: the demo runs offline (no embedded server in the bundle)")
        args.offline = True
    if args.demo:
        path = args.store or data_dir() / "demo.sqlite"
        make_demo_private(Path(path), data_dir(), logfile)
        if not args.user:
            settings.user_name = "a.schneider"
        if args.offline:
            make_demo_store(path, args.demo_clients, settings.user_name)
        else:
            from desktop.sync.embedded import EmbeddedServer

            for suffix in ("", "-wal", "-shm"):  # empty: the first sync fills it
                Path(str(path) + suffix).unlink(missing_ok=True)
            demo_server = EmbeddedServer(
                data_dir() / "demo-server", clients=args.demo_clients, user=settings.user_name
            )
            end_demo_server_with_app(app, demo_server)
    else:
        path = args.store or Path(settings.store_path or data_dir() / "store.sqlite")
    unlocked = obtain_key(Path(path), args, settings)
    if unlocked is None:
        return None
    key, keyfile, registration = unlocked
    store = open_store_interactively(path, key)
    if store is None:
        return None
    if registration is not None:
        from desktop.sync import state
        from desktop.sync.credentials import CredentialStore

        url, user, reg = registration
        CredentialStore(data_dir(), store=store).set(url, reg["device_id"], reg["token"])
        state.remember(store.engine, url, user, reg)
    adopt_registered_user(store, settings, keyfile, remember=not args.demo)

    from desktop import permissions
    from desktop.ui import ops
    from desktop.ui.context import AppContext
    from desktop.ui.events import ChangeBus
    from desktop.ui.main_window import MainWindow

    bus = ChangeBus()
    ctx = AppContext(
        store=store,
        ops=ops.shared().attach(bus, store),
        bus=bus,
        settings=settings,
        permissions=permissions.load(store.engine),
    )
    window = MainWindow(ctx)
    window.restore_geometry(load_window_geometry())
    window.show()
    window.start()
    log.info("main window shown after %.0f ms", (time.perf_counter() - START) * 1000)
    # Every page checked once per start, in the background and not while the first screens
    # load: on a large store it reads (and authenticates) hundreds of MB.
    from PySide6.QtCore import QTimer

    QTimer.singleShot(
        INTEGRITY_CHECK_DELAY_MS,
        window,
        lambda: ctx.ops.read(
            store.integrity_problems,
            on_done=lambda problems: warn_integrity(window, path, problems),
            on_error=lambda exc: log.warning("integrity check: %s", exc),
        ),
    )
    if settings.lock_minutes > 0:
        from desktop.ui.unlock import InactivityLock

        hint = (
            QApplication.translate("app", "Demo: das Passwort ist „{p}“.").format(p=DEMO_PASSWORD)
            if args.demo
            else ""
        )
        window.inactivity_lock = InactivityLock(window, keyfile, settings.lock_minutes, hint)
    controller = setup_sync(args, ctx, window, demo_server, keyfile=keyfile, data_key=key)
    if controller is not None:
        controller.revoked.connect(lambda: wipe_revoked(ctx, Path(path), window))
    return app, window, ctx


def adopt_registered_user(store, settings, keyfile, *, remember: bool = True) -> None:
    """Work as the user this laptop is registered to, with their units from the server --
    whatever the computer's own login is. A laptop without a registration (set up without a
    server) works as the user its key file was made for. *remember*: keep the name for the
    next first-login dialog (not the demo's)."""
    from desktop.sync import state

    current = state.load(store.engine)
    settings.adopt(current.user_name or keyfile.user, current.units)
    if remember:
        settings.remember_user()


def make_demo_private(store_path: Path, app_dir: Path, logfile: Path) -> None:
    """The demo's files are the user's alone: what this process creates from now on is 0600
    (umask 077: the store, its WAL, the key file), and what exists already -- the app's data
    folder, the logs -- is made 0700 / 0600 (a ``--store`` elsewhere: only its own files). The
    embedded server does the same for its files (desktop.sync.embedded)."""
    import os

    from desktop.sync.embedded import make_private

    if os.name == "posix":
        os.umask(0o077)
    app_dir.mkdir(parents=True, exist_ok=True)
    make_private(
        app_dir,
        logfile.parent,
        *sorted(logfile.parent.glob("*.log*")),
        *(Path(str(store_path) + s) for s in ("", "-wal", "-shm", ".key")),
    )


def end_demo_server_with_app(app, demo_server) -> None:
    """However the app ends, its demo server ends too: at exit (also after an exception at
    start), and on SIGTERM / SIGINT, which close the app as its window would. (A SIGKILL
    leaves no chance to clean up: the server's watchdog notices that its pipe from the app
    closed, desktop.sync.embedded.)"""
    import atexit
    import signal

    from PySide6.QtCore import QTimer

    atexit.register(demo_server.stop)

    def close(signum, frame) -> None:
        log.info("signal %d: the demo closes", signum)
        QTimer.singleShot(0, app.quit)  # runs once the event loop does

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, close)
    # Python handles a signal only when it runs: a timer lets it in while Qt's loop waits.
    app.demo_signal_timer = QTimer(app, interval=200)
    app.demo_signal_timer.timeout.connect(lambda: None)
    app.demo_signal_timer.start()


def warn_integrity(window, path: Path, problems: list[str]) -> None:
    """The background check of every page found damaged or altered pages: say so."""
    if not problems:
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    log.error("store %s failed its integrity check: %s", path, problems)
    QMessageBox.warning(
        window,
        QApplication.translate("app", "Lokaler Speicher beschädigt"),
        QApplication.translate(
            "app",
            "Teile des lokalen Speichers sind beschädigt oder wurden "
            "verändert ({path}). Bitte synchronisieren Sie und wenden Sie sich an "
            "die IT.",
        ).format(path=path),
    )


def wipe_revoked(ctx, path: Path, window) -> None:
    """The server revoked this laptop (lost or stolen): delete the local data and the key, tell
    the user, and close. Unsent entries go too -- the device is no longer trusted."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.store.keys import wipe

    controller = getattr(window, "sync_controller", None)
    if controller is not None:
        controller.stop()
    ctx.ops.wait(5000)
    ctx.store.close()
    removed = wipe(path)
    log.warning("device revoked by the server: %d local files wiped", len(removed))
    window.hide()
    QMessageBox.critical(
        None,
        QApplication.translate("app", "Gerät gesperrt"),
        QApplication.translate(
            "app",
            "Dieses Gerät wurde vom Server gesperrt. Die Daten auf diesem "
            "Gerät wurden gelöscht. Bitte wenden Sie sich an die IT.",
        ),
    )
    window.close()
    QApplication.quit()


def setup_sync(
    args: argparse.Namespace,
    ctx,
    window,
    demo_server=None,
    *,
    keyfile=None,
    data_key: bytes | None = None,
):
    """Connect the store to its server and start background sync; returns the controller, or
    None when this laptop works without a server (``--offline``, or none configured).
    *keyfile* and *data_key* (the open store's) serve the password change
    (:mod:`desktop.ui.account`)."""
    from PySide6.QtCore import Qt, QTimer

    from desktop.settings import data_dir
    from desktop.sync import state
    from desktop.sync.connection import Connection
    from desktop.sync.credentials import CredentialStore
    from desktop.sync.live import LiveChannel
    from desktop.sync.worker import SyncController
    from desktop.ui.account import AccountActions
    from desktop.ui.conflicts_view import ConflictsDialog
    from desktop.ui.duplicates_view import DuplicatesDialog

    if args.offline:
        return None
    credentials = None
    if demo_server is not None:
        connection = demo_server.connection(ctx.store)
    else:
        if args.server:
            state.set_server(ctx.store.engine, args.server)
        if not state.load(ctx.store.engine).server_url:
            return None
        credentials = CredentialStore(data_dir(), store=ctx.store)
        connection = Connection(
            ctx.store, credentials.get, session_factory=machine_session(ctx.settings)
        )
    controller = SyncController(ctx, connection.engine, parent=window)
    controller.attach_live(LiveChannel(connection.client))  # "pull now" hints
    window.reception.set_connection(connection)  # its ticket number range, fetched once
    if demo_server is not None:
        controller.at_stop.append(demo_server.stop)

    def open_conflicts() -> None:
        dialog = ConflictsDialog(ctx, connection, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resolved.connect(controller.request_sync)
        dialog.show()

    def open_duplicates() -> None:
        dialog = DuplicatesDialog(ctx, connection, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.decided.connect(controller.request_sync)
        dialog.show()

    window.attach_sync(controller, open_conflicts, lambda: window.account.login())
    window.queue_dock.panel.attach(controller, connection)  # calling needs the server
    window.account = AccountActions(
        ctx, window, controller, connection, credentials, keyfile, data_key
    )
    window.attach_duplicates(open_duplicates)

    def open_audit() -> None:
        from desktop.ui.audit_view import AuditDialog

        dialog = AuditDialog(ctx, connection, window.current_client_id(), window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    window.attach_audit(open_audit)

    def open_queue_stats() -> None:
        from desktop.ui.queue_stats_view import QueueStatsDialog

        dialog = QueueStatsDialog(ctx, connection, parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.load()  # today's figures at once

    window.attach_queue_stats(open_queue_stats)
    window.attach_reports(connection)  # --- issue 21: reports ---
    controller.start()
    if credentials is not None:
        current = state.load(ctx.store.engine)
        if not (current.device_id and credentials.get(current.server_url, current.device_id)):
            QTimer.singleShot(0, window.account.login)  # first use: register the laptop
    return controller


def stop_sync(window) -> None:
    """End background sync and the demo server (at exit)."""
    controller = getattr(window, "sync_controller", None)
    if controller is not None:
        controller.stop()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.self_test:
        from desktop.selftest import report_printer, run

        return run(report_printer())
    if args.provision:
        from desktop.provision import main as provision

        return provision(args)
    started = start(args)
    if started is None:
        return 2
    app, window, ctx = started
    if args.quit_after is not None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(int(args.quit_after * 1000), window.close)
    code = app.exec()
    stop_sync(window)
    ctx.ops.wait(5000)
    ctx.store.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
