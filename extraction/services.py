"""Extraction services: ingest a version with its run, execute a run, save its results."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from extraction.models import ExtractionRun
from policies.models import Clause, ClauseValue, Company, Finding, PolicyVersion, Section
from policies.services import policy_get_or_create, policy_version_create

if TYPE_CHECKING:
    from extraction.nlp.types import DocumentAnalysis

logger = logging.getLogger(__name__)

# Clause attribute (JSON list) -> ClauseValue.field
VALUE_FIELDS = {
    "sections": ClauseValue.Field.SECTION,
    "data_types": ClauseValue.Field.DATA_TYPE,
    "purposes": ClauseValue.Field.PURPOSE,
    "recipient_names": ClauseValue.Field.RECIPIENT,
    "recipient_categories": ClauseValue.Field.RECIPIENT_CATEGORY,
    "rights": ClauseValue.Field.RIGHT,
    "countries": ClauseValue.Field.COUNTRY,
}

_ISO_DURATION = re.compile(
    r"^P(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<w>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:\d+(?:\.\d+)?M)?(?:\d+S)?)?$"
)


def iso_duration_days(duration: str | None) -> int | None:
    """Approximate length in days of an ISO-8601 duration, for sorting and comparing."""
    if not duration:
        return None
    match = _ISO_DURATION.match(duration)
    if not match or duration in {"P", "PT"}:
        return None
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    days = (
        parts.get("y", 0) * 365
        + parts.get("m", 0) * 30
        + parts.get("w", 0) * 7
        + parts.get("d", 0)
        + parts.get("h", 0) / 24
    )
    return max(int(round(days)), 0)


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
    latest run instead of a duplicate.
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


@transaction.atomic
def extraction_run_create(*, version: PolicyVersion) -> ExtractionRun:
    """Queue a run for a version; the task is sent once the transaction commits."""
    run = ExtractionRun.objects.create(version=version)
    transaction.on_commit(lambda: extraction_run_dispatch(run_id=run.pk))
    return run


def extraction_run_dispatch(*, run_id: int) -> bool:
    """Send the task for a queued run. A broker outage leaves the run queued for the sweep."""
    from extraction.tasks import extract_run

    try:
        async_result = extract_run.apply_async(args=[run_id], queue="extraction")
    except Exception:  # noqa: BLE001 - any broker failure: the sweep re-dispatches later
        logger.warning("Could not dispatch extraction run %s; it stays queued", run_id,
                       exc_info=True)
        return False
    ExtractionRun.objects.filter(pk=run_id).update(
        dispatched_at=timezone.now(), task_id=async_result.id or ""
    )
    return True


def extraction_run_claim(*, run_id: int, task_id: str = "") -> bool:
    """Atomically move a queued run to running. Only one worker can win this UPDATE."""
    claimed = ExtractionRun.objects.filter(pk=run_id, status=ExtractionRun.Status.QUEUED).update(
        status=ExtractionRun.Status.RUNNING,
        stage=ExtractionRun.Stage.SEGMENTING,
        progress=0,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        task_id=task_id or F("task_id"),
        error="",
    )
    return claimed == 1


def extraction_run_progress(*, run_id: int, stage: str, fraction: float) -> None:
    ExtractionRun.objects.filter(pk=run_id, status=ExtractionRun.Status.RUNNING).update(
        stage=stage, progress=max(0, min(99, int(fraction * 100)))
    )


def extraction_run_execute(*, run_id: int, task_id: str = "") -> ExtractionRun | None:
    """Claim a run, analyse its version, save the results. Returns None if not claimed."""
    from extraction.nlp import analyze_document

    if not extraction_run_claim(run_id=run_id, task_id=task_id):
        logger.info("Run %s is not queued (already claimed or finished); skipping", run_id)
        return None
    run = ExtractionRun.objects.select_related("version").get(pk=run_id)
    version = run.version
    started = time.perf_counter()
    last_report = [0.0]

    def progress(stage: str, fraction: float) -> None:
        now = time.perf_counter()
        if now - last_report[0] >= 0.5 or fraction >= 1.0:
            last_report[0] = now
            extraction_run_progress(run_id=run_id, stage=stage, fraction=fraction)

    try:
        analysis = analyze_document(version.text, title=version.policy.title, progress=progress)
        analysed = time.perf_counter()
        ExtractionRun.objects.filter(pk=run_id).update(stage=ExtractionRun.Stage.SAVING)
        run_results_save(run=run, analysis=analysis, analyse_seconds=analysed - started)
    except Exception as exc:
        logger.exception("Extraction run %s failed", run_id)
        extraction_run_fail(run_id=run_id, error=f"{type(exc).__name__}: {exc}")
        raise
    run.refresh_from_db()
    return run


def extraction_run_fail(*, run_id: int, error: str) -> None:
    ExtractionRun.objects.filter(pk=run_id).update(
        status=ExtractionRun.Status.FAILED,
        stage=ExtractionRun.Stage.FAILED,
        error=error[:5000],
        finished_at=timezone.now(),
    )


@transaction.atomic
def run_results_save(
    *, run: ExtractionRun, analysis: DocumentAnalysis, analyse_seconds: float = 0.0
) -> None:
    """Replace the version's sections, clauses and findings with this run's, atomically."""
    saving_started = time.perf_counter()
    version = PolicyVersion.objects.select_for_update().get(pk=run.version_id)
    text = version.text
    Finding.objects.filter(version=version).delete()
    Clause.objects.filter(version=version).delete()
    Section.objects.filter(version=version).delete()

    sections = Section.objects.bulk_create(
        Section(
            version=version,
            key=s.key,
            keys=list(s.keys or (s.key,)),
            heading=s.heading[:500],
            order=i,
            start=s.start,
            end=s.end,
            body_start=s.body_start,
        )
        for i, s in enumerate(analysis.sections)
    )
    clauses: list[Clause] = []
    for i, c in enumerate(analysis.clauses):
        if text[c.start : c.end] != c.text:
            raise ValueError(f"Clause {i} offsets do not slice the stored text")
        retention = c.retention
        clauses.append(
            Clause(
                version=version,
                section=sections[c.section_index] if 0 <= c.section_index < len(sections) else None,
                order=i,
                start=c.start,
                end=c.end,
                text=c.text,
                sections=list(c.sections),
                practice=c.practice,
                negated=c.negated,
                modality=c.modality,
                data_types=list(c.data_types),
                purposes=list(c.purposes),
                recipient_names=list(c.recipient_names),
                recipient_categories=list(c.recipient_categories),
                rights=list(c.rights),
                countries=list(c.countries),
                retention_duration=(retention.duration or "") if retention else "",
                retention_days=iso_duration_days(retention.duration) if retention else None,
                retention_qualifier=retention.qualifier if retention else "",
                children_age=c.children_age,
                evidence=[
                    {"field": e.field, "value": e.value, "start": e.start, "end": e.end}
                    for e in c.evidence
                ],
                pipeline_version=analysis.pipeline_version,
            )
        )
    clauses = Clause.objects.bulk_create(clauses)
    values: list[ClauseValue] = []
    for clause in clauses:
        spans = {(e["field"], e["value"]): (e["start"], e["end"]) for e in clause.evidence}
        for attr, field in VALUE_FIELDS.items():
            for value in dict.fromkeys(getattr(clause, attr)):
                start, end = spans.get((attr, value), (None, None))
                values.append(
                    ClauseValue(clause=clause, field=field, value=value, start=start, end=end)
                )
    ClauseValue.objects.bulk_create(values, batch_size=2000)
    Finding.objects.bulk_create(
        Finding(
            version=version,
            kind=f.kind,
            section_key=f.section,
            message=f.message,
            start=f.start,
            end=f.end,
        )
        for f in analysis.findings
    )
    if version.last_updated is None and analysis.last_updated is not None:
        version.last_updated = analysis.last_updated
        version.save(update_fields=["last_updated"])
    timings = dict(analysis.timings)
    timings["analyse"] = round(analyse_seconds, 4)
    timings["save"] = round(time.perf_counter() - saving_started, 4)
    ExtractionRun.objects.filter(pk=run.pk).update(
        status=ExtractionRun.Status.DONE,
        stage=ExtractionRun.Stage.DONE,
        progress=100,
        pipeline_version=analysis.pipeline_version,
        clause_count=len(clauses),
        timings=timings,
        finished_at=timezone.now(),
        error="",
    )
