"""Run lifecycle on the embedded default (SQLite, eager tasks): claim, fencing, retries, sweep.

The same code runs on real workers; tests/extraction/test_worker.py drives those.
"""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from extraction import services, tasks
from extraction.models import ExtractionRun
from extraction.services import (
    RunSuperseded,
    extraction_run_claim,
    extraction_run_create,
    extraction_run_dispatch,
    extraction_run_execute,
    extraction_runs_sweep,
    policy_version_ingest,
    run_results_save,
)
from policies.models import Clause, PolicyVersion
from tests.factories import CompanyFactory, PolicyVersionFactory

pytestmark = pytest.mark.django_db

Status = ExtractionRun.Status

POLICY = """Example Shop Privacy Policy

Last updated: 3 March 2024

1. Information we collect
We collect your name, email address and postal address when you place an order.
We automatically collect your IP address and device identifiers through cookies.

2. How we share information
We share your email address with our payment processor Stripe to process payments.
We do not sell your personal information.

3. Retention
We keep order records for 6 years to comply with tax law.

4. Your rights
You may request access to or deletion of your personal data by emailing privacy@example.com.
"""


def _queued_run(**fields) -> ExtractionRun:
    version = PolicyVersionFactory(text=POLICY)
    return ExtractionRun.objects.create(version=version, **fields)


# --- the embedded default ----------------------------------------------------------------------


def test_embedded_upload_completes_eagerly(django_capture_on_commit_callbacks):
    company = CompanyFactory(name="Example Shop", slug="example-shop")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = policy_version_ingest(company=company, text=POLICY, source_kind="paste")
    assert len(callbacks) == 1, "the task is dispatched once, after the commit"
    run = ExtractionRun.objects.get(pk=result.run.pk)
    assert run.status == Status.DONE, run.error
    assert run.stage == ExtractionRun.Stage.DONE and run.progress == 100
    assert run.attempts == 1 and run.task_id and run.started_at and run.finished_at
    assert run.clause_count == Clause.objects.filter(version=result.version).count() > 0
    assert {"analyse", "save"} <= set(run.timings)

    again = policy_version_ingest(company=company, text=POLICY, source_kind="paste")
    assert not again.created
    assert (again.version.pk, again.run.pk) == (result.version.pk, run.pk)
    assert ExtractionRun.objects.count() == 1


# --- claim and fencing -------------------------------------------------------------------------


def test_only_one_claim_wins_and_a_finished_run_is_never_reclaimed():
    run = _queued_run()
    assert extraction_run_claim(run_id=run.pk, task_id="a") == 1
    assert extraction_run_claim(run_id=run.pk, task_id="b") is None
    run.refresh_from_db()
    assert (run.status, run.attempts, run.task_id) == (Status.RUNNING, 1, "a")
    ExtractionRun.objects.filter(pk=run.pk).update(status=Status.DONE)
    assert extraction_run_claim(run_id=run.pk, task_id="a") is None
    assert extraction_run_claim(run_id=10**9, task_id="x") is None


def test_a_run_left_running_by_a_dead_worker_is_reclaimed(settings):
    settings.POLICY_EXTRACTION_TIME_LIMIT = 60
    settings.POLICY_EXTRACTION_STALE_GRACE = 5
    run = _queued_run()
    assert extraction_run_claim(run_id=run.pk, task_id="dead") == 1
    # Within the hard limit another task cannot take it over...
    assert extraction_run_claim(run_id=run.pk, task_id="other") is None
    # ...but the same message redelivered (reject_on_worker_lost) can,
    assert extraction_run_claim(run_id=run.pk, task_id="dead") == 2
    # and anyone can once it is older than the hard limit plus grace.
    ExtractionRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - timedelta(seconds=66)
    )
    assert extraction_run_claim(run_id=run.pk, task_id="other") == 3


def test_a_run_whose_workers_keep_dying_ends_failed(settings, django_capture_on_commit_callbacks):
    settings.POLICY_EXTRACTION_MAX_ATTEMPTS = 2
    run = _queued_run()
    assert extraction_run_claim(run_id=run.pk, task_id="t") == 1
    assert extraction_run_claim(run_id=run.pk, task_id="t") == 2
    # The third delivery of the same message finds no attempts left: the run fails for good.
    assert extraction_run_execute(run_id=run.pk, task_id="t") is None
    run.refresh_from_db()
    assert run.status == Status.FAILED and "Gave up after 2 attempts" in run.error


