"""Where the device token lives: the OS keyring, or -- where there is none -- a file.

The token is stored under service ``"MiA Desk"`` with the user name ``"<server URL>#<device id>"``,
so one laptop can hold tokens of several servers (pilot and production) apart.

Backend choice is explicit. ``keyring`` picks the backend with the highest priority among
those *installed*, and merely installing ``keyrings.alt`` or ``keyrings.cryptfile`` moves
secrets into plaintext files or makes ``set_password`` wait for a console prompt (an
``EOFError`` in a GUI app). So the backends of those packages, and keyring's "fail" and
"null" placeholders, are never used; the OS keyrings (Windows Credential Manager, macOS
Keychain, Secret Service / KWallet) and a backend set in code (``keyring.set_keyring``, as the
tests do) are.

**Fallback, where there is no usable keyring** (``NoKeyringError``, ``KeyringLocked``, any
``KeyringError``, or only untrusted backends): the token goes into the **encrypted local store**
(its ``meta`` table, SQLCipher, unlocked by the user's password), never into a plain file. It is
then as safe as the client data next to it, and wiping the store (a revoked device) removes it.
Only without a store (a plain test setup) does ``credentials.json`` in the app's data folder
take it, readable by the user alone (mode 0600). A token found in such a file from an earlier
version moves into the store (or the keyring) when it is read, and the file copy is removed.
A token is only ever removed when the user registers the device again; changing credentials
never touches the local store or the outbox.

The same choice decides where the *device secret* of the store key lives
(:mod:`desktop.store.keys`); without a trusted backend the store key is protected by the
password alone, and ``mia-desk --self-test`` says so (:func:`describe`).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, cast

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringError, PasswordDeleteError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop.store.repo import Store

log = logging.getLogger(__name__)

SERVICE = "MiA Desk"
FALLBACK_FILE = "credentials.json"
# Backends never used, by module prefix (see the module docstring for why).
UNTRUSTED = ("keyring.backends.fail", "keyring.backends.null", "keyrings.")


def account(server_url: str, device_id: str) -> str:
    return f"{server_url.rstrip('/')}#{device_id}"


def trusted(backend: KeyringBackend | None) -> bool:
    return backend is not None and not type(backend).__module__.startswith(UNTRUSTED)


def choose_backend(candidate: KeyringBackend | None = None) -> KeyringBackend | None:
    """The keyring backend to use, or None for the file fallback."""
    try:
        backend = candidate or keyring.get_keyring()
    except KeyringError as exc:  # a broken keyring configuration
        log.warning("no keyring: %s", exc)
        return None
    if isinstance(backend, ChainerBackend):  # several installed: take the first trusted one
        usable = [b for b in backend.backends if trusted(b)]
        return usable[0] if usable else None
    return backend if trusted(backend) else None


_NAMES = {  # module of a keyring backend -> what the self-test calls it
    "keyring.backends.Windows": "Windows-Anmeldeinformationsverwaltung",
    "keyring.backends.macOS": "macOS-Schlüsselbund",
    "keyring.backends.SecretService": "Secret Service (GNOME-Schlüsselbund)",
    "keyring.backends.kwallet": "KWallet",
}


def describe(backend: KeyringBackend | None) -> str:
    """A German name of *backend* for messages (the self-test)."""
    if backend is None:
        return "kein geschützter Schlüsselbund"
    module = type(backend).__module__
    return _NAMES.get(module, f"{module}.{type(backend).__name__}")


class FileTokens:
    """The fallback: ``{account: token}`` in a JSON file only the user may read."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("credential file %s unreadable: %s", self.path, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Written to a private temporary file and renamed: never a moment with wider rights
        # or half a file.
        fd, tmp = tempfile.mkstemp(prefix=".credentials-", dir=self.path.parent)
        try:
            os.chmod(tmp, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        os.chmod(self.path, 0o600)

    def get(self, name: str) -> str | None:
        return self._read().get(name)

    def set(self, name: str, token: str) -> None:
        data = self._read()
        data[name] = token
        self._write(data)

    def delete(self, name: str) -> None:
        data = self._read()
        if data.pop(name, None) is not None:
            self._write(data)


class StoreTokens:
    """Tokens in the encrypted local store (``meta`` rows ``device_token:<account>``)."""

    PREFIX = "device_token:"

    def __init__(self, engine: Engine):
        self.engine = engine

    def get(self, name: str) -> str | None:
        with self.engine.connect() as conn:
            return cast(
                str | None,
                conn.exec_driver_sql(
                    "SELECT value FROM meta WHERE key = ?", (self.PREFIX + name,)
                ).scalar(),
            )

    def set(self, name: str, token: str) -> None:
        with self.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (self.PREFIX + name, token),
            )

    def delete(self, name: str) -> None:
        with self.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM meta WHERE key = ?", (self.PREFIX + name,))


class CredentialStore:
    """Device tokens: OS keyring first; where there is none, the encrypted store (*store*,
    a :class:`desktop.store.repo.Store`), and only without a store the private file."""

    def __init__(
        self, data_dir: Path, backend: KeyringBackend | None = None, store: Store | None = None
    ):
        self.backend = choose_backend(backend)
        self.file = FileTokens(Path(data_dir) / FALLBACK_FILE)
        self.vault = StoreTokens(store.engine) if store is not None else None
        self.last_place = ""  # "keyring", "store" or "file": where the last token went

    def get(self, server_url: str, device_id: str) -> str | None:
        name = account(server_url, device_id)
        if self.backend is not None:
            try:
                token = self.backend.get_password(SERVICE, name)
                if token:
                    return token
            except KeyringError as exc:
                log.warning("keyring read failed (%s); trying the fallback", exc)
        if self.vault is not None:
            token = self.vault.get(name)
            if token:
                return token
        token = self.file.get(name)
        if token and self.vault is not None:
            # A plain copy from an earlier version: into the keyring or the store, then gone.
            self.set(server_url, device_id, token)
        return token

    def set(self, server_url: str, device_id: str, token: str) -> str:
        """Store *token*; returns where it went ("keyring", "store" or "file")."""
        name = account(server_url, device_id)
        if self.backend is not None:
            try:
                self.backend.set_password(SERVICE, name, token)
                self._forget_fallbacks(name)  # no weaker copy left behind
                self.last_place = "keyring"
                return self.last_place
            except KeyringError as exc:
                log.warning(
                    "keyring unusable (%s): the token goes to the %s",
                    exc,
                    "encrypted store" if self.vault is not None else self.file.path,
                )
        if self.vault is not None:
            self.vault.set(name, token)
            self.file.delete(name)
            self.last_place = "store"
        else:
            self.file.set(name, token)
            self.last_place = "file"
        return self.last_place

    def delete(self, server_url: str, device_id: str) -> None:
        name = account(server_url, device_id)
        if self.backend is not None:
            try:
                self.backend.delete_password(SERVICE, name)
            except (PasswordDeleteError, KeyringError):
                pass  # not there, or no keyring: the fallbacks are cleared either way
        self._forget_fallbacks(name)

    def _forget_fallbacks(self, name: str) -> None:
        if self.vault is not None:
            self.vault.delete(name)
        self.file.delete(name)
