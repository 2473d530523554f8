"""Push and pull through the HTTP API (SQLite and PostgreSQL)."""

import dataclasses
import gzip
import warnings

import orjson
import pytest
from sqlalchemy import func, select

from casefile import sync
from casefile.hlc import Timestamp
from casefile.ids import new_id
from sync_server import schema as t
from sync_server.middleware import zstd
from tests.server.helpers import valid_fields


def count(service, table) -> int:
    with service.db.reader.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


LETTERS = "abcdefghijklmnopqrstuvwxyz"  # names hold no digits (the forms' rule)


def client_fields(name="Kovalenko"):
    return valid_fields("client", family_name=name, phone="0151 1", deleted=False)


def note_fields(cid, note, **more):
    return valid_fields("consultation", cid, note=note, **more)


def test_the_test_records_are_valid_records():
    """What these tests push passes the forms' rules (casefile.wire.check_fields) as it is."""
    from casefile import wire

    cid, other = new_id(), new_id()
    for kind in (
        "client",
        "consultation",
        "task",
        "referral",
        "consent",
        "residence_status",
        "household_link",
        "client_alias",
        "client_identifier",
    ):
        fields = valid_fields(
            kind, cid, **({"other_client_id": other} if kind == "household_link" else {})
        )
        assert wire.check_fields(kind, None, fields) == [], kind
    assert wire.check_fields("client", None, client_fields()) == []


def test_push_then_pull_round_trip(make_device):
    a, b = make_device(), make_device()
    cid, kid = new_id(), new_id()
    ops = [
        a.op("client", cid, fields={"id": cid, **client_fields()}),
        a.op(
            "consultation",
            kid,
            fields=note_fields(
                cid,
                "Erstgespräch",
                topics=["language_course"],
                duration_min=30,
                caseworker="m.mueller",
            ),
        ),
    ]
    r = a.push(ops)
    assert r.status_code == 200
    body = r.json()
    assert [x["status"] for x in body["results"]] == ["applied", "applied"]
    assert [x["op_id"] for x in body["results"]] == [o["op_id"] for o in ops]
    assert body["epoch"] == a.epoch
    changes = b.pull_all()
    assert [c["id"] for c in changes] == [cid, kid]
    assert changes[0]["seq"] < changes[1]["seq"]
    client = changes[0]
    assert client["kind"] == "client" and client["client_id"] == cid and not client["deleted"]
    assert client["fields"] == client_fields()  # "id" is the record's key, not a field
    assert set(client["clocks"]) == set(client_fields())
    assert changes[1]["client_id"] == cid and changes[1]["fields"]["note"] == "Erstgespräch"
    # The author of a new consultation is the token's user, not what the device said.
    assert changes[1]["fields"]["caseworker"] == "a.schneider"


