"""The comparison of the five seed companies: cells, gaps, matrices, exports, query count."""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest
from django.urls import reverse

from comparison.builders import comparison_build
from comparison.export import comparison_rows
from policies.models import Clause, ClauseValue
from tests.factories import clause_value

pytestmark = pytest.mark.django_db

SEEDS = ["all-in-print", "intsig", "keditec-print", "allmyink", "unnamed-retailer"]


def _compare_url(slugs=SEEDS, **extra) -> str:
    query = "&".join(f"c={s}" for s in slugs)
    query += "".join(f"&{k}={v}" for k, v in extra.items())
    return f"{reverse('comparison:compare')}?{query}"


def _column(comparison, slug):
    return next(c for c in comparison.columns if c.slug == slug)


def _cell_values(comparison, section, slug):
    column = _column(comparison, slug)
    row = next(r for r in comparison.rows if r.key == section)
    return [
        (value.field, value.value, ref)
        for group in row.groups
        for ref in group.cells[column.index]
        for value in ref.values
    ]


def test_seed_comparison_finds_the_named_facts_in_the_right_cells(seeds):
    comparison = comparison_build(slugs=SEEDS)
    assert [c.slug for c in comparison.columns] == SEEDS
    assert not comparison.missing

    # All in Print keeps pseudonymous data for 18 months: in its retention row and matrix.
    aip = _column(comparison, "all-in-print")
    retention = _cell_values(comparison, "retention", "all-in-print")
    hits = [ref for field, value, ref in retention if field == "retention" and value == "P18M"]
    assert hits, retention
    assert "18 months" in hits[0].text
    assert hits[0].url == (
        reverse("policies:version-detail", args=["all-in-print", aip.version_id])
        + f"#clause-{hits[0].id}"
    )
    aip_retention = comparison.matrices.retention[aip.index]
    assert any(e.duration == "P18M" and e.days == 540 for e in aip_retention.entries)
    assert aip_retention.max_days >= 540

    # INTSIG names Mixpanel as a recipient; nobody else does.
    intsig = _column(comparison, "intsig")
    mixpanel = next(r for r in comparison.matrices.recipients.rows if r.key == "Mixpanel")
    assert [cell[0].status for cell in mixpanel.cells] == [
        "stated" if c.slug == "intsig" else "not_stated" for c in comparison.columns]
    evidence = mixpanel.cells[intsig.index][0].evidence[0]
    assert "Mixpanel" in evidence.text and f"#clause-{evidence.clause_id}" in evidence.url
    assert intsig.version_id and evidence.end > evidence.start
    sharing_like = {
        key for key in ("sharing", "cookies", "use")
        if any(v == "Mixpanel" for f, v, _ in _cell_values(comparison, key, "intsig"))
    }
    assert sharing_like, "Mixpanel appears in one of INTSIG's section cells"
    distinct = [
        v for group in next(r for r in comparison.rows if r.key in sharing_like).groups
        for ref in group.cells[intsig.index] for v in ref.values if v.value == "Mixpanel"
    ]
    assert distinct and all(v.distinct for v in distinct), "a value only INTSIG states differs"


def test_absent_sections_are_gaps_with_a_reason(seeds):
    comparison = comparison_build(slugs=SEEDS)
    children = next(r for r in comparison.rows if r.key == "children")
    aip = _column(comparison, "all-in-print")
    cell = children.cells[aip.index]
    assert cell.gap and cell.clause_count == 0
    assert cell.gap_kind in {"missing_section", "empty_section", "no_clause"}
    assert cell.gap_reason
    # a gap is never also a cell with clauses
    for row in comparison.rows:
        for c in row.cells:
            refs = [ref for g in row.groups for ref in g.cells[c.column]]
            assert c.gap == (not refs)


def test_comparison_page_renders_cells_matrices_and_links(client, seeds):
    response = client.get(_compare_url())
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("All in Print", "INTSIG Information Co.", "Keditec Print"):
        assert name in html
    assert 'data-matrix="data_types"' in html and 'data-matrix="retention"' in html
    assert "18 months" in html and "Mixpanel" in html
    assert 'class="gap' in html
    assert "#clause-" in html


def test_comparison_query_count_does_not_grow_with_clauses(
    client, seeds, django_assert_num_queries
):
    url = _compare_url()
    client.get(url)  # warm caches (content types, templates)
    # 4 for the comparison, 1 for the reviews of the clauses, 1 for the GDPR checklist matrix
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200

    # Triple one company's clauses (with their values): still the same number of queries.
    version_clauses = list(Clause.objects.filter(version__policy__company__slug="intsig"))
    top = max(c.order for c in version_clauses) + 1
    copies = []
    for i, original in enumerate(version_clauses * 2):
        clause = copy.copy(original)
        clause.pk = None
        clause.order = top + i
        copies.append(clause)
    created = Clause.objects.bulk_create(copies)
    ClauseValue.objects.bulk_create(
        clause_value(c, "recipient", f"Extra Recipient {c.order}")
        for c in created
    )
    assert len(created) >= 200
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


