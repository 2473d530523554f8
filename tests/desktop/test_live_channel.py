"""The laptop's live channel (desktop/sync/live.py) against a real server process: a ticket
another PC issues at my queue is a hint within a second; a commit elsewhere is not; a killed
server is noticed (the controller then polls more often) and the channel comes back with it."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import requests

from bench.common import create_op
from casefile.hlc import Clock
from casefile.ids import new_id
from desktop.sync.client import SyncClient
from desktop.sync.live import LiveChannel
from tests.server.helpers import cli, running_server

PASSWORD = "Brückenbau-Abendrot-42"


def register(base: str, user: str) -> dict:
    r = requests.post(
        f"{base}/api/v1/devices/register",
        json={"user": user, "password": PASSWORD, "device_name": f"PC {user}"},
        timeout=30,
    )
    r.raise_for_status()
    return r.json()


def push(base: str, reg: dict, ops: list[dict]) -> dict:
    r = requests.post(
        f"{base}/api/v1/sync/push",
        json={
            "protocol": 1,
            "schema": 1,
            "epoch": reg["epoch"],
            "device_id": reg["device_id"],
            "ops": ops,
        },
        headers={"Authorization": f"Bearer {reg['token']}"},
        timeout=30,
    )
    r.raise_for_status()
    return r.json()


def op(clock: Clock, kind: str, fields: dict) -> dict:
    rid = new_id()
    return create_op(clock, kind, rid, {"id": rid, **fields})


@pytest.fixture
def server(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite'}"
    for args in (
        ("create-user", "empfang", "--role", "reception", "--unit", "reception"),
        ("create-user", "m.mueller", "--unit", "abh"),
    ):
        cli(*args, url=url, stdin=PASSWORD + "\n")
    with running_server(url, tmp_path / "server.log") as (base, proc):
        yield {"proc": proc, "base": base, "url": url, "log": tmp_path / "server.log"}


def test_a_ticket_at_my_queue_is_a_hint_and_a_dead_server_is_noticed(server, qtbot, tmp_path):
    base = server["base"]
    reception, caseworker = register(base, "empfang"), register(base, "m.mueller")
    ups: list[bool] = []
    hints: list[float] = []
    channel = LiveChannel(
        lambda: SyncClient(base, caseworker["token"]),
        on_hint=lambda: hints.append(time.perf_counter()),
        on_up=ups.append,
    )
    channel.start()
    qtbot.waitUntil(lambda: channel.connected, timeout=5000)
    try:
        assert hints == []  # the first "hello": the controller syncs at start anyway
        # A commit of something else (a client file) is no hint: the timer handles it.
        clock = Clock("reception")
        push(
            base,
            reception,
            [
                op(
                    clock,
                    "client",
                    {
                        "family_name": "Haddad",
                        "given_names": "Amal",
                        "birth_date_precision": "unknown",
                    },
                )
            ],
        )
        qtbot.wait(600)
        assert hints == []
        # A ticket at my queue is, within a second.
        prefix = requests.post(
            f"{base}/api/v1/queue/prefix",
            headers={"Authorization": f"Bearer {reception['token']}"},
            timeout=10,
        ).json()["prefix"]
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        started = time.perf_counter()
        push(
            base,
            reception,
            [
                op(
                    clock,
                    "walk_in_ticket",
                    {
                        "location": "lra_naumburg",
                        "day": dt.datetime.now().astimezone().date().isoformat(),
                        "number": f"{prefix}-001",
                        "arrived_at": now,
                        "concern": "residence",
                        "unit": "abh",
                        "status": "waiting",
                    },
                )
            ],
        )
        qtbot.waitUntil(lambda: bool(hints), timeout=1000)
        assert hints[0] - started < 1.0
        # The server dies: the channel says so (the controller polls more often meanwhile).
        server["proc"].kill()
        server["proc"].wait(10)
        qtbot.waitUntil(lambda: ups and ups[-1] is False, timeout=15000)
        assert not channel.connected
    finally:
        channel.stop()


def test_stopping_an_open_channel_does_not_wait_for_the_heartbeat(server, qtbot):
    """The reader is blocked until the next heartbeat (15 s); stop() ends it at once (it once
    waited for that heartbeat: every laptop that closed hung up to 15 s)."""
    reg = register(server["base"], "m.mueller")
    channel = LiveChannel(lambda: SyncClient(server["base"], reg["token"]))
    channel.start()
    qtbot.waitUntil(lambda: channel.connected, timeout=5000)  # the stream is open
    qtbot.wait(300)  # the reader is now waiting in the socket
    started = time.perf_counter()
    channel.stop()
    assert time.perf_counter() - started < 1.5
    assert channel._thread is not None and not channel._thread.is_alive()
