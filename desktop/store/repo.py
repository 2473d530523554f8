"""The local store's operations: every read and write the desktop makes.

Each write validates its records first (nothing is saved half), writes them and appends one
outbox entry per changed record in the **same transaction**, so the sync worker later sends
exactly what was saved. Reads return casefile records or small row dataclasses for the views.
The class holds no Qt: the UI calls it from worker threads through ``desktop.ui.ops``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, insert, select, text, update

from casefile import validation
from casefile.directory import Directory
from casefile.hlc import Clock
from casefile.ids import new_id
from casefile.records import (
    Client,
    Consent,
    Consultation,
    HouseholdLink,
    Referral,
    ResidenceStatus,
    Task,
    utcnow,
)
from desktop.store import (
    bulk,
    changes,
    directory,
    referrals as referral_store,
    rows,
    schema as t,
    search,
)
from desktop.store.connection import open_store, search_engine
from desktop.store.plans import agenda as plan_agenda  # issue 20: support plan


@dataclass
class ClientSummary:
    """One line of a client list."""

    id: str
    family_name: str
    given_names: str
    birth_date: dt.date | None
    birth_date_precision: str
    nationalities: list[str]
    last_contact_at: dt.datetime | None
    matched: str = ""
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)  # the matcher's, for a possible duplicate

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_names}".strip(", ")


@dataclass
class TimelineEntry:
    kind: str  # consultation | referral | task
    id: str
    when: dt.datetime
    record: object
    series: str = ""  # a group consultation's place in its series ("2/4"; issue 20)


@dataclass
class HouseholdMember:
    link: HouseholdLink
    name: str
    birth_date: dt.date | None


@dataclass
class ClientFile:
    client: Client
    residence: list[ResidenceStatus] = field(default_factory=list)
    household: list[HouseholdMember] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    last_contact_at: dt.datetime | None = None
    open_tasks: int = 0

    @property
    def current_residence(self) -> ResidenceStatus | None:
        return self.residence[0] if self.residence else None


@dataclass
class ClientSnapshot:
    """A client's master data as a form loaded it: what the user saw and edits against.

    ``values`` are the row values (``rows.client_row`` form, without the id), ``clocks`` the
    clock of each field as stored on this device (None: the record has none, it was stored
    before sync existed), and the ids of its aliases and identifiers at that moment.
    """

    client: Client
    values: dict
    clocks: dict[str, str] | None
    alias_ids: frozenset[str]
    identifier_ids: frozenset[str]

    def clock(self, name: str) -> str | None:
        return (self.clocks or {}).get(name)


@dataclass
class TaskRow:
    task: Task
    client_name: str
    birth_date: dt.date | None
    # issue 20: "" for a task; "plan_step" / "plan_review" for a support plan's step or due
    # review shown among the Wiedervorlagen (``task`` then carries its id, text and due date)
    source: str = ""

    def overdue(self, today: dt.date) -> bool:
        return not self.task.done and self.task.due_date < today


class Store:
    """The desktop's local store (one SQLite file)."""

    def __init__(self, engine: Engine, search_engine: Engine | None = None):
        self.engine = engine
        # The search's own long-lived connection, whose page cache holds the search index.
        self.search_engine = search_engine or engine
        self.device_id = self._meta_value("device_id", default_factory=new_id)
        self.clock = Clock(self.device_id)
        self.vocab = search.Vocabulary()

    @classmethod
    def open(cls, path: Path | str, key: bytes | None = None) -> Store:
        """The store at *path*; encrypted with *key* (see desktop.store.keys) if given."""
        engine = open_store(path, key=key)
        return cls(engine, search_engine(path, key))

    def close(self) -> None:
        if self.search_engine is not self.engine:
            self.search_engine.dispose()
        self.engine.dispose()

    def integrity_problems(self, limit: int = 20) -> list[str]:
        """Pages that fail their check (an encrypted store: authentication of every page;
        a plain one: SQLite's quick check). Empty when the file is intact. Takes seconds on a
        large store: run it off the UI thread."""
        with self.engine.connect() as conn:
            encrypted = conn.exec_driver_sql("PRAGMA cipher_version").scalar() is not None
            if encrypted:
                rows = conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()
                return [str(r[0]) for r in rows[:limit]]
            rows = conn.exec_driver_sql("PRAGMA quick_check").fetchall()
            return [str(r[0]) for r in rows[:limit] if r[0] != "ok"]

    # --- helpers --------------------------------------------------------------------------

    def _meta_value(self, key: str, default_factory) -> str:
        with self.engine.begin() as conn:
            row = conn.execute(select(t.meta.c.value).where(t.meta.c.key == key)).first()
            if row:
                return row[0]
            value = default_factory()
            conn.execute(insert(t.meta).values(key=key, value=value))
            return value

    def _outbox(
        self,
        conn: Connection,
        kind: str,
        record_id: str,
        op: str,
        payload: dict,
        base: dict[str, str | None] | None = None,
    ) -> None:
        """Append one outbox entry and move the record's field clocks, in the caller's transaction.

        An update carries ``base``: the clock of each changed field's value before this edit,
        null for a field the device never saw written. A record without any clocks (stored
        before sync existed) sends no base: the server cannot know what it was based on.
        The changed fields then get the entry's clock, so a later edit is based on this one.
        A caller that knows what the edit was based on (a form's snapshot) passes *base*.
        """
        hlc = self.clock.now().encode()
        names = [f for f in payload if f != "id"]
        given, base = base, {}
        if op == "update":
            known = bulk.load_clocks(conn, [record_id])
            clocks = known.get(record_id, {})
            if given is not None:
                base = dict(given)
            elif record_id in known:
                base = {f: clocks.get(f) for f in names}
            bulk.write_clocks(conn, [(kind, record_id, {**clocks, **{f: hlc for f in names}})])
        elif op == "create":
            bulk.write_clocks(conn, [(kind, record_id, {f: hlc for f in names})])
        else:
            bulk.delete_clocks(conn, [record_id])
        changes.note(kind, _client_of(conn, kind, record_id, payload))
        conn.execute(
            insert(t.outbox).values(
                op_id=new_id(),
                kind=kind,
                record_id=record_id,
                op=op,
                payload=orjson.dumps(payload, default=str).decode(),
                hlc=hlc,
                created_at=rows.t2s(utcnow()),
                base=orjson.dumps(base).decode() if base else None,
            )
        )

    def _insert(self, conn: Connection, table, kind: str, row: dict) -> None:
        row = dict(row)
        if "created_at" in table.c and "created_at" not in row:
            row["created_at"] = rows.t2s(utcnow())
        conn.execute(insert(table).values(**row))
        self._outbox(conn, kind, row["id"], "create", row)

    @staticmethod
    def _check(record, today: dt.date | None = None, **kw) -> None:
        errors = (
            validation.validate_task(record, today, **kw)
            if isinstance(record, Task)
            else validation.validate(record, today)
        )
        if errors:
            raise validation.ValidationError(errors)

    # --- clients --------------------------------------------------------------------------

    def create_client(self, client: Client) -> str:
        self._check(client)
        now = rows.t2s(utcnow())
        with self.engine.begin() as conn:
            self._insert(
                conn,
                t.client,
                "client",
                {**rows.client_row(client), "created_at": now, "updated_at": now},
            )
            self._write_children(conn, client)
            words = search.index_client(conn, client.id)
        self.vocab.add(words)
        return client.id

    def _write_children(self, conn: Connection, client: Client) -> None:
        for a in client.aliases:
            self._insert(
                conn,
                t.client_alias,
                "client_alias",
                {
                    "id": a.id,
                    "client_id": client.id,
                    "family_name": a.family_name.strip(),
                    "given_names": a.given_names.strip(),
                    "kind": a.kind,
                },
            )
        for i in client.identifiers:
            self._insert(
                conn,
                t.client_identifier,
                "client_identifier",
                {
                    "id": i.id,
                    "client_id": client.id,
                    "type": i.type,
                    "value": i.value.strip(),
                    "value_norm": search.normalise_identifier(i.value),
                },
            )

    def client_snapshot(self, client_id: str) -> ClientSnapshot | None:
        """The client as a form loads it, with its field clocks (see ``update_client``)."""
        with self.engine.connect() as conn:
            return self._snapshot(conn, client_id)

    def _snapshot(self, conn: Connection, client_id: str) -> ClientSnapshot | None:
        client = self._client(conn, client_id)
        if client is None:
            return None
        values = rows.client_row(client)
        del values["id"]
        clocks = bulk.load_clocks(conn, [client_id]).get(client_id)
        return ClientSnapshot(
            client,
            values,
            clocks,
            frozenset(a.id for a in client.aliases),
            frozenset(i.id for i in client.identifiers),
        )

    def update_client(self, client: Client, snapshot: ClientSnapshot | None = None) -> list[str]:
        """Save changed master data; returns the names of the changed fields.

        An edit is a diff against what the user saw: *snapshot* is what the form loaded
        (``client_snapshot``). Only the fields that differ from it are written, with the
        snapshot's clocks as ``base``, so the server recognises an edit made meanwhile on
        another laptop as concurrent and keeps the losing value as a conflict or in history.
        A field the user left alone is never written, even if sync changed it since. Only the
        aliases and identifiers of the snapshot that the client no longer has are deleted,
        only new ones added: one that a pull brought after the form opened stays.
        Without *snapshot* the current row is taken as what the caller saw (read, then saved).
        """
        self._check(client)
        new = rows.client_row(client)
        with self.engine.begin() as conn:
            current = self._snapshot(conn, client.id)
            if current is None:
                raise LookupError(f"client {client.id} is not in the store")
            seen = snapshot or current
            # A value that already is the stored one (the user took the new value, or typed
            # what another laptop typed) need not be sent.
            changed = {
                k: v
                for k, v in new.items()
                if k != "id" and v != seen.values.get(k) and v != current.values.get(k)
            }
            if changed:
                base = None
                if snapshot is not None:
                    base = (
                        {}
                        if snapshot.clocks is None
                        else {f: snapshot.clock(f) for f in changed}
                        | {"updated_at": current.clock("updated_at")}
                    )
                changed["updated_at"] = rows.t2s(utcnow())
                conn.execute(update(t.client).where(t.client.c.id == client.id).values(**changed))
                self._outbox(conn, "client", client.id, "update", changed, base=base)
            fresh = Client(family_name="", given_names="", id=client.id)
            added: list[Any]  # fresh.aliases or fresh.identifiers
            for table, kind, had, has, news, added in (
                (
                    t.client_alias,
                    "client_alias",
                    seen.alias_ids,
                    current.alias_ids,
                    client.aliases,
                    fresh.aliases,
                ),
                (
                    t.client_identifier,
                    "client_identifier",
                    seen.identifier_ids,
                    current.identifier_ids,
                    client.identifiers,
                    fresh.identifiers,
                ),
            ):
                keep = {n.id for n in news}
                for gone in sorted((had - keep) & has):
                    conn.execute(table.delete().where(table.c.id == gone))
                    self._outbox(conn, kind, gone, "delete", {})
                    changed[kind] = True
                # Not in the snapshot means the user added it; one of the snapshot that is
                # gone now was deleted elsewhere meanwhile and is not brought back.
                added += [n for n in news if n.id not in had and n.id not in has]
            if fresh.aliases or fresh.identifiers:
                self._write_children(conn, fresh)
                changed["children"] = True
            words = search.index_client(conn, client.id)
        self.vocab.add(words)
        return sorted(changed)

    def redirect_of(self, client_id: str) -> tuple[str, str] | None:
        """(surviving client id, the old file's name) if *client_id* was merged away."""
        with self.engine.connect() as conn:
            row = conn.execute(
                text("SELECT new_id, old_name FROM client_redirect WHERE old_id = :i"),
                {"i": client_id},
            ).first()
        return (row.new_id, row.old_name) if row else None

    def get_client(self, client_id: str) -> Client | None:
        with self.engine.connect() as conn:
            return self._client(conn, client_id)

    def _client(self, conn: Connection, client_id: str) -> Client | None:
        r = conn.execute(select(t.client).where(t.client.c.id == client_id)).first()
        if r is None:
            return None
        aliases = conn.execute(
            select(t.client_alias).where(t.client_alias.c.client_id == client_id)
        ).all()
        idents = conn.execute(
            select(t.client_identifier).where(t.client_identifier.c.client_id == client_id)
        ).all()
        return rows.client_from_row(r, aliases, idents)

    def client_file(self, client_id: str) -> ClientFile | None:
        with self.engine.connect() as conn:
            client = self._client(conn, client_id)
            if client is None:
                return None
            cf = ClientFile(client)
            cf.residence = [
                rows.residence_from_row(r)
                for r in conn.execute(
                    select(t.residence_status)
                    .where(t.residence_status.c.client_id == client_id)
                    .order_by(
                        t.residence_status.c.valid_from.desc(),
                        t.residence_status.c.created_at.desc(),
                    )
                )
            ]
            links = conn.execute(
                text(
                    "SELECT l.id, l.client_id, l.other_client_id, l.relation, c.family_name, c.given_names, "
                    "c.birth_date FROM household_link l JOIN client c ON c.id = l.other_client_id "
                    "WHERE l.client_id = :c"
                ).bindparams(c=client_id)
            ).all()
            cf.household = [
                HouseholdMember(
                    HouseholdLink(
                        id=r.id,
                        client_id=r.client_id,
                        other_client_id=r.other_client_id,
                        relation=r.relation,
                    ),
                    f"{r.family_name}, {r.given_names}",
                    rows.s2d(r.birth_date),
                )
                for r in links
            ]
            cf.consents = [
                rows.consent_from_row(r)
                for r in conn.execute(
                    select(t.consent)
                    .where(t.consent.c.client_id == client_id)
                    .order_by(t.consent.c.given_on.desc())
                )
            ]
            last = conn.execute(
                select(t.client.c.last_contact_at).where(t.client.c.id == client_id)
            ).scalar()
            cf.last_contact_at = rows.s2t(last)
            cf.open_tasks = conn.execute(
                text("SELECT count(*) FROM task WHERE client_id = :c AND NOT done").bindparams(
                    c=client_id
                )
            ).scalar_one()
            return cf

    def summaries(self, ids: list[str], conn: Connection | None = None) -> dict[str, ClientSummary]:
        if not ids:
            return {}
        own = conn is None
        conn = conn or self.engine.connect()
        try:
            out = {}
            # On the DB-API connection itself: the search shows fifty of these per keystroke,
            # and SQLAlchemy's statement building and result rows cost more than the read.
            raw = conn.connection.dbapi_connection
            if raw is None:  # a checked-out connection always has one
                raise RuntimeError("the connection is closed")
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for cid, family, given, born, precision, nationalities, contact in raw.execute(
                    "SELECT id, family_name, given_names, birth_date, birth_date_precision, "
                    "nationalities, last_contact_at FROM client "
                    f"WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                ):
                    out[cid] = ClientSummary(
                        cid,
                        family,
                        given,
                        rows.s2d(born),
                        precision,
                        json.loads(nationalities),
                        rows.s2t(contact),
                    )
            return out
        finally:
            if own:
                conn.close()

    def search(self, query: str, limit: int = 50) -> list[ClientSummary]:
        """Type-ahead search (see :mod:`desktop.store.search`)."""
        with self.search_engine.connect() as conn:
            hits = search.search(conn, query, limit, self.vocab)
            summaries = self.summaries([h.client_id for h in hits], conn)
        result = []
        for h in hits:
            s = summaries.get(h.client_id)
            if s:
                s.matched, s.score = h.entry, h.score
                result.append(s)
        return result

    def warm_search(self) -> int:
        """Load the search vocabulary and read the search index into the search connection's
        cache (run once in the background after start); returns the vocabulary's size. Works
        in slices, so a search typed meanwhile waits for one slice at most."""
        return search.warm(self.search_engine, self.vocab)

    def possible_duplicates(self, client: Client, limit: int = 10) -> list[ClientSummary]:
        """Clients already in the store with the same normalised name and a compatible birth date."""
        from casefile import matcher, names  # local: only this check needs them

        candidates: dict[str, ClientSummary] = {}
        queries = [f"{client.family_name} {client.given_names}"]
        queries += [f"{a.family_name} {a.given_names}" for a in client.aliases]
        for q in queries:
            for s in self.search(q, limit=100):
                if s.id != client.id:
                    candidates.setdefault(s.id, s)
        with self.engine.connect() as conn:
            if client.identifiers:
                for i in client.identifiers:
                    for (cid,) in conn.execute(
                        select(t.client_identifier.c.client_id).where(
                            t.client_identifier.c.value_norm == search.normalise_identifier(i.value)
                        )
                    ):
                        if cid != client.id and cid not in candidates:
                            candidates.update(self.summaries([cid], conn))
        result = []
        me = matcher.prepare(matcher.from_client(client))
        for s in candidates.values():
            sim = names.name_similarity(
                f"{client.given_names} {client.family_name}", f"{s.given_names} {s.family_name}"
            )
            if s.matched:
                sim = max(
                    sim,
                    names.name_similarity(f"{client.family_name} {client.given_names}", s.matched),
                )
            other = self.get_client(s.id)
            judged = matcher.compare(me, matcher.from_client(other)) if other else None
            # Warned: the server's matcher finds the pair likely (swapped dates, identifiers,
            # other spellings), or the name is close and the birth date fits -- while the
            # form is still being filled, a name alone is reason enough to look.
            likely = judged is not None and judged.decision != matcher.DIFFERENT
            if likely or (
                sim >= 0.85
                and birth_dates_compatible(
                    client.birth_date,
                    client.birth_date_precision,
                    s.birth_date,
                    s.birth_date_precision,
                )
            ):
                s.score = judged.score if judged is not None else sim
                s.reasons = judged.reasons if judged is not None else []
                result.append(s)
        result.sort(key=lambda s: -s.score)
        return result[:limit]

    def recent_clients(self, limit: int = 20) -> list[ClientSummary]:
        with self.engine.connect() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    text(
                        "SELECT id FROM client WHERE last_contact_at IS NOT NULL AND NOT deleted "
                        "ORDER BY last_contact_at DESC LIMIT :n"
                    ),
                    {"n": limit},
                )
            ]
            s = self.summaries(ids, conn)
        return [s[i] for i in ids if i in s]

    def client_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM client WHERE NOT deleted")).scalar_one()

    # --- the client file's sections ---------------------------------------------------------

    def add_residence_status(self, rs: ResidenceStatus) -> str:
        self._check(rs)
        with self.engine.begin() as conn:
            self._insert(conn, t.residence_status, "residence_status", rows.residence_row(rs))
        return rs.id

    def add_consent(self, consent: Consent) -> str:
        self._check(consent)
        with self.engine.begin() as conn:
            self._insert(conn, t.consent, "consent", rows.consent_row(consent))
        return consent.id

    def withdraw_consent(self, consent_id: str, on: dt.date | None = None) -> bool:
        """Record the withdrawal of a consent (today unless *on*); every device drops what it
        opened on its next sync. Returns False if it is unknown or withdrawn already."""
        values = {"withdrawn_on": rows.d2s(on or dt.date.today())}
        with self.engine.begin() as conn:
            n = conn.execute(
                update(t.consent)
                .where(t.consent.c.id == consent_id, t.consent.c.withdrawn_on.is_(None))
                .values(**values)
            ).rowcount
            if n:
                self._outbox(conn, "consent", consent_id, "update", values)
        return bool(n)

    def add_household_link(self, link: HouseholdLink, reverse_relation: str | None = None) -> str:
        """Link two clients; the reverse link (e.g. child -> parent) is written too."""
        self._check(link)
        with self.engine.begin() as conn:
            self._insert(conn, t.household_link, "household_link", rows.household_row(link))
            if reverse_relation:
                back = HouseholdLink(link.other_client_id, link.client_id, reverse_relation)
                self._insert(conn, t.household_link, "household_link", rows.household_row(back))
        return link.id

    # --- consultations, referrals, tasks -----------------------------------------------------

    def add_consultation(
        self,
        cons: Consultation,
        follow_up: Task | None = None,
        referral: Referral | None = None,
        draft_key: str | None = None,
        then: Callable[[Connection, Consultation], Any] | None = None,
        referral_follow_up: Task | None = None,
    ) -> str:
        """Save a consultation with its optional follow-up task and referral (with the
        referral's own follow-up, to check its outcome), all or nothing.

        The draft the form autosaved is deleted in the same transaction, so a crash can never
        leave both the saved consultation and its draft (or neither). *then* writes what goes
        with the consultation in the same transaction (a mediator's hours entry:
        ``desktop.store.mediation.hours_with``). A referral that needs a consent it does not name
        is refused (:class:`desktop.store.referrals.ReferralRefused`).
        """
        errors = validation.validate(cons)
        if follow_up is not None:
            errors += validation.validate_task(follow_up, new=True)
        if referral is not None:
            errors += validation.validate(referral)
        if referral_follow_up is not None:
            errors += validation.validate_task(referral_follow_up, new=True)
        if errors:
            raise validation.ValidationError(errors)
        with self.engine.begin() as conn:
            if (
                conn.execute(select(t.client.c.id).where(t.client.c.id == cons.client_id)).first()
                is None
            ):
                raise validation.ValidationError([validation.FieldError("client_id", "required")])
            self._insert(conn, t.consultation, "consultation", rows.consultation_row(cons))
            if follow_up is not None:
                follow_up.consultation_id = cons.id
                self._insert(conn, t.task, "task", rows.task_row(follow_up))
            if referral is not None:
                referral.consultation_id = cons.id
                refused = referral_store.refusal(conn, referral)
                if refused is not None:
                    raise referral_store.ReferralRefused(refused)
                self._insert(conn, t.referral, "referral", rows.referral_row(referral))
                if referral_follow_up is not None:
                    referral_follow_up.consultation_id = cons.id
                    self._insert(conn, t.task, "task", rows.task_row(referral_follow_up))
            if then is not None:
                then(conn, cons)
            started = rows.t2s(cons.started_at)
            conn.execute(
                text(
                    "UPDATE client SET last_contact_at = :s WHERE id = :c AND "
                    "(last_contact_at IS NULL OR last_contact_at < :s)"
                ),
                {"s": started, "c": cons.client_id},
            )
            if draft_key:
                conn.execute(t.draft.delete().where(t.draft.c.key == draft_key))
                changes.note("draft", cons.client_id)
        return cons.id

    def add_task(self, task: Task) -> str:
        self._check(task, new=True)
        with self.engine.begin() as conn:
            self._insert(conn, t.task, "task", rows.task_row(task))
        return task.id

    def add_referral(self, ref: Referral) -> str:
        self._check(ref)
        with self.engine.begin() as conn:
            self._insert(conn, t.referral, "referral", rows.referral_row(ref))
        return ref.id

    def set_task_done(self, task_id: str, done: bool = True) -> None:
        values = {"done": done, "done_at": rows.t2s(utcnow()) if done else None}
        with self.engine.begin() as conn:
            n = conn.execute(update(t.task).where(t.task.c.id == task_id).values(**values)).rowcount
            if n:
                self._outbox(conn, "task", task_id, "update", values)

    def timeline(self, client_id: str) -> list[TimelineEntry]:
        """All consultations, referrals and tasks of a client, newest first."""
        entries: list[TimelineEntry] = []
        with self.engine.connect() as conn:
            for r in conn.execute(
                select(t.consultation).where(t.consultation.c.client_id == client_id)
            ):
                c = rows.consultation_from_row(r)
                entries.append(TimelineEntry("consultation", c.id, c.started_at, c))
            for r in conn.execute(select(t.referral).where(t.referral.c.client_id == client_id)):
                ref = rows.referral_from_row(r)
                entries.append(TimelineEntry("referral", ref.id, _day_start(ref.referred_on), ref))
            for r in conn.execute(select(t.task).where(t.task.c.client_id == client_id)):
                task = rows.task_from_row(r)
                entries.append(TimelineEntry("task", task.id, _day_start(task.due_date), task))
            # --- issue 20: group sessions --- (the series a group consultation belongs to)
            sessions = {
                e.record.group_session_id: e
                for e in entries
                if isinstance(e.record, Consultation) and e.record.group_session_id
            }
            if sessions:
                g = t.group_session.c
                for sid, no, count in conn.execute(
                    select(g.id, g.series_no, g.series_count).where(g.id.in_(list(sessions)))
                ):
                    for e in entries:
                        rec = e.record
                        if (
                            isinstance(rec, Consultation)
                            and rec.group_session_id == sid
                            and count > 1
                        ):
                            e.series = f"{no}/{count}"
        entries.sort(key=lambda e: (e.when, e.kind), reverse=True)
        return entries

    def directory(self) -> Directory:
        """Users and language mediators as of the last sync, for the pick lists (offline)."""
        return directory.load(self.engine)

    def tasks(
        self,
        *,
        assignee: str | None = None,
        unit: str | None = None,
        include_done: bool = False,
        due_until: dt.date | None = None,
        limit: int = 1000,
    ) -> list[TaskRow]:
        """Wiedervorlagen, the earliest due (so the overdue ones) first."""
        sql = (
            "SELECT t.*, c.family_name, c.given_names, c.birth_date AS client_birth "
            "FROM task t JOIN client c ON c.id = t.client_id WHERE NOT c.deleted"
        )
        params: dict = {"n": limit}
        if not include_done:
            sql += " AND NOT t.done"
        if assignee and unit:
            sql += " AND (t.assignee = :a OR (t.assignee = '' AND t.assignee_unit = :u))"
            params |= {"a": assignee, "u": unit}
        elif assignee:
            sql += " AND t.assignee = :a"
            params["a"] = assignee
        elif unit:
            sql += " AND t.assignee_unit = :u"
            params["u"] = unit
        if due_until:
            sql += " AND t.due_date <= :d"
            params["d"] = due_until.isoformat()
        sql += " ORDER BY t.done, t.due_date, c.family_name LIMIT :n"
        with self.engine.connect() as conn:
            found = [
                TaskRow(
                    rows.task_from_row(r),
                    f"{r.family_name}, {r.given_names}",
                    rows.s2d(r.client_birth),
                )
                for r in conn.execute(text(sql), params)
            ]
            # issue 20: the support plans' steps and due reviews are Wiedervorlagen too
            found += [
                TaskRow(item.task, item.client_name, item.birth_date, item.source)
                for item in plan_agenda(
                    conn,
                    assignee=assignee,
                    unit=unit,
                    include_done=include_done,
                    due_until=due_until,
                    limit=limit,
                )
            ]
        found.sort(key=lambda r: (r.task.done, r.task.due_date, r.client_name))
        return found[:limit]

    # --- drafts (autosave) ---------------------------------------------------------------

    def save_draft(self, key: str, kind: str, client_id: str | None, payload: dict) -> None:
        data = orjson.dumps(payload, default=str).decode()
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO draft (key, kind, client_id, payload, updated_at) "
                    "VALUES (:k, :kind, :c, :p, :u) ON CONFLICT(key) DO UPDATE SET "
                    "payload = excluded.payload, updated_at = excluded.updated_at"
                ),
                {"k": key, "kind": kind, "c": client_id, "p": data, "u": rows.t2s(utcnow())},
            )
        changes.note("draft", client_id)

    def drafts(self, kind: str | None = None) -> list[dict]:
        sql = select(t.draft)
        if kind:
            sql = sql.where(t.draft.c.kind == kind)
        with self.engine.connect() as conn:
            return [
                {
                    "key": r.key,
                    "kind": r.kind,
                    "client_id": r.client_id,
                    "payload": json.loads(r.payload),
                    "updated_at": rows.s2t(r.updated_at),
                }
                for r in conn.execute(sql.order_by(t.draft.c.updated_at))
            ]

    def delete_draft(self, key: str) -> None:
        with self.engine.begin() as conn:
            client_id = conn.execute(
                select(t.draft.c.client_id).where(t.draft.c.key == key)
            ).scalar()
            conn.execute(t.draft.delete().where(t.draft.c.key == key))
        changes.note("draft", client_id)

    # --- outbox --------------------------------------------------------------------------

    # Entries the server has acknowledged stay a while (``acked_at`` set) so that they can be
    # sent again if the server is restored from a backup; "the outbox" means the unsent ones.

    def outbox_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(
                text("SELECT count(*) FROM outbox WHERE acked_at IS NULL")
            ).scalar_one()

    def outbox(self, limit: int = 1000) -> list[dict]:
        with self.engine.connect() as conn:
            return [
                dict(r._mapping)
                for r in conn.execute(
                    select(t.outbox)
                    .where(t.outbox.c.acked_at.is_(None))
                    .order_by(t.outbox.c.seq)
                    .limit(limit)
                )
            ]


def _client_of(conn: Connection, kind: str, record_id: str, payload: dict) -> str | None:
    """The client file a written record belongs to (tables are named by their kind)."""
    if kind == "client":
        return record_id
    if payload.get("client_id"):
        return payload["client_id"]
    table = t.metadata.tables.get(kind)
    if table is None or "client_id" not in table.c:
        return None
    return conn.execute(select(table.c.client_id).where(table.c.id == record_id)).scalar()


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=dt.UTC)


def birth_dates_compatible(a: dt.date | None, pa: str, b: dt.date | None, pb: str) -> bool:
    """Could two recorded birth dates belong to one person?

    Unknown dates and placeholder dates (year only) are compatible with any date of that year;
    a day/month swap (03.04. vs 04.03.) counts as compatible because it is a common typing error.
    """
    if a is None or b is None or pa == "unknown" or pb == "unknown":
        return True
    if pa == "year" or pb == "year" or (a.month, a.day) == (1, 1) or (b.month, b.day) == (1, 1):
        return a.year == b.year
    return a == b or (a.year == b.year and a.month == b.day and a.day == b.month)
