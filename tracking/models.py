"""Tracked sources (policy URLs checked on a schedule), their checks, change events, alerts.

Rows are the source of truth; Celery messages carry ids only. A source is claimed for a
check by a conditional UPDATE (``claim_token`` / ``claimed_until``), a delivery likewise.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from policies.models import Company, Policy, PolicyVersion

DAY = 86_400


class Source(models.Model):
    """One URL of one company's policy (privacy policy, cookie policy...) checked on a schedule."""

    class Status(models.TextChoices):
        NEW = "new", "Not checked yet"
        OK = "ok", "OK"
        FAILING = "failing", "Failing"
        PAUSED = "paused", "Paused"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="sources")
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=20, choices=Policy.Kind.choices, default=Policy.Kind.PRIVACY)
    url = models.URLField(max_length=1000)
    paused = models.BooleanField(default=False)
    check_interval = models.PositiveIntegerField(
        default=DAY, help_text="Seconds between checks (default: daily)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW,
                              db_index=True)
    last_http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_fingerprint = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the normalised text last seen."
    )
    last_version = models.ForeignKey(
        PolicyVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_changed_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)
    failure_count = models.PositiveIntegerField(default=0)
    check_count = models.PositiveIntegerField(default=0)
    # The claim: a check holds the source until ``claimed_until`` (a lease) under its token.
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="tracked_sources",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company__name", "kind", "url"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "url"], name="source_unique_url_per_policy")
        ]
        indexes = [models.Index(fields=["paused", "next_check_at"], name="source_due")]

    def __str__(self) -> str:
        return f"{self.company} — {self.url}"


class SourceCheck(models.Model):
    """One check of a source: what the server answered and what came of it."""

    class Outcome(models.TextChoices):
        NOT_MODIFIED = "not_modified", "Not modified (304)"
        UNCHANGED = "unchanged", "No change in the text"
        NEW_VERSION = "new_version", "New version"
        KNOWN_VERSION = "known_version", "Text of an earlier version"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="checks")
    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    version = models.ForeignKey(
        PolicyVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_id} {self.started_at:%Y-%m-%d %H:%M}: {self.outcome}"


class ChangeEvent(models.Model):
    """A new version of a policy and what changed, clause by clause, from the one before."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for extraction"
        READY = "ready", "Ready"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="change_events")
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="change_events")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="change_events"
    )
    from_version = models.ForeignKey(
        PolicyVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_version = models.OneToOneField(
        PolicyVersion, on_delete=models.CASCADE, related_name="change_event"
    )
    occurred_at = models.DateTimeField(db_index=True, help_text="When the new version was seen.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    changes = models.JSONField(
        default=list, help_text="Clause-level changes, most material first (comparison.diff)."
    )
    stats = models.JSONField(default=dict)
    change_count = models.PositiveIntegerField(default=0)
    max_materiality = models.PositiveSmallIntegerField(default=0, db_index=True)
    summary = models.CharField(max_length=500, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["company", "-occurred_at"], name="change_company_when")]

    def __str__(self) -> str:
        return f"{self.company}: {self.summary or self.to_version_id}"


class ChangeItem(models.Model):
    """One clause-level change of an event, as a row to filter on (section, field, materiality).
    The event's ``changes`` JSON holds the same list for display."""

    event = models.ForeignKey(ChangeEvent, on_delete=models.CASCADE, related_name="items")
    rank = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)
    field = models.CharField(max_length=30, db_index=True)
    section = models.CharField(max_length=20, db_index=True)
    materiality = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["event", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["event", "rank"], name="changeitem_unique_rank")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.field} ({self.materiality})"


class Subscription(models.Model):
    """A webhook: change events matching its filters are POSTed, signed, to ``target``."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    target = models.URLField(max_length=1000)
    secret = models.CharField(max_length=200)
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    section = models.CharField(max_length=20, blank=True)
    min_materiality = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.target} ({self.company or 'all companies'})"


class Delivery(models.Model):
    """One change event sent (or being sent) to one subscription; the delivery log."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(ChangeEvent, on_delete=models.CASCADE, related_name="deliveries")
    idempotency_key = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"],
                                    name="delivery_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} -> {self.subscription_id}: {self.status}"


class DigestSubscription(models.Model):
    """An email digest of change events (Django's email backend; console by default)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscriptions"
    )
    email = models.EmailField()
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.CASCADE, related_name="digests"
    )
    min_materiality = models.PositiveSmallIntegerField(default=0)
    frequency = models.CharField(max_length=10, choices=Frequency.choices,
                                 default=Frequency.DAILY)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_frequency_display()})"
