"""The caseworkers' queue panel (desktop/ui/queue_panel.py) against the real server app
in-process: every panel has its own laptop (store, sync thread, connection), reception issues
the tickets on a laptop of its own. Calls go to the server; the panel shows them once its sync
brought them."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from PySide6.QtCore import Qt

from casefile.records import LanguageSkill
from desktop import permissions
from desktop.settings import Settings
from desktop.store import tickets
from desktop.sync import worker as w
from desktop.sync.connection import Connection
from desktop.ui.context import AppContext
from desktop.ui.events import ChangeBus
from desktop.ui.ops import Ops
from desktop.ui.queue_panel import QueuePanel
from tests.desktop.harness import SERVER, ASGIAdapter, new_client

NAUMBURG = "lra_naumburg"


@pytest.fixture
def controllers():
    made = []
    yield made
    for c in made:
        c.stop()


@pytest.fixture
def reception(make_device):
    dev = make_device("empfang-pc", user="n.schulz", units=["reception"], roles=("reception",))
    dev.sync()
    tickets.set_prefix(dev.store, dev.client.ticket_prefix())
    return dev


def issue(dev, unit="abh", **kw):
    args = {"location": NAUMBURG, "concern": "residence", "unit": unit, "staff": "n.schulz"}
    args.update(kw)
    return tickets.issue(dev.store, **args)


class Desk:
    """One caseworker's PC: a laptop of the harness, its context, panel and sync thread."""

    def __init__(self, dev, user, unit, qtbot, controllers, threaded=False, window=False):
        self.dev = dev
        bus = ChangeBus()
        self.ctx = AppContext(
            store=dev.store,
            ops=Ops(bus, dev.store, synchronous=not threaded),
            bus=bus,
            settings=Settings(user_name=user, unit=unit, location=NAUMBURG),
            permissions=permissions.load(dev.store.engine),
        )
        if window:  # the main window with its dock
            from desktop.ui.main_window import MainWindow

            self.window = MainWindow(self.ctx)
            qtbot.addWidget(self.window)
            self.panel = self.window.queue_dock.panel
        else:
            self.panel = QueuePanel(self.ctx)
            qtbot.addWidget(self.panel)
            self.panel.resize(560, 640)
        # Its own line to the server, which a test may cut (adapter.fault).
        self.adapter = ASGIAdapter(dev.app.state.tc)

        def session():
            s = requests.Session()
            s.mount(SERVER, self.adapter)
            return s

        line = Connection(dev.store, lambda url, device: dev.client.token, session_factory=session)
        self.controller = w.SyncController(self.ctx, line.engine, debounce_ms=50)
        controllers.append(self.controller)
        self.panel.attach(self.controller, line)
        self.qtbot = qtbot
        self.sync(self.controller.start)

    def sync(self, start=None) -> None:
        with self.qtbot.waitSignal(self.controller.synced, timeout=10_000):
            (start or self.controller.request_sync)()

    def row(self, ticket_id):
        m = self.panel.model
        i = m.row_of(ticket_id)
        return m.row_at(i).ticket if i >= 0 else None


def desk(make_device, qtbot, controllers, user, unit, **kw) -> Desk:
    dev = make_device(f"pc-{user}", user=user, units=[unit])
    return Desk(dev, user, unit, qtbot, controllers, **kw)


