"""Issue 20's "Done when" for support plans, end to end: a real sync server process on SQLite
and four laptops with encrypted stores -- a caseworker of the integration unit (case
management), and one caseworker each of the Ausländerbehörde, the AsylbLG unit and the
Jobcenter.

1. The caseworker draws up a plan for a client who speaks Dari: goals in clear words, a step
   for the client, and one step each for the ABH (extend the permit), AsylbLG (pay the
   deposit) and the Jobcenter (book a job language course) -- handed over to those units.
   The plan is printed in German and Dari (pdftotext reads the Dari back) and the signed
   paper's reference is recorded.
2. After a sync each unit's laptop lists its own step among its Wiedervorlagen (marked
   "Förderplan"), and only its own: the plan itself (the integration unit's counseling notes)
   does not reach them; the ABH ticks its step done and the server takes it.
3. The plan's unit keeps the plan, and the handed-over steps it wrote stay on its laptop;
   what it reads of them from the server follows the rules.

The laptops are wired as ``desktop.app`` wires one (tests/desktop/test_verweisberatung_end_to_end
.Laptop); the work is done through the functions the dialogs call.
"""

from __future__ import annotations

import datetime as dt
import shutil
import types

import pytest

from casefile.records import Client, LanguageSkill, PlanGoal, PlanStep, SupportPlan
from tests.desktop.test_plan_print import _text, _words
from tests.desktop.test_verweisberatung_end_to_end import Laptop
from tests.server.helpers import PASSWORD, cli, running_server

pytestmark = [
    pytest.mark.usefixtures("quick_kdf", "ring"),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None,
        reason="pdftotext (poppler-utils) reads the print; .ci/run installs it",
    ),
]

# login, role, unit, the name colleagues see
CASE_MANAGER = ("a.schneider", "caseworker", "integration", "Anna Schneider")
ABH = ("m.mueller", "caseworker", "abh", "Max Müller")
ASYLBLG = ("s.fischer", "caseworker", "asylblg", "Sabine Fischer")
JOBCENTER = ("j.weber", "caseworker", "jobcenter", "Jana Weber")
STEPS = {
    "abh": ("residence", "Aufenthaltserlaubnis verlängern"),
    "asylblg": ("housing", "Kaution für die Wohnung bewilligen"),
    "jobcenter": ("work", "Berufssprachkurs buchen"),
}


