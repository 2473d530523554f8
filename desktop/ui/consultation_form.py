"""Beratungskontakt: the form a caseworker fills in while the client sits at the desk.

Built for speed: defaults cover the usual case (now, my unit, my location, walk-in), all topics
are visible at once, the keyboard suffices (Ctrl+Enter saves, Esc asks), and the form is kept
as a draft in the local store so a crash or a closed laptop lid loses a few seconds at most.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import time
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QEvent, QSize, Qt, QTime, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casefile import codec, referrals
from casefile.directory import Directory, check
from casefile.records import Consultation, LanguageSkill, Referral, Task, to_dict
from casefile.validation import FieldError, ValidationError, validate_consultation, validate_task
from desktop.ui.context import AppContext
from desktop.ui.form_keys import Answer, ask_discard, install_save_keys
from desktop.ui.formatting import datetime_text
from desktop.ui.forms import (
    CatalogCheckList,
    CatalogCombo,
    DateTimeEdit,
    ErrorLabel,
    FormErrors,
    OptionalDate,
    error_text,
    refusal_text,
)
from desktop.ui.pickers import DirectoryPicker, mediator_entries, own_directory, user_entries

if TYPE_CHECKING:
    from casefile.records import MediatorBooking

DRAFT_KIND = "consultation"
DRAFT_VERSION = 1
TOPIC_COLUMNS = 3
FOLLOW_UP_DAYS = 14
FOLLOW_UP = "follow_up."  # prefix of the task's fields in error map and draft
TASK_ONLY_FIELDS = ("due_date", "text", "assignee_unit")
# The duration is typed or stepped with Up/Down; its arrow buttons are hidden because the
# app style sheet leaves them without glyphs (and NoButtons collapses the field under one).
_STYLE = """QLabel#hint, QLabel#draftStatus, QLabel#caseworker { color: #5b6270; }
QListWidget#topics { border: none; }
QSpinBox#duration::up-button, QSpinBox#duration::down-button { width: 0; border: none; }
QSpinBox#km::up-button, QSpinBox#km::down-button { width: 0; border: none; }"""


