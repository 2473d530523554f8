"""Outbox entries sent again to a restored server are marked (``resent``).

After a server restore (new epoch) a laptop sends again what the server had acknowledged
before. A refusal of such a replay is not news for a person -- the record was deleted
meanwhile by someone else -- so the engine settles it silently instead of listing it.
Existing entries are not re-sent ones.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.add_column("outbox", sa.Column("resent", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("resent")
