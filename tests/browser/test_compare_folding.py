"""The comparison table in a real browser: company headers stay visible while scrolling,
sections fold and unfold, sections nobody covers are folded until asked for."""

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


def test_sections_fold_and_empty_sections_are_folded_by_default(page, seeded):
    page.goto(f"{page.base}{COMPARE}#sections")
    bodies = page.locator("table.compare tbody.section-block")
    empty = page.locator("table.compare tbody.empty-section")
    total, hidden_empty = bodies.count(), empty.count()
    assert total > 0
    for i in range(hidden_empty):
        assert not empty.nth(i).is_visible(), "nobody covers it: folded by default"
    if hidden_empty:
        page.get_by_label("Show sections nobody covers").check()
        assert empty.first.is_visible()
        page.get_by_label("Show sections nobody covers").uncheck()
        assert not empty.first.is_visible()

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
