"""Sync bookkeeping in the local store: schema agreement, compact clocks, outbox bases."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from desktop.store import bulk
from desktop.store.schema import metadata


def test_schema_definitions_agree_with_the_migrations(store):
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_clocks_are_stored_compactly_and_come_back_exactly(store):
    a, b = "001795601598330-00000-dev", "001795601598412-00003-other"
    consultation = {f: a for f in ("client_id", "started_at", "note", "topics", "unit")}
    hlc, extra = bulk.pack_clocks("consultation", consultation)
    assert hlc == a and extra is not None and a not in extra  # only "never written" ones
    assert bulk.unpack_clocks("consultation", hlc, extra) == consultation
    client = {"family_name": a, "given_names": a, "phone": b, "future_field": b}
    hlc, extra = bulk.pack_clocks("client", client)
    assert bulk.unpack_clocks("client", hlc, extra) == client
    assert bulk.pack_clocks("task", {})[0] == ""
    with store.engine.begin() as conn:
        bulk.write_clocks(conn, [("client", "r1", client)], "epoch-1")
        assert bulk.load_clocks(conn, ["r1", "r2"]) == {"r1": client}
        bulk.delete_clocks(conn, ["r1"])
        assert bulk.load_clocks(conn, ["r1"]) == {}


def test_outbox_entries_carry_their_base_and_move_the_clocks(store):
    import orjson

    from tests.desktop.harness import new_client

    c = new_client()
    store.create_client(c)
    create = store.outbox()[0]
    assert create["base"] is None and create["acked_at"] is None
    with store.engine.connect() as conn:
        clocks = bulk.load_clocks(conn, [c.id])[c.id]
    assert clocks["family_name"] == create["hlc"] and "last_contact_at" not in clocks
    c.phone = "0151 7"
    store.update_client(c)
    update = store.outbox()[-1]
    base = orjson.loads(update["base"])
    assert base["phone"] == create["hlc"]
    with store.engine.connect() as conn:
        assert bulk.load_clocks(conn, [c.id])[c.id]["phone"] == update["hlc"]
    # Acknowledged entries are no longer "the outbox".
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE outbox SET acked_at = '2026-01-01T00:00:00+00:00'")
    assert store.outbox_count() == 0 and store.outbox() == []
