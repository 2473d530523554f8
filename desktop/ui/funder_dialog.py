"""The funder list of a project ("Förderliste", issue 21): project, the funder's template,
a quarter (default: the last finished one) or from/to; the list as the server computes it
(``GET /api/v1/reports/funder-list``: the participants this user may read, contacts and hours)
and the server's XLSX or CSV saved where the user says, to attach to a proof of use.

Every call to the server goes through ``ctx.ops.net``, never on the UI thread. Opened with
``FunderListDialog(ctx, connection, parent)`` like the other server dialogs (desktop.app).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from casefile import catalogs, funders
from desktop.sync.errors import AuthError, Offline
from desktop.ui.forms import DateEdit, catalog_label
from desktop.ui.tables import list_table

NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
FILE_FILTERS = {"xlsx": "Excel (*.xlsx)", "csv": "CSV (*.csv)"}


def last_finished_quarter(today: dt.date) -> tuple[int, int]:
    """(year, quarter 1-4) of the last calendar quarter that has ended by *today*."""
    quarter = (today.month - 1) // 3  # the current one, 0-based: the previous one 1-based
    return (today.year - 1, 4) if quarter == 0 else (today.year, quarter)


def quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of *quarter* (1-4) of *year*."""
    first = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, after - dt.timedelta(days=1)


def fetch(connection, project: str, template: str, start: dt.date, end: dt.date, fmt: str) -> Any:
    """Runs off the UI thread: one call of the sync client (the list, or a file's bytes)."""
    if connection is None:
        raise AuthError()
    client = connection.client()
    try:
        return client.funder_list(project, template, start, end, fmt)
    finally:
        client.close()


def save_file(
    connection, project: str, template: str, start: dt.date, end: dt.date, fmt: str, path: str
) -> str:
    """Runs off the UI thread: the server's file, written to *path* as it came."""
    Path(path).write_bytes(fetch(connection, project, template, start, end, fmt))
    return path


