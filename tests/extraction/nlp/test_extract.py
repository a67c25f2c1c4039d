"""Extractor units: durations, numbers, countries, negation scope, features, passages."""

from __future__ import annotations

import pytest

from extraction.nlp import analyze_document, classify_passages, get_nlp, rule_features
from extraction.nlp.components import country_names
from extraction.nlp.retention import iso_duration, number_of


@pytest.mark.parametrize(
    ("phrase", "iso"),
    [("18 months", "P18M"), ("eighteen (18) months", "P18M"), ("a year", "P1Y"),
     ("90-day", "P90D"), ("2 weeks", "P2W"), ("48 hours", "PT48H"), ("3 additional years", "P3Y")],
)
def test_iso_duration(phrase, iso):
    assert iso_duration(phrase) == iso


def test_number_of_words_and_digits():
    assert number_of("thirteen") == 13
    assert number_of("1,000 days") == 1000
    assert number_of("no number") is None


def test_country_names_come_from_pycountry():
    names = country_names()
    assert names["germany"] == "DE"
    assert names["united states"] == "US"
    assert names["the china"] == "CN"
    assert len(names) > 240


def test_pipeline_is_memoised_and_registered():
    nlp = get_nlp()
    assert nlp is get_nlp()
    assert nlp.pipe_names == ["policy_cues", "policy_values"]


def test_negation_does_not_cross_but():
    from extraction.nlp import analyze_document

    clause = analyze_document("We do not rent lists, but we share data with partners.").clauses[0]
    assert clause.practice == "share" and not clause.negated


def test_rule_features_and_passages():
    feats = rule_features("We retain logs for 18 months.", ["Data Retention"])
    assert "SEC=retention" in feats and "HEAD=retention" in feats and "RET=P18M" in feats
    results = classify_passages([
        ("We retain logs for 18 months.", ["Privacy Policy", "Data Retention"]),
        ("We collect your email address and IP address.", []),
        ("Our site is not directed to children under 13.", []),
    ])
    assert "retention" in results[0].sections
    assert "collection" in results[1].sections
    assert set(results[1].data_types) == {"contact", "device_identifiers"}
    assert "children" in results[2].sections


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("If you have questions, please contact us by email at help@example.org or write to "
         "us at our mailing address.", False),
        ("You can reach us at our toll-free telephone number during office hours.", False),
        ("To update your preferences, email us or call us on the phone number below.", False),
        ("We collect your name, email address and telephone number when you register.", True),
        ("When you order, we ask for your email address so that we can contact you.", True),
        ("Contact us with any questions. We collect the email addresses of subscribers.", True),
        ("Questions may be sent to our privacy officer, using the contact details listed "
         "below.", False),
        ("Send your request to the postal address provided at the end of this notice.", False),
        ("Questions? Feel free to email privacy@example.org, and we will answer them.", False),
    ],
)
def test_the_company_own_contact_details_are_no_contact_data(text, contact):
    """A channel to reach the company ("contact us by email at") is not the user's contact
    data; contact data collected from the user still is, in the same passage too."""
    (result,) = classify_passages([(text, [])])
    assert ("contact" in result.data_types) is contact, result


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("Our ad partners collect browsing data, which does not include your name, street "
         "address or phone number.", False),
        ("We share visit statistics (not including your name or email address) with sponsors.",
         False),
        ("We never link this analytics data with your name or postal address.", False),
        ("Advertisers receive your device identifier, but not your e-mail address.", False),
        ("We collect data including, but not limited to, your name and phone number.", True),
        ("The records do not include your IP address, but they include your name and email "
         "address.", True),
    ],
)
def test_data_named_as_left_out_is_no_data_type(text, contact):
    """Data a sentence says is left out ("does not include your name") is not collected."""
    (result,) = classify_passages([(text, [])])
    assert ("contact" in result.data_types) is contact, result


@pytest.mark.parametrize(
    ("text", "demographic"),
    [
        ("We run demographic studies to plan our magazine's content.", False),
        ("Usage records feed our statistical, demographic and marketing analyses.", False),
        ("We collect demographic information such as your gender when you sign up.", True),
        ("Our partners may receive demographic data about our readers.", True),
    ],
)
def test_a_demographic_analysis_is_no_demographic_data(text, demographic):
    (result,) = classify_passages([(text, [])])
    assert ("demographic" in result.data_types) is demographic, result


def test_a_user_id_is_no_account_profile_data():
    """A login identifier is not the user's profile (the account data type)."""
    (result,) = classify_passages(
        [("We store your user ID in a cookie so that you stay signed in.", [])]
    )
    assert "account" not in result.data_types, result


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ('"Personal data" means information that identifies you, such as your full name or '
         "phone number.", set()),
        ("By personal information we mean data that could identify you, for example your "
         "email address.", set()),
        ("Personal information is information that identifies you, such as your name; we "
         "collect it when you register.", {"contact"}),
        ("Personal data means data about you. We collect your name and phone number when you "
         "order.", {"contact"}),
        ("Demographic information is information that describes groups, such as your gender.",
         {"demographic"}),
    ],
)
def test_examples_in_a_definition_are_no_data_types(text, types):
    """A sentence defining a generic term lists examples, not collected data; a practice in
    the sentence, or a defined term that is itself a data type, keeps them."""
    (result,) = classify_passages([(text, [])])
    assert set(result.data_types) == types, result


