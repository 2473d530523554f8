"""The "Gruppen" page (issue 20): plan a series by keyboard, the attendance sheet worked by
keyboard (search and Enter, Ctrl+H for a household, Space / 1 / 2 / 3, hours typed, Del), a
saved list taken over, "Teilnahme erfassen" through the operation layer, German messages when
the sheet is wrong, and the timeline entry "Gruppenberatung: <title> (2/4)" in every file."""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import Qt

from casefile import groups
from casefile.records import Client, GroupSession, HouseholdLink
from desktop.store import groups as store_groups
from desktop.ui.group_dialogs import AttendanceDialog, SessionDialog
from desktop.ui.groups_view import GroupsView
from desktop.ui.models import timeline_title


def keys(qtbot, dialog, key, modifier=Qt.KeyboardModifier.ControlModifier) -> None:
    """A key chord in the dialog's focused field (window shortcuts need the window active)."""
    if not dialog.isActiveWindow():
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.raise_()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    qtbot.keyClick(dialog.focusWidget() or dialog, key, modifier)


NOW = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)


def _clients(store) -> list[str]:
    names = [("Haddad", "Samir"), ("Haddad", "Lina"), ("Rahimi", "Farid"), ("Osman", "Amina")]
    ids = [
        store.create_client(Client(f, g, birth_date=dt.date(1980 + i, 3, 1 + i)))
        for i, (f, g) in enumerate(names)
    ]
    store.add_household_link(HouseholdLink(ids[0], ids[1], "spouse"), "spouse")
    return ids


def _series(store, n: int = 4, past: int = 2) -> list[GroupSession]:
    template = GroupSession(
        unit="integration",
        title="Wohnschulung",
        topic="housing",
        starts_at=NOW,
        location="dez_nebra",
        duration_min=120,
        languages=["ar"],
        facilitator="a.schneider",
    )
    starts = [NOW - dt.timedelta(days=7 * (past - i)) - dt.timedelta(hours=2) for i in range(n)]
    sessions = groups.plan_series(template, starts)
    store_groups.plan(store, sessions)
    return sessions


def test_a_series_is_planned_by_keyboard(ctx, qtbot):
    page = GroupsView(ctx)
    qtbot.addWidget(page)
    page.refresh()
    dialog = page.plan()  # deleted on close: the page owns it
    assert isinstance(dialog, SessionDialog)
    qtbot.keyClicks(dialog.title, "Wohnschulung")
    dialog.topic.set_code("housing")
    dialog.location.set_code("dez_nebra")
    dialog.count.setValue(4)
    assert dialog.dates.text().count(".") >= 8  # four dates shown
    keys(qtbot, dialog, Qt.Key.Key_Return)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    rows = store_groups.sessions(ctx.store)
    assert [groups.series_label(r.session) for r in rows] == ["1/4", "2/4", "3/4", "4/4"]
    assert page.model.rowCount() == 4  # the page heard the change
    assert "Wohnschulung (1/4)" in page.model.index(0, 1).data()


