"""The queue panel's two small dialogs: passing a ticket to another unit, and finding the
client file of an anonymous walk-in before the consultation is recorded."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.directory import Directory
from casefile.records import WalkInTicket
from desktop.ui.context import AppContext
from desktop.ui.forms import CatalogCombo, catalog_label
from desktop.ui.queue_model import unstaffed
from desktop.ui.search_panel import SearchPanel

REASON_MAX = 200  # as the phase row keeps it


class TransferDialog(QDialog):
    """Weiterleiten: the target unit and a short reason. A unit the directory names nobody
    for is warned about, not refused: the client keeps number, arrival and priority and
    waits in that unit's queue."""

    def __init__(
        self,
        ticket: WalkInTicket,
        targets: list[str],
        directory: Directory,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.ticket, self.directory = ticket, directory
        self.unit = CatalogCombo("unit", parent=self)
        self.unit.setObjectName("transferUnit")
        self.unit.restrict(targets)
        self.unit.setEnabled(bool(targets))
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reason = QLineEdit(objectName="transferReason", maxLength=REASON_MAX)
        self.warning = QLabel(objectName="transferWarning", wordWrap=True)
        self.warning.setStyleSheet("QLabel#transferWarning { color: #8a5a00; }")
        self.error = QLabel(objectName="transferError", wordWrap=True, visible=False)
        self.error.setStyleSheet("QLabel#transferError { color: #b3261e; }")
        self.intro = QLabel(wordWrap=True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout()
        self.unit_label, self.reason_label = QLabel(), QLabel()
        self.unit_label.setBuddy(self.unit)
        self.reason_label.setBuddy(self.reason)
        form.addRow(self.unit_label, self.unit)
        form.addRow(self.reason_label, self.reason)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(form)
        lay.addWidget(self.warning)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.unit.currentIndexChanged.connect(self._warn)
        self.retranslateUi()
        self.reason.setFocus()
        self.setMinimumWidth(460)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Weiterleiten – {number}").format(number=self.ticket.number))
        self.intro.setText(
            self.tr(
                "{number} wartet dann bei der gewählten Einheit – mit Nummer, Ankunftszeit und "
                "Vorrang wie bisher."
            ).format(number=self.ticket.number)
        )
        self.unit_label.setText(self.tr("&An Einheit"))
        self.reason_label.setText(self.tr("&Grund (kurz)"))
        self.reason.setPlaceholderText(self.tr("z. B. Anliegen betrifft Leistungen"))
        self.ok.setText(self.tr("Weiterleiten"))
        self._warn()

    def target(self) -> str:
        return self.unit.code()

    def why(self) -> str:
        return self.reason.text().strip()

    def _warn(self, *_args) -> None:
        unit = self.target()
        lonely = bool(unit) and unstaffed(self.directory, unit)
        self.warning.setVisible(lonely)
        if lonely:
            self.warning.setText(
                self.tr(
                    "Achtung: Im Verzeichnis ist für {unit} niemand eingetragen. Die Person "
                    "wartet trotzdem dort – bitte klären, wer sie aufruft."
                ).format(unit=catalog_label("unit", unit))
            )

    def submit(self) -> None:
        if not self.target():
            self._fail(self.tr("Bitte eine Einheit wählen."))
            return
        if not self.why():
            self._fail(self.tr("Bitte kurz sagen, warum die Person weitergeleitet wird."))
            self.reason.setFocus()
            return
        self.accept()

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class LinkClientDialog(QDialog):
    """*Erledigt* for an anonymous ticket: find the person (or register them) so the
    consultation lands in their file -- or finish the visit without a consultation.
    ``client_id`` holds the file chosen; ``without`` is set for the latter."""

    def __init__(self, ctx: AppContext, ticket: WalkInTicket, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("linkClientDialog")
        self.ctx, self.ticket = ctx, ticket
        self.client_id = ""
        self.without = False
        self.intro = QLabel(wordWrap=True)
        self.search = SearchPanel(ctx, self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.take = QPushButton(objectName="takeClient")
        self.take.setDefault(True)
        self.finish = QPushButton(objectName="finishWithout")
        self.finish.setAutoDefault(False)
        self.buttons.addButton(self.take, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.finish, QDialogButtonBox.ButtonRole.DestructiveRole)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.search, 1)
        lay.addWidget(self.buttons)
        self.search.client_chosen.connect(self._chosen)
        self.search.new_client_requested.connect(self._register)
        self.take.clicked.connect(self.search._choose_current)
        self.finish.clicked.connect(self._without)
        self.buttons.rejected.connect(self.reject)
        self.retranslateUi()
        self.resize(720, 520)
        self.search.refresh()
        self.search.focus_search()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Erledigt – {number}").format(number=self.ticket.number))
        self.intro.setText(
            self.tr(
                "{number} ist noch keiner Klientenakte zugeordnet. Person suchen (Enter "
                "übernimmt) oder neu erfassen – die Beratung wird dann in ihrer Akte erfasst."
            ).format(number=self.ticket.number)
        )
        self.take.setText(self.tr("Akte übernehmen"))
        self.finish.setText(self.tr("Ohne Beratung abschließen"))
        self.search.retranslateUi()

    def _chosen(self, client_id: str) -> None:
        if not client_id:
            return
        self.client_id = client_id
        self.accept()

    def _register(self, prefill: str) -> None:
        from desktop.ui.client_dialog import ClientDialog

        dialog = ClientDialog(self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if prefill:
            dialog.prefill_name(prefill)
        dialog.accepted.connect(
            lambda: self._chosen(dialog.open_existing_id or dialog.client_id or "")
        )
        dialog.open()

    def _without(self) -> None:
        self.without = True
        self.accept()
