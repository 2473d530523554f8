"""Consulting hours (Sprechstunden im LRA und dezentral): on which days a unit holds hours where.

A :class:`~casefile.records.ConsultingHours` record is a recurring time: an iCal RRULE (as an
offer's, :mod:`casefile.schedule`) whose first day is ``valid_from`` (it anchors "every second
week" and a rule without weekdays), up to ``valid_until``, without the ``exceptions`` and with
the ``extra_dates``. Precisely, a day *d* is a day of the hours when

* the record is ``active``, and *d* is not one of its ``exceptions``, and
* either *d* is one of its ``extra_dates`` (single days count even outside the validity: they
  are said one by one), or the rule gives *d* (counted from ``valid_from``) and
  ``valid_from <= d <= valid_until`` (no end: open).

:func:`occurrences` lists them for a range of days; :func:`today_location` says where one of a
user's units holds hours on a day -- the laptop's default "heutiger Standort"; :func:`describe`
says a record in German words (the app's list, the display, the web page).

Pure Python over the records; dateutil parses the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from casefile import catalogs
from casefile.offer_text import rule_text
from casefile.records import ConsultingHours

# The kinds that place a caseworker somewhere for the day, in the order the default prefers
# them: decentral hours take the caseworker out of the office; phone hours place nobody.
PLACING_KINDS = ("decentral", "walk_in")
WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


@dataclass(frozen=True)
class Occurrence:
    """One day of consulting hours."""

    day: dt.date
    hours: ConsultingHours

    @property
    def sort_key(self) -> tuple[dt.date, str, str, str, str, str]:
        h = self.hours
        return (self.day, h.opens, h.closes, h.location, h.unit, h.id)


# A consulting hour is held on days: its rule says which (a rule by the hour, minute or second
# would make every query walk every second from the rule's first day -- a minute's work for the
# waiting-room display per request). The text of a rule is short.
MAX_RULE = 500


def rule_problem(rrule: str) -> str | None:
    """Why *rrule* (which parses) cannot be a consulting hour's rule, in German words, or None:
    one rule, by day, week, month or year, of at most :data:`MAX_RULE` characters. The forms
    and the server refuse such a rule (casefile.validation), and :func:`rule_days` gives no
    day for one stored before."""
    from dateutil.rrule import DAILY, rrule as Rule  # type: ignore[import-untyped]

    if len(rrule) > MAX_RULE:
        return f"höchstens {MAX_RULE} Zeichen"
    rule = _parsed(rrule.strip(), dt.date(2026, 1, 1))
    if rule is not None and (not isinstance(rule, Rule) or rule._freq > DAILY):
        return "nur täglich, wöchentlich, monatlich oder jährlich"
    return None


def _parsed(text: str, start: dt.date) -> Any:
    from dateutil.rrule import rrulestr

    if text.upper().startswith("RRULE:"):
        text = text[6:]
    try:
        return rrulestr(text, dtstart=dt.datetime(start.year, start.month, start.day))
    except (ValueError, TypeError, KeyError, OverflowError):
        return None


@lru_cache(maxsize=512)
def _rule(rrule: str, start: dt.date) -> Any:
    """The parsed rule anchored at *start*, or None if it does not parse or may not be a
    consulting hour's (:func:`rule_problem`)."""
    if rule_problem(rrule) is not None:
        return None
    return _parsed(rrule.strip(), start)


@lru_cache(maxsize=512)
def _first(rrule: str, start: dt.date) -> dt.date | None:
    """The rule's first day, None if it gives none at all. A rule that never holds (the 30th
    of February) walks its days up to the year 9999 before it says so: asked once per rule
    and first day, not on every page that shows the hours."""
    rule = _rule(rrule, start)
    if rule is None:
        return None
    found = rule.after(dt.datetime(start.year, start.month, start.day), inc=True)
    return found.date() if found is not None else None


def rule_days(hours: ConsultingHours, first: dt.date, last: dt.date) -> set[dt.date]:
    """The days in [*first*, *last*] the rule gives within the validity (no exceptions, no
    extra dates)."""
    if not hours.rrule.strip() or hours.valid_from is None:
        return set()
    lo = max(first, hours.valid_from)
    hi = min(last, hours.valid_until) if hours.valid_until else last
    if lo > hi:
        return set()
    rule = _rule(hours.rrule, hours.valid_from)
    start = _first(hours.rrule, hours.valid_from) if rule is not None else None
    if rule is None or start is None or start > hi:
        return set()
    found = rule.between(
        dt.datetime(lo.year, lo.month, lo.day),
        dt.datetime(hi.year, hi.month, hi.day, 23, 59, 59),
        inc=True,
    )
    return {x.date() for x in found}


def days_of(hours: ConsultingHours, first: dt.date, last: dt.date) -> list[dt.date]:
    """The days of *hours* in [*first*, *last*] (see the module docstring), in order."""
    if not hours.active or last < first:
        return []
    days = rule_days(hours, first, last)
    days |= {d for d in hours.extra_dates if first <= d <= last}
    days -= set(hours.exceptions)
    return sorted(days)


