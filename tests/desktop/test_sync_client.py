"""The HTTP session (retries, Retry-After, typed errors, gzip) and the token storage (keyring,
explicit file fallback)."""

import gzip
import os
import stat

import keyring
import orjson
import pytest
import requests
from keyring.errors import KeyringLocked, NoKeyringError
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from desktop.sync.client import SyncClient
from desktop.sync.credentials import SERVICE, CredentialStore, account
from desktop.sync.errors import (
    AuthError,
    DeviceRevoked,
    EpochChanged,
    IncompatibleVersion,
    Offline,
    ServerError,
)

URL = "http://server.test"


class Scripted(BaseAdapter):
    """Answers requests from a script of (status, body, headers) or exceptions."""

    def __init__(self, script):
        super().__init__()
        self.script = list(script)
        self.requests = []

    def send(self, request, **kwargs):
        self.requests.append(request)
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        status, body, headers = step
        r = requests.Response()
        r.status_code = status
        r._content = orjson.dumps(body)
        r.headers = CaseInsensitiveDict(headers or {})
        r.request = request
        return r

    def close(self):
        pass


def scripted_client(*script):
    adapter = Scripted(script)
    session = requests.Session()
    session.mount(URL, adapter)
    waits = []
    client = SyncClient(URL, "tok", session=session, sleep=waits.append)
    return client, adapter, waits


def envelope(code, message="", detail=None):
    return {"error": {"code": code, "message": message, "detail": detail}}


def test_retries_honour_retry_after_and_back_off():
    client, adapter, waits = scripted_client(
        (503, envelope("database_unavailable"), {"Retry-After": "2"}),
        requests.ConnectionError("reset"),
        (200, {"changes": [], "next_cursor": 0, "has_more": False}, None),
    )
    assert client.pull(0)["has_more"] is False
    assert waits == [2.0, 1.0]  # Retry-After, then backoff 0.5 * 2 ** 1
    assert len(adapter.requests) == 3
    assert adapter.requests[0].headers["Authorization"] == "Bearer tok"
    assert "gzip" in adapter.requests[0].headers["Accept-Encoding"]


def test_offline_after_the_retries():
    client, adapter, waits = scripted_client(*[requests.ConnectTimeout("no route")] * 4)
    with pytest.raises(Offline) as info:
        client.pull(0)
    assert len(adapter.requests) == 4 and waits == [0.5, 1.0, 2.0]
    assert "nicht erreichbar" in info.value.message


def test_a_long_retry_after_is_not_waited_for():
    client, _adapter, waits = scripted_client(
        (
            429,
            envelope("too_many_attempts", "Zu viele fehlgeschlagene Anmeldeversuche."),
            {"Retry-After": "300"},
        )
    )
    with pytest.raises(ServerError) as info:
        client.register("a", "b", "c")
    assert waits == [] and "Anmeldeversuche" in info.value.message


@pytest.mark.parametrize(
    "status, code, error",
    [
        (401, "unauthorized", AuthError),
        (403, "device_revoked", DeviceRevoked),
        (426, "client_too_old", IncompatibleVersion),
        (409, "epoch_mismatch", EpochChanged),
        (409, "cursor_ahead", EpochChanged),
        (422, "invalid_request", ServerError),
    ],
)
def test_error_envelopes_become_typed_errors_with_the_servers_message(status, code, error):
    message = "Bitte MiA Desk aktualisieren: diese Version wird vom Server nicht mehr unterstützt."
    client, _adapter, waits = scripted_client(
        (status, envelope(code, message, {"epoch": "e2"}), None)
    )
    with pytest.raises(error) as info:
        client.push({"ops": []})
    assert info.value.message == message and info.value.code == code and waits == []
    if error is EpochChanged:
        assert info.value.epoch == "e2"


def test_a_large_push_is_sent_gzipped():
    client, adapter, _ = scripted_client((200, {"results": [], "epoch": "e"}, None))
    ops = [{"op_id": str(i), "fields": {"note": "x" * 100}} for i in range(500)]
    client.push({"ops": ops})
    sent = adapter.requests[0]
    assert sent.headers["Content-Encoding"] == "gzip"
    assert orjson.loads(gzip.decompress(sent.body))["ops"] == ops


# --- token storage -------------------------------------------------------------------------

from tests.keyrings import MemoryKeyring  # noqa: E402  (shared with the other tests)


