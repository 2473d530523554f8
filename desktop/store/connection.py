"""Opening the local store: check the file, back it up, migrate it, or refuse it.

With a *key* (32 random bytes, unlocked by the user's password: :mod:`desktop.store.keys`) the
store is encrypted at rest with SQLCipher: every page is encrypted and authenticated, so plain
``sqlite3`` sees "file is not a database", and a wrong key or a tampered or foreign file is
refused (:class:`StoreLocked`) without a crash. The key is raw, not a passphrase, so opening a
connection costs no key derivation. A store written before encryption is encrypted in place on
its first keyed open (``sqlcipher_export``).

On every start the store file is checked (is it an SQLite database, is it intact, is its schema
a version this program knows). Before a migration the file is copied aside with SQLite's online
backup; if the migration fails, the copy is put back and :class:`MigrationFailed` names it. A file
that is corrupt or from a newer program version is never written to: the caller offers to start
a fresh store and the old file stays where it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import shutil
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """Base class of problems with the store file; ``path`` names the file."""

    def __init__(self, path: Path, detail: str = ""):
        super().__init__(f"{path}: {detail}" if detail else str(path))
        self.path = Path(path)
        self.detail = detail


class StoreCorrupt(StoreError):
    """The file is not an SQLite database or fails its integrity check."""


class StoreLocked(StoreError):
    """The file cannot be read with this key: a wrong password, or a foreign or tampered file."""


class StoreTooNew(StoreError):
    """The file was written by a newer version of MiA Desk."""


class MigrationFailed(StoreError):
    """The upgrade failed; the file was restored from ``backup``."""

    def __init__(self, path: Path, detail: str, backup: Path):
        super().__init__(path, detail)
        self.backup = backup


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # the migrations shipped with the app always have a head
        raise RuntimeError(f"no migration head in {MIGRATIONS}")
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _set_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute(
        "PRAGMA cache_size=-8000"
    )  # 8 MB per connection; several connections share the OS cache
    cur.close()


# Pages of 16 KiB: a quarter of the page writes, page MACs and system calls of SQLCipher's
# default 4 KiB (a first sync of 2 M records writes gigabytes). Stores encrypted before with
# 4 KiB pages are still opened as they are (see ``cipher_page_size``).
CIPHER_PAGE_SIZE = 16384
LEGACY_PAGE_SIZE = 4096


def _none(value: None) -> None:
    return value


@functools.cache
def _sqlcipher():
    """The SQLCipher module, with adapters for ``None`` and ``bool`` that bind what the driver
    binds without them (NULL, and 1 or 0) -- only sooner. For any value that is not exactly a
    str, int, float or bytearray, ``sqlcipher3`` looks for a way to adapt it: its adapter
    registry, then ``__adapt__`` and ``__conform__`` by name, each failing lookup raising and
    clearing an AttributeError -- 1.1 us per value, against 0.2 us through a registered adapter.
    A first sync binds five million of them (a consultation's ``mediator_used``, its empty
    ``revision_of`` and ``group_session_id``, every clock's empty ``clocks``): 6 s of the
    laptop's 43 (bench.sync, py-spy). tests/desktop/test_store_encryption.py checks the stored
    values."""
    import sqlcipher3

    sqlcipher3.register_adapter(type(None), _none)
    sqlcipher3.register_adapter(bool, int)
    return sqlcipher3


def cipher_connect(
    path: Path | str, key: bytes, *, read_only: bool = False, page_size: int | None = None
):
    """A SQLCipher connection to *path* unlocked with the raw *key*."""
    sqlcipher3 = _sqlcipher()

    if page_size is None:
        page_size = cipher_page_size(path, key)
    con = sqlcipher3.connect(
        f"file:{path}?mode=ro" if read_only else str(path), uri=read_only, check_same_thread=False
    )
    con.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to report
    con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    con.execute(f"PRAGMA cipher_page_size = {int(page_size)}")
    return con


def cipher_page_size(path: Path | str, key: bytes) -> int:
    """The page size of the encrypted store at *path*: SQLCipher cannot read it from the file
    (the header is encrypted too), so the current size is tried first, then the earlier one.
    A new or empty file gets the current size; so does a file neither opens (the caller's
    open then fails as for a wrong key)."""
    import sqlcipher3

    try:
        if Path(path).stat().st_size == 0:
            return CIPHER_PAGE_SIZE
    except FileNotFoundError:
        return CIPHER_PAGE_SIZE
    for size in (CIPHER_PAGE_SIZE, LEGACY_PAGE_SIZE):
        con = sqlcipher3.connect(str(path), check_same_thread=False)  # reads only
        try:
            con.execute("PRAGMA cipher_log_level = NONE")
            con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            con.execute(f"PRAGMA cipher_page_size = {size}")
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return size
        except sqlcipher3.DatabaseError:
            continue
        finally:
            con.close()
    return CIPHER_PAGE_SIZE


# The search's own connection keeps the pages it reads decrypted: the search index of 100,000
# clients is about 150 MB of pages (key table, client-id and birth-date indexes), and a query
# reads a few dozen of them, which the shared 8 MB caches of the pool would decrypt again.
SEARCH_CACHE_KB = 192_000


def make_engine(
    path: Path,
    key: bytes | None = None,
    page_size: int | None = None,
    *,
    pool_size: int = 4,
    max_overflow: int = 4,
    cache_kb: int = 8000,
) -> Engine:
    """An engine for the store file; connections are per thread (pool), WAL mode. An
    encrypted store's *page_size* is probed here unless the caller knows it. *cache_kb* is
    each connection's page cache (decrypted pages)."""
    if key is None:
        engine = create_engine(
            f"sqlite:///{path}",
            poolclass=QueuePool,
            pool_size=pool_size,
            max_overflow=max_overflow,
            connect_args={"check_same_thread": False},
        )
    else:
        page_size = page_size or cipher_page_size(path, key)  # once, not per connection
        engine = create_engine(
            "sqlite://",
            creator=lambda: cipher_connect(path, key, page_size=page_size),
            poolclass=QueuePool,
            pool_size=pool_size,
            max_overflow=max_overflow,
        )
    event.listen(engine, "connect", _set_pragmas)
    if cache_kb != 8000:
        event.listen(
            engine,
            "connect",
            lambda dbapi_conn, _r: dbapi_conn.execute(f"PRAGMA cache_size=-{int(cache_kb)}"),
        )
    return engine


def search_engine(path: Path | str, key: bytes | None = None) -> Engine:
    """One long-lived connection for the search, with a page cache that holds the search index
    (callers queue for it: a search takes milliseconds). Open the store first (open_store)."""
    return make_engine(Path(path), key, pool_size=1, max_overflow=0, cache_kb=SEARCH_CACHE_KB)


def is_encrypted(path: Path) -> bool:
    """Whether the (non-empty) file lacks SQLite's plain header: encrypted, or not a store."""
    with open(path, "rb") as fh:
        header = fh.read(16)
    return bool(header) and header != SQLITE_HEADER


def encrypt_in_place(path: Path, key: bytes) -> None:
    """Encrypt a plain store file with *key* (the plain copy is removed afterwards)."""
    import sqlcipher3

    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    con = sqlcipher3.connect(str(path))
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute(f"ATTACH DATABASE ? AS enc KEY \"x'{key.hex()}'\"", (str(target),))
        con.execute(f"PRAGMA enc.cipher_page_size = {CIPHER_PAGE_SIZE}")
        con.execute("SELECT sqlcipher_export('enc')")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        con.execute(f"PRAGMA enc.user_version = {int(version)}")
        con.execute("DETACH DATABASE enc")
    finally:
        con.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    target.replace(path)
    log.info("store %s encrypted", path)


def check_file(path: Path, key: bytes | None = None, page_size: int | None = None) -> str | None:
    """Return the file's schema revision (None for an empty store) or raise StoreError."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise StoreCorrupt(path, str(exc)) from exc
    if key is not None and header and header != SQLITE_HEADER:
        return _check_encrypted(path, key, page_size)
    if header and header != SQLITE_HEADER:
        raise StoreCorrupt(path, "not an SQLite database")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA quick_check").fetchone()
            if not result or result[0] != "ok":
                raise StoreCorrupt(path, f"integrity check: {result[0] if result else 'no answer'}")
            return _schema_revision(con, path)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreCorrupt(path, str(exc)) from exc


def _schema_revision(con, path: Path) -> str | None:
    """The Alembic revision of an open store connection (plain or SQLCipher); None if empty."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        if tables - {"sqlite_sequence"}:
            raise StoreCorrupt(path, "not a MiA Desk store (no schema version)")
        return None
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _check_encrypted(path: Path, key: bytes, page_size: int | None = None) -> str | None:
    import sqlcipher3

    try:
        con = cipher_connect(path, key, page_size=page_size)
        try:
            # No full check here: SQLCipher authenticates every page (HMAC) when it is read, so
            # a wrong key or a foreign file fails on the first page, and an altered page fails
            # when read. Checking all pages of a large store at each start costs seconds; the
            # app runs it in the background instead (Store.integrity_problems).
            return _schema_revision(con, path)
        finally:
            con.close()
    except sqlcipher3.DatabaseError as exc:
        raise StoreLocked(
            path, "cannot be read with this key (wrong password, or a foreign or altered file)"
        ) from exc


def backup_file(
    path: Path, label: str, key: bytes | None = None, page_size: int | None = None
) -> Path:
    """Copy the store aside with SQLite's online backup (consistent even in WAL mode)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}-{label}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.backup-{stamp}-{label}-{n}{path.suffix}")
    if key is not None:
        # Nothing else has the file open yet: fold the WAL in and copy the encrypted pages.
        con = cipher_connect(path, key, page_size=page_size)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        shutil.copyfile(path, target)
        return target
    src = sqlite3.connect(str(path))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def _restore(path: Path, backup: Path) -> None:
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            side.unlink()
    shutil.copyfile(backup, path)


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def open_store(path: Path | str, *, upgrade_to: str = "head", key: bytes | None = None) -> Engine:
    """Open (creating if needed) and migrate the store at *path*; return its engine. With
    *key* the store is encrypted (a plain one is encrypted first)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    exists = path.exists() and path.stat().st_size > 0
    if exists and key is not None and not is_encrypted(path):
        check_file(path)  # a plain store must be intact to be copied
        encrypt_in_place(path, key)
    # An encrypted store's page size: probed once for the check, the engine and a backup.
    page_size = cipher_page_size(path, key) if key is not None else None
    current = check_file(path, key, page_size) if exists else None
    if current is not None and current not in known_revisions():
        raise StoreTooNew(path, f"schema revision {current}")
    engine = make_engine(path, key, page_size)
    target = head_revision() if upgrade_to == "head" else upgrade_to
    if current == target:
        return engine
    backup = backup_file(path, f"rev{current}", key, page_size) if current is not None else None
    try:
        upgrade(engine, upgrade_to)
    except Exception as exc:  # any failure inside a migration must restore the file
        engine.dispose()
        log.exception("migration of %s failed", path)
        if backup is None:
            path.unlink(missing_ok=True)
            raise MigrationFailed(path, str(exc), path) from exc
        _restore(path, backup)
        raise MigrationFailed(path, str(exc), backup) from exc
    log.info("store %s migrated from %s to %s (backup %s)", path, current, target, backup)
    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def set_aside(path: Path) -> Path:
    """Rename an unusable store file so a fresh one can be created; the old file is kept."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.unusable-{stamp}{path.suffix}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            side.rename(Path(str(target) + suffix))
    return target
