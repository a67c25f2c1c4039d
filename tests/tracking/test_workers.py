"""Real ``celery worker`` processes on PostgreSQL + Redis check tracked sources (pass 2).

However many messages ask for a source, and however many workers take them, one check of
one source runs at a time (the claim is a conditional UPDATE in the database): the loopback
site never sees two requests for a page at once, and the recorded checks never overlap.
"""

from __future__ import annotations

import pytest
from django.db.models import Count

from policies.models import PolicyVersion
from tests.extraction.workers import (
    Worker,
    purge_queues,
    start_all,
    stop_all,
    unique_queue,
    wait_for,
    wait_for_other_sessions_to_close,
)
from tests.tracking.site import Page, policy_html
from tracking.models import ChangeEvent, Source, SourceCheck
from tracking.services import source_create

pytestmark = [pytest.mark.services, pytest.mark.slow]


@pytest.fixture
def tracking_workers(transactional_db, settings, tmp_path, django_db_blocker):
    queue = unique_queue("tracking")
    settings.TRACKING_QUEUE = queue
    settings.POLICY_EXTRACTION_QUEUE = queue
    env = {"TRACKING_QUEUE": queue, "POLICY_ALLOW_PRIVATE_URLS": "1"}
    workers = [Worker(f"track-{n}", queue, tmp_path, concurrency=2, env=env) for n in "ab"]
    try:
        yield start_all(workers)
    finally:
        stop_all(workers)
        purge_queues(queues=[queue])
        with django_db_blocker.unblock():
            wait_for_other_sessions_to_close()


def test_two_workers_never_check_one_source_at_the_same_time(tracking_workers, site):
    from tests.factories import CompanyFactory
    from tracking.services.sources import source_check_dispatch

    company = CompanyFactory(name="Racer", slug="racer")
    site.pages["/slow"] = Page(render=lambda: policy_html("Racer"), delay=0.4)
    slow = source_create(company=company, url=site.url("/slow"))[0]
    due = []
    for n in range(6):
        site.pages[f"/p{n}"] = Page(render=lambda n=n: policy_html(f"Co{n}"))
        other = CompanyFactory(name=f"Co{n}", slug=f"co{n}")
        due.append(source_create(company=other, url=site.url(f"/p{n}"))[0])

    # Twelve forced checks of one slow source at once, and four copies of each due check.
    for _ in range(12):
        source_check_dispatch(source_id=slow.pk, force=True)
    for source in due:
        for _ in range(4):
            source_check_dispatch(source_id=source.pk)

    def settled():
        busy = Source.objects.exclude(claim_token="").exists()
        return not busy and SourceCheck.objects.filter(source__in=due).count() >= len(due)

    wait_for(settled, timeout=90, interval=0.5, what="the checks to finish")
    wait_for(lambda: all(w.log().count("tracking.check_source[") >= 1 for w in tracking_workers),
             timeout=30, what="both workers to take checks")

    assert site.max_active["/slow"] == 1, "two checks fetched the same source at once"
    checks = list(SourceCheck.objects.filter(source=slow).order_by("started_at"))
    assert 1 <= len(checks) <= 12
    for earlier, later in zip(checks, checks[1:], strict=False):
        assert earlier.finished_at <= later.started_at, "checks of one source overlapped"
    # Due sources: four messages each, one check each (the first moves the next check a day on).
    per_source = dict(SourceCheck.objects.filter(source__in=due).values_list("source")
                      .annotate(n=Count("id")).values_list("source", "n"))
    assert per_source == {s.pk: 1 for s in due}
    assert all(site.pages[f"/p{n}"].hits == 1 for n in range(6))
    # One version per source, and every check saw the same text (noise aside): no duplicates.
    counts = PolicyVersion.objects.values("policy").annotate(n=Count("id"))
    assert {row["n"] for row in counts} == {1}
    assert Source.objects.filter(status="ok").count() == 7
    workers_used = {c.worker for c in SourceCheck.objects.all()}
    assert len(workers_used) >= 2, workers_used
    wait_for(lambda: ChangeEvent.objects.filter(status="ready").count() == 7, timeout=60,
             what="the first-version events to be built after extraction")
