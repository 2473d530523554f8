"""The Förderplan tab and its dialogs (issue 20), driven by the keyboard: a plan drawn up with
goals and steps for the client and two other units, a step without owner or due date named in
German with nothing saved, a review kept, the signed paper recorded; everything fits 1366x768."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.store import plans
from desktop.ui import screen_fit
from desktop.ui.plan_dialog import PlanDialog
from desktop.ui.plan_review import PlanReviewDialog, SignatureDialog


def _key(widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(widget, key, modifier)


def _focused():
    return QApplication.focusWidget()


def _tab(times=1):
    for _ in range(times):
        _key(_focused(), Qt.Key.Key_Tab)


def _type(text):
    QTest.keyClicks(_focused(), text)


def _open_tab(open_file, client_id, qtbot):
    view = open_file(client_id)
    view.tabs.setCurrentWidget(view.plan_section)
    section = view.plan_section
    qtbot.waitUntil(lambda: section.client_id == client_id)
    return view, section


def _open_dialog(section, qtbot, button):
    opened = []
    section.dialog_opened.connect(opened.append)
    button.click()
    qtbot.waitUntil(lambda: bool(opened))
    dialog = opened[-1]
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _save(dialog):
    """Ctrl+Enter where the focus is."""
    _key(_focused() or dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_a_plan_is_drawn_up_by_keyboard_and_steps_go_to_other_units(
    ctx, client_id, open_file, qtbot
):
    _view, section = _open_tab(open_file, client_id, qtbot)
    assert section.edit_button.text() == "Förderplan &anlegen"
    dialog = _open_dialog(section, qtbot, section.edit_button)
    assert isinstance(dialog, PlanDialog)
    assert dialog.language.code() == "ar"  # the client's language: the print's second one
    # Ctrl+Enter on the empty form: a German message, nothing saved.
    _save(dialog)
    assert "Bitte mindestens ein Ziel" in dialog.form_error.text()
    box = dialog.goals[0]
    box.area.setFocus()
    _type("W")  # Wohnen
    _tab()
    _type("Eine eigene Wohnung in Naumburg.")
    _tab(2)  # achievement stays "offen"; the goal's "Schritt hinzufügen"
    _tab()
    step = box.steps[0]
    assert _focused() is step.text
    _type("Kaution bewilligen")
    _tab()
    _type("S")  # Sachgebiet
    assert step.owner.code() == "unit" and step.unit.isVisible()
    _tab()
    _type("Asyl")  # Asylbewerberleistung
    assert step.unit.code() == "asylblg"
    # Saved without a due date: named in German, nothing written.
    _save(dialog)
    assert "Schritt 1 („Kaution bewilligen“): Bitte angeben, bis wann" in dialog.form_error.text()
    assert plans.load(ctx.store, client_id).plan is None
    due = ctx.today() + dt.timedelta(days=14)
    step.due.setFocus()
    _type(due.strftime("%d%m%Y"))
    assert step.due.value() == due
    # A second step: the Ausländerbehörde; added with the goal's button from the keyboard.
    box.add_step_button.setFocus()
    _key(box.add_step_button, Qt.Key.Key_Space)
    assert len(box.steps) == 2, _focused()
    second = box.steps[-1]
    assert _focused() is second.text, _focused()
    _type("Aufenthaltserlaubnis beantragen")
    _tab()
    _type("S")
    _tab()
    _type("Aus")
    second.due.set_value(due + dt.timedelta(days=7))
    _save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    file = plans.load(ctx.store, client_id)
    assert file.plan.unit == "integration" and file.plan.language == "ar"
    assert [(s.unit, s.plan_unit, s.area) for s in file.steps] == [
        ("asylblg", "integration", "housing"),
        ("abh", "integration", "housing"),
    ]
    qtbot.waitUntil(lambda: section.tree.topLevelItemCount() == 1)
    goal_item = section.tree.topLevelItem(0)
    assert goal_item.text(0) == "Eine eigene Wohnung in Naumburg." and goal_item.childCount() == 2
    assert goal_item.child(0).text(1) == "Asylbewerberleistung"
    assert section.edit_button.text() == "Förderplan &bearbeiten"


def test_esc_asks_before_a_filled_plan_is_thrown_away(ctx, client_id, open_file, qtbot, questions):
    _view, section = _open_tab(open_file, client_id, qtbot)
    dialog = _open_dialog(section, qtbot, section.edit_button)
    dialog.goals[0].text.setFocus()
    _type("Deutsch B1")
    _key(_focused(), Qt.Key.Key_Escape)
    assert dialog.isVisible() and questions.asked
    assert plans.load(ctx.store, client_id).plan is None


def _saved_plan(ctx, client_id):
    from tests.desktop.test_support_plan_store import _plan

    plan, goals, steps = _plan(client_id, case_manager="a.schneider")
    plans.save(ctx.store, plan, goals, steps)
    return plan


def test_a_review_is_kept_and_listed(ctx, client_id, open_file, qtbot):
    _saved_plan(ctx, client_id)
    _view, section = _open_tab(open_file, client_id, qtbot)
    qtbot.waitUntil(lambda: section.review_button.isEnabled())
    dialog = _open_dialog(section, qtbot, section.review_button)
    assert isinstance(dialog, PlanReviewDialog)
    _type("e")  # the first goal: "erreicht"
    assert dialog.achievements[0][1].code() == "achieved"
    _tab()
    _type("Wohnung gefunden, Mietvertrag unterschrieben.")
    _save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    file = plans.load(ctx.store, client_id)
    assert file.goals[0].achievement == "achieved" and len(file.reviews) == 1
    qtbot.waitUntil(lambda: section.reviews is not None and section.reviews.childCount() == 1)
    assert "Wohnung gefunden" in section.reviews.child(0).text(0)


def test_the_signed_paper_is_recorded(ctx, client_id, open_file, qtbot):
    _saved_plan(ctx, client_id)
    _view, section = _open_tab(open_file, client_id, qtbot)
    qtbot.waitUntil(lambda: section.sign_button.isEnabled())
    dialog = _open_dialog(section, qtbot, section.sign_button)
    assert isinstance(dialog, SignatureDialog)
    _save(dialog)
    assert "Aktenzeichen" in dialog.form_error.text()
    _type("FP-2026-0042")
    _save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    plan = plans.load(ctx.store, client_id).plan
    assert (plan.signed_on, plan.signed_reference) == (ctx.today(), "FP-2026-0042")
    qtbot.waitUntil(lambda: "FP-2026-0042" in section.summary.text())


@pytest.mark.parametrize("size", [(1366, 728)], ids=["1366x768"])
def test_the_plan_dialog_fits_a_small_laptop_screen(ctx, client_id, qtbot, size):
    _saved_plan(ctx, client_id)
    seen = plans.snapshot(ctx.store, client_id)
    dialog = PlanDialog(ctx, client_id, "Haddad, Samira", {"snapshot": seen, "offers": []})
    qtbot.addWidget(dialog)
    area = QRect(0, 0, *size)
    screen_fit.fit_to_screen(dialog, area)
    dialog.show()
    assert screen_fit.fits(dialog.size(), area)
    assert dialog.minimumSizeHint().width() <= size[0] - 16
    assert dialog.save_button.isVisible()


def test_drucken_writes_the_pdf_off_the_ui_thread_and_asks_for_the_signature(
    ctx, client_id, open_file, qtbot, monkeypatch
):
    import shutil

    from desktop.ui import plan_section

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is installed by .ci/run")
    monkeypatch.setattr(plan_section.QDesktopServices, "openUrl", lambda _url: True)
    plan = _saved_plan(ctx, client_id)
    assert plan.language == "prs"
    _view, section = _open_tab(open_file, client_id, qtbot)
    qtbot.waitUntil(lambda: section.print_button.isEnabled())
    printed, opened = [], []
    section.printed.connect(printed.append)
    section.dialog_opened.connect(opened.append)
    section.print_button.click()
    qtbot.waitUntil(lambda: bool(printed) and bool(opened))
    from tests.desktop.test_plan_print import _text

    text = _text(printed[0])
    assert "Förderplan" in text and "پلان حمایوی" in text
    assert isinstance(opened[0], SignatureDialog)


def test_a_step_handed_over_to_another_unit_is_read_only_in_the_dialog(ctx, client_id, qtbot):
    from casefile.policy import Policy
    from desktop.permissions import Permissions, User

    ctx.permissions = Permissions(
        User("a.schneider", ("caseworker",), ("integration",)), Policy.load()
    )
    _saved_plan(ctx, client_id)  # one step for AsylbLG, one for the client
    seen = plans.snapshot(ctx.store, client_id)
    dialog = PlanDialog(ctx, client_id, "Haddad, Samira", {"snapshot": seen, "offers": []})
    qtbot.addWidget(dialog)
    rows = {row.step.unit: row for row in dialog.goals[0].steps}
    assert not rows["asylblg"].isEnabled() and rows["integration"].isEnabled()
    assert "Asylbewerberleistung" in rows["asylblg"].toolTip()
    # Saving the plan leaves the other unit's step as it is (nothing the gate would refuse).
    before = len(ctx.store.outbox())
    dialog.goals[0].achievement.set_code("in_progress")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)
    assert [e["kind"] for e in ctx.store.outbox()[before:]] == ["plan_goal"]


def test_a_caseworker_who_is_no_user_is_refused_before_saving(ctx, client_id, qtbot):
    from casefile.directory import Directory, DirectoryUser

    directory = Directory((DirectoryUser("a.schneider", "Anna Schneider", ("integration",)),))
    context = {"snapshot": plans.snapshot(ctx.store, client_id), "directory": directory}
    dialog = PlanDialog(ctx, client_id, "Haddad, Samira", context)
    qtbot.addWidget(dialog)
    box = dialog.goals[0]
    box.area.set_code("work")
    box.text.setText("Arbeit in der Pflege")
    step = box.steps[0]
    step.text.setText("Bewerbung schreiben")
    step.owner.set_code("caseworker")
    step.assignee.setText("x.niemand")
    step.due.set_value(ctx.today() + dt.timedelta(days=7))
    dialog.save()
    assert "„x.niemand“ ist keine Person im Verzeichnis" in dialog.form_error.text()
    assert plans.load(ctx.store, client_id).plan is None
    step.assignee.setText("a.schneider")
    dialog.save()
    qtbot.waitUntil(lambda: plans.load(ctx.store, client_id).plan is not None)
