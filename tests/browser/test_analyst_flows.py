"""What an analyst does every day, in a real browser: sign in, upload, compare, follow, export."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.conftest import sign_in

SEEDS = ["all-in-print", "intsig", "keditec-print", "allmyink", "unnamed-retailer"]
COMPARE = "/compare/?" + "&".join(f"c={s}" for s in SEEDS)

POLICY = b"""Example Shop Privacy Policy

Last updated: 3 March 2024

1. Information we collect
We collect your name, email address and postal address when you place an order.
We automatically collect your IP address and device identifiers through cookies.

2. How we share information
We share your email address with our payment processor Stripe to process payments.

3. Retention
We keep order records for 6 years to comply with tax law.
"""


def test_sign_in_upload_a_file_and_watch_the_extraction_finish(page, analyst, tmp_path,
                                                               monkeypatch):
    from extraction.services import extraction_run_execute

    # Hold the run in the queue so the page is seen polling, then run it "on a worker".
    held: list[int] = []
    monkeypatch.setattr("extraction.services.runs.extraction_run_dispatch",
                        lambda *, run_id: held.append(run_id) or True)
    sign_in(page)
    page.goto(f"{page.base}/upload/")
    page.fill("#id_new_company", "Example Shop")
    path = tmp_path / "example-shop-privacy.txt"
    path.write_bytes(POLICY)
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Upload and extract").click()

    page.wait_for_url("**/companies/example-shop/versions/*/")
    status = page.locator(".run-status")
    assert "queued" in status.inner_text().lower()
    assert page.locator("progress").count() == 1
    assert len(held) == 1

    extraction_run_execute(run_id=held[0])
    # htmx polls the run status every second and reloads the page once it is done.
    page.wait_for_selector("text=Extraction done", timeout=20_000)
    page.wait_for_selector(".clause", timeout=20_000)
    assert page.locator(".clause").count() >= 4
    assert "Stripe" in page.locator("article.policy-text").inner_text()
    page.locator(".clause", has_text="6 years").first.click()
    details = page.locator("#clause-details-body")
    assert "6 years" in details.inner_text()
    assert not page.js_errors and not page.dialogs


def test_compare_the_seeds_follow_a_value_and_download_the_csv(page, seeded):
    page.goto(page.base + COMPARE)
    assert page.locator("table.compare thead th.company").count() == 5

    # All in Print's 18-month retention: in its retention matrix row and its retention cell.
    retention_row = page.locator('[data-matrix="retention"] tr[data-company="all-in-print"]')
    assert "18 months" in retention_row.inner_text()
    aip_cell = page.locator('#row-retention td[data-company="all-in-print"]',
                            has=page.locator("a.val", has_text="18 months"))
    assert aip_cell.count() >= 1

    # INTSIG's Mixpanel: in the named-recipients matrix, in INTSIG's column only.
    mixpanel = page.locator('[data-matrix="recipients"] tr[data-row="Mixpanel"]')
    assert mixpanel.locator('td[data-company="intsig"] a.mark').count() == 1
    for slug in SEEDS:
        if slug != "intsig":
            assert mixpanel.locator(f'td[data-company="{slug}"] a.mark').count() == 0
    intsig_cells = page.locator('tbody.section-block td[data-company="intsig"]',
                                has_text="Mixpanel")
    assert intsig_cells.count() >= 1

    # Follow the 18-month value to its sentence: it is the :target, highlighted.
    link = aip_cell.locator("a.val", has_text="18 months").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/companies/all-in-print/versions/*/#clause-*")
    anchor = href.split("#", 1)[1]
    target = page.locator(f"#{anchor}")
    assert "18 months" in target.inner_text()
    assert page.evaluate("document.querySelector(':target').id") == anchor
    outline = page.evaluate(f"getComputedStyle(document.getElementById('{anchor}')).outlineStyle")
    assert outline == "solid"
    assert target.is_visible()
    assert "18 months" in page.locator("#clause-details-body").inner_text()

    # Download the CSV export and check its rows.
    page.goto(page.base + COMPARE)
    with page.expect_download() as info:
        page.locator(".actions a", has_text="CSV").first.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert {r["company_slug"] for r in rows} == set(SEEDS)
    p18m = [r for r in rows if r["company"] == "All in Print" and r["value"] == "P18M"]
    assert p18m and "18 months" in p18m[0]["evidence"]
    assert p18m[0]["version_date"] == "2022-07-14"
    assert any(r["value"] == "Mixpanel" and r["company_slug"] == "intsig" for r in rows)
    # every row carries its sentence, unless it says there is none: a gap, a verdict "not
    # stated", or a GDPR checklist requirement "not found"
    assert all(r["evidence"] or r["field"] == "gap" or r["status"] in ("not_stated", "not_found")
               for r in rows)
    assert {r["status"] for r in rows if r["table"] == "checklist"} == {"addressed", "not_found"}
    assert {r["status"] for r in rows if r["table"] == "data_types"} <= {
        "stated", "denied", "conflicting", "not_stated"}
    assert not page.js_errors and not page.dialogs


def test_an_edited_version_shows_its_retention_change_first(page, seeded, analyst, tmp_path):
    from policies.models import PolicyVersion

    original = PolicyVersion.objects.get(policy__company__slug="all-in-print").text
    edited = original.replace("18 months", "36 months")
    assert edited != original
    path = tmp_path / "all-in-print-2024.txt"
    path.write_text(edited, encoding="utf-8")

    sign_in(page)
    page.goto(f"{page.base}/upload/?company=all-in-print")
    assert page.locator("#id_company option:checked").inner_text() == "All in Print"
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Upload and extract").click()
    page.wait_for_url("**/companies/all-in-print/versions/*/")
    page.wait_for_selector("text=Extraction done")

    page.get_by_role("link", name="What changed since").click()
    page.wait_for_url("**/companies/all-in-print/diff/?from=*&to=*")
    first = page.locator("ol.changes > li").first
    assert first.get_attribute("data-field") == "retention"
    text = first.inner_text()
    assert "18 months" in text and "36 months" in text
    assert page.locator("table.textdiff ins", has_text="36").count() >= 1
    assert not page.js_errors and not page.dialogs


@pytest.mark.parametrize("viewport_width", [1280])
def test_keyboard_reaches_clauses_and_shows_their_attributes(page, seeded, viewport_width):
    page.set_viewport_size({"width": viewport_width, "height": 800})
    page.goto(f"{page.base}/companies/intsig/")
    clause = page.locator(".clause", has_text="Mixpanel").first
    clause.focus()
    page.keyboard.press("Enter")
    assert "Mixpanel" in page.locator("#clause-details-body").inner_text()
    # The skip link is the first stop of the tab order.
    page.goto(f"{page.base}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
