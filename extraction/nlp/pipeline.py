"""The memoised spaCy pipeline: ``spacy.blank("en")`` plus the ``policy_*`` components."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)

PIPELINE_VERSION = "rules-1.7"
# Privacy-notice wording the project wrote itself (the rules' training passages)
_WARM_TEXTS = Path(__file__).with_name("training_data") / "passages.jsonl"


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Build the rules pipeline once per process."""
    nlp = spacy.blank("en")
    nlp.add_pipe("policy_cues")
    nlp.add_pipe("policy_values")
    _warm_tokenizer(nlp)
    return nlp


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
