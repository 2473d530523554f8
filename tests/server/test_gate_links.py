"""Forged links of issue 20's records through a real server (SQLite and PostgreSQL).

The gate (casefile.policy) decides on a record's own fields: a step handed over under
``[hand_over] plan_step = "plan_unit"`` may be created by a user of the unit named in
``plan_unit``, which the design defines as *the plan's unit* (docs/data-protection.md,
"Support plans"). So the server must hold ``plan_unit`` -- and a step's, goal's and review's
person -- to the plan they name, and an attendance or a group consultation to its session's
unit ("attendance: unit (= session's unit)"): else a unit writes steps into another unit's
section for a plan that is not its own, or attaches records to another unit's session.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from casefile import groups
from casefile.ids import new_id
from casefile.records import Client, PlanReview
from tests.server.test_gate_groups import _recorded, _results, _session
from tests.server.test_gate_support_plan import _plan_with_steps, _push


def _setup(make_device):
    today = dt.date.today()
    integration = make_device("int.user", roles=["caseworker"], units=["integration"])
    education = make_device("bi.user", roles=["caseworker"], units=["education"])
    abh = make_device("abh.user", roles=["caseworker"], units=["abh"])
    client = Client("Ahmadi", "Farid", birth_date=dt.date(1990, 5, 1))
    other = Client("Karimi", "Omid", birth_date=dt.date(1991, 6, 2))
    for person in (client, other):
        assert _push(integration, person)["status"] == "applied"
    plan, goal, steps = _plan_with_steps(client.id, today)
    for record in (plan, goal):
        assert _push(integration, record)["status"] == "applied"
    return today, integration, education, abh, client, other, plan, goal, steps


def test_a_step_handed_over_names_its_plans_unit_and_person(make_device):
    today, integration, education, abh, client, other, plan, goal, steps = _setup(make_device)
    # Education claims to be the plan's unit of integration's plan to hand a step to the ABH.
    forged = dataclasses.replace(steps["abh"], id=new_id(), plan_unit="education")
    got = _push(education, forged)
    assert (got["status"], got["reason"]) == ("rejected", "invalid_value")
    assert "Sachgebiet des Förderplans" in got["detail"]
    assert forged.id not in {r["id"] for r in abh.pull_all()}
    # A step of integration's plan for another person than the plan's.
    elsewhere = dataclasses.replace(steps["abh"], id=new_id(), client_id=other.id)
    got = _push(integration, elsewhere)
    assert (got["status"], got["reason"]) == ("rejected", "invalid_value")
    # A step whose goal belongs to another plan.
    plan2, goal2, _ = _plan_with_steps(other.id, today)
    for record in (plan2, goal2):
        assert _push(integration, record)["status"] == "applied"
    crossed = dataclasses.replace(steps["abh"], id=new_id(), goal_id=goal2.id)
    assert _push(integration, crossed)["status"] == "rejected"
    # A goal or a review of integration's plan written by another unit into its own section.
    foreign_goal = dataclasses.replace(goal, id=new_id(), unit="education")
    assert _push(education, foreign_goal)["status"] == "rejected"
    review = PlanReview(plan.id, other.id, "integration", today)
    assert _push(integration, review)["status"] == "rejected"
    # The honest hand-over still passes, and the owning unit ticks it off.
    assert _push(integration, steps["abh"])["status"] == "applied"
    tick = {"status": "done", "done_on": today.isoformat()}
    assert _push(abh, steps["abh"], "update", tick)["status"] == "applied"
    # Moving the step to another plan later is held to that plan too.
    moved = _push(abh, steps["abh"], "update", {"plan_id": plan2.id})
    assert moved["status"] == "rejected"


def test_attendance_and_group_consultation_are_their_sessions_units(make_device):
    _today, integration, education, _abh, client, other, *_ = _setup(make_device)
    session = _session(topic="housing")
    records = _recorded(session, [client])
    assert {r["status"] for r in _results(integration, [session, *records])} == {"applied"}
    att = groups.attendance_for(session, groups.SheetLine(other.id), None)
    att = dataclasses.replace(att, id=new_id(), unit="education")
    got = _results(education, [att])[0]
    assert (got["status"], got["reason"]) == ("rejected", "invalid_value")
    assert "Gruppentermin" in got["detail"]
    cons = groups.consultation_for(session, other.id, 1.0, "bi.user", "ar")
    cons = dataclasses.replace(cons, id=new_id(), unit="education")
    got = _results(education, [cons])[0]
    assert (got["status"], got["reason"]) == ("rejected", "invalid_value")


def test_an_attendance_of_a_health_session_is_not_opened_by_a_consent_for_counseling_notes(
    make_device,
):
    """docs/data-protection.md: a session whose topic is health is health data (Art. 9), and
    the attendance is the participant's record of it. It carried no topic, so the gate
    classified it by its unit alone (counseling notes): a consent that opens the integration
    unit's counseling notes -- not health -- to the Jobcenter sent it the attendance, whose
    ``session_id`` is made from unit, place, day, time and *topic*
    (casefile.ids.group_session_id): the topic was found by trying the topic catalog. Now the
    attendance carries its session's topic and is classified as the session is."""
    from casefile.ids import group_session_id
    from casefile.records import Consent
    from tests.server.oracle import catalog_codes

    today, integration, _education, _abh, client, _other, *_ = _setup(make_device)
    jobcenter = make_device("jc.user", roles=["caseworker"], units=["jobcenter"])
    session = _session(topic="health", title="Gesundheit im Alltag")
    records = _recorded(session, [client])
    assert {r["status"] for r in _results(integration, [session, *records])} == {"applied"}
    consent = Consent(
        client_id=client.id,
        recipients=["jobcenter"],
        categories=["counseling_notes"],
        purpose="Arbeitsmarktintegration",
        given_on=today,
        form_reference="EW-2026-0099",
    )
    assert _push(integration, consent)["status"] == "applied"
    seen = [r for r in jobcenter.pull_all() if r["kind"] == "attendance"]
    start = session.starts_at.isoformat()
    found = {
        topic
        for r in seen
        for topic in catalog_codes("topic")
        if r["fields"]["session_id"]
        == group_session_id(
            series=None,
            series_no=1,
            unit="integration",
            location=session.location,
            starts_at=start,
            topic=topic,
        )
    }
    assert not seen, f"a health session's attendance reached the Jobcenter: {sorted(found)}"
    # The integration unit itself still reads it; and an attendance cannot claim another topic
    # than its session's (it would land in a wider category).
    assert any(r["kind"] == "attendance" for r in integration.pull_all())
    attendance = next(r for r in records if type(r).__name__ == "Attendance")
    assert attendance.topic == "health"
    got = _push(integration, dataclasses.replace(attendance, topic="housing"))
    assert (got["status"], got["reason"]) == ("rejected", "invalid_value"), got


