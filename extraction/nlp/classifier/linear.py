"""TF-IDF + logistic-regression companion of the spaCy textcat (plain arrays, no pickle)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LINEAR_FILE = "linear.npz"
LINEAR_VOCAB = "linear_vocab.json"
NGRAMS = (1, 2)

# (class weight, C) of one label's logistic regression. Training picks each label's pair from
# PARAM_GRID by cross-validation inside the training documents (tuning.py).
LinearParams = tuple[str | None, float]
DEFAULT_PARAMS: LinearParams = (None, 2.0)
PARAM_GRID: tuple[LinearParams, ...] = (
    (None, 1.0),
    (None, 2.0),
    (None, 4.0),
    (None, 8.0),
    ("balanced", 1.0),
    ("balanced", 2.0),
)


# The rules' tokens of the model input (features.py: verdict, feature and neighbour tokens).
RULE_TOKENS = r"\b(?:rsec|rdt|rf|prv_rsec|nxt_rsec)_\w+"
# Weight of the rule block (binary, not normalised with the passage's words) beside the
# TF-IDF block. Chosen by the training's own 5-fold document CV inside the 75% training
# splits (bench/linear_cv.py, nested thresholds and rule modes): scale 0.3 / 0.5 / 1.0 gave
# OPP-115 0.782 / 0.777 / 0.778 and GT200 0.756 / 0.755 / 0.758, without the block 0.771 /
# 0.744. Each label reads it or not as the CV says (tuning.linear_oof).
RULE_SCALE = 0.3


def vectorizer() -> Any:
    """TF-IDF of word 1-2 grams (sublinear tf) over the model input."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=NGRAMS, min_df=2, sublinear_tf=True)


def rule_vectorizer(vocabulary: dict[str, int] | None = None) -> Any:
    """Binary counts of the rules' tokens of the model input."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        token_pattern=RULE_TOKENS, binary=True, lowercase=False, vocabulary=vocabulary
    )


class Featurizer:
    """The linear companion's features: the TF-IDF block of the whole input and, beside it, the
    rules' tokens again as a binary block scaled by ``rule_scale`` (so the rules' evidence does
    not shrink with the passage's length as it does inside the L2-normalised TF-IDF)."""

    def __init__(self, rule_scale: float = RULE_SCALE) -> None:
        self.words = vectorizer()
        self.rules: Any = rule_vectorizer() if rule_scale > 0 else None
        self.rule_scale = rule_scale

    def fit_transform(self, inputs: Sequence[str]) -> Any:
        x = self.words.fit_transform(inputs)
        if self.rules is None:
            return x
        try:
            r = self.rules.fit_transform(inputs)
        except ValueError:  # no rule tokens at all (a text-only model)
            self.rules = None
            return x
        return _stack(x, r, self.rule_scale)

    def transform(self, inputs: Sequence[str]) -> Any:
        x = self.words.transform(inputs)
        if self.rules is None:
            return x
        return _stack(x, self.rules.transform(inputs), self.rule_scale)

    def rule_vocabulary(self) -> dict[str, int]:
        if self.rules is None:
            return {}
        return {str(k): int(v) for k, v in self.rules.vocabulary_.items()}


def _stack(x: Any, rules: Any, scale: float) -> Any:
    from scipy import sparse

    return sparse.hstack([x, rules.astype("float64") * scale]).tocsr()


def label_rows(cats: Sequence[dict[str, float]], label: str) -> tuple[list[int], list[int]]:
    """Indices of the passages whose document scores ``label``, and their 0/1 targets."""
    rows = [i for i, cat in enumerate(cats) if label in cat]
    return rows, [int(cats[i][label] >= 0.5) for i in rows]


def fit_label(x: Any, y: Sequence[int], params: LinearParams) -> Any:
    """A fitted scikit-learn LogisticRegression for one label."""
    from sklearn.linear_model import LogisticRegression

    class_weight, c = params
    return LogisticRegression(C=c, class_weight=class_weight, max_iter=3000).fit(x, y)


