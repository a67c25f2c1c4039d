"""Training: ``train`` (what ``manage.py train_classifier`` runs) and its helpers."""

from __future__ import annotations

import contextlib
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..types import PassageResult
from .features import RuleRunner, _default_rule_runner, model_input
from .linear import PARAM_GRID, LinearModel, LinearParams, _blend, fit_label, label_rows, vectorizer
from .model import (
    COMBINED_LABELS,
    FORMAT_VERSION,
    META_FILE,
    RULE_MODES,
    _cache,
    _lock,
    combine,
)


@dataclass(frozen=True)
class _Segment:
    doc_id: str
    text: str
    context: tuple[str, ...]
    cats: dict[str, float]  # only the labels the document scores


def _segments(gold_docs: Sequence[dict[str, Any]]) -> list[_Segment]:
    out: list[_Segment] = []
    for doc in gold_docs:
        scored = [s for s in doc.get("scored_sections", []) if s != "other"]
        for seg in doc.get("segments", []):
            gold = set(seg.get("sections", []))
            cats = {s: 1.0 if s in gold else 0.0 for s in scored}
            out.append(
                _Segment(str(doc.get("id")), seg["text"], tuple(seg.get("context", [])), cats)
            )
    return out


def _progress(msg: str, stream: Any = None) -> None:
    print(msg, file=stream or sys.stderr, flush=True)


def _textcat_config(arch: str, ngram_size: int) -> dict[str, Any]:
    bow = {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": ngram_size,
        "no_output_layer": False,
        "length": 262144,
        "nO": None,
    }
    if arch == "bow":
        model: dict[str, Any] = bow
    elif arch == "ensemble":
        width = 64
        model = {
            "@architectures": "spacy.TextCatEnsemble.v2",
            "nO": None,
            "linear_model": bow,
            "tok2vec": {
                "@architectures": "spacy.Tok2Vec.v2",
                "embed": {
                    "@architectures": "spacy.MultiHashEmbed.v2",
                    "width": width,
                    "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                    "rows": [5000, 1000, 2500, 500],
                    "include_static_vectors": False,
                },
                "encode": {
                    "@architectures": "spacy.MaxoutWindowEncoder.v2",
                    "width": width,
                    "depth": 2,
                    "window_size": 1,
                    "maxout_pieces": 3,
                },
            },
        }
    else:
        raise ValueError(f"unknown architecture {arch!r} (bow or ensemble)")
    return {"threshold": 0.5, "model": model}


def _build_nlp(labels: Sequence[str], arch: str, ngram_size: int) -> Any:
    import spacy

    nlp = spacy.blank("en")
    textcat: Any = nlp.add_pipe("textcat_multilabel", config=_textcat_config(arch, ngram_size))
    for label in labels:
        textcat.add_label(label)
    return nlp


def _repeats(segs: Sequence[_Segment], cap: int = 8) -> list[int]:
    """How often each passage goes into an epoch: passages that are positive for a rare label
    are repeated about sqrt(negatives / positives) times (at most ``cap``), the textcat's
    counterpart of the linear model's balanced class weights."""
    pos: dict[str, int] = {}
    neg: dict[str, int] = {}
    for seg in segs:
        for label, value in seg.cats.items():
            counts = pos if value >= 0.5 else neg
            counts[label] = counts.get(label, 0) + 1
    factor = {
        label: max(1, min(cap, round((neg.get(label, 0) / n) ** 0.5))) for label, n in pos.items()
    }
    return [
        max([1] + [factor[label] for label, value in seg.cats.items() if value >= 0.5])
        for seg in segs
    ]


def _examples(
    nlp: Any, inputs: Sequence[str], segs: Sequence[_Segment], balance: bool = True
) -> list[Any]:
    from spacy.training import Example

    repeats = _repeats(segs) if balance else [1] * len(segs)
    out = []
    for doc, seg, n in zip(nlp.tokenizer.pipe(inputs, batch_size=512), segs, repeats, strict=True):
        example = Example.from_dict(doc, {"cats": dict(seg.cats)})
        out.extend([example] * n)
    return out


