"""Render the main screens with demo data into docs/screenshots/ (offscreen, no display needed).

QT_QPA_PLATFORM=offscreen python tools/screenshots.py [--lang de|en] [--laptop]

--laptop: only the main window (today, tasks, a client file with its timeline and consents),
the consultation form and the first login while it works, on a 1366×768 screen (less a
40-pixel taskbar), as *_1366.png.

--directory: the directory of offers (Angebote) on a 1366×768 screen, offline with the demo's
directory: a search for an Arabic-speaking client in Nebra, and coordination's edit dialog.
--mediation: the language mediators' pool page (pool, a booking being assigned, the allowance
list) on a 1366×768 screen.

--queue: the caseworker's queue panel with the demo's morning of walk-ins at the main site,
synced from the embedded demo server (a real server process, so it takes a minute): the main
window with the dock on a 1366×768 screen and on a desk monitor, the transfer dialog and the
waiting statistics ("Wartestatistik …").

--referrals: the referral slip in Arabic (PDF of a demo offer, rendered with pdftoppm) and
coordination's "Ungedeckte Bedarfe …" over the demo's referrals of the last twelve months.

--ticket: the printed walk-in ticket (A6, Qt PDF rendered with pdftoppm) of an Arabic-speaking
client, as docs/screenshots/ticket_ar.png.

--groups: group sessions (issue 20) on a 1366×768 screen: the Gruppen page with a Wohnschulung
series, the attendance sheet of its third evening, a participant's timeline with the group
consultation, and a participation certificate in Dari (PDF rendered with pdftoppm).
--hours (issue 20): the consulting hours on a 1366×768 screen -- the week on the Angebote page's
"Sprechstunden" tab, every rule, coordination's dialog with cancelled and added days -- then the
waiting-room display with the hours of its place (a real server, headless Chromium) and the
directory web export's "Sprechstunden" page (the browser tests write them).
--reports (issue 21): the Berichte page on a 1366×768 screen with the embedded demo server's
figures (consultations by unit and month of the last quarter, intern and for publication) and
the drill-down list of a cell; needs the server's report endpoints (docs/reports.md).
--plan: the support plan (issue 20) on a 1366×768 screen: the client file's Förderplan tab, the
plan dialog with steps for three units, and the printed plan's Dari page (pdftoppm).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
# The usable area of the screen the windows are fitted to (desktop.ui.screen_fit): the
# offscreen platform's own screen is 800×800.
DESK = (0, 0, 1920, 1040)
LAPTOP = (0, 0, 1366, 768 - 40)


def use_screen(rect: tuple[int, int, int, int]) -> None:
    from PySide6.QtCore import QRect

    from desktop.ui import screen_fit

    area = QRect(*rect)
    screen_fit.available_geometry = lambda widget=None: area
    # ... and a real title bar, not the offscreen platform's 2-pixel frame.
    screen_fit.frame_margins = lambda widget: screen_fit.FRAME


ERRORS: list[str] = []  # unexpected errors in the app's slots (with fail_fast)


def fail_fast() -> None:
    """An unexpected error in a slot ends the run with its traceback: the app's own crash
    handler shows a modal box, which nobody clicks away here, so the run would hang."""

    def hook(exc_type, exc, tb) -> None:
        ERRORS.append("".join(traceback.format_exception(exc_type, exc, tb)))

    sys.excepthook = hook


def check() -> None:
    if ERRORS:
        raise SystemExit("unexpected error in the app:\n" + ERRORS[0])


def wait_until(app, done, seconds: float, what: str) -> None:
    """Let the app run until *done()* (at most *seconds*), saying what it waits for."""
    print("waiting for", what, flush=True)
    end = time.time() + seconds
    while not done():
        check()
        if time.time() > end:
            raise SystemExit(f"gave up after {seconds:.0f} s waiting for {what}")
        app.processEvents()
        time.sleep(0.05)


def settle(app, ctx, ms: int = 300) -> None:
    end = time.time() + ms / 1000
    while time.time() < end or ctx.ops.pending:
        check()
        app.processEvents()
        time.sleep(0.01)
        if time.time() > end + 10:
            break
    check()


def ticket_shot() -> None:
    """The A6 walk-in ticket with an Arabic line, as printed at the reception."""
    import datetime as dt
    import subprocess

    from PySide6.QtGui import QGuiApplication

    from casefile import catalogs, queue
    from desktop import ticket_print

    app = QGuiApplication.instance() or QGuiApplication([])
    slip = ticket_print.Slip(
        number="A-017",
        unit=catalogs.load("unit").label("asylblg"),
        room=queue.default_rules().room("lra_naumburg", "asylblg"),
        location=catalogs.load("location").label("lra_naumburg"),
        arrived_at=dt.datetime.now(dt.UTC).replace(hour=8, minute=41),
        language="ar",
    )
    pdf = ticket_print.write_pdf(slip, Path(tempfile.mkdtemp()) / "Wartemarke.pdf")
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "ticket_ar"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "120", "-singlefile", str(pdf), str(target)], check=True
    )
    print("wrote", target.with_suffix(".png"))
    del app


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--lang", default="de")
    p.add_argument("--laptop", action="store_true", help="only the 1366×768 screenshots")
    p.add_argument(
        "--queue", action="store_true", help="only the queue panel (with the demo server)"
    )
    p.add_argument("--directory", action="store_true", help="only the directory of offers")
    p.add_argument(
        "--mediation", action="store_true", help="only the language mediators' pool page"
    )
    p.add_argument("--referral", action="store_true", help="only the referral dialogs")
    p.add_argument("--slip", action="store_true", help="only the referral slip and the unmet needs")
    p.add_argument("--ticket", action="store_true", help="only the printed walk-in ticket")
    p.add_argument("--groups", action="store_true", help="only the group sessions (issue 20)")
    p.add_argument("--hours", action="store_true", help="only the consulting hours (issue 20)")
    p.add_argument("--plan", action="store_true", help="only the support plan (issue 20)")
    p.add_argument("--reports", action="store_true", help="only the report page (issue 21)")
    args = p.parse_args()
    if args.ticket:
        ticket_shot()
        return
    if args.reports:  # --- issue 21: reports ---
        reports_shots(args.lang)
        return
    if args.queue:
        queue_shots(args.lang)
        return
    if args.slip:
        slip_and_needs_shots(args.lang)
        return
    use_screen(LAPTOP if args.directory or args.hours or args.plan else DESK)
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    from desktop.app import parse_args, start

    store = Path(tempfile.mkdtemp()) / "demo.sqlite"
    app, window, ctx = start(
        parse_args(["--demo", "--offline", "--store", str(store), "--lang", args.lang])
    )
    suffix = "" if args.lang == "de" else f"_{args.lang}"
    OUT.mkdir(parents=True, exist_ok=True)
    window.resize(1360, 860)
    settle(app, ctx, 600)

    def shot(widget, name):
        settle(app, ctx)
        widget.grab().save(str(OUT / f"{name}{suffix}.png"))
        print("wrote", OUT / f"{name}{suffix}.png")

    for dialog in app.topLevelWidgets():
        if dialog is not window and dialog.isVisible():
            dialog.close()
    if args.directory:
        directory_shots(app, ctx, window, shot)
        window.close()
        ctx.ops.wait(3000)
        return
    if args.hours:  # issue 20
        hours_shots(app, ctx, window, shot)
        window.close()
        ctx.ops.wait(3000)
        hours_browser_shots()
        return
    if args.mediation:
        mediation_shots(app, ctx, window, shot)
        return
    if args.groups:
        groups_shots(app, ctx, window, shot)
        return
    if not args.laptop and not args.referral and not args.plan:
        window.nav.setCurrentRow(0)
        shot(window, "main_today")
        window.nav.setCurrentRow(2)
        shot(window, "main_tasks")
        reception_shots(app, ctx, window, shot, "reception")

    # A client with a rich history, found through another spelling of the name.
    busiest = max(ctx.store.recent_clients(40), key=lambda s: len(ctx.store.timeline(s.id)))
    window.focus_search()
    window.search.field.setText(f"{busiest.family_name[:5]} {busiest.given_names[:3]}")
    settle(app, ctx, 400)
    window.open_client(busiest.id)
    settle(app, ctx, 400)
    if args.laptop:
        laptop_shots(app, ctx, window, busiest, shot)
        return
    if args.plan:  # issue 20: support plan
        plan_shots(app, ctx, window, busiest, shot)
        window.close()
        ctx.ops.wait(3000)
        return
    if args.referral:
        referral_shots(app, ctx, window, busiest, shot)
        window.close()
        ctx.ops.wait(3000)
        return
    shot(window, "main_client_file")
    referral_shots(app, ctx, window, busiest, shot)

    # Consents: record, print the form in the client's language, record a withdrawal.
    import datetime as dt

    from casefile.records import Consent

    view = window._open.get(busiest.id)
    if view is not None:
        ctx.store.add_consent(
            Consent(
                busiest.id,
                ["jobcenter", "integration"],
                ["master_data", "jobcenter"],
                "Abstimmung zur Arbeitsaufnahme",
                dt.date.today() - dt.timedelta(days=20),
                dt.date.today() + dt.timedelta(days=345),
                form_reference="EW-2026-0142",
            )
        )
        ctx.bus.changed.emit("consent", busiest.id)
        settle(app, ctx, 400)
        view.tabs.setCurrentWidget(view.consent_section)
        view.consent_section.table.selectRow(0)
        shot(window, "consent_tab")
        from desktop import consent_form

        client = ctx.store.get_client(busiest.id)
        pdf = Path(tempfile.mkdtemp()) / "form.pdf"
        consent = ctx.store.client_file(busiest.id).consents[0]
        consent_form.write_pdf(consent, client, "ar", pdf)
        import subprocess

        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "2",
                "-l",
                "2",
                "-singlefile",
                str(pdf),
                str(OUT / "consent_form_ar"),
            ],
            check=False,
        )

    from desktop.store.keys import KeyFile
    from desktop.ui.unlock import UnlockDialog

    dialog = UnlockDialog(KeyFile.for_store(store), locked=True)
    dialog.show()
    shot(dialog, "unlock")
    dialog.close()

    # Issue 6: a first login with the server set (and locked) by IT's machine configuration,
    # and the message for a malformed configuration file.
    from PySide6.QtWidgets import QMessageBox

    from desktop.machine_config import ConfigError
    from desktop.ui.unlock import SetupDialog

    setup = SetupDialog(
        lambda *a: None, "https://mia.landkreis.example", "a.schneider", locked_server=True
    )
    setup.show()
    shot(setup, "first_login_locked_server")
    setup.close()
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        app.translate("app", "Konfiguration fehlerhaft"),
        str(ConfigError(Path("/etc/mia-desk/config.toml"), 5, "Unbekannter Standort 'mond'.")),
        parent=window,
    )
    box.show()
    shot(box, "config_error")
    box.close()

    from desktop.ui.consultation_form import ConsultationDialog

    dialog = ConsultationDialog(ctx, busiest.id, busiest.display_name, parent=window)
    dialog.show()
    shot(dialog, "consultation_form")
    dialog.close()

    from desktop.ui.client_dialog import ClientDialog

    client = ctx.store.get_client(busiest.id)
    dialog = ClientDialog(ctx, parent=window)
    dialog.show()
    if hasattr(dialog, "fill_for_screenshot"):
        dialog.fill_for_screenshot(client)
    shot(dialog, "new_client")
    dialog.close()

    # The review queue of possible duplicates, against a real demo server (seeded with people
    # registered twice; the demo user coordinates).
    from desktop.store.repo import Store
    from desktop.sync.embedded import EmbeddedServer
    from desktop.ui.duplicates_view import DuplicatesDialog

    server = EmbeddedServer(Path(tempfile.mkdtemp()) / "server", clients=1500)
    laptop = Store.open(Path(tempfile.mkdtemp()) / "reviewer.sqlite")
    connection = server.connection(laptop)
    connection.prepare()  # starts and seeds the server, registers the laptop
    try:
        dialog = DuplicatesDialog(ctx, connection, parent=window)
        dialog.resize(1180, 640)
        dialog.show()
        settle(app, ctx, 1500)
        dialog.pairs.selectRow(min(1, dialog.pair_model.rowCount() - 1))
        shot(dialog, "duplicates_review")
        dialog.close()
        from desktop.ui.audit_view import AuditDialog

        audit = AuditDialog(ctx, connection, "", parent=window)
        audit.resize(1100, 560)
        audit.show()
        audit.load()
        settle(app, ctx, 1500)
        shot(audit, "audit_log")
        audit.close()
    finally:
        server.stop()
        laptop.close()
    window.close()
    ctx.ops.wait(3000)


def directory_shots(app, ctx, window, shot) -> None:
    """Angebote on a 1366×768 laptop: a caseworker looks for counseling on residence in Arabic
    for a client in Nebra; then coordination (the directory's maintainers) edits the entry."""
    from casefile.policy import Policy
    from desktop.permissions import Permissions, User
    from desktop.ui.main_window import PAGE_DIRECTORY
    from desktop.ui.screen_fit import FRAME

    window.resize(LAPTOP[2], LAPTOP[3] - FRAME.top())  # maximised: the title bar stays
    window.queue_dock.hide()  # in the village hall: no walk-in queue beside it
    window.nav.setCurrentRow(PAGE_DIRECTORY)
    view = window.directory
    settle(app, ctx, 400)
    for combo, code in (
        (view.topic, "residence"),
        (view.language, "ar"),
        (view.place, "dez_nebra"),
    ):
        combo.setCurrentIndex(combo.findData(code))
    shot(window, "directory")
    # Coordination keeps the directory: its buttons and the dialog (the demo user, a
    # caseworker of the integration unit, reads it only).
    ctx.permissions = Permissions(
        User("k.koordination", ("coordination",), ("coordination",)), Policy.load()
    )
    view._offer_maintenance()
    dialog = view.open_offer(view.current_offer_id())
    settle(app, ctx, 400)
    dialog.verify_today()
    shot(dialog, "directory_edit")
    dialog.tabs.setCurrentIndex(2)
    row = dialog.hours.add()
    row.days[2].setChecked(True)
    row.note.setText("Sprechstunde im Bürgerhaus Nebra")
    shot(dialog, "directory_edit_hours")
    dialog.tabs.setCurrentIndex(1)
    shot(dialog, "directory_edit_places")
    dialog.done(0)  # (reject() would ask before the input is thrown away)


# --- issue 20: consulting hours ---
def hours_shots(app, ctx, window, shot) -> None:
    """Sprechstunden on a 1366×768 laptop: the week (the demo's county), every rule in words,
    and coordination's dialog of the Nebra hours (a cancelled Tuesday, a Thursday instead)."""
    import datetime as dt

    from casefile.policy import Policy
    from desktop.permissions import Permissions, User
    from desktop.ui.main_window import PAGE_DIRECTORY
    from desktop.ui.screen_fit import FRAME

    window.resize(LAPTOP[2], LAPTOP[3] - FRAME.top())
    window.queue_dock.hide()
    ctx.permissions = Permissions(
        User("k.koordination", ("coordination",), ("coordination",)), Policy.load()
    )
    window.nav.setCurrentRow(PAGE_DIRECTORY)
    window.directory_page.setCurrentWidget(window.hours)
    view = window.hours
    view._offer_maintenance()
    settle(app, ctx, 400)
    nebra = next(h for h in view.hours if h.location == "dez_nebra")
    moved = nebra.extra_dates[0]  # the week with Nebra's Tuesday cancelled, held on Thursday
    view.monday = moved - dt.timedelta(days=moved.weekday())
    view.place.setCurrentIndex(0)
    view.show_rows()
    view.table.scrollTo(view.model.index(8, 0))
    shot(window, "hours_week")
    view.rules.setChecked(True)
    view.unit.setCurrentIndex(view.unit.findData("integration"))
    shot(window, "hours_rules")
    view.rules.setChecked(False)
    view.unit.setCurrentIndex(0)
    view.this_week()
    dialog = view.open_hours(nebra.id)
    settle(app, ctx, 400)
    shot(dialog, "hours_edit")
    dialog.done(0)


def hours_browser_shots() -> None:
    """The waiting-room display with the hours of its place and the web export's hours page,
    written by their browser tests (headless Chromium; skipped where it is missing)."""
    import subprocess

    env = {
        **os.environ,
        "MIA_DISPLAY_HOURS_SCREENSHOT": str(OUT / "display_hours.png"),
        "MIA_DIRECTORY_HOURS_SCREENSHOT": str(OUT / "directory_web_hours.png"),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/server/test_display_hours_browser.py::"
            "test_the_display_shows_the_hours_of_its_place_and_nothing_of_a_client",
            "tests/server/test_directory_web_hours_browser.py::"
            "test_the_hours_page_says_where_and_when_with_exceptions",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    for name in ("display_hours", "display_hours_1366", "directory_web_hours"):
        print("wrote", OUT / f"{name}.png")


def referral_shots(app, ctx, window, client, shot) -> None:
    """Issue 19: the referral dialog from the client file (the directory ranked for the need,
    a consent refused) and the card opened to record the outcome."""
    import datetime as dt

    from casefile import codec
    from casefile.records import Referral
    from demodata.offers import directory
    from desktop.store import schema as t

    with ctx.store.engine.begin() as conn:  # the demo directory, as a sync brings it
        if conn.execute(t.offer.select().limit(1)).first() is None:
            for r in directory(dt.date.today()):
                table = t.provider if codec.kind_of(r) == "provider" else t.offer
                conn.execute(table.insert().values(**codec.encode(r), created_at="2026-01-01"))
    view = window._open.get(client.id)
    if view is None:
        return
    dialog = view.new_referral()
    dialog.topic.set_code("language_course")
    dialog.location.set_code("lra_zeitz")
    dialog.reason.setText("Integrationskurs mit Kinderbetreuung")
    settle(app, ctx, 400)
    dialog.hits.setCurrentCell(0, 0)
    shot(dialog, "referral_dialog")
    dialog.by_agency.setChecked(True)
    dialog.save()
    shot(dialog, "referral_consent_refused")
    dialog.reason.clear()
    dialog.close()
    ref = Referral(
        client.id,
        "Schuldnerberatung",
        "Mietschulden, Mahnung vom Vermieter",
        dt.date.today() - dt.timedelta(days=16),
        status="sent",
        target_kind="external",
        referred_by="a.schneider",
        referring_unit="integration",
    )
    ctx.store.add_referral(ref)
    view.timeline.referral_opened.connect(lambda d: setattr(view, "_shot_dialog", d))
    view.timeline.open_referral(ref.id)
    settle(app, ctx, 400)
    outcome = getattr(view, "_shot_dialog", None)
    if outcome is not None:
        outcome.status.set_code("failed")
        outcome.failure.set_code("no_capacity")
        outcome.feedback.setPlainText("Beratungsstelle hat erst im März wieder Termine frei.")
        shot(outcome, "referral_outcome")
        outcome.feedback.clear()
        outcome.status.set_code("sent")
        outcome.close()


# --- issue 20: support plan ---
def plan_shots(app, ctx, window, client, shot) -> None:
    """The Förderplan tab of a client file with a plan whose steps go to three units, the
    plan dialog, and the Dari page of the printed plan -- on a 1366×768 screen."""
    import datetime as dt
    import subprocess

    from casefile.records import PlanGoal, PlanReview, PlanStep, ReviewedGoal, SupportPlan
    from desktop.store import plans
    from desktop.ui.plan_dialog import PlanDialog, dialog_context
    from desktop.ui.plan_section import write_plan_pdf
    from desktop.ui.screen_fit import FRAME

    today = dt.date.today()
    window.resize(LAPTOP[2], LAPTOP[3] - FRAME.top())  # maximised: the title bar stays
    dock = getattr(window, "queue_dock", None)
    if dock is not None:
        dock.hide()  # the queue is shown elsewhere (--queue); the plan needs the height
    plan = SupportPlan(
        client.id,
        "integration",
        today - dt.timedelta(days=30),
        case_manager="a.schneider",
        next_review=today + dt.timedelta(weeks=6),
        language="prs",
        signed_on=today - dt.timedelta(days=29),
        signed_reference="FP-2026-0042",
    )
    goals = [
        PlanGoal(plan.id, client.id, "integration", "residence", "Der Aufenthalt ist gesichert."),
        PlanGoal(
            plan.id,
            client.id,
            "integration",
            "housing",
            "Eine eigene Wohnung in Naumburg.",
            achievement="in_progress",
        ),
        PlanGoal(plan.id, client.id, "integration", "work", "Arbeit in der Pflege."),
    ]
    rows = [
        (0, "unit", "abh", "Aufenthaltserlaubnis verlängern", 21, "open"),
        (0, "client", "integration", "Pass und Meldebescheinigung mitbringen", 7, "done"),
        (1, "unit", "asylblg", "Kaution für die Wohnung bewilligen", 14, "in_progress"),
        (1, "caseworker", "integration", "Besichtigung mit der Wohnungsgesellschaft", 10, "open"),
        (2, "unit", "jobcenter", "Berufssprachkurs Pflege buchen", 35, "open"),
    ]
    steps = [
        PlanStep(
            plan.id,
            goals[g].id,
            client.id,
            text,
            kind,
            unit,
            "integration",
            due_date=today + dt.timedelta(days=days),
            assignee="a.schneider" if kind == "caseworker" else "",
            status=status,
            done_on=today - dt.timedelta(days=3) if status == "done" else None,
            area=goals[g].area,
        )
        for g, kind, unit, text, days, status in rows
    ]
    plans.save(ctx.store, plan, goals, steps)
    review = PlanReview(
        plan.id,
        client.id,
        "integration",
        today - dt.timedelta(days=2),
        reviewed_by="a.schneider",
        note="Wohnung in Aussicht, Unterlagen für die ABH vollständig.",
        goals=[ReviewedGoal(g.id, g.achievement, g.text) for g in goals],
        next_review=plan.next_review,
    )
    plans.add_review(ctx.store, review, plan, goals)
    view = window._open.get(client.id)
    if view is None:
        return
    view.plan_section.reload()  # written here directly, not through ctx.ops: nothing announced
    view.tabs.setCurrentWidget(view.plan_section)
    settle(app, ctx, 400)
    shot(window, "plan_tab_1366")
    context = dialog_context(ctx.store, client.id)
    dialog = PlanDialog(ctx, client.id, client.display_name, context, parent=view)
    dialog.show()
    settle(app, ctx, 300)
    shot(dialog, "plan_dialog_1366")
    dialog.close()
    pdf = write_plan_pdf(ctx.store, client.id, "prs")
    target = OUT / "plan_print_prs"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "90", "-f", "2", "-singlefile", str(pdf), str(target)],
        check=True,
    )
    print("wrote", target.with_suffix(".png"))


