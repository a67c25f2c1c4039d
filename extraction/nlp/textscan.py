"""Exact prefilters for case-insensitive regular expressions.

Python's ``re`` tries a pattern that starts with ``\\b(?:...)`` at every position of the text;
``may_contain`` first asks whether the text holds one of the literal words every match of the
pattern contains (a substring test on the lower-cased text, far cheaper). It never says no
when the pattern could match: the only characters ``re.IGNORECASE`` matches to an ASCII letter
whose ``str.lower()`` is not that letter are the dotless i and the long s, and a text holding
either is always searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# "ı" matches "i" and "ſ" matches "s" under re.IGNORECASE; str.lower() keeps them as they are
UNLOWERED = ("ı", "ſ")


def may_contain(text: str, low: str, words: Iterable[str]) -> bool:
    """Whether ``text`` (``low``: ``text.lower()``) may contain a case-insensitive match of a
    pattern each match of which contains one of ``words`` (ASCII, lower case)."""
    for word in words:
        if word in low:
            return True
    return "ı" in text or "ſ" in text


def finditer_at(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str, low: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a case-insensitive ``pattern`` that never matches the
    empty string, tried only where ``starts`` matches in ``low`` (``text.lower()``).
    ``starts`` is a case-sensitive alternation of lower-case ASCII literals one of which
    begins every match of ``pattern``: ``re`` scans for it fast, where it tries a
    ``\\b(?:...)`` pattern under ``re.IGNORECASE`` at every position. A text whose lower case
    does not keep every offset (or holding a character in ``UNLOWERED``) is searched whole."""
    if len(low) != len(text) or any(c in text for c in UNLOWERED):
        yield from pattern.finditer(text)
        return
    pos = 0
    while (found := starts.search(low, pos)) is not None:
        m = pattern.match(text, found.start())
        if m is None:
            pos = found.start() + 1
        else:
            yield m
            pos = m.end()