def test_a_push_brings_the_pull_page_after_it_along(make_device, service):
    """``pull`` in a push: the answer carries the page GET /sync/pull gives after the push --
    the device's own records and those of others, through the same read gate and audit."""
    a, b = make_device(), make_device()
    other = new_id()
    b.push([b.op("client", other, fields=client_fields("Nowak"))])
    cursor = a.pull(0).json()["next_cursor"]
    cid = new_id()
    c2 = new_id()
    b.push([b.op("client", c2, fields=client_fields("Sokolova"))])
    sent_before = count(service, t.audit_log)
    r = a.push(
        [a.op("client", cid, fields=client_fields())],
        pull={"cursor": cursor, "limit": 10, "since": cursor},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["results"][0]["status"] == "applied"
    page = body["pull"]
    assert page == {**a.pull(cursor, 10, since=cursor).json(), "server_time": page["server_time"]}
    assert [c["id"] for c in page["changes"]] == [c2, cid] and not page["has_more"]
    # What the page sent is in the audit log, as for a pull (written after the answer).
    assert count(service, t.audit_log) > sent_before + 1
    # A page that cannot be read here is left out; the push stands, the device pulls.
    ahead = a.push(
        [a.op("client", new_id(), fields=client_fields("Weber"))],
        pull={"cursor": page["next_cursor"] + 1000},
    ).json()
    assert ahead["results"][0]["status"] == "applied" and "pull" not in ahead
    # Without ``pull`` (an older laptop) the answer is as before.
    assert "pull" not in a.push([a.op("client", new_id(), fields=client_fields("Kraus"))]).json()


def test_a_replayed_push_returns_the_stored_results_and_applies_nothing_twice(make_device, service):
    a = make_device()
    cid = new_id()
    ops = [
        a.op("client", cid, fields=client_fields()),
        a.op("consultation", new_id(), fields=note_fields(cid, "nur einmal")),
        a.op("spaceship", new_id(), fields={}),
    ]
    first = a.push(ops).json()
    records, seq = count(service, t.records), a.pull_all()[-1]["seq"]
    again = a.push(ops).json()  # the response of the first push was "lost"
    assert again["results"] == first["results"]
    assert count(service, t.records) == records == 2
    assert a.pull_all()[-1]["seq"] == seq  # no new change either
    assert count(service, t.applied_ops) == 2  # the structurally invalid op is not stored
    # A replay mixed with new ops: the old ones answered from storage, the new one applied.
    new = a.op("consultation", new_id(), fields=note_fields(cid, "neu"))
    mixed = a.push(ops[:2] + [new]).json()["results"]
    assert mixed[:2] == first["results"][:2] and mixed[2]["status"] == "applied"
    assert count(service, t.records) == 3


def test_the_same_op_twice_in_one_batch_applies_once(make_device, service):
    a = make_device()
    op = a.op("client", new_id(), fields=client_fields())
    results = a.push([op, op]).json()["results"]
    assert results[0] == results[1] and count(service, t.records) == 1


def test_an_op_id_of_another_device_is_not_replayed_to_it(make_device):
    a, b = make_device(), make_device()
    op = a.op("client", new_id(), fields=client_fields())
    a.push([op])
    stolen = b.push([op]).json()["results"][0]
    assert stolen["status"] == "rejected" and stolen["reason"] == "duplicate_op_id"


def test_pull_pages_resume_from_any_cursor(make_device):
    a = make_device()
    ids = [new_id() for _ in range(25)]
    a.push(
        [a.op("client", i, fields=client_fields(f"Nowak-{LETTERS[n]}")) for n, i in enumerate(ids)]
    )
    p1 = a.pull(0, 10).json()
    assert len(p1["changes"]) == 10 and p1["has_more"]
    p2 = a.pull(p1["next_cursor"], 10).json()
    # The connection broke after page 2: resuming from page 1's cursor gives page 2 again.
    again = a.pull(p1["next_cursor"], 10).json()
    assert again["changes"] == p2["changes"]
    p3 = a.pull(p2["next_cursor"], 10).json()
    assert len(p3["changes"]) == 5 and not p3["has_more"]
    assert [c["id"] for c in p1["changes"] + p2["changes"] + p3["changes"]] == ids
    end = a.pull(p3["next_cursor"], 10).json()
    assert end["changes"] == [] and end["next_cursor"] == p3["next_cursor"] and not end["has_more"]
    assert end["epoch"] == a.epoch and end["server_time"]


def test_pull_pages_end_at_max_page_bytes_and_carry_at_least_one_change(service, make_device):
    from fastapi.testclient import TestClient

    from sync_server.api import create_app

    a = make_device()
    cid = new_id()
    notes = [new_id() for _ in range(6)]
    a.push(
        [a.op("client", cid, fields=client_fields())]
        + [a.op("consultation", i, fields=note_fields(cid, "x" * 3000)) for i in notes]
    )
    expected = [cid] + notes
    for budget in (8000, 1):
        app = create_app(dataclasses.replace(service.settings, max_page_bytes=budget))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            c = TestClient(app)
        try:
            cursor, pages = 0, []
            while True:
                page = c.get(
                    "/api/v1/sync/pull", params={"cursor": cursor, "limit": 100}, headers=a.headers
                ).json()
                pages.append(page["changes"])
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break
        finally:
            app.state.service.db.dispose()
        assert [ch["id"] for p in pages for ch in p] == expected  # all, once, in order
        assert all(p for p in pages)  # never an empty page
        for p in pages:  # what the server counts: each change's fields and clocks
            held = sum(
                len(orjson.dumps(ch["fields"])) + len(orjson.dumps(ch["clocks"])) for ch in p
            )
            assert len(p) == 1 or held <= budget, (budget, held)
        if budget == 1:
            assert [len(p) for p in pages] == [1] * len(expected)
        else:
            assert 3 <= len(pages) < len(expected)  # cut by bytes, not count


def test_an_edit_moves_the_record_to_a_new_seq(make_device):
    a = make_device()
    cid, other = new_id(), new_id()
    a.push(
        [a.op("client", cid, fields=client_fields()), a.op("client", other, fields=client_fields())]
    )
    first = {c["id"]: c for c in a.pull_all()}
    cursor = first[other]["seq"]
    clock = first[cid]["clocks"]["phone"]
    a.push([a.op("client", cid, "update", {"phone": "0151 9"}, {"phone": clock})])
    later = a.pull(cursor).json()["changes"]
    assert [c["id"] for c in later] == [cid] and later[0]["seq"] > cursor
    assert later[0]["fields"]["phone"] == "0151 9" and later[0]["clocks"]["phone"] > clock


def test_one_invalid_op_is_rejected_and_the_others_apply(make_device, service):
    a = make_device()
    cid = new_id()
    ops = [
        a.op("client", cid, fields=client_fields()),
        a.op("spaceship", new_id(), fields={}),
        a.op("client", new_id(), fields={"shoe_size": 44}),
        a.op("referral", new_id(), fields=valid_fields("referral", cid, status="lost")),
        {"op_id": new_id(), "kind": "client"},
        "not even an object",
        a.op("consultation", new_id(), fields=note_fields(cid, "bleibt")),
    ]
    results = a.push(ops).json()["results"]
    assert [r["status"] for r in results] == ["applied"] + ["rejected"] * 5 + ["applied"]
    assert [r["reason"] for r in results[1:6]] == [
        "unknown_kind",
        "unknown_fields",
        "invalid_value",
        "malformed_operation",
        "malformed_operation",
    ]
    assert results[2]["detail"] == "shoe_size"
    assert count(service, t.records) == 2


def test_a_record_the_forms_would_refuse_is_rejected_alone_with_a_german_detail(
    make_device, service
):
    """The server stores only what a desktop form could have saved (casefile.wire)."""
    a = make_device()
    cid = new_id()
    ops = [
        a.op("client", cid, fields=client_fields()),
        # exact birth date (the default precision) without a date
        a.op("client", new_id(), fields={"family_name": "Nur-Name"}),
        # a note without start, place, kind, topics
        a.op("consultation", new_id(), fields={"client_id": cid, "note": "nur eine Notiz"}),
        a.op("task", new_id(), fields=valid_fields("task", cid, due_date="2026-02-31")),
        a.op("client", cid, "update", {"phone": "ruf mich an"}, {"phone": None}),
        a.op("consultation", new_id(), fields=note_fields(cid, "bleibt")),
    ]
    results = a.push(ops).json()["results"]
    assert [r["status"] for r in results] == ["applied"] + ["rejected"] * 4 + ["applied"]
    assert {r["reason"] for r in results[1:5]} == {"invalid_value"}
    details = [r["detail"] for r in results[1:5]]
    assert all(d.startswith("Ungültige Angaben: ") for d in details), details
    assert "Geburtsdatum" in details[0]
    assert "Beginn" in details[1] and "Themen" in details[1] and "Ort" in details[1]
    assert "Fällig am" in details[2] and "Telefon" in details[3]
    (change, _note) = a.pull_all()
    assert change["fields"]["phone"] == "0151 1"  # the bad edit changed nothing
    assert count(service, t.records) == 2
    with service.db.reader.connect() as conn:  # every refusal is audited, with why
        denied = conn.execute(
            select(t.audit_log.c.record_id, t.audit_log.c.detail).where(
                t.audit_log.c.action == "denied"
            )
        ).all()
    assert sorted(r for r, _ in denied) == sorted(o["record_id"] for o in ops[1:5])
    assert all("invalid_value" in str(d) for _, d in denied)


def test_update_of_a_deleted_record_is_rejected_visibly(make_device):
    # A task: a client is deleted only by erasure (see the next tests), a task by any writer.
    a, b = make_device(), make_device()
    cid, tid = new_id(), new_id()
    a.push(
        [
            a.op("client", cid, fields=client_fields()),
            a.op("task", tid, fields=valid_fields("task", cid, text="Anruf beim Jobcenter")),
        ]
    )
    clock = next(c for c in a.pull_all() if c["id"] == tid)["clocks"]["text"]
    deleted = a.push([a.op("task", tid, "delete")]).json()["results"][0]
    assert deleted["status"] == "applied"
    late = b.push([b.op("task", tid, "update", {"text": "Rückruf"}, {"text": clock})]).json()
    assert late["results"][0]["status"] == "rejected" and late["results"][0]["reason"] == "deleted"
    change = next(c for c in b.pull_all() if c["id"] == tid)
    # Not resurrected, and the tombstone keeps no content: only the id that routes it.
    assert change["deleted"] and change["fields"] == {"client_id": cid}
    assert set(change["clocks"]) == {"_deleted"}


def test_a_client_is_not_deleted_by_push(make_device, service):
    """Deleting a person erases every unit's sections: only the erase action does that, for
    every role; a push of the delete is refused (``erase_only``) and logged as denied."""
    a = make_device()
    lead = make_device("k.lead", roles=["unit_lead", "coordination"], units=["integration"])
    cid = new_id()
    a.push([a.op("client", cid, fields=client_fields())])
    for dev in (a, lead):
        (r,) = dev.push([dev.op("client", cid, "delete")]).json()["results"]
        assert (r["status"], r["reason"]) == ("rejected", "erase_only")
    (change,) = a.pull_all()
    assert not change["deleted"] and change["fields"] == client_fields()
    with service.db.reader.connect() as conn:
        denied = conn.execute(
            select(t.audit_log.c.user_name, t.audit_log.c.detail).where(
                t.audit_log.c.action == "denied", t.audit_log.c.record_id == cid
            )
        ).all()
    assert sorted(u for u, _ in denied) == ["a.schneider", "k.lead"]
    assert all("erase_only" in str(d) for _, d in denied)


def test_an_erasure_tombstones_the_clients_records_and_refuses_new_ones(make_device, erase):
    a, b = make_device(), make_device()
    cid, other, note, task, link, back = (new_id() for _ in range(6))
    pushed = a.push(
        [
            a.op("client", cid, fields=client_fields()),
            a.op("client", other, fields=client_fields("Bondarenko")),
            a.op("consultation", note, fields=note_fields(cid, "Erstgespräch")),
            a.op("task", task, fields=valid_fields("task", cid, text="Anruf", done=0)),
            a.op(
                "household_link",
                link,
                fields=valid_fields("household_link", cid, other_client_id=other, relation="child"),
            ),
            a.op(
                "household_link",
                back,
                fields=valid_fields(
                    "household_link", other, other_client_id=cid, relation="parent"
                ),
            ),
        ]
    )
    assert {r["status"] for r in pushed.json()["results"]} == {"applied"}
    r = erase(cid)
    assert r.status_code == 200, r.text
    assert r.json() == {"client_id": cid, "erased": 5}
    changes = {c["id"]: c for c in b.pull_all()}
    assert {i for i, c in changes.items() if c["deleted"]} == {cid, note, task, link, back}
    assert not changes[other]["deleted"]
    # The tombstones carry no content, only the ids that route them.
    assert changes[cid]["fields"] == {}
    assert changes[note]["fields"] == changes[task]["fields"] == {"client_id": cid}
    assert changes[link]["fields"] == {"client_id": cid, "other_client_id": other}
    assert changes[back]["fields"] == {"client_id": other, "other_client_id": cid}
    assert all(set(changes[i]["clocks"]) == {"_deleted"} for i in (cid, note, task, link, back))
    # Written offline before the device learnt of the erasure: refused, nothing stored.
    late_note = new_id()
    answer = b.push(
        [
            b.op("consultation", late_note, fields=note_fields(cid, "x")),
            b.op("task", task, "update", {"text": "Rückruf"}),
        ]
    ).json()["results"]
    assert [(r["status"], r["reason"]) for r in answer] == [("rejected", "deleted")] * 2
    assert late_note not in {c["id"] for c in b.pull_all()}


def test_an_id_of_another_kind_is_rejected(make_device):
    a = make_device()
    cid = new_id()
    a.push([a.op("client", cid, fields=client_fields())])
    r = a.push([a.op("consultation", cid, fields=note_fields(cid, "x"))]).json()["results"][0]
    assert r["status"] == "rejected" and r["reason"] == "id_clash"


FAST, HONEST = "0151 6", "0151 7"  # what the fast and the honest device write


def test_a_clock_six_hours_fast_is_clamped_and_a_later_edit_wins(make_device):
    fast, honest = make_device(node="fast"), make_device(node="honest")
    cid = new_id()
    honest.push([honest.op("client", cid, fields=client_fields())])
    base = honest.pull_all()[0]["clocks"]["phone"]
    six_hours = Timestamp(Timestamp.decode(base).wall_ms + 6 * 3600_000, 0, "fast").encode()
    r = fast.push(
        [fast.op("client", cid, "update", {"phone": FAST}, {"phone": base}, hlc=six_hours)]
    ).json()["results"][0]
    assert r["status"] == "applied" and r["clamped"] and r["hlc"] < six_hours
    r2 = honest.push([honest.op("client", cid, "update", {"phone": HONEST}, {"phone": base})])
    assert not r2.json()["results"][0]["clamped"]
    assert honest.pull_all()[0]["fields"]["phone"] == HONEST


def test_a_fast_device_reporting_its_clock_is_placed_at_the_time_of_its_edit(make_device):
    import time

    fast, honest = make_device(node="fast"), make_device(node="honest")
    cid = new_id()
    honest.push([honest.op("client", cid, fields=client_fields())])
    base = honest.pull_all()[0]["clocks"]["phone"]
    now = time.time_ns() // 1_000_000
    offset = 6 * 3600_000
    # Made offline an hour ago on a clock six hours fast; an honest edit half an hour ago.
    made = Timestamp(now - 3600_000 + offset, 0, "fast").encode()
    honest_hlc = Timestamp(now - 1800_000, 0, "honest").encode()
    honest.push(
        [honest.op("client", cid, "update", {"phone": HONEST}, {"phone": base}, hlc=honest_hlc)]
    )
    r = fast.push(
        [fast.op("client", cid, "update", {"phone": FAST}, {"phone": base}, hlc=made)],
        device_time=now + offset,
    ).json()["results"][0]
    assert r["clamped"] and Timestamp.decode(r["hlc"]).wall_ms <= now - 3600_000 + 5000
    assert honest.pull_all()[0]["fields"]["phone"] == HONEST


@pytest.mark.parametrize("device_time", [-1, "morgen", 2**60])
def test_an_invalid_device_time_is_a_clear_422(make_device, envelope, device_time):
    a = make_device()
    envelope(a.push([], device_time=device_time), 422, "invalid_request")


@pytest.mark.parametrize(
    "protocol, code", [(sync.PROTOCOL_VERSION + 1, "client_too_new"), (0, "client_too_old")]
)
def test_an_incompatible_protocol_gets_426_and_nothing_applies(
    make_device, service, envelope, protocol, code
):
    a = make_device()
    err = envelope(
        a.push([a.op("client", new_id(), fields=client_fields())], protocol=protocol), 426, code
    )
    if code == "client_too_old":
        assert "Bitte MiA Desk aktualisieren" in err["message"]
    assert err["detail"]["server_protocol"] == sync.PROTOCOL_VERSION
    envelope(a.pull(protocol=protocol), 426, code)
    envelope(a.push([], schema=sync.SCHEMA_VERSION + 1), 426, "client_too_new")
    assert count(service, t.records) == 0


def test_bad_requests_get_the_envelope_and_change_nothing(make_device, service, envelope):
    a = make_device()
    post = a.client.post
    url = "/api/v1/sync/push"
    envelope(post(url, content=b'{"ops": [', headers=a.headers), 400, "malformed_json")
    envelope(post(url, content=b"[1, 2]", headers=a.headers), 422, "invalid_request")
    envelope(post(url, json={"protocol": 1}, headers=a.headers), 422, "invalid_request")
    envelope(post(url, json={**a.body([]), "ops": {"not": "a list"}}, headers=a.headers), 422)
    envelope(
        a.push([a.op("client", new_id(), fields=client_fields())], epoch="restored"),
        409,
        "epoch_mismatch",
    )
    too_many = [a.op("client", new_id(), fields={}) for _ in range(sync.MAX_OPS_PER_PUSH + 1)]
    envelope(a.push(too_many), 413, "too_many_ops")
    envelope(a.pull(-1), 422, "invalid_request")
    envelope(a.pull(0, 0), 422, "invalid_request")
    envelope(a.pull(10**6), 409, "cursor_ahead")
    envelope(a.pull(0, epoch="other"), 409, "epoch_mismatch")
    envelope(a.client.get("/api/v1/nothing-here"), 404, "not_found")
    envelope(a.client.delete("/api/v1/sync/pull", headers=a.headers), 405)
    assert count(service, t.records) == 0 and count(service, t.applied_ops) == 0
    assert a.client.get("/health").json()["status"] == "ok"  # still serving


def test_body_limits_and_gzip_bodies(service, make_device, envelope):
    from fastapi.testclient import TestClient

    from sync_server.api import create_app

    a = make_device()
    small = create_app(dataclasses.replace(service.settings, max_body_bytes=4000))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = TestClient(small)
    try:
        big = a.body([a.op("client", new_id(), fields={"address": "x" * 5000})])
        envelope(c.post("/api/v1/sync/push", json=big, headers=a.headers), 413, "payload_too_large")
        # Chunked upload without Content-Length is counted as it arrives.
        chunks = (orjson.dumps(big)[i : i + 1000] for i in range(0, 6000, 1000))
        envelope(c.post("/api/v1/sync/push", content=chunks, headers=a.headers), 413)
        # A gzip body within the limit is accepted; one that inflates past it is refused.
        ok = a.body([a.op("client", new_id(), fields=client_fields())])
        r = c.post(
            "/api/v1/sync/push",
            content=gzip.compress(orjson.dumps(ok)),
            headers={**a.headers, "Content-Encoding": "gzip", "Content-Type": "application/json"},
        )
        assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied"
        bomb = gzip.compress(
            orjson.dumps(a.body([a.op("client", new_id(), fields={"address": " " * 50_000})]))
        )
        assert len(bomb) < 4000
        envelope(
            c.post(
                "/api/v1/sync/push", content=bomb, headers={**a.headers, "Content-Encoding": "gzip"}
            ),
            413,
        )
        envelope(
            c.post(
                "/api/v1/sync/push", content=b"xx", headers={**a.headers, "Content-Encoding": "br"}
            ),
            415,
        )
    finally:
        small.state.service.db.dispose()
    assert count(service, t.records) == 1


def test_large_pull_pages_are_gzipped(make_device):
    a = make_device()
    a.push([a.op("client", new_id(), fields=client_fields()) for _ in range(50)])
    r = a.client.get("/api/v1/sync/pull", headers={**a.headers, "Accept-Encoding": "gzip"})
    assert r.headers.get("content-encoding") == "gzip"
    assert len(r.json()["changes"]) == 50
    small = a.client.get("/api/v1/version", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("zstd", "zstd"),
        ("gzip, deflate, zstd", "zstd"),  # a MiA Desk laptop (urllib3 with backports.zstd)
        ("gzip, deflate, br, zstd", "zstd"),  # a current browser
        ("zstd;q=0, gzip", "gzip"),
        ("ZSTD;q=0.5", "zstd"),
        ("identity", None),
        ("", None),
    ],
)
def test_answers_are_compressed_as_the_client_accepts(make_device, accept, coding):
    a = make_device()
    a.push([a.op("client", new_id(), fields=client_fields()) for _ in range(50)])
    plain = a.client.get("/api/v1/sync/pull", headers={**a.headers, "Accept-Encoding": "identity"})
    r = a.client.get("/api/v1/sync/pull", headers={**a.headers, "Accept-Encoding": accept})
    assert r.headers.get("content-encoding") == coding
    assert "accept-encoding" in r.headers.get("vary", "").lower()
    body = r.content
    if coding == "zstd" and body[:4] == b"\x28\xb5\x2f\xfd":  # httpx unpacks it only with
        body = zstd.decompress(body)  # the zstandard package, the desktop with backports.zstd
    page = orjson.loads(body)
    assert page["changes"] == orjson.loads(plain.content)["changes"]
    assert len(page["changes"]) == 50
    small = a.client.get("/api/v1/version", headers={"Accept-Encoding": accept})
    assert "content-encoding" not in small.headers


