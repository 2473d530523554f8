"""Accounts: locked users, one-time passwords, token expiry, login throttling in the database.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("locked_at", sa.String(32)))
        batch.add_column(
            sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("password_changed_at", sa.String(32)))
        batch.add_column(sa.Column("previous_password_hash", sa.Text))
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("token_issued_at", sa.String(32)))
    # One row per throttled key ("user:<name>", "addr:<ip>"): failures in the current window.
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("window_start", sa.String(32), nullable=False),
    )
    op.drop_table("login_failures")


def downgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("failed_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_login_failures_user", "login_failures", ["user_name", "failed_at"])
    op.drop_table("login_throttle")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("token_issued_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("previous_password_hash")
        batch.drop_column("password_changed_at")
        batch.drop_column("must_change_password")
        batch.drop_column("locked_at")
