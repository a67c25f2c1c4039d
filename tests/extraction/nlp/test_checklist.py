"""GDPR Art. 13/14 checklist rules on the team's own sentences: each requirement, and near misses.

Every example is a one-sentence policy under a heading; the test runs the same pipeline as the
app (``analyze_document`` then ``policy_checklist``) and says whether the requirement is
addressed, and if so, that the evidence is the sentence itself.
"""

from __future__ import annotations

import pytest

from extraction.nlp import analyze_document
from extraction.nlp.checklist import REQUIREMENT_KEYS, policy_checklist

# (requirement, heading, sentence, addressed?)
EXAMPLES: list[tuple[str, str, str, bool]] = [
    ("controller_identity", "Who we are",
     "Lumen Maps Ltd (\"Lumen\", \"we\", \"us\") is the data controller of your personal data.",
     True),
    ("controller_identity", "About",
     "The Tidewater app is provided by Harbour Labs GmbH and is intended for use as is.", True),
    ("controller_identity", "Feedback",
     "You can reach our support team through the contact form in the app.", False),
    ("controller_contact", "Contact us",
     "If you have any questions, write to privacy@lumenmaps.example or call +44 20 7946 0958.",
     True),
    ("controller_contact", "Contact us",
     "Our postal address is 12 Quay Street, Bristol BS1 4DJ.", True),
    ("controller_contact", "Marketing",
     "We may contact you with offers about our products.", False),
    ("controller_contact", "Questions about this notice",
     "Should anything here be unclear, you can reach us using the details at the bottom of this"
     " page.", True),
    ("dpo_contact", "Contact us",
     "You can contact our Data Protection Officer at dpo@lumenmaps.example.", True),
    ("dpo_contact", "Contact us", "Our support desk answers within two days.", False),
    ("purposes", "How we use your information",
     "We use your location to show nearby stops and to improve our timetables.", True),
    ("purposes", "Cookies",
     "We use cookies and web beacons on our website.", False),
    ("legal_basis", "Legal bases",
     "We process your account data because it is necessary for the performance of a contract "
     "with you.", True),
    ("legal_basis", "Legal bases",
     "Our lawful basis for sending newsletters is your consent.", True),
    ("legal_basis", "Retention",
     "We keep invoices for as long as we have a legal obligation to do so.", False),
    ("legitimate_interests", "Legal bases",
     "We analyse crash reports on the basis of our legitimate interest in a stable app.", True),
    ("legitimate_interests", "Security",
     "We protect your data with encryption in transit.", False),
    ("recipients", "Sharing",
     "We share your payment details with our payment processors and service providers.", True),
    ("recipients", "Other sites",
     "We are not responsible for the practices of third parties that our site links to.",
     False),
    ("third_country_transfers", "International transfers",
     "Your data may be transferred to and processed in countries outside the European Economic "
     "Area, on the basis of standard contractual clauses.", True),
    ("third_country_transfers", "Security",
     "We store your data on encrypted servers.", False),
    ("retention_period", "Data retention",
     "We retain your ride history for 18 months after your last trip.", True),
    ("retention_period", "Data retention",
     "We keep your data only as long as your account is active.", True),
    ("retention_period", "Security",
     "We use firewalls to keep out intruders.", False),
    ("retention_period", "Storage",
     "We keep your personal data confidential on secure servers.", False),
    ("retention_period", "Sharing",
     "Our processors must keep it safe and not keep it for any longer than they need.", True),
    ("right_access", "Your rights",
     "You have the right to access the personal data we hold about you.", True),
    ("right_access", "Permissions",
     "The app asks for access to your camera to scan tickets.", False),
    ("right_rectification", "Your rights",
     "You can correct or update inaccurate information in your profile at any time.", True),
    ("right_rectification", "Changes to this policy",
     "We may update this policy from time to time.", False),
    ("right_erasure", "Your rights",
     "You may request that we delete your personal data.", True),
    ("right_erasure", "Changes to this policy",
     "We reserve the right to change or delete parts of this policy.", False),
    ("right_restriction", "Your rights",
     "You have the right to restrict the processing of your personal data.", True),
    ("right_restriction", "Security",
     "We restrict access to your data to authorised staff.", False),
    ("right_objection", "Your rights",
     "You have the right to object to the processing of your data for direct marketing.", True),
    ("right_objection", "Changes to this policy",
     "We may change this policy and you should review it regularly.", False),
    ("right_portability", "Your rights",
     "You can receive your data in a structured, commonly used and machine-readable format.",
     True),
    ("right_portability", "Sharing",
     "We transfer your booking to the ferry operator.", False),
    ("right_withdraw_consent", "Your rights",
     "Where we rely on your consent, you may withdraw it at any time.", True),
    ("right_withdraw_consent", "Changes to this policy",
     "We may update this policy and will notify you of changes.", False),
    ("right_complaint", "Your rights",
     "You have the right to lodge a complaint with a supervisory authority.", True),
    ("right_complaint", "Support",
     "Our support team handles questions about your bookings.", False),
    ("mandatory_disclosure", "What we collect",
     "If you do not provide your email address, we will not be able to create your account.",
     True),
    ("mandatory_disclosure", "What we collect",
     "We collect your email address when you sign up.", False),
    ("automated_decisions", "Automated decision-making",
     "We do not make decisions based solely on automated processing that produce legal effects "
     "concerning you.", True),
    ("automated_decisions", "Loans",
     "Credit limits are decided by software without human review.", True),
    ("automated_decisions", "Payments",
     "Your card is charged automatically each month.", False),
    ("automated_decisions", "Security",
     "Our servers are monitored by automated alerts.", False),
    ("data_categories", "Information we collect",
     "We collect your name, email address and device identifiers.", True),
    ("data_categories", "Children",
     "We do not knowingly collect information from children under 13.", False),
    ("data_source", "Information from other sources",
     "We may receive information about you from social networks and our partners.", True),
    ("data_source", "Sharing",
     "We share aggregated statistics with our partners.", False),
    # added with the second round of rules (h15): the legal concepts, and their near misses
    ("data_source", "Signing in",
     "When you sign in with your social media account we receive your name and profile picture.",
     True),
    ("data_source", "Usage data",
     "Your browser sends us its type and version whenever you open a page.", False),
    ("data_source", "Sharing",
     "No information received from you is ever made public.", False),
    ("right_withdraw_consent", "Your choices",
     "Any permission you have given us may be withdrawn at any time by writing to us.", True),
    ("right_withdraw_consent", "Newsletters",
     "Every newsletter contains a link permitting you to opt out of further mailings.", True),
    ("right_withdraw_consent", "Permissions",
     "The map screen needs location access, which you can enable or disable in your phone.",
     False),
    ("dpo_contact", "Data Protection Officer",
     "Email: office@lumenmaps.example", True),
    ("dpo_contact", "Children",
     "Parents may write to our Privacy Administrator about their child's account.", True),
    ("dpo_contact", "Contact us",
     "Email: support@lumenmaps.example", False),
    ("mandatory_disclosure", "What we collect",
     "You are not obliged to provide your date of birth, but we then cannot tailor age ratings.",
     True),
    ("mandatory_disclosure", "Orders",
     "Failure to provide a delivery address means we cannot ship your order.", True),
    ("mandatory_disclosure", "Retention",
     "We are required by law to retain invoices for six years.", False),
    ("mandatory_disclosure", "Disclosure",
     "We may disclose your data to the police where we are required to do so by law.", False),
    ("legal_basis", "Consent",
     "By creating an account you give your consent to the processing of your ride history.",
     True),
    ("legal_basis", "Children",
     "Children under 16 need the consent of a parent before they sign up.", False),
    ("right_erasure", "Deleting your account",
     "If you would like us to delete your ride history, write to privacy@lumenmaps.example.",
     True),
    ("right_erasure", "Your rights",
     "European residents may ask that their personal information be corrected or deleted.", True),
    ("right_erasure", "Cleaning",
     "Our staff remove litter from the ferry every evening.", False),
    ("right_rectification", "Your rights",
     "You may ask that inaccurate details in your profile be corrected.", True),
    ("right_rectification", "Our service",
     "Lumen reserves the right to change or update the app at any time without notice.", False),
    ("right_access", "Permissions",
     "You can switch camera access off in the app at any time.", False),
    ("right_access", "Availability",
     "We are not liable for your inability to access the app during maintenance.", False),
    ("right_access", "Your data",
     "You can ask to receive a copy of the personal data we hold about you.", True),
    ("right_access", "Backups",
     "We receive a copy of each night's backup file from our hosting company.", False),
    ("right_objection", "Your rights",
     "You may ask us to stop using your data for research at any time.", True),
    ("right_objection", "Newsletters",
     "We will stop sending the newsletter when the season ends.", False),
    ("right_objection", "Newsletters",
     "You can opt out of our marketing newsletters whenever you like.", True),
    ("right_objection", "Newsletters",
     "Our newsletter goes out every Friday with seasonal offers.", False),
    ("right_portability", "Your rights",
     "You can ask us to transfer your booking history directly to another ferry operator.", True),
    ("right_portability", "Invoices",
     "Invoices are sent to you in an electronic format.", False),
    ("dpo_contact", "Contact us",
     "Questions about your data can go to our data protection delegate.", True),
    ("right_complaint", "Your rights",
     "You can contact the data protection commission in your country about our use of your data.",
     True),
    ("right_complaint", "About ferries",
     "The regulator publishes guidance on ferry safety.", False),
    ("data_categories", "Data collection",
     "We do not collect any personal data when you use the tide calculator.", True),
    ("data_categories", "Children",
     "We do not collect any information from children under 13.", False),
    ("recipients", "Sharing",
     "We will not share your ride history with anyone.", True),
    ("data_source", "Orders",
     "We may receive your delivery address from the restaurants and other businesses you order "
     "from.", True),
    ("data_source", "Sources of data",
     "Some booking details are provided to us by our partner ferry operators.", True),
    ("data_source", "About",
     "The tide app is provided by our parent company.", False),
    ("recipients", "Tickets",
     "We do not sell tickets to anyone under 16.", False),
    # dots inside addresses and abbreviations do not end the sentence (checklist-1.2)
    ("right_withdraw_consent", "Newsletters",
     "Members can email newsletters@lumenmaps.example.com to unsubscribe at any time.", True),
    ("right_withdraw_consent", "Your choices",
     "Consent (e.g. for location) can be withdrawn in the app.", True),
    ("right_withdraw_consent", "Support",
     "Email help@lumenmaps.example.com. We unsubscribe nobody from service messages.", False),
    # the user changing their mind later is taking consent back (checklist-1.3)
    ("right_withdraw_consent", "Advertising in the EU",
     "You can revise your advertising choice later from the About screen of the app.", True),
    ("right_withdraw_consent", "Map layers",
     "You can change the map style later from the settings screen.", False),
    # opting out of a sale or of the ad industry's targeted ads is no consent taken back
    # (checklist-1.4)
    ("right_withdraw_consent", "California residents",
     "You may opt out of the sale of your personal information by using the link below.", False),
    ("right_withdraw_consent", "Advertising",
     "To opt out of interest-based advertising, visit the Digital Advertising Alliance's page.",
     False),
    ("right_withdraw_consent", "Advertising",
     "You can withdraw your consent to targeted advertising and opt out in the app settings.",
     True),
    ("right_withdraw_consent", "Newsletters",
     "You can opt out of our ferry newsletter at any time.", True),
    # protecting the company's rights or property is an interest it pursues; defending its
    # legal rights in a disclosure the law requires is not (checklist-1.4)
    ("legitimate_interests", "Why we use your data",
     "We review reports of misuse, protecting the company’s interests and its riders.",
     True),
    ("legitimate_interests", "Disclosure",
     "We may disclose your data to comply with a subpoena or to protect our rights.", False),
    ("legitimate_interests", "Disclosure",
     "We keep booking records so that we can defend our legal rights.", False),
    # a complaint registered with, or taken to, an authority (checklist-1.4)
    ("right_complaint", "Questions",
     "If our answer does not satisfy you, you may register a complaint with the appropriate "
     "governmental body.", True),
    ("right_complaint", "Questions",
     "Riders in Ireland may complain to the competent authority about how we use their data.",
     True),
    ("right_complaint", "Ticket disputes",
     "Complaints about delayed ferries go to the harbour office.", False),
    # what reaches the person from other sites is no source of our data (checklist-1.4)
    ("data_source", "Other sites",
     "We are not responsible for any messages you receive from third-party websites.", False),
    # not agreeing to the policy is no refusal to provide data (checklist-1.4)
    ("mandatory_disclosure", "Your agreement",
     "If you do not accept this privacy policy, please stop using the ferry app.", False),
    ("mandatory_disclosure", "Bookings",
     "If you do not provide your phone number, we cannot send you boarding alerts.", True),
    # a requirement to provide data, the data's description and a recipient are no purposes
    # (checklist-1.4)
    ("purposes", "Information collection and use",
     "While using the app, we may require you to provide a name that can be used to identify "
     "you.", False),
    ("purposes", "Information collection and use",
     "The app does use third-party services that may collect information used to identify you.",
     False),
    ("purposes", "Information collection and use",
     "We use your boarding history to suggest faster crossings.", True),
]

