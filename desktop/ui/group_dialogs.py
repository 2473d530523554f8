"""The dialogs of the "Gruppen" page: plan a group session or a series (N dates), and the
attendance sheet that records a session into every participant's file.

Both work through the operation layer (ctx.ops); Ctrl+Enter saves, Esc asks before input is
thrown away; both fit a 1366x768 screen. The sheet is worked by keyboard: type a name and
Enter adds the person (Ctrl+H adds the whole household), in the table Space cycles present /
excused / absent and 1, 2, 3 set them, the hours column takes a number, Del removes a row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile import groups, validation
from casefile.records import GroupSession
from desktop.store import groups as store_groups
from desktop.ui.context import AppContext
from desktop.ui.form_keys import Answer, FormState, ask_discard, install_save_keys
from desktop.ui.formatting import date_text, datetime_text
from desktop.ui.forms import (
    CatalogCheckList,
    CatalogCombo,
    DateTimeEdit,
    ErrorLabel,
    FormErrors,
    catalog_label,
    compact_combo,
)
from desktop.ui.save_flow import SaveFailure

ROLE = Qt.ItemDataRole.UserRole
STATUS_KEYS = {Qt.Key.Key_1: "present", Qt.Key.Key_2: "excused", Qt.Key.Key_3: "absent"}


def hours_text(hours: float | None) -> str:
    if hours is None:
        return ""
    return f"{hours:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def parse_hours(text: str) -> float | None:
    """Hours as typed ("1,5", "2"); None for an empty cell; ValueError for anything else."""
    text = text.strip().replace(",", ".")
    return float(text) if text else None


def session_title(session: GroupSession) -> str:
    label = groups.series_label(session)
    return f"{session.title} ({label})" if label else session.title


class _Dialog(SaveFailure, QDialog):
    """Save keys, Esc asking before unsaved input is lost, and the German error line."""

    def _finish(self) -> None:
        self.form_state = FormState(self)
        install_save_keys(self, self.save)

    def reject(self) -> None:
        if self.form_state.is_dirty() and ask_discard(self) != Answer.DISCARD:
            return
        super().reject()

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _failure_text(self, exc: Exception) -> str:
        return QCoreApplication.translate(
            "GroupDialogs", "Speichern fehlgeschlagen: {error}"
        ).format(error=exc)


class SessionDialog(_Dialog):
    """Plan one group session or a series of N dates (every *interval* days), or edit one."""

    saved = Signal(object)  # the ids written

    def __init__(
        self, ctx: AppContext, session: GroupSession | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("sessionDialog")
        self.ctx = ctx
        self.original = session
        self.errors = FormErrors()
        self._saving = False
        self.title = QLineEdit(objectName="sessionTitle", maxLength=200)
        self.topic = compact_combo(CatalogCombo("topic"), 18)
        self.topic.setObjectName("sessionTopic")
        self.unit = compact_combo(CatalogCombo("unit"), 18)
        self.unit.setObjectName("sessionUnit")
        units = ctx.permissions.writable_units("group_session")
        mine = [u for u in units if u in ctx.permissions.user.units] or units
        self.unit.restrict(mine, first=(ctx.settings.unit,))
        self.location = compact_combo(CatalogCombo("location"), 18)
        self.location.setObjectName("sessionLocation")
        self.starts = DateTimeEdit(objectName="sessionStart")
        self.starts.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.starts.setCalendarPopup(True)
        start = dt.datetime.combine(ctx.today() + dt.timedelta(days=7), dt.time(16, 0))
        self.starts.setDateTime(QDateTime(start))
        self.duration = QSpinBox(objectName="sessionDuration", minimum=15, maximum=600)
        self.duration.setSingleStep(15)
        self.duration.setValue(120)
        self.count = QSpinBox(objectName="sessionCount", minimum=1, maximum=52, value=1)
        self.interval = QSpinBox(objectName="sessionInterval", minimum=1, maximum=28, value=7)
        self.dates = QLabel(objectName="sessionDates", wordWrap=True)
        self.languages = CatalogCheckList("language", columns=3)
        self.languages.setObjectName("sessionLanguages")
        self.languages.setMinimumHeight(110)
        self.mediator = QLineEdit(objectName="sessionMediator", maxLength=200)
        self.note = QLineEdit(objectName="sessionNote", maxLength=2000)
        self.form_error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("sessionSave")
        self.save_button.setDefault(True)
        self.labels: dict[str, QLabel] = {}
        box = QGroupBox()
        self.box = box
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        rows = (
            ("title", self.title, 0, 0),
            ("topic", self.topic, 0, 2),
            ("unit", self.unit, 2, 0),
            ("location", self.location, 2, 2),
            ("starts_at", self.starts, 4, 0),
            ("duration_min", self.duration, 4, 2),
            ("series_count", self.count, 6, 0),
            ("interval", self.interval, 6, 2),
            ("mediator_name", self.mediator, 10, 0),
            ("note", self.note, 10, 2),
        )
        for name, widget, row, col in rows:
            label = QLabel()
            label.setBuddy(widget)
            self.labels[name] = label
            grid.addWidget(label, row, col)
            grid.addWidget(widget, row, col + 1)
            err = ErrorLabel()
            grid.addWidget(err, row + 1, col + 1)
            self.errors.register(name, widget, err)
        grid.addWidget(self.dates, 8, 1, 1, 3)
        self.errors.register("series_no", self.count, ErrorLabel())
        lang_label = QLabel()
        lang_label.setBuddy(self.languages)
        self.labels["languages"] = lang_label
        grid.addWidget(lang_label, 12, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.languages, 12, 1, 1, 3)
        lang_err = ErrorLabel()
        grid.addWidget(lang_err, 13, 1, 1, 3)
        self.errors.register("languages", self.languages, lang_err)
        lay = QVBoxLayout(self)
        lay.addWidget(box, 1)
        lay.addWidget(self.form_error)
        lay.addWidget(self.buttons)
        chain: list[QWidget] = [
            self.title,
            self.topic,
            self.unit,
            self.location,
            self.starts,
            self.duration,
            self.count,
            self.interval,
            self.mediator,
            self.note,
            self.languages,
            self.save_button,
        ]
        for a, b in itertools.pairwise(chain):
            self.setTabOrder(a, b)
        if session is not None:
            self._show(session)
        for signal in (self.starts.dateTimeChanged, self.count.valueChanged):
            signal.connect(lambda *_a: self._preview())
        self.interval.valueChanged.connect(lambda *_a: self._preview())
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.retranslateUi()
        self._finish()
        self.resize(900, 600)
        self.title.setFocus()

    def retranslateUi(self) -> None:
        self.setWindowTitle(
            self.tr("Gruppentermin bearbeiten")
            if self.original is not None
            else self.tr("Gruppentermin oder Reihe planen")
        )
        self.box.setTitle(self.tr("Termin"))
        for name, text in (
            ("title", self.tr("&Titel")),
            ("topic", self.tr("T&hema")),
            ("unit", self.tr("&Sachgebiet")),
            ("location", self.tr("&Ort")),
            ("starts_at", self.tr("&Beginn")),
            ("duration_min", self.tr("&Dauer (Min.)")),
            ("series_count", self.tr("&Anzahl Termine")),
            ("interval", self.tr("Abstand (&Tage)")),
            ("mediator_name", self.tr("Sprach&mittlung")),
            ("note", self.tr("&Notiz")),
            ("languages", self.tr("Sp&rachen")),
        ):
            self.labels[name].setText(text)
        self.title.setPlaceholderText(self.tr("z. B. Wohnschulung"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        self.save_button.setText(self.tr("Speichern"))
        self._preview()

    def _show(self, s: GroupSession) -> None:
        self.title.setText(s.title)
        self.topic.set_code(s.topic)
        self.unit.set_code(s.unit)
        self.location.set_code(s.location)
        self.starts.setDateTime(QDateTime(s.starts_at.astimezone().replace(tzinfo=None)))
        self.duration.setValue(s.duration_min)
        self.count.setEnabled(False)  # one session of a series is edited alone
        self.interval.setEnabled(False)
        self.languages.set_codes(s.languages)
        self.mediator.setText(s.mediator_name)
        self.note.setText(s.note)

    def starts_list(self) -> list[dt.datetime]:
        first = self.starts.dateTime().toPython().astimezone(dt.UTC).replace(second=0)
        n = 1 if self.original is not None else self.count.value()
        return [first + dt.timedelta(days=self.interval.value() * i) for i in range(n)]

    def _preview(self) -> None:
        starts = self.starts_list()
        if len(starts) < 2:
            self.dates.setText("")
            return
        self.dates.setText(
            self.tr("Termine: {dates}").format(dates=", ".join(date_text(s.date()) for s in starts))
        )

    def sessions(self) -> list[GroupSession]:
        values = dict(
            unit=self.unit.code(),
            title=self.title.text().strip(),
            topic=self.topic.code(),
            location=self.location.code(),
            duration_min=self.duration.value(),
            languages=self.languages.codes(),
            facilitator=self.ctx.settings.user_name,
            mediator_name=self.mediator.text().strip(),
            note=self.note.text().strip(),
        )
        starts = self.starts_list()
        if self.original is not None:
            return [dataclasses.replace(self.original, starts_at=starts[0], **values)]
        template = GroupSession(starts_at=starts[0], **values)
        return groups.plan_series(template, starts)

    def save(self) -> None:
        if self._saving:
            return
        sessions = self.sessions()
        errors = [e for s in sessions[:1] for e in validation.validate(s, self.ctx.today())]
        self.errors.show_all(errors, self.form_error)
        if errors:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        if self.original is not None:  # only what the user changed (see store_groups.edit)
            self.ctx.ops.write(
                store_groups.edit,
                self.ctx.store,
                self.original,
                sessions[0],
                on_done=lambda _names: self._saved([self.original.id]),
                on_error=self._failed,
            )
            return
        self.ctx.ops.write(
            store_groups.plan,
            self.ctx.store,
            sessions,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, ids: list[str]) -> None:
        self._saving = False
        self.saved.emit(ids)
        self.form_state.mark_clean()
        self.accept()


class SheetTable(QTableWidget):
    """The attendance sheet: name, birth date, attendance, hours; by keyboard."""

    COLUMNS = 4

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, self.COLUMNS, parent)
        self.setObjectName("attendanceSheet")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

    def add(self, p: store_groups.Participant) -> bool:
        """A row for *p* (unless it is there already); True if added."""
        if p.client_id in self.client_ids():
            return False
        row = self.rowCount()
        self.insertRow(row)
        name = QTableWidgetItem(p.name)
        name.setData(ROLE, p.client_id)
        born = QTableWidgetItem(date_text(p.birth_date))
        status = QTableWidgetItem()
        for item in (name, born, status):
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.setItem(row, 0, name)
        self.setItem(row, 1, born)
        self.setItem(row, 2, status)
        self.setItem(row, 3, QTableWidgetItem(hours_text(p.hours)))
        self.set_status(row, p.status or "present")
        return True

    def client_ids(self) -> list[str]:
        return [self.item(r, 0).data(ROLE) for r in range(self.rowCount())]

    def status(self, row: int) -> str:
        return self.item(row, 2).data(ROLE)

    def set_status(self, row: int, status: str) -> None:
        item = self.item(row, 2)
        item.setData(ROLE, status)
        item.setText(catalog_label("attendance_status", status))

    def lines(self) -> list[groups.SheetLine]:
        """The sheet as lines; ValueError names the row whose hours do not read."""
        out = []
        for r in range(self.rowCount()):
            try:
                hours = parse_hours(self.item(r, 3).text())
            except ValueError:
                raise ValueError(r) from None
            out.append(groups.SheetLine(self.item(r, 0).data(ROLE), self.status(r), hours))
        return out

    def keyPressEvent(self, event) -> None:
        row = self.currentRow()
        key = event.key()
        if row >= 0 and self.state() != QAbstractItemView.State.EditingState:
            if key == Qt.Key.Key_Space:
                order = groups.STATUSES
                self.set_status(row, order[(order.index(self.status(row)) + 1) % len(order)])
                return
            if key in STATUS_KEYS and self.currentColumn() != 3:
                self.set_status(row, STATUS_KEYS[key])
                return
            if key == Qt.Key.Key_Delete:
                self.removeRow(row)
                return
            if event.text() and self.currentColumn() != 3 and event.text()[0].isdigit():
                return
        super().keyPressEvent(event)


class AttendanceDialog(_Dialog):
    """Teilnahme erfassen: pick the participants (search, household, a saved list), mark the
    attendance, and record it into every participant's file in one go."""

    recorded = Signal(object)  # the ids of the files written

    def __init__(self, ctx: AppContext, session: GroupSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attendanceDialog")
        self.ctx = ctx
        self.session = session
        self.errors = FormErrors()
        self._saving = False
        self.info = QLabel(objectName="attendanceInfo", wordWrap=True)
        self.search = QLineEdit(objectName="attendanceSearch")
        self.results = QListWidget(objectName="attendanceResults")
        self.add_button = QPushButton(objectName="attendanceAdd")
        self.household_button = QPushButton(objectName="attendanceHousehold")
        self.lists = QComboBox(objectName="attendanceLists")
        self.take_list = QPushButton(objectName="attendanceTakeList")
        for b in (self.add_button, self.household_button, self.take_list):
            b.setAutoDefault(False)
        self.sheet = SheetTable()
        self.keys_hint = QLabel(objectName="attendanceKeys", wordWrap=True)
        self.anonymous = QSpinBox(
            objectName="attendanceAnonymous",
            minimum=0,
            maximum=validation.MAX_ANONYMOUS,
            value=session.anonymous_count,
        )
        self.anonymous_label = QLabel()
        self.anonymous_label.setBuddy(self.anonymous)
        self.form_error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("attendanceSave")
        self.save_button.setDefault(True)
        self.search_label, self.lists_label = QLabel(), QLabel()
        self.search_label.setBuddy(self.search)
        self.lists_label.setBuddy(self.lists)

        left = QVBoxLayout()
        left.addWidget(self.search_label)
        left.addWidget(self.search)
        left.addWidget(self.results, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.household_button)
        left.addLayout(row)
        left.addWidget(self.lists_label)
        left.addWidget(self.lists)
        left.addWidget(self.take_list)
        right = QVBoxLayout()
        right.addWidget(self.sheet, 1)
        right.addWidget(self.keys_hint)
        anon = QHBoxLayout()
        anon.addWidget(self.anonymous_label)
        anon.addWidget(self.anonymous)
        anon.addStretch(1)
        right.addLayout(anon)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        lay = QVBoxLayout(self)
        lay.addWidget(self.info)
        lay.addLayout(body, 1)
        lay.addWidget(self.form_error)
        lay.addWidget(self.buttons)
        chain: list[QWidget] = [
            self.search,
            self.results,
            self.add_button,
            self.household_button,
            self.lists,
            self.take_list,
            self.sheet,
            self.anonymous,
            self.save_button,
        ]
        for a, b in itertools.pairwise(chain):
            self.setTabOrder(a, b)

        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._enter_in_search)
        self.results.itemActivated.connect(lambda _i: self.add_selected())
        self.add_button.clicked.connect(self.add_selected)
        self.household_button.clicked.connect(self.add_household)
        self.take_list.clicked.connect(self.take_saved_list)
        QShortcut(QKeySequence("Ctrl+H"), self, activated=self.add_household)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.retranslateUi()
        self._finish()
        self.resize(1100, 620)
        self.search.setFocus()

    def retranslateUi(self) -> None:
        s = self.session
        self.setWindowTitle(self.tr("Teilnahme erfassen – {title}").format(title=session_title(s)))
        self.info.setText(
            self.tr("{title} · {when} · {place} · {minutes} Min.").format(
                title=session_title(s),
                when=datetime_text(s.starts_at),
                place=catalog_label("location", s.location),
                minutes=s.duration_min,
            )
        )
        self.search_label.setText(self.tr("Person &suchen"))
        self.search.setPlaceholderText(self.tr("Name, Geburtsdatum … (Enter fügt hinzu)"))
        self.add_button.setText(self.tr("&Hinzufügen"))
        self.household_button.setText(self.tr("Mit Haus&halt"))
        self.lists_label.setText(self.tr("Gespeicherte &Liste"))
        self.take_list.setText(self.tr("Liste ü&bernehmen"))
        self.sheet.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Geboren"), self.tr("Teilnahme"), self.tr("Stunden")]
        )
        self.keys_hint.setText(
            self.tr(
                "Leertaste wechselt, 1 anwesend, 2 entschuldigt, 3 unentschuldigt; "
                "Stunden eintippen (leer = ganzer Termin); Entf nimmt aus der Liste."
            )
        )
        self.anonymous_label.setText(self.tr("Teilnehmende ohne &Akte"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        self.save_button.setText(self.tr("Teilnahme erfassen"))

    # --- loading -----------------------------------------------------------------------------

    def load(self) -> None:
        """The session's participants (its list, else the series' saved list) and the other
        saved lists (sessions of the session's unit) to take over."""
        self.ctx.ops.read(
            store_groups.participants,
            self.ctx.store,
            self.session,
            key=f"sheet:{id(self)}",
            on_done=self._loaded,
        )
        self.ctx.ops.read(
            store_groups.sessions,
            self.ctx.store,
            [self.session.unit],
            key=f"sheet-lists:{id(self)}",
            on_done=self._lists_loaded,
        )

    def _loaded(self, rows: list[store_groups.Participant]) -> None:
        for p in rows:
            self.sheet.add(p)
        self.form_state.mark_clean()

    def _lists_loaded(self, rows: list[store_groups.SessionRow]) -> None:
        self.lists.clear()
        for r in rows:
            s = r.session
            if s.id == self.session.id or not s.participant_ids:
                continue
            self.lists.addItem(
                self.tr("{title}, {day} ({n} Pers.)").format(
                    title=session_title(s),
                    day=date_text(s.starts_at.date()),
                    n=len(s.participant_ids),
                ),
                s,
            )
        self.take_list.setEnabled(self.lists.count() > 0)
        self.form_state.mark_clean()

    # --- picking -----------------------------------------------------------------------------

    def _run_search(self) -> None:
        text = self.search.text().strip()
        if len(text) < 2:
            self.results.clear()
            return
        self.ctx.ops.read(
            self.ctx.store.search, text, 20, key=f"sheet-search:{id(self)}", on_done=self._found
        )

    def _found(self, hits) -> None:
        self.results.clear()
        for s in hits:
            item = QListWidgetItem(f"{s.display_name}  {date_text(s.birth_date)}".strip())
            item.setData(ROLE, s.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _enter_in_search(self) -> None:
        if self._timer.isActive():  # Enter before the search ran: run it, then add
            self._timer.stop()
            text = self.search.text().strip()
            if len(text) >= 2:
                self.ctx.ops.read(
                    self.ctx.store.search,
                    text,
                    20,
                    key=f"sheet-search:{id(self)}",
                    on_done=self._found_then_add,
                )
            return
        self.add_selected()

    def _found_then_add(self, hits) -> None:
        self._found(hits)
        self.add_selected()

    def _chosen(self) -> str | None:
        item = self.results.currentItem()
        return item.data(ROLE) if item is not None else None

    def add_selected(self) -> None:
        cid = self._chosen()
        if cid:
            self._add_ids([cid])
            self.search.clear()
            self.search.setFocus()

    def add_household(self) -> None:
        cid = self._chosen()
        if not cid:
            return
        self.ctx.ops.read(
            store_groups.household,
            self.ctx.store,
            cid,
            key=f"sheet-household:{id(self)}",
            on_done=self._add_ids,
        )
        self.search.clear()

    def take_saved_list(self) -> None:
        other = self.lists.currentData()
        if isinstance(other, GroupSession):
            self._add_ids(list(other.participant_ids))

    def _add_ids(self, ids: list[str]) -> None:
        self.ctx.ops.read(
            store_groups.participants,
            self.ctx.store,
            self.session,
            ids,
            key=f"sheet-add:{id(self)}:{','.join(ids)}",
            on_done=self._add_rows,
        )

    def _add_rows(self, rows: list[store_groups.Participant]) -> None:
        for p in rows:
            self.sheet.add(p)

    # --- saving ------------------------------------------------------------------------------

    def save(self) -> None:
        if self._saving:
            return
        self.errors.clear()
        try:
            lines = self.sheet.lines()
        except ValueError as exc:
            row = int(str(exc.args[0]))
            self.form_error.show_errors(
                [self.tr("Zeile {n}: Stunden bitte als Zahl, z. B. 1,5.").format(n=row + 1)]
            )
            self.sheet.setCurrentCell(row, 3)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.ops.write(
            store_groups.record_attendance,
            self.ctx.store,
            self.session,
            lines,
            caseworker=self.ctx.settings.user_name or self.session.facilitator,
            anonymous_count=self.anonymous.value(),
            on_done=self._recorded,
            on_error=self._failed,
        )

    def _recorded(self, files: list[str]) -> None:
        self._saving = False
        self.recorded.emit(files)
        self.form_state.mark_clean()
        self.accept()
