"""The server is the gate on every path (issue 13): one regression test per finding.

Written from the access rules (resources/access/policy.toml) and the protocol document, on
SQLite and PostgreSQL: what a path must not let out or let in, whatever the result code.
"""

import orjson
from sqlalchemy import select

from casefile.ids import new_id
from sync_server import schema as t

SECRET = "GEHEIM-Gesundheit-7741"


def client(name="Haddad", **over):
    return {
        "family_name": name,
        "given_names": "Rami",
        "birth_date": "1990-04-17",
        "birth_date_precision": "exact",
        "sex": "m",
        "nationalities": '["SYR"]',
        **over,
    }


def consultation(cid, unit, note="Notiz", topics='["housing"]', **over):
    return {
        "client_id": cid,
        "unit": unit,
        "started_at": "2026-11-02T09:00:00+00:00",
        "caseworker": "x",
        "location": "lra_zeitz",
        "kind": "walk_in",
        "topics": topics,
        "duration_min": 30,
        "note": note,
        **over,
    }


def residence(cid):
    return {
        "client_id": cid,
        "status": "toleration",
        "paragraph": "§ 60a AufenthG",
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
    }


def consent(cid, recipients, categories, **over):
    return {
        "client_id": cid,
        "recipients": orjson.dumps(recipients).decode(),
        "categories": orjson.dumps(categories).decode(),
        "purpose": "Fallberatung",
        "given_on": "2026-10-01",
        "form_reference": "EW-2026-00017",
        **over,
    }


def audit_rows(service, action=None):
    with service.db.reader.connect() as conn:
        stmt = select(t.audit_log)
        if action:
            stmt = stmt.where(t.audit_log.c.action == action)
        return [r._asdict() for r in conn.execute(stmt)]


def world(make_device):
    """An integration caseworker's client with a health consultation; the ABH's status."""
    integ = make_device("i.integration", units=["integration"])
    abh = make_device("a.abh", units=["abh"])
    cid, health, status = new_id(), new_id(), new_id()
    r = integ.push(
        [
            integ.op("client", cid, fields=client()),
            integ.op(
                "consultation",
                health,
                fields=consultation(cid, "integration", SECRET, '["health"]'),
            ),
        ]
    ).json()["results"]
    assert [x["status"] for x in r] == ["applied", "applied"], r
    r = abh.push([abh.op("residence_status", status, fields=residence(cid))]).json()["results"]
    assert r[0]["status"] == "applied", r
    return integ, abh, cid, health, status


# --- 1. push answers ------------------------------------------------------------------------


def test_a_push_answer_never_carries_a_hidden_record_whatever_the_reason(make_device, service):
    integ, _abh, cid, health, _ = world(make_device)
    jc = make_device("j.jobcenter", units=["jobcenter"])
    before = len(audit_rows(service, "denied"))
    forged = [
        jc.op(
            "task", health, fields={"client_id": cid, "due_date": "2026-12-01", "text": "x"}
        ),  # id of another kind
        jc.op("consultation", health, "update", {"next_step": "x"}),  # a hidden record
        jc.op("consultation", health, "delete"),
        jc.op("consultation", health, fields=consultation(cid, "jobcenter")),
    ]
    r = jc.push(forged)
    assert SECRET not in r.text and "health" not in r.text
    results = r.json()["results"]
    assert all(x["status"] == "rejected" for x in results), results
    assert all(
        x["record"] is None and x["detail"] == "" and x["conflicts"] == [] for x in results
    ), results
    # Every refusal leaves one audit row, naming the reason but no value.
    denied = audit_rows(service, "denied")[before:]
    assert len(denied) == len(forged)
    assert all(SECRET not in (row["detail"] or "") for row in denied)
    # The owner still gets its own record back in its answers.
    mine = integ.push([integ.op("consultation", health, "update", {"next_step": "y"})]).json()
    assert mine["results"][0]["record"]["fields"]["note"] == SECRET


# --- 2. consent -----------------------------------------------------------------------------


def test_a_unit_cannot_open_other_units_sections_to_itself_by_consent(make_device):
    _integ, _abh, cid, health, status = world(make_device)
    jc = make_device("j.jobcenter", units=["jobcenter"])
    r = jc.push(
        [
            jc.op(
                "consent",
                new_id(),
                fields=consent(
                    cid, ["jobcenter"], ["health", "counseling_notes", "benefits", "housing"]
                ),
            )
        ]
    ).json()
    assert (r["results"][0]["status"], r["results"][0]["reason"]) == (
        "rejected",
        "consent_recorder",
    )
    pulled = jc.pull_all()
    assert health not in {c["id"] for c in pulled}
    assert SECRET not in orjson.dumps(pulled).decode()


