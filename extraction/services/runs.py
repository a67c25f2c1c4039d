"""The life of an extraction run: create, dispatch, claim, report progress, execute, fail.

The ``ExtractionRun`` row is the source of truth; a Celery message only carries its id.
Every state change is a conditional UPDATE, so duplicate or redelivered messages are harmless:

* ``queued`` -> ``running``: ``extraction_run_claim``. One UPDATE guarded by the attempt count
  (compare-and-swap), so two workers can never both win the same run. A run left ``running``
  by a dead worker can be reclaimed once it is stale (started longer ago than the hard time
  limit plus a grace period: no live worker can still be on it), or at once by the redelivery
  of the very message that was running it (``reject_on_worker_lost``).
* ``running`` -> ``done``: ``run_results_save`` with the claim's attempt number (a fencing
  token): an attempt that lost its claim cannot write results.
* ``running`` -> ``failed``: non-transient errors, soft time limit, too many lost workers.
* ``running`` -> ``queued``: a transient error (database/broker connection); the task retries
  with backoff. The sweep (``extraction.services.sweep``) re-queues stale runs.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from extraction.events import run_done
from extraction.models import ExtractionRun
from extraction.services.classifier import analysis_kwargs
from extraction.services.results import RunSuperseded, run_results_save
from policies.models import PolicyVersion

logger = logging.getLogger(__name__)

# The Celery task that executes a run (``extraction.tasks.extract_run``).
EXTRACT_RUN_TASK = "extraction.extract_run"

Status = ExtractionRun.Status
Stage = ExtractionRun.Stage


def _transient_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OperationalError, InterfaceError, ConnectionError]
    try:
        from kombu.exceptions import OperationalError as BrokerOperationalError

        errors.append(BrokerOperationalError)
    except ImportError:  # pragma: no cover - kombu ships with celery
        pass
    try:
        import redis.exceptions

        errors += [redis.exceptions.ConnectionError, redis.exceptions.TimeoutError]
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


#: Errors worth retrying: the database or the broker was briefly unreachable.
TRANSIENT_ERRORS = _transient_errors()


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, TRANSIENT_ERRORS)


def error_message(exc: BaseException) -> str:
    """What the user sees on a failed run."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return (
            f"Extraction took longer than the {settings.POLICY_EXTRACTION_SOFT_TIME_LIMIT} s "
            "time limit and was stopped."
        )
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def stale_after() -> timedelta:
    """How long after it started a ``running`` run is presumed to have lost its worker."""
    return timedelta(
        seconds=settings.POLICY_EXTRACTION_TIME_LIMIT + settings.POLICY_EXTRACTION_STALE_GRACE
    )


def stale_running_q(now: datetime | None = None) -> Q:
    cutoff = (now or timezone.now()) - stale_after()
    return Q(status=Status.RUNNING) & (Q(started_at__lt=cutoff) | Q(started_at__isnull=True))


# --- create and dispatch -----------------------------------------------------------------------


@transaction.atomic
def extraction_run_create(*, version: PolicyVersion) -> ExtractionRun:
    """Queue a run for a version; the task is sent once the transaction commits."""
    run = ExtractionRun.objects.create(version=version)
    transaction.on_commit(lambda: extraction_run_dispatch(run_id=run.pk))
    return run


_background = None


def background_submit(fn, *args) -> None:
    """Run ``fn(*args)`` on this process's single background thread (extractions one at a
    time: SQLite has one writer, and the web process keeps a core for requests)."""
    global _background
    if _background is None:
        from concurrent.futures import ThreadPoolExecutor

        _background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extraction")
    _background.submit(fn, *args)


def apply_eagerly(task, row_id: int) -> None:
    """Run a Celery task for one row in this thread (the background thread's job): the row
    records failures, so nothing escapes to kill the thread; the thread's connections close."""
    from django.db import connections

    try:
        task.apply(args=[row_id], throw=False)
    except Exception:  # noqa: BLE001 - the row records failures; never kill the thread
        logger.exception("Background task %s for row %s failed", task.name, row_id)
    finally:
        connections.close_all()


