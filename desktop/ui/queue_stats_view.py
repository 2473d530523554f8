"""The walk-in statistics of a location ("Wartestatistik …"): waiting and service times per
unit, hour and weekday, no-shows, transfers and hops per visit, languages with interpreter
need and concerns, over a chosen period; saved as the server's CSV.

The figures come from the server (``GET /api/v1/queue/stats``, computed from the calls of every
desk; only the staff of the location's queue get them). Loading and saving run through
``ctx.ops.net``, never on the UI thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import reception
from desktop.sync.errors import AuthError, Offline
from desktop.ui.forms import catalog_label, ui_language
from desktop.ui.period import PeriodFields
from desktop.ui.tables import list_table

PERIODS = {
    "today": QT_TRANSLATE_NOOP("QueueStatsDialog", "Heute"),
    "week": QT_TRANSLATE_NOOP("QueueStatsDialog", "Diese Woche"),
    "month": QT_TRANSLATE_NOOP("QueueStatsDialog", "Dieser Monat"),
    "last_month": QT_TRANSLATE_NOOP("QueueStatsDialog", "Letzter Monat"),
    "custom": QT_TRANSLATE_NOOP("QueueStatsDialog", "Frei wählen"),
}
# The server's weekday keys (sync_server/queue_stats.py WEEKDAYS), in words.
WEEKDAYS = {
    "Mo": QT_TRANSLATE_NOOP("QueueStatsDialog", "Montag"),
    "Di": QT_TRANSLATE_NOOP("QueueStatsDialog", "Dienstag"),
    "Mi": QT_TRANSLATE_NOOP("QueueStatsDialog", "Mittwoch"),
    "Do": QT_TRANSLATE_NOOP("QueueStatsDialog", "Donnerstag"),
    "Fr": QT_TRANSLATE_NOOP("QueueStatsDialog", "Freitag"),
    "Sa": QT_TRANSLATE_NOOP("QueueStatsDialog", "Samstag"),
    "So": QT_TRANSLATE_NOOP("QueueStatsDialog", "Sonntag"),
}
NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def minutes_text(value: float | None) -> str:
    """Minutes as a German reader writes them ("8,5 Min.", "21 Min."); "–" without a value."""
    if value is None:
        return "–"
    language = QLocale.Language.German if ui_language() == "de" else QLocale.Language.English
    number = QLocale(language).toString(float(value), "f", 0 if float(value).is_integer() else 1)
    return QCoreApplication.translate("queue", "{n} Min.").format(n=number)


def _tr(text: str) -> str:
    return QCoreApplication.translate("QueueStatsDialog", text)


def unit_label(code: str) -> str:
    return _tr("unbekannt") if code in ("", "?") else catalog_label("unit", code)


def language_label(code: str) -> str:
    return _tr("unbekannt") if code in ("", "?") else catalog_label("language", code)


def _cell(text: Any, number: bool = False, bold: bool = False) -> QStandardItem:
    item = QStandardItem(str(text))
    if number:
        item.setTextAlignment(NUMBER)
    if bold:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
    return item


def fetch(connection, method: str, location: str, start: dt.date, end: dt.date) -> Any:
    """Runs off the UI thread: one statistics call of the sync client."""
    if connection is None:
        raise AuthError()
    client = connection.client()
    try:
        return getattr(client, method)(location, start, end)
    finally:
        client.close()


def save_csv_file(connection, location: str, start: dt.date, end: dt.date, path: str) -> str:
    """Runs off the UI thread: the server's CSV, written to *path* as it came."""
    data = fetch(connection, "queue_stats_csv", location, start, end)
    Path(path).write_bytes(data)
    return path


