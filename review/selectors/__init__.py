"""Reads of the review app, by job: ``overlay`` (settled decisions per clause, the overlay every
reader applies: ``review_overlay(clauses)`` is the one hook other apps call; with one query it
loads the active reviews of those clauses, settles them (each reviewer's latest say; reviewers
who disagree make the item *disputed*, which changes nothing and sends it back to the queue),
applies the settled ones in memory and returns what it did per clause), ``queue`` (the review
queue, counts per company, reviews that could not be re-anchored) and ``passages`` (reviewed
passages in the gold format, the active model). Import from ``review.selectors``.
"""

from __future__ import annotations

from review.selectors.overlay import (
    MATRIX_FIELDS,
    RECENT_CHANGE_DAYS,
    RETENTION_COLUMNS,
    REVIEWERS_GROUP,
    ROW_REVIEW_COLUMNS,
    STATE_LABELS,
    ClauseReview,
    ReviewMark,
    Say,
    clause_review_marks,
    copy_value,
    review_marks,
    review_overlay,
    review_overlay_rows,
    user_can_review,
    user_label,
    version_review_marks,
)
from review.selectors.passages import (
    active_model,
    reviewed_passages,
)
from review.selectors.queue import (
    latest_version_ids,
    recently_changed_version_ids,
    review_counts,
    review_queue,
    reviews_unanchored,
)

__all__ = [
    "REVIEWERS_GROUP",
    "MATRIX_FIELDS",
    "RECENT_CHANGE_DAYS",
    "STATE_LABELS",
    "Say",
    "ReviewMark",
    "ClauseReview",
    "user_can_review",
    "user_label",
    "review_marks",
    "version_review_marks",
    "clause_review_marks",
    "review_overlay",
    "ROW_REVIEW_COLUMNS",
    "RETENTION_COLUMNS",
    "review_overlay_rows",
    "copy_value",
    "latest_version_ids",
    "review_queue",
    "recently_changed_version_ids",
    "review_counts",
    "reviews_unanchored",
    "reviewed_passages",
    "active_model",
]
