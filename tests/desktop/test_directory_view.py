"""The Angebote page (issue 19, item 1): a caseworker finds an offer offline by topic, language,
place and target group, ranked by fit with the reasons; coordination (the maintainers of the
shipped rules) creates, verifies and deactivates entries; nobody else gets a button for it, and
the server refuses such a write anyway (tests/desktop/test_offers_store.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from casefile import catalogs
from casefile.policy import Policy
from casefile.records import Offer, OfferHours, OfferLanguage, OfferPlace, Provider
from demodata.offers import directory as demo_directory
from desktop.permissions import Permissions, User
from desktop.store import offers
from desktop.ui.directory_view import DirectoryView
from tests.desktop.test_keyboard_walks import ALT, CTRL, Keyboard, make_window
from tests.desktop.test_screen_fit import FRAME, assert_on_screen, screen  # noqa: F401

TODAY = dt.date.today()
POLICY = Policy.load()
CASEWORKER = Permissions(User("a.schneider", ("caseworker",), ("integration",)), POLICY)
COORDINATION = Permissions(User("k.koord", ("coordination",), ("coordination",)), POLICY)


@pytest.fixture
def demo(ctx):
    offers.seed(ctx.store.engine, demo_directory(TODAY))
    return ctx


def make_view(ctx, qtbot, permissions=CASEWORKER) -> DirectoryView:
    ctx.permissions = permissions
    view = DirectoryView(ctx)
    qtbot.addWidget(view)
    view.resize(1130, 680)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view._loaded, timeout=3000)
    return view


def choose(combo, code: str) -> None:
    combo.setCurrentIndex(combo.findData(code))


def names(view) -> list[str]:
    return [h.offer.name for h in view.hits()]


def test_a_caseworker_offline_finds_an_offer_in_arabic_near_nebra(demo, qtbot):
    view = make_view(demo, qtbot)
    choose(view.topic, "residence")
    choose(view.language, "ar")
    choose(view.place, "dez_nebra")
    best = view.hits()[0]
    assert best.offer.name == "Migrationsberatung für Erwachsene (MBE)"
    assert best.language_fit == "spoken" and best.distance_km < 1
    assert all(h.offer.topics == ["residence"] for h in view.hits())
    row = [view.model.index(0, c).data() for c in range(4)]
    assert row[1].startswith("Caritasverband") and row[2] == "auf Arabisch · 0 km"
    # The best fit is shown beside the list, with all a caseworker tells the client.
    text = view.detail.toPlainText()
    for part in ("Arabisch", "Nebra", "Öffnungszeiten", "Kosten", "Bitte mitbringen", "Geprüft am"):
        assert part in text, part
    assert "kostenlos" in text or "Kursgebühr" in text


def test_the_detail_pane_says_the_hours_in_german_and_appointment_only(ctx, qtbot):
    p = Provider(name="Diakonie")
    o = Offer(
        p.id,
        "Asylverfahrensberatung",
        topics=["residence"],
        eligibility="Asylsuchende im Verfahren",
        languages=[OfferLanguage("de"), OfferLanguage("fa", "mit Sprachmittlung nach Absprache")],
        places=[
            OfferPlace(
                name="Beratungsstelle",
                address="Markt 1",
                postal_code="06618",
                city="Naumburg (Saale)",
            )
        ],
        hours=[OfferHours("FREQ=WEEKLY;BYDAY=TU,TH", "09:00", "12:00")],
        appointment_only=True,
        accessibility="Rampe am Hintereingang",
        what_to_bring="Aufenthaltsgestattung",
        verified_on=TODAY,
        verified_by="k.koord",
    )
    offers.seed(ctx.store.engine, [p, o])
    view = make_view(ctx, qtbot)
    text = view.detail.toPlainText()
    for part in (
        "dienstags und donnerstags, 9:00–12:00 Uhr",
        "nur nach Terminvereinbarung",
        "Persisch (Farsi) (mit Sprachmittlung nach Absprache)",
        "Beratungsstelle, Markt 1, 06618 Naumburg (Saale)",
        "Asylsuchende im Verfahren",
        "Rampe am Hintereingang",
        "Aufenthaltsgestattung",
        "kostenlos",
        f"Geprüft am {TODAY:%d.%m.%Y} von k.koord",
    ):
        assert part in text, part
    assert view.model.index(0, 3).data() == "nur nach Termin"


def test_a_stale_entry_is_marked_and_ranked_below_a_fresh_one(ctx, qtbot):
    p = Provider(name="Träger")
    twins = [
        Offer(
            p.id,
            name,
            topics=["housing"],
            places=[OfferPlace(location="lra_zeitz")],
            verified_on=TODAY - dt.timedelta(days=days),
            verified_by="k.koord",
        )
        # Alphabetically the stale one would come first.
        for name, days in (("A Wohnberatung", 400), ("B Wohnberatung", 30))
    ]
    offers.seed(ctx.store.engine, [p, *twins])
    view = make_view(ctx, qtbot)
    choose(view.topic, "housing")
    assert names(view) == ["B Wohnberatung", "A Wohnberatung"]
    assert "nicht aktuell geprüft" in view.model.index(1, 2).data()
    assert "nicht aktuell geprüft" not in view.model.index(0, 2).data()
    view.table.setCurrentIndex(view.model.index(1, 0))
    assert "nicht aktuell geprüft" in view.detail.toPlainText()


def test_the_filters_narrow_and_the_words_search(demo, qtbot):
    view = make_view(demo, qtbot)
    everything = len(view.hits())
    assert everything == 35
    view.text.setText("schuldner")
    view.search(best=True)
    assert names(view) == ["Schuldner- und Insolvenzberatung"]
    view.text.clear()
    choose(view.topic, "debts")
    assert 0 < len(view.hits()) < everything
    choose(view.target_group, "eu_citizen")
    assert view.hits()  # a target group lowers, it does not hide (eligibility is judged)


def test_a_caseworker_sees_no_edit_buttons_and_cannot_open_the_dialog(demo, qtbot):
    view = make_view(demo, qtbot)
    for button in (view.new_offer, view.edit_offer, view.new_provider, view.show_inactive):
        assert not button.isVisible()
    assert view.open_offer(None) is None and view.open_provider() is None
    view.table.setFocus()
    view.table.activated.emit(view.model.index(0, 0))  # Enter on a row: read, not edit
    assert not [w for w in QApplication.topLevelWidgets() if w.objectName() == "offerDialog"]
    # Forced open anyway, the dialog refuses to save with the reason (the server would too).
    from desktop.ui.offer_dialog import OfferDialog

    dialog = OfferDialog(demo, view.directory, view.current_offer_id())
    qtbot.addWidget(dialog)
    dialog.name.setText("Umbenannt")
    dialog.save()
    assert not dialog.save_error.isHidden()
    assert "Angebotsverzeichnis pflegen" in dialog.save_error.text()
    assert "Koordination" in dialog.save_error.text()
    assert demo.store.outbox() == []


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    roles=st.sets(st.sampled_from(sorted(POLICY.roles)), max_size=2),
    units=st.sets(st.sampled_from(sorted(catalogs.load("unit").codes)), min_size=1, max_size=3),
)
def test_the_buttons_are_offered_exactly_to_whom_the_rules_let_write(ctx, qtbot, roles, units):
    """Random users against the policy as the oracle: the server's write gate for an offer."""
    if not hasattr(ctx, "_directory_view"):
        ctx._directory_view = make_view(ctx, qtbot)
    view = ctx._directory_view
    user = User("x", tuple(sorted(roles)), tuple(sorted(units)))
    ctx.permissions = Permissions(user, POLICY)
    view._offer_maintenance()
    may = POLICY.write_refusal(user, "offer", None, {"name": "x"}) is None
    assert may == (
        bool(roles & {"caseworker", "unit_lead", "coordination"}) and "coordination" in units
    )
    assert view.new_offer.isVisible() is may and view.edit_offer.isVisible() is may


