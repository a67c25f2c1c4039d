from __future__ import annotations

import pytest

from tests.tracking.site import Page, PolicySite, policy_html


@pytest.fixture
def site(settings):
    settings.POLICY_ALLOW_PRIVATE_URLS = True
    with PolicySite() as s:
        yield s


@pytest.fixture
def company(db):
    from policies.services import company_get_or_create

    return company_get_or_create(name="Acme")[0]


@pytest.fixture
def run_commits(django_capture_on_commit_callbacks):
    """Run a callable with its on-commit callbacks (extraction, events, webhooks) executed."""

    def _run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return _run


@pytest.fixture
def acme_page(site):
    state = {"months": 18}
    page = Page(render=lambda: policy_html("Acme", retention_months=state["months"]))
    site.pages["/privacy"] = page
    page.state = state
    return page


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory(username="tracker")


@pytest.fixture
def api(user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def changed_twice(company, site, acme_page, run_commits):
    """A source checked three times: first version, retention 18 -> 36, then 36 -> 24."""
    from tracking.services import source_check, source_create

    source = source_create(company=company, url=site.url("/privacy"))[0]
    for months in (18, 36, 24):
        acme_page.state["months"] = months
        run_commits(source_check, source_id=source.pk, force=True)
    return source
