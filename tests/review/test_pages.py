"""Review pages: the queue (counts, filters, keyboard hints), the POST endpoint (CSRF, 403
for non-reviewers), the clause panel, and reviewed values in the comparison and its CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from tests.review.conftest import clause_with

pytestmark = pytest.mark.django_db

DENIAL = "cannot opt-out of receiving"
SEEDS = ["all-in-print", "intsig", "keditec-print", "allmyink", "unnamed-retailer"]
COMPARE = "/compare/?" + "&".join(f"c={s}" for s in SEEDS)


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post(client, data):
    client.get("/review/")
    token = client.cookies["csrftoken"].value
    return client.post("/review/act/", {**data, "csrfmiddlewaretoken": token})


def test_queue_page_lists_values_and_counts_and_refuses_unknown_filters(client, seeds):
    page = client.get("/review/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="queue"' in html and "Per company" in html and "sign in" in html
    assert client.get("/review/?company=nope").status_code == 400
    assert client.get("/review/?field=colour").status_code == 400


def test_a_reviewer_posts_a_review_and_the_comparison_and_csv_show_it(seeds, reviewer):
    clause = clause_with("unnamed-retailer", DENIAL)
    client = signed_in(reviewer)
    response = post(client, {"clause": clause.pk, "field": "right",
                             "value": "marketing_opt_out", "choice": "reject:wrong_value",
                             "next": COMPARE})
    assert response.status_code == 302 and response["Location"] == COMPARE
    assert client.get(COMPARE).status_code == 200
    rows = list(csv.DictReader(io.StringIO(client.get(
        "/compare/export.csv?" + COMPARE.split("?")[1]).content.decode())))
    assert not [r for r in rows if r["company_slug"] == "unnamed-retailer"
                and r["value"] == "marketing_opt_out" and DENIAL in r["evidence"]]
    panel = client.get(f"/review/clauses/{clause.pk}/").content.decode()
    assert "rejected by Rita" in panel


def test_a_non_reviewer_gets_403_and_csrf_is_enforced(seeds, reader, reviewer):
    clause = clause_with("unnamed-retailer", DENIAL)
    data = {"clause": clause.pk, "field": "right", "value": "marketing_opt_out",
            "choice": "confirm:"}
    assert post(signed_in(reader), data).status_code == 403
    no_token = signed_in(reviewer).post("/review/act/", data)
    assert no_token.status_code == 403
    anonymous = Client().post("/review/act/", data)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_htmx_post_returns_the_item_partial_or_a_400_with_the_reason(seeds, reviewer):
    clause = clause_with("unnamed-retailer", DENIAL)
    client = signed_in(reviewer)
    client.get("/review/")
    token = client.cookies["csrftoken"].value
    ok = client.post("/review/act/", {"clause": clause.pk, "field": "right",
                                      "value": "marketing_opt_out", "choice": "confirm:",
                                      "csrfmiddlewaretoken": token}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and "✓ Confirm" in ok.content.decode()
    bad = client.post("/review/act/", {"clause": clause.pk, "field": "right",
                                       "value": "access", "choice": "confirm:",
                                       "csrfmiddlewaretoken": token}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and "has no right" in bad.content.decode()


def test_the_queue_page_lists_reviews_that_could_not_be_reanchored(client, seeds, reviewer):
    from extraction.services import extraction_run_create, extraction_run_execute
    from review.models import Review
    from review.services import review_create

    clause = clause_with("unnamed-retailer", DENIAL)
    review = review_create(clause=clause, reviewer=reviewer, field="right",
                           value="marketing_opt_out", action="confirm")
    Review.objects.filter(pk=review.pk).update(fingerprint="0" * 40)  # as if the text changed
    run = extraction_run_create(version=clause.version)
    extraction_run_execute(run_id=run.pk)
    html = client.get("/review/").content.decode()
    assert "could not be re-anchored" in html and DENIAL in html
