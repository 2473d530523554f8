"""casefile.sync.check_op: text a database cannot store and non-canonical ids reject the op
alone (issue 13: NUL on PostgreSQL, lone surrogates, upper-case UUIDs as other ids)."""

from __future__ import annotations

import uuid

import pytest

from casefile.hlc import Timestamp
from casefile.ids import canonical_id, is_valid_id, new_id
from casefile.sync import MAX_OP_ID, Op, ProtocolError, check_op

T0 = 1_800_000_000_000
NODE = new_id()
CLIENT = new_id()


def ts(node: str = NODE) -> str:
    return Timestamp(T0, 0, node).encode()


def op(**changes) -> dict:
    d = {
        "op_id": new_id(),
        "kind": "task",
        "record_id": new_id(),
        "op": "update",
        "hlc": ts(),
        "fields": {"text": "Unterlagen nachreichen", "client_id": CLIENT},
        "base": {"text": ts(), "client_id": None},
    }
    d.update(changes)
    return d


def reason_of(d: dict) -> tuple[str, str]:
    with pytest.raises(ProtocolError) as err:
        check_op(Op.from_dict(d))
    detail = err.value.detail
    assert "\x00" not in detail and not any("\ud800" <= ch <= "\udfff" for ch in detail)
    return err.value.reason, detail


def test_a_plain_op_passes():
    check_op(Op.from_dict(op()))
    check_op(Op.from_dict(op(fields={"text": "Termin 😀 – Übersetzung ✓", "client_id": CLIENT})))


@pytest.mark.parametrize("bad", ["a\x00b", "\x00", "x\ud800", "\udfff", "\udbff\udc00"])
def test_unstorable_text_in_a_value_is_an_invalid_value(bad):
    assert reason_of(op(fields={"text": bad})) == ("invalid_value", "text")
    assert (
        reason_of(op(kind="consultation", fields={"topics": ["housing", bad]}))[0]
        == "invalid_value"
    )
    assert (
        reason_of(op(kind="consultation", fields={"note": {"nested": [bad]}}))[0] == "invalid_value"
    )
    assert reason_of(op(kind="consultation", fields={"note": {bad: 1}}))[0] == "invalid_value"


@pytest.mark.parametrize("bad", ["a\x00b", "x\ud800"])
def test_unstorable_text_in_ids_clocks_and_names(bad):
    assert reason_of(op(op_id=bad)) == ("invalid_id", "op_id")
    assert reason_of(op(record_id=bad)) == ("invalid_id", "record_id")
    assert reason_of(op(hlc=ts(node=bad)))[0] == "invalid_clock"
    assert reason_of(op(base={bad: ts()})) == ("invalid_value", "base")
    assert reason_of(op(base={"text": ts(node=bad)}))[0] == "invalid_clock"
    assert reason_of(op(kind=bad))[0] == "unknown_kind"
    assert reason_of(op(op=bad))[0] == "unknown_operation"
    assert reason_of(op(fields={bad: 1}))[0] == "unknown_fields"
    assert reason_of(op(fields={"id": bad}))[0] == "id_mismatch"


@pytest.mark.parametrize(
    "op_id, ok",
    [
        # fixed values: pytest-xdist's workers must collect the same test names
        ("01a244d3-6f2e-7002-8654-3002e5afc90d", True),  # a UUIDv7, as new_id() makes
        ("2af226091d5e4265b98577a958469a51", True),  # a UUID's hex form
        ("op-1.2:3_x", True),
        ("A" * MAX_OP_ID, True),
        ("", False),
        ("A" * (MAX_OP_ID + 1), False),
        ("op 1", False),
        ("op\n", False),
        ("öp", False),
        ("op/1", False),
        ("１２３", False),
        (17, False),
        (None, False),
    ],
)
def test_op_ids_are_short_printable_ascii(op_id, ok):
    d = op(op_id=op_id)
    if ok:
        check_op(Op.from_dict(d))
    else:
        assert reason_of(d) == ("invalid_id", "op_id")


def test_ids_must_be_canonical_lower_case_uuids():
    rid = new_id()
    for spelling in (
        rid.upper(),
        rid[:8].upper() + rid[8:],
        "{" + rid + "}",
        "urn:uuid:" + rid,
        rid.replace("-", ""),
        " " + rid,
        rid + "\n",
    ):
        assert not is_valid_id(spelling), spelling
        assert reason_of(op(record_id=spelling)) == ("invalid_id", "record_id")
        assert reason_of(op(fields={"client_id": spelling, "text": "x"})) == (
            "invalid_value",
            "client_id",
        )
    assert reason_of(op(kind="consultation", fields={"revision_of": rid.upper()})) == (
        "invalid_value",
        "revision_of",
    )
    assert is_valid_id(rid) and is_valid_id(str(uuid.uuid4()))


def test_canonical_id_for_ids_from_outside_the_wire():
    rid = new_id()
    assert canonical_id(rid) == rid
    assert canonical_id(rid.upper()) == rid
    for bad in (
        "{" + rid + "}",
        rid.replace("-", ""),
        " " + rid[1:],
        "x" * 36,
        "",
        None,
        42,
        rid[:35] + "\x00",
        rid.upper().replace("A", "\u0391"),
    ):
        assert canonical_id(bad) is None, bad


def test_ids_made_here_are_canonical():
    assert all(is_valid_id(new_id()) for _ in range(100))
