"""The client file (Akte) of one person: header, actions, timeline and sections in tabs."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile import codec
from desktop.store.repo import ClientFile, Store
from desktop.sync import state
from desktop.ui import refusals
from desktop.ui.client_dialog import ClientDialog
from desktop.ui.consent_section import ConsentSection
from desktop.ui.formatting import birth_with_age, date_text, nationalities_text
from desktop.ui.forms import Translatable, catalog_label, tr_text
from desktop.ui.household import HouseholdSection
from desktop.ui.master_data import MasterDataView
from desktop.ui.record_form import min_width
from desktop.ui.sections import ResidenceSection, TaskDialog
from desktop.ui.timeline import TimelinePanel

log = logging.getLogger(__name__)
EXPIRY_WARNING = dt.timedelta(weeks=8)

STYLE = """
QFrame#clientHeader { background: #eef3f9; border: 1px solid #d5dfeb; border-radius: 10px; }
QLabel#headerName { font-size: 19pt; font-weight: 600; color: #14213d; }
QLabel#factCaption { color: #5b6270; font-size: 9pt; }
QLabel#factValue { font-size: 10.5pt; }
QLabel#factValue[warning="true"] { color: #b3261e; font-weight: 600; }
QLabel[badge="warning"] { background: #fde4e1; color: #a0201a; border-radius: 9px; padding: 1px 9px;
                          font-size: 9pt; font-weight: 600; }
QLabel[badge="attention"] { background: #fdf0d2; color: #7a4d00; border-radius: 9px; padding: 1px 9px;
                            font-size: 9pt; font-weight: 600; }
