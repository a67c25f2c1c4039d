"""Load benchmark of the REST API: /api/v1/clauses/?section=retention against /healthz.

Run by hand against a PostgreSQL server (never part of the test suite):

    .venv/bin/python bench/api_load.py [--companies 2000] [--clients 32] [--seconds 8]

1. Creates a scratch database ``<name>_api_bench`` next to ``--database-url`` (default
   ``postgres://postgres@127.0.0.1:5432/test``), migrates it, loads and extracts the five seed
   policies, then builds ``--companies`` companies directly in the database, each with a policy,
   a version, its run, sections, clauses and clause values copied from an extracted seed (so the
   value distributions are the real pipeline's), and runs VACUUM ANALYZE.
2. Starts gunicorn with ``--workers`` (2) processes (gthread, ``--threads`` 8 each, so
   clients keep their connections alive) on loopback, with the local settings,
   DEBUG off and the throttles in place (at rates no client reaches).
3. Drives three series side by side with ``--clients`` (32) concurrent keep-alive clients
   (``http.client`` in a thread pool): ``/healthz``; the clauses list *uncached*, every body
   computed from the database (each request sends ``Cache-Control: no-cache``, which the
   read cache honours: the full query, serialization and rendering path, plus storing the
   fresh body); and the clauses list *cached* (the API read cache of config/api/cache.py
   serving the rendered body). A warm-up, then ``--rounds`` alternating rounds of
   ``--seconds`` per series. Every response must be a 200 with the expected body.
   ``--no-cache`` starts the server with ``API_CACHE_SECONDS=0`` (no cached series).
4. Prints requests/s, p50, p99 and errors per series with each one's throughput ratio to
   health, and whether the targets hold (ratio >= 0.40, p99 < 250 ms) for the uncached and the
   cached path separately, then a JSON summary line. The exit status is that of the uncached
   path: the cache only hides its cost for URLs asked for again within the data stamp.

The scratch database is dropped afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgscratch import drop_database, scratch_database  # noqa: E402

CLAUSES = "/api/v1/clauses/?section=retention"
HEALTH = "/healthz"
# Honoured by the API read cache: the body is computed afresh (and stored) on every request.
NO_CACHE = {"Cache-Control": "no-cache"}


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# --- data ---------------------------------------------------------------------------------


def build_data(companies: int, batch: int = 100) -> dict[str, int]:
    """Seeds extracted by the real pipeline, then ``companies`` copies of them, in bulk."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection, transaction

    from extraction.models import ExtractionRun
    from policies.models import Clause, ClauseValue, Company, Policy, PolicyVersion, Section

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("load_seeds", verbosity=0, stdout=devnull)
    seeds = list(PolicyVersion.objects.filter(clauses__isnull=False).distinct().order_by("pk"))
    if not seeds:
        raise SystemExit("the seed policies were not extracted; is ../shared/seeds there?")
    templates = []
    for version in seeds:
        sections = list(Section.objects.filter(version=version).order_by("order"))
        clauses = list(Clause.objects.filter(version=version).order_by("order"))
        values = list(ClauseValue.objects.filter(clause__version=version))
        templates.append((version, sections, clauses, values))

    made = 0
    while made < companies:
        count = min(batch, companies - made)
        with transaction.atomic():
            new_companies = Company.objects.bulk_create(
                Company(name=f"Bench Company {made + i:05d}", slug=f"bench-{made + i:05d}")
                for i in range(count)
            )
            policies = Policy.objects.bulk_create(
                Policy(company=c, title=f"{c.name} privacy policy") for c in new_companies
            )
            versions = PolicyVersion.objects.bulk_create(
                PolicyVersion(
                    policy=p, text=templates[(made + i) % len(templates)][0].text,
                    content_sha256=templates[(made + i) % len(templates)][0].content_sha256,
                    source_kind="fixture", last_updated=templates[(made + i) % len(templates)][
                        0].last_updated,
                    word_count=templates[(made + i) % len(templates)][0].word_count,
                    effective_date=templates[(made + i) % len(templates)][0].effective_date,
                )
                for i, p in enumerate(policies)
            )
            ExtractionRun.objects.bulk_create(
                ExtractionRun(version=v, status="done", stage="done", progress=100,
                              pipeline_version="bench")
                for v in versions
            )
            section_rows, clause_rows = [], []
            for i, version in enumerate(versions):
                _, sections, _, _ = templates[(made + i) % len(templates)]
                for s in sections:
                    section_rows.append(Section(
                        version=version, key=s.key, keys=s.keys, heading=s.heading,
                        order=s.order, start=s.start, end=s.end, body_start=s.body_start,
                    ))
            section_rows = Section.objects.bulk_create(section_rows, batch_size=2000)
            by_version_order = {(s.version_id, s.order): s for s in section_rows}
            for i, version in enumerate(versions):
                _, sections, clauses, _ = templates[(made + i) % len(templates)]
                section_order = {s.pk: s.order for s in sections}
                for c in clauses:
                    section = (
                        by_version_order[(version.pk, section_order[c.section_id])]
                        if c.section_id else None
                    )
                    clause_rows.append(Clause(
                        version=version, section=section, order=c.order, start=c.start,
                        end=c.end, text=c.text, sections=c.sections, practice=c.practice,
                        negated=c.negated, modality=c.modality, data_types=c.data_types,
                        purposes=c.purposes, recipient_names=c.recipient_names,
                        recipient_categories=c.recipient_categories, rights=c.rights,
                        countries=c.countries, retention_duration=c.retention_duration,
                        retention_days=c.retention_days,
                        retention_qualifier=c.retention_qualifier,
                        children_age=c.children_age, evidence=c.evidence,
                        pipeline_version=c.pipeline_version,
                    ))
            clause_rows = Clause.objects.bulk_create(clause_rows, batch_size=2000)
            by_key = {(c.version_id, c.order): c for c in clause_rows}
            value_rows = []
            for i, version in enumerate(versions):
                _, _, clauses, values = templates[(made + i) % len(templates)]
                clause_order = {c.pk: c.order for c in clauses}
                for v in values:
                    clause = by_key[(version.pk, clause_order[v.clause_id])]
                    value_rows.append(ClauseValue(
                        clause=clause, field=v.field, value=v.value, start=v.start, end=v.end,
                        sort_version=clause.version_id, sort_order=clause.order,
                    ))
            ClauseValue.objects.bulk_create(value_rows, batch_size=5000)
        made += count
        print(f"  built {made}/{companies} companies", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "companies": Company.objects.count(),
        "versions": PolicyVersion.objects.count(),
        "clauses": Clause.objects.count(),
        "clause_values": ClauseValue.objects.count(),
        "retention_clauses": ClauseValue.objects.filter(field="section", value="retention")
        .count(),
    }


