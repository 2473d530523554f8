"""The first schema of the local store: client file records, outbox, drafts.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

S36 = sa.String(36)


def _id():
    return sa.Column("id", S36, primary_key=True)


def _client_id():
    return sa.Column("client_id", S36, nullable=False, index=True)


def _text(name, default=""):
    return sa.Column(name, sa.Text, nullable=False, server_default=default)


def upgrade() -> None:
    op.create_table(
        "client",
        _id(),
        _text("family_name"),
        _text("given_names"),
        _text("birth_name"),
        sa.Column("birth_date", sa.String(10)),
        sa.Column("birth_date_precision", sa.String(10), nullable=False, server_default="exact"),
        _text("birth_place"),
        sa.Column("sex", sa.String(1), nullable=False, server_default="u"),
        _text("nationalities", "[]"),
        _text("languages", "[]"),
        _text("phone"),
        _text("address"),
        _text("target_group"),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("last_contact_at", sa.String(32)),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "client_alias",
        _id(),
        _client_id(),
        _text("family_name"),
        _text("given_names"),
        sa.Column("kind", sa.String(20), nullable=False, server_default="spelling"),
    )
    op.create_table(
        "client_identifier",
        _id(),
        _client_id(),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("value_norm", sa.Text, nullable=False, index=True),
    )
    op.create_table(
        "residence_status",
        _id(),
        _client_id(),
        sa.Column("status", sa.String(40), nullable=False),
        _text("paragraph"),
        sa.Column("valid_from", sa.String(10)),
        sa.Column("valid_until", sa.String(10)),
        _text("issuing_office"),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "household_link",
        _id(),
        _client_id(),
        sa.Column("other_client_id", S36, nullable=False, index=True),
        sa.Column("relation", sa.String(30), nullable=False),
    )
    op.create_table(
        "consultation",
        _id(),
        sa.Column("client_id", S36, nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("duration_min", sa.Integer, nullable=False, server_default="30"),
        sa.Column("unit", sa.String(30), nullable=False),
        sa.Column("caseworker", sa.Text, nullable=False),
        sa.Column("location", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        _text("topics", "[]"),
        sa.Column("language", sa.String(10), nullable=False, server_default=""),
        sa.Column("mediator_used", sa.Boolean, nullable=False, server_default=sa.false()),
        _text("mediator_name"),
        _text("note"),
        sa.Column("outcome", sa.String(30), nullable=False, server_default=""),
        _text("next_step"),
        sa.Column("revision_of", S36),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_consultation_client_time", "consultation", ["client_id", "started_at"])
    op.create_table(
        "referral",
        _id(),
        _client_id(),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("referred_on", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        _text("feedback"),
        sa.Column("consultation_id", S36),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "task",
        _id(),
        _client_id(),
        sa.Column("due_date", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        _text("assignee"),
        sa.Column("assignee_unit", sa.String(30), nullable=False, server_default=""),
        sa.Column("done", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("done_at", sa.String(32)),
        sa.Column("consultation_id", S36),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_task_open_due", "task", ["done", "due_date"])
    op.create_table(
        "consent",
        _id(),
        _client_id(),
        sa.Column("recipients", sa.Text, nullable=False),
        sa.Column("categories", sa.Text, nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("given_on", sa.String(10), nullable=False),
        sa.Column("valid_until", sa.String(10)),
        sa.Column("withdrawn_on", sa.String(10)),
        _text("form_reference"),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("op_id", S36, nullable=False, unique=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("record_id", S36, nullable=False),
        sa.Column("op", sa.String(10), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "draft",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("client_id", S36),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "meta",
        "draft",
        "outbox",
        "consent",
        "task",
        "referral",
        "consultation",
        "household_link",
        "residence_status",
        "client_identifier",
        "client_alias",
        "client",
    ):
        op.drop_table(name)
