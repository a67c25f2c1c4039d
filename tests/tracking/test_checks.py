"""Checking a source against a loopback site whose noise changes on every request."""

from __future__ import annotations

import pytest

from policies.models import PolicyVersion
from tracking.models import ChangeEvent, Source, SourceCheck
from tracking.services import source_check, source_create

pytestmark = pytest.mark.django_db


def _source(company, site, path="/privacy"):
    return source_create(company=company, url=site.url(path))[0]


def test_first_fetch_makes_one_version_and_noise_makes_none(company, site, acme_page,
                                                            run_commits):
    source = _source(company, site)
    first = run_commits(source_check, source_id=source.pk, force=True)
    assert first.outcome == SourceCheck.Outcome.NEW_VERSION
    version = PolicyVersion.objects.get()
    assert "Page generated" not in version.text and "cookies to make this" not in version.text
    assert "Sign in" not in version.text and "Careers" not in version.text
    assert "We retain your personal data for 18 months" in version.text
    assert "Email: privacy@acme.example" in version.text  # short blocks are kept
    for _ in range(2):
        again = run_commits(source_check, source_id=source.pk, force=True)
        assert again.outcome == SourceCheck.Outcome.UNCHANGED
    assert acme_page.hits == 3
    assert PolicyVersion.objects.count() == 1
    source.refresh_from_db()
    assert source.status == Source.Status.OK and source.last_http_status == 200
    assert source.check_count == 3 and source.failure_count == 0
    assert source.last_changed_at is not None and source.next_check_at > source.last_checked_at
    ua = acme_page.requests[0]["User-Agent"]
    assert ua.startswith("PolicyAtlasTracker/") and "+http" in ua


def test_a_source_that_is_not_due_is_not_checked(company, site, acme_page, run_commits):
    source = _source(company, site)
    assert run_commits(source_check, source_id=source.pk) is not None  # new: due at once
    assert source_check(source_id=source.pk) is None  # next check is a day away
    assert acme_page.hits == 1


def test_conditional_requests_get_304_and_make_nothing(company, site, acme_page, run_commits):
    acme_page.etag = True
    acme_page.version = "v1"
    source = _source(company, site)
    run_commits(source_check, source_id=source.pk, force=True)
    second = run_commits(source_check, source_id=source.pk, force=True)
    assert second.outcome == SourceCheck.Outcome.NOT_MODIFIED
    assert acme_page.requests[1]["If-None-Match"].startswith('"')
    assert PolicyVersion.objects.count() == 1
    source.refresh_from_db()
    assert source.etag and source.last_http_status == 304


@pytest.mark.parametrize("status", [404, 410, 500])
def test_error_statuses_make_no_version_and_mark_the_source_failing(
    company, site, acme_page, run_commits, status
):
    acme_page.status = status
    source = _source(company, site)
    result = run_commits(source_check, source_id=source.pk, force=True)
    assert result.outcome == SourceCheck.Outcome.FAILED
    assert PolicyVersion.objects.count() == 0
    source.refresh_from_db()
    assert source.status == Source.Status.FAILING
    assert source.last_http_status == status and str(status) in source.last_error
    assert source.failure_count == 1
    check = source.checks.get()
    assert check.outcome == "failed" and check.http_status == status


def test_a_timeout_fails_and_backs_off_exponentially(company, site, acme_page, run_commits,
                                                     settings):
    settings.TRACKING_FETCH_TIMEOUT = 0.3
    settings.TRACKING_RETRY_BASE = 60
    acme_page.delay = 1.0
    source = _source(company, site)
    delays = []
    for _ in range(3):
        run_commits(source_check, source_id=source.pk, force=True)
        source.refresh_from_db()
        delays.append((source.next_check_at - source.last_checked_at).total_seconds())
    assert source.status == Source.Status.FAILING and source.failure_count == 3
    assert "did not answer within" in source.last_error
    assert [round(d) for d in delays] == [60, 120, 240]
    assert PolicyVersion.objects.count() == 0
    acme_page.delay = 0  # it recovers: ok again, counter reset
    run_commits(source_check, source_id=source.pk, force=True)
    source.refresh_from_db()
    assert source.status == Source.Status.OK and source.failure_count == 0


def test_a_sign_in_page_is_never_a_version(company, site, run_commits):
    from tests.tracking.site import SIGN_IN_HTML, Page

    site.pages["/privacy"] = Page(render=SIGN_IN_HTML)
    source = _source(company, site)
    result = run_commits(source_check, source_id=source.pk, force=True)
    assert result.outcome == SourceCheck.Outcome.FAILED
    assert PolicyVersion.objects.count() == 0
    source.refresh_from_db()
    assert source.status == Source.Status.FAILING and "sign-in page" in source.last_error


