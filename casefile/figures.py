"""What the server's reports and the laptop's local counts share (docs/reports.md).

One definition of each dimension value that is worked out rather than stored, so the county's
figures and a laptop's offline counts group the same consultation the same way.
"""

from __future__ import annotations

from casefile import catalogs

NO_TOPIC = "-"  # the topic code of a consultation without topics ("ohne Thema")
PLACE_CODES = ("office", "decentral", "outreach", "phone", "other")
_BY_LOCATION_KIND = {
    "office": "office",
    "decentral": "decentral",
    "shelter": "outreach",
    "outreach": "outreach",
    "phone": "phone",
    "video": "phone",
}


def place_of(kind: str, location: str) -> str:
    """The ``place`` of a consultation: outreach and phone by its kind, wherever it was
    recorded from; else by the ``kind`` of its location in the location catalog (office;
    decentral; shelter and outreach -> outreach; phone and video -> phone); else ``other``."""
    if kind in ("outreach", "phone"):
        return kind
    entry = catalogs.load("location").get(location) if location else None
    where = entry.extra.get("kind") if entry is not None else None
    return _BY_LOCATION_KIND.get(str(where), "other")


def quarter_code(year: int, month: int) -> str:
    return f"{year:04d}-Q{(month + 2) // 3}"
