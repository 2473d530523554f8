"""Shared set-up of the sync tests: the real server app in-process, devices with their stores.

Requests made by the desktop's :class:`SyncClient` (``requests``) are routed by a transport
adapter into ``fastapi.testclient.TestClient``: the real HTTP API, with no sockets. The
adapter can lose an answer after the server handled the request, or fail before it did,
to simulate a broken connection.
"""
import uuid
import warnings
from typing import Callable

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from casefile.records import Client, Consultation, utcnow

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
        path = request.url[len(SERVER):]
        r = self.tc.request(request.method, path, content=request.body,
                            headers=dict(request.headers))
        self.calls.append((request.method, path.split("?")[0], r.status_code))
        if self.fault:
            self.fault(request, "after")
        response = requests.Response()
        response.status_code = r.status_code
        response._content = r.content               # httpx already undid gzip
        headers = {k: v for k, v in r.headers.items()
                   if k.lower() not in ("content-encoding", "content-length")}
        response.headers = CaseInsensitiveDict(headers)
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self):
        pass


@pytest.fixture
def server(tmp_path):
    """The sync server app on a fresh SQLite file, with a TestClient."""
    from sync_server.api import create_app
    from sync_server.config import Settings
    from sync_server.db import migrate
    # The duplicate check stays off here: these tests make many clients of the same few
    # names on purpose. tests/desktop/test_sync_identity.py turns it on.
    settings = Settings.load(environ={}, database_url=f"sqlite:///{tmp_path / 'server.sqlite'}",
                             check_duplicates=False)
    app = create_app(settings)
    migrate(app.state.service.db)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    with TestClient(app) as tc:
        app.state.tc = tc
        yield app
    app.state.service.db.dispose()


class Device:
    """One laptop: its own store, HTTP client (through the adapter) and sync engine."""

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
        self.client.token = reg["token"]
        self.device_id = reg["device_id"]
        state.connect(store.engine, SERVER, reg["device_id"], user, reg["epoch"])
        self.engine = SyncEngine(store, self.client)

    def sync(self, **kw):
        return self.engine.sync_once(**kw)


@pytest.fixture
def make_device(server, tmp_path):
    """make_device(name) -> Device with a fresh store; the user is created on first use."""
    from casefile import catalogs
    from desktop.store.repo import Store
    from sync_server.auth import create_user
    stores, users = [], set()

    def make(name: str = "", user: str = "a.schneider", units=None,
             roles=("caseworker",)) -> Device:
        # By default a caseworker of every unit: sees every record, as before access rules.
        # tests/desktop/test_sync_access.py narrows it.
        if units is None:
            units = sorted(catalogs.load("unit").codes)
        if user not in users:
            create_user(server.state.service.db, user, PASSWORD, list(roles), list(units))
            users.add(user)
        name = name or f"laptop-{uuid.uuid4().hex[:6]}"
        store = Store.open(tmp_path / f"{name}.sqlite")
        stores.append(store)
        return Device(server, store, user, name)

    yield make
    for s in stores:
        s.close()


def new_client(family="Kovalenko", given="Olena", **kw) -> Client:
    import datetime as dt
    base = dict(birth_date=dt.date(1985, 3, 12), sex="f", nationalities=["UKR"])
    base.update(kw)
    return Client(family, given, **base)


def new_consultation(client_id: str, note="Erstgespräch", **kw) -> Consultation:
    import datetime as dt
    base = dict(client_id=client_id, started_at=utcnow() - dt.timedelta(hours=1),
                unit="integration", caseworker="a.schneider", location="lra_naumburg",
                kind="walk_in", topics=["housing"], note=note)
    base.update(kw)
    return Consultation(**base)


ERASER = "dsb.erase"


def erase_online(app, client_id: str, *then_sync: Device,
                 reason: str = "Löschantrag nach Art. 17 DSGVO") -> dict:
    """An administrator erases the client file on the server, the one way there is
    (``POST /api/v1/clients/{id}/erase``; a laptop's delete of a client is refused,
    ``erase_only``); the laptops *then_sync* sync at once. Returns the server's answer."""
    from sync_server.auth import create_user
    tc = app.state.tc
    token = getattr(app.state, "eraser_token", None)
    if token is None:
        create_user(app.state.service.db, ERASER, PASSWORD, ["administrator"], [])
        reg = tc.post("/api/v1/devices/register",
                      json={"user": ERASER, "password": PASSWORD, "device_name": "Datenschutz"})
        assert reg.status_code == 200, reg.text
        token = app.state.eraser_token = reg.json()["token"]
    r = tc.post(f"/api/v1/clients/{client_id}/erase", json={"reason": reason},
                headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    for dev in then_sync:
        dev.sync()
    return r.json()


def refused_edit(make_device):
    """The client is erased online (laptop A syncs at once) while laptop B, offline, edits its
    phone; B has not synced yet. Returns (a, b, client)."""
    a, b = make_device("a"), make_device("b")
    client = new_client()
    a.store.create_client(client)
    a.sync()
    b.sync()
    erase_online(a.app, client.id, a)
    copy = b.store.get_client(client.id)
    copy.phone = "0171 999"
    b.store.update_client(copy)
    return a, b, client
