"""One client file per person across devices (sync-design scenario 8 and issue 4).

Real stores and engines against the real server app: the same person registered offline on
two laptops is merged on the server; both laptops end with one file; a note written later
against the old id lands in the survivor; an unmerge brings both files back exactly; "not the
same person" is remembered; two merges of one pair at the same moment end consistently.
"""

import datetime as dt
import threading

import pytest
from sqlalchemy import text

from casefile.records import Identifier
from sync_server.errors import ApiError
from tests.desktop.harness import new_client, new_consultation, notes, server_record


@pytest.fixture(autouse=True)
def duplicate_check(server):
    server.state.service.settings.check_duplicates = True


def notes_of(dev, client_id: str) -> set[str]:
    with dev.store.engine.connect() as conn:
        return set(
            conn.execute(
                text("SELECT note FROM consultation WHERE client_id = :c"), {"c": client_id}
            ).scalars()
        )


def register_twice(a, b):
    """Olena registered offline on A (as Kovalenko) and on B (as Kowalenko), same AZR number,
    each with a first consultation; both sync."""
    azr = "123456789012"
    on_a = new_client(
        "Kovalenko", "Olena", identifiers=[Identifier("azr_number", azr)], birth_place="Kyiv"
    )
    on_b = new_client(
        "Kowalenko", "Olena", identifiers=[Identifier("azr_number", azr)], birth_place="Kiew"
    )
    a.store.create_client(on_a)
    a.store.add_consultation(new_consultation(on_a.id, "Erstgespräch in Naumburg"))
    b.store.create_client(on_b)
    b.store.add_consultation(new_consultation(on_b.id, "Sprechstunde in Zeitz"))
    a.sync()
    b.sync()
    a.sync()
    return on_a, on_b


def test_the_same_person_registered_on_two_laptops_ends_as_one_file_with_every_note(
    make_device, server
):
    a, b = make_device("a"), make_device("b")
    on_a, on_b = register_twice(a, b)
    survivor, merged = sorted((on_a.id, on_b.id))  # the file registered first stays
    assert server_record(server, merged)["fields"]["merged_into"] == survivor
    for dev in (a, b):
        assert dev.store.client_count() == 1
        assert dev.store.get_client(merged) is None
        assert notes_of(dev, survivor) == {"Erstgespräch in Naumburg", "Sprechstunde in Zeitz"}
        assert dev.store.redirect_of(merged)[0] == survivor


def test_a_note_written_offline_on_a_file_merged_meanwhile_lands_in_the_survivor(
    make_device, server
):
    a, b = make_device("a"), make_device("b")
    server.state.service.duplicates.auto_merge = False  # a person merges, below
    on_a, on_b = register_twice(a, b)
    b.sync()
    assert b.store.client_count() == 2
    # Coordination merges at the office while B is out in the field, offline.
    server.state.service.identity.merge(
        on_a.id, on_b.id, by="k.koordination", reason="gleiche AZR-Nummer"
    )
    late = new_consultation(on_b.id, "Nachgespräch, offline auf dem alten Stand")
    b.store.add_consultation(late)
    report = b.sync()
    assert report.rejected == 0
    assert server_record(server, late.id)["fields"]["client_id"] == on_a.id
    a.sync()
    for dev in (a, b):
        assert dev.store.client_count() == 1 and dev.store.redirect_of(on_b.id)[0] == on_a.id
        assert notes_of(dev, on_a.id) == {
            "Erstgespräch in Naumburg",
            "Sprechstunde in Zeitz",
            "Nachgespräch, offline auf dem alten Stand",
        }
        assert len(notes(dev)) == 3


def test_an_unmerge_restores_both_files_and_their_records_exactly(make_device, server):
    a, b = make_device("a"), make_device("b")
    server.state.service.duplicates.auto_merge = False
    on_a, on_b = register_twice(a, b)
    b.sync()
    survivor, merged = on_a.id, on_b.id
    before = {rid: server_record(server, rid)["fields"] for rid in (survivor, merged)}
    identity = server.state.service.identity
    merge = identity.merge(
        survivor,
        merged,
        by="k.koordination",
        reason="gleiche AZR-Nummer",
        keep={"family_name": "Kowalenko"},
    )
    late = new_consultation(merged, "nach der Zusammenführung, für die alte Akte")
    b.store.add_consultation(late)  # offline, on the file it still shows
    b.sync()
    a.sync()
    assert a.store.get_client(survivor).family_name == "Kowalenko"  # the value kept
    identity.unmerge(merge["id"], by="k.koordination")
    for dev in (a, b):
        dev.sync()
        assert dev.store.client_count() == 2 and dev.store.redirect_of(merged) is None
    own = {on_a.id: "Erstgespräch in Naumburg", on_b.id: "Sprechstunde in Zeitz"}
    for dev in (a, b):
        assert notes_of(dev, survivor) == {own[survivor]}
        assert notes_of(dev, merged) == {own[merged], "nach der Zusammenführung, für die alte Akte"}
    after = {rid: server_record(server, rid)["fields"] for rid in (survivor, merged)}
    assert after == before  # master data exactly as before
    (undone,) = identity.history(survivor)
    assert undone["undone_by"] == "k.koordination" and undone["undone_at"]
    # The pair is now "not the same person": a new check proposes nothing.
    found = server.state.service.duplicates.check([survivor, merged])
    assert found["review"] == found["merged"] == 0
    assert identity.queue("open") == []


def test_not_the_same_person_is_remembered(make_device, server):
    a = make_device("a")
    twin1 = new_client(
        "Hassan",
        "Mohammed",
        birth_date=dt.date(1990, 5, 2),
        sex="m",
        nationalities=["SYR"],
        birth_place="Aleppo",
    )
    twin2 = new_client(
        "Al-Hassan",
        "Muhammad",
        birth_date=dt.date(1990, 5, 2),
        sex="m",
        nationalities=["SYR"],
        birth_place="Halab",
    )
    server.state.service.duplicates.auto_merge = False
    a.store.create_client(twin1)
    a.store.create_client(twin2)
    a.sync()
    identity = server.state.service.identity
    (proposed,) = identity.queue("open")
    assert {proposed["left"]["id"], proposed["right"]["id"]} == {twin1.id, twin2.id}
    assert proposed["reasons"] and all(isinstance(r, str) for r in proposed["reasons"])
    identity.mark_distinct(twin1.id, twin2.id, by="k.koordination")
    a.store.update_client(a.store.get_client(twin2.id))  # any later change: checked again
    client = a.store.get_client(twin2.id)
    client.phone = "0151 777"
    a.store.update_client(client)
    a.sync()
    assert identity.queue("open") == [] and a.store.client_count() == 2


def test_two_merges_of_one_pair_at_the_same_moment_end_consistently(make_device, server):
    a, b = make_device("a"), make_device("b")
    server.state.service.duplicates.auto_merge = False
    x = new_client("Kovalenko", "Olena")
    y = new_client("Kowalenko", "Olena")
    a.store.create_client(x)
    a.store.create_client(y)
    a.sync()
    identity = server.state.service.identity
    outcomes = []

    def merge(survivor, merged):
        try:
            outcomes.append(identity.merge(survivor, merged, by="t", reason="Test")["id"])
        except ApiError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=merge, args=p) for p in ((x.id, y.id), (y.id, x.id))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(20)
    assert sorted(o for o in outcomes if o == "client_deleted") == ["client_deleted"]
    for dev in (a, b):
        dev.sync()
        assert dev.store.client_count() == 1
