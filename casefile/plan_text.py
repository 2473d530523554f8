"""What the printed support plan (Förderplan) says, in German and the client's language.

Pure Python: the words and their order; ``desktop.plan_print`` lays them out as a PDF. The plan
names the client (name, birth date: it is the client's own paper, signed by both sides), the
start, the contact person, the next talk about the plan, each goal with its area and how far it
is, and the agreed steps -- what, who (the client, a caseworker, a unit under the one roof, an
offer), by when, how far -- then the signature lines. Fixed texts and the labels of areas,
achievements, statuses and units are data: ``resources/plan/plan_texts.json`` (de, en, ar, fa,
prs, uk, ru, tr). Goals and steps are the caseworker's own words (in German, in clear words):
the client's section says so. A language without texts, or one the printing font cannot show,
gives the German plan only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from casefile import catalogs
from casefile.records import Client, PlanGoal, PlanStep, SupportPlan
from resources import path as resource_path

TEXTS = resource_path("plan", "plan_texts.json")


@cache
def _data() -> dict[str, Any]:
    return dict(json.loads(TEXTS.read_text(encoding="utf-8")))


def languages() -> list[str]:
    """The languages the plan can be printed in (German first)."""
    return list(_data()["texts"])


def rtl(language: str) -> bool:
    entry = catalogs.load("language").get(language)
    return entry is not None and bool(entry.extra.get("rtl"))


def label(catalog: str, code: str, language: str) -> str:
    """A catalog label in *language* from the plan's texts (German, then the catalog)."""
    found = _data()["labels"].get(catalog, {}).get(code, {})
    if language in found:
        return str(found[language])
    if "de" in found:
        return str(found["de"])
    return catalogs.load(catalog).label(code, "de") if code else ""


def day(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


@dataclass
class StepLine:
    text: str
    who: str
    due: str
    status: str


@dataclass
class GoalBlock:
    heading: str  # "Ziel 1 · Wohnen"
    text: str
    achievement: str  # "Stand: offen"
    steps: list[StepLine] = field(default_factory=list)


@dataclass
class Section:
    """The plan in one language."""

    language: str
    rtl: bool
    title: str
    intro: str
    facts: list[tuple[str, str]]
    headers: tuple[str, str, str, str]  # step, who, due, status
    goals: list[GoalBlock]
    note: str = ""  # "the goals are written in German"
    no_steps: str = ""


@dataclass
class Signature:
    """The signature lines, their captions in every language of the print."""

    agree: list[tuple[str, bool]]  # (sentence, rtl) per language
    client: list[tuple[str, bool]]
    caseworker: list[tuple[str, bool]]
    place_date: list[tuple[str, bool]]


@dataclass
class PlanContent:
    sections: list[Section]
    signature: Signature
    reference: str = ""  # the paper's reference ("Aktenzeichen: FP-2026-0042")
    fallback: bool = False  # the client's language was asked for but cannot be printed


def _who(step: PlanStep, words: dict[str, str], language: str, offers: dict[str, str]) -> str:
    if step.owner_kind == "client":
        return words["owner_client"]
    if step.owner_kind == "caseworker":
        return words["owner_caseworker"].format(name=step.assignee)
    if step.owner_kind == "offer":
        return words["owner_offer"].format(offer=offers.get(step.offer_id or "", "") or "—")
    return label("unit", step.unit, language)


def _section(
    language: str,
    plan: SupportPlan,
    goals: list[PlanGoal],
    steps: list[PlanStep],
    client: Client,
    contact: str,
    offers: dict[str, str],
) -> Section:
    words = _data()["texts"][language]
    facts = [
        (words["name"], client.display_name),
        (words["born"], day(client.birth_date)),
        (words["started_on"], day(plan.started_on)),
        (words["contact"], f"{contact} – {label('unit', plan.unit, language)}"),
    ]
    if plan.next_review:
        facts.append((words["next_review"], day(plan.next_review)))
    blocks = []
    for n, goal in enumerate(goals, 1):
        heading = words["goal"].format(n=n)
        if goal.area:
            heading += " · " + label("plan_area", goal.area, language)
        blocks.append(
            GoalBlock(
                heading,
                goal.text,
                f"{words['achievement']}: {label('goal_achievement', goal.achievement, language)}",
                [
                    StepLine(
                        s.text,
                        _who(s, words, language, offers),
                        day(s.due_date),
                        label("step_status", s.status, language),
                    )
                    for s in steps
                    if s.goal_id == goal.id
                ],
            )
        )
    return Section(
        language,
        rtl(language),
        words["title"],
        words["intro"],
        facts,
        (words["step"], words["who"], words["due"], words["status"]),
        blocks,
        words["german_note"] if language != "de" else "",
        words["no_steps"],
    )


def content(
    plan: SupportPlan,
    goals: Iterable[PlanGoal],
    steps: Iterable[PlanStep],
    client: Client,
    language: str,
    *,
    contact: str = "",
    offers: dict[str, str] | None = None,
    printable: Callable[[str], bool] = lambda _text: True,
) -> PlanContent:
    """The print of *plan* for *client*: German, then *language* (the plan's, a catalog code)
    if the texts have it and *printable* says the font shows it. *contact* names the case
    manager as colleagues know them; *offers* names the directory's offers by id."""
    goals, steps = list(goals), sorted(steps, key=lambda s: (s.due_date or dt.date.max, s.text))
    offers = offers or {}
    contact = contact or plan.case_manager
    sections = [_section("de", plan, goals, steps, client, contact, offers)]
    fallback = False
    if language and language != "de":
        if language in _data()["texts"]:
            other = _section(language, plan, goals, steps, client, contact, offers)
            own_words = " ".join([other.title, other.intro, *(f for f, _ in other.facts)])
            if printable(own_words):
                sections.append(other)
            else:
                fallback = True
        else:
            fallback = True
    langs = [s.language for s in sections]
    data = _data()["texts"]

    def each(key: str) -> list[tuple[str, bool]]:
        return [(data[lang][key], rtl(lang)) for lang in langs]

    signature = Signature(
        each("agree"), each("sign_client"), each("sign_caseworker"), each("place_date")
    )
    reference = (
        f"{data['de']['reference']}: {plan.signed_reference}" if plan.signed_reference else ""
    )
    return PlanContent(sections, signature, reference, fallback)
