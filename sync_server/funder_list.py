"""Funder lists (issue 21): the participants of a funded project in a period, laid out by the
funder's template (casefile.funders), to attach to a proof of use (Verwendungsnachweis).

Who appears is decided by the ONE read gate of the server (:meth:`Policy.visible_to`, the
condition pull uses): the live ``project_participation`` records of the project that overlap
the period and that the device may receive. Names and birth dates come from the client records
(master data, through the same gate); contacts and hours only from consultations the device
may receive. A user who may read no participation of the project gets an empty list with a
note -- never another unit's data. docs/reports.md "Funder lists" says what each field holds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import Connection, select

from casefile import catalogs, funders
from casefile.funders import Template
from sync_server import schema as t
from sync_server.access import Policy
from sync_server.auth import Device
from sync_server.errors import ApiError
from sync_server.report_facts import local_day

MAX_DAYS = 5 * 366  # at most 5 years, like every report (docs/reports.md)
NO_PARTICIPANTS = "Im Zeitraum keine Teilnehmenden."
SEX_LABELS = {"f": "weiblich", "m": "männlich", "d": "divers", "u": "ohne Angabe"}
PERIOD_NOTES = {
    "quarter": "Der Förderer erwartet Listen je Kalenderquartal; der Zeitraum ist kein volles "
    "Quartal.",
    "month": "Der Förderer erwartet Listen je Kalendermonat; der Zeitraum ist kein voller Monat.",
}
CONTACTS_NOTE = (
    "Kontakte und Stunden: Beratungen des Sachgebiets „{unit}“ mit der Person während der "
    "Teilnahme im Zeitraum, soweit Sie sie lesen dürfen."
)


def _day(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _local_day(value: Any) -> dt.date | None:
    """The local calendar day of a stored date-time, read as the reports read it."""
    day = local_day(value)
    return dt.date.fromisoformat(day) if day else None


def _whole(start: dt.date, end: dt.date, period: str) -> bool:
    """Whether *start*..*end* is one whole calendar quarter / month."""
    if period == "any":
        return True
    months = 3 if period == "quarter" else 1
    if start.day != 1 or (period == "quarter" and (start.month - 1) % 3):
        return False
    month = start.month - 1 + months
    after = dt.date(start.year + month // 12, month % 12 + 1, 1)
    return end == after - dt.timedelta(days=1)


def _policy(service_or_db: Any) -> tuple[Any, Policy]:
    from sync_server import access

    policy = getattr(service_or_db, "policy", None)
    db = getattr(service_or_db, "db", service_or_db)
    return db, policy if isinstance(policy, Policy) else access.current()


def _visible(
    conn: Connection, policy: Policy, device: Device, kind: str, client_ids: Iterable[str] | None
) -> list[tuple[str, str | None, dict[str, Any]]]:
    """(id, client id, fields) of the live *kind* records *device* may receive (of
    *client_ids* if given) -- through the gate pull uses."""
    r = t.records
    stmt = select(r.c.id, r.c.client_id, r.c.fields).where(
        r.c.kind == kind, r.c.deleted.is_(False), policy.visible_to(device, r)
    )
    if client_ids is None:
        return [(i, c, orjson.loads(f)) for i, c, f in conn.execute(stmt)]
    ids = sorted(set(client_ids))
    out = []
    for n in range(0, len(ids), 500):
        out += [
            (i, c, orjson.loads(f))
            for i, c, f in conn.execute(stmt.where(r.c.client_id.in_(ids[n : n + 500])))
        ]
    return out


def _template(name: str) -> Template:
    try:
        return funders.load(name)
    except funders.TemplateError as exc:
        raise ApiError(422, "funder_template", {"template": name}, text=str(exc)) from None


def funder_list(
    service_or_db: Any,
    device: Device,
    project: str,
    template: str,
    start: dt.date,
    end: dt.date,
) -> dict[str, Any]:
    """The participant list of *project* from *start* to *end* (both included) in the layout
    of the funder *template*, over what *device* may read. 422 for an unknown project or
    template, a template with an unknown field, or a period that is not one."""
    entry = catalogs.load("project").get(project)
    if entry is None:
        raise ApiError(422, "funder_project", {"project": project}, project=project)
    layout = _template(template)
    if end < start or (end - start).days >= MAX_DAYS:
        raise ApiError(422, "funder_period", {"from": str(start), "to": str(end)})
    unit = str(entry.extra.get("unit", "projects"))
    db, policy = _policy(service_or_db)
    with db.reader.connect() as conn:
        parts = []
        for rid, cid, f in _visible(conn, policy, device, "project_participation", None):
            began, ended = _day(f.get("started_on")), _day(f.get("ended_on"))
            if f.get("project") != project or began is None or not cid:
                continue
            if began <= end and (ended is None or ended >= start):
                parts.append((rid, cid, f, began, ended))
        clients = {
            cid: f for _i, cid, f in _visible(conn, policy, device, "client", [p[1] for p in parts])
        }
        consultations = _visible(conn, policy, device, "consultation", [p[1] for p in parts])
    # A corrected consultation (named by another's revision_of) counts once, as its correction.
    corrected = {f.get("revision_of") for _i, _c, f in consultations if f.get("revision_of")}
    days: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for rid, cid, f in consultations:
        day = _local_day(f.get("started_at"))
        if rid in corrected or f.get("unit") != unit or day is None or cid is None:
            continue
        minutes = f.get("duration_min")
        days[cid].append((day, minutes if isinstance(minutes, int) else 0))
    rows: list[dict[str, Any]] = []
    for _rid, cid, f, began, ended in parts:
        first, last = max(began, start), min(ended or end, end)
        seen = [m for day, m in days.get(cid, []) if first <= day <= last]
        person = clients.get(cid, {})
        rows.append(
            {
                "family_name": person.get("family_name") or "",
                "given_names": person.get("given_names") or "",
                "birth_date": _birth(person),
                "sex": SEX_LABELS.get(person.get("sex") or "u", ""),
                "nationality": _nationality(person.get("nationalities")),
                "started_on": began.isoformat(),
                "ended_on": ended.isoformat() if ended else "",
                "exit_reason": catalogs.load("exit_reason").label(f.get("exit_reason") or "")
                if f.get("exit_reason")
                else "",
                "contacts": len(seen),
                "hours": round(sum(seen) / 60, 2),
                "days_in_period": (last - first).days + 1,
                "project": entry.de,
                "unit": catalogs.load("unit").label(unit),
            }
        )
    rows.sort(
        key=lambda x: (x["family_name"].casefold(), x["given_names"].casefold(), x["started_on"])
    )
    for n, row in enumerate(rows, 1):
        row["number"] = n
    notes = [] if rows else [NO_PARTICIPANTS]
    if layout.period in PERIOD_NOTES and not _whole(start, end, layout.period):
        notes.append(PERIOD_NOTES[layout.period])
    if rows and any(c.field in ("contacts", "hours") for c in layout.columns):
        notes.append(CONTACTS_NOTE.format(unit=catalogs.load("unit").label(unit)))
    return {
        "title": layout.title,
        "project": project,
        "project_label": entry.de,
        "funder": layout.funder,
        "funder_label": layout.name,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "columns": [{"key": c.field, "header": c.header} for c in layout.columns],
        "rows": [[row[c.field] for c in layout.columns] for row in rows],
        "notes": notes,
    }


def _birth(person: dict[str, Any]) -> str:
    """The birth date as known: the year only where only the year is, nothing where unknown."""
    day = _day(person.get("birth_date"))
    precision = person.get("birth_date_precision") or "exact"
    if day is None or precision == "unknown":
        return ""
    return str(day.year) if precision == "year" else day.isoformat()


def _nationality(value: Any) -> str:
    """The first nationality's German name."""
    if isinstance(value, str):
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            return ""
    if not isinstance(value, list) or not value or not isinstance(value[0], str):
        return ""
    return catalogs.load("nationality").label(value[0])
