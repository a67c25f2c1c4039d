"""The comparison table in a real browser: company headers stay visible while scrolling,
sections fold and unfold, empty rows (every company's cell empty: sections nobody covers) are
folded until asked for, with their count shown."""

from __future__ import annotations

from pathlib import Path

SEEDS = ["all-in-print", "intsig", "keditec-print", "allmyink", "unnamed-retailer"]
COMPARE = "/compare/?" + "&".join(f"c={s}" for s in SEEDS)
SHOTS = Path(__file__).resolve().parents[2] / "artifacts"


def header_top(page) -> float:
    return page.evaluate(
        "document.querySelector('table.compare thead th.company').getBoundingClientRect().top"
    )


def test_company_headers_stay_visible_while_scrolling(page, seeded):
    page.goto(f"{page.base}{COMPARE}#sections")
    table_top = page.evaluate(
        "document.querySelector('table.compare').getBoundingClientRect().top + window.scrollY"
    )
    page.evaluate(f"window.scrollTo(0, {table_top} + 1500)")
    page.wait_for_timeout(100)
    assert abs(header_top(page)) < 2, "the header row sticks to the top of the viewport"
    assert page.locator("table.compare thead th.company").first.is_visible()
    name = page.locator("table.compare thead th.company a").first.inner_text()
    assert name.strip()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "compare-sticky-headers.png"))


def test_empty_rows_are_folded_by_default_with_a_count_and_a_toggle(page, seeded):
    # Neither Keditec Print nor AllMyInk says anything about transfers: an empty row.
    page.goto(f"{page.base}/compare/?c=keditec-print&c=allmyink#sections")
    empty = page.locator("table.compare tbody.empty-section")
    assert empty.count() >= 1
    assert page.locator("#row-transfers").get_attribute("data-empty") == "true"
    note = page.locator(".fold-controls .empty-note")
    assert note.is_visible()
    count = int(note.locator(".empty-count").inner_text())
    assert count == empty.count()
    assert f"{count} empty row" in note.inner_text() and "hidden" in note.inner_text()
    for i in range(empty.count()):
        assert not empty.nth(i).is_visible(), "every company's cell is empty: folded"
    SHOTS.mkdir(exist_ok=True)
    page.locator(".fold-controls").screenshot(path=str(SHOTS / "compare-empty-count.png"))
    page.locator("#row-security").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "compare-empty-rows-hidden.png"))
    page.get_by_role("button", name="Show empty rows").click()
    toggle = page.locator('.fold-controls [data-fold="show-empty"]')
    assert empty.first.is_visible()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert "shown" in note.inner_text()
    page.locator("#row-transfers").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "compare-empty-rows-shown.png"))
    page.get_by_role("button", name="Hide empty rows").click()
    assert not empty.first.is_visible()
    # Headers still stick while scrolling past the rows.
    table_top = page.evaluate(
        "document.querySelector('table.compare').getBoundingClientRect().top + window.scrollY"
    )
    page.evaluate(f"window.scrollTo(0, {table_top} + 800)")
    page.wait_for_timeout(100)
    assert abs(header_top(page)) < 2


def test_sections_fold_and_unfold(page, seeded):
    page.goto(f"{page.base}{COMPARE}#sections")
    bodies = page.locator("table.compare tbody.section-block")
    assert bodies.count() > 0
    # The five seeds cover every section between them: no empty row, no count shown.
    assert page.locator("table.compare tbody.empty-section").count() == 0
    assert page.locator(".fold-controls .empty-note").count() == 0

    # One section: its lines fold to one, then come back.
    block = page.locator("table.compare tbody.section-block:not(.empty-section)").first
    lines = int(block.get_attribute("data-lines"))
    visible_rows = "(b) => [...b.rows].filter(r => r.offsetParent !== null).length"
    assert block.evaluate(visible_rows) == lines
    button = block.locator("button.fold")
    button.click()
    assert button.get_attribute("aria-expanded") == "false"
    assert block.evaluate(visible_rows) == 1
    assert block.locator(".folded-note").is_visible()
    height_folded = page.evaluate("document.querySelector('table.compare').offsetHeight")
    button.click()
    assert block.evaluate(visible_rows) == lines
    # Collapse all: the table is a fraction of its height.
    height = page.evaluate("document.querySelector('table.compare').offsetHeight")
    page.get_by_role("button", name="Collapse all sections").click()
    collapsed = page.evaluate("document.querySelector('table.compare').offsetHeight")
    assert collapsed < height and collapsed <= height_folded
    assert collapsed < 0.5 * height
    page.screenshot(path=str(SHOTS / "compare-collapsed.png"), full_page=True)
    page.get_by_role("button", name="Expand all").click()
    assert page.evaluate("document.querySelector('table.compare').offsetHeight") == height
