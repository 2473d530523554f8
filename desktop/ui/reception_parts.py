"""Parts of the reception screen: the concern list picked by number key, and the ticket card
that shows an issued ticket large."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile import catalogs
from casefile.records import WalkInTicket
from desktop.ui.forms import catalog_label

# The key that picks the n-th concern: 1 ... 9, then 0 for the tenth.
KEYS = "1234567890"
DIGITS = {getattr(Qt.Key, f"Key_{d}"): i for i, d in enumerate(KEYS)}


class ConcernList(QListWidget):
    """The walk-in concerns of the catalog as big rows, each with its number key: a digit
    picks a concern, the arrow keys move, Enter (``confirmed``) issues the ticket."""

    confirmed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("concernList")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for entry in catalogs.load("walk_in_concern").entries:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, entry.code)
            self.addItem(item)
        self.relabel()
        self.clear_choice()

    def relabel(self) -> None:
        for row in range(self.count()):
            item = self.item(row)
            code = item.data(Qt.ItemDataRole.UserRole)
            key = KEYS[row] if row < len(KEYS) else " "
            item.setText(f"{key}   {catalog_label('walk_in_concern', code)}")

    def code(self) -> str:
        item = self.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item and item.isSelected() else ""

    def set_code(self, code: str) -> None:
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == code:
                self.setCurrentRow(row)
                return

    def clear_choice(self) -> None:
        self.clearSelection()
        self.setCurrentRow(-1)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        rows = sum(self.sizeHintForRow(r) for r in range(self.count()))
        return QSize(super().sizeHint().width(), rows + 2 * self.frameWidth() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def event(self, event) -> bool:
        # Enter is "issue": taken before the view turns it into an item's activation (and
        # before the window sees it).
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.confirmed.emit()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        row = DIGITS.get(key) if not event.modifiers() else None
        if row is not None and row < self.count():
            self.setCurrentRow(row)
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not self.selectedItems():
            self.setCurrentRow(max(self.currentRow(), 0))  # the first arrow picks the first
            return
        super().keyPressEvent(event)


class TicketCard(QFrame):
    """The issued ticket, large: number, unit, room (and where the PDF went)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ticketCard")
        self.caption = QLabel(objectName="ticketCaption")
        self.number = QLabel(objectName="ticketNumber")
        self.unit = QLabel(objectName="ticketUnit")
        self.room = QLabel(objectName="ticketRoom")
        self.details = QLabel(objectName="ticketDetails")
        for label in (self.caption, self.number, self.unit, self.room, self.details):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(label is not self.number)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        lay = QVBoxLayout(self)
        lay.addWidget(self.caption)
        lay.addWidget(self.number)
        lay.addWidget(self.unit)
        lay.addWidget(self.room)
        lay.addWidget(self.details)
        self.ticket: WalkInTicket | None = None
        self.show_ticket(None)

    def show_ticket(self, ticket: WalkInTicket | None, room: str = "", details: str = "") -> None:
        self.ticket = ticket
        self.number.setText(ticket.number if ticket else "–")
        self.unit.setText(catalog_label("unit", ticket.unit) if ticket else "")
        self.room.setText(room)
        self.room.setVisible(bool(room))
        self.details.setText(details)
        self.setProperty("issued", ticket is not None)
        self.style().unpolish(self)
        self.style().polish(self)
