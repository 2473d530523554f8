"""The master-data form edits against what it showed, while sync goes on underneath (issue 13.10).

Laptop B opens a client's master data; laptop A changes the client and syncs; B pulls (the
sync apply path) while the form is still open; then B's user saves. A field B's user left
alone keeps A's value and is not sent, an identifier A added survives, and a field both
changed is sent based on the clock the form loaded (the server keeps the loser visible) and
the user is told before the save.
"""

import datetime as dt

import orjson
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from casefile.records import Identifier
from desktop.settings import Settings
from desktop.store.changes import Changes
from desktop.ui.client_dialog import ClientDialog
from desktop.ui.context import AppContext
from desktop.ui.events import ChangeBus
from desktop.ui.ops import Ops
from tests.desktop.harness import new_client


@pytest.fixture
def laptops(make_device, qapp, tmp_path):
    """(a, b, client id, B's app context): a client both laptops hold, synced."""
    a, b = make_device("a"), make_device("b")
    olena = new_client(phone="0151 000", address="Markt 1")
    a.store.create_client(olena)
    a.sync()
    b.sync()
    qapp.setProperty("mia_language", "de")
    bus = ChangeBus()
    ctx = AppContext(
        store=b.store,
        ops=Ops(bus, b.store, synchronous=True),
        bus=bus,
        settings=Settings(
            user_name="a.schneider", unit="integration", store_path=str(tmp_path / "b.sqlite")
        ),
        today=dt.date.today,
    )
    return a, b, olena.id, ctx


def open_form(ctx, qtbot, client_id) -> ClientDialog:
    dlg = ClientDialog(ctx, ctx.store.client_snapshot(client_id))
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def edit_on(device, client_id, **values) -> None:
    client = device.store.get_client(client_id)
    for name, value in values.items():
        setattr(client, name, value)
    device.store.update_client(client)
    device.sync()


def retype(qtbot, line, text) -> None:
    line.clear()
    qtbot.keyClicks(line, text)


def outbox_ops(store) -> list[dict]:
    return [
        {
            **op,
            "payload": orjson.loads(op["payload"]),
            "base": orjson.loads(op["base"]) if op["base"] else {},
        }
        for op in store.outbox()
    ]


@pytest.mark.parametrize("notified", [True, False], ids=["sync-notice", "save-time"])
def test_a_field_and_an_identifier_changed_elsewhere_survive_a_stale_form(laptops, qtbot, notified):
    a, b, cid, ctx = laptops
    dlg = open_form(ctx, qtbot, cid)
    retype(qtbot, dlg.phone, "0345 678 90")  # B's user edits the phone only

    client = a.store.get_client(cid)  # meanwhile on laptop A
    client.address = "Domplatz 3, 06618 Naumburg"
    client.identifiers = [Identifier("azr_number", "123456789012")]
    a.store.update_client(client)
    a.sync()
    b.sync()  # B pulls while the form is open
    assert b.store.get_client(cid).address == "Domplatz 3, 06618 Naumburg"
    if notified:
        ctx.ops.announce(Changes.of("client", cid, origin="sync"))  # what the sync worker announces
        assert dlg.address.text() == "Domplatz 3, 06618 Naumburg"  # the form shows it
        assert [w[1].text() for w, _old in dlg.identifiers.rows()] == ["123456789012"]

    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted and not dlg.elsewhere.isVisible()

    saved = b.store.get_client(cid)
    assert (saved.phone, saved.address) == ("0345 678 90", "Domplatz 3, 06618 Naumburg")
    assert [i.value for i in saved.identifiers] == ["123456789012"]
    (op,) = outbox_ops(b.store)  # one update, nothing deleted
    assert op["op"] == "update" and "phone" in op["payload"]
    assert "address" not in op["payload"] and "address" not in op["base"]

    b.sync()
    a.sync()
    on_a = a.store.get_client(cid)
    assert (on_a.phone, on_a.address) == ("0345 678 90", "Domplatz 3, 06618 Naumburg")
    assert [i.value for i in on_a.identifiers] == ["123456789012"]
    assert a.client.conflicts(open_only=False)["conflicts"] == []


