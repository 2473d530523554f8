"""The Beratungskontakt form: defaults, inline validation, saving, autosaved drafts, Esc."""

import datetime as dt
import sqlite3

import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget

from casefile.records import Client, LanguageSkill
from casefile.validation import FieldError, ValidationError
from desktop.store import directory
from desktop.ui import consultation_form
from desktop.ui.consultation_form import ConsultationDialog, restore_drafts

# ASCII only: QTest.keyClicks aborts the process on a non-ASCII key (qasciikey assertion);
# umlauts are entered with setPlainText where a test needs them
NOTE = "Frau Haddad bringt den Bescheid des Jobcenters mit; Widerspruch besprochen."


class Answers:
    """Stands in for the user at every QMessageBox; records what was asked."""

    def __init__(self):
        self.next = QMessageBox.StandardButton.Discard
        self.asked: list[str] = []


@pytest.fixture(autouse=True)
def answers(monkeypatch):
    a = Answers()

    def fake_exec(box):
        a.asked.append(box.text())
        return a.next

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return a


@pytest.fixture
def client_id(ctx):
    return ctx.store.create_client(
        Client(
            family_name="Haddad",
            given_names="Amina",
            birth_date=dt.date(1991, 4, 17),
            sex="f",
            nationalities=["SYR"],
            languages=[LanguageSkill("ar", True)],
        )
    )


@pytest.fixture
def dialog(ctx, client_id, qtbot):
    dlg = ConsultationDialog(ctx, client_id, "Haddad, Amina")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def check_topic(dlg, code: str) -> None:
    """Make the topic current and press Space, as the keyboard would."""
    row = next(
        i
        for i in range(dlg.topics.count())
        if dlg.topics.item(i).data(Qt.ItemDataRole.UserRole) == code
    )
    dlg.topics.setCurrentRow(row)
    QTest.keyClick(dlg.topics, Qt.Key.Key_Space)


def visible_errors(dlg) -> list[str]:
    return [
        lab.text()
        for lab in dlg.findChildren(QLabel)
        if lab.objectName() in ("fieldError", "formError") and lab.isVisible()
    ]


def consultations(ctx, client_id):
    return [e.record for e in ctx.store.timeline(client_id) if e.kind == "consultation"]


def test_defaults(ctx, dialog):
    assert dialog.windowTitle() == "Beratung erfassen – Haddad, Amina"
    assert dialog.unit.code() == ctx.settings.unit == "integration"
    assert dialog.location.code() == ctx.settings.location
    assert dialog.kind.code() == "walk_in"
    assert dialog.duration.value() == 30
    assert dialog.language.code() == ""
    assert dialog.assignee.text() == "a.schneider"
    started = dialog.started_at.dateTime().toPython()
    assert abs((dt.datetime.now() - started).total_seconds()) < 120
    cons, task = dialog.build_records()
    assert cons.caseworker == ctx.settings.user_name
    assert task is None
    save = dialog.findChild(QWidget, "saveButton")
    assert save is dialog.save_button and save.isDefault() and save.text() == "Speichern"
    for name in ("note", "topics", "followUpDate"):
        assert dialog.findChild(QWidget, name) is not None


def test_unknown_location_setting_falls_back_to_first_entry(ctx, client_id, qtbot):
    ctx.settings.location = "nowhere"
    dlg = ConsultationDialog(ctx, client_id, "Haddad, Amina")
    qtbot.addWidget(dlg)
    assert dlg.location.currentIndex() == 0 and dlg.location.code()


def test_all_topics_visible_without_scrolling(dialog):
    view = dialog.topics
    last = view.visualItemRect(view.item(view.count() - 1))
    assert view.viewport().rect().contains(last)


