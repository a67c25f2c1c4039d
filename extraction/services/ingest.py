"""Ingest: store a policy version and its queued extraction run in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from extraction.models import ExtractionRun
from extraction.nlp.docmeta import last_updated as stated_date
from extraction.services.runs import extraction_run_create
from policies.models import Company, PolicyVersion
from policies.services import policy_get_or_create, policy_version_create


@dataclass(frozen=True)
class IngestResult:
    """``created`` False: a duplicate (``exact`` False: same text up to whitespace/Unicode
    forms). ``held_back``: the suspicious-version check flagged it; it is not the latest until
    confirmed (``version.suspicious_reasons`` says why)."""

    version: PolicyVersion
    run: ExtractionRun
    created: bool
    exact: bool = True

    @property
    def held_back(self) -> bool:
        return self.version.held_back


# The date line is near the top; reading it from a bounded prefix keeps a 5 MB upload cheap.
DATE_SCAN_CHARS = 20_000


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
    fetched_at: datetime | None = None,
    uploaded_by: AbstractBaseUser | None = None,
) -> IngestResult:
    """Store a version and its queued run in one transaction; dispatch after commit.

    The same text uploaded again for the same policy returns the existing version and its
    latest run instead of a duplicate. The upload never waits on extraction, and succeeds
    even when the broker is down (the run stays queued until the sweep sends it).

    This is the one entry point for new text from any source (form, API, a tracked URL's
    fetch with ``source_kind="url"`` and ``fetched_at``, bulk import): the version gets its
    effective date (``last_updated``, else the date the text states, else ``fetched_at`` or
    now) and the suspicious-version check (policies.services.policy_version_create).
    """
    if last_updated is None:
        found = stated_date(text[:DATE_SCAN_CHARS])
        last_updated = found if found is not None and found <= timezone.localdate() else None
    policy = policy_get_or_create(company=company, kind=kind, title=title, source_url=source_url)
    result = policy_version_create(
        policy=policy,
        text=text,
        source_kind=source_kind,
        source_url=source_url,
        original_filename=original_filename,
        media_type=media_type,
        last_updated=last_updated,
        fetched_at=fetched_at,
        uploaded_by=uploaded_by,
    )
    if not result.created:
        run = result.version.extraction_runs.order_by("-created_at", "-id").first()
        if run is not None:
            return IngestResult(result.version, run, False, result.exact)
    run = extraction_run_create(version=result.version)
    return IngestResult(result.version, run, result.created, result.exact)
