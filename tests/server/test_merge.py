"""casefile.sync: the op checks and the merge rules per record kind (pure, no server)."""

import itertools

import pytest

from casefile import sync
from casefile.hlc import Timestamp
from casefile.ids import new_id
from casefile.sync import Op, ProtocolError, RecordState, check_op, clamp, merge

MIN = 60_000
T0 = 1_800_000_000_000  # a fixed wall time (ms) so the tests never depend on "now"


def ts(ms: int, node: str = "dev-a", counter: int = 0) -> str:
    return Timestamp(ms, counter, node).encode()


def create(
    kind: str, fields: dict, at: str, record_id: str | None = None
) -> tuple[str, RecordState]:
    rid = record_id or new_id()
    m = merge(kind, RecordState(exists=False), Op(new_id(), kind, rid, "create", at, fields))
    assert m.status == sync.APPLIED and m.changed
    return rid, m.state


def update(kind: str, rid: str, fields: dict, at: str, base: dict | None = None) -> Op:
    return Op(new_id(), kind, rid, "update", at, fields, base if base is not None else {})


CLIENT = {
    "family_name": "Kovalenko",
    "given_names": "Olena",
    "phone": "0151 1",
    "birth_date": "1985-03-12",
}


def test_different_fields_of_one_client_both_survive():
    rid, s0 = create("client", CLIENT, ts(T0))
    a = update("client", rid, {"phone": "0151 2"}, ts(T0 + MIN, "dev-a"), {"phone": ts(T0)})
    b = update(
        "client",
        rid,
        {"family_name": "Kowalenko"},
        ts(T0 + 2 * MIN, "dev-b"),
        {"family_name": ts(T0)},
    )
    for first, second in ((a, b), (b, a)):
        m1 = merge("client", s0, first)
        m2 = merge("client", m1.state, second)
        assert m2.status == sync.APPLIED and not m1.conflicts and not m2.conflicts
        assert m2.state.fields["phone"] == "0151 2"
        assert m2.state.fields["family_name"] == "Kowalenko"


def test_same_identity_field_from_same_base_keeps_a_deterministic_winner_and_a_conflict():
    rid, s0 = create("client", CLIENT, ts(T0))
    a = update(
        "client", rid, {"family_name": "Kowalenko"}, ts(T0 + MIN, "dev-a"), {"family_name": ts(T0)}
    )
    b = update(
        "client",
        rid,
        {"family_name": "Kovalenko-Schmidt"},
        ts(T0 + 2 * MIN, "dev-b"),
        {"family_name": ts(T0)},
    )
    outcomes = []
    for first, second in ((a, b), (b, a)):
        m1 = merge("client", s0, first)
        m2 = merge("client", m1.state, second)
        conflicts = m1.conflicts + m2.conflicts
        assert len(conflicts) == 1 and conflicts[0].needs_person
        c = conflicts[0]
        assert {c.value, c.winner_value} == {"Kowalenko", "Kovalenko-Schmidt"}
        assert sync.CONFLICT in (m1.status, m2.status)
        outcomes.append((m2.state.fields["family_name"], c.winner_value, c.value))
    # The later HLC wins whichever push arrives first.
    assert outcomes[0] == outcomes[1] == ("Kovalenko-Schmidt", "Kovalenko-Schmidt", "Kowalenko")


def test_contact_field_later_clock_wins_and_the_loser_goes_to_history():
    rid, s0 = create("client", CLIENT, ts(T0))
    early = update("client", rid, {"phone": "0151 early"}, ts(T0 + MIN, "dev-a"), {"phone": ts(T0)})
    late = update(
        "client", rid, {"phone": "0151 late"}, ts(T0 + 2 * MIN, "dev-b"), {"phone": ts(T0)}
    )
    for first, second in ((early, late), (late, early)):
        m1 = merge("client", s0, first)
        m2 = merge("client", m1.state, second)
        assert m2.state.fields["phone"] == "0151 late"
        history = m1.conflicts + m2.conflicts
        assert len(history) == 1
        assert history[0].value == "0151 early" and not history[0].needs_person
        assert m1.status == m2.status == sync.APPLIED


