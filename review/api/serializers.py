"""Input and output serializers of the review API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from review.models import Review, ReviewEvent, ReviewField


class ReviewCreateSerializer(serializers.Serializer):
    """A review of one value of one clause."""

    clause = serializers.IntegerField(min_value=1, help_text="Id of the clause reviewed.")
    field = serializers.ChoiceField(choices=ReviewField.choices,
                                    help_text="The field of the value reviewed.")
    action = serializers.ChoiceField(
        choices=Review.Action.choices,
        help_text="confirm | reject (reason wrong_value or wrong_polarity) | correct "
        "(new_value) | add_missing (new_value, optionally on span_start..span_end) | "
        "not_practice (the clause states no practice).",
    )
    value = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200,
        help_text="The machine's value judged (empty for add_missing and not_practice).",
    )
    reason = serializers.ChoiceField(
        choices=Review.Reason.choices, required=False, allow_blank=True, default="",
        help_text="For reject: wrong_value (default) or wrong_polarity.",
    )
    new_value = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200,
        help_text="For correct and add_missing: the right value (vocabulary key, name, "
        "ISO-8601 period or retention qualifier, DNT stance, section key).",
    )
    span_start = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0,
        help_text="Start of the selected text (offset into the version's text).",
    )
    span_end = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1,
        help_text="End of the selected text (offset into the version's text).",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000,
                                 help_text="Optional note: why.")


class ReviewerField(serializers.CharField):
    def to_representation(self, user) -> str:
        return user.get_full_name() or user.get_username()


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = ReviewerField(read_only=True, help_text="The reviewer's name.")
    reviewer_username = serializers.CharField(source="reviewer.username", read_only=True,
                                              help_text="The reviewer's username.")
    company = serializers.CharField(source="version.policy.company.slug", read_only=True,
                                    help_text="Company slug.")

    class Meta:
        model = Review
        fields = [
            "id", "company", "version", "clause", "start", "end", "fingerprint", "sentence",
            "span_start", "span_end", "field", "value", "machine_negated", "action", "reason",
            "new_value", "note", "reviewer", "reviewer_username", "created_at",
            "pipeline_version", "model_version", "status", "carried_from",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Review id."},
            "version": {"help_text": "The version the review is anchored on."},
            "span_start": {"help_text": "Start of the value's evidence or selected text."},
            "span_end": {"help_text": "End of the value's evidence or selected text."},
            "field": {"help_text": "The field reviewed."},
            "machine_negated": {"help_text": "The clause's polarity as extracted."},
            "action": {"help_text": "What the reviewer said."},
            "reason": {"help_text": "Why a value was rejected."},
            "new_value": {"help_text": "The corrected or added value."},
            "note": {"help_text": "The reviewer's note."},
            "created_at": {"help_text": "When it was reviewed."},
            "pipeline_version": {"help_text": "The pipeline version of the value reviewed."},
            "model_version": {"help_text": "The trained model that produced it, if any."},
            "status": {"help_text": "active | superseded | orphaned | withdrawn."},
        }


class ReviewEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True,
                                  default=None, help_text="Who; null for re-extraction.")
    details = serializers.DictField(
        child=serializers.JSONField(), read_only=True,
        help_text="What changed (offsets, values, the superseding review)."
    )

    class Meta:
        model = ReviewEvent
        fields = ["id", "review", "kind", "actor", "at", "details"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Entry id."},
            "review": {"help_text": "The review changed."},
            "kind": {"help_text": "What happened."},
            "at": {"help_text": "When."},
        }


class SaySerializer(serializers.Serializer):
    review_id = serializers.IntegerField(help_text="The review.")
    reviewer = serializers.CharField(help_text="The reviewer's name.")
    action = serializers.CharField(help_text="Their action.")
    reason = serializers.CharField(help_text="Their reason.")
    new_value = serializers.CharField(help_text="Their value.")
    at = serializers.DateTimeField(help_text="When.")
    note = serializers.CharField(help_text="Their note.")


class ReviewMarkSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Field.")
    value = serializers.CharField(help_text="The machine's value ('' for an added value).")
    state = serializers.CharField(
        help_text="confirm | reject | correct | add_missing | not_practice | disputed"
    )
    reason = serializers.CharField(help_text="Settled reason.")
    new_value = serializers.CharField(help_text="Settled corrected or added value.")
    reviewers = serializers.CharField(help_text="Who reviewed it.")
    at = serializers.DateTimeField(help_text="Latest review.")
    summary = serializers.CharField(help_text="One line: what, who, when.")
    says = SaySerializer(many=True, help_text="Every reviewer's say (both, when disputed).")


class ClauseReviewStateSerializer(serializers.Serializer):
    """A clause's values as the machine extracted them and as reviewers settled them."""

    clause = serializers.IntegerField(help_text="Clause id.")
    excluded = serializers.BooleanField(help_text="Reviewers judged it no statement of practice.")
    machine = serializers.DictField(child=serializers.JSONField(),
                                    help_text="Values by field as extracted.")
    reviewed = serializers.DictField(child=serializers.JSONField(),
                                     help_text="Values by field with settled reviews applied.")
    marks = ReviewMarkSerializer(many=True, help_text="What reviewers settled or dispute.")
    reviews = ReviewSerializer(many=True, help_text="Every review of the clause, newest first.")


