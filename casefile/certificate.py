"""What the participation certificate (Teilnahmebescheinigung) of a group session or series
says, in German and the client's language.

Pure Python: the words and their order; ``desktop.group_certificate`` lays them out as a PDF.
The certificate names the participant (name, birth date), the series' title and topic, the
place, each date with the attendance and the hours, the total, who issued it, and lines for
place, date and signature. Fixed texts are data: ``resources/groups/certificate_texts.json``.
A language without texts, or whose letters the printing font cannot show (the caller says,
``printable``), gives the German certificate alone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from casefile import catalogs
from casefile.records import Attendance, Client, GroupSession
from resources import path as resource_path

TEXTS = resource_path("groups", "certificate_texts.json")


@cache
def _data() -> dict[str, Any]:
    return dict(json.loads(TEXTS.read_text(encoding="utf-8")))


def texts(language: str) -> dict[str, str] | None:
    found: dict[str, str] | None = _data()["texts"].get(language)
    return found


def languages() -> list[str]:
    return list(_data()["texts"])


def rtl(language: str) -> bool:
    entry = catalogs.load("language").get(language)
    return entry is not None and bool(entry.extra.get("rtl"))


@dataclass
class Line:
    """One date of the series: the day, the attendance in words, the hours ("" if none)."""

    day: str
    attended: str
    hours: str


@dataclass
class Section:
    """The certificate in one language."""

    language: str
    rtl: bool
    title: str
    confirm: str
    person: str  # the name
    born: str  # "geboren am"
    born_on: str  # the birth date as known ("12.04.1991", "1991"; "" if unknown)
    took_part: str
    facts: list[tuple[str, str]]  # (label, value): event, topic, place
    head: tuple[str, str, str]  # date, attendance, hours
    lines: list[Line]
    total: str
    issued_by: tuple[str, str]
    signature: str
    place_date: str


@dataclass
class Certificate:
    client_name: str
    sections: list[Section] = field(default_factory=list)


def hours_text(hours: float, language: str) -> str:
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if language in ("de", "uk", "ru", "tr") else text


def _day(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def client_language(client: Client) -> str:
    """The first of the client's languages (interpreter needed first) that is not German."""
    skills = sorted(client.languages, key=lambda s: not s.interpreter_needed)
    return next((s.code for s in skills if s.code != "de"), "de")


def content(
    client: Client,
    rows: Sequence[tuple[GroupSession, Attendance]],
    issuer: str,
    language: str = "",
    printable: Callable[[str], bool] = lambda _text: True,
) -> Certificate:
    """The certificate of *client* for the sessions of *rows* (one series or one session,
    with the client's attendance of each), issued by *issuer* (unit, person), in German and
    *language* (default: the client's)."""
    language = language or client_language(client)
    out = Certificate(f"{client.given_names} {client.family_name}".strip())
    wanted = ["de"] + ([language] if language != "de" else [])
    for code in wanted:
        t = texts(code)
        if t is None:
            continue
        section = _section(client, rows, issuer, code, t)
        if code != "de" and not printable(_all_text(section)):
            continue
        out.sections.append(section)
    return out


def _section(
    client: Client,
    rows: Sequence[tuple[GroupSession, Attendance]],
    issuer: str,
    code: str,
    t: dict[str, str],
) -> Section:
    rows = sorted(rows, key=lambda r: r[0].starts_at)
    first = rows[0][0] if rows else None
    total = sum(a.hours for _s, a in rows if a.status == "present")
    present = sum(1 for _s, a in rows if a.status == "present")
    count = max((s.series_count for s, _a in rows), default=len(rows)) or len(rows)
    catalog_language = code if code in ("de", "en") else "de"
    born_on = ""
    if client.birth_date and client.birth_date_precision == "year":
        born_on = str(client.birth_date.year)
    elif client.birth_date and client.birth_date_precision != "unknown":
        born_on = _day(client.birth_date)
    facts = []
    if first is not None:
        facts = [
            (t["event"], first.title),
            (t["topic"], catalogs.load("topic").label(first.topic, catalog_language)),
            (t["place"], catalogs.load("location").label(first.location, catalog_language)),
        ]
    return Section(
        language=code,
        rtl=rtl(code),
        title=t["title"],
        confirm=t["confirm"],
        person=f"{client.given_names} {client.family_name}".strip(),
        born=t["born"] if born_on and born_on.count(".") else t["born_year"],
        born_on=born_on,
        took_part=t["took_part"],
        facts=facts,
        head=(t["date"], t["attended"], t["hours"]),
        lines=[
            Line(
                _day(s.starts_at.astimezone().date()),
                t.get(a.status, a.status),
                hours_text(a.hours, code) if a.status == "present" else "",
            )
            for s, a in rows
        ],
        total=t["total"].format(hours=hours_text(total, code), n=present, count=count),
        issued_by=(t["issued_by"], issuer),
        signature=t["signature"],
        place_date=t["place_date"],
    )


def _all_text(section: Section) -> str:
    parts = [section.title, section.confirm, section.took_part, section.total, *section.head]
    parts += [label for label, _v in section.facts] + [line.attended for line in section.lines]
    return " ".join(parts)
