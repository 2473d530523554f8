"""Setting a new password: the change dialog (Datei → Passwort ändern …), the same dialog when
the server asks for a new password after an administrator's reset, and the live hints both it
and the first-login dialog show while a new password is typed.

The hints come from :mod:`casefile.passwords` with the default rules (the county may have set
others on the server, whose answer -- a 422 with a German message -- is authoritative). Every
call to the server and every key-file operation (Argon2, about half a second) runs off the UI
thread, through the operation layer (:mod:`desktop.ui.ops`).

Passwords are never cut short: a field takes what is pasted, and a password over 1,000
characters is refused with a message (a silently truncated password would not match the one
pasted at the next unlock).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casefile import passwords
from desktop.sync.errors import QT_TRANSLATE_NOOP
from desktop.ui import ops as _ops

# casefile.passwords' messages, marked once more here: the translation tool reads desktop/
# (tests/desktop/test_accounts.py keeps the two lists identical).
_MESSAGES = [
    QT_TRANSLATE_NOOP("passwords", "Bitte ein Passwort eingeben."),
    QT_TRANSLATE_NOOP("passwords", "Das Passwort ist zu lang (höchstens 1000 Zeichen)."),
    QT_TRANSLATE_NOOP("passwords", "Das Passwort enthält unzulässige Steuerzeichen."),
    QT_TRANSLATE_NOOP("passwords", "Das Passwort muss mindestens {min_length} Zeichen lang sein."),
    QT_TRANSLATE_NOOP(
        "passwords", "Bitte eine Passphrase aus mindestens {min_words} Wörtern wählen."
    ),
    QT_TRANSLATE_NOOP("passwords", "Das Passwort darf den Benutzernamen nicht enthalten."),
    QT_TRANSLATE_NOOP("passwords", "Dieses Passwort ist zu verbreitet und leicht zu erraten."),
    QT_TRANSLATE_NOOP(
        "passwords",
        "Dieses Passwort ist leicht zu erraten (z. B. Tastaturfolge, Datum oder Wiederholung). Bitte ein längeres oder eine Passphrase wählen.",
    ),
]


def rule_text(codes: list[str], rules: passwords.Rules = passwords.Rules()) -> str:
    """The problems *codes* name, one translated sentence each."""
    return " ".join(
        QCoreApplication.translate("passwords", passwords.MESSAGES[c]).format(**rules.describe())
        for c in codes
        if c in passwords.MESSAGES
    )


def too_long(password: str) -> bool:
    return len(password) > passwords.MAX_LENGTH


def password_field(name: str) -> QLineEdit:
    field = QLineEdit(objectName=name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(1_000_000)  # never truncated (see the module docstring)
    return field


def error_label(name: str) -> QLabel:
    """A red, wrapping message line, hidden until there is something to say."""
    label = QLabel(objectName=name, wordWrap=True)
    label.setStyleSheet("color: #b3261e;")
    label.hide()
    return label


def ok_cancel(dialog) -> QDialogButtonBox:
    """OK runs the dialog's ``submit`` (which accepts when it succeeds), Cancel rejects."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.submit)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _warm() -> None:
    """Load the common-password lists and zxcvbn off the UI thread (about 0.1 s), before the
    first keystroke needs them."""
    if not getattr(_warm, "done", False):
        _warm.done = True
        _ops.shared().read(passwords.problems, "Warmlaufen-Probe-2026", "")


