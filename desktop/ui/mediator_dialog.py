"""A member of the language mediators' pool: create, edit, deactivate.

Languages with level, settings (on site, phone, video), the areas covered, availability,
contact, and the vetting items (training, confidentiality declaration, police certificate)
with done-on and valid-until dates. Written by the users the rules let keep the pool.
"""

from __future__ import annotations

import dataclasses
import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile import catalogs, codec, validation
from casefile.records import Mediator, MediatorLanguage, VettingItem
from desktop.store import mediation as pool_store
from desktop.ui.context import AppContext
from desktop.ui.form_keys import install_save_keys
from desktop.ui.forms import (
    CatalogCheckList,
    CatalogCombo,
    ErrorLabel,
    FormErrors,
    OptionalDate,
    catalog_label,
    compact_combo,
    refusal_text,
)
from desktop.ui.save_flow import SaveFailure

ROLE = Qt.ItemDataRole.UserRole


class MediatorDialog(SaveFailure, QDialog):
    """Create (*mediator* None) or edit one pool member."""

    saved = Signal(object)  # the Mediator as written

    def __init__(
        self, ctx: AppContext, mediator: Mediator | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("mediatorDialog")
        self.ctx = ctx
        self.original = mediator
        self.errors = FormErrors()
        self._saving = False
        self._labels: dict[str, QLabel] = {}
        self._make_widgets()
        self._layout()
        if mediator is not None:
            self.set_mediator(mediator)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.add_language.clicked.connect(self._add_language)
        self.remove_language.clicked.connect(self._remove_language)
        install_save_keys(self, self.save)
        self.retranslateUi()
        self.family.setFocus()

    def _make_widgets(self) -> None:
        self.family = QLineEdit(objectName="mediatorFamily", maxLength=200)
        self.given = QLineEdit(objectName="mediatorGiven", maxLength=200)
        self.kind = CatalogCombo("mediator_kind")
        self.kind.setObjectName("mediatorKind")
        self.languages = QListWidget(objectName="mediatorLanguages")
        self.languages.setMaximumHeight(90)
        self.language = compact_combo(CatalogCombo("language", common_first=True), 14)
        self.language.setObjectName("mediatorLanguage")
        self.level = CatalogCombo("language_level")
        self.level.setObjectName("mediatorLevel")
        self.add_language = QPushButton(objectName="mediatorAddLanguage")
        self.add_language.setAutoDefault(False)
        self.remove_language = QPushButton(objectName="mediatorRemoveLanguage")
        self.remove_language.setAutoDefault(False)
        self.settings_ = CatalogCheckList("mediation_setting", columns=3)
        self.settings_.setObjectName("mediatorSettings")
        self.settings_.setMaximumHeight(34)
        self.areas = CatalogCheckList("location", columns=2)
        self.areas.setObjectName("mediatorAreas")
        self.areas.setMinimumHeight(130)
        self.availability = QLineEdit(objectName="mediatorAvailability", maxLength=2000)
        self.phone = QLineEdit(objectName="mediatorPhone", maxLength=60)
        self.email = QLineEdit(objectName="mediatorEmail", maxLength=200)
        self.address = QLineEdit(objectName="mediatorAddress", maxLength=500)
        self.note = QLineEdit(objectName="mediatorNote", maxLength=2000)
        self.active = QCheckBox(objectName="mediatorActive", checked=True)
        self.vetting: dict[str, tuple[QLabel, OptionalDate, OptionalDate]] = {}
        for entry in catalogs.load("vetting_item").entries:
            done, until = OptionalDate(""), OptionalDate("")
            done.setObjectName(f"vetting_{entry.code}_done")
            until.setObjectName(f"vetting_{entry.code}_until")
            self.vetting[entry.code] = (QLabel(), done, until)
        self.form_error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("mediatorSave")
        self.save_button.setDefault(True)

    def _row(self, grid: QGridLayout, row: int, col: int, field: str, widget: QWidget) -> None:
        label = QLabel()
        label.setBuddy(widget)
        grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(widget, row, col + 1)
        err = ErrorLabel()
        grid.addWidget(err, row + 1, col + 1)
        self.errors.register(field, widget, err)
        self._labels[field] = label

    def _layout(self) -> None:
        self.person_box = QGroupBox()
        grid = QGridLayout(self.person_box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._row(grid, 0, 0, "family_name", self.family)
        self._row(grid, 0, 2, "given_names", self.given)
        self._row(grid, 2, 0, "kind", self.kind)
        grid.addWidget(self.active, 2, 3)
        self._row(grid, 4, 0, "phone", self.phone)
        self._row(grid, 4, 2, "email", self.email)
        self._row(grid, 6, 0, "address", self.address)
        self._row(grid, 6, 2, "note", self.note)

        self.work_box = QGroupBox()
        work = QGridLayout(self.work_box)
        work.setColumnStretch(1, 1)
        langs = QWidget()
        l_lay = QGridLayout(langs)
        l_lay.setContentsMargins(0, 0, 0, 0)
        l_lay.addWidget(self.languages, 0, 0, 1, 4)
        l_lay.addWidget(self.language, 1, 0)
        l_lay.addWidget(self.level, 1, 1)
        l_lay.addWidget(self.add_language, 1, 2)
        l_lay.addWidget(self.remove_language, 1, 3)
        self._row(work, 0, 0, "languages", langs)
        self._labels["languages"].setBuddy(self.language)
        self._row(work, 2, 0, "settings", self.settings_)
        self._row(work, 4, 0, "areas", self.areas)
        self._row(work, 6, 0, "availability", self.availability)

        self.vetting_box = QGroupBox()
        vet = QGridLayout(self.vetting_box)
        self.vetting_head = (QLabel(), QLabel())
        vet.addWidget(self.vetting_head[0], 0, 1)
        vet.addWidget(self.vetting_head[1], 0, 2)
        for row, (label, done, until) in enumerate(self.vetting.values(), 1):
            label.setBuddy(done.check)
            vet.addWidget(label, row, 0)
            vet.addWidget(done, row, 1)
            vet.addWidget(until, row, 2)
        vet.addWidget(err := ErrorLabel(), len(self.vetting) + 1, 0, 1, 3)
        self.errors.register("vetting", self.vetting_box, err)

        left = QVBoxLayout()
        left.addWidget(self.person_box)
        left.addWidget(self.vetting_box)
        left.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.work_box, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addWidget(self.form_error)
        lay.addWidget(self.buttons)
        chain: list[QWidget] = [
            self.family,
            self.given,
            self.kind,
            self.active,
            self.phone,
            self.email,
            self.address,
            self.note,
        ]
        for _label, done, until in self.vetting.values():
            chain += [done.check, done.edit, until.check, until.edit]
        chain += [
            self.languages,
            self.language,
            self.level,
            self.add_language,
            self.remove_language,
            self.settings_,
            self.areas,
            self.availability,
            self.save_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for a, b in itertools.pairwise(chain):
            self.setTabOrder(a, b)
        self.resize(1080, 560)

    def retranslateUi(self) -> None:
        self.setWindowTitle(
            self.tr("Sprachmittler:in bearbeiten")
            if self.original is not None
            else self.tr("Neue Sprachmittlerin / neuer Sprachmittler")
        )
        self.person_box.setTitle(self.tr("Person"))
        self.work_box.setTitle(self.tr("Einsatz"))
        self.vetting_box.setTitle(self.tr("Voraussetzungen"))
        self.vetting_head[0].setText(self.tr("erledigt am"))
        self.vetting_head[1].setText(self.tr("gültig bis"))
        for field, text in (
            ("family_name", self.tr("&Familienname")),
            ("given_names", self.tr("&Vorname(n)")),
            ("kind", self.tr("&Art")),
            ("phone", self.tr("&Telefon")),
            ("email", self.tr("E-&Mail")),
            ("address", self.tr("Ans&chrift")),
            ("note", self.tr("&Notiz")),
            ("languages", self.tr("&Sprachen")),
            ("settings", self.tr("Einsat&zarten")),
            ("areas", self.tr("&Gebiete")),
            ("availability", self.tr("Ver&fügbarkeit")),
        ):
            self._labels[field].setText(text)
        self.active.setText(self.tr("a&ktiv im Pool"))
        self.add_language.setText(self.tr("&Hinzufügen"))
        self.remove_language.setText(self.tr("&Entfernen"))
        self.availability.setPlaceholderText(self.tr("z. B. Mo–Mi vormittags, nach Absprache"))
        for code, (label, _d, _u) in self.vetting.items():
            label.setText(catalog_label("vetting_item", code))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        self.save_button.setText(self.tr("Speichern"))

    # --- languages ------------------------------------------------------------------------

    def _language_item(self, lang: MediatorLanguage) -> QListWidgetItem:
        item = QListWidgetItem(
            f"{catalog_label('language', lang.code)} – {catalog_label('language_level', lang.level)}"
        )
        item.setData(ROLE, lang)
        return item

    def _add_language(self) -> None:
        code, level = self.language.code(), self.level.code()
        for i in range(self.languages.count()):
            if self.languages.item(i).data(ROLE).code == code:
                self.languages.takeItem(i)
                break
        self.languages.addItem(self._language_item(MediatorLanguage(code, level)))

    def _remove_language(self) -> None:
        row = self.languages.currentRow()
        if row >= 0:
            self.languages.takeItem(row)

    # --- values ---------------------------------------------------------------------------

    def set_mediator(self, m: Mediator) -> None:
        self.family.setText(m.family_name)
        self.given.setText(m.given_names)
        self.kind.set_code(m.kind)
        self.languages.clear()
        for lang in m.languages:
            self.languages.addItem(self._language_item(lang))
        self.settings_.set_codes(m.settings)
        self.areas.set_codes(m.areas)
        self.availability.setText(m.availability)
        self.phone.setText(m.phone)
        self.email.setText(m.email)
        self.address.setText(m.address)
        self.note.setText(m.note)
        self.active.setChecked(m.active)
        held = {v.item: v for v in m.vetting}
        for code, (_label, done, until) in self.vetting.items():
            v = held.get(code)
            done.set_value(v.done_on if v else None)
            until.set_value(v.valid_until if v else None)

    def mediator(self) -> Mediator:
        vetting = [
            VettingItem(code, done.value(), until.value())
            for code, (_label, done, until) in self.vetting.items()
            if done.value() is not None or until.value() is not None
        ]
        values = dict(
            family_name=self.family.text().strip(),
            given_names=self.given.text().strip(),
            kind=self.kind.code(),
            languages=[self.languages.item(i).data(ROLE) for i in range(self.languages.count())],
            settings=self.settings_.codes(),
            areas=self.areas.codes(),
            availability=self.availability.text().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            address=self.address.text().strip(),
            vetting=vetting,
            active=self.active.isChecked(),
            note=self.note.text().strip(),
        )
        if self.original is not None:
            return dataclasses.replace(self.original, **values)
        return Mediator(**values)

    def save(self) -> None:
        if self._saving:
            return
        m = self.mediator()
        before = codec.encode(self.original) if self.original is not None else None
        refusal = self.ctx.permissions.refusal("mediator", before, codec.encode(m))
        if refusal is not None:
            self.form_error.show_errors([refusal_text(refusal)])
            return
        errors = validation.validate(m, self.ctx.today())
        self.errors.show_all(errors, self.form_error)
        if errors:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.ops.write(
            pool_store.save_mediator,
            self.ctx.store,
            m,
            on_done=lambda _id: self._saved(m),
            on_error=self._failed,
        )

    def _saved(self, m: Mediator) -> None:
        self._saving = False
        self.result = m
        self.saved.emit(m)
        self.accept()

    def _failure_text(self, exc: Exception) -> str:
        return self.tr("Speichern fehlgeschlagen: {error}").format(error=exc)
