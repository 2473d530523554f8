"""A real sync server process and laptops for the group-session tests (issue 20): the
server's database with its users, and :class:`Laptop` -- an encrypted store registered with
the server, as desktop.app sets one up (the one of issue 19's end-to-end test)."""

from __future__ import annotations

import datetime as dt
import functools
import types
from pathlib import Path

from casefile import groups
from casefile.records import Client, GroupSession, LanguageSkill
from tests.desktop.test_verweisberatung_end_to_end import Laptop
from tests.server import helpers
from tests.server.helpers import PASSWORD, cli, running_server

__all__ = ["Laptop", "make_server", "people", "wohnschulung"]


def make_server(tmp_path: Path, monkeypatch, users) -> types.SimpleNamespace:
    """The server's database with *users* ((login, role, unit, display name), ...) and
    ``up()``: a context manager running ``serve`` on it, always on the same port."""
    url = f"sqlite:///{tmp_path / 'server.sqlite'}"
    for user, role, unit, name in users:
        cli(
            *("create-user", user, "--role", role, "--unit", unit, "--display-name", name),
            url=url,
            stdin=PASSWORD + "\n",
        )
    port = helpers.free_port()
    monkeypatch.setattr(helpers, "free_port", lambda: port)
    return types.SimpleNamespace(
        up=functools.partial(running_server, url, tmp_path / "server.log"), url=url
    )


FAMILIES = ("Haddad", "Ahmadi", "Rahimi", "Kovalenko", "Nazari", "Hussaini", "Osman", "Saleh")
GIVEN = ("Rami", "Zahra", "Farid", "Olena", "Maryam", "Ali", "Amina", "Yusuf", "Leyla")


def people(n: int, languages=("ar",)) -> list[Client]:
    """*n* distinct clients (no two alike: the duplicate check must not merge them)."""
    return [
        Client(
            FAMILIES[i % len(FAMILIES)],
            GIVEN[i % len(GIVEN)],
            birth_date=dt.date(1970 + i, 1 + i % 12, 1 + i % 28),
            languages=[LanguageSkill(languages[i % len(languages)], False)],
        )
        for i in range(n)
    ]


def wohnschulung(start: dt.datetime, **kw) -> GroupSession:
    fields = dict(
        unit="integration",
        title="Wohnschulung",
        topic="housing",
        starts_at=start,
        location="dez_nebra",
        duration_min=120,
        languages=["ar", "prs"],
        facilitator="k.wagner",
    )
    fields.update(kw)
    return groups.one_off(**fields)
