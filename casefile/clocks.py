"""The packed form of a record's field clocks, as a laptop stores them (``record_clock``) and
as a first sync by snapshot sends them (``sync_server.snapshot``): the time most fields share,
and a JSON text of the fields whose time differs (None when all share it).

A record written once -- nearly all -- has one time for every field: it packs to that time and
None, a few bytes instead of a dozen field names with the same 30-character time each.
"""

from __future__ import annotations

import orjson

from casefile.sync import KIND_FIELDS


def pack_clocks(kind: str, clocks: dict[str, str | None]) -> tuple[str, str | None]:
    """(common time, JSON of the fields whose time differs) -- see ``schema.record_clock``.

    A field of the kind without a time is listed as null ("never written"), so unpacking gives
    back exactly the fields that have a time.
    """
    values = set(clocks.values())
    known = KIND_FIELDS.get(kind, frozenset())
    if len(values) == 1 and clocks.keys() == known:
        # The common case (a record written once): every field of the kind, one time.
        common = next(iter(values))
        if common:
            return common, None
    times = {v for v in values if v}  # without None and ""
    if len(times) == 1:
        common = next(iter(times))
    elif times:
        counts: dict[str, int] = {}
        for c in clocks.values():
            if c:
                counts[c] = counts.get(c, 0) + 1
        common = max(counts, key=lambda c: (counts[c], c))
    else:
        common = ""
    # Fields the kind does not know (a newer server) are always listed: unpacking only
    # fills in the kind's own fields from the common time.
    extra = {
        f: clocks.get(f) for f in known | clocks.keys() if clocks.get(f) != common or f not in known
    }
    return common, (orjson.dumps(extra, option=orjson.OPT_SORT_KEYS).decode() if extra else None)


def unpack_clocks(kind: str, hlc: str, extra: str | None) -> dict[str, str]:
    """The field -> time map of one ``record_clock`` row (fields never written are absent)."""
    listed = orjson.loads(extra) if extra else {}
    out = {}
    for name in KIND_FIELDS.get(kind, frozenset()) | listed.keys():
        clock = listed.get(name, hlc)
        if clock:
            out[name] = clock
    return out
