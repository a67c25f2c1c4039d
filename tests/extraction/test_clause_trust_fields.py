"""A clause's confidence, scope and Do Not Track stance: stored by the service that replaces a
version's results, shown by the clause API (JSON and CSV) and on the version page."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from extraction import nlp
from extraction.models import ExtractionRun
from extraction.nlp.types import DNT_STANCES
from extraction.services import run_results_save
from policies.models import Clause
from tests.factories import PolicyVersionFactory

pytestmark = pytest.mark.django_db

POLICY = """Fernhill Outdoor Privacy Policy

1. Information we collect
We collect your name and email address when you create an account.
Our cookies do not collect your email address.

2. Do Not Track
We honour Do Not Track signals sent by your browser.
"""


def _saved_with_trust_fields():
    version = PolicyVersionFactory(text=POLICY)
    run = ExtractionRun.objects.create(version=version)
    analysis = nlp.analyze_document(POLICY)
    clauses = []
    for clause in analysis.clauses:
        if clause.text.startswith("Our cookies"):
            clause = replace(clause, scope="cookies", confidence=0.42)
        elif "Do Not Track" in clause.text:
            clause = replace(clause, dnt_stance="honoured", confidence=0.9)
        clauses.append(clause)
    run_results_save(run=run, analysis=replace(analysis, clauses=tuple(clauses)))
    return version


def test_the_model_choices_are_the_pipeline_vocabulary():
    assert tuple(Clause.DntStance.values) == DNT_STANCES


def test_results_save_stores_confidence_scope_and_stance():
    version = _saved_with_trust_fields()
    stored = {c.text.split()[1]: c for c in Clause.objects.filter(version=version)}
    cookies = stored["cookies"]
    assert (cookies.scope, cookies.confidence, cookies.dnt_stance) == ("cookies", 0.42, "")
    honour = stored["honour"]
    assert (honour.dnt_stance, honour.confidence, honour.scope) == ("honoured", 0.9, "")
    computed = {c.text: c for c in nlp.analyze_document(POLICY).clauses}
    collect = stored["collect"]
    assert collect.confidence == computed[collect.text].confidence and collect.scope == ""
    assert 0.0 < collect.confidence <= 1.0


def test_clause_api_and_csv_expose_them():
    version = _saved_with_trust_fields()
    api = APIClient()
    rows = api.get(f"/api/v1/clauses/?version={version.pk}&page_size=50").json()["results"]
    by_text = {r["text"]: r for r in rows}
    cookies = by_text["Our cookies do not collect your email address."]
    assert cookies["scope"] == "cookies" and cookies["confidence"] == 0.42
    assert cookies["dnt_stance"] is None
    honour = by_text["We honour Do Not Track signals sent by your browser."]
    assert honour["dnt_stance"] == "honoured" and honour["scope"] is None
    detail = api.get(f"/api/v1/clauses/{cookies['id']}/").json()
    assert detail["scope"] == "cookies"
    response = api.get(f"/api/v1/clauses/export/?version={version.pk}&format=csv")
    body = (b"".join(response.streaming_content) if response.streaming else
            response.content).decode()
    exported = {r["text"]: r for r in csv.DictReader(io.StringIO(body))}
    row = exported["Our cookies do not collect your email address."]
    assert row["scope"] == "cookies" and float(row["confidence"]) == 0.42


def test_version_page_shows_scope_stance_and_low_confidence():
    version = _saved_with_trust_fields()
    slug = version.policy.company.slug
    html = Client().get(reverse("policies:version-detail", args=[slug, version.pk])).content
    html = html.decode()
    assert "<dt>Limited to</dt><dd>cookies</dd>" in html
    assert "<dt>Do Not Track</dt><dd>honours Do Not Track</dd>" in html
    assert "<dt>Confidence</dt><dd>0.42 — low confidence</dd>" in html
    assert "<dt>Confidence</dt><dd>0.90</dd>" in html



def test_clause_filters_on_scope_stance_and_confidence():
    version = _saved_with_trust_fields()
    api = APIClient()
    base = f"/api/v1/clauses/?version={version.pk}&page_size=50"

    def texts(query: str) -> list[str]:
        response = api.get(f"{base}&{query}")
        assert response.status_code == 200, response.content
        return [r["text"] for r in response.json()["results"]]

    assert texts("scoped=true") == ["Our cookies do not collect your email address."]
    assert "Our cookies do not collect your email address." not in texts("scoped=false")
    assert texts("dnt_stance=honoured") == [
        "We honour Do Not Track signals sent by your browser."]
    unsure = api.get(f"{base}&confidence_below=0.5").json()["results"]
    assert "Our cookies do not collect your email address." in [r["text"] for r in unsure]
    assert all(r["confidence"] < 0.5 for r in unsure)
    ordered = api.get(f"{base}&ordering=confidence").json()["results"]
    assert [r["confidence"] for r in ordered] == sorted(r["confidence"] for r in ordered)
    for bad in ("confidence_below=2", "dnt_stance=maybe", "scoped=perhaps"):
        assert api.get(f"{base}&{bad}").status_code == 400, bad
