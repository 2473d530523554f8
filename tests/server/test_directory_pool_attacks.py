"""The directory and the mediators' pool against a hostile or hurried user (issue 19), on a
real server (SQLite and PostgreSQL as the fixtures give).

What the issue and the policy file say: the directory is kept by the ``[directory]``
maintainers only -- on every path, also where a write takes an id for good; a referral names an
offer, an offer its provider, a booking and an hours entry a mediator of the pool, a mediator
his or her own client file: links to records the server holds, never to nothing or to a record
of another kind; the pool's unit works another unit's bookings (``[[share]] write = true``) but
does not give them to a third unit; a booking is the client's (erased with the file, in the
Art. 15 export), the pool entry of a mediator who is also a client is not; bookings and hours
go by their own date under ``[retention]``.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from casefile import codec
from casefile.ids import new_id
from casefile.policy import Policy
from casefile.records import (
    HoursEntry,
    Mediator,
    MediatorBooking,
    MediatorLanguage,
    Offer,
    OfferPlace,
    Provider,
)
from tests.server.helpers import valid_fields
from tests.server.oracle import Rules, User, catalog_codes

RULES, POLICY = Rules(), Policy.load()
UNITS = catalog_codes("unit")


def _push(dev, kind, rid, op="create", fields=None):
    answer = dev.push([dev.op(kind, rid, op, fields or {})])
    assert answer.status_code == 200, answer.text
    return answer.json()["results"][0]


def _create(dev, record):
    fields = codec.encode(record)
    rid = fields.pop("id")
    return _push(dev, codec.kind_of(record), rid, "create", fields)


def _people(make_device):
    return (
        make_device("int.user", roles=["caseworker"], units=["integration"]),
        make_device("jc.user", roles=["caseworker"], units=["jobcenter"]),
        make_device("eh.user", roles=["caseworker"], units=["volunteering"]),
        make_device("ko.user", roles=["coordination"], units=["coordination"]),
    )


def _offer(provider_id: str, **kw) -> Offer:
    return Offer(
        provider_id=provider_id,
        name=kw.pop("name", "Migrationsberatung"),
        topics=["residence"],
        places=[OfferPlace(location="dez_nebra")],
        verified_on=dt.date.today(),
        **kw,
    )


def _booking(client_id: str | None, unit: str = "integration", **kw) -> MediatorBooking:
    return MediatorBooking(
        language="prs",
        starts_at=dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=7),
        unit=unit,
        client_id=client_id,
        **kw,
    )


def test_nobody_but_the_maintainers_takes_an_offer_id_by_deleting_it_first(make_device):
    """A delete of an id the server never held leaves a tombstone that blocks that id for
    good. HSDS ids are public (the county's file, the web pages' anchors), so a caseworker's
    "delete" of the id an import is about to bring must be refused like a create would be --
    else the import fails with "dieser Eintrag wurde im Verzeichnis gelöscht"."""
    integration, _jc, _eh, coordination = _people(make_device)
    provider = Provider(name="Caritas Burgenlandkreis")
    offer = _offer(provider.id)
    squat = _push(integration, "offer", offer.id, "delete")
    assert (squat["status"], squat["reason"]) == ("rejected", "forbidden")
    squat = _push(integration, "provider", provider.id, "delete")
    assert (squat["status"], squat["reason"]) == ("rejected", "forbidden")
    assert _create(coordination, provider)["status"] == "applied"
    assert _create(coordination, offer)["status"] == "applied"
    # The maintainers' own deletes of unknown ids still leave the tombstone (restore case).
    gone = new_id()
    assert _push(coordination, "offer", gone, "delete")["status"] == "applied"
    late = _create(coordination, _offer(provider.id, id=gone))
    assert (late["status"], late["reason"]) == ("rejected", "deleted")
    # A task (case coordination, written by master-data roles) as before.
    assert _push(integration, "task", new_id(), "delete")["status"] == "applied"


def test_links_name_records_of_their_kind_that_the_server_holds(make_device):
    integration, _jc, volunteering, coordination = _people(make_device)
    cid = new_id()
    assert _push(integration, "client", cid, "create", valid_fields("client"))["status"] == (
        "applied"
    )
    provider = Provider(name="Diakonie")
    offer, retired = _offer(provider.id), _offer(provider.id, name="Alt")
    # Provider and offer in one batch, in that order: the offer's provider is there.
    batch = [
        coordination.op(codec.kind_of(r), r.id, "create", {**codec.encode(r)})
        for r in (provider, offer, retired)
    ]
    assert [r["status"] for r in coordination.push(batch).json()["results"]] == ["applied"] * 3
    assert _push(coordination, "offer", retired.id, "delete")["status"] == "applied"
    orphan = _create(coordination, _offer(new_id(), name="Ohne Träger"))
    assert (orphan["status"], orphan["reason"]) == ("rejected", "invalid_value")
    assert "provider_id" in orphan["detail"]

    def referral(offer_id):
        fields = valid_fields("referral", cid, target_kind="offer", offer_id=offer_id)
        return _push(integration, "referral", new_id(), "create", fields)

    for bad in (new_id(), cid, provider.id, offer.id.upper()):
        answer = referral(bad)
        assert (answer["status"], answer["reason"]) == ("rejected", "invalid_value"), bad
    assert referral(offer.id)["status"] == "applied"
    # An offer retired after the (offline) referral was made: the referral stands.
    assert referral(retired.id)["status"] == "applied"
    # An update that changes the link is checked too; one that leaves it alone is not.
    rid = new_id()
    fields = valid_fields("referral", cid, target_kind="offer", offer_id=offer.id)
    assert _push(integration, "referral", rid, "create", fields)["status"] == "applied"
    moved = _push(integration, "referral", rid, "update", {"offer_id": new_id()})
    assert moved["status"] == "rejected"
    assert _push(integration, "referral", rid, "update", {"feedback": "war da"})["status"] == (
        "applied"
    )

    mediator = Mediator("Haidari", "Zahra", languages=[MediatorLanguage("prs", "native")])
    ghost_client = Mediator(
        "Ahmadi", "Farid", languages=[MediatorLanguage("fa", "native")], own_client_id=new_id()
    )
    assert _create(volunteering, mediator)["status"] == "applied"
    assert _create(volunteering, ghost_client)["status"] == "rejected"
    booking = _booking(cid)
    assert _create(integration, booking)["status"] == "applied"
    for fields in (
        {"mediator_id": new_id(), "status": "booked"},
        {"mediator_id": cid, "status": "booked"},
    ):
        answer = _push(volunteering, "mediator_booking", booking.id, "update", fields)
        assert (answer["status"], answer["reason"]) == ("rejected", "invalid_value"), fields
    booked = {"mediator_id": mediator.id, "mediator_name": "Zahra Haidari", "status": "booked"}
    assert _push(volunteering, "mediator_booking", booking.id, "update", booked)["status"] == (
        "applied"
    )
    hours = HoursEntry(
        mediator_id=mediator.id, worked_on=dt.date.today(), minutes=75, unit="integration"
    )
    for wrong in ({"mediator_id": new_id()}, {"booking_id": new_id()}, {"booking_id": cid}):
        fields = {**codec.encode(hours), **wrong}
        answer = _push(volunteering, "hours_entry", new_id(), "create", fields)
        assert answer["status"] == "rejected", wrong
    fields = {**codec.encode(hours), "booking_id": booking.id}
    assert _push(volunteering, "hours_entry", hours.id, "create", fields)["status"] == "applied"


def test_the_pool_unit_books_for_a_unit_but_does_not_hand_its_booking_to_another(make_device):
    integration, jobcenter, volunteering, _ko = _people(make_device)
    cid = new_id()
    _push(integration, "client", cid, "create", valid_fields("client"))
    booking = _booking(cid, note="Termin wegen Kindeswohl")
    assert _create(integration, booking)["status"] == "applied"
    for dev in (volunteering, integration):
        moved = _push(dev, "mediator_booking", booking.id, "update", {"unit": "jobcenter"})
        assert (moved["status"], moved["reason"]) == ("rejected", "forbidden")
    assert booking.id not in {c["id"] for c in jobcenter.pull_all()}
    # Working it is the pool unit's: a note, the status.
    work = _push(volunteering, "mediator_booking", booking.id, "update", {"note": "angefragt"})
    assert work["status"] == "applied"
    # A user of both units may hand it on (the owner decides).
    both = make_device("beide", roles=["caseworker"], units=["integration", "jobcenter"])
    handed = _push(both, "mediator_booking", booking.id, "update", {"unit": "jobcenter"})
    assert handed["status"] == "applied"
    assert booking.id in {c["id"] for c in jobcenter.pull_all()}


def test_a_booking_is_the_clients_and_the_pool_entry_is_the_mediators(make_device, erase, service):
    """The Art. 15 export of a client holds his or her bookings (with the mediator's name, no
    more of the mediator); erasing the file erases the bookings; a mediator who is a client
    too keeps the pool entry (it is not part of that file); the answers other units get
    carry nothing of the booking."""
    integration, jobcenter, volunteering, _ko = _people(make_device)
    admin = make_device("dsb", roles=["administrator"], units=[])
    cid, own = new_id(), new_id()
    _push(integration, "client", cid, "create", valid_fields("client"))
    _push(integration, "client", own, "create", valid_fields("client", given_names="Zahra"))
    mediator = Mediator(
        "Haidari",
        "Zahra",
        languages=[MediatorLanguage("prs", "native")],
        own_client_id=own,
        phone="0151 2345678",
        address="Am Markt 1, 06618 Naumburg",
    )
    assert _create(volunteering, mediator)["status"] == "applied"
    booking = _booking(cid, note="Gespräch Integrationskurs")
    assert _create(integration, booking)["status"] == "applied"
    booked = {"mediator_id": mediator.id, "mediator_name": "Zahra Haidari", "status": "booked"}
    assert _push(volunteering, "mediator_booking", booking.id, "update", booked)["status"] == (
        "applied"
    )
    # Another unit learns nothing of it, whatever it pushes under its id.
    for op, kind in (("create", "task"), ("update", "mediator_booking")):
        fields = valid_fields("task", cid) if kind == "task" else {"note": "x"}
        answer = jobcenter.push([jobcenter.op(kind, booking.id, op, fields)])
        assert "Integrationskurs" not in answer.text and "Haidari" not in answer.text
    export = admin.client.get(f"/api/v1/clients/{cid}/export", headers=admin.headers)
    assert export.status_code == 200, export.text
    records = export.json()["records"]
    assert [b["id"] for b in records["mediator_booking"]] == [booking.id]
    assert "mediator" not in records
    assert "0151 2345678" not in export.text and "Am Markt 1" not in export.text
    assert erase(cid).status_code == 200
    assert erase(own).status_code == 200
    changes = {c["id"]: c for c in volunteering.pull_all()}
    assert changes[booking.id]["deleted"]
    assert not changes[mediator.id]["deleted"]
    assert changes[mediator.id]["fields"]["family_name"] == "Haidari"
    # ... without the link to the erased file: that she was a client went with it, and
    # nothing links to that file again.
    assert changes[mediator.id]["fields"]["own_client_id"] is None
    again = _push(volunteering, "mediator", mediator.id, "update", {"own_client_id": own})
    assert (again["status"], again["reason"]) == ("rejected", "invalid_value")


def test_bookings_and_hours_go_by_their_own_date(make_device, service):
    from sync_server import retention

    integration, _jc, volunteering, _ko = _people(make_device)
    own = new_id()
    _push(integration, "client", own, "create", valid_fields("client"))
    mediator = Mediator(
        "Haidari", "Zahra", languages=[MediatorLanguage("prs", "native")], own_client_id=own
    )
    assert _create(volunteering, mediator)["status"] == "applied"
    booking = _booking(None)
    assert _create(integration, booking)["status"] == "applied"
    hours = HoursEntry(
        mediator_id=mediator.id, worked_on=dt.date.today(), minutes=60, unit="integration"
    )
    assert _create(volunteering, hours)["status"] == "applied"
    keep = service.policy.retention
    today = dt.date.today()
    # Past the booking's period, within the hours'.
    retention.run(
        service.db, service.policy, today=today + dt.timedelta(days=keep["mediator_booking"] + 8)
    )
    changes = {c["id"]: c for c in volunteering.pull_all()}
    assert changes[booking.id]["deleted"] and not changes[hours.id]["deleted"]
    assert not changes[mediator.id]["deleted"]
    retention.run(
        service.db, service.policy, today=today + dt.timedelta(days=keep["hours_entry"] + 1)
    )
    changes = {c["id"]: c for c in volunteering.pull_all()}
    assert changes[hours.id]["deleted"] and changes[hours.id]["fields"] == {}
    # The mediator's own file ran out with them: the pool entry stays, the link goes.
    assert changes[own]["deleted"] and not changes[mediator.id]["deleted"]
    assert changes[mediator.id]["fields"]["own_client_id"] is None


def test_who_asked_referred_and_reviewed_is_the_token_s_user_not_a_typed_name(make_device):
    integration, _jc, volunteering, _ko = _people(make_device)
    cid = new_id()
    _push(integration, "client", cid, "create", valid_fields("client"))
    booking = _booking(cid, requested_by="chefin")
    assert _create(integration, booking)["record"]["fields"]["requested_by"] == "int.user"
    fields = valid_fields("referral", cid, referred_by="chefin")
    made = _push(integration, "referral", new_id(), "create", fields)
    assert made["record"]["fields"]["referred_by"] == "int.user"
    mediator = Mediator("Haidari", "Zahra", languages=[MediatorLanguage("prs", "native")])
    assert _create(volunteering, mediator)["status"] == "applied"
    hours = HoursEntry(
        mediator_id=mediator.id, worked_on=dt.date.today(), minutes=60, unit="integration"
    )
    made = _create(integration, hours)
    assert made["status"] == "applied" and made["record"]["fields"]["reviewed_by"] == ""
    answer = _push(volunteering, "hours_entry", hours.id, "update", {"status": "reviewed"})
    assert answer["status"] == "applied", answer
    assert answer["record"]["fields"]["reviewed_by"] == "eh.user", answer
    answer = _push(volunteering, "hours_entry", hours.id, "update", {"reviewed_by": "chefin"})
    assert answer["record"]["fields"]["reviewed_by"] == "eh.user", answer


def test_the_unit_that_asked_records_hours_and_the_pool_unit_reviews_and_pays_them(
    make_device,
):
    """Four eyes on the allowance list: the asking unit records its mediator's hours; it
    neither marks them reviewed or paid nor changes them once reviewed -- a caseworker had
    recorded 10,000 EUR as paid for one hour."""
    integration, _jc, volunteering, coordination = _people(make_device)
    mediator = Mediator("Haidari", "Zahra", languages=[MediatorLanguage("prs", "native")])
    assert _create(volunteering, mediator)["status"] == "applied"

    def hours(**kw):
        kw.setdefault("allowance_cents", 1500)
        return HoursEntry(
            mediator_id=mediator.id, worked_on=dt.date.today(), minutes=60, unit="integration", **kw
        )

    for forged in (
        hours(status="paid", allowance_cents=1_000_000),
        hours(status="reviewed"),
        hours(reviewed_by="s.fischer"),
        hours(paid_on=dt.date.today()),
    ):
        answer = _create(integration, forged)
        assert (answer["status"], answer["reason"]) == ("rejected", "forbidden"), forged
    entry = hours()
    assert _create(integration, entry)["status"] == "applied"
    fix = _push(integration, "hours_entry", entry.id, "update", {"minutes": 75})
    assert fix["status"] == "applied"  # still the recorder's to correct
    for dev in (integration, coordination):
        answer = _push(dev, "hours_entry", entry.id, "update", {"status": "reviewed"})
        assert answer["status"] == "rejected", dev
    assert (
        _push(volunteering, "hours_entry", entry.id, "update", {"status": "reviewed"})["status"]
        == "applied"
    )
    for change in ({"allowance_cents": 900_000}, {"minutes": 600}):
        answer = _push(integration, "hours_entry", entry.id, "update", change)
        assert (answer["status"], answer["reason"]) == ("rejected", "forbidden"), change
    assert _push(integration, "hours_entry", entry.id, "delete")["status"] == "rejected"
    paid = {"status": "paid", "paid_on": dt.date.today().isoformat()}
    assert _push(volunteering, "hours_entry", entry.id, "update", paid)["status"] == "applied"


class _Subject:
    def __init__(self, user: User):
        self.roles, self.units = tuple(user.roles), tuple(user.units)


_hours_state = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(["integration", "jobcenter", "volunteering", ""]),
        "status": st.sampled_from(["recorded", "reviewed", "paid", None]),
        "reviewed_by": st.sampled_from(["", "s.fischer", None]),
        "paid_on": st.sampled_from([None, "2026-12-01"]),
        "minutes": st.sampled_from([60, 75]),
    }
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    user=st.builds(
        lambda roles, units: User("u", tuple(roles), tuple(units)),
        st.lists(st.sampled_from(sorted(RULES.roles)), min_size=1, max_size=2, unique=True),
        st.lists(st.sampled_from(UNITS), max_size=3, unique=True),
    ),
    kind=st.sampled_from(["hours_entry", "mediator_booking", "mediator"]),
    before=st.one_of(st.none(), _hours_state),
    after=st.one_of(st.none(), _hours_state),
)
def test_who_records_reviews_and_hands_on_pool_records_is_what_the_policy_says(
    user, kind, before, after
):
    """The server's write gate against the oracle read from the policy file: random users,
    pool records moving between units and between recorded, reviewed and paid."""
    if before is None and after is None:
        return
    got = POLICY.write_refusal(_Subject(user), kind, before, after) is None
    assert got == (RULES.write_refusal(user, kind, before, after) is None), (
        user,
        kind,
        before,
        after,
    )


def test_an_import_with_a_nul_or_a_lone_surrogate_is_refused_in_german_and_stores_nothing(
    service,
):
    from casefile import hsds
    from sync_server.offer_directory import ImportRefused, import_directory, read_directory

    for name in ("Caritas\u0000Burgenlandkreis", "Caritas \ud800"):
        org = {"id": str(new_id()), "name": name, "services": []}
        try:
            imported = hsds.import_json([org])
        except hsds.HsdsError as exc:  # refused while reading: as good
            assert exc.messages
            continue
        try:
            import_directory(service, imported)
        except ImportRefused as exc:
            assert "Ungültiger Feldwert" in exc.messages[0] and "Name" in exc.messages[0]
        else:
            raise AssertionError(f"imported {name!r}")
    assert read_directory(service.db) == ([], [])
