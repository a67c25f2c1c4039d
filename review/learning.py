"""Learning from reviews: pure helpers (no queries) shared by ``export_reviews``,
``train_from_reviews`` and their tests.

* ``held_back_ids`` splits policies into training and held-back sets by a stable hash of their
  id, so the same policy is always on the same side whatever else is reviewed;
* ``section_scores`` scores a predictor of passage sections on gold-format documents the way
  ../shared/eval/score.py scores passages: per scored section precision / recall / F1 over
  all passages, macro-F1 over the sections (``collection_use`` is hit by ``collection`` or
  ``use``; ``other`` is never scored).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

# Gold labels that stand for several of our section keys (OPP-115's first-party label).
COMBINED: dict[str, tuple[str, ...]] = {"collection_use": ("collection", "use")}

Predictor = Callable[[list[str], list[list[str]]], list[tuple[str, ...]]]


def held_back_ids(doc_ids: Sequence[str], share: float, seed: int = 0) -> set[str]:
    """About ``share`` of the documents (at least one when there are two or more), chosen by
    a stable hash of (seed, id)."""
    if not 0 < share < 1 or len(doc_ids) < 2:
        return set()
    ranked = sorted(doc_ids, key=lambda i: hashlib.sha1(f"{seed}:{i}".encode()).hexdigest())
    n = min(max(1, round(len(ranked) * share)), len(ranked) - 1)
    return set(ranked[:n])


def section_scores(docs: Sequence[dict[str, Any]], predict: Predictor) -> dict[str, Any]:
    """``{"macro_f1", "per_section": {label: {"p", "r", "f1", "support"}}, "passages"}``."""
    texts: list[str] = []
    contexts: list[list[str]] = []
    for doc in docs:
        for seg in doc.get("segments", []):
            texts.append(seg["text"])
            contexts.append(list(seg.get("context", [])))
    predicted = predict(texts, contexts) if texts else []
    counts: dict[str, list[int]] = {}
    i = 0
    for doc in docs:
        scored = [s for s in doc.get("scored_sections", []) if s != "other"]
        for seg in doc.get("segments", []):
            pred = set(predicted[i])
            i += 1
            gold = set(seg.get("sections", []))
            for label in scored:
                said = any(k in pred for k in COMBINED.get(label, (label,)))
                tp_fp_fn = counts.setdefault(label, [0, 0, 0])
                if said and label in gold:
                    tp_fp_fn[0] += 1
                elif said:
                    tp_fp_fn[1] += 1
                elif label in gold:
                    tp_fp_fn[2] += 1
    per: dict[str, dict[str, float]] = {}
    for label, (tp, fp, fn) in sorted(counts.items()):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per[label] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4),
                      "support": tp + fn}
    scored_labels = [lab for lab, v in per.items() if v["support"]]
    macro = sum(per[lab]["f1"] for lab in scored_labels) / len(scored_labels) if scored_labels \
        else 0.0
    return {"macro_f1": round(macro, 4), "per_section": per, "passages": len(texts)}


def rules_predictor() -> Predictor:
    """The rules alone (no trained classifier)."""
    from extraction.nlp import classify_passages

    def predict(texts: list[str], contexts: list[list[str]]) -> list[tuple[str, ...]]:
        results = classify_passages(zip(texts, contexts, strict=True), classifier=None)
        return [tuple(r.sections) for r in results]

    return predict


def model_predictor(path: str) -> Predictor:
    """The rules with the trained classifier in ``path`` deciding its labels."""
    from extraction.nlp import classify_passages
    from extraction.nlp.classifier import SectionClassifier

    model = SectionClassifier.load(path)

    def predict(texts: list[str], contexts: list[list[str]]) -> list[tuple[str, ...]]:
        results = classify_passages(zip(texts, contexts, strict=True), classifier=model)
        return [tuple(r.sections) for r in results]

    return predict
