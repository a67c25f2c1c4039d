"""Training: ``train`` (what ``manage.py train_classifier`` runs) and its helpers."""

from __future__ import annotations

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
from .linear import LinearModel, _blend
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


def _tune_thresholds(
    probs: Sequence[dict[str, float]], segs: Sequence[_Segment], labels: Sequence[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Per label, the threshold maximising F1 on the validation slice (grid 0.05..0.90), moved
    halfway back towards 0.5: a slice of a few dozen policies gives noisy optima (in
    document-level cross-validation on OPP-115 the halved step beat the raw optimum)."""
    grid = [round(0.05 * i, 2) for i in range(1, 19)]
    thresholds: dict[str, float] = {}
    f1s: dict[str, float] = {}
    for label in labels:
        pairs = [
            (p.get(label, 0.0), s.cats[label])
            for p, s in zip(probs, segs, strict=True)
            if label in s.cats
        ]
        support = sum(1 for _, y in pairs if y >= 0.5)
        if not pairs or support == 0:
            thresholds[label], f1s[label] = 0.5, 0.0
            continue
        best_t, best_f = 0.5, -1.0
        for t in grid:
            tp = sum(1 for p, y in pairs if p >= t and y >= 0.5)
            fp = sum(1 for p, y in pairs if p >= t and y < 0.5)
            fn = support - tp
            f = _f1(tp, fp, fn)
            # prefer the threshold nearest 0.5 among ties
            if f > best_f + 1e-9 or (abs(f - best_f) <= 1e-9 and abs(t - 0.5) < abs(best_t - 0.5)):
                best_t, best_f = t, f
        thresholds[label], f1s[label] = round((best_t + 0.5) / 2, 3), best_f
    return thresholds, f1s


def _tune_rule_modes(
    probs: Sequence[dict[str, float]],
    rule_results: Sequence[PassageResult],
    segs: Sequence[_Segment],
    labels: Sequence[str],
    thresholds: dict[str, float],
    min_gain: float = 0.03,
) -> dict[str, str]:
    """Per label, whether the rules' verdict should be OR-ed with the model's: kept only where
    it beats the model alone by ``min_gain`` F1 on the validation slice (typed-value rules such
    as "a retention period is retention" are precise where a bag-of-words model is not; the
    slice is small, so smaller gains are treated as noise)."""
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


def _split_docs(doc_ids: Sequence[str], fraction: float, seed: int) -> set[str]:
    ids = sorted(set(doc_ids))
    random.Random(seed).shuffle(ids)
    n = max(1, round(len(ids) * fraction)) if len(ids) > 1 else 0
    return set(ids[:n])


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
    validation_fraction: float = 0.2,
    use_rules: bool | None = None,
    rule_runner: RuleRunner | None = None,
    refit: bool = True,
) -> dict[str, Any]:
    """Train a section classifier on gold-format documents and save it to ``out_dir``.

    1. Split off ``validation_fraction`` of the documents; train the textcat on the rest (and,
       with ``linear``, the TF-IDF logistic-regression companion), keeping the epoch count with
       the best validation macro-F1; tune the blend weight and per-label thresholds there.
    2. With ``refit`` (default) train again on all documents for that many epochs.
    Stays within ``max_minutes`` (checked after every epoch). Returns the saved metadata.
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
    val_ids = (
        _split_docs([s.doc_id for s in segs], validation_fraction, seed) if n_docs > 1 else set()
    )
    tr_idx = [i for i, s in enumerate(segs) if s.doc_id not in val_ids]
    va_idx = [i for i, s in enumerate(segs) if s.doc_id in val_ids]
    # textcat weights in the blend with the linear companion, chosen on the validation slice
    weights: tuple[float, ...] = (0.0, 0.25, 0.5) if linear else (1.0,)

    nlp = _build_nlp(labels, arch, ngram_size)
    thresholds = {label: 0.5 for label in labels}
    weight = 0.25 if linear else 1.0
    val_f1s: dict[str, float] = {}
    rule_modes: dict[str, str] = {}
    best_epochs = epochs
    best: dict[str, Any] = {"macro": -1.0}
    if va_idx:
        tr_examples = _examples(nlp, [inputs[i] for i in tr_idx], [segs[i] for i in tr_idx])
        va_inputs = [inputs[i] for i in va_idx]
        va_segs = [segs[i] for i in va_idx]
        va_linear = None
        if linear:
            t0 = time.perf_counter()
            lin = LinearModel.fit(
                [inputs[i] for i in tr_idx], [segs[i].cats for i in tr_idx], labels
            )
            va_linear = lin.proba(va_inputs)
            _progress(
                f"[train_classifier] [validation] linear companion fitted "
                f"({time.perf_counter() - t0:.1f}s)"
            )
        patience = 3

        def on_epoch(epoch: int, loss: float) -> bool:
            tc = nlp.get_pipe("textcat_multilabel")
            probs = [dict(d.cats) for d in tc.pipe(nlp.tokenizer.pipe(va_inputs), batch_size=256)]
            scores = []
            for w in weights:
                blended = _blend(probs, va_linear, labels, w)
                th, f1s = _tune_thresholds(blended, va_segs, labels)
                scores.append((_macro(f1s), w, th, f1s, blended))
            macro, w, th, f1s, blended = max(scores, key=lambda x: x[0])
            _progress(f"[train_classifier]   validation macro-F1 {macro:.4f} (weight {w})")
            if macro > best["macro"] + 1e-4:
                best.update(
                    macro=macro, epoch=epoch, thresholds=th, f1s=f1s, weight=w, probs=blended
                )
                if not refit:
                    best["weights"] = nlp.to_bytes()
            return epoch - int(best["epoch"]) >= patience

        ran = _fit(nlp, tr_examples, epochs, seed, deadline, on_epoch, label="[validation] ")
        best_epochs = int(best.get("epoch", ran))
        thresholds = dict(best.get("thresholds", thresholds))
        weight = float(best.get("weight", weight))
        val_f1s = dict(best.get("f1s", {}))
        if runner is not None and "probs" in best:
            rule_modes = _tune_rule_modes(
                best["probs"], [rule_results[i] for i in va_idx], va_segs, labels, thresholds
            )
            _progress(f"[train_classifier] rule modes {rule_modes}")
        _progress(
            f"[train_classifier] best validation macro-F1 {best['macro']:.4f} after "
            f"{best_epochs} epochs, textcat weight {weight}; thresholds {thresholds}"
        )
        if refit:
            nlp = _build_nlp(labels, arch, ngram_size)
            all_examples = _examples(nlp, inputs, segs)
            _fit(nlp, all_examples, best_epochs, seed, deadline, label="[all documents] ")
        elif "weights" in best:
            nlp.from_bytes(best["weights"])  # the best epoch's model, trained on the slice
    else:
        all_examples = _examples(nlp, inputs, segs)
        _fit(nlp, all_examples, epochs, seed, deadline, label="")

    lin_model = None
    if linear:
        if refit or not va_idx:
            lin_model = LinearModel.fit(inputs, [s.cats for s in segs], labels)
        else:
            lin_model = LinearModel.fit(
                [inputs[i] for i in tr_idx], [segs[i].cats for i in tr_idx], labels
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
        "architecture": arch,
        "ngram_size": ngram_size,
        "linear": lin_model is not None,
        "textcat_weight": weight if lin_model is not None else 1.0,
        "rule_modes": rule_modes,
        "epochs": best_epochs,
        "seed": seed,
        "documents": n_docs,
        "passages": len(segs),
        "validation_documents": len(val_ids),
        "validation_macro_f1": round(float(best["macro"]), 4) if va_idx else None,
        "validation_f1": {k: round(v, 4) for k, v in val_f1s.items()},
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    with _lock:
        _cache.pop(str(out), None)
    _progress(f"[train_classifier] saved to {out} in {meta['seconds']}s")
    return meta
