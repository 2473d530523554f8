"""Typed sync errors: the worker decides by type, the user reads ``message`` (German).

German texts here are the fallbacks when the server sent none; the server's own message (its
error envelope) is preferred, since it names the server's reason precisely.
"""

from __future__ import annotations

from typing import Any


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks *text* for Qt Linguist without importing Qt: the engine runs without a GUI.
    The UI translates a message with ``QCoreApplication.translate("sync", message)``."""
    return text


class SyncError(Exception):
    """Base class; ``message`` is a sentence a caseworker can read."""

    default = QT_TRANSLATE_NOOP("sync", "Die Synchronisation ist fehlgeschlagen.")

    def __init__(self, message: str = "", *, code: str = "", status: int = 0, detail: Any = None):
        self.message = message or self.default
        self.code = code
        self.status = status
        self.detail = detail
        super().__init__(f"{status} {code}: {self.message}" if status else self.message)


class Offline(SyncError):
    """The server could not be reached (no network, DNS, refused, timed out)."""

    default = QT_TRANSLATE_NOOP("sync", "Der Server ist nicht erreichbar.")


class Interrupted(SyncError):
    """The server answered, but the answer broke off or came damaged (a body cut mid-page, an
    empty or unreadable 200): a transient network failure, retried like a dropped connection."""

    default = QT_TRANSLATE_NOOP(
        "sync",
        "Die Verbindung zum Server wurde unterbrochen: seine "
        "Antwort kam unvollständig an. Bitte später erneut "
        "versuchen.",
    )


class BadAddress(SyncError):
    """The server address cannot be used as a URL (a typo, a space, an unknown scheme)."""

    default = QT_TRANSLATE_NOOP(
        "sync",
        "Die Serveradresse ist ungültig. Bitte prüfen Sie sie (Form: https://server.landkreis.de).",
    )


class AuthError(SyncError):
    """401: the token is unknown (or the password wrong at registration)."""

    default = QT_TRANSLATE_NOOP(
        "sync", "Anmeldung erforderlich: das Gerät ist beim Server nicht (mehr) angemeldet."
    )


class TokenExpired(AuthError):
    """401 token_expired: the device token went unused too long. The user logs in again with
    the password; the server gives this same device a new token (nothing is downloaded again)."""

    default = QT_TRANSLATE_NOOP(
        "sync",
        "Die Anmeldung dieses Geräts ist abgelaufen (lange nicht "
        "benutzt). Bitte erneut mit Ihrem Passwort anmelden.",
    )


class UserLocked(SyncError):
    """403 user_locked: an administrator locked the user. Nothing is wiped (unlike a revoked
    device): the app works on with what it has, and sync resumes once the user is unlocked."""

    default = QT_TRANSLATE_NOOP(
        "sync", "Ihr Benutzerkonto ist gesperrt. Bitte wenden Sie sich an die IT oder Ihre Leitung."
    )


class PasswordChangeRequired(SyncError):
    """403 password_change_required: the password is a one-time password (an administrator's
    reset); only the password change is allowed until a new one is set."""

    default = QT_TRANSLATE_NOOP(
        "sync", "Bitte zuerst ein neues Passwort festlegen: das bisherige war ein Einmalpasswort."
    )


class DeviceRevoked(SyncError):
    """403 device_revoked: IT has blocked this laptop."""

    default = QT_TRANSLATE_NOOP(
        "sync", "Dieses Gerät wurde gesperrt. Bitte wenden Sie sich an die IT."
    )


class IncompatibleVersion(SyncError):
    """426: this program and the server do not speak the same protocol."""

    default = QT_TRANSLATE_NOOP(
        "sync", "Diese Version von MiA Desk passt nicht zum Server. Bitte MiA Desk aktualisieren."
    )


class ServerError(SyncError):
    """5xx after the retries, or any other refusal of a whole request."""

    default = QT_TRANSLATE_NOOP(
        "sync", "Der Server hat die Anfrage nicht bearbeitet. Bitte später erneut versuchen."
    )


class ScopeChanged(SyncError):
    """The server names another scope: the access rules or the user's units or roles changed.
    Handled inside the engine: the unit sections are dropped and pulled again."""

    default = QT_TRANSLATE_NOOP(
        "sync", "Ihre Zugriffsrechte haben sich geändert. Die Daten werden neu abgeglichen."
    )

    def __init__(self, scope: str = "", message: str = "", **kw: Any):
        super().__init__(message, **kw)
        self.scope = scope


class EpochChanged(SyncError):
    """409 epoch_mismatch / cursor_ahead: the server's data is another copy (a restored
    backup). Handled inside the engine by a full resync; ``epoch`` is the server's new one."""

    default = QT_TRANSLATE_NOOP(
        "sync",
        "Der Server wurde aus einer Sicherung wiederhergestellt. Die Daten werden neu abgeglichen.",
    )

    def __init__(self, epoch: str = "", message: str = "", **kw: Any):
        super().__init__(message, **kw)
        self.epoch = epoch


class Cancelled(SyncError):
    """The app is closing: the round stopped between two pages (nothing half-applied)."""

    default = QT_TRANSLATE_NOOP("sync", "Die Synchronisation wurde abgebrochen.")


class WeakPassword(SyncError):
    """422 weak_password: the server's password rules refuse the new password; ``message`` is
    the server's German text (authoritative: the county's rules), ``codes`` say why."""

    default = QT_TRANSLATE_NOOP("sync", "Das neue Passwort erfüllt die Regeln des Servers nicht.")

    @property
    def codes(self) -> list[str]:
        codes = self.detail.get("codes") if isinstance(self.detail, dict) else None
        return [str(c) for c in codes] if isinstance(codes, list) else []


class TooManyAttempts(ServerError):
    """429 too_many_attempts / login_busy: try again in ``retry_after`` seconds (0: unknown)."""

    default = QT_TRANSLATE_NOOP("sync", "Zu viele Anmeldeversuche. Bitte später erneut versuchen.")

    def __init__(self, message: str = "", *, retry_after: int = 0, **kw: Any):
        super().__init__(message, **kw)
        self.retry_after = max(0, int(retry_after))


class KeyNotUpdated(SyncError):
    """The server took the new password, but this laptop's key file could not be rewritten:
    the laptop still opens with the previous password (nothing is lost; trying the change
    again completes it, :func:`desktop.sync.account.change_password`)."""

    default = QT_TRANSLATE_NOOP(
        "sync",
        "Das Passwort wurde am Server geändert, auf diesem Gerät "
        "aber nicht gespeichert: zum Entsperren gilt hier weiter "
        "das bisherige Passwort. Bitte die Änderung noch einmal "
        "ausführen.",
    )
