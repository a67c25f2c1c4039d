"""Load benchmark of the asynchronous pipeline: concurrent uploads -> Redis -> Celery workers.

Run by hand against a PostgreSQL and a Redis (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \\
    .venv/bin/python bench/pipeline_load.py [--uploads 200] [--threads 8] [--workers 2]

It creates a scratch database next to DATABASE_URL's (``<name>_pipeline_bench``), migrates
it, starts ``--workers`` worker nodes (``celery -A config worker``, one pool process each) on a
queue of its own, and then:

1. baseline: extracts ``--baseline`` documents serially in this process (same code, eager),
   giving seconds per document for one process;
2. load: submits ``--uploads`` distinct policies through ``policy_version_ingest`` from
   ``--threads`` threads, and waits until every run is done.

It prints uploads/s, runs/s (and its ratio to the ideal ``workers x baseline``), median/p95
upload->done latency, and checks that no run was lost, failed or duplicated. The scratch
database and the queue are removed afterwards (``--keep`` keeps the database).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgscratch import drop_database, scratch_database  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="worker nodes, 1 process each")
    parser.add_argument("--baseline", type=int, default=20, help="documents for the baseline")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for done")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not base_url or not broker.startswith("redis://"):
        raise SystemExit("Set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (redis://...).")
    db_url, db_name = scratch_database(base_url, "pipeline_bench")
    queue = f"atlas-bench-{uuid.uuid4().hex[:8]}"
    os.environ.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        POLICY_EXTRACTION_QUEUE=queue,
    )

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from extraction.models import ExtractionRun
    from extraction.services import extraction_run_execute, policy_version_ingest
    from policies.models import Clause
    from policies.services import (
        company_get_or_create,
        policy_get_or_create,
        policy_version_create,
    )
    from tests.extraction.corpus import distinct_policies
    from tests.extraction.workers import Worker, purge_queues, start_all, wait_for

    workers: list[Worker] = []
    log_dir = ROOT / "var" / "bench-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        call_command("migrate", verbosity=0)
        policies = distinct_policies(args.uploads + args.baseline, prefix="Bench", seed=7)
        words = sum(len(p.text.split()) for p in policies[: args.uploads]) / args.uploads
        print(
            f"pipeline_load: {args.uploads} uploads (~{words:.0f} words each) from "
            f"{args.threads} threads, {args.workers} worker node(s) x 1 process; "
            f"{os.cpu_count()} CPU(s)"
        )

        # Baseline: the same work, serially in this process, no broker involved.
        baseline_times = []
        for policy in policies[args.uploads :]:
            company, _ = company_get_or_create(name=policy.company_name, slug=policy.company_slug)
            version = policy_version_create(
                policy=policy_get_or_create(company=company, title=policy.title),
                text=policy.text,
                source_kind="api",
            ).version
            run = ExtractionRun.objects.create(version=version)  # not dispatched: run it here
            started = time.perf_counter()
            extraction_run_execute(run_id=run.pk, task_id=f"baseline-{run.pk}")
            baseline_times.append(time.perf_counter() - started)
        per_doc = statistics.median(baseline_times)
        print(
            f"baseline (in-process, serial, {len(baseline_times)} docs): median {per_doc:.3f} "
            f"s/doc -> {1 / per_doc:.1f} docs/s per process"
        )

        workers = [Worker(f"bench-{n}", queue, log_dir) for n in range(args.workers)]
        start_all(workers)
        baseline_ids = set(ExtractionRun.objects.values_list("pk", flat=True))

        def upload(policy) -> tuple[int, float]:
            try:
                company, _ = company_get_or_create(
                    name=policy.company_name, slug=policy.company_slug
                )
                started = time.perf_counter()
                result = policy_version_ingest(
                    company=company, text=policy.text, title=policy.title, source_kind="api"
                )
                return result.run.pk, time.perf_counter() - started
            finally:
                connection.close()

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            uploaded = list(pool.map(upload, policies[: args.uploads]))
        submit = time.perf_counter() - started
        run_ids = [run_id for run_id, _ in uploaded]
        call_seconds = [seconds for _, seconds in uploaded]

        def finished() -> bool:
            return ExtractionRun.objects.filter(
                pk__in=run_ids, status__in=["done", "failed"]
            ).count() == len(run_ids)

        wait_for(finished, timeout=args.timeout, interval=0.5, what="all runs to finish")
        total = time.perf_counter() - started

        runs = list(ExtractionRun.objects.filter(pk__in=run_ids).select_related("version"))
        failed = [r.pk for r in runs if r.status != "done"]
        extra_runs = ExtractionRun.objects.exclude(pk__in=baseline_ids).count() - len(run_ids)
        repeated = sum(1 for r in runs if r.attempts != 1)
        duplicated = sum(
            1
            for r in runs
            if Clause.objects.filter(version_id=r.version_id).count() != r.clause_count
        )
        latencies = [(r.finished_at - r.version.ingested_at).total_seconds() for r in runs]
        runs_per_s = len(run_ids) / total
        ideal = args.workers / per_doc
        print(
            f"uploads: {len(run_ids)} in {submit:.2f} s = {len(run_ids) / submit:.1f} uploads/s "
            f"(one upload call: median {statistics.median(call_seconds) * 1000:.0f} ms, "
            f"p95 {percentile(call_seconds, 0.95) * 1000:.0f} ms)"
        )
        print(
            f"extraction: all finished after {total:.1f} s = {runs_per_s:.2f} runs/s "
            f"= {runs_per_s / ideal:.2f}x the ideal {args.workers} x baseline ({ideal:.1f}/s); "
            f"per node: {[w.succeeded() for w in workers]}"
        )
        print(
            f"upload->done latency: median {statistics.median(latencies):.1f} s, "
            f"p95 {percentile(latencies, 0.95):.1f} s, max {max(latencies):.1f} s"
        )
        print(
            f"lost: {len(run_ids) - len(runs)}, failed: {len(failed)}, extra runs: {extra_runs}, "
            f"executed more than once: {repeated}, clause sets duplicated: {duplicated}"
        )
        return 0 if not (failed or extra_runs or repeated or duplicated) else 1
    finally:
        for worker in workers:
            worker.stop()
        try:
            purge_queues(queues=[queue])
        except Exception as exc:  # noqa: BLE001 - report, still drop the database
            print(f"could not purge queue {queue}: {exc}", file=sys.stderr)
        connections.close_all()
        if args.keep:
            print(f"kept scratch database {db_name}")
        else:
            drop_database(base_url, db_name)


if __name__ == "__main__":
    sys.exit(main())
