"""Statistical disclosure control of published report tables (``zur Veröffentlichung``).

A report table is a grid of cells with a total per row, a total per column and a grand total.
:func:`protect` makes it fit for publication (docs/reports.md, "Two modes"):

1. *primary suppression*: an entry (cell or total) with 1 to ``threshold`` records or persons
   behind it is hidden -- a count of 3 points at three people. A zero is shown: it reveals
   nobody.
2. *secondary suppression*: a hidden entry must not be recoverable from the entries that are
   shown. The table is seen as one grid with the totals as an extra row and column, so every
   row and every column of it is a line whose last entry is the sum of the others (the column
   totals with the grand total, and the row totals with the grand total, are lines too).
   First, while a line has exactly one hidden entry ("180 - 177 = 3"), a further entry of that
   line is hidden: its smallest non-zero cell, else its total. Then the hidden entries are
   checked as a whole: seen as edges between their row and their column, a hidden entry that
   lies on no cycle (a *bridge*) can be worked out by adding and subtracting whole lines even
   though every line has two hidden entries; one more entry is hidden to close a cycle through
   it. When every hidden entry lies on a cycle, each can be moved up and down along it without
   changing any line's total, so no set of equations pins it. A reader knows more, though:
   zeros are always shown (none is ever hidden), so every hidden count is at least 1 (a sum or
   median at least 0), and a cycle can only move a figure down while it is above that bound
   ("42 - 40 = 2" for two hidden counts: both are 1). So, last, every primary entry must lie
   on a cycle along which it moves by 1, up or down, without taking any figure below its
   bound; for one that does not, a further entry is hidden (the smallest non-zero one that
   brings such a cycle nearer) and all of this is repeated.
3. optional *rounding* of every shown figure to a multiple of ``rounding``, the totals rounded
   on their own (so they may differ from the sum of the rounded cells).

Tables whose totals are not sums of the cells (distinct persons, medians; ``additive=False``)
are treated as if they were: a line is protected the same way, which hides at least as much
as needed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Number = float | int

HIDDEN_MARK = "•"


@dataclass(frozen=True)
class Protected:
    """A report table as it may be published: hidden entries are ``None``."""

    cells: list[list[Number | None]]
    row_totals: list[Number | None]
    column_totals: list[Number | None]
    total: Number | None
    primary: int
    """Entries (cells and totals) hidden because they rest on 1 to threshold records."""
    secondary: int
    """Entries hidden so that a hidden one cannot be worked out from the shown ones."""
    notes: list[str]
    """German sentences for under the table saying what was done to it."""


def protect(
    cells: Sequence[Sequence[Number]],
    row_totals: Sequence[Number],
    column_totals: Sequence[Number],
    total: Number,
    *,
    counts: Sequence[Sequence[int]] | None = None,
    row_counts: Sequence[int] | None = None,
    column_counts: Sequence[int] | None = None,
    total_count: int | None = None,
    threshold: int = 5,
    rounding: int = 0,
    additive: bool = True,
) -> Protected:
    """Suppress and round a report table for publication.

    ``counts`` gives the number of records (or persons) behind each cell when the cells hold
    sums, medians or means; ``None`` means the cells are counts themselves. The totals' counts
    default to the sums of the cells' counts for an additive table; for a table of distinct
    persons or medians (``additive=False``) they default to the largest count in the line, the
    fewest persons the total can rest on -- so a total is rather hidden than shown wrongly.
    ``threshold`` 0 hides nothing; ``rounding`` 0 rounds nothing.
    """
    if threshold < 0:
        raise ValueError(f"threshold must not be negative: {threshold}")
    if rounding < 0:
        raise ValueError(f"rounding must not be negative: {rounding}")
    n_rows = len(cells)
    n_columns = len(column_totals)
    _check_shape("cells", cells, n_rows, n_columns)
    _check_length("row_totals", row_totals, n_rows)

    values: list[list[Number]] = [list(row) + [row_totals[i]] for i, row in enumerate(cells)]
    values.append(list(column_totals) + [total])
    weights = _counts(
        values,
        counts,
        row_counts,
        column_counts,
        total_count,
        additive=additive,
    )

    hidden = [
        [1 <= weights[i][j] <= threshold for j in range(n_columns + 1)] for i in range(n_rows + 1)
    ]
    primary = sum(row.count(True) for row in hidden)
    if primary:
        _suppress_secondary(values, weights, hidden, lower=1 if counts is None else 0)
    secondary = sum(row.count(True) for row in hidden) - primary

    shown: list[list[Number | None]] = [
        [None if hidden[i][j] else _round(values[i][j], rounding) for j in range(n_columns + 1)]
        for i in range(n_rows + 1)
    ]
    return Protected(
        cells=[row[:n_columns] for row in shown[:n_rows]],
        row_totals=[row[n_columns] for row in shown[:n_rows]],
        column_totals=shown[n_rows][:n_columns],
        total=shown[n_rows][n_columns],
        primary=primary,
        secondary=secondary,
        notes=_notes(
            primary=primary,
            secondary=secondary,
            threshold=threshold,
            rounding=rounding,
            by_count=counts is None,
            any_shown=any(v is not None for row in shown for v in row),
        ),
    )


def _check_length(name: str, seq: Sequence[object], expected: int) -> None:
    if len(seq) != expected:
        raise ValueError(f"{name} has {len(seq)} entries, expected {expected}")


def _check_shape(name: str, grid: Sequence[Sequence[object]], n_rows: int, n_columns: int) -> None:
    _check_length(name, grid, n_rows)
    for i, row in enumerate(grid):
        _check_length(f"{name}[{i}]", row, n_columns)


def _counts(
    values: list[list[Number]],
    counts: Sequence[Sequence[int]] | None,
    row_counts: Sequence[int] | None,
    column_counts: Sequence[int] | None,
    total_count: int | None,
    *,
    additive: bool,
) -> list[list[Number]]:
    """The number of records behind every entry of the extended grid (totals included)."""
    n_rows = len(values) - 1
    n_columns = len(values[0]) - 1
    if counts is None:
        if row_counts is not None or column_counts is not None or total_count is not None:
            raise ValueError("counts of totals given without counts of cells")
        return [list(row) for row in values]
    _check_shape("counts", counts, n_rows, n_columns)

    def combine(line: list[int]) -> int:
        if additive:
            return sum(line)
        return max(line, default=0)

    inner = [list(row) for row in counts]
    if row_counts is None:
        row_counts = [combine(row) for row in inner]
    if column_counts is None:
        column_counts = [combine([row[j] for row in inner]) for j in range(n_columns)]
    if total_count is None:
        total_count = (
            combine(list(row_counts)) if additive else combine([*row_counts, *column_counts])
        )
    _check_length("row_counts", row_counts, n_rows)
    _check_length("column_counts", column_counts, n_columns)
    weights: list[list[Number]] = [[*row, row_counts[i]] for i, row in enumerate(inner)]
    weights.append([*column_counts, total_count])
    return weights


Entry = tuple[int, int]
Rank = tuple[bool, bool, Number, Number, int, int]


def _suppress_secondary(
    values: list[list[Number]],
    weights: list[list[Number]],
    hidden: list[list[bool]],
    *,
    lower: int,
) -> None:
    """Hide further entries until no hidden entry can be worked out from the shown ones.

    ``lower`` is what a reader knows every hidden figure to be at least: 1 for counts (zeros
    are always shown), 0 for sums and medians. A zero entry is never hidden.
    """
    n_rows = len(values) - 1
    n_columns = len(values[0]) - 1
    primary = [list(row) for row in hidden]
    lines: list[list[Entry]] = [[(i, j) for j in range(n_columns + 1)] for i in range(n_rows + 1)]
    lines += [[(i, j) for i in range(n_rows + 1)] for j in range(n_columns + 1)]

    def preference(entry: Entry, line_total: Entry | None) -> Rank:
        # Non-zero before zero (a zero is usually known anyway), cells before totals, smallest first.
        i, j = entry
        is_total = entry == line_total if line_total is not None else i == n_rows or j == n_columns
        return (weights[i][j] == 0, is_total, values[i][j], weights[i][j], i, j)

    # Sweep all rows, then all columns, and again until no line changes: hiding a cell as
    # soon as the next line asks for it would make a row's choice before the column sweep has
    # paired up the hidden cells, and hide more than needed.
    # The number of hidden entries of every line, kept up to date.
    in_line = [row.count(True) for row in hidden]
    in_line += [sum(row[j] for row in hidden) for j in range(n_columns + 1)]

    def hide(i: int, j: int) -> None:
        hidden[i][j] = True
        in_line[i] += 1
        in_line[n_rows + 1 + j] += 1

    while True:
        changed = False
        for k, line in enumerate(lines):
            if in_line[k] == 1:
                candidates = [(i, j) for i, j in line if not hidden[i][j] and weights[i][j]]
                if candidates:
                    hide(*min(candidates, key=lambda e: preference(e, line[-1])))
                    changed = True
        if changed:
            continue
        further = _closing_entries(hidden, weights, n_rows, n_columns)
        if further is not None:
            hide(*min(further, key=lambda e: preference(e, None)))
            continue
        if not _unpin(values, weights, hidden, primary, lower, hide, preference):
            return


def _closing_entries(
    hidden: list[list[bool]], weights: list[list[Number]], n_rows: int, n_columns: int
) -> list[Entry] | None:
    """Shown non-zero entries that put a bridge of the hidden entries on a cycle, or ``None``.

    The hidden entries are the edges of a bipartite graph between the lines (row ``i`` is
    vertex ``i``, column ``j`` vertex ``n_rows + 1 + j``). A bridge joins two parts that nothing
    else joins; hiding an entry between the other row of one part and a column of the other
    closes a cycle through it. When no non-zero entry does, one that leads out of the bridge's
    part is hidden, and the part grows until a cycle closes: there always is such an entry,
    since the bridge's figure is the signed sum of the shown entries leaving its part.
    """
    n_vertices = n_rows + n_columns + 2
    adjacency: list[list[int]] = [[] for _ in range(n_vertices)]
    for i in range(n_rows + 1):
        for j in range(n_columns + 1):
            if hidden[i][j]:
                adjacency[i].append(n_rows + 1 + j)
                adjacency[n_rows + 1 + j].append(i)
    leaving: list[Entry] = []
    for row, column in _bridges(adjacency):
        if row > n_rows:
            row, column = column, row
        side_of_row = _reachable(adjacency, row, (row, column))
        side_of_column = _reachable(adjacency, column, (row, column))
        candidates = [
            (i, j)
            for i in range(n_rows + 1)
            for j in range(n_columns + 1)
            if not hidden[i][j]
            and weights[i][j]
            and (
                (i in side_of_row and n_rows + 1 + j in side_of_column)
                or (i in side_of_column and n_rows + 1 + j in side_of_row)
            )
        ]
        if candidates:
            return candidates
        if not leaving:
            leaving = [
                (i, j)
                for i in range(n_rows + 1)
                for j in range(n_columns + 1)
                if not hidden[i][j]
                and weights[i][j]
                and (i in side_of_row) != (n_rows + 1 + j in side_of_row)
            ]
    return leaving or None


def _unpin(
    values: list[list[Number]],
    weights: list[list[Number]],
    hidden: list[list[bool]],
    primary: list[list[bool]],
    lower: int,
    hide: Callable[[int, int], None],
    preference: Callable[[Entry, None], Rank],
) -> bool:
    """Hide a shown non-zero entry for every pinned primary entry; ``False`` if none is pinned.

    A reader knows every hidden figure to be at least ``lower``. The hidden figures can be
    moved along a cycle of hidden entries (alternately up and down, in the signed sense where
    totals count negative and the grand total positive) without changing any line's total;
    moving a figure down is only possible while it is at least 1 above ``lower``. A primary
    entry is *pinned* when no such cycle moves it by 1, up or down: then the equations and the
    bounds together reveal it (two hidden cells in a line whose hidden part is 2 are both 1).
    As a directed graph between the lines, each hidden entry (row, column) is an arc
    row -> column (its signed figure goes up) and an arc column -> row (down), less the arc
    that would take a figure at its bound below it; a primary entry is free when an arc of it
    lies on a directed cycle.

    For a pinned entry, the entry hidden is one that joins what the entry's head reaches to
    what reaches its tail, else one that widens either. The caller then applies the line rule
    again, which often completes the cycle.
    """
    n_rows = len(values) - 1
    n_columns = len(values[0]) - 1
    n_vertices = n_rows + n_columns + 2

    def arcs(i: int, j: int) -> tuple[bool, bool]:
        # (row -> column allowed, column -> row allowed) for the entry, were it hidden.
        if values[i][j] - lower >= 1:
            return True, True
        inner = (i < n_rows) == (j < n_columns)  # its figure goes up with its signed one
        return inner, not inner

    out: list[list[tuple[int, Entry]]] = [[] for _ in range(n_vertices)]
    into: list[list[tuple[int, Entry]]] = [[] for _ in range(n_vertices)]
    loose: list[list[int]] = [[] for _ in range(n_vertices)]  # entries movable both ways

    def add(i: int, j: int) -> None:
        r, c = i, n_rows + 1 + j
        forward, backward = arcs(i, j)
        if forward:
            out[r].append((c, (i, j)))
            into[c].append((r, (i, j)))
        if backward:
            out[c].append((r, (i, j)))
            into[r].append((c, (i, j)))

    checked: list[Entry] = []
    for i in range(n_rows + 1):
        for j in range(n_columns + 1):
            if hidden[i][j]:
                add(i, j)
                if arcs(i, j) == (True, True):
                    loose[i].append(n_rows + 1 + j)
                    loose[n_rows + 1 + j].append(i)
                if primary[i][j]:
                    checked.append((i, j))

    # Quick answers first: a loose entry on a cycle of loose entries is free either way round;
    # an entry with one arc is free when both its ends lie in one strong component. Hiding
    # more entries below only adds arcs, so what is free stays free.
    loose_bridges = {frozenset(b) for b in _bridges(loose)}
    component = _strong_components(out)
    # A loose bridge is free when its ends are strongly connected without any loose bridge.
    unbridged = [
        [(w, e) for w, e in arcs_of if frozenset((v, w)) not in loose_bridges]
        for v, arcs_of in enumerate(out)
    ]
    component_unbridged = _strong_components(unbridged)
    # Those strong components as one vertex each, joined by the tight arcs between them and by
    # the loose bridges (both ways): a small graph to look for a path round a loose bridge.
    condensed: dict[int, set[tuple[int, Entry | None]]] = {}
    for v, arcs_of in enumerate(out):
        for w, e in arcs_of:
            x, y = component_unbridged[v], component_unbridged[w]
            if x != y:
                condensed.setdefault(x, set()).add(
                    (y, e if frozenset((v, w)) in loose_bridges else None)
                )

    def round_bridge(start: int, goal: int, without: Entry) -> bool:
        seen = {start}
        stack = [start]
        while stack:
            for w, e in condensed.get(stack.pop(), ()):
                if e != without and w not in seen:
                    if w == goal:
                        return True
                    seen.add(w)
                    stack.append(w)
        return False

    def reach(start: int, adjacency: list[list[tuple[int, Entry]]], without: Entry) -> set[int]:
        seen = {start}
        stack = [start]
        while stack:
            v = stack.pop()
            for w, entry in adjacency[v]:
                if entry != without and w not in seen:
                    seen.add(w)
                    stack.append(w)
        return seen

    def shown_arcs(vertices: set[int]) -> list[tuple[int, int, Entry]]:
        # The arcs (from, to, entry) that shown non-zero entries at these vertices would add.
        found = []
        for v in vertices:
            if v <= n_rows:
                pairs = [(v, b) for b in range(n_columns + 1)]
            else:
                pairs = [(a, v - n_rows - 1) for a in range(n_rows + 1)]
            for a, b in pairs:
                if hidden[a][b] or not weights[a][b]:
                    continue
                forward, backward = arcs(a, b)
                c = n_rows + 1 + b
                if forward:
                    found.append((a, c, (a, b)))
                if backward:
                    found.append((c, a, (a, b)))
        return found

    cost = [n_columns + 1] * (n_rows + 1) + [n_rows + 1] * (n_columns + 1)

    def joining(ahead: set[int], behind: set[int]) -> list[Entry]:
        # Shown non-zero entries with an arc from ``ahead`` into ``behind``.
        found = []
        for x in ahead:
            for y in behind:
                if (x <= n_rows) == (y <= n_rows):
                    continue
                a, b = (x, y - n_rows - 1) if x <= n_rows else (y, x - n_rows - 1)
                if hidden[a][b] or not weights[a][b]:
                    continue
                if arcs(a, b)[0 if x <= n_rows else 1]:
                    found.append((a, b))
        return found

    hid_any = False
    for i, j in checked:
        r, c = i, n_rows + 1 + j
        forward, backward = arcs(i, j)
        if forward and backward:
            if frozenset((r, c)) not in loose_bridges:
                continue
            x, y = component_unbridged[r], component_unbridged[c]
            if x == y or round_bridge(x, y, (i, j)) or round_bridge(y, x, (i, j)):
                continue
        elif component[r] == component[c]:
            continue
        # For each way the entry may move (tail -> head), is there a path head -> tail?
        ways = [(t, h) for t, h, ok in ((r, c, forward), (c, r, backward)) if ok]
        aheads = []
        for t, h in ways:
            aheads.append(reach(h, out, (i, j)))
            if t in aheads[-1]:
                break
        if len(aheads) < len(ways) or ways[-1][0] in aheads[-1]:
            continue
        sides = [
            (ahead, reach(t, into, (i, j))) for (t, _h), ahead in zip(ways, aheads, strict=True)
        ]
        choice = [entry for ahead, behind in sides for entry in joining(ahead, behind)]
        if not choice:
            # Widen the side that has fewer entries to look at.
            for ahead, behind in sides:
                group = min(ahead, behind, key=lambda g: sum(cost[v] for v in g))
                choice += [
                    entry for x, y, entry in shown_arcs(group) if (x in group) != (y in group)
                ]
        if choice:
            a, b = min(choice, key=lambda e: preference(e, None))
            hide(a, b)
            add(a, b)
            hid_any = True
    return hid_any


def _strong_components(out: list[list[tuple[int, Entry]]]) -> list[int]:
    """The strong component of every vertex of a directed graph (Kosaraju, without recursion)."""
    n = len(out)
    order: list[int] = []
    visited = [False] * n
    for root in range(n):
        if visited[root]:
            continue
        visited[root] = True
        stack = [(root, 0)]
        while stack:
            v, k = stack[-1]
            if k < len(out[v]):
                stack[-1] = (v, k + 1)
                w = out[v][k][0]
                if not visited[w]:
                    visited[w] = True
                    stack.append((w, 0))
            else:
                stack.pop()
                order.append(v)
    backward: list[list[int]] = [[] for _ in range(n)]
    for v in range(n):
        for w, _entry in out[v]:
            backward[w].append(v)
    component = [-1] * n
    for root in reversed(order):
        if component[root] != -1:
            continue
        component[root] = root
        todo = [root]
        while todo:
            v = todo.pop()
            for w in backward[v]:
                if component[w] == -1:
                    component[w] = root
                    todo.append(w)
    return component


def _reachable(adjacency: list[list[int]], start: int, without: tuple[int, int]) -> set[int]:
    """The vertices reachable from ``start`` without using the edge ``without``."""
    a, b = without
    seen = {start}
    stack = [start]
    while stack:
        v = stack.pop()
        for w in adjacency[v]:
            if (v, w) in ((a, b), (b, a)) or w in seen:
                continue
            seen.add(w)
            stack.append(w)
    return seen


def _bridges(adjacency: list[list[int]]) -> list[tuple[int, int]]:
    """The bridges of a simple graph (Tarjan's low-link, without recursion)."""
    n = len(adjacency)
    order = [-1] * n
    low = [0] * n
    found: list[tuple[int, int]] = []
    counter = 0
    for root in range(n):
        if order[root] != -1:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[int, int, int]] = [(root, -1, 0)]  # vertex, parent, next neighbour index
        while stack:
            v, parent, k = stack[-1]
            if k < len(adjacency[v]):
                stack[-1] = (v, parent, k + 1)
                w = adjacency[v][k]
                if w == parent:
                    continue  # the graph is simple: the one edge back to the parent
                if order[w] == -1:
                    order[w] = low[w] = counter
                    counter += 1
                    stack.append((w, v, 0))
                else:
                    low[v] = min(low[v], order[w])
            else:
                stack.pop()
                if parent != -1:
                    low[parent] = min(low[parent], low[v])
                    if low[v] > order[parent]:
                        found.append((parent, v))
    return found


