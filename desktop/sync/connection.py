"""How this app reaches its server: registration, and clients/engines built from what is stored.

The server URL and device id live in the store (``sync_state``), the token in the keyring
(:mod:`desktop.sync.credentials`). :class:`Connection` puts them together on demand, in
whatever thread asks: the sync thread for rounds, a runner thread for the conflicts view.
Each call gets its own HTTP session (``requests`` sessions are not shared between threads).
"""

from __future__ import annotations

import getpass
import socket
from collections.abc import Callable
from typing import Any

import requests

from desktop.store.repo import Store
from desktop.sync import state
from desktop.sync.client import SyncClient
from desktop.sync.engine import SyncEngine
from desktop.sync.errors import AuthError

TokenLookup = Callable[[str, str], "str | None"]


def device_name(user: str) -> str:
    """A name IT recognises in the device list: user and computer."""
    try:
        host = socket.gethostname()
    except OSError:
        host = "laptop"
    return f"{user or getpass.getuser()}@{host}"[:200]


class Connection:
    """Builds :class:`SyncClient` and :class:`SyncEngine` objects for one store.

    *tokens(server_url, device_id)* finds the device token; *prepare* (optional) runs before
    the first client is made (the demo starts its embedded server there); *session_factory*
    lets tests route HTTP in-process.
    """

    def __init__(
        self,
        store: Store,
        tokens: TokenLookup,
        *,
        prepare: Callable[[], None] | None = None,
        session_factory: Callable[[], requests.Session] | None = None,
    ):
        self.store = store
        self.tokens = tokens
        self.prepare = prepare
        self.session_factory = session_factory

    def _session(self) -> requests.Session | None:
        return self.session_factory() if self.session_factory else None

    def client(self) -> SyncClient:
        """A client with this device's token; AuthError if the device is not registered."""
        if self.prepare is not None:
            self.prepare()
        current = state.load(self.store.engine)
        if not current.configured:
            raise AuthError()
        token = self.tokens(current.server_url, current.device_id)
        if not token:
            raise AuthError()
        return SyncClient(current.server_url, token, session=self._session())

    def engine(self) -> SyncEngine:
        return SyncEngine(self.store, self.client())

    def register(
        self,
        server_url: str,
        user: str,
        password: str,
        save_token: Callable[[str, str, str], object],
    ) -> dict[str, Any]:
        """Register this laptop with the user's password and remember the registration.

        A laptop registered with this server before sends its ``device_id``: the server gives
        that same device a new token (an expired one, a new login) instead of adding a device,
        and since server and device stay the same nothing is read again. The token is handed
        to *save_token(server_url, device_id, token)* (the keyring); the store keeps URL,
        device id, epoch and the user with their units and roles (:func:`state.remember`). The outbox is not touched: whatever was saved before is sent
        under the new registration.
        """
        url = server_url.strip().rstrip("/")
        current = state.load(self.store.engine)
        device_id = current.device_id if current.server_url == url else None
        client = SyncClient(url, session=self._session())
        try:
            reg = client.register(user.strip(), password, device_name(user.strip()), device_id)
        finally:
            client.close()
        save_token(url, reg["device_id"], reg["token"])
        state.remember(self.store.engine, url, user.strip(), reg)
        return reg
