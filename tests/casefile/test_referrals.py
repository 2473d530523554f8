"""The consent rule of referrals and their steps (casefile.referrals), from issue 19 item 2 and
docs/data-protection.md §3: data leave the roof only with the client's consent naming the
recipient."""

import datetime as dt

import pytest

from casefile import catalogs, referrals
from casefile.records import Consent, Offer, Provider, Referral

DAY = dt.date(2026, 11, 2)
CARITAS = Provider(name="Caritas Burgenlandkreis")
JOBCENTER = Provider(name="Jobcenter Burgenlandkreis", unit="jobcenter")


def referral(**over) -> Referral:
    values = {
        "client_id": "c1",
        "target": "Caritas Burgenlandkreis",
        "reason": "Schuldnerberatung",
        "referred_on": DAY,
        "target_kind": "external",
        "contact_by": "agency",
        **over,
    }
    return Referral(**values)


def consent(**over) -> Consent:
    values = {
        "client_id": "c1",
        "recipients": ["Caritas Burgenlandkreis"],
        "categories": ["master_data"],
        "purpose": "Verweisung",
        "given_on": DAY - dt.timedelta(days=3),
        **over,
    }
    return Consent(**values)


def test_an_agency_referral_to_an_external_body_without_consent_is_refused_in_german():
    found = referrals.consent_refusal(referral(), None, None, [])
    assert found is not None and found.reason == "referral_consent"
    assert found.text == (
        "Für die Weitergabe an „Caritas Burgenlandkreis“ fehlt eine Einwilligung der Person."
    )


def test_the_client_taking_the_slip_needs_no_consent():
    assert referrals.consent_refusal(referral(contact_by="client"), None, None, []) is None


def test_a_unit_under_the_roof_needs_no_consent_as_target_or_as_provider():
    assert (
        referrals.consent_refusal(referral(target_kind="unit", unit="abh"), None, None, []) is None
    )
    offer = Offer(provider_id=JOBCENTER.id, name="Bewerbungstraining")
    ref = referral(target_kind="offer", offer_id=offer.id, target=offer.name)
    assert referrals.consent_refusal(ref, offer, JOBCENTER, []) is None


def test_an_offer_of_an_outside_provider_needs_a_consent_naming_the_provider():
    offer = Offer(provider_id=CARITAS.id, name="Schuldnerberatung")
    ref = referral(target_kind="offer", offer_id=offer.id, target=offer.name)
    found = referrals.consent_refusal(ref, offer, CARITAS, [])
    assert found is not None and "„Caritas Burgenlandkreis“" in found.text
    c = consent(recipients=["  caritas   BURGENLANDKREIS "])  # trimmed, case-insensitive
    ref.consent_id = c.id
    assert referrals.consent_refusal(ref, offer, CARITAS, [c]) is None
    assert referrals.fitting_consents(ref, CARITAS, [c, consent(recipients=["AWO"])]) == [c]


def test_an_unknown_offer_is_refused_for_the_agency_only():
    ref = referral(target_kind="offer", offer_id="o-unknown", target="Irgendwas")
    assert referrals.consent_refusal(ref, None, None, []).reason == "referral_offer"
    ref.contact_by = "client"
    assert referrals.consent_refusal(ref, None, None, []) is None


@pytest.mark.parametrize(
    "over",
    [
        {"client_id": "c2"},
        {"categories": ["counseling_notes"]},
        {"recipients": ["Diakonie"]},
        {"given_on": DAY + dt.timedelta(days=1)},
        {"valid_until": DAY - dt.timedelta(days=1)},
        {"withdrawn_on": DAY},
    ],
    ids=["other-client", "no-master-data", "other-recipient", "later", "expired", "withdrawn"],
)
def test_a_consent_that_does_not_fit_does_not_carry_the_referral(over):
    c = consent(**over)
    assert referrals.consent_refusal(referral(consent_id=c.id), None, None, [c]) is not None
    good = consent()
    assert referrals.consent_refusal(referral(consent_id=good.id), None, None, [good]) is None


def test_a_fitting_consent_must_be_the_one_named():
    c = consent()
    assert referrals.consent_refusal(referral(), None, None, [c]) is not None  # none named
    assert referrals.consent_refusal(referral(consent_id="other"), None, None, [c]) is not None


def test_the_steps_follow_the_catalog_and_the_final_ones_stay():
    codes = {e.code for e in catalogs.load("referral_status").entries}
    assert set(referrals.TRANSITIONS) == codes
    assert {
        e.code for e in catalogs.load("referral_status").entries if e.extra.get("final")
    } == referrals.FINAL
    assert referrals.may_follow("proposed", "sent") and referrals.may_follow("sent", "accepted")
    assert referrals.may_follow("accepted", "attended") and referrals.may_follow(
        "accepted", "failed"
    )
    assert not referrals.may_follow("attended", "failed")
    assert not referrals.may_follow("accepted", "sent")  # never back
    assert referrals.next_statuses("failed") == ("failed",)
    for status in codes - referrals.FINAL:
        assert referrals.may_follow(status, "cancelled")