def laptop_shots(app, ctx, window, client, shot) -> None:
    """The main window maximised on a 1366×768 screen, and the consultation form on it."""
    from desktop.ui.consultation_form import ConsultationDialog
    from desktop.ui.screen_fit import FRAME

    use_screen(LAPTOP)
    window.resize(LAPTOP[2], LAPTOP[3] - FRAME.top())  # maximised: the title bar stays
    shot(window, "main_client_file_1366")
    view = window._open.get(client.id)
    if view is not None:
        view.tabs.setCurrentWidget(view.consent_section)
        shot(window, "consent_tab_1366")
        view.tabs.setCurrentIndex(0)
    window.nav.setCurrentRow(0)
    shot(window, "main_today_1366")
    window.nav.setCurrentRow(2)
    window.tasks.scope.setCurrentIndex(window.tasks.scope.findData("all"))
    shot(window, "main_tasks_1366")
    reception_shots(app, ctx, window, shot, "reception_1366")
    window.nav.setCurrentRow(1)
    from desktop.ui.unlock import SetupDialog

    setup = SetupDialog(lambda *a: None, "https://mia.landkreis.example", "a.schneider")
    setup.password.setText("geheim-123")
    setup.show()
    setup.set_busy(True)  # as while the server answers
    shot(setup, "first_login_busy_1366")
    setup.close()
    dialog = ConsultationDialog(ctx, client.id, client.display_name, parent=window)
    dialog.show()  # fitted to the screen by desktop.ui.app_guard
    shot(dialog, "consultation_form_1366")
    dialog.close()
    window.close()
    ctx.ops.wait(3000)


