"""Exact prefilters for case-insensitive regular expressions.

Python's ``re`` tries a pattern that starts with ``\\b(?:...)`` at every position of the text;
``may_contain`` first asks whether the text holds one of the literal words every match of the
pattern contains (a substring test on the lower-cased text, far cheaper). It never says no
when the pattern could match: the only characters ``re.IGNORECASE`` matches to an ASCII letter
whose ``str.lower()`` is not that letter are the dotless i and the long s, and a text holding
either is always searched.
"""

from __future__ import annotations

from collections.abc import Iterable

# "ı" matches "i" and "ſ" matches "s" under re.IGNORECASE; str.lower() keeps them as they are
UNLOWERED = ("ı", "ſ")


def may_contain(text: str, low: str, words: Iterable[str]) -> bool:
    """Whether ``text`` (``low``: ``text.lower()``) may contain a case-insensitive match of a
    pattern each match of which contains one of ``words`` (ASCII, lower case)."""
    for word in words:
        if word in low:
            return True
    return "ı" in text or "ſ" in text
