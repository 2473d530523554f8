"""Reports: the facts the reports count (issue 21; filled at the next start of the server by
``sync_server.report_facts.ensure``).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    op.create_table(
        "report_facts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("fact", sa.String(20), nullable=False),
        sa.Column("client_id", sa.String(36)),
        sa.Column("parent_id", sa.String(36)),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("month", sa.Integer, nullable=False),
        sa.Column("unit", sa.String(40), nullable=False, server_default=""),
        sa.Column("place", sa.String(20), nullable=False, server_default=""),
        sa.Column("location", sa.String(40), nullable=False, server_default=""),
        sa.Column("kind", sa.String(40), nullable=False, server_default=""),
        sa.Column("topic", sa.String(40), nullable=False, server_default=""),
        sa.Column("language", sa.String(20), nullable=False, server_default=""),
        sa.Column("interpreter", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("outcome", sa.String(40), nullable=False, server_default=""),
        sa.Column("reason", sa.String(40), nullable=False, server_default=""),
        sa.Column("minutes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("amount", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("revision_of", sa.String(36)),
    )
    op.create_index("ix_report_facts_day", "report_facts", ["fact", "day"])
    op.create_index("ix_report_facts_client", "report_facts", ["client_id"])
    op.create_index("ix_report_facts_revision", "report_facts", ["revision_of"])
    op.create_index("ix_report_facts_parent", "report_facts", ["parent_id"])
    op.create_table(
        "report_topics",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("topic", sa.String(40), primary_key=True),
    )
    op.create_table(
        "report_clients",
        sa.Column("client_id", sa.String(36), primary_key=True),
        sa.Column("birth_year", sa.Integer),
        sa.Column("sex", sa.String(2), nullable=False, server_default="u"),
        sa.Column("nationality", sa.String(20), nullable=False, server_default=""),
        sa.Column("target_group", sa.String(40), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("report_clients")
    op.drop_table("report_topics")
    for name in ("parent", "revision", "client", "day"):
        op.drop_index(f"ix_report_facts_{name}", "report_facts")
    op.drop_table("report_facts")