RIGHTS_LIST = (
    "Your rights\n\nYou have certain rights over your personal data, including the right to:\n\n"
    "Access your data.\n\nCorrect your data.\n\nDelete your data.\n\n"
    "Receive your data in an electronic format.\n"
)


def test_rights_named_as_items_of_a_rights_list():
    checklist = policy_checklist(analyze_document(RIGHTS_LIST))
    for key, item_text in (
        ("right_access", "Access your data."),
        ("right_rectification", "Correct your data."),
        ("right_erasure", "Delete your data."),
        ("right_portability", "Receive your data in an electronic format."),
    ):
        item = checklist.item(key)
        assert item.addressed, key
        assert any(
            RIGHTS_LIST[e.start:e.end].strip() == item_text for e in item.evidence
        ), (key, [RIGHTS_LIST[e.start:e.end] for e in item.evidence])


def test_a_bare_verb_outside_a_rights_list_is_no_right():
    text = "Cleaning the app cache\n\nDelete your downloads.\n"
    assert not policy_checklist(analyze_document(text)).item("right_erasure").addressed


def _check(heading: str, sentence: str):
    text = f"{heading}\n\n{sentence}\n"
    analysis = analyze_document(text)
    return text, policy_checklist(analysis)


def test_every_requirement_has_examples_both_ways():
    for key in REQUIREMENT_KEYS:
        outcomes = {ok for k, _, _, ok in EXAMPLES if k == key}
        assert outcomes == {True, False}, key


