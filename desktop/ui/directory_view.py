"""Angebote: the county's directory of offers, searched offline by topic, language, place,
target group and words; the best fit first, with why (language, distance, "nicht aktuell
geprüft"), and the whole entry beside the list.

Every user reads the directory (it is on the laptop); the maintainers of the access rules
(``[directory] maintainers``, coordination in the shipped rules) also see the buttons that
create and edit offers and providers (desktop.ui.offer_dialog). The list follows every write
and sync round that touched offers or providers (``ctx.bus.changed``).
"""

from __future__ import annotations

import dataclasses

import shiboken6
from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casefile import catalogs
from casefile.offers import Hit, Index, Need
from desktop.store import offers as store_offers
from desktop.ui.context import AppContext
from desktop.ui.forms import compact_combo, ui_language
from desktop.ui.models import MUTED, RowsModel
from desktop.ui.offer_detail import STALE_COLOR, offer_html
from desktop.ui.tables import list_table

DEBOUNCE_MS = 150
RESULT_LIMIT = 200


class OfferHitsModel(RowsModel):
    """The ranked offers: name, provider, why it fits (or not), appointment only."""

    headers = ("Angebot", "Träger", "Passung", "Termin")

    def __init__(self, names, parent=None):
        super().__init__(parent)
        self.names = names  # provider id -> name
        self.inactive: set[str] = set()

    def row_id(self, row: Hit) -> str:
        return row.offer.id

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Angebot"), self.tr("Träger"), self.tr("Passung"), self.tr("Termin"))[
                section
            ]
        return None

    def reasons(self, hit: Hit) -> str:
        reasons = list(hit.reasons)
        if hit.offer.id in self.inactive:
            reasons.insert(0, self.tr("deaktiviert"))
        return " · ".join(reasons)

    def cell(self, row: Hit, column: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.offer.name
            if column == 1:
                return self.names(row.offer.provider_id)
            if column == 2:
                return self.reasons(row)
            if column == 3:
                return self.tr("nur nach Termin") if row.offer.appointment_only else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.offer.name} – {self.names(row.offer.provider_id)}\n{self.reasons(row)}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.offer.id in self.inactive:
                return MUTED
            if row.stale and column == 2:
                return QColor(STALE_COLOR)
        return None


class ShareColumns(QObject):
    """The table's width shared among its columns in fixed parts: the name, the provider and
    the reasons are all long, and none may take the others' room (the text is elided; the
    tooltip holds it whole)."""

    def __init__(self, table, parts: tuple[float, ...]):
        super().__init__(table)
        self.table, self.parts = table, parts
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        table.viewport().installEventFilter(self)
        self.fit()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        width = self.table.viewport().width()
        # The last column keeps at least its header (a longer word in another language).
        last = len(self.parts) - 1
        least = header.sectionSizeFromContents(last).width()
        rest = width - max(least, int(width * self.parts[last]))
        share = sum(self.parts[:last])
        for column, part in enumerate(self.parts[:last]):
            header.resizeSection(column, max(40, int(rest * part / share)))


def _filter_combo(catalog: str, name: str) -> QComboBox:
    """A filter over a catalog, its first entry "alle"; places by their town first (typing
    "Neb" finds the hours in Nebra: the catalog's labels all begin with the kind of place)."""
    combo = QComboBox(objectName=name)
    combo.addItem("", "")  # "alle": its text is set by retranslateUi
    lang = ui_language()
    entries = [(e.label(lang), e.code) for e in catalogs.load(catalog).entries]
    if catalog == "location":
        towns = {e.code: str(e.extra.get("town") or "") for e in catalogs.load(catalog).entries}
        entries = sorted(
            (
                (f"{towns[code]} – {label}" if towns[code] else label, code)
                for label, code in entries
            ),
            key=lambda x: x[0].casefold(),
        )
    for label, code in entries:
        combo.addItem(label, code)
    return compact_combo(combo, 16)


