"""What happens in a demo client file: consultations, follow-up tasks, referrals and consents.

Codes come from the catalogs; :func:`vocab` checks once that every code used here exists, so a
catalog edit that removes one fails loudly instead of producing invalid demo data.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache, lru_cache

from casefile import catalogs
from casefile.records import Consent, Consultation, Referral, Task
from demodata import names, notes, people
from demodata.people import Weighted, add_years, random_day

UTC = dt.UTC
WINDOW_DAYS = 3 * 365  # consultations lie within the last three years

DEFAULT_USER_UNITS = {
    "abh": ("m.mueller", "t.becker"),
    "asylblg": ("s.fischer",),
    "housing": ("t.becker",),
    "integration": ("a.schneider", "k.wagner", "n.schulz"),
    "jobcenter": ("j.weber",),
    "education": ("l.hoffmann",),
    "employment_agency": ("j.weber", "l.hoffmann"),
    "projects": ("k.wagner",),
    "volunteering": ("n.schulz",),
    "coordination": ("a.schneider",),
    "reception": ("n.schulz", "s.fischer"),
}
KINDS = Weighted(
    [
        ("walk_in", 0.35),
        ("appointment", 0.30),
        ("decentral_hours", 0.12),
        ("phone", 0.12),
        ("outreach", 0.08),
        ("group", 0.03),
    ]
)
DURATION = {
    "walk_in": (2, 8),
    "appointment": (6, 15),
    "decentral_hours": (3, 9),
    "phone": (1, 4),
    "outreach": (6, 24),
    "group": (12, 24),
}  # in steps of 5 minutes
OUTCOMES = Weighted(
    [
        ("resolved", 25),
        ("info_given", 25),
        ("follow_up", 15),
        ("documents_missing", 12),
        ("application_filed", 10),
        ("referred", 8),
        ("appointment_made", 5),
    ]
)
_TOPICS = {
    "asylum": {
        "residence": 25,
        "benefits": 20,
        "housing": 15,
        "health": 10,
        "language_course": 8,
        "work": 7,
        "documents": 6,
        "family": 4,
        "school_childcare": 3,
        "mobility": 1,
        "other": 1,
    },
    "ukr": {
        "benefits": 20,
        "language_course": 15,
        "work": 15,
        "housing": 12,
        "school_childcare": 6,
        "residence": 8,
        "health": 7,
        "recognition": 5,
        "documents": 3,
        "family": 2,
        "mobility": 2,
        "debts": 1,
        "other": 2,
    },
    "refugee": {
        "work": 15,
        "benefits": 15,
        "housing": 12,
        "residence": 12,
        "language_course": 10,
        "training": 8,
        "school_childcare": 4,
        "family": 6,
        "recognition": 4,
        "debts": 4,
        "health": 4,
        "naturalisation": 2,
        "mobility": 2,
        "other": 2,
    },
    "eu": {
        "work": 22,
        "benefits": 15,
        "housing": 15,
        "health": 12,
        "debts": 10,
        "school_childcare": 4,
        "language_course": 6,
        "family": 4,
        "recognition": 3,
        "other": 5,
    },
    "migrant": {
        "residence": 20,
        "work": 15,
        "family": 10,
        "language_course": 10,
        "training": 8,
        "recognition": 8,
        "housing": 8,
        "benefits": 8,
        "naturalisation": 5,
        "health": 4,
        "other": 4,
    },
    "child": {
        "school_childcare": 50,
        "health": 20,
        "family": 15,
        "language_course": 10,
        "residence": 5,
    },
}
# Parents of children talk about school and Kita more often.
TOPIC_TABLES = {
    (k, kids): Weighted(
        (t, w + (12 if kids and t == "school_childcare" else 0)) for t, w in v.items()
    )
    for k, v in _TOPICS.items()
    for kids in (False, True)
}
N_TOPICS = Weighted([(1, 0.55), (2, 0.33), (3, 0.12)])
ASYLUM_STATUSES = frozenset(
    {
        "arrival_certificate",
        "permission_to_stay",
        "toleration",
        "toleration_training",
        "toleration_employment",
        "toleration_unclear_identity",
    }
)
_FAILURE = Weighted(
    [
        ("client_declined", 15),
        ("no_capacity", 25),
        ("no_longer_needed", 10),
        ("client_unreachable", 15),
        ("provider_unreachable", 5),
        ("not_eligible", 5),
        ("no_offer", 5),
        ("language", 12),
        ("distance", 8),
    ]
)
# Places that say where a need is (not phone or video).
_PLACES_OF_NEED = frozenset(
    e.code for e in catalogs.load("location").entries if e.extra.get("kind") != "remote"
) - {"outreach", "phone", "video"}
_REFERRAL_RECENT = Weighted([("sent", 30), ("accepted", 40), ("attended", 20), ("failed", 10)])
_REFERRAL_OLD = Weighted(
    [("attended", 55), ("failed", 20), ("cancelled", 10), ("accepted", 10), ("sent", 5)]
)
GENERIC_MEDIATORS = (
    "Telefondolmetscher:in",
    "Videodolmetschdienst",
    "Dolmetscher:in (Honorarkraft)",
)
_MEDIATOR_POOLS = {
    "ar": "SYR",
    "prs": "AFG",
    "fa": "IRN",
    "ps": "AFG",
    "ckb": "KUR",
    "kmr": "KUR",
    "ti": "ERI",
    "so": "SOM",
    "uk": "UKR",
    "ru": "RUS",
    "tr": "TUR",
    "ro": "ROU",
    "pl": "POL",
    "bg": "BGR",
}


@dataclass(frozen=True)
class Vocab:
    """Catalog-derived lookups, built once per process."""

    office: dict
    decentral: dict
    shelter: dict
    decentrals: tuple
    topic_unit: dict
    language_de: dict


def _require(catalog: str, codes) -> None:
    cat = catalogs.load(catalog)
    missing = sorted({c for c in codes if c not in cat})
    if missing:
        raise catalogs.CatalogError(
            f"catalog {catalog!r} lacks codes used by the demo generator: {missing}"
        )


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """Load the catalogs once and check every code the generator uses."""
    office, decentral, shelter, decentrals = {}, {}, {}, []
    for e in catalogs.load("location").entries:
        kind, town = e.extra.get("kind"), e.extra.get("town")
        if kind == "office":
            office[town] = e.code
        elif kind == "decentral":
            decentral[town] = e.code
            decentrals.append(e.code)
        elif kind == "shelter":
            shelter[town] = e.code
    _require("location", ["lra_naumburg", "phone", "outreach", "video"])
    _require("unit", DEFAULT_USER_UNITS)
    _require("consultation_kind", KINDS.items)
    _require("outcome", OUTCOMES.items)
    _require("topic", [t for v in _TOPICS.values() for t in v] + list(notes.TOPIC_FAMILY))
    _require("relation", ["spouse", "partner", "child", "parent", "sibling"])
    _require("referral_status", ["proposed", "sent", "accepted", "attended", "failed", "cancelled"])
    _require("data_category", [c for _, _, cats in notes.CONSENTS for c in cats])
    _require("alias_kind", ["spelling", "passport", "swapped", "birth_name"])
    _require(
        "identifier_type",
        [
            "azr_number",
            "abh_file_number",
            "bamf_file_number",
            "jobcenter_number",
            "passport_number",
            "other",
        ],
    )
    _require("target_group", ["third_country", "eu_citizen", "protection_ukraine", "asylum_seeker"])
    _require("nationality", [o for o, _ in names.ORIGIN_WEIGHTS] + ["DEU", "XXA", "XXX"])
    _require(
        "language",
        ["de"]
        + [
            c
            for primary, extra in people.LANGUAGES.values()
            for c in primary.items + tuple(e for e, _ in extra)
        ],
    )
    _require(
        "residence_status",
        list(ASYLUM_STATUSES)
        + [
            "residence_permit",
            "temporary_protection",
            "settlement_permit",
            "fictional_certificate",
            "visa",
            "eu_free_movement",
            "unknown",
        ],
    )
    return Vocab(
        office,
        decentral,
        shelter,
        tuple(decentrals),
        {e.code: e.extra.get("unit", "integration") for e in catalogs.load("topic").entries},
        {e.code: e.de for e in catalogs.load("language").entries},
    )


@cache
def _summer_time(year: int) -> tuple[dt.date, dt.date]:
    """Last Sundays of March and October: the span of summer time in Germany."""
    return _last_sunday(dt.date(year, 3, 31)), _last_sunday(dt.date(year, 10, 31))


def _last_sunday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def berlin_to_utc(day: dt.date, hour: int, minute: int) -> dt.datetime:
    start, end = _summer_time(day.year)
    offset = 2 if start <= day < end else 1
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - dt.timedelta(
        hours=offset
    )


def generation_time(today: dt.date) -> dt.datetime:
    """Now, for demo data of today; the end of an earlier (or later) *today* given to the
    generator (tests), so that a day's data do not depend on the hour they are made."""
    if today == dt.date.today():
        return dt.datetime.now(UTC)
    return dt.datetime(today.year, today.month, today.day, 23, 59, tzinfo=UTC)


