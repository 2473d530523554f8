"""Verweisung on the laptop (issue 19, item 2): from the consultation and from the client file,
the consent check before anything is saved, a follow-up to check the outcome, the card opened
to record the outcome -- by another unit's user -- and a pulled change under the open dialog.

Written from the issue: an offer from the directory ranked for the client's need (topic,
language, place), a unit under the roof, or an external body; ``contact_by`` agency to a body
outside the roof needs an active consent naming it (master data), else a German refusal and
nothing leaves the laptop; a Wiedervorlage in 14 days for the referring caseworker.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import insert

from casefile import codec
from casefile.records import Consent, Referral
from demodata.offers import directory
from desktop.settings import Settings
from desktop.store import referrals as referral_store, schema as t
from desktop.store.changes import Changes
from desktop.ui.context import AppContext
from desktop.ui.events import ChangeBus
from desktop.ui.ops import Ops
from desktop.ui.referral_dialog import ReferralDialog
from desktop.ui.referral_outcome import ReferralOutcomeDialog
from tests.desktop.harness import new_client

TODAY = dt.date.today()
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def put_directory(store) -> list:
    """The demo directory in the laptop's store, as a pull leaves it (no outbox)."""
    records = directory(TODAY)
    with store.engine.begin() as conn:
        for r in records:
            table = t.provider if codec.kind_of(r) == "provider" else t.offer
            conn.execute(insert(table).values(**codec.encode(r), created_at="2026-01-01T00:00:00Z"))
    return records


def provider_of(records, offer):
    return next(r for r in records if r.id == offer.provider_id)


def outbox_kinds(store) -> list[str]:
    return [op["kind"] for op in store.outbox()]


def test_from_the_file_the_need_ranks_the_directory_and_explains_each_hit(
    ctx, client_id, qtbot, open_file
):
    put_directory(ctx.store)
    view = open_file(client_id)
    assert view.referral_button.isVisible() and view.referral_button.isEnabled()
    dialog = view.new_referral()
    qtbot.addWidget(dialog)
    assert dialog.language.code() == "ar"  # the client's language with interpreter need
    dialog.topic.set_code("language_course")
    assert dialog.hits.rowCount() > 0
    first = dialog.hits_shown[0]
    assert "language_course" in first.offer.topics
    assert dialog.hits.item(0, 0).text() == first.offer.name
    assert any(r.startswith(("auf Arabisch", "nicht auf", "Arabisch:")) for r in first.reasons), (
        first.reasons
    )  # the reasons say why the hit ranks where it does
    assert first.reasons[0] in dialog.hits.item(0, 2).text()


def test_a_referral_from_the_file_is_saved_with_its_follow_up(ctx, client_id, qtbot, open_file):
    put_directory(ctx.store)
    view = open_file(client_id)
    dialog = view.new_referral()
    qtbot.addWidget(dialog)
    dialog.topic.set_code("language_course")
    offer = dialog.selected_offer()
    qtbot.keyClicks(dialog.reason, "Integrationskurs B1")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    referral = next(e.record for e in ctx.store.timeline(client_id) if e.kind == "referral")
    assert (referral.target_kind, referral.offer_id, referral.target) == (
        "offer",
        offer.id,
        offer.name,
    )
    assert (referral.contact_by, referral.status, referral.reason) == (
        "client",
        "proposed",
        "Integrationskurs B1",
    )
    assert (referral.referred_by, referral.referring_unit, referral.language) == (
        "a.schneider",
        "integration",
        "ar",
    )
    task = next(e.record for e in ctx.store.timeline(client_id) if e.kind == "task")
    assert task.due_date == TODAY + dt.timedelta(days=14)
    assert (task.assignee, task.assignee_unit) == ("a.schneider", "integration")
    assert offer.name in task.text
    assert outbox_kinds(ctx.store)[-2:] == ["referral", "task"]


