"""The client file view: header, timeline, sections and their forms, refresh on change."""

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMenu, QPlainTextEdit

from casefile.records import Client, Consultation, LanguageSkill, ResidenceStatus, Task
from desktop.store.changes import Changes
from desktop.ui.client_file import ClientFileView
from desktop.ui.forms import ErrorLabel
from desktop.ui.models import RECORD_ROLE
from desktop.ui.timeline import ConsultationViewDialog

NOTE = (
    "Frau Haddad hat eine Wohnungszusage für eine 3-Raum-Wohnung in Zeitz.\n"
    "Mietvertrag liegt als Entwurf vor; Angemessenheit mit dem Jobcenter abgestimmt.\n"
    "Erstausstattung besprochen, Antrag wird gemeinsam gestellt.\n"
    "Nächster Termin mit Mietvertrag und Kontoauszügen."
)


def consultation(client_id, days_ago=1, note=NOTE, **kw) -> Consultation:
    started = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=days_ago)
    values = dict(
        unit="integration",
        caseworker="a.schneider",
        location="lra_naumburg",
        kind="walk_in",
        topics=["housing", "benefits"],
        note=note,
    )
    values.update(kw)
    return Consultation(client_id, started, **values)


def timeline_entries(view):
    model = view.timeline.model
    return [model.index(r, 0).data(RECORD_ROLE) for r in range(model.rowCount())]


def visible_errors(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(ErrorLabel) if label.isVisible()]


def test_header_and_timeline_show_what_the_store_holds(ctx, client_id, open_file, qtbot):
    cons = consultation(client_id)
    follow_up = Task(
        client_id, ctx.today() + dt.timedelta(days=7), "Mietvertrag prüfen", "a.schneider"
    )
    ctx.store.add_consultation(cons, follow_up=follow_up)
    ctx.store.add_residence_status(
        ResidenceStatus(
            client_id,
            "toleration",
            "§ 60a AufenthG",
            valid_until=ctx.today() + dt.timedelta(days=20),
        )
    )

    view = ClientFileView(ctx, client_id)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.title_changed) as title:
        view.show()
    assert title.args == ["Haddad, Samira"]
    assert view.client_id == client_id
    assert view.findChild(type(view.name), "headerName").text() == "Haddad, Samira"
    assert view.born.value.text().startswith("17.05.1990 (")
    assert view.nationality.value.text() == "Syrien"
    assert view.interpreter_badge.isVisible()
    assert view.tasks.value.text() == "1"
    assert "Duldung" in view.residence.value.text()
    assert view.residence.detail.property("warning") is True  # expires within 8 weeks

    entries = timeline_entries(view)
    assert {(e.kind, e.id) for e in entries} == {("consultation", cons.id), ("task", follow_up.id)}
    assert view.findChild(type(view.timeline.view), "timeline").model() is view.timeline.model
    assert view.timeline.view.sizeHintForRow(0) > 40  # cards, not one-line rows
    assert view.consult_button.objectName() == "newConsultationButton"


def test_residence_far_in_the_future_is_not_red(ctx, client_id, open_file):
    ctx.store.add_residence_status(
        ResidenceStatus(
            client_id,
            "residence_permit",
            "§ 25 Abs. 2 AufenthG",
            valid_until=ctx.today() + dt.timedelta(days=400),
        )
    )
    view = open_file(client_id)
    assert view.residence.detail.property("warning") is False


def test_change_event_refreshes_only_its_own_client(ctx, client_id, open_file, qtbot):
    view = open_file(client_id)
    assert timeline_entries(view) == []
    assert view.timeline.stack.currentWidget() is view.timeline.empty

    other = ctx.store.create_client(Client("Ahmadi", "Hamid", dt.date(1988, 1, 9)))
    ctx.store.add_consultation(consultation(client_id))
    ctx.ops.announce(Changes.of("consultation", other))
    ctx.ops.announce(Changes.of("draft", client_id))  # a draft: not shown in the file
    assert timeline_entries(view) == []

    ctx.ops.announce(Changes.of("consultation", client_id))
    qtbot.waitUntil(lambda: len(timeline_entries(view)) == 1)
    assert view.timeline.stack.currentWidget() is view.timeline.view

    ctx.store.add_consultation(consultation(client_id, days_ago=3))
    ctx.ops.announce(Changes(everything=True, origin="sync"))  # e.g. a new server epoch
    qtbot.waitUntil(lambda: len(timeline_entries(view)) == 2)


def test_consultation_opens_read_only_with_the_full_note(ctx, client_id, open_file):
    cons = consultation(client_id)
    ctx.store.add_consultation(cons)
    view = open_file(client_id)
    view.timeline.view.doubleClicked.emit(view.timeline.model.index(0, 2))
    shown = view.findChildren(ConsultationViewDialog)
    assert len(shown) == 1
    text = shown[0].findChild(QPlainTextEdit, "consultationNote")
    assert text.toPlainText() == NOTE and text.isReadOnly()
    shown[0].close()