def poisson(rng, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class ActivityMaker:
    """Makes the consultations, tasks, referrals and consents of one client."""

    def __init__(self, rng, today: dt.date, users, now: dt.datetime | None = None):
        self.rng, self.today, self.v = rng, today, vocab()
        # Nothing that happened may lie after the moment of generation (a consultation of
        # today at 15:40 generated at 9:00 showed up as "later than now"); tasks may.
        self.now = now or generation_time(today)
        self.users = tuple(users) if users else None
        self.unit_users = None if users else DEFAULT_USER_UNITS
        self.consent_seq = 0
        self.mediators = {}
        for lang, pool in _MEDIATOR_POOLS.items():
            people_names = []
            for _ in range(3):
                sex = "f" if rng.random() < 0.6 else "m"
                given = people.render((people.new_ref(rng, pool, sex)[:3] + (0,),))
                family = people.render(
                    (people.new_ref(rng, pool, "family")[:3] + (0,),), sex == "f"
                )
                people_names.append(f"{given} {family} (Sprachmittlung)")
            self.mediators[lang] = tuple(people_names)

    # -- helpers ---------------------------------------------------------------------------
    def caseworker(self, unit: str) -> str:
        if self.unit_users:
            return self.rng.choice(self.unit_users[unit])
        return self.rng.choice(self.users)

    def unit_for(self, topic: str, profile: str, kind: str) -> str:
        r = self.rng.random()
        if kind == "walk_in" and r < 0.06:
            return "reception"
        if topic in ("residence", "documents", "naturalisation"):
            return "abh" if r < 0.8 else "integration"
        if topic == "benefits":
            if profile == "asylum":
                return "asylblg"
            return "jobcenter" if profile in ("ukr", "refugee") or r < 0.5 else "integration"
        if topic == "work":
            if profile == "asylum":
                return "employment_agency" if r < 0.7 else "integration"
            if profile in ("ukr", "refugee") and r < 0.7:
                return "jobcenter"
            return "employment_agency" if r < 0.85 else "projects"
        if topic == "housing":
            return "housing" if profile in ("asylum", "ukr") and r < 0.7 else "integration"
        if topic in ("training", "recognition"):
            return "integration" if r < 0.6 else "employment_agency" if r < 0.8 else "projects"
        if topic in ("language_course", "school_childcare"):
            return "education" if r < 0.65 else "integration"
        if topic == "mobility" and r < 0.3:
            return "volunteering"
        return "integration" if r < 0.9 else "projects"

    def location(self, kind: str, town: str, in_shelter: bool) -> str:
        v, r = self.v, self.rng.random()
        office = v.office.get(town, "lra_naumburg")
        local = v.decentral.get(town) or self.rng.choice(v.decentrals)
        if kind == "walk_in":
            return office if r < 0.7 else "lra_naumburg"
        if kind == "appointment":
            return office if r < 0.75 else "video" if r < 0.8 else local
        if kind == "decentral_hours":
            return local
        if kind == "phone":
            return "phone"
        if kind == "outreach":
            return v.shelter.get(town, "outreach") if in_shelter else "outreach"
        return (
            office if r < 0.6 else local if r < 0.85 else self.rng.choice(tuple(v.shelter.values()))
        )

    # -- records -------------------------------------------------------------------------
    def consultations(
        self,
        client,
        start: dt.date,
        count: int,
        profile: str,
        has_kids: bool,
        town: str,
        in_shelter: bool,
        interpreter: str,
        note_profile: str,
        household_size: int,
    ):
        """Consultations (with the tasks and referrals they led to) between *start* and today.

        *profile* chooses the topics (``child`` for minors), *note_profile* the notes that fit the
        family's legal situation; *interpreter* is the language needing a Sprachmittler, if any.
        """
        rng, today = self.rng, self.today
        span = (today - start).days
        days = sorted(start + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(count))
        topic_table = TOPIC_TABLES[(profile, has_kids)]
        native = next((s.code for s in client.languages if s.code != "de"), "de")
        ctx = {"lang": self.v.language_de.get(interpreter or native, "Deutsch")}
        if household_size >= 3:
            ctx["hh"] = str(household_size)
        cons, tasks, refs = [], [], []
        for day in days:
            wd = day.weekday()
            if wd >= 5:
                shifted = day - dt.timedelta(days=wd - 4)
                day = shifted if shifted >= start else min(today, day + dt.timedelta(days=7 - wd))
            kind = KINDS.pick(rng)
            if in_shelter and rng.random() < 0.15:
                kind = "outreach"
            topics = [topic_table.pick(rng)]
            for _ in range(N_TOPICS.pick(rng) - 1):
                t = topic_table.pick(rng)
                if t not in topics:
                    topics.append(t)
            unit = self.unit_for(topics[0], profile, kind)
            lo, hi = DURATION[kind]
            language, mediator_used, mediator = "de", False, ""
            if interpreter:
                language = interpreter
                if rng.random() < 0.75:
                    mediator_used = True
                    pool = self.mediators.get(interpreter, GENERIC_MEDIATORS)
                    mediator = (
                        rng.choice(pool) if rng.random() < 0.8 else rng.choice(GENERIC_MEDIATORS)
                    )
            elif rng.random() < 0.1:
                language = client.languages[-1].code if client.languages else ""
            fam = notes.TOPIC_FAMILY[topics[0]]
            ctx["day"] = day
            parts = []
            if rng.random() < 0.3:
                parts.append(notes.fill(rng.choice(notes.OPENERS_C[kind]), rng, ctx))
            parts.append(notes.fill(rng.choice(notes.NOTES_FOR[(fam, note_profile)]), rng, ctx))
            if len(topics) > 1 and rng.random() < 0.5:
                second = notes.NOTES_FOR[(notes.TOPIC_FAMILY[topics[1]], note_profile)]
                parts.append(notes.fill(rng.choice(second), rng, ctx))
            if rng.random() < 0.35:
                parts.append(notes.fill(rng.choice(notes.CLOSERS_C), rng, ctx))
            outcome = OUTCOMES.pick(rng)
            caseworker = self.caseworker(unit)
            task_text = notes.fill(rng.choice(notes.TASKS_C[fam]), rng, ctx)
            started_at = berlin_to_utc(day, rng.randint(8, 15), 5 * rng.randrange(12))
            duration = 5 * rng.randint(lo, hi)
            while started_at + dt.timedelta(minutes=duration) > self.now:
                # Not over yet at generation time: the last working day before at that hour.
                started_at -= dt.timedelta(days=3 if started_at.weekday() == 0 else 1)
                day = started_at.date()
            c = Consultation(
                client_id=client.id,
                started_at=started_at,
                unit=unit,
                caseworker=caseworker,
                location=self.location(kind, town, in_shelter),
                kind=kind,
                topics=topics,
                duration_min=duration,
                language=language,
                mediator_used=mediator_used,
                mediator_name=mediator,
                note=" ".join(parts),
                outcome=outcome,
                next_step=task_text if rng.random() < 0.3 else "",
            )
            cons.append(c)
            if rng.random() < (0.6 if outcome in ("follow_up", "documents_missing") else 0.05):
                tasks.append(self.task(c, day, unit, task_text))
            if outcome == "referred" or rng.random() < 0.02:
                refs.append(self.referral(c, day, fam))
        return cons, tasks, refs

    def task(self, cons: Consultation, day: dt.date, unit: str, text: str) -> Task:
        rng, today = self.rng, self.today
        due = day + dt.timedelta(days=rng.randint(3, 42))
        # Follow-ups long past are settled in a real office; the open overdue ones are recent.
        overdue_days = (today - due).days
        done = rng.random() < (0.995 if overdue_days > 45 else 0.75 if overdue_days > 0 else 0.1)
        done_at = None
        if done:
            done_day = random_day(rng, day, min(today, due + dt.timedelta(days=7)))
            done_at = berlin_to_utc(done_day, rng.randint(8, 15), 5 * rng.randrange(12))
            # Ticked off after the consultation that set it, and not later than now.
            done_at = min(
                max(done_at, cons.started_at + dt.timedelta(minutes=cons.duration_min)), self.now
            )
        assignee = cons.caseworker if rng.random() < 0.8 else self.caseworker(unit)
        return Task(
            client_id=cons.client_id,
            due_date=due,
            text=text,
            assignee=assignee,
            assignee_unit=unit,
            done=done,
            done_at=done_at,
            consultation_id=cons.id,
        )

    def referral(self, cons: Consultation, day: dt.date, fam: str) -> Referral:
        rng = self.rng
        target, reason = rng.choice(notes.REFERRALS[fam])
        age = (self.today - day).days
        if age < 14:
            status = "proposed" if rng.random() < 0.4 else "sent"
        elif age < 60:
            status = _REFERRAL_RECENT.pick(rng)
        else:
            status = _REFERRAL_OLD.pick(rng)
        feedback = (
            rng.choice(notes.REFERRAL_FEEDBACK[status]) if status in notes.REFERRAL_FEEDBACK else ""
        )
        from demodata import offers

        is_unit = target in offers.UNIT_TARGETS
        return Referral(
            client_id=cons.client_id,
            target=target,
            reason=reason,
            referred_on=day,
            status=status,
            feedback=feedback,
            consultation_id=cons.id,
            target_kind="unit" if is_unit else "offer",
            offer_id=None if is_unit else offers.offer_id(target),
            unit=target if is_unit else "",
            topic=offers.FAMILY_TOPIC.get(fam, "other"),
            language=cons.language,
            location=cons.location if cons.location in _PLACES_OF_NEED else "",
            failure_reason=_FAILURE.pick(rng) if status == "failed" else "",
            referred_by=cons.caseworker,
            referring_unit=cons.unit,
        )

    def consents(self, client, first_contact: dt.date) -> list[Consent]:
        rng, today, out = self.rng, self.today, []
        for _ in range(2 if rng.random() < 0.1 else 1):
            purpose, recipients, categories = rng.choice(notes.CONSENTS)
            given = random_day(
                rng, first_contact, min(today, first_contact + dt.timedelta(days=60))
            )
            until = add_years(given, 2) if rng.random() < 0.6 else None
            withdrawn = None
            if rng.random() < 0.04 and (today - given).days > 30:
                withdrawn = random_day(rng, given + dt.timedelta(days=30), today)
            self.consent_seq += 1
            out.append(
                Consent(
                    client_id=client.id,
                    recipients=list(recipients),
                    categories=list(categories),
                    purpose=purpose,
                    given_on=given,
                    valid_until=until,
                    withdrawn_on=withdrawn,
                    form_reference=f"EW-{given.year}-{self.consent_seq:05d}",
                )
            )
        return out


# The demo's colleagues as the directory shows them (login name -> display name).
DEMO_DISPLAY_NAMES = {
    "a.schneider": "Anna Schneider",
    "j.weber": "Jan Weber",
    "k.wagner": "Katrin Wagner",
    "l.hoffmann": "Lena Hoffmann",
    "m.mueller": "Markus Müller",
    "n.schulz": "Nina Schulz",
    "s.fischer": "Sabine Fischer",
    "t.becker": "Tobias Becker",
}


def demo_users() -> dict[str, tuple[str, ...]]:
    """The demo's users with their units (every name the demo's records assign work to)."""
    units: dict[str, list[str]] = {}
    for unit, users in DEFAULT_USER_UNITS.items():
        for user in users:
            units.setdefault(user, []).append(unit)
    return {user: tuple(found) for user, found in sorted(units.items())}


def demo_mediators(seed: int = 1) -> dict[str, tuple[str, ...]]:
    """The mediators the demo's consultations of generator *seed* name, with their languages
    (the generic services speak any language: no languages)."""
    import random

    # The generator's first draws make its mediator pool (ActivityMaker.__init__): the same
    # seed gives the same names.
    maker = ActivityMaker(random.Random(seed), dt.date.today(), None)
    found: dict[str, set[str]] = {}
    for lang, pool in maker.mediators.items():
        for name in pool:
            found.setdefault(name, set()).add(lang)
    out = {name: tuple(sorted(langs)) for name, langs in found.items()}
    out.update((name, ()) for name in GENERIC_MEDIATORS)
    return out
