"""The reception screen (issue 18, part 2): search or register, concern, routing, the ticket
issued through the operation layer, shown large and printed; keyboard only.

    pytest -s tests/desktop/test_reception.py    # prints the key counts
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from casefile.records import Client, LanguageSkill
from desktop.store import tickets
from desktop.sync.errors import Offline
from desktop.ui.main_window import PAGE_RECEPTION
from tests.desktop import test_screen_fit
from tests.desktop.test_keyboard_walks import ALT, CTRL, Keyboard, make_window

# Issue 18: a known client ticketed with at most 10 keys beyond the typed name.
KNOWN_CLIENT = 10
screen = test_screen_fit.screen  # the fixture: a 1366×768 and a 1536×864 screen


@pytest.fixture
def amal(ctx):
    """An asylum seeker with Arabic (interpreter needed): benefits go to the AsylbLG."""
    client = Client(
        "Haddad",
        "Amal",
        dt.date(1991, 4, 2),
        sex="f",
        nationalities=["SYR"],
        languages=[LanguageSkill("en"), LanguageSkill("ar", True)],
        target_group="asylum_seeker",
    )
    ctx.store.create_client(client)
    ctx.store.create_client(Client("Hadad", "Omar", dt.date(1970, 1, 1), nationalities=["IRQ"]))
    return client


@pytest.fixture
def prefixed(ctx):
    tickets.set_prefix(ctx.store, "A")


def reception_window(ctx, qtbot):
    window = make_window(ctx, qtbot)
    Keyboard(window).press(Qt.Key.Key_4, CTRL)  # Empfang
    view = window.reception
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.search.field, timeout=3000)
    return window, view


def issued(ctx):
    return [v.ticket for v in tickets.today(ctx.store, "lra_naumburg")]


def test_a_known_client_is_ticketed_with_three_keys_beyond_the_name(ctx, amal, prefixed, qtbot):
    window, view = reception_window(ctx, qtbot)
    kb = Keyboard(window)
    kb.type("Haddad Amal")
    qtbot.waitUntil(lambda: view.search.model.rowCount() >= 1, timeout=3000)
    kb.press(Qt.Key.Key_Return)  # the first hit
    qtbot.waitUntil(lambda: view.person is not None, timeout=3000)
    assert QApplication.focusWidget() is view.concerns
    # language and interpreter from the file (Arabic, interpreter needed)
    assert view.language.code() == "ar" and view.interpreter.isChecked()
    kb.press(Qt.Key.Key_2)  # Leistungen
    assert view.concerns.code() == "benefits"
    assert view.unit.code() == "asylblg"  # asylum seeker: AsylbLG, with the reason shown
    assert "AsylbLG" in view.why.text()
    kb.press(Qt.Key.Key_Return)  # Wartemarke ausgeben
    qtbot.waitUntil(lambda: view.card.ticket is not None, timeout=3000)

    [ticket] = issued(ctx)
    assert ticket.client_id == amal.id and ticket.unit == "asylblg"
    assert ticket.concern == "benefits" and ticket.number == "A-001"
    assert (ticket.language, ticket.interpreter) == ("ar", True)
    assert ticket.location == "lra_naumburg" and ticket.status == "waiting"
    assert view.card.number.text() == "A-001"
    assert "1.11" in view.card.room.text()
    # ready for the next walk-in
    assert QApplication.focusWidget() is view.search.field and view.person is None
    line = kb.report("reception, a known client")
    assert kb.keys <= KNOWN_CLIENT, line


def test_an_anonymous_walk_in_gets_a_ticket_without_a_file(ctx, amal, prefixed, qtbot):
    window, view = reception_window(ctx, qtbot)
    kb = Keyboard(window)
    kb.press(Qt.Key.Key_O, ALT)  # Ohne Namen
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.concerns, timeout=3000)
    assert view.anonymous
    kb.press(Qt.Key.Key_Down)  # the first concern: Aufenthalt
    assert view.concerns.code() == "residence" and view.unit.code() == "abh"
    kb.press(Qt.Key.Key_Tab, times=2)  # Zu -> Sprache
    assert QApplication.focusWidget() is view.language
    kb.pick("R")  # Russisch? the first language starting with R
    chosen = view.language.code()
    assert chosen
    kb.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.card.ticket is not None, timeout=3000)
    [ticket] = issued(ctx)
    assert ticket.client_id is None and ticket.unit == "abh" and ticket.language == chosen
    kb.report("reception, anonymous")
    # linked to the file later (by whoever serves the person)
    tickets.move(ctx.store, ticket.id, "waiting", staff="x", client_id=amal.id)
    assert issued(ctx)[0].client_id == amal.id


def test_without_a_number_range_and_offline_a_clear_message(ctx, amal, qtbot):
    class Down:
        def client(self):
            raise Offline()

    window, view = reception_window(ctx, qtbot)
    view.set_connection(Down())
    kb = Keyboard(window)
    kb.press(Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.concerns, timeout=3000)
    kb.press(Qt.Key.Key_3)
    kb.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.message.isVisible(), timeout=3000)
    text = view.message.text()
    assert "Noch keine Wartemarke möglich" in text and "nicht erreichbar" in text
    assert issued(ctx) == [] and view.card.ticket is None
    assert view.concerns.code() == "housing"  # nothing entered is lost
    assert view.issue_button.isEnabled()


def test_without_any_server_the_message_names_the_missing_range(ctx, qtbot):
    window, view = reception_window(ctx, qtbot)
    view.choose_anonymous()
    view.concerns.set_code("other")
    view.issue()
    assert view.message.isVisible() and "Nummernkreis" in view.message.text()


def test_the_first_ticket_fetches_the_devices_prefix_once(ctx, amal, qtbot):
    asked = []

    class Server:
        def ticket_prefix(self):
            asked.append(1)
            return "C"

        def close(self):
            pass

    class Connection:
        def client(self):
            return Server()

    window, view = reception_window(ctx, qtbot)
    view.set_connection(Connection())  # fetched at once, as the page has none
    assert tickets.prefix(ctx.store) == "C" and asked == [1]
    for concern in ("work", "documents"):
        view.choose_anonymous()
        view.concerns.set_code(concern)
        view.issue()
    assert sorted(t.number for t in issued(ctx)) == ["C-001", "C-002"] and asked == [1]


def test_ctrl_p_prints_the_ticket_shown_as_a_pdf(ctx, amal, prefixed, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.ui.reception_ticket.data_dir", lambda: tmp_path)
    window, view = reception_window(ctx, qtbot)
    opened = []
    view.desk.open_pdf = opened.append
    view.choose_client(amal.id)
    view.concerns.set_code("benefits")
    view.issue()
    Keyboard(window).press(Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    [path] = opened
    assert path.parent == tmp_path / "tickets" and path.name.endswith("A-001.pdf")
    assert path.read_bytes().startswith(b"%PDF") and "A-001.pdf" in view.print_state.text()
    # (what the page holds: tests/desktop/test_ticket_print.py) -- and never the client's name
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "A-001" in text and "Haddad" not in text and "Amal" not in text


def test_the_ticket_pdf_is_written_on_a_worker_thread(store, qapp, qtbot, tmp_path, monkeypatch):
    # The same desk with the app's threaded operation layer (the ctx fixture runs jobs inline):
    # Qt's QTextDocument and QPdfWriter print off the UI thread, the PDF is opened on it.
    import threading

    from desktop.settings import Settings
    from desktop.ui import reception_ticket
    from desktop.ui.context import AppContext
    from desktop.ui.events import ChangeBus
    from desktop.ui.ops import Ops

    tickets.set_prefix(store, "A")
    ticket = tickets.issue(
        store,
        location="lra_naumburg",
        concern="benefits",
        unit="asylblg",
        staff="x",
        language="fa",
    )
    bus = ChangeBus()
    ops = Ops(bus, store)
    ctx = AppContext(
        store=store, ops=ops, bus=bus, settings=Settings(user_name="x"), today=dt.date.today
    )
    monkeypatch.setattr(reception_ticket, "data_dir", lambda: tmp_path)
    written_on, opened_on = [], []
    write = reception_ticket._write_slip

    def spy(*args):
        written_on.append(threading.current_thread())
        return write(*args)

    monkeypatch.setattr(reception_ticket, "_write_slip", spy)
    desk = reception_ticket.TicketDesk(ctx)
    desk.open_pdf = lambda path: opened_on.append((threading.current_thread(), path))
    states = []
    desk.print_state.connect(states.append)
    desk.print_ticket(ticket)
    qtbot.waitUntil(lambda: bool(opened_on) or any("nicht" in s for s in states), timeout=20_000)
    assert ops.wait()
    [(thread, path)] = opened_on
    assert thread is threading.main_thread() and written_on[0] is not threading.main_thread()
    assert path.name == f"Wartemarke_{ticket.day.isoformat()}_A-001.pdf"
    assert path.read_bytes().startswith(b"%PDF")


def test_reception_sees_no_residence_status_so_routing_uses_the_target_group(ctx):
    from casefile.policy import Policy
    from casefile.records import ResidenceStatus
    from desktop import reception
    from desktop.permissions import Permissions, User

    cid = ctx.store.create_client(
        Client("Nowak", "Ivan", dt.date(1980, 1, 1), target_group="protection_ukraine")
    )
    ctx.store.add_residence_status(ResidenceStatus(cid, "permission_to_stay"))
    policy = Policy.load()
    desk = Permissions(User("r.empfang", ("reception",), ("reception",)), policy)
    abh = Permissions(User("k.abh", ("caseworker",), ("abh",)), policy)
    seen_by_desk = reception.load_person(ctx.store, cid, desk, ctx.today())
    seen_by_abh = reception.load_person(ctx.store, cid, abh, ctx.today())
    assert seen_by_desk.residence_status is None
    assert seen_by_abh.residence_status == "permission_to_stay"
    assert reception.suggest("benefits", seen_by_desk).unit == "jobcenter"  # target group
    assert reception.is_front_desk(desk) and not reception.is_front_desk(abh)
    assert reception.walk_in_locations(desk) == ["lra_naumburg", "lra_weissenfels", "lra_zeitz"]
    assert "jobcenter" not in reception.served_units(desk, "lra_zeitz")


def test_the_page_fits_a_laptop_screen_with_every_concern_in_view(
    ctx, amal, prefixed, qtbot, screen
):
    from desktop.ui.screen_fit import FRAME

    assert_on_screen = test_screen_fit.assert_on_screen

    window = make_window(ctx, qtbot)
    window.showNormal()
    window.move(screen.topLeft())
    window.resize(screen.marginsRemoved(FRAME).size())
    window.nav.setCurrentRow(PAGE_RECEPTION)
    view = window.reception
    view.choose_client(amal.id)
    view.concerns.set_code("benefits")
    qtbot.waitUntil(lambda: view.person is not None, timeout=3000)
    view.issue()
    qtbot.waitUntil(lambda: view.card.ticket is not None, timeout=3000)
    view.choose_client(amal.id)
    view.priorities["children"].setChecked(True)
    assert_on_screen(window, screen)
    view.desk._prefix_failed(Offline())  # the longest message, across the page
    assert_on_screen(window, screen)
    assert view.message.isVisible() and not view.card.isVisible()
    assert view.message.height() >= view.message.heightForWidth(view.message.width())
    concerns = view.concerns
    for row in range(concerns.count()):  # all ten at once: no scrolling to find one
        assert concerns.viewport().rect().contains(concerns.visualItemRect(concerns.item(row)))
    view.choose_anonymous()  # the next attempt: the last ticket is back
    for part in (view.issue_button, view.print_button, view.card.number, view.location):
        assert part.isVisible() and not part.visibleRegion().isEmpty(), part.objectName()
        bottom = part.mapTo(window, part.rect().bottomLeft()).y()
        assert bottom <= window.height(), part.objectName()
