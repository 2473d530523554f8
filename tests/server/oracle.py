"""An independent reading of the access rules, for the leak oracle (test_leak_oracle.py).

Everything here is written from ``resources/access/policy.toml`` (its comments are the
specification), the catalogs in ``resources/catalogs`` and docs/data-protection.md -- never from
``sync_server.access`` or any other server function. The state it judges is read raw from the
database (``records``: kind, id, client_id, fields, deleted; ``merges``) or tracked from what the
test sent and the server accepted; the server's own ``section``/``unit`` columns and
``consent_grants`` are never read.

Readings of the rules where the file leaves room (stated once, here):

* **Category of a record**: ``[kinds]``; ``by_unit`` takes the owning unit's category from
  ``[unit_categories]``; a topic listed under ``[topic_categories]`` overrides it ("whoever
  held it"). A consultation without a known unit has no category the rules know: it is
  treated as readable by no one (the strictest reading).
* **Everyone reads master data and the open categories** ("Every role reads master data";
  ``open_categories``: "Categories every unit sees"; docs/data-protection.md's matrix lists
  ``case_coordination`` for every role, administrator included).
* **Sections** are read only by users whose roles give ``"sections"``: the records *owned* by
  one of the user's units (``[owner]``: "its own unit sees it always" -- by owner, not by
  category: an integration caseworker does not read the education unit's counseling notes),
  the categories a ``[[share]]`` names for one of the user's units, and what a consent in force
  opens ("read what a share or a consent opens to them").
* **A consent in force** for record R of client X: a live consent whose *current* ``client_id``
  is X (after merges: the survivor), ``given_on <= today``, ``valid_until`` empty or
  ``>= today``, ``withdrawn_on`` empty or ``> today``, a form reference if
  ``[consent] require_form_reference`` (default true: issue 13 asks for "the reference of the
  signed form"); it opens R's category to the recipient *units* it names (external bodies get
  nothing). It opens a pair (unit, category) only if every write that opened that pair was made
  by a user allowed to open the category: a user with ``master_data`` (consents are master
  data) and either ``sections`` with a unit whose ``[unit_categories]`` entry is the category, or
  a role named in ``[consent] recorders`` for it ("Nobody opens a category to himself or herself
  that no unit of his or hers holds"). Without a ``[consent]`` table the same rule holds with no
  named roles (issue 13: "consent that opens a unit's sections is recorded by that unit").
  A write only *closes* (and needs no such right) when it adds no pair, does not move
  ``given_on`` earlier, does not lengthen or remove ``valid_until``, does not remove or
  postpone ``withdrawn_on``, adds no form reference and keeps the client; a consent withdrawn
  or run out (``withdrawn_on``/``valid_until`` today or earlier) opens nothing, so recording
  one needs no such right either.
* **Writes** ("master_data" = write master data, consents, referrals and tasks; "sections" =
  write the sections of the user's own units): a record of a free category (master data, open
  categories) or a consent needs ``master_data``; any other record needs ``sections`` and its
  owning unit among the user's units -- before and after the change. A client deleted through a
  push: where ``[actions] erase_client`` exists, never ("Only through this action ... a
  caseworker's or reception's delete of a client is refused"); without it, a master-data write.
* **The directory of offers** (``[directory]``; category ``directory`` of providers and offers):
  "every user reads it"; it is written by staff with ``sections`` in a unit listed under
  ``maintainers`` ("their staff with "sections" create, verify and retire entries").
* **A share with write = true** lets the unit "change records of the category that another unit
  owns"; the user needs ``sections``, as for any section.
* **Handing over** (``[hand_over]``, issue 20: ``plan_step = "plan_unit"``): a user with
  ``sections`` one of whose units is named in that field of a new record may *create* it for
  another unit ("may CREATE such a record for another unit"); every later change or delete is
  judged as for any section (the owning unit, a share with write). A goal's or step's ``area``
  listed under ``[topic_categories]`` makes its category that one ("a goal "health" is health
  data, whichever unit's plan it is in").
* **Actions** (``[actions]``), where the file names none, are taken from the docs: merge and
  duplicate review for coordination, reception, unit lead and administrator; audit log and the
  Art. 15 export for administrators. The export is "the whole file, all units' sections
  included" -- but only of that person: the client and the files joined to it by merges not
  undone.
  The audit log names record ids and kinds (it says who saw what); it never carries content.
* **Walk-in queues** (``[walk_in]``; kinds ``by_location``: tickets and their phases): a
  record of location L is read and written by the staff of L's queue -- a user whose roles give
  any capability and one of whose units is listed for L (``"*"``: every unit, read as every
  user with a capability, as tests/server/test_queue.py reads it); nobody else, whatever a
  share or a consent names. A call takes a ticket from a queue of the caller's own units only
  (the ticket's ``unit`` is "the queue the ticket stands in").
* **Reports** (``[reports]``): roles under ``all_units`` see every unit's figures, roles under
  ``own_units`` their own units' (catalog units only); other roles none. The files behind a
  figure follow the read rules above.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POLICY_FILE = ROOT / "resources" / "access" / "policy.toml"
CATALOGS = ROOT / "resources" / "catalogs"
MASTER = "master_data"
DIRECTORY = "directory"
QUEUE = "walk_in:"  # category of a walk-in record: walk_in:<location> (issue 21: leak sweep)
# Where the rules file names no roles for an action (docs/data-protection.md §2, §4).
DOC_ACTIONS = {
    "review_duplicates": frozenset({"coordination", "reception", "unit_lead", "administrator"}),
    "read_audit": frozenset({"administrator"}),
    "export_client": frozenset({"administrator"}),
}


def catalog_codes(name: str) -> list[str]:
    data = json.loads((CATALOGS / f"{name}.json").read_text(encoding="utf-8"))
    return [e["code"] for e in data["entries"]]


def as_list(value) -> list[str]:
    """A list field as devices send it: a list, or its JSON text."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True)
