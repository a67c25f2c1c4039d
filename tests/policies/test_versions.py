"""Version order by effective date, normalised duplicates and the suspicious-version check."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from extraction.services import policy_version_ingest
from policies import textcheck
from policies.models import PolicyVersion
from policies.selectors import company_latest_version, company_search, version_previous
from policies.services import policy_version_confirm
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def policy_text(year: int, *, recipient: str = "Mixpanel", extra: str = "") -> str:
    """A realistic policy with five headed sections, dated ``year``."""
    return (
        f"Privacy Policy\n\nLast updated: March 1, {year}\n\n"
        "INFORMATION WE COLLECT\n\nWe collect your email address, your name and your IP "
        "address when you create an account or contact our support team.\n\n"
        "HOW WE USE INFORMATION\n\nWe use your information to provide the service, to "
        "improve it and to send you messages about your account.\n\n"
        "SHARING WITH THIRD PARTIES\n\nWe share usage data with analytics providers such as "
        f"{recipient} to understand how the app is used. We do not sell personal data.\n\n"
        "DATA RETENTION\n\nWe retain your account data for up to 18 months after you close "
        "your account.\n\n"
        "YOUR RIGHTS\n\nYou may access, correct or delete your personal data by writing to "
        "privacy@example.com.\n" + extra
    )


SIGN_IN_PAGE = "Sign in to continue. Email. Password. Forgot your password? Create an account."


def ingest(company, text, **kwargs):
    return policy_version_ingest(company=company, text=text, source_kind="paste", **kwargs)


def test_backfilled_older_version_keeps_the_current_latest(django_capture_on_commit_callbacks):
    company = CompanyFactory(slug="intsig")
    with django_capture_on_commit_callbacks(execute=True):
        new = ingest(company, policy_text(2016)).version
        old = ingest(company, policy_text(2014, recipient="Segment")).version
    new.refresh_from_db()
    old.refresh_from_db()
    assert (new.effective_date, old.effective_date) == (dt.date(2016, 3, 1), dt.date(2014, 3, 1))
    assert old.ingested_at > new.ingested_at, "the 2014 text was ingested last"
    assert company_latest_version(company=company) == new
    assert company_search().get(pk=company.pk).latest_version_id == new.pk
    assert version_previous(version=new) == old
    assert version_previous(version=old) is None

    api = APIClient()
    latest = {c["version"] for c in api.get("/api/v1/clauses/?latest=true").json()["results"]}
    assert latest == {new.pk}
    policy = api.get("/api/v1/policies/?company=intsig").json()["results"][0]
    assert policy["latest_version"] == new.pk
    versions = api.get(f"/api/v1/policies/{policy['id']}/versions/").json()["results"]
    assert [v["id"] for v in versions] == [new.pk, old.pk], "newest effective date first"
    assert versions[1]["effective_date"] == "2014-03-01"
    assert versions[1]["ingested_at"] > versions[0]["ingested_at"]

    # The diff's default base is the previous version by date: the change runs forwards.
    diff = api.get(f"/api/v1/diff/?new={new.pk}").json()
    assert diff["old"]["id"] == old.pk
    response = Client().get(reverse("comparison:version-diff", args=["intsig"]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?from={old.pk}&to={new.pk}")

    # The version list shows both dates.
    page = Client().get(reverse("policies:version-detail", args=["intsig", old.pk]))
    html = page.content.decode()
    assert "not the latest version" in html
    assert "2014-03-01" in html and f"ingested {old.ingested_at:%Y-%m-%d}" in html


def test_date_stated_in_the_text_sets_the_effective_date_at_upload():
    company = CompanyFactory()
    version = ingest(company, policy_text(2019)).version
    assert version.last_updated == dt.date(2019, 3, 1) == version.effective_date


def test_undated_versions_fall_back_to_fetch_then_ingest_day():
    company = CompanyFactory()
    fetched = dt.datetime(2020, 5, 4, 12, tzinfo=dt.UTC)
    text = policy_text(2016).replace("Last updated: March 1, 2016\n\n", "")
    version = ingest(company, text, fetched_at=fetched).version
    assert version.last_updated is None
    assert version.effective_date == dt.date(2020, 5, 4)
    other = ingest(CompanyFactory(), text).version
    assert other.effective_date == other.ingested_at.date()


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.replace("\n\n", "\n \n\n"),  # extra blank lines and spaces
        lambda t: t.replace("\n", "\r\n"),  # Windows line breaks
        lambda t: t.replace(" ", "  ").replace("your ", "your\u00a0"),  # NBSP, double spaces
        lambda t: unicodedata.normalize("NFD", t.replace("Privacy", "Privacé")),  # decomposed
        lambda t: "  " + t.replace("DATA RETENTION", "DATA\tRETENTION") + "\n\n\n",
    ],
)
def test_same_text_with_other_whitespace_or_unicode_forms_is_a_duplicate(variant):
    company = CompanyFactory()
    base = policy_text(2016).replace("Privacy", "Privacé")
    first = ingest(company, base)
    second = ingest(company, variant(base))
    assert first.created and not second.created
    assert second.version == first.version
    assert PolicyVersion.objects.filter(policy__company=company).count() == 1
    assert first.version.text == base, "the exact stored text is kept"


def test_api_answers_200_with_the_existing_version_for_a_near_duplicate():
    user = UserFactory()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    company = CompanyFactory()
    first = ingest(company, policy_text(2016)).version
    response = api.post(
        f"/api/v1/policies/{first.policy_id}/versions/",
        {"text": policy_text(2016).replace("\n", "\r\n  ")},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["created"] is False
    assert response.json()["version"]["id"] == first.pk


def test_upload_form_links_to_the_existing_version_of_a_near_duplicate(client):
    user = UserFactory()
    client.force_login(user)
    company = CompanyFactory()
    first = ingest(company, policy_text(2016)).version
    response = client.post(
        reverse("extraction:upload"),
        {"company": company.pk, "text": policy_text(2016).replace("\n\n", "\n\n\n")},
        follow=True,
    )
    html = response.content.decode()
    assert "Duplicate" in html and "whitespace" in html
    assert reverse("policies:version-detail", args=[company.slug, first.pk]) in html


# --- the suspicious-version check ----------------------------------------------------------


def test_a_sign_in_page_is_stored_flagged_and_never_made_latest(
    django_capture_on_commit_callbacks,
):
    company = CompanyFactory(slug="acme")
    with django_capture_on_commit_callbacks(execute=True):
        real = ingest(company, policy_text(2016)).version
        bad = ingest(company, SIGN_IN_PAGE).version
    assert bad.held_back and not real.held_back
    codes = {r["code"] for r in bad.suspicious_reasons}
    assert {"page_marker", "size_drop", "sections_lost"} <= codes
    assert company_latest_version(company=company) == real
    api = APIClient()
    detail = api.get(f"/api/v1/versions/{bad.pk}/").json()
    assert detail["suspicious"] is True and detail["held_back"] is True
    assert {r["code"] for r in detail["suspicious_reasons"]} == codes
    assert detail["confirm_url"].endswith(f"/versions/{bad.pk}/confirm/")
    latest = {c["version"] for c in api.get("/api/v1/clauses/?latest=true").json()["results"]}
    assert latest == {real.pk}
    page = Client().get(reverse("policies:version-detail", args=["acme", bad.pk])).content
    assert b"Held back" in page and b"sign-in page" in page


def test_confirming_on_the_version_page_needs_post_login_and_csrf(client):
    company = CompanyFactory(slug="acme")
    real = ingest(company, policy_text(2016)).version
    bad = ingest(company, SIGN_IN_PAGE).version
    url = reverse("policies:version-confirm", args=["acme", bad.pk])
    assert client.get(url).status_code in (302, 405)
    assert client.post(url).status_code == 302 and "/accounts/login" in client.post(url)["Location"]
    user = UserFactory()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(url).status_code == 403, "no CSRF token"
    page = strict.get(reverse("policies:version-detail", args=["acme", bad.pk]))
    token = page.cookies["csrftoken"].value
    assert b"confirm it" in page.content
    response = strict.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    bad.refresh_from_db()
    assert not bad.held_back and bad.confirmed_by == user and bad.suspicious_reasons
    assert company_latest_version(company=company) == bad
    assert real != bad


def test_confirm_over_the_api(django_capture_on_commit_callbacks):
    company = CompanyFactory()
    ingest(company, policy_text(2016))
    bad = ingest(company, SIGN_IN_PAGE).version
    api = APIClient()
    assert api.post(f"/api/v1/versions/{bad.pk}/confirm/").status_code in (401, 403)
    user = UserFactory()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = api.post(f"/api/v1/versions/{bad.pk}/confirm/")
    assert response.status_code == 200
    assert response.json()["held_back"] is False and response.json()["suspicious"] is True
    assert company_latest_version(company=company).pk == bad.pk
    assert api.post(f"/api/v1/versions/{bad.pk}/confirm/").status_code == 200  # idempotent


def test_a_first_version_that_is_an_error_page_is_held_back():
    version = ingest(CompanyFactory(), "404 Not Found. The page you requested was not found.")
    assert version.version.held_back
    assert [r["code"] for r in version.version.suspicious_reasons] == ["page_marker"]


def test_wrong_language_is_flagged_against_an_english_latest():
    company = CompanyFactory()
    ingest(company, policy_text(2016))
    french = (
        "Politique de confidentialité\n\n" + "Nous collectons votre adresse électronique et "
        "nous la conservons pendant dix-huit mois après la clôture de votre compte. " * 30
    )
    version = ingest(company, french).version
    assert "language" in {r["code"] for r in version.suspicious_reasons}


def test_an_ordinary_revision_is_not_flagged():
    company = CompanyFactory()
    ingest(company, policy_text(2016))
    revised = ingest(company, policy_text(2017, recipient="Amplitude", extra="\nCOOKIES\n\n"
                                          "We use cookies to keep you signed in.\n"))
    assert revised.created and not revised.version.held_back
    assert revised.version.suspicious_reasons == []


def test_suspicion_reasons_unit():
    baseline = textcheck.Baseline(word_count=1000, headings=["Collection", "Use", "Sharing"],
                                  english=True)
    english = "We keep the data of our users for as long as it is needed. " * 70
    assert textcheck.suspicion_reasons(english + "Collection Use Sharing", baseline) == []
    codes = [r.code for r in textcheck.suspicion_reasons("Please verify you are human.", baseline)]
    assert codes == ["page_marker", "size_drop", "sections_lost"]
    # A long policy that mentions passwords and sign-in is not a sign-in page.
    long_policy = "We protect your password when you sign in to your account. " * 120
    assert "page_marker" not in [r.code for r in textcheck.suspicion_reasons(long_policy, None)]


def test_confirm_service_is_idempotent_and_keeps_reasons():
    company = CompanyFactory()
    ingest(company, policy_text(2016))
    bad = ingest(company, SIGN_IN_PAGE).version
    policy_version_confirm(version=bad, user=None)
    first = bad.confirmed_at
    policy_version_confirm(version=bad, user=None)
    assert bad.confirmed_at == first and bad.suspicious_reasons
