"""Birth places through the gazetteer: exonyms, former names and scripts name one place."""

import datetime as dt

import pytest

from casefile.matcher import Person, compare
from casefile.places import GAZETTEER, Gazetteer, GazetteerError, gazetteer, same_place


@pytest.mark.parametrize(
    "a, b",
    [
        ("Danzig", "Gdańsk"),  # German exonym / local name
        ("Kronstadt", "Brasov"),  # exonym / local name without diacritics
        ("Antep", "Gaziantep"),
        ("Aleppo", "حلب"),  # original script
        ("Kiew", "Київ"),
        ("Lemberg", "Lviv"),
        ("Charkiw", "Kharkiv"),  # transliteration (caught without the gazetteer too)
    ],
)
def test_spellings_of_one_place_are_the_same_place(a, b):
    assert same_place(a, b) and same_place(b, a)


@pytest.mark.parametrize(
    "a, b",
    [("Aleppo", "Damaskus"), ("Danzig", "Krakau"), ("Kiew", "Charkiw"), ("Kobane", "Qamischli")],
)
def test_different_places_are_different(a, b):
    assert not same_place(a, b)


def test_the_shipped_gazetteer_is_well_formed_and_covers_the_origin_countries():
    g = Gazetteer.load(GAZETTEER)
    countries = set(g.country_of)
    assert {
        "SYR",
        "UKR",
        "AFG",
        "TUR",
        "ROU",
        "POL",
        "IRQ",
        "ERI",
        "RUS",
        "IRN",
        "SOM",
        "BGR",
    } <= countries
    assert len(g) == len(gazetteer()) > 300


def test_a_malformed_gazetteer_names_file_and_line():
    with pytest.raises(GazetteerError, match=r"orte.txt, Zeile 3: .*zwei Schreibweisen"):
        Gazetteer(["# places", "[SYR]", "Aleppo"], "orte.txt")
    with pytest.raises(GazetteerError, match=r"Zeile 1: Ländercode"):
        Gazetteer(["[Syrien]"], "orte.txt")


def test_a_missing_gazetteer_falls_back_to_spelling_similarity(tmp_path):
    g = Gazetteer.load(tmp_path / "none.txt")
    assert len(g) == 0 and not g.ids("Danzig")


def _person(place: str, given: str = "Halina") -> Person:
    return Person(
        id=place + given,
        given_names=given,
        family_name="Wróbel",
        birth_date=dt.date(1987, 1, 1),
        sex="f",
        nationalities=("POL",),
        birth_place=place,
    )


def test_an_exonym_counts_as_the_same_birth_place_and_a_different_place_counts_against():
    same = compare(_person("Stettin"), _person("Szczecin"))
    other = compare(_person("Stettin"), _person("Lublin"))
    assert "gleicher Geburtsort" in same.reasons
    assert "verschiedene Geburtsorte" in other.reasons
    assert same.score - other.score >= 4.0
