"""The demo's directory of offers (VielFalter) and its pool of language mediators.

Every referral target of the demo's consultations (demodata/data/texts.json, "referrals") is an
offer here, run by a provider, held at one to three places of the county, in German and a few
languages, with weekly hours; some need an appointment, some are stale (not verified for more
than a year). A unit under the one roof (``jobcenter``, ``employment_agency``) is a unit, not an
offer. Ids are derived from names (uuid5), so a referral made by the generator names the offer
without a lookup, and every seed gives the same directory.

The pool: the mediators the demo's consultations name (``activity.demo_mediators``), with their
languages, settings, areas and vetting items -- one declaration expired, one police certificate
running out soon, so the warnings have something to show.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from casefile import catalogs
from casefile.records import (
    HoursEntry,
    Mediator,
    MediatorBooking,
    MediatorLanguage,
    Offer,
    OfferHours,
    OfferLanguage,
    OfferPlace,
    OfferText,
    Provider,
    VettingItem,
)
from demodata import notes

_NS = uuid.UUID("6f1c0c1e-5b8e-4c61-9d0a-8a4f3b7e2d10")

# The referral families of texts.json -> the catalog topic of the offer.
FAMILY_TOPIC = {
    "residence": "residence",
    "benefits": "benefits",
    "housing": "housing",
    "work": "work",
    "training": "training",
    "language": "language_course",
    "family": "family",
    "health": "health",
    "debts": "debts",
    "general": "other",
}
# Targets that are units under the one roof (a referral to them is a unit referral).
UNIT_TARGETS = frozenset(catalogs.load("unit").codes)

# target name -> (provider, what to bring, extra languages with a note, appointment only)
_PROVIDERS = {
    "Migrationsberatung für Erwachsene (MBE)": "Caritasverband für das Bistum Magdeburg",
    "Asylverfahrensberatung": "Diakonie Mitteldeutschland",
    "Rechtsanwalt (Aufenthaltsrecht)": "Anwaltsverein Burgenlandkreis",
    "Sozialberatung der Caritas": "Caritasverband für das Bistum Magdeburg",
    "Wohnungsgenossenschaft": "Wohnungsbaugenossenschaft Naumburg eG",
    "Mieterverein": "Mieterverein Burgenlandkreis e. V.",
    "Möbelbörse": "AWO Kreisverband Burgenlandkreis",
    "Wohnschulung (Gruppenangebot)": "Landkreis Burgenlandkreis, Migrationsagentur",
    "Projekt Arbeitsmarktintegration": "Landkreis Burgenlandkreis, Migrationsagentur",
    "Beratung für mobile Beschäftigte": "Arbeit und Leben Sachsen-Anhalt",
    "Bewerbungstraining": "Bildungswerk der Wirtschaft Sachsen-Anhalt",
    "IQ-Anerkennungsberatung": "IQ Netzwerk Sachsen-Anhalt",
    "Berufsberatung der Agentur für Arbeit": "Agentur für Arbeit Weißenfels",
    "Handwerkskammer": "Handwerkskammer Halle (Saale)",
    "Ausbildungspaten": "Freiwilligenagentur Burgenlandkreis",
    "Integrationskurs": "Kreisvolkshochschule Burgenlandkreis",
    "Berufssprachkurs": "Kreisvolkshochschule Burgenlandkreis",
    "Sprachcafé (Ehrenamt)": "Freiwilligenagentur Burgenlandkreis",
    "Erstorientierungskurs": "Kreisvolkshochschule Burgenlandkreis",
    "Jugendmigrationsdienst (JMD)": "Internationaler Bund, Jugendmigrationsdienst",
    "Erziehungsberatungsstelle": "Diakonie Mitteldeutschland",
    "Frühe Hilfen": "Landkreis Burgenlandkreis, Jugendamt",
    "Schulsozialarbeit": "Landkreis Burgenlandkreis, Jugendamt",
    "Frauenberatungsstelle": "AWO Kreisverband Burgenlandkreis",
    "Psychosoziales Zentrum für Geflüchtete": "Psychosoziales Zentrum Sachsen-Anhalt",
    "Gesundheitsamt": "Landkreis Burgenlandkreis, Gesundheitsamt",
    "Schwangerschaftsberatung": "pro familia Sachsen-Anhalt",
    "Suchtberatung": "Diakonie Mitteldeutschland",
    "Schuldner- und Insolvenzberatung": "AWO Kreisverband Burgenlandkreis",
    "Verbraucherzentrale": "Verbraucherzentrale Sachsen-Anhalt",
    "Energieschuldenberatung": "Verbraucherzentrale Sachsen-Anhalt",
    "Ehrenamtskoordination": "Freiwilligenagentur Burgenlandkreis",
    "Migrantenorganisation": "Netzwerk der Migrantenorganisationen Burgenlandkreis",
    "Antidiskriminierungsberatung": "Landesnetzwerk Migrantenorganisationen Sachsen-Anhalt",
    "Rückkehrberatung": "Diakonie Mitteldeutschland",
}
_BRING = {
    "residence": "Pass oder Ausweisersatz, Bescheide der Ausländerbehörde, Schreiben des BAMF",
    "benefits": "Ausweis, Bescheide, Kontoauszüge der letzten drei Monate",
    "housing": "Ausweis, Mietvertrag oder Wohnungsangebot, Bescheid über Leistungen",
    "work": "Ausweis, Lebenslauf, Zeugnisse",
    "training": "Zeugnisse und Abschlüsse im Original mit Übersetzung",
    "language": "Ausweis, Berechtigungsschein des BAMF (falls vorhanden)",
    "family": "Ausweis, Unterlagen zum Anliegen",
    "health": "Krankenversicherungskarte oder Behandlungsschein",
    "debts": "alle Mahnungen, Verträge und Kontoauszüge",
    "general": "Ausweis",
}
_EXTRA_LANGUAGES = ("ar", "fa", "prs", "uk", "ru", "en", "tr", "ti", "ps", "ku")
_DAYS = ("MO", "TU", "WE", "TH", "FR")
_TOWN_PLACES = (
    "lra_naumburg",
    "lra_weissenfels",
    "lra_zeitz",
    "dez_hohenmoelsen",
    "dez_nebra",
    "dez_luetzen",
    "dez_teuchern",
    "dez_osterfeld",
    "dez_bad_koesen",
    "dez_freyburg",
)
_SLIP_TEXTS = {
    "ar": "استشارة مجانية. يرجى إحضار الوثائق المذكورة.",
    "fa": "مشاوره رایگان. لطفاً مدارک ذکر شده را همراه داشته باشید.",
    "uk": "Безкоштовна консультація. Будь ласка, візьміть із собою зазначені документи.",
    "ru": "Бесплатная консультация. Пожалуйста, возьмите с собой указанные документы.",
    "en": "Free counselling. Please bring the documents listed.",
}


def stable_id(*parts: str) -> str:
    """A canonical id derived from names (uuid5): the same name gives the same id."""
    return str(uuid.uuid5(_NS, "|".join(parts)))


def offer_id(target: str) -> str:
    return stable_id("offer", target)


def directory(today: dt.date, seed: int = 1) -> list[Provider | Offer]:
    """The providers and offers of the demo directory (providers first)."""
    rng = random.Random(f"offers-{seed}")
    providers: dict[str, Provider] = {}
    offers: list[Offer] = []
    for family, targets in notes.REFERRALS.items():
        for target, _reason in targets:
            if target in UNIT_TARGETS or target in {o.name for o in offers}:
                continue
            pname = _PROVIDERS.get(target, target)
            if pname not in providers:
                providers[pname] = Provider(
                    name=pname,
                    phone=f"03445 {rng.randint(200, 799)} {rng.randint(10, 99)}",
                    email="info@" + _domain(pname),
                    website="https://www." + _domain(pname),
                    address=rng.choice(
                        (
                            "Domplatz 5, 06618 Naumburg (Saale)",
                            "Marienstraße 12, 06667 Weißenfels",
                            "Altmarkt 3, 06712 Zeitz",
                        )
                    ),
                    id=stable_id("provider", pname),
                )
            places = [
                OfferPlace(name="", location=code)
                for code in rng.sample(_TOWN_PLACES, rng.choice((1, 1, 2, 3)))
            ]
            extra = rng.sample(_EXTRA_LANGUAGES, rng.choice((0, 1, 2, 3)))
            languages = [OfferLanguage("de")] + [
                OfferLanguage(
                    code, "mit Sprachmittlung nach Absprache" if rng.random() < 0.4 else ""
                )
                for code in extra
            ]
            days = sorted(rng.sample(_DAYS, rng.choice((1, 2))), key=_DAYS.index)
            opens = rng.choice(("08:00", "09:00", "13:00"))
            closes = {"08:00": "12:00", "09:00": "12:00", "13:00": "16:00"}[opens]
            age = rng.choice((20, 60, 150, 300, 300, 420, 700))  # one in three is stale
            offers.append(
                Offer(
                    provider_id=providers[pname].id,
                    name=target,
                    topics=[FAMILY_TOPIC[family]],
                    description=f"{target}: {_reason}.",
                    target_groups=[],
                    eligibility="" if rng.random() < 0.7 else "Wohnsitz im Burgenlandkreis",
                    languages=languages,
                    places=places,
                    hours=[OfferHours(f"FREQ=WEEKLY;BYDAY={','.join(days)}", opens, closes)],
                    appointment_only=rng.random() < 0.3,
                    phone=providers[pname].phone,
                    email=providers[pname].email,
                    cost=""
                    if rng.random() < 0.85
                    else "Kursgebühr nach Einkommen, Befreiung möglich",
                    accessibility="barrierefreier Zugang" if rng.random() < 0.5 else "",
                    what_to_bring=_BRING[family],
                    translations=[
                        OfferText(code, what_to_bring=_SLIP_TEXTS[code])
                        for code in extra
                        if code in _SLIP_TEXTS
                    ],
                    verified_on=today - dt.timedelta(days=age),
                    verified_by="Koordination",
                    id=offer_id(target),
                )
            )
    _walk_of_the_issue(offers, today)
    return [*providers.values(), *offers]


def _walk_of_the_issue(offers: list[Offer], today: dt.date) -> None:
    """Issue 19's walk, whatever the seed: a client who speaks Arabic, counseled at the
    decentral hours in Nebra, finds the migration counseling held in Arabic there (checked
    lately). Set after the draws, so the rest of the directory stays as the seed made it."""
    mbe = next((o for o in offers if o.name == "Migrationsberatung für Erwachsene (MBE)"), None)
    if mbe is None:
        return
    mbe.languages = [x for x in mbe.languages if x.code != "ar"] + [OfferLanguage("ar")]
    if not any(p.location == "dez_nebra" for p in mbe.places):
        mbe.places.append(OfferPlace(name="", location="dez_nebra"))
    mbe.verified_on = today - dt.timedelta(days=20)


def _domain(name: str) -> str:
    word = "".join(ch for ch in name.lower().split(",")[0] if ch.isalnum())[:24]
    return (
        word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    ) + ".de"


def mediator_pool(today: dt.date, seed: int = 1) -> list[Mediator]:
    """The pool: every mediator the demo's consultations name (generic services excluded)."""
    from demodata.activity import GENERIC_MEDIATORS, demo_mediators

    rng = random.Random(f"mediators-{seed}")
    out = []
    for n, (name, languages) in enumerate(sorted(demo_mediators(seed).items())):
        if name in GENERIC_MEDIATORS or not languages:
            continue
        given, _, family = name.removesuffix(" (Sprachmittlung)").partition(" ")
        vetting = [
            VettingItem("training", today - dt.timedelta(days=rng.randint(60, 900))),
            VettingItem(
                "confidentiality",
                done := today - dt.timedelta(days=rng.randint(30, 700)),
                done + dt.timedelta(days=730),
            ),
        ]
        if n % 4 == 0:
            issued = today - dt.timedelta(days=rng.randint(100, 1800))
            vetting.append(
                VettingItem("police_certificate", issued, issued + dt.timedelta(days=5 * 365))
            )
        out.append(
            Mediator(
                family_name=family,
                given_names=given,
                kind="volunteer" if n % 5 else "professional",
                languages=[MediatorLanguage(code, "native") for code in languages]
                + [MediatorLanguage("de", rng.choice(("fluent", "basic")))],
                settings=["on_site", "phone"] + (["video"] if rng.random() < 0.4 else []),
                areas=sorted(rng.sample(_TOWN_PLACES, 3)),
                availability=rng.choice(
                    ("vormittags", "nachmittags ab 14 Uhr", "Mo–Mi ganztags", "nach Absprache")
                ),
                phone=f"0157 {rng.randint(1000000, 9999999)}",
                email=f"{given.lower()}.{family.lower()}@example.org".replace(" ", ""),
                vetting=vetting,
                id=stable_id("mediator", name),
            )
        )
    if len(out) > 2:  # the demo's warnings: a declaration that expired last month
        out[1].vetting[1] = VettingItem(
            "confidentiality", today - dt.timedelta(days=760), today - dt.timedelta(days=30)
        )
    return out


