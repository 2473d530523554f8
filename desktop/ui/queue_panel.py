"""Warteschlange: the queue panel of a caseworker (a dock of the main window).

Today's walk-in tickets of the user's units at the user's location (``Settings.location``),
shown for users whose units have a queue there (the access rules' ``[walk_in]``). Waiting
tickets come first in the order the server calls them, with the wait and its traffic light;
the tickets somebody has in hand below. Calling -- the next one, a chosen one, a missed one
again -- is the server's (``POST /api/v1/queue/call``, atomic: never two staff on one client),
so it needs the server; the panel says when it is offline and offers no call then. Every
other step (in service, transfer, did not come, comes back, done) is an ordinary local write
with its phase row, synced like any other change: it works offline. A step on a ticket that
moved on meanwhile (another PC, a pulled change) is refused without writing, said in German,
and the list reloads. *Erledigt* opens the consultation form pre-filled from the ticket and
marks the ticket done once the consultation is saved.

All store and network work goes through ``ctx.ops``; the list reloads when a write or a sync
touched tickets, and its waits move on every 30 seconds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.store import tickets
from desktop.store.tickets import StaleTicket, TicketView
from desktop.sync import worker as w
from desktop.sync.errors import AuthError, Offline, SyncError
from desktop.ui.context import AppContext
from desktop.ui.forms import catalog_label
from desktop.ui.queue_model import (
    ACTIVE,
    TicketTableModel,
    queue_units,
    shown,
    steps,
    transfer_targets,
)
from desktop.ui.tables import list_table

TICK_MS = 30_000  # the waits and lights move on
PREFERRED_WIDTH = 430
WIDE_HEIGHT = 230
PANEL_BESIDE = 440  # room the dock takes beside the pages, its frame included  # the panel below the pages: the list shows four or five tickets
REACHABLE = (w.SYNCED, w.PENDING)
UNREACHABLE = (w.OFFLINE, w.AUTH, w.ERROR, w.LOCAL)
# The panel's actions: name -> shortcut (window-wide while the panel is shown).
KEYS = {
    "call_next": "F8",
    "call_chosen": "Shift+F8",
    "in_service": "Ctrl+Shift+B",
    "transfer": "Ctrl+Shift+W",
    "missed": "Ctrl+Shift+N",
    "come_back": "Ctrl+Shift+K",
    "done": "Ctrl+Shift+E",
    "mediator": "Ctrl+Shift+L",
    "focus": "F6",
}


def call_ticket(connection, location: str, units: list[str], ticket_id=None, desk="", recall=False):
    """The server's call (net pool): ``{"ticket": record | None, "results": [...]}``."""
    client = connection.client()
    try:
        return client.call_ticket(location, units, ticket_id, desk, recall)
    finally:
        client.close()


