"""Duplicate detection benchmark: precision, recall and runtime of ``mia-sync-server dedupe``.

    python -m bench.dedupe [--mode translit|typo|both] [--people 20000] [--large 100000]
                           [--checks 300] [--show N]
    python -m bench.dedupe --quick      # CI: both modes, 3,000 records, 50 checks; seconds
    python -m bench.dedupe --mode typo --large 0 --checks 0 --show 20   # study the errors

``--show N`` prints N missed true pairs and N false pairs of each run (both rows with the noise
of each record, whether the blocking made the pair a candidate, the matcher's evidence).

Modes (bench/dedupe_data.py): ``translit`` (default) -- duplicates in the variations of real
registries (romanisations, original script, articles, placeholder dates, ...); ``typo`` -- the
same population, duplicates typed in a hurry (one to three slips in the names, a digit of the
birth date changed or two swapped, day and month swapped, a field missing, given and family
name swapped); ``both``.

Per mode:

1. A seeded registry of ``--people`` records (about 15 % duplicates) is written as CSV; the CLI
   judges it in a separate process; prints precision, recall and F1 of all judged pairs
   (same + review), the precision of the automatic ones (same) and the runtime.
2. The same for ``--large`` records.
3. One new client checked against the large registry (``PersonIndex.matches_for``), p50/p95
   over ``--checks`` people.

Every time is printed beside the limit of the same path measured in the same run (the machine
may be shared, so a time alone says little):

* the CLI's time beside a *bare pass* over the same CSV in a separate process of the same
  interpreter: start, read_csv, build the index (prepare every person and compute its blocking
  keys) and enumerate the candidate pairs -- everything the CLI does but the comparisons and
  the writing. The comparisons are what the matcher adds; the bare pass is what any blocking
  dedupe of this CSV must pay.
* ``matches_for`` beside a *bare lookup* of the same people in the same index: prepare the
  person, compute its blocking keys and gather the candidates -- everything but the
  comparisons.

Promises (``TARGETS``; exit 1 if one is broken): typo mode recall >= 0.97 at precision >= 0.99;
transliteration F1 >= 0.95 (at ``--people``, as before); automatic merges precision >= 0.999
in both modes and sizes; the CLI over 100,000 records <= 60 s; matches_for p95 <= 50 ms.
``--quick`` checks ``QUICK_TARGETS`` on 3,000 records per mode; the CLI bound is the bare pass
plus what the comparisons of 3,000 records may take on a busy machine.

Tenth round (issue 17, part 6), seed 42: typo 20,000 P 0.9935 R 0.9775 (ninth round 0.9943 /
0.9725), 100,000 P 0.9913 R 0.9707 (0.9902 / 0.9624); seed 1 at 100,000 P 0.9901 R 0.9703;
20,000 seeds 1 / 2 / 3 R 0.9809 / 0.9764 / 0.9757 at P 0.9911 / 0.9955 / 0.9937; translit F1
0.9848 / 0.9780 (0.9843 / 0.9752); automatic 1.000. What changed, each estimated from the
registry's own AZR-anchored pairs unless said: (1) how a birth place both records name is
spelled (DetailWeights.place_spelling): a person's records are typed from the same papers, so
they may repeat one spelling where two people of one town each bring theirs; the typing-noise
registry weighs one place spelled alike +0.4 and spelled otherwise -4.1 (its people never change
the spelling; 31 false pairs above the bar and 135 near it named one place in two spellings,
no true pair), the transliteration registry +0.33 / -1.41; by default nothing; (2) a lone detail
counts against at most as much as the detail differing (a phone on one record only is no surer a
sign of two people than two phones; the cap of 2 had held the typo registry's lone phone at -2.0
where it estimates -3.75: 0 true pairs among its 1,496 candidates with a lone phone); (3) an
unheard given name, and names differing in every part, count a word no other record typed as
unheard too (Marssn for Maryna keeps a key others bear): +22 true pairs at 100,000; (4) the
namesakes a missing date cannot tell apart count at NAMESAKE_SCALE 0.8 of ln(1 + E) (set by
hand: the lone date's weight is estimated from namesakes' pairs already, and E counts records,
not people; a fit to the anchored pairs gave 0.5 and 0.8 at 100,000 -- seeds 42 and 1 -- but is
unsteady at 20,000, about 30 pairs of one person); (5) REVIEW_AT 8.0 (7.9 took in the 44 twins of
one phone and birth date, score exactly 7.9, with 13 true pairs). At 100,000, seed 42: (1) + (2)
166 -> 124 false pairs at the same recall (bar 8.0), (3) + (4) 16,401 -> 16,484 true pairs. 3,000
records, seeds 1-6 and 42: typo recall 0.950-0.986 at precision 0.982-0.998. Tried and left out:
competition (drop an undated record's match to a dated one where it matches an undated record
more strongly that is not judged one person with the dated one: 2 false pairs fewer, no true
pair more); the namesake scale fitted per registry (above).

Ninth round (issue 17, part 6), seed 42: typo 20,000 P 0.9943 R 0.9725 (eighth round 0.9928 /
0.9625), 100,000 P 0.9902 R 0.9624 (0.9872 / 0.9518); translit F1 0.9843 / 0.9752 (0.9787 /
0.9704); automatic 1.000; one client p95 1.6-1.7 ms beside a bare lookup of 0.12-0.14 ms; CLI
at 100,000 47.0 s (typo) and 49.0 s (translit) beside a bare pass of 16.0 and 13.8 s -- as fast
as the eighth round's on the same CSV under the same load (55.6 s beside 56.5 s). What changed: (1) a detail one record gives and the other lacks (a
nationality, a phone, a birth place, a birth date) is weighed as the registry's own pairs say
(DetailWeights.lone: m from records sharing an AZR number, u from alike names whose numbers
differ, the pooled rate as prior, at most 2 either way; by default nothing, as Fellegi-Sunter
leaves a missing field out). A typing-noise registry, whose second records are typed in a hurry,
weighs a lone nationality +1.97 and a lone birth date +0.53 (their copies lack them more often
than namesakes do), a lone phone -2.0 (one person's records give the phone on both or neither);
a transliteration registry its own. At 20,000 the false / missed pairs fell from 24 / 128 to
18 / 106, at 100,000 from 210 / 819 to 142 / 695; (2) where both records give one birth place,
the namesakes of a record without a date are the bearers of that place (in any spelling) or of
none -- a bearer born elsewhere is told apart by the place; the bearers a registry of its size
is expected to hold by chance stay counted in any place (counting them by place as well: 20,000
R 0.9728, but 100,000 P 0.9871 -- the agreeing place is weighed already, so it counted twice);
(3) REVIEW_AT 7.9 (was 8): over 20,000 records of seeds 1, 2, 3 and 42, recall 0.9713-0.9745 at
precision 0.9911-0.9964; at 100,000 precision stays 0.990 (seed 1: 0.9885, R 0.9621); (4) a
family name that differs where one of the two is borne by no other record (garbled) counts less
against, as a given name does (the registry's share of unheard family names; never for the
pair): 20,000 seeds 42 / 1 / 3 missed 97 / 87 / 97 -> 94 / 84 / 94, no false pair more;
100,000 R 0.9618 -> 0.9624. 3,000 records, seeds 1-6 and 42: typo
recall 0.948-0.988, precision 0.982-0.998, translit F1 0.976-0.991 (the quick bounds hold). Tried
and left out: SMALL_BLOCK 40 (100,000: 22 of the 50 true pairs above the bar that the blocking
misses become candidates, recall +0.0011, for 20 % more candidate pairs); the deletion blocks
keyed by the other part's initial after its article (7 of 50, 4 % more pairs); an undated
record's weaker match dropped whenever the rivals are not judged one person (no change at
20,000). What remains at 100,000 (695 missed at the old bar, 142 false): undated records of
one name and place beside a namesake of that name and place (105 of the false pairs with the
place count of (2)), mistyped copies whose evidence a namesake shares.

Is 0.97 at 100,000 within reach of what the records carry? The earlier rounds said no; a
supervised ceiling says yes (tools/dedupe_ceiling, a helper's experiment): gradient-boosted
trees (LightGBM) trained WITH the truth on seeds 1-3 over the same blocking candidates, features
from the two records and registry counts only, reach recall 0.994 at precision 0.99 on 20,000
records of seed 42 (the threshold picked on a training seed: P 0.995 R 0.994) and 0.99 on
100,000; the blocking bounds it at 0.995 / 0.992; the eighth round's matcher score reached
0.960 / 0.934 on the same candidates. So the gap is the matcher's form -- independent evidence
summed by hand-set or anchored weights -- not the records. What carries the gain: registry counts
(how often each name as typed occurs -- a garbled name occurs once --, how many records share a
family name and a phone, namesake counts) alone give 0.992 at 20,000; "competition" (each
record's best score against its other candidates, whether the pair is each record's best match,
a strong link to a third) 0.988 with the matcher's evidence, but a linear bonus for it on the
matcher's score only 0.961. Part of that ceiling is the generator's: one person's records never
differ in a detail there (only lack it), which a trained model finds. The way on: such
combinations as levels of their own, estimated from the AZR-anchored pairs as DetailWeights
does, never from the truth.

Eighth round (issue 17, part 6), seed 42: typo 20,000 P 0.9928 R 0.9625 (seventh round 0.9918 /
0.9608), 100,000 P 0.9872 R 0.9518 (0.9835 / 0.9519); translit F1 0.9787 / 0.9704 (0.9784 /
0.9702); automatic 1.000; one client p95 1.5-3.5 ms beside a bare lookup of 0.12-0.18 ms; CLI at
100,000 43 s (typo) and 47-53 s (translit; main 50 s on the same CSV in the same hour) beside a
bare pass of 14 s, on a machine loaded about 2. What changed, each measured at 3,000 (seeds 1-6,
42), 20,000 and 100,000: (1) the registry estimates what a year known on one side only says
(same_birth_year: a placeholder or imprecise date whose year the other date shares) from its
own pairs, as the sixth round's details (m from records sharing an AZR number, u from alike
names whose numbers differ; the hand-set 1.5 as the prior and the most it may weigh): a
typing-noise registry, whose records of one person seldom trade a date for a placeholder, weighs
it 0.16 at 20,000 and 0 at 100,000, a transliteration registry keeps 1.5; where it weighs it at
nothing, the namesakes count as where a date is missing; (2) a record without a birth date is a
copy of one person at most: of its matches to two records whose exact dates are beyond two slips
apart, the weaker is left out; (3) the namesakes of a record that names one part only, where a
slip changed its key, are the bearers of the other record's part it is alike (Lyenko among
nine Lysenkos counted none); (4) such a record joins the deletion-neighbourhood blocks of its
part for every initial of the missing part (keys version 6). False / missed pairs at 100,000:
272 / 817 -> (1) 243 / 818 -> (2) 231 / 820 -> (3) 224 / 821 -> (4) 226 / 819 -> (1, namesakes)
210 / 819; at 20,000 27 / 134 -> 24 / 128; 20,000 seeds 1-6 together 186 / 784 -> 155 / 775;
100,000 seed 1 P 0.9825 R 0.9530 -> P 0.9872 R 0.9531; 3,000 seeds 1-6, 42: typo 28 / 124 -> 26 /
122 (recall 0.944-0.981, precision 0.988-0.996), translit 23 / 125 unchanged. The recall
reachable at precision 0.99 over the thresholds rose from 0.955 to 0.960 at 20,000 and from
0.925 to 0.934 at 100,000 (a bar of 7.7 and 8.4). Tried and left out: (4) before (3) (100,000:
+3 true, +26 false -- a garbled part alone counted no namesakes); as namesakes of two names a
slip made differ, the bearers of both keys instead of the commoner (the "similar names" of the
issue; 100,000: -1 true, no false pair fewer; 20,000 and 3,000 unchanged); the namesakes born
in the pair's decades counted by the commoner key, as without a date, not the rarer (20,000: typo
2 missed more, 1 false fewer; translit 11 missed more, 1 false fewer). Not pursued: a
full EM estimate of every comparison level (the anchored estimate of (1) is its cheap part; the
name levels in the typo registry were estimated so in the fifth round); a finer comparison of
short garbled given names -- between 6.5 and 8 at 20,000, the pairs with another given name
and the same date are 3 true to 17 false (twins), the rest as alike on both sides. What
remains at 20,000 (128 missed, 24 false): between 6.5 and 8 about 60 true and 55 false pairs of
the same kinds of evidence (a date missing with names mistyped or common, a garbled given name
beside twins); 0.97 at precision 0.99 still needs evidence the records do not carry.

Seventh round (issue 17, part 6), seed 42: typo 20,000 P 0.9918 R 0.9608 (sixth round 0.9918 /
0.9602), 100,000 P 0.9835 R 0.9519 (0.9835 / 0.9515); translit F1 0.9784 / 0.9702 (0.9784 /
0.9701); automatic 1.000; one client p95 1.7 ms beside a bare lookup of 0.12 ms; CLI at 100,000
43-44 s beside a bare pass of 11.5-12 s. What changed: a date one slip (a digit, two swapped)
from the other record's placeholder is a level of its own (2.2, between the same year and an
exact date's slip). Tried and left out, each measured at 100,000 as well as 20,000 (a change
that helps at 20,000 may not at 100,000, where namesakes of alike names are five times as many):
the deletion neighbourhood of a name part with the birth year as a blocking key (20,000: +3
true, +1 false; 100,000: +6 true, +7 false -- the pairs it adds are as often namesakes); a
term-frequency adjustment of an agreeing birth place (Splink style, ln(u/tf) within +-1: the
recall reachable at precision 0.99 at 20,000 fell from 0.959 to 0.956); joining two records
through a third where one link is near certain (>= SAME_AT) and the other only a pair to review
(20,000: +15 true, +2 false; 100,000: +45 true, +42 false -- a false review link then makes a
second false pair); a record compared with both records of a near-certain pair (households:
32 false for 8 true); a namesake discount for dates one digit apart (100,000: -3 true, -5
false). At 100,000 the false pairs are namesakes of alike names: 106 of 271 with a date missing
on a side, 54 with only a year, 54 with dates one digit apart (mostly common names, or a record
without a given name against a household member), 26 with the same date (22 twins). The
recall reachable at precision 0.99 over the thresholds is about 0.96 at 20,000 (a bar of 7.8)
and 0.93 at 100,000 (a bar of 8.8); 0.97 needs evidence the records do not carry.

Sixth round (issue 17, part 6), full size, seed 42, on a machine loaded 5-11 by other work (2
cores): typo 20,000 P 0.9918 R 0.9602 (fifth round 0.9912 / 0.9578), 100,000 P 0.9835 R 0.9515
(0.980 / 0.950); translit F1 0.9784 / 0.9701 (0.978 / 0.969); automatic 1.000 everywhere; CLI at
100,000 291 s (typo) and 314 s (translit) beside a bare pass of 83 and 104 s in the same run (the
load; the ratio, 3.0-3.5, is the fifth round's 3.8 or better); one client p95 9.6-18.4 ms beside
a bare lookup of 0.34-0.68 ms. What changed: the registry estimates what a differing birth
place, phone or nationality says from its own records (m from records sharing an AZR number, u
from alike names whose numbers differ; the hand-set weights as a prior worth 50 pairs), as a
mature linker estimates its m and u; a given name no other record bears (garbled by slips,
Aaj/Anna) counts less against a pair, by how rare such names are in the registry. At 100,000
typo records the false pairs fell from 327 to 271, and the recall reachable at precision 0.99
over the thresholds (pairs as compared, without those through a third record) rose from 0.914
to 0.925 (a bar of 8.7 instead of 8; REVIEW_AT is kept). 3,000 records
over seeds 1-6 and 42: typo missed 130 -> 124 and false 28 -> 28, translit missed 129 -> 127 and
false 24 -> 23; typo recall 0.944-0.981, precision 0.986-0.996, translit F1 0.974-0.984 (the
quick bounds are raised to just below the worst seed). Still not reached: typo recall 0.97 at
precision 0.99, at either size; the analysis of the fifth round below still holds (the
remaining errors are pairs whose evidence a namesake shares).

Not reached yet (issue 17, part 6, fifth round): the typo recall target (0.97 at precision
0.99). Full size, seed 42, on a shared machine (load 2-4): typo 20,000 P 0.991 R 0.958 (fourth
round: P 0.990 R 0.946), 100,000 P 0.980 R 0.950 (P 0.977 R 0.945); automatic 1.000 in both, and
a third of the true pairs now (0.23 before: a shared AZR or ABH number with mistyped names
merges); translit F1 0.978 / 0.969 (0.973 / 0.964); CLI 49 s (typo) and 48 s (translit) at
100,000 beside a bare pass of 13 and 10 s (fourth round 49 s beside 11 s); one client p95 5.3 ms
beside a bare lookup of 0.15 ms. Over the thresholds, the recall reachable at precision 0.99
rose from 0.938 to 0.958 at 20,000 and from 0.899 to 0.922 at 100,000 (the decisions keep
REVIEW_AT). What the fifth round changed: a phone shared with the given names agreeing counts
3.5, not 1 (a household shares the phone, not the given name); namesakes of a pair without a
birth date are counted by sex, as the bearers of the name a slip misspelled, and at least as
many as the registry's size makes likely by chance; a date one digit away counts 3, two swapped
digits 4.5, mistyped names 0.5 more (these and the phone's weight estimated from the registry's
own AZR numbers, not from the truth: m from pairs sharing one, u from pairs whose numbers
differ). What is still missed (20,000 typo records, 144 pairs): 39 with a name part garbled
beyond a plausible copy (a given name as far as a twin's, Anna/Aaj; three slips in a short
name), 34 with a date missing on one side and slips in the names (the bar the namesakes of a
name keep), 24 never candidates (no given name and a mistyped or missing date, slips in both
first letters), 20 with only a year (placeholder) on a side, 13 with a date beyond one slip or
placeholder years a slip apart, 10 without any date. Of the 29 false pairs, 11 are namesakes of
one place with a date missing on a side, 11 namesakes with only a year, 4 alike names with dates
a digit apart, 2 twins; at 100,000 (327) namesakes dominate the same way: the evidence of a pair
cannot tell a duplicate from a namesake there, and a decision bar that held precision 0.99 at
100,000 (9.25 instead of 8) would cost recall 0.028. ``--show N`` lists both kinds. The quick
quality bounds are therefore what the code reliably achieves, not the targets: over seeds 1-6
and 42 the 3,000-record typo run gave recall 0.938-0.981 and precision 0.986-0.996, the
transliteration run F1 0.972-0.983, automatic merges 1.000 throughout (seed 42: typo P 0.996 R
0.976, translit F1 0.972). A bound sits just below the worst seed: a regression of the matcher
or the blocking shows at any seed, the scatter of 500 true pairs from seed to seed does not.
Raise the bounds with the code.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import time

from bench.common import DATA
from bench.dedupe_data import MODES, Dataset, generate_dataset, persons_of, write_csv

TARGETS = {
    "typo_precision": 0.99,
    "typo_recall": 0.97,
    "translit_f1": 0.95,
    "auto_precision": 0.999,
    "cli_s": 60.0,  # for 100,000 records
    "p95_ms": 50.0,
}
QUICK_TARGETS = {  # what the code achieves over seeds, not the targets: see the module doc
    "typo_precision": 0.98,
    "typo_recall": 0.94,
    "translit_f1": 0.97,
    "auto_precision": 0.995,
    "cli_s": 10.0,  # beyond the bare pass (3,000 records compare in about a second)
    "p95_ms": 50.0,
}


def _run(args: list[str]) -> float:
    t0 = time.perf_counter()
    run = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if run.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{run.stdout}\n{run.stderr}")
    return secs


def bare_pass(path: str) -> None:
    """The limit of the CLI's path: read, index and block, no comparisons (see module doc)."""
    from casefile.dedupe import PersonIndex, read_csv

    with open(path, newline="", encoding="utf-8-sig") as f:
        persons, _ = read_csv(f)
    index = PersonIndex(persons)
    print(sum(1 for _ in index.candidates()))


