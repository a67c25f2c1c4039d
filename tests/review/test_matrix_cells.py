"""A rejected value does not vanish from the comparison: its statement stays in the matrix cell
(and in the section grid) struck through, with the reviewer's name and date; a corrected value
shows the machine's value struck through beside the correction; the API carries both."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from comparison.builders import comparison_build
from comparison.html import verdict_html
from comparison.types import Statement, Verdict
from review.services import review_create
from tests.review.conftest import clause_with

pytestmark = pytest.mark.django_db

SEEDS = ["all-in-print", "intsig", "keditec-print", "allmyink", "unnamed-retailer"]
COMPARE = "/compare/?" + "&".join(f"c={s}" for s in SEEDS)
DENIAL = "cannot opt-out of receiving"  # unnamed-retailer: marketing opt-out "not offered"
ERASURE = "You have the right to access, correct, or delete"  # unnamed-retailer, rights


def cell(html: str, matrix: str, row: str, company: str) -> str:
    table = html.index(f'data-matrix="{matrix}"')
    tr = html.index(f'data-row="{row}"', table)
    td = html.index(f'data-company="{company}"', tr)
    return html[td:html.index("</td>", td)]


def column_of(comparison, slug: str) -> int:
    return next(c.index for c in comparison.columns if c.slug == slug)


def test_a_rejected_denial_stays_struck_through_with_who_and_when(seeds, reviewer, client):
    denial = clause_with("unnamed-retailer", DENIAL)
    review_create(clause=denial, reviewer=reviewer, field="right", value="marketing_opt_out",
                  action="reject", reason="wrong_value")
    comparison = comparison_build(slugs=SEEDS)
    col = column_of(comparison, "unnamed-retailer")
    row = next(r for r in comparison.matrices.rights.rows if r.key == "marketing_opt_out")
    (verdict,) = row.cells[col]
    assert denial.pk not in {s.clause_id for s in verdict.affirmed + verdict.denied
                             + verdict.limited}  # it decides nothing
    (rejected,) = verdict.rejected
    assert rejected.clause_id == denial.pk and rejected.negated
    assert rejected.review.startswith("rejected by Rita, ")

    html = cell(client.get(COMPARE).content.decode(), "rights", "marketing_opt_out",
                "unnamed-retailer")
    struck = re.search(r'<del class="ev rejected" title="([^"]*)"><a href="([^"]*)">([^<]*)'
                       r"</a></del> <small class=\"review-by\">([^<]*)</small>", html)
    assert struck, html
    title, href, label, small = struck.groups()
    assert label.startswith("not offered") and href.endswith(f"#clause-{denial.pk}")
    assert "rejected by Rita" in title and small == title
    assert "offered" in html.replace(label, "")  # the affirmative still decides the verdict

    # The section grid keeps the value too, struck through, beside the clause's other values.
    grid = client.get(COMPARE).content.decode()
    anchor = grid.index(f'href="/companies/unnamed-retailer/versions/{denial.version_id}/'
                        f'#clause-{denial.pk}"', grid.index('id="sections"'))
    ref = grid[grid.rindex('<div class="ref', 0, anchor):grid.index("</div>", anchor)]
    assert '<del class="val f-right rejected"' in ref and "rejected by Rita" in ref

    api = APIClient().get("/api/v1/compare/?" + "&".join(f"company={s}" for s in SEEDS))
    rights = api.json()["matrices"]["rights"]["rows"]
    (averdict,) = next(r for r in rights if r["key"] == "marketing_opt_out")["cells"][col]
    assert averdict["rejected"][0]["clause_id"] == denial.pk
    assert "Rita" in averdict["rejected"][0]["review"]


def test_a_rejected_sole_value_keeps_its_row(seeds, reviewer):
    clause = clause_with("unnamed-retailer", ERASURE)
    before = comparison_build(slugs=SEEDS)
    col = column_of(before, "unnamed-retailer")
    erasure = next(r for r in before.matrices.rights.rows if r.key == "erasure")
    deciding = [s.clause_id for v in erasure.cells[col] for s in v.evidence]
    review_create(clause=clause, reviewer=reviewer, field="right", value="erasure",
                  action="reject", reason="wrong_value")
    after = comparison_build(slugs=SEEDS)
    row = next(r for r in after.matrices.rights.rows if r.key == "erasure")
    (verdict,) = row.cells[col]
    assert deciding == [clause.pk]  # the sentence was the only one offering erasure
    assert verdict.status == "not_stated"
    assert [s.clause_id for s in verdict.rejected] == [clause.pk]
    html = verdict_html(verdict)
    assert "<del" in html and "rejected by Rita" in html


def test_a_correction_shows_the_machine_value_struck_beside_it(seeds, reviewer, client):
    clause = clause_with("unnamed-retailer", ERASURE)
    review_create(clause=clause, reviewer=reviewer, field="right", value="erasure",
                  action="correct", new_value="restriction")
    comparison = comparison_build(slugs=SEEDS)
    col = column_of(comparison, "unnamed-retailer")
    row = next(r for r in comparison.matrices.rights.rows if r.key == "restriction")
    (verdict,) = row.cells[col]
    mine = next(s for s in verdict.affirmed if s.clause_id == clause.pk)
    assert mine.machine == "erasure"
    assert "corrected → restriction by Rita" in mine.review
    html = cell(client.get(COMPARE).content.decode(), "rights", "restriction",
                "unnamed-retailer")
    assert verdict.evidence[0].clause_id == clause.pk  # reviewed statements decide
    assert '<s class="machine" title="the machine\'s value">erasure</s>' in html
    assert "✓ reviewed" in html


def test_verdict_html_escapes_the_review_text():
    statement = Statement(1, "/c/#clause-1", "text", True, review="rejected by <b>x</b>, 2026")
    verdict = Verdict("offered", "not_stated", "not stated", None, False, rejected=(statement,))
    html = verdict_html(verdict)
    assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert html.count("<del") == 1 and "not offered" in html