def test_a_failure_inside_the_transaction_applies_nothing(app, service, make_device, envelope):
    from fastapi.testclient import TestClient

    a = make_device()

    def boom(_conn):
        raise RuntimeError("disk full")

    service.before_commit = boom
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = TestClient(app, raise_server_exceptions=False)
    ops = [a.op("client", new_id(), fields=client_fields()) for _ in range(3)]
    envelope(c.post("/api/v1/sync/push", json=a.body(ops), headers=a.headers), 500, "internal")
    assert count(service, t.records) == 0 and count(service, t.applied_ops) == 0
    service.before_commit = None
    assert [r["status"] for r in a.push(ops).json()["results"]] == ["applied"] * 3
    # SQLite: the counter rolled back with the failed push, no gap. PostgreSQL: the three
    # numbers it had taken from the sequence stay a gap, which the pull passes
    # (docs/sync-protocol.md, "Sequence numbers in commit order").
    assert [c["seq"] for c in a.pull_all()] == ([1, 2, 3] if service.db.is_sqlite else [4, 5, 6])


def test_health_version_and_openapi(client, service):
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["epoch"] == service.epoch()
    assert health["schema_revision"] == health["head_revision"]
    version = client.get("/api/v1/version").json()
    assert version["protocol"] == sync.PROTOCOL_VERSION and version["schema"] == sync.SCHEMA_VERSION
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/v1/devices/register",
        "/api/v1/sync/push",
        "/api/v1/sync/pull",
        "/api/v1/conflicts",
        "/api/v1/conflicts/{conflict_id}/resolve",
        "/api/v1/version",
        "/health",
    ):
        assert path in spec["paths"], path


