"""``mia-desk --provision --server URL --user NAME``: set up this laptop without the dialogs.

For county IT's scripted roll-out (and the package CI): the password is read from standard
input; the server checks it and registers the laptop; the password then protects the new store
key (as in the first-login dialog); the device token is saved (OS keyring, else inside the
encrypted store); and the first sync runs. Prints what it did; exit code 0, or 1 with the
reason in German. A laptop that is already set up is left alone.
"""

from __future__ import annotations

import sys
from pathlib import Path


def provision(
    server: str, user: str, password: str, store_path: Path | None = None, out=print
) -> int:
    from desktop import machine_config
    from desktop.settings import Settings, data_dir
    from desktop.store.keys import KeyFile
    from desktop.store.repo import Store
    from desktop.sync import state
    from desktop.sync.client import SyncClient
    from desktop.sync.connection import Connection, device_name
    from desktop.sync.credentials import CredentialStore
    from desktop.sync.errors import Interrupted, SyncError

    try:
        machine = machine_config.load()
    except machine_config.ConfigError as exc:
        out(str(exc))
        return 1
    settings = Settings.load(machine=machine)
    server = (server or machine.server_url).rstrip("/")
    if not server or not user or not password:
        out(
            "Bitte Server (--server oder in der Rechner-Konfiguration), Benutzer (--user) und "
            "Passwort (Standardeingabe) angeben."
        )
        return 1
    path = Path(store_path or settings.store_path or data_dir() / "store.sqlite")
    keyfile = KeyFile.for_store(path)
    if keyfile.exists() or path.exists():
        out(f"Dieser Rechner ist schon eingerichtet ({path}); es wurde nichts verändert.")
        return 1
    sessions = machine_config.machine_session(settings)
    client = SyncClient(server, session=sessions() if sessions else None)
    try:
        registration = client.register(user, password, device_name(user))
    except SyncError as exc:
        out(f"Anmeldung am Server {server} fehlgeschlagen: {exc.message}")
        return 1
    finally:
        client.close()
    if not (
        isinstance(registration, dict)
        and registration.get("device_id")
        and registration.get("token")
    ):
        out(f"Anmeldung am Server {server} fehlgeschlagen: {Interrupted().message}")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(path, keyfile.create(user, password))
    try:
        credentials = CredentialStore(data_dir(), store=store)
        place = credentials.set(server, registration["device_id"], registration["token"])
        user = state.remember(store.engine, server, user, registration)
        connection = Connection(store, credentials.get, session_factory=sessions)
        try:
            report = connection.engine().sync_once()
        except SyncError as exc:
            out(
                f"Eingerichtet, aber die erste Synchronisation schlug fehl: {exc.message} "
                "(sie wird beim nächsten Start wiederholt)."
            )
            return 1
        out(
            f"Eingerichtet: {user} auf {server}, Gerät {registration['device_id']} "
            f"(Token: {'Schlüsselbund' if place == 'keyring' else 'verschlüsselter Speicher'}); "
            f"erste Synchronisation: {report.pulled} Datensätze, {store.client_count()} Akten."
        )
        return 0
    finally:
        store.close()


def main(args) -> int:
    password = sys.stdin.readline().rstrip("\n")
    return provision(args.server or "", args.user or "", password, args.store)
