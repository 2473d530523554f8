"""The keys every form shares: Ctrl+Enter (and Ctrl+Return, Ctrl+S) saves, Esc asks before
input is thrown away. One mechanism for the client dialog, the record forms and the consultation
form, so a caseworker's fingers work the same everywhere.

Whether a form holds unsaved input is told by :class:`FormState`, a fingerprint of its input
widgets taken when the form was filled (or emptied) and compared when it is about to close.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter", QKeySequence.StandardKey.Save)


def install_save_keys(
    owner: QWidget,
    save: Callable[[], None],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> list[QShortcut]:
    """Ctrl+Enter, Ctrl+Return and Ctrl+S call *save* while *owner* (a dialog: its window; an
    inline form: pass ``WidgetWithChildrenShortcut``) has the focus."""
    shortcuts = []
    for keys in SAVE_KEYS:
        shortcut = QShortcut(QKeySequence(keys), owner, context=context)
        shortcut.activated.connect(save)
        shortcuts.append(shortcut)
    return shortcuts


def install_escape(owner: QWidget, cancel: Callable[[], None]) -> QShortcut:
    """Esc calls *cancel* while the focus is inside *owner* (an inline form; a dialog has
    Esc already: it calls ``reject``)."""
    shortcut = QShortcut(
        QKeySequence(Qt.Key.Key_Escape),
        owner,
        context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
    )
    shortcut.activated.connect(cancel)
    return shortcut


class Answer(enum.Enum):
    KEEP_DRAFT = "keep_draft"
    DISCARD = "discard"
    CONTINUE = "continue"


def ask_discard(
    parent: QWidget, text: str = "", informative: str = "", keep_draft: bool = False
) -> Answer:
    """Ask before a form with unsaved input is closed: "Verwerfen" or "Weiter bearbeiten", and
    "Entwurf behalten" where the form keeps drafts (*keep_draft*, then also the default)."""
    buttons = QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
    if keep_draft:
        buttons |= QMessageBox.StandardButton.Save
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("FormKeys", "Änderungen verwerfen?"),
        text
        or QCoreApplication.translate(
            "FormKeys", "Die Eingaben in diesem Formular sind noch nicht gespeichert."
        ),
        buttons,
        parent,
    )
    box.setInformativeText(
        informative
        or QCoreApplication.translate("FormKeys", "Sollen die Eingaben verworfen werden?")
    )
    box.button(QMessageBox.StandardButton.Discard).setText(
        QCoreApplication.translate("FormKeys", "Verwerfen")
    )
    box.button(QMessageBox.StandardButton.Cancel).setText(
        QCoreApplication.translate("FormKeys", "Weiter bearbeiten")
    )
    if keep_draft:
        box.button(QMessageBox.StandardButton.Save).setText(
            QCoreApplication.translate("FormKeys", "Entwurf behalten")
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
    else:
        # Enter after an accidental Esc must not lose the input.
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return Answer.KEEP_DRAFT
    if answer == QMessageBox.StandardButton.Discard:
        return Answer.DISCARD
    return Answer.CONTINUE


def _value(widget: QWidget):
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    if isinstance(widget, QListWidget):
        return tuple(widget.item(i).checkState() for i in range(widget.count()))
    return None


class FormState:
    """A fingerprint of the input widgets under *root*: ``mark_clean()`` when the form shows
    what is stored (or is empty), ``is_dirty()`` when it may close. Rows added to or removed
    from a table change it too."""

    def __init__(self, root: QWidget):
        self.root = root
        self._clean = self._snapshot()

    def _snapshot(self) -> tuple:
        values = []
        for widget in self.root.findChildren(QWidget):
            value = _value(widget)
            if value is not None:
                values.append((type(widget).__name__, value))
        return tuple(values)

    def mark_clean(self) -> None:
        self._clean = self._snapshot()

    def is_dirty(self) -> bool:
        return self._snapshot() != self._clean
