"""Sections (headed parts of a version) as the API shows them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from config.api.links import link
from policies.models import Section, SectionKey


class SectionSerializer(serializers.Serializer):
    """A headed part of a version, classified into section keys."""

    id = serializers.IntegerField(help_text="Section id.")
    url = serializers.URLField(help_text="This section in the API.")
    version = serializers.IntegerField(help_text="Id of the version.")
    company = serializers.CharField(help_text="Slug of the company.")
    key = serializers.ChoiceField(
        choices=SectionKey.choices, help_text="Primary section key."
    )
    keys = serializers.ListField(
        child=serializers.ChoiceField(choices=SectionKey.choices),
        help_text="Every section key it covers, primary first.",
    )
    heading = serializers.CharField(
        allow_blank=True, help_text='The heading as written ("" for an unheaded preamble).'
    )
    order = serializers.IntegerField(min_value=0, help_text="Position in the version.")
    start = serializers.IntegerField(min_value=0, help_text="Start offset of the heading.")
    body_start = serializers.IntegerField(min_value=0, help_text="Start offset of the body.")
    end = serializers.IntegerField(min_value=0, help_text="End offset (exclusive).")
    clause_count = serializers.IntegerField(help_text="Clauses extracted from it.")

    def to_representation(self, s: Section) -> dict[str, Any]:
        ctx = self.context
        return {
            "id": s.pk,
            "url": link(ctx, "sections", s.pk),
            "version": s.version_id,
            "company": s.version.policy.company.slug,
            "key": s.key,
            "keys": list(s.keys or [s.key]),
            "heading": s.heading,
            "order": s.order,
            "start": s.start,
            "body_start": s.body_start,
            "end": s.end,
            "clause_count": getattr(s, "clause_count", 0),
        }


class SectionDetailSerializer(SectionSerializer):
    text = serializers.CharField(help_text="The section's text: the version's text[start:end].")

    def to_representation(self, s: Section) -> dict[str, Any]:
        data = super().to_representation(s)
        data["text"] = s.version.text[s.start : s.end]
        return data
