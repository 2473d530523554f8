"""Issue 16: every window and dialog fits a 1366×768 laptop screen and a 1920×1080 one at
125 % (1536×864 logical pixels), each less the 40 pixels of a taskbar; the button rows and the
main window's status bar are on the screen.

The offscreen platform has a screen of its own and frames of 2 pixels: the tests stand in a
screen of the given size for ``screen_fit.available_geometry`` and a real title bar and borders
(``screen_fit.FRAME``) for the frame, and check where the window system would put each part."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QDialogButtonBox,
    QWidget,
)

from desktop.ui import screen_fit
from desktop.ui.app_guard import AppGuard
from desktop.ui.screen_fit import FRAME
from tests.desktop.harness import new_consultation

SCREENS = {
    "1366x768": QRect(0, 0, 1366, 768 - 40),
    "1536x864": QRect(0, 0, 1536, 864 - 40),
}


@pytest.fixture(params=sorted(SCREENS))
def screen(request, monkeypatch, qapp):
    """The usable area of the screen the windows open on, with the app's event filter."""
    area = SCREENS[request.param]
    monkeypatch.setattr(screen_fit, "available_geometry", lambda widget=None: area)
    monkeypatch.setattr(screen_fit, "frame_margins", lambda widget: FRAME)
    guard = AppGuard.install(qapp)
    yield area
    qapp.removeEventFilter(guard)
    guard.deleteLater()


def outer_rect(window: QWidget) -> QRect:
    """The window with a real frame: move() places the frame's corner (as Qt does)."""
    return QRect(window.pos(), window.size().grownBy(FRAME))


def screen_rect(widget: QWidget, window: QWidget) -> QRect:
    """Where *widget* of *window* would be on the screen (with a real frame)."""
    origin = window.pos() + QPoint(FRAME.left(), FRAME.top())
    return QRect(origin + widget.mapTo(window, QPoint(0, 0)), widget.size())


def in_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def assert_on_screen(window: QWidget, area: QRect) -> None:
    """The window with its frame, and every button outside a scrolled part, inside *area*;
    a dialog's button row is never inside a scrolled part."""
    QApplication.processEvents()
    name = type(window).__name__
    assert area.contains(outer_rect(window)), (name, outer_rect(window), area)
    for box in window.findChildren(QDialogButtonBox):
        assert not in_scroll_area(box, window), f"{name}: its button row scrolls away"
    buttons = [
        b
        for b in window.findChildren(QAbstractButton)
        if b.isVisible() and not in_scroll_area(b, window)
    ]
    for button in buttons:
        rect = screen_rect(button, window)
        assert area.contains(rect), (name, button.text(), rect, area)


def show_dialog(qtbot, dialog, area):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert_on_screen(dialog, area)
    assert any(b.isVisible() for b in dialog.findChildren(QAbstractButton))
    return dialog


def test_main_window_and_its_status_bar(ctx, qtbot, screen):
    from desktop.sync import worker
    from desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.restore_geometry(b"")  # as desktop.app does before the first show
    # Its 1280×800 and a title bar do not fit either screen: maximised, as the window
    # system then lays it over the whole usable area.
    assert window.isMaximized()
    window.showNormal()
    window.move(screen.topLeft())
    window.resize(screen.marginsRemoved(FRAME).size())
    qtbot.waitExposed(window)
    window.sync_status.connected = True
    window.sync_status.set_status(worker.SyncStatus(worker.PENDING, pending=3, conflicts=2))
    assert_on_screen(window, screen)
    for part in (window.statusBar(), window.sync_status.button, window.sync_status.conflicts):
        assert part.isVisible() and screen.contains(screen_rect(part, window))


def test_a_saved_geometry_of_a_bigger_screen_is_brought_inside(ctx, qtbot, screen):
    from desktop.ui.main_window import MainWindow

    before = MainWindow(ctx)
    qtbot.addWidget(before)
    before.setGeometry(300, 200, 1800, 1100)  # on a desk monitor
    saved = before.saveGeometry()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.restore_geometry(saved.data())
    window.show()
    qtbot.waitExposed(window)
    assert not window.isMaximized()
    assert_on_screen(window, screen)
    assert screen.contains(screen_rect(window.statusBar(), window))


