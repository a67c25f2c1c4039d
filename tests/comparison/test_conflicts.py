"""Verdicts end to end on our own test policies: a contradiction in the page, the API and the
exports with both sentences; Do Not Track as a row; narrower denials; low confidence."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from comparison.builders import comparison_build
from comparison.export import EXPORT_FIELDS, comparison_rows
from policies.models import Clause
from tests.comparison.policies import (
    CONFLICT_NO,
    CONFLICT_YES,
    COOKIE_DENIAL,
    ingest_test_policies,
)

pytestmark = pytest.mark.django_db
SLUGS = ["brightleaf", "quillmere", "fernhill"]
COMPARE = "?" + "&".join(f"c={s}" for s in SLUGS)
API = "/api/v1/compare/?" + "&".join(f"company={s}" for s in SLUGS)


@pytest.fixture
def policies(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return ingest_test_policies()


def _marketing(comparison):
    row = next(r for r in comparison.matrices.purposes.rows if r.key == "marketing")
    return {c.slug: row.cells[c.index][0] for c in comparison.columns}


def test_the_contradiction_is_conflicting_and_the_consistent_denial_denied(policies):
    comparison = comparison_build(slugs=SLUGS)
    marketing = _marketing(comparison)
    assert marketing["brightleaf"].status == "conflicting"
    assert marketing["brightleaf"].affirmed[0].text == CONFLICT_YES
    assert marketing["brightleaf"].denied[0].text == CONFLICT_NO
    assert marketing["quillmere"].status == "denied"
    assert marketing["fernhill"].status == "not_stated"
    conflicts = [(comparison.columns[c.column].slug, c.matrix, c.row)
                 for c in comparison.matrices.conflicts]
    assert ("brightleaf", "purposes", "marketing") in conflicts
    assert not [c for c in conflicts if c[0] == "quillmere"]


def test_do_not_track_is_an_explicit_row(policies):
    comparison = comparison_build(slugs=SLUGS)
    (row,) = comparison.matrices.do_not_track.rows
    stance = {c.slug: row.cells[c.index][0] for c in comparison.columns}
    assert stance["quillmere"].status == "denied" and stance["quillmere"].label == "ignored"
    assert stance["brightleaf"].label == "honoured"
    assert stance["fernhill"].status == "not_stated"


def test_the_pipeline_stance_decides_do_not_track_with_its_confidence(policies):
    honour = Clause.objects.get(text__startswith="We honour Do Not Track")
    Clause.objects.filter(pk=honour.pk).update(dnt_stance="honoured", confidence=0.92)
    comparison = comparison_build(slugs=SLUGS)
    v = comparison.matrices.do_not_track.rows[0].cells[0][0]
    assert (v.status, v.confidence, v.low_confidence) == ("stated", 0.92, False)


def test_a_narrower_denial_loses_to_the_affirmative(policies):
    denial = Clause.objects.get(text=COOKIE_DENIAL)
    Clause.objects.filter(pk=denial.pk).update(scope="")
    fernhill = 2

    def contact():
        comparison = comparison_build(slugs=SLUGS)
        row = next(r for r in comparison.matrices.data_types.rows if r.key == "contact")
        return row.cells[fernhill][0]

    assert contact().status == "conflicting", "an unscoped denial contradicts the collection"
    Clause.objects.filter(pk=denial.pk).update(scope="cookies")
    v = contact()
    assert v.status == "stated" and v.limited[0].text == COOKIE_DENIAL
    html = Client().get(reverse("comparison:compare") + COMPARE).content.decode()
    assert "not collected only for “cookies”" in html


def test_the_page_shows_the_conflict_with_both_links_and_filters_by_verdict(client, policies):
    html = client.get(reverse("comparison:compare") + COMPARE).content.decode()
    conflicts = html[html.index('id="conflicts"'):html.index("</section>",
                                                              html.index('id="conflicts"'))]
    assert "Brightleaf Garden Supplies" in conflicts and "Quillmere" not in conflicts
    yes = Clause.objects.get(text=CONFLICT_YES)
    no = Clause.objects.get(text=CONFLICT_NO)
    for clause in (yes, no):
        assert f"/versions/{clause.version_id}/#clause-{clause.pk}" in conflicts
    matrix = html[html.index('data-matrix="purposes"'):]
    assert 'data-status="conflicting"' in matrix[:matrix.index("</table>")]

    only = client.get(reverse("comparison:compare") + COMPARE + "&verdict=conflicting")
    body = only.content.decode()
    purposes = body[body.index('data-matrix="purposes"'):]
    purposes = purposes[:purposes.index("</table>")]
    assert 'data-row="marketing"' in purposes and 'data-row="service"' not in purposes
    assert "hidden" in body and 'aria-current="true">conflicting' in body


def test_low_confidence_values_are_marked_in_the_page(client, policies):
    Clause.objects.filter(text=CONFLICT_YES).update(confidence=0.35)
    html = client.get(reverse("comparison:compare") + COMPARE).content.decode()
    assert "low confidence (0.35)" in html
    assert 'class="visually-hidden"> (low confidence 0.35)' in html
    # the section-by-section cell of the same clause is marked too
    clause = Clause.objects.get(text=CONFLICT_YES)
    cell_links = [part for part in html.split("<a ") if f"#clause-{clause.pk}" in part]
    assert any('class="val' in p and " low" in p.split(">")[0] for p in cell_links)


def test_api_compare_shows_the_conflict_with_both_sentences_and_filters(policies):
    api = APIClient()
    body = api.get(API).json()
    (conflict,) = [c for c in body["matrices"]["conflicts"] if c["column"] == 0
                   and c["row"] == "marketing"]
    verdict = conflict["verdict"]
    assert verdict["status"] == "conflicting"
    yes, no = verdict["affirmed"][0], verdict["denied"][0]
    assert (yes["text"], no["text"]) == (CONFLICT_YES, CONFLICT_NO)
    for side in (yes, no):
        clause = Clause.objects.select_related("version").get(pk=side["clause_id"])
        assert clause.version.text[side["start"]:side["end"]] == side["text"]
        assert side["url"].startswith("http://testserver/companies/brightleaf/versions/")
    filtered = api.get(API + "&verdict=conflicting").json()["matrices"]
    for key in ("data_types", "recipients", "purposes", "rights", "transfers", "do_not_track"):
        for row in filtered[key]["rows"]:
            assert any(v["status"] == "conflicting" for cell in row["cells"] for v in cell)
    assert [r["key"] for r in filtered["purposes"]["rows"]] == ["marketing"]
    assert api.get(API + "&verdict=maybe").status_code == 400


def test_company_summary_lists_verdicts_and_filters(policies):
    api = APIClient()
    response = api.get("/api/v1/companies/brightleaf/summary/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["column"]["slug"] == "brightleaf" and body["counts"]["conflicting"] >= 1
    assert body["do_not_track"]["label"] == "honoured"
    values = {(v["matrix"], v["value"]): v["verdict"] for v in body["values"]}
    assert values["purposes", "marketing"]["status"] == "conflicting"
    assert values["recipients", "Stripe"]["status"] == "stated"
    only = api.get("/api/v1/companies/brightleaf/summary/?verdict=conflicting").json()
    assert only["values"] and {v["verdict"]["status"] for v in only["values"]} == {
        "conflicting"}
    assert only["counts"] == body["counts"]
    quill = api.get("/api/v1/companies/quillmere/summary/?matrix=purposes").json()
    assert {v["matrix"] for v in quill["values"]} == {"purposes"}
    assert quill["do_not_track"]["status"] == "denied"
    assert api.get("/api/v1/companies/nobody/summary/").status_code == 404
    assert api.get("/api/v1/companies/brightleaf/summary/?verdict=x").status_code == 400
    assert api.get("/api/v1/companies/brightleaf/summary/?colour=red").status_code == 400


def test_exports_carry_verdict_confidence_and_the_conflicting_sentence(client, policies):
    comparison = comparison_build(slugs=SLUGS)
    rows = list(comparison_rows(comparison, ["purposes", "do_not_track"]))
    assert all(set(r) == set(EXPORT_FIELDS) for r in rows)
    marketing = {r["company_slug"]: r for r in rows if r["value"] == "marketing"}
    assert marketing["brightleaf"]["status"] == "conflicting"
    assert marketing["brightleaf"]["evidence"] == CONFLICT_YES
    assert marketing["brightleaf"]["conflicting_evidence"] == CONFLICT_NO
    assert marketing["quillmere"]["status"] == "denied" and marketing["quillmere"]["negated"]
    assert marketing["fernhill"]["status"] == "not_stated"
    yes = Clause.objects.get(text=CONFLICT_YES)
    no = Clause.objects.get(text=CONFLICT_NO)
    assert marketing["brightleaf"]["confidence"] == round(min(yes.confidence, no.confidence), 3)

    response = client.get(reverse("comparison:export-csv") + COMPARE + "&verdict=conflicting")
    exported = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(exported[0]) == list(EXPORT_FIELDS)
    verdict_rows = [r for r in exported if r["table"] != "comparison" and r["table"]
                    != "retention"]
    assert verdict_rows and {r["status"] for r in verdict_rows} == {"conflicting"}
    row = next(r for r in verdict_rows if r["value"] == "marketing")
    assert row["conflicting_url"].startswith("http://testserver/companies/brightleaf/")

    api = APIClient().get("/api/v1/compare/export/?" + "&".join(
        f"company={s}" for s in SLUGS) + "&table=purposes&verdict=denied").json()
    assert api and {r["status"] for r in api} == {"denied"}
    assert all(r["conflicting_clause_id"] is None and r["negated"] is True for r in api)

