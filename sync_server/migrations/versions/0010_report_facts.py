"""Reports: the facts the reports count (issue 21). A database that holds records already gets
them at the next start of the server (``sync_server.report_facts.ensure``); an empty one is
marked as complete, since every write keeps them from now on.

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
        sa.Column("fact", sa.String(20), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("client_id", sa.String(36)),
        sa.Column("parent_id", sa.String(36)),
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
        sa.Column("superseded", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("birth_year", sa.Integer),
        sa.Column("sex", sa.String(2), nullable=False, server_default="u"),
        sa.Column("nationality", sa.String(20), nullable=False, server_default=""),
        sa.Column("target_group", sa.String(40), nullable=False, server_default=""),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_report_facts_id", "report_facts", ["id"], unique=True)
    op.create_index("ix_report_facts_client", "report_facts", ["client_id"])
    op.create_index("ix_report_facts_revision", "report_facts", ["revision_of"])
    op.create_index("ix_report_facts_parent", "report_facts", ["parent_id"])
    op.create_table(
        "report_topics",
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("topic", sa.String(40), primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_report_topics_id", "report_topics", ["id"])
    op.create_table(
        "report_clients",
        sa.Column("client_id", sa.String(36), primary_key=True),
        sa.Column("birth_year", sa.Integer),
        sa.Column("sex", sa.String(2), nullable=False, server_default="u"),
        sa.Column("nationality", sa.String(20), nullable=False, server_default=""),
        sa.Column("target_group", sa.String(40), nullable=False, server_default=""),
    )
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM records LIMIT 1")).first() is None:
        # Version "1" of the facts (sync_server.report_facts.VERSION when this was written).
        bind.execute(sa.text("INSERT INTO meta (key, value) VALUES ('report_facts', '1')"))


def downgrade() -> None:
    op.execute("DELETE FROM meta WHERE key = 'report_facts'")
    op.drop_table("report_clients")
    op.drop_index("ix_report_topics_id", "report_topics")
    op.drop_table("report_topics")
    for name in ("parent", "revision", "client", "id"):
        op.drop_index(f"ix_report_facts_{name}", "report_facts")
    op.drop_table("report_facts")
