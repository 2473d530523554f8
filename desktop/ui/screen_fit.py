"""Every window on the screen: sized to its usable area, never partly below the taskbar.

The laptops of the agency have 1366×768 screens, others 1920×1080 at 125 % (1536×864 logical
pixels); a window sized for a desk monitor would hide its buttons and the status bar there.
:func:`fit_to_screen` shrinks a window to the usable area of its screen and moves it inside;
:class:`~desktop.ui.app_guard.AppGuard` calls it for each dialog as it is shown, the main
window uses :func:`fit_main_window`. Tests replace :func:`available_geometry` to stand for a
screen of a given size (the offscreen platform has one of its own).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# A title bar and borders, while a window has no frame of its own yet (before it is first
# shown the window system has not told Qt its frame).
FRAME = QMargins(8, 32, 8, 8)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable area (without taskbar and docks) of the screen *widget* is on."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def frame_margins(widget: QWidget) -> QMargins:
    """The frame the window system draws around *widget* (:data:`FRAME` while unknown)."""
    outer, inner = widget.frameGeometry(), widget.geometry()
    margins = QMargins(
        inner.left() - outer.left(),
        inner.top() - outer.top(),
        outer.right() - inner.right(),
        outer.bottom() - inner.bottom(),
    )
    return margins if widget.isVisible() and margins.top() > 0 else FRAME


def fit_to_screen(widget: QWidget, available: QRect | None = None) -> None:
    """Shrink the window *widget* to *available* (its screen's usable area), frame included,
    and move it inside; a window that is shrunk keeps its centre."""
    area = available if available is not None else available_geometry(widget)
    frame = frame_margins(widget)
    room = area.marginsRemoved(frame).size()
    size = widget.size()
    fitted = size.boundedTo(room).expandedTo(widget.minimumSize())
    if fitted != size:
        centre = widget.frameGeometry().center()
        widget.resize(fitted)
        outer = fitted.grownBy(frame)
        widget.move(centre - QPoint(outer.width() // 2, outer.height() // 2))
    outer = QRect(widget.pos(), widget.size().grownBy(frame))
    x = max(area.left(), min(outer.left(), area.right() + 1 - outer.width()))
    y = max(area.top(), min(outer.top(), area.bottom() + 1 - outer.height()))
    if (x, y) != (outer.left(), outer.top()):
        widget.move(x, y)


def fits(size: QSize, available: QRect) -> bool:
    """Whether a window of *size* (its frame added) fits into *available*."""
    outer = size.grownBy(FRAME)
    return outer.width() <= available.width() and outer.height() <= available.height()


def fit_main_window(
    window: QWidget, saved: QByteArray | bytes | None = None, available: QRect | None = None
) -> None:
    """Before the main window is first shown: its saved geometry (if any) kept within the
    screen, else its default size centred; maximised where even that does not fit."""
    area = available if available is not None else available_geometry(window)
    if saved and window.restoreGeometry(QByteArray(saved)):
        if window.isMaximized() or window.isFullScreen():
            return
        fit_to_screen(window, area)
        return
    if not fits(window.size(), area):
        window.resize(window.size().boundedTo(area.marginsRemoved(FRAME).size()))
        window.move(area.topLeft())
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    outer = window.size().grownBy(FRAME)
    window.move(area.center() - QPoint(outer.width() // 2, outer.height() // 2))