def test_a_plan_without_title_shows_a_german_message_and_saves_nothing(ctx, qtbot):
    dialog = SessionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    keys(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert not store_groups.sessions(ctx.store)
    shown = " ".join(w.text() for w in dialog.findChildren(type(dialog.form_error)))
    assert "Bitte ausfüllen" in shown


def test_the_sheet_by_keyboard_records_the_session_in_every_file(ctx, qtbot):
    ids = _clients(ctx.store)
    first, second, *_ = _series(ctx.store)
    dialog = AttendanceDialog(ctx, first)
    qtbot.addWidget(dialog)
    dialog.load()
    dialog.show()
    # type a name, Enter adds the first hit
    qtbot.keyClicks(dialog.search, "Rahimi")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.sheet.client_ids() == [ids[2]]
    # a household comes whole with Ctrl+H
    qtbot.keyClicks(dialog.search, "Haddad Samir")
    dialog._timer.stop()
    dialog._run_search()
    keys(qtbot, dialog, Qt.Key.Key_H)
    assert set(dialog.sheet.client_ids()) == {ids[0], ids[1], ids[2]}
    # the table: 2 = excused, Space cycles, hours typed
    sheet = dialog.sheet
    sheet.setFocus()
    sheet.setCurrentCell(0, 0)
    qtbot.keyClick(sheet, Qt.Key.Key_2)
    assert sheet.status(0) == "excused"
    qtbot.keyClick(sheet, Qt.Key.Key_Space)
    assert sheet.status(0) == "absent"
    qtbot.keyClick(sheet, Qt.Key.Key_1)
    assert sheet.status(0) == "present"
    sheet.item(1, 3).setText("1,5")
    sheet.setCurrentCell(2, 0)
    qtbot.keyClick(sheet, Qt.Key.Key_3)
    dialog.anonymous.setValue(2)
    keys(qtbot, dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    held = store_groups.get_session(ctx.store, first.id)
    assert held.recorded and held.anonymous_count == 2 and len(held.participant_ids) == 3
    absent = sheet.item(2, 0).data(Qt.ItemDataRole.UserRole)
    for cid in held.participant_ids:
        entries = [e for e in ctx.store.timeline(cid) if e.kind == "consultation"]
        if cid == absent:
            assert not entries
            continue
        assert len(entries) == 1
        assert timeline_title(entries[0]) == "Gruppenberatung: Wohnschulung (1/4)"
    # The next session of the series starts from the saved list.
    nxt = AttendanceDialog(ctx, store_groups.get_session(ctx.store, second.id))
    qtbot.addWidget(nxt)
    nxt.load()
    assert set(nxt.sheet.client_ids()) == set(held.participant_ids)


def test_a_saved_list_is_taken_over_and_a_row_removed_with_del(ctx, qtbot):
    ids = _clients(ctx.store)
    first, second, *_ = _series(ctx.store)
    store_groups.record_attendance(
        ctx.store, first, [groups.SheetLine(c) for c in ids], caseworker="a.schneider"
    )
    other = groups.one_off(
        unit="integration",
        title="Infoabend",
        topic="housing",
        starts_at=NOW - dt.timedelta(hours=1),
        location="lra_naumburg",
    )
    store_groups.plan(ctx.store, [other])
    dialog = AttendanceDialog(ctx, store_groups.get_session(ctx.store, other.id))
    qtbot.addWidget(dialog)
    dialog.load()
    assert dialog.sheet.rowCount() == 0 and dialog.lists.count() >= 1
    dialog.lists.setCurrentIndex(
        dialog.lists.findText("Wohnschulung (1/4)", Qt.MatchFlag.MatchStartsWith)
    )
    qtbot.mouseClick(dialog.take_list, Qt.MouseButton.LeftButton)
    assert set(dialog.sheet.client_ids()) == set(ids)
    dialog.sheet.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.sheet, Qt.Key.Key_Delete)
    assert dialog.sheet.rowCount() == 3


def test_a_wrong_sheet_says_why_in_german_and_keeps_the_dialog(ctx, qtbot):
    ids = _clients(ctx.store)
    first, *_ = _series(ctx.store)
    dialog = AttendanceDialog(ctx, first)
    qtbot.addWidget(dialog)
    dialog.load()
    dialog.show()
    dialog.save()  # nobody on the sheet, no anonymous participants
    assert dialog.isVisible()
    assert "Bitte Teilnehmende" in dialog.form_error.text()
    dialog._add_ids([ids[0]])
    dialog.sheet.item(0, 3).setText("3")  # more than the session's two hours
    dialog.save()
    assert "Stunden zwischen 0 und der Dauer des Termins (2 Std.)" in dialog.form_error.text()
    dialog.sheet.item(0, 3).setText("zwei")
    dialog.save()
    assert "Zeile 1: Stunden bitte als Zahl" in dialog.form_error.text()
    assert not store_groups.get_session(ctx.store, first.id).recorded
    assert not [e for e in ctx.store.timeline(ids[0]) if e.kind == "consultation"]


def test_the_page_is_offered_to_those_who_may_hold_sessions(ctx, qtbot):
    from casefile.policy import Policy
    from desktop.permissions import Permissions, User

    page = GroupsView(ctx)
    qtbot.addWidget(page)
    ctx.permissions = Permissions(User("admin", ("administrator",), ()), Policy.load())
    assert not page.available()  # an administrator's role writes no unit's sections
    ctx.permissions = Permissions(
        User("k.wagner", ("caseworker",), ("integration",)), Policy.load()
    )
    assert page.available()
    dialog = SessionDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.unit.code() == "integration" and not dialog.unit.isEnabled()


def test_esc_asks_before_typed_input_is_lost(ctx, qtbot, monkeypatch):
    from desktop.ui import group_dialogs
    from desktop.ui.form_keys import Answer

    asked = []
    monkeypatch.setattr(
        group_dialogs, "ask_discard", lambda parent: asked.append(parent) or Answer.CONTINUE
    )
    dialog = SessionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()  # nothing typed: closes without asking
    assert not dialog.isVisible() and not asked
    dialog = SessionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.title, "Wohnschulung")
    keys(qtbot, dialog, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert asked and dialog.isVisible()
