"""Train the MT-likelihood detector and write ``mtaudit/data/detector.json``.

Usage: .venv/bin/python bench/train_detector.py [--corpus ../shared/corpora/dev]
           [--out mtaudit/data/detector.json] [--workers 2] [--dry-run]

Audits every ``mt``/``human`` file of the labelled corpus with the monolingual checks (no
back-translation), computes every feature ``mtaudit.features`` knows (so rule families added
since the last run are picked up), and fits an L2-regularised logistic regression with
scikit-learn.  It prints, and records in the JSON, cross-validated figures:

- *nested* 5-fold CV grouped by site (the optional feature groups, the regularisation
  strength C and the threshold are all chosen inside each training fold only, so neither one
  site's house style nor a look at the whole corpus can leak): the honest estimate;
- the same with stratified random folds, for comparison.

Feature groups (``mtaudit.features.group_of``): finding densities and the basic lexical
statistics are always candidates; each of ``features.OPTIONAL_GROUPS`` (the hand-picked
translationese markers, part-of-speech profile, function-word profile, punctuation and
cohesive markers) is in or out, and the inner cross-validation picks the subset and C with
the best ROC AUC (ties: fewer groups, then smaller C).  The shipped model uses the subset
and C that the same procedure picks on the whole corpus.

The shipped threshold maximises F1 over the out-of-fold probabilities of site-grouped CV at
the chosen C (ties: the middle of the best interval).  Features that vary in fewer than
``MIN_DOCUMENTS`` documents are dropped (with ~90 documents they can only overfit), and so
are exact duplicates (a rule family whose findings are exactly its category's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import GroupKFold, StratifiedKFold

from mtaudit import evaluate, features
from mtaudit.config import Config

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "dev"
DEFAULT_OUT = HERE.parent / "mtaudit" / "data" / "detector.json"
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
FOLDS = 5
MIN_DOCUMENTS = 4
SEED = 13


def site_of(rec: evaluate.Record) -> str:
    """The site as a grouping key: the first word of the manifest's ``site``."""
    return (rec.site or rec.file).split()[0].lower()


def design(records: Sequence[evaluate.Record], names: Sequence[str]) -> np.ndarray:
    """Feature matrix; a feature missing from a document takes the column mean (neutral)."""
    x = np.array([[r.features.get(n, math.nan) for n in names] for r in records], dtype=float)
    means = np.nanmean(x, axis=0)
    rows, cols = np.where(np.isnan(x))
    x[rows, cols] = means[cols]
    return x


def choose_features(records: Sequence[evaluate.Record]) -> list[str]:
    names = sorted({n for r in records for n in r.features})
    x = design(records, names)
    keep: list[str] = []
    kept_columns: list[np.ndarray] = []
    for j, n in enumerate(names):
        column = x[:, j]
        mode_share = np.max(np.unique(column, return_counts=True)[1]) / len(column)
        if len(column) - mode_share * len(column) < MIN_DOCUMENTS:
            continue
        if any(np.array_equal(column, k) for k in kept_columns):
            continue  # a family that is its category (or vice versa) adds nothing
        keep.append(n)
        kept_columns.append(column)
    return keep


def fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[LogisticRegression, np.ndarray,
                                                          np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit((x - mean) / scale, y)
    return model, mean, scale


def predict(fitted: tuple[LogisticRegression, np.ndarray, np.ndarray],
            x: np.ndarray) -> np.ndarray:
    model, mean, scale = fitted
    return model.predict_proba((x - mean) / scale)[:, 1]


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The threshold maximising F1 (middle of the best interval between sorted scores)."""
    candidates = np.unique(p)
    cuts = np.concatenate([[0.0], (candidates[:-1] + candidates[1:]) / 2, [1.0]])
    f1s = [f1_score(y, p >= t, zero_division=0) for t in cuts]
    best = max(f1s)
    winners = [t for t, f in zip(cuts, f1s, strict=True) if f == best]
    return float((winners[0] + winners[-1]) / 2)


def splits(kind: str, y: np.ndarray, groups: np.ndarray, k: int,
           seed: int | None = None) -> list[tuple[Any, Any]]:
    """Site-grouped or stratified random folds; ``seed`` draws another partition (for
    grouped folds, None is scikit-learn's deterministic balanced partition)."""
    if kind == "grouped":
        return list(GroupKFold(n_splits=k, shuffle=seed is not None, random_state=seed)
                    .split(np.zeros(len(y)), y, groups))
    return list(StratifiedKFold(n_splits=k, shuffle=True,
                                random_state=SEED if seed is None else seed)
                .split(np.zeros(len(y)), y))


def oof(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float, kind: str,
        k: int = FOLDS, seed: int | None = None) -> np.ndarray:
    p = np.zeros(len(y))
    for train, test in splits(kind, y, groups, k, seed):
        p[test] = predict(fit(x[train], y[train], c), x[test])
    return p


#: A model configuration: the optional feature groups it uses and C.
Choice = tuple[tuple[str, ...], float]


#: ``--groups``: optional groups fixed in advance instead of chosen inside the folds.
FIXED_GROUPS: tuple[str, ...] | None = None


def group_subsets(names: Sequence[str]) -> list[tuple[str, ...]]:
    """Every subset of the optional groups that have a feature in ``names`` (or the fixed one)."""
    if FIXED_GROUPS is not None:
        return [FIXED_GROUPS]
    present = [g for g in features.OPTIONAL_GROUPS
               if any(features.group_of(n) == g for n in names)]
    return [combo for k in range(len(present) + 1)
            for combo in itertools.combinations(present, k)]


def columns(names: Sequence[str], chosen: tuple[str, ...]) -> np.ndarray:
    """Indices of the features in the always-on groups and in ``chosen``."""
    optional = set(features.OPTIONAL_GROUPS)
    return np.array([j for j, n in enumerate(names)
                     if features.group_of(n) not in optional
                     or features.group_of(n) in chosen])


def choose(x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: Sequence[str], kind: str,
           k: int, seed: int | None = None) -> Choice:
    """The optional groups and C with the best out-of-fold ROC AUC on (x, y) alone."""
    scores = {}
    for subset in group_subsets(names):
        cols = columns(names, subset)
        for c in C_GRID:
            scores[subset, c] = roc_auc_score(y, oof(x[:, cols], y, groups, c, kind, k,
                                                      seed))
    return max(scores, key=lambda sc: (round(scores[sc], 4), -len(sc[0]), -sc[1]))


def nested_cv(x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: Sequence[str],
              kind: str, seed: int | None = None) -> dict[str, Any]:
    """Outer folds measure; groups, C and the threshold come from the outer training part."""
    p = np.zeros(len(y))
    predicted = np.zeros(len(y), dtype=bool)
    thresholds = []
    chosen = []
    for train, test in splits(kind, y, groups, FOLDS, seed):
        subset, c = choose(x[train], y[train], groups[train], names, kind, FOLDS - 1, seed)
        chosen.append("+".join(subset) or "base")
        cols = columns(names, subset)
        xt = x[:, cols]
        inner = oof(xt[train], y[train], groups[train], c, kind, FOLDS - 1, seed)
        t = best_threshold(y[train], inner)
        thresholds.append(t)
        p[test] = predict(fit(xt[train], y[train], c), xt[test])
        predicted[test] = p[test] >= t
    return {
        "roc_auc": round(float(roc_auc_score(y, p)), 4),
        "f1": round(float(f1_score(y, predicted)), 4),
        "precision": round(float(precision_score(y, predicted)), 4),
        "recall": round(float(recall_score(y, predicted)), 4),
        "thresholds": [round(t, 3) for t in thresholds],
        "groups_chosen": dict(Counter(chosen)),
        "probabilities": p,
        "predicted": predicted,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dry-run", action="store_true", help="print figures, write nothing")
    ap.add_argument("--groups", metavar="G1,G2",
                    help="fix the optional feature groups (e.g. 'markers'; '' for none) instead "
                         f"of choosing them inside the folds; groups: {features.OPTIONAL_GROUPS}")
    ap.add_argument("--repeats", type=int, default=10, metavar="N",
                    help="also repeat the nested CV over N other random partitions into folds "
                         "and report mean, sd and range (0: skip)")
    args = ap.parse_args()
    global FIXED_GROUPS
    if args.groups is not None:
        FIXED_GROUPS = tuple(g for g in args.groups.split(",") if g)
    corpus = Path(args.corpus)
    if not (corpus / "manifest.jsonl").is_file():
        print(f"train_detector: no manifest.jsonl in {corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    records = evaluate.run(corpus, Config(translator="none"), args.workers, features_only=True)
    failed = [r for r in records if r.error]
    for r in failed:
        print(f"skipped {r.file}: {r.error}", file=sys.stderr)
    records = [r for r in records if not r.error]
    print(f"features of {len(records)} documents in {time.perf_counter() - started:.1f} s")

    candidates = choose_features(records)
    x = design(records, candidates)
    y = np.array([1 if r.label == "mt" else 0 for r in records])
    groups = np.array([site_of(r) for r in records])

    figures = {}
    for kind in ("grouped", "random"):
        res = nested_cv(x, y, groups, candidates, kind)
        figures[kind] = res
        print(f"nested {FOLDS}-fold CV, {kind:>7} folds: ROC AUC {res['roc_auc']:.3f}  "
              f"F1 {res['f1']:.3f}  precision {res['precision']:.3f}  "
              f"recall {res['recall']:.3f}  thresholds {res['thresholds']}  "
              f"groups {res['groups_chosen']}")

    for kind in ("grouped", "random") if args.repeats else ():
        runs = [nested_cv(x, y, groups, candidates, kind, seed) for seed in range(args.repeats)]
        spread = {}
        for key in ("roc_auc", "f1"):
            values = np.array([r[key] for r in runs])
            spread[key] = {"mean": round(float(values.mean()), 4),
                           "sd": round(float(values.std(ddof=1)), 4),
                           "min": round(float(values.min()), 4),
                           "max": round(float(values.max()), 4)}
        figures[kind]["repeated"] = {"partitions": args.repeats, **spread}
        print(f"nested CV over {args.repeats} {kind} partitions: ROC AUC "
              f"{spread['roc_auc']['mean']:.3f} ± {spread['roc_auc']['sd']:.3f} "
              f"[{spread['roc_auc']['min']:.3f}, {spread['roc_auc']['max']:.3f}]  F1 "
              f"{spread['f1']['mean']:.3f} ± {spread['f1']['sd']:.3f} "
              f"[{spread['f1']['min']:.3f}, {spread['f1']['max']:.3f}]")

    subset, c = choose(x, y, groups, candidates, "grouped", FOLDS)
    cols = columns(candidates, subset)
    names = [candidates[j] for j in cols]
    x = x[:, cols]
    calibration = oof(x, y, groups, c, "grouped")
    threshold = best_threshold(y, calibration)
    model, mean, scale = fit(x, y, c)
    print(f"chosen groups {'+'.join(subset) or 'base'}, {len(names)} features, C {c}; "
          f"threshold {threshold:.3f} (F1 of grouped out-of-fold probabilities at it: "
          f"{f1_score(y, calibration >= threshold):.3f})")

    grouped = figures["grouped"]
    wrong = [(r.file, r.label, round(float(p), 3)) for r, p, hit in
             zip(records, grouped["probabilities"], grouped["predicted"], strict=True)
             if bool(hit) != (r.label == "mt")]
    print("misclassified in nested grouped CV:", wrong or "none")

    human = y == 0
    feats = []
    for j, n in enumerate(names):
        feats.append({"name": n, "mean": round(float(mean[j]), 6),
                      "scale": round(float(scale[j]), 6),
                      "coef": round(float(model.coef_[0][j]), 6),
                      "human_mean": round(float(x[human, j].mean()), 6),
                      "mt_mean": round(float(x[~human, j].mean()), 6)})
    for f in sorted(feats, key=lambda f: -abs(f["coef"])):
        auc = roc_auc_score(y, x[:, names.index(f["name"])])
        print(f"  {f['name']:<36} coef {f['coef']:+.3f}   human {f['human_mean']:.3f}   "
              f"mt {f['mt_mean']:.3f}   univariate AUC {auc:.2f}")
    digest = hashlib.sha256(json.dumps(feats, sort_keys=True).encode()).hexdigest()[:8]
    today = dt.date.today().isoformat()
    detector = {
        "schema": "mtaudit.detector/1",
        "version": f"{today}-{digest}",
        "model": "logistic regression (L2), standardised features",
        "intercept": round(float(model.intercept_[0]), 6),
        "threshold": round(threshold, 4),
        "C": c,
        "optional_groups": list(subset),
        "features": feats,
        "training": {
            "corpus": "shared/corpora/dev (labelled French news and non-news text; "
                      "mt vs human; English sources excluded)",
            "documents": len(records),
            "labels": {"mt": int(y.sum()), "human": int((1 - y).sum())},
            "sites": len(set(groups)),
            "translator": "none (monolingual checks only)",
            "rule_families": sorted({n.split(":")[1] for n in names
                                     if n.startswith("family:")}),
            "feature_groups": "always: findings, lex; optional groups chosen by site-grouped "
                              "inner CV: " + ", ".join(features.OPTIONAL_GROUPS),
            "threshold_rule": "maximises F1 over site-grouped 5-fold out-of-fold "
                              "probabilities",
            "cv": {kind: {k: v for k, v in res.items()
                          if k not in ("probabilities", "predicted")}
                   for kind, res in figures.items()},
            "trained": today,
            "script": "bench/train_detector.py",
        },
    }
    if args.dry_run:
        return 0
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(detector, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
