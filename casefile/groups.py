"""Group sessions (Gruppenberatung, Wohnschulung): planning a session or a series, and what
one attendance sheet writes into every participant's file.

Pure Python, shared by the laptop's store (desktop.store.groups), the demo seed and the
benchmark. Every record a session makes has a deterministic id (casefile.ids): two
facilitators who plan or record the same session offline write the same records, and the
server merges them field by field instead of keeping two.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from casefile import codec, ids
from casefile.records import Attendance, Consultation, GroupSession

STATUSES = ("present", "excused", "absent")


@dataclass
class SheetLine:
    """One row of the attendance sheet: a participant with a file, present / excused /
    absent, and the hours present (None: the whole session)."""

    client_id: str
    status: str = "present"
    hours: float | None = None


def session_key(session: GroupSession) -> str:
    """The deterministic id *session* gets from what it is (series and number, or unit,
    place, day, time and topic)."""
    return ids.group_session_id(
        series=session.series_id,
        series_no=session.series_no,
        unit=session.unit,
        location=session.location,
        starts_at=codec.time_text(session.starts_at) or "",
        topic=session.topic,
    )


def one_off(**fields: Any) -> GroupSession:
    """A single session with its deterministic id."""
    session = GroupSession(**fields)
    session.id = session_key(session)
    return session


def plan_series(template: GroupSession, starts: Sequence[dt.datetime]) -> list[GroupSession]:
    """The sessions of a series on *starts* (one session when there is one start), each a
    copy of *template* with its number, start and deterministic id; the series id comes from
    the unit, place, first start and topic."""
    starts = sorted(starts)
    if not starts:
        return []
    if len(starts) == 1:
        return [
            one_off(
                **{
                    **_fields(template),
                    "starts_at": starts[0],
                    "series_id": None,
                    "series_no": 1,
                    "series_count": 1,
                }
            )
        ]
    series = ids.series_id(
        template.unit, template.location, codec.time_text(starts[0]) or "", template.topic
    )
    out = []
    for n, start in enumerate(starts, 1):
        session = GroupSession(
            **{
                **_fields(template),
                "starts_at": start,
                "series_id": series,
                "series_no": n,
                "series_count": len(starts),
            }
        )
        session.id = session_key(session)
        out.append(session)
    return out


def _fields(session: GroupSession) -> dict[str, Any]:
    out = {f.name: getattr(session, f.name) for f in dataclasses.fields(session)}
    out.pop("id")
    out["languages"] = list(session.languages)
    out["participant_ids"] = list(session.participant_ids)
    return out


def hours_of(session: GroupSession) -> float:
    """The session's length in hours (the hours of a participant present throughout)."""
    return round(session.duration_min / 60, 2)


def series_label(session: GroupSession) -> str:
    """ "2/4" for the second of four sessions, "" for a one-off."""
    return f"{session.series_no}/{session.series_count}" if session.series_count > 1 else ""


def language_for(session: GroupSession, client_languages: Iterable[str]) -> str:
    """The language a participant was counseled in: the first of the session's languages the
    client speaks, else the session's first (German if none is named and no mediator)."""
    spoken = set(client_languages)
    for code in session.languages:
        if code in spoken:
            return code
    return session.languages[0] if session.languages else ""


def consultation_for(
    session: GroupSession,
    client_id: str,
    hours: float,
    caseworker: str,
    language: str = "",
    round_: int = 0,
) -> Consultation:
    """The consultation of kind ``group`` that the session writes into a participant's file
    (deterministic id; the note is the session's title, as the timeline shows it)."""
    return Consultation(
        client_id=client_id,
        started_at=session.starts_at,
        unit=session.unit,
        caseworker=caseworker,
        location=session.location,
        kind="group",
        topics=[session.topic],
        duration_min=max(1, min(600, round(hours * 60))),
        language=language,
        mediator_used=bool(session.mediator_name),
        mediator_name=session.mediator_name,
        note=session.title,
        group_session_id=session.id,
        id=ids.group_consultation_id(session.id, client_id, round_),
    )


def attendance_for(
    session: GroupSession, line: SheetLine, consultation_id: str | None
) -> Attendance:
    hours = hours_of(session) if line.hours is None else float(line.hours)
    if line.status != "present":
        hours = 0.0
    return Attendance(
        session_id=session.id,
        client_id=line.client_id,
        unit=session.unit,
        status=line.status,
        hours=hours,
        consultation_id=consultation_id,
        topic=session.topic,
        id=ids.attendance_id(session.id, line.client_id),
    )
