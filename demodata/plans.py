"""The demo's support plans (Förderpläne, issue 20): a few clients in case management of the
integration unit, each with goals in clear words, steps for the client, a caseworker, an offer
of the demo directory and other units under the one roof (ABH, AsylbLG, Jobcenter: the steps
those units find among their Wiedervorlagen), and one review kept as the plan's history.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from casefile.records import PlanGoal, PlanReview, PlanStep, ReviewedGoal, SupportPlan
from demodata import offers

CASE_MANAGERS = ("a.schneider", "k.wagner")
# (area, goal text, steps: (owner_kind, unit or assignee or offer name, text, days from start))
_GOALS: tuple[tuple[str, str, tuple[tuple[str, str, str, int], ...]], ...] = (
    (
        "residence",
        "Der Aufenthalt ist gesichert.",
        (
            ("client", "", "Pass und Meldebescheinigung zur Ausländerbehörde bringen.", 14),
            ("unit", "abh", "Verlängerung der Aufenthaltserlaubnis prüfen.", 30),
        ),
    ),
    (
        "housing",
        "Eine eigene Wohnung ist gefunden.",
        (
            (
                "caseworker",
                "",
                "Mit der Wohnungsgesellschaft einen Besichtigungstermin machen.",
                21,
            ),
            ("unit", "asylblg", "Kaution für die Wohnung bewilligen.", 45),
        ),
    ),
    (
        "language",
        "Deutsch auf Niveau B1.",
        (("offer", "Integrationskurs", "Zum Integrationskurs anmelden.", 10),),
    ),
    (
        "work",
        "Eine Arbeit in der Pflege.",
        (("unit", "jobcenter", "Berufssprachkurs und Praktikum buchen.", 60),),
    ),
)


def demo_records(client_ids: list[str], today: dt.date, seed: int = 1) -> list[Any]:
    """Plans for the first few of *client_ids*: each plan, then its goals, steps and review
    (the order in which they may be written)."""
    rng = random.Random(f"plans-{seed}")
    out: list[Any] = []
    for n, client_id in enumerate(client_ids[:6]):
        started = today - dt.timedelta(days=rng.randint(20, 120))
        manager = CASE_MANAGERS[n % len(CASE_MANAGERS)]
        plan = SupportPlan(
            client_id=client_id,
            unit="integration",
            started_on=started,
            case_manager=manager,
            next_review=today + dt.timedelta(days=rng.choice((-2, 0, 7, 21))),
            language=rng.choice(("prs", "ar", "uk", "fa")),
            signed_on=started if n % 2 == 0 else None,
            signed_reference=f"FP-{started.year}-{100 + n:04d}" if n % 2 == 0 else "",
        )
        out.append(plan)
        goals = []
        for area, text, steps in rng.sample(_GOALS, k=rng.randint(2, len(_GOALS))):
            goal = PlanGoal(
                plan_id=plan.id,
                client_id=client_id,
                unit=plan.unit,
                area=area,
                text=text,
                achievement=rng.choice(("open", "in_progress")),
                target_date=started + dt.timedelta(days=180),
            )
            goals.append(goal)
            out.append(goal)
            for kind, who, step_text, days in steps:
                due = started + dt.timedelta(days=days)
                done = due < today and rng.random() < 0.5
                out.append(
                    PlanStep(
                        plan_id=plan.id,
                        goal_id=goal.id,
                        client_id=client_id,
                        text=step_text,
                        owner_kind=kind,
                        unit=who if kind == "unit" else plan.unit,
                        plan_unit=plan.unit,
                        due_date=due,
                        assignee=manager if kind == "caseworker" else "",
                        offer_id=offers.offer_id(who) if kind == "offer" else None,
                        status="done" if done else "open",
                        done_on=due if done else None,
                        area=area,
                    )
                )
        out.append(
            PlanReview(
                plan_id=plan.id,
                client_id=client_id,
                unit=plan.unit,
                reviewed_on=min(today, started + dt.timedelta(days=14)),
                reviewed_by=manager,
                note="Erste Schritte besprochen, Termine vereinbart.",
                goals=[ReviewedGoal(g.id, "open", g.text) for g in goals],
                next_review=plan.next_review,
            )
        )
    return out
