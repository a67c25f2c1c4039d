"""A version in detail: its text, sections and findings (the list form is shared:
``config.api.versions``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.versions import PolicyVersionSerializer
from policies.api.serializers.sections import SectionSerializer
from policies.models import Finding, PolicyVersion, SectionKey


class FindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Finding.Kind.choices,
        help_text="What the policy fails to say.",
    )
    section_key = serializers.ChoiceField(
        choices=SectionKey.choices, help_text="The section concerned."
    )
    message = serializers.CharField(help_text="Explanation, for humans.")
    start = serializers.IntegerField(allow_null=True, help_text="Start offset, when located.")
    end = serializers.IntegerField(allow_null=True, help_text="End offset, when located.")


class PolicyVersionDetailSerializer(PolicyVersionSerializer):
    """A version with its text, sections and findings."""

    text = serializers.CharField(help_text="The stored text; every offset refers to it.")
    sections = serializers.SerializerMethodField(help_text="Its sections, in order.")
    findings = FindingSerializer(many=True, help_text="What the policy fails to say.")

    class Meta(PolicyVersionSerializer.Meta):
        fields = [*PolicyVersionSerializer.Meta.fields, "text", "sections", "findings"]
        read_only_fields = fields

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, obj: PolicyVersion) -> list[dict[str, Any]]:
        serializer = SectionSerializer(context=self.context)
        return [serializer.to_representation(s) for s in obj.sections.all()]