class FunderListDialog(QDialog):
    """Project, template and period above; the list; save as XLSX or CSV (see the module)."""

    def __init__(self, ctx, connection, parent: QWidget | None = None, project: str = ""):
        super().__init__(parent)
        self.setObjectName("funderListDialog")
        self.ctx, self.connection = ctx, connection
        self.listed: dict[str, Any] | None = None
        self.shown: tuple[str, str, dt.date, dt.date] | None = None
        self.resize(980, 560)
        self.project = QComboBox(objectName="funderProject")
        for entry in catalogs.load("project").entries:
            self.project.addItem(catalog_label("project", entry.code), entry.code)
        self.template = QComboBox(objectName="funderTemplate")
        for name in funders.available():
            try:
                template = funders.load(name)
            except funders.TemplateError:
                continue  # the server names a broken template when it is asked for
            self.template.addItem(template.name, name)
        self.by_quarter = QRadioButton(objectName="funderByQuarter", checked=True)
        self.by_dates = QRadioButton(objectName="funderByDates")
        self.quarter = QComboBox(objectName="funderQuarter")
        year, quarter = last_finished_quarter(ctx.today())
        for _ in range(8):  # the last two years
            self.quarter.addItem(f"{quarter}/{year}", (year, quarter))
            year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        self.start = DateEdit(objectName="funderFrom", calendarPopup=True)
        self.end = DateEdit(objectName="funderTo", calendarPopup=True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setEnabled(False)
        self._quarter_chosen()
        self.load_button = QPushButton(objectName="funderLoad")
        self.load_button.setDefault(True)
        self.labels = {
            name: QLabel(buddy=widget)
            for name, widget in (
                ("project", self.project),
                ("template", self.template),
                ("from", self.start),
                ("to", self.end),
            )
        }
        top = QGridLayout()
        top.addWidget(self.labels["project"], 0, 0)
        top.addWidget(self.project, 0, 1, 1, 3)
        top.addWidget(self.labels["template"], 1, 0)
        top.addWidget(self.template, 1, 1, 1, 3)
        top.addWidget(self.by_quarter, 2, 0)
        top.addWidget(self.quarter, 2, 1)
        top.addWidget(self.by_dates, 3, 0)
        dates = QHBoxLayout()
        for w in (self.labels["from"], self.start, self.labels["to"], self.end):
            dates.addWidget(w)
        dates.addStretch(1)
        top.addLayout(dates, 3, 1, 1, 3)
        top.addWidget(self.load_button, 3, 4)
        top.setColumnStretch(2, 1)
        self.title = QLabel(objectName="funderTitle", wordWrap=True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.model = QStandardItemModel(0, 0, self)
        self.table = list_table(self.model, "funderTable", stretch=(), names=())
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.notes = QLabel(objectName="funderNotes", wordWrap=True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel(objectName="funderStatus", wordWrap=True)
        self.xlsx_button = QPushButton(objectName="funderSaveXlsx", enabled=False)
        self.csv_button = QPushButton(objectName="funderSaveCsv", enabled=False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        for b in (self.xlsx_button, self.csv_button, close):
            b.setAutoDefault(False)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.title)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.notes)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.xlsx_button)
        bottom.addWidget(self.csv_button)
        bottom.addWidget(self.buttons)
        lay.addLayout(bottom)

        self.project.currentIndexChanged.connect(self._project_chosen)
        self.quarter.currentIndexChanged.connect(self._quarter_chosen)
        self.by_quarter.toggled.connect(self._mode_chosen)
        self.load_button.clicked.connect(self.load)
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        if project:
            self.project.setCurrentIndex(max(self.project.findData(project), 0))
        self._project_chosen()
        self.retranslateUi()
        self.project.setFocus()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Förderliste"))
        self.labels["project"].setText(self.tr("&Projekt"))
        self.labels["template"].setText(self.tr("&Vorlage des Förderers"))
        self.labels["from"].setText(self.tr("&von"))
        self.labels["to"].setText(self.tr("&bis"))
        self.by_quarter.setText(self.tr("&Quartal"))
        self.by_dates.setText(self.tr("&Zeitraum"))
        self.load_button.setText(self.tr("&Anzeigen"))
        self.xlsx_button.setText(self.tr("Als &XLSX speichern …"))
        self.csv_button.setText(self.tr("Als &CSV speichern …"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- choices -----------------------------------------------------------------------------

    def _project_chosen(self) -> None:
        """The template of the project's funder, proposed."""
        entry = catalogs.load("project").get(self.project.currentData() or "")
        funder = entry.extra.get("funder", "") if entry else ""
        at = self.template.findData(funder)
        if at >= 0:
            self.template.setCurrentIndex(at)

    def _quarter_chosen(self) -> None:
        year, quarter = self.quarter.currentData() or last_finished_quarter(self.ctx.today())
        first, last = quarter_range(year, quarter)
        self.start.setDate(QDate(first.year, first.month, first.day))
        self.end.setDate(QDate(last.year, last.month, last.day))

    def _mode_chosen(self) -> None:
        by_quarter = self.by_quarter.isChecked()
        self.quarter.setEnabled(by_quarter)
        self.start.setEnabled(not by_quarter)
        self.end.setEnabled(not by_quarter)
        if by_quarter:
            self._quarter_chosen()

    def span(self) -> tuple[dt.date, dt.date]:
        return self.start.date().toPython(), self.end.date().toPython()

    # --- loading -----------------------------------------------------------------------------

    def load(self) -> None:
        project, template = self.project.currentData(), self.template.currentData()
        if not project or not template:
            return
        first, last = self.span()
        if last < first:
            self.status.setText(self.tr("Das Ende des Zeitraums liegt vor seinem Anfang."))
            return
        self.load_button.setEnabled(False)
        self.status.setText(self.tr("Wird geladen …"))
        self.ctx.ops.net(
            fetch,
            self.connection,
            project,
            template,
            first,
            last,
            "json",
            key="funder_list",
            on_done=lambda listed: self._loaded(listed, project, template, first, last),
            on_error=self._failed,
        )

    def _loaded(
        self, listed: dict, project: str, template: str, first: dt.date, last: dt.date
    ) -> None:
        self.load_button.setEnabled(True)
        self.listed, self.shown = listed, (project, template, first, last)
        self.title.setText(
            self.tr("{title} – {project}, {first} bis {last}").format(
                title=listed["title"],
                project=listed["project_label"],
                first=first.strftime("%d.%m.%Y"),
                last=last.strftime("%d.%m.%Y"),
            )
        )
        self.model.clear()
        self.model.setHorizontalHeaderLabels([c["header"] for c in listed["columns"]])
        for row in listed["rows"]:
            cells = []
            for value in row:
                item = QStandardItem(self._cell_text(value))
                if isinstance(value, (int, float)):
                    item.setTextAlignment(NUMBER)
                cells.append(item)
            self.model.appendRow(cells)
        self.table.resizeColumnsToContents()
        self.notes.setText("\n".join(listed["notes"]))
        self.status.setText(self.tr("{n} Teilnahmen").format(n=len(listed["rows"])))
        self.xlsx_button.setEnabled(True)
        self.csv_button.setEnabled(True)

    @staticmethod
    def _cell_text(value: Any) -> str:
        """A cell as a German reader writes it: dates 31.12.2026, hours 1,50."""
        if isinstance(value, float):
            return f"{value:.2f}".replace(".", ",")
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
            except ValueError:
                return value
        return "" if value is None else str(value)

    def _failed(self, exc: Exception) -> None:
        self.load_button.setEnabled(True)
        self.listed = self.shown = None
        self.model.clear()
        self.notes.clear()
        self.title.clear()
        self.xlsx_button.setEnabled(False)
        self.csv_button.setEnabled(False)
        self.status.setText(self.error_text(exc))

    def error_text(self, exc: Exception) -> str:
        if isinstance(exc, Offline):
            return self.tr(
                "Keine Verbindung zum Server. Die Förderliste rechnet der Server aus den "
                "Teilnahmen und Beratungen; sie ist nur mit Verbindung zu sehen."
            )
        if isinstance(exc, AuthError):
            return self.tr(
                "Dieses Gerät ist nicht am Server angemeldet; die Förderliste kommt vom Server."
            )
        if isinstance(exc, OSError):
            return self.tr("Die Datei konnte nicht gespeichert werden: {error}").format(
                error=exc.strerror or str(exc)
            )
        message = getattr(exc, "message", "") or str(exc)
        return QCoreApplication.translate("sync", message)

    # --- files -------------------------------------------------------------------------------

    def save(self, fmt: str, path: str = "") -> None:
        """The server's file (*fmt*: ``xlsx`` or ``csv``) of the list shown, saved where the
        user says."""
        if self.shown is None:
            return
        project, template, first, last = self.shown
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Förderliste speichern"),
                f"teilnehmendenliste-{project}-{first}-{last}.{fmt}",
                FILE_FILTERS[fmt],
            )
        if not path:
            return
        for b in (self.xlsx_button, self.csv_button):
            b.setEnabled(False)
        self.status.setText(self.tr("Wird gespeichert …"))
        self.ctx.ops.net(
            save_file,
            self.connection,
            project,
            template,
            first,
            last,
            fmt,
            path,
            key="funder_list_file",
            on_done=self._saved,
            on_error=self._save_failed,
        )

    def _saved(self, path: str) -> None:
        for b in (self.xlsx_button, self.csv_button):
            b.setEnabled(True)
        self.status.setText(self.tr("Gespeichert: {path}").format(path=path))

    def _save_failed(self, exc: Exception) -> None:
        for b in (self.xlsx_button, self.csv_button):
            b.setEnabled(self.shown is not None)
        self.status.setText(self.error_text(exc))
