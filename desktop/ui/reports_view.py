"""The report screen ("Berichte", issue 21): filters, a table and its chart, exports, the
monthly report, the funders' lists, and the files behind a figure.

The figures are the server's (docs/reports.md: ``GET /reports``, ``/reports/table`` …), over
what the user's role may see. Without a connection the page shows the laptop's own counts
(desktop/store/reports.py) in the same table, marked "Nur dieses Gerät (offline)". Every call
to the server and every read of the store runs through ``ctx.ops``, never on the UI thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.store import reports as local
from desktop.sync.errors import AuthError, Interrupted, Offline, SyncError
from desktop.ui.forms import ui_language
from desktop.ui.period import PeriodFields
from desktop.ui.report_parts import (
    CODE_ROLE,
    CellFilesDialog,
    MonthlyDialog,
    ReportChart,
    columns_of,
    fill_model,
)

PERIODS = {
    "month": QT_TRANSLATE_NOOP("ReportsPage", "Dieser Monat"),
    "last_month": QT_TRANSLATE_NOOP("ReportsPage", "Letzter Monat"),
    "this_quarter": QT_TRANSLATE_NOOP("ReportsPage", "Dieses Quartal"),
    "last_quarter": QT_TRANSLATE_NOOP("ReportsPage", "Letztes Quartal"),
    "year": QT_TRANSLATE_NOOP("ReportsPage", "Dieses Jahr"),
    "last_year": QT_TRANSLATE_NOOP("ReportsPage", "Letztes Jahr"),
    "custom": QT_TRANSLATE_NOOP("ReportsPage", "Frei wählen"),
}
MODES = {
    "intern": QT_TRANSLATE_NOOP("ReportsPage", "intern"),
    "publication": QT_TRANSLATE_NOOP("ReportsPage", "zur Veröffentlichung"),
}
FILE_TYPES = {"xlsx": "Excel (*.xlsx)", "csv": "CSV (*.csv)", "pdf": "PDF (*.pdf)"}
UNREACHABLE = (Offline, Interrupted, AuthError)  # then the laptop counts itself


def quarter_range(today: dt.date, back: int = 0) -> tuple[dt.date, dt.date]:
    """The calendar quarter of *today* (*back* quarters earlier): its first and last day,
    the current one up to *today*."""
    index = today.year * 4 + (today.month - 1) // 3 - back
    year, q = divmod(index, 4)
    first = dt.date(year, q * 3 + 1, 1)
    following = dt.date(year + 1, 1, 1) if q == 3 else dt.date(year, q * 3 + 4, 1)
    return first, min(following - dt.timedelta(days=1), today)


class Loaded(NamedTuple):
    """A table and where it came from: ``offline`` is "" for the server's."""

    table: dict[str, Any]
    offline: bool


# --- work off the UI thread (through ctx.ops) ---------------------------------------------


def _client_call(connection, method: str, *args) -> Any:
    client = connection.client()
    try:
        return getattr(client, method)(*args)
    finally:
        client.close()


def load_catalog(connection) -> dict[str, Any] | None:
    """The server's catalog of reports; None when the server cannot be reached."""
    if connection is None:
        return None
    try:
        return _client_call(connection, "report_catalog")
    except UNREACHABLE:
        return None


class UnreadableAnswer(ValueError):
    """The server's table lacks what the page shows (another server version?)."""


def checked_table(table: Any) -> dict[str, Any]:
    """*table* if it has the report table's shape (docs/reports.md), else UnreadableAnswer:
    the page shows a message instead of failing on a missing key while drawing."""
    try:
        rows = table["rows"]["items"]
        columns = table["columns"]["items"] if table.get("columns") else [None]
        cells = table["cells"]
        ok = (
            len(cells) == len(rows) == len(table["row_totals"])
            and all(len(line) == len(columns) for line in cells)
            and len(table["column_totals"]) == len(columns)
            and all(isinstance(item, dict) and "code" in item for item in rows)
            and "total" in table
        )
    except (KeyError, TypeError, AttributeError):
        ok = False
    if not ok:
        raise UnreadableAnswer(table)
    return table


