"""Production settings pass `check --deploy`; compose runs commands the project has."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**extra: str) -> dict[str, str]:
    test_only = {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in test_only}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 10 + "-not-a-real-secret-but-long-and-varied-enough-0123456789abcdefXYZ",
        ALLOWED_HOSTS="atlas.example.org",
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_under_production_settings():
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_env(), capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def test_production_refuses_to_start_without_a_secret_key():
    proc = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=_production_env(SECRET_KEY=""), capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode != 0
    assert "SECRET_KEY must be set" in proc.stderr


def test_docker_compose_runs_commands_that_exist_in_the_project():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "migrate"} <= set(services)
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert compose["volumes"].keys() >= {"pgdata", "redisdata"}

    web = " ".join(services["web"]["command"])
    assert "gunicorn config.wsgi:application" in web
    worker = services["worker"]["command"]
    assert worker[:4] == ["celery", "-A", "config", "worker"]
    assert "extraction" in worker[worker.index("-Q") + 1].split(",")
    # Every queue the settings route tasks to has a worker consuming it.
    from django.conf import settings

    consumed = {
        queue
        for service in services.values()
        if service.get("command", [])[:4] == ["celery", "-A", "config", "worker"]
        for queue in service["command"][service["command"].index("-Q") + 1].split(",")
    }
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed <= consumed, routed - consumed
    beat = services["beat"]["command"]
    assert beat[:4] == ["celery", "-A", "config", "beat"]
    scheduler = beat[beat.index("--scheduler") + 1]
    assert scheduler == settings.CELERY_BEAT_SCHEDULER
    assert settings.CELERY_BEAT_SCHEDULER.split(".")[0] in settings.INSTALLED_APPS
    env = services["web"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["CELERY_BROKER_URL"].startswith("redis://")

    # The modules those commands name exist and import.
    import importlib

    importlib.import_module("config.wsgi")
    from config.celery import app

    assert app.main == "policy_atlas"
    assert (ROOT / "config" / "settings" / "production.py").exists()
    assert (ROOT / "Dockerfile").exists()
    migrate = " ".join(services["migrate"]["command"])
    for command in ("migrate", "collectstatic", "load_seeds"):
        assert command in migrate
    from django.core.management import get_commands

    assert "load_seeds" in get_commands()
