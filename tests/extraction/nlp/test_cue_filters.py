"""Cue filters and section refinements on sentences written for these tests (not from any
corpus)."""

from __future__ import annotations

from extraction.nlp import classify_passages
from extraction.nlp.analyze import (
    announces_change,
    incidental_use_removed,
    is_question_run,
    passage_scores,
    read_cues,
    sentence_bounds,
)
from extraction.nlp.cue_filters import (
    access_control_cues_removed,
    accessed_by_others,
    credential_advice_cues_removed,
    engages_others,
    legal_reason_cues_removed,
    listed_retention_cues_removed,
    opt_out_cues_removed,
    others_collection_cues_removed,
    request_step_cues_removed,
)
from extraction.nlp.pipeline import get_nlp


def _sections(text: str, context: list[str] | None = None) -> tuple[str, ...]:
    return classify_passages([(text, context or [])], classifier=None)[0].sections


def _cues(text: str):
    return read_cues(get_nlp()(text))


def _purposes(cues) -> set[str]:
    return {c.key for c in cues if c.kind == "pur"}


def test_what_an_opt_out_declines_is_not_a_purpose() -> None:
    text = "You can opt out of promotional newsletters and tailored advertising at any time."
    cues = _cues(text)
    assert _purposes(cues)
    kept = opt_out_cues_removed(text, 0, cues, sentence_bounds(text))
    assert not _purposes(kept)
    assert not any(c.kind == "sec" and c.key == "use" and c.phrase == "newsletter" for c in kept)
    assert _sections(
        "You can opt out of promotional newsletters and personalised advertising at any time "
        "by using the link in each message."
    ) == ("rights",)


def test_purposes_before_an_opt_out_or_in_another_sentence_stay() -> None:
    before = "We send marketing messages to members, who may opt out at any time."
    cues = _cues(before)
    assert _purposes(opt_out_cues_removed(before, 0, cues, sentence_bounds(before)))
    other = (
        "We analyse how members read our pages for analytics. "
        "Members may unsubscribe from the weekly digest."
    )
    cues = _cues(other)
    assert "analytics" in _purposes(opt_out_cues_removed(other, 0, cues, sentence_bounds(other)))
    # no opt-out at all: nothing removed
    plain = "We use your address for marketing and for analytics."
    cues = _cues(plain)
    assert list(opt_out_cues_removed(plain, 0, cues, sentence_bounds(plain))) == list(cues)


def test_purposes_named_in_passing_by_a_security_passage_are_not_use() -> None:
    text = (
        "We keep your account secure with encryption and firewalls to prevent unauthorised "
        "access and to protect your records. Our staff are trained to ensure that customer "
        "records stay confidential."
    )
    sections = _sections(text)
    assert "security" in sections
    assert "use" not in sections


def test_a_statement_of_use_keeps_the_use_section() -> None:
    cues = _cues("We use your order history to recommend books. You can change this choice.")
    bounds = [51]
    assert incidental_use_removed(("rights", "use"), cues, bounds) == ("rights", "use")


def test_incidental_use_keeps_short_passages_sharing_and_cookies() -> None:
    one = _cues("To prevent fraud we encrypt payment details.")
    # one sentence: a purpose item ("to prevent fraud ...") keeps its use section
    assert incidental_use_removed(("security", "use"), one, []) == ("security", "use")
    two = _cues("Partners receive your order to deliver it. They must keep it confidential.")
    assert incidental_use_removed(("sharing", "use"), two, [42]) == ("sharing", "use")
    assert incidental_use_removed(("security", "use"), two, [42]) == ("security",)
    assert incidental_use_removed(("collection", "use", "rights"), two, [42]) == (
        "collection", "use", "rights"
    )


def test_local_shared_objects_are_not_a_disclosure() -> None:
    text = "Flash cookies, or local shared objects, are stored on your computer."
    assert passage_scores(text, 0, _cues(text), []).get("sharing", 0.0) <= 0.0
    assert "cookies" in _sections(text)
    shared = "Your reviews are shared with other members."
    assert passage_scores(shared, 0, _cues(shared), []).get("sharing", 0.0) > 0.0


def test_a_notice_announcing_its_own_change_is_a_changes_section() -> None:
    for text in (
        "Our privacy statement may be revised occasionally, so please check back here.",
        "We may modify all or part of this privacy policy and will post the new text on this page.",
        "The shop's privacy notice is subject to change; new versions appear on this page.",
    ):
        assert announces_change(text), text
        assert "changes" in _sections(text), text


