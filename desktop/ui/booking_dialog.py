"""Sprachmittlung anfragen / zuweisen: a booking of a language mediator.

From the consultation form or a walk-in ticket the asking unit's user fills in language,
date and time (next week by default), duration, setting and place, and saves it as
*angefragt*: the pool's unit assigns a mediator. A user who sees the pool (the rules decide,
desktop.mediation_access) picks a mediator right here, from those who fit (language, setting,
place, availability), and sees before booking what speaks against one: a vetting item
expired or missing (an expired confidentiality declaration is named), a relative or household
member of the client. On the pool page the same dialog assigns a mediator to a request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casefile import catalogs, codec, mediation, validation
from casefile.records import MediatorBooking
from desktop import mediation_access as access
from desktop.store import mediation as pool_store
from desktop.ui.context import AppContext
from desktop.ui.form_keys import install_save_keys
from desktop.ui.formatting import datetime_text
from desktop.ui.forms import (
    CatalogCombo,
    DateTimeEdit,
    ErrorLabel,
    FormErrors,
    catalog_label,
    compact_combo,
    refusal_text,
)
from desktop.ui.save_flow import SaveFailure

NEXT_WEEK = 7  # a request goes at least five working days ahead (the pools' rule)
DEFAULT_HOUR = 10
ROLE = Qt.ItemDataRole.UserRole


def next_week(today: dt.date) -> QDateTime:
    """A week ahead at ten, on a working day (a Saturday or Sunday moves to the Monday)."""
    day = today + dt.timedelta(days=NEXT_WEEK)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return QDateTime(QDate(day.year, day.month, day.day), QTime(DEFAULT_HOUR, 0))


class BookingDialog(SaveFailure, QDialog):
    """Ask for a mediator (new booking) or assign one to a booking (*booking* given)."""

    saved = Signal(object)  # the MediatorBooking as written

    def __init__(
        self,
        ctx: AppContext,
        *,
        client_id: str | None = None,
        client_name: str = "",
        language: str = "",
        unit: str = "",
        location: str = "",
        ticket_id: str | None = None,
        consultation_id: str | None = None,
        booking: MediatorBooking | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("bookingDialog")
        self.ctx, self.existing = ctx, booking
        self.client_id = booking.client_id if booking else client_id
        self.client_name = client_name
        self.ticket_id = booking.ticket_id if booking else ticket_id
        self.consultation_id = booking.consultation_id if booking else consultation_id
        self.sees_pool = access.sees_pool(ctx.permissions)
        self.candidates: list[mediation.Candidate] = []
        self._saving = False
        self.errors = FormErrors()
        self._make_widgets()
        self._layout()
        self._prefill(booking, language, unit, location)
        self._connect()
        self.retranslateUi()
        self._load_candidates()
        self.load_open()
        (self.mediators if booking else self.language).setFocus()

    # --- construction ---------------------------------------------------------------------

    def _make_widgets(self) -> None:
        self.who = QLabel(objectName="bookingClient")
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.language = compact_combo(
            CatalogCombo("language", common_first=True), 18
        )  # (prefilled from the client or the ticket)
        self.language.setObjectName("bookingLanguage")
        self.starts_at = DateTimeEdit(
            next_week(self.ctx.today()),
            objectName="bookingStartsAt",
            displayFormat="dd.MM.yyyy HH:mm",
            calendarPopup=True,
        )
        self.duration = QSpinBox(
            objectName="bookingDuration", minimum=15, maximum=600, singleStep=15, value=60
        )
        self.setting = CatalogCombo("mediation_setting")
        self.setting.setObjectName("bookingSetting")
        self.location = compact_combo(CatalogCombo("location", allow_empty=True), 18)
        self.location.setObjectName("bookingLocation")
        self.address = QLineEdit(objectName="bookingAddress", maxLength=500)
        self.unit = compact_combo(CatalogCombo("unit"), 18)
        self.unit.setObjectName("bookingUnit")
        self.note = QLineEdit(objectName="bookingNote", maxLength=2000)
        self.mediators = QListWidget(objectName="bookingMediators")
        self.mediators.setMinimumHeight(150)
        self.warnings = QLabel(objectName="bookingWarnings", wordWrap=True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setStyleSheet("color: #9a3412;")
        self.confirm = QCheckBox(objectName="bookingConfirm")
        self.form_error = ErrorLabel()
        self.form_error.setObjectName("bookingError")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("bookingSave")
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self._labels: dict[str, QLabel] = {}
        # This person's (or ticket's) bookings still open: cancelled or marked no-show here by
        # the unit that asked (the pool's page does the same for every unit).
        self.open_box = QGroupBox()
        self.open_list = QListWidget(objectName="bookingOpen")
        self.open_list.setMaximumHeight(70)
        self.cancel_open = QPushButton(objectName="bookingCancelOpen")
        self.no_show_open = QPushButton(objectName="bookingNoShowOpen")
        for b in (self.cancel_open, self.no_show_open):
            b.setAutoDefault(False)

    def _row(self, grid: QGridLayout, row: int, col: int, field: str, widget: QWidget) -> None:
        label = QLabel()
        label.setBuddy(widget)
        grid.addWidget(label, row, col)
        grid.addWidget(widget, row, col + 1)
        err = ErrorLabel()
        grid.addWidget(err, row + 1, col + 1)
        self.errors.register(field, widget, err)
        self._labels[field] = label

    def _layout(self) -> None:
        self.booking_box = QGroupBox()
        grid = QGridLayout(self.booking_box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._row(grid, 0, 0, "language", self.language)
        self._row(grid, 0, 2, "starts_at", self.starts_at)
        self._row(grid, 2, 0, "setting", self.setting)
        self._row(grid, 2, 2, "duration_min", self.duration)
        self._row(grid, 4, 0, "location", self.location)
        self._row(grid, 4, 2, "address", self.address)
        self._row(grid, 6, 0, "unit", self.unit)
        self._row(grid, 6, 2, "note", self.note)
        self.pool_box = QGroupBox()
        pool = QVBoxLayout(self.pool_box)
        pool.addWidget(self.mediators, 1)
        pool.addWidget(self.warnings)
        pool.addWidget(self.confirm)
        self.pool_box.setVisible(self.sees_pool)
        self.hint = QLabel(objectName="bookingHint", wordWrap=True)
        open_lay = QHBoxLayout(self.open_box)
        open_lay.addWidget(self.open_list, 1)
        open_buttons = QVBoxLayout()
        open_buttons.addWidget(self.cancel_open)
        open_buttons.addWidget(self.no_show_open)
        open_buttons.addStretch(1)
        open_lay.addLayout(open_buttons)
        self.open_box.hide()
        lay = QVBoxLayout(self)
        lay.addWidget(self.who)
        lay.addWidget(self.open_box)
        lay.addWidget(self.booking_box)
        lay.addWidget(self.pool_box, 1)
        lay.addWidget(self.hint)
        lay.addWidget(self.form_error)
        foot = QHBoxLayout()
        foot.addStretch(1)
        foot.addWidget(self.buttons)
        lay.addLayout(foot)
        for a, b in zip(
            order := [
                self.language,
                self.starts_at,
                self.setting,
                self.duration,
                self.location,
                self.address,
                self.unit,
                self.note,
                self.mediators,
                self.confirm,
                self.save_button,
                self.cancel_button,
                self.open_list,
                self.cancel_open,
                self.no_show_open,
            ],
            order[1:],
            strict=False,
        ):
            self.setTabOrder(a, b)
        self.resize(760, 600 if self.sees_pool else 360)

    def _prefill(self, booking, language: str, unit: str, location: str) -> None:
        rules = self.ctx.permissions
        units = access.writable_booking_units(rules, sorted(catalogs.load("unit").codes))
        if booking is not None:
            units = [booking.unit]
        elif not units:
            units = [self.ctx.settings.unit] if self.ctx.settings.unit else []
        self.unit.restrict(units, first=(unit or self.ctx.settings.unit, *rules.user.units))
        if unit:
            self.unit.set_code(unit)
        s = self.ctx.settings
        self.location.set_code(location or s.location_for(self.ctx.today()))
        if booking is None:
            if language:
                self.language.set_code(language)
            return
        self.language.set_code(booking.language)
        local = booking.starts_at.astimezone().replace(tzinfo=None)
        self.starts_at.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )
        self.duration.setValue(booking.duration_min)
        self.setting.set_code(booking.setting)
        self.location.set_code(booking.location)
        self.address.setText(booking.address)
        self.note.setText(booking.note)
        # Assigning: what the unit asked for stands; only the mediator is chosen here.
        for w in (
            self.language,
            self.starts_at,
            self.duration,
            self.setting,
            self.location,
            self.address,
            self.unit,
            self.note,
        ):
            w.setEnabled(False)

    def _connect(self) -> None:
        for signal in (
            self.language.currentIndexChanged,
            self.setting.currentIndexChanged,
            self.location.currentIndexChanged,
            self.starts_at.dateTimeChanged,
            self.duration.valueChanged,
        ):
            signal.connect(self._load_candidates)
        self.mediators.currentRowChanged.connect(self._chosen)
        self.open_list.currentRowChanged.connect(lambda _r: self._open_buttons())
        self.cancel_open.clicked.connect(lambda: self.set_open_status("cancelled"))
        self.no_show_open.clicked.connect(lambda: self.set_open_status("no_show"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        install_save_keys(self, self.save)

    def retranslateUi(self) -> None:
        if self.existing is not None:
            self.setWindowTitle(self.tr("Sprachmittlung zuweisen"))
        else:
            self.setWindowTitle(self.tr("Sprachmittlung anfragen"))
        self.who.setText(
            self.tr("Für: {name}").format(name=self.client_name)
            if self.client_name
            else self.tr("Für eine Person ohne Akte (Wartemarke)")
        )
        self.booking_box.setTitle(self.tr("Termin"))
        self.pool_box.setTitle(self.tr("Sprach&mittler:in (passend zu Sprache, Ort und Zeit)"))
        for field, text in (
            ("language", self.tr("Sp&rache")),
            ("starts_at", self.tr("&Datum, Uhrzeit")),
            ("setting", self.tr("Ein&satz")),
            ("duration_min", self.tr("Da&uer")),
            ("location", self.tr("&Ort")),
            ("address", self.tr("&Adresse")),
            ("unit", self.tr("Sach&gebiet")),
            ("note", self.tr("&Hinweis")),
        ):
            self._labels[field].setText(text)
        self.duration.setSuffix(self.tr(" Min."))
        self.address.setPlaceholderText(self.tr("nur bei aufsuchender Arbeit"))
        self.confirm.setText(self.tr("Hinweise gelesen, &trotzdem buchen"))
        self.open_box.setTitle(self.tr("Noch offen für diese Person"))
        self.cancel_open.setText(self.tr("A&bsagen"))
        self.no_show_open.setText(self.tr("Nicht &erschienen"))
        self.cancel_button.setText(self.tr("Abbrechen"))
        self.hint.setText(
            ""
            if self.sees_pool
            else self.tr(
                "Die Anfrage geht an den Sprachmittlerpool; dort wird eine Sprachmittlerin "
                "oder ein Sprachmittler zugewiesen. Den Namen sehen Sie danach hier."
            )
        )
        self._fill_list()
        self._chosen()

    # --- the person's open bookings ------------------------------------------------------

    def load_open(self) -> None:
        if self.existing is not None or not (self.client_id or self.ticket_id):
            return
        self.ctx.ops.read(
            pool_store.bookings,
            self.ctx.store,
            pool_store.OPEN,
            self.client_id,
            key=f"booking-open:{id(self)}",
            on_done=self._show_open,
        )

    def _show_open(self, rows: list[pool_store.BookingRow]) -> None:
        found = [
            r.booking
            for r in rows
            if (self.client_id and r.booking.client_id == self.client_id)
            or (self.ticket_id and r.booking.ticket_id == self.ticket_id)
        ]
        self.open_list.clear()
        for b in found:
            item = QListWidgetItem(booking_text(b))
            item.setData(ROLE, b)
            self.open_list.addItem(item)
        self.open_box.setVisible(bool(found))
        if found:
            self.open_list.setCurrentRow(0)
        self._open_buttons()

    def _open_buttons(self) -> None:
        item = self.open_list.currentItem()
        b = item.data(ROLE) if item is not None else None
        rules = self.ctx.permissions
        for button, status, allowed in (
            (self.cancel_open, "cancelled", pool_store.OPEN),
            (self.no_show_open, "no_show", ("booked",)),
        ):
            button.setEnabled(
                b is not None
                and b.status in allowed
                and access.may_change(
                    rules, "mediator_booking", b, dataclasses.replace(b, status=status)
                )
            )

    def set_open_status(self, status: str) -> None:
        item = self.open_list.currentItem()
        if item is None:
            return
        self.ctx.ops.write(
            pool_store.set_status,
            self.ctx.store,
            item.data(ROLE).id,
            status,
            on_done=lambda _b: self.load_open(),
            on_error=self._failed,
        )

    # --- candidates -----------------------------------------------------------------------

    def booking(self) -> MediatorBooking:
        """The booking as entered (not yet validated; no mediator)."""
        if self.existing is not None:
            return dataclasses.replace(self.existing)
        return MediatorBooking(
            language=self.language.code(),
            starts_at=self.starts_at.dateTime().toPython().astimezone(dt.UTC),
            unit=self.unit.code(),
            client_id=self.client_id,
            duration_min=self.duration.value(),
            setting=self.setting.code(),
            location=self.location.code(),
            address=self.address.text().strip(),
            requested_by=self.ctx.settings.user_name,
            consultation_id=self.consultation_id,
            ticket_id=self.ticket_id,
            note=self.note.text().strip(),
        )

    def _load_candidates(self, *_args) -> None:
        if not self.sees_pool:
            return
        self.ctx.ops.read(
            pool_store.candidates,
            self.ctx.store,
            self.booking(),
            key=f"booking-candidates:{id(self)}",
            on_done=self._show_candidates,
        )

    def _show_candidates(self, found: list[mediation.Candidate]) -> None:
        self.candidates = found
        self._fill_list()

    def _fill_list(self) -> None:
        if not self.sees_pool:
            return
        current = self.chosen()
        chosen_id = current.mediator.id if current else None
        self.mediators.blockSignals(True)
        self.mediators.clear()
        if self.existing is None:
            first = QListWidgetItem(self.tr("Nur anfragen – eine Sprachmittlung später zuweisen"))
            first.setData(ROLE, None)
            self.mediators.addItem(first)
        for c in self.candidates:
            m = c.mediator
            parts = [
                m.display_name,
                catalog_label("language_level", c.level),
                catalog_label("mediator_kind", m.kind),
                m.availability,
            ]
            text = " · ".join(p for p in parts if p)
            if c.warnings:
                text += "  ⚠ " + self.tr("{n} Hinweis(e)").format(n=len(c.warnings))
            item = QListWidgetItem(text)
            item.setData(ROLE, c)
            self.mediators.addItem(item)
        if not self.candidates:
            empty = QListWidgetItem(
                self.tr("Niemand im Pool passt zu Sprache, Einsatz, Ort und Zeit.")
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.mediators.addItem(empty)
        row = next(
            (
                i
                for i in range(self.mediators.count())
                if (c := self.mediators.item(i).data(ROLE)) is not None
                and c.mediator.id == chosen_id
            ),
            0,
        )
        self.mediators.setCurrentRow(row)
        self.mediators.blockSignals(False)
        self._chosen()

    def chosen(self) -> mediation.Candidate | None:
        item = self.mediators.currentItem()
        return item.data(ROLE) if item is not None else None

    def choose(self, mediator_id: str) -> bool:
        """Select the candidate *mediator_id* (tests, the keyboard walk); False if not offered."""
        for i in range(self.mediators.count()):
            c = self.mediators.item(i).data(ROLE)
            if c is not None and c.mediator.id == mediator_id:
                self.mediators.setCurrentRow(i)
                return True
        return False

    def _chosen(self, *_args) -> None:
        c = self.chosen()
        lines = [w.text for w in c.warnings] if c is not None else []
        self.warnings.setText("\n".join("⚠ " + line for line in lines))
        self.warnings.setVisible(bool(lines))
        self.confirm.setChecked(False)
        self.confirm.setVisible(bool(lines))
        if c is None:
            self.save_button.setText(self.tr("Anfragen"))
        else:
            self.save_button.setText(self.tr("Buchen"))

    def warning_texts(self) -> list[str]:
        c = self.chosen()
        return [w.text for w in c.warnings] if c is not None else []

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        if self._saving:
            return
        booking, c = self.booking(), self.chosen()
        if self.existing is not None and c is None:
            self.form_error.show_errors(
                [self.tr("Bitte eine Sprachmittlerin / einen Sprachmittler wählen.")]
            )
            return
        if c is not None and c.warnings and not self.confirm.isChecked():
            self.form_error.show_errors(
                [self.tr("Bitte die Hinweise prüfen und „trotzdem buchen“ bestätigen.")]
            )
            self.confirm.setFocus()
            return
        before = codec.encode(self.existing) if self.existing is not None else None
        if c is not None:
            booking.mediator_id = c.mediator.id
            booking.mediator_name = c.mediator.display_name
            booking.status = "booked"
        refusal = self.ctx.permissions.refusal("mediator_booking", before, codec.encode(booking))
        if refusal is not None:
            self.form_error.show_errors([refusal_text(refusal)])
            return
        errors = validation.validate(booking, self.ctx.today())
        self.errors.show_all(errors, self.form_error)
        if errors:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        if self.existing is not None:
            assert c is not None
            self.ctx.ops.write(
                pool_store.assign,
                self.ctx.store,
                booking.id,
                c.mediator,
                on_done=self._saved,
                on_error=self._failed,
            )
        else:
            self.ctx.ops.write(
                pool_store.request_booking,
                self.ctx.store,
                booking,
                on_done=lambda _id: self._saved(booking),
                on_error=self._failed,
            )

    def _saved(self, booking: MediatorBooking) -> None:
        self._saving = False
        self.result_booking = booking
        self.saved.emit(booking)
        self.accept()

    def _special_failure(self, exc: Exception) -> bool:
        if not isinstance(exc, pool_store.StaleBooking):
            return False
        status = catalog_label("booking_status", str(exc)) if str(exc) else ""
        self.form_error.show_errors(
            [
                self.tr(
                    "Die Buchung wurde inzwischen geändert ({status}). Bitte die Liste neu laden."
                ).format(status=status or self.tr("entfernt"))
            ]
        )
        return True

    def _failure_text(self, exc: Exception) -> str:
        return self.tr("Speichern fehlgeschlagen: {error}").format(error=exc)


def booking_text(booking: MediatorBooking) -> str:
    """One line for a booking: when, language, setting, who (German)."""
    parts = [
        datetime_text(booking.starts_at),
        catalog_label("language", booking.language),
        catalog_label("mediation_setting", booking.setting),
        booking.mediator_name or catalog_label("booking_status", booking.status),
    ]
    return " · ".join(p for p in parts if p)
