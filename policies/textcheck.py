"""Pure checks on a new version's text: its content identity and whether it looks suspicious.

No Django imports: the services call these with plain values.

* ``normalized_text`` / ``normalized_sha256``: content identity. Two texts that differ only in
  whitespace, line breaks or Unicode compatibility forms (NFKC: non-breaking spaces, full-width
  letters, ligatures, composed vs decomposed accents) are the same policy text. The stored text
  is never altered; only this digest compares them.
* ``suspicion_reasons``: why a new version probably is not the policy (a sign-in, error or
  captcha page, most of the text or of the sections gone, another language). A version with
  reasons is stored and shown but held back from being the latest until a user confirms it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def normalized_text(text: str) -> str:
    """NFKC, every run of whitespace (line breaks, tabs, NBSP, zero-width) one space, trimmed."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\u00ad", "")
    return _SPACE.sub(" ", text).strip()


def normalized_sha256(text: str) -> str:
    return hashlib.sha256(normalized_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Reason:
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Baseline:
    """What the current latest version looks like, to compare a new one with."""

    word_count: int
    headings: Sequence[str]
    english: bool


# Page markers: (kind, pattern). Only looked for in short texts, where they are what the page
# is about; a real policy mentions passwords, sign-in and JavaScript in passing.
PAGE_MARKERS: tuple[tuple[str, str], ...] = (
    ("sign-in page", r"\b(?:sign|log) ?in to (?:continue|your account|view)\b"),
    ("sign-in page", r"\bforgot (?:your )?password\b"),
    ("sign-in page", r"\b(?:sign|log) ?in\b.{0,80}\bpassword\b"),
    ("sign-in page", r"\bcreate (?:an|your) account\b.{0,80}\b(?:sign|log) ?in\b"),
    ("error page", r"\b(?:404|page) not found\b"),
    ("error page", r"\b(?:403 )?forbidden\b|\baccess denied\b"),
    ("error page", r"\b(?:500 )?internal server error\b|\b50[234] (?:bad gateway|service "
                   r"unavailable|gateway time-?out)\b"),
    ("error page", r"\bsomething went wrong\b|\bthis page (?:isn['’]t|is not) available\b"),
    ("captcha page", r"\bcaptcha\b|\bverify (?:that )?you are (?:a )?human\b"),
    ("captcha page", r"\bare you a robot\b|\bchecking your browser\b|\bray id\b"),
    ("captcha page", r"\b(?:please )?enable (?:javascript|cookies) (?:to|and) (?:continue|"
                     r"reload)\b"),
)
_MARKERS = tuple((kind, re.compile(p, re.IGNORECASE | re.DOTALL)) for kind, p in PAGE_MARKERS)
MARKER_MAX_WORDS = 600  # longer texts are policies that mention such words in passing

# Frequent English function words; an English policy has about a third of its words here.
ENGLISH_WORDS = frozenset(
    "the of and to a in is that for it as with be on by this are or we you your our us may "
    "not from at an if any have has will can which such other these their information data "
    "personal use when do does who how what".split()
)
ENGLISH_MIN_SHARE = 0.12
SIZE_DROP_MAX_SHARE = 0.3  # fewer than 30 % of the latest version's words: a big drop
HEADINGS_MIN_SHARE = 0.34  # fewer than a third of its section headings still present
MIN_HEADINGS = 3


def heading_lines(text: str, limit: int = 200) -> list[str]:
    """Lines that look like headings (short, no final stop, upper or title case): what a
    version not yet split into sections is compared on."""
    found: list[str] = []
    for raw in text[:500_000].splitlines():
        line = raw.strip().lstrip("#").strip()
        tokens = line.split()
        if not 1 <= len(tokens) <= 8 or line[-1] in ".,;:!?" or not any(c.isalpha() for c in line):
            continue
        letters = [t for t in tokens if t[0].isalpha()]
        if letters and (line.isupper() or all(t[0].isupper() for t in letters if len(t) > 3)):
            found.append(line)
            if len(found) >= limit:
                break
    return found


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def looks_english(text: str) -> bool:
    tokens = words(text[:200_000])
    if len(tokens) < 20:
        return True  # too little to tell; the size and marker checks cover tiny texts
    return sum(t in ENGLISH_WORDS for t in tokens) / len(tokens) >= ENGLISH_MIN_SHARE


def suspicion_reasons(text: str, baseline: Baseline | None) -> list[Reason]:
    """Why ``text`` may not be a real version of the policy whose latest is ``baseline``."""
    reasons: list[Reason] = []
    count = len(text.split())
    if count <= MARKER_MAX_WORDS:
        kinds = sorted({kind for kind, pattern in _MARKERS if pattern.search(text)})
        for kind in kinds:
            reasons.append(Reason(
                "page_marker", f"Reads like a {kind}, not a policy ({count:,} words)."
            ))
    english = looks_english(text)
    if not english and (baseline is None or baseline.english):
        reasons.append(Reason(
            "language", "The text does not read as English"
            + (", unlike the current latest version." if baseline else "."),
        ))
    if baseline is None:
        return reasons
    if baseline.word_count and count < SIZE_DROP_MAX_SHARE * baseline.word_count:
        drop = 100 * (1 - count / baseline.word_count)
        reasons.append(Reason(
            "size_drop", f"{count:,} words against {baseline.word_count:,} in the current "
            f"latest version ({drop:.0f}% smaller).",
        ))
    headings = [h for h in {normalized_text(h).lower() for h in baseline.headings} if h]
    if len(headings) >= MIN_HEADINGS:
        flat = normalized_text(text).lower()
        kept = sum(h in flat for h in headings)
        if kept < HEADINGS_MIN_SHARE * len(headings):
            reasons.append(Reason(
                "sections_lost", f"Only {kept} of the {len(headings)} section headings of the "
                "current latest version appear in it.",
            ))
    return reasons
