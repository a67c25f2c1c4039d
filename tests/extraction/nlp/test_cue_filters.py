"""Cue filters and section refinements on sentences written for these tests (not from any
corpus)."""

from __future__ import annotations

from extraction.nlp import classify_passages
from extraction.nlp.analyze import (
    read_cues,
    sentence_bounds,
)
from extraction.nlp.cue_filters import opt_out_cues_removed
from extraction.nlp.pipeline import get_nlp


def _sections(text: str, context: list[str] | None = None) -> tuple[str, ...]:
    return classify_passages([(text, context or [])], classifier=None)[0].sections


def _cues(text: str):
    return read_cues(get_nlp()(text))


def _purposes(cues) -> set[str]:
    return {c.key for c in cues if c.kind == "pur"}


def test_what_an_opt_out_declines_is_not_a_purpose() -> None:
    text = "You can opt out of promotional newsletters and tailored advertising at any time."
    cues = _cues(text)
    assert _purposes(cues)
    kept = opt_out_cues_removed(text, 0, cues, sentence_bounds(text))
    assert not _purposes(kept)
    assert not any(c.kind == "sec" and c.key == "use" and c.phrase == "newsletter" for c in kept)
    assert _sections(
        "You can opt out of promotional newsletters and personalised advertising at any time "
        "by using the link in each message."
    ) == ("rights",)


def test_purposes_before_an_opt_out_or_in_another_sentence_stay() -> None:
    before = "We send marketing messages to members, who may opt out at any time."
    cues = _cues(before)
    assert _purposes(opt_out_cues_removed(before, 0, cues, sentence_bounds(before)))
    other = (
        "We analyse how members read our pages for analytics. "
        "Members may unsubscribe from the weekly digest."
    )
    cues = _cues(other)
    assert "analytics" in _purposes(opt_out_cues_removed(other, 0, cues, sentence_bounds(other)))
    # no opt-out at all: nothing removed
    plain = "We use your address for marketing and for analytics."
    cues = _cues(plain)
    assert list(opt_out_cues_removed(plain, 0, cues, sentence_bounds(plain))) == list(cues)
