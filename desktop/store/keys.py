"""The key of the encrypted local store, unlocked by the user's password -- offline too.

The store is encrypted with a random 256-bit *data key* (:mod:`desktop.store.connection`). The
data key is never written in plain text: the key file next to the store holds it wrapped under
a *key-encryption key* derived from the user's password with Argon2id (64 MiB, 3 passes: each
guess costs a fraction of a second and 64 MiB of memory). The wrapping is encrypt-then-MAC
with HMAC-SHA256 from the standard library: the 32-byte key is XORed with the PRF block
HMAC(k_enc, nonce), and HMAC(k_mac, header | nonce | ciphertext) authenticates it (k_enc and
k_mac are the two halves of Argon2id's 64-byte output). A wrong password fails the MAC. (No
AES library is loaded for one block: it would cost the app 8 MB of memory.) The key
file is made at the first login, which is online: the server checks the password first. Later
logins unlock it offline. Whoever forgets the password while offline cannot read the store --
by design; online, the laptop is registered again and syncs a new store.

Wrong passwords: after ``FREE_ATTEMPTS`` failures each further attempt waits twice as long
as the one before (30 s, 60 s, ... up to 15 min). The counter lives in the key file; someone who
copies the file can skip the wait, but not the cost of Argon2id per guess.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import hashlib
import hmac

from argon2.low_level import Type, hash_secret_raw

VERSION = 1
KDF = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 2}   # Argon2id, KiB
FREE_ATTEMPTS = 5
FIRST_WAIT_S, MAX_WAIT_S = 30, 15 * 60
_AAD = b"MiA Desk store key v1"


class _BadTag(Exception):
    pass


def _seal(kek: bytes, nonce: bytes, data_key: bytes) -> bytes:
    k_enc, k_mac = kek[:32], kek[32:]
    stream = hmac.new(k_enc, nonce + b"\x01", hashlib.sha256).digest()
    ct = bytes(a ^ b for a, b in zip(data_key, stream, strict=True))
    return ct + hmac.new(k_mac, _AAD + nonce + ct, hashlib.sha256).digest()


def _open(kek: bytes, nonce: bytes, sealed: bytes) -> bytes:
    k_enc, k_mac = kek[:32], kek[32:]
    ct, tag = sealed[:32], sealed[32:]
    if len(ct) != 32 or not hmac.compare_digest(
            tag, hmac.new(k_mac, _AAD + nonce + ct, hashlib.sha256).digest()):
        raise _BadTag
    stream = hmac.new(k_enc, nonce + b"\x01", hashlib.sha256).digest()
    return bytes(a ^ b for a, b in zip(ct, stream, strict=True))


class KeyFileError(Exception):
    """The key file is missing, unreadable or altered (``path`` names it)."""

    def __init__(self, path: Path, detail: str):
        super().__init__(f"{path}: {detail}")
        self.path = path


class WrongPassword(Exception):
    """The password does not unlock the key; ``wait_s`` until the next attempt is allowed."""

    def __init__(self, failures: int, wait_s: int):
        super().__init__(f"wrong password ({failures} failures)")
        self.failures = failures
        self.wait_s = wait_s


class TooManyAttempts(Exception):
    """Attempts are paused; ``wait_s`` seconds remain."""

    def __init__(self, wait_s: int):
        super().__init__(f"wait {wait_s} s")
        self.wait_s = wait_s


def key_path(store_path: Path | str) -> Path:
    p = Path(store_path)
    return p.with_name(p.name + ".key")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode(), validate=True)


def _kek(password: str, salt: bytes, params: dict) -> bytes:
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=params["time_cost"],
                           memory_cost=params["memory_cost"], parallelism=params["parallelism"],
                           hash_len=64, type=Type.ID)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class KeyFile:
    path: Path

    @classmethod
    def for_store(cls, store_path: Path | str) -> "KeyFile":
        return cls(key_path(store_path))

    def exists(self) -> bool:
        return self.path.exists()

    # --- create and change ---------------------------------------------------------------

    def create(self, user: str, password: str, data_key: bytes | None = None) -> bytes:
        """Write a key file for *user*, wrapping *data_key* (a new random one by default)
        under *password*; returns the data key."""
        if not password:
            raise ValueError("password must not be empty")
        data_key = data_key or secrets.token_bytes(32)
        if len(data_key) != 32:
            raise ValueError("the data key has 32 bytes")
        self._write({"version": VERSION, "user": user, "kdf": "argon2id", "params": KDF,
                     **self._wrap(password, data_key), "failures": 0, "not_before": None})
        return data_key

    def change_password(self, old: str, new: str) -> None:
        data_key = self.unlock(old)
        doc = self._read()
        doc.update(self._wrap(new, data_key), failures=0, not_before=None)
        self._write(doc)

    def _wrap(self, password: str, data_key: bytes) -> dict:
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(16)
        wrapped = _seal(_kek(password, salt, KDF), nonce, data_key)
        return {"salt": _b64(salt), "nonce": _b64(nonce), "wrapped": _b64(wrapped)}

    # --- unlock --------------------------------------------------------------------------

    @property
    def user(self) -> str:
        return str(self._read().get("user") or "")

    def wait_s(self) -> int:
        """Seconds until the next attempt is allowed (0: now)."""
        not_before = self._read().get("not_before")
        if not not_before:
            return 0
        left = (dt.datetime.fromisoformat(not_before) - _now()).total_seconds()
        return max(0, int(left + 0.999))

    def unlock(self, password: str) -> bytes:
        """The data key; raises WrongPassword, TooManyAttempts or KeyFileError."""
        doc = self._read()
        wait = self.wait_s()
        if wait:
            raise TooManyAttempts(wait)
        try:
            salt, nonce, wrapped = (_unb64(doc[k]) for k in ("salt", "nonce", "wrapped"))
            params = {k: int(doc["params"][k]) for k in KDF}
        except (KeyError, TypeError, ValueError) as exc:
            raise KeyFileError(self.path, "damaged key file") from exc
        try:
            data_key = _open(_kek(password, salt, params), nonce, wrapped)
        except _BadTag:
            failures = int(doc.get("failures") or 0) + 1
            over = failures - FREE_ATTEMPTS
            wait_s = 0 if over < 0 else min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** over)
            doc["failures"] = failures
            doc["not_before"] = (_now() + dt.timedelta(seconds=wait_s)).isoformat() if wait_s else None
            self._write(doc)
            raise WrongPassword(failures, wait_s) from None
        if doc.get("failures"):
            doc.update(failures=0, not_before=None)
            self._write(doc)
        return data_key

    # --- file ----------------------------------------------------------------------------

    def _read(self) -> dict:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise KeyFileError(self.path, "no key file") from exc
        except (OSError, ValueError) as exc:
            raise KeyFileError(self.path, "unreadable key file") from exc
        if not isinstance(doc, dict) or doc.get("version") != VERSION:
            raise KeyFileError(self.path, "unknown key file version")
        return doc

    def _write(self, doc: dict) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(doc, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        try:
            os.chmod(self.path, 0o600)
        except OSError:
            pass


def wipe(store_path: Path | str) -> list[Path]:
    """Delete the store, its WAL, backups and key file (a revoked device); returns what was
    removed. Without the key file nothing left behind can be decrypted."""
    store_path = Path(store_path)
    removed = []
    candidates = [key_path(store_path), store_path,
                  Path(str(store_path) + "-wal"), Path(str(store_path) + "-shm")]
    candidates += sorted(store_path.parent.glob(f"{store_path.stem}.backup-*"))
    candidates += sorted(store_path.parent.glob(f"{store_path.stem}.unusable-*"))
    for p in candidates:
        try:
            p.unlink()
            removed.append(p)
        except FileNotFoundError:
            pass
    return removed
