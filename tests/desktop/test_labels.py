"""Issue 16, findings 6, 9 and 10: names, headers and titles are readable in full or have a
tooltip; equal names are told apart; the German UI shows German words, not codes and ids."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from casefile.records import Referral
from desktop.store.repo import ClientSummary
from desktop.ui.tables import NAME_CHARS

LONG = ("Shevchenko-Kovalenko", "Oleksandra Volodymyrivna")


def summary(family, given, born, nationality="UKR", last=None) -> ClientSummary:
    return ClientSummary(
        f"id-{family}-{given}-{born}-{nationality}",
        family,
        given,
        born,
        "exact",
        [nationality],
        last,
    )


@pytest.fixture
def laptop_window(ctx, qtbot):
    """The main window as maximised on a 1366×768 screen (less taskbar and title bar)."""
    from desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768 - 40 - 32)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_search_names_are_wide_and_the_tooltip_holds_the_full_name(laptop_window, qtbot):
    window = laptop_window
    window.nav.setCurrentRow(1)
    rows = [summary(*LONG, dt.date(1985, 3, 12 + i)) for i in range(20)]
    window.search.model.set_rows(rows)
    qtbot.wait(10)
    table = window.search.table
    chars = table.fontMetrics().averageCharWidth()
    width = table.columnWidth(0)
    assert width >= NAME_CHARS * chars
    # The name column takes what the others leave: the table is filled, not scrolled.
    shown = [c for c in range(4) if not table.isColumnHidden(c)]
    assert sum(table.columnWidth(c) for c in shown) == table.viewport().width()
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    tip = window.search.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Shevchenko-Kovalenko, Oleksandra Volodymyrivna" in tip and "12.03.1985" in tip
    # Headers are never cut: each column is at least as wide as its header.
    header = table.horizontalHeader()
    for c in shown:
        assert table.columnWidth(c) >= header.sectionSizeFromContents(c).width()


def test_equal_names_in_the_recent_list_say_what_tells_them_apart(ctx, qtbot):
    from desktop.ui.today_view import TodayView

    view = TodayView(ctx)
    qtbot.addWidget(view)
    born = dt.date(1990, 1, 1)
    rows = [
        summary("Ahmadi", "Ali", born, "AFG"),
        summary("Ahmadi", "Ali", born, "IRN"),
        summary("Ahmadi", "Ali", dt.date(1991, 2, 3), "AFG"),
        summary("Haddad", "Samira", born, "SYR"),
    ]
    view.recent_model.set_rows(rows[:2])
    names = [view.recent_model.index(r, 0).data() for r in range(2)]
    # The nationality column is hidden in this card: the name carries it.
    assert names[0] != names[1] and all(n.startswith("Ahmadi, Ali (") for n in names)
    # Told apart by the birth date, which the card shows: the names stay as they are.
    view.recent_model.set_rows([rows[0], rows[2], rows[3]])
    names = [view.recent_model.index(r, 0).data() for r in range(3)]
    assert names == ["Ahmadi, Ali", "Ahmadi, Ali", "Haddad, Samira"]


def test_timeline_cards_have_the_full_title_as_tooltip(ctx, qtbot, client_id):
    from desktop.ui.models import TimelineModel

    target = "Beratungsstelle für Anerkennung ausländischer Berufsabschlüsse im Landkreis"
    ctx.store.add_referral(
        Referral(client_id, target, "Anerkennung des Pflegeabschlusses", dt.date.today())
    )
    model = TimelineModel()
    model.set_rows(ctx.store.timeline(client_id))
    tip = model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert target in tip and "Anerkennung des Pflegeabschlusses" in tip


def test_the_tasks_title_follows_the_filter(ctx, qtbot):
    from desktop.ui.tasks_view import TasksView

    view = TasksView(ctx)
    qtbot.addWidget(view)
    titles = []
    for scope in ("mine", "unit", "all"):
        view.scope.setCurrentIndex(view.scope.findData(scope))
        titles.append(view.title.text())
    assert titles[0] == "Meine Wiedervorlagen"
    assert titles[2] == "Alle Wiedervorlagen" and len(set(titles)) == 3


def test_consent_headers_are_not_cut(ctx, qtbot, client_id):
    from casefile.records import Consent
    from desktop.ui.consent_section import ConsentSection

    ctx.store.add_consent(
        Consent(
            client_id,
            ["jobcenter", "integration"],
            ["master_data", "jobcenter"],
            "Abstimmung zur Arbeitsaufnahme",
            dt.date.today() - dt.timedelta(days=20),
            dt.date.today() + dt.timedelta(days=345),
        )
    )
    section = ConsentSection(ctx)
    qtbot.addWidget(section)
    section.resize(600, 400)  # the tab of a client file on a 1366×768 screen
    section.show()
    qtbot.waitExposed(section)
    section.set_rows(client_id, ctx.store.client_file(client_id).consents)
    header = section.table.horizontalHeader()
    for c in range(section.model.columnCount()):
        assert section.table.columnWidth(c) >= header.sectionSizeFromContents(c).width()
    labels = [section.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert "Date" not in labels and all(label for label in labels)
