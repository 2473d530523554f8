"""The parts of the report screen (desktop/ui/reports_view.py): a report table as an item
model, its chart, the list of files behind a cell, and the choice of a monthly report.

A *report table* is the dict of docs/reports.md (the server's ``GET /reports/table`` or the
laptop's own counts, desktop/store/reports.py); nothing here talks to the server or the store.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QLocale, QMargins, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.forms import DateEdit, ui_language

HIDDEN = "•"  # a cell suppressed for publication
NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CODE_ROLE = Qt.ItemDataRole.UserRole + 1  # (row code, column code) of a cell; None on totals
HORIZONTAL_FROM = 7  # rows from which the bars lie (their labels stay readable)
LABEL_PADDING = 8  # QtCharts' padding above and below an axis label (4 pixels each)


def _tr(text: str) -> str:
    return QCoreApplication.translate("reports", text)


def number_text(value: float | int | None, measure: str = "count") -> str:
    """A figure as a German reader writes it ("1.234", "8,5"); "•" for a hidden one."""
    if value is None:
        return HIDDEN
    language = QLocale.Language.German if ui_language() == "de" else QLocale.Language.English
    locale = QLocale(language)
    if measure in ("count", "distinct") or float(value).is_integer():
        return locale.toString(round(float(value)))
    return locale.toString(float(value), "f", 1)


def columns_of(table: dict[str, Any]) -> list[dict[str, str]]:
    """The column items; a one-column table's single column is the indicator itself."""
    if table.get("columns"):
        return list(table["columns"]["items"])
    return [{"code": "", "label": str(table.get("title", ""))}]


