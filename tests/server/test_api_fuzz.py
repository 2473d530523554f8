"""Hostile input: a schema-driven fuzz run of the whole API, and the bad inputs it is about.

The fuzz run (schemathesis, from the published /openapi.json, against the ASGI app on SQLite
and PostgreSQL) calls every operation with inputs that fit the schema and with inputs that do
not, with a real device token of a user in every role (and without one), and checks each answer:
no server error, a status the schema declares, the declared content type, a body that matches
the declared schema. Bounded: a fixed number of examples per operation (``MIA_FUZZ_EXAMPLES``),
derandomised, so a run takes well under a minute per database and CI stays repeatable; set
``MIA_FUZZ_RANDOM=1`` to explore other inputs.

The tests after it are the regressions of issue 13 item 9: integers past what the databases
hold, NUL characters and lone surrogates in every kind of parameter, upper-case UUIDs, and a
push whose one bad op must not block the outbox.
"""

from __future__ import annotations

import json
import os
import traceback

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from casefile import sync
from casefile.ids import new_id
from sync_server import auth
from tests.server.helpers import propose_pair

EXAMPLES = int(os.environ.get("MIA_FUZZ_EXAMPLES", "12"))
EXPLICIT = 5  # at most this many explicit examples an operation's schema gives
RANDOM = bool(os.environ.get("MIA_FUZZ_RANDOM"))
ALL_ROLES = ["caseworker", "coordination", "reception", "unit_lead", "administrator"]
# Not schemathesis' negative_data_rejection: on the wire a query parameter is text whatever
# type the mutation gave it, and unknown parameters are ignored; the rejections of bad input
# that matter are the explicit tests below.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _op_check_rejects(op_id: str = "ok", value: str = "ok") -> bool:
    """Does casefile's check_op (not this file's) reject this op on its own?"""
    from casefile.sync import Op, ProtocolError, check_op

    try:
        check_op(
            Op(
                op_id,
                "client",
                new_id(),
                "create",
                "001795601598330-00000-node",
                {"family_name": value},
            )
        )
    except ProtocolError:
        return True
    return False


def client_fields(name: str, born: str = "1990-05-01") -> dict:
    return {
        "family_name": name,
        "given_names": "Olena",
        "birth_date": born,
        "birth_date_precision": "exact",
    }


@pytest.fixture
def seeded(make_device, service):
    """Real ids for the path parameters: two clients, a conflict, a proposed pair, a merge."""
    a, b = make_device(node="a"), make_device(node="b")
    boss = make_device("chefin", roles=ALL_ROLES, units=["integration"])
    c1, c2, c3 = new_id(), new_id(), new_id()
    a.push(
        [
            a.op("client", c, fields=client_fields(n, d))
            for c, n, d in (
                (c1, "Kovalenko", "1990-05-01"),
                (c2, "Schmidt", "1971-02-03"),
                (c3, "Nguyen", "1985-11-12"),
            )
        ]
    )
    clock = {ch["id"]: ch["clocks"] for ch in a.pull_all()}[c1]["family_name"]
    for dev, name in ((a, "Kowalenko"), (b, "Kovalenka")):
        dev.push([dev.op("client", c1, "update", {"family_name": name}, {"family_name": clock})])
    conflict = boss.client.get("/api/v1/conflicts", headers=boss.headers).json()["conflicts"]
    candidate = propose_pair(service, c1, c3)
    merge = boss.client.post(
        f"/api/v1/clients/{c1}/merge", json={"merged_id": c2}, headers=boss.headers
    ).json()
    return {
        "device": boss,
        "ids": {
            "client_id": [c1, c2, c3, c1.upper()],
            "survivor_id": [c1, c3],
            "conflict_id": [x["id"] for x in conflict] or [new_id()],
            "candidate_id": [candidate],
            "merge_id": [merge.get("id", new_id())],
        },
    }


