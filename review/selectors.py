"""Reads of the review app: settled decisions per clause (the overlay every reader applies),
the review queue, counts per company, and the reviews that could not be re-anchored.

``review_overlay(clauses)`` is the one hook other apps call: with one query it loads the active
reviews of those clauses, settles them (each reviewer's latest say; reviewers who disagree make
the item *disputed*, which changes nothing and sends it back to the queue), applies the settled
ones to the clause instances in memory and returns what it did per clause, for marking values
as reviewed (who, when) and showing the machine's value beside a correction.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from policies.models import Clause, ClauseValue, Company, PolicyVersion
from policies.selectors import latest_version_subquery
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


def latest_version_ids(company_ids: Iterable[int] | None = None) -> QuerySet:
    companies = Company.objects.all()
    if company_ids is not None:
        companies = companies.filter(pk__in=list(company_ids))
    return companies.annotate(v=latest_version_subquery()).exclude(v=None).values("v")


def review_queue(
    *,
    company: str | None = None,
    field_name: str | None = None,
    reviewer: str | None = None,
    include_reviewed: bool = False,
) -> QuerySet[ClauseValue]:
    """Values of the companies' latest versions that still need a review, most urgent first.

    Outstanding = no active review, or a disputed one. Order: disputed first; then denials
    (a wrong "does not" is the worst error); values shown in the summary matrices; values of
    a version that changed in the last ``RECENT_CHANGE_DAYS`` days; low clause confidence
    (``Clause.confidence`` where the model has it); then list order. ``reviewer`` keeps the
    values that reviewer reviewed (with ``include_reviewed``) — their work, for checking.
    """
    versions = latest_version_ids()
    if company:
        versions = versions.filter(slug=company)
    reviews = Review.objects.filter(
        clause_id=OuterRef("clause_id"), field=OuterRef("field"), value=OuterRef("value"),
        status=Review.Status.ACTIVE,
    )
    changed_ids = recently_changed_version_ids()
    qs = (
        ClauseValue.objects.filter(clause__version_id__in=versions)
        .exclude(field=ClauseValue.Field.SECTION)
        .annotate(
            n_reviewers=Coalesce(
                reviews.values("clause_id").annotate(n=Count("reviewer_id", distinct=True))
                .values("n")[:1], Value(0), output_field=IntegerField()),
            # 3 when every reviewer agrees (one action, reason, new value); more: disputed.
            n_verdicts=Coalesce(
                reviews.values("clause_id").annotate(
                    n=Count("action", distinct=True) + Count("new_value", distinct=True)
                    + Count("reason", distinct=True)).values("n")[:1],
                Value(0), output_field=IntegerField()),
            in_matrix=Case(When(field__in=MATRIX_FIELDS, then=1), default=0,
                           output_field=IntegerField()),
            changed=Case(When(clause__version_id__in=changed_ids, then=1), default=0,
                         output_field=IntegerField()),
        )
        .select_related("clause__version__policy__company")
    )
    if field_name:
        qs = qs.filter(field=field_name)
    if reviewer:
        qs = qs.filter(Exists(reviews.filter(reviewer__username=reviewer)))
    if not include_reviewed:
        # Outstanding: never reviewed, or reviewers disagree (more than one distinct verdict).
        qs = qs.filter(Q(n_reviewers=0) | Q(n_verdicts__gt=3))
    order = ["-n_verdicts", "-clause__negated", "-in_matrix", "-changed"]
    if any(f.name == "confidence" for f in Clause._meta.get_fields()):
        order.append("clause__confidence")
    return qs.order_by(*order, "clause__version_id", "clause__order", "pk")


def recently_changed_version_ids() -> list[int]:
    """Latest versions ingested in the last RECENT_CHANGE_DAYS that replaced an earlier one:
    their values are what change events and feeds show."""
    recent = timezone.now() - timedelta(days=RECENT_CHANGE_DAYS)
    earlier = PolicyVersion.objects.filter(
        policy_id=OuterRef("policy_id"), ingested_at__lt=OuterRef("ingested_at")
    )
    return list(
        PolicyVersion.objects.filter(pk__in=latest_version_ids(), ingested_at__gte=recent)
        .filter(Exists(earlier)).values_list("pk", flat=True)
    )


def review_counts(*, company: str | None = None) -> list[dict]:
    """Per company (latest version): values, reviewed, outstanding (incl. disputed)."""
    rows: dict[int, dict] = {}
    companies = Company.objects.annotate(v=latest_version_subquery()).exclude(v=None)
    if company:
        companies = companies.filter(slug=company)
    for c in companies.order_by("name"):
        rows[c.v] = {"company": c.slug, "name": c.name, "version": c.v, "values": 0,
                     "reviewed": 0, "outstanding": 0, "disputed": 0}
    if not rows:
        return []
    totals = (
        ClauseValue.objects.filter(clause__version_id__in=list(rows))
        .exclude(field=ClauseValue.Field.SECTION)
        .values("clause__version_id").annotate(n=Count("pk"))
    )
    for t in totals:
        rows[t["clause__version_id"]]["values"] = t["n"]
    # Reviewed targets and disputes, from the reviews themselves (one pass).
    verdicts: dict[tuple[int, int, str, str], set] = defaultdict(set)
    for r in Review.objects.filter(
        version_id__in=list(rows), status=Review.Status.ACTIVE, clause__isnull=False
    ).exclude(action=Review.Action.ADD_MISSING).exclude(field="section").values_list(
        "version_id", "clause_id", "field", "value", "action", "reason", "new_value"
    ):
        verdicts[r[:4]].add(r[4:])
    for (version_id, *_), seen in verdicts.items():
        row = rows[version_id]
        if len(seen) > 1:
            row["disputed"] += 1
        else:
            row["reviewed"] += 1
    for row in rows.values():
        row["outstanding"] = max(row["values"] - row["reviewed"], 0)
    return list(rows.values())


def reviews_unanchored(*, version: PolicyVersion) -> list[Review]:
    """Reviews that do not sit on a clause of this version: its own orphaned reviews, and the
    active reviews of the policy's previous version whose sentence this version lacks."""
    orphaned = list(
        Review.objects.filter(version=version, status=Review.Status.ORPHANED)
        .select_related("reviewer")
    )
    previous = (
        PolicyVersion.objects.filter(policy_id=version.policy_id,
                                     ingested_at__lt=version.ingested_at)
        .order_by("-ingested_at").values_list("pk", flat=True).first()
    )
    if previous is None:
        return orphaned
    here = _version_fingerprints(version)
    carried = set(
        Review.objects.filter(version=version).exclude(carried_from=None)
        .values_list("carried_from_id", flat=True)
    )
    lost = (
        Review.objects.filter(version_id=previous, status=Review.Status.ACTIVE)
        .select_related("reviewer").order_by("start", "id")
    )
    return orphaned + [r for r in lost if r.pk not in carried and r.fingerprint not in here]


