"""Unmet needs (issue 19, item 3): failed referrals whose reason the catalog flags "unmet",
counted by topic x language x place x month, with the share of all referrals of the cell."""

import datetime as dt
import json

from hypothesis import given, settings, strategies as st

from casefile import needs
from casefile.records import Referral
from resources import path as resource_path

DAY = dt.date(2026, 11, 3)


def ref(status="failed", reason="no_offer", **kw) -> Referral:
    base = dict(
        client_id="c1",
        target="Beratung",
        reason="Wohnung",
        referred_on=DAY,
        status=status,
        failure_reason=reason,
        topic="housing",
        language="ar",
        location="dez_zeitz",
    )
    base.update(kw)
    return Referral(**base)


def flagged_in_catalog() -> set[str]:
    data = json.loads(resource_path("catalogs", "referral_failure.json").read_text("utf-8"))
    return {e["code"] for e in data["entries"] if e.get("unmet")}


def test_the_unmet_reasons_are_the_catalogs_flags():
    # the issue: lack of an offer, capacity, language or distance
    assert set(needs.unmet_reasons()) == flagged_in_catalog()
    assert set(needs.unmet_reasons()) == {"no_capacity", "no_offer", "language", "distance"}


def test_only_failures_for_lack_of_an_offer_count():
    refs = [
        ref(reason="no_capacity"),
        ref(reason="language"),
        ref(reason="client_declined"),  # failed, but not for lack of an offer
        ref(reason="client_unreachable"),
        ref(status="attended", reason=""),
        ref(status="proposed", reason="no_offer"),  # a reason without the failure: not counted
    ]
    [cell] = needs.count(refs)
    assert (cell.unmet, cell.total) == (2, 6)
    assert cell.reasons == {"no_capacity": 1, "language": 1}
    assert cell.share == 2 / 6


def test_cells_split_by_topic_language_place_and_month():
    refs = [
        ref(),
        ref(topic="work"),
        ref(language="prs"),
        ref(location="lra_naumburg"),
        ref(referred_on=dt.date(2026, 12, 1)),
        ref(referred_on=dt.date(2026, 11, 30)),  # same month as DAY
    ]
    cells = needs.count(refs)
    assert len(cells) == 5
    first = next(c for c in cells if c.key == ("2026-11", "housing", "ar", "dez_zeitz"))
    assert first.unmet == first.total == 2


def test_the_period_counts_by_the_day_of_the_referral():
    refs = [ref(referred_on=DAY + dt.timedelta(days=d)) for d in range(-3, 4)]
    [cell] = needs.count(refs, DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=1))
    assert cell.unmet == 3
    assert needs.count(refs, DAY + dt.timedelta(days=10)) == []


def test_a_cell_without_an_unmet_need_is_not_listed():
    assert needs.count([ref(status="attended", reason=""), ref(reason="client_declined")]) == []


REASONS = [
    "",
    "client_declined",
    "no_capacity",
    "no_longer_needed",
    "no_offer",
    "language",
    "distance",
    "not_eligible",
    "unknown_code",
]
referrals = st.builds(
    ref,
    status=st.sampled_from(["proposed", "sent", "accepted", "attended", "failed", "cancelled"]),
    reason=st.sampled_from(REASONS),
    topic=st.sampled_from(["", "housing", "work"]),
    language=st.sampled_from(["", "ar", "uk"]),
    location=st.sampled_from(["", "dez_zeitz", "lra_naumburg"]),
    referred_on=st.dates(dt.date(2026, 1, 1), dt.date(2026, 4, 30)),
)


def brute_force(refs, start, end):
    """Every cell that could exist, each referral checked against it one by one."""
    flagged = flagged_in_catalog()
    out = {}
    months = {f"2026-{m:02d}" for m in range(1, 5)}
    for key in {(m, r.topic, r.language, r.location) for r in refs for m in months}:
        inside = [
            r
            for r in refs
            if start <= r.referred_on <= end
            and (r.referred_on.strftime("%Y-%m"), r.topic, r.language, r.location) == key
        ]
        unmet = [r for r in inside if r.status == "failed" and r.failure_reason in flagged]
        if unmet:
            out[key] = (len(unmet), len(inside))
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(referrals, max_size=40),
    st.dates(dt.date(2026, 1, 1), dt.date(2026, 4, 30)),
    st.integers(0, 120),
)
def test_counts_equal_a_brute_force_count(refs, start, days):
    end = start + dt.timedelta(days=days)
    cells = needs.count(refs, start, end)
    assert {c.key: (c.unmet, c.total) for c in cells} == brute_force(refs, start, end)
    for c in cells:
        assert sum(c.reasons.values()) == c.unmet
        assert 0 < c.share <= 1
    assert cells == needs.order(cells)
