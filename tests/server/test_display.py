"""The waiting-room display (docs/sync-protocol.md "Waiting-room display"), on SQLite and
PostgreSQL: a display token opens one location's page, state and events, nothing else; the
state holds ticket numbers, rooms and times only -- never a name, client id, concern or
language, also for tickets linked to client files; the live channel wakes the page."""

from __future__ import annotations

import pytest

from casefile.ids import new_id
from sync_server import display
from tests.server.helpers import cli, valid_fields
from tests.server.sse import Stream, serving
from tests.server.test_queue import Desk

LOCATION = "lra_naumburg"


@pytest.fixture
def reception(make_device):
    return Desk(make_device("empfang", roles=["reception"], units=["reception"]))


@pytest.fixture
def token(service):
    _id, tok = display.add_display(service.db, LOCATION, "Wartebereich EG")
    return tok


def urls(token: str, location: str = LOCATION) -> list[str]:
    q = f"?token={token}" if token is not None else ""
    return [f"/display/{location}{q}", f"/display/{location}/state{q}"]


def test_a_wrong_missing_revoked_or_foreign_token_gets_403_and_no_data(
    client, service, token, reception
):
    reception.issue()
    other_id, other = display.add_display(service.db, "lra_zeitz")
    revoked_id, revoked = display.add_display(service.db, LOCATION)
    assert display.revoke_display(service.db, revoked_id)
    for bad, location in (
        ("", LOCATION),
        ("x" * 43, LOCATION),
        (token[:-1], LOCATION),
        (revoked, LOCATION),
        (other, LOCATION),  # a Zeitz screen cannot read Naumburg
        (token, "lra_zeitz"),
    ):
        page, state = (client.get(u) for u in urls(bad, location))
        assert page.status_code == 403 and "nicht freigeschaltet" in page.text
        assert state.status_code == 403, state.text
        assert state.json()["error"]["code"] == "display_forbidden"
        for r in (page, state):
            assert "-001" not in r.text and "waiting" not in r.text
    assert client.get(f"/display/{LOCATION}/state").status_code == 403  # no token at all
    assert client.get(f"/display/zeitz/state?token={other}").status_code == 403
    good = client.get(urls(token)[1])
    assert good.status_code == 200 and good.json()["waiting"] == 1


def test_the_state_is_numbers_rooms_and_times_only(client, make_device, reception, token):
    """Tickets linked to client files, with concern and language: the display sees the number
    and the room, and none of the rest in any of its answers."""
    names = []
    linked = []
    for family, given, language in (
        ("Al-Hassan", "Mohammed", "ar"),
        ("Schewtschenko", "Olena", "uk"),
    ):
        cid = new_id()
        fields = valid_fields("client", family_name=family, given_names=given)
        r = reception.dev.push([reception.dev.op("client", cid, fields={"id": cid, **fields})])
        assert r.json()["results"][0]["status"] == "applied", r.text
        names += [family, given]
        tid, _ = reception.issue(
            client_id=cid, language=language, interpreter=True, concern="residence"
        )
        linked.append((tid, cid))
    reception.issue()  # an anonymous one, still waiting
    abh = make_device("m.mueller", units=["abh"])
    called = []
    for desk in ("Raum 1.04", "Raum 2.11"):
        r = client.post(
            "/api/v1/queue/call", json={"location": LOCATION, "desk": desk}, headers=abh.headers
        )
        assert r.status_code == 200 and r.json()["ticket"], r.text
        called.append((r.json()["ticket"]["fields"]["number"], desk))
    page, state = (client.get(u) for u in urls(token))
    assert page.status_code == 200 and state.status_code == 200
    body = state.json()
    assert set(body) == {"location", "title", "day", "calls", "waiting", "hours"}  # issue 20
    assert [(c["number"], c["desk"]) for c in body["calls"]] == called[::-1]  # newest first
    assert all(set(c) == {"number", "desk", "at"} for c in body["calls"])
    assert body["waiting"] == 1
    everything = page.text + state.text + client.get("/display/static/display.js").text
    secrets = names + [cid for _tid, cid in linked] + [tid for tid, _cid in linked]
    secrets += ["residence", '"ar"', '"uk"', "interpreter", "abh", "concern", "language"]
    for secret in secrets:
        assert secret not in everything, secret


def test_the_page_is_locked_down(client, token):
    page, state = (client.get(u) for u in urls(token))
    for r in (page, state):
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["cache-control"] == "no-store"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text and 'src="/display/static/display.js"' in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no external asset
    js = client.get("/display/static/display.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in js.text  # texts go in as text (a desk is typed by staff)
    assert client.get("/display/static/display.css").status_code == 200


def test_the_display_is_woken_by_its_queue_only(app, client, service, token, reception):
    other_id, other = display.add_display(service.db, "lra_zeitz")
    with serving(app) as base:
        mine = Stream(f"{base}/display/{LOCATION}/events?token={token}")
        theirs = Stream(f"{base}/display/lra_zeitz/events?token={other}")
        refused = Stream(f"{base}/display/{LOCATION}/events?token={other}")
        try:
            assert refused.status == 403 and b"display_forbidden" in refused.body
            assert mine.status == 200 and theirs.status == 200
            mine.next("hello")
            theirs.next("hello")
            reception.issue()
            mine.next("queue")
            assert [n for n, _ in theirs.drain(0.5)] == []
            display.revoke_display(service.db, other_id)
        finally:
            for s in (mine, theirs, refused):
                s.close()


def test_a_revoked_display_stream_ends(app, client, service, monkeypatch):
    from sync_server import live

    monkeypatch.setattr(live, "HEARTBEAT_S", 0.3)
    display_id, tok = display.add_display(service.db, LOCATION)
    with serving(app) as base:
        s = Stream(f"{base}/display/{LOCATION}/events?token={tok}")
        try:
            s.next("hello")
            s.next("ping")  # a display's heartbeat is an event: the page counts it
            display.revoke_display(service.db, display_id)
            assert s.next("end", timeout=3)[0] == {"code": "display_forbidden"}
        finally:
            s.close()


def test_the_command_line(db_url):
    out = cli("add-display", LOCATION, "--name", "Wartebereich EG", url=db_url).stdout
    lines = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    display_id, tok = lines["display_id"].strip(), lines["token"].strip()
    assert len(tok) >= 40 and f"/display/{LOCATION}?token={tok}" in out
    listed = cli("displays", url=db_url).stdout
    assert display_id in listed and "Wartebereich EG" in listed and tok not in listed
    assert "active" in listed
    cli("revoke-display", display_id, url=db_url)
    assert "revoked" in cli("displays", url=db_url).stdout
    assert cli("revoke-display", display_id, url=db_url, check=False).returncode == 1
    bad = cli("add-display", "mond", url=db_url, check=False)
    assert bad.returncode == 1 and "mond" in bad.stderr
