from __future__ import annotations

import re

import pytest
from django.urls import reverse

from policies.models import Clause, PolicyVersion
from policies.selectors import company_latest_version, company_search
from tests.factories import CompanyFactory, PolicyVersionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_lists_the_five_seed_companies_with_sections(client, seeds):
    response = client.get(reverse("policies:company-list"))
    assert response.status_code == 200
    html = response.content.decode()
    for company in seeds.values():
        assert company.name in html
        assert reverse("policies:company-detail", args=[company.slug]) in html
    assert "2022-07-14" in html  # All in Print's own "last updated" date
    assert "Sharing" in html and "Contact" in html
    assert 'name="c" value="intsig"' in html  # the compare checkboxes


def _names(client, **params) -> list[str]:
    html = client.get(reverse("policies:company-list"), params).content.decode()
    return re.findall(r'<td><a href="/companies/([\w-]+)/">', html)


def test_company_filters_and_sort(client, seeds):
    assert _names(client, q="print") == ["all-in-print", "keditec-print"]
    assert _names(client, recipient="Mixpanel") == ["intsig"]
    with_retention = _names(client, has_retention="on")
    assert "all-in-print" in with_retention
    retention_clause = Clause.objects.filter(
        version__policy__company__slug="all-in-print", retention_days__isnull=False
    )
    assert retention_clause.exists()
    lacking = _names(client, lacks_section="children")
    assert "all-in-print" in lacking and "intsig" not in lacking
    countries = list(Clause.objects.exclude(countries=[]).values_list("countries", flat=True))
    if countries:
        country = countries[0][0]
        hits = _names(client, country=country)
        assert hits and all(
            Clause.objects.filter(version__policy__company__slug=s, countries__icontains=country)
            .exists() for s in hits
        )
    assert _names(client, sort="-name") == list(reversed(_names(client)))
    updated = _names(client, sort="updated")
    assert updated.index("all-in-print") < updated.index("intsig")  # 2022 before 2016
    ranked = list(company_search(sort="updated"))
    for company in ranked:
        version = company_latest_version(company=company)
        assert company.latest_date == (version.last_updated or version.ingested_at.date())
        assert company.clause_count == version.clauses.count()
    dates = [c.latest_date for c in ranked]
    assert dates == sorted(dates, reverse=True)
    # an unknown filter value is a form error shown next to the field; the rest still filters
    response = client.get(reverse("policies:company-list"), {"lacks_section": "nope", "q": "print"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert _names(client, lacks_section="nope", q="print") == ["all-in-print", "keditec-print"]


def test_companies_are_paginated(client, db):
    for i in range(30):
        CompanyFactory(name=f"Company {i:02d}", slug=f"company-{i:02d}")
    first = _names(client)
    second = _names(client, page=2)
    assert len(first) == 25 and len(second) == 5
    assert not set(first) & set(second)
    html = client.get(reverse("policies:company-list"), {"q": "Company", "page": 1}).content
    assert b"q=Company&amp;page=2" in html


def test_version_page_marks_up_clauses_with_anchors_and_attributes(client, seeds):
    version = PolicyVersion.objects.get(policy__company__slug="all-in-print")
    response = client.get(reverse("policies:version-detail", args=["all-in-print", version.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    clause = Clause.objects.filter(version=version, retention_duration="P18M").first()
    assert clause is not None
    assert f'id="clause-{clause.pk}"' in html
    assert f'id="clause-{clause.pk}-attrs"' in html
    assert "18 months" in html
    for heading in ("INFORMATION WE COLLECT", "HOW WE SHARE INFORMATION"):
        assert heading in html
    assert 'class="clause sec-' in html
    assert "Standard section missing" in html or "List announced but missing" in html
    assert "Extraction <strong>done</strong>" in html
    # the company page shows the latest version
    assert client.get(reverse("policies:company-detail", args=["all-in-print"])).status_code == 200


def test_version_page_escapes_policy_text(client, db):
    company = CompanyFactory(slug="evil", name="<b>Evil</b> Corp")
    version = PolicyVersionFactory(
        policy__company=company,
        text="Privacy <script>window.__pwned=1</script>\n\nWe collect your email address.\n",
    )
    html = client.get(reverse("policies:version-detail", args=["evil", version.pk])).content
    assert b"<script>window.__pwned" not in html
    assert b"&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert b"&lt;b&gt;Evil&lt;/b&gt; Corp" in html


def test_version_of_another_company_is_404(client, db):
    version = PolicyVersionFactory()
    CompanyFactory(slug="other")
    assert client.get(reverse("policies:version-detail", args=["other", version.pk])).status_code \
        == 404


def test_unknown_company_is_404(client, db):
    assert client.get("/companies/nope/").status_code == 404


def test_search_finds_clauses_with_links(client, seeds):
    response = client.get(reverse("policies:search"), {"q": "Mixpanel"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "INTSIG Information Co." in html
    assert "<mark>Mixpanel</mark>" in html
    assert re.search(r'href="/companies/intsig/versions/\d+/#clause-\d+"', html)
    empty = client.get(reverse("policies:search"), {"q": "zzzyxnotaword"}).content.decode()
    assert "No clause matches" in empty
    hostile = client.get(reverse("policies:search"), {"q": "<script>x</script>"}).content
    assert b"<script>x</script>" not in hostile


def test_private_browsing_setting_requires_sign_in(client, db, settings):
    settings.POLICY_PUBLIC_BROWSING = False
    for url in (reverse("policies:company-list"), reverse("comparison:compare"),
                reverse("policies:search")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(reverse("policies:company-list")).status_code == 200


def test_health(client, db):
    assert client.get("/healthz").json()["status"] == "ok"


def test_only_headings_found_empty_are_flagged(client, db):
    from policies.models import Finding, Section

    text = "RIGHTS\nACCESS\nYou may ask for a copy of your data.\nRETENTION\n"
    version = PolicyVersionFactory(policy__company=CompanyFactory(slug="flags"), text=text)
    access = text.index("ACCESS")
    retention = text.index("RETENTION")
    Section.objects.bulk_create([
        Section(version=version, key="rights", order=0, start=0, end=access, body_start=7),
        Section(version=version, key="rights", order=1, start=access, end=retention,
                body_start=access + 7),
        Section(version=version, key="retention", order=2, start=retention, end=len(text),
                body_start=len(text)),
    ])
    Finding.objects.create(version=version, kind="empty_section", section_key="retention",
                           message="Heading RETENTION has no content.", start=retention,
                           end=len(text) - 1)
    html = client.get(reverse("policies:version-detail", args=["flags", version.pk])).content
    assert html.count(b"This heading has no content.") == 1
    section = html[html.index(b'id="section-2"'):]
    assert b"This heading has no content." in section[: section.index(b"</section>")]
