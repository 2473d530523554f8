"""Item models over the store's query results; views never query the database themselves."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.store.repo import ClientSummary, TaskRow, TimelineEntry
from desktop.ui.formatting import birth_date_text, date_text, datetime_text, nationalities_text
from desktop.ui.forms import catalog_label

ID_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE = QColor("#b3261e")
MUTED = QColor("#6b6f76")


def _tr(text: str) -> str:
    """Translate a text marked elsewhere (e.g. ``headers``); lupdate cannot see texts passed here,
    so literals are written as ``QCoreApplication.translate("models", "...")`` or marked with
    ``QT_TRANSLATE_NOOP("models", "...")``."""
    return QCoreApplication.translate("models", text)


class RowsModel(QAbstractTableModel):
    """A table model over a list of row objects; subclasses define columns and cells."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []
        self.refused_rows: dict[str, str] = {}  # record id -> why the server refused it

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(self.headers[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == RECORD_ROLE:
            return row
        if role == ID_ROLE:
            return self.row_id(row)
        refused = self.refused_rows.get(self.row_id(row)) if self.refused_rows else None
        if refused is not None:
            # A record the server did not take: marked where it is listed (not a conflict).
            if role == Qt.ItemDataRole.ToolTipRole:
                return refused
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#a0201a")
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                value = self.cell(row, 0, role)
                return f"⚠ {value}" if value else "⚠"
        return self.cell(row, index.column(), role)

    def row_id(self, row) -> str:
        return row.id

    def cell(self, row, column: int, role):
        raise NotImplementedError


class ClientListModel(RowsModel):
    """Clients as a list. Where two rows bear the same name, the name cell adds what tells
    them apart and no shown column says (e.g. the nationality where it is *hidden*); the
    tooltip holds the full name with birth date and nationality."""

    headers = (
        QT_TRANSLATE_NOOP("models", "Name"),
        QT_TRANSLATE_NOOP("models", "Geburtsdatum"),
        QT_TRANSLATE_NOOP("models", "Staatsangehörigkeit"),
        QT_TRANSLATE_NOOP("models", "Letzter Kontakt"),
    )

    def __init__(self, parent=None, hidden: tuple[int, ...] = ()):
        super().__init__(parent)
        self.hidden = set(hidden)
        self._names: dict[str, str] = {}  # id -> the name as shown, for equal names

    def set_rows(self, rows: list) -> None:
        self._names = self._told_apart(list(rows))
        super().set_rows(rows)

    def _facts(self, row: ClientSummary) -> list[tuple[int, str]]:
        return [
            (1, birth_date_text(row.birth_date, row.birth_date_precision)),
            (2, nationalities_text(row.nationalities)),
            (3, date_text(row.last_contact_at.date()) if row.last_contact_at else ""),
        ]

    def _told_apart(self, rows: list[ClientSummary]) -> dict[str, str]:
        groups: dict[str, list[ClientSummary]] = {}
        for row in rows:
            groups.setdefault(row.display_name.casefold(), []).append(row)
        names = {}
        for group in groups.values():
            if len(group) < 2:
                continue
            facts = [dict(self._facts(r)) for r in group]
            # The first fact that differs within the group; nothing to add where a shown
            # column already tells them apart.
            for column in (1, 2, 3):
                values = [f[column] for f in facts]
                if len(set(values)) > 1:
                    if column in self.hidden:
                        for row, value in zip(group, values, strict=True):
                            if value:
                                names[row.id] = f"{row.display_name} ({value})"
                    break
        return names

    def cell(self, row: ClientSummary, column: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self._names.get(row.id, row.display_name)
            return dict(self._facts(row))[column]
        if role == Qt.ItemDataRole.FontRole and column == 0:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        return None

    def tooltip(self, row: ClientSummary) -> str:
        """The full name, what tells the person apart, and why the row was found."""
        lines = [row.display_name]
        born = birth_date_text(row.birth_date, row.birth_date_precision)
        if born:
            lines.append(QCoreApplication.translate("models", "geboren: {date}").format(date=born))
        if row.nationalities:
            lines.append(
                QCoreApplication.translate("models", "Staatsangehörigkeit: {nationality}").format(
                    nationality=nationalities_text(row.nationalities)
                )
            )
        if row.reasons:
            # A possible duplicate: why the matcher thinks so, in words.
            lines.append(" · ".join(QCoreApplication.translate("matcher", r) for r in row.reasons))
        elif row.matched:
            lines.append(
                QCoreApplication.translate("models", "gefunden über: {entry}").format(
                    entry=row.matched
                )
            )
        return "\n".join(lines)


class TaskTableModel(RowsModel):
    """Follow-ups; ticking the check box emits ``toggle_requested`` (the store does the write)."""

    headers = (
        QT_TRANSLATE_NOOP("models", "Fällig"),
        QT_TRANSLATE_NOOP("models", "Klient:in"),
        QT_TRANSLATE_NOOP("models", "Wiedervorlage"),
        QT_TRANSLATE_NOOP("models", "Zuständig"),
    )
    toggle_requested = Signal(object)

    def __init__(self, today=dt.date.today, parent=None):
        super().__init__(parent)
        self.today = today

    def row_id(self, row: TaskRow) -> str:
        return row.task.id

    def cell(self, row: TaskRow, column: int, role):
        t = row.task
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return date_text(t.due_date)
            if column == 1:
                return row.client_name
            if column == 2:
                return plan_agenda_text(row) if row.source else t.text
            if column == 3:
                return t.assignee or catalog_label("unit", t.assignee_unit)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if t.done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            if t.done:
                return QBrush(MUTED)
            if row.overdue(self.today()):
                return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.ToolTipRole and row.overdue(self.today()):
            return QCoreApplication.translate("models", "überfällig seit {days} Tagen").format(
                days=(self.today() - t.due_date).days
            )
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            self.toggle_requested.emit(self._rows[index.row()])
            return True
        return False

    def flags(self, index):
        f = super().flags(index)
        # A due review is done by reviewing (the client file's "Überprüfung"), not ticked.
        if index.column() == 0 and self._rows[index.row()].source != "plan_review":
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f


def plan_agenda_text(row: TaskRow) -> str:
    """issue 20: a support plan's step or due review as the Wiedervorlagen list says it."""
    if row.source == "plan_review":
        return QCoreApplication.translate("models", "Förderplan: Überprüfung fällig")
    return QCoreApplication.translate("models", "Förderplan: {text}").format(text=row.task.text)


class TimelineModel(RowsModel):
    """Consultations, referrals and tasks of one client, newest first (see TimelineDelegate)."""

    headers = (
        QT_TRANSLATE_NOOP("models", "Datum"),
        QT_TRANSLATE_NOOP("models", "Art"),
        QT_TRANSLATE_NOOP("models", "Inhalt"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.refused_text: dict[str, str] = {}  # why the server refused, by record id

    def row_id(self, row: TimelineEntry) -> str:
        return row.id

    def cell(self, row: TimelineEntry, column: int, role):
        if role == Qt.ItemDataRole.ToolTipRole:
            # A card cuts a long referral target or list of topics: the tooltip has them all.
            title = row.record.text if row.kind == "task" else timeline_title(row)
            return "\n".join(
                t for t in (title, timeline_detail(row), self.refused_text.get(row.id)) if t
            )
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return (
                datetime_text(row.when)
                if row.kind == "consultation"
                else date_text(row.when.date())
            )
        if column == 1:
            return kind_label(row.kind)
        return timeline_title(row)


def kind_label(kind: str) -> str:
    return {
        "consultation": QCoreApplication.translate("models", "Beratung"),
        "referral": QCoreApplication.translate("models", "Verweisung"),
        "task": QCoreApplication.translate("models", "Wiedervorlage"),
    }.get(kind, kind)


def timeline_title(entry: TimelineEntry) -> str:
    r = entry.record
    if entry.kind == "consultation" and getattr(r, "group_session_id", None):
        # --- issue 20: group sessions ---
        if entry.series:
            return QCoreApplication.translate(
                "models", "Gruppenberatung: {title} ({series})"
            ).format(title=r.note, series=entry.series)
        return QCoreApplication.translate("models", "Gruppenberatung: {title}").format(title=r.note)
    if entry.kind == "consultation":
        topics = ", ".join(catalog_label("topic", t) for t in r.topics)
        return f"{catalog_label('unit', r.unit)} · {topics}"
    if entry.kind == "referral":
        return QCoreApplication.translate("models", "an {target}: {reason} ({status})").format(
            target=r.target, reason=r.reason, status=catalog_label("referral_status", r.status)
        )
    return (
        QCoreApplication.translate("models", "erledigt: {text}")
        if r.done
        else QCoreApplication.translate("models", "offen: {text}")
    ).format(text=r.text)


def timeline_detail(entry: TimelineEntry) -> str:
    r = entry.record
    if entry.kind == "consultation":
        parts = [
            catalog_label("consultation_kind", r.kind),
            catalog_label("location", r.location),
            r.caseworker,
        ]
        if r.mediator_used:
            parts.append(
                QCoreApplication.translate("models", "mit Sprachmittlung ({language})").format(
                    language=catalog_label("language", r.language)
                )
            )
        return " · ".join(p for p in parts if p)
    if entry.kind == "task":
        return r.assignee or catalog_label("unit", r.assignee_unit)
    return r.feedback
