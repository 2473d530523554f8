"""Start-up paths of the app: unusable store files are kept and a fresh store is offered."""

import sqlite3

from PySide6.QtWidgets import QMessageBox

from desktop import app as app_module
from desktop.store.connection import check_file, head_revision


def test_corrupt_store_offers_fresh_store_and_keeps_old_file(tmp_path, qapp, monkeypatch):
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"\x00garbage" * 500)
    asked = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes
    )
    store = app_module.open_store_interactively(path)
    try:
        assert store is not None and check_file(path) == head_revision()
        assert "beschädigt" in asked[0]
        kept = list(tmp_path.glob("store.unusable-*.sqlite"))
        assert len(kept) == 1 and kept[0].read_bytes() == b"\x00garbage" * 500
    finally:
        store.close()


def test_declining_fresh_store_leaves_file_untouched(tmp_path, qapp, monkeypatch):
    path = tmp_path / "store.sqlite"
    app_module.open_store_interactively(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    con.commit()
    con.close()
    before = path.read_bytes()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.No)
    assert app_module.open_store_interactively(path) is None
    assert path.read_bytes() == before


def test_failed_migration_is_reported_with_backup(tmp_path, qapp, monkeypatch):
    from desktop.store.connection import open_store

    path = tmp_path / "store.sqlite"
    open_store(path, upgrade_to="0001").dispose()

    def broken(_conn):
        raise RuntimeError("simulated")

    monkeypatch.setattr("desktop.store.search.rebuild_index", broken)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    assert app_module.open_store_interactively(path) is None
    assert "wiederhergestellt" in shown[0] and "backup" in shown[0]
    assert check_file(path) == "0001"


def test_demo_store_is_fresh_and_filled(tmp_path):
    path = tmp_path / "demo.sqlite"
    app_module.make_demo_store(path, 50)
    first = sqlite3.connect(path).execute("SELECT count(*) FROM client").fetchone()[0]
    app_module.make_demo_store(path, 50)
    assert sqlite3.connect(path).execute("SELECT count(*) FROM client").fetchone()[0] == first >= 50
