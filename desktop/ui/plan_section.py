"""The client file's "Förderplan" tab (issue 20): the current support plan with its goals and
steps, the reviews kept as its history, and the actions -- draw up / edit the plan, review it,
print it in German and the client's language, record the signed paper.

Everything is read and written through the operation layer (``ctx.ops``); the tab reloads when
a write or a sync round touched a plan of this client.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.records import Client
from desktop.store import plans
from desktop.ui.formatting import date_text
from desktop.ui.forms import catalog_label
from desktop.ui.plan_dialog import PlanDialog, dialog_context
from desktop.ui.plan_review import PlanReviewDialog, SignatureDialog


def write_plan_pdf(store, client_id: str, language: str) -> Path:
    """(worker) The current plan as a PDF in a fresh temporary folder: German and the
    client's *language* (desktop.plan_print)."""
    from desktop import plan_print
    from desktop.store import offers as offers_store, referrals

    file = plans.load(store, client_id)
    client = store.get_client(client_id)
    if file.plan is None or client is None:
        raise LookupError("Kein Förderplan vorhanden.")
    named = {s.offer_id for s in file.steps if s.offer_id}
    directory = offers_store.load_from(store.engine) if named else None
    offers = {i: directory.offers[i].name for i in named if directory and i in directory.offers}
    path = Path(tempfile.mkdtemp(prefix="mia-plan-")) / "foerderplan.pdf"
    return plan_print.print_plan(
        file,
        client,
        language or file.plan.language,
        path,
        contact=referrals.contact(store, file.plan.case_manager).name,
        offers=offers,
    )


def owner_text(step, offers: dict[str, str] | None = None) -> str:
    """Who does a step, in words ("Klient:in", "a.schneider", "Ausländerbehörde", an offer)."""
    if step.owner_kind == "unit":
        return catalog_label("unit", step.unit)
    if step.owner_kind == "caseworker":
        return step.assignee or catalog_label("step_owner", "caseworker")
    if step.owner_kind == "offer":
        return (offers or {}).get(step.offer_id or "", "") or catalog_label("step_owner", "offer")
    return catalog_label("step_owner", step.owner_kind)


