"""Recovery sweep: nothing stays stuck when a broker was down or a worker died.

Run periodically by Celery beat (``extraction.sweep_runs``) and by ``manage.py sweep_runs``
(for cron, or by hand). Safe to run concurrently and repeatedly: every change is a
conditional UPDATE and a duplicate message for a run is a no-op (the claim fails).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from extraction.models import ExtractionRun
from extraction.services.runs import extraction_run_dispatch, stale_running_q

logger = logging.getLogger(__name__)

Status = ExtractionRun.Status
Stage = ExtractionRun.Stage


@dataclass
class SweepReport:
    requeued: list[int] = field(default_factory=list)  # stale running -> queued
    failed: list[int] = field(default_factory=list)  # stale running, attempts used up
    dispatched: list[int] = field(default_factory=list)  # queued runs (re)sent to the broker
    undispatched: list[int] = field(default_factory=list)  # left queued: broker unreachable
    dry_run: bool = False

    @property
    def broker_down(self) -> bool:
        return bool(self.undispatched)

    def summary(self) -> str:
        verb = "would " if self.dry_run else ""
        parts = [
            f"{verb}re-queue {len(self.requeued)} stalled",
            f"{verb}fail {len(self.failed)} exhausted",
            f"{verb}dispatch {len(self.dispatched)} queued",
        ]
        if self.undispatched:
            parts.append(f"{len(self.undispatched)} left queued (broker unreachable)")
        return ", ".join(parts)


def queued_to_dispatch_q(now: datetime) -> Q:
    """Queued runs that need a message: never sent, or sent so long ago it must be lost.

    A message still in Redis is redelivered within the visibility timeout, so a run that is
    still queued long after that either waits behind a huge backlog (a duplicate is harmless)
    or lost its message (Redis restarted without persistence, or was flushed).
    """
    grace = now - timedelta(seconds=settings.POLICY_EXTRACTION_DISPATCH_GRACE)
    lost = now - timedelta(seconds=settings.POLICY_BROKER_VISIBILITY_TIMEOUT)
    return Q(status=Status.QUEUED) & (
        Q(dispatched_at__isnull=True, created_at__lte=grace) | Q(dispatched_at__lt=lost)
    )


def extraction_runs_sweep(
    *, now: datetime | None = None, limit: int = 1000, dry_run: bool = False
) -> SweepReport:
    """Re-queue runs whose worker died, fail those that keep dying, (re)dispatch queued runs."""
    now = now or timezone.now()
    report = SweepReport(dry_run=dry_run)
    max_attempts = settings.POLICY_EXTRACTION_MAX_ATTEMPTS

    stalled = list(
        ExtractionRun.objects.filter(stale_running_q(now))
        .order_by("started_at", "pk")
        .values_list("pk", "attempts")[:limit]
    )
    for pk, attempts in stalled:
        guard = ExtractionRun.objects.filter(stale_running_q(now), pk=pk, attempts=attempts)
        if attempts >= max_attempts:
            if dry_run or guard.update(
                status=Status.FAILED,
                stage=Stage.FAILED,
                error=(
                    f"Gave up after {attempts} attempts: the worker processing this policy "
                    "stopped each time (crash, out of memory or hard time limit)."
                ),
                finished_at=now,
            ):
                report.failed.append(pk)
        elif dry_run or guard.update(
            status=Status.QUEUED,
            stage=Stage.QUEUED,
            progress=0,
            started_at=None,
            dispatched_at=None,
            error=(
                f"The worker extracting this policy stopped; re-queued "
                f"(attempt {attempts} of {max_attempts} failed)."
            ),
        ):
            report.requeued.append(pk)
    if report.requeued or report.failed:
        logger.warning(
            "Sweep: %d stalled run(s) re-queued %s, %d failed %s",
            len(report.requeued), report.requeued, len(report.failed), report.failed,
        )

    if dry_run:
        pending = list(
            ExtractionRun.objects.filter(queued_to_dispatch_q(now))
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        report.dispatched = sorted(set(pending) | set(report.requeued))
        return report

    pending = list(
        ExtractionRun.objects.filter(queued_to_dispatch_q(now) | Q(pk__in=report.requeued))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for position, pk in enumerate(pending):
        if extraction_run_dispatch(run_id=pk):
            report.dispatched.append(pk)
        else:
            # The broker is unreachable: don't spend a connect timeout on each run.
            report.undispatched = pending[position:]
            logger.warning(
                "Sweep: broker unreachable, %d run(s) stay queued", len(report.undispatched)
            )
            break
    if report.dispatched:
        logger.info("Sweep: dispatched %d queued run(s)", len(report.dispatched))
    return report
