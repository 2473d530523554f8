"""Issue 16: every window and dialog fits a 1366×768 laptop screen and a 1920×1080 one at
125 % (1536×864 logical pixels), each less the 40 pixels of a taskbar; the button rows and the
main window's status bar are on the screen.

The offscreen platform has a screen of its own and frames of 2 pixels: the tests stand in a
screen of the given size for ``screen_fit.available_geometry`` and a real title bar and borders
(``screen_fit.FRAME``) for the frame, and check where the window system would put each part."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QDialogButtonBox,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from casefile import codec
from desktop.ui import screen_fit
from desktop.ui.app_guard import AppGuard
from desktop.ui.screen_fit import FRAME
from desktop.ui.style import apply_style
from tests.desktop.harness import new_consultation

SCREENS = {
    "1366x768": QRect(0, 0, 1366, 768 - 40),
    "1536x864": QRect(0, 0, 1536, 864 - 40),
}


@pytest.fixture(params=sorted(SCREENS))
def screen(request, monkeypatch, qapp):
    """The usable area of the screen the windows open on, with the app's event filter."""
    area = SCREENS[request.param]
    monkeypatch.setattr(screen_fit, "available_geometry", lambda widget=None: area)
    monkeypatch.setattr(screen_fit, "frame_margins", lambda widget: FRAME)
    guard = AppGuard.install(qapp)
    # The app's style sheet: its paddings, borders and fonts decide whether a text fits.
    style, sheet = qapp.style().name(), qapp.styleSheet()
    apply_style(qapp)
    yield area
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.removeEventFilter(guard)
    guard.deleteLater()


def outer_rect(window: QWidget) -> QRect:
    """The window with a real frame: move() places the frame's corner (as Qt does)."""
    return QRect(window.pos(), window.size().grownBy(FRAME))


def screen_rect(widget: QWidget, window: QWidget) -> QRect:
    """Where *widget* of *window* would be on the screen (with a real frame)."""
    origin = window.pos() + QPoint(FRAME.left(), FRAME.top())
    return QRect(origin + widget.mapTo(window, QPoint(0, 0)), widget.size())


def in_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def assert_on_screen(window: QWidget, area: QRect) -> None:
    """The window with its frame, and every button outside a scrolled part, inside *area*;
    a dialog's button row is never inside a scrolled part."""
    QApplication.processEvents()
    name = type(window).__name__
    assert area.contains(outer_rect(window)), (name, outer_rect(window), area)
    for box in window.findChildren(QDialogButtonBox):
        assert not in_scroll_area(box, window), f"{name}: its button row scrolls away"
    buttons = [
        b
        for b in window.findChildren(QAbstractButton)
        if b.isVisible() and not in_scroll_area(b, window)
    ]
    for button in buttons:
        rect = screen_rect(button, window)
        assert area.contains(rect), (name, button.text(), rect, area)
    for box in window.findChildren(QDialogButtonBox):
        if box.isVisible():
            assert area.contains(screen_rect(box, window)), (name, "button row")
    assert not cut_texts(window), (name, cut_texts(window))


def cut_texts(window: QWidget) -> list[tuple[str, int, int]]:
    """Buttons whose text (in the button's font) is wider than the room inside its padding."""
    cut = []
    for button in window.findChildren(QPushButton):
        if not button.isVisible() or not button.text():
            continue
        option = QStyleOptionButton()
        button.initStyleOption(option)
        room = button.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, button
        )
        text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        need = button.fontMetrics().horizontalAdvance(text)
        if not button.icon().isNull():
            need += button.iconSize().width() + 4
        if need > room.width():
            cut.append((button.text(), need, room.width()))
    return cut


def show_dialog(qtbot, dialog, area):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert_on_screen(dialog, area)
    assert any(b.isVisible() for b in dialog.findChildren(QAbstractButton))
    return dialog


