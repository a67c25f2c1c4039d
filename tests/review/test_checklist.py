"""Reviewed values win in the GDPR checklist: the version page panel, the comparison's checklist
matrix, the version API, the compare API and the exports show the reviewed state (who, when),
with the machine's stored answer untouched and the query count flat."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comparison.builders import comparison_build
from comparison.export import comparison_rows
from extraction.models import RequirementCheck
from extraction.selectors import version_checklist
from review.checklist import reviewed_version_checklist
from review.services import review_create
from tests.review.conftest import clause_with

pytestmark = pytest.mark.django_db

ERASURE = "You have the right to access, correct, or delete"  # unnamed-retailer, rights
RETENTION = "We retain the pseudonymous data collected"  # all-in-print, P18M
TRANSFER = "Your PII may be transferred to"  # intsig, the only transfer sentence
SEEDS = ["all-in-print", "intsig", "keditec-print", "allmyink", "unnamed-retailer"]


def rows_by_key(version_id: int) -> dict:
    return {r.key: r for r in reviewed_version_checklist(version_id=version_id)}


def test_rejecting_the_only_evidence_makes_a_reviewed_gap(seeds, reviewer):
    clause = clause_with("unnamed-retailer", ERASURE)
    machine = {r.key: r for r in version_checklist(version_id=clause.version_id)}
    assert machine["right_erasure"].addressed
    assert [e.clause_id for e in machine["right_erasure"].evidence] == [clause.pk]
    review_create(clause=clause, reviewer=reviewer, field="right", value="erasure",
                  action="reject", reason="wrong_value")
    rows = rows_by_key(clause.version_id)
    erasure = rows["right_erasure"]
    assert not erasure.addressed and erasure.machine_addressed is True
    assert erasure.review_state == "rejected"
    assert "rejected by Rita" in erasure.review and erasure.evidence == ()
    assert [(e.clause_id, e.review_state) for e in erasure.struck] == [(clause.pk, "rejected")]
    # The same sentence still says access: that item is untouched, its rights summary follows.
    assert rows["right_access"].addressed and not rows["right_access"].review_state
    assert "right_erasure" not in rows["right_access"].detail["rights"]
    assert "right_access" in rows["right_access"].detail["rights"]
    # The stored answer is the machine's.
    assert RequirementCheck.objects.get(version_id=clause.version_id,
                                        key="right_erasure").addressed


def test_a_confirmation_marks_the_evidence_reviewed(seeds, reviewer):
    clause = clause_with("unnamed-retailer", ERASURE)
    review_create(clause=clause, reviewer=reviewer, field="right", value="access",
                  action="confirm")
    row = rows_by_key(clause.version_id)["right_access"]
    assert row.addressed and row.machine_addressed is None
    assert row.review_state == "confirmed" and "confirmed by Rita" in row.review
    assert [e.review_state for e in row.evidence if e.clause_id == clause.pk] == ["confirmed"]
    assert not rows_by_key(clause.version_id)["right_erasure"].review_state


def test_a_corrected_period_replaces_the_machine_one_in_the_detail(seeds, reviewer):
    clause = clause_with("all-in-print", RETENTION)
    assert clause.retention_duration == "P18M"
    review_create(clause=clause, reviewer=reviewer, field="retention", value="P18M",
                  action="correct", new_value="P2Y")
    row = rows_by_key(clause.version_id)["retention_period"]
    assert row.addressed and row.review_state == "corrected"
    assert "→ P2Y by Rita" in row.review
    durations = [r["duration"] for r in row.detail["retention"]]
    assert "P2Y" in durations and "P18M" not in durations
    assert "P3Y" in durations  # another sentence's period stays


def test_an_excluded_sentence_is_struck_out(seeds, reviewer):
    clause = clause_with("intsig", TRANSFER)
    review_create(clause=clause, reviewer=reviewer, field="practice", action="not_practice")
    row = rows_by_key(clause.version_id)["third_country_transfers"]
    assert not row.addressed and row.review_state == "excluded"
    assert row.struck[0].clause_id == clause.pk and "not a practice by Rita" in row.review
    assert row.detail == {}


def test_an_added_value_fills_a_gap(seeds, reviewer):
    clause = clause_with("unnamed-retailer", ERASURE)
    assert not rows_by_key(clause.version_id)["right_portability"].addressed
    review_create(clause=clause, reviewer=reviewer, field="right", action="add_missing",
                  new_value="portability")
    row = rows_by_key(clause.version_id)["right_portability"]
    assert row.addressed and row.machine_addressed is False
    assert row.review_state == "corrected" and "added → portability by Rita" in row.review
    assert [e.clause_id for e in row.evidence] == [clause.pk]


def test_disagreeing_reviewers_change_nothing(seeds, reviewer, second_reviewer):
    clause = clause_with("unnamed-retailer", ERASURE)
    review_create(clause=clause, reviewer=reviewer, field="right", value="erasure",
                  action="reject", reason="wrong_value")
    review_create(clause=clause, reviewer=second_reviewer, field="right", value="erasure",
                  action="confirm")
    row = rows_by_key(clause.version_id)["right_erasure"]
    assert row.addressed and row.review_state == "disputed" and row.struck == ()


def test_comparison_matrix_exports_and_apis_show_the_reviewed_checklist(seeds, reviewer,
                                                                        client):
    from rest_framework.test import APIClient

    clause = clause_with("unnamed-retailer", ERASURE)
    review_create(clause=clause, reviewer=reviewer, field="right", value="erasure",
                  action="reject", reason="wrong_value")
    comparison = comparison_build(slugs=SEEDS)
    column = next(c.index for c in comparison.columns if c.slug == "unnamed-retailer")
    crow = next(r for r in comparison.checklist if r.key == "right_erasure")
    cell = crow.cells[column]
    assert cell.addressed is False and cell.review_state == "rejected"
    assert cell.machine_addressed is True and cell.struck_evidence[0].clause_id == clause.pk
    assert cell.struck_evidence[0].url.endswith(f"#clause-{clause.pk}")

    rows = [r for r in comparison_rows(comparison, tables=("checklist",))
            if r["company_slug"] == "unnamed-retailer" and r["value"] == "right_erasure"]
    assert {r["status"] for r in rows} == {"rejected", "not_found"}
    assert all("Rita" in r["reviewed"] for r in rows)

    page = client.get("/compare/?" + "&".join(f"c={s}" for s in SEEDS))
    html = page.content.decode()
    start = html.index('data-requirement="right_erasure"')
    row_html = html[start:html.index("</tr>", start)]
    assert 'data-review="rejected"' in row_html and "<del>✓</del>" in row_html
    assert "rejected by Rita" in row_html

    api = APIClient()
    body = api.get(f"/api/v1/versions/{clause.version_id}/").json()
    item = next(r for r in body["checklist"] if r["key"] == "right_erasure")
    assert item["addressed"] is False and item["machine_addressed"] is True
    assert item["review_state"] == "rejected" and "Rita" in item["review"]
    assert item["struck_evidence"][0]["clause_id"] == clause.pk
    query = "&".join(f"company={s}" for s in SEEDS)
    compare = api.get(f"/api/v1/compare/?{query}")
    assert compare.status_code == 200, compare.content
    ccell = next(r for r in compare.json()["checklist"]
                 if r["key"] == "right_erasure")["cells"][column]
    assert ccell["review_state"] == "rejected" and ccell["struck_evidence"]
    export = api.get(f"/api/v1/compare/export/?{query}&table=checklist&format=csv")
    assert export.status_code == 200, export.content
    exported = [r for r in csv.DictReader(io.StringIO(export.content.decode()))
                if r["company_slug"] == "unnamed-retailer" and r["value"] == "right_erasure"]
    assert {r["status"] for r in exported} == {"rejected", "not_found"}


def test_version_page_panel_shows_the_reviewed_gap(seeds, reviewer, client):
    clause = clause_with("unnamed-retailer", ERASURE)
    review_create(clause=clause, reviewer=reviewer, field="right", value="erasure",
                  action="reject", reason="wrong_value")
    page = client.get(f"/companies/unnamed-retailer/versions/{clause.version_id}/")
    html = page.content.decode()
    gaps = html[:html.index('class="checklist-table"')]
    assert "GDPR requirement not found</strong> (Right to erasure" in gaps
    assert "rejected by Rita" in gaps  # the findings list says who made it a gap
    start = html.index('data-requirement="right_erasure"', html.index('class="checklist-table"'))
    row_html = html[start:html.index("</tr>", start)]
    assert "✗ not found" in row_html and 'data-review="rejected"' in row_html
    assert '<del class="rejected"' in row_html and "rejected by Rita" in row_html


def test_reviewed_checklist_queries_stay_flat(seeds, reviewer):
    version_id = clause_with("unnamed-retailer", ERASURE).version_id
    with CaptureQueriesContext(connection) as unreviewed:
        reviewed_version_checklist(version_id=version_id)
    clause = clause_with("unnamed-retailer", ERASURE)
    review_create(clause=clause, reviewer=reviewer, field="right", value="erasure",
                  action="reject", reason="wrong_value")
    with CaptureQueriesContext(connection) as one:
        reviewed_version_checklist(version_id=version_id)
    for text in (RETENTION, TRANSFER):
        other = clause_with("all-in-print" if text == RETENTION else "intsig", text)
        review_create(clause=other, reviewer=reviewer, field="practice",
                      action="not_practice")
    for c in clause.version.clauses.all()[:20]:
        review_create(clause=c, reviewer=reviewer, field="practice", value=c.practice or "",
                      action="confirm")
    with CaptureQueriesContext(connection) as many:
        comparison_build(slugs=SEEDS)
    with CaptureQueriesContext(connection) as many_page:
        reviewed_version_checklist(version_id=version_id)
    assert len(unreviewed) == 2  # the checklist, the reviews
    assert len(one) == len(many_page) == 3  # + the reviewed evidence clauses
    assert len(many) <= 8  # comparison_inputs' five + the checklist's three


def test_a_corrected_data_type_follows_into_the_detail_of_its_requirement_only(seeds,
                                                                               reviewer):
    from policies.models import Clause

    version_id = clause_with("unnamed-retailer", ERASURE).version_id
    machine = {r.key: r for r in version_checklist(version_id=version_id)}
    evidence = [Clause.objects.get(pk=e.clause_id)
                for e in machine["data_categories"].evidence if e.clause_id]
    clause = next(c for c in evidence if c.data_types)
    old = clause.data_types[0]
    assert old in machine["data_categories"].detail["data_types"]
    assert "biometric" not in machine["data_categories"].detail["data_types"]
    review_create(clause=clause, reviewer=reviewer, field="data_type", value=old,
                  action="correct", new_value="biometric")
    rows = rows_by_key(version_id)
    detail = rows["data_categories"].detail["data_types"]
    assert "biometric" in detail and rows["data_categories"].review_state == "corrected"
    others = [c for c in evidence if c.pk != clause.pk]
    assert (old in detail) == any(old in c.data_types for c in others)
    # Another requirement the same sentence is evidence for keeps its own detail.
    for key, row in rows.items():
        if key != "data_categories":
            assert "data_types" not in row.detail or row.detail == machine[key].detail
