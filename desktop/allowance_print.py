"""The monthly allowance list of the language mediators (Aufwandsentschädigung): PDF and CSV.

Per mediator and month: the days worked, minutes, kilometres and the amount, a total per
person and one for the list. German. The PDF is printed with Qt (desktop.pdf), so it works in
the laptop bundle, which leaves fpdf2 out.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from pathlib import Path

from casefile import catalogs, mediation
from casefile.mediation import MonthLine, euro

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def month_title(month: str) -> str:
    """ "2026-11" -> "November 2026"."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def hours_text(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d} h"


def km_text(km: float) -> str:
    return f"{km:.1f}".replace(".", ",") + " km"


def allowance_html(lines: Iterable[MonthLine], month: str, made_on: dt.date) -> str:
    """The list as HTML for the PDF (and a preview)."""
    lines = list(lines)
    rows = []
    for x in lines:
        rows.append(
            "<tr>"
            f"<td>{html.escape(x.name)}</td>"
            f"<td>{', '.join(d.strftime('%d.%m.') for d in x.dates)}</td>"
            f"<td align='right'>{x.entries}</td>"
            f"<td align='right'>{x.minutes} ({hours_text(x.minutes)})</td>"
            f"<td align='right'>{km_text(x.km)}</td>"
            f"<td align='right'><b>{euro(x.cents)}</b></td>"
            "</tr>"
        )
    total = sum(x.cents for x in lines)
    r = mediation.rates()
    kinds = catalogs.load("mediator_kind")
    rates = ", ".join(
        f"{kinds.label(k) or k}: {euro(int(v * 100))}/h + {euro(int(r.per_km.get(k, 0) * 100))}/km"
        for k, v in r.per_hour.items()
    )
    billing = "je angefangene Viertelstunde" if r.billing == "quarter_hour" else "minutengenau"
    return f"""
<h2>Aufwandsentschädigung Sprachmittlung – {month_title(month)}</h2>
<p>Sätze: {html.escape(rates)} ({billing}). Geprüfte und ausgezahlte Einsätze.</p>
<table border="1" cellspacing="0" cellpadding="4" width="100%">
<tr><th align="left">Name</th><th align="left">Tage</th><th>Einsätze</th><th>Minuten</th>
<th>Kilometer</th><th>Betrag</th></tr>
{"".join(rows) or "<tr><td colspan='6'>Keine geprüften Einsätze in diesem Monat.</td></tr>"}
<tr><td colspan="5"><b>Summe</b></td><td align="right"><b>{euro(total)}</b></td></tr>
</table>
<p>Erstellt am {made_on.strftime("%d.%m.%Y")}. Sachlich richtig: ____________________
&nbsp;&nbsp; Zur Zahlung angewiesen: ____________________</p>
"""


def write_pdf(lines: Iterable[MonthLine], month: str, path: Path | str, made_on: dt.date) -> Path:
    from desktop.pdf import write_html_pdf

    return write_html_pdf(
        allowance_html(lines, month, made_on),
        path,
        title=f"Aufwandsentschädigung Sprachmittlung {month_title(month)}",
        point_size=10,
        margin_mm=18,
    )


def write_csv(lines: Iterable[MonthLine], path: Path | str) -> Path:
    """CSV for a spreadsheet (semicolons, decimal commas, UTF-8 with BOM for Excel)."""
    path = Path(path)
    path.write_text(mediation.allowance_csv(lines), encoding="utf-8-sig", newline="")
    return path