def test_call_next_shows_the_ticket_as_called(
    day_holds, reception, make_device, qtbot, controllers
):
    day_holds(65)  # both tickets in the day's queue
    now = dt.datetime.now(dt.UTC)
    first = issue(reception, now=now - dt.timedelta(minutes=65))
    second = issue(reception, now=now - dt.timedelta(minutes=5))
    issue(reception, unit="asylblg")  # another unit's queue: not in this panel
    reception.sync()
    d = desk(make_device, qtbot, controllers, "m.mueller", "abh")
    panel = d.panel
    assert [panel.model.row_at(i).ticket.id for i in range(2)] == [first.id, second.id]
    assert panel.model.rowCount() == 2
    wait = panel.model.index(0, 1)
    assert panel.model.data(wait) == "65 Min."
    # Not by colour alone: a square for red, and the word in the tooltip (abh: red from 60).
    assert "rot" in panel.model.data(wait, Qt.ItemDataRole.ToolTipRole)
    assert panel.model.data(panel.model.index(1, 1), Qt.ItemDataRole.ToolTipRole).endswith("grün")
    assert panel.buttons["call_next"].isEnabled()
    panel.desk.setText("Raum 1.02")
    with qtbot.waitSignal(d.controller.synced, timeout=10_000):
        panel.buttons["call_next"].click()
    called = d.row(first.id)
    assert (called.status, called.called_by, called.desk) == ("called", "m.mueller", "Raum 1.02")
    assert panel.current().ticket.id == first.id  # the one just called is chosen
    assert panel.model.data(panel.model.index(panel.model.row_of(first.id), 1)) == "aufgerufen"
    assert first.number in panel.message.text() and "Raum 1.02" in panel.message.text()
    assert d.ctx.settings.desk == "Raum 1.02"  # remembered
    # The steps of a called ticket are offered; its call is not.
    assert panel.buttons["in_service"].isEnabled() and panel.buttons["done"].isEnabled()
    assert not panel.buttons["call_chosen"].isEnabled()


def test_two_panels_calling_at_once_get_different_tickets(
    reception, make_device, qtbot, controllers
):
    issued = [issue(reception) for _ in range(3)]
    reception.sync()
    a = desk(make_device, qtbot, controllers, "m.mueller", "abh", threaded=True)
    b = desk(make_device, qtbot, controllers, "k.weber", "abh", threaded=True)
    for d in (a, b):
        qtbot.waitUntil(lambda d=d: d.panel.model.rowCount() == 3)
    a.panel.call_next()
    b.panel.call_next()  # both before either answer arrived
    for d in (a, b):
        qtbot.waitUntil(lambda d=d: not d.panel.calling, timeout=10_000)
    for d in (a, b):
        d.sync()
    for d in (a, b):
        qtbot.waitUntil(lambda d=d: d.panel.ctx.ops.pending == 0)
    mine = {
        d.panel.ctx.settings.user_name: {
            v.ticket.id
            for v in (d.panel.model.row_at(i) for i in range(d.panel.model.rowCount()))
            if v.ticket.status == "called" and v.ticket.called_by == d.panel.ctx.settings.user_name
        }
        for d in (a, b)
    }
    assert len(mine["m.mueller"]) == 1 and len(mine["k.weber"]) == 1
    assert mine["m.mueller"] != mine["k.weber"]
    assert mine["m.mueller"] | mine["k.weber"] <= {t.id for t in issued}


def test_transfer_moves_the_ticket_to_the_other_units_panel_with_a_hop(
    reception, make_device, qtbot, controllers
):
    t = issue(reception, priority=["children"])
    reception.sync()
    a = desk(make_device, qtbot, controllers, "m.mueller", "abh")
    b = desk(make_device, qtbot, controllers, "s.fischer", "asylblg")
    assert b.panel.model.rowCount() == 0
    a.sync(a.panel.call_next)
    dialog = a.panel.transfer()
    assert dialog is not None and dialog.isVisible()
    # A unit the directory names nobody for: a warning, not a refusal.
    dialog.unit.set_code("housing")
    assert dialog.warning.isVisible() and "niemand" in dialog.warning.text()
    dialog.unit.set_code("asylblg")
    assert not dialog.warning.isVisible()
    dialog.ok.click()
    assert dialog.isVisible() and dialog.error.isVisible()  # a reason is needed
    dialog.reason.setText("Anliegen betrifft Leistungen")
    dialog.ok.click()
    assert a.row(t.id) is None  # gone from this unit's panel
    a.sync()
    b.sync()
    moved = b.row(t.id)
    assert (moved.status, moved.unit, moved.hops) == ("waiting", "asylblg", 1)
    assert (moved.number, moved.arrived_at, moved.priority) == (
        t.number,
        t.arrived_at,
        ["children"],
    )
    notes = b.panel.model.index(0, 3)
    assert b.panel.model.data(notes) == "Kinder, ↪ 1"
    tip = b.panel.model.data(notes, Qt.ItemDataRole.ToolTipRole)
    assert "1-mal weitergeleitet" in tip and "Anliegen betrifft Leistungen" in tip


