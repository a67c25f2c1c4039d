"""The verdict rules (pure): one verdict per (company, field, value) from its statements."""

from __future__ import annotations

import pytest

from comparison.builders.verdicts import scope_covers, status_label, verdict
from comparison.types import Statement

_ids = iter(range(1, 10_000))


def says(text: str = "We share it.", *, negated: bool = False, scope: str = "",
         confidence: float = 1.0, reviewed: bool = False) -> Statement:
    ident = next(_ids)
    return Statement(ident, f"/v/1/#clause-{ident}", text, negated, 0, len(text), scope,
                     confidence, reviewed)


def denies(text: str = "We do not share it.", **kw) -> Statement:
    return says(text, negated=True, **kw)


def test_nothing_said_is_not_stated():
    v = verdict("shared", [])
    assert (v.status, v.label, v.confidence, v.low_confidence) == (
        "not_stated", "not stated", None, False)
    assert v.evidence == ()


def test_an_affirmative_is_stated_with_its_best_confidence():
    weak, strong = says(confidence=0.4), says(confidence=0.8)
    v = verdict("collected", [weak, strong])
    assert v.status == "stated" and v.label == "collected"
    assert v.confidence == 0.8 and not v.low_confidence
    assert v.evidence == (strong, weak)  # best first


def test_a_whole_scope_denial_alone_is_denied():
    denial = denies("We never share your data for marketing.")
    v = verdict("shared_for", [denial])
    assert v.status == "denied" and v.label == "not shared for"
    assert v.denied == (denial,) and v.evidence == (denial,) and v.affirmed == ()


def test_an_affirmative_beats_a_narrower_scoped_denial():
    yes = says("We collect your email address.")
    cookies = denies("Our cookies do not collect your email address.", scope="cookies")
    v = verdict("collected", [cookies, yes])
    assert v.status == "stated"
    assert v.evidence == (yes,)
    assert v.limited == (cookies,), "the narrower denial stays visible, not deciding"
    assert v.denied == ()


def test_only_narrower_denials_are_not_a_denial():
    cookies = denies("Our cookies do not collect your email address.", scope="cookies")
    v = verdict("collected", [cookies])
    assert v.status == "not_stated" and v.confidence is None
    assert v.limited == (cookies,)


def test_a_whole_scope_denial_and_an_affirmative_conflict_with_both_sentences():
    never = denies("We never share your personal information for marketing purposes.",
                   confidence=0.9)
    partners = says("We share your contact details with our partners for their marketing.",
                    confidence=0.7)
    v = verdict("shared_for", [never, partners])
    assert v.status == "conflicting" and v.label == "conflicting"
    assert v.affirmed[0] == partners and v.denied[0] == never
    assert v.evidence[:2] == (partners, never)
    assert v.confidence == 0.7, "a conflict is as sure as its weaker side"


def test_a_conflict_beats_narrower_denials_which_stay_listed():
    yes, whole = says(), denies()
    narrow = denies(scope="our mobile app")
    v = verdict("shared", [yes, whole, narrow])
    assert v.status == "conflicting" and v.limited == (narrow,)


def test_denial_and_affirmative_of_the_same_scope_conflict():
    yes = says("Our app shares your location with advertisers.", scope="Our  App")
    no = denies("Our app does not share your location.", scope="our app")
    assert verdict("shared", [yes, no]).status == "conflicting"


def test_denial_of_another_scope_than_the_affirmative_does_not_conflict():
    yes = says("Our app shares your location with advertisers.", scope="our app")
    no = denies("Our website does not share your location.", scope="our website")
    v = verdict("shared", [yes, no])
    assert v.status == "stated" and v.limited == (no,)


def test_low_confidence_is_marked_below_the_threshold():
    v = verdict("offered", [says(confidence=0.3)], low=0.6)
    assert v.low_confidence and v.confidence == 0.3
    assert not verdict("offered", [says(confidence=0.6)], low=0.6).low_confidence


def test_reviewed_statements_decide_alone():
    machine_denial = denies(confidence=0.95)
    reviewed_yes = says("We share it.", reviewed=True)
    v = verdict("shared", [machine_denial, reviewed_yes])
    assert v.status == "stated" and v.evidence == (reviewed_yes,)


@pytest.mark.parametrize("status, label", [
    ("stated", "honoured"), ("denied", "ignored"), ("conflicting", "conflicting"),
    ("not_stated", "not stated"),
])
def test_do_not_track_labels(status, label):
    assert status_label("do_not_track", status) == label


@pytest.mark.parametrize("scope, value, label, covers", [
    ("for marketing purposes", "marketing", "Marketing", True),
    ("for marketing purposes", "advertising", "Advertising", False),
    ("the cookies our website uses", "contact", "Contact details", False),
    ("the complete credit card information", "financial", "Financial", False),
    ("to Mixpanel", "Mixpanel", "Mixpanel", True),
    ("children under 13", "children_age", "Children's age", False),
])
def test_a_scope_that_is_the_value_itself_is_not_narrower(scope, value, label, covers):
    assert scope_covers(scope, value, label) is covers