def occurrences(
    hours_list: Iterable[ConsultingHours], first: dt.date, last: dt.date
) -> list[Occurrence]:
    """Every day of every record in [*first*, *last*], by day, then time, place and unit."""
    out = [Occurrence(d, h) for h in hours_list for d in days_of(h, first, last)]
    return sorted(out, key=lambda o: o.sort_key)


def cancelled(
    hours_list: Iterable[ConsultingHours], first: dt.date, last: dt.date
) -> list[Occurrence]:
    """The exceptions in [*first*, *last*] that cancel a day the rule would give (what a
    waiting room and a web page say: "fällt aus")."""
    out = []
    for h in hours_list:
        if not h.active:
            continue
        ruled = rule_days(h, first, last) | {d for d in h.extra_dates if first <= d <= last}
        out += [Occurrence(d, h) for d in h.exceptions if d in ruled]
    return sorted(out, key=lambda o: o.sort_key)


def today_location(
    hours_list: Iterable[ConsultingHours],
    units: Sequence[str] | str,
    day: dt.date,
    usual: str = "",
) -> str | None:
    """Where one of *units* (in the order of preference: "my unit" first) holds hours on
    *day*: decentral hours first, then walk-in hours; among those the earlier unit of *units*,
    then the *usual* location (the user's own, where the same unit holds hours at two sites
    that day), then the earlier start. Phone hours place nobody. None if no unit holds hours
    that day."""
    wanted = [units] if isinstance(units, str) else [u for u in units if u]
    best: tuple[int, int, bool, str, str] | None = None
    location = None
    for o in occurrences((h for h in hours_list if h.unit in wanted), day, day):
        h = o.hours
        if h.kind not in PLACING_KINDS:
            continue
        key = (
            PLACING_KINDS.index(h.kind),
            wanted.index(h.unit),
            h.location != usual,
            h.opens,
            h.location,
        )
        if best is None or key < best:
            best, location = key, h.location
    return location


# --- in words ------------------------------------------------------------------------------------


def _time(value: str) -> str:
    return value[1:] if len(value) == 5 and value.startswith("0") else value


def time_text(hours: ConsultingHours) -> str:
    """``9:00–12:00 Uhr``."""
    return f"{_time(hours.opens)}–{_time(hours.closes)} Uhr"


def _dates(days: Iterable[dt.date]) -> str:
    return ", ".join(f"{d:%d.%m.%Y}" for d in sorted(days))


def day_text(day: dt.date) -> str:
    """``Dienstag, 08.12.2026``."""
    return f"{WEEKDAY_NAMES[day.weekday()]}, {day:%d.%m.%Y}"


def describe(
    hours: ConsultingHours, today: dt.date | None = None, until: dt.date | None = None
) -> str:
    """The record in German words: ``dienstags, 9:00–12:00 Uhr; ab 01.01.2026; nicht am
    24.12.2026; zusätzlich am 02.01.2027``. With *today*, exceptions and extra dates before it
    are left out (what is past says nothing to a visitor), and so are exceptions that cancel
    no day the hours would hold; with *until*, those after it too (a page that says the coming
    weeks)."""
    parts = []
    if hours.rrule.strip():
        parts.append(f"{rule_text(hours.rrule) or f'nach Regel {hours.rrule}'}, {time_text(hours)}")
    else:
        parts.append(time_text(hours))
    if hours.valid_until:
        start = f"{hours.valid_from:%d.%m.%Y}" if hours.valid_from else ""
        parts.append(f"{start} bis {hours.valid_until:%d.%m.%Y}".strip())
    elif hours.valid_from and (today is None or hours.valid_from > today):
        parts.append(f"ab {hours.valid_from:%d.%m.%Y}")
    exceptions = [d for d in hours.exceptions if today is None or d >= today]
    extra = [d for d in hours.extra_dates if today is None or d >= today]
    if until is not None:
        exceptions = [d for d in exceptions if d <= until]
        extra = [d for d in extra if d <= until]
    if today is not None and exceptions:
        last = max(exceptions)
        held = rule_days(hours, today, last) | set(hours.extra_dates)
        exceptions = [d for d in exceptions if d in held]
    if exceptions:
        parts.append(f"nicht am {_dates(exceptions)}")
    if extra:
        parts.append(f"{'zusätzlich ' if hours.rrule.strip() else ''}am {_dates(extra)}")
    if hours.note:
        parts.append(hours.note)
    return "; ".join(parts)


def unit_label(code: str) -> str:
    return catalogs.load("unit").label(code)


def location_label(code: str) -> str:
    return catalogs.load("location").label(code)


def kind_label(code: str) -> str:
    return catalogs.load("consulting_hours_kind").label(code)


def at_location(hours_list: Iterable[ConsultingHours], location: str) -> list[ConsultingHours]:
    """The active records held at *location*, by kind, unit and start."""
    return sorted(
        (h for h in hours_list if h.active and h.location == location),
        key=lambda h: (h.kind, unit_label(h.unit), h.opens, h.id),
    )
