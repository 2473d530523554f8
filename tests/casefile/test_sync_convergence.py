"""Property test of the merge rules: random edits on three devices, random sync order, lost
responses and crashed pulls, skewed clocks. After everyone syncs, every replica holds the
server's data, and every edit a device made is either in the data or kept as a conflict.

This models the star topology at the level of casefile.sync (server = merge + sequence log);
the same scenarios over real HTTP and real stores live in tests/desktop/test_sync_*.py.
"""

from __future__ import annotations

import dataclasses
import itertools
import os

from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from casefile.hlc import Clock
from casefile.sync import APPLIED, CONFLICT, Op, RecordState, clamp, merge

RECORDS = [("client", f"c{i}") for i in range(3)] + [("task", "t0")]
FIELDS = {"client": ["family_name", "given_names", "phone"], "task": ["text", "done", "due_date"]}
VALUES = ["A", "B", "C", True, False]
_ids = itertools.count()


class Server:
    def __init__(self):
        self.records: dict[tuple, RecordState] = {}
        self.log: list[tuple] = []  # seq - 1 -> record key
        self.results: dict[str, str] = {}  # op_id -> status (idempotent replay)
        self.kept: list[tuple] = []  # every value that lost, with its op

    def push(self, ops: list[Op]) -> dict[str, tuple[str, RecordState | None]]:
        """Per op its status and the record's state after it (as OpResult.record)."""
        out = {}
        for op in ops:
            key = (op.kind, op.record_id)
            if op.op_id in self.results:
                out[op.op_id] = (self.results[op.op_id], self.records.get(key))
                continue
            current = self.records.get(key, RecordState(exists=False))
            hlc, _clamped = clamp(op.hlc, Device.now)
            m = merge(op.kind, current, dataclasses.replace(op, hlc=hlc))
            self.kept += [(key, c.field, c.value) for c in m.conflicts]
            # A value replaced by an edit that was based on it is history, not a loss.
            self.kept += [
                (key, f, v)
                for f, v in current.fields.items()
                if m.state.fields.get(f) != v
                and (
                    op.base.get(f) == current.clocks.get(f)
                    or Device.replaced.get((op.op_id, f)) == v
                )
            ]
            if m.changed or not current.exists:
                self.records[key] = m.state
                self.log.append(key)
            self.results[op.op_id] = m.status
            out[op.op_id] = (m.status, self.records.get(key))
        return out

    def pull(self, cursor: int):
        return [
            (seq, key, self.records[key]) for seq, key in enumerate(self.log[cursor:], cursor + 1)
        ]


class Device:
    def __init__(self, name: str, skew_ms: int):
        self.clock = Clock(name, wall=lambda: Device.now + skew_ms)
        self.state: dict[tuple, RecordState] = {}
        self.outbox: list[Op] = []
        self.cursor = 0
        self.made: list[tuple] = []  # (key, field, value) of every edit

    now = 1_700_000_000_000
    replaced: dict = {}  # (op_id, field) -> the value the device saw before its edit

    def edit(self, key, field, value) -> None:
        kind, rid = key
        local = self.state.get(key)
        hlc = self.clock.now().encode()
        if local is None:
            op = Op(f"op{next(_ids)}", kind, rid, "create", hlc, {field: value})
            self.state[key] = RecordState({field: value}, {field: hlc})
        else:
            op = Op(
                f"op{next(_ids)}",
                kind,
                rid,
                "update",
                hlc,
                {field: value},
                {field: local.clocks.get(field)},
            )
            Device.replaced[(op.op_id, field)] = local.fields.get(field)
            local.fields[field] = value
            local.clocks[field] = hlc
        self.outbox.append(op)
        self.made.append((key, field, value))

    def push(self, server: Server, lose_response: bool) -> None:
        answers = server.push(self.outbox)
        if lose_response:
            return
        acked, self.outbox = self.outbox, []
        for op in acked:  # the server's word replaces the optimistic local copy
            _status, remote = answers[op.op_id]
            if remote is not None:
                self.state[(op.kind, op.record_id)] = RecordState(
                    dict(remote.fields), dict(remote.clocks), remote.deleted
                )

    def pull(self, server: Server, crash_after: int | None) -> None:
        changes = server.pull(self.cursor)
        if crash_after is not None:
            changes = changes[:crash_after]
            # the local transaction never commits: neither state nor cursor change
            return
        for seq, key, remote in changes:
            from casefile.hlc import Timestamp

            for hlc in remote.clocks.values():
                self.clock.observe(Timestamp.decode(hlc))
            state = RecordState(dict(remote.fields), dict(remote.clocks), remote.deleted)
            for op in self.outbox:  # read-your-writes: pending edits stay on top
                if (op.kind, op.record_id) == key:
                    state.fields.update(op.fields)
                    state.clocks.update({f: op.hlc for f in op.fields})
            self.state[key] = state
            self.cursor = seq


class Convergence(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.server = Server()
        self.devices = [
            Device("dev-a", 0),
            Device("dev-b", 6 * 3600 * 1000),
            Device("dev-c", -90_000),
        ]

    @rule(
        d=st.integers(0, 2),
        r=st.sampled_from(RECORDS),
        f=st.integers(0, 2),
        v=st.sampled_from(VALUES),
    )
    def edit(self, d, r, f, v):
        self.devices[d].edit(r, FIELDS[r[0]][f], v)

    @rule(d=st.integers(0, 2), lose=st.booleans())
    def push(self, d, lose):
        self.devices[d].push(self.server, lose)

    @rule(d=st.integers(0, 2), crash=st.one_of(st.none(), st.integers(0, 3)))
    def pull(self, d, crash):
        self.devices[d].pull(self.server, crash)

    @rule(ms=st.integers(1, 120_000))
    def time_passes(self, ms):
        Device.now += ms

    @invariant()
    def server_results_are_known_statuses(self):
        assert set(self.server.results.values()) <= {APPLIED, CONFLICT, "rejected"}

    def teardown(self):
        for dev in self.devices:
            dev.push(self.server, lose_response=False)
        for dev in self.devices:
            dev.pull(self.server, None)
        for dev in self.devices:
            for key, remote in self.server.records.items():
                assert dev.state[key].fields == remote.fields, (dev.clock.node, key)
        present = {(k, f, v) for k, s in self.server.records.items() for f, v in s.fields.items()}
        kept = set(self.server.kept)
        for dev in self.devices:
            for edit in dev.made:
                assert edit in present or edit in kept, f"edit lost: {edit}"


Convergence.TestCase.settings = settings(
    max_examples=int(os.environ.get("MIA_HYPOTHESIS_EXAMPLES", "150")),
    stateful_step_count=40,
    deadline=None,
)
TestConvergence = Convergence.TestCase
