"""The stored blocking keys of the duplicate check follow the blocking scheme of casefile."""

from sqlalchemy import func, select

from casefile.dedupe import BLOCK_KEYS_VERSION
from casefile.ids import new_id
from sync_server import schema as t
from sync_server.db import get_meta, set_meta


def _client(given, family):
    return {
        "family_name": family,
        "given_names": given,
        "birth_date": "1990-04-17",
        "birth_date_precision": "exact",
        "sex": "m",
        "nationalities": ["SYR"],
    }


def _keys(service) -> list[str]:
    with service.db.reader.connect() as conn:
        return list(conn.execute(select(t.match_keys.c.key)).scalars())


def test_keys_of_an_older_scheme_are_rebuilt_once_at_start(make_device, service):
    dev = make_device()
    ids = [new_id(), new_id()]
    assert (
        dev.push(
            [
                dev.op("client", ids[0], fields=_client("Ahmad", "Karimi")),
                dev.op("client", ids[1], fields=_client("Ahmed", "Karimi")),
            ]
        ).status_code
        == 200
    )
    service.duplicates.ensure_indexed()
    current = sorted(_keys(service))
    assert current and any(k.startswith("ys:") and k.endswith(":m") for k in current)
    # A server upgraded from an older blocking scheme: other keys, an older version.
    with service.db.writer.begin() as conn:
        conn.execute(t.match_keys.delete())
        conn.execute(t.match_keys.insert(), [{"key": "y:A.HMT:1990", "client_id": i} for i in ids])
        set_meta(conn, "match_keys_version", "1")
    service.duplicates.ensure_indexed()
    assert sorted(_keys(service)) == current
    with service.db.reader.connect() as conn:
        assert get_meta(conn, "match_keys_version") == BLOCK_KEYS_VERSION
        before = conn.execute(select(func.count()).select_from(t.match_keys)).scalar()
    service.duplicates.ensure_indexed()  # current: nothing to do
    assert len(_keys(service)) == before


def test_an_empty_server_records_the_current_scheme(service):
    service.duplicates.ensure_indexed()
    with service.db.reader.connect() as conn:
        assert get_meta(conn, "match_keys_version") == BLOCK_KEYS_VERSION
