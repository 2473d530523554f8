"""The keyboard gaps of issue 16 (finding 8), one test each: Ctrl+N focuses the first field,
Ctrl+B works after opening a file from the search, Ctrl+Enter saves and Esc asks on every form,
Tab leaves the follow-up date, the location is remembered per day, the language comes from the
client."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from casefile.records import Client, LanguageSkill
from desktop.settings import Settings
from desktop.ui.client_dialog import ClientDialog
from desktop.ui.consultation_form import ConsultationDialog
from desktop.ui.sections import TaskDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def show(qtbot, widget):
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def consultation(ctx, client_id, languages=(), qtbot=None):
    dlg = ConsultationDialog(ctx, client_id, "Haddad, Samira", languages=languages)
    return show(qtbot, dlg)


def test_ctrl_n_puts_the_cursor_into_the_family_name(ctx, qtbot):
    from desktop.ui.main_window import MainWindow

    window = show(qtbot, MainWindow(ctx))
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), ClientDialog), timeout=3000)
    dialog = QApplication.activeWindow()
    QTest.keyClicks(QApplication.focusWidget(), "Rahimi")
    assert dialog.family_name.text() == "Rahimi"


def test_ctrl_b_after_opening_a_file_from_the_search(ctx, client_id, qtbot):
    from desktop.ui.main_window import MainWindow

    window = show(qtbot, MainWindow(ctx))
    window.start()
    window.focus_search()
    QTest.keyClicks(window.search.field, "Haddad")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1, timeout=3000)
    QTest.keyClick(window.search.field, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.search.field  # the focus stays in the search
    # pressed at once, while the file may still be loading
    QTest.keyClick(window.search.field, Qt.Key.Key_B, CTRL)
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeWindow(), ConsultationDialog), timeout=3000
    )
    assert QApplication.activeWindow().client_id == client_id


def test_ctrl_enter_saves_a_new_client(ctx, qtbot):
    dialog = show(qtbot, ClientDialog(ctx))
    assert QApplication.focusWidget() is dialog.family_name
    QTest.keyClicks(dialog.family_name, "Rahimi")
    QTest.keyClicks(dialog.given_names, "Yusuf")
    dialog.birth.date_edit.setFocus()
    QTest.keyClicks(dialog.birth.date_edit, "01.02.1995")
    QTest.keyClick(dialog.birth.date_edit, Qt.Key.Key_Enter, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ctx.store.get_client(dialog.client_id).family_name == "Rahimi"


def test_escape_asks_before_a_filled_client_form_is_discarded(ctx, qtbot, questions):
    dialog = show(qtbot, ClientDialog(ctx))
    QTest.keyClicks(dialog.family_name, "Rahimi")
    QTest.keyClick(dialog.family_name, Qt.Key.Key_Escape)  # answered "Weiter bearbeiten"
    assert questions.asked == ["Die Eingaben in diesem Formular sind noch nicht gespeichert."]
    assert dialog.isVisible() and dialog.family_name.text() == "Rahimi"
    questions.answer = QMessageBox.StandardButton.Discard
    QTest.keyClick(dialog.family_name, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert ctx.store.search("Rahimi") == []


def test_escape_on_an_untouched_form_closes_without_asking(ctx, client_id, qtbot, questions):
    dialog = show(qtbot, ClientDialog(ctx))
    QTest.keyClick(dialog.family_name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    # the language pre-filled from the client is no input of the caseworker's either
    form = consultation(ctx, client_id, [LanguageSkill("ar", True)], qtbot)
    QTest.keyClick(form.topics, Qt.Key.Key_Escape)
    assert not form.isVisible() and questions.asked == []


def test_record_forms_save_with_ctrl_enter_and_ask_on_escape(ctx, client_id, qtbot, questions):
    dialog = show(qtbot, TaskDialog(ctx, client_id))
    form = dialog.form
    assert QApplication.focusWidget() is form.due
    form.text.setFocus()
    QTest.keyClicks(form.text, "Mietvertrag anfordern")
    QTest.keyClick(form.text, Qt.Key.Key_Escape)
    assert questions.asked and dialog.isVisible()  # "Weiter bearbeiten"
    QTest.keyClick(form.text, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted
    [row] = ctx.store.tasks()
    assert row.task.text == "Mietvertrag anfordern"

    again = show(qtbot, TaskDialog(ctx, client_id))
    again.form.text.setFocus()
    QTest.keyClicks(again.form.text, "Noch eine")
    questions.answer = QMessageBox.StandardButton.Discard
    again.close()  # the window's close button asks as Esc does
    assert len(questions.asked) == 2 and not again.isVisible()
    assert len(ctx.store.tasks()) == 1


def test_two_tabs_after_the_follow_up_tick_reach_the_task(ctx, client_id, qtbot):
    dialog = consultation(ctx, client_id, qtbot=qtbot)
    dialog.follow_date.check.setFocus()
    QTest.keyClick(dialog.follow_date.check, Qt.Key.Key_Space)
    assert dialog.follow_date.check.isChecked()
    for _ in range(2):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.task_text
    QTest.keyClicks(dialog.task_text, "x")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.assignee


def test_the_location_of_today_is_the_next_default(ctx, client_id, qtbot, tmp_path):
    today = dt.date.today()  # the form starts now: a consultation must not lie in the future
    ctx.today = lambda: today
    dialog = consultation(ctx, client_id, qtbot=qtbot)
    assert dialog.location.code() == ctx.settings.location == "lra_naumburg"
    dialog.location.setFocus()
    QTest.keyClicks(dialog.location, "A")  # one key: "Aufsuchend …"
    assert dialog.location.code() == "outreach"
    dialog.topics.item(0).setCheckState(Qt.CheckState.Checked)
    QTest.keyClick(dialog.location, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted

    assert consultation(ctx, client_id, qtbot=qtbot).location.code() == "outreach"
    # kept in the settings file with its day: a restart the same day keeps it, the next day
    # starts from the usual location
    assert Settings.load().location_for(today) == "outreach"
    today += dt.timedelta(days=1)
    assert consultation(ctx, client_id, qtbot=qtbot).location.code() == "lra_naumburg"
    qs = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    s = Settings()
    s.remember_location("phone", today, qs)
    assert Settings.load(qs).location_for(today) == "phone"
    assert Settings.load(qs).location_for(today + dt.timedelta(days=1)) == s.location


def test_language_and_interpreter_come_from_the_client(ctx, client_id, qtbot):
    # the fixture's client: Arabic with interpreter need, English
    view_languages = ctx.store.get_client(client_id).languages
    dialog = consultation(ctx, client_id, view_languages, qtbot)
    assert dialog.language.code() == "ar" and dialog.mediator_used.isChecked()
    assert dialog.mediator_name.isEnabled() and not dialog.has_content()

    plain = consultation(ctx, client_id, [LanguageSkill("en"), LanguageSkill("fr")], qtbot)
    assert plain.language.code() == "en" and not plain.mediator_used.isChecked()
    assert consultation(ctx, client_id, (), qtbot).language.code() == ""


def test_the_client_file_passes_the_languages_read_with_the_file(ctx, qtbot):
    from desktop.ui.client_file import ClientFileView

    cid = ctx.store.create_client(
        Client("Nazari", "Zahra", dt.date(1999, 1, 1), languages=[LanguageSkill("prs", True)])
    )
    view = show(qtbot, ClientFileView(ctx, cid))
    qtbot.waitUntil(lambda: view.file is not None, timeout=3000)
    dialog = view.new_consultation()
    qtbot.addWidget(dialog)
    assert dialog.language.code() == "prs" and dialog.mediator_used.isChecked()
