"""Type-ahead client search: results while typing, keyboard only (type, arrows, Enter)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.ui.context import AppContext
from desktop.ui.models import ID_ROLE, ClientListModel
from desktop.ui.tables import list_table

DEBOUNCE_MS = 120
RESULT_LIMIT = 50


class SearchPanel(QWidget):
    """Search field over a result table; ``client_chosen`` fires on Enter or double-click."""

    client_chosen = Signal(str)
    new_client_requested = Signal(str)  # the typed text, to prefill the new-client dialog

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # One key per panel: the reception page has a search panel of its own, and a newer
        # search of one panel must not swallow the other's results.
        self._search_key = f"search:{id(self)}"
        self.field = QLineEdit(objectName="searchField")
        self.field.setClearButtonEnabled(True)
        self.new_button = QPushButton(objectName="newClientButton")
        self.model = ClientListModel(self)
        # Last contact is left out: the client file shows it, and the panel stays narrow.
        self.table = list_table(self.model, "searchResults", stretch=0, hidden=(3,), names=(0,))
        self.status = QLabel(objectName="searchStatus")
        top = QHBoxLayout()
        top.addWidget(self.field, 1)
        top.addWidget(self.new_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.status)
        lay.addWidget(self.table, 1)

        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._run_search)
        self.field.textChanged.connect(lambda _t: self._timer.start())
        self.field.returnPressed.connect(self._choose_current)
        self.field.installEventFilter(self)
        self.table.activated.connect(self._choose)
        self.table.doubleClicked.connect(self._choose)
        self.new_button.clicked.connect(lambda: self.new_client_requested.emit(self.field.text()))
        ctx.bus.changed.connect(self._on_changed)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.field.setPlaceholderText(
            self.tr(
                "Name, Geburtsdatum oder Aktenzeichen eingeben – z. B. „schewtschenko olena 1985“"
            )
        )
        self.new_button.setText(self.tr("Neue:r Klient:in"))
        self.new_button.setToolTip(self.tr("Neue Person erfassen (Strg+N)"))

    def focus_search(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def eventFilter(self, obj, event) -> bool:
        # Arrow keys in the search field move through the results, so the hands stay on the keys.
        if obj is self.field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(key)
                return True
        return super().eventFilter(obj, event)

    def _move(self, key) -> None:
        n = self.model.rowCount()
        if not n:
            return
        row = self.table.currentIndex().row()
        step = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 10,
            Qt.Key.Key_PageUp: -10,
        }[key]
        row = max(0, min(n - 1, (row if row >= 0 else -1) + step))
        self.table.setCurrentIndex(self.model.index(row, 0))

    def _run_search(self) -> None:
        text = self.field.text().strip()
        if not text:
            self.ctx.ops.read(
                self.ctx.store.recent_clients,
                30,
                key=self._search_key,
                on_done=lambda rows: self._show(rows, recent=True),
            )
            return
        self.ctx.ops.read(
            self.ctx.store.search,
            text,
            RESULT_LIMIT,
            key=self._search_key,
            on_done=self._show,
            on_error=self._failed,
        )

    def refresh(self) -> None:
        self._run_search()

    def _show(self, rows, recent: bool = False) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.setCurrentIndex(self.model.index(0, 0))
        if recent:
            self.status.setText(self.tr("Zuletzt beraten"))
        elif rows:
            self.status.setText(
                self.tr("%n Treffer – Pfeiltasten wählen, Enter öffnet", "", len(rows))
            )
        else:
            self.status.setText(self.tr("Keine Treffer. Mit „Neue:r Klient:in“ erfassen."))

    def _failed(self, exc: Exception) -> None:
        self.status.setText(self.tr("Suche fehlgeschlagen: {error}").format(error=exc))

    def _choose_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._choose(index)

    def _choose(self, index: QModelIndex) -> None:
        client_id = self.model.data(index, ID_ROLE)
        if client_id:
            self.client_chosen.emit(client_id)

    def _on_changed(self, changes) -> None:
        # Names (and their other spellings) and the last contact the result list shows.
        if changes.touches(("client", "client_alias", "consultation")):
            self._timer.start()
