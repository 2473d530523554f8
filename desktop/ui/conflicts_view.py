"""Conflicts and refused changes, for a person to settle.

Two lists: the server's open conflicts (the same field of a client file changed differently on
two devices: both values, when and where each was written) where the user picks the value to
keep, and the changes the server refused (``sync_rejection``) with their reason, which the user
marks as dealt with. Network calls run through ``ctx.runner``, never on the UI thread.
"""

from __future__ import annotations

import datetime as dt

import orjson
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QWidget

from casefile.hlc import Timestamp
from desktop.sync import state
from desktop.ui import refusals
from desktop.ui.formatting import datetime_text
from desktop.ui.review_dialog import ReviewDialog, button_page, server_call
from desktop.ui.tables import text_item, wrapping_table

FIELD_LABELS = {
    "family_name": QT_TRANSLATE_NOOP("ConflictsDialog", "Familienname"),
    "given_names": QT_TRANSLATE_NOOP("ConflictsDialog", "Vornamen"),
    "birth_name": QT_TRANSLATE_NOOP("ConflictsDialog", "Geburtsname"),
    "birth_date": QT_TRANSLATE_NOOP("ConflictsDialog", "Geburtsdatum"),
    "birth_date_precision": QT_TRANSLATE_NOOP("ConflictsDialog", "Genauigkeit des Geburtsdatums"),
    "birth_place": QT_TRANSLATE_NOOP("ConflictsDialog", "Geburtsort"),
    "sex": QT_TRANSLATE_NOOP("ConflictsDialog", "Geschlecht"),
    "nationalities": QT_TRANSLATE_NOOP("ConflictsDialog", "Staatsangehörigkeiten"),
    "phone": QT_TRANSLATE_NOOP("ConflictsDialog", "Telefon"),
    "address": QT_TRANSLATE_NOOP("ConflictsDialog", "Anschrift"),
    "type": QT_TRANSLATE_NOOP("ConflictsDialog", "Art des Aktenzeichens"),
    "value": QT_TRANSLATE_NOOP("ConflictsDialog", "Aktenzeichen"),
}


def value_text(value) -> str:
    """A stored value as a person reads it (lists travel as JSON text, dates as ISO text)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("ConflictsDialog", "Ja")
            if value
            else QCoreApplication.translate("ConflictsDialog", "Nein")
        )
    if isinstance(value, str) and value[:1] == "[":
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            pass
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" == value[7:8]:
        try:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            pass
    return str(value)


def clock_text(hlc: str, own_node: str) -> str:
    """When a value was written and whether on this laptop (the clock names the device)."""
    try:
        ts = Timestamp.decode(hlc)
    except ValueError:
        return ""
    when = datetime_text(dt.datetime.fromtimestamp(ts.wall_ms / 1000, dt.UTC))
    if ts.node == own_node:
        return QCoreApplication.translate("ConflictsDialog", "{when}, auf diesem Gerät").format(
            when=when
        )
    return QCoreApplication.translate("ConflictsDialog", "{when}, auf einem anderen Gerät").format(
        when=when
    )


def _load(connection, store) -> tuple[list[dict], dict[str, str]]:
    """Runs off the UI thread: the server's open conflicts and the local client names."""
    client = connection.client()
    try:
        conflicts = client.conflicts(open_only=True, limit=5000)["conflicts"]
    finally:
        client.close()
    with store.engine.connect() as conn:
        names = state.client_names(conn, (c.get("client_id") for c in conflicts))
    return conflicts, names


