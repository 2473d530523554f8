"""Walk-in tickets and their phases (the reception desk's queues).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.create_table(
        "walk_in_ticket",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("number", sa.String(10), nullable=False),
        sa.Column("arrived_at", sa.String(32), nullable=False),
        sa.Column("concern", sa.String(40), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="waiting"),
        sa.Column("language", sa.String(20), nullable=False, server_default=""),
        sa.Column("interpreter", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("priority", sa.Text, nullable=False, server_default="[]"),
        sa.Column("client_id", sa.String(36)),
        sa.Column("desk", sa.Text, nullable=False, server_default=""),
        sa.Column("called_by", sa.Text, nullable=False, server_default=""),
        sa.Column("hops", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_walk_in_ticket_day", "walk_in_ticket", ["location", "day", "status"])
    op.create_index("ix_walk_in_ticket_client_id", "walk_in_ticket", ["client_id"])
    op.create_table(
        "walk_in_phase",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("ticket_id", sa.String(36), nullable=False),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("phase", sa.String(20), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("staff", sa.Text, nullable=False, server_default=""),
        sa.Column("to_unit", sa.String(40), nullable=False, server_default=""),
        sa.Column("desk", sa.Text, nullable=False, server_default=""),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("client_id", sa.String(36)),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_walk_in_phase_ticket_id", "walk_in_phase", ["ticket_id"])


def downgrade() -> None:
    op.drop_table("walk_in_phase")
    op.drop_table("walk_in_ticket")