def test_main_window_and_its_status_bar(ctx, qtbot, screen):
    from desktop.sync import worker
    from desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.restore_geometry(b"")  # as desktop.app does before the first show
    # Its 1280×800 and a title bar do not fit either screen: maximised, as the window
    # system then lays it over the whole usable area.
    assert window.isMaximized()
    window.showNormal()
    window.move(screen.topLeft())
    window.resize(screen.marginsRemoved(FRAME).size())
    qtbot.waitExposed(window)
    window.sync_status.connected = True
    window.sync_status.set_status(worker.SyncStatus(worker.PENDING, pending=3, conflicts=2))
    assert_on_screen(window, screen)
    for part in (window.statusBar(), window.sync_status.button, window.sync_status.conflicts):
        assert part.isVisible() and screen.contains(screen_rect(part, window))


def test_main_window_with_the_queue_dock(day_holds, ctx, qtbot, screen):
    """A caseworker of a unit with a walk-in queue: the dock beside the pages, its buttons
    whole, the status bar on the screen."""
    import datetime as dt

    day_holds(50)  # the three tickets in the day's queue

    from casefile.policy import Policy
    from desktop.permissions import Permissions, User
    from desktop.store import tickets
    from desktop.ui.main_window import MainWindow

    ctx.permissions = Permissions(
        User("a.schneider", ("caseworker",), ("integration",)), Policy.load()
    )
    tickets.set_prefix(ctx.store, "A")
    now = dt.datetime.now(dt.UTC)
    for minutes, priority in ((50, ["children"]), (25, []), (5, ["deadline_today"])):
        tickets.issue(
            ctx.store,
            location=ctx.settings.location,
            concern="language_course",
            unit="integration",
            staff="n.schulz",
            language="ar",
            interpreter=True,
            priority=priority,
            now=now - dt.timedelta(minutes=minutes),
        )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.restore_geometry(b"")
    window.showNormal()
    window.move(screen.topLeft())
    window.resize(screen.marginsRemoved(FRAME).size())
    qtbot.waitExposed(window)
    dock = window.queue_dock
    assert dock.isVisible() and dock.panel.model.rowCount() == 3
    assert_on_screen(window, screen)
    assert screen.contains(screen_rect(window.statusBar(), window))
    for button in dock.panel.buttons.values():
        assert screen.contains(screen_rect(button, window)), button.text()
    # A client file open beside (or above) the dock: the page that needs the most room.
    from casefile.records import Client

    client = Client("Haddad", "Amal", dt.date(1990, 3, 12), sex="f", nationalities=["SYR"])
    ctx.store.create_client(client)
    window.open_client(client.id)
    qtbot.waitUntil(lambda: window.open_client_count() == 1, timeout=5000)
    qtbot.wait(100)
    assert dock.isVisible()
    assert_on_screen(window, screen)
    for button in dock.panel.buttons.values():
        assert screen.contains(screen_rect(button, window)), button.text()


def test_main_window_with_the_mediators_pool_page(ctx, qtbot, screen):
    """The pool's unit on the Sprachmittlung page (each tab, with the demo pool, its bookings
    and hours): the page, its buttons and the status bar on the screen."""
    from casefile import codec
    from casefile.policy import Policy
    from demodata.offers import mediation, mediator_pool
    from desktop.permissions import Permissions, User
    from desktop.store import mediation as pool_store, schema as t
    from desktop.ui.main_window import PAGE_MEDIATION, MainWindow

    ctx.permissions = Permissions(
        User("s.fischer", ("caseworker",), ("volunteering",)), Policy.load()
    )
    pool = mediator_pool(dt.date.today())
    for m in pool:
        pool_store.save_mediator(ctx.store, m)
    with ctx.store.engine.begin() as conn:
        for x in mediation(pool, [None] * 24, dt.date.today()):  # type: ignore[list-item]
            table = t.mediator_booking if codec.kind_of(x) == "mediator_booking" else t.hours_entry
            ctx.store._insert(conn, table, codec.kind_of(x), codec.encode(x))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.restore_geometry(b"")
    window.showNormal()
    window.move(screen.topLeft())
    window.resize(screen.marginsRemoved(FRAME).size())
    window.nav.setCurrentRow(PAGE_MEDIATION)
    window.mediation.refresh()
    qtbot.waitExposed(window)
    assert not window.nav.isRowHidden(PAGE_MEDIATION)
    page = window.mediation
    assert page.booking_model.rowCount() > 0 and page.pool_model.rowCount() > 0
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        assert_on_screen(window, screen)
        for button in page.tabs.currentWidget().findChildren(QPushButton):
            assert screen.contains(screen_rect(button, window)), button.text()
    assert screen.contains(screen_rect(window.statusBar(), window))


