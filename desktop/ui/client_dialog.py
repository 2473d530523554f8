"""The dialog to register a new client or edit a client's master data (Stammdaten)."""
from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFrame,
                               QGridLayout, QGroupBox, QLabel, QLineEdit,
                               QScrollArea, QVBoxLayout, QWidget)

from casefile.records import Alias, Client, Identifier, LanguageSkill, Sex
from casefile.validation import ValidationError, validate_client
from desktop.ui.client_fields import BirthDateInput, DuplicatePanel, RowTable, parse_german_date
from desktop.ui.forms import (CatalogCombo, ErrorLabel, FormErrors, Translatable, compact_combo,
                              tr_text)

log = logging.getLogger(__name__)

SEX_LABELS = ((Sex.FEMALE, QT_TRANSLATE_NOOP("ClientDialog", "weiblich")),
              (Sex.MALE, QT_TRANSLATE_NOOP("ClientDialog", "männlich")),
              (Sex.DIVERSE, QT_TRANSLATE_NOOP("ClientDialog", "divers")),
              (Sex.UNKNOWN, QT_TRANSLATE_NOOP("ClientDialog", "unbekannt")))

STYLE = """
QLabel#mutedText { color: #6b6f76; }
QLabel#saveError { background: #fde7e5; color: #8c1d18; border: 1px solid #f0b7b2;
                   border-radius: 8px; padding: 8px 12px; }
"""


