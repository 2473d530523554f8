"""Walk-in statistics of a location over a span of days, from the phase log (``walk_in_log``)
and the tickets' current state (``walk_in_queue``): what TheQ-style phase logging gives for free.

Definitions (docs/sync-protocol.md, "Walk-in statistics"):

* a **visit** is one ticket; a **segment** is its stay with one unit: from its arrival (the
  first ``waiting`` phase, or the ticket's arrival) or its transfer to that unit, until that
  unit's first ``called`` phase;
* **waiting time** of a segment: from its start to that call; **service time**: from the
  first ``in_service`` (else the call) to the segment's end (``done``, ``transferred``,
  ``on_hold``, ``come_back``, ``cancelled``);
* a **no-show**: a visit whose last phase is ``missed`` (or ``cancelled`` right after one);
* **hops**: the ``transferred`` phases of a visit; **transfers** by (from unit, to unit);
* hour and weekday: of the arrival, in the server's local time (the tickets' ``day`` too).

Aggregates only: counts, medians, 90th percentiles and means in minutes; no ticket, name or
staff member leaves this module. Who may ask: the staff of the location's queue
(:meth:`Policy.queues`), as for the tickets themselves.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select

from casefile.policy import WALK_IN
from sync_server import schema as t
from sync_server.auth import Device
from sync_server.errors import ApiError

MAX_DAYS = 366
ENDS = frozenset({"done", "transferred", "on_hold", "come_back", "cancelled"})
WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def moment_of(text: str) -> dt.datetime | None:
    """An ISO time as an aware datetime (UTC when it names no zone); None if unreadable."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _minutes(a: dt.datetime, b: dt.datetime) -> float:
    return max(0.0, (b - a).total_seconds() / 60)


def _summary(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"count": 0, "median": None, "p90": None, "mean": None}
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {
        "count": len(values),
        "median": round(statistics.median(ordered), 1),
        "p90": round(p90, 1),
        "mean": round(statistics.fmean(ordered), 1),
    }


def compute(
    service: Any, device: Device, location: str, start: dt.date, end: dt.date
) -> dict[str, Any]:
    """The statistics of *location* from *start* to *end* (both included)."""
    if WALK_IN + location not in service.policy.queues(device):
        raise ApiError(403, "not_your_queue", location)
    if end < start or (end - start).days >= MAX_DAYS:
        raise ApiError(422, "invalid_request", f"from..to: at most {MAX_DAYS} days")
    q, log = t.walk_in_queue, t.walk_in_log
    first, last = start.isoformat(), end.isoformat()
    with service.db.reader.connect() as conn:
        tickets = {
            r.ticket_id: r
            for r in conn.execute(
                select(
                    q.c.ticket_id,
                    q.c.arrived_at,
                    q.c.language,
                    q.c.interpreter,
                    q.c.concern,
                    q.c.status,
                ).where(q.c.location == location, q.c.day >= first, q.c.day <= last)
            )
        }
        phases: dict[str, list[tuple[dt.datetime, str, str, str]]] = defaultdict(list)
        for r in conn.execute(
            select(log.c.ticket_id, log.c.at, log.c.phase, log.c.unit, log.c.to_unit).where(
                log.c.location == location, log.c.day >= first, log.c.day <= last
            )
        ):
            at = moment_of(r.at)
            if at is not None and r.ticket_id in tickets:
                phases[r.ticket_id].append((at, r.phase, r.unit, r.to_unit))
    waited: dict[str, list[float]] = defaultdict(list)
    served: dict[str, list[float]] = defaultdict(list)
    by_hour: dict[int, list[float]] = defaultdict(list)
    by_weekday: dict[int, list[float]] = defaultdict(list)
    visits_by_unit: Counter[str] = Counter()
    no_shows: Counter[str] = Counter()
    hops: Counter[int] = Counter()
    transfers: Counter[tuple[str, str]] = Counter()
    languages: Counter[str] = Counter()
    interpreters: Counter[str] = Counter()
    concerns: Counter[str] = Counter()
    visit_wait: list[float] = []
    for tid, ticket in tickets.items():
        steps = sorted(phases.get(tid, []), key=lambda p: p[0])
        arrived = moment_of(ticket.arrived_at) or (steps[0][0] if steps else None)
        if arrived is None:
            continue
        local = arrived.astimezone()
        concerns[ticket.concern] += 1
        languages[ticket.language or "de"] += 1
        if ticket.interpreter:
            interpreters[ticket.language or "?"] += 1
        seg_start, seg_unit, called_at, service_from = arrived, None, None, None
        total_wait, n_hops = 0.0, 0
        for at, phase, unit, to_unit in steps:
            if seg_unit is None:
                seg_unit = unit
                visits_by_unit[unit] += 1
            if phase == "called" and called_at is None:
                called_at = at
                w = _minutes(seg_start, at)
                waited[seg_unit].append(w)
                total_wait += w
                service_from = at
            elif phase == "in_service" and called_at is not None and service_from == called_at:
                service_from = at
            if phase in ENDS and service_from is not None:
                served[seg_unit].append(_minutes(service_from, at))
                service_from = None
            if phase == "transferred" and to_unit:
                n_hops += 1
                transfers[(unit, to_unit)] += 1
                seg_start, seg_unit, called_at, service_from = at, to_unit, None, None
                visits_by_unit[to_unit] += 1
        last = steps[-1][1] if steps else "waiting"
        before_last = steps[-2][1] if len(steps) > 1 else ""
        if last == "missed" or (last == "cancelled" and before_last == "missed"):
            no_shows[seg_unit or "?"] += 1
        hops[n_hops] += 1
        if called_at is not None or n_hops:
            visit_wait.append(total_wait)
            by_hour[local.hour].append(total_wait)
            by_weekday[local.weekday()].append(total_wait)
    units = sorted(set(visits_by_unit) | set(waited) | set(no_shows))
    return {
        "location": location,
        "from": first,
        "to": last,
        "visits": len(tickets),
        "waiting": _summary(visit_wait),
        "by_unit": {
            u: {
                "visits": visits_by_unit[u],
                "waiting": _summary(waited[u]),
                "service": _summary(served[u]),
                "no_shows": no_shows[u],
            }
            for u in units
        },
        "by_hour": {f"{h:02d}": _summary(v) for h, v in sorted(by_hour.items())},
        "by_weekday": {WEEKDAYS[d]: _summary(v) for d, v in sorted(by_weekday.items())},
        "no_shows": sum(no_shows.values()),
        "hops": {str(k): v for k, v in sorted(hops.items())},
        "transfers": [{"from": a, "to": b, "count": n} for (a, b), n in sorted(transfers.items())],
        "languages": dict(sorted(languages.items())),
        "interpreter": dict(sorted(interpreters.items())),
        "concerns": dict(sorted(concerns.items())),
    }


