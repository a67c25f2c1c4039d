"""Data-type mentions that name no data the service handles (``extraction/nlp/dt_scope.py``).

Team-written sentences: each rule with mentions it drops and near misses it keeps.
"""

from __future__ import annotations

import pytest

from extraction.nlp import classify_passages


def _types(text: str) -> set[str]:
    (result,) = classify_passages([(text, [])])
    return set(result.data_types)


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("When you write to our privacy team, please include your full name and a daytime "
         "phone number so that we can answer.", False),
        ("Be sure to provide us with your mailing address in the letter you send.", False),
        ("We collect your name and phone number when you book a table.", True),
        ("Please note that we collect your e-mail address when you subscribe.", True),
    ],
)
def test_what_the_reader_is_asked_to_include_is_no_data_type(text, contact):
    assert ("contact" in _types(text)) is contact


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("If you have any questions about your billing information, write to the support "
         "desk.", set()),
        ("Write to us with any comments or inquiries about your payment information.", set()),
        ("We store your billing information to process your orders.", {"financial"}),
        ("If you have questions, remember that we share your location data with our map "
         "provider.", {"location"}),
    ],
)
def test_the_topic_of_an_invited_question_is_no_data_type(text, types):
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("We do not knowingly collect names or e-mail addresses from children under 13.",
         set()),
        ("Kids may not post their home address or phone number in the game chat.", set()),
        ("A parent may ask us to delete the home address of their child.", set()),
        ("We do not collect your date of birth when you register.", {"demographic"}),
        # a children's service saying what it takes and what it does not: kept
        ("We collect the child's first name and date of birth.", {"contact", "demographic"}),
        ("We do not collect a child's precise location or photos.", {"location"}),
        ("Our members give us their phone number and gender when they sign up.",
         {"contact", "demographic"}),
    ],
)
def test_sentences_about_children_give_no_data_types(text, types):
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Our servers record the domain names and browser types of visitors.", {"device_info"}),
        ("We record your IP address, which is your computer's location on the Internet.",
         {"device_identifiers"}),
        ("Our servers record the names and browser types of visitors.",
         {"contact", "device_info"}),
        ("We collect your location when you search for nearby shops.", {"location"}),
        ("To post a review you choose a screen name and a password.", set()),
        ("Members may change their display name and their user name at any time.", set()),
    ],
)
def test_words_that_only_look_like_data_are_none(text, types):
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "activity"),
    [
        ("This notice covers all of your interactions with our shop and its staff.", False),
        ("We collect information about your interactions with our support team.", False),
        ("We collect your IP address, your interactions with our pages and your browser "
         "type.", True),
    ],
)
def test_interactions_with_counts_only_in_a_list_of_data(text, activity):
    """"Interactions with" is activity data as an item of an enumeration, not in prose."""
    assert ("online_activity" in _types(text)) is activity


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("We protect your financial information with encryption.", set()),
        ("Card numbers are encrypted with SSL while they travel over the network.", set()),
        ("Access to your payment details is limited and secured by firewalls.", set()),
        ("Our firewalls guard the servers that hold your payment details.", {"financial"}),
        ("We collect your credit card number and protect it with encryption.", {"financial"}),
        ("We share your phone number with the courier over a secure connection.", {"contact"}),
        ("We may ask for your social security number when you apply.", {"government_id"}),
    ],
)
def test_data_named_only_as_protected_is_no_data_type(text, types):
    """A sentence on protection that names no collecting, sharing or keeping verb names the
    data it protects, not data it collects."""
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Links to other websites. Those websites may collect your e-mail address and use "
         "cookies; their practices are beyond our control.", set()),
        ("This notice answers the following questions: what cookies we set, how we use your "
         "location, and whom we tell about your purchases.", set()),
        ("Our pages set cookies and ask for your e-mail address when you sign up for the "
         "newsletter.", {"contact", "cookies_tracking"}),
    ],
)
def test_topic_lists_and_linked_sites_disclaimers_name_no_data_types(text, types):
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("You should never share your credit card number with anyone who calls you.", set()),
        ("Do not disclose your home address or phone number in public forums.", set()),
        ("We encourage you to keep your payment details private and to log out after use.",
         set()),
        ("When you post your location in a review, be careful about who can see it.", set()),
        ("In our forums, exercise discretion before you post your medical history or phone "
         "number.", set()),
        ("You should be aware that we share your phone number with our delivery partners.",
         {"contact"}),
        ("We do not share your credit card number with advertisers, but we share it with our "
         "payment processor.", {"financial"}),
    ],
)
def test_advice_to_the_reader_names_no_data_types(text, types):
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Your California Privacy Rights. Once a year you may ask us which categories of data, "
         "such as your name and postal address, we disclosed to others.", set()),
        ("Under the Shine the Light law you may request a list of the companies that received "
         "your e-mail address and phone number from us.", set()),
        ("If you live in California, we collect your name and phone number when you order.",
         {"contact"}),
    ],
)
def test_a_notice_on_the_right_to_know_disclosures_names_no_data_types(text, types):
    """A state law's right to know past disclosures names categories a resident may ask
    about, not data collected; a California resident's data collected still counts."""
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("We will use your e-mail address to send you the receipt for your order.", True),
        ("To enter the sweepstakes you supply certain details, including an email address.",
         True),
        ("Some newsletters ask you to provide us with your e-mail address.", True),
        # near misses: no one hands data over or uses it; the e-mail is a channel
        ("Our vendors provide services such as sending e-mail on our behalf.", False),
        ("Updates to this policy may be announced by email.", False),
    ],
)
def test_a_weak_phrase_after_a_verb_of_providing_or_using_counts(text, contact):
    assert ("contact" in _types(text)) is contact


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Patients may share their medical history and current symptoms with the clinic.",
         {"health"}),
        ("We obtain your credit history from a consumer reporting agency.", {"financial"}),
        # a vendor's service named, not card data handled
        ("We share information with vendors who provide services such as credit card "
         "processing and order fulfilment.", set()),
        ("Our contractors help with shipping and processing credit card payments.", set()),
        ("We collect your credit card number when you place an order.", {"financial"}),
    ],
)
def test_compound_words_name_their_own_kind_of_data(text, types):
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("Contact Information Questions about this notice can be sent to our privacy office.",
         False),
        ("We will only answer requests sent to the above-designated email or mailing address.",
         False),
        ("Contact information you give us, such as your phone number, is kept on our servers.",
         True),
        ("When you order, we collect contact information such as your name and address.", True),
    ],
)
def test_a_title_or_the_companys_address_is_no_contact_data(text, contact):
    assert ("contact" in _types(text)) is contact


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # a pointer names a topic, however long the list of technologies it names
        ("Please see our Online Advertising notice for further information about our and our "
         "partners' use of cookies, web beacons, pixels and other tracking technologies.",
         set()),
        ("We place cookies on your device to remember your preferences.", {"cookies_tracking"}),
        # "health" alone names a field, not health data
        ("We run several health, wellness and nutrition websites and collect your e-mail "
         "address when you subscribe.", {"contact"}),
        ("You may share health information, such as your symptoms, with your coach.",
         {"health"}),
    ],
)
def test_pointers_and_fields_name_no_data(text, types):
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("We log your IP address, a number assigned to your computer by your Internet Service "
         "Provider (ISP).", {"device_identifiers"}),
        ("An IP address is controlled by your ISP, your employer or your school, and we record "
         "it.", {"device_identifiers"}),
        ("Our servers record your IP address and the name of your Internet service provider.",
         {"device_identifiers", "device_info"}),
    ],
)
def test_the_provider_that_assigns_an_address_is_no_device_information(text, types):
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("We do not link your advertising identifier with your account.", set()),
        ("Reports are kept in aggregate form, not associated with your IP address.", set()),
        ("We link your advertising identifier with your account to measure our campaigns.",
         {"device_identifiers"}),
    ],
)
def test_data_said_not_to_be_linked_is_no_data_type(text, types):
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ('Our web servers log your Internet Protocol ("IP") address when you visit.',
         {"device_identifiers"}),
        ("The app records your device's time zone and language setting.", {"device_info"}),
    ],
)
def test_common_spellings_of_device_data(text, types):
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("When you apply, we ask for your job title and level of education.", {"demographic"}),
        ("Please give us a contact number and your physical address for the delivery.",
         {"contact"}),
    ],
)
def test_more_everyday_names_of_data(text, types):
    assert _types(text) == types


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("Before you can post, we check that your e-mail address is valid.", True),
        # a bare "email" after "your" is the message or the setting, not the address
        ("You may change your email preferences on the settings page.", False),
    ],
)
def test_a_weak_phrase_the_reader_owns_counts(text, contact):
    assert ("contact" in _types(text)) is contact
