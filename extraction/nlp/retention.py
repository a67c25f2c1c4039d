"""Retention periods: the number and unit of a duration phrase, ages that are not periods, and
the retention value (ISO-8601 duration and qualifier) of one clause, with its evidence."""

from __future__ import annotations

import re

from .rule_scoring import Cue
from .types import Evidence, Retention

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "twenty-four": 24, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "ninety": 90, "hundred": 100,
}
_UNIT = {"day": "D", "week": "W", "month": "M", "year": "Y", "hour": "H"}
_DIGITS = re.compile(r"\d+")
_PREFERRED_BEFORE = re.compile(r"\b(for|up to|of|to|maximum|retain|retained|kept|stored)\s*$")
_AFTER_BEFORE = re.compile(r"\b(after|within|every|each|per)\s*$")
_QUALIFIER_ORDER = (
    "after_account_closure", "after_completion", "while_account_active", "indefinite",
    "as_long_as_necessary", "legal_requirement",
)

def number_of(text: str) -> int | None:
    """The number written in ``text`` ("18", "eighteen (18)", "a")."""
    digits = _DIGITS.findall(text.replace(",", ""))
    if digits:
        return int(digits[0])
    for word in re.findall(r"[a-z-]+", text.lower()):
        if word in _WORD_NUMBERS:
            return _WORD_NUMBERS[word]
    return None


def iso_duration(text: str) -> str | None:
    """ISO-8601 duration of a matched duration phrase ("18 months" -> "P18M")."""
    n = number_of(text)
    unit = None
    for word in re.findall(r"[a-z]+", text.lower()):
        if word.rstrip("s") in _UNIT:
            unit = _UNIT[word.rstrip("s")]
    if n is None or unit is None or n <= 0:
        return None
    return f"PT{n}H" if unit == "H" else f"P{n}{unit}"


_AGE_AFTER = re.compile(r"^[\s-]*(?:old|of age)\b", re.I)
_AGE_BEFORE = re.compile(r"(?:under|over|than|age of|aged|below|above)\s*$", re.I)


# "during the preceding three years", "in the past 12 months", "the prior calendar year", "the
# previous twelve (12) months": a span looked back over (what was disclosed in it), not how long
# data is kept ("kept for the last 12 months" is a period).
_LOOKBACK_BEFORE = re.compile(
    r"(?<!\bfor\sthe\s)(?<!\bfor\s)\b(?:preceding|past|previous|prior|last)\s+"
    r"(?:[a-z]+\s+)?(?:\(?\d+\)?\s*)?$",
    re.I,
)


def is_age(text: str, base: int, cue: Cue) -> bool:
    """ "13 years old", "under 16 years", "less than 13-years-" name an age, not a period;
    "the preceding 12 months" names a span looked back over, not one either."""
    after = text[cue.end - base:cue.end - base + 10]
    before = text[max(0, cue.start - base - 12):cue.start - base]
    if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before):
        return True
    return bool(_LOOKBACK_BEFORE.search(text[max(0, cue.start - base - 30):cue.start - base]))


def read_retention(
    text: str, base: int, by: dict[str, list[Cue]], secs: set[str]
) -> tuple[Retention | None, list[Evidence]]:
    """The retention value of a clause about keeping data, with its evidence (or None)."""
    retain_cue = any(p.key == "retain" for p in by.get("prac", [])) or any(
        c.key == "retention" for c in by.get("sec", [])
    )
    if not (retain_cue or "retention" in secs):
        return None, []
    durations = sorted(
        (c for c in by.get("duration", []) if not is_age(text, base, c)), key=lambda c: c.start
    )
    chosen: Cue | None = None
    if durations:
        def rank(c: Cue) -> int:
            before = text[max(0, c.start - base - 12):c.start - base].lower()
            if _PREFERRED_BEFORE.search(before):
                return 0
            if _AFTER_BEFORE.search(before):
                return 2
            return 1
        chosen = min(durations, key=lambda c: (rank(c), c.start))
    quals = {c.key: c for c in by.get("retq", [])}
    qualifier = next((q for q in _QUALIFIER_ORDER if q in quals), None)
    duration = iso_duration(chosen.phrase) if chosen else None
    if duration is None and qualifier is None:
        if not retain_cue:
            return None, []
        qualifier = "unspecified"
    if qualifier in ("legal_requirement", "as_long_as_necessary") and duration:
        qualifier = "fixed"
    if qualifier is None:
        qualifier = "fixed"
    evidence: list[Evidence] = []
    if chosen is not None and duration:
        evidence.append(Evidence("retention", duration, chosen.start, chosen.end))
    if qualifier in quals:
        q = quals[qualifier]
        evidence.append(Evidence("retention", qualifier, q.start, q.end))
    return Retention(duration, qualifier), evidence
