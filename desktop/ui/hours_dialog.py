"""The maintainers' dialog of a consulting hour (issue 20): which unit, where, which kind, the
weekdays and times (or an iCal rule), from when to when, the days it is cancelled and the
single days it is held besides.

Only the maintainers of the directory get here (desktop.ui.hours_view offers the buttons to
them alone); the dialog asks the rules again before it saves, and the server is the gate. An
edit saves only what the user changed (desktop.store.offers). Bad input is shown in German
beside its field; nothing is saved half. Ctrl+Enter saves, Esc asks before typed input goes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile import catalogs
from casefile.records import ConsultingHours, OfferHours
from desktop.store import consulting_hours as hours_store
from desktop.ui.context import AppContext
from desktop.ui.forms import (
    CatalogCombo,
    DateEdit,
    ErrorLabel,
    OptionalDate,
    compact_combo,
    ui_language,
)
from desktop.ui.offer_dialog import _RecordDialog
from desktop.ui.offer_rows import HoursRow


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DateList(QWidget):
    """A list of single days (cancelled, or added): a date field, "hinzufügen", and the list
    with "entfernen" (Del removes the current day too)."""

    def __init__(self, name: str, today: dt.date, add_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = DateEdit(objectName=f"{name}Date", calendarPopup=True)
        self.edit.setDisplayFormat("dd.MM.yyyy")
        self.edit.setDate(_qdate(today))
        self.add = QPushButton(add_text, objectName=f"{name}Add", autoDefault=False)
        self.remove = QPushButton(self.tr("Entfernen"), objectName=f"{name}Remove")
        self.remove.setAutoDefault(False)
        self.list = QListWidget(objectName=f"{name}List")
        self.list.setMaximumHeight(110)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.edit, 0, 0)
        grid.addWidget(self.add, 0, 1)
        grid.addWidget(self.list, 1, 0)
        grid.addWidget(self.remove, 1, 1, Qt.AlignmentFlag.AlignTop)
        self.add.clicked.connect(self.add_current)
        self.edit.lineEdit().returnPressed.connect(self.add_current)
        self.remove.clicked.connect(self.remove_current)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Delete and self.list.hasFocus():
            self.remove_current()
            return
        super().keyPressEvent(event)

    def add_current(self) -> None:
        day = self.edit.date().toPython()
        self.set_values([*self.values(), day])
        self.edit.setFocus()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def values(self) -> list[dt.date]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def set_values(self, days: list[dt.date]) -> None:
        self.list.clear()
        for day in sorted(set(days)):
            item = QListWidgetItem(f"{_WD[day.weekday()]} {day:%d.%m.%Y}")
            item.setData(Qt.ItemDataRole.UserRole, day)
            self.list.addItem(item)  # (the form's fingerprint counts the rows)


_WD = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


class PlaceCombo(QComboBox):
    """The county's places by their town first ("Nebra (Unstrut) – Dezentrale Sprechstunde
    …"): typing "Neb" finds Nebra, as in the directory's filter."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("hoursLocation")
        self.addItem("—", "")
        lang = ui_language()
        entries = []
        for e in catalogs.load("location").entries:
            town = str(e.extra.get("town") or "")
            label = e.label(lang)
            entries.append((f"{town} – {label}" if town else label, e.code))
        for label, code in sorted(entries, key=lambda x: x[0].casefold()):
            self.addItem(label, code)
        compact_combo(self, 30)

    def code(self) -> str:
        return self.currentData() or ""

    def set_code(self, code: str) -> None:
        self.setCurrentIndex(max(0, self.findData(code)))