def test_the_unit_holding_a_category_opens_it_with_the_signed_form(make_device):
    integ, abh, cid, _health, status = world(make_device)
    assert status not in {c["id"] for c in integ.pull_all()}
    no_form = abh.push(
        [
            abh.op(
                "consent",
                new_id(),
                fields=consent(cid, ["integration"], ["residence"], form_reference=""),
            )
        ]
    ).json()["results"][0]
    assert (no_form["status"], no_form["reason"]) == ("rejected", "form_reference")
    cons = new_id()
    ok = abh.push([abh.op("consent", cons, fields=consent(cid, ["integration"], ["residence"]))])
    assert ok.json()["results"][0]["status"] == "applied"
    assert status in {c["id"] for c in integ.pull_all()}
    # Anybody with master data may record the withdrawal; it only closes.
    reception = make_device("r.empfang", roles=["reception"], units=["reception"])
    clock = [c for c in reception.pull_all() if c["id"] == cons][0]["clocks"]
    w = reception.push(
        [
            reception.op(
                "consent",
                cons,
                "update",
                {"withdrawn_on": "2026-11-01"},
                {"withdrawn_on": clock.get("withdrawn_on")},
            )
        ]
    ).json()
    assert w["results"][0]["status"] == "applied", w
    # ... but may not widen it.
    widen = reception.push(
        [
            reception.op(
                "consent",
                cons,
                "update",
                {"withdrawn_on": None, "categories": '["residence", "health"]'},
            )
        ]
    ).json()["results"][0]
    assert (widen["status"], widen["reason"]) == ("rejected", "consent_recorder")


# --- 3. erasure -----------------------------------------------------------------------------


def test_deleting_a_person_is_refused_and_erasing_is_the_privileged_action(
    make_device, service, envelope
):
    integ, abh, cid, health, status = world(make_device)
    reception = make_device("r.empfang", roles=["reception"], units=["reception"])
    r = reception.push([reception.op("client", cid, "delete")]).json()["results"][0]
    assert (r["status"], r["reason"]) == ("rejected", "erase_only")
    live = {c["id"]: c for c in abh.pull_all()}
    assert not live[status]["deleted"] and not live[cid]["deleted"]
    assert not {c["id"]: c for c in integ.pull_all()}[health]["deleted"]
    url = f"/api/v1/clients/{cid}/erase"
    envelope(
        reception.client.post(url, json={"reason": "Irrtum"}, headers=reception.headers),
        403,
        "forbidden_role",
    )
    admin = make_device("d.datenschutz", roles=["administrator"], units=[])
    envelope(admin.client.post(url, json={}, headers=admin.headers), 422)
    done = admin.client.post(
        url, json={"reason": "Antrag Art. 17 vom 01.12."}, headers=admin.headers
    )
    assert done.status_code == 200, done.text
    assert done.json()["erased"] == 3
    for dev, rid in ((abh, status), (integ, health), (abh, cid)):
        (tomb,) = [c for c in dev.pull_all() if c["id"] == rid]
        assert tomb["deleted"] and set(tomb["fields"]) <= {"client_id"}
    (row,) = audit_rows(service, "erase")
    assert orjson.loads(row["detail"])["reason"] == "Antrag Art. 17 vom 01.12."
    assert row["user_name"] == "d.datenschutz"


# --- 4. conflict resolution -----------------------------------------------------------------


def test_resolving_a_conflict_passes_the_write_gate_and_is_audited(make_device, service, envelope):
    a = make_device("k.koord", roles=["coordination"], units=["coordination"])
    b = make_device("k.koord2", roles=["coordination"], units=["coordination"])
    cid = new_id()
    a.push([a.op("client", cid, fields=client())])
    clock = a.pull_all()[0]["clocks"]["family_name"]
    for dev, name in ((a, "Hadad"), (b, "Al-Haddad")):
        dev.push([dev.op("client", cid, "update", {"family_name": name}, {"family_name": clock})])
    (conflict,) = a.client.get("/api/v1/conflicts", headers=a.headers).json()["conflicts"]
    url = f"/api/v1/conflicts/{conflict['id']}/resolve"
    admin = make_device("d.admin", roles=["administrator"], units=[])
    envelope(
        admin.client.post(url, json={"value": "Admin"}, headers=admin.headers), 403, "forbidden"
    )
    envelope(
        a.client.post(url, json={"value": "Had4dd@d"}, headers=a.headers), 422, "invalid_value"
    )
    assert any(
        orjson.loads(r["detail"]).get("conflict_id") == conflict["id"]
        for r in audit_rows(service, "denied")
        if r["detail"]
    )
    ok = a.client.post(url, json={"value": "Haddad"}, headers=a.headers)
    assert ok.status_code == 200, ok.text
    (row,) = [
        r
        for r in audit_rows(service, "update")
        if r["user_name"] == "k.koord"
        and r["detail"]
        and "conflict_id" in orjson.loads(r["detail"])
    ]
    assert row["record_id"] == cid and orjson.loads(row["detail"])["field"] == "family_name"


