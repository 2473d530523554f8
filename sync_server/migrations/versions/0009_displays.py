"""Waiting-room displays: their tokens, and the calls of walk-in tickets they show.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    op.create_table(
        "walk_in_calls",
        sa.Column("phase_id", sa.String(36), primary_key=True),
        sa.Column("ticket_id", sa.String(36), nullable=False),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("desk", sa.String(40), nullable=False, server_default=""),
    )
    op.create_index("ix_walk_in_calls_location", "walk_in_calls", ["location", "at"])
    op.create_table(
        "displays",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("revoked_at", sa.String(32)),
    )


def downgrade() -> None:
    op.drop_table("displays")
    op.drop_index("ix_walk_in_calls_location", "walk_in_calls")
    op.drop_table("walk_in_calls")