class HoursDialog(_RecordDialog):
    """A consulting hour (see the module docstring); never deleted, deactivated."""

    kind = "consulting_hours"

    def __init__(self, ctx: AppContext, hours_id: str | None = None, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setObjectName("hoursDialog")
        self.hours_id = hours_id
        today = ctx.today()
        form = QFormLayout()
        self.unit = self._field(
            form, self.tr("&Sachgebiet"), "unit", compact_combo(CatalogCombo("unit"), 24)
        )
        self.unit.setObjectName("hoursUnit")
        self.location = self._field(form, self.tr("&Ort"), "location", PlaceCombo())
        self.kind_combo = self._field(
            form, self.tr("&Art"), "kind", CatalogCombo("consulting_hours_kind")
        )
        self.kind_combo.setObjectName("hoursKind")
        self.times = HoursRow()
        self.times.remove.hide()
        self.times.note.setPlaceholderText(self.tr("Hinweis, z. B. im Bürgerhaus, 1. OG"))
        times_error = ErrorLabel()
        caption = QLabel(self.tr("&Wann"))
        # (a label's mnemonic would click a box buddy: the rule field takes the focus; from the
        # kind above, Tab leads into the weekday boxes)
        caption.setBuddy(self.times.rule)
        box = QWidget()
        box_lay = QVBoxLayout(box)
        box_lay.setContentsMargins(0, 0, 0, 0)
        box_lay.setSpacing(1)
        box_lay.addWidget(self.times)
        box_lay.addWidget(times_error)
        form.addRow(caption, box)
        self.errors.register("rrule", self.times.rule, times_error)
        self.errors.register("closes", self.times.closes, times_error)
        self.errors.register("note", self.times.note, times_error)
        self.valid_from = self._field(
            form,
            self.tr("Gültig a&b"),
            "valid_from",
            DateEdit(objectName="hoursValidFrom", calendarPopup=True),
        )
        self.valid_from.setDisplayFormat("dd.MM.yyyy")
        self.valid_from.setDate(_qdate(today))
        self.valid_until = self._field(
            form, self.tr("Gültig b&is"), "valid_until", OptionalDate(self.tr("befristet bis"))
        )
        self.valid_until.setObjectName("hoursValidUntil")

        days = QHBoxLayout()
        self.exceptions = DateList("hoursExceptions", today, self.tr("Ausfall &hinzufügen"))
        self.extra_dates = DateList("hoursExtra", today, self.tr("Termin hin&zufügen"))
        for title, name, widget in (
            (self.tr("Fällt aus am"), "exceptions", self.exceptions),
            (self.tr("Zusätzlich am"), "extra_dates", self.extra_dates),
        ):
            group = QGroupBox(title)
            error = ErrorLabel()
            lay = QVBoxLayout(group)
            lay.addWidget(widget)
            lay.addWidget(error)
            days.addWidget(group)
            self.errors.register(name, widget.add, error)
        self.inactive = QCheckBox(
            self.tr("&Deaktiviert (erscheint nirgends mehr; wird nie gelöscht)"),
            objectName="hoursInactive",
        )
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(days)
        lay.addWidget(self.inactive)
        lay.addStretch(1)
        lay.addWidget(self.save_error)
        lay.addWidget(self.buttons)
        self.resize(860, 540)
        if hours_id is None:
            self.setWindowTitle(self.tr("Neue Sprechstunde"))
            self.mark_clean()
        else:
            self.setWindowTitle(self.tr("Sprechstunde bearbeiten"))
            self.save_button.setEnabled(False)
            ctx.ops.read(hours_store.snapshot, ctx.store, hours_id, on_done=self._loaded)
        self.unit.setFocus()

    def _loaded(self, snap) -> None:
        self.save_button.setEnabled(True)
        if snap is None:
            self._fail(self.tr("Diese Sprechstunde ist auf diesem Gerät nicht (mehr) vorhanden."))
            self.save_button.setEnabled(False)
            return
        self.snapshot = snap
        h: ConsultingHours = snap.record
        self.unit.set_code(h.unit)
        self.location.set_code(h.location)
        self.kind_combo.set_code(h.kind)
        self.times.rule.setText(h.rrule)
        self.times.note.setText(h.note)
        from PySide6.QtCore import QTime

        for edit, text in ((self.times.opens, h.opens), (self.times.closes, h.closes)):
            t = QTime.fromString(text, "HH:mm")
            if t.isValid():
                edit.setTime(t)
        self.times._rule_typed()
        if h.valid_from:
            self.valid_from.setDate(_qdate(h.valid_from))
        self.valid_until.set_value(h.valid_until)
        self.exceptions.set_values(h.exceptions)
        self.extra_dates.set_values(h.extra_dates)
        self.inactive.setChecked(not h.active)
        self.mark_clean()

    def record(self) -> ConsultingHours:
        base = (
            self.snapshot.record
            if self.snapshot is not None
            else ConsultingHours(unit="", location="")
        )
        times: OfferHours = self.times.value()
        return dataclasses.replace(
            base,
            unit=self.unit.code(),
            location=self.location.code(),
            kind=self.kind_combo.code(),
            rrule=times.rrule,
            opens=times.opens_at,
            closes=times.closes_at,
            valid_from=self.valid_from.date().toPython(),
            valid_until=self.valid_until.value(),
            exceptions=self.exceptions.values(),
            extra_dates=self.extra_dates.values(),
            note=times.note,
            active=not self.inactive.isChecked(),
        )

    def store_call(self):
        return hours_store.save
