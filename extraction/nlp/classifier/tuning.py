"""Cross-validation helpers: document folds, out-of-fold linear probabilities, thresholds and
rule modes chosen on out-of-fold predictions."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Sequence
from typing import Any

from ..types import PassageResult
from .corpus import Segment
from .linear import PARAM_GRID, RULE_SCALE, Featurizer, LinearParams, fit_label, label_rows
from .model import COMBINED_LABELS, RULE_MODES, combine
from .textcat import Budget


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


THRESHOLD_GRID = tuple(round(0.025 * i, 3) for i in range(2, 38))  # 0.05 .. 0.925


def best_threshold(pairs: Sequence[tuple[float, int]]) -> tuple[float, float]:
    """(threshold, F1) maximising F1 over :data:`THRESHOLD_GRID` for (probability, 0/1) pairs;
    among ties the threshold nearest 0.5."""
    support = sum(1 for _, y in pairs if y)
    if not pairs or support == 0:
        return 0.5, 0.0
    best_t, best_f = 0.5, -1.0
    for t in THRESHOLD_GRID:
        tp = sum(1 for p, y in pairs if p >= t and y)
        fp = sum(1 for p, y in pairs if p >= t and not y)
        f = f1(tp, fp, support - tp)
        if f > best_f + 1e-9 or (abs(f - best_f) <= 1e-9 and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best_f = t, f
    return best_t, best_f


def tune_thresholds(
    probs: Sequence[dict[str, float]], segs: Sequence[Segment], labels: Sequence[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Per label, the threshold maximising F1 over the given (out-of-fold) predictions."""
    thresholds: dict[str, float] = {}
    f1s: dict[str, float] = {}
    for label in labels:
        pairs = [
            (p.get(label, 0.0), int(s.cats[label] >= 0.5))
            for p, s in zip(probs, segs, strict=True)
            if label in s.cats
        ]
        thresholds[label], f1s[label] = best_threshold(pairs)
    return thresholds, f1s


def tune_rule_modes(
    probs: Sequence[dict[str, float]],
    rule_results: Sequence[PassageResult],
    segs: Sequence[Segment],
    labels: Sequence[str],
    thresholds: dict[str, float],
    min_gain: float = 0.02,
) -> dict[str, str]:
    """Per label, whether the rules' verdict should be OR-ed or AND-ed with the model's, or
    replace it: kept only where it beats the model alone by ``min_gain`` F1 on the out-of-fold
    predictions (typed-value rules such as "a retention period is retention" are precise where
    a bag-of-words model trained on few examples is not; smaller gains are treated as noise)."""
    modes: dict[str, str] = {}
    for label in labels:
        keys = COMBINED_LABELS.get(label, (label,))
        rows = [
            (p.get(label, 0.0) >= thresholds.get(label, 0.5),
             any(k in r.sections for k in keys), s.cats[label] >= 0.5)
            for p, r, s in zip(probs, rule_results, segs, strict=True)
            if label in s.cats
        ]
        scores = {}
        for mode in RULE_MODES:
            tp = sum(1 for m, r, y in rows if combine(mode, m, r) and y)
            fp = sum(1 for m, r, y in rows if combine(mode, m, r) and not y)
            fn = sum(1 for m, r, y in rows if not combine(mode, m, r) and y)
            scores[mode] = f1(tp, fp, fn)
        best = max(RULE_MODES, key=lambda m: scores[m])
        modes[label] = best if scores[best] >= scores["model"] + min_gain else "model"
    return modes


def macro_f1(f1s: dict[str, float]) -> float:
    return sum(f1s.values()) / len(f1s) if f1s else 0.0


def document_folds(doc_ids: Sequence[str], k: int, seed: int) -> list[set[str]]:
    """The documents dealt into ``min(k, number of documents)`` folds, shuffled by ``seed``."""
    ids = sorted(set(doc_ids))
    random.Random(seed).shuffle(ids)
    k = min(k, len(ids))
    return [set(ids[j::k]) for j in range(k)] if k > 1 else []


Parts = list[tuple[list[int], list[int]]]


def linear_oof(
    inputs: Sequence[str],
    cats: Sequence[dict[str, float]],
    labels: Sequence[str],
    parts: Parts,
    budget: Budget | None = None,
    rule_scale: float = RULE_SCALE,
) -> tuple[Any, dict[str, LinearParams], dict[str, bool]]:
    """Out-of-fold probabilities of the linear companion for every (class weight, C) pair of
    :data:`PARAM_GRID`, each with and without the rule block (:class:`Featurizer`; only with
    when ``rule_scale`` is 0); per label, the setting whose best-threshold F1 is highest (ties:
    the earlier in the grid, with the rule block). Returns the chosen settings' (N, L)
    out-of-fold probabilities, the pairs, and per label whether it reads the rule block.
    Every fold always runs; ``budget`` (a safety stop that raises) is checked after each."""
    import numpy as np

    blocks = (True, False) if rule_scale > 0 else (True,)
    grid = [(pair, rules) for rules in blocks for pair in PARAM_GRID]
    oof = np.zeros((len(grid), len(inputs), len(labels)))
    for k, (tr, te) in enumerate(parts, 1):
        vec = Featurizer(rule_scale)
        x_tr = vec.fit_transform([inputs[i] for i in tr])
        x_te = vec.transform([inputs[i] for i in te])
        n_words = len(vec.words.vocabulary_)
        tr_cats = [cats[i] for i in tr]
        for j, label in enumerate(labels):
            rows, y = label_rows(tr_cats, label)
            local = [n for n, i in enumerate(te) if label in cats[i]]
            target = [te[n] for n in local]
            if not local:
                continue
            if len(set(y)) < 2:
                oof[:, target, j] = 1.0 if y and y[0] else 0.0
                continue
            xr, xt = x_tr[rows], x_te[local]
            for g, (pair, rules) in enumerate(grid):
                a, b = (xr, xt) if rules else (xr[:, :n_words], xt[:, :n_words])
                oof[g, target, j] = fit_label(a, y, pair).predict_proba(b)[:, 1]
        if budget is not None:
            budget.check(f"linear cross-validation fold {k}")
    chosen = np.zeros((len(inputs), len(labels)))
    params: dict[str, LinearParams] = {}
    rule_block: dict[str, bool] = {}
    for j, label in enumerate(labels):
        rows, y = label_rows(cats, label)
        scores = [
            best_threshold(list(zip(oof[g, rows, j].tolist(), y, strict=True)))[1]
            for g in range(len(grid))
        ]
        g = max(range(len(grid)), key=lambda g: scores[g])
        params[label], rule_block[label] = grid[g]
        chosen[:, j] = oof[g, :, j]
    return chosen, params, rule_block


def one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """BLAS/OpenMP limited to one thread (threadpoolctl, a scikit-learn dependency): the many
    small logistic regressions ran up to 25x slower with a thread pool on a busy 2-core host."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1)
