"""Denials and their scope, Do Not Track stance, sharing patterns: the team's own sentences.

Each group mirrors one defect of issue #10 with sentences written for these tests (not taken
from the seeds): a negation is a company denial only for what it denies, within the scope it
states; scope statements, users' choices, conditions and duties placed on others are not.
"""

from __future__ import annotations

import pytest

from extraction.nlp import analyze_document
from extraction.nlp.denial import dnt_stance
from extraction.nlp.types import Clause


def clause(sentence: str) -> Clause:
    clauses = analyze_document(sentence).clauses
    assert len(clauses) == 1, clauses
    return clauses[0]


# --- scoped denials: the negation holds only for what it names ---------------------------

def test_denial_by_a_technology_is_scoped_to_it():
    c = clause("The cookies set by our shop never store your email address or postal address.")
    assert c.negated and "contact" in c.data_types
    assert c.scope is not None and "cookies" in c.scope.lower()


def test_passive_collection_of_contact_data_is_affirmative():
    c = clause(
        "Customers may be asked for their name, delivery addresses, email address and "
        "telephone numbers when they place an order."
    )
    assert c.practice == "collect" and not c.negated
    assert "contact" in c.data_types


def test_denial_of_complete_card_numbers_is_scoped_to_that_category():
    c = clause(
        "We keep the last four digits of your card, and we will never store complete card "
        "numbers on our servers."
    )
    assert c.negated
    assert c.scope is not None and "complete card numbers" in c.scope


def test_partial_card_collection_is_not_a_denial():
    c = clause("At checkout we may collect part of your credit card number to match refunds.")
    assert c.practice == "collect" and not c.negated
    assert "financial" in c.data_types


def test_purpose_limited_denial_keeps_its_purpose_as_scope():
    c = clause("We will never sell or rent your details to anybody for their marketing purposes.")
    assert c.negated and c.practice == "sell"
    assert c.scope is not None and "marketing" in c.scope


def test_children_denial_is_scoped_to_children():
    c = clause("We do not knowingly gather personal data from children under 16.")
    assert c.negated and c.practice == "collect"
    assert c.scope == "children under 16"


def test_plain_denial_has_no_scope():
    c = clause("We do not sell your personal information.")
    assert c.negated and c.practice == "sell" and c.scope is None


# --- not company denials at all -----------------------------------------------------------

def test_scope_statement_is_not_a_denial():
    c = clause(
        "This notice does not cover information processed through our partners' booking "
        "engines or their advertising systems."
    )
    assert not c.negated
    assert c.practice is None and not c.purposes and not c.data_types
    assert c.scope is not None and "booking engines" in c.scope


def test_scope_statement_about_third_party_cookies_is_not_a_denial():
    c = clause(
        "Our privacy statement covers only the cookies we place ourselves and does not "
        "include cookies placed by other websites."
    )
    assert not c.negated and c.practice is None and not c.data_types


def test_user_choice_with_if_you_do_not_want_is_not_a_denial():
    c = clause(
        "If you would rather we did not collect your precise location, you can switch off "
        "location access in your phone settings."
    )
    assert not c.negated
    assert c.practice == "grant"


def test_condition_before_a_complaint_right_is_not_a_denial():
    c = clause(
        "Where you are not happy with how we handled your request, you may lodge a complaint "
        "with your local data protection authority."
    )
    assert not c.negated
    assert "complaint" in c.rights and c.practice == "grant"


def test_erasure_right_with_conditions_is_offered():
    c = clause(
        "When you no longer hold an account with us, or when we have no lawful reason to keep "
        "your data, you have the right to ask us to erase it."
    )
    assert not c.negated and "erasure" in c.rights


def test_duty_placed_on_processors_is_not_a_company_denial():
    c = clause(
        "Our hosting vendors may access your data only to run the service and are "
        "contractually bound not to disclose it to anyone else."
    )
    assert not c.negated
    assert c.practice == "share"
    assert "service_providers" in c.recipient_categories


def test_consequence_for_the_user_is_not_a_denial():
    c = clause(
        "If you decline to give us your phone number, you may not be able to use two-step "
        "login."
    )
    assert not c.negated


def test_denial_with_exceptions_described_below_is_not_a_denial():
    c = clause("We do not share your information with anyone except as described below:")
    assert not c.negated and c.practice == "share"


def test_retention_limit_is_not_a_denial():
    c = clause("We keep your messages no longer than twelve months.")
    assert not c.negated and c.practice == "retain"


def test_user_cannot_opt_out_is_a_scoped_right_denial():
    c = clause("You cannot opt out of receiving security alerts about your account.")
    assert c.negated and c.practice == "grant"
    assert "marketing_opt_out" in c.rights
    assert c.scope is not None and "security alerts" in c.scope


# --- sharing read from more patterns -------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("We pass your delivery address to our courier.", "logistics"),
        ("Your order details are provided to our payment processors.", "payment_processors"),
        ("We may transfer your account details to our affiliates.", "affiliates"),
        ("Your data is shared with our service providers.", "service_providers"),
        ("Purchase records may be disclosed to our business partners.", "partners"),
        ("We make your public profile available to other users.", "other_users"),
        ("We will supply your contact information to shipping carriers.", "logistics"),
    ],
)
def test_sharing_verbs_and_passives(sentence, category):
    c = clause(sentence)
    assert c.practice == "share" and not c.negated, c
    assert category in c.recipient_categories


def test_provide_you_with_is_not_sharing():
    c = clause("We will provide you with information about our partners.")
    assert c.practice != "share"


