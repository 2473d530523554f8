"""What the app does about the user's account: logging in again, a new password, a locked
account -- asked for by the user (Datei → Passwort ändern …, the status bar) or by the server
(through :attr:`SyncController.attention <desktop.sync.worker.SyncController.attention>`).

* **Token expired** (401 ``token_expired``): the login dialog asks for the password only (server
  and user are known) and registers with this laptop's ``device_id``: the server renews the
  token of this same device, the token is stored, and sync resumes where it stopped -- the
  store, its cursor and the outbox are untouched, nothing is downloaded again.
* **New password required** (403 ``password_change_required``, an administrator's reset): the
  change dialog asks for the one-time password from IT and a new one; this laptop's key file is
  wrapped anew around the data key of the store this session unlocked (the laptop's previous
  password is not what the server knows any more), see :mod:`desktop.sync.account`.
* **User locked** (403 ``user_locked``): the status bar and a message say so, once; nothing is
  wiped (unlike a revoked device), the app works on with what it has, and the timer keeps
  trying, so sync resumes by itself once IT unlocks the user.

Dialogs open window-modal without a nested event loop (``open``); the last one of each kind is
kept in ``login_dialog`` / ``password_dialog`` / ``message`` (the tests drive them there).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.sync import state, worker as w
from desktop.sync.errors import PasswordChangeRequired, TokenExpired, UserLocked

log = logging.getLogger(__name__)


class AccountActions(QObject):
    """Logins, password changes and the account messages of one main window.

    *connection*: :class:`desktop.sync.connection.Connection`; *credentials*: where tokens go
    (None: the demo, which registers itself and has no password to change); *keyfile* and
    *data_key*: the key file of the open store and its data key (kept for an administrator's
    reset, where the laptop's previous password is unknown)."""

    def __init__(
        self,
        ctx,
        window,
        controller,
        connection,
        credentials,
        keyfile=None,
        data_key: bytes | None = None,
    ):
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.controller = controller
        self.connection = connection
        self.credentials = credentials
        self.keyfile = keyfile
        self.data_key = data_key
        self.login_dialog = None
        self.password_dialog = None
        self.message: QMessageBox | None = None
        controller.attention.connect(self.on_attention)
        if credentials is not None:
            window.attach_password(
                self.change_password, lambda: self.change_password(required=True)
            )

    # --- the server asks ---------------------------------------------------------------

    def on_attention(self, error) -> None:
        if isinstance(error, TokenExpired):
            self.login()
        elif isinstance(error, PasswordChangeRequired):
            self.change_password(required=True)
        elif isinstance(error, UserLocked):
            self.show_locked(error)

    def show_locked(self, error) -> None:
        log.warning("sync: the user is locked on the server; the store is kept")
        if self.message is not None:
            self.message.close()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("AccountActions", "Benutzerkonto gesperrt"),
            QCoreApplication.translate("sync", error.message)
            + "\n\n"
            + QCoreApplication.translate(
                "AccountActions",
                "Die Daten auf diesem Gerät bleiben erhalten, und "
                "Sie können damit weiterarbeiten. Die Synchronisation setzt wieder "
                "ein, sobald das Konto freigegeben ist.",
            ),
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setObjectName("userLockedMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._message_closed(box))
        self.message = box
        box.open()

    def _message_closed(self, box) -> None:
        if self.message is box:
            self.message = None

    # --- logging in again ----------------------------------------------------------------

    def login(self) -> None:
        """Register this laptop (again). A registered laptop asks for the password only."""
        from desktop.ui.sync_status import LoginDialog

        if self.credentials is None:  # the demo registers itself
            self.controller.reconnect()
            return
        if self.login_dialog is not None:
            self.login_dialog.raise_()
            return
        current = state.load(self.ctx.store.engine)
        machine = getattr(self.ctx.settings, "machine", None)
        relogin = bool(current.server_url and current.device_id and current.user_name)
        status = self.controller.status
        credentials, connection = self.credentials, self.connection
        dialog = LoginDialog(
            self.ctx,
            lambda url, user, password: connection.register(url, user, password, credentials.set),
            current.server_url or (machine.server_url if machine else ""),
            current.user_name or self.ctx.settings.user_name,
            self.window,
            relogin=relogin,
            reason=status.message if status.kind == w.AUTH else "",
        )
        dialog.setObjectName("loginDialog")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda result: self._logged_in(dialog, result))
        self.login_dialog = dialog
        dialog.open()

    def _logged_in(self, dialog, result: int) -> None:
        self.login_dialog = None
        reg = dialog.result_value if result == QDialog.DialogCode.Accepted else None
        one_time = dialog.password_used
        dialog.deleteLater()
        if not isinstance(reg, dict):
            return
        log.info("logged in again: device %s", reg.get("device_id"))
        # The user is the one the server registered (with their units), not a local guess.
        self.ctx.settings.adopt(
            str(reg.get("user") or dialog.user.text().strip()), reg.get("units") or ()
        )
        self.ctx.settings.remember_user()
        self.window.show_user()
        if reg.get("must_change_password"):
            self.change_password(required=True, one_time=one_time)
        self.controller.reconnect()

    # --- a new password ------------------------------------------------------------------

    def change_password(self, required: bool = False, one_time: str = "") -> None:
        """The change dialog: from the menu, or *required* by the server (the old password is
        then IT's one-time password, *one_time* if it was just typed)."""
        from desktop.sync import account
        from desktop.ui.password import ChangePasswordDialog

        if self.password_dialog is not None:
            self.password_dialog.raise_()
            return
        status = self.controller.status
        required = required or status.code == "password_change_required"
        current = state.load(self.ctx.store.engine)
        connection, keyfile = self.connection, self.keyfile
        data_key = self.data_key if required else None

        def change(old: str, new: str) -> None:
            account.change_password(connection.client, keyfile, old, new, data_key=data_key)

        dialog = ChangePasswordDialog(
            change,
            current.user_name or self.ctx.settings.user_name,
            required=required,
            one_time=one_time,
            offline=status.kind == w.OFFLINE,
            ops=self.ctx.ops,
            parent=self.window,
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda result: self._changed(dialog, result, required))
        self.password_dialog = dialog
        dialog.open()

    def _changed(self, dialog, result: int, required: bool) -> None:
        self.password_dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        self.window.statusBar().showMessage(
            QCoreApplication.translate(
                "AccountActions",
                "Das Passwort wurde geändert. Es gilt ab jetzt auch zum Entsperren dieses Geräts.",
            ),
            10_000,
        )
        if required:
            self.controller.reconnect()
