"""Backup -> wipe -> restore through the command line, on SQLite and PostgreSQL; a damaged or
foreign backup is refused before anything is overwritten."""

import json
import tarfile

import pytest
from sqlalchemy import text

from sync_server.db import migrate, open_database
from sync_server.seed import seed_demo
from tests.server.helpers import cli


def counts(url: str) -> dict:
    db = open_database(url)
    try:
        with db.reader.connect() as conn:
            return {
                "records": conn.execute(text("SELECT count(*) FROM records")).scalar(),
                "epoch": conn.execute(text("SELECT value FROM meta WHERE key = 'epoch'")).scalar(),
                "users": conn.execute(text("SELECT count(*) FROM users")).scalar(),
            }
    finally:
        db.dispose()


@pytest.fixture
def filled(db_url):
    db = open_database(db_url)
    migrate(db)
    seed_demo(db, 30, seed=3)
    db.dispose()
    cli(
        "create-user",
        "it.admin",
        "--role",
        "administrator",
        url=db_url,
        stdin="Brückenbau-Abendrot-42\n",
    )
    return db_url


def planned(url: str) -> bool:
    """Whether the query planner has statistics of the records table (ANALYZE ran)."""
    db = open_database(url)
    try:
        with db.reader.connect() as conn:
            if db.is_sqlite:
                sql = "SELECT 1 FROM sqlite_stat1 WHERE tbl = 'records'"
            else:
                sql = "SELECT 1 FROM pg_stats WHERE tablename = 'records'"
            return conn.execute(text(sql)).first() is not None
    finally:
        db.dispose()


def wipe(url: str) -> None:
    db = open_database(url)
    with db.writer.begin() as conn:
        conn.execute(text("DELETE FROM records"))
        conn.execute(text("DELETE FROM users WHERE name = 'it.admin'"))
    db.dispose()


def test_backup_wipe_restore_round_trip(filled, tmp_path):
    assert planned(filled)  # a bulk load (seed-demo) leaves the planner its statistics
    before = counts(filled)
    out = cli("backup", "--out", str(tmp_path / "backups"), url=filled).stdout
    [archive] = (tmp_path / "backups").glob("mia-sync-*.tar")
    assert str(archive) in out
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["records"] == before["records"] > 30 and manifest["epoch"] == before["epoch"]
    wipe(filled)
    assert counts(filled)["records"] == 0
    restored = cli("restore", str(archive), url=filled)
    assert "new epoch" in restored.stdout
    after = counts(filled)
    assert after["records"] == before["records"] and after["users"] == before["users"]
    assert planned(filled)  # and so does a restore
    # A new epoch: laptops pull anew and re-send what they synced after the backup was taken.
    assert after["epoch"] and after["epoch"] != before["epoch"]


def test_a_damaged_backup_is_refused_and_nothing_is_overwritten(filled, tmp_path):
    cli("backup", "--out", str(tmp_path), url=filled)
    [archive] = tmp_path.glob("mia-sync-*.tar")
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte inside the database part
    archive.write_bytes(bytes(data))
    wipe(filled)
    before = counts(filled)
    refused = cli("restore", str(archive), url=filled, check=False)
    assert refused.returncode == 1
    assert "Wiederherstellung abgelehnt" in refused.stderr and "Prüfsumme" in refused.stderr
    assert counts(filled) == before  # untouched (still the wiped state)


def test_a_file_that_is_no_backup_is_refused(filled, tmp_path):
    bogus = tmp_path / "mia-sync-20260101T000000Z.tar"
    bogus.write_bytes(b"not a tar file at all" * 100)
    refused = cli("restore", str(bogus), url=filled, check=False)
    assert refused.returncode == 1 and "beschädigt oder unvollständig" in refused.stderr
    assert counts(filled)["records"] > 30


def test_a_schema_upgrade_writes_a_backup_first(db_url, tmp_path):
    from alembic import command

    from sync_server.db import alembic_config, current_revision, head_revision

    db = open_database(db_url)
    cfg = alembic_config()
    with db.writer.begin() as conn:  # a database of the previous release
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    db.dispose()
    backups = tmp_path / "backups"
    import os
    import subprocess
    import sys

    from tests.server.helpers import ROOT

    done = subprocess.run(
        [sys.executable, "-m", "sync_server.cli", "migrate", "--database-url", db_url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "MIA_BACKUP_DIR": str(backups)},
    )
    assert done.returncode == 0, done.stderr
    db = open_database(db_url)
    assert current_revision(db) == head_revision()
    db.dispose()
    if db_url.startswith("sqlite"):  # the file is copied next to itself
        assert list(tmp_path.glob("server.backup-*-rev0004.sqlite"))
    else:
        [archive] = backups.glob("mia-sync-*.tar")
        with tarfile.open(archive) as tar:
            assert json.loads(tar.extractfile("manifest.json").read())["schema"] == "0004"


def test_a_backup_of_an_older_schema_restores_into_a_newer_database(db_url, tmp_path):
    """Yesterday's backup, taken before an upgrade, restored after it: the tables the upgrade
    added must not block the migration that follows the restore."""
    from alembic import command

    from sync_server.db import alembic_config, current_revision, head_revision

    db = open_database(db_url)
    cfg = alembic_config()
    with db.writer.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    db.dispose()
    backups = tmp_path / "b"
    from sync_server.backup import backup, restore

    db = open_database(db_url)
    archive = backup(db, backups)
    migrate(db)  # the upgrade (adds tables of 0005)
    assert current_revision(db) == head_revision()
    info = restore(db, archive)
    assert info["schema"] == "0004"
    assert current_revision(db) == head_revision()  # migrated again after the restore
    db.dispose()
