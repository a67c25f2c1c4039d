"""Result types of the GDPR Art. 13/14 checklist: frozen dataclasses, no Django."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..types import Retention

# The 21 requirement keys of ../shared/eval/README.md, in the order of Articles 13 and 14.
REQUIREMENT_KEYS: tuple[str, ...] = (
    "controller_identity",
    "controller_contact",
    "dpo_contact",
    "purposes",
    "legal_basis",
    "legitimate_interests",
    "recipients",
    "third_country_transfers",
    "retention_period",
    "right_access",
    "right_rectification",
    "right_erasure",
    "right_restriction",
    "right_objection",
    "right_portability",
    "right_withdraw_consent",
    "right_complaint",
    "mandatory_disclosure",
    "automated_decisions",
    "data_categories",
    "data_source",
)

LEGAL_BASES: tuple[str, ...] = (
    "consent",
    "contract",
    "legal_obligation",
    "vital_interests",
    "public_task",
    "legitimate_interests",
)

SAFEGUARDS: tuple[str, ...] = (
    "standard_contractual_clauses",
    "adequacy_decision",
    "binding_corporate_rules",
    "data_privacy_framework",
    "consent",
    "certification",
)


@dataclass(frozen=True)
class EvidenceSpan:
    """One passage that addresses a requirement: offsets into the analysed text."""

    start: int
    end: int
    score: float  # the rule weight behind it (higher: more explicit wording)


@dataclass(frozen=True)
class ItemDetail:
    """Typed values the pipeline found for a requirement (empty tuples: none stated)."""

    retention: tuple[Retention, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, "*" for "outside your country"
    safeguards: tuple[str, ...] = ()  # SAFEGUARDS
    rights: tuple[str, ...] = ()  # right_* keys addressed (on the rights summary items)
    legal_bases: tuple[str, ...] = ()  # LEGAL_BASES
    data_types: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    recipient_categories: tuple[str, ...] = ()
    recipient_names: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.retention:
            out["retention"] = [
                {"duration": r.duration, "qualifier": r.qualifier} for r in self.retention
            ]
        for name in (
            "countries", "safeguards", "rights", "legal_bases", "data_types", "purposes",
            "recipient_categories", "recipient_names",
        ):
            values = getattr(self, name)
            if values:
                out[name] = list(values)
        return out


@dataclass(frozen=True)
class ChecklistItem:
    key: str  # one of REQUIREMENT_KEYS
    addressed: bool
    evidence: tuple[EvidenceSpan, ...] = ()  # in text order; empty when not addressed
    detail: ItemDetail = ItemDetail()

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "addressed": self.addressed,
            "evidence": [{"start": e.start, "end": e.end} for e in self.evidence],
            "detail": self.detail.to_json(),
        }


@dataclass(frozen=True)
class Checklist:
    """One item per requirement key, in REQUIREMENT_KEYS order."""

    items: tuple[ChecklistItem, ...]
    version: str  # the rules' version, stored with the results

    def item(self, key: str) -> ChecklistItem:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def addressed(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.items if i.addressed)

    @property
    def gaps(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.items if not i.addressed)

    @property
    def rights_offered(self) -> tuple[str, ...]:
        return tuple(k for k in self.addressed if k.startswith("right_"))
