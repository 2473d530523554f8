"""The directory: users' display names and the county's pool of language mediators.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("display_name", sa.String(200)))
    op.create_table(
        "mediators",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("languages", sa.Text, nullable=False, server_default="[]"),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("deactivated_at", sa.String(32)),
    )


def downgrade() -> None:
    op.drop_table("mediators")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("display_name")
