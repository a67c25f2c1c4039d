"""Celery tasks: thin, ids only, JSON. The ExtractionRun row is the source of truth.

Reliability (see README "Operations"): late acknowledgement + ``reject_on_worker_lost`` (a
task whose worker dies is redelivered, never lost), prefetch 1, soft/hard time limits from
settings, retries with exponential backoff for transient errors only (database or broker
connection), and a periodic sweep for everything a message cannot recover.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from extraction.services import (
    CONVERT_UPLOAD_TASK,
    EXTRACT_RUN_TASK,
    extraction_run_execute,
    extraction_run_fail,
    extraction_runs_sweep,
    is_transient,
    upload_conversion_execute,
    upload_conversions_sweep,
)

logger = logging.getLogger(__name__)


def retry_countdown(retries: int) -> int:
    """Exponential backoff: 2, 4, 8, ... seconds, capped by the setting."""
    return int(min(settings.POLICY_EXTRACTION_RETRY_BACKOFF_MAX, 2 ** (retries + 1)))


@shared_task(
    bind=True,
    name=EXTRACT_RUN_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=settings.POLICY_EXTRACTION_MAX_RETRIES,
    soft_time_limit=settings.POLICY_EXTRACTION_SOFT_TIME_LIMIT,
    time_limit=settings.POLICY_EXTRACTION_TIME_LIMIT,
)
def extract_run(self, run_id: int) -> None:
    """Extract one run. Transient errors retry with backoff; others end the run ``failed``."""
    try:
        extraction_run_execute(run_id=run_id, task_id=self.request.id or "")
    except Exception as exc:
        if not is_transient(exc):
            raise  # the run is already marked failed with its error; no retry
        if self.request.retries >= self.max_retries:
            logger.error("Run %s: giving up after %s retries: %s", run_id, self.max_retries, exc)
            try:
                extraction_run_fail(
                    run_id=run_id,
                    error=(
                        f"Gave up after {self.max_retries} retries of a transient error: "
                        f"{type(exc).__name__}: {exc}"
                    ),
                )
            except Exception:  # noqa: BLE001 - still down: the sweep retries later
                logger.warning("Run %s: could not record the failure", run_id, exc_info=True)
            raise
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc


@shared_task(
    bind=True,
    name=CONVERT_UPLOAD_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=settings.POLICY_EXTRACTION_MAX_RETRIES,
    soft_time_limit=settings.POLICY_UPLOAD_CONVERSION_TIME_LIMIT * 9 // 10,
    time_limit=settings.POLICY_UPLOAD_CONVERSION_TIME_LIMIT,
)
def convert_upload(self, upload_id: int) -> None:
    """Convert a stored PDF/DOCX upload to text and ingest it (a no-op if already taken)."""
    try:
        upload_conversion_execute(upload_id=upload_id)
    except Exception as exc:
        if not is_transient(exc) or self.request.retries >= self.max_retries:
            raise  # the sweep sends it again once its claim is stale
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc


@shared_task(name="extraction.sweep_runs", ignore_result=True, acks_late=False)
def sweep_runs() -> str:
    """Periodic recovery (Celery beat): re-queue lost runs, send runs never sent, and the
    same for PDF/DOCX conversions."""
    report = extraction_runs_sweep()
    summary = report.summary()
    conversions = upload_conversions_sweep()
    if conversions:
        summary += f", dispatch {len(conversions)} upload conversions"
    logger.info("Extraction sweep: %s", summary)
    return summary
