"""The operation layer (desktop.ui.ops), from its promises in the module docstring: three
pools (local reads, one writer, the network), results on the UI thread, a write announces
exactly what it changed, a superseded job delivers nothing, a deleted widget's callback is
dropped, and a store statement on the UI thread from UI code is an error."""

import functools
import logging
import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication, QWidget

from casefile.records import Client, Task
from desktop.store.changes import Changes
from desktop.ui import ops as ops_module
from desktop.ui.events import ChangeBus
from desktop.ui.ops import Ops, UIThreadStoreAccess


@pytest.fixture
def threaded(store, qapp):
    bus = ChangeBus()
    layer = Ops(bus, store)
    yield layer, bus
    layer.wait(5000)


def heard(bus) -> list[Changes]:
    got: list[Changes] = []
    bus.changed.connect(got.append)
    return got


def test_a_write_announces_what_it_wrote_after_its_callback_and_a_read_nothing(ctx, qtbot):
    got, order = heard(ctx.bus), []
    ctx.bus.changed.connect(lambda _c: order.append("announced"))
    client = Client("Haddad", "Amina", None, "unknown", "f", nationalities=["SYR"])
    ctx.ops.write(ctx.store.create_client, client, on_done=lambda _r: order.append("done"))
    assert order == ["done", "announced"]
    [created] = got
    assert created.origin == "local" and ("client", client.id) in created.pairs
    ctx.ops.write(ctx.store.add_task, Task(client.id, ctx.today(), "Bescheid abholen"))
    assert got[-1].pairs == {("task", client.id)}
    ctx.ops.read(ctx.store.search, "Haddad")
    ctx.ops.read(ctx.store.tasks)
    assert len(got) == 2  # reads change nothing, so they announce nothing


def test_a_failed_write_reaches_on_error_and_announces_nothing(ctx):
    got, errors = heard(ctx.bus), []
    bad = Client("", "", None, "unknown", "x")  # no name: the store refuses it
    ctx.ops.write(ctx.store.create_client, bad, on_error=errors.append)
    assert len(errors) == 1 and got == []


def test_jobs_run_in_their_pool_and_report_on_the_ui_thread(threaded, qtbot):
    layer, _bus = threaded
    ui = QApplication.instance().thread()
    seen: dict[str, tuple] = {}
    for pool in ("read", "write", "net"):

        def job(pool=pool):
            return threading.current_thread().name, QThread.currentThread() is ui

        getattr(layer, pool)(
            job, on_done=lambda r, p=pool: seen.__setitem__(p, (r, QThread.currentThread() is ui))
        )
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=5000)
    for pool, ((_thread, ran_on_ui), reported_on_ui) in seen.items():
        assert not ran_on_ui and reported_on_ui, pool


def test_a_slow_server_never_delays_a_search(threaded, qtbot, store):
    """Two hanging server calls (more than the read pool has threads) and a search still
    answers at once: the network has its own threads."""
    layer, _bus = threaded
    release = threading.Event()
    for _ in range(3):
        layer.net(release.wait, 10)
    found = []
    layer.read(store.search, "Haddad", on_done=found.append)
    try:
        qtbot.waitUntil(lambda: found == [[]], timeout=3000)
    finally:
        release.set()


def test_a_newer_job_with_the_same_key_supersedes_the_older(threaded, qtbot):
    layer, _bus = threaded
    gate, delivered = threading.Event(), []
    layer.read(gate.wait, 5, key="search", on_done=lambda _r: delivered.append("old"))
    layer.read(lambda: "new", key="search", on_done=delivered.append)
    gate.set()
    qtbot.waitUntil(lambda: layer.pending == 0, timeout=5000)
    assert delivered == ["new"]


def test_the_callback_of_a_deleted_widget_is_dropped_but_the_write_is_announced(ctx, qtbot):
    got = heard(ctx.bus)

    class Form(QWidget):
        def __init__(self):
            super().__init__()
            self.calls = 0

        def saved(self, _result):
            self.calls += 1

    form = Form()
    deleted_before_answer = []

    def write_then_close():
        shiboken6.delete(form)  # the user closed the form meanwhile
        deleted_before_answer.append(True)
        return ctx.store.create_client(Client("Rahimi", "Yusuf", None, "unknown", "m"))

    ctx.ops.write(write_then_close, on_done=form.saved)
    assert deleted_before_answer and not shiboken6.isValid(form)
    assert len(got) == 1 and "client" in got[0].kinds


@pytest.mark.parametrize("shape", ["lambda", "partial", "nested"])
def test_a_lambda_or_partial_of_a_deleted_widget_is_dropped_too(ctx, shape):
    """The callback of a closed widget is dropped whatever its shape: a lambda over ``self``
    (``lambda rows: self._show(rows, recent=True)``), a partial, a nested function."""
    calls: list[object] = []

    class Panel(QWidget):
        def show_rows(self, rows, recent=False):
            calls.append((rows, recent))

        def callback(self):
            if shape == "lambda":
                return lambda rows: self.show_rows(rows, recent=True)
            if shape == "partial":
                return functools.partial(Panel.show_rows, self, recent=True)

            def nested(rows):
                self.show_rows(rows, recent=True)

            return nested

    alive, closed = Panel(), Panel()

    def read_then_close():
        shiboken6.delete(closed)  # the user closed this panel meanwhile
        return ["row"]

    ctx.ops.read(read_then_close, on_done=closed.callback())
    ctx.ops.read(lambda: ["row"], on_done=alive.callback())
    assert calls == [(["row"], True)]  # the open panel's answer only


class _Careless(QObject):
    """A widget that reads the store itself, in a slot: what the guard is for."""

    def __init__(self, store):
        super().__init__()
        self.store = store

    def count(self):
        return self.store.client_count()


def test_a_store_statement_on_the_ui_thread_from_ui_code_fails(ctx, monkeypatch):
    # _Careless lives in this test file; make the guard see it as UI code.
    monkeypatch.setattr(ops_module, "_UI_DIR", str(__import__("pathlib").Path(__file__).parent))
    with pytest.raises(UIThreadStoreAccess, match="test_ops.py"):
        _Careless(ctx.store).count()
    # ... the same call through the operation layer is fine (inline here, a pool in the app),
    counted = []
    ctx.ops.read(_Careless(ctx.store).count, on_done=counted.append)
    assert counted == [0]
    # ... and so is a worker thread's.
    result = []
    worker = threading.Thread(target=lambda: result.append(_Careless(ctx.store).count()))
    worker.start()
    worker.join()
    assert result == [0]


def test_in_the_app_the_guard_logs_the_line_once(ctx, monkeypatch, caplog):
    monkeypatch.setattr(ops_module, "_UI_DIR", str(__import__("pathlib").Path(__file__).parent))
    monkeypatch.delenv("MIA_STRICT_UI_THREAD")
    monkeypatch.setattr(ops_module, "_reported", set())
    with caplog.at_level(logging.ERROR, logger="desktop.ui.ops"):
        for _ in range(3):
            assert _Careless(ctx.store).count() == 0
    assert len([r for r in caplog.records if "UI thread" in r.getMessage()]) == 1
    assert "test_ops.py" in caplog.records[0].getMessage()


def test_changes_compare_by_kind_and_file():
    c = Changes.of("task", "a") | Changes.of("draft", "b")
    assert c.touches(("task",), client="a") and not c.touches(("task",), client="b")
    assert c.without("draft").clients == {"a"} and not Changes()
    assert Changes(everything=True).touches(("consent",), client="z")