def test_save_with_follow_up(ctx, client_id, dialog, qtbot):
    changed = []
    ctx.bus.changed.connect(changed.append)
    outbox_before = ctx.store.outbox_count()
    qtbot.keyClicks(dialog.note, NOTE)
    check_topic(dialog, "residence")
    qtbot.keyClicks(dialog.next_step, "Fiktionsbescheinigung abholen")
    dialog.follow_date.check.setChecked(True)
    due = ctx.today() + dt.timedelta(days=7)
    dialog.follow_date.edit.setDate(QDate(due.year, due.month, due.day))
    assert dialog.task_text.text() == "Fiktionsbescheinigung abholen"  # prefilled from next step
    dialog.save_draft_now()
    assert ctx.store.drafts("consultation")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    [cons] = consultations(ctx, client_id)
    assert cons.note == NOTE and cons.topics == ["residence"]
    assert cons.caseworker == "a.schneider" and cons.unit == "integration"
    [row] = ctx.store.tasks()
    assert row.task.due_date == due and row.task.text == "Fiktionsbescheinigung abholen"
    assert row.task.assignee == "a.schneider" and row.task.consultation_id == cons.id
    # One announcement, by the operation layer, of what the save wrote (the draft went too).
    [saved] = [c for c in changed if "consultation" in c.kinds]
    assert {("consultation", client_id), ("task", client_id)} <= saved.pairs
    assert ctx.store.drafts() == []  # saving removed the autosaved draft
    assert ctx.store.outbox_count() > outbox_before


