"""A trained model directory: loading, prediction, and combination with the rules."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..types import SECTION_KEYS, PassageResult
from .features import features_for, in_rules_only, model_input, with_neighbours
from .linear import LinearModel, blend

log = logging.getLogger(__name__)

MODEL_ENV = "POLICY_CLASSIFIER_MODEL"
META_FILE = "policy_classifier.json"
FORMAT_VERSION = 1
# Gold label -> project section keys. OPP-115 scores "First Party Collection/Use" as one label;
# the scorer accepts a prediction of either ``collection`` or ``use`` for it.
COMBINED_LABELS: dict[str, tuple[str, ...]] = {"collection_use": ("collection", "use")}

_lock = threading.Lock()
_cache: dict[str, SectionClassifier] = {}

RULE_MODES = ("model", "or", "and", "rules")


def combine(mode: str, model_yes: bool, rule_yes: bool) -> bool:
    """One label's verdict from the model's and the rules' under a rule mode."""
    if mode == "or":
        return model_yes or rule_yes
    if mode == "and":
        return model_yes and rule_yes
    if mode == "rules":
        return rule_yes
    return model_yes


@dataclass
class SectionClassifier:
    """A trained model directory: spaCy textcat + thresholds + label mapping."""

    path: Path
    nlp: Any
    labels: tuple[str, ...]
    thresholds: dict[str, float]
    use_rules: bool
    meta: dict[str, Any] = field(default_factory=dict)
    linear: LinearModel | None = None
    weight: float = 1.0  # weight of the spaCy textcat in the blend with ``linear``
    # Per label, how the model's verdict combines with the rules' (chosen on validation data):
    # "model" (the model alone), "or" (the model or the rules say yes) or "and" (both do).
    rule_modes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> SectionClassifier:
        import spacy

        root = Path(path)
        meta_path = root / META_FILE
        if not meta_path.is_file():
            raise FileNotFoundError(f"{root} is not a policy classifier directory (no {META_FILE})")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"{meta_path}: unsupported format {meta.get('format')!r}")
        nlp = spacy.load(root / "model")
        linear = LinearModel.load(root) if meta.get("linear") else None
        return cls(
            path=root,
            nlp=nlp,
            labels=tuple(meta["labels"]),
            thresholds={k: float(v) for k, v in meta["thresholds"].items()},
            use_rules=bool(meta.get("use_rules")),
            meta=meta,
            linear=linear,
            weight=float(meta.get("textcat_weight", 1.0)),
            rule_modes=dict(meta.get("rule_modes", {})),
        )

    def probabilities(
        self,
        texts: Sequence[str],
        contexts: Sequence[Sequence[str]],
        rule_results: Sequence[PassageResult | None],
        features: Sequence[Sequence[str]] | None = None,
        groups: Sequence[str] | None = None,
    ) -> list[dict[str, float]]:
        """Per passage, the probability of each label. ``groups`` names each passage's document
        for the neighbour tokens of models trained with them (None: one document)."""
        neighbour_rules = rule_results
        if not self.use_rules:
            rule_results = [None] * len(texts)
            features = None
        feats = features if features is not None else [()] * len(texts)
        inputs = [
            model_input(t, c, r, f)
            for t, c, r, f in zip(texts, contexts, rule_results, feats, strict=True)
        ]
        if self.meta.get("neighbours"):
            inputs = with_neighbours(inputs, neighbour_rules, groups)
        probs = [dict(doc.cats) for doc in self.nlp.pipe(inputs, batch_size=256)]
        if self.linear is None:
            return probs
        return blend(probs, self.linear.proba(inputs), self.labels, self.weight)

    def decide(self, probs: dict[str, float], rule: PassageResult | None) -> tuple[str, ...]:
        """Final section keys: model labels above their threshold, plus the rules' keys for
        labels the model was not trained on."""
        rule_secs = tuple(rule.sections) if rule is not None else ()
        decided: set[str] = set()
        covered: set[str] = set()
        for label in self.labels:
            keys = COMBINED_LABELS.get(label, (label,))
            covered.update(keys)
            model_yes = probs.get(label, 0.0) >= self.thresholds.get(label, 0.5)
            rule_yes = any(k in rule_secs for k in keys)
            if not combine(self.rule_modes.get(label, "model"), model_yes, rule_yes):
                continue
            if len(keys) > 1:
                # keep the rules' finer choice (collection vs use) when they made one
                chosen = [k for k in keys if k in rule_secs]
                decided.update(chosen or keys[:1])
            else:
                decided.update(keys)
        decided.update(s for s in rule_secs if s not in covered)
        if len(decided) > 1:
            decided.discard("other")
        if not decided and "other" not in covered and "other" in SECTION_KEYS:
            decided.add("other")
        return tuple(k for k in SECTION_KEYS if k in decided)

    def predict(
        self,
        texts: list[str],
        contexts: list[list[str]],
        rule_results: list[PassageResult],
        features: list[list[str]] | None = None,
        groups: Sequence[str] | None = None,
    ) -> list[tuple[str, ...]]:
        """Section keys for each passage, combining the model with the rules' results.

        Passages come in document order; ``groups`` names each one's document (None: all from
        one document). ``features`` are the rules' feature tokens; computed with
        ``rule_features`` when None.
        """
        if not texts:
            return []
        if self.use_rules and features is None:
            features = features_for(texts, contexts)
        probs = self.probabilities(texts, contexts, rule_results, features, groups)
        return [self.decide(p, r) for p, r in zip(probs, rule_results, strict=True)]


def get_classifier() -> SectionClassifier | None:
    """The classifier named by ``POLICY_CLASSIFIER_MODEL``, loaded once per process; else None."""
    if in_rules_only():
        return None
    path = os.environ.get(MODEL_ENV, "").strip()
    if not path:
        return None
    with _lock:
        clf = _cache.get(path)
        if clf is None:
            clf = SectionClassifier.load(path)
            _cache[path] = clf
            log.info("loaded section classifier from %s", path)
        return clf


def forget_classifier(path: str | os.PathLike[str]) -> None:
    """Drop the model loaded from ``path`` (after it was retrained there)."""
    with _lock:
        _cache.pop(str(path), None)
