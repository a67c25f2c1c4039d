"""Section rules on short texts written for these tests (not from any corpus)."""

from __future__ import annotations

import pytest

from extraction.nlp import classify_passages
from extraction.nlp.analyze import (
    _duration_kept,
    passage_scores,
    read_cues,
    sentence_bounds,
    typed_kinds,
)
from extraction.nlp.patterns.sections import THRESHOLDS
from extraction.nlp.pipeline import get_nlp
from extraction.nlp.retention import is_age
from extraction.nlp.rule_scoring import primary_heading_key


def _sections(text: str, context: list[str] | None = None) -> tuple[str, ...]:
    return classify_passages([(text, context or [])])[0].sections


def _cues(text: str):
    return read_cues(get_nlp()(text))


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("users under 16 years may not register", True),
        ("someone less than 13-years-old", True),
        ("visitors 18 years of age or older", True),
        ("we keep logs for 90 days", False),
        ("for two years after your last order", False),
        # a span looked back over is no period of keeping either
        ("the categories we disclosed in the preceding 12 months", True),
        ("a list of disclosures made during the past three years", True),
        ("we keep it for the last 12 months of your subscription", False),
    ],
)
def test_an_age_is_not_a_retention_period(text: str, age: bool) -> None:
    durations = [c for c in _cues(text) if c.kind == "duration"]
    assert durations, text
    assert is_age(text, 0, durations[0]) is age


def test_a_duration_is_retention_evidence_only_beside_a_keeping_verb() -> None:
    kept = "We retain server logs for 90 days."
    apart = "We retain server logs. You may request a copy of the disclosures made in 12 months."
    assert _duration_kept(kept, 0, _cues(kept))
    assert not _duration_kept(apart, 0, _cues(apart), sentence_bounds(apart))
    assert "retention" in _sections(kept)
    assert "retention" not in _sections(
        "We will respond to your request within 30 days of receiving it."
    )


def test_what_deleting_leaves_behind_is_retention() -> None:
    assert "retention" in _sections(
        "When you close your profile we erase it, but residual copies can stay on our "
        "servers for a while."
    )
    assert "retention" in _sections(
        "Some records of your orders may remain within our accounting systems after you "
        "remove your profile, as residual data we cannot separate."
    )


def test_a_lookback_span_is_not_a_retention_period() -> None:
    text = "You may ask us for a record of the disclosures we made during the preceding two years."
    assert not _duration_kept(text, 0, _cues(text))
    assert "retention" not in _sections(text)
    kept = "We keep a record of each disclosure for two years."
    assert _duration_kept(kept, 0, _cues(kept))


def test_childrens_without_its_apostrophe_is_a_children_cue() -> None:
    assert "children" in _sections(
        "Questions about childrens privacy can be sent to our family team by phone."
    )
    assert primary_heading_key(_cues("Childrens Privacy")) == "children"


def test_a_child_age_does_not_make_a_retention_section() -> None:
    text = (
        "We do not knowingly collect personal information from children under 13 years of age. "
        "If we learn that a child under 13 years old has given us personal information, "
        "we will delete it."
    )
    assert "children" in _sections(text)
    assert "retention" not in _sections(text)


def test_user_choices_are_rights() -> None:
    text = (
        "You can stop receiving our promotional emails at any time by following the "
        "unsubscribe instructions included in each message."
    )
    assert "rights" in _sections(text)


def test_contact_us_yields_to_the_section_it_serves() -> None:
    text = (
        "You have the right to request access to and correction of your personal data. "
        "To exercise these rights, please contact us."
    )
    secs = _sections(text)
    assert "rights" in secs
    assert "contact" not in secs
    assert "contact" in _sections(
        "If you have any questions about this policy, please contact us at privacy@example.com."
    )


def test_short_items_under_a_collection_heading_two_levels_up_are_collection() -> None:
    context = ["1. Information we collect", "Account details"]
    assert "collection" in _sections("Your phone number and e-mail address.", context)


def test_every_section_cue_the_matcher_finds_has_its_weight() -> None:
    """Phrases with punctuation ("opt-out", "children's", '"we"') are matched token by token;
    their weights must be found under the same key, or the cue silently counts 0."""
    from extraction.nlp.components import CUES
    from extraction.nlp.rule_scoring import cue_weights

    nlp = get_nlp()
    body, head = cue_weights()
    for phrase in ("opt-out", "children's", "do-not-track", "e-mail us", "cross-border"):
        doc = nlp(f"Text about {phrase} here.")
        labels = [span.label_ for span in doc.spans[CUES]]
        for label in labels:
            kind_key, _, norm = label.partition("|")
            kind, _, key = kind_key.partition(":")
            table = body if kind == "sec" else head if kind == "head" else None
            if table is not None:
                assert table[key].get(norm, 0.0) != 0.0, label
        assert any(label.startswith("sec:") for label in labels), phrase


