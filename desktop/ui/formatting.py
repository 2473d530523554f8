"""Display formats shared by views (German conventions: dd.MM.yyyy)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from desktop.ui.forms import catalog_label


def date_text(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def datetime_text(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone().strftime("%d.%m.%Y %H:%M")


def birth_date_text(value: dt.date | None, precision: str) -> str:
    if precision == "unknown" or value is None:
        return QCoreApplication.translate("format", "unbekannt")
    if precision == "year":
        return QCoreApplication.translate("format", "{year} (nur Jahr)").format(year=value.year)
    return date_text(value)


def age(value: dt.date | None, precision: str, today: dt.date) -> int | None:
    if value is None or precision == "unknown":
        return None
    years = today.year - value.year
    if precision == "exact" and (today.month, today.day) < (value.month, value.day):
        years -= 1
    return years


def nationalities_text(codes: list[str]) -> str:
    return ", ".join(catalog_label("nationality", c) for c in codes)


def birth_with_age(value: dt.date | None, precision: str, today: dt.date) -> str:
    """ "12.03.1985 (40 Jahre)", "1985 (nur Jahr), etwa 40 Jahre" or "unbekannt"."""
    text = birth_date_text(value, precision)
    years = age(value, precision, today)
    if years is None:
        return text
    if precision == "year":
        return QCoreApplication.translate("format", "{date}, etwa {years} Jahre").format(
            date=text, years=years
        )
    return QCoreApplication.translate("format", "{date} ({years} Jahre)").format(
        date=text, years=years
    )
