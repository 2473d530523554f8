"""Input widgets of the client master-data dialog: birth date with precision, row tables, and
the panel that warns of possible duplicates before a new client is saved."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casefile.records import BirthDatePrecision
from desktop.store.repo import ClientSummary
from desktop.ui.forms import Translatable, retranslate, tr_text
from desktop.ui.models import ID_ROLE, ClientListModel

GERMAN_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
NO_YEAR = 1899  # the spin box's "empty" value; validation rejects years before 1900 anyway


def parse_german_date(text: str) -> dt.date | None:
    """``12.03.1985`` (or ``12.3.1985``) as a date; ``None`` if it is not a valid date."""
    m = GERMAN_DATE.match(text)
    if not m:
        return None
    try:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None


class BirthDateInput(Translatable, QWidget):
    """Birth date with its precision: an exact date, only a year, or unknown.

    The exact date is typed as ``TT.MM.JJJJ`` into a line edit rather than a QDateEdit, because a
    date edit always holds *some* date and an untouched default would be saved as a birth date.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.precision_combo = QComboBox()
        self.precision_combo.setObjectName("birthDatePrecision")
        for value in BirthDatePrecision:
            self.precision_combo.addItem("", str(value))
        self.date_edit = QLineEdit()
        self.date_edit.setObjectName("birthDate")
        self.date_edit.setMaxLength(10)
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("birthYear")
        self.year_spin.setRange(NO_YEAR, dt.date.today().year)
        self.year_spin.setSpecialValueText("—")
        self.year_spin.setValue(NO_YEAR)
        self.unknown_label = QLabel()
        self.unknown_label.setObjectName("mutedText")
        self.stack = QStackedWidget()
        for w in (self.date_edit, self.year_spin, self.unknown_label):
            self.stack.addWidget(w)
        lay.addWidget(self.precision_combo)
        lay.addWidget(self.stack, 1)
        self.precision_combo.currentIndexChanged.connect(self._precision_changed)
        # The label's mnemonic (Alt+G) leads to the date itself; a label gives the focus only to
        # a buddy that takes it, and Tab skips a widget with a proxy (it reaches its children).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.date_edit)
        self.date_edit.editingFinished.connect(self.changed)
        self.year_spin.valueChanged.connect(lambda _v: self.changed.emit())
        labels = (
            QT_TRANSLATE_NOOP("BirthDateInput", "genau"),
            QT_TRANSLATE_NOOP("BirthDateInput", "nur Jahr"),
            QT_TRANSLATE_NOOP("BirthDateInput", "unbekannt"),
        )
        for i, source in enumerate(labels):
            tr_text(self, lambda text, i=i: self.precision_combo.setItemText(i, text), source)
        tr_text(
            self,
            self.date_edit.setPlaceholderText,
            QT_TRANSLATE_NOOP("BirthDateInput", "TT.MM.JJJJ"),
        )
        tr_text(
            self,
            self.unknown_label.setText,
            QT_TRANSLATE_NOOP("BirthDateInput", "Geburtsdatum nicht bekannt"),
        )

    def _precision_changed(self, index: int) -> None:
        precision = self.precision()
        if precision is BirthDatePrecision.YEAR and self.year_spin.value() == NO_YEAR:
            typed = parse_german_date(self.date_edit.text())
            if typed:
                self.year_spin.setValue(typed.year)
        self.stack.setCurrentIndex(index)
        shown = self.stack.currentWidget()
        self.setFocusProxy(self.precision_combo if shown is self.unknown_label else shown)
        self.changed.emit()

    def precision(self) -> BirthDatePrecision:
        return BirthDatePrecision(self.precision_combo.currentData())

    def has_unparsable_date(self) -> bool:
        text = self.date_edit.text().strip()
        return (
            self.precision() is BirthDatePrecision.EXACT
            and bool(text)
            and parse_german_date(text) is None
        )

    def value(self) -> dt.date | None:
        precision = self.precision()
        if precision is BirthDatePrecision.EXACT:
            return parse_german_date(self.date_edit.text())
        if precision is BirthDatePrecision.YEAR and self.year_spin.value() != NO_YEAR:
            return dt.date(self.year_spin.value(), 1, 1)
        return None

    def set_value(self, value: dt.date | None, precision: str) -> None:
        self.precision_combo.setCurrentIndex(self.precision_combo.findData(str(precision)))
        self.date_edit.setText(value.strftime("%d.%m.%Y") if value and precision == "exact" else "")
        self.year_spin.setValue(value.year if value else NO_YEAR)