class ConflictsDialog(ReviewDialog):
    """Lists open conflicts (pick a value) and refused changes (mark as dealt with)."""

    resolved = Signal()  # a value was chosen or a refusal settled: time to sync

    def __init__(self, ctx, connection, parent: QWidget | None = None):
        super().__init__(ctx, connection, "conflictStatus", parent)
        self.conflicts: list[dict] = []
        self.rejections: list[state.Rejection] = []
        self.resize(980, 520)
        self.conflict_model = QStandardItemModel(0, 4, self)
        self.conflict_table = wrapping_table(self.conflict_model)
        self.keep_current = QPushButton(objectName="keepCurrent")
        self.keep_other = QPushButton(objectName="keepOther")
        for button in (self.keep_current, self.keep_other):
            button.setAutoDefault(False)  # Enter must not decide a conflict by accident
        self.keep_current.clicked.connect(lambda: self._choose("winner_value"))
        self.keep_other.clicked.connect(lambda: self._choose("value"))
        self.conflict_hint = QLabel(objectName="conflictHint")
        self.conflict_hint.setWordWrap(True)
        self.tabs.addTab(
            button_page(
                self.conflict_hint,
                self.conflict_table,
                buttons=(self.keep_current, self.keep_other),
            ),
            "",
        )
        self.rejection_model = QStandardItemModel(0, 5, self)
        self.rejection_table = wrapping_table(self.rejection_model)
        self.settle = QPushButton(objectName="settleRejection")
        self.settle.setAutoDefault(False)
        self.settle.clicked.connect(self._settle)
        self.tabs.addTab(button_page(self.rejection_table, buttons=(self.settle,)), "")
        self.lay_out()
        self.conflict_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.rejection_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.retranslateUi()
        self.refresh()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Konflikte und abgelehnte Änderungen"))
        self.tabs.setTabText(0, self.tr("Konflikte ({n})").format(n=len(self.conflicts)))
        self.tabs.setTabText(
            1, self.tr("Abgelehnte Änderungen ({n})").format(n=len(self.rejections))
        )
        self.conflict_hint.setText(
            self.tr(
                "Dasselbe Feld wurde auf zwei Geräten unterschiedlich geändert. Bitte den Wert wählen, "
                "der gelten soll; der andere bleibt in der Historie."
            )
        )
        self.conflict_model.setHorizontalHeaderLabels(
            [
                self.tr("Klient:in"),
                self.tr("Feld"),
                self.tr("Geltender Wert"),
                self.tr("Abweichender Wert"),
            ]
        )
        self.rejection_model.setHorizontalHeaderLabels(
            [
                self.tr("Klient:in"),
                self.tr("Änderung"),
                self.tr("Grund"),
                self.tr("Abgelehnte Werte"),
                self.tr("Abgelehnt am"),
            ]
        )
        self.keep_current.setText(self.tr("Geltenden Wert behalten"))
        self.keep_other.setText(self.tr("Abweichenden Wert übernehmen"))
        self.settle.setText(self.tr("Als erledigt markieren"))
        super().retranslateUi()

    # --- data ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.status.setText(self.tr("Lade Konflikte vom Server …"))
        self._load_rejections()
        self.ctx.ops.net(
            _load,
            self.connection,
            self.ctx.store,
            key="conflicts",
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _load_rejections(self) -> None:
        """The refused entries of this laptop (local, so they show while the server loads)."""
        self.ctx.ops.read(
            state.rejections,
            self.ctx.store.engine,
            key=f"rejections:{id(self)}",
            on_done=self._rejections_loaded,
        )

    def _rejections_loaded(self, rejections) -> None:
        self.rejections = rejections
        self._fill()

    def _loaded(self, result) -> None:
        self.conflicts, self.names = result
        self.status.setText("")
        self._fill()

    def _failed(self, exc: Exception) -> None:
        message = getattr(exc, "message", "") or str(exc)
        self.status.setText(
            self.tr("Konflikte konnten nicht geladen werden: {reason}").format(
                reason=QCoreApplication.translate("sync", message)
            )
        )
        self._update_buttons()

    def _fill(self) -> None:
        names = getattr(self, "names", {})
        own = self.ctx.store.device_id
        self.conflict_model.removeRows(0, self.conflict_model.rowCount())
        for c in self.conflicts:
            label = FIELD_LABELS.get(c["field"])
            field = QCoreApplication.translate("ConflictsDialog", label) if label else c["field"]
            # Each value with when and where it was written, so the person can judge.
            current = "\n".join((value_text(c["winner_value"]), clock_text(c["winner_hlc"], own)))
            other = "\n".join((value_text(c["value"]), clock_text(c["hlc"], own)))
            self.conflict_model.appendRow(
                [
                    text_item(t)
                    for t in (
                        names.get(c.get("client_id") or "", c.get("client_id") or ""),
                        field,
                        current.strip(),
                        other.strip(),
                    )
                ]
            )
        self.rejection_model.removeRows(0, self.rejection_model.rowCount())
        for r in self.rejections:
            # Readable: why in plain German (who may), the values with German labels, dates
            # and catalog labels -- never a code, an id or an ISO time.
            reason = refusals.reason_text(r, self.ctx.permissions)
            values = "\n".join(
                f"{label}: {value}" for label, value in refusals.record_lines(r.kind, r.fields)
            )
            self.rejection_model.appendRow(
                [
                    text_item(t)
                    for t in (
                        r.client_name or r.record_id,
                        _operation_text(r.kind, r.op),
                        reason,
                        values,
                        datetime_text(r.rejected_at),
                    )
                ]
            )
        self.conflict_table.resizeRowsToContents()
        self.rejection_table.resizeRowsToContents()
        self.retranslateUi()
        self._update_buttons()

    def _selected(self, table: QTableView) -> int | None:
        rows = table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _update_buttons(self, *_args) -> None:
        chosen = self._selected(self.conflict_table) is not None
        self.keep_current.setEnabled(chosen)
        self.keep_other.setEnabled(chosen)
        self.settle.setEnabled(self._selected(self.rejection_table) is not None)

    def _choose(self, which: str) -> None:
        row = self._selected(self.conflict_table)
        if row is None:
            return
        conflict = self.conflicts[row]
        self.keep_current.setEnabled(False)
        self.keep_other.setEnabled(False)
        self.status.setText(self.tr("Speichere die Entscheidung …"))
        self.ctx.ops.net(
            server_call,
            self.connection,
            "resolve",
            conflict["id"],
            conflict[which],
            on_done=self._resolved,
            on_error=self._failed,
        )

    def _resolved(self, _answer) -> None:
        self.status.setText(self.tr("Entschieden. Der gewählte Wert gilt jetzt auf allen Geräten."))
        self.resolved.emit()
        self.refresh()

    def _settle(self) -> None:
        row = self._selected(self.rejection_table)
        if row is None:
            return
        self.settle.setEnabled(False)
        self.ctx.ops.write(
            state.settle_rejection,
            self.ctx.store.engine,
            self.rejections[row].id,
            self.ctx.settings.user_name,
            on_done=self._settled,
        )

    def _settled(self, _result) -> None:
        self.resolved.emit()
        self._load_rejections()


KIND_LABELS = {
    "client": QT_TRANSLATE_NOOP("ConflictsDialog", "Stammdaten"),
    "client_alias": QT_TRANSLATE_NOOP("ConflictsDialog", "Namensvariante"),
    "client_identifier": QT_TRANSLATE_NOOP("ConflictsDialog", "Aktenzeichen"),
    "residence_status": QT_TRANSLATE_NOOP("ConflictsDialog", "Aufenthaltsstatus"),
    "household_link": QT_TRANSLATE_NOOP("ConflictsDialog", "Haushalt"),
    "consultation": QT_TRANSLATE_NOOP("ConflictsDialog", "Beratung"),
    "referral": QT_TRANSLATE_NOOP("ConflictsDialog", "Verweisung"),
    "task": QT_TRANSLATE_NOOP("ConflictsDialog", "Wiedervorlage"),
    "consent": QT_TRANSLATE_NOOP("ConflictsDialog", "Einwilligung"),
    # --- issue 20: support plan ---
    "support_plan": QT_TRANSLATE_NOOP("ConflictsDialog", "Förderplan"),
    "plan_goal": QT_TRANSLATE_NOOP("ConflictsDialog", "Ziel im Förderplan"),
    "plan_step": QT_TRANSLATE_NOOP("ConflictsDialog", "Schritt im Förderplan"),
    "plan_review": QT_TRANSLATE_NOOP("ConflictsDialog", "Überprüfung des Förderplans"),
    # --- issue 21: project participation ---
    "project_participation": QT_TRANSLATE_NOOP("ConflictsDialog", "Projektteilnahme"),
}
OP_LABELS = {
    "create": QT_TRANSLATE_NOOP("ConflictsDialog", "{kind} angelegt"),
    "update": QT_TRANSLATE_NOOP("ConflictsDialog", "{kind} geändert"),
    "delete": QT_TRANSLATE_NOOP("ConflictsDialog", "{kind} gelöscht"),
}


def _operation_text(kind: str, op: str) -> str:
    kind_text = (
        QCoreApplication.translate("ConflictsDialog", KIND_LABELS[kind])
        if kind in KIND_LABELS
        else kind
    )
    template = OP_LABELS.get(op)
    if template is None:
        return f"{kind_text} ({op})"
    return QCoreApplication.translate("ConflictsDialog", template).format(kind=kind_text)
