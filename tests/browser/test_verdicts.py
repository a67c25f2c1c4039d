"""A policy that contradicts itself, seen in a real browser: the contradiction with both of its
sentences, the verdict filter, Do Not Track as a row, low-confidence values reachable by
keyboard and named for screen readers."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.comparison.policies import CONFLICT_NO, CONFLICT_YES, ingest_test_policies

COMPARE = "/compare/?c=brightleaf&c=quillmere&c=fernhill"


@pytest.fixture
def contradicting(transactional_db):
    from policies.models import Clause

    companies = ingest_test_policies()  # extracted in-process as each ingest commits
    Clause.objects.filter(text=CONFLICT_YES).update(confidence=0.4)
    return companies


def test_a_contradiction_shows_both_sentences_and_filters(page, contradicting):
    page.goto(page.base + COMPARE)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compare-verdicts.png"), full_page=True)

    conflict = page.locator('#conflicts li[data-company="brightleaf"][data-row="marketing"]')
    assert conflict.count() == 1
    text = conflict.inner_text()
    assert CONFLICT_YES in text and CONFLICT_NO in text
    assert page.locator('#conflicts li[data-company="quillmere"]').count() == 0

    cell = page.locator('[data-matrix="purposes"] tr[data-row="marketing"] '
                        'td[data-company="brightleaf"] [data-status="conflicting"]')
    assert cell.count() == 1 and cell.locator("a.ev").count() == 2
    denied = page.locator('[data-matrix="purposes"] tr[data-row="marketing"] '
                          'td[data-company="quillmere"] a.mark.v-denied')
    assert denied.count() == 1
    dnt = page.locator('[data-matrix="do_not_track"] tbody tr')
    assert dnt.count() == 1
    assert "ignored" in dnt.locator('td[data-company="quillmere"]').inner_text()
    assert "not stated" in dnt.locator('td[data-company="fernhill"]').inner_text()

    # The low-confidence side is named so for screen readers and reachable by keyboard.
    low = cell.get_by_role("link", name=re.compile(r"low confidence 0\.40"))
    assert low.count() == 1
    low.focus()
    assert page.evaluate("document.activeElement.classList.contains('low')")
    style = page.evaluate("getComputedStyle(document.activeElement).textDecorationStyle")
    assert style == "dotted"

    # Only the rows with a conflict.
    page.get_by_role("navigation", name="Show matrix rows").get_by_role(
        "link", name="conflicting").click()
    page.wait_for_url("**verdict=conflicting**")
    page.screenshot(path=str(ARTIFACTS / "compare-verdicts-conflicting.png"), full_page=True)
    rows = page.locator('[data-matrix="purposes"] tbody tr')
    assert rows.count() == 1 and rows.first.get_attribute("data-row") == "marketing"

    # Follow the denial to its sentence on the version page.
    conflict = page.locator('#conflicts li[data-company="brightleaf"][data-row="marketing"]')
    conflict.get_by_role("link", name=re.compile("We never share")).click()
    page.wait_for_url("**/companies/brightleaf/versions/*/#clause-*")
    anchor = page.evaluate("location.hash.slice(1)")
    assert CONFLICT_NO in page.locator(f"#{anchor}").inner_text()
    assert not page.js_errors and not page.dialogs
