"""The server's database: engines for SQLite and PostgreSQL, write transactions, migrations.

Two engines share one pool: ``reader`` for pulls and lists, ``writer`` for anything that
writes. On SQLite the writer opens its transactions with ``BEGIN IMMEDIATE``, which takes the
database's write lock at the start: writers are serialised, so sequence numbers are handed out
in commit order, and a transaction never fails half-way on a lock upgrade. Readers use plain
``BEGIN`` and see a consistent snapshot in WAL mode without waiting for writers. On PostgreSQL
both run at READ COMMITTED; the ordering argument is in docs/sync-protocol.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Table, create_engine, event, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

from sync_server import schema as t

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 7_316_420_003  # PostgreSQL advisory lock id: one migrating process at a time


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer server version; this one must not touch it."""


def insert_ignore(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert *rows*, skipping those whose primary key exists already (both back ends)."""
    if conn.dialect.name == "sqlite":
        conn.execute(table.insert().prefix_with("OR IGNORE"), rows)
    else:
        from sqlalchemy.dialects.postgresql import insert

        conn.execute(insert(table).on_conflict_do_nothing(), rows)


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # The driver must not open transactions itself: the "begin" hook below does.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA cache_size=-32000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql(
        "BEGIN IMMEDIATE" if conn.get_execution_options().get("mia_write") else "BEGIN"
    )


@dataclass
class Database:
    """The engines of one database URL."""

    url: str
    reader: Engine
    writer: Engine
    # What else holds this database in the process (the live channel's threads), closed first.
    on_dispose: list[Callable[[], None]] = field(default_factory=list, repr=False, compare=False)

    @property
    def dialect(self) -> str:
        return self.reader.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def dispose(self) -> None:
        for close in self.on_dispose:
            close()
        self.reader.dispose()


def _postgres_session(dbapi_conn, _record) -> None:
    # No JIT: a pull page's LIMIT over an OR of visibility conditions is estimated at millions
    # (the plan itself reads a few hundred index rows in 2 ms), and PostgreSQL compiled every
    # such query for ~250 ms of CPU -- 100 laptops syncing at once waited 14 s (bench.sync).
    with dbapi_conn.cursor() as cur:
        cur.execute("SET jit = off")
    dbapi_conn.commit()


def open_database(url: str, pool_size: int = 10) -> Database:
    """Engines for *url*; nothing is created or migrated here (see :func:`migrate`)."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            poolclass=QueuePool,
            pool_size=pool_size,
            max_overflow=4,
            connect_args={"check_same_thread": False, "timeout": 30},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            isolation_level="READ COMMITTED",
        )
        event.listen(engine, "connect", _postgres_session)
        # Reads run without BEGIN/ROLLBACK (autocommit is a client-side switch in psycopg, the
        # pool is shared): two round trips less on every authentication and pull page. A pull
        # needs no multi-statement snapshot: each page is one statement, and the cursor makes
        # the pages consistent.
        return Database(
            url,
            engine.execution_options(isolation_level="AUTOCOMMIT"),
            engine.execution_options(mia_write=True),
        )
    return Database(url, engine, engine.execution_options(mia_write=True))


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # the migrations shipped with the server always have a head
        raise RuntimeError(f"no migration head in {MIGRATIONS}")
    return head


def current_revision(db: Database) -> str | None:
    with db.reader.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _sqlite_file(url: str) -> Path | None:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a SQLite database with SQLite's online backup (consistent in WAL mode, while
    others write to it)."""
    src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def backup_sqlite(path: Path, label: str) -> Path:
    """Copy the database aside (see :func:`copy_sqlite`); returns the copy's path."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}-{label}{path.suffix}")
    copy_sqlite(path, target)
    return target


def migrate(
    db: Database, write_backup: Callable[[Database], Path] | None = None
) -> tuple[str | None, str]:
    """Bring the schema to head; returns (revision before, revision after).

    SQLite: the file is copied aside first and put back if the migration fails.
    PostgreSQL: with *write_backup* (the server passes ``sync_server.backup.backup_to`` of
    ``MIA_BACKUP_DIR``), a checked backup is written first (no upgrade without it; the backup
    module builds on this one, not the other way round); an advisory lock lets only one of several
    starting servers migrate; the others wait and then find nothing to do. DDL is
    transactional there.
    """
    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    before = current_revision(db)
    head = script.get_current_head()
    if head is None:  # the migrations shipped with the server always have a head
        raise RuntimeError(f"no migration head in {MIGRATIONS}")
    if before is not None and before not in {s.revision for s in script.walk_revisions()}:
        raise SchemaTooNew(f"database schema {before} is newer than this server ({head})")
    if before == head:
        return before, head
    path = _sqlite_file(db.url) if db.is_sqlite else None
    backup = backup_sqlite(path, f"rev{before}") if path and before is not None else None
    if not db.is_sqlite and before is not None and write_backup is not None:
        written = write_backup(db)  # BackupError: no upgrade without it
        log.info("schema %s -> %s: backup %s written first", before, head, written)
    try:
        with db.writer.begin() as conn:
            if not db.is_sqlite:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception:
        if backup is not None and path is not None:  # (a backup is made only of a file)
            db.dispose()
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            shutil.copyfile(backup, path)
            log.error("migration failed; %s restored from %s", path, backup)
        raise
    log.info("database migrated from %s to %s", before, head)
    return before, head


