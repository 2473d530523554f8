"""Writing pulled changes into the local store: bulk statements inside the caller's transaction.

A page of changes becomes, per record kind, one ``executemany`` upsert and one delete (the
ORM is for the UI's single records, not for 100,000 at once). Fields the device changed itself
and has not yet sent keep their local values and clocks (read-your-writes): a pull never
shows an older value over an edit the user just saved. A pending local delete keeps the record
away until it is sent. A tombstone (``deleted``) removes the record here; the server keeps it.

Derived data follows in the same transaction: the search index of every touched client and
the client's last contact (from its consultations).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import orjson
from sqlalchemy import Boolean, Column, Connection, Integer, String, Table, select

from casefile.sync import KIND_FIELDS
from desktop.store import bulk, changes as changelog, rows, schema as t, search

TABLES: dict[str, Table] = {
    "client": t.client,
    "client_alias": t.client_alias,
    "client_identifier": t.client_identifier,
    "residence_status": t.residence_status,
    "household_link": t.household_link,
    "consultation": t.consultation,
    "referral": t.referral,
    "task": t.task,
    "consent": t.consent,
    "walk_in_ticket": t.walk_in_ticket,
    "walk_in_phase": t.walk_in_phase,
    "provider": t.provider,
    "offer": t.offer,
    "mediator": t.mediator,
    "mediator_booking": t.mediator_booking,
    "hours_entry": t.hours_entry,
    # --- issue 20: group sessions ---
    "group_session": t.group_session,
    "attendance": t.attendance,
    "consulting_hours": t.consulting_hours,  # issue 20: consulting hours
}
# --- issue 20: support plan ---
TABLES.update(
    {
        "support_plan": t.support_plan,
        "plan_goal": t.plan_goal,
        "plan_step": t.plan_step,
        "plan_review": t.plan_review,
    }
)
TABLES["project_participation"] = t.project_participation  # issue 21: project participation
CHUNK = 500


@dataclass
class Pending:
    """What unsent local ops hold for one record."""

    fields: set[str] = field(default_factory=set)
    whole: bool = False  # a create: every field is the device's own
    deleted: bool = False


@dataclass
class PageResult:
    applied: int = 0
    deleted: int = 0
    skipped: int = 0  # unknown kinds (a newer server) and pending local deletes
    clients: set[str] = field(default_factory=set)  # clients whose data changed
    words: list[str] = field(default_factory=list)  # search words indexed (for the vocabulary)
    max_clock: str = ""


def _in_chunks(conn: Connection, sql: str, ids: list[str]) -> Iterator[Sequence[Any]]:
    """Run *sql* (with ``{ids}`` for an IN list) over *ids* in chunks; yields result rows.
    Driver-level statements: SQLAlchemy's parameter handling costs more than SQLite here."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        yield from conn.exec_driver_sql(sql.format(ids=", ".join("?" * len(chunk))), tuple(chunk))


def pending_ops(conn: Connection, ids: Iterable[str]) -> dict[str, Pending]:
    """Unsent outbox entries of the given records, summarised per record.

    The unsent entries are few (a laptop's own edits since its last push), so they are read
    in one statement and matched here rather than looked up per record of a page.
    """
    wanted = set(ids)
    out: dict[str, Pending] = {}
    for record_id, op, payload in conn.exec_driver_sql(
        "SELECT record_id, op, payload FROM outbox WHERE acked_at IS NULL ORDER BY seq"
    ):
        if record_id not in wanted:
            continue
        p = out.setdefault(record_id, Pending())
        if op == "delete":
            p.deleted = True
        elif op == "create":
            p.whole, p.deleted = True, False
        else:
            p.fields.update(k for k in orjson.loads(payload) if k != "id")
    return out


# --- column plans ---------------------------------------------------------------------------

BOOL, INT, OTHER = 1, 2, 0


def _fallback(col: Column[Any], now: dt.datetime) -> Any:
    """The value of a required column a change did not carry (a record written by an older or
    partial client): the column default, else an empty value of its type. A page must never
    fail on one incomplete record, or the device would be stuck behind it forever."""
    if col.nullable:
        return None
    if col.default is not None and getattr(col.default, "is_scalar", False):
        return cast(Any, col.default).arg
    if isinstance(col.type, Boolean):
        return False
    if isinstance(col.type, Integer):
        return 0
    if col.name.endswith("_at"):
        return rows.t2s(now)
    if isinstance(col.type, String) and col.type.length == 10:  # a date column
        return now.date().isoformat()
    return ""


def _flag(col: Column[Any]) -> int:
    return (
        BOOL if isinstance(col.type, Boolean) else INT if isinstance(col.type, Integer) else OTHER
    )


