"""The directory (issue 16, finding 7): who a follow-up belongs to, which mediator was there.

A route every device may read (names only, with a version: unchanged costs a 304), and one
check every write path asks: a pushed task for an unknown person or a unit not theirs, a
consultation naming an unknown mediator is refused with a clear reason -- on SQLite and
PostgreSQL.
"""

import orjson
from sqlalchemy import select

from casefile.ids import new_id
from sync_server import schema as t
from sync_server.auth import create_user, lock_user, set_user
from sync_server.directory import add_mediator, deactivate_mediator, list_mediators, read
from tests.server.helpers import PASSWORD, cli, valid_fields


def _directory(dev, etag=None):
    headers = dict(dev.headers)
    if etag:
        headers["If-None-Match"] = etag
    return dev.client.get("/api/v1/directory", headers=headers)


def test_every_device_reads_names_and_units_only_and_an_unchanged_directory_costs_a_304(
    make_device, service, client, envelope
):
    reader = make_device("m.mueller", units=["abh"], roles=["caseworker"])
    create_user(service.db, "k.wagner", PASSWORD, ["coordination"], ["integration", "projects"])
    set_user(service.db, "k.wagner", display_name="Katrin Wagner")
    add_mediator(service.db, "Sanaa Al-Khalil", ["ar"])
    r = _directory(reader)
    assert r.status_code == 200, r.text
    body = r.json()
    users = {u["name"]: u for u in body["users"]}
    assert users["k.wagner"] == {
        "name": "k.wagner",
        "display_name": "Katrin Wagner",
        "units": ["integration", "projects"],
        "active": True,
    }
    assert body["mediators"] == [{"name": "Sanaa Al-Khalil", "languages": ["ar"], "active": True}]
    assert "password" not in r.text and "roles" not in r.text and "caseworker" not in r.text
    etag = r.headers["ETag"]
    assert etag == f'"{body["version"]}"'
    again = _directory(reader, etag)
    assert again.status_code == 304 and not again.content
    # a deactivation and a lock change the version; both stay listed, inactive
    assert deactivate_mediator(service.db, "Sanaa Al-Khalil")
    assert lock_user(service.db, "k.wagner")
    changed = _directory(reader, etag)
    assert changed.status_code == 200 and changed.json()["version"] != body["version"]
    assert {u["name"]: u["active"] for u in changed.json()["users"]}["k.wagner"] is False
    assert changed.json()["mediators"][0]["active"] is False
    envelope(client.get("/api/v1/directory"), 401, "unauthorized")


def _task(dev, cid, **fields):
    return dev.op("task", new_id(), fields=valid_fields("task", cid, **fields))


def test_a_task_for_nobody_known_or_a_unit_not_theirs_is_refused_with_a_reason(
    make_device, service
):
    a = make_device()  # a.schneider, integration
    create_user(service.db, "k.wagner", PASSWORD, ["caseworker"], ["integration", "projects"])
    create_user(service.db, "t.becker", PASSWORD, ["caseworker"], ["abh"])
    lock_user(service.db, "t.becker")  # locked later: offline work for them stays valid
    cid = new_id()
    ops = [
        a.op("client", cid, fields=valid_fields("client")),
        _task(a, cid, assignee="a.schnieder", assignee_unit="integration"),  # the typo
        _task(a, cid, assignee="k.wagner", assignee_unit="abh"),
        _task(a, cid, assignee="k.wagner", assignee_unit="projects"),
        _task(a, cid, assignee="t.becker", assignee_unit="abh"),
        _task(a, cid, assignee="", assignee_unit="integration"),  # the unit's queue
        _task(a, cid, assignee="a.schneider"),
    ]
    results = a.push(ops).json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected"] + ["applied"] * 4
    assert [r["reason"] for r in results[1:3]] == ["unknown_assignee", "assignee_unit_mismatch"]
    assert "„a.schnieder“" in results[1]["detail"] and "Zuständig" in results[1]["detail"]
    assert "Ausländerbehörde" in results[2]["detail"]
    # an edit that does not touch the assignee passes; one that names nobody is refused
    task_id = ops[3]["record_id"]
    done = a.push([a.op("task", task_id, "update", {"done": True}, {"done": None})]).json()
    assert done["results"][0]["status"] == "applied"
    typo = a.push([a.op("task", task_id, "update", {"assignee": "k.wagnr"}, {"assignee": None})])
    assert typo.json()["results"][0]["reason"] == "unknown_assignee"


