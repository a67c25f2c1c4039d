"""Celery tasks: thin, ids only. The ExtractionRun row is the source of truth."""

from __future__ import annotations

from celery import shared_task

from extraction.services import extraction_run_execute


@shared_task(bind=True, name="extraction.extract_run", acks_late=True, ignore_result=True)
def extract_run(self, run_id: int) -> None:
    extraction_run_execute(run_id=run_id, task_id=self.request.id or "")
