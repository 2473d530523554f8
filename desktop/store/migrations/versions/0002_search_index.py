"""Type-ahead search index (phonetic name keys per client and alias, built from existing data)
and an index for "recent clients".

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "search_key",
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("entry", sa.Text, nullable=False),
        sa.Column("entry_keys", sa.Text, nullable=False),
        sa.Column("birth_date", sa.String(10)),
        sa.PrimaryKeyConstraint("key", "client_id", "entry"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_search_key_client", "search_key", ["client_id"])
    op.create_index("ix_search_key_birth", "search_key", ["birth_date"])
    op.create_index("ix_client_last_contact", "client", ["last_contact_at"])
    # The index is derived data: fill it for stores that already hold clients.
    from desktop.store import search

    search.rebuild_index(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_client_last_contact", "client")
    op.drop_table("search_key")
