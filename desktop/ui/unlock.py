"""Unlocking the encrypted store: at start, after inactivity, and the first login.

The password is checked against the key file (Argon2id, about half a second), so that work
runs through the operation layer (``desktop.ui.ops``) and the dialog stays responsive. Wrong passwords are limited by the
key file (:mod:`desktop.store.keys`): the dialog names the remaining wait. If the keyring no
longer holds this laptop's device secret, the store cannot be opened any more: the dialog says
so and offers to set the laptop up again online (``reregister``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop.store.keys import (
    FREE_ATTEMPTS,
    DeviceSecretError,
    KeyFile,
    KeyFileError,
    TooManyAttempts,
    WrongPassword,
)
from desktop.ui import ops
from desktop.ui.password import error_label, ok_cancel


class UnlockDialog(QDialog):
    """Asks for the password that unlocks this laptop's store; ``key`` after acceptance."""

    def __init__(
        self,
        keyfile: KeyFile,
        *,
        locked: bool = False,
        hint: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.keyfile = keyfile
        self.locked = locked
        self.key: bytes | None = None
        self.reregister = False  # the device secret is gone: set the laptop up again
        self.intro = QLabel(objectName="unlockIntro")
        self.intro.setWordWrap(True)
        self.user = QLabel(objectName="unlockUser")
        self.password = QLineEdit(objectName="unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label("unlockError")
        self.hint = QLabel(hint, objectName="unlockHint")
        self.hint.setVisible(bool(hint))
        self.labels = [QLabel(), QLabel()]
        form = QFormLayout()
        form.addRow(self.labels[0], self.user)
        form.addRow(self.labels[1], self.password)
        self.labels[1].setBuddy(self.password)
        self.buttons = ok_cancel(self)
        self.again = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ResetRole)
        self.again.setObjectName("unlockRegisterAgain")
        self.again.clicked.connect(self._register_again)
        self.again.hide()
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(form)
        lay.addWidget(self.hint)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self._countdown = QTimer(self, interval=1000)
        self._countdown.timeout.connect(self._tick)
        try:
            self.user.setText(keyfile.user)
        except KeyFileError:
            self.user.setText("")
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self.retranslateUi()
        self._tick()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("MiA Desk entsperren"))
        self.intro.setText(
            self.tr("MiA Desk wurde wegen Inaktivität gesperrt. Bitte geben Sie Ihr Passwort ein.")
            if self.locked
            else self.tr(
                "Die Daten auf diesem Gerät sind verschlüsselt. Bitte geben Sie Ihr Passwort ein "
                "(das Passwort Ihrer Anmeldung; es funktioniert auch ohne Netz)."
            )
        )
        self.labels[0].setText(self.tr("Benutzer"))
        self.labels[1].setText(self.tr("&Passwort"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Entsperren"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Beenden"))
        self.again.setText(self.tr("Online neu anmelden"))

    def submit(self) -> None:
        if not self.password.text():
            self._show(self.tr("Bitte das Passwort eingeben."))
            return
        self.buttons.setEnabled(False)
        self.password.setEnabled(False)
        # Argon2 (about half a second) on a worker: the dialog stays responsive.
        ops.shared().read(
            self.keyfile.unlock, self.password.text(), on_done=self._unlocked, on_error=self._failed
        )

    def _unlocked(self, key: bytes) -> None:
        self.key = key
        self.password.clear()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.password.setEnabled(True)
        self.buttons.setEnabled(True)
        self.password.selectAll()
        self.password.setFocus()
        if isinstance(exc, WrongPassword):
            if exc.wait_s:
                self._tick()
                return
            left = FREE_ATTEMPTS - exc.failures
            self._show(
                self.tr("Das Passwort ist falsch. Noch %n Versuch(e) ohne Wartezeit.", "", left)
            )
        elif isinstance(exc, TooManyAttempts):
            self._tick()
        elif isinstance(exc, DeviceSecretError) and exc.missing:
            self._show(
                self.tr(
                    "Der Schlüsselbund dieses Laptops enthält das Geheimnis zu Ihren verschlüsselten "
                    "Daten nicht mehr. Ohne es lassen sich die Daten auf diesem Gerät nicht öffnen, "
                    "auch nicht mit dem richtigen Passwort. Bitte melden Sie sich online neu an: die "
                    "Akten kommen wieder vom Server (noch nicht Synchronisiertes nicht). Die alte "
                    "Datei bleibt umbenannt erhalten."
                )
            )
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self.password.setEnabled(False)
            self.again.setVisible(not self.locked)
        elif isinstance(exc, DeviceSecretError):
            self._show(
                self.tr(
                    "Der Schlüsselbund dieses Rechners ist gesperrt oder nicht erreichbar; er hält "
                    "einen Teil des Schlüssels Ihrer Daten. Bitte melden Sie sich am Rechner neu an "
                    "und versuchen Sie es noch einmal."
                )
            )
        elif isinstance(exc, KeyFileError):
            self._show(
                self.tr(
                    "Die Schlüsseldatei ist beschädigt oder fehlt ({path}). Bitte "
                    "wenden Sie sich an die IT."
                ).format(path=exc.path)
            )
        else:
            self._show(str(exc))

    def _register_again(self) -> None:
        self.reregister = True
        self.reject()

    def _tick(self) -> None:
        try:
            wait = self.keyfile.wait_s()
        except KeyFileError:
            wait = 0
        if wait:
            self._countdown.start()
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self._show(
                self.tr("Zu viele falsche Passwörter. Nächster Versuch in %n Sekunde(n).", "", wait)
            )
        elif self._countdown.isActive():
            self._countdown.stop()
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
            self.error.hide()

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


