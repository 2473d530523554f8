"""Tables of the server store (SQLAlchemy Core), the same on SQLite and PostgreSQL.

The schema is created and changed only by the Alembic migrations in
``sync_server/migrations``; these definitions mirror the head revision for queries (a test
checks that the two agree). Record fields, clocks and results are JSON stored as text: the
server passes them through without parsing where it can (pull pages), and text is portable.
Times are ISO-8601 UTC text.
"""
from __future__ import annotations

from sqlalchemy import (BigInteger, Boolean, Column, Index, MetaData, String, Table, Text)

metadata = MetaData()

ID = String(36)

users = Table(
    "users", metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),        # argon2id, with its parameters
    Column("roles", Text, nullable=False, default="[]"),
    Column("units", Text, nullable=False, default="[]"),
    Column("created_at", String(32), nullable=False),
)

devices = Table(
    "devices", metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),   # sha256 hex of the token
    Column("created_at", String(32), nullable=False),
    Column("last_seen_at", String(32)),
    Column("revoked_at", String(32)),
)

# Failed registrations, for the per-user attempt limit; kept in the database because the
# server holds no state between requests (several processes share the count).
login_failures = Table(
    "login_failures", metadata,
    Column("id", ID, primary_key=True),
    Column("user_name", String(100), nullable=False),
    Column("failed_at", String(32), nullable=False),
    Index("ix_login_failures_user", "user_name", "failed_at"),
)

records = Table(
    "records", metadata,
    Column("kind", String(30), primary_key=True),
    Column("id", ID, primary_key=True),
    Column("client_id", ID),                 # the client file it belongs to (itself for clients)
    Column("fields", Text, nullable=False),
    Column("clocks", Text, nullable=False),
    Column("origins", Text),                 # see casefile.sync.RecordState.origins
    Column("deleted", Boolean, nullable=False, default=False),
    Column("seq", BigInteger, nullable=False),
    Column("updated_at", String(32), nullable=False),
    Index("ix_records_seq", "seq", unique=True),
    Index("ix_records_id", "id", unique=True),          # ids are UUIDs: unique across kinds
    Index("ix_records_client", "client_id"),
)

applied_ops = Table(
    "applied_ops", metadata,
    Column("op_id", String(64), primary_key=True),
    Column("device_id", ID, nullable=False),
    Column("result", Text, nullable=False),  # the OpResult dict returned on every replay
    Column("applied_at", String(32), nullable=False),
)

conflicts = Table(
    "conflicts", metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("record_id", ID, nullable=False),
    Column("client_id", ID),
    Column("field", String(64), nullable=False),
    Column("value", Text),                   # JSON of the losing value
    Column("hlc", String(64), nullable=False),
    Column("winner_value", Text),
    Column("winner_hlc", String(64), nullable=False),
    Column("needs_person", Boolean, nullable=False),
    Column("device_id", ID),
    Column("created_at", String(32), nullable=False),
    Column("resolved_at", String(32)),
    Column("resolved_by", String(200)),
    Column("resolution", Text),
    Index("ix_conflicts_record", "kind", "record_id"),
    Index("ix_conflicts_open", "resolved_at", "created_at"),
)

counters = Table(
    "counters", metadata,
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

meta = Table(
    "meta", metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

SEQ_COUNTER = "seq"