@pytest.mark.parametrize("notified", [True, False], ids=["sync-notice", "save-time"])
def test_a_field_changed_on_both_laptops_is_named_and_kept_visible(laptops, qtbot, notified):
    a, b, cid, ctx = laptops
    dlg = open_form(ctx, qtbot, cid)
    seen_clock = dlg.snapshot.clock("family_name")
    assert seen_clock
    retype(qtbot, dlg.family_name, "Kowalenko")
    edit_on(a, cid, family_name="Kovalenko-Schmidt")
    b.sync()
    if notified:
        ctx.ops.announce(Changes.of("client", cid, origin="sync"))
        assert dlg.elsewhere.isVisible()

    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    # Told before anything is saved: which field, the other value, and the user's own.
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    notice = dlg.elsewhere_text.text()
    assert dlg.elsewhere.isVisible() and "an anderer Stelle" in notice
    assert "Familienname: jetzt „Kovalenko-Schmidt“, Ihre Eingabe „Kowalenko“" in notice
    assert b.store.outbox_count() == 0 and dlg.family_name.text() == "Kowalenko"

    qtbot.mouseClick(dlg.keep_mine_button, Qt.MouseButton.LeftButton)  # keep and save
    assert dlg.result() == QDialog.DialogCode.Accepted
    (op,) = outbox_ops(b.store)
    assert op["payload"]["family_name"] == "Kowalenko"
    assert op["base"]["family_name"] == seen_clock  # what the user saw, not the pulled one
    assert set(op["payload"]) <= {"id", "family_name", "updated_at"}

    report = b.sync()
    a.sync()
    assert report.conflicts == 1  # the server opened one
    (conflict,) = a.client.conflicts()["conflicts"]
    assert (conflict["field"], conflict["value"], conflict["needs_person"]) == (
        "family_name",
        "Kovalenko-Schmidt",
        True,
    )
    assert a.store.get_client(cid).family_name == b.store.get_client(cid).family_name == "Kowalenko"


def test_a_contact_field_typed_over_keeps_the_other_value_in_history(laptops, qtbot):
    a, b, cid, ctx = laptops
    dlg = open_form(ctx, qtbot, cid)
    retype(qtbot, dlg.phone, "0151 333")
    edit_on(a, cid, phone="0151 222")
    b.sync()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert "Telefon: jetzt „0151 222“, Ihre Eingabe „0151 333“" in dlg.elsewhere_text.text()
    qtbot.mouseClick(dlg.keep_mine_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    b.sync()
    a.sync()
    assert a.store.get_client(cid).phone == "0151 333"
    history = a.client.conflicts(open_only=False)["conflicts"]
    assert [(c["field"], c["value"]) for c in history] == [("phone", "0151 222")]


def test_taking_the_new_value_saves_nothing_for_that_field(laptops, qtbot):
    a, b, cid, ctx = laptops
    dlg = open_form(ctx, qtbot, cid)
    retype(qtbot, dlg.phone, "0151 333")
    retype(qtbot, dlg.birth_place, "Charkiw")
    edit_on(a, cid, phone="0151 222")
    b.sync()
    ctx.ops.announce(Changes.of("client", cid, origin="sync"))
    assert dlg.elsewhere.isVisible() and "0151 222" in dlg.elsewhere_text.text()
    qtbot.mouseClick(dlg.take_theirs_button, Qt.MouseButton.LeftButton)
    assert dlg.phone.text() == "0151 222" and not dlg.elsewhere.isVisible()
    assert dlg.birth_place.text() == "Charkiw"  # the user's other edit stays

    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    (op,) = outbox_ops(b.store)
    assert "phone" not in op["payload"] and op["payload"]["birth_place"] == "Charkiw"
    b.sync()
    a.sync()
    assert a.client.conflicts(open_only=False)["conflicts"] == []
    assert (a.store.get_client(cid).phone, a.store.get_client(cid).birth_place) == (
        "0151 222",
        "Charkiw",
    )


def test_a_removed_identifier_is_deleted_but_one_that_arrived_is_not(laptops, qtbot):
    a, b, cid, ctx = laptops
    edit_on(a, cid, identifiers=[Identifier("azr_number", "111111111111")])
    b.sync()
    dlg = open_form(ctx, qtbot, cid)
    client = a.store.get_client(cid)
    client.identifiers.append(Identifier("azr_number", "222222222222"))
    a.store.update_client(client)
    a.sync()
    b.sync()
    ((widgets, _old),) = dlg.identifiers.rows()  # the user removes the one it saw
    widgets[1].clear()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert [i.value for i in b.store.get_client(cid).identifiers] == ["222222222222"]
    b.sync()
    a.sync()
    assert [i.value for i in a.store.get_client(cid).identifiers] == ["222222222222"]


def test_update_client_with_a_snapshot_writes_only_the_changes_against_it(store):
    """The store's side, for any caller: a diff against the snapshot, on its clocks."""
    olena = new_client(phone="0151 000", address="Markt 1")
    store.create_client(olena)
    snapshot = store.client_snapshot(olena.id)
    seen = snapshot.clock("address")
    underneath = store.get_client(olena.id)  # a later write (as if pulled)
    underneath.address = "Domplatz 3"
    store.update_client(underneath)
    edited = snapshot.client
    edited.phone = "0151 999"
    edited.family_name = edited.family_name  # untouched, stale: not sent
    assert store.update_client(edited, snapshot) == ["phone", "updated_at"]
    assert store.get_client(olena.id).address == "Domplatz 3"
    edited.address = "Am Markt 5"  # both changed it: the old base
    store.update_client(edited, snapshot)
    last = outbox_ops(store)[-1]
    assert last["payload"]["address"] == "Am Markt 5" and last["base"]["address"] == seen
