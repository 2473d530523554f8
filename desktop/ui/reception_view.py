"""Empfang: a walk-in found or registered, the concern, a routing suggestion, and the
Wartemarke -- issued, shown large, printed as an A6 PDF.

Keyboard path for a known client: type the name, Enter takes the first hit, a digit picks the
concern, Enter issues the ticket (the focus then goes back to the search for the next person).
An anonymous walk-in starts with "Ohne Namen" (Alt+O). The store and the server are reached
through the operation layer only; the routing is the queue rules' (casefile.queue.suggest),
with the residence status only where this user may read it.
"""

from __future__ import annotations

import itertools

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from casefile import catalogs, queue
from casefile.records import WalkInTicket
from desktop import reception
from desktop.reception import Person
from desktop.ui.context import AppContext
from desktop.ui.formatting import birth_date_text
from desktop.ui.forms import CatalogCombo, catalog_label, refusal_text
from desktop.ui.reception_parts import ConcernList, TicketCard
from desktop.ui.reception_ticket import TicketDesk
from desktop.ui.search_panel import SearchPanel


def _card(title: QLabel, *parts, stretch_last: bool = False) -> QFrame:
    box = QFrame(objectName="card")
    lay = QVBoxLayout(box)
    lay.addWidget(title)
    for i, part in enumerate(parts):
        last = stretch_last and i == len(parts) - 1
        if isinstance(part, QWidget):
            lay.addWidget(part, 1 if last else 0)
        else:
            lay.addLayout(part, 1 if last else 0)
    return box


