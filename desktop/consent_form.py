"""The printable consent form: German (binding) and the client's language, as a PDF.

Texts are data (``resources/consent/consent_form.json``: German, English, Arabic, Dari/Farsi,
Ukrainian, Russian, Turkish). The page is rich text laid out by Qt (``QTextDocument``) and
printed with ``QPdfWriter``, which works offscreen. Arabic and Persian blocks are written
right-to-left (``dir="rtl"``): Qt shapes the letters and aligns the lines to the right margin.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from functools import lru_cache
from pathlib import Path

from casefile import catalogs
from casefile.records import Client, Consent
from desktop.pdf import write_html_pdf
from resources import path as resource_path

FORM = resource_path("consent", "consent_form.json")


@lru_cache(maxsize=1)
def texts() -> dict:
    return json.loads(FORM.read_text(encoding="utf-8"))


def languages() -> dict[str, str]:
    """Language code -> its own name, for the form's language choice."""
    return {code: spec["name"] for code, spec in texts()["languages"].items()}


def language_for(client: Client) -> str:
    """The first language of the client the form exists in (German otherwise)."""
    known = texts()["languages"]
    aliases = {
        "prs": "fa",
        "pes": "fa",
        "fas": "fa",
        "ara": "ar",
        "ukr": "uk",
        "rus": "ru",
        "tur": "tr",
        "eng": "en",
    }
    for skill in client.languages:
        code = aliases.get(skill.code, skill.code)
        if code in known:
            return code
    return "de"


def _date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _section(lang: str, consent: Consent, client: Client) -> str:
    t, spec = texts()["texts"], texts()["languages"][lang]
    cats = texts()["categories"]
    units = catalogs.load("unit")

    def say(key: str, **kw) -> str:
        return html.escape(t[key][lang].format(**kw))

    recipients = "".join(
        f"<li>{html.escape(units.label(r) if r in units else r)}</li>" for r in consent.recipients
    )
    categories = "".join(
        f"<li>{html.escape(cats.get(c, {}).get(lang) or cats.get(c, {}).get('de') or c)}</li>"
        for c in consent.categories
    )
    valid = (
        say("valid_until", date=_date(consent.valid_until))
        if consent.valid_until
        else say("valid_open")
    )
    direction = "rtl" if spec["rtl"] else "ltr"
    align = "right" if spec["rtl"] else "left"
    # Not in italics: DejaVu Sans Oblique has no Arabic letters.
    binding = (
        f'<p dir="{direction}" style="color:#555555">{say("binding")}</p>'
        if t["binding"][lang]
        else ""
    )
    name = f"{client.given_names} {client.family_name}".strip()
    return f"""
<div dir="{direction}" lang="{lang}" align="{align}">
<h2 dir="{direction}">{say("title")}</h2>
{binding}
<p dir="{direction}">{say("intro", name=name, birth=_date(client.birth_date))}</p>
<p dir="{direction}"><b>{say("recipients")}:</b></p><ul dir="{direction}">{recipients}</ul>
<p dir="{direction}"><b>{say("categories")}:</b></p><ul dir="{direction}">{categories}</ul>
<p dir="{direction}"><b>{say("purpose")}:</b> {html.escape(consent.purpose)}</p>
<p dir="{direction}">{valid}</p>
<p dir="{direction}">{say("voluntary")}</p>
<p dir="{direction}">{say("withdraw")}</p>
<p dir="{direction}">{say("rights")}</p>
<table width="100%" cellpadding="4" dir="{direction}"><tr>
<td width="50%">__________________________<br/>{say("place_date")}</td>
<td width="50%">__________________________<br/>{say("signature")}</td></tr></table>
<p dir="{direction}"><small>{say("reference", ref=html.escape(consent.form_reference or consent.id))}</small></p>
</div>"""


def form_html(consent: Consent, client: Client, lang: str) -> str:
    if lang not in texts()["languages"]:
        raise ValueError(f"no consent form in language {lang!r}")
    parts = [_section("de", consent, client)]
    if lang != "de":
        parts.append('<p style="page-break-before: always"></p>' + _section(lang, consent, client))
    return "<html><body>" + "".join(parts) + "</body></html>"


def write_pdf(consent: Consent, client: Client, lang: str, path: Path | str) -> Path:
    """Write the form (German, then *lang* on its own page) as an A4 PDF; returns the path."""
    return write_html_pdf(
        form_html(consent, client, lang),
        path,
        title=texts()["texts"]["title"]["de"],
        point_size=10.5,
        margin_mm=18,
    )