def _value(flag: int, value: Any, fallback: Any) -> Any:
    if value is None:
        return fallback
    kind = type(value)
    if kind is str:
        return value
    if kind is list or kind is dict:
        return rows.jdump(
            value
        )  # lists are JSON text in this schema; a server may send them parsed
    if flag == BOOL:
        return bool(value)
    if flag == INT and kind is not int:
        try:
            return int(value)
        except (TypeError, ValueError):
            return fallback
    return value


class _Plan:
    """How the fields of one record kind become a row of its table (columns in table order)."""

    def __init__(self, table: Table):
        self.table = table
        self.columns = [c for c in table.c if c.name != "id"]
        self.names = ["id"] + [c.name for c in self.columns]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.flags = [_flag(c) for c in self.columns]
        cols = ", ".join(self.names)
        sets = ", ".join(f"{c} = excluded.{c}" for c in self.names[1:])
        self.upsert = (
            f"INSERT INTO {table.name} ({cols}) VALUES "
            f"({', '.join('?' * len(self.names))}) ON CONFLICT(id) DO UPDATE SET {sets}"
        )
        self.row, self.row_tuple = self._compile()

    def fallbacks(self, now: dt.datetime) -> list[Any]:
        return [_fallback(c, now) for c in self.columns]

    def _compile(
        self,
    ) -> tuple[
        Callable[[str, dict[str, Any], list[Any]], list[Any]],
        Callable[[str, dict[str, Any], list[Any]], tuple[Any, ...]],
    ]:
        """``row(record_id, fields, fallbacks)``: a full row from a record's fields (missing
        ones filled, lists as JSON text) -- :func:`_value` per column, written out once per
        kind: a text value (nearly all) costs one lookup and one type test, not a call (a
        first sync builds two million rows); and ``row_tuple``, the same row as a tuple for
        the statement straight away (a first sync by snapshot)."""
        parts = [
            f"(x if (x := get({c.name!r})).__class__ is str else value({flag}, x, fb[{i}]))"
            for i, (c, flag) in enumerate(zip(self.columns, self.flags))
        ]
        source = (
            "def row(record_id, fields, fb):\n"
            "    get = fields.get\n"
            f"    return [record_id, {', '.join(parts)}]\n"
            "def row_tuple(record_id, fields, fb):\n"
            "    get = fields.get\n"
            f"    return (record_id, {', '.join(parts)})\n"
        )
        scope: dict[str, Any] = {"value": _value, "str": str}
        exec(compile(source, f"<row of {self.table.name}>", "exec"), scope)
        return scope["row"], scope["row_tuple"]


PLANS = {kind: _Plan(table) for kind, table in TABLES.items()}