def as_csv(stats: dict[str, Any]) -> str:
    """The statistics as CSV (semicolon, German spreadsheet habit): one row per figure."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(["Ort", "von", "bis", "Bereich", "Schlüssel", "Kennzahl", "Wert"])
    head = [stats["location"], stats["from"], stats["to"]]

    def summary(area: str, key: str, s: dict[str, Any], what: str) -> None:
        for name, label in (
            ("count", "Anzahl"),
            ("median", "Median (min)"),
            ("p90", "90 % (min)"),
            ("mean", "Mittel (min)"),
        ):
            w.writerow([*head, area, key, f"{what} {label}", "" if s[name] is None else s[name]])

    w.writerow([*head, "gesamt", "", "Besuche", stats["visits"]])
    w.writerow([*head, "gesamt", "", "nicht erschienen", stats["no_shows"]])
    summary("gesamt", "", stats["waiting"], "Wartezeit")
    for unit, u in stats["by_unit"].items():
        w.writerow([*head, "Einheit", unit, "Besuche", u["visits"]])
        w.writerow([*head, "Einheit", unit, "nicht erschienen", u["no_shows"]])
        summary("Einheit", unit, u["waiting"], "Wartezeit")
        summary("Einheit", unit, u["service"], "Beratungszeit")
    for hour, s in stats["by_hour"].items():
        summary("Stunde", hour, s, "Wartezeit")
    for day, s in stats["by_weekday"].items():
        summary("Wochentag", day, s, "Wartezeit")
    for n, count in stats["hops"].items():
        w.writerow([*head, "Weiterleitungen je Besuch", n, "Besuche", count])
    for x in stats["transfers"]:
        w.writerow([*head, "Weiterleitung", f"{x['from']}→{x['to']}", "Anzahl", x["count"]])
    for lang, count in stats["languages"].items():
        w.writerow([*head, "Sprache", lang, "Besuche", count])
    for lang, count in stats["interpreter"].items():
        w.writerow([*head, "Sprache", lang, "mit Dolmetschbedarf", count])
    for concern, count in stats["concerns"].items():
        w.writerow([*head, "Anliegen", concern, "Besuche", count])
    return out.getvalue()
