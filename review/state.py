"""One clause's review state: machine values, reviewed values, marks and reviews."""

from __future__ import annotations

import copy

from policies.models import Clause
from review.models import Review, ReviewField
from review.selectors import review_overlay
from review.values import clause_field_values


def clause_values_by_field(clause: Clause) -> dict[str, object]:
    out: dict[str, object] = {"negated": bool(clause.negated)}
    for field in ReviewField.values:
        out[field] = clause_field_values(clause, field)
    return out


def clause_review_state(clause: Clause) -> dict:
    machine = clause_values_by_field(clause)
    reviewed_clause = copy.copy(clause)
    overlay = review_overlay([reviewed_clause]).get(clause.pk)
    return {
        "clause": clause.pk,
        "excluded": bool(overlay and overlay.excluded),
        "machine": machine,
        "reviewed": clause_values_by_field(reviewed_clause),
        "marks": overlay.marks if overlay else [],
        "reviews": list(
            Review.objects.filter(clause=clause).select_related(
                "reviewer", "version__policy__company"
            ).defer("version__text").order_by("-created_at", "-id")
        ),
    }
