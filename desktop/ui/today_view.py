"""Heute: what is due today (and overdue), the clients seen recently, unfinished drafts."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui.context import AppContext
from desktop.ui.formatting import date_text
from desktop.ui.models import ID_ROLE, ClientListModel, TaskTableModel
from desktop.ui.tables import list_table
from desktop.ui.tasks_view import TaskActions, make_task_table


class TodayView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel(objectName="pageTitle")
        self.subtitle = QLabel(objectName="pageSubtitle")
        self.tasks_title = QLabel(objectName="sectionTitle")
        self.tasks_empty = QLabel(objectName="emptyHint")
        self.task_model = TaskTableModel(ctx.today, self)
        self.task_table = make_task_table(self.task_model, "todayTasks")
        self.task_actions = TaskActions(ctx, self.task_table, self.task_model)
        self.recent_title = QLabel(objectName="sectionTitle")
        # A narrow card: name, birth date, last contact (no nationality: where two names are
        # equal, the name says it).
        self.recent_model = ClientListModel(self, hidden=(2,))
        self.recent = list_table(
            self.recent_model, "recentClients", stretch=0, hidden=(2,), names=(0,)
        )
        self.recent.activated.connect(self._open_recent)
        self.recent.doubleClicked.connect(self._open_recent)
        self.drafts_label = QLabel(objectName="draftHint")
        self.drafts_label.hide()

        tasks_box = QFrame(objectName="card")
        tl = QVBoxLayout(tasks_box)
        tl.addWidget(self.tasks_title)
        tl.addWidget(self.tasks_empty)
        tl.addWidget(self.task_table, 1)
        recent_box = QFrame(objectName="card")
        rl = QVBoxLayout(recent_box)
        rl.addWidget(self.recent_title)
        rl.addWidget(self.recent, 1)
        row = QHBoxLayout()
        row.addWidget(tasks_box, 1)
        row.addWidget(recent_box, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.subtitle)
        lay.addWidget(self.drafts_label)
        lay.addLayout(row, 1)
        ctx.bus.changed.connect(self._on_changed)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.title.setText(self.tr("Heute"))
        self.subtitle.setText(
            self.tr("{date} · angemeldet als {user}").format(
                date=date_text(self.ctx.today()), user=self.ctx.settings.user_name
            )
        )
        self.tasks_title.setText(self.tr("Fällige Wiedervorlagen"))
        self.tasks_empty.setText(self.tr("Heute ist nichts fällig."))
        self.recent_title.setText(self.tr("Zuletzt beraten"))

    def refresh(self) -> None:
        s = self.ctx.settings
        self.ctx.ops.read(
            self.ctx.store.tasks,
            key="today_tasks",
            assignee=s.user_name,
            unit=s.unit,
            due_until=self.ctx.today(),
            on_done=self._show_tasks,
        )
        self.ctx.ops.read(
            self.ctx.store.recent_clients,
            25,
            key="today_recent",
            on_done=self.recent_model.set_rows,
        )
        self.ctx.ops.read(
            self.ctx.store.drafts, "consultation", key="today_drafts", on_done=self._show_drafts
        )

    def _on_changed(self, changes) -> None:
        # Due tasks, the recently counselled clients (names, consultations), open drafts.
        if changes.touches(
            ("task", "client", "consultation", "draft", "plan_step", "support_plan")
        ):
            self.refresh()

    def _show_tasks(self, rows) -> None:
        self.task_model.set_rows(rows)
        self.tasks_empty.setVisible(not rows)
        self.task_table.setVisible(bool(rows))

    def _show_drafts(self, drafts) -> None:
        self.drafts_label.setVisible(bool(drafts))
        self.drafts_label.setText(
            self.tr(
                "%n Beratungsentwurf/-entwürfe nicht gespeichert – beim Start wiederhergestellt.",
                "",
                len(drafts),
            )
        )

    def _open_recent(self, index) -> None:
        client_id = self.recent_model.data(index, ID_ROLE)
        if client_id:
            self.ctx.bus.open_client.emit(client_id)
