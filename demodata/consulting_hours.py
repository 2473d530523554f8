"""The demo county's consulting hours: walk-in hours at the three sites of the Landratsamt
(Naumburg every weekday, Weißenfels and Zeitz on certain days), decentral hours in the towns and
villages (Integration on Tuesdays in Nebra, monthly in Freyburg, every second week in
Hohenmölsen, ...), a phone hour of the immigration office; the Christmas days and New Year's Eve
cancelled, one Tuesday in Nebra cancelled and a Thursday added instead.

The units and places agree with the ``[walk_in]`` section of the shipped rules (who holds walk-in
hours where). Ids come from the unit, place and rule (uuid5): every seed gives the same hours.
"""

from __future__ import annotations

import datetime as dt
import uuid

from casefile.records import ConsultingHours

_NS = uuid.UUID("3d0f6f2a-6c3b-4f0e-9a57-0c2b8e1d4a61")

# (unit, location, kind, rrule, opens, closes, note)
_HOURS = [
    ("abh", "lra_naumburg", "walk_in", "FREQ=WEEKLY;BYDAY=MO,TU,TH", "08:30", "12:00", ""),
    ("abh", "lra_naumburg", "walk_in", "FREQ=WEEKLY;BYDAY=TH", "13:30", "17:30", ""),
    (
        "asylblg",
        "lra_naumburg",
        "walk_in",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "08:30",
        "12:00",
        "",
    ),
    (
        "integration",
        "lra_naumburg",
        "walk_in",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "09:00",
        "12:00",
        "",
    ),
    ("jobcenter", "lra_naumburg", "walk_in", "FREQ=WEEKLY;BYDAY=TU,TH", "09:00", "12:00", ""),
    ("housing", "lra_naumburg", "walk_in", "FREQ=WEEKLY;BYDAY=WE", "09:00", "12:00", ""),
    ("education", "lra_naumburg", "walk_in", "FREQ=WEEKLY;BYDAY=TH", "14:00", "16:00", ""),
    ("abh", "lra_weissenfels", "walk_in", "FREQ=WEEKLY;BYDAY=TU", "08:30", "12:00", ""),
    ("asylblg", "lra_weissenfels", "walk_in", "FREQ=WEEKLY;BYDAY=TU,TH", "09:00", "12:00", ""),
    ("integration", "lra_weissenfels", "walk_in", "FREQ=WEEKLY;BYDAY=WE", "09:00", "12:00", ""),
    ("jobcenter", "lra_weissenfels", "walk_in", "FREQ=WEEKLY;BYDAY=TH", "09:00", "12:00", ""),
    ("housing", "lra_weissenfels", "walk_in", "FREQ=WEEKLY;BYDAY=MO", "13:00", "15:00", ""),
    ("abh", "lra_zeitz", "walk_in", "FREQ=WEEKLY;BYDAY=WE", "08:30", "12:00", ""),
    ("asylblg", "lra_zeitz", "walk_in", "FREQ=WEEKLY;BYDAY=WE", "09:00", "12:00", ""),
    ("integration", "lra_zeitz", "walk_in", "FREQ=WEEKLY;BYDAY=TH", "09:00", "12:00", ""),
    (
        "integration",
        "dez_nebra",
        "decentral",
        "FREQ=WEEKLY;BYDAY=TU",
        "09:00",
        "12:00",
        "im Bürgerhaus, 1. OG",
    ),
    ("integration", "dez_freyburg", "decentral", "FREQ=MONTHLY;BYDAY=1MO", "13:00", "15:30", ""),
    (
        "integration",
        "dez_hohenmoelsen",
        "decentral",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        "10:00",
        "12:00",
        "",
    ),
    ("integration", "dez_bad_koesen", "decentral", "FREQ=WEEKLY;BYDAY=FR", "09:00", "11:00", ""),
    (
        "education",
        "dez_zeitz",
        "decentral",
        "FREQ=WEEKLY;BYDAY=FR",
        "09:00",
        "11:30",
        "Kursberatung",
    ),
    ("jobcenter", "dez_luetzen", "decentral", "FREQ=MONTHLY;BYDAY=-1TH", "13:00", "15:00", ""),
    ("asylblg", "dez_teuchern", "decentral", "FREQ=MONTHLY;BYDAY=2TU,4TU", "13:00", "15:00", ""),
    ("abh", "phone", "phone", "FREQ=WEEKLY;BYDAY=FR", "09:00", "11:00", "Telefon 03445 73-1234"),
]


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NS, "|".join(parts)))


def _holidays(today: dt.date) -> list[dt.date]:
    """The days around the turn of the year the offices are closed (this year's and the
    next's)."""
    out = []
    for year in (today.year, today.year + 1):
        out += [dt.date(year, 12, d) for d in (24, 25, 26, 31)] + [dt.date(year, 1, 1)]
    return sorted(out)


def _next(today: dt.date, weekday: int, weeks: int = 0) -> dt.date:
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


def demo_records(today: dt.date) -> list[ConsultingHours]:
    """The county's consulting hours, valid since the first of January last year."""
    start = dt.date(today.year - 1, 1, 1)
    holidays = _holidays(today)
    out = []
    for unit, location, kind, rrule, opens, closes, note in _HOURS:
        h = ConsultingHours(
            unit=unit,
            location=location,
            kind=kind,
            rrule=rrule,
            opens=opens,
            closes=closes,
            valid_from=start,
            exceptions=list(holidays),
            note=note,
            id=_id(unit, location, rrule, opens),
        )
        if location == "dez_nebra":
            # The community hall is taken one Tuesday (in two weeks or the first after the
            # holidays): the hours move to the Thursday.
            tuesday = _next(today, 1, 2)
            while {tuesday, tuesday + dt.timedelta(days=2)} & set(holidays):
                tuesday += dt.timedelta(days=7)
            h.exceptions = sorted({*h.exceptions, tuesday})
            h.extra_dates = [tuesday + dt.timedelta(days=2)]
        out.append(h)
    # Summer hours in Osterfeld: a season, with an end.
    out.append(
        ConsultingHours(
            unit="integration",
            location="dez_osterfeld",
            kind="decentral",
            rrule="FREQ=WEEKLY;BYDAY=MO",
            opens="14:00",
            closes="16:00",
            valid_from=dt.date(today.year, 5, 1),
            valid_until=dt.date(today.year, 9, 30),
            note="nur im Sommerhalbjahr",
            id=_id("integration", "dez_osterfeld", "summer"),
        )
    )
    return out
