"""First sync by snapshot: what a new laptop may hold, in large chunks up to a fixed cursor.

A new laptop does not need the history of two million changes, only the current state of what
it may see. ``GET /sync/snapshot`` answers it in chunks of records with ``seq`` in
``(after, top]`` -- ``top`` is the server's last sequence number when the first chunk was asked
for, and the laptop sends it back with every later chunk -- then the laptop continues with the
ordinary pull from cursor ``top``.

Why this is the same data as a pull from 0 (docs/sync-protocol.md, "First sync by snapshot"):
every record is stored once, under the number of its last change, so the records with
``seq <= top`` are each record's latest state as of ``top``, except those changed since, whose
number is now above ``top``: the pull from ``top`` brings them. A chunk needs no snapshot
isolation across chunks for the same reason, and a broken-off snapshot resumes after the last
chunk it stored. The same read gate as the pull decides what is sent
(:meth:`sync_server.access.Policy.visible_to`), and what is sent is audited per client as a
pull page is.

The server does for the laptop what a laptop would do with every record: the field clocks go
out packed as the laptop stores them (:func:`casefile.clocks.pack_clocks`), and the chunk
names its latest clock.

What is left out compared with a pull from 0: tombstones -- a new laptop holds nothing to
delete -- except those of merged-away clients, whose redirect the laptop keeps (an old id
resolves to its survivor). The records go out as compact arrays
``[kind, id, client_id, fields, hlc, other_clocks, deleted]`` whose fields are the stored JSON
text passed through without a parse.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import false, or_, select

from casefile.clocks import pack_clocks
from sync_server import audit, schema as t
from sync_server.auth import Device
from sync_server.db import plain_rows, utcnow
from sync_server.errors import ApiError

CHUNK = 10_000  # records per chunk when the laptop asks none
MAX_CHUNK = 50_000


def pack_for_laptop(kind: str, clocks: str) -> tuple[str, str | None, str]:
    """A stored record's field clocks (JSON text) as the laptop keeps them
    (:func:`casefile.clocks.pack_clocks`, without the server's own ``_`` marks), and the
    latest of them ("" for none)."""
    times = orjson.loads(clocks)
    if '"_' in clocks and any(k[:1] == "_" for k in times):
        times = {k: v for k, v in times.items() if k[:1] != "_"}  # server-side marks
    hlc, extra = pack_clocks(kind, times)
    # No other time than the common one (a record written once: nearly all, two million in a
    # first sync): that is the latest, without a pass over the fields.
    return hlc, extra, hlc if extra is None else max(times.values(), default="")


def chunk(
    service: Any,
    device: Device,
    after: int,
    top: int | None,
    limit: int | None,
    epoch: str | None,
    audit_later: list | None = None,
) -> bytes:
    """One chunk as the JSON text of the answer (see the module docstring)."""
    limit = max(1, min(limit or CHUNK, MAX_CHUNK))
    budget = service.settings.max_page_bytes
    r = t.records
    with service.db.reader.connect() as conn:
        server_epoch, last = service.read_start(conn, epoch, max(after, top or 0))
        top = last if top is None else top
        if after > top:
            raise ApiError(409, "cursor_ahead", {"epoch": server_epoch, "cursor": after})
        rows = plain_rows(
            conn.execute(
                select(
                    r.c.seq, r.c.kind, r.c.id, r.c.client_id, r.c.fields, r.c.clocks, r.c.deleted
                )
                .where(
                    r.c.seq > after,
                    r.c.seq <= top,
                    or_(r.c.deleted == false(), r.c.kind == "client"),
                    service.policy.visible_to(device, r),
                )
                .order_by(r.c.seq)
                .limit(limit + 1)
            )
        )
    more = len(rows) > limit
    rows = rows[:limit]
    records: list[list[Any]] = []
    sent: list[tuple[str, str | None]] = []
    size = 0
    reached = after
    latest = ""
    packed, fragment = pack_for_laptop, orjson.Fragment
    for seq, kind, record_id, client_id, fields, clocks, deleted in rows:
        if records and size + len(fields) + len(clocks) > budget:
            more = True
            break
        reached = seq
        if deleted and '"merged_into"' not in fields:
            continue  # the tombstone of an erased or deleted client: nothing to delete here
        size += len(fields) + len(clocks)
        hlc, extra, top_time = packed(kind, clocks)
        if top_time > latest:
            latest = top_time
        records.append([kind, record_id, client_id, fragment(fields), hlc, extra, bool(deleted)])
        sent.append((kind, client_id))
    now = utcnow()
    rows_sent = audit.sent_rows(device, sent, now)
    if audit_later is None:
        audit.log(service.db, rows_sent)
    else:
        audit_later.extend(rows_sent)
    return orjson.dumps(
        {
            "top": top,
            "next": reached if more else top,
            "done": not more,
            "epoch": server_epoch,
            "scope": service.policy.scope(device),
            "server_time": now,
            "max_clock": latest,
            "records": records,
        }
    )
