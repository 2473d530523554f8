"""The directory of offers from the laptop's store, ready to rank: :class:`casefile.offers.Index`.

The whole directory is synced read-only to every laptop (category ``directory``); search runs
in memory over the index, so it is fast and works offline. Loading reads the offer and provider
tables once (a few thousand rows) and decodes them with :mod:`casefile.codec`.

Database work: call it through the UI's operation layer (desktop.ui.ops), never on the UI
thread.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from casefile import codec
from casefile.offers import Index
from casefile.records import Offer, Provider
from desktop.store import schema as t


def load_offers(engine: Engine) -> tuple[list[Offer], dict[str, Provider]]:
    """Every offer (active or not) and the providers by id."""
    with engine.connect() as conn:
        providers = {
            r.id: codec.decode(Provider, dict(r._mapping)) for r in conn.execute(select(t.provider))
        }
        offers = [codec.decode(Offer, dict(r._mapping)) for r in conn.execute(select(t.offer))]
    return offers, providers


def load_index(engine: Engine) -> Index:
    """The search index over the store's directory (providers' names included in the words)."""
    offers, providers = load_offers(engine)
    return Index.build(offers, {pid: p.name for pid, p in providers.items()})