def test_passing_data_outside_the_roof_without_consent_is_refused_before_saving(
    ctx, client_id, qtbot
):
    records = put_directory(ctx.store)
    dialog = ReferralDialog(ctx, client_id, "Haddad, Samira", topics=["debts"])
    qtbot.addWidget(dialog)
    dialog.show()
    offer = dialog.selected_offer()
    provider = provider_of(records, offer)
    assert not provider.unit  # an association, outside the roof
    dialog.reason.setText("Schulden beim Energieversorger")
    dialog.by_agency.setChecked(True)
    expected = f"Für die Weitergabe an „{provider.name}“ fehlt eine Einwilligung der Person."
    assert expected in dialog.consent_note.text()  # said at once, before saving
    assert not dialog.consent.isEnabled()
    before = ctx.store.outbox_count()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.form_error.isVisible() and "Nicht gespeichert" in dialog.form_error.text()
    assert expected in dialog.consent_note.text()
    assert ctx.store.outbox_count() == before  # nothing leaves the laptop
    assert not [e for e in ctx.store.timeline(client_id) if e.kind == "referral"]
    # the store refuses it too, whoever asks
    ref, _offer, _provider = dialog.build()
    with pytest.raises(referral_store.ReferralRefused):
        referral_store.add(ctx.store, ref)

    # with the client's consent naming the provider (other spelling), it is offered and saved
    consent = Consent(
        client_id,
        [f"  {provider.name.upper()} "],
        ["master_data"],
        "Verweisung",
        TODAY - dt.timedelta(days=2),
        form_reference="EV-7",
    )
    ctx.store.add_consent(consent)
    ctx.store.add_consent(Consent(client_id, ["AWO"], ["master_data"], "x", TODAY))  # not it
    dialog.data.consents = referral_store.context(ctx.store, client_id).consents
    dialog._target_changed()
    assert dialog.consent.isEnabled() and dialog.consent.count() == 1
    assert dialog.consent.currentData() == consent.id
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = next(e.record for e in ctx.store.timeline(client_id) if e.kind == "referral")
    assert (saved.contact_by, saved.consent_id) == ("agency", consent.id)


def test_the_slip_of_the_chosen_offer_is_printed_in_the_clients_language_off_the_ui_thread(
    ctx, client_id, qtbot, monkeypatch
):
    """Issue 19: "a referral slip PDF in German and the client's language"; the PDF is written
    on a worker of the operation layer (the UI never waits for a file) and then opened."""
    import shutil
    import subprocess

    from desktop.ui import referral_dialog

    opened = []
    monkeypatch.setattr(
        referral_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url) or True
    )
    put_directory(ctx.store)
    dialog = ReferralDialog(ctx, client_id, "Haddad, Samira", topics=["debts"])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.selected_offer() is not None, timeout=5000)
    assert dialog.slip_button.isEnabled()
    offer = dialog.selected_offer()
    with qtbot.waitSignal(dialog.slip_written, timeout=20_000) as written:
        qtbot.mouseClick(dialog.slip_button, Qt.MouseButton.LeftButton)
    pdf = written.args[0]
    assert pdf.read_bytes().startswith(b"%PDF") and len(opened) == 1
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert offer.name in text and "Verweisung" in text
        assert any("\u0600" <= ch <= "\u06ff" for ch in text)  # the client's Arabic


def test_the_client_going_alone_or_a_unit_needs_no_consent(ctx, client_id, qtbot):
    dialog = ReferralDialog(ctx, client_id, "Haddad, Samira")
    qtbot.addWidget(dialog)
    dialog.kind_radios["external"].setChecked(True)
    dialog.external.setText("Diakonie Zeitz")
    dialog.reason.setText("Kleiderkammer")
    assert "Keine Einwilligung nötig" in dialog.consent_note.text()
    dialog.by_agency.setChecked(True)
    assert "„Diakonie Zeitz“ fehlt eine Einwilligung" in dialog.consent_note.text()
    dialog.kind_radios["unit"].setChecked(True)
    dialog.unit.set_code("jobcenter")
    assert "Keine Einwilligung nötig" in dialog.consent_note.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = next(e.record for e in ctx.store.timeline(client_id) if e.kind == "referral")
    assert (saved.target_kind, saved.unit, saved.contact_by) == ("unit", "jobcenter", "agency")


