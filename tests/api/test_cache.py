"""The read cache serves repeated reads and never serves stale data after a change."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PolicyVersionFactory


def test_repeated_reads_are_cached_and_cheap(api, seeds):
    url = "/api/v1/clauses/?section=retention"
    first = api.get(url)
    assert first["X-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = api.get(url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 1  # the data stamp only
    assert api.get(url + "&page_size=3")["X-Cache"] == "miss"


def test_a_finished_extraction_invalidates(
    auth_api, api, seeds, django_capture_on_commit_callbacks
):
    url = "/api/v1/clauses/?section=retention&company=intsig"
    before = api.get(url).json()
    policy = api.get("/api/v1/policies/?company=intsig").json()["results"][0]
    text = "Privacy\n\nDATA RETENTION\n\nWe keep your email address for 7 years.\n"
    with django_capture_on_commit_callbacks(execute=True):
        assert auth_api.post(policy["versions_url"], {"text": text}, format="json").status_code \
            == 202
    after = api.get(url)
    assert after["X-Cache"] == "miss"
    assert after.json()["count"] > before["count"]


def test_deleting_a_version_invalidates(auth_api, api, seeds, user):
    version = PolicyVersionFactory(policy_id=seeds["intsig"].policies.get().pk, uploaded_by=user)
    url = "/api/v1/policies/?company=intsig"
    assert api.get(url).json()["results"][0]["version_count"] == 2
    assert auth_api.delete(f"/api/v1/versions/{version.pk}/").status_code == 204
    assert api.get(url).json()["results"][0]["version_count"] == 1


def test_cache_off(api, seeds, settings):
    settings.API_CACHE_SECONDS = 0
    api.get("/api/v1/companies/")
    assert not api.get("/api/v1/companies/").has_header("X-Cache")


def test_stamp_is_memoised_per_process_and_no_cache_bypasses(api, seeds, settings, user):
    settings.API_CACHE_STAMP_SECONDS = 60
    url = "/api/v1/policies/?company=intsig"
    assert api.get(url)["X-Cache"] == "miss"
    PolicyVersionFactory(policy_id=seeds["intsig"].policies.get().pk, uploaded_by=user)
    with CaptureQueriesContext(connection) as queries:
        stale = api.get(url)
    assert stale["X-Cache"] == "hit" and len(queries) == 0
    assert stale.json()["results"][0]["version_count"] == 1
    fresh = api.get(url, HTTP_CACHE_CONTROL="no-cache")
    assert fresh.json()["results"][0]["version_count"] == 2
