"""Backups of the central database, and their restore -- checked before anything is overwritten.

``mia-sync-server backup --out DIR`` writes one file ``mia-sync-<UTC stamp>.tar``:

* ``manifest.json`` -- format, backend, schema revision, epoch, last sequence number, record and
  client counts, the SHA-256 and size of the database part, when and by which version;
* ``database.sqlite`` (SQLite, through SQLite's online backup: consistent while the server runs)
  or ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``: one consistent snapshot).

``mia-sync-server restore FILE`` first checks the whole file: that it is a backup of this
format and backend, that the database part has its recorded checksum, and that it is readable
(SQLite: ``PRAGMA integrity_check``; PostgreSQL: ``pg_restore --list``), and that its schema is
not newer than this server. Only then is anything replaced: SQLite by renaming the checked copy
over the file (the old file is kept next to it as ``*.before-restore-<stamp>``), PostgreSQL by
dropping the schema and loading the dump in one ``psql --single-transaction`` (all or nothing;
an older backup leaves nothing of later migrations behind). Afterwards the schema is migrated
to this server's head and the data get a **new epoch**: every laptop then pulls anew and sends
again what it had synced after the backup was taken (nothing a laptop held is lost).

Stop the service before a restore (``systemctl stop mia-sync-server``): a running server would
keep writing to the old database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from sync_server.admin import new_epoch
from sync_server.db import (
    Database,
    _sqlite_file,
    alembic_config,
    analyze,
    copy_sqlite,
    current_revision,
    get_meta,
    last_seq,
    migrate,
)

log = logging.getLogger(__name__)

FORMAT = "mia-sync-backup/1"
PARTS = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup cannot be made or used; the message says why (German, for county IT)."""


def _backend(db: Database) -> str:
    return "sqlite" if db.is_sqlite else "postgresql"


def _sqlite_path(db: Database) -> Path:
    path = _sqlite_file(db.url)
    if path is None:  # in memory: there is no file to copy or to replace
        raise BackupError(f"Die SQLite-Datenbank {db.url} ist keine Datei.")
    return path


def _libpq(db: Database) -> tuple[str, list[str]]:
    """(connection URI for pg_dump/pg_restore, schema options) of a PostgreSQL database."""
    url = make_url(db.url)
    options = url.query.get("options", "")
    schema = ""
    for part in (options if isinstance(options, str) else " ".join(options)).split():
        if part.startswith("-csearch_path="):
            schema = part.split("=", 1)[1].split(",")[0]
    url = url.set(drivername="postgresql", query={})
    return url.render_as_string(hide_password=False), (["--schema", schema] if schema else [])


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} wurde nicht gefunden: bitte die PostgreSQL-Client-Programme "
            f"installieren (Debian: postgresql-client)."
        )
    return path


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mia-desk")
    except PackageNotFoundError:
        return "unknown"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _facts(db: Database) -> dict:
    with db.reader.connect() as conn:
        return {
            "schema": current_revision(db),
            "epoch": get_meta(conn, "epoch") or "",
            "last_seq": last_seq(conn),
            "records": conn.exec_driver_sql("SELECT count(*) FROM records").scalar(),
            "clients": conn.exec_driver_sql(
                "SELECT count(*) FROM records WHERE kind = 'client' AND NOT deleted"
            ).scalar(),
        }