def test_metrics_count_requests_by_route_and_show_database_figures(client, make_device):
    dev = make_device()
    cid = new_id()
    r = dev.push(
        [
            dev.op(
                "client",
                cid,
                fields=valid_fields("client", family_name="Haddad", given_names="Rami", sex="m"),
            )
        ]
    )
    assert r.json()["results"][0]["status"] == "applied"
    dev.pull(0)
    from tests.server.helpers import METRICS_TOKEN

    assert client.get("/metrics").status_code == 403  # not loopback, no token
    text = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}).text
    lines = dict(line.rsplit(" ", 1) for line in text.splitlines() if not line.startswith("#"))
    assert int(lines['mia_requests_total{route="/api/v1/sync/push",status="200"}']) >= 1
    assert int(lines['mia_requests_total{route="/api/v1/sync/pull",status="200"}']) >= 1
    assert int(lines["mia_last_seq"]) >= 1 and int(lines["mia_devices_active"]) >= 1
    assert lines["mia_schema_current"] == "1" and "mia_conflicts_open" in lines
    assert cid not in text  # routes, never raw paths or ids


def test_random_garbage_ops_never_crash_the_server(make_device):
    from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

    a = make_device()
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=20)
    )
    values = st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )
    good_id = st.builds(new_id)
    op = st.fixed_dictionaries(
        {},
        optional={
            "op_id": good_id | values,
            "kind": st.sampled_from(sorted(sync.KIND_FIELDS)) | values,
            "record_id": good_id | values,
            "op": st.sampled_from(["create", "update", "delete"]) | values,
            "hlc": st.builds(lambda: a.clock.now().encode()) | values,
            "fields": st.dictionaries(
                st.sampled_from(["client_id", "phone", "note", "done", "status", "id"]),
                values,
                max_size=3,
            )
            | values,
            "base": st.dictionaries(st.text(max_size=8), values, max_size=2) | values,
        },
    )

    @hsettings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(op | values, max_size=5))
    def check(ops):
        r = a.push(ops)
        assert r.status_code == 200, r.text
        assert len(r.json()["results"]) == len(ops)

    check()