def mediation_shots(app, ctx, window, shot) -> None:
    """Sprachmittlung as the pool's unit sees it on a 1366×768 laptop: the pool with its
    vetting warnings, a request being assigned (a declaration that expired is named), and the
    hours with last month's allowance list."""
    import datetime as dt

    from casefile import codec
    from casefile.policy import Policy
    from casefile.records import MediatorBooking
    from demodata.offers import mediation, mediator_pool
    from desktop.permissions import Permissions, User
    from desktop.store import mediation as pool_store, schema as t
    from desktop.ui.main_window import PAGE_MEDIATION
    from desktop.ui.screen_fit import FRAME

    use_screen(LAPTOP)
    window.resize(LAPTOP[2], LAPTOP[3] - FRAME.top())
    ctx.permissions = Permissions(
        User("s.fischer", ("caseworker",), ("volunteering",)), Policy.load()
    )
    ctx.settings.user_name, ctx.settings.unit = "s.fischer", "volunteering"
    today = dt.date.today()
    people = ctx.store.recent_clients(40)
    pool = mediator_pool(today)
    for m in pool:
        pool_store.save_mediator(ctx.store, m)
    with ctx.store.engine.begin() as conn:
        for x in mediation(pool, [p.id for p in people], today):
            kind = codec.kind_of(x)
            table = t.mediator_booking if kind == "mediator_booking" else t.hours_entry
            ctx.store._insert(conn, table, kind, codec.encode(x))
    # This week's request of an integration caseworker: Dari, next week, at the main site.
    expired = pool[1]  # the demo's declaration that expired last month
    language = next(x.code for x in expired.languages if x.code != "de")
    request = MediatorBooking(
        language=language,
        starts_at=dt.datetime.combine(today + dt.timedelta(days=7), dt.time(10)).astimezone(dt.UTC),
        unit="integration",
        client_id=people[0].id,
        location=expired.areas[0],
        requested_by="a.schneider",
    )
    pool_store.request_booking(ctx.store, request)
    window.retranslateUi()  # the page offered to this user; the status bar names them
    window.nav.setCurrentRow(PAGE_MEDIATION)
    page = window.mediation
    page.refresh()
    page.tabs.setCurrentIndex(1)
    settle(app, ctx, 400)
    page.pool_table.selectRow(0)  # the one whose declaration expired: listed first
    shot(window, "mediator_pool")
    page.tabs.setCurrentIndex(0)
    page.booking_filter.setCurrentIndex(0)
    settle(app, ctx)
    for row in range(page.booking_model.rowCount()):
        if page.booking_model.index(row, 0).data(256).booking.id == request.id:
            page.booking_table.selectRow(row)
    dialog = page.assign()
    settle(app, ctx, 400)
    dialog.choose(expired.id)
    shot(dialog, "mediator_booking")
    dialog.close()
    page.tabs.setCurrentIndex(2)
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    page.month.setCurrentIndex(max(0, page.month.findData(last_month)))
    settle(app, ctx, 400)
    shot(window, "allowance_list")
    pdf = Path(tempfile.mkdtemp()) / "liste.pdf"
    page.export("pdf", pdf)
    settle(app, ctx, 400)  # written on a worker of the operation layer
    ctx.ops.wait(5000)
    import subprocess

    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(OUT / "allowance_list_pdf")],
        check=False,
    )
    window.close()
    ctx.ops.wait(3000)