@pytest.mark.parametrize(
    ("key", "heading", "sentence", "addressed"),
    EXAMPLES,
    ids=[f"{k}-{'yes' if ok else 'no'}-{i}" for i, (k, _, _, ok) in enumerate(EXAMPLES)],
)
def test_requirement(key, heading, sentence, addressed):
    text, checklist = _check(heading, sentence)
    item = checklist.item(key)
    assert item.addressed is addressed, (key, sentence)
    if addressed:
        assert item.evidence
        for span in item.evidence:
            assert sentence.startswith(text[span.start:span.end].strip()[:40])
    else:
        assert item.evidence == ()


def test_typed_detail():
    text = (
        "Data retention\n\nWe retain your ride history for 18 months.\n\n"
        "International transfers\n\nYour data may be transferred to the United States under "
        "standard contractual clauses or an adequacy decision.\n\n"
        "Legal bases\n\nWe rely on your consent and on our legitimate interests.\n\n"
        "Your rights\n\nYou have the right to access and to restrict the processing of your data.\n"
    )
    checklist = policy_checklist(analyze_document(text))
    retention = checklist.item("retention_period").detail.retention
    assert [r.duration for r in retention] == ["P18M"]
    transfers = checklist.item("third_country_transfers").detail
    assert "US" in transfers.countries
    assert set(transfers.safeguards) == {"standard_contractual_clauses", "adequacy_decision"}
    assert {"consent", "legitimate_interests"} <= set(
        checklist.item("legal_basis").detail.legal_bases
    )
    assert {"right_access", "right_restriction"} <= set(checklist.rights_offered)
    assert checklist.item("right_access").detail.rights == checklist.rights_offered


def test_gaps_and_json_shape():
    checklist = policy_checklist(analyze_document("Hello\n\nWelcome to our shop.\n"))
    assert set(checklist.gaps) == set(REQUIREMENT_KEYS) - set(checklist.addressed)
    assert "right_portability" in checklist.gaps
    row = checklist.item("right_portability").to_json()
    assert row == {"key": "right_portability", "addressed": False, "evidence": [], "detail": {}}


def test_empty_document():
    checklist = policy_checklist(analyze_document(""))
    assert checklist.addressed == ()
    assert len(checklist.items) == len(REQUIREMENT_KEYS)


def test_mask_keeps_offsets_and_sentence_dots():
    from extraction.nlp.checklist.rules import MASK, mask_dots

    text = "Write to a.b@lumen.example.com or see www.lumen.co.uk (e.g. the FAQ). Thanks."
    masked = mask_dots(text)
    assert len(masked) == len(text)
    assert masked.count(".") == 2  # "FAQ)." and "Thanks."
    assert MASK in masked
    assert mask_dots("No dots here") == "No dots here"
