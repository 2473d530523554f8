"""The directory of offers loaded from the laptop's store ranks as the records themselves do."""

import datetime as dt

from sqlalchemy import insert

from casefile import codec
from casefile.offers import Index, Need
from casefile.records import Offer, OfferHours, OfferLanguage, OfferPlace, Provider
from desktop.store import schema as t
from desktop.store.offers import load_from

STAMP = "2026-01-01T00:00:00+00:00"


def test_the_index_from_the_store_equals_the_one_from_the_records(store):
    provider = Provider(name="Diakonie Mitteldeutschland")
    offers = [
        Offer(
            provider_id=provider.id,
            name=f"Beratung {n}",
            topics=["housing" if n % 2 else "work"],
            languages=[OfferLanguage("de"), OfferLanguage("ar", "nach Absprache" if n % 3 else "")],
            places=[OfferPlace(location="dez_zeitz" if n % 4 else "lra_naumburg")],
            hours=[OfferHours("FREQ=WEEKLY;BYDAY=TU", "09:00", "12:00")],
            verified_on=dt.date(2026, 1, 1) + dt.timedelta(days=n * 20),
            active=n != 5,
        )
        for n in range(12)
    ]
    with store.engine.begin() as conn:
        conn.execute(insert(t.provider), [{**codec.encode(provider), "created_at": STAMP}])
        conn.execute(insert(t.offer), [{**codec.encode(o), "created_at": STAMP} for o in offers])
    directory = load_from(store.engine)
    loaded = list(directory.offers.values())
    assert sorted(loaded, key=lambda o: o.name) == sorted(offers, key=lambda o: o.name)
    assert directory.providers == {provider.id: provider}
    need = Need(topic="housing", language="ar", location="dez_zeitz", text="diakonie")
    today = dt.date(2026, 12, 1)
    expected = Index.build(offers, {provider.id: provider.name}).search(need, today)
    got = load_from(store.engine).index.search(need, today)
    assert [(h.offer.id, h.score) for h in got] == [(h.offer.id, h.score) for h in expected]
    assert got and all(h.offer.active and "housing" in h.offer.topics for h in got)
