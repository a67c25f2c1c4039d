"""Ingest: store a policy version and its queued extraction run in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from extraction.models import ExtractionRun
from extraction.services.runs import extraction_run_create
from policies.models import Company, PolicyVersion
from policies.services import policy_get_or_create, policy_version_create


@dataclass(frozen=True)
class IngestResult:
    version: PolicyVersion
    run: ExtractionRun
    created: bool


@transaction.atomic
def policy_version_ingest(
    *,
    company: Company,
    text: str,
    source_kind: str,
    kind: str = "privacy",
    title: str = "",
    source_url: str = "",
    original_filename: str = "",
    media_type: str = "text/plain",
    last_updated: date | None = None,
    uploaded_by: AbstractBaseUser | None = None,
) -> IngestResult:
    """Store a version and its queued run in one transaction; dispatch after commit.

    The same text uploaded again for the same policy returns the existing version and its
    latest run instead of a duplicate. The upload never waits on extraction, and succeeds
    even when the broker is down (the run stays queued until the sweep sends it).
    """
    policy = policy_get_or_create(company=company, kind=kind, title=title, source_url=source_url)
    result = policy_version_create(
        policy=policy,
        text=text,
        source_kind=source_kind,
        source_url=source_url,
        original_filename=original_filename,
        media_type=media_type,
        last_updated=last_updated,
        uploaded_by=uploaded_by,
    )
    if not result.created:
        run = result.version.extraction_runs.order_by("-created_at", "-id").first()
        if run is not None:
            return IngestResult(result.version, run, False)
    run = extraction_run_create(version=result.version)
    return IngestResult(result.version, run, result.created)
