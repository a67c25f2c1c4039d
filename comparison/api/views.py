"""Comparison, version diff and comparison export: thin views over the pages' own builders."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from comparison.api.serializers import (
    CompanySummarySerializer,
    CompareExportQuerySerializer,
    CompareQuerySerializer,
    ComparisonSerializer,
    DiffQuerySerializer,
    ExportRowSerializer,
    SummaryQuerySerializer,
    VersionDiffSerializer,
)
from comparison.builders import comparison_build
from comparison.builders.summary import company_summary, matrices_filtered
from comparison.diff import version_diff_build
from comparison.export import EXPORT_FIELDS, TABLES, comparison_rows
from config.api.cache import CachedReadMixin
from config.api.renderers import CSVRenderer
from config.api.views import StrictQueryParamsMixin
from policies.models import PolicyVersion
from policies.selectors import version_previous

FORMAT_PARAM = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="`csv` for CSV (also with `Accept: text/csv`); JSON by default.",
)


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if url else url


def _check_missing(comparison) -> None:
    if comparison.missing:
        raise ValidationError(
            {"company": [f'No company with slug "{slug}".' for slug in comparison.missing]},
            code="invalid_choice",
        )


def absolute_links(request, data):
    """``data`` (the JSON shape of a dataclass) with every page link made absolute."""
    if isinstance(data, dict):
        return {
            k: _absolute(request, v) if k in LINK_KEYS and isinstance(v, str)
            else absolute_links(request, v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [absolute_links(request, v) for v in data]
    return data


LINK_KEYS = frozenset({"url", "version_url"})


def comparison_payload(request, comparison, statuses=()) -> dict[str, Any]:
    """The comparison's dict (evidence offsets included) with page links made absolute and,
    with ``statuses``, only the matrix rows with such a verdict."""
    if statuses:
        comparison = replace(comparison,
                             matrices=matrices_filtered(comparison.matrices, statuses))
    data = absolute_links(request, comparison.to_dict())
    data.pop("missing", None)
    return data


NULLABLE_EXPORT_FIELDS = ("clause_id", "negated", "version_id", "confidence",
                          "conflicting_clause_id")


def export_row(request, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key in EXPORT_FIELDS:
        value = row.get(key, "")
        if key in NULLABLE_EXPORT_FIELDS:
            out[key] = None if value in ("", None) else value
        else:
            out[key] = "" if value is None else str(value)
    negated = row.get("negated")
    out["negated"] = negated if isinstance(negated, bool) else None
    out["url"] = _absolute(request, out["url"])
    out["conflicting_url"] = _absolute(request, out["conflicting_url"])
    return out


class CompareView(CachedReadMixin, StrictQueryParamsMixin, APIView):
    """Compare the latest policies of 2–6 companies, section by section."""

    query_serializer_class = CompareQuerySerializer
    renderer_classes = [JSONRenderer, CSVRenderer]
    csv_fields = list(EXPORT_FIELDS)

    @extend_schema(
        summary="Compare companies section by section",
        description="Per section, the aligned clauses of each company (with evidence offsets and "
        "version ids), gaps, and the summary matrices (data types, recipients, rights, "
        "transfers, retention), exactly as the comparison page builds them. `?format=csv` "
        "exports the same as flat rows (see `/api/v1/compare/export/`).",
        tags=["compare"],
        parameters=[CompareQuerySerializer, FORMAT_PARAM],
        responses={
            (200, "application/json"): ComparisonSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="Flat rows."),
        },
    )
    def get(self, request):
        return self.cached_response(request, lambda: self.build(request))

    def build(self, request):
        query = self.parsed_query()
        comparison = comparison_build(slugs=query["company"])
        _check_missing(comparison)
        statuses = sorted(query.get("verdict") or ())
        if request.accepted_renderer.format == "csv":
            return Response([export_row(request, r)
                             for r in comparison_rows(comparison, verdicts=statuses)])
        return Response(
            ComparisonSerializer(comparison_payload(request, comparison, statuses)).data
        )


class CompareExportView(CachedReadMixin, StrictQueryParamsMixin, APIView):
    """A comparison as flat rows: company, version, section, field, value, evidence."""

    query_serializer_class = CompareExportQuerySerializer
    renderer_classes = [JSONRenderer, CSVRenderer]
    csv_fields = list(EXPORT_FIELDS)

    @extend_schema(
        summary="Export a comparison as flat rows (JSON or CSV)",
        tags=["compare"],
        parameters=[CompareExportQuerySerializer, FORMAT_PARAM],
        responses={
            (200, "application/json"): ExportRowSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV rows."),
        },
    )
    def get(self, request):
        return self.cached_response(request, lambda: self.build(request))

    def build(self, request):
        query = self.parsed_query()
        comparison = comparison_build(slugs=query["company"])
        _check_missing(comparison)
        tables = query.get("table") or TABLES
        rows = [export_row(request, r) for r in comparison_rows(
            comparison, tables, verdicts=query.get("verdict") or ())]
        if request.accepted_renderer.format == "csv":
            return Response(rows)
        return Response(ExportRowSerializer(rows, many=True).data)


class CompanySummaryView(CachedReadMixin, StrictQueryParamsMixin, APIView):
    """One verdict per value of a company's latest policy: stated / denied / conflicting."""

    query_serializer_class = SummaryQuerySerializer

    @extend_schema(
        summary="A company's values: one verdict each",
        description="Every value the company's latest privacy-policy version speaks of, each "
        "with one verdict (stated / denied / conflicting / not_stated: see the `verdict` "
        "rules in the README), its confidence and its evidence sentences (a conflict: both), "
        "plus the Do Not Track stance. Built by the same code as the comparison matrices. "
        "`verdict=conflicting` lists the contradictions only.",
        tags=["compare"],
        parameters=[SummaryQuerySerializer],
        responses={200: CompanySummarySerializer},
    )
    def get(self, request, slug: str):
        return self.cached_response(request, lambda: self.build(request, slug))

    def build(self, request, slug: str):
        query = self.parsed_query()
        comparison = comparison_build(slugs=[slug])
        if comparison.missing:
            raise NotFound(f'No company with slug "{slug}".')
        summary = company_summary(comparison, statuses=query.get("verdict") or (),
                                  matrices=query.get("matrix") or ())
        data = absolute_links(request, summary.to_dict())
        return Response(CompanySummarySerializer(data).data)


