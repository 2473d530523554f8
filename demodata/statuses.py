"""Residence-status histories for demo clients, from arrival to today.

A history is a list of ``(status, paragraph, valid_from, valid_until, issuing_office)`` tuples in
time order; the last one is the current status. The paths follow how people actually move
through German residence law: asylum procedure -> protection or Duldung -> renewals ->
settlement; labour and family migration -> permit -> settlement; Ukrainians -> § 24.
"""

from __future__ import annotations

import datetime as dt

from demodata import names
from demodata.people import PROFILES, Weighted, add_years, random_day

HOME_ABH = "Burgenlandkreis, Ausländerbehörde"
OTHER_ABH = (
    "Stadt Halle (Saale), Ausländerbehörde",
    "Saalekreis, Ausländerbehörde",
    "Stadt Leipzig, Ausländerbehörde",
    "Landkreis Leipzig, Ausländerbehörde",
    "Stadt Erfurt, Ausländerbehörde",
)
BAMF = "BAMF, Außenstelle Halberstadt"
RECEPTION_CENTRE = "Landesaufnahmeeinrichtung Halberstadt"
UKRAINE_WAR = dt.date(2022, 2, 24)
# § 24 permits were extended by ordinance up to this date (later ones: one more year).
TEMPORARY_PROTECTION_UNTIL = dt.date(2027, 3, 4)

_PROTECTION = Weighted(
    [("§ 25 Abs. 2 AufenthG", 0.7), ("§ 25 Abs. 1 AufenthG", 0.1), ("§ 25 Abs. 3 AufenthG", 0.2)]
)
_SETTLEMENT_AFTER_PROTECTION = ("§ 26 Abs. 3 AufenthG", "§ 26 Abs. 4 AufenthG", "§ 9 AufenthG")
_SETTLEMENT_AFTER_WORK = ("§ 9 AufenthG", "§ 18c AufenthG", "§ 28 Abs. 2 AufenthG")
_LABOUR_OR_FAMILY = (
    "§ 18a AufenthG",
    "§ 18b AufenthG",
    "§ 30 AufenthG",
    "§ 28 AufenthG",
    "§ 16a AufenthG",
    "§ 16b AufenthG",
)
_LONG_TOLERATED = ("§ 25b AufenthG", "§ 104c AufenthG", "§ 25 Abs. 5 AufenthG")
_TOLERATION_KINDS = (
    ("toleration_training", "§ 60c AufenthG"),
    ("toleration_employment", "§ 60d AufenthG"),
)


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _renewal_pending(rng, expired: dt.date, today: dt.date, out: list) -> bool:
    """A permit that ran out shortly before today is often followed by a Fiktionsbescheinigung."""
    if (today - expired).days < 90 and rng.random() < 0.4:
        out.append(
            (
                "fictional_certificate",
                "§ 81 Abs. 4 AufenthG",
                expired,
                expired + _days(90),
                HOME_ABH,
            )
        )
        return True
    return False


def _renewals(
    rng,
    out: list,
    arrival: dt.date,
    today: dt.date,
    settle_after_years: int,
    settlement_paragraphs: tuple,
    p_settle: float,
) -> list:
    """Renew the last permit every two years until it covers today; settle when eligible."""
    para = out[-1][1]
    while out[-1][3] and out[-1][3] < today:
        frm = out[-1][3]
        if _renewal_pending(rng, frm, today, out):
            break
        if (frm - arrival).days > settle_after_years * 365 and rng.random() < p_settle:
            out.append(
                ("settlement_permit", rng.choice(settlement_paragraphs), frm, None, HOME_ABH)
            )
        else:
            out.append(("residence_permit", para, frm, add_years(frm, 2), HOME_ABH))
    return out


def _toleration(rng, start: dt.date, arrival: dt.date, today: dt.date) -> list:
    """The current Duldung (renewed every few months), or a way out of it after some years."""
    frm = max(start, today - _days(rng.randrange(1, 180)))
    years = (today - arrival).days / 365.25
    r = rng.random()
    if years > 5 and r < 0.3:
        until = add_years(frm, 1 + rng.randrange(2))
        return [
            ("toleration", "§ 60a AufenthG", start, frm, HOME_ABH),
            ("residence_permit", rng.choice(_LONG_TOLERATED), frm, until, HOME_ABH),
        ]
    status, para = "toleration", "§ 60a AufenthG"
    if years > 2 and r < 0.45:
        status, para = rng.choice(_TOLERATION_KINDS)
    elif r < 0.55:
        status, para = "toleration_unclear_identity", "§ 60b AufenthG"
    return [(status, para, frm, frm + _days(rng.choice((90, 180, 180, 365))), HOME_ABH)]