# --- issue 20: group sessions ---
def groups_shots(app, ctx, window, shot) -> None:
    """Gruppen as the integration unit's facilitator sees it on a 1366×768 laptop: a
    Wohnschulung of four evenings (two recorded), the attendance sheet of the third evening
    (started from the saved list), a participant's timeline, and a certificate in Dari."""
    import datetime as dt
    import random
    import subprocess

    from casefile import groups
    from casefile.records import GroupSession
    from desktop.group_certificate import write_certificates
    from desktop.store import groups as store_groups
    from desktop.ui.main_window import PAGE_GROUPS
    from desktop.ui.screen_fit import FRAME

    use_screen(LAPTOP)
    window.resize(LAPTOP[2], LAPTOP[3] - FRAME.top())
    rng = random.Random(20)
    people = [s.id for s in ctx.store.recent_clients(40)][:12]
    today = dt.date.today()
    first = dt.datetime.combine(today - dt.timedelta(days=15), dt.time(16, 0)).astimezone(dt.UTC)
    template = GroupSession(
        unit="integration",
        title="Wohnschulung",
        topic="housing",
        starts_at=first,
        location="dez_nebra",
        duration_min=120,
        languages=["ar", "prs", "uk"],
        facilitator=ctx.settings.user_name,
        participant_ids=people,
        anonymous_count=2,
    )
    series = groups.plan_series(template, [first + dt.timedelta(days=7 * i) for i in range(4)])
    info = groups.one_off(
        unit="integration",
        title="Infoabend Mietvertrag und Nebenkosten",
        topic="housing",
        starts_at=dt.datetime.combine(today + dt.timedelta(days=3), dt.time(17, 0)).astimezone(
            dt.UTC
        ),
        location="lra_naumburg",
        duration_min=90,
        languages=["uk", "ru"],
        facilitator=ctx.settings.user_name,
    )
    store_groups.plan(ctx.store, [*series, info])
    for session in series[:2]:
        lines = [
            groups.SheetLine(cid, rng.choices(groups.STATUSES, (10, 1, 1))[0]) for cid in people
        ]
        lines[3].hours = 1.5
        store_groups.record_attendance(
            ctx.store, session, lines, caseworker=ctx.settings.user_name, anonymous_count=2
        )
    window.nav.setCurrentRow(PAGE_GROUPS)
    page = window.groups
    page.when.setCurrentIndex(page.when.findData("all"))
    settle(app, ctx, 400)
    page.table.selectRow(1)
    shot(window, "groups_page")
    page.table.selectRow(2)  # the third evening: not recorded yet
    dialog = page.open_sheet()
    settle(app, ctx, 400)
    sheet = dialog.sheet
    for row, status in ((1, "excused"), (4, "absent")):
        sheet.set_status(row, status)
    sheet.item(6, 3).setText("1,5")
    sheet.selectRow(1)
    shot(dialog, "groups_attendance")
    dialog.form_state.mark_clean()
    dialog.close()
    # The queue dock closed (Ansicht menu), as a facilitator without a walk-in desk would:
    # at 1366 pixels beside it the timeline's titles are cut in the middle.
    window.queue_dock.hide()
    window.open_client(people[0])
    settle(app, ctx, 400)
    from desktop.ui.timeline import TimelinePanel

    for panel in window.findChildren(TimelinePanel):
        for row in range(panel.model.rowCount()):
            index = panel.model.index(row, 2)
            entry = panel.entry_at(index)
            if entry is not None and getattr(entry.record, "group_session_id", None):
                panel.view.scrollTo(index, panel.view.ScrollHint.PositionAtTop)
                panel.view.setCurrentIndex(index)
                break
    shot(window, "groups_timeline")
    folder = Path(tempfile.mkdtemp())
    pdfs = write_certificates(ctx.store, series[0], folder, language="prs")
    target = OUT / "group_certificate_prs"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdfs[0]), str(target)], check=True
    )
    print("wrote", target.with_suffix(".png"))
    window.close()
    ctx.ops.wait(3000)


