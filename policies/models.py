"""Core tables: companies, their policies, every version's text, its sections and clauses.

Multi-valued clause attributes (data types, purposes, recipients, rights, countries, sections)
are stored twice on purpose: as JSON lists on ``Clause`` for display, and as one
``ClauseValue`` row per value (with its evidence offsets) for filtering with plain indexed SQL
joins that behave the same on SQLite and PostgreSQL. See docs/architecture.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from contract.clause_fields import CLAUSE_LIST_FIELDS
from contract.vocabularies import (
    DNT_STANCE_LABELS,
    DNT_STANCES,
    MODALITIES,
    PRACTICES,
    RETENTION_QUALIFIER_LABELS,
    RETENTION_QUALIFIERS,
    SECTION_KEYS,
    SECTION_LABELS,
)


def vocabulary_choices(name: str, values: tuple[str, ...], labels: dict[str, str] | None = None):
    """A ``TextChoices`` enum of a contract vocabulary (member names are the values upper-cased:
    ``SectionKey.OTHER``)."""
    labels = labels or {}
    return models.TextChoices(name, [(v.upper(), (v, labels.get(v, v))) for v in values])


SectionKey = vocabulary_choices("SectionKey", SECTION_KEYS, SECTION_LABELS)


class Company(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100, unique=True, allow_unicode=True,
        help_text="Letters and digits of any script (policies.selectors.company_slug).",
    )
    website = models.URLField(blank=True)
    jurisdiction = models.CharField(
        max_length=100, blank=True, help_text="Country or region whose law governs, if known."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name


class Policy(models.Model):
    class Kind(models.TextChoices):
        PRIVACY = "privacy", "Privacy policy"
        COOKIES = "cookies", "Cookie policy"
        TERMS = "terms", "Terms of service"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="policies")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRIVACY)
    title = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company__name", "kind"]
        verbose_name_plural = "policies"
        constraints = [
            models.UniqueConstraint(fields=["company", "kind"], name="policy_one_per_company_kind")
        ]

    def __str__(self) -> str:
        return f"{self.company} — {self.get_kind_display()}"


class PolicyVersion(models.Model):
    class SourceKind(models.TextChoices):
        FIXTURE = "fixture", "Fixture"
        UPLOAD = "upload", "File upload"
        PASTE = "paste", "Pasted text"
        URL = "url", "Fetched URL"
        API = "api", "API"

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    text = models.TextField(help_text="The text as stored; every offset refers to it.")
    content_sha256 = models.CharField(max_length=64, db_index=True)
    normalized_sha256 = models.CharField(
        max_length=64, blank=True, db_index=True,
        help_text="Digest of the text with whitespace and Unicode forms normalised: versions "
        "that differ only in those are duplicates (policies.textcheck).",
    )
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices)
    source_url = models.URLField(blank=True, max_length=1000)
    original_filename = models.CharField(max_length=255, blank=True)
    media_type = models.CharField(max_length=100, default="text/plain")
    ingested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    last_updated = models.DateField(
        null=True, blank=True, help_text="The policy's own 'last updated' date, when it states one."
    )
    fetched_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was fetched from its source (fetched versions)."
    )
    effective_date = models.DateField(
        null=True, blank=True, db_index=True,
        help_text="last_updated, else the day it was fetched or ingested. Versions are ordered "
        "by it (then ingestion); the newest that is not held back is the latest.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="policy_versions",
    )
    word_count = models.PositiveIntegerField(default=0)
    suspicious_reasons = models.JSONField(
        default=list, blank=True,
        help_text="[{code, message}]: why the suspicious-version check flagged it, if it did.",
    )
    held_back = models.BooleanField(
        default=False, db_index=True,
        help_text="Flagged and not yet confirmed by a user: shown, but never the latest.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmed_policy_versions",
    )

    class Meta:
        ordering = ["policy", "-effective_date", "-ingested_at", "-id"]
        get_latest_by = ["effective_date", "ingested_at", "id"]
        indexes = [
            models.Index(
                fields=["policy", "held_back", "-effective_date", "-ingested_at", "-id"],
                name="version_latest_order",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "content_sha256"], name="version_unique_content_per_policy"
            )
        ]

    def __str__(self) -> str:
        when = self.effective_date or self.last_updated or self.ingested_at.date()
        return f"{self.policy} ({when})"


class Section(models.Model):
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, choices=SectionKey.choices, db_index=True)
    keys = models.JSONField(default=list, help_text="Every section key it covers, primary first.")
    heading = models.CharField(max_length=500, blank=True)
    order = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    body_start = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="section_unique_order"),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="section_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.heading[:60]}"


class Clause(models.Model):
    Practice = vocabulary_choices("Practice", PRACTICES)
    Modality = vocabulary_choices("Modality", MODALITIES)
    RetentionQualifier = vocabulary_choices(
        "RetentionQualifier", RETENTION_QUALIFIERS, RETENTION_QUALIFIER_LABELS
    )
    DntStance = vocabulary_choices("DntStance", DNT_STANCES, DNT_STANCE_LABELS)

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="clauses")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.CASCADE, related_name="clauses"
    )
    order = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="Exactly version.text[start:end].")
    sections = models.JSONField(default=list)
    practice = models.CharField(
        max_length=10, choices=Practice.choices, null=True, blank=True, db_index=True
    )
    negated = models.BooleanField(default=False, db_index=True)
    modality = models.CharField(max_length=5, choices=Modality.choices, null=True, blank=True)
    data_types = models.JSONField(default=list)
    purposes = models.JSONField(default=list)
    recipient_names = models.JSONField(default=list)
    recipient_categories = models.JSONField(default=list)
    rights = models.JSONField(default=list)
    countries = models.JSONField(default=list)
    retention_duration = models.CharField(max_length=20, blank=True, help_text="ISO-8601")
    retention_days = models.PositiveIntegerField(
        null=True, blank=True, db_index=True, help_text="The duration in days, for sorting."
    )
    retention_qualifier = models.CharField(
        max_length=25, choices=RetentionQualifier.choices, blank=True, db_index=True
    )
    children_age = models.PositiveSmallIntegerField(null=True, blank=True)
    confidence = models.FloatField(
        default=1.0, help_text="How sure the pipeline is of this reading, 0–1."
    )
    scope = models.TextField(
        blank=True,
        help_text="What the statement (above all a denial) is limited to, as worded; blank: "
        "the whole policy.",
    )
    dnt_stance = models.CharField(
        max_length=8, choices=DntStance.choices, blank=True,
        help_text="Stance on the Do Not Track signal, when the clause speaks of it.",
    )
    evidence = models.JSONField(default=list, help_text="[{field, value, start, end}]")
    search_document = models.TextField(
        blank=True, default="",
        help_text="Text, section labels and typed values, for full-text search "
        "(policies.values.clause_search_document).",
    )
    pipeline_version = models.CharField(max_length=40)


    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="clause_unique_order"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="clause_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.practice or '—'}: {self.text[:80]}"


class ClauseValue(models.Model):
    """One value of one multi-valued clause attribute, with the offsets of its evidence."""

    # One per clause list attribute (contract.clause_fields): ``Field.DATA_TYPE`` is "data_type".
    Field = models.TextChoices(
        "Field", [(f.value_field.upper(), (f.value_field, f.label)) for f in CLAUSE_LIST_FIELDS]
    )

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="values")
    field = models.CharField(max_length=20, choices=Field.choices)
    value = models.CharField(max_length=200)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    # Copies of the clause's position in lists (its version id and order), written with the
    # values by the results service (extraction.services.results): with them, the index below
    # gives a filter's matches in list order, so a page of them at any depth is read from the
    # index alone (policies.clause_list.ClauseListPlan).
    sort_version = models.BigIntegerField(editable=False)
    sort_order = models.PositiveIntegerField(editable=False)


    class Meta:
        # Covering: the API's page counts and the pages of one filter value read only this
        # index (EXISTS probes use the unique constraint's index).
        indexes = [
            models.Index(
                fields=["field", "value", "sort_version", "sort_order", "clause"],
                name="clausevalue_field_value_sort",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["clause", "field", "value"], name="clausevalue_unique_per_clause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.field}={self.value}"


class Finding(models.Model):
    """Something a policy fails to say: an empty section, a dangling list, a missing section."""

    class Kind(models.TextChoices):
        EMPTY_SECTION = "empty_section", "Heading with no content"
        DANGLING_LIST = "dangling_list", "List announced but missing"
        MISSING_SECTION = "missing_section", "Standard section missing"

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    section_key = models.CharField(max_length=20, choices=SectionKey.choices)
    message = models.TextField()
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["version", "kind", "section_key"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.section_key}"
