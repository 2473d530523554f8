"""Disclosure control of published report tables (docs/reports.md, "Two modes").

The properties are checked the way an attacker would read a published table: from the shown
figures and the fact that no figure is negative, by differencing lines ("180 - 177 = 3"), by
narrowing every hidden figure's possible range line by line, and by solving all line
equations together -- also with what a reader knows more: zeros are always shown, so every
hidden count is at least 1, and with that bound a small hidden count must keep a range at
least 1 wide (linear programming over all line equations).
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from casefile.disclosure import Protected, protect

Grid = list[list[int]]


# --- reading a table as a grid with its totals as an extra row and column ---------------------


def extended(cells, row_totals, column_totals, total):
    """The table as one grid: each row ends with its total, the last row holds the column totals."""
    grid = [[*row, row_totals[i]] for i, row in enumerate(cells)]
    grid.append([*column_totals, total])
    return grid


def shown_grid(p: Protected):
    return extended(p.cells, p.row_totals, p.column_totals, p.total)


def lines(n_rows: int, n_columns: int):
    """Every row and column of the extended grid; the last entry of each is its total."""
    out = [[(i, j) for j in range(n_columns + 1)] for i in range(n_rows + 1)]
    out += [[(i, j) for i in range(n_rows + 1)] for j in range(n_columns + 1)]
    return out


def hidden_entries(p: Protected):
    grid = shown_grid(p)
    return {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if v is None}


def attacker_intervals(p: Protected, n_rows: int, n_columns: int):
    """What an attacker can narrow each hidden figure down to, line by line.

    Every hidden figure starts as [0, infinity); each line (its cells add up to its total)
    narrows its hidden figures from the others' ranges, again and again until nothing changes.
    """
    grid = shown_grid(p)
    lo: dict[tuple[int, int], float] = {}
    hi: dict[tuple[int, int], float] = {}
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if v is None:
                lo[i, j], hi[i, j] = 0, math.inf
            else:
                lo[i, j] = hi[i, j] = v
    all_lines = lines(n_rows, n_columns)
    for _ in range(5000):
        changed = False
        for line in all_lines:
            parts, whole = line[:-1], line[-1]
            for k, e in enumerate(parts):
                if grid[e[0]][e[1]] is not None:
                    continue
                others = parts[:k] + parts[k + 1 :]
                new_lo = max(lo[e], lo[whole] - sum(hi[o] for o in others))
                new_hi = min(hi[e], hi[whole] - sum(lo[o] for o in others))
                if (new_lo, new_hi) != (lo[e], hi[e]):
                    lo[e], hi[e], changed = new_lo, new_hi, True
            if grid[whole[0]][whole[1]] is None:
                new_lo = max(lo[whole], sum(lo[o] for o in parts))
                new_hi = min(hi[whole], sum(hi[o] for o in parts))
                if (new_lo, new_hi) != (lo[whole], hi[whole]):
                    lo[whole], hi[whole], changed = new_lo, new_hi, True
        if not changed:
            break
    return {e: (lo[e], hi[e]) for e in hidden_entries(p)}


def determined_by_equations(p: Protected, n_rows: int, n_columns: int):
    """Hidden figures that the line equations fix, solved all together (Gaussian elimination)."""
    hidden = sorted(hidden_entries(p))
    index = {e: k for k, e in enumerate(hidden)}
    rows: list[list[Fraction]] = []
    for line in lines(n_rows, n_columns):
        coefficients = [Fraction(0)] * len(hidden)
        for e in line[:-1]:
            if e in index:
                coefficients[index[e]] += 1
        if line[-1] in index:
            coefficients[index[line[-1]]] -= 1
        if any(coefficients):
            rows.append(coefficients)
    reduced = reduce_rows(rows, len(hidden))
    # A variable is fixed when a reduced row names it alone.
    fixed = set()
    for row in reduced:
        nonzero = [k for k, c in enumerate(row) if c]
        if len(nonzero) == 1:
            fixed.add(hidden[nonzero[0]])
    return fixed


def reduce_rows(rows: list[list[Fraction]], width: int) -> list[list[Fraction]]:
    """Reduced row echelon form."""
    rows = [list(r) for r in rows]
    pivot_row = 0
    for col in range(width):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][col]), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        head = rows[pivot_row][col]
        rows[pivot_row] = [c / head for c in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col]:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    return rows[:pivot_row]


def feasible_bounds(p: Protected, n_rows: int, n_columns: int, lower: int):
    """The range each hidden figure can take, all line equations solved together.

    The attacker knows that every hidden figure is at least ``lower`` (1 for a count: zeros are
    always shown) and that every line adds up; the smallest and largest value of each hidden
    figure under these constraints is found by linear programming (exact, with fractions).
    ``math.inf`` is an upper bound that nothing limits.
    """
    grid = shown_grid(p)
    hidden = sorted(hidden_entries(p))
    index = {e: k for k, e in enumerate(hidden)}
    equations: list[tuple[list[Fraction], Fraction]] = []
    for line in lines(n_rows, n_columns):
        coefficients = [Fraction(0)] * len(hidden)
        # sum(parts) - whole = 0, with every hidden figure written as lower + y (y >= 0).
        rhs = Fraction(0)
        for sign, e in [(1, e) for e in line[:-1]] + [(-1, line[-1])]:
            if e in index:
                coefficients[index[e]] += sign
                rhs -= sign * lower
            else:
                rhs -= sign * Fraction(grid[e[0]][e[1]])
        if any(coefficients):
            equations.append((coefficients, rhs))
        else:
            assert rhs == 0, "the shown figures of a line do not add up"
    polytope = Polytope(equations, len(hidden))
    bounds = {}
    for e, k in index.items():
        objective = [Fraction(0)] * len(hidden)
        objective[k] = Fraction(1)
        low = polytope.minimize(objective)
        objective[k] = Fraction(-1)
        high = polytope.minimize(objective)
        assert low is not None
        bounds[e] = (lower + low, math.inf if high is None else lower - high)
    return bounds


class Polytope:
    """{y >= 0 : A y = b}, with a feasible basis found once (simplex, Bland's rule, fractions)."""

    def __init__(self, equations: list[tuple[list[Fraction], Fraction]], width: int):
        self.width = width
        rows = []
        for coefficients, rhs in equations:
            if rhs < 0:
                coefficients, rhs = [-c for c in coefficients], -rhs
            rows.append(list(coefficients) + [rhs])
        m = len(rows)
        # Phase one: an artificial variable per row, driven to zero.
        self.rows = [
            r[:width] + [Fraction(int(k == q)) for q in range(m)] + [r[width]]
            for k, r in enumerate(rows)
        ]
        self.basis = [width + k for k in range(m)]
        artificial = [Fraction(0)] * width + [Fraction(1)] * m
        assert self._optimize(artificial, width + m) == 0, "the shown figures are inconsistent"
        # Pivot the artificials out of the basis, or drop their (redundant) rows.
        for k in reversed(range(len(self.rows))):
            if self.basis[k] >= width:
                column = next((j for j in range(width) if self.rows[k][j]), None)
                if column is None:
                    del self.rows[k], self.basis[k]
                else:
                    self._pivot(k, column)
        self.rows = [r[:width] + [r[-1]] for r in self.rows]

    def _pivot(self, k: int, column: int) -> None:
        head = self.rows[k][column]
        self.rows[k] = [c / head for c in self.rows[k]]
        for r, row in enumerate(self.rows):
            if r != k and row[column]:
                factor = row[column]
                self.rows[r] = [a - factor * b for a, b in zip(row, self.rows[k], strict=True)]
        self.basis[k] = column

    def _optimize(self, cost: list[Fraction], n: int) -> Fraction | None:
        while True:
            reduced = [
                cost[j] - sum(cost[self.basis[r]] * row[j] for r, row in enumerate(self.rows))
                for j in range(n)
            ]
            entering = next((j for j in range(n) if reduced[j] < 0), None)
            if entering is None:
                return sum(cost[self.basis[r]] * row[-1] for r, row in enumerate(self.rows))
            ratios = [
                (row[-1] / row[entering], self.basis[r], r)
                for r, row in enumerate(self.rows)
                if row[entering] > 0
            ]
            if not ratios:
                return None  # unbounded
            self._pivot(min(ratios)[2], entering)

    def minimize(self, cost: list[Fraction]) -> Fraction | None:
        """The least value of cost . y, or None when it has no least value."""
        saved = [list(r) for r in self.rows], list(self.basis)
        try:
            return self._optimize(cost, self.width)
        finally:
            self.rows, self.basis = saved


# --- strategies ---------------------------------------------------------------------------------

cell_counts = st.one_of(st.just(0), st.integers(1, 7), st.integers(8, 60))


@st.composite
def count_tables(draw, max_rows: int = 5, max_columns: int = 5):
    n_rows = draw(st.integers(0, max_rows))
    n_columns = draw(st.integers(1, max_columns))
    cells = draw(
        st.lists(
            st.lists(cell_counts, min_size=n_columns, max_size=n_columns),
            min_size=n_rows,
            max_size=n_rows,
        )
    )
    return cells, *totals_of(cells, n_columns)


def totals_of(cells: Grid, n_columns: int):
    row_totals = [sum(row) for row in cells]
    column_totals = [sum(row[j] for row in cells) for j in range(n_columns)]
    return row_totals, column_totals, sum(row_totals)


@st.composite
def value_tables(draw):
    """Sums (e.g. hours) with the number of records behind each cell."""
    counts, row_counts, column_counts, total_count = draw(count_tables())
    cells = [[draw(st.integers(1, 500)) if c else 0 for c in row] for row in counts]
    return (cells, *totals_of(cells, len(column_counts)), counts)


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(count_tables(), st.integers(1, 7))
def test_no_shown_count_is_between_one_and_the_threshold(table, threshold):
    cells, row_totals, column_totals, total = table
    p = protect(cells, row_totals, column_totals, total, threshold=threshold)
    true = extended(cells, row_totals, column_totals, total)
    primary = 0
    for true_row, shown_row in zip(true, shown_grid(p), strict=True):
        for value, shown in zip(true_row, shown_row, strict=True):
            if 1 <= value <= threshold:
                primary += 1
                assert shown is None
            else:
                assert shown is None or shown == value
    assert p.primary == primary
    assert p.primary + p.secondary == len(hidden_entries(p))


@settings(max_examples=400, deadline=None)
@given(count_tables(), st.integers(1, 7))
def test_no_hidden_figure_can_be_worked_out_from_the_shown_ones(table, threshold):
    cells, row_totals, column_totals, total = table
    n_rows, n_columns = len(cells), len(column_totals)
    p = protect(cells, row_totals, column_totals, total, threshold=threshold)
    true = extended(cells, row_totals, column_totals, total)
    grid = shown_grid(p)

    # Differencing: a line whose total is shown never has exactly one hidden cell.
    for line in lines(n_rows, n_columns):
        if grid[line[-1][0]][line[-1][1]] is not None:
            assert sum(grid[i][j] is None for i, j in line[:-1]) != 1

    # Narrowing line by line never pins a hidden figure to one value.
    for (i, j), (lo, hi) in attacker_intervals(p, n_rows, n_columns).items():
        assert lo <= true[i][j] <= hi  # the attacker's reasoning is sound
        assert hi > lo, f"hidden figure at {(i, j)} is exactly {lo}"

    # Nor does solving all line equations together.
    assert determined_by_equations(p, n_rows, n_columns) == set()


@settings(max_examples=400, deadline=None)
@given(count_tables(), st.integers(1, 7))
def test_a_reader_who_knows_hidden_counts_are_at_least_one_cannot_pin_a_small_one(table, threshold):
    # Zeros are always shown, so every hidden count is at least 1; with that and all line
    # equations together, each hidden count from 1 to the threshold keeps a range of at least
    # two whole numbers.
    cells, row_totals, column_totals, total = table
    n_rows, n_columns = len(cells), len(column_totals)
    p = protect(cells, row_totals, column_totals, total, threshold=threshold)
    true = extended(cells, row_totals, column_totals, total)
    for (i, j), (lo, hi) in feasible_bounds(p, n_rows, n_columns, lower=1).items():
        assert true[i][j] >= 1, f"a zero is hidden at {(i, j)}"
        assert lo <= true[i][j] <= hi  # the attacker's reasoning is sound
        if true[i][j] <= threshold:
            assert hi - lo >= 1, f"the hidden {true[i][j]} at {(i, j)} lies in [{lo}, {hi}]"


@settings(max_examples=150, deadline=None)
@given(count_tables())
def test_the_intern_call_changes_nothing(table):
    cells, row_totals, column_totals, total = table
    p = protect(cells, row_totals, column_totals, total, threshold=0)
    assert p.cells == cells
    assert p.row_totals == row_totals
    assert p.column_totals == column_totals
    assert p.total == total
    assert (p.primary, p.secondary, p.notes) == (0, 0, [])


@settings(max_examples=200, deadline=None)
@given(count_tables(), st.integers(0, 7), st.sampled_from([2, 3, 5, 10]))
def test_rounding_gives_multiples_near_the_figure_and_hides_the_same(table, threshold, rounding):
    cells, row_totals, column_totals, total = table
    plain = protect(cells, row_totals, column_totals, total, threshold=threshold)
    p = protect(cells, row_totals, column_totals, total, threshold=threshold, rounding=rounding)
    assert hidden_entries(p) == hidden_entries(plain)
    true = extended(cells, row_totals, column_totals, total)
    for true_row, shown_row in zip(true, shown_grid(p), strict=True):
        for value, shown in zip(true_row, shown_row, strict=True):
            if shown is not None:
                assert shown % rounding == 0
                assert -rounding / 2 < shown - value <= rounding / 2  # half goes up


@settings(max_examples=200, deadline=None)
@given(count_tables(), st.integers(0, 7), st.sampled_from([0, 5]))
def test_notes_say_what_was_done_and_nothing_else(table, threshold, rounding):
    cells, row_totals, column_totals, total = table
    p = protect(cells, row_totals, column_totals, total, threshold=threshold, rounding=rounding)
    anything_shown = any(v is not None for row in shown_grid(p) for v in row)
    said = " ".join(p.notes)
    assert ("unterdrückt (•)" in said) == (p.primary > 0)
    assert ("Weitere Werte sind unterdrückt" in said) == (p.secondary > 0)
    assert ("gerundet" in said) == (rounding > 0 and anything_shown)
    if p.primary:
        assert f"1 bis {threshold}" in said or threshold == 1


@settings(max_examples=300, deadline=None)
@given(value_tables(), st.integers(1, 7))
def test_value_tables_hide_by_the_records_behind_a_cell_not_by_its_value(table, threshold):
    cells, row_totals, column_totals, total, counts = table
    n_rows, n_columns = len(cells), len(column_totals)
    p = protect(cells, row_totals, column_totals, total, counts=counts, threshold=threshold)
    true_counts = extended(counts, *totals_of(counts, n_columns))
    true = extended(cells, row_totals, column_totals, total)
    primary = 0
    for i, (count_row, shown_row) in enumerate(zip(true_counts, shown_grid(p), strict=True)):
        for j, (count, shown) in enumerate(zip(count_row, shown_row, strict=True)):
            if 1 <= count <= threshold:
                primary += 1
                assert shown is None
            else:
                assert shown is None or shown == true[i][j]
    assert p.primary == primary
    for (i, j), (lo, hi) in attacker_intervals(p, n_rows, n_columns).items():
        assert lo <= true[i][j] <= hi
        assert hi > lo
    assert determined_by_equations(p, n_rows, n_columns) == set()
    # A sum may be 0 for all a reader knows, but never less; one from 1 to threshold records
    # keeps a range at least 1 wide when all line equations are solved together.
    for (i, j), (lo, hi) in feasible_bounds(p, n_rows, n_columns, lower=0).items():
        assert true_counts[i][j] >= 1, f"an empty cell is hidden at {(i, j)}"
        assert lo <= true[i][j] <= hi
        if true_counts[i][j] <= threshold:
            assert hi - lo >= 1


# --- examples -----------------------------------------------------------------------------------


def test_a_small_count_takes_the_smallest_non_zero_cell_of_its_row_and_columns_with_it():
    cells = [[3, 0, 10], [20, 30, 40]]
    p = protect(cells, [13, 90], [23, 30, 50], 103)
    # 3 is hidden; 13 - 0 - 10 would give it away, so 10 goes too (the 0 reveals nobody).
    # Then each column has one hidden cell: 20 and 40 go in the second row.
    assert p.cells == [[None, 0, None], [None, 30, None]]
    assert (p.row_totals, p.column_totals, p.total) == ([13, 90], [23, 30, 50], 103)
    assert (p.primary, p.secondary) == (1, 3)
    assert p.notes == [
        "Werte von 1 bis 5 sind unterdrückt (•).",
        "Weitere Werte sind unterdrückt, damit sich unterdrückte nicht aus Summen errechnen "
        "lassen.",
    ]


def test_a_figure_recoverable_only_across_several_lines_is_protected_too():
    # Every line has two hidden figures after the line-by-line rule, yet the middle row's total
    # 3 would follow from the grand total and the first column total: 42 - 39 = 3.
    cells = [[2, 0, 0], [0, 2, 1], [37, 0, 0]]
    p = protect(cells, [2, 3, 37], [39, 2, 1], 42)
    assert p.cells == [[None, 0, 0], [0, None, None], [None, 0, 0]]
    assert p.row_totals == [None, None, None]
    assert (p.column_totals, p.total) == ([None, None, None], 42)
    assert determined_by_equations(p, 3, 3) == set()


def test_two_hidden_ones_whose_sum_follows_from_a_line_take_a_further_cell_along():
    # Row 0: 42 - 40 = 2 for two hidden counts, each at least 1 (zeros are shown): both are 1.
    # The line rule alone pairs them with 10 and 20 below, but moving 1 up there moves the
    # other 1 down to 0; so 40 goes too, and 30 under it, and the two can shift by 1.
    cells = [[1, 1, 40], [10, 20, 30]]
    p = protect(cells, [42, 60], [11, 21, 70], 102)
    assert p.cells == [[None, None, None], [None, None, None]]
    assert (p.row_totals, p.column_totals, p.total) == ([42, 60], [11, 21, 70], 102)
    assert (p.primary, p.secondary) == (2, 4)
    bounds = feasible_bounds(p, 2, 3, lower=1)
    assert bounds[0, 0] == (1, 10)
    assert bounds[0, 1] == (1, 20)


def test_a_hidden_figure_can_be_pinned_by_its_bound_alone():
    # The attacker itself: with 42 and 40 shown the two hidden counts of row 0 are both 1 once
    # a reader knows they are at least 1, though the equations alone leave them open.
    published = Protected(
        cells=[[None, None, 40], [None, None, 30]],
        row_totals=[42, 60],
        column_totals=[11, 21, 70],
        total=102,
        primary=2,
        secondary=2,
        notes=[],
    )
    assert determined_by_equations(published, 2, 3) == set()
    bounds = feasible_bounds(published, 2, 3, lower=1)
    assert bounds[0, 0] == bounds[0, 1] == (1, 1)
    assert bounds[1, 0] == (10, 10)
    assert feasible_bounds(published, 2, 3, lower=0)[0, 0] == (0, 2)


def test_a_table_by_unit_with_one_value_column():
    # The row totals of a one-column table are its cells; the column total is the grand total.
    p = protect([[2], [40], [17]], [2, 40, 17], [59], 59)
    assert p.cells == [[None], [40], [None]]
    assert p.row_totals == [None, 40, None]
    assert (p.column_totals, p.total) == ([59], 59)
    assert (p.primary, p.secondary) == (2, 2)  # the 2 and its row total; 17 and its row total


def test_a_table_with_one_row():
    p = protect([[4, 12, 30]], [46], [4, 12, 30], 46)
    assert p.cells == [[None, None, 30]]
    assert p.column_totals == [None, None, 30]
    assert (p.row_totals, p.total) == ([46], 46)


def test_totals_at_or_under_the_threshold_are_hidden_as_well():
    p = protect([[2, 2], [0, 0]], [4, 0], [2, 2], 4)
    assert p.cells == [[None, None], [0, 0]]
    assert p.row_totals == [None, 0]
    assert (p.column_totals, p.total) == ([None, None], None)
    assert (p.primary, p.secondary) == (6, 0)


def test_a_hidden_total_takes_a_cell_with_it():
    # Distinct persons: 4 persons in all, but 3 + 9 visits in the cells; counts are given.
    p = protect(
        [[3.5, 9.0], [12.0, 20.0]],
        [7.0, 15.0],
        [8.0, 14.0],
        11.0,
        counts=[[6, 9], [12, 20]],
        row_counts=[4, 30],
        column_counts=[16, 25],
        total_count=34,
        additive=False,
    )
    # The first row's total (4 persons) is hidden; its cells would add up to it for all a
    # reader knows, so its smaller cell goes too, and then the cell under it.
    assert p.row_totals[0] is None
    assert p.cells[0][0] is None
    assert p.primary == 1
    assert p.secondary >= 2
    assert p.notes[0] == "Werte, die auf 1 bis 5 Fällen beruhen, sind unterdrückt (•)."


def test_zeros_are_shown_and_nothing_is_said():
    p = protect([[0, 7], [0, 8]], [7, 8], [0, 15], 15)
    assert p.cells == [[0, 7], [0, 8]]
    assert (p.primary, p.secondary, p.notes) == (0, 0, [])


def test_empty_tables():
    p = protect([], [], [0, 0], 0)
    assert (p.cells, p.row_totals, p.column_totals, p.total) == ([], [], [0, 0], 0)
    assert p.notes == []
    p = protect([], [], [], 0, rounding=5)
    assert (p.cells, p.column_totals, p.total) == ([], [], 0)


def test_rounding_half_up_with_totals_rounded_on_their_own():
    p = protect([[12, 13], [22, 7.5]], [25, 29.5], [34, 20.5], 54.5, threshold=0, rounding=5)
    assert p.cells == [[10, 15], [20, 10]]
    assert p.row_totals == [25, 30]
    assert (p.column_totals, p.total) == ([35, 20], 55)
    assert p.notes == [
        "Alle Werte auf Vielfache von 5 gerundet; Summen wurden gesondert gerundet und können "
        "von der Summe der Zellen abweichen."
    ]


def test_a_value_table_hides_a_large_sum_from_few_records_and_shows_a_small_one_from_many():
    p = protect(
        [[9000.0, 2.0], [300.0, 450.0]],
        [9002.0, 750.0],
        [9300.0, 452.0],
        9752.0,
        counts=[[3, 40], [25, 30]],
    )
    assert p.cells[0][0] is None
    assert p.primary == 1
    assert p.notes[0] == "Werte, die auf 1 bis 5 Fällen beruhen, sind unterdrückt (•)."


def test_a_threshold_of_one_says_so_in_words():
    p = protect([[1, 9], [9, 9]], [10, 18], [10, 18], 28, threshold=1)
    assert p.notes[0] == "Der Wert 1 ist unterdrückt (•)."


@pytest.mark.parametrize(
    ("cells", "row_totals", "column_totals"),
    [
        ([[1, 2]], [3, 4], [1, 2]),  # a row total too many
        ([[1, 2]], [3], [1]),  # a column total too few
        ([[1, 2], [3]], [3, 3], [4, 2]),  # a ragged row
    ],
)
def test_a_table_of_the_wrong_shape_is_refused(cells, row_totals, column_totals):
    with pytest.raises(ValueError):
        protect(cells, row_totals, column_totals, 0)


def test_negative_settings_are_refused():
    with pytest.raises(ValueError):
        protect([[1]], [1], [1], 1, threshold=-1)
    with pytest.raises(ValueError):
        protect([[1]], [1], [1], 1, rounding=-5)
