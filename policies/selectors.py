"""Read-side queries for the core tables. Each returns a queryset or plain data."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from policies.models import Clause, Company, PolicyVersion, Section


def latest_version_subquery() -> Subquery:
    return Subquery(
        PolicyVersion.objects.filter(policy__company=OuterRef("pk"), policy__kind="privacy")
        .order_by("-ingested_at", "-pk")
        .values("pk")[:1]
    )


def company_list() -> QuerySet[Company]:
    """Companies with the id of their latest privacy-policy version annotated."""
    return Company.objects.annotate(latest_version_id=latest_version_subquery()).order_by("name")


def versions_by_id(ids: list[int]) -> dict[int, PolicyVersion]:
    """Versions with their sections, for list pages (two queries whatever the count)."""
    qs = PolicyVersion.objects.filter(pk__in=[i for i in ids if i]).prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("order"))
    )
    return {v.pk: v for v in qs.defer("text")}


def company_latest_version(*, company: Company) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(policy__company=company, policy__kind="privacy")
        .select_related("policy", "policy__company")
        .order_by("-ingested_at", "-pk")
        .first()
    )


def version_versions(*, version: PolicyVersion) -> QuerySet[PolicyVersion]:
    return (
        PolicyVersion.objects.filter(policy=version.policy)
        .defer("text")
        .order_by("-ingested_at", "-pk")
    )


def version_sections_with_clauses(*, version: PolicyVersion) -> QuerySet[Section]:
    return Section.objects.filter(version=version).order_by("order").prefetch_related(
        Prefetch("clauses", queryset=Clause.objects.order_by("order"))
    )