class ClientDialog(Translatable, QDialog):
    """New client ("Neue:r Klient:in") or edit master data ("Stammdaten bearbeiten").

    A new client is compared with the store's possible duplicates before it is saved; hits are
    shown in a panel inside the dialog. After saving, ``client_id`` is set; if the user chose an
    existing person instead, ``open_existing_id`` is set and nothing was saved.
    """

    def __init__(self, ctx, client: Client | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.original = client
        self.client_id: str | None = client.id if client else None
        self.open_existing_id: str | None = None
        self.errors = FormErrors()
        self._labels: dict[str, ErrorLabel] = {}
        self.setObjectName("clientDialog")
        self.setStyleSheet(STYLE)
        self.setMinimumSize(880, 560)
        self._build()
        # Wide enough for both columns even with long (translated) labels; scrolls if not.
        self.resize(max(980, self.body.minimumSizeHint().width() + 60), 760)
        if client is not None:
            self._fill(client)
        # A live check while typing: the duplicate often is noticed before all fields are filled.
        self._dup_timer = QTimer(self, singleShot=True, interval=500)
        self._dup_timer.timeout.connect(self._live_duplicate_check)
        for edit in (self.family_name, self.given_names):
            edit.textChanged.connect(lambda _t: self._schedule_check())
        self.birth.changed.connect(self._schedule_check)
        self.retranslateUi()

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.duplicates = DuplicatePanel()
        self.duplicates.open_requested.connect(self._open_existing)
        self.duplicates.create_anyway.connect(self._create_anyway)
        self.save_error = QLabel()
        self.save_error.setObjectName("saveError")
        self.save_error.setWordWrap(True)
        self.save_error.hide()

        self.family_name, self.given_names, self.birth_name = QLineEdit(), QLineEdit(), QLineEdit()
        self.family_name.setObjectName("familyName")
        self.given_names.setObjectName("givenNames")
        self.birth_name.setObjectName("birthName")
        self.birth = BirthDateInput()
        self.birth_place = QLineEdit()
        self.sex = QComboBox()
        self.sex.setObjectName("sex")
        for value, _label in SEX_LABELS:
            self.sex.addItem("", str(value))
        self.sex.setCurrentIndex(len(SEX_LABELS) - 1)
        person = self._group(QT_TRANSLATE_NOOP("ClientDialog", "Person"), [
            (QT_TRANSLATE_NOOP("ClientDialog", "Familienname"), "family_name", self.family_name),
            (QT_TRANSLATE_NOOP("ClientDialog", "Vorname(n)"), "given_names", self.given_names),
            (QT_TRANSLATE_NOOP("ClientDialog", "Geburtsname"), "birth_name", self.birth_name),
            (QT_TRANSLATE_NOOP("ClientDialog", "Geburtsdatum"), "birth_date", self.birth),
            (QT_TRANSLATE_NOOP("ClientDialog", "Geburtsort"), "birth_place", self.birth_place),
            (QT_TRANSLATE_NOOP("ClientDialog", "Geschlecht"), "sex", self.sex)])
        self.errors.register("birth_date_precision", self.birth, self._error_label("birth_date"))

        self.nationality1 = compact_combo(CatalogCombo("nationality", allow_empty=True, common_first=True))
        self.nationality2 = compact_combo(CatalogCombo("nationality", allow_empty=True, common_first=True))
        self.nationality1.setObjectName("nationality1")
        self.nationality2.setObjectName("nationality2")
        self.target_group = compact_combo(CatalogCombo("target_group", allow_empty=True))
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.address = QLineEdit()
        self.address.setObjectName("address")
        contact = self._group(QT_TRANSLATE_NOOP("ClientDialog", "Herkunft und Kontakt"), [
            (QT_TRANSLATE_NOOP("ClientDialog", "Staatsangehörigkeit"), "nationalities", self.nationality1),
            ("", "nationality2", self.nationality2),    # a second one, under the same label
            (QT_TRANSLATE_NOOP("ClientDialog", "Zielgruppe"), "target_group", self.target_group),
            (QT_TRANSLATE_NOOP("ClientDialog", "Telefon"), "phone", self.phone),
            (QT_TRANSLATE_NOOP("ClientDialog", "Anschrift / Unterkunft"), "address", self.address)])

        self.languages = RowTable(2, self._language_row, fit=(1,))
        self.identifiers = RowTable(2, self._identifier_row)
        self.identifiers.setObjectName("identifiers")
        self.aliases = RowTable(3, self._alias_row)
        self.aliases.setObjectName("aliases")
        languages = self._table_group(QT_TRANSLATE_NOOP("ClientDialog", "Sprachen"), "languages",
                                      self.languages, (QT_TRANSLATE_NOOP("ClientDialog", "Sprache"), ""),
                                      QT_TRANSLATE_NOOP("ClientDialog", "Sprache hinzufügen"))
        idents = self._table_group(QT_TRANSLATE_NOOP("ClientDialog", "Kennungen"), "identifiers",
                                   self.identifiers,
                                   (QT_TRANSLATE_NOOP("ClientDialog", "Art"),
                                    QT_TRANSLATE_NOOP("ClientDialog", "Nummer / Aktenzeichen")),
                                   QT_TRANSLATE_NOOP("ClientDialog", "Kennung hinzufügen"))
        aliases = self._table_group(QT_TRANSLATE_NOOP("ClientDialog", "Andere Namen und Schreibweisen"),
                                    "aliases", self.aliases,
                                    (QT_TRANSLATE_NOOP("ClientDialog", "Familienname"),
                                     QT_TRANSLATE_NOOP("ClientDialog", "Vorname(n)"),
                                     QT_TRANSLATE_NOOP("ClientDialog", "Art")),
                                    QT_TRANSLATE_NOOP("ClientDialog", "Name hinzufügen"))

        body = self.body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 6, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        grid.addWidget(person, 0, 0)
        grid.addWidget(contact, 0, 1)
        grid.addWidget(languages, 1, 1)
        grid.addWidget(idents, 1, 0)
        grid.addWidget(aliases, 2, 0, 1, 2)
        grid.setRowStretch(3, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.viewport().setAutoFillBackground(False)   # the dialog's background, not a grey box
        body.setAutoFillBackground(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        tr_text(self, self.save_button.setText, QT_TRANSLATE_NOOP("ClientDialog", "Speichern"))
        tr_text(self, self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText,
                QT_TRANSLATE_NOOP("ClientDialog", "Abbrechen"))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 16, 18, 14)
        lay.setSpacing(10)
        lay.addWidget(self.duplicates)
        lay.addWidget(self.save_error)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.buttons)

    def _group(self, title: str, rows) -> QGroupBox:
        box = QGroupBox()
        tr_text(self, box.setTitle, title)
        grid = QGridLayout(box)
        grid.setVerticalSpacing(2)
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(1, 1)
        r = 0
        for label, fld, widget in rows:
            nxt = self.errors.add_row(grid, r, "", fld, widget)
            if label:
                tr_text(self, grid.itemAtPosition(r, 0).widget().setText, label)
            self._labels[fld] = grid.itemAtPosition(r + 1, 1).widget()
            r = nxt
            grid.setRowMinimumHeight(r - 1, 6)
        grid.setRowStretch(r, 1)    # a shorter box than its neighbour keeps its rows together
        return box

    def _error_label(self, fld: str) -> ErrorLabel:
        return self._labels[fld]

    def _table_group(self, title: str, fld: str, table: RowTable, headers, add_text) -> QGroupBox:
        box = QGroupBox()
        tr_text(self, box.setTitle, title)
        lay = QVBoxLayout(box)
        lay.addWidget(table)
        err = ErrorLabel()
        lay.addWidget(err)
        self.errors.register(fld, table, err)
        for col, header in enumerate(headers):
            if header:
                tr_text(self, lambda text, col=col: table.set_header(col, text), header)
        tr_text(self, table.add_button.setText, add_text)
        return box

    def _language_row(self) -> list[QWidget]:
        interpreter = QCheckBox()
        tr_text(self, interpreter.setText, QT_TRANSLATE_NOOP("ClientDialog", "Dolmetschbedarf"))
        return [compact_combo(CatalogCombo("language", common_first=True), 10), interpreter]

    def _identifier_row(self) -> list[QWidget]:
        return [compact_combo(CatalogCombo("identifier_type"), 10), QLineEdit()]

    def _alias_row(self) -> list[QWidget]:
        return [QLineEdit(), QLineEdit(), compact_combo(CatalogCombo("alias_kind"), 10)]

    def retranslateUi(self) -> None:
        super().retranslateUi()
        self.setWindowTitle(self.tr("Neue:r Klient:in") if self.original is None
                            else self.tr("Stammdaten bearbeiten"))
        for i, (_value, label) in enumerate(SEX_LABELS):
            self.sex.setItemText(i, self.tr(label))

    def prefill_name(self, text: str) -> None:
        """Start from what was typed into the search: "Family Given" or "Family, Given", and
        a birth date if one was typed too."""
        words = []
        for token in text.replace(",", " , ").split():
            born = parse_german_date(token)
            if born is not None:
                self.birth.set_value(born, "exact")
            else:
                words.append(token)
        joined = " ".join(words)
        family, _sep, given = joined.partition("," if "," in joined else " ")
        self.family_name.setText(family.strip())
        self.given_names.setText(given.strip())

    # --- between widgets and the record --------------------------------------------------------

    def _fill(self, c: Client) -> None:
        self.family_name.setText(c.family_name)
        self.given_names.setText(c.given_names)
        self.birth_name.setText(c.birth_name)
        self.birth.set_value(c.birth_date, str(c.birth_date_precision))
        self.birth_place.setText(c.birth_place)
        self.sex.setCurrentIndex(max(self.sex.findData(str(c.sex)), 0))
        for combo, code in zip((self.nationality1, self.nationality2), c.nationalities):
            combo.set_code(code)
        self.target_group.set_code(c.target_group)
        self.phone.setText(c.phone)
        self.address.setText(c.address)
        for skill in c.languages:
            combo, check = self.languages.add_row()
            combo.set_code(skill.code)
            check.setChecked(skill.interpreter_needed)
        for ident in c.identifiers:
            combo, value = self.identifiers.add_row(ident)
            combo.set_code(ident.type)
            value.setText(ident.value)
        for alias in c.aliases:
            family, given, kind = self.aliases.add_row(alias)
            family.setText(alias.family_name)
            given.setText(alias.given_names)
            kind.set_code(alias.kind)

    def client(self) -> Client:
        """The record as entered (not validated)."""
        nationalities = []
        for combo in (self.nationality1, self.nationality2):
            if combo.code() and combo.code() not in nationalities:
                nationalities.append(combo.code())
        languages: dict[str, LanguageSkill] = {}
        for (combo, check), _ in self.languages.rows():
            if combo.code() and combo.code() not in languages:
                languages[combo.code()] = LanguageSkill(combo.code(), check.isChecked())
        identifiers = []
        for (combo, value), old in self.identifiers.rows():
            if value.text().strip():
                ident = Identifier(combo.code(), value.text().strip())
                # The store updates children by id only: a changed entry becomes a new one.
                if old is not None and (old.type, old.value) == (ident.type, ident.value):
                    ident.id = old.id
                identifiers.append(ident)
        aliases = []
        for (family, given, kind), old in self.aliases.rows():
            if family.text().strip() or given.text().strip():
                alias = Alias(family.text().strip(), given.text().strip(), kind.code())
                if old is not None and (old.family_name, old.given_names, old.kind) == (
                        alias.family_name, alias.given_names, alias.kind):
                    alias.id = old.id
                aliases.append(alias)
        client = Client(
            family_name=self.family_name.text().strip(), given_names=self.given_names.text().strip(),
            birth_name=self.birth_name.text().strip(), birth_date=self.birth.value(),
            birth_date_precision=self.birth.precision(), birth_place=self.birth_place.text().strip(),
            sex=Sex(self.sex.currentData()), nationalities=nationalities,
            languages=list(languages.values()), phone=self.phone.text().strip(),
            address=self.address.text().strip(), target_group=self.target_group.code(),
            aliases=aliases, identifiers=identifiers)
        if self.original is not None:
            client.id = self.original.id
        return client

    # --- saving -------------------------------------------------------------------------------

    def _validate(self, client: Client) -> bool:
        errors = validate_client(client, self.ctx.today())
        if self.birth.has_unparsable_date():
            # "date required" would be misleading: something was typed, just not a date.
            errors = [e for e in errors if e.field != "birth_date"]
        self.errors.show(errors)
        if self.birth.has_unparsable_date():
            self._error_label("birth_date").show_errors(
                [self.tr("Bitte das Datum als TT.MM.JJJJ eingeben, z. B. 12.03.1985.")])
            self.birth.date_edit.setFocus()
            return False
        return not errors

    def save(self) -> None:
        """Validate; for a new client check for duplicates first; then save."""
        self.save_error.hide()
        client = self.client()
        if not self._validate(client):
            return
        if self.original is not None:
            self._write(client)
            return
        self._set_busy(True)
        self.ctx.runner.run(self.ctx.store.possible_duplicates, client,
                            key=f"duplicates:{id(self)}",
                            on_done=lambda hits: self._checked(client, hits),
                            on_error=self._check_failed)

    def _checked(self, client: Client, hits) -> None:
        self._set_busy(False)
        if hits:
            self.duplicates.show_hits(hits)
            self.duplicates.list.setFocus()
        else:
            self._write(client)

    def _check_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        log.error("duplicate check failed: %r", exc)
        self.duplicates.show_failed()

    def _create_anyway(self) -> None:
        client = self.client()
        if self._validate(client):
            self._write(client)

    def _open_existing(self, client_id: str) -> None:
        self.open_existing_id = client_id
        self.accept()

    def _write(self, client: Client) -> None:
        self._set_busy(True)
        fn = self.ctx.store.create_client if self.original is None else self.ctx.store.update_client
        self.ctx.runner.run(fn, client, write=True, on_done=lambda _r: self._saved(client.id),
                            on_error=self._save_failed)

    def _saved(self, client_id: str) -> None:
        # The change is announced even if the dialog was closed while the writer worked.
        self.ctx.bus.changed.emit("client", client_id)
        if shiboken6.isValid(self):
            self._set_busy(False)
            self.client_id = client_id
            self.accept()

    def _save_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self.errors.show(exc.errors)
            return
        self.save_error.setText(self.tr(
            "Die Stammdaten konnten nicht gespeichert werden. Ihre Eingaben sind noch da – bitte "
            "versuchen Sie es erneut. Wenn der Fehler bleibt, wenden Sie sich an die IT."))
        self.save_error.show()

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.duplicates.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    # --- duplicate check while typing -----------------------------------------------------------

    def _schedule_check(self) -> None:
        if self.original is None:
            self._dup_timer.start()

    def _live_duplicate_check(self) -> None:
        client = self.client()
        if not (client.family_name and client.given_names):
            return
        self.ctx.runner.run(self.ctx.store.possible_duplicates, client,
                            key=f"duplicates:{id(self)}", on_done=self._live_hits,
                            on_error=lambda exc: log.warning("live duplicate check: %r", exc))

    def _live_hits(self, hits) -> None:
        if hits:
            self.duplicates.show_hits(hits)
        elif not self.duplicates.list.isHidden():
            self.duplicates.hide()