def backup(db: Database, out_dir: Path | str) -> Path:
    """Write a backup file into *out_dir*; returns its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    backend = _backend(db)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = out_dir / f"mia-sync-{stamp}.tar"
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".backup-") as tmp:
        part = Path(tmp) / PARTS[backend]
        facts = _facts(db)
        if backend == "sqlite":
            copy_sqlite(_sqlite_path(db), part)
        else:
            uri, schema = _libpq(db)
            done = subprocess.run(
                [
                    _pg_tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    *schema,
                    "--file",
                    str(part),
                    uri,
                ],
                capture_output=True,
                text=True,
            )
            if done.returncode:
                raise BackupError(f"pg_dump ist fehlgeschlagen: {done.stderr.strip()}")
        manifest = {
            "format": FORMAT,
            "backend": backend,
            "created_at": stamp,
            "server_version": _version(),
            **facts,
            "part": part.name,
            "size": part.stat().st_size,
            "sha256": _sha256(part),
        }
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(dt.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(part, arcname=part.name)
        os.replace(partial, target)  # a backup file exists only whole
    log.info("backup %s: %s", target, manifest)
    return target


def backup_to(out_dir: Path | str | None) -> Callable[[Database], Path] | None:
    """What ``db.migrate`` runs before it changes a PostgreSQL schema: a backup into *out_dir*
    (``MIA_BACKUP_DIR``); None when no directory is set."""
    return (lambda db: backup(db, out_dir)) if out_dir else None


def _unpack(archive: Path, into: Path) -> tuple[dict, Path]:
    """The manifest and the extracted database part of *archive*, both checked."""
    try:
        with tarfile.open(archive, "r") as tar:
            try:
                src = tar.extractfile("manifest.json")
                if src is None:  # not a regular file
                    raise ValueError("manifest.json is not a file")
                manifest = json.loads(src.read())
            except (KeyError, AttributeError, ValueError) as exc:
                raise BackupError(f"{archive} enthält keine lesbare manifest.json.") from exc
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(f"{archive} ist keine Sicherung von MiA Desk ({FORMAT}).")
            name = manifest.get("part")
            if not isinstance(name, str) or name not in PARTS.values():
                raise BackupError(f"{archive}: unbekannter Datenbankteil {name!r}.")
            member = tar.getmember(name)
            if not member.isfile():
                raise BackupError(f"{archive}: {name} ist keine Datei.")
            part = into / name
            src = tar.extractfile(member)
            if src is None:  # (a regular file, checked above, always has one)
                raise BackupError(f"{archive}: {name} ist keine Datei.")
            with src, open(part, "wb") as dst:
                shutil.copyfileobj(src, dst)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive} ist beschädigt oder unvollständig ({exc}).") from exc
    except KeyError as exc:
        raise BackupError(f"{archive} ist unvollständig: {exc} fehlt.") from exc
    if part.stat().st_size != manifest.get("size") or _sha256(part) != manifest.get("sha256"):
        raise BackupError(
            f"{archive} ist beschädigt: die Prüfsumme des Datenbankteils stimmt "
            "nicht. Es wurde nichts verändert."
        )
    return manifest, part


def verify(db: Database, archive: Path | str, into: Path) -> tuple[dict, Path]:
    """Check *archive* completely for a restore into *db*; returns (manifest, database part)."""
    archive = Path(archive)
    manifest, part = _unpack(archive, into)
    backend = _backend(db)
    if manifest.get("backend") != backend:
        raise BackupError(
            f"{archive} ist eine Sicherung einer {manifest.get('backend')}-Datenbank; "
            f"dieser Server nutzt {backend}."
        )
    if backend == "sqlite":
        try:
            con = sqlite3.connect(f"file:{part}?mode=ro", uri=True)
            try:
                result = con.execute("PRAGMA integrity_check").fetchone()[0]
                revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{archive}: die Datenbank darin ist nicht lesbar ({exc}).") from exc
        if result != "ok":
            raise BackupError(f"{archive}: die Datenbank darin ist beschädigt ({result}).")
        if not revision or revision[0] != manifest.get("schema"):
            raise BackupError(f"{archive}: Schema der Datenbank und des Manifests passen nicht.")
    else:
        done = subprocess.run(
            [_pg_tool("pg_restore"), "--list", str(part)], capture_output=True, text=True
        )
        if done.returncode:
            raise BackupError(
                f"{archive}: pg_restore kann die Sicherung nicht lesen ({done.stderr.strip()})."
            )
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if manifest.get("schema") not in known:
        raise BackupError(
            f"{archive} stammt von einer neueren Server-Version (Schema "
            f"{manifest.get('schema')}); bitte zuerst den Server aktualisieren."
        )
    return manifest, part


def _restore_postgres(db: Database, part: Path, tmp: Path) -> None:
    """Replace everything in the database's schema with the dump, in ONE transaction.

    The schema is dropped whole first (tables, indexes, trigger functions): a backup of an
    older release lacks what later migrations added, and those leftovers would block the
    migration that follows. ``pg_restore`` writes the dump as SQL, and ``psql`` runs the drop
    and the dump in a single transaction: a failure anywhere leaves the database as it was."""
    uri, schema_args = _libpq(db)
    schema = schema_args[1] if schema_args else "public"
    script = tmp / "restore.sql"
    done = subprocess.run(
        [
            _pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            *schema_args,
            "--file",
            str(script),
            str(part),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise BackupError(f"pg_restore kann die Sicherung nicht lesen: {done.stderr.strip()}")
    body = script.read_text(encoding="utf-8")
    quoted = '"' + schema.replace('"', '""') + '"'
    creates_schema = re.search(rf"^CREATE SCHEMA {re.escape(schema)};", body, re.M) or re.search(
        rf"^CREATE SCHEMA {re.escape(quoted)};", body, re.M
    )
    head = f"DROP SCHEMA IF EXISTS {quoted} CASCADE;\n"
    if not creates_schema:
        head += f"CREATE SCHEMA {quoted};\n"
    script.write_text(head + body, encoding="utf-8")
    done = subprocess.run(
        [
            _pg_tool("psql"),
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set",
            "ON_ERROR_STOP=1",
            "--dbname",
            uri,
            "--file",
            str(script),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise BackupError(
            "Die Wiederherstellung ist fehlgeschlagen; die Datenbank ist unverändert "
            f"(eine Transaktion): {done.stderr.strip()[-2000:]}"
        )


def restore(db: Database, archive: Path | str) -> dict:
    """Replace the database of *db* with the backup *archive* (checked first); returns the
    manifest plus the new epoch."""
    archive = Path(archive)
    if db.is_sqlite:
        target = _sqlite_path(db)
        work_dir = target.parent
    else:
        target, work_dir = None, None
    with tempfile.TemporaryDirectory(dir=work_dir, prefix=".restore-") as tmp:
        manifest, part = verify(db, archive, Path(tmp))
        db.dispose()
        if target is not None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            if target.exists():
                kept = target.with_name(f"{target.name}.before-restore-{stamp}")
                copy_sqlite(target, kept)  # the current data, WAL included
                log.info("restore: the previous database is kept as %s", kept)
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            os.replace(part, target)  # same directory: atomic
        else:
            _restore_postgres(db, part, Path(tmp))
    migrate(db)
    analyze(db)  # the restored rows come without the planner's statistics
    epoch = new_epoch(db)
    log.info("restored %s; new epoch %s", archive, epoch)
    return {**manifest, "new_epoch": epoch}
