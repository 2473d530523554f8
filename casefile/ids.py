"""Record ids: time-ordered UUIDs (version 7) made on the device that creates the record.

Time-ordered keys keep B-tree inserts local (see architecture.md: ~5x faster inserts into an
encrypted store than random UUIDv4 at a million rows).
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def new_id() -> str:
    """Return a new UUIDv7 as a string; monotonic within this process."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter > 0xFFF:  # 12-bit sequence exhausted: borrow the next millisecond
                ms += 1
                _counter = 0
        else:
            _counter = 0
        _last_ms = ms
        rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= _counter << 64
        value |= 0b10 << 62
        value |= rand
        return str(uuid.UUID(int=value))


def is_valid_id(text: object) -> bool:
    """True if *text* is a UUID in its one canonical form: lower-case, hyphenated, 36 characters.

    Ids are compared as text everywhere (keys, joins, JSON), so ``"0190A..."`` and ``"0190a..."``
    would be two records; the upper-case, braced, ``urn:uuid:`` and hyphen-less spellings are
    therefore not ids. Text from outside the wire format (a URL path) goes through
    :func:`canonical_id` first.
    """
    if not isinstance(text, str) or len(text) != 36:
        return False
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def canonical_id(text: object) -> str | None:
    """The canonical form of a hyphenated UUID written in any letter case, else None.

    For ids typed or pasted by people and URL path parameters; the sync wire format itself
    accepts only the canonical form (:func:`is_valid_id`).
    """
    if not isinstance(text, str) or len(text) != 36 or not text.isascii():
        return None
    lower = text.lower()
    return lower if is_valid_id(lower) else None


# --- issue 20: group sessions ---
# Records of a group session get ids from what they are, not from when and where they were
# made: two facilitators who record the same session offline on two laptops write the same
# records, and the server merges them field by field instead of keeping two sessions (and two
# consultations in every participant's file).
GROUP_NS = uuid.UUID("6f1c2a9e-4b7d-5e3a-9c1f-20a6d3e8b451")


def _named(text: str) -> str:
    return str(uuid.uuid5(GROUP_NS, text))


def series_id(unit: str, location: str, first_start: str, topic: str) -> str:
    """The id of a series of group sessions: its unit, place, first start (UTC ISO text) and
    topic, as a one-off session's id is made (:func:`group_session_id`)."""
    return _named(f"group_series:{unit}:{location}:{first_start[:10]}:{first_start[11:16]}:{topic}")


def group_session_id(
    *,
    series: str | None,
    series_no: int,
    unit: str,
    location: str,
    starts_at: str,
    topic: str,
) -> str:
    """A session of a series: its series and number; a one-off session: unit, place, day,
    time of day (of *starts_at*, UTC ISO text) and topic."""
    if series:
        return _named(f"group_session:{series}:{series_no}")
    return _named(f"group_session:{unit}:{location}:{starts_at[:10]}:{starts_at[11:16]}:{topic}")


def attendance_id(session_id: str, client_id: str) -> str:
    return _named(f"attendance:{session_id}:{client_id}")


def group_consultation_id(session_id: str, client_id: str, round_: int = 0) -> str:
    """The consultation a session writes into a participant's file. *round_* counts how often
    the participant's consultation was withdrawn (marked absent after being present): a
    withdrawn consultation is a tombstone whose id is taken for good."""
    suffix = f":{round_}" if round_ else ""
    return _named(f"group_consultation:{session_id}:{client_id}{suffix}")


# How many times a participant's group consultation may be withdrawn and written again
# (desktop.store.groups tries as many rounds).
MAX_ROUNDS = 20


def made_from(kind: str, record_id: str, fields: dict[str, object]) -> bool:
    """Whether a record's name-based id (UUID version 5) is the one its fields give: a one-off
    session's from its unit, place, start and topic, a series session's from its series and
    number, an attendance's and a group consultation's from their session and person. Another
    unit could otherwise take such an id first -- a session under the facilitator's id but
    its own unit, or a deletion that leaves a tombstone under it -- and the facilitator could
    never record the session. Time-ordered ids (version 7) and other kinds pass."""
    try:
        version = uuid.UUID(record_id).version
    except (ValueError, TypeError, AttributeError):
        return True
    if version != 5 or kind not in ("group_session", "attendance", "consultation"):
        return True

    def text(name: str) -> str:
        value = fields.get(name)
        return value if isinstance(value, str) else ""

    if kind == "group_session":
        number = fields.get("series_no", 1)
        number = number if isinstance(number, int) else 1
        series = text("series_id") or None
        if series is not None and number == 1:
            # The first session names the series: its unit, place, start and topic give it
            # (a later session is held to the first one's unit: sync_server.service).
            unit, location, topic = text("unit"), text("location"), text("topic")
            if series != series_id(unit, location, text("starts_at"), topic):
                return False
        return record_id == group_session_id(
            series=series,
            series_no=number,
            unit=text("unit"),
            location=text("location"),
            starts_at=text("starts_at"),
            topic=text("topic"),
        )
    if kind == "attendance":
        return record_id == attendance_id(text("session_id"), text("client_id"))
    session, client = text("group_session_id"), text("client_id")
    return bool(session) and any(
        record_id == group_consultation_id(session, client, n) for n in range(MAX_ROUNDS)
    )


def first_of_series(series: str) -> str:
    """The id of the first session of the series *series*."""
    return _named(f"group_session:{series}:1")
