"""Links to evidence: a version's page and one clause's sentence on it."""

from __future__ import annotations

from django.urls import reverse


def version_url(slug: str, version_id: int) -> str:
    return reverse("policies:version-detail", args=[slug, version_id])


def clause_url(base_url: str, clause_id: int) -> str:
    return f"{base_url}#clause-{clause_id}"


def review_summary(clause, field: str, value: str) -> str:
    """What reviewers settled (or dispute) about this value of this clause, with who and when;
    "" when nobody reviewed it. Reads ``clause.review_state`` (set by comparison_inputs)."""
    state = getattr(clause, "review_state", None)
    mark = state.mark_for(field, value) if state is not None else None
    return mark.summary if mark is not None else ""


def review_machine_label(clause, field: str, value: str) -> str:
    """The machine's label of a value reviewers corrected (to show beside the correction)."""
    state = getattr(clause, "review_state", None)
    mark = state.mark_for(field, value) if state is not None else None
    if mark is None or mark.state != "correct" or mark.new_value != value:
        return ""
    return mark.machine_label


def review_rejections(clause) -> list:
    """The values of this clause reviewers settled as wrong (rejected, not a polarity flip):
    the overlay took them out; the comparison still shows them, struck through, with who and
    when (``review.selectors.ReviewMark``)."""
    state = getattr(clause, "review_state", None)
    if state is None:
        return []
    return [m for m in state.marks
            if m.state == "reject" and m.reason != "wrong_polarity" and m.value]
