"""One look and behaviour for the read-only tables: lists (search results, tasks, recent
clients) and the wrapping tables of the conflict and duplicate dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QHeaderView, QTableView


def list_table(model, name: str, stretch: int, hidden: tuple[int, ...] = ()) -> QTableView:
    """A row-selecting, non-editable table over *model*; column *stretch* takes the spare width,
    the others fit their contents."""
    table = QTableView(objectName=name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setMinimumSectionSize(60)
    for col in range(model.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if col == stretch
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(col, mode)
    for col in hidden:
        table.setColumnHidden(col, True)
    return table


def wrapping_table(model, select_rows: bool = True) -> QTableView:
    """A non-editable table whose columns share the width and whose cells wrap; rows are
    selected one at a time, or (``select_rows=False``) nothing is selected at all."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(
        QAbstractItemView.SelectionBehavior.SelectRows
        if select_rows
        else QAbstractItemView.SelectionBehavior.SelectItems
    )
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.SingleSelection
        if select_rows
        else QAbstractItemView.SelectionMode.NoSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.setWordWrap(True)
    return view


def text_item(text: str) -> QStandardItem:
    """A cell of a wrapping table: text at the top left (rows grow with their longest cell)."""
    item = QStandardItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return item


def fit_default_button(buttons: QDialogButtonBox, which) -> None:
    """The style sets a default button in bold, which its size hint does not know."""
    button = buttons.button(which)
    button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) * 6 // 5 + 40)
