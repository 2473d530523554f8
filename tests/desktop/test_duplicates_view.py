"""The review screen of likely duplicates against the real server app (pytest-qt)."""

import datetime as dt

from sqlalchemy import text

from tests.desktop.harness import connection, new_client


def two_files(server, make_device):
    """Olena registered twice on one laptop; the server proposes the pair for review."""
    server.state.service.settings.check_duplicates = True
    server.state.service.duplicates.auto_merge = False
    a = make_device("a")
    first = new_client(
        "Shevchenko",
        "Olena",
        birth_date=dt.date(1985, 3, 12),
        sex="f",
        nationalities=["UKR"],
        birth_place="Kyiv",
        phone="0151 1234567",
    )
    second = new_client(
        "Schewtschenko",
        "Olena",
        birth_date=dt.date(1985, 3, 12),
        sex="f",
        nationalities=["UKR"],
        birth_place="Kiew",
    )
    a.store.create_client(first)
    a.store.create_client(second)
    a.sync()
    return a, first, second


def as_coordination(server, user="a.schneider"):
    with server.state.service.db.writer.begin() as conn:
        conn.execute(
            text("UPDATE users SET roles = :r WHERE name = :u"),
            {"r": '["caseworker", "coordination"]', "u": user},
        )


def open_dialog(ctx, qtbot, device):
    from desktop.ui.duplicates_view import DuplicatesDialog

    ctx.store = device.store
    dialog = DuplicatesDialog(ctx, connection(device))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not ctx.ops.pending, timeout=5000)
    return dialog


def test_a_caseworker_without_the_role_reads_why_in_german(ctx, qtbot, server, make_device):
    a, _first, _second = two_files(server, make_device)
    dialog = open_dialog(ctx, qtbot, a)
    assert "Berechtigung" in dialog.status.text()
    assert dialog.pair_model.rowCount() == 0 and not dialog.merge_button.isEnabled()


def test_the_reviewer_compares_chooses_values_merges_and_undoes(ctx, qtbot, server, make_device):
    a, first, second = two_files(server, make_device)
    as_coordination(server)
    dialog = open_dialog(ctx, qtbot, a)
    assert dialog.pair_model.rowCount() == 1 and dialog.tabs.tabText(0) == "Zu prüfen (1)"
    assert "gleiches Geburtsdatum" in dialog.reasons.text()
    rows = {
        dialog.compare_model.item(r, 0).text(): r for r in range(dialog.compare_model.rowCount())
    }
    fam = rows["Familienname"]
    left_is_first = dialog.candidates[0]["left"]["id"] == first.id
    # The differing family name is highlighted; the reviewer keeps "Schewtschenko".
    col = 2 if left_is_first else 1
    assert dialog.keep["family_name"] == "left"
    dialog._cell_clicked(dialog.compare_model.index(fam, col))
    dialog.survivor.setCurrentIndex(0 if left_is_first else 1)  # the first file stays
    survivor, keep = dialog.merge_values(dialog.candidates[0])
    assert survivor == first.id and keep == {"family_name": "Schewtschenko"}
    with qtbot.waitSignal(dialog.decided, timeout=5000):
        dialog.merge_button.click()
    qtbot.waitUntil(
        lambda: dialog.pair_model.rowCount() == 0 and dialog.merge_model.rowCount() == 1,
        timeout=5000,
    )
    a.sync()
    assert a.store.client_count() == 1
    assert a.store.get_client(first.id).family_name == "Schewtschenko"
    assert a.store.get_client(first.id).phone == "0151 1234567"  # the survivor's own value
    # A wrong merge is undone from the second tab.
    dialog.merge_table.selectRow(0)
    with qtbot.waitSignal(dialog.decided, timeout=5000):
        dialog.undo_button.click()
    qtbot.waitUntil(
        lambda: dialog.merge_model.rowCount() == 1 and dialog.merge_model.item(0, 4).text() != "",
        timeout=5000,
    )
    a.sync()
    assert a.store.client_count() == 2
    assert a.store.get_client(first.id).family_name == "Shevchenko"


def test_not_the_same_person_leaves_both_files_and_empties_the_queue(
    ctx, qtbot, server, make_device
):
    a, _first, _second = two_files(server, make_device)
    as_coordination(server)
    dialog = open_dialog(ctx, qtbot, a)
    with qtbot.waitSignal(dialog.decided, timeout=5000):
        dialog.distinct_button.click()
    qtbot.waitUntil(lambda: dialog.pair_model.rowCount() == 0, timeout=5000)
    a.sync()
    assert a.store.client_count() == 2


def test_an_open_file_merged_away_switches_to_the_survivor_with_a_note(
    ctx, qtbot, server, make_device
):
    from desktop.ui.client_file import ClientFileView

    a, first, second = two_files(server, make_device)
    ctx.store = a.store
    view = ClientFileView(ctx, second.id)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.file is not None, timeout=5000)
    server.state.service.identity.merge(first.id, second.id, by="k.koordination", reason="Test")
    a.sync()
    view.reload()
    qtbot.waitUntil(lambda: view.client_id == first.id, timeout=5000)
    assert view.merge_note.isVisibleTo(view)
    assert "„Olena Schewtschenko“" in view.merge_note.text()
    assert view.file.client.family_name == "Shevchenko"