def _strategy(operation, mode: GenerationMode, ids: dict):
    """Generated cases; for operations with ids in the path, half of them with real ids."""
    names = [p.name for p in operation.path_parameters]
    options = [operation.as_strategy(generation_mode=mode)]
    if names and all(n in ids for n in names) and mode is GenerationMode.POSITIVE:
        options += [
            operation.as_strategy(
                generation_mode=mode, path_parameters={n: ids[n][i % len(ids[n])] for n in names}
            )
            for i in range(max(len(ids[n]) for n in names))
        ]
    return st.one_of(options)


def _described(exc: BaseException) -> str:
    """A check's failure as schemathesis words it; a crash of the app with where it happened."""
    if isinstance(exc, (AssertionError, BaseExceptionGroup)):
        return str(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/sync_server/" in f.filename or "/casefile/" in f.filename]
    where = ours[-1] if ours else frames[-1]
    return (
        f"{type(exc).__name__}: {exc} at {where.filename.split('/')[-2]}/"
        f"{where.filename.split('/')[-1]}:{where.lineno} ({where.line}); "
        f"input: {getattr(exc, '__notes__', [''])[-1][:500]}"
    )


def _fuzz(
    api,
    session,
    headers: dict | None,
    ids: dict,
    examples: int,
    modes=(GenerationMode.POSITIVE, GenerationMode.NEGATIVE),
) -> list[str]:
    """Run every operation of *api*; the failures, one entry per operation and mode."""
    failures: list[str] = []
    for result in api.get_all_operations():
        operation = result.ok()
        takes_input = bool(list(operation.iter_parameters()) or operation.body)
        for mode in modes if takes_input else (GenerationMode.POSITIVE,):
            RUNNING[0] = f"{operation.label} {mode.value} {examples}"

            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=not RANDOM,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=_strategy(operation, mode, ids))
            def run(case):
                CALLS[RUNNING[0]] = CALLS.get(RUNNING[0], 0) + 1
                response = case.call(session=session, headers=headers)
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                run()
            except Unsatisfiable:
                pass  # no input violates the schema of this operation
            except (AssertionError, Exception, BaseExceptionGroup) as exc:
                # collected, so that one run shows every failing operation
                failures.append(f"{operation.label} ({mode.value}): {_described(exc)}")
    return failures


# Requests per operation, mode and example budget: the run's size, checked without a clock.
CALLS: dict[str, int] = {}
RUNNING = [""]  # the operation, mode and budget being run
# Findings reported to the owner of the code, xfail until fixed (then delete the entry): the
# failure text -> what it is. Any other failure fails the test.
KNOWN: dict[str, str] = {}  # (the two erasure findings were fixed in identity.py)