def reception_shots(app, ctx, window, shot, name: str) -> None:
    """Empfang: a ticket just issued (shown large) and the next walk-in on its way -- found,
    concern picked, routed by the rules, language and interpreter from the file."""
    from desktop.ui.main_window import PAGE_RECEPTION

    window.nav.setCurrentRow(PAGE_RECEPTION)
    view = window.reception
    people = [ctx.store.get_client(s.id) for s in ctx.store.recent_clients(40)]
    needs = [c for c in people if any(s.interpreter_needed for s in c.languages)]
    first, second = (needs + people)[:2]
    view.choose_client(first.id)
    settle(app, ctx)
    view.concerns.set_code("benefits")
    view.issue()
    settle(app, ctx)
    view.search.field.setText(f"{second.family_name} {second.given_names.split()[0]}")
    settle(app, ctx, 400)
    view.choose_client(second.id)
    settle(app, ctx)
    view.concerns.set_code("work")
    view.priorities["children"].setChecked(True)
    view.concerns.setFocus()
    shot(window, name)


def queue_shots(lang: str) -> None:
    """The queue dock of the demo user (Sachgebiet Integration, Landratsamt Naumburg) after
    the first sync brought the morning's walk-ins from the demo server."""
    use_screen(LAPTOP)
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp()  # the demo server's folder: a fresh one
    from desktop.app import parse_args, start, stop_sync
    from desktop.ui.screen_fit import FRAME

    store = Path(tempfile.mkdtemp()) / "demo.sqlite"
    argv = ["--demo", "--demo-clients", "300", "--store", str(store), "--lang", lang]
    app, window, ctx = start(parse_args(argv))
    suffix = "" if lang == "de" else f"_{lang}"
    OUT.mkdir(parents=True, exist_ok=True)
    for dialog in app.topLevelWidgets():
        if dialog is not window and dialog.isVisible():
            dialog.close()
    panel = window.queue_dock.panel
    end = time.time() + 300
    while time.time() < end and not (panel.model.rowCount() and panel.reachable):
        app.processEvents()
        time.sleep(0.05)
    window.resize(LAPTOP[2], LAPTOP[3] - FRAME.top())  # maximised: the title bar stays
    settle(app, ctx, 800)
    waiting = next(
        (i for i in range(panel.model.rowCount()) if panel.model.row_at(i).ticket.priority), 0
    )
    panel.table.setCurrentIndex(panel.model.index(waiting, 0))

    def shot(widget, name):
        settle(app, ctx)
        widget.grab().save(str(OUT / f"{name}{suffix}.png"))
        print("wrote", OUT / f"{name}{suffix}.png")

    shot(window, "queue_panel_1366")
    use_screen(DESK)
    window.resize(1360, 860)
    shot(window, "queue_panel")
    mine = next(
        (
            i
            for i in range(panel.model.rowCount())
            if panel.model.row_at(i).ticket.status in ("called", "in_service")
        ),
        None,
    )
    if mine is not None:
        panel.table.setCurrentIndex(panel.model.index(mine, 0))
        panel.transfer()
        settle(app, ctx, 400)
        dialog = getattr(panel, "transfer_dialog", None)
        if dialog is not None:
            dialog.unit.set_code("housing")
            dialog.reason.setText("Frage zur Unterkunft")
            shot(dialog, "queue_transfer")
            dialog.close()
    queue_stats_shots(app, ctx, window, shot)
    stop_sync(window)
    window.close()
    ctx.ops.wait(3000)


