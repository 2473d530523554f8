"""Render the main screens with demo data into docs/screenshots/ (offscreen, no display needed).

QT_QPA_PLATFORM=offscreen python tools/screenshots.py [--lang de|en] [--laptop]

--laptop: only the main window (today, tasks, a client file with its timeline and consents),
the consultation form and the first login while it works, on a 1366×768 screen (less a
40-pixel taskbar), as *_1366.png.

--queue: the caseworker's queue panel with the demo's morning of walk-ins at the main site,
synced from the embedded demo server (a real server process, so it takes a minute): the main
window with the dock on a 1366×768 screen and on a desk monitor, the transfer dialog and the
waiting statistics ("Wartestatistik …").

--referrals: the referral slip in Arabic (PDF of a demo offer, rendered with pdftoppm) and
coordination's "Ungedeckte Bedarfe …" over the demo's referrals of the last twelve months.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
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


def settle(app, ctx, ms: int = 300) -> None:
    end = time.time() + ms / 1000
    while time.time() < end or ctx.ops.pending:
        app.processEvents()
        time.sleep(0.01)
        if time.time() > end + 10:
            break


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--lang", default="de")
    p.add_argument("--laptop", action="store_true", help="only the 1366×768 screenshots")
    p.add_argument(
        "--queue", action="store_true", help="only the queue panel (with the demo server)"
    )
    p.add_argument(
        "--referrals", action="store_true", help="only the referral slip and the unmet needs"
    )
    args = p.parse_args()
    if args.queue:
        queue_shots(args.lang)
        return
    if args.referrals:
        referral_shots(args.lang)
        return
    use_screen(DESK)
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
    if not args.laptop:
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
    shot(window, "main_client_file")

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


def referral_shots(lang: str) -> None:
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


if __name__ == "__main__":
    main()
