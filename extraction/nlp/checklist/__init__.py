"""GDPR Art. 13/14 transparency checklist over a ``DocumentAnalysis`` (pure Python, no Django).

``policy_checklist(analysis)`` says, for each of the 21 requirement keys of
../shared/eval/README.md, whether the policy addresses it and which sentences do, with the typed
values the clause pipeline found (retention periods, transfer countries and safeguards, legal
bases, rights offered).
"""

from .patterns import GAP_TEXT, RULES, Rule
from .rules import CHECKLIST_VERSION, policy_checklist, sentence_scores
from .types import (
    LEGAL_BASES,
    REQUIREMENT_KEYS,
    SAFEGUARDS,
    Checklist,
    ChecklistItem,
    EvidenceSpan,
    ItemDetail,
)

LABELS: dict[str, str] = {r.key: r.label for r in RULES}
ARTICLES: dict[str, str] = {r.key: r.article for r in RULES}

__all__ = [
    "ARTICLES",
    "GAP_TEXT",
    "CHECKLIST_VERSION",
    "LABELS",
    "LEGAL_BASES",
    "REQUIREMENT_KEYS",
    "RULES",
    "SAFEGUARDS",
    "Checklist",
    "ChecklistItem",
    "EvidenceSpan",
    "ItemDetail",
    "Rule",
    "policy_checklist",
    "sentence_scores",
]
