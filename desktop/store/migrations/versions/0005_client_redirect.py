"""Merged client files: the redirect from a merged-away client id to the file it lives in.

Filled from pulled merges (a client tombstone with ``merged_into``), removed by an unmerge.
Views opened on an old id switch to the surviving file with a note.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "client_redirect",
        sa.Column("old_id", sa.String(36), primary_key=True),
        sa.Column("new_id", sa.String(36), nullable=False),
        sa.Column("merge_id", sa.String(36), nullable=False, server_default=""),
        sa.Column("old_name", sa.Text, nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("client_redirect")
