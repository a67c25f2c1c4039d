"""Comparison, version diff and comparison export: thin views over the pages' own builders."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from comparison.api.serializers import (
    CompareExportQuerySerializer,
    CompareQuerySerializer,
    ComparisonSerializer,
    DiffQuerySerializer,
    ExportRowSerializer,
    VersionDiffSerializer,
)
from comparison.builders import comparison_build
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


def comparison_payload(request, comparison) -> dict[str, Any]:
    """The comparison's dict (evidence offsets included) with page links made absolute."""
    data = comparison.to_dict()

    def located(item: dict) -> dict:
        item["url"] = _absolute(request, item["url"])
        return item

    for column in data["columns"]:
        column["version_url"] = _absolute(request, column["version_url"])
    for row in data["rows"]:
        for group in row["groups"]:
            for cell in group["cells"]:
                for ref in cell:
                    located(ref)
    matrices = data["matrices"]
    for key in ("data_types", "recipients", "rights", "transfers"):
        for mrow in matrices[key]["rows"]:
            for marks in mrow["cells"]:
                for mark in marks:
                    located(mark)
    for rrow in matrices["retention"]:
        for entry in rrow["entries"]:
            located(entry)
    data.pop("missing", None)
    return data


def export_row(request, row: dict[str, Any]) -> dict[str, Any]:
    out = {key: row.get(key, "") for key in EXPORT_FIELDS}
    out["clause_id"] = row.get("clause_id") or None
    negated = row.get("negated")
    out["negated"] = negated if isinstance(negated, bool) else None
    out["version_id"] = row.get("version_id") or None
    out["url"] = _absolute(request, row.get("url") or "")
    for key in EXPORT_FIELDS:
        if key not in ("clause_id", "negated", "version_id") and out[key] is None:
            out[key] = ""
        elif key not in ("clause_id", "negated", "version_id"):
            out[key] = str(out[key])
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
        if request.accepted_renderer.format == "csv":
            return Response([export_row(request, r) for r in comparison_rows(comparison)])
        return Response(ComparisonSerializer(comparison_payload(request, comparison)).data)


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
        rows = [export_row(request, r) for r in comparison_rows(comparison, tables)]
        if request.accepted_renderer.format == "csv":
            return Response(rows)
        return Response(ExportRowSerializer(rows, many=True).data)


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
        data = diff.to_dict()
        for change in data["changes"]:
            for key in ("old_clause", "new_clause"):
                brief = change.get(key)
                if brief:
                    brief["url"] = _absolute(request, brief["url"])
        for key in ("old", "new"):
            data[key]["url"] = _absolute(request, data[key]["url"])
        if not query.get("text", True):
            data["text"] = []
        return Response(VersionDiffSerializer(data).data)
