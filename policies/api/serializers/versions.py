"""A version in detail: its text, sections and findings (the list form is shared:
``config.api.versions``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.checklist import RequirementSerializer, requirement_representation
from config.api.versions import PolicyVersionSerializer
from policies.api.serializers.sections import SectionSerializer
from policies.models import Finding, PolicyVersion, SectionKey
from review.checklist import reviewed_version_checklist


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
    checklist = serializers.SerializerMethodField(
        help_text="GDPR Art. 13/14 checklist: every requirement, addressed (with the sentences "
        "that say it) or a gap, reviewed values applied (`review_state`, `review`, "
        "`struck_evidence`); [] when the version was not extracted since the checklist exists."
    )

    class Meta(PolicyVersionSerializer.Meta):
        fields = [
            *PolicyVersionSerializer.Meta.fields, "text", "sections", "findings", "checklist",
        ]
        read_only_fields = fields

    @extend_schema_field(RequirementSerializer(many=True))
    def get_checklist(self, obj: PolicyVersion) -> list[dict[str, Any]]:
        return [
            requirement_representation(r)
            for r in reviewed_version_checklist(version_id=obj.pk)  # reviewed values win
        ]

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, obj: PolicyVersion) -> list[dict[str, Any]]:
        serializer = SectionSerializer(context=self.context)
        return [serializer.to_representation(s) for s in obj.sections.all()]
