"""The prefilter of case-insensitive patterns never rules out a text the pattern matches."""

from __future__ import annotations

import re
import string
import sys

from extraction.nlp.textscan import UNLOWERED, may_contain


def test_every_letter_that_ignorecase_matches_lowers_to_it_or_is_searched() -> None:
    chars = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for letter in string.ascii_lowercase:
        for m in re.finditer(letter, chars, re.I):
            assert letter in m.group().lower() or m.group() in UNLOWERED, (letter, m.group())


def test_may_contain() -> None:
    assert may_contain("This Policy", "this policy", ("policy",))
    assert not may_contain("We collect data", "we collect data", ("policy",))
    # "ſome" matches r"\bsome\b" under re.I though its lower case is not "some"
    text = "ſome data"
    assert re.search(r"\bsome\b", text, re.I) and may_contain(text, text.lower(), ("some",))


def test_finditer_at_finds_what_finditer_does() -> None:
    import random

    from extraction.nlp.confidence import _HEDGE, _HEDGE_STARTS
    from extraction.nlp.denial import _CONDITION, _CONDITION_STARTS
    from extraction.nlp.docmeta import _DATE_LINE, _DATE_LINE_STARTS
    from extraction.nlp.textscan import finditer_at

    pieces = [
        "if", "IF", "When", "whenever", "unless", "ONCE", "in case", "In the Event", "should you",
        "Where", "whether", "until", "after", "before", "while", "because", "since",
        "as long as", "who", "whom", "Whose", "which", "whichever", "elif", "gif", "lif",
        "Last Updated", "last  modified:", "EFFECTIVE DATE", "effective as of", "updated on",
        "Date of last revision", "revised on", "Version date", "2024-01-31", "March 3, 2023",
        " ", " ", ", ", ". ", "\n", "-", "İf", "ıf", "ſince", "K", "café", "we", "data",
        "may", "MAY", "mayor", "might", "could", "from time to time", "occasionally", "certain",
        "some", "ſome", "something", "generally", "typically", "usually", "where applicable",
        "as appropriate", "if applicable", "possibly", "in some cases", "In Some Cases",
    ]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        for pattern, starts in (
            (_CONDITION, _CONDITION_STARTS),
            (_DATE_LINE, _DATE_LINE_STARTS),
            (_HEDGE, _HEDGE_STARTS),
        ):
            expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            got = [(m.span(), m.groups()) for m in finditer_at(pattern, starts, text, text.lower())]
            assert got == expected, (text, pattern.pattern[:30])


def test_topic_list_words() -> None:
    from extraction.nlp.analyze import _TOPIC_LIST, _TOPIC_WORDS, announces_topics

    for text in ("This notice covers the following topics:", "The following Questions :",
                 "Follow these links", "TABLE OF CONTENTS", "Jump to any listed section",
                 "answers the following:", "we follow the law", "contents of the table"):
        assert announces_topics(text) == bool(_TOPIC_LIST.search(text)), text
        if _TOPIC_LIST.search(text):
            assert any(w in text.lower() for w in _TOPIC_WORDS)
