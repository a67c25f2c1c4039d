"""The tracking pages: sources (list, add, detail, pause), changes, a change, the timeline."""

from __future__ import annotations

import pytest

from tracking.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def test_adding_a_source_needs_sign_in_and_checks_it(client, signed_in, site, acme_page,
                                                     django_capture_on_commit_callbacks):
    from django.test import Client

    anonymous = Client()
    response = anonymous.post("/sources/", {"new_company": "Acme", "url": site.url("/privacy"),
                                            "kind": "privacy", "check_interval": 86400})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Source.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post("/sources/", {
            "new_company": "Acme", "url": site.url("/privacy"), "kind": "privacy",
            "check_interval": 86400})
    source = Source.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sources/{source.pk}/"
    page = signed_in.get(f"/sources/{source.pk}/").content.decode()
    assert "OK" in page and "New version" in page
    assert "Recent checks" in page and site.url("/privacy") in page
    listing = signed_in.get("/sources/").content.decode()
    assert "Acme" in listing and "OK (1)" in listing


def test_a_bad_address_is_shown_next_to_the_field(signed_in, settings):
    settings.POLICY_ALLOW_PRIVATE_URLS = False
    response = signed_in.post("/sources/", {"new_company": "Acme", "url": "http://127.0.0.1/p",
                                            "kind": "privacy", "check_interval": 86400})
    assert response.status_code == 200
    assert "private or local address" in response.content.decode()
    assert not Source.objects.exists()


def test_pause_is_for_the_creator_and_needs_csrf(signed_in, user, company, site):
    from django.test import Client

    from tracking.services import source_create

    source = source_create(company=company, url=site.url("/privacy"), created_by=user)[0]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(f"/sources/{source.pk}/pause/").status_code == 403
    assert signed_in.post(f"/sources/{source.pk}/pause/").status_code == 302
    source.refresh_from_db()
    assert source.paused and source.status == "paused"


def test_changes_page_timeline_and_change_detail(client, changed_twice):
    from tracking.models import ChangeEvent

    page = client.get("/changes/").content.decode()
    assert "3 change events" in page and "Retention changed" in page
    assert 'type="application/atom+xml"' in page
    assert "1 change event" not in client.get("/changes/?section=retention").content.decode()
    assert "No change events match" in client.get(
        "/changes/?field=children_age").content.decode()
    event = ChangeEvent.objects.exclude(from_version=None).first()
    detail = client.get(f"/changes/{event.pk}/").content.decode()
    assert "Before:" in detail and "After:" in detail and "/diff/?from=" in detail
    timeline = client.get("/companies/acme/timeline/").content.decode()
    assert timeline.count('class="timeline-item"') == 3 and "Retention changed" in timeline
    assert client.get("/companies/nope/timeline/").status_code == 404
