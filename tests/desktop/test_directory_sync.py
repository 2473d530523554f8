"""The directory reaches the laptop in a sync round and serves its pick lists offline
(issue 16, finding 7): fetched only when it changed (304 otherwise), kept in the store."""

import pytest
import requests

from desktop.sync.errors import Offline
from sync_server.auth import lock_user
from sync_server.directory import add_mediator


def test_the_directory_reaches_the_laptop_and_serves_it_offline(make_device, server):
    db = server.state.service.db
    add_mediator(db, "Sanaa Al-Khalil", ["ar"])
    a = make_device("a")
    make_device("b", user="k.wagner", units=["integration", "projects"])
    assert a.store.directory().users == ()  # nothing before the first sync

    report = a.sync()
    assert report.directory_changed
    d = a.store.directory()
    assert d.user("k.wagner").units == ("integration", "projects")
    assert [m.name for m in d.active_mediators("ar")] == ["Sanaa Al-Khalil"]

    # unchanged: one conditional request, answered 304, nothing stored anew
    a.adapter.calls.clear()
    assert not a.sync().directory_changed
    assert ("GET", "/api/v1/directory", 304) in a.adapter.calls

    # a change on the server arrives with the next round
    lock_user(db, "k.wagner")
    add_mediator(db, "Ghada Kurdi", ["ckb"])
    assert a.sync().directory_changed
    d = a.store.directory()
    assert not d.user("k.wagner").active and d.mediator("Ghada Kurdi") is not None

    # offline: the round fails, the laptop's copy stays usable
    def offline(request, phase):
        raise requests.ConnectionError("no network")

    a.adapter.fault = offline
    with pytest.raises(Offline):
        a.sync()
    assert a.store.directory().mediator("Ghada Kurdi") is not None


def test_a_failing_directory_never_fails_the_round(make_device):
    a = make_device("a")

    def refuse_directory(request, phase):
        if phase == "before" and "/directory" in request.url:
            raise requests.ConnectionError("proxy refuses")

    a.adapter.fault = refuse_directory
    report = a.sync()
    assert not report.directory_changed and a.store.directory().users == ()