def test_a_scope_statement_states_no_practice_but_may_name_the_controller() -> None:
    scope = (
        "This Privacy Policy describes the information we collect about you, how we use it "
        "and with whom we share it."
    )
    assert _sections(scope) == ()
    assert "collection" in _sections(
        f"{scope} We collect your name and e-mail address when you register."
    )
    assert "contact" in _sections(
        'This privacy notice of Acme Ltd ("we"), 1 High Street, London, describes how we '
        "process your data."
    )


def test_named_place_of_processing_is_a_transfer() -> None:
    assert "transfers" in _sections("Place of processing: United States.")


def test_the_companys_own_rights_are_not_user_rights() -> None:
    assert "rights" not in _sections(
        "We reserve the right to remove any content you post, at any time and for any reason."
    )
    assert "rights" in _sections("You have the right to request a copy of your personal data.")


def test_parties_data_comes_from_are_a_source_not_recipients() -> None:
    text = (
        "We may also receive details about you from our business partners, data brokers and "
        "other third parties."
    )
    assert "sharing" not in _sections(text)
    assert "collection" in _sections(text)
    assert "sharing" in _sections(
        "We may pass details about you to our business partners and other third parties."
    )


def test_a_source_clause_ends_where_a_recipient_clause_begins() -> None:
    text = "We hand data from our website visitors to third parties and affiliates."
    assert "sharing" in _sections(text)


def test_an_unrecognised_item_under_a_collection_heading_is_a_data_category() -> None:
    heading = ["Categories of data we collect"]
    assert "collection" in _sections("Professional background", heading)
    # a list intro, or an item under a heading about more than collection, is not
    assert "collection" not in _sections("We may also need to:", heading)
    assert "collection" not in _sections(
        "Professional background", ["How we collect, use and share information"]
    )


def test_a_statement_of_who_runs_the_service_names_the_controller() -> None:
    text = "Blue Kettle Studio built the Tide Tables app. The app is provided by Blue Kettle."
    assert "contact" in _sections(text)
    defined = 'Blue Kettle Studio Ltd ("Blue Kettle", "we," "us") publishes this notice.'
    assert "controller" in typed_kinds(defined, 0, _cues(defined))
    assert "contact" not in _sections("The app shows tide tables for the coast near you.")


def test_a_maker_named_in_lower_case_still_names_the_controller() -> None:
    assert "contact" in _sections("tideWorks built the Tide Tables app as a Free app.")
    assert "contact" in _sections("blue kettle dev built the Tide Tables app.")
    # near misses: a pronoun or a conditional clause before the verb names nobody
    assert "contact" not in _sections("We built the tide charts from public data.")
    assert "contact" not in _sections("If you built the widget yourself, it stays on your phone.")


def test_a_region_where_the_user_lives_is_not_a_transfer() -> None:
    assert "transfers" not in _sections(
        "If you are a resident of the European Economic Area (EEA), you may ask us for a copy "
        "of your data."
    )
    assert "transfers" in _sections(
        "We transfer your data to servers outside the European Economic Area (EEA)."
    )


def test_a_regulator_or_a_bracketed_region_of_residence_is_not_a_transfer() -> None:
    assert "transfers" not in _sections(
        "You may lodge a complaint with your data protection authority in the European "
        "Economic Area (EEA)."
    )
    assert "transfers" not in _sections(
        "In some regions (like the European Economic Area), you have extra rights over your data."
    )
    assert "transfers" not in _sections(
        "If you are a resident of the European Union (EU) or the European Economic Area (EEA), "
        "you have extra rights."
    )
    # near miss: data sent there
    assert "transfers" in _sections(
        "Your data may be transferred to and processed in countries outside the European "
        "Economic Area (EEA)."
    )


def test_a_list_item_starting_with_a_noun_like_verb_is_not_a_purpose() -> None:
    assert "use" not in _sections("Address: 4 Harbour Road, Portsmouth", ["Contact us"])
    assert "use" not in _sections("Contact information, such as a phone number", ["What we hold"])
    assert "use" in _sections("contact you about changes to your booking;", ["Why we hold data"])


