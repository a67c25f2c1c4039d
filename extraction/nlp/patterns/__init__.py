"""Pattern data for the rules pipeline, and helpers that expand it.

Lexicon entries are lower-case phrases. A trailing ``~`` on an entry asks for the regular
inflections of its last word (``share~`` -> share, shares, shared, sharing).
"""

from __future__ import annotations

from collections.abc import Iterable


def inflect(word: str) -> list[str]:
    """Regular verb/noun inflections of ``word`` (good enough for a lexicon)."""
    forms = {word, word + "s"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
        if word.endswith(("fer", "mit", "bmit")):
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
        if word.endswith(("s", "sh", "ch", "x")):
            forms.add(word + "es")
    return sorted(forms)


def expand(phrase: str) -> list[str]:
    """Expand one lexicon entry into the phrases to match."""
    phrase = phrase.strip().lower()
    if not phrase.endswith("~"):
        return [phrase]
    head, _, last = phrase[:-1].rpartition(" ")
    return [f"{head} {form}".strip() for form in inflect(last)]


def expand_weighted(entries: dict[str, float]) -> dict[str, float]:
    """Expand every entry of a ``{phrase: weight}`` lexicon."""
    out: dict[str, float] = {}
    for phrase, weight in entries.items():
        for form in expand(phrase):
            out[form] = weight
    return out


def expand_all(entries: Iterable[str]) -> list[str]:
    """Expand a plain list of entries."""
    out: list[str] = []
    for phrase in entries:
        out.extend(expand(phrase))
    return out
