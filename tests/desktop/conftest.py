"""Fixtures shared by the desktop tests. Helpers that are not fixtures: tests/desktop/harness.py."""

import datetime as dt
import uuid

import pytest

from tests.desktop.harness import PASSWORD, Device, asgi_client, server_app


@pytest.fixture
def server(tmp_path):
    """The sync server app on a fresh SQLite file, with a TestClient."""
    app = server_app(tmp_path)
    with asgi_client(app) as tc:
        app.state.tc = tc
        yield app
    app.state.service.db.dispose()


@pytest.fixture
def make_device(server, tmp_path):
    """make_device(name) -> Device with a fresh store; the user is created on first use."""
    from casefile import catalogs
    from desktop.store.repo import Store
    from sync_server.auth import create_user

    stores, users = [], set()

    def make(
        name: str = "", user: str = "a.schneider", units=None, roles=("caseworker",)
    ) -> Device:
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


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """A real ``mia-sync-server`` process (seed-demo, create-user, serve), one for the whole run.

    Its tests only read from it, register devices and push new client files of their own; none
    counts on the server holding exactly the seeded files, so one process can serve them all."""
    from desktop.sync.embedded import EmbeddedServer

    demo = EmbeddedServer(tmp_path_factory.mktemp("demo-server"), clients=25)
    demo.start(timeout=120)  # generous: a loaded CI machine starts slowly
    yield demo
    process = demo.process
    demo.stop()
    assert process.poll() is not None  # the server is gone after stop()


@pytest.fixture
def client_id(ctx):
    """A client (Samira Haddad, Arabic and English) in the store of *ctx*."""
    from casefile.records import Client, LanguageSkill

    return ctx.store.create_client(
        Client(
            "Haddad",
            "Samira",
            dt.date(1990, 5, 17),
            nationalities=["SYR"],
            languages=[LanguageSkill("ar", True), LanguageSkill("en")],
        )
    )


@pytest.fixture
def open_file(ctx, qtbot):
    """open_file(client_id) -> a shown ClientFileView, loaded (or showing its load error)."""
    from desktop.ui.client_file import ClientFileView

    def make(cid):
        view = ClientFileView(ctx, cid)
        qtbot.addWidget(view)
        view.resize(1200, 800)
        view.show()
        qtbot.waitUntil(lambda: view.file is not None or view.load_error.isVisible())
        return view

    return make


@pytest.fixture(autouse=True)
def questions(monkeypatch):
    """No modal question may hang a test: a QMessageBox shown with ``exec()`` (e.g. "Änderungen
    verwerfen?" when pytest-qt closes a filled form at the end of a test) is answered at once
    with ``questions.answer`` ("Weiter bearbeiten" unless a test sets another); the texts asked
    are in ``questions.asked``. Tests with their own answers patch ``exec`` again."""
    from PySide6.QtWidgets import QMessageBox

    class Questions:
        answer = QMessageBox.StandardButton.Cancel
        asked: list[str] = []

    q = Questions()
    q.asked = []

    def answer(box):
        q.asked.append(box.text())
        return q.answer

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return q