def test_consultation_update_is_rejected_and_a_duplicate_create_changes_nothing():
    fields = {"client_id": new_id(), "note": "Erstberatung", "unit": "integration"}
    rid, s0 = create("consultation", fields, ts(T0))
    m = merge(
        "consultation", s0, update("consultation", rid, {"note": "überschrieben"}, ts(T0 + MIN))
    )
    assert m.status == sync.REJECTED and m.reason == "append_only"
    assert m.state.fields["note"] == "Erstberatung"
    again = merge(
        "consultation", s0, Op(new_id(), "consultation", rid, "create", ts(T0 + MIN), fields)
    )
    assert again.status == sync.APPLIED and not again.changed
    other = merge(
        "consultation",
        s0,
        Op(new_id(), "consultation", rid, "create", ts(T0 + MIN), {**fields, "note": "anders"}),
    )
    assert other.status == sync.REJECTED and other.reason == "append_only"


def test_a_tombstone_is_never_resurrected():
    rid, s0 = create("client", CLIENT, ts(T0))
    gone = merge("client", s0, Op(new_id(), "client", rid, "delete", ts(T0 + MIN)))
    assert gone.state.deleted and gone.changed
    # An offline edit made *later* than the deletion still does not bring it back.
    edit = merge(
        "client",
        gone.state,
        update("client", rid, {"phone": "1"}, ts(T0 + 9 * MIN), {"phone": ts(T0)}),
    )
    assert edit.status == sync.REJECTED and edit.reason == "deleted" and edit.state.deleted
    recreate = merge(
        "client", gone.state, Op(new_id(), "client", rid, "create", ts(T0 + 9 * MIN), CLIENT)
    )
    assert recreate.status == sync.REJECTED and recreate.state.deleted
    twice = merge("client", gone.state, Op(new_id(), "client", rid, "delete", ts(T0 + 9 * MIN)))
    assert twice.status == sync.APPLIED and not twice.changed


def test_referral_status_never_goes_back():
    rid, s0 = create("referral", {"client_id": new_id(), "status": "proposed"}, ts(T0))
    s1 = merge(
        "referral",
        s0,
        update("referral", rid, {"status": "accepted"}, ts(T0 + MIN), {"status": ts(T0)}),
    ).state
    # A later, concurrent edit back to "sent" loses to the further status.
    back = merge(
        "referral",
        s1,
        update("referral", rid, {"status": "sent"}, ts(T0 + 5 * MIN, "dev-b"), {"status": ts(T0)}),
    )
    assert back.state.fields["status"] == "accepted"
    assert back.conflicts[0].value == "sent" and not back.conflicts[0].needs_person
    # An earlier but further status wins over a later, smaller one.
    fwd = merge(
        "referral",
        s1,
        update("referral", rid, {"status": "attended"}, ts(T0 - MIN, "dev-c"), {"status": ts(T0)}),
    )
    assert fwd.state.fields["status"] == "attended"
    assert fwd.state.clocks["status"] > s1.clocks["status"]
    cancelled = merge(
        "referral", fwd.state, update("referral", rid, {"status": "cancelled"}, ts(T0 + 6 * MIN))
    )
    again = merge(
        "referral",
        cancelled.state,
        update(
            "referral",
            rid,
            {"status": "attended"},
            ts(T0 + 7 * MIN),
            {"status": cancelled.state.clocks["status"]},
        ),
    )
    assert again.state.fields["status"] == "cancelled"


def test_task_done_wins_over_a_concurrent_reopen_but_an_explicit_reopen_applies():
    rid, s0 = create("task", {"client_id": new_id(), "done": False, "done_at": None}, ts(T0))
    done = update(
        "task",
        rid,
        {"done": True, "done_at": "2027-01-15T10:00:00+00:00"},
        ts(T0 + MIN, "dev-a"),
        {"done": ts(T0), "done_at": ts(T0)},
    )
    s1 = merge("task", s0, done).state
    # dev-b had seen the task done (at T0) before... no: it re-opens based on the old state.
    reopen = update(
        "task",
        rid,
        {"done": False, "done_at": None},
        ts(T0 + 5 * MIN, "dev-b"),
        {"done": ts(T0), "done_at": ts(T0)},
    )
    m = merge("task", s1, reopen)
    assert m.state.fields["done"] is True and m.state.fields["done_at"]
    assert {c.field for c in m.conflicts} == {"done", "done_at"}
    # Order reversed: the reopen (a no-op on an open task) first, then the done arrives.
    m2 = merge("task", merge("task", s0, reopen).state, done)
    assert m2.state.fields["done"] is True and m2.state.fields["done_at"]
    # Re-opening based on the done state is an explicit act and applies.
    explicit = update(
        "task",
        rid,
        {"done": False, "done_at": None},
        ts(T0 + 9 * MIN, "dev-b"),
        {"done": s1.clocks["done"], "done_at": s1.clocks["done_at"]},
    )
    m3 = merge("task", s1, explicit)
    assert m3.state.fields["done"] is False and not m3.conflicts