def _version_fingerprints(version: PolicyVersion) -> set[str]:
    from review.anchors import text_fingerprint

    return {text_fingerprint(t) for t in
            Clause.objects.filter(version=version).values_list("text", flat=True)}


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text's paragraphs (runs of text between blank lines)."""
    spans, start = [], 0
    for match in re.finditer(r"\n[ \t]*\n\s*", text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def reviewed_passages(*, min_passages: int = 1) -> list[dict]:
    """Reviewed passages in the gold format of ../shared/eval/README.md, one document per
    reviewed version; a passage is a paragraph of the version's text holding at least one
    clause whose sections a reviewer settled (not disputed). Its labels are its clauses'
    reviewed values — the machine's where no reviewer changed them — (sections, data types)
    and the typed values of each clause (``clauses``). A reviewer who settles a passage's
    sections judges all of them, so every section key but ``other`` is scored."""
    from extraction.nlp.types import SECTION_KEYS

    reviewed = set(
        Review.objects.filter(status=Review.Status.ACTIVE, clause__isnull=False,
                              field="section")
        .values_list("clause_id", flat=True)
    )
    version_ids = set(Clause.objects.filter(pk__in=reviewed).values_list("version_id",
                                                                         flat=True))
    clauses = list(
        Clause.objects.filter(version_id__in=version_ids)
        .select_related("section").order_by("version_id", "order")
    )
    states = review_overlay(clauses)
    versions = PolicyVersion.objects.select_related("policy__company").in_bulk(version_ids)
    by_version: dict[int, list[Clause]] = defaultdict(list)
    for clause in clauses:
        by_version[clause.version_id].append(clause)
    docs = []
    for version_id, version_clauses in sorted(by_version.items()):
        version = versions[version_id]
        segments = []
        paragraphs = _paragraphs(version.text)
        starts = [p[0] for p in paragraphs]
        grouped: dict[int, list[Clause]] = defaultdict(list)
        for clause in version_clauses:
            i = bisect.bisect_right(starts, (clause.start + clause.end) // 2) - 1
            grouped[max(i, 0)].append(clause)
        data_types_reviewed = False
        for i, members in sorted(grouped.items()):
            settled = [c for c in members if (st := states.get(c.pk)) is not None
                       and any(m.field == "section" and not m.disputed for m in st.marks)]
            if not settled:
                continue
            kept = [c for c in members if not (states.get(c.pk) and states[c.pk].excluded)]
            if any(m.field == "data_type" and not m.disputed
                   for c in members if states.get(c.pk) for m in states[c.pk].marks):
                data_types_reviewed = True
            start, end = paragraphs[i] if paragraphs else (members[0].start, members[-1].end)
            heading = next((c.section.heading for c in members if c.section_id and c.section
                            and c.section.heading), "")
            segments.append({
                "text": version.text[start:end],
                "context": [heading] if heading else [],
                "sections": list(dict.fromkeys(
                    k for c in kept for k in (c.sections or ()) if k != "other")),
                "data_types": list(dict.fromkeys(
                    k for c in kept for k in (c.data_types or ()))),
                "clauses": [_typed_values(c, states.get(c.pk)) for c in kept],
            })
        if len(segments) < min_passages:
            continue
        docs.append({
            "id": f"{version.policy.company.slug}-v{version.pk}",
            "source": "policy-atlas-reviews",
            "title": version.policy.title or version.policy.company.name,
            "scored_sections": [k for k in SECTION_KEYS if k != "other"],
            "scored_data_types": data_types_reviewed,
            "segments": segments,
        })
    return docs


def _typed_values(clause: Clause, state: ClauseReview | None) -> dict:
    retention = None
    if clause.retention_duration or clause.retention_qualifier:
        retention = {"duration": clause.retention_duration or None,
                     "qualifier": clause.retention_qualifier or "unspecified"}
    return {
        "start": clause.start, "end": clause.end, "sections": list(clause.sections or ()),
        "practice": clause.practice, "negated": bool(clause.negated),
        "data_types": list(clause.data_types or ()), "purposes": list(clause.purposes or ()),
        "recipient_names": list(clause.recipient_names or ()),
        "recipient_categories": list(clause.recipient_categories or ()),
        "rights": list(clause.rights or ()), "countries": list(clause.countries or ()),
        "retention": retention, "children_age": clause.children_age,
        "reviewed": state is not None and any(not m.disputed for m in state.marks),
        "reviewers": sorted({s.reviewer for m in state.marks for s in m.says}) if state else [],
    }


def active_model() -> tuple[str, str] | None:
    """``(name, path)`` of the registry's active model (POLICY_CLASSIFIER_PROVIDER), or None."""
    from review.models import TrainedModel

    row = TrainedModel.objects.filter(active=True).values_list("name", "path").first()
    return (row[0], row[1]) if row else None
