"""A person for the matcher tests: one of the registry's Ukrainians unless told otherwise."""

from __future__ import annotations

import datetime as dt

from casefile.matcher import Person

BORN = dt.date(1987, 4, 23)


def person(pid: str, given: str, family: str, birth: dt.date | None, **kw) -> Person:
    return Person(
        id=pid,
        given_names=given,
        family_name=family,
        birth_date=birth,
        sex=kw.pop("sex", "f"),
        nationalities=kw.pop("nationalities", ("UKR",)),
        birth_place=kw.pop("birth_place", "Poltawa"),
        **kw,
    )
