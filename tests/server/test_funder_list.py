"""Funder lists (issue 21) through a real server, from docs/reports.md "Funder lists".

A participation (``project_participation``) syncs like any unit's section; the funder list of a
project names exactly the participations the user may read (the oracle, tests/server/oracle.py,
reads the policy file on its own), with contacts and hours counted a second way here, as a
plain Python count over the records that were pushed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random

import orjson
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from casefile import catalogs, codec
from casefile.ids import new_id
from casefile.records import Client, Consent, Consultation, ProjectParticipation, Sex
from sync_server import audit
from tests.server.helpers import assert_envelope
from tests.server.oracle import Rec, Rules, User, World, catalog_codes

RULES = Rules()
UNITS = catalog_codes("unit")
ROLES = sorted(RULES.roles)
PROJECTS = ("bleib_arbeit", "ankommen_teilhaben", "frauen_in_arbeit")
URL = "/api/v1/reports/funder-list"


def _push(dev, *records):
    ops = []
    for record in records:
        fields = codec.encode(record)
        fields.pop("id")
        ops.append(dev.op(codec.kind_of(record), record.id, "create", fields))
    answer = dev.push(ops)
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["applied"] * len(records), results
    return results


def _list(dev, project, start, end, template=None, **params):
    template = template or catalogs.load("project").get(project).extra["funder"]
    return dev.client.get(
        URL,
        params={
            "project": project,
            "template": template,
            "from": start.isoformat(),
            "to": end.isoformat(),
            **params,
        },
        headers=dev.headers,
    )


def _letters(n: int) -> str:
    """A name part for number *n* (names take no digits): 0 -> "a", 25 -> "z", 26 -> "ba"."""
    return (_letters(n // 26) if n >= 26 else "") + chr(ord("a") + n % 26)


def _rec(record) -> Rec:
    fields = codec.encode(record)
    return Rec(codec.kind_of(record), fields.pop("id"), fields, False)


# --- the kind syncs ------------------------------------------------------------------------


def test_a_participation_syncs_to_its_unit_and_no_other(make_device):
    projects = make_device("p.lehmann", units=["projects"])
    laptop = make_device("p.lehmann", node="second-laptop", units=["projects"])
    integration = make_device("i.schulz", units=["integration"])
    client = Client("Haddad", "Samira", birth_date=dt.date(1991, 4, 2))
    part = ProjectParticipation(client.id, "bleib_arbeit", dt.date.today() - dt.timedelta(30))
    _push(projects, client, part)
    pulled = {r["id"]: r for r in laptop.pull_all()}
    assert (
        codec.decode("project_participation", {"id": part.id, **pulled[part.id]["fields"]}) == part
    )
    assert part.id not in {r["id"] for r in integration.pull_all()}
    # Ending it: an end before the start is refused in German, a proper end is applied.
    bad = {"ended_on": (part.started_on - dt.timedelta(1)).isoformat(), "exit_reason": "moved"}
    refused = projects.push([projects.op("project_participation", part.id, "update", bad)])
    result = refused.json()["results"][0]
    assert result["status"] == "rejected" and "Enddatum liegt vor dem Anfangsdatum" in str(result)
    end = {"ended_on": dt.date.today().isoformat(), "exit_reason": "work_taken_up"}
    ok = projects.push([projects.op("project_participation", part.id, "update", end)])
    assert ok.json()["results"][0]["status"] == "applied"
    # Another unit may not write into the projects unit's section.
    other = dataclasses.replace(part, id=new_id())
    answer = integration.push(
        [integration.op("project_participation", other.id, "create", codec.encode(other))]
    )
    assert answer.json()["results"][0]["status"] == "rejected"


# --- the list, counted a second way --------------------------------------------------------


def _world(records) -> World:
    return World(RULES, {r.id: r for r in map(_rec, records)})


def _expected(world: World, user: User, records, project, start, end) -> list[tuple]:
    """(family name, given names, started_on, contacts, hours) per row, from the records: the
    participations of *project* overlapping the period that *user* may read; contacts and hours
    of the consultations of the project's unit with the person during the participation in the
    period that *user* may read, a corrected one counted once (docs/reports.md "Funder lists")."""
    unit = catalogs.load("project").get(project).extra["unit"]
    clients = {r.id: r for r in records if isinstance(r, Client)}
    corrected = {r.revision_of for r in records if isinstance(r, Consultation) and r.revision_of}
    rows = []
    for p in records:
        if not isinstance(p, ProjectParticipation) or p.project != project:
            continue
        if p.started_on > end or (p.ended_on is not None and p.ended_on < start):
            continue
        if not world.may_read(user, _rec(p)):
            continue
        first, last = max(p.started_on, start), min(p.ended_on or end, end)
        minutes = [
            c.duration_min
            for c in records
            if isinstance(c, Consultation)
            and c.client_id == p.client_id
            and c.unit == unit
            and c.id not in corrected
            and first <= c.started_at.astimezone().date() <= last
            and world.may_read(user, _rec(c))
        ]
        person = clients[p.client_id]
        rows.append(
            (
                person.family_name,
                person.given_names,
                p.started_on.isoformat(),
                len(minutes),
                round(sum(minutes) / 60, 2),
            )
        )
    return sorted(rows, key=lambda r: (r[0].casefold(), r[1].casefold(), r[2]))


def _generated(rng: random.Random, today: dt.date):
    """Clients, their participations in the three projects, consultations of the projects and
    the integration unit (some about health, one corrected), over the last half year."""
    clients = [
        Client(
            f"Name{_letters(n)}",
            f"Vorname{_letters(n)}",
            birth_date=dt.date(1980 + n, 1, 2),
            sex=Sex.FEMALE,
        )
        for n in range(24)
    ]
    parts, consultations = [], []
    for client in clients:
        for project in rng.sample(PROJECTS, rng.randint(0, 2)):
            began = today - dt.timedelta(days=rng.randint(10, 180))
            part = ProjectParticipation(client.id, project, began)
            if rng.random() < 0.4:
                part.ended_on = began + dt.timedelta(days=rng.randint(0, 60))
                part.exit_reason = rng.choice(sorted(catalogs.load("exit_reason").codes))
            parts.append(part)
        for _ in range(rng.randint(0, 6)):
            at = dt.datetime.combine(
                today - dt.timedelta(days=rng.randint(1, 200)), dt.time(9, 30), dt.UTC
            )
            consultations.append(
                Consultation(
                    client_id=client.id,
                    started_at=at,
                    unit=rng.choice(["projects", "projects", "integration"]),
                    caseworker="x",
                    location="lra_naumburg",
                    kind="appointment",
                    topics=[rng.choice(["work", "work", "health", "training"])],
                    duration_min=rng.choice([15, 30, 45, 50, 90]),
                )
            )
    original = next(c for c in consultations if c.unit == "projects" and c.topics != ["health"])
    consultations.append(
        dataclasses.replace(original, id=new_id(), duration_min=75, revision_of=original.id)
    )
    return clients, parts, consultations


def test_each_row_is_what_a_plain_count_over_the_records_says(make_device, service):
    today = dt.date.today()
    rng = random.Random(21)
    projects = make_device("p.lehmann", units=["projects"])
    integration = make_device("i.schulz", units=["integration"])
    both = make_device("k.koordination", roles=["coordination"], units=["projects", "integration"])
    clients, parts, consultations = _generated(rng, today)
    _push(projects, *clients)
    _push(projects, *parts)
    _push(projects, *[c for c in consultations if c.unit == "projects"])
    _push(integration, *[c for c in consultations if c.unit == "integration"])
    # The integration unit reads the projects unit's section of one client by her consent,
    # her health consultations too (a special category: coordination records it).
    consent = Consent(
        client_id=clients[0].id,
        recipients=["integration"],
        categories=["counseling_notes", "health"],
        purpose="Abstimmung im Projekt",
        given_on=today,
        form_reference="EW-2026-0021",
    )
    _push(make_device("k.recorder", roles=["coordination"], units=["coordination"]), consent)
    records = [*clients, *parts, *consultations, consent]
    world = _world(records)
    start, end = today - dt.timedelta(days=120), today - dt.timedelta(days=20)
    for dev, user in (
        (projects, User("p.lehmann", ("caseworker",), ("projects",))),
        (integration, User("i.schulz", ("caseworker",), ("integration",))),
        (both, User("k.koordination", ("coordination",), ("projects", "integration"))),
    ):
        for project in PROJECTS:
            body = _list(dev, project, start, end, template="esf_plus").json()
            keys = [c["key"] for c in body["columns"]]
            got = [
                (
                    row[keys.index("family_name")],
                    row[keys.index("given_names")],
                    row[keys.index("started_on")],
                    row[keys.index("contacts")],
                    row[keys.index("hours")],
                )
                for row in body["rows"]
            ]
            assert got == _expected(world, user, records, project, start, end), (user, project)
            assert [row[0] for row in body["rows"]] == list(range(1, len(got) + 1))
            if not got:
                assert "Im Zeitraum keine Teilnehmenden." in body["notes"]
    # The projects unit's own list is not empty, the integration unit's is, but for consent.
    assert _list(projects, "bleib_arbeit", start, end).json()["rows"]


def test_another_units_user_gets_an_empty_list_not_other_data(make_device):
    today = dt.date.today()
    projects = make_device("p.lehmann", units=["projects"])
    jobcenter = make_device("j.meier", units=["jobcenter"])
    client = Client("Yilmaz", "Ayse", birth_date=dt.date(1990, 1, 1))
    part = ProjectParticipation(client.id, "frauen_in_arbeit", today - dt.timedelta(40))
    _push(projects, client, part)
    answer = _list(jobcenter, "frauen_in_arbeit", today - dt.timedelta(60), today)
    assert answer.status_code == 200
    body = answer.json()
    assert body["rows"] == [] and "Im Zeitraum keine Teilnehmenden." in body["notes"]
    # Not a whole quarter, as ESF Plus wants: said under the list, not refused.
    assert any("kein volles Quartal" in n for n in body["notes"])
    assert "Yilmaz" not in answer.text
    mine = _list(projects, "frauen_in_arbeit", today - dt.timedelta(60), today).json()
    assert [r[1] for r in mine["rows"]] == ["Yilmaz"]


def test_a_period_without_participants_is_a_note_not_an_error(make_device):
    projects = make_device("p.lehmann", units=["projects"])
    body = _list(projects, "bleib_arbeit", dt.date(2024, 1, 1), dt.date(2024, 3, 31)).json()
    assert body["rows"] == [] and body["notes"] == ["Im Zeitraum keine Teilnehmenden."]
    assert body["title"] and body["funder"] == "esf_plus" and body["from"] == "2024-01-01"
    assert [c["header"] for c in body["columns"]][:3] == ["Nr.", "Name", "Vorname"]


def test_an_unknown_project_template_or_period_is_refused_in_german(make_device):
    dev = make_device("p.lehmann", units=["projects"])
    day = dt.date(2026, 1, 1)
    body = assert_envelope(
        _list(dev, "kein_projekt", day, day, template="esf_plus"), 422, "funder_project"
    )
    assert "kein_projekt" in body["message"]
    body = assert_envelope(
        _list(dev, "bleib_arbeit", day, day, template="gibt_es_nicht"), 422, "funder_template"
    )
    assert "gibt_es_nicht" in body["message"]
    assert_envelope(_list(dev, "bleib_arbeit", day, day - dt.timedelta(1)), 422, "funder_period")


def test_views_and_exports_are_audited_without_names(make_device, service):
    today = dt.date.today()
    dev = make_device("p.lehmann", units=["projects"])
    client = Client("Nasser", "Rami", birth_date=dt.date(1999, 9, 9))
    _push(dev, client, ProjectParticipation(client.id, "bleib_arbeit", today - dt.timedelta(5)))
    start, end = today - dt.timedelta(10), today
    assert _list(dev, "bleib_arbeit", start, end).status_code == 200
    csv = _list(dev, "bleib_arbeit", start, end, format="csv")
    assert csv.status_code == 200 and "Nasser" in csv.text
    assert csv.headers["content-type"].startswith("text/csv")
    assert "Nr.;Name;Vorname" in csv.text  # the template's header row
    xlsx = _list(dev, "bleib_arbeit", start, end, format="xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    rows = [r for r in audit.query(service.db, user_name="p.lehmann") if r["kind"] == "funder_list"]
    assert [r["action"] for r in rows] == ["report_view", "report_export", "report_export"]
    details = [orjson.loads(r["detail"]) for r in rows]
    assert [d["format"] for d in details] == ["json", "csv", "xlsx"]
    assert {(d["kind"], d["project"], d["template"], d["from"], d["to"]) for d in details} == {
        ("funder_list", "bleib_arbeit", "esf_plus", start.isoformat(), end.isoformat())
    }
    assert not any("Nasser" in r["detail"] or "Rami" in r["detail"] for r in rows)


def test_the_answer_matches_the_published_schema(make_device, client):
    from tests.server.test_openapi import Conformance

    spec = client.app.openapi()
    conform = Conformance(spec)
    today = dt.date.today()
    dev = make_device("p.lehmann", units=["projects"])
    person = Client("Osman", "Hiba", birth_date=dt.date(2001, 3, 4))
    _push(dev, person, ProjectParticipation(person.id, "ankommen_teilhaben", today))
    path = "/api/v1/reports/funder-list"
    body = conform(_list(dev, "ankommen_teilhaben", today, today), "get", path, 200)
    assert body["rows"] and body["funder"] == "land_lsa"
    conform(_list(dev, "nichts", today, today, template="bamf"), "get", path, 422)


# --- the gate: exactly what the policy lets the user read -------------------------------------

users = st.builds(
    lambda roles, units: (tuple(roles), tuple(units)),
    st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True),
    st.lists(st.sampled_from(UNITS), min_size=0, max_size=3, unique=True),
)
consents = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.lists(
            st.sampled_from([u for u in UNITS if u != "coordination"]),
            min_size=1,
            max_size=2,
            unique=True,
        ),
        st.lists(
            st.sampled_from(["counseling_notes", "health"]),
            min_size=1,
            max_size=2,
            unique=True,
        ),
        st.booleans(),  # withdrawn
    ),
    max_size=3,
)
_years = itertools.count(1995)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    user=users,
    spans=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 400), st.integers(-1, 200)), max_size=6
    ),
    granted=consents,
    project=st.sampled_from(PROJECTS),
)
def test_the_list_holds_exactly_the_participations_the_policy_lets_the_user_read(
    make_device, user, spans, granted, project
):
    # Each example its own year: what earlier examples pushed lies outside its period.
    year = next(_years)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    roles, units = user
    writer = make_device("schreibt", roles=["coordination"], units=UNITS)
    name = f"u{year}"
    reader = make_device(name, roles=list(roles), units=list(units))
    clients = [
        Client(f"T{_letters(year)}x{_letters(n)}", "Test", birth_date=dt.date(1980, 1, 1))
        for n in range(4)
    ]
    parts = []
    for who, offset, length in spans:
        began = start - dt.timedelta(days=60) + dt.timedelta(days=offset)
        part = ProjectParticipation(clients[who].id, project, began)
        if length >= 0:
            part.ended_on, part.exit_reason = began + dt.timedelta(days=length), "completed"
        parts.append(part)
    today = dt.date.today()
    given_consents = [
        Consent(
            client_id=clients[who].id,
            recipients=list(to),
            categories=list(cats),
            purpose="Projekt",
            given_on=today,
            form_reference="EW-1",
            withdrawn_on=today if withdrawn else None,
        )
        for who, to, cats, withdrawn in granted
    ]
    _push(writer, *clients, *parts)
    # A consent opens only what its recorder holds, never to the recorder's own unit.
    if given_consents:
        _push(
            make_device("k.recorder", roles=["coordination"], units=["coordination"]),
            *given_consents,
        )
    world = _world([*clients, *parts, *given_consents])
    oracle_user = User(name, roles, units)
    expected = sorted(
        (clients.index(next(c for c in clients if c.id == p.client_id)), p.started_on.isoformat())
        for p in parts
        if p.started_on <= end
        and (p.ended_on is None or p.ended_on >= start)
        and world.may_read(oracle_user, _rec(p))
    )
    body = _list(reader, project, start, end, template="land_lsa").json()
    keys = [c["key"] for c in body["columns"]]
    # An open participation of an earlier example reaches into this year: only this example's
    # clients are compared (their names carry the year).
    mine = {c.family_name: n for n, c in enumerate(clients)}
    got = sorted(
        (mine[row[keys.index("family_name")]], row[keys.index("started_on")])
        for row in body["rows"]
        if row[keys.index("family_name")] in mine
    )
    assert got == expected, (oracle_user, body)