class DirectoryView(QWidget):
    """The Angebote page (see the module docstring)."""

    results_shown = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.directory = store_offers.Directory()
        self._inactive = Index()
        self._loaded = False
        self._load_key = f"offers:{id(self)}"
        self.title = QLabel(objectName="pageTitle")
        self.topic = _filter_combo("topic", "offerTopic")
        self.language = _filter_combo("language", "offerLanguage")
        self.place = _filter_combo("location", "offerPlace")
        self.target_group = _filter_combo("target_group", "offerTargetGroup")
        self.text = QLineEdit(objectName="offerText")
        self.text.setClearButtonEnabled(True)
        self.labels = [QLabel() for _ in range(5)]
        for label, field in zip(
            self.labels, (self.topic, self.language, self.place, self.target_group, self.text)
        ):
            label.setBuddy(field)
        self.show_inactive = QCheckBox(objectName="showInactive")
        self.new_offer = QPushButton(objectName="newOffer")
        self.edit_offer = QPushButton(objectName="editOffer")
        self.new_provider = QPushButton(objectName="newProvider")
        for b in (self.new_offer, self.edit_offer, self.new_provider):
            b.setAutoDefault(False)
        self.status = QLabel(objectName="offerStatus")
        self.model = OfferHitsModel(self.directory.provider_name, self)
        self.table = list_table(self.model, "offerResults", stretch=0)
        shiboken6.delete(self.table.column_fit)  # its contents-based widths: see ShareColumns
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the entry beside it
        self.table.column_fit = ShareColumns(self.table, (0.32, 0.22, 0.34, 0.12))
        self.detail = QTextBrowser(objectName="offerDetail")
        self.detail.setOpenLinks(False)
        self.detail.setMinimumWidth(340)

        filters = QGridLayout()
        filters.setHorizontalSpacing(8)
        fields = (self.topic, self.language, self.place, self.target_group, self.text)
        for i, (label, field) in enumerate(zip(self.labels, fields)):
            row, col = divmod(i, 3)
            filters.addWidget(label, row, col * 2, Qt.AlignmentFlag.AlignRight)
            filters.addWidget(field, row, col * 2 + 1)
        for col in (1, 3, 5):
            filters.setColumnStretch(col, 1)
        self.maintain = QHBoxLayout()
        self.maintain.addWidget(self.status, 1)
        self.maintain.addWidget(self.show_inactive)
        for b in (self.new_offer, self.edit_offer, self.new_provider):
            self.maintain.addWidget(b)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([620, 460])
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(filters)
        lay.addLayout(self.maintain)
        lay.addWidget(split, 1)
        self.setTabOrder(self.topic, self.language)
        self.setTabOrder(self.language, self.place)
        self.setTabOrder(self.place, self.target_group)
        self.setTabOrder(self.target_group, self.text)
        self.setTabOrder(self.text, self.table)
        self.setTabOrder(self.table, self.detail)

        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.search(best=True))
        for combo in (self.topic, self.language, self.place, self.target_group):
            combo.currentIndexChanged.connect(lambda _i: self.search(best=True))
        self.text.textChanged.connect(lambda _t: self._timer.start())
        self.text.returnPressed.connect(self._to_results)
        self.show_inactive.toggled.connect(lambda _v: self.search(best=True))
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show(cur))
        self.table.activated.connect(self._activated)
        self.new_offer.clicked.connect(lambda: self.open_offer(None))
        self.edit_offer.clicked.connect(self._edit_current)
        self.new_provider.clicked.connect(self.open_provider)
        ctx.bus.changed.connect(self._on_changed)
        self._offer_maintenance()
        self.retranslateUi()

    # --- texts ---------------------------------------------------------------------------

    def retranslateUi(self) -> None:
        self.title.setText(self.tr("Angebote"))
        for label, text in zip(
            self.labels,
            (
                self.tr("&Thema"),
                self.tr("S&prache"),
                self.tr("&Ort"),
                self.tr("&Zielgruppe"),
                self.tr("Stich&wort"),
            ),
        ):
            label.setText(text)
        for combo in (self.topic, self.language, self.place, self.target_group):
            combo.setItemText(0, self.tr("alle"))
        self.language.setItemText(0, self.tr("egal"))
        self.place.setItemText(0, self.tr("egal"))
        self.text.setPlaceholderText(self.tr("Name, Träger oder Beschreibung"))
        self.show_inactive.setText(self.tr("auch &deaktivierte"))
        self.new_offer.setText(self.tr("&Neues Angebot …"))
        self.edit_offer.setText(self.tr("&Bearbeiten …"))
        self.new_provider.setText(self.tr("Neuer T&räger …"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        self._show_status()

    # --- who may maintain ------------------------------------------------------------------

    def may_maintain(self) -> bool:
        """Whether the user keeps the directory (the rules' [directory] maintainers)."""
        perms = self.ctx.permissions
        return perms.may_create("offer") and perms.may_create("provider")

    def _offer_maintenance(self) -> None:
        allowed = self.may_maintain()
        for w in (self.show_inactive, self.new_offer, self.edit_offer, self.new_provider):
            w.setVisible(allowed)
        if not allowed and self.show_inactive.isChecked():
            self.show_inactive.setChecked(False)

    # --- loading and searching ---------------------------------------------------------------

    def refresh(self) -> None:
        """Read the directory from the store (off the UI thread) and search again."""
        self.ctx.ops.read(
            store_offers.load, self.ctx.store, key=self._load_key, on_done=self._loaded_directory
        )

    def _loaded_directory(self, directory: store_offers.Directory) -> None:
        self.directory = directory
        self.model.names = directory.provider_name
        # Deactivated offers, for maintainers who want to see (and reactivate) them.
        self._inactive = Index.build(
            (dataclasses.replace(o, active=True) for o in directory.inactive()),
            {p.id: p.name for p in directory.providers.values()},
        )
        self._loaded = True
        self.search()

    def need(self) -> Need:
        return Need(
            topic=self.topic.currentData() or "",
            language=self.language.currentData() or "",
            location=self.place.currentData() or "",
            target_group=self.target_group.currentData() or "",
            text=self.text.text().strip(),
        )

    def search(self, best: bool = False) -> None:
        """Rank the directory for the filters (in memory: the directory is small enough) and
        show the best fit -- or, after a reload (*best* False), the offer shown before."""
        self._timer.stop()
        today = self.ctx.today()
        need = self.need()
        hits = self.directory.index.search(need, today, RESULT_LIMIT)
        inactive: set[str] = set()
        if self.show_inactive.isChecked() and self.show_inactive.isVisible():
            more = self._inactive.search(need, today, RESULT_LIMIT)
            inactive = {h.offer.id for h in more}
            hits += more
        current = "" if best else self.current_offer_id()
        self.model.inactive = inactive
        self.model.set_rows(hits)
        self._show_status()
        row = next((i for i, h in enumerate(hits) if h.offer.id == current), 0 if hits else -1)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._show(self.model.index(row, 0))
        else:
            self.detail.setHtml("")
        self.edit_offer.setEnabled(row >= 0)
        self.results_shown.emit(len(hits))

    def _show_status(self) -> None:
        n = self.model.rowCount()
        if not self._loaded:
            self.status.setText(self.tr("Verzeichnis wird geladen …"))
        elif not self.directory.offers:
            self.status.setText(
                self.tr(
                    "Das Verzeichnis ist noch leer: Es kommt mit der nächsten Synchronisierung."
                )
            )
        elif n == 0:
            self.status.setText(self.tr("Kein Angebot passt zu diesen Angaben."))
        else:
            self.status.setText(self.tr("%n Angebot(e), das passendste zuerst", "", n))

    def hits(self) -> list[Hit]:
        return [self.model.row_at(i) for i in range(self.model.rowCount())]

    def current_offer_id(self) -> str:
        hit = self.model.row_at(self.table.currentIndex().row())
        return hit.offer.id if hit else ""

    def _show(self, index) -> None:
        hit = self.model.row_at(index.row()) if index.isValid() else None
        if hit is None:
            self.detail.setHtml("")
            return
        offer = self.directory.offers.get(hit.offer.id, hit.offer)
        provider = self.directory.providers.get(offer.provider_id)
        self.detail.setHtml(offer_html(offer, provider, self.ctx.today(), hit.distance_km))

    def _to_results(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()

    def _activated(self, _index) -> None:
        if self.may_maintain():
            self._edit_current()
        else:
            self.detail.setFocus()

    def focus_filters(self) -> None:
        self.topic.setFocus()

    def _on_changed(self, changes) -> None:
        if changes.everything:
            self._offer_maintenance()
        if changes.everything or store_offers.touches(changes):
            self.refresh()

    # --- maintaining ------------------------------------------------------------------------

    def _edit_current(self) -> None:
        offer_id = self.current_offer_id()
        if offer_id:
            self.open_offer(offer_id)

    def open_offer(self, offer_id: str | None):
        """The offer dialog (new if *offer_id* is None); only for maintainers."""
        if not self.may_maintain():
            return None
        from desktop.ui.offer_dialog import OfferDialog

        dialog = OfferDialog(self.ctx, self.directory, offer_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_provider(self, provider_id: str | None = None):
        if not self.may_maintain():
            return None
        from desktop.ui.offer_dialog import ProviderDialog

        chosen = provider_id if isinstance(provider_id, str) else None  # (clicked(bool))
        dialog = ProviderDialog(self.ctx, chosen, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
