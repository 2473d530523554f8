"""What the referral slip says (issue 19, item 2): offer, provider, the address of the place
nearest to the need, hours in words, appointment, phone, what to bring, reason, date, who
referred -- German and the client's language, or German with a note."""

import datetime as dt
import json
from urllib.parse import parse_qs, urlparse

import pytest

from casefile import slip
from casefile.records import Offer, OfferHours, OfferPlace, OfferText, Provider, Referral
from resources import path as resource_path

REQUIRED = ["de", "en", "ar", "fa", "prs", "uk", "ru", "tr", "ti", "so"]
PROVIDER = Provider(
    name="Diakonie Mitteldeutschland", phone="03443 111 22", address="Markt 1, 06712 Zeitz"
)


def offer(**kw) -> Offer:
    base = dict(
        provider_id=PROVIDER.id,
        name="Asylverfahrensberatung",
        topics=["residence"],
        places=[
            OfferPlace(location="lra_naumburg"),
            OfferPlace(location="dez_zeitz"),
            OfferPlace(location="lra_weissenfels"),
        ],
        hours=[OfferHours("FREQ=WEEKLY;BYDAY=TH,TU", "09:00", "12:00")],
        appointment_only=True,
        phone="03443 999 00",
        what_to_bring="Pass, Bescheide",
        translations=[OfferText("ar", what_to_bring="جواز السفر والقرارات")],
    )
    base.update(kw)
    return Offer(**base)


def referral(**kw) -> Referral:
    base = dict(
        client_id="c1",
        target="Asylverfahrensberatung",
        reason="Fragen zum Asylverfahren",
        referred_on=dt.date(2026, 12, 3),
        target_kind="offer",
        language="ar",
        location="dez_zeitz",
        referred_by="a.schneider",
        referring_unit="integration",
    )
    base.update(kw)
    return Referral(**base)


def rows(section) -> dict[str, str]:
    return dict(section.rows)


def test_the_data_file_has_every_text_in_the_required_languages():
    data = json.loads(resource_path("directory", "slip_texts.json").read_text("utf-8"))
    keys = set(data["texts"]["de"])
    for lang in REQUIRED:
        assert set(data["texts"][lang]) == keys, lang
        assert len(data["texts"][lang]["weekdays"]) == 7
        assert all(str(v).strip() for v in data["texts"][lang].values())


def test_german_and_the_clients_language():
    content = slip.content(
        referral(),
        offer(),
        PROVIDER,
        "ar",
        slip.Contact("Anna Schneider", "03445 73-1234", "Raum 0.08"),
    )
    de, ar = content.sections
    assert (de.language, ar.language, ar.rtl) == ("de", "ar", True)
    r = rows(de)
    assert r["Angebot"] == "Asylverfahrensberatung"
    assert r["Träger"] == "Diakonie Mitteldeutschland"
    assert r["Öffnungszeiten"] == "dienstags und donnerstags, 09:00–12:00 Uhr"
    assert r["Telefon"] == "03443 999 00"
    assert r["Bitte mitbringen"] == "Pass, Bescheide"
    assert r["Anliegen"] == "Fragen zum Asylverfahren"
    assert r["Datum"] == "03.12.2026"
    assert r["Verwiesen durch"] == "Sachgebiet Integration, Anna Schneider"
    assert "03445 73-1234" in r["Ihre Ansprechperson"] and "Raum 0.08" in r["Ihre Ansprechperson"]
    assert de.appointment.startswith("Nur mit Termin")
    assert rows(ar)["يرجى إحضار"] == "جواز السفر والقرارات"  # the offer's own translation
    assert "الثلاثاء والخميس" in rows(ar)["أوقات الدوام"]
    assert ar.appointment.startswith("بموعد مسبق فقط")
    assert content.note == ""


def test_the_address_is_that_of_the_place_nearest_to_the_need():
    near_zeitz = slip.content(referral(location="dez_zeitz"), offer(), PROVIDER, "de")
    # a catalog place without a street address: its name, the town not said twice
    assert near_zeitz.address == "Dezentrale Sprechstunde Zeitz (Mehrgenerationenhaus)"
    near_naumburg = slip.content(referral(location="dez_naumburg"), offer(), PROVIDER, "de")
    assert near_naumburg.address == "Schönburger Straße 41, 06618 Naumburg (Saale)"
    own = offer(places=[OfferPlace(address="Altmarkt 3", postal_code="06712", city="Zeitz")])
    assert slip.content(referral(), own, PROVIDER, "de").address == "Altmarkt 3, 06712 Zeitz"
    # no place at all: the provider's address
    assert slip.content(referral(), offer(places=[]), PROVIDER, "de").address == PROVIDER.address


def test_the_qr_code_holds_a_map_search_of_the_address():
    content = slip.content(referral(location="dez_naumburg"), offer(), PROVIDER, "de")
    url = urlparse(content.qr)
    assert url.netloc == "www.openstreetmap.org"
    assert parse_qs(url.query)["query"] == [content.address]


@pytest.mark.parametrize(
    "rule, words",
    [
        ("FREQ=WEEKLY;BYDAY=MO", "montags, 08:00–12:00 Uhr"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "montags, mittwochs und freitags, 08:00–12:00 Uhr"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "dienstags (jede zweite Woche), 08:00–12:00 Uhr"),
        ("FREQ=DAILY", "täglich, 08:00–12:00 Uhr"),
        ("RRULE:FREQ=WEEKLY;BYDAY=SA", "samstags, 08:00–12:00 Uhr"),
    ],
)
def test_hours_in_words(rule, words):
    assert slip.hours_line(OfferHours(rule, "08:00", "12:00"), "de") == words


def test_a_rule_without_words_asks_to_phone():
    monthly = offer(hours=[OfferHours("FREQ=MONTHLY;BYDAY=1WE", "10:00", "12:00")])
    assert slip.hours_lines(monthly, "de") == ["Zeiten bitte telefonisch erfragen."]
    assert slip.hours_lines(monthly, "uk") == ["Будь ласка, уточніть час телефоном."]


def test_a_language_without_texts_gets_german_with_a_note():
    content = slip.content(referral(language="ps"), offer(), PROVIDER, "ps")
    assert [s.language for s in content.sections] == ["de"]
    assert "Paschtu" in content.note and "nur auf Deutsch" not in content.note


def test_a_script_the_font_cannot_show_gets_german_with_a_note():
    no_ethiopic = lambda text: not any(0x1200 <= ord(ch) <= 0x139F for ch in text)  # noqa: E731
    content = slip.content(referral(language="ti"), offer(), PROVIDER, "ti", printable=no_ethiopic)
    assert [s.language for s in content.sections] == ["de"]
    assert "Tigrinya" in content.note and "nur auf Deutsch" in content.note
    # Somali is written in Latin letters: printed
    content = slip.content(referral(language="so"), offer(), PROVIDER, "so", printable=no_ethiopic)
    assert [s.language for s in content.sections] == ["de", "so"]


def test_the_slip_names_no_client():
    text = repr(slip.content(referral(client_id="Haddad-Rami"), offer(), PROVIDER, "ar"))
    assert "Haddad" not in text
