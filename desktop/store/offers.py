"""The directory of offers in the local store: read into a ranked index, kept by maintainers.

Every laptop holds the whole directory (providers and offers, synced read-only: category
``directory`` of the access rules), so a caseworker finds an offer offline. :func:`load` reads
it into a :class:`Directory` -- the :class:`casefile.offers.Index` that ranks offers for a need,
with the providers beside it. A view reloads it when a write or a sync round touched the kinds
in :data:`KINDS` (``ctx.bus.changed``, see :func:`touches`).

The maintainers (``[directory] maintainers`` of the rules; the UI asks
``desktop.permissions`` before it offers a form, the server refuses the others) save offers and
providers with :func:`save_offer` / :func:`save_provider`: validated, written with their outbox
entry in one transaction. An edit writes only the fields that differ from what the form loaded
(:func:`snapshot`), based on the clocks it saw, so an edit made meanwhile on another laptop is
recognised as concurrent by the server. Nothing is ever deleted: an offer is deactivated
(``active`` false) and then left out of every search.

Every function does database work: call it through the operation layer (desktop.ui.ops).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, insert, select, update

from casefile import codec, validation
from casefile.offers import Index
from casefile.records import ConsultingHours, Offer, Provider, utcnow
from desktop.store import bulk, rows, schema as t

if TYPE_CHECKING:
    from desktop.store.changes import Changes
    from desktop.store.repo import Store

KINDS = ("offer", "provider")
# issue 20: consulting hours are part of the directory, saved the same way
# (desktop.store.consulting_hours)
_TABLES = {Offer: t.offer, Provider: t.provider, ConsultingHours: t.consulting_hours}


@dataclass
class Directory:
    """The laptop's directory: the offers ranked by :attr:`index`, the providers by id."""

    index: Index = field(default_factory=Index)
    providers: dict[str, Provider] = field(default_factory=dict)

    @property
    def offers(self) -> dict[str, Offer]:
        return self.index.offers

    def provider_name(self, provider_id: str) -> str:
        p = self.providers.get(provider_id)
        return p.name if p else ""

    def inactive(self) -> list[Offer]:
        return [o for o in self.index.offers.values() if not o.active]


@dataclass(frozen=True)
class Snapshot:
    """A record as a form loaded it: its encoded fields and their clocks on this laptop."""

    record: Offer | Provider | ConsultingHours
    fields: dict[str, Any]
    clocks: dict[str, str] | None


def touches(changes: Changes) -> bool:
    """Whether *changes* (a write or a sync round) touched the directory."""
    return changes.touches(KINDS)


# --- reading ---------------------------------------------------------------------------------


def load(store: Store) -> Directory:
    """The whole directory of the store (offline: as of the last sync and local edits)."""
    return load_from(store.engine)


def load_from(engine: Engine) -> Directory:
    """The whole directory of the store behind *engine* (:func:`load`; benchmarks)."""
    with engine.connect() as conn:
        providers = [
            codec.decode(Provider, dict(r._mapping)) for r in conn.execute(select(t.provider))
        ]
        offers = [codec.decode(Offer, dict(r._mapping)) for r in conn.execute(select(t.offer))]
    by_id = {p.id: p for p in providers}
    return Directory(Index.build(offers, {p.id: p.name for p in providers}), by_id)


def snapshot(
    store: Store, kind: type[Offer] | type[Provider] | type[ConsultingHours], record_id: str
) -> Snapshot | None:
    """The offer or provider *record_id* with its clocks, as an edit form loads it."""
    table = _TABLES[kind]
    with store.engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == record_id)).first()
        if row is None:
            return None
        record = codec.decode(kind, dict(row._mapping))
        clocks = bulk.load_clocks(conn, [record_id]).get(record_id)
    return Snapshot(record, codec.encode(record), clocks)


# --- writing ---------------------------------------------------------------------------------


def save_offer(store: Store, offer: Offer, seen: Snapshot | None = None) -> list[str]:
    """Create *offer* or save what changed in it (see :func:`_save`); the changed fields."""
    if not offer.provider_id:
        raise validation.ValidationError([validation.FieldError("provider_id", "required")])
    with store.engine.connect() as conn:
        known = conn.execute(select(t.provider.c.id).where(t.provider.c.id == offer.provider_id))
        if known.first() is None:
            raise validation.ValidationError([validation.FieldError("provider_id", "required")])
    return _save(store, offer, seen)


def save_provider(store: Store, provider: Provider, seen: Snapshot | None = None) -> list[str]:
    """Create *provider* or save what changed in it; the changed fields."""
    return _save(store, provider, seen)


def verify(offer: Offer, by: str, on: dt.date) -> Offer:
    """*offer* as checked with its provider today by *by* ("Geprüft heute"): HSDS
    ``assured_date``; an edit alone does not verify an entry."""
    offer.verified_on, offer.verified_by = on, by
    return offer


def _save(
    store: Store, record: Offer | Provider | ConsultingHours, seen: Snapshot | None
) -> list[str]:
    """Validate, then insert a new record, or update the fields that differ from both *seen*
    (what the form loaded) and the stored row, with *seen*'s clocks as the edit's base; a
    field the user left alone is never written, even if a sync changed it meanwhile."""
    errors = validation.validate(record)
    if errors:
        raise validation.ValidationError(errors)
    kind = codec.kind_of(record)
    table = _TABLES[type(record)]
    new = codec.encode(record)
    with store.engine.begin() as conn:
        row = conn.execute(select(table).where(table.c.id == record.id)).first()
        if row is None:
            store._insert(conn, table, kind, {**new, "created_at": rows.t2s(utcnow())})
            return sorted(k for k in new if k != "id")
        current = codec.encode(codec.decode(type(record), dict(row._mapping)))
        before = seen.fields if seen is not None else current
        changed = {
            k: v for k, v in new.items() if k != "id" and v != before.get(k) and v != current.get(k)
        }
        if not changed:
            return []
        base = None
        if seen is not None and seen.clocks is not None:
            base = {f: seen.clocks.get(f) for f in changed}
        conn.execute(update(table).where(table.c.id == record.id).values(**changed))
        store._outbox(conn, kind, record.id, "update", changed, base=base)
    return sorted(changed)


def seed(engine: Engine, records: Iterable[Offer | Provider | ConsultingHours]) -> int:
    """Put *records* into the store as a sync would bring them (no outbox): the offline demo's
    directory (``desktop.app``), tests. Existing ids are left alone."""
    now = rows.t2s(utcnow())
    n = 0
    with engine.begin() as conn:
        for record in records:
            table = _TABLES[type(record)]
            conn.execute(
                insert(table).prefix_with("OR IGNORE"),
                [{**codec.encode(record), "created_at": now}],
            )
            n += 1
    return n