class QueueItemSerializer(serializers.Serializer):
    clause = serializers.IntegerField(source="clause_id", help_text="Clause id.")
    company = serializers.CharField(source="clause.version.policy.company.slug",
                                    help_text="Company slug.")
    version = serializers.IntegerField(source="clause.version_id", help_text="Version id.")
    field = serializers.CharField(help_text="Field.")
    value = serializers.CharField(help_text="The machine's value.")
    negated = serializers.BooleanField(source="clause.negated",
                                       help_text="A denial (does not ...).")
    practice = serializers.CharField(source="clause.practice", allow_null=True,
                                     help_text="The clause's practice.")
    text = serializers.CharField(source="clause.text", help_text="The sentence.")
    start = serializers.IntegerField(allow_null=True, help_text="Evidence span, if known.")
    end = serializers.IntegerField(allow_null=True, help_text="Evidence span end.")
    in_matrix = serializers.BooleanField(help_text="Shown in the comparison's summary matrices.")
    changed = serializers.BooleanField(help_text="Its version changed in the last 30 days.")
    disputed = serializers.SerializerMethodField()
    reviewers = serializers.IntegerField(source="n_reviewers",
                                         help_text="How many reviewers reviewed it.")

    @extend_schema_field(serializers.BooleanField(help_text="Reviewers disagree on it."))
    def get_disputed(self, obj) -> bool:
        return obj.n_verdicts > 3


class CountsSerializer(serializers.Serializer):
    company = serializers.CharField(help_text="Company slug.")
    name = serializers.CharField(help_text="Company name.")
    version = serializers.IntegerField(help_text="Latest version id.")
    values = serializers.IntegerField(help_text="Values of the latest version (not sections).")
    reviewed = serializers.IntegerField(help_text="Values reviewers settled.")
    outstanding = serializers.IntegerField(help_text="Values not settled yet.")
    disputed = serializers.IntegerField(help_text="Values reviewers disagree on.")


class ReviewBulkSerializer(serializers.Serializer):
    reviews = ReviewCreateSerializer(many=True, help_text="Up to 1000 reviews, saved together.")

    def validate_reviews(self, value):
        if not value:
            raise serializers.ValidationError("Give at least one review.")
        if len(value) > 1000:
            raise serializers.ValidationError("At most 1000 reviews per request.")
        return value


class ReviewBulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="How many reviews were saved.")
    ids = serializers.ListField(child=serializers.IntegerField(), help_text="Their ids, in order.")
