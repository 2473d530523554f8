"""The rows of the plan dialog (issue 20): a goal (area, clear words, achievement) with its
steps (what, who, by when, how far), and the due date typed as digits. A step already handed
over to another unit is shown read-only (its row disabled, the tooltip names the unit).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.records import PlanGoal, PlanStep, SupportPlan
from desktop.ui.forms import CatalogCombo, catalog_label

if TYPE_CHECKING:
    from desktop.ui.plan_dialog import PlanDialog

ERROR_STYLE = "color: #b3261e;"


class DueDate(QLineEdit):
    """A date typed as digits (dd.mm.yyyy) that may be empty: a step needs one, and the form
    says so rather than inventing today. Typing "19122026" gives 19.12.2026."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setInputMask("00.00.0000;_")
        self.setMaximumWidth(100)

    def value(self) -> dt.date | None:
        try:
            return dt.datetime.strptime(self.text(), "%d.%m.%Y").date()
        except ValueError:
            return None  # empty or not a date: the form names the missing due date

    def set_value(self, value: dt.date | None) -> None:
        self.setText(value.strftime("%d.%m.%Y") if value else "")


class StepRow(QWidget):
    """One step: text, who (owner kind and the unit, person or offer), due date, status."""

    def __init__(self, dialog: PlanDialog, step: PlanStep | None):
        super().__init__()
        self.dialog, self.step = dialog, step
        self.text = QLineEdit(objectName="stepText")
        self.owner = CatalogCombo("step_owner", allow_empty=True)
        self.owner.setObjectName("stepOwner")
        self.unit = CatalogCombo("unit")
        self.unit.setObjectName("stepUnit")
        self.assignee = QLineEdit(objectName="stepAssignee")
        self.assignee.setMaximumWidth(150)
        self.offer = QComboBox(objectName="stepOffer")
        self.offer.setMaximumWidth(220)
        for offer_id, name in dialog.offers:
            self.offer.addItem(name, offer_id)
        self.due = DueDate()
        self.due.setObjectName("stepDue")
        self.status = CatalogCombo("step_status")
        self.status.setObjectName("stepStatus")
        for combo in (self.owner, self.unit, self.status):
            combo.setMaximumWidth(190)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(24, 0, 0, 0)
        lay.addWidget(self.text, 1)
        for w in (self.owner, self.unit, self.assignee, self.offer, self.due, self.status):
            lay.addWidget(w)
        self.owner.currentIndexChanged.connect(self._owner_changed)
        if step is not None:
            self.text.setText(step.text)
            self.owner.set_code(step.owner_kind)
            self.unit.set_code(step.unit)
            self.assignee.setText(step.assignee)
            if step.offer_id:
                self.offer.setCurrentIndex(max(self.offer.findData(step.offer_id), 0))
            self.due.set_value(step.due_date)
            self.status.set_code(step.status)
        else:
            self.unit.set_code(dialog.plan_unit)
            self.assignee.setText(dialog.ctx.settings.user_name)
        self._owner_changed()
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.text.setPlaceholderText(self.tr("Schritt: was wird getan?"))
        self.assignee.setPlaceholderText(self.tr("Benutzername"))
        self.due.setToolTip(self.tr("Fällig am"))
        if not self.isEnabled() and self.step is not None:
            self.setToolTip(
                self.tr(
                    "Diesen Schritt führt das Sachgebiet {unit}; nur dessen Mitarbeitende "
                    "ändern ihn."
                ).format(unit=catalog_label("unit", self.step.unit))
            )

    def _owner_changed(self, *_args) -> None:
        kind = self.owner.code()
        self.unit.setVisible(kind == "unit")
        self.assignee.setVisible(kind == "caseworker")
        self.offer.setVisible(kind == "offer")

    def is_empty(self) -> bool:
        return self.step is None and not self.text.text().strip() and not self.owner.code()

    def record(self, plan: SupportPlan, goal: PlanGoal, today: dt.date) -> PlanStep:
        kind = self.owner.code()
        status = self.status.code() or "open"
        base = self.step or PlanStep(
            plan_id=plan.id,
            goal_id=goal.id,
            client_id=plan.client_id,
            text="",
            owner_kind="",
            unit=plan.unit,
            plan_unit=plan.unit,
        )
        if self.step is not None and not self.isEnabled():
            return self.step  # another unit's step: as it is
        done_on = base.done_on if base.status == status else None
        if status == "done" and done_on is None:
            done_on = today
        return dataclasses.replace(
            base,
            goal_id=goal.id,
            text=self.text.text().strip(),
            owner_kind=kind,
            unit=self.unit.code() if kind == "unit" else plan.unit,
            plan_unit=plan.unit,
            assignee=self.assignee.text().strip() if kind == "caseworker" else "",
            offer_id=(self.offer.currentData() or None) if kind == "offer" else None,
            due_date=self.due.value(),
            status=status,
            done_on=done_on,
            area=goal.area,
        )


class GoalBox(QFrame):
    """One goal (area, text, achievement) with its steps below."""

    def __init__(self, dialog: PlanDialog, goal: PlanGoal | None, steps: list[PlanStep]):
        super().__init__()
        self.dialog, self.goal = dialog, goal
        self.setObjectName("goalBox")
        self.setStyleSheet("#goalBox { border: 1px solid #d5dfeb; border-radius: 6px; }")
        self.area = CatalogCombo("plan_area", allow_empty=True)
        self.area.setObjectName("goalArea")
        self.text = QLineEdit(objectName="goalText")
        self.achievement = CatalogCombo("goal_achievement")
        self.achievement.setObjectName("goalAchievement")
        self.add_step_button = QPushButton(objectName="addStep")
        self.add_step_button.setAutoDefault(False)
        head = QHBoxLayout()
        head.addWidget(self.area)
        head.addWidget(self.text, 1)
        head.addWidget(self.achievement)
        head.addWidget(self.add_step_button)
        self.step_layout = QVBoxLayout()
        self.step_layout.setSpacing(4)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.addLayout(head)
        lay.addLayout(self.step_layout)
        self.steps: list[StepRow] = []
        if goal is not None:
            self.area.set_code(goal.area)
            self.text.setText(goal.text)
            self.achievement.set_code(goal.achievement)
        for step in steps:
            self.add_step(step)
        self.add_step_button.clicked.connect(lambda: self.add_step(None, focus=True))
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.text.setPlaceholderText(self.tr("Ziel in klaren Worten"))
        self.add_step_button.setText(self.tr("Schritt hinzufügen"))

    def add_step(self, step: PlanStep | None, focus: bool = False) -> StepRow:
        row = StepRow(self.dialog, step)
        if step is not None and self.dialog.foreign(step):
            row.setEnabled(False)
            row.retranslateUi()
        self.step_layout.addWidget(row)
        self.steps.append(row)
        if focus:
            row.show()  # a row added to a shown form is shown only later by the layout
            row.text.setFocus()
        return row

    def is_empty(self) -> bool:
        return (
            self.goal is None
            and not self.text.text().strip()
            and not self.area.code()
            and all(s.is_empty() for s in self.steps)
        )

    def record(self, plan: SupportPlan) -> PlanGoal:
        base = self.goal or PlanGoal(plan.id, plan.client_id, plan.unit, "", "")
        return dataclasses.replace(
            base,
            unit=plan.unit,
            area=self.area.code(),
            text=self.text.text().strip(),
            achievement=self.achievement.code() or "open",
        )