def test_the_whole_api_survives_fuzzing_and_answers_as_published(app, seeded):
    CALLS.clear()
    api = schemathesis.openapi.from_asgi("/openapi.json", app)
    try:
        with asgi.get_client(app) as session:
            failures = _fuzz(api, session, seeded["device"].headers, seeded["ids"], EXAMPLES)
            # ... and as nobody: no token or a generated one, a wrong one (the 401 envelope).
            for headers in (None, {"Authorization": "Bearer nicht-gueltig"}):
                failures += _fuzz(
                    api,
                    session,
                    headers,
                    seeded["ids"],
                    max(2, EXAMPLES // 4),
                    modes=(GenerationMode.POSITIVE,),
                )
    finally:
        # The fuzzed logins fail by the dozen from one address: the login throttle's memory of
        # this process must not lock the test client out of the tests that follow.
        getattr(auth, "_blocked", {}).clear()
    unknown = [f for f in failures if not any(k in f for k in KNOWN)]
    assert not unknown, "\n\n".join(unknown)
    if failures:
        pytest.xfail(
            "known findings, left to their owners: "
            + "; ".join(
                f"{KNOWN[k]} ({f.split(':')[0]})" for f in failures for k in KNOWN if k in f
            )
        )
    # Bounded by its budget, not by a clock (a busy machine must not fail it): each operation
    # and mode ran at most its examples plus the schema's few explicit ones.
    over = {k: n for k, n in CALLS.items() if n > int(k.rsplit(" ", 1)[1]) + EXPLICIT}
    assert CALLS and not over, f"the fuzz run is no longer bounded: {over}"


# --- pushes of generated ops: each op is answered alone, the batch never fails -----------------

KINDS = sorted(sync.KIND_FIELDS)
POOL = [f"01900000-0000-7000-8000-{i:012x}" for i in range(1, 6)]  # records ops meet again
HOSTILE = st.sampled_from(["a\x00b", "\x00", "\ud800", "x\udfffy", "A" * 65, ""])
TEXT = (
    st.text(st.characters(codec="utf-8") | st.sampled_from(["\x00", "\ud800"]), max_size=12)
    | HOSTILE
)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def ops(draw):
    kind = draw(st.sampled_from(KINDS) | TEXT)
    names = sorted(sync.KIND_FIELDS.get(kind, ())) + ["client_id"]
    return {
        "op_id": draw(st.uuids().map(str) | TEXT),
        "kind": kind,
        "record_id": draw(st.sampled_from(POOL) | st.sampled_from(POOL).map(str.upper) | TEXT),
        "op": draw(st.sampled_from(["create", "update", "delete"]) | TEXT),
        "hlc": draw(
            st.builds(
                lambda ms, c: f"{ms:015d}-{c:05d}-fuzz",
                st.integers(1_700_000_000_000, 1_900_000_000_000),
                st.integers(0, 99999),
            )
            | TEXT
        ),
        "fields": draw(
            st.dictionaries(st.sampled_from(names) | TEXT, st.sampled_from(POOL) | JSON, max_size=4)
        ),
        "base": draw(st.dictionaries(st.sampled_from(names), st.none() | TEXT, max_size=2)),
    }


@st.composite
def client_ops(draw):
    """Ops that may well apply: clients made and edited, a value now and then hostile."""
    name = st.sampled_from(["Kovalenko", "Schmidt", "Nguyen"]) | TEXT
    fields = {
        **client_fields(draw(name)),
        **draw(
            st.dictionaries(
                st.sampled_from(["phone", "given_names", "birth_place", "languages"]),
                name | JSON,
                max_size=2,
            )
        ),
    }
    return {
        "op_id": draw(st.uuids().map(str) | st.uuids().map(str) | TEXT),
        "kind": "client",
        "record_id": draw(st.sampled_from(POOL)),
        "op": draw(st.sampled_from(["create", "update", "update", "delete"])),
        "hlc": f"{draw(st.integers(1_700_000_000_000, 1_900_000_000_000)):015d}-00000-fuzz",
        "fields": fields,
        "base": {},
    }


@pytest.mark.xfail(
    not _op_check_rejects(value="a\x00b"),
    strict=False,
    reason="casefile.sync.check_op does not reject NUL values yet (issue 13, its "
    "engineer): PostgreSQL then fails the whole push",
)
def test_pushes_of_generated_ops_answer_every_op_and_never_fail_the_batch(app, make_device):
    dev = make_device(node="fuzz")
    api = schemathesis.openapi.from_asgi("/openapi.json", app)
    operation = api["/api/v1/sync/push"]["POST"]
    seen: set[str] = set()

    @settings(
        max_examples=4 * EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(),
        batch=st.lists(client_ops() | ops(), max_size=4),
        at=st.integers(0, 4),
    )
    def run(case, batch, at):
        good = dev.op("client", new_id(), fields=client_fields("Kovalenko"))
        batch.insert(min(at, len(batch)), good)
        case.body = dev.body(batch)
        response = case.call(session=session, headers=dev.headers)
        case.validate_response(response, checks=CHECKS, headers=dev.headers)
        assert response.status_code == 200, response.text
        results = response.json()["results"]
        assert len(results) == len(batch)
        assert results[batch.index(good)]["status"] == "applied", results
        seen.update(r["status"] for r in results)

    with asgi.get_client(app) as session:
        run()
    assert "applied" in seen and "rejected" in seen, seen


# --- issue 13 item 9: bad input is a 4xx naming the field, never a server error ----------------


@pytest.fixture
def boss(make_device):
    return make_device("chefin", roles=ALL_ROLES, units=["integration"])


def test_integers_past_what_the_databases_hold_get_422(boss, envelope):
    for path, params in [
        ("/api/v1/sync/pull", {"cursor": 2**64}),
        ("/api/v1/sync/pull", {"cursor": 2**63}),
        ("/api/v1/sync/pull", {"since": 2**64}),
        ("/api/v1/sync/pull", {"limit": 2**64}),
        ("/api/v1/sync/pull", {"protocol": 2**64}),
        ("/api/v1/audit", {"after": 2**63}),
        ("/api/v1/conflicts", {"limit": 2**64}),
    ]:
        err = envelope(
            boss.client.get(path, params=params, headers=boss.headers), 422, "invalid_request"
        )
        assert err["detail"][0]["loc"] == ["query", next(iter(params))], (path, params)
    # The largest that fits is an answer.
    envelope(boss.pull(cursor=2**63 - 1), 409, "cursor_ahead")
    assert (
        boss.client.get("/api/v1/audit", params={"after": 2**63 - 1}, headers=boss.headers).json()[
            "entries"
        ]
        == []
    )


def _named(err: dict, field: str) -> None:
    assert f"„{field}“" in err["message"], err
    assert "Nullzeichen" in err["message"] and "Surrogat" in err["message"]


def test_a_nul_in_any_path_or_query_parameter_is_a_422_naming_it(app, boss, envelope):
    with_ids = [
        (method, path)
        for path, item in app.openapi()["paths"].items()
        if "{" in path
        for method in item
    ]
    assert len(with_ids) >= 7, with_ids
    for method, path in with_ids:
        name = path.split("{")[1].split("}")[0]
        r = boss.client.request(
            method,
            path.replace("{" + name + "}", "a%00b"),
            json={"value": 1, "reason": "Test", "survivor_id": new_id()},
            headers=boss.headers,
        )
        err = envelope(r, 422, "invalid_request")
        assert err["detail"][0]["loc"] == ["path", name], (path, err)
        _named(err, name)
    for path, name in [
        ("/api/v1/sync/pull", "epoch"),
        ("/api/v1/conflicts", "after"),
        ("/api/v1/conflicts", "record_id"),
        ("/api/v1/conflicts", "client_id"),
        ("/api/v1/audit", "user"),
        ("/api/v1/audit", "client_id"),
        ("/api/v1/duplicates", "status"),
    ]:
        err = envelope(
            boss.client.get(path, params={name: "a\x00b"}, headers=boss.headers),
            422,
            "invalid_request",
        )
        assert err["detail"][0]["loc"] == ["query", name], (path, err)
        _named(err, name)
    # Percent-encoded UTF-8 of a surrogate is not UTF-8: it arrives as U+FFFD, matching nothing.
    assert (
        boss.client.get("/api/v1/clients/%ED%A0%80/export", headers=boss.headers).status_code == 404
    )
    assert boss.client.get("/api/v1/audit?user=%ED%A0%80", headers=boss.headers).status_code == 200


BAD = {"NUL": "a\x00b", "surrogate": "a\ud800b"}


def _raw(client, url: str, body: str, headers=None):
    """POST *body* as written: JSON escapes such as \\ud800 reach the server unchanged."""
    return client.post(
        url,
        content=body.encode("ascii"),
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


def test_nul_and_surrogates_in_any_body_field_are_a_422_naming_it(boss, envelope):
    cid, other = new_id(), new_id()
    cases = [
        (
            "/api/v1/devices/register",
            {"user": "{bad}", "password": "p", "device_name": "L"},
            "user",
        ),
        (
            "/api/v1/devices/register",
            {"user": "u", "password": "{bad}", "device_name": "L"},
            "password",
        ),
        (
            "/api/v1/devices/register",
            {"user": "u", "password": "p", "device_name": "{bad}"},
            "device_name",
        ),
    ]
    merge = f"/api/v1/clients/{cid}/merge"
    cases += [
        (merge, {"merged_id": "{bad}"}, "merged_id"),
        (merge, {"merged_id": other, "reason": "{bad}"}, "reason"),
        (merge, {"merged_id": other, "keep": {"family_name": "{bad}"}}, "keep.family_name"),
        (merge, {"merged_id": other, "keep": {"{bad}": "x"}}, "keep"),
        (
            merge,
            {"merged_id": other, "keep": {"languages": ["de", {"x": ["{bad}"]}]}},
            "keep.languages",
        ),
        (f"/api/v1/duplicates/{new_id()}/merge", {"survivor_id": "{bad}"}, "survivor_id"),
    ]
    resolve = f"/api/v1/conflicts/{new_id()}/resolve"
    cases += [
        (resolve, {"value": "{bad}"}, "value"),
        (resolve, {"value": ["x", {"y": "{bad}"}]}, "value"),
        (resolve, {"value": {"{bad}": 1}}, "value"),
    ]
    for url, body, field in cases:
        for kind, bad in BAD.items():
            text = json.dumps(body).replace("{bad}", json.dumps(bad)[1:-1])
            r = _raw(boss.client, url, text, boss.headers)
            _named(envelope(r, 422, "invalid_request"), field)
    for name in ("epoch", "device_id"):
        _named(envelope(boss.push([], **{name: "a\x00b"}), 422, "invalid_request"), name)


def test_upper_case_ids_in_paths_and_queries_are_the_same_records(boss):
    cid = new_id()
    boss.push([boss.op("client", cid, fields=client_fields("Kovalenko"))])
    up = cid.upper()
    export = boss.client.get(f"/api/v1/clients/{up}/export", headers=boss.headers)
    assert export.status_code == 200 and export.json()["client_id"] == cid
    audit = boss.client.get("/api/v1/audit", params={"client_id": up}, headers=boss.headers)
    assert {e["client_id"] for e in audit.json()["entries"]} == {cid}


@pytest.mark.xfail(
    not _op_check_rejects(op_id="a\x00b"),
    strict=True,
    reason="casefile.sync.check_op does not reject a NUL op_id yet (issue 13, "
    "its engineer); the server then fails the whole push on PostgreSQL",
)
def test_one_op_with_a_nul_op_id_is_rejected_alone_and_the_others_apply(boss):
    good = [boss.op("client", new_id(), fields=client_fields(n)) for n in ("Kovalenko", "Schmidt")]
    bad = {**boss.op("client", new_id(), fields=client_fields("Nguyen")), "op_id": "x\x00y"}
    r = boss.push([good[0], bad, good[1]])
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["applied", "rejected", "applied"], results
    assert results[1]["reason"] == "invalid_id" and results[1]["op_id"] == "x\x00y"
    pulled = {c["id"] for c in boss.pull_all()}
    assert {good[0]["record_id"], good[1]["record_id"]} <= pulled
    assert bad["record_id"] not in pulled


@pytest.mark.xfail(
    not (_op_check_rejects(value="a\ud800b") and _op_check_rejects(op_id="a\ud800b")),
    strict=True,
    reason="casefile.sync.check_op does not reject lone surrogates yet (issue 13, its engineer)",
)
def test_one_op_with_a_lone_surrogate_is_rejected_alone_and_the_others_apply(boss):
    # orjson refuses the body; the standard library reads it, so only that op is rejected.
    good = boss.op("client", new_id(), fields=client_fields("Kovalenko"))
    in_value = boss.op("client", new_id(), fields=client_fields("Schmidt"))
    in_value["fields"]["family_name"] = "Schm\ud800idt"
    in_id = {**boss.op("client", new_id(), fields=client_fields("Nguyen")), "op_id": "x\udc00"}
    r = _raw(
        boss.client,
        "/api/v1/sync/push",
        json.dumps(boss.body([in_value, good, in_id])),
        boss.headers,
    )
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["rejected", "applied", "rejected"], results
    assert results[2]["op_id"] == "x\udc00"  # echoed (escaped), so the laptop can match it
    assert good["record_id"] in {c["id"] for c in boss.pull_all()}


def test_a_push_body_no_json_reader_takes_is_still_malformed(boss, envelope):
    for text in ('{"protocol": 1, "ops": [NaN]}', '{"protocol": 1', "[" * 5000 + "]" * 5000):
        envelope(_raw(boss.client, "/api/v1/sync/push", text, boss.headers), 400, "malformed_json")
