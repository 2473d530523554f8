"""Referrals (Verweisungen) in the local store: the directory and consents a referral dialog
needs, a new referral with its follow-up, and the outcome edited against what the dialog saw.

The consent rule is :func:`casefile.referrals.consent_refusal`, asked here with what this
laptop holds (the synced directory of offers, the client's consents) before anything is
written -- the server asks the same function on every push, so nothing leaves the laptop that
it would refuse. Every function does database work: call it through the UI's operation layer
(desktop.ui.ops), never on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select, update as sql_update

from casefile import codec, referrals, slip, validation
from casefile.offers import Index
from casefile.records import Client, Consent, Offer, Provider, Referral, Task
from desktop.store import bulk, changes, rows, schema as t

if TYPE_CHECKING:
    from desktop.store.repo import Store


class ReferralRefused(validation.ValidationError):
    """The consent rule refuses the referral (:class:`casefile.referrals.Refusal` in
    ``refusal``); nothing was written."""

    def __init__(self, refusal: referrals.Refusal):
        super().__init__(
            [validation.FieldError("consent_id", refusal.reason, {"recipient": refusal.recipient})]
        )
        self.refusal = refusal


class StaleReferral(RuntimeError):
    """Fields the user changed were changed elsewhere meanwhile (a pulled change):
    ``fields`` maps each to the value stored now."""

    def __init__(self, fields: dict[str, object]):
        super().__init__(", ".join(fields))
        self.fields = fields


@dataclass
class ReferralContext:
    """What a referral dialog needs of the store, read once: the client, the directory of
    offers ranked by :class:`casefile.offers.Index`, the providers by id, the client's
    consents, and who refers as the slip names them (:func:`contact`)."""

    client: Client | None
    index: Index
    providers: dict[str, Provider]
    consents: list[Consent]
    contact: slip.Contact = field(default_factory=slip.Contact)

    def offer(self, offer_id: str | None) -> tuple[Offer | None, Provider | None]:
        offer = self.index.offers.get(offer_id or "")
        return offer, self.providers.get(offer.provider_id) if offer is not None else None


@dataclass
class ReferralSnapshot:
    """A referral as the outcome dialog loaded it: values (row form) and field clocks."""

    referral: Referral
    values: dict
    clocks: dict[str, str]
    offer: Offer | None = None
    provider: Provider | None = None
    contact: slip.Contact = field(default_factory=slip.Contact)  # who referred (the slip)


# --- reading -------------------------------------------------------------------------------


def _providers(conn: Connection) -> dict[str, Provider]:
    return {
        r.id: codec.decode(Provider, dict(r._mapping)) for r in conn.execute(select(t.provider))
    }


def _consents(conn: Connection, client_id: str) -> list[Consent]:
    return [
        rows.consent_from_row(r)
        for r in conn.execute(select(t.consent).where(t.consent.c.client_id == client_id))
    ]


def _offer(conn: Connection, offer_id: str | None) -> tuple[Offer | None, Provider | None]:
    if not offer_id:
        return None, None
    r = conn.execute(select(t.offer).where(t.offer.c.id == offer_id)).first()
    if r is None:
        return None, None
    offer = codec.decode(Offer, dict(r._mapping))
    p = conn.execute(select(t.provider).where(t.provider.c.id == offer.provider_id)).first()
    return offer, codec.decode(Provider, dict(p._mapping)) if p is not None else None


def contact(store: Store, user: str) -> slip.Contact:
    """Who referred, as the slip names them for the client: the user's name as colleagues
    see it in the synced staff directory (``display_name``), the login name only where the
    directory does not know one."""
    from desktop.store import directory as staff

    known = staff.load(store.engine).user(user) if user else None
    return slip.Contact(name=known.label if known is not None else user)


def context(store: Store, client_id: str, user: str = "") -> ReferralContext:
    """The client, the directory and the client's consents, for the referral dialog of
    *user* (the referring user: the slip names them)."""
    from desktop.store import offers as offers_store

    directory = offers_store.load_from(store.engine)  # the one loader of the directory
    with store.engine.connect() as conn:
        consents = _consents(conn, client_id)
    return ReferralContext(
        store.get_client(client_id),
        directory.index,
        directory.providers,
        consents,
        contact(store, user),
    )


def refusal(conn: Connection, ref: Referral) -> referrals.Refusal | None:
    """The consent rule on *ref* with what this laptop holds."""
    offer, provider = _offer(conn, ref.offer_id if ref.target_kind == "offer" else None)
    return referrals.consent_refusal(ref, offer, provider, _consents(conn, ref.client_id))


def snapshot(store: Store, referral_id: str) -> ReferralSnapshot | None:
    """The referral as the outcome dialog loads it, with its field clocks."""
    with store.engine.connect() as conn:
        r = conn.execute(select(t.referral).where(t.referral.c.id == referral_id)).first()
        if r is None:
            return None
        ref = rows.referral_from_row(r)
        values = {k: v for k, v in rows.referral_row(ref).items() if k != "id"}
        clocks = bulk.load_clocks(conn, [referral_id]).get(referral_id, {})
        offer, provider = _offer(conn, ref.offer_id)
    return ReferralSnapshot(ref, values, clocks, offer, provider, contact(store, ref.referred_by))


# --- writing -------------------------------------------------------------------------------


def check(ref: Referral, follow_up: Task | None = None) -> None:
    """The form rules on a new referral and its follow-up (raises ValidationError)."""
    errors = validation.validate(ref)
    if follow_up is not None:
        errors += [
            validation.FieldError("follow_up." + e.field, e.code, e.params)
            for e in validation.validate_task(follow_up, new=True)
        ]
    if errors:
        raise validation.ValidationError(errors)


def add(store: Store, ref: Referral, follow_up: Task | None = None) -> str:
    """Save a referral on its own (from the client file) with its follow-up, all or nothing;
    raises :class:`ReferralRefused` where the consent it needs is missing."""
    check(ref, follow_up)
    with store.engine.begin() as conn:
        found = refusal(conn, ref)
        if found is not None:
            raise ReferralRefused(found)
        store._insert(conn, t.referral, "referral", rows.referral_row(ref))
        if follow_up is not None:
            store._insert(conn, t.task, "task", rows.task_row(follow_up))
    return ref.id


def update(store: Store, ref: Referral, seen: ReferralSnapshot, force: bool = False) -> list[str]:
    """Save the outcome edited in a dialog: only the fields that differ from what the dialog
    loaded (*seen*), based on its clocks, so the server keeps a concurrent edit visible.

    A field the user changed that was changed meanwhile on this laptop (a pull under the open
    dialog) raises :class:`StaleReferral` naming it, unless *force* (the user chose to keep
    their input); a field the user left alone is never written. Returns the changed names."""
    new = {k: v for k, v in rows.referral_row(ref).items() if k != "id"}
    errors = validation.validate(ref)
    if errors:
        raise validation.ValidationError(errors)
    with store.engine.begin() as conn:
        r = conn.execute(select(t.referral).where(t.referral.c.id == ref.id)).first()
        if r is None:
            raise LookupError(f"referral {ref.id} is not in the store")
        current = rows.referral_row(rows.referral_from_row(r))
        mine = {k: v for k, v in new.items() if v != seen.values.get(k)}
        stale = {
            k: current.get(k)
            for k, v in mine.items()
            if current.get(k) != seen.values.get(k) and current.get(k) != v
        }
        if stale and not force:
            raise StaleReferral(stale)
        changed = {k: v for k, v in mine.items() if v != current.get(k)}
        if not changed:
            return []
        merged = rows.referral_from_row({**current, **changed, "id": ref.id})
        if set(changed) & {"target", "target_kind", "offer_id", "contact_by", "consent_id"}:
            found = refusal(conn, merged)
            if found is not None:
                raise ReferralRefused(found)
        conn.execute(sql_update(t.referral).where(t.referral.c.id == ref.id).values(**changed))
        base = {k: seen.clocks.get(k) for k in changed} if seen.clocks else None
        store._outbox(conn, "referral", ref.id, "update", changed, base=base)
        changes.note("referral", ref.client_id)
    return sorted(changed)
