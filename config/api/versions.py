"""A policy version with its latest extraction run: listed by ``policies/api`` (versions) and
returned by ``extraction/api`` (the result of an upload). Shared here so that neither app's API
imports the other's."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.links import api_root, link
from extraction.models import ExtractionRun
from policies.models import PolicyVersion


class RunSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Extraction run id.")
    url = serializers.URLField(help_text="The run in the API.")
    status = serializers.ChoiceField(
        choices=ExtractionRun.Status.choices, help_text="Where the run is."
    )
    stage = serializers.ChoiceField(choices=ExtractionRun.Stage.choices, help_text="Current stage.")
    progress = serializers.IntegerField(min_value=0, max_value=100, help_text="Percent.")
    error = serializers.CharField(allow_blank=True, help_text="Why it failed, when it did.")
    clause_count = serializers.IntegerField(help_text="Clauses saved by the run.")


def run_summary(context: dict[str, Any], run: Any) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "id": run.pk,
        "url": link(context, "runs", run.pk),
        "status": run.status,
        "stage": run.stage,
        "progress": run.progress,
        "error": run.error,
        "clause_count": run.clause_count,
    }


class SuspicionReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["page_marker", "language", "size_drop", "sections_lost"],
        help_text="page_marker (sign-in/error/captcha page), language, size_drop, "
        "sections_lost.",
    )
    message = serializers.CharField(help_text="Explanation, for humans.")


class PolicyVersionSerializer(serializers.ModelSerializer):
    """A stored version of a policy (without its text in lists)."""

    url = serializers.SerializerMethodField(help_text="This version in the API.")
    company = serializers.CharField(source="policy.company.slug", help_text="Company slug.")
    company_name = serializers.CharField(source="policy.company.name", help_text="Company name.")
    kind = serializers.CharField(source="policy.kind", help_text="Kind of policy.")
    uploaded_by = serializers.SerializerMethodField(
        help_text="Username of who uploaded it, or null (fixtures, deleted users)."
    )
    extraction = serializers.SerializerMethodField(
        help_text="The latest extraction run of this version, or null."
    )
    clauses_url = serializers.SerializerMethodField(help_text="Its clauses in the API.")
    source_url = serializers.CharField(
        read_only=True, help_text='Where it was fetched from, or "" when unknown.'
    )
    suspicious = serializers.SerializerMethodField(
        help_text="The suspicious-version check flagged it (see `suspicious_reasons`)."
    )
    suspicious_reasons = SuspicionReasonSerializer(
        many=True, read_only=True, help_text="Why it was flagged; empty when it was not."
    )
    confirm_url = serializers.SerializerMethodField(
        help_text="POST here (authenticated) to confirm a held-back version; null otherwise."
    )

    class Meta:
        model = PolicyVersion
        fields = [
            "id", "url", "policy", "company", "company_name", "kind", "last_updated",
            "effective_date", "ingested_at", "fetched_at", "source_kind", "source_url",
            "original_filename", "media_type", "content_sha256", "normalized_sha256",
            "word_count", "suspicious", "suspicious_reasons", "held_back", "confirmed_at",
            "confirm_url", "uploaded_by", "extraction", "clauses_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Version id."},
            "policy": {"help_text": "Id of the policy."},
            "source_kind": {"help_text": "How the text arrived."},
            "original_filename": {"help_text": "The uploaded file's name, if any."},
            "media_type": {"help_text": "Media type of what was uploaded."},
            "content_sha256": {"help_text": "SHA-256 of the stored text (duplicate detection)."},
            "word_count": {"help_text": "Words in the stored text."},
            "ingested_at": {"help_text": "When it was stored."},
            "fetched_at": {"help_text": "When it was fetched from its source, if it was."},
            "effective_date": {
                "help_text": "last_updated, else the day it was fetched or ingested: versions "
                "are ordered by it and the newest one not held back is the latest."
            },
            "normalized_sha256": {
                "help_text": "SHA-256 of the text with whitespace and Unicode forms normalised "
                "(texts differing only in those are duplicates)."
            },
            "held_back": {
                "help_text": "Flagged and not yet confirmed: never the latest until confirmed."
            },
            "confirmed_at": {"help_text": "When a user confirmed the flagged version."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: PolicyVersion) -> str:
        return link(self.context, "versions", obj.pk)  # type: ignore[return-value]

    def get_suspicious(self, obj: PolicyVersion) -> bool:
        return bool(obj.suspicious_reasons)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_confirm_url(self, obj: PolicyVersion) -> str | None:
        url = link(self.context, "versions", obj.pk)
        return f"{url}confirm/" if obj.held_back and url else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_clauses_url(self, obj: PolicyVersion) -> str:
        return f"{api_root(self.context)}clauses/?version={obj.pk}"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_uploaded_by(self, obj: PolicyVersion) -> str | None:
        return obj.uploaded_by.get_username() if obj.uploaded_by_id else None

    @staticmethod
    def latest_run(obj: PolicyVersion) -> Any:
        runs = getattr(obj, "runs_desc", None)
        if runs is None:
            return obj.extraction_runs.order_by("-created_at", "-id").first()
        return runs[0] if runs else None

    @extend_schema_field(RunSummarySerializer(allow_null=True))
    def get_extraction(self, obj: PolicyVersion) -> dict[str, Any] | None:
        return run_summary(self.context, self.latest_run(obj))
