"""Where a unit's walk-ins wait ([rooms] of resources/queue/rules.toml): read, shown on the
ticket, and a wrong entry named with the file."""

from __future__ import annotations

import pytest

from casefile import queue


def test_the_shipped_rooms_are_read():
    rules = queue.default_rules()
    assert rules.room("lra_naumburg", "asylblg") == "Raum 1.11, 1. OG"
    assert rules.room("lra_naumburg", "reception") == ""  # not listed: no room
    assert rules.room("lra_zeitz", "abh") == ""


@pytest.mark.parametrize(
    "rooms, says",
    [
        ({"mond": {"abh": "Raum 1"}}, "unbekannter Standort"),
        ({"lra_zeitz": {"nobody": "Raum 1"}}, "bekannte Einheit"),
        ({"lra_zeitz": {"abh": "x" * 61}}, "höchstens 60"),
        ({"lra_zeitz": {"abh": 12}}, "kurzer Text"),
    ],
)
def test_a_wrong_room_entry_is_refused_with_its_place(rooms, says):
    data = {"route": [{"concern": c, "unit": "integration"} for c in _concerns()]}
    with pytest.raises(queue.RulesError, match=says):
        queue.Rules.from_dict({**data, "rooms": rooms}, "rules.toml")


def _concerns():
    from casefile import catalogs

    return sorted(catalogs.load("walk_in_concern").codes)
