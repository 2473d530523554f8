"""The base of the client file's small forms: fields in a grid, inline validation, saving
through the runner's writer, and a change announced on the bus afterwards."""
from __future__ import annotations

import datetime as dt
import logging

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtWidgets import (QDateEdit, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QSizePolicy, QVBoxLayout, QWidget)

from casefile import validation
from desktop.ui.forms import FormErrors, Translatable, tr_text

log = logging.getLogger(__name__)

FORM_STYLE = """
#recordForm { background: #f6f7f9; border: 1px solid #dde1e6; border-radius: 8px; }
QLabel#fieldError { color: #b3261e; }
QLabel#formTitle { font-weight: 600; font-size: 11pt; }
QLabel#saveError { color: #8c1d18; }
*[invalid="true"] { border: 1px solid #b3261e; border-radius: 3px; }
"""


def date_edit(value: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return edit


class RecordForm(Translatable, QFrame):
    """A small form that makes one record, validates it inline and saves it."""
    saved = Signal(str)
    cancelled = Signal()
    kind = ""                       # record kind announced on the change bus

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
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
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
        self.cancel_button.clicked.connect(self._cancel)
        tr_text(self, self.save_button.setText, QT_TRANSLATE_NOOP("RecordForm", "Speichern"))
        tr_text(self, self.cancel_button.setText, QT_TRANSLATE_NOOP("RecordForm", "Abbrechen"))
        bar = QHBoxLayout()
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
        self._next = [0, 0]         # next free grid row per column pair
        self._first: QWidget | None = None
        self._build()
        self.reset()

    def add_row(self, source: str, field: str, widget: QWidget, col: int = 0, span: int = 1) -> None:
        """Add a labelled field in column pair *col* (0 or 1) or across both (span=3)."""
        row = max(self._next) if span > 1 else self._next[col]
        self._first = self._first or widget
        nxt = self.errors.add_row(self.grid, row, "", field, widget, col * 2, span)
        tr_text(self, self.grid.itemAtPosition(row, col * 2).widget().setText, source)
        # Top-aligned: a short fixed-height field next to a tall one should not float mid-row.
        self.grid.itemAtPosition(row, col * 2 + 1).setAlignment(Qt.AlignmentFlag.AlignTop)
        self.grid.setRowMinimumHeight(nxt - 1, 6)
        if span > 1:
            self._next = [nxt, nxt]
        else:
            self._next[col] = nxt

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

    def save(self) -> None:
        self.save_error.hide()
        record = self.record()
        errors = self.validate(record)
        rest = self.errors.show(errors)
        if rest:
            log.warning("validation errors without a field in %s: %s", type(self).__name__, rest)
            self._show_error(self.tr("Bitte die Eingaben prüfen."))
        if errors:
            return
        self.save_button.setEnabled(False)
        self.ctx.runner.run(self.store_call(), record, write=True,
                            on_done=lambda _r: self._saved(record), on_error=self._failed)

    def _saved(self, record) -> None:
        # Announced first: the form (or its dialog) may have been closed while the writer worked.
        self.ctx.bus.changed.emit(self.kind, record.client_id)
        if shiboken6.isValid(self):
            self.save_button.setEnabled(True)
            self.errors.clear()
            self.reset()
            self.saved.emit(record.id)

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, validation.ValidationError):
            self.errors.show(exc.errors)
            return
        self._show_error(self.tr("Speichern fehlgeschlagen. Die Eingaben bleiben erhalten – bitte "
                                 "erneut versuchen."))

    def _show_error(self, text: str) -> None:
        self.save_error.setText(text)
        self.save_error.show()

    def _cancel(self) -> None:
        self.errors.clear()
        self.save_error.hide()
        self.reset()
        self.cancelled.emit()
