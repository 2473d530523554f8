"""The first schema of the server store: users, devices, records, applied ops, conflicts.

Revision ID: 0001
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

ID = sa.String(36)
T32 = sa.String(32)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("roles", sa.Text, nullable=False, server_default="[]"),
        sa.Column("units", sa.Text, nullable=False, server_default="[]"),
        sa.Column("created_at", T32, nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", ID, primary_key=True),
        sa.Column("user_id", ID, nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", T32, nullable=False),
        sa.Column("last_seen_at", T32),
        sa.Column("revoked_at", T32),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", ID, primary_key=True),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("failed_at", T32, nullable=False),
    )
    op.create_index("ix_login_failures_user", "login_failures", ["user_name", "failed_at"])
    op.create_table(
        "records",
        sa.Column("kind", sa.String(30), primary_key=True),
        sa.Column("id", ID, primary_key=True),
        sa.Column("client_id", ID),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("clocks", sa.Text, nullable=False),
        sa.Column("origins", sa.Text),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("updated_at", T32, nullable=False),
    )
    op.create_index("ix_records_seq", "records", ["seq"], unique=True)
    op.create_index("ix_records_id", "records", ["id"], unique=True)
    op.create_index("ix_records_client", "records", ["client_id"])
    op.create_table(
        "applied_ops",
        sa.Column("op_id", sa.String(64), primary_key=True),
        sa.Column("device_id", ID, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("applied_at", T32, nullable=False),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", ID, primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("record_id", ID, nullable=False),
        sa.Column("client_id", ID),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("value", sa.Text),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("winner_value", sa.Text),
        sa.Column("winner_hlc", sa.String(64), nullable=False),
        sa.Column("needs_person", sa.Boolean, nullable=False),
        sa.Column("device_id", ID),
        sa.Column("created_at", T32, nullable=False),
        sa.Column("resolved_at", T32),
        sa.Column("resolved_by", sa.String(200)),
        sa.Column("resolution", sa.Text),
    )
    op.create_index("ix_conflicts_record", "conflicts", ["kind", "record_id"])
    op.create_index("ix_conflicts_open", "conflicts", ["resolved_at", "created_at"])
    counters = op.create_table(
        "counters",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    meta = op.create_table(
        "meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.bulk_insert(counters, [{"name": "seq", "value": 0}])
    # The epoch names this copy of the data: a restored backup gets a new one (new-epoch),
    # so devices notice that acknowledged uploads may be missing and compare.
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    op.bulk_insert(
        meta,
        [
            {"key": "epoch", "value": uuid.uuid4().hex},
            {"key": "record_schema", "value": "1"},
            {"key": "created_at", "value": now},
        ],
    )


def downgrade() -> None:
    for name in (
        "meta",
        "counters",
        "conflicts",
        "applied_ops",
        "records",
        "login_failures",
        "devices",
        "users",
    ):
        op.drop_table(name)