class NewPassword(QObject):
    """A new password typed twice, with a live hint under it: what the rules still miss, or
    that they are met. ``problem()`` is the first thing that stops it ("" when none)."""

    def __init__(self, user: Callable[[], str], parent: QObject | None = None, prefix: str = "new"):
        super().__init__(parent)
        self.user = user
        self.field = password_field(f"{prefix}Password")
        self.repeat = password_field(f"{prefix}Repeat")
        self.hint = QLabel(objectName=f"{prefix}PasswordHint", wordWrap=True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.field.textChanged.connect(self.update_hint)
        self.repeat.textChanged.connect(self.update_hint)
        _warm()
        self.update_hint()

    def codes(self) -> list[str]:
        return passwords.problems(self.field.text(), self.user())

    def update_hint(self) -> None:
        text = self.field.text()
        if not text:
            self.hint.setText(
                self.tr(
                    "Mindestens {n} Zeichen, kein verbreitetes Passwort, nicht Ihr Benutzername. "
                    "Eine Passphrase aus mehreren Wörtern ist gut zu merken."
                ).format(n=passwords.Rules().min_length)
            )
            self.hint.setStyleSheet("color: palette(placeholder-text);")
            return
        codes = self.codes()
        if codes:
            self.hint.setText(rule_text(codes))
            self.hint.setStyleSheet("color: #8a4b00;")
        elif self.repeat.text() and self.repeat.text() != text:
            self.hint.setText(self.tr("Die Wiederholung stimmt noch nicht überein."))
            self.hint.setStyleSheet("color: #8a4b00;")
        else:
            self.hint.setText(self.tr("✓ Das Passwort erfüllt die Regeln."))
            self.hint.setStyleSheet("color: #1b6e20;")

    def problem(self, old: str = "") -> str:
        codes = self.codes()
        if codes:
            return rule_text(codes)
        if self.repeat.text() != self.field.text():
            return self.tr("Die beiden neuen Passwörter stimmen nicht überein.")
        if old and self.field.text() == old:
            return self.tr("Das neue Passwort muss sich vom bisherigen unterscheiden.")
        return ""

    def clear(self) -> None:
        self.field.clear()
        self.repeat.clear()


class Countdown(QObject):
    """After a 429: the button waits the server's Retry-After, the message counts down."""

    tick = Signal(int)  # seconds left (0: go)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.left = 0
        self.timer = QTimer(self, interval=1000)
        self.timer.timeout.connect(self._tick)

    def start(self, seconds: int) -> None:
        self.left = max(1, int(seconds))
        self.timer.start()
        self.tick.emit(self.left)

    def _tick(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.left = 0
            self.timer.stop()
        self.tick.emit(self.left)

    @property
    def active(self) -> bool:
        return self.left > 0


def retry_text(seconds: int, code: str = "") -> str:
    """A 429's German message with the seconds left."""
    if code == "login_busy":
        return QCoreApplication.translate(
            "ChangePasswordDialog",
            "Der Server prüft gerade viele Anmeldungen. Bitte in %n Sekunde(n) erneut versuchen.",
            "",
            seconds,
        )
    return QCoreApplication.translate(
        "ChangePasswordDialog",
        "Zu viele Versuche. Bitte in %n Sekunde(n) erneut versuchen.",
        "",
        seconds,
    )


def explain(exc: BaseException) -> str:
    """A German sentence for what stopped a login or a password change (never a traceback)."""
    from desktop.store.keys import DeviceSecretError, KeyFileError, TooManyAttempts, WrongPassword
    from desktop.sync import errors

    translate = QCoreApplication.translate
    if isinstance(exc, WrongPassword):
        if exc.wait_s:
            return translate(
                "ChangePasswordDialog",
                "Das bisherige Passwort ist falsch. Nächster Versuch in %n Sekunde(n).",
                "",
                exc.wait_s,
            )
        return translate("ChangePasswordDialog", "Das bisherige Passwort ist falsch.")
    if isinstance(exc, TooManyAttempts):
        return translate(
            "ChangePasswordDialog",
            "Zu viele falsche Passwörter. Nächster Versuch in %n Sekunde(n).",
            "",
            exc.wait_s,
        )
    if isinstance(exc, DeviceSecretError):
        return translate(
            "ChangePasswordDialog",
            "Der Schlüsselbund dieses Rechners ist gesperrt "
            "oder nicht erreichbar; er hält einen Teil des Schlüssels Ihrer Daten. "
            "Es wurde nichts geändert.",
        )
    if isinstance(exc, KeyFileError):
        return translate(
            "ChangePasswordDialog",
            "Die Schlüsseldatei ist beschädigt oder fehlt "
            "({path}). Bitte wenden Sie sich an die IT.",
        ).format(path=exc.path)
    if isinstance(exc, errors.AuthError) and exc.code == "invalid_credentials":
        return translate("ChangePasswordDialog", "Das bisherige Passwort ist falsch.")
    if isinstance(exc, errors.WeakPassword):
        detail = exc.detail if isinstance(exc.detail, dict) else {}
        try:
            rules = passwords.Rules(**(detail.get("rules") or {}))
        except TypeError:
            rules = passwords.Rules()
        codes = exc.codes
        if codes and all(c in passwords.MESSAGES for c in codes):
            return rule_text(codes, rules)  # the server's reasons, in the UI's language
        return translate("sync", exc.message)
    if isinstance(exc, errors.TooManyAttempts):
        if exc.retry_after:
            return retry_text(exc.retry_after, exc.code)
        return translate("sync", exc.message)
    if isinstance(exc, (errors.Offline, errors.BadAddress)):
        return translate(
            "ChangePasswordDialog",
            "Der Server ist nicht erreichbar. Dafür ist eine "
            "Verbindung zum Server nötig; es wurde nichts geändert.",
        )
    if isinstance(exc, errors.SyncError):
        return translate("sync", exc.message)
    return translate(
        "ChangePasswordDialog",
        "Das Passwort konnte nicht geändert werden ({error}). Es wurde nichts geändert.",
    ).format(error=type(exc).__name__)


class ChangePasswordDialog(QDialog):
    """Old password, new password twice, live hints; *change(old, new)* runs off the UI thread
    (:func:`desktop.sync.account.change_password`) and the dialog closes when it succeeded.

    *required*: the server asks for a new password (an administrator's reset): the old one is
    the one-time password from IT (*one_time*, if known, fills it and hides the field).
    *offline*: the last sync found no server -- said at once, trying is still allowed.
    *ops*: ``ctx.ops`` (default: the process's operation layer, as the unlock dialogs use)."""

    def __init__(
        self,
        change: Callable[[str, str], object],
        user: str,
        *,
        required: bool = False,
        one_time: str = "",
        offline: bool = False,
        ops=None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setMinimumWidth(540)
        self._change = change
        self._ops = ops or _ops.shared()
        self.user_name = user
        self.required = required
        self.intro = QLabel(objectName="changePasswordIntro", wordWrap=True)
        self.user = QLabel(user, objectName="changePasswordUser")
        self.old = password_field("oldPassword")
        if one_time:
            self.old.setText(one_time)
        self.new = NewPassword(lambda: self.user_name, self)
        self.offline = QLabel(objectName="changePasswordOffline", wordWrap=True)
        self.offline.setVisible(offline)
        self.error = error_label("changePasswordError")
        self.labels = [QLabel(), QLabel(), QLabel(), QLabel()]
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, field in zip(
            self.labels, (self.user, self.old, self.new.field, self.new.repeat)
        ):
            if field is not self.user:
                label.setBuddy(field)
            self.form.addRow(label, field)
        self.form.addRow("", self.new.hint)
        self.form.setRowVisible(1, not one_time)
        self.buttons = ok_cancel(self)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.offline)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addSpacing(6)
        lay.addWidget(self.buttons)
        self.countdown = Countdown(self)
        self.countdown.tick.connect(self._tick)
        self._retry_code = ""
        self.setTabOrder(self.old, self.new.field)
        self.setTabOrder(self.new.field, self.new.repeat)
        self.setTabOrder(self.new.repeat, self.buttons)
        (self.new.field if one_time else self.old).setFocus(Qt.FocusReason.OtherFocusReason)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(
            self.tr("Neues Passwort festlegen") if self.required else self.tr("Passwort ändern")
        )
        self.intro.setText(
            self.tr(
                "Ihr Passwort wurde von der IT zurückgesetzt. Bitte legen Sie jetzt ein eigenes neues "
                "Passwort fest. Es gilt danach am Server und öffnet auch die Daten auf diesem Gerät; "
                "nichts davon geht verloren."
            )
            if self.required
            else self.tr(
                "Das neue Passwort gilt danach am Server und öffnet auch die Daten auf diesem Gerät "
                "(ohne Netz). Dafür ist eine Verbindung zum Server nötig."
            )
        )
        self.offline.setText(
            self.tr(
                "Der Server ist gerade nicht erreichbar. Zum Ändern des Passworts ist eine "
                "Verbindung nötig."
            )
        )
        for label, text in zip(
            self.labels,
            (
                self.tr("Benutzer"),
                self.tr("&Einmalpasswort") if self.required else self.tr("&Bisheriges Passwort"),
                self.tr("&Neues Passwort"),
                self.tr("Neues Passwort &wiederholen"),
            ),
        ):
            label.setText(text)
        self.new.update_hint()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Passwort ändern"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def submit(self) -> None:
        if self.countdown.active or not self.buttons.isEnabled():
            return
        old, new = self.old.text(), self.new.field.text()
        if not old:
            self._show(
                self.tr("Bitte das Einmalpasswort eingeben.")
                if self.required
                else self.tr("Bitte das bisherige Passwort eingeben."),
                self.old,
            )
            return
        if too_long(old):
            self._show(self.tr("Das bisherige Passwort ist falsch."), self.old)
            return
        problem = self.new.problem(old)
        if problem:
            self._show(problem, self.new.field)
            return
        self._busy(True)
        self.error.setText(self.tr("Passwort wird geändert …"))
        self.error.setStyleSheet("")
        self.error.show()
        self._ops.net(self._change, old, new, on_done=self._done, on_error=self._failed)

    def _busy(self, busy: bool) -> None:
        for widget in (self.old, self.new.field, self.new.repeat, self.buttons):
            widget.setEnabled(not busy)

    def _done(self, _value=None) -> None:
        self._busy(False)
        self.old.clear()
        self.new.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from desktop.store.keys import WrongPassword
        from desktop.sync import errors

        self._busy(False)
        self.offline.setVisible(isinstance(exc, errors.Offline))
        if isinstance(exc, errors.TooManyAttempts) and exc.retry_after:
            self._retry_code = exc.code
            self.countdown.start(exc.retry_after)
            return
        if isinstance(exc, errors.WeakPassword):
            focus = self.new.field
        elif isinstance(exc, WrongPassword) or (
            isinstance(exc, errors.AuthError) and exc.code == "invalid_credentials"
        ):
            focus = self.old
            self.form.setRowVisible(1, True)  # a prefilled one-time password was wrong
        else:
            focus = None
        self._show(explain(exc), focus)

    def _tick(self, left: int) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not left)
        if left:
            self._show(retry_text(left, self._retry_code))
        else:
            self.error.hide()

    def _show(self, text: str, focus: QLineEdit | None = None) -> None:
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setText(text)
        self.error.show()
        if focus is not None:
            focus.setFocus()
            focus.selectAll()