def test_another_unit_cannot_take_a_sessions_name_based_id_first(make_device):
    """A session's, an attendance's and a group consultation's ids are made from what they are
    (casefile.ids), so anyone can compute them. Another unit took the facilitator's session id
    first -- a session of its own under that id, or the delete of a record never held, which
    leaves a tombstone for good -- and the facilitator's sheet was refused whole."""
    _today, integration, _education, _abh, client, other, *_ = _setup(make_device)
    jobcenter = make_device("jc.user", roles=["caseworker"], units=["jobcenter"])
    session = _session()
    squat = dataclasses.replace(session, unit="jobcenter", title="Besetzt")
    got = _results(jobcenter, [squat])[0]
    assert (got["status"], got["reason"]) == ("rejected", "invalid_value")
    planned = _session(title="Bewerbungstraining", topic="work")
    tomb = jobcenter.push(
        [jobcenter.op("group_session", planned.id, "delete", {"unit": "jobcenter"})]
    )
    assert tomb.json()["results"][0]["status"] == "rejected"
    # The attendance and group consultation ids of integration's session, under the
    # Jobcenter's own session.
    own = _session(unit="jobcenter", title="Bewerbungstraining", topic="work")
    assert _results(jobcenter, [own])[0]["status"] == "applied"
    att = groups.attendance_for(session, groups.SheetLine(client.id), None)
    cons = groups.consultation_for(session, client.id, 1.0, "jc.user", "ar")
    taken = [
        dataclasses.replace(att, session_id=own.id, unit="jobcenter"),
        dataclasses.replace(cons, group_session_id=own.id, unit="jobcenter"),
        dataclasses.replace(cons, group_session_id=None, unit="jobcenter", kind="individual"),
    ]
    assert [r["status"] for r in _results(jobcenter, taken)] == ["rejected"] * 3
    # The facilitator records both sessions as planned.
    records = _recorded(session, [client, other])
    got = _results(integration, [session, planned, *records])
    assert {r["status"] for r in got} == {"applied"}, got


def test_another_unit_cannot_take_a_series_first(make_device):
    """A series' sessions have ids from the series id and their number; the series id is made
    from the unit, place, first start and topic -- the Jobcenter computes it as well as the
    facilitator and took the series' ids under its own unit."""
    _today, integration, *_ = _setup(make_device)
    jobcenter = make_device("jc.user", roles=["caseworker"], units=["jobcenter"])
    start = dt.datetime.now(dt.UTC).replace(microsecond=0, second=0) + dt.timedelta(days=1)
    template = _session(starts_at=start)
    series = groups.plan_series(template, [start + dt.timedelta(days=7 * n) for n in range(4)])
    squat = [dataclasses.replace(s, unit="jobcenter", title="Besetzt") for s in series]
    assert [r["status"] for r in _results(jobcenter, squat)] == ["rejected"] * 4
    assert {r["status"] for r in _results(integration, series)} == {"applied"}
    # A later session under the facilitator's series, once the first is held, neither.
    assert [r["status"] for r in _results(jobcenter, squat[1:])] == ["rejected"] * 3
