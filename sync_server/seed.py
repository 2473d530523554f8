"""Demo data for a server: the demo generator's client files, stored as synced records.

The records get the field shape a desktop sends (:mod:`casefile.codec`, the row of its local
store: dates as ISO text, lists as JSON text), so a new laptop pulls them straight into its
tables. The generator (:mod:`demodata`) is imported only inside :func:`seed_demo`, so the server
runs without it.
"""

from __future__ import annotations

import datetime as dt
import random

import orjson
from sqlalchemy import select

from casefile import codec
from casefile.hlc import Clock
from casefile.ids import new_id
from casefile.policy import WALK_IN
from sync_server import access, live, report_facts, schema as t
from sync_server.db import Database, analyze, record_seqs, utcnow
from sync_server.store import dumps, keep_mediators, log_row, mediator_entry, queue_row

BATCH = 5000
WALK_IN_CLIENTS = 60  # the demo morning's walk-ins come from the first client files
# The device the seeded tickets were "issued" on: holds the first prefix, so no laptop's
# tickets ever take the seeded numbers.
SEED_DEVICE = "00000000-0000-7000-8000-000000000000"


def bundle_records(b, now: str) -> list[tuple[str, str, dict]]:
    """(kind, id, fields) of every record of one generator bundle, the client first."""
    related = [
        *b.residence_statuses,
        *b.household_links,
        *b.consultations,
        *b.referrals,
        *b.tasks,
        *b.consents,
    ]
    return codec.file_records(b.client, related, now)


def seed_demo(
    db: Database,
    n_clients: int,
    *,
    seed: int = 1,
    consultations_per_client: float = 5.0,
    duplicates: bool = False,
) -> dict[str, int]:
    """Store *n_clients* generated client files; returns the count of records per kind.

    With *duplicates*, one in ``DUPLICATE_EVERY`` people is registered a second time (see
    :func:`registered_again`) and the duplicate check runs over those files, as after a push:
    the demo then shows merged files and a review queue."""
    from demodata.generator import generate  # demo data only; the server never needs it

    clock = Clock("server-seed")
    now = utcnow()
    counts: dict[str, int] = {}
    pending: list[tuple[str, str, dict]] = []

    def flush() -> None:
        # One transaction per batch: sequence numbers from the counter like any push.
        with db.writer.begin() as conn:
            seqs = record_seqs(conn, len(pending))
            rows = []
            policy = access.current()
            for offset, (kind, record_id, fields) in enumerate(pending):
                stamp = clock.now().encode()
                unit, section = policy.classify(kind, fields)
                rows.append(
                    {
                        "kind": kind,
                        "id": record_id,
                        "client_id": record_id if kind == "client" else fields.get("client_id"),
                        "fields": dumps(fields),
                        "clocks": dumps({k: stamp for k in fields}),
                        "origins": None,
                        "deleted": False,
                        "seq": seqs[offset],
                        "updated_at": now,
                        "section": section,
                        "unit": unit,
                    }
                )
            conn.execute(t.records.insert(), rows)
            facts = report_facts.Keeper()  # issue 21: what the reports count
            for offset, (kind, record_id, fields) in enumerate(pending):
                stored = rows[offset]
                owner = stored["unit"]
                facts.add(
                    kind,
                    record_id,
                    fields,
                    orjson.loads(str(stored["clocks"])),
                    False,
                    owner if isinstance(owner, str) else None,
                )
            facts.keep(conn, seqs)
            grants = [
                g
                for kind, record_id, fields in pending
                if kind == "consent"
                for g in access.grant_rows(record_id, fields, False)
            ]
            if grants:
                conn.execute(t.consent_grants.insert(), grants)
            tickets = [
                row
                for kind, record_id, fields in pending
                if kind == "walk_in_ticket" and (row := queue_row(record_id, fields, False))
            ]
            if tickets:
                conn.execute(t.walk_in_queue.insert(), tickets)
            logged = [
                row
                for kind, record_id, fields in pending
                if kind == "walk_in_phase" and (row := log_row(record_id, fields, False))
            ]
            if logged:
                conn.execute(t.walk_in_log.insert(), logged)
            pool = {
                record_id: mediator_entry(fields, False)
                for kind, record_id, fields in pending
                if kind == "mediator"
            }
            if pool:
                keep_mediators(conn, pool, now)
        live.committed(
            db, {WALK_IN + str(f.get("location")) for k, _r, f in pending if k in live.QUEUE_KINDS}
        )
        pending.clear()

    seed_directory(db, seed)  # (the counts are of records: a laptop pulls exactly these)
    rng = random.Random(seed)
    twins: list[str] = []
    first_clients = []
    for n, bundle in enumerate(
        generate(n_clients, seed, consultations_per_client=consultations_per_client)
    ):
        if n < WALK_IN_CLIENTS:
            first_clients.append(bundle.client)
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
    # This morning at the main site's reception (tickets of the seed's own prefix "A").
    from demodata.queue import PREFIX, walk_ins

    with db.writer.begin() as conn:
        conn.execute(
            t.ticket_prefixes.insert().values(
                device_id=SEED_DEVICE, prefix=PREFIX, position=0, assigned_at=now
            )
        )
    from demodata import offers

    directory_and_pool = offers.demo_records([c.id for c in first_clients], dt.date.today(), seed)
    # --- issue 20: group sessions ---
    from demodata import groups as demo_groups

    directory_and_pool += demo_groups.demo_records(
        [c.id for c in first_clients], dt.date.today(), seed
    )
    # --- issue 20: consulting hours ---
    from demodata import consulting_hours

    directory_and_pool += consulting_hours.demo_records(dt.date.today())
    # --- issue 20: support plan ---
    from demodata import plans

    directory_and_pool += plans.demo_records([c.id for c in first_clients], dt.date.today(), seed)
    # --- issue 21: project participation ---
    from demodata import projects

    directory_and_pool += projects.demo_records(
        [c.id for c in first_clients], dt.date.today(), seed
    )
    for x in [*walk_ins(first_clients, dt.date.today(), seed), *directory_and_pool]:
        fields = codec.encode(x)
        record_id = fields.pop("id")
        fields["created_at"] = now
        pending.append((codec.kind_of(x), record_id, fields))
        counts[codec.kind_of(x)] = counts.get(codec.kind_of(x), 0) + 1
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
        counts["duplicates_merged"], counts["duplicates_to_review"] = (
            found["merged"],
            found["review"],
        )
    analyze(db)  # a bulk load: the planner's statistics of the new rows
    return counts