def test_main_window_with_the_groups_page(ctx, qtbot, screen):
    """The Gruppen page with a series and a past session (issue 20): page, buttons and the
    status bar on the screen."""
    from desktop.store import groups as store_groups
    from desktop.ui.main_window import PAGE_GROUPS, MainWindow

    store_groups.plan(ctx.store, [_group_session()])
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.restore_geometry(b"")
    window.showNormal()
    window.move(screen.topLeft())
    window.resize(screen.marginsRemoved(FRAME).size())
    window.nav.setCurrentRow(PAGE_GROUPS)
    window.groups.when.setCurrentIndex(2)
    qtbot.waitExposed(window)
    assert not window.nav.isRowHidden(PAGE_GROUPS)
    assert window.groups.model.rowCount() == 1
    assert_on_screen(window, screen)
    for button in window.groups.findChildren(QPushButton):
        assert screen.contains(screen_rect(button, window)), button.text()
    assert screen.contains(screen_rect(window.statusBar(), window))


def test_a_saved_geometry_of_a_bigger_screen_is_brought_inside(ctx, qtbot, screen):
    from desktop.ui.main_window import MainWindow

    before = MainWindow(ctx)
    qtbot.addWidget(before)
    before.setGeometry(300, 200, 1800, 1100)  # on a desk monitor
    saved = before.saveGeometry()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.restore_geometry(saved.data())
    window.show()
    qtbot.waitExposed(window)
    assert not window.isMaximized()
    assert_on_screen(window, screen)
    assert screen.contains(screen_rect(window.statusBar(), window))


# Every window and dialog of desktop/ui, each opened as the app opens it (in each of its
# states that changes what it shows). A new dialog must be added here:
# test_every_window_of_the_ui_is_listed fails until it is.
def _client_dialogs(env):
    from desktop.ui.client_dialog import ClientDialog

    return [ClientDialog(env.ctx), ClientDialog(env.ctx, env.ctx.store.client_snapshot(env.cid))]


def _consultation(env):
    from desktop.ui.consultation_form import ConsultationDialog

    return [ConsultationDialog(env.ctx, env.cid, "Haddad, Samira")]


def _consultation_view(env):
    from desktop.ui.timeline import ConsultationViewDialog

    note = "\n".join(f"Absatz {i}: Unterlagen zur Anerkennung besprochen." for i in range(80))
    return [ConsultationViewDialog(new_consultation(env.cid, note=note))]


def _task(env):
    from desktop.ui.sections import TaskDialog

    return [TaskDialog(env.ctx, env.cid)]


def _picker(env):
    from desktop.ui.household import ClientPickerDialog

    return [ClientPickerDialog(env.ctx, env.cid, "Haddad, Samira")]


def _audit(env):
    from desktop.ui.audit_view import AuditDialog

    return [AuditDialog(env.ctx, None)]


