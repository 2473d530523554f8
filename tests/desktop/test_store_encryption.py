"""The local store is encrypted at rest; its key is unlocked by the user's password."""

import datetime as dt
import sqlite3

import pytest

from casefile.records import Client
from desktop.store import keys
from desktop.store.connection import StoreCorrupt, StoreLocked, check_file, head_revision
from desktop.store.keys import KeyFile, TooManyAttempts, WrongPassword
from desktop.store.repo import Store

pytestmark = pytest.mark.usefixtures("quick_kdf", "ring")


def _client() -> Client:
    return Client("Haddad", "Rami", birth_date=dt.date(1990, 4, 17), nationalities=["SYR"])


def test_an_encrypted_store_is_unreadable_without_its_key(tmp_path):
    path = tmp_path / "store.sqlite"
    key = KeyFile.for_store(path).create("r.haddad", "geheim-123")
    store = Store.open(path, key)
    cid = store.create_client(_client())
    store.close()
    raw = path.read_bytes()
    assert b"Haddad" not in raw and not raw.startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("SELECT * FROM client").fetchall()
    with pytest.raises(StoreLocked):
        Store.open(path, b"\x00" * 32)
    with pytest.raises(StoreCorrupt):  # no key at all: not a database
        Store.open(path)
    again = Store.open(path, KeyFile.for_store(path).unlock("geheim-123"))
    assert again.get_client(cid).family_name == "Haddad"
    assert check_file(path, key) == head_revision()
    again.close()


def test_a_plain_store_is_encrypted_on_its_first_keyed_open_and_keeps_its_data(tmp_path):
    path = tmp_path / "store.sqlite"
    plain = Store.open(path)
    cid = plain.create_client(_client())
    plain.close()
    key = KeyFile.for_store(path).create("r.haddad", "geheim-123")
    store = Store.open(path, key)
    assert store.get_client(cid).given_names == "Rami"
    assert store.outbox_count() == 1  # the unsent create survived too
    store.close()
    assert not path.read_bytes().startswith(b"SQLite format 3")


def test_stores_use_16k_pages_and_one_made_with_4k_pages_still_opens(tmp_path, monkeypatch):
    from desktop.store import connection

    path = tmp_path / "store.sqlite"
    key = KeyFile.for_store(path).create("r.haddad", "geheim-123")
    store = Store.open(path, key)
    store.create_client(_client())
    store.close()
    assert connection.cipher_page_size(path, key) == connection.CIPHER_PAGE_SIZE == 16384
    assert path.stat().st_size % 16384 == 0
    # A store encrypted by an earlier version, with SQLCipher's default 4 KiB pages.
    old = tmp_path / "old.sqlite"
    monkeypatch.setattr(connection, "CIPHER_PAGE_SIZE", 4096)
    made = Store.open(old, key)
    cid = made.create_client(_client())
    made.close()
    monkeypatch.undo()
    assert connection.cipher_page_size(old, key) == connection.LEGACY_PAGE_SIZE
    reopened = Store.open(old, key)
    assert reopened.get_client(cid).family_name == "Haddad"
    reopened.create_client(_client())  # and it stays writable
    reopened.close()
    with pytest.raises(StoreLocked):  # a wrong key still fails on both sizes
        Store.open(old, b"\x01" * 32)


def test_a_tampered_store_is_refused_without_a_crash(tmp_path):
    path = tmp_path / "store.sqlite"
    key = KeyFile.for_store(path).create("r.haddad", "geheim-123")
    Store.open(path, key).close()
    original = path.read_bytes()
    data = bytearray(original)
    data[100] ^= 0xFF  # the first page: refused at open
    path.write_bytes(bytes(data))
    with pytest.raises(StoreLocked):
        Store.open(path, key)
    data = bytearray(original)
    data[-2000] ^= 0xFF  # a later page: found by the check
    path.write_bytes(bytes(data))
    store = Store.open(path, key)
    assert store.integrity_problems()
    store.close()
    path.write_bytes(original)
    store = Store.open(path, key)
    assert store.integrity_problems() == []
    store.close()