def test_push_answers_with_the_record_state_after_the_batch(make_device):
    """A device whose edit lost learns the winning value from the push answer itself."""
    a, b = make_device(), make_device()
    cid = new_id()
    create = {
        "op_id": new_id(),
        "kind": "client",
        "record_id": cid,
        "op": "create",
        "hlc": a.clock.now().encode(),
        "fields": {"id": cid, **valid_fields("client", family_name="Haddad", given_names="Amina")},
        "base": {},
    }
    assert a.push([create]).status_code == 200
    edit = {
        "op_id": new_id(),
        "kind": "client",
        "record_id": cid,
        "op": "update",
        "hlc": b.clock.now().encode(),
        "fields": {"phone": "0157 1"},
        "base": {"phone": None},
    }
    result = b.push([edit]).json()["results"][0]
    assert result["record"]["fields"]["family_name"] == "Haddad"
    assert result["record"]["fields"]["phone"] == "0157 1"
    assert set(result["record"]["clocks"]) >= {"family_name", "phone"}
    replay = b.push([edit]).json()["results"][0]
    assert replay["record"] == result["record"]


def test_merge_requests_with_bad_input_get_clear_errors_and_change_nothing(
    make_device, service, envelope
):
    from sqlalchemy import text as sql

    a = make_device()
    cid, other = new_id(), new_id()
    a.push(
        [
            a.op("client", cid, fields=client_fields()),
            a.op("client", other, fields=client_fields("Kowalenko")),
        ]
    )
    url = f"/api/v1/clients/{cid}/merge"
    envelope(
        a.client.post(url, json={"merged_id": other}, headers=a.headers), 403, "forbidden_role"
    )
    with service.db.writer.begin() as conn:
        conn.execute(sql("UPDATE users SET roles = '[\"coordination\"]'"))
    post = lambda body, path=url: a.client.post(path, json=body, headers=a.headers)  # noqa: E731
    envelope(post({"merged_id": cid}), 422, "merge_same_client")
    envelope(post({"merged_id": new_id()}), 404, "not_found")
    envelope(post({}), 422, "invalid_request")
    envelope(post({"merged_id": other, "reason": "x" * 5000}), 422, "invalid_request")
    envelope(post({}, "/api/v1/merges/unknown/undo"), 404, "not_found")
    assert {c["id"] for c in a.pull_all() if not c["deleted"]} == {cid, other}
    merged = post({"merged_id": other, "reason": "gleiche Person"}).json()
    envelope(post({"merged_id": other}), 409, "client_deleted")
    a.client.post(f"/api/v1/merges/{merged['id']}/undo", headers=a.headers)
    envelope(post({}, f"/api/v1/merges/{merged['id']}/undo"), 409, "merge_undone")


