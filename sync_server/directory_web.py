"""The directory of offers as static web pages for the county's web site ("digital platform").

One folder that needs nothing else: ``index.html`` (the topics, every offer from A to Z) and
one page per topic (``thema-<code>.html``). Plain HTML with the style in the page: no script,
no font, image or style sheet from elsewhere, so the county's web team can copy the folder as
it is, and a screen reader finds headings, lists and the language of every text (German; the
offers' translations carry their own ``lang`` and direction). The same words as the brochure
(:mod:`casefile.offer_text`); stale entries are marked or left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from pathlib import Path

from casefile import catalogs, consulting_hours as ch, offer_text as words
from casefile.offers import is_stale, rules
from casefile.records import ConsultingHours, Offer, Provider

TITLE = "Angebote für Zugewanderte"
GENERATOR = "MiA Desk: Angebotsverzeichnis"  # marks our pages: a new export replaces only them
STALE = "Nicht aktuell geprüft"
_CSS = """
:root { --ink: #1b1f24; --muted: #4b5563; --accent: #1e5a96; --line: #d5dbe3; --warn: #8a3b00; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f7f9; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid #f5b400; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
header { background: var(--accent); color: #fff; padding: .8rem 1.5rem; }
header a { color: #fff; font-weight: 600; text-decoration: none; font-size: 1.15rem; }
.wrap { display: flex; gap: 2rem; max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
nav { flex: 0 0 14rem; }
nav h2 { font-size: 1rem; margin: 0 0 .5rem; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav li a { display: block; padding: .3rem .5rem; border-radius: .3rem; text-decoration: none; }
nav li a[aria-current="page"] { background: var(--accent); color: #fff; }
main { flex: 1; min-width: 0; }
h1 { margin: 0 0 .3rem; font-size: 1.8rem; }
.lead { color: var(--muted); margin: 0 0 1.2rem; }
.offers { list-style: none; margin: 0; padding: 0; }
.offer { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.2rem; margin-bottom: 1rem; }
.offer h2 { font-size: 1.2rem; margin: 0; }
.provider { color: var(--muted); margin: .1rem 0 .5rem; }
.stale { color: var(--warn); font-weight: 600; margin: .2rem 0; }
dl { display: grid; grid-template-columns: 10rem 1fr; gap: .25rem 1rem; margin: .6rem 0 0; }
dt { font-weight: 600; }
dd { margin: 0; }
dd ul { margin: 0; padding-left: 1.1rem; }
.translations { margin-top: .6rem; border-top: 1px solid var(--line); padding-top: .4rem; }
.translations p { margin: .2rem 0; }
.topics { columns: 2; padding-left: 1.2rem; }
.az { padding-left: 1.2rem; }
footer { max-width: 72rem; margin: 0 auto; padding: 0 1.5rem 2rem; color: var(--muted); font-size: .9rem; }
dl.hours { grid-template-columns: 14rem 1fr; }
dl.hours dt { overflow-wrap: anywhere; }
@media (max-width: 48rem) { .wrap { display: block; } dl, dl.hours { grid-template-columns: 1fr; } .topics { columns: 1; } }
@media print { nav, header, .skip { display: none; } .offer { break-inside: avoid; } }
""".strip()


def topic_file(code: str) -> str:
    return f"thema-{code.replace('_', '-')}.html"


def _anchor(offer: Offer) -> str:
    return f"angebot-{offer.id}"


def _page(title: str, nav: str, body: str, today: dt.date) -> str:
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{GENERATOR}">
<title>{escape(title)}</title>
<style>
{_CSS}
</style>
</head>
<body>
<a class="skip" href="#inhalt">Zum Inhalt springen</a>
<header><a href="index.html">{escape(TITLE)}</a></header>
<div class="wrap">
{nav}
<main id="inhalt">
{body}
</main>
</div>
<footer><p>Stand: {today:%d.%m.%Y}. Angaben ohne Gewähr: bitte vor dem Besuch beim Träger nachfragen.</p></footer>
</body>
</html>
"""


def _nav(
    groups: list[tuple[str, str, list[Offer]]], current: str | None, hours: bool = False
) -> str:
    items = []
    for code, label, group in groups:
        mark = ' aria-current="page"' if code == current else ""
        items.append(
            f'<li><a href="{topic_file(code)}"{mark}>{escape(label)} ({len(group)})</a></li>'
        )
    more = ""
    if hours:  # issue 20: the consulting hours' page
        mark = ' aria-current="page"' if current == HOURS_PAGE else ""
        more = (
            '\n<h2 id="mia">Migrationsagentur</h2>\n<ul>\n'
            f'<li><a href="{HOURS_PAGE}"{mark}>Sprechstunden</a></li>\n</ul>'
        )
    return (
        '<nav aria-labelledby="themen"><h2 id="themen">Themen</h2>\n<ul>\n'
        + "\n".join(items)
        + "\n</ul>"
        + more
        + "</nav>"
    )


def _link(value: str, kind: str) -> str:
    if kind == "phone":
        digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
        return f'<a href="tel:{escape(digits)}">{escape(value)}</a>'
    if kind == "email":
        return f'<a href="mailto:{escape(value)}">{escape(value)}</a>'
    if value.lower().startswith(("https://", "http://")):
        return f'<a href="{escape(value)}">{escape(value)}</a>'
    return escape(value)


def _list(lines: list[str], raw: bool = False) -> str:
    if len(lines) == 1:
        return lines[0] if raw else escape(lines[0])
    return "<ul>" + "".join(f"<li>{x if raw else escape(x)}</li>" for x in lines) + "</ul>"


def _offer(offer: Offer, provider: Provider | None, stale: bool) -> str:
    rows: list[tuple[str, str]] = []

    def add(label: str, html: str) -> None:
        if html:
            rows.append((label, html))

    add("Orte", _list([words.place_text(p) for p in offer.places]))
    add("Zeiten", _list(words.hours_lines(offer)))
    add("Sprachen", escape(words.language_text(offer)))
    contact = []
    if offer.contact_name:
        contact.append(escape(offer.contact_name))
    if offer.phone:
        contact.append("Telefon: " + _link(offer.phone, "phone"))
    if offer.email:
        contact.append("E-Mail: " + _link(offer.email, "email"))
    if offer.website:
        contact.append("Web: " + _link(offer.website, "web"))
    add("Kontakt", _list(contact, raw=True) if contact else "")
    add("Kosten", escape(words.cost_text(offer)))
    add("Voraussetzungen", escape(offer.eligibility))
    add("Mitbringen", escape(offer.what_to_bring))
    add("Barrierefreiheit", escape(offer.accessibility))
    if not stale:
        add("Stand", escape(words.verified_text(offer)))
    parts = [f'<li class="offer" id="{_anchor(offer)}"><article aria-labelledby="t-{offer.id}">']
    parts.append(f'<h2 id="t-{offer.id}" dir="auto">{escape(offer.name)}</h2>')
    if stale:
        when = f" (zuletzt {words.verified_text(offer)})" if offer.verified_on else ""
        parts.append(f'<p class="stale">⚠ {STALE}{escape(when)}: bitte vorher anrufen.</p>')
    if provider is not None:
        parts.append(f'<p class="provider">Träger: <bdi>{escape(provider.name)}</bdi></p>')
    if offer.description:
        parts.append(f'<p dir="auto">{escape(offer.description)}</p>')
    parts.append(
        "<dl>" + "".join(f"<dt>{label}</dt><dd>{html}</dd>" for label, html in rows) + "</dl>"
    )
    langs = catalogs.load("language")
    texts = [t for t in offer.translations if t.name or t.description or t.what_to_bring]
    if texts:
        parts.append('<div class="translations"><h3>In anderen Sprachen</h3>')
        for t in texts:
            entry = langs.get(t.language)
            direction = "rtl" if entry is not None and entry.extra.get("rtl") else "ltr"
            body = " ".join(escape(x) for x in (t.name, t.description, t.what_to_bring) if x)
            parts.append(
                f"<p><strong>{escape(langs.label(t.language))}:</strong> "
                f'<span lang="{escape(t.language)}" dir="{direction}">{body}</span></p>'
            )
        parts.append("</div>")
    parts.append("</article></li>")
    return "\n".join(parts)


def _ours(f: Path) -> bool:
    """A page an earlier export wrote: a plain file (no link to elsewhere) of our names that
    carries our generator mark -- not the web site's own ``index.html`` that shares the name."""
    if f.is_symlink() or not f.is_file():
        return False
    if not (
        f.name in ("index.html", HOURS_PAGE)
        or (f.name.startswith("thema-") and f.suffix == ".html")
    ):
        return False
    try:
        with f.open("rb") as page:
            head = page.read(2048)
    except OSError:
        return False
    return f'<meta name="generator" content="{GENERATOR}">'.encode() in head


def _prepare(folder: Path) -> None:
    """An empty folder, or one holding only an earlier export (whose pages go): a folder with
    anything else in it is refused -- the export never deletes what it did not write (a page
    of the same name without our mark, a link, a folder)."""
    if folder.exists():
        if not folder.is_dir():
            raise ValueError(f"{folder} ist kein Ordner.")
        ours = [f for f in folder.iterdir() if _ours(f)]
        others = [f.name for f in folder.iterdir() if f not in ours]
        if others:
            raise ValueError(
                f"Der Ordner {folder} enthält andere Dateien ({', '.join(sorted(others)[:3])}); "
                "bitte einen leeren oder neuen Ordner angeben."
            )
        for f in ours:
            f.unlink()
    folder.mkdir(parents=True, exist_ok=True)


def write_site(
    providers: list[Provider],
    offers: list[Offer],
    folder: Path | str,
    *,
    today: dt.date | None = None,
    include_stale: bool = True,
    hours: Iterable[ConsultingHours] = (),
) -> Path:
    """Write the pages of the active *offers* into *folder* (made anew); returns index.html.
    With *hours*, also the page of the consulting hours (:func:`hours_page`)."""
    folder = Path(folder)
    today = today or dt.date.today()
    r = rules()
    by_id = {p.id: p for p in providers}
    shown = [o for o in offers if o.active and (include_stale or not is_stale(o, today, r))]
    groups = words.by_topic(shown)
    held = current_hours(hours, today)
    _prepare(folder)
    stale_note = (
        f"Einträge mit „⚠ {STALE}“ wurden länger als {r.stale_after_days} Tage nicht beim "
        "Träger überprüft."
        if include_stale
        else f"Einträge, die länger als {r.stale_after_days} Tage nicht überprüft wurden, "
        "sind nicht aufgeführt."
    )
    for code, label, group in groups:
        body = [
            f"<h1>{escape(label)}</h1>",
            f'<p class="lead">{len(group)} Angebote · Stand {today:%d.%m.%Y}. '
            f"{escape(stale_note)}</p>",
            '<ul class="offers">',
            *(_offer(o, by_id.get(o.provider_id), is_stale(o, today, r)) for o in group),
            "</ul>",
        ]
        (folder / topic_file(code)).write_text(
            _page(f"{label} – {TITLE}", _nav(groups, code, bool(held)), "\n".join(body), today),
            encoding="utf-8",
        )
    first_topic = {o.id: code for code, _label, group in reversed(groups) for o in group}
    az = sorted(shown, key=lambda o: (o.name.casefold(), o.id))
    body = [
        f"<h1>{escape(TITLE)}</h1>",
        f'<p class="lead">Beratungs- und Hilfsangebote im Landkreis: {len(shown)} Angebote in '
        f"{len(groups)} Themen. Die Angebote sind kostenlos, wenn nichts anderes angegeben ist. "
        f"{escape(stale_note)}</p>",
        "<h2>Themen</h2>",
        '<ul class="topics">',
        *(
            f'<li><a href="{topic_file(code)}">{escape(label)}</a> ({len(group)})</li>'
            for code, label, group in groups
        ),
        "</ul>",
        "<h2>Alle Angebote von A bis Z</h2>",
        '<ul class="az">',
        *(
            f'<li><a href="{topic_file(first_topic[o.id])}#{_anchor(o)}" dir="auto">'
            f"{escape(o.name)}</a></li>"
            for o in az
        ),
        "</ul>",
    ]
    if held:
        body[2:2] = [
            f'<p>Wo und wann die Migrationsagentur ohne Termin berät: <a href="{HOURS_PAGE}">'
            "Sprechstunden im Landratsamt und dezentral</a>.</p>"
        ]
        (folder / HOURS_PAGE).write_text(
            _page(
                f"Sprechstunden – {TITLE}",
                _nav(groups, HOURS_PAGE, True),
                hours_body(held, today),
                today,
            ),
            encoding="utf-8",
        )
    index = folder / "index.html"
    index.write_text(
        _page(TITLE, _nav(groups, None, bool(held)), "\n".join(body), today), encoding="utf-8"
    )
    return index


# --- issue 20: consulting hours -----------------------------------------------------------------

HOURS_PAGE = "sprechstunden.html"
HOURS_AHEAD_DAYS = 62  # cancelled and added days are said for about the coming two months
_PLACE_ORDER = {"office": 0, "decentral": 1, "shelter": 2, "phone": 3}


def current_hours(hours: Iterable[ConsultingHours], today: dt.date) -> list[ConsultingHours]:
    """The active hours that still hold a day from *today* on (within a year)."""
    horizon = today + dt.timedelta(days=366)
    return [h for h in hours if h.active and ch.days_of(h, today, horizon)]


def _place_key(code: str) -> tuple[int, str]:
    entry = catalogs.load("location").get(code)
    kind = str(entry.extra.get("kind") or "") if entry is not None else ""
    town = str(entry.extra.get("town") or "") if entry is not None else ""
    return (_PLACE_ORDER.get(kind, 4), town.casefold() or code)


def hours_body(hours: list[ConsultingHours], today: dt.date) -> str:
    """The consulting hours by place (the Landratsamt's sites first, then the towns, then the
    phone), each unit's times in words with the days cancelled and added."""
    by_place: dict[str, list[ConsultingHours]] = {}
    for h in hours:
        by_place.setdefault(h.location, []).append(h)
    parts = [
        "<h1>Sprechstunden im Landratsamt und dezentral</h1>",
        f'<p class="lead">Ohne Termin: Kommen Sie zu diesen Zeiten vorbei. Stand '
        f"{today:%d.%m.%Y}; Ausfälle und zusätzliche Termine der nächsten zwei Monate sind "
        "genannt.</p>",
    ]
    for code in sorted(by_place, key=_place_key):
        street, postal, town = words.location_address(code)
        address = ", ".join(x for x in (street, " ".join(y for y in (postal, town) if y)) if x)
        parts.append(f'<section class="offer" aria-labelledby="ort-{code}">')
        parts.append(f'<h2 id="ort-{code}">{escape(ch.location_label(code))}</h2>')
        if address:
            parts.append(f'<p class="provider">{escape(address)}</p>')
        parts.append('<dl class="hours">')
        for h in sorted(by_place[code], key=lambda h: (ch.unit_label(h.unit), h.opens, h.id)):
            said = ch.describe(h, today, today + dt.timedelta(days=HOURS_AHEAD_DAYS))
            parts.append(
                f"<dt>{escape(ch.unit_label(h.unit))}</dt>"
                f"<dd>{escape(ch.kind_label(h.kind))}: {escape(said)}</dd>"
            )
        parts.append("</dl></section>")
    return "\n".join(parts)