def _fit(
    nlp: Any,
    examples: list[Any],
    epochs: int,
    seed: int,
    deadline: float,
    on_epoch: Callable[[int, float], bool] | None = None,
    label: str = "",
) -> int:
    """Train in place; ``on_epoch(epoch, loss)`` may return True to stop. Returns epochs run."""
    from spacy.util import compounding, fix_random_seed, minibatch

    fix_random_seed(seed)
    rng = random.Random(seed)
    optimizer = nlp.initialize(lambda: examples[: min(len(examples), 200)])
    order = list(examples)
    done = 0
    for epoch in range(1, epochs + 1):
        rng.shuffle(order)
        losses: dict[str, float] = {}
        started = time.perf_counter()
        for batch in minibatch(order, size=compounding(16.0, 128.0, 1.05)):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        done = epoch
        loss = losses.get("textcat_multilabel", 0.0)
        _progress(
            f"[train_classifier] {label}epoch {epoch}/{epochs} loss={loss:.3f} "
            f"({time.perf_counter() - started:.1f}s)"
        )
        if on_epoch is not None and on_epoch(epoch, loss):
            break
        if time.perf_counter() > deadline:
            _progress(f"[train_classifier] {label}time budget reached after epoch {epoch}")
            break
    return done


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


THRESHOLD_GRID = tuple(round(0.025 * i, 3) for i in range(2, 38))  # 0.05 .. 0.925


