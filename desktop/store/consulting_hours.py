"""Consulting hours in the local store: read for the week view and today's location, kept by the
directory's maintainers.

Every laptop holds every unit's hours (category ``directory`` of the access rules: read by all,
synced like the offers), so the default "heutiger Standort" of a new consultation is known
offline (:func:`today_location`). The maintainers save a record with :func:`save`: validated,
written with its outbox entry in one transaction, an edit only with the fields the user changed
against the snapshot the dialog loaded (desktop.store.offers does the writing for the whole
directory). Nothing is deleted: a record is deactivated.

Every function does database work: call it through the operation layer (desktop.ui.ops).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select

from casefile import codec, consulting_hours
from casefile.records import ConsultingHours
from desktop.store import offers, schema as t

if TYPE_CHECKING:
    from desktop.store.changes import Changes
    from desktop.store.repo import Store

KINDS = ("consulting_hours",)
Snapshot = offers.Snapshot


def touches(changes: Changes) -> bool:
    """Whether *changes* (a write or a sync round) touched the consulting hours."""
    return changes.touches(KINDS)


def load(store: Store) -> list[ConsultingHours]:
    """Every consulting hour the laptop holds (deactivated ones too: the maintainers see them)."""
    return load_from(store.engine)


def load_from(engine: Engine) -> list[ConsultingHours]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.consulting_hours)).all()
    out = [codec.decode(ConsultingHours, dict(r._mapping)) for r in rows]
    return sorted(out, key=lambda h: (h.location, h.unit, h.opens, h.id))


def today_location(store: Store, units: Sequence[str], day: dt.date, usual: str = "") -> str | None:
    """Where one of *units* (the first preferred) holds hours on *day*, *usual* preferred
    among equals (casefile.consulting_hours.today_location)."""
    return consulting_hours.today_location(load(store), units, day, usual)


def snapshot(store: Store, hours_id: str) -> Snapshot | None:
    """The record *hours_id* with its clocks, as the edit dialog loads it."""
    return offers.snapshot(store, ConsultingHours, hours_id)


def save(store: Store, hours: ConsultingHours, seen: Snapshot | None = None) -> list[str]:
    """Create *hours* or save what changed in it against *seen*; the changed fields."""
    return offers._save(store, hours, seen)
