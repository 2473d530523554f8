"""The "Verlauf" of a client file: consultations, referrals and tasks painted as cards."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QPainter,
    QPen,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStackedLayout,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from desktop.store import referrals as referral_store
from desktop.store.repo import TimelineEntry
from desktop.sync import state
from desktop.ui import refusals
from desktop.ui.formatting import date_text, datetime_text
from desktop.ui.forms import Translatable, catalog_label, tr_text
from desktop.ui.models import (
    RECORD_ROLE,
    TimelineModel,
    kind_label,
    timeline_detail,
    timeline_title,
)

NOTE_LINES = 3
PAD = 12
GAP = 4
BADGE_STYLES = {  # (text colour, background)
    "consultation": ("#174ea6", "#e3ecfb"),
    "referral": ("#5b2fa3", "#efe7fb"),
    "task": ("#7a4d00", "#fdf0d2"),
    "overdue": ("#a0201a", "#fde4e1"),
    "done": ("#4d5158", "#eceef1"),
}
REFUSED = QColor("#a0201a")  # a record the server did not take
MUTED = QColor("#646a73")
BORDER = QColor("#dde1e6")
SELECTED = QColor("#2f6fde")


@lru_cache(maxsize=512)
def _note_lines(text: str, font_key: str, width: int, max_lines: int) -> tuple[str, ...]:
    """The first *max_lines* wrapped lines of a note, the last elided when more follows."""
    font = QFont()
    font.fromString(font_key)
    text = text.strip().replace("\r\n", "\n").replace("\n", "\u2028")
    layout = QTextLayout(text, font)
    layout.beginLayout()
    spans = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[s : s + n].replace("\u2028", "").rstrip() for s, n in spans[:max_lines]]
    if len(spans) > max_lines and lines:
        fm = QFontMetrics(font)
        lines[-1] = fm.elidedText(lines[-1] + " …", Qt.TextElideMode.ElideRight, width)
    return tuple(line for line in lines if line)


class TimelineDelegate(QStyledItemDelegate):
    """Paints one timeline entry as a card: date, kind badge, title, detail, start of the note."""

    def __init__(self, view: QListView, today=dt.date.today):
        super().__init__(view)
        self.view = view
        self.today = today

    # --- what a card shows ------------------------------------------------------------------

    def _badge(self, entry: TimelineEntry) -> tuple[str, str]:
        if entry.kind == "task":
            if entry.record.done:
                return "done", self.tr("Wiedervorlage · erledigt")
            if entry.record.due_date < self.today():
                return "overdue", self.tr("Wiedervorlage · überfällig")
        return entry.kind, kind_label(entry.kind)

    def _dates(self, entry: TimelineEntry) -> tuple[str, str]:
        r = entry.record
        if entry.kind == "consultation":
            local = r.started_at.astimezone()
            return date_text(local.date()), self.tr("{time} Uhr · {minutes} Min.").format(
                time=local.strftime("%H:%M"), minutes=r.duration_min
            )
        if entry.kind == "task":
            return date_text(r.due_date), self.tr("fällig")
        return date_text(r.referred_on), ""

    def _title(self, entry: TimelineEntry) -> str:
        return entry.record.text if entry.kind == "task" else timeline_title(entry)

    def _detail(self, entry: TimelineEntry) -> str:
        detail = timeline_detail(entry)
        if entry.kind == "task" and detail:
            return self.tr("zuständig: {who}").format(who=detail)
        return detail

    def _refused(self, entry: TimelineEntry) -> str:
        """ "Vom Server nicht übernommen: why" for a record the server refused, else ""."""
        reason = getattr(self.view.model(), "refused_text", {}).get(entry.id)
        if reason is None:
            return ""
        return self.tr("{mark}: {reason}").format(mark=refusals.mark(), reason=reason)

    def _note(self, entry: TimelineEntry, font: QFont, width: int) -> tuple[str, ...]:
        if entry.kind != "consultation" or not entry.record.note.strip():
            return ()
        return _note_lines(entry.record.note, font.toString(), max(width, 50), NOTE_LINES)

    # --- geometry -------------------------------------------------------------------------

    def _fonts(self, option) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() - 1, 7))
        return base, bold, small

    def _date_col(self, bold: QFont, small: QFont) -> int:
        # Wide enough for the longest date line in the current language and font.
        sample = self.tr("{time} Uhr · {minutes} Min.").format(time="00:00", minutes=120)
        return (
            max(
                QFontMetrics(bold).horizontalAdvance("00.00.0000"),
                QFontMetrics(small).horizontalAdvance(sample),
            )
            + 18
        )

    def _text_width(self, width: int, bold: QFont, small: QFont) -> int:
        return width - 2 * 8 - 2 * PAD - self._date_col(bold, small)

    def sizeHint(self, option, index: QModelIndex) -> QSize:
        entry = index.data(RECORD_ROLE)
        base, bold, small = self._fonts(option)
        width = self.view.viewport().width()
        height = 2 * PAD + max(QFontMetrics(bold).height(), QFontMetrics(small).height() + 6)
        if self._detail(entry):
            height += GAP + QFontMetrics(base).height()
        if self._refused(entry):
            height += GAP + QFontMetrics(bold).height()
        notes = self._note(entry, base, self._text_width(width, bold, small))
        if notes:
            height += GAP + 2 + len(notes) * QFontMetrics(base).lineSpacing()
        date_height = QFontMetrics(bold).height() + GAP + QFontMetrics(small).height()
        return QSize(width, max(height, 2 * PAD + date_height) + 2 * 5)

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        entry: TimelineEntry = index.data(RECORD_ROLE)
        base, bold, small = self._fonts(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRectF(option.rect.adjusted(8, 5, -8, -5))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        refused = self._refused(entry)
        edge = SELECTED if selected else REFUSED if refused else BORDER
        painter.setPen(QPen(edge, 1.5 if selected or refused else 1))
        painter.setBrush(QColor("#f4f8ff") if selected else QColor("white"))
        painter.drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)

        left, top = int(card.left()) + PAD, int(card.top()) + PAD
        day, sub = self._dates(entry)
        painter.setFont(bold)
        painter.setPen(option.palette.text().color())
        fm_bold, fm_small, fm = QFontMetrics(bold), QFontMetrics(small), QFontMetrics(base)
        date_col = self._date_col(bold, small)
        painter.drawText(
            QRect(left, top, date_col - 8, fm_bold.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            day,
        )
        if sub:
            painter.setFont(small)
            painter.setPen(MUTED)
            painter.drawText(
                QRect(left, top + fm_bold.height() + GAP, date_col - 8, fm_small.height()),
                Qt.AlignmentFlag.AlignLeft,
                fm_small.elidedText(sub, Qt.TextElideMode.ElideRight, date_col - 8),
            )

        x = left + date_col
        width = self._text_width(option.rect.width(), bold, small)
        style, label = self._badge(entry)
        fg, bg = BADGE_STYLES[style]
        badge_w = fm_small.horizontalAdvance(label) + 16
        line_h = max(fm_bold.height(), fm_small.height() + 6)
        badge = QRectF(
            x, top + (line_h - fm_small.height() - 6) / 2, badge_w, fm_small.height() + 6
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(bg))
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setFont(small)
        painter.setPen(QColor(fg))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)

        title_x = x + badge_w + 10
        title_w = max(width - badge_w - 10, 20)
        painter.setFont(bold)
        done = entry.kind == "task" and entry.record.done
        painter.setPen(MUTED if done else option.palette.text().color())
        painter.drawText(
            QRect(title_x, top, title_w, line_h),
            Qt.AlignmentFlag.AlignVCenter,
            fm_bold.elidedText(self._title(entry), Qt.TextElideMode.ElideMiddle, title_w),
        )
        y = top + line_h
        painter.setFont(base)
        detail = self._detail(entry)
        if detail:
            y += GAP
            painter.setPen(MUTED)
            painter.drawText(
                QRect(x, y, width, fm.height()),
                Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(detail, Qt.TextElideMode.ElideMiddle, width),
            )
            y += fm.height()
        if refused:
            y += GAP
            painter.setFont(bold)
            painter.setPen(REFUSED)
            painter.drawText(
                QRect(x, y, width, fm_bold.height()),
                Qt.AlignmentFlag.AlignVCenter,
                fm_bold.elidedText(refused, Qt.TextElideMode.ElideRight, width),
            )
            painter.setFont(base)
            y += fm_bold.height()
        notes = self._note(entry, base, width)
        if notes:
            y += GAP + 2
            painter.setPen(option.palette.text().color())
            for line in notes:
                painter.drawText(
                    QRect(x, y, width, fm.lineSpacing()), Qt.AlignmentFlag.AlignVCenter, line
                )
                y += fm.lineSpacing()
        painter.restore()


class TimelinePanel(Translatable, QWidget):
    """The timeline list with its context menu; double-click (or Enter) shows a consultation
    in full and opens a referral to record its outcome."""

    referral_opened = Signal(object)  # the ReferralOutcomeDialog

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = ""
        self.refused: dict = {}  # open refusals by record id
        self.model = TimelineModel(self)
        self.view = QListView()
        self.view.setObjectName("timeline")
        self.view.setModel(self.model)
        self.view.setModelColumn(2)
        self.view.setItemDelegate(TimelineDelegate(self.view, ctx.today))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        # Cards are as wide as the view; a horizontal bar would only flash while relayouting.
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.view.setStyleSheet("QListView#timeline { background: #f6f7f9; }")
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        self.empty = QLabel()
        self.empty.setObjectName("timelineEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #646a73; padding: 40px;")
        tr_text(
            self,
            self.empty.setText,
            QT_TRANSLATE_NOOP(
                "TimelinePanel",
                "Noch keine Einträge. Mit „Beratung erfassen“ (Strg+B) dokumentieren Sie den ersten "
                "Kontakt.",
            ),
        )
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

    def set_entries(
        self, client_id: str, entries: list[TimelineEntry], refused: dict | None = None
    ) -> None:
        """Show *entries*; *refused*: the open refusals by record id, marked on their cards."""
        self.client_id = client_id
        self.refused = dict(refused or {})
        self.model.refused_text = {
            rid: refusals.reason_text(r, self.ctx.permissions) for rid, r in self.refused.items()
        }
        self.model.set_rows(entries)
        self.stack.setCurrentWidget(self.view if entries else self.empty)

    def entry_at(self, index: QModelIndex) -> TimelineEntry | None:
        return index.data(RECORD_ROLE) if index.isValid() else None

    def _activated(self, index: QModelIndex) -> None:
        entry = self.entry_at(index)
        if entry is not None and entry.kind == "consultation":
            self.show_consultation(entry)
        elif entry is not None and entry.kind == "referral":
            self.open_referral(entry.id)

    def open_referral(self, referral_id: str) -> None:
        """The referral card opened: status and outcome (read off the UI thread first);
        ``referral_opened`` carries the dialog."""
        self.ctx.ops.read(
            referral_store.snapshot,
            self.ctx.store,
            referral_id,
            key=f"referral:{id(self)}",
            on_done=self._show_referral,
        )

    def _show_referral(self, snapshot) -> None:
        if snapshot is None:
            return
        from desktop.ui.referral_outcome import ReferralOutcomeDialog

        dialog = ReferralOutcomeDialog(self.ctx, snapshot, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.referral_opened.emit(dialog)

    def show_consultation(self, entry: TimelineEntry) -> ConsultationViewDialog:
        """The consultation in full; a refused one with why, "Text kopieren" and "Erledigt"."""
        dialog = ConsultationViewDialog(
            entry.record, self, refusal=self.refused.get(entry.id), ctx=self.ctx
        )
        dialog.open()
        return dialog

    def _context_menu(self, pos) -> None:
        entry = self.entry_at(self.view.indexAt(pos))
        if entry is None:
            return
        menu = QMenu(self)
        refusal = self.refused.get(entry.id)
        if entry.kind == "consultation":
            menu.addAction(self.tr("Beratung anzeigen"), lambda: self.show_consultation(entry))
        if entry.kind == "referral" and refusal is None:
            menu.addAction(self.tr("Verweisung öffnen"), lambda: self.open_referral(entry.id))
        if refusal is not None:
            menu.addAction(self.tr("Text kopieren"), lambda: copy_refused(refusal))
            menu.addAction(self.tr("Ablehnung erledigt"), lambda: settle_refusal(self.ctx, refusal))
        elif entry.kind == "task":
            done = entry.record.done
            menu.addAction(
                self.tr("Wieder öffnen") if done else self.tr("Als erledigt markieren"),
                lambda: self.set_task_done(entry.record.id, not done),
            )
        if not menu.isEmpty():
            menu.popup(self.view.viewport().mapToGlobal(pos))

    def set_task_done(self, task_id: str, done: bool = True) -> None:
        """Mark a Wiedervorlage done (or open again); the file refreshes when the operation
        layer announces the change."""
        self.ctx.ops.write(self.ctx.store.set_task_done, task_id, done)


def copy_refused(refusal) -> str:
    """Put the refused record's readable text on the clipboard (to hand it to the unit that
    may record it); returns the text."""
    text = refusals.record_text(refusal)
    QGuiApplication.clipboard().setText(text)
    return text


def settle_refusal(ctx, refusal, on_done=None) -> None:
    """The person has dealt with the refusal: settled (the file refreshes when the operation
    layer announces it)."""
    ctx.ops.write(
        state.settle_rejection,
        ctx.store.engine,
        refusal.id,
        ctx.settings.user_name,
        on_done=on_done,
    )


class ConsultationViewDialog(QDialog):
    """One consultation, read-only, with its full note; a consultation the server refused
    says so on top: what, why and who may, with "Text kopieren" and "Erledigt"."""

    def __init__(self, cons, parent: QWidget | None = None, *, refusal=None, ctx=None):
        super().__init__(parent)
        self.refusal, self.ctx = refusal, ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("consultationView")
        self.setWindowTitle(
            self.tr("Beratung vom {date}").format(date=datetime_text(cons.started_at))
        )
        self.resize(640, 560)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setVerticalSpacing(8)
        form.setHorizontalSpacing(16)

        def row(label: str, value: str) -> None:
            if value:
                text = QLabel(value)
                text.setWordWrap(True)
                text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(label, text)

        row(
            self.tr("Datum"),
            self.tr("{when} Uhr, {minutes} Minuten").format(
                when=datetime_text(cons.started_at), minutes=cons.duration_min
            ),
        )
        row(self.tr("Sachgebiet"), catalog_label("unit", cons.unit))
        row(self.tr("Berater:in"), cons.caseworker)
        row(
            self.tr("Art und Ort"),
            " · ".join(
                p
                for p in (
                    catalog_label("consultation_kind", cons.kind),
                    catalog_label("location", cons.location),
                )
                if p
            ),
        )
        row(self.tr("Themen"), ", ".join(catalog_label("topic", t) for t in cons.topics))
        if cons.mediator_used:
            row(
                self.tr("Sprachmittlung"),
                self.tr("{language}, durch {name}").format(
                    language=catalog_label("language", cons.language),
                    name=cons.mediator_name or "—",
                ),
            )
        elif cons.language:
            row(self.tr("Sprache"), catalog_label("language", cons.language))
        row(self.tr("Ergebnis"), catalog_label("outcome", cons.outcome))
        row(self.tr("Nächster Schritt"), cons.next_step)
        note = QPlainTextEdit(cons.note)
        note.setObjectName("consultationNote")
        note.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Schließen"))
        close.setStyleSheet("font-weight: 600;")  # bold before sizing: the default state is bold
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 16, 18, 14)
        if refusal is not None:
            lay.addWidget(self._refusal_box(refusal))
        lay.addLayout(form)
        note_label = QLabel(self.tr("Notiz"))
        note_label.setStyleSheet("font-weight: 600; margin-top: 6px;")
        lay.addWidget(note_label)
        lay.addWidget(note, 1)
        lay.addWidget(buttons)

    def _refusal_box(self, refusal) -> QFrame:
        box = QFrame(objectName="refusalBox")
        box.setStyleSheet(
            "QFrame#refusalBox { background: #fde4e1; border-radius: 8px; }"
            "QFrame#refusalBox QLabel { color: #8c1d18; }"
        )
        title = QLabel(
            self.tr("{mark}: Diese Beratung hat nur dieses Gerät.").format(mark=refusals.mark()),
            objectName="refusalTitle",
        )
        title.setStyleSheet("font-weight: 600;")
        title.setWordWrap(True)
        permissions = getattr(self.ctx, "permissions", None)
        reason = QLabel(refusals.reason_text(refusal, permissions), objectName="refusalReason")
        reason.setWordWrap(True)
        hint = QLabel(
            self.tr(
                "Geben Sie den Text an die Stelle weiter, die ihn erfassen darf, und markieren "
                "Sie den Hinweis dann als erledigt."
            )
        )
        hint.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("Text kopieren"), objectName="refusalCopy")
        self.copy_button.clicked.connect(self._copy)
        self.settle_button = QPushButton(self.tr("Erledigt"), objectName="refusalSettle")
        self.settle_button.clicked.connect(self._settle)
        self.settle_button.setEnabled(self.ctx is not None)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        row.addWidget(self.settle_button)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(12, 10, 12, 10)
        for label in (title, reason, hint):
            lay.addWidget(label)
        lay.addLayout(row)
        return box

    def _copy(self) -> None:
        copy_refused(self.refusal)
        self.copy_button.setText(self.tr("Kopiert"))

    def _settle(self) -> None:
        self.settle_button.setEnabled(False)
        settle_refusal(self.ctx, self.refusal, on_done=lambda _result: self.accept())
