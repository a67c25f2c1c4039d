"""Training: ``train`` (what ``manage.py train_classifier`` runs).

The pieces live beside it: ``corpus`` (gold documents -> passages), ``textcat`` (the spaCy
model), ``linear`` (the TF-IDF + logistic-regression companion), ``tuning`` (cross-validation).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .corpus import segments
from .features import RuleRunner, default_rule_runner, model_input, with_neighbours
from .linear import RULE_SCALE, LinearModel, LinearParams, blend
from .model import FORMAT_VERSION, META_FILE, forget_classifier
from .textcat import (
    Budget,
    build_nlp,
    fit_textcat,
    progress,
    textcat_examples,
    textcat_probs,
)
from .tuning import (
    Parts,
    document_folds,
    linear_oof,
    macro_f1,
    one_blas_thread,
    tune_rule_modes,
    tune_thresholds,
)


def train(
    gold_docs: Sequence[dict[str, Any]],
    out_dir: str | os.PathLike[str],
    *,
    seed: int = 0,
    max_minutes: float = 30.0,
    epochs: int = 12,
    patience: int = 3,
    arch: str = "bow",
    ngram_size: int = 2,
    linear: bool = True,
    folds: int = 5,
    use_rules: bool | None = None,
    rule_runner: RuleRunner | None = None,
    neighbours: bool = True,
    rule_scale: float = RULE_SCALE,
) -> dict[str, Any]:
    """Train a section classifier on gold-format documents and save it to ``out_dir``.

    Everything is tuned by document-level cross-validation inside the training documents
    (``folds`` folds), on out-of-fold predictions for every passage:

    1. the linear companion's (class weight, C) per label, from :data:`PARAM_GRID`, and
       whether the label reads the rules' tokens a second time as a binary block weighted
       ``rule_scale`` (:class:`~.linear.Featurizer`; 0: never);
    2. the textcat's epoch count (at most ``epochs``; early stopping on the first fold after
       ``patience`` epochs without gain), then its out-of-fold probabilities on the other folds
       with that many epochs;
    3. the blend weight (0, 0.25 or 0.5 for the textcat), per-label thresholds on the blended
       probabilities, and per-label rule modes (model alone, OR, AND with the rules).

    With ``neighbours`` (and the rules available) every passage's input also carries the rules'
    sections of the previous and next passage of its document (:func:`with_neighbours`).

    Then both models are trained again on all documents. Returns the saved metadata.

    The amount of work is fixed by ``folds``, ``epochs`` and ``patience`` alone, so the same
    documents and seed give the same model on an idle or a busy machine (about 2 min for
    OPP-115's 71 training policies and 3 min for GT200's 73 on an idle 2-core machine).
    ``max_minutes`` is only a safety stop: past it training raises
    :class:`~.textcat.TrainingBudgetExceeded` and saves nothing (<= 0: no stop).
    """
    budget = Budget(max_minutes)
    segs = segments(gold_docs)
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
        runner = default_rule_runner()
    if use_rules and runner is None:
        raise RuntimeError("use_rules=True but the rules pipeline (classify_passages) is missing")
    if runner is not None:
        t0 = time.perf_counter()
        rule_results, features = runner(texts, contexts)
        progress(
            f"[train_classifier] rules run on {len(segs)} passages "
            f"({time.perf_counter() - t0:.1f}s)"
        )
        inputs = [
            model_input(t, c, r, f)
            for t, c, r, f in zip(texts, contexts, rule_results, features, strict=True)
        ]
        if neighbours:
            inputs = with_neighbours(inputs, rule_results, [s.doc_id for s in segs])
    else:
        neighbours = False
        progress("[train_classifier] rules pipeline not available: text-only model")
        inputs = [model_input(t, c) for t, c in zip(texts, contexts, strict=True)]

    n_docs = len({s.doc_id for s in segs})
    progress(
        f"[train_classifier] {n_docs} documents, {len(segs)} passages, labels: {', '.join(labels)}"
    )
    doc_folds = document_folds([s.doc_id for s in segs], folds, seed)
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
    rule_block: dict[str, bool] = {}
    oof_f1s: dict[str, float] = {}
    rule_modes: dict[str, str] = {}
    best_epochs = epochs
    scored: list[int] = []  # passages with out-of-fold predictions
    if parts:
        oof_linear = None
        if linear:
            t0 = time.perf_counter()
            with one_blas_thread():
                oof_linear, params, rule_block = linear_oof(
                    inputs, cats, labels, parts, budget, rule_scale
                )
            progress(
                f"[train_classifier] [cv] linear companion, {len(parts)} folds "
                f"({time.perf_counter() - t0:.1f}s); (class weight, C) {params}; "
                f"rule block {rule_block}"
            )
        oof_textcat: list[dict[str, float]] = [{} for _ in segs]
        tr0, te0 = parts[0]
        te0_segs = [segs[i] for i in te0]
        best: dict[str, Any] = {"macro": -1.0, "epoch": 0}

        def on_epoch(epoch: int, loss: float) -> bool:
            probs = textcat_probs(nlp, [inputs[i] for i in te0])
            macro = macro_f1(tune_thresholds(probs, te0_segs, labels)[1])
            progress(f"[train_classifier]   fold 1 textcat macro-F1 {macro:.4f}")
            if macro > best["macro"] + 1e-4:
                best.update(macro=macro, epoch=epoch, probs=probs)
            return epoch - int(best["epoch"]) >= patience

        nlp = build_nlp(labels, arch, ngram_size)
        tr0_examples = textcat_examples(nlp, [inputs[i] for i in tr0], [segs[i] for i in tr0])
        ran = fit_textcat(nlp, tr0_examples, epochs, seed, budget, on_epoch, label="[cv fold 1] ")
        best_epochs = int(best["epoch"]) or ran
        for i, p in zip(te0, best.get("probs", []), strict=False):
            oof_textcat[i] = p
        scored = list(te0)
        for k, (tr, te) in enumerate(parts[1:], 2):
            nlp = build_nlp(labels, arch, ngram_size)
            examples = textcat_examples(nlp, [inputs[i] for i in tr], [segs[i] for i in tr])
            fit_textcat(nlp, examples, best_epochs, seed, budget, label=f"[cv fold {k}] ")
            for i, p in zip(te, textcat_probs(nlp, [inputs[i] for i in te]), strict=True):
                oof_textcat[i] = p
            scored.extend(te)
        scored.sort()

        scored_segs = [segs[i] for i in scored]
        candidates = []
        for w in (0.0, 0.25, 0.5) if linear else (1.0,):
            blended = blend(
                [oof_textcat[i] for i in scored],
                oof_linear[scored] if oof_linear is not None else None,
                labels,
                w,
            )
            th, f1s = tune_thresholds(blended, scored_segs, labels)
            candidates.append((macro_f1(f1s), -abs(w - 0.25), w, th, f1s, blended))
        macro, _, weight, thresholds, oof_f1s, blended = max(candidates, key=lambda c: c[:2])
        if runner is not None:
            rule_modes = tune_rule_modes(
                blended, [rule_results[i] for i in scored], scored_segs, labels, thresholds
            )
            progress(f"[train_classifier] rule modes {rule_modes}")
        progress(
            f"[train_classifier] out-of-fold macro-F1 {macro:.4f} on {len(scored)} passages, "
            f"textcat {best_epochs} epochs, weight {weight}; thresholds {thresholds}"
        )

    nlp = build_nlp(labels, arch, ngram_size)
    all_examples = textcat_examples(nlp, inputs, segs)
    fit_textcat(nlp, all_examples, best_epochs, seed, budget, label="[all documents] ")
    with one_blas_thread():
        lin_model = (
            LinearModel.fit(inputs, cats, labels, params, rule_scale, rule_block)
            if linear
            else None
        )

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
        "neighbours": neighbours,
        "architecture": arch,
        "ngram_size": ngram_size,
        "linear": lin_model is not None,
        "linear_params": {k: list(v) for k, v in params.items()},
        "linear_rule_block": rule_block,
        "rule_scale": lin_model.rule_scale if lin_model is not None else 0.0,
        "textcat_weight": weight if lin_model is not None else 1.0,
        "rule_modes": rule_modes,
        "epochs": best_epochs,
        "max_epochs": epochs,
        "patience": patience,
        "seed": seed,
        "documents": n_docs,
        "passages": len(segs),
        "cv_folds": len(parts),
        "validation_documents": len({segs[i].doc_id for i in scored}),
        "validation_macro_f1": round(macro_f1(oof_f1s), 4) if scored else None,
        "validation_f1": {k: round(v, 4) for k, v in oof_f1s.items()},
        "seconds": round(budget.elapsed(), 1),
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    forget_classifier(out)
    progress(f"[train_classifier] saved to {out} in {meta['seconds']}s")
    return meta
