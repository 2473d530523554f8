"""What this laptop may hold, as the server last named it (``sync_state.scope``).

The server names a scope in every pull answer; it changes when the access rules or the user's
units or roles change. The engine then drops the unit sections it holds and pulls again.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.add_column(
        "sync_state", sa.Column("scope", sa.String(64), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("scope")
