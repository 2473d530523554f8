"""The screens offer only what the rules allow the user (issue 16, finding 2 and 3): the
Sachgebiete of the consultation form, the residence form, reception's form; what the rules
would refuse is refused at once with the reason; hidden is shown as hidden, not as absent."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from casefile.policy import Policy
from casefile.records import Consent
from desktop.permissions import Permissions, User
from desktop.ui.consultation_form import ConsultationDialog as ConsultationForm
from tests.desktop.test_client_file import visible_errors


def as_user(ctx, roles, units) -> None:
    ctx.permissions = Permissions(User("x", tuple(roles), tuple(units)), Policy.load())


def topics_offered(form) -> set[str]:
    return {
        form.topics.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(form.topics.count())
        if not form.topics.item(i).isHidden()
    }


def test_reception_gets_the_reception_form_without_health(ctx, client_id, qtbot):
    as_user(ctx, ["reception"], ["reception"])
    form = ConsultationForm(ctx, client_id, "Haddad, Samira")
    qtbot.addWidget(form)
    assert [form.unit.itemData(i) for i in range(form.unit.count())] == ["reception"]
    assert not form.unit.isEnabled()  # nothing to choose
    assert "health" not in topics_offered(form) and "housing" in topics_offered(form)


def test_a_caseworker_is_offered_the_own_units_first(ctx, client_id, qtbot):
    as_user(ctx, ["caseworker"], ["jobcenter", "integration"])
    form = ConsultationForm(ctx, client_id, "Haddad, Samira")
    qtbot.addWidget(form)
    units = [form.unit.itemData(i) for i in range(form.unit.count())]
    assert set(units) == {"jobcenter", "integration", "reception"}
    assert units[-1] == "reception" and form.unit.code() == "integration"  # "my unit"
    assert "health" in topics_offered(form)


def test_a_unit_without_residence_rights_has_no_status_form_and_is_told_who(
    ctx, client_id, open_file
):
    as_user(ctx, ["caseworker"], ["integration"])
    view = open_file(client_id)
    section = view.residence_section
    assert section.add_button.isHidden()
    assert "Ausländerbehörde" in section.refused.text()
    assert "sieht ihn nur mit" in section.refused.text()  # the empty tab says: hidden
    # and the header says hidden, not "nicht erfasst"
    assert view.residence.value.text() == "für Ihre Einheit nicht sichtbar"
    assert "Einwilligung" in view.residence.value.toolTip()


def test_the_immigration_office_records_it_and_sees_absent_as_absent(ctx, client_id, open_file):
    as_user(ctx, ["caseworker"], ["abh"])
    view = open_file(client_id)
    assert not view.residence_section.add_button.isHidden()
    assert view.residence.value.text() == "nicht erfasst"


def test_a_consent_in_force_shows_the_status_it_opens(ctx, client_id, open_file):
    as_user(ctx, ["caseworker"], ["jobcenter"])  # a share: § 7 SGB II
    assert open_file(client_id).residence.value.text() == "nicht erfasst"
    as_user(ctx, ["caseworker"], ["housing"])
    assert open_file(client_id).residence.value.text() == "für Ihre Einheit nicht sichtbar"
    ctx.store.add_consent(
        Consent(
            client_id,
            ["housing"],
            ["residence"],
            "Wohnungssuche",
            ctx.today() - dt.timedelta(days=1),
            form_reference="E-17",
        )
    )
    assert open_file(client_id).residence.value.text() == "nicht erfasst"


def test_a_save_the_rules_refuse_is_refused_in_the_form_and_nothing_is_stored(
    ctx, client_id, open_file, qtbot
):
    as_user(ctx, ["caseworker"], ["abh"])
    view = open_file(client_id)
    section = view.residence_section
    view.tabs.setCurrentWidget(section)
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    form = section.form
    form.status.set_code("temporary_protection")
    as_user(ctx, ["caseworker"], ["integration"])  # the rules changed under the open form
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert ctx.store.client_file(client_id).residence == []
    assert form.save_error.isVisible() and "Ausländerbehörde" in form.save_error.text()
    assert visible_errors(form) == []  # the reason only, no field errors


def test_reception_does_not_get_a_health_consultation_through_a_stale_form(ctx, client_id, qtbot):
    as_user(ctx, ["caseworker"], ["integration"])
    form = ConsultationForm(ctx, client_id, "Haddad, Samira")
    qtbot.addWidget(form)
    for i in range(form.topics.count()):
        if form.topics.item(i).data(Qt.ItemDataRole.UserRole) == "health":
            form.topics.item(i).setCheckState(Qt.CheckState.Checked)
    form.note.setPlainText("Arzttermin")
    as_user(ctx, ["reception"], ["reception"])
    form.unit.restrict(["reception"])
    form.save()
    assert [e for e in ctx.store.timeline(client_id) if e.kind == "consultation"] == []
    assert not form.form_error.isHidden() and "Gesundheit" in form.form_error.text()
