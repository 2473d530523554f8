"""The user's own password, changed online, and this laptop's key file with it.

The server decides (the old password, the county's rules); afterwards this laptop's store key
must open with the new password too, offline. The store and its outbox are never touched:
only the key file is wrapped anew around the same data key (:mod:`desktop.store.keys`).

**The order**, chosen so that no failure can lock the user out:

1. *Stage*: the key file for the new password is computed but not written. Normally the old
   password unlocks the current key file first -- a wrong one is refused here (counted like a
   wrong unlock) and nothing is sent. After an administrator's reset the laptop's own password
   is not the one the server knows; then the data key of the store this session unlocked is
   wrapped instead (``data_key``), and the server's acceptance of the one-time password is the
   proof.
2. *Server*: ``POST /api/v1/account/password``. Any refusal (old password wrong, new one too
   weak, 429, offline): the staged file is dropped, laptop and server both keep the old one.
3. *Commit*: one atomic rename puts the staged key file in place.

If step 3 fails (a full disk) or the app dies between 2 and 3, the server holds the new
password and this laptop still opens with the old one: the user knows both (typed a minute
ago), nothing is lost, and running the change again completes it -- the server then refuses
the old password, step 2 asks whether it already holds the new one (see
:func:`server_has`) and, if so, goes on to step 3. The same covers an answer lost on the way
(a timeout after the server had changed it). The other order -- key file first -- could leave
the laptop opening only with a password the server never took, and a crash there would not
mend itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from desktop.store.keys import KeyFile
from desktop.sync.client import SyncClient
from desktop.sync.errors import AuthError, KeyNotUpdated, SyncError, WeakPassword

log = logging.getLogger(__name__)


def server_has(client: SyncClient, password: str) -> bool:
    """Whether the server's current password of this user is *password*: a change from it to
    itself passes the old-password check and is then refused as ``weak_password`` (the new
    one must differ); a 401 means it is not. Costs one throttled attempt, so it is only asked
    after the server refused an old password this laptop accepted."""
    try:
        client.change_password(password, password)
    except WeakPassword:
        return True
    except SyncError:
        return False
    return True  # (a server that allowed it: the password is that one all the same)


def change_on_server(client: SyncClient, old: str, new: str) -> None:
    """Step 2: the server changes the password; an earlier attempt whose answer was lost (the
    server refuses *old* but holds *new* already) counts as done."""
    try:
        client.change_password(old, new)
    except AuthError as exc:
        if exc.code != "invalid_credentials" or not server_has(client, new):
            raise
        log.info("the server already held the new password (an earlier answer was lost)")


def change_password(
    make_client: Callable[[], SyncClient],
    keyfile: KeyFile | None,
    old: str,
    new: str,
    *,
    data_key: bytes | None = None,
) -> None:
    """Change the password on the server and re-wrap *keyfile* for it, in the order above.

    *keyfile* None: no key file yet (the first login wraps the new store key itself).
    Raises the key file's errors (``WrongPassword``, ``TooManyAttempts``, ...) from step 1,
    :class:`SyncError` subclasses from step 2, :class:`KeyNotUpdated` from step 3."""
    if not new:
        raise ValueError("the new password must not be empty")
    staged = keyfile.stage_rewrap(old, new, data_key=data_key) if keyfile is not None else None
    client = make_client()
    try:
        change_on_server(client, old, new)
    except BaseException:
        if staged is not None and keyfile is not None:  # (staged implies a key file)
            keyfile.discard(staged)
        raise
    finally:
        client.close()
    if staged is None or keyfile is None:
        return
    try:
        keyfile.commit(staged)
    except Exception as exc:
        log.error(
            "password changed on the server, key file %s not rewritten: %s", keyfile.path, exc
        )
        keyfile.discard(staged)
        raise KeyNotUpdated(detail=str(exc)) from exc
    log.info("password changed; key file %s re-wrapped", keyfile.path)
