"""The dialog to register a new client or edit a client's master data (Stammdaten)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import orjson
import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casefile.records import Alias, Client, Identifier, LanguageSkill, Sex
from casefile.validation import ValidationError, validate_client
from desktop.store import rows
from desktop.store.repo import ClientSnapshot
from desktop.ui.client_fields import BirthDateInput, DuplicatePanel, RowTable, parse_german_date
from desktop.ui.form_keys import Answer, FormState, ask_discard, install_save_keys
from desktop.ui.forms import (
    CatalogCombo,
    ErrorLabel,
    FormErrors,
    Translatable,
    catalog_label,
    compact_combo,
    tr_text,
)

log = logging.getLogger(__name__)

SEX_LABELS = (
    (Sex.FEMALE, QT_TRANSLATE_NOOP("ClientDialog", "weiblich")),
    (Sex.MALE, QT_TRANSLATE_NOOP("ClientDialog", "männlich")),
    (Sex.DIVERSE, QT_TRANSLATE_NOOP("ClientDialog", "divers")),
    (Sex.UNKNOWN, QT_TRANSLATE_NOOP("ClientDialog", "unbekannt")),
)

# What the notice about a change made elsewhere calls each master-data field.
FIELD_LABELS = {
    "family_name": QT_TRANSLATE_NOOP("ClientDialog", "Familienname"),
    "given_names": QT_TRANSLATE_NOOP("ClientDialog", "Vorname(n)"),
    "birth_name": QT_TRANSLATE_NOOP("ClientDialog", "Geburtsname"),
    "birth_date": QT_TRANSLATE_NOOP("ClientDialog", "Geburtsdatum"),
    "birth_date_precision": QT_TRANSLATE_NOOP("ClientDialog", "Genauigkeit des Geburtsdatums"),
    "birth_place": QT_TRANSLATE_NOOP("ClientDialog", "Geburtsort"),
    "sex": QT_TRANSLATE_NOOP("ClientDialog", "Geschlecht"),
    "nationalities": QT_TRANSLATE_NOOP("ClientDialog", "Staatsangehörigkeit"),
    "target_group": QT_TRANSLATE_NOOP("ClientDialog", "Zielgruppe"),
    "phone": QT_TRANSLATE_NOOP("ClientDialog", "Telefon"),
    "address": QT_TRANSLATE_NOOP("ClientDialog", "Anschrift / Unterkunft"),
    "languages": QT_TRANSLATE_NOOP("ClientDialog", "Sprachen"),
}
PRECISION_LABELS = {
    "exact": QT_TRANSLATE_NOOP("ClientDialog", "genau"),
    "year": QT_TRANSLATE_NOOP("ClientDialog", "nur Jahr"),
    "unknown": QT_TRANSLATE_NOOP("ClientDialog", "unbekannt"),
}

STYLE = """
QLabel#mutedText { color: #6b6f76; }
QLabel#saveError { background: #fde7e5; color: #8c1d18; border: 1px solid #f0b7b2;
                   border-radius: 8px; padding: 8px 12px; }
