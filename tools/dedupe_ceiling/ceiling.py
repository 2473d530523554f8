"""Supervised ceiling of the typo-noise duplicate benchmark (an experiment, not product code).

Question: is "recall >= 0.97 at precision >= 0.99" (bench.dedupe, typo mode) reachable at all
from what the records carry? A gradient-boosted classifier is trained WITH the truth labels on
other seeds and evaluated on seed 42, over the same blocking candidates as the matcher.
Features come from the two records and registry statistics only (never from the truth or the
generator's internals): the matcher's evidence, name-part string distances (straight and
crossed), date relations, detail agreement, name/text frequencies, household signals and
"competition" signals (how the two records score against their other candidates).

    PYTHONPATH=.:/tmp/ceilpkgs nice -n 19 .venv/bin/python \
        -m tools.dedupe_ceiling.ceiling --n 20000 --train 1 2 3 --test 42

Needs numpy, scikit-learn, lightgbm (installed with pip --target /tmp/ceilpkgs, not into the
project venv).
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
import time
from collections import Counter, defaultdict

import numpy as np
from rapidfuzz.distance import OSA, DamerauLevenshtein, JaroWinkler

from bench.dedupe_data import generate_dataset, persons_of
from casefile.dedupe import PersonIndex
from casefile.matcher import (
    REASONS,
    REVIEW_AT,
    _digits_transposed,
    _one_digit_apart,
    _typed,
    compare,
    is_placeholder,
    name_key,
    skeleton,
    slip_cost,
)
from casefile.places import same_place

CACHE = "/tmp/ceiling_cache"
CODES = sorted(REASONS)


def _tri(x, y) -> int:
    """1 equal, -1 differ, 0 missing on a side."""
    if not x or not y:
        return 0
    return 1 if x == y else -1


def _part(x: str, y: str) -> list[float]:
    """String features of two name parts (folded, joined); -1 where one is missing."""
    if not x or not y:
        return [-1.0] * 9
    dl = DamerauLevenshtein.distance(x, y)
    return [
        float(x == y),
        float(dl),
        dl / max(len(x), len(y)),
        JaroWinkler.similarity(x, y),
        slip_cost(x, y) if dl <= 4 else 9.0,
        float(x[:1] == y[:1]),
        float(min(len(x), len(y))),
        float(abs(len(x) - len(y))),
        float(OSA.distance(skeleton(x), skeleton(y))),
    ]


PART_NAMES = ["eq", "dl", "dln", "jw", "slip", "first", "lmin", "ldiff", "skel"]


class Registry:
    """Registry-level statistics computed from the rows themselves (no truth)."""

    def __init__(self, index: PersonIndex):
        people = index.people
        self.given_text = Counter(p.given_text for p in people if p.given_text)
        self.family_text = Counter(p.family_text for p in people if p.family_text)
        self.any_text = self.given_text + self.family_text
        self.phone = Counter(p.phone for p in people if p.phone)
        self.date = Counter(p.person.birth_date for p in people if p.person.birth_date)
        self.fam_date = Counter(
            (p.family_keys[0], p.person.birth_date)
            for p in people
            if p.family_keys and p.person.birth_date
        )
        self.fam_phone = Counter(
            (p.family_keys[0], p.phone) for p in people if p.family_keys and p.phone
        )
        self.place = Counter(p.person.birth_place.lower() for p in people if p.person.birth_place)
        self.n = len(people)


def _count(c: Counter, k) -> float:
    return math.log1p(c.get(k, 0)) if k else -1.0


def features(index: PersonIndex, reg: Registry, i: int, j: int) -> tuple[list[float], float]:
    a, b = index.people[i], index.people[j]
    x, y = a.person, b.person
    freq = index.freq
    m = compare(a, b, freq)
    ev: dict[str, float] = defaultdict(float)
    for e in m.evidence:
        ev[e.code] += e.weight
    f: list[float] = [m.score, float(len(m.evidence))]
    f += [ev.get(c, 0.0) for c in CODES]
    f += [float(c in ev) for c in CODES]
    # names
    ga, fa, gb, fb = a.given_text, a.family_text, b.given_text, b.family_text
    straight_g, straight_f = _part(ga, gb), _part(fa, fb)
    cross1, cross2 = _part(ga, fb), _part(fa, gb)
    f += straight_g + straight_f + cross1 + cross2
    whole_a, whole_b = " ".join(sorted(a.all_tokens)), " ".join(sorted(b.all_tokens))
    f += [
        JaroWinkler.similarity(whole_a, whole_b),
        float(DamerauLevenshtein.distance(ga + fa, gb + fb)),
        float(DamerauLevenshtein.distance(ga + fa, fb + gb)),
        float(bool(ga)) + float(bool(gb)),
        float(bool(fa)) + float(bool(fb)),
        float(len(a.given) + len(b.given)),
        float(abs(len(a.all_tokens) - len(b.all_tokens))),
        float(bool(a.given_keys and b.given_keys and a.given_keys[0] == b.given_keys[0])),
        float(bool(a.family_keys and b.family_keys and a.family_keys[0] == b.family_keys[0])),
        float(name_key(a) is not None and name_key(a) == name_key(b)),
    ]
    # one-part records: best part distance against the other's parts
    la, lb = [t for t in (ga, fa) if t], [t for t in (gb, fb) if t]
    if la and lb:
        f.append(float(min(DamerauLevenshtein.distance(s, t) for s in la for t in lb)))
    else:
        f.append(-1.0)

    # name frequencies
    def kc(keys):
        return math.log1p(freq.counts.get(keys[0], 0)) if keys else -1.0

    gk = sorted((kc(a.given_keys), kc(b.given_keys)))
    fk = sorted((kc(a.family_keys), kc(b.family_keys)))
    gt = sorted((_count(reg.any_text, ga), _count(reg.any_text, gb)))
    ft = sorted((_count(reg.any_text, fa), _count(reg.any_text, fb)))
    f += gk + fk + gt + ft
    f += [
        freq.weight(a, b),
        math.log1p(freq.namesakes(a, b)),
        math.log1p(freq.namesakes_born(a, b)),
        math.log1p(freq.expected(a, b, ("f", "m", "?"))),
        float(freq.unheard(a.given_keys + b.given_keys) > 0),
    ]
    # dates
    da, db = x.birth_date, y.birth_date
    missing = (da is None) + (db is None)
    ph = (da is not None and is_placeholder(da)) + (db is not None and is_placeholder(db))
    if da is not None and db is not None:
        ta, tb = _typed(da), _typed(db)
        ham = sum(p != q for p, q in zip(ta, tb))
        dfeat = [
            float(da == db),
            float(_one_digit_apart(da, db)),
            float(_digits_transposed(da, db)),
            float(da.year == db.year and da.month == db.day and da.day == db.month),
            float(da.year == db.year),
            float(da.month == db.month),
            float(da.day == db.day),
            float(abs(da.year - db.year)),
            float(ham),
            float(OSA.distance(ta, tb)),
            float(DamerauLevenshtein.distance(ta, tb)),
            abs((da - db).days) / 365.25,
        ]
    else:
        dfeat = [-1.0] * 12
    f += [float(missing), float(ph)] + dfeat
    f += [
        _count(reg.date, da) if da else -1.0,
        _count(reg.date, db) if db else -1.0,
    ]
    # details
    sx = _tri(x.sex if x.sex in ("f", "m") else "", y.sex if y.sex in ("f", "m") else "")
    nat = (
        0
        if not (x.nationalities and y.nationalities)
        else (1 if set(x.nationalities) & set(y.nationalities) else -1)
    )
    if x.birth_place and y.birth_place:
        place = 1 if same_place(x.birth_place, y.birth_place) else -1
        place_eq = float(x.birth_place.lower() == y.birth_place.lower())
    else:
        place, place_eq = 0, -1.0
    f += [
        float(sx),
        float(nat),
        float(place),
        place_eq,
        float(_tri(a.phone, b.phone)),
        float(_tri(a.azr, b.azr)),
        float(_tri(a.abh, b.abh)),
        float(bool(a.azr)) + float(bool(b.azr)),
        float(bool(a.abh)) + float(bool(b.abh)),
        float(bool(x.nationalities)) + float(bool(y.nationalities)),
        float(bool(x.birth_place)) + float(bool(y.birth_place)),
        float(bool(a.phone)) + float(bool(b.phone)),
        _count(reg.phone, a.phone) if a.phone and a.phone == b.phone else -1.0,
        _count(reg.place, x.birth_place.lower()) if place == 1 else -1.0,
    ]
    # household-ish: same family key + same phone/date, given names differing
    same_fam = bool(
        a.family_keys and b.family_keys and a.family_keys[0] == b.family_keys[0]
    ) or bool(fa and fa == fb)
    given_diff = bool(ga and gb and ga != gb)
    same_phone = bool(a.phone and a.phone == b.phone)
    f += [
        float(same_fam and same_phone and given_diff),
        float(same_fam and da is not None and da == db and given_diff),
        max(
            _count(reg.fam_phone, (a.family_keys[0], a.phone))
            if a.family_keys and a.phone
            else -1.0,
            _count(reg.fam_phone, (b.family_keys[0], b.phone))
            if b.family_keys and b.phone
            else -1.0,
        ),
        max(
            _count(reg.fam_date, (a.family_keys[0], da)) if a.family_keys and da else -1.0,
            _count(reg.fam_date, (b.family_keys[0], db)) if b.family_keys and db else -1.0,
        ),
    ]
    return f, m.score


def feature_names() -> list[str]:
    names = ["score", "n_evidence"]
    names += [f"w_{c}" for c in CODES] + [f"has_{c}" for c in CODES]
    for part in ("g", "f", "gxf", "fxg"):
        names += [f"{part}_{n}" for n in PART_NAMES]
    names += [
        "whole_jw",
        "whole_dl",
        "whole_dl_swapped",
        "n_given_present",
        "n_family_present",
        "n_given_tokens",
        "tokens_diff",
        "given_key_eq",
        "family_key_eq",
        "name_key_eq",
        "best_part_dl",
        "given_key_cnt_min",
        "given_key_cnt_max",
        "family_key_cnt_min",
        "family_key_cnt_max",
        "given_text_cnt_min",
        "given_text_cnt_max",
        "family_text_cnt_min",
        "family_text_cnt_max",
        "freq_weight",
        "namesakes",
        "namesakes_born",
        "expected_namesakes",
        "unheard_given",
        "date_missing",
        "date_placeholders",
        "date_eq",
        "date_one_digit",
        "date_transposed",
        "date_dm_swapped",
        "date_same_year",
        "date_same_month",
        "date_same_day",
        "date_year_diff",
        "date_hamming",
        "date_osa",
        "date_dl",
        "date_days_diff_y",
        "date_cnt_a",
        "date_cnt_b",
        "sex",
        "nationality",
        "birth_place",
        "birth_place_text_eq",
        "phone",
        "azr",
        "abh",
        "n_azr",
        "n_abh",
        "n_nat",
        "n_place",
        "n_phone",
        "shared_phone_cnt",
        "shared_place_cnt",
        "household_phone",
        "household_date",
        "fam_phone_cnt",
        "fam_date_cnt",
    ]
    names += [
        "cmp_best_other_min",
        "cmp_best_other_max",
        "cmp_margin_min",
        "cmp_margin_max",
        "cmp_n_review_min",
        "cmp_n_review_max",
        "cmp_rank_max",
        "cmp_mutual_best",
        "cmp_third",
        "cmp_n_third",
    ]
    return names


def competition(pairs: np.ndarray, scores: np.ndarray, n: int) -> np.ndarray:
    """How each record of a pair scores against its other candidates (matcher score only):
    a record that has a far better match elsewhere is seldom a copy of this one too; a pair
    whose two records are both strongly linked to a third is one person recorded three times."""
    best1 = np.full(n, -np.inf)
    best2 = np.full(n, -np.inf)
    nrev = np.zeros(n)
    for (i, j), s in zip(pairs, scores):
        for r in (i, j):
            if s > best1[r]:
                best1[r], best2[r] = s, best1[r]
            elif s > best2[r]:
                best2[r] = s
            if s >= REVIEW_AT:
                nrev[r] += 1
    strong: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), s in zip(pairs, scores):
        if s >= 4.0:
            strong[i][j] = s
            strong[j][i] = s
    out = np.zeros((len(pairs), 10))
    for k, ((i, j), s) in enumerate(zip(pairs, scores)):
        other = []
        rank = []
        review = []
        for r in (i, j):
            bo = best2[r] if best1[r] == s else best1[r]  # best other (ties: the same)
            bo = max(bo, -30.0)
            other.append(bo)
            rank.append(float(s < best1[r]) + float(s < best2[r]))
            review.append(nrev[r] - (s >= REVIEW_AT))
        third, nthird = -30.0, 0
        si, sj = strong.get(i, {}), strong.get(j, {})
        if len(si) > len(sj):
            si, sj = sj, si
        for t, w in si.items():
            if t in sj:
                nthird += 1
                third = max(third, min(w, sj[t]))
        out[k] = [
            min(other),
            max(other),
            s - max(other),
            s - min(other),
            min(review),
            max(review),
            max(rank),
            float(max(rank) == 0),
            third,
            nthird,
        ]
    return out


def build(n: int, seed: int) -> dict:
    os.makedirs(CACHE, exist_ok=True)
    path = f"{CACHE}/typo-{n}-{seed}.pkl"
    if os.path.exists(path):
        with open(path, "rb") as fh:
            return pickle.load(fh)
    t0 = time.perf_counter()
    ds = generate_dataset(n, seed=seed, mode="typo")
    index = PersonIndex(persons_of(ds.rows))
    reg = Registry(index)
    ids = [p.person.id for p in index.people]
    cand = np.array(sorted(index.candidates()), dtype=np.int64)
    X = np.empty((len(cand), len(feature_names())), dtype=np.float32)
    scores = np.empty(len(cand))
    nbase = len(feature_names()) - 10
    for k, (i, j) in enumerate(cand):
        fv, s = features(index, reg, int(i), int(j))
        X[k, :nbase] = fv
        scores[k] = s
    X[:, nbase:] = competition(cand, scores, len(ids))
    y = np.array([frozenset((ids[i], ids[j])) in ds.pairs for i, j in cand], dtype=np.int8)
    t_feat = time.perf_counter() - t0
    found = {frozenset((p.left, p.right)) for p in index.pairs()}
    hit = len(found & ds.pairs)
    out = {
        "n": n,
        "seed": seed,
        "X": X,
        "y": y,
        "score": scores,
        "pairs": cand,
        "ids": ids,
        "rows": {r["id"]: r for r in ds.rows},
        "n_true": len(ds.pairs),
        "matcher_p": hit / len(found),
        "matcher_r": hit / len(ds.pairs),
        "matcher_found": found,
        "secs": t_feat,
    }
    with open(path, "wb") as fh:
        pickle.dump(out, fh)
    return out


def best_recall(prob: np.ndarray, y: np.ndarray, n_true: int, at: float = 0.99):
    """The best recall over all true pairs at precision >= *at*, with its threshold."""
    order = np.argsort(-prob, kind="stable")
    tp = np.cumsum(y[order])
    k = np.arange(1, len(order) + 1)
    prec = tp / k
    # a cut must lie between distinct values of prob
    ok = (prec >= at) & np.r_[prob[order][1:] != prob[order][:-1], True]
    if not ok.any():
        return 0.0, float("nan"), 0, 0
    best = np.argmax(np.where(ok, tp, -1))
    return tp[best] / n_true, float(prob[order][best]), int(tp[best]), int(k[best] - tp[best])


def fmt_row(r: dict) -> str:
    return (
        f"{r['id']} {r['given_names']!r:22} {r['family_name']!r:22} {r['birth_date'] or '-':10} "
        f"{r['sex'] or '-'} {r['nationality'] or '-':3} {r['birth_place'][:12] or '-':12} "
        f"{r['phone'][-8:] or '-':8} {'azr' if r['azr_number'] else ''}"
        f"{' abh' if r['abh_file_number'] else ''}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--train", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--train-n", type=int, default=0, help="size of training sets (default --n)")
    ap.add_argument("--test", type=int, default=42)
    ap.add_argument("--test-n", type=int, default=0, help="size of the test set (default --n)")
    ap.add_argument("--show", type=int, default=8)
    ap.add_argument("--importance", action="store_true")
    ap.add_argument("--analyze", action="store_true", help="kinds of pairs gained and lost")
    ap.add_argument("--no-competition", action="store_true")
    ap.add_argument("--matcher-only", action="store_true", help="features: matcher evidence only")
    ap.add_argument(
        "--floor",
        type=float,
        default=-5.0,
        help="candidates whose matcher score is below this are left to the matcher (prob 0); "
        "none of seed 42's true pairs at 20,000 score below -2",
    )
    ap.add_argument("--drop", nargs="*", default=[], help="feature name prefixes to leave out")
    args = ap.parse_args()
    import lightgbm as lgb

    t0 = time.perf_counter()
    train_n = args.train_n or args.n
    train = [build(train_n, s) for s in args.train]
    test = build(args.test_n or args.n, args.test)
    print(f"data built/loaded in {time.perf_counter() - t0:.0f} s")
    names = feature_names()
    cols = list(range(len(names)))
    if args.no_competition:
        cols = [c for c in cols if not names[c].startswith("cmp_")]
    if args.matcher_only:
        cols = [
            c for c in cols if names[c] == "score" or names[c].startswith(("w_", "has_", "cmp_"))
        ]
    for d in [*train, test]:
        covered = int(d["y"].sum())
        print(
            f"  {d['n']} seed {d['seed']}: {len(d['y'])} candidates, {d['n_true']} true pairs, "
            f"blocking recall {covered / d['n_true']:.4f} ({d['n_true'] - covered} never "
            f"candidates); matcher final P {d['matcher_p']:.4f} R {d['matcher_r']:.4f}; "
            f"features {d['secs']:.0f} s"
        )
    if args.drop:
        cols = [c for c in cols if not names[c].startswith(tuple(args.drop))]
    keep = [d["score"] >= args.floor for d in train]
    Xtr = np.vstack([d["X"][k][:, cols] for d, k in zip(train, keep)])
    ytr = np.concatenate([d["y"][k] for d, k in zip(train, keep)])
    Xte, yte = test["X"][:, cols], test["y"]
    low_te = test["score"] < args.floor
    print(
        f"  floor {args.floor}: training true pairs left out "
        f"{sum(int(d['y'][~k].sum()) for d, k in zip(train, keep))}, test true pairs left out "
        f"{int(yte[low_te].sum())}; features used {len(cols)}"
    )
    params = dict(
        n_estimators=600,
        learning_rate=0.03,
        num_leaves=31,
        min_child_samples=20,
        subsample=0.8,
        subsample_freq=1,
        colsample_bytree=0.8,
        reg_lambda=1.0,
        n_jobs=2,
        verbose=-1,
    )
    t1 = time.perf_counter()
    # threshold chosen out of sample: train on all but the last training seed, pick the
    # threshold giving precision 0.99 on it (as a deployment would have to)
    thr_cv = None
    if len(train) > 1:
        k = sum(int(kk.sum()) for kk in keep[:-1])
        cv = lgb.LGBMClassifier(**params).fit(Xtr[:k], ytr[:k])
        pv = cv.predict_proba(train[-1]["X"][:, cols])[:, 1]
        pv[train[-1]["score"] < args.floor] = 0.0
        rv, thr_cv, _, _ = best_recall(pv, train[-1]["y"], train[-1]["n_true"])
        print(f"  held-out training seed {train[-1]['seed']}: best recall at P0.99 {rv:.4f}")
    model = lgb.LGBMClassifier(**params).fit(Xtr, ytr)
    prob = model.predict_proba(Xte)[:, 1]
    prob[low_te] = 0.0
    print(
        f"trained on {len(ytr)} pairs ({int(ytr.sum())} true) in {time.perf_counter() - t1:.0f} s"
    )
    n_true = test["n_true"]
    rm, tm, tpm, fpm = best_recall(test["score"], yte, n_true)
    rs, ts, tps, fps = best_recall(prob, yte, n_true)
    print(f"== test {test['n']} seed {args.test}, recall over all {n_true} true pairs")
    print(f"  matcher final (index.pairs): P {test['matcher_p']:.4f} R {test['matcher_r']:.4f}")
    print(
        f"  matcher score, best threshold: R {rm:.4f} at P>=0.99 (bar {tm:.2f}, {tpm} true, {fpm} false)"
    )
    print(
        f"  supervised, best threshold:    R {rs:.4f} at P>=0.99 (p>={ts:.3f}, {tps} true, {fps} false)"
    )
    if thr_cv is not None:
        sel = prob >= thr_cv
        tp, fp = int(yte[sel].sum()), int((1 - yte[sel]).sum())
        print(
            f"  supervised, threshold from held-out seed ({thr_cv:.3f}): "
            f"P {tp / max(1, tp + fp):.4f} R {tp / n_true:.4f}"
        )
    for at in (0.98, 0.995):
        print(
            f"  at P>={at}: matcher R {best_recall(test['score'], yte, n_true, at)[0]:.4f}, "
            f"supervised R {best_recall(prob, yte, n_true, at)[0]:.4f}"
        )
    # importances
    gain = model.booster_.feature_importance("gain")
    top = np.argsort(-gain)[:25]
    print(
        "top features by gain: "
        + ", ".join(f"{names[cols[c]]} {gain[c] / gain.sum():.3f}" for c in top)
    )
    if args.importance:
        rng = np.random.default_rng(0)
        base = rs
        imp = []
        for c in top[:20]:
            Xp = Xte.copy()
            Xp[:, c] = Xp[rng.permutation(len(Xp)), c]
            pp = model.predict_proba(Xp)[:, 1]
            pp[low_te] = 0.0
            r = best_recall(pp, yte, n_true)[0]
            imp.append((base - r, names[cols[c]]))
        imp.sort(reverse=True)
        print(
            "permutation importance (drop of best recall at P0.99): "
            + ", ".join(f"{n} {d:+.4f}" for d, n in imp)
        )
    # examples
    rows, ids, pairs = test["rows"], test["ids"], test["pairs"]
    sup = prob >= ts
    mat = test["score"] >= tm
    gained = np.where(sup & ~mat & (yte == 1))[0]
    lost = np.where(~sup & mat & (yte == 1))[0]
    sup_false = np.where(sup & (yte == 0))[0]
    mat_false = np.where(mat & (yte == 0))[0]
    print(
        f"  at their P0.99 bars: true pairs supervised-only {len(gained)}, matcher-only "
        f"{len(lost)}; false pairs supervised {len(sup_false)} matcher {len(mat_false)} "
        f"(shared {len(set(sup_false) & set(mat_false))})"
    )
    for title, idxs in (
        ("true pairs the supervised model finds and the matcher misses", gained),
        ("true pairs the matcher finds and the supervised model misses", lost),
        ("false pairs of the supervised model", sup_false),
    ):
        print(f"  {title} ({len(idxs)}):")
        for k in np.random.default_rng(1).permutation(idxs)[: args.show]:
            i, j = pairs[k]
            print(f"    p={prob[k]:.3f} score={test['score'][k]:.2f}")
            print("      " + fmt_row(rows[ids[i]]))
            print("      " + fmt_row(rows[ids[j]]))
    if args.analyze:
        analyze(test, X=test["X"], prob=prob, sup=sup, mat=mat)
    print(f"total {time.perf_counter() - t0:.0f} s")


def category(x: np.ndarray, names: list[str]) -> tuple[str, str, str]:
    """A readable kind of a pair (date relation, given-name relation, competition)."""
    v = dict(zip(names, x))
    if v["date_missing"] == 2:
        date = "no date either side"
    elif v["date_missing"] == 1:
        date = "date missing one side"
    elif v["date_placeholders"] >= 1 and not v["date_eq"]:
        date = "placeholder vs other"
    elif v["date_eq"]:
        date = "same date" + (" (placeholder)" if v["date_placeholders"] else "")
    elif v["date_one_digit"] or v["date_transposed"] or v["date_dm_swapped"]:
        date = "one slip / d-m swap"
    elif v["date_osa"] <= 2:
        date = "two slips"
    else:
        date = "dates far apart"
    if v["n_given_present"] < 2:
        given = "given missing one side"
    elif v["has_other_given_name"]:
        given = "other_given_name evidence"
    elif v["g_eq"] == 1 or v["gxf_eq"] == 1:
        given = "given equal"
    else:
        given = "given with slips"
    comp = "mutual best" if v["cmp_rank_max"] == 0 else "has better candidate"
    if v["cmp_third"] >= 8:
        comp += ", both linked to a third"
    return date, given, comp


def analyze(test: dict, X: np.ndarray, prob: np.ndarray, sup: np.ndarray, mat: np.ndarray):
    names = feature_names()
    y = test["y"]
    groups = {
        "true, supervised only": np.where(sup & ~mat & (y == 1))[0],
        "false, matcher only (supervised rejects)": np.where(mat & ~sup & (y == 0))[0],
        "false, supervised only": np.where(sup & ~mat & (y == 0))[0],
        "true, missed by both (candidates)": np.where(~sup & ~mat & (y == 1))[0],
    }
    for title, idxs in groups.items():
        print(f"  {title}: {len(idxs)}")
        for axis in range(3):
            c = Counter(category(X[k], names)[axis] for k in idxs)
            print("    " + "; ".join(f"{k} {n}" for k, n in c.most_common()))


if __name__ == "__main__":
    main()
