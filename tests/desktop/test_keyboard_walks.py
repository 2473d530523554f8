"""The keyboard walks of issue 16: the three daily errands done with the keyboard alone,
counting the keys pressed beyond the text typed.

Every key goes to the widget that has the focus (``QApplication.focusWidget()``), as a
caseworker's keyboard would; nothing is clicked and no widget method moves the walk on. Only
waiting for the operation layer (``qtbot.waitUntil``) is not a key. A letter typed to pick an
entry of a list (type-ahead in a combo box) counts as a key, not as text: only the characters of
names, dates and notes are text.

    pytest -s tests/desktop/test_keyboard_walks.py    # prints the counts
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from casefile.records import Client, LanguageSkill
from desktop.ui.client_dialog import ClientDialog
from desktop.ui.consultation_form import ConsultationDialog

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

# Targets of the issue: keys beyond the typed text.
FIND_AND_OPEN = 3
RECORD_CONSULTATION = 20
REGISTER_WALK_IN = 15
ASSIGN_MEDIATOR = 4
RECORD_GROUP = 4  # issue 20: Ctrl+7, Enter, the name and Enter, Ctrl+Enter


class Keyboard:
    """Sends keys to the focused widget and counts them: ``keys`` (everything but text) and
    ``text`` (characters typed into a field)."""

    def __init__(self, window):
        self.window = window
        self.keys = 0
        self.text = 0
        self.log: list[str] = []

    def target(self):
        return QApplication.focusWidget() or QApplication.activeWindow() or self.window

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1):
        for _ in range(times):
            target = self.target()
            self.log.append(f"{QTest_name(key, modifier)} -> {type(target).__name__}")
            QTest.keyClick(target, key, modifier)
            self.keys += 1

    def pick(self, letters: str) -> None:
        """Type-ahead in a list or combo box: each letter is a key."""
        for ch in letters:
            self.log.append(f"{ch!r} (type-ahead) -> {type(self.target()).__name__}")
            QTest.keyClicks(self.target(), ch)
            self.keys += 1

    def type(self, text: str) -> None:
        """Text into the focused field (ASCII: QTest aborts on other characters)."""
        QTest.keyClicks(self.target(), text)
        self.text += len(text)

    def report(self, walk: str) -> str:
        line = f"{walk}: {self.keys} keys beyond {self.text} typed characters"
        print(f"\n{line}\n  " + "\n  ".join(self.log))
        return line


def QTest_name(key: Qt.Key, modifier) -> str:  # noqa: N802 (reads as the key's name)
    names = []
    if modifier & CTRL:
        names.append("Ctrl")
    if modifier & ALT:
        names.append("Alt")
    if modifier & SHIFT:
        names.append("Shift")
    names.append(Qt.Key(key).name.removeprefix("Key_"))
    return "+".join(names)


@pytest.fixture
def window(ctx, qtbot):
    return make_window(ctx, qtbot)


def make_window(ctx, qtbot):
    from desktop.ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    win.start()
    return win


@pytest.fixture
def olena(ctx):
    """Stored in the English transliteration; the caseworker types the German one."""
    client = Client(
        "Shevchenko",
        "Olena",
        dt.date(1985, 3, 12),
        sex="f",
        nationalities=["UKR"],
        languages=[LanguageSkill("uk", True), LanguageSkill("ru")],
    )
    ctx.store.create_client(client)
    ctx.store.create_client(
        Client("Shevchuk", "Oleh", dt.date(1979, 6, 2), sex="m", nationalities=["UKR"])
    )
    return client


def find_and_open(window, qtbot, kb: Keyboard, name: str):
    kb.press(Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search.field, timeout=3000)
    kb.type(name)
    qtbot.waitUntil(lambda: window.search.model.rowCount() >= 1, timeout=3000)
    kb.press(Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: getattr(window.files.currentWidget(), "file", None) is not None, timeout=3000
    )
    return window.files.currentWidget()


def test_walk_1_find_by_transliterated_name_and_open(window, olena, qtbot):
    kb = Keyboard(window)
    view = find_and_open(window, qtbot, kb, "Schewtschenko")
    assert view.client_id == olena.id
    line = kb.report("walk 1, find and open")
    assert kb.keys <= FIND_AND_OPEN, line


def test_walk_2_record_a_consultation(ctx, olena, qtbot):
    from desktop.store import directory

    with ctx.store.engine.begin() as conn:  # the county's mediators, as a sync brought them
        directory.save(
            conn,
            {
                "users": [{"name": "a.schneider", "units": ["integration"]}],
                "mediators": [{"name": "Petrenko", "languages": ["uk", "ru"]}],
            },
        )
    window = make_window(ctx, qtbot)
    view = find_and_open(window, qtbot, Keyboard(window), "Schewtschenko")
    assert view.client_id == olena.id
    kb = Keyboard(window)
    kb.press(Qt.Key.Key_B, CTRL)  # Beratung erfassen, focus still in the search
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeWindow(), ConsultationDialog), timeout=3000
    )
    dialog = QApplication.activeWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.topics, timeout=3000)
    # language and Sprachmittlung come from the client (Ukrainian, interpreter needed)
    assert dialog.language.code() == "uk" and dialog.mediator_used.isChecked()
    kb.press(Qt.Key.Key_Space)  # Aufenthalt
    kb.press(Qt.Key.Key_Right)
    kb.press(Qt.Key.Key_Space)  # Leistungen
    kb.press(Qt.Key.Key_Tab, SHIFT)  # back to the mediator's name
    assert QApplication.focusWidget() is dialog.mediator_name
    kb.type("Petrenko")
    kb.press(Qt.Key.Key_Tab)  # topics
    kb.press(Qt.Key.Key_Tab)  # note
    kb.type("Antrag auf Leistungen besprochen, Bescheid fehlt noch.")
    kb.press(Qt.Key.Key_Tab)  # outcome (stays empty)
    kb.press(Qt.Key.Key_Tab)  # next step
    kb.type("Bescheid nachreichen")
    kb.press(Qt.Key.Key_Tab)  # "Wiedervorlage am"
    kb.press(Qt.Key.Key_Space)
    kb.press(Qt.Key.Key_Tab)  # the date (in 14 days)
    kb.press(Qt.Key.Key_Tab)  # Aufgabe, taken from the next step
    assert QApplication.focusWidget() is dialog.task_text
    kb.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)

    [cons] = [e.record for e in ctx.store.timeline(olena.id) if e.kind == "consultation"]
    assert cons.topics == ["residence", "benefits"]
    assert cons.language == "uk" and cons.mediator_used and cons.mediator_name == "Petrenko"
    assert cons.note.startswith("Antrag auf Leistungen")
    [row] = ctx.store.tasks()
    assert row.task.text == "Bescheid nachreichen"
    assert row.task.due_date == ctx.today() + dt.timedelta(days=14)
    line = kb.report("walk 2, record a consultation")
    assert kb.keys <= RECORD_CONSULTATION, line


def test_walk_3_register_a_walk_in(ctx, window, qtbot):
    kb = Keyboard(window)
    kb.press(Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), ClientDialog), timeout=3000)
    dialog = QApplication.activeWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.family_name, timeout=3000)
    kb.type("Rahimi")
    kb.press(Qt.Key.Key_Tab)
    kb.type("Yusuf")
    kb.press(Qt.Key.Key_G, ALT)  # Geburtsdatum
    kb.type("12.03.1990")
    kb.press(Qt.Key.Key_S, ALT)  # Staatsangehörigkeit
    kb.pick("A")  # Afghanistan, first of the common ones
    kb.press(Qt.Key.Key_H, ALT)  # Sprache hinzufügen (the button clicks after its animation)
    qtbot.waitUntil(lambda: len(dialog.languages.rows()) == 1, timeout=3000)
    assert QApplication.focusWidget() is dialog.languages.rows()[0][0][0]
    kb.pick("D")  # Dari
    kb.press(Qt.Key.Key_Tab)
    kb.press(Qt.Key.Key_Space)  # Dolmetschbedarf
    kb.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.open_client_count() == 1, timeout=3000)

    [hit] = ctx.store.search("Rahimi Yusuf")
    client = ctx.store.get_client(hit.id)
    assert (client.family_name, client.given_names) == ("Rahimi", "Yusuf")
    assert client.birth_date == dt.date(1990, 3, 12)
    assert client.nationalities == ["AFG"]
    assert [(s.code, s.interpreter_needed) for s in client.languages] == [("prs", True)]
    assert window.current_client_id() == client.id
    line = kb.report("walk 3, register a walk-in")
    assert kb.keys <= REGISTER_WALK_IN, line


def test_walk_4_the_pool_assigns_a_mediator_to_a_request(ctx, qtbot):
    """The pool's unit (the rules let it see the pool): Ctrl+6 opens Sprachmittlung with the
    requests in focus, Enter the first one's dialog with the fitting mediators, Ctrl+Enter
    books the first (no warning to confirm)."""
    from casefile.policy import Policy
    from desktop.permissions import Permissions, User
    from desktop.store import mediation as pool_store
    from desktop.ui.booking_dialog import BookingDialog
    from desktop.ui.main_window import PAGE_MEDIATION
    from tests.desktop.test_mediator_pool import mediator, request

    ctx.permissions = Permissions(
        User("s.fischer", ("caseworker",), ("volunteering",)), Policy.load()
    )
    m = mediator()
    pool_store.save_mediator(ctx.store, m)
    booking = request(ctx.store)
    window = make_window(ctx, qtbot)
    kb = Keyboard(window)
    kb.press(Qt.Key.Key_6, CTRL)
    assert window.nav.currentRow() == PAGE_MEDIATION
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() is window.mediation.booking_table, timeout=3000
    )
    kb.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), BookingDialog), timeout=3000)
    dialog = QApplication.activeWindow()
    qtbot.waitUntil(lambda: dialog.chosen() is not None, timeout=3000)
    assert QApplication.focusWidget() is dialog.mediators
    kb.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    stored = pool_store.get_booking(ctx.store, booking.id)
    assert stored.status == "booked" and stored.mediator_name == m.display_name
    line = kb.report("walk 4, assign a mediator")
    assert kb.keys <= ASSIGN_MEDIATOR, line


def test_walk_5_a_facilitator_records_tonights_group_session(ctx, qtbot):
    """Issue 20: Ctrl+7 opens Gruppen with tonight's session chosen, Enter its attendance
    sheet (the saved list of the series is on it), a name typed and Enter adds one more,
    Ctrl+Enter records it into every file."""
    import datetime as dt

    from casefile import groups
    from casefile.records import Client
    from desktop.store import groups as store_groups
    from desktop.ui.group_dialogs import AttendanceDialog
    from desktop.ui.main_window import PAGE_GROUPS

    people = [
        ctx.store.create_client(Client(f, g, birth_date=dt.date(1985, 1, 1 + i)))
        for i, (f, g) in enumerate((("Haddad", "Rami"), ("Ahmadi", "Zahra"), ("Osman", "Amina")))
    ]
    start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(minutes=5)
    session = groups.one_off(
        unit="integration",
        title="Wohnschulung",
        topic="housing",
        starts_at=start,
        location="dez_nebra",
        participant_ids=people[:2],
    )
    store_groups.plan(ctx.store, [session])
    window = make_window(ctx, qtbot)
    kb = Keyboard(window)
    kb.press(Qt.Key.Key_7, CTRL)
    assert window.nav.currentRow() == PAGE_GROUPS
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.groups.table, timeout=3000)
    kb.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), AttendanceDialog), timeout=3000)
    dialog = QApplication.activeWindow()
    assert dialog.sheet.rowCount() == 2 and QApplication.focusWidget() is dialog.search
    kb.type("Osman Amina")
    dialog._timer.stop()  # the search runs on its timer; typing stopped
    dialog._run_search()
    kb.press(Qt.Key.Key_Return)
    assert dialog.sheet.rowCount() == 3
    kb.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    for cid in people:
        assert [e.kind for e in ctx.store.timeline(cid)] == ["consultation"]
    line = kb.report("walk 5, record a group session")
    assert kb.keys <= RECORD_GROUP, line
