"""The maintainers' weekday boxes and an offer's recurring time (iCal RRULE, HSDS ``schedule``).

A maintainer ticks weekdays and chooses two times; the rule is made from them
(:func:`weekly_rule`). An expert may type any rule instead; the boxes show its days where it is
a plain weekly rule (:func:`weekly_days`). How a rule is said in words is
:mod:`casefile.offer_text`'s (one wording for the page, the brochure and the slip).
"""

from __future__ import annotations

from collections.abc import Iterable

from casefile.offer_text import WEEKDAYS, rrule_parts

DAYS = WEEKDAYS


def weekly_rule(days: Iterable[str]) -> str:
    """The RRULE of a weekly time on *days* (codes of :data:`DAYS`), in weekday order; "" if
    no day is given."""
    chosen = sorted({d.upper() for d in days if d.upper() in DAYS}, key=DAYS.index)
    return f"FREQ=WEEKLY;BYDAY={','.join(chosen)}" if chosen else ""


def weekly_days(rrule: str) -> list[str] | None:
    """The weekdays of a plain weekly rule (``FREQ=WEEKLY;BYDAY=TU,TH``), None for any other
    rule (an interval, a monthly rule, a count): the form's boxes cannot show it."""
    p = {k: v.upper() for k, v in rrule_parts(rrule).items()}
    if p.get("FREQ") != "WEEKLY" or set(p) - {"FREQ", "BYDAY", "WKST"}:
        return None
    days = [d for d in p.get("BYDAY", "").split(",") if d]
    if not days or any(d not in DAYS for d in days):
        return None
    return sorted(set(days), key=DAYS.index)
