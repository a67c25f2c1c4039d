"""Segmentation: heading styles, glued headings, lists, sentences, empty sections."""

from __future__ import annotations

from extraction.nlp import analyze_document
from extraction.nlp.segment import (
    HEADING,
    ITEM,
    PARA,
    heading_level,
    segment_blocks,
    split_sentences,
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind, text[b.start:b.end]) for b in segment_blocks(text)]


def test_heading_styles_and_levels():
    assert heading_level("HOW WE SHARE INFORMATION") == 1
    assert heading_level("1. Personal Information We Collect") == 1
    assert heading_level("II. Information Collection") == 1
    assert heading_level("(I) Personal Information") == 2
    assert heading_level("2.1 Cookies") == 2
    assert heading_level("Registration Information") == 3
    assert heading_level("Questions?") == 3
    assert heading_level("## Your rights") == 2
    assert heading_level("We collect your name and email address.") == 0
    assert heading_level("Email: privacy@example.com") == 0
    assert heading_level("Last updated: July 14, 2022") == 0


def test_glued_headings_and_bullets():
    text = (
        "Cookies\nWe use cookies to remember you.\nRetention Period\n"
        "We keep data as follows:\n- Logs: 90 days\n• Orders: 2 years\n"
    )
    assert kinds(text) == [
        (HEADING, "Cookies"),
        (PARA, "We use cookies to remember you."),
        (HEADING, "Retention Period"),
        (PARA, "We keep data as follows:"),
        (ITEM, "- Logs: 90 days"),
        (ITEM, "• Orders: 2 years"),
    ]


def test_hard_wrapped_paragraph_is_joined():
    text = "We collect your name\nand your email address when you register.\n"
    assert kinds(text) == [(PARA, text.strip())]


def test_sentences_respect_abbreviations():
    text = "We use e.g. cookies. Acme Inc. sells nothing. Contact us at x@y.com! Thanks."
    sentences = [text[s:e] for s, e in split_sentences(text, 0, len(text))]
    assert sentences == [
        "We use e.g. cookies.",
        "Acme Inc. sells nothing.",
        "Contact us at x@y.com!",
        "Thanks.",
    ]


def test_sections_cover_headings_and_findings():
    text = (
        "ACME PRIVACY POLICY\n\nINFORMATION WE COLLECT\n\nWe collect your name.\n\n"
        "HOW WE USE INFORMATION\n\nWe use your data for the following purposes:\n\n"
        "SECURITY\n\nCONTACT US\n\nEmail us at privacy@acme.example with questions.\n"
    )
    a = analyze_document(text)
    headings = [s.heading for s in a.sections]
    assert headings == [
        "ACME PRIVACY POLICY", "INFORMATION WE COLLECT", "HOW WE USE INFORMATION",
        "SECURITY", "CONTACT US",
    ]
    for span in a.sections:
        assert text[span.start:span.body_start] == span.heading
    keys = {s.heading: s.key for s in a.sections}
    assert keys["INFORMATION WE COLLECT"] == "collection"
    assert keys["CONTACT US"] == "contact"
    found = {(f.kind, f.section) for f in a.findings}
    assert ("dangling_list", "use") in found
    assert ("empty_section", "security") in found
    assert ("missing_section", "children") in found
    assert ("missing_section", "collection") not in found


def test_table_of_contents_is_not_flagged_empty():
    text = (
        "CONTENTS\nCOOKIES\nCONTACT US\n\nCOOKIES\n\nWe use cookies.\n\n"
        "CONTACT US\n\nWrite to us with questions.\n"
    )
    a = analyze_document(text)
    assert not [f for f in a.findings if f.kind == "empty_section" and f.section != "other"]


def test_progress_reports_every_stage():
    seen: list[tuple[str, float]] = []
    analyze_document(
        "PRIVACY\n\nWe collect data. We share it.", progress=lambda s, f: seen.append((s, f))
    )
    stages = [s for s, _ in seen]
    for stage in ("segmenting", "classifying", "extracting"):
        assert (stage, 1.0) in seen and stage in stages
    assert all(0.0 <= f <= 1.0 for _, f in seen)


def test_short_lines_after_a_list_intro_are_items_not_headings():
    text = (
        "We may collect the following information:\n\nEmail address\n\nPhone number\n\n"
        "- Usage Data\n\nCookies\n\nWe use cookies.\n"
    )
    assert kinds(text) == [
        (PARA, "We may collect the following information:"),
        (ITEM, "Email address"),
        (ITEM, "Phone number"),
        (ITEM, "- Usage Data"),
        (HEADING, "Cookies"),
        (PARA, "We use cookies."),
    ]


def _framing_headings(text: str, clause_text: str) -> list[str]:
    a = analyze_document(text)
    (clause,) = [c for c in a.clauses if c.text == clause_text]
    span = a.sections[clause.section_index]
    return [span.heading, clause.sections]


