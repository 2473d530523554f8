"""The Sprachmittlung page (issue 19, item 4): the pool of language mediators with its
vetting warnings, the mediator editor, the bookings queue where the pool's unit assigns a
mediator (warnings for vetting and relatives before confirming), the hours review queue and
the monthly allowance list (PDF, CSV) -- and who may do what, with the policy file as oracle."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tomllib

import pytest
from hypothesis import given, settings, strategies as st
from PySide6.QtCore import Qt

from casefile import catalogs, mediation
from casefile.policy import DEFAULT_POLICY, Policy
from casefile.records import (
    Client,
    HoursEntry,
    HouseholdLink,
    Mediator,
    MediatorBooking,
    MediatorLanguage,
    VettingItem,
)
from desktop import mediation_access as access
from desktop.permissions import Permissions, User
from desktop.store import mediation as pool_store
from desktop.ui.mediation_view import MediationView

TODAY = dt.date.today()


def as_user(ctx, roles, units, name="s.fischer") -> None:
    ctx.permissions = Permissions(User(name, tuple(roles), tuple(units)), Policy.load())
    ctx.settings.user_name = name


def vetted(days_left: int = 400) -> list[VettingItem]:
    return [
        VettingItem("training", TODAY - dt.timedelta(days=100)),
        VettingItem(
            "confidentiality",
            TODAY - dt.timedelta(days=300),
            TODAY + dt.timedelta(days=days_left),
        ),
    ]


def mediator(family="Haidari", given_names="Farida", lang="prs", **kw) -> Mediator:
    base = dict(
        kind="volunteer",
        languages=[MediatorLanguage(lang, "native"), MediatorLanguage("de", "fluent")],
        settings=["on_site", "phone"],
        areas=["lra_naumburg", "dez_naumburg"],
        availability="nach Absprache",
        vetting=vetted(),
    )
    base.update(kw)
    return Mediator(family, given_names, **base)


def next_week_at(hour=10) -> dt.datetime:
    day = TODAY + dt.timedelta(days=7)
    return dt.datetime.combine(day, dt.time(hour, 0)).astimezone(dt.UTC)


def request(store, client_id=None, language="prs", **kw) -> MediatorBooking:
    booking = MediatorBooking(
        language=language,
        starts_at=next_week_at(),
        unit="integration",
        client_id=client_id,
        location="lra_naumburg",
        requested_by="a.schneider",
        **kw,
    )
    pool_store.request_booking(store, booking)
    return booking


@pytest.fixture
def page(ctx, qtbot):
    def make() -> MediationView:
        view = MediationView(ctx)
        qtbot.addWidget(view)
        view.resize(1300, 700)
        view.show()
        qtbot.waitExposed(view)
        view.refresh()
        return view

    return make


def ctrl_enter(qtbot, dialog) -> None:
    """Ctrl+Enter in the dialog's focused field (the save keys need the window active)."""
    if not dialog.isActiveWindow():
        qtbot.waitExposed(dialog)
        dialog.raise_()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    qtbot.keyClick(
        dialog.focusWidget() or dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )


def cells(model, row: int) -> list[str]:
    return [model.index(row, c).data() or "" for c in range(model.columnCount())]


# --- the pool list ---------------------------------------------------------------------------


def test_the_pool_lists_languages_settings_areas_availability_and_vetting_warnings(ctx, page):
    as_user(ctx, ["caseworker"], ["volunteering"])
    pool_store.save_mediator(ctx.store, mediator())
    expired = mediator(
        "Nazari",
        "Omid",
        vetting=[
            VettingItem("training", TODAY - dt.timedelta(days=500)),
            VettingItem(
                "confidentiality", TODAY - dt.timedelta(days=760), TODAY - dt.timedelta(days=30)
            ),
        ],
        availability="Mo–Mi vormittags",
    )
    pool_store.save_mediator(ctx.store, expired)
    expiring = mediator("Rahimi", "Laila", lang="fa", vetting=vetted(days_left=10))
    pool_store.save_mediator(ctx.store, expiring)
    view = page()
    rows = {cells(view.pool_model, r)[0]: cells(view.pool_model, r) for r in range(3)}
    assert set(rows) == {"Farida Haidari", "Omid Nazari", "Laila Rahimi"}
    farida = rows["Farida Haidari"]
    assert farida[6] == catalogs.load("mediator_kind").label("volunteer")
    assert farida[1] == "Dari, Deutsch (fließend)"  # a mother tongue by its name
    assert farida[3] == "vor Ort, Telefon"
    assert "Naumburg" in farida[4]
    assert farida[2] == "vollständig"
    assert rows["Omid Nazari"][5] == "Mo–Mi vormittags"
    assert "Verschwiegenheitserklärung ist seit" in rows["Omid Nazari"][2]
    assert "abgelaufen" in rows["Omid Nazari"][2]
    assert "Verschwiegenheitserklärung läuft am" in rows["Laila Rahimi"][2]
    assert "2 mit Hinweis" in view.pool_summary.text()


