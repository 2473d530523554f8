"""What the laptop's user may see and do: the server's access rules, evaluated on the laptop.

The server sends the rules it enforces (``GET /api/v1/rules``); the sync round keeps them in the
store (:func:`save_rules`) with the user's roles and units from the registration
(``desktop.sync.state``). :class:`Permissions` asks the same code the server asks
(:mod:`casefile.policy`), so a form offers only the units and actions the rules allow, a save
the server would refuse is refused at once with the reason in German, and a section the user
may not read shows as *hidden*, never as *absent*. The server stays the gate.

Before the first sync the shipped rules (``resources/access/policy.toml``) stand in for the
server's. A laptop that knows no roles (set up without a server) has no one to ask: it is
*unrestricted*, and the server decides on the next sync.

Qt-free: the UI reads a :class:`Permissions` through the operation layer (``ctx.ops``) and
translates the texts it returns (context ``permissions``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, select, text

from casefile import catalogs
from casefile.policy import DIRECTORY, Policy, PolicyError
from casefile.validation import QT_TRANSLATE_NOOP
from desktop.store import schema as t

RULES = "access_rules"  # meta key: {"digest", "scope", "rules"} as the server sent them

# Why a write is refused, with who may do it: texts for the forms and the refused record's card.
# {unit}: the unit whose section it is; {units}: units that may; {category}: the data's kind.
WHY: dict[str, str] = {
    "section": QT_TRANSLATE_NOOP(
        "permissions",
        "Dieser Bereich der Akte gehört der Einheit {unit}. Nur deren Mitarbeitende erfassen "
        "und ändern ihn.",
    ),
    "master_data": QT_TRANSLATE_NOOP(
        "permissions",
        "Stammdaten, Einwilligungen, Verweise und Wiedervorlagen erfassen nur Rollen mit "
        "Stammdatenrechten; Ihre Rolle hat sie nicht.",
    ),
    "erase_only": QT_TRANSLATE_NOOP(
        "permissions",
        "Eine Person wird nur über einen Löschauftrag gelöscht; das darf nur die "
        "Administration (Art. 17 DSGVO).",
    ),
    "consent_recorder": QT_TRANSLATE_NOOP(
        "permissions",
        "Eine Einwilligung für „{category}“ erfasst die Einheit, die diese Daten führt "
        "({units}); niemand öffnet sich selbst Daten einer anderen Einheit.",
    ),
    "form_reference": QT_TRANSLATE_NOOP(
        "permissions", "Bitte die Nummer des unterschriebenen Einwilligungsformulars angeben."
    ),
    "category": QT_TRANSLATE_NOOP(
        "permissions",
        "Daten der Art „{category}“ erfassen nur Mitarbeitende eines Fachbereichs; Ihre Rolle "
        "hat keinen Zugriff auf die Bereiche der Fachbereiche.",
    ),
    "forbidden": QT_TRANSLATE_NOOP(
        "permissions", "Ihre Rolle darf diesen Datensatz nicht erfassen oder ändern."
    ),
    "directory": QT_TRANSLATE_NOOP(
        "permissions",
        "Das Angebotsverzeichnis pflegen Mitarbeitende von {units}; alle anderen lesen es.",
    ),
}
HIDDEN = QT_TRANSLATE_NOOP(
    "permissions", "für Ihre Einheit nicht sichtbar (Daten der Einheit {unit})"
)


@dataclass(frozen=True)
class User:
    """The registered user as the rules see it (a :class:`casefile.policy.Subject`)."""

    name: str = ""
    roles: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refusal:
    """A write the rules do not allow: the server's reason code and the text's parts."""

    reason: str
    why: str  # a key of WHY
    unit: str = ""  # catalog code of the unit whose section it is
    category: str = ""
    units: tuple[str, ...] = ()  # units that may

    def text(self, translate=lambda text: text) -> str:
        """The German sentence (or *translate*'s) naming what, why and who may."""
        label = catalogs.load("unit").label
        categories = catalogs.load("data_category")
        return translate(WHY[self.why]).format(
            unit=label(self.unit) if self.unit else "",
            units=", ".join(label(u) for u in self.units),
            category=categories.label(self.category) if self.category in categories else "",
        )


@dataclass(frozen=True)
class Permissions:
    """The rules applied to one user; ``policy`` None means unrestricted (see the module)."""

    user: User = field(default_factory=User)
    policy: Policy | None = None
    digest: str = ""

    @property
    def restricted(self) -> bool:
        return self.policy is not None

    @property
    def key(self) -> tuple[User, str, bool]:
        """Equal for the same user, units, roles and rules."""
        return self.user, self.digest, self.restricted

    # --- writing -------------------------------------------------------------------------

    def refusal(
        self, kind: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
    ) -> Refusal | None:
        """Why the user may not change a record of *kind* from *before* (None: new) to
        *after* (None: delete); None if the rules allow it -- the server's write gate."""
        if self.policy is None:
            return None
        before_d = dict(before) if before is not None else None
        after_d = dict(after) if after is not None else None
        reason = self.policy.write_refusal(self.user, kind, before_d, after_d)
        if reason is None:
            return None
        if reason != "forbidden":
            category = ""
            units: tuple[str, ...] = ()
            if reason == "consent_recorder" and after_d is not None:
                category, units = self._consent_holders(after_d)
            return Refusal(reason, reason, category=category, units=units)
        # Which state the gate refused, and so which sentence says why and who may.
        found = self.policy.forbidding(self.user, kind, before_d, after_d)
        if found is None:
            return Refusal(reason, "forbidden")
        unit, category = found
        if category == DIRECTORY:
            return Refusal(
                reason, "directory", category=category, units=tuple(sorted(self.policy.maintainers))
            )
        if self.policy.is_free(kind, category):
            return Refusal(reason, "master_data", category=category)
        if "sections" not in self.policy.capabilities(self.user):
            return Refusal(reason, "category", unit=unit or "", category=category)
        if unit is not None:
            return Refusal(reason, "section", unit=unit, category=category, units=(unit,))
        return Refusal(reason, "forbidden")

    def _consent_holders(self, fields: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
        assert self.policy is not None
        held = self.policy.held_categories(self.user)
        for _unit, category in sorted(self.policy.consent_opens(fields)):
            if category not in held:
                holders = tuple(
                    u for u, c in sorted(self.policy.unit_categories.items()) if c == category
                )
                return category, holders
        return "", ()

    def writable_units(self, kind: str = "consultation", units: Iterable[str] = ()) -> list[str]:
        """Of *units* (default: every catalog unit), those a record of *kind* may name as
        its owning unit (``consultation.unit``): the Sachgebiete a form offers."""
        every = list(units) or sorted(catalogs.load("unit").codes)
        if self.policy is None:
            return every
        name = self.policy.owner_field(kind)
        if name is None:
            return every if self.refusal(kind, None, {}) is None else []
        return [u for u in every if self.refusal(kind, None, {name: u}) is None]

    def may_create(self, kind: str, fields: Mapping[str, Any] | None = None) -> bool:
        """Whether the user may create a record of *kind* (with *fields*, default none):
        whether a form for it is offered at all."""
        return self.refusal(kind, None, dict(fields or {})) is None

    def may(self, action: str) -> bool:
        """Whether the rules give one of the user's roles *action* (``[actions]``)."""
        return self.policy is None or self.policy.may(self.user, action)

    # --- reading -------------------------------------------------------------------------

    def hidden_unit(
        self,
        kind: str,
        fields: Mapping[str, Any] | None = None,
        granted: frozenset[str] = frozenset(),
    ) -> str | None:
        """The unit whose records of *kind* the user may not see (so their absence on the
        laptop says nothing), or None if the user sees them. *granted*: the categories the
        client's active consents open to the user's units (:meth:`granted`)."""
        if self.policy is None:
            return None
        unit, category = self.policy.classify(kind, dict(fields or {}))
        if self.policy.may_read(self.user, unit, category, granted):
            return None
        return unit or ""

    def granted(self, consents: Iterable[Mapping[str, Any]], today: dt.date) -> frozenset[str]:
        """The categories the active *consents* (fields of a client's consent records) open
        to one of the user's units on *today* -- as the server's ``consent_grants`` read."""
        if self.policy is None:
            return frozenset()
        day = today.isoformat()
        out: set[str] = set()
        for fields in consents:
            if not (str(fields.get("given_on") or "") <= day):
                continue
            if (fields.get("valid_until") or "9999") < day:
                continue
            if fields.get("withdrawn_on") and str(fields["withdrawn_on"]) <= day:
                continue
            out |= {c for u, c in self.policy.consent_opens(dict(fields)) if u in self.user.units}
        return frozenset(out)

    def visible_part(self, bundle: Any) -> Any:
        """A demo-generator bundle (a client with its records) as this user would receive it
        from the server: the records the rules let the user read (consents in force
        included), nothing else."""
        if self.policy is None:
            return bundle
        from casefile import codec

        consents = [codec.encode(c) for c in bundle.consents]
        granted = self.granted(consents, dt.date.today())
        for name in ("residence_statuses", "consultations", "tasks", "referrals"):
            records = getattr(bundle, name)
            setattr(
                bundle,
                name,
                [
                    r
                    for r in records
                    if self.hidden_unit(codec.kind_of(r), codec.encode(r), granted) is None
                ],
            )
        return bundle


# --- kept in the store ---------------------------------------------------------------------


def save_rules(
    conn: Connection,
    digest: str,
    rules: dict[str, Any],
    scope: str,
    units: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
) -> None:
    """Keep the server's rules (checked first: rules this code cannot read are not kept) and,
    when the server names them, the user's units and roles as they are now."""
    from desktop.sync import state

    Policy.from_dict(rules, "server", digest)
    for key, names in ((state.UNITS, units), (state.ROLES, roles)):
        if names is not None:
            state.set_names(conn, key, [str(n) for n in names])
    conn.execute(
        text("INSERT OR REPLACE INTO meta (key, value) VALUES (:key, :value)"),
        {
            "key": RULES,
            "value": orjson.dumps({"digest": digest, "scope": scope, "rules": rules}).decode(),
        },
    )


def rules_scope(conn: Connection) -> str | None:
    """The pull scope under which the kept rules were fetched (None: none kept)."""
    raw = conn.execute(select(t.meta.c.value).where(t.meta.c.key == RULES)).scalar()
    if not raw:
        return None
    return str(orjson.loads(raw).get("scope") or "")


def load(engine: Engine) -> Permissions:
    """The user's permissions: the kept rules (else the shipped ones) for the registered
    user's roles and units; unrestricted when the laptop knows no roles."""
    from desktop.sync import state

    current = state.load(engine)
    if not current.roles:
        return Permissions(User(current.user_name, (), current.units))
    with engine.connect() as conn:
        raw = conn.execute(select(t.meta.c.value).where(t.meta.c.key == RULES)).scalar()
    policy, digest = None, ""
    if raw:
        kept = orjson.loads(raw)
        try:
            policy = Policy.from_dict(kept["rules"], "server", kept.get("digest", ""))
            digest = kept.get("digest", "")
        except (PolicyError, KeyError, TypeError):
            policy = None
    if policy is None:
        policy = Policy.load()
        digest = policy.digest
    return Permissions(User(current.user_name, current.roles, current.units), policy, digest)


__all__ = ["Permissions", "Refusal", "User", "load", "rules_scope", "save_rules"]