def mediation(
    pool: list[Mediator], client_ids: list[str], today: dt.date, seed: int = 1
) -> list[MediatorBooking | HoursEntry]:
    """Bookings of the pool for the demo's last weeks and the next one, with the hours of
    those done (some reviewed, last month's paid): the allowance list has a month to show."""
    from casefile import mediation as rates

    rng = random.Random(f"bookings-{seed}")
    out: list[MediatorBooking | HoursEntry] = []
    if not pool or not client_ids:
        return out
    for n in range(min(24, len(client_ids))):
        m = pool[n % len(pool)]
        language = next(x.code for x in m.languages if x.code != "de")
        day = today + dt.timedelta(days=rng.randint(-45, 7))
        starts = dt.datetime.combine(day, dt.time(8 + rng.randint(0, 6), 0), dt.UTC)
        future = day > today
        status = "requested" if future and n % 3 == 0 else "booked" if future else "done"
        if not future and n % 9 == 4:
            status = "no_show"
        booking = MediatorBooking(
            language=language,
            starts_at=starts,
            unit=rng.choice(("integration", "asylblg", "abh", "jobcenter")),
            client_id=client_ids[n],
            duration_min=rng.choice((30, 45, 60, 90)),
            setting=rng.choice(m.settings),
            location=rng.choice(m.areas),
            mediator_id=None if status == "requested" else m.id,
            mediator_name="" if status == "requested" else m.display_name,
            status=status,
            requested_by="k.wagner",
            id=stable_id("booking", str(seed), str(n)),
        )
        out.append(booking)
        if status == "done":
            minutes = booking.duration_min + rng.choice((0, 10, 15, 30))
            km = float(rng.choice((0, 0, 8, 14, 23, 37)))
            paid = day.month != today.month and day < today.replace(day=1)
            out.append(
                HoursEntry(
                    mediator_id=m.id,
                    worked_on=day,
                    minutes=minutes,
                    unit=booking.unit,
                    km=km,
                    allowance_cents=rates.allowance_cents(m.kind, minutes, km),
                    booking_id=booking.id,
                    status="paid" if paid else ("reviewed" if n % 2 else "recorded"),
                    reviewed_by="s.fischer" if paid or n % 2 else "",
                    paid_on=today.replace(day=1) if paid else None,
                    id=stable_id("hours", str(seed), str(n)),
                )
            )
    return out


def demo_records(client_ids: list[str], today: dt.date, seed: int = 1) -> list[Any]:
    """Directory, pool and mediation of the demo, in an order that may be written at once."""
    pool = mediator_pool(today, seed)
    return [*directory(today, seed), *pool, *mediation(pool, client_ids, today, seed)]