@dataclass
class LinearModel:
    """One-vs-rest logistic regression on TF-IDF word 1-2 grams of the same model input.

    Blended with the spaCy textcat's probabilities (weight chosen by cross-validation). Stored
    as plain arrays (``linear.npz``, no pickle) and a JSON vocabulary.
    """

    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: Any  # numpy array (V,)
    coef: Any  # numpy array (L, V)
    intercept: Any  # numpy array (L,)
    # the rule block (:class:`Featurizer`): its vocabulary (columns after the TF-IDF ones) and
    # weight; empty for models saved before it existed
    rule_vocabulary: dict[str, int] = field(default_factory=dict)
    rule_scale: float = 0.0
    _vectorizer: Any = None
    _rule_vectorizer: Any = None

    @classmethod
    def fit(
        cls,
        inputs: Sequence[str],
        cats: Sequence[dict[str, float]],
        labels: Sequence[str],
        params: dict[str, LinearParams] | None = None,
        rule_scale: float = RULE_SCALE,
        rule_block: dict[str, bool] | None = None,
    ) -> LinearModel:
        """Fit one logistic regression per label; ``params`` gives each label's
        (class weight, C), :data:`DEFAULT_PARAMS` for labels it does not name. ``rule_block``
        says which labels read the rule block (default all); the others get zero weights on
        its columns."""
        import numpy as np

        feats = Featurizer(rule_scale)
        x = feats.fit_transform(inputs)
        vec = feats.words
        n_words = len(vec.vocabulary_)
        coef = np.zeros((len(labels), x.shape[1]), dtype="float32")
        intercept = np.zeros(len(labels), dtype="float32")
        for j, label in enumerate(labels):
            rows, y = label_rows(cats, label)
            if not rows or len(set(y)) < 2:
                intercept[j] = 10.0 if y and y[0] else -10.0
                continue
            pair = (params or {}).get(label, DEFAULT_PARAMS)
            xl = x[rows] if (rule_block or {}).get(label, True) else x[rows][:, :n_words]
            lr = fit_label(xl, y, pair)
            coef[j, : lr.coef_.shape[1]] = lr.coef_[0]
            intercept[j] = lr.intercept_[0]
        vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
        rule_vocab = feats.rule_vocabulary()
        model = cls(
            tuple(labels),
            vocab,
            vec.idf_.astype("float32"),
            coef,
            intercept,
            rule_vocab,
            feats.rule_scale if rule_vocab else 0.0,
        )
        model._vectorizer = vec
        model._rule_vectorizer = feats.rules
        return model

    def _vec(self) -> Any:
        if self._vectorizer is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            vec = TfidfVectorizer(
                ngram_range=NGRAMS, sublinear_tf=True, vocabulary=self.vocabulary
            )
            vec.idf_ = self.idf
            self._vectorizer = vec
        return self._vectorizer

    def proba(self, inputs: Sequence[str]) -> Any:
        """(N, L) array of probabilities."""
        import numpy as np

        x = self._vec().transform(inputs)
        if self.rule_vocabulary:
            if self._rule_vectorizer is None:
                self._rule_vectorizer = rule_vectorizer(self.rule_vocabulary)
            x = _stack(x, self._rule_vectorizer.transform(inputs), self.rule_scale)
        z = x @ self.coef.T + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def save(self, root: Path) -> None:
        import numpy as np

        np.savez_compressed(
            root / LINEAR_FILE, idf=self.idf, coef=self.coef, intercept=self.intercept
        )
        (root / LINEAR_VOCAB).write_text(
            json.dumps(
                {
                    "labels": list(self.labels),
                    "vocabulary": self.vocabulary,
                    "rule_vocabulary": self.rule_vocabulary,
                    "rule_scale": self.rule_scale,
                }
            ),
            encoding="utf-8",
        )

    @classmethod
    def load(cls, root: Path) -> LinearModel:
        import numpy as np

        data = json.loads((root / LINEAR_VOCAB).read_text(encoding="utf-8"))
        with np.load(root / LINEAR_FILE, allow_pickle=False) as arrays:
            return cls(
                tuple(data["labels"]),
                {str(k): int(v) for k, v in data["vocabulary"].items()},
                arrays["idf"],
                arrays["coef"],
                arrays["intercept"],
                {str(k): int(v) for k, v in data.get("rule_vocabulary", {}).items()},
                float(data.get("rule_scale", 0.0)),
            )


def blend(
    spacy_probs: Sequence[dict[str, float]], linear_probs: Any, labels: Sequence[str], weight: float
) -> list[dict[str, float]]:
    """weight * textcat + (1 - weight) * linear, per passage and label."""
    if linear_probs is None:
        return [dict(p) for p in spacy_probs]
    out = []
    for i, p in enumerate(spacy_probs):
        out.append(
            {
                label: weight * p.get(label, 0.0) + (1.0 - weight) * float(linear_probs[i, j])
                for j, label in enumerate(labels)
            }
        )
    return out

