"""One write transaction shared by consecutive pulled pages or snapshot chunks.

Big pages (a first sync, a long backlog) share a transaction: each commit writes every page it
touched (encrypted) to the WAL, and the same index pages would otherwise be written once per
page. The callers bound a group's age, so a save in the UI waits at most that long.

A group that loads in bulk sets its connection up for it (a larger page cache, and for a
snapshot fewer WAL checkpoints) and gives the connection back to the pool as it found it: the
pool's other users -- the UI's saves -- keep the store's small cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, RootTransaction

BULK_CACHE_KB = 96_000  # page cache of a connection loading in bulk (the store's default is small)


class Group:
    """*on_end*: called with the seconds each commit or rollback took (bench figures)."""

    def __init__(self, engine: Engine, on_end: Callable[[float], None] | None = None):
        self.engine = engine
        self.on_end = on_end
        self.conn: Connection | None = None
        self.tx: RootTransaction | None = None
        self.changes = 0  # applied in this group (the pull bounds it)
        self.started = 0.0
        self.saved: dict[str, Any] = {}  # pragmas to restore, set by bulk()

    def connection(self) -> Connection:
        if self.conn is None:
            self.conn = self.engine.connect()
            self.tx = self.conn.begin()
            self.started = time.monotonic()
        return self.conn

    def bulk(self, cache_kb: int = BULK_CACHE_KB, checkpoint: int | None = None) -> Connection:
        """The group's connection, set up for bulk loading (once per group): a page cache of
        *cache_kb*, and a WAL checkpoint every *checkpoint* pages, so that a page written by
        several groups is copied into the database file once."""
        conn = self.connection()
        if not self.saved:
            wanted = {"cache_size": -cache_kb, "wal_autocheckpoint": checkpoint}
            for name, value in wanted.items():
                if value is not None:
                    self.saved[name] = conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                    conn.exec_driver_sql(f"PRAGMA {name}={int(value)}")
        return conn

    def age(self) -> float:
        return time.monotonic() - self.started if self.conn is not None else 0.0

    def commit(self) -> None:
        self._end(commit=True)

    def rollback(self) -> None:
        self._end(commit=False)

    def _end(self, commit: bool) -> None:
        if self.conn is None or self.tx is None:
            return
        conn, tx, saved = self.conn, self.tx, self.saved
        self.conn, self.tx, self.saved = None, None, {}
        self.changes = 0
        started = time.perf_counter()
        try:
            if commit:
                tx.commit()
            else:
                tx.rollback()
            for name, value in saved.items():  # (pragmas are not part of the transaction)
                conn.exec_driver_sql(f"PRAGMA {name}={int(value)}")
        finally:
            conn.close()
            if self.on_end is not None:
                self.on_end(time.perf_counter() - started)
