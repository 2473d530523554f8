"""Meine Wiedervorlagen: follow-ups due, the overdue first; tick one off right in the list."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.context import AppContext
from desktop.ui.models import RECORD_ROLE, TaskTableModel
from desktop.ui.tables import list_table


def make_task_table(model: TaskTableModel, name: str) -> QTableView:
    return list_table(model, name, stretch=2, names=(1,))


class TaskActions:
    """Behaviour shared by task tables: the check box marks done, double-click opens the client."""

    def __init__(self, ctx: AppContext, table: QTableView, model: TaskTableModel):
        self.ctx, self.table, self.model = ctx, table, model
        model.toggle_requested.connect(self.toggle)
        table.doubleClicked.connect(self._open)
        table.activated.connect(self._open)

    def toggle(self, row) -> None:
        task = row.task
        if row.source == "plan_step":  # issue 20: a support plan's step is ticked done
            from desktop.store import plans

            self.ctx.ops.write(
                plans.set_step_done, self.ctx.store, task.id, not task.done, self.ctx.today()
            )
            return
        if row.source:
            return
        self.ctx.ops.write(self.ctx.store.set_task_done, task.id, not task.done)

    def _open(self, index) -> None:
        row = self.model.data(index, RECORD_ROLE)
        if row:
            self.ctx.bus.open_client.emit(row.task.client_id)


class TasksView(QWidget):
    """The follow-ups of the user (or the unit, or everyone)."""

    count_changed = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel(objectName="pageTitle")
        self.scope = QComboBox(objectName="taskScope")
        self.show_done = QCheckBox(objectName="showDone")
        self.summary = QLabel(objectName="taskSummary")
        self.model = TaskTableModel(ctx.today, self)
        self.table = make_task_table(self.model, "taskTable")
        self.actions = TaskActions(ctx, self.table, self.model)
        bar = QHBoxLayout()
        bar.addWidget(self.scope)
        bar.addWidget(self.show_done)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_done.toggled.connect(lambda _v: self.refresh())
        ctx.bus.changed.connect(self._on_changed)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        current = self.scope.currentIndex()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(self.tr("Meine"), "mine")
        self.scope.addItem(self.tr("Meine und die meines Sachgebiets"), "unit")
        self.scope.addItem(self.tr("Alle"), "all")
        self.scope.setCurrentIndex(max(current, 0))
        self.scope.blockSignals(False)
        self.show_done.setText(self.tr("Erledigte anzeigen"))
        self._update_title()

    def _update_title(self) -> None:
        """The page title says whose follow-ups the list holds, as the filter does."""
        scope = self.scope.currentData()
        if scope == "unit":
            self.title.setText(self.tr("Wiedervorlagen – meine und die meines Sachgebiets"))
        elif scope == "all":
            self.title.setText(self.tr("Alle Wiedervorlagen"))
        else:
            self.title.setText(self.tr("Meine Wiedervorlagen"))

    def refresh(self) -> None:
        self._update_title()
        s = self.ctx.settings
        scope = self.scope.currentData()
        kwargs = {"include_done": self.show_done.isChecked()}
        if scope == "mine":
            kwargs["assignee"] = s.user_name
        elif scope == "unit":
            kwargs |= {"assignee": s.user_name, "unit": s.unit}
        self.ctx.ops.read(self.ctx.store.tasks, key="tasks_view", on_done=self._show, **kwargs)

    def _show(self, rows) -> None:
        self.model.set_rows(rows)
        today = self.ctx.today()
        overdue = sum(1 for r in rows if r.overdue(today))
        due = sum(1 for r in rows if not r.task.done and r.task.due_date <= today)
        self.summary.setText(
            self.tr("{open} offen · {overdue} überfällig").format(
                open=sum(1 for r in rows if not r.task.done), overdue=overdue
            )
        )
        self.count_changed.emit(due)

    def _on_changed(self, changes) -> None:
        # Tasks, and the client names the list shows beside them.
        if changes.touches(("task", "client", "plan_step", "support_plan")):
            self.refresh()