class VersionDiffView(CachedReadMixin, StrictQueryParamsMixin, APIView):
    """What changed between two versions of one policy."""

    query_serializer_class = DiffQuerySerializer

    @extend_schema(
        summary="Diff two versions of a policy",
        description="Clause-level changes ranked by materiality (retention periods and new "
        "recipients first), with the evidence sentences and their offsets, plus a line diff "
        "of the texts. Built by the same code as the version-diff page.",
        tags=["compare"],
        parameters=[DiffQuerySerializer],
        responses={200: VersionDiffSerializer},
    )
    def get(self, request):
        return self.cached_response(request, lambda: self.build(request))

    def build(self, request):
        query = self.parsed_query()
        versions = PolicyVersion.objects.select_related("policy__company")
        new = versions.filter(pk=query["new"]).first()
        if new is None:
            raise ValidationError({"new": ["No such version."]}, code="does_not_exist")
        if query.get("old"):
            old = versions.filter(pk=query["old"]).first()
            if old is None:
                raise ValidationError({"old": ["No such version."]}, code="does_not_exist")
            if old.policy_id != new.policy_id:
                raise ValidationError(
                    {"old": ["Both versions must belong to the same policy."]}, code="invalid"
                )
        else:
            old = version_previous(version=new)
            if old is not None:
                old = versions.get(pk=old.pk)
            if old is None:
                raise ValidationError(
                    {"new": ["This is the policy's first version: give `old` to compare."]},
                    code="no_previous",
                )
        diff = version_diff_build(old=old, new=new)
        data = absolute_links(request, diff.to_dict())
        if not query.get("text", True):
            data["text"] = []
        return Response(VersionDiffSerializer(data).data)