def load_table(connection, engine, params: dict[str, Any], lang: str) -> Loaded:
    """The server's table; the laptop's own counts when the server cannot be reached."""
    if connection is not None:
        try:
            return Loaded(checked_table(_client_call(connection, "report_table", params)), False)
        except UNREACHABLE:
            pass
    return Loaded(local.local_table(engine, params, lang=lang), True)


def save_export(connection, params: dict[str, Any], fmt: str, path: str) -> str:
    Path(path).write_bytes(_client_call(connection, "report_export", params, fmt))
    return path


def save_monthly(connection, month: str, mode: str, fmt: str, path: str) -> str:
    Path(path).write_bytes(_client_call(connection, "report_monthly", month, mode, fmt))
    return path


def local_catalog(units: list[str]) -> dict[str, Any]:
    """What the laptop counts itself (the catalog's shape; texts translated by the page)."""
    dims = list(local.DIMENSIONS)
    return {
        "indicators": [
            {"id": code, "title": title, "measure": measure, "dimensions": dims}
            for code, (title, measure) in local.INDICATORS.items()
        ],
        "dimensions": [{"id": d, "title": t} for d, t in local.DIMENSIONS.items()],
        "units": units,
        "modes": ["intern"],
    }


# --- the page ------------------------------------------------------------------------------


