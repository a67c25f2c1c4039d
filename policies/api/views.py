"""Read endpoints for the core tables. Each list runs a fixed number of queries per page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice

from django.db.models import Count, Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from config.api.cache import CachedReadMixin, stamp_invalidate
from config.api.pagination import PlanPagination
from config.api.permissions import IsUploaderOrStaff, ReadPublicWriteAuthenticated
from config.api.renderers import CSVRenderer, csv_lines
from config.api.views import StrictQueryParamsMixin
from contract.clause_fields import CLAUSE_LIST_FIELDS
from policies.api import clause_filters, filters, serializers
from policies.clause_list import LIST_ORDER, clause_rows, complete_clause_rows
from policies.models import Clause, Policy, PolicyVersion, Section
from policies.selectors import company_list, latest_version_subquery, version_list
from policies.services import (
    company_get_or_create,
    policy_get_or_create,
    policy_version_confirm,
    policy_version_delete,
)
from review.selectors import review_overlay_rows


class ReadOnlyViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    filter_backends = [DjangoFilterBackend]


class CachedReadOnlyViewSet(CachedReadMixin, ReadOnlyViewSet):
    """Lists and details served from the read cache (see config.api.cache)."""


@extend_schema_view(
    list=extend_schema(summary="List companies", tags=["companies"]),
    retrieve=extend_schema(summary="One company", tags=["companies"]),
)
class CompanyViewSet(mixins.CreateModelMixin, CachedReadOnlyViewSet):
    serializer_class = serializers.CompanySerializer
    filterset_class = filters.CompanyFilter
    lookup_field = "slug"

    def get_queryset(self):
        return company_list().prefetch_related(
            Prefetch("policies", queryset=Policy.objects.order_by("kind"))
        )

    @extend_schema(
        summary="Add a company (with an empty privacy policy to upload versions to)",
        description="Creates the company and its privacy policy; then upload versions with "
        "`POST /api/v1/policies/{id}/versions/` (the id is in `policies`). Names in any script "
        "are accepted; the slug keeps them (`株式会社データ`). A company with the same name, or "
        "the slug given, is returned as it is, with 200; a name very like an existing "
        "company's (same slug or same letters, e.g. `ALL IN PRINT` for `All in Print`) is a "
        "400 `similar_company`: send the existing slug, or another `slug` for a new company.",
        tags=["companies"],
        request=serializers.CompanyCreateSerializer,
        responses={
            201: serializers.CompanySerializer,
            200: OpenApiResponse(serializers.CompanySerializer, description="Already there."),
        },
    )
    def create(self, request, *args, **kwargs):
        data = serializers.CompanyCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        company, created = company_get_or_create(**data.validated_data)
        policy_get_or_create(company=company, kind=Policy.Kind.PRIVACY)
        stamp_invalidate()
        output = self.get_serializer(self.get_queryset().get(pk=company.pk)).data
        return Response(output, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
                        headers={"Location": output["url"]})


@extend_schema_view(
    list=extend_schema(summary="List policies", tags=["policies"]),
    retrieve=extend_schema(summary="One policy", tags=["policies"]),
)
class PolicyViewSet(CachedReadOnlyViewSet):
    serializer_class = serializers.PolicySerializer
    filterset_class = filters.PolicyFilter

    def get_queryset(self):
        return (
            Policy.objects.select_related("company")
            .annotate(
                version_count=Count("versions"),
                latest_version_id=latest_version_subquery(policy_ref="pk"),
            )
            .order_by("company__name", "kind", "pk")
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
        stamp_invalidate()

    @extend_schema(
        summary="Confirm a version the suspicious-version check held back",
        description="A version flagged by the check (`suspicious_reasons`: a sign-in, error or "
        "captcha page, a big size drop, lost sections, another language) is stored but never "
        "the latest until a signed-in user confirms it here. Idempotent: confirming a version "
        "that is not held back changes nothing.",
        tags=["versions"],
        request=None,
        responses={200: serializers.PolicyVersionSerializer},
    )
    @action(
        detail=True, methods=["post"], url_path="confirm",
        permission_classes=[ReadPublicWriteAuthenticated],
    )
    def confirm(self, request, pk=None):
        version = self.get_object()
        policy_version_confirm(version=version, user=request.user)
        stamp_invalidate()
        version = self.get_queryset().get(pk=version.pk)
        data = serializers.PolicyVersionSerializer(
            version, context=self.get_serializer_context()
        ).data
        return Response(data)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PolicyVersionDetailSerializer
        return serializers.PolicyVersionSerializer

    def get_queryset(self):
        qs = version_list()
        if self.action == "retrieve":
            return qs.prefetch_related(
                Prefetch(
                    "sections",
                    queryset=Section.objects.select_related("version__policy__company")
                    .defer("version__text")
                    .annotate(clause_count=Count("clauses"))
                    .order_by("order"),
                ),
                "findings",
            )
        return qs.defer("text")


class PolicyVersionListView(StrictQueryParamsMixin, generics.GenericAPIView):
    """``GET /policies/{id}/versions/``: a policy's versions, newest first. The ``POST`` (an
    upload) is ``extraction.api.views.PolicyVersionUploadView``; config/api_urls.py routes the
    two methods of the one URL."""

    permission_classes = [ReadPublicWriteAuthenticated]
    serializer_class = serializers.PolicyVersionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PolicyVersion.objects.none()
        return version_list().defer("text").filter(policy_id=self.kwargs["pk"])

    @extend_schema(
        summary="List the versions of a policy, newest first",
        tags=["versions"],
        responses={200: serializers.PolicyVersionSerializer(many=True)},
    )
    def get(self, request, pk: int):
        get_object_or_404(Policy, pk=pk)
        page = self.paginate_queryset(self.get_queryset())
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)


@extend_schema_view(
    list=extend_schema(summary="List sections", tags=["sections"]),
    retrieve=extend_schema(summary="One section with its text", tags=["sections"]),
)
class SectionViewSet(CachedReadOnlyViewSet):
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
class ClauseViewSet(CachedReadOnlyViewSet):
    serializer_class = serializers.ClauseSerializer
    filterset_class = clause_filters.ClauseFilter
    pagination_class = PlanPagination

    def get_queryset(self):
        # Rows, not model instances; completed (JSON decoded, companies added) once they are
        # paginated: see policies.clause_list.
        return clause_rows(Clause.objects.order_by(*LIST_ORDER))

    def list(self, request, *args, **kwargs):
        return self.cached_response(request, lambda: self.list_page(request))

    def list_page(self, request):
        """One page of the filtered list, read as its plan says (policies.clause_list)."""
        filterset = DjangoFilterBackend().get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        page = self.paginate_queryset(filterset.plan())
        rows = complete_clause_rows(page)
        review_overlay_rows(rows)  # reviewed values win: one query per page
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def get_object(self):
        rows = complete_clause_rows([super().get_object()])
        if not rows:  # its version was deleted in between
            raise Http404
        review_overlay_rows(rows)
        return rows[0]

    @extend_schema(
        summary="Export every matching clause (JSON or CSV)",
        description="The same filters as the list, without pagination: the whole result, "
        "streamed. JSON is an array of clauses; CSV has one row per clause (lists joined with "
        '"; ", retention split into `retention_duration` and `retention_qualifier`).',
        tags=["clauses"],
        parameters=[
            OpenApiParameter(
                "format", str, enum=["json", "csv"],
                description="`csv` for CSV (also with `Accept: text/csv`); JSON by default.",
            )
        ],
        responses={
            (200, "application/json"): serializers.ClauseSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV rows."),
        },
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="export",
        renderer_classes=[JSONRenderer, CSVRenderer],
        pagination_class=None,
    )
    def export(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        serializer = serializers.ClauseSerializer(context=self.get_serializer_context())
        rows = (
            serializer.to_representation(row)
            for chunk in chunked(queryset.iterator(chunk_size=2000), 2000)
            for row in reviewed(complete_clause_rows(chunk))
        )
        if request.accepted_renderer.format == "csv":
            response = StreamingHttpResponse(
                csv_lines((clause_csv_row(r) for r in rows), CLAUSE_CSV_FIELDS),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="clauses.csv"'
        else:
            response = StreamingHttpResponse(
                json_array(rows), content_type="application/json"
            )
        return response


def reviewed(rows: list[dict]) -> list[dict]:
    """The rows with the settled reviews applied (one query per chunk)."""
    review_overlay_rows(rows)
    return rows


def chunked(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while chunk := list(islice(rows, size)):
        yield chunk


# The list attributes' columns come from the registry (contract.clause_fields), in its order.
CLAUSE_CSV_FIELDS = [
    "id", "company", "company_name", "policy", "version", "section_id", "order", "start", "end",
    "practice", "negated", "modality", *(f.csv_column for f in CLAUSE_LIST_FIELDS),
    "retention_duration", "retention_qualifier", "retention_days", "children_age", "confidence",
    "scope", "dnt_stance", "text", "url", "excluded", "reviewed",
]


def clause_csv_row(row: dict) -> dict:
    retention = row.get("retention") or {}
    review = row.get("review") or {}
    return {
        **row,
        "reviewed": "; ".join(m["summary"] for m in review.get("marks", ())),
        "retention_duration": retention.get("duration") or "",
        "retention_qualifier": retention.get("qualifier") or "",
    }


def json_array(rows):
    yield "["
    first = True
    for row in rows:
        yield ("" if first else ",") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]"
