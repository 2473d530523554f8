"""What the server refuses is shown on the record, never as a conflict (issue 16, finding 2).

A laptop records a consultation with its follow-up into another unit's section; the server
refuses both (the follow-up with its consultation); the timeline card says so with a German
reason naming the unit, the status bar counts no conflict, "Text kopieren" puts the note on the
clipboard and "Erledigt" settles it.
"""

import datetime as dt

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLabel

from casefile.records import Task
from tests.desktop.harness import new_client, new_consultation


def device_ctx(dev, tmp_path):
    from desktop import permissions
    from desktop.settings import Settings
    from desktop.ui.context import AppContext
    from desktop.ui.events import ChangeBus
    from desktop.ui.ops import Ops

    bus = ChangeBus()
    return AppContext(
        store=dev.store,
        ops=Ops(bus, dev.store, synchronous=True),
        bus=bus,
        settings=Settings(user_name="i.integration", unit="integration", store_path=str(tmp_path)),
        today=dt.date.today,
        permissions=permissions.load(dev.store.engine),
    )


def test_a_refused_consultation_and_its_follow_up_are_marked_on_the_record(
    make_device, qapp, qtbot, tmp_path
):
    from desktop.sync import state, worker as w
    from desktop.ui.client_file import ClientFileView
    from desktop.ui.sync_status import SyncStatusWidget

    qapp.setProperty("mia_language", "de")
    it = make_device("integration-laptop", user="i.integration", units=["integration"])
    person = new_client("Haddad", "Rami", sex="m", nationalities=["SYR"])
    it.store.create_client(person)
    cons = new_consultation(person.id, "Fragen zur Duldung", unit="abh", next_step="Termin ABH")
    follow_up = Task(person.id, dt.date.today() + dt.timedelta(days=7), "Rückruf", "")
    it.store.add_consultation(cons, follow_up=follow_up)
    report = it.sync()
    assert report.rejected == 2 and report.conflicts == 0
    reasons = {r.kind: r.reason for r in state.rejections(it.store.engine)}
    assert reasons == {"consultation": "forbidden", "task": "with_consultation"}

    # The status bar: no conflict, its own short indicator.
    bar = SyncStatusWidget()
    qtbot.addWidget(bar)
    bar.set_status(
        w.SyncStatus(w.SYNCED, rejected=state.open_rejection_count(it.store.engine), conflicts=0)
    )
    assert bar.conflicts.isHidden()
    assert not bar.refused.isHidden() and bar.refused.text() == "2 nicht übernommen"

    ctx = device_ctx(it, tmp_path)
    view = ClientFileView(ctx, person.id)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitUntil(lambda: view.file is not None)
    panel = view.timeline
    assert set(panel.refused) == {cons.id, follow_up.id}
    why = panel.model.refused_text[cons.id]
    assert "Ausländerbehörde" in why and "forbidden" not in why and not why.endswith("abh")
    assert "Beratung, die nicht übernommen wurde" in panel.model.refused_text[follow_up.id]
    delegate = panel.view.itemDelegate()
    entry = next(e for e in panel.model._rows if e.id == cons.id)
    assert delegate._refused(entry).startswith("Vom Server nicht übernommen: ")

    # The consultation's view: what, why, who may; the text to hand on; settled.
    dialog = panel.show_consultation(entry)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QFrame, "refusalBox") is not None
    shown = dialog.findChild(QLabel, "refusalReason").text()
    assert shown == why
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "Fragen zur Duldung" in copied and "Termin ABH" in copied
    assert "Ausländerbehörde" in copied and cons.id not in copied
    dialog.settle_button.click()
    open_ones = state.rejections(it.store.engine)
    assert [r.kind for r in open_ones] == ["task"]
    # The file reloads: the settled consultation is gone from this laptop (the server never
    # had it; its text stays in the settled list), the follow-up still carries its mark.
    qtbot.waitUntil(lambda: cons.id not in panel.refused)
    assert cons.id not in {e.id for e in panel.model._rows}
    assert follow_up.id in panel.refused
    settled = state.rejections(it.store.engine, include_settled=True)
    assert any(r.record_id == cons.id and r.settled_at for r in settled)
