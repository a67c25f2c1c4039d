"""Start, wait for, kill and clean up real ``celery worker`` processes in tests.

Each worker runs in its own process group (so SIGKILL takes the pool children with it, as
when a machine dies), logs to a file the test can read, and talks to the test database that
pytest-django created (``test_<name>``) through ``DATABASE_URL``. Every queue a test uses has
a unique name, and ``purge_queues`` removes its messages (including the unacknowledged ones a
killed worker leaves behind in Redis) so nothing leaks into other runs.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def unique_queue(label: str) -> str:
    return f"atlas-test-{label}-{uuid.uuid4().hex[:8]}"


def test_database_url() -> str:
    """The URL of the database pytest-django is using (``test_test`` on the CI PostgreSQL)."""
    db = connection.settings_dict
    assert db["ENGINE"].endswith("postgresql"), "worker tests need PostgreSQL"
    user = db.get("USER") or ""
    password = db.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def worker_env(queue: str, **extra: Any) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=test_database_url(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        POLICY_EXTRACTION_QUEUE=queue,
        POLICY_SWEEP_QUEUE=f"{queue}-sweep",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
        PYTHONUNBUFFERED="1",
    )
    env.pop("POLICY_REQUIRE_SERVICES", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def wait_for(
    predicate: Callable[[], Any], *, timeout: float, interval: float = 0.2, what: str = ""
) -> Any:
    """Poll until ``predicate()`` is truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what or predicate}")
        time.sleep(interval)


class Worker:
    """One ``celery worker`` node (a main process and ``concurrency`` pool processes).

    It consumes ``queue`` (extraction) and ``<queue>-sweep`` (the recovery sweep)."""

    def __init__(
        self,
        name: str,
        queue: str,
        log_dir: Path,
        *,
        app: str = "config",
        concurrency: int = 1,
        env: dict[str, Any] | None = None,
    ) -> None:
        self.name = f"{name}-{uuid.uuid4().hex[:6]}"
        self.queue = queue
        self.app = app
        self.concurrency = concurrency
        self.log_path = log_dir / f"{self.name}.log"
        self.env = worker_env(queue, **(env or {}))
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        command = [
            CELERY, "-A", self.app, "worker",
            "-Q", f"{self.queue},{self.queue}-sweep",
            "-n", f"{self.name}@%h",
            "--pool", "prefork",
            "--concurrency", str(self.concurrency),
            "--prefetch-multiplier", "1",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel", "INFO",
        ]  # fmt: skip
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        return self

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_ready(self, timeout: float = 90) -> Worker:
        """Wait until the node consumes and every pool process has loaded the NLP pipeline."""

        def ready() -> bool:
            if not self.alive:
                raise AssertionError(f"worker {self.name} exited:\n{self.tail()}")
            log = self.log()
            loaded = log.count("NLP pipeline loaded in worker process")
            return " ready." in log and loaded >= self.concurrency

        try:
            wait_for(ready, timeout=timeout, interval=0.25, what=f"worker {self.name} ready")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{self.tail()}") from None
        return self

    def succeeded(self) -> int:
        """How many extraction tasks this node finished (from its log)."""
        return len(re.findall(r"Task extraction\.extract_run\[[^\]]+\] succeeded in", self.log()))

    def pool_pids(self) -> list[int]:
        """Process ids of the node's pool processes (children of its main process)."""
        assert self.process is not None
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def kill(self) -> None:
        """SIGKILL the whole node, pool children included: no shutdown handlers run."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def stop(self, timeout: float = 20) -> None:
        """Warm shutdown (SIGTERM), then SIGKILL whatever is left of the process group."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.process.send_signal(signal.SIGTERM)
                self.process.wait(timeout=timeout)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a zombie we cannot reap
            pass


def start_all(workers: Iterable[Worker], timeout: float = 90) -> list[Worker]:
    """Start several nodes at once (they boot in parallel), then wait for all."""
    started = [w.start() for w in workers]
    for worker in started:
        worker.wait_ready(timeout=timeout)
    return started


def stop_all(workers: Iterable[Worker], timeout: float = 20) -> None:
    """Warm-shut several nodes down at once (SIGTERM to all, then wait), then SIGKILL leftovers."""
    workers = list(workers)
    for worker in workers:
        if worker.alive:
            try:
                worker.process.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + timeout
    for worker in workers:
        if worker.process is not None:
            try:
                worker.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        worker.stop(timeout=0.1)


def wait_for_other_sessions_to_close(timeout: float = 10) -> int:
    """Wait (bounded) until no other session uses the test database, so pytest-django can
    drop it at the end: a stopped worker's PostgreSQL backends exit a moment after it does.
    Returns how many other sessions were still open at the end."""

    def others() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]

    deadline = time.monotonic() + timeout
    while (left := others()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def redis_client():
    import redis

    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=3)


def purge_queues(prefix: str = "atlas-test-", queues: Iterable[str] = ()) -> int:
    """Delete the queues' messages, bindings and unacknowledged entries left in Redis
    (for each queue name, every queue whose name starts with it, e.g. its ``-sweep`` queue)."""
    client = redis_client()
    names = set(queues)
    removed = 0
    for name in names:
        for key in client.scan_iter(match=f"{name}*", count=500):
            removed += client.delete(key)
        for key in client.scan_iter(match=f"_kombu.binding*.{name}*", count=500):
            removed += client.delete(key)
    for tag, payload in client.hscan_iter("unacked", count=500):
        try:
            routing_key = json.loads(payload)[2]
        except (ValueError, IndexError, TypeError):
            continue
        if str(routing_key).startswith(tuple(names) or (prefix,)):
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
            removed += 1
    return removed
