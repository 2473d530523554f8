"""Consulting hours (issue 20): where and when each unit holds walk-in, decentral and phone
hours -- a recurring rule with validity, exceptions and extra dates; part of the directory.

Revision ID: 0011
Revises: 0010 (the coordinator chains 0009 and 0010 in between at the merge)
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    op.create_table(
        "consulting_hours",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False, server_default="walk_in"),
        sa.Column("rrule", sa.Text, nullable=False, server_default=""),
        sa.Column("opens", sa.String(5), nullable=False, server_default=""),
        sa.Column("closes", sa.String(5), nullable=False, server_default=""),
        sa.Column("valid_from", sa.String(10)),
        sa.Column("valid_until", sa.String(10)),
        sa.Column("exceptions", sa.Text, nullable=False, server_default="[]"),
        sa.Column("extra_dates", sa.Text, nullable=False, server_default="[]"),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("consulting_hours")
