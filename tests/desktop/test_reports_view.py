"""The report screen (desktop/ui/reports_view.py) over a connection that answers as
docs/reports.md says the server does: the table with its totals and hidden cells, the chart,
the notes, the modes, the files, the drill-down, the laptop's counts offline and refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton
from sqlalchemy import insert

from casefile.records import Consultation
from desktop.store import reports as local, rows, schema as t
from desktop.sync.errors import Offline, ServerError
from desktop.ui.report_parts import HIDDEN
from desktop.ui.reports_view import ReportsPage, quarter_range
from tests.desktop.test_screen_fit import screen as screen_fixture

screen = screen_fixture  # the screens the window must fit (a fixture)

# The shape sync_server.reports.catalog answers: units and modes as objects, not codes.
CATALOG = {
    "indicators": [
        {
            "id": "consultations",
            "title": "Beratungskontakte",
            "measure": "count",
            "dimensions": ["unit", "month", "topic"],
        },
        {
            "id": "persons",
            "title": "Beratene Personen",
            "measure": "distinct",
            "dimensions": ["unit", "month"],
        },
    ],
    "dimensions": [
        {"id": "unit", "title": "Sachgebiet"},
        {"id": "month", "title": "Monat"},
        {"id": "topic", "title": "Thema"},
    ],
    "units": [
        {"code": "abh", "label": "Ausländerbehörde"},
        {"code": "integration", "label": "Integrationsberatung"},
        {"code": "jobcenter", "label": "Jobcenter"},
    ],
    "threshold": 5,
    "rounding": 0,
    "modes": [
        {"id": "intern", "title": "intern"},
        {"id": "publication", "title": "zur Veröffentlichung"},
    ],
}
UNITS = {
    "dimension": "unit",
    "title": "Sachgebiet",
    "items": [
        {"code": "abh", "label": "Ausländerbehörde"},
        {"code": "integration", "label": "Integrationsberatung"},
    ],
}
ONE_D = {
    "indicator": "consultations",
    "title": "Beratungskontakte",
    "measure": "count",
    "from": "2026-11-01",
    "to": "2026-11-30",
    "mode": "intern",
    "rows": UNITS,
    "columns": None,
    "cells": [[1234], [56]],
    "row_totals": [1234, 56],
    "column_totals": [1290],
    "total": 1290,
    "additive": True,
    "threshold": 5,
    "rounding": 0,
    "suppressed": 0,
    "notes": ["Stand der Daten: 30.11.2026"],
    "scope": ["abh", "integration"],
    "source": "server",
    "generated_at": "2026-12-01T08:00:00+00:00",
}
TWO_D = {
    **ONE_D,
    "mode": "publication",
    "columns": {
        "dimension": "month",
        "title": "Monat",
        "items": [{"code": "2026-10", "label": "10/2026"}, {"code": "2026-11", "label": "11/2026"}],
    },
    "cells": [[12, None], [20, None]],
    "row_totals": [15, 22],
    "column_totals": [32, None],
    "total": 37,
    "suppressed": 2,
    "notes": [
        "Werte von 1 bis 5 unterdrückt (•), dazu weitere, damit keine errechnet werden kann."
    ],
}


class FakeClient:
    def __init__(self, conn):
        self.conn = conn

    def close(self):
        pass

    def __getattr__(self, name):
        def call(*args):
            self.conn.calls.append((name, args))
            answer = self.conn.answers[name]
            if isinstance(answer, Exception):
                raise answer
            return answer(*args) if callable(answer) else answer

        return call


class FakeConnection:
    """Hands out clients that answer from ``answers`` and record ``calls``."""

    def __init__(self, **answers):
        self.answers = {"report_catalog": CATALOG, **answers}
        self.calls: list[tuple[str, tuple]] = []

    def client(self):
        return FakeClient(self)

    def sent(self, name):
        return [args for n, args in self.calls if n == name]


@pytest.fixture
def page(ctx, qtbot):
    def make(connection):
        ctx.today = lambda: dt.date(2026, 12, 5)
        view = ReportsPage(ctx, connection)
        qtbot.addWidget(view)
        view.resize(1136, 700)
        view.show()
        return view

    return make


def texts(view) -> list[list[str]]:
    m = view.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_one_dimension_table_chart_notes_and_source(page):
    conn = FakeConnection(report_table=ONE_D)
    view = page(conn)
    view.refresh()
    assert texts(view) == [
        ["Ausländerbehörde", "1.234"],
        ["Integrationsberatung", "56"],
        ["Gesamt", "1.290"],
    ]
    assert (
        view.model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    )
    assert len(view.chart.series.barSets()) == 1
    assert [view.chart.series.barSets()[0].at(i) for i in range(2)] == [1234, 56]
    assert "Stand der Daten" in view.notes.text()
    assert (
        view.source.text()
        == f"Quelle: Server, Stand {dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC).astimezone():%d.%m.%Y %H:%M}"
    )
    # what was asked: the catalog's first indicator, by its first dimension, last month
    (params,) = conn.sent("report_table")[0]
    assert params["indicator"] == "consultations" and params["rows"] == "unit"
    assert params["columns"] is None and params["mode"] == "intern"
    assert (params["from"], params["to"]) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert all(b.isEnabled() for b in view.export_buttons.values())


def test_two_dimensions_with_hidden_cells_and_publication_mode(page):
    conn = FakeConnection(report_table=TWO_D)
    view = page(conn)
    view.refresh()
    view.choose(columns="month", mode="publication", unit="abh")
    view.refresh()
    (params,) = conn.sent("report_table")[-1]
    assert params["mode"] == "publication" and params["columns"] == "month"
    assert params["units"] == ["abh"]
    assert [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Sachgebiet",
        "10/2026",
        "11/2026",
        "Gesamt",
    ]
    assert texts(view) == [
        ["Ausländerbehörde", "12", HIDDEN, "15"],
        ["Integrationsberatung", "20", HIDDEN, "22"],
        ["Gesamt", "32", HIDDEN, "37"],
    ]
    sets = view.chart.series.barSets()
    assert [s.label() for s in sets] == ["10/2026", "11/2026"]
    assert [sets[1].at(i) for i in range(2)] == [0, 0]  # hidden: no bar
    assert "unterdrückt" in view.notes.text()


def test_export_writes_the_servers_bytes_where_the_user_chose(page, tmp_path, monkeypatch):
    conn = FakeConnection(report_table=ONE_D, report_export=b"PK\x03\x04xlsx-bytes")
    view = page(conn)
    view.refresh()
    target = tmp_path / "bericht.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.export_buttons["xlsx"].click()
    assert target.read_bytes() == b"PK\x03\x04xlsx-bytes"
    params, fmt = conn.sent("report_export")[0]
    assert fmt == "xlsx" and params["indicator"] == "consultations"
    assert "Gespeichert" in view.message.text()


def test_monthly_report_saves_the_chosen_month(page, tmp_path, monkeypatch, qtbot):
    conn = FakeConnection(report_table=ONE_D, report_monthly=b"%PDF-1.7 monthly")
    view = page(conn)
    target = tmp_path / "monat.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = view.monthly_report()
    assert dialog.choice() == ("2026-11", "pdf")
    dialog.accept()
    assert target.read_bytes() == b"%PDF-1.7 monthly"
    assert conn.sent("report_monthly")[0] == ("2026-11", "intern", "pdf")


def test_enter_on_a_cell_lists_the_files_and_opens_one(page, ctx, qtbot):
    answer = {
        "clients": [
            {"id": "c1", "name": "Haddad, Samira", "birth_date": "1990-05-17"},
            {"id": "c2", "name": "Kovalenko, Olena", "birth_date": None},
        ],
        "hidden": 3,
    }
    conn = FakeConnection(report_table=ONE_D, report_cell=answer)
    view = page(conn)
    view.refresh()
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(1, 1))
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    params, row, column = conn.sent("report_cell")[0]
    assert (row, column) == ("integration", None) and params["mode"] == "intern"
    (dialog,) = view.dialogs
    assert dialog.names() == ["Haddad, Samira  ·  17.05.1990", "Kovalenko, Olena"]
    assert dialog.hidden.isVisibleTo(dialog)
    assert dialog.hidden.text() == "3 weitere Akten, die Sie nicht öffnen dürfen"
    opened = []
    ctx.bus.open_client.connect(opened.append)
    dialog.list.setCurrentRow(1)
    QTest.keyClick(dialog.list, Qt.Key.Key_Return)
    assert opened == ["c2"]


def test_no_drill_down_on_totals_or_published_tables(page):
    conn = FakeConnection(report_table=TWO_D, report_cell={"clients": [], "hidden": 0})
    view = page(conn)
    view.refresh()
    view.drill_down(view.model.index(2, 1))  # the total row
    view.drill_down(view.model.index(0, 1))  # publication mode
    assert conn.sent("report_cell") == []
    assert "internen Darstellung" in view.message.text()


def test_offline_the_page_shows_the_laptops_own_counts_marked(page, ctx):
    consultations = [
        Consultation(
            "c1",
            dt.datetime(2026, 11, d, 10, tzinfo=dt.UTC),
            unit,
            "x",
            "lra_naumburg",
            "walk_in",
            id=f"k{d}{unit}",
        )
        for d, unit in ((3, "abh"), (4, "abh"), (5, "integration"))
    ]
    with ctx.store.engine.begin() as conn:
        conn.execute(
            insert(t.consultation),
            [{**rows.consultation_row(c), "created_at": "2026-11-01"} for c in consultations],
        )
    conn = FakeConnection(report_catalog=Offline(), report_table=Offline())
    view = page(conn)
    view.refresh()
    assert texts(view) == [
        ["Ausländerbehörde", "2"],
        ["Sachgebiet Integration", "1"],
        ["Gesamt", "3"],
    ]
    assert "Nur dieses Gerät (offline)" in view.source.text()
    assert local.OFFLINE_NOTE in view.notes.text()
    assert not any(b.isEnabled() for b in view.export_buttons.values())
    assert [view.indicator.itemData(i) for i in range(view.indicator.count())] == [
        "consultations",
        "persons",
    ]


def test_without_a_server_the_laptop_counts_too(page):
    view = page(None)
    view.refresh()
    assert texts(view) == [["Gesamt", "0"]]
    assert "offline" in view.source.text()
    assert not view.monthly_button.isEnabled()


@pytest.mark.parametrize(
    "error,words",
    [
        (
            ServerError(
                "Sachgebiet Jobcenter: keine Zahlen für Ihre Rolle.",
                code="report_scope",
                status=403,
            ),
            "Sachgebiet Jobcenter: keine Zahlen",
        ),
        (ServerError(code="report_scope", status=403), "Ihre Rolle sieht nur"),
        (
            ServerError("Der Zeitraum ist länger als fünf Jahre.", code="bad_period", status=422),
            "länger als fünf Jahre",
        ),
    ],
)
def test_refusals_are_shown_in_german_on_the_message_line(page, error, words):
    conn = FakeConnection(report_table=error)
    view = page(conn)
    view.refresh()
    assert words in view.message.text()
    assert view.model.rowCount() == 0 and view.refresh_button.isEnabled()


def test_quarters():
    assert quarter_range(dt.date(2026, 12, 5)) == (dt.date(2026, 10, 1), dt.date(2026, 12, 5))
    assert quarter_range(dt.date(2026, 2, 5), 1) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))


def test_the_page_fits_a_laptop_screen(page):
    view = page(FakeConnection(report_table=TWO_D))
    view.refresh()
    hint = view.minimumSizeHint()
    assert hint.width() <= 1366 - 230 and hint.height() <= 768 - 120


# --- in the main window ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "roles,units,offered",
    [
        (("coordination",), ("coordination",), True),
        (("unit_lead",), ("abh",), True),
        (("caseworker",), ("abh",), False),
        (("reception",), ("reception",), False),
    ],
)
def test_only_roles_that_see_figures_are_offered_the_page(ctx, qtbot, roles, units, offered):
    from casefile.policy import Policy
    from desktop.permissions import Permissions, User
    from desktop.ui.main_window import PAGE_REPORTS, MainWindow

    ctx.permissions = Permissions(User("k", roles, units), Policy.load())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.nav.isRowHidden(PAGE_REPORTS) is not offered
    assert window.act_pages[PAGE_REPORTS].isVisible() is offered
    assert window.nav.item(PAGE_REPORTS).text() == "Berichte"


def test_ctrl_8_opens_the_reports_with_the_laptops_counts(ctx, qtbot, screen):
    from casefile.policy import Policy
    from desktop.permissions import Permissions, User
    from desktop.ui.main_window import PAGE_REPORTS, MainWindow
    from tests.desktop.test_screen_fit import FRAME, assert_on_screen, screen_rect

    ctx.permissions = Permissions(User("k", ("coordination",), ("coordination",)), Policy.load())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.restore_geometry(b"")
    window.showNormal()
    window.move(screen.topLeft())
    window.resize(screen.marginsRemoved(FRAME).size())
    with qtbot.waitActive(window):
        window.activateWindow()
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == PAGE_REPORTS
    assert window.reports.indicator.hasFocus()
    assert "offline" in window.reports.source.text()  # no server attached: its own counts
    assert_on_screen(window, screen)
    for button in window.reports.findChildren(QPushButton):
        assert screen.contains(screen_rect(button, window)), button.text()


def test_an_answer_of_another_shape_is_a_message_not_a_crash():
    """A server answer missing keys or with rows and cells that do not match is refused
    before the page draws it (reports_view.checked_table)."""
    import pytest

    from desktop.ui.reports_view import UnreadableAnswer, checked_table

    good = {
        "rows": {"items": [{"code": "abh", "label": "ABH"}]},
        "columns": None,
        "cells": [[3]],
        "row_totals": [3],
        "column_totals": [3],
        "total": 3,
    }
    assert checked_table(good) is good
    for broken in (
        {},
        {**good, "cells": [[3, 4]]},
        {**good, "rows": {"items": []}},
        {**good, "column_totals": []},
        {k: v for k, v in good.items() if k != "total"},
        {**good, "rows": None},
        None,
    ):
        with pytest.raises(UnreadableAnswer):
            checked_table(broken)
