"""The frame of the dialogs that review what the server lists (conflicts, likely duplicates).

Tabs of tables, each with its buttons; a status line; a Close button. The texts are set again
and the tables filled again when the language changes. Server calls run off the UI thread
through ``ctx.ops``; :func:`server_call` is the call they run.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


def server_call(connection, method: str, *args):
    """Runs off the UI thread: one call of the sync client."""
    client = connection.client()
    try:
        return getattr(client, method)(*args)
    finally:
        client.close()


def button_page(*widgets: QWidget, buttons: tuple[QPushButton, ...]) -> QWidget:
    """A tab page: *widgets* one below the other, then *buttons* in a row at the right."""
    page = QWidget()
    lay = QVBoxLayout(page)
    for widget in widgets:
        lay.addWidget(widget)
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    lay.addLayout(row)
    return page


class ReviewDialog(QDialog):
    """``tabs``, ``status`` (named *status_name*) and ``buttons`` (Close); a subclass adds its
    pages to ``tabs``, then calls :meth:`lay_out`, and has ``_fill`` (the tables from its data)."""

    def __init__(self, ctx, connection, status_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.connection = ctx, connection
        self.tabs = QTabWidget()
        self.status = QLabel(objectName=status_name, wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

    def lay_out(self) -> None:
        """The tabs over the status line over the Close button. Called once the tabs have
        their pages, so the keyboard's tab order runs through the pages first."""
        main = QVBoxLayout(self)
        main.addWidget(self.tabs)
        main.addWidget(self.status)
        main.addWidget(self.buttons)

    def retranslateUi(self) -> None:
        """Subclasses set their texts (and call this)."""

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslateUi()
            self._fill()
        super().changeEvent(event)

    def _fill(self) -> None:
        raise NotImplementedError