def test_a_heading_about_using_the_service_is_not_about_using_data() -> None:
    text = "Please sign in before you use the booking features."
    assert "use" not in _sections(text, ["Use of the App"])
    assert "use" in _sections("We use your e-mail address to send receipts.", ["Use of the App"])



def test_a_long_numbered_or_capitalised_heading_states_nothing() -> None:
    assert _sections("9. HOW CAN YOU ASK US TO CORRECT OR DELETE THE DATA WE HOLD?") == ()
    assert "rights" in _sections(
        "You can ask us to correct or delete the data we hold about you at any time"
    )


def test_a_short_postal_address_line_is_contact() -> None:
    assert "contact" in _sections("Blue Kettle Studio Ltd, 4 Harbour Road, Portsmouth PO1 2AB")
    assert "contact" in _sections("Address: 2nd Floor, Mill House, Leeds")
    assert "contact" not in _sections("We keep backups for 4 weeks on the same floor plan.")


def test_a_right_to_know_past_disclosures_is_not_a_sharing_statement() -> None:
    text = (
        "Residents of some states may ask us for a list of the categories of third parties "
        "we disclosed their data to during the past year."
    )
    assert "sharing" not in _sections(text)
    assert "sharing" in _sections("We disclosed your data to third parties and advertisers.")


def test_a_do_not_track_statement_offers_no_right() -> None:
    text = "Our app does not respond to Do Not Track signals sent by your browser settings."
    assert "rights" not in _sections(text)
    assert "cookies" in _sections(text)


def test_the_data_we_collect_named_as_what_is_used_is_no_collection_statement() -> None:
    used = "We use the details we collect or receive about you to improve our timetables."
    assert _sections(used) == ("use",)
    shared = "Data gathered through the app is shared with our delivery contractors."
    assert "collection" not in _sections(shared)
    assert "sharing" in _sections(shared)
    # collecting stated as a practice stays collection, and so does a reference with no use
    assert "collection" in _sections("We collect your postcode and use it to find your depot.")
    assert "collection" in _sections("The information we collect includes your postcode.")


def test_an_item_under_an_unnamed_label_below_a_collection_heading_is_a_data_category() -> None:
    context = ["Categories of personal data we collect", "F. Professional background"]
    assert "collection" in _sections("Job title and employer", context)
    # a sentence, or an item with evidence of another section, does not look past its label
    assert "collection" not in _sections(
        "The app may let you remove old entries from your diary.", ["Tidy up", *context[:1]][::-1]
    )
    assert "collection" not in _sections("Job title and employer", ["Who sees your data", "F."])


def test_an_item_completing_a_right_says_what_the_right_covers() -> None:
    lead = ["Your rights", "You have the right to find out from us:"]
    assert "sharing" not in _sections("which third parties we disclosed your bookings to;", lead)
    assert "collection" not in _sections("what booking details we collected about you;", lead)
    # the company's own right is no such lead-in, and without one the item states a practice
    own = ["We reserve the right to pass your bookings to partners:"]
    assert "sharing" in _sections("to share booking details with our tour partners;", own)
    item = "which third parties we disclosed your bookings to;"
    assert "sharing" in _sections(item, ["Bookings"])
    assert "collection" in _sections("what booking details we collected about you;", ["Bookings"])


def test_an_item_led_by_a_purpose_gerund_under_a_use_lead_in_is_a_purpose() -> None:
    lead = ["We use your booking details for the purposes of:"]
    assert "use" in _sections("sending reminders before your tour starts;", lead)
    assert "use" in _sections("helping our guides plan each day;", lead)
    # without a lead-in about use, or when the -ing word names a topic, it is not
    assert "use" not in _sections("sending reminders before your tour starts;", ["Tours"])
    assert "use" not in _sections("Processing: see the section below", lead)


def test_used_for_a_purpose_in_the_ing_form_is_use() -> None:
    assert "use" in _sections("The details you enter are used for delivering your parcels.")
    assert "use" in _sections("Your answers are used for improving the quiz.")


def test_collecting_data_for_a_stated_purpose_is_use_as_well() -> None:
    for text in (
        "The shop records your street name so that we can plan the delivery round.",
        "Our app may gather the battery level to optimise how often it syncs.",
        "We log failed sign-ins in order to detect break-in attempts.",
    ):
        sections = _sections(text)
        assert "collection" in sections or "use" in sections, text
        assert "use" in sections, text
    assert "use" not in _sections("We collect your name and your street address.")


