"""Conflicts through the API: listed, settled by a person, propagated by pull."""

from casefile import sync
from casefile.ids import new_id
from tests.server.helpers import valid_fields

LETTERS = "abcdefghijklmnopqrstuvwxyz"  # names hold no digits (the forms' rule)


def setup_client(a):
    cid = new_id()
    r = a.push([a.op("client", cid, fields=valid_fields("client", phone="0151 1"))])
    assert r.json()["results"][0]["status"] == "applied"
    clocks = next(c for c in a.pull_all() if c["id"] == cid)["clocks"]
    return cid, clocks


def test_same_identity_field_opens_a_conflict_a_person_settles(make_device, envelope):
    a, b = make_device("a.schneider", "dev-a"), make_device("m.mueller", "dev-b")
    cid, clocks = setup_client(a)
    base = {"family_name": clocks["family_name"], "phone": clocks["phone"]}
    ra = a.push(
        [a.op("client", cid, "update", {"family_name": "Kowalenko", "phone": "0151 2"}, base)]
    )
    rb = b.push(
        [
            b.op(
                "client",
                cid,
                "update",
                {"family_name": "Kovalenko-Schmidt", "phone": "0151 3"},
                base,
            )
        ]
    )
    assert ra.json()["results"][0]["status"] == "applied"
    result = rb.json()["results"][0]
    assert result["status"] == sync.CONFLICT
    by_field = {c["field"]: c for c in result["conflicts"]}
    assert by_field["family_name"]["needs_person"] and not by_field["phone"]["needs_person"]
    assert all(c["id"] for c in result["conflicts"])

    open_ = a.client.get("/api/v1/conflicts", params={"open": "true"}, headers=a.headers).json()
    (conflict,) = open_["conflicts"]  # the phone is history, not open
    assert conflict["field"] == "family_name" and conflict["client_id"] == cid
    assert conflict["resolved_at"] is None and conflict["device_id"] == b.id
    history = a.client.get(
        "/api/v1/conflicts", params={"open": "false", "record_id": cid}, headers=a.headers
    ).json()["conflicts"]
    phone = next(c for c in history if c["field"] == "phone")
    assert phone["resolved_by"] == "rule" and phone["value"] == "0151 2"

    cursor = a.pull_all()[-1]["seq"]
    loser = conflict["value"]
    r = a.client.post(
        f"/api/v1/conflicts/{conflict['id']}/resolve", json={"value": loser}, headers=a.headers
    )
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["conflict"]["resolved_at"] and "a.schneider" in done["conflict"]["resolved_by"]
    assert done["settled"] == [conflict["id"]] and done["seq"] > cursor
    (change,) = b.pull(cursor).json()["changes"]
    assert change["fields"]["family_name"] == loser and change["seq"] == done["seq"]
    assert change["clocks"]["family_name"] > max(conflict["hlc"], conflict["winner_hlc"])
    assert a.client.get("/api/v1/conflicts", headers=a.headers).json()["conflicts"] == []
    envelope(
        a.client.post(
            f"/api/v1/conflicts/{conflict['id']}/resolve", json={"value": "x"}, headers=a.headers
        ),
        409,
        "conflict_resolved",
    )


def test_resolving_settles_every_open_conflict_of_the_field(make_device):
    devs = [make_device(node=f"dev-{i}") for i in range(3)]
    cid, clocks = setup_client(devs[0])
    for i, d in enumerate(devs):
        d.push(
            [
                d.op(
                    "client",
                    cid,
                    "update",
                    {"given_names": f"Name{LETTERS[i]}"},
                    {"given_names": clocks["given_names"]},
                )
            ]
        )
    open_ = devs[0].client.get("/api/v1/conflicts", headers=devs[0].headers).json()["conflicts"]
    assert len(open_) == 2
    r = (
        devs[0]
        .client.post(
            f"/api/v1/conflicts/{open_[0]['id']}/resolve",
            json={"value": "Olena"},
            headers=devs[0].headers,
        )
        .json()
    )
    assert sorted(r["settled"]) == sorted(c["id"] for c in open_)
    assert devs[1].pull_all()[0]["fields"]["given_names"] == "Olena"


def test_resolve_refuses_bad_values_unknown_conflicts_and_deleted_records(
    make_device, envelope, erase
):
    a, b = make_device(node="dev-a"), make_device(node="dev-b")
    cid, clocks = setup_client(a)
    for d, name in ((a, "A"), (b, "B")):
        d.push(
            [
                d.op(
                    "client",
                    cid,
                    "update",
                    {"family_name": name},
                    {"family_name": clocks["family_name"]},
                )
            ]
        )
    (conflict,) = a.client.get("/api/v1/conflicts", headers=a.headers).json()["conflicts"]
    url = f"/api/v1/conflicts/{conflict['id']}/resolve"
    envelope(
        a.client.post(url, json={"value": "x" * (sync.MAX_TEXT + 1)}, headers=a.headers),
        422,
        "invalid_value",
    )
    # A value the form would refuse (no digits in a name) is refused like a push of it.
    envelope(
        a.client.post(url, json={"value": "K0valenko"}, headers=a.headers), 422, "invalid_value"
    )
    envelope(a.client.post(url, json={}, headers=a.headers), 422, "invalid_request")
    envelope(
        a.client.post(
            f"/api/v1/conflicts/{new_id()}/resolve", json={"value": "A"}, headers=a.headers
        ),
        404,
        "not_found",
    )
    # A conflict of a record deleted meanwhile (a file number: a client is only erased).
    ident = new_id()
    a.push([a.op("client_identifier", ident, fields=valid_fields("client_identifier", cid))])
    clock = next(c for c in a.pull_all() if c["id"] == ident)["clocks"]["value"]
    for d, value in ((a, "7123456-439"), (b, "7123456-440")):
        d.push([d.op("client_identifier", ident, "update", {"value": value}, {"value": clock})])
    (numbers,) = a.client.get(
        "/api/v1/conflicts", params={"record_id": ident}, headers=a.headers
    ).json()["conflicts"]
    assert numbers["needs_person"]
    assert (
        a.push([a.op("client_identifier", ident, "delete")]).json()["results"][0]["status"]
        == "applied"
    )
    envelope(
        a.client.post(
            f"/api/v1/conflicts/{numbers['id']}/resolve",
            json={"value": "7123456-439"},
            headers=a.headers,
        ),
        409,
        "record_deleted",
    )
    # An erased client's conflicts go with the file.
    assert erase(cid).status_code == 200
    envelope(a.client.post(url, json={"value": "A"}, headers=a.headers), 404, "not_found")
    assert (
        a.client.get(
            "/api/v1/conflicts", params={"open": "false", "client_id": cid}, headers=a.headers
        ).json()["conflicts"]
        == []
    )


def test_conflict_list_pages(make_device):
    devs = [make_device(node=f"dev-{i}") for i in range(2)]
    for _ in range(3):
        cid, clocks = setup_client(devs[0])
        for i, d in enumerate(devs):
            d.push(
                [
                    d.op(
                        "client",
                        cid,
                        "update",
                        {"family_name": f"N{LETTERS[i]}"},
                        {"family_name": clocks["family_name"]},
                    )
                ]
            )
    h = devs[0].headers
    first = devs[0].client.get("/api/v1/conflicts", params={"limit": 2}, headers=h).json()
    assert len(first["conflicts"]) == 2 and first["has_more"]
    rest = (
        devs[0]
        .client.get(
            "/api/v1/conflicts", params={"limit": 2, "after": first["next_after"]}, headers=h
        )
        .json()
    )
    assert len(rest["conflicts"]) == 1 and not rest["has_more"]