def queue_stats_shots(app, ctx, window, shot) -> None:
    """ "Wartestatistik …" as the menu opens it: today's figures of the demo morning."""
    from desktop.ui.queue_stats_view import QueueStatsDialog

    window.act_queue_stats.trigger()
    dialog = next(w for w in app.topLevelWidgets() if isinstance(w, QueueStatsDialog))
    end = time.time() + 60
    while time.time() < end and dialog.stats is None:
        app.processEvents()
        time.sleep(0.05)
    shot(dialog, "queue_stats")
    dialog.close()


def slip_and_needs_shots(lang: str) -> None:
    """The referral slip (Arabic) and "Ungedeckte Bedarfe …" with the demo's referrals."""
    import datetime as dt
    import subprocess

    from casefile import slip
    from casefile.records import Offer, Provider, Referral
    from demodata import offers

    use_screen(DESK)
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    from desktop.app import parse_args, start
    from desktop.referral_slip import print_slip

    store = Path(tempfile.mkdtemp()) / "demo.sqlite"
    app, window, ctx = start(
        parse_args(["--demo", "--offline", "--store", str(store), "--lang", lang])
    )
    suffix = "" if lang == "de" else f"_{lang}"
    OUT.mkdir(parents=True, exist_ok=True)
    settle(app, ctx, 600)
    for dialog in app.topLevelWidgets():
        if dialog is not window and dialog.isVisible():
            dialog.close()

    today = dt.date.today()
    records = offers.directory(today)
    providers = {r.id: r for r in records if isinstance(r, Provider)}
    # an offer with what to bring in Arabic; one by appointment only where the demo has one
    with_arabic = [
        r
        for r in records
        if isinstance(r, Offer) and any(t.language == "ar" for t in r.translations)
    ]
    offer = max(with_arabic, key=lambda o: (o.appointment_only, len(o.places)))
    referral = Referral(
        client_id="",
        target=offer.name,
        reason="Beratung zur Verlängerung der Aufenthaltserlaubnis",
        referred_on=today,
        target_kind="offer",
        offer_id=offer.id,
        topic=offer.topics[0],
        language="ar",
        location="dez_zeitz",
        referred_by="a.schneider",
        referring_unit="integration",
    )
    pdf = Path(tempfile.mkdtemp()) / "slip.pdf"
    print_slip(
        referral,
        offer,
        providers.get(offer.provider_id),
        None,
        "ar",
        pdf,
        contact=slip.Contact("Anna Schneider", "03445 73-1234", "Raum 0.08, EG"),
    )
    target = OUT / "referral_slip_ar"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf), str(target)], check=True
    )
    print("wrote", target.with_suffix(".png"))

    from desktop.ui.needs_view import NeedsDialog

    window.act_needs.trigger()
    dialog = next(w for w in app.topLevelWidgets() if isinstance(w, NeedsDialog))
    dialog.start.setDate(today - dt.timedelta(days=365))
    dialog.end.setDate(today)
    dialog.load()
    end = time.time() + 60
    while time.time() < end and (dialog.report is None or dialog.report.end != today):
        app.processEvents()
        time.sleep(0.05)
    settle(app, ctx)
    dialog.grab().save(str(OUT / f"unmet_needs{suffix}.png"))
    print("wrote", OUT / f"unmet_needs{suffix}.png")
    dialog.close()