def lock_field(field: QLineEdit) -> None:
    """A value IT fixed in the machine configuration: shown whole, greyed, not editable."""
    field.setReadOnly(True)
    field.setEnabled(False)
    field.setCursorPosition(0)
    field.setToolTip(
        QCoreApplication.translate("SetupDialog", "Von der IT für diesen Rechner festgelegt.")
    )


class SetupDialog(QDialog):
    """The first login on this laptop: checked by the server (online), then the password
    protects the store key. Without a server (``--offline``) a new password is set twice.

    If the server's answer says the password was a one-time password from IT
    (``must_change_password``), the dialog asks for a new one at once (same rules, live hints)
    and *change(url, registration, one_time, new)* sets it on the server; ``value`` then
    carries the *new* password, which wraps the new store key."""

    def __init__(
        self,
        check: Callable[[str, str, str], object] | None,
        server_url: str = "",
        user: str = "",
        parent: QWidget | None = None,
        *,
        locked_server: bool = False,
        change: Callable[[str, dict, str, str], object] | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setMinimumWidth(460)  # a server address fits
        self._check = check
        self._change = change
        self._one_time = None  # (url, user, one-time password, registration)
        self.value = None
        self.server = QLineEdit(server_url, objectName="setupServer")
        if locked_server:  # set by IT (machine configuration)
            lock_field(self.server)
        self.user = QLineEdit(user, objectName="setupUser")
        self.password = QLineEdit(objectName="setupPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="setupRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.error = error_label("setupError")
        from desktop.ui.password import NewPassword

        self.new = NewPassword(lambda: self.user.text().strip(), self)
        self.labels = [QLabel(), QLabel(), QLabel(), QLabel(), QLabel(), QLabel()]
        self.form = form = QFormLayout()
        for label, field in zip(
            self.labels,
            (self.server, self.user, self.password, self.repeat, self.new.field, self.new.repeat),
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.new.hint)
        online = check is not None
        form.setRowVisible(0, online)
        form.setRowVisible(3, not online)
        for row in (4, 5, 6):  # the one-time password's second step
            form.setRowVisible(row, False)
        self.buttons = ok_cancel(self)
        # While the server checks the login and registers the laptop (3 to 10 seconds):
        # a running bar and what is happening, the fields locked.
        self.busy = QProgressBar(objectName="setupBusy", textVisible=False)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy_text = QLabel(objectName="setupBusyText", wordWrap=True)
        self.busy.hide()
        self.busy_text.hide()
        self._locked_server = locked_server
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.busy_text)
        lay.addWidget(self.busy)
        lay.addWidget(self.buttons)
        self.retranslateUi()

    def set_busy(self, busy: bool) -> None:
        """While the server answers: the bar runs, the fields and buttons wait."""
        self.busy_text.setText(
            self.tr("Neues Passwort wird gespeichert …")
            if self._one_time
            else self.tr(
                "Anmeldung beim Server und Registrierung dieses Geräts … "
                "das kann einige Sekunden dauern."
            )
        )
        self.busy.setVisible(busy)
        self.busy_text.setVisible(busy)
        self.buttons.setEnabled(not busy)
        fields = [self.user, self.password, self.repeat, self.new.field, self.new.repeat]
        if not self._locked_server:
            fields.append(self.server)
        for field in fields:
            field.setEnabled(not busy)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Erste Anmeldung auf diesem Gerät"))
        if self._one_time:
            self.intro.setText(
                self.tr(
                    "Ihr Passwort ist ein Einmalpasswort von der IT. Bitte legen Sie jetzt ein "
                    "eigenes neues Passwort fest: es gilt danach am Server und schützt die "
                    "verschlüsselten Daten auf diesem Gerät, auch ohne Netz."
                )
            )
        else:
            self.intro.setText(
                self.tr(
                    "Melden Sie sich einmal mit Verbindung zum Server an. Ihr Passwort schützt danach "
                    "die verschlüsselten Daten auf diesem Gerät und öffnet sie auch ohne Netz."
                )
                if self._check
                else self.tr(
                    "Dieses Gerät arbeitet ohne Server. Bitte legen Sie ein Passwort fest; es schützt "
                    "die verschlüsselten Daten auf diesem Gerät."
                )
            )
        for label, text in zip(
            self.labels,
            (
                self.tr("&Server"),
                self.tr("&Benutzername"),
                self.tr("&Passwort"),
                self.tr("Passwort &wiederholen"),
                self.tr("&Neues Passwort"),
                self.tr("Neues Passwort w&iederholen"),
            ),
        ):
            label.setText(text)
        self.new.update_hint()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Passwort festlegen") if self._one_time else self.tr("Anmelden")
        )

    def submit(self) -> None:
        if self._one_time:
            self._submit_new()
            return
        url, user, password = (
            self.server.text().strip(),
            self.user.text().strip(),
            self.password.text(),
        )
        if not (user and password) or (self._check and not url):
            self._show(self.tr("Bitte alle Felder ausfüllen."))
            return
        from desktop.ui.password import too_long

        if too_long(password):
            self._show(self.tr("Das Passwort ist zu lang (höchstens 1000 Zeichen)."))
            return
        if self._check is None:
            if len(password) < 8:
                self._show(self.tr("Das Passwort braucht mindestens 8 Zeichen."))
                return
            if password != self.repeat.text():
                self._show(self.tr("Die beiden Passwörter stimmen nicht überein."))
                return
            self._done((url, user, password, None))
            return
        if not url.startswith(("http://", "https://")):
            self._show(self.tr("Die Serveradresse beginnt mit http:// oder https://."))
            return
        self.error.hide()
        self.set_busy(True)
        ops.shared().net(
            lambda: (url, user, password, self._check(url, user, password)),
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, value) -> None:
        self.set_busy(False)
        reg = value[3]
        if isinstance(reg, dict) and reg.get("must_change_password") and self._change:
            self._ask_new(value)
            return
        self.value = value
        self.accept()

    def _ask_new(self, value) -> None:
        """The second step: the one-time password worked; now a password of the user's own."""
        self._one_time = value
        self.error.hide()
        for row, visible in (
            (0, False),
            (1, True),
            (2, False),
            (3, False),
            (4, True),
            (5, True),
            (6, True),
        ):
            self.form.setRowVisible(row, visible)
        self.user.setReadOnly(True)
        self.retranslateUi()
        self.new.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _submit_new(self) -> None:
        url, user, one_time, reg = self._one_time
        problem = self.new.problem(one_time)
        if problem:
            self._show(problem)
            self.new.field.setFocus()
            return
        new = self.new.field.text()
        self.error.hide()
        self.set_busy(True)

        def change():
            self._change(url, reg, one_time, new)
            return url, user, new, {**reg, "must_change_password": False}

        ops.shared().net(change, on_done=self._done, on_error=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.set_busy(False)
        if self._one_time:
            from desktop.ui.password import explain

            self._show(explain(exc))
            return
        from desktop.sync.errors import TooManyAttempts
        from desktop.ui.password import retry_text

        if isinstance(exc, TooManyAttempts) and exc.retry_after:
            self._show(retry_text(exc.retry_after, exc.code))
            return
        from PySide6.QtCore import QCoreApplication

        message = getattr(exc, "message", "") or str(exc)
        self._show(QCoreApplication.translate("sync", message))

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class InactivityLock(QObject):
    """Locks the main window after *minutes* without keyboard or mouse input: the window is
    hidden and the password asked again; "Beenden" closes the program."""

    locked = Signal()
    unlocked = Signal()

    INPUT = {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }

    def __init__(self, window: QWidget, keyfile: KeyFile, minutes: float, hint: str = ""):
        super().__init__(window)
        self.window = window
        self.keyfile = keyfile
        self.hint = hint
        self.dialog: UnlockDialog | None = None
        self.timer = QTimer(self, singleShot=True, interval=max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(self.lock)
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    def eventFilter(self, obj, event) -> bool:
        if event.type() in self.INPUT and self.dialog is None:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.dialog is not None:
            return
        self.window.hide()
        self.locked.emit()
        self.dialog = UnlockDialog(self.keyfile, locked=True, hint=self.hint)
        self.dialog.finished.connect(self._finished)
        self.dialog.open()

    def _finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self.window.show()
            self.unlocked.emit()
            self.timer.start()
        else:
            self.window.close()
