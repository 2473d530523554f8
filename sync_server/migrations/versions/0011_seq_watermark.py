"""PostgreSQL: records take their final sequence numbers inside the writing transaction, from
the sequence ``records_seq``; readers stop below the writers still in flight (the watermark,
see sync_server.db.reach). The numbering step after each commit, the provisional negative
numbers and their sequence ``records_pending_seq`` are gone. Records a dead process left
provisional are numbered here first; the sequence continues where the counter stood, so every
cursor a laptop holds stays valid. The ``counters`` row ``seq`` is no longer used on
PostgreSQL (a downgrade sets it again). SQLite is unchanged: the counter, one writer at a time.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # Provisional records in the order they were written (-1, -2, ...), after the counter.
    op.execute(
        "UPDATE records SET seq = c.value + p.n FROM "
        "(SELECT id, row_number() OVER (ORDER BY seq DESC) AS n FROM records WHERE seq < 0) p, "
        "counters c WHERE c.name = 'seq' AND records.id = p.id"
    )
    op.execute(
        "UPDATE counters SET value = greatest(value, "
        "(SELECT coalesce(max(seq), 0) FROM records)) WHERE name = 'seq'"
    )
    op.execute("CREATE SEQUENCE records_seq AS bigint MINVALUE 0 START WITH 0")
    op.execute(
        "SELECT setval('records_seq', coalesce((SELECT value FROM counters WHERE name = 'seq'), "
        "0), true)"
    )
    op.execute("DROP SEQUENCE IF EXISTS records_pending_seq")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "UPDATE counters SET value = (SELECT CASE WHEN is_called THEN last_value "
        "ELSE last_value - 1 END FROM records_seq) WHERE name = 'seq'"
    )
    op.execute("DROP SEQUENCE records_seq")
    op.execute("CREATE SEQUENCE IF NOT EXISTS records_pending_seq")
