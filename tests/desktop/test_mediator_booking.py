"""Booking a language mediator (issue 19, item 4): from the consultation form and from a
walk-in ticket, requested by the asking unit, booked by the pool's unit (which alone sees the
pool), and the hours logged from the consultation held with the mediator."""

from __future__ import annotations

import datetime as dt

import pytest

from casefile.records import Client, LanguageSkill, Mediator, MediatorLanguage, VettingItem
from desktop import permissions
from desktop.settings import Settings
from desktop.store import mediation as pool_store, tickets
from desktop.ui.booking_dialog import BookingDialog
from desktop.ui.consultation_form import ConsultationDialog
from desktop.ui.context import AppContext
from desktop.ui.events import ChangeBus
from desktop.ui.mediation_view import MediationView
from desktop.ui.ops import Ops
from desktop.ui.queue_panel import QueuePanel
from tests.desktop.test_mediator_pool import (
    TODAY,
    as_user,
    ctrl_enter,
    mediator,
    request,
)


def desk(dev, user: str, unit: str) -> AppContext:
    """The context of one user's laptop (its registration's roles and units, the rules the
    last sync kept)."""
    bus = ChangeBus()
    return AppContext(
        store=dev.store,
        ops=Ops(bus, dev.store, synchronous=True),
        bus=bus,
        settings=Settings(user_name=user, unit=unit, location="lra_naumburg"),
        permissions=permissions.load(dev.store.engine),
    )


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def test_a_caseworker_asks_for_a_dari_mediator_the_pool_books_one_and_the_hours_follow(
    make_device, qtbot
):
    """The issue's walk: an integration caseworker asks from a consultation for a Dari
    mediator next week (requested); the volunteering unit assigns one (booked); the caseworker
    sees the mediator's name, never the pool; the consultation held with her logs the hours
    and the server takes her name (the name directory follows the pool)."""
    cw_dev = make_device("cw-laptop", user="a.schneider", units=["integration"])
    pool_dev = make_device("pool-pc", user="s.fischer", units=["volunteering"])
    farida = Mediator(
        "Haidari",
        "Farida",
        languages=[MediatorLanguage("prs", "native"), MediatorLanguage("de", "fluent")],
        settings=["on_site", "phone"],
        areas=["lra_naumburg"],
        vetting=[
            VettingItem("training", TODAY - dt.timedelta(days=90)),
            VettingItem(
                "confidentiality", TODAY - dt.timedelta(days=90), TODAY + dt.timedelta(days=640)
            ),
        ],
    )
    pool_store.save_mediator(pool_dev.store, farida)
    pool_dev.sync()
    client = Client("Ahmadi", "Zahra", dt.date(1991, 4, 2), languages=[LanguageSkill("prs", True)])
    cw_dev.store.create_client(client)
    cw_dev.sync()
    cw = desk(cw_dev, "a.schneider", "integration")

    # 1. the caseworker asks, from the consultation form (Dari from the file, next week)
    form = shown(
        qtbot, ConsultationDialog(cw, client.id, "Ahmadi, Zahra", languages=client.languages)
    )
    dialog = form.ask_for_mediator()
    assert isinstance(dialog, BookingDialog)
    assert dialog.language.code() == "prs"
    day = dialog.starts_at.dateTime().toPython().date()
    assert 7 <= (day - TODAY).days <= 9 and day.weekday() < 5  # next week, a working day
    assert dialog.unit.code() == "integration"
    assert not dialog.pool_box.isVisibleTo(dialog)  # the caseworker does not see the pool
    assert "Sprachmittlerpool" in dialog.hint.text()
    assert dialog.save_button.text() == "Anfragen"
    ctrl_enter(qtbot, dialog)
    (row,) = pool_store.bookings(cw_dev.store)
    assert row.booking.status == "requested" and row.booking.requested_by == "a.schneider"
    assert row.booking.unit == "integration" and row.booking.mediator_id is None
    form.reject()
    cw_dev.sync()

    # 2. the volunteering unit sees the request and books Farida
    pool_dev.sync()
    pool = desk(pool_dev, "s.fischer", "volunteering")
    page = MediationView(pool)
    page.resize(1300, 700)
    shown(qtbot, page)
    assert page.available()
    page.refresh()
    assert page.booking_model.rowCount() == 1
    assert page.booking_model.index(0, 5).data() == "Ahmadi, Zahra"
    page.booking_table.selectRow(0)
    assign = page.assign()
    assert assign.choose(farida.id) and assign.warning_texts() == []
    ctrl_enter(qtbot, assign)
    assert pool_store.bookings(pool_dev.store)[0].booking.status == "booked"
    pool_dev.sync()

    # 3. the caseworker sees who comes, not the pool
    cw_dev.sync()
    (row,) = pool_store.bookings(cw_dev.store)
    assert row.booking.status == "booked" and row.booking.mediator_name == "Farida Haidari"
    assert pool_store.pool(cw_dev.store) == []
    assert not MediationView(cw).available()

    # 4. the consultation held with her: the real duration, 12 km -> the hours entry
    cw.permissions = permissions.load(cw_dev.store.engine)
    form = shown(
        qtbot,
        ConsultationDialog(
            cw, client.id, "Ahmadi, Zahra", languages=client.languages, booking_id=row.booking.id
        ),
    )
    assert form.booking.booking_id() == row.booking.id
    assert form.mediator_used.isChecked() and form.mediator_name.name() == "Farida Haidari"
    form.duration.setValue(50)
    form.km.setValue(12)
    form.topics.set_codes(["housing"])
    form.note.setPlainText("Wohnungssuche mit Sprachmittlung.")
    form.save()
    assert not form.isVisible()
    (entry,) = [r.entry for r in pool_store.hours(cw_dev.store)]
    assert entry.minutes == 50 and entry.km == 12.0
    assert entry.allowance_cents == 1500 + 360  # an hour started (quarter hours) + 12 km
    assert entry.mediator_id == farida.id and entry.unit == "integration"
    assert entry.status == "recorded" and entry.booking_id == row.booking.id
    assert pool_store.get_booking(cw_dev.store, row.booking.id).status == "done"
    report = cw_dev.sync()
    from desktop.sync import state

    assert state.rejections(cw_dev.store.engine) == [], report
    # the pool's unit reviews the entry
    pool_dev.sync()
    assert [r.entry.id for r in pool_store.hours(pool_dev.store)] == [entry.id]


