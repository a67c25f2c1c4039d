"""A real change reaches the Atom feeds and a signed webhook; noise reaches neither."""

from __future__ import annotations

import hashlib
import hmac
import json

import feedparser
import pytest

from tracking.models import ChangeEvent, Delivery
from tracking.services import source_check, source_create, subscription_create

pytestmark = pytest.mark.django_db

SECRET = "a-webhook-secret-of-some-length"


@pytest.fixture
def hook(site, user, company):
    return subscription_create(owner=user, target=site.url("/hook"), secret=SECRET,
                               company=company)


def _change(company, site, acme_page, run_commits):
    source = source_create(company=company, url=site.url("/privacy"))[0]
    run_commits(source_check, source_id=source.pk, force=True)  # first version
    run_commits(source_check, source_id=source.pk, force=True)  # noise only
    acme_page.state["months"] = 36
    run_commits(source_check, source_id=source.pk, force=True)  # the real change
    return source


def test_a_real_change_is_one_signed_webhook_delivery(company, site, acme_page, run_commits,
                                                       hook, user, api):
    _change(company, site, acme_page, run_commits)
    event = ChangeEvent.objects.exclude(from_version=None).get()
    assert len(site.posts) == 1  # not the first version, not the noise
    path, headers, body = site.posts[0]
    assert path == "/hook"
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Atlas-Signature"], expected)
    payload = json.loads(body)
    assert payload["id"] == event.pk and payload["company"]["slug"] == "acme"
    assert payload["type"] == "policy.changed"
    assert payload["changes"][0]["field"] == "retention"
    assert payload["diff_url"].endswith(f"?from={event.from_version_id}&to={event.to_version_id}")
    delivery = Delivery.objects.get()
    assert headers["Idempotency-Key"] == delivery.idempotency_key
    assert delivery.status == "delivered" and delivery.last_status_code == 200
    log = api.get(f"/api/v1/subscriptions/{hook.pk}/deliveries/").json()
    assert log["count"] == 1 and log["results"][0]["status"] == "delivered"


def test_a_failed_delivery_is_retried_with_backoff_and_the_same_key(
    company, site, acme_page, run_commits, hook, settings
):
    from django.utils import timezone

    from tracking.services import delivery_attempt

    settings.TRACKING_WEBHOOK_RETRY_BASE = 30
    site.post_status = 503
    _change(company, site, acme_page, run_commits)
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.last_status_code == 503 and "503" in delivery.last_error
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert 25 < wait <= 30
    assert delivery_attempt(delivery_id=delivery.pk) is None  # not due yet
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    site.post_status = 200
    delivery = delivery_attempt(delivery_id=delivery.pk)
    assert delivery.status == "delivered" and delivery.attempts == 2
    keys = {h["Idempotency-Key"] for _, h, _ in site.posts}
    assert keys == {delivery.idempotency_key} and len(site.posts) == 2
    assert delivery_attempt(delivery_id=delivery.pk) is None  # delivered: never again


def test_subscription_filters_keep_other_events_out(company, site, acme_page, run_commits,
                                                    user):
    subscription_create(owner=user, target=site.url("/hook"), secret=SECRET,
                        section="children")
    subscription_create(owner=user, target=site.url("/hook"), secret=SECRET,
                        min_materiality=99)
    _change(company, site, acme_page, run_commits)
    assert site.posts == [] and not Delivery.objects.exists()


def test_the_change_is_an_entry_in_the_atom_feeds(client, company, site, acme_page,
                                                  run_commits):
    _change(company, site, acme_page, run_commits)
    event = ChangeEvent.objects.exclude(from_version=None).get()
    for url in ("/feeds/changes.atom", "/feeds/companies/acme.atom",
                "/feeds/changes.atom?section=retention"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10"
        newest = feed.entries[0]
        assert newest.title.startswith("Acme: Retention changed")
        assert newest.link.endswith(f"?from={event.from_version_id}&to={event.to_version_id}")
        assert "Retention changed" in newest.content[0].value
        assert newest.id and newest.updated
    assert len(feedparser.parse(client.get("/feeds/changes.atom").content).entries) == 2
    empty = feedparser.parse(client.get("/feeds/changes.atom?section=children").content)
    assert empty.entries == [] and not empty.bozo
    assert client.get("/feeds/changes.atom?section=diary").status_code == 400
    assert client.get("/feeds/companies/nope.atom").status_code == 404


def test_an_upload_records_a_change_event_too(company, run_commits):
    from extraction.services import policy_version_ingest

    for months in (12, 24):
        run_commits(policy_version_ingest, company=company, source_kind="paste",
                    text=f"Privacy Policy\n\nData retention\n\nWe retain your personal data "
                         f"for {months} months after your account is closed.\n")
    event = ChangeEvent.objects.exclude(from_version=None).get()
    assert event.source is None and event.status == "ready"
    assert event.changes[0]["field"] == "retention"


def test_a_held_back_upload_alerts_nobody_until_confirmed(company, run_commits, site, user):
    from extraction.services import policy_version_ingest
    from policies.services import policy_version_confirm
    from tracking.services.events import change_events_build_pending

    subscription_create(owner=user, target=site.url("/hook"), secret=SECRET)
    text = ("Privacy Policy\n\nData retention\n\nWe retain your personal data for 12 months "
            "after your account is closed.\n" + "We also explain how we use information. " * 40)
    run_commits(policy_version_ingest, company=company, source_kind="paste", text=text)
    flagged = run_commits(policy_version_ingest, company=company, source_kind="paste",
                          text="Sign in to continue. Forgot your password?")
    assert flagged.version.held_back
    event = ChangeEvent.objects.get(to_version=flagged.version)
    assert event.status == "pending" and site.posts == []
    policy_version_confirm(version=flagged.version, user=user)
    run_commits(change_events_build_pending)
    event.refresh_from_db()
    assert event.status == "ready" and len(site.posts) == 1
