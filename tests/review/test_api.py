"""Review API: create/list/retrieve/withdraw, per-clause state, queue and counts; who may
write (403 for non-reviewers), schema, and a bounded number of queries on the lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from review.models import Review
from tests.review.conftest import clause_with, client_for, make_reviewer

pytestmark = pytest.mark.django_db

DENIAL = "cannot opt-out of receiving"


def payload(target, **extra):
    body = {"clause": target.pk, "field": "right", "value": "marketing_opt_out", "action": "reject",
            "reason": "wrong_polarity", "note": "service notices only; says nothing of marketing"}
    body.update(extra)
    return body


def test_a_reviewer_creates_lists_retrieves_and_withdraws(seeds, reviewer):
    api = client_for(reviewer)
    clause = clause_with("unnamed-retailer", DENIAL)
    response = api.post("/api/v1/reviews/", payload(clause), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reviewer"] == "Rita" and body["company"] == "unnamed-retailer"
    assert body["status"] == "active" and body["sentence"] == clause.text
    listed = APIClient().get("/api/v1/reviews/?company=unnamed-retailer&reviewer=rita").json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]
    assert APIClient().get(f"/api/v1/reviews/{body['id']}/").json()["action"] == "reject"
    state = APIClient().get(f"/api/v1/clauses/{clause.pk}/reviews/").json()
    assert state["machine"]["negated"] is True and state["reviewed"]["negated"] is False
    assert state["marks"][0]["summary"].startswith("wrong polarity by Rita")
    withdrawn = api.post(f"/api/v1/reviews/{body['id']}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    state = APIClient().get(f"/api/v1/clauses/{clause.pk}/reviews/").json()
    assert state["reviewed"]["negated"] is True and state["marks"] == []
    events = APIClient().get("/api/v1/review-events/").json()["results"]
    assert [e["kind"] for e in events] == ["withdrawn", "created"]


def test_non_reviewers_get_403_and_anonymous_401_and_nothing_is_written(seeds, reader):
    clause = clause_with("unnamed-retailer", DENIAL)
    response = client_for(reader).post("/api/v1/reviews/", payload(clause), format="json")
    assert response.status_code == 403
    assert "reviewers" in response.json()["detail"]
    assert APIClient().post("/api/v1/reviews/", payload(clause), format="json").status_code == 401
    assert not Review.objects.exists()
    # ...but everyone reads.
    assert APIClient().get("/api/v1/reviews/").status_code == 200
    assert client_for(reader).get("/api/v1/review-queue/").status_code == 200


def test_another_reviewer_cannot_withdraw_a_review(seeds, reviewer, second_reviewer):
    clause = clause_with("unnamed-retailer", DENIAL)
    review_id = client_for(reviewer).post("/api/v1/reviews/", payload(clause),
                                          format="json").json()["id"]
    response = client_for(second_reviewer).post(f"/api/v1/reviews/{review_id}/withdraw/")
    assert response.status_code == 403


def test_bad_input_is_a_400_that_says_why(seeds, reviewer):
    api = client_for(reviewer)
    clause = clause_with("unnamed-retailer", DENIAL)
    cases = [
        ({"value": "access"}, "value"),
        ({"action": "correct", "reason": "", "new_value": "bogus"}, "new_value"),
        ({"clause": 10**9}, "clause"),
        ({"action": "shrug"}, "action"),
        ({"field": "colour"}, "field"),
    ]
    for extra, key in cases:
        response = api.post("/api/v1/reviews/", payload(clause, **extra), format="json")
        assert response.status_code == 400, (extra, response.content)
        assert key in str(response.json()), (extra, response.json())
    assert api.get("/api/v1/review-queue/?field=colour").status_code == 400
    assert api.get("/api/v1/review-queue/?company=nope").status_code == 400
    assert api.get("/api/v1/review-queue/?colour=red").status_code == 400


def test_queue_puts_denials_and_matrix_values_first_and_filters(seeds, reviewer):
    queue = APIClient().get("/api/v1/review-queue/?page_size=20").json()
    assert queue["count"] > 50
    first = queue["results"][0]
    assert first["negated"] is True and first["in_matrix"] is True
    negated = [item["negated"] for item in queue["results"]]
    assert negated == sorted(negated, reverse=True)
    only = APIClient().get("/api/v1/review-queue/?company=intsig&field=data_type").json()
    assert {(i["company"], i["field"]) for i in only["results"]} == {("intsig", "data_type")}
    clause = clause_with("unnamed-retailer", DENIAL)
    client_for(reviewer).post("/api/v1/reviews/", payload(clause), format="json")
    after = APIClient().get("/api/v1/review-queue/?company=unnamed-retailer").json()
    assert not any(i["clause"] == clause.pk and i["field"] == "right"
                   for i in after["results"])
    mine = APIClient().get(
        "/api/v1/review-queue/?reviewer=rita&include_reviewed=true").json()["results"]
    assert [(i["clause"], i["value"]) for i in mine] == [(clause.pk, "marketing_opt_out")]
    counts = {c["company"]: c for c in APIClient().get("/api/v1/review-counts/").json()}
    row = counts["unnamed-retailer"]
    assert row["reviewed"] == 1 and row["outstanding"] == row["values"] - 1
    assert counts["intsig"]["reviewed"] == 0


def test_disputed_values_show_both_and_come_first_in_the_queue(seeds, reviewer,
                                                                second_reviewer):
    clause = clause_with("unnamed-retailer", DENIAL)
    client_for(reviewer).post("/api/v1/reviews/", payload(clause), format="json")
    client_for(second_reviewer).post(
        "/api/v1/reviews/", payload(clause, action="confirm", reason=""), format="json")
    first = APIClient().get("/api/v1/review-queue/").json()["results"][0]
    assert (first["clause"], first["disputed"], first["reviewers"]) == (clause.pk, True, 2)
    state = APIClient().get(f"/api/v1/clauses/{clause.pk}/reviews/").json()
    assert state["marks"][0]["state"] == "disputed"
    assert {s["reviewer"] for s in state["marks"][0]["says"]} == {"Rita", "Sam"}
    counts = {c["company"]: c for c in APIClient().get("/api/v1/review-counts/").json()}
    assert counts["unnamed-retailer"]["disputed"] == 1


def test_queue_and_review_lists_run_a_fixed_number_of_queries(seeds):
    reviewers = [make_reviewer(f"r{i}") for i in range(3)]
    for clause_needle, company in [(DENIAL, "unnamed-retailer")]:
        clause = clause_with(company, clause_needle)
        for i, user in enumerate(reviewers):
            client_for(user).post("/api/v1/reviews/", payload(
                clause, action="confirm" if i else "reject", reason="" if i else
                "wrong_polarity"), format="json")
    api = APIClient()
    counts = {}
    for size in (5, 50):
        for url in (f"/api/v1/review-queue/?page_size={size}",
                    f"/api/v1/reviews/?page_size={size}",
                    f"/api/v1/review-events/?page_size={size}"):
            with CaptureQueriesContext(connection) as ctx:
                assert api.get(url, HTTP_CACHE_CONTROL="no-cache").status_code == 200
            counts.setdefault(url.split("?")[0], []).append(len(ctx))
    for url, (small, large) in counts.items():
        assert small == large, (url, counts)
        assert large <= 6, (url, counts)
    with CaptureQueriesContext(connection) as ctx:
        api.get("/api/v1/review-counts/")
    assert len(ctx) <= 4
