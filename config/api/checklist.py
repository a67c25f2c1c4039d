"""Output serializers of the GDPR Art. 13/14 checklist (version detail and compare endpoints)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from extraction.nlp.checklist import LABELS, LEGAL_BASES, REQUIREMENT_KEYS, SAFEGUARDS
from extraction.nlp.types import RETENTION_QUALIFIERS

# One schema enum (RequirementKeyEnum, config.api.enums) for every field holding a key.
REQUIREMENT_CHOICES = [(k, LABELS[k]) for k in REQUIREMENT_KEYS]
# What reviewers settled about a requirement or one of its sentences (review.checklist).
REVIEW_STATES = [
    ("", "not reviewed"),
    ("confirmed", "confirmed"),
    ("corrected", "corrected (a value changed or added)"),
    ("reviewed", "reviewed (some evidence struck out, or its polarity changed)"),
    ("rejected", "rejected: the sentence does not say it"),
    ("excluded", "excluded: not a statement of practice"),
    ("disputed", "disputed: reviewers disagree, nothing applied"),
]


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
    review_state = serializers.ChoiceField(
        choices=REVIEW_STATES, allow_blank=True,
        help_text="What reviewers settled about this sentence for this requirement; '' if "
        "unreviewed.",
    )
    review = serializers.CharField(
        allow_blank=True, help_text="Who and when ('rejected by Rita, 2026-12-02'); ''.",
    )


class ReviewedRequirementSerializer(serializers.Serializer):
    """Reviewed values win: the requirement's reviewed state, who and when, the sentences
    reviewers struck out and the machine's answer when reviews changed it."""

    review_state = serializers.ChoiceField(
        choices=REVIEW_STATES, allow_blank=True,
        help_text="What reviewers settled about the requirement's evidence; '' if unreviewed.",
    )
    review = serializers.CharField(allow_blank=True, help_text="Who and when; ''.")
    machine_addressed = serializers.BooleanField(
        allow_null=True,
        help_text="The machine's `addressed` when reviews changed it (e.g. true for a "
        "requirement whose only sentence was rejected); null when they did not.",
    )


class RequirementNameSerializer(serializers.Serializer):
    """Which requirement: its key, what it asks and where the GDPR asks it."""

    key = serializers.ChoiceField(choices=REQUIREMENT_CHOICES, help_text="Requirement key.")
    label = serializers.CharField(help_text="What it asks, for humans.")
    article = serializers.CharField(help_text="The GDPR provision.")


class RequirementSerializer(RequirementNameSerializer, ReviewedRequirementSerializer):
    """One GDPR Art. 13/14 requirement of a version: addressed, with evidence, or a gap
    (reviewed values applied)."""

    addressed = serializers.BooleanField(help_text="False: the policy does not say it (a gap).")
    evidence = ChecklistEvidenceSerializer(many=True, help_text="The sentences that say it.")
    struck_evidence = ChecklistEvidenceSerializer(
        many=True, help_text="Sentences reviewers struck out (rejected or excluded)."
    )
    detail = ChecklistDetailSerializer(help_text="Typed values found in them.")


def _evidence(e) -> dict[str, Any]:
    return {"start": e.start, "end": e.end, "clause_id": e.clause_id, "text": e.text,
            "review_state": e.review_state, "review": e.review}


def requirement_representation(r) -> dict[str, Any]:
    """One ``extraction.selectors.RequirementRow`` (reviewed: ``review.checklist``) as the
    API shows it (``RequirementSerializer``)."""
    return {
        "key": r.key, "label": r.label, "article": r.article, "addressed": r.addressed,
        "evidence": [_evidence(e) for e in r.evidence],
        "struck_evidence": [_evidence(e) for e in r.struck],
        "detail": r.detail, "review_state": r.review_state, "review": r.review,
        "machine_addressed": r.machine_addressed,
    }


class ChecklistCellEvidenceSerializer(ChecklistEvidenceSerializer):
    url = serializers.URLField(allow_blank=True, help_text="The sentence on the version page.")


class ChecklistCellSerializer(ReviewedRequirementSerializer):
    column = serializers.IntegerField(help_text="Index into columns.")
    addressed = serializers.BooleanField(
        allow_null=True, help_text="null: this version has no checklist yet (re-extract it)."
    )
    evidence = ChecklistCellEvidenceSerializer(many=True, help_text="The sentences that say it.")
    struck_evidence = ChecklistCellEvidenceSerializer(
        many=True, help_text="Sentences reviewers struck out (rejected or excluded)."
    )
    detail = ChecklistDetailSerializer(help_text="Typed values found in them.")


class ChecklistRowSerializer(RequirementNameSerializer):
    """One requirement across the compared companies."""

    differs = serializers.BooleanField(help_text="Some companies address it and some do not.")
    cells = ChecklistCellSerializer(many=True, help_text="One per column.")
