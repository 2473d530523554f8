"""Linear re-weighting of the matcher's own evidence (logistic regression on the per-code
weights, trained with the truth on seeds 1-3, tested on 42): how far do better weights alone
go? Uses the caches of tools.dedupe_ceiling.ceiling.

    PYTHONPATH=/work/wt-ceiling:/tmp/ceilpkgs nice -n 19 /work/main/.venv/bin/python \
        -m tools.dedupe_ceiling.lr --n 20000
"""

import argparse

import numpy as np
from sklearn.linear_model import LogisticRegression

from tools.dedupe_ceiling.ceiling import best_recall, build, feature_names

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=20000)
ap.add_argument("--extra", nargs="*", default=[], help="further feature names to add")
args = ap.parse_args()
names = feature_names()
cols = [c for c, n in enumerate(names) if n.startswith("w_")]
cols += [names.index(n) for n in args.extra]
train = [build(args.n, s) for s in (1, 2, 3)]
test = build(args.n, 42)
floor = -5.0
k = [d["score"] >= floor for d in train]
X = np.vstack([d["X"][kk][:, cols] for d, kk in zip(train, k)])
y = np.concatenate([d["y"][kk] for d, kk in zip(train, k)])
lr = LogisticRegression(C=10.0, max_iter=5000).fit(X, y)
p = lr.predict_proba(test["X"][:, cols])[:, 1]
p[test["score"] < floor] = 0
r, t, tp, fp = best_recall(p, test["y"], test["n_true"])
print(f"LR on {len(cols)} features: best recall at P0.99 {r:.4f} ({tp} true, {fp} false)")
print(f"matcher score: {best_recall(test['score'], test['y'], test['n_true'])[0]:.4f}")
print("multiplier of each hand weight (coef; 1.0 = as the matcher weighs it, relative):")
coef = lr.coef_[0]
# scale: the coefficient of the whole score is not in the model; report raw coefficients
for c, w in sorted(zip([names[c] for c in cols], coef), key=lambda x: -abs(x[1])):
    print(f"  {c:32} {w:+.3f}")
print(f"intercept {lr.intercept_[0]:+.3f}")