# --- 5. values --------------------------------------------------------------------------------


def test_values_no_form_would_accept_are_rejected_alone(make_device, envelope):
    a = make_device("k.koord", roles=["coordination"], units=["coordination"])
    good, bad_nat, bad_date = new_id(), new_id(), new_id()
    results = a.push(
        [
            a.op("client", bad_nat, fields=client(nationalities="1")),
            a.op("client", bad_date, fields=client(birth_date="2026-02-31")),
            a.op("client", good, fields=client("Kowalenko")),
        ]
    ).json()["results"]
    assert [(x["status"], x["reason"]) for x in results] == [
        ("rejected", "invalid_value"),
        ("rejected", "invalid_value"),
        ("applied", ""),
    ]
    assert "Staatsangehörigkeit" in results[0]["detail"]
    assert "Geburtsdatum" in results[1]["detail"]
    assert {c["id"] for c in a.pull_all()} == {good}
    # The same rules for the values a person keeps in a merge.
    other = new_id()
    a.push(
        [
            a.op(
                "client",
                other,
                fields=client(
                    "Okonkwo", given_names="Chidi", birth_date="1971-08-30", nationalities='["NGA"]'
                ),
            )
        ]
    )
    url = f"/api/v1/clients/{good}/merge"
    for keep in ({"birth_date": "2026-02-31"}, {"shoe_size": 44}, {"nationalities": "1"}):
        envelope(
            a.client.post(url, json={"merged_id": other, "keep": keep}, headers=a.headers),
            422,
            "invalid_value",
        )
    assert not [c for c in a.pull_all() if c["deleted"]]


# --- 6. author ------------------------------------------------------------------------------


def test_the_author_of_a_consultation_is_the_tokens_user(make_device):
    integ = make_device("i.integration", units=["integration"])
    cid, kid = new_id(), new_id()
    integ.push(
        [
            integ.op("client", cid, fields=client()),
            integ.op(
                "consultation",
                kid,
                fields=consultation(cid, "integration", caseworker="b.leiterin"),
            ),
        ]
    )
    (stored,) = [c for c in integ.pull_all() if c["id"] == kid]
    assert stored["fields"]["caseworker"] == "i.integration"


# --- 7. tombstones ----------------------------------------------------------------------------


def test_a_delete_leaves_a_tombstone_without_content_for_every_device(make_device):
    integ, _abh, cid, health, _ = world(make_device)
    other = make_device("i.zweite", units=["integration"])
    r = integ.push([integ.op("consultation", health, "delete")]).json()["results"][0]
    assert r["status"] == "applied" and r["record"]["fields"] == {"client_id": cid}
    for dev in (integ, other):
        (tomb,) = [c for c in dev.pull_all() if c["id"] == health]
        assert tomb["deleted"] and tomb["fields"] == {"client_id": cid}
        assert set(tomb["clocks"]) == {"_deleted"}


# --- 8. page size in bytes ----------------------------------------------------------------------


def test_pull_pages_are_capped_in_bytes_and_still_bring_everything(make_device, service):
    integ = make_device("i.integration", units=["integration"])
    cid = new_id()
    ops = [integ.op("client", cid, fields=client())]
    ops += [
        integ.op(
            "consultation",
            new_id(),
            fields=consultation(cid, "integration", f"{n:03d} " + "Lange Notiz. " * 1500),
        )
        for n in range(30)
    ]
    assert all(x["status"] == "applied" for x in integ.push(ops).json()["results"])
    service.settings.max_page_bytes = 100_000
    cursor, pages, seen = 0, 0, []
    while True:
        page = integ.pull(cursor)
        assert len(page.content) < 2 * 100_000 or len(page.json()["changes"]) == 1
        body = page.json()
        seen += [c["id"] for c in body["changes"]]
        pages += 1
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    assert len(seen) == len(set(seen)) == 31 and pages >= 5


