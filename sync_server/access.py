"""Who may see and write what: the access policy, enforced by the server (the gate).

The rules are data (``resources/access/policy.toml``, or the file ``MIA_ACCESS_POLICY``
names), read once at start:

* every record has a **category** (``master_data``, ``residence``, ``counseling_notes``, ...)
  and, for unit sections, an **owning unit** -- both kept in the ``records`` row
  (``section``, ``unit``), worked out when the record is written (:meth:`Policy.classify`);
* a device receives master data and the open categories; a user whose roles include
  ``sections`` also receives the records of his or her own units, the categories a legal
  basis (``[[share]]``) opens to those units, and what an active **consent** of the client
  opens to them (``consent_grants``, kept from the consent records);
* a write is allowed to ``master_data`` roles for master data, consents, referrals and tasks,
  and to ``sections`` roles for the records of their own units only.

Any change of the rules, or of a user's units or roles, changes the device's **scope**
(:meth:`Policy.scope`): the device then drops what it holds of the unit sections and pulls them
again. A consent change makes the server send the client's sections anew with the page that
carries it (``rescope`` in the pull answer), so a withdrawal takes effect on the next sync.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import ColumnElement, Connection, FromClause, Table, exists, or_, select

from casefile import catalogs
from resources import path as resource_path
from sync_server import schema as t
from sync_server.auth import Device

if TYPE_CHECKING:
    from sync_server.db import Database

DEFAULT_POLICY = resource_path("access", "policy.toml")
MASTER = "master_data"
CAPABILITIES = frozenset({"master_data", "sections"})
ACTIONS = frozenset({"review_duplicates", "read_audit", "export_client", "erase_client"})


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
    source: str = ""
    digest: str = ""
    classify_digest: str = ""  # of the parts that decide a record's category
    _scopes: dict[tuple[tuple[str, ...], ...], str] = field(default_factory=dict, repr=False)

    # --- loading -------------------------------------------------------------------------

    @classmethod
    def load(cls, file: Path | str | None = None) -> Policy:
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
    def from_dict(cls, data: dict[str, Any], source: str = "<dict>", digest: str = "") -> Policy:
        def fail(text: str) -> PolicyError:
            return PolicyError(f"Zugriffsregeln {source}: {text}")

        units = catalogs.load("unit").codes
        categories = catalogs.load("data_category").codes | {"case_coordination"}
        from casefile.sync import KIND_FIELDS as RECORD_KINDS

        kinds = dict(data.get("kinds", {}))
        for kind, category in kinds.items():
            if kind not in RECORD_KINDS:
                raise fail(f"unbekannte Datensatzart [kinds] {kind!r}")
            if category != "by_unit" and category not in categories:
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
        bases: dict[tuple[str, str], str] = {}
        for n, entry in enumerate(data.get("share", []), 1):
            unit, category, basis = entry.get("unit"), entry.get("category"), entry.get("basis")
            if unit not in units or category not in categories or not basis:
                raise fail(
                    f"[[share]] Nr. {n}: bekannte Einheit, bekannte Kategorie und eine "
                    f"Rechtsgrundlage (basis) werden gebraucht"
                )
            shares.setdefault(unit, set()).add(category)
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
            source,
            digest or hashlib.sha256(repr(data).encode()).hexdigest()[:16],
            hashlib.sha256(classify_part.encode()).hexdigest()[:16],
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
        if category == "by_unit":
            category = self.unit_categories.get(unit or "", "counseling_notes")
            for topic in _list(fields.get("topics")):
                category = self.topic_categories.get(topic, category)
        return unit, category

    def owner_field(self, kind: str) -> str | None:
        """The field naming the owning unit of a unit section (``consultation.unit``)."""
        rule = self.owner.get(kind) or ""
        return rule[6:] if rule.startswith("field:") and self.kinds.get(kind) == "by_unit" else None

    # --- users -----------------------------------------------------------------------------

    def capabilities(self, device: Device) -> frozenset[str]:
        caps: set[str] = set()
        for role in device.roles:
            caps |= self.roles.get(role, frozenset())
        return frozenset(caps)

    def readable(self, device: Device) -> tuple[frozenset[str], frozenset[str]]:
        """(categories the device reads in every file, units whose sections it reads)."""
        cats = {MASTER} | self.open_categories
        units: frozenset[str] = frozenset()
        if "sections" in self.capabilities(device):
            units = frozenset(device.units)
            for unit in units:
                cats |= self.shares.get(unit, frozenset())
        return frozenset(cats), units

    def scope(self, device: Device) -> str:
        """A short text that changes whenever what this device may hold changes."""
        key = (tuple(sorted(device.roles)), tuple(sorted(device.units)))
        if key not in self._scopes:
            self._scopes[key] = hashlib.sha256(f"{self.digest}|{key}".encode()).hexdigest()[:16]
        return self._scopes[key]

    def may_read(
        self, device: Device, unit: str | None, category: str, granted: frozenset[str] = frozenset()
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

    def may(self, device: Device, action: str) -> bool:
        """Whether one of the user's roles may do *action* (``[actions]`` in the rules)."""
        return bool(self.actions.get(action, frozenset()) & set(device.roles))

    def write_refusal(
        self,
        device: Device,
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
        caps = self.capabilities(device)
        for fields in (f for f in (before, after) if f is not None):
            unit, category = self.classify(kind, fields)
            if category == MASTER or category in self.open_categories or kind == "consent":
                if "master_data" not in caps:
                    return "forbidden"
            elif not ("sections" in caps and unit is not None and unit in device.units):
                return "forbidden"
        if kind == "consent" and after is not None:
            return self._consent_refusal(device, before, after)
        return None

    def _consent_refusal(
        self, device: Device, before: dict[str, Any] | None, after: dict[str, Any]
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

    def held_categories(self, device: Device) -> frozenset[str]:
        """The categories the user's own units keep (they may open them by consent)."""
        if "sections" not in self.capabilities(device):
            return frozenset()
        return frozenset(self.unit_categories[u] for u in device.units if u in self.unit_categories)

    # --- SQL -------------------------------------------------------------------------------

    def visible_to(
        self, device: Device, table: Table, today: dt.date | None = None
    ) -> ColumnElement[bool]:
        """A SQL condition on *table* (records or conflicts): the rows *device* may receive."""
        if table is t.conflicts:
            r = t.records.alias("vis")
            return exists(
                select(r.c.id).where(
                    r.c.id == table.c.record_id, self._records_condition(device, r, today)
                )
            )
        return self._records_condition(device, table, today)

    def _records_condition(
        self, device: Device, r: FromClause, today: dt.date | None
    ) -> ColumnElement[bool]:
        cats, units = self.readable(device)
        conds: list[ColumnElement[bool]] = [r.c.section.in_(sorted(cats))]
        if units:
            conds.append(r.c.unit.in_(sorted(units)))
            conds.append(granted_condition(r, units, today))
        return or_(*conds)


def _narrower(before: str | None, after: str | None) -> bool:
    """An end date moved earlier (or set where there was none): the consent only closes."""
    return bool(after) and (not before or str(after) <= str(before))


def granted_categories(
    conn: Connection, device: Device, client_ids: Iterable[str | None], today: dt.date | None = None
) -> dict[str, frozenset[str]]:
    """Per client, the categories an active consent opens to one of the device's units (the
    *granted* of :meth:`Policy.may_read`), read from ``consent_grants``."""
    g = t.consent_grants
    ids = sorted({c for c in client_ids if c})
    out: dict[str, set[str]] = {}
    if not ids or not device.units:
        return {}
    day = (today or current_day()).isoformat()
    for i in range(0, len(ids), 500):
        for cid, category in conn.execute(
            select(g.c.client_id, g.c.category).where(
                g.c.client_id.in_(ids[i : i + 500]),
                g.c.unit.in_(sorted(device.units)),
                g.c.given_on <= day,
                or_(g.c.valid_until.is_(None), g.c.valid_until >= day),
                or_(g.c.withdrawn_on.is_(None), g.c.withdrawn_on > day),
            )
        ):
            out.setdefault(cid, set()).add(category)
    return {cid: frozenset(c) for cid, c in out.items()}


def current_day() -> dt.date:
    """The day consents are judged by (one place, so tests can move the calendar)."""
    return dt.date.today()


def granted_condition(
    r: FromClause, units: Iterable[str], today: dt.date | None = None
) -> ColumnElement[bool]:
    """Records of a client whose active consent opens their category to one of *units*."""
    g = t.consent_grants
    day = (today or current_day()).isoformat()
    return exists(
        select(g.c.consent_id).where(
            g.c.client_id == r.c.client_id,
            g.c.unit.in_(sorted(units)),
            g.c.category == r.c.section,
            g.c.given_on <= day,
            or_(g.c.valid_until.is_(None), g.c.valid_until >= day),
            or_(g.c.withdrawn_on.is_(None), g.c.withdrawn_on > day),
        )
    )


def grant_rows(consent_id: str, fields: dict[str, Any], deleted: bool) -> list[dict[str, Any]]:
    """The rows of ``consent_grants`` a consent record stands for (none once deleted)."""
    if deleted or not fields.get("given_on"):
        return []
    units = catalogs.load("unit").codes
    return [
        {
            "consent_id": consent_id,
            "client_id": fields.get("client_id"),
            "unit": unit,
            "category": category,
            "given_on": fields.get("given_on"),
            "valid_until": fields.get("valid_until") or None,
            "withdrawn_on": fields.get("withdrawn_on") or None,
        }
        for unit in sorted(set(_list(fields.get("recipients"))))
        if unit in units
        for category in sorted(set(_list(fields.get("categories"))))
    ]


def _list(value: Any) -> list[str]:
    """A list field as devices send it: a list, or its JSON text (the local store's form)."""
    if isinstance(value, str):
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


_current: Policy | None = None


def install(policy: Policy) -> None:
    """Make *policy* the one records are classified by in this process (the service's)."""
    global _current
    _current = policy


def current() -> Policy:
    """The installed policy (the default file's if none was installed)."""
    global _current
    if _current is None:
        _current = Policy.load()
    return _current


def visible_to(device: Device, table: Table) -> ColumnElement[bool]:
    """The installed policy's condition: the rows of *table* *device* may receive."""
    return current().visible_to(device, table)


def ensure_classified(db: Database, policy: Policy) -> int:
    """Give every stored record the category and unit of *policy*, once per policy version
    (after the upgrade that added them, or a change of the rules); ``serve`` calls it before
    serving. Returns how many rows were looked at."""
    from sqlalchemy import bindparam, update

    from sync_server.db import get_meta, set_meta

    r = t.records.c
    with db.reader.connect() as conn:
        if get_meta(conn, "access_classification") == policy.classify_digest:
            return 0
    n = 0
    with db.writer.begin() as conn:
        for kind in sorted(policy.kinds):
            rule, category = policy.owner.get(kind), policy.kinds[kind]
            if category != "by_unit" and (rule is None or not rule.startswith("field:")):
                unit, section = policy.classify(kind, {})
                n += conn.execute(
                    update(t.records).where(r.kind == kind).values(section=section, unit=unit)
                ).rowcount
                continue
            # Tombstones keep the class they had: their fields no longer say (store.tombstone).
            rows = conn.execute(
                select(r.id, r.fields).where(r.kind == kind, r.deleted.is_(False))
            ).all()
            n += len(rows)
            params = []
            for rid, fields in rows:
                unit, section = policy.classify(kind, orjson.loads(fields))
                params.append({"b_id": rid, "section": section, "unit": unit})
            for i in range(0, len(params), 5000):
                conn.execute(
                    update(t.records)
                    .where(r.id == bindparam("b_id"))
                    .values(section=bindparam("section"), unit=bindparam("unit")),
                    params[i : i + 5000],
                )
        conn.execute(t.consent_grants.delete())
        grants = [
            g
            for rid, fields, deleted in conn.execute(
                select(r.id, r.fields, r.deleted).where(r.kind == "consent")
            )
            for g in grant_rows(rid, orjson.loads(fields), bool(deleted))
        ]
        for i in range(0, len(grants), 5000):
            conn.execute(t.consent_grants.insert(), grants[i : i + 5000])
        set_meta(conn, "access_classification", policy.classify_digest)
    return n