def test_a_new_mediator_is_entered_by_keyboard_edited_and_deactivated(ctx, page, qtbot):
    as_user(ctx, ["caseworker"], ["volunteering"])
    view = page()
    view.tabs.setCurrentIndex(1)
    assert view.new_button.isEnabled()
    dialog = view.edit_mediator(new=True)
    assert dialog.focusWidget() is dialog.family
    qtbot.keyClicks(dialog.family, "Haidari")
    qtbot.keyClicks(dialog.given, "Farida")
    # Ctrl+Enter without a language: the German message, nothing saved
    ctrl_enter(qtbot, dialog)
    assert dialog.isVisible()
    assert "Sprache" in " ".join(
        w.text() for w in dialog.findChildren(type(dialog.form_error)) if w.isVisible()
    )
    assert pool_store.pool(ctx.store) == []
    dialog.language.set_code("prs")
    dialog.level.set_code("native")
    qtbot.keyClick(dialog.add_language, Qt.Key.Key_Space)
    dialog.settings_.set_codes(["on_site", "video"])
    dialog.areas.set_codes(["dez_zeitz"])
    qtbot.keyClicks(dialog.availability, "Di, Do nachmittags")
    done, until = dialog.vetting["confidentiality"][1:]
    done.set_value(TODAY - dt.timedelta(days=3))
    until.set_value(TODAY + dt.timedelta(days=727))
    dialog.vetting["training"][1].set_value(TODAY - dt.timedelta(days=10))
    ctrl_enter(qtbot, dialog)
    assert not dialog.isVisible()
    (saved,) = pool_store.pool(ctx.store)
    assert saved.display_name == "Farida Haidari"
    assert [(x.code, x.level) for x in saved.languages] == [("prs", "native")]
    assert saved.settings == ["on_site", "video"] and saved.areas == ["dez_zeitz"]
    assert {v.item: v.valid_until for v in saved.vetting}["confidentiality"] == (
        TODAY + dt.timedelta(days=727)
    )
    # edit: the phone number; only what changed goes to the outbox
    view.pool_table.selectRow(0)
    edit = view.edit_mediator()
    qtbot.keyClicks(edit.phone, "0157 1234567")
    ctrl_enter(qtbot, edit)
    assert pool_store.pool(ctx.store)[0].phone == "0157 1234567"
    last = ctx.store.outbox()[-1]
    assert last["kind"] == "mediator" and last["op"] == "update"
    assert set(__import__("orjson").loads(last["payload"])) == {"phone"}
    # deactivate: gone from the list (unless shown), kept in the store
    view.pool_table.selectRow(0)
    view.deactivate_button.click()
    assert pool_store.pool(ctx.store)[0].active is False
    assert view.pool_model.rowCount() == 0
    view.show_inactive.setChecked(True)
    assert "(inaktiv)" in cells(view.pool_model, 0)[0]


def test_a_caseworker_of_another_unit_is_not_offered_the_page_nor_the_editor(ctx, page):
    as_user(ctx, ["caseworker"], ["integration"], name="a.schneider")
    view = page()
    assert not view.available()
    assert view.edit_mediator(new=True) is None
    # coordination reads the pool (share without write): the page, but no editor
    as_user(ctx, ["coordination"], ["coordination"], name="k.wagner")
    assert view.available()
    assert not access.keeps_pool(ctx.permissions)


# --- the bookings queue ------------------------------------------------------------------------


