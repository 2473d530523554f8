"""The maintainers' dialogs of the directory: an offer (what, for whom, languages, places,
times, contact, verification) and a provider.

Only the maintainers of the access rules get here (desktop.ui.directory_view offers the
buttons to them alone); the dialog asks the rules again before it saves, and the server is the
gate. An edit saves only what the user changed (desktop.store.offers). Bad input is shown in
German beside its field (casefile.validation), on the tab it is on; nothing typed is lost.
"""

from __future__ import annotations

import dataclasses

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile import codec, validation
from casefile.records import Offer, Provider
from desktop.store import offers as store_offers
from desktop.ui.context import AppContext
from desktop.ui.form_keys import Answer, FormState, ask_discard, install_save_keys
from desktop.ui.formatting import date_text
from desktop.ui.forms import (
    CatalogCheckList,
    CatalogCombo,
    ErrorLabel,
    FormErrors,
    compact_combo,
    error_text,
    refusal_text,
)
from desktop.ui.offer_rows import HoursRow, LanguageRow, PlaceRow, RowList

ERROR_STYLE = """
QLabel#fieldError { color: #b3261e; }
QLabel#saveError { color: #8c1d18; font-weight: 600; }
*[invalid="true"] { border: 1px solid #b3261e; border-radius: 3px; }
"""


