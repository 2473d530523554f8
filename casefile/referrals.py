"""Verweisung: the one rule for consent before a client's data leave the roof, and the steps a
referral goes through.

**Consent.** A referral whose ``contact_by`` is ``agency`` (the agency passes the client's
details on) to an offer whose provider is not a unit under the one roof, or to an external
body, needs an active consent (:meth:`casefile.records.Consent.is_active` on ``referred_on``)
of the same client whose recipients name that recipient -- the provider's name or the external
body's, compared case-insensitively and trimmed -- and whose categories include
``master_data``; the referral names that consent in ``consent_id``. A referral the client takes
on (``contact_by`` ``client``: the client takes the slip and goes) and one to a unit under the
roof need none. The laptop asks :func:`consent_refusal` before it saves, the server on every
write of a referral (sync_server.referrals) -- the same function, so they never disagree.

**Steps.** :data:`TRANSITIONS` says which status may follow which: proposed -> sent
("Kontakt aufgenommen") -> accepted -> attended or failed ("nicht erfolgreich", with a reason
from the catalog ``referral_failure``); cancelled from any open state. attended, failed and
cancelled are final.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from casefile.records import Consent, Offer, Provider, Referral
from casefile.validation import QT_TRANSLATE_NOOP  # the lupdate marker, defined once

CATEGORY = "master_data"  # what a referral passes on: who the client is, how to reach them

# Which status may follow which (the laptop's outcome dialog offers these; the current one
# stays allowed, so an edit of the feedback alone is no step).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "proposed": ("sent", "accepted", "attended", "failed", "cancelled"),
    "sent": ("accepted", "attended", "failed", "cancelled"),
    "accepted": ("attended", "failed", "cancelled"),
    "attended": (),
    "failed": (),
    "cancelled": (),
}
FINAL = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)

# Machine reasons of a refusal, with the German text (the laptop translates with context
# "referrals"; {recipient} is the name the consent must carry).
REASONS: dict[str, str] = {
    "referral_consent": QT_TRANSLATE_NOOP(
        "referrals", "Für die Weitergabe an „{recipient}“ fehlt eine Einwilligung der Person."
    ),
    "referral_offer": QT_TRANSLATE_NOOP(
        "referrals", "Das Angebot ist im Angebotsverzeichnis nicht bekannt."
    ),
}


@dataclass(frozen=True)
class Refusal:
    """Why a referral may not be saved: a machine ``reason`` and its German ``text``."""

    reason: str
    recipient: str = ""

    @property
    def text(self) -> str:
        return REASONS[self.reason].format(recipient=self.recipient)


def fold(name: str) -> str:
    """A recipient's name as compared: trimmed, inner spaces collapsed, case-insensitive."""
    return " ".join((name or "").split()).casefold()


def may_follow(current: str, new: str) -> bool:
    """May a referral in *current* status be set to *new* (staying is always allowed)?"""
    return new == current or new in TRANSITIONS.get(current, ())


def next_statuses(current: str) -> tuple[str, ...]:
    """The statuses a referral in *current* may be given: itself first, then its steps."""
    return (current, *TRANSITIONS.get(current, ()))


def leaves_roof(referral: Referral, provider: Provider | None) -> bool:
    """Does the referral send the client outside the one roof? An external body does; an
    offer does unless its provider is a unit under the roof (an unknown provider counts as
    outside); a unit does not."""
    if referral.target_kind == "unit":
        return False
    if referral.target_kind == "offer":
        return provider is None or not provider.unit
    return True


def recipient(referral: Referral, provider: Provider | None) -> str:
    """The name a consent must carry for this referral: the offer's provider, or the body."""
    if referral.target_kind == "offer":
        return provider.name if provider is not None else ""
    return referral.target


def needs_consent(referral: Referral, provider: Provider | None) -> bool:
    """Must a consent be named? Only where the agency passes data outside the roof."""
    return referral.contact_by == "agency" and leaves_roof(referral, provider)


def fits(consent: Consent, referral: Referral, name: str) -> bool:
    """Does *consent* let the client's master data go to *name* for *referral*?"""
    return (
        consent.client_id == referral.client_id
        and consent.is_active(referral.referred_on)
        and CATEGORY in consent.categories
        and bool(fold(name))
        and fold(name) in {fold(r) for r in consent.recipients}
    )


def fitting_consents(
    referral: Referral, provider: Provider | None, consents: Iterable[Consent]
) -> list[Consent]:
    """The client's consents that would carry this referral (the laptop's chooser)."""
    name = recipient(referral, provider)
    return [c for c in consents if fits(c, referral, name)]


def consent_refusal(
    referral: Referral,
    offer: Offer | None,
    provider: Provider | None,
    consents: Iterable[Consent],
) -> Refusal | None:
    """None if *referral* may be saved as it is; else why not.

    *offer* and its *provider* are the directory's entries the referral names (None where it
    names none or they are unknown), *consents* the client's consents as stored (others are
    ignored). The consent named by ``consent_id`` must be among them and fit."""
    if not needs_consent(referral, provider):
        return None
    if referral.target_kind == "offer" and (offer is None or provider is None):
        return Refusal("referral_offer")
    name = recipient(referral, provider)
    chosen = next((c for c in consents if c.id == referral.consent_id), None)
    if referral.consent_id and chosen is not None and fits(chosen, referral, name):
        return None
    return Refusal("referral_consent", " ".join(name.split()) or referral.target)