def fill_new_offer(dialog, qtbot):
    choose(dialog.provider, dialog.provider.itemData(1))
    dialog.name.setText("Sprachcafé Nebra")
    dialog.topics.set_codes(["language_course"])
    dialog.languages.rows[0].code.set_code("ar")
    dialog.places.rows[0].location.set_code("dez_nebra")
    row = dialog.hours.rows[0]
    row.days[1].setChecked(True)  # Di
    row.days[3].setChecked(True)  # Do
    assert row.rule.text() == "FREQ=WEEKLY;BYDAY=TU,TH"
    assert row.said.text() == "dienstags und donnerstags, 9:00–12:00 Uhr"


def test_coordination_creates_verifies_and_deactivates_an_offer(demo, qtbot):
    view = make_view(demo, qtbot, COORDINATION)
    assert view.new_offer.isVisible() and view.edit_offer.isVisible()
    dialog = view.open_offer(None)
    qtbot.waitExposed(dialog)
    # Nothing filled: German messages from casefile.validation beside the fields.
    dialog.places.rows[0].location.set_code("")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.errors._fields["name"][1].text() == "Bitte ausfüllen."
    assert dialog.errors._fields["provider_id"][1].text() == "Bitte ausfüllen."
    assert dialog.tabs.currentIndex() == 0  # the first field in error: its tab in front
    assert "Ort Nr. 1" in dialog.errors._fields["places"][1].text()
    assert demo.store.outbox() == []
    fill_new_offer(dialog, qtbot)
    dialog.verify_today()
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    # The page follows the write (ctx.bus.changed), without a manual refresh.
    view.text.setText("Sprachcafé Nebra")
    view.search(best=True)
    [hit] = view.hits()
    o = hit.offer
    assert o.hours[0].rrule == "FREQ=WEEKLY;BYDAY=TU,TH" and o.languages[0].code == "ar"
    assert (o.verified_on, o.verified_by) == (TODAY, "a.schneider") and not hit.stale

    edit = view.open_offer(o.id)
    qtbot.waitUntil(lambda: edit.snapshot is not None, timeout=3000)
    edit.hours.rows[0].rule.setText("FREQ=MONTHLY;BYDAY=1TU")  # an expert's rule
    edit.hours.rows[0].rule.textEdited.emit("FREQ=MONTHLY;BYDAY=1TU")
    assert not any(b.isChecked() for b in edit.hours.rows[0].days)
    edit.active.setChecked(True)  # deactivate
    edit.save()
    qtbot.waitUntil(lambda: not edit.isVisible(), timeout=3000)
    view.search(best=True)
    assert view.hits() == []  # out of the search ...
    view.show_inactive.setChecked(True)
    [hit] = view.hits()  # ... and still there for the maintainers
    assert hit.offer.id == o.id and "deaktiviert" in view.model.index(0, 2).data()
    assert "jeden 1. Dienstag im Monat, 9:00–12:00 Uhr" in view.detail.toPlainText()
    assert offers.load(demo.store).offers[o.id].active is False
    assert all(e["op"] != "delete" for e in demo.store.outbox())