def test_a_bare_item_under_a_lead_in_about_recipients_names_a_recipient() -> None:
    lead = "We may share the details of your order with the following third parties:"
    for item in ("Courier Companies", "Acme Parcel Ltd", "Regional tax offices"):
        assert "sharing" in _sections(item, [lead]), item
    # a nested list: the sub-heading names no section, its parent lead-in does
    assert "sharing" in _sections("Brightpost", [lead, "Couriers:"])
    # under a heading (no lead-in), or with a data type, a question or a purpose, it does not
    assert "sharing" not in _sections("Regional tax offices", ["Who we share with"])
    assert "sharing" not in _sections("Email address", [lead])
    assert "sharing" not in _sections("What about other websites?", [lead])
    assert "sharing" not in _sections("To deliver your parcel", [lead])


def test_an_ability_offered_to_the_user_is_a_right() -> None:
    assert "rights" in _sections(
        "The app gives you the ability to delete your saved routes.", ["Delete your routes"]
    )
    assert "rights" in _sections(
        "Members have the opportunity to correct their profile details at any time."
    )


def test_a_short_purpose_line_under_a_lead_in_is_an_item_not_a_heading() -> None:
    lead = "We may pass your details on when we believe it is needed to:"
    assert "use" in _sections("Protect Our Legal Rights", [lead])
    # the same line under a heading that is no lead-in stays a heading
    assert "use" not in _sections("Protect Our Legal Rights", ["Our Shop"])


def test_a_rule_line_states_nothing() -> None:
    for line in ("__________", "==========", "* * *"):
        assert _sections(line, ["Contact Us"]) == (), line


def test_one_choice_in_a_long_passage_about_cookies_is_not_a_rights_section() -> None:
    long_text = (
        "Our shop places small files called cookies on the device you browse with. "
        "These cookies remember what you put in your basket between visits. "
        "Some cookies tell us which pages load slowly so our engineers can fix them. "
        "Analytics cookies count how many people read each recipe page. "
        "A few cookies are set by the payment page while you check out. "
        "You can set your browser to refuse cookies, but the basket may stop working."
    )
    assert "cookies" in _sections(long_text)
    assert "rights" not in _sections(long_text)
    short_text = (
        "Our shop places cookies on your device to remember your basket. "
        "You can set your browser to refuse cookies, but the basket may stop working."
    )
    assert "rights" in _sections(short_text)


def test_a_disclaimer_of_linked_sites_states_no_practice_of_ours() -> None:
    for text in (
        "Links to partner shops. Our recipe pages link to other websites where you can buy "
        "ingredients. Those shops may place their own cookies on your browser and collect "
        "information about your purchases. Their privacy policies, not ours, govern that "
        "information, and we are not responsible for them.",
        "Our recipe pages contain links to other websites run by grocery chains. When you "
        "follow such a link, the grocer may collect your name and delivery address and may "
        "share them with its couriers. We have no control over those websites.",
    ):
        assert _sections(text) == (), text
    ours = "We may share your email address with our service providers and business partners."
    assert "sharing" in _sections(ours)


def test_a_lead_in_to_the_notice_topics_states_no_section() -> None:
    text = (
        "This notice answers the following questions: What details do we gather when you book "
        "a table- How do we use them- Do we disclose them to anyone- How do we keep them secure- "
        "What can parents of children under 13 do-"
    )
    assert _sections(text) == ()


def test_a_definition_of_a_term_states_no_use_of_data() -> None:
    for text in (
        "Booking Partner means any person who processes the data on behalf of the Company, to "
        "help us provide the service and to analyze how it is used.",
    ):
        assert "use" not in _sections(text), text
    assert "use" in _sections(
        "This means that we use your booking history to recommend restaurants to you."
    )


def test_a_short_list_intro_announces_purposes_without_stating_use() -> None:
    assert "use" not in _sections("The bakery may use your order details for these purposes:")
    assert "use" in _sections(
        "The bakery may use your order details to bake and deliver the cakes you ordered."
    )


