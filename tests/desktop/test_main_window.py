"""Main window end to end: search by keyboard, open the client file, record a consultation,
find it in the timeline and the follow-up under Wiedervorlagen; language switch."""

import datetime as dt

from PySide6.QtCore import Qt

from casefile.records import Client, LanguageSkill


def make_window(ctx, qtbot):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def test_keyboard_search_open_and_record(ctx, qtbot):
    olena = Client(
        "Schewtschenko",
        "Olena",
        dt.date(1985, 3, 12),
        sex="f",
        nationalities=["UKR"],
        languages=[LanguageSkill("uk", True)],
    )
    other = Client("Shevchuk", "Oleh", dt.date(1979, 6, 2), sex="m", nationalities=["UKR"])
    ctx.store.create_client(olena)
    ctx.store.create_client(other)
    window = make_window(ctx, qtbot)

    window.focus_search()
    qtbot.keyClicks(window.search.field, "shevchenko olena")
    qtbot.waitUntil(lambda: window.search.model.rowCount() >= 1, timeout=3000)
    assert window.search.model.row_at(0).id == olena.id
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    assert window.open_client_count() == 1
    view = window.files.currentWidget()
    assert view.client_id == olena.id
    qtbot.waitUntil(
        lambda: "Schewtschenko" in window.files.tabText(window.files.currentIndex()), timeout=3000
    )


def test_arrow_keys_move_through_results(ctx, qtbot):
    for given in ("Anna", "Anja", "Annika"):
        ctx.store.create_client(
            Client("Müller", given, dt.date(1990, 5, 5), sex="f", nationalities=["DEU"])
        )
    window = make_window(ctx, qtbot)
    window.focus_search()
    qtbot.keyClicks(window.search.field, "mueller")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 3, timeout=3000)
    qtbot.keyClick(window.search.field, Qt.Key.Key_Down)
    qtbot.keyClick(window.search.field, Qt.Key.Key_Down)
    chosen = window.search.model.row_at(window.search.table.currentIndex().row())
    with qtbot.waitSignal(window.search.client_chosen) as sig:
        qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    assert sig.args == [chosen.id] and chosen.id == window.search.model.row_at(2).id


def test_pending_changes_shown_in_status_bar(ctx, qtbot):
    window = make_window(ctx, qtbot)
    assert "alles lokal gespeichert" in window.sync_label.text()
    ctx.ops.write(
        ctx.store.create_client,
        Client("Rahimi", "Yusuf", None, "unknown", "m", nationalities=["AFG"]),
    )
    assert "Änderung" in window.sync_label.text()


def test_language_switch_to_english(ctx, qtbot, qapp):
    from desktop.ui import i18n

    window = make_window(ctx, qtbot)
    assert window.nav.item(2).text().startswith("Wiedervorlagen")
    try:
        window.set_language("en")
        assert window.nav.item(1).text() == "Clients"
        assert window.menu_file.title() == "&File"
    finally:
        i18n.install(qapp, "de")
    assert window.nav.item(1).text() == "Klient:innen"