def test_a_bad_rule_is_refused_on_its_tab_and_nothing_typed_is_lost(demo, qtbot):
    view = make_view(demo, qtbot, COORDINATION)
    dialog = view.open_offer(None)
    fill_new_offer(dialog, qtbot)
    dialog.tabs.setCurrentIndex(0)
    dialog.hours.rows[0].rule.setText("jeden Dienstag")
    dialog.save()
    assert dialog.tabs.currentIndex() == 2  # the Zeiten tab comes to the front
    assert "Zeit Nr. 1 lässt sich nicht lesen" in dialog.errors._fields["hours"][1].text()
    assert dialog.name.text() == "Sprachcafé Nebra" and dialog.isVisible()
    dialog.hours.rows[0].days[0].setChecked(True)  # ticking a day makes a good rule again
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)


def test_a_new_provider_from_the_offer_dialog(demo, qtbot):
    view = make_view(demo, qtbot, COORDINATION)
    dialog = view.open_offer(None)
    dialog.provider_new.click()
    provider_dialog = dialog.provider_dialog
    provider_dialog.name.setText("Verein Brückenbau e. V.")
    provider_dialog.website.setText("www.example.org")
    provider_dialog.save()
    assert "https://" in provider_dialog.errors._fields["website"][1].text()
    provider_dialog.website.setText("https://www.example.org")
    provider_dialog.save()
    qtbot.waitUntil(
        lambda: dialog.provider.currentText() == "Verein Brückenbau e. V.", timeout=3000
    )