def _queue_stats(env):
    from desktop.ui.queue_stats_view import QueueStatsDialog

    empty = QueueStatsDialog(env.ctx, None, ["lra_naumburg", "lra_weissenfels"])
    full = QueueStatsDialog(env.ctx, None, ["lra_naumburg"])
    wait = {"count": 40, "median": 12.5, "p90": 48.0, "mean": 17.2}
    units = ("abh", "asylblg", "housing", "integration", "jobcenter", "employment_agency")
    full._loaded(
        {
            "location": "lra_naumburg",
            "from": "2026-03-01",
            "to": "2026-03-31",
            "visits": 412,
            "waiting": wait,
            "by_unit": {
                u: {"visits": 80, "waiting": wait, "service": wait, "no_shows": 3} for u in units
            },
            "by_hour": {f"{h:02d}": wait for h in range(7, 18)},
            "by_weekday": {d: wait for d in ("Mo", "Di", "Mi", "Do", "Fr")},
            "no_shows": 18,
            "hops": {"0": 380, "1": 29, "2": 3},
            "transfers": [{"from": "abh", "to": "asylblg", "count": 20}],
            "languages": {"ar": 120, "uk": 200, "de": 92},
            "interpreter": {"ar": 60, "uk": 80},
            "concerns": {"residence": 200, "benefits": 212},
        },
        "lra_naumburg",
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 31),
    )
    return [empty, full]


def _needs(env):
    from casefile.needs import Cell
    from desktop.store.needs import Report
    from desktop.ui.needs_view import NeedsDialog

    empty = NeedsDialog(env.ctx, None)
    full = NeedsDialog(env.ctx, None)
    places = ("dez_hohenmoelsen", "dez_teuchern", "lra_naumburg", "dez_zeitz")
    cells = [
        Cell(f"2026-{m:02d}", topic, lang, place, 3, 11, {"no_capacity": 2, "language": 1})
        for m in (1, 2, 3)
        for topic in ("language_course", "housing", "health")
        for lang in ("ar", "prs", "uk")
        for place in places
    ]
    full._loaded(Report(dt.date(2026, 1, 1), dt.date(2026, 3, 31), cells, 1200))
    return [empty, full]


def _conflicts(env):
    from desktop.ui.conflicts_view import ConflictsDialog

    return [ConflictsDialog(env.ctx, None)]


def _duplicates(env):
    from desktop.ui.duplicates_view import DuplicatesDialog

    return [DuplicatesDialog(env.ctx, None)]


def _login(env):
    from desktop.ui.sync_status import LoginDialog

    return [LoginDialog(env.ctx, lambda *a: None, "https://mia.example", "a.schneider")]


def _setup(env):
    from desktop.ui.unlock import SetupDialog

    busy = SetupDialog(lambda *a: None, "https://mia.example", "a.schneider")
    busy.set_busy(True)  # while the server answers: the bar and its text
    return [
        SetupDialog(None, "", "a.schneider"),
        SetupDialog(lambda *a: None, "https://mia.example", "a.schneider"),
        SetupDialog(lambda *a: None, "https://mia.example", "a", locked_server=True),
        busy,
    ]


def _unlock(env):
    from desktop.ui.unlock import UnlockDialog

    return [UnlockDialog(env.keyfile), UnlockDialog(env.keyfile, locked=True)]


def _password(env):
    from desktop.ui.password import ChangePasswordDialog

    return [
        ChangePasswordDialog(lambda old, new: None, "a.schneider"),
        ChangePasswordDialog(lambda old, new: None, "a.schneider", required=True),
    ]


def _queue(env):
    from casefile.directory import Directory
    from desktop.ui.queue_dialogs import TransferDialog

    return [TransferDialog(_ticket(), ["asylblg", "housing"], Directory())]


def _link(env):
    from desktop.ui.queue_dialogs import LinkClientDialog

    return [LinkClientDialog(env.ctx, _ticket())]


def _referral(env):
    from demodata.offers import directory
    from desktop.store import schema as t
    from desktop.ui.referral_dialog import ReferralDialog

    with env.ctx.store.engine.begin() as conn:  # the demo directory, as a pull left it
        for r in directory(env.ctx.today()):
            table = t.provider if codec.kind_of(r) == "provider" else t.offer
            conn.execute(table.insert().values(**codec.encode(r), created_at="2026-01-01"))
    dialog = ReferralDialog(env.ctx, env.cid, "Haddad, Samira", topics=["language_course"])
    dialog.by_agency.setChecked(True)  # the refusal's long sentence shown
    return [dialog]


