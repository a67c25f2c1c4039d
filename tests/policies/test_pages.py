from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_lists_the_five_seed_companies_with_sections(client, seeds):
    response = client.get(reverse("policies:company-list"))
    assert response.status_code == 200
    html = response.content.decode()
    for company in seeds.values():
        assert company.name in html
        assert reverse("policies:company-detail", args=[company.slug]) in html
    assert "2022-07-14" in html  # All in Print's own "last updated" date
    assert "Retention" in html and "Contact" in html


def test_company_page_shows_headings_and_sections(client, seeds):
    response = client.get(reverse("policies:company-detail", args=["all-in-print"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "INFORMATION WE COLLECT" in html
    assert "HOW WE SHARE INFORMATION" in html
    assert "Heading with no content" in html or "List announced but missing" in html


def test_unknown_company_is_404(client, db):
    assert client.get("/companies/nope/").status_code == 404


def test_health(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
