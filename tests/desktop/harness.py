"""Helpers of the sync tests (not fixtures: those are in tests/desktop/conftest.py): devices
with their stores against the real server app in-process.

Requests made by the desktop's :class:`SyncClient` (``requests``) are routed by a transport
adapter into ``fastapi.testclient.TestClient``: the real HTTP API, with no sockets. The
adapter can lose an answer after the server handled the request, or fail before it did,
to simulate a broken connection.
"""

import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import orjson
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from casefile.records import Client, Consultation, utcnow
from sync_server.middleware import zstd

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"  # a Zstandard frame's first bytes (RFC 8878)

ROOT = Path(__file__).resolve().parents[2]

SERVER = "http://sync.test"
PASSWORD = "Brückenbau-Abendrot-42"


class ASGIAdapter(BaseAdapter):
    """A requests transport that hands each request to a TestClient of the server app.

    ``fault(request, phase)`` may raise (e.g. ``requests.ConnectionError``) in phase "before"
    (nothing reached the server) or "after" (the server committed, the answer is lost).
    """

    def __init__(self, testclient):
        super().__init__()
        self.tc = testclient
        self.fault: Callable | None = None
        self.calls: list[tuple[str, str, int]] = []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        if self.fault:
            self.fault(request, "before")
        path = request.url[len(SERVER) :]
        r = self.tc.request(
            request.method, path, content=request.body, headers=dict(request.headers)
        )
        self.calls.append((request.method, path.split("?")[0], r.status_code))
        if self.fault:
            self.fault(request, "after")
        response = requests.Response()
        response.status_code = r.status_code
        # httpx undid gzip, and zstd where the zstandard package is installed; where not, the
        # frame is unpacked here, as urllib3 does for the desktop (backports.zstd).
        response._content = r.content
        if r.headers.get("content-encoding") == "zstd" and r.content[:4] == ZSTD_MAGIC:
            response._content = zstd.decompress(r.content)
        headers = {
            k: v
            for k, v in r.headers.items()
            if k.lower() not in ("content-encoding", "content-length")
        }
        response.headers = CaseInsensitiveDict(headers)
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self):
        pass


def server_app(folder: Path):
    """The sync server app on a fresh, migrated SQLite file in *folder* (no TestClient yet).

    The duplicate check stays off: the sync tests make many clients of the same few names on
    purpose (tests/desktop/test_sync_identity.py turns it on)."""
    from sync_server.api import create_app
    from sync_server.config import Settings
    from sync_server.db import migrate

    settings = Settings.load(
        environ={},
        database_url=f"sqlite:///{folder / 'server.sqlite'}",
        check_duplicates=False,
        duplicate_check_quiet_s=0,  # test_duplicates_view turns the check on: at once
    )
    app = create_app(settings)
    migrate(app.state.service.db)
    return app


def asgi_client(app):
    """A TestClient of *app*, not started (``with``, or ``__enter__``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app)


class Device:
    """One laptop: its own store, HTTP client (through the adapter) and sync engine."""

    engine_options: dict = {}  # keyword arguments of its SyncEngine

    def __init__(self, app, store, user: str, name: str):
        from desktop.sync import state
        from desktop.sync.client import SyncClient
        from desktop.sync.engine import SyncEngine

        self.app = app
        self.store = store
        self.adapter = ASGIAdapter(app.state.tc)
        session = requests.Session()
        session.mount(SERVER, self.adapter)
        self.client = SyncClient(SERVER, session=session, sleep=lambda _s: None)
        reg = self.client.register(user, PASSWORD, name)
        self.device_id, self.client.token = reg["device_id"], reg["token"]
        state.remember(store.engine, SERVER, user, reg)  # as the app: with units and roles
        self.engine = SyncEngine(store, self.client, **self.engine_options)

    def register(self, user: str, name: str) -> tuple[str, str, str]:
        """(device id, token, epoch): the laptop registers with the user's password."""
        reg = self.client.register(user, PASSWORD, name)
        return reg["device_id"], reg["token"], reg["epoch"]

    def sync(self, **kw):
        return self.engine.sync_once(**kw)


