"""The shared save steps of the dialogs (desktop.ui.save_flow): what a failed save shows, that
a stored record closes the dialog, and that Esc neither interrupts a save nor loses input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QVBoxLayout

from casefile.validation import FieldError, ValidationError
from desktop.ui import save_flow
from desktop.ui.form_keys import Answer, FormState
from desktop.ui.forms import ErrorLabel, FormErrors, error_text


class Stale(Exception):
    pass


class NameDialog(save_flow.SaveFlow, QDialog):
    """The smallest dialog on SaveFlow: one field, marked by FormErrors."""

    def __init__(self, with_fields: bool = True):
        super().__init__()
        self.name = QLineEdit()
        self.name_error = ErrorLabel()
        self.form_error = ErrorLabel()
        self.save_button = QPushButton()
        lay = QVBoxLayout(self)
        for w in (self.name, self.name_error, self.form_error, self.save_button):
            lay.addWidget(w)
        if with_fields:
            self.errors = FormErrors()
            self.errors.register("name", self.name, self.name_error)
        self._saving = False
        self.state = FormState(self)

    def start_save(self) -> None:
        self._saving = True
        self.save_button.setEnabled(False)

    def _special_failure(self, exc: Exception) -> bool:
        if not isinstance(exc, Stale):
            return False
        self.form_error.show_errors(["inzwischen geändert"])
        return True

    def _failure_text(self, exc: Exception) -> str:
        return f"Speichern fehlgeschlagen: {exc}"


@pytest.fixture
def dialog(qtbot):
    d = NameDialog()
    qtbot.addWidget(d)
    d.show()
    return d


def test_a_validation_error_marks_the_field_and_puts_the_rest_on_the_form_line(dialog):
    dialog.start_save()
    name, other = FieldError("name", "required"), FieldError("birth_date", "required")
    dialog._failed(ValidationError([name, other]))
    assert not dialog._saving and dialog.save_button.isEnabled()
    assert dialog.name_error.text() == error_text(name)
    assert dialog.form_error.text() == error_text(other)


def test_without_field_errors_every_message_goes_on_the_form_line(qtbot):
    d = NameDialog(with_fields=False)
    qtbot.addWidget(d)
    errors = [FieldError("name", "required"), FieldError("birth_date", "required")]
    d._failed(ValidationError(errors))
    assert d.form_error.text() == "\n".join(error_text(e) for e in errors)


def test_the_dialogs_own_errors_and_any_other_failure_show_their_texts(dialog):
    dialog.start_save()
    dialog._failed(Stale())
    assert dialog.form_error.text() == "inzwischen geändert"
    assert dialog.save_button.isEnabled()
    dialog.start_save()
    dialog._failed(OSError("Platte voll"))
    assert dialog.form_error.text() == "Speichern fehlgeschlagen: Platte voll"
    assert not dialog._saving


def test_a_stored_record_closes_the_dialog(dialog):
    dialog.start_save()
    dialog._saved("id-1")
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_esc_is_ignored_while_saving_and_asks_before_input_is_lost(dialog, qtbot, monkeypatch):
    asked = []
    answer = Answer.CONTINUE
    monkeypatch.setattr(save_flow, "ask_discard", lambda parent: asked.append(parent) or answer)
    dialog.name.setText("Ayşe")
    dialog.start_save()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and asked == []
    dialog._saving = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and asked == [dialog]
    answer = Answer.DISCARD
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_esc_closes_an_untouched_form_without_asking(dialog, qtbot, monkeypatch):
    monkeypatch.setattr(save_flow, "ask_discard", lambda parent: pytest.fail("asked"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
