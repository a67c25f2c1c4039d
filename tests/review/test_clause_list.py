"""Reviewed values win in the clause-list API (/api/v1/clauses/, its detail and export): each
page gets the settled reviews in one query; a reviewed clause carries ``review`` (state, who,
when, the machine's values beside) and excluded clauses stay, flagged."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from policies.models import Clause
from review.services import review_create
from tests.review.conftest import clause_with

pytestmark = pytest.mark.django_db

ERASURE = "You have the right to access, correct, or delete"  # unnamed-retailer, rights
RETENTION = "We retain the pseudonymous data collected"  # all-in-print, P18M
DENIAL = "cannot opt-out of receiving"  # unnamed-retailer: a wrong denial


def mark_at(clause) -> str:
    from review.models import Review

    return Review.objects.get(clause=clause).created_at.isoformat()


def listed(api, query: str) -> dict[int, dict]:
    response = api.get(f"/api/v1/clauses/?{query}&page_size=1000")
    assert response.status_code == 200, response.content
    return {c["id"]: c for c in response.json()["results"]}


def test_reviewed_values_win_in_the_clause_list(seeds, reviewer):
    api = APIClient()
    rights = clause_with("unnamed-retailer", ERASURE)
    denial = clause_with("unnamed-retailer", DENIAL)
    before = listed(api, "company=unnamed-retailer")
    assert before[rights.pk]["review"] is None and before[rights.pk]["excluded"] is False
    assert "erasure" in before[rights.pk]["rights"]
    review_create(clause=rights, reviewer=reviewer, field="right", value="erasure",
                  action="correct", new_value="restriction")
    review_create(clause=denial, reviewer=reviewer, field="right", value="marketing_opt_out",
                  action="reject", reason="wrong_polarity")
    after = listed(api, "company=unnamed-retailer")
    assert len(after) == len(before)
    row = after[rights.pk]
    assert "erasure" not in row["rights"] and "restriction" in row["rights"]
    review = row["review"]
    assert review["state"] == "reviewed" and review["reviewer"] == "Rita"
    assert review["at"] == mark_at(rights)
    assert "erasure" in review["machine"]["rights"]  # the machine's value beside the correction
    (mark,) = review["marks"]
    assert (mark["field"], mark["value"], mark["state"], mark["new_value"]) == (
        "right", "erasure", "correct", "restriction")
    assert "corrected → restriction by Rita" in mark["summary"]
    assert not any(e["field"] == "rights" and e["value"] == "erasure" for e in row["evidence"])
    flipped = after[denial.pk]
    assert flipped["negated"] is False and flipped["review"]["machine"]["negated"] is True
    # Untouched clauses are as before.
    others = [pk for pk in after if pk not in (rights.pk, denial.pk)]
    assert all(after[pk] == before[pk] for pk in others)
    # The detail says the same.
    detail = api.get(f"/api/v1/clauses/{rights.pk}/").json()
    assert detail["rights"] == row["rights"] and detail["review"]["marks"] == review["marks"]


def test_excluded_clauses_are_flagged_not_dropped(seeds, reviewer):
    api = APIClient()
    clause = clause_with("all-in-print", RETENTION)
    review_create(clause=clause, reviewer=reviewer, field="practice", action="not_practice")
    rows = listed(api, "company=all-in-print")
    assert rows[clause.pk]["excluded"] is True
    assert rows[clause.pk]["review"]["state"] == "excluded"
    exported = api.get("/api/v1/clauses/export/?company=all-in-print&format=csv")
    by_id = {int(r["id"]): r for r in csv.DictReader(io.StringIO(
        b"".join(exported.streaming_content).decode()))}
    assert by_id[clause.pk]["excluded"] == "True"
    assert "not a practice by Rita" in by_id[clause.pk]["reviewed"]


def test_a_corrected_retention_shows_the_machine_period_beside(seeds, reviewer):
    api = APIClient()
    clause = clause_with("all-in-print", RETENTION)
    review_create(clause=clause, reviewer=reviewer, field="retention", value="P18M",
                  action="correct", new_value="P2Y")
    row = listed(api, "company=all-in-print&has_retention=true")[clause.pk]
    assert row["retention"]["duration"] == "P2Y" and row["retention_days"] == 730
    assert row["review"]["machine"]["retention"]["duration"] == "P18M"
    assert row["review"]["machine"]["retention_days"] != 730


def test_the_reviews_of_a_page_are_one_query(seeds, reviewer):
    api = APIClient()
    url = "/api/v1/clauses/?company=unnamed-retailer&page_size=50"
    with CaptureQueriesContext(connection) as unreviewed:
        assert api.get(url).status_code == 200
    page = api.get(url).json()["results"]
    for row in page[:30]:
        clause = Clause.objects.get(pk=row["id"])  # short lines repeat: find rows by id
        review_create(clause=clause, reviewer=reviewer, field="practice",
                      value=clause.practice or "", action="confirm")
    with CaptureQueriesContext(connection) as reviewed:
        body = api.get(url).json()
    assert sum(1 for r in body["results"] if r["review"]) >= 25
    assert len(reviewed) == len(unreviewed)  # the reviews query runs (empty) either way
    assert sum('"review_review"' in q["sql"] for q in reviewed.captured_queries) == 1
