"""The Sprechstunden tab of the Angebote page (issue 20): every user sees the week's hours (the
cancelled days marked) or every rule; coordination creates and edits them with exceptions and
extra dates -- by keyboard, at 1366x768, saving only what changed; bad input is a German message
and nothing is saved."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from casefile.policy import Policy
from demodata.consulting_hours import demo_records
from desktop.permissions import Permissions, User
from desktop.store import consulting_hours as hours_store, offers
from desktop.ui.hours_dialog import HoursDialog
from desktop.ui.hours_view import HoursView
from tests.desktop.test_keyboard_walks import ALT, CTRL, Keyboard, make_window
from tests.desktop.test_screen_fit import FRAME, assert_on_screen, screen  # noqa: F401

TODAY = dt.date(2026, 12, 1)  # a Tuesday
POLICY = Policy.load()
CASEWORKER = Permissions(User("a.schneider", ("caseworker",), ("integration",)), POLICY)
COORDINATION = Permissions(User("k.koord", ("coordination",), ("coordination",)), POLICY)


@pytest.fixture
def demo(ctx):
    ctx.today = lambda: TODAY
    offers.seed(ctx.store.engine, demo_records(TODAY))
    return ctx


def make_view(ctx, qtbot, permissions=CASEWORKER) -> HoursView:
    ctx.permissions = permissions
    view = HoursView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 640)
    view.show()
    qtbot.waitUntil(lambda: view._loaded, timeout=3000)
    return view


def choose(combo, code: str) -> None:
    combo.setCurrentIndex(combo.findData(code))


def texts(view) -> list[list[str]]:
    m = view.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_a_caseworker_sees_the_weeks_hours_and_the_cancelled_day(demo, qtbot):
    view = make_view(demo, qtbot)
    assert not view.new_hours.isVisible() and not view.edit_hours.isVisible()
    assert view.week_label.text() == "KW 49: 30.11. – 06.12.2026"
    choose(view.place, "dez_nebra")
    assert texts(view) == [
        [
            "Di 01.12. 9:00–12:00 Uhr",
            "Dezentrale Sprechstunde Nebra (Unstrut) (Bürgerhaus)",
            "Sachgebiet Integration",
            "Dezentrale Sprechstunde",
            "im Bürgerhaus, 1. OG",
        ]
    ]
    view.move_week(2)  # the hall is taken that Tuesday: moved to the Thursday
    rows = texts(view)
    assert [r[0] for r in rows] == ["Di 15.12. 9:00–12:00 Uhr", "Do 17.12. 9:00–12:00 Uhr"]
    assert rows[0][4].startswith("fällt aus")
    view.this_week()
    choose(view.place, "")
    choose(view.unit, "abh")
    assert {r[1] for r in texts(view)} == {
        "Landratsamt Naumburg (Hauptsitz)",
        "Landratsamt, Standort Weißenfels",
        "Landratsamt, Standort Zeitz",
        "Telefon",
    }
    view.rules.setChecked(True)
    whens = [r[0] for r in texts(view)]
    assert any(
        w.startswith("montags, dienstags und donnerstags, 8:30–12:00 Uhr; nicht am 24.12.2026")
        for w in whens
    ), whens
    assert not view.previous.isEnabled()
    assert view.open_hours(None) is None  # no dialog for a caseworker


def test_coordination_creates_hours_by_keyboard_and_bad_input_saves_nothing(demo, qtbot):
    demo.permissions = COORDINATION
    window = make_window(demo, qtbot)
    kb = Keyboard(window)
    kb.press(Qt.Key.Key_5, CTRL)
    kb.press(Qt.Key.Key_S, ALT)  # the Sprechstunden tab
    view = window.hours
    assert window.directory_page.currentWidget() is view
    qtbot.waitUntil(lambda: view._loaded, timeout=3000)
    before = len(view.hours)
    kb.press(Qt.Key.Key_N, ALT)  # Neue Sprechstunde
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), HoursDialog), timeout=3000)
    dialog = QApplication.activeWindow()
    assert QApplication.focusWidget() is dialog.unit
    kb.pick("Sach")  # Sachgebiet Integration
    kb.press(Qt.Key.Key_Tab)
    kb.pick("Teu")  # Teuchern – Dezentrale Sprechstunde ...
    kb.press(Qt.Key.Key_Tab)
    kb.pick("D")  # Dezentrale Sprechstunde
    assert (dialog.unit.code(), dialog.location.code(), dialog.kind_combo.code()) == (
        "integration",
        "dez_teuchern",
        "decentral",
    )
    # Saved without a weekday and without single days: the German message, nothing saved.
    kb.press(Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert "Bitte Wochentage (oder eine Regel) oder einzelne Termine angeben." in [
        label.text() for label in dialog.findChildren(type(dialog.save_error)) if label.isVisible()
    ]
    assert demo.store.outbox() == []
    kb.press(Qt.Key.Key_A, ALT)  # Art
    kb.press(Qt.Key.Key_Tab, times=2)  # the Monday box, the Tuesday box
    kb.press(Qt.Key.Key_Space)  # Tuesday
    assert dialog.times.rule.text() == "FREQ=WEEKLY;BYDAY=TU"
    # An exception: the date field, Alt+H adds it.
    dialog.exceptions.edit.setDate(QDate(2026, 12, 22))
    kb.press(Qt.Key.Key_H, ALT)
    qtbot.waitUntil(lambda: dialog.exceptions.values() == [dt.date(2026, 12, 22)], timeout=3000)
    kb.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: len(view.hours) == before + 1, timeout=3000)
    new = next(h for h in view.hours if h.location == "dez_teuchern" and h.unit == "integration")
    assert new.rrule == "FREQ=WEEKLY;BYDAY=TU" and new.exceptions == [dt.date(2026, 12, 22)]
    assert new.valid_from == TODAY and new.active
    [entry] = demo.store.outbox()
    assert entry["kind"] == "consulting_hours" and entry["op"] == "create"
    line = kb.report("hours: create decentral hours")
    assert kb.keys <= 60, line


def test_an_edit_saves_only_the_extra_date_it_added(demo, qtbot):
    view = make_view(demo, qtbot, COORDINATION)
    choose(view.place, "dez_nebra")
    dialog = view.open_hours(view.current_hours_id())
    qtbot.waitUntil(lambda: dialog.snapshot is not None, timeout=3000)
    dialog.extra_dates.edit.setDate(QDate(2026, 12, 30))
    dialog.extra_dates.add_current()
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    [entry] = demo.store.outbox()
    assert entry["op"] == "update"
    assert set(orjson.loads(entry["payload"])) == {"extra_dates"}
    got = next(h for h in hours_store.load(demo.store) if h.location == "dez_nebra")
    assert dt.date(2026, 12, 30) in got.extra_dates


def test_escape_asks_before_typed_input_is_thrown_away(demo, qtbot, questions):
    view = make_view(demo, qtbot, COORDINATION)
    dialog = view.open_hours(None)
    dialog.reject()
    assert not dialog.isVisible() and questions.asked == []
    dialog = view.open_hours(None)
    dialog.times.days[0].setChecked(True)
    dialog.reject()
    assert dialog.isVisible() and questions.asked


def test_the_tab_and_the_dialog_fit_the_laptop_screen(demo, qtbot, screen):  # noqa: F811
    from desktop.ui.main_window import PAGE_DIRECTORY, MainWindow

    demo.permissions = COORDINATION
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.nav.setCurrentRow(PAGE_DIRECTORY)
    window.directory_page.setCurrentWidget(window.hours)
    window.showNormal()
    window.move(screen.topLeft())
    window.resize(screen.marginsRemoved(FRAME).size())
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.hours._loaded, timeout=3000)
    assert window.minimumSizeHint().width() <= screen.width()
    assert_on_screen(window, screen)
    view = window.hours
    for part in (view.table, view.unit, view.place, view.kind, view.new_hours, view.next):
        assert part.isVisible() and part.width() > 60
    dialog = view.open_hours(view.current_hours_id())
    qtbot.waitUntil(lambda: dialog.snapshot is not None, timeout=3000)
    qtbot.waitExposed(dialog)  # the app's guard fits a dialog as it is shown
    assert_on_screen(dialog, screen)