def _round(value: Number, multiple: int) -> Number:
    """Round half up to a multiple (``multiple`` 0: unchanged)."""
    if multiple == 0:
        return value
    if isinstance(value, int):
        return (2 * value + multiple) // (2 * multiple) * multiple
    return float(math.floor(value / multiple + 0.5) * multiple)


def _notes(
    *,
    primary: int,
    secondary: int,
    threshold: int,
    rounding: int,
    by_count: bool,
    any_shown: bool,
) -> list[str]:
    notes: list[str] = []
    if primary:
        if by_count:
            if threshold == 1:
                notes.append(f"Der Wert 1 ist unterdrückt ({HIDDEN_MARK}).")
            else:
                notes.append(f"Werte von 1 bis {threshold} sind unterdrückt ({HIDDEN_MARK}).")
        elif threshold == 1:
            notes.append(
                f"Werte, die auf einem einzigen Fall beruhen, sind unterdrückt ({HIDDEN_MARK})."
            )
        else:
            notes.append(
                f"Werte, die auf 1 bis {threshold} Fällen beruhen, sind unterdrückt ({HIDDEN_MARK})."
            )
    if secondary:
        notes.append(
            "Weitere Werte sind unterdrückt, damit sich unterdrückte nicht aus Summen errechnen lassen."
        )
    if rounding and any_shown:
        notes.append(
            f"Alle Werte auf Vielfache von {rounding} gerundet; Summen wurden gesondert gerundet "
            "und können von der Summe der Zellen abweichen."
        )
    return notes
