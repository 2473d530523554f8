"""The client file's "Projekte" tab (issue 21): the client's participations in funded projects
(project, from, to, exit reason), with "Teilnahme erfassen" and "Teilnahme beenden".

A participation is the projects unit's section: the tab shows what this laptop holds of it and
offers the actions only where the rules let the user write it. Reading and writing go through
the operation layer (``ctx.ops``); the tab reloads when a write or a sync round touched a
participation of this client.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import shiboken6
from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile import catalogs, validation
from casefile.records import ProjectParticipation
from desktop.store import projects
from desktop.ui.form_keys import FormState, install_save_keys
from desktop.ui.formatting import date_text
from desktop.ui.forms import (
    CatalogCombo,
    DateEdit,
    ErrorLabel,
    FormErrors,
    catalog_label,
)
from desktop.ui.save_flow import SaveFlow
from desktop.ui.tables import list_table

ERROR_STYLE = "color: #b3261e;"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ParticipationDialog(SaveFlow, QDialog):
    """Record a participation (project, from, optionally to and exit reason, note) or end one
    (to and exit reason). Ctrl+Enter saves, Esc asks before input is lost."""

    def __init__(
        self,
        ctx,
        client_id: str,
        participation: ProjectParticipation | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx, self.client_id, self.participation = ctx, client_id, participation
        self.ending = participation is not None
        self._saving = False
        self.setObjectName("participationDialog")
        today = ctx.today()
        self.project = CatalogCombo("project")
        self.project.setObjectName("participationProject")
        self.started = DateEdit(objectName="participationFrom", calendarPopup=True)
        self.started.setDisplayFormat("dd.MM.yyyy")
        self.started.setDate(_qdate(today))
        self.ended = DateEdit(objectName="participationTo", calendarPopup=True)
        self.ended.setDisplayFormat("dd.MM.yyyy")
        self.ended.setDate(_qdate(today))
        self.exit_reason = CatalogCombo("exit_reason", allow_empty=not self.ending)
        self.exit_reason.setObjectName("participationExitReason")
        self.note = QPlainTextEdit(objectName="participationNote", tabChangesFocus=True)
        self.note.setFixedHeight(70)
        if participation is not None:
            self.project.set_code(participation.project)
            self.started.setDate(_qdate(participation.started_on))
            self.note.setPlainText(participation.note)
            for w in (self.project, self.started, self.note):
                w.setEnabled(False)  # ending changes only the end and its reason
        else:
            # Only the projects of units the user may write for.
            writable = set(ctx.permissions.writable_units("project_participation"))
            codes = [
                e.code
                for e in catalogs.load("project").entries
                if e.extra.get("unit", "projects") in writable
            ]
            self.project.restrict(codes)
            self.project.setEnabled(True)
            self.ended.setEnabled(False)  # a new participation is open until ended
        self.errors = FormErrors()
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, widget in (
            ("project", self.project),
            ("started_on", self.started),
            ("ended_on", self.ended),
            ("exit_reason", self.exit_reason),
            ("note", self.note),
        ):
            if not self.ending and name == "ended_on":
                continue
            label = QLabel(buddy=widget)
            error = ErrorLabel()
            error.setStyleSheet(ERROR_STYLE)
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget)
            box.addWidget(error)
            form.addRow(label, box)
            self.labels[name] = label
            self.errors.register(name, widget, error)
        if not self.ending:
            self.exit_reason.hide()
            self.labels["exit_reason"].hide()
        self.form_error = ErrorLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setDefault(True)
        self.cancel_button.setAutoDefault(False)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.form_error)
        lay.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        install_save_keys(self, self.save)
        self.retranslateUi()
        self.state = FormState(self)
        self.resize(560, self.sizeHint().height())
        (self.ended if self.ending else self.project).setFocus()

    def retranslateUi(self) -> None:
        self.setWindowTitle(
            self.tr("Teilnahme beenden") if self.ending else self.tr("Teilnahme erfassen")
        )
        for name, text in (
            ("project", self.tr("&Projekt")),
            ("started_on", self.tr("&Eintritt")),
            ("ended_on", self.tr("&Austritt")),
            ("exit_reason", self.tr("Austritts&grund")),
            ("note", self.tr("&Notiz")),
        ):
            if name in self.labels:
                self.labels[name].setText(text)
        self.save_button.setText(self.tr("Speichern"))
        self.cancel_button.setText(self.tr("Abbrechen"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def record(self) -> ProjectParticipation:
        """The participation as the form says."""
        if self.participation is not None:
            return dataclasses.replace(
                self.participation,
                ended_on=self.ended.date().toPython(),
                exit_reason=self.exit_reason.code(),
            )
        project = catalogs.load("project").get(self.project.code())
        return ProjectParticipation(
            client_id=self.client_id,
            project=self.project.code(),
            unit=str(project.extra.get("unit", "projects")) if project else "projects",
            started_on=self.started.date().toPython(),
            note=self.note.toPlainText().strip(),
        )

    def save(self) -> None:
        if self._saving:
            return
        part = self.record()
        errors = validation.validate(part, self.ctx.today())
        if errors:
            self.errors.show_all(errors, self.form_error)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        if self.participation is None:
            self.ctx.ops.write(
                projects.record,
                self.ctx.store,
                part,
                on_done=self._saved,
                on_error=self._failed,
            )
        else:
            assert part.ended_on is not None
            self.ctx.ops.write(
                projects.end,
                self.ctx.store,
                self.participation,
                part.ended_on,
                part.exit_reason,
                on_done=self._saved,
                on_error=self._failed,
            )

    def _failure_text(self, exc: Exception) -> str:
        return self.tr("Speichern fehlgeschlagen. Bitte erneut versuchen.")


class ProjectSection(QWidget):
    """The "Projekte" tab of one client file (see the module)."""

    dialog_opened = Signal(object)  # the participation dialog, once open (tests)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = ""
        self.rows: list[ProjectParticipation] = []
        self.setObjectName("projectSection")
        self.model = QStandardItemModel(0, 4, self)
        self.table = list_table(self.model, "participationTable", stretch=0)
        self.table.doubleClicked.connect(lambda _index: self.end_participation())
        self.empty = QLabel(objectName="participationEmpty", wordWrap=True)
        self.add_button = QPushButton(objectName="addParticipation")
        self.end_button = QPushButton(objectName="endParticipation")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.end_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(buttons)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.add_participation)
        self.end_button.clicked.connect(self.end_participation)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        ctx.bus.changed.connect(self._on_changed)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Projekt"),
                self.tr("Eintritt"),
                self.tr("Austritt"),
                self.tr("Austrittsgrund"),
            ]
        )
        self.add_button.setText(self.tr("Teilnahme &erfassen"))
        self.end_button.setText(self.tr("Teilnahme &beenden"))
        self.empty.setText(
            self.tr(
                "Keine Teilnahme an einem geförderten Projekt (oder für Ihre Einheit nicht "
                "sichtbar)."
            )
        )
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- loading ------------------------------------------------------------------------------

    def set_client(self, client_id: str) -> None:
        self.client_id = client_id
        self.reload()

    def reload(self) -> None:
        if not self.client_id:
            return
        self.ctx.ops.read(
            projects.participations,
            self.ctx.store,
            self.client_id,
            key=f"project_section:{id(self)}",
            on_done=self._loaded,
        )

    def _on_changed(self, changes) -> None:
        if self.client_id and changes.touches(projects.KINDS, self.client_id):
            self.reload()

    def _loaded(self, rows: list[ProjectParticipation]) -> None:
        if not shiboken6.isValid(self):
            return
        self.rows = rows
        self._show()

    def _show(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for part in self.rows:
            cells = [
                QStandardItem(catalog_label("project", part.project)),
                QStandardItem(date_text(part.started_on)),
                QStandardItem(date_text(part.ended_on) if part.ended_on else self.tr("läuft")),
                QStandardItem(catalog_label("exit_reason", part.exit_reason)),
            ]
            cells[0].setData(part.id, Qt.ItemDataRole.UserRole)
            cells[0].setToolTip(part.note or catalog_label("project", part.project))
            self.model.appendRow(cells)
        self.empty.setVisible(not self.rows)
        self.table.setVisible(bool(self.rows))
        may_write = bool(self.ctx.permissions.writable_units("project_participation"))
        self.add_button.setVisible(may_write)
        self.end_button.setVisible(may_write)
        if self.rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> ProjectParticipation | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _enable(self) -> None:
        part = self.selected()
        self.end_button.setEnabled(part is not None and part.ended_on is None)

    # --- actions ------------------------------------------------------------------------------

    def add_participation(self) -> None:
        self._open(ParticipationDialog(self.ctx, self.client_id, None, self))

    def end_participation(self) -> None:
        part = self.selected()
        if part is None or part.ended_on is not None or not self.end_button.isVisible():
            return
        self._open(ParticipationDialog(self.ctx, self.client_id, part, self))

    def _open(self, dialog: ParticipationDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)
