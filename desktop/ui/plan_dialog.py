"""Förderplan anlegen / bearbeiten: the support plan of one client with its goals and agreed
steps (issue 20).

A goal has an area (catalog plan_area), a text in clear words and its achievement; under each
goal its steps: what, who does it (the client, a caseworker, a unit under the one roof, an offer
of the directory), by when, and how far it is. A step for another unit is handed over to that
unit (the access rules' ``[hand_over]``): it appears among that unit's Wiedervorlagen, and once
written it is that unit's to change -- its row here is read-only.

Keyboard: Tab walks the fields in reading order, Ctrl+Enter saves, Esc asks before input is
thrown away; "Ziel hinzufügen" (Alt+Z) and each goal's "Schritt hinzufügen" add rows. The
dialog saves plan, goals and steps in ONE store transaction (desktop.store.plans.save): a step
without owner or due date, or a review date in the past, is named in German and nothing is
saved. Only what the user changed is sent, based on the clocks the dialog loaded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casefile import codec, validation
from casefile.directory import check
from casefile.records import PlanGoal, PlanStep, SupportPlan
from desktop.store import plans
from desktop.ui.form_keys import FormState, install_save_keys
from desktop.ui.forms import (
    CatalogCombo,
    DateEdit,
    ErrorLabel,
    catalog_label,
    error_text,
    refusal_text,
)
from desktop.ui.plan_rows import ERROR_STYLE, DueDate, GoalBox
from desktop.ui.save_flow import SaveFlow


def dialog_context(store, client_id: str) -> dict[str, Any]:
    """(worker) What the dialog needs: the plan as stored now (with clocks), the offers of
    the directory a step may name (active ones, by name) and the staff directory."""
    from desktop.store import offers as offers_store

    directory = offers_store.load_from(store.engine)
    offers = sorted(
        ((o.id, o.name) for o in directory.offers.values() if o.active), key=lambda x: x[1]
    )
    return {
        "snapshot": plans.snapshot(store, client_id),
        "offers": offers,
        "directory": store.directory(),  # the users a step may name (as the task dialog)
    }


class PlanDialog(SaveFlow, QDialog):
    """Draw up or edit a client's support plan (see the module)."""

    def __init__(
        self,
        ctx,
        client_id: str,
        client_name: str,
        context: dict[str, Any],
        language: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx, self.client_id, self.client_name = ctx, client_id, client_name
        self.seen: plans.PlanSnapshot = context["snapshot"]
        self.offers: list[tuple[str, str]] = context.get("offers", [])
        self.directory = context.get("directory")  # None: not checked here (the server does)
        self._saving = False
        self.setObjectName("planDialog")
        # A step handed over to another unit is read-only: shown greyed, its tooltip says why.
        self.setStyleSheet(
            "QLineEdit:disabled, QComboBox:disabled { color: #6b7280; background: #eceff3; }"
        )
        file = self.seen.file
        self.plan = file.plan if file.plan is not None and file.plan.status == "active" else None
        if self.plan is None:
            self.seen = plans.PlanSnapshot(plans.PlanFile())  # a new plan: nothing seen yet
        writable = ctx.permissions.writable_units("support_plan")
        mine = ctx.settings.unit if ctx.settings.unit in writable else next(iter(writable), "")
        self.plan_unit = self.plan.unit if self.plan is not None else mine
        self.unit_label = QLabel(objectName="planUnit")
        self.started = DateEdit(objectName="startedOn")
        self.started.setDisplayFormat("dd.MM.yyyy")
        self.started.setCalendarPopup(True)
        self.next_review = DueDate()
        self.next_review.setObjectName("nextReview")
        self.language = CatalogCombo("language", allow_empty=True, common_first=True)
        self.language.setObjectName("planLanguage")
        self.status = QComboBox(objectName="planStatus")
        self.note = QPlainTextEdit(objectName="planNote", tabChangesFocus=True)
        self.note.setFixedHeight(48)
        self.goal_area = QWidget()
        self.goal_layout = QVBoxLayout(self.goal_area)
        self.goal_layout.setContentsMargins(0, 0, 0, 0)
        self.goal_layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.goal_area)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.add_goal_button = QPushButton(objectName="addGoal")
        self.add_goal_button.setAutoDefault(False)
        self.form_error = ErrorLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        for b in (self.save_button, self.cancel_button):
            b.setAutoDefault(False)

        self.form = QFormLayout()
        self.labels = [
            QLabel(buddy=w)
            for w in (self.started, self.next_review, self.language, self.status, self.note)
        ]
        top = QHBoxLayout()
        left, right = QFormLayout(), QFormLayout()
        left.addRow(self.labels[0], self.started)
        left.addRow(self.labels[1], self.next_review)
        right.addRow(self.labels[2], self.language)
        right.addRow(self.labels[3], self.status)
        top.addLayout(left)
        top.addLayout(right)
        top.addWidget(self.unit_label, 1, Qt.AlignmentFlag.AlignTop)
        self.form.addRow(self.labels[4], self.note)
        self.goals_title = QLabel(objectName="sectionTitle")
        self.goals_title.setStyleSheet("font-weight: 600;")
        goals_head = QHBoxLayout()
        goals_head.addWidget(self.goals_title)
        goals_head.addStretch(1)
        goals_head.addWidget(self.add_goal_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(self.form)
        lay.addLayout(goals_head)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.form_error)
        lay.addWidget(self.buttons)

        self.goals: list[GoalBox] = []
        self._fill(file, language)
        self.add_goal_button.clicked.connect(lambda: self.add_goal(None, [], focus=True))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        install_save_keys(self, self.save)
        self.retranslateUi()
        self.state = FormState(self)
        self.resize(1180, 640)
        self.started.setFocus()

    # --- filling ------------------------------------------------------------------------------

    def foreign(self, step: PlanStep) -> bool:
        """A step already written that the rules let this user no longer change (handed over
        to another unit)."""
        values = codec.encode(step)
        return self.ctx.permissions.refusal("plan_step", values, values) is not None

    def _fill(self, file: plans.PlanFile, language: str) -> None:
        plan = self.plan
        today = self.ctx.today()
        start = plan.started_on if plan else today
        self.started.setDate(QDate(start.year, start.month, start.day))
        self.next_review.set_value(plan.next_review if plan else today + dt.timedelta(weeks=12))
        self.language.set_code(plan.language if plan else language)
        self.note.setPlainText(plan.note if plan else "")
        if plan is not None:
            for goal in file.goals:
                self.add_goal(goal, file.steps_of(goal.id))
        else:
            self.add_goal(None, [])

    def add_goal(self, goal: PlanGoal | None, steps: list[PlanStep], focus: bool = False):
        box = GoalBox(self, goal, steps)
        if goal is None and not steps:
            box.add_step(None)
        self.goal_layout.insertWidget(self.goal_layout.count() - 1, box)
        self.goals.append(box)
        if focus:
            box.show()
            box.area.setFocus()
        return box

    def retranslateUi(self) -> None:
        name = self.client_name
        self.setWindowTitle(
            self.tr("Förderplan bearbeiten – {name}").format(name=name)
            if self.plan is not None
            else self.tr("Förderplan anlegen – {name}").format(name=name)
        )
        for label, text in zip(
            self.labels,
            (
                self.tr("&Beginn"),
                self.tr("Nächste Ü&berprüfung"),
                self.tr("&Sprache des Ausdrucks"),
                self.tr("S&tand"),
                self.tr("&Notiz"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.unit_label.setText(
            self.tr("Fallführendes Sachgebiet: {unit}").format(
                unit=catalog_label("unit", self.plan_unit)
            )
        )
        current = self.status.currentData() or (self.plan.status if self.plan else "active")
        self.status.clear()
        self.status.addItem(self.tr("aktiv"), "active")
        self.status.addItem(self.tr("abgeschlossen"), "closed")
        self.status.setCurrentIndex(max(self.status.findData(current), 0))
        self.goals_title.setText(self.tr("Ziele und vereinbarte Schritte"))
        self.add_goal_button.setText(self.tr("&Ziel hinzufügen"))
        self.save_button.setText(self.tr("Speichern"))
        self.cancel_button.setText(self.tr("Abbrechen"))
        self.next_review.setToolTip(self.tr("Wird zur Wiedervorlage der Fallführung"))

    # --- records ------------------------------------------------------------------------------

    def records(self) -> tuple[SupportPlan, list[PlanGoal], list[PlanStep]]:
        """The plan, goals and steps as the form holds them (blank new rows left out)."""
        base = self.plan or SupportPlan(
            client_id=self.client_id,
            unit=self.plan_unit,
            started_on=self.ctx.today(),
            case_manager=self.ctx.settings.user_name,
        )
        plan = dataclasses.replace(
            base,
            started_on=self.started.date().toPython(),
            next_review=self.next_review.value(),
            language=self.language.code(),
            status=self.status.currentData() or "active",
            note=self.note.toPlainText().strip(),
        )
        goals: list[PlanGoal] = []
        steps: list[PlanStep] = []
        for box in self.goals:
            if box.is_empty():
                continue
            goal = box.record(plan)
            goals.append(goal)
            steps += [
                row.record(plan, goal, self.ctx.today()) for row in box.steps if not row.is_empty()
            ]
        return plan, goals, steps

    def _messages(self, errors: list[validation.FieldError], goals, steps) -> list[str]:
        out = []
        for e in errors:
            parts = e.field.split(".")
            if parts[0] == "goal" and len(parts) == 3:
                text = goals[int(parts[1]) - 1].text or "…"
                out.append(
                    self.tr("Ziel {n} („{text}“): {message}").format(
                        n=parts[1], text=text[:40], message=error_text(e)
                    )
                )
            elif parts[0] == "step" and len(parts) == 3:
                text = steps[int(parts[1]) - 1].text or "…"
                out.append(
                    self.tr("Schritt {n} („{text}“): {message}").format(
                        n=parts[1], text=text[:40], message=error_text(e)
                    )
                )
            else:
                out.append(error_text(e))
        return list(dict.fromkeys(out))

    def _check_names(self, steps: list[PlanStep]) -> None:
        """A caseworker typed for a step who is no user of the MiA is refused here, as the
        server would (casefile.directory.check), not stored for nobody."""
        if self.directory is None:
            return
        errors = [
            dataclasses.replace(e, field=f"step.{n}.{e.field}")
            for n, step in enumerate(steps, 1)
            for e in check(
                self.directory, "plan_step", self.seen.values.get(step.id), codec.encode(step)
            )
        ]
        if errors:
            raise validation.ValidationError(errors)

    def _refusals(self, plan, goals, steps) -> list[str]:
        """What the rules would refuse (checked before anything is written)."""
        out = []
        for kind, records in (("support_plan", [plan]), ("plan_goal", goals), ("plan_step", steps)):
            for record in records:
                before = self.seen.values.get(record.id)
                after = codec.encode(record)
                if before is not None and after == before:
                    continue
                refused = self.ctx.permissions.refusal(kind, before, after)
                if refused is not None:
                    out.append(refusal_text(refused))
        return list(dict.fromkeys(out))

    # --- saving -------------------------------------------------------------------------------

    def save(self, force: bool = False) -> None:
        if self._saving:
            return
        plan, goals, steps = self.records()
        try:
            plans.check(plan, goals, steps, self.seen, self.ctx.today())
            self._check_names(steps)
        except validation.ValidationError as exc:
            self.form_error.show_errors(self._messages(exc.errors, goals, steps))
            return
        refused = self._refusals(plan, goals, steps)
        if refused:
            self.form_error.show_errors(refused)
            return
        self.form_error.show_errors([])
        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.ops.write(
            plans.save,
            self.ctx.store,
            plan,
            goals,
            steps,
            self.seen,
            force,
            self.ctx.today(),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _special_failure(self, exc: Exception) -> bool:
        if not isinstance(exc, plans.StalePlan):
            return False
        self.form_error.show_errors(
            [
                self.tr(
                    "Der Förderplan wurde inzwischen an anderer Stelle geändert. Bitte "
                    "schließen Sie den Dialog und öffnen Sie ihn erneut."
                )
            ]
        )
        return True

    def _show_invalid(self, errors: list[validation.FieldError]) -> None:
        _plan, goals, steps = self.records()
        self.form_error.show_errors(self._messages(errors, goals, steps))

    def _failure_text(self, exc: Exception) -> str:
        return self.tr(
            "Speichern fehlgeschlagen. Die Eingaben bleiben erhalten – bitte erneut versuchen."
        )
