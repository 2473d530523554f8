"""The server's schema, documentation and boundaries stay in step with the code."""

import ast
import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from casefile import sync
from casefile.ids import new_id
from sync_server import models
from sync_server.config import Settings
from sync_server.db import SchemaTooNew, migrate, open_database
from sync_server.errors import MESSAGES
from sync_server.schema import metadata
from tests.server.helpers import valid_fields

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "sync-protocol.md").read_text(encoding="utf-8")


def test_migrations_build_exactly_the_declared_tables(service):
    with service.db.reader.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_a_database_from_a_newer_server_is_refused(db_url):
    db = open_database(db_url)
    try:
        migrate(db)
        with db.writer.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(SchemaTooNew):
            migrate(db)
    finally:
        db.dispose()


def test_every_setting_error_code_reason_and_endpoint_is_documented():
    missing = [s.env for s in Settings.ENV.values() if s.env not in DOC]
    missing += [f"`{code}`" for code in MESSAGES if f"`{code}`" not in DOC]
    missing += [f"`{code}`" for code in sync.REASONS if f"`{code}`" not in DOC]
    for path in (
        "/api/v1/devices/register",
        "/api/v1/sync/push",
        "/api/v1/sync/pull",
        "/api/v1/conflicts",
        "/resolve",
        "/api/v1/version",
        "/health",
        "/api/v1/duplicates",
        "/api/v1/merges/{id}/undo",
        "/api/v1/clients/{id}/merge",
        "/api/v1/clients/{id}/erase",
    ):
        if path not in DOC:
            missing.append(path)
    assert not missing, f"undocumented in docs/sync-protocol.md: {missing}"


def test_settings_come_from_the_environment_and_the_cli():
    s = Settings.load(
        environ={
            "MIA_PORT": "9000",
            "MIA_DATABASE_URL": "sqlite:///rel.sqlite",
            "MIA_PAGE_SIZE": "100",
        },
        port=9100,
    )
    assert s.port == 9100 and s.page_size == 100
    assert s.database_url.startswith("sqlite:////") and s.database_url.endswith("/rel.sqlite")
    assert (
        Settings.load(environ={"MIA_DATABASE_URL": "postgresql://u@h/db"}).database_url
        == "postgresql+psycopg://u@h/db"
    )


def test_answers_match_the_published_models(make_device, erase):
    a, b = make_device(node="a"), make_device(node="b")
    cid = new_id()
    created = a.push([a.op("client", cid, fields=valid_fields("client", family_name="K"))])
    models.PushResponse.model_validate(created.json())
    assert created.json()["results"][0]["status"] == "applied"
    clock = a.pull_all()[0]["clocks"]["family_name"]
    models.PushResponse.model_validate(
        a.push([a.op("client", cid, "update", {"family_name": "A"}, {"family_name": clock})]).json()
    )
    models.PushResponse.model_validate(
        b.push([b.op("client", cid, "update", {"family_name": "B"}, {"family_name": clock})]).json()
    )
    models.PullResponse.model_validate(a.pull().json())
    conflicts = models.ConflictList.model_validate(
        a.client.get("/api/v1/conflicts", headers=a.headers).json()
    )
    resolved = a.client.post(
        f"/api/v1/conflicts/{conflicts.conflicts[0].id}/resolve",
        json={"value": "A"},
        headers=a.headers,
    ).json()
    models.ResolveResponse.model_validate(resolved)
    models.VersionResponse.model_validate(a.client.get("/api/v1/version").json())
    models.HealthResponse.model_validate(a.client.get("/health").json())
    models.EraseResponse.model_validate(erase(cid).json())


def test_the_server_never_imports_desktop_or_qt():
    # The readable PDF of an access export is printed by sync_server.export_pdf (fpdf2). The
    # demo seeding takes its generator from demodata and the record fields from casefile.codec.
    for path in (ROOT / "sync_server").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            assert not {m.split(".")[0] for m in modules} & {"desktop", "PySide6"}, path


def test_docs_name_the_commit_order_argument():
    assert re.search(r"commit order", DOC, re.I) and "take_seqs" in DOC
