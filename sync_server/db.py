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
import functools
import logging
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    bindparam,
    create_engine,
    event,
    select,
    update,
)
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
    insert_rows(conn, table, rows, ignore=True)


def insert_rows(
    conn: Connection, table: Table, rows: list[dict[str, Any]], *, ignore: bool = False
) -> None:
    """Insert *rows* (dicts of the same keys) into *table*; *ignore*: skip those whose key
    exists already. PostgreSQL: one statement whatever the number of rows, the rows as one
    JSON parameter (``json_to_recordset``, in row order), straight to the driver. A push
    inserted its records, op results and pending checks by ``executemany``: a pipeline of
    one statement per row, and SQLAlchemy's work per row and statement, an eighth of the
    server's CPU when a hundred laptops synced at once (bench.sync); arrays instead cost
    the driver's escaping of every value. SQLite: executemany."""
    if not rows:
        return
    names = tuple(rows[0])
    if conn.dialect.name == "sqlite" or any(
        c.default is not None for c in table.columns if c.name not in names
    ):  # (a Python-side default to fill in: SQLAlchemy's own way)
        stmt = table.insert()
        if ignore:
            stmt = (
                stmt.prefix_with("OR IGNORE")
                if conn.dialect.name == "sqlite"
                else _pg_insert(table).on_conflict_do_nothing()
            )
        conn.execute(stmt, rows)
        return
    conn.exec_driver_sql(_recordset_insert(table, names, ignore), (orjson.dumps(rows).decode(),))


def _pg_insert(table: Table) -> Any:
    from sqlalchemy.dialects.postgresql import insert

    return insert(table)


@functools.cache
def _recordset_insert(table: Table, names: tuple[str, ...], ignore: bool) -> str:
    """PostgreSQL: INSERT of *names* into *table* from a JSON array of row objects."""
    from sqlalchemy.dialects import postgresql

    dialect = postgresql.dialect()
    quote = dialect.identifier_preparer
    columns = ", ".join(quote.quote(name) for name in names)
    typed = ", ".join(
        f"{quote.quote(name)} {table.c[name].type.compile(dialect=dialect)}" for name in names
    )
    return (
        f"INSERT INTO {quote.format_table(table)} ({columns}) "
        f"SELECT {columns} FROM json_to_recordset(%s::json) AS r({typed})"
        + (" ON CONFLICT DO NOTHING" if ignore else "")
    )


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
            # No ping before every checkout: a sync checked out eight connections, each a round
            # trip more (bench.sync). After a database restart the first statement on an old
            # connection fails instead; SQLAlchemy then drops every connection of the pool made
            # before, the request answers 503 ``database_unavailable`` (retry later), and a
            # push retries at once (SyncService.push).
            pool_pre_ping=False,
            # The most recently returned connection first: a burst of syncs runs on the few
            # connections its threads need, whose prepared statements (below) are warm, not
            # round the whole pool.
            pool_use_lifo=True,
            # A statement is prepared on its second execution on a connection (psycopg's
            # default: the sixth): PostgreSQL then skips parsing -- and, once its generic
            # plan serves, planning -- of the statements every sync sends (a pull page's
            # sizes took 0.7 ms to plan and 1 ms to run). Their texts are fixed (db.run).
            connect_args={"prepare_threshold": 1},
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


def run(conn: Connection, stmt: Any, params: dict[str, Any] | None = None) -> list[Any]:
    """The rows of *stmt* as the driver's plain tuples. *stmt* is a Core statement made once
    and kept (at import, or per reader as the pull's page statements); *params* give its
    named ``bindparam``s, the same names on every call, and the values bound inside it (an
    ``IN`` list, a day) stay as they were. Compiled once per dialect and sent by
    ``exec_driver_sql``, a hot statement skips SQLAlchemy's work per execution -- building,
    cache key, parameter processing, Row objects: a third of a sync's CPU when a hundred
    laptops synced at once (bench.sync). No type processing: values as the driver gives
    them (SQLite: a boolean as 0 or 1)."""
    values = params or {}
    sql, order, fixed, names = _compile(stmt, conn.dialect, values)
    if names != values.keys():
        raise ValueError(f"parameters {sorted(values)}, compiled with {sorted(names)}")
    if fixed:
        values = {**fixed, **values}
    return plain_rows(
        conn.exec_driver_sql(sql, tuple(values[n] for n in order) if order else values)
    )