def test_sync_answers_say_where_their_time_went_and_nothing_else(service, make_device):
    """Server-Timing (W3C): the phases of a push (queue, auth, lock, merge, write -- numbers
    are taken inside the write on both back ends) and of a pull (queue, auth, read) in ms;
    names and durations only, never an id or a value."""
    dev = make_device()
    cid = new_id()
    r = dev.push([dev.op("client", cid, fields=valid_fields("client", family_name="Haddad"))])
    assert r.status_code == 200
    pushed = dict(part.strip().split(";dur=") for part in r.headers["server-timing"].split(","))
    assert set(pushed) == {"queue", "auth", "lock", "merge", "write"}
    assert all(float(ms) >= 0 for ms in pushed.values())
    pulled = dev.pull(0)
    names = {part.split(";")[0].strip() for part in pulled.headers["server-timing"].split(",")}
    assert names == {"queue", "auth", "read"}
    assert cid not in r.headers["server-timing"] + pulled.headers["server-timing"]
    # A refused call says no more than its envelope.
    anonymous = dev.client.get("/api/v1/sync/pull")
    assert anonymous.status_code == 401
    told = anonymous.headers.get("server-timing", "")
    assert {p.split(";")[0].strip() for p in told.split(",") if p} <= {"queue", "auth"}
