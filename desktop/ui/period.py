"""A period to count over: a choice ("Dieser Monat", "Letzter Monat", ...) and two date fields.

The report-like dialogs (the queue's figures, the unmet needs, and the reports to come) offer
the same periods: :func:`period_range` gives their days, :class:`PeriodFields` keeps a period
box and its start/end fields in step -- a period chosen fills the dates, a date typed by hand
makes the period "Frei wählen" (``custom``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox


def period_range(period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of *period*, up to *today* where it is the current one:
    ``today``, ``week`` (from Monday), ``month``, ``last_month``, ``quarter`` (this month and
    the two before), ``year``, ``last_year``; anything else (``custom``: the fields say)
    gives today alone."""
    first = today.replace(day=1)
    if period == "week":
        return today - dt.timedelta(days=today.weekday()), today
    if period == "month":
        return first, today
    if period == "last_month":
        last = first - dt.timedelta(days=1)
        return last.replace(day=1), last
    if period == "quarter":
        start = first
        for _ in range(2):
            start = (start - dt.timedelta(days=1)).replace(day=1)
        return start, today
    if period == "year":
        return today.replace(month=1, day=1), today
    if period == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    return today, today


class PeriodFields:
    """Mixin of a dialog with ``self.period`` (a combo box whose item data are period codes),
    ``self.start`` and ``self.end`` (date fields) and ``self.ctx`` (its ``today()``)."""

    period: Any
    start: Any
    end: Any
    ctx: Any

    def _make_period_fields(self, name: str, periods: Iterable[str]) -> None:
        """The period box (items: *periods*, their texts set by the dialog's retranslation) and
        the two date fields, object names ``<name>Period``, ``<name>From``, ``<name>To``."""
        from desktop.ui.forms import DateEdit

        self.period = QComboBox(objectName=f"{name}Period")
        for code in periods:
            self.period.addItem("", code)
        self.start = DateEdit(objectName=f"{name}From", calendarPopup=True)
        self.end = DateEdit(objectName=f"{name}To", calendarPopup=True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.dateChanged.connect(self._dates_edited)
        self.period.currentIndexChanged.connect(self._period_chosen)

    def _today(self) -> dt.date:
        today = getattr(self.ctx, "today", None)
        return today() if callable(today) else dt.date.today()

    def _period_chosen(self) -> None:
        code = self.period.currentData()
        if code == "custom":
            return
        first, last = period_range(code, self._today())
        for edit, day in ((self.start, first), (self.end, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _dates_edited(self) -> None:
        """A date typed by hand: the period becomes "Frei wählen"."""
        custom = self.period.findData("custom")
        if self.period.currentIndex() != custom:
            self.period.blockSignals(True)
            self.period.setCurrentIndex(custom)
            self.period.blockSignals(False)
