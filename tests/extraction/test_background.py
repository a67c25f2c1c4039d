"""Embedded default: extraction runs after the response, on a background thread."""

from __future__ import annotations

import pytest
from django.urls import reverse

from extraction.models import ExtractionRun
from extraction.services import runs
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

POLICY = (
    "Shop Privacy Policy\n\nInformation we collect\nWe collect your name and email address "
    "when you place an order.\n\nRetention\nWe keep order records for 6 years.\n"
)


def test_upload_answers_before_extraction_and_the_thread_finishes_it(
    client, settings, monkeypatch
):
    settings.POLICY_EAGER_IN_BACKGROUND = True
    submitted = []
    monkeypatch.setattr(runs, "background_submit", lambda fn, *args: submitted.append((fn, args)))
    client.force_login(UserFactory())
    response = client.post(reverse("extraction:upload"),
                           {"new_company": "Thread Co", "text": POLICY * 20})
    assert response.status_code == 302
    run = ExtractionRun.objects.get()
    assert run.status == ExtractionRun.Status.QUEUED and run.dispatched_at is not None
    page = client.get(response["Location"])
    assert b"Queued" in page.content or b"queued" in page.content, "progress is shown"
    assert len(submitted) == 1
    fn, args = submitted[0]
    fn(*args)  # what the background thread does
    run.refresh_from_db()
    assert run.status == ExtractionRun.Status.DONE and run.clause_count > 0


def test_the_real_background_thread_runs_it(client, settings):
    settings.POLICY_EAGER_IN_BACKGROUND = True
    client.force_login(UserFactory())
    client.post(reverse("extraction:upload"), {"new_company": "Real Thread Co", "text": POLICY})
    runs.background_submit(lambda: None)  # queued behind the extraction
    runs._background.shutdown(wait=True)  # noqa: SLF001 - wait for it deterministically
    runs._background = None  # noqa: SLF001
    assert ExtractionRun.objects.get().status == ExtractionRun.Status.DONE
