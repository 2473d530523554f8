"""The matcher's score with the typo benchmark's own certainties as vetoes: in bench.dedupe_data
(typo mode) a person's records never differ in birth place (not even its spelling), phone or
nationality -- only miss them. How much of the supervised ceiling is that alone?

    PYTHONPATH=/work/wt-ceiling:/tmp/ceilpkgs nice -n 19 /work/main/.venv/bin/python \
        -m tools.dedupe_ceiling.veto --n 20000
"""

import argparse

import numpy as np

from tools.dedupe_ceiling.ceiling import best_recall, build, feature_names

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=20000)
args = ap.parse_args()
names = feature_names()
d = build(args.n, 42)
X, s, y, n = d["X"], d["score"], d["y"], d["n_true"]
col = {k: names.index(k) for k in names}
place = X[:, col["has_other_birth_place"]] > 0
text = X[:, col["birth_place_text_eq"]] == 0
phone = X[:, col["has_other_phone"]] > 0
nat = X[:, col["has_other_nationality"]] > 0
print(f"{args.n} seed 42: matcher score alone R {best_recall(s, y, n)[0]:.4f} at P0.99")
for title, veto in (
    ("birth place differs (same_place)", place),
    ("birth place text differs", text),
    ("phone differs", phone),
    ("nationality differs", nat),
    ("any of place/phone/nationality", place | phone | nat),
    ("any, place as text", text | phone | nat),
):
    v = np.where(veto, -99.0, s)
    r, t, tp, fp = best_recall(v, y, n)
    print(
        f"  veto {title:34}: R {r:.4f} (bar {t:.2f}, {tp} true, {fp} false); "
        f"true pairs vetoed {int(y[veto].sum())}"
    )
