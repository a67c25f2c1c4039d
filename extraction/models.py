"""Extraction runs: the database row is the source of truth for every background job."""

from __future__ import annotations

from django.db import models

from policies.models import PolicyVersion


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
