"""The access rules -- who may see and write what -- as pure code both sides evaluate.

The rules are data (``resources/access/policy.toml`` by default; the county's file on the
server, which sends it to every laptop). The server is the gate (``sync_server.access`` adds the
SQL of the read gate and enforces :meth:`Policy.write_refusal` on every write path); the laptop
asks the same functions so it offers only what the rules allow and says why a thing is hidden
(``desktop.permissions``).

* every record has a **category** (``master_data``, ``residence``, ``counseling_notes``, ...)
  and, for unit sections, an **owning unit** (:meth:`Policy.classify`);
* a user receives master data and the open categories; a user whose roles include
  ``sections`` also receives the records of his or her own units, the categories a legal
  basis (``[[share]]``) opens to those units, and what an active **consent** of the client
  opens to them;
* a write is allowed to ``master_data`` roles for master data, consents, referrals and tasks,
  and to ``sections`` roles for the records of their own units only.

A *subject* is anything with ``roles`` and ``units`` (the server's authenticated device, the
laptop's registered user).
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Self

import orjson

from casefile import catalogs
from resources import path as resource_path


class Subject(Protocol):
    """Who asks: the user's roles and units (a server device, a laptop's user)."""

    @property
    def roles(self) -> tuple[str, ...] | list[str] | frozenset[str]: ...

    @property
    def units(self) -> tuple[str, ...] | list[str] | frozenset[str]: ...


DEFAULT_POLICY = resource_path("access", "policy.toml")
MASTER = "master_data"
BY_LOCATION = "by_location"  # [kinds]: the category is the location's walk-in queue
WALK_IN = "walk_in:"  # prefix of a walk-in queue's category: walk_in:<location>
DIRECTORY = "directory"  # the offer directory: read by all, written by its maintainers
CAPABILITIES = frozenset({"master_data", "sections"})
# Records a unit records and the pool's keepers review (Policy._may_review): kind -> (status
# field, (the status before review, the fields only a reviewer sets)).
REVIEWED: dict[str, tuple[str, tuple[str, ...]]] = {
    "hours_entry": ("status", ("recorded", "reviewed_by", "paid_on")),
}
ACTIONS = frozenset({"review_duplicates", "read_audit", "export_client", "erase_client"})


@dataclass(frozen=True)
class ReportRules:
    """``[reports]``: the roles that see every unit's figures, the roles that see their own
    units' figures, and the protection of published tables (docs/reports.md)."""

    all_units: frozenset[str] = frozenset()
    own_units: frozenset[str] = frozenset()
    threshold: int = 5
    rounding: int = 0

    @classmethod
    def parse(cls, data: dict[str, Any], fail: Callable[[str], PolicyError]) -> ReportRules:
        lists = {}
        for key in ("all_units", "own_units"):
            value = data.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(f"[reports] {key}: eine Liste von Rollen erwartet")
            lists[key] = frozenset(value)
        numbers = {}
        for key, default, top in (("threshold", 5, 100), ("rounding", 0, 100)):
            value = data.get(key, default)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
                raise fail(f"[reports] {key}: eine ganze Zahl von 0 bis {top} erwartet")
            numbers[key] = value
        return cls(
            lists["all_units"], lists["own_units"], numbers["threshold"], numbers["rounding"]
        )


class PolicyError(ValueError):
    """The policy file cannot be used; the message names the file and the problem (German)."""