def test_a_heading_over_a_deeper_one_still_frames_its_text():
    # three headings in a row: the first is empty, the second is the parent of the third
    text = (
        "1. How We Use Data\n\n2. The Kinds of Data We Collect\n\nPlatform members\n\n"
        "billing records and invoices;\n"
    )
    heading, sections = _framing_headings(text, "billing records and invoices;")
    assert heading == "Platform members"
    assert "collection" in sections


def test_a_repeated_heading_line_is_one_heading():
    text = (
        "2. Data We Collect\n\n2. Data We Collect\n\nSign-up\n\nsaved payment cards and invoices;\n"
    )
    _, sections = _framing_headings(text, "saved payment cards and invoices;")
    assert "collection" in sections


def test_a_run_of_sibling_headings_frames_nothing():
    # a table of contents: sibling headings with no text between them
    text = (
        "Cookies\n\nData We Collect\n\nYour Choices\n\nOverview\n\n"
        "saved payment cards and invoices;\n"
    )
    _, sections = _framing_headings(text, "saved payment cards and invoices;")
    assert "collection" not in sections


def test_a_list_entry_ending_in_and_or_or_is_no_heading():
    assert heading_level("To process Payments; or") == 0
    assert heading_level("Billing Details, and") == 0
    assert heading_level("Billing and Payments") == 3  # near miss: "and" inside the line


def test_a_phone_number_line_is_text():
    text = "Contact Us\n\nCall our help desk:\n\n+1 (555) 010-4477\n\n2024-03-15\n"
    assert kinds(text) == [
        (HEADING, "Contact Us"),
        (PARA, "Call our help desk:"),
        (PARA, "+1 (555) 010-4477"),
    ]
    clauses = analyze_document(text).clauses
    assert [c.sections for c in clauses if c.text == "+1 (555) 010-4477"] == [("contact",)]


def test_a_short_question_line_is_a_heading():
    assert heading_level("How will we use your data?") == 3
    assert heading_level("What happens when you delete your account?") == 3
    # near misses: a sentence before the question, a numbered question keeps its level
    assert heading_level("We value you. Do you have questions?") == 0
    assert heading_level("3. What do we collect?") == 1


def test_a_short_list_intro_frames_its_entries_as_a_heading_does():
    text = "The app may collect:\n\nOther info\n\nApp performance\n\nFeedback forms\n"
    sections = {c.text: c.sections for c in analyze_document(text).clauses}
    assert sections["App performance"] == ("collection",)
    assert sections["Feedback forms"] == ("collection",)


def _framing_counts(monkeypatch) -> dict[str, int]:
    """How many framing lines (headings, list intros) each passage is classified under."""
    import extraction.nlp.document as document

    framed: dict[str, int] = {}
    real = document.passage_result

    def spy(text, base, cues, framing, bounds, parts=None):
        framed[text] = len(framing)
        return real(text, base, cues, framing, bounds, parts=parts)

    monkeypatch.setattr(document, "passage_result", spy)
    return framed


def test_an_unbulleted_line_ending_unlike_the_entries_has_left_the_list(monkeypatch):
    framed = _framing_counts(monkeypatch)
    analyze_document(
        "The app may collect:\n\nOther info;\n\nApp performance;\n\nCrash logs; and\n\n"
        "Weekly reports go out on Mondays.\n"
    )
    assert framed["App performance;"] == 1  # the intro
    assert framed["Crash logs; and"] == 1
    assert framed["Weekly reports go out on Mondays."] == 0


def test_long_unbulleted_entries_opening_with_a_purpose_stay_in_the_list(monkeypatch):
    framed = _framing_counts(monkeypatch)
    second = (
        "To run Your loyalty card: to keep track of the stamps You earn. The details You give"
        " us let You redeem a free loaf at any of our shops."
    )
    last = (
        "The bakery opens at seven every morning and closes at six, except on public holidays,"
        " when it opens at nine and closes early in the afternoon once the bread has sold out."
    )
    analyze_document(
        "The Bakery may use Personal Data for the following purposes:\n\n"
        "To bake and deliver Your orders, including to plan our morning rounds.\n\n"
        f"{second}\n\n{last}\n"
    )
    assert framed[second] == 1  # the intro
    # near miss: a paragraph that opens otherwise has left the list
    assert framed[last] == 0


def test_long_entries_with_bracketed_enumerators_stay_in_the_list(monkeypatch):
    framed = _framing_counts(monkeypatch)
    second = (
        "(ii). Baking Preferences Information, such as the loaves you order most often, the"
        " crust you like, the allergies you tell us about and the shop where you collect."
    )
    last = (
        "Our bakers start work before dawn so that the first loaves are ready when the shops"
        " open, and whatever is left at closing time goes to the local food bank."
    )
    analyze_document(
        "We may collect the following kinds of information from loyalty members:\n\n"
        "(i). Contact Information, such as your name and email address.\n\n"
        f"{second}\n\n{last}\n"
    )
    assert framed[second] == 1  # the intro
    # near miss: a long paragraph with no enumerator has left the list
    assert framed[last] == 0


