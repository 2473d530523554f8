"""Local store: migrations, backups, refusal of unusable files, outbox, drafts."""

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import text

from casefile.records import (
    Alias,
    Client,
    Consultation,
    Identifier,
    LanguageSkill,
    Task,
    utcnow,
)
from casefile.validation import ValidationError
from desktop.store import connection
from desktop.store.connection import (
    MigrationFailed,
    StoreCorrupt,
    StoreTooNew,
    open_store,
    set_aside,
)
from desktop.store.repo import Store, birth_dates_compatible


def make_client(**kw) -> Client:
    base = dict(
        family_name="Schewtschenko",
        given_names="Olena",
        birth_date=dt.date(1985, 3, 12),
        sex="f",
        nationalities=["UKR"],
        languages=[LanguageSkill("uk", True)],
        identifiers=[Identifier("azr_number", "123456789012")],
        aliases=[Alias("Shevchenko", "Olena", "passport")],
    )
    base.update(kw)
    return Client(**base)


def consultation(client_id: str, **kw) -> Consultation:
    base = dict(
        client_id=client_id,
        started_at=utcnow() - dt.timedelta(hours=1),
        unit="integration",
        caseworker="a.schneider",
        location="lra_naumburg",
        kind="walk_in",
        topics=["housing"],
        note="Wohnungssuche besprochen.",
    )
    base.update(kw)
    return Consultation(**base)


def test_new_store_is_at_head(tmp_path):
    engine = open_store(tmp_path / "s.sqlite")
    assert connection.current_revision(engine) == connection.head_revision()
    engine.dispose()


def test_upgrade_from_first_schema_with_data(tmp_path):
    """A store written by the first version keeps its data and gains a working search index."""
    path = tmp_path / "old.sqlite"
    engine = open_store(path, upgrade_to="0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO client (id, family_name, given_names, birth_date, birth_date_precision, sex, "
                "nationalities, languages, created_at, updated_at) VALUES ('0190c6a0-0000-7000-8000-000000000001', "
                "'Al-Hassan', 'Mohammed', '1990-01-01', 'year', 'm', '[\"SYR\"]', '[]', '2024-01-01', '2024-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO client_alias (id, client_id, family_name, given_names, kind) VALUES "
                "('0190c6a0-0000-7000-8000-000000000002', '0190c6a0-0000-7000-8000-000000000001', "
                "'Alhasan', 'Muhammad', 'spelling')"
            )
        )
    engine.dispose()
    assert connection.check_file(path) == "0001"

    store = Store.open(path)
    try:
        assert connection.current_revision(store.engine) == connection.head_revision()
        client = store.get_client("0190c6a0-0000-7000-8000-000000000001")
        assert client.family_name == "Al-Hassan"
        assert client.aliases[0].family_name == "Alhasan"
        hits = store.search("muhamad alhasan")
        assert hits and hits[0].id == client.id
        backups = list(tmp_path.glob("old.backup-*-rev0001.sqlite"))
        assert len(backups) == 1, "the file is backed up before it is migrated"
        assert connection.check_file(backups[0]) == "0001"
    finally:
        store.close()


def test_failed_migration_restores_backup(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    engine = open_store(path, upgrade_to="0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('marker', 'before')"))
    engine.dispose()
    before = path.read_bytes()

    def broken(conn):
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('half', 'done')"))
        raise RuntimeError("simulated failure inside migration 0002")

    monkeypatch.setattr("desktop.store.search.rebuild_index", broken)
    with pytest.raises(MigrationFailed) as info:
        open_store(path)
    assert info.value.backup.exists()
    assert connection.check_file(path) == "0001"
    con = sqlite3.connect(path)
    assert con.execute("SELECT value FROM meta WHERE key='marker'").fetchone() == ("before",)
    assert con.execute("SELECT count(*) FROM meta WHERE key='half'").fetchone() == (0,)
    con.close()
    assert len(before) > 0


def test_corrupt_file_is_refused_and_kept(tmp_path):
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreCorrupt):
        open_store(path)
    assert path.read_bytes() == b"this is not a database" * 100
    kept = set_aside(path)
    assert kept.exists() and not path.exists()
    Store.open(path).close()
    assert kept.read_bytes() == b"this is not a database" * 100


def test_truncated_database_is_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    store = Store.open(path)
    for i in range(50):
        store.create_client(
            make_client(family_name="Mustermann", given_names="Anna", identifiers=[], aliases=[])
        )
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreCorrupt):
        open_store(path)


def test_store_from_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNew):
        open_store(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(StoreCorrupt):
        open_store(path)


def test_write_appends_outbox_in_same_transaction(store):
    client = make_client()
    store.create_client(client)
    ops = store.outbox()
    kinds = [(o["kind"], o["op"]) for o in ops]
    assert ("client", "create") in kinds
    assert ("client_alias", "create") in kinds and ("client_identifier", "create") in kinds
    assert all(o["record_id"] for o in ops)
    hlcs = [o["hlc"] for o in ops]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)


def test_failed_write_leaves_neither_record_nor_outbox(store, monkeypatch):
    client = make_client()
    store.create_client(client)
    n = store.outbox_count()
    task = Task(
        client_id=client.id, due_date=dt.date.today() + dt.timedelta(days=3), text="Nachfassen"
    )
    import desktop.store.repo as repo

    real = repo.Store._insert

    def fail_on_task(self, conn, table, kind, row):
        if kind == "task":
            raise RuntimeError("disk full")
        return real(self, conn, table, kind, row)

    monkeypatch.setattr(repo.Store, "_insert", fail_on_task)
    with pytest.raises(RuntimeError):
        store.add_consultation(consultation(client.id), follow_up=task)
    assert store.timeline(client.id) == []
    assert store.outbox_count() == n


