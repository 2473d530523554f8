"""The older name directory of mediators (``mediators``: the names a consultation's
``mediator_name`` is checked against) follows the pool's mediator records (issue 19): a record
pushed or seeded adds or updates its name entry ("Given Family", languages, active); a
deactivation or a delete leaves the name, inactive -- on SQLite and PostgreSQL."""

import orjson
from sqlalchemy import select

from casefile import codec
from casefile.ids import new_id
from casefile.records import Mediator, MediatorLanguage
from sync_server import schema as t
from sync_server.directory import add_mediator, read
from tests.server.helpers import valid_fields


def _mediator_fields(given="Farida", family="Haidari", langs=("prs", "de"), active=True) -> dict:
    record = Mediator(
        family,
        given,
        languages=[MediatorLanguage(code, "native") for code in langs],
        active=active,
    )
    fields = codec.encode(record)
    fields.pop("id")
    return fields


def _rows(service) -> dict[str, dict]:
    with service.db.reader.connect() as conn:
        return {
            r.name: {
                "id": r.id,
                "languages": orjson.loads(r.languages),
                "active": r.deactivated_at is None,
                "created_at": r.created_at,
            }
            for r in conn.execute(select(t.mediators))
        }


def test_a_pushed_mediator_record_is_a_name_in_the_directory_and_follows_its_edits(
    make_device, service
):
    pool = make_device("s.fischer", units=["volunteering"], roles=["caseworker"])
    caseworker = make_device("a.schneider", units=["integration"], roles=["caseworker"])
    mid = new_id()
    result = pool.push([pool.op("mediator", mid, fields=_mediator_fields())]).json()["results"]
    assert result[0]["status"] == "applied", result
    rows = _rows(service)
    assert rows["Farida Haidari"]["id"] == mid
    assert rows["Farida Haidari"]["languages"] == ["de", "prs"]
    assert rows["Farida Haidari"]["active"] is True
    assert read(service.db).mediator("Farida Haidari") is not None

    # The name is now one a consultation may carry (the check of consultation.mediator_name).
    cid = new_id()
    fields = valid_fields(
        "consultation", cid, language="prs", mediator_used=True, mediator_name="Farida Haidari"
    )
    results = caseworker.push(
        [
            caseworker.op("client", cid, fields=valid_fields("client")),
            caseworker.op("consultation", new_id(), fields=fields),
        ]
    ).json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied"], results

    # Languages and the active flag follow an edit; the name entry stays one.
    langs = orjson.dumps([{"code": "prs", "level": "native"}, {"code": "fa", "level": "fluent"}])
    changed = pool.push(
        [
            pool.op(
                "mediator",
                mid,
                "update",
                {"languages": langs.decode(), "active": False},
                {"languages": None, "active": None},
            )
        ]
    ).json()["results"]
    assert changed[0]["status"] == "applied", changed
    rows = _rows(service)
    assert list(rows) == ["Farida Haidari"]
    assert rows["Farida Haidari"]["languages"] == ["fa", "prs"]
    assert rows["Farida Haidari"]["active"] is False
    assert read(service.db).mediator("Farida Haidari").active is False

    # A renamed mediator: the new name is added under the record's id (the old one goes with
    # its row: the record is the entry).
    renamed = pool.push(
        [pool.op("mediator", mid, "update", {"family_name": "Rahimi"}, {"family_name": None})]
    ).json()["results"]
    assert renamed[0]["status"] == "applied"
    assert "Farida Rahimi" in _rows(service) and _rows(service)["Farida Rahimi"]["id"] == mid


def test_a_record_takes_over_the_name_the_county_added_by_hand_and_a_delete_deactivates(
    make_device, service
):
    add_mediator(service.db, "Sanaa Al-Khalil", ["ar"])
    before = _rows(service)["Sanaa Al-Khalil"]
    pool = make_device("s.fischer", units=["volunteering"], roles=["caseworker"])
    mid = new_id()
    fields = _mediator_fields("Sanaa", "Al-Khalil", ("ar", "ku"))
    assert pool.push([pool.op("mediator", mid, fields=fields)]).json()["results"][0]["status"] == (
        "applied"
    )
    row = _rows(service)["Sanaa Al-Khalil"]
    assert row["id"] == mid and row["languages"] == ["ar", "ku"]
    assert row["created_at"] == before["created_at"]  # when the county added the name
    assert len(_rows(service)) == 1

    gone = pool.push([pool.op("mediator", mid, "delete")]).json()["results"]
    assert gone[0]["status"] == "applied", gone
    row = _rows(service)["Sanaa Al-Khalil"]
    assert row["active"] is False  # never deleted: consultations naming her stay valid


def test_seeding_the_demo_pool_puts_its_mediators_in_the_directory(service):
    import datetime as dt

    from demodata.offers import mediator_pool
    from sync_server.seed import seed_demo

    seed_demo(service.db, 3)
    names = {m.name: m for m in read(service.db).mediators}
    pool = mediator_pool(dt.date.today(), 1)
    assert pool
    for m in pool:
        entry = names.get(m.display_name)
        assert entry is not None, m.display_name
        assert set(entry.languages) == {x.code for x in m.languages}
        assert entry.active is m.active
