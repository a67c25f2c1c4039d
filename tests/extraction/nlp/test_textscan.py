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
