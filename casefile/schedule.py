"""An offer's recurring times (iCal RRULE, HSDS ``schedule``) in words, and back.

The directory keeps hours as an RRULE with a start and end time of day
(:class:`casefile.records.OfferHours`). People read "dienstags und donnerstags 9:00–12:00";
a maintainer ticks weekdays and types two times, and the rule is made from them
(:func:`weekly_rule`); an expert may type any rule, which is shown as well as it can be said
(:func:`describe`), else as the rule itself. Pure Python, German (the directory's language).
"""

from __future__ import annotations

from collections.abc import Iterable

from casefile.records import OfferHours

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Adverbs ("dienstags") and nouns ("Dienstag") of the weekdays.
_ADVERB = dict(
    zip(
        DAYS,
        ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags"),
    )
)
_NOUN = dict(
    zip(DAYS, ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"))
)
_ORDINAL = {
    1: "ersten",
    2: "zweiten",
    3: "dritten",
    4: "vierten",
    5: "fünften",
    -1: "letzten",
}
_EVERY = {2: "jede zweite Woche", 3: "jede dritte Woche", 4: "jede vierte Woche"}
APPOINTMENT_ONLY = "nur nach Terminvereinbarung"


def parts(rrule: str) -> dict[str, str]:
    """The rule's parts (``FREQ``, ``BYDAY``, ...), upper-case keys; empty if none."""
    text = (rrule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    out = {}
    for piece in text.split(";"):
        key, sep, value = piece.partition("=")
        if sep and key.strip():
            out[key.strip().upper()] = value.strip().upper()
    return out


def weekly_rule(days: Iterable[str]) -> str:
    """The RRULE of a weekly time on *days* (codes of :data:`DAYS`), in weekday order; "" if
    no day is given."""
    chosen = sorted({d.upper() for d in days if d.upper() in DAYS}, key=DAYS.index)
    return f"FREQ=WEEKLY;BYDAY={','.join(chosen)}" if chosen else ""


def weekly_days(rrule: str) -> list[str] | None:
    """The weekdays of a plain weekly rule (``FREQ=WEEKLY;BYDAY=TU,TH``), None for any other
    rule (an interval, a monthly rule, a count): the form's checkboxes cannot show it."""
    p = parts(rrule)
    if p.get("FREQ") != "WEEKLY" or set(p) - {"FREQ", "BYDAY", "WKST"}:
        return None
    days = [d for d in p.get("BYDAY", "").split(",") if d]
    if not days or any(d not in DAYS for d in days):
        return None
    return sorted(set(days), key=DAYS.index)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " und " + words[-1]


def _day_list(days: list[str]) -> str:
    """ "montags bis freitags" for three or more days in a row, else "dienstags und
    donnerstags"."""
    idx = [DAYS.index(d) for d in days]
    if len(idx) >= 3 and idx == list(range(idx[0], idx[0] + len(idx))):
        return f"{_ADVERB[days[0]]} bis {_ADVERB[days[-1]]}"
    return _join([_ADVERB[d] for d in days])


def _time(value: str) -> str:
    """ "09:00" -> "9:00"."""
    hours, sep, minutes = value.partition(":")
    return f"{int(hours)}:{minutes}" if sep and hours.isdigit() else value


def time_span(hours: OfferHours) -> str:
    if hours.opens_at and hours.closes_at:
        return f"{_time(hours.opens_at)}–{_time(hours.closes_at)}"
    if hours.opens_at:
        return f"ab {_time(hours.opens_at)}"
    if hours.closes_at:
        return f"bis {_time(hours.closes_at)}"
    return ""


def describe_rule(rrule: str) -> str | None:
    """The days of *rrule* in German words, or None where the rule is not one said simply."""
    p = parts(rrule)
    freq = p.get("FREQ")
    other = set(p) - {"FREQ", "BYDAY", "INTERVAL", "WKST", "BYSETPOS"}
    if other:
        return None
    try:
        interval = int(p.get("INTERVAL", "1"))
    except ValueError:
        return None
    days = [d for d in p.get("BYDAY", "").split(",") if d]
    if freq == "DAILY" and not days:
        return "täglich" if interval == 1 else f"alle {interval} Tage"
    if freq == "WEEKLY" and days and all(d in DAYS for d in days) and "BYSETPOS" not in p:
        ordered = sorted(set(days), key=DAYS.index)
        said = _day_list(ordered)
        if interval == 1:
            return said
        if interval in _EVERY:
            return f"{_EVERY[interval]} {said}"
        return None
    if freq == "MONTHLY" and interval == 1 and len(days) == 1:
        day = days[0]
        n_text, code = day[:-2], day[-2:]
        if "BYSETPOS" in p and not n_text:
            n_text = p["BYSETPOS"]
        try:
            n = int(n_text)
        except ValueError:
            return None
        if code in DAYS and n in _ORDINAL:
            return f"jeden {_ORDINAL[n]} {_NOUN[code]} im Monat"
    return None


def describe(hours: OfferHours) -> str:
    """One recurring time in German: "dienstags und donnerstags 9:00–12:00" (with its note);
    a rule that cannot be said simply is shown as it is."""
    days = describe_rule(hours.rrule)
    said = days if days is not None else f"nach Regel {hours.rrule.strip()}"
    text = " ".join(x for x in (said, time_span(hours)) if x)
    if hours.note.strip():
        text += f" ({hours.note.strip()})"
    return text


def describe_all(hours: Iterable[OfferHours], appointment_only: bool = False) -> list[str]:
    """Every time of an offer, one line each; "nur nach Terminvereinbarung" last where the
    offer needs an appointment (alone if it names no times)."""
    lines = [describe(h) for h in hours]
    if appointment_only:
        lines.append(APPOINTMENT_ONLY)
    return lines
