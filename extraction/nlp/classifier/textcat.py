"""The spaCy ``textcat_multilabel`` half of the classifier: config, examples, training loop."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from .corpus import Segment


def progress(msg: str, stream: Any = None) -> None:
    print(msg, file=stream or sys.stderr, flush=True)


class TrainingBudgetExceeded(RuntimeError):
    """Training ran past its wall-clock safety budget (nothing is saved)."""


class Budget:
    """A wall-clock safety stop, never a training limit.

    The work training does is fixed by its arguments (folds, maximum epochs, early-stopping
    patience), so a model does not depend on how busy the machine was. Should that work take
    longer than ``max_minutes`` (a stuck or badly overloaded machine), :meth:`check` raises
    :class:`TrainingBudgetExceeded` instead of quietly training less; ``max_minutes`` <= 0
    means no stop."""

    def __init__(self, max_minutes: float) -> None:
        self.max_minutes = max_minutes
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def check(self, stage: str) -> None:
        if self.max_minutes <= 0 or self.elapsed() <= self.max_minutes * 60:
            return
        msg = (
            f"training stopped: {self.elapsed() / 60:.1f} min at {stage} is past the safety "
            f"budget of {self.max_minutes:g} min. Nothing was saved (a model cut short by the "
            "clock would depend on machine load). Raise --max-minutes, or train less with "
            "fewer --folds or --epochs."
        )
        progress(f"[train_classifier] ERROR: {msg}")
        raise TrainingBudgetExceeded(msg)


def textcat_config(arch: str, ngram_size: int) -> dict[str, Any]:
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


def build_nlp(labels: Sequence[str], arch: str, ngram_size: int) -> Any:
    import spacy

    nlp = spacy.blank("en")
    textcat: Any = nlp.add_pipe("textcat_multilabel", config=textcat_config(arch, ngram_size))
    for label in labels:
        textcat.add_label(label)
    return nlp


def repeat_counts(segs: Sequence[Segment], cap: int = 8) -> list[int]:
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


def textcat_examples(
    nlp: Any, inputs: Sequence[str], segs: Sequence[Segment], balance: bool = True
) -> list[Any]:
    from spacy.training import Example

    repeats = repeat_counts(segs) if balance else [1] * len(segs)
    out = []
    for doc, seg, n in zip(nlp.tokenizer.pipe(inputs, batch_size=512), segs, repeats, strict=True):
        example = Example.from_dict(doc, {"cats": dict(seg.cats)})
        out.extend([example] * n)
    return out


def fit_textcat(
    nlp: Any,
    examples: list[Any],
    epochs: int,
    seed: int,
    budget: Budget | None = None,
    on_epoch: Callable[[int, float], bool] | None = None,
    label: str = "",
) -> int:
    """Train in place for ``epochs`` epochs; ``on_epoch(epoch, loss)`` may return True to stop
    early (a decision on the data, never on the clock). ``budget`` is checked after every epoch
    (a safety stop: it raises). Returns epochs run."""
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
        progress(
            f"[train_classifier] {label}epoch {epoch}/{epochs} loss={loss:.3f} "
            f"({time.perf_counter() - started:.1f}s)"
        )
        if budget is not None:
            budget.check(f"{label}epoch {epoch}")
        if on_epoch is not None and on_epoch(epoch, loss):
            break
    return done


def textcat_probs(nlp: Any, inputs: Sequence[str]) -> list[dict[str, float]]:
    tc = nlp.get_pipe("textcat_multilabel")
    return [dict(d.cats) for d in tc.pipe(nlp.tokenizer.pipe(inputs), batch_size=256)]
