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
import random
import re

from casefile.hlc import Clock
from casefile.ids import new_id
from sync_server.db import Database, take_seqs, utcnow
from sync_server import access, schema as t
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
              consultations_per_client: float = 5.0, duplicates: bool = False) -> dict[str, int]:
    """Store *n_clients* generated client files; returns the count of records per kind.

    With *duplicates*, one in ``DUPLICATE_EVERY`` people is registered a second time (see
    :func:`registered_again`) and the duplicate check runs over those files, as after a push:
    the demo then shows merged files and a review queue."""
    from demodata.generator import generate   # demo data only; the server never needs it

    clock = Clock("server-seed")
    now = utcnow()
    counts: dict[str, int] = {}
    pending: list[tuple[str, str, dict]] = []

    def flush() -> None:
        # One transaction per batch: sequence numbers from the counter like any push.
        with db.writer.begin() as conn:
            first = take_seqs(conn, len(pending))
            rows = []
            policy = access.current()
            for offset, (kind, record_id, fields) in enumerate(pending):
                stamp = clock.now().encode()
                unit, section = policy.classify(kind, fields)
                rows.append({"kind": kind, "id": record_id,
                             "client_id": record_id if kind == "client" else fields["client_id"],
                             "fields": dumps(fields), "clocks": dumps({k: stamp for k in fields}),
                             "origins": None, "deleted": False, "seq": first + offset,
                             "updated_at": now, "section": section, "unit": unit})
            conn.execute(t.records.insert(), rows)
            grants = [g for kind, record_id, fields in pending if kind == "consent"
                      for g in access.grant_rows(record_id, fields, False)]
            if grants:
                conn.execute(t.consent_grants.insert(), grants)
        pending.clear()

    rng = random.Random(seed)
    twins: list[str] = []
    for n, bundle in enumerate(generate(n_clients, seed,
                                        consultations_per_client=consultations_per_client)):
        records = bundle_records(bundle, now)
        if duplicates and n % DUPLICATE_EVERY == DUPLICATE_EVERY - 1:
            extra = registered_again(records, rng, now)
            if extra:
                twins.append(extra[0][1])
                records += extra
        for kind, record_id, fields in records:
            pending.append((kind, record_id, fields))
            counts[kind] = counts.get(kind, 0) + 1
        if len(pending) >= BATCH:
            flush()
    if pending:
        flush()
    # Seeded rows were classified by the installed rules as they were written.
    from sync_server.db import get_meta, set_meta
    with db.writer.begin() as conn:
        if get_meta(conn, "access_classification") is None:
            set_meta(conn, "access_classification", access.current().classify_digest)
    if twins:
        from sync_server.duplicates import DuplicateCheck
        from sync_server.identity import Identity
        check = DuplicateCheck(db, Identity(db, clock), auto_merge=True)
        check.index_all()
        found = check.check(twins)
        counts["duplicates_merged"], counts["duplicates_to_review"] = found["merged"], found["review"]
    return counts


DUPLICATE_EVERY = 25      # one in so many demo people was registered a second time


def registered_again(records: list[tuple[str, str, dict]], rng: random.Random,
                     now: str) -> list[tuple[str, str, dict]]:
    """The same person registered a second time at an outreach consulting hour: another
    spelling (one of the person's aliases), sometimes day and month of the birth date swapped,
    sometimes with the AZR number (then the server merges at once), with one consultation."""
    client = records[0][2]
    aliases = [f for kind, _i, f in records if kind == "client_alias" and f["family_name"]]
    if not aliases:
        return []
    alias = rng.choice(aliases)
    twin = dict(client, family_name=alias["family_name"],
                given_names=alias["given_names"] or client["given_names"], phone="", address="",
                created_at=now, updated_at=now)
    if rng.random() < 0.6:                 # asked in a hurry: no birth place, no nationality
        twin["birth_place"] = ""
        if rng.random() < 0.7:
            twin["nationalities"] = "[]"
    date = client.get("birth_date") or ""
    if len(date) == 10 and rng.random() < 0.3 and int(date[8:]) <= 12:
        twin["birth_date"] = f"{date[:5]}{date[8:]}-{date[5:7]}"
    twin_id = new_id()
    out = [("client", twin_id, twin)]
    azr = [f for kind, _i, f in records if kind == "client_identifier"
           and f["type"] == "azr_number"]
    if azr and rng.random() < 0.4:
        out.append(("client_identifier", new_id(), dict(azr[0], client_id=twin_id)))
    consultation = next((f for kind, _i, f in records if kind == "consultation"), None)
    if consultation is not None:
        out.append(("consultation", new_id(), dict(
            consultation, client_id=twin_id, note="Erstgespräch in der Außensprechstunde; "
            "Person war nach eigener Angabe noch nicht bei der MiA.", revision_of=None)))
    return out