class ReceptionView(QWidget):
    """The reception page (offered to staff of a walk-in location). Issuing and printing are
    its :class:`TicketDesk`'s; :meth:`set_connection` gives it the laptop's server."""

    ticket_issued = Signal(object)  # WalkInTicket

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.person: Person | None = None
        self.anonymous = False
        self._pending_issue = False
        self._loading = ""  # the client whose file is being read
        self._issued_for = ""
        self.desk = TicketDesk(ctx, self)

        self.title = QLabel(objectName="pageTitle")
        # 1 -- who
        self.person_title = QLabel(objectName="sectionTitle")
        self.search = SearchPanel(ctx)
        self.search.setObjectName("receptionSearch")
        self.chosen = QLabel(objectName="receptionChosen")
        self.chosen.setWordWrap(True)
        self.anonymous_button = QPushButton(objectName="anonymousButton")
        # The search panel's own "new" button would narrow the search field: below it here.
        self.search.new_button.hide()
        self.new_button = QPushButton(objectName="newClientButton")
        who_row = QHBoxLayout()
        who_row.addWidget(self.new_button)
        who_row.addWidget(self.anonymous_button)
        who_row.addStretch(1)
        # 2 -- what, and where to
        self.concern_title = QLabel(objectName="sectionTitle")
        self.concerns = ConcernList()
        self.route_label = QLabel(objectName="fieldLabel")
        self.unit = CatalogCombo("unit")
        self.unit.setObjectName("receptionUnit")
        self.why = QLabel(objectName="routeWhy")
        self.why.setWordWrap(True)
        self.room = QLabel(objectName="routeRoom")
        self.language_label = QLabel()
        self.language = CatalogCombo("language", allow_empty=True, common_first=True)
        self.language.setObjectName("receptionLanguage")
        self.interpreter = QCheckBox(objectName="receptionInterpreter")
        self.priority_label = QLabel()
        self.priorities: dict[str, QCheckBox] = {
            e.code: QCheckBox(objectName=f"priority_{e.code}")
            for e in catalogs.load("walk_in_priority").entries
        }
        self.location_label = QLabel()
        self.location = CatalogCombo("location")
        self.location.setObjectName("receptionLocation")
        form = QGridLayout()
        form.setColumnStretch(1, 1)
        form.addWidget(self.route_label, 0, 0)
        form.addWidget(self.unit, 0, 1)
        form.addWidget(self.room, 1, 1)
        form.addWidget(self.why, 2, 0, 1, 2)
        form.addWidget(self.language_label, 3, 0)
        lang_row = QHBoxLayout()
        lang_row.addWidget(self.language, 1)
        lang_row.addWidget(self.interpreter)
        form.addLayout(lang_row, 3, 1)
        # 3 -- the ticket: priorities and location (both mostly left as they are), issue
        prio = QVBoxLayout()
        prio.setSpacing(2)
        prio.addWidget(self.priority_label)
        for box in self.priorities.values():
            prio.addWidget(box)
        prio.addSpacing(6)
        prio.addWidget(self.location_label)
        prio.addWidget(self.location)
        prio.addSpacing(6)
        self.ticket_title = QLabel(objectName="sectionTitle")
        self.issue_button = QPushButton(objectName="issueButton")
        self.message = QLabel(objectName="receptionMessage")
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.message.hide()
        self.card = TicketCard()
        # Shown whole, never squeezed (a message takes its place, see _say).
        self.card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.print_button = QPushButton(objectName="printTicketButton", enabled=False)
        self.print_state = QLabel(objectName="searchStatus")
        self.print_state.setWordWrap(True)

        who = _card(self.person_title, self.search, who_row, stretch_last=False)
        who.layout().setStretch(1, 1)
        what = _card(self.concern_title, self.chosen, self.concerns, form)
        what.layout().addStretch(1)
        ticket = _card(self.ticket_title, prio, self.issue_button, self.card, self.print_button)
        ticket.layout().addWidget(self.print_state)
        ticket.layout().addStretch(1)
        row = QHBoxLayout()
        row.addWidget(who, 4)
        row.addWidget(what, 4)
        row.addWidget(ticket, 3)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.message)  # across the page: a narrow column made it very tall
        lay.addLayout(row, 1)

        self.search.setMinimumWidth(300)
        # Name and birth date tell walk-ins apart here (the nationality is in the tooltip).
        self.search.table.setColumnHidden(2, True)
        for w in (self.unit, self.language, self.interpreter, self.location, self.issue_button):
            w.installEventFilter(self)
        for box in self.priorities.values():
            box.installEventFilter(self)
        QWidget.setTabOrder(self.search.field, self.concerns)
        chain = [self.concerns, self.unit, self.language, self.interpreter]
        chain += list(self.priorities.values()) + [self.location, self.issue_button]
        chain += [self.print_button, self.anonymous_button]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

        self.search.client_chosen.connect(self.choose_client)
        self.search.new_client_requested.connect(self.register)
        self.new_button.clicked.connect(lambda: self.register(self.search.field.text()))
        self.anonymous_button.clicked.connect(self.choose_anonymous)
        self.concerns.currentRowChanged.connect(lambda _r: self._route())
        self.concerns.itemSelectionChanged.connect(self._route)
        self.concerns.confirmed.connect(self.issue)
        self.unit.currentIndexChanged.connect(lambda _i: self._show_room())
        self.location.currentIndexChanged.connect(lambda _i: self._location_changed())
        self.issue_button.clicked.connect(self.issue)
        self.desk.issued.connect(self._issued)
        self.desk.failed.connect(self._say)
        self.desk.busy_changed.connect(lambda busy: self.issue_button.setEnabled(not busy))
        self.desk.print_state.connect(self.print_state.setText)
        self.print_button.clicked.connect(self.print_ticket)
        self.act_print = QShortcut(QKeySequence("Ctrl+P"), self)
        self.act_print.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_print.activated.connect(self.print_ticket)
        ctx.bus.changed.connect(self._on_changed)
        self._apply_permissions()
        self.retranslateUi()
        self._show_person()

    # --- texts ---------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.title.setText(self.tr("Empfang"))
        self.person_title.setText(self.tr("1  Person suchen oder erfassen"))
        self.concern_title.setText(self.tr("2  Anliegen (Ziffer 1–0)"))
        self.ticket_title.setText(self.tr("3  Wartemarke"))
        self.search.retranslateUi()
        self.new_button.setText(self.tr("Neue:r Klient:in"))
        self.new_button.setToolTip(self.tr("Neue Person erfassen (Strg+N)"))
        self.anonymous_button.setText(self.tr("&Ohne Namen"))
        self.anonymous_button.setToolTip(
            self.tr("Wartemarke ohne Akte ausgeben; die Person kann später verknüpft werden.")
        )
        self.concerns.relabel()
        self.route_label.setText(self.tr("Sachgebiet"))
        self.language_label.setText(self.tr("Sprache"))
        self.interpreter.setText(self.tr("Sprachmittlung"))
        self.priority_label.setText(self.tr("Vorrang"))
        for code, box in self.priorities.items():
            box.setText(catalog_label("walk_in_priority", code))
        self.location_label.setText(self.tr("Standort"))
        self.issue_button.setText(self.tr("Wartemarke ausgeben (Enter)"))
        self.print_button.setText(self.tr("Drucken (Strg+P)"))
        self.card.caption.setText(self.tr("Wartemarke"))
        self._show_person()
        self._route()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Opened (Strg+4, or at start for the front desk): typing goes to the search.
        super().showEvent(event)
        if self.person is None and not self.anonymous:
            self.focus_search()

    # --- who -------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.focus_search()

    def choose_client(self, client_id: str) -> None:
        """A hit of the search (Enter) or a registered person: load what routing needs, then
        on to the concern."""
        self._unsay()
        self.anonymous = False
        self.person = None
        self._loading = client_id
        self.chosen.setText(self.tr("wird geladen …"))
        self.ctx.ops.read(
            reception.load_person,
            self.ctx.store,
            client_id,
            self.ctx.permissions,
            self.ctx.today(),
            key="reception_person",
            on_done=self._person_loaded,
            on_error=self._person_failed,
        )
        self.concerns.setFocus()

    def _person_loaded(self, person: Person | None) -> None:
        self._loading = ""
        self.person = person
        if person is not None:
            code, interpreter = reception.preset_language(person.languages)
            self.language.set_code(code)
            self.interpreter.setChecked(interpreter)
        self._show_person()
        self._route()
        if self._pending_issue:
            self._pending_issue = False
            self.issue()

    def _person_failed(self, exc: Exception) -> None:
        self._loading = ""
        self._pending_issue = False
        self.chosen.setText(self.tr("Akte nicht lesbar: {error}").format(error=exc))

    def choose_anonymous(self) -> None:
        self._unsay()
        self.person, self.anonymous, self._loading = None, True, ""
        self.language.set_code("")
        self.interpreter.setChecked(False)
        self._show_person()
        self._route()
        self.concerns.setFocus()

    def register(self, typed: str):
        """ "Neue:r Klient:in": the client dialog with its duplicate check; the person saved
        (or the existing one chosen there instead) is the walk-in."""
        from desktop.ui.client_dialog import ClientDialog

        dialog = ClientDialog(self.ctx, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if typed.strip():
            dialog.prefill_name(typed)
        dialog.accepted.connect(lambda: self._registered(dialog))
        dialog.open()
        return dialog

    def _registered(self, dialog) -> None:
        target = dialog.open_existing_id or dialog.client_id
        if target:
            self.choose_client(target)

    def _show_person(self) -> None:
        p = self.person
        if p is not None:
            langs = ", ".join(
                catalog_label("language", s.code)
                + (self.tr(" (Sprachmittlung)") if s.interpreter_needed else "")
                for s in p.languages
            )
            text = f"<b>{p.name}</b> · {birth_date_text(p.birth_date, p.birth_date_precision)}"
            if langs:
                text += f"<br>{self.tr('Sprachen')}: {langs}"
            self.chosen.setText(text)
        elif self.anonymous:
            self.chosen.setText(self.tr("<b>Ohne Namen</b> – später mit einer Akte verknüpfbar"))
        elif not self._loading:
            self.chosen.setText(
                self.tr("Noch niemand gewählt: links den Namen eingeben und Enter drücken.")
            )

    # --- what and where to -------------------------------------------------------------------

    def _apply_permissions(self) -> None:
        """Offer the walk-in locations this user may issue at, the settings' first."""
        allowed = reception.walk_in_locations(self.ctx.permissions)
        wanted = self.ctx.settings.location_for(self.ctx.today())
        self.location.restrict(allowed, first=(wanted,))
        self.location.set_code(wanted if wanted in allowed else (allowed[0] if allowed else ""))
        self._location_changed()

    def available(self) -> bool:
        """Whether the page is offered: to the front desk (the reception role or unit) where
        it works a walk-in queue. Caseworkers have the queue panel; a walk-in who comes to
        them first is sent to the front desk, one door for every client."""
        front = self.is_front_desk() or not self.ctx.permissions.restricted  # (no rules: demo)
        return front and bool(reception.walk_in_locations(self.ctx.permissions))

    def is_front_desk(self) -> bool:
        return reception.is_front_desk(self.ctx.permissions)

    def _location_changed(self) -> None:
        served = reception.served_units(self.ctx.permissions, self.location.code())
        self.unit.restrict(served or [u for u in catalogs.load("unit").codes if u != "reception"])
        self._route()

    def _route(self) -> None:
        concern = self.concerns.code()
        if not concern:
            self.why.setText(self.tr("Anliegen wählen: die passende Stelle wird vorgeschlagen."))
            self._show_room()
            return
        hint = reception.suggest(concern, self.person)
        if hint is None:
            self.why.setText("")
        else:
            if self.unit.findData(hint.unit) >= 0:
                self.unit.set_code(hint.unit)
                self.why.setText(self.tr("Vorschlag: {why}").format(why=hint.why))
            else:
                self.why.setText(
                    self.tr(
                        "Vorschlag wäre {unit} ({why}) – an diesem Standort nicht vertreten. "
                        "Bitte eine andere Stelle wählen."
                    ).format(unit=catalog_label("unit", hint.unit), why=hint.why)
                )
        self._show_room()

    def _show_room(self) -> None:
        room = queue.default_rules().room(self.location.code(), self.unit.code())
        self.room.setText(self.tr("Wartebereich: {room}").format(room=room) if room else "")
        self.room.setVisible(bool(room))

    # --- the ticket ----------------------------------------------------------------------------

    def issue(self) -> None:
        """ "Wartemarke ausgeben": checked here, issued by the ticket desk."""
        if self.desk.busy:
            return
        if self._loading:
            self._pending_issue = True  # the file's languages first; then it is issued
            return
        concern = self.concerns.code()
        if not concern:
            self._say(self.tr("Bitte zuerst das Anliegen wählen (Ziffer 1–0 oder Pfeiltasten)."))
            self.concerns.setFocus()
            return
        if self.person is None and not self.anonymous:
            self._say(self.tr("Bitte eine Person wählen oder „Ohne Namen“ (Alt+O)."))
            self.focus_search()
            return
        client_id = self.person.client_id if self.person else None
        fields = {"location": self.location.code(), "unit": self.unit.code()}
        refusal = self.ctx.permissions.refusal(
            "walk_in_ticket", None, {**fields, "client_id": client_id}
        )
        if refusal is not None:
            self._say(refusal_text(refusal))
            return
        self._issued_for = self.person.name if self.person else ""
        self.desk.issue(
            **fields,
            concern=concern,
            language=self.language.code(),
            interpreter=self.interpreter.isChecked(),
            priority=[c for c, box in self.priorities.items() if box.isChecked()],
            client_id=client_id,
        )

    def _issued(self, ticket: WalkInTicket) -> None:
        self._unsay()
        room = queue.default_rules().room(ticket.location, ticket.unit)
        lang = catalog_label("language", ticket.language) if ticket.language else ""
        details = " · ".join(
            x
            for x in (
                ticket.arrived_at.astimezone().strftime("%H:%M"),
                catalog_label("walk_in_concern", ticket.concern),
                lang + (f" ({self.tr('Sprachmittlung')})" if ticket.interpreter else ""),
            )
            if x
        )
        if self._issued_for:
            details = self.tr("für {name}").format(name=self._issued_for) + "\n" + details
        self.card.show_ticket(ticket, room, details)
        self.print_button.setEnabled(True)
        self.print_state.setText("")
        self.ticket_issued.emit(ticket)
        self._reset()

    def _reset(self) -> None:
        """Ready for the next walk-in: the form empty, the focus in the search."""
        self.person, self.anonymous, self._loading = None, False, ""
        self.concerns.clear_choice()
        self.language.set_code("")
        self.interpreter.setChecked(False)
        for box in self.priorities.values():
            box.setChecked(False)
        self._show_person()
        self._route()
        self.search.field.clear()
        self.focus_search()

    def print_ticket(self) -> None:
        if self.card.ticket is not None:
            self.desk.print_ticket(self.card.ticket)

    def _say(self, text: str) -> None:
        """A message across the page, the last ticket hidden (back with the next step)."""
        self.message.setText(text)
        # As tall as the text needs across the page, fixed: a wrapped label's own minimum is
        # taken at its narrowest (and its height-for-width passed up to the window) and made
        # the window taller than a laptop screen.
        self.message.setFixedHeight(self.message.heightForWidth(max(self.title.width(), 600)))
        self.message.show()
        self.card.hide()
        self.print_button.hide()
        self.print_state.hide()

    def _unsay(self) -> None:
        self.message.hide()
        self.card.show()
        self.print_button.show()
        self.print_state.show()

    def set_connection(self, connection) -> None:
        """The laptop's server (its number range is fetched once, if missing)."""
        if self.available():
            self.desk.set_connection(connection)
        else:
            self.desk.connection = connection

    def _on_changed(self, changes) -> None:
        if changes.everything and shiboken6.isValid(self):  # other units or roles
            self._apply_permissions()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        # Enter on a field of the form issues the ticket, as on the concern list.
        if (
            event.type() == event.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not (isinstance(obj, QComboBox) and obj.view().isVisible())
        ):
            self.issue()
            return True
        return super().eventFilter(obj, event)
