"""Deterministic generator of realistic demo client files for MiA Desk.

    for bundle in generate(1000, seed=7, today=dt.date(2025, 6, 30)):
        save(bundle.client, *bundle.residence_statuses, *bundle.consultations, ...)

Every draw comes from one ``random.Random(seed)``; catalogs are loaded once per process. Record
ids come from :func:`casefile.ids.new_id` (time-based), so two runs with the same seed and
``today`` differ in their ids only. Households are yielded together, head first; their links
point to clients of the same run. ``Bundle.canonical`` tells which name variant family each name
part came from (see :func:`demodata.names.variants`), so a benchmark can query a client by
other spellings of the same name, and which household a client belongs to.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from casefile.records import (
    Client,
    Consent,
    Consultation,
    HouseholdLink,
    Identifier,
    Referral,
    ResidenceStatus,
    Sex,
    Task,
)
from demodata import names, people, statuses
from demodata.activity import ASYLUM_STATUSES, WINDOW_DAYS, ActivityMaker, poisson
from demodata.people import PROFILES, Weighted, add_years, random_day

DEFAULT_USERS = (
    "a.schneider",
    "m.mueller",
    "s.fischer",
    "j.weber",
    "k.wagner",
    "t.becker",
    "l.hoffmann",
    "n.schulz",
)
_GERMAN_PLACES = Weighted((i, f.weight) for i, f in enumerate(names.GERMAN_BIRTH_PLACES))
_TRIANGULAR_AGE = {
    "single": (18, 66, 28),
    "head": (22, 62, 35),
    "single_parent": (20, 52, 33),
    "sibling": (18, 36, 22),
}


@dataclass
class Bundle:
    """One generated client with every record of the client file."""

    client: Client
    residence_statuses: list[ResidenceStatus] = field(default_factory=list)
    consultations: list[Consultation] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    household_links: list[HouseholdLink] = field(default_factory=list)
    origin: str = ""
    canonical: dict = field(default_factory=dict)

    def records(self) -> Iterator:
        """The client first, then all records that belong to it."""
        yield self.client
        for group in (
            self.residence_statuses,
            self.household_links,
            self.consultations,
            self.tasks,
            self.referrals,
            self.consents,
        ):
            yield from group


@dataclass
class _Person:
    group: names.Group
    sex: Sex
    birth: dt.date  # the true birth date; the record may hold a placeholder
    arrival: dt.date
    given: tuple
    family: tuple
    feminine: bool = False
    role: str = "single"
    birth_family: tuple = ()
    born_here: bool = False
    patronymic: bool = False

    def age(self, today: dt.date) -> int:
        return (today - self.birth).days // 365


@dataclass
class _Home:
    """What the members of one household share."""

    history: list  # the head's residence-status history
    current: str  # the head's current status
    target: str
    profile: str  # asylum, ukr, refugee, eu, migrant: chooses topics and notes
    address: str
    town: str
    shelter: bool
    phone: str
    home_place: int  # index of the usual birth place of the family
    language: str
    bamf: list
    bg: str


def _mean(w: Weighted) -> float:
    return sum(x * y for x, y in zip(w.items, _weights(w))) / w.total


def _expected_size(prof: people.OriginProfile) -> float:
    """Expected number of clients per household of this origin."""
    kids = _mean(prof.kids)
    size = {
        "couple_kids": 2 + kids,
        "single_parent": 1 + kids,
        "couple": 2,
        "three_gen": 3 + kids,
        "siblings": 2.3,
    }
    types = prof.family_types
    family = _mean(Weighted((size[t], w) for t, w in zip(types.items, _weights(types))))
    return (1 - prof.p_family) + prof.p_family * family


def _weights(w: Weighted) -> list[float]:
    return [b - a for a, b in zip([0.0] + w.cum[:-1], w.cum)]


class _Builder:
    """Builds one household at a time and turns its members into bundles."""

    def __init__(self, rng: random.Random, today: dt.date, users, consultations_per_client: float):
        self.rng, self.today, self.cpc = rng, today, consultations_per_client
        self.activity = ActivityMaker(rng, today, users)
        self.ids = people.IdSource()
        self.household_no = 0
        self.person_no = 0
        # Households are drawn so that *clients* follow ORIGIN_WEIGHTS despite different family sizes.
        self.origins = Weighted(
            (o, w / _expected_size(PROFILES[o])) for o, w in names.ORIGIN_WEIGHTS
        )
        self.groups = {
            o: Weighted((g, g.weight) for g in names.GROUPS if g.origin == o)
            for o, _ in names.ORIGIN_WEIGHTS
        }

    # -- people ----------------------------------------------------------------------------
    def _arrival(self, prof: people.OriginProfile) -> dt.date:
        year = Weighted(people.arrival_weights(prof, self.today.year)).pick(self.rng)
        day = random_day(self.rng, dt.date(year, 1, 1), dt.date(year, 12, 31))
        return min(day, self.today - dt.timedelta(days=self.rng.randint(0, 20)))

    def _birth(self, age_spec) -> dt.date:
        lo, hi, mode = age_spec
        age = self.rng.triangular(lo, hi, mode)
        return self.today - dt.timedelta(days=int(age * 365.25) + self.rng.randrange(365))

    def _sex(self, male_share: float) -> Sex:
        r = self.rng.random()
        if r < 0.003:
            return Sex.UNKNOWN
        if r < 0.0035:
            return Sex.DIVERSE
        return Sex.MALE if self.rng.random() < male_share else Sex.FEMALE

    def _person(
        self, group, sex, birth, arrival, role, family=None, feminine=None, patronymic=False
    ) -> _Person:
        rng = self.rng
        kind = "m" if sex is Sex.MALE else "f" if sex is Sex.FEMALE else rng.choice("mf")
        given = people.given_refs(rng, group, kind)
        if family is None:
            family = people.family_refs(rng, group)
            patronymic = family[0][1] == "m"
        fem = (kind == "f") if feminine is None else feminine
        return _Person(
            group, sex, birth, max(arrival, birth), given, family, fem, role, patronymic=patronymic
        )

    def _child_family(self, group, father: _Person | None, mother: _Person):
        """Children carry the father's family name, or his given name where names are patronymic;
        without a known father (traditions where the mother's name is the family's), hers."""
        if father is not None and (father.patronymic or group.patronymic >= 1.0):
            return (father.given[0],), True
        fam = father.family if father is not None else mother.family
        if self.rng.random() < 0.1:
            fam = people.respell(self.rng, fam)  # registered elsewhere, spelled otherwise
        return fam, False

    def _family(self, group, prof, arrival: dt.date, room: int) -> list[_Person]:
        rng, today = self.rng, self.today
        ftype = prof.family_types.pick(rng)
        if ftype == "siblings":
            head = self._person(
                group,
                Sex.MALE if rng.random() < 0.7 else Sex.FEMALE,
                self._birth(_TRIANGULAR_AGE["sibling"]),
                arrival,
                "head",
            )
            members = [head]
            for _ in range(min(room, 2 if rng.random() < 0.7 else 3) - 1):
                s = Sex.MALE if rng.random() < 0.6 else Sex.FEMALE
                birth = self._birth(_TRIANGULAR_AGE["sibling"])
                members.append(
                    self._person(
                        group,
                        s,
                        birth,
                        arrival,
                        "sibling",
                        family=head.family,
                        feminine=s is Sex.FEMALE,
                        patronymic=head.patronymic,
                    )
                )
            return members
        absent_father = None
        if ftype == "single_parent":
            head_sex = Sex.FEMALE if rng.random() < 0.85 else Sex.MALE
            birth = self._birth(_TRIANGULAR_AGE["single_parent"])
            head = self._person(group, head_sex, birth, arrival, "head")
            father, mother = (None, head) if head_sex is Sex.FEMALE else (head, head)
            if father is None and not group.wife_takes_name:
                # the children carry the name of a father who is not part of the household
                absent_father = self._person(group, Sex.MALE, head.birth, arrival, "absent")
            members = [head]
        else:
            head = self._person(
                group, Sex.MALE, self._birth(_TRIANGULAR_AGE["head"]), arrival, "head"
            )
            wife_birth = head.birth + dt.timedelta(days=int(rng.gauss(3, 4) * 365))
            wife_birth = min(wife_birth, add_years(today, -18))
            reunited_later = prof.asylum > 0 and rng.random() < 0.3  # Familiennachzug
            wife_arrival = arrival
            if reunited_later:
                wife_arrival = min(today, arrival + dt.timedelta(days=rng.randint(180, 900)))
            married = not (
                group.origin in ("UKR", "RUS", "POL", "ROU", "BGR", "ITA") and rng.random() < 0.15
            )
            if group.wife_takes_name and married:
                wife = self._person(
                    group,
                    Sex.FEMALE,
                    wife_birth,
                    wife_arrival,
                    "spouse",
                    family=head.family,
                    feminine=True,
                )
                wife.birth_family = people.family_refs(rng, group)
            else:
                role = "spouse" if married else "partner"
                wife = self._person(group, Sex.FEMALE, wife_birth, wife_arrival, role)
            father, mother = head, wife
            members = [head, wife]
        if ftype in ("couple_kids", "single_parent", "three_gen"):
            max_age = min(17, mother.age(today) - 18)
            n = min(prof.kids.pick(rng), room - len(members) - (1 if ftype == "three_gen" else 0))
            births = sorted(self._birth((0, max_age + 0.99, max_age / 2)) for _ in range(max(0, n)))
            if len(births) >= 2 and rng.random() < 0.03:
                births[1] = births[0]  # twins
            for b in births:
                s = Sex.MALE if rng.random() < 0.51 else Sex.FEMALE
                fam, patro = self._child_family(group, father or absent_father, mother)
                kid = self._person(
                    group,
                    s,
                    b,
                    mother.arrival,
                    "child",
                    family=fam,
                    feminine=s is Sex.FEMALE,
                    patronymic=patro,
                )
                kid.born_here = b >= mother.arrival
                members.append(kid)
        if ftype == "three_gen" and len(members) < room:
            s = Sex.FEMALE if rng.random() < 0.65 else Sex.MALE
            if (s is Sex.MALE and not head.patronymic) or (
                s is Sex.FEMALE and group.wife_takes_name
            ):
                fam, patro = head.family, head.patronymic
            else:
                fam, patro = None, False
            birth = head.birth - dt.timedelta(days=int(rng.uniform(18, 36) * 365.25))
            birth = max(birth, add_years(today, -92))
            members.append(
                self._person(
                    group,
                    s,
                    birth,
                    arrival,
                    "parent",
                    family=fam,
                    feminine=s is Sex.FEMALE,
                    patronymic=patro,
                )
            )
        return members[:room]

    # -- records ---------------------------------------------------------------------------
    def household(self, room: int) -> list[Bundle]:
        """The bundles of one new household of at most *room* people (a single or a family)."""
        rng = self.rng
        origin = self.origins.pick(rng)
        group = self.groups[origin].pick(rng)
        prof = PROFILES[origin]
        arrival = self._arrival(prof)
        if room > 1 and rng.random() < prof.p_family:
            members = self._family(group, prof, arrival, room)
            self.household_no += 1
            hh = self.household_no
        else:
            birth = self._birth(_TRIANGULAR_AGE["single"])
            members = [self._person(group, self._sex(prof.male_share), birth, arrival, "single")]
            hh = None
        return self._bundles(members, hh)

    def _home(self, members: list[_Person]) -> _Home:
        rng, today = self.rng, self.today
        head = members[0]
        origin = head.group.origin
        eu = origin in names.EU_ORIGINS
        history = statuses.status_history(
            rng, origin, head.arrival, today, minor=(head.arrival - head.birth).days < 18 * 365
        )
        current = history[-1][0] if history else ""
        asylum_path = any(h[0] == "permission_to_stay" for h in history)
        if eu:
            target = "eu_citizen"
        elif current == "temporary_protection" or (
            origin == "UKR" and current == "fictional_certificate"
        ):
            target = "protection_ukraine"
        elif current in ("arrival_certificate", "permission_to_stay"):
            target = "asylum_seeker"
        else:
            target = "third_country"
        profile = (
            "eu"
            if eu
            else "ukr"
            if target == "protection_ukraine"
            else "asylum"
            if current in ASYLUM_STATUSES
            else "refugee"
            if asylum_path
            else "migrant"
        )
        shelter = (
            current in ASYLUM_STATUSES and current != "toleration_training" and rng.random() < 0.6
        )
        address, town = people.address(rng, shelter)
        phone = people.phone(rng) if rng.random() < 0.9 else ""
        bamf = (
            self.ids.bamf_number(rng, origin, len(members))
            if asylum_path and rng.random() < 0.75
            else []
        )
        # One BG number for the whole Bedarfsgemeinschaft: household evidence, not person evidence.
        in_sgb2 = (
            (target == "protection_ukraine" and rng.random() < 0.65)
            or (current == "residence_permit" and asylum_path and rng.random() < 0.5)
            or (eu and rng.random() < 0.2)
        )
        return _Home(
            history,
            current,
            target,
            profile,
            address,
            town,
            shelter,
            phone,
            home_place=head.group.places.pick(rng),
            language=people.LANGUAGES[head.group.key][0].pick(rng),
            bamf=bamf,
            bg=self.ids.bg_number(rng) if in_sgb2 else "",
        )

    def _bundles(self, members: list[_Person], hh: int | None) -> list[Bundle]:
        rng, today = self.rng, self.today
        home = self._home(members)
        origin = members[0].group.origin
        # Consultations per household as for singles, spread over members (children come less).
        weights = [1.0 if p.age(today) >= 16 else 0.3 for p in members]
        per_weight = self.cpc * len(members) / sum(weights)
        parents_of_children = any(p.role == "child" for p in members)
        bundles = []
        for i, p in enumerate(members):
            client, canonical = self._client(p, i, home)
            client.identifiers = self._identifiers(p, origin, home, i)
            canonical.update(household=hh, person=self.person_no, role=p.role)
            self.person_no += 1
            history = (
                home.history
                if i == 0
                else statuses.status_for_member(home.history, p.birth, p.arrival)
            )
            b = Bundle(
                client,
                [ResidenceStatus(client.id, *entry) for entry in history],
                origin=origin,
                canonical=canonical,
            )
            bundles.append(b)
            adult = p.age(today) >= 16
            start = max(p.arrival, today - dt.timedelta(days=WINDOW_DAYS))
            count = (
                poisson(rng, rng.gammavariate(2.0, per_weight * weights[i] / 2.0))
                if per_weight > 0
                else 0
            )
            interpreter = next(
                (lang.code for lang in client.languages if lang.interpreter_needed), ""
            )
            b.consultations, b.tasks, b.referrals = self.activity.consultations(
                client,
                start,
                count,
                home.profile if adult else "child",
                parents_of_children and p.role in ("head", "spouse", "partner"),
                home.town,
                home.shelter,
                interpreter,
                home.profile,
                len(members),
            )
            if adult and rng.random() < 0.45:
                first = min((c.started_at.date() for c in b.consultations), default=start)
                b.consents = self.activity.consents(client, first)
        self._links(members, bundles)
        return bundles

    def _client(self, p: _Person, i: int, home: _Home) -> tuple[Client, dict]:
        rng, today = self.rng, self.today
        origin = p.group.origin
        birth_date, precision = people.birth_record(rng, origin, p.birth, p.born_here)
        if p.born_here:
            idx = _GERMAN_PLACES.pick(rng)
            place = names.GERMAN_BIRTH_PLACES[idx].variants[0]
            place_ref = {"group": "DEU", "index": idx, "variant": 0}
        elif rng.random() < 0.05:
            place, place_ref = "", None
        else:
            same_place = 1.0 if i == 0 else 0.85 if p.role == "child" else 0.5
            idx = home.home_place if rng.random() < same_place else p.group.places.pick(rng)
            variants = p.group.places.families[idx].variants
            v = people.pick_variant(rng, len(variants))
            place, place_ref = variants[v], {"group": p.group.key, "index": idx, "variant": v}
        nationalities = [origin]
        r = rng.random()
        if origin == "SYR" and r < 0.03:
            nationalities = ["XXA"]  # e.g. Palestinians and Ajanib Kurds from Syria
        elif origin in ("AFG", "ERI", "SOM") and r < 0.02:
            nationalities = ["XXX"]
        elif origin in ("UKR", "RUS") and r < 0.02:
            nationalities = ["UKR", "RUS"]
        elif p.born_here and home.current == "settlement_permit" and r < 0.5:
            nationalities = ["DEU", origin]  # § 4 Abs. 3 StAG: born here to settled parents
        age = p.age(today)
        if i == 0:
            phone = home.phone
        elif age >= 14 and rng.random() < 0.6:
            phone = people.phone(rng)
        else:
            phone = home.phone if age >= 16 and rng.random() < 0.5 else ""
        client = Client(
            family_name=people.render(p.family, p.feminine),
            given_names=people.render(p.given),
            birth_date=birth_date,
            birth_date_precision=precision,
            sex=p.sex,
            birth_name=people.render(p.birth_family, p.feminine) if p.birth_family else "",
            birth_place=place,
            nationalities=nationalities,
            languages=people.languages(
                rng, p.group, p.arrival, today, age, p.born_here, home.language
            ),
            phone=phone,
            address=home.address,
            target_group=home.target,
        )
        if rng.random() < 0.3:
            client.aliases = people.aliases(rng, p, client)
        canonical = {
            "given": people.canonical_refs(p.given),
            "family": people.canonical_refs(p.family),
            "birth_name": people.canonical_refs(p.birth_family),
            "feminine": p.feminine,
            "birth_place": place_ref,
            "group": p.group.key,
        }
        return client, canonical

    def _identifiers(self, p: _Person, origin: str, home: _Home, i: int) -> list[Identifier]:
        rng, ids, out = self.rng, self.ids, []
        third_country = origin not in names.EU_ORIGINS
        if third_country and rng.random() < (0.85 if home.current != "unknown" else 0.3):
            out.append(Identifier("azr_number", ids.azr_number(rng)))
        if third_country and rng.random() < 0.55:
            out.append(
                Identifier("abh_file_number", ids.abh_number(rng, max(p.arrival.year, 2005)))
            )
        if home.bamf:
            out.append(Identifier("bamf_file_number", home.bamf[i]))
        if home.bg:
            out.append(Identifier("jobcenter_number", home.bg))
        if rng.random() < (
            0.2 if origin in ("UKR", "RUS", "TUR", "IRN") or not third_country else 0.08
        ):
            out.append(Identifier("passport_number", ids.passport_number(rng, origin)))
        if rng.random() < 0.01:
            out.append(Identifier("other", f"Hausausweis GU {rng.randint(1000, 9999)}"))
        rng.shuffle(out)
        return out

    def _links(self, members: list[_Person], bundles: list[Bundle]) -> None:
        """Links from the head (and the other parent) to the other members of the household."""
        if len(members) < 2:
            return
        head = bundles[0]
        relation = {
            "spouse": "spouse",
            "partner": "partner",
            "child": "child",
            "parent": "parent",
            "sibling": "sibling",
        }
        other_parent = next(
            (b for p, b in zip(members, bundles) if p.role in ("spouse", "partner")), None
        )
        for p, b in zip(members[1:], bundles[1:]):
            head.household_links.append(
                HouseholdLink(head.client.id, b.client.id, relation[p.role])
            )
            if p.role == "child" and other_parent is not None:
                link = HouseholdLink(other_parent.client.id, b.client.id, "child")
                other_parent.household_links.append(link)


def generate(
    n_clients: int,
    seed: int = 1,
    *,
    consultations_per_client: float = 5.0,
    today: dt.date | None = None,
    users: list[str] | None = None,
) -> Iterator[Bundle]:
    """Yield *n_clients* bundles of realistic demo records that pass ``casefile.validation``."""
    builder = _Builder(
        random.Random(seed), today or dt.date.today(), users, consultations_per_client
    )
    produced = 0
    while produced < n_clients:
        bundles = builder.household(n_clients - produced)
        produced += len(bundles)
        yield from bundles
