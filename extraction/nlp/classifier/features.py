"""The classifier's input: headings + text + the rules' verdict and feature tokens."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterator, Sequence

from ..types import PassageResult

_WORD_RE = re.compile(r"[a-z0-9]+")
_rules_only_state = threading.local()


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


def neighbour_tokens(
    rule_results: Sequence[PassageResult | None], groups: Sequence[str] | None = None
) -> list[list[str]]:
    """For each passage (in document order), the rule-assigned sections of the previous and next
    passage as ``prv_rsec_<key>`` / ``nxt_rsec_<key>``: ``edge`` where there is no neighbour in
    the same document, ``none`` where the rules gave the neighbour no section.

    ``groups`` names each passage's document (neighbours never cross a change of group); None
    means all passages belong to one document."""
    n = len(rule_results)
    if groups is not None and len(groups) != n:
        raise ValueError("groups must name the document of every passage")

    def side(i: int, j: int, prefix: str) -> list[str]:
        if j < 0 or j >= n or (groups is not None and groups[j] != groups[i]):
            return [prefix + "edge"]
        result = rule_results[j]
        sections = result.sections if result is not None else ()
        return [prefix + s for s in sections] if sections else [prefix + "none"]

    return [side(i, i - 1, "prv_rsec_") + side(i, i + 1, "nxt_rsec_") for i in range(n)]


def with_neighbours(
    inputs: Sequence[str],
    rule_results: Sequence[PassageResult | None],
    groups: Sequence[str] | None = None,
) -> list[str]:
    """``inputs`` (from :func:`model_input`) with each passage's :func:`neighbour_tokens`."""
    tokens = neighbour_tokens(rule_results, groups)
    return [" ".join([text, *toks]) for text, toks in zip(inputs, tokens, strict=True)]


# --------------------------------------------------------------------------- rules access


@contextlib.contextmanager
def rules_only() -> Iterator[None]:
    """Within this block :func:`get_classifier` returns None in this thread (used in training,
    so that the rule tokens never come from a model)."""
    prev = in_rules_only()
    _rules_only_state.on = True
    try:
        yield
    finally:
        _rules_only_state.on = prev


def in_rules_only() -> bool:
    """True inside a :func:`rules_only` block in this thread."""
    return bool(getattr(_rules_only_state, "on", False))


RuleRunner = Callable[[list[str], list[list[str]]], tuple[list[PassageResult], list[list[str]]]]


def default_rule_runner() -> RuleRunner | None:
    """The rules pipeline's ``classify_passages`` and ``rule_features``, or None if missing."""
    try:
        from .. import classify_passages, rule_features  # type: ignore[attr-defined]
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


def features_for(texts: Sequence[str], contexts: Sequence[Sequence[str]]) -> list[list[str]]:
    try:
        from .. import rule_features  # type: ignore[attr-defined]
    except ImportError:
        return [[] for _ in texts]
    return [list(rule_features(t, list(c))) for t, c in zip(texts, contexts, strict=True)]