class User:
    name: str
    roles: tuple[str, ...]
    units: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.name} (roles {list(self.roles)}, units {list(self.units)})"


@dataclass
class Rec:
    kind: str
    id: str
    fields: dict
    deleted: bool

    @property
    def client_id(self) -> str | None:
        return self.id if self.kind == "client" else self.fields.get("client_id")


class Rules:
    """The policy file, read with tomllib."""

    def __init__(self, path: Path = POLICY_FILE):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        self.units = set(catalog_codes("unit"))
        self.kinds: dict[str, str] = dict(data.get("kinds", {}))
        self.owner: dict[str, str] = dict(data.get("owner", {}))
        self.unit_categories: dict[str, str] = dict(data.get("unit_categories", {}))
        self.topic_categories: dict[str, str] = dict(data.get("topic_categories", {}))
        self.open = frozenset(data.get("open_categories", []))
        self.free = self.open | {MASTER}
        self.shares: dict[str, set[str]] = {}
        self.share_writes: dict[str, set[str]] = {}
        for entry in data.get("share", []):
            self.shares.setdefault(entry["unit"], set()).add(entry["category"])
            if entry.get("write") is True:
                self.share_writes.setdefault(entry["unit"], set()).add(entry["category"])
        self.maintainers = frozenset(data.get("directory", {}).get("maintainers", []))
        self.hand_over: dict[str, str] = dict(data.get("hand_over", {}))
        self.roles: dict[str, frozenset[str]] = {
            r: frozenset(c) for r, c in data.get("roles", {}).items()
        }
        self.actions_named = "actions" in data
        self.actions = {
            **DOC_ACTIONS,
            **{a: frozenset(r) for a, r in data.get("actions", {}).items()},
        }
        consent = data.get("consent", {})
        self.recorders = {c: frozenset(r) for c, r in consent.get("recorders", {}).items()}
        self.require_form_reference = bool(consent.get("require_form_reference", True))
        # --- leak sweep: walk-in queues and reports ---
        self.walk_in: dict[str, frozenset[str]] = {
            loc: frozenset(units) for loc, units in data.get("walk_in", {}).items()
        }
        reports = data.get("reports", {})
        self.report_all = frozenset(reports.get("all_units", []))
        self.report_own = frozenset(reports.get("own_units", []))

    # --- records ---------------------------------------------------------------------------

    def classify(self, kind: str, fields: dict) -> tuple[str | None, str | None]:
        """(owning unit, category) of a record; category None = no category the rules know."""
        rule = self.owner.get(kind)
        unit = None
        if rule is not None:
            unit = fields.get(rule[len("field:") :]) if rule.startswith("field:") else rule
            unit = unit if isinstance(unit, str) and unit else None
        category = self.kinds.get(kind)
        if category == "by_location":
            location = fields.get("location")
            return None, QUEUE + (location if isinstance(location, str) else "")
        if category == "by_unit":
            category = self.unit_categories.get(unit or "")
            for topic in as_list(fields.get("topics")):
                category = self.topic_categories.get(topic, category)
            # A group session names one topic ([kinds]: "a session whose topic is listed under
            # [topic_categories] (health) takes that category, as a consultation does").
            if kind in ("group_session", "attendance") and isinstance(fields.get("topic"), str):
                category = self.topic_categories.get(fields["topic"], category)
            area = fields.get("area")
            if isinstance(area, str) and area in self.topic_categories:
                category = self.topic_categories[area]
        return unit, category

    def is_section(self, rec: Rec) -> bool:
        return self.classify(rec.kind, rec.fields)[1] not in self.free

    # --- users -----------------------------------------------------------------------------

    def caps(self, user: User) -> frozenset[str]:
        out: set[str] = set()
        for role in user.roles:
            out |= self.roles.get(role, frozenset())
        return frozenset(out)

    # --- leak sweep: walk-in queues and reports ---

    def works_queue(self, user: User, location: str) -> bool:
        """Whether *user* is staff of *location*'s walk-in queue (module doc)."""
        units = self.walk_in.get(location)
        if units is None or not self.caps(user):
            return False
        return "*" in units or bool(units & set(user.units))

    def queues(self, user: User) -> set[str]:
        """The locations whose walk-in queue *user* works."""
        return {loc for loc in self.walk_in if self.works_queue(user, loc)}

    def serves(self, location: str, unit: str) -> bool:
        units = self.walk_in.get(location, frozenset())
        return "*" in units or unit in units

    def report_units(self, user: User) -> set[str]:
        """The units whose figures *user* sees (``[reports]``)."""
        if self.report_all & set(user.roles):
            return set(self.units)
        if self.report_own & set(user.roles):
            return set(user.units) & self.units
        return set()

    def may(self, user: User, action: str) -> bool:
        return bool(self.actions.get(action, frozenset()) & set(user.roles))

    def may_open(self, user: User, category: str) -> bool:
        """Whether *user* may record a consent that opens *category* to a unit."""
        caps = self.caps(user)
        if MASTER not in caps:
            return False
        held = "sections" in caps and any(
            self.unit_categories.get(u) == category for u in user.units
        )
        return held or bool(self.recorders.get(category, frozenset()) & set(user.roles))

    def write_refusal(
        self,
        user: User,
        kind: str,
        before: dict | None,
        after: dict | None,
        erasing_client: bool = False,
    ) -> str | None:
        """Why *user* may not change a record from *before* to *after* (None: allowed)."""
        if erasing_client and self.actions_named and "erase_client" in self.actions:
            return "a client deleted through a push (only [actions] erase_client erases)"
        caps = self.caps(user)
        for fields in (f for f in (before, after) if f is not None):
            unit, category = self.classify(kind, fields)
            if category is not None and category.startswith(QUEUE):
                if not self.works_queue(user, category[len(QUEUE) :]):
                    return f"{kind} of {category} is worked by that queue's staff only"
                continue
            if category == DIRECTORY:
                if "sections" not in caps or not self.maintainers & set(user.units):
                    return f"{kind} (directory) is kept by {sorted(self.maintainers)} only"
                continue
            if "sections" in caps and any(
                category in self.share_writes.get(u, ()) for u in user.units
            ):
                continue
            if category in self.free or kind == "consent":
                if MASTER not in caps:
                    return f"{kind} ({category}) needs the capability master_data"
            elif not ("sections" in caps and unit is not None and unit in user.units):
                handing = self.hand_over.get(kind)
                if (
                    before is None
                    and handing is not None
                    and "sections" in caps
                    and fields.get(handing) in user.units
                ):
                    continue  # the plan's unit creates the step for another unit
                return f"{kind} of unit {unit} ({category}) is not a section of the user's units"
        if before is not None and after is not None:
            # [[share]] write = true: a unit works another unit's records (books the mediator
            # on its request, reviews the hours); it does not give them to a third unit. Only
            # a member of the owning unit hands a section on.
            was, category = self.classify(kind, before)
            now, _ = self.classify(kind, after)
            if (
                was != now
                and category not in self.free
                and category != DIRECTORY
                and kind != "consent"
                and was not in user.units
            ):
                return f"{kind} of unit {was} handed to {now} by a writer outside {was}"
        if kind == "hours_entry":
            # "[[share]] write = true ... to review hours": the entry is recorded by the unit
            # that asked; reviewed, paid -- and kept once past "recorded" -- by the units that
            # share-write the pool (if the county names any).
            def past(f):
                return f is not None and (f.get("status") or "recorded") != "recorded"

            marked = after is not None and any(
                (after.get(k) or None) != ((before or {}).get(k) or None)
                for k in ("reviewed_by", "paid_on")
            )
            if past(before) or past(after) or marked:
                category = self.classify(kind, after or before or {})[1]
                keepers = {u for u, cats in self.share_writes.items() if category in cats}
                if keepers and not ("sections" in caps and keepers & set(user.units)):
                    return f"hours entry reviewed and paid by {sorted(keepers)} only"
        return None

    # --- consents --------------------------------------------------------------------------

    def pairs(self, fields: dict) -> set[tuple[str, str]]:
        """(unit, category) pairs a consent names, beyond what everybody reads."""
        if not _text(fields.get("given_on")):
            return set()
        return {
            (u, c)
            for u in as_list(fields.get("recipients"))
            if u in self.units
            for c in as_list(fields.get("categories"))
            if c not in self.free
        }

    def potential(self, fields: dict, today: dt.date) -> set[tuple[str, str]]:
        """The pairs a consent opens now or later: none once withdrawn or run out."""
        day = today.isoformat()
        withdrawn, until = _text(fields.get("withdrawn_on")), _text(fields.get("valid_until"))
        if (withdrawn and withdrawn <= day) or (until and until < day):
            return set()
        return self.pairs(fields)

    def opened_pairs(
        self, before: dict | None, after: dict | None, today: dt.date
    ) -> set[tuple[str, str]]:
        """The pairs a change of a consent from *before* to *after* opens (see module doc)."""
        if after is None:
            return set()
        pairs = self.potential(after, today)
        if before is None or after.get("client_id") != before.get("client_id"):
            return pairs
        earlier = _text(after.get("given_on")) < _text(before.get("given_on"))
        b_until, a_until = _text(before.get("valid_until")), _text(after.get("valid_until"))
        longer = bool(b_until) and (not a_until or a_until > b_until)
        b_wd, a_wd = _text(before.get("withdrawn_on")), _text(after.get("withdrawn_on"))
        reopened = bool(b_wd) and (not a_wd or a_wd > b_wd)
        ref_added = not _text(before.get("form_reference")) and bool(
            _text(after.get("form_reference"))
        )
        if earlier or longer or reopened or ref_added:
            return pairs
        return pairs - self.potential(before, today)

    def in_force(self, fields: dict, today: dt.date, reference_needed: bool = True) -> bool:
        day = today.isoformat()
        given, until = _text(fields.get("given_on")), _text(fields.get("valid_until"))
        withdrawn = _text(fields.get("withdrawn_on"))
        if not given or given > day or (until and until < day) or (withdrawn and withdrawn <= day):
            return False
        return not (
            reference_needed
            and self.require_form_reference
            and not _text(fields.get("form_reference"))
        )


