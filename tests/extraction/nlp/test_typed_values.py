"""Typed values on realistic policy sentences written for this test (not from any corpus).

Each case lists the fields it checks; a case is right when every listed field matches.
At least 80% of the cases must be right (the figure is printed with ``-s``).
"""

from __future__ import annotations

from typing import Any

from extraction.nlp import analyze_document
from extraction.nlp.types import Clause

CASES: list[tuple[str, dict[str, Any]]] = [
    # negated sale / sharing
    ("We do not sell your personal information to anyone.", {"practice": "sell", "negated": True}),
    ("We will never rent or sell your email address to third parties.",
     {"practice": "sell", "negated": True, "data_types": {"contact"}}),
    ("Acme does not share your contact details with advertisers.",
     {"practice": "share", "negated": True, "recipient_categories": {"advertisers"}}),
    ("We never disclose your health information for marketing purposes.",
     {"practice": "share", "negated": True, "purposes": {"marketing"}}),
    ("We may share your information with our payment processors, such as Stripe and PayPal.",
     {"practice": "share", "negated": False, "modality": "may",
      "recipient_names": {"Stripe", "PayPal"}, "recipient_categories": {"payment_processors"}}),
    ("We share order details with shipping carriers to deliver your purchases.",
     {"practice": "share", "recipient_categories": {"logistics"}}),
    ("If we are involved in a merger or acquisition, your data may be transferred to the buyer.",
     {"purposes": {"business_transfer"}, "recipient_categories": {"acquirers"}}),
    ("We may disclose information to law enforcement when required by law.",
     {"practice": "share", "recipient_categories": {"government"}, "purposes": {"legal"}}),
    # Do Not Track
    ("Our website does not respond to Do Not Track signals.",
     {"rights": {"do_not_track"}, "negated": True}),
    ("We currently do not honor browser Do Not Track requests.",
     {"rights": {"do_not_track"}, "negated": True}),
    ("We honor Do Not Track signals sent by your browser.",
     {"rights": {"do_not_track"}, "negated": False}),
    # rights
    ("You have the right to access, correct or delete your personal data.",
     {"practice": "grant", "rights": {"access", "rectification", "erasure"}}),
    ("You may withdraw your consent at any time.",
     {"practice": "grant", "rights": {"withdraw_consent"}}),
    ("You can unsubscribe from our marketing emails by clicking the link in any message.",
     {"rights": {"marketing_opt_out"}}),
    ("You have the right to lodge a complaint with a supervisory authority.",
     {"rights": {"complaint"}}),
    ("You have the right to object to processing and to request data portability.",
     {"rights": {"objection", "portability"}}),
    ("You may ask us to restrict the processing of your data.", {"rights": {"restriction"}}),
    # purposes
    ("We use your email address to send you newsletters and promotional offers.",
     {"practice": "use", "purposes": {"marketing"}, "data_types": {"contact"}}),
    ("We use IP addresses to detect fraud and keep our services secure.",
     {"purposes": {"security"}, "data_types": {"device_identifiers"}}),
    ("We analyze usage statistics to understand how visitors use the site.",
     {"purposes": {"analytics"}}),
    ("We use your purchase history to personalize product recommendations.",
     {"purposes": {"personalization"}, "data_types": {"financial"}}),
    ("We use your information to process your orders and provide customer support.",
     {"purposes": {"service", "support"}}),
    # transfers
    ("Your data is stored on servers located in Germany.", {"countries": {"DE"}}),
    ("We may transfer your personal data to the United States and India.",
     {"practice": "transfer", "countries": {"US", "IN"}}),
    ("Your information may be processed outside the European Economic Area.",
     {"countries": {"*"}}),
    ("Our service providers may store data in other countries.", {"countries": {"*"}}),
    ("We are headquartered in Canada.", {"countries": set()}),
    # cookies / tracking
    ("We use cookies and web beacons to remember your preferences.",
     {"practice": "track", "data_types": {"cookies_tracking"}}),
    ("We use Google Analytics to measure traffic on our website.",
     {"recipient_names": {"Google Analytics"}, "purposes": {"analytics"}}),
    ("Third-party advertising networks may place cookies on your browser.",
     {"data_types": {"cookies_tracking"}, "modality": "may"}),
    # location
    ("With your permission, the app collects your precise GPS location.",
     {"practice": "collect", "data_types": {"location"}}),
    ("We infer your approximate location from your IP address.",
     {"data_types": {"location", "device_identifiers"}}),
    # retention
    ("We retain chat transcripts for 6 months.",
     {"retention": ("P6M", "fixed"), "practice": "retain"}),
    ("Account information is kept for as long as your account is active.",
     {"retention": (None, "while_account_active")}),
    ("We keep invoices for ten years to comply with tax law.",
     {"retention": ("P10Y", "fixed")}),
    ("Backups are deleted 30 days after you close your account.",
     {"retention": ("P30D", "after_account_closure")}),
    ("We retain personal data only as long as necessary for the purposes described.",
     {"retention": (None, "as_long_as_necessary")}),
    ("Server logs are retained indefinitely.", {"retention": (None, "indefinite")}),
    # children
    ("Our services are not directed to children under 16.", {"children_age": 16}),
    ("We do not knowingly collect information from kids younger than 13.",
     {"children_age": 13, "practice": "collect", "negated": True}),
    # modality
    ("We must disclose data when a court order requires it.", {"modality": "must"}),
    ("We will notify you by email of any material changes to this policy.",
     {"modality": "will", "practice": "notify"}),
]


def main_clause(sentence: str) -> Clause:
    analysis = analyze_document(sentence)
    assert len(analysis.clauses) == 1, analysis.clauses
    return analysis.clauses[0]


def check(clause: Clause, expected: dict[str, Any]) -> list[str]:
    wrong = []
    for name, want in expected.items():
        got: Any = getattr(clause, name)
        if name == "retention":
            got = (got.duration, got.qualifier) if got else None
        elif isinstance(want, set):
            got = set(got)
        if got != want:
            wrong.append(f"{name}: got {got!r}, want {want!r}")
    return wrong


def test_typed_values_are_right_in_at_least_80_percent_of_cases():
    failures = []
    for sentence, expected in CASES:
        wrong = check(main_clause(sentence), expected)
        if wrong:
            failures.append(f"{sentence}\n    " + "\n    ".join(wrong))
    right = len(CASES) - len(failures)
    ratio = right / len(CASES)
    print(f"typed values right: {right}/{len(CASES)} = {ratio:.0%}")
    for failure in failures:
        print(failure)
    assert len(CASES) >= 40
    assert ratio >= 0.8, "\n".join(failures)
