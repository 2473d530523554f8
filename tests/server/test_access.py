"""Who may see and write what (resources/access/policy.toml), against the real app and database.

The expectations are written out here, not derived from the policy code: they are what
docs/data-protection.md promises.
"""

import datetime as dt

import pytest

from casefile.ids import new_id

ROLES = ("caseworker", "unit_lead", "coordination", "reception", "administrator")
SECTION_ROLES = {"caseworker", "unit_lead", "coordination"}
MASTER_ROLES = {"caseworker", "unit_lead", "coordination", "reception"}
TODAY = dt.date.today().isoformat()
TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


def client_fields(name="Haddad"):
    return {
        "family_name": name,
        "given_names": "Rami",
        "birth_date": "1990-04-17",
        "birth_date_precision": "exact",
        "sex": "m",
        "nationalities": '["SYR"]',
    }


def consultation(cid, unit, topics=("residence",)):
    return {
        "client_id": cid,
        "unit": unit,
        "started_at": "2026-11-02T09:00:00+00:00",
        "caseworker": "x",
        "location": "lra_zeitz",
        "kind": "walk_in",
        "topics": str(list(topics)).replace("'", '"'),
        "note": f"Notiz {unit}",
    }


# section -> (kind, fields(cid), who reads it besides master roles?, expected readers, writers)
# for a user of the integration unit with the given role.
SECTIONS = {
    "master_data": ("client", None, set(ROLES), MASTER_ROLES),
    "case_coordination": (
        "task",
        lambda cid: {"client_id": cid, "due_date": "2026-12-01", "text": "Termin"},
        set(ROLES),
        MASTER_ROLES,
    ),
    "own_unit_notes": (
        "consultation",
        lambda cid: consultation(cid, "integration"),
        SECTION_ROLES,
        SECTION_ROLES,
    ),
    "own_unit_health": (
        "consultation",
        lambda cid: consultation(cid, "integration", ["health"]),
        SECTION_ROLES,
        SECTION_ROLES,
    ),
    "residence": (
        "residence_status",
        lambda cid: {"client_id": cid, "status": "toleration"},
        set(),
        set(),
    ),
    "jobcenter_notes": ("consultation", lambda cid: consultation(cid, "jobcenter"), set(), set()),
    "benefit_notes": ("consultation", lambda cid: consultation(cid, "asylblg"), set(), set()),
}


@pytest.fixture
def world(make_device):
    """One client with a record in every section, written by the units that own them."""
    owners = {
        "integration": make_device("int.owner", units=["integration"]),
        "jobcenter": make_device("jc.owner", units=["jobcenter"]),
        "asylblg": make_device("ab.owner", units=["asylblg"]),
        "abh": make_device("abh.owner", units=["abh"]),
    }
    cid = new_id()
    ids = {"master_data": cid}
    assert (
        owners["integration"]
        .push([owners["integration"].op("client", cid, fields={"id": cid, **client_fields()})])
        .json()["results"][0]["status"]
        == "applied"
    )
    for section, (kind, make, _r, _w) in SECTIONS.items():
        if make is None:
            continue
        fields = make(cid)
        owner = {"residence_status": "abh"}.get(kind) or fields.get("unit") or "integration"
        dev = owners[owner]
        ids[section] = new_id()
        res = dev.push([dev.op(kind, ids[section], fields=fields)]).json()["results"][0]
        assert res["status"] == "applied", (section, res)
    return cid, ids, owners


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_each_role_by_each_section_read_and_write(world, make_device, role):
    cid, ids, _owners = world
    dev = make_device(f"user.{role}", roles=[role], units=["integration"])
    seen = {c["id"] for c in dev.pull_all()}
    for section, (kind, make, readers, writers) in SECTIONS.items():
        assert (ids[section] in seen) == (role in readers), f"{role} reading {section}"
        # Write: an edit of the existing record, and a new record of the section.
        edit = (
            {"note": "geändert"}
            if kind == "consultation"
            else (
                {"phone": "0170 1"}
                if kind == "client"
                else {"text": "neu"}
                if kind == "task"
                else {"paragraph": "§ 60a"}
            )
        )
        new = {"id": new_id(), **client_fields("Neu")} if make is None else make(cid)
        new_id_ = new.get("id") or new_id()
        results = dev.push(
            [
                dev.op(kind, ids[section], "update", fields=edit, base={k: None for k in edit}),
                dev.op(kind, new_id_, fields=new),
            ]
        ).json()["results"]
        for res in results:
            assert res["reason"] != "invalid_value", res  # the test's records are valid
            allowed = res["status"] != "rejected" or res["reason"] != "forbidden"
            assert allowed == (role in writers), f"{role} writing {section}: {res}"
            if not allowed and role not in readers:
                assert res["record"] is None  # nothing of a hidden record comes back
                assert res["detail"] == ""


