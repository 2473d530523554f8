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

**Fallback (weaker, documented):** with no usable keyring, or on ``NoKeyringError`` /
``KeyringLocked`` (any ``KeyringError``), the token goes to ``credentials.json`` in the app's
data folder, readable only by the user (mode 0600 on Linux and macOS; on Windows the folder's
ACL of the user profile). Anyone who can read the user's files can read the token -- IT can
revoke the device on the server. Encrypted storage of this file follows with issue 5.
A token is only ever removed when the user registers the device again; changing credentials
never touches the local store or the outbox.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringError, PasswordDeleteError

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
    except KeyringError as exc:   # a broken keyring configuration
        log.warning("no keyring: %s", exc)
        return None
    if isinstance(backend, ChainerBackend):   # several installed: take the first trusted one
        usable = [b for b in backend.backends if trusted(b)]
        return usable[0] if usable else None
    return backend if trusted(backend) else None


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


class CredentialStore:
    """Device tokens: OS keyring first, the file fallback where there is none."""

    def __init__(self, data_dir: Path, backend: KeyringBackend | None = None):
        self.backend = choose_backend(backend)
        self.file = FileTokens(Path(data_dir) / FALLBACK_FILE)
        self.last_place = ""          # "keyring" or "file": where the last token was stored

    def get(self, server_url: str, device_id: str) -> str | None:
        name = account(server_url, device_id)
        if self.backend is not None:
            try:
                token = self.backend.get_password(SERVICE, name)
                if token:
                    return token
            except KeyringError as exc:
                log.warning("keyring read failed (%s); trying the credential file", exc)
        return self.file.get(name)

    def set(self, server_url: str, device_id: str, token: str) -> str:
        """Store *token*; returns where it went ("keyring" or "file")."""
        name = account(server_url, device_id)
        if self.backend is not None:
            try:
                self.backend.set_password(SERVICE, name, token)
                self.file.delete(name)     # no weaker copy left behind
                self.last_place = "keyring"
                return self.last_place
            except KeyringError as exc:
                log.warning("keyring unusable (%s): the token goes to %s", exc, self.file.path)
        self.file.set(name, token)
        self.last_place = "file"
        return self.last_place

    def delete(self, server_url: str, device_id: str) -> None:
        name = account(server_url, device_id)
        if self.backend is not None:
            try:
                self.backend.delete_password(SERVICE, name)
            except (PasswordDeleteError, KeyringError):
                pass   # not there, or no keyring: the file is checked next either way
        self.file.delete(name)