def test_a_superseded_attempt_cannot_write_results(settings):
    from extraction import nlp

    run = _queued_run()
    attempt = extraction_run_claim(run_id=run.pk, task_id="old")
    analysis = nlp.analyze_document(run.version.text)
    # The worker is presumed dead and the run taken over by a newer attempt.
    ExtractionRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(days=1))
    newer = extraction_run_claim(run_id=run.pk, task_id="new")
    assert newer == attempt + 1
    with pytest.raises(RunSuperseded):
        run_results_save(run=run, analysis=analysis, attempt=attempt)
    assert not Clause.objects.filter(version=run.version).exists()
    run_results_save(run=run, analysis=analysis, attempt=newer)
    run.refresh_from_db()
    assert run.status == Status.DONE and run.attempts == newer
    assert Clause.objects.filter(version=run.version).count() == len(analysis.clauses)


def test_execute_twice_saves_once():
    run = _queued_run()
    first = extraction_run_execute(run_id=run.pk, task_id="t1")
    assert first is not None and first.status == Status.DONE
    count = Clause.objects.filter(version=run.version).count()
    assert extraction_run_execute(run_id=run.pk, task_id="t1") is None  # a redelivery
    assert extraction_run_execute(run_id=run.pk, task_id="t2") is None  # a duplicate message
    run.refresh_from_db()
    assert run.attempts == 1
    assert Clause.objects.filter(version=run.version).count() == count


def test_progress_records_stage_and_overall_percentage():
    from extraction import nlp

    run = _queued_run()
    seen: list[tuple[str, int]] = []
    real = nlp.analyze_document

    def analyze(text, *, title="", progress=None):
        def spy(stage, fraction):
            progress(stage, fraction)
            current = ExtractionRun.objects.get(pk=run.pk)
            seen.append((current.stage, current.progress))

        return real(text, title=title, progress=spy)

    with mock.patch("extraction.nlp.analyze_document", analyze):
        extraction_run_execute(run_id=run.pk, task_id="t")
    stages = [stage for stage, _ in seen]
    assert {"segmenting", "classifying", "extracting"} <= set(stages)
    percents = [p for _, p in seen]
    assert percents == sorted(percents), "the percentage never goes backwards"
    assert max(percents) < 100
    run.refresh_from_db()
    assert (run.stage, run.progress) == ("done", 100)


# --- errors and retries ------------------------------------------------------------------------


def test_a_non_transient_error_fails_the_run_once_with_the_error_visible():
    run = _queued_run()
    calls = []

    def broken(text, **kwargs):
        calls.append(1)
        raise ValueError("the document has no sentences")

    with mock.patch("extraction.nlp.analyze_document", broken):
        tasks.extract_run.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.status == Status.FAILED and run.stage == ExtractionRun.Stage.FAILED
    assert run.error == "ValueError: the document has no sentences"
    assert len(calls) == 1 and run.attempts == 1


def test_a_transient_error_is_retried_with_backoff_then_succeeds(settings):
    from extraction import nlp

    run = _queued_run()
    real = nlp.analyze_document
    calls = []

    def flaky(text, **kwargs):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real(text, **kwargs)

    with (
        mock.patch("extraction.nlp.analyze_document", flaky),
        mock.patch.object(tasks.extract_run, "retry", wraps=tasks.extract_run.retry) as retry,
    ):
        tasks.extract_run.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.status == Status.DONE and run.error == ""
    assert len(calls) == 3
    assert [c.kwargs["countdown"] for c in retry.call_args_list] == [2, 4]


def test_a_persistent_transient_error_is_not_retried_forever(settings):
    run = _queued_run()
    calls = []

    def down(text, **kwargs):
        calls.append(1)
        raise OperationalError("could not connect to server")

    with mock.patch("extraction.nlp.analyze_document", down):
        tasks.extract_run.apply(args=[run.pk])
    run.refresh_from_db()
    assert len(calls) == settings.POLICY_EXTRACTION_MAX_RETRIES + 1
    assert run.status == Status.FAILED
    assert "Gave up after" in run.error and "could not connect" in run.error


def test_soft_time_limit_fails_the_run_with_a_clear_message():
    from celery.exceptions import SoftTimeLimitExceeded

    run = _queued_run()
    with mock.patch("extraction.nlp.analyze_document", side_effect=SoftTimeLimitExceeded()):
        tasks.extract_run.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.status == Status.FAILED and "time limit" in run.error


def test_task_options_make_it_safe_to_redeliver():
    task = tasks.extract_run
    assert task.acks_late and task.reject_on_worker_lost
    assert task.soft_time_limit < task.time_limit
    from django.conf import settings

    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_SERIALIZER == "json" and settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_ROUTES["extraction.extract_run"]["queue"] == "extraction"
    assert settings.CELERY_TASK_ROUTES["extraction.sweep_runs"]["queue"] == "celery"
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > task.time_limit + settings.POLICY_EXTRACTION_RETRY_BACKOFF_MAX


# --- dispatch and sweep ------------------------------------------------------------------------


