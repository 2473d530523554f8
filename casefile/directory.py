"""The directory: who a follow-up can be assigned to, which language mediators can be named.

Kept by the county on the server (users and their units, the mediator pool), read by every
laptop (``GET /api/v1/directory``) and kept there for offline work. Names only: no roles,
passwords or devices. Entries are deactivated, never deleted, so records made before a
deactivation stay valid; pick lists offer only the active ones.

:func:`check` is the one rule both sides apply: the form refuses a name that is not in the
directory, the server refuses such a push.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from casefile import catalogs
from casefile.validation import FieldError


@dataclass(frozen=True)
class DirectoryUser:
    """A user as colleagues see him or her: login name, display name, units."""

    name: str
    display_name: str = ""
    units: tuple[str, ...] = ()
    active: bool = True

    @property
    def label(self) -> str:
        return self.display_name or self.name


@dataclass(frozen=True)
class Mediator:
    """A language mediator of the county's pool; *languages* are catalog codes (empty: any)."""

    name: str
    languages: tuple[str, ...] = ()
    active: bool = True

    def speaks(self, language: str) -> bool:
        return not self.languages or language in self.languages


@dataclass(frozen=True)
class Directory:
    """Users and mediators; ``version`` changes whenever any entry does (the ETag)."""

    users: tuple[DirectoryUser, ...] = ()
    mediators: tuple[Mediator, ...] = ()
    version: str = ""
    _users: dict[str, DirectoryUser] = field(default_factory=dict, compare=False, repr=False)
    _mediators: dict[str, Mediator] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._users.update((u.name, u) for u in self.users)
        self._mediators.update((m.name, m) for m in self.mediators)

    @classmethod
    def build(cls, users: Iterable[DirectoryUser], mediators: Iterable[Mediator]) -> Directory:
        """A directory with its version worked out from its content."""
        users = tuple(sorted(users, key=lambda u: u.name))
        mediators = tuple(sorted(mediators, key=lambda m: m.name))
        body = _body(users, mediators)
        digest = hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()
        return cls(users, mediators, digest[:32])

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Directory:
        """The directory from its wire form (``GET /api/v1/directory``); {} or None: empty."""
        data = data or {}
        users = tuple(
            DirectoryUser(
                str(u["name"]),
                str(u.get("display_name") or ""),
                tuple(str(x) for x in u.get("units") or ()),
                bool(u.get("active", True)),
            )
            for u in data.get("users") or ()
        )
        mediators = tuple(
            Mediator(
                str(m["name"]),
                tuple(str(x) for x in m.get("languages") or ()),
                bool(m.get("active", True)),
            )
            for m in data.get("mediators") or ()
        )
        return cls(users, mediators, str(data.get("version") or ""))

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, **_body(self.users, self.mediators)}

    def user(self, name: str) -> DirectoryUser | None:
        return self._users.get(name)

    def mediator(self, name: str) -> Mediator | None:
        return self._mediators.get(name)

    def active_users(self) -> list[DirectoryUser]:
        return sorted((u for u in self.users if u.active), key=lambda u: u.label.casefold())

    def active_mediators(self, language: str = "") -> list[Mediator]:
        """Active mediators; with *language*, those who speak it first (then the others)."""
        found = [m for m in self.mediators if m.active]
        return sorted(
            found, key=lambda m: (bool(language) and not m.speaks(language), m.name.casefold())
        )


def _body(users: Iterable[DirectoryUser], mediators: Iterable[Mediator]) -> dict[str, Any]:
    return {
        "users": [
            {
                "name": u.name,
                "display_name": u.display_name,
                "units": list(u.units),
                "active": u.active,
            }
            for u in users
        ],
        "mediators": [
            {"name": m.name, "languages": list(m.languages), "active": m.active} for m in mediators
        ],
    }


# The fields the directory governs, per record kind.
FIELDS = {"task": ("assignee", "assignee_unit"), "consultation": ("mediator_name",)}
FIELDS["plan_step"] = ("assignee",)  # issue 20: a support plan's step for a caseworker


def governs(kind: str, before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> bool:
    """Whether a write from *before* to *after* sets a field the directory governs: only
    then is the directory asked (a record made before a name was known stays untouched)."""
    before = before or {}
    return any(after.get(f) != before.get(f) for f in FIELDS.get(kind, ()))


def check(
    directory: Directory,
    kind: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
) -> list[FieldError]:
    """What of *after* the directory refuses: an assignee who is no user (active or not), an
    assignee unit that is not one of that user's units, a mediator who is not in the pool.
    Empty values (unassigned, no mediator) and fields the write does not change pass."""
    if not governs(kind, before, after):
        return []
    errors: list[FieldError] = []
    if kind == "task":
        name = str(after.get("assignee") or "").strip()
        unit = str(after.get("assignee_unit") or "")
        if name:
            user = directory.user(name)
            if user is None:
                errors.append(FieldError("assignee", "unknown_assignee", {"name": name}))
            elif unit and user.units and unit not in user.units:
                label = catalogs.load("unit").label(unit) or unit
                errors.append(
                    FieldError("assignee_unit", "assignee_unit", {"name": name, "unit": label})
                )
    elif kind == "consultation":
        name = str(after.get("mediator_name") or "").strip()
        if name and directory.mediator(name) is None:
            errors.append(FieldError("mediator_name", "unknown_mediator", {"name": name}))
    elif kind == "plan_step":  # issue 20: the caseworker a step names is a user
        name = str(after.get("assignee") or "").strip()
        if name and directory.user(name) is None:
            errors.append(FieldError("assignee", "unknown_assignee", {"name": name}))
    return errors


REASONS = {
    "unknown_assignee": "unknown_assignee",
    "assignee_unit": "assignee_unit_mismatch",
    "unknown_mediator": "unknown_mediator",
}
"""The reason code a refused push carries, per :class:`FieldError` code."""
