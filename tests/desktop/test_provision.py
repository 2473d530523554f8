"""``mia-desk --provision``: a laptop set up by script against a real server, then synced."""

from desktop.store.keys import KeyFile
from desktop.store.repo import Store
from tests.desktop.harness import provision


def test_provisioning_registers_encrypts_and_syncs(demo_server, tmp_path):
    store = tmp_path / "laptop" / "store.sqlite"
    done = provision(tmp_path, demo_server.url, demo_server.user, demo_server.password, store)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Eingerichtet" in done.stdout and "erste Synchronisation" in done.stdout
    assert not store.read_bytes().startswith(b"SQLite format 3")  # encrypted
    laptop = Store.open(store, KeyFile.for_store(store).unlock(demo_server.password))
    try:
        assert laptop.client_count() >= 25  # the server's files
    finally:
        laptop.close()
    again = provision(tmp_path, demo_server.url, demo_server.user, demo_server.password, store)
    assert again.returncode == 1 and "schon eingerichtet" in again.stdout  # left alone


def test_a_wrong_password_sets_nothing_up(demo_server, tmp_path):
    store = tmp_path / "laptop" / "store.sqlite"
    done = provision(tmp_path, demo_server.url, demo_server.user, "falsch", store)
    assert done.returncode == 1 and "Anmeldung am Server" in done.stdout
    assert not store.exists() and not KeyFile.for_store(store).exists()