def _referral_outcome(env):
    from casefile.records import Referral
    from desktop.store import referrals
    from desktop.ui.referral_outcome import ReferralOutcomeDialog

    ref = Referral(
        env.cid,
        "Migrationsberatung für erwachsene Zuwanderer (MBE)",
        "Anerkennung",
        env.ctx.today(),
    )
    referrals.add(env.ctx.store, ref)
    dialog = ReferralOutcomeDialog(env.ctx, referrals.snapshot(env.ctx.store, ref.id))
    dialog._show_elsewhere({"status": "accepted", "feedback": "Termin am 12. vereinbart"})
    return [dialog]


def _ticket():
    import datetime as dt

    from casefile.records import WalkInTicket

    now = dt.datetime.now(dt.UTC)
    return WalkInTicket("lra_naumburg", now.date(), "A-017", now, "benefits", "abh")


def _directory(env):
    import datetime as dt

    from demodata.offers import directory
    from desktop.store import offers

    offers.seed(env.ctx.store.engine, directory(dt.date.today()))
    return offers.load(env.ctx.store)


def _offer(env):
    from desktop.ui.offer_dialog import OfferDialog

    d = _directory(env)
    # The one with the most places and languages: the tallest rows.
    fullest = max(d.offers.values(), key=lambda o: len(o.places) + len(o.languages))
    return [OfferDialog(env.ctx, d), OfferDialog(env.ctx, d, fullest.id)]


def _provider(env):
    from desktop.ui.offer_dialog import ProviderDialog

    d = _directory(env)
    return [ProviderDialog(env.ctx), ProviderDialog(env.ctx, next(iter(d.providers)))]


def _pool_user(env):
    from casefile.policy import Policy
    from desktop.permissions import Permissions, User

    env.ctx.permissions = Permissions(
        User("s.fischer", ("caseworker",), ("volunteering",)), Policy.load()
    )


def _mediator(env):
    from demodata.offers import mediator_pool
    from desktop.ui.mediator_dialog import MediatorDialog

    _pool_user(env)
    full = mediator_pool(dt.date.today())[0]
    full.areas = ["lra_naumburg", "dez_zeitz", "dez_luetzen", "gu_naumburg"]
    return [MediatorDialog(env.ctx), MediatorDialog(env.ctx, full)]


def _booking(env):
    from demodata.offers import mediator_pool
    from desktop.store import mediation as pool_store
    from desktop.ui.booking_dialog import BookingDialog

    asking = BookingDialog(env.ctx, client_id=env.cid, client_name="Haddad, Samira")
    _pool_user(env)
    for m in mediator_pool(dt.date.today()):
        m.areas.append("lra_naumburg")
        pool_store.save_mediator(env.ctx.store, m)
    booking = BookingDialog(env.ctx, client_id=env.cid, client_name="Haddad, Samira", language="ar")
    return [asking, booking]


# --- issue 20: group sessions ---
def _group_session(with_people: int = 0):
    from casefile import groups

    start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(hours=2)
    return groups.one_off(
        unit="integration",
        title="Wohnschulung für Familien in Gemeinschaftsunterkünften",
        topic="housing",
        starts_at=start,
        location="dez_nebra",
        duration_min=120,
        languages=["ar", "prs", "uk"],
        mediator_name="Ghada Kurdi",
    )


def _session_dialog(env):
    from desktop.ui.group_dialogs import SessionDialog

    return [SessionDialog(env.ctx), SessionDialog(env.ctx, _group_session())]


