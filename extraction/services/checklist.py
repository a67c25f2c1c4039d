"""Storing a version's GDPR Art. 13/14 checklist, replaced together with its clauses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from extraction.models import RequirementCheck
from extraction.nlp.checklist import REQUIREMENT_KEYS, Checklist, policy_checklist
from policies.models import PolicyVersion

if TYPE_CHECKING:
    from extraction.nlp.types import DocumentAnalysis

_ORDER = {key: i for i, key in enumerate(REQUIREMENT_KEYS)}


@transaction.atomic
def requirement_checks_replace(
    *,
    version: PolicyVersion,
    analysis: DocumentAnalysis,
    clause_ids: dict[tuple[int, int], int],
    checklist: Checklist | None = None,
) -> list[RequirementCheck]:
    """Replace the version's checklist with the one of ``analysis`` (computed unless given).

    ``clause_ids`` maps the (start, end) of each saved clause to its id: every evidence span
    is stored with its clause id and sentence, so reading a checklist is one query.
    """
    checklist = checklist or policy_checklist(analysis)
    text = version.text
    rows: list[RequirementCheck] = []
    for item in checklist.items:
        for span in item.evidence:
            if not (0 <= span.start < span.end <= len(text)):
                raise ValueError(f"Evidence of {item.key} lies outside the stored text")
        rows.append(
            RequirementCheck(
                version=version,
                key=item.key,
                order=_ORDER[item.key],
                addressed=item.addressed,
                evidence=[
                    {
                        "start": e.start,
                        "end": e.end,
                        "clause_id": clause_ids.get((e.start, e.end)),
                        "text": text[e.start:e.end],
                    }
                    for e in item.evidence
                ],
                detail=item.detail.to_json(),
                checklist_version=checklist.version,
            )
        )
    RequirementCheck.objects.filter(version=version).delete()
    return RequirementCheck.objects.bulk_create(rows)
