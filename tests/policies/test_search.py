"""Search that finds what an analyst means, on either database: word forms (FTS5 porter /
PostgreSQL English), section labels and typed values indexed, ranked, with facets; the
API's recipient filter is case-insensitive."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from policies.search import clause_search, fts5_query, search_facets

pytestmark = pytest.mark.django_db


def texts(qs):
    return [c.text for c in qs]


def test_retention_finds_we_retain_clauses(seeds):
    found = texts(clause_search(q="retention"))
    assert any("retain" in t.lower() and "18 months" in t for t in found), found[:5]
    assert any("retain" in t.lower() or "keep" in t.lower() for t in found)


def test_values_and_word_forms_find_their_clauses(seeds):
    mixpanel = clause_search(q="Mixpanel")
    assert mixpanel.exists()
    assert all("Mixpanel" in c.recipient_names or "mixpanel" in c.text.lower()
               for c in mixpanel)
    sells = clause_search(q="sells")
    assert sells.exists()
    assert any(c.practice == "sell" or "sell" in c.text.lower() for c in sells)
    # A stemmed form: "collecting" finds "collect".
    assert clause_search(q="collecting").exists()


def test_results_are_ranked_and_faceted(seeds):
    results = clause_search(q="retention")
    ranks = [c.rank for c in results]
    assert ranks == sorted(ranks, reverse=ranks[0] > ranks[-1]) and len(ranks) > 1
    facets = search_facets(results=results)
    assert any(key == "retention" for key, _, _ in facets["section"])
    assert {slug for slug, _, _ in facets["company"]} <= set(seeds)
    total = results.count()
    narrowed = clause_search(q="retention", company="all-in-print")
    assert 0 < narrowed.count() < total
    assert {c.version.policy.company.slug for c in narrowed} == {"all-in-print"}
    by_section = clause_search(q="retention", section="retention")
    assert 0 < by_section.count() <= total


def test_search_page_shows_facets_and_narrows(client, seeds):
    response = client.get(reverse("policies:search"), {"q": "retention"})
    html = response.content.decode()
    assert response.status_code == 200 and "18 months" in html
    assert 'aria-label="Narrow the results"' in html and "company=all-in-print" in html
    assert "(narrowed)" not in html and "all companies" not in html
    narrowed = client.get(reverse("policies:search"),
                          {"q": "retention", "company": "all-in-print"}).content.decode()
    assert "all companies" in narrowed and "INTSIG" not in narrowed.split("search-results")[1]


def test_hostile_queries_are_plain_words():
    assert fts5_query('retain" OR * NEAR(') == '"retain" OR "NEAR"'
    assert fts5_query('"data retention" policy') == '"data retention" "policy"'
    assert fts5_query("***") == ""
    assert not clause_search(q="***").exists()


def test_recipient_filter_is_case_insensitive(seeds):
    api = APIClient()
    exact = api.get("/api/v1/clauses/?recipient=Mixpanel").json()["count"]
    lower = api.get("/api/v1/clauses/?recipient=mixpanel").json()["count"]
    assert exact > 0 and lower == exact
    assert api.get("/api/v1/clauses/?q=retention").json()["count"] > 0