def test_a_consultation_naming_an_unknown_mediator_is_refused(make_device, service):
    a = make_device()
    add_mediator(service.db, "Sanaa Al-Khalil", ["ar"])
    add_mediator(service.db, "Telefondolmetscher:in", [])
    deactivate_mediator(service.db, "Telefondolmetscher:in")  # still valid in old records
    cid = new_id()

    def consultation(name):
        fields = valid_fields(
            "consultation", cid, language="ar", mediator_used=True, mediator_name=name
        )
        return a.op("consultation", new_id(), fields=fields)

    results = a.push(
        [
            a.op("client", cid, fields=valid_fields("client")),
            consultation("Herr Nasser"),
            consultation("Sanaa Al-Khalil"),
            consultation("Telefondolmetscher:in"),
            a.op("consultation", new_id(), fields=valid_fields("consultation", cid)),
        ]
    ).json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected"] + ["applied"] * 3
    assert results[1]["reason"] == "unknown_mediator" and "„Herr Nasser“" in results[1]["detail"]


def test_resolving_a_conflict_to_an_unknown_assignee_is_refused(make_device, service, envelope):
    a = make_device()
    cid, task_id = new_id(), new_id()
    assert (
        a.push(
            [
                a.op("client", cid, fields=valid_fields("client")),
                a.op("task", task_id, fields=valid_fields("task", cid, assignee="a.schneider")),
            ]
        ).json()["results"][1]["status"]
        == "applied"
    )
    conflict_id = new_id()
    with service.db.writer.begin() as conn:
        conn.execute(
            t.conflicts.insert().values(
                id=conflict_id,
                kind="task",
                record_id=task_id,
                client_id=cid,
                field="assignee",
                value='"a.schnieder"',
                hlc="0",
                winner_value='"a.schneider"',
                winner_hlc="0",
                needs_person=True,
                created_at="2026-01-01T00:00:00Z",
            )
        )
    r = a.client.post(
        f"/api/v1/conflicts/{conflict_id}/resolve",
        json={"value": "a.schnieder"},
        headers=a.headers,
    )
    body = envelope(r, 422, "unknown_assignee")
    assert "Verzeichnis" in body["message"] and "a.schnieder" in body["detail"]["reason"]
    with service.db.reader.connect() as conn:  # still open, for a person to settle
        row = conn.execute(select(t.conflicts).where(t.conflicts.c.id == conflict_id)).one()
    assert row.resolved_at is None


def test_the_county_keeps_mediators_with_the_cli(db_url, service):
    out = cli("add-mediator", "Ghada Kurdi", "--language", "ar", "--language", "ckb", url=db_url)
    assert "Ghada Kurdi added" in out.stdout
    bad = cli("add-mediator", "X", "--language", "klingon", url=db_url, check=False)
    assert bad.returncode == 1 and "klingon" in bad.stderr
    assert cli("deactivate-mediator", "Ghada Kurdi", url=db_url).returncode == 0
    assert cli("deactivate-mediator", "Niemand", url=db_url, check=False).returncode == 1
    listing = cli("mediators", url=db_url).stdout
    assert "Ghada Kurdi" in listing and "ar,ckb" in listing and "deactivated" in listing
    assert [m["name"] for m in list_mediators(service.db)] == ["Ghada Kurdi"]


def test_the_demo_directory_names_everyone_the_demo_records_name(service):
    from sync_server.seed import seed_demo

    seed_demo(service.db, 40, seed=3)
    d = read(service.db)
    with service.db.reader.connect() as conn:
        rows = conn.execute(
            t.records.select().where(t.records.c.kind.in_(("task", "consultation")))
        ).all()
    assert rows
    for row in rows:
        fields = orjson.loads(row.fields)
        if row.kind == "task" and fields.get("assignee"):
            assert d.user(fields["assignee"]) is not None, fields["assignee"]
        if row.kind == "consultation" and fields.get("mediator_name"):
            assert d.mediator(fields["mediator_name"]) is not None, fields["mediator_name"]