def extraction_run_dispatch(*, run_id: int) -> bool:
    """Send the task for a queued run. A broker outage leaves the run queued for the sweep.

    Never raises for broker trouble and never blocks for long: the publish retry policy and
    socket timeouts in settings bound it to about two seconds when the broker is unreachable.
    """
    from celery import current_app

    # By name: the tasks module imports these services, never the other way round.
    extract_run = current_app.tasks[EXTRACT_RUN_TASK]
    if current_app.conf.task_always_eager and settings.POLICY_EAGER_IN_BACKGROUND:
        # Embedded default (no broker): run it in this process's background worker thread,
        # after the response, instead of inside the request. The page shows its progress.
        ExtractionRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
            dispatched_at=timezone.now()
        )
        background_submit(apply_eagerly, extract_run, run_id)
        return True
    try:
        async_result = extract_run.apply_async(
            args=[run_id], queue=settings.POLICY_EXTRACTION_QUEUE
        )
    except Exception:  # noqa: BLE001 - any broker failure: the sweep re-dispatches later
        logger.warning(
            "Could not dispatch extraction run %s; it stays queued for the sweep",
            run_id,
            exc_info=True,
        )
        return False
    # Conditional: with eager execution (or a very fast worker) the run may already be done.
    ExtractionRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        dispatched_at=timezone.now(), task_id=async_result.id or ""
    )
    return True


# --- claim, progress, fail ---------------------------------------------------------------------


def extraction_run_claim(*, run_id: int, task_id: str = "") -> int | None:
    """Atomically move a run to running for this task. Returns the attempt number, or None.

    Claimable: a queued run; or, while it has attempts left, a running run that is stale or
    whose task id is ``task_id`` (the same message redelivered after its worker died).
    """
    row = (
        ExtractionRun.objects.filter(pk=run_id)
        .values("status", "attempts", "task_id", "started_at")
        .first()
    )
    if row is None:
        return None
    claimable = Q(status=Status.QUEUED)
    reclaim = stale_running_q()
    if task_id:
        reclaim |= Q(status=Status.RUNNING, task_id=task_id)
    claimable |= reclaim & Q(attempts__lt=settings.POLICY_EXTRACTION_MAX_ATTEMPTS)
    attempt = row["attempts"] + 1
    claimed = (
        ExtractionRun.objects.filter(claimable, pk=run_id, attempts=row["attempts"]).update(
            status=Status.RUNNING,
            stage=Stage.SEGMENTING,
            progress=0,
            started_at=timezone.now(),
            finished_at=None,
            attempts=attempt,
            task_id=task_id or row["task_id"],
            error="",
        )
    )
    if claimed != 1:
        return None
    if row["status"] == Status.RUNNING:
        logger.warning(
            "Run %s taken over from a lost worker (attempt %s, task %s)", run_id, attempt, task_id
        )
    return attempt


def extraction_run_give_up(*, run_id: int, task_id: str = "") -> bool:
    """Fail a run whose workers keep dying (it used up its attempts). Returns True if failed."""
    max_attempts = settings.POLICY_EXTRACTION_MAX_ATTEMPTS
    lost = stale_running_q()
    if task_id:
        lost |= Q(status=Status.RUNNING, task_id=task_id)
    failed = ExtractionRun.objects.filter(lost, pk=run_id, attempts__gte=max_attempts).update(
        status=Status.FAILED,
        stage=Stage.FAILED,
        error=(
            f"Gave up after {max_attempts} attempts: the worker processing this policy stopped "
            "each time (crash, out of memory or hard time limit)."
        ),
        finished_at=timezone.now(),
    )
    return failed == 1


# Share of the progress bar each stage covers: (start, width) in percent.
STAGE_SPANS: dict[str, tuple[int, int]] = {
    Stage.SEGMENTING: (0, 10),
    Stage.CLASSIFYING: (10, 40),
    Stage.EXTRACTING: (50, 45),
    Stage.SAVING: (95, 4),
}


def stage_percent(stage: str, fraction: float) -> int:
    start, width = STAGE_SPANS.get(stage, (0, 99))
    return max(0, min(99, int(start + width * max(0.0, min(1.0, fraction)))))