def test_done_opens_the_consultation_form_prefilled_and_saving_marks_it_done(
    reception, make_device, qtbot, controllers
):
    client = new_client(languages=[LanguageSkill("uk")])
    reception.store.create_client(client)
    t = issue(reception, client_id=client.id, language="ar", interpreter=True)
    reception.sync()
    d = desk(make_device, qtbot, controllers, "m.mueller", "abh")
    d.sync(d.panel.call_next)
    d.panel.step("in_service")
    assert d.row(t.id).status == "in_service"
    with qtbot.waitSignal(d.panel.form_opened) as opened:
        d.panel.actions_["done"].trigger()
    form = opened.args[0]
    qtbot.addWidget(form)
    assert form.client_id == client.id
    assert (form.unit.code(), form.location.code(), form.kind.code()) == (
        "abh",
        NAUMBURG,
        "walk_in",
    )
    # The ticket's language and interpreter need, over the file's own languages.
    assert form.language.code() == "ar" and form.mediator_used.isChecked()
    form.topics.set_codes(["residence"])
    form.note.setPlainText("Verlängerung besprochen")
    form.save()
    assert not form.isVisible()
    assert d.row(t.id) is None  # done: off the list
    done = tickets.today(d.dev.store, NAUMBURG)
    assert next(v for v in done if v.ticket.id == t.id).ticket.status == "done"
    assert "1 erledigt" in d.panel.summary.text()


def test_an_anonymous_ticket_is_linked_to_a_file_or_finished_without_a_consultation(
    day_holds, reception, make_device, qtbot, controllers
):
    day_holds(9)  # both tickets in the day's queue
    client = new_client("Haddad", "Samira")
    reception.store.create_client(client)
    now = dt.datetime.now(dt.UTC)
    t = issue(reception, now=now - dt.timedelta(minutes=9))
    other = issue(reception, now=now - dt.timedelta(minutes=3))
    reception.sync()
    d = desk(make_device, qtbot, controllers, "m.mueller", "abh")
    d.sync(d.panel.call_next)
    d.panel.finish()
    link = d.panel.link_dialog
    assert link.isVisible() and "A-001" in link.intro.text()
    with qtbot.waitSignal(d.panel.form_opened) as opened:
        link.search.client_chosen.emit(client.id)  # found by the search panel, Enter
    form = opened.args[0]
    qtbot.addWidget(form)
    assert form.client_id == client.id
    assert d.row(t.id).client_id == client.id  # linked at once, still called
    form.reject()
    assert d.row(t.id).status == "called"  # no consultation saved: not done
    # The next one leaves without a consultation being recorded.
    d.panel.step("done")
    d.sync(d.panel.call_next)
    assert d.panel.current().ticket.id == other.id
    d.panel.finish()
    d.panel.link_dialog.finish.click()
    assert d.row(other.id) is None
    assert d.dev.store.get_client(client.id) is not None