def test_task_marked_done_from_the_context_menu(ctx, client_id, open_file, qtbot):
    task = Task(
        client_id, ctx.today() + dt.timedelta(days=2), "Kita-Nachweis anfordern", "a.schneider"
    )
    ctx.store.add_task(task)
    view = open_file(client_id)
    assert view.tasks.value.text() == "1"
    index = view.timeline.model.index(0, 2)
    view.timeline._context_menu(view.timeline.view.visualRect(index).center())
    menu = view.timeline.findChild(QMenu)
    action = next(a for a in menu.actions() if a.text() == "Als erledigt markieren")
    with qtbot.waitSignal(ctx.bus.changed):
        action.trigger()
    menu.close()

    assert ctx.store.tasks(include_done=False) == []
    qtbot.waitUntil(lambda: view.tasks.value.text() == "0")
    assert timeline_entries(view)[0].record.done


def test_new_task_dialog_validates_inline_and_saves(ctx, client_id, open_file, qtbot):
    view = open_file(client_id)
    dialog = view.new_task()
    form = dialog.form
    assert form.assignee.text() == "a.schneider"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "Bitte ausfüllen." in visible_errors(dialog)
    form.due.setDate(QDate(ctx.today() - dt.timedelta(days=1)))
    qtbot.keyClicks(form.text, "Bescheid Jobcenter nachhalten")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "Die Wiedervorlage liegt in der Vergangenheit." in visible_errors(dialog)
    assert ctx.store.tasks() == []

    form.due.setDate(QDate(ctx.today() + dt.timedelta(days=10)))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    [row] = ctx.store.tasks()
    assert (row.task.text, row.task.assignee) == ("Bescheid Jobcenter nachhalten", "a.schneider")
    qtbot.waitUntil(lambda: view.tasks.value.text() == "1")


def test_residence_status_form_persists(ctx, client_id, open_file, qtbot):
    view = open_file(client_id)
    section = view.residence_section
    view.tabs.setCurrentWidget(section)
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    form = section.form
    assert form.isVisible()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "Bitte ausfüllen." in visible_errors(form)
    assert ctx.store.client_file(client_id).residence == []

    form.status.set_code("temporary_protection")
    assert form.paragraph.text() == "§ 24 AufenthG"  # the status's usual paragraph
    form.valid_from.setDate(QDate(2024, 3, 4))
    form.valid_until.set_value(dt.date(2027, 3, 4))
    qtbot.keyClicks(form.office, "Burgenlandkreis, ABH Naumburg")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    [saved] = ctx.store.client_file(client_id).residence
    assert (
        saved.status,
        saved.paragraph,
        saved.valid_from,
        saved.valid_until,
        saved.issuing_office,
    ) == (
        "temporary_protection",
        "§ 24 AufenthG",
        dt.date(2024, 3, 4),
        dt.date(2027, 3, 4),
        "Burgenlandkreis, ABH Naumburg",
    )
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    assert not form.isVisible() and section.add_button.isEnabled()
    assert "vorübergehenden Schutz" in view.residence.value.text()


def test_residence_dates_in_wrong_order_are_rejected(ctx, client_id, open_file, qtbot):
    view = open_file(client_id)
    section = view.residence_section
    view.tabs.setCurrentWidget(section)
    section.add_button.click()
    section.form.status.set_code("toleration")
    section.form.valid_from.setDate(QDate(2025, 6, 1))
    section.form.valid_until.set_value(dt.date(2025, 1, 1))
    section.form.save_button.click()
    assert "Das Enddatum liegt vor dem Anfangsdatum." in visible_errors(section.form)
    assert ctx.store.client_file(client_id).residence == []


def test_consent_form_persists_and_shows_state(ctx, client_id, open_file, qtbot):
    view = open_file(client_id)
    section = view.consent_section
    view.tabs.setCurrentWidget(section)
    section.add_button.click()
    form = section.form
    form.save_button.click()
    errors = visible_errors(form)
    assert "Bitte mindestens eine empfangende Stelle angeben." in errors
    assert "Bitte mindestens eine Datenkategorie wählen." in errors

    form.units.set_codes(["jobcenter"])
    qtbot.keyClicks(form.external, "Caritas Zeitz, Diakonie")
    form.categories.set_codes(["master_data", "counseling_notes"])
    qtbot.keyClicks(form.purpose, "Abstimmung Arbeitsmarktintegration")
    form.valid_until.set_value(ctx.today() + dt.timedelta(days=365))
    form.save_button.click()

    [saved] = ctx.store.client_file(client_id).consents
    assert saved.recipients == ["jobcenter", "Caritas Zeitz", "Diakonie"]
    assert saved.categories == ["master_data", "counseling_notes"]
    assert saved.given_on == ctx.today()
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    assert section.model.index(0, 0).data() == "gültig"
    assert section.model.index(0, 1).data() == "Jobcenter, Caritas Zeitz, Diakonie"