@pytest.mark.parametrize(
    "text",
    [
        "Our servers record the web pages you viewed and the files downloaded from our site.",
        "We collect statistics about how visitors use the app and their browsing patterns.",
        "An analytics provider helps us measure how users interact with our pages.",
        "We may share usage statistics with our sponsors.",
    ],
)
def test_online_activity_synonyms(text):
    (result,) = classify_passages([(text, [])])
    assert "online_activity" in result.data_types, result


@pytest.mark.parametrize(
    "text",
    [
        "We log which articles readers opened and how long each visitor stayed on a page.",
        "Our partners learn which sections of the app were visited.",
        "We collect data on your shopping habits to improve the store.",
        "Our servers note the duration of each session.",
    ],
)
def test_online_activity_token_patterns(text):
    """Wordings of online activity that a phrase list misses (DATA_TYPE_PATTERNS)."""
    (result,) = classify_passages([(text, [])])
    assert "online_activity" in result.data_types, result


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Cookies help us remember your visits and count how often you return.",
         {"cookies_tracking"}),
        ("A cookie is a small file that holds a unique identifier for your browser.",
         {"cookies_tracking"}),
        ("Web beacons record the pages visited and the date and time of each visit.",
         {"cookies_tracking", "online_activity"}),
        ("We keep information about your use of the site to improve it.", {"online_activity"}),
    ],
)
def test_what_a_tracker_records_in_general_is_the_tracker(text, types):
    """In a sentence naming a tracking technology, generic activity and "unique identifier"
    say what the technology holds (DATA_TYPES_TRACKED); named items still count."""
    (result,) = classify_passages([(text, [])])
    assert set(result.data_types) == types, result


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Our store locator collects the ZIP code you enter and your IP address.",
         {"location", "device_identifiers"}),
        ("We collect the zip code and the device identifier of your phone.",
         {"location", "device_identifiers"}),
    ],
)
def test_a_zip_code_is_no_contact_data(text, types):
    (result,) = classify_passages([(text, [])])
    assert set(result.data_types) == types, result


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("We keep a record of the e-mails we send you and of your replies.", True),
        ("Our emails contain web beacons that tell us whether you opened them.", False),
        ("We use pixel tags to learn which links in an email you clicked.", False),
    ],
)
def test_emails_are_contact_data_unless_they_carry_a_tracker(text, contact):
    (result,) = classify_passages([(text, [])])
    assert ("contact" in result.data_types) is contact, result


@pytest.mark.parametrize(
    "text",
    [
        "Our servers log the type of web browser and the browser plug-ins you have.",
        "We collect information about your computer, such as the make and model of your phone.",
        "Our partners may receive browser data and the connection type of your device.",
    ],
)
def test_device_info_synonyms(text):
    (result,) = classify_passages([(text, [])])
    assert "device_info" in result.data_types, result


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Contents Information We Collect Use of Cookies Sharing Your Email Address Security "
         "Contact Us", set()),
        ("WE COLLECT YOUR EMAIL ADDRESS AND USE COOKIES ON OUR WEBSITE.",
         {"contact", "cookies_tracking"}),
    ],
)
def test_a_run_of_titles_names_no_data_types(text, types):
    """A table of contents names topics; a sentence in capitals still states a practice."""
    (result,) = classify_passages([(text, [])])
    assert set(result.data_types) == types, result


@pytest.mark.parametrize(
    ("text", "cookies"),
    [
        ("For more information about cookies and how to refuse them, please read our notice.",
         False),
        ("To learn more about web beacons, visit the help pages of your mail provider.", False),
        ("We place cookies on your device; for more information, see our cookie notice.", True),
    ],
)
def test_a_pointer_to_other_text_names_no_data_type(text, cookies):
    (result,) = classify_passages([(text, [])])
    assert ("cookies_tracking" in result.data_types) is cookies, result


@pytest.mark.parametrize(
    ("text", "countries", "transfers"),
    [
        # the region is where the user lives, not where the data goes
        ("If you live in the EU or the UK, this part of the notice applies to you.", set(), False),
        ("If you are located in Norway, you may write to your local data protection authority.",
         set(), False),
        ("Users based in Japan or Brazil can ask us for a copy of their account data.",
         set(), False),
        # near misses: a transfer, storage or sharing verb makes it a destination again
        ("If you are located in the EEA, we transfer your account data to the United States.",
         {"US"}, True),
        ("Users in Canada: we store their files on servers in Germany.", {"DE"}, True),
        ("We keep your photos on servers located in Ireland.", {"IE"}, True),
    ],
)
def test_a_place_of_residence_is_no_transfer_country(text, countries, transfers):
    (clause,) = analyze_document(text).clauses
    assert set(clause.countries) == countries
    assert ("transfers" in clause.sections) is transfers


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Residents of New Mexico may ask which data is stored about them.", set()),
        ("Ads are served by Example Ads Ireland Limited, depending on the location of your device.",
         set()),
        ("The UK GDPR requires us to state the lawful basis on which our servers process data.",
         set()),
        # near misses: the country itself
        ("Ads data is stored on servers located in Ireland.", {"IE"}),
        ("Backups are hosted in New Zealand.", {"NZ"}),
        ("Our servers are located in Mexico.", {"MX"}),
    ],
)
def test_a_country_inside_another_name_is_no_location(text, countries):
    (clause,) = analyze_document(text).clauses
    assert set(clause.countries) == countries