def test_from_the_consultation_the_referral_is_saved_with_it(ctx, client_id, qtbot):
    from desktop.ui.consultation_form import ConsultationDialog

    put_directory(ctx.store)
    form = ConsultationDialog(ctx, client_id, "Haddad, Samira")
    qtbot.addWidget(form)
    form.show()
    form.topics.set_codes(["work"])
    form.location.set_code("lra_zeitz")
    form.note.setPlainText("Sucht Arbeit, hat Berufserfahrung als Elektriker.")
    dialog = form.open_referral()
    assert (dialog.topic.code(), dialog.location.code()) == ("work", "lra_zeitz")
    assert dialog.hits.rowCount() > 0 and all("work" in h.offer.topics for h in dialog.hits_shown)
    dialog.reason.setText("Anerkennung und Bewerbung")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert form.referral is not None and "Verweisung an" in form.referral_label.text()
    assert not [e for e in ctx.store.timeline(client_id) if e.kind == "referral"]  # not yet
    assert form.draft_payload()["referral"]["reason"] == "Anerkennung und Bewerbung"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.result() == QDialog.DialogCode.Accepted
    entries = ctx.store.timeline(client_id)
    cons = next(e.record for e in entries if e.kind == "consultation")
    ref = next(e.record for e in entries if e.kind == "referral")
    task = next(e.record for e in entries if e.kind == "task")
    assert ref.consultation_id == cons.id == task.consultation_id
    assert outbox_kinds(ctx.store)[-3:] == ["consultation", "referral", "task"]


def test_a_consultation_draft_keeps_its_referral(ctx, client_id, qtbot):
    from desktop.ui.consultation_form import ConsultationDialog

    form = ConsultationDialog(ctx, client_id, "Haddad, Samira")
    qtbot.addWidget(form)
    form.referral = Referral(client_id, "Diakonie Zeitz", "Kleiderkammer", TODAY)
    payload = form.draft_payload()
    again = ConsultationDialog(ctx, client_id, "Haddad, Samira", draft=payload)
    qtbot.addWidget(again)
    assert again.referral is not None and again.referral.target == "Diakonie Zeitz"
    assert "Diakonie Zeitz" in again.referral_label.text()


