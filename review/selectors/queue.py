"""The review queue, counts per company, and the reviews that could not be re-anchored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

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
from review.models import Review
from review.selectors.overlay import MATRIX_FIELDS, RECENT_CHANGE_DAYS


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
