"""Run status for browsers (htmx fragment) and scripts (JSON); no NLP in web processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from extraction.models import ExtractionRun
from tests.factories import PolicyVersionFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _run(**fields) -> ExtractionRun:
    return ExtractionRun.objects.create(version=PolicyVersionFactory(), **fields)


def test_active_run_fragment_polls_and_shows_stage_and_percentage(client):
    run = _run(status="running", stage="classifying", progress=37)
    response = client.get(reverse("extraction:run-status", args=[run.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'hx-get="/runs/{run.pk}/status/"' in html and 'hx-trigger="every 1s"' in html
    assert "classifying" in html and 'value="37"' in html and "37%" in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "<script" not in html, "the polled fragment does not reload htmx"
    assert "HX-Refresh" not in response.headers
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_finished_run_stops_polling_and_reloads_the_page_once(client):
    run = _run(status="done", stage="done", progress=100, clause_count=12, pipeline_version="r-1")
    response = client.get(reverse("extraction:run-status", args=[run.pk]))
    html = response.content.decode()
    assert "hx-get" not in html and "12 clauses" in html
    assert response.headers["HX-Refresh"] == "true"
    assert response.headers["HX-Trigger"] == "extraction-run-finished"
    quiet = client.get(reverse("extraction:run-status", args=[run.pk]) + "?reload=0")
    assert "HX-Refresh" not in quiet.headers


def test_failed_run_shows_its_error_escaped(client):
    run = _run(status="failed", stage="failed", error="ValueError: <script>alert(1)</script>")
    response = client.get(reverse("extraction:run-status", args=[run.pk]))
    html = response.content.decode()
    assert "failed" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "HX-Refresh" not in response.headers


def test_included_fragment_loads_vendored_htmx():
    run = _run()
    html = render_to_string("extraction/_run_status.html", {"run": run})
    assert "/static/js/htmx.min.js" in html and "hx-get" in html
    assert (ROOT / "static" / "js" / "htmx.min.js").stat().st_size > 10_000
    quiet = render_to_string(
        "extraction/_run_status.html",
        {"run": run, "reload_when_done": False, "htmx_loaded": True},
    )
    assert "<script" not in quiet and "?reload=0" in quiet


def test_json_status(client):
    run = _run(status="running", stage="extracting", progress=80, attempts=2)
    body = client.get(reverse("extraction:run-status-json", args=[run.pk])).json()
    assert body["status"] == "running" and body["stage"] == "extracting"
    assert body["progress"] == 80 and body["active"] is True and body["attempts"] == 2
    assert body["version"] == run.version_id and body["error"] == ""
    assert client.get(reverse("extraction:run-status-json", args=[10**9])).status_code == 404


def test_status_needs_login_when_browsing_is_private(client, settings):
    settings.POLICY_PUBLIC_BROWSING = False
    run = _run()
    assert client.get(reverse("extraction:run-status-json", args=[run.pk])).status_code == 401
    page = client.get(reverse("extraction:run-status", args=[run.pk]))
    assert page.status_code == 302 and "login" in page["Location"]
    client.force_login(UserFactory())
    assert client.get(reverse("extraction:run-status-json", args=[run.pk])).status_code == 200


def test_status_endpoints_are_read_only(client):
    run = _run()
    assert client.post(reverse("extraction:run-status-json", args=[run.pk])).status_code == 405


def test_web_processes_never_build_the_nlp_pipeline():
    """Importing the URLconf and the WSGI app must not load spaCy's pipeline."""
    code = (
        "import json, sys, django; django.setup();"
        "import config.urls, config.wsgi;"
        "from django.urls import resolve; resolve('/');"
        "p = sys.modules.get('extraction.nlp.pipeline');"
        "built = bool(p and p.get_nlp.cache_info().currsize);"
        "print(json.dumps({'built': built, 'spacy_language': 'spacy.lang.en' in sys.modules}))"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
    env.pop("CELERY_BROKER_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"built": False, "spacy_language": False}


def test_worker_process_init_builds_the_pipeline_once():
    from celery.signals import worker_process_init

    from extraction.nlp import pipeline

    pipeline.get_nlp.cache_clear()
    worker_process_init.send(sender=None)
    assert pipeline.get_nlp.cache_info().currsize == 1
    first = pipeline.get_nlp()
    worker_process_init.send(sender=None)
    assert pipeline.get_nlp() is first


def test_unforked_pools_build_the_pipeline_at_worker_start():
    from celery.concurrency.solo import TaskPool
    from celery.signals import worker_init

    from extraction.nlp import pipeline

    class Worker:  # what celery passes: the WorkController, with its pool class
        def __init__(self, pool_cls):
            self.pool_cls = pool_cls

    pipeline.get_nlp.cache_clear()
    worker_init.send(sender=Worker("celery.concurrency.prefork:TaskPool"))
    assert pipeline.get_nlp.cache_info().currsize == 0, "prefork: each child loads it instead"
    worker_init.send(sender=Worker(TaskPool))
    assert pipeline.get_nlp.cache_info().currsize == 1