def test_a_synced_edit_shows_on_the_other_laptops_page(make_device, qtbot, qapp):
    """Two laptops against the real server: coordination edits, the caseworker's open page
    shows the new name after the next sync round (announced as the sync worker does)."""
    from desktop.settings import Settings
    from desktop.store import changes
    from desktop.ui.context import AppContext
    from desktop.ui.events import ChangeBus
    from desktop.ui.ops import Ops

    coord = make_device("coordination", user="k.koord", units=["coordination"])
    field = make_device("field", user="i.integration", units=["integration"])
    p = Provider(name="Caritas")
    o = Offer(p.id, "MBE", topics=["residence"], places=[OfferPlace(location="dez_nebra")])
    offers.save_provider(coord.store, p)
    offers.save_offer(coord.store, o)
    coord.sync()
    field.sync()
    bus = ChangeBus()
    ctx = AppContext(field.store, Ops(bus, field.store, synchronous=True), bus, Settings())
    view = make_view(ctx, qtbot)
    assert names(view) == ["MBE"]
    seen = offers.snapshot(coord.store, Offer, o.id)
    edited = seen.record
    edited.name = "MBE Nebra"
    offers.save_offer(coord.store, edited, seen)
    coord.sync()
    with changes.recording() as log:
        field.sync()
    ctx.ops.announce(log.changes("sync"))
    qtbot.waitUntil(lambda: names(view) == ["MBE Nebra"], timeout=3000)


# --- 1366x768 and the keyboard ------------------------------------------------------------


def test_the_page_fits_the_laptop_screen(demo, qtbot, screen):  # noqa: F811
    from desktop.ui.main_window import PAGE_DIRECTORY, MainWindow

    demo.permissions = COORDINATION  # the most buttons
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.nav.setCurrentRow(PAGE_DIRECTORY)
    window.showNormal()
    window.move(screen.topLeft())
    window.resize(screen.marginsRemoved(FRAME).size())
    qtbot.waitExposed(window)
    window.start()
    qtbot.waitUntil(lambda: window.directory._loaded, timeout=3000)
    assert window.minimumSizeHint().width() <= screen.width()
    assert_on_screen(window, screen)
    view = window.directory
    for part in (view.table, view.detail, view.topic, view.text, view.new_offer):
        assert part.isVisible() and part.width() > 100
    # The list shows name, provider and reasons side by side, none squeezed away.
    for column in range(3):
        assert view.table.columnWidth(column) > 100