def extraction_run_progress(
    *, run_id: int, stage: str, fraction: float, attempt: int | None = None
) -> None:
    """Record the stage and overall percentage of a running run (only if it is still ours)."""
    runs = ExtractionRun.objects.filter(pk=run_id, status=Status.RUNNING)
    if attempt is not None:
        runs = runs.filter(attempts=attempt)
    fields: dict[str, object] = {"progress": stage_percent(stage, fraction)}
    if stage in STAGE_SPANS:
        fields["stage"] = stage
    runs.update(**fields)


def extraction_run_fail(*, run_id: int, error: str, attempt: int | None = None) -> bool:
    """Mark a run failed with the error users will see. Returns False if it was not ours."""
    runs = ExtractionRun.objects.filter(pk=run_id, status__in=[Status.QUEUED, Status.RUNNING])
    if attempt is not None:
        runs = runs.filter(status=Status.RUNNING, attempts=attempt)
    return (
        runs.update(
            status=Status.FAILED,
            stage=Stage.FAILED,
            error=error[:5000],
            finished_at=timezone.now(),
        )
        == 1
    )


def extraction_run_requeue(*, run_id: int, attempt: int | None, reason: str) -> bool:
    """Put a running run back in the queue after a transient error (best effort)."""
    runs = ExtractionRun.objects.filter(pk=run_id, status=Status.RUNNING)
    if attempt is not None:
        runs = runs.filter(attempts=attempt)
    try:
        return (
            runs.update(
                status=Status.QUEUED,
                stage=Stage.QUEUED,
                progress=0,
                started_at=None,
                error=f"Retrying after a transient error: {reason}"[:5000],
            )
            == 1
        )
    except Exception:  # noqa: BLE001 - the database itself may be what is down
        logger.warning("Could not re-queue run %s; the sweep will recover it", run_id)
        return False


# --- execute -----------------------------------------------------------------------------------


def extraction_run_execute(*, run_id: int, task_id: str = "") -> ExtractionRun | None:
    """Claim a run, analyse its version, save the results. Returns None if not claimed.

    A transient error re-queues the run and propagates (the task retries it); any other error
    marks the run failed with the message users see, then propagates.
    """
    from extraction import nlp

    attempt = extraction_run_claim(run_id=run_id, task_id=task_id)
    if attempt is None:
        if extraction_run_give_up(run_id=run_id, task_id=task_id):
            logger.error("Run %s failed: it used up its attempts", run_id)
        else:
            logger.info("Run %s is not claimable (claimed or finished); skipping", run_id)
        return None
    run = ExtractionRun.objects.select_related("version__policy").get(pk=run_id)
    version = run.version
    started = time.perf_counter()
    last_report = [0.0]

    def progress(stage: str, fraction: float) -> None:
        now = time.perf_counter()
        if now - last_report[0] >= 0.5 or fraction >= 1.0:
            last_report[0] = now
            extraction_run_progress(run_id=run_id, stage=stage, fraction=fraction, attempt=attempt)

    try:
        classifier_kwargs, model_name = analysis_kwargs()
        analysis = nlp.analyze_document(
            version.text, title=version.policy.title, progress=progress, **classifier_kwargs
        )
        if model_name:  # clauses record which trained model produced them
            analysis = dataclasses.replace(
                analysis, pipeline_version=f"{analysis.pipeline_version}+{model_name}"[:40]
            )
        analysed = time.perf_counter()
        extraction_run_progress(
            run_id=run_id, stage=Stage.SAVING, fraction=0.0, attempt=attempt
        )
        run_results_save(
            run=run, analysis=analysis, analyse_seconds=analysed - started, attempt=attempt
        )
    except RunSuperseded:
        logger.warning("Run %s attempt %s was superseded; its results are discarded", run_id,
                       attempt)
        return None
    except Exception as exc:
        if is_transient(exc):
            logger.warning("Run %s hit a transient error: %s", run_id, exc)
            extraction_run_requeue(run_id=run_id, attempt=attempt, reason=error_message(exc))
        else:
            logger.exception("Extraction run %s failed", run_id)
            extraction_run_fail(run_id=run_id, error=error_message(exc), attempt=attempt)
        raise
    run.refresh_from_db()
    for _receiver, error in run_done.send_robust(
        sender=ExtractionRun, run_id=run_id, version_id=version.pk
    ):
        if error is not None:
            logger.error("A run_done receiver failed for run %s: %r", run_id, error)
    return run
