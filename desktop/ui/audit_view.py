"""The administrators' view of the audit log: per client or per user, saved as CSV.

The entries come from the server (``GET /api/v1/audit``; only administrators get them, the
server says 403 to everyone else and logs the attempt). Loading runs through ``ctx.runner``,
never on the UI thread.
"""

from __future__ import annotations

import csv

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.validation import QT_TRANSLATE_NOOP
from desktop.ui.conflicts_view import KIND_LABELS
from desktop.ui.duplicates_view import datetime_text
from desktop.ui.review_dialog import server_call
from desktop.ui.tables import list_table

COLUMNS = ("at", "user_name", "device_id", "action", "kind", "client_id", "record_id")
ACTIONS = {
    "create": QT_TRANSLATE_NOOP("AuditDialog", "angelegt"),
    "update": QT_TRANSLATE_NOOP("AuditDialog", "geändert"),
    "delete": QT_TRANSLATE_NOOP("AuditDialog", "gelöscht"),
    "consent": QT_TRANSLATE_NOOP("AuditDialog", "Einwilligung geändert"),
    "sent": QT_TRANSLATE_NOOP("AuditDialog", "an Gerät übermittelt"),
    "denied": QT_TRANSLATE_NOOP("AuditDialog", "verweigert"),
    "merge": QT_TRANSLATE_NOOP("AuditDialog", "zusammengeführt"),
    "unmerge": QT_TRANSLATE_NOOP("AuditDialog", "Zusammenführung aufgehoben"),
    "retention": QT_TRANSLATE_NOOP("AuditDialog", "nach Aufbewahrungsfrist gelöscht"),
    "consent_expired": QT_TRANSLATE_NOOP(
        "AuditDialog", "Einwilligung abgelaufen, Geräte bereinigt"
    ),
    "export": QT_TRANSLATE_NOOP("AuditDialog", "exportiert"),
    "erase": QT_TRANSLATE_NOOP("AuditDialog", "Akte gelöscht (Löschauftrag)"),
    "distinct": QT_TRANSLATE_NOOP("AuditDialog", "als verschiedene Personen markiert"),
    "password": QT_TRANSLATE_NOOP("AuditDialog", "Passwort geändert"),
    "user": QT_TRANSLATE_NOOP("AuditDialog", "Benutzerkonto geändert"),
    "read": QT_TRANSLATE_NOOP("AuditDialog", "Protokoll eingesehen"),
}

# Record kinds beyond those of a client file (conflicts_view.KIND_LABELS has those).
KINDS = {
    "audit_log": QT_TRANSLATE_NOOP("AuditDialog", "Protokoll"),
    "user": QT_TRANSLATE_NOOP("AuditDialog", "Benutzerkonto"),
    "conflict": QT_TRANSLATE_NOOP("AuditDialog", "Konflikt"),
}
CLIENT_COLUMN = COLUMNS.index("client_id")
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def kind_text(kind: str) -> str:
    """A record kind in words of the UI's language (never the code)."""
    if kind in KIND_LABELS:
        return QCoreApplication.translate("ConflictsDialog", KIND_LABELS[kind])
    if kind in KINDS:
        return QCoreApplication.translate("AuditDialog", KINDS[kind])
    return kind.replace("_", " ")


def short_ref(record_id: str) -> str:
    """A short reference to a record for people (the full id is in the cell's tooltip)."""
    return record_id[:8]