def _attendance(env):
    from casefile.records import Client
    from desktop.store import groups as store_groups
    from desktop.ui.group_dialogs import AttendanceDialog

    session = _group_session()
    people = [
        env.ctx.store.create_client(
            Client("Abdulrahman-Al-Hashimi", "Mohammed Yusuf", dt.date(1980, 1, 1 + i))
        )
        for i in range(14)
    ]
    session.participant_ids = people
    store_groups.plan(env.ctx.store, [session])
    dialog = AttendanceDialog(env.ctx, session)
    dialog.load()
    return [dialog]


# --- issue 20: consulting hours ---
def _hours(env):
    from demodata.consulting_hours import demo_records
    from desktop.store import offers
    from desktop.ui.hours_dialog import HoursDialog

    hours = demo_records(dt.date.today())
    nebra = next(h for h in hours if h.location == "dez_nebra")  # exceptions and an extra day
    offers.seed(env.ctx.store.engine, hours)
    return [HoursDialog(env.ctx), HoursDialog(env.ctx, nebra.id)]


# --- issue 20: support plan ---
def _saved_plan(env):
    from desktop.store import plans
    from tests.desktop.test_support_plan_store import _plan

    plan, goals, steps = _plan(env.cid, case_manager="a.schneider")
    goals[0].text = "Eine eigene Wohnung in Naumburg, nah an Schule und Kita der Kinder."
    plans.save(env.ctx.store, plan, goals, steps)
    return plans.snapshot(env.ctx.store, env.cid)


def _plan_dialog(env):
    from desktop.store import plans
    from desktop.ui.plan_dialog import PlanDialog

    empty = {"snapshot": plans.snapshot(env.ctx.store, env.cid), "offers": []}
    new = PlanDialog(env.ctx, env.cid, "Haddad, Samira", empty, language="ar")
    full = {"snapshot": _saved_plan(env), "offers": [("x", "Integrationskurs (Volkshochschule)")]}
    return [new, PlanDialog(env.ctx, env.cid, "Haddad, Samira", full)]


def _plan_review(env):
    from desktop.ui.plan_review import PlanReviewDialog

    return [PlanReviewDialog(env.ctx, _saved_plan(env))]


def _plan_signature(env):
    from desktop.ui.plan_review import SignatureDialog

    return [SignatureDialog(env.ctx, _saved_plan(env))]


# --- issue 21: reports ---
def _report_cell(env):
    from desktop.ui.report_parts import CellFilesDialog

    clients = [
        {"id": f"c{i}", "name": f"Abdulrahman-Al-Khatib, Mohammed Nour {i}", "birth_date": None}
        for i in range(40)
    ]
    caption = "Beratene Personen · Integrationsberatung · 11/2026"
    return [
        CellFilesDialog({"clients": clients, "hidden": 17}, caption),
        CellFilesDialog({"clients": [], "hidden": 0}, caption),
    ]


def _report_month(env):
    import datetime as dt

    from desktop.ui.report_parts import MonthlyDialog

    return [MonthlyDialog(dt.date(2026, 11, 1))]


# --- issue 21: project participation and funder lists ---
def _participation(env):
    from casefile.records import ProjectParticipation
    from desktop.ui.project_section import ParticipationDialog

    part = ProjectParticipation(env.cid, "bleib_arbeit", env.ctx.today())
    return [ParticipationDialog(env.ctx, env.cid), ParticipationDialog(env.ctx, env.cid, part)]


def _funder_list(env):
    from desktop.ui.funder_dialog import FunderListDialog

    return [FunderListDialog(env.ctx, None)]