QLabel#loadError { background: #fde7e5; color: #8c1d18; border-radius: 8px; padding: 10px; }
QLabel#mergeNote { background: #e3effb; color: #0b3d6e; border-radius: 8px; padding: 10px; }
"""


def load_file(store: Store, client_id: str):
    """Runs on a worker: everything the view shows, read in one go. A file merged into
    another one on the server is followed to that one: (file, timeline, (old id, old name),
    the open refusals of its records by record id)."""
    cf = store.client_file(client_id)
    redirected = None
    if cf is None and (redirect := store.redirect_of(client_id)) is not None:
        new_id, old_name = redirect
        cf, redirected, client_id = store.client_file(new_id), (client_id, old_name), new_id
    refused = refusals.by_record(state.rejections(store.engine, client_id=client_id))
    return cf, store.timeline(client_id), redirected, refused


def badge(kind: str) -> QLabel:
    label = QLabel()
    label.setProperty("badge", kind)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    label.hide()
    return label


class Fact(QWidget):
    """A caption above a value in the header ("Geboren" / "12.03.1985 (40 Jahre)").

    A wrapping fact may take several lines when the header is narrow (long German or
    translated texts); its badges then sit on a line of their own below the value.
    """

    def __init__(self, wrap: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.wrap = wrap
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.caption, self.value, self.detail = QLabel(), QLabel(), QLabel()
        self.caption.setObjectName("factCaption")
        self.value.setObjectName("factValue")
        self.detail.setObjectName("factValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.value, self.detail):
            label.setWordWrap(wrap)
        self.detail.hide()
        self.row, self.below = QHBoxLayout(), QHBoxLayout()
        self.row.setSpacing(8)
        self.row.addWidget(self.value, 1 if wrap else 0)
        if not wrap:
            self.row.addStretch(1)
        self.below.addStretch(1)
        lay.addWidget(self.caption)
        lay.addLayout(self.row)
        lay.addWidget(self.detail)
        lay.addLayout(self.below)
        lay.addStretch(1)  # top-aligned when a neighbour wraps to more lines

    def add_badge(self, badge: QLabel) -> None:
        if self.wrap:
            self.below.insertWidget(self.below.count() - 1, badge)
        else:
            self.row.insertWidget(self.row.count() - 1, badge)

    def set_value(
        self, text: str, detail: str = "", warning: bool = False, tooltip: str = ""
    ) -> None:
        """*detail* is a second line (e.g. the valid-until date), red when *warning*."""
        self.value.setText(text or "—")
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.detail.setProperty("warning", warning)
        self.detail.style().unpolish(self.detail)
        self.detail.style().polish(self.detail)
        self.detail.setToolTip(tooltip)
        self.value.setToolTip(tooltip)


class ClientHeader(QFrame):
    """The frame above the tabs: the name with the actions, then the facts.

    Wide, the actions sit beside the name and the facts in one row. Narrower (a 1366 px laptop
    with the search panel open) the actions move under the name and the facts wrap into two
    rows, the short ones above the long ones, so the client file never forces the window
    wider than the screen.
    """

    # Where the facts (born, nationality, residence, languages, tasks) go: (row, column,
    # columns spanned) each, and the stretch of each column; the first that fits is used. In
    # one row the residence line (status, paragraph, date) takes most of the spare room.
    ARRANGEMENTS = (
        (((0, 0, 1), (0, 1, 1), (0, 2, 1), (0, 3, 1), (0, 4, 1)), (0, 1, 3, 1, 0)),
        (((0, 0, 1), (0, 1, 1), (1, 0, 2), (1, 2, 1), (0, 2, 1)), (1, 1, 1)),
        (((0, 0, 1), (0, 1, 1), (1, 0, 2), (2, 0, 1), (2, 1, 1)), (1, 1)),
    )

    def __init__(
        self,
        name: QLabel,
        actions: list[QPushButton],
        facts: list[Fact],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("clientHeader")
        self.name, self.facts, self.buttons = name, facts, actions
        self.actions = QWidget()
        self.action_grid = QGridLayout(self.actions)
        self.action_grid.setContentsMargins(0, 0, 0, 0)
        self.action_grid.setSpacing(8)
        self.action_columns = 0
        self._place_actions(len(actions))
        self.top = QGridLayout()
        self.top.setHorizontalSpacing(12)
        self.top.setVerticalSpacing(8)
        self.top.setColumnStretch(0, 1)
        self.top.addWidget(name, 0, 0)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(12)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 14, 20, 16)
        lay.setSpacing(10)
        lay.addLayout(self.top)
        lay.addLayout(self.grid)
        self.actions_beside: bool | None = None
        self.arrangement = -1
        self._arrange(True, 0)

    def _place_actions(self, columns: int) -> None:
        """The action buttons in one row, or (narrow) in rows of *columns*."""
        if columns == self.action_columns:
            return
        for button in self.buttons:
            self.action_grid.removeWidget(button)
        for i, button in enumerate(self.buttons):
            self.action_grid.addWidget(button, i // columns, i % columns)
        self.action_columns = columns

    def _actions_width(self, columns: int) -> int:
        """The least width of the action buttons in rows of *columns*."""
        widths = [0] * columns
        for i, button in enumerate(self.buttons):
            if not button.isHidden():
                widths[i % columns] = max(widths[i % columns], min_width(button))
        return sum(widths) + (columns - 1) * self.action_grid.horizontalSpacing()

    def _facts_width(self, arrangement: int) -> int:
        """The least width the facts need when arranged so."""
        places, stretches = self.ARRANGEMENTS[arrangement]
        spacing = self.grid.horizontalSpacing()
        widths = [0] * len(stretches)
        for fact, (_row, col, span) in zip(self.facts, places):
            if span == 1:
                widths[col] = max(widths[col], min_width(fact))
        for fact, (_row, col, span) in zip(self.facts, places):
            if span > 1:  # a spanning fact widens the last of its columns if need be
                short = min_width(fact) - sum(widths[col : col + span]) - (span - 1) * spacing
                widths[col + span - 1] += max(short, 0)
        return sum(widths) + (len(widths) - 1) * spacing

    def _arrange(self, actions_beside: bool, arrangement: int) -> None:
        if actions_beside != self.actions_beside:
            self.top.removeWidget(self.actions)
            if actions_beside:
                self.top.addWidget(self.actions, 0, 1, Qt.AlignmentFlag.AlignTop)
            else:
                self.top.addWidget(self.actions, 1, 0, Qt.AlignmentFlag.AlignLeft)
            self.actions_beside = actions_beside
        if arrangement != self.arrangement:
            places, stretches = self.ARRANGEMENTS[arrangement]
            for fact in self.facts:
                self.grid.removeWidget(fact)
            for fact, (row, col, span) in zip(self.facts, places):
                self.grid.addWidget(fact, row, col, 1, span)
            for col in range(self.grid.columnCount()):  # columns left empty stretch no more
                self.grid.setColumnStretch(col, stretches[col] if col < len(stretches) else 0)
            self.arrangement = arrangement

    def fit(self) -> None:
        """Arrange name, actions and facts for the current width (and texts)."""
        m = self.layout().contentsMargins()
        inner = self.width() - 2 * self.frameWidth() - m.left() - m.right()
        # All actions in one row where they fit, else two by two (a 1366 px laptop with the
        # queue dock open).
        self._place_actions(
            len(self.buttons) if inner >= self._actions_width(len(self.buttons)) else 2
        )
        beside = inner >= (
            self.name.sizeHint().width()
            + self.top.horizontalSpacing()
            + self.actions.sizeHint().width()
        )
        fitting = (i for i in range(len(self.ARRANGEMENTS)) if self._facts_width(i) <= inner)
        self._arrange(beside, next(fitting, len(self.ARRANGEMENTS) - 1))

    def minimumSizeHint(self) -> QSize:
        # The narrowest arrangement, whichever is shown now: fit() switches to it when needed.
        m = self.layout().contentsMargins()
        width = max(self._actions_width(2), self._facts_width(len(self.ARRANGEMENTS) - 1))
        return QSize(
            width + 2 * self.frameWidth() + m.left() + m.right(), super().minimumSizeHint().height()
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()


class ClientFileView(Translatable, QWidget):
    """One client's file; reloads itself when the change bus reports a change of this client."""

    title_changed = Signal(str)
    master_data_opened = Signal(object)  # the ClientDialog, once its snapshot was read

    def __init__(self, ctx, client_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._client_id = client_id
        self.file: ClientFile | None = None
        self.entries: list = []
        self._title = ""
        self._consult_when_loaded = False  # Strg+B came before the file was read
        self.setObjectName("clientFile")
        self.setStyleSheet(STYLE)
        self._build()
        ctx.bus.changed.connect(self._on_changed)
        # Deferred, so that title_changed reaches whoever connects right after construction,
        # even with a synchronous operation layer.
        QTimer.singleShot(0, self, self.reload)

    @property
    def client_id(self) -> str:
        return self._client_id

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.name = QLabel()
        self.name.setObjectName("headerName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name.setWordWrap(True)  # a long name takes two lines rather than being cut
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.consult_button = QPushButton()
        self.consult_button.setObjectName("newConsultationButton")
        self.task_button = QPushButton()
        self.task_button.setObjectName("newTaskButton")
        self.referral_button = QPushButton()
        self.referral_button.setObjectName("newReferralButton")
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("editClientButton")
        self.consult_button.clicked.connect(self.new_consultation)
        self.task_button.clicked.connect(self.new_task)
        self.referral_button.clicked.connect(self.new_referral)
        self.edit_button.clicked.connect(self.edit_master_data)
        for b in (self.edit_button, self.task_button, self.referral_button, self.consult_button):
            b.setEnabled(False)  # until the file is loaded

        self.born, self.tasks = Fact(), Fact()
        self.nationality, self.residence, self.languages = Fact(True), Fact(True), Fact(True)
        self.residence.setMinimumWidth(200)
        self.interpreter_badge = badge("attention")
        self.interpreter_badge.setObjectName("interpreterBadge")
        self.languages.add_badge(self.interpreter_badge)
        self.overdue_badge = badge("warning")
        self.tasks.add_badge(self.overdue_badge)
        for fact, caption in (
            (self.born, QT_TRANSLATE_NOOP("ClientFileView", "Geboren")),
            (self.nationality, QT_TRANSLATE_NOOP("ClientFileView", "Staatsangehörigkeit")),
            (self.residence, QT_TRANSLATE_NOOP("ClientFileView", "Aufenthalt")),
            (self.languages, QT_TRANSLATE_NOOP("ClientFileView", "Sprachen")),
            (self.tasks, QT_TRANSLATE_NOOP("ClientFileView", "Offene Wiedervorlagen")),
        ):
            tr_text(self, fact.caption.setText, caption)
        self.header = ClientHeader(
            self.name,
            [self.edit_button, self.task_button, self.referral_button, self.consult_button],
            [self.born, self.nationality, self.residence, self.languages, self.tasks],
        )

        self.load_error = QLabel()
        self.load_error.setObjectName("loadError")
        self.load_error.setWordWrap(True)
        self.load_error.hide()
        self.merge_note = QLabel()
        self.merge_note.setObjectName("mergeNote")
        self.merge_note.setWordWrap(True)
        self.merge_note.hide()

        self.timeline = TimelinePanel(self.ctx)
        self.master = MasterDataView(self.ctx.today)
        self.residence_section = ResidenceSection(self.ctx)
        self.household_section = HouseholdSection(self.ctx)
        self.consent_section = ConsentSection(self.ctx)
        from desktop.ui.plan_section import PlanSection  # issue 20: support plan

        self.plan_section = PlanSection(self.ctx)
        # --- issue 21: project participation ---
        from desktop.ui.project_section import ProjectSection

        self.project_section = ProjectSection(self.ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("clientTabs")
        self.tabs.setDocumentMode(False)
        for widget, title in (
            (self.timeline, QT_TRANSLATE_NOOP("ClientFileView", "Verlauf")),
            (self.master, QT_TRANSLATE_NOOP("ClientFileView", "Stammdaten")),
            (self.residence_section, QT_TRANSLATE_NOOP("ClientFileView", "Aufenthalt")),
            (self.household_section, QT_TRANSLATE_NOOP("ClientFileView", "Haushalt")),
            (self.consent_section, QT_TRANSLATE_NOOP("ClientFileView", "Einwilligungen")),
            (self.plan_section, QT_TRANSLATE_NOOP("ClientFileView", "Förderplan")),
            (self.project_section, QT_TRANSLATE_NOOP("ClientFileView", "Projekte")),  # issue 21
        ):
            index = self.tabs.addTab(widget, "")
            tr_text(self, lambda text, i=index: self.tabs.setTabText(i, text), title)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 12, 12, 12)
        lay.setSpacing(12)
        lay.addWidget(self.header)
        lay.addWidget(self.load_error)
        lay.addWidget(self.merge_note)
        lay.addWidget(self.tabs, 1)
        tr_text(
            self,
            self.consult_button.setText,
            QT_TRANSLATE_NOOP("ClientFileView", "Beratung erfassen"),
        )
        tr_text(
            self,
            self.consult_button.setToolTip,
            QT_TRANSLATE_NOOP("ClientFileView", "Neuen Beratungskontakt erfassen (Strg+B)"),
        )
        tr_text(
            self, self.task_button.setText, QT_TRANSLATE_NOOP("ClientFileView", "Wiedervorlage")
        )
        tr_text(
            self, self.referral_button.setText, QT_TRANSLATE_NOOP("ClientFileView", "Verweisung")
        )
        tr_text(
            self,
            self.referral_button.setToolTip,
            QT_TRANSLATE_NOOP(
                "ClientFileView",
                "Die Person an ein Angebot, ein Sachgebiet oder eine Stelle verweisen",
            ),
        )
        tr_text(
            self,
            self.edit_button.setText,
            QT_TRANSLATE_NOOP("ClientFileView", "Stammdaten bearbeiten"),
        )

    def retranslateUi(self) -> None:
        super().retranslateUi()
        if self.file is not None:
            self._show_header(self.file)
        self.header.fit()

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the file again off the UI thread; a newer reload supersedes an older one."""
        self.ctx.ops.read(
            load_file,
            self.ctx.store,
            self._client_id,
            key=f"client_file:{self._client_id}:{id(self)}",
            on_done=self._loaded,
            on_error=self._load_failed,
        )

    def _on_changed(self, changes) -> None:
        """Reload only when this file changed, or the name of a household member it shows."""
        changes = changes.without("draft")  # the file does not show drafts
        members = {m.link.other_client_id for m in self.file.household} if self.file else set()
        if changes.touches(client=self._client_id) or (
            changes.touches(("client",)) and members & changes.clients
        ):
            self.reload()

    def _loaded(self, result) -> None:
        cf, timeline, redirected, refused = result
        if cf is None:
            self._load_failed(None)
            return
        if redirected is not None:
            # The file shown was merged into another one: switch to it and say so.
            old_id, old_name = redirected
            self._client_id = cf.client.id
            self.merge_note.setText(
                self.tr(
                    "Die Akte „{name}“ wurde mit dieser Akte zusammengeführt (dieselbe Person). "
                    "Alle Beratungen und Wiedervorlagen stehen jetzt hier."
                ).format(name=old_name or old_id)
            )
            self.merge_note.show()
        self.load_error.hide()
        self.file, self.entries = cf, timeline
        self._show_header(cf)
        self.master.show_file(cf)
        self.timeline.set_entries(self._client_id, timeline, refused)
        self.residence_section.set_rows(self._client_id, cf.residence, refused)
        if not cf.residence and self._residence_hidden(cf):
            # An empty tab that says so: hidden, not absent.
            self.residence_section.show_hidden(self._hidden_residence_text())
        self.household_section.set_client(self._client_id, cf.client.display_name, cf.household)
        self.consent_section.set_rows(self._client_id, cf.consents)
        self.plan_section.set_client(self._client_id, cf.client)  # issue 20: support plan
        self.project_section.set_client(self._client_id)  # issue 21: project participation
        # Only what the rules let this user do (reception records no unit's consultation).
        rules = self.ctx.permissions
        for button, allowed in (
            (self.consult_button, bool(rules.writable_units("consultation"))),
            (self.task_button, rules.may_create("task", {"client_id": self._client_id})),
            (
                self.referral_button,
                rules.may_create("referral", {"client_id": self._client_id}),
            ),
            (self.edit_button, rules.may_create("client")),
        ):
            button.setEnabled(True)
            button.setVisible(allowed)
        if cf.client.display_name != self._title:
            self._title = cf.client.display_name
            self.title_changed.emit(self._title)
        if self._consult_when_loaded:
            self._consult_when_loaded = False
            self.new_consultation()

    def _load_failed(self, exc: Exception | None) -> None:
        if exc is not None:
            log.error("loading client file %s failed: %r", self._client_id, exc)
        self.load_error.setText(
            self.tr(
                "Diese Akte wurde nicht gefunden. Möglicherweise wurde sie mit einer anderen "
                "zusammengeführt."
            )
            if exc is None
            else self.tr(
                "Die Akte konnte nicht geladen werden. Bitte schließen Sie sie und öffnen Sie "
                "sie erneut."
            )
        )
        self.load_error.show()
        for b in (self.consult_button, self.task_button, self.referral_button, self.edit_button):
            b.setEnabled(self.file is not None)

    # --- header and master data -------------------------------------------------------------

    def _residence_hidden(self, cf: ClientFile) -> bool:
        """Absent here may mean hidden: the status is the immigration office's, and this user
        reads it only by a share or a consent in force."""
        rules = self.ctx.permissions
        granted = rules.granted((codec.encode(c) for c in cf.consents), self.ctx.today())
        return rules.hidden_unit("residence_status", {}, granted) is not None

    def _hidden_residence_text(self) -> str:
        return self.tr(
            "Den Aufenthaltsstatus führt die Ausländerbehörde. Ihre Einheit sieht ihn "
            "nur mit einer Rechtsgrundlage oder einer Einwilligung der Person."
        )

    def _residence_text(self, cf: ClientFile) -> tuple[str, str, bool, str]:
        """(status, valid-until line, warning, tooltip) of the current residence status."""
        rs = cf.current_residence
        if rs is None:
            if self._residence_hidden(cf):
                return (
                    self.tr("für Ihre Einheit nicht sichtbar"),
                    "",
                    False,
                    self._hidden_residence_text(),
                )
            return self.tr("nicht erfasst"), "", False, ""
        status = catalog_label("residence_status", rs.status)
        if rs.paragraph:
            status = self.tr("{status} ({paragraph})").format(status=status, paragraph=rs.paragraph)
        if rs.valid_until is None:
            return status, "", False, ""
        today = self.ctx.today()
        until = self.tr("gültig bis {date}").format(date=date_text(rs.valid_until))
        if rs.valid_until < today:
            return (
                status,
                self.tr("abgelaufen am {date}").format(date=date_text(rs.valid_until)),
                True,
                self.tr("abgelaufen seit {days} Tagen").format(days=(today - rs.valid_until).days),
            )
        days = (rs.valid_until - today).days
        if rs.valid_until - today <= EXPIRY_WARNING:
            soon = (
                self.tr("{until} · läuft heute ab")
                if days == 0
                else self.tr("{until} · noch 1 Tag")
                if days == 1
                else self.tr("{until} · noch {days} Tage")
            )
            return status, soon.format(until=until, days=days), True, ""
        return status, until, False, ""

    def _show_header(self, cf: ClientFile) -> None:
        c = cf.client
        self.name.setText(c.display_name or self.tr("(ohne Namen)"))
        self.name.setToolTip(c.display_name)
        self.born.set_value(
            birth_with_age(c.birth_date, str(c.birth_date_precision), self.ctx.today())
        )
        self.nationality.set_value(nationalities_text(c.nationalities) or self.tr("unbekannt"))
        self.residence.set_value(*self._residence_text(cf))
        self.languages.set_value(", ".join(catalog_label("language", s.code) for s in c.languages))
        needed = [catalog_label("language", s.code) for s in c.languages if s.interpreter_needed]
        self.interpreter_badge.setText(self.tr("Dolmetschbedarf"))
        self.interpreter_badge.setToolTip(", ".join(needed))
        self.interpreter_badge.setVisible(bool(needed))
        self.tasks.set_value(str(cf.open_tasks))
        overdue = sum(
            1
            for e in self.entries
            if e.kind == "task" and not e.record.done and e.record.due_date < self.ctx.today()
        )
        self.overdue_badge.setText(self.tr("{count} überfällig").format(count=overdue))
        self.overdue_badge.setVisible(overdue > 0)
        self.header.fit()  # longer texts may need another arrangement

    # --- actions ------------------------------------------------------------------------------

    def new_consultation(self) -> QDialog | None:
        """Open the consultation form for this client (Strg+B: the main window's action, so it
        works wherever the focus is while this file is in front). Pressed while the file is
        still loading, the form opens once it is loaded."""
        if self.file is None:
            self._consult_when_loaded = True
            return None
        # Imported here: the consultation form is a separate, larger module.
        from desktop.ui.consultation_form import ConsultationDialog

        client = self.file.client
        dialog = ConsultationDialog(
            self.ctx, self._client_id, client.display_name, parent=self, languages=client.languages
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def new_task(self) -> TaskDialog:
        """Open the small "Wiedervorlage" dialog for this client."""
        dialog = TaskDialog(self.ctx, self._client_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def new_referral(self) -> QDialog | None:
        """Open the "Verweisung" dialog for this client, on its own (not with a consultation):
        the need from the client's languages and the user's place of the day."""
        if self.file is None:
            return None
        from desktop.ui.referral_dialog import ReferralDialog, client_language

        client = self.file.client
        dialog = ReferralDialog(
            self.ctx,
            self._client_id,
            client.display_name,
            language=client_language(client.languages),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_master_data(self) -> None:
        """Open the master-data dialog on the client as the store holds it now (read off the
        UI thread); saving it announces the change, so the file reloads. ``master_data_opened``
        carries the dialog."""
        if self.file is None:
            return
        self.ctx.ops.read(
            self.ctx.store.client_snapshot,
            self._client_id,
            key=f"edit:{id(self)}",
            on_done=self._open_master_data,
        )

    def _open_master_data(self, snapshot) -> None:
        if snapshot is None:
            return
        dialog = ClientDialog(self.ctx, snapshot, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.master_data_opened.emit(dialog)
