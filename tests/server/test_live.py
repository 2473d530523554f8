"""The live channel (``GET /api/v1/events``, docs/sync-protocol.md "Live channel"), on SQLite
and PostgreSQL: a PC hears another PC's push and the server's call of a ticket; a queue's
event reaches only the staff of that queue's location; nothing of a record goes out; a revoked
device's stream ends; on PostgreSQL the processes of two real servers hear each other."""

from __future__ import annotations

import time

import pytest
import requests

from sync_server import live
from sync_server.auth import revoke_device
from tests.server.helpers import cli, running_server
from tests.server.sse import Stream, serving
from tests.server.test_queue import WALK_IN, Desk

NAUMBURG = "walk_in:lra_naumburg"
WEISSENFELS = "walk_in:lra_weissenfels"
# A unit that serves no queue at Weißenfels (but, like every unit, the one at Naumburg).
ELSEWHERE = next(
    u for u in ("coordination", "projects", "volunteering") if u not in WALK_IN["lra_weissenfels"]
)
ALLOWED_KEYS = {"seq", "queues", "queue", "resync", "code"}


@pytest.fixture
def base(app, client):
    """The app behind a real HTTP port (the TestClient, for set-up, shares its database)."""
    with serving(app) as url:
        yield url


@pytest.fixture
def reception(make_device):
    return Desk(make_device("empfang", roles=["reception"], units=["reception"]))


def stream(base, dev) -> Stream:
    s = Stream(f"{base}/api/v1/events", dev.headers)
    assert s.status == 200, s.body
    assert s.response_headers["content-type"].startswith("text/event-stream")
    return s


def test_a_pc_hears_another_pcs_push_and_the_servers_call(base, make_device, reception):
    abh = make_device("m.mueller", units=["abh"])
    s = stream(base, abh)
    try:
        hello, _ = s.next("hello")
        assert NAUMBURG in hello["queues"] and WEISSENFELS in hello["queues"]
        reception.issue()
        queue_event, _ = s.next("queue", where=lambda d: d["queue"] == NAUMBURG)
        changed, _ = s.next("changed")
        assert changed["seq"] >= queue_event["seq"] > hello["seq"]
        # The server's own write (the atomic call) notifies too.
        r = abh.client.post(
            "/api/v1/queue/call",
            json={"location": "lra_naumburg", "desk": "Raum 1.04"},
            headers=abh.headers,
        )
        assert r.status_code == 200 and r.json()["ticket"] is not None, r.text
        after_call, _ = s.next("queue", where=lambda d: d["seq"] > queue_event["seq"])
        assert after_call["queue"] == NAUMBURG
        # No record content on the channel, ever: sequence numbers and queue names.
        for _name, data in s.seen:
            assert not isinstance(data, dict) or set(data) <= ALLOWED_KEYS, data
    finally:
        s.close()


def test_a_queue_event_reaches_only_the_staff_of_its_location(base, make_device, reception):
    weissenfels = make_device("w.staff", units=["abh"])
    other = make_device("o.staff", units=[ELSEWHERE])
    s_in, s_out = stream(base, weissenfels), stream(base, other)
    try:
        s_in.next("hello")
        hello_out, _ = s_out.next("hello")
        assert WEISSENFELS not in hello_out["queues"]
        reception.issue(location="lra_weissenfels")
        got, _ = s_in.next("queue", where=lambda d: d["queue"] == WEISSENFELS)
        changed, _ = s_out.next("changed", where=lambda d: d["seq"] >= got["seq"])
        later = s_out.drain(0.3)
        assert not [d for n, d in s_out.seen if n == "queue" and d["queue"] == WEISSENFELS]
        assert later == [] or all(n != "queue" for n, _ in later)
        assert changed["seq"] >= got["seq"]
    finally:
        s_in.close()
        s_out.close()


