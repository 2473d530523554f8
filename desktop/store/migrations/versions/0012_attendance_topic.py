"""An attendance carries its session's topic (issue 20): taking part in a health session is
health data, classified as the session is.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    with op.batch_alter_table("attendance") as batch:
        batch.add_column(sa.Column("topic", sa.String(40), nullable=False, server_default=""))
    op.execute(
        "UPDATE attendance SET topic = COALESCE("
        "(SELECT s.topic FROM group_session s WHERE s.id = attendance.session_id), '')"
    )


def downgrade() -> None:
    with op.batch_alter_table("attendance") as batch:
        batch.drop_column("topic")