def test_assigning_a_mediator_whose_declaration_expired_names_it_and_asks_to_confirm(
    ctx, page, qtbot
):
    as_user(ctx, ["caseworker"], ["volunteering"])
    expired = mediator(
        vetting=[
            VettingItem("training", TODAY - dt.timedelta(days=500)),
            VettingItem(
                "confidentiality", TODAY - dt.timedelta(days=760), TODAY - dt.timedelta(days=30)
            ),
        ]
    )
    pool_store.save_mediator(ctx.store, expired)
    pool_store.save_mediator(ctx.store, mediator("Karimi", "Sadiq", lang="ps"))  # Pashto only
    booking = request(ctx.store)
    view = page()
    assert view.booking_model.rowCount() == 1
    assert cells(view.booking_model, 0)[6] == "angefragt"
    view.booking_table.setFocus()
    view.booking_table.selectRow(0)
    assert view.assign_button.isEnabled()
    qtbot.keyClick(view.booking_table, Qt.Key.Key_Return)
    dialog = view.assign_dialog
    names = [
        dialog.mediators.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(dialog.mediators.count())
    ]
    # only who speaks Dari; no "request only" line when assigning
    assert [c.mediator.display_name for c in names if c] == ["Farida Haidari"]
    assert dialog.choose(expired.id)
    expiry = (TODAY - dt.timedelta(days=30)).strftime("%d.%m.%Y")
    assert dialog.warnings.isVisibleTo(dialog)
    assert f"Verschwiegenheitserklärung ist seit {expiry} abgelaufen" in dialog.warnings.text()
    ctrl_enter(qtbot, dialog)
    assert dialog.isVisible()  # not booked before the warning is confirmed
    assert "trotzdem buchen" in dialog.form_error.text()
    assert pool_store.get_booking(ctx.store, booking.id).status == "requested"
    dialog.confirm.setChecked(True)
    ctrl_enter(qtbot, dialog)
    stored = pool_store.get_booking(ctx.store, booking.id)
    assert stored.status == "booked"
    assert stored.mediator_id == expired.id and stored.mediator_name == "Farida Haidari"
    assert cells(view.booking_model, 0)[6] == "gebucht"
    assert cells(view.booking_model, 0)[7] == "Farida Haidari"


def test_a_mediator_of_the_clients_household_is_warned_about(ctx, page):
    as_user(ctx, ["caseworker"], ["volunteering"])
    client = Client("Ahmadi", "Zahra", dt.date(1990, 1, 1))
    cousin = Client("Sultani", "Mariam", dt.date(1988, 5, 5))
    ctx.store.create_client(client)
    ctx.store.create_client(cousin)
    ctx.store.add_household_link(HouseholdLink(client.id, cousin.id, "sibling"))
    relative = mediator("Sultani", "Mariam", own_client_id=cousin.id)
    stranger = mediator("Haidari", "Farida")
    for m in (relative, stranger):
        pool_store.save_mediator(ctx.store, m)
    booking = request(ctx.store, client.id)
    found = {c.mediator.id: c for c in pool_store.candidates(ctx.store, booking)}
    assert [w.code for w in found[relative.id].warnings] == ["relative"]
    assert "Haushalt oder zur Familie" in found[relative.id].warnings[0].text
    assert found[stranger.id].warnings == []
    # the stranger without warnings comes first
    assert pool_store.candidates(ctx.store, booking)[0].mediator.id == stranger.id
    view = page()
    view.booking_table.selectRow(0)
    dialog = view.assign()
    assert dialog.choose(relative.id)
    assert "Haushalt oder zur Familie" in dialog.warnings.text()
    assert dialog.confirm.isVisibleTo(dialog)


def test_candidates_fit_setting_place_time_and_are_not_booked_twice(ctx):
    busy = mediator("Haidari", "Farida")
    phone_only = mediator("Nazari", "Omid", settings=["phone"])
    mornings = mediator("Rahimi", "Laila", availability="vormittags")
    elsewhere = mediator("Karimi", "Sadiq", areas=["dez_zeitz"])
    for m in (busy, phone_only, mornings, elsewhere):
        pool_store.save_mediator(ctx.store, m)
    taken = request(ctx.store)
    pool_store.assign(ctx.store, taken.id, busy)
    afternoon = MediatorBooking(
        language="prs",
        starts_at=next_week_at(10) + dt.timedelta(minutes=30),  # overlaps the first
        unit="integration",
        location="lra_naumburg",
    )
    names = {c.mediator.display_name for c in pool_store.candidates(ctx.store, afternoon)}
    assert names == {"Laila Rahimi"}  # 10:30: mornings fit; Naumburg; on site
    afternoon.starts_at = next_week_at(15)
    names = {c.mediator.display_name for c in pool_store.candidates(ctx.store, afternoon)}
    assert names == {"Farida Haidari"}  # free again, the morning-only one not
    afternoon.setting = "phone"
    names = {c.mediator.display_name for c in pool_store.candidates(ctx.store, afternoon)}
    assert names == {"Farida Haidari", "Omid Nazari", "Sadiq Karimi"}  # no travel: any area


