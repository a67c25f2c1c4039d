"""Trainable section classifier that works together with the rules (no Django imports).

A researcher who holds a labelled corpus in the gold format (../shared/eval/README.md) trains a
spaCy ``textcat_multilabel`` model with :func:`train` (``manage.py train_classifier``), and
points ``POLICY_CLASSIFIER_MODEL`` at the output directory. :func:`get_classifier` then returns
a :class:`SectionClassifier` that the rules pipeline consults for every passage.

The model reads, for each passage, one token stream made of
* the enclosing headings as prefixed tokens (``hdr_cookies``), the innermost one also as
  ``hdi_cookies``,
* the lower-cased passage text,
* the rules' own verdict as tokens (``rsec_sharing``, ``rdt_location``) and the rules' feature
  tokens (:func:`extraction.nlp.rule_features`), so the model learns how far to trust each rule.

Two models read that stream: the spaCy textcat (bag-of-n-grams, rare labels oversampled) and
a TF-IDF + logistic-regression companion with balanced class weights (plain arrays, no pickle).
Their probabilities are blended with a textcat weight chosen on a held-out slice of the training
documents (from 0, 0.25, 0.5), where the per-label decision thresholds are tuned too; all of it
is stored in the model directory (``policy_classifier.json``, the spaCy pipeline in ``model/``,
``linear.npz``). In document-level cross-validation the linear companion carries most of the
weight (see bench/train_eval.py). The model decides the labels it was trained on; rule labels it
was not trained on pass through.

Models trained on the gold files must never be shipped or committed (their licences forbid it):
write them to a directory outside git or to the git-ignored ``var/``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .types import SECTION_KEYS, PassageResult

log = logging.getLogger(__name__)

MODEL_ENV = "POLICY_CLASSIFIER_MODEL"
META_FILE = "policy_classifier.json"
FORMAT_VERSION = 1
# Gold label -> project section keys. OPP-115 scores "First Party Collection/Use" as one label;
# the scorer accepts a prediction of either ``collection`` or ``use`` for it.
COMBINED_LABELS: dict[str, tuple[str, ...]] = {"collection_use": ("collection", "use")}

_WORD_RE = re.compile(r"[a-z0-9]+")
_lock = threading.Lock()
_cache: dict[str, SectionClassifier] = {}
_disabled = threading.local()


# --------------------------------------------------------------------------- model input


def _heading_tokens(context: Sequence[str]) -> list[str]:
    out: list[str] = []
    for i, heading in enumerate(context):
        words = _WORD_RE.findall(heading.lower())
        out.extend("hdr_" + w for w in words)
        if i == len(context) - 1:
            out.extend("hdi_" + w for w in words)
    return out


def _rule_tokens(rule_result: PassageResult | None, features: Sequence[str]) -> list[str]:
    out: list[str] = []
    if rule_result is not None:
        out.extend("rsec_" + s for s in rule_result.sections)
        out.extend("rdt_" + d for d in rule_result.data_types)
        if not rule_result.sections:
            out.append("rsec_none")
    for feat in features:
        tok = re.sub(r"[^a-z0-9_]+", "_", feat.lower()).strip("_")
        if tok:
            out.append("rf_" + tok)
    return out


def model_input(
    text: str,
    context: Sequence[str] = (),
    rule_result: PassageResult | None = None,
    features: Sequence[str] = (),
) -> str:
    """The string the text classifier reads for one passage (headings + text + rule tokens)."""
    parts = _heading_tokens(context)
    parts.append(" ".join(text.lower().split()))
    parts.extend(_rule_tokens(rule_result, features))
    return " ".join(p for p in parts if p)


# --------------------------------------------------------------------------- rules access


@contextlib.contextmanager
def rules_only() -> Iterator[None]:
    """Within this block :func:`get_classifier` returns None in this thread (used in training,
    so that the rule tokens never come from a model)."""
    prev = getattr(_disabled, "on", False)
    _disabled.on = True
    try:
        yield
    finally:
        _disabled.on = prev


RuleRunner = Callable[[list[str], list[list[str]]], tuple[list[PassageResult], list[list[str]]]]


def _default_rule_runner() -> RuleRunner | None:
    """The rules pipeline's ``classify_passages`` and ``rule_features``, or None if missing."""
    try:
        from . import classify_passages, rule_features  # type: ignore[attr-defined]
    except ImportError:  # the rules pipeline is not importable: text-only model
        return None

    def run(
        texts: list[str], contexts: list[list[str]]
    ) -> tuple[list[PassageResult], list[list[str]]]:
        with rules_only():
            items = [(t, list(c)) for t, c in zip(texts, contexts, strict=True)]
            results = list(classify_passages(items))
            feats = [list(rule_features(t, list(c))) for t, c in zip(texts, contexts, strict=True)]
        return results, feats

    return run


