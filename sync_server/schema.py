"""Tables of the server store (SQLAlchemy Core), the same on SQLite and PostgreSQL.

The schema is created and changed only by the Alembic migrations in
``sync_server/migrations``; these definitions mirror the head revision for queries (a test
checks that the two agree). Record fields, clocks and results are JSON stored as text: the
server passes them through without parsing where it can (pull pages), and text is portable.
Times are ISO-8601 UTC text.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

ID = String(36)

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),  # argon2id, with its parameters
    Column("roles", Text, nullable=False, default="[]"),
    Column("units", Text, nullable=False, default="[]"),
    Column("created_at", String(32), nullable=False),
    # Accounts (revision 0006): a locked user's devices are refused at once; after an
    # administrator's reset the one-time password must be changed before anything else.
    Column("locked_at", String(32)),
    Column("must_change_password", Boolean, nullable=False, default=False),
    Column("password_changed_at", String(32)),
    Column("previous_password_hash", Text),  # not to be chosen again after a change/reset
    Column("display_name", String(200)),  # revision 0007: shown in the directory, if any
)

devices = Table(
    "devices",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 hex of the token
    Column("created_at", String(32), nullable=False),
    Column("last_seen_at", String(32)),
    Column("revoked_at", String(32)),
    Column("token_issued_at", String(32)),  # revision 0006: a login rotates the token
)

# Failed logins per user name and per client address ("user:<name>", "addr:<ip>") in the
# current window (revision 0006); in the database because the server holds no state between
# requests: every process sees the same count, and a row lock makes the count atomic.
login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_start", String(32), nullable=False),
)

records = Table(
    "records",
    metadata,
    Column("kind", String(30), primary_key=True),
    Column("id", ID, primary_key=True),
    Column("client_id", ID),  # the client file it belongs to (itself for clients)
    Column("fields", Text, nullable=False),
    Column("clocks", Text, nullable=False),
    Column("origins", Text),  # see casefile.sync.RecordState.origins
    Column("deleted", Boolean, nullable=False, default=False),
    Column("seq", BigInteger, nullable=False),
    Column("updated_at", String(32), nullable=False),
    # Access (revision 0005, sync_server.access): the record's data category and owning unit.
    Column("section", String(40), nullable=False, server_default="master_data"),
    Column("unit", String(40)),
    Index("ix_records_seq", "seq", unique=True),
    Index("ix_records_id", "id", unique=True),  # ids are UUIDs: unique across kinds
    # (client_id, kind): a client's identifiers and the like in one range; client_id alone
    # lets SQLite's planner prefer the primary key (kind, id) and scan every client (0005).
    Index("ix_records_client_kind", "client_id", "kind"),
)

applied_ops = Table(
    "applied_ops",
    metadata,
    Column("op_id", String(64), primary_key=True),
    Column("device_id", ID, nullable=False),
    Column("result", Text, nullable=False),  # the OpResult dict returned on every replay
    Column("applied_at", String(32), nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("record_id", ID, nullable=False),
    Column("client_id", ID),
    Column("field", String(64), nullable=False),
    Column("value", Text),  # JSON of the losing value
    Column("hlc", String(64), nullable=False),
    Column("winner_value", Text),
    Column("winner_hlc", String(64), nullable=False),
    Column("needs_person", Boolean, nullable=False),
    Column("device_id", ID),
    Column("created_at", String(32), nullable=False),
    Column("resolved_at", String(32)),
    Column("resolved_by", String(200)),
    Column("resolution", Text),
    Index("ix_conflicts_record", "kind", "record_id"),
    Index("ix_conflicts_open", "resolved_at", "created_at"),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

# --- one client file per person (revision 0003) -------------------------------------------

# A merge of client ``merged_id`` into ``survivor_id``: who, when, why, and what it changed, so
# that it can be undone exactly. ``snapshot`` (JSON) holds both client records as they were.
merges = Table(
    "merges",
    metadata,
    Column("id", ID, primary_key=True),
    Column("survivor_id", ID, nullable=False),
    Column("merged_id", ID, nullable=False),
    Column("score", Text),  # the matcher's score and reasons (JSON), if any
    Column("reason", Text, nullable=False),  # why, in words of the person (or "automatisch")
    Column("merged_by", String(200), nullable=False),
    Column("merged_at", String(32), nullable=False),
    Column("snapshot", Text, nullable=False),
    Column("undone_at", String(32)),
    Column("undone_by", String(200)),
    Index("ix_merges_survivor", "survivor_id"),
    Index("ix_merges_merged", "merged_id"),
)

# Every record a merge re-pointed (at the merge, or later when a device pushed a record made
# against the merged-away id): an unmerge moves exactly these back.
merge_moves = Table(
    "merge_moves",
    metadata,
    Column("merge_id", ID, primary_key=True),
    Column("record_id", ID, primary_key=True),
    Column("field", String(30), primary_key=True),  # client_id | other_client_id
)

# Pairs the matcher proposed: open (for review), merged, or distinct ("not the same person":
# remembered, never proposed or merged automatically again).
match_candidates = Table(
    "match_candidates",
    metadata,
    Column("id", ID, primary_key=True),
    Column("left_id", ID, nullable=False),
    Column("right_id", ID, nullable=False),
    Column("score", Text, nullable=False),  # JSON: score, decision, reasons
    Column("status", String(10), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("decided_at", String(32)),
    Column("decided_by", String(200)),
    Index("ix_match_pair", "left_id", "right_id", unique=True),
    Index("ix_match_status", "status", "created_at"),
)

# Blocking keys of every live client (see casefile.dedupe.block_keys): the candidates of one
# client are found by key, without loading the registry.
match_keys = Table(
    "match_keys",
    metadata,
    Column("key", String(120), primary_key=True),
    Column("client_id", ID, primary_key=True),
    Index("ix_match_keys_client", "client_id"),
)

# Clients a push created or changed, waiting for the duplicate check (revision 0004): written
# in the push transaction, so no check is lost when a process dies; drained after the commit
# by one process at a time, in batches.
match_pending = Table(
    "match_pending",
    metadata,
    Column("client_id", ID, primary_key=True),
    Column("queued_at", String(32), nullable=False),
)

# --- who may see what (revision 0005) -------------------------------------------------------

# What the active consent records open: unit U may read category C of client X (one row per
# recipient unit and category of a consent; rewritten whenever the consent record changes).
consent_grants = Table(
    "consent_grants",
    metadata,
    Column("consent_id", ID, primary_key=True),
    Column("unit", String(40), primary_key=True),
    Column("category", String(40), primary_key=True),
    Column("client_id", ID, nullable=False),
    Column("given_on", String(10), nullable=False),
    Column("valid_until", String(10)),
    Column("withdrawn_on", String(10)),
    Index("ix_consent_grants_client", "client_id"),
)

# The audit log: every read of a client file section (also "sent to device"), every change,
# merge, export, consent change and refusal -- who, from which device, when. Append-only: the
# database refuses UPDATE and DELETE on it (triggers of revision 0005).
audit_log = Table(
    "audit_log",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("at", String(32), nullable=False),
    Column("user_name", String(200), nullable=False),
    Column("device_id", ID),
    Column("action", String(30), nullable=False),
    Column("client_id", ID),
    Column("kind", String(30)),
    Column("record_id", ID),
    Column("detail", Text),
    Index("ix_audit_client", "client_id", "id"),
    Index("ix_audit_user", "user_name", "id"),
)

# Anonymous counts kept when records are erased by retention (revision 0005): consultations
# per year, unit, kind and topic -- no person, no id.
statistics = Table(
    "statistics",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("unit", String(40), primary_key=True),
    Column("kind", String(40), primary_key=True),
    Column("topic", String(40), primary_key=True),
    Column("consultations", BigInteger, nullable=False),
)

# The county's pool of language mediators (revision 0007), part of the directory every laptop
# reads (sync_server.directory). Deactivated, never deleted: consultations naming one stay valid.
mediators = Table(
    "mediators",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("languages", Text, nullable=False, default="[]"),  # catalog codes (JSON list)
    Column("created_at", String(32), nullable=False),
    Column("deactivated_at", String(32)),
)

SEQ_COUNTER = "seq"


# --- walk-in queues (revision 0008) ---------------------------------------------------------

# The current state of every live walk-in ticket, kept from the ticket records by
# ``store.write_records`` (like consent_grants): the call of the next ticket and the queue
# statistics find a location's tickets of a day without reading every record's JSON.
walk_in_queue = Table(
    "walk_in_queue",
    metadata,
    Column("ticket_id", ID, primary_key=True),
    Column("location", String(40), nullable=False),
    Column("day", String(10), nullable=False),
    Column("unit", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("number", String(10), nullable=False),
    Column("arrived_at", String(32), nullable=False),
    Column("priority", Text, nullable=False, server_default="[]"),
    Column("concern", String(40), nullable=False, server_default=""),
    Column("language", String(20), nullable=False, server_default=""),
    Column("interpreter", Boolean, nullable=False, server_default="0"),
    Column("hops", Integer, nullable=False, server_default="0"),
    Index("ix_walk_in_queue_day", "location", "day", "status"),
)

# Every phase of every live ticket (kept from the phase records like walk_in_queue): the queue
# statistics read a location's days from here, not from every record's JSON, and the
# waiting-room display its calls (phase "called": number from walk_in_queue, desk, time). No
# names: ids, units, times, the staff member's login, the desk.
walk_in_log = Table(
    "walk_in_log",
    metadata,
    Column("phase_id", ID, primary_key=True),
    Column("ticket_id", ID, nullable=False),
    Column("location", String(40), nullable=False),
    Column("day", String(10), nullable=False),
    Column("phase", String(20), nullable=False),
    Column("at", String(32), nullable=False),
    Column("unit", String(40), nullable=False),
    Column("to_unit", String(40), nullable=False, server_default=""),
    Column("staff", String(200), nullable=False, server_default=""),
    Column("desk", String(40), nullable=False, server_default=""),
    Index("ix_walk_in_log_day", "location", "day"),
)

# The ticket number prefix of each device that issues tickets ("A", "B", ..., "AA"): handed
# out once, never reused, so numbers of two devices never clash, even after hours offline.
ticket_prefixes = Table(
    "ticket_prefixes",
    metadata,
    Column("device_id", ID, primary_key=True),
    Column("prefix", String(4), nullable=False, unique=True),
    Column("position", Integer, nullable=False, unique=True),
    Column("assigned_at", String(32), nullable=False),
)


# --- waiting-room displays (revision 0009) --------------------------------------------------

# The screens in the waiting rooms: no login, a token per screen (only its SHA-256 is kept,
# like a device token's), for one location. Revoked, never deleted.
displays = Table(
    "displays",
    metadata,
    Column("id", ID, primary_key=True),
    Column("location", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
)


# --- issue 21: reports (revision 0010) ----------------------------------------------------

# The facts the reports count (sync_server.report_facts, docs/reports.md): one row per live
# record of a counted kind, kept from the records by ``store.write_records`` like the walk-in
# queue -- codes, days and numbers, never a name or a note. ``fact`` is the kind counted
# (consultation, referral, plan_goal, group_session, attendance, hours_entry, participation);
# ``parent_id`` links an attendance to its session (whose day it takes).
report_facts = Table(
    "report_facts",
    metadata,
    # Stored in the order of (fact, day) -- on SQLite a table WITHOUT ROWID clustered on the
    # key: a report reads the facts of a span of days as one range, not row by row across
    # the file (bench.reports: 0.9 s -> 0.1 s for a year of consultations).
    Column("fact", String(20), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("id", ID, primary_key=True),
    Column("client_id", ID),
    Column("parent_id", ID),
    Column("year", Integer, nullable=False),
    Column("month", Integer, nullable=False),
    Column("unit", String(40), nullable=False, server_default=""),
    Column("place", String(20), nullable=False, server_default=""),
    Column("location", String(40), nullable=False, server_default=""),
    Column("kind", String(40), nullable=False, server_default=""),
    Column("topic", String(40), nullable=False, server_default=""),
    Column("language", String(20), nullable=False, server_default=""),
    Column("interpreter", Boolean, nullable=False, server_default="0"),
    Column("outcome", String(40), nullable=False, server_default=""),
    Column("reason", String(40), nullable=False, server_default=""),
    Column("minutes", Integer, nullable=False, server_default="0"),
    Column("amount", BigInteger, nullable=False, server_default="0"),
    Column("revision_of", ID),
    # A consultation that a later one corrects (names it in revision_of): not counted.
    Column("superseded", Boolean, nullable=False, server_default="0"),
    # The client's grouping fields, copied from report_clients (kept when the client changes).
    Column("birth_year", Integer),
    Column("sex", String(2), nullable=False, server_default="u"),
    Column("nationality", String(20), nullable=False, server_default=""),
    Column("target_group", String(40), nullable=False, server_default=""),
    Index("ix_report_facts_id", "id", unique=True),
    Index("ix_report_facts_client", "client_id"),
    Index("ix_report_facts_revision", "revision_of"),
    Index("ix_report_facts_parent", "parent_id"),
    sqlite_with_rowid=False,
)

# A consultation's topics (a consultation with two topics counts under each; "-" for none).
report_topics = Table(
    "report_topics",
    metadata,
    Column("day", String(10), primary_key=True),  # the consultation's (a report's range)
    Column("id", ID, primary_key=True),
    Column("topic", String(40), primary_key=True),
    Index("ix_report_topics_id", "id"),
    sqlite_with_rowid=False,
)

# What the reports group people by, kept from the client records: no name, no date of birth
# (the year), the first nationality, the target group, the sex.
report_clients = Table(
    "report_clients",
    metadata,
    Column("client_id", ID, primary_key=True),
    Column("birth_year", Integer),
    Column("sex", String(2), nullable=False, server_default="u"),
    Column("nationality", String(20), nullable=False, server_default=""),
    Column("target_group", String(40), nullable=False, server_default=""),
)
