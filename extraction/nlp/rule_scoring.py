"""The rules' section scores from cue matches: body cues + heading cues + typed-value boosts.

Hand-written weights (patterns/sections.py), no learning; the trained model that can refine these
verdicts is the ``classifier`` package beside this module.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from .components import CUES, VALUES
from .patterns import expand_weighted, sections
from .pipeline import get_nlp


@dataclass(frozen=True)
class Cue:
    kind: str  # "sec", "head", "dt", "pur", ... or a value label ("duration", "age", ...)
    key: str
    phrase: str
    start: int  # character offsets (already shifted into the stored text)
    end: int


# A cue label's hash -> its (kind, key, phrase): the labels are the matcher's, a fixed set
_CUE_LABELS: dict[int, tuple[str, str, str]] = {}


def read_cues(doc: Doc, offset: int = 0) -> list[Cue]:
    """Cue and value matches of ``doc`` as plain records, offsets shifted by ``offset``."""
    out: list[Cue] = []
    for span in doc.spans[CUES]:
        parts = _CUE_LABELS.get(span.label)
        if parts is None:
            label, _, phrase = span.label_.partition("|")
            kind, _, key = label.partition(":")
            parts = _CUE_LABELS[span.label] = (kind, key, phrase)
        out.append(Cue(*parts, offset + span.start_char, offset + span.end_char))
    if len(doc) > sections.LONG_HEADING_WORDS:
        out.append(Cue("long", "long", "", offset, offset))
    if _ends_with_colon(doc):
        out.append(Cue("lead", "lead", "", offset, offset))  # a list lead-in ("... to:")
    for span in doc.spans[VALUES]:
        out.append(
            Cue(span.label_, span.label_, span.text, offset + span.start_char,
                offset + span.end_char)
        )
    return out


def _ends_with_colon(doc: Doc) -> bool:
    """The text's last visible token ends with ":" (``doc.text`` would join every token)."""
    for i in range(len(doc) - 1, -1, -1):
        token = doc[i]
        if not token.is_space:
            return token.text.endswith(":")
    return False


@lru_cache(maxsize=1)
def cue_weights() -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """Cue weights keyed as the matcher labels its phrases (tokens joined by spaces)."""
    make_doc = get_nlp().make_doc

    def keyed(entries: dict[str, float]) -> dict[str, float]:
        return {
            " ".join(t.lower_ for t in make_doc(phrase)): weight
            for phrase, weight in expand_weighted(entries).items()
        }

    body = {k: keyed(v) for k, v in sections.BODY.items()}
    head = {k: keyed(v) for k, v in sections.HEADING.items()}
    return body, head


def heading_scores(
    heading_cues: Sequence[Sequence[Cue]], short: bool = False
) -> dict[str, float]:
    """Scores from headings, innermost first, each weighted by ``HEADING_DECAY``.

    A long context entry is a list intro, not a heading: its body cues count instead, fully
    for a short passage (a list item) and by ``LONG_HEADING_FACTOR`` otherwise.
    """
    _, head = cue_weights()
    scores: dict[str, float] = {}
    for depth, cues in enumerate(heading_cues):
        if depth >= len(sections.HEADING_DECAY):
            break
        decay = sections.HEADING_DECAY[depth]
        if any(c.kind == "long" for c in cues):
            factor = sections.INTRO_FACTOR if short else sections.LONG_HEADING_FACTOR
            for key, w in body_scores(cues).items():
                scores[key] = scores.get(key, 0.0) + decay * factor * w
            continue
        best: dict[str, float] = {}
        against: dict[str, float] = {}  # negative cues ("use of the app" is not data use)
        for cue in cues:
            if cue.kind == "head":
                w = head.get(cue.key, {}).get(cue.phrase, 0.0)
                if w < 0:
                    against[cue.key] = against.get(cue.key, 0.0) + w
                best[cue.key] = max(best.get(cue.key, 0.0), w)
        for key, w in best.items():
            w = max(w + against.get(key, 0.0), 0.0)
            if w:
                scores[key] = scores.get(key, 0.0) + decay * w
    return scores


