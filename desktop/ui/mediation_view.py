"""Sprachmittlung: the page of the language mediators' pool, for users the rules let see it.

Three tabs: *Anfragen* (the bookings queue: requests to assign a mediator to, bookings to
cancel or mark as no-show), *Pool* (the mediators: languages with level, settings, areas,
availability, vetting state with expiry warnings; create, edit, deactivate) and *Stunden*
(hours entries recorded -> reviewed -> paid, and the month's allowance list per mediator as
PDF and CSV). What a user may change is asked of the rules (desktop.mediation_access).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile import mediation
from casefile.records import Mediator
from desktop import allowance_print, mediation_access as access
from desktop.store import mediation as pool_store
from desktop.ui.context import AppContext
from desktop.ui.formatting import date_text, datetime_text
from desktop.ui.forms import catalog_label
from desktop.ui.tables import list_table

ROLE = Qt.ItemDataRole.UserRole
KINDS = ("mediator", "mediator_booking", "hours_entry")


def _model(parent) -> QStandardItemModel:
    return QStandardItemModel(0, 0, parent)


def _fill(model: QStandardItemModel, rows: list[tuple[object, list[str]]]) -> None:
    model.removeRows(0, model.rowCount())
    for record, cells in rows:
        items = [QStandardItem(c) for c in cells]
        for item in items:
            item.setEditable(False)
            item.setToolTip(item.text())  # a cut cell shows whole on hover
        items[0].setData(record, ROLE)
        model.appendRow(items)


def _current(table: QTableView):
    index = table.currentIndex()
    if not index.isValid():
        return None
    return table.model().index(index.row(), 0).data(ROLE)


def _button(name: str) -> QPushButton:
    b = QPushButton(objectName=name)
    b.setAutoDefault(False)
    return b


def months_back(today: dt.date, n: int = 12) -> list[str]:
    out, day = [], today.replace(day=1)
    for _ in range(n):
        out.append(day.strftime("%Y-%m"))
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return out


class MediationView(QWidget):
    """The pool page (see the module docstring)."""

    exported = Signal(object)  # the allowance list's file, once written (Path)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mediationView")
        self.ctx = ctx
        self.pool: list[Mediator] = []
        self.title = QLabel(objectName="pageTitle")
        self.tabs = QTabWidget(objectName="mediationTabs")
        self._bookings_tab()
        self._pool_tab()
        self._hours_tab()
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.tabs, 1)
        ctx.bus.changed.connect(self._on_changed)
        self.retranslateUi()

    def available(self) -> bool:
        """Offered to users the rules let see the pool."""
        return access.sees_pool(self.ctx.permissions)

    # --- the bookings queue ---------------------------------------------------------------

    def _bookings_tab(self) -> None:
        page = QWidget()
        self.booking_filter = QComboBox(objectName="bookingFilter")
        self.booking_model = _model(self)
        self.booking_table = list_table(self.booking_model, "bookingTable", stretch=5, names=(5,))
        self.assign_button = _button("bookingAssign")
        self.cancel_button = _button("bookingCancel")
        self.no_show_button = _button("bookingNoShow")
        self.booking_message = QLabel(objectName="bookingMessage", wordWrap=True)
        bar = QHBoxLayout()
        bar.addWidget(self.booking_filter)
        bar.addStretch(1)
        for b in (self.assign_button, self.cancel_button, self.no_show_button):
            bar.addWidget(b)
        lay = QVBoxLayout(page)
        lay.addLayout(bar)
        lay.addWidget(self.booking_table, 1)
        lay.addWidget(self.booking_message)
        self.tabs.addTab(page, "")
        self.tabs.currentChanged.connect(lambda _i: self.focus_list())
        self.booking_filter.currentIndexChanged.connect(lambda _i: self.refresh_bookings())
        self.booking_table.activated.connect(lambda _i: self.assign())
        self.booking_table.selectionModel().currentRowChanged.connect(
            lambda *_a: self._booking_buttons()
        )
        self.assign_button.clicked.connect(self.assign)
        self.cancel_button.clicked.connect(lambda: self.set_status("cancelled"))
        self.no_show_button.clicked.connect(lambda: self.set_status("no_show"))

    def refresh_bookings(self) -> None:
        statuses = pool_store.OPEN if self.booking_filter.currentData() != "all" else None
        self.ctx.ops.read(
            pool_store.bookings,
            self.ctx.store,
            statuses,
            key=f"mediation-bookings:{id(self)}",
            on_done=self._show_bookings,
        )

    def _show_bookings(self, rows: list[pool_store.BookingRow]) -> None:
        _fill(
            self.booking_model,
            [
                (
                    r,
                    [
                        datetime_text(r.booking.starts_at),
                        catalog_label("language", r.booking.language),
                        catalog_label("mediation_setting", r.booking.setting),
                        catalog_label("location", r.booking.location),
                        catalog_label("unit", r.booking.unit),
                        r.client_name or self.tr("ohne Akte"),
                        catalog_label("booking_status", r.booking.status),
                        r.booking.mediator_name,
                    ],
                )
                for r in rows
            ],
        )
        if rows and not self.booking_table.currentIndex().isValid():
            self.booking_table.selectRow(0)
        self._booking_buttons()

    def current_booking(self):
        row = _current(self.booking_table)
        return row.booking if row is not None else None

    def _booking_buttons(self) -> None:
        b = self.current_booking()
        rules = self.ctx.permissions
        self.assign_button.setEnabled(
            b is not None and b.status in pool_store.OPEN and access.may_book(rules, b)
        )
        for button, status, allowed_from in (
            (self.cancel_button, "cancelled", pool_store.OPEN),
            (self.no_show_button, "no_show", ("booked",)),
        ):
            button.setEnabled(
                b is not None
                and b.status in allowed_from
                and access.may_change(
                    rules, "mediator_booking", b, dataclasses.replace(b, status=status)
                )
            )

    def assign(self):
        """The booking dialog on the chosen request: pick a mediator, see the warnings."""
        b = self.current_booking()
        if b is None or not self.assign_button.isEnabled():
            return None
        from desktop.ui.booking_dialog import BookingDialog

        row = _current(self.booking_table)
        dialog = BookingDialog(
            self.ctx, booking=b, client_name=row.client_name if row else "", parent=self.window()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(
            lambda booking: self.booking_message.setText(
                self.tr("Gebucht: {name}").format(name=booking.mediator_name)
            )
        )
        self.assign_dialog = dialog
        dialog.open()
        return dialog

    def set_status(self, status: str) -> None:
        b = self.current_booking()
        if b is None:
            return
        self.ctx.ops.write(
            pool_store.set_status,
            self.ctx.store,
            b.id,
            status,
            on_done=lambda x: self.booking_message.setText(
                self.tr("Buchung: {status}").format(
                    status=catalog_label("booking_status", x.status)
                )
            ),
            on_error=lambda exc: self.booking_message.setText(
                self.tr("Nicht möglich: die Buchung wurde inzwischen geändert.")
                if isinstance(exc, pool_store.StaleBooking)
                else self.tr("Speichern fehlgeschlagen: {error}").format(error=exc)
            ),
        )

    # --- the pool -------------------------------------------------------------------------

    def _pool_tab(self) -> None:
        page = QWidget()
        self.show_inactive = QCheckBox(objectName="poolShowInactive")
        self.pool_model = _model(self)
        self.pool_table = list_table(self.pool_model, "poolTable", stretch=1)
        # The languages, the vetting state and the areas share the spare width (each may be
        # long; a cut cell shows whole as its tooltip).
        self.pool_table.column_fit.stretch = (1, 2, 4)
        self.new_button = _button("poolNew")
        self.edit_button = _button("poolEdit")
        self.deactivate_button = _button("poolDeactivate")
        self.pool_summary = QLabel(objectName="poolSummary")
        bar = QHBoxLayout()
        bar.addWidget(self.show_inactive)
        bar.addWidget(self.pool_summary, 1)
        for b in (self.new_button, self.edit_button, self.deactivate_button):
            bar.addWidget(b)
        lay = QVBoxLayout(page)
        lay.addLayout(bar)
        lay.addWidget(self.pool_table, 1)
        self.tabs.addTab(page, "")
        self.show_inactive.toggled.connect(lambda _v: self._show_pool(self.pool))
        self.pool_table.activated.connect(lambda _i: self.edit_mediator())
        self.pool_table.selectionModel().currentRowChanged.connect(lambda *_a: self._pool_buttons())
        self.new_button.clicked.connect(lambda: self.edit_mediator(new=True))
        self.edit_button.clicked.connect(lambda: self.edit_mediator())
        self.deactivate_button.clicked.connect(self.deactivate)

    def refresh_pool(self) -> None:
        self.ctx.ops.read(
            pool_store.pool,
            self.ctx.store,
            key=f"mediation-pool:{id(self)}",
            on_done=self._show_pool,
        )

    def _show_pool(self, found: list[Mediator]) -> None:
        self.pool = found
        today = self.ctx.today()
        # Those with a vetting warning first: the pool's unit renews them before booking.
        shown = sorted(
            (m for m in found if m.active or self.show_inactive.isChecked()),
            key=lambda m: not mediation.vetting_warnings(m, today),
        )
        _fill(
            self.pool_model,
            [
                (
                    m,
                    [
                        m.display_name + ("" if m.active else self.tr(" (inaktiv)")),
                        languages_text(m),
                        mediation.vetting_state(m, today),
                        ", ".join(catalog_label("mediation_setting", s) for s in m.settings),
                        ", ".join(_short_place(a) for a in m.areas),
                        m.availability,
                        catalog_label("mediator_kind", m.kind),
                    ],
                )
                for m in shown
            ],
        )
        for row in range(self.pool_model.rowCount()):
            m = self.pool_model.item(row, 0).data(ROLE)
            if mediation.vetting_warnings(m, today):
                self.pool_model.item(row, 2).setForeground(Qt.GlobalColor.darkRed)
        warned = sum(1 for m in shown if mediation.vetting_warnings(m, today))
        self.pool_summary.setText(
            self.tr("{n} im Pool · {w} mit Hinweis zu Voraussetzungen").format(
                n=len(shown), w=warned
            )
        )
        if shown and not self.pool_table.currentIndex().isValid():
            self.pool_table.selectRow(0)
        self._pool_buttons()

    def _pool_buttons(self) -> None:
        keeps = access.keeps_pool(self.ctx.permissions)
        m = _current(self.pool_table)
        self.new_button.setEnabled(keeps)
        self.edit_button.setEnabled(keeps and m is not None)
        self.deactivate_button.setEnabled(keeps and m is not None and m.active)

    def edit_mediator(self, new: bool = False):
        if not access.keeps_pool(self.ctx.permissions):
            return None
        from desktop.ui.mediator_dialog import MediatorDialog

        m = None if new else _current(self.pool_table)
        if not new and m is None:
            return None
        dialog = MediatorDialog(self.ctx, m, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.mediator_dialog = dialog
        dialog.open()
        return dialog

    def deactivate(self) -> None:
        m = _current(self.pool_table)
        if m is None or not m.active:
            return
        self.ctx.ops.write(
            pool_store.save_mediator, self.ctx.store, dataclasses.replace(m, active=False)
        )

    # --- hours ----------------------------------------------------------------------------

    def _hours_tab(self) -> None:
        page = QWidget()
        self.month = QComboBox(objectName="hoursMonth")
        for month in months_back(self.ctx.today()):
            self.month.addItem(allowance_print.month_title(month), month)
        self.month_label = QLabel()
        self.month_label.setBuddy(self.month)
        self.hours_model = _model(self)
        self.hours_table = list_table(self.hours_model, "hoursTable", stretch=1, names=(1,))
        self.review_button = _button("hoursReview")
        self.pay_button = _button("hoursPay")
        self.pdf_button = _button("hoursPdf")
        self.csv_button = _button("hoursCsv")
        self.list_title = QLabel(objectName="allowanceTitle")
        self.list_model = _model(self)
        self.list_table = list_table(self.list_model, "allowanceTable", stretch=1, names=(0,))
        self.hours_message = QLabel(objectName="hoursMessage", wordWrap=True)
        bar = QHBoxLayout()
        bar.addWidget(self.month_label)
        bar.addWidget(self.month)
        bar.addStretch(1)
        for b in (self.review_button, self.pay_button):
            bar.addWidget(b)
        foot = QHBoxLayout()
        foot.addWidget(self.list_title, 1)
        foot.addWidget(self.pdf_button)
        foot.addWidget(self.csv_button)
        lay = QVBoxLayout(page)
        lay.addLayout(bar)
        lay.addWidget(self.hours_table, 3)
        lay.addLayout(foot)
        lay.addWidget(self.list_table, 2)
        lay.addWidget(self.hours_message)
        self.tabs.addTab(page, "")
        self.month.currentIndexChanged.connect(lambda _i: self.refresh_hours())
        self.hours_table.selectionModel().currentRowChanged.connect(
            lambda *_a: self._hours_buttons()
        )
        self.review_button.clicked.connect(self.review)
        self.pay_button.clicked.connect(self.pay)
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.allowance: list[mediation.MonthLine] = []

    def refresh_hours(self) -> None:
        month = self.month.currentData()
        self.ctx.ops.read(
            pool_store.hours,
            self.ctx.store,
            None,
            month,
            key=f"mediation-hours:{id(self)}",
            on_done=self._show_hours,
        )
        self.ctx.ops.read(
            pool_store.allowance_list,
            self.ctx.store,
            month,
            key=f"mediation-allowance:{id(self)}",
            on_done=self._show_allowance,
        )

    def _show_hours(self, rows: list[pool_store.HoursRow]) -> None:
        _fill(
            self.hours_model,
            [
                (
                    r,
                    [
                        date_text(r.entry.worked_on),
                        r.mediator_name,
                        catalog_label("unit", r.entry.unit),
                        str(r.entry.minutes),
                        allowance_print.km_text(r.entry.km),
                        mediation.euro(r.entry.allowance_cents),
                        catalog_label("hours_status", r.entry.status),
                        r.entry.reviewed_by,
                        date_text(r.entry.paid_on),
                    ],
                )
                for r in rows
            ],
        )
        if rows and not self.hours_table.currentIndex().isValid():
            self.hours_table.selectRow(0)
        self._hours_buttons()

    def _show_allowance(self, lines: list[mediation.MonthLine]) -> None:
        self.allowance = lines
        total = sum(x.cents for x in lines)
        _fill(
            self.list_model,
            [
                (
                    x,
                    [
                        x.name,
                        ", ".join(d.strftime("%d.%m.") for d in x.dates),
                        str(x.entries),
                        allowance_print.hours_text(x.minutes),
                        allowance_print.km_text(x.km),
                        mediation.euro(x.cents),
                    ],
                )
                for x in lines
            ],
        )
        self.list_title.setText(
            self.tr("Monatsliste {month} (geprüft und ausgezahlt): {total}").format(
                month=self.month.currentText(), total=mediation.euro(total)
            )
        )
        self.pdf_button.setEnabled(True)
        self.csv_button.setEnabled(True)

    def current_hours(self):
        row = _current(self.hours_table)
        return row.entry if row is not None else None

    def _hours_buttons(self) -> None:
        e = self.current_hours()
        rules = self.ctx.permissions
        today = self.ctx.today()
        self.review_button.setEnabled(
            e is not None
            and e.status == "recorded"
            and access.may_change(
                rules,
                "hours_entry",
                e,
                dataclasses.replace(e, status="reviewed", reviewed_by=self.ctx.settings.user_name),
            )
        )
        self.pay_button.setEnabled(
            e is not None
            and e.status == "reviewed"
            and access.may_change(
                rules, "hours_entry", e, dataclasses.replace(e, status="paid", paid_on=today)
            )
        )

    def review(self) -> None:
        e = self.current_hours()
        if e is None or not self.review_button.isEnabled():
            return
        self.ctx.ops.write(pool_store.review, self.ctx.store, [e.id], self.ctx.settings.user_name)

    def pay(self) -> None:
        e = self.current_hours()
        if e is None or not self.pay_button.isEnabled():
            return
        self.ctx.ops.write(pool_store.pay, self.ctx.store, [e.id], self.ctx.today())

    def export(self, kind: str, path: str | Path | None = None) -> None:
        """The month's allowance list as PDF or CSV (*path*, else asked with a file dialog),
        written on a worker of the operation layer; :attr:`exported` carries the file."""
        month = self.month.currentData()
        if path is None:
            name = f"Aufwandsentschaedigung_Sprachmittlung_{month}.{kind}"
            path, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Monatsliste speichern"),
                str(Path.home() / name),
                "PDF (*.pdf)" if kind == "pdf" else self.tr("CSV-Tabelle (*.csv)"),
            )
            if not path:
                return
        self.ctx.ops.read(
            _write_allowance,
            kind,
            self.allowance,
            month,
            Path(path),
            self.ctx.today(),
            key="allowance_export",
            on_done=self._exported,
            on_error=self._export_failed,
        )

    def _exported(self, out: Path) -> None:
        self.hours_message.setText(self.tr("Gespeichert: {path}").format(path=out))
        self.exported.emit(out)

    def _export_failed(self, exc: Exception) -> None:
        error = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        self.hours_message.setText(
            self.tr("Die Liste konnte nicht gespeichert werden: {error}").format(error=error)
        )

    # --- everything -----------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.available():
            return
        self.refresh_bookings()
        self.refresh_pool()
        self.refresh_hours()

    def _on_changed(self, changes) -> None:
        if changes.everything or changes.touches(KINDS + ("client",)):
            self.refresh()

    def retranslateUi(self) -> None:
        self.title.setText(self.tr("Sprachmittlung"))
        for i, text in enumerate(
            (self.tr("&Anfragen und Buchungen"), self.tr("&Pool"), self.tr("&Stunden"))
        ):
            self.tabs.setTabText(i, text)
        current = self.booking_filter.currentIndex()
        self.booking_filter.blockSignals(True)
        self.booking_filter.clear()
        self.booking_filter.addItem(self.tr("Offen (angefragt, gebucht)"), "open")
        self.booking_filter.addItem(self.tr("Alle"), "all")
        self.booking_filter.setCurrentIndex(max(current, 0))
        self.booking_filter.blockSignals(False)
        self.booking_model.setHorizontalHeaderLabels(
            [
                self.tr("Termin"),
                self.tr("Sprache"),
                self.tr("Einsatz"),
                self.tr("Ort"),
                self.tr("Sachgebiet"),
                self.tr("Person"),
                self.tr("Status"),
                self.tr("Sprachmittler:in"),
            ]
        )
        self.assign_button.setText(self.tr("&Zuweisen …"))
        self.cancel_button.setText(self.tr("A&bsagen"))
        self.no_show_button.setText(self.tr("&Nicht erschienen"))
        self.show_inactive.setText(self.tr("&Inaktive zeigen"))
        self.pool_model.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Sprachen"),
                self.tr("Voraussetzungen"),
                self.tr("Einsatz"),
                self.tr("Gebiete"),
                self.tr("Verfügbarkeit"),
                self.tr("Art"),
            ]
        )
        self.new_button.setText(self.tr("&Neu …"))
        self.edit_button.setText(self.tr("&Bearbeiten …"))
        self.deactivate_button.setText(self.tr("&Deaktivieren"))
        self.month_label.setText(self.tr("&Monat"))
        self.hours_model.setHorizontalHeaderLabels(
            [
                self.tr("Datum"),
                self.tr("Sprachmittler:in"),
                self.tr("Sachgebiet"),
                self.tr("Minuten"),
                self.tr("Kilometer"),
                self.tr("Betrag"),
                self.tr("Status"),
                self.tr("Geprüft von"),
                self.tr("Ausgezahlt am"),
            ]
        )
        self.list_model.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Tage"),
                self.tr("Einsätze"),
                self.tr("Stunden"),
                self.tr("Kilometer"),
                self.tr("Betrag"),
            ]
        )
        self.review_button.setText(self.tr("&Geprüft"))
        self.pay_button.setText(self.tr("Ausge&zahlt"))
        self.pdf_button.setText(self.tr("Als P&DF …"))
        self.csv_button.setText(self.tr("Als &CSV …"))

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        # Ctrl+6 and Enter: the page opens with its list in focus (the first request chosen).
        super().showEvent(event)
        self.focus_list()

    def focus_list(self) -> None:
        tables = (self.booking_table, self.pool_table, self.hours_table)
        tables[self.tabs.currentIndex()].setFocus()


def languages_text(m: Mediator) -> str:
    """ "Dari, Deutsch (fließend)": a mother tongue by its name, another with its level."""
    return ", ".join(
        catalog_label("language", x.code)
        + ("" if x.level == "native" else f" ({catalog_label('language_level', x.level)})")
        for x in m.languages
    )


def _short_place(code: str) -> str:
    """ "Dezentrale Sprechstunde Lützen (Rathaus)" -> "Lützen": the areas column stays short."""
    label = catalog_label("location", code)
    for prefix in ("Dezentrale Sprechstunde ", "Landratsamt, Standort ", "Landratsamt "):
        if label.startswith(prefix):
            label = label[len(prefix) :]
    return label.split(" (")[0]


def _write_allowance(kind: str, allowance, month: str, path: Path, today) -> Path:
    """(worker) The allowance list written as PDF or CSV."""
    if kind == "pdf":
        return allowance_print.write_pdf(allowance, month, path, today)
    return allowance_print.write_csv(allowance, path)