def test_a_request_is_cancelled_and_a_booking_marked_no_show(ctx, page):
    as_user(ctx, ["caseworker"], ["volunteering"])
    m = mediator()
    pool_store.save_mediator(ctx.store, m)
    first, second = request(ctx.store), request(ctx.store)
    pool_store.assign(ctx.store, second.id, m)
    view = page()
    rows = {
        view.booking_model.index(r, 0).data(Qt.ItemDataRole.UserRole).booking.id: r
        for r in range(2)
    }
    view.booking_table.selectRow(rows[first.id])
    assert view.cancel_button.isEnabled() and not view.no_show_button.isEnabled()
    view.cancel_button.click()
    assert pool_store.get_booking(ctx.store, first.id).status == "cancelled"
    view.booking_table.selectRow(0)
    assert view.no_show_button.isEnabled()
    view.no_show_button.click()
    assert pool_store.get_booking(ctx.store, second.id).status == "no_show"
    assert view.booking_model.rowCount() == 0  # neither is open any more
    with pytest.raises(pool_store.StaleBooking):
        pool_store.set_status(ctx.store, second.id, "cancelled")


# --- hours: review, pay, the monthly list ----------------------------------------------------


def hours(m: Mediator, day: dt.date, minutes: int, km: float) -> HoursEntry:
    return HoursEntry(
        mediator_id=m.id,
        worked_on=day,
        minutes=minutes,
        unit="integration",
        km=km,
        allowance_cents=mediation.allowance_cents(m.kind, minutes, km),
    )


def add_hours(ctx, entry: HoursEntry) -> None:
    from casefile import codec
    from desktop.store import schema as t

    with ctx.store.engine.begin() as conn:
        ctx.store._insert(conn, t.hours_entry, "hours_entry", codec.encode(entry))


