"""Entry point of the desktop client: ``mia-desk [--demo] [--store PATH] [--lang en]``."""
from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
import time
import traceback
from pathlib import Path

START = time.perf_counter()
log = logging.getLogger("desktop")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="mia-desk", description="MiA Desk – Fallarbeit der Migrationsagentur")
    p.add_argument("--demo", action="store_true", help="start on a fresh demo store with synthetic clients")
    p.add_argument("--demo-clients", type=int, default=1500, help="number of demo clients (default 1500)")
    p.add_argument("--store", type=Path, help="path of the local store file")
    p.add_argument("--lang", choices=["de", "en"], help="user interface language")
    p.add_argument("--user", help="log in as this user name")
    p.add_argument("--quit-after", type=float, metavar="SECONDS",
                   help="close the window after SECONDS (for start-up measurements)")
    return p.parse_args(argv)


def setup_logging(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    logfile = directory / "mia-desk.log"
    handler = logging.handlers.RotatingFileHandler(logfile, maxBytes=2_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return logfile


def install_crash_handler(logfile: Path) -> None:
    """Unexpected errors are logged and shown with the log's location; the app keeps running."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def handler(exc_type, exc, tb):
        log.critical("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        if QApplication.instance() is not None:
            QMessageBox.critical(None, QApplication.translate("app", "Unerwarteter Fehler"),
                                 QApplication.translate(
                                     "app", "Ein unerwarteter Fehler ist aufgetreten: {error}\n\n"
                                     "Ihre gespeicherten Daten sind nicht betroffen. Das Protokoll liegt unter:\n{log}")
                                 .format(error=exc, log=logfile))
    sys.excepthook = handler


def make_demo_store(path: Path, clients: int) -> None:
    """Create a fresh store at *path* filled with synthetic demo clients."""
    from desktop.demo.generator import generate
    from desktop.store.bulk import load_bundles
    from desktop.store.connection import open_store
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    engine = open_store(path)
    try:
        load_bundles(engine, generate(clients, seed=7))
    finally:
        engine.dispose()


def open_store_interactively(path: Path):
    """Open the store; on a corrupt or too-new file offer a fresh store and keep the old file."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.store.connection import MigrationFailed, StoreCorrupt, StoreTooNew, set_aside
    from desktop.store.repo import Store
    try:
        return Store.open(path)
    except MigrationFailed as exc:
        title = QApplication.translate("app", "Aktualisierung fehlgeschlagen")
        text = QApplication.translate(
            "app", "Der lokale Speicher konnte nicht auf die neue Version umgestellt werden ({detail}).\n\n"
            "Die Datei wurde aus der Sicherung wiederhergestellt, es ging nichts verloren:\n{backup}\n\n"
            "Bitte wenden Sie sich an die IT.")
        QMessageBox.critical(None, title, text.format(detail=exc.detail, backup=exc.backup))
        return None
    except (StoreCorrupt, StoreTooNew) as exc:
        if isinstance(exc, StoreTooNew):
            reason = QApplication.translate("app", "Die Datei stammt von einer neueren Version von MiA Desk.")
        else:
            reason = QApplication.translate("app", "Die Datei ist beschädigt oder kein MiA-Desk-Speicher.")
        text = QApplication.translate(
            "app", "{reason}\n\nDatei: {path}\n\nEinen neuen, leeren Speicher anlegen? Die alte Datei "
            "bleibt unverändert erhalten und wird umbenannt.")
        answer = QMessageBox.warning(
            None, QApplication.translate("app", "Lokaler Speicher nicht lesbar"),
            text.format(reason=reason, path=exc.path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        kept = set_aside(path)
        log.warning("unusable store %s kept as %s", path, kept)
        return Store.open(path)


def start(args: argparse.Namespace):
    """Set up the application and show the main window; returns (app, window, ctx) or None."""
    from PySide6.QtWidgets import QApplication

    from desktop.settings import Settings, data_dir
    from desktop.ui import i18n
    from desktop.ui.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("MiA")
    app.setApplicationName("MiA Desk")
    app.setApplicationDisplayName("MiA Desk")
    settings = Settings.load()
    if args.lang:
        settings.language = args.lang
    if args.user:
        settings.user_name = args.user
    logfile = setup_logging(data_dir() / "logs")
    install_crash_handler(logfile)
    i18n.install(app, settings.language)
    apply_style(app)

    if args.demo:
        path = args.store or data_dir() / "demo.sqlite"
        make_demo_store(path, args.demo_clients)
        if not args.user:
            settings.user_name = "a.schneider"
    else:
        path = args.store or Path(settings.store_path or data_dir() / "store.sqlite")
    store = open_store_interactively(path)
    if store is None:
        return None

    from desktop.ui.context import AppContext
    from desktop.ui.events import ChangeBus
    from desktop.ui.main_window import MainWindow
    from desktop.ui.worker import Runner
    ctx = AppContext(store=store, runner=Runner(), bus=ChangeBus(), settings=settings)
    window = MainWindow(ctx)
    window.show()
    window.start()
    log.info("main window shown after %.0f ms", (time.perf_counter() - START) * 1000)
    return app, window, ctx


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = start(args)
    if started is None:
        return 2
    app, window, ctx = started
    if args.quit_after is not None:
        from PySide6.QtCore import QTimer
        QTimer.singleShot(int(args.quit_after * 1000), window.close)
    code = app.exec()
    ctx.runner.wait(5000)
    ctx.store.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
