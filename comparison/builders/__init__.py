"""Builders of the comparison app: pure functions from rows already read to the dataclasses of
``comparison.types`` (no query of their own).

``comparison_build(slugs=[...])`` is the one entry point of a comparison: it reads with
``comparison.selectors.comparison_inputs`` (four queries) and builds with
``comparison_from_inputs`` (the grid, ``grid``; the summary matrices, ``matrices``), then adds
the GDPR checklist matrix (``checklist``, read by ``review.checklist.reviewed_checklists``:
the stored checklists with the settled reviews applied, one to three queries).
"""

from __future__ import annotations

from dataclasses import replace

from comparison.builders.checklist import checklist_matrix
from comparison.builders.grid import align, comparison_from_inputs
from comparison.selectors import comparison_inputs
from comparison.types import Comparison
from review.checklist import reviewed_checklists

__all__ = ["align", "comparison_build", "comparison_from_inputs"]


def comparison_build(*, slugs: list[str]) -> Comparison:
    """Compare the latest privacy-policy versions of the companies with these slugs."""
    inputs = comparison_inputs(slugs=slugs)
    comparison = comparison_from_inputs(inputs)
    # Reviewed values win in the checklist too (review.checklist; the reviews already read).
    checklists = reviewed_checklists(
        (c.version_id for c in comparison.columns if c.version_id), marks=inputs.review_marks
    )
    return replace(comparison, checklist=checklist_matrix(comparison.columns, checklists))