def test_the_dialog_works_by_keyboard_alone(ctx, client_id, qtbot, open_file):
    """Every key to the focused widget: open, pick a topic, the second hit, a reason, save."""
    put_directory(ctx.store)
    view = open_file(client_id)
    with qtbot.waitActive(view):
        view.activateWindow()
    view.referral_button.setFocus()  # where Tab through the file's header leads

    def key(k, mod=Qt.KeyboardModifier.NoModifier):
        QTest.keyClick(QApplication.focusWidget(), k, mod)

    key(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), ReferralDialog))
    dialog = QApplication.activeWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.topic)
    QTest.keyClicks(QApplication.focusWidget(), "s")  # type-ahead: Sprachkurs
    assert dialog.topic.code() == "language_course"
    key(Qt.Key.Key_C, ALT)  # Suchen
    assert QApplication.focusWidget() is dialog.search
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.hits
    key(Qt.Key.Key_Down)
    chosen = dialog.selected_offer()
    assert chosen is dialog.hits_shown[1].offer
    key(Qt.Key.Key_A, ALT)  # Anlass
    assert QApplication.focusWidget() is dialog.reason
    QTest.keyClicks(QApplication.focusWidget(), "Sprachkurs B1")
    key(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = next(e.record for e in ctx.store.timeline(client_id) if e.kind == "referral")
    assert (saved.offer_id, saved.reason) == (chosen.id, "Sprachkurs B1")


# --- the outcome: another unit, and a change under the open dialog -------------------------


def laptop_ctx(device, user, unit, tmp_path, qapp) -> AppContext:
    qapp.setProperty("mia_language", "de")
    bus = ChangeBus()
    return AppContext(
        store=device.store,
        ops=Ops(bus, device.store, synchronous=True),
        bus=bus,
        settings=Settings(user_name=user, unit=unit, store_path=str(tmp_path / f"{user}.sqlite")),
        today=dt.date.today,
    )


@pytest.fixture
def two_units(make_device, qapp, tmp_path):
    """Laptop A (integration) referred Olena to the Diakonie; laptop B is the Jobcenter's."""
    a = make_device("a", user="a.schneider", units=["integration"])
    b = make_device("b", user="j.jobcenter", units=["jobcenter"])
    olena = new_client()
    a.store.create_client(olena)
    ref = Referral(
        olena.id,
        "Diakonie Zeitz",
        "Kleiderkammer",
        TODAY,
        referred_by="a.schneider",
        referring_unit="integration",
    )
    referral_store.add(a.store, ref)
    a.sync()
    b.sync()
    ctx_b = laptop_ctx(b, "j.jobcenter", "jobcenter", tmp_path, qapp)
    return a, b, olena.id, ref.id, ctx_b


def open_card(ctx, qtbot, client_id) -> ReferralOutcomeDialog:
    from desktop.ui.client_file import ClientFileView

    view = ClientFileView(ctx, client_id)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    qtbot.waitUntil(lambda: view.file is not None)
    opened = []
    view.timeline.referral_opened.connect(opened.append)
    model, lst = view.timeline.model, view.timeline.view
    row = next(i for i in range(model.rowCount()) if model._rows[i].kind == "referral")
    lst.setFocus()
    lst.setCurrentIndex(model.index(row, 2))
    qtbot.keyClick(lst, Qt.Key.Key_Return)  # Enter opens the card, as a double-click
    assert opened, "the referral card did not open"
    return opened[0]


def test_another_units_user_records_the_outcome(two_units, qtbot):
    a, b, cid, rid, ctx_b = two_units
    dialog = open_card(ctx_b, qtbot, cid)
    assert "Diakonie Zeitz" in dialog.title.text() and "Kleiderkammer" in dialog.summary.text()
    assert not dialog.failure.isEnabled()
    dialog.status.set_code("failed")
    assert dialog.failure.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # a failure needs its reason from the catalog
    assert dialog.form_error.isVisible() and dialog.form_error.text()
    assert not [o for o in b.store.outbox() if o["kind"] == "referral"]
    dialog.failure.set_code("no_capacity")
    dialog.feedback.setPlainText("Warteliste bis März")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    report = b.sync()
    assert (report.pushed, report.rejected) == (1, 0)  # the Jobcenter may record it
    a.sync()
    on_a = referral_store.snapshot(a.store, rid).referral
    assert (on_a.status, on_a.failure_reason, on_a.feedback) == (
        "failed",
        "no_capacity",
        "Warteliste bis März",
    )


def test_a_pulled_change_under_the_open_card_is_not_overwritten(two_units, qtbot):
    a, b, cid, rid, ctx_b = two_units
    dialog = open_card(ctx_b, qtbot, cid)
    dialog.feedback.setPlainText("Termin am Montag vereinbart")  # B's user edits the feedback

    snap = referral_store.snapshot(a.store, rid)  # meanwhile A records that it was accepted
    changed = snap.referral
    changed.status = "accepted"
    changed.feedback = "Diakonie hat zugesagt"
    referral_store.update(a.store, changed, snap)
    a.sync()
    b.sync()
    ctx_b.ops.announce(Changes.of("referral", cid, origin="sync"))
    # the status B's user left alone follows; the feedback both changed is named
    assert dialog.status.code() == "accepted"
    assert dialog.elsewhere.isVisible()
    notice = dialog.elsewhere_text.text()
    assert "an anderer Stelle" in notice
    assert (
        "Rückmeldung: jetzt „Diakonie hat zugesagt“, Ihre Eingabe „Termin am Montag vereinbart“"
        in notice
    )
    assert dialog.feedback.toPlainText() == "Termin am Montag vereinbart"  # nothing lost

    qtbot.mouseClick(dialog.take_theirs_button, Qt.MouseButton.LeftButton)
    assert dialog.feedback.toPlainText() == "Diakonie hat zugesagt"
    dialog.status.set_code("attended")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    (op,) = [o for o in b.store.outbox() if o["kind"] == "referral"]
    assert '"status"' in op["payload"] and '"feedback"' not in op["payload"]
    b.sync()
    a.sync()
    final = referral_store.snapshot(a.store, rid).referral
    assert (final.status, final.feedback) == ("attended", "Diakonie hat zugesagt")


def test_a_stale_save_names_the_field_and_keeping_mine_saves_it(two_units, qtbot):
    a, b, cid, rid, ctx_b = two_units
    dialog = open_card(ctx_b, qtbot, cid)
    dialog.feedback.setPlainText("Person war nicht da")
    snap = referral_store.snapshot(a.store, rid)
    snap.referral.feedback = "Kam am Dienstag"
    referral_store.update(a.store, snap.referral, snap)
    a.sync()
    b.sync()  # pulled, but no notice reached the dialog: the save finds it
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.elsewhere.isVisible()
    assert "jetzt „Kam am Dienstag“" in dialog.elsewhere_text.text()
    assert not [o for o in b.store.outbox() if o["kind"] == "referral"]
    qtbot.mouseClick(dialog.keep_mine_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    b.sync()
    a.sync()
    assert referral_store.snapshot(a.store, rid).referral.feedback == "Person war nicht da"


def test_a_consent_withdrawn_meanwhile_makes_the_server_refuse_and_the_card_says_why(
    make_device, qapp, tmp_path, qtbot
):
    """Offline, laptop A refers with the consent it holds; meanwhile laptop B records the
    withdrawal. The server refuses A's referral with the reason, and A's card says so."""
    from desktop.sync import state
    from desktop.ui import refusals
    from desktop.ui.client_file import ClientFileView

    a = make_device("a", user="a.schneider", units=["integration"])
    b = make_device("b", user="b.becker", units=["integration"])
    olena = new_client()
    a.store.create_client(olena)
    consent = Consent(olena.id, ["Diakonie Zeitz"], ["master_data"], "Kleiderkammer", TODAY)
    a.store.add_consent(consent)
    a.sync()
    b.sync()
    ref = Referral(
        olena.id,
        "Diakonie Zeitz",
        "Kleiderkammer",
        TODAY,
        contact_by="agency",
        consent_id=consent.id,
    )
    referral_store.add(a.store, ref)  # allowed by what A holds
    assert b.store.withdraw_consent(consent.id)  # today: no longer active today
    b.sync()
    report = a.sync()
    assert report.rejected == 1
    (rejection,) = state.rejections(a.store.engine, client_id=olena.id)
    assert (rejection.record_id, rejection.reason) == (ref.id, "referral_consent")
    ctx_a = laptop_ctx(a, "a.schneider", "integration", tmp_path, qapp)
    text = refusals.reason_text(rejection, ctx_a.permissions)
    assert "Für die Weitergabe an „Diakonie Zeitz“ fehlt eine Einwilligung der Person." in text
    view = ClientFileView(ctx_a, olena.id)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.file is not None)
    assert view.timeline.model.refused_text.get(ref.id) == text  # shown on the card


def test_the_slip_names_who_referred_as_colleagues_know_them_not_by_login(
    ctx, client_id, qtbot, monkeypatch
):
    # The slip goes home with the client: "Anna Schneider", the name the staff directory
    # (synced from the server) gives the login a.schneider -- from the dialog, and from the
    # card of a saved referral, whoever opens it. A user the directory does not know yet is
    # named by the login (rather than by nobody).

    from desktop.store import directory as staff
    from desktop.ui import referral_dialog

    put_directory(ctx.store)
    with ctx.store.engine.begin() as conn:
        staff.save(
            conn,
            {
                "users": [
                    {"name": "a.schneider", "display_name": "Anna Schneider"},
                    {"name": "k.wagner", "display_name": ""},
                ],
                "mediators": [],
            },
        )
    printed = []

    def print_slip(referral, offer, provider, client, language, path, *, contact=None):
        printed.append(contact.name if contact is not None else None)
        return path

    from desktop import referral_slip

    monkeypatch.setattr(referral_slip, "print_slip", print_slip)
    monkeypatch.setattr(referral_dialog.QDesktopServices, "openUrl", lambda _url: True)
    dialog = ReferralDialog(ctx, client_id, "Haddad, Samira", topics=["debts"])
    qtbot.addWidget(dialog)
    dialog.retranslateUi()
    assert dialog.selected_offer() is not None
    with qtbot.waitSignal(dialog.slip_written, timeout=10_000):
        qtbot.mouseClick(dialog.slip_button, Qt.MouseButton.LeftButton)
    assert printed == ["Anna Schneider"]

    ref = Referral(client_id, "Sprachcafé", "Deutsch üben", TODAY, referred_by="a.schneider")
    ctx.store.add_referral(ref)
    assert referral_store.snapshot(ctx.store, ref.id).contact.name == "Anna Schneider"
    assert referral_store.contact(ctx.store, "k.wagner").name == "k.wagner"  # no display name
    assert referral_store.contact(ctx.store, "j.neu").name == "j.neu"  # not in the directory
