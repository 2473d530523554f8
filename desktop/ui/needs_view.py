"""Unmet needs ("Ungedeckte Bedarfe …"): referrals that failed for lack of an offer, capacity,
language or distance, counted by month x topic x language x place over a chosen period, with
the share of all referrals of the same cell; saved as CSV for Excel.

For coordination's needs analysis. Counted from the laptop's own store (referrals are read by
every unit, so coordination's laptop holds them all; works offline): ``desktop.store.needs``,
run through ``ctx.ops.read``, never on the UI thread. The view reloads when referrals change
(a save or a sync round).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile import needs
from desktop.store import needs as store_needs
from desktop.ui.forms import catalog_label, ui_language
from desktop.ui.period import PeriodFields
from desktop.ui.tables import list_table

PERIODS = {
    "month": QT_TRANSLATE_NOOP("NeedsDialog", "Dieser Monat"),
    "last_month": QT_TRANSLATE_NOOP("NeedsDialog", "Letzter Monat"),
    "quarter": QT_TRANSLATE_NOOP("NeedsDialog", "Letzte drei Monate"),
    "year": QT_TRANSLATE_NOOP("NeedsDialog", "Dieses Jahr"),
    "last_year": QT_TRANSLATE_NOOP("NeedsDialog", "Letztes Jahr"),
    "custom": QT_TRANSLATE_NOOP("NeedsDialog", "Frei wählen"),
}
NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COLUMNS = 8  # month, topic, language, place, unmet, referrals, share, reasons


def _item(value, number: bool = False, sort=None) -> QStandardItem:
    item = QStandardItem(str(value))
    if number:
        item.setTextAlignment(NUMBER)
    item.setData(value if sort is None else sort, Qt.ItemDataRole.UserRole)
    return item


class NeedsDialog(PeriodFields, QDialog):
    """Period above, the sums, the table of cells, CSV export below."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("needsDialog")
        self.ctx = ctx
        self.report: store_needs.Report | None = None
        self.resize(1000, 600)
        self._make_period_fields("needs", PERIODS)
        self.load_button = QPushButton(objectName="needsLoad")
        self.load_button.setDefault(True)  # Enter in any field shows the figures
        self.load_button.clicked.connect(self.load)
        self.labels = {name: QLabel() for name in ("period", "from", "to")}
        self.labels["period"].setBuddy(self.period)
        self.labels["from"].setBuddy(self.start)
        self.labels["to"].setBuddy(self.end)
        top = QGridLayout()
        for col, widget in enumerate(
            (
                self.labels["period"],
                self.period,
                self.labels["from"],
                self.start,
                self.labels["to"],
                self.end,
                self.load_button,
            )
        ):
            top.addWidget(widget, 0, col)
        top.setColumnStretch(7, 1)

        self.summary = QLabel(objectName="needsSummary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons = needs.unmet_reasons()
        self.model = QStandardItemModel(0, COLUMNS, self)
        self.model.setSortRole(Qt.ItemDataRole.UserRole)
        # place and reasons give way where the room is short (the figures never do)
        self.table = list_table(self.model, "needsTable", stretch=(3, 7))
        self.table.setSortingEnabled(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside)
        self.hint = QLabel(objectName="needsHint", wordWrap=True)

        self.status = QLabel(objectName="needsStatus", wordWrap=True)
        self.save_button = QPushButton(objectName="needsSave", enabled=False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda: self.save_csv())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.hint)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.buttons)
        lay.addLayout(bottom)
        self._period_chosen()
        self.retranslateUi()
        ctx.bus.changed.connect(self._on_changed)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Ungedeckte Bedarfe"))
        self.labels["period"].setText(self.tr("&Zeitraum"))
        self.labels["from"].setText(self.tr("&von"))
        self.labels["to"].setText(self.tr("&bis"))
        for i, code in enumerate(PERIODS):
            self.period.setItemText(i, self.tr(PERIODS[code]))
        self.load_button.setText(self.tr("&Anzeigen"))
        self.save_button.setText(self.tr("Als &CSV speichern …"))
        headers = [
            self.tr("Monat"),
            self.tr("Thema"),
            self.tr("Sprache"),
            self.tr("Ort"),
            self.tr("Ungedeckt"),
            self.tr("Verweisungen"),
            self.tr("Anteil"),
            self.tr("Gründe"),
        ]
        self.model.setHorizontalHeaderLabels(headers)
        self.model.horizontalHeaderItem(5).setToolTip(
            self.tr("Alle Verweisungen mit demselben Monat, Thema, Sprache und Ort")
        )
        self.hint.setText(
            self.tr(
                "Gezählt werden nicht erfolgreiche Verweisungen, deren Grund auf ein fehlendes "
                "Angebot zeigt (keine Kapazität, kein Angebot, Sprache, Entfernung), nach dem "
                "Datum der Verweisung. Ort: wo der Bedarf besteht."
            )
        )
        if self.report is not None:
            self._fill(self.report)

    # --- period ------------------------------------------------------------------------------

    def choose(self, period: str) -> None:
        """Pick *period* as the user would (tests, screenshots)."""
        self.period.setCurrentIndex(self.period.findData(period))

    def span(self) -> tuple[dt.date, dt.date]:
        return self.start.date().toPython(), self.end.date().toPython()

    # --- loading -----------------------------------------------------------------------------

    def load(self) -> None:
        first, last = self.span()
        if last < first:
            self.status.setText(self.tr("Das Ende des Zeitraums liegt vor seinem Anfang."))
            return
        self.load_button.setEnabled(False)
        self.status.setText(self.tr("Wird gezählt …"))
        self.ctx.ops.read(
            store_needs.report,
            self.ctx.store.engine,
            first,
            last,
            key="unmet_needs",
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _on_changed(self, changes) -> None:
        if self.report is not None and changes.touches(("referral",)):
            self.load()

    def _loaded(self, report: store_needs.Report) -> None:
        self.load_button.setEnabled(True)
        self.report = report
        self.status.setText(
            self.tr("{first} bis {last}").format(
                first=report.start.strftime("%d.%m.%Y"), last=report.end.strftime("%d.%m.%Y")
            )
        )
        self._fill(report)
        self.save_button.setEnabled(bool(report.cells))

    def _percent(self, share: float) -> str:
        language = QLocale.Language.German if ui_language() == "de" else QLocale.Language.English
        return QLocale(language).toString(share * 100, "f", 1) + " %"

    def _label(self, catalog: str, code: str) -> str:
        return catalog_label(catalog, code) if code else self.tr("ohne Angabe")

    def _place_item(self, code: str) -> QStandardItem:
        item = _item(self._label("location", code))
        item.setToolTip(item.text())  # long place names are elided in the table
        return item

    def _reasons_item(self, cell: needs.Cell) -> QStandardItem:
        """The reasons of the cell's unmet needs in one cell ("2 × keine Kapazität …"); the
        CSV has a column per reason."""
        text = ", ".join(
            self.tr("{n} × {reason}").format(
                n=cell.reasons[r], reason=catalog_label("referral_failure", r)
            )
            for r in self.reasons
            if r in cell.reasons
        )
        item = _item(text)
        item.setToolTip(text)
        return item

    def _fill(self, report: store_needs.Report) -> None:
        share = report.unmet / report.referrals if report.referrals else 0.0
        self.summary.setText(
            self.tr(
                "<b>{unmet}</b> ungedeckte Bedarfe bei <b>{referrals}</b> Verweisungen im "
                "Zeitraum ({share}) · <b>{cells}</b> Kombinationen aus Monat, Thema, Sprache "
                "und Ort"
            ).format(
                unmet=report.unmet,
                referrals=report.referrals,
                share=self._percent(share),
                cells=len(report.cells),
            )
        )
        self.table.setSortingEnabled(False)
        self.model.removeRows(0, self.model.rowCount())
        for c in report.cells:
            year, month = c.month.split("-")
            self.model.appendRow(
                [
                    _item(f"{month}/{year}", sort=c.month),
                    _item(self._label("topic", c.topic)),
                    _item(self._label("language", c.language)),
                    self._place_item(c.location),
                    _item(c.unmet, True),
                    _item(c.total, True),
                    _item(self._percent(c.share), True, sort=c.share),
                    self._reasons_item(c),
                ]
            )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        if not report.cells:
            self.status.setText(self.tr("Im Zeitraum keine ungedeckten Bedarfe."))

    def _failed(self, exc: Exception) -> None:
        self.load_button.setEnabled(True)
        self.status.setText(self.tr("Nicht gezählt: {error}").format(error=exc))

    # --- CSV ---------------------------------------------------------------------------------

    def save_csv(self, path: str = "") -> None:
        """The cells shown, as CSV for Excel, where the user says."""
        if self.report is None or not self.report.cells:
            return
        r = self.report
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Ungedeckte Bedarfe speichern"),
                f"ungedeckte-bedarfe-{r.start}-{r.end}.csv",
                "CSV (*.csv)",
            )
        if not path:
            return
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Wird gespeichert …"))
        self.ctx.ops.read(
            store_needs.write_csv,
            r.cells,
            path,
            key="unmet_needs_csv",
            on_done=self._saved,
            on_error=self._save_failed,
        )

    def _saved(self, path) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(self.tr("Gespeichert: {path}").format(path=path))

    def _save_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        error = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        self.status.setText(self.tr("Nicht gespeichert: {error}").format(error=error))