def test_an_item_of_a_purpose_list_states_use_not_collection() -> None:
    lead = "At the bakery we may use your details for the following purposes:"
    item = (
        "To run your loyalty card: to keep track of the stamps you collect. The personal data "
        "you provide lets you redeem free pastries."
    )
    assert _sections(item, [lead]) == ("use",)
    # near misses: under a lead-in about collection, or a paragraph of its own, the item
    # still says what is collected; so does an item naming several kinds of data
    assert "collection" in _sections(
        item, ["The bakery collects the following details when you order a cake:"]
    )
    assert "collection" in _sections(
        item + " We collect the stamps you earn. We also collect the date of each visit.", [lead]
    )
    assert "collection" in _sections(
        "To deliver your cake: we collect your postal address, your location and your payment "
        "card details so that the driver can find you.",
        [lead],
    )


def test_a_pointer_to_more_information_states_no_data_practice() -> None:
    for text in (
        "For more information about how the bakery uses your order history, see our Loyalty "
        "Card Terms.",
        "To learn more about the partners we share delivery details with, visit the Partners "
        "page of our website.",
    ):
        secs = _sections(text)
        assert not {"collection", "use", "sharing"} & set(secs), (text, secs)
    # near misses: a statement that goes on after the pointer, and one with no pointer
    assert "use" in _sections(
        "For more information, see below. We use your order history to recommend cakes. We "
        "also use it to plan how many loaves to bake each morning."
    )
    assert "use" in _sections(
        "We use your order history to recommend cakes you may like, see the Loyalty Card "
        "Terms."
    )


def test_a_numbered_item_under_a_lead_in_about_collection_names_data() -> None:
    lead = "The details the bakery collects may include the following:"
    # a numbered line reads like a heading; under this lead-in it is an item of the list
    assert "collection" in _sections("3.2 [Date of birth]", [lead])
    # near misses: a sub-heading ending with ":" and the same line under another lead-in
    assert _sections("Cake Orders:", [lead]) == ()
    assert _sections("3.2 [Date of birth]", ["Some of the things we do:"]) == ()


def test_using_security_measures_is_not_a_use_of_data() -> None:
    text = (
        "Keeping your account safe matters to us. We use a range of encryption and access "
        "controls to protect the records in our database from unauthorized access."
    )
    assert "security" in _sections(text)
    assert "use" not in _sections(text)


@pytest.mark.parametrize(
    "text",
    [
        "By signing up for the bakery app, you consent to the processing of your order history"
        " and delivery address.",
        "Placing an order through the kiosk constitutes your consent to the collection and"
        " storage of your pickup details.",
        "Where no other ground applies, we rely on the basis of your consent for loyalty"
        " mailings.",
    ],
)
def test_consent_to_processing_is_a_legal_basis(text: str) -> None:
    assert "use" in _sections(text), text


def test_consent_named_without_processing_is_no_legal_basis() -> None:
    # a consent the user gives a friend, and a cookie banner choice, state no basis of ours
    assert "use" not in _sections("Ask your neighbour before you add them to the cake club.")
    assert "use" not in _sections("Tick the box in the banner if you agree to optional cookies.")


@pytest.mark.parametrize(
    "text",
    [
        "If anything in this notice is unclear, you are welcome to contact us:",
        "Should you have questions about how the bakery handles your orders, please contact us"
        " using the details set out at the bottom of this page.",
    ],
)
def test_an_invitation_to_get_in_touch_states_no_contact_details(text: str) -> None:
    assert "contact" not in _sections(text), text


def test_an_invitation_with_its_details_is_contact() -> None:
    # near misses: the same invitations giving an address, and one with no lead-in colon
    assert "contact" in _sections(
        "If anything in this notice is unclear, you are welcome to contact us: "
        "hello@crumbs.example"
    )
    assert "contact" in _sections(
        "If you have questions about your loyalty card, please contact us at 4 Mill Lane."
    )


def test_an_item_under_a_long_lead_in_about_collection_names_data() -> None:
    lead = (
        "Over the past year the bakery has collected the following kinds of information from"
        " members of its loyalty club:"
    )
    # no data type is recognised in the item, yet the lead-in says it is collected data
    assert "collection" in _sections(
        "(ii). Bread Tastes, such as favourite loaves and crust styles.", [lead]
    )
    # a numbered item longer than a bare label still names data under a short lead-in
    assert "collection" in _sections(
        "2.4 [delivery details such as your street address and phone number;]",
        ["We may collect the following data:"],
    )
    # near misses: the same item under a lead-in about use, and a sub-heading
    assert "collection" not in _sections(
        "(ii). Bread Tastes, such as favourite loaves and crust styles.",
        ["We may use your details for the following purposes:"],
    )
    assert "collection" not in _sections("Loyalty Club Members:", [lead])


