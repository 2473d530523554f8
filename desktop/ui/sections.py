"""Sections of the client file with their small forms: residence status, consents, follow-ups.

Each form says only which fields it has and how they make a record; validating, saving and
announcing the change is :class:`desktop.ui.record_form.RecordForm`'s job. The household
section lives in :mod:`desktop.ui.household`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile import catalogs, validation
from casefile.directory import Directory, check
from casefile.records import Consent, ResidenceStatus, Task, to_dict
from desktop.ui import refusals
from desktop.ui.formatting import date_text
from desktop.ui.forms import (
    CatalogCheckList,
    CatalogCombo,
    OptionalDate,
    Translatable,
    catalog_label,
    compact_combo,
    refusal_text,
    tr_text,
)
from desktop.ui.models import RowsModel
from desktop.ui.pickers import DirectoryPicker, own_directory, user_entries
from desktop.ui.record_form import FORM_STYLE, RecordForm, date_edit
from desktop.ui.tables import ColumnFit

EXPIRED = QColor("#b3261e")
ACTIVE = QColor("#1e6b34")
MUTED = QColor("#6b6f76")


def unit_or_name(value: str) -> str:
    """A consent recipient is a unit code or the name of an external body."""
    label = catalog_label("unit", value)
    return label or value


class ResidenceForm(RecordForm):
    kind = "residence_status"

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(
            ctx, QT_TRANSLATE_NOOP("ResidenceForm", "Aufenthaltsstatus erfassen"), parent
        )

    def _build(self) -> None:
        self.status = compact_combo(CatalogCombo("residence_status", allow_empty=True))
        self.status.setObjectName("residenceStatus")
        self.paragraph = QLineEdit()
        self.paragraph.setObjectName("residenceParagraph")
        tr_text(
            self,
            self.paragraph.setPlaceholderText,
            QT_TRANSLATE_NOOP("ResidenceForm", "z. B. § 24 AufenthG"),
        )
        self.valid_from = date_edit(self.ctx.today())
        self.valid_from.setObjectName("residenceValidFrom")
        self.valid_until = OptionalDate("")
        self.valid_until.setObjectName("residenceValidUntil")
        tr_text(
            self,
            self.valid_until.check.setText,
            QT_TRANSLATE_NOOP("ResidenceForm", "befristet bis"),
        )
        self.office = QLineEdit()
        self.status.currentIndexChanged.connect(self._status_changed)
        self._default_paragraph = ""
        self.add_row(QT_TRANSLATE_NOOP("ResidenceForm", "Status"), "status", self.status, 0)
        self.add_row(
            QT_TRANSLATE_NOOP("ResidenceForm", "Rechtsgrundlage"), "paragraph", self.paragraph, 1
        )
        self.add_row(
            QT_TRANSLATE_NOOP("ResidenceForm", "Gültig ab"), "valid_from", self.valid_from, 0
        )
        self.add_row(
            QT_TRANSLATE_NOOP("ResidenceForm", "Gültig bis"), "valid_until", self.valid_until, 1
        )
        self.add_row(
            QT_TRANSLATE_NOOP("ResidenceForm", "Ausstellende Behörde"),
            "issuing_office",
            self.office,
            0,
            span=3,
        )

    def _status_changed(self) -> None:
        # Offer the status's usual paragraph, without overwriting one the user typed.
        entry = catalogs.load("residence_status").get(self.status.code())
        extra = entry.extra if entry else {}
        default = extra.get("paragraph", "")
        if self.paragraph.text() in ("", self._default_paragraph):
            self.paragraph.setText(default)
        self._default_paragraph = default
        typical = extra.get("typical_paragraphs") or ([default] if default else [])
        self.paragraph.setCompleter(QCompleter(typical, self.paragraph) if typical else None)

    def reset(self) -> None:
        self.status.setCurrentIndex(0)
        self.paragraph.clear()
        self.valid_from.setDate(QDate(self.ctx.today()))
        self.valid_until.set_value(None)
        self.office.clear()

    def record(self) -> ResidenceStatus:
        return ResidenceStatus(
            self.client_id,
            self.status.code(),
            self.paragraph.text().strip(),
            self.valid_from.date().toPython(),
            self.valid_until.value(),
            self.office.text().strip(),
        )

    def store_call(self):
        return self.ctx.store.add_residence_status


class ConsentForm(RecordForm):
    kind = "consent"

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, QT_TRANSLATE_NOOP("ConsentForm", "Einwilligung erfassen"), parent)

    def _build(self) -> None:
        self.units = CatalogCheckList("unit")
        self.units.setObjectName("consentUnits")
        self.external = QLineEdit()
        self.external.setObjectName("consentExternal")
        tr_text(
            self,
            self.external.setPlaceholderText,
            QT_TRANSLATE_NOOP(
                "ConsentForm", "weitere Stellen, durch Komma getrennt (z. B. Caritas Naumburg)"
            ),
        )
        recipients = QWidget()
        rl = QVBoxLayout(recipients)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.units)
        rl.addWidget(self.external)
        self.categories = CatalogCheckList("data_category")
        self.categories.setObjectName("consentCategories")
        for lst in (self.units, self.categories):
            # All entries visible at once: ticking boxes in a scrolled list is easy to get wrong.
            # As wide as the longest entry, so no horizontal bar takes a row's room.
            frame = 2 * lst.frameWidth() + 4
            height = lst.sizeHintForRow(0) * lst.count() + frame
            lst.setFixedHeight(min(height, 260))
            bar = lst.verticalScrollBar().sizeHint().width() if height > 260 else 0
            lst.setMinimumWidth(lst.sizeHintForColumn(0) + frame + bar)
        self.purpose = QLineEdit()
        self.purpose.setObjectName("consentPurpose")
        self.given_on = date_edit(self.ctx.today())
        self.given_on.setObjectName("consentGivenOn")
        self.valid_until = OptionalDate("")
        tr_text(
            self, self.valid_until.check.setText, QT_TRANSLATE_NOOP("ConsentForm", "befristet bis")
        )
        self.reference = QLineEdit()
        tr_text(
            self,
            self.reference.setPlaceholderText,
            QT_TRANSLATE_NOOP("ConsentForm", "z. B. Formular-Nr. oder Ablageort"),
        )
        self.add_row(
            QT_TRANSLATE_NOOP("ConsentForm", "Empfangende Stellen"), "recipients", recipients, 0
        )
        self.add_row(
            QT_TRANSLATE_NOOP("ConsentForm", "Datenkategorien"), "categories", self.categories, 1
        )
        self.add_row(QT_TRANSLATE_NOOP("ConsentForm", "Zweck"), "purpose", self.purpose, 0, span=3)
        self.add_row(QT_TRANSLATE_NOOP("ConsentForm", "Erteilt am"), "given_on", self.given_on, 0)
        self.add_row(
            QT_TRANSLATE_NOOP("ConsentForm", "Gültig bis"), "valid_until", self.valid_until, 1
        )
        self.add_row(
            QT_TRANSLATE_NOOP("ConsentForm", "Unterschriebenes Formular"),
            "form_reference",
            self.reference,
            0,
            span=3,
        )

    def reset(self) -> None:
        self.units.set_codes([])
        self.external.clear()
        self.categories.set_codes([])
        self.purpose.clear()
        self.given_on.setDate(QDate(self.ctx.today()))
        self.valid_until.set_value(None)
        self.reference.clear()

    def record(self) -> Consent:
        external = [p.strip() for p in self.external.text().split(",") if p.strip()]
        return Consent(
            self.client_id,
            self.units.codes() + external,
            self.categories.codes(),
            self.purpose.text().strip(),
            self.given_on.date().toPython(),
            self.valid_until.value(),
            form_reference=self.reference.text().strip(),
        )

    def store_call(self):
        return self.ctx.store.add_consent


class TaskForm(RecordForm):
    kind = "task"

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, QT_TRANSLATE_NOOP("TaskForm", "Wiedervorlage anlegen"), parent)

    def _build(self) -> None:
        self.due = date_edit(self.ctx.today() + dt.timedelta(days=14))
        self.due.setObjectName("taskDue")
        self.text = QLineEdit()
        self.text.setObjectName("taskText")
        tr_text(
            self,
            self.text.setPlaceholderText,
            QT_TRANSLATE_NOOP("TaskForm", "z. B. Nachweis Mietvertrag anfordern"),
        )
        self.assignee = DirectoryPicker("taskAssignee")
        self.unit = compact_combo(CatalogCombo("unit", allow_empty=True))
        self.directory = Directory()
        # the unit follows the person chosen ("Name (Sachgebiet)"); it can be changed after
        self.assignee.currentIndexChanged.connect(self._assignee_chosen)
        self.ctx.ops.read(self.ctx.store.directory, on_done=self._directory_loaded)
        self.add_row(QT_TRANSLATE_NOOP("TaskForm", "Fällig am"), "due_date", self.due, 0, span=3)
        self.add_row(QT_TRANSLATE_NOOP("TaskForm", "Was ist zu tun?"), "text", self.text, 0, span=3)
        self.add_row(QT_TRANSLATE_NOOP("TaskForm", "Zuständig"), "assignee", self.assignee, 0)
        self.add_row(QT_TRANSLATE_NOOP("TaskForm", "Sachgebiet"), "assignee_unit", self.unit, 1)

    def _directory_loaded(self, found: Directory) -> None:
        self.directory = own_directory(found, self.ctx.settings.user_name, ())
        self.assignee.set_entries(user_entries(self.directory))
        if self.assignee.currentIndex() <= 0 and not self.assignee.currentText():
            self.assignee.set_name(self.ctx.settings.user_name, self.ctx.settings.unit)

    def _assignee_chosen(self, index: int) -> None:
        if index > 0 and self.assignee.unit():
            self.unit.set_code(self.assignee.unit())

    def reset(self) -> None:
        self.due.setDate(QDate(self.ctx.today() + dt.timedelta(days=14)))
        self.text.clear()
        self.unit.setCurrentIndex(0)
        self.assignee.set_name(self.ctx.settings.user_name, self.ctx.settings.unit)

    def record(self) -> Task:
        return Task(
            self.client_id,
            self.due.date().toPython(),
            self.text.text().strip(),
            self.assignee.name(),
            self.unit.code(),
        )

    def validate(self, record) -> list[validation.FieldError]:
        # a name typed that is in no pick list is refused here, not stored for nobody
        return validation.validate_task(record, self.ctx.today(), new=True) + check(
            self.directory, "task", None, to_dict(record)
        )

    def store_call(self):
        return self.ctx.store.add_task


class TaskDialog(QDialog):
    """A small dialog around :class:`TaskForm` ("Wiedervorlage")."""

    def __init__(self, ctx, client_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("taskDialog")
        self.setWindowTitle(self.tr("Wiedervorlage"))
        self.form = TaskForm(ctx)
        self.form.client_id = client_id
        self.form.setStyleSheet(FORM_STYLE + "#recordForm { background: transparent; border: 0; }")
        self.form.saved.connect(lambda _id: self.accept())
        # the form asked already (Esc or Abbrechen inside it)
        self.form.cancelled.connect(lambda: QDialog.reject(self))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.form)
        self.resize(560, self.sizeHint().height())
        self.form.focus_first()

    def reject(self) -> None:
        """Closing the window: the form asks before unsaved input is thrown away."""
        self.form.request_cancel()


# --- the section panels ---------------------------------------------------------------------


class ResidenceModel(RowsModel):
    headers = (
        QT_TRANSLATE_NOOP("models", "Status"),
        QT_TRANSLATE_NOOP("models", "Rechtsgrundlage"),
        QT_TRANSLATE_NOOP("models", "Gültig ab"),
        QT_TRANSLATE_NOOP("models", "Gültig bis"),
        QT_TRANSLATE_NOOP("models", "Ausstellende Behörde"),
    )

    def __init__(self, today, parent=None):
        super().__init__(parent)
        self.today = today

    def cell(self, row: ResidenceStatus, column: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                catalog_label("residence_status", row.status),
                row.paragraph,
                date_text(row.valid_from),
                date_text(row.valid_until),
                row.issuing_office,
            )[column]
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == 3
            and row.valid_until
            and row.valid_until < self.today()
        ):
            return QBrush(EXPIRED)
        return None


def consent_state(consent: Consent, today: dt.date) -> str:
    if consent.withdrawn_on and consent.withdrawn_on <= today:
        return "withdrawn"
    if consent.valid_until and consent.valid_until < today:
        return "expired"
    return "active" if consent.is_active(today) else "pending"


class ConsentModel(RowsModel):
    headers = (
        QT_TRANSLATE_NOOP("models", "Status"),
        QT_TRANSLATE_NOOP("models", "Empfänger"),
        QT_TRANSLATE_NOOP("models", "Daten"),
        QT_TRANSLATE_NOOP("models", "Zweck"),
        QT_TRANSLATE_NOOP("models", "Erteilt"),
        QT_TRANSLATE_NOOP("models", "Gültig bis"),
        QT_TRANSLATE_NOOP("models", "Widerruf"),
    )
    STATES = {
        "active": QT_TRANSLATE_NOOP("models", "gültig"),
        "expired": QT_TRANSLATE_NOOP("models", "abgelaufen"),
        "withdrawn": QT_TRANSLATE_NOOP("models", "widerrufen"),
        "pending": QT_TRANSLATE_NOOP("models", "noch nicht gültig"),
    }

    def __init__(self, today, parent=None):
        super().__init__(parent)
        self.today = today

    def cell(self, row: Consent, column: int, role):
        state = consent_state(row, self.today())
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self.tr_state(state)
            return (
                None,
                ", ".join(unit_or_name(r) for r in row.recipients),
                ", ".join(catalog_label("data_category", c) for c in row.categories),
                row.purpose,
                date_text(row.given_on),
                date_text(row.valid_until),
                date_text(row.withdrawn_on),
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(
                ACTIVE if state == "active" else EXPIRED if state == "withdrawn" else MUTED
            )
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 2, 3):
            return self.cell(row, column, Qt.ItemDataRole.DisplayRole)
        return None

    def tr_state(self, state: str) -> str:
        return QCoreApplication.translate("models", self.STATES[state])


class SectionPanel(Translatable, QWidget):
    """A section tab: a hint, an add button, the records as a table, and the add form."""

    def __init__(
        self,
        model: RowsModel,
        form: QWidget | None,
        hint: str,
        add_text: str,
        stretch: tuple[int, ...] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        # Qt must own the model: a model only Python holds can be collected while its view
        # still paints it (a crash in the event loop, seen once in a few full test runs).
        model.setParent(self)
        self.model, self.form = model, form
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #646a73;")
        tr_text(self, self.hint.setText, hint)
        self.add_button = QPushButton()
        tr_text(self, self.add_button.setText, add_text)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Dates and states keep their width; the free-text columns share the rest (and elide),
        # never narrower than their header: where the tab is too narrow, the table scrolls.
        self.column_fit = ColumnFit(self.table, stretch)
        self.table.setMinimumHeight(header.sizeHint().height() + 3 * 30)
        # Where the rules do not let the user record this (the residence status is the
        # immigration office's): no add button, and a line saying who does.
        self.refused = QLabel()
        self.refused.setObjectName("sectionRefused")
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet("color: #646a73; font-style: italic;")
        self.refused.hide()
        hints = QVBoxLayout()
        hints.addWidget(self.hint)
        hints.addWidget(self.refused)
        top = QHBoxLayout()
        top.addLayout(hints, 1)
        top.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        # The open form may need more height than a small screen has: then the tab scrolls.
        body = QWidget()
        body.setObjectName("sectionBody")
        body.setStyleSheet("QWidget#sectionBody { background: white; }")
        lay = QVBoxLayout(body)
        lay.setContentsMargins(12, 12, 12, 12)
        lay.setSpacing(10)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.scroll = scroll
        if form is not None:
            lay.addWidget(form)
            form.hide()
            form.saved.connect(lambda _id: self._show_form(False))
            form.cancelled.connect(lambda: self._show_form(False))
            self.add_button.clicked.connect(lambda: self._show_form(True))

    def _show_form(self, visible: bool) -> None:
        self.form.setVisible(visible)
        self.add_button.setEnabled(not visible)
        if visible:
            self.form.focus_first()
            # Once the body has been laid out with the form in it.
            QTimer.singleShot(0, self, self._reveal_form)

    def _reveal_form(self) -> None:
        """Scroll the whole form into view, or its top if it is taller than the view."""
        if not self.form.isVisible():
            return
        bar = self.scroll.verticalScrollBar()
        top = self.form.geometry().top()
        low = self.form.geometry().bottom() + 1 - self.scroll.viewport().height()
        bar.setValue(top if low > top else min(max(bar.value(), low), top))

    def set_rows(self, client_id: str, rows: list, refused: dict | None = None) -> None:
        """Show *rows*; *refused*: the open refusals by record id, marked in the table with
        why (never counted as conflicts)."""
        if self.form is not None:
            self.form.client_id = client_id
            self._ask_rules(client_id)
        permissions = getattr(getattr(self.form, "ctx", None), "permissions", None)
        self.model.refused_rows = {
            rid: f"{refusals.mark()}: {refusals.reason_text(r, permissions)}"
            for rid, r in (refused or {}).items()
        }
        self.model.set_rows(rows)

    def show_hidden(self, text: str) -> None:
        """Say that the user may not see this section's records (an empty table would read
        as "none recorded"), before what the rules say about recording one."""
        lines = [text] + ([self.refused.text()] if self.refused.isVisibleTo(self) else [])
        self.refused.setText("\n".join(lines))
        self.refused.show()

    def _ask_rules(self, client_id: str) -> None:
        ctx = getattr(self.form, "ctx", None)
        kind = getattr(self.form, "kind", "")
        if ctx is None or not kind:
            return
        refusal = ctx.permissions.refusal(kind, None, {"client_id": client_id})
        self.add_button.setVisible(refusal is None)
        self.refused.setVisible(refusal is not None)
        self.refused.setText(refusal_text(refusal) if refusal is not None else "")
        if refusal is not None and self.form.isVisible():
            self._show_form(False)


class ResidenceSection(SectionPanel):
    """ "Aufenthalt": the residence statuses, newest first, and the form to record one."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(
            ResidenceModel(ctx.today),
            ResidenceForm(ctx),
            QT_TRANSLATE_NOOP(
                "ResidenceSection",
                "Aufenthaltsstatus laut Ausländerbehörde, der aktuelle zuerst. Abgelaufene Daten sind "
                "rot markiert.",
            ),
            QT_TRANSLATE_NOOP("ResidenceSection", "Status erfassen"),
            (0, 4),
            parent,
        )
        self.add_button.setObjectName("addResidenceButton")
        self.table.setObjectName("residenceTable")