def test_offline_calling_is_disabled_and_the_other_steps_work(
    reception, make_device, qtbot, controllers
):
    t = issue(reception)
    reception.sync()
    d = desk(make_device, qtbot, controllers, "m.mueller", "abh")
    d.sync(d.panel.call_next)

    def down(request, phase):
        raise requests.ConnectionError("no route")

    d.adapter.fault = down
    with qtbot.waitSignal(
        d.controller.status_changed, check_params_cb=lambda s: s.kind == w.OFFLINE
    ):
        d.controller.request_sync()
    panel = d.panel
    assert not panel.buttons["call_next"].isEnabled()
    assert "Offline" in panel.state.text()
    panel.actions_["call_next"].setEnabled(True)  # even if pressed: nothing is sent
    panel.call_next()
    assert "Offline" in panel.message.text()
    panel.step("in_service")  # an ordinary change: kept locally, sent later
    assert d.row(t.id).status == "in_service"
    d.adapter.fault = None
    d.sync()
    assert panel.buttons["call_next"].isEnabled()


def test_a_step_on_a_ticket_that_moved_on_says_so_and_reloads(
    reception, make_device, qtbot, controllers
):
    t = issue(reception)
    reception.sync()
    d = desk(make_device, qtbot, controllers, "m.mueller", "abh")
    d.sync(d.panel.call_next)
    shown = d.panel.current()
    # Meanwhile (another PC, a pulled change) the ticket was finished.
    tickets.move(d.dev.store, t.id, "done", staff="k.weber", expected="called")
    before = d.dev.store.outbox_count()
    d.panel.step("missed", view=shown)
    assert "inzwischen geändert" in d.panel.message.text()
    assert d.dev.store.outbox_count() == before
    assert d.row(t.id) is None


def test_a_taken_ticket_is_said_in_german(reception, make_device, qtbot, controllers):
    t = issue(reception)
    reception.sync()
    a = desk(make_device, qtbot, controllers, "m.mueller", "abh")
    b = desk(make_device, qtbot, controllers, "k.weber", "abh")
    a.sync(a.panel.call_next)
    b.panel.table.setCurrentIndex(b.panel.model.index(b.panel.model.row_of(t.id), 0))
    b.sync(b.panel.call_chosen)  # b's list still showed it waiting
    assert "schon aufgerufen" in b.panel.message.text()
    assert b.row(t.id).status == "called" and b.row(t.id).called_by == "m.mueller"


def test_keyboard_only(reception, make_device, qtbot, controllers):
    from PySide6.QtWidgets import QApplication

    t = issue(reception)
    reception.sync()
    dev = make_device("pc-kb", user="m.mueller", units=["abh"])
    d = Desk(dev, "m.mueller", "abh", qtbot, controllers, window=True)
    window = d.window
    assert window.queue_dock.isVisibleTo(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

    def press(key, modifier=Qt.KeyboardModifier.NoModifier):
        qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)

    with qtbot.waitSignal(d.controller.synced, timeout=10_000):
        press(Qt.Key.Key_F8)  # Nächste:n aufrufen
    assert d.row(t.id).status == "called"
    press(Qt.Key.Key_B, ctrl_shift)  # in Beratung
    assert d.row(t.id).status == "in_service"
    press(Qt.Key.Key_F6)
    assert d.panel.table.hasFocus()
    press(Qt.Key.Key_W, ctrl_shift)  # weiterleiten
    dialog = d.panel.transfer_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.reason)
    qtbot.keyClicks(dialog.reason, "Leistungen")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert d.row(t.id) is None  # passed on (to the first other unit offered)


def test_the_panel_shows_only_for_units_with_a_queue_at_the_location(ctx):
    from casefile.policy import Policy
    from desktop.permissions import Permissions, User
    from desktop.ui.queue_model import queue_units

    policy = Policy.load()
    case = Permissions(User("m", ("caseworker",), ("abh", "reception")), policy)
    assert queue_units(case, "lra_naumburg") == ["abh"]
    assert queue_units(case, "lra_zeitz") == ["abh"]
    housing = Permissions(User("h", ("caseworker",), ("projects",)), policy)
    assert queue_units(housing, "lra_zeitz") == []
    admin = Permissions(User("x", ("administrator",), ("abh",)), policy)
    assert queue_units(admin, "lra_naumburg") == []
    assert queue_units(Permissions(), "lra_naumburg") == []  # no rules known: no panel
