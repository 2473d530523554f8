"""The consulting hours the server holds (issue 20), for the pages that show them outside the
app: the waiting-room display (today's and the coming days' hours at its location) and the
directory's web export and brochure (every place's hours in words).

The records are the directory's (category ``directory``: public, no person): reading them needs
no gate. What a display learns is a unit's name, a kind, a time and a note -- never anything of
a client. The display asks often (every queue change, every 2 s while its stream is down), so
the hours are read at most every :data:`CACHE_S` seconds per process.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import orjson
from sqlalchemy import select

from casefile import consulting_hours as ch, wire
from casefile.records import ConsultingHours
from sync_server import schema as t
from sync_server.db import Database

CACHE_S = 30.0
DAYS_AHEAD = 7  # the display looks this far ahead ...
MAX_DAYS = 4  # ... and shows at most this many days with hours

# Kept on the Database object itself (a test's new database never finds an old one's hours).
_CACHE_ATTR = "_consulting_hours_cache"
_lock = threading.Lock()


def read_hours(db: Database) -> list[ConsultingHours]:
    """Every consulting hour the server holds (deleted ones left out; deactivated ones too are
    returned: the callers leave them out)."""
    r = t.records
    with db.reader.connect() as conn:
        rows = conn.execute(
            select(r.c.id, r.c.fields).where(r.c.kind == "consulting_hours", r.c.deleted.is_(False))
        ).all()
    out = []
    for rid, fields in rows:
        record, _parsed, _errors = wire.parse_record("consulting_hours", orjson.loads(fields))
        record.id = rid
        out.append(record)
    return sorted(out, key=lambda h: (h.location, h.unit, h.opens, h.id))


def cached_hours(db: Database) -> list[ConsultingHours]:
    """:func:`read_hours`, at most :data:`CACHE_S` seconds old."""
    now = time.monotonic()
    with _lock:
        hit = getattr(db, _CACHE_ATTR, None)
        if hit is not None and now - hit[0] < CACHE_S:
            return hit[1]
    hours = read_hours(db)
    with _lock:
        setattr(db, _CACHE_ATTR, (now, hours))
    return hours


def display_days(
    hours: list[ConsultingHours], location: str, today: dt.date
) -> list[dict[str, Any]]:
    """The hours at *location* from *today* on, by day (at most :data:`MAX_DAYS` days with
    hours within :data:`DAYS_AHEAD`): each day with its label ("Heute", "Morgen",
    "Donnerstag, 10.12.") and its entries -- time, unit, kind, note, and whether it is cancelled
    ("fällt aus": said rather than left out, so nobody comes in vain)."""
    here = [h for h in hours if h.location == location]
    last = today + dt.timedelta(days=DAYS_AHEAD - 1)
    rows = [(o, False) for o in ch.occurrences(here, today, last)]
    rows += [(o, True) for o in ch.cancelled(here, today, last)]
    rows.sort(key=lambda x: x[0].sort_key)
    days: list[dict[str, Any]] = []
    for o, cancelled in rows:
        if not days or days[-1]["day"] != o.day.isoformat():
            if len(days) == MAX_DAYS:
                break
            days.append(
                {"day": o.day.isoformat(), "label": _day_label(o.day, today), "entries": []}
            )
        h = o.hours
        days[-1]["entries"].append(
            {
                "time": ch.time_text(h),
                "unit": ch.unit_label(h.unit),
                "kind": ch.kind_label(h.kind),
                "note": h.note,
                "cancelled": cancelled,
            }
        )
    return days


def _day_label(day: dt.date, today: dt.date) -> str:
    if day == today:
        return "Heute"
    if day == today + dt.timedelta(days=1):
        return "Morgen"
    return f"{ch.WEEKDAY_NAMES[day.weekday()]}, {day:%d.%m.}"