class BookingPicker(QComboBox):
    """The client's booked mediator the consultation is held with ("—": none): its hours are
    logged when the consultation is saved. A booking chosen before the list is loaded (a
    draft, the booking the form was opened for) is chosen once it is."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("booking")
        self.bookings: dict[str, MediatorBooking] = {}
        self._wanted = ""
        self.addItem("—", "")

    def set_bookings(self, bookings: list[MediatorBooking], label) -> None:
        wanted = self.booking_id() or self._wanted
        self.blockSignals(True)
        self.clear()
        self.addItem("—", "")
        # Booked ones are chosen; a request still waiting for the pool is shown, not chosen.
        self.bookings = {b.id: b for b in bookings if b.status == "booked"}
        for b in bookings:
            self.addItem(label(b), b.id)
            if b.status != "booked":
                self.model().item(self.count() - 1).setEnabled(False)
        self.blockSignals(False)
        self.set_booking_id(wanted if wanted in self.bookings else "")
        self.setEnabled(bool(bookings))

    def booking_id(self) -> str:
        current = self.currentData() or ""
        return current if current in self.bookings else ""

    def booking(self) -> MediatorBooking | None:
        return self.bookings.get(self.booking_id())

    def set_booking_id(self, booking_id: str | None) -> None:
        self._wanted = booking_id or ""
        if self._wanted and self._wanted not in self.bookings:
            return  # not loaded yet, or a request the pool has not booked
        index = self.findData(self._wanted)
        if index >= 0:
            self.setCurrentIndex(index)


def _to_qdatetime(value: dt.datetime) -> QDateTime:
    local = value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


# How the draft reads, writes and watches each kind of field: (type, read, write, change signal).
_ACCESS = (
    (CatalogCheckList, CatalogCheckList.codes, CatalogCheckList.set_codes, "codes_changed"),
    (CatalogCombo, CatalogCombo.code, CatalogCombo.set_code, "currentIndexChanged"),
    (BookingPicker, BookingPicker.booking_id, BookingPicker.set_booking_id, "currentIndexChanged"),
    (DirectoryPicker, DirectoryPicker.name, lambda w, v: w.set_name(v or ""), "editTextChanged"),
    (QPlainTextEdit, QPlainTextEdit.toPlainText, QPlainTextEdit.setPlainText, "textChanged"),
    (QLineEdit, QLineEdit.text, QLineEdit.setText, "textChanged"),
    (QCheckBox, QCheckBox.isChecked, lambda w, v: w.setChecked(bool(v)), "toggled"),
    (QSpinBox, QSpinBox.value, lambda w, v: w.setValue(int(v)), "valueChanged"),
    (
        OptionalDate,
        lambda w: w.value() and w.value().isoformat(),
        lambda w, v: w.set_value(dt.date.fromisoformat(v) if v else None),
        "changed",
    ),
    (
        QDateTimeEdit,
        lambda w: w.dateTime().toPython().astimezone().isoformat(timespec="minutes"),
        lambda w, v: w.setDateTime(_to_qdatetime(dt.datetime.fromisoformat(v))),
        "dateTimeChanged",
    ),
)


def _access(widget: QWidget) -> tuple:
    return next(a for a in _ACCESS if isinstance(widget, a[0]))


def _named(widget, name: str):
    widget.setObjectName(name)
    return widget


class ConsultationDialog(QDialog):
    """Record one consultation (and optionally a Wiedervorlage) for one client."""

    def __init__(
        self,
        ctx: AppContext,
        client_id: str,
        client_name: str,
        draft: dict | None = None,
        parent: QWidget | None = None,
        languages: Sequence[LanguageSkill] = (),
        booking_id: str | None = None,
    ):
        """*languages*: the client's (master data), to pre-fill language and Sprachmittlung;
        a *draft* keeps its own. *booking_id*: the mediator's booking the consultation is held
        with (its hours are logged on saving); else the user may pick the client's."""
        super().__init__(parent)
        self.ctx, self.client_id, self.client_name = ctx, client_id, client_name
        payload = (draft or {}).get("payload", draft) or {}  # a Store.drafts() row or a payload
        self.draft_key: str = (
            (draft or {}).get("key")
            or payload.get("key")
            or f"consultation:{client_id}:{uuid.uuid4().hex}"
        )
        self._loading = False  # restoring a draft is not an edit by the user
        self._dirty_since: float | None = None
        self._draft_stored = draft is not None
        self._saving = self._finished = False
        self._task_text_auto = True  # the task text follows "next step" until typed into
        self._restored_at: dt.datetime | None = None
        self._labels: dict[str, QLabel] = {}
        self.errors = FormErrors()
        self.setStyleSheet(_STYLE)
        self._make_widgets()
        self._prefill_language(languages)
        self._make_layout()
        self._connect()
        if booking_id:
            self.booking.set_booking_id(booking_id)
        if draft is not None:
            self._restore(payload, (draft or {}).get("updated_at") or payload.get("saved_at"))
        else:
            self.load_scheduled_location()
        self.load_bookings()
        self.retranslateUi()
        self.topics.setFocus()  # everything above has a default; topics and note never do

    # --- construction -----------------------------------------------------------------------

    def _make_widgets(self) -> None:
        s = self.ctx.settings
        self.started_at = DateTimeEdit(
            _to_qdatetime(dt.datetime.now()),
            objectName="startedAt",
            displayFormat="dd.MM.yyyy HH:mm",
            calendarPopup=True,
        )
        self.duration = QSpinBox(
            objectName="duration", minimum=1, maximum=600, singleStep=5, value=30
        )
        self.duration.lineEdit().setTextMargins(4, 0, 0, 0)
        self.unit = _named(CatalogCombo("unit"), "unit")
        self.unit.set_code(s.unit)
        # Only the Sachgebiete the rules let this user write (reception: the reception's own).
        rules = self.ctx.permissions
        self.unit.restrict(rules.writable_units("consultation"), first=rules.user.units)
        self.location = _named(CatalogCombo("location"), "location")
        # "mein heutiger Standort": the last one chosen today, else my usual one
        self.location.setCurrentIndex(
            max(0, self.location.findData(s.location_for(self.ctx.today())))
        )
        self.kind = _named(CatalogCombo("consultation_kind"), "kind")
        self.kind.set_code("walk_in")
        self.language = _named(
            CatalogCombo("language", allow_empty=True, common_first=True), "language"
        )
        for combo in (self.unit, self.location, self.kind, self.language):
            # long labels ("Dezentrale Sprechstunde …") must not widen the form; the list shows all
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(22)
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
        self.mediator_used = QCheckBox(objectName="mediatorUsed")
        self.mediator_name = DirectoryPicker("mediatorName")
        self.mediator_name.setEnabled(False)
        self.booking = BookingPicker()
        self.booking.setEnabled(False)
        self.km = QSpinBox(objectName="km", minimum=0, maximum=2000, value=0)
        self.km.setEnabled(False)
        self.request_mediator = QPushButton(objectName="requestMediator")
        self.request_mediator.setAutoDefault(False)
        self.topics = _named(CatalogCheckList("topic", columns=TOPIC_COLUMNS), "topics")
        self._fit_topics()
        self._offer_topics()
        self.unit.currentIndexChanged.connect(self._offer_topics)
        # tabChangesFocus: keyboard-only use, Tab must leave the note
        self.note = QPlainTextEdit(objectName="note", tabChangesFocus=True, minimumHeight=120)
        self.outcome = _named(CatalogCombo("outcome", allow_empty=True), "outcome")
        self.next_step = QLineEdit(objectName="nextStep")
        self.follow_date = _named(OptionalDate(""), "followUpDate")
        due = self.ctx.today() + dt.timedelta(days=FOLLOW_UP_DAYS)
        self.follow_date.edit.setDate(QDate(due.year, due.month, due.day))
        self.task_text = QLineEdit(objectName="followUpText")
        self.assignee = DirectoryPicker("followUpAssignee")
        self.assignee.set_name(s.user_name)
        self.directory = Directory()
        self.load_directory()
        # the draft's fields, in tab order; the keys are also the names in the error map
        self._state: dict[str, QWidget] = {
            "started_at": self.started_at,
            "duration_min": self.duration,
            "unit": self.unit,
            "location": self.location,
            "kind": self.kind,
            "language": self.language,
            "mediator_used": self.mediator_used,
            "mediator_name": self.mediator_name,
            "booking_id": self.booking,
            "km": self.km,
            "topics": self.topics,
            "note": self.note,
            "outcome": self.outcome,
            "next_step": self.next_step,
            FOLLOW_UP + "due_date": self.follow_date,
            FOLLOW_UP + "text": self.task_text,
            FOLLOW_UP + "assignee": self.assignee,
        }
        self.form_error = _named(ErrorLabel(), "formError")
        self.banner = QLabel(objectName="restoredBanner", visible=False)
        self.draft_status = QLabel(objectName="draftStatus")
        self.hint = QLabel(objectName="hint")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = _named(
            self.buttons.button(QDialogButtonBox.StandardButton.Save), "saveButton"
        )
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)
        # A referral made in this consultation, saved with it (ReferralDialog collects it).
        self.referral: Referral | None = None
        self.referral_task: Task | None = None
        self.referral_button = QPushButton(objectName="referralButton")
        self.referral_button.setAutoDefault(False)
        self.referral_label = QLabel(objectName="referralLabel")
        self.referral_label.setTextFormat(Qt.TextFormat.PlainText)
        self.autosave_timer = QTimer(
            self, singleShot=True, interval=max(1, s.autosave_seconds) * 1000
        )

    def _prefill_language(self, languages: Sequence[LanguageSkill]) -> None:
        """The language the client needs an interpreter for (Sprachmittlung ticked), else the
        client's first language; the caseworker changes it where the talk went otherwise."""
        skill = next((s for s in languages if s.interpreter_needed), None)
        if skill is None:
            skill = next(iter(languages), None)
        if skill is None or self.language.findData(skill.code) < 0:
            return
        self.language.set_code(skill.code)
        self.mediator_used.setChecked(skill.interpreter_needed)
        self.mediator_name.setEnabled(skill.interpreter_needed)

    def prefill_walk_in(self, unit: str, location: str, language: str, interpreter: bool) -> None:
        """What a walk-in ticket already says (the queue panel's *erledigt*): the unit whose
        queue it was in (if the user may record for it), the place, kind walk-in, and the
        language with the interpreter need -- the ticket's, over the client file's."""
        self._loading = True  # defaults, not an edit: no draft for them alone
        try:
            if self.unit.findData(unit) >= 0:
                self.unit.set_code(unit)
            if self.location.findData(location) >= 0:
                self.location.set_code(location)
            self.kind.set_code("walk_in")
            if language and self.language.findData(language) >= 0:
                self.language.set_code(language)
                self.mediator_used.setChecked(interpreter)
                self.mediator_name.setEnabled(interpreter)
        finally:
            self._loading = False

    def _fit_topics(self) -> None:
        """Size the grid after the longest label, so every topic shows without scrolling."""
        lst = self.topics
        hints = [lst.sizeHintForIndex(lst.model().index(i, 0)) for i in range(lst.count())]
        if not hints:
            return
        cell = QSize(max(h.width() for h in hints) + 16, max(h.height() for h in hints) + 8)
        lst.setGridSize(cell)
        frame = 2 * lst.frameWidth() + 6
        lst.setMinimumSize(
            cell.width() * TOPIC_COLUMNS + frame,
            math.ceil(len(hints) / TOPIC_COLUMNS) * cell.height() + frame,
        )
        lst.setMaximumHeight(lst.minimumHeight())  # keeps its error message right under it
        lst.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _row(
        self, grid: QGridLayout, row: int, field: str, widget: QWidget, buddy: QWidget | None = None
    ) -> int:
        label = QLabel()
        label.setBuddy(buddy or widget)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(widget, row, 1)
        grid.addWidget(err := ErrorLabel(), row + 1, 1)
        self.errors.register(field, widget, err)
        self._labels[field] = label
        return row + 2

    def _box(self, field: str | None = None, widget: QWidget | None = None):
        """A group box holding one big field, or (box, grid) for rows of label and field."""
        box = QGroupBox()
        if widget is None:
            grid = QGridLayout(box)
            grid.setColumnStretch(1, 1)
            return box, grid
        lay = QVBoxLayout(box)
        lay.addWidget(widget, 1)
        lay.addWidget(err := ErrorLabel())
        lay.addStretch(0)
        self.errors.register(field, widget, err)
        return box

    def _make_layout(self) -> None:
        self.km_label = QLabel()
        self.client_label = _named(QLabel(self.client_name), "sectionTitle")
        self.client_label.setTextFormat(Qt.TextFormat.PlainText)
        self.caseworker_label = _named(QLabel(), "caseworker")
        header = QHBoxLayout()
        header.addWidget(self.client_label, 1)
        header.addWidget(self.caseworker_label)

        self.contact_box, grid = self._box()
        mediator = QWidget()
        m_lay = QHBoxLayout(mediator)
        m_lay.setContentsMargins(0, 0, 0, 0)
        m_lay.addWidget(self.mediator_used)
        m_lay.addWidget(self.mediator_name, 1)
        row = 0
        for field in ("started_at", "duration_min", "unit", "location", "kind", "language"):
            row = self._row(grid, row, field, self._state[field])
        row = self._row(grid, row, "mediator", mediator, self.mediator_used)
        booked = QWidget()
        b_lay = QHBoxLayout(booked)
        b_lay.setContentsMargins(0, 0, 0, 0)
        b_lay.addWidget(self.booking, 1)
        b_lay.addWidget(self.km_label)
        b_lay.addWidget(self.km)
        b_lay.addWidget(self.request_mediator)
        self.km_label.setBuddy(self.km)
        grid.setRowStretch(self._row(grid, row, "booking_id", booked, self.booking), 1)
        self.topics_box = self._box("topics", self.topics)
        top = QHBoxLayout()
        top.addWidget(self.contact_box, 1)  # long location names get the spare width
        top.addWidget(self.topics_box)
        self.note_box = self._box("note", self.note)

        self.result_box, grid = self._box()
        grid.setRowStretch(
            self._row(
                grid, self._row(grid, 0, "outcome", self.outcome), "next_step", self.next_step
            ),
            1,
        )
        self.follow_box, grid = self._box()
        grid.addWidget(self.follow_date, 0, 0, 1, 2)
        grid.addWidget(err := ErrorLabel(), 1, 0, 1, 2)
        self.errors.register(FOLLOW_UP + "due_date", self.follow_date, err)
        # assignee_unit is derived from the person field, so its errors belong there
        self._row(
            grid,
            self._row(grid, 2, FOLLOW_UP + "text", self.task_text),
            FOLLOW_UP + "assignee_unit",
            self.assignee,
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.result_box, 1)
        bottom.addWidget(self.follow_box, 1)

        foot = QHBoxLayout()
        foot.addWidget(self.referral_button)
        foot.addWidget(self.referral_label)
        foot.addWidget(self.draft_status, 1)
        foot.addWidget(self.hint)
        foot.addWidget(self.buttons)
        # The fields scroll where the screen is too low for them (a 1366×768 laptop with
        # error messages shown); the client's name, the summary and the buttons stay.
        body = QWidget(objectName="consultationBody")
        body_lay = QVBoxLayout(body)
        body_lay.setContentsMargins(0, 0, 0, 0)
        for part, stretch in ((self.banner, 0), (top, 0), (self.note_box, 1), (bottom, 0)):
            (body_lay.addLayout if isinstance(part, QHBoxLayout) else body_lay.addWidget)(
                part, stretch
            )
        self.scroll = QScrollArea(objectName="consultationScroll", widgetResizable=True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        for part in (body, self.scroll.viewport()):
            part.setAutoFillBackground(False)  # the dialog's own background, as without it
        lay = QVBoxLayout(self)
        lay.addLayout(header)
        lay.addWidget(self.scroll, 1)
        lay.addWidget(self.form_error)
        lay.addLayout(foot)
        chain = [
            w
            for v in self._state.values()
            for w in ((v.check, v.edit) if isinstance(v, OptionalDate) else (v,))
        ]
        # The mediator's booking comes last before the buttons: the usual path (topics back
        # to the mediator's name, on to the note) stays as short as before.
        booked = [self.booking, self.km, self.request_mediator]
        chain = [w for w in chain if w not in booked] + booked
        chain += [self.referral_button, self.save_button, self.cancel_button]
        for a, b in itertools.pairwise(chain):
            self.setTabOrder(a, b)
        self.resize(self.sizeHint().expandedTo(QSize(1040, 760)))

    def _connect(self) -> None:
        for widget in self._state.values():
            getattr(widget, _access(widget)[3]).connect(self._changed)
        self.mediator_used.toggled.connect(self.mediator_name.setEnabled)
        self.booking.currentIndexChanged.connect(self._booking_chosen)
        self.request_mediator.clicked.connect(self.ask_for_mediator)
        self.language.currentIndexChanged.connect(self._offer_mediators)
        self.follow_date.check.toggled.connect(self._follow_up_toggled)
        self._follow_up_toggled(False)
        self.next_step.textChanged.connect(self._mirror_next_step)
        self.task_text.textEdited.connect(lambda text: setattr(self, "_task_text_auto", not text))
        self.autosave_timer.timeout.connect(self.save_draft_now)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.referral_button.clicked.connect(self.open_referral)
        install_save_keys(self, self.save)
        # closing the lid or switching programs may be the last chance before the power is gone
        QGuiApplication.instance().applicationStateChanged.connect(self._app_state_changed)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Beratung erfassen – {name}").format(name=self.client_name))
        self.caseworker_label.setText(
            self.tr("Beraten von {user}").format(user=self.ctx.settings.user_name)
        )
        self.contact_box.setTitle(self.tr("Kontakt"))
        self.topics_box.setTitle(self.tr("Th&emen"))
        self.note_box.setTitle(self.tr("Gesprächs&notiz"))
        self.result_box.setTitle(self.tr("Ergebnis"))
        self.follow_box.setTitle(self.tr("Wiedervorlage"))
        for field, text in (
            ("started_at", self.tr("&Datum, Uhrzeit")),
            ("duration_min", self.tr("Da&uer")),
            ("unit", self.tr("Sach&gebiet")),
            ("location", self.tr("&Ort")),
            ("kind", self.tr("&Art")),
            ("language", self.tr("Sp&rache")),
            ("mediator", self.tr("Sprach&mittlung")),
            ("booking_id", self.tr("Buc&hung")),
            ("outcome", self.tr("Erge&bnis")),
            ("next_step", self.tr("Nächster &Schritt")),
            (FOLLOW_UP + "text", self.tr("Au&fgabe")),
            (FOLLOW_UP + "assignee_unit", self.tr("&Zuständig")),
        ):
            self._labels[field].setText(text)
        self.duration.setSuffix(self.tr(" Min."))
        self.mediator_used.setText(self.tr("ja, durch"))
        self.km_label.setText(self.tr("&km"))
        self.km.setToolTip(self.tr("Gefahrene Kilometer der Sprachmittlung (Fahrtkosten)"))
        self.request_mediator.setText(self.tr("Sprachmitt&lung anfragen …"))
        self.booking.setItemText(0, self.tr("— keine gebuchte Sprachmittlung —"))
        self.booking.setToolTip(
            self.tr("Beim Speichern werden die Stunden der Sprachmittlung aus der Dauer erfasst")
        )
        self.mediator_name.setPlaceholderText(
            self.tr("Name der Sprachmittlerin / des Sprachmittlers")
        )
        self.note.setPlaceholderText(self.tr("Anliegen, besprochene Punkte, Vereinbarungen …"))
        self.next_step.setPlaceholderText(
            self.tr("z. B. Unterlagen nachreichen, Termin beim Jobcenter")
        )
        self.follow_date.check.setText(self.tr("&Wiedervorlage am"))
        self.task_text.setPlaceholderText(self.tr("Was ist dann zu tun?"))
        self.assignee.setPlaceholderText(self.tr("leer = ganzes Sachgebiet"))
        self.save_button.setText(self.tr("Speichern"))
        self.save_button.setToolTip(self.tr("Speichern (Strg+Eingabe oder Strg+S)"))
        self.cancel_button.setText(self.tr("Abbrechen"))
        self._show_referral()
        self.hint.setText(self.tr("Strg+Eingabe speichert · Esc schließt"))
        if self._restored_at is not None:
            self.banner.setText(
                self.tr("Wiederhergestellter Entwurf vom {time}").format(
                    time=datetime_text(self._restored_at)
                )
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- form state -------------------------------------------------------------------------

    def load_directory(self) -> None:
        """Fill the pick lists from the laptop's copy of the directory (off the UI thread)."""
        self.ctx.ops.read(self.ctx.store.directory, on_done=self._directory_loaded)

    def _directory_loaded(self, found: Directory) -> None:
        self.directory = own_directory(found, self.ctx.settings.user_name, ())
        self.assignee.set_entries(user_entries(self.directory))
        self._offer_mediators()

    def _offer_mediators(self, *_args) -> None:
        """The mediators who speak the consultation's language (all without one)."""
        self.mediator_name.set_entries(mediator_entries(self.directory, self.language.code()))

    # --- issue 20: today's location from the consulting hours ----------------------------------

    def load_scheduled_location(self) -> None:
        """Where the user's units hold consulting hours today (off the UI thread), the default
        location unless the user chose one today (that choice wins, as it did before)."""
        from desktop.store import consulting_hours as hours_store

        s, today = self.ctx.settings, self.ctx.today()
        self._location_default = self.location.code()
        if s.chose_location_today(today) or s.is_locked("location"):
            return  # the user's choice of today, or a PC whose place IT fixed
        units = [self.unit.code(), s.unit, *self.ctx.permissions.user.units]
        self.ctx.ops.read(
            hours_store.today_location,
            self.ctx.store,
            list(dict.fromkeys(u for u in units if u)),
            today,
            s.location,
            key=f"consultation-hours:{id(self)}",
            on_done=self._scheduled_location,
        )

    def _scheduled_location(self, code: str | None) -> None:
        if not shiboken6.isValid(self) or not code:
            return
        if self.location.code() != self._location_default or self.location.findData(code) < 0:
            return  # the user picked a location meanwhile
        was_loading, self._loading = self._loading, True
        try:
            self.location.set_code(self.ctx.settings.location_for(self.ctx.today(), code))
        finally:
            self._loading = was_loading

    # --- the mediator's booking -----------------------------------------------------------

    def load_bookings(self) -> None:
        """The client's booked mediators (off the UI thread): the one this consultation is
        held with logs its hours on saving."""
        from desktop.store import mediation as pool_store

        self.ctx.ops.read(
            pool_store.bookings,
            self.ctx.store,
            pool_store.OPEN,
            self.client_id,
            key=f"consultation-bookings:{id(self)}",
            on_done=self._bookings_loaded,
        )

    def _bookings_loaded(self, rows) -> None:
        from desktop.ui.booking_dialog import booking_text

        was_loading, self._loading = self._loading, True
        try:
            self.booking.set_bookings([r.booking for r in rows], booking_text)
            self._booking_chosen()
        finally:
            self._loading = was_loading

    def _booking_chosen(self, *_args) -> None:
        booking = self.booking.booking()
        self.km.setEnabled(booking is not None)
        if booking is None:
            return
        if self.language.findData(booking.language) >= 0:
            self.language.set_code(booking.language)
        self.mediator_used.setChecked(True)
        self.mediator_name.setEnabled(True)
        self.mediator_name.set_name(booking.mediator_name)

    def ask_for_mediator(self):
        """Sprachmittlung anfragen: a booking for this client (language, place and unit from
        the form); booked at once by a user who sees the pool, else requested."""
        from desktop.ui.booking_dialog import BookingDialog

        dialog = BookingDialog(
            self.ctx,
            client_id=self.client_id,
            client_name=self.client_name,
            language=self.language.code(),
            unit=self.unit.code(),
            location=self.location.code(),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _b: self.load_bookings())
        self.booking_dialog = dialog
        dialog.open()
        return dialog

    def _follow_up_toggled(self, on: bool) -> None:
        self.task_text.setEnabled(on)
        self.assignee.setEnabled(on)
        if on and not self.task_text.text():
            self.task_text.setText(self.next_step.text())

    def _mirror_next_step(self, text: str) -> None:
        if self._task_text_auto and not self._loading:
            self.task_text.setText(text)

    def has_content(self) -> bool:
        """Did the caseworker enter anything worth keeping, beyond the defaults?"""
        return bool(
            self.note.toPlainText().strip()
            or self.topics.codes()
            or self.next_step.text().strip()
            or self.outcome.code()
            or self.mediator_name.text().strip()
            or self.follow_date.value()
            or self.booking.booking_id()
            or self.referral is not None
        )

    def draft_payload(self) -> dict:
        """All field values as a JSON-able dict (date-times as ISO strings)."""
        values = {key: _access(w)[1](w) for key, w in self._state.items()}
        return {
            **values,
            "version": DRAFT_VERSION,
            "key": self.draft_key,
            "client_id": self.client_id,
            "client_name": self.client_name,
            "task_text_auto": self._task_text_auto,
            "referral": codec.encode(self.referral) if self.referral is not None else None,
            "referral_task": (
                codec.encode(self.referral_task) if self.referral_task is not None else None
            ),
            "saved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }

    def _restore(self, payload: dict, saved_at) -> None:
        self._loading = True
        try:
            for key, widget in self._state.items():
                if payload.get(key) is not None or key == FOLLOW_UP + "due_date":
                    try:
                        _access(widget)[2](widget, payload.get(key))
                    except (TypeError, ValueError):
                        pass  # one malformed value must not keep the rest of the draft away
            self._task_text_auto = bool(payload.get("task_text_auto", True))
            try:
                if payload.get("referral"):
                    self.referral = codec.decode(Referral, payload["referral"])
                    if payload.get("referral_task"):
                        self.referral_task = codec.decode(Task, payload["referral_task"])
            except (KeyError, TypeError, ValueError):
                self.referral = self.referral_task = None  # the rest of the draft still counts
        finally:
            self._loading = False
        if isinstance(saved_at, str):
            saved_at = dt.datetime.fromisoformat(saved_at)
        self._restored_at = saved_at or dt.datetime.now(dt.UTC)
        self.banner.show()

    def build_records(self) -> tuple[Consultation, Task | None]:
        """The consultation and the optional follow-up as entered (not yet validated)."""
        # Held with a booked mediator: Sprachmittlung by the booking's mediator, whatever
        # the tick says (the hours logged name her too).
        booking = self.booking.booking()
        unit, mediator = self.unit.code(), self.mediator_used.isChecked() or booking is not None
        mediator_name = self.mediator_name.name() or (booking.mediator_name if booking else "")
        cons = Consultation(
            client_id=self.client_id,
            unit=unit,
            caseworker=self.ctx.settings.user_name,
            started_at=self.started_at.dateTime().toPython().astimezone(dt.UTC),
            location=self.location.code(),
            kind=self.kind.code(),
            topics=self.topics.codes(),
            duration_min=self.duration.value(),
            language=self.language.code(),
            mediator_used=mediator,
            mediator_name=mediator_name if mediator else "",
            note=self.note.toPlainText().strip(),
            outcome=self.outcome.code(),
            next_step=self.next_step.text().strip(),
        )
        due = self.follow_date.value()
        if due is None:
            return cons, None
        assignee = self.assignee.name()
        # The unit of the person chosen ("Name (Sachgebiet)"), else the one of their units the
        # consultation's is, else their first; without a person the follow-up lands in the
        # consultation unit's shared queue (see Store.tasks).
        user = self.directory.user(assignee) if assignee else None
        units = user.units if user is not None else ()
        assignee_unit = (
            self.assignee.unit() or (unit if unit in units or not units else units[0])
            if assignee
            else unit
        )
        return cons, Task(
            client_id=self.client_id,
            due_date=due,
            text=self.task_text.text().strip() or cons.next_step,
            assignee=assignee,
            assignee_unit=assignee_unit,
        )

    def _offer_topics(self) -> None:
        """Hide the topics the rules do not let this user record in the chosen unit (a
        consultation about health is a special category: not the reception's)."""
        rules, unit = self.ctx.permissions, self.unit.code()
        for i in range(self.topics.count()):
            item = self.topics.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            allowed = rules.refusal("consultation", None, {"unit": unit, "topics": [code]}) is None
            if not allowed:
                item.setCheckState(Qt.CheckState.Unchecked)
            item.setHidden(not allowed)

    def _refusals(self, cons: Consultation, task: Task | None) -> list[str]:
        """What the server's rules would refuse of this save, in words (asked first: the
        consultation and its follow-up are saved together or not at all)."""
        rules = self.ctx.permissions
        out = []
        for record in (cons, task):
            if record is not None:
                refusal = rules.refusal(codec.kind_of(record), None, codec.encode(record))
                if refusal is not None:
                    out.append(refusal_text(refusal))
        booking = self.booking.booking()
        if booking is not None:
            # The hours entry and the booking done go with the consultation.
            before = codec.encode(booking)
            hours = {"unit": booking.unit, "mediator_id": booking.mediator_id}
            for kind, old, new in (
                ("mediator_booking", before, {**before, "status": "done"}),
                ("hours_entry", None, hours),
            ):
                refusal = rules.refusal(kind, old, new)
                if refusal is not None:
                    out.append(refusal_text(refusal))
        return out

    def _show_errors(self, errors: list[FieldError]) -> None:
        lines = [
            self.tr(
                "Die Klientenakte ist nicht mehr vorhanden. Die Eingaben bleiben als "
                "Entwurf erhalten."
            )
            if e.field == "client_id"
            else error_text(e)
            for e in self.errors.show(errors)
        ]
        self.form_error.show_errors(lines)

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        """Validate; if valid, save the consultation and its follow-up in one transaction."""
        if self._saving or self._finished:
            return
        cons, task = self.build_records()
        # The server's rules first (a pulled change of the user's units under the open form).
        refused = self._refusals(cons, task)
        if refused:
            self.errors.show([])
            self.form_error.show_errors(refused)
            return
        today = self.ctx.today()
        booking = self.booking.booking()
        # A name typed that is in no pick list is refused here, not stored for nobody -- but
        # the booked mediator's name is the pool's (this laptop's list may not know it yet).
        errors = validate_consultation(cons, today) + [
            e
            for e in check(self.directory, "consultation", None, to_dict(cons))
            if booking is None or cons.mediator_name != booking.mediator_name
        ]
        if task is not None:
            errors += [
                FieldError(FOLLOW_UP + e.field, e.code, e.params)
                for e in validate_task(task, today, new=True)
                + check(self.directory, "task", None, to_dict(task))
            ]
        self._show_errors(errors)
        if errors:
            return
        self._saving = True
        self.autosave_timer.stop()
        self.save_button.setEnabled(False)
        then = None
        if booking is not None:
            from desktop.store import mediation as pool_store

            then = pool_store.hours_with(self.ctx.store, booking.id, float(self.km.value()))
        self.ctx.ops.write(
            self.ctx.store.add_consultation,
            cons,
            task,
            self.referral,
            draft_key=self.draft_key,
            then=then,
            referral_follow_up=self.referral_task,
            on_done=self._saved,
            on_error=self._save_failed,
        )

    # --- referral ---------------------------------------------------------------------------

    def open_referral(self) -> QDialog:
        """The "Verweisung" dialog with this consultation's need (first topic, language,
        place); what it collects is saved with the consultation."""
        from desktop.ui.referral_dialog import ReferralDialog

        dialog = ReferralDialog(
            self.ctx,
            self.client_id,
            self.client_name,
            topics=self.topics.codes(),
            language=self.language.code(),
            location=self.location.code(),
            collect=True,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._referral_collected(dialog))
        dialog.open()
        self.referral_dialog = dialog
        return dialog

    def _referral_collected(self, dialog) -> None:
        self.referral, self.referral_task = dialog.result_referral, dialog.result_task
        self._show_referral()
        self._changed()

    def _show_referral(self) -> None:
        ref = self.referral
        self.referral_button.setText(
            self.tr("Verweisung &ändern …") if ref else self.tr("&Verweisung …")
        )
        self.referral_label.setText(
            self.tr("Verweisung an {target}").format(target=ref.target) if ref else ""
        )

    def _saved(self, _consultation_id: str) -> None:
        self._finished, self._saving = True, False
        self.ctx.settings.remember_location(self.location.code(), self.ctx.today())
        self.accept()

    def _save_failed(self, exc: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self._saving = False
        self.save_button.setEnabled(True)
        self.save_draft_now()
        from desktop.store.mediation import StaleBooking

        if isinstance(exc, StaleBooking):
            self.form_error.show_errors(
                [
                    self.tr(
                        "Die gewählte Buchung der Sprachmittlung ist nicht mehr offen. Bitte "
                        "eine andere wählen oder keine."
                    )
                ]
            )
            self.load_bookings()
            return
        refusal = getattr(exc, "refusal", None)  # desktop.store.referrals.ReferralRefused
        if refusal is not None:
            self.form_error.show_errors(
                [
                    QCoreApplication.translate(
                        "referrals", referrals.REASONS[refusal.reason]
                    ).format(recipient=refusal.recipient)
                ]
            )
            return
        if isinstance(exc, ValidationError):  # e.g. the client is gone, or it is past midnight
            self._show_errors(
                [
                    FieldError(
                        FOLLOW_UP + e.field if e.field in TASK_ONLY_FIELDS else e.field,
                        e.code,
                        e.params,
                    )
                    for e in exc.errors
                ]
            )
            return
        QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Speichern fehlgeschlagen"),
            self.tr("Die Beratung konnte nicht gespeichert werden."),
            parent=self,
            informativeText=self.tr(
                "Ihre Eingaben bleiben im Formular und als Entwurf erhalten. Bitte "
                "versuchen Sie es in einem Moment erneut. Tritt der Fehler wiederholt auf, "
                "wenden Sie sich bitte an den IT-Service und nennen Sie die Details."
            ),
            detailedText=f"{type(exc).__name__}: {exc}",
        ).exec()

    # --- drafts -----------------------------------------------------------------------------

    def _changed(self, *_args) -> None:
        if self._loading or self._finished:
            return
        now = time.monotonic()
        if self._dirty_since is None:
            self._dirty_since = now
        # restarting the timer alone would never fire while someone types without a pause
        if now - self._dirty_since >= self.autosave_timer.interval() / 1000:
            self.save_draft_now()
        else:
            self.autosave_timer.start()

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        if (
            shiboken6.isValid(self)
            and self._dirty_since is not None
            and state != Qt.ApplicationState.ApplicationActive
        ):
            self.save_draft_now()

    def save_draft_now(self) -> None:
        """Store the form as a draft now; an emptied form removes its draft instead."""
        self.autosave_timer.stop()
        self._dirty_since = None
        if self._finished or self._saving:
            return
        if not self.has_content():
            self._discard_draft()
            return
        self._draft_stored = True
        self.ctx.ops.write(
            self.ctx.store.save_draft,
            self.draft_key,
            DRAFT_KIND,
            self.client_id,
            self.draft_payload(),
            on_done=lambda _r: self._draft_state(None),
            on_error=self._draft_state,
        )

    def _discard_draft(self) -> None:
        self.autosave_timer.stop()
        self._dirty_since = None
        if self._draft_stored:
            self._draft_stored = False
            self.ctx.ops.write(self.ctx.store.delete_draft, self.draft_key)

    def _draft_state(self, exc: Exception | None) -> None:
        # no message box on failure: it would interrupt the typing every few seconds, and the
        # next change tries again
        if shiboken6.isValid(self):
            self.draft_status.setText(
                self.tr("Entwurf konnte nicht gesichert werden")
                if exc
                else self.tr("Entwurf gesichert um {time}").format(
                    time=dt.datetime.now().strftime("%H:%M:%S")
                )
            )
            self.draft_status.setToolTip(str(exc or ""))

    def reject(self) -> None:
        """Esc, Abbrechen or closing the window: ask before a filled form is thrown away."""
        if self._saving:
            return
        if not self._finished and self.has_content():
            answer = ask_discard(
                self,
                self.tr("Die Beratung ist noch nicht gespeichert."),
                self.tr("Als Entwurf behalten, um später weiterzuarbeiten?"),
                keep_draft=True,
            )
            if answer is Answer.KEEP_DRAFT:
                self.save_draft_now()
            elif answer is Answer.DISCARD:
                self._discard_draft()
            else:
                return
        elif not self._finished:
            self._discard_draft()
        self._finished = True
        super().reject()


def load_drafts(store) -> list[tuple[dict, str, str]]:
    """(draft, client id, client name) of every consultation draft whose client is in the
    store. Drafts of clients that are not here are skipped but kept: a sync may bring them back."""
    found = []
    for draft in store.drafts(DRAFT_KIND):
        client = store.get_client(draft["client_id"]) if draft["client_id"] else None
        if client is not None:
            found.append((draft, client.id, client.display_name))
    return found


def restore_drafts(
    ctx: AppContext,
    parent: QWidget | None = None,
    *,
    on_ready: Callable[[list[ConsultationDialog]], None],
) -> None:
    """The consultation drafts a crash left or the user kept, read off the UI thread:
    *on_ready* gets a dialog (created, not shown) for each."""

    def ready(found) -> None:
        on_ready(
            [
                ConsultationDialog(ctx, client_id, name, draft=draft, parent=parent)
                for draft, client_id, name in found
            ]
        )

    ctx.ops.read(load_drafts, ctx.store, on_done=ready)