_compiled: dict[tuple[int, str], tuple[Any, tuple]] = {}


def _compile(
    stmt: Any, dialect: Any, params: dict[str, Any]
) -> tuple[str, tuple[str, ...] | None, dict[str, Any], Any]:
    key = (id(stmt), dialect.name)
    found = _compiled.get(key)
    if found is None or found[0] is not stmt:  # (kept with it: an id is never reused)
        # The values inside *stmt* are rendered as parameters (an IN list: one each).
        compiled = stmt.compile(dialect=dialect)
        state = compiled.construct_expanded_state({name: None for name in params})
        fixed = {k: v for k, v in state.parameters.items() if k not in params}
        order = tuple(state.positiontup) if compiled.positional and state.positiontup else None
        if len(_compiled) > 4096:  # page statements of readers long gone
            _compiled.clear()
        found = _compiled[key] = (stmt, (state.statement, order, fixed, set(params)))
    return found[1]


def plain_rows(result: Any) -> list[Any]:
    """The rows of *result* as the driver's plain tuples, and the result closed: no Row
    object per row (a hundred laptops pulling at once spent an eighth of the server's CPU
    on them; a snapshot chunk holds tens of thousands)."""
    rows = result.cursor.fetchall() if result.cursor is not None else []
    result.close()
    return rows


def analyze(db: Database, table: Table | None = None) -> None:
    """Refresh the query planner's statistics, after a bulk load (``seed-demo``, a restore), as
    PostgreSQL's documentation advises after pg_restore. Without them the planner guesses: on a
    database of two million records no one had analyzed (autovacuum off), a push's look-up of
    corrections by ``report_facts.revision_of`` became a scan of the whole table, 220 ms of
    every incremental sync (bench.sync). Where autovacuum runs it would get there too, later.
    *table*: only that table's."""
    with db.writer.begin() as conn:
        conn.exec_driver_sql(
            "ANALYZE"
            if table is None
            else f"ANALYZE {conn.dialect.identifier_preparer.format_table(table)}"
        )


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
    found = run(conn, _META, {"key": key})
    return found[0][0] if found else None


_META = select(t.meta.c.value).where(t.meta.c.key == bindparam("key"))


