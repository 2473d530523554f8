"""Retention: client files and records are erased when their time is up.

The periods are configuration (``[retention]`` in the access rules, days): ``client`` counts
from the client's last contact (the latest consultation, else the last recorded contact, else
the registration; a client's last_contact_at, which devices write, does not count); a record kind listed on its own (``consultation = 1095``) is erased earlier,
counted from its own date. What is due becomes a tombstone **without content** (the fields are
emptied, only the ids stay), so every device deletes it on its next pull and the server keeps
nothing personal: conflict history, merge snapshots, duplicate candidates and consent grants of
an erased client go too. Before that, consultations are counted into ``statistics`` (year,
unit, kind, topic -- no person). Each erasure is in the audit log by client id only.

``mia-sync-server retention [--dry-run]`` runs it; ``serve`` runs it daily at
``MIA_RETENTION_HOUR`` (one process at a time).

The same daily run ends consents whose time is up (:func:`expire_consents`): a consent valid
until yesterday is sent to every device once more, as a change, and with it the server sends
the client's sections as the device may see them now -- the device drops what the consent
opened, exactly as after a withdrawal.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

import orjson
from sqlalchemy import Connection, delete, select, update

from casefile.hlc import Clock
from sync_server import access, audit, schema as t
from sync_server.access import Policy
from sync_server.db import Database, get_meta, record_seqs, set_meta, utcnow
from sync_server.errors import ApiError
from sync_server.store import CHUNK, Stored, lock_children, lock_records, tombstone, write_records

log = logging.getLogger(__name__)
_DATE_FIELDS = {
    "consultation": "started_at",
    "referral": "referred_on",
    "task": "due_date",
    "residence_status": "valid_until",
    "consent": "given_on",
    "walk_in_ticket": "day",
    "walk_in_phase": "at",
    "mediator_booking": "starts_at",
    "hours_entry": "worked_on",
    # --- issue 20: group sessions --- (an attendance counts from its last change)
    "group_session": "starts_at",
    # --- issue 21: project participation --- (an open one counts from its last change)
    "project_participation": "ended_on",
}


def _day(value) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _live(conn: Connection, page: int = 20000):
    """Every live record, in pages by id (no server-side cursor, no table-sized result)."""
    r = t.records.c
    after = ""
    while True:
        rows = conn.execute(
            select(r.id, r.kind, r.client_id, r.fields, r.updated_at)
            .where(r.deleted.is_(False), r.id > after)
            .order_by(r.id)
            .limit(page)
        ).all()
        yield from rows
        if len(rows) < page:
            return
        after = rows[-1][0]


def due(conn: Connection, policy: Policy, today: dt.date) -> tuple[set[str], set[str]]:
    """(clients whose whole file is due, ids of single records due by their own kind)."""
    keep_days = policy.retention.get("client")
    last: dict[str, dt.date] = {}
    records_due: set[str] = set()
    for rid, kind, cid, fields, updated in _live(conn):
        f = orjson.loads(fields)
        if kind == "client":
            # Not last_contact_at: a device writes it, and a backdated value would erase the
            # file with every unit's sections. The contacts are the consultations (below);
            # created_at is fixed at the create (service._refusal).
            seen = _day(f.get("created_at")) or _day(updated)
        elif kind == "consultation":
            seen = _day(f.get("started_at"))
        else:
            seen = None
        if seen and cid and (cid not in last or seen > last[cid]):
            last[cid] = seen
        days = policy.retention.get(kind) if kind != "client" else None
        own = _day(f.get(_DATE_FIELDS.get(kind, ""))) or _day(updated)
        if days is not None and own and (today - own).days > days:
            records_due.add(rid)
    clients_due = set()
    if keep_days is not None:
        clients_due = {cid for cid, seen in last.items() if (today - seen).days > keep_days}
    return clients_due, records_due


def run(
    db: Database,
    policy: Policy,
    *,
    today: dt.date | None = None,
    dry_run: bool = False,
    by: str = "retention",
) -> dict:
    """Erase what is due; returns the counts (nothing changes with *dry_run*)."""
    today = today or dt.date.today()
    r = t.records.c
    ids: list[str] = []
    of_clients: set[str] = set()
    with db.reader.connect() as conn:
        clients, singles = due(conn, policy, today)
        ids = sorted(clients)
        for i in range(0, len(ids), CHUNK):
            of_clients.update(
                conn.execute(
                    select(r.id).where(r.client_id.in_(ids[i : i + CHUNK]), r.deleted.is_(False))
                ).scalars()
            )
    members = of_clients | singles
    counts = {"clients": len(clients), "records": len(members | clients), "counted": 0}
    if dry_run or not (clients or singles):
        return counts
    clock = Clock("server-retention")
    with db.writer.begin() as conn:
        records = lock_records(conn, members | clients)
        stats: Counter = Counter()
        stamp = clock.now().encode()
        changed = _tombstones(records, stamp, stats, today)
        changed += _unlinked_mediators(conn, set(ids), stamp)
        changed += _unlisted_participants(conn, set(ids), stamp)
        write_records(conn, changed, record_seqs(conn, len(changed)), [], utcnow())
        counts["records"] = len(changed)
        _count(conn, stats)
        counts["counted"] = sum(stats.values())
        _scrub(conn, ids, list(members))
        audit.write(
            conn,
            [
                audit.row(
                    None, "retention", user_name=by, client_id=cid, kind="client", record_id=cid
                )
                for cid in ids
            ]
            + [
                audit.row(
                    None,
                    "retention",
                    user_name=by,
                    record_id=rid,
                    kind=records[rid].kind if rid in records else None,
                )
                for rid in sorted(singles - of_clients - clients)
            ],
        )
    log.info("retention: %s", counts)
    return counts


def _tombstones(
    records: dict[str, Stored], stamp: str, stats: Counter, today: dt.date
) -> list[tuple[str, Stored]]:
    """Turn the live ones of *records* into tombstones without content (consultations
    counted into *stats* first); children first, the clients last (as a merge does)."""
    changed = []
    for rid, item in records.items():
        s = item.state
        if s.deleted:
            continue
        if item.kind == "consultation":
            year = (_day(s.fields.get("started_at")) or today).year
            topics = s.fields.get("topics")
            try:
                topics = orjson.loads(topics) if isinstance(topics, str) else topics or []
            except orjson.JSONDecodeError:
                topics = []
            for topic in topics if isinstance(topics, list) and topics else ["-"]:
                stats[
                    (year, s.fields.get("unit") or "-", s.fields.get("kind") or "-", str(topic))
                ] += 1
        erased = Stored(item.kind, s, item.seq, item.origins_before)
        tombstone(erased, stamp)
        changed.append((rid, erased))
    changed.sort(key=lambda kv: kv[1].kind == "client")
    return changed


def erase_client(
    db: Database,
    client_id: str,
    *,
    device,
    reason: str,
    by: str | None = None,
    today: dt.date | None = None,
) -> dict:
    """Erase one client file with every record of it, every unit's sections included (the
    ``erase_client`` action of the access rules; the caller checked the role). Tombstones
    without content go to every device; what other tables keep of the person goes too; one
    audit row names who, why and how many records."""
    today = today or dt.date.today()
    r = t.records.c
    with db.writer.begin() as conn:
        found = lock_records(conn, [client_id])
        item = found.get(client_id)
        if item is None or item.kind != "client":
            raise ApiError(404, "not_found", {"client_id": client_id})
        if item.state.deleted:
            raise ApiError(409, "client_deleted", {"client_id": client_id})
        ids = set(
            conn.execute(
                select(r.id).where(r.client_id == client_id, r.deleted.is_(False))
            ).scalars()
        )
        records = {**lock_records(conn, ids), **found}
        records.update(lock_children(conn, [client_id], skip=records))
        stats: Counter = Counter()
        stamp = Clock("server-erase").now().encode()
        changed = _tombstones(records, stamp, stats, today)
        changed += _unlinked_mediators(conn, {client_id}, stamp)
        changed += _unlisted_participants(conn, {client_id}, stamp)
        write_records(conn, changed, record_seqs(conn, len(changed)), [], utcnow())
        _count(conn, stats)
        _scrub(conn, [client_id], [rid for rid, _ in changed])
        audit.write(
            conn,
            [
                audit.row(
                    device,
                    "erase",
                    user_name=by,
                    client_id=client_id,
                    kind="client",
                    record_id=client_id,
                    detail={"reason": reason, "records": len(changed)},
                )
            ],
        )
    return {"client_id": client_id, "erased": len(changed)}


def _unlinked_mediators(
    conn: Connection, clients: set[str], stamp: str
) -> list[tuple[str, Stored]]:
    """The pool entries of mediators whose own client file (``own_client_id``) is erased
    now, with that link emptied: the entry is the mediator's and stays, but that he or she
    was a client of the agency is the erased file's, and goes with it."""
    if not clients:
        return []
    r = t.records.c
    linked = [
        rid
        for rid, fields in conn.execute(
            select(r.id, r.fields).where(r.kind == "mediator", r.deleted.is_(False))
        )
        if orjson.loads(fields).get("own_client_id") in clients
    ]
    changed = []
    for rid, item in lock_records(conn, linked).items():
        if item.state.deleted or item.state.fields.get("own_client_id") not in clients:
            continue
        item.state.fields["own_client_id"] = None
        item.state.clocks["own_client_id"] = stamp
        changed.append((rid, item))
    return changed


