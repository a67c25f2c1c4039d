"""In a real browser: the version page's run status follows the run without reloading.

Headless chromium (Playwright) against pytest-django's live server. The run's row is moved
through its stages from the test, as a worker would; the htmx fragment picks each change up
in place, then reloads the page once when the run is done so the new clauses appear.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connections

from extraction.models import ExtractionRun
from extraction.services import extraction_run_execute
from policies.models import PolicyVersion
from policies.services import company_get_or_create, policy_get_or_create, policy_version_create

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("POLICY_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip

POLICY = """Status Page Shop Privacy Policy

1. Information we collect
We collect your email address and postal address when you order.

2. Sharing
We share your postal address with our delivery partner DHL to deliver orders.
"""


@pytest.fixture
def chromium_page(live_server, monkeypatch):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        try:
            yield page
        finally:
            browser.close()
            # The ORM calls of the test body ran under Playwright's sync API: close the
            # connection they opened, or PostgreSQL refuses to drop the test database at the
            # end of the session ("being accessed by other users").
            connections.close_all()


def test_run_status_updates_in_place_then_shows_the_clauses(chromium_page, live_server):
    page = chromium_page
    company, _ = company_get_or_create(name="Status Page Shop")
    version: PolicyVersion = policy_version_create(
        policy=policy_get_or_create(company=company), text=POLICY, source_kind="paste"
    ).version
    run = ExtractionRun.objects.create(version=version)  # queued; no worker in this test
    page.goto(f"{live_server.url}/companies/{company.slug}/versions/{version.pk}/")
    status = page.locator(f"#run-status-{run.pk}")
    assert "queued" in status.inner_text()
    page.evaluate("window.__notReloaded = true")

    ExtractionRun.objects.filter(pk=run.pk).update(
        status="running", stage="extracting", progress=63
    )
    page.wait_for_function(
        f"document.querySelector('#run-status-{run.pk}')?.dataset.progress === '63'"
    )
    assert "extracting" in status.inner_text() and "63%" in status.inner_text()
    assert page.evaluate("window.__notReloaded") is True, "updated in place, no reload"

    ExtractionRun.objects.filter(pk=run.pk).update(status="queued", stage="queued", progress=0)
    extraction_run_execute(run_id=run.pk, task_id="browser-test")
    page.wait_for_function("window.__notReloaded === undefined")  # htmx: HX-Refresh when done
    page.wait_for_selector(f"#run-status-{run.pk}[data-status='done']")
    assert "done" in page.locator(f"#run-status-{run.pk}").inner_text()
    assert "DHL" in page.content()
    assert page.locator(f"#run-status-{run.pk}[hx-get]").count() == 0, "polling stopped"
    assert page.js_errors == []
