"""Learned section weighting: logistic regression over the rules' own evidence.

The rules give every section three kinds of evidence for a passage: body cues (phrase weights
in ``patterns/sections.py``), typed-value boosts (a duration, a country, an e-mail ...) and
headings. How those combine into a decision (thresholds, the boost sizes, how much a heading
counts, when a more specific section overrides collection/use) was set by hand. Here one
logistic regression per section learns that combination from the labelled corpus the team
wrote itself (``training_data/passages.jsonl``; never the evaluation gold files):

    p(section) = sigmoid(bias + sum_f w_f * x_f)

with the features of :func:`features` (each scaled by the section's hand-set threshold, so
the learned weights stay comparable across sections). The weights are plain JSON
(``default_weights.json``), applied here without scikit-learn; ``python manage.py
train_default_weights`` rebuilds them (scikit-learn is needed for training only).

The learned weighting is used when ``POLICY_SECTION_WEIGHTS=learned``; by default the rules'
hand-set thresholds decide (see README "Accuracy" for the comparison on both halves).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .patterns.sections import OVERVIEW_SECTIONS, THRESHOLDS

WEIGHTS_FILE = Path(__file__).with_name("default_weights.json")
TRAINING_DIR = Path(__file__).with_name("training_data")
WEIGHTS_ENV = "POLICY_SECTION_WEIGHTS"
FEATURES: tuple[str, ...] = (
    "ratio", "body", "boost", "head", "other", "overview", "short", "framed", "ratio_x_short",
)
CAP = 4.0
Parts = tuple[dict[str, float], dict[str, float], dict[str, float]]


def features(parts: Parts, short: bool, framed: bool) -> dict[str, list[float]]:
    """Feature vector (in ``FEATURES`` order) of every scored section of one passage."""
    body, boosts, heads = parts
    ratio = {
        k: min((body.get(k, 0.0) + boosts.get(k, 0.0) + heads.get(k, 0.0)) / t, CAP)
        for k, t in THRESHOLDS.items()
    }
    over = sum(1 for v in ratio.values() if v >= 1.0) / OVERVIEW_SECTIONS
    out: dict[str, list[float]] = {}
    for key, t in THRESHOLDS.items():
        other = max((v for k, v in ratio.items() if k != key), default=0.0)
        out[key] = [
            ratio[key],
            min(body.get(key, 0.0) / t, CAP),
            min(boosts.get(key, 0.0) / t, CAP),
            min(heads.get(key, 0.0) / t, CAP),
            other,
            over,
            float(short),
            float(framed),
            ratio[key] * float(short),
        ]
    return out


@dataclass(frozen=True)
class SectionWeights:
    """Per-section logistic-regression weights over :data:`FEATURES`."""

    bias: dict[str, float]
    weights: dict[str, tuple[float, ...]]
    version: str = ""

    def probabilities(self, parts: Parts, short: bool, framed: bool) -> dict[str, float]:
        out: dict[str, float] = {}
        for key, x in features(parts, short, framed).items():
            if key not in self.weights:
                continue
            z = self.bias[key] + sum(w * v for w, v in zip(self.weights[key], x, strict=True))
            out[key] = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
        return out

    def decide(self, parts: Parts, short: bool, framed: bool) -> tuple[str, ...]:
        probs = self.probabilities(parts, short, framed)
        chosen = sorted(
            ((p, k) for k, p in probs.items() if p >= 0.5), key=lambda item: (-item[0], item[1])
        )
        if len(chosen) >= OVERVIEW_SECTIONS:
            return ()
        return tuple(k for _, k in chosen)

    def to_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "features": list(FEATURES),
            "sections": {
                k: {"bias": self.bias[k], "weights": list(self.weights[k])} for k in self.weights
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> SectionWeights:
        if data.get("features") != list(FEATURES):
            raise ValueError("weights file was trained on other features; retrain it")
        sections = data["sections"]
        assert isinstance(sections, dict)
        return cls(
            bias={k: float(v["bias"]) for k, v in sections.items()},
            weights={k: tuple(float(w) for w in v["weights"]) for k, v in sections.items()},
            version=str(data.get("version", "")),
        )


@lru_cache(maxsize=4)
def _load(path: str) -> SectionWeights:
    return SectionWeights.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def default_weights() -> SectionWeights | None:
    """The learned weights when ``POLICY_SECTION_WEIGHTS=learned`` (or a path), else None."""
    choice = os.environ.get(WEIGHTS_ENV, "").strip()
    if not choice or choice == "rules":
        return None
    path = WEIGHTS_FILE if choice == "learned" else Path(choice)
    return _load(str(path))


def training_rows(directory: Path = TRAINING_DIR) -> list[dict[str, object]]:
    """The team-written labelled passages (every ``*.jsonl`` under ``directory``)."""
    rows: list[dict[str, object]] = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def training_samples(
    rows: list[dict[str, object]], seed: int = 13, paragraphs: int = 300
) -> list[tuple[str, list[str], set[str]]]:
    """Samples for training: each passage with its heading and without it (policies without
    headings), plus ``paragraphs`` paragraphs of two or three passages of one style joined
    (OPP-115-like paragraphs under no heading; labels are the union)."""
    import random

    rng = random.Random(seed)
    samples: list[tuple[str, list[str], set[str]]] = []
    for row in rows:
        text, context = str(row["text"]), [str(c) for c in row.get("context", [])]  # type: ignore[attr-defined]
        labels = set(row["sections"])  # type: ignore[call-overload]
        samples.append((text, context, labels))
        if context:
            samples.append((text, [], labels))
    by_style: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_style.setdefault(str(row.get("style", "")), []).append(row)
    styles = sorted(by_style)
    for _ in range(paragraphs):
        group = by_style[rng.choice(styles)]
        picked = rng.sample(group, min(len(group), rng.choice((2, 3))))
        text = " ".join(str(r["text"]) for r in picked)
        labels = set().union(*(set(r["sections"]) for r in picked))  # type: ignore[call-overload]
        samples.append((text, [], labels))
    return samples


def train(
    rows: list[dict[str, object]] | None = None, *, c: float = 1.0, seed: int = 13
) -> SectionWeights:
    """Fit one logistic regression per section on the team-written corpus (needs scikit-learn).

    Features come from the rules (:func:`features`), so this learns how to weigh the rules'
    evidence, not phrases of the corpus."""
    from sklearn.linear_model import LogisticRegression

    from .analyze import cues_of_headings, score_parts, sentence_bounds
    from .patterns.sections import LIST_ITEM_WORDS
    from .pipeline import PIPELINE_VERSION, get_nlp
    from .rule_scoring import read_cues

    samples = training_samples(rows if rows is not None else training_rows(), seed=seed)
    nlp = get_nlp()
    heads = cues_of_headings(h for _, ctx, _ in samples for h in ctx)
    xs: dict[str, list[list[float]]] = {k: [] for k in THRESHOLDS}
    ys: dict[str, list[int]] = {k: [] for k in THRESHOLDS}
    docs = nlp.pipe((t for t, _, _ in samples), batch_size=256)
    for (text, ctx, labels), doc in zip(samples, docs, strict=True):
        cues = read_cues(doc)
        context = [heads[h] for h in reversed(ctx)]
        parts = score_parts(text, 0, cues, context, sentence_bounds(text))
        feats = features(parts, len(text.split()) <= LIST_ITEM_WORDS, bool(ctx))
        for key, x in feats.items():
            xs[key].append(x)
            ys[key].append(int(key in labels))
    bias: dict[str, float] = {}
    weights: dict[str, tuple[float, ...]] = {}
    for key in THRESHOLDS:
        if len(set(ys[key])) < 2:
            continue
        model = LogisticRegression(C=c, max_iter=2000)
        model.fit(xs[key], ys[key])
        bias[key] = round(float(model.intercept_[0]), 5)
        weights[key] = tuple(round(float(w), 5) for w in model.coef_[0])
    return SectionWeights(bias, weights, version=f"{PIPELINE_VERSION}/corpus-{len(samples)}")


def write_weights(weights: SectionWeights, path: Path = WEIGHTS_FILE) -> Path:
    path.write_text(json.dumps(weights.to_json(), indent=1, sort_keys=True) + "\n", "utf-8")
    _load.cache_clear()
    return path
