"""``mia-desk --self-test``: is this installation complete? (for county IT and the package CI)

Checks, each printed as ``ok`` or ``FEHLT``/``FEHLER`` with what is wrong:

* the modules the app loads (Qt widgets, PDF printing, SQLCipher, Argon2, keyring, HTTP);
* Qt's platform plugins (the native one of this system, and ``offscreen``) and the app's style;
* an encrypted store: made in a temporary folder with a key file, written, read back, and the
  file is not readable as plain SQLite;
* the OS keyring that keeps the device secret of the store key (:mod:`desktop.store.keys`):
  a secret is written, read back and removed. Where there is none (headless Linux, only a
  plain-file backend) a ``HINWEIS`` line says that the store key is protected by the password
  alone -- not a failure, the app works, but a copied key file is then open to password
  guessing;
* every catalog, the birth-place gazetteer and the consent-form texts;
* the English translation (and Qt's own German texts where the bundle has them);
* the machine configuration (``desktop.machine_config``), if there is one, and the sync server
  it names: reachable through the configured TLS root and proxy, its ``/health`` ok.

Exit code 0 when everything is there, 1 otherwise. Needs no display (``offscreen``), no server
and no user data; it writes only into a temporary folder that it removes.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
import tempfile
import traceback
from pathlib import Path

MODULES = [
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "sqlcipher3",
    "argon2",
    "keyring",
    "requests",
    # zstd answers of the sync server (urllib3 unpacks them with it; without it the laptop
    # asks for gzip: slower, but it syncs)
    "compression.zstd" if sys.version_info >= (3, 14) else "backports.zstd",
    "orjson",
    "rapidfuzz",
    "anyascii",
    "sqlalchemy",
    "alembic",
    "desktop.ui.main_window",
    "desktop.consent_form",
    "desktop.ticket_print",
    "desktop.referral_slip",
    "desktop.allowance_print",
    "desktop.sync.engine",
    "desktop.store.repo",
]


REPORT = Path(tempfile.gettempdir()) / "mia-desk-selftest.txt"


def report_printer():
    """Print each line, and write it to ``REPORT`` too: a windowed app on Windows has no
    console, so its output would be lost (the Windows CI reads the file)."""
    REPORT.write_text("", encoding="utf-8")

    def out(line: str) -> None:
        if sys.stdout is not None:
            print(line, flush=True)
        with open(REPORT, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    return out


def _native_platform_plugin() -> str:
    if sys.platform == "win32":
        return "qwindows"
    if sys.platform == "darwin":
        return "qcocoa"
    return "qxcb"


def run(out=print) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures: list[str] = []

    def check(label: str, fn) -> None:
        try:
            detail = fn()
        except Exception as exc:  # every problem is reported, the next check still runs
            failures.append(label)
            out(f"FEHLER  {label}: {type(exc).__name__}: {exc}")
            if os.environ.get("MIA_SELFTEST_TRACE"):
                traceback.print_exc()
            return
        out(f"ok      {label}{': ' + detail if detail else ''}")

    for name in MODULES:
        check(f"Modul {name}", lambda name=name: (importlib.import_module(name), "")[1])

    def qt() -> str:
        from PySide6.QtCore import QLibraryInfo
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
        if not isinstance(app, QApplication):  # a QCoreApplication made before: no widgets
            raise RuntimeError(f"keine QApplication, sondern {type(app).__name__}")
        plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
        found = {p.name.split(".")[0].removeprefix("lib") for p in plugins.glob("*")}
        missing = {_native_platform_plugin(), "qoffscreen"} - found
        if missing:
            raise FileNotFoundError(f"Qt-Plattform-Plugins fehlen in {plugins}: {sorted(missing)}")
        from desktop.ui.style import apply_style

        apply_style(app)
        return f"Qt {QLibraryInfo.version().toString()}, Plugins {', '.join(sorted(found))}"

    check("Qt und Oberfläche", qt)

    def store() -> str:
        import sqlite3

        from casefile.records import Client
        from desktop.store import keys
        from desktop.store.repo import Store

        with tempfile.TemporaryDirectory(prefix="mia-selftest-") as tmp:
            path = Path(tmp) / "store.sqlite"
            keyfile = keys.KeyFile.for_store(path)
            try:
                key = keyfile.create("selbsttest", "Selbsttest-Passwort-1")
                s = Store.open(path, key)
                try:
                    cid = s.create_client(
                        Client("Selbsttest", "Ada", birth_date=dt.date(1990, 1, 2))
                    )
                    read = s.get_client(cid)
                    if read is None or read.family_name != "Selbsttest":
                        raise RuntimeError("gelesene Daten weichen ab")
                finally:
                    s.close()
                try:
                    sqlite3.connect(path).execute("SELECT count(*) FROM client").fetchone()
                    raise RuntimeError("die Datei ist unverschlüsselt lesbar")
                except sqlite3.DatabaseError:
                    pass
                again = Store.open(
                    path, keys.KeyFile.for_store(path).unlock("Selbsttest-Passwort-1")
                )
                again.close()
                protection = (
                    "Passwort und Geräte-Geheimnis"
                    if keyfile.protection == "password+device"
                    else "nur Passwort"
                )
            finally:
                keys.wipe(path)  # the device secret leaves the keyring too
        return f"SQLCipher, Schlüsseldatei ({protection}), Schreiben und Lesen"

    check("Verschlüsselter lokaler Speicher", store)

    def device_secret() -> None:
        """Where the device secret of the store key lives; a note (not a failure) if nowhere."""
        import secrets as random

        from desktop.store.keys import SERVICE
        from desktop.sync.credentials import choose_backend, describe

        backend = choose_backend()
        problem = ""
        if backend is not None:
            account, value = f"selftest:{random.token_hex(8)}", random.token_urlsafe(32)
            try:
                backend.set_password(SERVICE, account, value)
                if backend.get_password(SERVICE, account) != value:
                    problem = "hat den Testwert nicht behalten"
            except Exception as exc:  # locked, no D-Bus, ...: the store falls back, say so
                problem = f"{type(exc).__name__}: {exc}"
            finally:
                try:
                    backend.delete_password(SERVICE, account)
                except Exception:
                    pass
        if backend is None or problem:
            out(
                f"HINWEIS Schlüsselbund: {describe(backend)}"
                f"{' (' + problem + ')' if problem else ''} – der Schlüssel der lokalen Daten "
                "ist hier nur durch das Passwort geschützt: wer die Schlüsseldatei kopiert, kann "
                "Passwörter raten, gebremst nur durch Argon2id (docs/data-protection.md, "
                "Abschnitt 5)."
            )
            return
        out(
            f"ok      Schlüsselbund: {describe(backend)} – hält das Geräte-Geheimnis; die "
            "Schlüsseldatei allein öffnet die lokalen Daten nicht"
        )

    try:
        device_secret()
    except Exception as exc:  # never fails the self-test: the store falls back to the password
        out(f"HINWEIS Schlüsselbund: nicht prüfbar ({type(exc).__name__}: {exc})")

    def data() -> str:
        from casefile import catalogs
        from casefile.places import gazetteer
        from desktop.consent_form import languages
        from resources import path as resource_path

        names = sorted(p.stem for p in resource_path("catalogs").glob("*.json"))
        if not names:
            raise FileNotFoundError(f"keine Kataloge in {resource_path('catalogs')}")
        for name in names:
            catalogs.load(name)
        gazetteer()
        return (
            f"{len(names)} Kataloge, Ortsverzeichnis, Einwilligungstexte "
            f"({len(languages())} Sprachen)"
        )

    check("Kataloge und Texte", data)

    def printing() -> str:
        """A walk-in ticket with an Arabic line, printed as the reception prints it (Qt: the
        bundle has no fpdf2)."""
        from PySide6.QtGui import QGuiApplication

        from desktop import ticket_print

        if QGuiApplication.instance() is None:  # (Qt failed above; printing would crash)
            raise RuntimeError("keine QApplication (siehe die Qt-Prüfung)")

        with tempfile.TemporaryDirectory(prefix="mia-selftest-") as tmp:
            slip = ticket_print.Slip(
                number="A-001",
                unit="Selbsttest",
                room="Raum 1",
                location="Selbsttest",
                arrived_at=dt.datetime.now(dt.UTC),
                language="ar",
            )
            path = ticket_print.write_pdf(slip, Path(tmp) / "Wartemarke.pdf")
            head = path.read_bytes()[:5]
            if head != b"%PDF-":
                raise RuntimeError(f"keine PDF-Datei ({head!r})")
        lines = [code for code, _text in ticket_print.wait_lines("ar")]
        if lines != ["de", "ar"]:
            raise RuntimeError(f"die Schrift zeigt kein Arabisch (Zeilen {lines})")
        return "Wartemarke A6 (Qt, DejaVu Sans, Arabisch)"

    check("Drucken (PDF)", printing)

    def translations() -> str:
        from PySide6.QtCore import QTranslator

        from resources import path as resource_path

        qm = resource_path("translations", "mia_desk_en.qm")
        tr = QTranslator()
        if not tr.load(str(qm)):
            raise FileNotFoundError(f"{qm} fehlt oder ist unlesbar")
        if tr.translate("MainWindow", "&Datei") != "&File":
            raise RuntimeError("die englische Übersetzung ist unvollständig")
        return "Englisch"

    check("Übersetzungen", translations)

    def machine() -> str:
        from desktop import machine_config

        config = machine_config.load()
        return (
            f"{config.path}" + (f", Server {config.server_url}" if config.server_url else "")
            if config.path
            else f"keine ({machine_config.default_path()})"
        )

    check("Rechner-Konfiguration", machine)

    def server() -> str:
        from desktop import machine_config

        config = machine_config.load()
        if not config.server_url:
            return "kein Server in der Rechner-Konfiguration (wird bei der ersten Anmeldung eingegeben)"
        import requests

        session = requests.Session()
        config.configure_session(session)
        url = config.server_url.rstrip("/") + "/health"
        try:
            answer = session.get(url, timeout=(5, 10))
        except requests.exceptions.SSLError as exc:
            raise ConnectionError(
                f"{url}: TLS-Zertifikat nicht vertrauenswürdig "
                f"(ca_certificate in der Konfiguration?): {exc}"
            ) from exc
        except requests.RequestException as exc:
            raise ConnectionError(f"{url} nicht erreichbar: {exc}") from exc
        body = (
            answer.json()
            if answer.headers.get("content-type", "").startswith("application/json")
            else {}
        )
        if answer.status_code != 200 or body.get("status") != "ok":
            raise ConnectionError(
                f"{url} antwortet {answer.status_code} {body or answer.text[:80]}"
            )
        return (
            f"{config.server_url} erreichbar (Datenbank {body.get('database')}, "
            f"Protokoll {body.get('protocol')})"
        )

    check("Sync-Server", server)

    out(
        "Selbsttest bestanden."
        if not failures
        else f"Selbsttest fehlgeschlagen: {len(failures)} Prüfung(en) – {', '.join(failures)}"
    )
    return 0 if not failures else 1