QFrame#changedElsewhere { background: #fff4e0; border: 1px solid #f0c987; border-radius: 8px; }
QFrame#changedElsewhere QLabel { color: #5c3d00; }
"""


class ClientDialog(Translatable, QDialog):
    """New client ("Neue:r Klient:in") or edit master data ("Stammdaten bearbeiten").

    A new client is compared with the store's possible duplicates before it is saved; hits are
    shown in a panel inside the dialog. After saving, ``client_id`` is set; if the user chose an
    existing person instead, ``open_existing_id`` is set and nothing was saved.

    Editing master data works on a snapshot (``Store.client_snapshot``): the values, field
    clocks and alias/identifier ids the form was filled from. A save sends only what the user
    changed against it, based on its clocks. Sync may change the client while the form is
    open: a field the user left alone then shows the new value, an alias or identifier that
    arrived is added to the form, and a field the user changed too is named in a notice with
    the other value; the user keeps their own (the server keeps the other as a conflict or in
    history) or takes the new one.
    """

    def __init__(self, ctx, snapshot: ClientSnapshot | None = None, parent: QWidget | None = None):
        """*snapshot*: the client to edit as the store holds it (``Store.client_snapshot``,
        read by the caller off the UI thread); None for a new client."""
        super().__init__(parent)
        self.ctx = ctx
        # What the user saw and edits against (one row and its clocks).
        self.snapshot = snapshot
        client = snapshot.client if snapshot is not None else None
        self.original = client
        self.client_id: str | None = client.id if client else None
        self.open_existing_id: str | None = None
        self._latest = self.snapshot  # the store's state when last compared
        self._kept: dict[str, tuple] = {}  # field -> (other value, its clock) the user overrode
        self._clashes: list[str] = []
        self._save_pending = False
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
        # The values as the form shows them: a field still showing its value is untouched,
        # even where a widget cannot show a stored value exactly (e.g. a third nationality).
        self._shown = self._row_values() if self.snapshot is not None else {}
        # A live check while typing: the duplicate often is noticed before all fields are filled.
        self._dup_timer = QTimer(self, singleShot=True, interval=500)
        self._dup_timer.timeout.connect(self._live_duplicate_check)
        for edit in (self.family_name, self.given_names):
            edit.textChanged.connect(lambda _t: self._schedule_check())
        self.birth.changed.connect(self._schedule_check)
        if self.snapshot is not None:
            ctx.bus.changed.connect(self._store_changed)
        install_save_keys(self, self.save)
        self.retranslateUi()
        # Typing starts at once (Strg+N, then the name): nothing typed is lost to no field.
        self.family_name.setFocus()
        self.form_state = FormState(self)  # Esc asks once something was entered

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.duplicates = DuplicatePanel()
        self.duplicates.open_requested.connect(self._open_existing)
        self.duplicates.create_anyway.connect(self._create_anyway)
        self.save_error = QLabel()
        self.save_error.setObjectName("saveError")
        self.save_error.setWordWrap(True)
        self.save_error.hide()
        self.elsewhere = QFrame()
        self.elsewhere.setObjectName("changedElsewhere")
        self.elsewhere_text = QLabel()
        self.elsewhere_text.setObjectName("changedElsewhereText")
        self.elsewhere_text.setWordWrap(True)
        self.elsewhere_text.setTextFormat(Qt.TextFormat.PlainText)
        self.keep_mine_button = QPushButton()
        self.keep_mine_button.setObjectName("keepMineButton")
        self.keep_mine_button.setAutoDefault(False)
        self.keep_mine_button.clicked.connect(self.keep_mine)
        self.take_theirs_button = QPushButton()
        self.take_theirs_button.setObjectName("takeTheirsButton")
        self.take_theirs_button.setAutoDefault(False)
        self.take_theirs_button.clicked.connect(self.take_theirs)
        tr_text(
            self,
            self.keep_mine_button.setText,
            QT_TRANSLATE_NOOP("ClientDialog", "Meine Eingabe behalten"),
        )
        tr_text(
            self,
            self.take_theirs_button.setText,
            QT_TRANSLATE_NOOP("ClientDialog", "Neuen Wert übernehmen"),
        )
        box = QVBoxLayout(self.elsewhere)
        box.setContentsMargins(12, 8, 12, 8)
        box.addWidget(self.elsewhere_text)
        choice = QHBoxLayout()
        choice.addWidget(self.keep_mine_button)
        choice.addWidget(self.take_theirs_button)
        choice.addStretch(1)
        box.addLayout(choice)
        self.elsewhere.hide()

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
        person = self._group(
            QT_TRANSLATE_NOOP("ClientDialog", "Person"),
            [
                (
                    QT_TRANSLATE_NOOP("ClientDialog", "Familienname"),
                    "family_name",
                    self.family_name,
                ),
                (QT_TRANSLATE_NOOP("ClientDialog", "Vorname(n)"), "given_names", self.given_names),
                (QT_TRANSLATE_NOOP("ClientDialog", "Geburtsname"), "birth_name", self.birth_name),
                (QT_TRANSLATE_NOOP("ClientDialog", "&Geburtsdatum"), "birth_date", self.birth),
                (QT_TRANSLATE_NOOP("ClientDialog", "Geburtsort"), "birth_place", self.birth_place),
                (QT_TRANSLATE_NOOP("ClientDialog", "Geschlecht"), "sex", self.sex),
            ],
        )
        self.errors.register("birth_date_precision", self.birth, self._error_label("birth_date"))

        self.nationality1 = compact_combo(
            CatalogCombo("nationality", allow_empty=True, common_first=True)
        )
        self.nationality2 = compact_combo(
            CatalogCombo("nationality", allow_empty=True, common_first=True)
        )
        self.nationality1.setObjectName("nationality1")
        self.nationality2.setObjectName("nationality2")
        self.target_group = compact_combo(CatalogCombo("target_group", allow_empty=True))
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.address = QLineEdit()
        self.address.setObjectName("address")
        contact = self._group(
            QT_TRANSLATE_NOOP("ClientDialog", "Herkunft und Kontakt"),
            [
                (
                    QT_TRANSLATE_NOOP("ClientDialog", "&Staatsangehörigkeit"),
                    "nationalities",
                    self.nationality1,
                ),
                ("", "nationality2", self.nationality2),  # a second one, under the same label
                (
                    QT_TRANSLATE_NOOP("ClientDialog", "Zielgruppe"),
                    "target_group",
                    self.target_group,
                ),
                (QT_TRANSLATE_NOOP("ClientDialog", "Telefon"), "phone", self.phone),
                (
                    QT_TRANSLATE_NOOP("ClientDialog", "Anschrift / Unterkunft"),
                    "address",
                    self.address,
                ),
            ],
        )

        self.languages = RowTable(2, self._language_row, fit=(1,))
        self.identifiers = RowTable(2, self._identifier_row)
        self.identifiers.setObjectName("identifiers")
        self.aliases = RowTable(3, self._alias_row)
        self.aliases.setObjectName("aliases")
        languages = self._table_group(
            QT_TRANSLATE_NOOP("ClientDialog", "Sprachen"),
            "languages",
            self.languages,
            (QT_TRANSLATE_NOOP("ClientDialog", "Sprache"), ""),
            QT_TRANSLATE_NOOP("ClientDialog", "Sprache &hinzufügen"),
        )
        idents = self._table_group(
            QT_TRANSLATE_NOOP("ClientDialog", "Kennungen"),
            "identifiers",
            self.identifiers,
            (
                QT_TRANSLATE_NOOP("ClientDialog", "Art"),
                QT_TRANSLATE_NOOP("ClientDialog", "Nummer / Aktenzeichen"),
            ),
            QT_TRANSLATE_NOOP("ClientDialog", "Kennung hinzufügen"),
        )
        aliases = self._table_group(
            QT_TRANSLATE_NOOP("ClientDialog", "Andere Namen und Schreibweisen"),
            "aliases",
            self.aliases,
            (
                QT_TRANSLATE_NOOP("ClientDialog", "Familienname"),
                QT_TRANSLATE_NOOP("ClientDialog", "Vorname(n)"),
                QT_TRANSLATE_NOOP("ClientDialog", "Art"),
            ),
            QT_TRANSLATE_NOOP("ClientDialog", "Name hinzufügen"),
        )

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
        scroll.viewport().setAutoFillBackground(False)  # the dialog's background, not a grey box
        body.setAutoFillBackground(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        tr_text(self, self.save_button.setText, QT_TRANSLATE_NOOP("ClientDialog", "Speichern"))
        tr_text(
            self,
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText,
            QT_TRANSLATE_NOOP("ClientDialog", "Abbrechen"),
        )

        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 16, 18, 14)
        lay.setSpacing(10)
        lay.addWidget(self.duplicates)
        lay.addWidget(self.save_error)
        lay.addWidget(self.elsewhere)
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
        grid.setRowStretch(r, 1)  # a shorter box than its neighbour keeps its rows together
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
        self.setWindowTitle(
            self.tr("Neue:r Klient:in")
            if self.original is None
            else self.tr("Stammdaten bearbeiten")
        )
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
                    alias.family_name,
                    alias.given_names,
                    alias.kind,
                ):
                    alias.id = old.id
                aliases.append(alias)
        client = Client(
            family_name=self.family_name.text().strip(),
            given_names=self.given_names.text().strip(),
            birth_name=self.birth_name.text().strip(),
            birth_date=self.birth.value(),
            birth_date_precision=self.birth.precision(),
            birth_place=self.birth_place.text().strip(),
            sex=Sex(self.sex.currentData()),
            nationalities=nationalities,
            languages=list(languages.values()),
            phone=self.phone.text().strip(),
            address=self.address.text().strip(),
            target_group=self.target_group.code(),
            aliases=aliases,
            identifiers=identifiers,
        )
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
                [self.tr("Bitte das Datum als TT.MM.JJJJ eingeben, z. B. 12.03.1985.")]
            )
            self.birth.date_edit.setFocus()
            return False
        return not errors

    def save(self) -> None:
        """Validate; for a new client check for duplicates first; then save."""
        if getattr(self, "_busy", False):
            return  # Strg+Enter again while the check or the save is under way
        self.save_error.hide()
        client = self.client()
        if not self._validate(client):
            return
        if self.original is not None:
            if self.snapshot is None:
                self._write(client)
                return
            # Did sync change what the user also changed, since the form was filled?
            self._set_busy(True)
            self.ctx.ops.read(
                self.ctx.store.client_snapshot,
                self.snapshot.client.id,
                key=f"save-check:{id(self)}",
                on_done=self._checked_before_saving,
                on_error=self._save_failed,
            )
            return
        self._set_busy(True)
        self.ctx.ops.read(
            self.ctx.store.possible_duplicates,
            client,
            key=f"duplicates:{id(self)}",
            on_done=lambda hits: self._checked(client, hits),
            on_error=self._check_failed,
        )

    def reject(self) -> None:
        """Esc, Abbrechen or closing the window: ask before what was entered is thrown away."""
        if self.form_state.is_dirty() and ask_discard(self) is not Answer.DISCARD:
            return
        super().reject()

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

    def _checked_before_saving(self, current) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        if self._compare(current):
            self._save_pending = True  # the user answers the notice first
            return
        client = self.client()  # untouched fields may show newer values now
        if self._validate(client):
            self._write(client)

    def _write(self, client: Client) -> None:
        self._set_busy(True)
        if self.original is None:
            self.ctx.ops.write(
                self.ctx.store.create_client,
                client,
                on_done=lambda _r: self._saved(client.id),
                on_error=self._save_failed,
            )
            return
        kw = {}
        if self.snapshot is not None:
            # A field still showing what the form was filled with is not the user's change.
            mine = rows.client_row(client)
            untouched = {n: mine[n] for n, v in self._shown.items() if mine.get(n) == v}
            kw["snapshot"] = dataclasses.replace(
                self.snapshot, values={**self.snapshot.values, **untouched}
            )
        self.ctx.ops.write(
            self.ctx.store.update_client,
            client,
            on_done=lambda _r: self._saved(client.id),
            on_error=self._save_failed,
            **kw,
        )

    def _saved(self, client_id: str) -> None:
        # The operation layer announces the change (also if the dialog was closed meanwhile).
        if shiboken6.isValid(self):
            self._set_busy(False)
            self._saved_once = True  # our own change, announced next, is no news
            self.client_id = client_id
            self.accept()

    def _save_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self.errors.show(exc.errors)
            return
        self.save_error.setText(
            self.tr(
                "Die Stammdaten konnten nicht gespeichert werden. Ihre Eingaben sind noch da – bitte "
                "versuchen Sie es erneut. Wenn der Fehler bleibt, wenden Sie sich an die IT."
            )
        )
        self.save_error.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
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
        self.ctx.ops.read(
            self.ctx.store.possible_duplicates,
            client,
            key=f"duplicates:{id(self)}",
            on_done=self._live_hits,
            on_error=lambda exc: log.warning("live duplicate check: %r", exc),
        )

    def _live_hits(self, hits) -> None:
        if hits:
            self.duplicates.show_hits(hits)
        elif not self.duplicates.list.isHidden():
            self.duplicates.hide()

    # --- changes made elsewhere while the form is open --------------------------------------------

    def _store_changed(self, changes) -> None:
        if (
            not shiboken6.isValid(self)
            or getattr(self, "_busy", False)
            or getattr(self, "_saved_once", False)
        ):
            return  # our own save, or the check before it, is under way
        if changes.touches(("client", "client_alias", "client_identifier"), client=self.client_id):
            self.ctx.ops.read(
                self.ctx.store.client_snapshot,
                self.snapshot.client.id,
                key=f"snapshot:{id(self)}",
                on_done=self._compare,
                on_error=lambda exc: log.warning("client snapshot: %r", exc),
            )

    def _row_values(self) -> dict:
        values = rows.client_row(self.client())
        del values["id"]
        return values

    def _compare(self, current) -> list[str]:
        """Bring what changed in the store since the form was filled into the form; returns
        the fields the user changed too (and shows them in the notice)."""
        if not shiboken6.isValid(self) or current is None or self.snapshot is None:
            return []
        seen, mine = self.snapshot, self._row_values()
        self._latest = current
        values = dict(seen.values)
        clocks = dict(seen.clocks) if seen.clocks is not None else None
        take, clashes = [], []
        for name, now in current.values.items():
            then = seen.values.get(name)
            if now != then:
                if mine.get(name) == self._shown.get(name):
                    take.append(name)  # untouched: show the new value
                elif mine.get(name) != now:
                    if self._kept.get(name) != (now, current.clock(name)):
                        clashes.append(name)
                    continue  # the base stays what the user saw
            values[name] = now
            if clocks is not None and current.clock(name):
                clocks[name] = current.clock(name)
        self._show_values(take, current.client)
        alias_ids, identifier_ids = self._merge_children(seen, current)
        self.snapshot = dataclasses.replace(
            seen, values=values, clocks=clocks, alias_ids=alias_ids, identifier_ids=identifier_ids
        )
        self._clashes = clashes
        if clashes:
            self._show_notice(clashes, current, mine)
        else:
            self._save_pending = False
            self.elsewhere.hide()
        return clashes

    def _show_values(self, names: list[str], c: Client) -> None:
        """Put the stored values of these fields into the form's widgets."""
        lines = {
            "family_name": self.family_name,
            "given_names": self.given_names,
            "birth_name": self.birth_name,
            "birth_place": self.birth_place,
            "phone": self.phone,
            "address": self.address,
        }
        for name in names:
            if name in lines:
                lines[name].setText(getattr(c, name))
            elif name == "sex":
                self.sex.setCurrentIndex(max(self.sex.findData(str(c.sex)), 0))
            elif name == "nationalities":
                for combo, code in zip(
                    (self.nationality1, self.nationality2), list(c.nationalities) + ["", ""]
                ):
                    combo.set_code(code)
            elif name == "target_group":
                self.target_group.set_code(c.target_group)
            elif name == "languages":
                self.languages.clear()
                for skill in c.languages:
                    combo, check = self.languages.add_row()
                    combo.set_code(skill.code)
                    check.setChecked(skill.interpreter_needed)
        if "birth_date" in names or "birth_date_precision" in names:
            date = c.birth_date if "birth_date" in names else self.birth.value()
            precision = (
                c.birth_date_precision
                if "birth_date_precision" in names
                else self.birth.precision()
            )
            self.birth.set_value(date, str(precision))
        if names:
            shown = self._row_values()
            self._shown.update({n: shown[n] for n in names})

    def _merge_children(self, seen, current) -> tuple[frozenset, frozenset]:
        """Aliases and identifiers that arrived are added to the form; those deleted elsewhere
        leave it unless the user edited them. Returns the snapshot's new id sets."""
        ids = []
        for table, had, has, records, same, add in (
            (
                self.aliases,
                seen.alias_ids,
                current.alias_ids,
                current.client.aliases,
                lambda w, a: (
                    (w[0].text().strip(), w[1].text().strip(), w[2].code())
                    == (a.family_name, a.given_names, a.kind)
                ),
                self._add_alias,
            ),
            (
                self.identifiers,
                seen.identifier_ids,
                current.identifier_ids,
                current.client.identifiers,
                lambda w, i: (w[0].code(), w[1].text().strip()) == (i.type, i.value),
                self._add_identifier,
            ),
        ):
            gone = had - has
            arrived = [r for r in records if r.id not in had]
            stale = [
                (w, old)
                for w, old in table.rows()
                if old is not None and old.id in gone and same(w, old)
            ]
            if stale:
                # Rebuilt without them (RowTable removes rows only by their button).
                kept = [(w, old) for w, old in table.rows() if (w, old) not in stale]
                states = [(self._row_state(w), old) for w, old in kept]
                table.clear()
                for state, old in states:
                    self._restore_row(table, state, old)
            for record in arrived:
                add(record)
            ids.append(frozenset((had - gone) | {r.id for r in arrived}))
        return ids[0], ids[1]

    def _add_alias(self, alias: Alias) -> None:
        family, given, kind = self.aliases.add_row(alias)
        family.setText(alias.family_name)
        given.setText(alias.given_names)
        kind.set_code(alias.kind)

    def _add_identifier(self, ident: Identifier) -> None:
        combo, value = self.identifiers.add_row(ident)
        combo.set_code(ident.type)
        value.setText(ident.value)

    @staticmethod
    def _row_state(widgets) -> list:
        return [w.code() if isinstance(w, CatalogCombo) else w.text() for w in widgets]

    @staticmethod
    def _restore_row(table: RowTable, state: list, payload) -> None:
        for w, value in zip(table.add_row(payload), state):
            if isinstance(w, CatalogCombo):
                w.set_code(value)
            else:
                w.setText(value)

    def _value_text(self, name: str, value) -> str:
        """A row value as the form shows it."""
        if name == "birth_date" and value:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        if name == "birth_date_precision":
            return self.tr(PRECISION_LABELS.get(value, value))
        if name == "sex":
            labels = dict(SEX_LABELS)
            return self.tr(labels[value]) if value in labels else value
        if name == "target_group":
            value = catalog_label("target_group", value)
        elif name == "nationalities":
            value = ", ".join(catalog_label("nationality", c) for c in orjson.loads(value or "[]"))
        elif name == "languages":
            value = ", ".join(
                catalog_label("language", s.get("code", "")) for s in orjson.loads(value or "[]")
            )
        return value or self.tr("(leer)")

    def _show_notice(self, clashes: list[str], current, mine: dict) -> None:
        lines = [
            self.tr(
                "Während dieses Formular offen war, wurde an anderer Stelle (z. B. auf "
                "einem anderen Gerät) geändert, was Sie auch geändert haben:"
            )
        ]
        for name in clashes:
            lines.append(
                self.tr("• {field}: jetzt „{other}“, Ihre Eingabe „{mine}“").format(
                    field=self.tr(FIELD_LABELS.get(name, name)),
                    other=self._value_text(name, current.values.get(name)),
                    mine=self._value_text(name, mine.get(name)),
                )
            )
        lines.append(
            self.tr(
                "Welcher Wert soll gelten? Behalten Sie Ihre Eingabe, bleibt der "
                "andere Wert als Konflikt bzw. im Verlauf sichtbar."
            )
        )
        self.elsewhere_text.setText("\n".join(lines))
        self.elsewhere.show()

    def keep_mine(self) -> None:
        """Keep the user's values of the fields named in the notice; the save is based on
        what the user saw, so the server keeps the other value as a conflict or in history."""
        current = self._latest
        for name in self._clashes:
            self._kept[name] = (current.values.get(name), current.clock(name))
        self._clashes = []
        self.elsewhere.hide()
        if self._save_pending:
            self._save_pending = False
            self.save()

    def take_theirs(self) -> None:
        """Show the other values of the fields named in the notice (not saved yet)."""
        current, names = self._latest, self._clashes
        self._show_values(names, current.client)
        values = dict(self.snapshot.values)
        clocks = dict(self.snapshot.clocks) if self.snapshot.clocks is not None else None
        for name in names:
            values[name] = current.values.get(name)
            if clocks is not None and current.clock(name):
                clocks[name] = current.clock(name)
        self.snapshot = dataclasses.replace(self.snapshot, values=values, clocks=clocks)
        self._clashes = []
        self._save_pending = False
        self.elsewhere.hide()
