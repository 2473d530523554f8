"""The "Ungedeckte Bedarfe" view (issue 19, item 3): coordination picks a period and sees the
unmet needs per month x topic x language x place from the laptop's store, with the share of
all referrals; saves them as CSV for Excel; only coordination is offered the view."""

import csv
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from casefile.policy import Policy
from casefile.records import Referral
from desktop.permissions import Permissions, User
from desktop.store import changes, rows, schema as t
from desktop.ui.main_window import MainWindow
from desktop.ui.needs_view import NeedsDialog
from desktop.ui.period import period_range

TODAY = dt.date(2026, 12, 5)
ALT = Qt.KeyboardModifier.AltModifier


def ref(day: dt.date, status="failed", reason="no_capacity", **kw) -> Referral:
    base = dict(
        client_id="c1",
        target="Integrationskurs",
        reason="Deutschkurs gesucht",
        referred_on=day,
        status=status,
        failure_reason=reason,
        topic="language_course",
        language="prs",
        location="dez_teuchern",
    )
    base.update(kw)
    return Referral(**base)


def put(store, refs) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            insert(t.referral),
            [{**rows.referral_row(r), "created_at": "2026-01-01T00:00:00+00:00"} for r in refs],
        )


@pytest.fixture
def needs_ctx(ctx):
    ctx.today = lambda: TODAY
    put(
        ctx.store,
        [
            ref(dt.date(2026, 11, 3)),
            ref(dt.date(2026, 11, 9), reason="language"),
            ref(dt.date(2026, 11, 12), status="attended", reason=""),
            ref(dt.date(2026, 11, 20), reason="client_declined"),  # not for lack of an offer
            ref(dt.date(2026, 11, 21), location="lra_naumburg", reason="distance"),
            ref(dt.date(2026, 12, 1)),  # this month
            ref(dt.date(2025, 6, 1), reason="no_offer", language="ti"),  # last year
        ],
    )
    return ctx


def table(dialog) -> list[list[str]]:
    m = dialog.model
    return [[m.item(r, c).text() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_last_month_shows_the_unmet_needs_per_cell(needs_ctx, qtbot):
    dialog = NeedsDialog(needs_ctx)
    qtbot.addWidget(dialog)
    dialog.choose("last_month")
    assert dialog.span() == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    dialog.load()
    qtbot.waitUntil(lambda: dialog.report is not None)
    got = {tuple(row[:7]) for row in table(dialog)}
    assert got == {
        (
            "11/2026",
            "Sprachkurs",
            "Dari",
            "Dezentrale Sprechstunde Teuchern (Rathaus)",
            "2",
            "4",
            "50,0 %",
        ),
        ("11/2026", "Sprachkurs", "Dari", "Landratsamt Naumburg (Hauptsitz)", "1", "1", "100,0 %"),
    }
    header = [
        dialog.model.horizontalHeaderItem(c).text() for c in range(dialog.model.columnCount())
    ]
    assert header[:7] == ["Monat", "Thema", "Sprache", "Ort", "Ungedeckt", "Verweisungen", "Anteil"]
    assert header[7] == "Gründe"
    teuchern = next(row for row in table(dialog) if "Teuchern" in row[3])
    assert teuchern[7] == "1 × keine Kapazität beim Angebot, 1 × Sprache nicht angeboten"
    assert "<b>3</b> ungedeckte Bedarfe bei <b>5</b> Verweisungen" in dialog.summary.text()
    assert dialog.save_button.isEnabled()


def test_a_period_without_needs_says_so(needs_ctx, qtbot):
    dialog = NeedsDialog(needs_ctx)
    qtbot.addWidget(dialog)
    dialog.start.setDate(dt.date(2026, 1, 1))
    dialog.end.setDate(dt.date(2026, 6, 30))
    assert dialog.period.currentData() == "custom"  # a date typed by hand
    dialog.load()
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.model.rowCount() == 0
    assert dialog.status.text() == "Im Zeitraum keine ungedeckten Bedarfe."
    assert not dialog.save_button.isEnabled()


def test_an_end_before_the_start_is_refused_in_words(needs_ctx, qtbot):
    dialog = NeedsDialog(needs_ctx)
    qtbot.addWidget(dialog)
    dialog.start.setDate(dt.date(2026, 6, 1))
    dialog.end.setDate(dt.date(2026, 5, 1))
    dialog.load()
    assert dialog.status.text() == "Das Ende des Zeitraums liegt vor seinem Anfang."
    assert dialog.report is None


def test_a_synced_referral_updates_the_view(needs_ctx, qtbot):
    dialog = NeedsDialog(needs_ctx)
    qtbot.addWidget(dialog)
    dialog.choose("month")
    dialog.load()
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.report.unmet == 1
    put(needs_ctx.store, [ref(dt.date(2026, 12, 2), reason="no_offer", topic="housing")])
    needs_ctx.ops.announce(changes.Changes.of("referral", "c1", origin="sync"))
    qtbot.waitUntil(lambda: dialog.report.unmet == 2)
    assert dialog.model.rowCount() == 2


def test_csv_for_excel(needs_ctx, qtbot, tmp_path):
    dialog = NeedsDialog(needs_ctx)
    qtbot.addWidget(dialog)
    dialog.choose("year")
    dialog.load()
    qtbot.waitUntil(lambda: dialog.report is not None)
    path = tmp_path / "bedarfe.csv"
    dialog.save_csv(str(path))
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Gespeichert"))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert lines[0][:5] == ["Monat", "Thema", "Sprache", "Ort", "Ungedeckte Bedarfe"]
    assert len(lines) == 1 + 3  # two cells in November, one in December


@pytest.mark.parametrize(
    "period, span",
    [
        ("month", (dt.date(2026, 12, 1), TODAY)),
        ("last_month", (dt.date(2026, 11, 1), dt.date(2026, 11, 30))),
        ("quarter", (dt.date(2026, 10, 1), TODAY)),
        ("year", (dt.date(2026, 1, 1), TODAY)),
        ("last_year", (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
    ],
)
def test_periods(period, span):
    assert period_range(period, TODAY) == span


def test_january_looks_back_into_the_last_year():
    assert period_range("last_month", dt.date(2027, 1, 15)) == (
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 31),
    )
    assert period_range("quarter", dt.date(2027, 1, 15))[0] == dt.date(2026, 11, 1)


@pytest.mark.parametrize(
    "units, offered",
    [
        (("coordination",), True),
        (("integration",), False),
        (("volunteering", "coordination"), True),
    ],
)
def test_only_coordination_is_offered_the_view(ctx, qtbot, units, offered):
    ctx.permissions = Permissions(User("k", ("caseworker",), units), Policy.load())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.act_needs.isVisible() is offered


def test_by_keyboard(needs_ctx, qtbot):
    """Period by type-ahead, Enter counts, Tab reaches the table and the CSV button."""
    dialog = NeedsDialog(needs_ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    QTest.keyClick(dialog, Qt.Key.Key_Z, ALT)  # &Zeitraum
    assert QApplication.focusWidget() is dialog.period
    QTest.keyClicks(dialog.period, "L")  # type-ahead: the first period with L
    assert dialog.period.currentData() == "last_month"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # the default button
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.model.rowCount() == 2
    seen = set()
    for _ in range(12):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.add(QApplication.focusWidget())
    assert dialog.table in seen and dialog.save_button in seen
