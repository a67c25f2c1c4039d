"""Companies and their policies."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.links import api_root, link
from policies.models import Company, Policy


class PolicyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Policy id.")
    url = serializers.URLField(help_text="The policy in the API.")
    kind = serializers.ChoiceField(choices=Policy.Kind.choices, help_text="Kind of policy.")
    title = serializers.CharField(allow_blank=True, help_text="Title.")


class CompanySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This company in the API.")
    latest_version = serializers.IntegerField(
        source="latest_version_id",
        allow_null=True,
        read_only=True,
        help_text="Id of the latest version of its privacy policy, or null.",
    )
    policies = serializers.SerializerMethodField(help_text="Its policies.")
    website = serializers.CharField(read_only=True, help_text='Website, or "" when unknown.')
    # Letters and digits of any script: no ASCII-only `pattern` in the schema.
    slug = serializers.CharField(
        read_only=True, help_text="Unique slug; use it in filters (`?company=`)."
    )

    class Meta:
        model = Company
        fields = [
            "id", "url", "slug", "name", "website", "jurisdiction", "created_at",
            "latest_version", "policies",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Company id."},
            "slug": {"help_text": "Unique slug; use it in filters (`?company=`)."},
            "name": {"help_text": "Name."},
            "created_at": {"help_text": "When it was added."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Company) -> str:
        return link(self.context, "companies", obj.slug)  # type: ignore[return-value]

    @extend_schema_field(PolicyBriefSerializer(many=True))
    def get_policies(self, obj: Company) -> list[dict[str, Any]]:
        return [
            {"id": p.pk, "url": link(self.context, "policies", p.pk), "kind": p.kind,
             "title": p.title}
            for p in obj.policies.all()
        ]


class CompanyCreateSerializer(serializers.Serializer):
    """A new company."""

    name = serializers.CharField(max_length=200, help_text="Name.")
    slug = serializers.SlugField(
        max_length=100, required=False, allow_blank=True, allow_unicode=True,
        help_text="Unique slug; derived from the name when omitted.",
    )
    website = serializers.URLField(
        required=False, allow_blank=True, max_length=200, help_text="Website."
    )
    jurisdiction = serializers.CharField(
        max_length=100, required=False, allow_blank=True,
        help_text="Country or region whose law governs, if known.",
    )


class PolicySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This policy in the API.")
    company = serializers.CharField(source="company.slug", read_only=True, help_text="Slug.")
    company_name = serializers.CharField(source="company.name", read_only=True, help_text="Name.")
    version_count = serializers.IntegerField(read_only=True, help_text="Versions stored.")
    latest_version = serializers.IntegerField(
        source="latest_version_id",
        allow_null=True,
        read_only=True,
        help_text="Id of the latest version, or null.",
    )
    versions_url = serializers.SerializerMethodField(
        help_text="List its versions (GET) or upload a new one (POST)."
    )
    source_url = serializers.CharField(
        read_only=True, help_text='Where the policy is published, or "" when unknown.'
    )

    class Meta:
        model = Policy
        fields = [
            "id", "url", "company", "company_name", "kind", "title", "source_url", "created_at",
            "version_count", "latest_version", "versions_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Policy id."},
            "kind": {"help_text": "Kind of policy."},
            "title": {"help_text": "Title."},
            "created_at": {"help_text": "When it was added."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Policy) -> str:
        return link(self.context, "policies", obj.pk)  # type: ignore[return-value]

    @extend_schema_field(OpenApiTypes.URI)
    def get_versions_url(self, obj: Policy) -> str:
        return f"{api_root(self.context)}policies/{obj.pk}/versions/"