# --- issue 20: group sessions ---
def _unlisted_participants(
    conn: Connection, clients: set[str], stamp: str
) -> list[tuple[str, Stored]]:
    """Group sessions whose participant list names a client erased now, without that id:
    the session is the unit's and stays (with its count), the person's attendance goes with
    the file."""
    if not clients:
        return []
    r = t.records.c

    def listed(fields) -> list:
        value = fields.get("participant_ids")
        try:
            value = orjson.loads(value) if isinstance(value, str) else value
        except orjson.JSONDecodeError:
            return []
        return value if isinstance(value, list) else []

    linked = [
        rid
        for rid, fields in conn.execute(
            select(r.id, r.fields).where(r.kind == "group_session", r.deleted.is_(False))
        )
        if clients & set(listed(orjson.loads(fields)))
    ]
    changed = []
    for rid, item in lock_records(conn, linked).items():
        before = listed(item.state.fields)
        if item.state.deleted or not clients & set(before):
            continue
        kept = [x for x in before if x not in clients]
        item.state.fields["participant_ids"] = orjson.dumps(kept).decode()
        item.state.clocks["participant_ids"] = stamp
        changed.append((rid, item))
    return changed


def _count(conn: Connection, stats: Counter) -> None:
    s = t.statistics.c
    for (year, unit, kind, topic), n in stats.items():
        key = {"year": year, "unit": unit, "kind": kind, "topic": topic}
        done = conn.execute(
            update(t.statistics)
            .where(s.year == year, s.unit == unit, s.kind == kind, s.topic == topic)
            .values(consultations=s.consultations + n)
        ).rowcount
        if not done:
            conn.execute(t.statistics.insert().values(**key, consultations=n))


