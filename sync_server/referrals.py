"""The consent rule of referrals on the server (casefile.referrals), asked by every write path
of a referral: a push (as the op asks and as the merge would store it) and a conflict's
resolution.

The rule needs what the referral names and the client's consents as the server holds them:
the offer and its provider (read), and the client's consents (locked until the commit on
PostgreSQL, so a withdrawal committing at the same moment is either seen or waits). Records
the same push wrote before (a consent given and the referral made in one batch) come from the
batch's own state, *held*, before the database's.

A write is checked where it sets what the rule reads (who, to whom, how, which consent, on
which day): a new referral, or a change of one of :data:`RULE_FIELDS`. Recording the outcome
(status, feedback, failure reason) passes data to nobody and is never refused by it -- any unit
that sees the referral may record it, even after the consent ended.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import orjson
from sqlalchemy import Connection, select

from casefile import referrals
from casefile.records import Consent, Offer, Provider, Referral
from casefile.sync import RecordState
from casefile.wire import parse_record
from sync_server import schema as t
from sync_server.store import CHUNK, Stored, lock_records

RULE_FIELDS = frozenset(
    {"client_id", "target", "target_kind", "offer_id", "contact_by", "consent_id", "referred_on"}
)


def governs(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> bool:
    """Does the write from *before* to *after* set what the consent rule reads?"""
    if after is None:
        return False
    return before is None or any(after.get(f) != before.get(f) for f in RULE_FIELDS)


def _read(conn: Connection, ids: Iterable[str]) -> dict[str, Stored]:
    """The stored records among *ids*, read without a lock (the directory's offers)."""
    out: dict[str, Stored] = {}
    ordered = sorted({i for i in ids if i})
    r = t.records.c
    for i in range(0, len(ordered), CHUNK):
        for row in conn.execute(
            select(r.kind, r.id, r.fields, r.deleted).where(r.id.in_(ordered[i : i + CHUNK]))
        ):
            state = RecordState(orjson.loads(row.fields), {}, bool(row.deleted), True)
            out[row.id] = Stored(row.kind, state)
    return out


def _live(item: Stored | None, kind: str) -> dict[str, Any] | None:
    if item is None or item.kind != kind or not item.state.exists or item.state.deleted:
        return None
    return item.state.fields


def _record(kind: str, rid: str, fields: Mapping[str, Any] | None, strict: bool = True) -> Any:
    """The record of *fields*; None for none, or (*strict*) for one that does not parse --
    a malformed consent or offer counts as none, which only ever refuses more."""
    if fields is None:
        return None
    try:
        record, _parsed, errors = parse_record(kind, dict(fields))
    except ValueError:
        return None
    if errors and strict:
        return None
    record.id = rid  # parse_record leaves the id out
    return record


def _directory_entry(
    conn: Connection, held: Mapping[str, Stored], ref: Referral
) -> tuple[Offer | None, Provider | None]:
    if ref.target_kind != "offer" or not ref.offer_id:
        return None, None
    found = {i: held[i] for i in (ref.offer_id,) if i in held} or _read(conn, [ref.offer_id])
    offer = _record("offer", ref.offer_id, _live(found.get(ref.offer_id), "offer"))
    if offer is None:
        return None, None
    pid = offer.provider_id
    found = {pid: held[pid]} if pid in held else _read(conn, [pid])
    return offer, _record("provider", pid, _live(found.get(pid), "provider"))


def _consents(conn: Connection, held: Mapping[str, Stored], client_id: str) -> list[Consent]:
    r = t.records.c
    ids = set(
        conn.execute(
            select(r.id).where(r.client_id == client_id, r.kind == "consent", r.deleted.is_(False))
        ).scalars()
    )
    stored = lock_records(conn, [i for i in ids if i not in held])
    items = {**stored, **{i: s for i, s in held.items() if s.kind == "consent"}}
    out = []
    for rid, item in items.items():
        fields = _live(item, "consent")
        if fields is None or fields.get("client_id") != client_id:
            continue
        consent = _record("consent", rid, fields)
        if consent is not None:
            out.append(consent)
    return out


def refusal(
    conn: Connection,
    held: Mapping[str, Stored],
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    record_id: str = "",
) -> tuple[str, str] | None:
    """(reason, German text) if the referral write from *before* to *after* would pass the
    client's data outside the roof without the consent it needs; None if it may go on."""
    if not governs(before, after) or after is None:
        return None
    # Not strict: the form rules refused what does not parse before; the rule reads the rest.
    ref = _record("referral", record_id or str(after.get("id") or ""), after, strict=False)
    if ref is None or ref.contact_by != "agency" or ref.target_kind == "unit":
        return None
    offer, provider = _directory_entry(conn, held, ref)
    if not referrals.needs_consent(ref, provider):
        return None
    found = referrals.consent_refusal(ref, offer, provider, _consents(conn, held, ref.client_id))
    if found is None:
        return None
    return found.reason, found.text[:500]