def test_a_connection_refused_is_a_failure(company, run_commits, settings):
    settings.POLICY_ALLOW_PRIVATE_URLS = True
    source = source_create(company=company, url="http://127.0.0.1:9/privacy")[0]
    result = run_commits(source_check, source_id=source.pk, force=True)
    assert result.outcome == "failed" and "could not be fetched" in result.error


def test_a_real_change_makes_one_version_and_a_ranked_change_event(
    company, site, acme_page, run_commits
):
    source = _source(company, site)
    run_commits(source_check, source_id=source.pk, force=True)
    acme_page.state["months"] = 36
    result = run_commits(source_check, source_id=source.pk, force=True)
    assert result.outcome == SourceCheck.Outcome.NEW_VERSION
    assert PolicyVersion.objects.count() == 2
    events = list(ChangeEvent.objects.order_by("occurred_at"))
    assert [e.status for e in events] == ["ready", "ready"]
    first, change = events
    assert first.from_version is None and first.changes == []
    assert change.source == source and change.from_version == first.to_version
    top = change.changes[0]
    assert top["field"] == "retention" and top["kind"] == "changed"
    assert "18 months" in top["before"] and "36 months" in top["after"]
    assert change.max_materiality == top["materiality"]
    assert change.summary.startswith(top["summary"]), change.summary
    assert "Retention changed" in top["summary"]
    assert change.items.first().field == "retention"
    run_commits(source_check, source_id=source.pk, force=True)  # noise again: nothing new
    assert ChangeEvent.objects.count() == 2


def test_private_addresses_are_refused_when_not_allowed(company, settings):
    from django.core.exceptions import ValidationError

    settings.POLICY_ALLOW_PRIVATE_URLS = False
    with pytest.raises(ValidationError, match="private or local"):
        source_create(company=company, url="http://127.0.0.1:8000/privacy")


def test_a_page_that_lost_most_of_the_policy_is_refused(company, site, acme_page, run_commits):
    from tests.tracking.site import Page

    source = _source(company, site)
    run_commits(source_check, source_id=source.pk, force=True)
    site.pages["/privacy"] = Page(render="<html><body><main><h1>Oops</h1><p>Something went "
                                         "wrong. Please try again later.</p></main></body></html>")
    result = run_commits(source_check, source_id=source.pk, force=True)
    assert result.outcome == SourceCheck.Outcome.FAILED
    assert PolicyVersion.objects.count() == 1
    source.refresh_from_db()
    assert source.status == "failing" and "error page" in source.last_error


def test_manage_py_track_now_checks_every_source_and_plain_track_only_due_ones(
    company, site, acme_page, run_commits
):
    import io

    from django.core.management import call_command

    from tests.tracking.site import Page, policy_html

    site.pages["/other"] = Page(render=lambda: policy_html("Other"))
    first = _source(company, site)
    from tests.factories import CompanyFactory

    second = source_create(company=CompanyFactory(name="Other", slug="other"),
                           url=site.url("/other"))[0]
    paused = source_create(company=company, url=site.url("/paused"), paused=True)[0]
    out = io.StringIO()
    run_commits(call_command, "track", "--now", stdout=out)
    assert "Checked 2 source(s)" in out.getvalue() and "new_version: 2" in out.getvalue()
    out = io.StringIO()
    run_commits(call_command, "track", stdout=out)  # nothing is due for a day
    assert "Checked 0 source(s)" in out.getvalue()
    out = io.StringIO()
    run_commits(call_command, "track", "--now", stdout=out)
    assert "unchanged: 2" in out.getvalue()
    assert {s.check_count for s in Source.objects.filter(pk__in=[first.pk, second.pk])} == {2}
    paused.refresh_from_db()
    assert paused.check_count == 0


def test_the_tick_queues_due_sources_and_prunes_the_old_check_log(company, site, acme_page,
                                                                   run_commits, settings):
    from datetime import timedelta

    from django.utils import timezone

    from tracking.tasks import tick

    source = _source(company, site)
    result = run_commits(tick)
    assert "queued 1 source checks" in result
    source.refresh_from_db()
    assert source.check_count == 1 and source.queued_at is None
    assert "queued 0 source checks" in run_commits(tick)  # not due for a day
    SourceCheck.objects.update(started_at=timezone.now() - timedelta(days=91))
    run_commits(tick)
    assert not SourceCheck.objects.exists()