def _item(text: str, number: bool = False, bold: bool = False, code=None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    if number:
        item.setTextAlignment(NUMBER)
    if bold:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
    item.setData(code, CODE_ROLE)
    return item


def fill_model(model: QStandardItemModel, table: dict[str, Any]) -> None:
    """Rows × columns with a "Gesamt" column (tables with columns) and a "Gesamt" row; the
    first column holds the row labels. A cell's codes are kept for the drill-down."""
    measure = table.get("measure", "count")
    columns = columns_of(table)
    two_d = bool(table.get("columns"))
    model.clear()
    headers = [table["rows"]["title"], *(c["label"] for c in columns)]
    if two_d:
        headers.append(_tr("Gesamt"))
    model.setHorizontalHeaderLabels(headers)
    for j in range(1, len(headers)):
        model.horizontalHeaderItem(j).setTextAlignment(NUMBER)
    column_code = [c["code"] if two_d else None for c in columns]
    for i, row in enumerate(table["rows"]["items"]):
        line = [_item(row["label"])]
        for j, value in enumerate(table["cells"][i]):
            line.append(
                _item(number_text(value, measure), number=True, code=(row["code"], column_code[j]))
            )
        if two_d:
            line.append(_item(number_text(table["row_totals"][i], measure), True, True))
        model.appendRow(line)
    totals = [_item(_tr("Gesamt"), bold=True)]
    if two_d:
        totals += [_item(number_text(v, measure), True, True) for v in table["column_totals"]]
    totals.append(_item(number_text(table.get("total"), measure), True, True))
    model.appendRow(totals)


class ReportChart(QChartView):
    """The table's bars: one set per column item, the row labels as categories; a hidden
    figure draws no bar. Lying bars from :data:`HORIZONTAL_FROM` rows on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table is the keyboard's way
        self.setChart(QChart())
        # Every pixel of height goes to the bars: lying bars' labels are elided to "…" by
        # QtCharts as soon as a row is lower than its label (eleven units at 1366×768).
        self.chart().setMargins(QMargins(4, 4, 8, 4))
        self.chart().layout().setContentsMargins(0, 0, 0, 0)
        self.chart().setBackgroundRoundness(0)
        self.chart().legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.series: QBarSeries | QHorizontalBarSeries | None = None
        self.categories: QBarCategoryAxis | None = None
        self._label_font = QFont(self.chart().font())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_labels)  # once the chart has laid out its plot area

    def _fit_labels(self) -> None:
        """Lying bars: QtCharts elides a label to "…" when the plot's height over (rows + 1),
        less its padding, is lower than the label's text (plus a pixel of rounding) -- so on
        a low screen (eleven units at 1366×768) the labels get a smaller font, down to 6 pt."""
        axis, series = self.categories, self.series
        if axis is None or not isinstance(series, QHorizontalBarSeries) or not axis.count():
            return
        room = self.chart().plotArea().height() / (axis.count() + 1) - LABEL_PADDING
        font = QFont(self._label_font)
        size = font.pointSizeF()
        while size > 6 and QFontMetricsF(font).height() + 1 > room:
            size -= 0.5
            font.setPointSizeF(size)
        if axis.labelsFont() != font:
            axis.setLabelsFont(font)

    def show_table(self, table: dict[str, Any] | None) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.series = self.categories = None
        if table is None or not table["rows"]["items"]:
            chart.setTitle("")
            return
        rows = table["rows"]["items"]
        horizontal = len(rows) >= HORIZONTAL_FROM
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        top = 0.0
        for j, column in enumerate(columns_of(table)):
            bars = QBarSet(column["label"])
            for i in range(len(rows)):
                value = table["cells"][i][j]
                bars.append(0.0 if value is None else float(value))
                top = max(top, 0.0 if value is None else float(value))
            series.append(bars)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        # Lying bars read from the top: the first row at the top, as in the table.
        labels = [r["label"] for r in rows]
        categories.append(list(reversed(labels)) if horizontal else labels)
        if horizontal:
            for bars in series.barSets():
                values = [bars.at(i) for i in range(bars.count())]
                bars.remove(0, bars.count())
                bars.append(list(reversed(values)))
        values = QValueAxis()
        values.setRange(0, max(top, 1.0) * 1.05)
        values.setLabelFormat("%d")
        side_c, side_v = (
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
            if horizontal
            else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
        )
        chart.addAxis(categories, side_c)
        chart.addAxis(values, side_v)
        series.attachAxis(categories)
        series.attachAxis(values)
        chart.legend().setVisible(bool(table.get("columns")))
        chart.setTitle(str(table.get("title", "")))
        self.series, self.categories = series, categories
        self._label_font = QFont(categories.labelsFont())
        self._fit_labels()
        QTimer.singleShot(0, self._fit_labels)


class CellFilesDialog(QDialog):
    """The client files behind one cell that the user may open (Enter or a double click opens
    one, the way every list opens a file), and how many others there are."""

    open_client = Signal(str)

    def __init__(self, answer: dict[str, Any], caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportCellDialog")
        self.caption = caption
        self.answer = answer
        self.list = QListWidget(objectName="reportCellFiles")
        for client in answer.get("clients", []):
            birth = _birth(client.get("birth_date"))
            text = f"{client.get('name', '')}  ·  {birth}" if birth else client.get("name", "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, client["id"])
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(self._open)
        self.heading = QLabel(objectName="reportCellHeading", wordWrap=True)
        self.hidden = QLabel(objectName="reportCellHidden", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.hidden)
        lay.addWidget(self.buttons)
        self.resize(460, 420)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Akten hinter der Zahl"))
        self.heading.setText(self.caption)
        hidden = int(self.answer.get("hidden") or 0)
        self.hidden.setVisible(hidden > 0)
        self.hidden.setText(
            self.tr("{n} weitere Akten, die Sie nicht öffnen dürfen").format(n=hidden)
        )
        if not self.list.count() and not hidden:
            self.hidden.setVisible(True)
            self.hidden.setText(self.tr("Hinter dieser Zahl steht keine Akte."))

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _open(self, item: QListWidgetItem) -> None:
        self.open_client.emit(item.data(Qt.ItemDataRole.UserRole))
        self.accept()


def _birth(value: Any) -> str:
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


class MonthlyDialog(QDialog):
    """The month and file type of the monthly report for the Landrat and the Kreistag."""

    def __init__(self, month: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportMonthlyDialog")
        self.month = DateEdit(objectName="reportMonth", calendarPopup=False)
        self.month.setDisplayFormat("MM/yyyy")
        self.month.setDate(QDate(month.year, month.month, 1))
        self.format = QComboBox(objectName="reportMonthlyFormat")
        self.format.addItem("PDF", "pdf")
        self.format.addItem("XLSX", "xlsx")
        self.form = QFormLayout()
        self.month_label, self.format_label = QLabel(), QLabel()
        self.month_label.setBuddy(self.month)
        self.format_label.setBuddy(self.format)
        self.form.addRow(self.month_label, self.month)
        self.form.addRow(self.format_label, self.format)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Monatsbericht"))
        self.month_label.setText(self.tr("&Monat"))
        self.format_label.setText(self.tr("&Dateiart"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Speichern …"))

    def choice(self) -> tuple[str, str]:
        """(``YYYY-MM``, ``pdf`` or ``xlsx``)."""
        day = self.month.date().toPython()
        return f"{day.year}-{day.month:02}", str(self.format.currentData())
