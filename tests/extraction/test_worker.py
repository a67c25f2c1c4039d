"""Real ``celery worker`` processes against the real PostgreSQL and Redis (pass 2, CI=true).

No eager mode here: uploads go through the service in this process, are committed
(``transactional_db``), published to Redis, and extracted by separately started workers that
connect to the same test database. Each scenario uses its own queue; every worker is stopped
(or killed) in fixture teardown, and every wait has a hard timeout.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client

from extraction.models import ExtractionRun
from extraction.services import policy_version_ingest
from policies.models import Clause, PolicyVersion
from policies.services import company_get_or_create, policy_get_or_create, policy_version_create
from tests.extraction.corpus import distinct_policies, seed_texts
from tests.extraction.fault_app import FAIL, SLOW
from tests.extraction.workers import (
    CELERY,
    ROOT,
    Worker,
    purge_queues,
    start_all,
    stop_all,
    unique_queue,
    wait_for,
    wait_for_other_sessions_to_close,
    worker_env,
)

pytestmark = [pytest.mark.services, pytest.mark.slow]

Status = ExtractionRun.Status
FINISHED = [Status.DONE, Status.FAILED]


def finished(run_id: int) -> ExtractionRun | None:
    return ExtractionRun.objects.filter(pk=run_id, status__in=FINISHED).first()


def assert_extracted_once(run: ExtractionRun) -> None:
    """Done, with exactly one set of clauses and no other run for the version."""
    assert run.status == Status.DONE, run.error
    clauses = Clause.objects.filter(version_id=run.version_id)
    orders = list(clauses.values_list("order", flat=True))
    assert run.clause_count == len(orders) > 0
    assert sorted(orders) == list(range(len(orders))), "duplicate or missing clauses"
    assert ExtractionRun.objects.filter(version_id=run.version_id).count() == 1


@pytest.fixture(scope="module")
def log_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("celery-workers")


@pytest.fixture(scope="module")
def main_queue():
    queue = unique_queue("main")
    yield queue
    purge_queues(queues=[queue])


@pytest.fixture(scope="module")
def main_workers(django_db_setup, django_db_blocker, main_queue, log_dir):
    """Two worker nodes of the production app (``-A config``), one pool process each."""
    env = {"POLICY_EXTRACTION_DISPATCH_GRACE": 1}  # the beat test's sweep runs in these
    workers = [Worker(f"main-{n}", main_queue, log_dir, env=env) for n in "ab"]
    try:
        yield start_all(workers)
    finally:
        stop_all(workers)
        with django_db_blocker.unblock():
            wait_for_other_sessions_to_close()


@pytest.fixture
def on_queue(settings):
    """Send this test's uploads to the given queue (the dispatcher reads the setting)."""

    def use(queue: str) -> None:
        settings.POLICY_EXTRACTION_QUEUE = queue

    return use


@pytest.fixture
def spawned(log_dir):
    """Workers a single test starts; all stopped at teardown, even on failure."""
    workers: list[Worker] = []

    def spawn(*args, **kwargs) -> Worker:
        worker = Worker(*args, log_dir=log_dir, **kwargs)
        workers.append(worker)
        return worker

    yield spawn
    stop_all(workers)
    purge_queues(queues={w.queue for w in workers})


def test_an_upload_is_extracted_by_a_separately_started_worker(
    transactional_db, main_workers, main_queue, on_queue
):
    on_queue(main_queue)
    company, _ = company_get_or_create(name="Worker Test Co")
    result = policy_version_ingest(company=company, text=seed_texts()[0], source_kind="upload")
    sent = ExtractionRun.objects.get(pk=result.run.pk)
    assert sent.dispatched_at is not None and sent.task_id, "dispatched after the commit"

    run = wait_for(lambda: finished(sent.pk), timeout=60, what="the run to finish")
    assert_extracted_once(run)
    assert run.attempts == 1 and run.stage == "done" and run.progress == 100
    assert any(f"extract_run[{run.task_id}] succeeded" in w.log() for w in main_workers)
    for worker in main_workers:
        assert "NLP pipeline loaded in worker process" in worker.log()