class ReportsPage(PeriodFields, QWidget):
    """Filters above; the table beside its chart; notes and source under them; the files
    below. ``connection`` is the laptop's server (None: none configured)."""

    def __init__(self, ctx, connection=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.ctx, self.connection = ctx, connection
        self.catalog: dict[str, Any] | None = None
        self.catalog_offline = True
        self.loaded: Loaded | None = None
        self.shown_params: dict[str, Any] | None = None
        self.dialogs: list[QWidget] = []  # the open drill-down lists (kept until closed)

        self.indicator = QComboBox(objectName="reportIndicator")
        self.rows = QComboBox(objectName="reportRows")
        self.columns = QComboBox(objectName="reportColumns")
        self.unit = QComboBox(objectName="reportUnit")
        self.mode = QComboBox(objectName="reportMode")
        self._make_period_fields("report", PERIODS)
        self.refresh_button = QPushButton(objectName="reportRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.indicator.currentIndexChanged.connect(self._indicator_chosen)
        self.labels = {
            name: QLabel(buddy=widget)
            for name, widget in (
                ("indicator", self.indicator),
                ("rows", self.rows),
                ("columns", self.columns),
                ("unit", self.unit),
                ("period", self.period),
                ("from", self.start),
                ("to", self.end),
                ("mode", self.mode),
            )
        }
        top = QGridLayout()
        for col, name in enumerate(("indicator", "rows", "columns", "unit")):
            top.addWidget(self.labels[name], 0, col * 2)
            top.addWidget(getattr(self, name), 0, col * 2 + 1)
        for col, (name, widget) in enumerate(
            (("period", self.period), ("from", self.start), ("to", self.end), ("mode", self.mode))
        ):
            top.addWidget(self.labels[name], 1, col * 2)
            top.addWidget(widget, 1, col * 2 + 1)
        top.addWidget(self.refresh_button, 1, 8)
        top.setColumnStretch(1, 3)
        for col in (3, 5, 7):
            top.setColumnStretch(col, 2)

        self.model = QStandardItemModel(self)
        self.table = QTableView(objectName="reportTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.activated.connect(self.drill_down)  # Enter or a double click
        self.chart = ReportChart()
        self.notes = QLabel(objectName="reportNotes", wordWrap=True)
        self.source = QLabel(objectName="reportSource", wordWrap=True)
        # The notes stand under the table, beside the chart: the chart keeps the whole height
        # for its bars' labels (eleven units on a 1366x768 screen).
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addWidget(self.notes)
        column.addWidget(self.source)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(self.chart)
        self.split.setStretchFactor(0, 5)
        self.split.setStretchFactor(1, 4)
        self.split.setChildrenCollapsible(False)
        self.chart.setMinimumWidth(280)
        self.table.setMinimumWidth(320)

        self.message = QLabel(objectName="reportMessage", wordWrap=True)
        self.message.setStyleSheet("color: #a1260d;")
        self.export_buttons = {
            fmt: QPushButton(objectName=f"reportExport_{fmt}") for fmt in FILE_TYPES
        }
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _=False, f=fmt: self.export(f))
        self.monthly_button = QPushButton(objectName="reportMonthly")
        self.monthly_button.clicked.connect(self.monthly_report)
        self.funder_button = QPushButton(objectName="reportFunderList")
        self.funder_button.clicked.connect(self.funder_list)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        for button in (*self.export_buttons.values(), self.monthly_button, self.funder_button):
            bottom.addWidget(button)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.split, 1)
        lay.addLayout(bottom)
        self.period.setCurrentIndex(self.period.findData("last_month"))
        self._period_chosen()
        self._use_catalog(None)
        self._offer_files()
        self.retranslateUi()

    # --- who sees it ---------------------------------------------------------------------

    def report_units(self) -> list[str]:
        """The units whose figures the user sees (``[reports]`` of the rules)."""
        permissions = self.ctx.permissions
        if permissions.policy is None:  # a laptop without rules (demo): the server decides
            from casefile import catalogs

            return sorted(catalogs.load("unit").codes)
        return sorted(permissions.policy.report_units(permissions.user))

    def available(self) -> bool:
        """Offered to users whose role sees figures (coordination, unit leads)."""
        return bool(self.report_units())

    def set_connection(self, connection) -> None:
        self.connection = connection
        self.catalog_offline = True  # ask the server's catalog on the next refresh
        self._offer_files()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # The first figures when the page is first shown, not at the app's start.
        super().showEvent(event)
        if self.loaded is None and self.refresh_button.isEnabled():
            self.refresh()

    # --- texts ---------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        texts = {
            "indicator": self.tr("&Kennzahl"),
            "rows": self.tr("&Zeilen"),
            "columns": self.tr("&Spalten"),
            "unit": self.tr("Sach&gebiet"),
            "period": self.tr("Zei&traum"),
            "from": self.tr("&von"),
            "to": self.tr("&bis"),
            "mode": self.tr("M&odus"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        for i, code in enumerate(PERIODS):
            self.period.setItemText(i, self.tr(PERIODS[code]))
        for i in range(self.mode.count()):
            self.mode.setItemText(i, self.tr(MODES.get(self.mode.itemData(i), "")))
        self.refresh_button.setText(self.tr("Aktualisie&ren"))
        self.export_buttons["xlsx"].setText(self.tr("Als &XLSX …"))
        self.export_buttons["csv"].setText(self.tr("Als &CSV …"))
        self.export_buttons["pdf"].setText(self.tr("Als &PDF …"))
        self.monthly_button.setText(self.tr("&Monatsbericht …"))
        self.funder_button.setText(self.tr("&Förderliste …"))
        self._fill_choices()
        if self.loaded is not None:
            self._show(self.loaded)

    def _text(self, text: str) -> str:
        return QCoreApplication.translate("reports", text)

    # --- the choices ---------------------------------------------------------------------

    def _period_chosen(self) -> None:
        code = self.period.currentData()
        if code in ("this_quarter", "last_quarter"):
            first, last = quarter_range(self._today(), 0 if code == "this_quarter" else 1)
            for edit, day in ((self.start, first), (self.end, last)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
            return
        super()._period_chosen()

    def load_catalog(self) -> None:
        """Ask the server what this user may report on (the laptop's own list offline)."""
        self.ctx.ops.net(
            load_catalog,
            self.connection,
            key=f"report_catalog:{id(self)}",
            on_done=self._use_catalog,
            on_error=self._failed,
        )

    def _use_catalog(self, catalog: dict[str, Any] | None) -> None:
        self.catalog_offline = catalog is None
        self.catalog = catalog or local_catalog(self.report_units())
        self._fill_choices()
        self._offer_files()

    def _fill_choices(self) -> None:
        if self.catalog is None:
            return
        titles = {d["id"]: d["title"] for d in self.catalog.get("dimensions", [])}
        self._titles = titles
        keep = self.indicator.currentData()
        self.indicator.blockSignals(True)
        self.indicator.clear()
        for ind in self.catalog.get("indicators", []):
            self.indicator.addItem(self._text(ind["title"]), ind["id"])
        self.indicator.setCurrentIndex(max(0, self.indicator.findData(keep)))
        self.indicator.blockSignals(False)
        self._indicator_chosen()
        keep = self.mode.currentData()
        self.mode.clear()
        for code in _codes(self.catalog.get("modes")) or ["intern"]:
            self.mode.addItem(self.tr(MODES.get(code, code)), code)
        self.mode.setCurrentIndex(max(0, self.mode.findData(keep)))
        keep = self.unit.currentData()
        self.unit.clear()
        self.unit.addItem(self.tr("Alle Sachgebiete"), None)
        from desktop.ui.forms import catalog_label

        for code in _codes(self.catalog.get("units")):
            self.unit.addItem(catalog_label("unit", code), code)
        self.unit.setCurrentIndex(max(0, self.unit.findData(keep)))
        self.unit.setEnabled(self.unit.count() > 2)

    def _indicator_chosen(self) -> None:
        code = self.indicator.currentData()
        found = next(
            (i for i in (self.catalog or {}).get("indicators", []) if i["id"] == code), None
        )
        dims = list(found["dimensions"]) if found else []
        titles = getattr(self, "_titles", {})
        for box, none in ((self.rows, False), (self.columns, True)):
            keep = box.currentData()
            box.clear()
            if none:
                box.addItem(self.tr("— keine —"), None)
            for d in dims:
                box.addItem(self._text(titles.get(d, d)), d)
            at = box.findData(keep)
            box.setCurrentIndex(max(at, 0))

    def choose(self, **values: Any) -> None:
        """Set filters as the user would (tests, screenshots): indicator, rows, columns,
        unit, mode, period, from, to."""
        boxes = {
            "indicator": self.indicator,
            "rows": self.rows,
            "columns": self.columns,
            "unit": self.unit,
            "mode": self.mode,
            "period": self.period,
        }
        for name in ("indicator", "rows", "columns", "unit", "mode", "period"):
            if name in values:
                boxes[name].setCurrentIndex(boxes[name].findData(values[name]))
        for name, edit in (("from", self.start), ("to", self.end)):
            if name in values:
                day = values[name]
                edit.setDate(QDate(day.year, day.month, day.day))

    def params(self) -> dict[str, Any]:
        """The request of the current choice (docs/reports.md)."""
        unit = self.unit.currentData()
        return {
            "indicator": self.indicator.currentData(),
            "rows": self.rows.currentData(),
            "columns": self.columns.currentData(),
            "from": self.start.date().toPython(),
            "to": self.end.date().toPython(),
            "mode": self.mode.currentData() or "intern",
            "units": [unit] if unit else [],
        }

    # --- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """The table of the current choice (the catalog first, if not yet had)."""
        if self.catalog is None or (self.catalog_offline and self.connection is not None):
            self.ctx.ops.net(
                load_catalog,
                self.connection,
                key=f"report_catalog:{id(self)}",
                on_done=self._catalog_then_load,
                on_error=self._failed,
            )
            self.refresh_button.setEnabled(False)
            return
        self._load(self.connection)

    def _catalog_then_load(self, catalog: dict[str, Any] | None) -> None:
        self.refresh_button.setEnabled(True)
        self._use_catalog(catalog)
        # The server did not answer the catalog: count on the laptop without asking again.
        self._load(self.connection if catalog is not None else None)

    def _load(self, connection) -> None:
        params = self.params()
        if not params["indicator"] or not params["rows"]:
            return
        if params["to"] < params["from"]:
            self.message.setText(self.tr("Das Ende des Zeitraums liegt vor seinem Anfang."))
            return
        self.refresh_button.setEnabled(False)
        self.message.setText(self.tr("Wird geladen …"))
        self.ctx.ops.net(
            load_table,
            connection,
            self.ctx.store.engine,
            params,
            ui_language(),
            key=f"report_table:{id(self)}",
            on_done=lambda loaded: self._loaded(loaded, params),
            on_error=self._failed,
        )

    def _loaded(self, loaded: Loaded, params: dict[str, Any]) -> None:
        self.refresh_button.setEnabled(True)
        self.loaded, self.shown_params = loaded, params
        self.message.clear()
        if loaded.offline and params["mode"] == "publication":
            self.message.setText(
                self.tr(
                    "Zahlen zur Veröffentlichung rechnet nur der Server. Offline zeigt dieses "
                    "Gerät seine eigenen Zahlen, ungeschützt: nicht veröffentlichen."
                )
            )
        self._show(loaded)
        self._offer_files()

    def _show(self, loaded: Loaded) -> None:
        table = loaded.table
        fill_model(self.model, table)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self._share_width()
        self.chart.show_table(table)
        self.notes.setText("\n".join(self._text(n) for n in table.get("notes") or []))
        self.notes.setVisible(bool(table.get("notes")))
        if loaded.offline:
            self.source.setText(
                self.tr("Quelle: Nur dieses Gerät (offline) – nicht die Zahlen des Landkreises")
            )
            self.source.setStyleSheet("color: #8a5a00; font-weight: bold;")
        else:
            self.source.setText(
                self.tr("Quelle: Server, Stand {when}").format(
                    when=_when(table.get("generated_at"))
                )
            )
            self.source.setStyleSheet("")

    def _share_width(self) -> None:
        """The table as wide as its columns (a unit × month table at 1366×768 showed two of
        its five columns), up to three fifths of the row; the chart takes the rest."""
        total = sum(self.split.sizes())
        if total <= 0:
            return
        header = self.table.horizontalHeader()
        wanted = (
            header.length()
            + 2 * self.table.frameWidth()
            + self.table.verticalScrollBar().sizeHint().width()
        )
        width = max(self.table.minimumWidth(), min(wanted, total * 3 // 5))
        self.split.setSizes([width, total - width])

    def _clear(self) -> None:
        self.loaded = self.shown_params = None
        self.model.clear()
        self.chart.show_table(None)
        self.notes.clear()
        self.source.clear()
        self._offer_files()

    def _offer_files(self) -> None:
        online = self.loaded is not None and not self.loaded.offline
        for button in self.export_buttons.values():
            button.setEnabled(online)
        self.monthly_button.setEnabled(self.connection is not None)
        self.funder_button.setEnabled(self.connection is not None and _funder_dialog() is not None)

    def _failed(self, exc: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self._clear()
        self.message.setText(self.error_text(exc))

    def error_text(self, exc: Exception) -> str:
        """The German sentence for what went wrong, with what to do."""
        if isinstance(exc, local.LocalReportRefused):
            return self._text(str(exc))
        if isinstance(exc, UnreadableAnswer):
            return self.tr(
                "Die Antwort des Servers ist unvollständig (andere Version?). Bitte die IT "
                "informieren."
            )
        if isinstance(exc, OSError):
            return self.tr("Nicht gespeichert: {error}").format(error=exc)
        if isinstance(exc, UNREACHABLE):
            return self.tr(
                "Keine Verbindung zum Server. Dateien und Monatsberichte gibt es nur mit "
                "Verbindung."
            )
        status = getattr(exc, "status", 0)
        message = getattr(exc, "message", "")
        from_server = isinstance(exc, SyncError) and message and message != type(exc).default
        if status == 403:
            if from_server:
                return QCoreApplication.translate("sync", message)
            return self.tr(
                "Diese Zahlen gibt der Server Ihnen nicht: Ihre Rolle sieht nur die Zahlen "
                "ihrer Sachgebiete."
            )
        if status == 422:
            if from_server:
                return QCoreApplication.translate("sync", message)
            return self.tr("Der Server kann diese Auswahl nicht auswerten.")
        return QCoreApplication.translate("sync", message or str(exc))

    # --- files ---------------------------------------------------------------------------

    def export(self, fmt: str, path: str = "") -> None:
        """The shown table as the server's file (XLSX with its chart, CSV, PDF)."""
        if self.shown_params is None or self.loaded is None or self.loaded.offline:
            return
        params = self.shown_params
        if not path:
            name = f"bericht-{params['indicator']}-{params['from']}-{params['to']}.{fmt}"
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Bericht speichern"), name, FILE_TYPES[fmt]
            )
        if not path:
            return
        self.message.setText(self.tr("Wird gespeichert …"))
        self.ctx.ops.net(
            save_export,
            self.connection,
            params,
            fmt,
            path,
            key=f"report_export:{id(self)}",
            on_done=self._saved,
            on_error=self._failed_file,
        )

    def monthly_report(self) -> MonthlyDialog:
        """ "Monatsbericht …": month and file type, then where to save it."""
        last = self._today().replace(day=1) - dt.timedelta(days=1)
        dialog = MonthlyDialog(last, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_monthly(*dialog.choice()))
        dialog.open()
        return dialog

    def save_monthly(self, month: str, fmt: str, path: str = "") -> None:
        mode = self.mode.currentData() or "intern"
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Monatsbericht speichern"),
                f"monatsbericht-{month}.{fmt}",
                FILE_TYPES[fmt],
            )
        if not path:
            return
        self.message.setText(self.tr("Wird gespeichert …"))
        self.ctx.ops.net(
            save_monthly,
            self.connection,
            month,
            mode,
            fmt,
            path,
            key=f"report_monthly:{id(self)}",
            on_done=self._saved,
            on_error=self._failed_file,
        )

    def _saved(self, path: str) -> None:
        self.message.setText(self.tr("Gespeichert: {path}").format(path=path))

    def _failed_file(self, exc: Exception) -> None:
        self.message.setText(self.error_text(exc))

    def funder_list(self) -> QWidget | None:
        """ "Förderliste …": the funders' participant lists (desktop/ui/funder_dialog.py)."""
        dialog_class = _funder_dialog()
        if dialog_class is None:
            self.funder_button.setEnabled(False)
            return None
        dialog = dialog_class(self.ctx, self.connection, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # --- drill-down ----------------------------------------------------------------------

    def drill_down(self, index) -> None:
        """Enter or a double click on a figure: the files behind it that the user may open
        (the server's, in the intern mode)."""
        codes = index.data(CODE_ROLE) if index.isValid() else None
        if codes is None or self.loaded is None or self.shown_params is None:
            return
        mode = self.loaded.table.get("mode") or self.shown_params["mode"]
        if self.loaded.offline or mode != "intern":
            self.message.setText(
                self.tr(
                    "Die Akten hinter einer Zahl zeigt der Server, in der internen Darstellung."
                )
            )
            return
        row, column = codes
        table = self.loaded.table
        caption = self._caption(table, index.row(), index.column())
        self.ctx.ops.net(
            _client_call,
            self.connection,
            "report_cell",
            self.shown_params,
            row,
            column,
            key=f"report_cell:{id(self)}",
            on_done=lambda answer: self._show_files(answer, caption),
            on_error=self._failed_file,
        )

    def _caption(self, table: dict[str, Any], row: int, column: int) -> str:
        parts = [str(table.get("title", "")), table["rows"]["items"][row]["label"]]
        if table.get("columns"):
            parts.append(columns_of(table)[column - 1]["label"])
        return " · ".join(parts)

    def _show_files(self, answer: dict[str, Any], caption: str) -> None:
        dialog = CellFilesDialog(answer, caption, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_client.connect(self.ctx.bus.open_client.emit)
        dialog.finished.connect(lambda _=0: self.dialogs.remove(dialog))
        self.dialogs.append(dialog)
        dialog.open()


def _codes(entries: Any) -> list[str]:
    """The codes of a catalog list: the server sends ``{"id", "title"}`` (modes) and
    ``{"code", "label"}`` (units), the laptop's own catalog plain codes."""
    codes = []
    for entry in entries or []:
        code = entry.get("id") or entry.get("code") if isinstance(entry, dict) else entry
        if code:
            codes.append(str(code))
    return codes


def _funder_dialog():
    """The funders' list dialog, if this build has it (written in another part of issue 21)."""
    try:
        from desktop.ui.funder_dialog import FunderListDialog
    except ImportError:
        return None
    return FunderListDialog


def _when(value: Any) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%d.%m.%Y %H:%M")
