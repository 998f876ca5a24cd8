#!/usr/bin/env python3
"""How far any combination of what the "same story?" test weighs could go.

Reads the TSV `KERUEN_FEATURES=LANG cargo run --release --example eval_pairs`
prints (one row a labelled pair: half, label, the test's decision, then the
numbers of `Window::features`), fits models on the dev half's `1` and `0`
pairs and scores the held-out half:

- the test as it is (its decision);
- the cosine alone, at the dev threshold of each target, and with the
  test's veto (a contradiction parts the pair);
- the cosine mixed with the share of the titles' words they share (each
  word once, whatever its weight), with the veto;
- a logistic regression over every feature;
- gradient-boosted trees over every feature (any interaction of them).

For each, the held-out precision at the threshold that gives recall 0.70 on
dev, the recall at the threshold that gives precision 0.95 on dev, and the
best the held-out curve itself allows (an upper bound: its threshold is
chosen on the figures it reports). Needs numpy and scikit-learn.

    KERUEN_FEATURES=ru target/release/examples/eval_pairs > /tmp/ru.tsv
    python3 scripts/pair_features.py /tmp/ru.tsv
"""
import csv
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    head, rows = rows[0], rows[1:]
    names = head[3:]
    keep = [r for r in rows if r[1] in ("Same", "Different")]
    half = np.array([r[0] for r in keep])
    y = np.array([r[1] == "Same" for r in keep], dtype=int)
    grouped = np.array([int(r[2]) for r in keep])
    x = np.array([[float(v) for v in r[3:]] for r in keep])
    return names, half, y, grouped, x


def pr(y, yes):
    tp = int(((yes == 1) & (y == 1)).sum())
    fp = int(((yes == 1) & (y == 0)).sum())
    return (tp / (tp + fp) if tp + fp else 1.0), tp / max(1, int(y.sum()))


def threshold_for(y, s, recall=None, precision=None):
    """The score threshold on (y, s) reaching `recall`, or the lowest one
    reaching `precision` (most recall)."""
    best = None
    for t in np.unique(s)[::-1]:
        p, r = pr(y, (s >= t).astype(int))
        if recall is not None and r >= recall:
            return t
        if precision is not None and p >= precision:
            best = t
    return best if best is not None else np.inf


def report(name, y_dev, s_dev, y_held, s_held):
    t70 = threshold_for(y_dev, s_dev, recall=0.70)
    t95 = threshold_for(y_dev, s_dev, precision=0.95)
    p70, r70 = pr(y_held, (s_held >= t70).astype(int))
    p95, r95 = pr(y_held, (s_held >= t95).astype(int))
    h70 = threshold_for(y_held, s_held, recall=0.70)
    h95 = threshold_for(y_held, s_held, precision=0.95)
    best_p, _ = pr(y_held, (s_held >= h70).astype(int))
    _, best_r = pr(y_held, (s_held >= h95).astype(int))
    print(
        f"{name:<22} dev-tuned: P {p70:.3f} at R {r70:.3f} | R {r95:.3f} at P {p95:.3f}"
        f"   held-out curve: P {best_p:.3f} at R 0.70, R {best_r:.3f} at P 0.95"
    )


def main():
    names, half, y, grouped, x = load(sys.argv[1])
    dev, held = half == "dev", half == "held"
    p, r = pr(y[held], grouped[held])
    print(f"{'the test (now)':<22} held-out: P {p:.3f} at R {r:.3f}")
    cos = x[:, names.index("cos")]
    report("cosine alone", y[dev], cos[dev], y[held], cos[held])
    # A contradiction vetoes, as in the test: cosine with the veto.
    vetoed = np.where(x[:, names.index("contradict")] > 0, 0.0, cos)
    report("cosine + veto", y[dev], vetoed[dev], y[held], vetoed[held])
    # The cosine mixed with the share of words the titles have in common,
    # each word counted once whatever its weight (Dice), with the veto.
    col = lambda n: x[:, names.index(n)]
    words = col("len_a") + col("len_b")
    dice = (words - col("unshared_a") - col("unshared_b")) / np.maximum(1.0, words)
    mixed = np.where(x[:, names.index("contradict")] > 0, 0.0, 0.7 * cos + 0.3 * dice)
    report("0.7 cosine + 0.3 Dice", y[dev], mixed[dev], y[held], mixed[held])
    # The mix inside the test: its gates (two shared terms, three title
    # terms a side), its anchor (pairs it groups under the cosine
    # threshold 0.6) and its veto kept, the cosine threshold replaced.
    anchored = (grouped == 1) & (cos < 0.6)
    gated = (col("shared") >= 2) & (col("len_a") >= 3) & (col("len_b") >= 3)
    veto = x[:, names.index("contradict")] > 0
    for weight in (0.7, 0.8):
        for t in (0.58, 0.60, 0.62):
            score = weight * cos + (1 - weight) * dice
            yes = (anchored | ((score >= t) & gated & ~veto)).astype(int)
            pd, rd = pr(y[dev], yes[dev])
            ph, rh = pr(y[held], yes[held])
            bound = (t - (1 - weight)) / weight
            print(
                f"in the test, {weight} cosine + {1 - weight:.1f} Dice >= {t}: "
                f"dev P {pd:.3f} R {rd:.3f}, held-out P {ph:.3f} R {rh:.3f} "
                f"(cosine bound {bound:.2f})"
            )
    models = {
        "logistic regression": make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
        "boosted trees": HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0
        ),
    }
    for name, m in models.items():
        m.fit(x[dev], y[dev])
        # Scores for dev by 5-fold fits on dev itself, so dev thresholds are
        # not chosen on the pairs the model learnt.
        s_dev = np.zeros(dev.sum())
        idx = np.arange(dev.sum())
        for k in range(5):
            test = idx % 5 == k
            mk = type(m)(**m.get_params()) if not hasattr(m, "steps") else make_pipeline(
                StandardScaler(), LogisticRegression(max_iter=2000)
            )
            mk.fit(x[dev][~test], y[dev][~test])
            s_dev[test] = mk.predict_proba(x[dev][test])[:, 1]
        s_held = m.predict_proba(x[held])[:, 1]
        report(name, y[dev], s_dev, y[held], s_held)


if __name__ == "__main__":
    main()