def body_scores(
    cues: Iterable[Cue], typed: dict[str, int] | Iterable[str] = (), bounds: Sequence[int] = ()
) -> dict[str, float]:
    """Scores from body cues plus typed-value boosts.

    Each distinct phrase counts once per sentence; the best sentence counts fully and the
    others by ``sections.SPREAD`` (``bounds`` are sentence start offsets).
    """
    body, _ = cue_weights()
    per: dict[int, dict[str, float]] = {}
    seen: set[tuple[int, str, str]] = set()
    for cue in cues:
        if cue.kind != "sec":
            continue
        sent = bisect_right(bounds, cue.start) if bounds else 0
        if (sent, cue.key, cue.phrase) in seen:
            continue
        seen.add((sent, cue.key, cue.phrase))
        w = body.get(cue.key, {}).get(cue.phrase, 0.0)
        bucket = per.setdefault(sent, {})
        bucket[cue.key] = bucket.get(cue.key, 0.0) + w
    scores: dict[str, float] = {}
    keys = {k for bucket in per.values() for k in bucket}
    for key in keys:
        vals = sorted((b.get(key, 0.0) for b in per.values()), reverse=True)
        scores[key] = vals[0] + sections.SPREAD * sum(vals[1:])
    for key, boost in typed_boosts(typed).items():
        scores[key] = scores.get(key, 0.0) + boost
    return scores


def typed_boosts(typed: dict[str, int] | Iterable[str]) -> dict[str, float]:
    """Section weight added by the typed values found (``VALUE_BOOST``, counted ones capped)."""
    counts = typed if isinstance(typed, dict) else dict.fromkeys(typed, 1)
    out: dict[str, float] = {}
    for kind, count in counts.items():
        boost = sections.VALUE_BOOST.get(kind)
        if boost:
            times = min(count, sections.COUNTED_BOOSTS.get(kind, 1))
            out[boost[0]] = out.get(boost[0], 0.0) + boost[1] * times
    return out


def combine(*parts: dict[str, float]) -> dict[str, float]:
    """Sum several score dictionaries."""
    out: dict[str, float] = {}
    for part in parts:
        for key, value in part.items():
            out[key] = out.get(key, 0.0) + value
    return out


def _chosen(scores: dict[str, float]) -> list[tuple[float, str]]:
    chosen = [
        (score, key)
        for key, score in scores.items()
        if key in sections.THRESHOLDS and score >= sections.THRESHOLDS[key]
    ]
    if any(key not in sections.DOMINATED for _, key in chosen):
        chosen = [
            (score, key) for score, key in chosen
            if score >= sections.THRESHOLDS[key] + sections.DOMINATED.get(key, 0.0)
        ]
    return chosen


def is_overview(scores: dict[str, float]) -> bool:
    """A table of contents or overview names every topic and states none."""
    return len(_chosen(scores)) >= sections.OVERVIEW_SECTIONS


def decide(scores: dict[str, float]) -> tuple[str, ...]:
    """Sections whose score reaches their threshold, best first."""
    chosen = _chosen(scores)
    if len(chosen) >= sections.OVERVIEW_SECTIONS:
        return ()
    chosen.sort(key=lambda item: (-item[0], item[1]))
    return tuple(key for _, key in chosen)


def primary_heading_key(cues: Sequence[Cue]) -> str | None:
    """The section a heading names, if any."""
    scores = heading_scores([cues])
    if not scores:
        return None
    key, score = max(scores.items(), key=lambda item: item[1])
    return key if score >= 1.5 else None


def heading_keys_of(cues: Sequence[Cue]) -> list[str]:
    """Every section a heading names ("SECURITY AND RETENTION": security, retention), best
    first."""
    scores = heading_scores([cues])
    return [k for k, v in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])) if v >= 1.5]