class QueueStatsDialog(PeriodFields, QDialog):
    """Location and period above, the headline figures, then the tables in tabs."""

    def __init__(
        self,
        ctx,
        connection,
        locations: list[str] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("queueStatsDialog")
        self.ctx, self.connection = ctx, connection
        self.stats: dict[str, Any] | None = None
        self.shown: tuple[str, dt.date, dt.date] | None = None  # what the tables show
        self.resize(980, 600)
        codes = reception.queue_locations(ctx.permissions) if locations is None else locations
        self.location = QComboBox(objectName="queueStatsLocation")
        for code in codes:
            self.location.addItem(catalog_label("location", code), code)
        at = self.location.findData(ctx.settings.location)
        self.location.setCurrentIndex(max(at, 0))
        self._make_period_fields("queueStats", PERIODS)
        self.load_button = QPushButton(objectName="queueStatsLoad")
        self.load_button.setDefault(True)  # Enter in any field shows the figures
        self.load_button.clicked.connect(self.load)
        self.labels = {name: QLabel() for name in ("location", "period", "from", "to")}
        self.labels["location"].setBuddy(self.location)
        self.labels["period"].setBuddy(self.period)
        self.labels["from"].setBuddy(self.start)
        self.labels["to"].setBuddy(self.end)
        top = QGridLayout()
        top.addWidget(self.labels["location"], 0, 0)
        top.addWidget(self.location, 0, 1)
        top.addWidget(self.labels["period"], 0, 2)
        top.addWidget(self.period, 0, 3)
        top.addWidget(self.labels["from"], 0, 4)
        top.addWidget(self.start, 0, 5)
        top.addWidget(self.labels["to"], 0, 6)
        top.addWidget(self.end, 0, 7)
        top.addWidget(self.load_button, 0, 8)
        top.setColumnStretch(1, 2)
        top.setColumnStretch(3, 1)

        self.summary = QLabel(objectName="queueStatsSummary", wordWrap=True)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.summary.setFont(font)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.models: dict[str, QStandardItemModel] = {}
        self.tables: dict[str, QTableView] = {}
        for name, columns in (
            ("units", 6),
            ("hours", 4),
            ("weekdays", 4),
            ("hops", 2),
            ("transfers", 3),
            ("languages", 3),
            ("concerns", 2),
        ):
            model = QStandardItemModel(0, columns, self)
            self.models[name] = model
            table = list_table(model, f"queueStats_{name}", stretch=0)
            table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside)
            self.tables[name] = table
        self.tabs = QTabWidget(objectName="queueStatsTabs")
        self.tabs.addTab(self.tables["units"], "")
        self.tabs.addTab(self._pair("hours", "weekdays"), "")
        self.tabs.addTab(self._pair("hops", "transfers"), "")
        self.tabs.addTab(self._pair("languages", "concerns"), "")

        self.status = QLabel(objectName="queueStatsStatus", wordWrap=True)
        self.save_button = QPushButton(objectName="queueStatsSave", enabled=False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda: self.save_csv())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.buttons)
        lay.addLayout(bottom)
        self._period_chosen()
        self.retranslateUi()

    def _pair(self, left: str, right: str) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        row.addWidget(self.tables[left], 1)
        row.addWidget(self.tables[right], 1)
        return page

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Wartestatistik"))
        self.labels["location"].setText(self.tr("&Ort"))
        self.labels["period"].setText(self.tr("&Zeitraum"))
        self.labels["from"].setText(self.tr("&von"))
        self.labels["to"].setText(self.tr("&bis"))
        for i, code in enumerate(PERIODS):
            self.period.setItemText(i, self.tr(PERIODS[code]))
        self.load_button.setText(self.tr("&Anzeigen"))
        self.save_button.setText(self.tr("Als &CSV speichern …"))
        for i, text in enumerate(
            (
                self.tr("Nach Bereich"),
                self.tr("Uhrzeit und Wochentag"),
                self.tr("Weiterleitungen"),
                self.tr("Sprachen und Anliegen"),
            )
        ):
            self.tabs.setTabText(i, text)
        wait, p90 = self.tr("Wartezeit Median"), self.tr("Wartezeit 90 %")
        headers = {
            "units": (
                self.tr("Bereich"),
                self.tr("Besuche"),
                wait,
                p90,
                self.tr("Beratungszeit Median"),
                self.tr("nicht erschienen"),
            ),
            "hours": (self.tr("Ankunft"), self.tr("Aufgerufen"), wait, p90),
            "weekdays": (self.tr("Wochentag"), self.tr("Aufgerufen"), wait, p90),
            "hops": (self.tr("Weiterleitungen je Besuch"), self.tr("Besuche")),
            "transfers": (self.tr("von"), self.tr("nach"), self.tr("Anzahl")),
            "languages": (
                self.tr("Sprache"),
                self.tr("Besuche"),
                self.tr("mit Dolmetschbedarf"),
            ),
            "concerns": (self.tr("Anliegen"), self.tr("Besuche")),
        }
        for name, labels in headers.items():
            self.models[name].setHorizontalHeaderLabels(list(labels))
        self.models["units"].horizontalHeaderItem(1).setToolTip(
            self.tr("Ein weitergeleiteter Besuch zählt bei jedem Bereich, bei dem er war.")
        )
        for name in ("hours", "weekdays"):
            self.models[name].horizontalHeaderItem(1).setToolTip(
                self.tr("Besuche, die aufgerufen oder weitergeleitet wurden")
            )
        if not self.location.count():
            self.status.setText(self.tr("Sie arbeiten an keinem Ort in einer Warteschlange."))
        if self.stats is not None:
            self._fill(self.stats)

    # --- period ------------------------------------------------------------------------------

    def choose(self, location: str, period: str = "today") -> None:
        """Pick *location* and *period* as the user would (tests, screenshots)."""
        self.location.setCurrentIndex(max(self.location.findData(location), 0))
        self.period.setCurrentIndex(self.period.findData(period))

    def span(self) -> tuple[dt.date, dt.date]:
        return self.start.date().toPython(), self.end.date().toPython()

    # --- loading -----------------------------------------------------------------------------

    def load(self) -> None:
        location = self.location.currentData()
        if not location:
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
            "queue_stats",
            location,
            first,
            last,
            key="queue_stats",
            on_done=lambda stats: self._loaded(stats, location, first, last),
            on_error=self._failed,
        )

    def _loaded(self, stats: dict, location: str, first: dt.date, last: dt.date) -> None:
        self.load_button.setEnabled(True)
        self.stats, self.shown = stats, (location, first, last)
        self._fill(stats)
        self.save_button.setEnabled(True)
        self.status.setText(
            self.tr("{location}, {first} bis {last}").format(
                location=catalog_label("location", location),
                first=first.strftime("%d.%m.%Y"),
                last=last.strftime("%d.%m.%Y"),
            )
        )

    def _fill(self, s: dict) -> None:
        waiting = s["waiting"]
        self.summary.setText(
            self.tr(
                "<b>{visits}</b> Besuche · <b>{no_shows}</b> nicht erschienen · "
                "Wartezeit Median <b>{median}</b>, 90 % bis <b>{p90}</b>"
            ).format(
                visits=s["visits"],
                no_shows=s["no_shows"],
                median=minutes_text(waiting["median"]),
                p90=minutes_text(waiting["p90"]),
            )
        )
        units = self.models["units"]
        units.removeRows(0, units.rowCount())
        units.appendRow(
            [
                _cell(self.tr("Alle Bereiche"), bold=True),
                _cell(s["visits"], True, True),
                _cell(minutes_text(waiting["median"]), True, True),
                _cell(minutes_text(waiting["p90"]), True, True),
                _cell("", True, True),
                _cell(s["no_shows"], True, True),
            ]
        )
        for code, u in sorted(s["by_unit"].items(), key=lambda kv: unit_label(kv[0])):
            units.appendRow(
                [
                    _cell(unit_label(code)),
                    _cell(u["visits"], True),
                    _cell(minutes_text(u["waiting"]["median"]), True),
                    _cell(minutes_text(u["waiting"]["p90"]), True),
                    _cell(minutes_text(u["service"]["median"]), True),
                    _cell(u["no_shows"], True),
                ]
            )
        hours = self.models["hours"]
        hours.removeRows(0, hours.rowCount())
        for hour, x in s["by_hour"].items():
            h = int(hour)
            hours.appendRow(
                [
                    _cell(self.tr("{start}–{end} Uhr").format(start=h, end=h + 1)),
                    _cell(x["count"], True),
                    _cell(minutes_text(x["median"]), True),
                    _cell(minutes_text(x["p90"]), True),
                ]
            )
        days = self.models["weekdays"]
        days.removeRows(0, days.rowCount())
        for day, x in s["by_weekday"].items():
            days.appendRow(
                [
                    _cell(self.tr(WEEKDAYS[day]) if day in WEEKDAYS else day),
                    _cell(x["count"], True),
                    _cell(minutes_text(x["median"]), True),
                    _cell(minutes_text(x["p90"]), True),
                ]
            )
        hops = self.models["hops"]
        hops.removeRows(0, hops.rowCount())
        for n, count in s["hops"].items():
            text = self.tr("keine") if n == "0" else n
            hops.appendRow([_cell(text), _cell(count, True)])
        transfers = self.models["transfers"]
        transfers.removeRows(0, transfers.rowCount())
        for x in sorted(s["transfers"], key=lambda x: -x["count"]):
            transfers.appendRow(
                [
                    _cell(unit_label(x["from"])),
                    _cell("→ " + unit_label(x["to"])),
                    _cell(x["count"], True),
                ]
            )
        languages = self.models["languages"]
        languages.removeRows(0, languages.rowCount())
        needs = s["interpreter"]
        for code in sorted(set(s["languages"]) | set(needs), key=language_label):
            languages.appendRow(
                [
                    _cell(language_label(code)),
                    _cell(s["languages"].get(code, 0), True),
                    _cell(needs.get(code, 0), True),
                ]
            )
        concerns = self.models["concerns"]
        concerns.removeRows(0, concerns.rowCount())
        for code, count in sorted(s["concerns"].items(), key=lambda kv: -kv[1]):
            concerns.appendRow([_cell(catalog_label("walk_in_concern", code)), _cell(count, True)])
        for table in self.tables.values():
            table.resizeColumnsToContents()

    def _clear(self) -> None:
        self.stats = self.shown = None
        self.summary.clear()
        for model in self.models.values():
            model.removeRows(0, model.rowCount())
        self.save_button.setEnabled(False)

    def _failed(self, exc: Exception) -> None:
        self.load_button.setEnabled(True)
        self._clear()
        self.status.setText(self.error_text(exc))

    def error_text(self, exc: Exception) -> str:
        code = getattr(exc, "code", "")
        if isinstance(exc, Offline):
            return self.tr(
                "Keine Verbindung zum Server. Die Wartestatistik rechnet der Server aus den "
                "Aufrufen aller Plätze; sie ist nur mit Verbindung zu sehen."
            )
        if code == "not_your_queue" or getattr(exc, "status", None) == 403:
            return self.tr(
                "Für {location} gibt der Server Ihnen keine Wartestatistik: keine Ihrer "
                "Einheiten arbeitet dort in der Warteschlange."
            ).format(location=self.location.currentText())
        if isinstance(exc, AuthError):
            return self.tr(
                "Dieses Gerät ist nicht am Server angemeldet; die Wartestatistik kommt vom Server."
            )
        if getattr(exc, "status", None) == 422:
            return self.tr("Der Zeitraum ist zu lang: höchstens 366 Tage auf einmal.")
        message = getattr(exc, "message", "") or str(exc)
        return QCoreApplication.translate("sync", message)

    # --- CSV ---------------------------------------------------------------------------------

    def save_csv(self, path: str = "") -> None:
        """The server's CSV of the figures shown, saved where the user says."""
        if self.shown is None:
            return
        location, first, last = self.shown
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Wartestatistik speichern"),
                f"wartestatistik-{location}-{first}-{last}.csv",
                "CSV (*.csv)",
            )
        if not path:
            return
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Wird gespeichert …"))
        self.ctx.ops.net(
            save_csv_file,
            self.connection,
            location,
            first,
            last,
            path,
            key="queue_stats_csv",
            on_done=self._saved,
            on_error=self._save_failed,
        )

    def _saved(self, path: str) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(self.tr("Gespeichert: {path}").format(path=path))

    def _save_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, OSError):
            self.status.setText(self.tr("Nicht gespeichert: {error}").format(error=exc))
        else:
            self.status.setText(self.error_text(exc))
