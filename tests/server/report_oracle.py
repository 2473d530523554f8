"""A second way to every report figure: plain Python over the raw ``records`` table.

Written from docs/reports.md ("Periods and dimensions", "Indicators"), not from
sync_server/reports.py: it reads each record's fields as stored (JSON text), never the fact
tables the server keeps, and counts with Counters and sets.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import tomllib
from collections import defaultdict
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "resources" / "catalogs"


def catalog(name: str) -> list[dict]:
    return json.loads((CATALOGS / f"{name}.json").read_text(encoding="utf-8"))["entries"]


UNITS = [e["code"] for e in catalog("unit")]
LOCATION_KIND = {e["code"]: e.get("kind") for e in catalog("location")}
UNMET = {e["code"] for e in catalog("referral_failure") if e.get("unmet")}
POLICY = tomllib.loads((ROOT / "resources" / "access" / "policy.toml").read_text("utf-8"))


def report_units(roles, units) -> set[str]:
    """[reports] of the policy file, read here with tomllib."""
    rules = POLICY.get("reports", {})
    if set(roles) & set(rules.get("all_units", [])):
        return set(UNITS)
    if set(roles) & set(rules.get("own_units", [])):
        return set(units) & set(UNITS)
    return set()


def listed(value) -> list:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return value if isinstance(value, list) else []


def local_day(value) -> str | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    if len(value) == 10:
        return value
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().date().isoformat()


def clock_day(clock) -> str | None:
    if not isinstance(clock, str):
        return None
    wall = int(clock.split("-")[0])
    return dt.datetime.fromtimestamp(wall / 1000, dt.UTC).astimezone().date().isoformat()


def place(kind: str, location: str) -> str:
    if kind in ("outreach", "phone"):
        return kind
    where = LOCATION_KIND.get(location)
    if where == "office":
        return "office"
    if where == "decentral":
        return "decentral"
    if where in ("shelter", "outreach"):
        return "outreach"
    if where in ("phone", "video"):
        return "phone"
    return "other"


def age_band(day: str, client: dict | None) -> str:
    if (
        not client
        or not client.get("birth_date")
        or client.get("birth_date_precision") == "unknown"
    ):
        return "unknown"
    age = int(day[:4]) - int(client["birth_date"][:4])
    for top, band in ((18, "0-17"), (27, "18-26"), (45, "27-44"), (65, "45-64")):
        if age < top:
            return band
    return "65+"


def periods(day: str) -> dict[str, str]:
    month = int(day[5:7])
    return {"month": day[:7], "quarter": f"{day[:4]}-Q{(month + 2) // 3}", "year": day[:4]}


class World:
    """The live records of a server database, read raw."""

    def __init__(self, conn, walk_in: bool = True):
        self.records: dict[str, dict[str, dict]] = defaultdict(dict)
        self.clocks: dict[str, dict] = {}
        for kind, rid, fields, clocks, deleted in conn.execute(
            text("SELECT kind, id, fields, clocks, deleted FROM records")
        ):
            if not deleted:
                self.records[kind][rid] = json.loads(fields)
                self.clocks[rid] = json.loads(clocks)
        self.calls: dict[str, list[str]] = defaultdict(list)
        for phase in self.records["walk_in_phase"].values():
            if phase.get("phase") == "called":
                self.calls[phase["ticket_id"]].append(phase["at"])

    def client(self, cid) -> dict | None:
        return self.records["client"].get(cid)

    # --- the items of each indicator: (dimension values, client id, value) -------------------

    def items(self, indicator: str) -> list[tuple[dict[str, list[str]], str | None, float]]:
        return getattr(self, "_" + indicator)()

    def _client_dims(self, day: str, cid) -> dict[str, list[str]]:
        c = self.client(cid)
        nat = listed(c.get("nationalities")) if c else []
        return {
            "target_group": [(c or {}).get("target_group") or "unknown"],
            "nationality": [nat[0] if nat else "unknown"],
            "sex": [(c or {}).get("sex") or "u"],
            "age_band": [age_band(day, c)],
            **{k: [v] for k, v in periods(day).items()},
        }

    def consultations_live(self):
        revised = {
            f.get("revision_of")
            for f in self.records["consultation"].values()
            if f.get("revision_of")
        }
        for rid, f in self.records["consultation"].items():
            if rid in revised:
                continue
            day = local_day(f.get("started_at"))
            if day:
                yield rid, f, day

    def _consultation_dims(self, f, day) -> dict[str, list[str]]:
        return {
            "unit": [f.get("unit") or ""],
            "place": [place(f.get("kind") or "", f.get("location") or "")],
            "location": [f.get("location") or ""],
            "kind": [f.get("kind") or ""],
            "topic": sorted(set(listed(f.get("topics")))) or ["-"],
            "language": [f.get("language") or "de"],
            "interpreter": ["yes" if f.get("mediator_used") in (True, 1) else "no"],
            "outcome": [f.get("outcome") or ""],
            **self._client_dims(day, f.get("client_id")),
            "_day": [day],
        }

    def _consultations(self):
        return [
            (self._consultation_dims(f, d), f.get("client_id"), 1.0)
            for _, f, d in self.consultations_live()
        ]

    _persons = _consultations

    def _work_taken_up(self):
        return [
            (self._consultation_dims(f, d), f.get("client_id"), 1.0)
            for _, f, d in self.consultations_live()
            if f.get("outcome") == "work_taken_up"
        ]

    def _days_to_outcome(self):
        first_ever: dict[str, str] = {}
        for f in self.records["consultation"].values():
            day = local_day(f.get("started_at"))
            cid = f.get("client_id")
            if day and cid and (cid not in first_ever or day < first_ever[cid]):
                first_ever[cid] = day
        done = sorted(
            (d, rid, f)
            for rid, f, d in self.consultations_live()
            if f.get("outcome") in ("resolved", "work_taken_up") and f.get("client_id")
        )
        return [
            (
                self._consultation_dims(f, d),
                f["client_id"],
                float(
                    (
                        dt.date.fromisoformat(d) - dt.date.fromisoformat(first_ever[f["client_id"]])
                    ).days
                ),
            )
            for d, rid, f in done
        ]  # the caller keeps the first per client within the period

    def _referral_items(self, keep):
        out = []
        for f in self.records["referral"].values():
            day = local_day(f.get("referred_on"))
            if not day or not keep(f):
                continue
            dims = {
                "unit": [f.get("referring_unit") or ""],
                "kind": [f.get("target_kind") or ""],
                "topic": [f.get("topic") or ""],
                "language": [f.get("language") or "de"],
                "location": [f.get("location") or ""],
                "outcome": [f.get("status") or ""],
                "reason": [f.get("failure_reason") or ""],
                **self._client_dims(day, f.get("client_id")),
                "_day": [day],
            }
            out.append((dims, f.get("client_id"), 1.0))
        return out

    def _referrals(self):
        return self._referral_items(lambda f: True)

    def _referrals_worked(self):
        return self._referral_items(lambda f: f.get("status") == "attended")

    def _unmet_needs(self):
        return self._referral_items(
            lambda f: f.get("status") == "failed" and f.get("failure_reason") in UNMET
        )

    def _goals_achieved(self):
        out = []
        for rid, f in self.records["plan_goal"].items():
            day = clock_day(self.clocks[rid].get("achievement"))
            if day and f.get("achievement") == "achieved":
                dims = {
                    "unit": [f.get("unit") or ""],
                    "topic": [f.get("area") or ""],
                    **self._client_dims(day, f.get("client_id")),
                    "_day": [day],
                }
                out.append((dims, f.get("client_id"), 1.0))
        return out

    def _group_sessions(self):
        out = []
        for f in self.records["group_session"].values():
            day = local_day(f.get("starts_at"))
            if day and f.get("recorded") in (True, 1):
                dims = {
                    "unit": [f.get("unit") or ""],
                    "topic": [f.get("topic") or ""],
                    "place": [place("", f.get("location") or "")],
                    "location": [f.get("location") or ""],
                    **{k: [v] for k, v in periods(day).items()},
                    "_day": [day],
                }
                out.append((dims, None, 1.0))
        return out

    def _attendances(self):
        out = []
        for f in self.records["attendance"].values():
            session = self.records["group_session"].get(f.get("session_id"))
            day = local_day((session or {}).get("starts_at"))
            if day and f.get("status") == "present":
                dims = {
                    "unit": [f.get("unit") or ""],
                    "topic": [f.get("topic") or ""],
                    **self._client_dims(day, f.get("client_id")),
                    "_day": [day],
                }
                out.append((dims, f.get("client_id"), 1.0))
        return out

    def _hours(self, value):
        out = []
        for f in self.records["hours_entry"].values():
            day = local_day(f.get("worked_on"))
            if day:
                dims = {
                    "unit": [f.get("unit") or ""],
                    "outcome": [f.get("status") or ""],
                    **{k: [v] for k, v in periods(day).items()},
                    "_day": [day],
                }
                out.append((dims, None, value(f)))
        return out

    def _mediator_hours(self):
        return self._hours(lambda f: f.get("minutes", 0) / 60)

    def _allowances(self):
        return self._hours(lambda f: f.get("allowance_cents", 0) / 100)

    def _walk_items(self, keep, value):
        out = []
        for rid, f in self.records["walk_in_ticket"].items():
            day = f.get("day")
            if not day or not keep(rid, f):
                continue
            dims = {
                "location": [f.get("location") or ""],
                "unit": [f.get("unit") or ""],
                "language": [f.get("language") or "de"],
                "interpreter": ["yes" if f.get("interpreter") in (True, 1) else "no"],
                **{k: [v] for k, v in periods(day).items()},
                "_day": [day],
            }
            out.append((dims, None, value(rid, f)))
        return out

    def _walk_ins(self):
        return self._walk_items(lambda r, f: True, lambda r, f: 1.0)

    def _no_shows(self):
        return self._walk_items(lambda r, f: f.get("status") == "missed", lambda r, f: 1.0)

    def _hops(self):
        return self._walk_items(lambda r, f: True, lambda r, f: float(f.get("hops") or 0))

    def _walk_in_wait(self):
        def wait(rid, f):
            first = min(dt.datetime.fromisoformat(a) for a in self.calls[rid])
            return max(
                0.0, (first - dt.datetime.fromisoformat(f["arrived_at"])).total_seconds() / 60
            )

        return self._walk_items(lambda r, f: bool(self.calls.get(r)), wait)


MEASURES = {
    "consultations": "count",
    "persons": "distinct",
    "work_taken_up": "distinct",
    "days_to_outcome": "median",
    "referrals": "count",
    "referrals_worked": "count",
    "unmet_needs": "count",
    "goals_achieved": "count",
    "group_sessions": "count",
    "attendances": "count",
    "mediator_hours": "sum",
    "allowances": "sum",
    "walk_ins": "count",
    "no_shows": "count",
    "hops": "mean",
    "walk_in_wait": "median",
}


def figure(
    world: World,
    indicator: str,
    rows: str,
    columns: str | None,
    start: dt.date,
    end: dt.date,
    units: set[str],
):
    """{(row code[, column code]): value} and the totals {"rows": {...}, "columns": {...},
    "total": v} of one report table, by the definitions of docs/reports.md."""
    measure = MEASURES[indicator]
    every = set(UNITS)
    allowed = units | ({""} if units >= every else set())
    items = []
    for dims, cid, value in world.items(indicator):
        day = dims["_day"][0]
        if not (start.isoformat() <= day <= end.isoformat()):
            continue
        if dims["unit"][0] not in allowed:
            continue
        items.append((dims, cid, value))
    if indicator == "days_to_outcome":  # the first qualifying consultation per client
        seen, first = set(), []
        for dims, cid, value in items:
            if cid not in seen:
                seen.add(cid)
                first.append((dims, cid, value))
        items = first

    def aggregate(group: list[tuple[str | None, float, str]]):
        if measure == "count":
            return float(len({key for cid, v, key in group}))
        if measure == "distinct":
            return float(len({cid for cid, v, key in group}))
        if measure == "sum":
            return sum(v for cid, v, key in {(c, v, k) for c, v, k in group})
        values = [v for cid, v, key in {(c, v, k) for c, v, k in group}]
        if measure == "mean":
            return sum(values) / len(values)
        return statistics.median(values)

    cells: dict[tuple, list] = defaultdict(list)
    by_row: dict[str, list] = defaultdict(list)
    by_col: dict[str, list] = defaultdict(list)
    everything: list = []
    for n, (dims, cid, value) in enumerate(items):
        entry = (cid, value, n)  # n: the item itself (a count counts items, not values)
        everything.append(entry)
        for r in dims[rows]:
            by_row[r].append(entry)
            if columns:
                for c in dims[columns]:
                    cells[(r, c)].append(entry)
            else:
                cells[(r,)].append(entry)
        if columns:
            for c in dims[columns]:
                by_col[c].append(entry)
    return (
        {k: aggregate(v) for k, v in cells.items()},
        {
            "rows": {k: aggregate(v) for k, v in by_row.items()},
            "columns": {k: aggregate(v) for k, v in by_col.items()},
            "total": aggregate(everything) if everything else 0.0,
        },
    )
