"""Pick lists over the directory: who is "Zuständig" for a follow-up, which mediator was there.

Editable combo boxes with type-ahead (any part of the name, any case). They offer only the
directory's active entries and hold the *name* a record stores; typed text that is no entry is
kept as typed, so that the form can refuse it with a message (:func:`casefile.directory.check`)
instead of storing a follow-up that belongs to nobody. The directory comes from the store
through the operation layer (:meth:`desktop.store.repo.Store.directory`), never read here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from casefile.directory import Directory, DirectoryUser
from desktop.ui.forms import catalog_label

UNIT_ROLE = Qt.ItemDataRole.UserRole + 1


def own_directory(directory: Directory, user_name: str, units: tuple[str, ...]) -> Directory:
    """*directory*, or before the laptop's first sync (no users yet) one with this laptop's
    own user: a follow-up for oneself is always possible."""
    if directory.users or not user_name:
        return directory
    return Directory((DirectoryUser(user_name, "", tuple(units)),), directory.mediators, "")


class DirectoryPicker(QComboBox):
    """An editable combo box of (label, name, unit) entries; :meth:`name` is what to store."""

    def __init__(self, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def set_entries(self, entries: list[tuple[str, str, str]]) -> None:
        """Offer *entries* (label, name, unit); what is entered stays."""
        name, unit, text = self.name(), self.unit(), self.currentText()
        self.blockSignals(True)
        self.clear()
        self.addItem("", "")
        for label, value, value_unit in entries:
            self.addItem(label, value)
            self.setItemData(self.count() - 1, value_unit, UNIT_ROLE)
        self.blockSignals(False)
        if not self.set_name(name, unit):
            self.setEditText(text)

    def _match(self) -> int:
        text = self.currentText().strip()
        if not text:
            return 0
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)  # a label, any case
        return index if index >= 0 else self.findData(text)  # or the name itself

    def name(self) -> str:
        """The name of the chosen entry; typed text that is no entry, as typed; "" for none."""
        index = self._match()
        if index > 0:
            return str(self.itemData(index) or "")
        return self.currentText().strip()

    def unit(self) -> str:
        index = self._match()
        return str(self.itemData(index, UNIT_ROLE) or "") if index > 0 else ""

    def text(self) -> str:
        return self.name()

    def setPlaceholderText(self, text: str) -> None:  # noqa: N802 - Qt's name
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText(text)

    def set_name(self, name: str, unit: str = "") -> bool:
        """Show the entry of *name* (with *unit*, if it has one for it); False if none."""
        for index in range(1, self.count()):
            if self.itemData(index) == name and (
                not unit or self.itemData(index, UNIT_ROLE) in (unit, "")
            ):
                self.setCurrentIndex(index)
                return True
        if name:
            self.setEditText(name)
        else:
            self.setCurrentIndex(0)
        return False


def user_entries(directory: Directory) -> list[tuple[str, str, str]]:
    """One entry per active user and unit: "Anna Schneider (Sachgebiet Integration)"."""
    out = []
    for user in directory.active_users():
        for unit in user.units or ("",):
            label = f"{user.label} ({catalog_label('unit', unit)})" if unit else user.label
            out.append((label, user.name, unit))
    return out


def mediator_entries(directory: Directory, language: str) -> list[tuple[str, str, str]]:
    """Active mediators who speak *language* (or any language); all of them without one."""
    return [
        (m.name, m.name, "")
        for m in directory.active_mediators(language)
        if not language or m.speaks(language)
    ]