def test_a_worker_killed_mid_run_is_recovered_exactly_once(
    transactional_db, settings, spawned, on_queue
):
    # Consistent limits for the killed worker, the new worker and this process's sweep:
    # a run still "running" 8 + 2 s after it started has lost its worker.
    limits = {"POLICY_EXTRACTION_TIME_LIMIT": 8, "POLICY_EXTRACTION_SOFT_TIME_LIMIT": 7}
    settings.POLICY_EXTRACTION_TIME_LIMIT = 8
    settings.POLICY_EXTRACTION_SOFT_TIME_LIMIT = 7
    settings.POLICY_EXTRACTION_STALE_GRACE = 2
    queue = unique_queue("kill")
    on_queue(queue)
    doomed = spawned(
        "doomed", queue, app="tests.extraction.fault_app", env={**limits, "FAULT_SLOW_SECONDS": 6}
    )
    doomed.start().wait_ready()

    company, _ = company_get_or_create(name="Crash Test Co")
    text = f"{SLOW}\n{seed_texts()[1]}"
    result = policy_version_ingest(company=company, text=text, source_kind="upload")
    run_id = result.run.pk

    def in_progress() -> bool:
        run = ExtractionRun.objects.get(pk=run_id)
        return run.status == Status.RUNNING and run.progress > 0

    wait_for(in_progress, timeout=30, what="the run to be in progress")
    doomed.kill()
    assert not doomed.alive
    stuck = ExtractionRun.objects.get(pk=run_id)
    assert (stuck.status, stuck.attempts) == (Status.RUNNING, 1)
    assert not Clause.objects.filter(version_id=stuck.version_id).exists()

    rescuer = spawned("rescuer", queue, env=limits).start()  # the production app
    rescuer.wait_ready()

    def sweep_until_finished() -> ExtractionRun | None:
        call_command("sweep_runs", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        return finished(run_id)

    run = wait_for(sweep_until_finished, timeout=60, interval=1, what="recovery")
    assert_extracted_once(run)
    assert run.attempts == 2, "one killed attempt, one that completed"
    assert f"extract_run[{run.task_id}] succeeded" in rescuer.log()
    time.sleep(2)  # a late duplicate (if any) must change nothing
    again = ExtractionRun.objects.get(pk=run_id)
    assert (again.status, again.attempts, again.finished_at) == (
        Status.DONE, 2, run.finished_at,
    )  # fmt: skip
    assert Clause.objects.filter(version_id=run.version_id).count() == run.clause_count


def test_a_pool_process_killed_mid_run_is_redelivered_and_completes(
    transactional_db, spawned, on_queue
):
    """The kernel's OOM killer takes a pool process, its node survives: the message goes
    back to the queue at once (reject_on_worker_lost) and the same task takes its run over,
    with no sweep involved."""
    queue = unique_queue("oom")
    on_queue(queue)
    worker = spawned("oom", queue, app="tests.extraction.fault_app", env={"FAULT_SLOW_SECONDS": 6})
    worker.start().wait_ready()
    company, _ = company_get_or_create(name="Out Of Memory Co")
    result = policy_version_ingest(
        company=company, text=f"{SLOW}\n{seed_texts()[4]}", source_kind="upload"
    )
    run_id = result.run.pk

    def in_progress() -> bool:
        run = ExtractionRun.objects.get(pk=run_id)
        return run.status == Status.RUNNING and run.progress > 0

    wait_for(in_progress, timeout=30, what="the run to be in progress")
    children = worker.pool_pids()
    assert len(children) == 1
    os.kill(children[0], signal.SIGKILL)

    run = wait_for(lambda: finished(run_id), timeout=60, what="the redelivered task")
    assert_extracted_once(run)
    assert run.attempts == 2 and worker.alive
    assert "WorkerLostError" in worker.log()
    assert worker.log().count(f"extract_run[{run.task_id}] received") == 2, "same message"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


UPLOAD_SCRIPT = """
import json, os, sys, time
import django
django.setup()
from extraction.services import policy_version_ingest
from policies.services import company_get_or_create, policy_get_or_create, policy_version_create
company, _ = company_get_or_create(name="Outage Co")
text = open(sys.argv[1], encoding="utf-8").read()
started = time.perf_counter()
result = policy_version_ingest(company=company, text=text, source_kind="upload")
print(json.dumps({"run": result.run.pk, "seconds": time.perf_counter() - started}))
"""


def test_broker_down_at_upload_then_the_sweep_completes_it(
    transactional_db, settings, main_workers, main_queue, on_queue, tmp_path
):
    on_queue(main_queue)
    settings.POLICY_EXTRACTION_DISPATCH_GRACE = 0
    document = tmp_path / "policy.txt"
    document.write_text(seed_texts()[2], encoding="utf-8")
    # A web process whose broker is unreachable (nothing listens on that port).
    env = worker_env(main_queue, CELERY_BROKER_URL=f"redis://127.0.0.1:{closed_port()}/0")
    upload = subprocess.run(
        [sys.executable, "-c", UPLOAD_SCRIPT, str(document)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert upload.returncode == 0, upload.stderr
    outcome = json.loads(upload.stdout.strip().splitlines()[-1])
    assert outcome["seconds"] < 5, "an unreachable broker must not hold the upload"
    assert "Could not dispatch extraction run" in upload.stderr

    run = ExtractionRun.objects.get(pk=outcome["run"])
    assert (run.status, run.dispatched_at) == (Status.QUEUED, None), "saved, waiting"
    assert PolicyVersion.objects.filter(pk=run.version_id).exists()
    time.sleep(1)
    assert ExtractionRun.objects.get(pk=run.pk).status == Status.QUEUED

    # Redis is back (this process's broker URL is the real one): the sweep sends it.
    call_command("sweep_runs", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    done = wait_for(lambda: finished(run.pk), timeout=60, what="the swept run to finish")
    assert_extracted_once(done)


def test_beat_schedules_the_sweep_that_sends_a_never_dispatched_run(
    transactional_db, main_workers, main_queue, log_dir, tmp_path
):
    company, _ = company_get_or_create(name="Beat Co")
    version = policy_version_create(
        policy=policy_get_or_create(company=company), text=seed_texts()[4], source_kind="upload"
    ).version
    run = ExtractionRun.objects.create(version=version)  # as if the broker was down at upload
    beat_log = log_dir / "beat.log"
    env = worker_env(main_queue, POLICY_EXTRACTION_SWEEP_INTERVAL=1)
    with open(beat_log, "wb") as log:
        beat = subprocess.Popen(
            [CELERY, "-A", "config", "beat", "-l", "INFO", "-s", str(tmp_path / "schedule")],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        done = wait_for(lambda: finished(run.pk), timeout=60, what="beat's sweep to send it")
    finally:
        beat.terminate()
        try:
            beat.wait(timeout=10)
        except subprocess.TimeoutExpired:
            beat.kill()
            beat.wait(timeout=10)
    assert_extracted_once(done)
    assert "Sending due task extraction-sweep (extraction.sweep_runs)" in beat_log.read_text()
    assert any("Task extraction.sweep_runs[" in w.log() for w in main_workers)


def test_a_non_transient_error_fails_once_and_is_shown(
    transactional_db, spawned, on_queue, settings
):
    settings.POLICY_EXTRACTION_DISPATCH_GRACE = 0
    queue = unique_queue("fail")
    on_queue(queue)
    worker = spawned("faulty", queue, app="tests.extraction.fault_app").start()
    worker.wait_ready()
    company, _ = company_get_or_create(name="Broken Co")
    text = f"{FAIL}\n{seed_texts()[3]}"
    result = policy_version_ingest(company=company, text=text, source_kind="upload")

    run = wait_for(lambda: finished(result.run.pk), timeout=60, what="the run to fail")
    assert run.status == Status.FAILED and run.stage == "failed"
    assert run.error == "ValueError: Injected failure: this document cannot be analysed"
    assert run.attempts == 1

    call_command("sweep_runs", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    time.sleep(3)  # a retry would have happened by now
    again = ExtractionRun.objects.get(pk=run.pk)
    assert (again.status, again.attempts) == (Status.FAILED, 1)
    assert worker.log().count(f"extract_run[{run.task_id}] received") == 1
    assert "Retry in" not in worker.log()

    body = Client().get(f"/runs/{run.pk}/status.json").json()
    assert body["status"] == "failed" and "Injected failure" in body["error"]
    page = Client().get(f"/runs/{run.pk}/status/").content.decode()
    assert "Injected failure" in page and "hx-get" not in page


LOAD_UPLOADS = 200
LOAD_THREADS = 8


def test_load_200_concurrent_uploads_with_two_workers(
    transactional_db, main_workers, main_queue, on_queue, capsys
):
    on_queue(main_queue)
    policies = distinct_policies(LOAD_UPLOADS, prefix="Load Test")
    assert len({p.text for p in policies}) == LOAD_UPLOADS
    before = {w.name: w.succeeded() for w in main_workers}

    def upload(policy) -> tuple[int, float]:
        try:
            company, _ = company_get_or_create(name=policy.company_name, slug=policy.company_slug)
            started = time.perf_counter()
            result = policy_version_ingest(
                company=company, text=policy.text, title=policy.title, source_kind="api"
            )
            assert result.created
            return result.run.pk, time.perf_counter() - started
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=LOAD_THREADS) as pool:
        uploaded = list(pool.map(upload, policies))
    submit_seconds = time.perf_counter() - started
    run_ids = [run_id for run_id, _ in uploaded]
    assert len(set(run_ids)) == LOAD_UPLOADS

    def all_finished() -> bool:
        return ExtractionRun.objects.filter(pk__in=run_ids, status__in=FINISHED).count() == len(
            run_ids
        )

    wait_for(all_finished, timeout=240, interval=1, what="200 runs to finish")
    total_seconds = time.perf_counter() - started

    runs = list(ExtractionRun.objects.filter(pk__in=run_ids).select_related("version"))
    assert [r.status for r in runs].count(Status.DONE) == LOAD_UPLOADS, [
        (r.pk, r.error) for r in runs if r.status != Status.DONE
    ]
    assert ExtractionRun.objects.count() == LOAD_UPLOADS, "no extra runs"
    assert PolicyVersion.objects.count() == LOAD_UPLOADS
    assert all(r.attempts == 1 for r in runs), "each run was executed once"
    counts = dict(
        Clause.objects.filter(version__in=[r.version_id for r in runs])
        .values_list("version_id")
        .annotate(n=Count("id"))
    )
    assert all(counts.get(r.version_id) == r.clause_count > 0 for r in runs), "no duplicates"
    work = {w.name: w.succeeded() - before[w.name] for w in main_workers}
    assert sum(work.values()) == LOAD_UPLOADS and all(work.values()), work

    latencies = sorted((r.finished_at - r.version.ingested_at).total_seconds() for r in runs)
    with capsys.disabled():
        print(
            f"\n[load] {LOAD_UPLOADS} uploads from {LOAD_THREADS} threads in {submit_seconds:.1f}s "
            f"({LOAD_UPLOADS / submit_seconds:.1f} uploads/s); all done after {total_seconds:.1f}s "
            f"({LOAD_UPLOADS / total_seconds:.1f} runs/s) on 2 workers {work}; upload->done "
            f"median {statistics.median(latencies):.1f}s, "
            f"p95 {latencies[int(0.95 * (len(latencies) - 1))]:.1f}s"
        )
