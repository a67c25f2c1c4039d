"""Settled decisions per clause: the overlay every reader applies.

``review_overlay(clauses)`` is the one hook other apps call: with one query it loads the active
reviews of those clauses, settles them (each reviewer's latest say; reviewers who disagree make
the item *disputed*, which changes nothing and sends it back to the queue), applies the settled
ones to the clause instances in memory and returns what it did per clause, for marking values
as reviewed (who, when) and showing the machine's value beside a correction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    QuerySet,
)

from policies.models import Clause
from policies.values import value_label
from review.models import Review
from review.values import LIST_ATTRS, apply_decision

REVIEWERS_GROUP = "reviewers"

# Fields shown in the comparison's summary matrices: their values are the most visible.
MATRIX_FIELDS = ("data_type", "recipient", "right", "country")
RECENT_CHANGE_DAYS = 30

STATE_LABELS = {
    "confirm": "confirmed",
    "reject": "rejected",
    "correct": "corrected",
    "add_missing": "added",
    "not_practice": "not a practice",
}


@dataclass(frozen=True)
class Say:
    """One reviewer's say on one value."""

    review_id: int
    reviewer: str
    action: str
    reason: str
    new_value: str
    at: datetime
    note: str

    @property
    def verdict(self) -> tuple[str, str, str]:
        return (self.action, self.reason, self.new_value)

    @property
    def label(self) -> str:
        text = STATE_LABELS.get(self.action, self.action)
        if self.reason == "wrong_polarity":
            text = "wrong polarity"
        if self.new_value and self.action in {"correct", "add_missing"}:
            text += f" → {self.new_value}"
        return text


@dataclass(frozen=True)
class ReviewMark:
    """What reviewers settled (or dispute) about one value of one clause."""

    field: str
    value: str  # the machine's value ("" for an added value)
    state: str  # confirm | reject | correct | add_missing | not_practice | disputed
    reason: str
    new_value: str
    says: tuple[Say, ...]

    @property
    def disputed(self) -> bool:
        return self.state == "disputed"

    @property
    def reviewers(self) -> str:
        return ", ".join(dict.fromkeys(s.reviewer for s in self.says))

    @property
    def at(self) -> datetime:
        return max(s.at for s in self.says)

    @property
    def machine_label(self) -> str:
        return value_label(self.field, self.value) if self.value else ""

    @property
    def summary(self) -> str:
        """"rejected (wrong polarity) by ana, 2026-12-02" — for titles, exports and the API."""
        if self.disputed:
            return "disputed: " + "; ".join(f"{s.reviewer}: {s.label}" for s in self.says)
        return f"{self.says[-1].label} by {self.reviewers}, {self.at:%Y-%m-%d}"


@dataclass
class ClauseReview:
    marks: list[ReviewMark] = field(default_factory=list)
    excluded: bool = False  # reviewers said it is not a statement of practice
    negated_by_review: bool | None = None  # the polarity reviewers settled, when they did

    def mark_for(self, field_name: str, value: str) -> ReviewMark | None:
        for mark in self.marks:
            if mark.field == field_name and (mark.value == value or mark.new_value == value):
                return mark
        return None


