"""Every list endpoint runs the same number of queries for 10 rows as for 1,000 (a third of
the clauses reviewed: the clause list applies reviews with one query per page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from extraction.models import ExtractionRun
from policies.models import (
    Clause,
    ClauseValue,
    Company,
    Finding,
    Policy,
    PolicyVersion,
    Section,
)
from review.models import Review
from tests.factories import UserFactory, clause_value

ENDPOINTS = [
    "/api/v1/companies/?page_size=1000",
    "/api/v1/policies/?page_size=1000",
    "/api/v1/versions/?page_size=1000",
    "/api/v1/sections/?page_size=1000",
    "/api/v1/clauses/?page_size=1000",
    "/api/v1/clauses/?page_size=1000&section=retention&data_type=contact&company=big-co"
    "&negated=false&has_retention=true&ordering=-retention_days",
    "/api/v1/runs/?page_size=1000",
    "/api/v1/policies/{policy}/versions/?page_size=1000",
]


class Data:
    """Grows every table to ``n`` rows, keeping what was already made."""

    def __init__(self):
        self.user = UserFactory(username="uploader")
        company = Company.objects.create(name="Big Co", slug="big-co")
        self.policy = Policy.objects.create(company=company, title="Big Co privacy policy")
        self.version = self._versions(1)[0]
        self.companies = self.versions = 1
        self.sections = self.clauses = 0

    def _versions(self, count, start=0):
        versions = PolicyVersion.objects.bulk_create(
            PolicyVersion(
                policy=self.policy, text=f"Policy text {start + i}\n" * 20,
                content_sha256=f"{start + i:064d}", source_kind="api", uploaded_by=self.user,
                word_count=60, effective_date=dt.date(2026, 1, 1),
            )
            for i in range(count)
        )
        ExtractionRun.objects.bulk_create(
            ExtractionRun(version=v, status="done", stage="done", progress=100) for v in versions
        )
        return versions

    def grow(self, n):
        new = n - self.companies
        companies = Company.objects.bulk_create(
            Company(name=f"Company {i:04d}", slug=f"company-{i:04d}")
            for i in range(self.companies, self.companies + new)
        )
        Policy.objects.bulk_create(Policy(company=c, title=f"{c.name} policy") for c in companies)
        self._versions(n - self.versions, start=self.versions)
        sections = Section.objects.bulk_create(
            Section(version=self.version, key="retention", keys=["retention"], heading="Keep",
                    order=i, start=0, end=10, body_start=5)
            for i in range(self.sections, n)
        )
        clauses = Clause.objects.bulk_create(
            Clause(
                version=self.version, section=sections[i % len(sections)], order=self.clauses + i,
                start=0, end=10, text="We keep it", sections=["retention"], practice="retain",
                data_types=["contact"], retention_duration="P1Y", retention_days=365,
                retention_qualifier="fixed", evidence=[], pipeline_version="test",
            )
            for i in range(n - self.clauses)
        )
        ClauseValue.objects.bulk_create(
            [clause_value(c, "section", "retention") for c in clauses]
            + [clause_value(c, "data_type", "contact") for c in clauses]
        )
        Review.objects.bulk_create(
            Review(version=self.version, start=c.start, end=c.end, fingerprint="f" * 40,
                   sentence=c.text, clause=c, field="retention", value="P1Y",
                   action="correct", new_value="P2Y", reviewer=self.user)
            for c in clauses[::3]
        )
        Finding.objects.create(version=self.version, kind="missing_section", section_key="children",
                               message="No children section.")
        self.companies = self.versions = self.clauses = self.sections = n


def queries(api, url):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(captured), response.json()["count"]


@pytest.mark.django_db
def test_list_query_counts_do_not_grow_with_rows(api):
    data = Data()
    data.grow(10)
    small = {}
    for template in ENDPOINTS:
        url = template.format(policy=data.policy.pk)
        small[url] = queries(api, url)
        assert small[url][1] >= 10, url
    data.grow(1000)
    for url, (count, rows) in small.items():
        big_count, big_rows = queries(api, url)
        assert big_rows >= 1000, url
        assert big_count == count, f"{url}: {count} queries for {rows} rows, {big_count} for "\
            f"{big_rows}"
    reviewed = api.get("/api/v1/clauses/?page_size=1000").json()["results"]
    assert sum(1 for c in reviewed if c["review"]) >= 300
    assert {c["retention"]["duration"] for c in reviewed if c["review"]} == {"P2Y"}


@pytest.mark.django_db
def test_version_detail_query_count_does_not_grow(api):
    data = Data()
    data.grow(10)
    url = f"/api/v1/versions/{data.version.pk}/"
    with CaptureQueriesContext(connection) as small:
        assert api.get(url).status_code == 200
    data.grow(300)
    with CaptureQueriesContext(connection) as big:
        body = api.get(url).json()
    assert len(body["sections"]) == 300
    assert len(big) == len(small)
