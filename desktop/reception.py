"""What the reception screen works with, without Qt: the walk-in's person as routing sees it,
where this user may issue tickets, and the device's ticket number range from the server.

The functions that touch the store or the network run on a worker of the operation layer
(``ctx.ops.read`` / ``ctx.ops.net``), never on the UI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from casefile import catalogs, codec, queue
from casefile.policy import WALK_IN, Policy
from casefile.records import LanguageSkill
from desktop.permissions import Permissions
from desktop.store import tickets

if TYPE_CHECKING:
    from desktop.store.repo import Store
    from desktop.sync.connection import Connection


@dataclass(frozen=True)
class Person:
    """A walk-in's client file as the reception screen needs it."""

    client_id: str
    name: str
    birth_date: dt.date | None
    birth_date_precision: str
    languages: tuple[LanguageSkill, ...] = ()
    target_group: str = ""
    # The current residence status where this user may read it, else None: routing rules
    # that need it are then skipped, never guessed (casefile.queue.suggest).
    residence_status: str | None = None
    nationalities: tuple[str, ...] = field(default=())


def load_person(
    store: Store, client_id: str, permissions: Permissions, today: dt.date
) -> Person | None:
    """The person of *client_id* (None if the file is gone, e.g. merged away meanwhile)."""
    cf = store.client_file(client_id)
    if cf is None:
        return None
    c = cf.client
    status = None
    current = cf.current_residence
    if current is not None:
        granted = permissions.granted([codec.encode(x) for x in cf.consents], today)
        if permissions.hidden_unit("residence_status", codec.encode(current), granted) is None:
            status = current.status
    return Person(
        client_id=c.id,
        name=f"{c.family_name}, {c.given_names}".strip(", "),
        birth_date=c.birth_date,
        birth_date_precision=str(getattr(c.birth_date_precision, "value", c.birth_date_precision)),
        languages=tuple(c.languages),
        target_group=c.target_group,
        residence_status=status,
        nationalities=tuple(c.nationalities),
    )


def preset_language(languages: Sequence[LanguageSkill]) -> tuple[str, bool]:
    """(language, interpreter needed) for the ticket: the language the client needs an
    interpreter for, else the first one the file names; ("", False) without any."""
    skill = next((s for s in languages if s.interpreter_needed), None)
    if skill is None:
        skill = next(iter(languages), None)
    if skill is None:
        return "", False
    return skill.code, skill.interpreter_needed


def suggest(concern: str, person: Person | None) -> queue.Suggestion | None:
    """The routing of *concern* for *person* (an anonymous walk-in: by the concern alone)."""
    if person is None:
        return queue.suggest(concern)
    return queue.suggest(concern, person.target_group or None, person.residence_status)


@lru_cache(maxsize=1)
def _shipped_policy() -> Policy:
    return Policy.load()


def walk_in_locations(permissions: Permissions) -> list[str]:
    """The locations with a walk-in queue where this user may issue tickets (catalog order).
    Unrestricted (a laptop without roles): every location of the shipped rules' [walk_in]."""
    policy = permissions.policy or _shipped_policy()
    return [
        code
        for code in (e.code for e in catalogs.load("location").entries)
        if code in policy.walk_in and permissions.may_create("walk_in_ticket", {"location": code})
    ]


def queue_locations(permissions: Permissions) -> list[str]:
    """The locations whose walk-in queue this user works (``Policy.queues``: a unit of theirs
    serves there), catalog order: where the server gives them its waiting statistics. A
    laptop without roles yet: none (the server has not said)."""
    policy = permissions.policy
    if policy is None:
        return []
    mine = policy.queues(permissions.user)
    return [
        code
        for code in (e.code for e in catalogs.load("location").entries)
        if WALK_IN + code in mine
    ]


def served_units(permissions: Permissions, location: str) -> list[str]:
    """The units whose staff work the queue at *location* ("*": every unit but reception)."""
    policy = permissions.policy or _shipped_policy()
    named = policy.walk_in.get(location, frozenset())
    every = [e.code for e in catalogs.load("unit").entries if e.code != "reception"]
    if "*" in named:
        return every
    return [u for u in every if u in named]


def is_front_desk(permissions: Permissions) -> bool:
    """Whether the user's work is the front desk (the reception role or unit)."""
    user = permissions.user
    return "reception" in user.roles or "reception" in user.units


def fetch_prefix(connection: Connection, store: Store) -> str:
    """Ask the server once for this device's ticket prefix and keep it (net worker)."""
    client = connection.client()
    try:
        value = client.ticket_prefix()
    finally:
        client.close()
    tickets.set_prefix(store, value)
    return value
