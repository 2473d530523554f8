"""Likely duplicates, side by side, for coordination and reception (issue 4).

The server proposes pairs of client files that are probably one person, with the reasons of
its score in words. The reviewer compares the two files field by field -- differing values are
highlighted -- picks per field the value to keep (a click on the cell), picks which file stays,
and merges, or says "not the same person" (remembered, never proposed again). The second tab
lists recent merges; a wrong one is undone there. Every server call runs through
``ctx.runner``, never on the UI thread; after a decision the laptop syncs, so the merged file
arrives as a redirect.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.conflicts_view import FIELD_LABELS, value_text
from desktop.ui.formatting import datetime_text as _datetime_text
from desktop.ui.review_dialog import ReviewDialog, button_page, server_call
from desktop.ui.tables import text_item, wrapping_table

# The fields compared side by side, in the order a caseworker reads a file.
FIELDS = (
    "family_name",
    "given_names",
    "birth_name",
    "birth_date",
    "sex",
    "nationalities",
    "birth_place",
    "phone",
    "address",
)
IDENTIFIERS = ("azr_number", "abh_file_number", "bamf_file_number")
ID_LABELS = {
    "azr_number": QT_TRANSLATE_NOOP("DuplicatesDialog", "AZR-Nummer"),
    "abh_file_number": QT_TRANSLATE_NOOP("DuplicatesDialog", "ABH-Aktenzeichen"),
    "bamf_file_number": QT_TRANSLATE_NOOP("DuplicatesDialog", "BAMF-Aktenzeichen"),
}
DIFFERENT = QColor("#fff1c2")  # a value that differs between the two files
CHOSEN = QColor("#d7eddc")  # the value that will be kept


def datetime_text(text: str | None) -> str:
    """A server timestamp (ISO text) in local time, as the rest of the app shows times."""
    try:
        return _datetime_text(dt.datetime.fromisoformat(text)) if text else ""
    except ValueError:
        return ""


def _load(connection):
    client = connection.client()
    try:
        return (client.duplicates("open")["candidates"], client.merges(100)["merges"])
    finally:
        client.close()


def _name(file: dict) -> str:
    f = file.get("fields") or {}
    return " ".join(x for x in (f.get("given_names"), f.get("family_name")) if x) or "—"


def _identifier(file: dict, kind: str) -> str:
    return ", ".join(
        i.get("value") or "" for i in file.get("identifiers") or [] if i.get("type") == kind
    )


class DuplicatesDialog(ReviewDialog):
    """The review queue of likely duplicates and the list of merges."""

    decided = Signal()  # a merge, unmerge or "not the same": time to sync

    def __init__(self, ctx, connection, parent: QWidget | None = None):
        super().__init__(ctx, connection, "duplicateStatus", parent)
        self.candidates: list[dict] = []
        self.merges: list[dict] = []
        self.keep: dict[str, str] = {}  # field -> "left" | "right"
        self.resize(1100, 620)
        # Tab 1: the queue on the left, the comparison on the right.
        self.pair_model = QStandardItemModel(0, 2, self)
        self.pairs = wrapping_table(self.pair_model)
        self.compare_model = QStandardItemModel(0, 3, self)
        self.compare = wrapping_table(self.compare_model, select_rows=False)
        self.compare.clicked.connect(self._cell_clicked)
        self.reasons = QLabel(objectName="duplicateReasons", wordWrap=True)
        self.hint = QLabel(objectName="duplicateHint", wordWrap=True)
        self.survivor = QComboBox(objectName="survivorChoice")
        self.merge_button = QPushButton(objectName="mergeButton")
        self.distinct_button = QPushButton(objectName="distinctButton")
        for b in (self.merge_button, self.distinct_button):
            b.setAutoDefault(False)
        self.merge_button.clicked.connect(self._merge)
        self.distinct_button.clicked.connect(self._distinct)
        self.survivor_label = QLabel()
        right = QWidget()
        lay = QVBoxLayout(right)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.reasons)
        lay.addWidget(self.compare, 1)
        lay.addWidget(self.hint)
        row = QHBoxLayout()
        row.addWidget(self.survivor_label)
        row.addWidget(self.survivor, 1)
        row.addWidget(self.distinct_button)
        row.addWidget(self.merge_button)
        lay.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.pairs)
        split.addWidget(right)
        split.setSizes([330, 770])
        self.tabs.addTab(split, "")
        # Tab 2: merges, to undo a wrong one.
        self.merge_model = QStandardItemModel(0, 5, self)
        self.merge_table = wrapping_table(self.merge_model)
        self.undo_button = QPushButton(objectName="undoMerge")
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self._undo)
        self.tabs.addTab(button_page(self.merge_table, buttons=(self.undo_button,)), "")
        self.lay_out()
        self.pairs.selectionModel().selectionChanged.connect(self._show_pair)
        self.merge_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.retranslateUi()
        self.refresh()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Mögliche Dubletten"))
        self.tabs.setTabText(0, self.tr("Zu prüfen ({n})").format(n=len(self.candidates)))
        self.tabs.setTabText(
            1,
            self.tr("Zusammengeführt ({n})").format(
                n=sum(1 for m in self.merges if not m.get("undone_at"))
            ),
        )
        self.pair_model.setHorizontalHeaderLabels([self.tr("Akten"), self.tr("Übereinstimmung")])
        self.compare_model.setHorizontalHeaderLabels(
            [self.tr("Feld"), self.tr("Akte A"), self.tr("Akte B")]
        )
        self.merge_model.setHorizontalHeaderLabels(
            [
                self.tr("Zusammengeführt am"),
                self.tr("Verbleibende Akte"),
                self.tr("Aufgelöste Akte"),
                self.tr("Von / Grund"),
                self.tr("Rückgängig gemacht"),
            ]
        )
        self.hint.setText(
            self.tr(
                "Gelb: die Akten unterscheiden sich. Ein Klick auf einen Wert wählt ihn für die "
                "verbleibende Akte (grün). Alle Beratungen, Wiedervorlagen und Dokumente beider "
                "Akten bleiben erhalten; die Zusammenführung kann rückgängig gemacht werden."
            )
        )
        self.survivor_label.setText(self.tr("Verbleibende Akte:"))
        self.merge_button.setText(self.tr("Zusammenführen"))
        self.distinct_button.setText(self.tr("Nicht dieselbe Person"))
        self.undo_button.setText(self.tr("Zusammenführung rückgängig machen"))
        super().retranslateUi()

    # --- data ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.status.setText(self.tr("Lade mögliche Dubletten vom Server …"))
        self._update_buttons()
        self.ctx.ops.net(
            _load, self.connection, key="duplicates", on_done=self._loaded, on_error=self._failed
        )

    def _loaded(self, result) -> None:
        self.candidates, self.merges = result
        note, self.note = getattr(self, "note", ""), ""
        self.status.setText(
            note or ("" if self.candidates else self.tr("Keine möglichen Dubletten offen."))
        )
        self._fill()

    def _failed(self, exc: Exception) -> None:
        message = getattr(exc, "message", "") or str(exc)
        self.status.setText(
            self.tr("Der Server konnte nicht gefragt werden: {reason}").format(reason=message)
        )
        self._update_buttons()

    def _fill(self) -> None:
        self.pair_model.removeRows(0, self.pair_model.rowCount())
        for c in self.candidates:
            names = f"{_name(c['left'])}\n{_name(c['right'])}"
            certainty = (
                self.tr("sicher") if c.get("decision") == "same" else self.tr("wahrscheinlich")
            )
            self.pair_model.appendRow([text_item(names), text_item(certainty)])
        self.pairs.resizeRowsToContents()
        self.merge_model.removeRows(0, self.merge_model.rowCount())
        for m in self.merges:
            self.merge_model.appendRow(
                [
                    text_item(t)
                    for t in (
                        datetime_text(m.get("merged_at")),
                        m.get("survivor_name") or "",
                        m.get("merged_name") or "",
                        f"{m.get('merged_by')}\n{m.get('reason') or ''}".strip(),
                        datetime_text(m.get("undone_at")) if m.get("undone_at") else "",
                    )
                ]
            )
        self.merge_table.resizeRowsToContents()
        self.retranslateUi()
        if self.candidates and not self.pairs.selectionModel().selectedRows():
            self.pairs.selectRow(0)
        self._show_pair()

    def _current(self) -> dict | None:
        rows = self.pairs.selectionModel().selectedRows()
        return (
            self.candidates[rows[0].row()]
            if rows and rows[0].row() < len(self.candidates)
            else None
        )

    def _rows(self, pair: dict) -> list[tuple[str, str, object, object]]:
        """(key, label, left value, right value) of every field either file has."""
        lf, rf = pair["left"].get("fields") or {}, pair["right"].get("fields") or {}
        rows = []
        for name in FIELDS:
            if lf.get(name) in (None, "") and rf.get(name) in (None, ""):
                continue
            label = QCoreApplication.translate("ConflictsDialog", FIELD_LABELS.get(name, name))
            rows.append((name, label, lf.get(name), rf.get(name)))
        for kind in IDENTIFIERS:
            a, b = _identifier(pair["left"], kind), _identifier(pair["right"], kind)
            if a or b:
                rows.append(
                    ("", QCoreApplication.translate("DuplicatesDialog", ID_LABELS[kind]), a, b)
                )
        return rows

    def _show_pair(self, *_args) -> None:
        pair = self._current()
        self.compare_model.removeRows(0, self.compare_model.rowCount())
        self.survivor.clear()
        if pair is None:
            self.reasons.setText("")
            self._update_buttons()
            return
        self.keep = {}
        for key, label, a, b in self._rows(pair):
            items = [text_item(label), text_item(value_text(a)), text_item(value_text(b))]
            items[0].setData(key, Qt.ItemDataRole.UserRole)
            font = QFont(items[0].font())
            font.setBold(True)
            items[0].setFont(font)
            if value_text(a) != value_text(b):
                for it in items[1:]:
                    it.setBackground(QBrush(DIFFERENT))
                if key:
                    self.keep[key] = "left"
            self.compare_model.appendRow(items)
        self.compare.resizeRowsToContents()
        self.reasons.setText(
            self.tr("Gründe: {reasons}").format(
                reasons=" · ".join(
                    QCoreApplication.translate("matcher", r) for r in pair.get("reasons") or []
                )
            )
        )
        for side in ("left", "right"):
            file = pair[side]
            created = datetime_text((file.get("fields") or {}).get("created_at"))
            self.survivor.addItem(
                self.tr("Akte {side}: {name}, angelegt {created}").format(
                    side="A" if side == "left" else "B", name=_name(file), created=created
                ),
                side,
            )
        self._paint_choice()
        self._update_buttons()

    def _cell_clicked(self, index) -> None:
        key = self.compare_model.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        if key and key in self.keep and index.column() in (1, 2):
            self.keep[key] = "left" if index.column() == 1 else "right"
            self._paint_choice()

    def _paint_choice(self) -> None:
        for row in range(self.compare_model.rowCount()):
            key = self.compare_model.item(row, 0).data(Qt.ItemDataRole.UserRole)
            if key not in self.keep:
                continue
            for col, side in ((1, "left"), (2, "right")):
                item = self.compare_model.item(row, col)
                item.setBackground(QBrush(CHOSEN if self.keep[key] == side else DIFFERENT))

    def _update_buttons(self, *_args) -> None:
        has_pair = self._current() is not None
        self.merge_button.setEnabled(has_pair)
        self.distinct_button.setEnabled(has_pair)
        rows = self.merge_table.selectionModel().selectedRows()
        self.undo_button.setEnabled(bool(rows) and not self.merges[rows[0].row()].get("undone_at"))

    # --- decisions -------------------------------------------------------------------------

    def merge_values(self, pair: dict) -> tuple[str, dict]:
        """The surviving file's id and the values to keep (the chosen side per field)."""
        side = self.survivor.currentData() or "left"
        keep = {}
        for key, choice in self.keep.items():
            value = (pair[choice].get("fields") or {}).get(key)
            if choice != side:  # only what changes the survivor
                keep[key] = value
        return pair[side]["id"], keep

    def _merge(self) -> None:
        pair = self._current()
        if pair is None:
            return
        survivor, keep = self.merge_values(pair)
        self._busy(self.tr("Führe die Akten zusammen …"))
        self.ctx.ops.net(
            server_call,
            self.connection,
            "merge_pair",
            pair["id"],
            survivor,
            keep,
            "; ".join(pair.get("reasons") or []),
            on_done=self._done,
            on_error=self._failed,
        )

    def _distinct(self) -> None:
        pair = self._current()
        if pair is None:
            return
        self._busy(self.tr("Speichere: nicht dieselbe Person …"))
        self.ctx.ops.net(
            server_call,
            self.connection,
            "distinct",
            pair["id"],
            on_done=self._done,
            on_error=self._failed,
        )

    def _undo(self) -> None:
        rows = self.merge_table.selectionModel().selectedRows()
        if not rows:
            return
        self._busy(self.tr("Mache die Zusammenführung rückgängig …"))
        self.ctx.ops.net(
            server_call,
            self.connection,
            "undo_merge",
            self.merges[rows[0].row()]["id"],
            on_done=self._done,
            on_error=self._failed,
        )

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        for b in (self.merge_button, self.distinct_button, self.undo_button):
            b.setEnabled(False)

    def _done(self, _answer) -> None:
        self.decided.emit()
        self.refresh()
        self.note = self.tr(
            "Gespeichert. Die Geräte erhalten die Änderung mit dem nächsten Abgleich."
        )
