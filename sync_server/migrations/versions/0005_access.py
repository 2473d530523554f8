"""Who may see what: record category and owning unit, consent grants, the audit log, and the
anonymous statistics kept when retention erases records.

The category and unit of existing records are worked out by the server at start from the access
policy (``sync_server.access``; rows are ``master_data`` until then, which nobody is denied).
The audit log is append-only: triggers refuse UPDATE and DELETE.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"

_REFUSE = "audit_log is append-only"


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(
            sa.Column("section", sa.String(40), nullable=False, server_default="master_data")
        )
        batch.add_column(sa.Column("unit", sa.String(40)))
    # A client's records by kind: the duplicate check and retention read a client's
    # identifiers this way; with an index on client_id alone SQLite's planner (without
    # statistics) chose the primary key (kind, id) and scanned every client.
    op.create_index("ix_records_client_kind", "records", ["client_id", "kind"])
    op.drop_index("ix_records_client", "records")
    op.create_table(
        "consent_grants",
        sa.Column("consent_id", sa.String(36), primary_key=True),
        sa.Column("unit", sa.String(40), primary_key=True),
        sa.Column("category", sa.String(40), primary_key=True),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("given_on", sa.String(10), nullable=False),
        sa.Column("valid_until", sa.String(10)),
        sa.Column("withdrawn_on", sa.String(10)),
    )
    op.create_index("ix_consent_grants_client", "consent_grants", ["client_id"])
    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer, "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("device_id", sa.String(36)),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("client_id", sa.String(36)),
        sa.Column("kind", sa.String(30)),
        sa.Column("record_id", sa.String(36)),
        sa.Column("detail", sa.Text),
    )
    op.create_index("ix_audit_client", "audit_log", ["client_id", "id"])
    op.create_table(
        "statistics",
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("unit", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("topic", sa.String(40), primary_key=True),
        sa.Column("consultations", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_audit_user", "audit_log", ["user_name", "id"])
    if op.get_context().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END"
            )
    else:
        op.execute(f"""CREATE FUNCTION audit_log_refuse() RETURNS trigger AS $$
                       BEGIN RAISE EXCEPTION '{_REFUSE}'; END $$ LANGUAGE plpgsql""")
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            "ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()"
        )


def downgrade() -> None:
    if op.get_context().dialect.name != "sqlite":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_refuse()")
    op.create_index("ix_records_client", "records", ["client_id"])
    op.drop_index("ix_records_client_kind", "records")
    op.drop_table("statistics")
    op.drop_table("audit_log")
    op.drop_table("consent_grants")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("unit")
        batch.drop_column("section")