# --- server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, args) -> subprocess.Popen:
    exe = Path(sys.executable).parent / "gunicorn"
    command = [
        str(exe), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers), "--worker-class", args.worker_class,
        "--threads", str(args.threads), "--backlog", "256", "--log-level", "warning",
        "--keep-alive", "5",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", HEALTH)
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not come up")


# --- load ---------------------------------------------------------------------------------


def drive(port: int, path: str, clients: int, seconds: float, check, processes: int = 1,
          headers: dict[str, str] | None = None) -> dict:
    """``clients`` concurrent keep-alive connections for ``seconds``, spread over
    ``processes`` client processes (so the clients' own GIL does not inflate latencies)."""
    if processes > 1:
        import multiprocessing

        shares = [clients // processes + (1 if i < clients % processes else 0)
                  for i in range(processes)]
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(processes) as pool:
            parts = pool.starmap(
                drive, [(port, path, n, seconds, check, 1, headers) for n in shares if n]
            )
        return {
            "requests": sum(p["requests"] for p in parts),
            "errors": sum(p["errors"] for p in parts),
            "seconds": max(p["seconds"] for p in parts),
            "latencies": [x for p in parts for x in p["latencies"]],
        }
    request_headers = headers or {}
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start_gate = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = latencies[index]
        start_gate.wait()
        while True:
            began = time.perf_counter()
            if began >= stop_at[0]:
                break
            try:
                conn.request("GET", path, headers={"Accept": "application/json", **request_headers})
                response = conn.getresponse()
                body = response.read()
                if response.status != 200 or not check(body):
                    errors[index] += 1
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                continue
            mine.append(time.perf_counter() - began)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start_gate.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    flat = [x for chunk in latencies for x in chunk]
    return {"requests": len(flat), "errors": sum(errors), "seconds": elapsed, "latencies": flat}


