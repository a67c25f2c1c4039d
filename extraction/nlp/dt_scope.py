"""Data-type mentions that name no data the service collects, uses or shares.

A data-type phrase can sit in a sentence that is about something else: what the reader is asked
to put in a letter ("please include your name and telephone number"), what an invited question
may be about ("if you have questions about your account or billing"), what the service does not
take from children ("we do not knowingly collect e-mail addresses from children under 13"), or
a word that only looks like data ("domain names" of the web, an IP address as "your location on
the Internet"). ``out_of_scope`` tells such a mention apart; ``extract_values`` drops it.

Pure functions over one sentence and the phrase's offsets in it; the wording is data below.
"""

from __future__ import annotations

import re

# Contents of a request to the reader: "please include your name and ...", "be sure to provide
# us with your address", "make sure to give your e-mail address in your message".
_REQUEST = re.compile(
    r"\b(?:please\s+(?:\w+\s+){0,2}?include"
    r"|(?:be|make)\s+sure\s+(?:to|that\s+you)\s+(?:\w+\s+){0,2}?(?:include|provide|give|send"
    r"|state|list|specify))\b[^.;!?]*$",
    re.I,
)
# Topics of a question the reader is invited to ask: "if you have any questions about your
# account", "comments or concerns regarding your personal information".
_QUESTION_TOPIC = re.compile(
    r"\b(?:questions?|concerns?|comments?|complaints?|inquir(?:y|ies)|enquir(?:y|ies))"
    r"\s+(?:(?:or|and)\s+\w+\s+)?(?:about|regarding|concerning|relating\s+to|related\s+to"
    r"|on)\b[^.;:!?]*$",
    re.I,
)
# A sentence about children ("we do not knowingly collect information from children under
# 13", "a parent may review the child's information"): OPP-115 gives children's statements no
# data types, and what is said there is mostly what is *not* taken.
_CHILDREN = re.compile(
    r"\b(?:children|child|child['’]s|childrens?['’]|kids|minors?"
    r"|(?:under|younger\s+than|below)\s+(?:the\s+age\s+of\s+|age\s+)?1[0-8]\b|coppa)\b",
    re.I,
)
# ... and only where it is the usual notice about children, not a children's service saying
# what it collects ("we collect the child's first name and age") or does not collect ("we do
# not collect a child's precise location"): a denial or an affirmative the analyst must see.
_CHILDREN_NOTICE = re.compile(
    r"\b(?:knowingly|intentionally|inadvertently|unknowingly|learn|discover|aware|parents?|"
    r"guardians?|parental|consent|verif\w*|delete|coppa|directed|intended"
    r"|(?:may|must|should|can)\s*not|cannot|can['’]t)\b",
    re.I,
)
# Words before "name(s)" that make it no person's name: "domain names", "host name".
_NOT_PERSON_NAME = re.compile(
    r"\b(?:domain|host|file|brand|product|trade|server|screen|user|login|display|company)\s*$", re.I
)
_NAME_PHRASES = {"names", "name,", "name and", "your name", "full name"}
# "location" of a computer on the network, not the user's whereabouts ("an IP address is your
# computer's location on the Internet").
_NETWORK_PLACE = re.compile(r"\s+(?:on|in)\s+(?:the\s+)?(?:internet|web|network)\b", re.I)


# Words of protection: "we protect your financial information", "encrypted", "secure servers",
# "safeguards", "SSL" (not "social security number").
_PROTECTION = re.compile(
    r"\b(?:protect(?:s|ed|ing|ion)?|safeguard(?:s|ed|ing)?|encrypt(?:s|ed|ing|ion)?"
    r"|(?<!social\s)secur(?:e|ed|ely|ing|ity)|ssl|tls|firewalls?)\b",
    re.I,
)


# Advice to the reader about their own data: "you should never share your password with
# anyone", "do not give out your card number", "we encourage you to keep your account details
# private", "be careful when posting your address" ("you should be aware that we ..." is not).
_ADVICE = re.compile(
    r"\b(?:you\s+(?:should|may\s+want\s+to)(?!\s+(?:be\s+aware|know|note|understand|read"
    r"|review|contact|expect))"
    r"|we\s+(?:strongly\s+)?(?:recommend|encourage|urge|advise|suggest)\s+(?:that\s+)?"
    r"(?:you|users|visitors|parents|members)"
    r"|be\s+(?:very\s+|extra\s+|especially\s+)?(?:careful|cautious|wary)"
    r"|(?:exercise|use)\s+(?:caution|care|discretion)"
    r"|remember\s+to|it\s+is\s+(?:important|wise|a\s+good\s+idea)\s+(?:that\s+you|to\s+\w+)"
    r"|keep\s+your\s+(?:\w+\s+){0,2}?(?:private|secret|confidential|safe))\b"
    r"|^\W*(?:please\s+)?(?:do\s+not|don['’]t|never)\s+(?:share|give|disclose|reveal|send|post"
    r"|provide|tell)\b",
    re.I,
)


def advice(sentence: str) -> bool:
    """The sentence advises the reader about their own data."""
    return bool(_ADVICE.search(sentence))


def protection_only(sentence: str, handled: bool) -> bool:
    """The sentence says how data is protected and, with no verb of collecting, sharing or
    keeping it (``handled`` false), names the data only as what is protected."""
    return not handled and bool(_PROTECTION.search(sentence))


# A notice on a state law's right to know a business's disclosures ("Your California Privacy
# Rights", "California Civil Code Section 1798.83", "Shine the Light"): it says what a resident
# may ask about, the categories it names are no data collected there.
_STATE_NOTICE = re.compile(
    r"\bshine\s+the\s+light\b|\b1798\.83\b|\bcalifornia(?:['’]s)?\s+privacy\s+rights\b"
    r"|\bdisclos\w*\b[^.]{0,80}\bfor\s+(?:their|its)\s+(?:own\s+)?direct\s+marketing\b",
    re.I,
)
# ... named this early in the passage (its heading or first sentence).
_STATE_NOTICE_LEAD = 200


def state_privacy_notice(text: str) -> bool:
    """``text`` opens as a notice on a state law's right to know disclosures."""
    return bool(_STATE_NOTICE.search(text[:_STATE_NOTICE_LEAD]))


def requested_content(before: str) -> bool:
    """``before`` (the sentence up to the phrase) asks the reader to include the data."""
    return bool(_REQUEST.search(before))


def question_topic(before: str) -> bool:
    """The phrase names what an invited question is about."""
    return bool(_QUESTION_TOPIC.search(before))


def about_children(sentence: str) -> bool:
    """The sentence is a notice about children: what is not knowingly taken from them, what
    parents may do, what children may not post."""
    return bool(_CHILDREN.search(sentence) and _CHILDREN_NOTICE.search(sentence))


def not_personal_data(phrase: str, before: str, after: str) -> bool:
    """A word that only looks like data: "domain names", "location on the Internet"."""
    if phrase in _NAME_PHRASES and _NOT_PERSON_NAME.search(before):
        return True
    return phrase.startswith("location") and bool(_NETWORK_PLACE.match(after))


def out_of_scope(
    sentence: str, start: int, end: int, phrase: str, handled: bool = True
) -> bool:
    """Whether the data-type phrase at ``sentence[start:end]`` names no data the service
    handles (see the module's docstring). ``handled``: the sentence has a verb of collecting,
    sharing, keeping or tracking data."""
    before, after = sentence[:start], sentence[end:]
    return (
        protection_only(sentence, handled) or
        requested_content(before)
        or question_topic(before)
        or advice(sentence)
        or about_children(sentence)
        or not_personal_data(phrase, before, after)
    )
