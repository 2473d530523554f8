"""Walk-in queues: the current state of each ticket, the ticket prefixes of devices.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.create_table(
        "walk_in_queue",
        sa.Column("ticket_id", sa.String(36), primary_key=True),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("number", sa.String(10), nullable=False),
        sa.Column("arrived_at", sa.String(32), nullable=False),
        sa.Column("priority", sa.Text, nullable=False, server_default="[]"),
        sa.Column("concern", sa.String(40), nullable=False, server_default=""),
        sa.Column("language", sa.String(20), nullable=False, server_default=""),
        sa.Column("interpreter", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("hops", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_walk_in_queue_day", "walk_in_queue", ["location", "day", "status"])
    op.create_table(
        "walk_in_log",
        sa.Column("phase_id", sa.String(36), primary_key=True),
        sa.Column("ticket_id", sa.String(36), nullable=False),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("phase", sa.String(20), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("to_unit", sa.String(40), nullable=False, server_default=""),
        sa.Column("staff", sa.String(200), nullable=False, server_default=""),
        sa.Column("desk", sa.String(40), nullable=False, server_default=""),
    )
    op.create_index("ix_walk_in_log_day", "walk_in_log", ["location", "day"])
    op.create_table(
        "ticket_prefixes",
        sa.Column("device_id", sa.String(36), primary_key=True),
        sa.Column("prefix", sa.String(4), nullable=False, unique=True),
        sa.Column("position", sa.Integer, nullable=False, unique=True),
        sa.Column("assigned_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_index("ix_walk_in_log_day", "walk_in_log")
    op.drop_table("walk_in_log")
    op.drop_table("ticket_prefixes")
    op.drop_index("ix_walk_in_queue_day", "walk_in_queue")
    op.drop_table("walk_in_queue")
