"""The readable form of a data subject access export (``sync_server.export``) as a PDF.

German headings (the authority's language); field names are the catalog's German labels where
known; values are printed as stored. Sections: master data, each record kind with its records,
kept history of changed values, merges, and the log of who saw or changed the file.
"""
from __future__ import annotations

import html
from pathlib import Path

from desktop.pdf import write_html_pdf

KIND_TITLES = {
    "client": "Stammdaten", "client_alias": "Andere Schreibweisen", "client_identifier": "Kennungen",
    "residence_status": "Aufenthaltsstatus", "household_link": "Haushalt",
    "consultation": "Beratungen", "referral": "Weiterleitungen", "task": "Wiedervorlagen",
    "consent": "Einwilligungen"}
ACTIONS = {"create": "angelegt", "update": "geändert", "delete": "gelöscht", "consent": "Einwilligung",
           "sent": "an Gerät übermittelt", "denied": "verweigert", "merge": "zusammengeführt",
           "unmerge": "Zusammenführung aufgehoben", "retention": "nach Aufbewahrungsfrist gelöscht",
           "export": "exportiert", "read": "eingesehen", "erase": "Akte gelöscht (Löschauftrag)",
           "distinct": "als verschiedene Personen markiert", "password": "Passwort geändert",
           "user": "Benutzerkonto geändert"}


def _value(v) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, bool):
        return "ja" if v else "nein"
    return html.escape(str(v))


def _table(rows: list[list[str]], header: list[str]) -> str:
    head = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<tr>{head}</tr>{body}</table>")


def export_html(data: dict) -> str:
    c = data.get("client") or {}
    name = f"{c.get('given_names', '')} {c.get('family_name', '')}".strip() or "—"
    parts = [f"<h1>Auskunft nach Art. 15 DSGVO</h1>",
             f"<p>Über: <b>{html.escape(name)}</b> (Kennung {html.escape(data['client_id'])})<br/>"
             f"Erstellt am {html.escape(data['generated_at'])} von {html.escape(data['generated_by'])}"
             f"</p>",
             "<p>Dieses Dokument enthält alle Daten, die der Server von MiA Desk über diese Person "
             "speichert: die Akte, frühere Werte, Zusammenführungen und das Protokoll der Zugriffe. "
             "Die maschinenlesbare Fassung liegt als JSON-Datei bei.</p>"]
    if data.get("client_erased"):
        parts.append("<p><b>Die Akte ist gelöscht.</b></p>")
    parts.append("<h2>Stammdaten</h2>" + _table(
        [[html.escape(k), _value(v)] for k, v in sorted(c.items())], ["Feld", "Wert"]))
    for kind, records in sorted(data.get("records", {}).items()):
        if kind == "client":
            continue
        rows = []
        for rec in records:
            fields = "<br/>".join(f"{html.escape(k)}: {_value(v)}" for k, v in sorted(
                rec["fields"].items()) if k != "client_id")
            rows.append([html.escape(rec["id"][-12:]), fields or "—",
                         "gelöscht" if rec["deleted"] else "aktuell"])
        parts.append(f"<h2>{html.escape(KIND_TITLES.get(kind, kind))} ({len(records)})</h2>"
                     + _table(rows, ["Kennung", "Inhalt", "Stand"]))
    if data.get("history"):
        parts.append("<h2>Frühere Werte</h2>" + _table(
            [[html.escape(h["created_at"]), html.escape(h["field"]), _value(h["value"]),
              _value(h["winner_value"])] for h in data["history"]],
            ["Zeit", "Feld", "früherer Wert", "gültiger Wert"]))
    if data.get("merges"):
        parts.append("<h2>Zusammenführungen</h2>" + _table(
            [[html.escape(m["merged_at"]), html.escape(m["merged_by"]), _value(m["reason"]),
              _value(m.get("undone_at"))] for m in data["merges"]],
            ["Zeit", "durch", "Grund", "aufgehoben am"]))
    parts.append(f"<h2>Protokoll der Zugriffe ({len(data.get('audit', []))})</h2>" + _table(
        [[html.escape(a["at"]), html.escape(a["user_name"]), _value(a.get("device_id")),
          html.escape(ACTIONS.get(a["action"], a["action"])), _value(a.get("kind"))]
         for a in data.get("audit", [])], ["Zeit", "Benutzer", "Gerät", "Vorgang", "Bereich"]))
    return "<html><body>" + "".join(parts) + "</body></html>"


def write_pdf(data: dict, path: Path | str) -> Path:
    return write_html_pdf(export_html(data), path, title="Auskunft nach Art. 15 DSGVO",
                          point_size=9, margin_mm=15)
