"""Sync bookkeeping: per-field clocks of records, base and acknowledgement of outbox entries,
the sync state and the list of refused operations.

Existing outbox entries keep working: without a base they are sent as edits of an unknown base
(the later clock wins, the overwritten value goes to history), and they are still unsent.
Records already in the store get no clocks: none of them came from a server yet.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.add_column("outbox", sa.Column("base", sa.Text))
    op.add_column("outbox", sa.Column("acked_at", sa.String(32)))
    op.create_index("ix_outbox_record", "outbox", ["record_id"])
    op.create_table(
        "record_clock",
        sa.Column("record_id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("clocks", sa.Text),
        sa.Column("epoch", sa.String(64), nullable=False, server_default=""),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_record_clock_epoch", "record_clock", ["epoch"])
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("server_url", sa.Text, nullable=False, server_default=""),
        sa.Column("device_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("user_name", sa.Text, nullable=False, server_default=""),
        sa.Column("epoch", sa.String(64), nullable=False, server_default=""),
        sa.Column("cursor", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_success_at", sa.String(32)),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_at", sa.String(32)),
        sa.Column("open_conflicts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("resync", sa.Integer, nullable=False, server_default="0"),
    )
    op.execute("INSERT INTO sync_state (id) VALUES (1)")
    op.create_table(
        "sync_rejection",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("op_id", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36)),
        sa.Column("client_name", sa.Text, nullable=False, server_default=""),
        sa.Column("op", sa.String(10), nullable=False),
        sa.Column("fields", sa.Text, nullable=False, server_default="{}"),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("rejected_at", sa.String(32), nullable=False),
        sa.Column("settled_at", sa.String(32)),
        sa.Column("settled_by", sa.Text),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("sync_rejection")
    op.drop_table("sync_state")
    op.drop_table("record_clock")
    op.drop_index("ix_outbox_record", "outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("acked_at")
        batch.drop_column("base")