def user_can_review(user) -> bool:
    """Staff and members of the "reviewers" group may review; everyone may read."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name=REVIEWERS_GROUP).exists()


def user_label(user) -> str:
    return user.get_full_name() or user.get_username()


def review_marks(clauses: Iterable[Clause]) -> dict[int, list[ReviewMark]]:
    """Settled or disputed marks per clause id, in one query (by the clauses' versions)."""
    clauses = list(clauses)
    clause_ids = {c.pk for c in clauses}
    if not clause_ids:
        return {}
    marks = version_review_marks({c.version_id for c in clauses})
    return {pk: m for pk, m in marks.items() if pk in clause_ids}


def version_review_marks(version_ids: Iterable[int]) -> dict[int, list[ReviewMark]]:
    """Settled or disputed marks per clause id of every reviewed clause of these versions, in
    one query (the clause rows are not needed: a review carries its clause id)."""
    version_ids = {v for v in version_ids if v}
    if not version_ids:
        return {}
    return _settle(Review.objects.filter(version_id__in=version_ids, clause__isnull=False))


def clause_review_marks(clause_ids: Iterable[int]) -> dict[int, list[ReviewMark]]:
    """Settled or disputed marks of these clauses (a page of a list), in one query."""
    clause_ids = {c for c in clause_ids if c}
    if not clause_ids:
        return {}
    return _settle(Review.objects.filter(clause_id__in=clause_ids))


def _settle(reviews: QuerySet[Review]) -> dict[int, list[ReviewMark]]:
    grouped: dict[tuple[int, str, str, str], dict[int, Say]] = defaultdict(dict)
    reviews = (
        reviews.filter(status=Review.Status.ACTIVE)
        .select_related("reviewer")
        .order_by("created_at", "id")
    )
    for r in reviews:
        target = r.new_value if r.action == Review.Action.ADD_MISSING else ""
        key = (r.clause_id, r.field, r.value, target)
        # Each reviewer's latest say counts (created_at order: later overwrites).
        grouped[key][r.reviewer_id] = Say(r.pk, user_label(r.reviewer), r.action, r.reason,
                                          r.new_value, r.created_at, r.note)
    marks: dict[int, list[ReviewMark]] = defaultdict(list)
    for (clause_id, field_name, value, _), by_reviewer in grouped.items():
        says = tuple(sorted(by_reviewer.values(), key=lambda s: (s.at, s.review_id)))
        verdicts = {s.verdict for s in says}
        if len(verdicts) == 1:
            action, reason, new_value = next(iter(verdicts))
            marks[clause_id].append(ReviewMark(field_name, value, action, reason, new_value, says))
        else:
            marks[clause_id].append(ReviewMark(field_name, value, "disputed", "", "", says))
    return dict(marks)


def review_overlay(
    clauses: Iterable[Clause], *, marks: dict[int, list[ReviewMark]] | None = None
) -> dict[int, ClauseReview]:
    """Apply the settled reviews of these clauses to the instances, in memory (one query;
    none when the caller already read ``marks``, e.g. with ``version_review_marks``).

    Returns ``{clause_id: ClauseReview}`` for the clauses that have reviews; a clause whose
    ``excluded`` is True was judged no statement of practice and should be left out.
    """
    clauses = list(clauses)
    if marks is None:
        marks = review_marks(clauses)
    out: dict[int, ClauseReview] = {}
    for clause in clauses:
        clause_marks = marks.get(clause.pk)
        if not clause_marks:
            continue
        result = ClauseReview(marks=clause_marks)
        clause.review_state = result
        # Polarity first (it changes what "not collected" means), then values.
        for mark in sorted(clause_marks, key=lambda m: m.reason != "wrong_polarity"):
            if mark.disputed:
                continue
            keep = apply_decision(clause, field=mark.field, value=mark.value, action=mark.state,
                                  reason=mark.reason, new_value=mark.new_value)
            if not keep:
                result.excluded = True
            if mark.reason == "wrong_polarity":
                result.negated_by_review = bool(clause.negated)
        out[clause.pk] = result
    return out


# The clause row columns (policies.clause_list) reviews may change, by Clause attribute.
ROW_REVIEW_COLUMNS = (
    "negated", "practice", *LIST_ATTRS.values(), "retention_duration", "retention_days",
    "retention_qualifier", "children_age", "dnt_stance",
)


RETENTION_COLUMNS = ("retention_duration", "retention_days", "retention_qualifier")


def review_overlay_rows(rows: list[dict]) -> dict[int, ClauseReview]:
    """``review_overlay`` for clause *rows* (``policies.clause_list.complete_clause_rows``: a
    page of the clause list API), in one query whatever the page size: each reviewed row gets
    its reviewed values in place, the machine's under ``machine`` (the values reviews
    changed), the evidence of values reviewers removed dropped, and ``review_state``; rows
    without reviews get ``review_state`` None. Excluded rows stay (``excluded``)."""
    marks = clause_review_marks(row["id"] for row in rows)
    out: dict[int, ClauseReview] = {}
    for row in rows:
        row["review_state"] = None
        if row["id"] not in marks:
            continue
        clause = Clause(id=row["id"], version_id=row["version_id"],
                        **{name: copy_value(row[name]) for name in ROW_REVIEW_COLUMNS})
        state = review_overlay([clause], marks=marks)[row["id"]]
        changed = {}
        for name in ROW_REVIEW_COLUMNS:
            before, after = row[name], getattr(clause, name)
            if (before or None) != (after or None):  # "" and None are both "none" here
                changed[name] = before
                row[name] = after
        if any(name.startswith("retention_") for name in changed):  # the period as a whole
            changed.update({name: row[name] for name in RETENTION_COLUMNS
                            if name not in changed})
        row["machine"] = changed
        row["evidence"] = [e for e in row["evidence"] if _evidence_kept(e, row)]
        row["review_state"] = state
        out[row["id"]] = state
    return out


def copy_value(value):
    return list(value) if isinstance(value, list) else value


def _evidence_kept(evidence: dict, row: dict) -> bool:
    """An evidence span still points at a value the (reviewed) row states."""
    name, value = evidence.get("field"), evidence.get("value")
    if name in LIST_ATTRS.values():
        return value in (row.get(name) or ())
    if name == "retention":
        return value in (row.get("retention_duration"), row.get("retention_qualifier"))
    return True
