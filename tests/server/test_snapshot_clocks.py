"""A snapshot chunk's clocks (sync_server.snapshot.pack_for_laptop), checked against what the
protocol promises the laptop (docs/sync-protocol.md, "First sync by snapshot"): unpacked as the
laptop unpacks them, they are the stored field clocks without the server's own ``_`` marks and
without fields never written; and the chunk's ``max_clock`` is the latest of them."""

from __future__ import annotations

import orjson
from hypothesis import given, strategies as st

from casefile.clocks import unpack_clocks
from casefile.sync import KIND_FIELDS
from sync_server.snapshot import pack_for_laptop

KINDS = sorted(KIND_FIELDS) + ["kind_of_a_newer_server"]
TIMES = st.sampled_from(
    [
        "001796543544509-00000-server-seed",
        "001796543544509-00001-server-seed",
        "001796544256898-00009-01a24a61-c69d-7000-b34e-68fe8af30192",
        "",
    ]
)


@st.composite
def stored(draw):
    kind = draw(st.sampled_from(KINDS))
    known = sorted(KIND_FIELDS.get(kind, ()))
    if draw(st.booleans()):  # written once: every field of the kind at one time
        time = draw(TIMES)
        clocks = dict.fromkeys(known, time)
    else:
        names = draw(st.lists(st.sampled_from(known or ["x"]), unique=True))
        names += draw(st.lists(st.sampled_from(["_origin", "_merged", "field_of_later"])))
        clocks = {n: draw(TIMES) for n in names}
    order = draw(st.permutations(list(clocks)))
    return kind, {n: clocks[n] for n in order}


@given(stored())
def test_the_laptop_unpacks_the_stored_clocks_and_max_clock_is_their_latest(item):
    kind, clocks = item
    hlc, extra, latest = pack_for_laptop(kind, orjson.dumps(clocks).decode())
    own = {k: v for k, v in clocks.items() if not k.startswith("_")}
    assert unpack_clocks(kind, hlc, extra) == {k: v for k, v in own.items() if v}
    assert latest == max(own.values(), default="")
