"""German text templates for demo consultations, follow-ups, referrals and consents.

Templates are data files of this package (``data/notes.txt``, ``data/texts.json``): ``{slot}``
fields are filled from the slot lists (or from the consultation context: ``{person}``,
``{date}``, ``{lang}``). Each topic family has 40+ templates so that notes in a demo read like
a real caseworker's shorthand, not like one sentence repeated.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from string import Formatter

_DATA = resources.files(__package__) / "data"


def _tuples(value):
    """JSON lists as tuples, all the way down (the tables are read-only)."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def _sections(text: str) -> dict[str, tuple[str, ...]]:
    """``[name]`` headers, each followed by one template a line."""
    out: dict[str, list[str]] = {}
    current: list[str] = []  # lines before the first header belong to no section
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1], [])
        else:
            current.append(line)
    return {k: tuple(v) for k, v in out.items()}


# The tables are data files of this package (data/texts.json, data/notes.txt), read once.
_TABLES = _tuples(json.loads((_DATA / "texts.json").read_text(encoding="utf-8")))
SLOTS: dict[str, tuple[str, ...]] = _TABLES["slots"]
# Note templates by topic family (``[residence]`` ... in data/notes.txt).
_NOTES_RAW: dict[str, tuple[str, ...]] = _sections(
    (_DATA / "notes.txt").read_text(encoding="utf-8")
)
TOPIC_FAMILY: dict[str, str] = _TABLES["topic_family"]
OPENERS: dict[str, tuple[str, ...]] = _TABLES["openers"]
CLOSERS: tuple[str, ...] = _TABLES["closers"]
TASKS: dict[str, tuple[str, ...]] = _TABLES["tasks"]
# Referral targets by topic family: (target, reason).
REFERRALS: dict[str, tuple[tuple[str, str], ...]] = _TABLES["referrals"]
REFERRAL_FEEDBACK: dict[str, tuple[str, ...]] = _TABLES["referral_feedback"]
# (purpose, recipients, data categories)
CONSENTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = _TABLES["consents"]

_FORMATTER = Formatter()
# A template may start with "@profile,profile " to fit only clients of those profiles (a note
# about a Duldung does not belong in the file of a Ukrainian under temporary protection).
PROFILES = ("asylum", "ukr", "refugee", "eu", "migrant")


def _compile(texts: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...], frozenset | None], ...]:
    out = []
    for t in texts:
        tags = None
        if t.startswith("@"):
            head, t = t[1:].split(" ", 1)
            tags = frozenset(head.split(","))
            assert tags <= set(PROFILES), tags
        out.append((t, tuple(f for _, f, _, _ in _FORMATTER.parse(t) if f), tags))
    return tuple(out)


NOTES = {k: _compile(v) for k, v in _NOTES_RAW.items()}
NOTES_FOR = {
    (fam, prof): tuple(t for t in templates if t[2] is None or prof in t[2])
    for fam, templates in NOTES.items()
    for prof in PROFILES
}
OPENERS_C = {k: _compile(v) for k, v in OPENERS.items()}
CLOSERS_C = _compile(CLOSERS)
TASKS_C = {k: _compile(v) for k, v in TASKS.items()}


def fill(template: tuple, rng, ctx: dict) -> str:
    """Fill one compiled template; context values win over random slot values."""
    text, fields = template[0], template[1]
    if not fields:
        return text
    values = {}
    for f in fields:
        if f in ctx:
            values[f] = ctx[f]
        elif f == "doc2":
            values[f] = rng.choice(SLOTS["doc"])
        elif f == "date":
            day = ctx.get("day", dt.date(2024, 1, 1)) + dt.timedelta(days=rng.randint(7, 60))
            values[f] = day.strftime("%d.%m.%Y")
        elif f == "hh":
            values[f] = str(rng.randint(2, 7))
        else:
            values[f] = rng.choice(SLOTS[f])
    return text.format(**values)
