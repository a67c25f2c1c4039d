"""Shared fixtures. Service-backed tests (marker ``services``) need PostgreSQL + Redis."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

REQUIRE_SERVICES = os.environ.get("POLICY_REQUIRE_SERVICES") == "1"


def pytest_collection_modifyitems(config, items):
    if REQUIRE_SERVICES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL + Redis: run `make test-services`")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_page_throttles():
    """Page, export and upload throttle counters (config/throttle.py) live in the cache: each
    test starts with none, so a long suite never trips the per-address page rate."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tests that don't drive a real worker run tasks eagerly, as the embedded default does."""
    if "services" in request.keywords:
        yield
        return
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture
def seeds(db, django_capture_on_commit_callbacks):
    """The five seed policies loaded and extracted, as `make run` does."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from policies.models import Company

    return {c.slug: c for c in Company.objects.all()}


@pytest.fixture
def held_conversions(monkeypatch):
    """PDF/DOCX conversions dispatched but not run: the test plays the worker and gets the ids
    (extraction.services.uploads)."""
    sent: list[int] = []
    monkeypatch.setattr(
        "extraction.services.uploads.upload_conversion_dispatch",
        lambda *, upload_id: sent.append(upload_id) or True,
    )
    return sent
