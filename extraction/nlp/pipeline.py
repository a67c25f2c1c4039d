"""The memoised spaCy pipeline: ``spacy.blank("en")`` plus the ``policy_*`` components."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)

PIPELINE_VERSION = "rules-1.5"


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Build the rules pipeline once per process."""
    nlp = spacy.blank("en")
    nlp.add_pipe("policy_cues")
    nlp.add_pipe("policy_values")
    return nlp
