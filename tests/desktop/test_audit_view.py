"""The administrators' audit view against the real server app."""

import csv
import re

from desktop.ui.audit_view import AuditDialog
from tests.desktop.harness import connection, new_client, new_consultation


def _dialog(ctx, qtbot, dev, client_id=""):
    dialog = AuditDialog(ctx, connection(dev), client_id)
    qtbot.addWidget(dialog)
    return dialog


def test_an_administrator_sees_and_saves_the_log_of_one_file(ctx, qtbot, make_device, tmp_path):
    worker = make_device("worker-laptop", user="k.worker")
    person = new_client()
    worker.store.create_client(person)
    worker.store.add_consultation(new_consultation(person.id))
    worker.sync()
    admin = make_device("admin-pc", user="d.admin", units=[], roles=["administrator"])
    dialog = _dialog(ctx, qtbot, admin, person.id)
    dialog.load()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=5000)
    actions = {dialog.model.item(r, 3).text() for r in range(dialog.model.rowCount())}
    users = {dialog.model.item(r, 1).text() for r in range(dialog.model.rowCount())}
    assert {"angelegt", "an Gerät übermittelt"} <= actions and "k.worker" in users
    target = tmp_path / "protokoll.csv"
    dialog.save_csv(str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows and {r["client_id"] for r in rows} == {person.id}


def test_a_caseworker_is_told_that_only_administrators_may_read_it(ctx, qtbot, make_device):
    dev = make_device("caseworker-laptop", user="k.worker2")
    dialog = _dialog(ctx, qtbot, dev)
    dialog.load()
    qtbot.waitUntil(lambda: "Administrator" in dialog.status.text(), timeout=5000)
    assert dialog.model.rowCount() == 0


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_the_log_reads_german_words_and_names_not_codes_and_ids(ctx, qtbot, make_device):
    worker = make_device("worker-laptop-2", user="k.worker3")
    person, stranger = new_client(), new_client("Haddad", "Samira")
    for client in (person, stranger):
        worker.store.create_client(client)
        worker.store.add_consultation(new_consultation(client.id))
    worker.sync()
    ctx.store.create_client(person)  # on the administrator's device too: shown by name
    admin = make_device("admin-pc-2", user="d.admin2", units=[], roles=["administrator"])
    dialog = _dialog(ctx, qtbot, admin)
    dialog.user.setText("k.worker3")
    dialog.load()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=5000)
    cells = [
        [dialog.model.item(r, c).text() for c in range(dialog.model.columnCount())]
        for r in range(dialog.model.rowCount())
    ]
    texts = {text for row in cells for text in row}
    assert not any(UUID.search(text) for text in texts)
    assert not {"client", "consultation"} & texts
    assert {"Stammdaten", "Beratung"} <= {row[4] for row in cells}
    files = {row[5] for row in cells}
    assert "Kovalenko, Olena" in files
    assert f"Akte {stranger.id[:8]}" in files  # not on this device: a short reference
    tips = {dialog.model.item(r, 5).toolTip() for r in range(dialog.model.rowCount())}
    assert {person.id, stranger.id} <= tips
