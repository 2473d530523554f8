"""The offer directory on the server: an HSDS import as the server's own writes, and exports.

An import (:func:`import_directory`) is one write through :meth:`SyncService.server_write`,
the path a push and the call of a walk-in ticket take: the records are locked, every entry is
checked by the write gate and the forms' rules, merged field by field with a clock newer than
what each record holds, numbered, audited (user ``import-directory (cli)``) and pulled by every
laptop at its next sync. It is all or nothing: the file is checked first
(:mod:`casefile.hsds`), and a refusal under the locks abandons the whole transaction. An entry
whose id the directory holds is updated (only the fields that differ), never duplicated; a
dry run does the same and rolls back.

Exports read the directory as it stands: HSDS JSON or CSV (:mod:`casefile.hsds`), the
printable brochure (:mod:`sync_server.directory_print`) and the web pages
(:mod:`sync_server.directory_web`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import select

from casefile import codec, hsds, sync, wire
from casefile.hlc import Timestamp
from casefile.ids import new_id
from casefile.records import Offer, Provider
from sync_server import schema as t
from sync_server.auth import Device
from sync_server.db import Database, utcnow
from sync_server.store import Stored

IMPORTER = "import-directory (cli)"
_DEVICE_ID = str(uuid.uuid5(uuid.UUID("2b0f3c55-7d0e-4f41-9a4e-3c1d2e8f6a01"), "import-directory"))


class ImportRefused(ValueError):
    """The import cannot be written; ``messages``: German lines, one per entry at fault."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would do)."""

    created: dict[str, int] = field(default_factory=lambda: {"provider": 0, "offer": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"provider": 0, "offer": 0})
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        return (
            f"Träger: {self.created['provider']} neu, {self.updated['provider']} geändert; "
            f"Angebote: {self.created['offer']} neu, {self.updated['offer']} geändert; "
            f"{self.unchanged} unverändert"
            + (" (Probelauf: nichts gespeichert)" if self.dry_run else "")
        )


def read_directory(db: Database) -> tuple[list[Provider], list[Offer]]:
    """Every provider and offer the server holds (deleted ones left out), sorted by name."""
    r = t.records
    providers: list[Provider] = []
    offers: list[Offer] = []
    with db.reader.connect() as conn:
        rows = conn.execute(
            select(r.c.kind, r.c.id, r.c.fields).where(
                r.c.kind.in_(("provider", "offer")), r.c.deleted.is_(False)
            )
        ).all()
    for kind, rid, fields in rows:
        record, _parsed, _errors = wire.parse_record(kind, orjson.loads(fields))
        record.id = rid
        (providers if kind == "provider" else offers).append(record)
    providers.sort(key=lambda p: (p.name.casefold(), p.id))
    offers.sort(key=lambda o: (o.name.casefold(), o.id))
    return providers, offers


def importer(policy: Any) -> Device:
    """The writer an import acts as: a maintainer of the directory (policy ``[directory]``)
    with a role that writes sections; refused when the policy names no maintainer."""
    units = sorted(policy.maintainers)
    roles = sorted(r for r, caps in policy.roles.items() if "sections" in caps)
    if not units or not roles:
        raise ImportRefused(
            ["Die Zugriffsregeln nennen keine Einheit, die das Verzeichnis pflegt ([directory])."]
        )
    return Device(_DEVICE_ID, "import-directory", "", IMPORTER, (roles[0],), (units[0],))


class _Abandon(Exception):
    """Leaves the write transaction without a change (a refusal, or a dry run)."""


def import_directory(
    service: Any, imported: hsds.Imported, *, dry_run: bool = False
) -> ImportReport:
    """Write *imported* (checked by :mod:`casefile.hsds`) into the directory as the server's
    own write. Raises :class:`ImportRefused` when any entry may not be written; then nothing
    is. *service*: the :class:`~sync_server.service.SyncService`."""
    device = importer(service.policy)
    wanted: list[tuple[str, str, dict[str, Any]]] = []
    records: list[Provider | Offer] = [*imported.providers, *imported.offers]
    for record in records:
        fields = codec.encode(record)
        rid = fields.pop("id")
        wanted.append((codec.kind_of(record), rid, fields))
    counts = Counter(rid for _kind, rid, _fields in wanted)
    twice = sorted(rid for rid, n in counts.items() if n > 1)
    if twice:
        raise ImportRefused(
            [f"{rid}: die Kennung steht für mehr als einen Eintrag." for rid in twice]
        )
    report = ImportReport(notes=list(imported.notes), dry_run=dry_run)
    if not wanted:
        return report
    now = utcnow()
    today = dt.date.today()

    def guard(records: dict[str, Stored]) -> list[dict]:
        clock = service.clock
        ops: list[dict] = []
        problems: list[str] = []
        fresh = ImportReport(notes=report.notes, dry_run=dry_run)
        for kind, rid, fields in wanted:
            item = records.get(rid)
            live = item is not None and item.state.exists and not item.state.deleted
            if item is not None and item.kind != kind:
                problems.append(f"{rid}: die Kennung gehört zu einem Datensatz anderer Art.")
                continue
            if item is not None and item.state.deleted:
                problems.append(f"{rid}: dieser Eintrag wurde im Verzeichnis gelöscht.")
                continue
            before = item.state.fields if live and item is not None else None
            if before is None:
                changed = {**fields, "created_at": now}
            else:
                changed = {k: v for k, v in fields.items() if before.get(k) != v}
                if not changed:
                    fresh.unchanged += 1
                    continue
            after = {**(before or {}), **changed}
            refusal = service.policy.write_refusal(device, kind, before, after)
            errors = wire.check_fields(kind, before, changed, today)
            if refusal is not None or errors:
                problems.append(
                    f"{fields.get('name') or rid} ({rid}): "
                    + (wire.german_reason(errors) or f"nicht erlaubt ({refusal}).")
                )
                continue
            if before is None:
                fresh.created[kind] += 1
                ops.append(_op(kind, rid, "create", {"id": rid, **changed}, clock.now().encode()))
            else:
                fresh.updated[kind] += 1
                assert item is not None
                for stamp in item.state.clocks.values():
                    clock.observe(Timestamp.decode(stamp))
                base = {name: item.state.clocks.get(name) for name in changed}
                ops.append(_op(kind, rid, "update", changed, clock.now().encode(), base))
        if problems:
            raise ImportRefused(problems)
        report.created, report.updated, report.unchanged = (
            fresh.created,
            fresh.updated,
            fresh.unchanged,
        )
        if dry_run:
            raise _Abandon
        return ops

    stamp = service.clock.now().encode()
    placeholders = [
        _op(kind, rid, "update", {"name": fields.get("name", "")}, stamp)
        for kind, rid, fields in wanted
    ]
    try:
        results, _epoch = service.server_write(device, placeholders, guard)
    except _Abandon:
        return report
    refused = [r for r in results if r.get("status") == sync.REJECTED]
    if refused:  # checked under the locks above: a rule this module does not know
        raise ImportRefused(
            [
                f"{r.get('record_id')}: "
                + sync.REASONS.get(r.get("reason") or "", str(r.get("reason")))
                + (
                    f" ({wire.FIELD_LABELS.get(r['detail'], r['detail'])})"
                    if r.get("detail")
                    else ""
                )
                for r in refused
            ]
        )
    return report


def _op(kind: str, record_id: str, op: str, fields: dict, hlc: str, base=None) -> dict:
    return {
        "op_id": new_id(),
        "kind": kind,
        "record_id": record_id,
        "op": op,
        "hlc": hlc,
        "fields": fields,
        "base": base or {},
    }