def get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(t.meta.c.value).where(t.meta.c.key == key)).scalar()


def set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(update(t.meta).where(t.meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(t.meta.insert().values(key=key, value=value))


def last_seq(conn: Connection) -> int:
    return (
        conn.execute(select(t.counters.c.value).where(t.counters.c.name == t.SEQ_COUNTER)).scalar()
        or 0
    )


SEQ_LOCK = 0x4D69_4153_6571  # advisory lock key of the sequence counter (PostgreSQL)
SEQUENCE_STEP = 50_000  # provisional records numbered per step at most


def lock_sequence(conn: Connection) -> None:
    """Hold the sequence counter until this transaction ends (PostgreSQL; re-entrant).

    Writers that take final numbers inside their transaction call it BEFORE they lock record
    rows, in the same order as :func:`sequence_pending`, so the two never deadlock. An advisory
    lock assigns no transaction id: a sequencing step that finds nothing to do commits
    without a WAL flush.
    """
    if conn.dialect.name != "sqlite":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SEQ_LOCK})


def take_seqs(conn: Connection, n: int) -> int:
    """Reserve *n* final sequence numbers; returns the first.

    The counter stays locked until the transaction ends (SQLite: the writer holds the whole
    database; PostgreSQL: :func:`lock_sequence`), so a second writer gets its numbers only after
    the first has committed or rolled back: numbers become visible in increasing order and a
    reader never sees a gap that a later commit fills.
    """
    lock_sequence(conn)
    top = conn.execute(
        update(t.counters)
        .where(t.counters.c.name == t.SEQ_COUNTER)
        .values(value=t.counters.c.value + n)
        .returning(t.counters.c.value)
    ).scalar_one()
    return top - n + 1


def pending_seqs(conn: Connection, n: int) -> list[int]:
    """*n* provisional (negative, unique) numbers for records a push writes on PostgreSQL.

    Pulls read ``seq > cursor`` with a cursor >= 0, so such records stay invisible until
    :func:`sequence_pending` gives them final numbers after the push has committed. Pushes
    thus never wait for each other's commits (only for rows they share).
    """
    rows = (
        conn.execute(
            text("SELECT nextval('records_pending_seq') FROM generate_series(1, :n)"), {"n": n}
        )
        .scalars()
        .all()
    )
    return [-int(v) for v in rows]


def record_seqs(conn: Connection, n: int) -> list[int]:
    """Numbers for *n* changed records written in this transaction: final ones on SQLite (one
    writer at a time holds the counter until commit), provisional ones on PostgreSQL, where
    concurrent writers must not serialise on the counter for the length of their commits
    (call :func:`sequence_pending` after the commit)."""
    if n == 0:
        return []
    if conn.dialect.name == "sqlite":
        first = take_seqs(conn, n)
        return list(range(first, first + n))
    return pending_seqs(conn, n)


def sequence_pending(db: Database) -> int:
    """Give every committed record under a provisional number its final number; returns how
    many. Runs under the counter lock, so final numbers become visible in increasing order.
    Records are numbered in the order of their provisional numbers (the order of writing);
    one step numbers the records of every push that committed before it, and a step that
    finds nothing is a cheap read-only transaction."""
    total = 0
    while True:
        done = _sequence_step(db)
        total += done
        if done < SEQUENCE_STEP:
            return total


def _sequence_step(db: Database) -> int:
    r = t.records
    with db.writer.begin() as conn:
        lock_sequence(conn)
        # ORDER BY + LIMIT on the seq index: an index range scan whatever the statistics say
        # (a table freshly bulk-loaded has none, and a plain "seq < 0" would scan it all).
        ids = (
            conn.execute(
                select(r.c.id).where(r.c.seq < 0).order_by(r.c.seq.desc()).limit(SEQUENCE_STEP)
            )
            .scalars()
            .all()
        )
        if not ids:
            return 0
        top = conn.execute(
            update(t.counters)
            .where(t.counters.c.name == t.SEQ_COUNTER)
            .values(value=t.counters.c.value + len(ids))
            .returning(t.counters.c.value)
        ).scalar_one()
        first = top - len(ids) + 1
        conn.execute(
            text(
                "UPDATE records SET seq = v.seq FROM unnest(CAST(:ids AS text[]), CAST(:seqs AS bigint[])) "
                "AS v(id, seq) WHERE records.id = v.id AND records.seq < 0"
            ),
            {"ids": list(ids), "seqs": list(range(first, first + len(ids)))},
        )
    return len(ids)


def has_pending(conn: Connection) -> bool:
    """Are there records with provisional numbers? (min() is answered from the seq index.)"""
    if conn.dialect.name == "sqlite":
        return False
    low = conn.execute(select(func.min(t.records.c.seq))).scalar()
    return low is not None and low < 0