def test_walk_find_an_offer_by_keyboard(demo, qtbot):
    """Strg+5, type-ahead in the filters, Enter into the list, arrows, Tab to the entry."""
    demo.permissions = CASEWORKER
    window = make_window(demo, qtbot)
    qtbot.waitUntil(lambda: window.directory._loaded, timeout=3000)
    view = window.directory
    kb = Keyboard(window)
    kb.press(Qt.Key.Key_5, CTRL)
    assert QApplication.focusWidget() is view.topic
    kb.pick("Auf")  # Aufenthalt
    kb.press(Qt.Key.Key_Tab)
    kb.pick("Arab")  # Arabisch
    kb.press(Qt.Key.Key_Tab)
    kb.pick("Neb")  # Nebra (Unstrut) – Dezentrale Sprechstunde ...
    assert view.need().topic == "residence" and view.need().language == "ar"
    assert view.need().location == "dez_nebra"
    kb.press(Qt.Key.Key_Tab)  # Zielgruppe
    kb.press(Qt.Key.Key_Tab)  # Stichwort
    assert QApplication.focusWidget() is view.text
    kb.press(Qt.Key.Key_Return)  # into the list, the best fit first
    assert QApplication.focusWidget() is view.table
    assert view.current_offer_id() == view.hits()[0].offer.id
    kb.press(Qt.Key.Key_Down)
    assert view.hits()[1].offer.name in view.detail.toPlainText()
    kb.press(Qt.Key.Key_Up)
    kb.press(Qt.Key.Key_Tab)  # the entry, to scroll it
    assert QApplication.focusWidget() is view.detail
    assert "Migrationsberatung für Erwachsene (MBE)" in view.detail.toPlainText()
    line = kb.report("directory: find an offer")
    assert kb.keys <= 20, line


def test_walk_coordination_verifies_an_entry_by_keyboard(demo, qtbot):
    demo.permissions = COORDINATION
    window = make_window(demo, qtbot)
    qtbot.waitUntil(lambda: window.directory._loaded, timeout=3000)
    view = window.directory
    stale = next(h for h in view.hits() if h.stale)
    kb = Keyboard(window)
    kb.press(Qt.Key.Key_5, CTRL)
    kb.press(Qt.Key.Key_W, ALT)  # Stichwort
    kb.type(stale.offer.name[:12])
    qtbot.waitUntil(lambda: view.current_offer_id() == stale.offer.id, timeout=3000)
    kb.press(Qt.Key.Key_Return)  # into the list
    kb.press(Qt.Key.Key_Return)  # Enter on the row: the maintainer edits it
    qtbot.waitUntil(
        lambda: getattr(QApplication.activeWindow(), "objectName", lambda: "")() == "offerDialog",
        timeout=3000,
    )
    dialog = QApplication.activeWindow()
    qtbot.waitUntil(lambda: dialog.snapshot is not None, timeout=3000)
    kb.press(Qt.Key.Key_Tab, CTRL)
    kb.press(Qt.Key.Key_Tab, CTRL)
    kb.press(Qt.Key.Key_Tab, CTRL)  # Kontakt und Prüfung
    assert dialog.tabs.currentIndex() == 3
    kb.press(Qt.Key.Key_G, ALT)  # Geprüft heute
    # (a button's mnemonic clicks it animated, a moment later)
    qtbot.waitUntil(lambda: dialog.verified[0] == TODAY, timeout=3000)
    kb.press(Qt.Key.Key_Return, CTRL)  # save
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    got = offers.load(demo.store).offers[stale.offer.id]
    assert got.verified_on == TODAY and got.verified_by == "a.schneider"
    line = kb.report("directory: verify an entry")
    assert kb.keys <= 10, line


def test_escape_asks_before_typed_input_is_thrown_away(demo, qtbot, questions):
    view = make_view(demo, qtbot, COORDINATION)
    dialog = view.open_offer(view.current_offer_id())
    qtbot.waitUntil(lambda: dialog.form_state is not None, timeout=3000)
    dialog.reject()  # nothing changed: closes at once
    assert not dialog.isVisible() and questions.asked == []
    dialog = view.open_offer(view.current_offer_id())
    dialog.name.setText("Umbenannt")
    dialog.reject()  # "Weiter bearbeiten" (the fixture's answer): stays open, input kept
    assert dialog.isVisible() and dialog.name.text() == "Umbenannt"
    assert questions.asked == ["Die Eingaben in diesem Formular sind noch nicht gespeichert."]
