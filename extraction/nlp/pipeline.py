"""The memoised spaCy pipeline: ``spacy.blank("en")`` plus the ``policy_*`` components."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)

PIPELINE_VERSION = "rules-1.9"
# Privacy-notice wording the project wrote itself (the rules' training passages)
_WARM_TEXTS = Path(__file__).with_name("training_data") / "passages.jsonl"
# Distinct words (whitespace-delimited chunks) of the texts analysed that ``learn_words``
# teaches the tokenizer for good, at most: what the process keeps grows no further.
LEARN_LIMIT = 50_000
_learned: set[str] = set()


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Build the rules pipeline once per process."""
    nlp = spacy.blank("en")
    nlp.add_pipe("policy_cues")
    nlp.add_pipe("policy_values")
    # room in the tokenizer's cache (10,000 chunks by default) for the words learnt below
    tokenizer: Any = nlp.tokenizer
    tokenizer.max_cache_size += LEARN_LIMIT
    _warm_tokenizer(nlp)
    return nlp


def learn_words(nlp: Language, texts: Iterable[str]) -> None:
    """Tokenize the words of ``texts`` not met before once, outside any memory zone, so the
    tokenizer keeps their splits and lexemes (call it before a document's zone is entered).
    Inside a zone it caches nothing: a word missing from the warm-up would be split again,
    and its lexeme made again, at every occurrence in every document. The first ``LEARN_LIMIT``
    distinct words are learnt; tokens come out the same either way."""
    vocab: Any = nlp.vocab
    if len(_learned) >= LEARN_LIMIT or vocab.in_memory_zone:
        return
    new = [w for text in texts for w in text.split() if w not in _learned]
    if not new:
        return
    new = list(dict.fromkeys(new))[: LEARN_LIMIT - len(_learned)]
    _learned.update(new)
    nlp.make_doc(" ".join(new))


def _warm_tokenizer(nlp: Language) -> None:
    """Tokenize everyday privacy-notice wording once, outside any memory zone. Inside the zone
    each document is read in, the tokenizer keeps nothing it works out (each word's split and
    lexeme are made again for every occurrence in every document); what it learns here it keeps
    for good. Tokens come out the same either way."""
    with _WARM_TEXTS.open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            for text in (item["text"], *item.get("context", ())):
                nlp.make_doc(text)