@pytest.mark.parametrize(
    "sentence",
    [
        "Advertising networks may place cookies on our pages to collect your IP address.",
        "Our partners may use pixels on our website to track the pages you visit.",
        "The like buttons on our site let Facebook collect your IP address.",
    ],
)
def test_third_parties_collecting_on_our_pages_is_sharing(sentence):
    c = clause(sentence)
    assert c.practice == "share" and not c.negated, c
    assert c.data_types


@pytest.mark.parametrize(
    "sentence",
    [
        "We may share your information with third parties.",
        "We may share your personal data with our vendors to run the site.",
        "Information about you may be shared with our affiliates.",
        "We sometimes share aggregated statistics with partners who do not receive your name.",
    ],
)
def test_affirmative_sharing_is_not_negated(sentence):
    c = clause(sentence)
    assert c.practice == "share" and not c.negated


def test_collecting_from_partners_stays_collection():
    c = clause("We collect your email address from our partners when you sign up with them.")
    assert c.practice == "collect"


# --- transfers -----------------------------------------------------------------------------

def test_outside_your_state_or_jurisdiction_is_anywhere_and_no_government():
    c = clause(
        "Your data may be moved to and stored on servers located outside your state, province "
        "or other governmental jurisdiction."
    )
    assert "*" in c.countries
    assert "government" not in c.recipient_categories


def test_security_measures_are_not_a_security_purpose():
    c = clause("We store your order history on encrypted servers in a secure data centre.")
    assert "security" not in c.purposes
    d = clause("We use your login history to detect fraud and for security purposes.")
    assert "security" in d.purposes


# --- Do Not Track --------------------------------------------------------------------------

HONOURED = [
    "We support Do Not Track.",
    "Users with Do Not Track enabled will not be tracked.",
    "We honour Do-Not-Track signals and switch off analytics for those visitors.",
    "If your browser sends a DNT signal, we will not set advertising cookies.",
    "Our website respects the Do Not Track setting of your browser.",
]
IGNORED = [
    "We do not currently respond to Do Not Track signals.",
    "Our app does not recognise or honour DNT requests from browsers.",
    "Because there is no agreed standard for Do Not Track, our site ignores such signals.",
    "At this time we are not able to respond to Do Not Track signals.",
]


@pytest.mark.parametrize("sentence", HONOURED)
def test_dnt_honoured(sentence):
    c = clause(sentence)
    assert c.dnt_stance == "honoured"
    assert "do_not_track" in c.rights and not c.negated


@pytest.mark.parametrize("sentence", IGNORED)
def test_dnt_ignored(sentence):
    c = clause(sentence)
    assert c.dnt_stance == "ignored"
    assert "do_not_track" in c.rights and c.negated


def test_dnt_explained_without_a_stance():
    assert dnt_stance(
        "Some browsers have a Do Not Track feature that tells websites you do not want to be "
        "tracked."
    ) is None
    assert dnt_stance("We use cookies to remember your settings.") is None


# --- sections: the policy's own table of contents, headings naming two sections ----------

TOC_POLICY = """Juniper Rentals Privacy Notice

OVERVIEW
WHAT WE COLLECT
SHARING AND DISCLOSURE
STORAGE, SAFETY AND RETENTION
CONTACTING US

OVERVIEW

This notice explains how Juniper Rentals handles the personal data of its customers.

WHAT WE COLLECT

We collect your name, email address and driving licence number when you book a car.

SHARING AND DISCLOSURE

We pass your booking details to the branch that hands over the car.

STORAGE, SAFETY AND RETENTION

We keep booking records for six years and protect them with encryption.

CONTACTING US

Write to privacy@juniper.example with any question about this notice.
"""


def test_table_of_contents_is_not_a_run_of_empty_sections():
    analysis = analyze_document(TOC_POLICY)
    headings = [s.heading for s in analysis.sections if s.heading]
    assert headings.count("WHAT WE COLLECT") == 1
    assert headings.count("CONTACTING US") == 1
    assert len(analysis.sections) == 6  # the title and the five real sections
    assert all(s.end > s.body_start for s in analysis.sections), "no empty sections"


def test_heading_naming_two_sections_gives_both_keys():
    analysis = analyze_document(TOC_POLICY)
    both = [s for s in analysis.sections if s.heading == "STORAGE, SAFETY AND RETENTION"]
    assert len(both) == 1
    assert {"security", "retention"} <= set(both[0].keys)


def test_collection_sentence_naming_a_newsletter_is_not_sharing_for_marketing():
    c = clause(
        "We collect your email address when you sign up for our newsletter or use other "
        "features we make available on the site."
    )
    assert c.practice == "collect" and not c.negated
    assert "contact" in c.data_types


@pytest.mark.parametrize(
    "sentence",
    [
        "We will not rent or sell the email addresses of our members.",
        "Our studio won't share your contact details with advertisers.",
    ],
)
def test_the_company_denying_it_passes_data_on_is_a_sharing_clause(sentence):
    assert "sharing" in clause(sentence).sections


@pytest.mark.parametrize(
    "sentence",
    [
        # a hope about others' acts, a verb between the negation and the disclosure, a thing
        # not offered: none is a statement about passing data on
        "Although we guard our servers, we cannot promise that the details we keep will never "
        "be disclosed by an attack.",
        "We do not require players to disclose their real names to join a match.",
        "We do not currently make chat rooms available to younger members.",
    ],
)
def test_negations_that_deny_no_sharing_add_no_sharing_section(sentence):
    assert "sharing" not in clause(sentence).sections