def test_a_revoked_device_loses_its_stream_and_heartbeats_keep_it_open(
    base, make_device, service, monkeypatch
):
    monkeypatch.setattr(live, "HEARTBEAT_S", 0.3)
    dev = make_device("m.mueller", units=["abh"])
    s = stream(base, dev)
    try:
        s.next("hello")
        s.next("comment")  # the heartbeat: a comment line
        revoke_device(service.db, dev.id)
        end, _ = s.next("end", timeout=3)
        assert end == {"code": "device_revoked"}
        s.next("closed", timeout=3)
    finally:
        s.close()


def test_without_a_token_no_stream(base, envelope):
    r = requests.get(f"{base}/api/v1/events", timeout=5)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


def test_a_push_does_not_wait_for_the_channel(app, make_device, reception, monkeypatch):
    """The push only notes the change; a slow channel (a stuck PostgreSQL NOTIFY) costs the
    push nothing."""
    channel = live.of(app.state.service.db)
    real = channel._send_loop

    def slow_sender():
        time.sleep(2)
        real()

    with channel._wake:
        if channel._sender is None:
            monkeypatch.setattr(channel, "_send_loop", slow_sender)
    started = time.perf_counter()
    reception.issue()
    assert time.perf_counter() - started < 1.5


# --- PostgreSQL: two real servers, the processes hear each other ------------------------------


def test_across_server_processes_on_postgresql(db_url, tmp_path):
    if db_url.startswith("sqlite"):
        pytest.skip("one process on SQLite: the in-process broadcaster (tested above)")
    password = "Brückenbau-Abendrot-42\n"
    cli(
        "create-user",
        "empfang",
        "--role",
        "reception",
        "--unit",
        "reception",
        url=db_url,
        stdin=password,
    )
    cli("create-user", "m.mueller", "--unit", "abh", url=db_url, stdin=password)
    streams: list[Stream] = []
    with (
        running_server(db_url, tmp_path / "one.log", 2) as (base1, _first),
        running_server(db_url, tmp_path / "two.log", 1) as (base2, _second),
    ):
        try:
            _across(base1, base2, password, streams)
        finally:
            for s in streams:
                s.close()


def _across(base1: str, base2: str, password: str, streams: list) -> None:
    """Streams on the first server hear a push to the second, through PostgreSQL."""
    http = requests.Session()

    def register(base, user):
        r = http.post(
            f"{base}/api/v1/devices/register",
            json={"user": user, "password": password.strip(), "device_name": user},
            timeout=10,
        )
        assert r.status_code == 200, r.text
        return r.json()

    listener = register(base1, "m.mueller")
    desk = register(base2, "empfang")
    auth = {"Authorization": f"Bearer {listener['token']}"}
    # Several streams on the first server: its two worker processes both serve some.
    streams += [Stream(f"{base1}/api/v1/events", auth) for _ in range(4)]
    for s in streams:
        assert s.status == 200, s.body
        s.next("hello")

    class Remote:
        """Dev's interface over real HTTP, for the Desk helper."""

        def __init__(self, reg):
            from casefile.hlc import Clock

            self.id, self.token, self.epoch = reg["device_id"], reg["token"], reg["epoch"]
            self.clock = Clock("desk")
            self.headers = {"Authorization": f"Bearer {self.token}"}
            self.client = _Client(base2)

    from tests.server.helpers import Dev

    Remote.op, Remote.body, Remote.push = Dev.op, Dev.body, Dev.push
    latencies = []
    reception = Desk(Remote(desk))
    for _ in range(3):
        sent = time.perf_counter()
        reception.issue()
        for s in streams:
            _data, at = s.next("queue", timeout=5, where=lambda d: d["queue"] == NAUMBURG)
            latencies.append(at - sent)
    print(f"cross-process push-to-event latency: max {max(latencies) * 1000:.0f} ms")
    assert max(latencies) < 2.0


class _Client:
    """The few calls Dev and Desk make, over real HTTP (requests) instead of the TestClient."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()

    def post(self, path, json=None, headers=None):
        return self.http.post(self.base + path, json=json, headers=headers, timeout=10)

    def get(self, path, params=None, headers=None):
        return self.http.get(self.base + path, params=params, headers=headers, timeout=10)