class LockedKeyring(MemoryKeyring):
    def get_password(self, service, username):
        raise KeyringLocked("locked")

    def set_password(self, service, username, password):
        raise KeyringLocked("locked")


class AltFileKeyring(MemoryKeyring):
    """Stands for keyrings.alt's plaintext backend, which must never be used."""


AltFileKeyring.__module__ = "keyrings.alt.file"


def test_the_token_goes_to_the_keyring(ring, tmp_path):
    creds = CredentialStore(tmp_path)
    assert creds.set(URL, "dev-1", "secret") == "keyring"
    assert ring.items[(SERVICE, account(URL, "dev-1"))] == "secret"
    assert creds.get(URL + "/", "dev-1") == "secret"
    assert not (tmp_path / "credentials.json").exists()
    creds.delete(URL, "dev-1")
    assert creds.get(URL, "dev-1") is None


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("backend", [None, LockedKeyring(), AltFileKeyring()])
def test_without_a_usable_keyring_the_token_goes_to_a_private_file(tmp_path, backend, monkeypatch):
    if backend is None:  # nothing installed: keyring's fail backend raises NoKeyringError
        from keyring.backends import fail

        monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
        with pytest.raises(NoKeyringError):
            fail.Keyring().get_password(SERVICE, "x")
    creds = CredentialStore(tmp_path, backend)
    assert creds.set(URL, "dev-1", "secret") == "file"
    path = tmp_path / "credentials.json"
    assert orjson.loads(path.read_bytes()) == {account(URL, "dev-1"): "secret"}
    assert _mode(path) == 0o600
    assert creds.get(URL, "dev-1") == "secret"
    if isinstance(backend, AltFileKeyring):
        assert backend.items == {}  # never handed to the untrusted backend
    creds.delete(URL, "dev-1")
    assert creds.get(URL, "dev-1") is None


def test_a_token_saved_while_the_keyring_was_locked_is_found_later_and_moves(tmp_path):
    CredentialStore(tmp_path, LockedKeyring()).set(URL, "dev-1", "secret")
    unlocked = MemoryKeyring()
    creds = CredentialStore(tmp_path, unlocked)
    assert creds.get(URL, "dev-1") == "secret"
    creds.set(URL, "dev-1", "secret")  # stored again (e.g. a new login): into the keyring
    assert orjson.loads((tmp_path / "credentials.json").read_bytes()) == {}


def test_without_a_keyring_the_token_goes_into_the_encrypted_store_not_a_file(
    tmp_path, monkeypatch
):
    from desktop.store import keys
    from desktop.store.repo import Store
    from desktop.sync.credentials import FileTokens

    monkeypatch.setattr(keys, "KDF", {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})
    path = tmp_path / "store.sqlite"
    store = Store.open(path, keys.KeyFile.for_store(path).create("r.haddad", "geheim-123"))
    # An earlier version left the token in a plain file: it moves into the store when read.
    FileTokens(tmp_path / "credentials.json").set(account(URL, "dev-0"), "old-secret")
    creds = CredentialStore(tmp_path, LockedKeyring(), store=store)
    assert creds.get(URL, "dev-0") == "old-secret" and creds.last_place == "store"
    assert orjson.loads((tmp_path / "credentials.json").read_bytes()) == {}
    assert creds.set(URL, "dev-1", "secret-token-1") == "store"
    assert creds.get(URL, "dev-1") == "secret-token-1"
    store.close()
    for f in tmp_path.iterdir():  # nowhere on disk in plain text
        assert b"secret-token-1" not in f.read_bytes() and b"old-secret" not in f.read_bytes()
    # A keyring that works again takes the token over; the store keeps no copy.
    store = Store.open(path, keys.KeyFile.for_store(path).unlock("geheim-123"))
    creds = CredentialStore(tmp_path, MemoryKeyring(), store=store)
    assert creds.get(URL, "dev-1") == "secret-token-1"
    assert creds.set(URL, "dev-1", "secret-token-1") == "keyring"
    assert CredentialStore(tmp_path, LockedKeyring(), store=store).get(URL, "dev-1") is None
    store.close()


@pytest.mark.parametrize("url", ["http://not a server", "https://", "ftp://server.example"])
def test_an_unusable_server_address_is_named_not_retried(url):
    from desktop.sync.errors import BadAddress

    waits = []
    client = SyncClient(url, sleep=waits.append)
    with pytest.raises(BadAddress) as err:
        client.register("a.schneider", "pw", "Laptop")
    assert "Serveradresse ist ungültig" in err.value.message and waits == []
