"""Support plans of case management (issue 20): the plan (Förderplan) of a client with its
goals, agreed steps (owned by the plan's unit or handed over to another unit) and reviews.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    op.create_table(
        "support_plan",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("started_on", sa.String(10), nullable=False),
        sa.Column("case_manager", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(20), nullable=False, server_default="active"),
        sa.Column("next_review", sa.String(10)),
        sa.Column("language", sa.String(20), nullable=False, server_default=""),
        sa.Column("signed_on", sa.String(10)),
        sa.Column("signed_reference", sa.Text, nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_support_plan_client_id", "support_plan", ["client_id"])
    op.create_table(
        "plan_goal",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("plan_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("area", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("achievement", sa.String(20), nullable=False, server_default="open"),
        sa.Column("target_date", sa.String(10)),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_plan_goal_plan_id", "plan_goal", ["plan_id"])
    op.create_index("ix_plan_goal_client_id", "plan_goal", ["client_id"])
    op.create_table(
        "plan_step",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("plan_id", sa.String(36), nullable=False),
        sa.Column("goal_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("owner_kind", sa.String(20), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("plan_unit", sa.String(40), nullable=False),
        sa.Column("due_date", sa.String(10)),
        sa.Column("assignee", sa.Text, nullable=False, server_default=""),
        sa.Column("offer_id", sa.String(36)),
        sa.Column("status", sa.String(20), nullable=False, server_default="open"),
        sa.Column("done_on", sa.String(10)),
        sa.Column("area", sa.String(20), nullable=False, server_default=""),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_plan_step_plan_id", "plan_step", ["plan_id"])
    op.create_index("ix_plan_step_client_id", "plan_step", ["client_id"])
    op.create_table(
        "plan_review",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("plan_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("reviewed_on", sa.String(10), nullable=False),
        sa.Column("reviewed_by", sa.Text, nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("goals", sa.Text, nullable=False, server_default="[]"),
        sa.Column("next_review", sa.String(10)),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_plan_review_plan_id", "plan_review", ["plan_id"])
    op.create_index("ix_plan_review_client_id", "plan_review", ["client_id"])
    op.create_index("ix_plan_step_unit_due", "plan_step", ["unit", "status", "due_date"])


def downgrade() -> None:
    op.drop_table("plan_review")
    op.drop_table("plan_step")
    op.drop_table("plan_goal")
    op.drop_table("support_plan")