def new_client(family="Kovalenko", given="Olena", **kw) -> Client:
    import datetime as dt

    base = dict(birth_date=dt.date(1985, 3, 12), sex="f", nationalities=["UKR"])
    base.update(kw)
    return Client(family, given, **base)


def new_consultation(client_id: str, note="Erstgespräch", **kw) -> Consultation:
    import datetime as dt

    base = dict(
        client_id=client_id,
        started_at=utcnow() - dt.timedelta(hours=1),
        unit="integration",
        caseworker="a.schneider",
        location="lra_naumburg",
        kind="walk_in",
        topics=["housing"],
        note=note,
    )
    base.update(kw)
    return Consultation(**base)


def shared_client(devices, **kw) -> Client:
    """A client made on the first device and synced to all, in their order."""
    client = new_client(**kw)
    devices[0].store.create_client(client)
    for d in devices:
        d.sync()
    return client


ERASER = "dsb.erase"


def erase_online(
    app, client_id: str, *then_sync: Device, reason: str = "Löschantrag nach Art. 17 DSGVO"
) -> dict:
    """An administrator erases the client file on the server, the one way there is
    (``POST /api/v1/clients/{id}/erase``; a laptop's delete of a client is refused,
    ``erase_only``); the laptops *then_sync* sync at once. Returns the server's answer."""
    from sync_server.auth import create_user

    tc = app.state.tc
    token = getattr(app.state, "eraser_token", None)
    if token is None:
        create_user(app.state.service.db, ERASER, PASSWORD, ["administrator"], [])
        reg = tc.post(
            "/api/v1/devices/register",
            json={"user": ERASER, "password": PASSWORD, "device_name": "Datenschutz"},
        )
        assert reg.status_code == 200, reg.text
        token = app.state.eraser_token = reg.json()["token"]
    r = tc.post(
        f"/api/v1/clients/{client_id}/erase",
        json={"reason": reason},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 200, r.text
    for dev in then_sync:
        dev.sync()
    return r.json()


def refused_edit(make_device):
    """The client is erased online (laptop A syncs at once) while laptop B, offline, edits its
    phone; B has not synced yet. Returns (a, b, client)."""
    a, b = make_device("a"), make_device("b")
    client = shared_client([a, b])
    erase_online(a.app, client.id, a)
    copy = b.store.get_client(client.id)
    copy.phone = "0171 999"
    b.store.update_client(copy)
    return a, b, client


def session(app) -> requests.Session:
    """A requests session whose calls to SERVER reach *app* through the adapter."""
    s = requests.Session()
    s.mount(SERVER, ASGIAdapter(app.state.tc))
    return s


def connection(device):
    """The desktop's Connection of *device* (its store and token) for the Qt dialogs."""
    from desktop.sync.connection import Connection

    return Connection(
        device.store,
        lambda url, dev: device.client.token,
        session_factory=lambda: session(device.app),
    )


def server_record(app, record_id: str) -> dict:
    from sqlalchemy import text

    with app.state.service.db.reader.connect() as conn:
        r = conn.execute(
            text("SELECT fields, clocks, deleted FROM records WHERE id = :i"), {"i": record_id}
        ).one()
    return {
        "fields": orjson.loads(r.fields),
        "clocks": orjson.loads(r.clocks),
        "deleted": bool(r.deleted),
    }


def notes(dev) -> dict[str, str]:
    from sqlalchemy import text

    with dev.store.engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, note FROM consultation")).all())


def provision(tmp_path, server: str, user: str, password: str, store: Path):
    """``mia-desk --provision`` as a process, in a throwaway home."""
    env = dict(
        os.environ,
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "cfg"),
        MIA_DESK_CONFIG=str(tmp_path / "none.toml"),
        QT_QPA_PLATFORM="offscreen",
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop.app",
            "--provision",
            "--server",
            server,
            "--user",
            user,
            "--store",
            str(store),
        ],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=180,
    )
