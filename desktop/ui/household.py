"""The "Haushalt" section: household members and the picker that links another client."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile import catalogs
from casefile.records import HouseholdLink
from casefile.validation import ValidationError, validate_household_link
from desktop.store.repo import HouseholdMember
from desktop.ui.formatting import date_text
from desktop.ui.forms import (
    CatalogCombo,
    ErrorLabel,
    FormErrors,
    Translatable,
    catalog_label,
    tr_text,
)
from desktop.ui.models import ID_ROLE, ClientListModel, RowsModel
from desktop.ui.sections import SectionPanel

# Used when the catalog entry names no "inverse": the relation seen from the other person.
REVERSE = {"child": "parent", "parent": "child", "spouse": "spouse", "sibling": "sibling"}


def reverse_relation(code: str) -> str | None:
    """How the other person relates back (child -> parent); ``None`` if it cannot be said."""
    catalog = catalogs.load("relation")
    entry = catalog.get(code)
    reverse = (entry.extra.get("inverse") if entry else None) or REVERSE.get(code)
    if reverse in catalog:
        return reverse
    return "other" if "other" in catalog else None


class HouseholdModel(RowsModel):
    headers = (
        QT_TRANSLATE_NOOP("models", "Name"),
        QT_TRANSLATE_NOOP("models", "Geburtsdatum"),
        QT_TRANSLATE_NOOP("models", "Beziehung"),
    )

    def row_id(self, row: HouseholdMember) -> str:
        return row.link.other_client_id

    def cell(self, row: HouseholdMember, column: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.name,
                date_text(row.birth_date),
                catalog_label("relation", row.link.relation),
            )[column]
        return None


class HouseholdSection(SectionPanel):
    """Household members; double-click opens the member's own file."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(
            HouseholdModel(),
            None,
            QT_TRANSLATE_NOOP(
                "HouseholdSection",
                "Personen desselben Haushalts oder derselben Bedarfsgemeinschaft. Doppelklick öffnet "
                "die Akte der Person.",
            ),
            QT_TRANSLATE_NOOP("HouseholdSection", "Person verknüpfen"),
            (0,),
            parent,
        )
        self.ctx = ctx
        self.client_id, self.client_name = "", ""
        self.add_button.setObjectName("linkPersonButton")
        self.table.setObjectName("householdTable")
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        self.add_button.clicked.connect(self.pick)

    def set_client(self, client_id: str, client_name: str, members: list[HouseholdMember]) -> None:
        self.client_id, self.client_name = client_id, client_name
        self.set_rows(client_id, members)

    def _open(self, index) -> None:
        if index.isValid():
            self.ctx.bus.open_client.emit(self.model.data(index, ID_ROLE))

    def pick(self) -> ClientPickerDialog:
        dialog = ClientPickerDialog(self.ctx, self.client_id, self.client_name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


class ClientPickerDialog(Translatable, QDialog):
    """Find another client and link him or her to this household with a relation."""

    def __init__(self, ctx, client_id: str, client_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.client_id, self.client_name = ctx, client_id, client_name
        self.setObjectName("clientPicker")
        self.resize(760, 540)
        self.errors = FormErrors()
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setClearButtonEnabled(True)
        tr_text(
            self,
            self.search.setPlaceholderText,
            QT_TRANSLATE_NOOP(
                "ClientPickerDialog", "Name, Geburtsdatum oder Aktenzeichen eingeben …"
            ),
        )
        self.model = ClientListModel(self)
        self.results = QTableView()
        self.results.setObjectName("pickerResults")
        self.results.setModel(self.model)
        self.results.verticalHeader().hide()
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.results.doubleClicked.connect(lambda _i: self.link())
        # No preselected relation: a wrong default would be saved twice (and reversed).
        self.relation = CatalogCombo("relation", allow_empty=True)
        self.relation.setObjectName("pickerRelation")
        self.relation_label = QLabel()
        self.relation_label.setBuddy(self.relation)
        self.person_error, relation_error = ErrorLabel(), ErrorLabel()
        self.errors.register("other_client_id", self.results, self.person_error)
        self.errors.register("relation", self.relation, relation_error)
        self.save_error = ErrorLabel()
        self.no_hits = QLabel()
        self.no_hits.setObjectName("mutedText")
        self.no_hits.setStyleSheet("color: #5b6270;")
        self.no_hits.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.link_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.link_button.setObjectName("pickerLinkButton")
        self.link_button.setStyleSheet("font-weight: 600;")  # bold before sizing, see RecordForm
        tr_text(
            self, self.link_button.setText, QT_TRANSLATE_NOOP("ClientPickerDialog", "Verknüpfen")
        )
        tr_text(
            self,
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText,
            QT_TRANSLATE_NOOP("ClientPickerDialog", "Abbrechen"),
        )
        buttons.accepted.connect(self.link)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 16, 18, 14)
        for w in (
            self.search,
            self.results,
            self.no_hits,
            self.person_error,
            self.relation_label,
            self.relation,
            relation_error,
            self.save_error,
            buttons,
        ):
            lay.addWidget(w, 1 if w is self.results else 0)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.retranslateUi()

    def retranslateUi(self) -> None:
        super().retranslateUi()
        self.setWindowTitle(self.tr("Person verknüpfen"))
        self.relation_label.setText(
            self.tr("Die ausgewählte Person ist für {name}:").format(name=self.client_name)
        )

    def run_search(self) -> None:
        self.ctx.ops.read(
            self.ctx.store.search,
            self.search.text(),
            30,
            key=f"picker:{id(self)}",
            on_done=self._show_results,
        )

    def _show_results(self, hits) -> None:
        self.model.set_rows([h for h in hits if h.id != self.client_id])
        self.no_hits.setText(
            self.tr(
                "Keine passende Person gefunden. Neue Personen legen Sie über "
                "„Neue:r Klient:in“ an."
            )
        )
        self.no_hits.setVisible(not self.model.rowCount() and bool(self.search.text().strip()))
        if self.model.rowCount():
            self.results.selectRow(0)

    def selected_id(self) -> str:
        rows = self.results.selectionModel().selectedRows()
        return self.model.data(rows[0], ID_ROLE) if rows else ""

    def link(self) -> None:
        link = HouseholdLink(self.client_id, self.selected_id(), self.relation.code())
        errors = validate_household_link(link, self.ctx.today())
        if not link.other_client_id:
            errors = [e for e in errors if e.field != "other_client_id"]
            self.errors.show(errors)
            self.person_error.show_errors(
                [self.tr("Bitte zuerst eine Person suchen und auswählen.")]
            )
            return
        if self.errors.show(errors) or errors:
            return
        self.link_button.setEnabled(False)
        self.ctx.ops.write(
            self.ctx.store.add_household_link,
            link,
            reverse_relation(link.relation),
            on_done=self._linked,
            on_error=self._failed,
        )

    def _linked(self, _link_id: str) -> None:
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.link_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.errors.show(exc.errors)
        else:
            self.save_error.show_errors(
                [
                    self.tr(
                        "Die Verknüpfung konnte nicht gespeichert werden. Bitte erneut versuchen."
                    )
                ]
            )