# --- issue 21: reports ---
def reports_shots(lang: str) -> None:
    """The Berichte page of the demo laptop against the embedded demo server (a real server
    process): consultations by unit × month of the last quarter, intern and for publication,
    and the files behind one cell. Without the server's report endpoints the page shows the
    laptop's own counts (marked offline) or the server's refusal -- the shot says which."""
    use_screen(LAPTOP)
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp()
    from desktop.app import parse_args, start, stop_sync

    store = Path(tempfile.mkdtemp()) / "demo.sqlite"
    argv = ["--demo", "--demo-clients", "300", "--store", str(store), "--lang", lang]
    app, window, ctx = start(parse_args(argv))
    fail_fast()
    try:
        _reports_shots(app, window, ctx, lang)
    finally:
        stop_sync(window)  # ends the embedded demo server too
        window.close()
        ctx.ops.wait(3000)


def _reports_shots(app, window, ctx, lang: str) -> None:
    from desktop.ui.main_window import PAGE_REPORTS
    from desktop.ui.reports_view import ReportsPage, quarter_range
    from desktop.ui.screen_fit import FRAME

    suffix = "" if lang == "de" else f"_{lang}"
    OUT.mkdir(parents=True, exist_ok=True)
    for dialog in app.topLevelWidgets():
        if dialog is not window and dialog.isVisible():
            dialog.close()
    if window.sync_controller is None:
        raise SystemExit("the demo started without its server: no figures to show")
    # the first sync brings the demo's files
    wait_until(app, ctx.store.client_count, 300, "the first sync of the demo server")
    window.resize(LAPTOP[2], LAPTOP[3] - FRAME.top())
    page: ReportsPage = window.reports
    window.nav.setRowHidden(PAGE_REPORTS, False)  # the demo user may lack a reports role
    window.nav.setCurrentRow(PAGE_REPORTS)
    first, last = quarter_range(ctx.today(), 1)

    def loaded() -> bool:
        return page.refresh_button.isEnabled() and not ctx.ops.pending

    def show(**choice) -> None:
        wait_until(app, loaded, 60, "the page to be idle")
        page.choose(**choice)
        page.refresh()
        wait_until(app, loaded, 120, f"the table {choice}")

    def shot(widget, name):
        settle(app, ctx, 800)
        widget.grab().save(str(OUT / f"{name}{suffix}.png"))
        print("wrote", OUT / f"{name}{suffix}.png", "--", page.source.text(), page.message.text())

    # the page loads its first table itself when first shown; then the quarter by unit × month
    quarter = {"period": "custom", "from": first, "to": last}
    show(indicator="consultations", rows="unit", columns="month", mode="intern", **quarter)
    shot(window, "reports_1366")
    show(indicator="persons", mode="publication")
    shot(window, "reports_publication_1366")
    show(indicator="consultations", mode="intern")
    if page.loaded is not None and not page.loaded.offline and page.model.rowCount() > 1:
        page.table.setCurrentIndex(page.model.index(0, 1))
        page.drill_down(page.table.currentIndex())
        wait_until(app, lambda: bool(page.dialogs), 60, "the files behind the cell")
        shot(page.dialogs[0], "reports_cell")
        page.dialogs[0].close()
    else:
        print("no drill-down: the table is not the server's --", page.message.text())
    funder_shot(app, ctx, page, shot)


def funder_shot(app, ctx, page, shot) -> None:
    """ "Förderliste …" of the project with the most demo participations, last quarter."""
    from collections import Counter

    from sqlalchemy import select

    from desktop.store import schema

    with ctx.store.engine.connect() as conn:
        projects = Counter(conn.execute(select(schema.project_participation.c.project)).scalars())
    dialog = page.funder_list()
    if dialog is None:
        print("no funder list: the page offers none")
        return
    if projects:
        dialog.project.setCurrentIndex(dialog.project.findData(projects.most_common(1)[0][0]))
    dialog.load()
    wait_until(app, lambda: dialog.load_button.isEnabled(), 60, "the funder list")
    shot(dialog, "funder_list")
    print("   ", dialog.status.text())
    dialog.close()


if __name__ == "__main__":
    main()
