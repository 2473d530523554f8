"""The consultation form's "heutiger Standort" defaults from the consulting hours (issue 20):
where one of the user's units holds hours today -- unless the user chose a location today,
which still wins; the next day starts from the hours again."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from casefile.records import Client, ConsultingHours
from desktop.store import offers
from desktop.ui.consultation_form import ConsultationDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def _dialog(ctx, client_id, qtbot):
    dlg = ConsultationDialog(ctx, client_id, "Haddad, Samira")
    qtbot.addWidget(dlg)
    with qtbot.waitActive(dlg):
        dlg.show()
        dlg.activateWindow()
    return dlg


def _hours(unit: str, location: str, day: dt.date, kind: str = "decentral") -> ConsultingHours:
    return ConsultingHours(
        unit=unit,
        location=location,
        kind=kind,
        rrule="FREQ=WEEKLY;BYDAY=" + ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[day.weekday()],
        valid_from=day - dt.timedelta(days=70),
    )


def test_the_hours_of_my_unit_today_set_the_location_and_my_choice_of_today_wins(ctx, qtbot):
    today = dt.date.today()  # the form starts now: a consultation must not lie in the future
    ctx.today = lambda: today
    cid = ctx.store.create_client(Client("Haddad", "Samira", dt.date(1990, 5, 5)))
    assert ctx.settings.unit == "integration" and ctx.settings.location == "lra_naumburg"
    offers.seed(
        ctx.store.engine,
        [
            _hours("integration", "lra_naumburg", today, kind="walk_in"),
            _hours("integration", "dez_nebra", today),
            _hours("jobcenter", "dez_luetzen", today),  # not the user's unit
        ],
    )
    dialog = _dialog(ctx, cid, qtbot)
    qtbot.waitUntil(lambda: dialog.location.code() == "dez_nebra", timeout=3000)
    assert not dialog.has_content()  # a default, not the user's edit

    # The user is somewhere else today: that choice is remembered for the day and wins.
    dialog.location.setFocus()
    QTest.keyClicks(dialog.location, "A")  # one key: "Aufsuchend …"
    assert dialog.location.code() == "outreach"
    dialog.topics.item(0).setCheckState(Qt.CheckState.Checked)
    QTest.keyClick(dialog.location, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted
    again = _dialog(ctx, cid, qtbot)
    qtbot.wait(200)  # nothing comes to override it
    assert again.location.code() == "outreach"

    # Another day without hours of the unit: the usual location.
    ctx.today = lambda: today + dt.timedelta(days=1)
    assert _dialog(ctx, cid, qtbot).location.code() == "lra_naumburg"


def test_a_location_the_user_picks_before_the_hours_are_read_is_kept(ctx, qtbot):
    today = dt.date.today()
    ctx.today = lambda: today
    cid = ctx.store.create_client(Client("Haddad", "Samira", dt.date(1990, 5, 5)))
    offers.seed(ctx.store.engine, [_hours("integration", "dez_nebra", today)])
    dialog = ConsultationDialog(ctx, cid, "Haddad, Samira")
    qtbot.addWidget(dialog)
    dialog.location.set_code("phone")  # before the read's answer arrives
    dialog._scheduled_location("dez_nebra")
    assert dialog.location.code() == "phone"


def test_a_place_it_fixed_for_the_pc_is_not_moved_by_the_hours(ctx, qtbot):
    from types import SimpleNamespace

    today = dt.date.today()
    ctx.today = lambda: today
    ctx.settings.machine = SimpleNamespace(is_locked=lambda name: name == "location")
    cid = ctx.store.create_client(Client("Haddad", "Samira", dt.date(1990, 5, 5)))
    offers.seed(ctx.store.engine, [_hours("integration", "dez_nebra", today)])
    dialog = _dialog(ctx, cid, qtbot)
    qtbot.wait(200)
    assert dialog.location.code() == ctx.settings.location == "lra_naumburg"
