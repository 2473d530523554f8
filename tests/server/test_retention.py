"""Retention: due client files and records leave no content behind; statistics stay anonymous."""

import datetime as dt

import orjson
from sqlalchemy import select

from casefile.ids import new_id
from sync_server import schema as t
from sync_server.retention import run

TODAY = dt.date(2026, 11, 25)


def _client(name):
    return {
        "family_name": name,
        "given_names": "Rami",
        "birth_date": "1990-04-17",
        "birth_date_precision": "exact",
        "sex": "m",
        "nationalities": '["SYR"]',
        "created_at": "2018-01-10T09:00:00+00:00",
    }


def _consultation(cid, when, unit="integration", topics='["housing"]'):
    return {
        "client_id": cid,
        "unit": unit,
        "started_at": f"{when}T09:00:00+00:00",
        "caseworker": "x",
        "location": "lra_zeitz",
        "kind": "walk_in",
        "topics": topics,
        "note": "Wohnung in Zeitz, Mietvertrag besprochen",
    }


def _rows(service, ids):
    r = t.records.c
    with service.db.reader.connect() as conn:
        return {row.id: row for row in conn.execute(select(t.records).where(r.id.in_(ids)))}


def test_a_file_past_its_retention_is_erased_without_content_and_counted(make_device, service):
    dev = make_device(units=["integration", "jobcenter"])
    old, recent = new_id(), new_id()
    old_notes = [new_id(), new_id()]
    recent_task, recent_note = new_id(), new_id()
    ops = [
        dev.op("client", old, fields={"id": old, **_client("Alt")}),
        dev.op("consultation", old_notes[0], fields=_consultation(old, "2019-03-01")),
        dev.op(
            "consultation",
            old_notes[1],
            fields=_consultation(old, "2020-06-01", "jobcenter", '["work", "language_course"]'),
        ),
        dev.op("client", recent, fields={"id": recent, **_client("Neu")}),
        dev.op("consultation", recent_note, fields=_consultation(recent, "2026-10-01")),
        dev.op(
            "task",
            recent_task,
            fields={"client_id": recent, "due_date": "2023-01-15", "text": "Unterlagen"},
        ),
    ]
    assert all(r["status"] == "applied" for r in dev.push(ops).json()["results"])

    assert run(service.db, service.policy, today=TODAY, dry_run=True) == {
        "clients": 1,
        "records": 4,
        "counted": 0,
    }
    assert _rows(service, [old])[old].deleted is False  # a dry run changes nothing

    counts = run(service.db, service.policy, today=TODAY)
    assert counts["clients"] == 1 and counts["records"] == 4 and counts["counted"] == 3
    rows = _rows(service, [old, *old_notes, recent, recent_note, recent_task])
    for rid in (old, *old_notes):
        assert rows[rid].deleted
        fields = orjson.loads(rows[rid].fields)
        assert "Alt" not in rows[rid].fields and "Mietvertrag" not in rows[rid].fields
        assert set(fields) <= {"client_id"}
    assert rows[recent_task].deleted and not rows[recent].deleted and not rows[recent_note].deleted
    with service.db.reader.connect() as conn:
        stats = {
            (s.year, s.unit, s.topic): s.consultations for s in conn.execute(select(t.statistics))
        }
        audit = list(
            conn.execute(
                select(t.audit_log.c.action, t.audit_log.c.client_id).where(
                    t.audit_log.c.action == "retention"
                )
            )
        )
    assert stats == {
        (2019, "integration", "housing"): 1,
        (2020, "jobcenter", "work"): 1,
        (2020, "jobcenter", "language_course"): 1,
    }
    assert ("retention", old) in audit
    # Devices delete what the server erased.
    changes = {c["id"]: c for c in dev.pull_all()}
    assert changes[old]["deleted"] and changes[old]["fields"] == {}
    assert run(service.db, service.policy, today=TODAY)["records"] == 0  # idempotent