def test_client_dialog_new_and_edit(ctx, qtbot, client_id, screen):
    from desktop.ui.client_dialog import ClientDialog

    show_dialog(qtbot, ClientDialog(ctx), screen)
    show_dialog(qtbot, ClientDialog(ctx, ctx.store.client_snapshot(client_id)), screen)


def test_consultation_form_also_with_its_error_messages(ctx, qtbot, client_id, screen):
    from desktop.ui.consultation_form import ConsultationDialog
    from desktop.ui.forms import ErrorLabel

    dialog = show_dialog(qtbot, ConsultationDialog(ctx, client_id, "Haddad, Samira"), screen)
    dialog.save()  # no topic, no note: messages under the fields and above the buttons
    shown = [e for e in dialog.findChildren(ErrorLabel) if e.isVisible()]
    assert dialog.isVisible() and shown
    assert_on_screen(dialog, screen)
    for button in (dialog.save_button, dialog.cancel_button):
        assert button.isVisible() and screen.contains(screen_rect(button, dialog))


def test_task_dialog_household_picker_and_consultation_view(ctx, qtbot, client_id, screen):
    from desktop.ui.household import ClientPickerDialog
    from desktop.ui.sections import TaskDialog
    from desktop.ui.timeline import ConsultationViewDialog

    show_dialog(qtbot, TaskDialog(ctx, client_id), screen)
    show_dialog(qtbot, ClientPickerDialog(ctx, client_id, "Haddad, Samira"), screen)
    long_note = "\n".join(f"Absatz {i}: Unterlagen zur Anerkennung besprochen." for i in range(80))
    record = new_consultation(client_id, note=long_note)
    show_dialog(qtbot, ConsultationViewDialog(record), screen)


def test_conflicts_duplicates_and_audit(ctx, qtbot, screen):
    from desktop.ui.audit_view import AuditDialog
    from desktop.ui.conflicts_view import ConflictsDialog
    from desktop.ui.duplicates_view import DuplicatesDialog

    show_dialog(qtbot, ConflictsDialog(ctx, None), screen)
    show_dialog(qtbot, DuplicatesDialog(ctx, None), screen)
    show_dialog(qtbot, AuditDialog(ctx, None), screen)


def test_login_first_login_unlock_and_password(ctx, qtbot, screen, tmp_path, quick_kdf, ring):
    from desktop.store.keys import KeyFile
    from desktop.ui.password import ChangePasswordDialog
    from desktop.ui.sync_status import LoginDialog
    from desktop.ui.unlock import SetupDialog, UnlockDialog

    keyfile = KeyFile.for_store(tmp_path / "store.sqlite")
    keyfile.create("a.schneider", "richtig-123")
    show_dialog(qtbot, LoginDialog(ctx, lambda *a: None, "https://mia.example", "a"), screen)
    show_dialog(qtbot, SetupDialog(None, "", "a.schneider"), screen)
    show_dialog(qtbot, SetupDialog(lambda *a: None, "https://mia.example", "a"), screen)
    show_dialog(qtbot, UnlockDialog(keyfile), screen)
    show_dialog(qtbot, UnlockDialog(keyfile, locked=True), screen)
    show_dialog(qtbot, ChangePasswordDialog(lambda old, new: None, "a.schneider"), screen)


def test_fit_to_screen_shrinks_and_moves_a_window_inside(qtbot, screen):
    window = QWidget()
    qtbot.addWidget(window)
    window.move(300, 200)
    window.resize(1800, 1100)  # as saved on a desk monitor
    window.setMinimumSize(400, 300)
    screen_fit.fit_to_screen(window)
    assert area_has_window(screen, window)
    assert window.size() == screen.marginsRemoved(FRAME).size()
    window.resize(500, 400)
    window.move(screen.right() - 100, screen.bottom() - 50)  # mostly off the screen
    screen_fit.fit_to_screen(window)
    assert area_has_window(screen, window) and window.size().toTuple() == (500, 400)


def area_has_window(area: QRect, window: QWidget) -> bool:
    return area.contains(outer_rect(window))