def test_household_link_with_reverse_relation_and_open(ctx, client_id, open_file, qtbot):
    son = ctx.store.create_client(Client("Haddad", "Yusuf", dt.date(2014, 2, 1)))
    view = open_file(client_id)
    section = view.household_section
    view.tabs.setCurrentWidget(section)
    picker = section.pick()
    picker.link()
    assert "Bitte zuerst eine Person suchen und auswählen." in visible_errors(picker)

    qtbot.keyClicks(picker.search, "Haddad Yusuf")
    picker.run_search()
    assert picker.model.rowCount() == 1  # the client herself is not offered
    picker.relation.set_code("child")
    with qtbot.waitSignal(ctx.bus.changed):
        qtbot.mouseClick(picker.link_button, Qt.MouseButton.LeftButton)

    [member] = ctx.store.client_file(client_id).household
    assert (member.link.other_client_id, member.link.relation) == (son, "child")
    [back] = ctx.store.client_file(son).household
    assert (back.link.other_client_id, back.link.relation) == (client_id, "parent")
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    assert section.model.index(0, 2).data() == "Kind"

    with qtbot.waitSignal(ctx.bus.open_client) as opened:
        section.table.doubleClicked.emit(section.model.index(0, 0))
    assert opened.args == [son]


def test_edit_master_data_refreshes_header_and_title(ctx, client_id, open_file, qtbot):
    view = open_file(client_id)
    with qtbot.waitSignal(view.master_data_opened) as opened:
        view.edit_master_data()
    dialog = opened.args[0]
    assert dialog.family_name.text() == "Haddad"
    dialog.family_name.clear()
    qtbot.keyClicks(dialog.family_name, "Al-Haddad")
    with qtbot.waitSignal(view.title_changed) as title:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert title.args == ["Al-Haddad, Samira"]
    assert view.name.text() == "Al-Haddad, Samira"


def test_consultation_button_opens_the_consultation_form(ctx, client_id, open_file, qtbot):
    view = open_file(client_id)
    dialog = view.new_consultation()
    assert dialog is not None and dialog.client_id == client_id
    dialog.reject()


def test_missing_client_shows_a_message(ctx, open_file):
    view = open_file("01900000-0000-7000-8000-000000000000")
    assert view.load_error.isVisible() and "nicht gefunden" in view.load_error.text()
    assert not view.consult_button.isEnabled()


def test_language_switch_retranslates_the_open_file(ctx, client_id, open_file, qapp, qtbot):
    from desktop.ui.i18n import PseudoTranslator

    class Stretching(PseudoTranslator):
        def isEmpty(self):  # Qt announces LanguageChange only for a non-empty translator
            return False

    view = open_file(client_id)
    translator = Stretching()
    qapp.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: view.consult_button.text().startswith("Beratung erfassen ~"))
        assert view.tabs.tabText(0).startswith("Verlauf ~")
        assert view.residence_section.add_button.text().startswith("Status erfassen ~")
        assert view.born.caption.text().startswith("Geboren ~")
    finally:
        qapp.removeTranslator(translator)
    qtbot.waitUntil(lambda: view.consult_button.text() == "Beratung erfassen")


def test_file_fits_beside_the_search_panel_on_a_1366_laptop(ctx, open_file, qtbot):
    """1366 px minus navigation and search panel leave the file about 620 px; nothing may stick out."""
    cid = ctx.store.create_client(
        Client(
            "Abdulrahman-Al-Khatib",
            "Mohammed Yusuf",
            dt.date(1984, 7, 2),
            nationalities=["SYR", "IRQ"],
            languages=[
                LanguageSkill("kmr", True),
                LanguageSkill("ar", True),
                LanguageSkill("gsg"),
                LanguageSkill("en"),
            ],
        )
    )
    ctx.store.add_residence_status(
        ResidenceStatus(
            cid,
            "temporary_protection",
            "§ 24 Abs. 1 AufenthG",
            valid_until=ctx.today() + dt.timedelta(days=20),
            issuing_office="Burgenlandkreis, Ausländerbehörde Naumburg",
        )
    )
    ctx.store.add_task(
        Task(cid, ctx.today() + dt.timedelta(days=3), "Mietvertrag prüfen", "a.schneider")
    )
    view = open_file(cid)
    assert "vorübergehenden Schutz" in view.residence.value.text()
    sections = [view.residence_section, view.consent_section]
    for section in sections:
        view.tabs.setCurrentWidget(section)
        section.add_button.click()
    assert view.minimumSizeHint().width() <= 620

    def inside(child, parent) -> bool:
        return parent.rect().contains(child.geometry())

    view.resize(620, 760)
    qtbot.waitUntil(lambda: view.header.arrangement > 0 and not view.header.actions_beside)
    header = view.header
    assert all(inside(w, header) for w in [header.actions, view.name, *header.facts])
    for section in sections:  # the forms stand in one column, within the tab
        view.tabs.setCurrentWidget(section)
        qtbot.waitUntil(lambda section=section: section.form.pairs == 1)
        viewport = section.scroll.viewport()
        assert section.form.mapTo(viewport, section.form.rect().topRight()).x() < viewport.width()

    view.resize(1200, 760)  # room again: facts in one row, actions beside the name
    qtbot.waitUntil(lambda: header.arrangement == 0 and header.actions_beside)
    assert all(inside(w, header) for w in [header.actions, view.name, *header.facts])
