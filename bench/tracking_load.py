"""Load benchmark of tracking: N sources on a local site, beat + 2 worker nodes, two rounds.

Run by hand against a PostgreSQL and a Redis (never part of the test suite):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \\
    .venv/bin/python bench/tracking_load.py [--sources 2000] [--changed 0.05] [--workers 2]

It creates a scratch database next to DATABASE_URL's (``<name>_tracking_bench``), migrates
it, serves ``--sources`` policy pages from a loopback HTTP server (each page's noise -- a
timestamp, a session token, a cookie banner -- changes on every request), adds one source per
page and a webhook subscription (to the same server), and starts ``celery beat`` (database
scheduler, tick every ``--tick`` seconds) and ``--workers`` worker nodes (``--concurrency``
pool processes each) on queues of their own. Then:

1. round 1: every source is due; beat's ticks queue them, the workers check them (first
   versions, extracted by the same workers);
2. ``--changed`` of the pages get a new retention period; every source is made due again;
3. round 2: beat + workers check them all again.

It prints, per round, the time until every source was checked, checks/s and the p50/p95 of
one check's time (fetch + text + fingerprint + store), worker memory (RSS of the nodes and
their pool processes) before round 1 and after round 2, and verifies: every source checked
exactly once per round, exactly the changed pages made a new version, no duplicate versions,
one change event per new version, one webhook delivery per change (no duplicates). Exit
status 1 if any check fails. The scratch database and queues are removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgscratch import drop_database, scratch_database  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--changed", type=float, default=0.05, help="share changed in round 2")
    parser.add_argument("--workers", type=int, default=2, help="worker nodes")
    parser.add_argument("--concurrency", type=int, default=4, help="pool processes per node")
    parser.add_argument("--tick", type=int, default=2, help="beat tick, seconds")
    parser.add_argument("--round-seconds", type=float, default=600,
                        help="a round: every source must be checked within it")
    parser.add_argument("--port", type=int, default=0, help="the site's port (0: any free)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not base_url or not broker.startswith("redis://"):
        raise SystemExit("Set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (redis://...).")
    db_url, db_name = scratch_database(base_url, "tracking_bench")
    queue = f"atlas-bench-track-{uuid.uuid4().hex[:8]}"
    os.environ.update(
        DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="config.settings.test",
        POLICY_EXTRACTION_QUEUE=queue, TRACKING_QUEUE=queue, POLICY_SWEEP_QUEUE=f"{queue}-sweep",
        POLICY_ALLOW_PRIVATE_URLS="1", TRACKING_TICK_SECONDS=str(args.tick),
    )

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Count
    from django.utils import timezone

    from policies.models import PolicyVersion
    from policies.services import company_get_or_create
    from tests.extraction.workers import CELERY, Worker, purge_queues, wait_for, worker_env
    from tests.factories import UserFactory
    from tests.tracking.site import Page, PolicySite, policy_html
    from tracking.models import ChangeEvent, Delivery, Source, SourceCheck
    from tracking.services import source_create, subscription_create

    log_dir = ROOT / "var" / "bench-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    workers: list[Worker] = []
    beat: subprocess.Popen | None = None
    site = PolicySite(port=args.port).start()
    try:
        call_command("migrate", verbosity=0)
        months = {n: 12 + n % 24 for n in range(args.sources)}
        for n in range(args.sources):
            site.pages[f"/p/{n}"] = Page(render=lambda n=n: policy_html(
                f"Company{n}", retention_months=months[n]))
        owner = UserFactory(username="bench")
        subscription_create(owner=owner, target=site.url("/hook"), secret="bench-secret-0123456")
        for n in range(args.sources):
            company, _ = company_get_or_create(name=f"Company{n}")
            source_create(company=company, url=site.url(f"/p/{n}"), check_interval=3600)
        Source.objects.update(next_check_at=timezone.now() + timezone.timedelta(days=1))
        print(f"tracking_load: {args.sources} sources on {site.base}, {args.workers} worker "
              f"node(s) x {args.concurrency} processes + beat (tick {args.tick} s); "
              f"{os.cpu_count()} CPU(s)")

        env = {"TRACKING_QUEUE": queue, "POLICY_ALLOW_PRIVATE_URLS": "1",
               "TRACKING_TICK_SECONDS": str(args.tick)}
        workers = [Worker(f"track-bench-{n}", queue, log_dir, concurrency=args.concurrency,
                          env=env).start() for n in range(args.workers)]
        for worker in workers:
            worker.wait_ready(timeout=120)
        pids = [pid for w in workers for pid in [w.process.pid, *w.pool_pids()]]
        memory_before = rss_mb(pids)
        beat_log = open(log_dir / f"beat-{queue}.log", "wb")  # noqa: SIM115
        beat = subprocess.Popen(
            [CELERY, "-A", "config", "beat", "--loglevel", "INFO", "--scheduler",
             "django_celery_beat.schedulers:DatabaseScheduler"],
            cwd=ROOT, env=worker_env(queue, **env), stdout=beat_log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def run_round(number: int) -> tuple[float, list[int]]:
            start = timezone.now()
            started = time.perf_counter()
            Source.objects.update(next_check_at=timezone.now())

            def done() -> bool:
                return not Source.objects.filter(check_count__lt=number).exists()

            wait_for(done, timeout=args.round_seconds, interval=0.5,
                     what=f"round {number}: every source checked")
            seconds = time.perf_counter() - started
            durations = list(SourceCheck.objects.filter(started_at__gte=start)
                             .values_list("duration_ms", flat=True))
            print(f"round {number}: every source checked within {seconds:.1f} s of becoming "
                  f"due (their interval: 3600 s); {len(durations)} checks in {seconds:.1f} s = "
                  f"{len(durations) / seconds:.1f} checks/s; one check p50 "
                  f"{percentile(durations, 0.5):.0f} ms, p95 {percentile(durations, 0.95):.0f} ms")
            return seconds, durations

        run_round(1)
        wait_for(lambda: ChangeEvent.objects.filter(status="ready").count() == args.sources,
                 timeout=args.round_seconds, interval=1, what="round 1: first versions extracted")
        changed = set(random.Random(7).sample(range(args.sources),
                                              int(args.sources * args.changed)))
        for n in changed:
            months[n] += 6
        run_round(2)
        expected_events = args.sources + len(changed)
        wait_for(lambda: ChangeEvent.objects.filter(status="ready").count() == expected_events
                 and Delivery.objects.filter(status="delivered").count() >= len(changed),
                 timeout=args.round_seconds, interval=1,
                 what="round 2: changes extracted, events built, webhooks delivered")
        time.sleep(2 * args.tick)  # anything duplicated would show up now
        pids = [pid for w in workers for pid in [w.process.pid, *w.pool_pids()]]
        memory_after = rss_mb(pids)
        print(f"worker memory (RSS, {len(pids)} processes): before {memory_before:.0f} MB, "
              f"after {memory_after:.0f} MB")

        per_policy = dict(PolicyVersion.objects.values_list("policy__company__name")
                          .annotate(n=Count("id")).values_list("policy__company__name", "n"))
        versioned = {int(name.removeprefix("Company")) for name, n in per_policy.items()
                     if n == 2}
        too_many = [name for name, n in per_policy.items() if n > 2]
        checks = dict(Source.objects.values_list("pk", "check_count"))
        wrong_checks = sum(1 for c in checks.values() if c != 2)
        deliveries = Delivery.objects.count()
        keys = {h.get("Idempotency-Key") for _, h, _ in site.posts}
        problems = []
        if versioned != changed:
            problems.append(f"versioned {len(versioned)} != changed {len(changed)}")
        if too_many:
            problems.append(f"{len(too_many)} policies with more than 2 versions")
        if wrong_checks:
            problems.append(f"{wrong_checks} sources not checked exactly once per round")
        if deliveries != len(changed) or len(site.posts) != len(changed) or len(keys) != len(
                changed):
            problems.append(f"deliveries {deliveries}, POSTs {len(site.posts)}, keys "
                            f"{len(keys)}, expected {len(changed)} each")
        print(f"changed pages {len(changed)}, new versions {len(versioned)}, policies with "
              f"duplicate versions {len(too_many)}, sources checked != 2 times {wrong_checks}, "
              f"change events {ChangeEvent.objects.count()}, webhook deliveries {deliveries} "
              f"(POSTs received {len(site.posts)}, distinct idempotency keys {len(keys)})")
        print("OK" if not problems else "FAILED: " + "; ".join(problems))
        return 0 if not problems else 1
    finally:
        if beat is not None:
            beat.terminate()
            try:
                beat.wait(timeout=10)
            except subprocess.TimeoutExpired:
                beat.kill()
        for worker in workers:
            worker.stop()
        site.stop()
        try:
            purge_queues(queues=[queue])
        except Exception as exc:  # noqa: BLE001
            print(f"could not purge queue {queue}: {exc}", file=sys.stderr)
        connections.close_all()
        if args.keep:
            print(f"kept scratch database {db_name}")
        else:
            drop_database(base_url, db_name)


if __name__ == "__main__":
    sys.exit(main())
