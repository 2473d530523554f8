"""One look and behaviour for the read-only list tables (search results, tasks, recent clients)."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


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
        mode = QHeaderView.ResizeMode.Stretch if col == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(col, mode)
    for col in hidden:
        table.setColumnHidden(col, True)
    return table
