"""Group sessions (issue 20): Gruppenberatung and Wohnschulung with each participant's
attendance; a consultation written by a session's attendance sheet names the session.

Revision ID: 0010
Revises: 0009 (chained at the merge of the support plan: 0009 -> 0010 -> 0011)
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    with op.batch_alter_table("consultation") as batch:
        batch.add_column(sa.Column("group_session_id", sa.String(36)))
    op.create_index("ix_consultation_group_session", "consultation", ["group_session_id"])
    op.create_table(
        "group_session",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("topic", sa.String(40), nullable=False),
        sa.Column("starts_at", sa.String(32), nullable=False),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("duration_min", sa.Integer, nullable=False, server_default="90"),
        sa.Column("series_id", sa.String(36)),
        sa.Column("series_no", sa.Integer, nullable=False, server_default="1"),
        sa.Column("series_count", sa.Integer, nullable=False, server_default="1"),
        sa.Column("languages", sa.Text, nullable=False, server_default="[]"),
        sa.Column("facilitator", sa.Text, nullable=False, server_default=""),
        sa.Column("mediator_name", sa.Text, nullable=False, server_default=""),
        sa.Column("participant_ids", sa.Text, nullable=False, server_default="[]"),
        sa.Column("anonymous_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("recorded", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_group_session_starts_at", "group_session", ["starts_at"])
    op.create_index("ix_group_session_series_id", "group_session", ["series_id"])
    op.create_table(
        "attendance",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="present"),
        sa.Column("hours", sa.Float, nullable=False, server_default="0"),
        sa.Column("consultation_id", sa.String(36)),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_attendance_session_id", "attendance", ["session_id"])
    op.create_index("ix_attendance_client_id", "attendance", ["client_id"])


def downgrade() -> None:
    op.drop_table("attendance")
    op.drop_table("group_session")
    op.drop_index("ix_consultation_group_session", "consultation")
    with op.batch_alter_table("consultation") as batch:
        batch.drop_column("group_session_id")