def seed_directory(db: Database, seed: int = 1) -> dict[str, int]:
    """The demo's colleagues and language mediators in the directory, so that every name the
    demo records assign work to or name as mediator is known. Users that exist are left as
    they are; the colleagues added cannot log in until ``create-user`` (or an administrator's
    ``reset-password``) gives one a login."""
    import orjson

    from demodata.activity import DEMO_DISPLAY_NAMES, demo_mediators, demo_users
    from sync_server.auth import NO_LOGIN

    now = utcnow()
    with db.writer.begin() as conn:
        users = set(conn.execute(select(t.users.c.name)).scalars())
        mediators = set(conn.execute(select(t.mediators.c.name)).scalars())
        new_users = [
            {
                "id": new_id(),
                "name": name,
                "password_hash": NO_LOGIN,
                "roles": '["caseworker"]',
                "units": orjson.dumps(list(units)).decode(),
                "display_name": DEMO_DISPLAY_NAMES.get(name),
                "created_at": now,
                "must_change_password": False,
            }
            for name, units in demo_users().items()
            if name not in users
        ]
        new_mediators = [
            {
                "id": new_id(),
                "name": name,
                "languages": orjson.dumps(list(languages)).decode(),
                "created_at": now,
            }
            for name, languages in demo_mediators(seed).items()
            if name not in mediators
        ]
        if new_users:
            conn.execute(t.users.insert(), new_users)
        if new_mediators:
            conn.execute(t.mediators.insert(), new_mediators)
    return {"directory_users": len(new_users), "directory_mediators": len(new_mediators)}


DUPLICATE_EVERY = 25  # one in so many demo people was registered a second time


def registered_again(
    records: list[tuple[str, str, dict]], rng: random.Random, now: str
) -> list[tuple[str, str, dict]]:
    """The same person registered a second time at an outreach consulting hour: another
    spelling (one of the person's aliases), sometimes day and month of the birth date swapped,
    sometimes with the AZR number (then the server merges at once), with one consultation."""
    client = records[0][2]
    aliases = [f for kind, _i, f in records if kind == "client_alias" and f["family_name"]]
    if not aliases:
        return []
    alias = rng.choice(aliases)
    twin = dict(
        client,
        family_name=alias["family_name"],
        given_names=alias["given_names"] or client["given_names"],
        phone="",
        address="",
        created_at=now,
        updated_at=now,
    )
    if rng.random() < 0.6:  # asked in a hurry: no birth place, no nationality
        twin["birth_place"] = ""
        if rng.random() < 0.7:
            twin["nationalities"] = "[]"
    date = client.get("birth_date") or ""
    if len(date) == 10 and rng.random() < 0.3 and int(date[8:]) <= 12:
        twin["birth_date"] = f"{date[:5]}{date[8:]}-{date[5:7]}"
    twin_id = new_id()
    out = [("client", twin_id, twin)]
    azr = [
        f for kind, _i, f in records if kind == "client_identifier" and f["type"] == "azr_number"
    ]
    if azr and rng.random() < 0.4:
        out.append(("client_identifier", new_id(), dict(azr[0], client_id=twin_id)))
    consultation = next((f for kind, _i, f in records if kind == "consultation"), None)
    if consultation is not None:
        out.append(
            (
                "consultation",
                new_id(),
                dict(
                    consultation,
                    client_id=twin_id,
                    note="Erstgespräch in der Außensprechstunde; "
                    "Person war nach eigener Angabe noch nicht bei der MiA.",
                    revision_of=None,
                ),
            )
        )
    return out
