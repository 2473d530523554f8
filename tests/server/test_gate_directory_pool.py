"""The gate for the directory of offers and the mediators' pool (issue 19), against the policy.

The oracle (tests/server/oracle.py) reads resources/access/policy.toml on its own: the directory
(providers, offers) is read by every user and kept by the ``[directory] maintainers``; the pool
(mediators, bookings, hours entries) is a section -- the mediator the volunteering unit's, a
booking and an hours entry the asking unit's -- that a ``[[share]]`` opens to coordination
(read) and to volunteering (read and write). A property test draws random users and records and
compares the server's rules (casefile.policy, which the push and pull paths ask) with the
oracle; then a real server (SQLite and PostgreSQL, as the fixtures give) refuses and serves
exactly that.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from casefile import codec
from casefile.ids import new_id
from casefile.policy import Policy
from casefile.records import (
    Mediator,
    MediatorBooking,
    MediatorLanguage,
    Offer,
    OfferPlace,
    Provider,
)
from tests.server.helpers import gate_agrees
from tests.server.oracle import Rules, User, catalog_codes

RULES = Rules()
POLICY = Policy.load()
UNITS = catalog_codes("unit")
ROLES = sorted(RULES.roles)
POOL_KINDS = ("provider", "offer", "mediator", "mediator_booking", "hours_entry")


users = st.builds(
    lambda name, roles, units: User(name, tuple(roles), tuple(units)),
    st.sampled_from(["a", "b", "c"]),
    st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True),
    st.lists(st.sampled_from(UNITS), min_size=0, max_size=3, unique=True),
)
record_fields = st.fixed_dictionaries(
    {"unit": st.sampled_from([*UNITS, ""]), "name": st.just("x")},
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    user=users,
    kind=st.sampled_from(POOL_KINDS),
    before=st.one_of(st.none(), record_fields),
    after=st.one_of(st.none(), record_fields),
)
def test_who_may_write_and_read_the_directory_and_the_pool_is_what_the_policy_says(
    user, kind, before, after
):
    if before is None and after is None:
        return
    gate_agrees(POLICY, RULES, user, kind, before, after)


# --- through a real server ------------------------------------------------------------------


def _offer() -> Offer:
    return Offer(
        provider_id=new_id(),
        name="Migrationsberatung",
        topics=["residence"],
        places=[OfferPlace(location="dez_nebra")],
        verified_on=dt.date.today(),
    )


def _create(dev, record, fields=None):
    f = fields or codec.encode(record)
    rid = f.pop("id")
    answer = dev.push([dev.op(codec.kind_of(record), rid, "create", f)])
    assert answer.status_code == 200, answer.text
    return answer.json()["results"][0]


def test_the_directory_is_kept_by_coordination_and_read_by_everybody(make_device):
    caseworker = make_device("cw.user", roles=["caseworker"], units=["integration"])
    reception = make_device("rez.user", roles=["reception"], units=["reception"])
    coordination = make_device("ko.user", roles=["coordination"], units=["coordination"])
    provider = Provider(name="Caritas Burgenlandkreis")
    offer = _offer()
    offer.provider_id = provider.id  # an offer names a provider the directory holds
    assert _create(caseworker, provider)["status"] == "rejected"
    assert _create(caseworker, offer)["status"] == "rejected"
    assert _create(coordination, provider)["status"] == "applied"
    assert _create(coordination, offer)["status"] == "applied"
    for dev in (caseworker, reception):
        assert offer.id in {r["id"] for r in dev.pull_all() if r["kind"] == "offer"}


def test_the_pool_is_seen_by_volunteering_and_coordination_and_bookings_by_the_asking_unit(
    make_device,
):
    integration = make_device("int.user", roles=["caseworker"], units=["integration"])
    jobcenter = make_device("jc.user", roles=["caseworker"], units=["jobcenter"])
    volunteering = make_device("eh.user", roles=["caseworker"], units=["volunteering"])
    coordination = make_device("ko.user", roles=["coordination"], units=["coordination"])
    mediator = Mediator("Haidari", "Zahra", languages=[MediatorLanguage("prs", "native")])
    assert _create(integration, mediator)["status"] == "rejected"
    assert _create(volunteering, mediator)["status"] == "applied"
    booking = MediatorBooking(
        language="prs",
        starts_at=dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=7),
        unit="integration",
    )
    assert _create(jobcenter, booking)["status"] == "rejected"  # not jobcenter's to ask for
    assert _create(integration, booking)["status"] == "applied"
    # The pool's unit books the mediator on the integration unit's booking (share, write).
    booked = volunteering.push(
        [
            volunteering.op(
                "mediator_booking",
                booking.id,
                "update",
                {
                    "mediator_id": mediator.id,
                    "mediator_name": mediator.display_name,
                    "status": "booked",
                },
            )
        ]
    ).json()["results"][0]
    assert booked["status"] == "applied", booked
    seen = [{r["id"] for r in dev.pull_all()} for dev in (integration, jobcenter, coordination)]
    assert booking.id in seen[0] and mediator.id not in seen[0]
    assert booking.id not in seen[1] and mediator.id not in seen[1]
    assert {booking.id, mediator.id} <= seen[2]
