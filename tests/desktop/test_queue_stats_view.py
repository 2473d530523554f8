"""The walk-in statistics in the app ("Wartestatistik …", desktop/ui/queue_stats_view.py)
against the real server app in-process: a morning of tickets issued at reception, called by
the server, passed on and finished on the caseworkers' laptops, all synced through the API."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop import permissions
from desktop.settings import Settings
from desktop.store import tickets
from desktop.sync.client import SyncClient
from desktop.sync.connection import Connection
from desktop.ui.context import AppContext
from desktop.ui.events import ChangeBus
from desktop.ui.ops import Ops
from desktop.ui.period import period_range
from desktop.ui.queue_stats_view import QueueStatsDialog, minutes_text
from tests.desktop.harness import SERVER, ASGIAdapter, connection

NAUMBURG = "lra_naumburg"
MINUTES = re.compile(r"^\d+(,\d)? Min\.$")


def context(dev, user: str, unit: str) -> AppContext:
    """The app's context of *dev*'s laptop: its store, rules and the user's location."""
    bus = ChangeBus()
    QApplication.instance().setProperty("mia_language", "de")
    return AppContext(
        store=dev.store,
        ops=Ops(bus, dev.store, synchronous=True),
        bus=bus,
        settings=Settings(user_name=user, unit=unit, location=NAUMBURG),
        permissions=permissions.load(dev.store.engine),
    )


def call_next(dev, unit: str) -> str:
    """The server calls the next ticket of *unit* (``POST /queue/call``); the laptop pulls.
    Returns the called ticket's number."""
    answer = dev.client.call_ticket(NAUMBURG, [unit], desk="Raum 1")
    dev.sync()
    return answer["ticket"]["fields"]["number"]


@pytest.fixture
def morning(day_holds, make_device):
    """Three walk-ins for the foreigners' office (abh): the first is passed on to AsylbLG (a
    hop) and served there, the second does not come when called, the third still waits."""
    day_holds(50)  # the morning on one local day: the day the dialog shows first
    desk = make_device("empfang-pc", user="n.schulz", units=["reception"], roles=("reception",))
    desk.sync()
    tickets.set_prefix(desk.store, desk.client.ticket_prefix())
    now = dt.datetime.now(dt.UTC)
    ids = {}
    for minutes, concern, language in (
        (50, "benefits", "ar"),
        (40, "residence", "uk"),
        (5, "residence", ""),
    ):
        t = tickets.issue(
            desk.store,
            location=NAUMBURG,
            concern=concern,
            unit="abh",
            staff="n.schulz",
            language=language,
            interpreter=language == "ar",
            now=now - dt.timedelta(minutes=minutes),
        )
        ids[t.number] = t.id
    desk.sync()
    abh = make_device("pc-mueller", user="m.mueller", units=["abh"])
    abh.sync()
    first = ids[call_next(abh, "abh")]
    tickets.move(abh.store, first, "in_service", staff="m.mueller")
    tickets.move(
        abh.store, first, "transferred", staff="m.mueller", to_unit="asylblg", reason="Leistungen"
    )
    assert abh.sync().rejected == 0
    second = ids[call_next(abh, "abh")]
    tickets.move(abh.store, second, "missed", staff="m.mueller")
    abh.sync()
    benefits = make_device("pc-weber", user="k.weber", units=["asylblg"])
    benefits.sync()
    assert ids[call_next(benefits, "asylblg")] == first
    tickets.move(benefits.store, first, "done", staff="k.weber")
    benefits.sync()
    return abh


def dialog_of(qtbot, dev, user="m.mueller", unit="abh", line=None) -> QueueStatsDialog:
    dialog = QueueStatsDialog(context(dev, user, unit), line or connection(dev))
    qtbot.addWidget(dialog)
    return dialog