def test_a_legal_share_opens_residence_to_the_jobcenter_but_not_writing_it(world, make_device):
    cid, ids, _ = world
    jc = make_device("jc.reader", units=["jobcenter"])
    seen = {c["id"] for c in jc.pull_all()}
    assert ids["residence"] in seen and ids["jobcenter_notes"] in seen
    assert ids["own_unit_notes"] not in seen and ids["benefit_notes"] not in seen
    res = jc.push(
        [
            jc.op(
                "residence_status",
                ids["residence"],
                "update",
                fields={"paragraph": "§ 25"},
                base={"paragraph": None},
            )
        ]
    ).json()["results"][0]
    assert (res["status"], res["reason"]) == ("rejected", "forbidden")


def _consent(cid, recipients, categories, withdrawn_on=None, form_reference="EV-2026-0042"):
    return {
        "client_id": cid,
        "recipients": str(recipients).replace("'", '"'),
        "categories": str(categories).replace("'", '"'),
        "purpose": "Abstimmung",
        "given_on": "2026-01-05",
        "withdrawn_on": withdrawn_on,
        "form_reference": form_reference,
    }


def test_consent_opens_a_section_on_the_next_pull_and_its_withdrawal_closes_it(world, make_device):
    cid, ids, owners = world
    reader = make_device("int.reader", units=["integration"])
    cursor_page = reader.pull(0).json()
    assert ids["jobcenter_notes"] not in {c["id"] for c in cursor_page["changes"]}
    cursor = cursor_page["next_cursor"]

    # The consent that opens the Jobcenter's notes is recorded by the Jobcenter, which holds
    # them, with the signed form's number; the integration unit cannot open them to itself.
    consent_id = new_id()
    writer = owners["jobcenter"]
    refused = (
        owners["integration"]
        .push(
            [
                owners["integration"].op(
                    "consent", new_id(), fields=_consent(cid, ["integration"], ["jobcenter"])
                )
            ]
        )
        .json()
    )
    assert [(r["status"], r["reason"]) for r in refused["results"]] == [
        ("rejected", "consent_recorder")
    ]
    refused = writer.push(
        [
            writer.op(
                "consent",
                new_id(),
                fields=_consent(cid, ["integration"], ["jobcenter"], form_reference=""),
            )
        ]
    ).json()
    assert [(r["status"], r["reason"]) for r in refused["results"]] == [
        ("rejected", "form_reference")
    ]
    assert (
        writer.push(
            [writer.op("consent", consent_id, fields=_consent(cid, ["integration"], ["jobcenter"]))]
        ).json()["results"][0]["status"]
        == "applied"
    )
    page = reader.pull(cursor).json()
    assert [c["id"] for c in page["changes"]] == [consent_id], page["changes"]
    [rescope] = page["rescope"]
    assert rescope["client_id"] == cid
    sent = {c["id"] for c in rescope["changes"]}
    assert ids["jobcenter_notes"] in sent  # opened by the consent
    assert ids["benefit_notes"] not in sent and ids["residence"] not in sent

    # A withdrawal only closes: anyone with master data records it, here the integration unit.
    withdrawer = owners["integration"]
    withdrawn = withdrawer.push(
        [
            withdrawer.op(
                "consent",
                consent_id,
                "update",
                fields={"withdrawn_on": TODAY},
                base={"withdrawn_on": None},
            )
        ]
    ).json()
    assert withdrawn["results"][0]["status"] == "applied", withdrawn
    page = reader.pull(page["next_cursor"]).json()
    [rescope] = page["rescope"]
    assert ids["jobcenter_notes"] not in {c["id"] for c in rescope["changes"]}
    assert ids["own_unit_notes"] in {c["id"] for c in rescope["changes"]}
    assert ids["jobcenter_notes"] not in {c["id"] for c in reader.pull_all()}


