"""The team-written training corpus and the learned section weights built from it."""

from __future__ import annotations

import json

import pytest

from extraction.nlp import classify_passages, learned
from extraction.nlp.types import DATA_TYPES, SECTION_KEYS


def test_corpus_is_well_formed_and_covers_every_section_type_and_style():
    rows = learned.training_rows()
    assert len(rows) >= 250
    sections = {s for r in rows for s in r["sections"]}
    types = {d for r in rows for d in r["data_types"]}
    assert sections == set(SECTION_KEYS) - {"other"}
    assert set(types) <= set(DATA_TYPES) and len(types) >= 13
    assert {r["style"] for r in rows} >= {"us", "eu", "uk", "cn", "app", "shop", "saas"}
    assert all(r["text"].strip() and isinstance(r["context"], list) for r in rows)
    assert len({r["text"] for r in rows}) == len(rows), "no duplicate passages"


def test_shipped_weights_match_the_training_command():
    pytest.importorskip("sklearn")
    shipped = json.loads(learned.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert shipped == learned.train().to_json()


def test_learned_weights_are_used_only_when_asked(monkeypatch):
    assert learned.default_weights() is None
    monkeypatch.setenv(learned.WEIGHTS_ENV, "learned")
    weights = learned.default_weights()
    assert weights is not None and set(weights.weights) >= {"sharing", "retention", "children"}
    results = classify_passages(
        [("We keep your order records for six years after the order.", ["Data Retention"]),
         ("Our service is not intended for children under 13.", [])],
        classifier=None,
    )
    assert "retention" in results[0].sections
    assert "children" in results[1].sections


def test_probabilities_rise_with_the_rules_evidence():
    weights = learned.SectionWeights.from_json(
        json.loads(learned.WEIGHTS_FILE.read_text(encoding="utf-8"))
    )
    weak = ({"retention": 0.5}, {}, {})
    strong = ({"retention": 4.0}, {"retention": 2.75}, {"retention": 2.5})
    p_weak = weights.probabilities(weak, short=False, framed=True)["retention"]
    p_strong = weights.probabilities(strong, short=False, framed=True)["retention"]
    assert 0.0 < p_weak < p_strong < 1.0