@pytest.fixture
def server(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite'}"
    for user, role, unit, name in (CASE_MANAGER, ABH, ASYLBLG, JOBCENTER):
        cli(
            *("create-user", user, "--role", role, "--unit", unit, "--display-name", name),
            url=url,
            stdin=PASSWORD + "\n",
        )
    return types.SimpleNamespace(url=url, log=tmp_path / "server.log")


def _tasks_page(laptop, who):
    """The "Wiedervorlagen" page on *laptop* as its user sees it (scope: mine and my unit's),
    with the operation layer run synchronously."""
    from desktop.permissions import load
    from desktop.settings import Settings
    from desktop.ui.context import AppContext
    from desktop.ui.events import ChangeBus
    from desktop.ui.ops import Ops
    from desktop.ui.tasks_view import TasksView

    user, _role, unit, _name = who
    bus = ChangeBus()
    ctx = AppContext(
        store=laptop.store,
        ops=Ops(bus, laptop.store, synchronous=True),
        bus=bus,
        settings=Settings(user_name=user, unit=unit),
        permissions=load(laptop.store.engine),
    )
    page = TasksView(ctx)
    page.scope.setCurrentIndex(page.scope.findData("unit"))
    page.refresh()
    return page


def _plan(client: Client, today: dt.date):
    plan = SupportPlan(
        client.id,
        "integration",
        today,
        case_manager=CASE_MANAGER[0],
        next_review=today + dt.timedelta(weeks=8),
        language="prs",
    )
    goals = {
        area: PlanGoal(plan.id, client.id, "integration", area, text)
        for area, text in (
            ("residence", "Der Aufenthalt ist gesichert."),
            ("housing", "Eine eigene Wohnung in Naumburg."),
            ("work", "Arbeit in der Pflege."),
        )
    }
    steps = [
        PlanStep(
            plan.id,
            goals["housing"].id,
            client.id,
            "Wohnungsangebote ansehen",
            "client",
            "integration",
            "integration",
            due_date=today + dt.timedelta(days=7),
            area="housing",
        )
    ]
    for n, (unit, (area, text)) in enumerate(STEPS.items(), 1):
        steps.append(
            PlanStep(
                plan.id,
                goals[area].id,
                client.id,
                text,
                "unit",
                unit,
                "integration",
                due_date=today + dt.timedelta(days=10 * n),
                area=area,
            )
        )
    return plan, list(goals.values()), steps


def test_a_plan_with_steps_for_three_units_printed_in_dari_reaches_each_units_wiedervorlagen(
    server, qapp, tmp_path
):
    from desktop.store import plans
    from desktop.ui.plan_section import write_plan_pdf

    today = dt.date.today()
    with running_server(server.url, server.log) as (base, _proc):
        laptops = {
            unit: Laptop(base, user, tmp_path)
            for user, _role, unit, _name in (CASE_MANAGER, ABH, ASYLBLG, JOBCENTER)
        }
        for laptop in laptops.values():
            laptop.sync()
        cm = laptops["integration"]

        # 1 -- the plan, drawn up and saved at once; printed in German and Dari; signed.
        client = Client(
            "Ahmadi",
            "Farid",
            birth_date=dt.date(1991, 4, 2),
            languages=[LanguageSkill("prs", interpreter_needed=True)],
        )
        cm.store.create_client(client)
        plan, goals, steps = _plan(client, today)
        plans.save(cm.store, plan, goals, steps)
        text = _text(write_plan_pdf(cm.store, client.id, "prs"))
        german, dari = text.split("پلان حمایوی", 1)
        for words in ("Förderplan", "Anna Schneider", *(t for _a, t in STEPS.values())):
            assert words in german, words
        for unit_in_dari in ("اداره امور خارجی‌ها", "بخش کمک‌های پناهجویان", "جاب‌سنتر"):
            assert _words(unit_in_dari) in dari, unit_in_dari
        assert "Berufssprachkurs buchen" in dari  # the German words, embedded
        seen = plans.snapshot(cm.store, client.id)
        plans.record_signature(cm.store, seen.file.plan, today, "FP-2026-0042", seen)
        cm.sync()  # the plan's unit's ops are all taken: the hand-over creates included

        # 2 -- each unit finds its step among its Wiedervorlagen, and only its own.
        for user, _role, unit, _name in (ABH, ASYLBLG, JOBCENTER):
            laptop = laptops[unit]
            laptop.sync()
            rows = [r for r in laptop.store.tasks(assignee=user, unit=unit) if r.source]
            assert [(r.source, r.task.text, r.client_name) for r in rows] == [
                ("plan_step", STEPS[unit][1], "Ahmadi, Farid")
            ], unit
            assert plans.load(laptop.store, client.id).plan is None  # not the plan itself
        # ... and the Jobcenter's "Wiedervorlagen" page says it in words.
        jobcenter_page = _tasks_page(laptops["jobcenter"], JOBCENTER)
        texts = [
            jobcenter_page.model.index(r, 2).data() for r in range(jobcenter_page.model.rowCount())
        ]
        assert "Förderplan: Berufssprachkurs buchen" in texts
        jobcenter_page.deleteLater()
        abh = laptops["abh"]
        [row] = [r for r in abh.store.tasks(assignee=ABH[0], unit="abh") if r.source]
        plans.set_step_done(abh.store, row.task.id, True, today)
        abh.sync()  # the owning unit's tick is taken by the server
        assert not [r for r in abh.store.tasks(assignee=ABH[0], unit="abh") if r.source]

        # 3 -- the plan's unit keeps its plan; its due review is its Wiedervorlage.
        cm.sync()
        file = plans.load(cm.store, client.id)
        assert file.plan.signed_reference == "FP-2026-0042" and len(file.goals) == 3
        # The handed-over steps it wrote stay on its laptop (the server sends it none of them:
        # no share, no consent), so the plan still shows every step it agreed.
        assert {s.unit for s in file.steps} == {"integration", "abh", "asylblg", "jobcenter"}
        agenda = [r for r in cm.store.tasks(assignee=CASE_MANAGER[0], unit="integration")]
        assert ("plan_review", plan.id) in {(r.source, r.task.id) for r in agenda}
        assert ("plan_step", steps[0].id) in {(r.source, r.task.id) for r in agenda}