def test_a_date_stamp_or_a_change_the_user_makes_is_not_a_changes_section() -> None:
    for text in (
        "Last updated: 3 May 2021",
        "Our cookie notice explains how you can change your browser settings.",
        "Please update your delivery address in the account settings.",
    ):
        assert not announces_change(text), text
        assert "changes" not in _sections(text), text


def test_limiting_access_and_guarding_weaknesses_are_security() -> None:
    for text in (
        "Only staff who need to know your details see them, and they keep them confidential.",
        "The store scans its servers for vulnerabilities to protect your account.",
        "Card numbers are secured on a separate system; we restrict access to it.",
    ):
        assert "security" in _sections(text), text
    # without them the same sentences fall short of a security section
    assert "security" not in _sections("Only staff see your details.")
    assert "security" not in _sections("The store scans its shelves to protect your account.")


def test_data_other_parties_collect_or_see_is_shared_not_collected() -> None:
    text = (
        "Anything you write in the club forum can be read, copied or used by other members. "
        "Think before you post your phone number there."
    )
    assert accessed_by_others(text)
    cues = others_collection_cues_removed(text, 0, _cues(text))
    assert not any(c.kind == "sec" and c.key in ("collection", "use") for c in cues)
    sections = _sections(
        "Reviews you post are public and may be collected and used by third parties we do "
        "not control."
    )
    assert "sharing" in sections
    assert "collection" not in sections


def test_the_service_collecting_is_not_access_by_others() -> None:
    for text in (
        "We collect your postcode when you order.",
        "Data used by our support team stays on our servers.",
        "Information is collected by us and used by the shop only.",
    ):
        assert not accessed_by_others(text), text


def test_a_run_of_questions_is_a_table_of_contents() -> None:
    text = (
        "This notice answers these questions: What data do we collect? Who do we share it "
        "with? How do we keep it secure? What choices do you have?"
    )
    assert is_question_run(text, sentence_bounds(text))
    assert _sections(text) == ()


def test_questions_with_their_answers_are_not_a_table_of_contents() -> None:
    text = (
        "What do we collect? We collect your name and address. Who sees it? Only our couriers "
        "see it. How long do we keep it? We keep it for one year."
    )
    assert not is_question_run(text, sentence_bounds(text))
    assert "collection" in _sections(text)
    two = "Do we sell data? Do we share it? No."
    assert not is_question_run(two, sentence_bounds(two))


def test_a_denial_that_defers_to_the_notice_states_no_disclosure() -> None:
    for text in (
        "We will never share or disclose your reading list with third parties except as set "
        "out in this notice.",
        "The garden club will not sell or disclose member details to other parties, other than "
        "as explained below.",
    ):
        assert "sharing" not in _sections(text), text
    # a disclosure stated beside such a denial still counts
    assert "sharing" in _sections(
        "We share your order with the service providers who deliver it. We do not sell it to "
        "anyone except as described here."
    )


def test_engaging_third_party_companies_names_recipients() -> None:
    for text in (
        "The bakery may hire third-party companies and individuals for the following tasks:",
        "Our quiz app relies on third party services that may collect data about your device.",
        "Third-party vendors may be engaged to print and post your parcels.",
        "Your parcel is brought by third-party companies or individuals hired by the bakery.",
    ):
        assert engages_others(text), text
        assert "sharing" in _sections(text), text
    for text in (
        "We use third-party code that runs on your phone only.",
        "We do not work with anybody outside our team.",
        "You may use third-party services to sign in.",
    ):
        assert not engages_others(text), text


def test_data_that_can_identify_someone_states_no_purpose() -> None:
    from extraction.nlp.analyze import states_collection_purpose
    from extraction.nlp.cue_filters import identifying_cues_removed

    text = "The kiosk may collect details that could be used to identify you, such as a photo."
    cues = read_cues(get_nlp()(text))
    kept = identifying_cues_removed(text, 0, cues)
    assert not any(c.kind == "sec" and c.key == "use" for c in kept)
    assert not states_collection_purpose(text)
    # near misses: a thing (not data) used to identify a device is a purpose, and so is
    # collecting data to identify fraud
    device = "A session token is used to identify your tablet when the oven app reconnects."
    assert any(
        c.kind == "sec" and c.key == "use"
        for c in identifying_cues_removed(device, 0, read_cues(get_nlp()(device)))
    )
    assert states_collection_purpose("We collect card numbers to identify fraudulent orders.")


