"""The directory of offers, closed-loop referrals, and the language mediators' pool
(issue 19): providers and offers (Open Referral HSDS names), mediators, their bookings and
hours; referrals gain their target (offer, unit, external body), need (topic, language,
place), consent and outcome.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.add_column(
            sa.Column("target_kind", sa.String(10), nullable=False, server_default="external")
        )
        batch.add_column(sa.Column("offer_id", sa.String(36)))
        batch.add_column(sa.Column("unit", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("topic", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("language", sa.String(20), nullable=False, server_default=""))
        batch.add_column(sa.Column("location", sa.String(40), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("contact_by", sa.String(10), nullable=False, server_default="client")
        )
        batch.add_column(sa.Column("consent_id", sa.String(36)))
        batch.add_column(
            sa.Column("failure_reason", sa.String(40), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("referred_by", sa.Text, nullable=False, server_default=""))
        batch.add_column(
            sa.Column("referring_unit", sa.String(40), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("ticket_id", sa.String(36)))
    op.create_index("ix_referral_offer_id", "referral", ["offer_id"])
    op.create_table(
        "provider",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("website", sa.Text, nullable=False, server_default=""),
        sa.Column("email", sa.Text, nullable=False, server_default=""),
        sa.Column("phone", sa.Text, nullable=False, server_default=""),
        sa.Column("address", sa.Text, nullable=False, server_default=""),
        sa.Column("unit", sa.String(40), nullable=False, server_default=""),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "offer",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("provider_id", sa.String(36), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("topics", sa.Text, nullable=False, server_default="[]"),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("target_groups", sa.Text, nullable=False, server_default="[]"),
        sa.Column("eligibility", sa.Text, nullable=False, server_default=""),
        sa.Column("languages", sa.Text, nullable=False, server_default="[]"),
        sa.Column("places", sa.Text, nullable=False, server_default="[]"),
        sa.Column("hours", sa.Text, nullable=False, server_default="[]"),
        sa.Column("appointment_only", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("contact_name", sa.Text, nullable=False, server_default=""),
        sa.Column("phone", sa.Text, nullable=False, server_default=""),
        sa.Column("email", sa.Text, nullable=False, server_default=""),
        sa.Column("website", sa.Text, nullable=False, server_default=""),
        sa.Column("cost", sa.Text, nullable=False, server_default=""),
        sa.Column("accessibility", sa.Text, nullable=False, server_default=""),
        sa.Column("what_to_bring", sa.Text, nullable=False, server_default=""),
        sa.Column("translations", sa.Text, nullable=False, server_default="[]"),
        sa.Column("verified_on", sa.String(10)),
        sa.Column("verified_by", sa.Text, nullable=False, server_default=""),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_offer_provider_id", "offer", ["provider_id"])
    op.create_table(
        "mediator",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("family_name", sa.Text, nullable=False, server_default=""),
        sa.Column("given_names", sa.Text, nullable=False, server_default=""),
        sa.Column("kind", sa.String(20), nullable=False, server_default="volunteer"),
        sa.Column("languages", sa.Text, nullable=False, server_default="[]"),
        sa.Column("settings", sa.Text, nullable=False, server_default="[]"),
        sa.Column("areas", sa.Text, nullable=False, server_default="[]"),
        sa.Column("availability", sa.Text, nullable=False, server_default=""),
        sa.Column("phone", sa.Text, nullable=False, server_default=""),
        sa.Column("email", sa.Text, nullable=False, server_default=""),
        sa.Column("address", sa.Text, nullable=False, server_default=""),
        sa.Column("vetting", sa.Text, nullable=False, server_default="[]"),
        sa.Column("own_client_id", sa.String(36)),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "mediator_booking",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("language", sa.String(20), nullable=False),
        sa.Column("starts_at", sa.String(32), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("client_id", sa.String(36)),
        sa.Column("duration_min", sa.Integer, nullable=False, server_default="60"),
        sa.Column("setting", sa.String(20), nullable=False, server_default="on_site"),
        sa.Column("location", sa.String(40), nullable=False, server_default=""),
        sa.Column("address", sa.Text, nullable=False, server_default=""),
        sa.Column("mediator_id", sa.String(36)),
        sa.Column("mediator_name", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(20), nullable=False, server_default="requested"),
        sa.Column("requested_by", sa.Text, nullable=False, server_default=""),
        sa.Column("consultation_id", sa.String(36)),
        sa.Column("ticket_id", sa.String(36)),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_mediator_booking_client_id", "mediator_booking", ["client_id"])
    op.create_index("ix_mediator_booking_mediator_id", "mediator_booking", ["mediator_id"])
    op.create_table(
        "hours_entry",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("mediator_id", sa.String(36), nullable=False),
        sa.Column("worked_on", sa.String(10), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("km", sa.Float, nullable=False, server_default="0"),
        sa.Column("allowance_cents", sa.Integer, nullable=False, server_default="0"),
        sa.Column("booking_id", sa.String(36)),
        sa.Column("consultation_id", sa.String(36)),
        sa.Column("status", sa.String(20), nullable=False, server_default="recorded"),
        sa.Column("reviewed_by", sa.Text, nullable=False, server_default=""),
        sa.Column("paid_on", sa.String(10)),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_hours_entry_mediator_id", "hours_entry", ["mediator_id"])


def downgrade() -> None:
    op.drop_table("hours_entry")
    op.drop_table("mediator_booking")
    op.drop_table("mediator")
    op.drop_table("offer")
    op.drop_table("provider")
    op.drop_index("ix_referral_offer_id", "referral")
    with op.batch_alter_table("referral") as batch:
        batch.drop_column("ticket_id")
        batch.drop_column("referring_unit")
        batch.drop_column("referred_by")
        batch.drop_column("failure_reason")
        batch.drop_column("consent_id")
        batch.drop_column("contact_by")
        batch.drop_column("location")
        batch.drop_column("language")
        batch.drop_column("topic")
        batch.drop_column("unit")
        batch.drop_column("offer_id")
        batch.drop_column("target_kind")