def test_clock_six_hours_fast_is_clamped_and_flagged_and_a_later_edit_still_wins():
    now = T0
    rid, s0 = create("client", CLIENT, ts(now - 60 * MIN))
    fast = ts(now + 6 * 60 * MIN, "dev-fast")
    hlc, clamped = clamp(fast, now)
    assert clamped and Timestamp.decode(hlc).wall_ms == now
    op = update("client", rid, {"phone": "0151 fast"}, fast, {"phone": ts(now - 60 * MIN)})
    m1 = merge(
        "client", s0, Op(op.op_id, op.kind, rid, op.op, hlc, op.fields, op.base), sent_hlc=fast
    )
    assert m1.state.fields["phone"] == "0151 fast"
    honest = update(
        "client",
        rid,
        {"phone": "0151 honest"},
        ts(now + 10 * MIN, "dev-b"),
        {"phone": ts(now - 60 * MIN)},
    )
    m2 = merge("client", m1.state, honest)
    assert m2.state.fields["phone"] == "0151 honest"
    assert m2.conflicts[0].value == "0151 fast" and not m2.conflicts[0].needs_person
    assert clamp(ts(now + MIN), now) == (ts(now + MIN), False)


def test_a_fast_devices_op_is_placed_back_by_the_offset_it_reported():
    now, six = T0, 6 * 60 * MIN
    made = ts(now - 2 * 60 * MIN + six, "dev-fast")  # made two hours ago, on a clock 6 h fast
    hlc, clamped = clamp(made, now, device_offset_ms=six)
    assert clamped and Timestamp.decode(hlc).wall_ms == now - 2 * 60 * MIN
    # Never later than the server's now, whatever the device reports ...
    hlc, _ = clamp(ts(now + six, "dev-fast"), now, device_offset_ms=MIN // 2)
    assert Timestamp.decode(hlc).wall_ms == now
    # ... and an op within the tolerance is left alone even from a device reporting an offset.
    assert clamp(ts(now + MIN), now, device_offset_ms=six) == (ts(now + MIN), False)


def test_a_fast_device_editing_the_same_field_twice_is_not_in_conflict_with_itself():
    now = T0
    rid, s0 = create("client", CLIENT, ts(now - MIN))
    first_sent = ts(now + 6 * 60 * MIN, "dev-fast")
    second_sent = ts(now + 6 * 60 * MIN + 5, "dev-fast")
    first = update(
        "client",
        rid,
        {"family_name": "A"},
        clamp(first_sent, now)[0],
        {"family_name": ts(now - MIN)},
    )
    s1 = merge("client", s0, first, sent_hlc=first_sent).state
    second = update(
        "client", rid, {"family_name": "B"}, clamp(second_sent, now)[0], {"family_name": first_sent}
    )
    m = merge("client", s1, second, sent_hlc=second_sent)
    assert m.state.fields["family_name"] == "B" and not m.conflicts


def test_an_update_without_base_never_overwrites_a_later_value_silently():
    rid, s0 = create("client", CLIENT, ts(T0))
    newer = merge(
        "client", s0, update("client", rid, {"phone": "new"}, ts(T0 + 5 * MIN), {"phone": ts(T0)})
    ).state
    stale = merge("client", newer, update("client", rid, {"phone": "stale"}, ts(T0 + MIN, "dev-b")))
    assert stale.state.fields["phone"] == "new"
    assert stale.conflicts[0].value == "stale"
    later = merge(
        "client", newer, update("client", rid, {"phone": "later"}, ts(T0 + 9 * MIN, "dev-b"))
    )
    assert later.state.fields["phone"] == "later"
    assert later.conflicts[0].value == "new" and not later.conflicts[0].needs_person


def test_every_applied_value_moves_the_clock_forward():
    rid, s0 = create("referral", {"client_id": new_id(), "status": "sent"}, ts(T0 + 9 * MIN))
    # Applies by rule (further status) although its clock is older: the stored clock still
    # moves past the old one, so an edit based on the old value is seen as concurrent.
    m = merge(
        "referral",
        s0,
        update(
            "referral", rid, {"status": "accepted"}, ts(T0, "dev-b"), {"status": ts(T0 + 9 * MIN)}
        ),
    )
    assert m.state.clocks["status"] > s0.clocks["status"]


def test_merge_is_order_independent_for_identity_conflicts_on_three_devices():
    rid, s0 = create("client", CLIENT, ts(T0))
    ops = [
        update(
            "client",
            rid,
            {"given_names": name},
            ts(T0 + i * MIN, f"dev-{i}"),
            {"given_names": ts(T0)},
        )
        for i, name in enumerate(["Olena", "Alena", "Helena"], 1)
    ]
    finals = set()
    for order in itertools.permutations(ops):
        state = s0
        for op in order:
            state = merge("client", state, op).state
        finals.add(state.fields["given_names"])
    assert finals == {"Helena"}


@pytest.mark.parametrize(
    "mutate, reason",
    [
        (lambda d: d.update(kind="spaceship"), "unknown_kind"),
        (lambda d: d.update(op="upsert"), "unknown_operation"),
        (lambda d: d.update(record_id="42"), "invalid_id"),
        (lambda d: d.update(op_id=""), "invalid_id"),
        (lambda d: d.update(hlc="yesterday"), "invalid_clock"),
        (lambda d: d.update(hlc="5-0-dev"), "invalid_clock"),  # not canonical: wrong order
        (lambda d: d["fields"].update(shoe_size=42), "unknown_fields"),
        (lambda d: d["fields"].update(id=new_id()), "id_mismatch"),
        (lambda d: d["fields"].update(phone="x" * (sync.MAX_TEXT + 1)), "invalid_value"),
        (lambda d: d["fields"].update(phone=float("nan")), "invalid_value"),
        (lambda d: d["fields"].update(phone=2**70), "invalid_value"),
        (lambda d: d.update(fields=["not", "an", "object"]), "malformed_operation"),
        (lambda d: d.update(base={"phone": "noon"}), "invalid_clock"),
    ],
)
def test_check_op_names_the_reason(mutate, reason):
    d = {
        "op_id": new_id(),
        "kind": "client",
        "record_id": new_id(),
        "op": "update",
        "hlc": ts(T0),
        "fields": {"phone": "1"},
        "base": {},
    }
    mutate(d)
    with pytest.raises(ProtocolError) as err:
        check_op(Op.from_dict(d))
    assert err.value.reason == reason


def test_check_op_of_field_values_per_kind():
    client_id = new_id()
    bad = [
        Op(
            new_id(),
            "referral",
            new_id(),
            "create",
            ts(T0),
            {"client_id": client_id, "status": "lost"},
        ),
        Op(new_id(), "task", new_id(), "create", ts(T0), {"client_id": client_id, "done": "yes"}),
        Op(new_id(), "consultation", new_id(), "create", ts(T0), {"client_id": "nobody"}),
        Op(new_id(), "consultation", new_id(), "create", ts(T0), {"note": "no client"}),
    ]
    for op in bad:
        with pytest.raises(ProtocolError):
            check_op(op)
    check_op(Op(new_id(), "task", new_id(), "create", ts(T0), {"client_id": client_id, "done": 0}))


def test_op_and_result_round_trip_their_wire_dicts():
    op = Op(new_id(), "client", new_id(), "update", ts(T0), {"phone": "1"}, {"phone": None})
    assert Op.from_dict({**op.to_dict(), "future_key": 1}) == op
    with pytest.raises(ProtocolError):
        Op.from_dict({"op_id": "x"})
    result = sync.OpResult(
        op.op_id,
        sync.CONFLICT,
        op.record_id,
        conflicts=[sync.Conflict("phone", "a", ts(T0), "b", ts(T0 + 1), True, "c1")],
    )
    assert sync.OpResult.from_dict(result.to_dict()) == result
    assert set(sync.REASONS) >= {"deleted", "append_only", "unknown_kind", "invalid_value"}
