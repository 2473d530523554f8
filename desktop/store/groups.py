"""Group sessions in the local store: planning sessions and series, choosing participants,
and the one action "Teilnahme erfassen" that records a session into every participant's file.

Records like any other (casefile.records.GroupSession / Attendance, and the Consultation of
kind ``group`` each participant present gets): validated, written with their outbox entries
in one transaction, synced and gated by the server. Their ids are deterministic
(casefile.ids), and so is their ``created_at`` (the session's start): two facilitators who
record the same session offline write the same records, which the server merges into one.

Every function does database work: call it through the UI's operation layer (desktop.ui.ops).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, or_, select, text, update

from casefile import codec, groups, validation
from casefile.records import Attendance, Consultation, GroupSession, utcnow
from casefile.validation import FieldError, ValidationError
from desktop.store import rows, schema as t

if TYPE_CHECKING:
    from desktop.store.repo import ClientSummary, Store


@dataclass
class SessionRow:
    """A session with what the list shows beside it."""

    session: GroupSession
    present: int = 0  # participants recorded present (with a file)


@dataclass
class Participant:
    """A participant as the sheet shows it: the file's name and birth date, and the
    attendance recorded so far (None: not yet)."""

    client_id: str
    name: str
    birth_date: dt.date | None = None
    languages: list[str] = field(default_factory=list)
    status: str | None = None
    hours: float | None = None


class GroupRefused(ValidationError):
    """The sheet cannot be recorded as it is (a German message per problem)."""


# --- helpers ---------------------------------------------------------------------------------


def _created(session: GroupSession) -> str:
    """The ``created_at`` of every record a session writes: its start, the same on every
    laptop (the server refuses a second create that names another creation time)."""
    return rows.t2s(session.starts_at) or rows.t2s(utcnow()) or ""


def _session(conn: Connection, session_id: str) -> GroupSession | None:
    row = conn.execute(select(t.group_session).where(t.group_session.c.id == session_id)).first()
    return codec.decode(GroupSession, dict(row._mapping)) if row else None


def _write(store: Store, conn: Connection, table, kind: str, record: Any, created: str) -> bool:
    """Create *record*, or change the fields it has that differ from the row held here (the
    same record written before, on this laptop or another). True if anything was written."""
    fields = codec.encode(record)
    held = conn.execute(select(table).where(table.c.id == record.id)).first()
    if held is None:
        store._insert(conn, table, kind, {**fields, "created_at": created})
        return True
    current = dict(held._mapping)
    changed = {k: v for k, v in fields.items() if k != "id" and current.get(k) != v}
    if not changed:
        return False
    conn.execute(update(table).where(table.c.id == record.id).values(**changed))
    store._outbox(conn, kind, record.id, "update", changed)
    return True


def _withdraw(store: Store, conn: Connection, consultation_id: str) -> None:
    """Take back a group consultation (a participant marked absent after all): a tombstone,
    as every delete is; its id is taken for good (see :func:`_consultation_id`)."""
    n = conn.execute(t.consultation.delete().where(t.consultation.c.id == consultation_id)).rowcount
    if n:
        store._outbox(conn, "consultation", consultation_id, "delete", {})


def _consultation_id(conn: Connection, session_id: str, client_id: str) -> tuple[str, int]:
    """The id (and round) of a participant's group consultation: the live one if there is
    one, else the first of the deterministic ids this laptop has not withdrawn."""
    from casefile import ids

    for round_ in range(20):
        cid = ids.group_consultation_id(session_id, client_id, round_)
        if conn.execute(select(t.consultation.c.id).where(t.consultation.c.id == cid)).first():
            return cid, round_
        gone = conn.execute(
            select(t.outbox.c.seq).where(t.outbox.c.record_id == cid, t.outbox.c.op == "delete")
        ).first()
        if gone is None:
            return cid, round_
    raise GroupRefused([FieldError("participant_ids", "invalid_value")])


def _held_consultations(conn: Connection, session_id: str, client_id: str) -> list[str]:
    c = t.consultation.c
    return list(
        conn.execute(
            select(c.id).where(c.group_session_id == session_id, c.client_id == client_id)
        ).scalars()
    )


def _live_client(conn: Connection, client_id: str) -> str | None:
    """The file *client_id* lives in now (a merged-away file: its survivor), None if this
    laptop holds no such file (unknown, erased, or not the user's to see)."""
    for _ in range(10):
        row = conn.execute(
            text("SELECT new_id FROM client_redirect WHERE old_id = :i"), {"i": client_id}
        ).first()
        if row is None:
            break
        client_id = row.new_id
    alive = conn.execute(
        select(t.client.c.id).where(t.client.c.id == client_id, t.client.c.deleted.is_(False))
    ).first()
    return client_id if alive else None


# --- planning --------------------------------------------------------------------------------


def plan(store: Store, sessions: Sequence[GroupSession]) -> list[str]:
    """Save the sessions of a series (or one session), all or nothing; a session held here
    already (the same series planned on another laptop, or edited) gets the changed fields."""
    errors: list[FieldError] = []
    for s in sessions:
        errors += validation.validate(s)
    if not sessions:
        errors.append(FieldError("starts_at", "required"))
    if errors:
        raise ValidationError(errors)
    with store.engine.begin() as conn:
        for s in sessions:
            _write(store, conn, t.group_session, "group_session", s, _created(s))
    return [s.id for s in sessions]


def edit(store: Store, original: GroupSession, edited: GroupSession) -> list[str]:
    """Save what the user changed in a session's form (against *original*, the session as
    the form loaded it): those fields only, so a change another laptop made meanwhile to
    another field stays. Returns the names of the fields written."""
    errors = validation.validate(edited)
    if errors:
        raise ValidationError(errors)
    before, after = codec.encode(original), codec.encode(edited)
    changed = {k: v for k, v in after.items() if k != "id" and before.get(k) != v}
    if not changed:
        return []
    if original.recorded and "topic" in changed:
        # Its attendances and consultations carry the topic they were recorded with (and are
        # classified by it: a health session's are health data); they do not follow.
        raise ValidationError([FieldError("topic", "topic_recorded")])
    with store.engine.begin() as conn:
        n = conn.execute(
            update(t.group_session).where(t.group_session.c.id == original.id).values(**changed)
        ).rowcount
        if not n:
            raise ValidationError([FieldError("starts_at", "invalid_value")])
        store._outbox(conn, "group_session", original.id, "update", changed)
    return sorted(changed)


def get_session(store: Store, session_id: str) -> GroupSession | None:
    with store.engine.connect() as conn:
        return _session(conn, session_id)


def sessions(
    store: Store,
    units: Iterable[str] = (),
    *,
    upcoming: bool | None = None,
    now: dt.datetime | None = None,
    limit: int = 500,
) -> list[SessionRow]:
    """The sessions this laptop holds (of *units*, if given): upcoming ones soonest first,
    past ones latest first (all: by start), with how many were recorded present."""
    g = t.group_session.c
    stmt = select(t.group_session)
    units = list(units)
    if units:
        stmt = stmt.where(g.unit.in_(units))
    moment = rows.t2s(now or utcnow())
    if upcoming is True:
        stmt = stmt.where(g.starts_at >= moment).order_by(g.starts_at)
    elif upcoming is False:
        stmt = stmt.where(g.starts_at < moment).order_by(g.starts_at.desc())
    else:
        stmt = stmt.order_by(g.starts_at)
    with store.engine.connect() as conn:
        found = [
            codec.decode(GroupSession, dict(r._mapping)) for r in conn.execute(stmt.limit(limit))
        ]
        counts: dict[str, int] = dict(
            conn.execute(
                text(
                    "SELECT session_id, count(*) FROM attendance WHERE status = 'present' "
                    "GROUP BY session_id"
                )
            ).all()
        )
    return [SessionRow(s, counts.get(s.id, 0)) for s in found]


def series(store: Store, series_id: str) -> list[GroupSession]:
    """The sessions of a series held here, by number."""
    g = t.group_session.c
    with store.engine.connect() as conn:
        return [
            codec.decode(GroupSession, dict(r._mapping))
            for r in conn.execute(
                select(t.group_session).where(g.series_id == series_id).order_by(g.series_no)
            )
        ]


def saved_list(store: Store, session: GroupSession) -> list[str]:
    """The participants a session starts from: its own list, else the list of the latest
    earlier session of its series that has one."""
    if session.participant_ids or not session.series_id:
        return list(session.participant_ids)
    earlier = [
        s
        for s in series(store, session.series_id)
        if s.series_no < session.series_no and s.participant_ids
    ]
    return list(earlier[-1].participant_ids) if earlier else []


def household(store: Store, client_id: str) -> list[str]:
    """The client and everyone linked to him or her as household (either direction)."""
    h = t.household_link.c
    with store.engine.connect() as conn:
        found = conn.execute(
            select(h.client_id, h.other_client_id).where(
                or_(h.client_id == client_id, h.other_client_id == client_id)
            )
        ).all()
    out = [client_id]
    for a, b in found:
        for x in (a, b):
            if x not in out:
                out.append(x)
    return out


def participants(
    store: Store, session: GroupSession, client_ids: Iterable[str] | None = None
) -> list[Participant]:
    """The sheet's rows: the participants (of *client_ids*, else the session's saved list)
    that this laptop holds, by name, each with the attendance recorded so far."""
    wanted = list(
        dict.fromkeys(client_ids if client_ids is not None else saved_list(store, session))
    )
    with store.engine.connect() as conn:
        live = [x for x in (_live_client(conn, c) for c in wanted) if x]
        live = list(dict.fromkeys(live))
        summaries: dict[str, ClientSummary] = store.summaries(live, conn)
        a = t.attendance.c
        held = {
            r.client_id: r
            for r in conn.execute(
                select(a.client_id, a.status, a.hours).where(a.session_id == session.id)
            )
        }
        langs = {
            r.id: [x.get("code") for x in codec._json_list(r.languages)]
            for r in conn.execute(
                select(t.client.c.id, t.client.c.languages).where(t.client.c.id.in_(live))
            )
        }
    out = []
    for cid in live:
        s = summaries.get(cid)
        if s is None:
            continue
        got = held.get(cid)
        out.append(
            Participant(
                cid,
                s.display_name,
                s.birth_date,
                [x for x in langs.get(cid, []) if x],
                got.status if got else None,
                got.hours if got else None,
            )
        )
    out.sort(key=lambda p: p.name.casefold())
    return out


# --- the one action: "Teilnahme erfassen" ----------------------------------------------------


def record_attendance(
    store: Store,
    session: GroupSession,
    lines: Sequence[groups.SheetLine],
    *,
    caseworker: str,
    anonymous_count: int | None = None,
    now: dt.datetime | None = None,
) -> list[str]:
    """Record *session* with its attendance sheet in ONE transaction: the session (recorded,
    its participant list), one attendance per participant, and for each participant present
    a consultation of kind ``group`` in his or her file; a participant no longer present
    loses the group consultation recorded before. Returns the ids of the files written.

    Refused as a whole, with German messages (:class:`GroupRefused`), when the session has no
    participants, has not begun, a participant's file is not held here (unknown, erased; a
    merged-away file counts as its survivor), or hours are below 0 or beyond the session's
    length."""
    now = now or utcnow()
    with store.engine.begin() as conn:
        # The session as this laptop holds it now (a sync may have brought another title or
        # time since the sheet was opened); the sheet changes its list, count and mark only.
        held = _session(conn, session.id) or session
        errors: list[FieldError] = []
        if held.starts_at > now:
            errors.append(FieldError("starts_at", "session_ahead"))
        limit = groups.hours_of(held)
        for line in lines:
            if line.status not in groups.STATUSES:
                errors.append(FieldError("status", "unknown_code", {"code": line.status}))
            h = line.hours
            if h is not None and (isinstance(h, bool) or not 0 <= h <= limit):
                errors.append(FieldError("hours", "hours_range", {"max": _hours_text(limit)}))
                break
        resolved: dict[str, groups.SheetLine] = {}
        for line in lines:
            cid = _live_client(conn, line.client_id)
            if cid is None:
                errors.append(FieldError("participant_ids", "participant_unknown"))
                break
            resolved.setdefault(cid, groups.SheetLine(cid, line.status, line.hours))
        recorded = dataclasses.replace(
            held,
            participant_ids=list(resolved),
            anonymous_count=held.anonymous_count if anonymous_count is None else anonymous_count,
            recorded=True,
        )
        errors += validation.validate(recorded)
        if errors:
            raise GroupRefused(errors)
        created = _created(recorded)
        _write(store, conn, t.group_session, "group_session", recorded, created)
        languages = {
            r.id: {x.get("code") for x in codec._json_list(r.languages)}
            for r in conn.execute(
                select(t.client.c.id, t.client.c.languages).where(t.client.c.id.in_(list(resolved)))
            )
        }
        a = t.attendance.c
        before = {
            r.client_id: r.consultation_id
            for r in conn.execute(
                select(a.client_id, a.consultation_id).where(
                    and_(a.session_id == recorded.id, a.client_id.in_(list(resolved)))
                )
            )
        }
        files = []
        for cid, line in resolved.items():
            cons_id: str | None = None
            if line.status == "present":
                hours = limit if line.hours is None else float(line.hours)
                cons_id, round_ = _consultation_id(conn, recorded.id, cid)
                cons = groups.consultation_for(
                    recorded,
                    cid,
                    hours,
                    caseworker,
                    groups.language_for(recorded, languages.get(cid, ())),
                    round_,
                )
                _write_consultation(store, conn, cons, created)
            else:
                # Whatever group consultation of this session the file holds goes: the one
                # this sheet wrote before, or one another facilitator's sheet wrote.
                for old in {before.get(cid), *_held_consultations(conn, recorded.id, cid)}:
                    if old:
                        _withdraw(store, conn, old)
            att = groups.attendance_for(recorded, line, cons_id)
            _write(store, conn, t.attendance, "attendance", att, created)
            files.append(cid)
        started = rows.t2s(recorded.starts_at)
        present = [cid for cid, line in resolved.items() if line.status == "present"]
        for start in range(0, len(present), 500):
            chunk = present[start : start + 500]
            conn.execute(
                update(t.client)
                .where(
                    t.client.c.id.in_(chunk),
                    or_(t.client.c.last_contact_at.is_(None), t.client.c.last_contact_at < started),
                )
                .values(last_contact_at=started)
            )
    session.participant_ids = recorded.participant_ids
    session.anonymous_count = recorded.anonymous_count
    session.recorded = True
    return files


def _write_consultation(store: Store, conn: Connection, cons: Consultation, created: str) -> None:
    """A participant's group consultation: created, or -- recorded before -- the fields the
    sheet decides (hours, language, mediator, title) brought up to date; who recorded it first
    stays its caseworker."""
    errors = validation.validate(cons)
    if errors:
        raise GroupRefused(errors)
    held = conn.execute(select(t.consultation).where(t.consultation.c.id == cons.id)).first()
    if held is None:
        store._insert(
            conn, t.consultation, "consultation", {**codec.encode(cons), "created_at": created}
        )
        return
    fields = codec.encode(cons)
    current = dict(held._mapping)
    keep = {"caseworker", "client_id", "group_session_id", "kind", "revision_of", "outcome"}
    changed = {
        k: v for k, v in fields.items() if k != "id" and k not in keep and current.get(k) != v
    }
    if changed:
        conn.execute(update(t.consultation).where(t.consultation.c.id == cons.id).values(**changed))
        store._outbox(conn, "consultation", cons.id, "update", changed)


def _hours_text(hours: float) -> str:
    return f"{hours:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def attendance_of(store: Store, session_id: str) -> list[Attendance]:
    with store.engine.connect() as conn:
        return [
            codec.decode(Attendance, dict(r._mapping))
            for r in conn.execute(
                select(t.attendance).where(t.attendance.c.session_id == session_id)
            )
        ]


def client_sessions(store: Store, client_id: str) -> list[tuple[GroupSession, Attendance]]:
    """The sessions a client's attendance was recorded for (any status), by start: the
    certificate's lines."""
    with store.engine.connect() as conn:
        held = [
            codec.decode(Attendance, dict(r._mapping))
            for r in conn.execute(select(t.attendance).where(t.attendance.c.client_id == client_id))
        ]
        found = {s.id: s for s in (_session(conn, a.session_id) for a in held) if s}
    out = [(found[a.session_id], a) for a in held if a.session_id in found]
    out.sort(key=lambda pair: pair[0].starts_at)
    return out
