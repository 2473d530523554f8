"""Tables of the local store (SQLAlchemy Core).

The schema itself is created and changed only by the Alembic migrations in
``desktop/store/migrations``; these definitions mirror the head revision for queries, and a test
checks that the two agree. Dates are ISO-8601 text, lists are JSON text, ids are UUIDv7 text.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

client = Table(
    "client",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("family_name", Text, nullable=False, default=""),
    Column("given_names", Text, nullable=False, default=""),
    Column("birth_name", Text, nullable=False, default=""),
    Column("birth_date", String(10)),
    Column("birth_date_precision", String(10), nullable=False, default="exact"),
    Column("birth_place", Text, nullable=False, default=""),
    Column("sex", String(1), nullable=False, default="u"),
    Column("nationalities", Text, nullable=False, default="[]"),
    Column("languages", Text, nullable=False, default="[]"),
    Column("phone", Text, nullable=False, default=""),
    Column("address", Text, nullable=False, default=""),
    Column("target_group", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("last_contact_at", String(32)),
    Column("deleted", Boolean, nullable=False, default=False),
    Index("ix_client_last_contact", "last_contact_at"),  # revision 0002
)

client_alias = Table(
    "client_alias",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("family_name", Text, nullable=False, default=""),
    Column("given_names", Text, nullable=False, default=""),
    Column("kind", String(20), nullable=False, default="spelling"),
)

client_identifier = Table(
    "client_identifier",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("type", String(30), nullable=False),
    Column("value", Text, nullable=False),
    Column("value_norm", Text, nullable=False, index=True),
)

residence_status = Table(
    "residence_status",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("status", String(40), nullable=False),
    Column("paragraph", Text, nullable=False, default=""),
    Column("valid_from", String(10)),
    Column("valid_until", String(10)),
    Column("issuing_office", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
)

household_link = Table(
    "household_link",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("other_client_id", String(36), nullable=False, index=True),
    Column("relation", String(30), nullable=False),
)

consultation = Table(
    "consultation",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), nullable=False),
    Column("started_at", String(32), nullable=False),
    Column("duration_min", Integer, nullable=False, default=30),
    Column("unit", String(30), nullable=False),
    Column("caseworker", Text, nullable=False),
    Column("location", String(40), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("topics", Text, nullable=False, default="[]"),
    Column("language", String(10), nullable=False, default=""),
    Column("mediator_used", Boolean, nullable=False, default=False),
    Column("mediator_name", Text, nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("outcome", String(30), nullable=False, default=""),
    Column("next_step", Text, nullable=False, default=""),
    Column("revision_of", String(36)),
    Column("created_at", String(32), nullable=False),
    Index("ix_consultation_client_time", "client_id", "started_at"),
)

referral = Table(
    "referral",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("target", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("referred_on", String(10), nullable=False),
    Column("status", String(20), nullable=False),
    Column("feedback", Text, nullable=False, default=""),
    Column("consultation_id", String(36)),
    Column("target_kind", String(10), nullable=False, default="external"),
    Column("offer_id", String(36)),
    Column("unit", String(40), nullable=False, default=""),
    Column("topic", String(40), nullable=False, default=""),
    Column("language", String(20), nullable=False, default=""),
    Column("location", String(40), nullable=False, default=""),
    Column("contact_by", String(10), nullable=False, default="client"),
    Column("consent_id", String(36)),
    Column("failure_reason", String(40), nullable=False, default=""),
    Column("referred_by", Text, nullable=False, default=""),
    Column("referring_unit", String(40), nullable=False, default=""),
    Column("ticket_id", String(36)),
    Column("created_at", String(32), nullable=False),
    Index("ix_referral_offer_id", "offer_id"),
)

task = Table(
    "task",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("due_date", String(10), nullable=False),
    Column("text", Text, nullable=False),
    Column("assignee", Text, nullable=False, default=""),
    Column("assignee_unit", String(30), nullable=False, default=""),
    Column("done", Boolean, nullable=False, default=False),
    Column("done_at", String(32)),
    Column("consultation_id", String(36)),
    Column("created_at", String(32), nullable=False),
    Index("ix_task_open_due", "done", "due_date"),
)

# Walk-in tickets of the queues this laptop's user works (revision 0007): today's matter;
# older ones are kept for the day's figures and dropped by ``Store.purge_old_tickets``.
walk_in_ticket = Table(
    "walk_in_ticket",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("location", String(40), nullable=False),
    Column("day", String(10), nullable=False),
    Column("number", String(10), nullable=False),
    Column("arrived_at", String(32), nullable=False),
    Column("concern", String(40), nullable=False),
    Column("unit", String(40), nullable=False),
    Column("status", String(20), nullable=False, default="waiting"),
    Column("language", String(20), nullable=False, default=""),
    Column("interpreter", Boolean, nullable=False, default=False),
    Column("priority", Text, nullable=False, default="[]"),
    Column("client_id", String(36), index=True),
    Column("desk", Text, nullable=False, default=""),
    Column("called_by", Text, nullable=False, default=""),
    Column("hops", Integer, nullable=False, default=0),
    Column("created_at", String(32), nullable=False),
    Index("ix_walk_in_ticket_day", "location", "day", "status"),
)

walk_in_phase = Table(
    "walk_in_phase",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("ticket_id", String(36), nullable=False, index=True),
    Column("location", String(40), nullable=False),
    Column("phase", String(20), nullable=False),
    Column("at", String(32), nullable=False),
    Column("unit", String(40), nullable=False),
    Column("staff", Text, nullable=False, default=""),
    Column("to_unit", String(40), nullable=False, default=""),
    Column("desk", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("client_id", String(36)),
    Column("created_at", String(32), nullable=False),
)

# The directory of offers and the language mediators' pool (revision 0008).
provider = Table(
    "provider",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("website", Text, nullable=False, default=""),
    Column("email", Text, nullable=False, default=""),
    Column("phone", Text, nullable=False, default=""),
    Column("address", Text, nullable=False, default=""),
    Column("unit", String(40), nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
)
offer = Table(
    "offer",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("provider_id", String(36), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("topics", Text, nullable=False, default="[]"),
    Column("description", Text, nullable=False, default=""),
    Column("target_groups", Text, nullable=False, default="[]"),
    Column("eligibility", Text, nullable=False, default=""),
    Column("languages", Text, nullable=False, default="[]"),
    Column("places", Text, nullable=False, default="[]"),
    Column("hours", Text, nullable=False, default="[]"),
    Column("appointment_only", Boolean, nullable=False, default=False),
    Column("contact_name", Text, nullable=False, default=""),
    Column("phone", Text, nullable=False, default=""),
    Column("email", Text, nullable=False, default=""),
    Column("website", Text, nullable=False, default=""),
    Column("cost", Text, nullable=False, default=""),
    Column("accessibility", Text, nullable=False, default=""),
    Column("what_to_bring", Text, nullable=False, default=""),
    Column("translations", Text, nullable=False, default="[]"),
    Column("verified_on", String(10)),
    Column("verified_by", Text, nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", String(32), nullable=False),
)
mediator = Table(
    "mediator",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("family_name", Text, nullable=False, default=""),
    Column("given_names", Text, nullable=False, default=""),
    Column("kind", String(20), nullable=False, default="volunteer"),
    Column("languages", Text, nullable=False, default="[]"),
    Column("settings", Text, nullable=False, default="[]"),
    Column("areas", Text, nullable=False, default="[]"),
    Column("availability", Text, nullable=False, default=""),
    Column("phone", Text, nullable=False, default=""),
    Column("email", Text, nullable=False, default=""),
    Column("address", Text, nullable=False, default=""),
    Column("vetting", Text, nullable=False, default="[]"),
    Column("own_client_id", String(36)),
    Column("active", Boolean, nullable=False, default=True),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
)
mediator_booking = Table(
    "mediator_booking",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("language", String(20), nullable=False),
    Column("starts_at", String(32), nullable=False),
    Column("unit", String(40), nullable=False),
    Column("client_id", String(36), index=True),
    Column("duration_min", Integer, nullable=False, default=60),
    Column("setting", String(20), nullable=False, default="on_site"),
    Column("location", String(40), nullable=False, default=""),
    Column("address", Text, nullable=False, default=""),
    Column("mediator_id", String(36), index=True),
    Column("mediator_name", Text, nullable=False, default=""),
    Column("status", String(20), nullable=False, default="requested"),
    Column("requested_by", Text, nullable=False, default=""),
    Column("consultation_id", String(36)),
    Column("ticket_id", String(36)),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
)
hours_entry = Table(
    "hours_entry",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("mediator_id", String(36), nullable=False, index=True),
    Column("worked_on", String(10), nullable=False),
    Column("minutes", Integer, nullable=False, default=0),
    Column("unit", String(40), nullable=False),
    Column("km", Float, nullable=False, default=0.0),
    Column("allowance_cents", Integer, nullable=False, default=0),
    Column("booking_id", String(36)),
    Column("consultation_id", String(36)),
    Column("status", String(20), nullable=False, default="recorded"),
    Column("reviewed_by", Text, nullable=False, default=""),
    Column("paid_on", String(10)),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
)

# --- issue 20: consulting hours (revision 0011) ---
consulting_hours = Table(
    "consulting_hours",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("unit", String(40), nullable=False),
    Column("location", String(40), nullable=False),
    Column("kind", String(20), nullable=False, default="walk_in"),
    Column("rrule", Text, nullable=False, default=""),
    Column("opens", String(5), nullable=False, default=""),
    Column("closes", String(5), nullable=False, default=""),
    Column("valid_from", String(10)),
    Column("valid_until", String(10)),
    Column("exceptions", Text, nullable=False, default="[]"),
    Column("extra_dates", Text, nullable=False, default="[]"),
    Column("note", Text, nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", String(32), nullable=False),
)

consent = Table(
    "consent",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("recipients", Text, nullable=False),
    Column("categories", Text, nullable=False),
    Column("purpose", Text, nullable=False),
    Column("given_on", String(10), nullable=False),
    Column("valid_until", String(10)),
    Column("withdrawn_on", String(10)),
    Column("form_reference", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("op_id", String(36), nullable=False, unique=True),
    Column("kind", String(30), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("op", String(10), nullable=False),  # create | update | delete
    Column("payload", Text, nullable=False),  # JSON: the record or the changed fields
    Column("hlc", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    sqlite_autoincrement=True,
)

draft = Table(
    "draft",
    metadata,
    Column("key", String(120), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("client_id", String(36)),
    Column("payload", Text, nullable=False),
    Column("updated_at", String(32), nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

# Added in revision 0002: one row per (phonetic key, name entry) for type-ahead search.
search_key = Table(
    "search_key",
    metadata,
    Column("key", Text, nullable=False),
    Column("client_id", String(36), nullable=False),
    Column("entry", Text, nullable=False),  # folded "family given" of this name entry
    Column("entry_keys", Text, nullable=False),  # phonetic keys of the entry's tokens, in order
    Column("birth_date", String(10)),
    PrimaryKeyConstraint("key", "client_id", "entry"),
    Index("ix_search_key_client", "client_id"),
    Index("ix_search_key_birth", "birth_date"),
    sqlite_with_rowid=False,
)

# --- sync bookkeeping (revision 0003) ----------------------------------------------------
# The outbox above gains two columns in 0003: ``base`` (JSON: field -> HLC of the value the
# edit was based on) and ``acked_at`` (when the server answered; NULL = still to send).
outbox.append_column(Column("base", Text))
outbox.append_column(Column("acked_at", String(32)))
Index("ix_outbox_record", outbox.c.record_id)
# 0004: 1 for an entry sent again to a restored server (it had been acknowledged before).
outbox.append_column(Column("resent", Integer, nullable=False, server_default="0"))

# The HLC time of each field of each record, as last written here or pulled from the server.
# Most records have one time for all fields (written together), so a row holds that time in
# ``hlc`` and only the differing fields in ``clocks`` (JSON, null = field never written):
# a million consultations then cost a few dozen bytes each instead of a JSON per field.
record_clock = Table(
    "record_clock",
    metadata,
    Column("record_id", String(36), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("hlc", String(64), nullable=False),
    Column("clocks", Text),
    # The server epoch in which the server was seen holding the record ("" = written here,
    # not yet confirmed). After a restored server (new epoch) and a full pull, records still
    # tagged otherwise are what the server lacks: they are sent again. Not indexed: nearly
    # every row holds the same epoch, and that check runs once after a restore (migration 0014).
    Column("epoch", String(64), nullable=False, default=""),
    sqlite_with_rowid=False,
)

# One row (id = 1): where this store syncs to and how far it got.
sync_state = Table(
    "sync_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("server_url", Text, nullable=False, default=""),
    Column("device_id", String(64), nullable=False, default=""),  # the id the server gave us
    Column("user_name", Text, nullable=False, default=""),
    Column("epoch", String(64), nullable=False, default=""),
    Column("cursor", Integer, nullable=False, default=0),
    Column("last_success_at", String(32)),
    Column("last_error", Text),
    Column("last_error_at", String(32)),
    Column("open_conflicts", Integer, nullable=False, default=0),
    Column("resync", Integer, nullable=False, default=0),  # 1: compare after the next full pull
    Column("scope", String(64), nullable=False, default="", server_default=""),  # see engine
)

# Ops the server refused, kept (with what was refused and why) until a person settles them.
sync_rejection = Table(
    "sync_rejection",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("op_id", String(64), nullable=False, unique=True),
    Column("kind", String(30), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("client_id", String(36)),
    Column("client_name", Text, nullable=False, default=""),
    Column("op", String(10), nullable=False),
    Column("fields", Text, nullable=False, default="{}"),
    Column("reason", String(64), nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Column("hlc", String(64), nullable=False),
    Column("rejected_at", String(32), nullable=False),
    Column("settled_at", String(32)),
    Column("settled_by", Text),
    sqlite_autoincrement=True,
)


# --- merged client files (revision 0005) -------------------------------------------------------
# A client merged away on the server: its old id leads to the file it lives in now.
client_redirect = Table(
    "client_redirect",
    metadata,
    Column("old_id", String(36), primary_key=True),
    Column("new_id", String(36), nullable=False),
    Column("merge_id", String(36), nullable=False, server_default=""),
    Column("old_name", Text, nullable=False, server_default=""),
)


# --- issue 20: group sessions (revision 0010) ------------------------------------------------
# A consultation written by a group session's attendance sheet names the session.
consultation.append_column(Column("group_session_id", String(36)))
Index("ix_consultation_group_session", consultation.c.group_session_id)

group_session = Table(
    "group_session",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("unit", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("topic", String(40), nullable=False),
    Column("starts_at", String(32), nullable=False),
    Column("location", String(40), nullable=False),
    Column("duration_min", Integer, nullable=False, default=90),
    Column("series_id", String(36)),
    Column("series_no", Integer, nullable=False, default=1),
    Column("series_count", Integer, nullable=False, default=1),
    Column("languages", Text, nullable=False, default="[]"),
    Column("facilitator", Text, nullable=False, default=""),
    Column("mediator_name", Text, nullable=False, default=""),
    Column("participant_ids", Text, nullable=False, default="[]"),
    Column("anonymous_count", Integer, nullable=False, default=0),
    Column("note", Text, nullable=False, default=""),
    Column("recorded", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_group_session_starts_at", "starts_at"),
    Index("ix_group_session_series_id", "series_id"),
)

attendance = Table(
    "attendance",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("session_id", String(36), nullable=False, index=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("unit", String(40), nullable=False),
    Column("status", String(20), nullable=False, default="present"),
    Column("hours", Float, nullable=False, default=0.0),
    Column("consultation_id", String(36)),
    Column("created_at", String(32), nullable=False),
    Column("topic", String(40), nullable=False, default=""),  # revision 0012
)

# --- issue 20: support plan (revision 0009) -----------------------------------------------
support_plan = Table(
    "support_plan",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("unit", String(40), nullable=False),
    Column("started_on", String(10), nullable=False),
    Column("case_manager", Text, nullable=False, default=""),
    Column("status", String(20), nullable=False, default="active"),
    Column("next_review", String(10)),
    Column("language", String(20), nullable=False, default=""),
    Column("signed_on", String(10)),
    Column("signed_reference", Text, nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
)
plan_goal = Table(
    "plan_goal",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("plan_id", String(36), nullable=False, index=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("unit", String(40), nullable=False),
    Column("area", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("achievement", String(20), nullable=False, default="open"),
    Column("target_date", String(10)),
    Column("created_at", String(32), nullable=False),
)
plan_step = Table(
    "plan_step",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("plan_id", String(36), nullable=False, index=True),
    Column("goal_id", String(36), nullable=False),
    Column("client_id", String(36), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("owner_kind", String(20), nullable=False),
    Column("unit", String(40), nullable=False),
    Column("plan_unit", String(40), nullable=False),
    Column("due_date", String(10)),
    Column("assignee", Text, nullable=False, default=""),
    Column("offer_id", String(36)),
    Column("status", String(20), nullable=False, default="open"),
    Column("done_on", String(10)),
    Column("area", String(20), nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
    Index("ix_plan_step_unit_due", "unit", "status", "due_date"),
)
plan_review = Table(
    "plan_review",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("plan_id", String(36), nullable=False, index=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("unit", String(40), nullable=False),
    Column("reviewed_on", String(10), nullable=False),
    Column("reviewed_by", Text, nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("goals", Text, nullable=False, default="[]"),
    Column("next_review", String(10)),
    Column("created_at", String(32), nullable=False),
)

# --- issue 21: project participation (revision 0013) ------------------------------------------
project_participation = Table(
    "project_participation",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), nullable=False, index=True),
    Column("project", String(40), nullable=False),
    Column("unit", String(40), nullable=False, default="projects"),
    Column("started_on", String(10), nullable=False),
    Column("ended_on", String(10)),
    Column("exit_reason", String(40), nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
)
