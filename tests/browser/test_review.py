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
    # The rejected denial stays, struck through, with the reviewer's name and the date; the
    # rest of the cell is the reviewed state: offered, and no narrower denial any more.
    struck = page.locator(ROW).locator("del.rejected")
    assert struck.count() == 1 and struck.inner_text().startswith("not offered only for")
    assert struck.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert "rejected by Rita Reviewer, 20" in struck.get_attribute("title")
    assert "rejected by Rita Reviewer" in page.locator(ROW).locator("small.review-by")\
        .inner_text()
    assert page.locator(ROW).locator("a.limited").count() == 0
    assert after != before and "offered" in after.replace(struck.inner_text(), "")
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
    reviewed = [r for r in retailer if r["reviewed"] and r["table"] != "checklist"]
    assert reviewed and all("Rita Reviewer" in r["reviewed"] for r in reviewed)
    assert {r["value"] for r in reviewed} == {confirmed_value}
    # The confirmed right's GDPR checklist item carries the review too.
    checklist = [r for r in retailer if r["table"] == "checklist" and r["reviewed"]]
    assert {r["value"] for r in checklist} <= {f"right_{confirmed_value}"}
    assert all("confirmed by Rita Reviewer" in r["reviewed"] for r in checklist)
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


ERASURE = "You have the right to access, correct, or delete"  # the retailer's rights sentence


def test_rejected_and_corrected_values_in_the_comparison_and_the_checklist(page, seeded, rita):
    from policies.models import Clause, Company
    from review.services import review_create

    version = Company.objects.get(slug="unnamed-retailer").policies.get().versions.latest()
    denial = Clause.objects.get(version=version, text__contains=DENIAL)
    rights = Clause.objects.get(version=version, text__contains=ERASURE)
    review_create(clause=denial, reviewer=rita, field="right", value="marketing_opt_out",
                  action="reject", reason="wrong_value")
    review_create(clause=rights, reviewer=rita, field="right", value="erasure",
                  action="correct", new_value="restriction")
    page.goto(page.base + COMPARE)
    cell = page.locator(ROW)
    assert "rejected by Rita Reviewer" in cell.locator("del.rejected").get_attribute("title")
    restriction = page.locator('[data-matrix="rights"] tr[data-row="restriction"] '
                               'td[data-company="unnamed-retailer"]')
    machine = restriction.locator("s.machine")
    assert machine.inner_text() == "erasure"
    assert machine.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert "corrected → restriction by Rita Reviewer" in restriction.locator(
        ".reviewed").get_attribute("title")
    if os.environ.get("REVIEW_SCREENSHOTS"):
        page.locator('[data-matrix="rights"]').scroll_into_view_if_needed()
        _shot(page, "review-matrix-rejected-corrected.png")
    # The checklist: the corrected sentence no longer says erasure, and it was the only one.
    erasure = page.locator('[data-matrix="checklist"] tr[data-requirement="right_erasure"] '
                           'td[data-company="unnamed-retailer"]')
    assert erasure.get_attribute("data-review") == "rejected"
    assert "not found" in erasure.inner_text() and erasure.locator("del").count() == 1

    page.goto(f"{page.base}/companies/unnamed-retailer/versions/{version.pk}/#gdpr-checklist")
    row = page.locator('#gdpr-checklist tr[data-requirement="right_erasure"]')
    assert "not found" in row.inner_text() and "✓ reviewed" in row.inner_text()
    struck = row.locator("del.rejected")
    assert struck.count() == 1 and ERASURE[:20] in struck.inner_text()
    assert "corrected → restriction by Rita Reviewer" in row.locator(
        "small.review-by").first.inner_text()
    restriction_row = page.locator('#gdpr-checklist tr[data-requirement="right_restriction"]')
    assert "addressed" in restriction_row.inner_text()
    if os.environ.get("REVIEW_SCREENSHOTS"):
        page.locator('#gdpr-checklist tr[data-requirement="right_access"]').evaluate(
            "e => e.scrollIntoView()")
        _shot(page, "review-checklist-panel.png")
    assert not page.js_errors
