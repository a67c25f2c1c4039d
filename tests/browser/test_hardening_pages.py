"""Screens of the hardening work, in a real browser: a held-back version with its reasons and
confirm button, the upload form asking which company is meant, search facets."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import sign_in

SHOTS = Path(__file__).resolve().parents[2] / "artifacts"
REAL = (
    "Acme Privacy Policy\n\nLast updated: March 1, 2016\n\nINFORMATION WE COLLECT\n\nWe collect "
    "your email address and name when you create an account.\n\nSHARING\n\nWe share usage data "
    "with Mixpanel to understand how the app is used.\n\nDATA RETENTION\n\nWe retain account "
    "data for up to 18 months after you close your account.\n\nYOUR RIGHTS\n\nYou may ask us "
    "to delete your personal data.\n"
)


def test_held_back_version_page_and_confirm(page, analyst):
    from extraction.services import policy_version_ingest
    from policies.services import company_get_or_create

    company, _ = company_get_or_create(name="Acme Data")
    policy_version_ingest(company=company, text=REAL, source_kind="paste")
    bad = policy_version_ingest(company=company, text="Sign in to continue. Password. "
                                "Forgot your password?", source_kind="paste").version
    sign_in(page)
    page.goto(f"{page.base}/companies/{company.slug}/versions/{bad.pk}/")
    alert = page.locator(".suspicious.held-back")
    assert alert.is_visible() and "sign-in page" in alert.inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "version-held-back.png"))
    page.get_by_role("button", name="This is the real policy: confirm it").click()
    page.wait_for_load_state()
    assert "Flagged, then confirmed" in page.content()


def test_upload_form_asks_which_company(page, analyst):
    from policies.services import company_get_or_create

    company_get_or_create(name="All in Print")
    sign_in(page)
    page.goto(f"{page.base}/upload/")
    page.fill("#id_new_company", "ALL IN PRINT")
    page.fill("#id_text", REAL)
    page.get_by_role("button", name="Upload and extract").click()
    page.wait_for_load_state()
    assert page.get_by_text("Which company is meant?").is_visible()
    page.screenshot(path=str(SHOTS / "upload-which-company.png"), full_page=True)
    page.get_by_role("button", name="Use “All in Print”").click()
    page.wait_for_load_state()
    assert "/companies/all-in-print/" in page.url


def test_search_facets(page, seeded):
    page.goto(f"{page.base}/search/?q=retention")
    assert page.locator(".facets").is_visible()
    page.screenshot(path=str(SHOTS / "search-facets.png"))
    page.locator(".facets a", has_text="All in Print").first.click()
    page.wait_for_load_state()
    assert "company=all-in-print" in page.url
