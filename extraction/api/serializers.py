"""Input and output serializers for uploads and extraction runs."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.links import link
from config.api.versions import PolicyVersionSerializer, RunSummarySerializer
from extraction.models import ExtractionRun, UploadConversion


class RunSerializer(serializers.ModelSerializer):
    """An extraction run: the database row is the source of truth for its progress."""

    url = serializers.SerializerMethodField(help_text="This run in the API.")
    version_url = serializers.SerializerMethodField(help_text="The version it extracts.")
    company = serializers.CharField(
        source="version.policy.company.slug", read_only=True, help_text="Company slug."
    )
    is_active = serializers.BooleanField(read_only=True, help_text="Queued or running.")
    timings = serializers.DictField(
        child=serializers.FloatField(), read_only=True, help_text="Seconds per stage."
    )

    class Meta:
        model = ExtractionRun
        fields = [
            "id", "url", "version", "version_url", "company", "status", "stage", "progress",
            "is_active", "error", "attempts", "pipeline_version", "clause_count", "timings",
            "created_at", "dispatched_at", "started_at", "finished_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Run id."},
            "version": {"help_text": "Id of the version it extracts."},
            "status": {"help_text": "queued → running → done | failed."},
            "stage": {"help_text": "Current stage of a running run."},
            "progress": {"help_text": "Percent, 0–100."},
            "error": {"help_text": "Why it failed, when it did."},
            "attempts": {"help_text": "How many times a worker took it."},
            "pipeline_version": {"help_text": "The NLP pipeline that ran."},
            "clause_count": {"help_text": "Clauses saved."},
            "created_at": {"help_text": "When it was queued."},
            "dispatched_at": {"help_text": "When it was sent to a worker."},
            "started_at": {"help_text": "When a worker started it."},
            "finished_at": {"help_text": "When it finished."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: ExtractionRun) -> str | None:
        return link(self.context, "runs", obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_version_url(self, obj: ExtractionRun) -> str | None:
        return link(self.context, "versions", obj.version_id)


class UploadMetaSerializer(serializers.Serializer):
    last_updated = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The policy's own 'last updated' date (YYYY-MM-DD, not in the future); found "
        "in the text when omitted.",
    )
    source_url = serializers.URLField(
        required=False, allow_blank=True, max_length=1000, help_text="Where it is published."
    )


class TextUploadSerializer(UploadMetaSerializer):
    """Upload as JSON: the policy's plain text."""

    text = serializers.CharField(
        trim_whitespace=False,
        allow_blank=True,
        help_text="The policy's full plain text (UTF-8, at most POLICY_MAX_UPLOAD_BYTES bytes).",
    )


class FileUploadSerializer(UploadMetaSerializer):
    """Upload as multipart/form-data: a file (plain text, HTML, PDF or DOCX)."""

    file = serializers.FileField(
        allow_empty_file=True,
        help_text="A .txt, .html, .pdf or .docx file (at most POLICY_MAX_UPLOAD_BYTES bytes; "
        "plain text in any common encoding, UTF-16 with or without a BOM).",
    )


class UploadResultSerializer(serializers.Serializer):
    created = serializers.BooleanField(
        help_text="false when this policy already had exactly this text (the existing version "
        "is returned, status 200)."
    )
    version = PolicyVersionSerializer(help_text="The stored version.")
    run = RunSummarySerializer(help_text="Its extraction run; poll `run.url` for progress.")
    run_url = serializers.URLField(help_text="The run in the API (also the Location header).")

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        return super().to_representation(instance)


class UploadConversionSerializer(serializers.ModelSerializer):
    """A PDF or DOCX upload being converted to text after the response. Poll `url`: when
    `state` is `done`, `version_url` and `run_url` point at the stored version and its
    extraction run; when `failed`, `error_code`/`error` say why (the file is kept)."""

    url = serializers.SerializerMethodField(help_text="This upload in the API (poll it).")
    company = serializers.CharField(source="company.slug", read_only=True,
                                    help_text="Company slug.")
    is_active = serializers.BooleanField(read_only=True, help_text="Queued or converting.")
    version_url = serializers.SerializerMethodField(help_text="The stored version, once done.")
    run_url = serializers.SerializerMethodField(help_text="Its extraction run, once done.")

    class Meta:
        model = UploadConversion
        fields = [
            "id", "url", "company", "filename", "size", "state", "is_active", "error_code",
            "error", "attempts", "created_version", "version", "version_url", "run", "run_url",
            "seconds", "created_at", "finished_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Upload id."},
            "filename": {"help_text": "The uploaded file's name."},
            "size": {"help_text": "Bytes."},
            "state": {"help_text": "queued → converting → done | failed."},
            "error_code": {"help_text": "Why it failed (the upload error codes), when it did."},
            "error": {"help_text": "Why it failed, for people."},
            "attempts": {"help_text": "How many times a worker took it."},
            "created_version": {
                "help_text": "true: a new version; false: the policy already had this text."
            },
            "version": {"help_text": "Id of the stored version, once done."},
            "run": {"help_text": "Id of its extraction run, once done."},
            "seconds": {"help_text": "Conversion time."},
            "created_at": {"help_text": "When it was uploaded."},
            "finished_at": {"help_text": "When the conversion finished."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: UploadConversion) -> str | None:
        return link(self.context, "uploads", obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_version_url(self, obj: UploadConversion) -> str | None:
        return link(self.context, "versions", obj.version_id)

    @extend_schema_field(OpenApiTypes.URI)
    def get_run_url(self, obj: UploadConversion) -> str | None:
        return link(self.context, "runs", obj.run_id)
