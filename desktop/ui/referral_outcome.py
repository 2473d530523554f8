"""The referral card opened (double-click or Enter in the timeline): whether it worked.

Status along :data:`casefile.referrals.TRANSITIONS`, the reason from the catalog
``referral_failure`` when "nicht erfolgreich", and the feedback. Any unit that sees the
referral may record the outcome (the rules let every master-data role write referrals).

A pulled change under the open dialog is never silently overwritten: a field the user left
alone takes the new value; one the user changed too is named ("an anderer Stelle geändert")
with both values, and the user keeps their input or takes the new one -- as the master-data
form does (tests/desktop/test_stale_form.py).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile import codec, referrals, validation
from desktop.store import referrals as referral_store
from desktop.ui.form_keys import install_save_keys
from desktop.ui.formatting import date_text
from desktop.ui.forms import CatalogCombo, ErrorLabel, catalog_label, error_text, refusal_text
from desktop.ui.referral_dialog import (
    ERROR_STYLE,
    SLIP_STYLE,
    write_slip,
)
from desktop.ui.save_flow import SaveFlow

EDITED = ("status", "failure_reason", "feedback")


class ReferralOutcomeDialog(SaveFlow, QDialog):
    """Record how a referral went (see the module)."""

    def __init__(
        self, ctx, snapshot: referral_store.ReferralSnapshot, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ctx, self.snapshot = ctx, snapshot
        self.current = dict(snapshot.values)  # the store's values as last read
        self._saving = False
        self.setObjectName("referralOutcome")
        ref = snapshot.referral
        self.status = CatalogCombo("referral_status")
        self.status.setObjectName("status")
        self.failure = CatalogCombo("referral_failure", allow_empty=True)
        self.failure.setObjectName("failureReason")
        self.feedback = QPlainTextEdit(objectName="feedback", tabChangesFocus=True)
        self.feedback.setFixedHeight(90)
        self._offer_statuses(ref.status)
        self._show_values(snapshot.values)
        self.title = QLabel(objectName="sectionTitle", wordWrap=True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.summary = QLabel(objectName="summary", wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet("color: #4d5158;")
        self.elsewhere = QFrame(objectName="elsewhere", visible=False)
        self.elsewhere.setStyleSheet("#elsewhere { background: #fff4e5; border-radius: 6px; }")
        self.elsewhere_text = QLabel(objectName="elsewhereText", wordWrap=True)
        self.keep_mine_button = QPushButton(objectName="keepMine")
        self.take_theirs_button = QPushButton(objectName="takeTheirs")
        for b in (self.keep_mine_button, self.take_theirs_button):
            b.setAutoDefault(False)
        e = QVBoxLayout(self.elsewhere)
        e.addWidget(self.elsewhere_text)
        eb = QHBoxLayout()
        eb.addStretch(1)
        eb.addWidget(self.take_theirs_button)
        eb.addWidget(self.keep_mine_button)
        e.addLayout(eb)
        self.form_error = ErrorLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.slip_button = QPushButton(objectName="slipButton")
        self.slip_button.setAutoDefault(False)
        self.slip_button.setStyleSheet(SLIP_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)

        self.form = QFormLayout()
        self.form_labels = [QLabel(buddy=w) for w in (self.status, self.failure, self.feedback)]
        for label, widget in zip(
            self.form_labels, (self.status, self.failure, self.feedback), strict=True
        ):
            self.form.addRow(label, widget)
        foot = QHBoxLayout()
        foot.addWidget(self.slip_button)
        foot.addStretch(1)
        foot.addWidget(self.buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.summary)
        lay.addLayout(self.form)
        lay.addWidget(self.elsewhere)
        lay.addWidget(self.form_error)
        lay.addLayout(foot)
        for a, b in (
            (self.status, self.failure),
            (self.failure, self.feedback),
            (self.feedback, self.keep_mine_button),
            (self.keep_mine_button, self.take_theirs_button),
            (self.take_theirs_button, self.slip_button),
            (self.slip_button, self.save_button),
            (self.save_button, self.cancel_button),
        ):
            self.setTabOrder(a, b)

        self.status.currentIndexChanged.connect(self._status_changed)
        self.keep_mine_button.clicked.connect(lambda: self.save(force=True))
        self.take_theirs_button.clicked.connect(self.take_theirs)
        self.slip_button.clicked.connect(self.print_slip)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        install_save_keys(self, self.save)
        ctx.bus.changed.connect(self._on_changed)
        self.retranslateUi()
        self._status_changed()
        self.resize(620, self.sizeHint().height())
        self.status.setFocus()

    # --- texts --------------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        ref, snap = self.snapshot.referral, self.snapshot
        self.setWindowTitle(self.tr("Verweisung an {target}").format(target=self.target_name()))
        labels = (self.tr("&Status"), self.tr("&Grund"), self.tr("&Rückmeldung"))
        for label, text in zip(self.form_labels, labels, strict=True):
            label.setText(text)
        contact = (
            self.tr("Die MiA nimmt Kontakt auf (mit Einwilligung)")
            if ref.contact_by == "agency"
            else self.tr("Die Person meldet sich selbst")
        )
        self.title.setText(self.tr("Verweisung an {target}").format(target=self.target_name()))
        lines = [
            self.tr("Anlass: {reason}").format(reason=ref.reason),
            self.tr("Am {date} von {who}").format(
                date=date_text(ref.referred_on),
                who=", ".join(
                    p for p in (ref.referred_by, catalog_label("unit", ref.referring_unit)) if p
                ),
            ),
            contact,
        ]
        if snap.offer is not None and snap.offer.phone:
            lines.append(self.tr("Telefon: {phone}").format(phone=snap.offer.phone))
        self.summary.setText("\n".join(lines))
        self.feedback.setPlaceholderText(self.tr("Was hat die Person oder die Stelle berichtet?"))
        self.keep_mine_button.setText(self.tr("Meine Eingabe speichern"))
        self.take_theirs_button.setText(self.tr("Neuen Stand übernehmen"))
        self.slip_button.setText(self.tr("Verweisungszettel &drucken"))
        self.slip_button.setEnabled(snap.offer is not None)
        self.slip_button.setToolTip(
            self.tr("Den Verweisungszettel für die Person drucken (Deutsch und ihre Sprache)")
        )
        self.save_button.setText(self.tr("Speichern"))
        self.cancel_button.setText(self.tr("Abbrechen"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def target_name(self) -> str:
        ref, snap = self.snapshot.referral, self.snapshot
        if ref.target_kind == "unit":
            return catalog_label("unit", ref.unit or ref.target)
        if snap.provider is not None:
            return f"{ref.target} ({snap.provider.name})"
        return ref.target

    # --- values -------------------------------------------------------------------------------

    def _offer_statuses(self, status: str) -> None:
        """Only the steps the referral may take from *status* (itself first)."""
        allowed = referrals.next_statuses(status)
        self.status.blockSignals(True)
        self.status.restrict(list(allowed), first=(status,))
        self.status.set_code(status)
        self.status.setEnabled(len(allowed) > 1)
        self.status.blockSignals(False)

    def values(self) -> dict:
        return {
            "status": self.status.code(),
            "failure_reason": self.failure.code() if self.status.code() == "failed" else "",
            "feedback": self.feedback.toPlainText().strip(),
        }

    def _show_values(self, values: dict, names=EDITED) -> None:
        if "status" in names:
            self.status.set_code(values.get("status") or "")
        if "failure_reason" in names:
            self.failure.set_code(values.get("failure_reason") or "")
        if "feedback" in names:
            self.feedback.setPlainText(values.get("feedback") or "")

    def _status_changed(self, *_args) -> None:
        failed = self.status.code() == "failed"
        self.failure.setEnabled(failed)
        if not failed:
            self.failure.set_code("")

    def is_dirty(self) -> bool:
        mine = self.values()
        return any(mine[k] != (self.snapshot.values.get(k) or "") for k in EDITED)

    def record(self):
        ref = codec.decode("referral", {**self.snapshot.values, "id": self.snapshot.referral.id})
        for name, value in self.values().items():
            setattr(ref, name, value)
        return ref

    # --- a change under the open dialog ---------------------------------------------------

    def _on_changed(self, changes) -> None:
        if shiboken6.isValid(self) and changes.touches(
            ("referral",), self.snapshot.referral.client_id
        ):
            self.ctx.ops.read(
                referral_store.snapshot,
                self.ctx.store,
                self.snapshot.referral.id,
                on_done=self._refreshed,
                key=f"referral_outcome:{id(self)}",
            )

    def _refreshed(self, fresh: referral_store.ReferralSnapshot | None) -> None:
        if fresh is None or not shiboken6.isValid(self):
            return
        mine, seen = self.values(), self.snapshot.values
        self.current = dict(fresh.values)
        untouched = [k for k in EDITED if mine[k] == (seen.get(k) or "")]
        if "status" in untouched:
            self._offer_statuses(self.current.get("status") or "proposed")
        self._show_values(self.current, untouched)
        # what the user did not touch now counts as seen: it is not sent, nor named below
        self.snapshot.values.update({k: self.current.get(k) for k in untouched})
        self._show_elsewhere(
            {
                k: self.current.get(k)
                for k in EDITED
                if k not in untouched
                and (self.current.get(k) or "") != mine[k]
                and (self.current.get(k) or "") != (seen.get(k) or "")
            }
        )

    def _field_text(self, name: str, value) -> str:
        if name == "status":
            return catalog_label("referral_status", value or "")
        if name == "failure_reason":
            return catalog_label("referral_failure", value or "") if value else "—"
        return str(value or "—")

    def _show_elsewhere(self, fields: dict) -> None:
        if not fields:
            self.elsewhere.hide()
            return
        names = {
            "status": self.tr("Status"),
            "failure_reason": self.tr("Grund"),
            "feedback": self.tr("Rückmeldung"),
        }
        mine = self.values()
        lines = [self.tr("Diese Verweisung wurde inzwischen an anderer Stelle geändert:")]
        lines += [
            self.tr("{field}: jetzt „{theirs}“, Ihre Eingabe „{mine}“").format(
                field=names[k],
                theirs=self._field_text(k, v),
                mine=self._field_text(k, mine[k]),
            )
            for k, v in fields.items()
        ]
        self.elsewhere_text.setText("\n".join(lines))
        self.elsewhere.show()

    def take_theirs(self) -> None:
        """Take the values stored now for the fields named; the user's other input stays."""
        self._offer_statuses(self.current.get("status") or "proposed")
        self._show_values(self.current)
        self.snapshot.values.update({k: self.current.get(k) for k in EDITED})
        self.elsewhere.hide()

    # --- saving -------------------------------------------------------------------------------

    def save(self, force: bool = False) -> None:
        if self._saving:
            return
        ref = self.record()
        before = {**self.snapshot.values, "id": ref.id}
        refused = self.ctx.permissions.refusal("referral", before, codec.encode(ref))
        if refused is not None:
            self.form_error.show_errors([refusal_text(refused)])
            return
        errors = validation.validate(ref, self.ctx.today())
        self.form_error.show_errors([error_text(e) for e in errors])
        if errors:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.ops.write(
            referral_store.update,
            self.ctx.store,
            ref,
            self.snapshot,
            force,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _special_failure(self, exc: Exception) -> bool:
        if not isinstance(exc, referral_store.StaleReferral):
            return False
        self.current.update(exc.fields)
        self._show_elsewhere(exc.fields)
        return True

    def _failure_text(self, exc: Exception) -> str:
        return self.tr(
            "Speichern fehlgeschlagen. Die Eingaben bleiben erhalten – bitte erneut versuchen."
        )

    def print_slip(self) -> None:
        """The slip again (lost, or the client's language changed): written on a worker of
        the operation layer (referral_dialog.write_slip) and opened for printing."""
        snap = self.snapshot
        if snap.offer is None:
            return
        self.ctx.ops.read(
            write_slip,
            snap.referral,
            snap.offer,
            snap.provider,
            None,
            snap.referral.language,
            snap.contact,
            key="referral_slip",
            on_done=self._slip_written,
            on_error=lambda exc: QMessageBox.warning(
                self, self.tr("Drucken fehlgeschlagen"), f"{type(exc).__name__}: {exc}"
            ),
        )

    def _slip_written(self, path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