def judge(n: int, seed: int, mode: str, show: int = 0) -> tuple[list[dict], dict[str, float]]:
    ds = generate_dataset(n, seed=seed, mode=mode)
    rows, truth = ds.rows, ds.pairs
    src, out = DATA / f"dedupe-{mode}-{n}-{seed}.csv", DATA / f"dedupe-{mode}-{n}-{seed}-pairs.csv"
    DATA.mkdir(parents=True, exist_ok=True)
    write_csv(src, rows)
    secs = _run(["-m", "sync_server.cli", "dedupe", "--csv", str(src), "--out", str(out)])
    bare = _run(["-m", "bench.dedupe", "--bare-pass", str(src)])
    with open(out, newline="", encoding="utf-8") as f:
        judged = [(frozenset((r["id_l"], r["id_r"])), r["decision"]) for r in csv.DictReader(f)]
    result = report(n, mode, truth, judged, secs, bare)
    if show:
        show_errors(ds, {pair for pair, _ in judged}, show)
    return rows, result


def show_errors(ds: Dataset, found: set[frozenset[str]], show: int) -> None:
    """The missed true pairs and the false pairs, *show* of each (highest score first): both
    rows, the noise of each record, whether the blocking made the pair a candidate at all, and
    the matcher's evidence. For studying the matcher, not for CI."""
    import random

    from casefile.dedupe import PersonIndex, block_keys, block_limit
    from casefile.matcher import compare

    index = PersonIndex(persons_of(ds.rows))
    at = {p.person.id: p for p in index.people}
    rows = {r["id"]: r for r in ds.rows}
    kind = {pair: k for k, pairs in ds.hard_negatives.items() for pair in pairs}

    def candidate(a: str, b: str) -> bool:
        shared = set(block_keys(at[a])) & set(block_keys(at[b]))
        return any(len(index.blocks.get(k, ())) <= block_limit(k) for k in shared)

    def scored(pairs: set[frozenset[str]]) -> list[tuple[float, str, str]]:
        out = []
        for pair in pairs:
            a, b = sorted(pair)
            if a in at and b in at:
                out.append((compare(at[a], at[b], index.freq).score, a, b))
        return sorted(out, reverse=True)

    misses, false = ds.pairs - found, found - ds.pairs
    for title, pairs in (("missed true pairs", misses), ("false pairs", false)):
        sample = random.Random(0).sample(sorted(pairs, key=sorted), min(len(pairs), 4 * show))
        print(f"    {title}: {len(pairs)} ({min(show, len(pairs))} shown, highest score first)")
        for score, a, b in scored(set(sample))[:show]:
            m = compare(at[a], at[b], index.freq)
            where = "candidate" if candidate(a, b) else "NOT a candidate (blocking)"
            what = kind.get(frozenset((a, b)), "")
            print(f"      {score:6.2f} {m.decision}, {where}{', ' + what if what else ''}")
            for rid in (a, b):
                r = rows[rid]
                print(
                    f"        {rid} {r['given_names']!r:24} {r['family_name']!r:24} "
                    f"{r['birth_date'] or '-':10} {r['sex'] or '-'} {r['nationality'] or '-':3} "
                    f"{r['birth_place'][:14] or '-':14} {r['phone'][:16] or '-':16} "
                    f"{'azr ' if r['azr_number'] else ''}{'abh ' if r['abh_file_number'] else ''}"
                    f"{' '.join(ds.variations.get(rid, ()))}"
                )
            print("        " + "; ".join(f"{e.code} {e.weight:+.1f}" for e in m.evidence))