def test_wrong_passwords_are_limited_then_paused(tmp_path):
    kf = KeyFile.for_store(tmp_path / "store.sqlite")
    kf.create("r.haddad", "richtig")
    for n in range(1, keys.FREE_ATTEMPTS):
        with pytest.raises(WrongPassword) as exc:
            kf.unlock("falsch")
        assert exc.value.failures == n and exc.value.wait_s == 0
    with pytest.raises(WrongPassword) as exc:
        kf.unlock("falsch")
    assert exc.value.wait_s == keys.FIRST_WAIT_S
    with pytest.raises(TooManyAttempts):
        kf.unlock("richtig")  # even the right one waits
    assert 0 < kf.wait_s() <= keys.FIRST_WAIT_S


def test_the_right_password_unlocks_and_resets_the_count_and_can_be_changed(tmp_path):
    kf = KeyFile.for_store(tmp_path / "store.sqlite")
    data_key = kf.create("r.haddad", "richtig")
    with pytest.raises(WrongPassword):
        kf.unlock("falsch")
    assert kf.unlock("richtig") == data_key
    kf.change_password("richtig", "neu-und-lang")
    assert kf.unlock("neu-und-lang") == data_key
    with pytest.raises(WrongPassword):
        kf.unlock("richtig")
    text = kf.path.read_text()
    assert data_key.hex() not in text and "richtig" not in text


def test_a_damaged_key_file_is_reported(tmp_path):
    kf = KeyFile.for_store(tmp_path / "store.sqlite")
    kf.create("r.haddad", "richtig")
    kf.path.write_text('{"version": 1, "salt": "nicht base64!"}')
    with pytest.raises(keys.KeyFileError, match="damaged"):
        kf.unlock("richtig")


def test_wipe_leaves_nothing_that_could_be_decrypted(tmp_path, ring):
    path = tmp_path / "store.sqlite"
    key = KeyFile.for_store(path).create("r.haddad", "richtig")
    Store.open(path, key).close()
    (tmp_path / "store.backup-20260101-rev0004.sqlite").write_bytes(b"x")
    assert len(ring.items) == 1  # the device secret
    removed = keys.wipe(path)
    assert keys.key_path(path) in removed and path in removed
    assert not any(tmp_path.iterdir())
    assert not ring.items  # gone from the keyring too


def test_the_encrypted_store_binds_every_value_as_the_plain_driver_does(tmp_path):
    """The store registers adapters for None and bool (a first sync binds millions of them,
    desktop.store.connection._sqlcipher): what lands in the file is what Python's own sqlite3
    driver writes for the same parameters -- NULL, and the integers 1 and 0."""
    from desktop.store.connection import cipher_connect

    values = [None, True, False, 0, 1, -7, 2**40, 1.5, "", "ja", "ä\u20ac", b"\x00\x01"]
    rows = [(v, v) for v in values] + [(True, None), (None, False)]
    found = []
    for con in (
        sqlite3.connect(tmp_path / "plain.sqlite"),
        cipher_connect(tmp_path / "enc.sqlite", b"\x11" * 32),
    ):
        con.execute("CREATE TABLE t (a, b BOOLEAN)")
        con.executemany("INSERT INTO t VALUES (?, ?)", rows)
        con.executemany("UPDATE t SET a = ? WHERE rowid = ?", [(None, 1), (True, 2)])
        found.append(
            con.execute(
                "SELECT quote(a), typeof(a), quote(b), typeof(b) FROM t ORDER BY rowid"
            ).fetchall()
        )
        con.close()
    assert found[0] == found[1]
    assert found[1][1] == ("1", "integer", "1", "integer")
    assert found[1][0][:2] == ("NULL", "null")
