"""Who may do what with the language mediators' pool -- the access rules asked, never units.

The rules (``resources/access/policy.toml``: category ``volunteers``; ``[owner]`` mediator,
mediator_booking, hours_entry; ``[[share]]`` with ``write``) decide: by default the
volunteering unit keeps the pool and works every booking, coordination reads it, and the unit
that asks for a mediator owns its booking and the hours entry. These functions ask
:class:`desktop.permissions.Permissions` the same questions the server's write gate answers,
so a screen offers only what a save will pass. Qt-free.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casefile import codec
from desktop.permissions import Permissions


def sees_pool(rules: Permissions) -> bool:
    """Whether the user receives the pool (mediators' personal data): the page is offered."""
    return rules.hidden_unit("mediator", {}) is None


def keeps_pool(rules: Permissions) -> bool:
    """Whether the user may create and edit mediators."""
    return rules.may_create("mediator")


def may_request(rules: Permissions, unit: str) -> bool:
    """Whether the user may ask for a mediator for *unit* (a new booking of that unit)."""
    return rules.may_create("mediator_booking", {"unit": unit})


def may_change(rules: Permissions, kind: str, before: Any, after: Any) -> bool:
    """Whether the user may change a booking or hours entry from *before* to *after*
    (records or field maps): assign a mediator, cancel, review, pay."""
    return (
        rules.refusal(
            kind,
            None if before is None else _fields(before),
            None if after is None else _fields(after),
        )
        is None
    )


def may_book(rules: Permissions, booking: Any) -> bool:
    """Whether the user may book a mediator for *booking* (requested -> booked) -- a user
    who sees the pool and may write the asking unit's bookings (the pool's unit by its share)."""
    if not sees_pool(rules):
        return False
    after = {**_fields(booking), "status": "booked"}
    return rules.refusal("mediator_booking", _fields(booking), after) is None


def _fields(record: Any) -> dict[str, Any]:
    if record is None or isinstance(record, Mapping):
        return dict(record or {})
    return codec.encode(record)


def writable_booking_units(rules: Permissions, units: list[str]) -> list[str]:
    """Of *units*, those the user may ask a mediator for."""
    return [u for u in units if may_request(rules, u)]