def _prf(found: set, truth: set) -> tuple[float, float, float]:
    hit = len(found & truth)
    p = hit / len(found) if found else 1.0
    r = hit / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(
    n: int, mode: str, truth: set, judged: list, secs: float, bare: float
) -> dict[str, float]:
    every = {pair for pair, _ in judged}
    auto = {pair for pair, decision in judged if decision == "same"}
    p, r, f1 = _prf(every, truth)
    pa, ra, _ = _prf(auto, truth)
    print(
        f"  {mode}, {n} records, {len(truth)} true duplicate pairs: judged {len(every)} pairs "
        f"in {secs:.1f} s (CLI process, incl. reading and writing)"
        + ("  [target <= 60 s at 100,000]" if n >= 100_000 else "")
    )
    print(
        f"    limit, same run: bare pass over the same CSV (start, read, index, blocking, "
        f"no comparisons) {bare:.1f} s"
    )
    target = (
        "[target recall >= 0.97 at precision >= 0.99]"
        if mode == "typo"
        else ("[target F1 >= 0.95 at the --people size]")
    )
    print(f"    same + review: precision {p:.4f}, recall {r:.4f}, F1 {f1:.4f}  {target}")
    print(
        f"    automatic (same): {len(auto)} pairs, precision {pa:.4f}, recall {ra:.3f}  "
        f"[target precision >= 0.999]"
    )
    return {
        "n": n,
        "precision": p,
        "recall": r,
        "f1": f1,
        "auto_precision": pa,
        "secs": secs,
        "bare": bare,
    }


