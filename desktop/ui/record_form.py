"""The base of the client file's small forms: fields in a grid, inline validation, saving
through the operation layer's writer, which announces the change afterwards."""

from __future__ import annotations

import datetime as dt
import logging

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from casefile import codec, validation
from desktop.ui.form_keys import Answer, FormState, ask_discard, install_escape, install_save_keys
from desktop.ui.forms import DateEdit, FormErrors, Translatable, refusal_text, tr_text

log = logging.getLogger(__name__)

FORM_STYLE = """
#recordForm { background: #f6f7f9; border: 1px solid #dde1e6; border-radius: 8px; }
QLabel#fieldError { color: #b3261e; }
QLabel#formTitle { font-weight: 600; font-size: 11pt; }
QLabel#saveError { color: #8c1d18; }
*[invalid="true"] { border: 1px solid #b3261e; border-radius: 3px; }
"""


def min_width(widget: QWidget) -> int:
    """The width a layout would give *widget* at least (size policy and minimum size included)."""
    return QWidgetItem(widget).minimumSize().width()


def date_edit(value: dt.date) -> QDateEdit:
    edit = DateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return edit


class RecordForm(Translatable, QFrame):
    """A small form that makes one record, validates it inline and saves it.

    Its fields stand in two label/field column pairs; where that does not fit (a client file
    beside the search panel on a 1366 px laptop) they stand in one column, in the order added.
    """

    saved = Signal(str)
    cancelled = Signal()
    kind = ""  # record kind announced on the change bus

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = ""
        self.errors = FormErrors()
        self.setObjectName("recordForm")
        self.setStyleSheet(FORM_STYLE)
        self.title = QLabel()
        self.title.setObjectName("formTitle")
        tr_text(self, self.title.setText, title)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        self.save_error = QLabel()
        self.save_error.setObjectName("saveError")
        self.save_error.setWordWrap(True)
        self.save_error.hide()
        self.save_button, self.cancel_button = QPushButton(), QPushButton()
        self.save_button.setObjectName("sectionSaveButton")
        self.save_button.setDefault(True)
        # Bold from the start: the style sheet's bold :default state would not widen the button.
        self.save_button.setStyleSheet("font-weight: 600;")
        self.save_button.clicked.connect(self.save)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.request_cancel)
        tr_text(self, self.save_button.setText, QT_TRANSLATE_NOOP("RecordForm", "Speichern"))
        tr_text(self, self.cancel_button.setText, QT_TRANSLATE_NOOP("RecordForm", "Abbrechen"))
        self.bar = bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(8)
        lay.addWidget(self.title)
        lay.addLayout(self.grid)
        lay.addWidget(self.save_error)
        lay.addLayout(bar)
        # (label, field, error label, column pair, span) of each row, in the order added
        self._rows: list[tuple[QLabel, QWidget, QLabel, int, int]] = []
        self._first: QWidget | None = None
        self.pairs = 0
        self._build()
        self._place(2)
        self.reset()
        # Strg+Enter saves and Esc asks, as in every form, while the focus is in this one
        self.form_state = FormState(self)
        install_save_keys(self, self.save, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        install_escape(self, self.request_cancel)

    def add_row(
        self, source: str, field: str, widget: QWidget, col: int = 0, span: int = 1
    ) -> None:
        """Add a labelled field in column pair *col* (0 or 1) or across both (span=3)."""
        self._first = self._first or widget
        row = self.grid.rowCount()  # any free row: _place() puts it where it belongs
        self.errors.add_row(self.grid, row, "", field, widget)
        label = self.grid.itemAtPosition(row, 0).widget()
        error = self.grid.itemAtPosition(row + 1, 1).widget()
        tr_text(self, label.setText, source)
        self._rows.append((label, widget, error, col, span))

    def _place(self, pairs: int) -> None:
        """Put the rows into *pairs* (2 or 1) label/field column pairs."""
        grid = self.grid
        for label, widget, error, _col, _span in self._rows:
            for w in (label, widget, error):
                grid.removeWidget(w)
        for row in range(grid.rowCount()):
            grid.setRowMinimumHeight(row, 0)
        for col in range(4):  # the field columns share the spare width
            grid.setColumnStretch(col, 1 if col % 2 and col < 2 * pairs else 0)
        nxt = [0, 0]  # next free grid row per column pair
        for label, widget, error, col, span in self._rows:
            col, span = (col, span) if pairs == 2 else (0, 1)
            row = max(nxt) if span > 1 else nxt[col]
            grid.addWidget(
                label, row, col * 2, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
            )
            # Top-aligned: a short fixed-height field next to a tall one should not float mid-row.
            grid.addWidget(widget, row, col * 2 + 1, 1, span, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(error, row + 1, col * 2 + 1, 1, span)
            grid.setRowMinimumHeight(row + 1, 6)
            if span > 1:
                nxt = [row + 2, row + 2]
            else:
                nxt[col] = row + 2
        self.pairs = pairs

    def _width(self, pairs: int) -> int:
        """The least width of the form with its rows in *pairs* column pairs."""
        spacing = self.grid.horizontalSpacing()
        labels, fields, spanning = [0, 0], [0, 0], 0
        for label, widget, _error, col, span in self._rows:
            col = col if pairs == 2 else 0
            labels[col] = max(labels[col], min_width(label))
            if pairs == 2 and span > 1:
                spanning = max(spanning, min_width(widget))
            else:
                fields[col] = max(fields[col], min_width(widget))
        width = labels[0] + spacing + max(fields[0], spanning)
        if pairs == 2:
            width = max(width, sum(labels) + sum(fields) + 3 * spacing)
        m = self.layout().contentsMargins()
        width = max(width, self.bar.minimumSize().width(), min_width(self.title))
        return width + m.left() + m.right() + 2 * self.frameWidth()

    def minimumSizeHint(self) -> QSize:
        # One column pair, whichever is shown now: resizeEvent() switches to it when needed.
        return QSize(self._width(1), super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        pairs = 2 if self.width() >= self._width(2) else 1
        if pairs != self.pairs:
            self._place(pairs)

    def focus_first(self) -> None:
        if self._first is not None:
            self._first.setFocus()

    # --- to be defined by each form ------------------------------------------------------------

    def _build(self) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        """Empty the fields for the next record."""

    def record(self):
        raise NotImplementedError

    def validate(self, record) -> list[validation.FieldError]:
        return validation.validate(record, self.ctx.today())

    def store_call(self):
        raise NotImplementedError

    # --- saving -------------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        """Does the form hold input that was not saved?"""
        return self.form_state.is_dirty()

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return  # Strg+Enter again while the save is under way
        self.save_error.hide()
        record = self.record()
        # The server's rules first: what it would refuse is not saved, whatever the fields.
        refusal = self.ctx.permissions.refusal(self.kind, None, codec.encode(record))
        if refusal is not None:
            self.errors.clear()
            self._show_error(refusal_text(refusal))
            return
        errors = self.validate(record)
        rest = self.errors.show(errors)
        if rest:
            log.warning("validation errors without a field in %s: %s", type(self).__name__, rest)
            self._show_error(self.tr("Bitte die Eingaben prüfen."))
        if errors:
            return
        self.save_button.setEnabled(False)
        self.ctx.ops.write(
            self.store_call(), record, on_done=lambda _r: self._saved(record), on_error=self._failed
        )

    def _saved(self, record) -> None:
        # The operation layer announces the change, even if the form was closed meanwhile.
        if shiboken6.isValid(self):
            self.save_button.setEnabled(True)
            self.errors.clear()
            self.reset()
            self.form_state.mark_clean()
            self.saved.emit(record.id)

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, validation.ValidationError):
            self.errors.show(exc.errors)
            return
        self._show_error(
            self.tr(
                "Speichern fehlgeschlagen. Die Eingaben bleiben erhalten – bitte erneut versuchen."
            )
        )

    def _show_error(self, text: str) -> None:
        self.save_error.setText(text)
        self.save_error.show()

    def request_cancel(self) -> bool:
        """Esc or Abbrechen: close the form, after asking if it holds unsaved input; False if
        the user goes on editing."""
        if self.is_dirty() and ask_discard(self) is not Answer.DISCARD:
            return False
        self._cancel()
        return True

    def _cancel(self) -> None:
        self.errors.clear()
        self.save_error.hide()
        self.reset()
        self.form_state.mark_clean()
        self.cancelled.emit()