class RowTable(QWidget):
    """A small editable table whose cells are widgets (combo boxes, line edits, check boxes).

    ``factory()`` makes the widgets of one new row. Each row may carry a payload -- the record
    it was loaded from -- so that saving can tell unchanged entries from new ones.
    """

    MAX_VISIBLE_ROWS = 4

    def __init__(
        self, columns: int, factory, fit: tuple[int, ...] = (), parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.factory = factory
        self._rows: list[tuple[list[QWidget], object]] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.table = QTableWidget(0, columns + 1)
        self.table.setHorizontalHeaderLabels([""] * (columns + 1))
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.fit = fit
        for col in range(columns):
            header.setSectionResizeMode(
                col, QHeaderView.ResizeMode.Fixed if col in fit else QHeaderView.ResizeMode.Stretch
            )
        header.setSectionResizeMode(columns, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(columns, 34)
        # The owner sets the texts (its translation context): set_header() and add_button.
        self.add_button = QPushButton()
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        lay.addWidget(self.table)
        lay.addLayout(bar)
        self._update_height()

    def set_header(self, column: int, text: str) -> None:
        self.table.horizontalHeaderItem(column).setText(text)

    def add_row(self, payload=None, focus: bool = False) -> list[QWidget]:
        widgets = self.factory()
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, w in enumerate(widgets):
            self.table.setCellWidget(row, col, w)
        remove = QToolButton()
        remove.setText("✕")
        remove.setObjectName("removeRowButton")
        remove.setToolTip(self.tr("Zeile entfernen"))
        remove.setAutoRaise(True)
        remove.clicked.connect(lambda: self._remove(remove))
        self.table.setCellWidget(row, len(widgets), remove)
        self.table.setRowHeight(row, max(w.sizeHint().height() for w in widgets) + 6)
        for col in self.fit:  # ResizeToContents ignores cell widgets, so size these by hand
            self.table.setColumnWidth(
                col, max(self.table.columnWidth(col), widgets[col].sizeHint().width() + 8)
            )
        self._rows.append((widgets + [remove], payload))
        self._update_height()
        if focus:
            widgets[0].setFocus()
        return widgets

    def _remove(self, button: QToolButton) -> None:
        for row, (widgets, _payload) in enumerate(self._rows):
            if button in widgets:
                self.table.removeRow(row)
                del self._rows[row]
                break
        self._update_height()

    def clear(self) -> None:
        self.table.setRowCount(0)
        self._rows.clear()
        self._update_height()

    def rows(self) -> list[tuple[list[QWidget], object]]:
        """(cell widgets, payload) of every row, top to bottom."""
        return [(widgets[:-1], payload) for widgets, payload in self._rows]

    def _update_height(self) -> None:
        # Grow with the rows up to a few, then scroll: a list of two identifiers should not sit in
        # a half-empty box, and ten aliases should not push the buttons off the screen.
        shown = min(max(len(self._rows), 1), self.MAX_VISIBLE_ROWS)
        row_h = self.table.rowHeight(0) if self._rows else 34
        head = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(head + shown * row_h + 2 * self.table.frameWidth() + 2)


class DuplicatePanel(Translatable, QFrame):
    """Warning inside the new-client dialog: people already recorded who may be the same person."""

    open_requested = Signal(str)
    create_anyway = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicatePanel")
        self.setStyleSheet(
            "#duplicatePanel { background: #fff6e0; border: 1px solid #e5b84b; border-radius: 8px; }"
            "#duplicatePanel QLabel#duplicateTitle { font-weight: 600; color: #6b4500; }"
            "#duplicatePanel QTableView { background: white; border: 1px solid #ecd9a8; }"
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 12, 14, 12)
        lay.setSpacing(8)
        self.title = QLabel()
        self.title.setObjectName("duplicateTitle")
        self.title.setWordWrap(True)
        self.model = ClientListModel(self)
        self.list = QTableView()
        self.list.setObjectName("duplicateList")
        self.list.setModel(self.model)
        self.list.verticalHeader().hide()
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.list.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.list.doubleClicked.connect(lambda _i: self._open())
        self.open_button = QPushButton()
        self.open_button.setObjectName("openExistingButton")
        self.open_button.setDefault(False)
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self._open)
        self.create_button = QPushButton()
        self.create_button.setObjectName("createAnywayButton")
        self.create_button.setAutoDefault(False)
        self.create_button.clicked.connect(self.create_anyway)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.create_button)
        bar.addWidget(self.open_button)
        lay.addWidget(self.title)
        lay.addWidget(self.list)
        lay.addLayout(bar)
        tr_text(
            self,
            self.open_button.setText,
            QT_TRANSLATE_NOOP("DuplicatePanel", "Ausgewählte Person öffnen"),
        )
        tr_text(
            self,
            self.create_button.setText,
            QT_TRANSLATE_NOOP("DuplicatePanel", "Trotzdem neu anlegen"),
        )
        self._failed = False
        self.hide()

    def retranslateUi(self) -> None:
        retranslate(self)
        self._set_title()

    def _set_title(self) -> None:
        self.title.setText(
            self.tr(
                "Die Dublettenprüfung ist fehlgeschlagen. Bitte über die Suche prüfen, ob die "
                "Person schon erfasst ist, bevor Sie sie neu anlegen."
            )
            if self._failed
            else self.tr("Mögliche Dubletten – diese Personen sind bereits erfasst:")
        )

    def show_hits(self, hits: list[ClientSummary]) -> None:
        self._failed = False
        self._set_title()
        self.model.set_rows(hits)
        self.list.setVisible(True)
        self.open_button.setVisible(True)
        rows = min(len(hits), 4)
        self.list.setFixedHeight(
            self.list.horizontalHeader().sizeHint().height()
            + rows * self.list.verticalHeader().defaultSectionSize()
            + 4
        )
        self.list.selectRow(0)
        self.show()

    def show_failed(self) -> None:
        self._failed = True
        self._set_title()
        self.model.set_rows([])
        self.list.setVisible(False)
        self.open_button.setVisible(False)
        self.show()

    def selected_id(self) -> str | None:
        rows = self.list.selectionModel().selectedRows()
        return self.model.data(rows[0], ID_ROLE) if rows else None

    def _open(self) -> None:
        cid = self.selected_id()
        if cid:
            self.open_requested.emit(cid)
