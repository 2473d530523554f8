"""The readable form of a data subject access export (``sync_server.export``) as a PDF.

Written with fpdf2 (pure Python, no Qt, no display): the server prints it where it runs.
German headings (the authority's language); values are printed as stored. Sections: master
data, each record kind with its records, kept history of changed values, merges, and the log
of who saw or changed the file. Names come in any script, so the text is set in DejaVu Sans
(shipped in ``resources/fonts``); right-to-left scripts (Arabic, Persian) are shaped with
HarfBuzz where ``uharfbuzz`` is installed.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from resources import path as resource_path

TITLE = "Auskunft nach Art. 15 DSGVO"
FONT = "DejaVu"
KIND_TITLES = {
    "client": "Stammdaten",
    "client_alias": "Andere Schreibweisen",
    "client_identifier": "Kennungen",
    "residence_status": "Aufenthaltsstatus",
    "household_link": "Haushalt",
    "consultation": "Beratungen",
    "referral": "Weiterleitungen",
    "task": "Wiedervorlagen",
    "consent": "Einwilligungen",
    # --- issue 20: group sessions ---
    "attendance": "Teilnahme an Gruppenberatungen",
    "group_session": "Gruppenberatungen (Termine der Teilnahme)",
    # --- issue 20: support plan ---
    "support_plan": "Förderpläne",
    "plan_goal": "Ziele im Förderplan",
    "plan_step": "Schritte im Förderplan",
    "plan_review": "Überprüfungen des Förderplans",
    # --- issue 21: project participation ---
    "project_participation": "Teilnahmen an geförderten Projekten",
}
ACTIONS = {
    "create": "angelegt",
    "update": "geändert",
    "delete": "gelöscht",
    "consent": "Einwilligung",
    "sent": "an Gerät übermittelt",
    "denied": "verweigert",
    "merge": "zusammengeführt",
    "unmerge": "Zusammenführung aufgehoben",
    "retention": "nach Aufbewahrungsfrist gelöscht",
    "export": "exportiert",
    "read": "eingesehen",
    "erase": "Akte gelöscht (Löschauftrag)",
    "distinct": "als verschiedene Personen markiert",
    "password": "Passwort geändert",
    "user": "Benutzerkonto geändert",
}


def _value(v) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, bool):
        return "ja" if v else "nein"
    return str(v)


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=7)
        self.cell(0, 5, f"{TITLE} — Seite {self.page_no()}/{{nb}}", align="C")


def prepare(pdf: FPDF, title: str, margins: tuple[float, float, float]) -> None:
    """The server's PDFs alike (this export, the directory's brochure): A4 margins, the shipped
    DejaVu fonts, Arabic and Persian shaped, German metadata."""
    pdf.set_margins(*margins)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT, "", str(resource_path("fonts", "DejaVuSans.ttf")))
    pdf.add_font(FONT, "B", str(resource_path("fonts", "DejaVuSans-Bold.ttf")))
    try:
        pdf.set_text_shaping(True)  # joins Arabic letters and orders right-to-left runs
    except Exception:  # noqa: BLE001 -- uharfbuzz missing: unshaped text
        pass
    pdf.set_title(title)
    pdf.set_creator("MiA Desk")
    pdf.set_lang("de")


def _document() -> _Document:
    pdf = _Document(format="A4", unit="mm")
    prepare(pdf, TITLE, (15, 15, 15))
    pdf.add_page()
    return pdf


def _heading(pdf: FPDF, text: str, size: float) -> None:
    pdf.set_font(FONT, "B", size)
    pdf.ln(2)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraph(pdf: FPDF, text: str, *, bold: bool = False) -> None:
    pdf.set_font(FONT, "B" if bold else "", 9)
    pdf.multi_cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _table(pdf: FPDF, rows: list[list[str]], header: list[str], widths: tuple[int, ...]) -> None:
    pdf.set_font(FONT, "", 8)
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        v_align="TOP",
        line_height=4,
        padding=1,
        headings_style=FontFace(emphasis="BOLD"),
    ) as table:
        table.row(header)
        for row in rows:
            table.row(row)
    pdf.ln(2)


def write_pdf(data: dict, path: Path | str) -> Path:
    """Write the export ``data`` (``client_export``'s answer) as a PDF to ``path``."""
    path = Path(path)
    c = data.get("client") or {}
    name = f"{c.get('given_names', '')} {c.get('family_name', '')}".strip() or "—"
    pdf = _document()
    _heading(pdf, TITLE, 16)
    _paragraph(pdf, f"Über: {name} (Kennung {data['client_id']})", bold=True)
    _paragraph(pdf, f"Erstellt am {data['generated_at']} von {data['generated_by']}")
    _paragraph(
        pdf,
        "Dieses Dokument enthält alle Daten, die der Server von MiA Desk über "
        "diese Person speichert: die Akte, frühere Werte, Zusammenführungen und das "
        "Protokoll der Zugriffe. Die maschinenlesbare Fassung liegt als JSON-Datei "
        "bei.",
    )
    if data.get("client_erased"):
        _paragraph(pdf, "Die Akte ist gelöscht.", bold=True)
    _heading(pdf, "Stammdaten", 12)
    _table(pdf, [[k, _value(v)] for k, v in sorted(c.items())], ["Feld", "Wert"], (1, 2))
    for kind, records in sorted(data.get("records", {}).items()):
        if kind == "client":
            continue
        rows = []
        for rec in records:
            fields = "\n".join(
                f"{k}: {_value(v)}" for k, v in sorted(rec["fields"].items()) if k != "client_id"
            )
            rows.append(
                [rec["id"][-12:], fields or "—", "gelöscht" if rec["deleted"] else "aktuell"]
            )
        _heading(pdf, f"{KIND_TITLES.get(kind, kind)} ({len(records)})", 12)
        _table(pdf, rows, ["Kennung", "Inhalt", "Stand"], (2, 7, 1))
    if data.get("history"):
        _heading(pdf, "Frühere Werte", 12)
        _table(
            pdf,
            [
                [h["created_at"], h["field"], _value(h["value"]), _value(h["winner_value"])]
                for h in data["history"]
            ],
            ["Zeit", "Feld", "früherer Wert", "gültiger Wert"],
            (2, 2, 3, 3),
        )
    if data.get("merges"):
        _heading(pdf, "Zusammenführungen", 12)
        _table(
            pdf,
            [
                [m["merged_at"], m["merged_by"], _value(m["reason"]), _value(m.get("undone_at"))]
                for m in data["merges"]
            ],
            ["Zeit", "durch", "Grund", "aufgehoben am"],
            (2, 2, 3, 2),
        )
    audit = data.get("audit", [])
    _heading(pdf, f"Protokoll der Zugriffe ({len(audit)})", 12)
    _table(
        pdf,
        [
            [
                a["at"],
                _value(a["user_name"]),
                _value(a.get("device_id")),
                ACTIONS.get(a["action"], a["action"]),
                _value(a.get("kind")),
            ]
            for a in audit
        ],
        ["Zeit", "Benutzer", "Gerät", "Vorgang", "Bereich"],
        (3, 2, 3, 3, 2),
    )
    pdf.output(str(path))
    return path