def test_a_user_who_sees_the_pool_books_directly_with_the_warnings(ctx, client_id, qtbot):
    as_user(ctx, ["caseworker"], ["volunteering"])
    expired = mediator(
        "Sultani",
        "Mariam",
        lang="ar",
        vetting=[
            VettingItem("training", TODAY - dt.timedelta(days=400)),
            VettingItem(
                "confidentiality", TODAY - dt.timedelta(days=800), TODAY - dt.timedelta(days=70)
            ),
        ],
    )
    pool_store.save_mediator(ctx.store, expired)
    dialog = BookingDialog(
        ctx, client_id=client_id, client_name="Haddad, Samira", language="ar", unit="volunteering"
    )
    shown(qtbot, dialog)
    assert dialog.pool_box.isVisibleTo(dialog)
    assert dialog.chosen() is None  # the first line: request only
    assert dialog.choose(expired.id)
    assert "Verschwiegenheitserklärung ist seit" in dialog.warnings.text()
    assert dialog.save_button.text() == "Buchen"
    dialog.confirm.setChecked(True)
    ctrl_enter(qtbot, dialog)
    (row,) = pool_store.bookings(ctx.store)
    assert row.booking.status == "booked" and row.booking.mediator_name == "Mariam Sultani"


def test_a_walk_in_ticket_asks_for_a_mediator_with_its_language_and_place(ctx, qtbot):
    as_user(ctx, ["caseworker"], ["integration"], name="a.schneider")
    tickets.set_prefix(ctx.store, "B")
    ticket = tickets.issue(
        ctx.store,
        location="lra_naumburg",
        concern="housing",
        unit="integration",
        staff="n.schulz",
        language="prs",
        interpreter=True,
    )
    panel = QueuePanel(ctx)
    panel.resize(560, 640)
    shown(qtbot, panel)
    panel.refresh()
    panel.table.selectRow(0)
    assert panel.current().ticket.id == ticket.id
    assert panel.actions_["mediator"].isEnabled()
    dialog = panel.ask_for_mediator()
    assert dialog.language.code() == "prs"
    assert dialog.location.code() == "lra_naumburg"
    assert dialog.unit.code() == "integration"
    assert "ohne Akte" in dialog.who.text()
    ctrl_enter(qtbot, dialog)
    (row,) = pool_store.bookings(ctx.store)
    assert row.booking.ticket_id == ticket.id and row.booking.client_id is None
    assert row.booking.status == "requested"
    assert "Sprachmittlung angefragt" in panel.message.text()


def test_reception_may_not_ask_for_a_mediator(ctx, qtbot):
    """Reception works the queue but records no unit's section: no booking of its own."""
    as_user(ctx, ["caseworker"], ["integration"], name="a.schneider")
    tickets.set_prefix(ctx.store, "B")
    tickets.issue(
        ctx.store, location="lra_naumburg", concern="housing", unit="integration", staff="n.schulz"
    )
    panel = QueuePanel(ctx)
    shown(qtbot, panel)
    panel.refresh()
    panel.table.selectRow(0)
    as_user(ctx, ["reception"], ["reception"], name="n.schulz")
    assert panel.ask_for_mediator() is None
    assert "keine Sprachmittlung" in panel.message.text()
    assert pool_store.bookings(ctx.store) == []


