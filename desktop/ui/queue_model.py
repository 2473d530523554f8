"""The queue panel's list: today's tickets of the user's units, and the rules the panel asks.

The rows are :class:`desktop.store.tickets.TicketView` objects as ``tickets.today`` read them
(waiting ones in the order the server calls, then the others); the model shows the ones still
in somebody's hands and never queries the store. The traffic light is colour *and* shape
(circle, triangle, square) *and* a word in the tooltip, so it reads without colour vision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap, QPolygonF

from casefile import catalogs, queue
from casefile.directory import Directory
from casefile.policy import WALK_IN
from desktop.permissions import Permissions
from desktop.store.tickets import TicketView
from desktop.ui.forms import catalog_label
from desktop.ui.models import MUTED, RowsModel

# What the panel lists: tickets in the queue and those somebody has in hand.
ACTIVE = ("called", "in_service", "on_hold", "missed")
SHOWN = frozenset(queue.CALLABLE) | frozenset(ACTIVE)
MINE = ("called", "in_service", "on_hold")  # the steps of "my" ticket

LIGHT_COLOURS = {"green": "#2e7d32", "yellow": "#c99a06", "red": "#b3261e"}
LIGHT_WORDS = {
    "green": QT_TRANSLATE_NOOP("queue", "grün"),
    "yellow": QT_TRANSLATE_NOOP("queue", "gelb – wartet lange"),
    "red": QT_TRANSLATE_NOOP("queue", "rot – wartet zu lange"),
}
# Short marks for the list; the catalog's full labels go in the tooltip.
PRIORITY_MARKS = {
    "appointment": QT_TRANSLATE_NOOP("queue", "Termin"),
    "deadline_today": QT_TRANSLATE_NOOP("queue", "Frist"),
    "disability": QT_TRANSLATE_NOOP("queue", "Mobilität"),
    "children": QT_TRANSLATE_NOOP("queue", "Kinder"),
}


def _tr(text: str) -> str:
    """A text marked with ``QT_TRANSLATE_NOOP("queue", ...)`` above, translated."""
    return QCoreApplication.translate("queue", text)


# --- rules the panel asks (no Qt) --------------------------------------------------------


def queue_units(permissions: Permissions, location: str) -> list[str]:
    """The user's units that serve the walk-in queue at *location* (``[walk_in]`` of the
    rules): the queues the panel shows and calls from. Empty: no panel. Reception issues
    tickets, it is called by nobody."""
    policy = permissions.policy
    if policy is None or WALK_IN + location not in policy.queues(permissions.user):
        return []
    served = policy.walk_in.get(location, frozenset())
    return [
        u for u in permissions.user.units if u != "reception" and ("*" in served or u in served)
    ]


def transfer_targets(permissions: Permissions, location: str, current: str) -> list[str]:
    """The units a ticket at *location* may be passed to: those with a queue there."""
    policy = permissions.policy
    units = sorted(catalogs.load("unit").codes)
    if policy is not None:
        served = policy.walk_in.get(location, frozenset())
        units = [u for u in units if "*" in served or u in served]
    return [u for u in units if u not in (current, "reception")]


def unstaffed(directory: Directory, unit: str) -> bool:
    """Whether the directory names nobody active in *unit* (the transfer is then warned
    about, not refused: the client keeps the place in that unit's queue). The directory holds
    no places of work: a unit with a queue at the location counts as present there."""
    return not any(u.active and unit in u.units for u in directory.users)


def steps(ticket_status: str) -> set[str]:
    """The panel's actions that fit a ticket in *ticket_status* (the queue's transitions; a
    call and a recall go through the server)."""
    out = set()
    if ticket_status in queue.CALLABLE:
        out.add("call")
    if ticket_status == "missed":
        out.add("recall")
    for step in ("in_service", "missed", "come_back", "done", "transferred"):
        if queue.may_move(ticket_status, step) and ticket_status != step:
            out.add(step)
    if ticket_status in queue.CALLABLE:
        out.discard("come_back")  # before the call nobody has looked at the papers
    return out


def shown(views: Iterable[TicketView], units: Iterable[str]) -> list[TicketView]:
    """Of the day's tickets (in ``tickets.today``'s order), those of *units* still open."""
    wanted = set(units)
    return [v for v in views if v.ticket.unit in wanted and v.ticket.status in SHOWN]


# --- the list ----------------------------------------------------------------------------


def _light_icon(level: str) -> QIcon:
    """A filled circle (green), triangle (yellow) or square (red)."""
    pix = QPixmap(14, 14)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor(LIGHT_COLOURS[level])))
    if level == "green":
        p.drawEllipse(1, 1, 12, 12)
    elif level == "yellow":
        p.drawPolygon(QPolygonF([QPointF(7, 0.5), QPointF(13.5, 13), QPointF(0.5, 13)]))
    else:
        p.drawRect(1, 1, 12, 12)
    p.end()
    return QIcon(pix)


class TicketTableModel(RowsModel):
    """Tickets as rows: number, wait with its light (or the state of a ticket in hand),
    concern, and the notes: language with the interpreter need, priority marks, hops. Four
    columns: the dock beside a 1366-pixel-wide window has room for no more. ``now`` is the
    moment waits are counted to (the panel moves it every 30 s)."""

    headers = (
        QT_TRANSLATE_NOOP("models", "Nr."),
        QT_TRANSLATE_NOOP("models", "Wartet"),
        QT_TRANSLATE_NOOP("models", "Anliegen"),
        QT_TRANSLATE_NOOP("models", "Hinweise"),
    )
    # "Wartet" holds the wait of a waiting ticket, the state of one in hand (aufgerufen, in
    # Beratung, nicht erschienen); "Hinweise" the language ("· SM": a language mediator is
    # needed), the priority marks and the hops ("↪ 1").
    NUMBER, WAIT, CONCERN, NOTES = range(4)

    def __init__(self, user_name: str = "", parent=None):
        super().__init__(parent)
        self.user_name = user_name
        self.now = dt.datetime.now(dt.UTC)
        self._icons: dict[str, QIcon] = {}

    def row_id(self, row: TicketView) -> str:
        return row.ticket.id

    def set_now(self, now: dt.datetime) -> None:
        self.now = now
        if self._rows:
            top, bottom = self.index(0, self.WAIT), self.index(len(self._rows) - 1, self.WAIT)
            self.dataChanged.emit(top, bottom)

    def row_of(self, ticket_id: str) -> int:
        return next((i for i, v in enumerate(self._rows) if v.ticket.id == ticket_id), -1)

    def minutes(self, view: TicketView) -> int:
        return int(queue.waited_minutes({"arrived_at": view.ticket.arrived_at}, self.now))

    def light(self, view: TicketView) -> str:
        x = view.ticket
        return queue.light({"arrived_at": x.arrived_at, "unit": x.unit}, self.now)

    def icon(self, level: str) -> QIcon:
        if level not in self._icons:
            self._icons[level] = _light_icon(level)
        return self._icons[level]

    def cell(self, row: TicketView, column: int, role):
        x = row.ticket
        waiting = x.status in queue.CALLABLE
        mine = x.called_by == self.user_name and x.status in MINE
        if role == Qt.ItemDataRole.FontRole and (mine or column == self.NUMBER):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not waiting and not mine:
            return MUTED
        if role == Qt.ItemDataRole.DecorationRole and column == self.WAIT and waiting:
            return self.icon(self.light(row))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.WAIT:
            return self.wait_words(row)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.NUMBER:
            return x.number
        if column == self.WAIT:
            if not waiting:
                return catalog_label("walk_in_phase", x.status)
            return QCoreApplication.translate("queue", "{n} Min.").format(n=self.minutes(row))
        if column == self.CONCERN:
            return catalog_label("walk_in_concern", x.concern)
        if column == self.NOTES:
            marks = [_tr(PRIORITY_MARKS.get(p, p)) for p in x.priority]
            if x.language:
                label = catalog_label("language", x.language)
                marks.insert(
                    0,
                    QCoreApplication.translate("queue", "{language} · SM").format(language=label)
                    if x.interpreter
                    else label,
                )
            if x.hops:
                marks.append(f"↪ {x.hops}")
            return ", ".join(marks)
        return None

    def state_text(self, row: TicketView) -> str:
        x = row.ticket
        label = catalog_label("walk_in_phase", x.status)
        if x.status in queue.CALLABLE:
            return label
        who = (
            QCoreApplication.translate("queue", "ich")
            if x.called_by == self.user_name
            else x.called_by
        )
        parts = [label, x.desk, who]
        return " · ".join(p for p in parts if p)

    def wait_words(self, row: TicketView) -> str:
        n = self.minutes(row)
        if row.ticket.status not in queue.CALLABLE:
            return QCoreApplication.translate("queue", "seit {n} Minuten im Haus").format(n=n)
        word = _tr(LIGHT_WORDS[self.light(row)])
        return QCoreApplication.translate(
            "queue", "wartet seit {n} Minuten – Ampel {light}"
        ).format(n=n, light=word)

    def tooltip(self, row: TicketView, column: int) -> str:
        x = row.ticket
        if column == self.WAIT:
            if x.status in queue.CALLABLE:
                return self.wait_words(row)
            return f"{self.state_text(row)} – {self.wait_words(row)}"
        if column == self.NOTES and (x.language or x.priority or x.hops):
            lines = []
            if x.language:
                language = catalog_label("language", x.language)
                lines.append(
                    QCoreApplication.translate("queue", "Sprachmittlung nötig: {language}").format(
                        language=language
                    )
                    if x.interpreter
                    else language
                )
            lines += [catalog_label("walk_in_priority", p) for p in x.priority]
            if x.hops:
                lines.append(
                    QCoreApplication.translate("queue", "%n-mal weitergeleitet", "", x.hops)
                )
                lines += [
                    QCoreApplication.translate("queue", "an {unit}: {reason}").format(
                        unit=catalog_label("unit", p.to_unit), reason=p.reason or "–"
                    )
                    for p in row.phases
                    if p.phase == "transferred"
                ]
            return "\n".join(lines)
        return row.client_name or QCoreApplication.translate("queue", "ohne Akte (anonym)")
