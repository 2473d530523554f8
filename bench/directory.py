"""Directory benchmark (issue 19): the offer search and the unmet-needs count on a laptop store.

    python -m bench.directory [--offers 5000] [--mediators 300] [--referrals 100000] [--seed 7]
    python -m bench.directory --quick   # CI: 500 offers, 60 mediators, 10,000 referrals; seconds

Generates (or reuses, under bench/_data/) an encrypted laptop store (SQLCipher, as the app's)
holding a directory of N offers of about N/8 providers -- topics, target groups, German plus up
to three languages (some "mit Sprachmittlung nach Absprache"), one to three places of the
county's location catalog or a street address in a known town, weekly hours, translations of
what to bring, one in three not verified for over a year -- the pool of mediators, and the
referrals of the last two years (topic, language, place of the need, status; about one in six
failed, with a reason).

Measured, each beside the raw limit of the same path in the same run:

* **load**: ``desktop.store.offers.load`` (read the offer and provider tables,
  decode, build ``casefile.offers.Index``) -- the limit is the bare ``SELECT`` of both tables;
* **search**: ``Index.search`` for a need of topic + language + place (the caseworker's query;
  a share with a target group or a word typed), p50/p95/max -- the limit is one pass over the
  same candidates doing only the language lookup;
* **unmet needs**: ``desktop.store.needs.report`` over all referrals of the last twelve months
  (the view's grouped count plus the count of all referrals) -- the limit is a bare read of the
  same columns of the same rows.

Promises (checked, exit status 1 when broken): search p95 <= 10 ms, unmet needs <= 1 s (wall
clock; the process's CPU time is printed beside, so a figure from a busy machine can be judged).
``--quick`` checks bounds 2.5 times the full ones on a store ten times smaller.

Full size (5,000 offers, 625 providers, 300 mediators, 100,000 referrals), two runs on the
2-core machine at a load of 10-11 (eight engineers' tests beside it), so wall clock ran at
about three times the CPU time: load of the index 610-794 ms (CPU 227-257 ms; bare SELECT of
both tables 60-72 ms); search p50 10.5-11.4 ms, p95 20.3-21.4 ms wall, CPU p50 3.5 ms, p95
4.3 ms (the bare pass beside it: p50 0.55 ms, p95 7-10 ms -- its p95 is the machine's
scheduling, not work); unmet needs over the last twelve months (50,062 referrals, 3,773
cells) 629-776 ms best, 1,077-1,358 ms worst wall, CPU 271-302 ms (bare read of the same
rows 204-276 ms). The promises hold on CPU time; on that busy machine the wall-clock p95 of
the search and the worst unmet-needs run did not. ``--quick``: search p95 5-8.6 ms, unmet
needs 54-230 ms, all promises kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

from bench.common import BENCH_KEY, DATA, percentile
from casefile import catalogs, codec
from casefile.ids import new_id
from casefile.offers import Index, Need
from casefile.records import (
    Mediator,
    MediatorLanguage,
    Offer,
    OfferHours,
    OfferLanguage,
    OfferPlace,
    OfferText,
    Provider,
    Referral,
    VettingItem,
)

TARGETS = {"p95": 10.0, "needs": 1000.0}
QUICK_TARGETS = {"p95": 25.0, "needs": 2500.0}
TODAY = dt.date(2026, 12, 1)  # fixed: the generated store and the queries stay comparable
STAMP = "2026-12-01T08:00:00+00:00"

KINDS = ("Beratung", "Sprechstunde", "Kurs", "Treffpunkt", "Begleitung", "Gruppe", "Hilfe")
SPONSORS = (
    "Caritas",
    "Diakonie",
    "AWO",
    "DRK",
    "Volkshochschule",
    "Stadtverwaltung",
    "Migrantenorganisation",
    "Verein",
    "Kirchengemeinde",
    "Paritätischer",
)
BRING = (
    "Ausweis",
    "Bescheide",
    "Kontoauszüge",
    "Zeugnisse",
    "Mietvertrag",
    "Krankenversicherungskarte",
    "Schreiben des BAMF",
)
STREETS = ("Markt", "Bahnhofstraße", "Lindenweg", "Schulstraße", "Am Anger", "Kirchplatz")
DAYS = ("MO", "TU", "WE", "TH", "FR")
STATUSES = (
    ("attended", 40),
    ("accepted", 12),
    ("sent", 12),
    ("proposed", 8),
    ("cancelled", 10),
    ("failed", 18),
)


def _weighted(rng: random.Random, pairs) -> str:
    codes, weights = zip(*pairs, strict=True)
    return rng.choices(codes, weights)[0]


def _catalog():
    topics = [e.code for e in catalogs.load("topic").entries]
    languages = [e.code for e in catalogs.load("language").entries if e.code != "de"]
    common = [e.code for e in catalogs.load("language").entries if e.extra.get("common")]
    common = [c for c in common if c != "de"]
    places = [e for e in catalogs.load("location").entries if e.extra.get("lat") is not None]
    groups = [e.code for e in catalogs.load("target_group").entries]
    failures = [e.code for e in catalogs.load("referral_failure").entries]
    return topics, languages, common, places, groups, failures


def generate(offers: int, mediators: int, referrals: int, seed: int):
    """Providers, offers, mediators and referrals as store rows (kind -> rows)."""
    rng = random.Random(seed)
    topics, languages, common, places, groups, failures = _catalog()
    towns = sorted({str(p.extra.get("town", "")).split(" (")[0] for p in places} - {""})
    providers = [
        Provider(
            name=f"{rng.choice(SPONSORS)} {rng.choice(towns)} {n + 1}",
            phone=f"0344{rng.randint(1, 5)} {rng.randint(100, 999)} {rng.randint(10, 99)}",
            address=f"{rng.choice(STREETS)} {rng.randint(1, 40)}, {rng.choice(towns)}",
        )
        for n in range(max(1, offers // 8))
    ]
    offer_rows = []
    for n in range(offers):
        topic = rng.choice(topics)
        extra = rng.sample(common if rng.random() < 0.8 else languages, rng.choice((0, 1, 1, 2, 3)))
        place_rows = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            if rng.random() < 0.8:
                place_rows.append(OfferPlace(location=rng.choice(places).code))
            else:
                place_rows.append(
                    OfferPlace(
                        address=f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
                        postal_code=f"06{rng.randint(600, 799)}",
                        city=rng.choice(towns),
                    )
                )
        opens = rng.choice(("08:00", "09:00", "13:00", "14:00"))
        closes = {"08:00": "12:00", "09:00": "12:00", "13:00": "16:00", "14:00": "18:00"}[opens]
        days = sorted(rng.sample(DAYS, rng.choice((1, 2, 3))), key=DAYS.index)
        offer = Offer(
            provider_id=rng.choice(providers).id,
            name=f"{rng.choice(KINDS)} {catalogs.load('topic').label(topic)} {n + 1}",
            topics=[topic] + ([rng.choice(topics)] if rng.random() < 0.2 else []),
            description="Offene Beratung und Begleitung; weitere Termine nach Absprache.",
            target_groups=rng.sample(groups, 1) if rng.random() < 0.25 else [],
            languages=[OfferLanguage("de")]
            + [
                OfferLanguage(c, "mit Sprachmittlung nach Absprache" if rng.random() < 0.35 else "")
                for c in extra
            ],
            places=place_rows,
            hours=[OfferHours(f"FREQ=WEEKLY;BYDAY={','.join(days)}", opens, closes)],
            appointment_only=rng.random() < 0.3,
            phone=f"0344{rng.randint(1, 5)} {rng.randint(100, 999)} {rng.randint(10, 99)}",
            what_to_bring=", ".join(rng.sample(BRING, 2)),
            translations=[OfferText(c, what_to_bring="…") for c in extra if rng.random() < 0.3],
            verified_on=TODAY - dt.timedelta(days=rng.choice((20, 90, 200, 300, 420, 800))),
            verified_by="Koordination",
            active=rng.random() > 0.03,
        )
        offer_rows.append(codec.encode(offer))
    mediator_rows = [
        codec.encode(
            Mediator(
                family_name=f"Mittler{n}",
                given_names=rng.choice(("Amina", "Yusuf", "Olena", "Dawit", "Farid", "Leyla")),
                kind="volunteer" if rng.random() < 0.8 else "professional",
                languages=[
                    MediatorLanguage(c, rng.choice(("native", "fluent", "basic")))
                    for c in rng.sample(common, rng.choice((1, 1, 2)))
                ],
                settings=rng.sample(["on_site", "phone", "video"], rng.choice((1, 2, 3))),
                areas=[p.code for p in rng.sample(places, 3)],
                vetting=[
                    VettingItem(
                        "confidentiality",
                        TODAY - dt.timedelta(days=300),
                        TODAY + dt.timedelta(days=rng.randint(-30, 700)),
                    )
                ],
            )
        )
        for n in range(mediators)
    ]
    referral_rows = []
    start = TODAY - dt.timedelta(days=730)
    need_places = [p.code for p in places]
    for _ in range(referrals):
        status = _weighted(rng, STATUSES)
        referral_rows.append(
            codec.encode(
                Referral(
                    client_id=new_id(),
                    target="Angebot",
                    reason="Bedarf aus der Beratung",
                    referred_on=start + dt.timedelta(days=rng.randrange(730)),
                    status=status,
                    target_kind="offer",
                    topic=rng.choice(topics),
                    language=rng.choice(common) if rng.random() < 0.85 else "",
                    location=rng.choice(need_places) if rng.random() < 0.9 else "",
                    failure_reason=rng.choice(failures) if status == "failed" else "",
                    referred_by="bench",
                    referring_unit="integration",
                )
            )
        )
    return {
        "provider": [codec.encode(p) for p in providers],
        "offer": offer_rows,
        "mediator": mediator_rows,
        "referral": referral_rows,
    }


def build_store(offers: int, mediators: int, referrals: int, seed: int, rebuild=False) -> Path:
    from sqlalchemy import insert

    from desktop.store import schema as t
    from desktop.store.connection import open_store

    path = DATA / f"directory-{offers}-{mediators}-{referrals}-s{seed}.sqlite"
    if path.exists() and not rebuild:
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    engine = open_store(path, key=BENCH_KEY)
    data = generate(offers, mediators, referrals, seed)
    with engine.begin() as conn:
        for kind, rows in data.items():
            for i in range(0, len(rows), 5000):
                chunk = [{**r, "created_at": STAMP} for r in rows[i : i + 5000]]
                conn.execute(insert(getattr(t, kind)), chunk)
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    counts = {k: len(v) for k, v in data.items()}
    print(f"generated store {path.name} in {time.perf_counter() - t0:.1f} s: {counts}")
    return path


def needs_for(rng: random.Random, n: int) -> list[Need]:
    topics, _languages, common, places, groups, _ = _catalog()
    out = []
    for _ in range(n):
        out.append(
            Need(
                topic=rng.choice(topics),
                language=rng.choice(common) if rng.random() < 0.9 else "de",
                location=rng.choice(places).code,
                target_group=rng.choice(groups) if rng.random() < 0.3 else "",
                text=rng.choice(("", "", "", "", "beratung", "kurs")),
            )
        )
    return out


def bare_pass(index: Index, need: Need) -> float:
    """Milliseconds of one pass over the same candidates doing only the language lookup."""
    t = time.perf_counter()
    ids = index.by_topic.get(need.topic, ())
    n = 0
    for offer_id in ids:
        offer = index.offers[offer_id]
        n += any(lang.code == need.language for lang in offer.languages)
    return (time.perf_counter() - t) * 1000


def bare_tables(engine) -> float:
    t = time.perf_counter()
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("SELECT * FROM provider").fetchall()
        raw.execute("SELECT * FROM offer").fetchall()
    return (time.perf_counter() - t) * 1000


def bare_referrals(engine, start: dt.date, end: dt.date) -> float:
    t = time.perf_counter()
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute(
            "SELECT referred_on, topic, language, location, status, failure_reason "
            "FROM referral WHERE referred_on >= ? AND referred_on <= ?",
            (start.isoformat(), end.isoformat()),
        ).fetchall()
    return (time.perf_counter() - t) * 1000


def main() -> None:
    from desktop.store import needs as store_needs
    from desktop.store.connection import open_store
    from desktop.store.offers import load_from

    p = argparse.ArgumentParser()
    p.add_argument("--offers", type=int, default=5000)
    p.add_argument("--mediators", type=int, default=300)
    p.add_argument("--referrals", type=int, default=100_000)
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--rebuild", action="store_true")
    p.add_argument("--quick", action="store_true", help="CI size: 500 offers, 10,000 referrals")
    args = p.parse_args()
    if args.quick:
        args.offers, args.mediators, args.referrals, args.queries = 500, 60, 10_000, 300
    path = build_store(args.offers, args.mediators, args.referrals, args.seed, args.rebuild)
    engine = open_store(path, key=BENCH_KEY)

    loads, limits, load_cpu = [], [], []
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        index = load_from(engine).index
        loads.append((time.perf_counter() - t) * 1000)
        load_cpu.append((time.process_time() - c) * 1000)
        limits.append(bare_tables(engine))
    print(
        f"store: {len(index.offers)} offers, {len(index.providers)} providers; "
        f"{args.mediators} mediators, {args.referrals} referrals (encrypted)"
    )
    print(
        f"load index from the store: best {min(loads):.0f} ms, worst {max(loads):.0f} ms "
        f"(CPU {min(load_cpu):.0f} ms)  "
        f"(limit: bare SELECT of offer and provider tables {min(limits):.0f} ms)"
    )

    queries = needs_for(random.Random(args.seed + 1), args.queries)
    for need in queries[:20]:  # warm, as a running app would be
        index.search(need, TODAY)
    times, cpu_times, bare, found = [], [], [], 0
    for need in queries:
        t, c = time.perf_counter(), time.process_time()
        hits = index.search(need, TODAY)
        times.append((time.perf_counter() - t) * 1000)
        cpu_times.append((time.process_time() - c) * 1000)
        bare.append(bare_pass(index, need))
        found += bool(hits)
    p95 = percentile(times, 0.95)
    print(
        f"search topic + language + place: p50 {statistics.median(times):.2f} ms, "
        f"p95 {p95:.2f} ms, max {max(times):.2f} ms  [target p95 <= {TARGETS['p95']:.0f} ms]; "
        f"{found}/{len(queries)} queries with hits; CPU p50 {statistics.median(cpu_times):.2f}"
        f" ms, p95 {percentile(cpu_times, 0.95):.2f} ms"
    )
    print(
        f"  limit, same run: one bare pass over the topic's offers p50 "
        f"{statistics.median(bare):.3f} ms, p95 {percentile(bare, 0.95):.3f} ms"
    )

    end = TODAY
    start = TODAY - dt.timedelta(days=365)
    runs, raw, needs_cpu = [], [], []
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        report = store_needs.report(engine, start, end)
        runs.append((time.perf_counter() - t) * 1000)
        needs_cpu.append((time.process_time() - c) * 1000)
        raw.append(bare_referrals(engine, start, end))
    everything = store_needs.report(engine, TODAY - dt.timedelta(days=800), end)
    worst = max(runs)
    print(
        f"unmet needs, last 12 months: best {min(runs):.0f} ms, worst {worst:.0f} ms  "
        f"(CPU {min(needs_cpu):.0f} ms)  [target <= {TARGETS['needs']:.0f} ms]; "
        f"{report.unmet} unmet needs in "
        f"{len(report.cells)} cells of {report.referrals} referrals"
    )
    print(
        f"  limit, same run: bare read of the same columns and rows {min(raw):.0f} ms; "
        f"all {everything.referrals} referrals (two years) {len(everything.cells)} cells"
    )
    engine.dispose()
    bounds = QUICK_TARGETS if args.quick else TARGETS
    broken = [
        name
        for name, ok in (
            ("search p95", p95 <= bounds["p95"]),
            ("unmet needs", worst <= bounds["needs"]),
        )
        if not ok
    ]
    if broken:
        print("BROKEN: " + ", ".join(broken))
        sys.exit(1)
    print("all promises kept")


if __name__ == "__main__":
    main()
