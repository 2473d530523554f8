"""PostgreSQL: the sequence behind provisional (negative) record sequence numbers.

A push on PostgreSQL stores its records under provisional numbers and commits without
waiting for the server-wide counter; a short step afterwards gives them their final numbers
in commit order (see sync_server.db.sequence_pending). SQLite has one writer at a time and
keeps taking final numbers inside the push.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE IF NOT EXISTS records_pending_seq")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE IF EXISTS records_pending_seq")
