"""TF-IDF + logistic-regression companion of the spaCy textcat (plain arrays, no pickle)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
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


def vectorizer() -> Any:
    """TF-IDF of word 1-2 grams (sublinear tf) over the model input."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=NGRAMS, min_df=2, sublinear_tf=True)


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
    _vectorizer: Any = None

    @classmethod
    def fit(
        cls,
        inputs: Sequence[str],
        cats: Sequence[dict[str, float]],
        labels: Sequence[str],
        params: dict[str, LinearParams] | None = None,
    ) -> LinearModel:
        """Fit one logistic regression per label; ``params`` gives each label's
        (class weight, C), :data:`DEFAULT_PARAMS` for labels it does not name."""
        import numpy as np

        vec = vectorizer()
        x = vec.fit_transform(inputs)
        coef = np.zeros((len(labels), x.shape[1]), dtype="float32")
        intercept = np.zeros(len(labels), dtype="float32")
        for j, label in enumerate(labels):
            rows, y = label_rows(cats, label)
            if not rows or len(set(y)) < 2:
                intercept[j] = 10.0 if y and y[0] else -10.0
                continue
            lr = fit_label(x[rows], y, (params or {}).get(label, DEFAULT_PARAMS))
            coef[j] = lr.coef_[0]
            intercept[j] = lr.intercept_[0]
        vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
        model = cls(tuple(labels), vocab, vec.idf_.astype("float32"), coef, intercept)
        model._vectorizer = vec
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
        z = x @ self.coef.T + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def save(self, root: Path) -> None:
        import numpy as np

        np.savez_compressed(
            root / LINEAR_FILE, idf=self.idf, coef=self.coef, intercept=self.intercept
        )
        (root / LINEAR_VOCAB).write_text(
            json.dumps({"labels": list(self.labels), "vocabulary": self.vocabulary}),
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

