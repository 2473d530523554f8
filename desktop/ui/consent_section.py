"""The "Einwilligungen" tab: consents with their state, recording one, printing the form in
the client's language, and recording a withdrawal (every device applies it on its next sync)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from casefile.validation import QT_TRANSLATE_NOOP
from desktop import consent_form
from desktop.ui.forms import tr_text
from desktop.ui.sections import ConsentForm, ConsentModel, SectionPanel, consent_state


class ConsentSection(SectionPanel):
    """ "Einwilligungen": consents to share data, with their state, and the form to record one."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(
            ConsentModel(ctx.today),
            ConsentForm(ctx),
            QT_TRANSLATE_NOOP(
                "ConsentSection",
                "Einwilligungen und Schweigepflichtentbindungen: welche Stellen welche Daten erhalten "
                "dürfen, wofür und wie lange.",
            ),
            QT_TRANSLATE_NOOP("ConsentSection", "Einwilligung erfassen"),
            (1, 2, 3),
            parent,
        )
        self.ctx = ctx
        self.client_id = ""
        self.add_button.setObjectName("addConsentButton")
        self.table.setObjectName("consentTable")
        self.print_button = QPushButton(objectName="printConsentButton")
        tr_text(
            self,
            self.print_button.setText,
            QT_TRANSLATE_NOOP("ConsentSection", "Formular drucken (PDF) …"),
        )
        self.withdraw_button = QPushButton(objectName="withdrawConsentButton")
        tr_text(
            self,
            self.withdraw_button.setText,
            QT_TRANSLATE_NOOP("ConsentSection", "Widerruf erfassen …"),
        )
        actions = QHBoxLayout()
        actions.addWidget(self.print_button)
        actions.addWidget(self.withdraw_button)
        actions.addStretch(1)
        body = self.table.parentWidget().layout()
        body.insertLayout(body.indexOf(self.table) + 1, actions)
        self.print_button.clicked.connect(self.print_form)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def set_rows(self, client_id: str, rows: list) -> None:
        self.client_id = client_id
        super().set_rows(client_id, rows)

    def selected(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows and self.model.rowCount() == 1:
            return self.model.row_at(0)
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self, *_args) -> None:
        consent = self.selected()
        self.print_button.setEnabled(consent is not None)
        self.withdraw_button.setEnabled(
            consent is not None and consent_state(consent, self.ctx.today()) != "withdrawn"
        )

    def print_form(self) -> None:
        consent = self.selected()
        if consent is None:
            return
        self.ctx.ops.read(
            self.ctx.store.get_client,
            self.client_id,
            on_done=lambda client: self._print_form(consent, client),
        )

    def _print_form(self, consent, client) -> None:
        if client is None:
            return
        names = consent_form.languages()
        codes = list(names)
        default = codes.index(consent_form.language_for(client))
        label, ok = QInputDialog.getItem(
            self,
            self.tr("Sprache des Formulars"),
            self.tr("Das Formular wird auf Deutsch und in dieser Sprache gedruckt:"),
            [names[c] for c in codes],
            default,
            False,
        )
        if not ok:
            return
        lang = codes[[names[c] for c in codes].index(label)]
        stem = re.sub(r"[^\w-]+", "_", f"Einwilligung_{client.family_name}_{dt.date.today()}")
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Formular speichern"),
            str(Path(docs or ".") / f"{stem}.pdf"),
            "PDF (*.pdf)",
        )
        if not path:
            return
        try:
            consent_form.write_pdf(consent, client, lang, path)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Formular nicht gespeichert"),
                self.tr("Die Datei konnte nicht geschrieben werden: {error}").format(
                    error=exc.strerror or exc
                ),
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def withdraw(self) -> None:
        consent = self.selected()
        if consent is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Widerruf erfassen"),
            self.tr(
                "Die Einwilligung „{purpose}“ ab heute als widerrufen erfassen? Jedes Gerät "
                "entfernt bei seiner nächsten Synchronisation, was sie geöffnet hat."
            ).format(purpose=consent.purpose),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.ops.write(self.ctx.store.withdraw_consent, consent.id)
