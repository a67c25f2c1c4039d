"""Playwright (sync API) driving Debian's headless chromium against pytest-django's live server.

Marked ``browser``. Without /usr/bin/chromium the tests skip, except under ``CI=true`` where
they fail (``make test`` installs chromium with apt there). A failing test leaves a full-page
screenshot in ``artifacts/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("POLICY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def _async_unsafe_allowed():
    """Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
    test (fixtures, assertions, database flushes) would otherwise be refused as "async unsafe".
    Set for the browser modules only and removed after them: ``check --deploy`` refuses it."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="module")
def browser(django_db_setup, _async_unsafe_allowed):
    # The test database is created before Playwright's event loop starts in this thread.
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; `make test` installs it with apt under CI=true")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(live_server, browser, request):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.dialogs = dialogs
    page.js_errors = errors
    page.base = live_server.url
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::")[-1])
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as exc:  # noqa: BLE001 - never mask the test failure itself
            print(f"screenshot failed: {exc}")
    context.close()


@pytest.fixture
def analyst(transactional_db):
    from tests.factories import UserFactory

    return UserFactory(username="analyst", password=PASSWORD)


def sign_in(page, username: str = "analyst", password: str = PASSWORD) -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(f"text=Signed in as {username}")


@pytest.fixture
def seeded(transactional_db):
    """The five seeds, loaded and extracted into the live server's database."""
    from django.core.management import call_command

    call_command("load_seeds", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from policies.models import Company

    return {c.slug: c for c in Company.objects.all()}