def _security(cues) -> list[str]:
    return [c.phrase for c in cues if c.kind == "sec" and c.key == "security"]


def test_the_legal_reasons_of_a_disclosure_are_not_security_measures() -> None:
    text = (
        "We may release account details to authorities when we think it is needed to deal with "
        "fraud, security or technical problems, or to protect the rights, property or safety of "
        "our members. Payment pages are protected with encryption."
    )
    cues = _cues(text)
    kept = legal_reason_cues_removed(text, 0, cues, sentence_bounds(text))
    assert _security(kept) == ["protected", "encryption"]
    assert "security" not in _sections(
        "Our staff may hand your data to the police if this is needed to protect the rights, "
        "property or personal safety of our customers, or national security."
    )
    assert "security" in _sections(
        "We protect your data with encryption and strict access controls on our servers."
    )


def test_advice_to_keep_a_password_secret_is_not_sharing() -> None:
    text = (
        "Choose a long passphrase and never give your account password to anyone. "
        "We share order details with our delivery partners."
    )
    cues = _cues(text)
    kept = credential_advice_cues_removed(text, 0, cues, sentence_bounds(text))
    shared = [c for c in kept if c.kind == "sec" and c.key == "sharing"]
    assert shared and all(c.start > text.index("We share") - 1 for c in shared)
    assert "sharing" not in _sections(
        "Pick a password that is hard to guess and do not share your login details with others."
    )


def _is_retention(c) -> bool:
    return (c.kind, c.key) in (("sec", "retention"), ("prac", "retain"))


def test_keeping_listed_after_another_practice_is_not_a_retention_statement() -> None:
    text = (
        "Our payment processor may not store, retain or sell card numbers. "
        "We retain invoices for as long as tax law requires."
    )
    cues = _cues(text)
    kept = listed_retention_cues_removed(text, 0, cues)
    retained = [c.phrase for c in kept if c.kind == "sec" and c.key == "retention"]
    assert "retain" in retained and "as long as" in retained
    first = text.index("We retain")
    assert not [c for c in kept if _is_retention(c) and c.phrase == "retain" and c.start < first]
    assert [c for c in cues if _is_retention(c) and c.phrase == "retain" and c.start < first]
    assert "retention" not in _sections(
        "By joining the club you agree to our collection, use and retention of your details "
        "as this notice explains."
    )
    assert "retention" in _sections("We retain and use your order history to handle refunds.")


def _rights(cues) -> list[str]:
    return [c.phrase for c in cues if c.kind == "sec" and c.key == "rights"]


def test_the_company_restricting_access_to_data_is_no_right() -> None:
    text = (
        "Only authorised staff can see patient files: access to these files is limited to those "
        "clinicians who treat you. You can ask us to correct your records."
    )
    cues = _cues(text)
    kept = access_control_cues_removed(text, 0, cues, sentence_bounds(text))
    assert "correct" in _rights(kept)
    first = text.index("You can")
    assert any(c.start < first for c in cues if c.kind == "sec" and c.key == "rights")
    assert not any(c.start < first for c in kept if c.kind == "sec" and c.key == "rights")
    restricted = "We restrict access to your account records to those employees who need it."
    kept = access_control_cues_removed(restricted, 0, _cues(restricted), [])
    assert _rights(kept) == []
    # a choice offered to the user stays a right
    offered = "You can restrict access to your profile to those members you approve."
    kept = access_control_cues_removed(offered, 0, _cues(offered), [])
    assert _rights(kept)


def test_rights_that_are_not_the_users_rights_over_their_data() -> None:
    item = "Keep the data where needed to respect the free speech rights of another member;"
    assert _rights(access_control_cues_removed(item, 0, _cues(item), [])) == []
    law = "Our school platform follows the Family Educational Rights and Privacy Act."
    assert _rights(access_control_cues_removed(law, 0, _cues(law), [])) == []


def test_a_step_of_handling_requests_is_no_right_unless_one_is_named() -> None:
    step = (
        "Before we act on any request we may need you to verify your identity, and we aim to "
        "reply within thirty days."
    )
    cues = _cues(step)
    assert _rights(cues)
    assert _rights(request_step_cues_removed(step, 0, cues, sentence_bounds(step))) == []
    named = (
        "You may ask us for a copy of your personal data. We will need to verify your identity "
        "before we send it."
    )
    cues = _cues(named)
    assert _rights(request_step_cues_removed(named, 0, cues, sentence_bounds(named))) == \
        _rights(cues)
