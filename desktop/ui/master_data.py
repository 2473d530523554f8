"""The read-only "Stammdaten" tab of the client file."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpacerItem,
    QWidget,
)

from desktop.store.repo import ClientFile
from desktop.ui.formatting import birth_with_age, date_text, nationalities_text
from desktop.ui.forms import Translatable, catalog_label

SEX_TEXT = {
    "f": QT_TRANSLATE_NOOP("MasterDataView", "weiblich"),
    "m": QT_TRANSLATE_NOOP("MasterDataView", "männlich"),
    "d": QT_TRANSLATE_NOOP("MasterDataView", "divers"),
    "u": QT_TRANSLATE_NOOP("MasterDataView", "unbekannt"),
}
STYLE = """
QWidget#masterData { background: white; }
QLabel#masterSection { font-size: 11pt; font-weight: 600; padding-top: 4px; }
QLabel#masterCaption { color: #5b6270; }
"""
VALUE_WIDTH = 150  # a value column narrower than this wraps too much: one column then


class MasterDataView(Translatable, QScrollArea):
    """All master data of a client in two columns: person on the left, contact and ids right.

    Where two columns would squeeze the values, the contact and ids stand below the person.
    """

    def __init__(self, today, parent: QWidget | None = None):
        super().__init__(parent)
        self.today = today
        self.file: ClientFile | None = None
        self.setObjectName("masterDataView")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("masterData")
        body.setStyleSheet(STYLE)
        self.columns = QHBoxLayout(body)
        self.columns.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.columns.setContentsMargins(24, 16, 24, 16)
        self.columns.setSpacing(48)
        # One form per column, so the captions of all its sections line up.
        self.left, self.right = QFormLayout(), QFormLayout()
        for col in (self.left, self.right):
            col.setHorizontalSpacing(20)
            col.setVerticalSpacing(8)
            col.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            col.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            self.columns.addLayout(col, 1)
        self.setWidget(body)

    def _two_columns_width(self) -> int:
        """The width two columns need with every value at least VALUE_WIDTH wide."""
        width = self.columns.spacing()
        for form in (self.left, self.right):
            captions = [
                form.itemAt(row, QFormLayout.ItemRole.LabelRole) for row in range(form.rowCount())
            ]
            widest = max((item.widget().sizeHint().width() for item in captions if item), default=0)
            width += widest + form.horizontalSpacing() + VALUE_WIDTH
        m = self.columns.contentsMargins()
        return width + m.left() + m.right()

    def _fit(self) -> None:
        # Measured without the scroll bar, which comes and goes with the arrangement.
        wide = self.contentsRect().width() >= self._two_columns_width()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
            self.columns.setSpacing(48 if wide else 16)
        # One above the other, both columns' values start at the same x.
        captions = self.widget().findChildren(QLabel, "masterCaption")
        widest = max((c.sizeHint().width() for c in captions), default=0)
        for caption in captions:
            caption.setMinimumWidth(0 if wide else widest)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def retranslateUi(self) -> None:
        super().retranslateUi()
        if self.file is not None:
            self.show_file(self.file)

    def _section(self, form: QFormLayout, title: str, rows: list[tuple[str, str]]) -> None:
        heading = QLabel(title)
        heading.setObjectName("masterSection")
        if form.rowCount():
            form.addItem(QSpacerItem(0, 10))
        form.addRow(heading)
        for label, value in rows or [("", self.tr("keine"))]:
            caption = QLabel(label)
            caption.setObjectName("masterCaption")
            caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            text = QLabel(value or "—")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(caption, text)

    def show_file(self, cf: ClientFile) -> None:
        self.file = cf
        c = cf.client
        for col in (self.left, self.right):
            while col.rowCount():
                col.removeRow(0)
        languages = ", ".join(
            self.tr("{language} (Dolmetschbedarf)").format(
                language=catalog_label("language", s.code)
            )
            if s.interpreter_needed
            else catalog_label("language", s.code)
            for s in c.languages
        )
        self._section(
            self.left,
            self.tr("Person"),
            [
                (self.tr("Familienname"), c.family_name),
                (self.tr("Vorname(n)"), c.given_names),
                (self.tr("Geburtsname"), c.birth_name),
                (
                    self.tr("Geburtsdatum"),
                    birth_with_age(c.birth_date, str(c.birth_date_precision), self.today()),
                ),
                (self.tr("Geburtsort"), c.birth_place),
                (self.tr("Geschlecht"), self.tr(SEX_TEXT.get(str(c.sex), SEX_TEXT["u"]))),
                (self.tr("Staatsangehörigkeit"), nationalities_text(c.nationalities)),
                (self.tr("Sprachen"), languages),
            ],
        )
        self._section(
            self.right,
            self.tr("Kontakt"),
            [
                (self.tr("Telefon"), c.phone),
                (self.tr("Anschrift / Unterkunft"), c.address),
                (self.tr("Zielgruppe"), catalog_label("target_group", c.target_group)),
                (
                    self.tr("Letzter Kontakt"),
                    date_text(cf.last_contact_at.astimezone().date()) if cf.last_contact_at else "",
                ),
            ],
        )
        self._section(
            self.right,
            self.tr("Kennungen"),
            [(catalog_label("identifier_type", i.type), i.value) for i in c.identifiers],
        )
        self._section(
            self.right,
            self.tr("Andere Namen und Schreibweisen"),
            [
                (
                    catalog_label("alias_kind", a.kind),
                    ", ".join(p for p in (a.family_name, a.given_names) if p),
                )
                for a in c.aliases
            ],
        )
        self._fit()
