"""Sprechstunden: where and when each unit holds walk-in, decentral and phone hours (issue 20),
a week at a time -- by day and time, with the days that are cancelled -- or every rule in words.

Every user reads them (they are part of the directory, on the laptop, offline too); the
maintainers of the directory (``[directory] maintainers``: coordination) also see the buttons
that create and edit them (desktop.ui.hours_dialog). The view follows every write and sync
round that touched them (``ctx.bus.changed``). It is the second tab of the Angebote page
(:class:`DirectoryPage`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile import catalogs, consulting_hours as ch
from casefile.records import ConsultingHours
from desktop.store import consulting_hours as hours_store
from desktop.ui.context import AppContext
from desktop.ui.directory_view import _filter_combo
from desktop.ui.forms import ui_language
from desktop.ui.models import MUTED, RowsModel
from desktop.ui.tables import list_table

_WD = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


@dataclass(frozen=True)
class HoursRow:
    """One line of the view: a day of hours (week), or a whole record (``day`` None)."""

    hours: ConsultingHours
    day: dt.date | None = None
    cancelled: bool = False

    @property
    def id(self) -> str:
        return f"{self.hours.id}:{self.day or ''}"


class HoursModel(RowsModel):
    """Wann, Ort, Sachgebiet, Art, Hinweis."""

    headers = ("Wann", "Ort", "Sachgebiet", "Art", "Hinweis")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.today = dt.date.today()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (
                self.tr("Wann"),
                self.tr("Ort"),
                self.tr("Sachgebiet"),
                self.tr("Art"),
                self.tr("Hinweis"),
            )[section]
        return None

    def when(self, row: HoursRow) -> str:
        h = row.hours
        if row.day is None:
            # the note has its own column; cancelled and added days of the coming two months
            plain = ConsultingHours(**{**h.__dict__, "note": ""})
            return ch.describe(plain, self.today, self.today + dt.timedelta(days=62))
        return f"{_WD[row.day.weekday()]} {row.day:%d.%m.} {ch.time_text(h)}"

    def hint(self, row: HoursRow) -> str:
        parts = []
        if row.cancelled:
            parts.append(self.tr("fällt aus"))
        if row.day is None and not row.hours.active:
            parts.append(self.tr("deaktiviert"))
        if row.hours.note:
            parts.append(row.hours.note)
        return " · ".join(parts)

    def cell(self, row: HoursRow, column: int, role):
        lang = ui_language()
        h = row.hours
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                self.when(row),
                catalogs.load("location").label(h.location, lang),
                catalogs.load("unit").label(h.unit, lang),
                catalogs.load("consulting_hours_kind").label(h.kind, lang),
                self.hint(row),
            )
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(v for v in values if v)
            return values[column]
        if role == Qt.ItemDataRole.ForegroundRole and (row.cancelled or not h.active):
            return MUTED
        if role == Qt.ItemDataRole.FontRole and row.cancelled and column == 0:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None


class HoursView(QWidget):
    """The Sprechstunden tab (see the module docstring)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.hours: list[ConsultingHours] = []
        self._loaded = False
        self._requested = False
        self.monday = self._monday(ctx.today())
        self.title = QLabel(objectName="pageTitle")
        self.week_label = QLabel(objectName="hoursWeek")
        font = self.week_label.font()
        font.setBold(True)
        self.week_label.setFont(font)
        self.previous = QPushButton(objectName="hoursPrevious", autoDefault=False)
        self.current = QPushButton(objectName="hoursCurrent", autoDefault=False)
        self.next = QPushButton(objectName="hoursNext", autoDefault=False)
        self.unit = _filter_combo("unit", "hoursFilterUnit")
        self.place = _filter_combo("location", "hoursFilterPlace")
        self.kind = QComboBox(objectName="hoursFilterKind")
        self.kind.addItem("", "")
        for e in catalogs.load("consulting_hours_kind").entries:
            self.kind.addItem(e.label(ui_language()), e.code)
        self.labels = [QLabel() for _ in range(3)]
        for label, field in zip(self.labels, (self.unit, self.place, self.kind)):
            label.setBuddy(field)
        self.rules = QCheckBox(objectName="hoursRules")
        self.new_hours = QPushButton(objectName="newHours", autoDefault=False)
        self.edit_hours = QPushButton(objectName="editHours", autoDefault=False)
        self.status = QLabel(objectName="hoursStatus")
        self.model = HoursModel(self)
        self.table = list_table(self.model, "hoursTable", stretch=(0, 1, 4))

        week = QHBoxLayout()
        week.addWidget(self.previous)
        week.addWidget(self.current)
        week.addWidget(self.next)
        week.addSpacing(12)
        week.addWidget(self.week_label, 1)
        week.addWidget(self.rules)
        filters = QHBoxLayout()
        for label, field in zip(self.labels, (self.unit, self.place, self.kind)):
            filters.addWidget(label)
            filters.addWidget(field, 1)
        maintain = QHBoxLayout()
        maintain.addWidget(self.status, 1)
        maintain.addWidget(self.new_hours)
        maintain.addWidget(self.edit_hours)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(week)
        lay.addLayout(filters)
        lay.addLayout(maintain)
        lay.addWidget(self.table, 1)
        self.setTabOrder(self.previous, self.current)
        self.setTabOrder(self.current, self.next)
        self.setTabOrder(self.next, self.rules)
        self.setTabOrder(self.rules, self.unit)
        self.setTabOrder(self.unit, self.place)
        self.setTabOrder(self.place, self.kind)
        self.setTabOrder(self.kind, self.table)

        self.previous.clicked.connect(lambda: self.move_week(-1))
        self.next.clicked.connect(lambda: self.move_week(1))
        self.current.clicked.connect(self.this_week)
        for combo in (self.unit, self.place, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self.show_rows())
        self.rules.toggled.connect(lambda _v: self.show_rows())
        self.table.activated.connect(lambda _i: self._activated())
        self.new_hours.clicked.connect(lambda: self.open_hours(None))
        self.edit_hours.clicked.connect(self._edit_current)
        ctx.bus.changed.connect(self._on_changed)
        self._offer_maintenance()
        self.retranslateUi()

    # --- texts ---------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.title.setText(self.tr("Sprechstunden im LRA und dezentral"))
        self.previous.setText(self.tr("◀ &Vorige Woche"))
        self.current.setText(self.tr("Diese &Woche"))
        self.next.setText(self.tr("Nächste Wo&che ▶"))
        for label, text in zip(
            self.labels, (self.tr("Sachgebi&et"), self.tr("&Ort"), self.tr("Ar&t"))
        ):
            label.setText(text)
        for combo in (self.unit, self.place, self.kind):
            combo.setItemText(0, self.tr("alle"))
        self.rules.setText(self.tr("alle &Regeln zeigen"))
        self.new_hours.setText(self.tr("&Neue Sprechstunde …"))
        self.edit_hours.setText(self.tr("&Bearbeiten …"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        self._show_week()
        self._show_status()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- who may maintain ------------------------------------------------------------------

    def may_maintain(self) -> bool:
        """Whether the user keeps the directory (the rules' [directory] maintainers)."""
        return self.ctx.permissions.may_create("consulting_hours")

    def _offer_maintenance(self) -> None:
        allowed = self.may_maintain()
        for w in (self.new_hours, self.edit_hours):
            w.setVisible(allowed)

    # --- loading ----------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        if not self._requested:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Read the hours from the store (off the UI thread) and show them again."""
        self._requested = True
        self.ctx.ops.read(
            hours_store.load, self.ctx.store, key=f"hours:{id(self)}", on_done=self._got
        )

    def _got(self, hours: list[ConsultingHours]) -> None:
        self.hours = hours
        self._loaded = True
        self.show_rows()

    def _on_changed(self, changes) -> None:
        if changes.everything:
            self._offer_maintenance()
        if self._requested and (changes.everything or hours_store.touches(changes)):
            self.refresh()

    # --- the week ---------------------------------------------------------------------------

    @staticmethod
    def _monday(day: dt.date) -> dt.date:
        return day - dt.timedelta(days=day.weekday())

    def move_week(self, weeks: int) -> None:
        self.monday += dt.timedelta(weeks=weeks)
        self.show_rows()

    def this_week(self) -> None:
        self.monday = self._monday(self.ctx.today())
        self.show_rows()

    def _show_week(self) -> None:
        sunday = self.monday + dt.timedelta(days=6)
        week = self.monday.isocalendar().week
        if self.rules.isChecked():
            self.week_label.setText(self.tr("Alle Sprechzeiten mit ihren Regeln"))
        else:
            self.week_label.setText(
                self.tr("KW {week}: {start} – {end}").format(
                    week=week, start=f"{self.monday:%d.%m.}", end=f"{sunday:%d.%m.%Y}"
                )
            )
        for w in (self.previous, self.current, self.next):
            w.setEnabled(not self.rules.isChecked())

    def _filtered(self) -> list[ConsultingHours]:
        unit, place, kind = (c.currentData() or "" for c in (self.unit, self.place, self.kind))
        return [
            h
            for h in self.hours
            if (not unit or h.unit == unit)
            and (not place or h.location == place)
            and (not kind or h.kind == kind)
        ]

    def rows(self) -> list[HoursRow]:
        """What the table shows for the filters: the week's days (the cancelled among them), or
        every record (deactivated ones only for the maintainers)."""
        chosen = self._filtered()
        if self.rules.isChecked():
            shown = [h for h in chosen if h.active or self.may_maintain()]
            return [HoursRow(h) for h in sorted(shown, key=_rule_order)]
        sunday = self.monday + dt.timedelta(days=6)
        held = [HoursRow(o.hours, o.day) for o in ch.occurrences(chosen, self.monday, sunday)]
        off = [HoursRow(o.hours, o.day, True) for o in ch.cancelled(chosen, self.monday, sunday)]
        return sorted(held + off, key=lambda r: (r.day, r.hours.opens, r.hours.location))

    def show_rows(self) -> None:
        current = self.current_hours_id()
        self.model.today = self.ctx.today()
        rows = self.rows()
        self.model.set_rows(rows)
        self._show_week()
        self._show_status()
        row = next((i for i, r in enumerate(rows) if r.hours.id == current), 0 if rows else -1)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.edit_hours.setEnabled(row >= 0)

    def _show_status(self) -> None:
        n = self.model.rowCount()
        if not self._loaded:
            self.status.setText(self.tr("Sprechstunden werden geladen …"))
        elif not self.hours:
            self.status.setText(
                self.tr("Noch keine Sprechstunden: Sie kommen mit der nächsten Synchronisierung.")
            )
        elif n == 0:
            self.status.setText(self.tr("In dieser Auswahl keine Sprechstunden."))
        elif self.rules.isChecked():
            self.status.setText(self.tr("%n Sprechzeit(en)", "", n))
        else:
            self.status.setText(self.tr("%n Termin(e) in dieser Woche", "", n))

    def current_hours_id(self) -> str:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.hours.id if row else ""

    def focus_first(self) -> None:
        self.previous.setFocus()

    # --- maintaining ------------------------------------------------------------------------

    def _activated(self) -> None:
        if self.may_maintain():
            self._edit_current()

    def _edit_current(self) -> None:
        hours_id = self.current_hours_id()
        if hours_id:
            self.open_hours(hours_id)

    def open_hours(self, hours_id: str | None):
        """The dialog of a consulting hour (new if *hours_id* is None); only for maintainers."""
        if not self.may_maintain():
            return None
        from desktop.ui.hours_dialog import HoursDialog

        dialog = HoursDialog(self.ctx, hours_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


def _rule_order(h: ConsultingHours) -> tuple:
    return (catalogs.load("location").label(h.location), h.unit, h.opens, h.id)


class DirectoryPage(QTabWidget):
    """The Angebote page: the directory of offers and, on the second tab, the consulting hours.
    Alt+G and Alt+S switch between them (as Ctrl+Tab does inside)."""

    def __init__(self, offers: QWidget, hours: HoursView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("directoryPage")
        self.setDocumentMode(True)
        self.offers, self.hours = offers, hours
        self.addTab(offers, "")
        self.addTab(hours, "")
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setTabText(0, self.tr("An&gebote"))
        self.setTabText(1, self.tr("&Sprechstunden"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def focus_current(self) -> None:
        """Strg+5: into the filters of the tab shown."""
        if self.currentWidget() is self.hours:
            self.hours.focus_first()
        else:
            self.offers.focus_filters()  # type: ignore[attr-defined]