def summarise(runs: list[dict]) -> dict:
    latencies = [x for r in runs for x in r["latencies"]]
    requests = sum(r["requests"] for r in runs)
    seconds = sum(r["seconds"] for r in runs)
    return {
        "requests": requests,
        "errors": sum(r["errors"] for r in runs),
        "rps": requests / seconds if seconds else 0.0,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


def check_health(body: bytes) -> bool:
    return body == b'{"status": "ok"}'


def check_clauses(body: bytes) -> bool:
    """Cheap per-response check (the client shares the CPU with the server): a JSON page of
    clauses; every 50th body is parsed in full and every clause checked."""
    check_clauses.calls = getattr(check_clauses, "calls", 0) + 1
    if check_clauses.calls % 50 == 1:
        data = json.loads(body)
        return data["count"] > 0 and all("retention" in c["sections"] for c in data["results"])
    return body.startswith(b'{"count":') and b'"retention"' in body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--client-processes", type=int, default=4,
                        help="client processes sharing the --clients connections")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--no-cache", action="store_true",
                        help="run the server with the API read cache off "
                        "(API_CACHE_SECONDS=0): no cached series")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT") or 0),
                        help="the server's port (default: $BENCH_PORT, else a free one)")
    parser.add_argument("--scratch-suffix", default=os.environ.get("BENCH_SCRATCH", "api_bench"),
                        help="the scratch database is <database>_<suffix> (default api_bench)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse a database kept by --keep instead of building it again")
    args = parser.parse_args()

    suffix = args.scratch_suffix
    parts = urlsplit(args.database_url)
    name = f"{parts.path.lstrip('/') or 'postgres'}_{suffix}"
    if args.reuse:
        url = urlunsplit(parts._replace(path=f"/{name}"))
        import psycopg2

        try:
            psycopg2.connect(url).close()
        except psycopg2.OperationalError:
            raise SystemExit(f"--reuse: no database {name}; run once with --keep first") from None
    else:
        url, name = scratch_database(args.database_url, suffix)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        # Throttles stay on, at a rate no client reaches, over a 1 s window: DRF keeps every
        # request time of the window in the cache, so a minute-long window at these rates
        # would make each request (un)pickle tens of thousands of timestamps.
        "API_THROTTLE_ANON": "1000000/second",
        "API_THROTTLE_USER": "1000000/second",
        "POLICY_PUBLIC_BROWSING": "true",
        # The seeds are extracted inside load_seeds (not on the embedded background thread),
        # so that their clauses exist before the copies are made.
        "POLICY_EAGER_IN_BACKGROUND": "0",
    }
    if args.no_cache:
        env["API_CACHE_SECONDS"] = "0"
    env.pop("CELERY_BROKER_URL", None)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG",
                                           "LOG_LEVEL", "POLICY_EAGER_IN_BACKGROUND")})
    os.environ.pop("CELERY_BROKER_URL", None)
    server = None
    try:
        started = time.perf_counter()
        if args.reuse:
            import django
            from django.core.management import call_command

            django.setup()
            call_command("migrate", verbosity=0)  # the kept database may predate a migration
            stats = {"reused": name}
        else:
            stats = build_data(args.companies)
        print(f"data: {stats} in {time.perf_counter() - started:.1f}s", flush=True)
        port = args.port or free_port()
        server = start_gunicorn(env, port, args)
        print(f"gunicorn: {args.workers} workers ({args.worker_class}, {args.threads} threads) "
              f"on 127.0.0.1:{port}; {args.clients} concurrent keep-alive clients in "
              f"{args.client_processes} processes", flush=True)
        procs = args.client_processes
        series = [("health", HEALTH, check_health, None),
                  ("clauses_uncached", CLAUSES, check_clauses, NO_CACHE)]
        if not args.no_cache:
            series.append(("clauses_cached", CLAUSES, check_clauses, None))
        for _, path, check, headers in series:
            drive(port, path, args.clients, args.warmup, check, procs, headers)
        runs: dict[str, list[dict]] = {name: [] for name, *_ in series}
        for _ in range(args.rounds):
            for name, path, check, headers in series:
                runs[name].append(
                    drive(port, path, args.clients, args.seconds, check, procs, headers))
        results = {name: summarise(r) for name, r in runs.items()}
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(args.database_url, name)

    health = results["health"]
    labels = {"health": HEALTH, "clauses_uncached": f"{CLAUSES} (uncached)",
              "clauses_cached": f"{CLAUSES} (cached)"}
    print(f"{'series':52} {'req/s':>8} {'/health':>7} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'requests':>9} {'errors':>6}")
    verdicts = {}
    for name, row in results.items():
        row["ratio"] = round(row["rps"] / health["rps"], 3) if health["rps"] else 0.0
        print(f"{labels[name]:52} {row['rps']:8.1f} {row['ratio']:7.2f} {row['p50_ms']:8.1f} "
              f"{row['p99_ms']:8.1f} {row['requests']:9d} {row['errors']:6d}")
        if name != "health":
            verdicts[name] = row["ratio"] >= 0.40 and row["p99_ms"] < 250
    for name, ok in verdicts.items():
        row = results[name]
        print(f"{labels[name]}: {row['ratio']:.2f} x health (target >= 0.40), p99 "
              f"{row['p99_ms']:.0f} ms (target < 250): {'OK' if ok else 'MISSED'}")
    print(json.dumps({**results, "clients": args.clients, "workers": args.workers,
                      "worker_class": args.worker_class, "threads": args.threads,
                      "cache": not args.no_cache, "data": stats}))
    errors = sum(row["errors"] for row in results.values())
    return 0 if (verdicts["clauses_uncached"] and not errors) else 1


if __name__ == "__main__":
    sys.exit(main())
