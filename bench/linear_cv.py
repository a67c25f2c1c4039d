"""Fast comparison of variants of the classifier's linear companion, by the training's own CV.

    .venv/bin/python bench/linear_cv.py var/split/gt200-train.jsonl base,nb25,char,char+nb25

Runs what ``train_classifier`` runs before the textcat (the rules once, the model input with
the neighbour tokens, five document folds with seed 0, the (class weight, C) grid per label,
per-label thresholds and rule modes on the out-of-fold probabilities) for the linear companion
only: on these corpora the cross-validation gives the textcat no weight, so "base" reproduces
the ``validation_macro_f1`` that ``train_classifier`` reports for the same file. One line per
variant: the out-of-fold macro-F1 before and after the rule modes, per-label F1 and seconds.

Variants, joined with ``+``: ``base`` (the shipped features), ``charN`` (a second TF-IDF of
character 2-5 grams of the passage text, ``char_wb``, stacked beside the word one), ``bin``
(binary term frequencies), ``nbNN`` (each label's features scaled by its naive-Bayes
log-count ratios, smoothing NN/100; NBSVM). The gold data stays in memory.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extraction.nlp.classifier import features as feats_mod  # noqa: E402
from extraction.nlp.classifier.corpus import segments  # noqa: E402
from extraction.nlp.classifier.linear import PARAM_GRID, label_rows  # noqa: E402
from extraction.nlp.classifier.model import COMBINED_LABELS, combine  # noqa: E402
from extraction.nlp.classifier.tuning import (  # noqa: E402
    best_threshold,
    document_folds,
    f1,
    tune_rule_modes,
    tune_thresholds,
)


def blocks(variant: str, inputs: list[str], texts: list[str]) -> list[tuple[Any, list[str]]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    parts = variant.split("+")
    out = [
        (
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, binary="bin" in parts),
            inputs,
        )
    ]
    if "char" in parts:
        char = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            min_df=2,
            sublinear_tf=True,
            max_features=200000,
        )
        out.append((char, [t.lower() for t in texts]))
    return out


def nb_alpha(variant: str) -> float | None:
    for part in variant.split("+"):
        if part.startswith("nb"):
            return float(part[2:] or 100) / 100
    return None


def oof(
    variant: str,
    inputs: list[str],
    texts: list[str],
    cats: list[dict[str, float]],
    labels: tuple[str, ...],
    parts: list[tuple[list[int], list[int]]],
) -> Any:
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    alpha = nb_alpha(variant)
    grid = np.zeros((len(PARAM_GRID), len(inputs), len(labels)))
    for tr, te in parts:
        x_tr_blocks, x_te_blocks = [], []
        for vec, docs in blocks(variant, inputs, texts):
            x_tr_blocks.append(vec.fit_transform([docs[i] for i in tr]))
            x_te_blocks.append(vec.transform([docs[i] for i in te]))
        x_tr = sparse.hstack(x_tr_blocks).tocsr()
        x_te = sparse.hstack(x_te_blocks).tocsr()
        tr_cats = [cats[i] for i in tr]
        for j, label in enumerate(labels):
            rows, y = label_rows(tr_cats, label)
            local = [n for n, i in enumerate(te) if label in cats[i]]
            target = [te[n] for n in local]
            if not local:
                continue
            if len(set(y)) < 2:
                grid[:, target, j] = 1.0 if y and y[0] else 0.0
                continue
            xr, xt = x_tr[rows], x_te[local]
            if alpha is not None:
                yes = np.asarray(y) == 1
                pos = np.asarray(xr[yes].sum(axis=0)).ravel() + alpha
                neg = np.asarray(xr[~yes].sum(axis=0)).ravel() + alpha
                r = np.log((pos / pos.sum()) / (neg / neg.sum()))
                xr, xt = xr.multiply(r).tocsr(), xt.multiply(r).tocsr()
            for g, (class_weight, c) in enumerate(PARAM_GRID):
                lr = LogisticRegression(C=c, class_weight=class_weight, max_iter=3000)
                grid[g, target, j] = lr.fit(xr, y).predict_proba(xt)[:, 1]
    chosen = np.zeros((len(inputs), len(labels)))
    for j, label in enumerate(labels):
        rows, y = label_rows(cats, label)
        scores = [
            best_threshold(list(zip(grid[g, rows, j].tolist(), y, strict=True)))[1]
            for g in range(len(PARAM_GRID))
        ]
        chosen[:, j] = grid[max(range(len(PARAM_GRID)), key=lambda g: scores[g]), :, j]
    return chosen


def main() -> None:
    path, variants = sys.argv[1], sys.argv[2].split(",") if len(sys.argv) > 2 else ["base"]
    docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    segs = segments(docs)
    labels = tuple(sorted({label for s in segs for label in s.cats}))
    texts = [s.text for s in segs]
    contexts = [list(s.context) for s in segs]
    cats = [s.cats for s in segs]
    groups = [s.doc_id for s in segs]
    runner = feats_mod.default_rule_runner()
    if runner is None:
        sys.exit("the rules pipeline is not importable")
    rule_results, rule_feats = runner(texts, contexts)
    inputs = [
        feats_mod.model_input(t, c, r, f)
        for t, c, r, f in zip(texts, contexts, rule_results, rule_feats, strict=True)
    ]
    inputs = feats_mod.with_neighbours(inputs, rule_results, groups)
    parts = [
        (
            [i for i, g in enumerate(groups) if g not in ids],
            [i for i, g in enumerate(groups) if g in ids],
        )
        for ids in document_folds(groups, 5, 0)
    ]
    for variant in variants:
        t0 = time.perf_counter()
        chosen = oof(variant, inputs, texts, cats, labels, parts)
        probs = [
            {lab: float(chosen[i, j]) for j, lab in enumerate(labels)} for i in range(len(segs))
        ]
        thresholds, f1s = tune_thresholds(probs, segs, labels)
        modes = tune_rule_modes(probs, rule_results, segs, labels, thresholds)
        final: dict[str, float] = {}
        for label in labels:
            keys = COMBINED_LABELS.get(label, (label,))
            tp = fp = fn = 0
            for p, r, s in zip(probs, rule_results, segs, strict=True):
                if label not in s.cats:
                    continue
                rule_yes = any(k in r.sections for k in keys)
                yes = combine(modes[label], p[label] >= thresholds[label], rule_yes)
                gold = s.cats[label] >= 0.5
                tp, fp, fn = tp + (yes and gold), fp + (yes and not gold), fn + (gold and not yes)
            final[label] = f1(tp, fp, fn)
        print(
            f"{variant:16s} oof {sum(f1s.values()) / len(f1s):.4f} "
            f"with rule modes {sum(final.values()) / len(final):.4f}  "
            + " ".join(f"{k}:{v:.3f}" for k, v in final.items())
            + f"  ({time.perf_counter() - t0:.0f}s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
