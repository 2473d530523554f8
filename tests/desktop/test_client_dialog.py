"""The new-client / master-data dialog: typing, inline validation, duplicate warning, saving."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from casefile.records import Alias, BirthDatePrecision, Client, Identifier, LanguageSkill, Sex
from desktop.ui.client_dialog import ClientDialog
from desktop.ui.forms import ErrorLabel


@pytest.fixture
def dialog(ctx, qtbot):
    def make(client=None):
        dlg = ClientDialog(ctx, ctx.store.client_snapshot(client.id) if client else None)
        qtbot.addWidget(dlg)
        dlg.show()
        return dlg

    return make


def visible_errors(dlg) -> list[str]:
    return [label.text() for label in dlg.findChildren(ErrorLabel) if label.isVisible()]


def fill(qtbot, dlg, family="", given="", birth=""):
    qtbot.keyClicks(dlg.family_name, family)
    qtbot.keyClicks(dlg.given_names, given)
    qtbot.keyClicks(dlg.birth.date_edit, birth)


def test_new_client_typed_in_is_saved_and_searchable(ctx, dialog, qtbot):
    dlg = dialog()
    assert dlg.windowTitle() == "Neue:r Klient:in"
    fill(qtbot, dlg, "Kowalenko", "Iryna", "03.07.1979")
    qtbot.keyClicks(dlg.birth_place, "Charkiw")
    qtbot.keyClicks(dlg.phone, "0157 123 45 67")
    qtbot.keyClicks(dlg.address, "Domplatz 3, 06618 Naumburg")
    dlg.sex.setCurrentIndex(dlg.sex.findData("f"))
    dlg.nationality1.set_code("UKR")
    dlg.target_group.set_code("protection_ukraine")
    language, interpreter = dlg.languages.add_row()
    language.set_code("uk")
    interpreter.setChecked(True)
    kind, value = dlg.identifiers.add_row()
    kind.set_code("azr_number")
    qtbot.keyClicks(value, "123456789012")
    family, given, alias_kind = dlg.aliases.add_row()
    qtbot.keyClicks(family, "Kovalenko")
    qtbot.keyClicks(given, "Iryna")
    alias_kind.set_code("passport")

    with qtbot.waitSignal(ctx.bus.changed) as changed:
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    assert dlg.result() == QDialog.DialogCode.Accepted
    assert ("client", dlg.client_id) in changed.args[0].pairs
    saved = ctx.store.get_client(dlg.client_id)
    assert (saved.family_name, saved.given_names, saved.birth_date) == (
        "Kowalenko",
        "Iryna",
        dt.date(1979, 7, 3),
    )
    assert saved.birth_date_precision == BirthDatePrecision.EXACT
    assert saved.sex == Sex.FEMALE and saved.birth_place == "Charkiw"
    assert saved.nationalities == ["UKR"] and saved.target_group == "protection_ukraine"
    assert saved.languages == [LanguageSkill("uk", True)]
    assert [(i.type, i.value) for i in saved.identifiers] == [("azr_number", "123456789012")]
    assert [(a.family_name, a.kind) for a in saved.aliases] == [("Kovalenko", "passport")]
    assert dlg.client_id in [s.id for s in ctx.store.search("Kowalenko Iryna")]
    assert dlg.client_id in [s.id for s in ctx.store.search("Kovalenko")]


@pytest.mark.parametrize(
    "family, given, birth, azr, message",
    [
        ("", "", "12.03.1985", "", "Bitte mindestens Familienname oder Vorname angeben."),
        (
            "Haddad",
            "Samira",
            f"12.03.{dt.date.today().year + 1}",
            "",
            "Das Datum liegt in der Zukunft.",
        ),
        (
            "Haddad",
            "Samira",
            "12.03.1985",
            "12AB56789012",
            "Die AZR-Nummer besteht aus 12 Ziffern.",
        ),
        (
            "Haddad",
            "Samira",
            "31.02.1985",
            "",
            "Bitte das Datum als TT.MM.JJJJ eingeben, z. B. 12.03.1985.",
        ),
        ("Haddad", "Samira", "", "", "Bei genauem Geburtsdatum bitte das Datum angeben."),
    ],
)
def test_invalid_input_shows_german_error_and_saves_nothing(
    ctx, dialog, qtbot, family, given, birth, azr, message
):
    clients, outbox = ctx.store.client_count(), ctx.store.outbox_count()
    dlg = dialog()
    fill(qtbot, dlg, family, given, birth)
    if azr:
        kind, value = dlg.identifiers.add_row()
        kind.set_code("azr_number")
        qtbot.keyClicks(value, azr)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    assert message in visible_errors(dlg)
    assert dlg.isVisible() and dlg.client_id is None
    assert ctx.store.client_count() == clients
    assert ctx.store.outbox_count() == outbox
    assert dlg.family_name.text() == family  # nothing the user typed is lost


def test_errors_clear_once_corrected(ctx, dialog, qtbot):
    dlg = dialog()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert visible_errors(dlg)
    fill(qtbot, dlg, "Haddad", "Samira", "12.03.1985")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert ctx.store.client_count() == 1


@pytest.fixture
def olena(ctx):
    return ctx.store.create_client(
        Client("Schewtschenko", "Olena", dt.date(1985, 3, 12), nationalities=["UKR"])
    )


def test_duplicate_warning_lists_the_existing_person_before_saving(ctx, dialog, qtbot, olena):
    dlg = dialog()
    assert not dlg.duplicates.isVisible()
    fill(qtbot, dlg, "Shevchenko", "Olena", "12.03.1985")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    assert dlg.duplicates.isVisible()
    assert (
        dlg.duplicates.title.text() == "Mögliche Dubletten – diese Personen sind bereits erfasst:"
    )
    model = dlg.duplicates.model
    assert [model.row_at(r).id for r in range(model.rowCount())] == [olena]
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert cells[:3] == ["Schewtschenko, Olena", "12.03.1985", "Ukraine"]
    assert dlg.duplicates.selected_id() == olena
    assert ctx.store.client_count() == 1 and dlg.isVisible()


def test_open_selected_person_saves_nothing(ctx, dialog, qtbot, olena):
    dlg = dialog()
    fill(qtbot, dlg, "Shevchenko", "Olena", "12.03.1985")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    outbox = ctx.store.outbox_count()
    qtbot.mouseClick(dlg.duplicates.open_button, Qt.MouseButton.LeftButton)

    assert dlg.open_existing_id == olena
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert ctx.store.client_count() == 1 and ctx.store.outbox_count() == outbox


def test_create_anyway_saves_a_second_person(ctx, dialog, qtbot, olena):
    dlg = dialog()
    fill(qtbot, dlg, "Shevchenko", "Olena", "12.03.1985")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dlg.duplicates.create_button, Qt.MouseButton.LeftButton)

    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.client_id and dlg.client_id != olena and dlg.open_existing_id is None
    assert ctx.store.client_count() == 2


def test_no_duplicate_panel_for_a_different_person(ctx, dialog, qtbot, olena):
    dlg = dialog()
    fill(qtbot, dlg, "Shevchenko", "Olena", "12.03.1991")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert ctx.store.client_count() == 2


def save_while_failing(ctx, dialog, qtbot, monkeypatch, method: str, error: Exception):
    """A new client file (Samira Haddad) entered and saved while ``ctx.store.<method>`` raises
    *error*. Returns the dialog."""

    def broken(client):
        raise error

    monkeypatch.setattr(ctx.store, method, broken)
    dlg = dialog()
    fill(qtbot, dlg, "Haddad", "Samira", "12.03.1985")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    return dlg


def test_failed_duplicate_check_still_allows_saving(ctx, dialog, qtbot, monkeypatch):
    dlg = save_while_failing(
        ctx, dialog, qtbot, monkeypatch, "possible_duplicates", RuntimeError("index damaged")
    )
    assert dlg.duplicates.isVisible() and "fehlgeschlagen" in dlg.duplicates.title.text()
    assert ctx.store.client_count() == 0
    qtbot.mouseClick(dlg.duplicates.create_button, Qt.MouseButton.LeftButton)
    assert ctx.store.client_count() == 1


def test_failed_save_keeps_the_dialog_and_its_content(ctx, dialog, qtbot, monkeypatch):
    dlg = save_while_failing(ctx, dialog, qtbot, monkeypatch, "create_client", OSError("disk full"))
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.save_error.isVisible() and "nicht gespeichert" in dlg.save_error.text()
    assert (dlg.family_name.text(), dlg.birth.date_edit.text()) == ("Haddad", "12.03.1985")
    assert dlg.save_button.isEnabled()


def test_year_only_birth_date_round_trip(ctx, dialog, qtbot):
    dlg = dialog()
    fill(qtbot, dlg, "Ahmadi", "Hamid")
    dlg.birth.precision_combo.setCurrentIndex(dlg.birth.precision_combo.findData("year"))
    assert dlg.birth.stack.currentWidget() is dlg.birth.year_spin
    dlg.birth.year_spin.setValue(1990)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    saved = ctx.store.get_client(dlg.client_id)
    assert saved.birth_date == dt.date(1990, 1, 1)
    assert saved.birth_date_precision == BirthDatePrecision.YEAR

    edit = dialog(saved)
    assert edit.windowTitle() == "Stammdaten bearbeiten"
    assert edit.birth.precision() == BirthDatePrecision.YEAR
    assert edit.birth.year_spin.value() == 1990
    assert edit.client().birth_date == dt.date(1990, 1, 1)


def test_unknown_birth_date_disables_the_date(ctx, dialog, qtbot):
    dlg = dialog()
    fill(qtbot, dlg, "Tesfay", "Medhin")
    dlg.birth.precision_combo.setCurrentIndex(dlg.birth.precision_combo.findData("unknown"))
    assert not dlg.birth.date_edit.isVisible() and not dlg.birth.year_spin.isVisible()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    saved = ctx.store.get_client(dlg.client_id)
    assert saved.birth_date is None and saved.birth_date_precision == BirthDatePrecision.UNKNOWN


def test_edit_master_data_updates_without_duplicate_check(ctx, dialog, qtbot, olena, monkeypatch):
    client = ctx.store.get_client(olena)
    client.identifiers = [Identifier("azr_number", "123456789012")]
    client.aliases = [Alias("Shevchenko", "Olena", "passport")]
    ctx.store.update_client(client)
    monkeypatch.setattr(ctx.store, "possible_duplicates", lambda c: pytest.fail("no check on edit"))
    dlg = dialog(ctx.store.get_client(olena))
    assert dlg.family_name.text() == "Schewtschenko" and dlg.birth.date_edit.text() == "12.03.1985"
    dlg.phone.clear()
    qtbot.keyClicks(dlg.phone, "0345 678 90")
    (_kind, value), _old = dlg.identifiers.rows()[0]
    value.setText("987654321098")
    with qtbot.waitSignal(ctx.bus.changed) as changed:
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)

    assert ("client", olena) in changed.args[0].pairs
    saved = ctx.store.get_client(olena)
    assert saved.phone == "0345 678 90"
    assert [i.value for i in saved.identifiers] == ["987654321098"]
    assert [a.family_name for a in saved.aliases] == ["Shevchenko"]
    assert ctx.store.client_count() == 1


def test_prefill_from_search_text(ctx, dialog):
    dlg = dialog()
    dlg.prefill_name("Haddad Samira 12.03.1985")
    assert (dlg.family_name.text(), dlg.given_names.text()) == ("Haddad", "Samira")
    assert dlg.birth.date_edit.text() == "12.03.1985"
    dlg = dialog()
    dlg.prefill_name("Al-Hassan, Omar")
    assert (dlg.family_name.text(), dlg.given_names.text()) == ("Al-Hassan", "Omar")


def test_the_duplicate_warning_uses_the_matcher_and_names_its_reasons(store):
    """Day and month swapped and another spelling: the old name-and-date rule missed this."""
    import datetime as dt

    from casefile.records import Client, Identifier

    existing = Client(
        "Shevchenko",
        "Olena",
        dt.date(1985, 3, 12),
        sex="f",
        nationalities=["UKR"],
        birth_place="Kyiv",
        identifiers=[Identifier("azr_number", "123456789012")],
    )
    store.create_client(existing)
    new = Client(
        "Schewtschenko",
        "Olena",
        dt.date(1985, 12, 3),
        sex="f",
        nationalities=["UKR"],
        identifiers=[Identifier("azr_number", "1234 5678 9012")],
    )
    (hit,) = store.possible_duplicates(new)
    assert hit.id == existing.id
    assert "gleiche AZR-Nummer" in hit.reasons
    assert "Tag und Monat des Geburtsdatums vertauscht" in hit.reasons
