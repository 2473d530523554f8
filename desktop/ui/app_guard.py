"""One application-wide event filter for what every window and field should do.

* A dialog is fitted to its screen as it is shown (:func:`desktop.ui.screen_fit.fit_to_screen`),
  whatever size its code asked for: the button row stays on a 1366×768 laptop screen.
* A date, time, number or choice field takes the mouse wheel only while it has the focus.
  Scrolling a long form must not change the dates it passes under the pointer; the wheel
  scrolls the form instead. A click focuses such a field first (``Qt.StrongFocus`` instead of
  Qt's ``WheelFocus``, which would focus it by the wheel itself).

One filter rather than a subclass of each field: fields come from many modules (and from Qt,
e.g. the calendar pop-up's month spin box); a filter reaches all of them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QWidget,
)

from desktop.ui import screen_fit

WHEEL_FIELDS = (QAbstractSpinBox, QComboBox)


class AppGuard(QObject):
    """The filter; :meth:`install` puts one on the application."""

    @classmethod
    def install(cls, app: QApplication) -> AppGuard:
        guard = cls(app)  # the application owns (and keeps) it
        app.installEventFilter(guard)
        return guard

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            return self._wheel(obj, event)
        if kind == QEvent.Type.Show and isinstance(obj, QDialog):
            screen_fit.fit_to_screen(obj)
        elif (
            kind == QEvent.Type.Polish
            and isinstance(obj, WHEEL_FIELDS)
            and obj.focusPolicy() == Qt.FocusPolicy.WheelFocus
        ):
            obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False

    @staticmethod
    def _wheel(obj: QObject, event: QWheelEvent) -> bool:
        if not isinstance(obj, WHEEL_FIELDS) or obj.hasFocus():
            return False
        # Handed to the scroll area around the field (Qt would pass an ignored wheel on to
        # the parents only for events of the window system, not for synthetic ones).
        area = _scroll_area(obj)
        if area is not None:
            viewport = area.viewport()
            local = viewport.mapFromGlobal(event.globalPosition())
            QApplication.sendEvent(
                viewport,
                QWheelEvent(
                    local,
                    event.globalPosition(),
                    event.pixelDelta(),
                    event.angleDelta(),
                    event.buttons(),
                    event.modifiers(),
                    event.phase(),
                    event.inverted(),
                    event.source(),
                    event.pointingDevice(),
                ),
            )
        event.accept()
        return True  # the field itself never sees it


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent
