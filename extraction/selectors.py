"""Reads of extraction results: a version's GDPR Art. 13/14 checklist, linked to its clauses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from extraction.models import RequirementCheck
from extraction.nlp.checklist import ARTICLES, GAP_TEXT, LABELS

SAFEGUARD_LABELS = {
    "standard_contractual_clauses": "standard contractual clauses",
    "adequacy_decision": "adequacy decision",
    "binding_corporate_rules": "binding corporate rules",
    "data_privacy_framework": "EU-US Data Privacy Framework / Privacy Shield",
    "consent": "consent",
    "certification": "certification or code of conduct",
}


@dataclass(frozen=True)
class EvidenceLink:
    start: int
    end: int
    clause_id: int | None  # the clause (sentence) the span is; None if no clause holds it
    text: str  # the sentence as stored
    # Set by review.checklist when reviewers judged the sentence: confirmed | corrected |
    # reviewed | rejected | excluded | disputed, and who and when ("rejected by Rita, ...").
    review_state: str = ""
    review: str = ""


@dataclass(frozen=True)
class RequirementRow:
    key: str
    label: str
    article: str
    addressed: bool
    evidence: tuple[EvidenceLink, ...]
    detail: dict[str, Any]
    # Set by review.checklist (reviewed values win): the item's reviewed state (confirmed |
    # corrected | reviewed | rejected | excluded | disputed), who and when, the evidence
    # reviewers struck out (rejected or excluded sentences, kept to show them struck through)
    # and what the machine said (``machine_addressed``) when reviews changed it.
    review_state: str = ""
    review: str = ""
    struck: tuple[EvidenceLink, ...] = ()
    machine_addressed: bool | None = None

    @property
    def anchor(self) -> str:
        """The page anchor of the first evidence sentence ("" for gaps)."""
        for e in self.evidence:
            if e.clause_id is not None:
                return f"clause-{e.clause_id}"
        return ""

    @property
    def gap_text(self) -> str:
        return f"The policy does not say {GAP_TEXT.get(self.key, self.label.lower())}."

    @property
    def detail_text(self) -> str:
        return detail_summary(self.detail)


def detail_summary(detail: dict[str, Any]) -> str:
    """The typed detail as an analyst reads it ("P18M fixed; countries: US; ...")."""
    parts: list[str] = []
    for r in detail.get("retention", []):
        parts.append(" ".join(x for x in (r.get("duration"), r.get("qualifier", "")
                                          .replace("_", " ")) if x))
    if detail.get("countries"):
        names = ["outside your country" if c == "*" else c for c in detail["countries"]]
        parts.append("countries: " + ", ".join(names))
    if detail.get("safeguards"):
        parts.append("safeguards: " + ", ".join(
            SAFEGUARD_LABELS.get(s, s) for s in detail["safeguards"]))
    if detail.get("legal_bases"):
        parts.append("bases: " + ", ".join(b.replace("_", " ") for b in detail["legal_bases"]))
    if detail.get("rights"):
        parts.append("rights offered: " + ", ".join(
            r.removeprefix("right_").replace("_", " ") for r in detail["rights"]))
    return "; ".join(parts)


def checklists_for_versions(version_ids: Iterable[int]) -> dict[int, list[RequirementRow]]:
    """The checklist of each version (one query whatever the count). A version without
    stored checks (not extracted since the checklist exists) is absent from the result."""
    ids = [i for i in dict.fromkeys(version_ids) if i]
    out: dict[int, list[RequirementRow]] = {}
    for c in RequirementCheck.objects.filter(version_id__in=ids).order_by("version", "order"):
        links = tuple(
            EvidenceLink(e["start"], e["end"], e.get("clause_id"), e.get("text", ""))
            for e in c.evidence
        )
        out.setdefault(c.version_id, []).append(
            RequirementRow(c.key, LABELS.get(c.key, c.key), ARTICLES.get(c.key, ""),
                           c.addressed, links, c.detail)
        )
    return out


def version_checklist(*, version_id: int) -> list[RequirementRow]:
    """One version's checklist in REQUIREMENT_KEYS order; [] when it was never computed."""
    return checklists_for_versions([version_id]).get(version_id, [])


def versions_lacking(*, key: str) -> QuerySet:
    """Ids of the versions whose stored checklist has ``key`` as a gap (a version without a
    stored checklist is unknown, not lacking)."""
    return RequirementCheck.objects.filter(key=key, addressed=False).values("version_id")