@dataclass
class World:
    """The server's state as the oracle sees it: raw records, and what the test tracked."""

    rules: Rules
    records: dict[str, Rec] = field(default_factory=dict)
    # (consent id, unit, category) opened by a user not allowed to open it (never in force).
    tainted: set[tuple[str, str, str]] = field(default_factory=set)
    # Merges in force: merged client -> survivor (from the merges table).
    merged_into: dict[str, str] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)

    def grants(self, client_id: str | None, lax: tuple[str, ...] = ()) -> set[tuple[str, str]]:
        """(unit, category) pairs the consents in force open for *client_id*'s file. Only to
        explain a finding, *lax* ignores rules: "writer" (who opened it), "reference"."""
        out: set[tuple[str, str]] = set()
        if not client_id:
            return out
        for rec in self.records.values():
            if (
                rec.kind != "consent"
                or rec.deleted
                or rec.fields.get("client_id") != client_id
                or not self.rules.in_force(rec.fields, self.today, "reference" not in lax)
            ):
                continue
            out |= {
                p
                for p in self.rules.pairs(rec.fields)
                if "writer" in lax or (rec.id, *p) not in self.tainted
            }
        return out

    def why_readable(self, user: User, rec: Rec, lax: tuple[str, ...] = ()) -> str | None:
        """Why *user* may read *rec* (None: the rules deny it)."""
        rules = self.rules
        unit, category = rules.classify(rec.kind, rec.fields)
        if category in rules.free:
            return f"free category {category}"
        if category == DIRECTORY:
            return "the directory of offers: every user reads it"
        if category is not None and category.startswith(QUEUE):
            location = category[len(QUEUE) :]
            return (
                f"staff of the queue at {location}" if rules.works_queue(user, location) else None
            )
        if category is None or "sections" not in rules.caps(user):
            return None
        if unit is not None and unit in user.units:
            return f"own unit {unit}"
        for u in user.units:
            if category in rules.shares.get(u, ()):
                return f"share {u} -> {category}"
        for u, c in self.grants(rec.client_id, lax):
            if c == category and u in user.units:
                return f"consent opens {category} to {u}"
        return None

    def may_read(self, user: User, rec: Rec) -> bool:
        return self.why_readable(user, rec) is not None

    def describe(self, rec: Rec, user: User | None = None) -> str:
        unit, category = self.rules.classify(rec.kind, rec.fields)
        out = (
            f"{rec.kind} {rec.id} (unit {unit}, category {category}, client "
            f"{rec.client_id}{', deleted' if rec.deleted else ''})"
        )
        if user is not None and self.why_readable(user, rec) is None:
            for lax, excuse in (
                (("writer",), "its writer may not open that category"),
                (("reference",), "it names no signed form"),
                (
                    ("writer", "reference"),
                    "its writer may not open that category, and it names no signed form",
                ),
            ):
                why = self.why_readable(user, rec, lax=lax)
                if why:
                    out += f" [{why}, but that consent opens nothing: {excuse}]"
                    break
            else:
                consents = [
                    f"{c.id} {c.fields.get('recipients')} x {c.fields.get('categories')} "
                    f"given {c.fields.get('given_on')} until {c.fields.get('valid_until')} "
                    f"withdrawn {c.fields.get('withdrawn_on')}"
                    f"{' deleted' if c.deleted else ''}"
                    for c in self.records.values()
                    if c.kind == "consent" and c.fields.get("client_id") == rec.client_id
                ]
                out += f" [consents of the client: {'; '.join(consents) or 'none'}]"
        return out

    def file_of(self, client_id: str) -> set[str]:
        """The person's files: the client and every client joined to it by merges not undone
        (either way, transitively)."""
        out, todo = {client_id}, [client_id]
        while todo:
            cid = todo.pop()
            for merged, survivor in self.merged_into.items():
                for a, b in ((survivor, merged), (merged, survivor)):
                    if a == cid and b not in out:
                        out.add(b)
                        todo.append(b)
        return out