def single_checks(rows: list[dict], checks: int) -> tuple[float, float]:
    """p95 of matches_for and of the bare lookup of the same people (ms)."""

    from casefile.dedupe import PersonIndex, block_keys, block_limit
    from casefile.matcher import prepare

    persons = persons_of(rows)
    t0 = time.perf_counter()
    index = PersonIndex(persons)
    print(f"  index of {len(persons)} people built in {time.perf_counter() - t0:.1f} s")
    step = max(1, len(persons) // checks)
    times, bare = [], []
    for person in persons[::step][:checks]:
        t = time.perf_counter()
        found: set[int] = set()
        for key in block_keys(prepare(person)):
            members = index.blocks.get(key, ())
            if len(members) <= block_limit(key):
                found.update(members)
        bare.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        index.matches_for(person)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    bare.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    bare95 = bare[int(len(bare) * 0.95) - 1]
    print(
        f"  one client against {len(persons)}: p50 {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms over {len(times)} checks  [target p95 <= 50 ms]"
    )
    print(
        f"    limit, same run, same index and people: bare lookup (prepare, blocking keys, "
        f"candidates) p50 {statistics.median(bare):.2f} ms, p95 {bare95:.2f} ms"
    )
    return p95, bare95


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=(*MODES, "both"), default="translit")
    p.add_argument("--people", type=int, default=20_000)
    p.add_argument("--large", type=int, default=100_000)
    p.add_argument("--checks", type=int, default=300)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--quick", action="store_true", help="CI: both modes, 3,000 records")
    p.add_argument(
        "--show",
        type=int,
        default=0,
        metavar="N",
        help="print N missed true pairs and N false pairs per run (rows, noise, evidence)",
    )
    p.add_argument("--bare-pass", metavar="CSV", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.bare_pass:
        bare_pass(args.bare_pass)
        return 0
    if args.quick:
        args.mode, args.people, args.large, args.checks = "both", 3000, 0, 50
    bounds = QUICK_TARGETS if args.quick else TARGETS
    broken: list[str] = []

    def check(name: str, ok: bool) -> None:
        if not ok:
            broken.append(name)

    for mode in MODES if args.mode == "both" else (args.mode,):
        results = []
        for n in (args.people, args.large):
            if not n:
                continue
            print(f"== dedupe, {mode}: registry of {n} records")
            rows, res = judge(n, args.seed, mode, args.show)
            results.append(res)
            last_rows = rows
        for res in results:
            where = f"{mode} {res['n']:.0f}"
            check(f"{where} automatic precision", res["auto_precision"] >= bounds["auto_precision"])
            if mode == "typo":
                check(f"{where} precision", res["precision"] >= bounds["typo_precision"])
                check(f"{where} recall", res["recall"] >= bounds["typo_recall"])
            elif res["n"] == args.people:
                check(f"{where} F1", res["f1"] >= bounds["translit_f1"])
            if args.quick:
                check(f"{where} CLI time", res["secs"] <= res["bare"] + bounds["cli_s"])
            elif res["n"] >= 100_000:
                check(f"{where} CLI time", res["secs"] <= bounds["cli_s"])
        if args.checks and results:
            p95, _ = single_checks(last_rows, args.checks)
            check(f"{mode} matches_for p95", p95 <= bounds["p95_ms"])
    if broken:
        print("BROKEN: " + "; ".join(broken))
        return 1
    print("all promises kept" + (" (quick bounds)" if args.quick else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