def test_hours_are_reviewed_then_paid_and_the_monthly_list_sums_per_person(
    ctx, page, tmp_path, qtbot
):
    as_user(ctx, ["caseworker"], ["volunteering"])
    farida, omid = mediator(), mediator("Nazari", "Omid", kind="professional")
    for m in (farida, omid):
        pool_store.save_mediator(ctx.store, m)
    first = TODAY.replace(day=1)
    entries = [
        hours(farida, first, 50, 12),  # 60 min billed: 15,00 + 3,60
        hours(farida, first + dt.timedelta(days=1), 20, 0),  # 30 min: 7,50
        hours(omid, first, 45, 0),  # professional 45 €/h: 33,75
    ]
    for e in entries:
        add_hours(ctx, e)
    view = page()
    view.tabs.setCurrentIndex(2)
    assert view.hours_model.rowCount() == 3
    assert view.list_model.rowCount() == 0  # nothing reviewed yet
    for row in range(3):
        view.hours_table.selectRow(row)
        assert view.review_button.isEnabled() and not view.pay_button.isEnabled()
        view.review_button.click()
    assert {r.entry.status for r in pool_store.hours(ctx.store)} == {"reviewed"}
    assert {r.entry.reviewed_by for r in pool_store.hours(ctx.store)} == {"s.fischer"}
    view.hours_table.selectRow(0)
    view.pay_button.click()
    paid = [r.entry for r in pool_store.hours(ctx.store) if r.entry.status == "paid"]
    assert len(paid) == 1 and paid[0].paid_on == TODAY
    lines = {cells(view.list_model, r)[0]: cells(view.list_model, r) for r in range(2)}
    assert lines["Farida Haidari"][2] == "2" and lines["Farida Haidari"][5] == "26,10 €"
    assert lines["Omid Nazari"][5] == "33,75 €"
    assert "59,85 €" in view.list_title.text()

    with qtbot.waitSignal(view.exported, timeout=10_000) as written:
        view.export("pdf", tmp_path / "liste.pdf")
    pdf = written.args[0]
    assert pdf.read_bytes().startswith(b"%PDF")
    with qtbot.waitSignal(view.exported, timeout=10_000) as written:
        view.export("csv", tmp_path / "liste.csv")
    csv_path = written.args[0]
    rows = list(csv.reader(io.StringIO(csv_path.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(mediation.CSV_HEADER)
    month = first.strftime("%Y-%m")
    by_name = {r[1]: r for r in rows[1:-1]}
    assert by_name["Farida Haidari"][0] == month
    assert by_name["Farida Haidari"][4:] == ["70", "12,0", "26,10"]
    assert by_name["Omid Nazari"][4:] == ["45", "0,0", "33,75"]
    assert rows[-1][0] == "Summe" and rows[-1][-1] == "59,85"


def test_the_allowance_pdf_text_is_german_with_totals(tmp_path):
    lines = mediation.monthly_allowances(
        [
            HoursEntry("m1", dt.date(2026, 11, 3), 50, "integration", 12.0, 1860),
            HoursEntry("m1", dt.date(2026, 11, 17), 90, "integration", 0.0, 2250),
        ],
        {"m1": "Farida Haidari"},
    )
    from desktop import allowance_print

    text = allowance_print.allowance_html(lines, "2026-11", dt.date(2026, 12, 1))
    assert "November 2026" in text and "Farida Haidari" in text
    assert "03.11., 17.11." in text and "41,10 €" in text and "Summe" in text
    assert "15,00 €/h + 0,30 €/km" in text


# --- who may: the policy file as oracle --------------------------------------------------------

UNITS = sorted(catalogs.load("unit").codes)
POLICY = tomllib.loads(DEFAULT_POLICY.read_text(encoding="utf-8"))
ROLES = sorted(POLICY["roles"])


def oracle_may_write(kind: str, roles, units, owner: str | None) -> bool:
    """From the file alone: a role with "sections", and a unit that owns the record or a
    [[share]] with write = true for its category."""
    caps = {c for r in roles for c in POLICY["roles"].get(r, [])}
    if "sections" not in caps:
        return False
    category = POLICY["kinds"][kind]
    rule = POLICY["owner"][kind]
    owning = owner if rule.startswith("field:") else rule
    writers = {
        s["unit"] for s in POLICY.get("share", []) if s["category"] == category and s.get("write")
    }
    return owning in units or bool(writers & set(units))


def oracle_may_read(kind: str, roles, units, owner: str | None) -> bool:
    caps = {c for r in roles for c in POLICY["roles"].get(r, [])}
    if "sections" not in caps:
        return False
    category = POLICY["kinds"][kind]
    rule = POLICY["owner"][kind]
    owning = owner if rule.startswith("field:") else rule
    readers = {s["unit"] for s in POLICY.get("share", []) if s["category"] == category}
    return owning in units or bool(readers & set(units))


@settings(max_examples=150, deadline=None)
@given(
    roles=st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True),
    units=st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True),
    owner=st.sampled_from(UNITS),
    status=st.sampled_from(["booked", "cancelled", "no_show"]),
)
def test_who_may_write_bookings_hours_and_mediators_follows_the_policy_file(
    roles, units, owner, status
):
    rules = Permissions(User("x", tuple(roles), tuple(units)), Policy.load())
    booking = MediatorBooking(
        language="prs", starts_at=next_week_at(), unit=owner, location="lra_naumburg"
    )
    entry = HoursEntry("m1", TODAY, 60, owner, 0.0, 1500)
    # asking for a mediator for the owning unit
    assert access.may_request(rules, owner) == oracle_may_write(
        "mediator_booking", roles, units, owner
    )
    # working a booking of that unit (assign, cancel, no-show)
    after = MediatorBooking(**{**booking.__dict__, "status": status, "mediator_id": "m1"})
    assert access.may_change(rules, "mediator_booking", booking, after) == oracle_may_write(
        "mediator_booking", roles, units, owner
    )
    # booking directly takes seeing the pool as well
    assert access.may_book(rules, booking) == (
        oracle_may_write("mediator_booking", roles, units, owner)
        and oracle_may_read("mediator", roles, units, None)
    )
    # hours: recorded by the unit, reviewed and paid by the pool's unit
    reviewed = HoursEntry(**{**entry.__dict__, "status": "reviewed", "reviewed_by": "x"})
    assert access.may_change(rules, "hours_entry", None, entry) == oracle_may_write(
        "hours_entry", roles, units, owner
    )
    # the review is the pool keepers' (a [[share]] with write = true), never the asking
    # unit's own: the policy file's comment on the share
    keepers = {
        s["unit"]
        for s in POLICY.get("share", [])
        if s["category"] == "volunteers" and s.get("write")
    }
    caps = {c for r in roles for c in POLICY["roles"].get(r, [])}
    may_review = oracle_may_write("hours_entry", roles, units, owner) and (
        not keepers or ("sections" in caps and bool(keepers & set(units)))
    )
    assert access.may_change(rules, "hours_entry", entry, reviewed) == may_review
    # the pool itself
    assert access.keeps_pool(rules) == oracle_may_write("mediator", roles, units, None)
    assert access.sees_pool(rules) == oracle_may_read("mediator", roles, units, None)
