"""One look and behaviour for the read-only tables: lists (search results, tasks, recent
clients) and the wrapping tables of the conflict and duplicate dialogs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

# A column that must tell people apart (a name) keeps at least this many average characters.
NAME_CHARS = 24


class ColumnFit(QObject):
    """Shares a table's width among its columns as the table is resized or refilled.

    Every column gets the width of its contents (and of its header: headers are never cut);
    the *stretch* columns share what is left. Where the room is short, the *stretch* columns
    give way first, down to their header (and, for a name column, :data:`NAME_CHARS`
    characters), then the table scrolls sideways rather than cutting a header. Qt's own
    ``Stretch`` mode lets a stretched column shrink to nothing while the others keep their
    contents: the names, which tell people apart, were cut to nine characters."""

    def __init__(self, table: QTableView, stretch: tuple[int, ...], name_columns=()):
        super().__init__(table)
        self.table, self.stretch, self.name_columns = table, tuple(stretch), tuple(name_columns)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.fit)
        model.headerDataChanged.connect(self.fit)
        self.fit()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def header_width(self, column: int) -> int:
        header = self.table.horizontalHeader()
        return header.sectionSizeFromContents(column).width()

    def minimum(self, column: int) -> int:
        least = self.header_width(column)
        if column in self.name_columns:
            least = max(least, self.table.fontMetrics().averageCharWidth() * NAME_CHARS)
        return least

    def fit(self, *_args) -> None:
        table = self.table
        columns = [c for c in range(table.model().columnCount()) if not table.isColumnHidden(c)]
        if not columns:
            return
        wanted = {
            c: max(
                self.header_width(c), table.sizeHintForColumn(c) if table.model().rowCount() else 0
            )
            for c in columns
        }
        stretch = [c for c in columns if c in self.stretch] or columns[-1:]
        fixed = sum(w for c, w in wanted.items() if c not in stretch)
        room = table.viewport().width() - fixed
        least = {c: self.minimum(c) for c in stretch}
        desired = sum(max(wanted[c], least[c]) for c in stretch)
        if room >= desired:
            # Enough for every stretched column's contents: the spare width shared equally.
            spare, rest = divmod(room - desired, len(stretch))
            widths = {c: max(wanted[c], least[c]) + spare for c in stretch}
            widths[stretch[-1]] += rest
        else:
            # Short of room: each stretched column gets a share (never below its minimum).
            share = max(room, 0) // len(stretch)
            widths = {c: max(least[c], min(max(wanted[c], least[c]), share)) for c in stretch}
            left = room - sum(widths.values())
            for c in stretch:  # what a narrow column leaves goes to the others
                if left <= 0:
                    break
                grow = min(left, max(wanted[c], least[c]) - widths[c])
                widths[c] += max(grow, 0)
                left -= max(grow, 0)
        header = table.horizontalHeader()
        for c in columns:
            width = widths.get(c, wanted[c])
            if header.sectionSize(c) != width:
                header.resizeSection(c, width)


def list_table(
    model,
    name: str,
    stretch: int | tuple[int, ...],
    hidden: tuple[int, ...] = (),
    names: tuple[int, ...] = (),
) -> QTableView:
    """A row-selecting, non-editable table over *model*; column *stretch* (or the columns)
    takes the spare width, the others fit their contents (see :class:`ColumnFit`); *names* are
    columns of people's names, elided in the middle (the end of a family name and the given
    name both stay)."""
    table = QTableView(objectName=name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    # One line per row: a wrapped cell elides its first line at the end, whatever the mode.
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle if names else Qt.TextElideMode.ElideRight)
    table.horizontalHeader().setMinimumSectionSize(40)
    for col in hidden:
        table.setColumnHidden(col, True)
    table.column_fit = ColumnFit(
        table, stretch if isinstance(stretch, tuple) else (stretch,), names
    )
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