# --------------------------------------------------------------------------- linear companion


LINEAR_FILE = "linear.npz"
LINEAR_VOCAB = "linear_vocab.json"


@dataclass
class LinearModel:
    """One-vs-rest logistic regression on TF-IDF word 1-2 grams of the same model input.

    Averaged with the spaCy textcat's probabilities (weight tuned on validation). Stored as plain
    arrays (``linear.npz``, no pickle) and a JSON vocabulary.
    """

    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: Any  # numpy array (V,)
    coef: Any  # numpy array (L, V)
    intercept: Any  # numpy array (L,)
    _vectorizer: Any = None

    NGRAMS = (1, 2)

    @classmethod
    def fit(
        cls,
        inputs: Sequence[str],
        cats: Sequence[dict[str, float]],
        labels: Sequence[str],
        c: float = 4.0,
    ) -> LinearModel:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = TfidfVectorizer(ngram_range=cls.NGRAMS, min_df=2, sublinear_tf=True)
        x = vec.fit_transform(inputs)
        coef = np.zeros((len(labels), x.shape[1]), dtype="float32")
        intercept = np.zeros(len(labels), dtype="float32")
        for j, label in enumerate(labels):
            rows = [i for i, cat in enumerate(cats) if label in cat]
            y = [int(cats[i][label] >= 0.5) for i in rows]
            if not rows or len(set(y)) < 2:
                intercept[j] = 10.0 if y and y[0] else -10.0
                continue
            lr = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
            lr.fit(x[rows], y)
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
                ngram_range=self.NGRAMS, sublinear_tf=True, vocabulary=self.vocabulary
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


def _blend(
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


# --------------------------------------------------------------------------- classifier


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
    # "model" (the model alone) or "or" (the model or the rules say yes).
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
    ) -> list[dict[str, float]]:
        if not self.use_rules:
            rule_results = [None] * len(texts)
            features = None
        feats = features if features is not None else [()] * len(texts)
        inputs = [
            model_input(t, c, r, f)
            for t, c, r, f in zip(texts, contexts, rule_results, feats, strict=True)
        ]
        probs = [dict(doc.cats) for doc in self.nlp.pipe(inputs, batch_size=256)]
        if self.linear is None:
            return probs
        return _blend(probs, self.linear.proba(inputs), self.labels, self.weight)

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
    ) -> list[tuple[str, ...]]:
        """Section keys for each passage, combining the model with the rules' results.

        ``features`` are the rules' feature tokens; computed with ``rule_features`` when None.
        """
        if not texts:
            return []
        if self.use_rules and features is None:
            features = _features_for(texts, contexts)
        probs = self.probabilities(texts, contexts, rule_results, features)
        return [self.decide(p, r) for p, r in zip(probs, rule_results, strict=True)]


def _features_for(texts: Sequence[str], contexts: Sequence[Sequence[str]]) -> list[list[str]]:
    try:
        from . import rule_features  # type: ignore[attr-defined]
    except ImportError:
        return [[] for _ in texts]
    return [list(rule_features(t, list(c))) for t, c in zip(texts, contexts, strict=True)]


def get_classifier() -> SectionClassifier | None:
    """The classifier named by ``POLICY_CLASSIFIER_MODEL``, loaded once per process; else None."""
    if getattr(_disabled, "on", False):
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


# --------------------------------------------------------------------------- training


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


RULE_MODES = ("model", "or")


def combine(mode: str, model_yes: bool, rule_yes: bool) -> bool:
    """One label's verdict from the model's and the rules' under a rule mode."""
    if mode == "or":
        return model_yes or rule_yes
    if mode == "and":
        return model_yes and rule_yes
    return model_yes


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
