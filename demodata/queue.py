"""Demo walk-ins: a morning at the main site's reception, so the queue screens have a day.

Tickets of *today* at the Landratsamt Naumburg, arriving over the two and a half hours before
the generation time (from 07:30 at the earliest, unless that leaves less than an hour and a
half: a demo started early still shows a morning): the first ones are done, a few are in service
or called, one was passed to another unit (a hop, with its reason), one did not come when
called, the rest wait. One in five is anonymous (registered later, or never). The concern is
drawn from the client's situation and routed by the shipped rules
(:func:`casefile.queue.suggest`), as reception would. Every state has its phase rows.
Own random stream: adding walk-ins changes none of the other demo records.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from casefile import queue
from casefile.records import Client, WalkInPhase, WalkInTicket
from demodata.activity import DEFAULT_USER_UNITS, berlin_to_utc, generation_time

LOCATION = "lra_naumburg"
PREFIX = "A"  # the seeded reception's prefix (the server reserves it for the seed)
DESKS = {
    "abh": "Raum 1.02",
    "asylblg": "Raum 1.11",
    "jobcenter": "Raum 2.04",
    "employment_agency": "Raum 2.06",
    "housing": "Raum 1.15",
    "integration": "Raum 0.08",
    "education": "Raum 2.20",
}
CONCERNS = {
    "asylum_seeker": ["benefits", "residence", "housing", "documents", "language_course"],
    "protection_ukraine": ["benefits", "work", "language_course", "school_childcare", "residence"],
    "third_country": ["residence", "work", "recognition", "language_course", "documents"],
    "eu_citizen": ["work", "documents", "school_childcare", "counseling"],
}


def _staff(unit: str) -> str:
    users = DEFAULT_USER_UNITS.get(unit) or DEFAULT_USER_UNITS.get("integration") or ("demo",)
    return users[0]


def walk_ins(
    clients: Sequence[Client], today: dt.date, seed: int = 1, count: int = 24
) -> list[WalkInTicket | WalkInPhase]:
    """Tickets and phases of the demo morning, for *clients* (the first few of the demo)."""
    rng = random.Random(seed * 7919 + 17)
    now = generation_time(today)
    opening = berlin_to_utc(today, 7, 30)
    start = max(opening, now - dt.timedelta(minutes=150))
    if now - start < dt.timedelta(minutes=90):
        # Generated early (a demo before opening time, a screenshot at night): the morning
        # still spans its two and a half hours, so waits and services look like a day's.
        start = max(berlin_to_utc(today, 0, 1), now - dt.timedelta(minutes=150))
    if now <= start:
        start = now - dt.timedelta(seconds=30)
    span = (now - start).total_seconds()
    arrivals = sorted(start + dt.timedelta(seconds=rng.random() * span) for _ in range(count))
    out: list[WalkInTicket | WalkInPhase] = []
    people = list(clients)
    rng.shuffle(people)
    for n, arrived in enumerate(arrivals, 1):
        client = people[n - 1] if n - 1 < len(people) and rng.random() > 0.2 else None
        group = client.target_group if client is not None else "third_country"
        concern = rng.choice(CONCERNS.get(group, CONCERNS["third_country"]))
        first = queue.suggest(concern, group if client is not None else None)
        unit = first.unit if first else "integration"
        language = (
            next((x.code for x in client.languages if x.interpreter_needed), "") if client else ""
        )
        priority = [
            p for p, share in (("children", 0.12), ("disability", 0.05)) if rng.random() < share
        ]
        if n == count - 3:
            priority.append("deadline_today")
        ticket = WalkInTicket(
            location=LOCATION,
            day=today,
            number=queue.number_text(PREFIX, n),
            arrived_at=arrived.replace(microsecond=0),
            concern=concern,
            unit=unit,
            language=language,
            interpreter=bool(language),
            priority=priority,
            client_id=client.id if client is not None else None,
        )
        out.append(ticket)
        phases = [("waiting", arrived, unit, "", "")]
        share = n / count  # how far through the morning
        if share < 0.55:
            plan = ["called", "in_service", "done"]
        elif share < 0.65:
            plan = ["called", "in_service"]
        elif share < 0.7:
            plan = ["called"]
        else:
            plan = []
        if n == 3:  # sent to the wrong door first? no: the concern turned out to be another
            plan = ["called", "in_service", "transferred", "called", "in_service", "done"]
        if n == int(count * 0.6):
            plan = ["called", "missed"]
        t = arrived
        for step in plan:
            t = min(now, t + dt.timedelta(minutes=rng.uniform(2, 14)))
            to_unit = reason = ""
            if step == "transferred":
                to_unit = "asylblg" if unit != "asylblg" else "integration"
                reason = "Anliegen betrifft Leistungen"
            phases.append((step, t, unit, to_unit, reason))
            if step == "transferred":
                unit = to_unit
                ticket.hops += 1
                ticket.unit = unit
        for step, at, at_unit, to_unit, reason in phases:
            staff = "" if step in ("waiting",) else _staff(at_unit)
            out.append(
                WalkInPhase(
                    ticket_id=ticket.id,
                    location=LOCATION,
                    phase=step,
                    at=at.replace(microsecond=0),
                    unit=at_unit,
                    staff=staff,
                    to_unit=to_unit,
                    desk=DESKS.get(at_unit, "") if step == "called" else "",
                    reason=reason,
                    client_id=ticket.client_id,
                )
            )
        last = phases[-1][0]
        ticket.status = "waiting" if last == "transferred" else last
        if ticket.status in ("called", "in_service", "done", "missed"):
            ticket.called_by = _staff(ticket.unit)
            ticket.desk = DESKS.get(ticket.unit, "")
    return out