def _text_edit(name: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(objectName=name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class _RecordDialog(QDialog):
    """What both dialogs share: fields with their error labels, the save through the writer,
    the rules asked first, Ctrl+Enter."""

    saved = Signal(str)
    kind = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.errors = FormErrors()
        self.snapshot: store_offers.Snapshot | None = None
        self.setStyleSheet(ERROR_STYLE)
        self.save_error = QLabel(objectName="saveError", wordWrap=True, visible=False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setStyleSheet("font-weight: 600;")
        self.save_button.setText(self.tr("Speichern"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        install_save_keys(self, self.save)
        self.form_state: FormState | None = None  # set once the fields show what is stored

    def mark_clean(self) -> None:
        """The fields now show what is stored (or a new, empty record)."""
        self.form_state = FormState(self)

    def reject(self) -> None:
        """Esc or Abbrechen: typed input is thrown away only when the user says so."""
        dirty = self.form_state is not None and self.form_state.is_dirty()
        if dirty and ask_discard(self) is not Answer.DISCARD:
            return
        super().reject()

    def _field(self, form: QFormLayout, label: str, name: str, widget: QWidget) -> QWidget:
        """A labelled field with its error label below (for *name*, a record field)."""
        error = ErrorLabel()
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(widget)
        lay.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, box)
        self.errors.register(name, widget, error)
        return widget

    def record(self):
        raise NotImplementedError

    def store_call(self):
        raise NotImplementedError

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.save_error.hide()
        record = self.record()
        before = self.snapshot.fields if self.snapshot is not None else None
        refusal = self.ctx.permissions.refusal(self.kind, before, codec.encode(record))
        if refusal is not None:
            self._fail(refusal_text(refusal))
            return
        errors = validation.validate(record, self.ctx.today())
        if errors:
            self._show_errors(errors)
            return
        self.errors.clear()
        self.save_button.setEnabled(False)
        self.ctx.ops.write(
            self.store_call(),
            self.ctx.store,
            record,
            self.snapshot,
            on_done=lambda _changed: self._saved(record),
            on_error=self._failed,
        )

    def _show_errors(self, errors: list[validation.FieldError]) -> None:
        rest = self.errors.show(errors)
        self._fail(
            "\n".join(
                [self.tr("Bitte die markierten Angaben prüfen.")] + [error_text(e) for e in rest]
            )
        )

    def _saved(self, record) -> None:
        if shiboken6.isValid(self):
            self.saved.emit(record.id)
            self.accept()

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, validation.ValidationError):
            self._show_errors(exc.errors)
            return
        self._fail(
            self.tr(
                "Speichern fehlgeschlagen. Die Eingaben bleiben erhalten – bitte erneut versuchen."
            )
        )

    def _fail(self, text: str) -> None:
        self.save_error.setText(text)
        self.save_error.show()


class ProviderDialog(_RecordDialog):
    """A provider (organisation) of offers: name, contact, address, and the unit if it is one
    under the one roof."""

    kind = "provider"

    def __init__(
        self, ctx: AppContext, provider_id: str | None = None, parent: QWidget | None = None
    ):
        super().__init__(ctx, parent)
        self.setObjectName("providerDialog")
        self.provider_id = provider_id
        form = QFormLayout()
        self.name = self._field(
            form, self.tr("&Name"), "name", QLineEdit(objectName="providerName", maxLength=200)
        )
        self.description = self._field(
            form, self.tr("&Beschreibung"), "description", _text_edit("providerDescription")
        )
        self.address = self._field(
            form, self.tr("&Anschrift"), "address", QLineEdit(objectName="providerAddress")
        )
        self.phone = self._field(
            form, self.tr("&Telefon"), "phone", QLineEdit(objectName="providerPhone")
        )
        self.email = self._field(
            form, self.tr("&E-Mail"), "email", QLineEdit(objectName="providerEmail")
        )
        self.website = self._field(
            form, self.tr("&Webseite"), "website", QLineEdit(objectName="providerWebsite")
        )
        self.unit = self._field(
            form,
            self.tr("Sachgebiet (&unter einem Dach)"),
            "unit",
            CatalogCombo("unit", allow_empty=True),
        )
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.save_error)
        lay.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Neuer Träger") if provider_id is None else self.tr("Träger"))
        self.setMinimumWidth(520)
        if provider_id is None:
            self.mark_clean()
        else:
            self.save_button.setEnabled(False)
            ctx.ops.read(
                store_offers.snapshot, ctx.store, Provider, provider_id, on_done=self._loaded
            )
        self.name.setFocus()

    def _loaded(self, snap) -> None:
        self.save_button.setEnabled(True)
        if snap is None:
            self._fail(self.tr("Dieser Träger ist auf diesem Gerät nicht (mehr) vorhanden."))
            self.save_button.setEnabled(False)
            return
        self.snapshot = snap
        p: Provider = snap.record
        self.setWindowTitle(self.tr("Träger – {name}").format(name=p.name))
        self.name.setText(p.name)
        self.description.setPlainText(p.description)
        self.address.setText(p.address)
        self.phone.setText(p.phone)
        self.email.setText(p.email)
        self.website.setText(p.website)
        self.unit.set_code(p.unit)
        self.mark_clean()

    def record(self) -> Provider:
        base = self.snapshot.record if self.snapshot is not None else Provider(name="")
        return dataclasses.replace(
            base,
            name=self.name.text().strip(),
            description=self.description.toPlainText().strip(),
            address=self.address.text().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            website=self.website.text().strip(),
            unit=self.unit.code(),
        )

    def store_call(self):
        return store_offers.save_provider


class OfferDialog(_RecordDialog):
    """An offer of the directory, on four tabs (what and for whom; languages and places; times;
    contact and verification); "Geprüft heute" records that it was checked with the provider;
    an offer is never deleted, it is deactivated."""

    kind = "offer"

    def __init__(
        self,
        ctx: AppContext,
        directory: store_offers.Directory,
        offer_id: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(ctx, parent)
        self.setObjectName("offerDialog")
        self.directory = directory
        self.offer_id = offer_id
        self.verified: tuple = (None, "")
        self.tabs = QTabWidget(objectName="offerTabs")

        # 1 -- what, by whom, for whom
        what = QFormLayout()
        self.provider = QComboBox(objectName="offerProvider")
        self.provider_new = QPushButton(self.tr("Neuer Trä&ger …"), autoDefault=False)
        self.provider_edit = QPushButton(self.tr("Träger ände&rn …"), autoDefault=False)
        provider_row = QHBoxLayout()
        provider_row.setContentsMargins(0, 0, 0, 0)
        provider_row.addWidget(self.provider, 1)
        provider_row.addWidget(self.provider_new)
        provider_row.addWidget(self.provider_edit)
        provider_box = QWidget()
        provider_box.setLayout(provider_row)
        provider_error = ErrorLabel()
        caption = QLabel(self.tr("&Träger"))
        caption.setBuddy(self.provider)
        what.addRow(caption, provider_box)
        what.addRow("", provider_error)
        self.errors.register("provider_id", self.provider, provider_error)
        self.name = self._field(
            what, self.tr("&Name"), "name", QLineEdit(objectName="offerName", maxLength=200)
        )
        self.topics = self._field(
            what, self.tr("T&hemen"), "topics", CatalogCheckList("topic", columns=3)
        )
        self.topics.setObjectName("offerTopics")
        self.topics.setFixedHeight(96)
        self.target_groups = self._field(
            what,
            self.tr("&Zielgruppen (keine = alle)"),
            "target_groups",
            CatalogCheckList("target_group", columns=2),
        )
        self.target_groups.setObjectName("offerTargetGroups")
        self.target_groups.setFixedHeight(56)
        self.description = self._field(
            what, self.tr("&Beschreibung"), "description", _text_edit("offerDescription", 3)
        )
        self.eligibility = self._field(
            what, self.tr("&Voraussetzungen"), "eligibility", _text_edit("offerEligibility", 2)
        )
        self.tabs.addTab(self._page(what), self.tr("Angebot"))

        # 2 -- languages and places
        where = QVBoxLayout()
        self.languages = RowList(LanguageRow, self.tr("Sprache &hinzufügen"))
        self.places = RowList(PlaceRow, self.tr("Ort hin&zufügen"))
        for title, name, rows in (
            (self.tr("Sprachen (mit Hinweis, z. B. Sprachmittlung)"), "languages", self.languages),
            (self.tr("Orte"), "places", self.places),
        ):
            heading = QLabel(f"<b>{title}</b>")
            error = ErrorLabel()
            where.addWidget(heading)
            where.addWidget(error)
            where.addWidget(rows)
            self.errors.register(name, rows.add_button, error)
        where.addStretch(1)
        self.tabs.addTab(self._page(where), self.tr("Sprachen und Orte"))

        # 3 -- times
        when = QVBoxLayout()
        self.appointment_only = QCheckBox(
            self.tr("Nur nach &Terminvereinbarung"), objectName="offerAppointmentOnly"
        )
        self.hours = RowList(HoursRow, self.tr("&Zeit hinzufügen"))
        hours_error = ErrorLabel()
        when.addWidget(self.appointment_only)
        when.addWidget(
            QLabel(
                self.tr(
                    "Wochentage ankreuzen und Uhrzeiten wählen – die Regel wird daraus gebildet. "
                    "Andere Rhythmen als Regel eintragen (z. B. FREQ=MONTHLY;BYDAY=1TU: jeden "
                    "ersten Dienstag im Monat)."
                ),
                wordWrap=True,
            )
        )
        when.addWidget(hours_error)
        when.addWidget(self.hours)
        when.addStretch(1)
        self.errors.register("hours", self.hours.add_button, hours_error)
        self.tabs.addTab(self._page(when), self.tr("Zeiten"))

        # 4 -- contact, cost, verification, active
        contact = QFormLayout()
        self.contact_name = self._field(
            contact,
            self.tr("&Ansprechperson"),
            "contact_name",
            QLineEdit(objectName="offerContactName"),
        )
        self.phone = self._field(
            contact, self.tr("&Telefon"), "phone", QLineEdit(objectName="offerPhone")
        )
        self.email = self._field(
            contact, self.tr("&E-Mail"), "email", QLineEdit(objectName="offerEmail")
        )
        self.website = self._field(
            contact, self.tr("&Webseite"), "website", QLineEdit(objectName="offerWebsite")
        )
        self.cost = self._field(
            contact, self.tr("&Kosten"), "cost", QLineEdit(objectName="offerCost", maxLength=500)
        )
        self.cost.setPlaceholderText(self.tr("leer = kostenlos"))
        self.accessibility = self._field(
            contact,
            self.tr("&Barrierefreiheit"),
            "accessibility",
            QLineEdit(objectName="offerAccessibility"),
        )
        self.what_to_bring = self._field(
            contact,
            self.tr("&Mitzubringen"),
            "what_to_bring",
            _text_edit("offerWhatToBring", 2),
        )
        self.verified_label = QLabel(objectName="offerVerified")
        self.verify_button = QPushButton(
            self.tr("&Geprüft heute"), objectName="offerVerifyToday", autoDefault=False
        )
        verify_row = QHBoxLayout()
        verify_row.setContentsMargins(0, 0, 0, 0)
        verify_row.addWidget(self.verified_label, 1)
        verify_row.addWidget(self.verify_button)
        verify_box = QWidget()
        verify_box.setLayout(verify_row)
        verify_error = ErrorLabel()
        contact.addRow(self.tr("Geprüft"), verify_box)
        contact.addRow("", verify_error)
        self.errors.register("verified_on", self.verify_button, verify_error)
        self.active = QCheckBox(
            self.tr("&Deaktiviert (erscheint nicht mehr in der Suche; wird nie gelöscht)"),
            objectName="offerInactive",
        )
        contact.addRow("", self.active)
        self.tabs.addTab(self._page(contact), self.tr("Kontakt und Prüfung"))

        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.save_error)
        lay.addWidget(self.buttons)
        self.resize(900, 640)
        self.provider_new.clicked.connect(lambda: self._provider_dialog(None))
        self.provider_edit.clicked.connect(
            lambda: self._provider_dialog(self.provider.currentData() or None)
        )
        self.verify_button.clicked.connect(self.verify_today)
        self._fill_providers(directory)
        if offer_id is None:
            self.setWindowTitle(self.tr("Neues Angebot"))
            self.languages.add()
            self.places.add()
            self.hours.add()
            self._show_verified()
            self.mark_clean()
        else:
            self.setWindowTitle(self.tr("Angebot bearbeiten"))
            self.save_button.setEnabled(False)
            ctx.ops.read(store_offers.snapshot, ctx.store, Offer, offer_id, on_done=self._loaded)
        self.provider.setFocus()

    def _page(self, layout) -> QScrollArea:
        inner = QWidget()
        if isinstance(layout, QFormLayout):  # rows as tall as their fields, the rest below
            outer = QVBoxLayout(inner)
            outer.addLayout(layout)
            outer.addStretch(1)
        else:
            inner.setLayout(layout)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(inner)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        return area

    # --- providers ---------------------------------------------------------------------------

    def _fill_providers(self, directory: store_offers.Directory, select: str = "") -> None:
        current = select or self.provider.currentData() or ""
        self.provider.clear()
        self.provider.addItem(self.tr("— bitte wählen —"), "")
        for p in sorted(directory.providers.values(), key=lambda p: p.name.casefold()):
            self.provider.addItem(p.name, p.id)
        index = self.provider.findData(current)
        self.provider.setCurrentIndex(max(index, 0))
        compact_combo(self.provider, 24)  # long names: the popup shows them whole

    def _provider_dialog(self, provider_id: str | None) -> None:
        dialog = ProviderDialog(self.ctx, provider_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._provider_saved)
        dialog.open()
        self.provider_dialog = dialog

    def _provider_saved(self, provider_id: str) -> None:
        self.ctx.ops.read(
            store_offers.load,
            self.ctx.store,
            on_done=lambda d: self._providers_reloaded(d, provider_id),
        )

    def _providers_reloaded(self, directory, provider_id: str) -> None:
        self.directory = directory
        self._fill_providers(directory, provider_id)
        self.provider.setFocus()

    # --- loading ----------------------------------------------------------------------------

    def _loaded(self, snap) -> None:
        self.save_button.setEnabled(True)
        if snap is None:
            self._fail(self.tr("Dieses Angebot ist auf diesem Gerät nicht (mehr) vorhanden."))
            self.save_button.setEnabled(False)
            return
        self.snapshot = snap
        o: Offer = snap.record
        self.setWindowTitle(self.tr("Angebot – {name}").format(name=o.name))
        self._fill_providers(self.directory, o.provider_id)
        self.name.setText(o.name)
        self.topics.set_codes(o.topics)
        self.target_groups.set_codes(o.target_groups)
        self.description.setPlainText(o.description)
        self.eligibility.setPlainText(o.eligibility)
        self.languages.set_values(o.languages)
        self.places.set_values(o.places)
        self.hours.set_values(o.hours)
        self.appointment_only.setChecked(o.appointment_only)
        self.contact_name.setText(o.contact_name)
        self.phone.setText(o.phone)
        self.email.setText(o.email)
        self.website.setText(o.website)
        self.cost.setText(o.cost)
        self.accessibility.setText(o.accessibility)
        self.what_to_bring.setPlainText(o.what_to_bring)
        self.verified = (o.verified_on, o.verified_by)
        self.active.setChecked(not o.active)
        self._show_verified()
        self.mark_clean()

    # --- verification ---------------------------------------------------------------------------

    def verify_today(self) -> None:
        """ "Geprüft heute": the entry was checked with the provider today, by this user."""
        self.verified = (self.ctx.today(), self.ctx.settings.user_name)
        self._show_verified()

    def _show_verified(self) -> None:
        on, by = self.verified
        if on is None:
            self.verified_label.setText(self.tr("noch nie geprüft"))
        else:
            self.verified_label.setText(
                self.tr("am {date} von {who}").format(date=date_text(on), who=by or "—")
            )

    # --- the record ---------------------------------------------------------------------------

    def record(self) -> Offer:
        base = self.snapshot.record if self.snapshot is not None else Offer(provider_id="", name="")
        on, by = self.verified
        return dataclasses.replace(
            base,
            provider_id=self.provider.currentData() or "",
            name=self.name.text().strip(),
            topics=self.topics.codes(),
            target_groups=self.target_groups.codes(),
            description=self.description.toPlainText().strip(),
            eligibility=self.eligibility.toPlainText().strip(),
            languages=[x for x in self.languages.values() if x.code],
            places=self.places.values(),
            hours=[h for h in self.hours.values() if h.rrule],
            appointment_only=self.appointment_only.isChecked(),
            contact_name=self.contact_name.text().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            website=self.website.text().strip(),
            cost=self.cost.text().strip(),
            accessibility=self.accessibility.text().strip(),
            what_to_bring=self.what_to_bring.toPlainText().strip(),
            verified_on=on,
            verified_by=by,
            active=not self.active.isChecked(),
        )

    def store_call(self):
        return store_offers.save_offer

    def _show_errors(self, errors) -> None:
        super()._show_errors(errors)
        # The tab of the first field in error comes to the front, its field focused.
        for e in errors:
            widget = self.errors._fields.get(e.field, (None, None))[0]
            if widget is None:
                continue
            for i in range(self.tabs.count()):
                if self.tabs.widget(i).isAncestorOf(widget):
                    self.tabs.setCurrentIndex(i)
                    widget.setFocus()
                    return
