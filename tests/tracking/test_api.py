"""REST API: sources, change events, subscriptions and their delivery log."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tracking.models import Source, Subscription

pytestmark = pytest.mark.django_db


def test_post_a_source_with_a_token_answers_201_and_checks_it(api, company, site, acme_page,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/sources/", {"company": "acme", "url": site.url("/privacy")},
                            format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] and body["company"] == "acme" and body["kind"] == "privacy"
    assert response["Location"].endswith(f"/api/v1/sources/{body['id']}/")
    detail = api.get(f"/api/v1/sources/{body['id']}/").json()
    assert detail["status"] == "ok" and detail["last_http_status"] == 200
    assert detail["last_checked_at"] and detail["last_changed_at"] and detail["next_check_at"]
    assert detail["last_error"] == "" and detail["check_count"] == 1
    again = api.post("/api/v1/sources/", {"company": "acme", "url": site.url("/privacy")},
                     format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]


def test_a_failing_source_shows_its_error(api, company, site, acme_page,
                                           django_capture_on_commit_callbacks):
    acme_page.status = 410
    with django_capture_on_commit_callbacks(execute=True):
        sid = api.post("/api/v1/sources/", {"company": "acme", "url": site.url("/privacy")},
                       format="json").json()["id"]
    detail = api.get(f"/api/v1/sources/{sid}/").json()
    assert detail["status"] == "failing" and detail["last_http_status"] == 410
    assert "410" in detail["last_error"] and detail["failure_count"] == 1
    checks = api.get(f"/api/v1/sources/{sid}/checks/").json()
    assert checks[0]["outcome"] == "failed" and checks[0]["http_status"] == 410


@pytest.mark.parametrize("payload, field", [
    ({"company": "nope", "url": "https://example.com/p"}, "company"),
    ({"company": "acme", "url": "not a url"}, "url"),
    ({"company": "acme"}, "url"),
    ({"company": "acme", "url": "ftp://example.com/p"}, "url"),
    ({"company": "acme", "url": "https://example.com/p", "check_interval": 5}, "check_interval"),
    ({"company": "acme", "url": "https://example.com/p", "kind": "diary"}, "kind"),
])
def test_bad_source_input_is_a_400_naming_the_field(api, company, payload, field):
    response = api.post("/api/v1/sources/", payload, format="json")
    assert response.status_code == 400
    assert field in str(response.json()), response.json()
    assert not Source.objects.exists()


def test_writes_need_a_token(company, site):
    response = APIClient().post("/api/v1/sources/", {"company": "acme", "url": site.url("/p")},
                                format="json")
    assert response.status_code == 401


def test_pause_and_resume_by_its_creator_only(api, company, site, user):
    from tests.factories import UserFactory
    from tracking.services import source_create

    source = source_create(company=company, url=site.url("/privacy"), created_by=user)[0]
    response = api.patch(f"/api/v1/sources/{source.pk}/", {"paused": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "paused"
    other = APIClient()
    other.force_authenticate(UserFactory(username="mallory"))
    assert other.patch(f"/api/v1/sources/{source.pk}/", {"paused": False},
                       format="json").status_code == 403


def test_changes_list_newest_first_with_filters(api, changed_twice):
    body = api.get("/api/v1/changes/?company=acme").json()
    events = body["results"]
    assert body["count"] == 3
    assert [e["from_version"] is None for e in events] == [False, False, True]
    newest = events[0]
    assert newest["changes"][0]["field"] == "retention"
    assert "36 months" in newest["changes"][0]["before"]
    assert "24 months" in newest["changes"][0]["after"]
    assert newest["diff_url"].endswith(f"?from={newest['from_version']}&to="
                                       f"{newest['to_version']}")
    assert api.get("/api/v1/changes/?section=retention").json()["count"] == 2
    assert api.get("/api/v1/changes/?field=retention&min_materiality=90").json()["count"] == 2
    assert api.get("/api/v1/changes/?field=children_age").json()["count"] == 0
    assert api.get("/api/v1/changes/?since=2000-01-01&until=2000-12-31").json()["count"] == 0
    assert api.get("/api/v1/changes/?since=2000-01-01").json()["count"] == 3


@pytest.mark.parametrize("query", ["company=nope", "section=diary", "field=x",
                                   "min_materiality=101", "min_materiality=x",
                                   "since=yesterday", "colour=red"])
def test_bad_change_filters_are_a_400(api, company, query):
    assert api.get(f"/api/v1/changes/?{query}").status_code == 400


def _queries(api, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert api.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_counts_do_not_grow_with_rows(api, changed_twice, site, user):
    from tests.factories import CompanyFactory
    from tracking.services import source_create, subscription_create

    lists = ["/api/v1/changes/", "/api/v1/changes/?section=retention&min_materiality=50",
             "/api/v1/sources/", "/api/v1/subscriptions/"]
    sub = subscription_create(owner=user, target=site.url("/hook"), secret="s" * 20)
    lists.append(f"/api/v1/subscriptions/{sub.pk}/deliveries/")
    before = [_queries(api, url) for url in lists]
    for n in range(5):
        company = CompanyFactory(name=f"More {n}", slug=f"more-{n}")
        source_create(company=company, url=site.url(f"/more{n}"))
        subscription_create(owner=user, target=site.url(f"/hook{n}"), secret="s" * 20)
    from tracking.models import ChangeEvent

    event = ChangeEvent.objects.first()
    for n in range(3):
        ChangeEvent.objects.create(company=event.company, policy=event.policy,
                                   to_version=_version(event, n), occurred_at=event.occurred_at,
                                   status="ready", changes=event.changes)
    after = [_queries(api, url) for url in lists]
    assert after == before, dict(zip(lists, zip(before, after, strict=True), strict=True))
    assert max(after) <= 6


def _version(event, n):
    from policies.models import PolicyVersion

    v = event.to_version
    return PolicyVersion.objects.create(policy=v.policy, text=f"{v.text} {n}",
                                        content_sha256=f"{n:064d}", source_kind="paste")


def test_subscriptions_are_created_listed_and_private(api, company, user, site):
    response = api.post("/api/v1/subscriptions/", {
        "target": site.url("/hook"), "secret": "s" * 20, "company": "acme",
        "section": "retention", "min_materiality": 50,
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert "secret" not in body and body["company"] == "acme"
    assert api.get("/api/v1/subscriptions/").json()["count"] == 1
    assert api.get(body["deliveries_url"]).json()["count"] == 0
    from tests.factories import UserFactory

    other = APIClient()
    other.force_authenticate(UserFactory(username="eve"))
    assert other.get("/api/v1/subscriptions/").json()["count"] == 0
    assert other.get(f"/api/v1/subscriptions/{body['id']}/").status_code == 404
    assert APIClient().get("/api/v1/subscriptions/").status_code in (401, 403)


@pytest.mark.parametrize("payload, field", [
    ({"target": "https://hooks.example.org/x", "secret": "short"}, "secret"),
    ({"target": "nope", "secret": "s" * 20}, "target"),
    ({"target": "https://hooks.example.org/x", "secret": "s" * 20, "min_materiality": 200},
     "min_materiality"),
    ({"target": "https://hooks.example.org/x", "secret": "s" * 20, "section": "x"}, "section"),
])
def test_bad_subscriptions_are_a_400(api, payload, field, site):
    response = api.post("/api/v1/subscriptions/", payload, format="json")
    assert response.status_code == 400 and field in str(response.json())
    assert not Subscription.objects.exists()
