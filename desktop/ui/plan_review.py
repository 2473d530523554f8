"""The small dialogs of the client file's Förderplan tab (issue 20): the review
(Überprüfung: each goal's achievement, a note, the next review date -- kept as a
``plan_review``, the plan's history) and the signed paper (date and reference number).
Both save through the operation layer (``ctx.ops``); Ctrl+Enter saves, Esc asks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casefile import validation
from casefile.records import PlanReview, ReviewedGoal
from desktop.store import plans
from desktop.ui.form_keys import FormState, install_save_keys
from desktop.ui.forms import CatalogCombo, DateEdit, ErrorLabel, catalog_label, error_text
from desktop.ui.plan_rows import ERROR_STYLE, DueDate
from desktop.ui.save_flow import SaveFlow


class _PlanFormDialog(SaveFlow, QDialog):
    """A small form with Save/Cancel, Ctrl+Enter and the Esc question."""

    def _finish_layout(self, lay: QVBoxLayout) -> None:
        self.form_error = ErrorLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setText(self.tr("Speichern"))
        self.cancel_button.setText(self.tr("Abbrechen"))
        for b in (self.save_button, self.cancel_button):
            b.setAutoDefault(False)
        lay.addWidget(self.form_error)
        lay.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        install_save_keys(self, self.save)
        self._saving = False
        self.state = FormState(self)

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _write(self, fn, *args) -> None:
        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.ops.write(fn, *args, on_done=self._saved, on_error=self._failed)

    def _failure_text(self, exc: Exception) -> str:
        return self.tr("Speichern fehlgeschlagen. Bitte erneut versuchen.")


class PlanReviewDialog(_PlanFormDialog):
    """Überprüfung: each goal's achievement now, a note, the next review date; kept as a
    ``plan_review`` (the plan's history) and carried into the plan."""

    def __init__(self, ctx, seen: plans.PlanSnapshot, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.seen = ctx, seen
        self.setObjectName("reviewDialog")
        plan = seen.file.plan
        assert plan is not None
        self.achievements: list[tuple[object, CatalogCombo]] = []
        form = QFormLayout()
        for goal in seen.file.goals:
            combo = CatalogCombo("goal_achievement")
            combo.setObjectName("reviewAchievement")
            combo.set_code(goal.achievement)
            label = QLabel(f"{catalog_label('plan_area', goal.area)}: {goal.text}", buddy=combo)
            label.setWordWrap(True)
            form.addRow(label, combo)
            self.achievements.append((goal, combo))
        self.note = QPlainTextEdit(objectName="reviewNote", tabChangesFocus=True)
        self.note.setFixedHeight(80)
        self.next_review = DueDate()
        self.next_review.setObjectName("reviewNext")
        self.next_review.set_value(ctx.today() + dt.timedelta(weeks=12))
        self.note_label = QLabel(buddy=self.note)
        self.next_label = QLabel(buddy=self.next_review)
        form.addRow(self.note_label, self.note)
        form.addRow(self.next_label, self.next_review)
        self.intro = QLabel(wordWrap=True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(form)
        self._finish_layout(lay)
        self.setWindowTitle(self.tr("Förderplan überprüfen"))
        self.intro.setText(
            self.tr("Wie weit ist jedes Ziel? Die Überprüfung wird im Verlauf des Plans behalten.")
        )
        self.note_label.setText(self.tr("&Notiz"))
        self.next_label.setText(self.tr("Nächste Ü&berprüfung"))
        self.resize(720, self.sizeHint().height())
        if self.achievements:
            self.achievements[0][1].setFocus()

    def save(self) -> None:
        if self._saving:
            return
        plan = self.seen.file.plan
        assert plan is not None
        goals = [
            dataclasses.replace(goal, achievement=combo.code())  # type: ignore[type-var]
            for goal, combo in self.achievements
        ]
        review = PlanReview(
            plan_id=plan.id,
            client_id=plan.client_id,
            unit=plan.unit,
            reviewed_on=self.ctx.today(),
            reviewed_by=self.ctx.settings.user_name,
            note=self.note.toPlainText().strip(),
            goals=[ReviewedGoal(g.id, g.achievement, g.text) for g in goals],
            next_review=self.next_review.value(),
        )
        errors = validation.validate_plan_review(review, self.ctx.today(), new=True)
        if errors:
            self.form_error.show_errors([error_text(e) for e in errors])
            return
        self._write(
            plans.add_review, self.ctx.store, review, plan, goals, self.seen, self.ctx.today()
        )


class SignatureDialog(_PlanFormDialog):
    """After printing: the day the plan was signed and the paper's reference number."""

    def __init__(self, ctx, seen: plans.PlanSnapshot, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.seen = ctx, seen
        self.setObjectName("signatureDialog")
        plan = seen.file.plan
        assert plan is not None
        self.signed_on = DateEdit(objectName="signedOn")
        self.signed_on.setDisplayFormat("dd.MM.yyyy")
        self.signed_on.setCalendarPopup(True)
        day = plan.signed_on or ctx.today()
        self.signed_on.setDate(QDate(day.year, day.month, day.day))
        self.reference = QLineEdit(plan.signed_reference, objectName="signedReference")
        form = QFormLayout()
        self.on_label = QLabel(buddy=self.signed_on)
        self.ref_label = QLabel(buddy=self.reference)
        form.addRow(self.on_label, self.signed_on)
        form.addRow(self.ref_label, self.reference)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        self._finish_layout(lay)
        self.setWindowTitle(self.tr("Unterschriebenen Förderplan erfassen"))
        self.on_label.setText(self.tr("&Unterschrieben am"))
        self.ref_label.setText(self.tr("&Aktenzeichen des Papiers"))
        self.resize(460, self.sizeHint().height())
        self.reference.setFocus()

    def save(self) -> None:
        if self._saving:
            return
        plan = self.seen.file.plan
        assert plan is not None
        if not self.reference.text().strip():
            self.form_error.show_errors(
                [error_text(validation.FieldError("signed_reference", "signed_reference_required"))]
            )
            return
        self._write(
            plans.record_signature,
            self.ctx.store,
            plan,
            self.signed_on.date().toPython(),
            self.reference.text(),
            self.seen,
        )
