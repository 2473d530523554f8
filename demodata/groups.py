"""Group sessions of the demo: a Wohnschulung of four evenings in Nebra held by the
integration unit (two held and recorded, two ahead) and a one-off information evening at the
Landratsamt, with their attendance and the group consultations in the participants' files."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from casefile import groups
from casefile.records import GroupSession


def demo_records(client_ids: list[str], today: dt.date, seed: int = 1) -> list[Any]:
    """Sessions first, then per participant the consultation and the attendance (the order
    a push may carry them in: what a record names comes before it)."""
    rng = random.Random(f"groups-{seed}")
    out: list[Any] = []
    if len(client_ids) < 12:
        return out
    first = today - dt.timedelta(days=15)
    starts = [
        dt.datetime.combine(first + dt.timedelta(days=7 * n), dt.time(16, 0), dt.UTC)
        for n in range(4)
    ]
    participants = client_ids[:10]
    template = GroupSession(
        unit="integration",
        title="Wohnschulung",
        topic="housing",
        starts_at=starts[0],
        location="dez_nebra",
        duration_min=120,
        languages=["ar", "prs"],
        facilitator="k.wagner",
        participant_ids=participants,
        anonymous_count=2,
    )
    series = groups.plan_series(template, starts)
    info = groups.one_off(
        unit="integration",
        title="Infoabend Mietvertrag",
        topic="housing",
        starts_at=dt.datetime.combine(today + dt.timedelta(days=3), dt.time(17, 0), dt.UTC),
        location="lra_naumburg",
        duration_min=90,
        languages=["uk", "ru"],
        facilitator="a.schneider",
        participant_ids=client_ids[10:12],
    )
    out += [*series, info]
    for session in series:
        if session.starts_at.date() > today:
            continue
        session.recorded = True
        for cid in participants:
            status = rng.choices(groups.STATUSES, (8, 1, 1))[0]
            line = groups.SheetLine(cid, status)
            cons = None
            if status == "present":
                cons = groups.consultation_for(
                    session, cid, groups.hours_of(session), session.facilitator, "ar"
                )
                out.append(cons)
            out.append(groups.attendance_for(session, line, cons.id if cons else None))
    return out