def cells(dialog, name: str) -> list[list[str]]:
    model = dialog.models[name]
    return [
        [model.item(r, c).text() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_morning_in_figures_with_labels_not_codes(qtbot, morning):
    dialog = dialog_of(qtbot, morning)
    assert dialog.location.currentData() == NAUMBURG
    assert dialog.location.currentText().startswith("Landratsamt Naumburg")
    dialog.load()
    qtbot.waitUntil(lambda: dialog.stats is not None, timeout=5000)
    summary = dialog.summary.text()
    assert "<b>3</b> Besuche" in summary and "<b>1</b> nicht erschienen" in summary
    units = {row[0]: row for row in cells(dialog, "units")}
    assert units["Alle Bereiche"][1] == "3" and units["Alle Bereiche"][5] == "1"
    abh, asylblg = units["Ausländerbehörde"], units["Asylbewerberleistung"]
    assert abh[1] == "3" and abh[5] == "1"  # three came to abh; the second did not come
    assert asylblg[1] == "1" and asylblg[5] == "0"
    for row in (abh, asylblg):
        assert MINUTES.match(row[2]) and MINUTES.match(row[4]), row
    assert cells(dialog, "hops") == [["keine", "2"], ["1", "1"]]
    assert cells(dialog, "transfers") == [["Ausländerbehörde", "→ Asylbewerberleistung", "1"]]
    languages = {row[0]: row[1:] for row in cells(dialog, "languages")}
    assert languages == {"Arabisch": ["1", "1"], "Ukrainisch": ["1", "0"], "Deutsch": ["1", "0"]}
    assert cells(dialog, "concerns") == [
        ["Aufenthalt, Visum, Pass", "2"],
        ["Leistungen, Geld", "1"],
    ]
    hours = cells(dialog, "hours")
    assert hours and all(row[0].endswith(" Uhr") for row in hours)
    assert sum(int(row[1]) for row in hours) == 2  # the called visits (the third still waits)
    (weekday,) = cells(dialog, "weekdays")
    assert weekday[0] in {
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    }
    assert dialog.save_button.isEnabled()


def test_the_csv_saved_is_the_servers(qtbot, morning, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    dialog = dialog_of(qtbot, morning)
    dialog.load()
    qtbot.waitUntil(lambda: dialog.stats is not None, timeout=5000)
    target = tmp_path / "statistik.csv"
    asked = []

    def ask(parent, title, name, filters):
        asked.append(name)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: target.exists() and "Gespeichert" in dialog.status.text())
    day = dt.date.today().isoformat()
    assert asked == [f"wartestatistik-{NAUMBURG}-{day}-{day}.csv"]
    server = morning.app.state.tc.get(
        "/api/v1/queue/stats",
        params={"location": NAUMBURG, "from": day, "to": day, "format": "csv"},
        headers={"Authorization": f"Bearer {morning.client.token}"},
    )
    assert target.read_bytes() == server.content
    assert target.read_bytes().startswith("\ufeffOrt;von;bis".encode())


def test_offline_it_says_the_figures_come_from_the_server(qtbot, make_device, monkeypatch):
    dev = make_device("pc-offline", user="m.mueller", units=["abh"])
    dev.sync()
    # No waiting between retries in this test.
    monkeypatch.setattr(
        SyncClient.__init__,
        "__kwdefaults__",
        {**SyncClient.__init__.__kwdefaults__, "sleep": lambda _s: None},
    )
    adapter = ASGIAdapter(dev.app.state.tc)

    def down(request, phase):
        raise requests.ConnectionError("no route")

    adapter.fault = down

    def session():
        s = requests.Session()
        s.mount(SERVER, adapter)
        return s

    line = Connection(dev.store, lambda url, device: dev.client.token, session_factory=session)
    dialog = dialog_of(qtbot, dev, line=line)
    dialog.load()
    qtbot.waitUntil(lambda: dialog.load_button.isEnabled(), timeout=5000)
    text = dialog.status.text()
    assert "Keine Verbindung zum Server" in text and "rechnet der Server" in text
    assert not dialog.save_button.isEnabled() and dialog.models["units"].rowCount() == 0


def test_a_location_whose_queue_the_user_does_not_work_is_refused_in_words(qtbot, make_device):
    dev = make_device("pc-jobcenter", user="j.weber", units=["jobcenter"])  # not at Zeitz
    dev.sync()
    dialog = dialog_of(qtbot, dev, user="j.weber", unit="jobcenter")
    assert "lra_zeitz" not in [dialog.location.itemData(i) for i in range(dialog.location.count())]
    dialog.location.addItem("Landratsamt Zeitz", "lra_zeitz")  # as if the rules changed meanwhile
    dialog.location.setCurrentIndex(dialog.location.count() - 1)
    dialog.load()
    qtbot.waitUntil(lambda: dialog.load_button.isEnabled(), timeout=5000)
    assert (
        "Für Landratsamt Zeitz gibt der Server Ihnen keine Wartestatistik" in dialog.status.text()
    )


def test_only_staff_of_a_walk_in_queue_are_offered_it(qtbot, make_device):
    from desktop.ui.main_window import MainWindow

    staff = make_device("pc-staff", user="m.mueller", units=["abh"])
    staff.sync()
    admin = make_device("pc-admin", user="d.admin", units=[], roles=("administrator",))
    admin.sync()
    shown = {}
    for name, dev in (("staff", staff), ("admin", admin)):
        window = MainWindow(context(dev, name, "abh"))
        qtbot.addWidget(window)
        shown[name] = window.act_queue_stats.isVisible()
        assert window.act_queue_stats in window.menu_view.actions()
    assert shown == {"staff": True, "admin": False}


def test_keyboard_alone_picks_a_period_and_shows_it(qtbot, morning):
    dialog = dialog_of(qtbot, morning)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.location.setFocus()
    QTest.keyClick(dialog.location, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)  # &Zeitraum
    assert QApplication.focusWidget() is dialog.period
    QTest.keyClick(dialog.period, Qt.Key.Key_Down)  # Diese Woche
    assert dialog.period.currentData() == "week"
    QTest.keyClick(dialog.period, Qt.Key.Key_Return)  # Enter: the default button shows it
    qtbot.waitUntil(lambda: dialog.stats is not None, timeout=5000)
    today = dt.date.today()
    assert dialog.span() == (today - dt.timedelta(days=today.weekday()), today)
    assert dialog.stats["visits"] == 3
    QTest.keyClick(dialog.period, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # &bis
    assert QApplication.focusWidget() is dialog.end
    # Tab walks every part: location, period, from, to, show, the tabs, the table, save, close.
    dialog.location.setFocus()
    walked = []
    for _ in range(10):
        walked.append(QApplication.focusWidget())
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    for part in (dialog.period, dialog.start, dialog.end, dialog.load_button, dialog.tabs.tabBar()):
        assert part in walked, part.objectName()
    assert dialog.tables["units"] in walked and dialog.save_button in walked
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_periods_and_minutes():
    wednesday = dt.date(2026, 3, 11)
    assert period_range("today", wednesday) == (wednesday, wednesday)
    assert period_range("week", wednesday) == (dt.date(2026, 3, 9), wednesday)
    assert period_range("month", wednesday) == (dt.date(2026, 3, 1), wednesday)
    assert period_range("last_month", wednesday) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert period_range("last_month", dt.date(2026, 1, 5)) == (
        dt.date(2025, 12, 1),
        dt.date(2025, 12, 31),
    )
    assert minutes_text(None) == "–"
    assert minutes_text(8.5) == "8,5 Min." and minutes_text(21.0) == "21 Min."