def row_of(kind: str, record_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A full local row (as a dict) from a record's fields."""
    plan = PLANS[kind]
    now = dt.datetime.now(dt.UTC)
    return dict(zip(plan.names, plan.row(record_id, fields, plan.fallbacks(now))))


# --- applying a page ------------------------------------------------------------------------


def apply_changes(
    conn: Connection, changes: list[dict[str, Any]], epoch: str = "", *, derived: bool = True
) -> PageResult:
    """Apply server states of records (a pulled page in server order, or the states a push
    answer carries) inside the caller's transaction; *epoch* tags the clocks.

    *derived* False (a first sync by snapshot, ``desktop.sync.snapshot``): the search index,
    the last contacts and the change notes for open windows are left to the caller, which
    builds them once for all clients at the end."""
    result = PageResult()
    pending = pending_ops(conn, (c["id"] for c in changes))
    now = dt.datetime.now(dt.UTC)
    fallbacks = {kind: plan.fallbacks(now) for kind, plan in PLANS.items()}
    live: dict[str, dict[str, tuple[list[Any], dict[str, Any]]]] = {kind: {} for kind in TABLES}
    gone: dict[str, set[str]] = {kind: set() for kind in TABLES}
    merged: dict[str, dict[str, Any]] = {}  # client id -> fields of its merge tombstone
    named: set[str] = set()  # clients whose names (search index) may have changed
    for c in changes:
        kind, record_id = c["kind"], c["id"]
        clocks = c.get("clocks") or {}
        if clocks.keys() != KIND_FIELDS.get(kind) and any(k[:1] == "_" for k in clocks):
            clocks = {k: v for k, v in clocks.items() if k[:1] != "_"}  # server-side marks
        if clocks:
            result.max_clock = max(result.max_clock, max(clocks.values()))
        if kind not in TABLES:
            result.skipped += 1
            continue
        if derived:
            changelog.note(kind, record_id if kind == "client" else c.get("client_id"))
        if kind == "client":
            result.clients.add(record_id)
            named.add(record_id)
        elif c.get("client_id") and kind in ("client_alias", "consultation"):
            result.clients.add(c["client_id"])
            if kind == "client_alias":
                named.add(c["client_id"])
        p = pending.get(record_id)
        if kind == "client" and c.get("deleted") and (c.get("fields") or {}).get("merged_into"):
            merged[record_id] = c["fields"]
        if c.get("deleted"):
            live[kind].pop(record_id, None)
            gone[kind].add(record_id)
        elif p is not None and p.deleted:
            result.skipped += 1
        else:
            gone[kind].discard(record_id)
            # A later change of the same record in the page replaces an earlier one.
            live[kind][record_id] = (
                PLANS[kind].row(record_id, c.get("fields") or {}, fallbacks[kind]),
                clocks,
            )
    for kind, records in live.items():
        if not records:
            continue
        _keep_local(conn, kind, records, pending)
        conn.exec_driver_sql(PLANS[kind].upsert, [tuple(row) for row, _clocks in records.values()])
        bulk.write_clocks(
            conn, ((kind, rid, clocks) for rid, (_row, clocks) in records.items()), epoch
        )
        result.applied += len(records)
    if merged:  # before the deletes: the old name is still there
        redirect_merged(conn, merged)
        result.clients |= {f["merged_into"] for f in merged.values()}
        for f in merged.values():
            changelog.note("client", f["merged_into"])
        named |= {f["merged_into"] for f in merged.values()}
    for kind, ids in gone.items():
        if ids:
            conn.exec_driver_sql(
                f"DELETE FROM {TABLES[kind].name} WHERE id = ?", [(i,) for i in ids]
            )
            bulk.delete_clocks(conn, ids)
            result.deleted += len(ids)
    if gone["client"]:
        result.deleted += drop_children(conn, [c for c in gone["client"] if c not in merged])
    if live["client"]:
        # A client back after an unmerge: its old id no longer leads elsewhere.
        conn.exec_driver_sql(
            "DELETE FROM client_redirect WHERE old_id = ?", [(cid,) for cid in live["client"]]
        )
    if not derived:
        return result
    if result.clients:
        refresh_last_contact(conn, result.clients)
    if named:
        # Only names and other spellings feed the search index (a page of consultations
        # touches thousands of clients and changes none of their index rows).
        result.words = reindex(conn, named)
    return result


def apply_snapshot(
    conn: Connection, records: list[list[Any]], epoch: str, max_clock: str = ""
) -> PageResult:
    """A chunk of a first sync by snapshot (``desktop.sync.snapshot``): records as
    ``[kind, id, client_id, fields, hlc, other_clocks, deleted]`` -- the clocks packed by the
    server as the store keeps them (:func:`casefile.clocks.pack_clocks`) -- each at most once,
    the deleted ones merged-away clients only. The result in the store is that of
    :func:`apply_changes` with ``derived=False`` over the same records: the same rows
    (``_Plan.row``), clocks, statements and redirects, in one lean pass without what only a
    page of the change stream needs (a record twice, a tombstone of a record held here). A
    laptop with unsent edits has the chunk applied by :func:`apply_changes` itself, which keeps
    them. tests/desktop/test_first_sync_snapshot.py compares both field by field."""
    if conn.exec_driver_sql(_UNSENT + " LIMIT 1").first() is not None:
        return apply_changes(
            conn,
            [
                {
                    "kind": k,
                    "id": i,
                    "client_id": c,
                    "fields": f,
                    "clocks": bulk.unpack_clocks(k, h, x),
                    "deleted": d,
                }
                for k, i, c, f, h, x, d in records
            ],
            epoch,
            derived=False,
        )
    result = PageResult(max_clock=max_clock)
    now = dt.datetime.now(dt.UTC)
    fallbacks = {kind: plan.fallbacks(now) for kind, plan in PLANS.items()}
    rows_of: dict[str, list[tuple[Any, ...]]] = {kind: [] for kind in TABLES}
    clock_rows: list[tuple[str, str, str, str | None, str]] = []
    merged: dict[str, dict[str, Any]] = {}
    gone: list[tuple[str, str]] = []
    for kind, record_id, _client_id, fields, hlc, extra, deleted in records:
        plan = PLANS.get(kind)
        if plan is None:
            result.skipped += 1
            continue
        fields = fields or {}
        if deleted:
            if kind == "client" and fields.get("merged_into"):
                merged[record_id] = fields
            gone.append((kind, record_id))
            continue
        rows_of[kind].append(plan.row_tuple(record_id, fields, fallbacks[kind]))
        clock_rows.append((record_id, kind, hlc, extra, epoch))
    for kind, rows_ in rows_of.items():
        if rows_:
            conn.exec_driver_sql(PLANS[kind].upsert, rows_)
            result.applied += len(rows_)
    if clock_rows:
        conn.exec_driver_sql(bulk.UPSERT_CLOCK, clock_rows)
    if merged:
        redirect_merged(conn, merged)
    for kind, record_id in gone:
        conn.exec_driver_sql(f"DELETE FROM {TABLES[kind].name} WHERE id = ?", (record_id,))
        bulk.delete_clocks(conn, [record_id])
        result.deleted += 1
    erased = [rid for kind, rid in gone if kind == "client" and rid not in merged]
    if erased:
        result.deleted += drop_children(conn, erased)
    if rows_of["client"]:
        conn.exec_driver_sql(
            "DELETE FROM client_redirect WHERE old_id = ?", [(r[0],) for r in rows_of["client"]]
        )
    return result


# The kinds that belong to a client file (a ``client_id`` column): merged and erased with it.
_CHILD_KINDS = [k for k, table in TABLES.items() if k != "client" and "client_id" in table.c]
_UNSENT = "SELECT record_id FROM outbox WHERE acked_at IS NULL"


def redirect_merged(conn: Connection, merged: dict[str, dict[str, Any]]) -> None:
    """Clients merged away on the server: remember where each lives now, and move what this
    laptop still holds of them (its own unsent records included) into the surviving file.
    The server moves the records too and redirects unsent ones when they arrive, so this only
    spares the user a moment in which a note seems to be missing."""
    for old_id, fields in merged.items():
        new_id = fields["merged_into"]
        name = (
            conn.exec_driver_sql(
                "SELECT trim(given_names || ' ' || family_name) FROM client WHERE id = ?", (old_id,)
            ).scalar()
            or ""
        )
        conn.exec_driver_sql(
            "INSERT OR REPLACE INTO client_redirect (old_id, new_id, merge_id, old_name) "
            "VALUES (?, ?, ?, ?)",
            (old_id, new_id, fields.get("merge_id") or "", name),
        )
        # Earlier redirects to the merged-away file now lead to its survivor.
        conn.exec_driver_sql(
            "UPDATE client_redirect SET new_id = ? WHERE new_id = ?", (new_id, old_id)
        )
        for kind in _CHILD_KINDS:
            table = TABLES[kind].name
            conn.exec_driver_sql(
                f"UPDATE {table} SET client_id = ? WHERE client_id = ?", (new_id, old_id)
            )
        conn.exec_driver_sql(
            "UPDATE household_link SET other_client_id = ? WHERE other_client_id = ?",
            (new_id, old_id),
        )
        conn.exec_driver_sql("DELETE FROM search_key WHERE client_id = ?", (old_id,))


def rescope(
    conn: Connection,
    rescopes: Sequence[dict[str, Any]],
    epoch: str = "",
    also_keep: Iterable[str] = (),
) -> PageResult:
    """A consent of these clients changed: each entry names every record of one client up to
    the page's start that this device may see now. Apply them, and drop the client's other
    records -- but those of the page itself (*also_keep*) and those with an unsent op of this
    laptop (they wait for the server's answer, as with an erasure). A record of the client
    that comes later in the stream is sent again there."""
    result = PageResult()
    also_keep = set(also_keep)
    for entry in rescopes:
        cid, changes = entry["client_id"], entry.get("changes") or []
        keep = {c["id"] for c in changes} | also_keep
        result.deleted += drop_children(conn, [cid], keep=keep, links_to=False)
        part = apply_changes(conn, changes, epoch)
        result.applied += part.applied
        result.clients |= part.clients | {cid}
        changelog.note("consent", cid)  # what the laptop may see of this file changed
        result.words += part.words
        result.max_clock = max(result.max_clock, part.max_clock)
    return result


def drop_sections(conn: Connection) -> int:
    """Drop every record but the client files themselves (and unsent ones): what this laptop
    may hold changed, the server sends it again from the start."""
    ids: list[str] = []
    for kind in _CHILD_KINDS:
        table = TABLES[kind].name
        ids += _delete(
            conn,
            table,
            [
                r[0]
                for r in conn.exec_driver_sql(f"SELECT id FROM {table} WHERE id NOT IN ({_UNSENT})")
            ],
        )
    if ids:
        bulk.delete_clocks(conn, ids)
    return len(ids)


def _delete(conn: Connection, table: str, ids: list[str]) -> list[str]:
    """Delete these rows of *table*; returns their ids (for the clocks)."""
    if ids:
        conn.exec_driver_sql(f"DELETE FROM {table} WHERE id = ?", [(i,) for i in ids])
    return ids


def drop_children(
    conn: Connection,
    client_ids: list[str],
    keep: Collection[str] = frozenset(),
    links_to: bool = True,
) -> int:
    """Remove the local records of erased clients (the server tombstones them too, but a
    laptop must not keep an erased person's notes until those tombstones arrive). A record
    with an unsent op of this laptop stays until the server has answered that op, so nothing
    a person wrote disappears unseen: a refused one is listed with its content."""
    ids: list[str] = []
    for kind in _CHILD_KINDS:
        table = TABLES[kind].name
        where = "client_id IN ({ids})"
        if kind == "household_link" and links_to:
            where = "(client_id IN ({ids}) OR other_client_id IN ({ids}))"
        for start in range(0, len(client_ids), CHUNK):
            chunk = client_ids[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            params = tuple(chunk) * (2 if kind == "household_link" and links_to else 1)
            ids += _delete(
                conn,
                table,
                [
                    r[0]
                    for r in conn.exec_driver_sql(
                        f"SELECT id FROM {table} WHERE {where.format(ids=marks)} "
                        f"AND id NOT IN ({_UNSENT})",
                        params,
                    )
                    if r[0] not in keep
                ],
            )
    if ids:
        bulk.delete_clocks(conn, ids)
    return len(ids)


def _keep_local(
    conn: Connection,
    kind: str,
    records: dict[str, tuple[list[Any], dict[str, Any]]],
    pending: dict[str, Pending],
) -> None:
    """Put the values (and clocks) of unsent local edits over the pulled ones."""
    ids = [rid for rid in records if rid in pending]
    if not ids:
        return
    plan = PLANS[kind]
    table = plan.table
    local = {
        r.id: r._mapping
        for start in range(0, len(ids), CHUNK)
        for r in conn.execute(select(table).where(table.c.id.in_(ids[start : start + CHUNK])))
    }
    local_clocks = bulk.load_clocks(conn, ids)
    for rid in ids:
        if rid not in local:
            continue  # nothing here to keep (the pending op will tell the server)
        row, clocks = records[rid]
        p = pending[rid]
        names = plan.names[1:] if p.whole else [f for f in p.fields if f in plan.index]
        mine = local_clocks.get(rid, {})
        for name in names:
            row[plan.index[name]] = local[rid][name]
            if name in mine:
                clocks[name] = mine[name]


def refresh_last_contact(conn: Connection, client_ids: Iterable[str]) -> None:
    """A client's last contact is derived from its consultations (the newest start), whatever
    the pulled client record says: devices do not send it for every consultation."""
    conn.exec_driver_sql(
        "UPDATE client SET last_contact_at = (SELECT max(started_at) FROM consultation "
        "WHERE client_id = ?1) WHERE id = ?1 AND EXISTS (SELECT 1 FROM consultation WHERE "
        "client_id = ?1 AND started_at > coalesce(client.last_contact_at, ''))",
        [(c,) for c in client_ids],
    )


_INSERT_KEY = (
    "INSERT OR IGNORE INTO search_key (key, client_id, entry, entry_keys, birth_date) "
    "VALUES (?, ?, ?, ?, ?)"
)


def reindex(conn: Connection, client_ids: Iterable[str]) -> list[str]:
    """Rebuild the search index rows of the given clients in bulk; returns the words."""
    ids = list(dict.fromkeys(client_ids))
    if not ids:
        return []
    conn.exec_driver_sql("DELETE FROM search_key WHERE client_id = ?", [(c,) for c in ids])
    aliases: dict[str, list[tuple[str, str]]] = {}
    for client_id, family, given in _in_chunks(
        conn,
        "SELECT client_id, family_name, given_names FROM client_alias WHERE client_id IN ({ids})",
        ids,
    ):
        aliases.setdefault(client_id, []).append((family, given))
    batch: list[tuple[Any, ...]] = []
    for cid, family, given, birth_name, birth_date in _in_chunks(
        conn,
        "SELECT id, family_name, given_names, birth_name, birth_date "
        "FROM client WHERE NOT deleted AND id IN ({ids})",
        ids,
    ):
        entries = [(family, given)]
        if birth_name:
            entries.append((birth_name, given))
        entries += aliases.get(cid, [])
        batch += [
            (r["key"], r["client_id"], r["entry"], r["entry_keys"], r["birth_date"])
            for r in search.entry_rows(cid, birth_date, entries)
        ]
    if batch:
        conn.exec_driver_sql(_INSERT_KEY, batch)
    return list({row[0] for row in batch})
