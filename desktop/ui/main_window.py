"""The main window: navigation (Heute, Klient:innen, Wiedervorlagen, Empfang, Angebote,
Sprachmittlung, Gruppen, Berichte), open client files in tabs, and the status bar with the area reserved for the
sync state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from desktop.settings import save_window_geometry
from desktop.ui import i18n
from desktop.ui.context import AppContext
from desktop.ui.directory_view import DirectoryView
from desktop.ui.forms import catalog_label
from desktop.ui.groups_view import GroupsView
from desktop.ui.mediation_view import MediationView
from desktop.ui.queue_panel import PANEL_BESIDE, QueueDock
from desktop.ui.reception_view import ReceptionView
from desktop.ui.screen_fit import fit_main_window
from desktop.ui.search_panel import SearchPanel
from desktop.ui.sync_status import SyncStatusWidget
from desktop.ui.tasks_view import TasksView
from desktop.ui.today_view import TodayView

if TYPE_CHECKING:
    from desktop.ui.unlock import InactivityLock

(
    PAGE_TODAY,
    PAGE_CLIENTS,
    PAGE_TASKS,
    PAGE_RECEPTION,
    PAGE_DIRECTORY,
    PAGE_MEDIATION,
) = range(6)
PAGE_GROUPS = 6  # --- issue 20: group sessions ---
PAGE_REPORTS = 7  # --- issue 21: reports ---
PAGES = 8


class MainWindow(QMainWindow):
    inactivity_lock: InactivityLock  # set by desktop.app when the lock is on (keeps it)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.resize(1280, 800)
        self.nav = QListWidget(objectName="navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(230)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for _ in range(PAGES):
            self.nav.addItem(QListWidgetItem())
        self.stack = _Pages(lambda row: not self.nav.isRowHidden(row))
        self.today = TodayView(ctx)
        self.search = SearchPanel(ctx)
        self.files = QTabWidget(objectName="clientTabs")
        self.files.setTabsClosable(True)
        self.files.setDocumentMode(True)
        self.files_hint = QLabel(objectName="emptyHint")
        self.files_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.files_hint.setWordWrap(True)
        self.file_stack = QStackedWidget()
        self.file_stack.addWidget(self.files_hint)
        self.file_stack.addWidget(self.files)
        clients = QSplitter()
        clients.addWidget(self.search)
        clients.addWidget(self.file_stack)
        # Half and half: the result list needs room for names (which tell people apart) beside
        # birth date and nationality, the file beside it for its header and cards.
        clients.setStretchFactor(0, 1)
        clients.setStretchFactor(1, 1)
        clients.setSizes([600, 640])
        self.search.setMinimumWidth(520)
        self.tasks = TasksView(ctx)
        self.reception = ReceptionView(ctx)  # offered to staff of a walk-in location
        self.directory = DirectoryView(ctx)  # the offers: every user, offline too
        # --- issue 20: consulting hours: the Angebote page's second tab ---
        from desktop.ui.hours_view import DirectoryPage, HoursView

        self.hours = HoursView(ctx)
        self.directory_page = DirectoryPage(self.directory, self.hours)
        self.mediation = MediationView(ctx)  # offered to users who see the mediators' pool
        self.groups = GroupsView(ctx)  # --- issue 20: for users who hold group sessions
        # --- issue 21: reports: for users whose role sees figures (attach_reports: the server)
        from desktop.ui.reports_view import ReportsPage

        self.reports = ReportsPage(ctx)
        pages = (
            self.today,
            clients,
            self.tasks,
            self.reception,
            self.directory_page,
            self.mediation,
            self.groups,
            self.reports,
        )
        for page in pages:
            self.stack.addWidget(page)
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.sync_status = SyncStatusWidget()
        self.sync_label = self.sync_status.label
        self.user_label = QLabel(objectName="userState")
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.sync_status)

        self._open: dict[str, QWidget] = {}
        self.sync_controller = None  # set by attach_sync when a server is configured
        # Warteschlange: for users whose units have a walk-in queue at their location.
        self.nav.setRowHidden(PAGE_RECEPTION, not self.reception.available())
        self.nav.setRowHidden(PAGE_MEDIATION, not self.mediation.available())
        self.nav.setRowHidden(PAGE_GROUPS, not self.groups.available())
        self.nav.setRowHidden(PAGE_REPORTS, not self.reports.available())
        self.queue_dock = QueueDock(ctx, self)
        area = self._queue_area()
        self.addDockWidget(area, self.queue_dock)
        self.queue_dock.panel.set_wide(area == Qt.DockWidgetArea.BottomDockWidgetArea)
        self.queue_dock.setVisible(self.queue_dock.available())
        self._build_actions()
        self.menu_view.addAction(self.queue_dock.toggleViewAction())
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.search.client_chosen.connect(self.open_client)
        self.search.new_client_requested.connect(self.new_client)
        self.files.tabCloseRequested.connect(self._close_tab)
        ctx.bus.open_client.connect(self.open_client)
        ctx.bus.changed.connect(self._on_changed)
        self.tasks.count_changed.connect(self._tasks_badge)
        self.retranslateUi()
        self.nav.setCurrentRow(PAGE_RECEPTION if self.reception.is_front_desk() else PAGE_TODAY)

    # --- set-up ----------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.act_search = QAction(self, shortcut=QKeySequence.StandardKey.Find)
        self.act_search.triggered.connect(self.focus_search)
        self.act_new = QAction(self, shortcut=QKeySequence("Ctrl+N"))
        self.act_new.triggered.connect(lambda: self.new_client(""))
        # Strg+B (Beratung) belongs to the window, not the file: after opening a file from the
        # search the focus is still in the search panel.
        self.act_consultation = QAction(self, shortcut=QKeySequence("Ctrl+B"))
        self.act_consultation.triggered.connect(self.new_consultation)
        self.act_close_tab = QAction(self, shortcut=QKeySequence("Ctrl+W"))
        self.act_close_tab.triggered.connect(lambda: self._close_tab(self.files.currentIndex()))
        # Sync: enabled once a server is attached (attach_sync); F5 as in every app that reloads.
        self.act_sync = QAction(self, shortcut=QKeySequence("F5"), enabled=False)
        self.act_conflicts = QAction(self, enabled=False)
        self.act_duplicates = QAction(self, enabled=False)
        self.act_audit = QAction(self, enabled=False)
        self.act_queue_stats = QAction(self, enabled=False)  # needs the server: attach_queue_stats
        self.act_needs = QAction(self)  # counted from the local store: works offline
        self.act_needs.triggered.connect(self.open_needs)
        self.act_password = QAction(self, enabled=False)  # online: attach_password
        self.act_quit = QAction(self, shortcut=QKeySequence.StandardKey.Quit)
        self.act_quit.triggered.connect(self.close)
        self.act_pages = []
        for page in range(PAGES):
            act = QAction(self, shortcut=QKeySequence(f"Ctrl+{page + 1}"))
            act.triggered.connect(lambda _=False, p=page: self.nav.setCurrentRow(p))
            self.addAction(act)
            self.act_pages.append(act)
        # Strg+5 leads into the directory's filters (the keyboard's way in).
        self.act_pages[PAGE_DIRECTORY].triggered.connect(self.directory_page.focus_current)
        self.act_pages[PAGE_GROUPS].triggered.connect(self.groups.focus_list)
        self.act_pages[PAGE_REPORTS].triggered.connect(self.reports.indicator.setFocus)
        self.act_about = QAction(self)
        self.act_about.triggered.connect(self._about)
        self.lang_group = QActionGroup(self)
        self.lang_actions = {}
        for code, name in i18n.LANGUAGES.items():
            act = QAction(name, self, checkable=True)
            act.setChecked(code == self.ctx.settings.language)
            act.setEnabled(not self.ctx.settings.is_locked("language"))  # fixed by IT
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.lang_group.addAction(act)
            self.lang_actions[code] = act
        self.menu_file = self.menuBar().addMenu("")
        self.menu_file.addActions([self.act_new, self.act_search, self.act_consultation])
        self.menu_file.addSeparator()
        self.menu_file.addActions(
            [self.act_sync, self.act_conflicts, self.act_duplicates, self.act_audit]
        )
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_password)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_view = self.menuBar().addMenu("")
        self.menu_view.addActions(self.act_pages)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.act_queue_stats)
        self.menu_view.addAction(self.act_needs)
        self.menu_lang = self.menu_view.addMenu("")
        self.menu_lang.addActions(list(self.lang_actions.values()))
        self.menu_help = self.menuBar().addMenu("")
        self.menu_help.addAction(self.act_about)
        self.addAction(self.act_close_tab)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("MiA Desk – Migrationsagentur"))
        for row, text in enumerate(
            (
                self.tr("Heute"),
                self.tr("Klient:innen"),
                self.tr("Wiedervorlagen"),
                self.tr("Empfang"),
                self.tr("Angebote"),
                self.tr("Sprachmittlung"),
                self.tr("Gruppen"),
                self.tr("Berichte"),
            )
        ):
            self.nav.item(row).setText(text)
            self.act_pages[row].setText(text)
        self.nav.setRowHidden(PAGE_RECEPTION, not self.reception.available())
        self.stack.updateGeometry()
        self.act_pages[PAGE_RECEPTION].setVisible(self.reception.available())
        self.nav.setRowHidden(PAGE_MEDIATION, not self.mediation.available())
        self.act_pages[PAGE_MEDIATION].setVisible(self.mediation.available())
        self.nav.setRowHidden(PAGE_GROUPS, not self.groups.available())
        self.act_pages[PAGE_GROUPS].setVisible(self.groups.available())
        self.nav.setRowHidden(PAGE_REPORTS, not self.reports.available())
        self.act_pages[PAGE_REPORTS].setVisible(self.reports.available())
        self.act_search.setText(self.tr("Person suchen"))
        self.act_new.setText(self.tr("Neue:r Klient:in …"))
        self.act_consultation.setText(self.tr("Beratung erfassen …"))
        self.act_close_tab.setText(self.tr("Akte schließen"))
        self.act_quit.setText(self.tr("Beenden"))
        self.act_sync.setText(self.tr("Jetzt synchronisieren"))
        self.act_conflicts.setText(self.tr("Konflikte …"))
        self.act_duplicates.setText(self.tr("Mögliche Dubletten …"))
        self.act_audit.setText(self.tr("Protokoll der Zugriffe …"))
        self.act_queue_stats.setText(self.tr("Wartestatistik …"))
        self._offer_queue_stats()
        self.act_needs.setText(self.tr("Ungedeckte Bedarfe …"))
        self._offer_needs()
        self.act_password.setText(self.tr("Passwort ändern …"))
        self.act_about.setText(self.tr("Über MiA Desk"))
        self.menu_file.setTitle(self.tr("&Datei"))
        self.menu_view.setTitle(self.tr("&Ansicht"))
        self.menu_lang.setTitle(self.tr("Sprache"))
        self.menu_help.setTitle(self.tr("&Hilfe"))
        self.files_hint.setText(
            self.tr(
                "Links eine Person suchen und mit Enter öffnen.\nDie Klientenakte erscheint hier."
            )
        )
        self.show_user()
        for view in (
            self.today,
            self.search,
            self.tasks,
            self.reception,
            self.directory,
            self.hours,
            self.directory_page,
            self.mediation,
            self.groups,
            self.reports,
        ):
            view.retranslateUi()
        for i in range(self.files.count()):
            widget = self.files.widget(i)
            if hasattr(widget, "retranslateUi"):
                widget.retranslateUi()
        self.refresh_sync_state()

    def _queue_area(self) -> Qt.DockWidgetArea:
        """Beside the pages where the screen has room for both at their least, else below
        them (a 1366 laptop: a client file leaves no room for the list beside it)."""
        from desktop.ui.screen_fit import available_geometry

        need = max(self.centralWidget().minimumSizeHint().width(), FILE_PAGE_WIDTH) + PANEL_BESIDE
        if available_geometry(self).width() >= need:
            return Qt.DockWidgetArea.RightDockWidgetArea
        return Qt.DockWidgetArea.BottomDockWidgetArea

    def show_user(self) -> None:
        """The registered user and their unit in the status bar."""
        s = self.ctx.settings
        self.user_label.setText(
            self.tr("{user} · {unit}").format(user=s.user_name, unit=catalog_label("unit", s.unit))
        )

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- behaviour ------------------------------------------------------------------------

    def start(self) -> None:
        """Load the first data and bring back drafts a crash left behind."""
        self.ctx.ops.read(self.ctx.store.warm_search)
        # The queues are the day's: earlier tickets leave this laptop (the server keeps them
        # for the statistics; unsent ones stay until sent).
        from desktop.store import tickets

        self.ctx.ops.write(tickets.purge_before, self.ctx.store, tickets.local_day())
        self.today.refresh()
        self.tasks.refresh()
        self.search.refresh()
        self.directory.refresh()
        self.mediation.refresh()
        self.groups.refresh()
        from desktop.ui.consultation_form import restore_drafts

        restore_drafts(self.ctx, self, on_ready=lambda dialogs: [d.show() for d in dialogs])

    def set_language(self, code: str) -> None:
        app = QCoreApplication.instance()
        i18n.install(app, code)
        self.ctx.settings.language = code
        self.ctx.settings.save()

    def focus_search(self) -> None:
        if self.stack.currentWidget() is self.reception:  # Strg+F there: its own search
            self.reception.focus_search()
            return
        self.nav.setCurrentRow(PAGE_CLIENTS)
        self.search.focus_search()

    def open_client(self, client_id: str) -> None:
        from desktop.ui.client_file import ClientFileView

        self.nav.setCurrentRow(PAGE_CLIENTS)
        self.file_stack.setCurrentWidget(self.files)
        view = self._open.get(client_id)
        if view is None:
            view = ClientFileView(self.ctx, client_id)
            self._open[client_id] = view
            self.files.addTab(view, "…")
            view.title_changed.connect(
                lambda title, v=view: self.files.setTabText(self.files.indexOf(v), title)
            )
        self.files.setCurrentWidget(view)

    def current_client_id(self) -> str:
        """The client of the file tab in front ("" if none is open)."""
        view = self.files.currentWidget()
        return getattr(view, "client_id", "") or ""

    def new_consultation(self):
        """Strg+B: the consultation form for the client file in front (None if no file is
        open or it is still loading)."""
        view = self.files.currentWidget() if self._open else None
        if view is None:
            return None
        self.nav.setCurrentRow(PAGE_CLIENTS)
        return view.new_consultation()

    def open_client_count(self) -> int:
        return len(self._open)

    def _close_tab(self, index: int) -> None:
        widget = self.files.widget(index)
        if widget is None:
            return
        self.files.removeTab(index)
        self._open = {k: v for k, v in self._open.items() if v is not widget}
        widget.deleteLater()
        if not self._open:
            self.file_stack.setCurrentWidget(self.files_hint)

    def new_client(self, prefill: str = ""):
        """Strg+N: the new-client dialog (window-modal, not a nested event loop); once saved,
        or an existing person chosen instead, that file opens. Returns the dialog."""
        from desktop.ui.client_dialog import ClientDialog

        if self.stack.currentWidget() is self.reception:  # there: the walk-in's registration
            return self.reception.register(prefill or self.reception.search.field.text())
        dialog = ClientDialog(self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if prefill:
            dialog.prefill_name(prefill)
        dialog.accepted.connect(lambda: self._client_dialog_done(dialog))
        dialog.open()
        return dialog

    def _client_dialog_done(self, dialog) -> None:
        target = dialog.open_existing_id or dialog.client_id
        if target:
            self.open_client(target)

    def _on_changed(self, changes) -> None:
        if changes.everything:  # e.g. the user's units changed on the server
            self.show_user()
            self.nav.setRowHidden(PAGE_RECEPTION, not self.reception.available())
            self.nav.setRowHidden(PAGE_MEDIATION, not self.mediation.available())
            self.act_pages[PAGE_MEDIATION].setVisible(self.mediation.available())
            self.nav.setRowHidden(PAGE_GROUPS, not self.groups.available())
            self.act_pages[PAGE_GROUPS].setVisible(self.groups.available())
            self.nav.setRowHidden(PAGE_REPORTS, not self.reports.available())
            self.act_pages[PAGE_REPORTS].setVisible(self.reports.available())
            self.stack.updateGeometry()
            self._offer_queue_stats()
            self._offer_needs()
        # Without a server the window counts the outbox; with one the sync controller does
        # (once per change, not twice).
        if self.sync_controller is None and changes.origin == "local" and changes.without("draft"):
            self.refresh_sync_state()

    def refresh_sync_state(self) -> None:
        if self.sync_controller is not None:
            return
        self.ctx.ops.read(
            self.ctx.store.outbox_count, key="outbox_count", on_done=self._show_outbox
        )

    def _show_outbox(self, pending: int) -> None:
        self.sync_status.show_local_pending(pending)

    def attach_duplicates(self, open_duplicates) -> None:
        """ "Mögliche Dubletten …" opens the review queue (the server checks the role)."""
        self.act_duplicates.setEnabled(True)
        self.act_duplicates.triggered.connect(open_duplicates)

    def attach_audit(self, open_audit) -> None:
        """ "Protokoll der Zugriffe …" (administrators; the server checks the role)."""
        self.act_audit.setEnabled(True)
        self.act_audit.triggered.connect(open_audit)

    def attach_queue_stats(self, open_queue_stats) -> None:
        """ "Wartestatistik …" (the server computes it for the staff of a location's queue)."""
        self.act_queue_stats.setEnabled(True)
        self.act_queue_stats.triggered.connect(open_queue_stats)

    # --- issue 21: reports ---
    def attach_reports(self, connection) -> None:
        """The report page asks *connection*'s server (the laptop's own counts without it)."""
        self.reports.set_connection(connection)

    def _offer_queue_stats(self) -> None:
        """Only users who work a walk-in queue see "Wartestatistik …"."""
        from desktop.reception import queue_locations

        self.act_queue_stats.setVisible(bool(queue_locations(self.ctx.permissions)))

    def _offer_needs(self) -> None:
        """The needs analysis is coordination's ("Ungedeckte Bedarfe …")."""
        permissions = self.ctx.permissions
        self.act_needs.setVisible(
            not permissions.restricted or "coordination" in permissions.user.units
        )

    def open_needs(self) -> None:
        from desktop.ui.needs_view import NeedsDialog

        dialog = NeedsDialog(self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.load()

    def attach_password(self, change_password, password_required=None) -> None:
        """ "Passwort ändern …" calls *change_password* (it needs the server); the status bar's
        "Neues Passwort …" (after an administrator's reset) *password_required*."""
        self.act_password.setEnabled(True)
        self.act_password.triggered.connect(change_password)
        if password_required is not None:
            self.sync_status.password_requested.connect(password_required)

    def attach_sync(self, controller, open_conflicts, login) -> None:
        """Show the state of a :class:`~desktop.sync.worker.SyncController`; F5 and the
        status-bar button sync now, "Konflikte …" calls *open_conflicts*, a needed login *login*."""
        self.sync_controller = controller
        self.sync_status.attach(controller)
        self.act_sync.setEnabled(True)
        self.act_sync.triggered.connect(controller.request_sync)
        self.act_conflicts.setEnabled(True)
        self.act_conflicts.triggered.connect(open_conflicts)
        self.sync_status.conflicts_requested.connect(open_conflicts)
        self.sync_status.login_requested.connect(login)
        self._open_conflicts = open_conflicts
        self.sync_status.refusals_requested.connect(self.show_refused)

    def show_refused(self) -> None:
        """ "n nicht übernommen": the client file of the first refused record, where the
        refusal is shown on the record; without a file, the list of refused changes."""
        from desktop.sync import state

        self.ctx.ops.read(
            state.rejections,
            self.ctx.store.engine,
            key=f"refused:{id(self)}",
            on_done=self._refused_loaded,
        )

    def _refused_loaded(self, rejections) -> None:
        first = next((r for r in rejections if r.client_id), None)
        if first is not None:
            self.open_client(first.client_id)
        elif rejections and getattr(self, "_open_conflicts", None) is not None:
            self._open_conflicts()

    def _tasks_badge(self, due: int) -> None:
        text = self.tr("Wiedervorlagen")
        self.nav.item(PAGE_TASKS).setText(f"{text}  ({due})" if due else text)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Über MiA Desk"),
            self.tr(
                "MiA Desk – Fallarbeit der Migrationsagentur.\nEine Akte pro Person, auch offline."
            ),
        )

    def restore_geometry(self, saved: bytes = b"") -> None:
        """Before the first show: where and how large it was last closed, within the screen
        of today (the laptop may be off its docking station); maximised where the default
        size does not fit (1366×768)."""
        fit_main_window(self, saved)

    def closeEvent(self, event) -> None:
        # Open consultation dialogs save their drafts in their own close handlers.
        self.ctx.ops.wait(5000)
        save_window_geometry(self.saveGeometry().data())
        super().closeEvent(event)


# The least width of the window's content with a client file open (navigation, search, the
# file's timeline and facts; measured at 1366x768 with the app's style): the dock goes beside
# the pages only where the screen has room for this and the dock.
FILE_PAGE_WIDTH = 1340


class _Pages(QStackedWidget):
    """The pages. Only those the user is offered count for the window's least size: a page
    kept hidden (the reception's, for a caseworker) must not make a 1366 screen too small."""

    def __init__(self, offered):
        super().__init__()
        self._offered = offered
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

    def minimumSizeHint(self) -> QSize:
        size = QSize(0, 0)
        for i in range(self.count()):
            if self._offered(i):
                size = size.expandedTo(self.widget(i).minimumSizeHint())
        return size
