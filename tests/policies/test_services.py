from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from extraction.models import ExtractionRun
from extraction.services import iso_duration_days, policy_version_ingest
from policies.models import Clause, PolicyVersion
from policies.services import company_get_or_create
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Privacy Policy\n\nINFORMATION WE COLLECT\n\nWe collect your email address and your IP "
    "address when you create an account.\n\nDATA RETENTION\n\nWe keep your order history for "
    "2 years.\n"
)


def test_ingest_stores_version_and_queued_run_then_extracts_after_commit(
    django_capture_on_commit_callbacks,
):
    company = CompanyFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = policy_version_ingest(company=company, text=TEXT, source_kind="paste")
        assert result.created
        assert result.run.status == ExtractionRun.Status.QUEUED
    assert len(callbacks) == 1, "dispatch waits for the commit"
    callbacks[0]()
    result.run.refresh_from_db()
    assert result.run.status == ExtractionRun.Status.DONE
    assert result.run.clause_count == Clause.objects.filter(version=result.version).count() > 0


def test_same_text_twice_returns_the_existing_version_and_run(django_capture_on_commit_callbacks):
    company = CompanyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = policy_version_ingest(company=company, text=TEXT, source_kind="paste")
        second = policy_version_ingest(company=company, text=TEXT, source_kind="upload")
    assert not second.created
    assert second.version.pk == first.version.pk
    assert second.run.pk == first.run.pk
    assert PolicyVersion.objects.count() == 1
    assert ExtractionRun.objects.count() == 1


@pytest.mark.parametrize("text", ["", "   \n\t  ", "abc\x00def"])
def test_empty_or_binary_text_is_refused_and_nothing_is_saved(text):
    company = CompanyFactory()
    with pytest.raises(ValidationError):
        policy_version_ingest(company=company, text=text, source_kind="paste")
    assert PolicyVersion.objects.count() == 0
    assert ExtractionRun.objects.count() == 0


def test_company_get_or_create_is_idempotent_by_slug():
    first, created = company_get_or_create(name="Acme Data Ltd")
    again, created_again = company_get_or_create(name="Acme Data Ltd")
    assert created and not created_again and first.pk == again.pk
    assert first.slug == "acme-data-ltd"


@pytest.mark.parametrize(
    ("duration", "days"),
    [("P18M", 540), ("P2Y", 730), ("P90D", 90), ("P30D", 30), ("P1W", 7), ("PT48H", 2),
     (None, None), ("", None), ("nonsense", None)],
)
def test_iso_duration_days(duration, days):
    assert iso_duration_days(duration) == days