def _scrub(conn: Connection, clients: list[str], records: list[str]) -> None:
    """Remove what other tables keep of erased clients and records."""
    for i in range(0, len(clients), CHUNK):
        chunk = clients[i : i + CHUNK]
        conn.execute(delete(t.conflicts).where(t.conflicts.c.client_id.in_(chunk)))
        conn.execute(
            update(t.merges)
            .where(t.merges.c.survivor_id.in_(chunk) | t.merges.c.merged_id.in_(chunk))
            .values(snapshot="{}", score=None, reason="")
        )
        conn.execute(
            delete(t.match_candidates).where(
                t.match_candidates.c.left_id.in_(chunk) | t.match_candidates.c.right_id.in_(chunk)
            )
        )
        conn.execute(delete(t.match_keys).where(t.match_keys.c.client_id.in_(chunk)))
        conn.execute(delete(t.match_pending).where(t.match_pending.c.client_id.in_(chunk)))
        conn.execute(delete(t.consent_grants).where(t.consent_grants.c.client_id.in_(chunk)))
    for i in range(0, len(records), CHUNK):
        chunk = records[i : i + CHUNK]
        conn.execute(delete(t.conflicts).where(t.conflicts.c.record_id.in_(chunk)))
        conn.execute(delete(t.consent_grants).where(t.consent_grants.c.consent_id.in_(chunk)))


EXPIRY_CHECKED = "consent_expiry_checked"  # meta: the day consents were last expired


def expire_consents(db: Database, *, today: dt.date | None = None) -> int:
    """Send again every consent whose validity ended, or whose withdrawal took effect, since
    the last run (``valid_until``
    before *today*, on or after the day of the last run); returns how many.

    A consent record arriving at a device makes the server rescope that client for it (see
    ``SyncService.pull``): once the consent is past, what it opened is no longer among the
    sections the device may see, and the device drops it. The record itself is unchanged;
    only its sequence number is new."""
    today = today or access.current_day()
    g = t.consent_grants
    with db.writer.begin() as conn:
        since = get_meta(conn, EXPIRY_CHECKED)
        if since and since >= today.isoformat():
            return 0
        day = today.isoformat()
        ended = select(g.c.consent_id).distinct().where(g.c.valid_until < day)
        # A withdrawal dated ahead takes effect on its day, like an end of validity.
        withdrawn = select(g.c.consent_id).distinct().where(g.c.withdrawn_on <= day)
        if since:
            ended = ended.where(g.c.valid_until >= since)
            withdrawn = withdrawn.where(g.c.withdrawn_on > since)
        ids = sorted(set(conn.execute(ended).scalars()) | set(conn.execute(withdrawn).scalars()))
        records = lock_records(conn, ids)
        changed = [
            (rid, Stored(item.kind, item.state, item.seq, item.origins_before))
            for rid, item in records.items()
            if not item.state.deleted
        ]
        if changed:
            write_records(conn, changed, record_seqs(conn, len(changed)), [], utcnow())
            audit.write(
                conn,
                [
                    audit.row(
                        None,
                        "consent_expired",
                        user_name="retention",
                        client_id=item.state.fields.get("client_id"),
                        kind="consent",
                        record_id=rid,
                    )
                    for rid, item in changed
                ],
            )
        set_meta(conn, EXPIRY_CHECKED, today.isoformat())
    log.info("consents expired: %d", len(changed))
    return len(changed)
