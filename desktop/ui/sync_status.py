"""The sync corner of the status bar, and the login that registers this laptop with a server.

:class:`SyncStatusWidget` shows the state in German (synchronised / n changes pending /
offline / error with its reason / not logged in), the progress of a long first sync, a
"Jetzt synchronisieren" button and -- when there is something to settle -- a button to the
conflicts. It only displays :class:`~desktop.sync.worker.SyncStatus` values; the controller
decides them. Without a server (``--offline``) it shows what is waiting locally.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.sync import worker as w
from desktop.ui.formatting import datetime_text


class SyncStatusWidget(QWidget):
    """Status text, progress, "Jetzt synchronisieren" and the way to the conflicts."""

    sync_requested = Signal()
    login_requested = Signal()
    password_requested = Signal()  # the server asks for a new password
    conflicts_requested = Signal()
    refusals_requested = Signal()  # "n nicht übernommen": show the refused records

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status = w.SyncStatus(w.LOCAL)
        self.connected = False
        self.label = QLabel(objectName="syncState")
        self.progress = QProgressBar(objectName="syncProgress")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.conflicts = QToolButton(objectName="syncConflicts")
        self.conflicts.setAutoRaise(True)
        self.conflicts.hide()
        # What the server refused is no conflict: its own short indicator, to the record.
        self.refused = QToolButton(objectName="syncRefused")
        self.refused.setAutoRaise(True)
        self.refused.setStyleSheet("QToolButton#syncRefused { color: #a0201a; }")
        self.refused.hide()
        self.button = QToolButton(objectName="syncNow")
        self.button.setAutoRaise(True)
        self.button.hide()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.progress)
        lay.addWidget(self.conflicts)
        lay.addWidget(self.refused)
        lay.addWidget(self.button)
        self.button.clicked.connect(self._button_clicked)
        self.conflicts.clicked.connect(self.conflicts_requested)
        self.refused.clicked.connect(self.refusals_requested)
        self.retranslateUi()

    def attach(self, controller) -> None:
        """Follow a :class:`~desktop.sync.worker.SyncController`."""
        self.connected = True
        controller.status_changed.connect(self.set_status)
        self.sync_requested.connect(controller.request_sync)
        self.set_status(controller.status)

    def show_local_pending(self, pending: int) -> None:
        """Without a server: what waits in the outbox (ignored once a server is attached)."""
        if not self.connected:
            self.set_status(w.SyncStatus(w.LOCAL, pending))

    def set_status(self, status: w.SyncStatus) -> None:
        self.status = status
        self.retranslateUi()

    def _button_clicked(self) -> None:
        if self.status.kind == w.AUTH and self.status.code == "password_change_required":
            self.password_requested.emit()
        elif self.status.kind == w.AUTH:
            self.login_requested.emit()
        else:
            self.sync_requested.emit()

    def text(self) -> str:
        return self.label.text()

    def retranslateUi(self) -> None:
        s = self.status
        self.label.setText(self._state_text(s))
        self.label.setProperty("state", s.kind)
        tip = ""
        if s.last_success:
            tip = self.tr("Zuletzt synchronisiert: {when}").format(
                when=datetime_text(s.last_success)
            )
        self.label.setToolTip(tip)
        busy = s.kind in (w.SYNCING, w.CONNECTING)
        self.progress.setVisible(busy)
        if s.kind == w.SYNCING and s.total > 0:
            self.progress.setRange(0, s.total)
            self.progress.setValue(min(s.done, s.total))
        else:
            self.progress.setRange(0, 0)  # busy indicator
        self.button.setVisible(self.connected or s.kind == w.AUTH)
        self.button.setEnabled(not busy)
        if s.kind == w.AUTH and s.code == "password_change_required":
            self.button.setText(self.tr("Neues Passwort …"))
        elif s.kind == w.AUTH:
            self.button.setText(self.tr("Anmelden …"))
        else:
            self.button.setText(self.tr("Jetzt synchronisieren"))
        self.button.setToolTip(self.tr("Synchronisieren (F5)"))
        self.conflicts.setVisible(s.conflicts > 0)
        self.conflicts.setText(self.tr("%n Konflikt(e) zu klären", "", s.conflicts))
        self.refused.setVisible(s.rejected > 0)
        self.refused.setText(self.tr("%n nicht übernommen", "", s.rejected))
        self.refused.setToolTip(
            self.tr(
                "Der Server hat %n Eintrag/Einträge nicht übernommen. Klicken zeigt den ersten "
                "in seiner Akte, mit dem Grund.",
                "",
                s.rejected,
            )
        )

    def _state_text(self, s: w.SyncStatus) -> str:
        reason = QCoreApplication.translate("sync", s.message) if s.message else ""
        if s.kind == w.CONNECTING:
            return self.tr("Verbinde mit dem Server …")
        if s.kind == w.SYNCING:
            if s.phase == "pull" and s.total > 0:
                locale = QLocale()
                return self.tr("Synchronisiere … {done} von {total} Datensätzen").format(
                    done=locale.toString(s.done), total=locale.toString(s.total)
                )
            if s.phase == "push" and s.total > 0:
                return self.tr("Sende Änderungen … {done} von {total}").format(
                    done=s.done, total=s.total
                )
            return self.tr("Synchronisiere …")
        if s.kind == w.SYNCED:
            if s.last_success:
                return self.tr("Synchronisiert · {time}").format(
                    time=s.last_success.astimezone().strftime("%H:%M")
                )
            return self.tr("Synchronisiert")
        if s.kind == w.PENDING:
            return self.tr("%n Änderung(en) warten auf Synchronisation", "", s.pending)
        if s.kind == w.ERROR:
            return self.tr("Synchronisationsfehler: {reason}").format(reason=reason)
        if s.kind == w.AUTH:
            return self.tr("Nicht angemeldet: {reason}").format(reason=reason)
        # LOCAL and OFFLINE: everything is safe on this laptop; say what waits.
        if s.kind == w.OFFLINE:
            if s.pending:
                return self.tr("Server nicht erreichbar · %n Änderung(en) warten", "", s.pending)
            return self.tr("Server nicht erreichbar · alles lokal gespeichert")
        if s.pending:
            return self.tr("Offline · %n Änderung(en) warten auf Synchronisation", "", s.pending)
        return self.tr("Offline · alles lokal gespeichert")

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)


class LoginDialog(QDialog):
    """Registers this laptop with a server: server address, user name, password.

    *register(url, user, password)* runs off the UI thread (through ``ctx.runner``); a wrong
    password or an unreachable server is shown inline, the dialog stays open.
    *relogin*: this laptop is registered already (its token expired, or is missing): server and
    user are known and fixed, only the password is asked; the server renews the token of this
    same device, and the data on the laptop stay as they are.
    """

    def __init__(
        self,
        ctx,
        register,
        server_url: str = "",
        user: str = "",
        parent: QWidget | None = None,
        *,
        relogin: bool = False,
        reason: str = "",
    ):
        super().__init__(parent)
        self.ctx = ctx
        self._register = register
        self.relogin = relogin
        self.reason = reason
        self.result_value = None
        self.password_used = ""  # after acceptance: for a one-time password's change
        self.server = QLineEdit(server_url, objectName="loginServer")
        if ctx.settings.is_locked("server_url"):  # set by IT (machine configuration)
            from desktop.ui.unlock import lock_field

            self.server.setText(ctx.settings.machine.server_url)
            lock_field(self.server)
        self.user = QLineEdit(user, objectName="loginUser")
        if relogin and server_url and user:
            self.server.setReadOnly(True)
            self.user.setReadOnly(True)
        from desktop.ui.password import Countdown, ok_cancel, password_field

        self.password = password_field("loginPassword")
        self.countdown = Countdown(self)
        self.countdown.tick.connect(self._tick)
        self._retry_code = ""
        self.error = QLabel(objectName="loginError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.labels = [QLabel(), QLabel(), QLabel()]
        self.form = QFormLayout()
        for label, field in zip(self.labels, (self.server, self.user, self.password)):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.buttons = ok_cancel(self)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        (self.password if server_url and user else self.server).setFocus(
            Qt.FocusReason.OtherFocusReason
        )
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Am Server anmelden"))
        if self.relogin:
            reason = (
                QCoreApplication.translate("sync", self.reason)
                if self.reason
                else self.tr("Bitte melden Sie sich mit Ihrem Passwort erneut an.")
            )
            self.intro.setText(
                reason
                + "\n\n"
                + self.tr(
                    "Die Daten auf diesem Gerät und noch nicht gesendete Änderungen bleiben erhalten; "
                    "nichts wird neu heruntergeladen."
                )
            )
        else:
            self.intro.setText(
                self.tr(
                    "Dieses Gerät wird einmalig beim Server angemeldet. Ihre lokal gespeicherten Daten "
                    "bleiben erhalten und werden danach synchronisiert."
                )
            )
        for label, text in zip(
            self.labels, (self.tr("&Server"), self.tr("&Benutzername"), self.tr("&Passwort"))
        ):
            label.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Anmelden"))

    def submit(self) -> None:
        url, user, password = (
            self.server.text().strip(),
            self.user.text().strip(),
            self.password.text(),
        )
        if not (url and user and password):
            self._show_error(self.tr("Bitte Server, Benutzername und Passwort angeben."))
            return
        if not url.startswith(("http://", "https://")):
            self._show_error(self.tr("Die Serveradresse beginnt mit http:// oder https://."))
            return
        from desktop.ui.password import too_long

        if too_long(password):
            self._show_error(self.tr("Das Passwort ist zu lang (höchstens 1000 Zeichen)."))
            return
        if self.countdown.active:
            return
        self.buttons.setEnabled(False)
        self.error.hide()
        self.password_used = password
        self.ctx.ops.net(
            self._register, url, user, password, on_done=self._done, on_error=self._failed
        )

    def _done(self, value) -> None:
        self.result_value = value
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        from desktop.sync.errors import TooManyAttempts

        self.buttons.setEnabled(True)
        self.password_used = ""
        if isinstance(exc, TooManyAttempts) and exc.retry_after:
            self._retry_code = exc.code
            self.countdown.start(exc.retry_after)
        else:
            message = getattr(exc, "message", "") or str(exc)
            self._show_error(QCoreApplication.translate("sync", message))
        self.password.selectAll()
        self.password.setFocus()

    def _tick(self, left: int) -> None:
        from desktop.ui.password import retry_text

        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not left)
        if left:
            self._show_error(retry_text(left, self._retry_code))
        else:
            self.error.hide()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
