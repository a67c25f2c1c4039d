"""Output serializers of the GDPR Art. 13/14 checklist (version detail and compare endpoints)."""

from __future__ import annotations

from rest_framework import serializers

from extraction.nlp.checklist import LABELS, LEGAL_BASES, REQUIREMENT_KEYS, SAFEGUARDS
from extraction.nlp.types import RETENTION_QUALIFIERS

# One schema enum (RequirementKeyEnum, config.api.enums) for every field holding a key.
REQUIREMENT_CHOICES = [(k, LABELS[k]) for k in REQUIREMENT_KEYS]


class ChecklistRetentionSerializer(serializers.Serializer):
    duration = serializers.CharField(allow_null=True, help_text='ISO-8601 ("P18M") or null.')
    qualifier = serializers.ChoiceField(choices=RETENTION_QUALIFIERS, help_text="What kind.")


class ChecklistDetailSerializer(serializers.Serializer):
    """Typed values found in the evidence; a list is absent when nothing was found."""

    retention = ChecklistRetentionSerializer(
        many=True, required=False, help_text="Retention periods (retention_period)."
    )
    countries = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text='Transfer countries, ISO 3166-1 alpha-2, "*" for outside your country.',
    )
    safeguards = serializers.ListField(
        child=serializers.ChoiceField(choices=SAFEGUARDS), required=False,
        help_text="Transfer safeguards named (third_country_transfers).",
    )
    legal_bases = serializers.ListField(
        child=serializers.ChoiceField(choices=LEGAL_BASES), required=False,
        help_text="Legal bases named (legal_basis).",
    )
    rights = serializers.ListField(
        child=serializers.ChoiceField(choices=REQUIREMENT_CHOICES), required=False,
        help_text="All rights the policy offers (on right_access).",
    )
    data_types = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Data types (data_categories)."
    )
    purposes = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Purposes (purposes)."
    )
    recipient_categories = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Recipient categories."
    )
    recipient_names = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Named recipients."
    )


class ChecklistEvidenceSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Start offset in the version text.")
    end = serializers.IntegerField(help_text="End offset in the version text.")
    clause_id = serializers.IntegerField(
        allow_null=True, help_text="The clause (sentence) at these offsets."
    )
    text = serializers.CharField(help_text="The sentence, as stored.")


class RequirementNameSerializer(serializers.Serializer):
    """Which requirement: its key, what it asks and where the GDPR asks it."""

    key = serializers.ChoiceField(choices=REQUIREMENT_CHOICES, help_text="Requirement key.")
    label = serializers.CharField(help_text="What it asks, for humans.")
    article = serializers.CharField(help_text="The GDPR provision.")


class RequirementSerializer(RequirementNameSerializer):
    """One GDPR Art. 13/14 requirement of a version: addressed, with evidence, or a gap."""

    addressed = serializers.BooleanField(help_text="False: the policy does not say it (a gap).")
    evidence = ChecklistEvidenceSerializer(many=True, help_text="The sentences that say it.")
    detail = ChecklistDetailSerializer(help_text="Typed values found in them.")


class ChecklistCellEvidenceSerializer(ChecklistEvidenceSerializer):
    url = serializers.URLField(allow_blank=True, help_text="The sentence on the version page.")


class ChecklistCellSerializer(serializers.Serializer):
    column = serializers.IntegerField(help_text="Index into columns.")
    addressed = serializers.BooleanField(
        allow_null=True, help_text="null: this version has no checklist yet (re-extract it)."
    )
    evidence = ChecklistCellEvidenceSerializer(many=True, help_text="The sentences that say it.")
    detail = ChecklistDetailSerializer(help_text="Typed values found in them.")


class ChecklistRowSerializer(RequirementNameSerializer):
    """One requirement across the compared companies."""

    differs = serializers.BooleanField(help_text="Some companies address it and some do not.")
    cells = ChecklistCellSerializer(many=True, help_text="One per column.")
