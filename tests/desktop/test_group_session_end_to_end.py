"""Issue 20's "Done when" for group sessions, end to end: "a facilitator records a
Wohnschulung for 12 people offline and every participant's file shows it after sync".

A real sync server process (SQLite) and three laptops with encrypted stores: the facilitator
and a colleague of the integration unit, and a Jobcenter caseworker.

1. The twelve participants' files are registered at reception's laptop (here the colleague's)
   and synced to every laptop; then the server goes down: the village hall has no network.
2. Offline, the facilitator plans a Wohnschulung of four evenings in Nebra and, after the
   first evening, opens the attendance sheet (the dialog the page opens, through a synchronous
   operation layer), takes the participants by name search and household, marks them present
   (one with 1,5 hours) and records it: ONE store transaction.
3. The server is back; the facilitator's laptop syncs, then the colleague's: each of the
   twelve files there shows "Gruppenberatung: Wohnschulung (1/4)" in its timeline, with the
   hours; the Jobcenter laptop holds neither the session nor any of its consultations.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from casefile import groups
from casefile.records import GroupSession, HouseholdLink
from desktop.store import groups as store_groups, schema as t
from tests.desktop.group_laptops import Laptop, make_server, people

pytestmark = pytest.mark.usefixtures("quick_kdf", "ring")

USERS = (
    ("k.wagner", "caseworker", "integration", "Katrin Wagner"),
    ("a.schneider", "caseworker", "integration", "Anna Schneider"),
    ("j.weber", "caseworker", "jobcenter", "Jonas Weber"),
)


def _context(laptop: Laptop, tmp_path):
    """The app's context over the laptop's store (the operation layer runs jobs inline)."""
    from desktop.settings import Settings
    from desktop.ui.context import AppContext
    from desktop.ui.events import ChangeBus
    from desktop.ui.ops import Ops

    bus = ChangeBus()
    settings = Settings(
        user_name=laptop.user, unit="integration", store_path=str(tmp_path / "x.sqlite")
    )
    return AppContext(laptop.store, Ops(bus, laptop.store, synchronous=True), bus, settings)


def test_a_wohnschulung_recorded_offline_shows_in_every_participants_file(
    tmp_path, monkeypatch, qapp, qtbot
):
    from desktop.sync.errors import Offline
    from desktop.ui.group_dialogs import AttendanceDialog
    from desktop.ui.models import timeline_title

    server = make_server(tmp_path, monkeypatch, USERS)
    clients = people(12, languages=("ar", "prs", "uk"))
    # 1 -- twelve files, on every laptop.
    with server.up() as (base, _proc):
        facilitator = Laptop(base, "k.wagner", tmp_path)
        colleague = Laptop(base, "a.schneider", tmp_path)
        jobcenter = Laptop(base, "j.weber", tmp_path)
        for c in clients:
            colleague.store.create_client(c)
        # two of them live together: the sheet takes the household at once
        colleague.store.add_household_link(
            HouseholdLink(clients[0].id, clients[1].id, "child"), "parent"
        )
        for laptop in (colleague, facilitator, jobcenter):
            laptop.sync()
        assert facilitator.count(t.client) == 12
    with pytest.raises(Offline):
        facilitator.sync()

    # 2 -- offline in Nebra: the series, then the first evening's sheet.
    first_evening = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(hours=3)
    template = GroupSession(
        unit="integration",
        title="Wohnschulung",
        topic="housing",
        starts_at=first_evening,
        location="dez_nebra",
        duration_min=120,
        languages=["ar", "prs", "uk"],
        facilitator="k.wagner",
    )
    series = groups.plan_series(
        template, [first_evening + dt.timedelta(days=7 * i) for i in range(4)]
    )
    store_groups.plan(facilitator.store, series)
    ctx = _context(facilitator, tmp_path)
    dialog = AttendanceDialog(ctx, series[0])
    qtbot.addWidget(dialog)
    dialog.load()
    dialog.show()
    qtbot.waitExposed(dialog)
    # the household by name (Ctrl+H), the others by their ids as a saved list would bring them
    dialog.search.setText(f"{clients[0].family_name} {clients[0].given_names}")
    dialog._timer.stop()
    dialog._run_search()
    dialog.add_household()
    assert set(dialog.sheet.client_ids()) == {clients[0].id, clients[1].id}
    dialog._add_ids([c.id for c in clients[2:]])
    assert dialog.sheet.rowCount() == 12
    row = dialog.sheet.client_ids().index(clients[5].id)
    dialog.sheet.item(row, 3).setText("1,5")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    before = facilitator.store.outbox_count()
    qtbot.keyClick(
        dialog.focusWidget() or dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert not dialog.isVisible(), dialog.form_error.text()
    # the session, 12 attendances, 12 consultations: in one transaction, waiting in the outbox
    assert facilitator.store.outbox_count() - before == 25

    # 3 -- back online.
    with server.up():
        facilitator.sync()
        colleague.sync()
        jobcenter.sync()
    for c in clients:
        entries = [e for e in colleague.store.timeline(c.id) if e.kind == "consultation"]
        assert len(entries) == 1, c.id
        [entry] = entries
        assert timeline_title(entry) == "Gruppenberatung: Wohnschulung (1/4)"
        cons = entry.record
        assert cons.kind == "group" and cons.location == "dez_nebra"
        assert cons.duration_min == (90 if c.id == clients[5].id else 120)
    held = store_groups.get_session(colleague.store, series[0].id)
    assert held.recorded and sorted(held.participant_ids) == sorted(c.id for c in clients)
    assert colleague.count(t.group_session) == 4 and colleague.count(t.attendance) == 12
    # The Jobcenter's laptop: the files, not the integration unit's session or its notes.
    assert jobcenter.count(t.client) == 12
    assert jobcenter.count(t.group_session) == 0
    assert jobcenter.count(t.attendance) == 0
    assert jobcenter.count(t.consultation) == 0
