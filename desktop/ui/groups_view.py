"""Gruppen: the page of group sessions (Gruppenberatung, Wohnschulung) of the user's units.

The sessions and series this laptop holds -- upcoming ones (today's among them) soonest
first, past ones latest first -- with their place, topic and how many were recorded present. From here a session or a
series is planned ("Planen …", Alt+P), the attendance sheet opened (Enter on a
row, "Teilnahme erfassen …") and the participation certificates printed. Offline like every
page: the store holds what the rules send the laptop.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.records import GroupSession
from desktop.store import groups as store_groups
from desktop.ui.context import AppContext
from desktop.ui.formatting import datetime_text
from desktop.ui.forms import catalog_label
from desktop.ui.group_dialogs import AttendanceDialog, SessionDialog, session_title
from desktop.ui.tables import list_table

ROLE = Qt.ItemDataRole.UserRole
KINDS = ("group_session", "attendance")
WHEN = {"upcoming": True, "past": False, "all": None}


class GroupsView(QWidget):
    """The page (see the module docstring)."""

    printed = Signal(object)  # the certificates written (list of Path)
    open_printed = True  # open the folder of the certificates (tests switch it off)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("groupsView")
        self.ctx = ctx
        self.title = QLabel(objectName="pageTitle")
        self.when = QComboBox(objectName="groupsWhen")
        self.model = QStandardItemModel(0, 6, self)
        # the place gives way first: the title tells sessions apart
        self.table = list_table(self.model, "groupsTable", stretch=3)
        self.plan_button = QPushButton(objectName="groupsPlan")
        self.edit_button = QPushButton(objectName="groupsEdit")
        self.sheet_button = QPushButton(objectName="groupsSheet")
        self.print_button = QPushButton(objectName="groupsCertificates")
        self.message = QLabel(objectName="groupsMessage", wordWrap=True)
        for b in (self.plan_button, self.edit_button, self.sheet_button, self.print_button):
            b.setAutoDefault(False)
        bar = QHBoxLayout()
        bar.addWidget(self.when)
        bar.addStretch(1)
        for b in (self.plan_button, self.edit_button, self.sheet_button, self.print_button):
            bar.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        self.when.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.activated.connect(lambda _i: self.open_sheet())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._buttons())
        self.plan_button.clicked.connect(self.plan)
        self.edit_button.clicked.connect(self.edit)
        self.sheet_button.clicked.connect(self.open_sheet)
        self.print_button.clicked.connect(self.print_certificates)
        ctx.bus.changed.connect(self._on_changed)
        self.retranslateUi()
        self._buttons()

    def available(self) -> bool:
        """Offered to users who may hold group sessions for a unit of theirs."""
        return bool(self.ctx.permissions.writable_units("group_session"))

    def retranslateUi(self) -> None:
        self.title.setText(self.tr("Gruppen"))
        current = self.when.currentData()
        self.when.blockSignals(True)
        self.when.clear()
        self.when.addItem(self.tr("Anstehende Termine"), "upcoming")
        self.when.addItem(self.tr("Vergangene Termine"), "past")
        self.when.addItem(self.tr("Alle Termine"), "all")
        self.when.setCurrentIndex(max(0, self.when.findData(current)))
        self.when.blockSignals(False)
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Beginn"),
                self.tr("Titel"),
                self.tr("Thema"),
                self.tr("Ort"),
                self.tr("Anwesend"),
                self.tr("Erfasst"),
            ]
        )
        self.plan_button.setText(self.tr("&Planen …"))
        self.edit_button.setText(self.tr("&Bearbeiten …"))
        self.sheet_button.setText(self.tr("&Teilnahme erfassen …"))
        self.print_button.setText(self.tr("Be&scheinigungen drucken …"))

    def focus_list(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def showEvent(self, event) -> None:
        # Ctrl+7: the page opens with its list in focus (the first session chosen).
        super().showEvent(event)
        self.focus_list()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- the list ----------------------------------------------------------------------------

    def units(self) -> list[str]:
        if not self.ctx.permissions.restricted:
            return []
        return list(self.ctx.permissions.user.units)

    def refresh(self) -> None:
        # Today's sessions count as upcoming: the evening's sheet is taken from the first list.
        today = dt.datetime.combine(self.ctx.today(), dt.time()).astimezone(dt.UTC)
        self.ctx.ops.read(
            store_groups.sessions,
            self.ctx.store,
            self.units(),
            upcoming=WHEN.get(self.when.currentData() or "upcoming"),
            now=today,
            key=f"groups:{id(self)}",
            on_done=self._show,
        )

    def _show(self, rows: list[store_groups.SessionRow]) -> None:
        chosen = self.current()
        self.model.removeRows(0, self.model.rowCount())
        for r in rows:
            s = r.session
            present = str(r.present) + (f" + {s.anonymous_count}" if s.anonymous_count else "")
            cells = [
                datetime_text(s.starts_at),
                session_title(s),
                catalog_label("topic", s.topic),
                catalog_label("location", s.location),
                present if s.recorded else "",
                self.tr("ja") if s.recorded else self.tr("nein"),
            ]
            items = [QStandardItem(c) for c in cells]
            for item in items:
                item.setEditable(False)
                item.setToolTip(item.text())
            items[0].setData(s, ROLE)
            self.model.appendRow(items)
        if self.model.rowCount():
            row = next(
                (
                    i
                    for i in range(self.model.rowCount())
                    if chosen and self.model.index(i, 0).data(ROLE).id == chosen.id
                ),
                0,
            )
            self.table.setCurrentIndex(self.model.index(row, 0))
        self.message.setText(
            ""
            if rows
            else self.tr("Keine Termine. „Planen …“ legt einen Termin oder eine Reihe an.")
        )
        self._buttons()

    def current(self) -> GroupSession | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.index(index.row(), 0).data(ROLE)

    def _buttons(self) -> None:
        chosen = self.current() is not None
        for b in (self.edit_button, self.sheet_button):
            b.setEnabled(chosen)
        session = self.current()
        self.print_button.setEnabled(session is not None and session.recorded)

    def _on_changed(self, changes) -> None:
        if changes.touches(KINDS):
            self.refresh()

    # --- actions -----------------------------------------------------------------------------

    def plan(self) -> SessionDialog:
        dialog = SessionDialog(self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit(self) -> SessionDialog | None:
        session = self.current()
        if session is None:
            return None
        dialog = SessionDialog(self.ctx, session, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_sheet(self) -> AttendanceDialog | None:
        session = self.current()
        if session is None:
            return None
        dialog = AttendanceDialog(self.ctx, session, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(
            lambda files: self.message.setText(
                self.tr("Teilnahme erfasst: in {n} Akten eingetragen.").format(n=len(files))
            )
        )
        dialog.load()
        dialog.open()
        return dialog

    def print_certificates(self) -> None:
        """The participation certificates of the chosen session's series (one PDF per
        participant, German and the client's language), written on a worker of the operation
        layer into a fresh folder, which is then opened."""
        from desktop.group_certificate import write_certificates

        session = self.current()
        if session is None or not session.recorded:
            return
        self.print_button.setEnabled(False)
        self.ctx.ops.read(
            write_certificates,
            self.ctx.store,
            session,
            key=f"certificates:{id(self)}",
            on_done=self._printed,
            on_error=self._print_failed,
        )

    def _printed(self, paths: list[Path]) -> None:
        self._buttons()
        self.printed.emit(paths)
        self.message.setText(
            self.tr("{n} Teilnahmebescheinigungen geschrieben.").format(n=len(paths))
        )
        if paths and self.open_printed:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths[0].parent)))

    def _print_failed(self, exc: Exception) -> None:
        self._buttons()
        QMessageBox.warning(self, self.tr("Drucken fehlgeschlagen"), f"{type(exc).__name__}: {exc}")
