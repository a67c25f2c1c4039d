"""Analyst reviews of extracted values, their audit log, and the registry of trained models.

A review is anchored to *text*, not to a clause row: re-extraction replaces every clause of a
version (extraction/services/results.py), so a review stores the version, the sentence's
offsets and a fingerprint of its text, plus the field and machine value it judged. ``clause``
is only a convenience link to the clause currently at that anchor; it is re-pointed (or set to
NULL, status ``orphaned``) after every save of results (review.services.reviews_reanchor).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from policies.models import Clause, PolicyVersion


class ReviewField(models.TextChoices):
    SECTION = "section", "section"
    DATA_TYPE = "data_type", "data type"
    PURPOSE = "purpose", "purpose"
    RECIPIENT = "recipient", "recipient (named)"
    RECIPIENT_CATEGORY = "recipient_category", "recipient category"
    RIGHT = "right", "right"
    COUNTRY = "country", "country"
    RETENTION = "retention", "retention period or qualifier"
    CHILDREN_AGE = "children_age", "children's age"
    PRACTICE = "practice", "practice and polarity"
    DNT = "dnt", "Do Not Track stance"


class Review(models.Model):
    class Action(models.TextChoices):
        CONFIRM = "confirm", "Confirm"
        REJECT = "reject", "Reject"
        CORRECT = "correct", "Correct"
        ADD_MISSING = "add_missing", "Add missing value"
        NOT_PRACTICE = "not_practice", "Not a statement of practice"

    class Reason(models.TextChoices):
        NONE = "", "—"
        WRONG_VALUE = "wrong_value", "Wrong value"
        WRONG_POLARITY = "wrong_polarity", "Wrong polarity"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUPERSEDED = "superseded", "Superseded by the reviewer's later review"
        ORPHANED = "orphaned", "Could not be re-anchored"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The anchor: which text of which version this review is about.
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="reviews")
    start = models.PositiveIntegerField(help_text="Start of the sentence in version.text.")
    end = models.PositiveIntegerField(help_text="End of the sentence in version.text.")
    fingerprint = models.CharField(
        max_length=40, db_index=True, help_text="SHA-1 of the sentence, whitespace-normalised."
    )
    sentence = models.TextField(help_text="The sentence as reviewed (version.text[start:end]).")
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    clause = models.ForeignKey(
        Clause, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews",
        help_text="The clause now at this anchor (re-pointed after every extraction).",
    )
    # What was judged and the judgement.
    field = models.CharField(max_length=20, choices=ReviewField.choices)
    value = models.CharField(max_length=200, blank=True, help_text="The machine's value.")
    machine_negated = models.BooleanField(default=False)
    action = models.CharField(max_length=15, choices=Action.choices)
    reason = models.CharField(max_length=15, choices=Reason.choices, blank=True, default="")
    new_value = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    # Who, when, and what produced the value.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    pipeline_version = models.CharField(max_length=40, blank=True)
    model_version = models.CharField(max_length=80, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to",
        help_text="The review on an earlier version of the same policy this one was copied from.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["version", "status"], name="review_version_status"),
            models.Index(fields=["clause", "field", "value"], name="review_clause_target"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="review_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.field}={self.value or self.new_value}"


class ReviewEvent(models.Model):
    """Audit log: one row for every change to a review, by a person or by re-anchoring."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        SUPERSEDED = "superseded", "Superseded"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REANCHORED = "reanchored", "Re-anchored"
        ORPHANED = "orphaned", "Could not be re-anchored"
        CARRIED = "carried", "Carried over to a new version"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="review_events", help_text="Empty for changes made by re-extraction.",
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} review {self.review_id}"


class TrainedModel(models.Model):
    """A section classifier trained from exported reviews (manage.py train_from_reviews)."""

    name = models.CharField(max_length=80, unique=True)
    path = models.CharField(max_length=500, help_text="The model directory.")
    created_at = models.DateTimeField(auto_now_add=True)
    training_policies = models.PositiveIntegerField(default=0)
    training_passages = models.PositiveIntegerField(default=0)
    held_out_policies = models.PositiveIntegerField(default=0)
    score = models.FloatField(null=True, blank=True, help_text="Held-back macro-F1 (sections).")
    rules_score = models.FloatField(null=True, blank=True, help_text="The rules' on the same.")
    active_score = models.FloatField(
        null=True, blank=True, help_text="The model active before it, on the same held-back set."
    )
    scores = models.JSONField(default=dict, blank=True, help_text="Per-section F1 and details.")
    active = models.BooleanField(default=False, db_index=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="trainedmodel_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}{' (active)' if self.active else ''}"
