"""The key of the encrypted local store, unlocked by the user's password *and* a secret of
this laptop -- offline too.

The store is encrypted with a random 256-bit *data key* (:mod:`desktop.store.connection`). The
data key is never written in plain text: the key file next to the store (``store.sqlite.key``)
holds it wrapped under a *key-encryption key* (KEK)::

    a   = Argon2id(password, salt)                         64 bytes, parameters in KDF
    KEK = HMAC-SHA512(device secret, "MiA Desk KEK v2" | a)

The *device secret* is 32 random bytes kept in the OS keyring (Windows Credential Manager /
DPAPI, macOS Keychain, Secret Service or KWallet; the backend is chosen as for the device token,
:func:`desktop.sync.credentials.choose_backend`), service ``"MiA Desk"``, account
``"store-key:<key id>"``. So the key file copied off a disk is not enough: without the secret
no password guess can be checked. Where no protected secret exists (headless Linux:
``NoKeyringError``; only a plain-file backend such as ``keyrings.alt``), the device secret is
empty and the password alone protects the key (``protection == "password"``); the self-test
says so, and so does docs/data-protection.md §5.

The wrapping is encrypt-then-MAC with HMAC-SHA256 from the standard library: the 32-byte key
is XORed with the PRF block HMAC(k_enc, nonce), and HMAC(k_mac, label | nonce | ciphertext)
authenticates it (k_enc and k_mac are the two halves of the 64-byte KEK). A wrong password (or
a wrong device secret) fails the MAC. (No AES library is loaded for one block: it would cost
the app 8 MB of memory.) The key file is made at the first login, which is online: the server
checks the password first. Whoever forgets the password, or loses the device secret (a wiped
keyring), cannot read the store -- by design; online, the laptop is registered again and
syncs a new store.

Argon2id cost: 128 MiB, 4 passes, 2 lanes (``KDF``), chosen for about 0.5 s per guess on a
laptop. Measured on this project's reference machine (2 cores AMD EPYC, Debian 12, argon2-cffi
25.1), with other jobs sharing the cores (load 6), by::

    .venv/bin/python -m desktop.store.keys --measure

    Argon2id 128 MiB, 4 passes, 2 lanes: wall median 0.984 s (min 0.587 s), CPU median 0.498 s

i.e. 0.48-0.52 s of CPU per guess over three runs (the wall time doubles while the cores are
shared). For comparison, on the same runs: 64 MiB / 3 passes (the earlier setting) 0.19 s CPU,
128 MiB / 5 passes 0.62 s, 256 MiB / 2 passes 0.63 s. An unlock costs one guess; a migration
or password change two. Files keep the parameters they were made with; a change here applies
at the next password change or migration.

Wrong passwords: after ``FREE_ATTEMPTS`` failures each further attempt waits twice as long as
the one before (30 s, 60 s, ... up to 15 min). The failure count and the time of the next
allowed attempt are kept in the key file, so they survive a restart, under an HMAC keyed with
the device secret: an edited or removed count counts as ``FREE_ATTEMPTS`` failures and a
wait. Limits, honestly: the delays bind only this app. Whoever copies the key file (or puts
back an older copy, or sets the clock forward) skips them; against that stand the device
secret and the Argon2id cost per guess. Without a device secret the HMAC key is derivable from
the file itself, so it catches only careless edits.

Files of format 1 (password only, from earlier versions) still open and are re-wrapped in
format 2 on the next successful unlock (the data key, and so the store, stay the same; the
new file replaces the old one atomically, and only after the device secret has been stored
and read back). :meth:`KeyFile.rewrap` changes the password the same way, without touching the
store or its outbox.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw

log = logging.getLogger(__name__)

VERSION = 2
LEGACY_VERSION = 1  # password only: opens, and is re-wrapped on unlock
KDF = {"time_cost": 4, "memory_cost": 128 * 1024, "parallelism": 2}  # Argon2id, KiB
FREE_ATTEMPTS = 5
FIRST_WAIT_S, MAX_WAIT_S = 30, 15 * 60
SERVICE = "MiA Desk"  # keyring service, as for the device token
ACCOUNT_PREFIX = "store-key:"
_AAD = {1: b"MiA Desk store key v1", 2: b"MiA Desk store key v2"}
_KEK_LABEL = b"MiA Desk KEK v2\x00"
_THROTTLE_LABEL = b"MiA Desk attempts v2\x00"


class _BadTag(Exception):
    pass


def _seal(kek: bytes, nonce: bytes, data_key: bytes, aad: bytes) -> bytes:
    k_enc, k_mac = kek[:32], kek[32:]
    stream = hmac.new(k_enc, nonce + b"\x01", hashlib.sha256).digest()
    ct = bytes(a ^ b for a, b in zip(data_key, stream, strict=True))
    return ct + hmac.new(k_mac, aad + nonce + ct, hashlib.sha256).digest()


def _open(kek: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    k_enc, k_mac = kek[:32], kek[32:]
    ct, tag = sealed[:32], sealed[32:]
    if len(ct) != 32 or not hmac.compare_digest(
        tag, hmac.new(k_mac, aad + nonce + ct, hashlib.sha256).digest()
    ):
        raise _BadTag
    stream = hmac.new(k_enc, nonce + b"\x01", hashlib.sha256).digest()
    return bytes(a ^ b for a, b in zip(ct, stream, strict=True))


class KeyFileError(Exception):
    """The key file is missing, unreadable or altered (``path`` names it)."""

    def __init__(self, path: Path, detail: str):
        super().__init__(f"{path}: {detail}")
        self.path = path


class DeviceSecretError(KeyFileError):
    """The key file needs this laptop's device secret and the keyring does not give it.

    ``missing``: the keyring answered and no longer holds it (wiped, another user profile) --
    the store cannot be opened any more, the laptop registers again online. Otherwise the
    keyring is not reachable or locked right now; a later attempt may work."""

    def __init__(self, path: Path, missing: bool, detail: str = ""):
        super().__init__(
            path,
            detail
            or ("device secret missing from the keyring" if missing else "keyring not reachable"),
        )
        self.missing = missing


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


def _argon2(password: str, salt: bytes, params: dict) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=params["time_cost"],
        memory_cost=params["memory_cost"],
        parallelism=params["parallelism"],
        hash_len=64,
        type=Type.ID,
    )


def _kek(password: str, salt: bytes, params: dict, device_secret: bytes) -> bytes:
    """Format 2: Argon2id of the password, keyed by the device secret (empty: none)."""
    return hmac.new(
        device_secret, _KEK_LABEL + _argon2(password, salt, params), hashlib.sha512
    ).digest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _wait_after(failures: int) -> int:
    over = failures - FREE_ATTEMPTS
    return 0 if over < 0 else min(MAX_WAIT_S, FIRST_WAIT_S * 2**over)


def _seconds_until(not_before: str | None) -> int:
    if not not_before:
        return 0
    try:
        left = (dt.datetime.fromisoformat(not_before) - _now()).total_seconds()
    except (TypeError, ValueError):
        return FIRST_WAIT_S
    return max(0, int(left + 0.999))


def _backend(candidate=None):
    """The trusted keyring backend for device secrets, or None (see desktop.sync.credentials)."""
    from desktop.sync.credentials import choose_backend

    return choose_backend(candidate)


@dataclass(frozen=True)
class StagedKeyFile:
    """A key file wrapped under a new password, computed but not yet written
    (:meth:`KeyFile.stage_rewrap`); *new_account*: a device secret made for it."""

    doc: dict = field(repr=False)
    new_account: str | None = None


@dataclass
class KeyFile:
    """The key file at *path*. ``use_keyring=False`` wraps new keys by the password alone (the
    demo, whose throwaway key must leave nothing in the OS keyring); *backend* fixes the
    keyring backend (default: :func:`desktop.sync.credentials.choose_backend`)."""

    path: Path
    use_keyring: bool = True
    backend: object = None
    _secrets: dict = field(default_factory=dict, repr=False)  # account -> secret, this session

    @classmethod
    def for_store(cls, store_path: Path | str, **kw) -> KeyFile:
        return cls(key_path(store_path), **kw)

    def exists(self) -> bool:
        return self.path.exists()

    def _keyring(self):
        return _backend(self.backend)

    # --- create and change ---------------------------------------------------------------

    def create(self, user: str, password: str, data_key: bytes | None = None) -> bytes:
        """Write a key file for *user*, wrapping *data_key* (a new random one by default)
        under *password* and, where the OS keyring offers one, a new device secret; returns
        the data key."""
        if not password:
            raise ValueError("password must not be empty")
        data_key = data_key or secrets.token_bytes(32)
        if len(data_key) != 32:
            raise ValueError("the data key has 32 bytes")
        account, secret = self._new_secret() if self.use_keyring else (None, b"")
        self._write(
            {"version": VERSION, "user": user, **self._wrap(password, data_key, account, secret)}
        )
        return data_key

    def rewrap(self, old_password: str, new_password: str) -> None:
        """Wrap the same data key under *new_password* (a password change, offline or after
        the online one). The store and its outbox are not touched: the data key stays the
        same, and so does the device secret. Raises like :meth:`unlock` when *old_password*
        is wrong."""
        self.commit(self.stage_rewrap(old_password, new_password))

    def stage_rewrap(
        self, old_password: str, new_password: str, *, data_key: bytes | None = None
    ) -> StagedKeyFile:
        """:meth:`rewrap` in two steps, for the online password change: the new file is
        computed here (the old password checked, Argon2 run) but not written; :meth:`commit`
        writes it (one atomic rename), :meth:`discard` drops it. So the server can be asked in
        between, and a refusal leaves the old file exactly as it was.

        *data_key*: the key of the store this session unlocked, instead of *old_password*
        (after an administrator's reset the laptop's own password is not the one the server
        checked; the caller proves the user by the server's answer)."""
        if not new_password:
            raise ValueError("password must not be empty")
        if data_key is None:
            data_key = self.unlock(old_password)
        elif len(data_key) != 32:
            raise ValueError("the data key has 32 bytes")
        doc = self._read()
        account = doc.get("device") if doc.get("version") == VERSION else None
        made = None
        if account:
            secret = self._secret(account)
        else:
            account, secret = self._new_secret() if self.use_keyring else (None, b"")
            made = account
        return StagedKeyFile(
            {
                "version": VERSION,
                "user": doc.get("user", ""),
                **self._wrap(new_password, data_key, account, secret),
            },
            made,
        )

    def commit(self, staged: StagedKeyFile) -> None:
        """Write a staged key file in place of the current one (atomically)."""
        self._write(staged.doc)

    def discard(self, staged: StagedKeyFile) -> None:
        """Drop a staged key file: a device secret made for it leaves the keyring again."""
        if staged.new_account:
            self._secrets.pop(staged.new_account, None)
            backend = self._keyring()
            try:
                if backend is not None:
                    backend.delete_password(SERVICE, staged.new_account)
            except Exception as exc:  # not there, or no keyring: nothing left behind
                log.info("device secret %s not removed: %s", staged.new_account, exc)

    change_password = rewrap

    @property
    def protection(self) -> str:
        """``"password+device"`` or ``"password"`` (no device secret: see the docstring)."""
        return "password+device" if self._read().get("device") else "password"

    def _wrap(self, password: str, data_key: bytes, account: str | None, secret: bytes) -> dict:
        """The format-2 fields of *data_key* under *password* and *secret* (of *account*)."""
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(16)
        wrapped = _seal(_kek(password, salt, KDF, secret), nonce, data_key, _AAD[2])
        doc = {
            "kdf": "argon2id",
            "params": dict(KDF),
            "salt": _b64(salt),
            "nonce": _b64(nonce),
            "wrapped": _b64(wrapped),
            "device": account,
        }
        doc["throttle"] = self._signed_throttle(doc, secret, 0, None)
        return doc

    # --- the device secret ---------------------------------------------------------------

    def _new_secret(self) -> tuple[str | None, bytes]:
        """A new device secret in the keyring, read back before it is relied upon; (None, b"")
        where there is no trusted keyring or it refuses."""
        from keyring.errors import KeyringError

        backend = self._keyring()
        if backend is None:
            log.info("no protected keyring: the store key is protected by the password alone")
            return None, b""
        account = ACCOUNT_PREFIX + secrets.token_hex(16)
        secret = secrets.token_bytes(32)
        try:
            backend.set_password(SERVICE, account, _b64(secret))
            if backend.get_password(SERVICE, account) != _b64(secret):
                raise KeyringError("the keyring did not keep the secret")
        except Exception as exc:  # any backend failure: password only, never a lost store
            log.warning("keyring refused the device secret (%s): password only", exc)
            try:
                backend.delete_password(SERVICE, account)
            except Exception:
                pass
            return None, b""
        self._secrets[account] = secret
        return account, secret

    def _secret(self, account: str) -> bytes:
        """The device secret of *account*; raises DeviceSecretError."""
        if account in self._secrets:
            return self._secrets[account]
        from keyring.errors import KeyringError

        backend = self._keyring()
        if backend is None:
            raise DeviceSecretError(self.path, missing=False, detail="no usable keyring")
        try:
            value = backend.get_password(SERVICE, account)
        except KeyringError as exc:  # locked, D-Bus gone, ...
            raise DeviceSecretError(self.path, missing=False, detail=str(exc)) from exc
        if not value:
            raise DeviceSecretError(self.path, missing=True)
        try:
            secret = _unb64(value)
        except ValueError as exc:
            raise DeviceSecretError(
                self.path, missing=True, detail="device secret altered"
            ) from exc
        self._secrets[account] = secret
        return secret

    def forget_secret(self) -> None:
        """Remove this key file's device secret from the keyring (with the file, at a wipe)."""
        try:
            account = self._read().get("device")
        except KeyFileError:
            return
        self._secrets.pop(account, None)
        backend = self._keyring() if account else None
        if backend is None:
            return
        try:
            backend.delete_password(SERVICE, account)
        except Exception as exc:  # not there, or no keyring: nothing left to remove
            log.info("device secret %s not removed: %s", account, exc)

    # --- attempts ------------------------------------------------------------------------

    @staticmethod
    def _throttle_key(doc: dict, secret: bytes) -> bytes:
        return hmac.new(
            secret or _unb64(doc["salt"]), _THROTTLE_LABEL + _unb64(doc["nonce"]), hashlib.sha256
        ).digest()

    def _signed_throttle(
        self, doc: dict, secret: bytes, failures: int, not_before: str | None
    ) -> dict:
        body = json.dumps([failures, not_before]).encode()
        mac = hmac.new(self._throttle_key(doc, secret), body, hashlib.sha256).digest()
        return {"failures": failures, "not_before": not_before, "mac": _b64(mac)}

    def _attempts(self, doc: dict, secret: bytes | None) -> tuple[int, str | None]:
        """(failures, not_before) as recorded. An altered or missing record counts as
        FREE_ATTEMPTS failures and a first wait, and is written back signed (when *secret* is
        known; None: the keyring is unreachable, the record is taken as it is)."""
        if doc.get("version") == LEGACY_VERSION:
            return int(doc.get("failures") or 0), doc.get("not_before")
        t: Any = doc.get("throttle")  # as read: a wrong shape (or none) raises below
        try:
            failures, not_before = int(t["failures"]), t["not_before"]
            body = json.dumps([failures, not_before]).encode()
            if secret is None or hmac.compare_digest(
                _unb64(t["mac"]),
                hmac.new(self._throttle_key(doc, secret), body, hashlib.sha256).digest(),
            ):
                return failures, not_before
        except (KeyError, TypeError, ValueError):
            failures = 0
            if secret is None:
                return FREE_ATTEMPTS, None
        log.warning(
            "the attempt count in %s was altered: counted as %d failures", self.path, FREE_ATTEMPTS
        )
        failures = max(failures, FREE_ATTEMPTS)
        not_before = (_now() + dt.timedelta(seconds=FIRST_WAIT_S)).isoformat()
        if secret is not None:
            self._record(doc, secret, failures, not_before)
        return failures, not_before

    def _record(
        self, doc: dict, secret: bytes | None, failures: int, not_before: str | None
    ) -> None:
        if doc.get("version") == LEGACY_VERSION:
            doc.update(failures=failures, not_before=not_before)
        else:
            doc["throttle"] = self._signed_throttle(doc, secret or b"", failures, not_before)
        self._write(doc)

    # --- unlock --------------------------------------------------------------------------

    @property
    def user(self) -> str:
        return str(self._read().get("user") or "")

    def _device(self, doc: dict) -> bytes:
        """The device secret *doc* needs (b"": none); raises DeviceSecretError."""
        account = doc.get("device") if doc.get("version") == VERSION else None
        return self._secret(account) if account else b""

    def wait_s(self) -> int:
        """Seconds until the next attempt is allowed (0: now)."""
        doc = self._read()
        try:
            secret = self._device(doc)
        except DeviceSecretError:
            secret = None  # unlock() names it; the count stays as recorded
        return _seconds_until(self._attempts(doc, secret)[1])

    def unlock(self, password: str) -> bytes:
        """The data key; raises WrongPassword, TooManyAttempts, DeviceSecretError or
        KeyFileError. A format-1 file (or one without device secret, where the keyring now
        offers one) is re-wrapped in the current format on success."""
        doc = self._read()
        legacy = doc.get("version") == LEGACY_VERSION
        secret = self._device(doc)
        failures, not_before = self._attempts(doc, secret)
        wait = _seconds_until(not_before)
        if wait:
            raise TooManyAttempts(wait)
        try:
            salt, nonce, wrapped = (_unb64(doc[k]) for k in ("salt", "nonce", "wrapped"))
            params = {k: int(doc["params"][k]) for k in KDF}
        except (KeyError, TypeError, ValueError) as exc:
            raise KeyFileError(self.path, "damaged key file") from exc
        kek = _argon2(password, salt, params) if legacy else _kek(password, salt, params, secret)
        try:
            data_key = _open(kek, nonce, wrapped, _AAD[1 if legacy else 2])
        except _BadTag:
            failures += 1
            wait_s = _wait_after(failures)
            not_before = (_now() + dt.timedelta(seconds=wait_s)).isoformat() if wait_s else None
            self._record(doc, secret, failures, not_before)
            raise WrongPassword(failures, wait_s) from None
        try:
            if not self._rewrap_better(doc, password, data_key) and failures:
                self._record(doc, secret, 0, None)
        except Exception as exc:  # the old file stays as it was and still opens
            log.warning("key file %s not updated after unlock: %s", self.path, exc)
        return data_key

    def _rewrap_better(self, doc: dict, password: str, data_key: bytes) -> bool:
        """After an unlock: a format-1 file is re-wrapped in format 2 (migration), a file
        without device secret gets one where the keyring now offers it. True if rewritten."""
        legacy = doc.get("version") == LEGACY_VERSION
        if not legacy and (doc.get("device") or not self.use_keyring or self._keyring() is None):
            return False
        account, secret = self._new_secret() if self.use_keyring else (None, b"")
        if not legacy and account is None:
            return False  # the keyring refused: stays as it is
        self._write(
            {
                "version": VERSION,
                "user": doc.get("user", ""),
                **self._wrap(password, data_key, account, secret),
            }
        )
        log.info(
            "key file %s re-wrapped (%s)", self.path, "password+device" if account else "password"
        )
        return True

    # --- file ----------------------------------------------------------------------------

    def _read(self) -> dict:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise KeyFileError(self.path, "no key file") from exc
        except (OSError, ValueError) as exc:
            raise KeyFileError(self.path, "unreadable key file") from exc
        if not isinstance(doc, dict) or doc.get("version") not in (LEGACY_VERSION, VERSION):
            raise KeyFileError(self.path, "unknown key file version")
        return doc

    def _write(self, doc: dict) -> None:
        """Atomically, and never readable by others, not even for a moment."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent
        )  # 0600 from the start
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(doc, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        try:
            os.chmod(self.path, 0o600)
        except OSError:
            pass


def wipe(store_path: Path | str) -> list[Path]:
    """Delete the store, its WAL, backups and key file, and the key's device secret in the
    keyring (a revoked device); returns the files removed. Without the key file nothing left
    behind can be decrypted."""
    store_path = Path(store_path)
    removed = []
    candidates = [
        key_path(store_path),
        store_path,
        Path(str(store_path) + "-wal"),
        Path(str(store_path) + "-shm"),
    ]
    candidates += sorted(store_path.parent.glob(f"{store_path.stem}.backup-*"))
    candidates += sorted(store_path.parent.glob(f"{store_path.stem}.unusable-*"))
    candidates += sorted(store_path.parent.glob(f"{store_path.name}.key.*.tmp"))  # a crash
    for p in candidates:
        if p.name.endswith(".key"):
            KeyFile(p).forget_secret()
        try:
            p.unlink()
            removed.append(p)
        except FileNotFoundError:
            pass
    return removed


def set_aside(store_path: Path | str) -> list[Path]:
    """Rename the store and its key file out of the way (``<stem>.unusable-<time>...``) so the
    laptop can be set up again -- the device secret is gone, nothing is deleted; returns the
    new names. A later wipe (revoked device) removes them."""
    store_path = Path(store_path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = store_path.with_name(f"{store_path.stem}.unusable-{stamp}{store_path.suffix}")
    moved = []
    for suffix in ("", "-wal", "-shm", ".key"):
        source = Path(str(store_path) + suffix)
        if source.exists():
            dest = Path(str(target) + suffix)
            source.rename(dest)
            moved.append(dest)
    return moved


def measure(rounds: int = 7) -> str:
    """Seconds per unlock guess with ``KDF`` (``python -m desktop.store.keys --measure``):
    wall clock, and CPU time of this process (steadier while other jobs share the cores)."""
    import statistics
    import time

    wall, cpu = [], []
    for _ in range(rounds):
        started, used = time.perf_counter(), time.process_time()
        _argon2("measure", b"0123456789abcdef", KDF)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    load = f", load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return (
        f"Argon2id {KDF['memory_cost'] // 1024} MiB, {KDF['time_cost']} passes, "
        f"{KDF['parallelism']} lanes: wall median {statistics.median(wall):.3f} s "
        f"(min {min(wall):.3f} s), CPU median {statistics.median(cpu):.3f} s, "
        f"{rounds} rounds, {os.cpu_count()} CPUs{load}"
    )


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--measure"]:
        print(measure())