WINDOWS = {
    "HoursDialog": _hours,  # issue 20
    "AuditDialog": _audit,
    "BookingDialog": _booking,
    "MediatorDialog": _mediator,
    "ChangePasswordDialog": _password,
    "ClientDialog": _client_dialogs,
    "ClientPickerDialog": _picker,
    "ConflictsDialog": _conflicts,
    "ConsultationDialog": _consultation,
    "ConsultationViewDialog": _consultation_view,
    "DuplicatesDialog": _duplicates,
    "LinkClientDialog": _link,
    "LoginDialog": _login,
    "OfferDialog": _offer,
    "ProviderDialog": _provider,
    "NeedsDialog": _needs,
    "QueueStatsDialog": _queue_stats,
    "ReferralDialog": _referral,
    "ReferralOutcomeDialog": _referral_outcome,
    "SetupDialog": _setup,
    "TaskDialog": _task,
    "TransferDialog": _queue,
    "UnlockDialog": _unlock,
    "SessionDialog": _session_dialog,  # issue 20
    "AttendanceDialog": _attendance,  # issue 20
    # --- issue 20: support plan ---
    "PlanDialog": _plan_dialog,
    "PlanReviewDialog": _plan_review,
    "SignatureDialog": _plan_signature,
    # --- issue 21 ---
    "ParticipationDialog": _participation,
    "FunderListDialog": _funder_list,
    # --- issue 21: reports ---
    "CellFilesDialog": _report_cell,
    "MonthlyDialog": _report_month,
    # MainWindow: test_main_window_and_its_status_bar and the saved-geometry test below.
}
# bases of dialogs, never shown themselves
BASES = {"ReviewDialog", "_RecordDialog", "_Dialog", "_PlanFormDialog"}
MAIN = {"MainWindow"}


def test_every_window_of_the_ui_is_listed():
    import importlib
    import inspect
    import pkgutil

    from PySide6.QtWidgets import QDialog, QMainWindow

    import desktop.ui

    found = set()
    for info in pkgutil.iter_modules(desktop.ui.__path__):
        module = importlib.import_module(f"desktop.ui.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, (QDialog, QMainWindow)):
                found.add(name)
    assert found == set(WINDOWS) | BASES | MAIN


@pytest.fixture
def env(ctx, client_id, tmp_path, quick_kdf, ring):
    from types import SimpleNamespace

    from desktop.store.keys import KeyFile

    keyfile = KeyFile.for_store(tmp_path / "store.sqlite")
    keyfile.create("a.schneider", "richtig-123")
    return SimpleNamespace(ctx=ctx, cid=client_id, keyfile=keyfile)


@pytest.mark.parametrize("name", sorted(WINDOWS))
def test_every_dialog_fits_with_its_buttons_whole(name, env, qtbot, screen):
    for dialog in WINDOWS[name](env):
        assert type(dialog).__name__ == name
        show_dialog(qtbot, dialog, screen)
        dialog.close()


def test_no_button_changes_its_font_with_its_state():
    """A font set for a state (``QPushButton:default { font-weight: 600 }``) is painted but left
    out of the button's size: the text of every default button was cut ("Anmelder")."""
    import re

    from resources import path as resource_path

    qss = resource_path("styles", "mia.qss").read_text(encoding="utf-8")
    qss = re.sub(r"/\*.*?\*/", "", qss, flags=re.S)
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", qss):
        stateful = [
            sel for sel in selectors.split(",") if re.search(r"QPushButton(#\w+)?:", sel.strip())
        ]
        if stateful:
            assert "font" not in body, (stateful, body)


def test_fit_to_screen_shrinks_and_moves_a_window_inside(qtbot, screen):
    window = QWidget()
    qtbot.addWidget(window)
    window.move(300, 200)
    window.resize(1800, 1100)  # as saved on a desk monitor
    window.setMinimumSize(400, 300)
    screen_fit.fit_to_screen(window)
    assert area_has_window(screen, window)
    assert window.size() == screen.marginsRemoved(FRAME).size()
    window.resize(500, 400)
    window.move(screen.right() - 100, screen.bottom() - 50)  # mostly off the screen
    screen_fit.fit_to_screen(window)
    assert area_has_window(screen, window) and window.size().toTuple() == (500, 400)


def area_has_window(area: QRect, window: QWidget) -> bool:
    return area.contains(outer_rect(window))
