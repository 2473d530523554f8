"""Typed sync errors: the worker decides by type, the user reads ``message`` (German).

German texts here are the fallbacks when the server sent none; the server's own message (its
error envelope) is preferred, since it names the server's reason precisely.
"""
from __future__ import annotations



def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks *text* for Qt Linguist without importing Qt: the engine runs without a GUI.
    The UI translates a message with ``QCoreApplication.translate("sync", message)``."""
    return text


class SyncError(Exception):
    """Base class; ``message`` is a sentence a caseworker can read."""
    default = QT_TRANSLATE_NOOP("sync", "Die Synchronisation ist fehlgeschlagen.")

    def __init__(self, message: str = "", *, code: str = "", status: int = 0, detail=None):
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
    default = QT_TRANSLATE_NOOP("sync", "Die Verbindung zum Server wurde unterbrochen: seine "
                                        "Antwort kam unvollständig an. Bitte später erneut "
                                        "versuchen.")


class BadAddress(SyncError):
    """The server address cannot be used as a URL (a typo, a space, an unknown scheme)."""
    default = QT_TRANSLATE_NOOP("sync", "Die Serveradresse ist ungültig. Bitte prüfen Sie sie "
                                        "(Form: https://server.landkreis.de).")


class AuthError(SyncError):
    """401: the token is unknown (or the password wrong at registration)."""
    default = QT_TRANSLATE_NOOP("sync", "Anmeldung erforderlich: das Gerät ist beim Server nicht "
                                        "(mehr) angemeldet.")


class DeviceRevoked(SyncError):
    """403 device_revoked: IT has blocked this laptop."""
    default = QT_TRANSLATE_NOOP("sync", "Dieses Gerät wurde gesperrt. Bitte wenden Sie sich an "
                                        "die IT.")


class IncompatibleVersion(SyncError):
    """426: this program and the server do not speak the same protocol."""
    default = QT_TRANSLATE_NOOP("sync", "Diese Version von MiA Desk passt nicht zum Server. Bitte "
                                        "MiA Desk aktualisieren.")


class ServerError(SyncError):
    """5xx after the retries, or any other refusal of a whole request."""
    default = QT_TRANSLATE_NOOP("sync", "Der Server hat die Anfrage nicht bearbeitet. Bitte "
                                        "später erneut versuchen.")


class ScopeChanged(SyncError):
    """The server names another scope: the access rules or the user's units or roles changed.
    Handled inside the engine: the unit sections are dropped and pulled again."""
    default = QT_TRANSLATE_NOOP("sync", "Ihre Zugriffsrechte haben sich geändert. "
                                        "Die Daten werden neu abgeglichen.")

    def __init__(self, scope: str = "", message: str = "", **kw):
        super().__init__(message, **kw)
        self.scope = scope


class EpochChanged(SyncError):
    """409 epoch_mismatch / cursor_ahead: the server's data is another copy (a restored
    backup). Handled inside the engine by a full resync; ``epoch`` is the server's new one."""
    default = QT_TRANSLATE_NOOP("sync", "Der Server wurde aus einer Sicherung wiederhergestellt. "
                                        "Die Daten werden neu abgeglichen.")

    def __init__(self, epoch: str = "", message: str = "", **kw):
        super().__init__(message, **kw)
        self.epoch = epoch


class Cancelled(SyncError):
    """The app is closing: the round stopped between two pages (nothing half-applied)."""
    default = QT_TRANSLATE_NOOP("sync", "Die Synchronisation wurde abgebrochen.")