def test_the_form_offers_the_clients_open_booking_and_a_cancelled_one_is_not_offered(
    ctx, client_id, qtbot
):
    m = mediator(lang="ar")
    pool_store.save_mediator(ctx.store, m)
    booked, other = request(ctx.store, client_id, "ar"), request(ctx.store, client_id, "ar")
    waiting = request(ctx.store, client_id, "ar")
    pool_store.assign(ctx.store, booked.id, m)
    pool_store.set_status(ctx.store, other.id, "cancelled")
    form = shown(qtbot, ConsultationDialog(ctx, client_id, "Haddad, Samira"))
    offered = [form.booking.itemData(i) for i in range(form.booking.count())]
    assert set(offered) == {"", booked.id, waiting.id}  # not the cancelled one
    # the request still waiting for the pool is shown ("angefragt"), not chosen
    row = offered.index(waiting.id)
    assert "angefragt" in form.booking.itemText(row)
    assert not form.booking.model().item(row).isEnabled()
    form.booking.set_booking_id(waiting.id)
    assert form.booking.booking_id() == ""
    assert form.booking.booking_id() == ""  # not chosen unless the user picks it
    form.booking.set_booking_id(booked.id)
    assert form.mediator_name.name() == "Farida Haidari" and form.km.isEnabled()
    # a booking another laptop finished meanwhile: the save is refused, the form stays
    pool_store.set_status(ctx.store, booked.id, "no_show")
    form.topics.set_codes(["housing"])
    form.save()
    assert form.isVisible()
    assert "nicht mehr offen" in form.form_error.text()
    assert pool_store.hours(ctx.store) == []


def test_a_booking_without_a_language_is_refused_in_german_and_nothing_is_saved(ctx, qtbot):
    as_user(ctx, ["caseworker"], ["integration"], name="a.schneider")
    dialog = shown(qtbot, BookingDialog(ctx, language="", unit="integration"))
    dialog.duration.setValue(15)
    dialog.language.setCurrentIndex(-1)
    ctrl_enter(qtbot, dialog)
    assert dialog.isVisible()
    shown_errors = [w.text() for w in dialog.findChildren(type(dialog.form_error)) if w.isVisible()]
    assert shown_errors and all(text.strip() for text in shown_errors)
    assert pool_store.bookings(ctx.store) == []


@pytest.mark.parametrize("minutes,km,cents", [(50, 12, 1860), (15, 0, 375), (61, 0.5, 1890)])
def test_the_allowance_counts_started_quarter_hours_and_kilometres(minutes, km, cents):
    from casefile.mediation import allowance_cents

    assert allowance_cents("volunteer", minutes, km) == cents


def test_the_asking_unit_cancels_its_request_and_marks_a_no_show(ctx, client_id, qtbot):
    """Where the asking unit asks for a mediator it also sees what is still open for the
    person, and cancels a request or records that the client did not come."""
    as_user(ctx, ["caseworker"], ["integration"], name="a.schneider")
    m = mediator(lang="ar")
    pool_store.save_mediator(ctx.store, m)  # (as a sync of the pool's unit left it)
    waiting = request(ctx.store, client_id, "ar")
    booked = request(ctx.store, client_id, "ar")
    pool_store.assign(ctx.store, booked.id, m)
    request(ctx.store, None, "ar")  # someone else's: not shown
    dialog = shown(
        qtbot,
        BookingDialog(ctx, client_id=client_id, client_name="Haddad, Samira", language="ar"),
    )
    assert dialog.open_box.isVisibleTo(dialog)
    shown_ids = [dialog.open_list.item(i).data(256).id for i in range(dialog.open_list.count())]
    assert sorted(shown_ids) == sorted([waiting.id, booked.id])
    dialog.open_list.setCurrentRow(shown_ids.index(waiting.id))
    assert dialog.cancel_open.isEnabled() and not dialog.no_show_open.isEnabled()
    dialog.cancel_open.click()
    assert pool_store.get_booking(ctx.store, waiting.id).status == "cancelled"
    assert dialog.open_list.count() == 1
    dialog.open_list.setCurrentRow(0)
    assert dialog.no_show_open.isEnabled()
    dialog.no_show_open.click()
    assert pool_store.get_booking(ctx.store, booked.id).status == "no_show"
    assert not dialog.open_box.isVisibleTo(dialog)
    # another unit's caseworker may not change the integration unit's bookings
    again = request(ctx.store, client_id, "ar")
    as_user(ctx, ["caseworker"], ["jobcenter"], name="j.weber")
    other = shown(qtbot, BookingDialog(ctx, client_id=client_id, language="ar"))
    assert [other.open_list.item(0).data(256).id] == [again.id]
    assert not other.cancel_open.isEnabled()
