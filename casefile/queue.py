"""The walk-in queue's rules, as pure code both sides evaluate (see resources/queue/rules.toml).

* **Order** (:func:`order`, :func:`next_ticket`): a ticket's *effective wait* is the minutes
  since arrival plus the bonus minutes of its priorities; the longest effective wait is called
  first, then the earlier arrival, then the lower number. The server's *call next* and every
  screen that lists a queue ask here, so the panel shows the order the server calls in.
* **Traffic light** (:func:`light`): real minutes of waiting against the unit's limits.
* **Routing** (:func:`suggest`): the first rule whose concern and conditions match what the
  user may see of the client file (target group; residence status only where readable).
* **Ticket numbers** (:func:`number_text`, :func:`prefix_for`): a number is the issuing
  device's prefix and its own count of the day ("A-017"). The server hands every device that
  issues tickets a prefix no other device has, so two reception desks -- one of them offline
  for hours -- never give out the same number.

A ticket here is any mapping with the ticket's fields (``arrived_at`` an ISO timestamp or a
datetime, ``priority`` a list or its JSON text, ``status``, ``unit``, ``number``).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile import catalogs
from resources import path as resource_path

DEFAULT_RULES = resource_path("queue", "rules.toml")
WAITING = "waiting"
# The phases after which a ticket is no longer in anybody's queue.
CLOSED = frozenset({"done", "cancelled"})
# The phases in which a ticket stands in its unit's queue, ready to be called.
CALLABLE = frozenset({"waiting"})
# What a caseworker may set a ticket to, from which phase (the server's call goes from
# waiting/missed to called; the rest are ordinary edits through the write gate).
TRANSITIONS: dict[str, frozenset[str]] = {
    "waiting": frozenset({"called", "transferred", "cancelled", "come_back"}),
    "called": frozenset(
        {"in_service", "missed", "waiting", "transferred", "done", "come_back", "on_hold"}
    ),
    "in_service": frozenset({"done", "transferred", "on_hold", "come_back"}),
    "on_hold": frozenset({"waiting", "called", "in_service", "done", "cancelled"}),
    "missed": frozenset({"called", "waiting", "cancelled"}),
    "come_back": frozenset({"waiting", "cancelled"}),
    "transferred": frozenset({"waiting"}),
    "done": frozenset(),
    "cancelled": frozenset(),
}
MAX_NUMBER = 999  # per device and day: "A-999"


class RulesError(ValueError):
    """The queue rules cannot be used; the message names the file and the problem (German)."""


@dataclass(frozen=True)
class Route:
    concern: str
    unit: str
    why: str
    target_groups: frozenset[str] = frozenset()
    residence_statuses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Suggestion:
    unit: str
    why: str


@dataclass(frozen=True)
class Rules:
    priority_minutes: Mapping[str, int]
    yellow: int
    red: int
    unit_lights: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    routes: tuple[Route, ...] = ()
    source: str = ""
    # location -> unit -> where its walk-ins wait ("Raum 1.11, 1. OG"): on the printed ticket
    rooms: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def room(self, location: str, unit: str) -> str:
        """Where walk-ins of *unit* wait at *location* ("" where the rules do not say)."""
        return self.rooms.get(location, {}).get(unit, "")

    @classmethod
    def load(cls, file: Path | str | None = None) -> Rules:
        p = Path(file) if file else DEFAULT_RULES
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise RulesError(f"Warteschlangen-Regeln {p}: nicht lesbar ({exc})") from exc
        return cls.from_dict(data, str(p))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<dict>") -> Rules:
        def fail(text: str) -> RulesError:
            return RulesError(f"Warteschlangen-Regeln {source}: {text}")

        def minutes(value: Any, what: str) -> int:
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 24 * 60:
                raise fail(f"{what}: eine Zahl von Minuten (0 bis 1440) erwartet")
            return value

        priorities = catalogs.load("walk_in_priority").codes
        bonus = {}
        for code, value in dict(data.get("priority_minutes", {})).items():
            if code not in priorities:
                raise fail(f"[priority_minutes] unbekannte Priorität {code!r}")
            bonus[code] = minutes(value, f"[priority_minutes] {code}")
        light = dict(data.get("light", {}))
        yellow = minutes(light.get("yellow", 20), "[light] yellow")
        red = minutes(light.get("red", 45), "[light] red")
        if red < yellow:
            raise fail("[light] red muss mindestens so groß wie yellow sein")
        units = catalogs.load("unit").codes
        unit_lights = {}
        for unit, lim in dict(light.get("units", {})).items():
            if unit not in units or not isinstance(lim, Mapping):
                raise fail(f"[light.units] unbekannte Einheit {unit!r}")
            y = minutes(lim.get("yellow", yellow), f"[light.units] {unit} yellow")
            r = minutes(lim.get("red", red), f"[light.units] {unit} red")
            if r < y:
                raise fail(f"[light.units] {unit}: red muss mindestens so groß wie yellow sein")
            unit_lights[unit] = (y, r)
        concerns = catalogs.load("walk_in_concern").codes
        groups = catalogs.load("target_group").codes
        statuses = catalogs.load("residence_status").codes
        routes = []
        for n, entry in enumerate(data.get("route", []), 1):
            concern, unit, why = entry.get("concern"), entry.get("unit"), entry.get("why", "")
            if concern not in concerns or unit not in units or not isinstance(why, str):
                raise fail(
                    f"[[route]] Nr. {n}: bekanntes Anliegen (concern), bekannte Einheit (unit) "
                    f"und ein Text (why) werden gebraucht"
                )
            tg = frozenset(entry.get("target_group", []))
            rs = frozenset(entry.get("residence_status", []))
            if tg - groups or rs - statuses:
                raise fail(f"[[route]] Nr. {n}: unbekannte Zielgruppe oder Aufenthaltsstatus")
            routes.append(Route(concern, unit, why, tg, rs))
        if concerns - {
            r.concern for r in routes if not r.target_groups and not r.residence_statuses
        }:
            missing = concerns - {
                r.concern for r in routes if not r.target_groups and not r.residence_statuses
            }
            raise fail(
                "kein Weg ohne Bedingung für das Anliegen "
                + ", ".join(sorted(missing))
                + " (jedes Anliegen braucht eine Einheit, an die es immer gehen kann)"
            )
        places = catalogs.load("location").codes
        rooms: dict[str, dict[str, str]] = {}
        for location, of_units in dict(data.get("rooms", {})).items():
            if location not in places or not isinstance(of_units, Mapping):
                raise fail(f"[rooms] unbekannter Standort {location!r}")
            for unit, room in of_units.items():
                if unit not in units or not isinstance(room, str) or len(room) > 60:
                    raise fail(
                        f"[rooms.{location}] {unit!r}: bekannte Einheit und ein kurzer Text "
                        "(höchstens 60 Zeichen) erwartet"
                    )
            rooms[location] = dict(of_units)
        return cls(bonus, yellow, red, unit_lights, tuple(routes), source, rooms)


_RULES: Rules | None = None


def default_rules() -> Rules:
    """The shipped rules (cached)."""
    global _RULES
    if _RULES is None:
        _RULES = Rules.load()
    return _RULES


# --- order -----------------------------------------------------------------------------------


def _when(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, str) and value:
        try:
            d = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        return d if d.tzinfo else d.replace(tzinfo=dt.UTC)
    return None


def priorities(ticket: Mapping[str, Any]) -> list[str]:
    value = ticket.get("priority")
    if isinstance(value, str):
        import orjson

        try:
            value = orjson.loads(value) if value else []
        except orjson.JSONDecodeError:
            return []
    return [p for p in value or [] if isinstance(p, str)]


def waited_minutes(ticket: Mapping[str, Any], now: dt.datetime) -> float:
    """Real minutes since arrival (0 for a ticket without a readable arrival)."""
    arrived = _when(ticket.get("arrived_at"))
    if arrived is None:
        return 0.0
    return max(0.0, (now - arrived).total_seconds() / 60)


def effective_wait(ticket: Mapping[str, Any], now: dt.datetime, rules: Rules) -> float:
    return waited_minutes(ticket, now) + sum(
        rules.priority_minutes.get(p, 0) for p in set(priorities(ticket))
    )


def _key(
    ticket: Mapping[str, Any], now: dt.datetime, rules: Rules
) -> tuple[float, dt.datetime, str]:
    arrived = _when(ticket.get("arrived_at")) or now
    return (-effective_wait(ticket, now, rules), arrived, str(ticket.get("number") or ""))


def order(
    tickets: Iterable[Mapping[str, Any]], now: dt.datetime, rules: Rules | None = None
) -> list[Mapping[str, Any]]:
    """The tickets in the order they are called (first = next)."""
    r = rules or default_rules()
    return sorted(tickets, key=lambda t: _key(t, now, r))


def in_queue(ticket: Mapping[str, Any], units: Iterable[str]) -> bool:
    """Whether *ticket* waits, callable, in the queue of one of *units*."""
    return ticket.get("status") in CALLABLE and ticket.get("unit") in set(units)


def next_ticket(
    tickets: Iterable[Mapping[str, Any]],
    units: Iterable[str],
    now: dt.datetime,
    rules: Rules | None = None,
) -> Mapping[str, Any] | None:
    """The ticket *call next* takes for staff of *units*, or None when nobody waits."""
    wanted = set(units)
    ready = [t for t in tickets if in_queue(t, wanted)]
    ordered = order(ready, now, rules)
    return ordered[0] if ordered else None


def light(ticket: Mapping[str, Any], now: dt.datetime, rules: Rules | None = None) -> str:
    """ "green", "yellow" or "red" for a waiting ticket, by its real wait and its unit."""
    r = rules or default_rules()
    yellow, red = r.unit_lights.get(str(ticket.get("unit") or ""), (r.yellow, r.red))
    m = waited_minutes(ticket, now)
    return "red" if m >= red else "yellow" if m >= yellow else "green"


def may_move(before: str | None, after: str) -> bool:
    """Whether a ticket may go from phase *before* (None: a new ticket) to *after*."""
    if before is None:
        return after == WAITING
    return before == after or after in TRANSITIONS.get(before, frozenset())


def may_change(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> bool:
    """Whether a ticket may change from *before* (None: new) to *after*: its status moves as
    :func:`may_move` allows, or the change is a **transfer** -- back to waiting in another
    unit's queue, from any status a transfer is allowed from (in service too: the concern
    turned out to be another unit's). The server's write gate and the laptop ask here."""
    was = before.get("status") if before is not None else None
    status = str(after.get("status"))
    if may_move(was, status):
        return True
    return (
        before is not None
        and status == WAITING
        and after.get("unit") != before.get("unit")
        and may_move(was, "transferred")
    )


# --- routing ---------------------------------------------------------------------------------


def suggest(
    concern: str,
    target_group: str | None = None,
    residence_status: str | None = None,
    rules: Rules | None = None,
) -> Suggestion | None:
    """Where a walk-in with *concern* is sent. *residence_status* is what the user may read
    of the client's current status (None: unknown or not readable -- rules that need it are
    skipped, never guessed)."""
    r = rules or default_rules()
    for route in r.routes:
        if route.concern != concern:
            continue
        if route.target_groups and target_group not in route.target_groups:
            continue
        if route.residence_statuses and residence_status not in route.residence_statuses:
            continue
        return Suggestion(route.unit, route.why)
    return None


# --- numbers ---------------------------------------------------------------------------------


def prefix_for(index: int) -> str:
    """The *index*-th device prefix: A..Z, then AA..ZZ (702 devices), then AAA..."""
    if index < 0:
        raise ValueError("index")
    out = ""
    n = index
    while True:
        out = chr(ord("A") + n % 26) + out
        n = n // 26 - 1
        if n < 0:
            return out


def number_text(prefix: str, count: int) -> str:
    """ "A-017": the issuing device's prefix and its *count*-th ticket of the day."""
    if not 1 <= count <= MAX_NUMBER:
        raise ValueError("count")
    return f"{prefix}-{count:03d}"


def number_prefix(number: str) -> str | None:
    """The prefix of a well-formed ticket number, else None."""
    prefix, sep, digits = number.partition("-")
    if (
        not sep
        or not 1 <= len(prefix) <= 3
        or not prefix.isascii()
        or not prefix.isupper()
        or not prefix.isalpha()
        or len(digits) != 3
        or not digits.isdigit()
        or digits == "000"
    ):
        return None
    return prefix
