"""The GDPR Art. 13/14 checklist in a real browser: the matrix for the five seeds, its evidence
links landing on the highlighted sentence, and the version page's panel and gaps."""

from __future__ import annotations

from extraction.nlp.checklist import REQUIREMENT_KEYS

SEEDS = ["all-in-print", "intsig", "keditec-print", "allmyink", "unnamed-retailer"]
COMPARE = "/compare/?" + "&".join(f"c={s}" for s in SEEDS)


def _follow(page, link) -> str:
    """Click an evidence link; return the sentence it lands on (the page's :target)."""
    href = link.get_attribute("href")
    anchor = href.split("#", 1)[1]
    link.click()
    page.wait_for_url(f"**#{anchor}")
    assert page.evaluate("document.querySelector(':target').id") == anchor
    style = page.evaluate(f"getComputedStyle(document.getElementById('{anchor}')).outlineStyle")
    assert style == "solid"  # the :target highlight
    target = page.locator(f"#{anchor}")
    assert target.is_visible()
    return target.inner_text()


def test_checklist_matrix_of_the_seeds_links_to_highlighted_sentences(page, seeded):
    page.goto(page.base + COMPARE + "#checklist-matrix")
    matrix = page.locator('[data-matrix="checklist"]')
    assert matrix.locator("thead th[data-company]").count() == 5
    assert matrix.locator("tbody tr").count() == len(REQUIREMENT_KEYS)
    # every cell is decided (all five seeds were extracted with the checklist)
    assert matrix.locator("td.unknown").count() == 0
    assert matrix.locator("td.gap").count() > 0  # missing items are highlighted
    assert page.evaluate(
        "getComputedStyle(document.querySelector('[data-matrix=\"checklist\"] td.gap'))"
        ".backgroundColor"
    ) != "rgba(0, 0, 0, 0)"

    # allmyink names its controller and gives its contact details.
    identity = matrix.locator('tr[data-requirement="controller_identity"] '
                              'td[data-company="allmyink"] a.evidence-link')
    assert identity.count() >= 1
    contact = matrix.locator('tr[data-requirement="controller_contact"] '
                             'td[data-company="allmyink"] a.evidence-link')
    assert contact.count() >= 1
    # The unnamed retailer names no company: its controller is a gap, not a guess.
    assert matrix.locator('tr[data-requirement="controller_identity"] '
                          'td[data-company="unnamed-retailer"]').get_attribute("class") == "gap"

    said = _follow(page, identity.first)
    assert "Jester Group" in said or "allmyink" in said.lower()
    page.go_back()
    said = _follow(page, contact.first)
    assert "@allmyink.com" in said or "Telephone" in said

    # Every evidence link of the matrix points at a sentence that exists on its version page.
    page.goto(page.base + COMPARE)
    hrefs = matrix.locator("a.evidence-link").evaluate_all("els => els.map(e => e.href)")
    assert len(hrefs) > 20
    by_page: dict[str, list[str]] = {}
    for href in hrefs:
        url, anchor = href.split("#", 1)
        by_page.setdefault(url, []).append(anchor)
    assert len(by_page) == 5
    for url, anchors in by_page.items():
        page.goto(url)
        for anchor in anchors:
            assert page.locator(f"span.clause#{anchor}").count() == 1, (url, anchor)
    assert not page.js_errors and not page.dialogs


def test_version_page_panel_and_gaps(page, seeded):
    page.goto(page.base + "/companies/allmyink/")
    panel = page.locator("#gdpr-checklist")
    assert panel.locator("tbody tr").count() == len(REQUIREMENT_KEYS)
    row = panel.locator('tr[data-requirement="controller_contact"]')
    assert "addressed" in row.inner_text()
    said = _follow(page, row.locator("a.evidence-link").first)
    assert "@allmyink.com" in said or "Telephone" in said
    # gaps are stated among the findings, in words
    gaps = page.locator(".findings li.gap")
    assert gaps.count() == panel.locator("tr.gap").count() > 0
    assert "does not say" in gaps.first.inner_text()
    portability = page.locator('.findings li.gap[data-requirement="right_portability"]')
    assert "portability" in portability.inner_text()
    assert not page.js_errors