def test_csv_export_rows_carry_company_date_section_value_and_evidence(client, seeds):
    response = client.get(reverse("comparison:export-csv") + "?c=all-in-print&c=intsig")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {"company", "version_date", "section", "field", "value", "evidence"} <= set(rows[0])
    retention = [r for r in rows if r["company"] == "All in Print" and r["value"] == "P18M"
                 and r["table"] == "comparison"]
    assert "retention" in {r["section"] for r in retention}
    assert retention[0]["version_date"] == "2022-07-14"
    assert "18 months" in retention[0]["evidence"]
    assert retention[0]["url"].startswith("http://testserver/companies/all-in-print/versions/")
    mixpanel = [r for r in rows if r["value"] == "Mixpanel" and r["table"] == "recipients"]
    assert {r["company"]: r["status"] for r in mixpanel} == {
        "INTSIG Information Co.": "stated", "All in Print": "not_stated"}
    stated = next(r for r in mixpanel if r["status"] == "stated")
    assert stated["field"] == "shared_with" and "Mixpanel" in stated["evidence"]
    assert {r["table"] for r in rows} >= {"comparison", "data_types", "recipients", "retention"}
    gaps = [r for r in rows if r["field"] == "gap"]
    assert all(r["evidence"] == "" and r["label"] for r in gaps)


def test_json_export_and_format_parameter(client, seeds):
    response = client.get(_compare_url(["all-in-print", "intsig"], format="json",
                                       table="retention"))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["companies"] == ["all-in-print", "intsig"]
    assert data["tables"] == ["retention"]
    assert data["rows"] and {r["table"] for r in data["rows"]} == {"retention"}
    assert any(r["value"] == "P18M" for r in data["rows"])


def test_export_rows_match_the_structure(seeds):
    comparison = comparison_build(slugs=["all-in-print", "intsig"])
    rows = list(comparison_rows(comparison, ["comparison"]))
    refs = {ref.id for row in comparison.rows for g in row.groups for refs in g.cells
            for ref in refs}
    assert {r["clause_id"] for r in rows if r["clause_id"]} == refs
    assert comparison.to_dict()["columns"][0]["slug"] == "all-in-print"


def test_retention_matrix_sorts_by_longest_period(client, seeds):
    html = client.get(_compare_url(rsort="desc")).content.decode()
    table = html[html.index('data-matrix="retention"'):]
    table = table[: table.index("</table>")]
    order = [s for s in SEEDS if f'data-company="{s}"' in table]
    positions = sorted(order, key=lambda s: table.index(f'data-company="{s}"'))
    comparison = comparison_build(slugs=SEEDS)
    days = {c.slug: comparison.matrices.retention[c.index].max_days for c in comparison.columns}
    known = [s for s in positions if days[s] is not None]
    assert known == sorted(known, key=lambda s: -days[s])
    assert positions[: len(known)] == known, "companies without a period come last"


@pytest.mark.parametrize(
    "query, status, message",
    [
        ("c=all-in-print", 400, "at least 2"),
        ("c=a&c=b&c=c&c=d&c=e&c=f&c=g", 400, "at most 6"),
        ("c=all-in-print&c=nope", 404, "Unknown company: nope"),
    ],
)
def test_bad_comparison_requests_explain_themselves(client, seeds, query, status, message):
    response = client.get(f"{reverse('comparison:compare')}?{query}")
    assert response.status_code == status
    assert message in response.content.decode()


def test_compare_without_companies_shows_the_picker(client, seeds):
    response = client.get(reverse("comparison:compare"))
    assert response.status_code == 200
    assert 'name="c" value="intsig"' in response.content.decode()


@pytest.mark.django_db
def test_retention_is_shown_as_written_and_sorts_by_duration(client, seeds):
    """All in Print keeps data "18 months": the page says so, not "540 days"; the column still
    sorts by length (data-days)."""
    slugs = list(seeds)
    response = client.get("/compare/?" + "&".join(f"c={s}" for s in slugs) + "&rsort=desc")
    html = response.content.decode()
    section = html[html.index('id="matrix-retention"'):html.index("</table>",
                                                                html.index('id="matrix-retention"'))]
    assert "18 months" in section
    assert "540 days" not in section
    import re

    days = [int(d) for d in re.findall(r'<td data-days="(\d+)">', section)[::2]]
    assert days == sorted(days, reverse=True)


def test_rows_where_every_company_is_empty_are_marked_and_counted(client, seeds):
    # Neither Keditec Print nor AllMyInk says anything about international transfers.
    html = client.get(_compare_url(["keditec-print", "allmyink"])).content.decode()
    block = html[html.index('id="row-transfers"') - 200:html.index('id="row-transfers"')]
    assert "empty-section" in block
    assert 'id="row-transfers" data-empty="true"' in html
    assert 'data-empty="true"' not in html.split('id="row-collection"')[1].split("</tbody>")[0]
    assert '<span class="empty-count">1</span> empty row <span class="empty-state">hidden' in html
    assert 'data-fold="show-empty"' in html
    # The five seeds cover every section between them: nothing to fold, no count.
    assert "empty-count" not in client.get(_compare_url()).content.decode()