def set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(update(t.meta).where(t.meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(t.meta.insert().values(key=key, value=value))


def last_seq(conn: Connection) -> int:
    """The highest sequence number a reader may reach: every change numbered up to it has
    committed or is gone (its transaction rolled back, or the record moved on to a later
    number). SQLite: the counter (one writer at a time). PostgreSQL: the watermark
    (:func:`watermark`), or the counter in a database not yet migrated to revision 0011 (the
    backup written before the upgrade reads it)."""
    if (
        conn.dialect.name != "sqlite"
        and conn.exec_driver_sql("SELECT to_regclass('records_seq')").scalar() is not None
    ):
        return watermark(conn)
    return (
        conn.execute(select(t.counters.c.value).where(t.counters.c.name == t.SEQ_COUNTER)).scalar()
        or 0
    )


def issued_seq(conn: Connection) -> int:
    """The highest sequence number handed out so far, committed or not (>= :func:`last_seq`):
    a device's cursor beyond it is ahead of this server (restored from a backup)."""
    if conn.dialect.name == "sqlite":
        return last_seq(conn)
    return int(conn.exec_driver_sql(ISSUED_SQL).scalar_one())


# PostgreSQL numbering (docs/sync-protocol.md, "Sequence numbers in commit order"). A writer
# takes its numbers inside its transaction from the sequence ``records_seq`` and, BEFORE it
# takes the first, announces itself: a shared transaction-scoped advisory lock whose key is the
# sequence's value at that moment (a number below every number it will take) within the key
# range of this schema. A reader reads the sequence first and the lock table second: a number
# it finds handed out was taken after its writer's lock, so that writer is either still
# listed, holding the watermark below its numbers, or has ended -- and PostgreSQL releases a
# transaction's locks only after its commit is visible to every later snapshot.
ISSUED_SQL = "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM records_seq"
# The key range of this schema's announcements: [base, base + 2**40). Schemas sharing one
# database (the tests do) get different ranges; if two ever shared one, a reader would only
# wait longer, never skip.
_BASE = "(((hashtext(current_schema()) & 4194303) | 4194304)::bigint << 40)"
ANNOUNCE_SQL = f"SELECT pg_advisory_xact_lock_shared({_BASE} + ({ISSUED_SQL}))"
IN_FLIGHT_SQL = (
    # A bigint advisory key is listed as classid (high 32 bits) and objid (low 32 bits).
    f"SELECT min((classid::bigint << 32) | objid::bigint) - {_BASE} FROM pg_locks "
    "WHERE locktype = 'advisory' AND objsubid = 1 "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    f"AND classid::bigint >= ({_BASE} >> 32) AND classid::bigint < (({_BASE} >> 32) + 256)"
)
# Both reads of a reader in ONE statement (a round trip less at every pull), in their order:
# the sequence is read into the materialized CTE first; the lock table by a subquery that
# depends on that row (``s.issued``), so it can only run once the row has been read.
REACH_SQL = (
    f"WITH s(issued) AS MATERIALIZED ({ISSUED_SQL}) "
    f"SELECT issued, ({IN_FLIGHT_SQL} AND s.issued IS NOT NULL) FROM s"
)
# A writer's announcement and its numbers in ONE statement, in that order: each number is
# taken for an output row, which needs the row of the materialized CTE that took the lock.
TAKE_SQL = (
    f"WITH announced AS MATERIALIZED ({ANNOUNCE_SQL}) "
    "SELECT nextval('records_seq') FROM announced, generate_series(1, %(n)s)"
)


def watermark(conn: Connection) -> int:
    """PostgreSQL: the highest number up to which no writer is still in flight."""
    return reach(conn)[0]


def reach(conn: Connection) -> tuple[int, int]:
    """(:func:`last_seq`, :func:`issued_seq`) -- how far a reader may go, and the numbers
    handed out -- for the start of every read of the change stream.

    PostgreSQL: two reads, in this order (see the comment above ``ISSUED_SQL``): the numbers
    handed out, then the lowest announcement still held (one statement, :data:`REACH_SQL`).
    The watermark may fall behind one
    computed a moment ago (a writer that read the sequence, then was slow to announce); it
    never passes a number whose transaction has not ended. A cursor is never moved back for
    it: a page then simply finds nothing new."""
    if conn.dialect.name == "sqlite":
        top = last_seq(conn)
        return top, top
    issued, low = plain_rows(conn.exec_driver_sql(REACH_SQL))[0]
    return watermark_of(int(issued), low), int(issued)


def watermark_of(issued: int, low: int | None) -> int:
    """How far a reader may go, from the numbers handed out (:data:`ISSUED_SQL`, read first)
    and the lowest announcement still held (:data:`IN_FLIGHT_SQL`, read second; None: none):
    below every number a writer still in flight may hold."""
    return issued if low is None else min(issued, int(low) - 1)


def take_seqs(conn: Connection, n: int) -> int:
    """SQLite: reserve *n* final sequence numbers from the counter; returns the first.

    The writer holds the whole database until commit (``BEGIN IMMEDIATE``), so a second writer
    gets its numbers only after the first has committed or rolled back: numbers become visible
    in increasing order and a reader never sees a gap that a later commit fills.
    """
    top = conn.execute(
        update(t.counters)
        .where(t.counters.c.name == t.SEQ_COUNTER)
        .values(value=t.counters.c.value + n)
        .returning(t.counters.c.value)
    ).scalar_one()
    return top - n + 1


def record_seqs(conn: Connection, n: int) -> list[int]:
    """Final, increasing numbers for *n* changed records written in this transaction -- every
    writer takes its numbers here. SQLite: from the counter (one writer at a time holds it
    until commit). PostgreSQL: announced, then from ``records_seq`` (see ``ISSUED_SQL``):
    concurrent writers never wait for each other's numbers; readers stop below the lowest
    writer still in flight (:func:`watermark`). Take them late, just before the writes: a
    pull sees nothing above a transaction still open."""
    if n == 0:
        return []
    if conn.dialect.name == "sqlite":
        first = take_seqs(conn, n)
        return list(range(first, first + n))
    return [int(v) for (v,) in plain_rows(conn.exec_driver_sql(TAKE_SQL, {"n": n}))]
