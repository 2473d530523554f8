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
        return self.cell(row, index.column(), role)

    def row_id(self, row) -> str:
        return row.id

    def cell(self, row, column: int, role):
        raise NotImplementedError


class ClientListModel(RowsModel):
    headers = (
        QT_TRANSLATE_NOOP("models", "Name"),
        QT_TRANSLATE_NOOP("models", "Geburtsdatum"),
        QT_TRANSLATE_NOOP("models", "Staatsangehörigkeit"),
        QT_TRANSLATE_NOOP("models", "Letzter Kontakt"),
    )

    def cell(self, row: ClientSummary, column: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.display_name
            if column == 1:
                return birth_date_text(row.birth_date, row.birth_date_precision)
            if column == 2:
                return nationalities_text(row.nationalities)
            if column == 3:
                return date_text(row.last_contact_at.date()) if row.last_contact_at else ""
        if role == Qt.ItemDataRole.FontRole and column == 0:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole and row.reasons:
            # A possible duplicate: why the matcher thinks so, in words.
            return " · ".join(QCoreApplication.translate("matcher", r) for r in row.reasons)
        if role == Qt.ItemDataRole.ToolTipRole and row.matched:
            return QCoreApplication.translate("models", "gefunden über: {entry}").format(
                entry=row.matched
            )
        return None


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
                return t.text
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
        if index.column() == 0:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f


class TimelineModel(RowsModel):
    """Consultations, referrals and tasks of one client, newest first (see TimelineDelegate)."""

    headers = (
        QT_TRANSLATE_NOOP("models", "Datum"),
        QT_TRANSLATE_NOOP("models", "Art"),
        QT_TRANSLATE_NOOP("models", "Inhalt"),
    )

    def row_id(self, row: TimelineEntry) -> str:
        return row.id

    def cell(self, row: TimelineEntry, column: int, role):
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
