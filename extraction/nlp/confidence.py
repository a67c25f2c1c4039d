"""How sure the pipeline is of one clause's values, from the clause's own evidence.

``clause_confidence`` starts from the strength of the practice evidence and multiplies in one
factor (each <= 1) for every sign of doubt the clause shows, so that adding doubt never raises
the figure (it is monotone in each sign):

========================  ======  ==========================================================
evidence                  factor  why
========================  ======  ==========================================================
practice verb found       0.95    a direct cue ("we share", "we collect") is the base
values but no practice    0.70    a data type or recipient with no verb states less
neither                   0.50    only section evidence
indirect practice         0.85    passive/indirect pattern ("provided to", "lets X collect")
denial                    0.90    a "does not" must be read right; denials get less credit
negation far from verb    0.90    more than 20 characters between "not" and the verb
scoped statement          0.90    the statement holds for part of the policy's scope only
condition in sentence     0.92    "if/when/unless ..." may change what the clause means
hedged                    0.92    "may", "might", "from time to time", "certain", ...
weak data-type phrase     0.92    an ambiguous phrase ("history", "usage") carries a type
long sentence (> 60 w.)   0.90    values may belong to different statements
section fallback          0.85    no sentence reached the section threshold on its own
model disagrees           0.85    the trained classifier (when configured) overrode the
                                  rules' sections of the paragraph
========================  ======  ==========================================================

Values are rounded to three decimals. Review queues can start from the lowest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textscan import finditer_at, may_contain

BASE_PRACTICE = 0.95
BASE_VALUES = 0.70
BASE_NONE = 0.50
FACTORS: dict[str, float] = {
    "indirect": 0.85,
    "denial": 0.90,
    "far_negation": 0.90,
    "scoped": 0.90,
    "condition": 0.92,
    "hedged": 0.92,
    "weak_phrase": 0.92,
    "long": 0.90,
    "section_fallback": 0.85,
    "model_disagrees": 0.85,
}
_HEDGE = re.compile(
    r"\b(?:may|might|could|from time to time|occasionally|certain|some|generally|typically"
    r"|usually|where applicable|as appropriate|if applicable|possibly|in some cases)\b",
    re.I,
)
# Words one of which every _HEDGE match contains
_HEDGE_WORDS = (
    "may", "might", "could", "time", "occasionally", "certain", "some", "generally", "typically",
    "usually", "applicable", "appropriate", "possibly",
)
# Where a _HEDGE match can begin (case-sensitive, for ``finditer_at``)
_HEDGE_STARTS = re.compile(
    "may|might|could|from time to time|occasionally|certain|some|generally|typically|usually"
    "|where applicable|as appropriate|if applicable|possibly|in some cases"
)
LONG_WORDS = 60


@dataclass(frozen=True)
class Signs:
    """The signs of doubt one clause shows (see the module table)."""

    practice: bool
    values: bool
    indirect: bool = False
    denial: bool = False
    far_negation: bool = False
    scoped: bool = False
    condition: bool = False
    hedged: bool = False
    weak_phrase: bool = False
    long: bool = False
    section_fallback: bool = False
    model_disagrees: bool = False


def is_hedged(text: str) -> bool:
    low = text.lower()
    return may_contain(text, low, _HEDGE_WORDS) and (
        next(finditer_at(_HEDGE, _HEDGE_STARTS, text, low), None) is not None
    )


def is_long(text: str) -> bool:
    return len(text.split()) > LONG_WORDS


def clause_confidence(signs: Signs) -> float:
    """Confidence 0-1 of a clause showing ``signs``."""
    if signs.practice:
        value = BASE_PRACTICE
    elif signs.values:
        value = BASE_VALUES
    else:
        value = BASE_NONE
    for name, factor in FACTORS.items():
        if getattr(signs, name):
            value *= factor
    return round(value, 3)