class PlanSection(QWidget):
    """The "Förderplan" tab of one client file (see the module)."""

    dialog_opened = Signal(object)  # the plan or review dialog, once open (tests, screenshots)
    printed = Signal(object)  # the PDF's path

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = ""
        self.client: Client | None = None
        self.file = plans.PlanFile()
        self.setObjectName("planSection")
        self.summary = QLabel(objectName="planSummary", wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.tree = QTreeWidget(objectName="planTree")
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The reviews are the tree's last branch (the plan's history): the client file on a
        # 1366x768 laptop with the queue dock open leaves this tab little room.
        self.tree.setMinimumHeight(48)
        self.reviews: QTreeWidgetItem | None = None
        self.edit_button = QPushButton(objectName="editPlan")
        self.review_button = QPushButton(objectName="reviewPlan")
        self.print_button = QPushButton(objectName="printPlan")
        self.sign_button = QPushButton(objectName="signPlan")
        buttons = QHBoxLayout()
        for b in (self.edit_button, self.review_button, self.print_button, self.sign_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(buttons)
        lay.addWidget(self.summary)
        lay.addWidget(self.tree, 1)
        self.edit_button.clicked.connect(self.edit_plan)
        self.review_button.clicked.connect(self.review_plan)
        self.print_button.clicked.connect(self.print_plan)
        self.sign_button.clicked.connect(self.record_signature)
        ctx.bus.changed.connect(self._on_changed)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.tree.setHeaderLabels(
            [
                self.tr("Ziel / Schritt"),
                self.tr("Bereich / Wer"),
                self.tr("Fällig"),
                self.tr("Stand"),
            ]
        )
        has_plan = self.file.plan is not None and self.file.plan.status == "active"
        self.edit_button.setText(
            self.tr("Förderplan &bearbeiten") if has_plan else self.tr("Förderplan &anlegen")
        )
        self.review_button.setText(self.tr("Ü&berprüfung"))
        self.print_button.setText(self.tr("&Drucken"))
        self.print_button.setToolTip(
            self.tr("Den Förderplan auf Deutsch und in der Sprache der Person drucken")
        )
        self.sign_button.setText(self.tr("&Unterschrift erfassen"))
        self._show()

    # --- loading ------------------------------------------------------------------------------

    def set_client(self, client_id: str, client: Client | None) -> None:
        self.client_id, self.client = client_id, client
        self.reload()

    def reload(self) -> None:
        if not self.client_id:
            return
        self.ctx.ops.read(
            plans.load,
            self.ctx.store,
            self.client_id,
            key=f"plan_section:{id(self)}",
            on_done=self._loaded,
        )

    def _on_changed(self, changes) -> None:
        if self.client_id and changes.touches(plans.KINDS, self.client_id):
            self.reload()

    def _loaded(self, file: plans.PlanFile) -> None:
        if not shiboken6.isValid(self):
            return
        self.file = file
        self.retranslateUi()

    def _show(self) -> None:
        plan = self.file.plan
        self.tree.clear()
        self.reviews = None
        rules = self.ctx.permissions
        may_write = bool(rules.writable_units("support_plan"))
        active = plan is not None and plan.status == "active"
        self.edit_button.setVisible(may_write)
        self.review_button.setVisible(may_write)
        self.sign_button.setVisible(may_write)
        for b in (self.review_button, self.print_button, self.sign_button):
            b.setEnabled(active)
        if plan is None:
            self.summary.setText(
                self.tr(
                    "Für diese Person gibt es noch keinen Förderplan (oder er ist für Ihre "
                    "Einheit nicht sichtbar)."
                )
            )
            return
        parts = [
            self.tr("Förderplan seit {date}").format(date=date_text(plan.started_on)),
            self.tr("Fallführung: {who} ({unit})").format(
                who=plan.case_manager or "—", unit=catalog_label("unit", plan.unit)
            ),
        ]
        if plan.status == "closed":
            parts.append(self.tr("abgeschlossen"))
        elif plan.next_review:
            parts.append(
                self.tr("nächste Überprüfung {date}").format(date=date_text(plan.next_review))
            )
        if plan.signed_on:
            parts.append(
                self.tr("unterschrieben am {date} ({reference})").format(
                    date=date_text(plan.signed_on), reference=plan.signed_reference
                )
            )
        else:
            parts.append(self.tr("noch nicht unterschrieben"))
        self.summary.setText(" · ".join(parts))
        for goal in self.file.goals:
            item = QTreeWidgetItem(
                [
                    goal.text,
                    catalog_label("plan_area", goal.area),
                    date_text(goal.target_date) if goal.target_date else "",
                    catalog_label("goal_achievement", goal.achievement),
                ]
            )
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setToolTip(0, goal.text)
            for step in self.file.steps_of(goal.id):
                child = QTreeWidgetItem(
                    item,
                    [
                        step.text,
                        owner_text(step),
                        date_text(step.due_date) if step.due_date else "",
                        catalog_label("step_status", step.status),
                    ],
                )
                child.setToolTip(0, step.text)
            self.tree.addTopLevelItem(item)
        self.tree.expandAll()
        if self.file.reviews:
            self.reviews = QTreeWidgetItem([self.tr("Überprüfungen")])
            self.tree.addTopLevelItem(self.reviews)
        for review in self.file.reviews:
            achieved = ", ".join(
                f"{g.text[:30]}: {catalog_label('goal_achievement', g.achievement)}"
                for g in review.goals
            )
            item = QTreeWidgetItem(
                self.reviews,
                [
                    self.tr("{date} – {who}: {note}").format(
                        date=date_text(review.reviewed_on),
                        who=review.reviewed_by or "—",
                        note=review.note or "—",
                    ),
                    "",
                    date_text(review.next_review) if review.next_review else "",
                    "",
                ],
            )
            item.setToolTip(0, achieved)
        self.tree.expandAll()

    # --- actions ------------------------------------------------------------------------------

    def edit_plan(self) -> None:
        """Open the plan dialog on the plan as stored now (read off the UI thread)."""
        self.ctx.ops.read(
            dialog_context,
            self.ctx.store,
            self.client_id,
            key=f"plan_dialog:{id(self)}",
            on_done=self._open_plan_dialog,
        )

    def _open_plan_dialog(self, context) -> None:
        if not shiboken6.isValid(self):
            return
        from desktop.ui.referral_dialog import client_language

        client = self.client
        dialog = PlanDialog(
            self.ctx,
            self.client_id,
            client.display_name if client else "",
            context,
            language=client_language(client.languages) if client else "",
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def review_plan(self) -> None:
        self.ctx.ops.read(
            plans.snapshot,
            self.ctx.store,
            self.client_id,
            key=f"plan_review:{id(self)}",
            on_done=self._open_review,
        )

    def _open_review(self, seen: plans.PlanSnapshot) -> None:
        if not shiboken6.isValid(self) or seen.file.plan is None:
            return
        dialog = PlanReviewDialog(self.ctx, seen, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def print_plan(self) -> None:
        """The plan as a PDF (German and the client's language), written on a worker and
        opened for printing; then the signed paper may be recorded."""
        plan = self.file.plan
        if plan is None:
            return
        self.ctx.ops.read(
            write_plan_pdf,
            self.ctx.store,
            self.client_id,
            plan.language,
            key="plan_print",
            on_done=self._printed,
            on_error=lambda exc: QMessageBox.warning(
                self, self.tr("Drucken fehlgeschlagen"), f"{type(exc).__name__}: {exc}"
            ),
        )

    def _printed(self, path) -> None:
        self.printed.emit(path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        plan = self.file.plan
        if plan is not None and plan.signed_on is None and self.sign_button.isVisible():
            self.record_signature()  # signed on paper now: its reference is noted here

    def record_signature(self) -> None:
        self.ctx.ops.read(
            plans.snapshot,
            self.ctx.store,
            self.client_id,
            key=f"plan_sign:{id(self)}",
            on_done=self._open_signature,
        )

    def _open_signature(self, seen: plans.PlanSnapshot) -> None:
        if not shiboken6.isValid(self) or seen.file.plan is None:
            return
        dialog = SignatureDialog(self.ctx, seen, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)
