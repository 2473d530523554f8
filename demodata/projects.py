"""The demo's project participations (issue 21): some clients in the funded projects of the
projects unit (catalog ``project``), a few of them ended with an exit reason."""

from __future__ import annotations

import datetime as dt
import random

from casefile import catalogs
from casefile.records import ProjectParticipation


def demo_records(
    client_ids: list[str], today: dt.date, seed: int = 1
) -> list[ProjectParticipation]:
    """A participation for every third of *client_ids* (at most 30), started within the last
    year; about a third ended since, each with an exit reason."""
    rng = random.Random(f"projects-{seed}")
    projects = catalogs.load("project").entries
    reasons = sorted(catalogs.load("exit_reason").codes)
    out = []
    for client_id in client_ids[::3][:30]:
        project = rng.choice(projects)
        started = today - dt.timedelta(days=rng.randint(30, 365))
        part = ProjectParticipation(
            client_id=client_id,
            project=project.code,
            unit=str(project.extra.get("unit", "projects")),
            started_on=started,
        )
        if rng.random() < 0.35:
            part.ended_on = min(today, started + dt.timedelta(days=rng.randint(14, 200)))
            part.exit_reason = rng.choice(reasons)
        out.append(part)
    return out
