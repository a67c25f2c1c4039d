"""A reviewer rejects a wrong denial in the five-seed comparison: the matrix updates, a
re-extraction keeps the review, the CSV export carries it with the reviewer's name; the
keyboard-driven queue works."""

from __future__ import annotations

import csv
import io
import os

import pytest

from tests.browser.conftest import ARTIFACTS, sign_in

SEEDS = ["all-in-print", "intsig", "keditec-print", "allmyink", "unnamed-retailer"]
COMPARE = "/compare/?" + "&".join(f"c={s}" for s in SEEDS)
# rules-1.3 reads "you cannot opt-out of receiving such notifications" (service notices) as
# "marketing opt-out: not offered" for the unnamed retailer: a wrong denial.
DENIAL = "cannot opt-out of receiving"
ROW = '[data-matrix="rights"] tr[data-row="marketing_opt_out"] td[data-company="unnamed-retailer"]'


@pytest.fixture
def rita(transactional_db):
    from django.contrib.auth.models import Group

    from tests.browser.conftest import PASSWORD
    from tests.factories import UserFactory

    user = UserFactory(username="rita", first_name="Rita", last_name="Reviewer",
                       password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    return user


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)


def test_reviewer_rejects_a_wrong_denial_and_it_survives_reextraction_and_exports(
    page, seeded, rita
):
    from extraction.services import extraction_run_create, extraction_run_execute
    from policies.models import Company
    from review.models import Review

    sign_in(page, "rita")
    page.goto(page.base + COMPARE)
    before = page.locator(ROW).inner_text()
    # In the rights matrix the retailer offers a marketing opt-out, with the denial shown as
    # narrower ("not offered only for ..."): it still claims a marketing opt-out it is not.
    assert "not offered" in before
    cell = page.locator(ROW)
    cell.locator("details.review-actions summary", has_text="review denial").click()
    if os.environ.get("REVIEW_SCREENSHOTS"):
        cell.scroll_into_view_if_needed()
        _shot(page, "review-matrix-actions.png")
    cell.locator("details.review-actions[open]").get_by_role("button",
                                                             name="Wrong value").click()
    page.wait_for_url("**/compare/**")
    review = Review.objects.get()
    assert (review.field, review.value, review.action) == ("right", "marketing_opt_out",
                                                           "reject")
    assert DENIAL in review.sentence
    # The queue then has it settled; confirm the retailer's next value there, by keyboard.
    page.goto(page.base + "/review/?company=unnamed-retailer&field=right")
    confirmed_value = page.locator("li.qitem.current").get_attribute("data-value")
    page.keyboard.press("c")
    page.wait_for_selector("li.qitem.done")

    page.goto(page.base + COMPARE)
    after = page.locator(ROW).inner_text()
    assert after != before and "not offered" not in after and "offered" in after
    if os.environ.get("REVIEW_SCREENSHOTS"):
        page.locator(ROW).scroll_into_view_if_needed()
        _shot(page, "review-matrix-after.png")

    # Re-extract the retailer's version: its clauses are replaced, the reviews stay on.
    version = Company.objects.get(slug="unnamed-retailer").policies.get().versions.latest()
    run = extraction_run_create(version=version)
    extraction_run_execute(run_id=run.pk)
    assert {r.status for r in Review.objects.all()} == {"active"}
    assert {r.clause.version_id for r in Review.objects.all()} == {version.pk}
    page.reload()
    assert page.locator(ROW).inner_text() == after

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").first.click()
    rows = list(csv.DictReader(io.StringIO(
        open(download_info.value.path(), encoding="utf-8").read())))
    retailer = [r for r in rows if r["company_slug"] == "unnamed-retailer"]
    assert not [r for r in retailer if r["value"] == "marketing_opt_out"
                and DENIAL in r["evidence"]]
    reviewed = [r for r in retailer if r["reviewed"]]
    assert reviewed and all("Rita Reviewer" in r["reviewed"] for r in reviewed)
    assert {r["value"] for r in reviewed} == {confirmed_value}
    assert not page.js_errors


def test_the_queue_is_driven_by_the_keyboard(page, seeded, rita):
    from review.models import Review

    sign_in(page, "rita")
    page.goto(page.base + "/review/?company=unnamed-retailer")
    first = page.locator("li.qitem.current")
    field, value = first.get_attribute("data-field"), first.get_attribute("data-value")
    page.keyboard.press("j")
    second = page.locator("li.qitem.current")
    second_value = second.get_attribute("data-value")
    page.keyboard.press("k")
    if os.environ.get("REVIEW_SCREENSHOTS"):
        _shot(page, "review-queue.png")
    page.keyboard.press("c")  # confirm the first
    page.wait_for_selector("li.qitem.done")
    assert "Confirm" in page.locator("li.qitem.done").inner_text()
    page.keyboard.press("r")  # the cursor moved on: reject the next (wrong value)
    page.wait_for_function("document.querySelectorAll('li.qitem.done').length == 2")
    reviews = {(r.field, r.value, r.action) for r in Review.objects.all()}
    assert (field, value, "confirm") in reviews
    assert any(v == second_value and a == "reject" for _, v, a in reviews)
    page.reload()
    counts = page.locator('table.counts tr[data-company="unnamed-retailer"] .n-reviewed')
    assert counts.inner_text() == "2"
    if os.environ.get("REVIEW_SCREENSHOTS"):
        _shot(page, "review-queue-after.png")
    assert not page.js_errors


def test_version_page_review_panel_adds_a_missing_value(page, seeded, rita):
    from policies.models import Company
    from review.models import Review

    version = Company.objects.get(slug="unnamed-retailer").policies.get().versions.latest()
    clause = version.clauses.get(text__contains=DENIAL)
    sign_in(page, "rita")
    page.goto(f"{page.base}/companies/unnamed-retailer/versions/{version.pk}/")
    page.locator(f"#clause-{clause.pk}").click()
    panel = page.locator("#clause-review .review-panel")
    panel.wait_for()
    assert "Not reviewed yet" in panel.inner_text()
    panel.locator('select[name="target"]').select_option("")
    panel.locator('select[name="new_field"]').select_option("purpose")
    panel.locator('input[name="new_value"]').fill("support")
    panel.locator('input[name="note"]').fill("service notices are support")
    if os.environ.get("REVIEW_SCREENSHOTS"):
        _shot(page, "review-version-panel.png")
    panel.get_by_role("button", name="Save review").click()
    page.wait_for_selector("text=Saved:")
    review = Review.objects.get()
    assert (review.action, review.field, review.new_value) == ("add_missing", "purpose",
                                                               "support")
    page.locator(f"#clause-{clause.pk}").click()
    page.wait_for_selector("#clause-review .review-panel .marks")
    assert "added" in page.locator("#clause-review .marks").inner_text()
    assert not page.js_errors