def test_a_numbered_title_after_a_paragraph_is_a_heading():
    text = (
        "We keep logs for a week.\n\n(4) Purposes of Processing\n\n"
        "We process your data to run the app.\n\nWe collect:\n\n(1) Your name\n\n(2) Your email\n"
    )
    assert kinds(text) == [
        (PARA, "We keep logs for a week."),
        (HEADING, "(4) Purposes of Processing"),
        (PARA, "We process your data to run the app."),
        (PARA, "We collect:"),
        (ITEM, "(1) Your name"),  # near misses: entries of a list announced by ":"
        (ITEM, "(2) Your email"),
    ]
    assert kinds("Some text.\n\n(2) the user's device model;\n")[1][0] == ITEM


def test_a_short_line_that_frames_no_text_is_an_entry_not_a_heading():
    # the last entry of a purpose list reads like a heading, but the next line is a heading:
    # it titles nothing, so it is classified as a line of its own
    text = (
        "Legal Obligations\n\nWe may disclose your details when we believe in good faith that "
        "doing so is needed to:\n\nMeet a court order\n\nDefend the rights of the studio\n\n"
        "Guard against legal claims\n\nData Security\n\nWe protect your details with encryption.\n"
    )
    a = analyze_document(text)
    clause_texts = [c.text for c in a.clauses]
    assert "Guard against legal claims" in clause_texts
    assert "Guard against legal claims" not in [s.heading for s in a.sections]
    assert "Data Security" in [s.heading for s in a.sections]  # it frames the next paragraph


def test_a_title_like_line_that_frames_no_text_states_nothing():
    # "Information We Collect" is followed straight by another heading: it is no clause (a
    # title states nothing), and it frames nothing
    text = (
        "Information We Collect\n\nAccount Details\n\nWhen you sign up we collect your name and "
        "email address.\n"
    )
    a = analyze_document(text)
    assert not [c for c in a.clauses if c.text == "Information We Collect"]
    heading, sections = _framing_headings(
        text, "When you sign up we collect your name and email address."
    )
    assert heading == "Account Details"
    assert "collection" in sections


def test_numbered_entries_with_no_text_under_them_are_list_entries():
    text = (
        "3. Information We Hold\n\nDepending on how you use the app, we may collect some of the "
        "following data:\n\n3.1 Your full name\n\n3.2 Your postal address\n\n4. Keeping It Safe\n\n"
        "We protect your details with encryption.\n"
    )
    sections = {c.text: c.sections for c in analyze_document(text).clauses}
    assert "collection" in sections["3.1 Your full name"]
    assert "collection" in sections["3.2 Your postal address"]
    # a numbered heading over a deeper one keeps framing it
    assert "3. Information We Hold" not in sections


def test_a_letter_after_the_letter_before_it_is_no_roman_numeral():
    text = (
        "1. CATEGORIES WE HOLD\n\nB. Contact details\n\nYour phone number.\n\n"
        "C. Commercial information\n\nYour order history.\n\n"
        "H. Sound recordings\n\nRecorded support calls.\n\nI. Professional information\n\n"
        "Your job title.\n"
    )
    levels = {text[b.start:b.end]: b.level for b in segment_blocks(text) if b.kind == HEADING}
    assert levels["C. Commercial information"] == levels["B. Contact details"] == 3
    assert levels["I. Professional information"] == 3
    # near miss: a roman "I." opening the document keeps its top rank
    assert heading_level("I. Introduction") == 1
    first = segment_blocks("I. Introduction\n\nWe run the app.\n")[0]
    assert (first.kind, first.level) == (HEADING, 1)


def test_a_plural_title_names_the_document_not_a_section():
    from extraction.nlp.segment import is_title

    assert is_title("Privacy, Security, and Accessibility Policies")
    assert is_title("Harbour Games Privacy Notices")
    assert not is_title("Security of Your Account")  # near miss: no "privacy"
    text = (
        "Privacy, Security, and Accessibility Policies\n\n"
        "Visitors who browse the portal stay anonymous unless they write to us.\n"
    )
    (clause,) = analyze_document(text).clauses
    assert "security" not in clause.sections


def test_subheadings_naming_no_section_stand_under_the_collection_heading_before_them():
    text = (
        "What We Collect\n\nWe gather a few kinds of details when you play.\n\n"
        "Account Details\n\nYour nickname and avatar.\n\n"
        "Hardware\n\nThe device model and its operating system version.\n\n"
        "How We Use It\n\nWe use these details to run leaderboards.\n\n"
        "Event Nights\n\nThe device model and its operating system version.\n"
    )
    a = analyze_document(text)
    found = [c.sections for c in a.clauses
             if c.text == "The device model and its operating system version."]
    assert "collection" in found[0]
    # a heading naming another section ends the topic: the same line under it is no data list
    assert "collection" not in found[1]