def test_invalid_record_is_not_saved(store):
    with pytest.raises(ValidationError) as info:
        store.create_client(
            make_client(
                family_name="", given_names="", birth_date=dt.date.today() + dt.timedelta(days=2)
            )
        )
    fields = {e.field for e in info.value.errors}
    assert {"family_name", "birth_date"} <= fields
    assert store.client_count() == 0 and store.outbox_count() == 0


def test_update_client_records_changed_fields_only(store):
    client = make_client()
    store.create_client(client)
    client.phone = "0157 1234567"
    client.aliases.append(Alias("Ševčenko", "Olena", "spelling"))
    changed = store.update_client(client)
    assert "phone" in changed
    update = [o for o in store.outbox() if o["op"] == "update"][-1]
    assert '"phone"' in update["payload"] and "family_name" not in update["payload"]
    assert [h.id for h in store.search("sevcenko")] == [client.id]


def test_consultation_with_follow_up_and_timeline(store):
    client = make_client()
    store.create_client(client)
    due = dt.date.today() + dt.timedelta(days=7)
    cons = consultation(client.id)
    store.add_consultation(
        cons,
        follow_up=Task(
            client_id=client.id, due_date=due, text="Unterlagen prüfen", assignee="a.schneider"
        ),
    )
    kinds = [e.kind for e in store.timeline(client.id)]
    assert sorted(kinds) == ["consultation", "task"]
    rows = store.tasks(assignee="a.schneider")
    assert rows[0].task.consultation_id == cons.id
    assert store.recent_clients()[0].id == client.id


def test_tasks_overdue_first_and_done_hidden(store):
    client = make_client()
    store.create_client(client)
    today = dt.date.today()
    ids = []
    for days in (5, -3, 1):
        t = Task(
            client_id=client.id,
            due_date=today + dt.timedelta(days=days),
            text=f"in {days}",
            assignee="a.schneider",
        )
        if days < 0:  # an overdue task can only come from the past: insert it directly
            with store.engine.begin() as conn:
                from desktop.store import rows as r, schema

                conn.execute(schema.task.insert().values(**r.task_row(t), created_at="2026-01-01"))
        else:
            store.add_task(t)
        ids.append(t.id)
    rows = store.tasks(assignee="a.schneider")
    assert [r.task.text for r in rows] == ["in -3", "in 1", "in 5"]
    assert rows[0].overdue(today)
    store.set_task_done(ids[1])
    assert [r.task.text for r in store.tasks(assignee="a.schneider")] == ["in 1", "in 5"]


def test_drafts_round_trip(store):
    store.save_draft("consultation:x:1", "consultation", None, {"note": "halb getippt"})
    store.save_draft("consultation:x:1", "consultation", None, {"note": "halb getippt, mehr"})
    drafts = store.drafts("consultation")
    assert len(drafts) == 1 and drafts[0]["payload"]["note"] == "halb getippt, mehr"
    store.delete_draft("consultation:x:1")
    assert store.drafts() == []


@pytest.mark.parametrize(
    "a,pa,b,pb,ok",
    [
        (dt.date(1990, 1, 1), "year", dt.date(1990, 7, 14), "exact", True),
        (dt.date(1990, 3, 4), "exact", dt.date(1990, 4, 3), "exact", True),  # day/month swapped
        (dt.date(1990, 3, 4), "exact", dt.date(1991, 3, 4), "exact", False),
        (None, "unknown", dt.date(1970, 5, 5), "exact", True),
        (dt.date(1990, 1, 1), "exact", dt.date(1990, 5, 5), "exact", True),  # 01.01. placeholder
    ],
)
def test_birth_dates_compatible(a, pa, b, pb, ok):
    assert birth_dates_compatible(a, pa, b, pb) is ok


def _indexes(engine, table: str) -> set[str]:
    with engine.connect() as conn:
        return {
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
            )
        }


def test_upgrade_drops_the_epoch_index_of_the_record_clocks_and_keeps_them(tmp_path):
    """Migration 0014: record_clock.epoch is no longer indexed; the clocks stay as they were,
    and a new store has no such index either (schema and migrations agree)."""
    path = tmp_path / "old.sqlite"
    engine = open_store(path, upgrade_to="0013")
    assert "ix_record_clock_epoch" in _indexes(engine, "record_clock")
    rows = [
        ("0190c6a0-0000-7000-8000-00000000000%d" % n, "client", "h", None, e)
        for n, e in ((1, "epoch-a"), (2, ""), (3, "epoch-b"))
    ]
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO record_clock (record_id, kind, hlc, clocks, epoch) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
    engine.dispose()
    store = Store.open(path)
    try:
        assert "ix_record_clock_epoch" not in _indexes(store.engine, "record_clock")
        with store.engine.connect() as conn:
            kept = conn.exec_driver_sql(
                "SELECT record_id, kind, hlc, clocks, epoch FROM record_clock ORDER BY record_id"
            ).all()
        assert [tuple(r) for r in kept] == rows
    finally:
        store.close()
    fresh = open_store(tmp_path / "new.sqlite")
    assert "ix_record_clock_epoch" not in _indexes(fresh, "record_clock")
    fresh.dispose()