def id_item(text: str, record_id: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setToolTip(record_id)
    item.setData(record_id, ID_ROLE)
    return item


class AuditDialog(QDialog):
    """Who read, changed, merged or exported what: filter by client id or user name."""

    def __init__(self, ctx, connection, client_id: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.ctx, self.connection = ctx, connection
        self.entries: list[dict] = []
        self.resize(1000, 560)
        self.client = QLineEdit(client_id, objectName="auditClient")
        self.user = QLineEdit(objectName="auditUser")
        self.load_button = QPushButton(objectName="auditLoad")
        self.load_button.setAutoDefault(False)
        self.load_button.clicked.connect(self.load)
        self.save_button = QPushButton(objectName="auditSave", enabled=False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_csv)
        self.status = QLabel(objectName="auditStatus", wordWrap=True)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.table = list_table(self.model, "auditTable", stretch=5)
        self.labels = [QLabel(), QLabel()]
        form = QFormLayout()
        form.addRow(self.labels[0], self.client)
        form.addRow(self.labels[1], self.user)
        row = QHBoxLayout()
        row.addLayout(form, 1)
        row.addWidget(self.load_button, 0, Qt.AlignmentFlag.AlignBottom)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        lay.addLayout(bottom)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Protokoll der Zugriffe"))
        self.labels[0].setText(self.tr("Akte (Kennung)"))
        self.labels[1].setText(self.tr("Benutzer"))
        self.load_button.setText(self.tr("Anzeigen"))
        self.load_button.setMinimumWidth(
            self.load_button.fontMetrics().horizontalAdvance(self.load_button.text()) + 48
        )
        self.save_button.setText(self.tr("Als CSV speichern …"))
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Zeit"),
                self.tr("Benutzer"),
                self.tr("Gerät"),
                self.tr("Vorgang"),
                self.tr("Bereich"),
                self.tr("Akte"),
                self.tr("Datensatz"),
            ]
        )

    def load(self) -> None:
        self.load_button.setEnabled(False)
        self.status.setText(self.tr("Wird geladen …"))
        self.ctx.ops.net(
            server_call,
            self.connection,
            "audit",
            self.client.text().strip(),
            self.user.text().strip(),
            0,
            10000,
            key="audit",
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, page: dict) -> None:
        self.load_button.setEnabled(True)
        self.entries = page.get("entries", [])
        self.model.removeRows(0, self.model.rowCount())
        for e in self.entries:
            action = ACTIONS.get(e["action"])
            client_id, record_id = e.get("client_id") or "", e.get("record_id") or ""
            device_id = e.get("device_id") or ""
            self.model.appendRow(
                [
                    QStandardItem(datetime_text(e["at"])),
                    QStandardItem(e["user_name"]),
                    id_item(short_ref(device_id), device_id),
                    QStandardItem(
                        QCoreApplication.translate("AuditDialog", action) if action else e["action"]
                    ),
                    QStandardItem(kind_text(e.get("kind") or "")),
                    id_item(self._file_ref(client_id), client_id),
                    id_item("" if record_id == client_id else short_ref(record_id), record_id),
                ]
            )
        # The names of the files this device holds, in place of their ids.
        ids = sorted({e["client_id"] for e in self.entries if e.get("client_id")})
        if ids:
            self.ctx.ops.read(
                self.ctx.store.summaries, ids, key="audit_names", on_done=self._show_names
            )
        self.save_button.setEnabled(bool(self.entries))
        self.status.setText(self.tr("%n Einträge", "", len(self.entries)))

    def _file_ref(self, client_id: str) -> str:
        return self.tr("Akte {ref}").format(ref=short_ref(client_id)) if client_id else ""

    def _show_names(self, summaries: dict) -> None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row, CLIENT_COLUMN)
            known = summaries.get(item.data(ID_ROLE))
            if known is not None:
                item.setText(known.display_name)

    def _failed(self, exc: Exception) -> None:
        self.load_button.setEnabled(True)
        code = getattr(exc, "code", "")
        if code == "forbidden_role" or getattr(exc, "status", None) == 403:
            self.status.setText(
                self.tr("Das Protokoll dürfen nur Administratorinnen und Administratoren einsehen.")
            )
        else:
            message = getattr(exc, "message", "") or str(exc)
            self.status.setText(QCoreApplication.translate("sync", message))

    def save_csv(self, path: str = "") -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Protokoll speichern"), "protokoll.csv", "CSV (*.csv)"
            )
        if not path:
            return
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(
                fh, fieldnames=("id", *COLUMNS, "detail"), extrasaction="ignore"
            )
            writer.writeheader()
            writer.writerows(self.entries)
        self.status.setText(self.tr("Gespeichert: {path}").format(path=path))
