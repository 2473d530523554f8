"""Demo data for a server: the desktop's demo generator, stored as synced records.

The records get the field shape a desktop sends (the row of its local store: dates as ISO
text, lists as JSON text), so a new laptop pulls them straight into its tables. The shape
mirrors ``desktop/store/rows.py``; a test compares the two. This is the only place the server
touches ``desktop`` code, and only inside :func:`seed_demo`, so the server runs without it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

from casefile.hlc import Clock
from sync_server.db import Database, take_seqs, utcnow
from sync_server import schema as t
from sync_server.store import dumps

BATCH = 5000


def _d(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _t(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def _j(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def bundle_records(b, now: str) -> list[tuple[str, str, dict]]:
    """(kind, id, fields) of every record of one generator bundle, the client first."""
    c = b.client
    last = max((x.started_at for x in b.consultations), default=None)
    out = [("client", c.id, {
        "family_name": c.family_name.strip(), "given_names": c.given_names.strip(),
        "birth_name": c.birth_name.strip(), "birth_date": _d(c.birth_date),
        "birth_date_precision": str(c.birth_date_precision), "birth_place": c.birth_place.strip(),
        "sex": str(c.sex), "nationalities": _j(c.nationalities),
        "languages": _j([dataclasses.asdict(x) for x in c.languages]), "phone": c.phone.strip(),
        "address": c.address.strip(), "target_group": c.target_group, "created_at": now,
        "updated_at": now, "last_contact_at": _t(last), "deleted": False})]
    out += [("client_alias", a.id, {"client_id": c.id, "family_name": a.family_name,
                                    "given_names": a.given_names, "kind": a.kind})
            for a in c.aliases]
    out += [("client_identifier", i.id, {"client_id": c.id, "type": i.type, "value": i.value,
                                         "value_norm": re.sub(r"[^0-9A-Z]", "", i.value.upper())})
            for i in c.identifiers]
    out += [("residence_status", x.id, {
        "client_id": x.client_id, "status": x.status, "paragraph": x.paragraph,
        "valid_from": _d(x.valid_from), "valid_until": _d(x.valid_until),
        "issuing_office": x.issuing_office, "created_at": now}) for x in b.residence_statuses]
    out += [("household_link", x.id, {"client_id": x.client_id,
                                      "other_client_id": x.other_client_id,
                                      "relation": x.relation}) for x in b.household_links]
    out += [("consultation", x.id, {
        "client_id": x.client_id, "started_at": _t(x.started_at), "duration_min": x.duration_min,
        "unit": x.unit, "caseworker": x.caseworker, "location": x.location, "kind": x.kind,
        "topics": _j(x.topics), "language": x.language, "mediator_used": x.mediator_used,
        "mediator_name": x.mediator_name, "note": x.note, "outcome": x.outcome,
        "next_step": x.next_step, "revision_of": x.revision_of, "created_at": now})
        for x in b.consultations]
    out += [("referral", x.id, {
        "client_id": x.client_id, "target": x.target, "reason": x.reason,
        "referred_on": _d(x.referred_on), "status": x.status, "feedback": x.feedback,
        "consultation_id": x.consultation_id, "created_at": now}) for x in b.referrals]
    out += [("task", x.id, {
        "client_id": x.client_id, "due_date": _d(x.due_date), "text": x.text,
        "assignee": x.assignee, "assignee_unit": x.assignee_unit, "done": x.done,
        "done_at": _t(x.done_at), "consultation_id": x.consultation_id, "created_at": now})
        for x in b.tasks]
    out += [("consent", x.id, {
        "client_id": x.client_id, "recipients": _j(x.recipients), "categories": _j(x.categories),
        "purpose": x.purpose, "given_on": _d(x.given_on), "valid_until": _d(x.valid_until),
        "withdrawn_on": _d(x.withdrawn_on), "form_reference": x.form_reference,
        "created_at": now}) for x in b.consents]
    return out


def seed_demo(db: Database, n_clients: int, *, seed: int = 1,
              consultations_per_client: float = 5.0) -> dict[str, int]:
    """Store *n_clients* generated client files; returns the count of records per kind."""
    from desktop.demo.generator import generate   # demo data only; the server never needs it

    clock = Clock("server-seed")
    now = utcnow()
    counts: dict[str, int] = {}
    pending: list[tuple[str, str, dict]] = []

    def flush() -> None:
        # One transaction per batch: sequence numbers from the counter like any push.
        with db.writer.begin() as conn:
            first = take_seqs(conn, len(pending))
            rows = []
            for offset, (kind, record_id, fields) in enumerate(pending):
                stamp = clock.now().encode()
                rows.append({"kind": kind, "id": record_id,
                             "client_id": record_id if kind == "client" else fields["client_id"],
                             "fields": dumps(fields), "clocks": dumps({k: stamp for k in fields}),
                             "origins": None, "deleted": False, "seq": first + offset,
                             "updated_at": now})
            conn.execute(t.records.insert(), rows)
        pending.clear()

    for bundle in generate(n_clients, seed, consultations_per_client=consultations_per_client):
        for kind, record_id, fields in bundle_records(bundle, now):
            pending.append((kind, record_id, fields))
            counts[kind] = counts.get(kind, 0) + 1
        if len(pending) >= BATCH:
            flush()
    if pending:
        flush()
    return counts