def test_keyboard_only(ctx, client_id, dialog, qtbot):
    """Topics have the focus; Space checks one, Tab leads to the note, Ctrl+Enter saves."""
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    assert dialog.focusWidget() is dialog.topics
    qtbot.keyClick(dialog.topics, Qt.Key.Key_Right)  # the grid: Right is the next topic
    qtbot.keyClick(dialog.topics, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.topics, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.note
    qtbot.keyClicks(dialog.note, "Wohnungssuche besprochen.")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.outcome
    qtbot.keyClick(dialog.outcome, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [cons] = consultations(ctx, client_id)
    assert cons.note == "Wohnungssuche besprochen." and cons.topics == ["benefits"]
    assert ctx.store.tasks() == []


def test_ctrl_s_saves(ctx, client_id, dialog, qtbot):
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    check_topic(dialog, "housing")
    qtbot.keyClick(dialog.note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(consultations(ctx, client_id)) == 1 and not dialog.isVisible()


def test_missing_topic_is_shown_inline_and_nothing_saved(ctx, client_id, dialog, qtbot, answers):
    outbox_before = ctx.store.outbox_count()
    qtbot.keyClicks(dialog.note, NOTE)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert visible_errors(dialog) == ["Bitte mindestens ein Thema wählen."]
    assert dialog.isVisible() and dialog.note.toPlainText() == NOTE
    assert consultations(ctx, client_id) == []
    assert ctx.store.outbox_count() == outbox_before
    assert answers.asked == []  # inline, no message box


def test_follow_up_errors_appear_at_the_follow_up(ctx, client_id, dialog, qtbot):
    check_topic(dialog, "work")
    dialog.follow_date.check.setChecked(True)
    past = ctx.today() - dt.timedelta(days=1)
    dialog.follow_date.edit.setDate(QDate(past.year, past.month, past.day))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Die Wiedervorlage liegt in der Vergangenheit." in visible_errors(dialog)
    assert "Bitte ausfüllen." in visible_errors(dialog)  # no task text, no next step
    assert consultations(ctx, client_id) == [] and ctx.store.tasks() == []


def test_mediator_needs_a_language(ctx, client_id, dialog, qtbot):
    check_topic(dialog, "health")
    dialog.mediator_used.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert visible_errors(dialog) == ["Bei Sprachmittlung bitte die Sprache angeben."]
    dialog.language.set_code("ar")
    with ctx.store.engine.begin() as conn:
        directory.save(conn, {"mediators": [{"name": "Herr Nasser", "languages": ["ar"]}]})
    dialog.load_directory()
    qtbot.keyClicks(dialog.mediator_name, "Herr Nasser")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [cons] = consultations(ctx, client_id)
    assert cons.language == "ar" and cons.mediator_used and cons.mediator_name == "Herr Nasser"


def test_store_failure_keeps_the_form_open(ctx, client_id, dialog, qtbot, monkeypatch, answers):
    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(ctx.store, "add_consultation", broken)
    check_topic(dialog, "benefits")
    qtbot.keyClicks(dialog.note, NOTE)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert answers.asked == ["Die Beratung konnte nicht gespeichert werden."]
    assert dialog.isVisible() and dialog.note.toPlainText() == NOTE
    assert dialog.save_button.isEnabled()
    assert ctx.store.drafts()[0]["payload"]["note"] == NOTE


def test_validation_error_from_the_store_is_shown_inline(
    ctx, client_id, dialog, qtbot, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ValidationError([FieldError("due_date", "follow_up_past")])

    monkeypatch.setattr(ctx.store, "add_consultation", refuse)
    check_topic(dialog, "family")
    dialog.follow_date.check.setChecked(True)
    qtbot.keyClicks(dialog.task_text, "Nachfragen")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert visible_errors(dialog) == ["Die Wiedervorlage liegt in der Vergangenheit."]
    assert dialog.isVisible()


def test_autosave_survives_a_crash_and_is_restored(ctx, client_id, qtbot):
    ctx.settings.autosave_seconds = 1
    dlg = ConsultationDialog(ctx, client_id, "Haddad, Amina")
    dlg.show()
    check_topic(dlg, "debts")
    qtbot.keyClicks(dlg.note, NOTE)
    key = dlg.draft_key
    # the timer, not the test, writes the draft
    qtbot.waitUntil(
        lambda: [d["payload"]["note"] for d in ctx.store.drafts()] == [NOTE], timeout=3000
    )
    shiboken6.delete(dlg)  # a crash: no reject, no close event

    [draft] = ctx.store.drafts("consultation")
    assert draft["key"] == key and draft["payload"]["note"] == NOTE
    assert draft["payload"]["started_at"]  # JSON-able: ISO string

    found = []
    restore_drafts(ctx, on_ready=found.extend)  # the ctx's operation layer runs inline
    [restored] = found
    qtbot.addWidget(restored)
    assert restored.draft_key == key
    assert restored.note.toPlainText() == NOTE and restored.topics.codes() == ["debts"]
    assert not restored.banner.isHidden()
    assert restored.banner.text().startswith("Wiederhergestellter Entwurf vom ")

    qtbot.mouseClick(restored.save_button, Qt.MouseButton.LeftButton)
    assert [c.note for c in consultations(ctx, client_id)] == [NOTE]
    assert ctx.store.drafts() == []


def test_continuous_typing_still_saves_every_interval(ctx, client_id, qtbot, monkeypatch):
    clock = iter([100.0, 100.5, 101.2])
    monkeypatch.setattr(consultation_form.time, "monotonic", lambda: next(clock))
    ctx.settings.autosave_seconds = 1
    dlg = ConsultationDialog(ctx, client_id, "Haddad, Amina")
    qtbot.addWidget(dlg)
    for char in "Abc":  # three keys, 1.2 s in all, never a pause
        qtbot.keyClicks(dlg.note, char)
    assert ctx.store.drafts()[0]["payload"]["note"] == "Abc"


def test_restore_skips_but_keeps_drafts_of_unknown_clients(ctx, client_id, qtbot):
    ctx.store.save_draft("consultation:gone:1", "consultation", "gone-client", {"note": "x"})
    ctx.store.save_draft("consultation:x:2", "consultation", client_id, {"note": "Notiz"})
    dialogs = []
    restore_drafts(ctx, on_ready=dialogs.extend)
    for d in dialogs:
        qtbot.addWidget(d)
    assert [d.note.toPlainText() for d in dialogs] == ["Notiz"]
    assert dialogs[0].windowTitle() == "Beratung erfassen – Haddad, Amina"
    assert len(ctx.store.drafts("consultation")) == 2


def test_escape_asks_and_keeps_the_draft(ctx, dialog, qtbot, answers):
    qtbot.keyClicks(dialog.note, NOTE)
    answers.next = QMessageBox.StandardButton.Save  # "Entwurf behalten"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers.asked == ["Die Beratung ist noch nicht gespeichert."]
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert ctx.store.drafts()[0]["payload"]["note"] == NOTE


def test_escape_continue_editing_and_discard(ctx, dialog, qtbot, answers):
    qtbot.keyClicks(dialog.note, NOTE)
    dialog.save_draft_now()
    answers.next = QMessageBox.StandardButton.Cancel  # "Weiter bearbeiten"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.note.toPlainText() == NOTE
    answers.next = QMessageBox.StandardButton.Discard  # "Verwerfen"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and ctx.store.drafts() == []


def test_closing_the_window_asks_too(ctx, dialog, answers):
    dialog.note.setPlainText("Kurze Notiz zur Beratung über die Wohnsitzauflage.")
    answers.next = QMessageBox.StandardButton.Save
    dialog.close()
    assert answers.asked and not dialog.isVisible()
    assert ctx.store.drafts()[0]["payload"]["note"].startswith("Kurze Notiz")


def test_escape_on_an_empty_form_closes_without_asking(dialog, qtbot, answers):
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and answers.asked == []


DIRECTORY = {
    "users": [
        {"name": "a.schneider", "display_name": "Anna Schneider", "units": ["integration"]},
        {"name": "k.wagner", "display_name": "Katrin Wagner", "units": ["integration", "projects"]},
        {"name": "t.becker", "display_name": "Tobias Becker", "units": ["abh"], "active": False},
    ],
    "mediators": [
        {"name": "Sanaa Al-Khalil", "languages": ["ar"]},
        {"name": "Olena Bondar", "languages": ["uk", "ru"]},
        {"name": "Telefondolmetscher:in", "languages": []},
        {"name": "Ghada Kurdi", "languages": ["ar"], "active": False},
    ],
}


def items(picker) -> list[str]:
    return [picker.itemText(i) for i in range(1, picker.count())]


def test_the_pick_lists_offer_only_the_directory_and_refuse_a_typo(ctx, client_id, dialog, qtbot):
    """Issue 16, finding 7: "a.schnieder" no longer makes a follow-up that belongs to nobody."""
    with ctx.store.engine.begin() as conn:
        directory.save(conn, DIRECTORY)
    dialog.load_directory()
    assert items(dialog.assignee) == [
        "Anna Schneider (Sachgebiet Integration)",
        "Katrin Wagner (Sachgebiet Integration)",
        "Katrin Wagner (Projekte)",
    ]  # active users only, one entry per unit
    dialog.language.set_code("ar")
    assert items(dialog.mediator_name) == ["Sanaa Al-Khalil", "Telefondolmetscher:in"]
    dialog.language.set_code("uk")
    assert items(dialog.mediator_name) == ["Olena Bondar", "Telefondolmetscher:in"]

    check_topic(dialog, "housing")
    dialog.follow_date.set_value(ctx.today() + dt.timedelta(days=7))
    dialog.task_text.setText("Mietvertrag nachreichen")
    dialog.assignee.setEditText("")
    qtbot.keyClicks(dialog.assignee, "a.schnieder")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert visible_errors(dialog) == [
        "„a.schnieder“ ist keine Person im Verzeichnis der MiA. Bitte aus der Liste wählen."
    ]
    assert consultations(ctx, client_id) == []

    dialog.assignee.setCurrentIndex(items(dialog.assignee).index("Katrin Wagner (Projekte)") + 1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [row] = ctx.store.tasks()
    assert (row.task.assignee, row.task.assignee_unit) == ("k.wagner", "projects")
