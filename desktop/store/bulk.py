"""Bulk loading of many records at once (demo data, benchmarks, later the initial sync).

Bulk loads use ``executemany`` over plain rows and skip the outbox: the records did not originate
as user edits on this device. The search index is built for the loaded clients at the end.

The per-field clocks of records (``record_clock``, used by sync) are read and written here in
bulk too: the store's own writes and every pulled page go through these helpers.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Engine, insert, text

from casefile.clocks import pack_clocks, unpack_clocks
from casefile.records import utcnow
from desktop.store import rows, schema as t, search

BATCH = 5000


def load_bundles(engine: Engine, bundles: Iterable, *, index: bool = True) -> int:
    """Insert demo-generator bundles (client + its records); returns the number of clients."""
    now = rows.t2s(utcnow())
    buf: dict[str, list[dict]] = {
        name: []
        for name in (
            "client",
            "client_alias",
            "client_identifier",
            "residence_status",
            "household_link",
            "consultation",
            "referral",
            "task",
            "consent",
            "walk_in_ticket",
            "walk_in_phase",
            "search_key",
        )
    }
    tables = {
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
        "search_key": t.search_key,
    }
    count = 0

    def flush(conn) -> None:
        for name, items in buf.items():
            if items:
                conn.execute(insert(tables[name]).prefix_with("OR IGNORE"), items)
                items.clear()

    with engine.begin() as conn:
        for b in bundles:
            c = b.client
            last = max((x.started_at for x in b.consultations), default=None)
            buf["client"].append(
                {
                    **rows.client_row(c),
                    "created_at": now,
                    "updated_at": now,
                    "last_contact_at": rows.t2s(last),
                    "deleted": False,
                }
            )
            for a in c.aliases:
                buf["client_alias"].append(
                    {
                        "id": a.id,
                        "client_id": c.id,
                        "family_name": a.family_name,
                        "given_names": a.given_names,
                        "kind": a.kind,
                    }
                )
            for i in c.identifiers:
                buf["client_identifier"].append(
                    {
                        "id": i.id,
                        "client_id": c.id,
                        "type": i.type,
                        "value": i.value,
                        "value_norm": search.normalise_identifier(i.value),
                    }
                )
            buf["residence_status"] += [
                {**rows.residence_row(x), "created_at": now} for x in b.residence_statuses
            ]
            buf["household_link"] += [rows.household_row(x) for x in b.household_links]
            buf["consultation"] += [
                {**rows.consultation_row(x), "created_at": now} for x in b.consultations
            ]
            buf["referral"] += [{**rows.referral_row(x), "created_at": now} for x in b.referrals]
            buf["task"] += [{**rows.task_row(x), "created_at": now} for x in b.tasks]
            buf["consent"] += [{**rows.consent_row(x), "created_at": now} for x in b.consents]
            if index:
                entries = [(c.family_name, c.given_names)]
                if c.birth_name:
                    entries.append((c.birth_name, c.given_names))
                entries += [(a.family_name, a.given_names) for a in c.aliases]
                buf["search_key"] += search.entry_rows(c.id, rows.d2s(c.birth_date), entries)
            count += 1
            if len(buf["consultation"]) >= BATCH or len(buf["client"]) >= BATCH:
                flush(conn)
        flush(conn)
    return count


# --- per-field clocks (sync bookkeeping) ----------------------------------------------------
# Stored packed (casefile.clocks): the common time of a record's fields, and those that differ.

__all__ = ["pack_clocks", "unpack_clocks"]  # here for the store's callers

CLOCK_CHUNK = 500  # ids per IN list, well below SQLite's parameter limit


def load_clocks(conn: Connection, ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """record id -> field clocks, for the ids that have clocks."""
    out: dict[str, dict[str, str]] = {}
    ids = list(dict.fromkeys(ids))
    for start in range(0, len(ids), CLOCK_CHUNK):
        chunk = ids[start : start + CLOCK_CHUNK]
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        for r in conn.execute(
            text(
                f"SELECT record_id, kind, hlc, clocks FROM record_clock "
                f"WHERE record_id IN ({marks})"
            ),
            {f"i{n}": v for n, v in enumerate(chunk)},
        ):
            out[r.record_id] = unpack_clocks(r.kind, r.hlc, r.clocks)
    return out


# Driver-level (qmark) statements: on a first sync's million rows SQLAlchemy's per-row
# parameter handling would cost more than SQLite's own work.
UPSERT_CLOCK = (
    "INSERT INTO record_clock (record_id, kind, hlc, clocks, epoch) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(record_id) "
    "DO UPDATE SET kind = excluded.kind, hlc = excluded.hlc, "
    "clocks = excluded.clocks, epoch = excluded.epoch"
)


def write_clocks(
    conn: Connection, items: Iterable[tuple[str, str, dict[str, str | None]]], epoch: str = ""
) -> None:
    """Store the field clocks of (kind, record id, clocks) items (replacing what was there);
    *epoch* is the server epoch the clocks came from ("" for a write on this device)."""
    params = []
    for kind, record_id, clocks in items:
        hlc, extra = pack_clocks(kind, clocks)
        params.append((record_id, kind, hlc, extra, epoch))
    if params:
        conn.exec_driver_sql(UPSERT_CLOCK, params)


def delete_clocks(conn: Connection, ids: Iterable[str]) -> None:
    params = [(i,) for i in ids]
    if params:
        conn.exec_driver_sql("DELETE FROM record_clock WHERE record_id = ?", params)
