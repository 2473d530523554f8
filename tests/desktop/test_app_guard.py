"""Issue 16, finding 5: the mouse wheel scrolls a form and leaves the dates, numbers and choices
it passes under the pointer alone; a field takes the wheel only once it has the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QSpinBox

from desktop.ui.app_guard import AppGuard


@pytest.fixture
def guard(qapp):
    """The application's event filter, as desktop.app installs it."""
    installed = AppGuard.install(qapp)
    yield installed
    qapp.removeEventFilter(installed)
    installed.deleteLater()


def wheel_down(widget) -> None:
    """One notch of the wheel, towards the user, over the middle of *widget*."""
    local = QPointF(widget.rect().center())
    event = QWheelEvent(
        local,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_consent_form_past_its_date(ctx, client_id, open_file, qtbot, guard):
    view = open_file(client_id)
    view.resize(1000, 430)  # low enough that the open form scrolls
    section = view.consent_section
    view.tabs.setCurrentWidget(section)
    section.add_button.click()
    form = section.form
    qtbot.waitUntil(form.isVisible)
    bar = section.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(0)
    given_on = form.given_on
    assert given_on.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a click focuses, the wheel not
    assert not given_on.hasFocus()
    before = given_on.date()
    wheel_down(given_on)
    assert given_on.date() == before  # "Erteilt am" stays
    assert bar.value() > 0  # the form scrolled instead

    view.activateWindow()
    given_on.setFocus()
    qtbot.waitUntil(given_on.hasFocus)
    wheel_down(given_on)
    assert given_on.date() != before  # a focused field still takes the wheel


def test_unfocused_spin_boxes_and_combo_boxes_keep_their_value(qtbot, guard):
    spin = QSpinBox(value=5)
    combo = QComboBox()
    combo.addItems(["eins", "zwei", "drei"])
    for widget in (spin, combo):
        qtbot.addWidget(widget)
        widget.show()
        assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus
        wheel_down(widget)
    assert spin.value() == 5 and combo.currentIndex() == 0
