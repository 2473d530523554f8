"""Building blocks shared by the forms: catalog pickers, optional dates, inline field errors."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QMargins, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from casefile import catalogs
from casefile.validation import FieldError


def ui_language() -> str:
    app = QCoreApplication.instance()
    return (app.property("mia_language") if app else None) or "de"


def catalog_label(catalog: str, code: str) -> str:
    if not code:
        return ""
    return catalogs.load(catalog).label(code, ui_language())


def error_text(error: FieldError) -> str:
    """The translated message of a validation error."""
    template = QCoreApplication.translate("validation", error.template)
    try:
        return template.format(**error.params)
    except (KeyError, IndexError):
        return template


def refusal_text(refusal) -> str:
    """The translated sentence of a :class:`desktop.permissions.Refusal`: what the rules do
    not allow, why, and who may."""
    return refusal.text(lambda text: QCoreApplication.translate("permissions", text))


class CatalogCombo(QComboBox):
    """A combo box over one catalog; ``code()`` / ``set_code()``; type to filter."""

    def __init__(
        self,
        catalog: str,
        *,
        allow_empty: bool = False,
        common_first: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.catalog = catalog
        self.setEditable(False)
        lang = ui_language()
        entries = list(catalogs.load(catalog).entries)
        if common_first:
            entries.sort(key=lambda e: (not e.extra.get("common"), e.label(lang)))
        if allow_empty:
            self.addItem("—", "")
        for e in entries:
            self.addItem(e.label(lang), e.code)

    def code(self) -> str:
        return self.currentData() or ""

    def set_code(self, code: str) -> None:
        idx = self.findData(code or "")
        if idx >= 0:
            self.setCurrentIndex(idx)

    def restrict(self, codes: list[str], first: tuple[str, ...] = ()) -> None:
        """Offer only *codes* (in catalog order, those in *first* before the rest), keeping
        the current choice if it is still offered."""
        current = self.code()
        lang = ui_language()
        offered = set(codes)
        entries = [e for e in catalogs.load(self.catalog).entries if e.code in offered]
        entries.sort(key=lambda e: e.code not in first)
        self.blockSignals(True)
        self.clear()
        for e in entries:
            self.addItem(e.label(lang), e.code)
        self.blockSignals(False)
        self.set_code(current if current in offered else (entries[0].code if entries else ""))
        self.setEnabled(len(entries) > 1)


class CatalogCheckList(QListWidget):
    """A checkable list of catalog entries (e.g. the consultation's topics)."""

    codes_changed = Signal()

    def __init__(self, catalog: str, parent: QWidget | None = None, columns: int = 1):
        super().__init__(parent)
        self.catalog = catalog
        lang = ui_language()
        for e in catalogs.load(catalog).entries:
            item = QListWidgetItem(e.label(lang))
            item.setData(Qt.ItemDataRole.UserRole, e.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        if columns > 1:
            self.setFlow(QListWidget.Flow.LeftToRight)
            self.setWrapping(True)
            self.setResizeMode(QListWidget.ResizeMode.Adjust)
            hint = self.sizeHintForIndex(self.model().index(0, 0))
            self.setGridSize(hint.grownBy(QMargins(0, 0, 60, 4)))
        self.itemChanged.connect(lambda _item: self.codes_changed.emit())
        self.itemActivated.connect(self._toggle)

    def _toggle(self, item: QListWidgetItem) -> None:
        item.setCheckState(
            Qt.CheckState.Unchecked
            if item.checkState() == Qt.CheckState.Checked
            else Qt.CheckState.Checked
        )

    def keyPressEvent(self, event) -> None:  # space toggles the current item
        if event.key() == Qt.Key.Key_Space and self.currentItem():
            self._toggle(self.currentItem())
            return
        super().keyPressEvent(event)

    def codes(self) -> list[str]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_codes(self, codes) -> None:
        wanted = set(codes or ())
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(
                Qt.CheckState.Checked
                if item.data(Qt.ItemDataRole.UserRole) in wanted
                else Qt.CheckState.Unchecked
            )


class DateEdit(QDateEdit):
    """A date field that Tab leaves. Qt's date edit first walks its day, month and year with
    Tab, so two Tabs never reached the next field and what was typed then went into the date;
    typing a date moves from day to month to year by itself, Left and Right move too."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class DateTimeEdit(QDateTimeEdit):
    """A date-and-time field that Tab leaves (see :class:`DateEdit`)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class OptionalDate(QWidget):
    """A date edit with a checkbox: unchecked means "no date"."""

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(label)
        self.edit = DateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd.MM.yyyy")
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(lambda _v: self.changed.emit())
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        lay.addWidget(self.check)
        lay.addWidget(self.edit)
        lay.addStretch(1)

    def value(self) -> dt.date | None:
        return self.edit.date().toPython() if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


class ErrorLabel(QLabel):
    """A red message under a field; hidden while the field is valid."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.hide()

    def show_errors(self, messages: list[str]) -> None:
        self.setText("\n".join(messages))
        self.setVisible(bool(messages))


class FormErrors:
    """Maps record field names to the widgets and error labels of a form."""

    def __init__(self):
        self._fields: dict[str, tuple[QWidget, ErrorLabel]] = {}

    def add_row(
        self,
        grid: QGridLayout,
        row: int,
        label: str,
        field: str,
        widget: QWidget,
        col: int = 0,
        span: int = 1,
    ) -> int:
        """Add ``label: widget`` and its error label to *grid*; returns the next free row."""
        lab = QLabel(label)
        lab.setBuddy(widget)
        grid.addWidget(lab, row, col, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(widget, row, col + 1, 1, span)
        err = ErrorLabel()
        grid.addWidget(err, row + 1, col + 1, 1, span)
        self._fields[field] = (widget, err)
        return row + 2

    def register(self, field: str, widget: QWidget, label: ErrorLabel) -> None:
        self._fields[field] = (widget, label)

    def clear(self) -> None:
        for widget, label in self._fields.values():
            label.show_errors([])
            widget.setProperty("invalid", False)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def show(self, errors: list[FieldError]) -> list[FieldError]:
        """Mark the fields; returns the errors that have no field in this form."""
        self.clear()
        by_field: dict[str, list[str]] = {}
        rest = []
        for e in errors:
            if e.field in self._fields:
                by_field.setdefault(e.field, []).append(error_text(e))
            else:
                rest.append(e)
        first = None
        for name, messages in by_field.items():
            widget, label = self._fields[name]
            label.show_errors(messages)
            widget.setProperty("invalid", True)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
            first = first or widget
        if first is not None:
            first.setFocus()
        return rest

    def show_all(self, errors: list[FieldError], line: ErrorLabel) -> None:
        """Mark the fields (:meth:`show`) and put the messages of the errors no field of this
        form shows on *line*, the form's own message line."""
        line.show_errors([error_text(e) for e in self.show(errors)])


def tr_text(owner: QWidget, setter, source: str) -> None:
    """Apply ``owner.tr(source)`` through *setter* now and again on every language switch.

    Mark *source* with ``QT_TRANSLATE_NOOP("<class of owner>", ...)`` so lupdate finds it in the
    context ``owner.tr`` looks up (pyside6-lupdate puts a bare ``QT_TR_NOOP`` in an empty context);
    :func:`retranslate` re-applies all.
    """
    texts = owner.__dict__.setdefault("_tr_texts", [])
    texts.append((setter, source))
    setter(owner.tr(source))


def retranslate(owner: QWidget) -> None:
    """Re-apply the texts registered with :func:`tr_text` (call from ``retranslateUi``)."""
    for setter, source in owner.__dict__.get("_tr_texts", []):
        setter(owner.tr(source))


class Translatable:
    """Mixin for widgets: on a live language switch, ``retranslateUi`` re-applies their texts."""

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def retranslateUi(self) -> None:
        retranslate(self)


def compact_combo(combo: QComboBox, chars: int = 14) -> QComboBox:
    """Let a combo box with long entries (countries, statuses) shrink with its column; the popup
    stays wide enough to read them."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 32)
    return combo
