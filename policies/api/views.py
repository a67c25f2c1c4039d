"""Read endpoints for the core tables. Each list runs a fixed number of queries per page."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from config.api.permissions import IsUploaderOrStaff, ReadPublicWriteAuthenticated
from config.api.views import StrictQueryParamsMixin
from policies.api import filters, serializers
from policies.models import Clause, Policy, PolicyVersion, Section
from policies.selectors import company_list
from policies.services import policy_version_delete


class ReadOnlyViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    filter_backends = [DjangoFilterBackend]


@extend_schema_view(
    list=extend_schema(summary="List companies", tags=["companies"]),
    retrieve=extend_schema(summary="One company", tags=["companies"]),
)
class CompanyViewSet(ReadOnlyViewSet):
    serializer_class = serializers.CompanySerializer
    filterset_class = filters.CompanyFilter
    lookup_field = "slug"

    def get_queryset(self):
        return company_list().prefetch_related(
            Prefetch("policies", queryset=Policy.objects.order_by("kind"))
        )


@extend_schema_view(
    list=extend_schema(summary="List policies", tags=["policies"]),
    retrieve=extend_schema(summary="One policy", tags=["policies"]),
)
class PolicyViewSet(ReadOnlyViewSet):
    serializer_class = serializers.PolicySerializer
    filterset_class = filters.PolicyFilter

    def get_queryset(self):
        latest = (
            PolicyVersion.objects.filter(policy=OuterRef("pk"))
            .order_by("-ingested_at", "-pk")
            .values("pk")[:1]
        )
        return (
            Policy.objects.select_related("company")
            .annotate(version_count=Count("versions"), latest_version_id=Subquery(latest))
            .order_by("company__name", "kind", "pk")
        )


def versions_queryset():
    return (
        PolicyVersion.objects.select_related("policy__company", "uploaded_by")
        .prefetch_related(Prefetch("extraction_runs", to_attr="runs_desc"))
        .order_by("-ingested_at", "-pk")
    )


@extend_schema_view(
    list=extend_schema(summary="List policy versions (without text)", tags=["versions"]),
    retrieve=extend_schema(
        summary="One version with its text, sections, findings and extraction status",
        tags=["versions"],
    ),
    destroy=extend_schema(
        summary="Delete a version with its clauses (uploader or staff only)", tags=["versions"]
    ),
)
class PolicyVersionViewSet(mixins.DestroyModelMixin, ReadOnlyViewSet):
    filterset_class = filters.VersionFilter
    permission_classes = [ReadPublicWriteAuthenticated, IsUploaderOrStaff]

    def perform_destroy(self, instance):
        policy_version_delete(version=instance)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PolicyVersionDetailSerializer
        return serializers.PolicyVersionSerializer

    def get_queryset(self):
        qs = versions_queryset()
        if self.action == "retrieve":
            return qs.prefetch_related(
                Prefetch(
                    "sections",
                    queryset=Section.objects.select_related("version__policy__company")
                    .annotate(clause_count=Count("clauses"))
                    .order_by("order"),
                ),
                "findings",
            )
        return qs.defer("text")


@extend_schema_view(
    list=extend_schema(summary="List sections", tags=["sections"]),
    retrieve=extend_schema(summary="One section with its text", tags=["sections"]),
)
class SectionViewSet(ReadOnlyViewSet):
    filterset_class = filters.SectionFilter

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SectionDetailSerializer
        return serializers.SectionSerializer

    def get_queryset(self):
        qs = (
            Section.objects.select_related("version__policy__company")
            .annotate(clause_count=Count("clauses"))
            .order_by("version_id", "order")
        )
        if self.action != "retrieve":
            qs = qs.defer("version__text")
        return qs


@extend_schema_view(
    list=extend_schema(
        summary="List clauses, filtered",
        description="Structured clauses with the field names and values of the extraction "
        "contract. Filters combine with AND; a filter repeated matches any of its values. "
        "Unknown parameters and values outside the vocabularies are a 400.",
        tags=["clauses"],
    ),
    retrieve=extend_schema(summary="One clause", tags=["clauses"]),
)
class ClauseViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ClauseSerializer
    filterset_class = filters.ClauseFilter

    def get_queryset(self):
        return (
            Clause.objects.select_related("version__policy__company")
            .defer("version__text")
            .order_by("version_id", "order")
        )
