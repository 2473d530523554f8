"""Project participations (issue 21): a client's participation in a funded project, from-to,
with the exit reason the funders' lists ask for.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    op.create_table(
        "project_participation",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("project", sa.String(40), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False, server_default="projects"),
        sa.Column("started_on", sa.String(10), nullable=False),
        sa.Column("ended_on", sa.String(10)),
        sa.Column("exit_reason", sa.String(40), nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_project_participation_client_id", "project_participation", ["client_id"])


def downgrade() -> None:
    op.drop_table("project_participation")
