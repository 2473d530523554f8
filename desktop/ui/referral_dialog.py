"""Verweisung: send the client to an offer of the directory, a unit under the roof or another
body -- with the consent check before anything leaves the laptop and a follow-up to ask later
whether it worked.

Opened from the consultation form (the referral is saved with the consultation: the dialog
only collects it, ``collect=True``) and from the client file (saved on its own). The need
(topic, language, place) is prefilled from the consultation and the client and ranks the
directory (:class:`casefile.offers.Index`); each hit says why it ranks where it does. Where the
agency passes the client's data outside the roof, the consent chooser lists the client's
active consents naming the recipient (:mod:`casefile.referrals`); without one the dialog says
so in German and saves nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from collections.abc import Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile import codec, referrals, validation
from casefile.offers import Hit, Need
from casefile.records import LanguageSkill, Offer, Provider, Referral, Task
from desktop.store import referrals as referral_store
from desktop.ui.form_keys import install_save_keys
from desktop.ui.formatting import date_text
from desktop.ui.forms import (
    CatalogCombo,
    ErrorLabel,
    OptionalDate,
    compact_combo,
    error_text,
    refusal_text as rules_text,
)
from desktop.ui.save_flow import SaveFlow

FOLLOW_UP_DAYS = 14
HITS = 30
KINDS = ("offer", "unit", "external")
MUTED = QColor("#646a73")
SLIP_STYLE = "QPushButton:disabled { color: #9aa0a8; }"
ERROR_STYLE = "color: #b3261e;"


def write_slip(ref, offer, provider, client, language: str, contact=None) -> Path:
    """(worker) The referral slip as a PDF in a fresh temporary folder (desktop.referral_slip:
    German and the client's language side by side). *contact*: who referred, as the slip
    names them (``desktop.store.referrals.contact``: the name colleagues see, not the login)."""
    from desktop import referral_slip

    path = Path(tempfile.mkdtemp(prefix="mia-slip-")) / "verweisungszettel.pdf"
    return Path(
        referral_slip.print_slip(ref, offer, provider, client, language, path, contact=contact)
    )


def client_language(languages: Sequence[LanguageSkill]) -> str:
    """The language the client needs: the one with an interpreter need, else the first that
    is not German."""
    skill = next((s for s in languages if s.interpreter_needed), None)
    skill = skill or next((s for s in languages if s.code != "de"), None)
    return skill.code if skill is not None else ""


class ReferralDialog(SaveFlow, QDialog):
    """Make one referral for one client (see the module)."""

    slip_written = Signal(object)  # the slip's PDF (Path), once written

    def __init__(
        self,
        ctx,
        client_id: str,
        client_name: str,
        *,
        topics: Sequence[str] = (),
        language: str = "",
        location: str = "",
        consultation_id: str | None = None,
        collect: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx, self.client_id, self.client_name = ctx, client_id, client_name
        self.collect, self.consultation_id = collect, consultation_id
        self.data: referral_store.ReferralContext | None = None
        self.hits_shown: list[Hit] = []
        self.result_referral: Referral | None = None
        self.result_task: Task | None = None
        self._saving = False
        self._prefill = (topics[0] if topics else "", language, location)
        self.setObjectName("referralDialog")
        self._make_widgets()
        self._make_layout()
        self._connect()
        self.retranslateUi()
        self._kind_changed()
        self.topic.setFocus()  # the need first: it ranks the directory
        self.ctx.ops.read(
            referral_store.context,
            ctx.store,
            client_id,
            ctx.settings.user_name,
            on_done=self._loaded,
            key=f"ref:{id(self)}",
        )

    # --- construction -----------------------------------------------------------------------

    def _make_widgets(self) -> None:
        topic, language, location = self._prefill
        self.topic = compact_combo(CatalogCombo("topic", allow_empty=True), 18)
        self.topic.setObjectName("needTopic")
        self.topic.set_code(topic)
        self.language = compact_combo(
            CatalogCombo("language", allow_empty=True, common_first=True), 14
        )
        self.language.setObjectName("needLanguage")
        self.language.set_code(language)
        self.location = compact_combo(CatalogCombo("location", allow_empty=True), 18)
        self.location.setObjectName("needLocation")
        self.location.set_code(location or self.ctx.settings.location_for(self.ctx.today()))
        self.kind_buttons = QButtonGroup(self)
        self.kind_radios = {k: QRadioButton(objectName=f"kind_{k}") for k in KINDS}
        for i, k in enumerate(KINDS):
            self.kind_buttons.addButton(self.kind_radios[k], i)
        self.kind_radios["offer"].setChecked(True)
        self.search = QLineEdit(objectName="offerSearch")
        self.search.setClearButtonEnabled(True)
        self.hits = QTableWidget(0, 3, objectName="offerHits")
        self.hits.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hits.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hits.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hits.setTabKeyNavigation(False)  # Tab leaves the list, arrows move in it
        self.hits.verticalHeader().hide()
        self.hits.setWordWrap(False)
        header = self.hits.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.hits.setColumnWidth(1, 250)
        self.hits.verticalHeader().setDefaultSectionSize(self.hits.fontMetrics().height() + 8)
        self.hits.setMinimumHeight(150)
        self.unit = compact_combo(CatalogCombo("unit"), 18)
        self.unit.setObjectName("targetUnit")
        self.external = QLineEdit(objectName="targetExternal")
        self.external.setMaxLength(200)
        self.reason = QLineEdit(objectName="reason")
        self.reason.setMaxLength(2000)
        self.contact_group = QButtonGroup(self)
        self.by_client = QRadioButton(objectName="contactClient")
        self.by_agency = QRadioButton(objectName="contactAgency")
        self.contact_group.addButton(self.by_client)
        self.contact_group.addButton(self.by_agency)
        self.by_client.setChecked(True)
        self.consent = QComboBox(objectName="consentChooser")
        self.consent_note = QLabel(objectName="consentNote", wordWrap=True)
        self.follow = OptionalDate("")
        self.follow.setObjectName("followUp")
        due = self.ctx.today() + dt.timedelta(days=FOLLOW_UP_DAYS)
        self.follow.set_value(due)
        self.follow_who = QLabel(objectName="followWho")
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
        self.save_button.setEnabled(False)  # until the directory and consents are read
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)

    def _make_layout(self) -> None:
        self.header = QLabel(self.client_name, objectName="sectionTitle")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.need_box = QGroupBox()
        need = QHBoxLayout(self.need_box)
        self.labels: dict[str, QLabel] = {}
        for name, widget in (
            ("topic", self.topic),
            ("language", self.language),
            ("location", self.location),
        ):
            label = self.labels[name] = QLabel()
            label.setBuddy(widget)
            need.addWidget(label)
            need.addWidget(widget, 1)

        self.target_box = QGroupBox()
        target = QVBoxLayout(self.target_box)
        kinds = QHBoxLayout()
        for k in KINDS:
            kinds.addWidget(self.kind_radios[k])
        kinds.addStretch(1)
        target.addLayout(kinds)
        self.stack = QStackedWidget(objectName="targetStack")
        offer_page = QWidget()
        o = QVBoxLayout(offer_page)
        o.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.labels["search"] = QLabel(buddy=self.search)
        row.addWidget(self.labels["search"])
        row.addWidget(self.search, 1)
        o.addLayout(row)
        o.addWidget(self.hits, 1)
        unit_page, external_page = QWidget(), QWidget()
        for page, name, widget in (
            (unit_page, "unit", self.unit),
            (external_page, "external", self.external),
        ):
            lay = QHBoxLayout(page)
            lay.setContentsMargins(0, 0, 0, 0)
            self.labels[name] = QLabel(buddy=widget)
            lay.addWidget(self.labels[name])
            lay.addWidget(widget, 1)
            lay.setAlignment(Qt.AlignmentFlag.AlignTop)
        for page in (offer_page, unit_page, external_page):
            self.stack.addWidget(page)
        target.addWidget(self.stack, 1)

        self.details_box = QGroupBox()
        grid = QGridLayout(self.details_box)
        grid.setColumnStretch(1, 1)
        self.labels["reason"] = QLabel(buddy=self.reason)
        grid.addWidget(self.labels["reason"], 0, 0)
        grid.addWidget(self.reason, 0, 1)
        self.reason_error = ErrorLabel()
        grid.addWidget(self.reason_error, 1, 1)
        self.labels["contact"] = QLabel(buddy=self.by_client)
        grid.addWidget(self.labels["contact"], 2, 0, Qt.AlignmentFlag.AlignTop)
        contact = QVBoxLayout()
        contact.addWidget(self.by_client)
        contact.addWidget(self.by_agency)
        grid.addLayout(contact, 2, 1)
        self.labels["consent"] = QLabel(buddy=self.consent)
        grid.addWidget(self.labels["consent"], 3, 0)
        grid.addWidget(self.consent, 3, 1)
        grid.addWidget(self.consent_note, 4, 1)
        follow = QHBoxLayout()
        follow.addWidget(self.follow)
        follow.addWidget(self.follow_who, 1)
        grid.addLayout(follow, 5, 0, 1, 2)

        foot = QHBoxLayout()
        foot.addWidget(self.slip_button)
        foot.addStretch(1)
        foot.addWidget(self.buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(self.need_box)
        lay.addWidget(self.target_box, 1)
        lay.addWidget(self.details_box)
        lay.addWidget(self.form_error)
        lay.addLayout(foot)
        chain = [
            self.topic, self.language, self.location, *self.kind_radios.values(), self.search,
            self.hits, self.unit, self.external, self.reason, self.by_client, self.by_agency,
            self.consent, self.follow.check, self.follow.edit, self.slip_button,
            self.save_button, self.cancel_button,
        ]  # fmt: skip
        for a, b in itertools.pairwise(chain):
            self.setTabOrder(a, b)
        self.resize(940, 690)

    def _connect(self) -> None:
        for combo in (self.topic, self.language, self.location):
            combo.currentIndexChanged.connect(self._search)
        self.search.textChanged.connect(self._search)
        self.kind_buttons.idToggled.connect(lambda _i, on: on and self._kind_changed())
        self.hits.currentCellChanged.connect(lambda *_a: self._target_changed())
        self.unit.currentIndexChanged.connect(lambda _i: self._target_changed())
        self.external.textChanged.connect(lambda _t: self._target_changed())
        self.by_agency.toggled.connect(lambda _on: self._target_changed())
        self.slip_button.clicked.connect(self.print_slip)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        install_save_keys(self, self.save)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Verweisung – {name}").format(name=self.client_name))
        self.need_box.setTitle(self.tr("Bedarf"))
        self.hits.setHorizontalHeaderLabels(
            [self.tr("Angebot"), self.tr("Träger"), self.tr("Passung")]
        )
        self.target_box.setTitle(self.tr("Verweisen an"))
        self.details_box.setTitle(self.tr("Verweisung"))
        for name, text in (
            ("topic", self.tr("T&hema")),
            ("language", self.tr("S&prache")),
            ("location", self.tr("&Ort")),
            ("search", self.tr("Su&chen")),
            ("unit", self.tr("Sach&gebiet")),
            ("external", self.tr("&Stelle")),
            ("reason", self.tr("&Anlass")),
            ("contact", self.tr("Kontakt")),
            ("consent", self.tr("&Einwilligung")),
        ):
            self.labels[name].setText(text)
        self.kind_radios["offer"].setText(self.tr("Angebot aus dem &Verzeichnis"))
        self.kind_radios["unit"].setText(self.tr("Sachgebiet im &Haus"))
        self.kind_radios["external"].setText(self.tr("andere Stelle (&frei)"))
        self.search.setPlaceholderText(self.tr("Name, Träger oder Stichwort"))
        self.external.setPlaceholderText(self.tr("Name der Stelle, z. B. Diakonie Zeitz"))
        self.reason.setPlaceholderText(self.tr("Wofür wird die Person verwiesen?"))
        self.by_client.setText(self.tr("Die Person meldet sich selbst (mit Verweisungszettel)"))
        self.by_agency.setText(
            self.tr("Die MiA nimmt Kontakt auf und gibt Daten der Person weiter")
        )
        self.follow.check.setText(self.tr("&Wiedervorlage am"))
        self.follow_who.setText(
            self.tr("für {user}: Ergebnis der Verweisung prüfen").format(
                user=self.ctx.settings.user_name
            )
        )
        self.slip_button.setText(self.tr("Verweisungszettel &drucken"))
        self.slip_button.setToolTip(
            self.tr("Den Verweisungszettel für die Person drucken (Deutsch und ihre Sprache)")
        )
        self.save_button.setText(self.tr("Übernehmen") if self.collect else self.tr("Speichern"))
        self.save_button.setToolTip(self.tr("Strg+Eingabe"))
        self.cancel_button.setText(self.tr("Abbrechen"))
        self._target_changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- the directory and the consents --------------------------------------------------------

    def _loaded(self, data: referral_store.ReferralContext) -> None:
        if not shiboken6.isValid(self):
            return
        self.data = data
        if data.client is not None and not self.language.code():
            self.language.set_code(client_language(data.client.languages))
        self.save_button.setEnabled(True)
        self._search()

    def need(self) -> Need:
        target_group = self.data.client.target_group if self.data and self.data.client else ""
        return Need(
            self.topic.code(),
            self.language.code(),
            self.location.code(),
            str(target_group or ""),
            self.search.text().strip(),
        )

    def _search(self, *_args) -> None:
        """Rank the directory for the need (pure Python over the loaded index: no store)."""
        if self.data is None:
            return
        current = self.selected_offer()
        self.hits_shown = self.data.index.search(self.need(), self.ctx.today(), limit=HITS)
        self.hits.blockSignals(True)
        self.hits.setRowCount(len(self.hits_shown))
        for row, hit in enumerate(self.hits_shown):
            provider = self.data.index.providers.get(hit.offer.provider_id, "")
            reasons = " · ".join(hit.reasons) or self.tr("passt")
            for col, text in enumerate((hit.offer.name, provider, reasons)):
                item = QTableWidgetItem(text)
                item.setToolTip(hit.offer.description or hit.offer.name)
                if col == 2 and (hit.stale or hit.language_fit == "german"):
                    item.setForeground(QBrush(MUTED))
                self.hits.setItem(row, col, item)
        row = next(
            (i for i, h in enumerate(self.hits_shown) if current and h.offer.id == current.id), 0
        )
        self.hits.setCurrentCell(row if self.hits_shown else -1, 0)
        self.hits.blockSignals(False)
        self._target_changed()

    def selected_offer(self) -> Offer | None:
        row = self.hits.currentRow()
        return self.hits_shown[row].offer if 0 <= row < len(self.hits_shown) else None

    def kind(self) -> str:
        return KINDS[max(0, self.kind_buttons.checkedId())]

    def _kind_changed(self) -> None:
        self.stack.setCurrentIndex(KINDS.index(self.kind()))
        self._target_changed()

    # --- the referral as entered ------------------------------------------------------------

    def _provider(self, offer: Offer | None) -> Provider | None:
        if offer is None or self.data is None:
            return None
        return self.data.providers.get(offer.provider_id)

    def build(self) -> tuple[Referral, Offer | None, Provider | None]:
        """The referral as entered (not yet checked), with its offer and provider."""
        kind, offer = self.kind(), None
        ref = Referral(
            client_id=self.client_id,
            target="",
            reason=self.reason.text().strip(),
            referred_on=self.ctx.today(),
            consultation_id=self.consultation_id,
            target_kind=kind,
            topic=self.topic.code(),
            language=self.language.code(),
            location=self.location.code(),
            contact_by="agency" if self.by_agency.isChecked() else "client",
            referred_by=self.ctx.settings.user_name,
            referring_unit=self.ctx.settings.unit,
        )
        if kind == "offer":
            offer = self.selected_offer()
            ref.offer_id = offer.id if offer is not None else None
            ref.target = offer.name if offer is not None else ""
        elif kind == "unit":
            ref.unit = ref.target = self.unit.code()
        else:
            ref.target = " ".join(self.external.text().split())
        if self.consent.isEnabled() and self.consent.currentData():
            ref.consent_id = self.consent.currentData()
        return ref, offer, self._provider(offer)

    def _target_changed(self) -> None:
        """Offer the consents that carry the referral, or say why none is needed or none fits."""
        if not hasattr(self, "consent_note"):
            return
        ref, offer, provider = self.build()
        # the slip shows the offer's address, hours and what to bring: an offer is needed
        self.slip_button.setEnabled(offer is not None)
        chosen = self.consent.currentData()
        self.consent.blockSignals(True)
        self.consent.clear()
        needed = referrals.needs_consent(ref, provider)
        fitting = (
            referrals.fitting_consents(ref, provider, self.data.consents)
            if needed and self.data is not None
            else []
        )
        for c in fitting:
            until = date_text(c.valid_until) if c.valid_until else self.tr("unbefristet")
            self.consent.addItem(
                self.tr("vom {given}, gültig bis {until} – {purpose}").format(
                    given=date_text(c.given_on), until=until, purpose=c.purpose
                ),
                c.id,
            )
        index = self.consent.findData(chosen)
        self.consent.setCurrentIndex(max(0, index))
        self.consent.blockSignals(False)
        self.consent.setEnabled(bool(fitting))
        self.consent_note.setStyleSheet("")
        if not needed:
            self.consent_note.setText(
                self.tr("Keine Einwilligung nötig: Es werden keine Daten außer Haus gegeben.")
            )
        elif fitting:
            self.consent_note.setText(
                self.tr("Die Einwilligung nennt „{recipient}“ und erlaubt die Weitergabe.").format(
                    recipient=referrals.recipient(ref, provider)
                )
            )
        elif ref.target.strip():
            self.consent_note.setText(self._missing_text(ref, provider))
            self.consent_note.setStyleSheet(ERROR_STYLE)
        else:
            self.consent_note.setText("")

    def _missing_text(self, ref: Referral, provider: Provider | None) -> str:
        name = referrals.recipient(ref, provider) or ref.target
        return self.tr(
            "Für die Weitergabe an „{recipient}“ fehlt eine Einwilligung der Person. Bitte "
            "zuerst die Einwilligung erfassen (Reiter „Einwilligungen“) oder „Die Person "
            "meldet sich selbst“ wählen."
        ).format(recipient=" ".join(name.split()))

    def follow_up(self, ref: Referral) -> Task | None:
        due = self.follow.value()
        if due is None:
            return None
        return Task(
            client_id=self.client_id,
            due_date=due,
            text=self.tr("Verweisung an {target}: Ergebnis prüfen").format(target=ref.target)[
                :2000
            ],
            assignee=self.ctx.settings.user_name,
            assignee_unit=self.ctx.settings.unit,
            consultation_id=self.consultation_id,
        )

    # --- saving -------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Why the referral as entered cannot be saved, in German (empty: it can)."""
        ref, offer, provider = self.build()
        out = []
        refused = self.ctx.permissions.refusal("referral", None, codec.encode(ref))
        if refused is not None:
            return [rules_text(refused)]
        if self.kind() == "offer" and offer is None:
            out.append(self.tr("Bitte ein Angebot aus der Liste wählen."))
        elif self.kind() == "external" and not ref.target:
            out.append(self.tr("Bitte den Namen der Stelle angeben."))
        errors = [
            e
            for e in validation.validate(ref, self.ctx.today())
            if e.field not in ("target", "offer_id")
        ]
        out += [error_text(e) for e in errors]
        if self.data is not None:
            found = referrals.consent_refusal(ref, offer, provider, self.data.consents)
            if found is not None and ref.target:
                # the note under the consent chooser says why and what to do
                out.append(self.tr("Nicht gespeichert: Die Einwilligung fehlt (siehe oben)."))
        return out

    def save(self) -> None:
        if self._saving or self.data is None:
            return
        problems = self.problems()
        self.form_error.show_errors(problems)
        if problems:
            return
        ref, _offer, _provider = self.build()
        task = self.follow_up(ref)
        if self.collect:
            self.result_referral, self.result_task = ref, task
            self.accept()
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.ops.write(
            referral_store.add,
            self.ctx.store,
            ref,
            task,
            on_done=lambda _id: self._saved(ref, task),
            on_error=self._failed,
        )

    def _saved(self, ref: Referral, task: Task | None) -> None:
        self.result_referral, self.result_task = ref, task
        if shiboken6.isValid(self):
            self._saving = False
            self.accept()

    def _special_failure(self, exc: Exception) -> bool:
        if not isinstance(exc, referral_store.ReferralRefused):
            return False
        ref, _offer, provider = self.build()
        self.form_error.show_errors([self._missing_text(ref, provider)])
        return True

    def _failure_text(self, exc: Exception) -> str:
        return self.tr(
            "Speichern fehlgeschlagen. Die Eingaben bleiben erhalten – bitte erneut versuchen."
        )

    def print_slip(self) -> None:
        """The referral slip for the offer chosen (German and the client's language), written
        on a worker of the operation layer and opened for printing; the form stays as it is."""
        if self.data is None:
            return
        ref, offer, provider = self.build()
        if offer is None:
            return
        self.ctx.ops.read(
            write_slip,
            ref,
            offer,
            provider,
            self.data.client,
            ref.language,
            self.data.contact,
            key="referral_slip",
            on_done=self._slip_written,
            on_error=self._slip_failed,
        )

    def _slip_written(self, path: Path) -> None:
        self.slip_written.emit(path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _slip_failed(self, exc: Exception) -> None:
        QMessageBox.warning(self, self.tr("Drucken fehlgeschlagen"), f"{type(exc).__name__}: {exc}")

    def is_dirty(self) -> bool:
        """Esc asks (SaveFlow.reject) once a reason or an external target is typed."""
        return bool(self.reason.text().strip() or self.external.text().strip())
