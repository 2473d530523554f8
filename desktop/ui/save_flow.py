"""What a dialog does after it handed its record to the operation layer (``ctx.ops.write``):
close on success, show why on failure, and not lose typed input to a stray Esc.

Many dialogs share these steps word for word, and only their German failure text and the few
errors of their own store (a stale plan, a refused referral) differ. :class:`SaveFailure` holds
the failure side; :class:`SaveFlow` adds closing after the save and the question on Esc. A dialog
mixes one of them in before ``QDialog`` and keeps its ``self.tr`` texts in its own methods, so
the translation context (the class name) stays the dialog's.

The dialog provides ``_saving`` (a save is under way), ``save_button``, ``form_error`` (an
:class:`~desktop.ui.forms.ErrorLabel`) and, where it marks fields, ``errors`` (a
:class:`~desktop.ui.forms.FormErrors`); :class:`SaveFlow` also wants ``state`` (a
:class:`~desktop.ui.form_keys.FormState`) unless the dialog overrides :meth:`SaveFlow.is_dirty`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QAbstractButton, QDialog

from casefile import validation
from desktop.ui.form_keys import Answer, FormState, ask_discard
from desktop.ui.forms import ErrorLabel, FormErrors, error_text

# Mixed in before QDialog; type checkers see the dialog it ends up in.
if TYPE_CHECKING:
    _DialogBase = QDialog
else:
    _DialogBase = object


class SaveFailure(_DialogBase):
    """``_failed``: the error callback of a save (see the module)."""

    _saving: bool
    save_button: QAbstractButton
    form_error: ErrorLabel
    # where the dialog marks fields; without one, every message goes on form_error
    errors: FormErrors | None = None

    def _failed(self, exc: Exception) -> None:
        if not shiboken6.isValid(self):  # closed (and deleted) while the save ran
            return
        self._saving = False
        self.save_button.setEnabled(True)
        if self._special_failure(exc):
            return
        if isinstance(exc, validation.ValidationError):
            self._show_invalid(exc.errors)
        else:
            self.form_error.show_errors([self._failure_text(exc)])

    def _special_failure(self, exc: Exception) -> bool:
        """Show an error of the dialog's own store (a stale record, a refusal); True when
        *exc* was one of them."""
        return False

    def _show_invalid(self, errors: list[validation.FieldError]) -> None:
        """The store refused the record as invalid: mark the fields, the rest on the line."""
        if self.errors is not None:
            self.errors.show_all(errors, self.form_error)
        else:
            self.form_error.show_errors([error_text(e) for e in errors])

    def _failure_text(self, exc: Exception) -> str:
        """The German message for any other failure, through the dialog's own ``self.tr``."""
        raise NotImplementedError


class SaveFlow(SaveFailure):
    """``_failed`` plus ``_saved`` (close once stored) and ``reject`` (Esc or Abbrechen: ignored
    while saving, and a form with unsaved input closes only when the user says so)."""

    state: FormState

    def _saved(self, _result=None) -> None:
        if shiboken6.isValid(self):
            self._saving = False
            self.accept()

    def is_dirty(self) -> bool:
        return self.state.is_dirty()

    def reject(self) -> None:
        if self._saving:
            return
        if self.is_dirty() and ask_discard(self) is not Answer.DISCARD:
            return
        super().reject()