@dataclass
class Policy:
    kinds: dict[str, str]
    owner: dict[str, str]
    unit_categories: dict[str, str]
    topic_categories: dict[str, str]
    open_categories: frozenset[str]
    shares: dict[str, frozenset[str]]  # unit -> categories it reads by law
    bases: dict[tuple[str, str], str]  # (unit, category) -> legal basis in words
    roles: dict[str, frozenset[str]]
    retention: dict[str, int] = field(default_factory=dict)  # kind -> days (see retention.py)
    actions: dict[str, frozenset[str]] = field(default_factory=dict)  # action -> roles
    consent_recorders: dict[str, frozenset[str]] = field(default_factory=dict)  # category -> roles
    require_form_reference: bool = True
    walk_in: dict[str, frozenset[str]] = field(default_factory=dict)  # location -> units ("*")
    share_writes: dict[str, frozenset[str]] = field(default_factory=dict)  # unit -> categories
    maintainers: frozenset[str] = frozenset()  # units that keep the directory ([directory])
    source: str = ""
    digest: str = ""
    classify_digest: str = ""  # of the parts that decide a record's category
    _scopes: dict[tuple[tuple[str, ...], ...], str] = field(default_factory=dict, repr=False)
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    """the rules as read (TOML as a dict): what the server sends laptops (:meth:`from_dict`)"""
    # --- issue 20: support plan ---
    hand_over: dict[str, str] = field(default_factory=dict)
    """kind -> the field naming the unit that may create such a record for another unit
    (``[hand_over]``: a support plan's unit hands a step over; :meth:`hands_over`)"""
    # --- issue 21: reports ---
    reports: ReportRules = field(default_factory=ReportRules)
    """who sees which figures, and how published tables are protected (``[reports]``)"""

    # --- loading -------------------------------------------------------------------------

    @classmethod
    def load(cls, file: Path | str | None = None) -> Self:
        file = Path(file or DEFAULT_POLICY)
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise PolicyError(
                f"Zugriffsregeln {file}: Datei nicht lesbar ({exc.strerror})"
            ) from exc
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise PolicyError(f"Zugriffsregeln {file}: {exc}") from exc
        return cls.from_dict(data, str(file), hashlib.sha256(raw).hexdigest()[:16])

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "<dict>", digest: str = "") -> Self:
        def fail(text: str) -> PolicyError:
            return PolicyError(f"Zugriffsregeln {source}: {text}")

        units = catalogs.load("unit").codes
        categories = catalogs.load("data_category").codes | {"case_coordination"}
        from casefile.sync import KIND_FIELDS as RECORD_KINDS

        kinds = dict(data.get("kinds", {}))
        for kind, category in kinds.items():
            if kind not in RECORD_KINDS:
                raise fail(f"unbekannte Datensatzart [kinds] {kind!r}")
            if category not in ("by_unit", BY_LOCATION) and category not in categories:
                raise fail(f"unbekannte Kategorie {category!r} für {kind!r}")
        missing = set(RECORD_KINDS) - set(kinds)
        if missing:
            raise fail("keine Kategorie für " + ", ".join(sorted(missing)))
        owner = dict(data.get("owner", {}))
        for kind, rule in owner.items():
            if not (rule.startswith("field:") or rule in units):
                raise fail(f"[owner] {kind}: Einheit oder 'field:<Feld>' erwartet, nicht {rule!r}")
        unit_categories = dict(data.get("unit_categories", {}))
        for unit, category in unit_categories.items():
            if unit not in units:
                raise fail(f"unbekannte Einheit {unit!r} in [unit_categories]")
            if category not in categories:
                raise fail(f"unbekannte Kategorie {category!r} für Einheit {unit!r}")
        topic_categories = dict(data.get("topic_categories", {}))
        open_categories = frozenset(data.get("open_categories", []))
        if open_categories - categories:
            raise fail(
                "unbekannte Kategorie in open_categories: "
                + ", ".join(sorted(open_categories - categories))
            )
        shares: dict[str, set[str]] = {}
        share_writes: dict[str, set[str]] = {}
        bases: dict[tuple[str, str], str] = {}
        for n, entry in enumerate(data.get("share", []), 1):
            unit, category, basis = entry.get("unit"), entry.get("category"), entry.get("basis")
            if unit not in units or category not in categories or not basis:
                raise fail(
                    f"[[share]] Nr. {n}: bekannte Einheit, bekannte Kategorie und eine "
                    f"Rechtsgrundlage (basis) werden gebraucht"
                )
            if not isinstance(entry.get("write", False), bool):
                raise fail(f"[[share]] Nr. {n}: write = true oder false erwartet")
            shares.setdefault(unit, set()).add(category)
            if entry.get("write", False):
                share_writes.setdefault(unit, set()).add(category)
            bases[(unit, category)] = basis
        roles = {}
        for role, caps in data.get("roles", {}).items():
            if set(caps) - CAPABILITIES:
                raise fail(f"Rolle {role!r}: erlaubt sind nur {sorted(CAPABILITIES)}")
            roles[role] = frozenset(caps)
        retention = {}
        for kind, days in data.get("retention", {}).items():
            if kind not in RECORD_KINDS or not isinstance(days, int) or days < 1:
                raise fail(
                    f"[retention] {kind}: bekannte Datensatzart und eine Zahl von Tagen "
                    f"(mindestens 1) erwartet"
                )
            retention[kind] = days
        actions = {}
        for action, roles_of in data.get("actions", {}).items():
            if action not in ACTIONS or not isinstance(roles_of, list):
                raise fail(
                    f"[actions] {action}: bekannte Aktion ({', '.join(sorted(ACTIONS))}) "
                    f"und eine Liste von Rollen erwartet"
                )
            actions[action] = frozenset(roles_of)
        consent = data.get("consent", {})
        recorders = {}
        for category, roles_of in consent.get("recorders", {}).items():
            if category not in categories or not isinstance(roles_of, list):
                raise fail(
                    f"[consent] recorders: bekannte Kategorie und eine Liste von Rollen "
                    f"erwartet, nicht {category!r}"
                )
            recorders[category] = frozenset(roles_of)
        require_reference = consent.get("require_form_reference", True)
        if not isinstance(require_reference, bool):
            raise fail("[consent] require_form_reference: true oder false erwartet")
        locations = catalogs.load("location").codes
        walk_in = {}
        for location, units_of in data.get("walk_in", {}).items():
            if location not in locations or not isinstance(units_of, list):
                raise fail(f"[walk_in] unbekannter Ort {location!r} oder keine Liste von Einheiten")
            if set(units_of) - units - {"*"}:
                raise fail(
                    f"[walk_in] {location}: unbekannte Einheit "
                    + ", ".join(sorted(set(units_of) - units - {"*"}))
                )
            walk_in[location] = frozenset(units_of)
        maintainers = data.get("directory", {}).get("maintainers", [])
        if not isinstance(maintainers, list) or set(maintainers) - units:
            raise fail("[directory] maintainers: eine Liste bekannter Einheiten erwartet")
        # --- issue 20: support plan ---
        hand_over = dict(data.get("hand_over", {}))
        for kind, name in hand_over.items():
            if kinds.get(kind) != "by_unit" or name not in RECORD_KINDS.get(kind, ()):
                raise fail(
                    f"[hand_over] {kind}: eine Datensatzart mit Kategorie by_unit und eines "
                    f"ihrer Felder erwartet, nicht {name!r}"
                )
        # --- issue 21: reports ---
        reports = ReportRules.parse(data.get("reports", {}), fail)
        classify_part = repr(
            (
                sorted(kinds.items()),
                sorted(owner.items()),
                sorted(unit_categories.items()),
                sorted(topic_categories.items()),
            )
        )
        return cls(
            kinds,
            owner,
            unit_categories,
            topic_categories,
            open_categories,
            {u: frozenset(c) for u, c in shares.items()},
            bases,
            roles,
            retention,
            actions,
            recorders,
            require_reference,
            walk_in,
            {u: frozenset(c) for u, c in share_writes.items()},
            frozenset(maintainers),
            source,
            digest or hashlib.sha256(repr(data).encode()).hexdigest()[:16],
            hashlib.sha256(classify_part.encode()).hexdigest()[:16],
            data=data,
            hand_over=hand_over,
            reports=reports,
        )

    # --- records ---------------------------------------------------------------------------

    def classify(self, kind: str, fields: dict[str, Any]) -> tuple[str | None, str]:
        """(owning unit or None, category) of a record of *kind* with these *fields*."""
        rule = self.owner.get(kind)
        unit = None
        if rule is not None:
            unit = fields.get(rule[6:]) if rule.startswith("field:") else rule
            unit = unit if isinstance(unit, str) and unit else None
        category = self.kinds.get(kind, MASTER)
        if category == BY_LOCATION:
            location = fields.get("location")
            return None, WALK_IN + (location if isinstance(location, str) else "")
        if category == "by_unit":
            category = self.unit_categories.get(unit or "", "counseling_notes")
            for topic in _list(fields.get("topics")):
                category = self.topic_categories.get(topic, category)
            # --- issue 20: group sessions --- (a session names one topic)
            # An attendance carries its session's topic: taking part in a health session is
            # health data too (the server checks it against the session: LINK_MATCHES).
            named = fields.get("topic") if kind in ("group_session", "attendance") else None
            if isinstance(named, str):
                category = self.topic_categories.get(named, category)
            area = fields.get("area")  # issue 20: a plan goal's or step's area
            if isinstance(area, str) and area:
                category = self.topic_categories.get(area, category)
        return unit, category

    # --- issue 21: reports ---
    def report_units(self, device: Subject) -> frozenset[str]:
        """The units whose figures *device*'s user sees (``[reports]``): every unit for a role
        under ``all_units``, the user's own for one under ``own_units``, else none. The one
        rule of who sees which figures: every report, export and drill-down asks it."""
        roles = set(device.roles)
        if roles & self.reports.all_units:
            return catalogs.load("unit").codes
        if roles & self.reports.own_units:
            return frozenset(device.units) & catalogs.load("unit").codes
        return frozenset()

    def owner_field(self, kind: str) -> str | None:
        """The field naming the owning unit of a unit section (``consultation.unit``)."""
        rule = self.owner.get(kind) or ""
        return rule[6:] if rule.startswith("field:") and self.kinds.get(kind) == "by_unit" else None

    # --- users -----------------------------------------------------------------------------

    def capabilities(self, device: Subject) -> frozenset[str]:
        caps: set[str] = set()
        for role in device.roles:
            caps |= self.roles.get(role, frozenset())
        return frozenset(caps)

    def readable(self, device: Subject) -> tuple[frozenset[str], frozenset[str]]:
        """(categories the device reads in every file, units whose sections it reads)."""
        cats = {MASTER, DIRECTORY} | self.open_categories
        units: frozenset[str] = frozenset()
        cats |= self.queues(device)
        if "sections" in self.capabilities(device):
            units = frozenset(device.units)
            for unit in units:
                cats |= self.shares.get(unit, frozenset())
        return frozenset(cats), units

    def queues(self, device: Subject) -> frozenset[str]:
        """The walk-in queues (categories ``walk_in:<location>``) the user's units serve at:
        their tickets are seen, and worked, by the staff of those units (``[walk_in]``): users
        whose roles give them any capability (an administrator's give none)."""
        if not self.capabilities(device):
            return frozenset()  # an administrator works no queue
        mine = set(device.units)
        return frozenset(
            WALK_IN + location
            for location, units in self.walk_in.items()
            if "*" in units or units & mine
        )

    def serves(self, location: str, unit: str) -> bool:
        """Whether *unit* holds walk-in hours at *location* (``[walk_in]``): a ticket waits
        only in such a queue, and staff call only from such queues -- in any other nobody
        could call it."""
        units = self.walk_in.get(location, frozenset())
        return "*" in units or unit in units

    def scope(self, device: Subject) -> str:
        """A short text that changes whenever what this device may hold changes."""
        key = (tuple(sorted(device.roles)), tuple(sorted(device.units)))
        if key not in self._scopes:
            self._scopes[key] = hashlib.sha256(f"{self.digest}|{key}".encode()).hexdigest()[:16]
        return self._scopes[key]

    def may_read(
        self,
        device: Subject,
        unit: str | None,
        category: str,
        granted: frozenset[str] = frozenset(),
    ) -> bool:
        """THE READ GATE for one record: whether *device* may see a record of *unit* /
        *category*; *granted*: the categories an active consent of the record's client opens to
        the device's units (:func:`granted_categories`). :meth:`visible_to` is the same rule as
        SQL, for pages; every other answer that carries a record passes here."""
        cats, units = self.readable(device)
        return (
            category in cats
            or (unit is not None and unit in units)
            or (bool(units) and category in granted)
        )

    def may(self, device: Subject, action: str) -> bool:
        """Whether one of the user's roles may do *action* (``[actions]`` in the rules)."""
        return bool(self.actions.get(action, frozenset()) & set(device.roles))

    def write_refusal(
        self,
        device: Subject,
        kind: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> str | None:
        """THE WRITE GATE for one record: ``None`` if *device* may change the record of *kind*
        from *before* (None: it does not exist yet) to *after* (None: a delete), else the
        machine-readable reason (``forbidden``, ``erase_only``, ``consent_recorder``,
        ``form_reference``). Push, conflict resolution and merges all ask here."""
        if kind == "client" and after is None:
            # Deleting a person erases every unit's sections: only the erase action does that.
            return "erase_only"
        if self.forbidding(device, kind, before, after) is not None:
            return "forbidden"
        if kind in REVIEWED and not self._may_review(device, kind, before, after):
            return "forbidden"
        if kind == "consent" and after is not None:
            return self._consent_refusal(device, before, after)
        return None

    def is_free(self, kind: str, category: str) -> bool:
        """Whether a record of *kind* / *category* is written with ``master_data`` (master
        data, the open categories, consents) rather than as a unit's section."""
        return category == MASTER or category in self.open_categories or kind == "consent"

    def forbidding(
        self,
        device: Subject,
        kind: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> tuple[str | None, str] | None:
        """(unit, category) of the state -- *before*, else *after* -- whose write *device*'s
        roles and units do not allow (the ``forbidden`` of :meth:`write_refusal`); None if
        both may be written."""
        caps = self.capabilities(device)
        for fields in (f for f in (before, after) if f is not None):
            unit, category = self.classify(kind, fields)
            if category.startswith(WALK_IN):
                # A queue's tickets: the staff of its location, whatever their role's
                # capability (reception issues, caseworkers call and transfer).
                if category not in self.queues(device):
                    return unit, category
            elif category == DIRECTORY:
                # The directory is kept by its maintaining units ([directory]); all read it.
                if not ("sections" in caps and self.maintainers & set(device.units)):
                    return unit, category
            elif self.is_free(kind, category):
                if "master_data" not in caps:
                    return unit, category
            elif not (
                "sections" in caps
                and (
                    (unit is not None and unit in device.units)
                    or any(category in self.share_writes.get(u, ()) for u in device.units)
                    or (before is None and self.hands_over(device, kind, fields))
                )
            ):
                return unit, category
        return self._handed_on(device, kind, before, after)

    def hands_over(self, device: Subject, kind: str, fields: dict[str, Any]) -> bool:
        """Whether *device* may create a record of *kind* with *fields* for another unit
        because the unit named in the ``[hand_over]`` field is one of its units (a support
        plan's unit writes a step another unit is to do). Only the create: afterwards the
        record is the owning unit's like any other (:meth:`forbidding`)."""
        name = self.hand_over.get(kind)
        if name is None or "sections" not in self.capabilities(device):
            return False
        value = fields.get(name)
        return isinstance(value, str) and bool(value) and value in device.units

    def _may_review(
        self,
        device: Subject,
        kind: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> bool:
        """An hours entry is recorded by the unit whose mediation it was and reviewed and paid
        by the pool's keepers -- the units a ``[[share]]`` with ``write = true`` lets work the
        category (volunteering): the unit that asked does not approve its own mediator's
        allowance. So moving an entry past ``recorded``, naming its reviewer or its day of
        payment, and any change of an entry already past ``recorded`` are the keepers'. Where
        no unit keeps the category so, the owner reviews."""
        status_field, fields = REVIEWED[kind]
        start = fields[0]

        def reviewed(state: dict[str, Any] | None) -> bool:
            return state is not None and (state.get(status_field) or start) != start

        marks = after is not None and any(
            (after.get(f) or None) != ((before or {}).get(f) or None) for f in fields[1:]
        )
        if not (reviewed(after) or reviewed(before) or marks):
            return True
        _unit, category = self.classify(kind, after or before or {})
        keepers = {u for u, cats in self.share_writes.items() if category in cats}
        if not keepers:
            return True
        return "sections" in self.capabilities(device) and bool(keepers & set(device.units))

    def _handed_on(
        self,
        device: Subject,
        kind: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> tuple[str | None, str] | None:
        """A unit's section moved to another owning unit (a booking's ``unit``) by a writer
        who is not of the unit it belonged to: a ``[[share]]`` with ``write = true`` lets a
        unit work another unit's records (book the mediator, review the hours), not give them
        to a third unit -- that would open the asking unit's record (its client, its note) to
        a unit the asking unit never chose. The owner itself may hand its record on."""
        if before is None or after is None:
            return None
        was, category = self.classify(kind, before)
        now, _ = self.classify(kind, after)
        if (
            was == now
            or category == DIRECTORY
            or category.startswith(WALK_IN)
            or self.is_free(kind, category)
            or (was is not None and was in device.units)
        ):
            return None
        return was, category

    def _consent_refusal(
        self, device: Subject, before: dict[str, Any] | None, after: dict[str, Any]
    ) -> str | None:
        """A consent may open to units only what the writer holds (see ``[consent]``), and
        never to the writer's own units (a unit would open to itself the same category of
        another unit); it stays with the person it names."""
        if before is not None and before.get("client_id") != after.get("client_id"):
            return "forbidden"  # a consent is the person's: correct by withdrawing
        opened = self.consent_opens(after)
        if not opened or (before is not None and self._only_closes(before, after)):
            return None
        held = self.held_categories(device)
        roles = set(device.roles)
        for unit, category in opened:
            named = bool(self.consent_recorders.get(category, frozenset()) & roles)
            if not named and (category not in held or unit in device.units):
                return "consent_recorder"
        if self.require_form_reference and not str(after.get("form_reference") or "").strip():
            return "form_reference"
        return None

    def _only_closes(self, before: dict[str, Any], after: dict[str, Any]) -> bool:
        """The change opens nothing the consent did not open before, for no longer: same
        client, no new unit or category, not given earlier, not valid or withdrawn later."""
        return (
            after.get("client_id") == before.get("client_id")
            and self.consent_opens(after) <= self.consent_opens(before)
            and str(after.get("given_on") or "") >= str(before.get("given_on") or "")
            and all(
                after.get(k) == before.get(k) or _narrower(before.get(k), after.get(k))
                for k in ("valid_until", "withdrawn_on")
            )
        )

    def consent_opens(self, fields: dict[str, Any]) -> frozenset[tuple[str, str]]:
        """(unit, category) pairs a consent with *fields* opens beyond what everybody reads,
        ignoring its dates (what it opens while in force: a withdrawal dated later still
        opens until then, exactly as :func:`granted_condition` reads it)."""
        if not fields.get("given_on"):
            return frozenset()
        units = catalogs.load("unit").codes
        free = {MASTER} | self.open_categories
        return frozenset(
            (u, c)
            for u in _list(fields.get("recipients"))
            if u in units
            for c in _list(fields.get("categories"))
            if c not in free
        )

    def held_categories(self, device: Subject) -> frozenset[str]:
        """The categories the user's own units keep (they may open them by consent)."""
        if "sections" not in self.capabilities(device):
            return frozenset()
        return frozenset(self.unit_categories[u] for u in device.units if u in self.unit_categories)

    # --- SQL -------------------------------------------------------------------------------


def _narrower(before: str | None, after: str | None) -> bool:
    """An end date moved earlier (or set where there was none): the consent only closes."""
    return bool(after) and (not before or str(after) <= str(before))


def _list(value: Any) -> list[str]:
    """A list field as devices send it: a list, or its JSON text (the local store's form)."""
    if isinstance(value, str):
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
