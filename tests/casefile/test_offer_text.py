"""An offer in German words, as the brochure, the web pages and the slip print it."""

from __future__ import annotations

import datetime as dt

import pytest

from casefile import offer_text as words
from casefile.records import Offer, OfferHours, OfferLanguage, OfferPlace


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("FREQ=WEEKLY;BYDAY=TU,TH", "dienstags und donnerstags"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "montags bis freitags"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,FR", "montags bis mittwochs und freitags"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "alle 2 Wochen mittwochs"),
        ("FREQ=MONTHLY;BYDAY=1MO", "jeden 1. Montag im Monat"),
        ("FREQ=MONTHLY;BYDAY=1TU,3TU", "jeden 1. und 3. Dienstag im Monat"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "jeden letzten Freitag im Monat"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "am 15. jedes Monats"),
        ("FREQ=DAILY", "täglich"),
        ("FREQ=WEEKLY;UNTIL=20270630;BYDAY=SA", "samstags bis 30.06.2027"),
    ],
)
def test_a_rule_in_words(rule, text):
    assert words.rule_text(rule) == text


def test_a_rule_words_cannot_say_is_shown_as_it_is():
    assert words.rule_text("FREQ=YEARLY;BYMONTH=3") is None
    hours = OfferHours("FREQ=YEARLY;BYMONTH=3", "09:00", "12:00")
    assert words.hours_text(hours) == "nach Regel FREQ=YEARLY;BYMONTH=3, 9:00–12:00 Uhr"


def test_hours_places_languages_and_cost_of_an_offer():
    offer = Offer(
        provider_id="p",
        name="Sprachcafé",
        hours=[OfferHours("FREQ=WEEKLY;BYDAY=TU", "14:00", "16:30", "nicht in den Ferien")],
        appointment_only=True,
        languages=[OfferLanguage("de"), OfferLanguage("ar", "mit Sprachmittlung")],
        places=[
            OfferPlace(location="lra_naumburg"),
            OfferPlace("Bürgerhaus", "", "Markt 1", "06642", "Nebra (Unstrut)"),
        ],
        verified_on=dt.date(2026, 3, 1),
        verified_by="Koordination",
    )
    assert words.hours_lines(offer) == [
        "dienstags, 14:00–16:30 Uhr (nicht in den Ferien)",
        "nur mit Termin",
    ]
    assert words.language_text(offer) == "Deutsch, Arabisch (mit Sprachmittlung)"
    assert [words.place_text(p) for p in offer.places] == [
        "Landratsamt Naumburg (Hauptsitz), Schönburger Straße 41, 06618 Naumburg (Saale)",
        "Bürgerhaus, Markt 1, 06642 Nebra (Unstrut)",
    ]
    assert words.cost_text(offer) == "kostenlos"
    assert words.verified_text(offer) == "geprüft am 01.03.2026 von Koordination"


def test_offers_are_grouped_by_topic_in_the_catalogs_order():
    a = Offer("p", "Zweites", topics=["housing", "residence"])
    b = Offer("p", "Erstes", topics=["housing"])
    groups = words.by_topic([a, b])
    assert [(code, label) for code, label, _ in groups] == [
        ("residence", "Aufenthalt"),
        ("housing", "Wohnen"),
    ]
    assert [o.name for o in groups[1][2]] == ["Erstes", "Zweites"]
