"""No index on ``record_clock.epoch``: every record a laptop got from the server carries the
same epoch, so the index held one key for all of them -- about a tenth of the store's file at
two million records, written (encrypted) on every first sync and pull. Its one reader, the
check for records a restored server lacks (``SyncEngine._queue_missing``), runs once after a
server restore and reads the table through instead.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    op.drop_index("ix_record_clock_epoch", table_name="record_clock")


def downgrade() -> None:
    op.create_index("ix_record_clock_epoch", "record_clock", ["epoch"])