def _best_threshold(pairs: Sequence[tuple[float, int]]) -> tuple[float, float]:
    """(threshold, F1) maximising F1 over :data:`THRESHOLD_GRID` for (probability, 0/1) pairs;
    among ties the threshold nearest 0.5."""
    support = sum(1 for _, y in pairs if y)
    if not pairs or support == 0:
        return 0.5, 0.0
    best_t, best_f = 0.5, -1.0
    for t in THRESHOLD_GRID:
        tp = sum(1 for p, y in pairs if p >= t and y)
        fp = sum(1 for p, y in pairs if p >= t and not y)
        f = _f1(tp, fp, support - tp)
        if f > best_f + 1e-9 or (abs(f - best_f) <= 1e-9 and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best_f = t, f
    return best_t, best_f


def _tune_thresholds(
    probs: Sequence[dict[str, float]], segs: Sequence[_Segment], labels: Sequence[str]
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
        thresholds[label], f1s[label] = _best_threshold(pairs)
    return thresholds, f1s


def _tune_rule_modes(
    probs: Sequence[dict[str, float]],
    rule_results: Sequence[PassageResult],
    segs: Sequence[_Segment],
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
            scores[mode] = _f1(tp, fp, fn)
        best = max(RULE_MODES, key=lambda m: scores[m])
        modes[label] = best if scores[best] >= scores["model"] + min_gain else "model"
    return modes


def _macro(f1s: dict[str, float]) -> float:
    return sum(f1s.values()) / len(f1s) if f1s else 0.0


def _folds(doc_ids: Sequence[str], k: int, seed: int) -> list[set[str]]:
    """The documents dealt into ``min(k, number of documents)`` folds, shuffled by ``seed``."""
    ids = sorted(set(doc_ids))
    random.Random(seed).shuffle(ids)
    k = min(k, len(ids))
    return [set(ids[j::k]) for j in range(k)] if k > 1 else []


Parts = list[tuple[list[int], list[int]]]


def _linear_oof(
    inputs: Sequence[str],
    cats: Sequence[dict[str, float]],
    labels: Sequence[str],
    parts: Parts,
) -> tuple[Any, dict[str, LinearParams]]:
    """Out-of-fold probabilities of the linear companion for every (class weight, C) pair of
    :data:`PARAM_GRID`; per label, the pair whose best-threshold F1 is highest. Returns the
    chosen pairs' (N, L) out-of-fold probabilities and the pairs."""
    import numpy as np

    oof = np.zeros((len(PARAM_GRID), len(inputs), len(labels)))
    for tr, te in parts:
        vec = vectorizer()
        x_tr = vec.fit_transform([inputs[i] for i in tr])
        x_te = vec.transform([inputs[i] for i in te])
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
            for g, pair in enumerate(PARAM_GRID):
                lr = fit_label(x_tr[rows], y, pair)
                oof[g, target, j] = lr.predict_proba(x_te[local])[:, 1]
    chosen = np.zeros((len(inputs), len(labels)))
    params: dict[str, LinearParams] = {}
    for j, label in enumerate(labels):
        rows, y = label_rows(cats, label)
        scores = [
            _best_threshold(list(zip(oof[g, rows, j].tolist(), y, strict=True)))[1]
            for g in range(len(PARAM_GRID))
        ]
        g = max(range(len(PARAM_GRID)), key=lambda g: scores[g])
        params[label] = PARAM_GRID[g]
        chosen[:, j] = oof[g, :, j]
    return chosen, params


def _one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """BLAS/OpenMP limited to one thread (threadpoolctl, a scikit-learn dependency): the many
    small logistic regressions ran up to 25x slower with a thread pool on a busy 2-core host."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1)


def _textcat_probs(nlp: Any, inputs: Sequence[str]) -> list[dict[str, float]]:
    tc = nlp.get_pipe("textcat_multilabel")
    return [dict(d.cats) for d in tc.pipe(nlp.tokenizer.pipe(inputs), batch_size=256)]


def train(
    gold_docs: Sequence[dict[str, Any]],
    out_dir: str | os.PathLike[str],
    *,
    seed: int = 0,
    max_minutes: float = 9.0,
    epochs: int = 12,
    arch: str = "bow",
    ngram_size: int = 2,
    linear: bool = True,
    folds: int = 5,
    use_rules: bool | None = None,
    rule_runner: RuleRunner | None = None,
) -> dict[str, Any]:
    """Train a section classifier on gold-format documents and save it to ``out_dir``.

    Everything is tuned by document-level cross-validation inside the training documents
    (``folds`` folds), on out-of-fold predictions for every passage:

    1. the linear companion's (class weight, C) per label, from :data:`PARAM_GRID`;
    2. the textcat's epoch count (early stopping on the first fold), then its out-of-fold
       probabilities on the other folds with that many epochs;
    3. the blend weight (0, 0.25 or 0.5 for the textcat), per-label thresholds on the blended
       probabilities, and per-label rule modes (model alone, OR, AND with the rules).

    Then both models are trained again on all documents. Stays within ``max_minutes`` (checked
    after every textcat epoch and fold). Returns the saved metadata.
    """
    started = time.perf_counter()
    deadline = started + max_minutes * 60
    segs = _segments(gold_docs)
    if not segs:
        raise ValueError("no segments in the training documents")
    labels = tuple(sorted({label for s in segs for label in s.cats}))
    if not labels:
        raise ValueError("the training documents score no sections (scored_sections is empty)")
    texts = [s.text for s in segs]
    contexts = [list(s.context) for s in segs]
    cats = [s.cats for s in segs]

    runner = rule_runner
    if runner is None and use_rules is not False:
        runner = _default_rule_runner()
    if use_rules and runner is None:
        raise RuntimeError("use_rules=True but the rules pipeline (classify_passages) is missing")
    if runner is not None:
        t0 = time.perf_counter()
        rule_results, features = runner(texts, contexts)
        _progress(
            f"[train_classifier] rules run on {len(segs)} passages "
            f"({time.perf_counter() - t0:.1f}s)"
        )
        inputs = [
            model_input(t, c, r, f)
            for t, c, r, f in zip(texts, contexts, rule_results, features, strict=True)
        ]
    else:
        _progress("[train_classifier] rules pipeline not available: text-only model")
        inputs = [model_input(t, c) for t, c in zip(texts, contexts, strict=True)]

    n_docs = len({s.doc_id for s in segs})
    _progress(
        f"[train_classifier] {n_docs} documents, {len(segs)} passages, labels: {', '.join(labels)}"
    )
    doc_folds = _folds([s.doc_id for s in segs], folds, seed)
    parts: Parts = [
        (
            [i for i, s in enumerate(segs) if s.doc_id not in ids],
            [i for i, s in enumerate(segs) if s.doc_id in ids],
        )
        for ids in doc_folds
    ]

    thresholds = {label: 0.5 for label in labels}
    weight = 0.25 if linear else 1.0
    params: dict[str, LinearParams] = {}
    oof_f1s: dict[str, float] = {}
    rule_modes: dict[str, str] = {}
    best_epochs = epochs
    scored: list[int] = []  # passages with out-of-fold predictions
    if parts:
        oof_linear = None
        if linear:
            t0 = time.perf_counter()
            with _one_blas_thread():
                oof_linear, params = _linear_oof(inputs, cats, labels, parts)
            _progress(
                f"[train_classifier] [cv] linear companion, {len(parts)} folds "
                f"({time.perf_counter() - t0:.1f}s); (class weight, C) {params}"
            )
        oof_textcat: list[dict[str, float]] = [{} for _ in segs]
        tr0, te0 = parts[0]
        te0_segs = [segs[i] for i in te0]
        best: dict[str, Any] = {"macro": -1.0, "epoch": 0}
        patience = 3

        def on_epoch(epoch: int, loss: float) -> bool:
            probs = _textcat_probs(nlp, [inputs[i] for i in te0])
            macro = _macro(_tune_thresholds(probs, te0_segs, labels)[1])
            _progress(f"[train_classifier]   fold 1 textcat macro-F1 {macro:.4f}")
            if macro > best["macro"] + 1e-4:
                best.update(macro=macro, epoch=epoch, probs=probs)
            return epoch - int(best["epoch"]) >= patience

        nlp = _build_nlp(labels, arch, ngram_size)
        tr0_examples = _examples(nlp, [inputs[i] for i in tr0], [segs[i] for i in tr0])
        ran = _fit(nlp, tr0_examples, epochs, seed, deadline, on_epoch, label="[cv fold 1] ")
        best_epochs = int(best["epoch"]) or ran
        for i, p in zip(te0, best.get("probs", []), strict=False):
            oof_textcat[i] = p
        scored = list(te0)
        for k, (tr, te) in enumerate(parts[1:], 2):
            if time.perf_counter() > deadline:
                _progress(f"[train_classifier] time budget: textcat folds {k}.. skipped")
                break
            nlp = _build_nlp(labels, arch, ngram_size)
            examples = _examples(nlp, [inputs[i] for i in tr], [segs[i] for i in tr])
            _fit(nlp, examples, best_epochs, seed, deadline, label=f"[cv fold {k}] ")
            for i, p in zip(te, _textcat_probs(nlp, [inputs[i] for i in te]), strict=True):
                oof_textcat[i] = p
            scored.extend(te)
        scored.sort()

        scored_segs = [segs[i] for i in scored]
        candidates = []
        for w in (0.0, 0.25, 0.5) if linear else (1.0,):
            blended = _blend(
                [oof_textcat[i] for i in scored],
                oof_linear[scored] if oof_linear is not None else None,
                labels,
                w,
            )
            th, f1s = _tune_thresholds(blended, scored_segs, labels)
            candidates.append((_macro(f1s), -abs(w - 0.25), w, th, f1s, blended))
        macro, _, weight, thresholds, oof_f1s, blended = max(candidates, key=lambda c: c[:2])
        if runner is not None:
            rule_modes = _tune_rule_modes(
                blended, [rule_results[i] for i in scored], scored_segs, labels, thresholds
            )
            _progress(f"[train_classifier] rule modes {rule_modes}")
        _progress(
            f"[train_classifier] out-of-fold macro-F1 {macro:.4f} on {len(scored)} passages, "
            f"textcat {best_epochs} epochs, weight {weight}; thresholds {thresholds}"
        )

    nlp = _build_nlp(labels, arch, ngram_size)
    _fit(nlp, _examples(nlp, inputs, segs), best_epochs, seed, deadline, label="[all documents] ")
    with _one_blas_thread():
        lin_model = LinearModel.fit(inputs, cats, labels, params) if linear else None

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out / "model")
    if lin_model is not None:
        lin_model.save(out)
    meta: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "labels": list(labels),
        "thresholds": thresholds,
        "use_rules": runner is not None,
        "architecture": arch,
        "ngram_size": ngram_size,
        "linear": lin_model is not None,
        "linear_params": {k: list(v) for k, v in params.items()},
        "textcat_weight": weight if lin_model is not None else 1.0,
        "rule_modes": rule_modes,
        "epochs": best_epochs,
        "seed": seed,
        "documents": n_docs,
        "passages": len(segs),
        "cv_folds": len(parts),
        "validation_documents": len({segs[i].doc_id for i in scored}),
        "validation_macro_f1": round(_macro(oof_f1s), 4) if scored else None,
        "validation_f1": {k: round(v, 4) for k, v in oof_f1s.items()},
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    with _lock:
        _cache.pop(str(out), None)
    _progress(f"[train_classifier] saved to {out} in {meta['seconds']}s")
    return meta
