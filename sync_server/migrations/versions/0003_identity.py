"""One client file per person: merges (reversible, audited), their moves, the review queue of
likely duplicates, and the blocking keys of every client.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

ID = sa.String(36)
T32 = sa.String(32)


def upgrade() -> None:
    op.create_table(
        "merges",
        sa.Column("id", ID, primary_key=True),
        sa.Column("survivor_id", ID, nullable=False),
        sa.Column("merged_id", ID, nullable=False),
        sa.Column("score", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("merged_by", sa.String(200), nullable=False),
        sa.Column("merged_at", T32, nullable=False),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.Column("undone_at", T32),
        sa.Column("undone_by", sa.String(200)),
    )
    op.create_index("ix_merges_survivor", "merges", ["survivor_id"])
    op.create_index("ix_merges_merged", "merges", ["merged_id"])
    op.create_table(
        "merge_moves",
        sa.Column("merge_id", ID, primary_key=True),
        sa.Column("record_id", ID, primary_key=True),
        sa.Column("field", sa.String(30), primary_key=True),
    )
    op.create_table(
        "match_candidates",
        sa.Column("id", ID, primary_key=True),
        sa.Column("left_id", ID, nullable=False),
        sa.Column("right_id", ID, nullable=False),
        sa.Column("score", sa.Text, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", T32, nullable=False),
        sa.Column("decided_at", T32),
        sa.Column("decided_by", sa.String(200)),
    )
    op.create_index("ix_match_pair", "match_candidates", ["left_id", "right_id"], unique=True)
    op.create_index("ix_match_status", "match_candidates", ["status", "created_at"])
    op.create_table(
        "match_keys",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("client_id", ID, primary_key=True),
    )
    op.create_index("ix_match_keys_client", "match_keys", ["client_id"])


def downgrade() -> None:
    op.drop_table("match_keys")
    op.drop_table("match_candidates")
    op.drop_table("merge_moves")
    op.drop_table("merges")