def test_an_item_naming_a_kind_of_party_under_a_sharing_lead_in_is_a_recipient() -> None:
    lead = "We may share your order details with the following kinds of outside companies:"
    # each item also names what the party does (analytics, marketing), yet names a recipient
    for item in ("Bakery Analytics Services", "Email Marketing Platforms",
                 "our accountants, insurers, solicitors and other professional advisers;"):
        assert "sharing" in _sections(item, [lead]), item
    # near misses: the same items under a lead-in about collection, and a purpose item
    assert "sharing" not in _sections(
        "Email Marketing Platforms", ["The details we collect may include:"]
    )
    assert "sharing" not in _sections("to improve our delivery services;", [lead])


def test_an_item_under_a_weak_sub_list_of_a_sharing_list_is_a_recipient() -> None:
    outer = "Examples of third parties we share data with:"
    sub = "(ii). Vendors:"
    assert "sharing" in _sections("· Crumb Express", [outer, sub])
    # near miss: the same sub-list under an outer entry that is not about sharing
    assert "sharing" not in _sections("· Crumb Express", ["Our bakeries and shops.", sub])


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("Last updated: 3 March 2021", False),
        ("This privacy notice was last revised on 12 May 2019.", False),
        ("Effective date: 1 January 2020", False),
        # a stamp that says what will happen is a statement on changes
        ("Last updated: 3 March 2021. We will post any changes to this notice on this page.",
         True),
        ("We may update this privacy notice from time to time and will notify you by email.",
         True),
    ],
)
def test_a_date_stamp_is_no_statement_on_changes(text: str, changes: bool) -> None:
    assert ("changes" in _sections(text)) is changes


@pytest.mark.parametrize(
    ("text", "security"),
    [
        # security only as a ground for disclosing, or a vendor's service
        ("We may disclose your personal information to third parties if we believe it is "
         "necessary to protect the rights, property or safety of our users, or to detect "
         "and prevent fraud or security problems.", False),
        ("We share data with vendors who perform services for us, such as payment "
         "processing, hosting, data storage and security.", False),
        # a sharing passage that says how the shared data is protected
        ("We share your data with our hosting provider, which stores it on secure servers "
         "and protects it against unauthorized access.", True),
        ("We use encryption and access controls to keep your information safe.", True),
    ],
)
def test_security_in_a_sharing_passage_needs_a_statement_of_protection(
    text: str, security: bool
) -> None:
    assert ("security" in _sections(text)) is security


def test_a_protected_classification_category_is_no_security_heading() -> None:
    outer = "Kinds of Personal Information Our Bakery Collects"
    sub = "B. Protected classification characteristics under state law"
    # the legal category name does not hide the collection heading above it
    assert "collection" in _sections("D. Membership information", [outer, sub])
    # near miss: a heading about protecting data still names security
    assert "collection" not in _sections(
        "D. Membership information", [outer, "B. How We Protect Your Details"]
    )


def test_a_yes_or_no_table_cell_names_no_collected_data() -> None:
    heading = "Kinds of Personal Information Our Bakery Collects"
    for cell in ("NO", "Yes", "N/A"):
        assert "collection" not in _sections(cell, [heading, "D. Membership information"]), cell
    # near miss: a bare data label in the same place still names data
    assert "collection" in _sections("D. Membership information", [heading])



def test_a_short_line_in_sentence_case_under_a_heading_is_a_subheading() -> None:
    heading = "When the Bakery Passes On Your Details"
    for line in ("Law enforcement", "Government authorities"):
        assert _sections(line, [heading]) == (), line
    # near miss: the same line as an item under a list lead-in names a recipient
    assert "sharing" in _sections(
        "Law enforcement", ["We may disclose your order details to:"]
    )



@pytest.mark.parametrize(
    "text",
    [
        "With your permission, our partners may send you offers from the garden centres they run.",
        "We will never sell your data without your consent.",
        "If you consent, we may share your contact details with event sponsors.",
        "We only read the photos on your phone with your prior consent.",
    ],
)
def test_consent_as_the_basis_of_a_practice_is_weak_rights_evidence(text: str) -> None:
    scores = passage_scores(text, 0, _cues(text), [], sentence_bounds(text))
    assert scores.get("rights", 0.0) < THRESHOLDS["rights"] / 3


def test_a_choice_offered_alongside_consent_still_is_a_right() -> None:
    assert "rights" in _sections(
        "We send newsletters only with your prior consent, and you can unsubscribe at any time."
    )