class QueuePanel(QWidget):
    """The list, the call buttons and the steps of the ticket chosen in the list."""

    available_changed = Signal(bool)  # the user works a queue at the location (show the dock)
    form_opened = Signal(object)  # the consultation form *erledigt* opened

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self.ctx = ctx
        self.controller: Any = None
        self.connection: Any = None
        self.reachable = False
        self.units: list[str] = []
        self.calling = False
        self._select_id = ""  # the ticket just called: chosen once the sync brought it
        self.model = TicketTableModel(ctx.settings.user_name, self)
        self.table = list_table(self.model, "queueTable", stretch=TicketTableModel.CONCERN)
        self.state = QLabel(objectName="queueState", wordWrap=True)
        self.desk_label = QLabel()
        self.desk = QLineEdit(objectName="queueDesk", maxLength=40)
        self.desk.setText(ctx.settings.desk)
        self.summary = QLabel(objectName="queueSummary")
        self.detail = QLabel(objectName="queueDetail", wordWrap=True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel(objectName="queueMessage", wordWrap=True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.actions_: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        handlers = {
            "call_next": self.call_next,
            "call_chosen": self.call_chosen,
            "in_service": lambda: self.step("in_service"),
            "transfer": self.transfer,
            "missed": lambda: self.step("missed"),
            "come_back": lambda: self.step("come_back"),
            "done": self.finish,
            "mediator": self.ask_for_mediator,
            "focus": self.focus_list,
        }
        for name, handler in handlers.items():
            act = QAction(self, shortcut=QKeySequence(KEYS[name]))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(handler)
            self.addAction(act)
            self.actions_[name] = act
            if name != "focus":
                button = QPushButton(objectName=f"queue_{name}")
                button.setAutoDefault(False)
                button.clicked.connect(act.trigger)
                self.buttons[name] = button
        self.buttons["call_next"].setObjectName("queueCallNext")
        self._layout()
        self.tick = QTimer(self, interval=TICK_MS)
        self.tick.timeout.connect(self._tick)
        self.tick.start()
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.desk.editingFinished.connect(self._remember_desk)
        ctx.bus.changed.connect(self._on_changed)
        self.retranslateUi()
        self.rescope()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.state, 1)
        top.addWidget(self.desk_label)
        top.addWidget(self.desk)
        self.desk_label.setBuddy(self.desk)
        self.desk.setMaximumWidth(110)
        calls = QHBoxLayout()
        calls.addWidget(self.buttons["call_next"], 1)
        calls.addWidget(self.buttons["call_chosen"])
        grid = self.steps = QGridLayout()
        self._place_steps(2)
        # Three parts in one box: the calls, the list, the steps -- one above the other beside
        # the pages, side by side below them (set_wide, a dock at the bottom).
        head, foot = QVBoxLayout(), QVBoxLayout()
        head.addLayout(top)
        head.addLayout(calls)
        head.addWidget(self.summary)
        foot.addWidget(self.detail)
        foot.addLayout(grid)
        foot.addWidget(self.message)
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(6, 6, 6, 6)
        self.box.addLayout(head)
        self.box.addWidget(self.table, 1)
        self.box.addLayout(foot)
        self._parts = (head, foot)

    def _place_steps(self, per_row: int) -> None:
        # Two a row beside the pages (the dock stays narrow enough beside a client file on a
        # 1366 screen), three below them (it stays low enough).
        for i, name in enumerate(
            ("in_service", "done", "transfer", "missed", "come_back", "mediator")
        ):
            self.steps.removeWidget(self.buttons[name])
            self.steps.addWidget(self.buttons[name], i // per_row, i % per_row)

    def set_wide(self, wide: bool) -> None:
        """Side by side (a dock below the pages: a 1366 screen has no room beside a client
        file) or one above the other (a dock beside them)."""
        self.box.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        for part in self._parts:
            part.setAlignment(Qt.AlignmentFlag.AlignTop if wide else Qt.AlignmentFlag(0))
        self._place_steps(3 if wide else 2)
        self.wide = wide
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        # Wide enough for the four columns at first; the user may narrow it to its minimum
        # (the buttons), the table then scrolls sideways.
        hint = super().sizeHint()
        if getattr(self, "wide", False):
            return QSize(hint.width(), min(hint.height(), WIDE_HEIGHT))
        return QSize(max(hint.width(), PREFERRED_WIDTH), hint.height())

    def retranslateUi(self) -> None:
        texts = {
            "call_next": self.tr("Nächste:n aufrufen"),
            "call_chosen": self.tr("Aufrufen"),
            "in_service": self.tr("In Beratung"),
            "transfer": self.tr("Weiterleiten …"),
            "missed": self.tr("Nicht erschienen"),
            "come_back": self.tr("Kommt wieder"),
            "done": self.tr("Erledigt …"),
            "mediator": self.tr("Sprachmittlung …"),
            "focus": self.tr("Warteschlange"),
        }
        tips = {
            "call_next": self.tr("Die Person aufrufen, die als Nächste dran ist"),
            "call_chosen": self.tr("Die ausgewählte Person aufrufen (oder erneut aufrufen)"),
            "in_service": self.tr("Die Person ist da, die Beratung beginnt"),
            "transfer": self.tr("An eine andere Einheit weiterleiten – Platz bleibt erhalten"),
            "missed": self.tr("Aufgerufen, aber nicht gekommen (später erneut aufrufen)"),
            "come_back": self.tr("Unterlagen fehlen: die Person kommt an einem anderen Tag"),
            "done": self.tr("Abschließen und die Beratung erfassen"),
            "mediator": self.tr("Eine Sprachmittlung für diese Person anfragen"),
            "focus": self.tr("Zur Liste der Warteschlange"),
        }
        for name, act in self.actions_.items():
            act.setText(texts[name])
            key = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(f"{tips[name]} ({key})")
            if name in self.buttons:
                self.buttons[name].setText(texts[name])
                self.buttons[name].setToolTip(act.toolTip())
        self.desk_label.setText(self.tr("&Platz:"))
        self.desk.setPlaceholderText(self.tr("Raum 1.02"))
        self.desk.setToolTip(self.tr("Wohin die Person gerufen wird (Anzeige im Wartebereich)"))
        self._update()

    # --- scope and server ------------------------------------------------------------------

    @property
    def location(self) -> str:
        return self.ctx.settings.location

    def rescope(self) -> None:
        """Which queues the user works here (after a sync brought other units or rules)."""
        units = queue_units(self.ctx.permissions, self.location)
        changed = units != self.units
        self.units = units
        if changed:
            self.available_changed.emit(bool(units))
        self.refresh()

    def attach(self, controller, connection) -> None:
        """Call through *connection* and follow *controller*'s state (a SyncController):
        calling needs the server."""
        self.controller, self.connection = controller, connection
        controller.status_changed.connect(self._on_status)
        controller.synced.connect(self._after_round)
        self._on_status(controller.status)

    def _after_round(self, report) -> None:
        # A laptop's first sync loads by snapshot, which announces nothing on the bus.
        if getattr(report, "pulled", 0):
            self.refresh()

    def _on_status(self, status) -> None:
        if status.kind in REACHABLE:
            self.reachable = True
        elif status.kind in UNREACHABLE:
            self.reachable = False
        self._update()

    def can_call(self) -> bool:
        return bool(self.units) and self.connection is not None and self.reachable

    def sync_now(self) -> None:
        if self.controller is not None:
            self.controller.request_sync()

    # --- the list --------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.units:
            self.model.set_rows([])
            self._update()
            return
        self.ctx.ops.read(
            tickets.today,
            self.ctx.store,
            self.location,
            key=f"queue:{id(self)}",
            on_done=self._show,
        )

    def _show(self, views: list[TicketView]) -> None:
        keep = self._select_id or self.current_id()
        self.model.set_now(dt.datetime.now(dt.UTC))
        self.model.set_rows(shown(views, self.units))
        self.done_today = sum(
            1 for v in views if v.ticket.unit in self.units and v.ticket.status == "done"
        )
        row = self.model.row_of(keep) if keep else -1
        if row >= 0 and keep == self._select_id:
            self._select_id = ""
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._update()

    def _tick(self) -> None:
        self.model.set_now(dt.datetime.now(dt.UTC))
        self._update()

    def _on_changed(self, changes) -> None:
        if changes.everything:
            self.rescope()
        elif changes.touches(("walk_in_ticket", "walk_in_phase", "client")):
            self.refresh()

    def current(self) -> TicketView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def current_id(self) -> str:
        view = self.current()
        return view.ticket.id if view is not None else ""

    def focus_list(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _update(self) -> None:
        """Texts and enabled actions for the state of the server and the chosen ticket."""
        if not hasattr(self, "done_today"):
            self.done_today = 0
        rows = [self.model.row_at(i) for i in range(self.model.rowCount())]
        waiting = sum(1 for v in rows if v.ticket.status == "waiting")
        busy = sum(1 for v in rows if v.ticket.status in ACTIVE)
        self.summary.setText(
            self.tr("{waiting} warten · {busy} aufgerufen/in Beratung · {done} erledigt").format(
                waiting=waiting, busy=busy, done=self.done_today
            )
        )
        if self.connection is None:
            self.state.setText(self.tr("Ohne Server: Aufrufen nicht möglich"))
        elif self.reachable:
            units = ", ".join(catalog_label("unit", u) for u in self.units)
            self.state.setText(self.tr("Online · {units}").format(units=units))
        else:
            self.state.setText(self.tr("Offline: Aufrufen geht nur mit Verbindung zum Server"))
        self.state.setProperty("offline", not self.can_call())
        self.state.setStyleSheet(
            "QLabel#queueState { color: %s; }" % ("#b3261e" if not self.can_call() else "#2e7d32")
        )
        view = self.current()
        status = view.ticket.status if view is not None else ""
        fits = steps(status) if view is not None else set()
        online = self.can_call() and not self.calling
        self.actions_["call_next"].setEnabled(online)
        self.actions_["call_chosen"].setEnabled(online and bool(fits & {"call", "recall"}))
        chosen = self.tr("Erneut aufrufen") if "recall" in fits else self.tr("Aufrufen")
        self.actions_["call_chosen"].setText(chosen)
        self.buttons["call_chosen"].setText(chosen)
        self.actions_["in_service"].setEnabled("in_service" in fits)
        self.actions_["transfer"].setEnabled("transferred" in fits)
        self.actions_["missed"].setEnabled("missed" in fits)
        self.actions_["come_back"].setEnabled("come_back" in fits)
        self.actions_["done"].setEnabled("done" in fits)
        self.actions_["mediator"].setEnabled(view is not None)
        for name, button in self.buttons.items():
            button.setEnabled(self.actions_[name].isEnabled())
        self.detail.setText(self._detail_text(view) if view is not None else "")

    def _detail_text(self, view: TicketView) -> str:
        x = view.ticket
        parts = [
            x.number,
            view.client_name or self.tr("ohne Akte"),
            catalog_label("walk_in_concern", x.concern),
        ]
        if x.language:
            language = catalog_label("language", x.language)
            parts.append(
                self.tr("{language} mit Sprachmittlung").format(language=language)
                if x.interpreter
                else language
            )
        if len(self.units) > 1:
            parts.append(catalog_label("unit", x.unit))
        parts.append(self.model.state_text(view))
        return " · ".join(p for p in parts if p)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(
            "QLabel#queueMessage { color: %s; }" % ("#b3261e" if error else "#1f2a37")
        )

    def _remember_desk(self) -> None:
        self.ctx.settings.remember_desk(self.desk.text().strip())

    # --- calling (the server) --------------------------------------------------------------

    def call_next(self) -> None:
        self._call(None, False)

    def call_chosen(self) -> None:
        view = self.current()
        if view is None:
            return
        self._call(view, view.ticket.status == "missed")

    def _call(self, view: TicketView | None, recall: bool) -> None:
        if not self.can_call():
            self._say(self.tr("Offline: Aufrufen geht nur mit Verbindung zum Server."), True)
            return
        if self.calling:
            return
        self.calling = True
        self._update()
        self._remember_desk()
        self.ctx.ops.net(
            call_ticket,
            self.connection,
            self.location,
            self.units,
            view.ticket.id if view is not None else None,
            self.desk.text().strip(),
            recall,
            on_done=self._called,
            on_error=lambda exc: self._call_failed(exc, view),
        )

    def _called(self, answer: dict) -> None:
        self.calling = False
        record = answer.get("ticket")
        if not record:
            self._say(self.tr("Niemand wartet gerade in Ihrer Warteschlange."))
            self._update()
            return
        fields = record.get("fields") or {}
        self._select_id = str(record.get("id") or "")
        desk = fields.get("desk") or ""
        number = fields.get("number") or ""
        self._say(
            self.tr("{number} aufgerufen – {desk}").format(number=number, desk=desk)
            if desk
            else self.tr("{number} aufgerufen").format(number=number)
        )
        self.reachable = True
        self._update()
        self.sync_now()  # the list shows the call once the sync brought it

    def _call_failed(self, exc: Exception, view: TicketView | None) -> None:
        self.calling = False
        code = getattr(exc, "code", "")
        if code == "ticket_taken":
            number = view.ticket.number if view is not None else ""
            self._say(
                self.tr(
                    "{number} wurde schon aufgerufen – von jemand anderem oder an einem "
                    "anderen Platz. Die Liste wird aktualisiert."
                ).format(number=number),
                True,
            )
            self.sync_now()
            self.refresh()
        elif isinstance(exc, Offline):
            self.reachable = False
            self._say(
                self.tr(
                    "Keine Verbindung zum Server: Aufrufen geht gerade nicht. Die anderen "
                    "Schritte werden lokal gespeichert."
                ),
                True,
            )
        elif isinstance(exc, AuthError):
            self.reachable = False
            self._say(self.tr("Bitte neu anmelden: der Server kennt diese Anmeldung nicht."), True)
        elif code == "not_your_queue":
            self._say(self.tr("Diese Warteschlange gehört nicht zu Ihren Einheiten."), True)
        elif isinstance(exc, SyncError):
            self._say(self.tr("Aufrufen fehlgeschlagen: {error}").format(error=exc.message), True)
        else:
            self._say(self.tr("Aufrufen fehlgeschlagen (Details im Protokoll)."), True)
        self._update()

    # --- steps (local writes) --------------------------------------------------------------

    def step(self, status: str, view: TicketView | None = None, **kw) -> None:
        """Take *status* with *view* (default: the chosen ticket); see tickets.move."""
        view = view or self.current()
        if view is None:
            return
        self._write(view, status, view.ticket.status, **kw)

    def _write(self, view: TicketView, status: str, expected: str | None, **kw) -> None:
        number = view.ticket.number
        self.ctx.ops.write(
            tickets.move,
            self.ctx.store,
            view.ticket.id,
            status,
            staff=self.ctx.settings.user_name,
            expected=expected,
            on_done=lambda ticket: self._stepped(ticket, status, kw.get("to_unit", "")),
            on_error=lambda exc: self._step_failed(exc, number),
            **kw,
        )

    def _stepped(self, ticket, status: str, to_unit: str) -> None:
        if status == "transferred":
            text = self.tr("{number} an {unit} weitergeleitet").format(
                number=ticket.number, unit=catalog_label("unit", to_unit)
            )
        else:
            text = self.tr("{number}: {state}").format(
                number=ticket.number, state=catalog_label("walk_in_phase", ticket.status)
            )
        self._say(text)

    def _step_failed(self, exc: Exception, number: str) -> None:
        if isinstance(exc, StaleTicket):
            self._say(
                self.tr(
                    "{number} wurde inzwischen geändert (an einem anderen PC oder durch die "
                    "Synchronisation). Nichts wurde gespeichert; die Liste zeigt den neuen Stand."
                ).format(number=number),
                True,
            )
        else:
            self._say(self.tr("Speichern fehlgeschlagen: {error}").format(error=exc), True)
        self.refresh()

    def transfer(self):
        """Weiterleiten: the dialog (window-modal, once the directory is read); returns it
        if it is open already (a synchronous test's operation layer)."""
        view = self.current()
        if view is None:
            return None
        self.ctx.ops.read(
            self.ctx.store.directory, on_done=lambda found: self._open_transfer(view, found)
        )
        return getattr(self, "transfer_dialog", None)

    def _open_transfer(self, view: TicketView, directory) -> None:
        from desktop.ui.queue_dialogs import TransferDialog

        targets = transfer_targets(self.ctx.permissions, view.ticket.location, view.ticket.unit)
        dialog = TransferDialog(view.ticket, targets, directory, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._write(
                view,
                "transferred",
                view.ticket.status,
                to_unit=dialog.target(),
                reason=dialog.why(),
            )
        )
        self.transfer_dialog = dialog
        dialog.open()

    # --- erledigt: the consultation ----------------------------------------------------------

    def finish(self) -> None:
        """Erledigt: the consultation form pre-filled from the ticket; an anonymous ticket
        first asks for the client's file (or to finish without a consultation)."""
        view = self.current()
        if view is None or "done" not in steps(view.ticket.status):
            return
        if view.ticket.client_id:
            self._consult(view, view.ticket.client_id)
            return
        from desktop.ui.queue_dialogs import LinkClientDialog

        dialog = LinkClientDialog(self.ctx, view.ticket, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._linked(view, dialog.client_id, dialog.without))
        self.link_dialog = dialog
        dialog.open()

    def _linked(self, view: TicketView, client_id: str, without: bool) -> None:
        if without or not client_id:
            self._write(view, "done", view.ticket.status)
            return
        # The ticket names the file from now on (its status unchanged), then the form.
        self.ctx.ops.write(
            tickets.move,
            self.ctx.store,
            view.ticket.id,
            view.ticket.status,
            staff=self.ctx.settings.user_name,
            expected=view.ticket.status,
            client_id=client_id,
            on_done=lambda _t: self._consult(view, client_id),
            on_error=lambda exc: self._step_failed(exc, view.ticket.number),
        )

    def _consult(self, view: TicketView, client_id: str) -> None:
        self.ctx.ops.read(
            self.ctx.store.get_client,
            client_id,
            on_done=lambda client: self._open_form(view, client),
        )

    def _open_form(self, view: TicketView, client) -> None:
        from desktop.ui.consultation_form import ConsultationDialog

        if client is None:
            self._say(self.tr("Die Klientenakte ist auf diesem Gerät nicht vorhanden."), True)
            return
        x = view.ticket
        dialog = ConsultationDialog(
            self.ctx,
            client.id,
            client.display_name,
            parent=self.window(),
            languages=client.languages,
        )
        dialog.prefill_walk_in(x.unit, x.location, x.language, x.interpreter)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Done once the consultation is saved; cancelled, the ticket stays as it was.
        dialog.accepted.connect(lambda: self._write(view, "done", x.status))
        self.form_opened.emit(dialog)
        dialog.open()

    # --- Sprachmittlung anfragen ---------------------------------------------------------------

    def ask_for_mediator(self):
        """Sprachmittlung anfragen for the chosen ticket: language, unit and place from the
        ticket, the client from its file if linked (a walk-in without a file is booked for the
        ticket). Returns the dialog (None without a ticket or where the rules allow no
        request)."""
        from casefile import catalogs
        from desktop import mediation_access
        from desktop.ui.booking_dialog import BookingDialog

        view = self.current()
        if view is None:
            return None
        x = view.ticket
        units = sorted(catalogs.load("unit").codes)
        if not mediation_access.writable_booking_units(self.ctx.permissions, units):
            self._say(self.tr("Ihre Rolle darf keine Sprachmittlung anfragen."), True)
            return None
        dialog = BookingDialog(
            self.ctx,
            client_id=x.client_id,
            client_name=view.client_name,
            language=x.language,
            unit=x.unit,
            location=x.location,
            ticket_id=x.id,
            parent=self.window(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(
            lambda b: self._say(
                self.tr("{number}: Sprachmittlung {status}").format(
                    number=x.number, status=catalog_label("booking_status", b.status)
                )
            )
        )
        self.booking_dialog = dialog
        dialog.open()
        return dialog


class QueueDock(QDockWidget):
    """The panel as a dock of the main window; shown while the user works a queue here.
    Beside the pages where the screen has room for both, below them where it has not."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("queueDock")
        self.panel = QueuePanel(ctx, self)
        self.setWidget(self.panel)
        self.dockLocationChanged.connect(
            lambda area: self.panel.set_wide(area == Qt.DockWidgetArea.BottomDockWidgetArea)
        )
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.panel.available_changed.connect(self.setVisible)
        self.retranslateUi()

    def available(self) -> bool:
        """Whether the user works a walk-in queue at the location (the dock is shown)."""
        return bool(self.panel.units)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Warteschlange"))
        self.panel.retranslateUi()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
