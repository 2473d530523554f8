"""The repeating parts of the offer dialog: languages with a note, places (a catalog location or
an address) and recurring times (weekday boxes with two times, or a rule typed by an expert),
each a row with its own "Entfernen", in a list with "hinzufügen"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from casefile import offer_text, schedule
from casefile.records import OfferHours, OfferLanguage, OfferPlace
from desktop.ui.forms import CatalogCombo, compact_combo

DAY_LABELS = (
    QT_TRANSLATE_NOOP("HoursRow", "Mo"),
    QT_TRANSLATE_NOOP("HoursRow", "Di"),
    QT_TRANSLATE_NOOP("HoursRow", "Mi"),
    QT_TRANSLATE_NOOP("HoursRow", "Do"),
    QT_TRANSLATE_NOOP("HoursRow", "Fr"),
    QT_TRANSLATE_NOOP("HoursRow", "Sa"),
    QT_TRANSLATE_NOOP("HoursRow", "So"),
)


class _Row(QWidget):
    removed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.remove = QPushButton(self.tr("Entfernen"))
        self.remove.setAutoDefault(False)
        self.remove.clicked.connect(lambda: self.removed.emit(self))

    def first(self) -> QWidget:
        raise NotImplementedError


class LanguageRow(_Row):
    """A language the offer is held in, with a note (e.g. "mit Sprachmittlung nach Absprache":
    the directory ranks a language with a note below one spoken by the staff)."""

    def __init__(self, value: OfferLanguage | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.code = compact_combo(CatalogCombo("language", common_first=True), 14)
        self.code.setObjectName("offerLanguageCode")
        self.note = QLineEdit(objectName="offerLanguageNote", maxLength=200)
        self.note.setPlaceholderText(self.tr("Hinweis, z. B. mit Sprachmittlung nach Absprache"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.code)
        lay.addWidget(self.note, 1)
        lay.addWidget(self.remove)
        if value is not None:
            self.code.set_code(value.code)
            self.note.setText(value.note)

    def first(self) -> QWidget:
        return self.code

    def value(self) -> OfferLanguage:
        return OfferLanguage(self.code.code(), self.note.text().strip())


class PlaceRow(_Row):
    """Where the offer is held: a place of the county's catalog (its coordinates give the
    distance), or an address (only its town counts for the distance)."""

    def __init__(self, value: OfferPlace | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.location = compact_combo(CatalogCombo("location", allow_empty=True), 18)
        self.location.setObjectName("offerPlaceLocation")
        self.name = QLineEdit(objectName="offerPlaceName", maxLength=200)
        self.address = QLineEdit(objectName="offerPlaceAddress", maxLength=300)
        self.postal_code = QLineEdit(objectName="offerPlacePostalCode", maxLength=10)
        self.postal_code.setMaximumWidth(70)
        self.city = QLineEdit(objectName="offerPlaceCity", maxLength=100)
        self.name.setPlaceholderText(self.tr("Bezeichnung (optional)"))
        self.address.setPlaceholderText(self.tr("Straße und Hausnummer"))
        self.postal_code.setPlaceholderText(self.tr("PLZ"))
        self.city.setPlaceholderText(self.tr("Ort"))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 6)
        grid.addWidget(QLabel(self.tr("Ort aus der Liste")), 0, 0)
        grid.addWidget(self.location, 0, 1)
        grid.addWidget(self.name, 0, 2, 1, 2)
        grid.addWidget(self.remove, 0, 4)
        grid.addWidget(QLabel(self.tr("oder Anschrift")), 1, 0)
        grid.addWidget(self.address, 1, 1)
        grid.addWidget(self.postal_code, 1, 2)
        grid.addWidget(self.city, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 1)
        if value is not None:
            self.location.set_code(value.location)
            self.name.setText(value.name)
            self.address.setText(value.address)
            self.postal_code.setText(value.postal_code)
            self.city.setText(value.city)

    def first(self) -> QWidget:
        return self.location

    def value(self) -> OfferPlace:
        return OfferPlace(
            name=self.name.text().strip(),
            location=self.location.code(),
            address=self.address.text().strip(),
            postal_code=self.postal_code.text().strip(),
            city=self.city.text().strip(),
        )


class HoursRow(_Row):
    """A recurring time: weekday boxes and from/to make a weekly rule (shown in the rule field);
    an expert may type any iCal rule instead (the boxes then show its days where it is a plain
    weekly one, else none). Below, the time in words as the directory will show it."""

    def __init__(self, value: OfferHours | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.days = [QCheckBox(self.tr(label)) for label in DAY_LABELS]
        for box, code in zip(self.days, schedule.DAYS):
            box.setObjectName(f"offerDay{code}")
        self.opens = QTimeEdit(QTime(9, 0), objectName="offerOpens")
        self.closes = QTimeEdit(QTime(12, 0), objectName="offerCloses")
        for edit in (self.opens, self.closes):
            edit.setDisplayFormat("HH:mm")
        self.rule = QLineEdit(objectName="offerRule", maxLength=300)
        self.rule.setPlaceholderText(self.tr("Regel (iCal RRULE), z. B. FREQ=MONTHLY;BYDAY=1TU"))
        self.note = QLineEdit(objectName="offerHoursNote", maxLength=200)
        self.note.setPlaceholderText(self.tr("Hinweis (optional)"))
        self.said = QLabel(objectName="offerHoursText")
        top = QHBoxLayout()
        for box in self.days:
            top.addWidget(box)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("von")))
        top.addWidget(self.opens)
        top.addWidget(QLabel(self.tr("bis")))
        top.addWidget(self.closes)
        top.addStretch(1)
        top.addWidget(self.remove)
        second = QHBoxLayout()
        second.addWidget(self.rule, 2)
        second.addWidget(self.note, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 6)
        lay.addLayout(top)
        lay.addLayout(second)
        lay.addWidget(self.said)
        if value is not None:
            self.rule.setText(value.rrule)
            self.note.setText(value.note)
            for edit, text in ((self.opens, value.opens_at), (self.closes, value.closes_at)):
                t = QTime.fromString(text, "HH:mm")
                if t.isValid():
                    edit.setTime(t)
            self._rule_typed()
        for box in self.days:
            box.toggled.connect(self._days_ticked)
        self.rule.textEdited.connect(lambda _t: self._rule_typed())
        for edit in (self.opens, self.closes):
            edit.timeChanged.connect(lambda _t: self._say())
        self.note.textChanged.connect(lambda _t: self._say())
        self._say()

    def first(self) -> QWidget:
        return self.days[0]

    def _days_ticked(self, _checked: bool = False) -> None:
        chosen = [code for box, code in zip(self.days, schedule.DAYS) if box.isChecked()]
        self.rule.setText(schedule.weekly_rule(chosen))
        self._say()

    def _rule_typed(self) -> None:
        days = schedule.weekly_days(self.rule.text()) or []
        for box, code in zip(self.days, schedule.DAYS):
            box.blockSignals(True)
            box.setChecked(code in days)
            box.blockSignals(False)
        self._say()

    def _say(self) -> None:
        value = self.value()
        self.said.setText(offer_text.hours_text(value) if value.rrule else "")

    def value(self) -> OfferHours:
        return OfferHours(
            rrule=self.rule.text().strip(),
            opens_at=self.opens.time().toString("HH:mm"),
            closes_at=self.closes.time().toString("HH:mm"),
            note=self.note.text().strip(),
        )


class RowList(QWidget):
    """Rows of one kind and a button that adds one (focused at once, for the keyboard)."""

    changed = Signal()

    def __init__(self, make: Callable[..., _Row], add_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.make = make
        self.rows: list[_Row] = []
        self.box = QVBoxLayout()
        self.box.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(add_text)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add(focus=True))
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self.box)
        lay.addLayout(bar)

    def add(self, value=None, focus: bool = False) -> _Row:
        row = self.make(value)
        row.removed.connect(self._remove)
        self.box.addWidget(row)
        self.rows.append(row)
        if focus:
            row.first().setFocus()
        self.changed.emit()
        return row

    def _remove(self, row: _Row) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        self.box.removeWidget(row)
        row.hide()
        row.deleteLater()
        following = self.rows[index] if index < len(self.rows) else None
        (following.first() if following is not None else self.add_button).setFocus()
        self.changed.emit()

    def set_values(self, values) -> None:
        for row in list(self.rows):
            self.box.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for v in values:
            self.add(v)

    def values(self) -> list:
        return [row.value() for row in self.rows]
