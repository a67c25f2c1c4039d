"""Extraction runs: the database row is the source of truth for every background job."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from policies.models import Company, PolicyVersion


class ExtractionRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Stage(models.TextChoices):
        QUEUED = "queued", "Queued"
        SEGMENTING = "segmenting", "Segmenting"
        CLASSIFYING = "classifying", "Classifying"
        EXTRACTING = "extracting", "Extracting"
        SAVING = "saving", "Saving"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="extraction_runs"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent, 0–100.")
    pipeline_version = models.CharField(max_length=40, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    clause_count = models.PositiveIntegerField(default=0)
    timings = models.JSONField(default=dict, blank=True, help_text="Seconds per stage.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"Run {self.pk} of version {self.version_id}: {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class RequirementCheck(models.Model):
    """One GDPR Art. 13/14 requirement of a version: addressed (with evidence) or a gap.

    Written with the extraction results (``run_results_save``), replaced with them.
    """

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="requirement_checks"
    )
    key = models.CharField(max_length=40)  # extraction.nlp.checklist.REQUIREMENT_KEYS
    order = models.PositiveSmallIntegerField()  # position of the key in REQUIREMENT_KEYS
    addressed = models.BooleanField()
    evidence = models.JSONField(default=list, blank=True, help_text="[{start, end}] offsets.")
    detail = models.JSONField(default=dict, blank=True, help_text="Typed values found.")
    checklist_version = models.CharField(max_length=40)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="requirement_check_unique"),
        ]
        indexes = [models.Index(fields=["key", "addressed"], name="requirement_check_key")]

    def __str__(self) -> str:
        state = "addressed" if self.addressed else "gap"
        return f"{self.key} of version {self.version_id}: {state}"


class UploadConversion(models.Model):
    """A PDF or DOCX upload waiting to be turned into text, off the request.

    The original bytes are kept until the conversion succeeds (and after a failure, so nothing
    is lost and it can be retried). On success the version is ingested exactly as a text upload
    is (``policy_version_ingest``), and ``version``/``run`` point at the result."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        CONVERTING = "converting", "Converting"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, default="privacy")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField()
    data = models.BinaryField()
    source_kind = models.CharField(max_length=10)
    source_url = models.URLField(max_length=1000, blank=True)
    last_updated = models.DateField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    error_code = models.CharField(max_length=30, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    version = models.ForeignKey(
        PolicyVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    run = models.ForeignKey(
        ExtractionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_version = models.BooleanField(
        null=True, help_text="True: a new version; False: this policy already had the text."
    )
    seconds = models.FloatField(null=True, blank=True, help_text="Conversion time.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Upload {self.pk} ({self.filename}): {self.state}"

    @property
    def is_active(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.CONVERTING}
