"""The published OpenAPI (/openapi.json) is the API: bearer security, real answer schemas.

Every route that needs a device token declares the ``deviceToken`` bearer scheme; every 200
answer has a real schema (no ``"type": "string"`` for a JSON object), every 4xx/5xx the error
envelope; and the answers of every route, taken from a real session on SQLite and PostgreSQL,
match the schema published for their status and content type (issue 13 item 12). The response
models forbid keys they do not name, so a key added to an answer must be published too.
"""

from __future__ import annotations

import jsonschema_rs
import pytest

from casefile.ids import new_id
from tests.server.helpers import propose_pair

PUBLIC = {("post", "/api/v1/devices/register"), ("get", "/api/v1/version"), ("get", "/health")}
ALL_ROLES = ["caseworker", "coordination", "reception", "unit_lead", "administrator"]


@pytest.fixture(scope="module")
def spec():
    """The published document (it does not depend on the database)."""
    import tempfile

    from sync_server.api import create_app
    from sync_server.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings.load(environ={}, database_url=f"sqlite:///{tmp}/s.sqlite"))
        document = app.openapi()
        app.state.service.db.dispose()
    return document


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def test_every_route_but_registration_version_and_health_needs_the_device_token(spec):
    scheme = spec["components"]["securitySchemes"]["deviceToken"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    for method, path, operation in operations(spec):
        declared = operation.get("security")
        if (method, path) in PUBLIC:
            assert not declared, (method, path)
        else:
            assert declared == [{"deviceToken": []}], (method, path)
        # The token is the scheme's, not a free header parameter a client could miss.
        assert not [
            p
            for p in operation.get("parameters", [])
            if p["in"] == "header" and p["name"].lower() == "authorization"
        ], path


def test_every_answer_has_a_real_schema_and_every_error_the_envelope(spec):
    for method, path, operation in operations(spec):
        responses = operation["responses"]
        ok = responses["200"]["content"]["application/json"]["schema"]
        assert ok.get("$ref", "").startswith("#/components/schemas/"), (method, path, ok)
        for status, response in responses.items():
            if status[0] in "45":
                schema = response["content"]["application/json"]["schema"]
                refs = [schema] + schema.get("anyOf", [])
                assert {"$ref": "#/components/schemas/ErrorEnvelope"} in refs, (path, status)
    envelope = spec["components"]["schemas"]["ErrorEnvelope"]
    assert envelope["required"] == ["error"] and envelope["additionalProperties"] is False
    audit = spec["paths"]["/api/v1/audit"]["get"]["responses"]["200"]["content"]
    assert audit["text/csv"]["schema"]["type"] == "string"


def test_ids_and_integers_have_bounds_the_databases_hold(spec):
    for method, path, operation in operations(spec):
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            options = schema.get("anyOf", [schema])
            for option in options:
                if option.get("type") == "integer":
                    assert option.get("maximum", 2**64) <= 2**63 - 1, (path, parameter)
                if option.get("type") == "string" and parameter["in"] == "path":
                    assert option.get("maxLength", 10**9) <= 100, (path, parameter)


def test_each_sync_wire_shape_is_published_as_its_one_casefile_definition(spec):
    """The wire dataclasses of casefile.sync (and the server's extensions of them) are the
    published components themselves: same keys, all required, no others."""
    import dataclasses

    from casefile import sync
    from sync_server import models

    schemas = spec["components"]["schemas"]
    shapes = [
        v
        for v in (*vars(sync).values(), *vars(models).values())
        if isinstance(v, type)
        and dataclasses.is_dataclass(v)
        and getattr(v, "__pydantic_config__", None) is sync.WIRE_CONFIG
        and v.__name__ in schemas
    ]
    assert {c.__name__ for c in shapes} >= {
        "Op",
        "OpResult",
        "Conflict",
        "RecordOut",
        "Change",
        "StoredConflict",
    }
    for cls in shapes:
        names = [f.name for f in dataclasses.fields(cls)]
        schema = schemas[cls.__name__]
        assert list(schema["properties"]) == names, cls
        assert schema["required"] == names and schema["additionalProperties"] is False, cls
    # No second model of the same shape: no other component has the keys of a wire dataclass.
    for name, schema in schemas.items():
        for cls in shapes:
            if name != cls.__name__:
                assert set(schema.get("properties", ())) != {
                    f.name for f in dataclasses.fields(cls)
                }, name


class Conformance:
    """Checks real answers against the schema the document publishes for them."""

    def __init__(self, spec):
        self.spec = spec
        self.seen: set[tuple[str, str, int]] = set()

    def __call__(self, response, method: str, path: str, status: int | None = None) -> dict:
        if status is not None:
            assert response.status_code == status, response.text
        responses = self.spec["paths"][path][method]["responses"]
        declared = responses.get(str(response.status_code))
        assert declared is not None, f"{method} {path}: undeclared {response.status_code}"
        media = response.headers["content-type"].split(";")[0].strip()
        assert media in declared["content"], f"{method} {path}: undeclared {media}"
        schema = declared["content"][media]["schema"]
        self.seen.add((method, path, response.status_code))
        if media != "application/json":
            return {}
        body = response.json()
        validator = jsonschema_rs.Draft202012Validator(
            {**schema, "components": self.spec["components"]}
        )
        errors = [
            f"{'/'.join(map(str, e.instance_path))}: {e.message}"
            for e in validator.iter_errors(body)
        ]
        assert not errors, f"{method} {path} {response.status_code}: {errors}"
        return body


def fields(name: str, born: str) -> dict:
    return {
        "family_name": name,
        "given_names": "Olena",
        "birth_date": born,
        "birth_date_precision": "exact",
    }


def test_the_answers_of_every_route_match_the_published_schemas(spec, make_device, client, service):
    conform = Conformance(spec)
    a, b = make_device(node="a"), make_device(node="b")
    boss = make_device("chefin", roles=ALL_ROLES, units=["integration"])
    H = boss.headers
    c1, c2, c3 = new_id(), new_id(), new_id()
    pushed = conform(
        a.push(
            [
                a.op("client", c, fields=fields(n, d))
                for c, n, d in (
                    (c1, "Kovalenko", "1990-05-01"),
                    (c2, "Schmidt", "1971-02-03"),
                    (c3, "Nguyen", "1985-11-12"),
                )
            ]
        ),
        "post",
        "/api/v1/sync/push",
        200,
    )
    assert [r["status"] for r in pushed["results"]] == ["applied"] * 3, pushed
    page = conform(a.pull(), "get", "/api/v1/sync/pull", 200)
    clock = {ch["id"]: ch["clocks"] for ch in page["changes"]}[c1]["family_name"]
    for dev, name in ((a, "Kowalenko"), (b, "Kovalenka")):
        conform(
            dev.push(
                [dev.op("client", c1, "update", {"family_name": name}, {"family_name": clock})]
            ),
            "post",
            "/api/v1/sync/push",
            200,
        )
    conform(
        b.push([b.op("client", new_id(), "update", {"family_name": "X"})]),
        "post",
        "/api/v1/sync/push",
        200,
    )  # rejected: unknown_record
    conform(a.pull(limit=1), "get", "/api/v1/sync/pull", 200)

    listed = conform(client.get("/api/v1/conflicts", headers=H), "get", "/api/v1/conflicts", 200)
    assert listed["conflicts"], listed
    url = "/api/v1/conflicts/{conflict_id}/resolve"
    conform(
        client.post(
            url.format(conflict_id=listed["conflicts"][0]["id"]),
            json={"value": "Kovalenko"},
            headers=H,
        ),
        "post",
        url,
        200,
    )
    conform(
        client.get(
            "/api/v1/conflicts", params={"open": "false", "record_id": c1.upper()}, headers=H
        ),
        "get",
        "/api/v1/conflicts",
        200,
    )

    candidate = propose_pair(service, c1, c3)
    queue = conform(client.get("/api/v1/duplicates", headers=H), "get", "/api/v1/duplicates", 200)
    assert [x["id"] for x in queue["candidates"]] == [candidate]
    url = "/api/v1/duplicates/{candidate_id}/merge"
    merged = conform(
        client.post(
            url.format(candidate_id=candidate),
            json={
                "survivor_id": c1.upper(),
                "keep": {"given_names": "Olena Maria"},
                "reason": "gleich",
            },
            headers=H,
        ),
        "post",
        url,
        200,
    )
    assert merged["survivor_id"] == c1 and merged["merged_id"] == c3
    url = "/api/v1/merges/{merge_id}/undo"
    conform(client.post(url.format(merge_id=merged["id"]), headers=H), "post", url, 200)
    url = "/api/v1/duplicates/{candidate_id}/distinct"
    conform(client.post(url.format(candidate_id=candidate), headers=H), "post", url, 200)
    url = "/api/v1/clients/{survivor_id}/merge"
    direct = conform(
        client.post(url.format(survivor_id=c1.upper()), json={"merged_id": c2.upper()}, headers=H),
        "post",
        url,
        200,
    )
    assert (direct["survivor_id"], direct["merged_id"]) == (c1, c2)
    url = "/api/v1/clients/{client_id}/merges"
    history = conform(client.get(url.format(client_id=c1.upper()), headers=H), "get", url, 200)
    assert len(history["merges"]) == 2
    conform(client.get("/api/v1/merges", headers=H), "get", "/api/v1/merges", 200)

    url = "/api/v1/clients/{client_id}/export"
    export = conform(client.get(url.format(client_id=c1.upper()), headers=H), "get", url, 200)
    assert export["client_id"] == c1
    entries = conform(
        client.get("/api/v1/audit", params={"client_id": c1}, headers=H),
        "get",
        "/api/v1/audit",
        200,
    )
    assert entries["entries"]
    conform(
        client.get("/api/v1/audit", params={"format": "csv", "user": "chefin"}, headers=H),
        "get",
        "/api/v1/audit",
        200,
    )
    url = "/api/v1/clients/{client_id}/erase"
    if url in spec["paths"]:
        conform(
            client.post(
                url.format(client_id=c3), json={"reason": "Antrag nach Art. 17"}, headers=H
            ),
            "post",
            url,
        )
    conform(client.get("/api/v1/version"), "get", "/api/v1/version", 200)
    conform(client.get("/health"), "get", "/health", 200)
    conform(
        client.post(
            "/api/v1/devices/register",
            json={
                "user": "chefin",
                "password": "Brückenbau-Abendrot-42",
                "device_name": "Laptop 2",
            },
        ),
        "post",
        "/api/v1/devices/register",
        200,
    )

    # Errors: the envelope, under the status the document declares.
    conform(client.get("/api/v1/sync/pull"), "get", "/api/v1/sync/pull", 401)
    conform(a.client.get("/api/v1/audit", headers=a.headers), "get", "/api/v1/audit", 403)
    conform(
        client.get(f"/api/v1/clients/{new_id()}/export", headers=H),
        "get",
        "/api/v1/clients/{client_id}/export",
        404,
    )
    conform(a.pull(cursor=10**9), "get", "/api/v1/sync/pull", 409)
    conform(
        client.get("/api/v1/sync/pull", params={"cursor": 2**64}, headers=H),
        "get",
        "/api/v1/sync/pull",
        422,
    )
    conform(
        client.post(
            "/api/v1/devices/register",
            json={"user": "chefin", "password": "falsch", "device_name": "L"},
        ),
        "post",
        "/api/v1/devices/register",
        401,
    )
    oks = {(m, p) for m, p, s in conform.seen if s == 200}
    assert not CHECKED - oks, CHECKED - oks


# The routes whose answers the test above checks (a new route: add it there and here; the fuzz
# run in test_api_fuzz.py checks every route's answers already).
CHECKED = {
    ("post", "/api/v1/devices/register"),
    ("post", "/api/v1/sync/push"),
    ("get", "/api/v1/sync/pull"),
    ("get", "/api/v1/conflicts"),
    ("post", "/api/v1/conflicts/{conflict_id}/resolve"),
    ("get", "/api/v1/duplicates"),
    ("post", "/api/v1/duplicates/{candidate_id}/merge"),
    ("post", "/api/v1/duplicates/{candidate_id}/distinct"),
    ("post", "/api/v1/clients/{survivor_id}/merge"),
    ("get", "/api/v1/clients/{client_id}/merges"),
    ("get", "/api/v1/merges"),
    ("post", "/api/v1/merges/{merge_id}/undo"),
    ("get", "/api/v1/clients/{client_id}/export"),
    ("get", "/api/v1/audit"),
    ("get", "/api/v1/version"),
    ("get", "/health"),
}