def _ukraine(rng, arrival: dt.date, today: dt.date, office: str, minor: bool) -> list:
    if arrival < UKRAINE_WAR:  # came before the war: an ordinary permit
        para = (
            "§ 32 AufenthG"
            if minor
            else rng.choice(("§ 18b AufenthG", "§ 30 AufenthG", "§ 16b AufenthG"))
        )
        out: list[tuple[str, str, dt.date, dt.date | None, str]] = [
            ("residence_permit", para, arrival, add_years(arrival, 2), office)
        ]
        if add_years(arrival, 5) < today:
            out.append(("settlement_permit", "§ 9 AufenthG", add_years(arrival, 5), None, HOME_ABH))
        return out
    granted = min(today, arrival + _days(rng.randint(20, 120)))
    until = (
        TEMPORARY_PROTECTION_UNTIL if today < TEMPORARY_PROTECTION_UNTIL else add_years(today, 1)
    )
    out = [
        ("fictional_certificate", "§ 81 Abs. 3 AufenthG", arrival, granted, HOME_ABH),
        ("temporary_protection", "§ 24 AufenthG", granted, until, HOME_ABH),
    ]
    if (today - arrival).days > 900 and rng.random() < 0.1:  # moved on to a work or training permit
        switch = random_day(rng, add_years(arrival, 2), today)
        out[-1] = out[-1][:3] + (switch, HOME_ABH)
        para = rng.choice(("§ 18a AufenthG", "§ 16a AufenthG", "§ 19c AufenthG"))
        out.append(("residence_permit", para, switch, add_years(switch, 2), HOME_ABH))
    return out


def _labour_or_family(rng, arrival: dt.date, today: dt.date, office: str, minor: bool) -> list:
    out = []
    if rng.random() < 0.1:
        out.append(
            (
                "visa",
                "§ 6 Abs. 3 AufenthG",
                arrival - _days(60),
                arrival + _days(90),
                "Deutsche Botschaft",
            )
        )
    para = "§ 32 AufenthG" if minor else rng.choice(_LABOUR_OR_FAMILY)
    frm = min(today, arrival + _days(rng.randint(10, 90)))
    out.append(("residence_permit", para, frm, add_years(frm, 2), office))
    return _renewals(rng, out, arrival, today, 4, _SETTLEMENT_AFTER_WORK, 0.6)


def _asylum(rng, origin: str, arrival: dt.date, today: dt.date, office: str) -> list:
    out = []
    pts_from = min(today, arrival + _days(rng.randint(5, 30)))
    if rng.random() < 0.3:
        out.append(("arrival_certificate", "§ 63a AsylG", arrival, pts_from, RECEPTION_CENTRE))
    decided = arrival + _days(rng.randint(120, 900))
    if decided > today:  # procedure still running
        out.append(
            ("permission_to_stay", "§ 55 AsylG", pts_from, today + _days(rng.randint(1, 180)), BAMF)
        )
        return out
    out.append(("permission_to_stay", "§ 55 AsylG", pts_from, decided, BAMF))
    start = min(today, decided + _days(rng.randint(14, 90)))
    if rng.random() < PROFILES[origin].protection_rate:
        out.append(("residence_permit", _PROTECTION.pick(rng), start, add_years(start, 3), office))
        return _renewals(rng, out, arrival, today, 5, _SETTLEMENT_AFTER_PROTECTION, 0.5)
    return out + _toleration(rng, start, arrival, today)


def status_history(
    rng, origin: str, arrival: dt.date, today: dt.date, minor: bool = False
) -> list[tuple]:
    """Plausible status records from arrival to today for the head of a household.

    *minor*: the person came as a child, so an ordinary permit is one for joining the family.
    """
    office = rng.choice(OTHER_ABH) if rng.random() < 0.12 else HOME_ABH
    if origin in names.EU_ORIGINS:
        if rng.random() < 0.4:  # many EU citizens never needed a record here
            return []
        return [("eu_free_movement", "§ 2 FreizügG/EU", arrival, None, HOME_ABH)]
    if rng.random() < 0.015:
        return [("unknown", "", None, None, "")]
    if origin == "UKR":
        return _ukraine(rng, arrival, today, office, minor)
    if rng.random() >= PROFILES[origin].asylum:
        return _labour_or_family(rng, arrival, today, office, minor)
    return _asylum(rng, origin, arrival, today, office)


def status_for_member(history: list[tuple], birth: dt.date | None, arrival: dt.date) -> list[tuple]:
    """A household member's copy of the head's history, not starting before they arrived."""
    start = max(arrival, birth) if birth else arrival
    out = []
    for status, para, frm, until, office in history:
        if until and until < start:
            continue
        if frm and frm < start:
            frm = start
        if until and frm and until < frm:
            until = frm
        out.append((status, para, frm, until, office))
    return out
