"""The directory of offers in the laptop's store (desktop/store/offers.py): read into the ranked
index, written by maintainers with their outbox entries, never deleted -- and synced through the
real server to another laptop, which is the only way a caseworker's laptop gets it."""

import datetime as dt

import orjson
import pytest

from casefile import validation
from casefile.offers import Need
from casefile.records import Offer, OfferHours, OfferLanguage, OfferPlace, Provider
from demodata.offers import directory as demo_directory
from desktop.store import changes, offers

TODAY = dt.date.today()


def provider(name="Caritasverband Naumburg") -> Provider:
    return Provider(name=name, phone="03445 123 45")


def offer(provider_id: str, name="Migrationsberatung", **kw) -> Offer:
    base = dict(
        topics=["residence"],
        languages=[OfferLanguage("de"), OfferLanguage("ar")],
        places=[OfferPlace(location="dez_nebra")],
        hours=[OfferHours("FREQ=WEEKLY;BYDAY=TU,TH", "09:00", "12:00")],
        verified_on=TODAY - dt.timedelta(days=10),
        verified_by="k.koord",
    )
    base.update(kw)
    return Offer(provider_id, name, **base)


def test_the_demo_directory_loads_into_the_index(store):
    offers.seed(store.engine, demo_directory(TODAY))
    d = offers.load(store)
    assert len(d.offers) == 35 and d.providers
    hits = d.index.search(Need("residence", "ar", "dez_nebra"), TODAY)
    assert hits[0].language_fit == "spoken" and hits[0].distance_km == pytest.approx(0, abs=1)
    assert d.provider_name(hits[0].offer.provider_id).startswith("Caritas")


def test_a_new_provider_and_offer_are_stored_with_their_outbox_entries(store):
    p = provider()
    o = offer(p.id)
    with changes.recording() as log:
        offers.save_provider(store, p)
        offers.save_offer(store, o)
    assert {"offer", "provider"} <= log.changes().kinds
    sent = [(e["kind"], e["op"], e["record_id"]) for e in store.outbox()]
    assert sent == [("provider", "create", p.id), ("offer", "create", o.id)]
    assert offers.load(store).offers[o.id] == o


def test_an_edit_sends_only_what_changed(store):
    p = provider()
    o = offer(p.id)
    offers.save_provider(store, p)
    offers.save_offer(store, o)
    seen = offers.snapshot(store, Offer, o.id)
    edited = seen.record
    edited.name = "Migrationsberatung für Erwachsene"
    edited.hours = [OfferHours("FREQ=WEEKLY;BYDAY=WE", "13:00", "16:00")]
    assert offers.save_offer(store, edited, seen) == ["hours", "name"]
    last = store.outbox()[-1]
    assert last["op"] == "update" and set(orjson.loads(last["payload"])) == {"hours", "name"}
    assert offers.save_offer(store, edited, offers.snapshot(store, Offer, o.id)) == []


def test_a_field_left_alone_is_not_overwritten_when_sync_changed_it(store):
    """The form loaded the offer; a pull then changed its phone; the user edits the name:
    the pulled phone stays."""
    from sqlalchemy import update

    from desktop.store import schema as t

    p = provider()
    o = offer(p.id, phone="03445 1")
    offers.save_provider(store, p)
    offers.save_offer(store, o)
    seen = offers.snapshot(store, Offer, o.id)
    with store.engine.begin() as conn:  # as a pulled change
        conn.execute(update(t.offer).where(t.offer.c.id == o.id).values(phone="03445 2"))
    mine = seen.record
    mine.name = "Neuer Name"
    offers.save_offer(store, mine, seen)
    stored = offers.load(store).offers[o.id]
    assert stored.name == "Neuer Name" and stored.phone == "03445 2"


def test_bad_input_is_refused_in_german_and_nothing_is_written(store):
    p = provider()
    offers.save_provider(store, p)
    bad = offer(p.id, places=[OfferPlace()], hours=[OfferHours("jeden Dienstag")], topics=[])
    with pytest.raises(validation.ValidationError) as caught:
        offers.save_offer(store, bad)
    fields = {e.field for e in caught.value.errors}
    assert {"places", "hours", "topics"} <= fields
    texts = [e.message for e in caught.value.errors]
    assert any("Ort Nr. 1" in x for x in texts) and any("Zeit Nr. 1" in x for x in texts)
    assert [e["kind"] for e in store.outbox()] == ["provider"]
    with pytest.raises(validation.ValidationError):
        offers.save_offer(store, offer("no-such-provider"))


def test_deactivated_offers_stay_in_the_store_and_leave_the_search(store):
    p = provider()
    o = offer(p.id)
    offers.save_provider(store, p)
    offers.save_offer(store, o)
    seen = offers.snapshot(store, Offer, o.id)
    gone = seen.record
    gone.active = False
    assert offers.save_offer(store, gone, seen) == ["active"]
    d = offers.load(store)
    assert o.id in d.offers and not d.offers[o.id].active
    assert d.index.search(Need("residence"), TODAY) == []
    assert [x.id for x in d.inactive()] == [o.id]
    assert all(e["op"] != "delete" for e in store.outbox())


def test_verify_records_who_checked_it_today():
    o = offer("p", verified_on=None, verified_by="")
    offers.verify(o, "k.koord", TODAY)
    assert (o.verified_on, o.verified_by) == (TODAY, "k.koord")


def test_a_maintainers_edit_reaches_a_caseworkers_laptop(make_device):
    """Coordination keeps the directory; the integration caseworker's laptop receives every
    change with its next sync -- and not the other way round (the server refuses)."""
    from desktop.sync import state

    coord = make_device("coordination", user="k.koord", units=["coordination"])
    field = make_device("field", user="i.integration", units=["integration"])
    p = provider()
    o = offer(p.id)
    offers.save_provider(coord.store, p)
    offers.save_offer(coord.store, o)
    assert coord.sync().rejected == 0
    field.sync()
    assert offers.load(field.store).offers[o.id].name == "Migrationsberatung"

    seen = offers.snapshot(coord.store, Offer, o.id)
    edited = seen.record
    edited.name = "MBE Nebra"
    offers.verify(edited, "k.koord", TODAY)
    offers.save_offer(coord.store, edited, seen)
    coord.sync()
    with changes.recording() as log:
        field.sync()
    assert "offer" in log.changes().kinds  # what the open views reload on
    got = offers.load(field.store).offers[o.id]
    assert (got.name, got.verified_on) == ("MBE Nebra", TODAY)

    # The caseworker's own edit of the directory goes nowhere: the server refuses it.
    theirs = offers.snapshot(field.store, Offer, o.id)
    changed = theirs.record
    changed.name = "Umbenannt"
    offers.save_offer(field.store, changed, theirs)
    assert field.sync().rejected == 1
    [refused] = state.rejections(field.store.engine)
    assert refused.reason == "forbidden"
    coord.sync()
    assert offers.load(coord.store).offers[o.id].name == "MBE Nebra"
