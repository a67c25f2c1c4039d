"""Clause confidence: from the clause's evidence, in [0, 1], monotone in every sign of doubt."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from extraction.nlp import analyze_document
from extraction.nlp.confidence import FACTORS, Signs, clause_confidence


def confidence(sentence: str) -> float:
    return analyze_document(sentence).clauses[0].confidence


def test_every_sign_of_doubt_lowers_confidence_never_raises_it():
    plain = Signs(practice=True, values=True)
    for name in FACTORS:
        assert clause_confidence(replace(plain, **{name: True})) < clause_confidence(plain)
    # monotone: adding a sign to any combination never raises the figure
    doubts = [f.name for f in fields(Signs) if f.name not in ("practice", "values")]
    some = replace(plain, hedged=True, scoped=True)
    for name in doubts:
        assert clause_confidence(replace(some, **{name: True})) <= clause_confidence(some)


def test_stronger_evidence_ranks_higher():
    assert clause_confidence(Signs(True, True)) > clause_confidence(Signs(False, True))
    assert clause_confidence(Signs(False, True)) > clause_confidence(Signs(False, False))
    everything = Signs(False, False, **dict.fromkeys(FACTORS, True))
    assert 0.0 < clause_confidence(everything) < clause_confidence(Signs(True, True)) <= 1.0


@pytest.mark.parametrize(
    ("surer", "less_sure"),
    [
        ("We sell your purchase records.", "We may sell your purchase records."),
        ("We share your address with couriers.", "Your address is passed to couriers."),
        ("We do not sell your data.", "We do not, under any of our current plans, sell your data."),
        ("We do not store card numbers.", "We do not store complete card numbers."),
        ("We share your address with couriers.",
         "If you order a parcel, we share your address with couriers."),
    ],
)
def test_clause_confidence_follows_its_evidence(surer, less_sure):
    assert confidence(surer) > confidence(less_sure)


def test_every_clause_of_a_policy_has_a_confidence_in_range():
    text = (
        "Information we collect\n\nWe collect your email address when you register.\n\n"
        "Sharing\n\nWe may pass your delivery address to couriers. We never sell your data."
    )
    for clause in analyze_document(text).clauses:
        assert 0.0 < clause.confidence <= 1.0


class _Contrary:
    """A stand-in trained classifier that labels every paragraph "children"."""

    def predict(self, texts, contexts, rules):
        return [("children",) for _ in texts]


class _Agreeing:
    def predict(self, texts, contexts, rules):
        return [tuple(r.sections) for r in rules]


def test_a_classifier_passed_to_the_rules_that_disagrees_lowers_confidence():
    text = "Sharing\n\nWe pass your delivery address to couriers so they can deliver parcels."
    rules = analyze_document(text, classifier=None).clauses[-1]
    agreeing = analyze_document(text, classifier=_Agreeing()).clauses[-1]
    contrary = analyze_document(text, classifier=_Contrary()).clauses[-1]
    assert agreeing.confidence == rules.confidence
    assert contrary.sections == ("children",) or "children" in contrary.sections
    assert contrary.confidence < rules.confidence