def test_broker_down_at_upload_keeps_the_run_queued_and_the_sweep_sends_it(
    django_capture_on_commit_callbacks, settings
):
    from kombu.exceptions import OperationalError as BrokerError

    settings.POLICY_EXTRACTION_DISPATCH_GRACE = 0
    company = CompanyFactory()
    with (
        mock.patch.object(
            tasks.extract_run, "apply_async", side_effect=BrokerError("Connection refused")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = policy_version_ingest(company=company, text=POLICY, source_kind="paste")
        report = extraction_runs_sweep()  # still down: nothing sent, nothing lost
    run = ExtractionRun.objects.get(pk=result.run.pk)
    assert (run.status, run.dispatched_at) == (Status.QUEUED, None)
    assert report.undispatched == [run.pk] and report.broker_down
    assert PolicyVersion.objects.filter(pk=result.version.pk).exists()

    report = extraction_runs_sweep()  # the broker is back (eager here)
    assert report.dispatched == [run.pk]
    run.refresh_from_db()
    assert run.status == Status.DONE and run.attempts == 1


def test_sweep_requeues_stalled_runs_and_fails_exhausted_ones(settings):
    settings.POLICY_EXTRACTION_MAX_ATTEMPTS = 3
    long_ago = timezone.now() - timedelta(
        seconds=settings.POLICY_EXTRACTION_TIME_LIMIT + settings.POLICY_EXTRACTION_STALE_GRACE + 5
    )
    stalled = _queued_run(status=Status.RUNNING, attempts=1, started_at=long_ago, task_id="x")
    exhausted = _queued_run(status=Status.RUNNING, attempts=3, started_at=long_ago)
    busy = _queued_run(status=Status.RUNNING, attempts=1, started_at=timezone.now())
    recent = _queued_run()  # just uploaded: its own dispatch is on the way
    done = _queued_run(status=Status.DONE)

    with mock.patch.object(tasks.extract_run, "apply_async") as send:
        send.return_value.id = "resent"
        preview = extraction_runs_sweep(dry_run=True)
        assert send.call_count == 0
        assert ExtractionRun.objects.get(pk=stalled.pk).status == Status.RUNNING
        report = extraction_runs_sweep()
    assert preview.requeued == report.requeued == [stalled.pk]
    assert preview.failed == report.failed == [exhausted.pk]
    assert report.dispatched == [stalled.pk]
    assert [c.kwargs["args"] for c in send.call_args_list] == [[stalled.pk]]
    stalled.refresh_from_db()
    assert stalled.status == Status.QUEUED and "re-queued" in stalled.error
    exhausted.refresh_from_db()
    assert exhausted.status == Status.FAILED and "Gave up after 3 attempts" in exhausted.error
    for run, status in ((busy, Status.RUNNING), (recent, Status.QUEUED), (done, Status.DONE)):
        run.refresh_from_db()
        assert run.status == status


def test_sweep_resends_queued_runs_whose_message_was_lost(settings):
    run = _queued_run()
    ExtractionRun.objects.filter(pk=run.pk).update(
        dispatched_at=timezone.now()
        - timedelta(seconds=settings.POLICY_BROKER_VISIBILITY_TIMEOUT + 1)
    )
    with mock.patch.object(tasks.extract_run, "apply_async") as send:
        send.return_value.id = "resent"
        report = extraction_runs_sweep()
    assert report.dispatched == [run.pk] and send.call_count == 1


def test_dispatch_uses_the_extraction_queue_and_records_the_task(settings):
    settings.POLICY_EXTRACTION_QUEUE = "extraction-test"
    run = _queued_run()
    with mock.patch.object(tasks.extract_run, "apply_async") as send:
        send.return_value.id = "task-123"
        assert extraction_run_dispatch(run_id=run.pk)
    assert send.call_args.kwargs == {"args": [run.pk], "queue": "extraction-test"}
    run.refresh_from_db()
    assert run.task_id == "task-123" and run.dispatched_at is not None


def test_services_package_keeps_its_public_names():
    for name in (
        "policy_version_ingest",
        "IngestResult",
        "extraction_run_create",
        "extraction_run_dispatch",
        "extraction_run_execute",
        "run_results_save",
        "iso_duration_days",
    ):
        assert hasattr(services, name), name
    assert services.iso_duration_days("P18M") == 540


def test_create_dispatches_only_after_commit(django_capture_on_commit_callbacks):
    version = PolicyVersionFactory(text=POLICY)
    with mock.patch.object(tasks.extract_run, "apply_async") as send:
        send.return_value.id = "sent"
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            run = extraction_run_create(version=version)
        assert send.call_count == 0 and len(callbacks) == 1
        callbacks[0]()
        assert send.call_args.kwargs["args"] == [run.pk]
