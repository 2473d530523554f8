"""Who may see and write what: the access policy, enforced by the server (the gate).

The rules themselves are pure code in :mod:`casefile.policy`, which laptops evaluate too (the
server sends them its file: ``GET /api/v1/rules``); this module adds what only the server does
with them: the read gate as SQL, the consent grants table, classification of stored records.

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
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import ColumnElement, Connection, FromClause, Table, exists, or_, select

from casefile import catalogs
from casefile.policy import (
    ACTIONS as ACTIONS,  # the rules' names, as the server uses them
    CAPABILITIES as CAPABILITIES,
    DEFAULT_POLICY as DEFAULT_POLICY,
    MASTER as MASTER,
    Policy as RulePolicy,
    PolicyError as PolicyError,
    _list,
)
from sync_server import schema as t
from sync_server.auth import Device

if TYPE_CHECKING:
    from sync_server.db import Database


class Policy(RulePolicy):
    """The rules plus the read gate as SQL (pages of pull, conflicts)."""

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

    def visible_key(self, device: Device, today: dt.date) -> tuple[object, ...]:
        """What :meth:`visible_to` on the records of *today* makes of *device*: devices of
        equal keys get the same condition (the pull keeps its page statements by it)."""
        return (*self.readable(device), today)

    def _records_condition(
        self, device: Device, r: FromClause, today: dt.date | None
    ) -> ColumnElement[bool]:
        cats, units = self.readable(device)
        conds: list[ColumnElement[bool]] = [r.c.section.in_(sorted(cats))]
        if units:
            conds.append(r.c.unit.in_(sorted(units)))
            conds.append(granted_condition(r, units, today))
        return or_(*conds)


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
