"""Project participations on the laptop and the funder list dialog (issue 21): the client
file's "Projekte" tab records and ends a participation by keyboard; it syncs to the server;
the "Förderliste" dialog proposes the project's funder and the last finished quarter, shows the
server's list and saves the server's file (the real server app in-process)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from casefile.records import Client, ProjectParticipation
from desktop import permissions
from desktop.settings import Settings
from desktop.store import projects
from desktop.ui.context import AppContext
from desktop.ui.events import ChangeBus
from desktop.ui.funder_dialog import FunderListDialog, last_finished_quarter, quarter_range
from desktop.ui.ops import Ops
from desktop.ui.project_section import ParticipationDialog
from tests.desktop.harness import connection


def _save(dialog):
    focused = QApplication.focusWidget() or dialog
    QTest.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def _opened(section, qtbot, button) -> ParticipationDialog:
    opened = []
    section.dialog_opened.connect(opened.append)
    button.click()
    qtbot.waitUntil(lambda: bool(opened))
    dialog = opened[-1]
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_the_projects_tab_records_and_ends_a_participation(ctx, client_id, open_file, qtbot):
    view = open_file(client_id)
    view.tabs.setCurrentWidget(view.project_section)
    section = view.project_section
    qtbot.waitUntil(lambda: section.client_id == client_id)
    assert view.tabs.tabText(view.tabs.indexOf(section)) == "Projekte"
    assert section.empty.isVisible() and not section.end_button.isEnabled()
    dialog = _opened(section, qtbot, section.add_button)
    assert dialog.windowTitle() == "Teilnahme erfassen"
    assert QApplication.focusWidget() is dialog.project
    QTest.keyClicks(dialog.project, "F")  # "Frauen in Arbeit …" by typing
    assert dialog.project.code() == "frauen_in_arbeit"
    dialog.started.setDate(QDate(2026, 2, 2))
    _save(dialog)
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    (part,) = projects.participations(ctx.store, client_id)
    assert (part.project, part.unit, part.started_on) == (
        "frauen_in_arbeit",
        "projects",
        dt.date(2026, 2, 2),
    )
    assert section.model.item(0, 2).text() == "läuft"
    # Ending: without a reason the form names it in German and saves nothing.
    assert section.end_button.isEnabled()
    dialog = _opened(section, qtbot, section.end_button)
    assert dialog.windowTitle() == "Teilnahme beenden"
    assert QApplication.focusWidget() is dialog.ended
    dialog.ended.setDate(QDate(2026, 1, 30))  # before the entry
    _save(dialog)
    assert "Enddatum liegt vor dem Anfangsdatum" in dialog.errors._fields["ended_on"][1].text()
    assert projects.participations(ctx.store, client_id)[0].ended_on is None
    dialog.ended.setDate(QDate(2026, 4, 30))
    dialog.exit_reason.set_code("work_taken_up")
    _save(dialog)
    qtbot.waitUntil(lambda: section.model.item(0, 2).text() == "30.04.2026")
    assert section.model.item(0, 3).text() == "Arbeitsaufnahme"
    assert not section.end_button.isEnabled()
    assert ctx.store.outbox_count() >= 3  # the client, the participation and its end


def _context(dev, user: str, unit: str, today: dt.date) -> AppContext:
    bus = ChangeBus()
    QApplication.instance().setProperty("mia_language", "de")
    return AppContext(
        store=dev.store,
        ops=Ops(bus, dev.store, synchronous=True),
        bus=bus,
        settings=Settings(user_name=user, unit=unit),
        permissions=permissions.load(dev.store.engine),
        today=lambda: today,
    )


@pytest.fixture
def participants(make_device):
    """Two participants of "Bleib & Arbeit" recorded on the projects unit's laptop and synced,
    one of them in the last finished quarter only."""
    dev = make_device("pc-projekte", user="p.lehmann", units=["projects"])
    dev.sync()
    year, quarter = last_finished_quarter(dt.date.today())
    first, last = quarter_range(year, quarter)
    for family, given, began, ended in (
        ("Haddad", "Samira", first + dt.timedelta(days=10), None),
        ("Osman", "Hiba", first - dt.timedelta(days=100), first - dt.timedelta(days=1)),
    ):
        cid = dev.store.create_client(Client(family, given, dt.date(1990, 5, 17)))
        part = ProjectParticipation(cid, "bleib_arbeit", began)
        if ended:
            part.ended_on, part.exit_reason = ended, "completed"
        projects.record(dev.store, part)
    assert dev.sync().rejected == 0
    return dev


def test_the_dialog_shows_the_servers_list_of_the_last_quarter(
    qtbot, participants, tmp_path, monkeypatch
):
    today = dt.date.today()
    ctx = _context(participants, "p.lehmann", "projects", today)
    dialog = FunderListDialog(ctx, connection(participants))
    qtbot.addWidget(dialog)
    assert dialog.project.currentData() == "bleib_arbeit"
    assert dialog.template.currentData() == "esf_plus"  # the project's funder
    first, last = quarter_range(*last_finished_quarter(today))
    assert dialog.span() == (first, last)
    assert not dialog.start.isEnabled()
    dialog.project.setCurrentIndex(dialog.project.findData("ankommen_teilhaben"))
    assert dialog.template.currentData() == "land_lsa"
    dialog.project.setCurrentIndex(dialog.project.findData("bleib_arbeit"))
    dialog.load_button.click()
    qtbot.waitUntil(lambda: dialog.listed is not None, timeout=5000)
    headers = [
        dialog.model.horizontalHeaderItem(c).text() for c in range(dialog.model.columnCount())
    ]
    assert headers[:3] == ["Nr.", "Name", "Vorname"] and "Austrittsgrund" in headers
    assert dialog.model.rowCount() == 1  # Osman ended before the quarter
    assert dialog.model.item(0, 1).text() == "Haddad"
    eintritt = dialog.model.item(0, headers.index("Eintritt")).text()
    assert eintritt == (first + dt.timedelta(days=10)).strftime("%d.%m.%Y")
    assert dialog.xlsx_button.isEnabled() and dialog.csv_button.isEnabled()
    # From/to by hand: a period of the earlier participation too.
    dialog.by_dates.setChecked(True)
    assert dialog.start.isEnabled()
    dialog.start.setDate(QDate(first.year - 1, first.month, 1))
    dialog.load_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    # Saving asks for a place and writes what the server sends.
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "liste.csv"
    asked = []

    def ask(parent, title, name, filters):
        asked.append((name, filters))
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    dialog.csv_button.click()
    qtbot.waitUntil(lambda: target.exists() and "Gespeichert" in dialog.status.text())
    server = participants.app.state.tc.get(
        "/api/v1/reports/funder-list",
        params={
            "project": "bleib_arbeit",
            "template": "esf_plus",
            "from": dialog.shown[2].isoformat(),
            "to": dialog.shown[3].isoformat(),
            "format": "csv",
        },
        headers={"Authorization": f"Bearer {participants.client.token}"},
    )
    assert target.read_bytes() == server.content
    assert "Nr.;Name;Vorname" in target.read_text(encoding="utf-8-sig")
    assert (
        asked[0][0].startswith("teilnehmendenliste-bleib_arbeit-") and asked[0][1] == "CSV (*.csv)"
    )


def test_another_unit_sees_an_empty_list_with_the_note(qtbot, participants, make_device):
    other = make_device("pc-jobcenter", user="j.meier", units=["jobcenter"])
    other.sync()
    ctx = _context(other, "j.meier", "jobcenter", dt.date.today())
    dialog = FunderListDialog(ctx, connection(other), project="bleib_arbeit")
    qtbot.addWidget(dialog)
    dialog.by_dates.setChecked(True)
    dialog.start.setDate(QDate(2000, 1, 1))
    dialog.end.setDate(QDate.currentDate())
    dialog.load_button.click()
    # More than five years: the server's German reason, no list.
    qtbot.waitUntil(lambda: "höchstens fünf Jahre" in dialog.status.text(), timeout=5000)
    assert dialog.listed is None and not dialog.csv_button.isEnabled()
    dialog.start.setDate(QDate.currentDate().addYears(-2))
    dialog.load_button.click()
    qtbot.waitUntil(lambda: dialog.listed is not None, timeout=5000)
    assert dialog.model.rowCount() == 0
    assert "Im Zeitraum keine Teilnehmenden." in dialog.notes.text()


def test_the_last_finished_quarter():
    assert last_finished_quarter(dt.date(2026, 1, 15)) == (2025, 4)
    assert last_finished_quarter(dt.date(2026, 3, 31)) == (2025, 4)
    assert last_finished_quarter(dt.date(2026, 4, 1)) == (2026, 1)
    assert last_finished_quarter(dt.date(2026, 12, 31)) == (2026, 3)
    assert quarter_range(2025, 4) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert quarter_range(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