def test_a_merge_of_an_erased_file_is_listed_but_not_undone(make_device, envelope):
    k = make_device("k.koord", roles=["coordination"], units=["coordination"])
    admin = make_device("d.datenschutz", roles=["administrator"], units=[])
    a, b = new_id(), new_id()
    k.push(
        [
            k.op("client", a, fields=client()),
            k.op(
                "client", b, fields=client("Okonkwo", given_names="Chidi", birth_date="1971-08-30")
            ),
        ]
    )
    merge = k.client.post(
        f"/api/v1/clients/{a}/merge", json={"merged_id": b}, headers=k.headers
    ).json()
    done = admin.client.post(
        f"/api/v1/clients/{a}/erase", json={"reason": "Art. 17"}, headers=admin.headers
    )
    assert done.status_code == 200, done.text
    listed = k.client.get("/api/v1/merges", headers=k.headers)
    assert listed.status_code == 200 and "Haddad" not in listed.text
    envelope(
        k.client.post(f"/api/v1/merges/{merge['id']}/undo", headers=k.headers), 409, "merge_erased"
    )


def test_the_export_after_an_unmerge_holds_only_this_persons_file(make_device):
    k = make_device("k.koord", roles=["coordination"], units=["coordination"])
    abh = make_device("a.abh", units=["abh"])
    admin = make_device("d.datenschutz", roles=["administrator"], units=[])
    a, b, status = new_id(), new_id(), new_id()
    k.push(
        [
            k.op("client", a, fields=client()),
            k.op(
                "client", b, fields=client("Okonkwo", given_names="Chidi", birth_date="1971-08-30")
            ),
        ]
    )
    merge = k.client.post(
        f"/api/v1/clients/{a}/merge", json={"merged_id": b}, headers=k.headers
    ).json()
    assert k.client.post(f"/api/v1/merges/{merge['id']}/undo", headers=k.headers).status_code == 200
    abh.push([abh.op("residence_status", status, fields=residence(b))])
    export = admin.client.get(f"/api/v1/clients/{a}/export", headers=admin.headers)
    assert export.status_code == 200
    assert export.json()["files"] == [a]
    assert (
        status not in export.text
        and "Okonkwo" not in orjson.dumps(export.json()["records"]).decode()
    )


def test_consent_tricks_found_in_review_are_refused(make_device):
    """Attacks from the security review (issue 13): a withdrawal dated tomorrow, a widening
    that wins by its clock after an innocent touch, a unit opening its category of another
    unit to itself, moving a consent to another person."""
    import datetime as dt

    integ, _abh, cid, health, _ = world(make_device)
    jc = make_device("j.jobcenter", units=["jobcenter"])
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    wide = ["counseling_notes", "health", "benefits", "residence", "housing"]
    r = jc.push(
        [
            jc.op(
                "consent",
                new_id(),
                fields=consent(cid, ["jobcenter"], wide, withdrawn_on=tomorrow, form_reference=""),
            )
        ]
    ).json()
    assert r["results"][0]["status"] == "rejected", r
    # A legitimate consent of the Jobcenter's own category to integration ...
    own = new_id()
    assert (
        jc.push(
            [jc.op("consent", own, fields=consent(cid, ["integration"], ["jobcenter"]))]
        ).json()["results"][0]["status"]
        == "applied"
    )
    clock = [c for c in jc.pull_all() if c["id"] == own][0]["clocks"]
    # ... touched without change, then widened with an older clock and a losing withdrawal.
    jc.push(
        [
            jc.op(
                "consent",
                own,
                "update",
                {"withdrawn_on": None},
                {"withdrawn_on": clock.get("withdrawn_on")},
            )
        ]
    )
    older = clock["given_on"][:15] + "-00001-" + clock["given_on"].split("-", 2)[2]
    r = jc.push(
        [
            jc.op(
                "consent",
                own,
                "update",
                {
                    "recipients": '["jobcenter"]',
                    "categories": orjson.dumps(wide).decode(),
                    "withdrawn_on": dt.date.today().isoformat(),
                },
                hlc=older,
            )
        ]
    ).json()["results"][0]
    assert r["status"] == "rejected", r
    assert SECRET not in orjson.dumps(jc.pull_all()).decode()
    # Integration opens counseling notes to itself: refused (education's would open too).
    r = integ.push(
        [integ.op("consent", new_id(), fields=consent(cid, ["integration"], ["counseling_notes"]))]
    ).json()["results"][0]
    assert (r["status"], r["reason"]) == ("rejected", "consent_recorder")
    # A consent stays with its person.
    other = new_id()
    integ.push(
        [
            integ.op(
                "client",
                other,
                fields=client("Okonkwo", given_names="Chidi", birth_date="1971-08-30"),
            )
        ]
    )
    r = jc.push([jc.op("consent", own, "update", {"client_id": other})]).json()["results"][0]
    assert r["status"] == "rejected", r
