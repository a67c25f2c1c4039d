"""Company names in any script: accepted, displayed, slugs that keep meaning, no silent merge."""

from __future__ import annotations

import pytest
from django.urls import reverse

from extraction.services import policy_version_ingest
from policies.models import Company
from policies.selectors import company_slug
from policies.services import SimilarCompanyError, company_get_or_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEXT = "Privacy Policy\n\nINFORMATION WE COLLECT\n\nWe collect your email address.\n"


@pytest.mark.parametrize(
    "name,slug",
    [
        ("شركة البيانات", "شركة-البيانات"),
        ("株式会社データ", "株式会社データ"),
        ("Data 株式会社 GmbH", "data-株式会社-gmbh"),
        ("Café Müller", "café-müller"),
        ("ＡＢＣ Corp", "abc-corp"),  # full-width letters, NFKC
    ],
)
def test_unicode_names_get_slugs_that_keep_them(name, slug):
    assert company_slug(name) == slug
    company, created = company_get_or_create(name=name)
    assert created and company.slug == slug


def test_unicode_company_pages_and_api(client):
    company, _ = company_get_or_create(name="株式会社データ")
    policy_version_ingest(company=company, text=TEXT, source_kind="paste")
    url = reverse("policies:company-detail", args=[company.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert "株式会社データ" in response.content.decode()
    listing = client.get(reverse("policies:company-list")).content.decode()
    assert "株式会社データ" in listing
    api = client.get(f"/api/v1/companies/{company.slug}/")
    assert api.status_code == 200 and api.json()["name"] == "株式会社データ"
    arabic, _ = company_get_or_create(name="شركة البيانات")
    policy_version_ingest(company=arabic, text=TEXT + "\nMore.\n", source_kind="paste")
    compare = client.get(reverse("comparison:compare"),
                         {"company": [company.slug, arabic.slug]})
    assert compare.status_code == 200 and "شركة البيانات" in compare.content.decode()


def test_a_name_that_slugifies_like_another_never_merges_silently():
    existing, _ = company_get_or_create(name="All in Print")
    with pytest.raises(SimilarCompanyError) as err:
        company_get_or_create(name="ALL IN PRINT")
    assert err.value.existing == [existing]
    same, created = company_get_or_create(name="All in Print")
    assert same == existing and not created
    other, created = company_get_or_create(name="ALL IN PRINT", distinct=True)
    assert created and other.slug == "all-in-print-2" and other.name == "ALL IN PRINT"


def test_upload_form_asks_which_company_is_meant(client):
    client.force_login(UserFactory())
    existing, _ = company_get_or_create(name="All in Print")
    upload = reverse("extraction:upload")
    response = client.post(upload, {"new_company": "ALL IN PRINT", "text": TEXT})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Which company is meant?" in html and 'data-code="similar_company"' in html
    assert f'name="same_as" value="{existing.pk}"' in html
    assert Company.objects.count() == 1
    # "Use All in Print": the version goes to the existing company.
    response = client.post(upload, {"new_company": "ALL IN PRINT", "text": TEXT,
                                    "same_as": existing.pk})
    assert response.status_code == 302
    assert existing.policies.get().versions.count() == 1
    # "It is a different company": a new one, with its own slug.
    response = client.post(upload, {"new_company": "ALL IN PRINT", "text": TEXT + "x\n",
                                    "distinct_company": "on"})
    assert response.status_code == 302
    assert Company.objects.get(name="ALL IN PRINT").slug == "all-in-print-2"


def test_api_company_create_refuses_a_similar_name():
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    auth_api = APIClient()
    auth_api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=UserFactory())}")
    assert auth_api.post("/api/v1/companies/", {"name": "All in Print"}).status_code == 201
    response = auth_api.post("/api/v1/companies/", {"name": "ALL IN PRINT"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "similar_company"
    again = auth_api.post("/api/v1/companies/", {"name": "All in Print"})
    assert again.status_code == 200
    unicode = auth_api.post("/api/v1/companies/", {"name": "株式会社データ"})
    assert unicode.status_code == 201 and unicode.json()["slug"] == "株式会社データ"