def test_a_consent_for_an_external_body_or_in_the_future_opens_nothing(world, make_device):
    cid, ids, owners = world
    writer = owners["jobcenter"]
    # Tomorrow: the latest date a form accepts (a device's clock may run a day ahead).
    future = {**_consent(cid, ["integration"], ["jobcenter"]), "given_on": TOMORROW}
    results = writer.push(
        [
            writer.op(
                "consent",
                new_id(),
                fields=_consent(cid, ["Migrationsberatung für Erwachsene (MBE)"], ["jobcenter"]),
            ),
            writer.op("consent", new_id(), fields=future),
            writer.op("consent", new_id(), fields={**future, "given_on": "2999-01-01"}),
        ]
    ).json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied", "rejected"], results
    assert results[2]["reason"] == "invalid_value"  # not a date a form accepts
    reader = make_device("int.reader2", units=["integration"])
    assert ids["jobcenter_notes"] not in {c["id"] for c in reader.pull_all()}


def test_the_scope_changes_with_the_users_units_and_roles(make_device, service):
    a = make_device("scope.a", units=["integration"])
    b = make_device("scope.b", units=["integration"])
    c = make_device("scope.c", units=["jobcenter"])
    d = make_device("scope.d", roles=["reception"], units=["integration"])
    scopes = [x.pull(0).json()["scope"] for x in (a, b, c, d)]
    assert scopes[0] == scopes[1] and len(set(scopes)) == 3


def test_every_change_refusal_and_sent_file_is_in_the_audit_log(world, make_device, client):
    cid, ids, owners = world
    reader = make_device("audit.reader", units=["integration"])
    reader.pull_all()
    denied = reader.push(
        [reader.op("residence_status", new_id(), fields={"client_id": cid, "status": "toleration"})]
    ).json()["results"][0]
    assert denied["reason"] == "forbidden"
    admin = make_device("audit.admin", roles=["administrator"], units=[])
    r = client.get("/api/v1/audit", params={"client_id": cid}, headers=admin.headers)
    assert r.status_code == 200, r.text
    entries = r.json()["entries"]
    by_action = {}
    for e in entries:
        by_action.setdefault(e["action"], []).append(e)
    assert {e["user_name"] for e in by_action["create"]} >= {"int.owner", "jc.owner", "abh.owner"}
    assert any(
        e["user_name"] == "audit.reader" and e["device_id"] == reader.id for e in by_action["sent"]
    )
    assert [e["user_name"] for e in by_action["denied"]] == ["audit.reader"]
    csv_text = client.get(
        "/api/v1/audit", params={"user": "audit.reader", "format": "csv"}, headers=admin.headers
    ).text
    assert csv_text.splitlines()[0].startswith("id,at,user_name,device_id,action")
    assert "denied" in csv_text and "sent" in csv_text
    # Not an administrator: 403, and the attempt is logged.
    r = client.get("/api/v1/audit", headers=reader.headers)
    assert r.status_code == 403
    entries = client.get(
        "/api/v1/audit", params={"user": "audit.reader"}, headers=admin.headers
    ).json()["entries"]
    assert entries[-1]["action"] == "denied" and "audit" in entries[-1]["detail"]


def test_the_audit_log_is_append_only(world, service):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for stmt in ("UPDATE audit_log SET user_name = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            with service.db.writer.begin() as conn:
                conn.execute(text(stmt))
