"""Clients waiting for the duplicate check (written in the push transaction, drained after).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "match_pending",
        sa.Column("client_id", sa.String(36), primary_key=True),
        sa.Column("queued_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("match_pending")
