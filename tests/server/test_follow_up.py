"""A consultation and its follow-up (Wiedervorlage) are accepted or refused together (issue 16,
finding 2): the ABH must not get a task for a consultation the server refused. SQLite and
PostgreSQL (the db_url fixture)."""

from sqlalchemy import select

from casefile.ids import new_id
from sync_server import schema as t
from tests.server.helpers import valid_fields


def stored(service, record_id):
    with service.db.reader.connect() as conn:
        return conn.execute(select(t.records.c.id).where(t.records.c.id == record_id)).first()


def test_a_follow_up_of_a_refused_consultation_is_refused_with_it(make_device, service):
    it = make_device("i.integration", units=["integration"])
    cid, cons, task = new_id(), new_id(), new_id()
    r = it.push(
        [
            it.op("client", cid, fields=valid_fields("client")),
            # Another unit's section: the consultation is refused ...
            it.op("consultation", cons, fields=valid_fields("consultation", cid, unit="abh")),
            # ... and the follow-up that belongs to it with it.
            it.op("task", task, fields=valid_fields("task", cid, consultation_id=cons)),
        ]
    ).json()["results"]
    assert [(x["status"], x["reason"]) for x in r] == [
        ("applied", ""),
        ("rejected", "forbidden"),
        ("rejected", "with_consultation"),
    ], r
    assert stored(service, cons) is None and stored(service, task) is None
    # Also in a later batch: the consultation is not on the server.
    again = it.push(
        [it.op("task", new_id(), fields=valid_fields("task", cid, consultation_id=cons))]
    ).json()["results"]
    assert (again[0]["status"], again[0]["reason"]) == ("rejected", "with_consultation")
    # Every refusal is audited.
    with service.db.reader.connect() as conn:
        denied = conn.execute(
            select(t.audit_log.c.record_id).where(t.audit_log.c.action == "denied")
        ).scalars()
        assert task in set(denied)


def test_a_follow_up_of_an_accepted_consultation_is_accepted(make_device, service):
    it = make_device("i.integration", units=["integration"])
    cid, cons, task, later = new_id(), new_id(), new_id(), new_id()
    r = it.push(
        [
            it.op("client", cid, fields=valid_fields("client")),
            it.op("consultation", cons, fields=valid_fields("consultation", cid)),
            it.op("task", task, fields=valid_fields("task", cid, consultation_id=cons)),
        ]
    ).json()["results"]
    assert [x["status"] for x in r] == ["applied"] * 3, r
    # A follow-up added later to a consultation on the server, and a done tick, pass.
    r = it.push(
        [
            it.op("task", later, fields=valid_fields("task", cid, consultation_id=cons)),
            it.op("task", task, "update", {"done": True}, base={"done": None}),
        ]
    ).json()["results"]
    assert [x["status"] for x in r] == ["applied", "applied"], r
    assert stored(service, later) is not None
    # A task without a consultation is not affected.
    r = it.push([it.op("task", new_id(), fields=valid_fields("task", cid))]).json()["results"]
    assert r[0]["status"] == "applied", r


def test_a_follow_up_naming_a_record_of_another_kind_is_refused(make_device):
    it = make_device("i.integration", units=["integration"])
    cid = new_id()
    r = it.push(
        [
            it.op("client", cid, fields=valid_fields("client")),
            it.op("task", new_id(), fields=valid_fields("task", cid, consultation_id=cid)),
        ]
    ).json()["results"]
    assert (r[1]["status"], r[1]["reason"]) == ("rejected", "with_consultation"), r
